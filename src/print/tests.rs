//! Layout tests: what goes on which page, how goods lines flow, the totals.

use super::*;

fn fixture(name: &str) -> Declaration {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    crate::domain::file::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn at() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().unwrap()
}

fn all_text(pages: &[Page]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p.texts().map(str::to_owned))
        .collect()
}

#[test]
fn a_short_declaration_fits_one_page_with_its_footer() {
    let job = PrintJob::new(fixture("import-sea-container.json"), at());
    let pages = layout(&job, Kind::Declaration).unwrap();
    assert_eq!(pages.len(), 1);
    let text = all_text(&pages);
    assert!(
        text.iter().any(|t| t == "TỜ KHAI HÀNG HÓA NHẬP KHẨU"),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t == "Trang 1/1"), "{text:?}");
    assert!(
        text.iter().any(|t| t.contains("09:00")),
        "printed in Vietnam time: {text:?}"
    );
}
