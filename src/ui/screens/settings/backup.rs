//! Backup and restore of the local store, to and from a file (restore asks first).

use std::path::PathBuf;

use eframe::egui;

use super::SettingsScreen;
use crate::ui::command::Command;
use crate::ui::i18n::Text;
use crate::ui::screens::Frame;

impl SettingsScreen {
    pub(super) fn backup(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(frame.t(Text::BackupFile)).id;
            ui.add(
                egui::TextEdit::singleline(&mut self.backup_path)
                    .hint_text("khaibao.backup.sqlite")
                    .desired_width(320.0),
            )
            .labelled_by(label);
            let path = self.backup_path.trim();
            if ui
                .add_enabled(!path.is_empty(), egui::Button::new(frame.t(Text::Backup)))
                .clicked()
            {
                commands.push(Command::Backup(PathBuf::from(path)));
            }
            if ui
                .add_enabled(!path.is_empty(), egui::Button::new(frame.t(Text::Restore)))
                .clicked()
            {
                self.confirm_restore = true;
            }
        });
        if self.confirm_restore {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    egui::Color32::from_rgb(220, 100, 0),
                    frame.t(Text::ConfirmRestore),
                );
                if ui.button(frame.t(Text::Yes)).clicked() {
                    commands.push(Command::Restore(PathBuf::from(self.backup_path.trim())));
                    self.confirm_restore = false;
                }
                if ui.button(frame.t(Text::No)).clicked() {
                    self.confirm_restore = false;
                }
            });
        }
    }
}
