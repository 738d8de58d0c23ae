//! The PIN dialog driven by label: Enter signs, Esc gives up, nothing is sent with an empty PIN,
//! and the PIN leaves the dialog's memory when it ends.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{PinAnswer, PinDialog};
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    dialog: PinDialog<()>,
    fixture: Fixture,
    answers: Vec<PinAnswer>,
}

fn dialog() -> Harness<'static, State> {
    let state = State {
        dialog: PinDialog::new(()),
        fixture: Fixture::new(Language::Vietnamese),
        answers: Vec::new(),
    };
    harness((1024.0, 768.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        if let Some(answer) = s.dialog.show(ui, &frame, None) {
            s.answers.push(answer);
        }
    })
}

#[test]
fn enter_signs_with_the_typed_pin() {
    let mut h = dialog();
    h.run_steps(2);
    // Enter with nothing typed sends nothing.
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert!(h.state().answers.is_empty());
    h.event(egui::Event::Text("123456".to_owned()));
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(1);
    match h.state().answers.as_slice() {
        [PinAnswer::Entered(pin)] => assert_eq!(pin.secret().as_str(), "123456"),
        other => panic!("expected the PIN, got {other:?}"),
    }
    assert!(
        h.state().dialog.pin.is_empty(),
        "the dialog forgets the PIN"
    );
}

#[test]
fn escape_gives_up_and_the_button_waits_for_a_pin() {
    let mut h = dialog();
    h.run_steps(2);
    h.get_by_label("Ký và gửi").click();
    h.run_steps(1);
    assert!(
        h.state().answers.is_empty(),
        "disabled while the PIN is empty"
    );
    h.event(egui::Event::Text("9999".to_owned()));
    h.run_steps(1);
    h.key_press(egui::Key::Escape);
    h.run_steps(1);
    assert!(matches!(
        h.state().answers.as_slice(),
        [PinAnswer::Cancelled]
    ));
    assert!(h.state().dialog.pin.is_empty());
}
