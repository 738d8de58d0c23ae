//! The tax difference of an amendment after clearance (AMA): the declaration's assessment before
//! and the amended data's assessment after — both by [`super::assess`], on the same date (the
//! declaration's registration, so the same exchange rates and tariff) — compared per line and
//! per tax.
//!
//! # Rounding
//! Every tax amount is already whole đồng on each line (see [`super`]); a difference is
//! `after − before` of those rounded amounts, so it is exact to the đồng, and the total
//! difference is the sum of the line differences (= total after − total before). A positive
//! difference is additional tax to pay, a negative one a refund to claim.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Assessment, LineAssessment, TaxItem, TaxKind, format_vnd};
use crate::domain::text::Bilingual;

/// One tax of one line, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxItemDifference {
    /// Which tax.
    pub kind: TaxKind,
    /// The TX code, if any (after, else before).
    pub code: Option<String>,
    /// Amount before, VND.
    pub before_vnd: Decimal,
    /// Amount after, VND.
    pub after_vnd: Decimal,
    /// After − before, VND.
    pub difference_vnd: Decimal,
    /// How the amount before was computed ("base × rate = amount"), Vietnamese; empty when the
    /// line did not carry this tax.
    pub before_vi: String,
    /// The same in English.
    pub before_en: String,
    /// How the amount after is computed, Vietnamese.
    pub after_vi: String,
    /// The same in English.
    pub after_en: String,
}

/// One goods line whose taxable value or taxes change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDifference {
    /// The goods line, from 1.
    pub line: usize,
    /// HS code before.
    pub hs_before: String,
    /// HS code after.
    pub hs_after: String,
    /// Taxable value before, VND.
    pub taxable_value_before_vnd: Option<Decimal>,
    /// Taxable value after, VND.
    pub taxable_value_after_vnd: Option<Decimal>,
    /// The taxes, in computation order.
    pub taxes: Vec<TaxItemDifference>,
}

/// One tax over the declaration, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalDifference {
    /// Which tax.
    pub kind: TaxKind,
    /// Before, VND.
    pub before_vnd: Decimal,
    /// After, VND.
    pub after_vnd: Decimal,
    /// After − before, VND.
    pub difference_vnd: Decimal,
}

/// The tax difference of an amendment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxDifference {
    /// The lines that change.
    pub lines: Vec<LineDifference>,
    /// Per tax.
    pub totals: Vec<TotalDifference>,
    /// All taxes before, VND.
    pub total_before_vnd: Decimal,
    /// All taxes after, VND.
    pub total_after_vnd: Decimal,
    /// After − before, VND: positive = additional tax to pay, negative = refund.
    pub total_difference_vnd: Decimal,
}

/// The items of a line keyed by (kind, code), in order.
fn keyed(line: Option<&LineAssessment>) -> Vec<(TaxKind, Option<String>, &TaxItem)> {
    line.map(|l| {
        l.taxes
            .iter()
            .map(|t| (t.kind, t.code.clone(), t))
            .collect()
    })
    .unwrap_or_default()
}

fn line_difference(
    index: usize,
    before: Option<&LineAssessment>,
    after: Option<&LineAssessment>,
) -> LineDifference {
    let old = keyed(before);
    let new = keyed(after);
    let mut keys: Vec<(TaxKind, Option<String>)> =
        old.iter().map(|(k, c, _)| (*k, c.clone())).collect();
    for (kind, code, _) in &new {
        if !keys.iter().any(|(k, c)| k == kind && c == code) {
            keys.push((*kind, code.clone()));
        }
    }
    keys.sort_by_key(|(kind, _)| *kind);
    let find = |list: &[(TaxKind, Option<String>, &TaxItem)], kind, code: &Option<String>| {
        list.iter()
            .find(|(k, c, _)| *k == kind && c == code)
            .map(|(_, _, item)| (*item).clone())
    };
    let taxes = keys
        .into_iter()
        .map(|(kind, code)| {
            let b = find(&old, kind, &code);
            let a = find(&new, kind, &code);
            let amount =
                |item: &Option<TaxItem>| item.as_ref().map_or(Decimal::ZERO, |i| i.amount_vnd);
            let text = |item: &Option<TaxItem>, vi: bool| {
                item.as_ref()
                    .map(|i| {
                        if vi {
                            i.explanation_vi.clone()
                        } else {
                            i.explanation_en.clone()
                        }
                    })
                    .unwrap_or_default()
            };
            TaxItemDifference {
                kind,
                code,
                before_vnd: amount(&b),
                after_vnd: amount(&a),
                difference_vnd: amount(&a) - amount(&b),
                before_vi: text(&b, true),
                before_en: text(&b, false),
                after_vi: text(&a, true),
                after_en: text(&a, false),
            }
        })
        .collect();
    LineDifference {
        line: index + 1,
        hs_before: before.map(|l| l.hs_code.clone()).unwrap_or_default(),
        hs_after: after.map(|l| l.hs_code.clone()).unwrap_or_default(),
        taxable_value_before_vnd: before.and_then(|l| l.taxable_value_vnd),
        taxable_value_after_vnd: after.and_then(|l| l.taxable_value_vnd),
        taxes,
    }
}

/// Compares two assessments of the same declaration, line by line (lines whose HS code,
/// taxable value and taxes are all unchanged are left out).
pub fn difference(before: &Assessment, after: &Assessment) -> TaxDifference {
    let count = before.lines.len().max(after.lines.len());
    let lines = (0..count)
        .filter_map(|index| {
            let b = before.lines.get(index);
            let a = after.lines.get(index);
            let unchanged = b.map(|l| (&l.hs_code, l.taxable_value_vnd, &l.taxes))
                == a.map(|l| (&l.hs_code, l.taxable_value_vnd, &l.taxes));
            (!unchanged).then(|| line_difference(index, b, a))
        })
        .collect();
    let mut kinds: Vec<TaxKind> = before
        .totals
        .iter()
        .chain(&after.totals)
        .map(|t| t.kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    let totals = kinds
        .into_iter()
        .map(|kind| TotalDifference {
            kind,
            before_vnd: before.total(kind),
            after_vnd: after.total(kind),
            difference_vnd: after.total(kind) - before.total(kind),
        })
        .collect();
    TaxDifference {
        lines,
        totals,
        total_before_vnd: before.total_payable_vnd,
        total_after_vnd: after.total_payable_vnd,
        total_difference_vnd: after.total_payable_vnd - before.total_payable_vnd,
    }
}

impl TaxDifference {
    /// Additional tax to pay (zero when the amendment lowers the taxes).
    pub fn to_pay_vnd(&self) -> Decimal {
        self.total_difference_vnd.max(Decimal::ZERO)
    }

    /// Tax to refund (zero when the amendment raises the taxes).
    pub fn to_refund_vnd(&self) -> Decimal {
        (-self.total_difference_vnd).max(Decimal::ZERO)
    }

    /// One sentence: the totals and what it means.
    pub fn summary(&self) -> Bilingual {
        let money = |amount: Decimal, vi: bool| format_vnd(amount, vi);
        let (vi_tail, en_tail) = match self.total_difference_vnd.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => (
                format!(
                    "số thuế phải nộp thêm {} VND",
                    money(self.to_pay_vnd(), true)
                ),
                format!(
                    "additional tax to pay {} VND",
                    money(self.to_pay_vnd(), false)
                ),
            ),
            std::cmp::Ordering::Less => (
                format!(
                    "số thuế nộp thừa được hoàn {} VND",
                    money(self.to_refund_vnd(), true)
                ),
                format!("tax to refund {} VND", money(self.to_refund_vnd(), false)),
            ),
            std::cmp::Ordering::Equal => (
                "số thuế không đổi".to_owned(),
                "the taxes do not change".to_owned(),
            ),
        };
        Bilingual::new(
            format!(
                "Tổng thuế trước {} VND, sau {} VND: {vi_tail}",
                money(self.total_before_vnd, true),
                money(self.total_after_vnd, true)
            ),
            format!(
                "Total taxes before {} VND, after {} VND: {en_tail}",
                money(self.total_before_vnd, false),
                money(self.total_after_vnd, false)
            ),
        )
    }

    /// The explanation, line by line and tax by tax: `before → after (difference)` with each
    /// side's base × rate, in both languages.
    pub fn explanation(&self) -> (Vec<String>, Vec<String>) {
        let mut vi = Vec::new();
        let mut en = Vec::new();
        let opt = |v: Option<Decimal>, lang: bool| {
            v.map_or_else(|| "—".to_owned(), |v| format_vnd(v, lang))
        };
        for line in &self.lines {
            let hs = if line.hs_before == line.hs_after {
                line.hs_after.clone()
            } else {
                format!("{} → {}", line.hs_before, line.hs_after)
            };
            vi.push(format!(
                "Dòng hàng {} (HS {hs}): trị giá tính thuế {} → {} VND",
                line.line,
                opt(line.taxable_value_before_vnd, true),
                opt(line.taxable_value_after_vnd, true)
            ));
            en.push(format!(
                "Goods line {} (HS {hs}): taxable value {} → {} VND",
                line.line,
                opt(line.taxable_value_before_vnd, false),
                opt(line.taxable_value_after_vnd, false)
            ));
            for tax in &line.taxes {
                let signed = |v: Decimal, lang: bool| {
                    let sign = if v > Decimal::ZERO { "+" } else { "" };
                    format!("{sign}{}", format_vnd(v, lang))
                };
                let side = |text: &str| {
                    if text.is_empty() {
                        "—".to_owned()
                    } else {
                        text.to_owned()
                    }
                };
                vi.push(format!(
                    "  {}: trước {}; sau {}; chênh lệch {} VND",
                    tax.kind.name_vi(),
                    side(&tax.before_vi),
                    side(&tax.after_vi),
                    signed(tax.difference_vnd, true)
                ));
                en.push(format!(
                    "  {}: before {}; after {}; difference {} VND",
                    tax.kind.name_en(),
                    side(&tax.before_en),
                    side(&tax.after_en),
                    signed(tax.difference_vnd, false)
                ));
            }
        }
        let summary = self.summary();
        vi.push(summary.vi);
        en.push(summary.en);
        (vi, en)
    }
}
