//! The code picker (F3 or Ctrl+Space on a code field): type to search, arrows, Enter.

use eframe::egui;

use super::form::set_text;
use super::{EditorState, Frame};
use crate::codes::TableId;
use crate::codes::specialised::measures;
use crate::domain::entry::{DecimalMark, format_number};
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
                let hint = ui.label(t(Text::PickerHint)).id;
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut picker.query)
                            .id_salt("picker-query")
                            .desired_width(480.0),
                    )
                    .labelled_by(hint);
                response.request_focus();
                if response.changed() {
                    picker.selected = 0;
                }
                egui::ScrollArea::vertical()
                    .id_salt("picker-results")
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for (i, (code, name)) in results.iter().enumerate() {
                            let text = format!("{code}  {name}");
                            if ui.selectable_label(i == picker.selected, text).clicked() {
                                chosen = Some(code.clone());
                            }
                        }
                    });
                if picker.table == TableId::Tariff
                    && let Some((code, _)) = results.get(picker.selected)
                {
                    ui.separator();
                    tariff_detail(ui, frame, code);
                }
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

/// The highlighted tariff line: its place in the nomenclature (heading, subheadings, line, one
/// level per row), its MFN and ordinary rates, and its specialised management.
fn tariff_detail(ui: &mut egui::Ui, frame: &Frame<'_>, code: &str) {
    let vietnamese = frame.language.is_vietnamese();
    let Some(entry) = frame.codes.table(TableId::Tariff).get(code) else {
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("picker-detail")
        .max_height(220.0)
        .show(ui, |ui| {
            for (level, part) in entry.name(vietnamese).split(" – ").enumerate() {
                let indent = "    ".repeat(level);
                let dash = if level == 0 { "" } else { "– " };
                ui.label(format!("{indent}{dash}{part}"));
            }
            if let Some(line) = frame.codes.tariff().line(code) {
                let mark = DecimalMark::for_vietnamese(vietnamese);
                let pct = |r: Option<rust_decimal::Decimal>| {
                    r.map_or_else(
                        || "?".to_owned(),
                        |r| format!("{}%", format_number(r, mark)),
                    )
                };
                ui.label(format!(
                    "{}: MFN {} · B03 {}",
                    frame.t(Text::PickerRates),
                    pct(line.mfn),
                    pct(line.ordinary())
                ));
            }
            match measures(frame.codes, code) {
                Some(m) => {
                    ui.strong(frame.t(Text::SpecialisedManagement));
                    for (text, kinds) in &m.items {
                        let labels: Vec<&str> = kinds
                            .iter()
                            .map(|k| if vietnamese { k.label().0 } else { k.label().1 })
                            .collect();
                        ui.label(format!("• [{}] {text}", labels.join(", ")));
                    }
                }
                None => {
                    ui.label(frame.t(Text::NoSpecialisedManagement));
                }
            }
        });
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
