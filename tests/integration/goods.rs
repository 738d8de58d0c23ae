//! A broker's spreadsheet and invoice work through the real program: `goods template|import|
//! export`, `split` and `copy`, on real files (workbooks written by the program, CSV as Excel
//! in a Vietnamese locale saves it, declaration files), checking what is written and what is
//! left alone.

use rust_decimal::Decimal;

use crate::util::{fixture, khaibao, stdout};
use khaibao::domain::{Declaration, file};

fn read(path: &std::path::Path) -> Declaration {
    file::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_template_filled_the_vietnamese_way_goes_into_a_declaration_and_back_out() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("mẫu.xlsx");
    let out = khaibao(
        data.path(),
        &["goods", "template", "--out", template.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(std::fs::metadata(&template).unwrap().len() > 4_000);
    // Excel in a Vietnamese locale: `;` between cells, `,` as the decimal mark.
    let csv = dir.path().join("hàng.csv");
    std::fs::write(
        &csv,
        "\u{feff}Mã số hàng hóa;Mô tả hàng hóa;Mã nước xuất xứ;Số lượng (1);Mã đơn vị tính (1);Đơn giá hóa đơn;Trị giá hóa đơn;TX1\n\
         8414.51.10;Quạt bàn điện 40 W, mới 100%;cn;1.200;PCE;12,5;15.000;VB901\n\
         ;;;;;;;\n\
         85165000;Lò vi sóng 20 lít, mới 100%;CN;300;PCE;45,25;13.575;VB901\n",
    )
    .unwrap();
    let target = dir.path().join("tk.json");
    std::fs::copy(fixture("import-sea-container.json"), &target).unwrap();
    let before = read(&target);
    let out = khaibao(
        data.path(),
        &[
            "goods",
            "import",
            csv.to_str().unwrap(),
            "--into",
            target.to_str().unwrap(),
            "--replace",
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("A → Mã số hàng hóa (CMD)"), "{text}");
    assert!(text.contains("Dòng trống bỏ qua (số dòng): 3"), "{text}");
    assert!(text.contains("A2: «8414.51.10» đọc là 84145110"), "{text}");
    let after = read(&target);
    assert_eq!(after.goods.len(), 2);
    assert_eq!(after.goods[0].quantity.amount, Some(Decimal::from(1200)));
    assert_eq!(after.goods[0].unit_price, Some("12.5".parse().unwrap()));
    assert_eq!(after.goods[1].invoice_value, Some(Decimal::from(13_575)));
    assert_eq!(after.goods[0].origin_country.as_deref(), Some("CN"));
    assert_eq!(after.goods[1].other_taxes[0].code.as_deref(), Some("VB901"));
    // The header is untouched.
    assert_eq!(after.declarant, before.declarant);
    assert_eq!(after.invoice, before.invoice);
    // Out to .xlsx and in again (English CLI: numbers are Excel numbers, no convention).
    let xlsx = dir.path().join("goods.xlsx");
    let out = khaibao(
        data.path(),
        &[
            "goods",
            "export",
            target.to_str().unwrap(),
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let second = dir.path().join("second.json");
    let out = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "goods",
            "import",
            xlsx.to_str().unwrap(),
            "--into",
            second.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(read(&second).goods, after.goods);
    // Appending the same two lines to a declaration of 49 is refused, the file left as it was.
    let mut full = after.clone();
    full.goods = vec![after.goods[0].clone(); 49];
    std::fs::write(&target, file::to_json(&full).unwrap()).unwrap();
    let bytes = std::fs::read(&target).unwrap();
    let out = khaibao(
        data.path(),
        &[
            "goods",
            "import",
            xlsx.to_str().unwrap(),
            "--into",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("tối đa 50 dòng hàng"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
}

#[test]
fn a_cell_that_cannot_be_read_is_named_and_the_declaration_file_is_left_alone() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "HS code,Description,Qty,Unit,Unit price\n84145110,Desk fan,12 pcs,PCE,1.5\n84145110,Desk fan,1,PCE,1.1234567\n",
    )
    .unwrap();
    let target = dir.path().join("tk.json");
    std::fs::copy(fixture("import-sea-container.json"), &target).unwrap();
    let bytes = std::fs::read(&target).unwrap();
    let out = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "goods",
            "import",
            csv.to_str().unwrap(),
            "--into",
            target.to_str().unwrap(),
            "--decimal",
            "point",
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("ERROR C2: «12 pcs» is not a number"),
        "{text}"
    );
    assert!(
        text.contains("ERROR E3: «1.1234567»: VNACCS takes at most 6 decimals"),
        "{text}"
    );
    assert!(text.contains("2 cell(s) cannot be read"), "{text}");
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    // A file that is not a spreadsheet, and a missing one: exit 2, nothing written.
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not a workbook").unwrap();
    for file in [broken, dir.path().join("missing.xlsx")] {
        let out = khaibao(
            data.path(),
            &[
                "goods",
                "import",
                file.to_str().unwrap(),
                "--into",
                target.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
        assert_eq!(std::fs::read(&target).unwrap(), bytes);
    }
}

/// An invoice of `lines` lines from the sea-container example, values varied.
fn big_invoice(lines: usize) -> Declaration {
    let mut d: Declaration = read(&fixture("import-sea-container.json"));
    let model = d.goods.clone();
    d.goods = (0..lines)
        .map(|i| {
            let mut g = model[i % model.len()].clone();
            let quantity = Decimal::from(1 + i % 13);
            let price = Decimal::new(1_000 + i64::try_from(i * 7919 % 50_000).unwrap(), 2);
            g.quantity.amount = Some(quantity);
            g.unit_price = Some(price);
            g.invoice_value = Some(quantity * price);
            g.quantity2.amount = Some(Decimal::from(2 + i % 5));
            g
        })
        .collect();
    d.invoice.total = Some(d.goods_invoice_total());
    d
}

#[test]
fn an_invoice_of_800_lines_is_split_into_16_declarations_that_reconcile_to_the_dong() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let whole = big_invoice(800);
    let input = dir.path().join("hd-118.json");
    std::fs::write(&input, file::to_json(&whole).unwrap()).unwrap();
    let out_dir = dir.path().join("tách");
    let out = khaibao(
        data.path(),
        &[
            "split",
            input.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Gửi tờ khai 1 trước"), "{text}");
    let parts: Vec<Declaration> = (1..=16)
        .map(|k| read(&out_dir.join(format!("hd-118-{k:02}.json"))))
        .collect();
    assert!(!out_dir.join("hd-118-17.json").exists());
    assert_eq!(parts[0].first_declaration.number.as_deref(), Some("F"));
    for (k, p) in parts.iter().enumerate() {
        assert_eq!(p.goods.len(), 50);
        assert_eq!(p.first_declaration.sequence, Some(Decimal::from(k + 1)));
        assert_eq!(p.first_declaration.count, Some(Decimal::from(16)));
        assert_eq!(p.invoice.number, whole.invoice.number);
    }
    let sum = |f: &dyn Fn(&Declaration) -> Option<Decimal>| -> Decimal {
        parts.iter().filter_map(f).sum()
    };
    assert_eq!(sum(&|p| p.invoice.total), whole.goods_invoice_total());
    let freight = |d: &Declaration| d.valuation.freight.as_ref().and_then(|c| c.amount);
    let insurance = |d: &Declaration| d.valuation.insurance.as_ref().and_then(|c| c.amount);
    assert_eq!(sum(&freight), freight(&whole).unwrap());
    assert_eq!(sum(&insurance), insurance(&whole).unwrap());
    assert_eq!(
        sum(&|p| p.gross_weight.amount),
        whole.gross_weight.amount.unwrap()
    );
    assert_eq!(sum(&|p| p.packages.amount), whole.packages.amount.unwrap());
    // Taxes: the 16 declarations against the whole invoice assessed at once, to the đồng.
    let (codes, _) = khaibao::appdata::load_code_lists(data.path()).unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let whole_tax = khaibao::assess::assess(&whole, &codes, on);
    let parts_tax: Decimal = parts
        .iter()
        .map(|p| khaibao::assess::assess(p, &codes, on).total_payable_vnd)
        .sum();
    let parts_value: Decimal = parts
        .iter()
        .map(|p| khaibao::assess::assess(p, &codes, on).total_taxable_value_vnd)
        .sum();
    assert!(whole_tax.total_payable_vnd > Decimal::from(1_000_000_000));
    let value_gap = (parts_value - whole_tax.total_taxable_value_vnd).abs();
    let tax_gap = (parts_tax - whole_tax.total_payable_vnd).abs();
    eprintln!("split 800 lines: taxable value gap {value_gap} VND, tax gap {tax_gap} VND");
    assert!(
        value_gap <= Decimal::from(16) && tax_gap <= Decimal::from(16),
        "{value_gap} {tax_gap}"
    );
    // The report states both, to the đồng.
    assert!(text.contains("Trị giá tính thuế"), "{text}");
    // Once the first is registered, its number goes into the FIC of the others.
    let out = khaibao(
        data.path(),
        &[
            "split",
            input.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--first-number",
            "101234567820",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let second = read(&out_dir.join("hd-118-02.json"));
    assert_eq!(
        second.first_declaration.number.as_deref(),
        Some("101234567820")
    );
    let out = khaibao(
        data.path(),
        &["validate", out_dir.join("hd-118-02.json").to_str().unwrap()],
    );
    assert!(!stdout(&out).contains("KB-E0423"), "{}", stdout(&out));
    // 801 lines are refused, nothing written.
    let too_many = dir.path().join("801.json");
    std::fs::write(&too_many, file::to_json(&big_invoice(801)).unwrap()).unwrap();
    let none = dir.path().join("none");
    let out = khaibao(
        data.path(),
        &[
            "split",
            too_many.to_str().unwrap(),
            "--out",
            none.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("801 dòng hàng"), "{}", stdout(&out));
    assert!(!none.exists());
}

#[test]
fn a_copy_of_a_stored_declaration_is_a_new_draft_without_what_the_shipment_had_its_own() {
    let data = tempfile::tempdir().unwrap();
    let out = khaibao(
        data.path(),
        &[
            "import",
            fixture("import-sea-container.json").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = khaibao(data.path(), &["copy", "--draft", "1"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("tờ khai nháp 2")
            && text.contains("Đã xóa (mỗi lô hàng một khác):")
            && text.contains("Số hóa đơn")
            && text.contains("cần kiểm tra lại cho lô hàng mới: Số lượng kiện"),
        "{text}"
    );
    let mut store =
        khaibao::store::Store::open(&data.path().join(khaibao::store::STORE_FILE)).unwrap();
    let now = crate::util::now();
    let source = store.draft(1, now).unwrap().declaration;
    let copy = store.draft(2, now).unwrap().declaration;
    assert!(source.invoice.number.is_some() && copy.invoice.number.is_none());
    assert!(!source.bills_of_lading.is_empty() && copy.bills_of_lading.is_empty());
    assert_eq!(copy.goods, source.goods);
    assert_eq!(copy.declarant, source.declarant);
    let out = khaibao(data.path(), &["copy", "--draft", "99"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_split_set_in_the_store_gets_the_first_ones_number_when_it_is_sent() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hd-120.json");
    std::fs::write(&input, file::to_json(&big_invoice(120)).unwrap()).unwrap();
    let out = khaibao(data.path(), &["split", input.to_str().unwrap(), "--drafts"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Tờ khai nháp: 1 2 3"), "{text}");
    let out = khaibao(data.path(), &["submit", "--draft", "1", "--op", "IDA"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let mut store =
        khaibao::store::Store::open(&data.path().join(khaibao::store::STORE_FILE)).unwrap();
    let now = crate::util::now();
    let first = store.draft(1, now).unwrap().declaration;
    let number = first.number.expect("numbered").to_string();
    assert_eq!(first.first_declaration.number.as_deref(), Some("F"));
    for id in [2, 3] {
        let next = store.draft(id, now).unwrap();
        assert_eq!(
            next.declaration.first_declaration.number.as_deref(),
            Some(number.as_str())
        );
        assert!(
            !next.findings.iter().any(|f| f.code == "KB-E0423"),
            "{:?}",
            next.findings
        );
    }
    assert_eq!(
        store
            .draft(3, now)
            .unwrap()
            .declaration
            .first_declaration
            .sequence,
        Some(Decimal::from(3))
    );
}
