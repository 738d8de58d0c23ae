//! From a read sheet to goods lines: find the header row, map columns to fields, read every
//! cell, and say what cannot be taken — before anything is written. Pure: the file is read by
//! [`crate::sheets`], the result is applied by [`apply`].
//!
//! What is refused, for the whole file (never a partial import): merged cells in the header or
//! below it, hidden rows among the goods rows (KhaiBao does not guess whether a hidden line
//! belongs to the shipment), formulas Excel never computed, more rows than one invoice may
//! split into ([`MAX_ROWS`]), a cell that cannot be read (text in a number column, more decimals
//! than VNACCS takes, an Excel error value). Blank rows are skipped and listed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization as _;

use super::GoodsSheetError;
use super::columns::{Column, column_for_heading, column_for_key};
use crate::domain::entry::{DecimalMark, Precision, parse_number};
use crate::domain::fields::{Access, FieldMut, Kind};
use crate::domain::text::Bilingual;
use crate::domain::{Declaration, Direction, GoodsLine, MAX_GOODS_LINES};
use crate::sheets::{Cell, CellRef, Sheet};

/// The most goods rows a file may hold: one invoice split into 16 declarations of 50 lines
/// (the largest invoice the split handles).
pub const MAX_ROWS: usize = 800;

/// How far down the header row is looked for (a title block may come first).
const HEADER_SEARCH_ROWS: u32 = 30;

/// Which column holds a field: by letter or by heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnSpec {
    /// A column letter (`C`).
    Letter(String),
    /// The heading in the header row.
    Heading(String),
}

/// How a sheet's columns become goods-line fields; remembered per customer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    /// The sheet, by name (default: the first visible one).
    pub sheet: Option<String>,
    /// The header row, from 1 (default: the first row in the top 30 naming two fields).
    pub header_row: Option<u32>,
    /// Fields by path without `goods.` (`hs_code`) or VNACCS item (`CMD`), each with its
    /// column. Columns not listed are found by their headings.
    pub columns: Vec<(String, ColumnSpec)>,
    /// Whether numbers typed as text use the Vietnamese convention (`1.234,5`); Excel number
    /// cells need no convention.
    pub vietnamese_numbers: bool,
    /// Only the columns listed are read (the broker chose each one); otherwise the others are
    /// found by their headings.
    pub only_listed: bool,
}

impl Mapping {
    /// Parses `--map` text: `CMD=C,description=D,Đơn giá=Unit price` (a value of one to three
    /// letters is a column letter, anything else a heading).
    ///
    /// # Errors
    /// [`GoodsSheetError::BadMapping`] naming the entry that has no `=`.
    pub fn parse_columns(text: &str) -> Result<Vec<(String, ColumnSpec)>, GoodsSheetError> {
        text.split(',')
            .filter(|e| !e.trim().is_empty())
            .map(|entry| {
                let (key, value) =
                    entry
                        .split_once('=')
                        .ok_or_else(|| GoodsSheetError::BadMapping {
                            entry: entry.trim().to_owned(),
                        })?;
                let value = value.trim();
                let spec = if CellRef::column_from_letters(value).is_some() {
                    ColumnSpec::Letter(value.to_ascii_uppercase())
                } else {
                    ColumnSpec::Heading(value.to_owned())
                };
                Ok((key.trim().to_owned(), spec))
            })
            .collect()
    }
}

/// A goods line read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewLine {
    /// The sheet row, from 0.
    pub row: u32,
    /// The line as read.
    pub line: GoodsLine,
}

/// A cell that cannot be taken: the import is refused until it is corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// Where.
    pub at: CellRef,
    /// The field's path (`goods.quantity.amount`).
    pub path: &'static str,
    /// What the cell shows.
    pub shown: String,
    /// What is wrong and how to correct it.
    pub message: Bilingual,
}

/// A value read differently from how the cell shows it (an HS code Excel stored as a number
/// and lost its leading zero…): taken, and said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellNote {
    /// Where.
    pub at: CellRef,
    /// What was done.
    pub message: Bilingual,
}

/// Everything read from the sheet, before anything is written.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The sheet read.
    pub sheet: String,
    /// The header row, from 0.
    pub header_row: u32,
    /// The columns used: field and column index.
    pub columns: Vec<(Column, u32)>,
    /// Headings no field matched (shown so a broker can map them).
    pub unmapped: Vec<(u32, String)>,
    /// The lines read, in sheet order.
    pub lines: Vec<PreviewLine>,
    /// Blank rows between lines, skipped (from 0).
    pub blank_rows: Vec<u32>,
    /// Total rows ("Tổng cộng"…), skipped (from 0), with the invoice value they state.
    pub total_rows: Vec<(u32, Option<Decimal>)>,
    /// Fields a declaration needs that no column holds (`hs_code`, `quantity.amount`…).
    pub missing: Vec<Column>,
    /// Cells that cannot be taken.
    pub problems: Vec<CellProblem>,
    /// Values taken with a change worth saying.
    pub notes: Vec<CellNote>,
}

impl Preview {
    /// Whether the lines may be written (no cell problem).
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The blank rows skipped, as the sheet numbers them (`3, 7`).
    pub fn blank_rows_text(&self) -> String {
        let rows: Vec<String> = self
            .blank_rows
            .iter()
            .map(|r| (r + 1).to_string())
            .collect();
        rows.join(", ")
    }
}

/// Reads the goods lines of `sheet` for a declaration of `direction`.
///
/// # Errors
/// [`GoodsSheetError`] for what refuses the whole file (see the module's header); cells that
/// cannot be read are in [`Preview::problems`].
pub fn preview(
    sheet: &Sheet,
    direction: Direction,
    mapping: &Mapping,
) -> Result<Preview, GoodsSheetError> {
    let header_row = match mapping.header_row {
        Some(row) if row >= 1 => row - 1,
        Some(_) => {
            return Err(GoodsSheetError::NoHeader {
                first_row: Vec::new(),
            });
        }
        None => find_header(sheet, direction).ok_or_else(|| GoodsSheetError::NoHeader {
            first_row: first_texts(sheet),
        })?,
    };
    let (columns, unmapped) = resolve_columns(sheet, direction, mapping, header_row)?;
    if !columns
        .iter()
        .any(|(c, _)| matches!(c.key(), "hs_code" | "description"))
    {
        return Err(GoodsSheetError::NoHeader {
            first_row: header_texts(sheet, header_row),
        });
    }
    refuse_structure(sheet, header_row)?;
    let missing = missing_columns(direction, &columns);
    let mark = if mapping.vietnamese_numbers {
        DecimalMark::Comma
    } else {
        DecimalMark::Point
    };
    let mut out = Preview {
        sheet: sheet.name.clone(),
        header_row,
        columns,
        unmapped,
        lines: Vec::new(),
        blank_rows: Vec::new(),
        total_rows: Vec::new(),
        missing,
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let mut blanks = Vec::new();
    #[allow(clippy::cast_possible_truncation)] // Excel has at most 2^20 rows.
    let last = sheet.rows.len() as u32;
    for row in header_row + 1..last {
        let used = out
            .columns
            .iter()
            .any(|(_, col)| !sheet.cell(CellRef { row, col: *col }).is_blank());
        if !used {
            blanks.push(row);
            continue;
        }
        out.blank_rows.append(&mut blanks);
        if out.lines.len() == MAX_ROWS {
            return Err(GoodsSheetError::TooManyRows {
                count: count_rows(sheet, &out.columns, header_row),
            });
        }
        let mut line = GoodsLine::default();
        let (problems_before, notes_before) = (out.problems.len(), out.notes.len());
        let (problems, notes) = (&mut out.problems, &mut out.notes);
        for (column, col) in &out.columns {
            let at = CellRef { row, col: *col };
            read_cell(sheet.cell(at), at, column, mark, &mut line, problems, notes);
        }
        if is_total_row(&line) {
            // The invoice's total row is no goods line: what its cells say is not checked.
            out.problems.truncate(problems_before);
            out.notes.truncate(notes_before);
            out.total_rows.push((row, line.invoice_value));
            continue;
        }
        out.lines.push(PreviewLine { row, line });
    }
    if out.lines.is_empty() {
        return Err(GoodsSheetError::NoLines);
    }
    check_total(&mut out);
    Ok(out)
}

/// The fields every goods line needs (the presence rules ask for them: HS code, description,
/// quantity and unit, origin on an import, a value or a unit price) that no column holds.
fn missing_columns(direction: Direction, chosen: &[(Column, u32)]) -> Vec<Column> {
    let has = |key: &str| chosen.iter().any(|(c, _)| c.key() == key);
    let mut needed = vec!["hs_code", "description", "quantity.amount", "quantity.unit"];
    if direction == Direction::Import {
        needed.push("origin_country");
    }
    if !has("unit_price") {
        needed.push("invoice_value");
    }
    super::columns::columns(direction)
        .into_iter()
        .filter(|c| needed.contains(&c.key()) && !has(c.key()))
        .collect()
}

/// Words an invoice's total row starts with (compared without accents or case).
const TOTAL_WORDS: [&str; 7] = [
    "tong cong",
    "tong",
    "cong",
    "total",
    "grand total",
    "sub total",
    "subtotal",
];

/// A row without an HS code whose description or product code says "Tổng cộng", "Cộng",
/// "Total"…: the invoice's total, not a goods line.
fn is_total_row(line: &GoodsLine) -> bool {
    if line
        .hs_code
        .as_deref()
        .is_some_and(|h| !h.trim().is_empty())
    {
        return false;
    }
    [&line.description, &line.own_code].iter().any(|text| {
        text.as_deref().is_some_and(|t| {
            let folded = crate::domain::text::fold(t.trim());
            let head: String = folded
                .chars()
                .take_while(|c| c.is_alphabetic() || *c == ' ')
                .collect();
            TOTAL_WORDS.contains(&head.trim())
        })
    })
}

/// A total row's invoice value against the lines' sum: said when they differ.
fn check_total(out: &mut Preview) {
    let Some(&(row, Some(stated))) = out.total_rows.last() else {
        return;
    };
    let sum: Decimal = out.lines.iter().filter_map(|l| l.line.invoice_value).sum();
    let value_col = out
        .columns
        .iter()
        .find(|(c, _)| c.key() == "invoice_value")
        .map_or(0, |(_, col)| *col);
    let at = CellRef {
        row,
        col: value_col,
    };
    let message = if stated == sum {
        Bilingual::new(
            format!("dòng tổng cộng, bỏ qua; khớp tổng trị giá các dòng hàng ({sum})"),
            format!("the total row, skipped; it matches the lines' sum ({sum})"),
        )
    } else {
        Bilingual::new(
            format!(
                "dòng tổng cộng ghi {stated} nhưng các dòng hàng cộng lại là {sum}: kiểm tra lại hóa đơn"
            ),
            format!("the total row says {stated} but the lines add up to {sum}: check the invoice"),
        )
    };
    out.notes.push(CellNote { at, message });
}

/// How to add the lines read to a declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// After the lines it has.
    Append,
    /// Instead of the lines it has.
    Replace,
}

/// The declaration with the preview's lines added; nothing is changed when refused.
///
/// # Errors
/// [`GoodsSheetError::Unreadable`] while a cell cannot be read, or
/// [`GoodsSheetError::TooManyLines`] past 50 lines (`khaibao split` makes several
/// declarations).
pub fn apply(
    declaration: &Declaration,
    preview: &Preview,
    mode: Mode,
) -> Result<Declaration, GoodsSheetError> {
    if let Some(first) = preview.problems.first() {
        return Err(GoodsSheetError::Unreadable {
            count: preview.problems.len(),
            first: format!("{}: {}", first.at, first.message.vi),
            first_en: format!("{}: {}", first.at, first.message.en),
        });
    }
    let kept = match mode {
        Mode::Append => declaration.goods.len(),
        Mode::Replace => 0,
    };
    if kept + preview.lines.len() > MAX_GOODS_LINES {
        return Err(GoodsSheetError::TooManyLines {
            kept,
            read: preview.lines.len(),
        });
    }
    let mut out = declaration.clone();
    if mode == Mode::Replace {
        out.goods.clear();
    }
    out.goods
        .extend(preview.lines.iter().map(|l| l.line.clone()));
    Ok(out)
}

/// The first row in the top rows whose cells name at least two fields.
fn find_header(sheet: &Sheet, direction: Direction) -> Option<u32> {
    #[allow(clippy::cast_possible_truncation)]
    let rows = (sheet.rows.len() as u32).min(HEADER_SEARCH_ROWS);
    (0..rows).find(|row| {
        sheet.rows[*row as usize]
            .iter()
            .filter(|c| match c {
                Cell::Text(t) => column_for_heading(direction, t).is_some(),
                _ => false,
            })
            .count()
            >= 2
    })
}

fn header_texts(sheet: &Sheet, row: u32) -> Vec<String> {
    sheet
        .rows
        .get(row as usize)
        .map(|r| {
            r.iter()
                .filter(|c| !c.is_blank())
                .map(Cell::shown)
                .collect()
        })
        .unwrap_or_default()
}

fn first_texts(sheet: &Sheet) -> Vec<String> {
    sheet
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .filter(|c| !c.is_blank())
                .map(Cell::shown)
                .collect::<Vec<_>>()
        })
        .find(|r| !r.is_empty())
        .unwrap_or_default()
}

type Resolved = (Vec<(Column, u32)>, Vec<(u32, String)>);

fn resolve_columns(
    sheet: &Sheet,
    direction: Direction,
    mapping: &Mapping,
    header_row: u32,
) -> Result<Resolved, GoodsSheetError> {
    let header = sheet
        .rows
        .get(header_row as usize)
        .cloned()
        .unwrap_or_default();
    let mut chosen: Vec<(Column, u32)> = Vec::new();
    for (key, spec) in &mapping.columns {
        let column = column_for_key(direction, key)
            .ok_or_else(|| GoodsSheetError::UnknownField { key: key.clone() })?;
        let col = match spec {
            ColumnSpec::Letter(letters) => {
                let col = CellRef::column_from_letters(letters).ok_or_else(|| {
                    GoodsSheetError::BadMapping {
                        entry: format!("{key}={letters}"),
                    }
                })?;
                // A column with nothing in it from the header down is a mistyped letter.
                let used = sheet
                    .rows
                    .iter()
                    .skip(header_row as usize)
                    .any(|r| r.get(col as usize).is_some_and(|c| !c.is_blank()));
                if !used {
                    return Err(GoodsSheetError::EmptyColumn {
                        letters: letters.clone(),
                        header: header_texts(sheet, header_row),
                    });
                }
                col
            }
            ColumnSpec::Heading(heading) => (0u32..)
                .zip(&header)
                .find(|(_, c)| {
                    super::columns::normalise_heading(&c.shown())
                        == super::columns::normalise_heading(heading)
                })
                .map(|(i, _)| i)
                .ok_or_else(|| GoodsSheetError::MissingHeading {
                    heading: heading.clone(),
                    header: header_texts(sheet, header_row),
                })?,
        };
        chosen.retain(|(c, _)| c.key() != column.key());
        chosen.push((column, col));
    }
    let mut unmapped = Vec::new();
    let mut found: Vec<(Column, Vec<u32>)> = Vec::new();
    for (col, cell) in (0u32..).zip(&header) {
        if cell.is_blank() || chosen.iter().any(|(_, c)| *c == col) {
            continue;
        }
        if mapping.only_listed {
            unmapped.push((col, cell.shown()));
            continue;
        }
        match column_for_heading(direction, &cell.shown()) {
            Some(column) if chosen.iter().all(|(c, _)| c.key() != column.key()) => {
                match found.iter_mut().find(|(c, _)| c.key() == column.key()) {
                    Some((_, cols)) => cols.push(col),
                    None => found.push((column, vec![col])),
                }
            }
            Some(_) | None => unmapped.push((col, cell.shown())),
        }
    }
    for (column, cols) in found {
        if let [col] = cols[..] {
            chosen.push((column, col));
        } else {
            return Err(GoodsSheetError::AmbiguousColumn {
                field: column.heading(direction, true),
                field_en: column.heading(direction, false),
                key: column.key().to_owned(),
                columns: cols.iter().map(|c| CellRef::column_letters(*c)).collect(),
            });
        }
    }
    chosen.sort_by_key(|(_, col)| *col);
    Ok((chosen, unmapped))
}

/// Merged cells at or below the header, hidden rows and uncomputed formulas below it.
fn refuse_structure(sheet: &Sheet, header_row: u32) -> Result<(), GoodsSheetError> {
    let merged: Vec<String> = sheet
        .merged
        .iter()
        .filter(|(_, last)| last.row >= header_row)
        .map(|(first, last)| format!("{first}:{last}"))
        .collect();
    if !merged.is_empty() {
        return Err(GoodsSheetError::MergedCells { ranges: merged });
    }
    let hidden: Vec<u32> = sheet
        .hidden_rows
        .iter()
        .copied()
        .filter(|r| {
            *r > header_row
                && sheet
                    .rows
                    .get(*r as usize)
                    .is_some_and(|c| c.iter().any(|c| !c.is_blank()))
        })
        .map(|r| r + 1)
        .collect();
    if !hidden.is_empty() {
        return Err(GoodsSheetError::HiddenRows { rows: hidden });
    }
    let uncomputed: Vec<String> = sheet
        .uncomputed
        .iter()
        .filter(|(at, _)| at.row > header_row)
        .map(|(at, formula)| format!("{at} ({formula})"))
        .collect();
    if !uncomputed.is_empty() {
        return Err(GoodsSheetError::Uncomputed { cells: uncomputed });
    }
    Ok(())
}

fn count_rows(sheet: &Sheet, columns: &[(Column, u32)], header_row: u32) -> usize {
    sheet
        .rows
        .iter()
        .skip(header_row as usize + 1)
        .filter(|r| {
            columns
                .iter()
                .any(|(_, col)| r.get(*col as usize).is_some_and(|c| !c.is_blank()))
        })
        .count()
}

/// Reads one cell into its field of `line`, or records why it cannot.
fn read_cell(
    cell: &Cell,
    at: CellRef,
    column: &Column,
    mark: DecimalMark,
    line: &mut GoodsLine,
    problems: &mut Vec<CellProblem>,
    notes: &mut Vec<CellNote>,
) {
    if cell.is_blank() {
        return;
    }
    let path = column.field.path;
    if let Some(slot) = column.slot {
        // TX1–TX5: the code of the other tax in that place.
        if line.other_taxes.len() <= slot {
            line.other_taxes.resize_with(slot + 1, Default::default);
        }
        line.other_taxes[slot].code = Some(read_text(cell, column).0);
        return;
    }
    let Access::Goods(_, set) = column.field.access else {
        return;
    };
    let problem = |message: Bilingual| CellProblem {
        at,
        path,
        shown: cell.shown(),
        message,
    };
    if let Cell::Error(e) = cell {
        problems.push(problem(Bilingual::new(
            format!("ô có lỗi công thức Excel {e}: sửa công thức trong Excel rồi nhập lại"),
            format!(
                "the cell holds the Excel error {e}: correct the formula in Excel and import again"
            ),
        )));
        return;
    }
    match set(line) {
        FieldMut::Decimal(slot) => match read_number(cell, column.field.kind, mark) {
            Ok(value) => *slot = Some(value),
            Err(message) => problems.push(problem(message)),
        },
        FieldMut::Text(slot) => {
            let (value, note) = read_text(cell, column);
            if let Some(message) = note {
                notes.push(CellNote { at, message });
            }
            *slot = Some(value);
        }
        FieldMut::Date(_) => {}
    }
}

fn read_number(cell: &Cell, kind: Kind, mark: DecimalMark) -> Result<Decimal, Bilingual> {
    let precision = match kind {
        Kind::Decimal(p) => p,
        Kind::Integer => Precision::COUNT,
        _ => Precision(10),
    };
    match cell {
        Cell::Number(text) => {
            // The exact value Excel stores, then VNACCS's precision: never rounded silently.
            let value = Decimal::from_str_exact(text).map_err(|_| {
                Bilingual::new(
                    format!("«{text}»: số quá lớn"),
                    format!("«{text}»: the number is too large"),
                )
            })?;
            if value.is_sign_negative() && !value.is_zero() {
                return Err(Bilingual::new(
                    format!("«{text}»: không khai số âm"),
                    format!("«{text}»: negative amounts are not declared"),
                ));
            }
            if value.scale() > precision.0 {
                let max = precision.0;
                return Err(Bilingual::new(
                    format!(
                        "Excel lưu giá trị {text} (có thể do công thức tính ra); VNACCS nhận tối đa {max} chữ số thập phân: làm tròn trong Excel (hàm ROUND) rồi nhập lại"
                    ),
                    format!(
                        "Excel holds {text} (perhaps computed by a formula); VNACCS takes at most {max} decimals: round it in Excel (ROUND) and import again"
                    ),
                ));
            }
            Ok(value.normalize())
        }
        Cell::Text(text) => parse_number(text, mark, precision).map_err(|e| {
            // `1,500` read the Vietnamese way has three decimals; read the English way it is
            // fifteen hundred: say which convention would read it, never pick one.
            let other = match mark {
                DecimalMark::Comma => DecimalMark::Point,
                DecimalMark::Point => DecimalMark::Comma,
            };
            match parse_number(text, other, precision) {
                Ok(value) => other_convention(text, value, other),
                Err(_) => e.message(),
            }
        }),
        Cell::Date(text) => Err(Bilingual::new(
            format!("«{text}» là ngày, cột này cần một số: đổi định dạng ô trong Excel sang Số"),
            format!(
                "«{text}» is a date; this column needs a number: format the cell as Number in Excel"
            ),
        )),
        _ => Err(Bilingual::new(
            format!("«{}» không phải là số", cell.shown()),
            format!("«{}» is not a number", cell.shown()),
        )),
    }
}

/// A number typed in the other convention than the one chosen.
fn other_convention(text: &str, value: Decimal, other: DecimalMark) -> Bilingual {
    let (vi_way, en_way, option) = match other {
        DecimalMark::Point => ("kiểu tiếng Anh", "the English way", "point"),
        DecimalMark::Comma => ("kiểu Việt Nam", "the Vietnamese way", "comma"),
    };
    Bilingual::new(
        format!(
            "«{text}» không đọc được theo cách ghi số đã chọn; nếu đọc {vi_way} thì là {value}: chọn cách ghi số đó (--decimal {option}, hoặc ô «Số nhập kiểu Việt Nam» trong cửa sổ) nếu cả tệp ghi như vậy"
        ),
        format!(
            "«{text}» cannot be read in the number convention chosen; read {en_way} it is {value}: choose that convention (--decimal {option}, or the window's «Numbers typed the Vietnamese way» box) if the whole file is written so"
        ),
    )
}

/// Text of a cell, NFC and trimmed; codes in capitals, and an HS code's dots and spaces
/// removed and a leading zero Excel dropped restored.
fn read_text(cell: &Cell, column: &Column) -> (String, Option<Bilingual>) {
    let shown = cell.shown();
    let text: String = shown.trim().nfc().collect();
    if column.field.kind != Kind::Code {
        return (text, None);
    }
    let code = text.to_uppercase();
    if column.key() != "hs_code" {
        return (code, None);
    }
    let digits: String = code.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if matches!(cell, Cell::Number(_))
        && digits.len() == 7
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        let padded = format!("0{digits}");
        let note = Bilingual::new(
            format!(
                "{shown} đọc là {padded} (Excel bỏ số 0 đầu của ô kiểu số; nên định dạng cột mã HS là Văn bản)"
            ),
            format!(
                "{shown} read as {padded} (Excel drops the leading zero of a number cell; format the HS code column as Text)"
            ),
        );
        return (padded, Some(note));
    }
    let note = (digits != code).then(|| {
        Bilingual::new(
            format!("«{shown}» đọc là {digits}"),
            format!("«{shown}» read as {digits}"),
        )
    });
    (digits, note)
}
