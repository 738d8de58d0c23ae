//! The editor's print button, found by its label in both languages: it asks the app to print
//! (the screen does no IO; the app chooses the file, the worker writes it).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::EditorState;
use crate::domain::Direction;
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn editor(language: Language) -> Harness<'static, State> {
    let fixture = Fixture::new(language);
    let editor = EditorState::new(Direction::Import, &fixture.codes, fixture.frame().today);
    let state = State {
        editor,
        fixture,
        commands: Vec::new(),
    };
    harness((1200.0, 900.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.editor.show(ui, &frame);
        s.commands.extend(commands);
    })
}

#[test]
fn the_print_button_asks_the_app_to_print_and_nothing_else() {
    for (language, label) in [
        (Language::Vietnamese, "In tờ khai (PDF)"),
        (Language::English, "Print (PDF)"),
    ] {
        let mut h = editor(language);
        h.run();
        assert!(h.state().commands.is_empty());
        h.get_by_label(label).click();
        h.run();
        let commands = &h.state().commands;
        assert_eq!(commands.len(), 1, "{commands:?}");
        assert!(matches!(commands[0], Command::Print), "{commands:?}");
    }
}
