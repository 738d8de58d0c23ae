//! Tax assessment: the taxable value of every goods line and the duties and taxes on it, each
//! with its explanation. The client's tax preview and the simulated core call this same code,
//! so they always agree (ARCHITECTURE invariant 4).
//!
//! Owns: valuation ([`valuation`]), tax rates and amounts ([`tax`]), lane rules ([`lanes`]).
//! Must not: do IO or read the clock (the assessment date and the tables are arguments).
//!
//! # Rounding (VNACCS-REFERENCE §5.3: the official rule is unverified; this is KhaiBao's)
//! Every amount is computed per goods line in VND. A line's taxable value is the exact sum of
//! its components (invoice value, allocated freight, insurance and adjustments, each converted
//! at the customs rate) rounded **half away from zero to whole đồng**. Each tax on the line is
//! `base × rate` (or `quantity × amount per unit`) rounded the same way, and the next tax's base
//! uses the rounded amounts before it. Totals are the sums of the rounded line amounts.
//!
//! # Order of taxes on an import line (VNACCS-REFERENCE §5.2)
//! import duty → additional duties (safeguard, anti-dumping, countervailing) → special
//! consumption tax on (value + duty + additional) → environmental protection tax (per unit) →
//! VAT on (value + duty + additional + SCT + EPT). An export line carries export duty only.

pub mod amendment;
pub mod explain;
pub mod lanes;
pub mod tax;
pub mod valuation;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::codes::CodeLists;
use crate::domain::{Declaration, Direction};
use crate::rules::{Finding, Severity};

/// The kinds of tax a line can carry, in the order they are computed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TaxKind {
    /// Thuế nhập khẩu.
    ImportDuty,
    /// Thuế xuất khẩu.
    ExportDuty,
    /// Thuế tự vệ / chống bán phá giá / chống trợ cấp.
    Additional,
    /// Thuế tiêu thụ đặc biệt.
    SpecialConsumption,
    /// Thuế bảo vệ môi trường.
    Environmental,
    /// Thuế giá trị gia tăng.
    Vat,
}

impl TaxKind {
    /// Vietnamese name (Tên sắc thuế).
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::ImportDuty => "Thuế nhập khẩu",
            Self::ExportDuty => "Thuế xuất khẩu",
            Self::Additional => "Thuế tự vệ, chống bán phá giá, chống trợ cấp",
            Self::SpecialConsumption => "Thuế tiêu thụ đặc biệt",
            Self::Environmental => "Thuế bảo vệ môi trường",
            Self::Vat => "Thuế giá trị gia tăng",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::ImportDuty => "Import duty",
            Self::ExportDuty => "Export duty",
            Self::Additional => "Safeguard, anti-dumping, countervailing duty",
            Self::SpecialConsumption => "Special consumption tax",
            Self::Environmental => "Environmental protection tax",
            Self::Vat => "Value added tax",
        }
    }
}

/// Where a rate came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateSource {
    /// A tariff row: `column` is `mfn`, `ordinary` (150 % of MFN), `vat`, `export` or an FTA key.
    Tariff {
        /// The 8-digit HS line.
        hs_code: String,
        /// The rate column used.
        column: String,
    },
    /// A row of the tax-code table (TX).
    TaxCode {
        /// The code.
        code: String,
    },
    /// Entered by the declarant (TXA, or a manual other-tax rate): wins over the tables.
    Manual,
    /// An exemption code made the tax zero.
    Exempt {
        /// The exemption code.
        code: String,
    },
    /// Outside the tax's scope (VAT "KCT", schedule B30).
    NotSubject,
}

/// A rate: percent of a base, or an amount per unit of quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rate {
    /// Percent of the base.
    Percent {
        /// The percentage.
        percent: Decimal,
    },
    /// Per unit of quantity (absolute duty, EPT).
    PerUnit {
        /// Amount per unit, in `currency`.
        amount: Decimal,
        /// Currency of the amount.
        currency: String,
        /// The unit.
        unit: String,
        /// Quantity charged.
        quantity: Decimal,
    },
}

/// One tax on one line, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxItem {
    /// Which tax.
    pub kind: TaxKind,
    /// The TX code applied, if any.
    pub code: Option<String>,
    /// The base in VND (for a per-unit rate: the taxable value, for information).
    pub base_vnd: Decimal,
    /// The rate applied.
    pub rate: Rate,
    /// Where the rate came from.
    pub source: RateSource,
    /// Amount before exemption or reduction, whole VND.
    pub gross_vnd: Decimal,
    /// Exemption or reduction taken off, whole VND.
    pub relief_vnd: Decimal,
    /// Amount due, whole VND.
    pub amount_vnd: Decimal,
    /// "base × rate = amount (source)" in Vietnamese.
    pub explanation_vi: String,
    /// The same in English.
    pub explanation_en: String,
}

/// One part of a line's taxable value, converted to VND.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValuePart {
    /// What it is, Vietnamese.
    pub label_vi: String,
    /// What it is, English.
    pub label_en: String,
    /// Amount in its currency (negative for a deduction).
    pub amount: Decimal,
    /// Its currency.
    pub currency: String,
    /// The customs rate used (VND per unit).
    pub rate: Decimal,
    /// `amount × rate`, unrounded.
    pub vnd: Decimal,
}

/// The assessment of one goods line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAssessment {
    /// 0-based line index.
    pub index: usize,
    /// The HS code as declared.
    pub hs_code: String,
    /// Taxable value in whole VND, if it could be computed.
    pub taxable_value_vnd: Option<Decimal>,
    /// Whether the declarant entered the taxable value (DPR) instead of the computed one.
    pub manual_value: bool,
    /// How the taxable value was built.
    pub value_parts: Vec<ValuePart>,
    /// Taxes in computation order.
    pub taxes: Vec<TaxItem>,
}

/// A currency rate used in the assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateUsed {
    /// Currency.
    pub currency: String,
    /// VND per unit.
    pub vnd_per_unit: Decimal,
    /// The first day this rate applies.
    pub effective_from: NaiveDate,
}

/// The total of one tax over all lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxTotal {
    /// Which tax.
    pub kind: TaxKind,
    /// Sum of the lines' rounded amounts, VND.
    pub amount_vnd: Decimal,
}

/// The assessment of a declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The date whose exchange rates were used.
    pub date: NaiveDate,
    /// Per line.
    pub lines: Vec<LineAssessment>,
    /// Per tax.
    pub totals: Vec<TaxTotal>,
    /// All taxes, VND.
    pub total_payable_vnd: Decimal,
    /// Sum of the lines' taxable values, VND.
    pub total_taxable_value_vnd: Decimal,
    /// Exchange rates used.
    pub rates_used: Vec<RateUsed>,
    /// Why something could not be computed (06xx findings).
    pub problems: Vec<Finding>,
}

impl Assessment {
    /// Whether a problem prevents a complete assessment.
    pub fn is_complete(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The total of one tax (zero when absent).
    pub fn total(&self, kind: TaxKind) -> Decimal {
        self.totals
            .iter()
            .find(|t| t.kind == kind)
            .map_or(Decimal::ZERO, |t| t.amount_vnd)
    }
}

/// Rounds to whole đồng, half away from zero.
pub fn round_vnd(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats whole đồng with thousands separators: `1.234.567` (vi) or `1,234,567` (en).
pub fn format_vnd(amount: Decimal, vietnamese: bool) -> String {
    crate::domain::entry::format_number(
        round_vnd(amount),
        crate::domain::entry::DecimalMark::for_vietnamese(vietnamese),
    )
}

/// Assesses a declaration with the tables and the customs rates in force on `date`.
pub fn assess(declaration: &Declaration, codes: &CodeLists, date: NaiveDate) -> Assessment {
    let mut problems = Vec::new();
    let mut rates_used: Vec<RateUsed> = Vec::new();
    let mut rate_of =
        |currency: &str, path: &str, problems: &mut Vec<Finding>| -> Option<Decimal> {
            if currency.is_empty() {
                problems.push(Finding::new(
                    &crate::rules::catalogue::NO_EXCHANGE_RATE,
                    Severity::Error,
                    path,
                    "chưa khai mã đồng tiền nên chưa quy đổi được sang VND".to_owned(),
                    "no currency is declared, so it cannot be converted to VND".to_owned(),
                ));
                return None;
            }
            if let Some(r) = codes.rates().on(currency, date) {
                if currency != "VND" && !rates_used.iter().any(|u| u.currency == currency) {
                    rates_used.push(RateUsed {
                        currency: currency.to_owned(),
                        vnd_per_unit: r.vnd_per_unit,
                        effective_from: r.effective_from,
                    });
                }
                Some(r.vnd_per_unit)
            } else {
                {
                    problems.push(Finding::new(
                        &crate::rules::catalogue::NO_EXCHANGE_RATE,
                        Severity::Error,
                        path,
                        format!(
                            "không có tỷ giá tính thuế của {currency} ngày {}",
                            crate::domain::entry::format_date(date)
                        ),
                        format!(
                            "no customs exchange rate for {currency} on {}",
                            crate::domain::entry::format_date(date)
                        ),
                    ));
                    None
                }
            }
        };
    let values = valuation::taxable_values(declaration, codes, &mut rate_of, &mut problems);
    let mut lines = Vec::with_capacity(declaration.goods.len());
    for (index, (line, value)) in declaration.goods.iter().zip(values).enumerate() {
        let taxes = match (declaration.direction, value.taxable_value_vnd) {
            (_, None) => Vec::new(),
            (Direction::Import, Some(base)) => {
                tax::import_taxes(index, line, base, codes, date, &mut rate_of, &mut problems)
            }
            (Direction::Export, Some(base)) => {
                tax::export_taxes(index, line, base, codes, &mut rate_of, &mut problems)
            }
        };
        lines.push(LineAssessment {
            index,
            hs_code: line.hs_code.clone().unwrap_or_default(),
            taxable_value_vnd: value.taxable_value_vnd,
            manual_value: value.manual,
            value_parts: value.parts,
            taxes,
        });
    }
    let mut totals: Vec<TaxTotal> = Vec::new();
    for item in lines.iter().flat_map(|l| &l.taxes) {
        match totals.iter_mut().find(|t| t.kind == item.kind) {
            Some(total) => total.amount_vnd += item.amount_vnd,
            None => totals.push(TaxTotal {
                kind: item.kind,
                amount_vnd: item.amount_vnd,
            }),
        }
    }
    totals.sort_by_key(|t| t.kind);
    let total_payable_vnd = totals.iter().map(|t| t.amount_vnd).sum();
    let total_taxable_value_vnd = lines.iter().filter_map(|l| l.taxable_value_vnd).sum();
    Assessment {
        date,
        lines,
        totals,
        total_payable_vnd,
        total_taxable_value_vnd,
        rates_used,
        problems,
    }
}

#[cfg(test)]
mod tests;
