//! One sheet of a spreadsheet file with typed cells, as an import needs it to say exactly what
//! is wrong: where cells are merged, which rows Excel hides, which formulas were never
//! computed. Positions are the sheet's own (row 1, column A is `(0, 0)`), whatever part of the
//! sheet is used.

use std::fmt;
use std::path::Path;

use calamine::Reader as _;

use super::SheetError;

/// A cell's position: row and column from 0 (`A1` is `(0, 0)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// Row, from 0 (sheet row 1).
    pub row: u32,
    /// Column, from 0 (column A).
    pub col: u32,
}

impl CellRef {
    /// The column's letters: `A`, `Z`, `AA`…
    pub fn column_letters(col: u32) -> String {
        let mut n = col + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            // `rem` < 26: the cast cannot truncate.
            #[allow(clippy::cast_possible_truncation)]
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }

    /// A column from its letters (`A` → 0, `AB` → 27); `None` for anything else.
    pub fn column_from_letters(letters: &str) -> Option<u32> {
        if letters.is_empty() || letters.len() > 3 {
            return None;
        }
        letters
            .chars()
            .try_fold(0u32, |acc, c| {
                c.is_ascii_alphabetic()
                    .then(|| acc * 26 + u32::from(c.to_ascii_uppercase() as u8 - b'A') + 1)
            })
            .map(|n| n - 1)
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::column_letters(self.col), self.row + 1)
    }
}

/// A cell's value as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cell {
    /// Nothing.
    #[default]
    Empty,
    /// Text (every CSV cell is text).
    Text(String),
    /// A number cell: its value written as the shortest decimal that reads back as the same
    /// binary number Excel stores (`0.1`, not `0.1000000000000000055…`).
    Number(String),
    /// A date cell, `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time).
    Date(String),
    /// A TRUE/FALSE cell.
    Bool(bool),
    /// An error value a formula gave (`#REF!`, `#DIV/0!`…).
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it.
    pub fn shown(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) | Self::Number(t) | Self::Date(t) | Self::Error(t) => t.clone(),
            Self::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        }
    }
}

/// One sheet, read whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sheet {
    /// The sheet's name (a CSV's is its file name without the extension).
    pub name: String,
    /// Every sheet of the workbook, in order.
    pub sheet_names: Vec<String>,
    /// Cells by row from row 1 and by column from A (rows may be shorter than others).
    pub rows: Vec<Vec<Cell>>,
    /// Merged regions, first and last cell (`.xlsx` and `.xls`; `.ods` does not report them).
    pub merged: Vec<(CellRef, CellRef)>,
    /// Rows Excel hides, from 0 (`.xlsx` only).
    pub hidden_rows: Vec<u32>,
    /// Formula cells that hold no value (a file written by a program that does not compute
    /// formulas), with the formula.
    pub uncomputed: Vec<(CellRef, String)>,
}

impl Sheet {
    /// The cell at `at` (empty past the end).
    pub fn cell(&self, at: CellRef) -> &Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.rows
            .get(at.row as usize)
            .and_then(|r| r.get(at.col as usize))
            .unwrap_or(EMPTY)
    }
}

/// Reads one sheet of a file: `sheet` by name, else the first visible one (a CSV is one
/// sheet).
///
/// # Errors
/// [`SheetError`] when the file cannot be opened or read, or has no sheet of that name.
pub fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Sheet, SheetError> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(SheetError::Missing { path: shown });
    }
    if super::is_csv(path) {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(asked) = sheet.filter(|asked| *asked != name) {
            return Err(SheetError::WrongSheet {
                path: shown,
                asked: asked.to_owned(),
                available: vec![name],
            });
        }
        let rows = super::csv_rows(path)?
            .into_iter()
            .map(|r| r.into_iter().map(Cell::Text).collect())
            .collect();
        return Ok(Sheet {
            sheet_names: vec![name.clone()],
            name,
            rows,
            ..Sheet::default()
        });
    }
    read_workbook_sheet(path, sheet)
}

fn read_workbook_sheet(path: &Path, sheet: Option<&str>) -> Result<Sheet, SheetError> {
    let shown = path.display().to_string();
    let open = |detail: String| SheetError::Open {
        path: shown.clone(),
        detail,
    };
    let mut book = calamine::open_workbook_auto(path).map_err(|e| open(e.to_string()))?;
    let sheet_names = book.sheet_names();
    let name = match sheet {
        Some(asked) => sheet_names
            .iter()
            .find(|n| n.as_str() == asked || n.trim().eq_ignore_ascii_case(asked.trim()))
            .cloned()
            .ok_or_else(|| SheetError::WrongSheet {
                path: shown.clone(),
                asked: asked.to_owned(),
                available: sheet_names.clone(),
            })?,
        None => book
            .sheets_metadata()
            .iter()
            .find(|s| s.visible == calamine::SheetVisible::Visible)
            .map(|s| s.name.clone())
            .or_else(|| sheet_names.first().cloned())
            .ok_or_else(|| SheetError::NoSheet {
                path: shown.clone(),
            })?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| open(e.to_string()))?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if let Some((top, left)) = range.start() {
        rows.resize(top as usize, Vec::new());
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; left as usize];
            cells.extend(row.iter().map(cell_of));
            rows.push(cells);
        }
    }
    let formulas = book
        .worksheet_formula(&name)
        .map_err(|e| open(e.to_string()))?;
    let uncomputed = formulas
        .used_cells()
        .filter_map(|(r, c, formula)| {
            let (top, left) = formulas.start().unwrap_or((0, 0));
            #[allow(clippy::cast_possible_truncation)] // Excel has at most 2^20 rows.
            let at = CellRef {
                row: top + r as u32,
                col: left + c as u32,
            };
            let value = rows
                .get(at.row as usize)
                .and_then(|r| r.get(at.col as usize));
            (!formula.is_empty() && value.is_none_or(Cell::is_blank))
                .then(|| (at, format!("={formula}")))
        })
        .collect();
    let merged = match &mut book {
        calamine::Sheets::Xlsx(x) => x
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| open(e.to_string()))?,
        calamine::Sheets::Xls(x) => x
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| open(e.to_string()))?,
        _ => Vec::new(),
    }
    .into_iter()
    .map(|d| {
        (
            CellRef {
                row: d.start.0,
                col: d.start.1,
            },
            CellRef {
                row: d.end.0,
                col: d.end.1,
            },
        )
    })
    .collect();
    let hidden_rows = match book {
        calamine::Sheets::Xlsx(_) => super::xlsx_rows::hidden_rows(path, &name).map_err(open)?,
        _ => Vec::new(),
    };
    Ok(Sheet {
        name,
        sheet_names,
        rows,
        merged,
        hidden_rows,
        uncomputed,
    })
}

/// A calamine cell as this module's.
fn cell_of(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        // Rust prints a float as the shortest text that reads back as the same float.
        Data::Float(f) => Cell::Number(f.to_string()),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(_) => Cell::Date(super::cell_text(data)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_as_in_excel() {
        let at = |row, col| CellRef { row, col }.to_string();
        assert_eq!(at(0, 0), "A1");
        assert_eq!(at(4, 25), "Z5");
        assert_eq!(at(9, 26), "AA10");
        assert_eq!(at(0, 701), "ZZ1");
        assert_eq!(at(0, 702), "AAA1");
        for col in [0, 1, 25, 26, 27, 701, 702, 16_383] {
            let letters = CellRef::column_letters(col);
            assert_eq!(
                CellRef::column_from_letters(&letters),
                Some(col),
                "{letters}"
            );
        }
        assert_eq!(CellRef::column_from_letters("b"), Some(1));
        assert_eq!(CellRef::column_from_letters("B2"), None);
        assert_eq!(CellRef::column_from_letters(""), None);
    }
}
