//! Goods lines through real spreadsheet files: workbooks written with `rust_xlsxwriter` (as
//! Excel writes them: merged cells, hidden rows, formulas, number cells) and CSV files, read
//! back with `calamine`/`csv` into the preview.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Workbook};

use super::import::{CellProblem, MAX_ROWS};
use super::*;
use crate::domain::{Declaration, Direction};
use crate::sheets::read_sheet;

fn fixture() -> Declaration {
    crate::domain::file::from_json(include_str!(
        "../../tests/fixtures/import-sea-container.json"
    ))
    .unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn read(path: &Path, mapping: &Mapping) -> Result<Preview, GoodsSheetError> {
    let sheet = read_sheet(path, mapping.sheet.as_deref())?;
    preview(&sheet, Direction::Import, mapping)
}

/// A workbook "Hàng" with a title row, the header in row 3, and `rows` written by `fill`.
fn workbook(dir: &Path, name: &str, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> PathBuf {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Hàng").unwrap();
    sheet
        .write_string(0, 0, "HÓA ĐƠN THƯƠNG MẠI / COMMERCIAL INVOICE")
        .unwrap();
    for (col, head) in [
        "Mã HS",
        "Tên hàng",
        "Xuất xứ",
        "Số lượng",
        "ĐVT",
        "Đơn giá",
        "Trị giá",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(2, u16::try_from(col).unwrap(), *head)
            .unwrap();
    }
    fill(sheet);
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

/// Removes the value saved with a formula cell, as programs that write formulas without
/// computing them leave it.
fn without_cached_value(path: &Path, cell: &str) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(content).unwrap();
            let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
            let end = start + xml[start..].find("</c>").unwrap();
            let v = start + xml[start..end].find("<v>").unwrap();
            let v_end = v + xml[v..].find("</v>").unwrap() + 4;
            xml.replace_range(v..v_end, "");
            content = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

fn good_row(sheet: &mut rust_xlsxwriter::Worksheet, row: u32, hs: &str, qty: f64, price: f64) {
    sheet.write_string(row, 0, hs).unwrap();
    sheet
        .write_string(row, 1, format!("Quạt điện dòng {row}"))
        .unwrap();
    sheet.write_string(row, 2, "CN").unwrap();
    sheet.write_number(row, 3, qty).unwrap();
    sheet.write_string(row, 4, "PCE").unwrap();
    sheet.write_number(row, 5, price).unwrap();
    sheet.write_number(row, 6, qty * price).unwrap();
}

#[test]
fn exported_lines_read_back_unchanged_from_xlsx_and_both_csv_conventions() {
    let dir = tempfile::tempdir().unwrap();
    let d = fixture();
    assert!(!d.goods.is_empty());
    let xlsx = dir.path().join("goods.xlsx");
    std::fs::write(&xlsx, export::to_xlsx(&d.goods, d.direction, true).unwrap()).unwrap();
    let p = read(&xlsx, &Mapping::default()).unwrap();
    assert!(p.is_clean(), "{:?}", p.problems);
    assert_eq!(p.sheet, "Danh sách hàng");
    let back: Vec<_> = p.lines.iter().map(|l| l.line.clone()).collect();
    assert_eq!(back, d.goods);
    for (vietnamese_numbers, english_headings) in [(true, false), (false, true)] {
        let csv = dir.path().join(format!("goods-{vietnamese_numbers}.csv"));
        let bytes = export::to_csv(&d.goods, d.direction, !english_headings, vietnamese_numbers);
        std::fs::write(&csv, bytes).unwrap();
        let mapping = Mapping {
            vietnamese_numbers,
            ..Mapping::default()
        };
        let p = read(&csv, &mapping).unwrap();
        assert!(p.is_clean(), "{:?}", p.problems);
        let back: Vec<_> = p.lines.iter().map(|l| l.line.clone()).collect();
        assert_eq!(back, d.goods, "vietnamese numbers: {vietnamese_numbers}");
    }
    // Append keeps the lines there, replace drops them; past 50 nothing changes.
    let appended = apply(&d, &p, Mode::Append).unwrap();
    assert_eq!(appended.goods.len(), 2 * d.goods.len());
    let replaced = apply(&d, &p, Mode::Replace).unwrap();
    assert_eq!(replaced.goods, d.goods);
    let mut full = d.clone();
    full.goods = vec![d.goods[0].clone(); 50];
    let err = apply(&full, &p, Mode::Append).unwrap_err();
    assert!(
        matches!(err, GoodsSheetError::TooManyLines { kept: 50, .. }),
        "{err}"
    );
    assert!(err.message().vi.contains("khaibao split"));
}

#[test]
fn a_title_block_is_skipped_and_cells_are_read_as_a_broker_types_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "invoice.xlsx", |s| {
        good_row(s, 3, "8414.51.10", 120.0, 12.5);
        // Excel dropped the leading zero of an HS code typed as a number.
        s.write_number(4, 0, 1_012_100.0).unwrap();
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Ngựa giống thuần chủng").collect();
        s.write_string(4, 1, nfd).unwrap();
        s.write_string(4, 2, "jp").unwrap();
        s.write_string(4, 3, "1.234,5").unwrap();
        s.write_string(4, 4, "con").unwrap();
        s.write_number(4, 5, 900.0).unwrap();
        s.write_formula(4, 6, Formula::new("=D5*F5").set_result("1111050"))
            .unwrap();
        // A blank row between lines, then a last line.
        good_row(s, 6, "84145110", 2.0, 0.1);
    });
    let mapping = Mapping {
        vietnamese_numbers: true,
        ..Mapping::default()
    };
    let p = read(&path, &mapping).unwrap();
    assert!(p.is_clean(), "{:?}", p.problems);
    assert_eq!(p.header_row, 2);
    assert_eq!(p.lines.len(), 3);
    assert_eq!(p.blank_rows, [5]);
    let first = &p.lines[0].line;
    assert_eq!(first.hs_code.as_deref(), Some("84145110"));
    assert_eq!(first.invoice_value, Some(dec("1500")));
    let second = &p.lines[1].line;
    assert_eq!(second.hs_code.as_deref(), Some("01012100"));
    assert_eq!(
        second.description.as_deref(),
        Some("Ngựa giống thuần chủng")
    );
    assert_eq!(second.origin_country.as_deref(), Some("JP"));
    assert_eq!(second.quantity.amount, Some(dec("1234.5")));
    assert_eq!(second.quantity.unit.as_deref(), Some("CON"));
    assert_eq!(second.invoice_value, Some(dec("1111050")));
    assert_eq!(p.lines[2].line.unit_price, Some(dec("0.1")));
    assert!(
        p.notes
            .iter()
            .any(|n| n.at.to_string() == "A5" && n.message.vi.contains("01012100"))
    );
    assert!(p.notes.iter().any(|n| n.at.to_string() == "A4"));
}

fn problem_at<'a>(p: &'a Preview, cell: &str) -> &'a CellProblem {
    p.problems
        .iter()
        .find(|x| x.at.to_string() == cell)
        .unwrap_or_else(|| panic!("no problem at {cell}: {:?}", p.problems))
}

#[test]
fn cells_that_cannot_be_read_are_named_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "bad.xlsx", |s| {
        good_row(s, 3, "84145110", 1.0, 1.0);
        s.write_string(3, 3, "mười hai").unwrap();
        good_row(s, 4, "84145110", 1.0, 1.0);
        // A unit price computed by a formula, more decimals than VNACCS takes.
        s.write_number(4, 5, 1.0 / 3.0).unwrap();
        good_row(s, 5, "84145110", 1.0, 1.0);
        s.write_formula(5, 6, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        good_row(s, 6, "84145110", 1.0, 1.0);
        s.write_string(6, 3, "1.5").unwrap();
    });
    let mapping = Mapping {
        vietnamese_numbers: true,
        ..Mapping::default()
    };
    let p = read(&path, &mapping).unwrap();
    assert_eq!(p.problems.len(), 4, "{:?}", p.problems);
    assert!(problem_at(&p, "D4").message.vi.contains("không phải là số"));
    assert!(
        problem_at(&p, "F5")
            .message
            .en
            .contains("at most 6 decimals")
    );
    assert!(problem_at(&p, "G6").message.en.contains("#DIV/0!"));
    // `1.5` with Vietnamese numbers: not taken, and the other convention's reading is said.
    assert!(
        problem_at(&p, "D7")
            .message
            .en
            .contains("read the English way it is 1.5"),
        "{:?}",
        problem_at(&p, "D7").message
    );
    let d = fixture();
    let err = apply(&d, &p, Mode::Append).unwrap_err();
    assert!(
        matches!(err, GoodsSheetError::Unreadable { count: 4, .. }),
        "{err}"
    );
    assert!(err.message().en.contains("D4"));
    crate::domain::text::assert_apart(&err);
}

#[test]
fn merged_hidden_uncomputed_wrong_sheet_and_headerless_files_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let merged = workbook(dir.path(), "merged.xlsx", |s| {
        // Merged title cells above the header are fine; merged header cells are not.
        s.merge_range(0, 0, 0, 6, "HÓA ĐƠN", &Format::new())
            .unwrap();
        s.merge_range(2, 5, 2, 6, "Đơn giá", &Format::new())
            .unwrap();
        good_row(s, 3, "84145110", 1.0, 1.0);
    });
    let err = read(&merged, &Mapping::default()).unwrap_err();
    assert!(
        matches!(&err, GoodsSheetError::MergedCells { ranges } if ranges == &["F3:G3"]),
        "{err}"
    );
    let hidden = workbook(dir.path(), "hidden.xlsx", |s| {
        for row in 3..8 {
            good_row(s, row, "84145110", 1.0, 1.0);
        }
        s.set_row_hidden(5).unwrap();
        s.set_row_hidden(40).unwrap(); // Hidden but empty: no matter.
    });
    let err = read(&hidden, &Mapping::default()).unwrap_err();
    assert!(
        matches!(&err, GoodsSheetError::HiddenRows { rows } if rows == &[6]),
        "{err}"
    );
    let uncomputed = workbook(dir.path(), "formula.xlsx", |s| {
        good_row(s, 3, "84145110", 1.0, 1.0);
        s.write_formula(3, 6, Formula::new("=D4*F4")).unwrap();
    });
    without_cached_value(&uncomputed, "G4");
    let err = read(&uncomputed, &Mapping::default()).unwrap_err();
    assert!(
        matches!(&err, GoodsSheetError::Uncomputed { cells } if cells[0].starts_with("G4")),
        "{err}"
    );
    assert!(err.message().vi.contains("lưu lại"));
    let mapping = Mapping {
        sheet: Some("Sheet9".to_owned()),
        ..Mapping::default()
    };
    let err = read(&hidden, &mapping).unwrap_err();
    assert!(err.message().en.contains("«Hàng»"), "{err}");
    let csv = dir.path().join("notes.csv");
    std::fs::write(&csv, "Ghi chú,Ngày\nabc,1/1/2026\n").unwrap();
    let err = read(&csv, &Mapping::default()).unwrap_err();
    assert!(matches!(err, GoodsSheetError::NoHeader { .. }), "{err}");
    assert!(err.message().vi.contains("Ghi chú"));
    crate::domain::text::assert_apart(&err);
}

#[test]
fn an_explicit_mapping_wins_and_two_columns_for_one_field_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("two.csv");
    std::fs::write(
        &csv,
        "Code,Mã HS,HS code,Goods,Qty\nA-1,84145110,84145190,Fan,3\n",
    )
    .unwrap();
    let err = read(&csv, &Mapping::default()).unwrap_err();
    assert!(
        matches!(&err, GoodsSheetError::AmbiguousColumn { columns, .. } if columns == &["B", "C"]),
        "{err}"
    );
    let mapping = Mapping {
        columns: Mapping::parse_columns("CMD=C, own_code=Code").unwrap(),
        ..Mapping::default()
    };
    let p = read(&csv, &mapping).unwrap();
    assert_eq!(p.lines[0].line.hs_code.as_deref(), Some("84145190"));
    assert_eq!(p.lines[0].line.own_code.as_deref(), Some("A-1"));
    assert!(p.unmapped.iter().any(|(col, h)| *col == 1 && h == "Mã HS"));
    assert!(matches!(
        Mapping::parse_columns("CMD"),
        Err(GoodsSheetError::BadMapping { .. })
    ));
    let mapping = Mapping {
        columns: Mapping::parse_columns("price=Z9Z").unwrap(),
        ..Mapping::default()
    };
    assert!(matches!(
        read(&csv, &mapping),
        Err(GoodsSheetError::MissingHeading { .. })
    ));
}

#[test]
fn ten_thousand_rows_are_refused_with_their_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "big.xlsx", |s| {
        for row in 3..10_003 {
            good_row(s, row, "84145110", 1.0, 2.0);
        }
    });
    let err = read(&path, &Mapping::default()).unwrap_err();
    assert!(
        matches!(err, GoodsSheetError::TooManyRows { count: 10_000 }),
        "{err}"
    );
    assert!(err.message().vi.contains("10000 dòng hàng"));
    assert!(err.message().en.contains(&MAX_ROWS.to_string()));
    // 800 lines are one invoice: read whole.
    let path = workbook(dir.path(), "800.xlsx", |s| {
        for row in 3..803 {
            good_row(s, row, "84145110", 1.0, 2.0);
        }
    });
    assert_eq!(read(&path, &Mapping::default()).unwrap().lines.len(), 800);
}

#[test]
fn the_template_is_a_header_the_import_recognises_with_a_guide() {
    let dir = tempfile::tempdir().unwrap();
    for (vietnamese, guide) in [(true, "Hướng dẫn"), (false, "Guide")] {
        let path = dir.path().join(format!("template-{vietnamese}.xlsx"));
        std::fs::write(
            &path,
            export::template_xlsx(Direction::Import, vietnamese).unwrap(),
        )
        .unwrap();
        let sheet = read_sheet(&path, None).unwrap();
        assert_eq!(sheet.sheet_names.len(), 2);
        assert_eq!(sheet.sheet_names[1], guide);
        // Every heading is a column; no line yet.
        let header = &sheet.rows[0];
        assert_eq!(header.len(), columns::columns(Direction::Import).len());
        assert!(
            header
                .iter()
                .all(|h| columns::column_for_heading(Direction::Import, &h.shown()).is_some())
        );
        assert!(matches!(
            preview(&sheet, Direction::Import, &Mapping::default()),
            Err(GoodsSheetError::NoLines)
        ));
    }
}

#[test]
fn a_total_row_is_skipped_and_checked_and_missing_columns_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("total.csv");
    std::fs::write(
        &csv,
        "Mã HS;Tên hàng;Xuất xứ;Số lượng;ĐVT;Trị giá\n\
         84145110;Quạt bàn;CN;10;PCE;100\n\
         84145110;Quạt trần;CN;10;PCE;100\n\
         ;Tổng cộng:;;20;;250\n",
    )
    .unwrap();
    let p = read(&csv, &vietnamese_numbers()).unwrap();
    assert_eq!(p.lines.len(), 2);
    assert_eq!(p.total_rows, [(3, Some(dec("250")))]);
    let note = p.notes.iter().find(|n| n.at.to_string() == "F4").unwrap();
    assert!(
        note.message
            .en
            .contains("says 250 but the lines add up to 200"),
        "{note:?}"
    );
    assert!(
        p.missing.is_empty(),
        "{:?}",
        p.missing
            .iter()
            .map(columns::Column::key)
            .collect::<Vec<_>>()
    );
    // A heading mistyped: the field is said to be missing, the column unused.
    let typo = dir.path().join("typo.csv");
    std::fs::write(
        &typo,
        "Mã HS;Tên hàng;Số lượg;ĐVT;Invoice value\n84145110;Quạt;10;PCE;100\n",
    )
    .unwrap();
    let p = read(&typo, &vietnamese_numbers()).unwrap();
    let missing: Vec<&str> = p.missing.iter().map(columns::Column::key).collect();
    assert_eq!(missing, ["origin_country", "quantity.amount"]);
    assert!(p.unmapped.iter().any(|(_, h)| h == "Số lượg"));
    assert_eq!(p.lines[0].line.invoice_value, Some(dec("100")));
    // A column letter with nothing in it is refused, not read as empty lines.
    let mapping = Mapping {
        columns: Mapping::parse_columns("CMD=Q").unwrap(),
        ..vietnamese_numbers()
    };
    let err = read(&typo, &mapping).unwrap_err();
    assert!(
        matches!(&err, GoodsSheetError::EmptyColumn { letters, .. } if letters == "Q"),
        "{err}"
    );
    crate::domain::text::assert_apart(&err);
}

fn vietnamese_numbers() -> Mapping {
    Mapping {
        vietnamese_numbers: true,
        ..Mapping::default()
    }
}
