//! One rate cell of the import tariff, as the consolidated tariff writes it, typed: what rate a
//! goods line of a given origin gets from it. Pure; the import reads the Excel file's cells with
//! it and the bundled `tariff.csv` keeps every cell in its canonical text ([`RateCell`]'s
//! `Display`), read back by the same parser.
//!
//! Notations (all seen in `Tariff.xlsx` of January 2026, rates in percent):
//! - `5`, `7.5`, `23,3` — a rate (either decimal mark);
//! - `*` — no preferential rate for the line (MFN applies);
//! - `0 (-KH, LA, MM, SG)`, `0(-KR)` — the rate, except for goods originating in the listed
//!   partners (ACFTA and AKFTA reciprocity exceptions), which get MFN;
//! - `0(-MM)(GIC)` — the same, plus the AKFTA `(GIC)` marker (kept, not interpreted);
//! - `0/5`, `*/0` — several rates for one national line (its sub-lines; the file does not say
//!   which is which, so a declaration must state the rate itself);
//! - `2,7; M: 5,4` — CPTPP: a different rate for goods from Mexico;
//! - `40 (NHN: 80)` — in-quota rate and out-of-quota rate (ngoài hạn ngạch);
//! - `Q` — VN-EAEU: the line is under a quota (no preferential rate given here);
//! - a text (`150% thuế MFN`, `Theo hướng dẫn tại khoản 1.1 Chương 98`) — guidance instead of a
//!   rate (vehicle lines of 8702–8704).

use std::fmt;

use rust_decimal::Decimal;

/// One rate of a cell (a cell holds several only for sub-lines, `0/5`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateItem {
    /// The rate in percent; none for `*` (no preference).
    pub rate: Option<Decimal>,
    /// Partners (ISO 3166 alpha-2 as the tariff writes them) whose goods do not get this rate.
    pub excluded: Vec<String>,
    /// The AKFTA `(GIC)` marker.
    pub gic: bool,
}

/// A rate cell, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateCell {
    /// Rates, with CPTPP's separate rates for goods from Mexico when given.
    Rates {
        /// The rate (or the sub-lines' rates).
        items: Vec<RateItem>,
        /// CPTPP: the rates for goods originating in Mexico.
        mexico: Option<Vec<RateItem>>,
    },
    /// In-quota and out-of-quota rates.
    OutOfQuota {
        /// The rate within the tariff quota.
        in_quota: Decimal,
        /// The rate outside it (schedule B14).
        out_of_quota: Decimal,
    },
    /// VN-EAEU `Q`: under a quota; no rate given.
    Quota,
    /// Guidance text instead of a rate.
    Guidance(String),
}

/// What a cell gives goods of one origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preference {
    /// This rate, percent.
    Rate(Decimal),
    /// `*`: no preferential rate for the line.
    NoPreference,
    /// The origin is one of the partners the rate excludes.
    OriginExcluded,
    /// The sub-lines have different rates (or some have none): the declaration must state which.
    SeveralRates(Vec<Option<Decimal>>),
    /// Under a quota (VN-EAEU `Q`): no rate given.
    Quota,
    /// Guidance text instead of a rate.
    Guidance(String),
}

/// A cell that is none of the notations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rate cell {text:?}: {problem}")]
pub struct RateCellError {
    /// The cell as read.
    pub text: String,
    /// What is wrong, in English (the import's message gives both languages).
    pub problem: &'static str,
}

impl RateCell {
    /// Reads a cell (surrounding spaces and non-breaking spaces ignored). `None` for an empty
    /// cell.
    ///
    /// # Errors
    /// [`RateCellError`] for a text that is none of the notations.
    pub fn parse(text: &str) -> Result<Option<Self>, RateCellError> {
        // Most cells are a whole number: read at once (the tariff has some 250,000 cells).
        if !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()) {
            let rate = text.parse::<u32>().map(Decimal::from).ok();
            return Ok(Some(Self::Rates {
                items: vec![RateItem {
                    rate,
                    excluded: Vec::new(),
                    gic: false,
                }],
                mexico: None,
            }));
        }
        let spaced;
        let cell = if text.contains('\u{a0}') {
            spaced = text.replace('\u{a0}', " ");
            spaced.trim()
        } else {
            text.trim()
        };
        if cell.is_empty() {
            return Ok(None);
        }
        let error = |problem| RateCellError {
            text: text.to_owned(),
            problem,
        };
        if cell == "Q" {
            return Ok(Some(Self::Quota));
        }
        // The two kinds of guidance the tariff writes instead of a rate (vehicle lines).
        if cell.starts_with("Theo hướng dẫn") || cell.starts_with("150% thuế") {
            return Ok(Some(Self::Guidance(cell.to_owned())));
        }
        if let Some((in_quota, rest)) = cell.split_once("(NHN:") {
            let out_of_quota = rest
                .trim()
                .strip_suffix(')')
                .ok_or_else(|| error("an out-of-quota rate without its closing bracket"))?;
            return Ok(Some(Self::OutOfQuota {
                in_quota: number(in_quota)
                    .ok_or_else(|| error("an in-quota rate that is not a number"))?,
                out_of_quota: number(out_of_quota)
                    .ok_or_else(|| error("an out-of-quota rate that is not a number"))?,
            }));
        }
        let (general, mexico) = match cell.split_once(';') {
            Some((general, rest)) => {
                let rest = rest.trim();
                let mexico = rest
                    .strip_prefix("M:")
                    .ok_or_else(|| error("a second schedule that is not Mexico's (M:)"))?;
                (general, Some(mexico))
            }
            None => (cell, None),
        };
        let items = schedule(general).ok_or_else(|| error("not a rate, * or rate list"))?;
        let mexico = match mexico {
            Some(m) => Some(schedule(m).ok_or_else(|| error("Mexico's rate is not a rate"))?),
            None => None,
        };
        Ok(Some(Self::Rates { items, mexico }))
    }

    /// The rate the cell gives goods originating in `origin` (ISO alpha-2).
    pub fn for_origin(&self, origin: &str) -> Preference {
        match self {
            Self::Quota => Preference::Quota,
            Self::Guidance(text) => Preference::Guidance(text.clone()),
            Self::OutOfQuota { in_quota, .. } => Preference::Rate(*in_quota),
            Self::Rates { items, mexico } => {
                let items = match mexico {
                    Some(mexico) if origin == "MX" => mexico,
                    _ => items,
                };
                let outcome = |item: &RateItem| {
                    if item.excluded.iter().any(|p| p == origin) {
                        Preference::OriginExcluded
                    } else {
                        item.rate.map_or(Preference::NoPreference, Preference::Rate)
                    }
                };
                let first = items.first().map_or(Preference::NoPreference, outcome);
                if items.iter().all(|item| outcome(item) == first) {
                    first
                } else {
                    Preference::SeveralRates(
                        items
                            .iter()
                            .map(|item| match outcome(item) {
                                Preference::Rate(rate) => Some(rate),
                                _ => None,
                            })
                            .collect(),
                    )
                }
            }
        }
    }

    /// The single rate of the cell for any origin (the MFN and ordinary columns), if it has one.
    pub fn plain_rate(&self) -> Option<Decimal> {
        match self.for_origin("") {
            Preference::Rate(rate) => Some(rate),
            _ => None,
        }
    }

    /// The out-of-quota rate, if the cell gives one.
    pub fn out_of_quota(&self) -> Option<Decimal> {
        match self {
            Self::OutOfQuota { out_of_quota, .. } => Some(*out_of_quota),
            _ => None,
        }
    }
}

/// `N` with `.` or `,` as decimal mark.
fn number(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let valid = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && text.starts_with(|c: char| c.is_ascii_digit())
        && text.ends_with(|c: char| c.is_ascii_digit())
        && text.chars().filter(|c| *c == '.' || *c == ',').count() <= 1;
    if !valid {
        return None;
    }
    text.replace(',', ".").parse().ok()
}

/// `item ( "/" item )*`.
fn schedule(text: &str) -> Option<Vec<RateItem>> {
    text.split('/').map(item).collect()
}

/// `rate ( " "? "(-" CC, … ")" )? ( "(GIC)" )?`.
fn item(text: &str) -> Option<RateItem> {
    let mut rest = text.trim();
    let gic = rest.ends_with("(GIC)");
    if gic {
        rest = rest.strip_suffix("(GIC)")?.trim_end();
    }
    let (rate, excluded) = match rest.split_once("(-") {
        Some((rate, list)) => {
            let list = list.strip_suffix(')')?;
            let excluded: Vec<String> = list
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            let partners = excluded
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase()));
            if excluded.is_empty() || !partners {
                return None;
            }
            (rate, excluded)
        }
        None => (rest, Vec::new()),
    };
    let rate = match rate.trim() {
        "*" => None,
        number_text => Some(number(number_text)?),
    };
    Some(RateItem {
        rate,
        excluded,
        gic,
    })
}

impl fmt::Display for RateItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rate {
            Some(rate) => write!(f, "{}", rate.normalize())?,
            None => f.write_str("*")?,
        }
        if !self.excluded.is_empty() {
            write!(f, " (-{})", self.excluded.join(", "))?;
        }
        if self.gic {
            f.write_str("(GIC)")?;
        }
        Ok(())
    }
}

fn write_items(f: &mut fmt::Formatter<'_>, items: &[RateItem]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str("/")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// The canonical text: `.` as decimal mark, `0 (-KH, LA)`, `2.7; M: 5.4`, `40 (NHN: 80)`.
impl fmt::Display for RateCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rates { items, mexico } => {
                write_items(f, items)?;
                if let Some(mexico) = mexico {
                    f.write_str("; M: ")?;
                    write_items(f, mexico)?;
                }
                Ok(())
            }
            Self::OutOfQuota {
                in_quota,
                out_of_quota,
            } => write!(
                f,
                "{} (NHN: {})",
                in_quota.normalize(),
                out_of_quota.normalize()
            ),
            Self::Quota => f.write_str("Q"),
            Self::Guidance(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> RateCell {
        RateCell::parse(text).unwrap().unwrap()
    }

    fn pct(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// Every notation of the January 2026 file (cell addresses of Tariff.xlsx), read and written
    /// back in the canonical form, which reads the same again.
    #[test]
    fn every_notation_of_the_file_is_read() {
        let seen = [
            ("5", "5"),                                     // E4
            ("7.5", "7.5"),                                 // E5
            ("23,3", "23.3"),                               // V1954
            ("*", "*"),                                     // G1519
            ("0 (-PH)", "0 (-PH)"),                         // G40
            ("0 (-KH, LA, MM, SG)", "0 (-KH, LA, MM, SG)"), // G2454
            ("0(-KR)", "0 (-KR)"),                          // K15
            ("0(-LA )", "0 (-LA)"),                         // K200
            ("0(-KH, MY, PH, )", "0 (-KH, MY, PH)"),        // K2153
            (
                "30 (-BN,KH,ID,MY,MM,PH,CN)",
                "30 (-BN, KH, ID, MY, MM, PH, CN)",
            ), // G15034
            ("0(-MM)(GIC)", "0 (-MM)(GIC)"),                // K5819
            ("0 (-MM, TH)/0/0", "0 (-MM, TH)/0/0"),         // G1557
            ("*/0", "*/0"),                                 // P1555
            ("1,8/9", "1.8/9"),                             // S1685
            ("2,7; M: 5,4", "2.7; M: 5.4"),                 // Q96
            ("0/1,8/3,6; M: 0/2,7/5,4", "0/1.8/3.6; M: 0/2.7/5.4"),
            ("40 (NHN: 80)", "40 (NHN: 80)"),       // F841
            ("37.5 (NHN: 120)", "37.5 (NHN: 120)"), // E2047
            ("Q", "Q"),                             // P841
            ("150% thuế MFN", "150% thuế MFN"),     // E14257
            (
                "Theo hướng dẫn tại khoản 1.1 Chương 98",
                "Theo hướng dẫn tại khoản 1.1 Chương 98",
            ), // F14257
        ];
        for (text, canonical) in seen {
            let read = cell(text);
            assert_eq!(read.to_string(), canonical, "{text}");
            assert_eq!(cell(canonical), read, "{canonical} reads back the same");
        }
        assert_eq!(RateCell::parse("  \u{a0}").unwrap(), None);
    }

    #[test]
    fn what_is_no_notation_is_refused_with_the_cell() {
        for bad in [
            "5%",
            "abc)",
            "0 (-kh)",
            "0 (-)",
            "1.2.3",
            "5-10",
            "0 (NHN: x)",
            "3; X: 4",
            "0 (-KH",
        ] {
            let err = RateCell::parse(bad).unwrap_err();
            assert_eq!(err.text, bad);
        }
    }

    #[test]
    fn the_rate_follows_the_origin() {
        // ACFTA 0 except for Cambodian, Lao, Myanmar and Singaporean goods.
        let acfta = cell("0 (-KH, LA, MM, SG)");
        assert_eq!(acfta.for_origin("CN"), Preference::Rate(pct("0")));
        assert_eq!(acfta.for_origin("LA"), Preference::OriginExcluded);
        // CPTPP: Mexico has its own rate.
        let cptpp = cell("15; M: 18");
        assert_eq!(cptpp.for_origin("JP"), Preference::Rate(pct("15")));
        assert_eq!(cptpp.for_origin("MX"), Preference::Rate(pct("18")));
        assert_eq!(cell("*").for_origin("TH"), Preference::NoPreference);
        // Sub-lines that agree give one rate; that differ, the choice is the declarant's.
        assert_eq!(cell("0/0").for_origin("JP"), Preference::Rate(pct("0")));
        assert_eq!(
            cell("0 (-MM, TH)/0/0").for_origin("TH"),
            Preference::SeveralRates(vec![None, Some(pct("0")), Some(pct("0"))])
        );
        assert_eq!(
            cell("*/21").for_origin("IL"),
            Preference::SeveralRates(vec![None, Some(pct("21"))])
        );
        assert_eq!(cell("40 (NHN: 80)").plain_rate(), Some(pct("40")));
        assert_eq!(cell("40 (NHN: 80)").out_of_quota(), Some(pct("80")));
        assert_eq!(cell("Q").for_origin("RU"), Preference::Quota);
        assert_eq!(cell("150% thuế MFN").plain_rate(), None);
    }
}
