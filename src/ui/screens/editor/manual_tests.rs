//! The manual clearance window by its labels: opened from a saved declaration with its number
//! filled, a date it cannot read said in the window (nothing asked of the app), then recorded as
//! one command with the number, lane and date.

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::EditorState;
use crate::domain::{DeclarationNumber, Direction, Lane};
use crate::store::DraftState;
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn registered() -> Harness<'static, State> {
    let fixture = Fixture::new(Language::Vietnamese);
    let mut declaration = crate::domain::Declaration::new(Direction::Import);
    declaration.number = Some("100000000110".parse().unwrap());
    let mut editor = EditorState::with(
        Some(7),
        declaration,
        DraftState::Registered,
        &fixture.codes,
        fixture.frame().today,
    );
    editor.lane = Some(2);
    let state = State {
        editor,
        fixture,
        commands: Vec::new(),
    };
    harness((1280.0, 900.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.editor.show(ui, &frame);
        s.commands.extend(commands);
    })
}

fn type_date(h: &mut Harness<'_, State>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Ngày thông quan")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Ngày thông quan")
        .type_text(text);
    h.run();
}

#[test]
fn a_hand_cleared_declaration_is_entered_with_its_number_lane_and_date() {
    let mut h = registered();
    h.run();
    h.get_by_label("Nhập kết quả thông quan thủ công…").click();
    h.run();
    // The window: the number as the declaration has it.
    let number = h.get_by_role_and_label(Role::TextInput, "Số tờ khai");
    assert_eq!(number.value().as_deref(), Some("100000000110"));
    type_date(&mut h, "31/02/2026");
    h.get_by_label("Ghi nhận").click();
    h.run();
    assert!(h.state().commands.is_empty());
    assert!(
        h.query_by_label("Ngày thông quan viết dd/mm/yyyy, ví dụ 23/11/2026")
            .is_some()
    );
    h.get_by_role_and_label(Role::TextInput, "Ngày thông quan")
        .focus();
    h.run();
    for _ in 0.."31/02/2026".len() {
        h.key_press(eframe::egui::Key::Backspace);
    }
    h.run();
    type_date(&mut h, "20/11/2026");
    h.get_by_label("Ghi nhận").click();
    h.run();
    match h.state().commands.as_slice() {
        [
            Command::ManualClearance {
                number,
                lane,
                cleared_on,
            },
        ] => {
            assert_eq!(
                *number,
                "100000000110".parse::<DeclarationNumber>().unwrap()
            );
            assert_eq!(*lane, Some(Lane::Yellow));
            assert_eq!(cleared_on.to_string(), "2026-11-20");
        }
        other => panic!("{other:?}"),
    }
    // The window closed with the command.
    assert!(h.query_by_label("Ghi nhận").is_none());
}
