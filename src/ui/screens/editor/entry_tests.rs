//! The editor's number and date boxes, driven by label with `egui_kittest`: what a broker types
//! the Vietnamese way (or the English way in English) is the value stored, and what cannot be
//! read is said, stored as nothing and blocks sending.

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rust_decimal::Decimal;

use super::{EditorState, Frame};
use crate::codes::CodeLists;
use crate::domain::Direction;
use crate::ui::i18n::Language;

struct Screen {
    editor: EditorState,
    codes: CodeLists,
    language: Language,
}

fn today() -> chrono::NaiveDate {
    // The tests' stated date (tests/integration/util.rs NOW).
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn harness(language: Language) -> Harness<'static, Screen> {
    let codes = CodeLists::bundled().unwrap();
    let editor = EditorState::new(Direction::Import, &codes, today());
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1400.0))
        .with_context_setup(crate::ui::fonts::install)
        .build_ui_state(
            |ui, screen: &mut Screen| {
                let view = Frame {
                    language: screen.language,
                    codes: &screen.codes,
                    now: crate::ui::screens::testing::now(),
                    machine_now: crate::ui::screens::testing::now(),
                    today: today(),
                    instant: std::time::Instant::now(),
                    busy: false,
                };
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let _ = screen.editor.show(ui, &view);
                });
            },
            Screen {
                editor,
                codes,
                language,
            },
        )
}

/// Focuses the box labelled `label`, types `text`, then leaves it with Tab.
fn type_into(harness: &mut Harness<'_, Screen>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run_steps(1);
    harness.key_press(egui::Key::Tab);
    harness.run_steps(2);
}

fn shown(harness: &Harness<'_, Screen>, label: &str) -> String {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

const WEIGHT_VI: &str = "Tổng trọng lượng hàng (Gross)";
const PACKAGES_VI: &str = "Số lượng kiện";
const ARRIVAL_VI: &str = "Ngày hàng đến";

#[test]
fn numbers_typed_the_vietnamese_way_are_the_values_stored_and_shown() {
    let mut harness = harness(Language::Vietnamese);
    for (typed, value, display) in [
        ("1.500", "1500", "1.500"),
        ("1.234,56", "1234.56", "1.234,56"),
        ("1,5", "1.5", "1,5"),
        ("2500", "2500", "2.500"),
    ] {
        type_into(&mut harness, WEIGHT_VI, typed);
        let stored = harness.state().editor.declaration.gross_weight.amount;
        assert_eq!(stored, Some(dec(value)), "{typed}");
        assert_eq!(shown(&harness, WEIGHT_VI), display, "{typed}");
    }
    assert!(!harness.state().editor.has_unreadable_entry());
}

#[test]
fn an_unreadable_number_stores_nothing_is_said_and_blocks_sending() {
    let mut harness = harness(Language::Vietnamese);
    type_into(&mut harness, WEIGHT_VI, "1.500");
    // Then a typo: the stale 1500 must not stay in the model.
    type_into(&mut harness, WEIGHT_VI, "1.234,5x");
    let editor = &harness.state().editor;
    assert_eq!(editor.declaration.gross_weight.amount, None);
    assert!(editor.has_unreadable_entry());
    assert!(
        editor
            .findings
            .iter()
            .any(|f| f.code == "KB-E0214" && f.path == "gross_weight.amount"),
        "{:?}",
        editor.findings
    );
    assert!(!editor.ready(), "it cannot be sent");
    // What was typed stays in the box, with the reason beside it.
    assert_eq!(shown(&harness, WEIGHT_VI), "1.234,5x");
    assert!(
        harness
            .query_all_by_label_contains("«1.234,5x» không phải là số")
            .next()
            .is_some()
    );
    // Read two ways: refused, not guessed.
    type_into(&mut harness, WEIGHT_VI, "1.5");
    assert_eq!(harness.state().editor.declaration.gross_weight.amount, None);
    assert!(
        harness
            .query_all_by_label_contains("có thể hiểu hai cách")
            .next()
            .is_some()
    );
    // Too precise (the weight takes grams: 3 decimals): said, not rounded.
    type_into(&mut harness, WEIGHT_VI, "10,2555");
    assert_eq!(harness.state().editor.declaration.gross_weight.amount, None);
    assert!(
        harness
            .query_all_by_label_contains("tối đa 3 chữ số thập phân")
            .next()
            .is_some()
    );
    type_into(&mut harness, PACKAGES_VI, "3,5");
    assert!(
        harness
            .query_all_by_label_contains("số nguyên")
            .next()
            .is_some()
    );
    // Fixed, the finding goes.
    type_into(&mut harness, WEIGHT_VI, "10,255");
    type_into(&mut harness, PACKAGES_VI, "3");
    let editor = &harness.state().editor;
    assert_eq!(editor.declaration.gross_weight.amount, Some(dec("10.255")));
    assert!(!editor.has_unreadable_entry());
    assert!(editor.findings.iter().all(|f| f.code != "KB-E0214"));
}

#[test]
fn dates_are_typed_day_first_with_or_without_separators() {
    let mut harness = harness(Language::Vietnamese);
    for typed in ["25/11/2026", "25112026", "25-11-2026", "2026-11-25"] {
        type_into(&mut harness, ARRIVAL_VI, typed);
        assert_eq!(
            harness.state().editor.declaration.arrival_date,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
            "{typed}"
        );
        assert_eq!(shown(&harness, ARRIVAL_VI), "25/11/2026", "{typed}");
    }
    type_into(&mut harness, ARRIVAL_VI, "31/02/2026");
    assert_eq!(harness.state().editor.declaration.arrival_date, None);
    assert!(!harness.state().editor.ready());
}

#[test]
fn english_mode_reads_and_shows_the_other_convention() {
    let mut harness = harness(Language::Vietnamese);
    type_into(&mut harness, WEIGHT_VI, "1.234,5");
    harness.state_mut().language = Language::English;
    harness.run_steps(2);
    // The value did not change; it is shown the English way.
    assert_eq!(shown(&harness, "Gross weight"), "1,234.5");
    type_into(&mut harness, "Gross weight", "1,500");
    assert_eq!(
        harness.state().editor.declaration.gross_weight.amount,
        Some(dec("1500"))
    );
    type_into(&mut harness, "Gross weight", "1.234,56");
    assert_eq!(harness.state().editor.declaration.gross_weight.amount, None);
    assert!(
        harness
            .query_all_by_label_contains("can be read two ways")
            .next()
            .is_some()
    );
}

#[test]
fn decomposed_text_from_an_input_method_or_the_clipboard_is_stored_composed() {
    use unicode_normalization::UnicodeNormalization as _;
    let mut harness = harness(Language::Vietnamese);
    let decomposed: String = "Công ty TNHH Đại Phát".nfd().collect();
    type_into(&mut harness, "Tên người nhập khẩu", &decomposed);
    assert_eq!(
        harness.state().editor.declaration.declarant.name.as_deref(),
        Some("Công ty TNHH Đại Phát")
    );
}

#[test]
fn a_date_can_be_picked_from_a_calendar_in_the_windows_language() {
    let mut harness = harness(Language::Vietnamese);
    // A typo first: picking a day replaces it and its error.
    type_into(&mut harness, ARRIVAL_VI, "31/02/2026");
    harness.get_by_label("Chọn ngày — Ngày hàng đến").click();
    harness.run_steps(2);
    // November 2026 (today's month), Monday first, in Vietnamese.
    assert!(harness.query_by_label("Tháng 11/2026").is_some());
    assert!(harness.query_by_label("CN").is_some());
    assert!(harness.query_by_label("Su").is_none());
    harness.get_by_label("Tháng trước").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("Tháng 10/2026").is_some());
    harness.get_by_label("25").click();
    harness.run_steps(2);
    let editor = &harness.state().editor;
    assert_eq!(
        editor.declaration.arrival_date,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 25)
    );
    assert!(!editor.has_unreadable_entry());
    assert_eq!(shown(&harness, ARRIVAL_VI), "25/10/2026");
    assert!(harness.query_by_label("Tháng 10/2026").is_none(), "closed");
}

#[test]
fn typed_text_follows_its_goods_line_and_survives_adding_a_line() {
    use super::goods::{LineAction, moved_key};
    let key = |k: &str, a, i| moved_key(k, a, i);
    assert_eq!(
        key("goods[2].unit_price", LineAction::Delete, 1).as_deref(),
        Some("goods[1].unit_price")
    );
    assert_eq!(key("goods[1].unit_price", LineAction::Delete, 1), None);
    assert_eq!(
        key("goods[0].unit_price", LineAction::Delete, 1).as_deref(),
        Some("goods[0].unit_price")
    );
    assert_eq!(
        key("goods[3].hs_code", LineAction::Duplicate, 1).as_deref(),
        Some("goods[4].hs_code")
    );
    assert_eq!(
        key("goods[1].hs_code", LineAction::Up, 1).as_deref(),
        Some("goods[0].hs_code")
    );
    assert_eq!(
        key("goods[0].hs_code", LineAction::Up, 1).as_deref(),
        Some("goods[1].hs_code")
    );
    assert_eq!(
        key("goods[1].hs_code", LineAction::Down, 1).as_deref(),
        Some("goods[2].hs_code")
    );
    assert_eq!(
        key("gross_weight.amount", LineAction::Delete, 0).as_deref(),
        Some("gross_weight.amount")
    );
    // An unreadable header entry keeps its text and its blocking finding when a line is added.
    let mut harness = harness(Language::Vietnamese);
    type_into(&mut harness, WEIGHT_VI, "12kg");
    harness.state_mut().editor.tab = super::Tab::Goods;
    harness.run_steps(2);
    harness.get_by_label("Thêm dòng").click();
    harness.run_steps(2);
    harness.state_mut().editor.tab = super::Tab::General1;
    harness.run_steps(2);
    assert_eq!(shown(&harness, WEIGHT_VI), "12kg");
    assert!(harness.state().editor.has_unreadable_entry());
    assert!(!harness.state().editor.ready());
}

#[test]
fn keys_typed_right_after_enter_or_tab_land_in_the_next_box() {
    use crate::domain::field_label;
    let label = |path: &str| field_label(path, Direction::Import).unwrap().vi;
    let mut harness = harness(Language::Vietnamese);
    harness
        .get_by_role_and_label(Role::TextInput, label("declarant.name"))
        .focus();
    harness.run_steps(1);
    // A scanner's speed: the name, Enter, the postcode, Tab, the address, Tab and the phone reach
    // the window in one frame (kittest's queue would give each event a frame of its own). Each
    // frame's raw input goes through the window's type-ahead filter first, as eframe does.
    let key = |key: egui::Key, pressed: bool| egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    };
    let text = |t: &str| egui::Event::Text(t.to_owned());
    let mut pending = vec![
        text("CÔNG TY AN PHÚ"),
        key(egui::Key::Enter, true),
        key(egui::Key::Enter, false),
        text("70000"),
        key(egui::Key::Tab, true),
        key(egui::Key::Tab, false),
        text("Số 1 Lê Lợi"),
        key(egui::Key::Tab, true),
        key(egui::Key::Tab, false),
        text("0901234567"),
    ];
    let mut typeahead = crate::ui::typeahead::TypeAhead::default();
    for _ in 0..20 {
        let focused = harness.ctx.memory(egui::Memory::focused);
        let raw = harness.input_mut();
        raw.events.append(&mut pending);
        typeahead.filter(raw, focused);
        harness.step();
    }
    let d = &harness.state().editor.declaration.declarant;
    assert_eq!(d.name.as_deref(), Some("CÔNG TY AN PHÚ"));
    assert_eq!(d.postcode.as_deref(), Some("70000"));
    assert_eq!(d.address.as_deref(), Some("Số 1 Lê Lợi"));
    assert_eq!(d.phone.as_deref(), Some("0901234567"));
}

#[test]
fn a_box_reached_with_tab_is_replaced_by_what_is_typed_not_added_to() {
    use crate::domain::field_label;
    let label = |path: &str| field_label(path, Direction::Import).unwrap().vi;
    let mut harness = harness(Language::Vietnamese);
    type_into(&mut harness, label("declarant.phone"), "0281111111");
    type_into(&mut harness, label("declarant.address"), "Số 1 Lê Lợi");
    // type_into left the address with Tab: the phone has the focus, its text selected.
    harness.event(egui::Event::Text("0901234567".to_owned()));
    harness.run_steps(2);
    let d = &harness.state().editor.declaration.declarant;
    assert_eq!(d.phone.as_deref(), Some("0901234567"));
}

/// Enter through a date box stores the date and goes on to the next boxes without opening the
/// calendar. (Here egui's focus order already passes over the ▾ button; the window's own skip of
/// it, for a focus that lands on it there, is not reached by this test.)
#[test]
fn enter_through_a_date_box_goes_on_to_the_next_boxes() {
    let mut harness = harness(Language::Vietnamese);
    harness
        .get_by_role_and_label(Role::TextInput, ARRIVAL_VI)
        .focus();
    harness.run_steps(1);
    harness.event(egui::Event::Text("25112026".to_owned()));
    harness.run_steps(1);
    for _ in 0..2 {
        harness.key_press(egui::Key::Enter);
        harness.run_steps(3);
    }
    assert!(
        harness.query_by_label("Tháng 11/2026").is_none(),
        "the calendar did not open"
    );
    assert!(
        harness
            .get_all_by_role(Role::TextInput)
            .any(|n| n.is_focused()),
        "a box has the focus"
    );
    assert_eq!(
        harness.state().editor.declaration.arrival_date,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
    );
}
