//! The general tabs: one labelled row per field of the official form, with its findings beside it.

use eframe::egui;

use super::findings::field_findings;
use super::inputs::{Slots, edit_value};
use super::{EditorState, Frame};
use crate::domain::{Declaration, field_label};
use crate::ui::fields::{self, Field, Value};
use crate::ui::i18n::{Language, Text};

impl EditorState {
    pub(super) fn label_of(&self, path: &str, language: Language) -> String {
        field_label(path, self.declaration.direction)
            .map_or_else(|| path.to_owned(), |l| language.pick(l.vi, l.en).to_owned())
    }

    /// The label of a path for people: "Dòng hàng 3 – Mã số hàng hóa" inside a goods line.
    pub(super) fn place_of(&self, path: &str, language: Language) -> String {
        if path == "$" || path.is_empty() {
            return String::new();
        }
        let (vi, en) = crate::rules::line_prefix(path);
        format!(
            "{}{}",
            language.pick(&vi, &en),
            self.label_of(path, language)
        )
    }

    pub(super) fn form(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>, list: &[Field]) {
        egui::Grid::new(("form", list.first().map_or("", |f| f.path)))
            .num_columns(3)
            .spacing([12.0, 6.0])
            .striped(true)
            .show(ui, |ui| {
                for field in list {
                    let label = self.label_of(field.path, frame.language);
                    let label_id = ui.label(label).id;
                    let locked = self.locked(field.path);
                    let changed = ui
                        .add_enabled_ui(!locked, |ui| {
                            let value = (field.access)(&mut self.declaration);
                            let slots = Slots {
                                buffers: &mut self.buffers,
                                picker: &mut self.picker,
                                focus: &mut self.focus,
                            };
                            edit_value(
                                ui,
                                field.path,
                                field.kind,
                                value,
                                slots,
                                Some(label_id),
                                frame,
                            )
                        })
                        .inner;
                    if changed {
                        self.touched.insert(field.path.to_owned());
                        self.edited(frame);
                    }
                    ui.horizontal(|ui| {
                        if locked && self.amending {
                            ui.weak(Text::LockedField.get(frame.language));
                        }
                        field_findings(
                            ui,
                            self.findings.iter().filter(|f| self.visible(f)),
                            field.path,
                            frame.language,
                        );
                    });
                    ui.end_row();
                }
            });
    }
}

/// Sets the text field at `path` (header or goods line).
pub(super) fn set_text(declaration: &mut Declaration, path: &str, code: String) -> bool {
    let direction = declaration.direction;
    for field in fields::general_1(direction)
        .into_iter()
        .chain(fields::general_2(direction))
    {
        if field.path == path
            && let Value::Text(slot) = (field.access)(declaration)
        {
            *slot = Some(code);
            return true;
        }
    }
    if let Some(rest) = path.strip_prefix("goods[")
        && let Some((index, name)) = rest.split_once("].")
        && let Ok(index) = index.parse::<usize>()
        && let Some(line) = declaration.goods.get_mut(index)
    {
        for column in fields::goods_columns() {
            if column.name == name
                && let Value::Text(slot) = (column.access)(line)
            {
                *slot = Some(code);
                return true;
            }
        }
    }
    false
}
