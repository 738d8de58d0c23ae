//! The tariff view of the `tariff` table: per 8-digit HS line, the tariff unit, the MFN
//! (preferential, "ưu đãi") import rate, VAT, export duty and preferential FTA rates.
//!
//! Columns of `codelists/tariff.csv`: `code,name_vi,name_en,unit,mfn[,ordinary],vat,export,`
//! then one column per FTA (named like the `agreement` column of `tariff_schedules`). Rates are
//! percent, each cell in the notation [`RateCell`] reads (`0 (-KH, LA)`, `2.7; M: 5.4`,
//! `40 (NHN: 80)`, `*`…). An empty cell means "not given", never zero. VAT may be `KCT` (không
//! chịu thuế: not subject to VAT). The ordinary rate (B03) is the `ordinary` column when given
//! (the 2026 tariff: 150 % of MFN, 5 % where MFN is 0), else 150 % of MFN (VNACCS-REFERENCE §4.7).

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::CodeListError;
use super::rate_cell::RateCell;
use super::table::CodeTable;

/// VAT treatment of a tariff line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VatRate {
    /// A rate in percent (0, 5, 10).
    Percent(Decimal),
    /// Không chịu thuế: outside the scope of VAT.
    NotSubject,
    /// Not given in the bundled data.
    Unknown,
}

/// The rates of one HS line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffLine {
    /// The 8 digits.
    pub hs_code: String,
    /// Tariff unit of quantity (QT1 should normally use it).
    pub unit: String,
    /// MFN (thuế suất ưu đãi) import rate, percent (the in-quota rate where a quota applies);
    /// none where the tariff gives guidance instead of a rate (chapter 98 vehicles).
    pub mfn: Option<Decimal>,
    /// The tariff's guidance where it gives no MFN rate ("Theo hướng dẫn tại khoản 1.1 Chương 98").
    pub mfn_guidance: Option<String>,
    /// The out-of-quota MFN rate (schedule B14), percent.
    pub out_of_quota: Option<Decimal>,
    /// The ordinary rate as the tariff states it, percent.
    pub ordinary_rate: Option<Decimal>,
    /// VAT.
    pub vat: VatRate,
    /// Export duty, percent.
    pub export: Option<Decimal>,
    /// FTA key (lower case, e.g. `atiga`) → its special preferential rate cell.
    pub preferential: BTreeMap<String, RateCell>,
}

impl TariffLine {
    /// The ordinary rate (thuế suất thông thường, schedule B03): the tariff's, else 150 % of MFN.
    pub fn ordinary(&self) -> Option<Decimal> {
        self.ordinary_rate
            .or_else(|| self.mfn.map(|r| r * Decimal::new(15, 1)))
    }
}

/// The tariff: the table plus typed rates, in table order.
#[derive(Debug, Clone)]
pub struct Tariff {
    table: CodeTable,
    lines: Vec<TariffLine>,
}

const FIXED_COLUMNS: [&str; 5] = ["unit", "mfn", "ordinary", "vat", "export"];

impl Tariff {
    /// Reads the typed rates out of the `tariff` table.
    pub fn from_table(table: CodeTable) -> Result<Self, CodeListError> {
        let error = |row: usize, problem: String| CodeListError::Table {
            table: table.name().to_owned(),
            line: u64::try_from(row + 2).unwrap_or(0),
            problem,
        };
        let mut lines = Vec::with_capacity(table.len());
        for (row, entry) in table.entries().iter().enumerate() {
            if entry.code.len() != 8 || !entry.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(
                    row,
                    format!("HS code {} is not 8 digits", entry.code),
                ));
            }
            let rate = |column: &str| -> Result<Option<Decimal>, CodeListError> {
                match table.field(entry, column).unwrap_or("") {
                    "" => Ok(None),
                    text => Decimal::from_str(text)
                        .map(Some)
                        .map_err(|_| error(row, format!("{column} rate {text:?} is not a number"))),
                }
            };
            let cell = |column: &str| -> Result<Option<RateCell>, CodeListError> {
                RateCell::parse(table.field(entry, column).unwrap_or(""))
                    .map_err(|e| error(row, format!("{column}: {e}")))
            };
            let mfn = cell("mfn")?;
            let vat = match table.field(entry, "vat").unwrap_or("") {
                "" => VatRate::Unknown,
                "KCT" => VatRate::NotSubject,
                _ => VatRate::Percent(rate("vat")?.unwrap_or_default()),
            };
            let mut preferential = BTreeMap::new();
            for column in Self::agreement_columns_of(&table) {
                if let Some(r) = cell(column)? {
                    preferential.insert(column.to_owned(), r);
                }
            }
            lines.push(TariffLine {
                hs_code: entry.code.clone(),
                unit: table.field(entry, "unit").unwrap_or("").to_owned(),
                mfn: mfn.as_ref().and_then(RateCell::plain_rate),
                out_of_quota: mfn.as_ref().and_then(RateCell::out_of_quota),
                mfn_guidance: match &mfn {
                    Some(RateCell::Guidance(text)) => Some(text.clone()),
                    _ => None,
                },
                ordinary_rate: cell("ordinary")?.as_ref().and_then(RateCell::plain_rate),
                vat,
                export: rate("export")?,
                preferential,
            });
        }
        Ok(Self { table, lines })
    }

    fn agreement_columns_of(table: &CodeTable) -> Vec<&str> {
        table
            .extra_column_names()
            .iter()
            .map(String::as_str)
            .filter(|c| !FIXED_COLUMNS.contains(c))
            .collect()
    }

    /// The column of `agreement` (a `tariff_schedules` agreement key) that holds the rate for
    /// goods originating in `origin`. RCEP's Vietnamese schedule has one column per partner
    /// group, A ASEAN, B Australia, C China, D Japan, E Korea, F New Zealand (Decree
    /// 129/2022/NĐ-CP's order; the 2026 file does not label them — unverified, though B and F are
    /// identical in every line, as Australia's and New Zealand's commitments are); other
    /// agreements have one column named like the key.
    pub fn column_for(agreement: &str, origin: &str) -> String {
        if agreement != "rcep" {
            return agreement.to_owned();
        }
        let group = match origin {
            "AU" => "b",
            "CN" => "c",
            "JP" => "d",
            "KR" => "e",
            "NZ" => "f",
            _ => "a",
        };
        format!("rcep_{group}")
    }

    /// The FTA columns this tariff has rates for.
    pub fn agreements(&self) -> Vec<&str> {
        Self::agreement_columns_of(&self.table)
    }

    /// The rates of an HS line (dots and spaces ignored).
    pub fn line(&self, hs_code: &str) -> Option<&TariffLine> {
        self.table.position(hs_code).map(|i| &self.lines[i])
    }

    /// The underlying table (descriptions, search).
    pub fn table(&self) -> &CodeTable {
        &self.table
    }

    /// All lines in table order.
    pub fn lines(&self) -> &[TariffLine] {
        &self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "code,name_vi,name_en,unit,mfn,vat,export,atiga,acfta\n\
        22030010,Bia đen,Stout,LTR,35,10,,5,\n\
        10063040,Gạo trắng,White rice,KGM,40,KCT,,20,15\n\
        84713020,Máy tính xách tay,Laptop,PCE,0,10,,0,0\n";

    #[test]
    fn rates_are_typed_and_empty_means_unknown() {
        let t = Tariff::from_table(CodeTable::parse("tariff", CSV).unwrap()).unwrap();
        let beer = t.line("2203.00.10").unwrap();
        assert_eq!(beer.mfn, Some(Decimal::from(35)));
        assert_eq!(beer.ordinary(), Some(Decimal::new(525, 1)));
        assert_eq!(beer.vat, VatRate::Percent(Decimal::from(10)));
        assert_eq!(
            beer.preferential
                .get("atiga")
                .and_then(RateCell::plain_rate),
            Some(Decimal::from(5))
        );
        assert!(!beer.preferential.contains_key("acfta"));
        assert_eq!(beer.export, None);
        assert_eq!(t.line("10063040").unwrap().vat, VatRate::NotSubject);
        assert_eq!(t.agreements(), ["atiga", "acfta"]);
        assert!(t.line("99999999").is_none());
    }

    #[test]
    fn bad_rates_name_the_line() {
        let csv = "code,name_vi,name_en,unit,mfn,vat,export\n22030010,a,b,LTR,3x,10,\n";
        let err = Tariff::from_table(CodeTable::parse("tariff", csv).unwrap()).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let csv = "code,name_vi,name_en,unit,mfn,vat,export\n2203001,a,b,LTR,3,10,\n";
        assert!(Tariff::from_table(CodeTable::parse("tariff", csv).unwrap()).is_err());
    }
}
