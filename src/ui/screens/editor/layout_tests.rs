//! The editor as a new broker met it, driven by label at 1024×768: boxes have their width from
//! the first frame, Enter in a goods line never duplicates it, a blank declaration is not a wall
//! of red, an expired declaration offers a copy instead of a job the core would refuse, and an
//! opened tax explanation leaves the other buttons in reach.

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{EditorState, Tab};
use crate::domain::{Declaration, Direction, field_label};
use crate::store::DraftState;
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

const WIDTH: f32 = 1024.0;

fn editor(editor: impl FnOnce(&Fixture) -> EditorState) -> Harness<'static, State> {
    let fixture = Fixture::new(Language::Vietnamese);
    let state = State {
        editor: editor(&fixture),
        fixture,
        commands: Vec::new(),
    };
    harness((WIDTH, 768.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.editor.show(ui, &frame);
        s.commands.extend(commands);
    })
}

fn blank(fixture: &Fixture) -> EditorState {
    EditorState::new(Direction::Import, &fixture.codes, fixture.frame().today)
}

fn example(name: &str) -> Declaration {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    crate::domain::file::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn stored(fixture: &Fixture, name: &str, state: DraftState) -> EditorState {
    EditorState::with(
        Some(7),
        example(name),
        state,
        &fixture.codes,
        fixture.frame().today,
    )
}

#[test]
fn boxes_have_their_width_on_the_first_frame() {
    let mut h = editor(blank);
    h.step();
    let label = field_label("type_code", Direction::Import).unwrap().vi;
    let rect = h.get_by_role_and_label(Role::TextInput, label).rect();
    assert!(rect.width() >= 200.0, "{label} is {} px wide", rect.width());
}

#[test]
fn enter_in_the_last_cell_of_a_goods_line_moves_on_without_duplicating_it() {
    let mut h = editor(blank);
    h.state_mut().editor.tab = Tab::Goods;
    h.run();
    let columns = crate::ui::fields::goods_columns();
    let last = columns.last().unwrap();
    let label = field_label(&format!("goods.{}", last.name), Direction::Import)
        .unwrap()
        .vi;
    h.get_all_by_role_and_label(Role::TextInput, label)
        .next()
        .unwrap()
        .focus();
    h.run();
    h.event(egui::Event::Text("1".to_owned()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().editor.declaration.goods.len(), 1);
}

#[test]
fn a_blank_declaration_sums_up_its_empty_mandatory_fields() {
    let mut h = editor(blank);
    h.run();
    let missing = "chưa khai, đây là chỉ tiêu bắt buộc";
    assert_eq!(h.query_all_by_label_contains(missing).count(), 0);
    h.get_by_label_contains("chỉ tiêu bắt buộc chưa khai — bấm để xem")
        .click();
    h.run();
    assert!(h.query_all_by_label_contains(missing).count() > 5);
    // The example with one field emptied: that one is said at once.
    let mut h = editor(|f| {
        let mut e = stored(f, "import-sea-container.json", DraftState::Draft);
        e.declaration.type_code = None;
        e.changed(&f.codes, f.frame().today, std::time::Instant::now());
        e
    });
    h.run();
    assert!(h.query_by_label_contains("Mã loại hình —").is_some());
}

#[test]
fn an_expired_declaration_offers_a_copy_not_a_job_the_core_refuses() {
    let mut h = editor(|f| stored(f, "import-sea-container.json", DraftState::Expired));
    h.run();
    assert!(h.query_by_label_contains("Khai báo trước").is_none());
    h.get_by_label("Sao chép thành tờ khai mới").click();
    h.run();
    assert!(matches!(h.state().commands.as_slice(), [Command::Copy(7)]));
}

#[test]
fn an_opened_tax_explanation_leaves_the_other_buttons_in_reach() {
    let mut h = editor(|f| stored(f, "import-sea-container.json", DraftState::Draft));
    h.state_mut().editor.tab = Tab::Taxes;
    h.run();
    let count = h.query_all_by_label("Giải thích").count();
    assert!(count >= 2, "{count} taxes");
    h.get_all_by_label("Giải thích").next().unwrap().click();
    h.run();
    for button in h.query_all_by_label("Giải thích") {
        let rect = button.rect();
        assert!(rect.right() <= WIDTH, "a button is pushed to {rect:?}");
    }
    assert_eq!(h.query_all_by_label("Giải thích").count(), count);
}

#[test]
fn bills_of_lading_containers_and_freight_are_typed_in_the_window() {
    let mut h = editor(blank);
    h.run();
    let bills = h.get_by_label_contains("Số vận đơn (mỗi dòng một, tối đa 5)");
    bills.focus();
    h.run();
    h.get_by_label_contains("Số vận đơn")
        .type_text("HPH-2026-0001\nHPH-2026-0002\n");
    h.run();
    assert_eq!(
        h.state().editor.declaration.bills_of_lading,
        ["HPH-2026-0001", "HPH-2026-0002"]
    );
    // Freight is typed on the second tab; the part exists only once something is in it.
    h.state_mut().editor.tab = Tab::General2;
    h.run();
    assert_eq!(h.state().editor.declaration.valuation.freight, None);
    let freight = field_label("valuation.freight.amount", Direction::Import)
        .unwrap()
        .vi;
    h.get_by_role_and_label(Role::TextInput, freight).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, freight)
        .type_text("1.250,5");
    h.run();
    let charge = h
        .state()
        .editor
        .declaration
        .valuation
        .freight
        .clone()
        .unwrap();
    assert_eq!(charge.amount, Some("1250.5".parse().unwrap()));
}

#[test]
fn a_second_bill_of_lading_is_typed_after_enter() {
    let mut h = editor(blank);
    h.run();
    h.get_by_label_contains("Số vận đơn (mỗi dòng một").focus();
    h.run();
    // Typed as a broker does: a number, Enter, the next number.
    h.get_by_label_contains("Số vận đơn")
        .type_text("HPH-2026-0001");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label_contains("Số vận đơn")
        .type_text("HPH-2026-0002");
    h.run();
    assert_eq!(
        h.state().editor.declaration.bills_of_lading,
        ["HPH-2026-0001", "HPH-2026-0002"]
    );
}

#[test]
fn a_code_picked_for_freight_creates_the_part_and_nothing_else_does() {
    let fixture = Fixture::new(Language::Vietnamese);
    let mut e = blank(&fixture);
    let d = &mut e.declaration;
    assert!(super::form::set_text(
        d,
        "valuation.freight.currency",
        "USD".into()
    ));
    let freight = d.valuation.freight.clone().unwrap();
    assert_eq!(freight.currency.as_deref(), Some("USD"));
    assert!(!super::form::set_text(
        d,
        "valuation.insurance.amount",
        "12".into()
    ));
    assert_eq!(d.valuation.insurance, None);
    // Header and goods fields through the same field table.
    assert!(super::form::set_text(d, "type_code", "A11".into()));
    assert!(super::form::set_text(
        d,
        "goods[0].hs_code",
        "09011110".into()
    ));
    assert!(!super::form::set_text(
        d,
        "goods[3].hs_code",
        "09011110".into()
    ));
    assert_eq!(d.type_code.as_deref(), Some("A11"));
    assert_eq!(d.goods[0].hs_code.as_deref(), Some("09011110"));
}

#[test]
fn the_goods_grid_scrolls_to_the_cell_that_has_the_focus() {
    let mut h = editor(|f| stored(f, "import-sea-container.json", DraftState::Draft));
    h.state_mut().editor.tab = Tab::Goods;
    h.run();
    let label = |name: &str| {
        field_label(&format!("goods.{name}"), Direction::Import)
            .unwrap()
            .vi
    };
    h.get_all_by_role_and_label(Role::TextInput, label("invoice_value"))
        .next()
        .unwrap()
        .focus();
    h.run();
    // Tab on to columns past the window's right edge.
    for _ in 0..4 {
        h.key_press(egui::Key::Tab);
        h.run();
    }
    let focused = h
        .get_all_by_role(Role::TextInput)
        .find(egui_kittest::Node::is_focused)
        .expect("a box has the focus");
    let rect = focused.rect();
    assert!(
        rect.right() <= WIDTH && rect.left() >= 0.0,
        "the focused box is at {rect:?}"
    );
}

#[test]
fn a_refused_value_in_the_goods_grid_does_not_move_the_rows_below() {
    let mut h = editor(blank);
    h.state_mut().editor.tab = Tab::Goods;
    h.run();
    h.get_by_label("Thêm dòng").click();
    h.run();
    let label = |name: &str| {
        field_label(&format!("goods.{name}"), Direction::Import)
            .unwrap()
            .vi
    };
    // The distance from the first line to the second: the first line's height.
    let line_height = |h: &Harness<'_, State>| {
        let tops: Vec<f32> = h
            .get_all_by_role_and_label(Role::TextInput, label("hs_code"))
            .map(|n| n.rect().top())
            .collect();
        tops[1] - tops[0]
    };
    let before = line_height(&h);
    h.get_all_by_role_and_label(Role::TextInput, label("quantity.amount"))
        .next()
        .unwrap()
        .focus();
    h.run();
    h.event(egui::Event::Text("1,2,3".to_owned()));
    h.run();
    assert!(h.state().editor.has_unreadable_entry());
    let after = line_height(&h);
    assert!(
        (after - before).abs() < 1.0,
        "the first line grew from {before} to {after}"
    );
}
