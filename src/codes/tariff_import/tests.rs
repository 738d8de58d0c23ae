//! The import read on small sheets in the Excel file's layout (every notation, the hierarchy,
//! the file's oddities) and on a changed copy of the bundled tariff (the preview's counts).

use super::*;
use crate::codes::table::CodeTable;

fn rows(text: &[&[&str]]) -> Vec<Vec<String>> {
    text.iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

const HEADER: &[&str] = &[
    "Level",
    "HSCode",
    "Description_VN",
    "Description_EN",
    "Standard import duty rate",
    "MFN rate",
    "Import duty rate per ACFTA",
    "Import duty rate per ATIGA",
    "Import duty rate per CPTPP",
    "Import duty rate per RCEPT A",
    " ",
];

fn empty_tariff() -> Tariff {
    Tariff::from_table(
        CodeTable::parse("tariff", "code,name_vi,name_en,unit,mfn,vat,export\n").unwrap(),
    )
    .unwrap()
}

#[allow(clippy::too_many_lines)] // One sheet, row by row as the file has it.
fn coffee() -> Vec<Vec<String>> {
    rows(&[
        HEADER,
        &[
            "0",
            "0901",
            "Cà phê, rang hoặc chưa rang.",
            "Coffee, whether or not roasted.",
            "",
            "",
            "",
            "",
            "",
            "",
            " ",
        ],
        &[
            "1",
            "",
            "- Cà phê, chưa rang:",
            "- Coffee, not roasted:",
            "",
            "",
            "",
            "",
            "",
            "",
            " ",
        ],
        &[
            "2",
            "090111",
            "- - Chưa khử chất ca-phê-in:",
            "- - Not decaffeinated:",
            "",
            "",
            "",
            "",
            "",
            "",
            " ",
        ],
        // Decomposed Vietnamese (as 29 cells of the real file are) and a (SEN) marker.
        &[
            "3",
            "09011120",
            "- - - Arabica WIB hoặc Robusta OIB(SEN)",
            "- - - Arabica WIB or Robusta OIB",
            "22.5",
            "15",
            "0 (-KH, LA, MM, SG)",
            "0",
            "2,7; M: 5,4",
            "23,3",
            " ",
        ],
        &[
            "1",
            "",
            "- Cà phê đã rang:",
            "- Coffee, roasted:",
            "",
            "",
            "",
            "",
            "",
            "",
            " ",
        ],
        &[
            "2",
            "090121",
            "- - Chưa khử chất ca-phê-in:",
            "- - Not decaffeinated:",
            "",
            "",
            "",
            "",
            "",
            "",
            " ",
        ],
        &[
            "3",
            "09012111",
            "- - - Chưa xay",
            "- - - Unground",
            "45",
            "30",
            "*",
            "0/5",
            "15; M: 18",
            "*",
            " ",
        ],
        // The chapter 98 oddities: a code with a non-breaking space and 7 digits, and a row
        // repeated identically.
        &[
            "3",
            "09012111",
            "- - - Chưa xay",
            "- - - Unground",
            "45",
            "30",
            "*",
            "0/5",
            "15; M: 18",
            "*",
            " ",
        ],
        &[
            "1",
            "9849170\u{a0}",
            "- Loại khác",
            "",
            "5",
            "0",
            "",
            "",
            "",
            "",
            " ",
        ],
    ])
}

#[test]
fn a_sheet_in_the_files_layout_gives_lines_in_their_hierarchy() {
    let mut sheet = coffee();
    sheet[4][2] = "- - - Arabica WIB hoa\u{300}c Robusta OIB(SEN)".into();
    let imported = read_sheet(&sheet, &empty_tariff()).unwrap();
    assert_eq!(imported.agreements, ["acfta", "atiga", "cptpp", "rcep_a"]);
    assert_eq!(imported.lines.len(), 2);
    let green = &imported.lines[0];
    assert_eq!(green.code, "09011120");
    assert_eq!(
        green.name_vi,
        "Cà phê, rang hoặc chưa rang – Cà phê, chưa rang – Chưa khử chất ca-phê-in – Arabica WIB hoàc Robusta OIB"
    );
    assert_eq!(
        green.name_en,
        "Coffee, whether or not roasted – Coffee, not roasted – Not decaffeinated – Arabica WIB or Robusta OIB"
    );
    assert_eq!(green.mfn, "15");
    assert_eq!(green.ordinary, "22.5");
    assert_eq!(green.rates["acfta"], "0 (-KH, LA, MM, SG)");
    assert_eq!(green.rates["cptpp"], "2.7; M: 5.4");
    assert_eq!(green.rates["rcep_a"], "23.3");
    let roasted = &imported.lines[1];
    assert_eq!(
        roasted.name_vi,
        "Cà phê, rang hoặc chưa rang – Cà phê đã rang – Chưa khử chất ca-phê-in – Chưa xay"
    );
    assert_eq!(roasted.rates["atiga"], "0/5");
    // Headings are kept for the picker; the 7-digit row is left out, saying why; the repeat is
    // kept once.
    let headings: Vec<&str> = imported.headings.iter().map(|h| h.code.as_str()).collect();
    assert_eq!(headings, ["0901", "090111", "090121"]);
    assert_eq!(imported.skipped.len(), 1);
    assert_eq!(imported.skipped[0].row, 10);
    assert!(imported.skipped[0].reason.en.contains("9849170"));
    assert_eq!(imported.repeats, 1);
    // The CSV reads back as a tariff with the same rates.
    let table = CodeTable::parse("tariff", &imported.tariff_csv()).unwrap();
    let tariff = Tariff::from_table(table).unwrap();
    let line = tariff.line("09011120").unwrap();
    assert_eq!(line.mfn, Some("15".parse().unwrap()));
    assert_eq!(line.ordinary(), Some("22.5".parse().unwrap()));
}

#[test]
fn an_unknown_layout_names_the_columns_it_found() {
    let sheet = rows(&[&["Mã HS", "Mô tả", "Thuế suất"], &["01012100", "Ngựa", "0"]]);
    let err = read_sheet(&sheet, &empty_tariff()).unwrap_err();
    assert!(matches!(err, ImportError::Layout { .. }));
    assert!(
        err.message().en.contains("Mã HS, Mô tả, Thuế suất"),
        "{err}"
    );
    // A column for an agreement this version does not know, or a renamed one, is not
    // silently dropped.
    for renamed in ["Import duty rate per VN-ISRAEL-2", "CPTPP"] {
        let mut sheet = coffee();
        sheet[0][8] = renamed.into();
        assert_eq!(
            read_sheet(&sheet, &empty_tariff()),
            Err(ImportError::UnknownColumns {
                columns: vec![renamed.to_owned()]
            })
        );
    }
    // Nor is an agreement the tariff in use has and the file lacks.
    let with_vifta = Tariff::from_table(
        CodeTable::parse(
            "tariff",
            "code,name_vi,name_en,unit,mfn,vat,export,vifta\n01012100,a,b,,0,,,0\n",
        )
        .unwrap(),
    )
    .unwrap();
    let err = read_sheet(&coffee(), &with_vifta).unwrap_err();
    assert_eq!(
        err,
        ImportError::MissingAgreements {
            agreements: vec!["vifta".to_owned()]
        }
    );
    assert!(err.message().vi.contains("VIFTA"));
}

#[test]
fn a_cell_that_is_no_rate_stops_the_import_naming_row_and_column() {
    let mut sheet = coffee();
    sheet[7][6] = "5-10".into();
    let err = read_sheet(&sheet, &empty_tariff()).unwrap_err();
    assert_eq!(
        err,
        ImportError::Cell {
            row: 8,
            column: "Import duty rate per ACFTA".into(),
            problem: "\"5-10\" is not a rate (not a rate, * or rate list)".into(),
        }
    );
    assert!(err.message().vi.contains("Dòng 8"));
    // Two different rows for one code.
    let mut sheet = coffee();
    sheet[8][5] = "35".into();
    assert_eq!(
        read_sheet(&sheet, &empty_tariff()).unwrap_err(),
        ImportError::Conflict {
            code: "09012111".into(),
            rows: (8, 9)
        }
    );
    assert_eq!(
        read_sheet(&coffee()[..1], &empty_tariff()).unwrap_err(),
        ImportError::Empty
    );
}

/// The bundled tariff, read back through its own layout, then changed as a new edition would be.
#[test]
fn the_preview_counts_added_removed_and_changed_lines() {
    let codes = crate::codes::CodeLists::bundled().unwrap();
    let current = codes.tariff();
    let text = include_str!("../../../codelists/tariff.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut sheet: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let same = read_sheet(&sheet, current).unwrap();
    assert_eq!(same.lines.len(), current.lines().len());
    assert_eq!(same.changes(current), Changes::default());
    let mfn = sheet[0].iter().position(|h| h == "mfn").unwrap();
    // Two lines removed, one added, three MFN rates changed.
    let removed: Vec<String> = sheet.drain(1..3).map(|r| r[0].clone()).collect();
    let mut added = sheet[1].clone();
    added[0] = "99999999".into();
    sheet.push(added);
    for row in sheet.iter_mut().skip(10).step_by(7).take(3) {
        row[mfn] = "99".into();
    }
    let changes = read_sheet(&sheet, current).unwrap().changes(current);
    assert_eq!(changes.removed, removed);
    assert_eq!(changes.added, ["99999999"]);
    assert_eq!(changes.changed.len(), 3);
    assert!(
        changes
            .changed
            .iter()
            .all(|(_, d)| d.len() == 1 && d[0].column == "mfn" && d[0].new == "99")
    );
}
