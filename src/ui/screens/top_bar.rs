//! The top bar (title, simulation badge, the screens, the simulated time, the language switch) and
//! the status line (a running job, the Stop button for token work, the last message, the
//! connection).

use eframe::egui;

use super::{Frame, Screen};
use crate::domain::time::vietnam_display;
use crate::ui::command::Command;
use crate::ui::i18n::{Language, Text};

/// The purple "MÔ PHỎNG / SIMULATION" badge.
pub fn simulation_badge(ui: &mut egui::Ui, frame: &Frame<'_>) {
    ui.label(
        egui::RichText::new(format!(" {} ", frame.t(Text::SimulationBadge)))
            .color(egui::Color32::WHITE)
            .background_color(egui::Color32::from_rgb(120, 60, 160))
            .strong(),
    );
}

/// Draws the top bar; `screen` is the one shown.
pub fn top_bar(ui: &mut egui::Ui, frame: &Frame<'_>, screen: Screen) -> Vec<Command> {
    let mut commands = Vec::new();
    // Wraps on a narrow window (1024 px) instead of drawing over itself.
    ui.horizontal_wrapped(|ui| {
        ui.strong(frame.t(Text::AppTitle));
        simulation_badge(ui, frame);
        ui.separator();
        for (target, text) in [
            (Screen::List, Text::NavList),
            (Screen::Editor, Text::NavEditor),
            (Screen::Customers, Text::NavCustomers),
            (Screen::Settings, Text::NavSettings),
            (Screen::Simulator, Text::NavSimulator),
            (Screen::Exercises, Text::NavExercises),
            (Screen::Class, Text::NavClass),
        ] {
            if ui
                .selectable_label(screen == target, frame.t(text))
                .clicked()
            {
                commands.push(Command::Show(target));
            }
        }
        ui.separator();
        // One piece: the clock's name never wraps away from its value.
        ui.add(
            egui::Label::new(format!(
                "{}: {}",
                frame.t(Text::SimulatedTime),
                vietnam_display(frame.now)
            ))
            .wrap_mode(egui::TextWrapMode::Extend),
        );
        if ui.button(frame.t(Text::SwitchLanguage)).clicked() {
            commands.push(Command::SetLanguage(match frame.language {
                Language::Vietnamese => Language::English,
                Language::English => Language::Vietnamese,
            }));
        }
    });
    commands
}

/// What the status line shows.
#[derive(Debug, Clone, Copy)]
pub struct Status<'a> {
    /// The last message and whether it is an error.
    pub message: Option<(&'a str, bool)>,
    /// The running job may be stopped (token work).
    pub stoppable: bool,
    /// Where requests go, in the frame's language.
    pub connection: &'a str,
}

/// Draws the status line.
pub fn status_line(ui: &mut egui::Ui, frame: &Frame<'_>, status: Status<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal_wrapped(|ui| {
        if frame.busy {
            ui.spinner();
            ui.label(frame.t(Text::Working));
            // Token work can hang in a vendor library: the broker may stop it.
            if status.stoppable && ui.button(frame.t(Text::Stop)).clicked() {
                commands.push(Command::StopJob);
            }
        }
        if let Some((message, error)) = status.message {
            let colour = if error {
                egui::Color32::from_rgb(200, 40, 40)
            } else {
                ui.visuals().text_color()
            };
            ui.colored_label(colour, message);
        }
        ui.separator();
        ui.weak(status.connection);
    });
    commands
}
