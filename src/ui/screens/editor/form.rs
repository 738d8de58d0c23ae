//! The general tabs: one labelled row per field of the official form, with its findings beside it.

use eframe::egui;

use super::findings::field_findings;
use super::inputs::{Slots, edit_value};
use super::{EditorState, Frame};
use crate::domain::fields::{self as table, Access, FieldMut};
use crate::domain::{Declaration, field_label};
use crate::ui::fields::Field;
use crate::ui::i18n::{Language, Text};

impl EditorState {
    pub(super) fn label_of(&self, path: &str, language: Language) -> String {
        field_label(path, self.declaration.direction)
            .map_or_else(|| path.to_owned(), |l| language.pick(l.vi, l.en).to_owned())
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

/// Sets the text or code field at `path` (a header field, a goods line's `goods[i].…`, or a value
/// of the freight or insurance part) from the field table's access; `false` when the path is
/// not a text field of the declaration.
pub(super) fn set_text(declaration: &mut Declaration, path: &str, code: String) -> bool {
    let Some(row) = table::field(path) else {
        return false;
    };
    let slot = match row.access {
        Access::Header(_, set) => set(declaration),
        Access::Goods(_, set) => {
            let line = path
                .strip_prefix("goods[")
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(index, _)| index.parse::<usize>().ok())
                .and_then(|index| declaration.goods.get_mut(index));
            match line {
                Some(line) => set(line),
                None => return false,
            }
        }
        Access::InOptional(_) => return super::parts::set_optional_text(declaration, path, code),
        Access::Model => {
            return super::repeats::set_entry_text(declaration, path, code.clone())
                || super::parts::set_optional_text(declaration, path, code);
        }
    };
    match slot {
        FieldMut::Text(slot) => {
            *slot = Some(code);
            true
        }
        FieldMut::Date(_) | FieldMut::Decimal(_) => false,
    }
}
