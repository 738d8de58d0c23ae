//! How a field of the table is reached in a [`Declaration`]: read (for comparisons, exports,
//! printing) and written (the editor, customer defaults). One accessor per field, next to its
//! row in the table, so a field added to the table is reachable everywhere at once.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::declaration::{Declaration, GoodsLine};

/// A field's value, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRef<'a> {
    /// Text or code.
    Text(Option<&'a str>),
    /// Date.
    Date(Option<NaiveDate>),
    /// Number.
    Decimal(Option<Decimal>),
}

impl FieldRef<'_> {
    /// The value as text, trimmed (empty when absent): what an amendment check compares.
    pub fn to_text(self) -> String {
        match self {
            Self::Text(v) => v.map(str::trim).unwrap_or_default().to_owned(),
            Self::Date(v) => v.map(|d| d.to_string()).unwrap_or_default(),
            Self::Decimal(v) => v.map(|d| d.normalize().to_string()).unwrap_or_default(),
        }
    }
}

impl<'a> From<&'a Option<String>> for FieldRef<'a> {
    fn from(value: &'a Option<String>) -> Self {
        Self::Text(value.as_deref())
    }
}

impl From<&Option<NaiveDate>> for FieldRef<'_> {
    fn from(value: &Option<NaiveDate>) -> Self {
        Self::Date(*value)
    }
}

impl From<&Option<Decimal>> for FieldRef<'_> {
    fn from(value: &Option<Decimal>) -> Self {
        Self::Decimal(*value)
    }
}

/// A mutable view of a field's value.
#[derive(Debug)]
pub enum FieldMut<'a> {
    /// Text or code.
    Text(&'a mut Option<String>),
    /// Date.
    Date(&'a mut Option<NaiveDate>),
    /// Number.
    Decimal(&'a mut Option<Decimal>),
}

impl<'a> From<&'a mut Option<String>> for FieldMut<'a> {
    fn from(value: &'a mut Option<String>) -> Self {
        Self::Text(value)
    }
}

impl<'a> From<&'a mut Option<NaiveDate>> for FieldMut<'a> {
    fn from(value: &'a mut Option<NaiveDate>) -> Self {
        Self::Date(value)
    }
}

impl<'a> From<&'a mut Option<Decimal>> for FieldMut<'a> {
    fn from(value: &'a mut Option<Decimal>) -> Self {
        Self::Decimal(value)
    }
}

/// Reads a header field.
pub type HeaderGet = for<'a> fn(&'a Declaration) -> FieldRef<'a>;
/// Writes a header field.
pub type HeaderSet = for<'a> fn(&'a mut Declaration) -> FieldMut<'a>;
/// Reads a field inside an optional part of the header.
pub type OptionalGet = for<'a> fn(&'a Declaration) -> Option<FieldRef<'a>>;
/// Reads a goods-line field.
pub type GoodsGet = for<'a> fn(&'a GoodsLine) -> FieldRef<'a>;
/// Writes a goods-line field.
pub type GoodsSet = for<'a> fn(&'a mut GoodsLine) -> FieldMut<'a>;

/// How a field is reached.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// A single value of the header: read and written.
    Header(HeaderGet, HeaderSet),
    /// A value inside an optional part of the header (`entrusting_party`, `valuation.freight`…):
    /// read only (`None` while the part is absent); writing it means creating the part.
    InOptional(OptionalGet),
    /// A single value of a goods line: read and written.
    Goods(GoodsGet, GoodsSet),
    /// A list, a part, an entry of a list of parts, or a typed value (`number`): reached
    /// through the model itself.
    Model,
}

/// `header!(a.b)`: read and write `d.a.b`.
macro_rules! header {
    ($($f:ident).+) => {
        $crate::domain::fields::access::Access::Header(
            |d| $crate::domain::fields::access::FieldRef::from(&d.$($f).+),
            |d| $crate::domain::fields::access::FieldMut::from(&mut d.$($f).+),
        )
    };
}

/// `in_optional!(part.field)`: read `d.part?.field`.
macro_rules! in_optional {
    ($($part:ident).+ => $field:ident) => {
        $crate::domain::fields::access::Access::InOptional(|d| {
            d.$($part).+
                .as_ref()
                .map(|p| $crate::domain::fields::access::FieldRef::from(&p.$field))
        })
    };
}

/// `goods!(a.b)`: read and write `line.a.b`.
macro_rules! goods {
    ($($f:ident).+) => {
        $crate::domain::fields::access::Access::Goods(
            |g| $crate::domain::fields::access::FieldRef::from(&g.$($f).+),
            |g| $crate::domain::fields::access::FieldMut::from(&mut g.$($f).+),
        )
    };
}

pub(super) use {goods, header, in_optional};
