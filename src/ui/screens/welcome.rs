//! The first-run welcome: two ways in — practise in simulation mode (a new import declaration
//! on the embedded simulator), or set up the company, the VNACCS account and the signing token
//! (Settings) — with the language switch and where the data are kept. Shown until one is
//! chosen or "later" is clicked; the choice is kept in the preferences.

use std::path::Path;

use eframe::egui;

use super::Frame;
use crate::ui::command::Command;
use crate::ui::i18n::{Language, Text};

/// How the welcome was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WelcomeChoice {
    /// Practise in simulation mode: a new import declaration on the embedded simulator.
    Practise,
    /// Set up the company, account and token: the Settings screen.
    SetUp,
    /// Neither now: the declarations list.
    Later,
}

/// Draws the welcome over the window; returns the command of a click.
pub fn welcome(ui: &egui::Ui, frame: &Frame<'_>, data_dir: &Path) -> Option<Command> {
    let mut command = None;
    egui::Window::new(frame.t(Text::WelcomeTitle))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .default_width(520.0)
        .show(ui.ctx(), |ui| {
            ui.label(frame.t(Text::WelcomeIntro));
            ui.add_space(8.0);
            choice(
                ui,
                frame.t(Text::WelcomePractise),
                frame.t(Text::WelcomePractiseDetail),
            )
            .then(|| command = Some(Command::Welcome(WelcomeChoice::Practise)));
            ui.add_space(4.0);
            choice(
                ui,
                frame.t(Text::WelcomeSetUp),
                frame.t(Text::WelcomeSetUpDetail),
            )
            .then(|| command = Some(Command::Welcome(WelcomeChoice::SetUp)));
            ui.add_space(8.0);
            ui.label(format!(
                "{}: {}",
                frame.t(Text::DataFolder),
                data_dir.display()
            ));
            ui.horizontal(|ui| {
                if ui.button(frame.t(Text::SwitchLanguage)).clicked() {
                    let other = match frame.language {
                        Language::Vietnamese => Language::English,
                        Language::English => Language::Vietnamese,
                    };
                    command = Some(Command::SetLanguage(other));
                }
                if ui.button(frame.t(Text::WelcomeLater)).clicked() {
                    command = Some(Command::Welcome(WelcomeChoice::Later));
                }
            });
        });
    command
}

/// A large button with what it leads to below it; `true` when clicked.
fn choice(ui: &mut egui::Ui, title: &str, detail: &str) -> bool {
    let clicked = ui
        .add_sized(
            [ui.available_width(), 36.0],
            egui::Button::new(egui::RichText::new(title).strong()),
        )
        .clicked();
    ui.label(egui::RichText::new(detail).weak());
    clicked
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::ui::screens::testing::{Fixture, harness};

    fn draw(language: Language) -> egui_kittest::Harness<'static, Vec<Command>> {
        let fixture = Fixture::new(language);
        harness((800.0, 600.0), Vec::new(), move |ui, said| {
            let frame = fixture.frame();
            said.extend(welcome(
                ui,
                &frame,
                Path::new("/home/hv/.local/share/khaibao"),
            ));
        })
    }

    #[test]
    fn the_welcome_offers_practice_set_up_and_later_in_vietnamese() {
        let mut h = draw(Language::Vietnamese);
        h.run();
        h.get_by_label_contains("/home/hv/.local/share/khaibao");
        h.get_by_label("Luyện tập ở chế độ mô phỏng").click();
        h.run();
        h.get_by_label("Thiết lập doanh nghiệp, tài khoản và chữ ký số")
            .click();
        h.run();
        h.get_by_label("Để sau").click();
        h.run();
        h.get_by_label("English").click();
        h.run();
        let said: Vec<String> = h.state().iter().map(|c| format!("{c:?}")).collect();
        assert_eq!(
            said,
            [
                "Welcome(Practise)",
                "Welcome(SetUp)",
                "Welcome(Later)",
                "SetLanguage(English)"
            ]
        );
    }

    #[test]
    fn the_welcome_reads_in_english() {
        let mut h = draw(Language::English);
        h.run();
        h.get_by_label("Practise in simulation mode").click();
        h.run();
        h.get_by_label("Set up my company, account and signing token");
        assert!(matches!(
            h.state().as_slice(),
            [Command::Welcome(WelcomeChoice::Practise)]
        ));
    }
}
