//! The code picker (F3 or Ctrl+Space on a code field): type to search, arrows, Enter.

use eframe::egui;

use super::form::set_text;
use super::{EditorState, Frame};
use crate::codes::TableId;
use crate::ui::i18n::Text;

impl EditorState {
    pub(super) fn picker_window(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        let t = |text: Text| text.get(frame.language);
        let mut open = true;
        let mut chosen: Option<String> = None;
        let table = frame.codes.table(picker.table);
        let results: Vec<(String, String)> = if picker.query.trim().is_empty() {
            table
                .entries()
                .iter()
                .take(50)
                .map(|e| {
                    (
                        e.code.clone(),
                        e.name(frame.language.is_vietnamese()).to_owned(),
                    )
                })
                .collect()
        } else {
            table
                .search(&picker.query, 50)
                .into_iter()
                .map(|(e, _)| {
                    (
                        e.code.clone(),
                        e.name(frame.language.is_vietnamese()).to_owned(),
                    )
                })
                .collect()
        };
        let (down, up, enter, escape) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if down {
            picker.selected = (picker.selected + 1).min(results.len().saturating_sub(1));
        }
        if up {
            picker.selected = picker.selected.saturating_sub(1);
        }
        if enter && let Some((code, _)) = results.get(picker.selected) {
            chosen = Some(code.clone());
        }
        egui::Window::new(t(Text::Picker))
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ui.ctx(), |ui| {
                ui.label(t(Text::PickerHint));
                let response = ui.add(
                    egui::TextEdit::singleline(&mut picker.query)
                        .id_salt("picker-query")
                        .desired_width(480.0),
                );
                response.request_focus();
                if response.changed() {
                    picker.selected = 0;
                }
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for (i, (code, name)) in results.iter().enumerate() {
                            let text = format!("{code}  {name}");
                            if ui.selectable_label(i == picker.selected, text).clicked() {
                                chosen = Some(code.clone());
                            }
                        }
                    });
            });
        if escape || !open {
            let path = picker.path.clone();
            self.picker = None;
            self.focus = Some(path);
            return;
        }
        if let Some(code) = chosen {
            let path = picker.path.clone();
            self.picker = None;
            if set_text(&mut self.declaration, &path, code) {
                self.edited(frame);
            }
            self.focus = Some(path);
        }
    }
}

#[derive(Debug)]
pub(super) struct Picker {
    pub(super) path: String,
    pub(super) table: TableId,
    pub(super) query: String,
    pub(super) selected: usize,
}
