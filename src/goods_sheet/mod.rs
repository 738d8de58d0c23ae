//! Goods lines to and from spreadsheets: import from Excel (`.xlsx`, `.xls`, `.ods`) or CSV
//! with a column mapping and a preview where every cell is checked before anything is written
//! ([`import`]), and export to `.xlsx` and CSV, the template included ([`export`]). Which
//! columns exist and how headings are recognised is [`columns`].

pub mod columns;
pub mod export;
pub mod import;

pub use import::{ColumnSpec, Mapping, Mode, Preview, apply, preview};

use crate::domain::text::Bilingual;
use crate::sheets::SheetError;

/// Why goods lines cannot be imported or exported. Nothing is written when any is returned.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum GoodsSheetError {
    /// The file cannot be read.
    Sheet(#[from] SheetError),
    /// No header row naming the goods columns.
    NoHeader {
        /// The texts of the first non-empty row (or the row asked for).
        first_row: Vec<String>,
    },
    /// A `--map` entry without `=` or with a bad column.
    BadMapping {
        /// The entry.
        entry: String,
    },
    /// A mapping names a field that is not a goods-line column.
    UnknownField {
        /// What was named.
        key: String,
    },
    /// A mapping names a heading the header row does not have.
    MissingHeading {
        /// The heading asked for.
        heading: String,
        /// The header row's texts.
        header: Vec<String>,
    },
    /// A mapping names a column with nothing in it.
    EmptyColumn {
        /// The column's letters.
        letters: String,
        /// The header row's texts.
        header: Vec<String>,
    },
    /// Two columns have headings naming the same field.
    AmbiguousColumn {
        /// The field's Vietnamese name.
        field: String,
        /// The field's English name.
        field_en: String,
        /// The key to map it with.
        key: String,
        /// The columns' letters.
        columns: Vec<String>,
    },
    /// Merged cells in the header row or below.
    MergedCells {
        /// The regions (`A1:C1`).
        ranges: Vec<String>,
    },
    /// Hidden rows among the goods rows.
    HiddenRows {
        /// Sheet rows, from 1.
        rows: Vec<u32>,
    },
    /// Formulas without a value.
    Uncomputed {
        /// Cells with their formulas.
        cells: Vec<String>,
    },
    /// More goods rows than one invoice may hold.
    TooManyRows {
        /// Goods rows in the file.
        count: usize,
    },
    /// No goods row below the header.
    NoLines,
    /// Cells that cannot be read (listed in the preview).
    Unreadable {
        /// How many.
        count: usize,
        /// The first, in Vietnamese.
        first: String,
        /// The first, in English.
        first_en: String,
    },
    /// More than 50 lines on one declaration.
    TooManyLines {
        /// Lines kept.
        kept: usize,
        /// Lines read.
        read: usize,
    },
    /// The spreadsheet writer failed.
    Write {
        /// What it said.
        detail: String,
    },
}

impl GoodsSheetError {
    /// What to tell the broker.
    #[allow(clippy::too_many_lines)] // One message per case, in both languages.
    pub fn message(&self) -> Bilingual {
        let list = |items: &[String]| {
            let shown: Vec<&str> = items.iter().take(10).map(String::as_str).collect();
            let more = items.len().saturating_sub(10);
            if more > 0 {
                format!("{} (+{more})", shown.join(", "))
            } else {
                shown.join(", ")
            }
        };
        match self {
            Self::Sheet(e) => e.message(),
            Self::NoHeader { first_row } => Bilingual::new(
                format!(
                    "Không tìm thấy dòng tiêu đề có cột «Mã số hàng hóa» hoặc «Mô tả hàng hóa» (trong 30 dòng đầu). Dòng đầu của trang tính: {}. Hãy dùng tệp mẫu, hoặc chỉ rõ cột (--map CMD=C,CMN=D) và dòng tiêu đề (--header-row)",
                    list(first_row)
                ),
                format!(
                    "No header row with an «HS code» or «Goods description» column (in the first 30 rows). The sheet's first row: {}. Use the template, or name the columns (--map CMD=C,CMN=D) and the header row (--header-row)",
                    list(first_row)
                ),
            ),
            Self::BadMapping { entry } => Bilingual::new(
                format!(
                    "«{entry}»: mỗi cột khai dạng chỉ_tiêu=cột, ví dụ CMD=C hoặc hs_code=Mã HS"
                ),
                format!(
                    "«{entry}»: name each column as field=column, e.g. CMD=C or hs_code=HS code"
                ),
            ),
            Self::UnknownField { key } => Bilingual::new(
                format!(
                    "«{key}» không phải chỉ tiêu của dòng hàng (ví dụ CMD, hs_code, quantity.amount)"
                ),
                format!("«{key}» is not a goods-line field (e.g. CMD, hs_code, quantity.amount)"),
            ),
            Self::MissingHeading { heading, header } => Bilingual::new(
                format!(
                    "Dòng tiêu đề không có cột «{heading}»; các cột: {}",
                    list(header)
                ),
                format!(
                    "The header row has no column «{heading}»; its columns: {}",
                    list(header)
                ),
            ),
            Self::EmptyColumn { letters, header } => Bilingual::new(
                format!(
                    "Cột {letters} trống (không có tiêu đề, không có giá trị); các cột của dòng tiêu đề: {}",
                    list(header)
                ),
                format!(
                    "Column {letters} is empty (no heading, no value); the header row's columns: {}",
                    list(header)
                ),
            ),
            Self::AmbiguousColumn {
                field,
                field_en,
                key,
                columns,
            } => Bilingual::new(
                format!(
                    "Các cột {} đều là «{field}»: chọn một cột (--map {key}={})",
                    columns.join(", "),
                    columns.first().map_or("", String::as_str)
                ),
                format!(
                    "Columns {} all read as «{field_en}»: choose one (--map {key}={})",
                    columns.join(", "),
                    columns.first().map_or("", String::as_str)
                ),
            ),
            Self::MergedCells { ranges } => Bilingual::new(
                format!(
                    "Trang tính có ô gộp ở dòng tiêu đề hoặc danh sách hàng ({}): bỏ gộp ô (Merge & Center → Unmerge) để mỗi dòng hàng có đủ giá trị của mình; không nhập gì",
                    list(ranges)
                ),
                format!(
                    "The sheet has merged cells in the header or the goods rows ({}): unmerge them so that each line has its own values; nothing was imported",
                    list(ranges)
                ),
            ),
            Self::HiddenRows { rows } => {
                let rows: Vec<String> = rows.iter().map(u32::to_string).collect();
                Bilingual::new(
                    format!(
                        "Các dòng {} đang bị ẩn trong Excel: hiện chúng (Unhide) hoặc xóa chúng; KhaiBao không đoán dòng ẩn có thuộc lô hàng hay không; không nhập gì",
                        list(&rows)
                    ),
                    format!(
                        "Rows {} are hidden in Excel: unhide or delete them; KhaiBao does not guess whether a hidden row belongs to the shipment; nothing was imported",
                        list(&rows)
                    ),
                )
            }
            Self::Uncomputed { cells } => Bilingual::new(
                format!(
                    "Các ô công thức chưa được tính giá trị: {}. Mở tệp bằng Excel và lưu lại (Excel tính công thức khi lưu); không nhập gì",
                    list(cells)
                ),
                format!(
                    "Formula cells hold no computed value: {}. Open the file in Excel and save it again (Excel computes formulas when saving); nothing was imported",
                    list(cells)
                ),
            ),
            Self::TooManyRows { count } => Bilingual::new(
                format!(
                    "Tệp có {count} dòng hàng; KhaiBao nhận tối đa {} dòng của một hóa đơn (tách thành tối đa 16 tờ khai 50 dòng). Tách tệp theo hóa đơn; không nhập gì",
                    import::MAX_ROWS
                ),
                format!(
                    "The file has {count} goods rows; KhaiBao takes at most {} lines of one invoice (split into at most 16 declarations of 50). Split the file by invoice; nothing was imported",
                    import::MAX_ROWS
                ),
            ),
            Self::NoLines => Bilingual::new(
                "Không có dòng hàng nào dưới dòng tiêu đề",
                "There is no goods row below the header row",
            ),
            Self::Unreadable {
                count,
                first,
                first_en,
            } => Bilingual::new(
                format!(
                    "{count} ô không đọc được, ví dụ {first}; sửa tệp rồi nhập lại; không nhập gì"
                ),
                format!(
                    "{count} cell(s) cannot be read, e.g. {first_en}; correct the file and import again; nothing was imported"
                ),
            ),
            Self::TooManyLines { kept: 0, read } => Bilingual::new(
                format!(
                    "Một tờ khai có tối đa 50 dòng hàng; tệp có {read} dòng: tách hóa đơn thành nhiều tờ khai (khaibao split, hoặc «Tách thành các tờ khai nháp» trong cửa sổ)"
                ),
                format!(
                    "A declaration has at most 50 goods lines; the file has {read}: split the invoice into several declarations (khaibao split, or «Split into draft declarations» in the window)"
                ),
            ),
            Self::TooManyLines { kept, read } => Bilingual::new(
                format!(
                    "Một tờ khai có tối đa 50 dòng hàng: {kept} dòng có sẵn và {read} dòng đọc được là {}. Dùng «Thay thế», hoặc tách hóa đơn thành nhiều tờ khai (khaibao split)",
                    kept + read
                ),
                format!(
                    "A declaration has at most 50 goods lines: {kept} kept and {read} read make {}. Use «Replace», or split the invoice into several declarations (khaibao split)",
                    kept + read
                ),
            ),
            Self::Write { detail } => Bilingual::new(
                format!("Không ghi được bảng tính: {detail}"),
                format!("Cannot write the spreadsheet: {detail}"),
            ),
        }
    }
}

crate::domain::text::localized!(GoodsSheetError);

#[cfg(test)]
mod tests;
