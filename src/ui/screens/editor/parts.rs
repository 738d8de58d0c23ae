//! What the general tabs hold beyond one value per row: the lists a broker pastes (bills of
//! lading, containers — one per line, as many as VNACCS repeats the item) and the optional parts
//! of the valuation (freight, insurance), created when something is typed into them and removed
//! when emptied, so that an FOB or EXW invoice can be valued.

use eframe::egui;
use unicode_normalization::UnicodeNormalization as _;

use super::findings::field_findings;
use super::inputs::{Buffer, Slots, edit_value};
use super::{EditorState, Frame};
use crate::domain::declaration::Charge;
use crate::domain::fields::{self as table, FieldMut};
use crate::ui::fields::Kind;

/// The lists of the first general tab: JSON path of a `Vec<String>` of the declaration.
const LISTS: [&str; 2] = ["bills_of_lading", "containers"];

/// The optional charges of the second general tab (import: valuation of the goods).
const CHARGES: [&str; 2] = ["valuation.freight", "valuation.insurance"];

impl EditorState {
    /// Bills of lading and containers, one per line.
    pub(super) fn lists(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let direction = self.declaration.direction;
        egui::Grid::new("lists")
            .num_columns(3)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for path in LISTS {
                    let most = table::field(path)
                        .and_then(|row| row.max_repeat(direction))
                        .map_or(1, usize::from);
                    let label = format!(
                        "{} ({} {most})",
                        self.label_of(path, frame.language),
                        frame.t(crate::ui::i18n::Text::OnePerLineAtMost)
                    );
                    let label = ui.label(label).id;
                    let locked = self.locked(path);
                    let list = match path {
                        "bills_of_lading" => &mut self.declaration.bills_of_lading,
                        _ => &mut self.declaration.containers,
                    };
                    // While the box has the focus it keeps the text as typed (an Enter that starts
                    // the next entry, a line being written); the list holds the entries.
                    let key = format!("list:{path}");
                    let mut text = self
                        .buffers
                        .remove(&key)
                        .map_or_else(|| list.join("\n"), |b| b.text);
                    let response = ui
                        .add_enabled(
                            !locked,
                            egui::TextEdit::multiline(&mut text)
                                .id_salt(("list", path))
                                .desired_rows(2)
                                .desired_width(360.0),
                        )
                        .labelled_by(label);
                    if response.changed() {
                        *list = text
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(|l| l.nfc().collect())
                            .take(most)
                            .collect();
                        self.touched.insert(path.to_owned());
                        self.edited(frame);
                    }
                    if response.has_focus() {
                        self.buffers.insert(key, Buffer { text, error: None });
                    }
                    ui.vertical(|ui| {
                        field_findings(
                            ui,
                            self.findings.iter().filter(|f| self.visible(f)),
                            path,
                            frame.language,
                        );
                    });
                    ui.end_row();
                }
            });
    }

    /// Freight and insurance: each a kind, a currency and an amount.
    pub(super) fn charges(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        egui::Grid::new("charges")
            .num_columns(3)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for part in CHARGES {
                    let slot = match part {
                        "valuation.freight" => &mut self.declaration.valuation.freight,
                        _ => &mut self.declaration.valuation.insurance,
                    };
                    // Typing edits a copy; the part exists only while something is in it.
                    let mut charge = slot.clone().unwrap_or_default();
                    let mut changed = false;
                    for (name, value) in [
                        ("kind", FieldMut::Text(&mut charge.kind)),
                        ("currency", FieldMut::Text(&mut charge.currency)),
                        ("amount", FieldMut::Decimal(&mut charge.amount)),
                    ] {
                        let path = format!("{part}.{name}");
                        let label = ui.label(self.label_of(&path, frame.language)).id;
                        let kind = table::field(&path)
                            .map_or(Kind::Text, |row| Kind::of(row, self.declaration.direction));
                        let locked = self.locked(&path);
                        let slots = Slots {
                            buffers: &mut self.buffers,
                            picker: &mut self.picker,
                            focus: &mut self.focus,
                        };
                        let edited = ui
                            .add_enabled_ui(!locked, |ui| {
                                edit_value(ui, &path, kind, value, slots, Some(label), frame)
                            })
                            .inner;
                        if edited {
                            changed = true;
                            self.touched.insert(path.clone());
                        }
                        field_findings(
                            ui,
                            self.findings.iter().filter(|f| self.visible(f)),
                            &path,
                            frame.language,
                        );
                        ui.end_row();
                    }
                    if changed {
                        let slot = match part {
                            "valuation.freight" => &mut self.declaration.valuation.freight,
                            _ => &mut self.declaration.valuation.insurance,
                        };
                        *slot = (charge != Charge::default()).then_some(charge);
                        self.edited(frame);
                    }
                }
            });
    }
}

/// Sets a text value of the freight or insurance part (the code picker's choice), creating the
/// part; `false` for any other path.
pub(super) fn set_charge_text(
    declaration: &mut crate::domain::Declaration,
    path: &str,
    code: String,
) -> bool {
    let valuation = &mut declaration.valuation;
    let (part, name) = match path.rsplit_once('.') {
        Some(("valuation.freight", name)) => (&mut valuation.freight, name),
        Some(("valuation.insurance", name)) => (&mut valuation.insurance, name),
        _ => return false,
    };
    if !matches!(name, "kind" | "currency") {
        return false;
    }
    let charge = part.get_or_insert_with(Charge::default);
    let slot = if name == "kind" {
        &mut charge.kind
    } else {
        &mut charge.currency
    };
    *slot = Some(code);
    true
}
