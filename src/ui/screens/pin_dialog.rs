//! The token PIN dialog: who signs (and a practice or soon-expiring certificate said plainly), a
//! masked box, Enter or "Ký và gửi" to sign, Esc, the close button or "Không" to give up. The PIN
//! is wiped from memory when the dialog ends.

use eframe::egui;
use zeroize::Zeroizing;

use super::Frame;
use crate::signing::helper::Pin;
use crate::signing::profile::SigningProfile;
use crate::ui::i18n::Text;

/// An open PIN dialog for the job `T` waits for.
#[derive(Debug)]
pub struct PinDialog<T> {
    /// The job that will be signed.
    pub pending: T,
    pin: Zeroizing<String>,
}

/// How the dialog ended this frame.
#[derive(Debug)]
pub enum PinAnswer {
    /// Sign with this PIN.
    Entered(Pin),
    /// Given up.
    Cancelled,
}

impl<T> PinDialog<T> {
    /// A dialog for `pending`, with an empty box.
    pub fn new(pending: T) -> Self {
        Self {
            pending,
            pin: Zeroizing::new(String::new()),
        }
    }

    /// Draws the dialog; `Some` when the broker has answered.
    pub fn show(
        &mut self,
        ui: &egui::Ui,
        frame: &Frame<'_>,
        profile: Option<&SigningProfile>,
    ) -> Option<PinAnswer> {
        let mut open = true;
        let mut answer = None;
        egui::Window::new(frame.t(Text::PinTitle))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                if let Some(profile) = profile {
                    signer(ui, frame, profile);
                }
                ui.horizontal(|ui| {
                    let label = ui.label(frame.t(Text::Pin)).id;
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(&mut *self.pin)
                                .password(true)
                                .id_salt("pin")
                                .desired_width(160.0),
                        )
                        .labelled_by(label);
                    // Enter ends a one-line box (it loses the focus that frame): that is the
                    // broker confirming.
                    let entered =
                        field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if entered && !self.pin.is_empty() {
                        answer = Some(PinAnswer::Entered(Pin::new(&self.pin)));
                    } else {
                        field.request_focus();
                    }
                });
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(
                            !self.pin.is_empty(),
                            egui::Button::new(frame.t(Text::SignAndSend)),
                        )
                        .clicked()
                    {
                        answer = Some(PinAnswer::Entered(Pin::new(&self.pin)));
                    }
                    if ui.button(frame.t(Text::No)).clicked() {
                        answer = Some(PinAnswer::Cancelled);
                    }
                });
            });
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) || !open {
            answer = Some(PinAnswer::Cancelled);
        }
        if answer.is_some() {
            self.pin = Zeroizing::new(String::new());
        }
        answer
    }
}

/// Who signs: the certificate's subject, a practice mark, an expiry warning.
fn signer(ui: &mut egui::Ui, frame: &Frame<'_>, profile: &SigningProfile) {
    ui.label(format!(
        "{}: {}",
        frame.t(Text::SigningWith),
        profile.subject
    ));
    if profile.practice {
        ui.colored_label(
            egui::Color32::from_rgb(120, 60, 160),
            frame.t(Text::Practice),
        );
    }
    if let Some(warning) = profile.expiry_warning(frame.machine_now) {
        ui.colored_label(
            egui::Color32::from_rgb(190, 120, 0),
            warning.pick(frame.vietnamese()),
        );
    }
}

#[cfg(test)]
mod tests;
