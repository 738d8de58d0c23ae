//! What the general tabs hold beyond one value per row: the lists a broker pastes (bills of
//! lading, containers, other-law codes — one per line, as many as VNACCS repeats the item) and
//! the optional parts of the header (the entrusting party; freight and insurance, so that an FOB
//! or EXW invoice can be valued), created when something is typed into them and removed when
//! emptied.

use eframe::egui;
use unicode_normalization::UnicodeNormalization as _;

use super::findings::field_findings;
use super::inputs::{Buffer, Slots, edit_value};
use super::{EditorState, Frame};
use crate::domain::declaration::{AbsoluteDuty, Charge};
use crate::domain::fields::{self as table, FieldMut, field_key};
use crate::domain::{Declaration, Direction, GoodsLine, Money, Party};
use crate::ui::fields::Kind;
use crate::ui::i18n::Text;

/// The label column of the parts' grids, so that successive parts line up, in points.
const LABEL_WIDTH: f32 = 190.0;

/// How a field of a part is reached in the part.
pub(super) type PartField<T> = (&'static str, for<'a> fn(&'a mut T) -> FieldMut<'a>);

/// An optional part inside `O` (the declaration, or a goods line): its path there, where it
/// sits, and its fields in the form's order.
pub(super) struct OptionalPart<O: 'static, T: 'static> {
    /// JSON path of the part inside its owner.
    pub path: &'static str,
    /// The part in its owner.
    pub slot: fn(&mut O) -> &mut Option<T>,
    /// Its fields.
    pub fields: &'static [PartField<T>],
}

/// NMC…/EXC…: the entrusting party.
pub(super) const ENTRUSTING_PARTY: OptionalPart<Declaration, Party> = OptionalPart {
    path: "entrusting_party",
    slot: |d| &mut d.entrusting_party,
    fields: &[
        ("tax_code", |p| FieldMut::Text(&mut p.tax_code)),
        ("name", |p| FieldMut::Text(&mut p.name)),
        ("postcode", |p| FieldMut::Text(&mut p.postcode)),
        ("address", |p| FieldMut::Text(&mut p.address)),
        ("phone", |p| FieldMut::Text(&mut p.phone)),
    ],
};

const CHARGE_FIELDS: &[PartField<Charge>] = &[
    ("kind", |c| FieldMut::Text(&mut c.kind)),
    ("currency", |c| FieldMut::Text(&mut c.currency)),
    ("amount", |c| FieldMut::Decimal(&mut c.amount)),
];

/// FR1–FR3: freight.
pub(super) const FREIGHT: OptionalPart<Declaration, Charge> = OptionalPart {
    path: "valuation.freight",
    slot: |d| &mut d.valuation.freight,
    fields: CHARGE_FIELDS,
};

/// IN1–IN3: insurance.
pub(super) const INSURANCE: OptionalPart<Declaration, Charge> = OptionalPart {
    path: "valuation.insurance",
    slot: |d| &mut d.valuation.insurance,
    fields: CHARGE_FIELDS,
};

const MONEY_FIELDS: &[PartField<Money>] = &[
    ("currency", |m| FieldMut::Text(&mut m.currency)),
    ("amount", |m| FieldMut::Decimal(&mut m.amount)),
];

/// FCD/FKK: an export's total taxable value.
pub(super) const EXPORT_TAXABLE_TOTAL: OptionalPart<Declaration, Money> = OptionalPart {
    path: "export_taxable_total",
    slot: |d| &mut d.export_taxable_total,
    fields: MONEY_FIELDS,
};

/// DPR/BPC: a goods line's manual taxable value.
pub(super) const MANUAL_TAXABLE_VALUE: OptionalPart<GoodsLine, Money> = OptionalPart {
    path: "manual_taxable_value",
    slot: |g| &mut g.manual_taxable_value,
    fields: MONEY_FIELDS,
};

/// TXB/TXC/TXD: a goods line's absolute duty.
pub(super) const ABSOLUTE_DUTY: OptionalPart<GoodsLine, AbsoluteDuty> = OptionalPart {
    path: "absolute_duty",
    slot: |g| &mut g.absolute_duty,
    fields: &[
        ("amount_per_unit", |a| {
            FieldMut::Decimal(&mut a.amount_per_unit)
        }),
        ("unit", |a| FieldMut::Text(&mut a.unit)),
        ("currency", |a| FieldMut::Text(&mut a.currency)),
    ],
};

/// A list of the first general tab: JSON path, the direction whose form has it (both when
/// none), and the `Vec<String>` of the declaration.
type List = (
    &'static str,
    Option<Direction>,
    fn(&mut Declaration) -> &mut Vec<String>,
);

/// The lists of the first general tab. An export's other-law codes are per goods line.
const LISTS: [List; 4] = [
    ("foreign_party.address", None, |d| {
        &mut d.foreign_party.address
    }),
    ("bills_of_lading", None, |d| &mut d.bills_of_lading),
    ("containers", None, |d| &mut d.containers),
    ("other_law_codes", Some(Direction::Import), |d| {
        &mut d.other_law_codes
    }),
];

impl EditorState {
    /// Bills of lading, containers and other-law codes, one per line (each where the direction
    /// has it).
    pub(super) fn lists(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let direction = self.declaration.direction;
        egui::Grid::new("lists")
            .num_columns(3)
            .min_col_width(LABEL_WIDTH)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for (path, only, list) in LISTS {
                    if only.is_some_and(|only| only != direction) {
                        continue;
                    }
                    let current = list(&mut self.declaration).clone();
                    if let Some(new) = self.list_row(ui, frame, path, &current) {
                        *list(&mut self.declaration) = new;
                        self.edited(frame);
                    }
                    ui.end_row();
                }
            });
    }

    /// One list of codes or numbers, one per line, in a row of a grid: its label, the box and
    /// its findings. The new list when it was edited. Nothing typed is dropped: more entries
    /// than VNACCS takes stay, and the finding beside the box says so (KB-E0209).
    pub(super) fn list_row(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        path: &str,
        list: &[String],
    ) -> Option<Vec<String>> {
        let most = table::field(&field_key(path))
            .and_then(|row| row.max_repeat(self.declaration.direction))
            .map_or(1, usize::from);
        let label = format!(
            "{} ({} {most})",
            self.label_of(path, frame.language),
            frame.t(Text::OnePerLineAtMost)
        );
        let label = ui.label(label).id;
        let locked = self.locked(&field_key(path));
        // While the box has the focus it keeps the text as typed (an Enter that starts the next
        // entry, a line being written); the list holds the entries.
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
        let changed = response.changed().then(|| {
            self.touched.insert(path.to_owned());
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| l.nfc().collect())
                .collect()
        });
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
        changed
    }

    /// An optional part of the header, one labelled row per field: it exists while something
    /// is in it.
    pub(super) fn optional_part<T: Clone + Default + PartialEq>(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        part: &OptionalPart<Declaration, T>,
    ) {
        let mut current = (part.slot)(&mut self.declaration).clone();
        if self.part_rows(ui, frame, part.path, &mut current, part.fields) {
            *(part.slot)(&mut self.declaration) = current;
            self.edited(frame);
        }
    }

    /// The rows of an optional part at `path` (`valuation.freight`, `goods[2].absolute_duty`…)
    /// editing `part`, a copy: it becomes none when emptied. Whether it was edited.
    pub(super) fn part_rows<T: Clone + Default + PartialEq>(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        path: &str,
        part: &mut Option<T>,
        fields: &'static [PartField<T>],
    ) -> bool {
        egui::Grid::new(("part", path))
            .num_columns(3)
            .min_col_width(LABEL_WIDTH)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let mut value = part.clone().unwrap_or_default();
                let mut changed = false;
                for (name, access) in fields {
                    let path = format!("{path}.{name}");
                    let label = ui.label(self.label_of(&path, frame.language)).id;
                    changed |= self.value_cell(ui, frame, &path, access(&mut value), Some(label));
                    field_findings(
                        ui,
                        self.findings.iter().filter(|f| self.visible(f)),
                        &path,
                        frame.language,
                    );
                    ui.end_row();
                }
                if changed {
                    *part = (value != T::default()).then_some(value);
                }
                changed
            })
            .inner
    }

    /// The editor of one value at `path` (a field of a part), in the kind the field table gives
    /// it; disabled when the field is locked. Whether it was edited.
    pub(super) fn value_cell(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        path: &str,
        value: FieldMut<'_>,
        label: Option<egui::Id>,
    ) -> bool {
        let key = field_key(path);
        let kind =
            table::field(&key).map_or(Kind::Text, |row| Kind::of(row, self.declaration.direction));
        let locked = self.locked(&key);
        let slots = Slots {
            buffers: &mut self.buffers,
            picker: &mut self.picker,
            focus: &mut self.focus,
        };
        let edited = ui
            .add_enabled_ui(!locked, |ui| {
                edit_value(ui, path, kind, value, slots, label, frame)
            })
            .inner;
        if edited {
            self.touched.insert(path.to_owned());
        }
        edited
    }
}

/// Sets a text value inside an optional part (the code picker's choice), creating the part;
/// `false` when `path` is no text field of one. `goods[i].…` reaches a goods line's parts.
pub(super) fn set_optional_text(declaration: &mut Declaration, path: &str, code: String) -> bool {
    if let Some(rest) = path.strip_prefix("goods[")
        && let Some((line, rest)) = rest.split_once("].")
        && let Ok(line) = line.parse::<usize>()
    {
        let Some(line) = declaration.goods.get_mut(line) else {
            return false;
        };
        return set_optional(line, &MANUAL_TAXABLE_VALUE, rest, code.clone())
            || set_optional(line, &ABSOLUTE_DUTY, rest, code);
    }
    set_optional(declaration, &ENTRUSTING_PARTY, path, code.clone())
        || set_optional(declaration, &FREIGHT, path, code.clone())
        || set_optional(declaration, &INSURANCE, path, code.clone())
        || set_optional(declaration, &EXPORT_TAXABLE_TOTAL, path, code)
}

/// `part.name` of `owner` set to `code`, creating the part.
fn set_optional<O, T: Default>(
    owner: &mut O,
    part: &OptionalPart<O, T>,
    path: &str,
    code: String,
) -> bool {
    let Some(name) = path
        .strip_prefix(part.path)
        .and_then(|rest| rest.strip_prefix('.'))
    else {
        return false;
    };
    let Some((_, access)) = part.fields.iter().find(|(n, _)| *n == name) else {
        return false;
    };
    if !matches!(access(&mut T::default()), FieldMut::Text(_)) {
        return false;
    }
    set_field(
        access((part.slot)(owner).get_or_insert_with(T::default)),
        code,
    )
}

/// Sets a text field to `code`; `false` for a date or a number.
pub(super) fn set_field(field: FieldMut<'_>, code: String) -> bool {
    match field {
        FieldMut::Text(slot) => {
            *slot = Some(code);
            true
        }
        FieldMut::Date(_) | FieldMut::Decimal(_) => false,
    }
}
