//! The change set of an amendment of tax information after clearance (AMA): per goods line, the
//! new values of the items that change the tax — HS code, tariff schedule, C/O form, quantity,
//! invoice value and unit price, manual taxable value, manual rate, exemption code and reduction,
//! the other taxes. Nothing else of a cleared declaration can be changed this way (see
//! `docs/amendments.md`).
//!
//! Owns: the change set, applying it to a declaration (refusing a line that does not exist or a
//! change set that changes nothing) and listing each item's before/after values. Pure.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::declaration::{Declaration, GoodsLine, Money, OtherTax};
use super::text::Bilingual;

/// The new values of one goods line's tax items; an absent item keeps its value, an empty text
/// clears a code.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LineChange {
    /// The goods line, counted from 1 as the form shows it.
    pub line: usize,
    /// CMD Mã số hàng hóa.
    pub hs_code: Option<String>,
    /// ORS Mã biểu thuế nhập khẩu.
    pub tariff_schedule: Option<String>,
    /// C/O form claimed for a preferential schedule.
    pub co_form: Option<String>,
    /// QN1 Số lượng (1).
    pub quantity: Option<Decimal>,
    /// BPR Trị giá hóa đơn.
    pub invoice_value: Option<Decimal>,
    /// UPR Đơn giá hóa đơn.
    pub unit_price: Option<Decimal>,
    /// DPR/BPC Trị giá tính thuế khai thủ công.
    pub manual_taxable_value: Option<Money>,
    /// TXA Thuế suất khai thủ công (percent).
    pub manual_duty_rate: Option<Decimal>,
    /// RE Mã miễn/giảm/không chịu thuế.
    pub exemption_code: Option<String>,
    /// REG Số tiền giảm thuế.
    pub reduction_amount: Option<Decimal>,
    /// TX/TR/TG: the other taxes, all of them, as they should be.
    pub other_taxes: Option<Vec<OtherTax>>,
}

/// An AMA's content: why, and what changes per line.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TaxChanges {
    /// Lý do khai bổ sung (free text, kept in the history).
    pub reason: String,
    /// The changed lines.
    pub lines: Vec<LineChange>,
}

/// One item whose value an amendment changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The goods line, from 1.
    pub line: usize,
    /// The field's path without index (`goods.hs_code`).
    pub field: String,
    /// Its official name, Vietnamese.
    pub label_vi: String,
    /// Its name, English.
    pub label_en: String,
    /// The value before, as text (empty when absent).
    pub before: String,
    /// The value after.
    pub after: String,
}

/// Why a change set cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// A line number the declaration does not have.
    #[error("goods line {line} does not exist (the declaration has {count})")]
    NoSuchLine {
        /// The line asked for, from 1.
        line: usize,
        /// How many lines there are.
        count: usize,
    },
    /// The change set changes no value.
    #[error("nothing changes")]
    Nothing,
}

impl ChangeError {
    /// What to tell the person.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::NoSuchLine { line, count } => Bilingual::new(
                format!("Tờ khai không có dòng hàng số {line} (có {count} dòng)"),
                format!("The declaration has no goods line {line} (it has {count})"),
            ),
            Self::Nothing => Bilingual::new(
                "Không có chỉ tiêu nào thay đổi so với tờ khai đã thông quan",
                "No item differs from the cleared declaration",
            ),
        }
    }
}

/// The tax items of a goods line: path, reader. The order is the form's.
type Reader = fn(&GoodsLine) -> String;

fn text(value: Option<&String>) -> String {
    value.map(|v| v.trim().to_owned()).unwrap_or_default()
}

fn number(value: Option<Decimal>) -> String {
    value.map(|v| v.normalize().to_string()).unwrap_or_default()
}

fn other_taxes_text(line: &GoodsLine) -> String {
    line.other_taxes
        .iter()
        .map(|t| {
            let mut parts = vec![text(t.code.as_ref())];
            for extra in [
                text(t.exemption_code.as_ref()),
                number(t.reduction_amount),
                number(t.manual_rate),
            ] {
                parts.push(extra);
            }
            while parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            parts.join("/")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

const TAX_ITEMS: [(&str, Reader); 11] = [
    ("goods.hs_code", |l| text(l.hs_code.as_ref())),
    ("goods.tariff_schedule", |l| {
        text(l.tariff_schedule.as_ref())
    }),
    ("goods.co_form", |l| text(l.co_form.as_ref())),
    ("goods.quantity.amount", |l| number(l.quantity.amount)),
    ("goods.invoice_value", |l| number(l.invoice_value)),
    ("goods.unit_price", |l| number(l.unit_price)),
    ("goods.manual_taxable_value.amount", |l| {
        l.manual_taxable_value
            .as_ref()
            .map(|m| {
                format!("{} {}", number(m.amount), text(m.currency.as_ref()))
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default()
    }),
    ("goods.manual_duty_rate", |l| number(l.manual_duty_rate)),
    ("goods.exemption_code", |l| text(l.exemption_code.as_ref())),
    ("goods.reduction_amount", |l| number(l.reduction_amount)),
    ("goods.other_taxes.code", other_taxes_text),
];

/// A new code: empty clears it.
fn code(value: &str) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl LineChange {
    /// Writes the new values into a line.
    fn apply_to(&self, line: &mut GoodsLine) {
        let set_code = |target: &mut Option<String>, value: Option<&String>| {
            if let Some(value) = value {
                *target = code(value);
            }
        };
        set_code(&mut line.hs_code, self.hs_code.as_ref());
        set_code(&mut line.tariff_schedule, self.tariff_schedule.as_ref());
        set_code(&mut line.co_form, self.co_form.as_ref());
        set_code(&mut line.exemption_code, self.exemption_code.as_ref());
        for (target, value) in [
            (&mut line.quantity.amount, self.quantity),
            (&mut line.invoice_value, self.invoice_value),
            (&mut line.unit_price, self.unit_price),
            (&mut line.manual_duty_rate, self.manual_duty_rate),
            (&mut line.reduction_amount, self.reduction_amount),
        ] {
            if value.is_some() {
                *target = value;
            }
        }
        if let Some(value) = &self.manual_taxable_value {
            line.manual_taxable_value = Some(value.clone());
        }
        if let Some(taxes) = &self.other_taxes {
            line.other_taxes.clone_from(taxes);
        }
    }

    /// The change set that turns `before` into `after` (only the items that differ).
    fn between(index: usize, before: &GoodsLine, after: &GoodsLine) -> Self {
        let differs = |k: usize| TAX_ITEMS[k].1(before) != TAX_ITEMS[k].1(after);
        let pick_text =
            |k: usize, v: &Option<String>| differs(k).then(|| v.clone().unwrap_or_default());
        let pick_number = |k: usize, v: Option<Decimal>| if differs(k) { v } else { None };
        Self {
            line: index + 1,
            hs_code: pick_text(0, &after.hs_code),
            tariff_schedule: pick_text(1, &after.tariff_schedule),
            co_form: pick_text(2, &after.co_form),
            quantity: pick_number(3, after.quantity.amount),
            invoice_value: pick_number(4, after.invoice_value),
            unit_price: pick_number(5, after.unit_price),
            manual_taxable_value: if differs(6) {
                after.manual_taxable_value.clone()
            } else {
                None
            },
            manual_duty_rate: pick_number(7, after.manual_duty_rate),
            exemption_code: pick_text(8, &after.exemption_code),
            reduction_amount: pick_number(9, after.reduction_amount),
            other_taxes: differs(10).then(|| after.other_taxes.clone()),
        }
    }
}

impl TaxChanges {
    /// The declaration with the changes applied.
    ///
    /// # Errors
    /// A line the declaration does not have; a change set that changes no tax item.
    pub fn apply(&self, declaration: &Declaration) -> Result<Declaration, ChangeError> {
        let mut after = declaration.clone();
        let count = after.goods.len();
        for change in &self.lines {
            let line = change
                .line
                .checked_sub(1)
                .and_then(|index| after.goods.get_mut(index))
                .ok_or(ChangeError::NoSuchLine {
                    line: change.line,
                    count,
                })?;
            change.apply_to(line);
        }
        if changes(declaration, &after).is_empty() {
            return Err(ChangeError::Nothing);
        }
        Ok(after)
    }

    /// The change set between a cleared declaration and the broker's corrected copy: the tax
    /// items of each line that differ (other differences are not part of an AMA and are left
    /// out; lines added or removed too).
    pub fn between(before: &Declaration, after: &Declaration, reason: &str) -> Self {
        let lines = before
            .goods
            .iter()
            .zip(&after.goods)
            .enumerate()
            .map(|(index, (b, a))| LineChange::between(index, b, a))
            .filter(|change| {
                *change
                    != LineChange {
                        line: change.line,
                        ..LineChange::default()
                    }
            })
            .collect();
        Self {
            reason: reason.trim().to_owned(),
            lines,
        }
    }
}

/// The tax items whose value differs between two versions of a declaration, line by line.
pub fn changes(before: &Declaration, after: &Declaration) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for (index, (b, a)) in before.goods.iter().zip(&after.goods).enumerate() {
        for (path, read) in TAX_ITEMS {
            let (old, new) = (read(b), read(a));
            if old == new {
                continue;
            }
            let label = super::field_label(path, before.direction);
            let (vi, en) = label.map_or((path, path), |l| (l.vi, l.en));
            out.push(FieldChange {
                line: index + 1,
                field: path.to_owned(),
                label_vi: vi.to_owned(),
                label_en: en.to_owned(),
                before: old,
                after: new,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_lines() -> Declaration {
        let mut d = Declaration {
            goods: vec![GoodsLine::default(), GoodsLine::default()],
            ..Declaration::default()
        };
        d.goods[0].hs_code = Some("84713020".into());
        d.goods[0].invoice_value = Some(Decimal::new(6000, 0));
        d.goods[1].hs_code = Some("22030010".into());
        d
    }

    #[test]
    fn a_change_set_applies_to_its_line_and_lists_before_and_after() {
        let before = two_lines();
        let changes_ = TaxChanges {
            reason: "giá điều chỉnh".into(),
            lines: vec![LineChange {
                line: 1,
                invoice_value: Some(Decimal::new(6500, 0)),
                ..LineChange::default()
            }],
        };
        let after = changes_.apply(&before).unwrap();
        assert_eq!(after.goods[0].invoice_value, Some(Decimal::new(6500, 0)));
        assert_eq!(after.goods[1], before.goods[1]);
        let list = changes(&before, &after);
        assert_eq!(list.len(), 1);
        assert_eq!(
            (
                list[0].line,
                list[0].label_vi.as_str(),
                list[0].before.as_str(),
                list[0].after.as_str()
            ),
            (1, "Trị giá hóa đơn", "6000", "6500")
        );
        // The change set read back from the two versions is the one applied.
        assert_eq!(
            TaxChanges::between(&before, &after, " giá điều chỉnh "),
            changes_
        );
    }

    #[test]
    fn a_missing_line_and_an_empty_change_are_refused() {
        let before = two_lines();
        let missing = TaxChanges {
            reason: String::new(),
            lines: vec![LineChange {
                line: 3,
                hs_code: Some("84713090".into()),
                ..LineChange::default()
            }],
        };
        assert_eq!(
            missing.apply(&before),
            Err(ChangeError::NoSuchLine { line: 3, count: 2 })
        );
        let zero = TaxChanges {
            reason: String::new(),
            lines: vec![LineChange {
                line: 0,
                ..LineChange::default()
            }],
        };
        assert!(matches!(
            zero.apply(&before),
            Err(ChangeError::NoSuchLine { line: 0, .. })
        ));
        let same = TaxChanges {
            reason: String::new(),
            lines: vec![LineChange {
                line: 1,
                hs_code: Some(" 84713020 ".into()),
                ..LineChange::default()
            }],
        };
        assert_eq!(same.apply(&before), Err(ChangeError::Nothing));
    }
}
