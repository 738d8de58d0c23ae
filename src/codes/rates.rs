//! Customs exchange rates (tỷ giá tính thuế): VND per unit of a currency, each with the date
//! from which it applies. The customs rate is announced weekly (TT 38/2015 art. 35.2); a
//! declaration uses the rate in force on its date. VNACCS keeps them with the currencies
//! (table A527A); KhaiBao ships them as `codelists/exchange_rates.csv`
//! (`currency,effective_from,rate`).

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::CodeListError;

/// A rate and the date it took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateOn {
    /// VND per one unit of the currency.
    pub vnd_per_unit: Decimal,
    /// The first day this rate applies.
    pub effective_from: NaiveDate,
}

/// All rates, by currency, in date order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeRates {
    by_currency: BTreeMap<String, Vec<RateOn>>,
}

impl ExchangeRates {
    /// Parses `currency,effective_from,rate` CSV.
    pub fn parse(csv_text: &str) -> Result<Self, CodeListError> {
        let error = |line: u64, problem: String| CodeListError::Table {
            table: "exchange_rates".to_owned(),
            line,
            problem,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(csv_text.as_bytes());
        let header = reader.headers().map_err(|e| error(1, e.to_string()))?;
        if header.iter().collect::<Vec<_>>() != ["currency", "effective_from", "rate"] {
            return Err(error(
                1,
                "header must be currency,effective_from,rate".to_owned(),
            ));
        }
        let mut by_currency: BTreeMap<String, Vec<RateOn>> = BTreeMap::new();
        for record in reader.records() {
            let record = record
                .map_err(|e| error(e.position().map_or(0, csv::Position::line), e.to_string()))?;
            let line = record.position().map_or(0, csv::Position::line);
            let currency = record.get(0).unwrap_or_default().to_owned();
            let date = NaiveDate::from_str(record.get(1).unwrap_or_default())
                .map_err(|e| error(line, format!("effective_from: {e}")))?;
            let rate = Decimal::from_str(record.get(2).unwrap_or_default())
                .map_err(|e| error(line, format!("rate: {e}")))?;
            if rate <= Decimal::ZERO {
                return Err(error(line, "rate must be positive".to_owned()));
            }
            by_currency.entry(currency).or_default().push(RateOn {
                vnd_per_unit: rate,
                effective_from: date,
            });
        }
        for rates in by_currency.values_mut() {
            rates.sort_by_key(|r| r.effective_from);
        }
        Ok(Self { by_currency })
    }

    /// The rate in force for `currency` on `date` (VND is always 1).
    pub fn on(&self, currency: &str, date: NaiveDate) -> Option<RateOn> {
        if currency == "VND" {
            return Some(RateOn {
                vnd_per_unit: Decimal::ONE,
                effective_from: NaiveDate::MIN,
            });
        }
        self.by_currency
            .get(currency)?
            .iter()
            .rev()
            .find(|r| r.effective_from <= date)
            .copied()
    }

    /// Currencies with at least one rate.
    pub fn currencies(&self) -> impl Iterator<Item = &str> {
        self.by_currency.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "currency,effective_from,rate\nUSD,2026-11-09,26120\nUSD,2026-11-02,26100\nEUR,2026-11-02,30250.5\n";

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_rate_in_force_is_the_latest_not_after_the_date() {
        let rates = ExchangeRates::parse(CSV).unwrap();
        assert_eq!(
            rates.on("USD", day("2026-11-08")).unwrap().vnd_per_unit,
            Decimal::from(26_100)
        );
        assert_eq!(
            rates.on("USD", day("2026-11-09")).unwrap().vnd_per_unit,
            Decimal::from(26_120)
        );
        assert!(rates.on("USD", day("2026-11-01")).is_none());
        assert_eq!(
            rates.on("VND", day("2000-01-01")).unwrap().vnd_per_unit,
            Decimal::ONE
        );
        assert!(rates.on("JPY", day("2026-11-09")).is_none());
    }

    #[test]
    fn malformed_rates_are_refused() {
        assert!(ExchangeRates::parse("currency,effective_from,rate\nUSD,2026-13-01,1\n").is_err());
        assert!(
            ExchangeRates::parse("currency,effective_from,rate\nUSD,2026-11-01,abc\n").is_err()
        );
        assert!(ExchangeRates::parse("currency,effective_from,rate\nUSD,2026-11-01,0\n").is_err());
        assert!(ExchangeRates::parse("a,b,c\n").is_err());
    }
}
