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

use crate::domain::text::Bilingual;
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

impl Compliance {
    /// The degree's name in each language (TT 81/2019's terms).
    pub fn name(self) -> Bilingual {
        let (vi, en) = match self {
            Self::Priority => ("ưu tiên", "priority"),
            Self::High => ("cao", "high"),
            Self::Medium => ("trung bình", "medium"),
            Self::Low => ("thấp", "low"),
            Self::NonCompliant => ("không tuân thủ", "non-compliant"),
        };
        Bilingual::new(vi, en)
    }
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
    /// Short stable id (`first-time-importer`): what rules files, forced outcomes and tests name.
    pub name: String,
    /// Its title in Vietnamese, shown to people instead of the id (see [`LaneRule::title`]).
    #[serde(default)]
    pub title_vi: String,
    /// Its title in English.
    #[serde(default)]
    pub title_en: String,
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

impl LaneRule {
    /// The rule's title in both languages: its own `title_vi`/`title_en`, else the shipped
    /// rule's of the same id ([`title_of`]; a rules file written before titles), else the id.
    pub fn title(&self) -> Bilingual {
        if self.title_vi.trim().is_empty() || self.title_en.trim().is_empty() {
            title_of(&self.name)
        } else {
            Bilingual::new(self.title_vi.trim(), self.title_en.trim())
        }
    }
}

/// What decides a lane besides a rule of the file: (id, Vietnamese, English title).
const BUILT_IN_TITLES: [(&str, &str, &str); 3] = [
    ("random-selection", "Chọn ngẫu nhiên", "Random selection"),
    ("no-risk-found", "Không có rủi ro", "No risk found"),
    (
        "instructor-forced",
        "Giảng viên ấn định",
        "Forced by an instructor",
    ),
];

/// The title of a rule id: one of the built-in deciders' (`random-selection`, `no-risk-found`,
/// `instructor-forced`), a shipped rule's (`assets/sim/lane_rules.toml`, then the profiles in
/// `assets/sim/profiles/`), else the id itself in both languages.
pub fn title_of(name: &str) -> Bilingual {
    static SHIPPED: std::sync::OnceLock<Vec<LaneRule>> = std::sync::OnceLock::new();
    if let Some((_, vi, en)) = BUILT_IN_TITLES.iter().find(|(id, _, _)| *id == name) {
        return Bilingual::new(*vi, *en);
    }
    let shipped = SHIPPED.get_or_init(|| {
        [DEFAULT_RULES, PROFILE_STRICT, PROFILE_DRAW_ONLY]
            .iter()
            .filter_map(|text| LaneRules::parse(text).ok())
            .flat_map(|rules| rules.rules)
            .filter(|r| !r.title_vi.trim().is_empty() && !r.title_en.trim().is_empty())
            .collect()
    });
    shipped.iter().find(|r| r.name == name).map_or_else(
        || Bilingual::new(name, name),
        |r| Bilingual::new(r.title_vi.trim(), r.title_en.trim()),
    )
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
/// The shipped "strict office" profile (`khaibao sim rules strict.toml`).
pub const PROFILE_STRICT: &str = include_str!("../../assets/sim/profiles/strict.toml");
/// The shipped "draw only" profile.
pub const PROFILE_DRAW_ONLY: &str = include_str!("../../assets/sim/profiles/draw-only.toml");

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
    /// The deciding rule's id, or `random-selection` / `no-risk-found` / `instructor-forced`.
    pub rule: String,
    /// Its title, Vietnamese (empty in answers kept before titles: see [`LaneDecision::title`]).
    #[serde(default)]
    pub title_vi: String,
    /// Its title, English.
    #[serde(default)]
    pub title_en: String,
    /// Explanation, Vietnamese.
    pub reason_vi: String,
    /// Explanation, English.
    pub reason_en: String,
    /// The draw (0–9999) when the random selection decided.
    pub draw: Option<u32>,
}

impl LaneDecision {
    /// The deciding rule's title in both languages (for a decision kept before titles, the
    /// shipped title of its id, [`title_of`]).
    pub fn title(&self) -> Bilingual {
        if self.title_vi.is_empty() || self.title_en.is_empty() {
            title_of(&self.rule)
        } else {
            Bilingual::new(self.title_vi.clone(), self.title_en.clone())
        }
    }
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
        let title = rule.title();
        return LaneDecision {
            lane: rule.lane,
            rule: rule.name.clone(),
            title_vi: title.vi,
            title_en: title.en,
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
    let rule = if chosen {
        "random-selection"
    } else {
        "no-risk-found"
    };
    let title = title_of(rule);
    LaneDecision {
        lane,
        rule: rule.to_owned(),
        title_vi: title.vi,
        title_en: title.en,
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

/// What decided a lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecidedBy {
    /// A risk rule of the rules file, by its name.
    Rule {
        /// The rule's name.
        name: String,
    },
    /// The seeded random selection (no rule matched).
    Draw,
    /// The instructor forced it for this registration.
    Forced {
        /// The instructor's user ID.
        by: String,
    },
}

/// A lane explained: what decided it, the facts that made a rule match, the seeded draw against
/// its thresholds, and what would have given another lane. Built by [`explain_lane`] when the
/// lane is selected and kept with the declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneExplanation {
    /// The lane given.
    pub lane: Lane,
    /// What decided it.
    pub decided_by: DecidedBy,
    /// The deciding rule's facts, Vietnamese (one per criterion: "dòng 1: mã HS 22030091 thuộc
    /// 2203"); empty for the draw.
    #[serde(default)]
    pub matched_vi: Vec<String>,
    /// The same in English.
    #[serde(default)]
    pub matched_en: Vec<String>,
    /// The random selection's seed.
    pub seed: u64,
    /// The draw (0–9999) of this declaration under that seed, whether or not it decided.
    pub draw: u32,
    /// A draw below this is red (the red percentage in hundredths of a percent).
    pub red_below: u32,
    /// A draw below this (and not red) is yellow (red + yellow percentages, hundredths).
    pub yellow_below: u32,
    /// The lane the declaration would have had without the deciding rule (the next matching
    /// rule, else the draw) or without the instructor's forcing (the rules' own lane).
    pub otherwise: Lane,
    /// What would have decided `otherwise`: a rule's name, or `random-selection`.
    pub otherwise_by: String,
    /// Why, Vietnamese.
    pub text_vi: String,
    /// Why, English.
    pub text_en: String,
    /// What would have changed it, Vietnamese.
    pub alternative_vi: String,
    /// What would have changed it, English.
    pub alternative_en: String,
}

/// The thresholds of the random selection, in draw units (hundredths of a percent): red below
/// the first, yellow below the second.
pub fn thresholds(random: &RandomSelection) -> (u32, u32) {
    use rust_decimal::prelude::ToPrimitive as _;
    let hundredths = |p: Decimal| (p * Decimal::ONE_HUNDRED).trunc().to_u32().unwrap_or(0);
    let red = hundredths(random.red_percent);
    (red, red + hundredths(random.yellow_percent))
}

/// The lane a draw gives under thresholds `(red_below, yellow_below)`.
pub fn lane_of_draw(draw: u32, (red_below, yellow_below): (u32, u32)) -> Lane {
    if draw < red_below {
        Lane::Red
    } else if draw < yellow_below {
        Lane::Yellow
    } else {
        Lane::Green
    }
}

/// "4821 ≥ 600 → green lane": the draw against the threshold that placed it, (vi, en).
fn draw_comparison(draw: u32, (red, yellow): (u32, u32)) -> (String, String) {
    let lane = lane_of_draw(draw, (red, yellow));
    let cmp = match lane {
        Lane::Red => format!("{draw} < {red}"),
        Lane::Yellow => format!("{red} ≤ {draw} < {yellow}"),
        Lane::Green => format!("{draw} ≥ {yellow}"),
    };
    (
        format!("{cmp} → {}", lane.name(true)),
        format!("{cmp} → {}", lane.name(false)),
    )
}

/// The goods-line facts of `c`: HS prefixes and origins that match, (vi, en).
fn line_facts(c: &Criteria, d: &Declaration) -> (Vec<String>, Vec<String>) {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let mut vi = Vec::new();
    let mut en = Vec::new();
    let mut both = |v: String, e: String| {
        vi.push(v);
        en.push(e);
    };
    for (n, g) in d.goods.iter().enumerate() {
        let hs = text(&g.hs_code).replace('.', "");
        if let Some(p) = c.hs_prefixes.iter().find(|p| hs.starts_with(p.as_str())) {
            both(
                format!("dòng {}: mã HS {hs} thuộc {p}", n + 1),
                format!("line {}: HS {hs} falls under {p}", n + 1),
            );
        }
        let origin = text(&g.origin_country);
        if c.origins.contains(&origin) {
            both(
                format!("dòng {}: xuất xứ {origin}", n + 1),
                format!("line {}: origin {origin}", n + 1),
            );
        }
    }
    (vi, en)
}

/// The unit prices far below their reference price, (vi, en).
fn below_reference_facts(
    c: &Criteria,
    d: &Declaration,
    rules: &LaneRules,
) -> (Vec<String>, Vec<String>) {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let mut vi = Vec::new();
    let mut en = Vec::new();
    let mut both = |v: String, e: String| {
        vi.push(v);
        en.push(e);
    };
    if let Some(percent) = c.below_reference_percent {
        let currency = text(&d.invoice.currency);
        for (n, g) in d.goods.iter().enumerate() {
            let hs = text(&g.hs_code).replace('.', "");
            let Some(price) = g.unit_price else { continue };
            if let Some(r) = rules.reference_prices.iter().find(|r| {
                hs.starts_with(r.hs_prefix.as_str())
                    && r.currency == currency
                    && price * Decimal::ONE_HUNDRED < r.unit_price * percent
            }) {
                both(
                    format!(
                        "dòng {}: đơn giá {} {currency} < {percent}% giá tham chiếu {} {currency}",
                        n + 1,
                        price.normalize(),
                        r.unit_price.normalize()
                    ),
                    format!(
                        "line {}: unit price {} {currency} < {percent}% of the reference {} {currency}",
                        n + 1,
                        price.normalize(),
                        r.unit_price.normalize()
                    ),
                );
            }
        }
    }
    (vi, en)
}

/// The facts that make `c` hold for `inputs`, one per criterion given, (vi, en).
fn matched_facts(
    c: &Criteria,
    inputs: &LaneInputs,
    rules: &LaneRules,
) -> (Vec<String>, Vec<String>) {
    let d = inputs.declaration;
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let mut vi = Vec::new();
    let mut en = Vec::new();
    let mut both = |v: String, e: String| {
        vi.push(v);
        en.push(e);
    };
    if let Some(direction) = c.direction {
        let (v, e) = match direction {
            Direction::Import => ("tờ khai nhập khẩu", "an import declaration"),
            Direction::Export => ("tờ khai xuất khẩu", "an export declaration"),
        };
        both(v.to_owned(), e.to_owned());
    }
    let (line_vi, line_en) = line_facts(c, d);
    for (v, e) in line_vi.into_iter().zip(line_en) {
        both(v, e);
    }
    let listed = |list: &[String], value: String, vi_name: &str, en_name: &str| {
        (!list.is_empty()).then(|| (format!("{vi_name} {value}"), format!("{en_name} {value}")))
    };
    for (v, e) in [
        listed(
            &c.type_codes,
            text(&d.type_code),
            "mã loại hình",
            "type code",
        ),
        listed(
            &c.transport_modes,
            text(&d.transport_mode),
            "phương thức vận chuyển",
            "transport mode",
        ),
        listed(
            &c.declarants,
            text(&d.declarant.tax_code),
            "mã số thuế người khai",
            "declarant tax code",
        ),
    ]
    .into_iter()
    .flatten()
    {
        both(v, e);
    }
    if !c.compliance.is_empty() {
        let degree = inputs.compliance.name();
        both(
            format!("mức tuân thủ của doanh nghiệp: {}", degree.vi),
            format!("the enterprise's compliance: {}", degree.en),
        );
    }
    if let Some(first) = c.first_time {
        let (v, e) = if first {
            (
                "chưa có tờ khai nào được đăng ký trước",
                "no earlier registered declaration",
            )
        } else {
            (
                "đã có tờ khai đăng ký trước",
                "earlier declarations registered",
            )
        };
        both(v.to_owned(), e.to_owned());
    }
    if c.specialised_management == Some(true) {
        both(
            "hàng thuộc diện quản lý chuyên ngành".to_owned(),
            "goods under specialised management".to_owned(),
        );
    }
    if c.preference_claimed == Some(true) {
        both(
            "đề nghị áp dụng thuế suất ưu đãi đặc biệt (C/O)".to_owned(),
            "a special preferential rate (C/O) is claimed".to_owned(),
        );
    }
    let (below_vi, below_en) = below_reference_facts(c, d, rules);
    for (v, e) in below_vi.into_iter().zip(below_en) {
        both(v, e);
    }
    (vi, en)
}

/// The lane from the rules after index `from` (the first matching one), else the draw:
/// (lane, what decided it, its title).
fn lane_after(
    rules: &LaneRules,
    inputs: &LaneInputs,
    from: usize,
    draw: u32,
) -> (Lane, String, Bilingual) {
    rules
        .rules
        .iter()
        .skip(from)
        .find(|r| holds(&r.criteria, inputs, rules))
        .map_or_else(
            || {
                (
                    lane_of_draw(draw, thresholds(&rules.random)),
                    "random-selection".to_owned(),
                    title_of("random-selection"),
                )
            },
            |r| (r.lane, r.name.clone(), r.title()),
        )
}

/// "Without rule 'X': …" (vi, en): the rule `title`d X left out, `next` (the next matching
/// rule's title and lane) decides, else the draw (`cmp`, its comparison in each language, under
/// `seed`).
fn without_rule(
    title: &Bilingual,
    next: Option<(&Bilingual, Lane)>,
    (cmp_vi, cmp_en): (&str, &str),
    seed: u64,
) -> (String, String) {
    match next {
        None => (
            format!(
                "Nếu không có tiêu chí '{}': không tiêu chí nào khác khớp, rút ngẫu nhiên {cmp_vi} (hạt giống {seed})",
                title.vi
            ),
            format!(
                "Without rule '{}': no other rule matches, and the random draw {cmp_en} (seed {seed})",
                title.en
            ),
        ),
        Some((next, lane)) => (
            format!(
                "Nếu không có tiêu chí '{}': tiêu chí '{}' khớp tiếp theo → {}",
                title.vi,
                next.vi,
                lane.name(true)
            ),
            format!(
                "Without rule '{}': rule '{}' matches next → {}",
                title.en,
                next.en,
                lane.name(false)
            ),
        ),
    }
}

/// Explains the lane [`select_lane`] gives: the deciding rule and the facts that made it match,
/// or the seeded draw against its thresholds; and what would have given another lane (without
/// the rule: the next matching rule or the draw; for the draw: the thresholds and the seed).
pub fn explain_lane(rules: &LaneRules, inputs: &LaneInputs) -> LaneExplanation {
    let decision = select_lane(rules, inputs);
    let seed = rules.seed;
    let value = draw(seed, inputs.number_base);
    let (red, yellow) = thresholds(&rules.random);
    let (cmp_vi, cmp_en) = draw_comparison(value, (red, yellow));
    let position = rules
        .rules
        .iter()
        .position(|r| r.name == decision.rule && decision.draw.is_none());
    let base = LaneExplanation {
        lane: decision.lane,
        decided_by: DecidedBy::Draw,
        matched_vi: Vec::new(),
        matched_en: Vec::new(),
        seed,
        draw: value,
        red_below: red,
        yellow_below: yellow,
        otherwise: decision.lane,
        otherwise_by: "random-selection".to_owned(),
        text_vi: String::new(),
        text_en: String::new(),
        alternative_vi: String::new(),
        alternative_en: String::new(),
    };
    let Some(at) = position else {
        let thresholds_vi =
            format!("ngưỡng: rút < {red} → luồng đỏ, < {yellow} → luồng vàng, còn lại luồng xanh");
        let thresholds_en =
            format!("thresholds: draw < {red} → red, < {yellow} → yellow, otherwise green");
        return LaneExplanation {
            text_vi: format!(
                "Không tiêu chí rủi ro nào khớp; rút ngẫu nhiên (hạt giống {seed}) được {cmp_vi}"
            ),
            text_en: format!("No risk rule matched; the random draw (seed {seed}) is {cmp_en}"),
            alternative_vi: format!(
                "{thresholds_vi}; hạt giống khác cho số rút khác; một tiêu chí rủi ro khớp sẽ quyết định trước việc rút"
            ),
            alternative_en: format!(
                "{thresholds_en}; another seed gives another draw; a matching risk rule would decide before the draw"
            ),
            ..base
        };
    };
    let rule = &rules.rules[at];
    let (matched_vi, matched_en) = matched_facts(&rule.criteria, inputs, rules);
    let (otherwise, otherwise_by, next) = lane_after(rules, inputs, at + 1, value);
    // People read the rules' titles, never their ids (a tryout found English ids left in
    // Vietnamese mode).
    let title = rule.title();
    let alternative = if otherwise_by == "random-selection" {
        None
    } else {
        Some((&next, otherwise))
    };
    let (alternative_vi, alternative_en) =
        without_rule(&title, alternative, (&cmp_vi, &cmp_en), seed);
    LaneExplanation {
        decided_by: DecidedBy::Rule {
            name: rule.name.clone(),
        },
        text_vi: format!(
            "Tiêu chí '{}' khớp ({}): {} → {}",
            title.vi,
            matched_vi.join("; "),
            rule.reason_vi,
            decision.lane.name(true)
        ),
        text_en: format!(
            "Rule '{}' matched ({}): {} → {}",
            title.en,
            matched_en.join("; "),
            rule.reason_en,
            decision.lane.name(false)
        ),
        matched_vi,
        matched_en,
        otherwise,
        otherwise_by,
        alternative_vi,
        alternative_en,
        ..base
    }
}

/// The explanation of a lane the instructor forced (`by`, a user ID), given what the rules
/// would have decided (`natural`, from [`explain_lane`]).
pub fn forced_explanation(lane: Lane, by: &str, natural: &LaneExplanation) -> LaneExplanation {
    LaneExplanation {
        lane,
        decided_by: DecidedBy::Forced { by: by.to_owned() },
        otherwise: natural.lane,
        otherwise_by: match &natural.decided_by {
            DecidedBy::Rule { name } => name.clone(),
            _ => "random-selection".to_owned(),
        },
        matched_vi: Vec::new(),
        matched_en: Vec::new(),
        text_vi: format!(
            "Giảng viên {by} ấn định {} cho lần đăng ký này",
            lane.name(true)
        ),
        text_en: format!(
            "Instructor {by} forced the {} for this registration",
            lane.name(false)
        ),
        alternative_vi: format!(
            "Không có ấn định của giảng viên: {} — {}",
            natural.lane.name(true),
            natural.text_vi
        ),
        alternative_en: format!(
            "Without the instructor's forcing: {} — {}",
            natural.lane.name(false),
            natural.text_en
        ),
        ..natural.clone()
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
    fn the_shipped_profiles_parse() {
        for text in [
            include_str!("../../assets/sim/profiles/draw-only.toml"),
            include_str!("../../assets/sim/profiles/strict.toml"),
        ] {
            let rules = LaneRules::parse(text).unwrap();
            assert!(rules.random.red_percent + rules.random.yellow_percent <= Decimal::ONE_HUNDRED);
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

    #[test]
    fn the_draw_is_compared_with_the_threshold_that_placed_it() {
        let t = (100, 600);
        assert_eq!(draw_comparison(4821, t).1, "4821 ≥ 600 → green lane");
        assert_eq!(draw_comparison(300, t).1, "100 ≤ 300 < 600 → yellow lane");
        assert_eq!(draw_comparison(50, t).0, "50 < 100 → luồng đỏ");
        let rules = LaneRules::parse(DEFAULT_RULES).unwrap();
        assert_eq!(thresholds(&rules.random), (100, 600));
    }

    #[test]
    fn a_rule_is_explained_by_its_facts_and_by_what_decides_without_it() {
        let rules = LaneRules::parse(DEFAULT_RULES).unwrap();
        let mut d = import();
        d.goods[0].hs_code = Some("22030091".into());
        let why = explain_lane(&rules, &inputs(&d, Compliance::Medium, false));
        assert_eq!(why.lane, Lane::Yellow);
        assert_eq!(
            why.decided_by,
            DecidedBy::Rule {
                name: "alcohol-and-tobacco".into()
            }
        );
        assert_eq!(why.matched_en, ["line 1: HS 22030091 falls under 2203"]);
        assert_eq!(
            why.text_en,
            "Rule 'Alcohol and tobacco' matched (line 1: HS 22030091 falls under 2203): Alcohol and tobacco: documents are checked → yellow lane"
        );
        // Vietnamese mode reads the rule's Vietnamese title, never its id.
        assert_eq!(
            why.text_vi,
            "Tiêu chí 'Rượu, bia, thuốc lá' khớp (dòng 1: mã HS 22030091 thuộc 2203): Rượu, bia, thuốc lá: kiểm tra hồ sơ → luồng vàng"
        );
        // No other rule matches: without it, the draw decides.
        let value = draw(20_261_123, "10000000011");
        assert_eq!((why.seed, why.draw), (20_261_123, value));
        assert_eq!(why.otherwise_by, "random-selection");
        assert_eq!(why.otherwise, lane_of_draw(value, (100, 600)));
        let (_, cmp) = draw_comparison(value, (100, 600));
        assert_eq!(
            why.alternative_en,
            format!(
                "Without rule 'Alcohol and tobacco': no other rule matches, and the random draw {cmp} (seed 20261123)"
            )
        );
        // A first-time importer: the next matching rule is named instead.
        let first = explain_lane(&rules, &inputs(&d, Compliance::Medium, true));
        assert_eq!(first.otherwise_by, "first-time-importer");
        assert_eq!(
            first.alternative_en,
            "Without rule 'Alcohol and tobacco': rule 'First-time importer' matches next → yellow lane"
        );
        assert_eq!(
            first.alternative_vi,
            "Nếu không có tiêu chí 'Rượu, bia, thuốc lá': tiêu chí 'Doanh nghiệp nhập khẩu lần đầu' khớp tiếp theo → luồng vàng"
        );
    }

    #[test]
    fn the_draw_is_explained_with_its_seed_and_thresholds() {
        let text = "seed = 1\n[random]\nred_percent = 2.5\nyellow_percent = 10\n";
        let rules = LaneRules::parse(text).unwrap();
        let d = import();
        let why = explain_lane(&rules, &inputs(&d, Compliance::Medium, false));
        let value = draw(1, "10000000011");
        assert_eq!(why.decided_by, DecidedBy::Draw);
        assert_eq!((why.red_below, why.yellow_below), (250, 1250));
        assert_eq!(
            why.lane,
            select_lane(&rules, &inputs(&d, Compliance::Medium, false)).lane
        );
        let (_, cmp) = draw_comparison(value, (250, 1250));
        assert_eq!(
            why.text_en,
            format!("No risk rule matched; the random draw (seed 1) is {cmp}")
        );
        assert!(why.alternative_en.starts_with(
            "thresholds: draw < 250 → red, < 1250 → yellow, otherwise green; another seed gives another draw"
        ));
        let forced = forced_explanation(Lane::Red, "TEACH001", &why);
        assert_eq!(
            forced.decided_by,
            DecidedBy::Forced {
                by: "TEACH001".into()
            }
        );
        assert_eq!(forced.otherwise, why.lane);
        assert_eq!(forced.otherwise_by, "random-selection");
        assert_eq!(
            forced.alternative_en,
            format!(
                "Without the instructor's forcing: {} — {}",
                why.lane.name(false),
                why.text_en
            )
        );
    }

    #[test]
    fn every_shipped_rule_has_a_title_in_each_language_and_the_deciders_too() {
        for text in [DEFAULT_RULES, PROFILE_STRICT, PROFILE_DRAW_ONLY] {
            let rules = LaneRules::parse(text).unwrap();
            for rule in &rules.rules {
                let title = rule.title();
                assert!(
                    !rule.title_vi.trim().is_empty() && !rule.title_en.trim().is_empty(),
                    "{}: no title",
                    rule.name
                );
                assert_ne!(title.vi, title.en, "{}", rule.name);
                assert_ne!(title.vi, rule.name);
                assert_eq!(title_of(&rule.name), title, "{}", rule.name);
            }
        }
        for id in ["random-selection", "no-risk-found", "instructor-forced"] {
            let title = title_of(id);
            assert!(title.vi != id && title.en != id, "{id}");
        }
        assert_eq!(
            title_of("first-time-importer"),
            Bilingual::new("Doanh nghiệp nhập khẩu lần đầu", "First-time importer")
        );
        // A rule of an instructor's file without titles: the shipped title of its id, else its id.
        let text = "seed = 1\n[random]\nred_percent = 0\nyellow_percent = 0\n\
                    [[rule]]\nname = \"first-time-importer\"\nlane = 2\nfirst_time = true\n\
                    reason_vi = \"x\"\nreason_en = \"y\"\n\
                    [[rule]]\nname = \"my-rule\"\nlane = 3\nreason_vi = \"x\"\nreason_en = \"y\"\n";
        let rules = LaneRules::parse(text).unwrap();
        assert_eq!(rules.rules[0].title().vi, "Doanh nghiệp nhập khẩu lần đầu");
        assert_eq!(rules.rules[1].title(), Bilingual::new("my-rule", "my-rule"));
        // The decision carries the title; one kept before titles finds it by its id.
        let d = import();
        let decision = select_lane(&rules, &inputs(&d, Compliance::Medium, true));
        assert_eq!(
            (decision.title_vi.as_str(), decision.title_en.as_str()),
            ("Doanh nghiệp nhập khẩu lần đầu", "First-time importer")
        );
        let old = LaneDecision {
            title_vi: String::new(),
            title_en: String::new(),
            ..decision
        };
        assert_eq!(old.title().en, "First-time importer");
    }
}
