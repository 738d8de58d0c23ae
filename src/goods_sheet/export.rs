//! Goods lines out: an `.xlsx` workbook (with `rust_xlsxwriter`) or a CSV file, headed by the
//! official field names so that [`super::import`] reads them back unchanged; and the template
//! a broker fills (the same header, no lines, and a sheet explaining each column). Pure: gives
//! bytes, the caller writes them.
//!
//! Excel stores numbers as binary floating point: a value is written as an Excel number when it
//! reads back exactly (any value VNACCS takes, up to 15 significant digits), else as text, so
//! nothing is ever rounded on the way out.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::GoodsSheetError;
use super::columns::{Column, columns};
use crate::domain::fields::{Access, FieldRef, Kind};
use crate::domain::{Direction, GoodsLine};

/// The goods lines as an `.xlsx` workbook: one sheet "Danh sách hàng" (or "Goods"), a header
/// row of official names, one row per line.
///
/// # Errors
/// [`GoodsSheetError::Write`] when the writer fails.
pub fn to_xlsx(
    lines: &[GoodsLine],
    direction: Direction,
    vietnamese: bool,
) -> Result<Vec<u8>, GoodsSheetError> {
    workbook(lines, direction, vietnamese, false).map_err(|e| GoodsSheetError::Write {
        detail: e.to_string(),
    })
}

/// The import template: the header row, no lines, and a guide sheet with each column's
/// VNACCS item, kind and limits.
///
/// # Errors
/// [`GoodsSheetError::Write`] when the writer fails.
pub fn template_xlsx(direction: Direction, vietnamese: bool) -> Result<Vec<u8>, GoodsSheetError> {
    workbook(&[], direction, vietnamese, true).map_err(|e| GoodsSheetError::Write {
        detail: e.to_string(),
    })
}

/// The goods lines as CSV in UTF-8 with a BOM (so Excel shows Vietnamese letters): with
/// `vietnamese_numbers`, `;` between cells and `,` as the decimal mark (how Excel in a
/// Vietnamese locale reads CSV), else `,` and `.`. Numbers are not grouped.
pub fn to_csv(
    lines: &[GoodsLine],
    direction: Direction,
    vietnamese: bool,
    vietnamese_numbers: bool,
) -> Vec<u8> {
    let columns = columns(direction);
    let delimiter = if vietnamese_numbers { b';' } else { b',' };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let header: Vec<String> = columns
        .iter()
        .map(|c| c.heading(direction, vietnamese))
        .collect();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(&header);
    for line in lines {
        let record: Vec<String> = columns
            .iter()
            .map(|c| match value(c, line) {
                Value::Text(t) => t,
                Value::Number(d) if vietnamese_numbers => d.to_string().replace('.', ","),
                Value::Number(d) => d.to_string(),
                Value::None => String::new(),
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

enum Value {
    Text(String),
    Number(Decimal),
    None,
}

fn value(column: &Column, line: &GoodsLine) -> Value {
    if let Some(slot) = column.slot {
        return line
            .other_taxes
            .get(slot)
            .and_then(|t| t.code.as_deref())
            .filter(|c| !c.trim().is_empty())
            .map_or(Value::None, |c| Value::Text(c.trim().to_owned()));
    }
    let Access::Goods(get, _) = column.field.access else {
        return Value::None;
    };
    match get(line) {
        FieldRef::Text(Some(t)) if !t.trim().is_empty() => Value::Text(t.trim().to_owned()),
        FieldRef::Decimal(Some(d)) => Value::Number(d.normalize()),
        FieldRef::Date(Some(d)) => Value::Text(d.format("%d/%m/%Y").to_string()),
        _ => Value::None,
    }
}

/// The Excel number for `d` when it reads back as exactly `d`.
fn exact_float(d: Decimal) -> Option<f64> {
    let f = d.to_f64()?;
    let back = Decimal::from_str_exact(&f.to_string()).ok()?;
    (back == d.normalize()).then_some(f)
}

fn workbook(
    lines: &[GoodsLine],
    direction: Direction,
    vietnamese: bool,
    guide: bool,
) -> Result<Vec<u8>, XlsxError> {
    let columns = columns(direction);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap();
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(if vietnamese {
        "Danh sách hàng"
    } else {
        "Goods"
    })?;
    for (col, column) in (0u16..).zip(&columns) {
        sheet.write_string_with_format(0, col, column.heading(direction, vietnamese), &bold)?;
        let width = match column.field.kind {
            Kind::Text => 48.0,
            Kind::Decimal(_) | Kind::Number => 16.0,
            _ => 14.0,
        };
        sheet.set_column_width(col, width)?;
        if !matches!(
            column.field.kind,
            Kind::Decimal(_) | Kind::Number | Kind::Integer
        ) {
            // Codes and text stay text: Excel keeps an HS code's leading zero.
            sheet.set_column_format(col, &text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, line) in (1u32..).zip(lines) {
        for (col, column) in (0u16..).zip(&columns) {
            match value(column, line) {
                Value::Text(t) => {
                    sheet.write_string_with_format(row, col, t, &text)?;
                }
                Value::Number(d) => match exact_float(d) {
                    Some(f) => {
                        sheet.write_number(row, col, f)?;
                    }
                    None => {
                        sheet.write_string(row, col, d.to_string())?;
                    }
                },
                Value::None => {}
            }
        }
    }
    if guide {
        write_guide(&mut book, &columns, direction, vietnamese, &bold)?;
    }
    book.save_to_buffer()
}

fn write_guide(
    book: &mut Workbook,
    columns: &[Column],
    direction: Direction,
    vietnamese: bool,
    bold: &Format,
) -> Result<(), XlsxError> {
    let guide = book.add_worksheet();
    guide.set_name(if vietnamese {
        "Hướng dẫn"
    } else {
        "Guide"
    })?;
    let heads: [&str; 4] = if vietnamese {
        ["Cột", "Chỉ tiêu VNACCS", "Kiểu", "Ghi chú"]
    } else {
        ["Column", "VNACCS item", "Kind", "Notes"]
    };
    for (col, head) in (0u16..).zip(heads) {
        guide.write_string_with_format(0, col, head, bold)?;
    }
    guide.set_column_width(0, 36.0)?;
    guide.set_column_width(2, 28.0)?;
    guide.set_column_width(3, 70.0)?;
    for (row, column) in (1u32..).zip(columns) {
        let (kind, note) = describe(column, vietnamese);
        guide.write_string(row, 0, column.heading(direction, vietnamese))?;
        guide.write_string(row, 1, column.item(direction))?;
        guide.write_string(row, 2, kind)?;
        guide.write_string(row, 3, note)?;
    }
    Ok(())
}

/// A column's kind and a note for the guide sheet.
fn describe(column: &Column, vietnamese: bool) -> (String, String) {
    let limit = column.field.limit.map(crate::domain::fields::Limit::chars);
    let pick = |vi: String, en: String| if vietnamese { vi } else { en };
    match column.field.kind {
        Kind::Decimal(p) => (
            pick("Số".into(), "Number".into()),
            pick(
                format!(
                    "Tối đa {} chữ số thập phân; ô kiểu Số, hoặc văn bản 1.234,5",
                    p.0
                ),
                format!("At most {} decimals; a Number cell, or text 1,234.5", p.0),
            ),
        ),
        Kind::Number | Kind::Integer => (pick("Số".into(), "Number".into()), String::new()),
        Kind::Code => (
            pick("Mã".into(), "Code".into()),
            pick(
                format!(
                    "Theo bảng mã{}",
                    limit
                        .map(|n| format!("; tối đa {n} ký tự"))
                        .unwrap_or_default()
                ),
                format!(
                    "From the code table{}",
                    limit
                        .map(|n| format!("; at most {n} characters"))
                        .unwrap_or_default()
                ),
            ),
        ),
        _ => (
            pick("Văn bản".into(), "Text".into()),
            limit
                .map(|n| {
                    pick(
                        format!("Tối đa {n} ký tự"),
                        format!("At most {n} characters"),
                    )
                })
                .unwrap_or_default(),
        ),
    }
}
