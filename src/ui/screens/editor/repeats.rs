//! The repeated parts of a declaration, one row an entry with a ✕ and a "+ Thêm" below, as many
//! as VNACCS repeats the item: the permits (SS1–SS5/SN1–SN5) and the valuation adjustments
//! (VR…VT 1–5) of the header, and a goods line's other taxes (TX/TR/TG 1–5) and, for an export,
//! its other-law codes (OL1–OL5), shown for one chosen line above the goods grid.

use eframe::egui;

use super::findings::field_findings;
use super::parts::{self, OptionalPart, PartField, set_field};
use super::{EditorState, Frame};
use crate::domain::declaration::{Adjustment, AttachmentNumber, OtherTax, Permit};
use crate::domain::fields::{self as table, FieldMut, field_key};
use crate::domain::{Declaration, Direction, GoodsLine};
use crate::ui::i18n::Text;

/// A repeated part inside `O` (the declaration, or a goods line).
pub(super) struct RepeatedPart<O: 'static, T: 'static> {
    /// JSON path of the list inside its owner.
    pub path: &'static str,
    /// The list in its owner.
    pub list: fn(&mut O) -> &mut Vec<T>,
    /// The fields of one entry.
    pub fields: &'static [PartField<T>],
}

/// SS1–SS5 / SN1–SN5: permits (import).
pub(super) const PERMITS: RepeatedPart<Declaration, Permit> = RepeatedPart {
    path: "permits",
    list: |d| &mut d.permits,
    fields: &[
        ("kind", |p| FieldMut::Text(&mut p.kind)),
        ("number", |p| FieldMut::Text(&mut p.number)),
    ],
};

/// EA1–EA3 / EB1–EB3: electronic dossiers (HYS) quoted in the declaration.
pub(super) const ATTACHMENT_NUMBERS: RepeatedPart<Declaration, AttachmentNumber> = RepeatedPart {
    path: "attachment_numbers",
    list: |d| &mut d.attachment_numbers,
    fields: &[
        ("class", |a| FieldMut::Text(&mut a.class)),
        ("number", |a| FieldMut::Text(&mut a.number)),
    ],
};

/// VR/VI/VC/VP/VT 1–5: valuation adjustments (import).
pub(super) const ADJUSTMENTS: RepeatedPart<Declaration, Adjustment> = RepeatedPart {
    path: "valuation.adjustments",
    list: |d| &mut d.valuation.adjustments,
    fields: &[
        ("title", |a| FieldMut::Text(&mut a.title)),
        ("kind", |a| FieldMut::Text(&mut a.kind)),
        ("currency", |a| FieldMut::Text(&mut a.currency)),
        ("amount", |a| FieldMut::Decimal(&mut a.amount)),
        ("allocation_base", |a| {
            FieldMut::Decimal(&mut a.allocation_base)
        }),
    ],
};

/// TX/TR/TG 1–5: a goods line's other taxes (VAT, special consumption, environment…).
pub(super) const OTHER_TAXES: RepeatedPart<GoodsLine, OtherTax> = RepeatedPart {
    path: "other_taxes",
    list: |g| &mut g.other_taxes,
    fields: &[
        ("code", |t| FieldMut::Text(&mut t.code)),
        ("exemption_code", |t| FieldMut::Text(&mut t.exemption_code)),
        ("reduction_amount", |t| {
            FieldMut::Decimal(&mut t.reduction_amount)
        }),
        ("manual_rate", |t| FieldMut::Decimal(&mut t.manual_rate)),
    ],
};

impl EditorState {
    /// A repeated part of the header, under its title.
    pub(super) fn header_part<T: Clone + Default + PartialEq>(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        title: Text,
        part: &RepeatedPart<Declaration, T>,
    ) {
        ui.strong(frame.t(title));
        let items = (part.list)(&mut self.declaration).clone();
        if let Some(items) = self.entries(ui, frame, part.path, items, part.fields) {
            *(part.list)(&mut self.declaration) = items;
            self.edited(frame);
        }
    }

    /// The details of one goods line, above the grid: its other taxes and (export) other-law
    /// codes. The line is chosen by number.
    pub(super) fn line_details(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let count = self.declaration.goods.len();
        if count == 0 {
            return;
        }
        egui::CollapsingHeader::new(frame.t(Text::LineDetails))
            .id_salt("line-details")
            .open(std::mem::take(&mut self.open_details).then_some(true))
            .show(ui, |ui| {
                // Wider than a 1024 px window beside its findings panel: it scrolls both ways,
                // and takes at most half the height from the grid below.
                egui::ScrollArea::both()
                    .id_salt("line-details-scroll")
                    .max_height(ui.available_height() * 0.5)
                    .show(ui, |ui| self.line_details_body(ui, frame, count));
            });
    }

    /// The chosen line, its other taxes, parts and lists.
    fn line_details_body(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>, count: usize) {
        self.detail_line = self.detail_line.min(count - 1);
        ui.horizontal(|ui| {
            let label = ui.label(frame.t(Text::ColumnLine)).id;
            egui::ComboBox::from_id_salt("detail-line")
                .selected_text(format!("{}", self.detail_line + 1))
                .show_ui(ui, |ui| {
                    for line in 0..count {
                        ui.selectable_value(&mut self.detail_line, line, format!("{}", line + 1));
                    }
                })
                .response
                .labelled_by(label);
        });
        let line = self.detail_line;
        self.history_row(ui, frame, line);
        let prefix = format!("goods[{line}].{}", OTHER_TAXES.path);
        ui.strong(frame.t(Text::OtherTaxes));
        let items = (OTHER_TAXES.list)(&mut self.declaration.goods[line]).clone();
        if let Some(items) = self.entries(ui, frame, &prefix, items, OTHER_TAXES.fields) {
            *(OTHER_TAXES.list)(&mut self.declaration.goods[line]) = items;
            self.edited(frame);
        }
        ui.separator();
        self.line_part(ui, frame, line, &parts::MANUAL_TAXABLE_VALUE);
        self.line_part(ui, frame, line, &parts::ABSOLUTE_DUTY);
        match self.declaration.direction {
            Direction::Import => self.adjustment_refs(ui, frame, line),
            Direction::Export => {
                egui::Grid::new("line-lists").num_columns(3).show(ui, |ui| {
                    let path = format!("goods[{line}].other_law_codes");
                    let list = self.declaration.goods[line].other_law_codes.clone();
                    if let Some(list) = self.list_row(ui, frame, &path, &list) {
                        self.declaration.goods[line].other_law_codes = list;
                        self.edited(frame);
                    }
                    ui.end_row();
                });
            }
        }
    }

    /// When `path` is a field of a goods line's details, that line's details open (a finding
    /// clicked in the panel leads there).
    pub(super) fn show_line_details_of(&mut self, path: &str) {
        let Some((line, rest)) = path
            .strip_prefix("goods[")
            .and_then(|rest| rest.split_once("]."))
        else {
            return;
        };
        let detail = [
            OTHER_TAXES.path,
            parts::MANUAL_TAXABLE_VALUE.path,
            parts::ABSOLUTE_DUTY.path,
            "adjustment_refs",
            "other_law_codes",
        ]
        .iter()
        .any(|part| rest.starts_with(part));
        if let (true, Ok(line)) = (detail, line.parse::<usize>()) {
            self.detail_line = line;
            self.open_details = true;
        }
    }

    /// An optional part of goods line `line`.
    fn line_part<T: Clone + Default + PartialEq>(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        line: usize,
        part: &OptionalPart<GoodsLine, T>,
    ) {
        let path = format!("goods[{line}].{}", part.path);
        let mut current = (part.slot)(&mut self.declaration.goods[line]).clone();
        if self.part_rows(ui, frame, &path, &mut current, part.fields) {
            *(part.slot)(&mut self.declaration.goods[line]) = current;
            self.edited(frame);
        }
    }

    /// VN1–VN5: which valuation adjustments (by their number, 1–5) apply to goods line `line`,
    /// one per line. A text that is not such a number stays in the box with the reason, and the
    /// line keeps what it had until it is corrected.
    fn adjustment_refs(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>, line: usize) {
        let path = format!("goods[{line}].adjustment_refs");
        let refused = self
            .refused_refs
            .as_ref()
            .filter(|(on, _)| *on == line)
            .map(|(_, typed)| typed.clone());
        let shown: Vec<String> = refused.clone().unwrap_or_else(|| {
            self.declaration.goods[line]
                .adjustment_refs
                .iter()
                .map(u8::to_string)
                .collect()
        });
        egui::Grid::new("line-refs").num_columns(3).show(ui, |ui| {
            if let Some(list) = self.list_row(ui, frame, &path, &shown) {
                let numbers: Option<Vec<u8>> = list
                    .iter()
                    .map(|n| n.parse::<u8>().ok().filter(|n| (1..=5).contains(n)))
                    .collect();
                match numbers {
                    Some(numbers) => {
                        self.declaration.goods[line].adjustment_refs = numbers;
                        self.refused_refs = None;
                        self.edited(frame);
                    }
                    None => self.refused_refs = Some((line, list)),
                }
            }
            ui.end_row();
        });
        if refused.is_some() {
            ui.colored_label(
                egui::Color32::from_rgb(200, 40, 40),
                frame.t(Text::AdjustmentNumbers),
            );
        }
    }

    /// The entries of a repeated part at `path`: a header row of labels, one row an entry (its
    /// number, its fields, ✕), then "+ Thêm" while VNACCS takes more. The new list when edited.
    fn entries<T: Clone + Default + PartialEq>(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        path: &str,
        mut items: Vec<T>,
        fields: &'static [PartField<T>],
    ) -> Option<Vec<T>> {
        let most = table::field(&field_key(path))
            .and_then(|row| row.max_repeat(self.declaration.direction))
            .map_or(1, usize::from);
        let locked = self.locked(&field_key(path));
        let mut changed = false;
        let mut removed = None;
        egui::Grid::new(("entries", path))
            .num_columns(fields.len() + 2)
            .spacing([8.0, 4.0])
            .striped(true)
            .show(ui, |ui| {
                ui.label("");
                ui.label("#");
                let labels: Vec<egui::Id> = fields
                    .iter()
                    .map(|(name, _)| {
                        ui.label(self.label_of(&format!("{path}.{name}"), frame.language))
                            .id
                    })
                    .collect();
                ui.end_row();
                for (index, item) in items.iter_mut().enumerate() {
                    // The row's ✕ comes first, so it stays in reach however narrow the window.
                    if ui
                        .add_enabled(!locked, egui::Button::new("✕"))
                        .on_hover_text(frame.t(Text::RemoveEntry))
                        .clicked()
                    {
                        removed = Some(index);
                    }
                    ui.label(format!("{}", index + 1));
                    for ((name, access), label) in fields.iter().zip(&labels) {
                        let cell = format!("{path}[{index}].{name}");
                        ui.vertical(|ui| {
                            changed |=
                                self.value_cell(ui, frame, &cell, access(item), Some(*label));
                            field_findings(
                                ui,
                                self.findings.iter().filter(|f| self.visible(f)),
                                &cell,
                                frame.language,
                            );
                        });
                    }
                    ui.end_row();
                }
            });
        if let Some(index) = removed {
            items.remove(index);
            // Text typed into the entries below would now belong to the wrong one.
            self.buffers.retain(|key, _| !key.starts_with(path));
            changed = true;
        }
        if ui
            .add_enabled(
                !locked && items.len() < most,
                egui::Button::new(frame.t(Text::AddEntry)),
            )
            .clicked()
        {
            items.push(T::default());
            changed = true;
        }
        changed.then_some(items)
    }
}

/// Sets a text value of an entry of a repeated part (`permits[1].kind`,
/// `goods[0].other_taxes[2].code`…), the code picker's choice; `false` when `path` is none.
pub(super) fn set_entry_text(declaration: &mut Declaration, path: &str, code: String) -> bool {
    if let Some(rest) = path.strip_prefix("goods[")
        && let Some((line, rest)) = rest.split_once("].")
        && let Ok(line) = line.parse::<usize>()
        && let Some(line) = declaration.goods.get_mut(line)
    {
        return set_in(line, &OTHER_TAXES, rest, code);
    }
    set_in(declaration, &PERMITS, path, code.clone())
        || set_in(declaration, &ADJUSTMENTS, path, code)
}

/// `part[i].name` of `owner` set to `code`.
fn set_in<O, T>(owner: &mut O, part: &RepeatedPart<O, T>, path: &str, code: String) -> bool {
    let Some(rest) = path
        .strip_prefix(part.path)
        .and_then(|r| r.strip_prefix('['))
    else {
        return false;
    };
    let Some((index, name)) = rest.split_once("].") else {
        return false;
    };
    let Ok(index) = index.parse::<usize>() else {
        return false;
    };
    let Some((_, access)) = part.fields.iter().find(|(n, _)| *n == name) else {
        return false;
    };
    match (part.list)(owner).get_mut(index) {
        Some(entry) => set_field(access(entry), code),
        None => false,
    }
}
