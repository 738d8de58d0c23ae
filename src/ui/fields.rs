//! The editor's fields: their JSON path (the same paths findings use), what kind of value they
//! hold, and how to reach them in a [`Declaration`]. Labels come from the official field names in
//! [`crate::domain::fields`].

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::codes::TableId;
use crate::domain::entry::Precision;
use crate::domain::{Declaration, Direction, GoodsLine};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A code from a table (description shown, F3 picker).
    Code(TableId),
    /// A date (typed and shown dd/mm/yyyy; see [`crate::domain::entry::parse_date`]).
    Date,
    /// A decimal number with at most this many decimals (VNACCS input precision), typed and
    /// shown in the language's convention ([`crate::domain::entry`]).
    Decimal(Precision),
}

/// A mutable view of a field's value.
#[derive(Debug)]
pub enum Value<'a> {
    /// Text or code.
    Text(&'a mut Option<String>),
    /// Date.
    Date(&'a mut Option<NaiveDate>),
    /// Number.
    Decimal(&'a mut Option<Decimal>),
}

/// A header field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// JSON path.
    pub path: &'static str,
    /// Kind.
    pub kind: Kind,
    /// Access.
    pub access: for<'a> fn(&'a mut Declaration) -> Value<'a>,
}

const fn field(
    path: &'static str,
    kind: Kind,
    access: for<'a> fn(&'a mut Declaration) -> Value<'a>,
) -> Field {
    Field { path, kind, access }
}

/// Fields of the tab "general information 1" (procedure, parties, transport).
pub fn general_1(direction: Direction) -> Vec<Field> {
    use Kind::{Code, Date, Decimal as Dec, Text};
    let mut fields = vec![
        field("type_code", Code(TableId::TypeCodes), |d| {
            Value::Text(&mut d.type_code)
        }),
        field("cargo_class", Code(TableId::CargoClasses), |d| {
            Value::Text(&mut d.cargo_class)
        }),
        field("transport_mode", Code(TableId::TransportModes), |d| {
            Value::Text(&mut d.transport_mode)
        }),
    ];
    if direction == Direction::Import {
        fields.push(field("party_kind", Code(TableId::PartyKinds), |d| {
            Value::Text(&mut d.party_kind)
        }));
    }
    fields.extend([
        field("office", Code(TableId::CustomsOffices), |d| {
            Value::Text(&mut d.office)
        }),
        field("team", Text, |d| Value::Text(&mut d.team)),
        field("planned_date", Date, |d| Value::Date(&mut d.planned_date)),
        field("declarant.tax_code", Text, |d| {
            Value::Text(&mut d.declarant.tax_code)
        }),
        field("declarant.name", Text, |d| {
            Value::Text(&mut d.declarant.name)
        }),
        field("declarant.address", Text, |d| {
            Value::Text(&mut d.declarant.address)
        }),
        field("declarant.phone", Text, |d| {
            Value::Text(&mut d.declarant.phone)
        }),
        field("foreign_party.name", Text, |d| {
            Value::Text(&mut d.foreign_party.name)
        }),
        field("foreign_party.country", Code(TableId::Countries), |d| {
            Value::Text(&mut d.foreign_party.country)
        }),
        field("agent_code", Text, |d| Value::Text(&mut d.agent_code)),
        field("packages.amount", Dec(Precision::COUNT), |d| {
            Value::Decimal(&mut d.packages.amount)
        }),
        field("packages.unit", Code(TableId::PackageKinds), |d| {
            Value::Text(&mut d.packages.unit)
        }),
        field("gross_weight.amount", Dec(Precision::WEIGHT), |d| {
            Value::Decimal(&mut d.gross_weight.amount)
        }),
        field("gross_weight.unit", Code(TableId::Units), |d| {
            Value::Text(&mut d.gross_weight.unit)
        }),
        field("storage_location", Text, |d| {
            Value::Text(&mut d.storage_location)
        }),
        field("vessel.name", Text, |d| Value::Text(&mut d.vessel.name)),
    ]);
    match direction {
        Direction::Import => fields.extend([
            field("arrival_date", Date, |d| Value::Date(&mut d.arrival_date)),
            field("loading_place.code", Text, |d| {
                Value::Text(&mut d.loading_place.code)
            }),
            field("destination_place.code", Code(TableId::Locations), |d| {
                Value::Text(&mut d.destination_place.code)
            }),
        ]),
        Direction::Export => fields.extend([
            field("departure_date", Date, |d| {
                Value::Date(&mut d.departure_date)
            }),
            field("loading_place.code", Code(TableId::Locations), |d| {
                Value::Text(&mut d.loading_place.code)
            }),
            field("destination_place.code", Text, |d| {
                Value::Text(&mut d.destination_place.code)
            }),
        ]),
    }
    fields
}

/// Fields of the tab "general information 2" (invoice, valuation, taxes).
pub fn general_2(direction: Direction) -> Vec<Field> {
    use Kind::{Code, Date, Decimal as Dec, Text};
    let mut fields = vec![
        field("invoice.kind", Code(TableId::InvoiceKinds), |d| {
            Value::Text(&mut d.invoice.kind)
        }),
        field("invoice.number", Text, |d| {
            Value::Text(&mut d.invoice.number)
        }),
        field("invoice.date", Date, |d| Value::Date(&mut d.invoice.date)),
        field(
            "invoice.payment_method",
            Code(TableId::PaymentMethods),
            |d| Value::Text(&mut d.invoice.payment_method),
        ),
        field("invoice.price_kind", Code(TableId::PriceKinds), |d| {
            Value::Text(&mut d.invoice.price_kind)
        }),
        field("invoice.incoterm", Code(TableId::Incoterms), |d| {
            Value::Text(&mut d.invoice.incoterm)
        }),
        field("invoice.currency", Code(TableId::Currencies), |d| {
            Value::Text(&mut d.invoice.currency)
        }),
        field("invoice.total", Dec(Precision::VALUE), |d| {
            Value::Decimal(&mut d.invoice.total)
        }),
    ];
    if direction == Direction::Import {
        fields.push(field(
            "valuation.method",
            Code(TableId::ValuationMethods),
            |d| Value::Text(&mut d.valuation.method),
        ));
    }
    fields.extend([
        field("tax_payer", Code(TableId::TaxPayers), |d| {
            Value::Text(&mut d.tax_payer)
        }),
        field(
            "payment_deadline_code",
            Code(TableId::PaymentDeadlines),
            |d| Value::Text(&mut d.payment_deadline_code),
        ),
        field("notes", Text, |d| Value::Text(&mut d.notes)),
    ]);
    fields
}

/// A goods-line column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Path below `goods[i]`.
    pub name: &'static str,
    /// Kind.
    pub kind: Kind,
    /// Access.
    pub access: for<'a> fn(&'a mut GoodsLine) -> Value<'a>,
    /// Width in points.
    pub width: f32,
}

/// The goods grid's columns.
pub fn goods_columns() -> [Column; 7] {
    use Kind::{Code, Decimal as Dec, Text};
    [
        Column {
            name: "hs_code",
            kind: Code(TableId::Tariff),
            access: |g| Value::Text(&mut g.hs_code),
            width: 110.0,
        },
        Column {
            name: "description",
            kind: Text,
            access: |g| Value::Text(&mut g.description),
            width: 240.0,
        },
        Column {
            name: "origin_country",
            kind: Code(TableId::Countries),
            access: |g| Value::Text(&mut g.origin_country),
            width: 60.0,
        },
        Column {
            name: "quantity.amount",
            kind: Dec(Precision::QUANTITY),
            access: |g| Value::Decimal(&mut g.quantity.amount),
            width: 90.0,
        },
        Column {
            name: "quantity.unit",
            kind: Code(TableId::Units),
            access: |g| Value::Text(&mut g.quantity.unit),
            width: 60.0,
        },
        Column {
            name: "unit_price",
            kind: Dec(Precision::UNIT_PRICE),
            access: |g| Value::Decimal(&mut g.unit_price),
            width: 100.0,
        },
        Column {
            name: "invoice_value",
            kind: Dec(Precision::VALUE),
            access: |g| Value::Decimal(&mut g.invoice_value),
            width: 120.0,
        },
    ]
}

/// The tab a finding's field is on.
pub fn tab_of(path: &str) -> super::editor::Tab {
    use super::editor::Tab;
    if path.starts_with("goods") {
        Tab::Goods
    } else if [
        "invoice",
        "valuation",
        "tax_payer",
        "payment_deadline_code",
        "notes",
    ]
    .iter()
    .any(|p| path.starts_with(p))
    {
        Tab::General2
    } else {
        Tab::General1
    }
}
