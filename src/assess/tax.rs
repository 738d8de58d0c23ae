//! Duties and taxes of one goods line (VNACCS-REFERENCE §5.2), each explained.
//!
//! Import duty rate, first that applies: a manual rate (TXA) → the schedule's rate from the
//! tariff: B03 ordinary = 150 % of MFN; an FTA schedule (B04…) its preferential rate when the
//! origin and C/O form qualify, but never above MFN ("if MFN is lower, MFN applies"); B30 not
//! subject; anything else MFN. An absolute duty (TXB) replaces the ad-valorem duty, or adds to
//! it under the mixed schedule B16. Exemption codes (RE/TR) zero a tax, reduction amounts
//! (REG/TG) lower it, never below zero.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Rate, RateSource, TaxItem, TaxKind, format_vnd, round_vnd};
use crate::codes::rate_cell::Preference;
use crate::codes::tariff::{Tariff, TariffLine};
use crate::codes::{CodeLists, TableId, TaxRateOn, TaxRatePeriod, VatRate};
use crate::domain::GoodsLine;
use crate::domain::entry::format_date;
use crate::rules::catalogue::{
    PREFERENCE_NOT_APPLIED, QUANTITY_FOR_UNIT, RATE_UNKNOWN, TAX_RATE_NOT_IN_FORCE,
    VAT_REDUCTION_EXCLUDED,
};

/// The tax code of the temporary 8 % VAT (Decrees 15/2022 … 174/2025/NĐ-CP).
const REDUCED_VAT: &str = "GTGT08";
/// SCT codes of petrol, the one SCT good the VAT reduction still covers (Decree 174/2025/NĐ-CP
/// art. 1.1.c).
const SCT_PETROL: [&str; 2] = ["TTDB-X92", "TTDB-XE5"];
use crate::rules::{Finding, Severity};

fn text(value: Option<&String>) -> Option<&str> {
    value.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// Builds a tax item: rounds, applies relief, writes the explanation.
struct Builder<'a> {
    codes: &'a CodeLists,
    line: &'a GoodsLine,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)] // One place assembles every field of an item.
    fn item(
        &self,
        kind: TaxKind,
        code: Option<String>,
        base: Decimal,
        rate: Rate,
        source: RateSource,
        exemption: Option<&str>,
        reduction: Option<Decimal>,
    ) -> TaxItem {
        self.item_on(kind, code, base, rate, (source, None), exemption, reduction)
    }

    /// [`Self::item`] for a rate read from the dated tax-rate table: the explanation names
    /// the period's instrument and dates.
    #[allow(clippy::too_many_arguments)]
    fn item_on(
        &self,
        kind: TaxKind,
        code: Option<String>,
        base: Decimal,
        rate: Rate,
        (source, basis): (RateSource, Option<&TaxRatePeriod>),
        exemption: Option<&str>,
        reduction: Option<Decimal>,
    ) -> TaxItem {
        let gross = match &rate {
            Rate::Percent { percent } => round_vnd(base * percent / Decimal::ONE_HUNDRED),
            Rate::PerUnit { .. } => base,
        };
        let exempt = exemption.filter(|e| self.exempts(e, kind));
        let relief = match (exempt, reduction) {
            (Some(_), _) => gross,
            (None, Some(r)) => round_vnd(r).min(gross).max(Decimal::ZERO),
            (None, None) => Decimal::ZERO,
        };
        let amount = gross - relief;
        let (mut explanation_vi, mut explanation_en) =
            explain(kind, base, &rate, &source, gross, relief, amount, exempt);
        if let Some(period) = basis {
            let (vi, en) = period_text(period);
            let _ = write!(explanation_vi, " — {vi}");
            let _ = write!(explanation_en, " — {en}");
        }
        let base_vnd = match rate {
            Rate::Percent { .. } => base,
            Rate::PerUnit { .. } => Decimal::ZERO,
        };
        TaxItem {
            kind,
            code,
            base_vnd,
            rate,
            source: exempt.map_or(source, |c| RateSource::Exempt { code: c.to_owned() }),
            gross_vnd: gross,
            relief_vnd: relief,
            amount_vnd: amount,
            explanation_vi,
            explanation_en,
        }
    }

    /// Whether an exemption code exempts this tax (its `tax` column names the tax).
    fn exempts(&self, code: &str, kind: TaxKind) -> bool {
        let table = self.codes.table(TableId::ExemptionCodes);
        let tax = table.field_of(code, "tax").unwrap_or_default();
        let effect = table.field_of(code, "effect").unwrap_or_default();
        let matches = match kind {
            TaxKind::ImportDuty | TaxKind::ExportDuty => tax == "duty",
            TaxKind::Vat => tax == "vat",
            TaxKind::SpecialConsumption => tax == "sct",
            TaxKind::Environmental => tax == "ept",
            TaxKind::Additional => tax == "additional",
        };
        matches && effect == "exempt"
    }

    /// Quantity of the line in `unit` (quantity 1, else quantity 2).
    fn quantity_in(&self, unit: &str) -> Option<Decimal> {
        [&self.line.quantity, &self.line.quantity2]
            .into_iter()
            .find(|q| text(q.unit.as_ref()) == Some(unit))
            .and_then(|q| q.amount)
    }
}

#[allow(clippy::too_many_arguments)]
fn explain(
    kind: TaxKind,
    base: Decimal,
    rate: &Rate,
    source: &RateSource,
    gross: Decimal,
    relief: Decimal,
    amount: Decimal,
    exempt: Option<&str>,
) -> (String, String) {
    let (source_vi, source_en) = match source {
        RateSource::Tariff { hs_code, column } => {
            let col_vi = match column.as_str() {
                "mfn" => "thuế suất ưu đãi (MFN)".to_owned(),
                "ordinary" => "thuế suất thông thường = 150% MFN".to_owned(),
                "vat" => "thuế suất GTGT của biểu thuế".to_owned(),
                "export" => "thuế suất xuất khẩu".to_owned(),
                fta => format!("thuế suất ưu đãi đặc biệt {}", fta.to_uppercase()),
            };
            let col_en = match column.as_str() {
                "mfn" => "MFN rate".to_owned(),
                "ordinary" => "ordinary rate = 150% of MFN".to_owned(),
                "vat" => "tariff VAT rate".to_owned(),
                "export" => "export duty rate".to_owned(),
                fta => format!("{} special preferential rate", fta.to_uppercase()),
            };
            (
                format!("{col_vi}, biểu thuế dòng {hs_code}"),
                format!("{col_en}, tariff line {hs_code}"),
            )
        }
        RateSource::TaxCode { code } => (format!("mã thuế {code}"), format!("tax code {code}")),
        RateSource::Manual => (
            "thuế suất khai thủ công".to_owned(),
            "manually entered rate".to_owned(),
        ),
        RateSource::Exempt { code } => (
            format!("miễn theo mã {code}"),
            format!("exempt under {code}"),
        ),
        RateSource::NotSubject => ("không chịu thuế".to_owned(), "not subject".to_owned()),
    };
    let (formula_vi, formula_en) = match rate {
        Rate::Percent { percent } => (
            format!("{} × {}%", format_vnd(base, true), percent.normalize()),
            format!("{} × {}%", format_vnd(base, false), percent.normalize()),
        ),
        Rate::PerUnit {
            amount,
            currency,
            unit,
            quantity,
        } => (
            format!(
                "{} {unit} × {} {currency}/{unit}",
                quantity.normalize(),
                amount.normalize()
            ),
            format!(
                "{} {unit} × {} {currency}/{unit}",
                quantity.normalize(),
                amount.normalize()
            ),
        ),
    };
    let mut vi = format!(
        "{}: {formula_vi} = {} ({source_vi})",
        kind.name_vi(),
        format_vnd(gross, true)
    );
    let mut en = format!(
        "{}: {formula_en} = {} ({source_en})",
        kind.name_en(),
        format_vnd(gross, false)
    );
    if !relief.is_zero() {
        let (why_vi, why_en) = match exempt {
            Some(code) => (
                format!("miễn theo mã {code}"),
                format!("exempt under {code}"),
            ),
            None => ("giảm".to_owned(), "reduction".to_owned()),
        };
        let _ = write!(
            vi,
            "; {why_vi} {} → {}",
            format_vnd(relief, true),
            format_vnd(amount, true)
        );
        let _ = write!(
            en,
            "; {why_en} {} → {}",
            format_vnd(relief, false),
            format_vnd(amount, false)
        );
    }
    (vi, en)
}

fn problem(
    problems: &mut Vec<Finding>,
    severity: Severity,
    rule: &crate::rules::Rule,
    path: String,
    index: usize,
    vi: &str,
    en: &str,
) {
    problems.push(Finding::new(
        rule,
        severity,
        path,
        format!("Dòng hàng {} – {vi}", index + 1),
        format!("Goods line {} – {en}", index + 1),
    ));
}

/// The ad-valorem import duty rate of a line and its source, or `None` when unknown.
fn import_duty_rate(
    index: usize,
    line: &GoodsLine,
    codes: &CodeLists,
    problems: &mut Vec<Finding>,
) -> Option<(Decimal, RateSource)> {
    if let Some(rate) = line.manual_duty_rate {
        return Some((rate, RateSource::Manual));
    }
    let hs = text(line.hs_code.as_ref()).unwrap_or_default();
    let schedule = text(line.tariff_schedule.as_ref()).unwrap_or("B01");
    let schedules = codes.table(TableId::TariffSchedules);
    let agreement = schedules.field_of(schedule, "agreement").unwrap_or("mfn");
    if agreement == "none" {
        return Some((Decimal::ZERO, RateSource::NotSubject));
    }
    let tariff_line = codes.tariff().line(hs);
    let Some(mfn) = tariff_line.and_then(|t| t.mfn) else {
        let (vi, en) = match tariff_line.and_then(|t| t.mfn_guidance.as_deref()) {
            Some(guidance) => (
                format!(
                    "biểu thuế không ghi thuế suất MFN cho mã {hs} mà ghi \"{guidance}\": khai thuế suất thủ công (TXA) theo hướng dẫn đó, hoặc khai mã Chương 98 với biểu thuế B02"
                ),
                format!(
                    "the tariff gives no MFN rate for {hs} but \"{guidance}\": enter the rate manually (TXA) as that guidance says, or declare the chapter 98 line under schedule B02"
                ),
            ),
            None if tariff_line.is_none() && codes.info(TableId::Tariff).0.complete => (
                format!("mã {hs} không có trong biểu thuế: sửa mã số hàng hóa"),
                format!("{hs} is no line of the tariff: correct the HS code"),
            ),
            None => (
                format!(
                    "biểu thuế kèm theo không có thuế suất cho mã {hs}: hãy khai thuế suất thủ công (TXA)"
                ),
                format!(
                    "the bundled tariff has no rate for {hs}: enter the duty rate manually (TXA)"
                ),
            ),
        };
        problem(
            problems,
            Severity::Error,
            &RATE_UNKNOWN,
            format!("goods[{index}].manual_duty_rate"),
            index,
            &vi,
            &en,
        );
        return None;
    };
    let tariff = |column: &str| RateSource::Tariff {
        hs_code: hs.to_owned(),
        column: column.to_owned(),
    };
    if agreement == "ordinary" {
        let ordinary = tariff_line
            .and_then(TariffLine::ordinary)
            .unwrap_or(mfn * Decimal::new(15, 1));
        return Some((ordinary, tariff("ordinary")));
    }
    if agreement == "outquota"
        && let Some(rate) = tariff_line.and_then(|t| t.out_of_quota)
    {
        return Some((rate, tariff("out_of_quota")));
    }
    if let Some(origins) = schedules.field_of(schedule, "origins") {
        let origin = text(line.origin_country.as_ref()).unwrap_or_default();
        let forms = schedules.field_of(schedule, "co_forms").unwrap_or_default();
        let form = text(line.co_form.as_ref()).unwrap_or_default();
        let eligible =
            origins.split(';').any(|o| o == origin) && forms.split(';').any(|f| f == form);
        let column = Tariff::column_for(agreement, origin);
        let outcome = tariff_line
            .and_then(|t| t.preferential.get(&column))
            .map(|cell| cell.for_origin(origin));
        let outcome = match (eligible, outcome) {
            (true, Some(Preference::Rate(rate))) if rate <= mfn => {
                return Some((rate, tariff(&column)));
            }
            (true, Some(Preference::Rate(_))) => return Some((mfn, tariff("mfn"))),
            (false, _) => Refused::NotQualified,
            (true, None) => Refused::NoRate,
            (true, Some(said)) => Refused::Said(said),
        };
        let (vi, en) = why_mfn(outcome, agreement, schedule, hs, origin, form);
        problem(
            problems,
            Severity::Warning,
            &PREFERENCE_NOT_APPLIED,
            format!("goods[{index}].tariff_schedule"),
            index,
            &vi,
            &en,
        );
    }
    Some((mfn, tariff("mfn")))
}

/// Why a claimed preference gives way to MFN.
enum Refused {
    /// The origin or the C/O form does not qualify for the schedule.
    NotQualified,
    /// The tariff has no cell for the agreement.
    NoRate,
    /// What the tariff's cell says for the origin.
    Said(Preference),
}

/// The words of a [`Refused`] preference.
fn why_mfn(
    outcome: Refused,
    agreement: &str,
    schedule: &str,
    hs: &str,
    origin: &str,
    form: &str,
) -> (String, String) {
    let name = agreement.to_uppercase();
    match outcome {
        Refused::NotQualified => (
            format!("xuất xứ {origin} / C/O mẫu {form} không đủ điều kiện {schedule}; áp dụng MFN"),
            format!(
                "origin {origin} / C/O form {form} does not qualify for {schedule}; MFN applied"
            ),
        ),
        Refused::NoRate => (
            format!("biểu thuế không có thuế suất {name} cho mã {hs}; áp dụng MFN"),
            format!("the tariff has no {name} rate for {hs}; MFN applied"),
        ),
        Refused::Said(Preference::Rate(_) | Preference::NoPreference) => (
            format!("mã {hs} không được hưởng ưu đãi {name} (biểu thuế ghi *); áp dụng MFN"),
            format!("line {hs} has no {name} preference (the tariff says *); MFN applied"),
        ),
        Refused::Said(Preference::OriginExcluded) => (
            format!(
                "thuế suất {name} của mã {hs} không áp dụng cho hàng có xuất xứ {origin} (ngoại lệ trong biểu thuế); áp dụng MFN"
            ),
            format!(
                "the {name} rate of {hs} excludes goods originating in {origin} (an exception in the tariff); MFN applied"
            ),
        ),
        Refused::Said(Preference::SeveralRates(rates)) => {
            let listed = rates
                .iter()
                .map(|r| r.map_or_else(|| "*".to_owned(), |r| format!("{}%", r.normalize())))
                .collect::<Vec<_>>()
                .join(" / ");
            (
                format!(
                    "mã {hs} có nhiều thuế suất {name} theo dòng con ({listed}): hãy khai thuế suất thủ công (TXA); tạm áp dụng MFN"
                ),
                format!(
                    "line {hs} has several {name} rates for its sub-lines ({listed}): enter the rate manually (TXA); MFN applied meanwhile"
                ),
            )
        }
        Refused::Said(Preference::Quota) => (
            format!("mã {hs} thuộc hạn ngạch {name}, biểu thuế không ghi thuế suất; áp dụng MFN"),
            format!("line {hs} is under a {name} quota with no rate in the tariff; MFN applied"),
        ),
        Refused::Said(Preference::Guidance(text)) => (
            format!("{name} cho mã {hs}: {text}; áp dụng MFN"),
            format!("{name} for {hs}: {text}; MFN applied"),
        ),
    }
}

/// A period in words: "Nghị định 174/2025/NĐ-CP, 01/07/2025–31/12/2026", and whether it
/// was checked.
fn period_text(period: &TaxRatePeriod) -> (String, String) {
    let span = |open: &str, unknown: &str| match (period.valid_from, period.valid_to) {
        (None, None) => unknown.to_owned(),
        (Some(from), None) => format!("{open} {}", format_date(from)),
        (None, Some(to)) => format!("… – {}", format_date(to)),
        (Some(from), Some(to)) => format!("{} – {}", format_date(from), format_date(to)),
    };
    let mut vi = format!(
        "{}, {}",
        period.instrument_vi,
        span("từ", "thời hạn hiệu lực chưa xác định")
    );
    let mut en = format!(
        "{}, {}",
        period.instrument_en,
        span("from", "validity not known")
    );
    if !period.confirmed {
        vi.push_str(" (chưa đối chiếu văn bản)");
        en.push_str(" (not checked against the text)");
    }
    (vi, en)
}

/// Why a tax code has no rate on `date`: the period that ended, the one to come.
fn not_in_force(
    code: &str,
    date: NaiveDate,
    ended: Option<&TaxRatePeriod>,
    next: Option<&TaxRatePeriod>,
) -> (String, String) {
    let day = format_date(date);
    let mut vi = format!("mã thuế {code} không có hiệu lực ngày {day}");
    let mut en = format!("tax code {code} is not in force on {day}");
    if let Some(e) = ended {
        let to = e.valid_to.map(format_date).unwrap_or_default();
        let _ = write!(
            vi,
            ": {} hết hiệu lực sau ngày {to} ({})",
            e.rate.normalize(),
            e.instrument_vi
        );
        let _ = write!(
            en,
            ": its rate {} ended on {to} ({})",
            e.rate.normalize(),
            e.instrument_en
        );
    }
    if let Some(n) = next {
        let from = n.valid_from.map(format_date).unwrap_or_default();
        let _ = write!(vi, "; áp dụng từ {from} ({})", n.instrument_vi);
        let _ = write!(en, "; it applies from {from} ({})", n.instrument_en);
    }
    vi.push_str("; khai mã thuế đang có hiệu lực hoặc thuế suất thủ công");
    en.push_str("; declare a code in force or enter the rate manually");
    (vi, en)
}

/// The tax codes of an import line that cannot be used on `date` (a Vietnam day): a code with
/// no rate in force that day (KB-E0606; a manual rate is not refused), and the reduced VAT
/// beside an SCT code other than petrol's (KB-E0607). The assessment and validation both
/// report these, from here.
pub(crate) fn refused_tax_codes(
    index: usize,
    line: &GoodsLine,
    codes: &CodeLists,
    date: NaiveDate,
) -> Vec<Finding> {
    let mut problems = Vec::new();
    let taxes = codes.table(TableId::TaxCodes);
    let mut sct_codes: Vec<&str> = Vec::new();
    for (t, other) in line.other_taxes.iter().enumerate() {
        let Some(code) = text(other.code.as_ref()) else {
            continue;
        };
        let Some(entry) = taxes.get(code) else {
            continue;
        };
        let path = format!("goods[{index}].other_taxes[{t}].code");
        let on = codes.tax_rates().on(code, date);
        if other.manual_rate.is_none()
            && let TaxRateOn::NotInForce { ended, next } = on
        {
            let (vi, en) = not_in_force(code, date, ended, next);
            problem(
                &mut problems,
                Severity::Error,
                &TAX_RATE_NOT_IN_FORCE,
                path.clone(),
                index,
                &vi,
                &en,
            );
        }
        match taxes.field(entry, "tax") {
            Some("sct") => sct_codes.push(code),
            Some("vat") if code == REDUCED_VAT => {
                let Some(sct_code) = sct_codes.iter().find(|c| !SCT_PETROL.contains(c)) else {
                    continue;
                };
                let basis = match on {
                    TaxRateOn::InForce(period) => Some(period),
                    _ => None,
                };
                problem(
                    &mut problems,
                    Severity::Error,
                    &VAT_REDUCTION_EXCLUDED,
                    path,
                    index,
                    &format!(
                        "hàng chịu thuế TTĐB ({sct_code}) không được giảm thuế GTGT xuống 8% ({}, trừ xăng): khai GTGT10",
                        basis.map_or("Nghị định 174/2025/NĐ-CP", |p| p
                            .instrument_vi
                            .as_str())
                    ),
                    &format!(
                        "goods subject to SCT ({sct_code}) do not get the 8% VAT ({}, petrol excepted): declare GTGT10",
                        basis.map_or("Decree 174/2025/NĐ-CP", |p| p.instrument_en.as_str())
                    ),
                );
            }
            _ => {}
        }
    }
    problems
}

/// Taxes of an import line on its taxable value `value` (whole VND), at the rates in force on
/// `date` (the Vietnam day of registration, or of the preview).
#[allow(clippy::too_many_lines)] // One pass in the legal order of taxes; split when MIC/MEC arrive.
pub fn import_taxes(
    index: usize,
    line: &GoodsLine,
    value: Decimal,
    codes: &CodeLists,
    date: NaiveDate,
    rate_of: &mut impl FnMut(&str, &str, &mut Vec<Finding>) -> Option<Decimal>,
    problems: &mut Vec<Finding>,
) -> Vec<TaxItem> {
    let b = Builder { codes, line };
    let mut items = Vec::new();
    let exemption = text(line.exemption_code.as_ref());
    let schedule = text(line.tariff_schedule.as_ref()).unwrap_or("B01");
    let absolute = line.absolute_duty.as_ref().and_then(|a| {
        let amount = a.amount_per_unit?;
        let unit = text(a.unit.as_ref())
            .or_else(|| text(line.quantity.unit.as_ref()))?
            .to_owned();
        let currency = text(a.currency.as_ref()).unwrap_or("VND").to_owned();
        Some((amount, unit, currency))
    });
    if (absolute.is_none() || schedule == "B16")
        && let Some((rate, source)) = import_duty_rate(index, line, codes, problems)
    {
        items.push(b.item(
            TaxKind::ImportDuty,
            None,
            value,
            Rate::Percent { percent: rate },
            source,
            exemption,
            line.reduction_amount,
        ));
    }
    if let Some((amount, unit, currency)) = absolute {
        let path = format!("goods[{index}].absolute_duty.currency");
        match (b.quantity_in(&unit), rate_of(&currency, &path, problems)) {
            (Some(quantity), Some(fx)) => {
                let gross = round_vnd(quantity * amount * fx);
                items.push(b.item(
                    TaxKind::ImportDuty,
                    None,
                    gross,
                    Rate::PerUnit {
                        amount,
                        currency,
                        unit,
                        quantity,
                    },
                    RateSource::Manual,
                    exemption,
                    line.reduction_amount,
                ));
            }
            (None, _) => problem(
                problems,
                Severity::Error,
                &QUANTITY_FOR_UNIT,
                format!("goods[{index}].absolute_duty.unit"),
                index,
                &format!("không có số lượng theo đơn vị {unit} để tính thuế tuyệt đối"),
                &format!("no quantity in {unit} to compute the absolute duty"),
            ),
            (Some(_), None) => {}
        }
    }
    let duty: Decimal = items.iter().map(|i| i.amount_vnd).sum();
    let taxes = codes.table(TableId::TaxCodes);
    let mut additional = Decimal::ZERO;
    let mut sct = Decimal::ZERO;
    let mut ept = Decimal::ZERO;
    let mut has_vat = false;
    problems.extend(refused_tax_codes(index, line, codes, date));
    for (t, other) in line.other_taxes.iter().enumerate() {
        let Some(code) = text(other.code.as_ref()) else {
            continue;
        };
        let Some(entry) = taxes.get(code) else {
            continue;
        };
        let tax_kind = taxes.field(entry, "tax").unwrap_or_default();
        let path = format!("goods[{index}].other_taxes[{t}]");
        let mut basis = None;
        let (rate, source) = match (other.manual_rate, codes.tax_rates().on(code, date)) {
            (Some(r), _) => (r, RateSource::Manual),
            (None, TaxRateOn::InForce(period)) => {
                basis = Some(period);
                (
                    period.rate,
                    RateSource::TaxCode {
                        code: code.to_owned(),
                    },
                )
            }
            // Reported by `refused_tax_codes` above.
            (None, TaxRateOn::NotInForce { .. }) => continue,
            (None, TaxRateOn::NoRate) => {
                problem(
                    problems,
                    Severity::Error,
                    &RATE_UNKNOWN,
                    format!("{path}.manual_rate"),
                    index,
                    &format!("mã {code} cần thuế suất khai thủ công"),
                    &format!("code {code} needs a manually entered rate"),
                );
                continue;
            }
        };
        let exemption = text(other.exemption_code.as_ref());
        let percent = |percent| Rate::Percent { percent };
        let kind = match tax_kind {
            "additional" => TaxKind::Additional,
            "sct" => TaxKind::SpecialConsumption,
            "ept" => TaxKind::Environmental,
            "vat" => TaxKind::Vat,
            _ => continue,
        };
        let item = match kind {
            TaxKind::Additional => b.item_on(
                kind,
                Some(code.to_owned()),
                value,
                percent(rate),
                (source, basis),
                exemption,
                other.reduction_amount,
            ),
            TaxKind::SpecialConsumption => b.item_on(
                kind,
                Some(code.to_owned()),
                value + duty + additional,
                percent(rate),
                (source, basis),
                exemption,
                other.reduction_amount,
            ),
            TaxKind::Vat => {
                has_vat = true;
                b.item_on(
                    kind,
                    Some(code.to_owned()),
                    value + duty + additional + sct + ept,
                    percent(rate),
                    (source, basis),
                    exemption,
                    other.reduction_amount,
                )
            }
            _ => {
                let unit = taxes.field(entry, "unit").unwrap_or_default().to_owned();
                let currency = taxes
                    .field(entry, "currency")
                    .filter(|c| !c.is_empty())
                    .unwrap_or("VND")
                    .to_owned();
                let Some(quantity) = b.quantity_in(&unit) else {
                    problem(
                        problems,
                        Severity::Error,
                        &QUANTITY_FOR_UNIT,
                        format!("goods[{index}].other_taxes[{t}].code"),
                        index,
                        &format!(
                            "thuế BVMT {code} tính theo {unit}: khai Số lượng (1) hoặc (2) theo đơn vị {unit}"
                        ),
                        &format!(
                            "EPT {code} is charged per {unit}: declare quantity (1) or (2) in {unit}"
                        ),
                    );
                    continue;
                };
                let path = format!("{path}.code");
                let Some(fx) = rate_of(&currency, &path, problems) else {
                    continue;
                };
                let gross = round_vnd(quantity * rate * fx);
                b.item_on(
                    kind,
                    Some(code.to_owned()),
                    gross,
                    Rate::PerUnit {
                        amount: rate,
                        currency,
                        unit,
                        quantity,
                    },
                    (source, basis),
                    exemption,
                    other.reduction_amount,
                )
            }
        };
        match kind {
            TaxKind::Additional => additional += item.amount_vnd,
            TaxKind::SpecialConsumption => sct += item.amount_vnd,
            TaxKind::Environmental => ept += item.amount_vnd,
            _ => {}
        }
        items.push(item);
    }
    if !has_vat {
        let hs = text(line.hs_code.as_ref()).unwrap_or_default();
        let base = value + duty + additional + sct + ept;
        match codes.tariff().line(hs).map(|t| t.vat) {
            Some(VatRate::Percent(rate)) => items.push(b.item(
                TaxKind::Vat,
                None,
                base,
                Rate::Percent { percent: rate },
                RateSource::Tariff {
                    hs_code: hs.to_owned(),
                    column: "vat".to_owned(),
                },
                None,
                None,
            )),
            Some(VatRate::NotSubject) => items.push(b.item(
                TaxKind::Vat,
                None,
                base,
                Rate::Percent {
                    percent: Decimal::ZERO,
                },
                RateSource::NotSubject,
                None,
                None,
            )),
            _ => problem(
                problems,
                Severity::Error,
                &RATE_UNKNOWN,
                format!("goods[{index}].other_taxes"),
                index,
                &format!("không xác định được thuế suất GTGT cho mã {hs}: khai mã thuế GTGT"),
                &format!("the VAT rate of {hs} is unknown: declare a VAT code"),
            ),
        }
    }
    items
}

/// Export duty of an export line on its FOB value `value` (whole VND).
pub fn export_taxes(
    index: usize,
    line: &GoodsLine,
    value: Decimal,
    codes: &CodeLists,
    _rate_of: &mut impl FnMut(&str, &str, &mut Vec<Finding>) -> Option<Decimal>,
    problems: &mut Vec<Finding>,
) -> Vec<TaxItem> {
    let b = Builder { codes, line };
    let hs = text(line.hs_code.as_ref()).unwrap_or_default();
    let exemption = text(line.exemption_code.as_ref());
    let (rate, source) = if let Some(rate) = line.manual_duty_rate {
        (rate, RateSource::Manual)
    } else if let Some(t) = codes.tariff().line(hs) {
        match t.export {
            Some(rate) => (
                rate,
                RateSource::Tariff {
                    hs_code: hs.to_owned(),
                    column: "export".to_owned(),
                },
            ),
            None => (Decimal::ZERO, RateSource::NotSubject),
        }
    } else {
        problem(
            problems,
            Severity::Warning,
            &RATE_UNKNOWN,
            format!("goods[{index}].manual_duty_rate"),
            index,
            &format!(
                "biểu thuế kèm theo không có mã {hs}: coi như không có thuế xuất khẩu; khai thuế suất nếu có"
            ),
            &format!(
                "{hs} is not in the bundled tariff: no export duty assumed; enter the rate if there is one"
            ),
        );
        (Decimal::ZERO, RateSource::NotSubject)
    };
    vec![b.item(
        TaxKind::ExportDuty,
        None,
        value,
        Rate::Percent { percent: rate },
        source,
        exemption,
        line.reduction_amount,
    )]
}
