//! Reading a spreadsheet file, for the imports: rows of text cells for the tariff
//! ([`read_rows`]), and a sheet with typed cells, merged regions, hidden rows and formulas Excel
//! has not computed for the goods lines ([`read_sheet`]). Excel and `OpenDocument` files through
//! `calamine`, CSV through `csv`; the hidden rows of an `.xlsx` sheet, which `calamine` does not
//! report, from the sheet's XML ([`xlsx_rows`]). Only this module opens such files; what the
//! cells mean is the caller's.

mod cells;
mod xlsx_rows;

pub use cells::{Cell, CellRef, Sheet, read_sheet};

use std::path::Path;

use calamine::Reader as _;

use crate::domain::text::Bilingual;

/// Why a file cannot be read. Nothing is changed by any of these.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum SheetError {
    /// The file cannot be opened or is not a spreadsheet of a known kind.
    Open {
        /// The file.
        path: String,
        /// What the reader said.
        detail: String,
    },
    /// There is no such file.
    Missing {
        /// The file.
        path: String,
    },
    /// The workbook has no sheet.
    NoSheet {
        /// The file.
        path: String,
    },
    /// A CSV not in UTF-8 (Excel's plain "CSV" is in the Windows code page).
    NotUtf8 {
        /// The file.
        path: String,
    },
    /// The workbook has no sheet of the name asked for.
    WrongSheet {
        /// The file.
        path: String,
        /// The name asked for.
        asked: String,
        /// The sheets it has, in order.
        available: Vec<String>,
    },
}

impl SheetError {
    /// What to tell the broker.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Open { path, detail } => Bilingual::new(
                format!(
                    "Không đọc được tệp {path} (cần tệp Excel .xlsx/.xls, .ods hoặc .csv): {detail}"
                ),
                format!(
                    "Cannot read {path} (an Excel .xlsx/.xls, .ods or .csv file is needed): {detail}"
                ),
            ),
            Self::Missing { path } => Bilingual::new(
                format!("Không có tệp {path}"),
                format!("There is no file {path}"),
            ),
            Self::NotUtf8 { path } => Bilingual::new(
                format!(
                    "Tệp {path} không ở mã UTF-8: trong Excel hãy lưu lại bằng \"Lưu thành\" → \"CSV UTF-8 (phân tách bằng dấu phẩy)\", hoặc dùng tệp .xlsx"
                ),
                format!(
                    "{path} is not in UTF-8: in Excel save it again with \"Save as\" → \"CSV UTF-8 (Comma delimited)\", or use the .xlsx file"
                ),
            ),
            Self::NoSheet { path } => Bilingual::new(
                format!("Tệp {path} không có trang tính nào"),
                format!("{path} has no sheet"),
            ),
            Self::WrongSheet {
                path,
                asked,
                available,
            } => {
                let list = available
                    .iter()
                    .map(|s| format!("«{s}»"))
                    .collect::<Vec<_>>()
                    .join(", ");
                Bilingual::new(
                    format!(
                        "Tệp {path} không có trang tính «{asked}»; các trang tính trong tệp: {list}"
                    ),
                    format!("{path} has no sheet «{asked}»; its sheets are: {list}"),
                )
            }
        }
    }
}

crate::domain::text::localized!(SheetError);

/// The rows of the file's first sheet (a CSV is one sheet), each cell as text: numbers as
/// written by their value (`0`, `7.5`), empty cells as `""`.
///
/// # Errors
/// [`SheetError`] when the file cannot be opened or read.
pub fn read_rows(path: &Path) -> Result<Vec<Vec<String>>, SheetError> {
    let shown = path.display().to_string();
    let open = |detail: String| SheetError::Open {
        path: shown.clone(),
        detail,
    };
    if !path.is_file() {
        return Err(SheetError::Missing { path: shown });
    }
    if is_csv(path) {
        // The tables never cared where a row stood: empty lines are dropped as before.
        return csv_rows(path).map(|rows| rows.into_iter().filter(|r| !r.is_empty()).collect());
    }
    let mut book = calamine::open_workbook_auto(path).map_err(|e| open(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| SheetError::NoSheet {
            path: shown.clone(),
        })?
        .map_err(|e| open(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

/// Whether the file is read as CSV (by its extension).
pub(super) fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The records of a CSV file in UTF-8 (a BOM is skipped), its delimiter (`,`, `;` or tab)
/// told by the header line.
pub(super) fn csv_rows(path: &Path) -> Result<Vec<Vec<String>>, SheetError> {
    let shown = path.display().to_string();
    let open = |detail: String| SheetError::Open {
        path: shown.clone(),
        detail,
    };
    let bytes = std::fs::read(path).map_err(|e| open(e.to_string()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(SheetError::NotUtf8 { path: shown });
    }
    // Excel in a Vietnamese (or any comma-decimal) locale saves CSV with `;`; some tools
    // with tabs: the header line says which.
    let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    // A header line is short: counting its bytes one by one is fine.
    #[allow(clippy::naive_bytecount)]
    let count = |d: u8| header.iter().filter(|b| **b == d).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| count(*d))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .map_err(|e| open(e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    // The reader skips empty lines; Excel shows each as a row, and the rows named in messages
    // are Excel's: they are put back where they stood.
    let starts = line_kinds(bytes);
    if starts.iter().filter(|empty| !**empty).count() != records.len() {
        return Ok(records);
    }
    let mut records = records.into_iter();
    let rows = starts
        .into_iter()
        .map(|empty| {
            if empty {
                Vec::new()
            } else {
                records.next().unwrap_or_default()
            }
        })
        .collect();
    Ok(rows)
}

/// For each line of a CSV text that starts a row (not inside a quoted value): whether it is
/// empty. A final line end starts no row.
fn line_kinds(bytes: &[u8]) -> Vec<bool> {
    let mut kinds = Vec::new();
    let mut quoted = false;
    let mut at_line_start = true;
    for (i, b) in bytes.iter().enumerate() {
        if at_line_start {
            at_line_start = false;
            kinds.push(matches!(b, b'\r' | b'\n'));
        }
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => at_line_start = i + 1 < bytes.len(),
            _ => {}
        }
    }
    kinds
}

/// A cell as text; a date cell as `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time), not as
/// Excel's day number.
pub(super) fn cell_text(cell: &calamine::Data) -> String {
    match cell {
        calamine::Data::DateTime(date) => {
            let (y, mo, d, h, mi, s, _) = date.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_is_one_sheet_and_a_broken_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("t.csv");
        std::fs::write(
            &csv,
            "\u{feff}code,name_vi\n01012100,\"Ngựa, thuần chủng\"\n",
        )
        .unwrap();
        assert_eq!(
            read_rows(&csv).unwrap(),
            [
                vec!["code".to_owned(), "name_vi".to_owned()],
                vec!["01012100".to_owned(), "Ngựa, thuần chủng".to_owned()]
            ]
        );
        // Excel's plain "CSV" in a Vietnamese Windows is in code page 1258, not UTF-8.
        let cp1258 = dir.path().join("cp1258.csv");
        std::fs::write(&cp1258, b"code,name_vi\nKGM,Kil\xF4gam\n").unwrap();
        let err = read_rows(&cp1258).unwrap_err();
        assert!(err.message().en.contains("CSV UTF-8"), "{err}");
        assert!(err.message().vi.contains("Lưu thành"), "{err}");
        let broken = dir.path().join("t.xlsx");
        std::fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
        let err = read_rows(&broken).unwrap_err();
        assert!(err.message().vi.contains("Không đọc được tệp"), "{err}");
        crate::domain::text::assert_apart(&err);
        let missing = read_rows(&dir.path().join("missing.xlsx")).unwrap_err();
        assert!(
            missing.message().en.starts_with("There is no file"),
            "{missing}"
        );
        // Empty lines are rows, as Excel shows them (CRLF too).
        let gaps = dir.path().join("gaps.csv");
        std::fs::write(&gaps, "code,name\r\n\r\n\r\nA,x\r\n\nB,\"y\nz\"\nC,w\n").unwrap();
        let sheet = read_sheet(&gaps, None).unwrap();
        let firsts: Vec<String> = sheet
            .rows
            .iter()
            .map(|r| r.first().map(Cell::shown).unwrap_or_default())
            .collect();
        assert_eq!(firsts, ["code", "", "", "A", "", "B", "C"]);
        assert_eq!(
            read_rows(&gaps).unwrap().len(),
            4,
            "the tables skip them as before"
        );
        // A CSV saved with semicolons (Excel in a Vietnamese locale) or tabs.
        for (name, text) in [
            ("semi.csv", "code;name_vi\n01012100;Ngựa, thuần chủng\n"),
            ("tab.csv", "code\tname_vi\n01012100\tNgựa, thuần chủng\n"),
        ] {
            let file = dir.path().join(name);
            std::fs::write(&file, text).unwrap();
            assert_eq!(
                read_rows(&file).unwrap()[1][1],
                "Ngựa, thuần chủng",
                "{name}"
            );
        }
    }
}
