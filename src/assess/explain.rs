//! Explanations of an assessment for the simulator's answers: every tax of every goods line as
//! `base × rate = amount`, with the tariff row it came from (HS code and its description), the
//! schedule (MFN, ordinary, a special preferential one with its C/O form) and the customs
//! exchange rates used with their dates. Pure: the declaration, its assessment and the tables
//! are arguments.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Assessment, Rate, RateSource, RateUsed, TaxKind, format_vnd};
use crate::codes::{CodeLists, TableId};
use crate::domain::Declaration;
use crate::domain::entry::format_date;

/// One tax of one goods line, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxExplanation {
    /// Goods line, 1-based (as the forms number them).
    pub line: usize,
    /// Which tax.
    pub kind: TaxKind,
    /// The line's HS code as declared.
    pub hs_code: String,
    /// The tariff row's description, Vietnamese (empty when the tariff lacks the code).
    pub hs_description_vi: String,
    /// The same in English.
    pub hs_description_en: String,
    /// The schedule declared (ORS: B01 MFN, B03 ordinary, B04… FTA), for the duty; none when
    /// not declared (MFN applies) or for the other taxes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// The schedule's name, Vietnamese (or how the rate was chosen for the other taxes).
    pub schedule_vi: String,
    /// The same in English.
    pub schedule_en: String,
    /// The C/O form claimed for a preferential schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_form: Option<String>,
    /// The base, VND (zero for a per-unit rate).
    pub base_vnd: Decimal,
    /// The rate applied.
    pub rate: Rate,
    /// Amount due, VND.
    pub amount_vnd: Decimal,
    /// The customs exchange rates that converted the line's value, with their dates.
    pub exchange_rates: Vec<RateUsed>,
    /// The whole explanation, Vietnamese.
    pub text_vi: String,
    /// The same in English.
    pub text_en: String,
}

fn text(value: Option<&String>) -> Option<String> {
    value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The schedule part of a duty's explanation: (code, vi, en).
fn schedule_of(
    codes: &CodeLists,
    schedule: Option<&String>,
    co_form: Option<&str>,
) -> (Option<String>, String, String) {
    let Some(code) = text(schedule) else {
        return (
            None,
            "không khai biểu thuế: áp dụng thuế suất ưu đãi (MFN)".to_owned(),
            "no schedule declared: the MFN rate applies".to_owned(),
        );
    };
    let table = codes.table(TableId::TariffSchedules);
    let (mut vi, mut en) = table.get(&code).map_or_else(
        || (format!("biểu thuế {code}"), format!("schedule {code}")),
        |e| {
            (
                format!("biểu thuế {code} ({})", e.name_vi),
                format!("schedule {code} ({})", e.name_en),
            )
        },
    );
    if let Some(form) = co_form {
        let forms = codes.table(TableId::CoForms);
        let (fvi, fen) = forms.get(form).map_or_else(
            || (format!("C/O mẫu {form}"), format!("C/O form {form}")),
            |e| (e.name_vi.clone(), e.name_en.clone()),
        );
        let _ = write!(vi, ", {fvi}");
        let _ = write!(en, ", {fen}");
    }
    (Some(code), vi, en)
}

/// The exchange-rate part: "1 USD = 26.100 VND (áp dụng từ 02/11/2026)", (vi, en).
fn rates_text(rates: &[RateUsed]) -> (String, String) {
    if rates.is_empty() {
        return (
            "trị giá khai bằng VND, không quy đổi".to_owned(),
            "value declared in VND, no conversion".to_owned(),
        );
    }
    let one = |r: &RateUsed, vi: bool| {
        format!(
            "1 {} = {} VND ({} {})",
            r.currency,
            format_vnd(r.vnd_per_unit, vi),
            if vi {
                "tỷ giá áp dụng từ"
            } else {
                "customs rate from"
            },
            format_date(r.effective_from)
        )
    };
    (
        rates
            .iter()
            .map(|r| one(r, true))
            .collect::<Vec<_>>()
            .join(", "),
        rates
            .iter()
            .map(|r| one(r, false))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// Explains every tax of every line of `assessment` (of `declaration`, with the tables it was
/// assessed with), in line and computation order.
pub fn explain_taxes(
    declaration: &Declaration,
    assessment: &Assessment,
    codes: &CodeLists,
) -> Vec<TaxExplanation> {
    let tariff = codes.tariff().table();
    let mut out = Vec::new();
    for line in &assessment.lines {
        let goods = declaration.goods.get(line.index);
        let hs = line.hs_code.trim().replace('.', "");
        let (hs_vi, hs_en) = tariff
            .get(&hs)
            .map(|e| (e.name_vi.clone(), e.name_en.clone()))
            .unwrap_or_default();
        let mut exchange_rates: Vec<RateUsed> = Vec::new();
        for part in &line.value_parts {
            if let Some(r) = assessment
                .rates_used
                .iter()
                .find(|r| r.currency == part.currency)
                && !exchange_rates.contains(r)
            {
                exchange_rates.push(r.clone());
            }
        }
        let (rates_vi, rates_en) = rates_text(&exchange_rates);
        let co_form = goods.and_then(|g| text(g.co_form.as_ref()));
        for tax in &line.taxes {
            let (schedule, schedule_vi, schedule_en) = match tax.kind {
                TaxKind::ImportDuty | TaxKind::ExportDuty => schedule_of(
                    codes,
                    goods.and_then(|g| g.tariff_schedule.as_ref()),
                    co_form.as_deref(),
                ),
                _ => match &tax.source {
                    RateSource::TaxCode { code } => (
                        None,
                        format!("theo mã thuế {code}"),
                        format!("by tax code {code}"),
                    ),
                    _ => (
                        None,
                        "theo biểu thuế của dòng hàng".to_owned(),
                        "from the line's tariff row".to_owned(),
                    ),
                },
            };
            let row_vi = if hs_vi.is_empty() {
                format!("mã HS {hs} (không có trong biểu thuế)")
            } else {
                format!("dòng biểu thuế {hs} — {hs_vi}")
            };
            let row_en = if hs_en.is_empty() {
                format!("HS {hs} (not in the tariff)")
            } else {
                format!("tariff row {hs} — {hs_en}")
            };
            let text_vi = format!(
                "Dòng hàng {}: {}; {row_vi}; {schedule_vi}; {rates_vi}; tính thuế ngày {}",
                line.index + 1,
                tax.explanation_vi,
                format_date(assessment.date)
            );
            let text_en = format!(
                "Goods line {}: {}; {row_en}; {schedule_en}; {rates_en}; assessed on {}",
                line.index + 1,
                tax.explanation_en,
                format_date(assessment.date)
            );
            out.push(TaxExplanation {
                line: line.index + 1,
                kind: tax.kind,
                hs_code: hs.clone(),
                hs_description_vi: hs_vi.clone(),
                hs_description_en: hs_en.clone(),
                schedule,
                schedule_vi,
                schedule_en,
                co_form: co_form.clone(),
                base_vnd: tax.base_vnd,
                rate: tax.rate.clone(),
                amount_vnd: tax.amount_vnd,
                exchange_rates: exchange_rates.clone(),
                text_vi,
                text_en,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::file;

    #[test]
    fn each_tax_names_its_tariff_row_schedule_and_exchange_rate() {
        let d: Declaration = file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let codes = CodeLists::bundled().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let a = crate::assess::assess(&d, &codes, day);
        let taxes = explain_taxes(&d, &a, &codes);
        assert_eq!(taxes.len(), 6, "{taxes:#?}");
        let duty = &taxes[0];
        assert_eq!((duty.line, duty.kind), (1, TaxKind::ImportDuty));
        assert_eq!(duty.hs_code, "84713020");
        assert!(
            duty.hs_description_en
                .starts_with("Automatic data processing machines")
        );
        assert_eq!(duty.schedule.as_deref(), Some("B01"));
        assert_eq!(
            duty.schedule_en,
            "schedule B01 (Preferential (MFN) import tariff)"
        );
        assert_eq!(duty.base_vnd, Decimal::from(1_204_607_250));
        assert_eq!(duty.amount_vnd, Decimal::ZERO);
        let rate = &duty.exchange_rates[0];
        assert_eq!(
            (
                rate.currency.as_str(),
                rate.vnd_per_unit,
                rate.effective_from
            ),
            ("USD", Decimal::from(26_180), day)
        );
        assert!(
            duty.text_en.contains("1,204,607,250 × 0% = 0")
                && duty
                    .text_en
                    .contains("1 USD = 26,180 VND (customs rate from 23/11/2026)"),
            "{}",
            duty.text_en
        );
        let vat = &taxes[1];
        assert_eq!(vat.kind, TaxKind::Vat);
        assert_eq!(vat.schedule_en, "by tax code GTGT10");
        assert_eq!(vat.amount_vnd, Decimal::from(120_460_725));
        assert!(
            vat.text_vi.starts_with(
                "Dòng hàng 1: Thuế giá trị gia tăng: 1.204.607.250 × 10% = 120.460.725"
            ),
            "{}",
            vat.text_vi
        );
    }
}
