//! The simulator's training controls (Hệ thống mô phỏng), apart from the VNACCS jobs: move the
//! simulated clock, the officer's steps and the tax payment on the open declaration, whether
//! official jobs must be signed, and a reset (asked first).

use eframe::egui;

use super::Frame;
use super::top_bar::simulation_badge;
use crate::domain::DeclarationNumber;
use crate::domain::time::vietnam_display;
use crate::ui::command::Command;
use crate::ui::i18n::Text;
use crate::ui::worker::NumberedJob;
use crate::wire::OfficerAction;

/// The officer's steps on a yellow- or red-lane declaration, in the order they come, with their
/// buttons' text (the simulator screen and the instructor's class view).
pub(crate) const OFFICER_STEPS: [(Text, OfficerAction); 5] = [
    (Text::RequestDocuments, OfficerAction::RequestDocuments),
    (Text::AcceptDocuments, OfficerAction::AcceptDocuments),
    (Text::PassInspection, OfficerAction::PassInspection),
    (Text::FailInspection, OfficerAction::FailInspection),
    (Text::GoodsAtBorder, OfficerAction::GoodsAtBorder),
];

/// The simulator screen's own state.
#[derive(Debug, Default)]
pub struct SimulatorScreen {
    confirm_reset: bool,
}

/// What the simulator screen shows that it does not own.
#[derive(Debug, Clone, Copy)]
pub struct SimulatorView {
    /// The number of the open declaration, if it has one.
    pub open: Option<DeclarationNumber>,
    /// Whether official jobs must be signed, when known (set from this window).
    pub signatures_required: Option<bool>,
}

impl SimulatorScreen {
    /// Draws the controls.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: SimulatorView,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        simulation_badge(ui, frame);
        ui.label(format!(
            "{}: {}",
            frame.t(Text::SimulatedTime),
            vietnam_display(frame.now)
        ));
        ui.horizontal_wrapped(|ui| {
            for (text, seconds) in [
                (Text::AdvanceHour, 3_600),
                (Text::AdvanceDay, 86_400),
                (Text::AdvanceWeek, 7 * 86_400),
            ] {
                if ui.button(frame.t(text)).clicked() {
                    commands.push(Command::Advance(seconds));
                }
            }
        });
        ui.separator();
        ui.label(match view.open {
            Some(number) => format!("{}: {number}", frame.t(Text::ColumnNumber)),
            None => frame.t(Text::NoDeclarationOpen).to_owned(),
        });
        ui.add_enabled_ui(view.open.is_some(), |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui.button(frame.t(Text::PayTaxes)).clicked() {
                    commands.push(Command::Numbered(NumberedJob::Pay));
                }
                for (text, action) in OFFICER_STEPS {
                    if ui.button(frame.t(text)).clicked() {
                        commands.push(Command::Officer(action));
                    }
                }
            });
        });
        ui.separator();
        self.signature_policy(ui, frame, view.signatures_required, &mut commands);
        ui.separator();
        if self.confirm_reset {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    egui::Color32::from_rgb(220, 100, 0),
                    frame.t(Text::ConfirmReset),
                );
                if ui.button(frame.t(Text::Yes)).clicked() {
                    commands.push(Command::ResetSimulator);
                    self.confirm_reset = false;
                }
                if ui.button(frame.t(Text::No)).clicked() {
                    self.confirm_reset = false;
                }
            });
        } else if ui.button(frame.t(Text::ResetSimulator)).clicked() {
            self.confirm_reset = true;
        }
        commands
    }

    /// Two choices that show which one holds (none is marked until it is known).
    #[allow(clippy::unused_self)] // A part of the screen, drawn like the others.
    fn signature_policy(
        &self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        required: Option<bool>,
        commands: &mut Vec<Command>,
    ) {
        ui.strong(frame.t(Text::RequireSignatures));
        ui.horizontal_wrapped(|ui| {
            for (value, text) in [
                (true, Text::SignaturesRequired),
                (false, Text::SignaturesOptional),
            ] {
                if ui.radio(required == Some(value), frame.t(text)).clicked() {
                    commands.push(Command::SignaturePolicy(value));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests;
