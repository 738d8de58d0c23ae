//! Digital signature: the certificate jobs are signed with, the token library (typed or chosen
//! with the system's dialog) and a test that lists its tokens and certificates, the practice
//! token for trainees, and the registration of the chosen certificate with (simulated) customs.

use std::path::PathBuf;

use eframe::egui;
use zeroize::Zeroizing;

use super::{SettingsScreen, SettingsView};
use crate::domain::time::vietnam_display;
use crate::signing::helper::Pin;
use crate::ui::command::Command;
use crate::ui::dialogs::Browse;
use crate::ui::i18n::Text;
use crate::ui::screens::Frame;

/// The practice token's purple.
const PRACTICE: egui::Color32 = egui::Color32::from_rgb(120, 60, 160);

impl SettingsScreen {
    pub(super) fn signature(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: &SettingsView<'_>,
        commands: &mut Vec<Command>,
    ) {
        ui.heading(frame.t(Text::Signature));
        match view.profile {
            Some(p) => {
                ui.label(format!(
                    "{}: {} — {} {}",
                    frame.t(Text::SigningWith),
                    p.subject,
                    p.certificate_serial,
                    vietnam_display(p.not_after)
                ));
                if p.practice {
                    ui.colored_label(PRACTICE, frame.t(Text::Practice));
                }
            }
            None => {
                ui.label(frame.t(Text::NoCertificate));
            }
        }
        self.module_row(ui, frame, commands);
        for token in &self.tokens {
            ui.label(format!(
                "{} — {} {} ({})",
                token.label, token.manufacturer, token.model, token.serial
            ));
        }
        for c in &self.certificates {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{} — {} → {}",
                    c.info.display_name(),
                    c.info.serial,
                    vietnam_display(c.info.not_after)
                ));
                if ui.button(frame.t(Text::UseCertificate)).clicked() {
                    commands.push(Command::UseCertificate(
                        PathBuf::from(self.module.trim()),
                        Box::new(c.clone()),
                    ));
                }
            });
        }
        ui.separator();
        self.practice(ui, frame, commands);
        ui.separator();
        self.registration(ui, frame, view, commands);
    }

    /// The token library: its path, the system's file dialog, a test of the token.
    fn module_row(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(frame.t(Text::ModulePath)).id;
            ui.add(egui::TextEdit::singleline(&mut self.module).desired_width(380.0))
                .labelled_by(label);
            if ui.button(frame.t(Text::Browse)).clicked() {
                commands.push(Command::Browse(Browse::TokenLibrary));
            }
            if ui.button(frame.t(Text::TestToken)).clicked() {
                commands.push(Command::TestToken(PathBuf::from(self.module.trim())));
            }
        });
    }

    fn practice(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>, commands: &mut Vec<Command>) {
        ui.strong(frame.t(Text::MakePractice));
        ui.horizontal_wrapped(|ui| {
            labelled(
                ui,
                frame.t(Text::SignerName),
                &mut self.practice_name,
                200.0,
            );
            labelled(
                ui,
                frame.t(Text::TaxCode),
                &mut self.practice_tax_code,
                120.0,
            );
            let label = ui.label(frame.t(Text::Pin)).id;
            ui.add(
                egui::TextEdit::singleline(&mut *self.practice_pin)
                    .password(true)
                    .desired_width(100.0),
            )
            .labelled_by(label);
            let ready = !self.practice_name.trim().is_empty()
                && self.practice_tax_code.trim().len() >= 10
                && self.practice_pin.len() >= 4;
            if ui
                .add_enabled(ready, egui::Button::new(frame.t(Text::MakePractice)))
                .clicked()
            {
                let pin = Pin::new(&self.practice_pin);
                self.practice_pin = Zeroizing::new(String::new());
                commands.push(Command::MakePractice {
                    name: self.practice_name.trim().to_owned(),
                    tax_code: self.practice_tax_code.trim().to_owned(),
                    pin,
                });
            }
        });
    }

    fn registration(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: &SettingsView<'_>,
        commands: &mut Vec<Command>,
    ) {
        ui.strong(frame.t(Text::RegisterCertificate));
        ui.horizontal_wrapped(|ui| {
            labelled(ui, frame.t(Text::SignerName), &mut self.signer_name, 200.0);
            labelled(ui, frame.t(Text::IdNumber), &mut self.signer_id, 140.0);
            let ready = view.profile.is_some()
                && !self.signer_name.trim().is_empty()
                && !self.signer_id.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(frame.t(Text::RegisterCertificate)))
                .clicked()
            {
                commands.push(Command::RegisterCertificate {
                    name: self.signer_name.trim().to_owned(),
                    id_number: self.signer_id.trim().to_owned(),
                });
            }
        });
    }
}

/// A label and its one-line box, the box named by the label.
fn labelled(ui: &mut egui::Ui, label: &str, value: &mut String, width: f32) {
    let label = ui.label(label).id;
    ui.add(egui::TextEdit::singleline(value).desired_width(width))
        .labelled_by(label);
}
