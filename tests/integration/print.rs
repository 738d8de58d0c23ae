//! `khaibao print`: the PDFs checked with the real tools of poppler-utils (CI installs them):
//! `pdftotext` for the words — Vietnamese exactly, in NFC — and `pdftoppm` for the pages as
//! images.

use std::path::Path;
use std::process::Command;

use unicode_normalization::UnicodeNormalization;

use crate::util::{fixture, khaibao, stdout};

/// The PDF's text as `pdftotext` extracts it (UTF-8, in reading order).
fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils is installed by .ci/run)");
    assert!(output.status.success(), "pdftotext: {output:?}");
    String::from_utf8(output.stdout).expect("pdftotext writes UTF-8")
}

/// Renders every page at 50 dpi; returns the PNG files made, in page order.
fn pdf_pages(pdf: &Path, dir: &Path) -> Vec<Vec<u8>> {
    let prefix = dir.join("page");
    let output = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm runs (poppler-utils is installed by .ci/run)");
    assert!(output.status.success(), "pdftoppm: {output:?}");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// The `Y` of the "Trang X/Y" footers, checking every page 1..=Y has one.
fn page_count(text: &str) -> usize {
    let total = text
        .split("Trang 1/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("a first page footer");
    for page in 1..=total {
        assert!(
            text.contains(&format!("Trang {page}/{total}")),
            "page {page}"
        );
    }
    total
}

#[test]
fn a_registered_import_prints_with_its_number_lane_and_vietnamese_names() {
    let data = tempfile::tempdir().unwrap();
    let path = fixture("import-sea-container.json");
    let imported = khaibao(data.path(), &["import", path.to_str().unwrap()]);
    assert_eq!(imported.status.code(), Some(0), "{}", stdout(&imported));
    let send = |op: &str| {
        let output = khaibao(
            data.path(),
            &["submit", "--draft", "1", "--op", op, "--format", "json"],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        serde_json::from_str::<serde_json::Value>(&stdout(&output)).unwrap()
    };
    let number = send("IDA")["declaration"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let lane = send("IDC")["declaration"]["lane"]["lane"].as_u64().unwrap();

    let pdf = data.path().join("tờ khai.pdf");
    let printed = khaibao(
        data.path(),
        &["print", "--draft", "1", "--out", pdf.to_str().unwrap()],
    );
    assert_eq!(printed.status.code(), Some(0), "{}", stdout(&printed));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let text = pdf_text(&pdf);
    assert_eq!(
        text.nfc().collect::<String>(),
        text,
        "extracted text is NFC"
    );
    for expected in [
        "TỜ KHAI HÀNG HÓA NHẬP KHẨU",
        "(THÔNG BÁO KẾT QUẢ PHÂN LUỒNG)",
        number.as_str(),
        "Mã phân loại kiểm tra",
        "CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ KHAI BÁO",
        "Số 12 đường Nguyễn Huệ, phường Sài Gòn, TP Hồ Chí Minh",
        "TOKYO OFFICE SUPPLY CO., LTD.",
        "Chi cục HQ CK Cảng Sài Gòn KV I",
        "ONEYTYOA12345600",
        "84713020",
        "Thuế giá trị gia tăng",
        "Tổng số tiền thuế phải nộp (VND)",
        "160.614.300",
        "Đã đăng ký",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    let colour = ["Xanh", "Vàng", "Đỏ"][usize::try_from(lane).unwrap() - 1];
    assert!(text.contains(&format!("{lane} — {colour}")), "{text}");
    // Wrapped descriptions are extracted word for word.
    assert!(text.contains("Máy tính xách tay hiệu KB"), "{text}");
    // Customs' own taxes: no note that they are KhaiBao's preview.
    assert!(!text.contains("tính tạm"), "{text}");

    let pages = page_count(&text);
    let images = tempfile::tempdir().unwrap();
    let pngs = pdf_pages(&pdf, images.path());
    assert_eq!(pngs.len(), pages);
    assert!(pngs.iter().all(|png| png.starts_with(b"\x89PNG")));
}

#[test]
fn fifty_goods_lines_flow_over_pages_and_several_files_give_one_pdf_each() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("in");
    let fifty = fixture("import-50-lines.json");
    let export = fixture("export-sea.json");
    let printed = khaibao(
        data.path(),
        &[
            "print",
            fifty.to_str().unwrap(),
            export.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(printed.status.code(), Some(0), "{}", stdout(&printed));
    let form = out.join("import-50-lines.pdf");
    let text = pdf_text(&form);
    let pages = page_count(&text);
    assert!(
        pages >= 3,
        "50 lines with their taxes take several pages: {pages}"
    );
    // Every line is there once, in order (their numbers 01…50 in the first column).
    let mut from = 0;
    for line in 1..=50 {
        let at = text[from..]
            .find(&format!("\n{line:02}\n"))
            .unwrap_or_else(|| panic!("line {line:02} after byte {from}:\n{text}"));
        from += at + 1;
    }
    // A file's taxes are KhaiBao's preview, and say so.
    assert!(text.contains("Số thuế do KhaiBao tính tạm"), "{text}");
    let images = tempfile::tempdir().unwrap();
    assert_eq!(pdf_pages(&form, images.path()).len(), pages);

    let export_text = pdf_text(&out.join("export-sea.pdf"));
    assert!(
        export_text.contains("TỜ KHAI HÀNG HÓA XUẤT KHẨU"),
        "{export_text}"
    );
}

#[test]
fn the_tax_notice_and_the_goods_list_are_printed_from_a_file() {
    let data = tempfile::tempdir().unwrap();
    let file = fixture("import-sea-container.json");
    let notice = data.path().join("thue.pdf");
    let list = data.path().join("hang.pdf");
    for (kind, pdf) in [("tax-notice", &notice), ("goods-list", &list)] {
        let printed = khaibao(
            data.path(),
            &[
                "--lang",
                "vi",
                "print",
                file.to_str().unwrap(),
                "--kind",
                kind,
                "--out",
                pdf.to_str().unwrap(),
            ],
        );
        assert_eq!(printed.status.code(), Some(0), "{}", stdout(&printed));
    }
    let notice = pdf_text(&notice);
    for expected in [
        "THÔNG BÁO THUẾ",
        "Thuế nhập khẩu",
        "120.460.725",
        "160.614.300",
    ] {
        assert!(notice.contains(expected), "{expected:?} not in:\n{notice}");
    }
    let list = pdf_text(&list);
    for expected in ["DANH SÁCH HÀNG", "Số lượng (2)", "250 KGM", "60.000"] {
        assert!(list.contains(expected), "{expected:?} not in:\n{list}");
    }
}

#[test]
fn print_without_a_declaration_or_with_a_missing_draft_exits_2() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("x.pdf");
    let none = khaibao(data.path(), &["print", "--out", out.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(2));
    let missing = khaibao(
        data.path(),
        &["print", "--draft", "7", "--out", out.to_str().unwrap()],
    );
    assert_eq!(missing.status.code(), Some(2), "{}", stdout(&missing));
    assert!(!out.exists());
    // In bulk, a draft that is not there is said; the file beside it is still printed.
    let dir = data.path().join("in");
    let file = fixture("import-low-value.json");
    let bulk = khaibao(
        data.path(),
        &[
            "print",
            file.to_str().unwrap(),
            "--draft",
            "7",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(bulk.status.code(), Some(2), "{}", stdout(&bulk));
    assert!(
        dir.join("import-low-value.pdf").exists(),
        "{}",
        stdout(&bulk)
    );
}
