//! "Lưu làm mẫu": the open declaration kept as a named template for its customer (the
//! importer's/exporter's tax code), to start the next one from it in the list's templates.

use eframe::egui;

use super::{EditorState, Frame};
use crate::ui::command::Command;
use crate::ui::i18n::Text;

impl EditorState {
    /// The button that asks for a name, and the small window where it is typed.
    pub(super) fn template_button(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        if ui.button(frame.t(Text::SaveAsTemplate)).clicked() {
            self.template_name = Some(String::new());
        }
        let Some(mut name) = self.template_name.take() else {
            return;
        };
        let mut open = true;
        let mut save = false;
        egui::Window::new(frame.t(Text::SaveAsTemplate))
            .open(&mut open)
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                let customer = self.customer();
                ui.label(if customer.trim().is_empty() {
                    frame.t(Text::TemplateForAll).to_owned()
                } else {
                    format!("{}: {customer}", frame.t(Text::TemplateForCustomer))
                });
                ui.horizontal(|ui| {
                    let label = ui.label(frame.t(Text::TemplateName)).id;
                    ui.text_edit_singleline(&mut name).labelled_by(label);
                });
                ui.label(frame.t(Text::TemplateClears));
                if ui
                    .add_enabled(
                        !name.trim().is_empty(),
                        egui::Button::new(frame.t(Text::SaveTemplate)),
                    )
                    .clicked()
                {
                    save = true;
                }
            });
        if save {
            self.pending.push(Command::SaveTemplate {
                name: name.trim().to_owned(),
                customer: self.customer(),
                declaration: Box::new(self.declaration.clone()),
            });
        } else if open {
            self.template_name = Some(name);
        }
    }
}
