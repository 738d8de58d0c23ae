//! Dated rates of the tax codes (TX): VAT, special consumption tax (SCT) and environmental
//! protection tax (EPT) change by law on fixed dates — the temporary 8 % VAT (Decree
//! 174/2025/NĐ-CP, 1 Jul 2025 – 31 Dec 2026), the SCT steps of Law 66/2025/QH15 (beer and
//! spirits 65 % in 2026 rising 5 points a year), the yearly EPT fuel reductions. A declaration
//! uses the rate in force on the day it is registered (or assessed, for a preview).
//!
//! Shipped as `codelists/tax_rates.csv`:
//! `code,valid_from,valid_to,rate,instrument_vi,instrument_en,confirmed` — one row per period
//! of a code of `tax_codes.csv`; dates are Vietnam calendar days, both ends included, empty =
//! open; `rate` is a percent or an amount per unit (the unit and currency are the tax code's);
//! `confirmed` is `yes` when the rate and dates were read in the instrument, `no` when recalled
//! and not checked (the explanation then says so). Periods of one code may not overlap.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::CodeListError;

/// Manifest name of the table.
pub const TAX_RATES: &str = "tax_rates";

/// One period of a tax code's rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxRatePeriod {
    /// First day in force (Vietnam date); `None` = in force before any date we know of.
    pub valid_from: Option<NaiveDate>,
    /// Last day in force (Vietnam date); `None` = no end known.
    pub valid_to: Option<NaiveDate>,
    /// Percent, or VND (the code's currency) per unit of the code's unit.
    pub rate: Decimal,
    /// The legal instrument setting this rate, in Vietnamese (e.g. "Nghị định 174/2025/NĐ-CP").
    pub instrument_vi: String,
    /// The same in English.
    pub instrument_en: String,
    /// Whether the rate and its dates were checked against the instrument's text.
    pub confirmed: bool,
}

impl TaxRatePeriod {
    /// Whether the period covers `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }

    /// Whether neither end of the period is known.
    pub fn undated(&self) -> bool {
        self.valid_from.is_none() && self.valid_to.is_none()
    }
}

/// What the table says of a code on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxRateOn<'a> {
    /// The period in force.
    InForce(&'a TaxRatePeriod),
    /// The code has periods, none covering the date: the nearest before (ended) and after
    /// (not yet in force).
    NotInForce {
        /// The last period that ended before the date.
        ended: Option<&'a TaxRatePeriod>,
        /// The first period that starts after the date.
        next: Option<&'a TaxRatePeriod>,
    },
    /// The table has no rate for the code (a code whose rate is entered by hand).
    NoRate,
}

/// Every dated rate, by tax code, in date order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxRates {
    by_code: BTreeMap<String, Vec<TaxRatePeriod>>,
}

const HEADER: [&str; 7] = [
    "code",
    "valid_from",
    "valid_to",
    "rate",
    "instrument_vi",
    "instrument_en",
    "confirmed",
];

impl TaxRates {
    /// Parses the CSV (header above). Errors name the line: a bad date or rate, a period that
    /// ends before it starts, `confirmed` other than yes/no, two periods of a code overlapping.
    pub fn parse(csv_text: &str) -> Result<Self, CodeListError> {
        let error = |line: u64, problem: String| CodeListError::Table {
            table: TAX_RATES.to_owned(),
            line,
            problem,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(csv_text.as_bytes());
        let header = reader.headers().map_err(|e| error(1, e.to_string()))?;
        if header.iter().collect::<Vec<_>>() != HEADER {
            return Err(error(1, format!("header must be {}", HEADER.join(","))));
        }
        let mut by_code: BTreeMap<String, Vec<TaxRatePeriod>> = BTreeMap::new();
        for record in reader.records() {
            let record = record
                .map_err(|e| error(e.position().map_or(0, csv::Position::line), e.to_string()))?;
            let line = record.position().map_or(0, csv::Position::line);
            let cell = |i: usize| record.get(i).unwrap_or_default();
            let date = |i: usize, what: &str| {
                let text = cell(i);
                if text.is_empty() {
                    return Ok(None);
                }
                NaiveDate::from_str(text)
                    .map(Some)
                    .map_err(|e| error(line, format!("{what}: {e}")))
            };
            let code = cell(0);
            if code.is_empty() {
                return Err(error(line, "empty code".to_owned()));
            }
            let period = TaxRatePeriod {
                valid_from: date(1, "valid_from")?,
                valid_to: date(2, "valid_to")?,
                rate: Decimal::from_str(cell(3)).map_err(|e| error(line, format!("rate: {e}")))?,
                instrument_vi: cell(4).to_owned(),
                instrument_en: cell(5).to_owned(),
                confirmed: match cell(6) {
                    "yes" => true,
                    "no" => false,
                    other => {
                        return Err(error(
                            line,
                            format!("confirmed must be yes or no, not {other:?}"),
                        ));
                    }
                },
            };
            if period.rate.is_sign_negative() {
                return Err(error(line, "rate must not be negative".to_owned()));
            }
            if let (Some(from), Some(to)) = (period.valid_from, period.valid_to)
                && to < from
            {
                return Err(error(
                    line,
                    format!("valid_to {to} is before valid_from {from}"),
                ));
            }
            let periods = by_code.entry(code.to_owned()).or_default();
            if let Some(other) = periods.iter().find(|p| overlap(p, &period)) {
                return Err(error(
                    line,
                    format!(
                        "{code}: this period overlaps the one from {}",
                        other
                            .valid_from
                            .map_or_else(|| "the start".to_owned(), |d| d.to_string())
                    ),
                ));
            }
            periods.push(period);
        }
        for periods in by_code.values_mut() {
            periods.sort_by_key(|p| p.valid_from);
        }
        Ok(Self { by_code })
    }

    /// The rate of `code` on `date` (a Vietnam calendar day).
    pub fn on(&self, code: &str, date: NaiveDate) -> TaxRateOn<'_> {
        let Some(periods) = self.by_code.get(code) else {
            return TaxRateOn::NoRate;
        };
        if let Some(period) = periods.iter().find(|p| p.covers(date)) {
            return TaxRateOn::InForce(period);
        }
        TaxRateOn::NotInForce {
            ended: periods
                .iter()
                .rev()
                .find(|p| p.valid_to.is_some_and(|to| to < date)),
            next: periods
                .iter()
                .find(|p| p.valid_from.is_some_and(|from| date < from)),
        }
    }

    /// Every period of `code`, in date order.
    pub fn periods(&self, code: &str) -> &[TaxRatePeriod] {
        self.by_code.get(code).map_or(&[], Vec::as_slice)
    }

    /// The codes that have rates.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.by_code.keys().map(String::as_str)
    }
}

fn overlap(a: &TaxRatePeriod, b: &TaxRatePeriod) -> bool {
    let starts_before_end = |x: &TaxRatePeriod, y: &TaxRatePeriod| match (x.valid_from, y.valid_to)
    {
        (Some(from), Some(to)) => from <= to,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "code,valid_from,valid_to,rate,instrument_vi,instrument_en,confirmed\n";

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rates(rows: &str) -> Result<TaxRates, CodeListError> {
        TaxRates::parse(&format!("{HEAD}{rows}"))
    }

    #[test]
    fn the_period_covering_the_date_is_in_force_both_ends_included() {
        let t = rates(
            "V8,2025-07-01,2026-12-31,8,NĐ 174/2025,Decree 174/2025,yes\n\
             B,,2025-12-31,65,Luật 70/2014,Law 70/2014,yes\n\
             B,2026-01-01,2026-12-31,65,Luật 66/2025,Law 66/2025,yes\n\
             B,2027-01-01,2027-12-31,70,Luật 66/2025,Law 66/2025,yes\n",
        )
        .unwrap();
        let rate = |code, d| match t.on(code, day(d)) {
            TaxRateOn::InForce(p) => Some(p.rate),
            _ => None,
        };
        assert_eq!(rate("V8", "2025-06-30"), None);
        assert_eq!(rate("V8", "2025-07-01"), Some(Decimal::from(8)));
        assert_eq!(rate("V8", "2026-12-31"), Some(Decimal::from(8)));
        assert_eq!(rate("V8", "2027-01-01"), None);
        assert_eq!(rate("B", "2019-05-05"), Some(Decimal::from(65)));
        assert_eq!(rate("B", "2026-12-31"), Some(Decimal::from(65)));
        assert_eq!(rate("B", "2027-01-01"), Some(Decimal::from(70)));
        assert_eq!(rate("B", "2028-01-01"), None);
        match t.on("V8", day("2027-01-01")) {
            TaxRateOn::NotInForce {
                ended: Some(e),
                next: None,
            } => assert_eq!(e.instrument_en, "Decree 174/2025"),
            other => panic!("{other:?}"),
        }
        match t.on("V8", day("2025-01-01")) {
            TaxRateOn::NotInForce {
                ended: None,
                next: Some(n),
            } => assert_eq!(n.valid_from, Some(day("2025-07-01"))),
            other => panic!("{other:?}"),
        }
        assert_eq!(t.on("CBPG", day("2026-01-01")), TaxRateOn::NoRate);
        assert_eq!(t.periods("B").len(), 3);
    }

    #[test]
    fn overlapping_periods_bad_dates_and_flags_are_refused_with_their_line() {
        let overlap =
            rates("B,2026-01-01,2026-12-31,65,a,a,yes\nB,2026-12-31,2027-12-31,70,a,a,yes\n")
                .unwrap_err();
        assert!(
            matches!(&overlap, CodeListError::Table { line: 3, problem, .. } if problem.contains("overlaps")),
            "{overlap:?}"
        );
        assert!(rates("B,,,65,a,a,yes\nB,2030-01-01,,70,a,a,yes\n").is_err());
        assert!(rates("B,2026-01-01,2025-12-31,65,a,a,yes\n").is_err());
        assert!(rates("B,2026-02-30,,65,a,a,yes\n").is_err());
        assert!(rates("B,,,6 5,a,a,yes\n").is_err());
        assert!(rates("B,,,-1,a,a,yes\n").is_err());
        assert!(rates("B,,,65,a,a,maybe\n").is_err());
        assert!(TaxRates::parse("code,from,to\n").is_err());
    }
}
