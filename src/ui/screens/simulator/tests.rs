//! The simulator's controls driven by label: the signature policy shows which choice holds, a
//! reset asks first, officer steps need an open numbered declaration.

use eframe::egui::accesskit::Toggled;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::{SimulatorScreen, SimulatorView};
use crate::domain::DeclarationNumber;
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    screen: SimulatorScreen,
    view: SimulatorView,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn simulator(view: SimulatorView) -> Harness<'static, State> {
    let state = State {
        screen: SimulatorScreen::default(),
        view,
        fixture: Fixture::new(Language::Vietnamese),
        commands: Vec::new(),
    };
    harness((1024.0, 768.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.screen.show(ui, &frame, s.view);
        s.commands.extend(commands);
    })
}

fn toggled(h: &Harness<'_, State>, label: &str) -> Option<Toggled> {
    h.get_by_label_contains(label).accesskit_node().toggled()
}

#[test]
fn the_signature_policy_shows_which_choice_holds() {
    let mut h = simulator(SimulatorView {
        open: None,
        signatures_required: Some(true),
    });
    h.run();
    assert_eq!(toggled(&h, "Bắt buộc"), Some(Toggled::True));
    assert_eq!(toggled(&h, "Không bắt buộc"), Some(Toggled::False));
    h.get_by_label_contains("Không bắt buộc").click();
    h.run();
    assert!(matches!(
        h.state().commands.as_slice(),
        [Command::SignaturePolicy(false)]
    ));
    // Not known yet: neither is marked.
    let h = simulator(SimulatorView {
        open: None,
        signatures_required: None,
    });
    assert_eq!(toggled(&h, "Bắt buộc"), Some(Toggled::False));
    assert_eq!(toggled(&h, "Không bắt buộc"), Some(Toggled::False));
}

#[test]
fn a_reset_asks_first_and_officer_steps_need_a_numbered_declaration() {
    let mut h = simulator(SimulatorView {
        open: None,
        signatures_required: None,
    });
    h.run();
    assert!(h.query_by_label("Chưa mở tờ khai nào").is_some());
    h.get_by_label("Nộp thuế (mô phỏng)").click();
    h.run();
    assert!(
        h.state().commands.is_empty(),
        "no declaration: nothing to pay"
    );
    h.get_by_label("Xóa dữ liệu mô phỏng").click();
    h.run();
    assert!(h.state().commands.is_empty(), "a reset is asked first");
    assert!(h.query_by_label_contains("Không thể hoàn tác").is_some());
    h.get_by_label("Đồng ý").click();
    h.run();
    assert!(matches!(
        h.state().commands.as_slice(),
        [Command::ResetSimulator]
    ));

    let number: DeclarationNumber = "100000000110".parse().unwrap();
    let mut h = simulator(SimulatorView {
        open: Some(number),
        signatures_required: None,
    });
    h.run();
    h.get_by_label("Nộp thuế (mô phỏng)").click();
    h.get_by_label("+1 ngày").click();
    h.run();
    assert!(matches!(
        h.state().commands.as_slice(),
        [Command::Numbered(_), Command::Advance(86_400)]
    ));
}
