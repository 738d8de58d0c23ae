//! Layout tests: what goes on which page, how goods lines flow over pages, the totals, the
//! words (NFC, both languages), and that the PDF carries the fonts as subsets.

use rust_decimal::Decimal;

use super::page::PAGE_HEIGHT;
use super::*;
use crate::codes::CodeLists;

const SEA: &str = include_str!("../../tests/fixtures/import-sea-container.json");
const FIFTY: &str = include_str!("../../tests/fixtures/import-50-lines.json");
const EXPORT: &str = include_str!("../../tests/fixtures/export-sea.json");

fn declaration(json: &str) -> Declaration {
    crate::domain::file::from_json(json).unwrap()
}

fn at() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().unwrap()
}

fn job(json: &str) -> PrintJob {
    let codes = CodeLists::bundled().unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    PrintJob::new(declaration(json), at()).with_tables(&codes, date)
}

fn texts(page: &Page) -> Vec<String> {
    page.texts().map(str::to_owned).collect()
}

fn all_text(pages: &[Page]) -> Vec<String> {
    pages.iter().flat_map(texts).collect()
}

#[test]
fn a_short_declaration_shows_title_state_footer_and_print_time() {
    let pages = layout(&job(SEA), Kind::Declaration).unwrap();
    let first = texts(&pages[0]);
    assert_eq!(first[0], "TỜ KHAI HÀNG HÓA NHẬP KHẨU");
    assert_eq!(first[1], "(BẢN NHÁP — CHƯA ĐĂNG KÝ VỚI HẢI QUAN)");
    // Three goods lines with their taxes and the notes fit one page.
    let total = pages.len();
    assert_eq!(total, 1);
    for (i, page) in pages.iter().enumerate() {
        let words = texts(page);
        assert!(
            words.contains(&format!("Trang {}/{total}", i + 1)),
            "{words:?}"
        );
        assert!(words.contains(&"In bằng KhaiBao lúc 23/11/2026 09:00".to_owned()));
    }
    // The office's name from the code tables, next to its code.
    assert!(
        first.iter().any(|t| t.starts_with("02CI — Chi cục")),
        "{first:?}"
    );
}

#[test]
fn fifty_goods_lines_flow_over_pages_once_each_in_order_with_the_heading_repeated() {
    let pages = layout(&job(FIFTY), Kind::Declaration).unwrap();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let numbers: Vec<String> = all_text(&pages)
        .into_iter()
        .filter(|t| t.len() == 2 && t.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let expected: Vec<String> = (1..=50).map(|n| format!("{n:02}")).collect();
    // Codes like the team "00" are two digits too: the lines are the run 01…50.
    let start = numbers.iter().position(|n| n == "01").unwrap();
    assert_eq!(numbers[start..start + 50], expected[..]);
    // Every page with goods lines has the table's heading, and nothing runs into the footer.
    for page in &pages[1..] {
        let words = texts(page);
        if words.iter().any(|t| t == "25" || t == "40") {
            assert!(words.iter().any(|t| t == "STT"), "{words:?}");
        }
        for item in &page.items {
            if let Item::Text { y, .. } = item {
                assert!(*y < PAGE_HEIGHT - 20.0, "{item:?}");
            }
        }
    }
    // A line and its taxes stay on one page: no page starts with a line's tax note.
    for page in &pages[1..] {
        let words = texts(page);
        let is_line = |t: &&String| t.len() == 2 && t.chars().all(|c| c.is_ascii_digit());
        let first_note = words
            .iter()
            .position(|t| t.starts_with("Thuế nhập khẩu ") && t.contains('='));
        let first_line = words.iter().position(|t| is_line(&t));
        if let Some(note) = first_note {
            assert!(first_line.is_some_and(|line| line < note), "{words:?}");
        }
    }
}

#[test]
fn the_totals_are_the_assessments_and_the_goods_lists_the_declarations() {
    let job = job(SEA);
    let assessment = job.assessment.clone().unwrap();
    assert!(job.assessment_is_preview);
    let words = all_text(&layout(&job, Kind::Declaration).unwrap());
    let payable = crate::assess::format_vnd(assessment.total_payable_vnd, true);
    assert_eq!(payable, "160.614.300");
    let after_label = words
        .iter()
        .position(|t| t == "Tổng số tiền thuế phải nộp (VND)")
        .unwrap();
    assert_eq!(words[after_label + 1], payable);
    assert!(words.join(" ").contains("Số thuế do KhaiBao tính tạm"));

    let list = all_text(&layout(&job, Kind::GoodsList).unwrap());
    let total = job.declaration.goods_invoice_total();
    assert_eq!(total, Decimal::new(60_000, 0));
    let label = list
        .iter()
        .position(|t| t.starts_with("Tổng cộng"))
        .unwrap();
    assert_eq!(
        list[label..label + 3],
        ["Tổng cộng (3 dòng)", "USD", "60.000"]
    );

    let notice = all_text(&layout(&job, Kind::TaxNotice).unwrap());
    let line_taxes: Vec<_> = assessment.lines.iter().flat_map(|l| &l.taxes).collect();
    for tax in line_taxes {
        let amount = crate::assess::format_vnd(tax.amount_vnd, true);
        assert!(notice.contains(&amount), "{amount} in {notice:?}");
    }
}

#[test]
fn customs_facts_are_printed_and_decomposed_text_comes_out_composed() {
    let mut job = job(SEA);
    job.declaration.number = Some("100000000110".parse().unwrap());
    // "Huế" typed with a combining circumflex and acute (NFD).
    job.declaration.declarant.name = Some("CÔNG TY HUE\u{302}\u{301}".to_owned());
    job.registration = Some(Registration {
        status: Some(Status::Registered),
        lane: Some(Lane::Red),
        registered_at: Some(at()),
        changed_at: None,
        cleared_at: None,
    });
    let words = all_text(&layout(&job, Kind::Declaration).unwrap());
    for expected in [
        "(THÔNG BÁO KẾT QUẢ PHÂN LUỒNG)",
        "100000000110",
        "3 — Đỏ",
        "23/11/2026 09:00",
        "Đã đăng ký",
        "CÔNG TY HUẾ",
    ] {
        assert!(
            words.iter().any(|t| t == expected),
            "{expected:?} in {words:?}"
        );
    }
}

#[test]
fn english_uses_the_field_tables_english_names_and_english_numbers() {
    let mut job = job(EXPORT);
    job.language = Language::En;
    let words = all_text(&layout(&job, Kind::Declaration).unwrap());
    assert_eq!(words[0], "EXPORT GOODS DECLARATION");
    assert!(words.iter().any(|t| t == "Exporter name"), "{words:?}");
    assert!(words.iter().any(|t| t.starts_with("Page 1/")), "{words:?}");
    assert!(!words.iter().any(|t| t == "Trang 1/1"));
}

#[test]
fn wrapped_lines_fit_their_width_and_keep_every_word() {
    let fonts = fonts::Fonts::bundled().unwrap();
    let text = "Máy in laser đa chức năng (in, sao chụp, fax), model KB-MFP2, mới 100% \
                Siêuđơnvịkhôngcódấucáchnàorấtdàiđểthửngắtgiữachữ";
    let lines = fonts.wrap(text, 8.0, 120.0);
    assert!(lines.len() > 2);
    for line in &lines {
        assert!(fonts.width(line, 8.0) <= 120.0 + 0.01, "{line}");
    }
    assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    assert!(fonts.width("ế", 10.0) > 0.0);
}

#[test]
fn the_pdf_is_a4_with_its_fonts_embedded_as_subsets() {
    let bytes = render(&job(FIFTY), Kind::Declaration).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/MediaBox[0 0 595.28 841.89]"), "A4");
    // A subset: six capital letters and a plus before the font's name, and far smaller than
    // the 500 kB font file.
    assert!(text.contains("+NotoSans-Regular"), "subset font");
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    // The same data prints the same bytes (no clock inside).
    assert_eq!(render(&job(FIFTY), Kind::Declaration).unwrap(), bytes);
}

#[test]
fn an_error_says_what_failed_in_each_language() {
    crate::domain::text::assert_apart(&PrintError::Font("Noto Sans"));
    crate::domain::text::assert_apart(&PrintError::Pdf("x".to_owned()));
}

#[test]
fn the_change_date_is_the_last_amendment_customs_registered() {
    let entry = |at: &str, job: &str, result: &str| crate::store::TimelineEntry {
        at: at.parse().unwrap(),
        kind: crate::store::TimelineKind::Received,
        job: job.parse().ok(),
        branch: Some(1),
        result_code: Some(result.to_owned()),
        summary_vi: String::new(),
        summary_en: String::new(),
        raw: None,
        system: None,
    };
    let timeline = [
        entry("2026-11-24T03:00:00Z", "IDE", crate::wire::OK),
        // Refused: not a change.
        entry("2026-11-25T03:00:00Z", "IDE", "E0220"),
        entry("2026-11-26T03:00:00Z", "IDC", crate::wire::OK),
    ];
    let mut job = job(SEA);
    job.registration = Some(Registration::default());
    let job = job.with_timeline(&timeline);
    let changed = job.registration.as_ref().and_then(|r| r.changed_at);
    assert_eq!(changed, Some("2026-11-24T03:00:00Z".parse().unwrap()));
    let words = all_text(&layout(&job, Kind::Declaration).unwrap());
    assert!(words.iter().any(|t| t == "24/11/2026 10:00"), "{words:?}");
    // Never registered: no registration facts are made up.
    let draft = super::tests::job(SEA).with_timeline(&timeline);
    assert_eq!(draft.registration, None);
}
