//! Taking in a new edition of any code table from a sheet (rows of text cells read from a
//! CSV or Excel file by the shell), and what it would change against the table in use. Pure.
//!
//! The sheet's first row names the columns; they must be exactly the table's (in any order):
//! a missing or unknown column stops the import, naming both lists. Cells are trimmed and put
//! in Unicode NFC (a name typed on a Mac or copied from a PDF arrives decomposed); blank rows
//! are skipped. The result is checked by the same parser that loads the table at start-up, so
//! an import that is accepted here loads there. The tariff's own layouts (the consolidated
//! `Tariff.xlsx`) go through [`super::tariff_import`]; a tariff in KhaiBao's CSV layout may come
//! here too.
//!
//! Rows are matched by their key: the code, or for the dated tables the code and the first
//! day (`exchange_rates`: `currency` + `effective_from`; `tax_rates`: `code` + `valid_from`).

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization as _;

use super::rates::ExchangeRates;
use super::tariff::Tariff;
use super::tariff_import::Difference;
use super::tax_rates::{TAX_RATES, TaxRates};
use super::{CodeListError, CodeTable, EXCHANGE_RATES, TableId};
use crate::domain::text::Bilingual;

/// Why a sheet cannot become the table. Nothing is written when any of these happens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum TableImportError {
    /// No table has this name.
    UnknownTable(String),
    /// The sheet has no header row or no data row.
    Empty,
    /// The header's columns are not the table's.
    Columns {
        /// The table.
        table: String,
        /// The table's columns.
        expected: Vec<String>,
        /// The table's columns the sheet lacks.
        missing: Vec<String>,
        /// The sheet's columns the table does not have.
        unknown: Vec<String>,
    },
    /// The rows do not make a valid table (the loader's own message, with the line).
    Invalid(CodeListError),
}

impl TableImportError {
    /// What to tell the person, each language built apart.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::UnknownTable(name) => Bilingual::new(
                format!("Không có bảng mã \"{name}\""),
                format!("No code table \"{name}\""),
            ),
            Self::Empty => Bilingual::new(
                "Tệp không có dòng tiêu đề hoặc không có dòng dữ liệu nào".to_owned(),
                "The file has no header row or no data row".to_owned(),
            ),
            Self::Columns {
                table,
                expected,
                missing,
                unknown,
            } => {
                let list = |v: &[String]| {
                    if v.is_empty() {
                        "—".to_owned()
                    } else {
                        v.join(", ")
                    }
                };
                Bilingual::new(
                    format!(
                        "Cột của tệp không khớp bảng {table}: thiếu {}; thừa {}. Bảng cần đúng các cột: {}",
                        list(missing),
                        list(unknown),
                        expected.join(", ")
                    ),
                    format!(
                        "The file's columns do not match table {table}: missing {}; unknown {}. The table needs exactly: {}",
                        list(missing),
                        list(unknown),
                        expected.join(", ")
                    ),
                )
            }
            Self::Invalid(err) => err.message(),
        }
    }
}

crate::domain::text::localized!(TableImportError);

/// One row added or removed, for the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSummary {
    /// The row's key (`code`, or `code 2026-01-01` for dated tables).
    pub key: String,
    /// Its Vietnamese name, or its other cells when the table has no name.
    pub name: String,
}

/// What an import changes: rows added, removed, and changed with their differences.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowChanges {
    /// Rows new in the import.
    pub added: Vec<RowSummary>,
    /// Rows the import no longer has.
    pub removed: Vec<RowSummary>,
    /// Rows whose cells change, with each differing column.
    pub changed: Vec<(String, Vec<Difference>)>,
}

impl RowChanges {
    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A sheet ready to become a table: its CSV in the table's column order, and what it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableUpdate {
    /// The table's manifest name.
    pub table: String,
    /// The CSV text to install (header + rows, `\n`).
    pub csv: String,
    /// Data rows.
    pub rows: usize,
    /// Rows in use before.
    pub rows_in_use: usize,
    /// Against the table in use.
    pub changes: RowChanges,
}

impl TableUpdate {
    /// Whether the import would remove more than a tenth of the rows in use: a part of the
    /// table rather than a new edition.
    pub fn looks_partial(&self) -> bool {
        self.changes.removed.len() * 10 > self.rows_in_use
    }

    /// What the import would do, line by line: the counts, then up to `examples` rows of each
    /// kind of change (`+` added, `−` removed, `~` changed with `column old → new`).
    pub fn preview(&self, file: &str, examples: usize) -> Vec<Bilingual> {
        let c = &self.changes;
        let table = &self.table;
        let mut lines = vec![Bilingual::new(
            format!(
                "{file}: {} dòng cho bảng {table}. So với bảng đang dùng ({} dòng): thêm {}, bỏ {}, đổi {}",
                self.rows,
                self.rows_in_use,
                c.added.len(),
                c.removed.len(),
                c.changed.len()
            ),
            format!(
                "{file}: {} rows for table {table}. Against the table in use ({} rows): {} added, {} removed, {} changed",
                self.rows,
                self.rows_in_use,
                c.added.len(),
                c.removed.len(),
                c.changed.len()
            ),
        )];
        for (sign, rows) in [("+", &c.added), ("−", &c.removed)] {
            for row in rows.iter().take(examples) {
                lines.push(Bilingual::verbatim(format!(
                    "  {sign} {} {}",
                    row.key, row.name
                )));
            }
            if rows.len() > examples {
                lines.push(Bilingual::verbatim(format!("  {sign} …")));
            }
        }
        for (key, differences) in c.changed.iter().take(examples) {
            lines.push(Bilingual::verbatim(format!(
                "  ~ {key}: {}",
                Difference::describe(differences)
            )));
        }
        if c.changed.len() > examples {
            lines.push(Bilingual::verbatim("  ~ …".to_owned()));
        }
        if self.looks_partial() {
            lines.push(Bilingual::new(
                format!(
                    "Tệp sẽ bỏ {} trong {} dòng của bảng đang dùng: có vẻ chỉ là một phần bảng.",
                    c.removed.len(),
                    self.rows_in_use
                ),
                format!(
                    "The file would remove {} of the {} rows in use: it looks like a part of the table.",
                    c.removed.len(),
                    self.rows_in_use
                ),
            ));
        }
        lines
    }
}

/// [`read_update`] from a table already written as CSV (a sheet of another layout converted,
/// e.g. the consolidated tariff by [`super::tariff_import`]).
///
/// # Errors
/// As [`read_update`].
pub fn read_csv_update(
    table: &str,
    csv_text: &str,
    current_csv: &str,
) -> Result<TableUpdate, TableImportError> {
    let rows = csv_rows(csv_text).map_err(TableImportError::Invalid)?;
    read_update(table, &rows, current_csv)
}

/// Every table an import may replace: the code tables and the two dated rate tables.
pub fn importable_tables() -> Vec<&'static str> {
    TableId::ALL
        .iter()
        .map(|t| t.name())
        .chain([EXCHANGE_RATES, TAX_RATES])
        .collect()
}

/// How many leading columns make a row's key.
fn key_width(table: &str) -> usize {
    if table == EXCHANGE_RATES || table == TAX_RATES {
        2
    } else {
        1
    }
}

/// Builds the table `table` from `rows` (header first), against `current_csv`, the table's CSV
/// in use (its header gives the columns). Errors: [`TableImportError`].
pub fn read_update(
    table: &str,
    rows: &[Vec<String>],
    current_csv: &str,
) -> Result<TableUpdate, TableImportError> {
    if !importable_tables().contains(&table) {
        return Err(TableImportError::UnknownTable(table.to_owned()));
    }
    let current = csv_rows(current_csv).map_err(TableImportError::Invalid)?;
    let Some((expected, current_rows)) = current.split_first() else {
        return Err(TableImportError::Invalid(CodeListError::Table {
            table: table.to_owned(),
            line: 1,
            problem: "the table in use has no header".to_owned(),
        }));
    };
    let Some((header, data)) = rows.split_first() else {
        return Err(TableImportError::Empty);
    };
    let header: Vec<String> = header.iter().map(|c| clean(c).to_lowercase()).collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|c| !header.contains(c))
        .cloned()
        .collect();
    let unknown: Vec<String> = header
        .iter()
        .filter(|c| !c.is_empty() && !expected.contains(c))
        .cloned()
        .collect();
    if !missing.is_empty() || !unknown.is_empty() {
        return Err(TableImportError::Columns {
            table: table.to_owned(),
            expected: expected.clone(),
            missing,
            unknown,
        });
    }
    let order: Vec<usize> = expected
        .iter()
        .filter_map(|c| header.iter().position(|h| h == c))
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let invalid = |e: String| {
        TableImportError::Invalid(CodeListError::Table {
            table: table.to_owned(),
            line: 0,
            problem: e,
        })
    };
    writer
        .write_record(expected)
        .map_err(|e| invalid(e.to_string()))?;
    let mut imported = Vec::new();
    for row in data {
        let cells: Vec<String> = order
            .iter()
            .map(|&i| row.get(i).map(|c| clean(c)).unwrap_or_default())
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        writer
            .write_record(&cells)
            .map_err(|e| invalid(e.to_string()))?;
        imported.push(cells);
    }
    if imported.is_empty() {
        return Err(TableImportError::Empty);
    }
    let bytes = writer.into_inner().map_err(|e| invalid(e.to_string()))?;
    let csv = String::from_utf8(bytes).map_err(|e| invalid(e.to_string()))?;
    check(table, &csv).map_err(TableImportError::Invalid)?;
    let changes = diff(table, expected, current_rows, &imported);
    Ok(TableUpdate {
        table: table.to_owned(),
        rows: imported.len(),
        rows_in_use: current_rows.len(),
        csv,
        changes,
    })
}

/// The loader's own check of a table's text.
fn check(table: &str, csv: &str) -> Result<(), CodeListError> {
    match table {
        EXCHANGE_RATES => ExchangeRates::parse(csv).map(drop),
        TAX_RATES => TaxRates::parse(csv).map(drop),
        "tariff" => Tariff::from_table(CodeTable::parse(table, csv)?).map(drop),
        _ => CodeTable::parse(table, csv).map(drop),
    }
}

fn clean(cell: &str) -> String {
    cell.trim().nfc().collect()
}

fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, CodeListError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|record| record.iter().map(str::to_owned).collect())
                .map_err(|e| CodeListError::Table {
                    table: String::new(),
                    line: e.position().map_or(0, csv::Position::line),
                    problem: e.to_string(),
                })
        })
        .collect()
}

fn diff(
    table: &str,
    columns: &[String],
    current: &[Vec<String>],
    imported: &[Vec<String>],
) -> RowChanges {
    let width = key_width(table);
    let key = |row: &[String]| {
        row.iter()
            .take(width)
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let name_at = columns.iter().position(|c| c == "name_vi");
    let summary = |row: &[String]| RowSummary {
        key: key(row),
        name: match name_at {
            Some(i) => row.get(i).cloned().unwrap_or_default(),
            None => row
                .iter()
                .skip(width)
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        },
    };
    let old: BTreeMap<String, &Vec<String>> = current.iter().map(|r| (key(r), r)).collect();
    let new: BTreeMap<String, &Vec<String>> = imported.iter().map(|r| (key(r), r)).collect();
    let mut changes = RowChanges::default();
    for (k, row) in &new {
        match old.get(k) {
            None => changes.added.push(summary(row)),
            Some(was) => {
                let differences: Vec<Difference> = columns
                    .iter()
                    .enumerate()
                    .skip(width)
                    .filter_map(|(i, column)| {
                        let before = was.get(i).cloned().unwrap_or_default();
                        let after = row.get(i).cloned().unwrap_or_default();
                        (before != after).then(|| Difference {
                            column: column.clone(),
                            old: before,
                            new: after,
                        })
                    })
                    .collect();
                if !differences.is_empty() {
                    changes.changed.push((k.clone(), differences));
                }
            }
        }
    }
    for (k, row) in &old {
        if !new.contains_key(k) {
            changes.removed.push(summary(row));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect()
    }

    const UNITS: &str =
        "code,name_vi,name_en\nKGM,Kilôgam,Kilogram\nPCE,Chiếc,Piece\nLTR,Lít,Litre\n";

    #[test]
    fn a_new_edition_is_previewed_row_by_row_in_any_column_order() {
        // Columns in another order, a decomposed name, a blank row, one removed, one added,
        // one renamed.
        let sheet = rows(
            "name_en,Code,name_vi\nKilogram,KGM,Kilo\u{302}gam\n,,\nPiece,PCE,Cái\nMetre,MTR,Mét\n",
        );
        let update = read_update("units", &sheet, UNITS).unwrap();
        assert_eq!(update.rows, 3);
        assert_eq!(
            update.csv,
            "code,name_vi,name_en\nKGM,Kilôgam,Kilogram\nPCE,Cái,Piece\nMTR,Mét,Metre\n"
        );
        let c = &update.changes;
        assert_eq!(
            c.added,
            [RowSummary {
                key: "MTR".into(),
                name: "Mét".into()
            }]
        );
        assert_eq!(
            c.removed,
            [RowSummary {
                key: "LTR".into(),
                name: "Lít".into()
            }]
        );
        assert_eq!(
            c.changed,
            [(
                "PCE".to_owned(),
                vec![Difference {
                    column: "name_vi".into(),
                    old: "Chiếc".into(),
                    new: "Cái".into()
                }]
            )]
        );
        assert!(update.looks_partial(), "1 of 3 removed");
    }

    #[test]
    fn dated_tables_match_rows_by_code_and_first_day() {
        let current = "currency,effective_from,rate\nUSD,2026-11-02,26100\nUSD,2026-11-09,26120\n";
        let sheet = rows(
            "currency,effective_from,rate\nUSD,2026-11-02,26100\nUSD,2026-11-09,26125\nUSD,2026-11-16,26150\n",
        );
        let update = read_update(EXCHANGE_RATES, &sheet, current).unwrap();
        assert_eq!(update.changes.added[0].key, "USD 2026-11-16");
        assert_eq!(update.changes.added[0].name, "26150");
        assert_eq!(update.changes.changed[0].0, "USD 2026-11-09");
        assert!(update.changes.removed.is_empty());
        assert!(!update.looks_partial());
    }

    #[test]
    fn a_sheet_that_is_not_the_table_says_why_and_names_the_columns() {
        let wrong = read_update("units", &rows("code,ten,name_en\nKGM,a,b\n"), UNITS).unwrap_err();
        assert_eq!(
            wrong,
            TableImportError::Columns {
                table: "units".into(),
                expected: vec!["code".into(), "name_vi".into(), "name_en".into()],
                missing: vec!["name_vi".into()],
                unknown: vec!["ten".into()],
            }
        );
        assert!(wrong.message().en.contains("missing name_vi; unknown ten"));
        assert_eq!(
            read_update("units", &rows("code,name_vi,name_en\n,,\n"), UNITS),
            Err(TableImportError::Empty)
        );
        assert_eq!(
            read_update("units", &[], UNITS),
            Err(TableImportError::Empty)
        );
        let dup = read_update(
            "units",
            &rows("code,name_vi,name_en\nKGM,a,b\nkgm,c,d\n"),
            UNITS,
        )
        .unwrap_err();
        assert!(dup.message().en.contains("duplicate code"), "{dup}");
        let bad_rate = read_update(
            TAX_RATES,
            &rows("code,valid_from,valid_to,rate,instrument_vi,instrument_en,confirmed\nGTGT10,2026-01-01,,mười,a,b,yes\n"),
            "code,valid_from,valid_to,rate,instrument_vi,instrument_en,confirmed\n",
        )
        .unwrap_err();
        assert!(bad_rate.message().en.contains("rate"), "{bad_rate}");
        assert!(matches!(
            read_update("nope", &rows("a\nb\n"), UNITS),
            Err(TableImportError::UnknownTable(_))
        ));
    }
}
