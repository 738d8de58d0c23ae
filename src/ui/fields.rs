//! The editor's layout: which fields are on which tab, in which order, and the goods grid's
//! columns with their widths. Everything else about a field (its label, kind, code table,
//! decimals, how to reach it in a [`Declaration`]) comes from the field table,
//! [`crate::domain::fields`].

use crate::codes::TableId;
use crate::domain::entry::Precision;
use crate::domain::fields::{self as table, Access, FieldDef};
use crate::domain::{Declaration, Direction, GoodsLine};

/// A mutable view of a field's value (the field table's).
pub use crate::domain::fields::FieldMut as Value;

/// What a field holds, as the editor edits it.
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

impl Kind {
    /// How the editor edits a field of the table in `direction`.
    pub fn of(field: &FieldDef, direction: Direction) -> Self {
        match (field.table_for(direction), field.kind) {
            (Some(codes), _) => Self::Code(codes),
            (None, table::Kind::Date) => Self::Date,
            (None, table::Kind::Decimal(precision)) => Self::Decimal(precision),
            _ => Self::Text,
        }
    }
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

/// The header fields at `paths`, as the field table describes them in `direction`. A path that
/// is not a header field of the table is left out (a test keeps the layouts complete).
fn header(direction: Direction, paths: &[&'static str]) -> Vec<Field> {
    paths
        .iter()
        .filter_map(|path| {
            let row = table::field(path)?;
            let Access::Header(_, access) = row.access else {
                return None;
            };
            Some(Field {
                path: row.path,
                kind: Kind::of(row, direction),
                access,
            })
        })
        .collect()
}

/// Fields of the tab "general information 1" (procedure, parties, transport).
pub fn general_1(direction: Direction) -> Vec<Field> {
    header(direction, &general_1_paths(direction))
}

fn general_1_paths(direction: Direction) -> Vec<&'static str> {
    let mut paths = vec!["type_code", "cargo_class", "transport_mode"];
    if direction == Direction::Import {
        paths.push("party_kind");
    }
    paths.extend([
        "office",
        "team",
        "planned_date",
        "return_deadline",
        "declarant.tax_code",
        "declarant.name",
        "declarant.postcode",
        "declarant.address",
        "declarant.phone",
        "foreign_party.code",
        "foreign_party.name",
        "foreign_party.postcode",
        "foreign_party.country",
        "agent_code",
        "packages.amount",
        "packages.unit",
        "gross_weight.amount",
        "gross_weight.unit",
        "marks",
        "storage_location",
        "vessel.code",
        "vessel.name",
    ]);
    paths.push(match direction {
        Direction::Import => "arrival_date",
        Direction::Export => "departure_date",
    });
    paths.extend([
        "loading_place.code",
        "loading_place.name",
        "destination_place.code",
        "destination_place.name",
        "internal_ref",
        "first_declaration.number",
        "first_declaration.sequence",
        "first_declaration.count",
    ]);
    paths
}

/// Fields of the tab "general information 2" (invoice, valuation, taxes).
pub fn general_2(direction: Direction) -> Vec<Field> {
    header(direction, &general_2_paths(direction))
}

fn general_2_paths(direction: Direction) -> Vec<&'static str> {
    let mut paths = vec![
        "invoice.kind",
        "invoice.number",
        "invoice.e_invoice_receipt",
        "invoice.date",
        "invoice.payment_method",
        "invoice.price_kind",
        "invoice.incoterm",
        "invoice.currency",
        "invoice.total",
    ];
    if direction == Direction::Import {
        paths.extend([
            "valuation.method",
            "valuation.details",
            "valuation.allocation_base",
        ]);
    }
    paths.extend(["tax_payer", "payment_deadline_code", "notes"]);
    paths
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

/// The goods grid's columns, by path below `goods[i]`, with their widths in points.
const GOODS_COLUMNS: [(&str, f32); 16] = [
    ("hs_code", 110.0),
    ("description", 240.0),
    ("origin_country", 60.0),
    ("quantity.amount", 90.0),
    ("quantity.unit", 60.0),
    ("unit_price", 100.0),
    ("invoice_value", 120.0),
    // The preferential rate: schedule and C/O form; then what the tariff line needs less often.
    ("tariff_schedule", 70.0),
    ("co_form", 70.0),
    ("quantity2.amount", 90.0),
    ("quantity2.unit", 60.0),
    ("own_code", 90.0),
    ("out_of_quota", 60.0),
    ("manual_duty_rate", 70.0),
    ("exemption_code", 80.0),
    ("reduction_amount", 100.0),
];

/// The goods grid's columns (goods lines are the same on import and export).
pub fn goods_columns() -> Vec<Column> {
    GOODS_COLUMNS
        .iter()
        .filter_map(|&(name, width)| {
            let row = table::field(&format!("goods.{name}"))?;
            let Access::Goods(_, access) = row.access else {
                return None;
            };
            Some(Column {
                name,
                kind: Kind::of(row, Direction::Import),
                access,
                width,
            })
        })
        .collect()
}

/// The tab a finding's field is on.
pub fn tab_of(path: &str) -> super::editor::Tab {
    use super::editor::Tab;
    if path.starts_with("goods") {
        Tab::Goods
    } else if [
        "invoice",
        "valuation",
        "export_taxable_total",
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The single source: every laid-out field is a field of the table, reached through it, and
    /// edited as the table says (the layouts only order them).
    #[test]
    fn every_laid_out_field_comes_from_the_field_table() {
        for direction in [Direction::Import, Direction::Export] {
            for (paths, fields) in [
                (general_1_paths(direction), general_1(direction)),
                (general_2_paths(direction), general_2(direction)),
            ] {
                let laid_out: Vec<&str> = fields.iter().map(|f| f.path).collect();
                assert_eq!(laid_out, paths, "{direction:?}");
                for path in paths {
                    let row = table::field(path).unwrap();
                    assert!(row.applies_to(direction), "{path} {direction:?}");
                }
            }
        }
        assert_eq!(goods_columns().len(), GOODS_COLUMNS.len());
    }

    /// Every value of the model the editor can reach directly has a place in the window: each
    /// header field of a direction is on a general tab, each goods value is a column.
    #[test]
    fn every_directly_editable_field_of_the_table_is_laid_out() {
        for direction in [Direction::Import, Direction::Export] {
            let laid_out: Vec<&str> = general_1_paths(direction)
                .into_iter()
                .chain(general_2_paths(direction))
                .collect();
            for row in table::FIELDS {
                if matches!(row.access, Access::Header(..)) && row.applies_to(direction) {
                    assert!(laid_out.contains(&row.path), "{} {direction:?}", row.path);
                }
            }
        }
        for row in table::FIELDS {
            if matches!(row.access, Access::Goods(..)) {
                let name = row.path.trim_start_matches("goods.");
                assert!(
                    GOODS_COLUMNS.iter().any(|(column, _)| *column == name),
                    "{}",
                    row.path
                );
            }
        }
    }

    #[test]
    fn kinds_tables_and_decimals_are_the_tables() {
        let kind = |direction, path: &str| {
            general_1(direction)
                .into_iter()
                .chain(general_2(direction))
                .find(|f| f.path == path)
                .unwrap()
                .kind
        };
        assert_eq!(
            kind(Direction::Import, "type_code"),
            Kind::Code(TableId::TypeCodes)
        );
        assert_eq!(kind(Direction::Import, "team"), Kind::Text);
        assert_eq!(
            kind(Direction::Import, "gross_weight.amount"),
            Kind::Decimal(Precision::WEIGHT)
        );
        // The Vietnamese end of the journey is picked from the locations table.
        assert_eq!(kind(Direction::Import, "loading_place.code"), Kind::Text);
        assert_eq!(
            kind(Direction::Export, "loading_place.code"),
            Kind::Code(TableId::Locations)
        );
        assert_eq!(
            kind(Direction::Import, "destination_place.code"),
            Kind::Code(TableId::Locations)
        );
        let columns = goods_columns();
        assert_eq!(columns[0].kind, Kind::Code(TableId::Tariff));
        assert_eq!(columns[5].kind, Kind::Decimal(Precision::UNIT_PRICE));
    }
}
