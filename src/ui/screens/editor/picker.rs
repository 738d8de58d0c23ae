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
        // Searched again only when the query or the language changed, not every frame.
        let vietnamese = frame.language.is_vietnamese();
        if picker.searched.as_ref() != Some(&(picker.query.clone(), vietnamese)) {
            let table = frame.codes.table(picker.table);
            let name =
                |e: &crate::codes::CodeEntry| (e.code.clone(), e.name(vietnamese).to_owned());
            picker.results = if picker.query.trim().is_empty() {
                table.entries().iter().take(50).map(name).collect()
            } else {
                table
                    .search(&picker.query, 50)
                    .into_iter()
                    .map(|(e, _)| name(e))
                    .collect()
            };
            picker.searched = Some((picker.query.clone(), vietnamese));
        }
        let results = &picker.results;
        let PickerKeys {
            down,
            up,
            enter,
            escape,
        } = std::mem::take(&mut picker.keys);
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
    /// The keys of this frame, taken before anything else is drawn.
    keys: PickerKeys,
    /// What the last search found, for which query and language.
    results: Vec<(String, String)>,
    searched: Option<(String, bool)>,
}

impl Picker {
    /// A picker for the code field at `path`, searching `table` for `query`.
    pub(super) fn new(path: &str, table: TableId, query: String) -> Self {
        Self {
            path: path.to_owned(),
            table,
            query,
            selected: 0,
            keys: PickerKeys::default(),
            results: Vec::new(),
            searched: None,
        }
    }
}

/// The keys the picker answers to.
#[derive(Debug, Default, Clone, Copy)]
#[allow(clippy::struct_excessive_bools)] // One flag per key, read once.
struct PickerKeys {
    down: bool,
    up: bool,
    enter: bool,
    escape: bool,
}

impl EditorState {
    /// While the picker is open its keys are taken first thing in the frame, so that no button,
    /// tab or box behind it sees the same Enter or arrow.
    pub(super) fn take_picker_keys(&mut self, ui: &egui::Ui) {
        if let Some(picker) = self.picker.as_mut() {
            picker.keys = ui.input_mut(|i| PickerKeys {
                down: i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                up: i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                enter: i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
                escape: i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            });
        }
    }
}
