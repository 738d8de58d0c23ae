//! The editor's header: kind, number, state, lane, saved or not, ready or not, and the jobs the
//! declaration's state allows (IDA/EDA; before IDC the correction, IDB then IDA with the number;
//! IDC; after it IDD, IDA01 amendment data, IDE; cancel).

use eframe::egui;

use super::{EditorState, Frame};
use crate::domain::Direction;
use crate::store::DraftState;
use crate::ui::command::Command;
use crate::ui::i18n::Text;
use crate::ui::widgets::{lane_badge, state_name};
use crate::ui::worker::NumberedJob;

/// A job button: its command when clicked (and enabled).
fn job(ui: &mut egui::Ui, enabled: bool, label: &str, command: Command, out: &mut Vec<Command>) {
    if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
        out.push(command);
    }
}

impl EditorState {
    pub(super) fn header(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        commands: &mut Vec<Command>,
    ) {
        let t = |text: Text| text.get(frame.language);
        let lang = frame.language;
        ui.horizontal_wrapped(|ui| {
            let kind = match self.declaration.direction {
                Direction::Import => t(Text::Import),
                Direction::Export => t(Text::Export),
            };
            ui.heading(match self.declaration.number {
                Some(number) => format!("{kind} {number}"),
                None => kind.to_owned(),
            });
            ui.label(state_name(self.state, lang));
            if let Some(lane) = self.lane {
                lane_badge(ui, lane, lang);
            }
            ui.label(if self.dirty {
                t(Text::Unsaved)
            } else {
                t(Text::Saved)
            });
            // Ready or not is news only while something can still be sent.
            let sendable =
                matches!(self.state, DraftState::Draft | DraftState::Provisional) || self.amending;
            if sendable {
                let ready = self.ready();
                ui.colored_label(
                    if ready {
                        egui::Color32::from_rgb(0, 140, 60)
                    } else {
                        egui::Color32::from_rgb(200, 40, 40)
                    },
                    if ready {
                        t(Text::Ready)
                    } else {
                        t(Text::NotReady)
                    },
                );
            }
        });
        self.job_buttons(ui, frame, commands);
    }

    pub(super) fn job_buttons(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        commands: &mut Vec<Command>,
    ) {
        let t = |text: Text| text.get(frame.language);
        ui.horizontal_wrapped(|ui| {
            ui.add_enabled_ui(!frame.busy, |ui| {
                if ui.button(t(Text::Save)).clicked() {
                    commands.push(Command::Save);
                }
                self.template_button(ui, frame);
                if ui
                    .add_enabled(
                        !self.undo.is_empty() || self.burst_start.is_some(),
                        egui::Button::new(t(Text::Undo)),
                    )
                    .clicked()
                {
                    self.undo(frame);
                }
                if ui
                    .add_enabled(!self.redo.is_empty(), egui::Button::new(t(Text::Redo)))
                    .clicked()
                {
                    self.redo(frame);
                }
                if ui.button(t(Text::PrintPdf)).clicked() {
                    commands.push(Command::Print);
                }
                if ui
                    .add_enabled(self.id.is_some(), egui::Button::new(t(Text::ManualPrint)))
                    .on_hover_text(t(Text::ManualPrintHint))
                    .clicked()
                {
                    commands.push(Command::ManualPrint);
                }
                self.manual_entry_button(ui, frame);
                ui.separator();
                let ready = self.ready();
                match self.state {
                    // Past its 7 days it cannot be sent again: a copy can (the core keeps
                    // provisional data at most 7 days: Circular 38/2015/TT-BTC art. 18.6).
                    DraftState::Expired => {
                        if let Some(id) = self.id
                            && ui.button(t(Text::CopyExpired)).clicked()
                        {
                            commands.push(Command::Copy(id));
                        }
                    }
                    DraftState::Draft => {
                        let register = t(Text::RegisterProvisional);
                        job(ui, ready, register, Command::Provisional, commands);
                    }
                    DraftState::Provisional => {
                        let correction = t(Text::SendCorrection);
                        job(ui, ready, correction, Command::Provisional, commands);
                        let official = Command::Numbered(NumberedJob::Official);
                        let label = t(Text::RegisterOfficial);
                        job(ui, ready && !self.dirty, label, official, commands);
                    }
                    DraftState::Registered => {
                        if self.amending {
                            let data = t(Text::SendAmendmentData);
                            job(ui, ready, data, Command::Provisional, commands);
                            let amendment = Command::Numbered(NumberedJob::Amendment);
                            let label = t(Text::RegisterAmendment);
                            job(ui, !self.dirty, label, amendment, commands);
                        } else if ui.button(t(Text::CallUpAmendment)).clicked() {
                            commands.push(Command::Numbered(NumberedJob::CallUpAmendment));
                        }
                        ui.add(
                            egui::TextEdit::singleline(&mut self.cancel_reason)
                                .hint_text(t(Text::CancelReason))
                                .desired_width(160.0),
                        );
                        if ui
                            .add_enabled(
                                !self.cancel_reason.trim().is_empty(),
                                egui::Button::new(t(Text::CancelDeclaration)),
                            )
                            .clicked()
                        {
                            commands.push(Command::CancelDeclaration(
                                self.cancel_reason.trim().to_owned(),
                            ));
                        }
                    }
                    DraftState::Cleared => {
                        if self.id.is_some() && ui.button(t(Text::AmendAfterClearance)).clicked() {
                            self.open_tax_amendment(frame.language);
                        }
                    }
                    DraftState::Cancelled => {}
                }
            });
        });
    }
}
