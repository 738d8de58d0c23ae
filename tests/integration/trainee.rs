//! Trainee mode in the real window (`egui_kittest` on the real `App`, its worker, store and
//! embedded simulator in a temporary folder): each shipped exercise is chosen on the
//! **Bài tập** screen by its title, started, its answer key filled in and scored — full marks —
//! then one key field made wrong and scored again — that field named among the differences with
//! its hint; every attempt kept and shown on the exercise's progress line.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khaibao::clock::Clock;
use khaibao::codes::CodeLists;
use khaibao::signing::helper::Helper;
use khaibao::ui::App;
use khaibao::ui::worker::Setup;
use khaibao::workflow::Connection;

use crate::gui::{all_labels, click, settle, status, window};

fn app(dir: &std::path::Path) -> App {
    let setup = Setup {
        data_dir: dir.to_path_buf(),
        connection: Connection::Embedded,
        user_id: "KBTRN001".into(),
        helper: Helper::new(env!("CARGO_BIN_EXE_khaibao").into()),
        clock: Clock::starting_at(crate::util::now()),
    };
    App::new(CodeLists::bundled().unwrap(), setup, || {})
}

/// Clicks **Chấm điểm** on the declaration as it is now and returns the score the window keeps.
fn scored(harness: &mut Harness<'_, App>) -> khaibao::exercise::Score {
    harness.run_steps(2);
    click(harness, "Chấm điểm");
    settle(harness);
    harness
        .state()
        .editor
        .as_ref()
        .and_then(|e| e.exercise.as_ref())
        .and_then(|s| s.score.clone())
        .map_or_else(|| panic!("not scored: {}", status(harness)), |score| *score)
}

/// Every label and value of the window, one per line (to find text inside a longer label).
fn text(harness: &Harness<'_, App>) -> String {
    all_labels(harness).join("\n")
}

/// A different, valid HS code for a line: another of the tariff's codes.
fn another_hs(hs: &str) -> String {
    if hs == "85171300" {
        "85176249".to_owned()
    } else {
        "85171300".to_owned()
    }
}

fn solve(id: &str) {
    let exercise = khaibao::exercise::find(id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(app(dir.path()));
    settle(&mut harness);
    click(&mut harness, "Bài tập");
    settle(&mut harness);
    harness.get_by_label(&exercise.title.vi).click();
    harness.run_steps(2);
    assert!(text(&harness).contains("Chưa làm lần nào"), "{id}");
    click(&mut harness, "Bắt đầu làm bài");
    settle(&mut harness);
    // The documents and the situation are beside the form.
    let shown = text(&harness);
    assert!(
        shown.contains("Tình huống") && shown.contains("Chứng từ"),
        "{id}"
    );
    if let Some(invoice) = &exercise.documents.invoice {
        assert!(
            shown.contains(&invoice.number),
            "{id}: the invoice's number"
        );
    }

    // The key, filled in: full marks.
    harness.state_mut().editor.as_mut().unwrap().declaration = exercise.key_declaration();
    let score = scored(&mut harness);
    let shown = text(&harness);
    assert!(score.is_full(), "{id}: {:?}", score.differences);
    assert!(
        shown.contains(&format!("Điểm: {0}/{0} (100%)", score.max)),
        "{id}: {shown}"
    );
    assert!(shown.contains("Đúng hoàn toàn"), "{id}");
    assert_eq!(status(&harness), "Đã chấm điểm và lưu lần làm này");

    // Line 1's HS code made wrong: named among the differences, with the key's value.
    let expected = exercise.key.declaration.goods[0]
        .hs_code
        .clone()
        .unwrap_or_default();
    let wrong = another_hs(&expected);
    harness
        .state_mut()
        .editor
        .as_mut()
        .unwrap()
        .declaration
        .goods[0]
        .hs_code = Some(wrong.clone());
    let score = scored(&mut harness);
    assert!(!score.is_full() && score.points < score.max, "{id}");
    let hs = score
        .differences
        .iter()
        .find(|d| d.item == "CMD" && d.line == Some(1))
        .unwrap_or_else(|| panic!("{id}: {:?}", score.differences));
    assert_eq!(
        (hs.expected.as_str(), hs.given.as_str()),
        (expected.as_str(), wrong.as_str())
    );
    let shown = text(&harness);
    assert!(
        shown.contains("CMD Mã số hàng hóa — dòng 1"),
        "{id}: {shown}"
    );
    assert!(shown.contains(&hs.hint.vi), "{id}: the hint is shown");

    // Both attempts are kept and drawn on the exercise's progress.
    click(&mut harness, "Bài tập");
    settle(&mut harness);
    // Still chosen: its title is in the list and above its progress.
    harness
        .get_all_by_label(&exercise.title.vi)
        .next()
        .unwrap()
        .click();
    harness.run_steps(2);
    let shown = text(&harness);
    assert!(
        shown.contains(&format!(
            "Lần 1: 100% (23/11/2026) · Lần 2: {}%",
            score.percent()
        )),
        "{id}: {shown}"
    );
}

/// The exercise window's differences never give the key's value of a field left empty: a
/// placeholder stands for it (with the hint); once something wrong is typed, the key's value
/// shows.
#[test]
fn the_key_value_of_a_field_left_empty_is_not_shown() {
    let exercise = khaibao::exercise::find("01-a11-first-import").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(app(dir.path()));
    settle(&mut harness);
    click(&mut harness, "Bài tập");
    settle(&mut harness);
    harness.get_by_label(&exercise.title.vi).click();
    harness.run_steps(2);
    click(&mut harness, "Bắt đầu làm bài");
    settle(&mut harness);
    let mut declaration = exercise.key_declaration();
    declaration.type_code = None;
    harness.state_mut().editor.as_mut().unwrap().declaration = declaration;
    let score = scored(&mut harness);
    let difference = score
        .differences
        .iter()
        .find(|d| d.item == "ICB")
        .unwrap_or_else(|| panic!("{:?}", score.differences));
    assert_eq!(
        (difference.expected.as_str(), difference.given.as_str()),
        ("A11", "")
    );
    let row = harness.get_by_label_contains("ICB Mã loại hình").rect();
    let placeholder = harness.get_by_label("(chưa hiện — điền trước đã)").rect();
    assert!(
        (placeholder.center().y - row.center().y).abs() < 4.0 && placeholder.left() > row.left(),
        "the placeholder stands in the row's expected column: {row:?} {placeholder:?}"
    );
    assert!(
        harness.query_by_label("A11").is_none(),
        "the key's type code is shown: {}",
        text(&harness)
    );
    assert!(
        text(&harness).contains(&difference.hint.vi),
        "the hint is shown"
    );

    // Something wrong typed: the key's value is shown.
    harness
        .state_mut()
        .editor
        .as_mut()
        .unwrap()
        .declaration
        .type_code = Some("A12".into());
    harness.run_steps(2);
    click(&mut harness, "Chấm điểm");
    settle(&mut harness);
    let expected = harness.get_by_label("A11").rect();
    let row = harness.get_by_label_contains("ICB Mã loại hình").rect();
    assert!(
        (expected.center().y - row.center().y).abs() < 4.0,
        "{row:?} {expected:?}"
    );
    assert!(
        harness
            .query_by_label("(chưa hiện — điền trước đã)")
            .is_none()
    );
}

/// At 1280×900 (a common laptop), the **Bài tập** screen fits: the list's heads and every
/// exercise's title, aim and situation lie within the window's width once chosen.
#[test]
fn the_exercises_screen_fits_a_1280_pixel_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, 900.0))
        .with_context_setup(khaibao::ui::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app(dir.path()));
    settle(&mut harness);
    click(&mut harness, "Bài tập");
    settle(&mut harness);
    let catalogue = khaibao::exercise::catalogue();
    // Labels holding `label` (the heads: equal to it).
    let within = |harness: &Harness<'_, App>, label: &str| {
        let nodes: Vec<_> = harness.get_all_by_label_contains(label).collect();
        assert!(!nodes.is_empty(), "{label} is not shown");
        for node in nodes {
            let rect = node.rect();
            assert!(
                rect.left() >= 0.0 && rect.right() <= 1280.0,
                "{label}: {rect:?} runs past the 1280 px window"
            );
        }
    };
    for head in ["Mức", "Bài", "Số lần làm · điểm cao nhất"] {
        let rect = harness.get_by_label(head).rect();
        assert!(rect.right() <= 1280.0, "{head}: {rect:?}");
    }
    for exercise in &catalogue {
        within(&harness, &exercise.title.vi);
        harness
            .get_all_by_label(&exercise.title.vi)
            .next()
            .unwrap()
            .click();
        harness.run_steps(2);
        // The aim is with the chosen exercise (not a list column), the situation wraps.
        within(&harness, &exercise.teaches.vi);
        within(&harness, exercise.scenario.vi.trim());
        within(&harness, "Bắt đầu làm bài");
    }
}

macro_rules! exercises {
    ($($name:ident => $id:literal,)*) => {
        $(
            #[test]
            fn $name() {
                solve($id);
            }
        )*
        /// Every shipped exercise has its test here.
        #[test]
        fn every_shipped_exercise_is_solved_in_the_window() {
            let tested = [$($id),*];
            let shipped: Vec<String> =
                khaibao::exercise::catalogue().into_iter().map(|e| e.id).collect();
            assert_eq!(shipped, tested);
        }
    };
}

exercises! {
    first_import_a11 => "01-a11-first-import",
    sea_fob_freight_and_insurance => "02-sea-fob-freight-insurance",
    fta_atiga_form_d => "03-fta-atiga-form-d",
    fta_c_o_not_qualifying => "04-fta-co-not-qualifying",
    wine_special_consumption_tax => "05-wine-special-consumption-tax",
    plastic_bags_environmental_tax => "06-plastic-bags-environmental-tax",
    export_duty_b11 => "07-export-duty-b11",
    amendment_after_registration => "08-amendment-after-registration",
    provisional_expires => "09-provisional-expires",
    split_invoice_of_60_lines => "10-split-invoice-60-lines",
    low_value_express => "11-low-value-express",
}
