//! Lane selection (phân luồng): 1 green (no check), 2 yellow (documents), 3 red (documents and
//! goods), decided by declared risk rules, not by chance alone.
//!
//! The rules come from a TOML file (`lane_rules.toml` in the simulator's data folder; the
//! default is `assets/sim/lane_rules.toml`). Rules are tried in order and **the first whose
//! criteria all hold decides** (a criterion given as a list holds when any item matches). When
//! no rule matches, a seeded draw applies the random selection rates (TT 38/2015 art. 9–11
//! caps: documents ≤ 5 %, goods ≤ 1 % for conformable enterprises), else green. The draw is a
//! hash of the seed and the declaration number, so the same declaration and seed always give the
//! same lane. The result names the rule (or the draw) that decided it.
//!
//! The same file lists the simulator's enterprises (compliance class under TT 81/2019, overdue
//! tax debt, registry status) and reference prices for the "value far below" criterion.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{Declaration, Direction, Lane};

/// Enterprise compliance degree (TT 81/2019: 5 degrees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    /// Ưu tiên (AEO).
    Priority,
    /// Cao.
    High,
    /// Trung bình (the default for an unknown enterprise).
    #[default]
    Medium,
    /// Thấp.
    Low,
    /// Không tuân thủ.
    NonCompliant,
}

/// Tax-registry status of an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryStatus {
    /// Operating.
    #[default]
    Active,
    /// Suspended by the tax authority.
    Suspended,
    /// Closed (ceased operating).
    Closed,
}

/// An enterprise the simulator knows (a test identity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enterprise {
    /// Tax code.
    pub tax_code: String,
    /// Name, for messages.
    #[serde(default)]
    pub name: String,
    /// Compliance degree.
    #[serde(default)]
    pub compliance: Compliance,
    /// Tax overdue more than 90 days: registration refused (E8000).
    #[serde(default)]
    pub tax_debt_overdue: bool,
    /// Registry status: closed or suspended refuses registration (E8001…).
    #[serde(default)]
    pub status: RegistryStatus,
}

/// A reference price: declared unit prices far below it are a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferencePrice {
    /// HS prefix (2–8 digits).
    pub hs_prefix: String,
    /// Currency of the price.
    pub currency: String,
    /// Reference unit price.
    pub unit_price: Decimal,
}

/// Criteria of a rule; all given criteria must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// Import or export only.
    pub direction: Option<Direction>,
    /// Any goods line's HS code starts with one of these (chapter "93", heading "2203"…).
    #[serde(default)]
    pub hs_prefixes: Vec<String>,
    /// Any goods line originates in one of these countries.
    #[serde(default)]
    pub origins: Vec<String>,
    /// The type code is one of these.
    #[serde(default)]
    pub type_codes: Vec<String>,
    /// The transport mode is one of these.
    #[serde(default)]
    pub transport_modes: Vec<String>,
    /// The declarant's tax code is one of these (instructor-forced outcomes).
    #[serde(default)]
    pub declarants: Vec<String>,
    /// The declarant's compliance degree is one of these.
    #[serde(default)]
    pub compliance: Vec<Compliance>,
    /// The declarant has no earlier registered declaration.
    pub first_time: Option<bool>,
    /// Goods under specialised management: a line's HS code needs a permit, quarantine or
    /// inspection (the `specialised_management` table), or documents are declared.
    pub specialised_management: Option<bool>,
    /// A special preferential schedule (C/O) is claimed on some line.
    pub preference_claimed: Option<bool>,
    /// Some line's unit price is below this percentage of its reference price.
    pub below_reference_percent: Option<Decimal>,
}

/// One lane rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaneRule {
    /// Short stable name, shown in the result.
    pub name: String,
    /// 1, 2 or 3.
    pub lane: Lane,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
    /// When it applies.
    #[serde(flatten)]
    pub criteria: Criteria,
}

/// Random selection rates, percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomSelection {
    /// Percent of unmatched declarations sent red.
    pub red_percent: Decimal,
    /// Percent sent yellow.
    pub yellow_percent: Decimal,
}

/// The whole rules file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaneRules {
    /// Seed of the random selection.
    pub seed: u64,
    /// Random selection rates.
    pub random: RandomSelection,
    /// Rules, tried in order.
    #[serde(rename = "rule", default)]
    pub rules: Vec<LaneRule>,
    /// Known enterprises.
    #[serde(rename = "enterprise", default)]
    pub enterprises: Vec<Enterprise>,
    /// Reference prices.
    #[serde(rename = "reference_price", default)]
    pub reference_prices: Vec<ReferencePrice>,
}

/// The rules shipped with the program.
pub const DEFAULT_RULES: &str = include_str!("../../assets/sim/lane_rules.toml");

impl LaneRules {
    /// Parses a rules file; errors name the TOML problem (a lane outside 1–3 included, with
    /// its line).
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The enterprise with this tax code, if listed.
    pub fn enterprise(&self, tax_code: &str) -> Option<&Enterprise> {
        self.enterprises.iter().find(|e| e.tax_code == tax_code)
    }
}

/// Facts about the declaration that the rules need and the core knows.
#[derive(Debug, Clone, Copy)]
pub struct LaneInputs<'a> {
    /// The declaration.
    pub declaration: &'a Declaration,
    /// The declarant's compliance degree.
    pub compliance: Compliance,
    /// No earlier registered declaration by this declarant.
    pub first_time: bool,
    /// The 11-digit base of the declaration number (seeds the draw).
    pub number_base: &'a str,
    /// Some line needs a document of specialised management, or documents are declared
    /// (`codes::specialised::under_management`).
    pub specialised_management: bool,
}

/// The lane and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneDecision {
    /// 1 green, 2 yellow, 3 red.
    pub lane: Lane,
    /// The deciding rule's name, or `random-selection` / `no-risk-found`.
    pub rule: String,
    /// Explanation, Vietnamese.
    pub reason_vi: String,
    /// Explanation, English.
    pub reason_en: String,
    /// The draw (0–9999) when the random selection decided.
    pub draw: Option<u32>,
}

fn any_line(d: &Declaration, test: impl Fn(&crate::domain::GoodsLine) -> bool) -> bool {
    d.goods.iter().any(test)
}

fn holds(c: &Criteria, inputs: &LaneInputs, rules: &LaneRules) -> bool {
    let d = inputs.declaration;
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let in_list = |list: &[String], value: &str| list.is_empty() || list.iter().any(|x| x == value);
    c.direction.is_none_or(|dir| dir == d.direction)
        && (c.hs_prefixes.is_empty()
            || any_line(d, |g| {
                let hs = text(&g.hs_code).replace('.', "");
                c.hs_prefixes.iter().any(|p| hs.starts_with(p.as_str()))
            }))
        && (c.origins.is_empty() || any_line(d, |g| c.origins.contains(&text(&g.origin_country))))
        && in_list(&c.type_codes, &text(&d.type_code))
        && in_list(&c.transport_modes, &text(&d.transport_mode))
        && in_list(&c.declarants, &text(&d.declarant.tax_code))
        && (c.compliance.is_empty() || c.compliance.contains(&inputs.compliance))
        && c.first_time.is_none_or(|f| f == inputs.first_time)
        && c.specialised_management
            .is_none_or(|s| s == inputs.specialised_management)
        && c.preference_claimed.is_none_or(|p| {
            let claimed = any_line(d, |g| {
                g.co_form.as_deref().is_some_and(|f| !f.trim().is_empty())
            });
            p == claimed
        })
        && c.below_reference_percent.is_none_or(|percent| {
            let currency = text(&d.invoice.currency);
            any_line(d, |g| {
                let hs = text(&g.hs_code).replace('.', "");
                let Some(price) = g.unit_price else {
                    return false;
                };
                rules.reference_prices.iter().any(|r| {
                    hs.starts_with(r.hs_prefix.as_str())
                        && r.currency == currency
                        && price * Decimal::ONE_HUNDRED < r.unit_price * percent
                })
            })
        })
}

/// A stable 0–9999 draw from the seed and the declaration number (FNV-1a, then a mix).
pub fn draw(seed: u64, number_base: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in number_base.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    u32::try_from(hash % 10_000).unwrap_or(0)
}

/// Selects the lane: the first matching rule, else the seeded random selection.
pub fn select_lane(rules: &LaneRules, inputs: &LaneInputs) -> LaneDecision {
    if let Some(rule) = rules
        .rules
        .iter()
        .find(|r| holds(&r.criteria, inputs, rules))
    {
        return LaneDecision {
            lane: rule.lane,
            rule: rule.name.clone(),
            reason_vi: rule.reason_vi.clone(),
            reason_en: rule.reason_en.clone(),
            draw: None,
        };
    }
    let value = draw(rules.seed, inputs.number_base);
    let hundredths = |p: Decimal| (p * Decimal::ONE_HUNDRED).trunc();
    let red = hundredths(rules.random.red_percent);
    let yellow = red + hundredths(rules.random.yellow_percent);
    let drawn = Decimal::from(value);
    let lane = if drawn < red {
        Lane::Red
    } else if drawn < yellow {
        Lane::Yellow
    } else {
        Lane::Green
    };
    let (vi, en) = (lane.name(true), lane.colour_name(false).to_lowercase());
    let chosen = lane != Lane::Green;
    LaneDecision {
        lane,
        rule: if chosen {
            "random-selection"
        } else {
            "no-risk-found"
        }
        .to_owned(),
        reason_vi: if chosen {
            format!(
                "Chọn ngẫu nhiên để kiểm tra (rút {value}/10000 < ngưỡng {vi}); không có tiêu chí rủi ro nào khớp"
            )
        } else {
            format!(
                "Không khớp tiêu chí rủi ro nào; không thuộc mẫu chọn ngẫu nhiên (rút {value}/10000)"
            )
        },
        reason_en: if chosen {
            format!(
                "Randomly selected for checking (draw {value}/10000 below the {en} threshold); no risk rule matched"
            )
        } else {
            format!("No risk rule matched and not randomly selected (draw {value}/10000)")
        },
        draw: Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::file;

    fn import() -> Declaration {
        file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap()
    }

    fn inputs(d: &Declaration, compliance: Compliance, first_time: bool) -> LaneInputs<'_> {
        LaneInputs {
            declaration: d,
            compliance,
            first_time,
            number_base: "10000000011",
            specialised_management: false,
        }
    }

    #[test]
    fn the_default_rules_parse() {
        let rules = LaneRules::parse(DEFAULT_RULES).unwrap();
        assert!(rules.rules.len() >= 6);
        assert!(rules.enterprise("0301234567").is_some());
    }

    #[test]
    fn the_first_matching_rule_wins_and_is_named() {
        let rules = LaneRules::parse(DEFAULT_RULES).unwrap();
        let d = import();
        let non_compliant = select_lane(&rules, &inputs(&d, Compliance::NonCompliant, false));
        assert_eq!(
            (non_compliant.lane, non_compliant.rule.as_str()),
            (Lane::Red, "non-compliant-enterprise")
        );
        let first = select_lane(&rules, &inputs(&d, Compliance::Medium, true));
        assert_eq!(
            (first.lane, first.rule.as_str()),
            (Lane::Yellow, "first-time-importer")
        );
        let mut weapons = import();
        weapons.goods[1].hs_code = Some("93020000".into());
        let red = select_lane(&rules, &inputs(&weapons, Compliance::Priority, false));
        assert_eq!(
            (red.lane, red.rule.as_str()),
            (Lane::Red, "weapons-and-ammunition")
        );
    }

    #[test]
    fn value_far_below_the_reference_price() {
        let rules = LaneRules::parse(DEFAULT_RULES).unwrap();
        let mut d = import();
        d.goods[0].unit_price = Some(Decimal::from(40)); // laptops at 40 USD
        let decision = select_lane(&rules, &inputs(&d, Compliance::Medium, false));
        assert_eq!(
            (decision.lane, decision.rule.as_str()),
            (Lane::Red, "value-far-below-reference")
        );
    }

    #[test]
    fn the_random_selection_is_deterministic_and_roughly_at_its_rates() {
        let rules = LaneRules::parse(DEFAULT_RULES).unwrap();
        let d = import();
        let a = select_lane(&rules, &inputs(&d, Compliance::Medium, false));
        let b = select_lane(&rules, &inputs(&d, Compliance::Medium, false));
        assert_eq!(a, b);
        assert!(a.draw.is_some());
        let mut counts = [0u32; 4];
        for n in 0..10_000u32 {
            let base = format!("1000{n:07}");
            let decision = select_lane(
                &rules,
                &LaneInputs {
                    declaration: &d,
                    compliance: Compliance::Medium,
                    first_time: false,
                    number_base: &base,
                    specialised_management: false,
                },
            );
            counts[usize::from(decision.lane.number())] += 1;
        }
        // 1 % red and 5 % yellow of 10,000 draws, within a wide band.
        assert!((50..=150).contains(&counts[3]), "{counts:?}");
        assert!((400..=600).contains(&counts[2]), "{counts:?}");
    }

    #[test]
    fn a_lane_outside_1_to_3_is_refused() {
        let text = "seed = 1\n[random]\nred_percent = 1\nyellow_percent = 5\n[[rule]]\nname = \"x\"\nlane = 4\nreason_vi = \"\"\nreason_en = \"\"\n";
        assert!(LaneRules::parse(text).unwrap_err().contains("lane must be"));
    }
}
