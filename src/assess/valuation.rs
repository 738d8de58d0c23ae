//! Taxable value (trị giá tính thuế) per goods line (VNACCS-REFERENCE §5.1).
//!
//! Import: the value at the first port of import. For transaction value (VD1 6 or 7) it is the
//! line's invoice value plus its share of freight, insurance and "add" adjustments, minus its
//! share of "subtract" adjustments. A line's share is its invoice value over the allocation
//! base TP (declared, or the sum of the lines' invoice values) — **in proportion to invoice
//! value** (seed). Freight is added only when the delivery terms do not already include it
//! (or it is extra freight, FR1 = E/F); insurance only when declared separately (IN1 = A) and
//! not already in the price. An adjustment applies to the lines that list its number (VN1–5),
//! or to all lines when none does. Each part is converted at its currency's customs rate.
//! A manual taxable value (DPR) always wins.
//!
//! Export: the FOB value — the invoice value for FOB-type terms, else the line's share of the
//! declared total taxable value (FCD/FKK).

use rust_decimal::Decimal;

use super::{ValuePart, round_vnd};
use crate::codes::{CodeLists, TableId};
use crate::domain::{Declaration, Direction};
use crate::rules::catalogue::VALUE_UNKNOWN;
use crate::rules::{Finding, Severity};

/// A line's taxable value and how it was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineValue {
    /// Whole VND, or `None` when it cannot be computed (a problem says why).
    pub taxable_value_vnd: Option<Decimal>,
    /// Entered by the declarant.
    pub manual: bool,
    /// The parts, converted.
    pub parts: Vec<ValuePart>,
}

/// Delivery terms whose price is the FOB value at the Vietnamese border.
const FOB_TERMS: [&str; 5] = ["EXW", "FCA", "FAS", "FOB", "DAF"];

fn text(value: Option<&String>) -> Option<&str> {
    value.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn unknown(problems: &mut Vec<Finding>, index: usize, vi: &str, en: &str) {
    problems.push(Finding::new(
        &VALUE_UNKNOWN,
        Severity::Error,
        format!("goods[{index}].manual_taxable_value"),
        format!("Dòng hàng {} – {vi}", index + 1),
        format!("Goods line {} – {en}", index + 1),
    ));
}

fn percent(share: Decimal) -> Decimal {
    (share * Decimal::ONE_HUNDRED).round_dp(4).normalize()
}

/// Taxable values of every line, in line order.
#[allow(clippy::too_many_lines)] // One pass over a line's value parts; to split with MIC/MEC.
pub fn taxable_values(
    d: &Declaration,
    codes: &CodeLists,
    rate_of: &mut impl FnMut(&str, &str, &mut Vec<Finding>) -> Option<Decimal>,
    problems: &mut Vec<Finding>,
) -> Vec<LineValue> {
    // A missing currency is not VND: no rate is found for it and the preview says why, rather
    // than read 45.050 USD as 45.050 VND.
    let invoice_currency = text(d.invoice.currency.as_ref())
        .unwrap_or_default()
        .to_owned();
    let incoterm = text(d.invoice.incoterm.as_ref()).unwrap_or_default();
    let terms = codes.table(TableId::Incoterms);
    let included = |column: &str| terms.field_of(incoterm, column) == Some("yes");
    let sum_bpr: Decimal = d.goods.iter().filter_map(|g| g.invoice_value).sum();
    let allocation_base = d.valuation.allocation_base.unwrap_or(sum_bpr);
    let automatic = text(d.valuation.method.as_ref()).is_none_or(|m| {
        codes
            .table(TableId::ValuationMethods)
            .field_of(m, "automatic")
            == Some("yes")
    });

    let mut out = Vec::with_capacity(d.goods.len());
    for (i, line) in d.goods.iter().enumerate() {
        let mut parts = Vec::new();
        let push = |label_vi: String,
                    label_en: String,
                    amount: Decimal,
                    currency: &str,
                    rate: Decimal,
                    parts: &mut Vec<ValuePart>| {
            parts.push(ValuePart {
                label_vi,
                label_en,
                amount,
                currency: currency.to_owned(),
                rate,
                vnd: amount * rate,
            });
        };
        if let Some(manual) = &line.manual_taxable_value
            && let Some(amount) = manual.amount
        {
            let currency = text(manual.currency.as_ref()).unwrap_or("VND");
            let path = format!("goods[{i}].manual_taxable_value.currency");
            let value = rate_of(currency, &path, problems).map(|rate| {
                push(
                    "Trị giá tính thuế khai thủ công (DPR)".into(),
                    "Manual taxable value (DPR)".into(),
                    amount,
                    currency,
                    rate,
                    &mut parts,
                );
                round_vnd(amount * rate)
            });
            out.push(LineValue {
                taxable_value_vnd: value,
                manual: true,
                parts,
            });
            continue;
        }
        let Some(bpr) = line.invoice_value else {
            unknown(
                problems,
                i,
                "thiếu trị giá hóa đơn (BPR) và trị giá tính thuế thủ công (DPR)",
                "no invoice value (BPR) and no manual taxable value (DPR)",
            );
            out.push(LineValue {
                taxable_value_vnd: None,
                manual: false,
                parts,
            });
            continue;
        };
        let share = if allocation_base.is_zero() {
            Decimal::ZERO
        } else {
            bpr / allocation_base
        };
        let mut complete = true;
        let mut blocked = false;
        let mut convert = |currency: &str, path: &str, problems: &mut Vec<Finding>| {
            let rate = rate_of(currency, path, problems);
            if rate.is_none() {
                complete = false;
            }
            rate
        };
        match d.direction {
            Direction::Import => {
                if !automatic {
                    unknown(
                        problems,
                        i,
                        "phương pháp xác định trị giá không phải trị giá giao dịch: hãy khai trị giá tính thuế (DPR)",
                        "the valuation method is not transaction value: enter the taxable value (DPR)",
                    );
                    out.push(LineValue {
                        taxable_value_vnd: None,
                        manual: false,
                        parts,
                    });
                    continue;
                }
                if let Some(rate) = convert(&invoice_currency, "invoice.currency", problems) {
                    push(
                        "Trị giá hóa đơn (BPR)".into(),
                        "Invoice value (BPR)".into(),
                        bpr,
                        &invoice_currency,
                        rate,
                        &mut parts,
                    );
                }
                if let Some(freight) = &d.valuation.freight {
                    let kind = text(freight.kind.as_ref()).unwrap_or_default();
                    let amount = freight.amount.unwrap_or_default();
                    let extra = matches!(kind, "E" | "F");
                    if kind == "D" {
                        unknown(
                            problems,
                            i,
                            "phí vận chuyển phân bổ theo trọng lượng/thể tích (FR1 = D): hãy khai trị giá tính thuế (DPR)",
                            "freight allocated by weight or volume (FR1 = D): enter the taxable value (DPR)",
                        );
                        blocked = true;
                    } else if amount > Decimal::ZERO && (!included("freight_included") || extra) {
                        let currency = text(freight.currency.as_ref())
                            .unwrap_or(&invoice_currency)
                            .to_owned();
                        if let Some(rate) =
                            convert(&currency, "valuation.freight.currency", problems)
                        {
                            push(
                                format!(
                                    "Phí vận chuyển phân bổ ({}% của {amount})",
                                    percent(share)
                                ),
                                format!("Allocated freight ({}% of {amount})", percent(share)),
                                amount * share,
                                &currency,
                                rate,
                                &mut parts,
                            );
                        }
                    }
                }
                if let Some(insurance) = &d.valuation.insurance {
                    let amount = insurance.amount.unwrap_or_default();
                    if text(insurance.kind.as_ref()) == Some("A")
                        && amount > Decimal::ZERO
                        && !included("insurance_included")
                    {
                        let currency = text(insurance.currency.as_ref())
                            .unwrap_or(&invoice_currency)
                            .to_owned();
                        if let Some(rate) =
                            convert(&currency, "valuation.insurance.currency", problems)
                        {
                            push(
                                format!("Phí bảo hiểm phân bổ ({}% của {amount})", percent(share)),
                                format!("Allocated insurance ({}% of {amount})", percent(share)),
                                amount * share,
                                &currency,
                                rate,
                                &mut parts,
                            );
                        }
                    }
                }
                for (k, adjustment) in d.valuation.adjustments.iter().enumerate() {
                    let number = u8::try_from(k + 1).unwrap_or(u8::MAX);
                    let sign = match text(adjustment.kind.as_ref()) {
                        Some("AD") => Decimal::ONE,
                        Some("SB") => Decimal::NEGATIVE_ONE,
                        _ => continue,
                    };
                    let referenced = d.goods.iter().any(|g| g.adjustment_refs.contains(&number));
                    if referenced && !line.adjustment_refs.contains(&number) {
                        continue;
                    }
                    let base = adjustment.allocation_base.unwrap_or_else(|| {
                        d.goods
                            .iter()
                            .filter(|g| !referenced || g.adjustment_refs.contains(&number))
                            .filter_map(|g| g.invoice_value)
                            .sum()
                    });
                    if base.is_zero() {
                        continue;
                    }
                    let amount = adjustment.amount.unwrap_or_default();
                    let own_share = bpr / base;
                    let currency = text(adjustment.currency.as_ref())
                        .unwrap_or(&invoice_currency)
                        .to_owned();
                    let title = text(adjustment.title.as_ref()).unwrap_or("?");
                    let path = format!("valuation.adjustments[{k}].currency");
                    if let Some(rate) = convert(&currency, &path, problems) {
                        let (vi, en) = if sign.is_sign_positive() {
                            ("cộng", "add")
                        } else {
                            ("trừ", "subtract")
                        };
                        push(
                            format!(
                                "Khoản điều chỉnh {number} ({title}, {vi}; {}% của {amount})",
                                percent(own_share)
                            ),
                            format!(
                                "Adjustment {number} ({title}, {en}; {}% of {amount})",
                                percent(own_share)
                            ),
                            sign * amount * own_share,
                            &currency,
                            rate,
                            &mut parts,
                        );
                    }
                }
            }
            Direction::Export => {
                let total = d
                    .export_taxable_total
                    .as_ref()
                    .and_then(|t| t.amount.map(|a| (a, t)));
                if FOB_TERMS.contains(&incoterm) || (incoterm.is_empty() && total.is_none()) {
                    if let Some(rate) = convert(&invoice_currency, "invoice.currency", problems) {
                        push(
                            "Trị giá hóa đơn (FOB)".into(),
                            "Invoice value (FOB)".into(),
                            bpr,
                            &invoice_currency,
                            rate,
                            &mut parts,
                        );
                    }
                } else if let Some((amount, t)) = total {
                    let fob_share = if sum_bpr.is_zero() {
                        Decimal::ZERO
                    } else {
                        bpr / sum_bpr
                    };
                    let currency = text(t.currency.as_ref())
                        .unwrap_or(&invoice_currency)
                        .to_owned();
                    if let Some(rate) =
                        convert(&currency, "export_taxable_total.currency", problems)
                    {
                        push(
                            format!(
                                "Tổng trị giá tính thuế phân bổ ({}% của {amount})",
                                percent(fob_share)
                            ),
                            format!(
                                "Allocated total taxable value ({}% of {amount})",
                                percent(fob_share)
                            ),
                            amount * fob_share,
                            &currency,
                            rate,
                            &mut parts,
                        );
                    }
                } else {
                    unknown(
                        problems,
                        i,
                        &format!(
                            "điều kiện {incoterm} không phải giá FOB: hãy khai Tổng trị giá tính thuế (FKK) hoặc trị giá tính thuế dòng hàng"
                        ),
                        &format!(
                            "{incoterm} is not an FOB price: declare the total taxable value (FKK) or the line's taxable value"
                        ),
                    );
                    blocked = true;
                }
            }
        }
        let value = (complete && !blocked).then(|| round_vnd(parts.iter().map(|p| p.vnd).sum()));
        out.push(LineValue {
            taxable_value_vnd: value,
            manual: false,
            parts,
        });
    }
    out
}
