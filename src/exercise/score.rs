//! Scoring a trainee's declaration against an exercise's key: field by field with the key's
//! tolerances, then taxes, lane and the procedure's outcome. Pure: the code tables and lane
//! rules are arguments, taxes and lane are computed (`assess`, `select_lane`) when the core's
//! outcome is not given, so a declaration file alone can be scored.
//!
//! Points: one per field present in the key or in the declaration (header fields, each goods
//! line's fields, each list entry), one per tax expected or found, one for the lane, one per
//! procedure item the outcome states. Goods lines are matched first by HS code and description,
//! then by HS code alone, then by their order; a line of the key with no partner costs all its
//! fields, a line the key has not costs one point.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Compare, Exercise, Tolerance};
use crate::assess::lanes::{Compliance, LaneInputs, LaneRules, select_lane};
use crate::assess::{TaxKind, assess};
use crate::codes::CodeLists;
use crate::domain::fields::{Kind, field, field_key, field_label};
use crate::domain::text::Bilingual;
use crate::domain::{Declaration, Direction, GoodsLine, Lane};
use crate::rules::{Finding, Severity};

/// What the (simulated) core answered for the trainee's declaration; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The lane the core chose.
    pub lane: Option<Lane>,
    /// The taxes the core assessed, whole VND per tax.
    pub taxes: Option<BTreeMap<TaxKind, Decimal>>,
    /// The declaration's status (`provisional`, `registered`, `cleared`, `expired`,
    /// `cancelled`).
    pub status: Option<String>,
    /// The number's branch digit (amendments registered).
    pub branch: Option<u8>,
    /// How many declarations the shipment took.
    pub declarations: Option<u32>,
}

/// What a difference is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// A field's value.
    Field,
    /// A goods line of the key has no partner in the declaration.
    MissingLine,
    /// A goods line the key does not have.
    ExtraLine,
    /// A tax total.
    Tax,
    /// The lane.
    Lane,
    /// The procedure's outcome (branch, status, number of declarations).
    Procedure,
}

/// One difference between the declaration and the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// What it is about.
    pub kind: DifferenceKind,
    /// JSON path in the key's numbering (`goods[1].hs_code`), or `taxes.vat`, `lane`,
    /// `procedure.branch`.
    pub path: String,
    /// VNACCS item ID (`CMD`), empty when none.
    pub item: String,
    /// The field's official Vietnamese name and its English one.
    pub name: Bilingual,
    /// The key's goods line (1-based), for a goods field.
    pub line: Option<usize>,
    /// The declaration's goods line matched with it (1-based), when different from `line`.
    pub given_line: Option<usize>,
    /// Expected value as text (empty: none expected).
    pub expected: String,
    /// Given value as text (empty: none given).
    pub given: String,
    /// What to look at.
    pub hint: Bilingual,
}

impl Difference {
    /// The expected value a trainee may be shown: `None` while nothing was given here (the
    /// key's value would give the answer away — a tryout's trainee copied it into an empty
    /// box); once something (wrong) is given, the expected value. The hint is always shown.
    pub fn expected_shown(&self) -> Option<&str> {
        (!self.given.trim().is_empty()).then_some(self.expected.as_str())
    }
}

/// The result of scoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// The exercise scored.
    pub exercise: String,
    /// Points earned.
    pub points: u32,
    /// Points possible.
    pub max: u32,
    /// Differences, in the order of the form (header, lines, taxes, lane, procedure).
    pub differences: Vec<Difference>,
    /// Taxes were computed here (no core outcome gave them).
    pub taxes_computed: bool,
    /// The lane was computed here with the lane rules.
    pub lane_computed: bool,
    /// Goods lines were matched out of order.
    pub lines_reordered: bool,
    /// Procedure items the key expects that nothing stated (not counted).
    pub unchecked: Vec<String>,
    /// Validation errors of the declaration on the exercise's day (for information).
    pub findings: Vec<Finding>,
}

impl Score {
    /// Whole percent, rounded down (100 only for full marks).
    pub fn percent(&self) -> u32 {
        (self.points * 100).checked_div(self.max).unwrap_or(100)
    }

    /// Whether nothing differs.
    pub fn is_full(&self) -> bool {
        self.differences.is_empty() && self.points == self.max
    }
}

/// Scores `given` against the exercise's key. `outcome`: what the core answered, if the
/// declaration went through it; otherwise taxes come from [`assess`] on the exercise's day and
/// the lane from `lanes` (the key's `first_time` and `number_base`).
pub fn score(
    exercise: &Exercise,
    given: &Declaration,
    outcome: Option<&Outcome>,
    codes: &CodeLists,
    lanes: &LaneRules,
) -> Score {
    let key = &exercise.key;
    let mut tally = Tally::default();
    compare_header(exercise, given, &mut tally);
    let order = match_lines(&key.declaration.goods, &given.goods);
    let lines_reordered = order
        .iter()
        .enumerate()
        .any(|(i, j)| j.is_some_and(|j| j != i));
    compare_lines(exercise, given, &order, &mut tally);
    let taxes_computed = outcome.and_then(|o| o.taxes.as_ref()).is_none();
    let given_taxes = match outcome.and_then(|o| o.taxes.clone()) {
        Some(taxes) => taxes,
        None => computed_taxes(given, codes, exercise),
    };
    compare_taxes(exercise, &given_taxes, &mut tally);
    let lane_computed = outcome.and_then(|o| o.lane).is_none();
    if let Some(expected) = key.lane {
        let lane = outcome
            .and_then(|o| o.lane)
            .unwrap_or_else(|| computed_lane(exercise, given, codes, lanes));
        tally.check(expected == lane, || Difference {
            kind: DifferenceKind::Lane,
            path: "lane".into(),
            item: String::new(),
            name: Bilingual::new("Phân luồng", "Lane"),
            line: None,
            given_line: None,
            expected: lane_text(expected),
            given: lane_text(lane),
            hint: Bilingual::new(
                "Luồng do tiêu chí rủi ro quyết định: xem lại mã HS, xuất xứ, C/O, đơn giá và loại hình",
                "The lane follows the risk criteria: check the HS codes, origin, C/O, unit prices and type code",
            ),
        });
    }
    let unchecked = compare_procedure(exercise, given, outcome, &mut tally);
    let findings = crate::rules::validate(given, codes, exercise.date)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    Score {
        exercise: exercise.id.clone(),
        points: tally.points,
        max: tally.max,
        differences: tally.differences,
        taxes_computed,
        lane_computed,
        lines_reordered,
        unchecked,
        findings,
    }
}

#[derive(Default)]
struct Tally {
    points: u32,
    max: u32,
    differences: Vec<Difference>,
}

impl Tally {
    fn check(&mut self, ok: bool, difference: impl FnOnce() -> Difference) {
        self.max += 1;
        if ok {
            self.points += 1;
        } else {
            self.differences.push(difference());
        }
    }
}

/// A lane as a difference's value (one text for both languages): "2 (Vàng / Yellow)".
fn lane_text(lane: Lane) -> String {
    format!(
        "{} ({} / {})",
        lane.number(),
        lane.colour_name(true),
        lane.colour_name(false)
    )
}

/// The taxes `assess` finds on the exercise's day, per tax (whole VND).
pub(super) fn computed_taxes(
    declaration: &Declaration,
    codes: &CodeLists,
    exercise: &Exercise,
) -> BTreeMap<TaxKind, Decimal> {
    assess(declaration, codes, exercise.date)
        .totals
        .into_iter()
        .map(|t| (t.kind, t.amount_vnd))
        .collect()
}

/// The lane the rules give, with what the key states the core would know.
pub(super) fn computed_lane(
    exercise: &Exercise,
    declaration: &Declaration,
    codes: &CodeLists,
    lanes: &LaneRules,
) -> Lane {
    let tax_code = declaration
        .declarant
        .tax_code
        .as_deref()
        .unwrap_or_default();
    let compliance = lanes
        .enterprise(tax_code.trim())
        .map_or(Compliance::default(), |e| e.compliance);
    select_lane(
        lanes,
        &LaneInputs {
            declaration,
            compliance,
            first_time: exercise.key.first_time,
            number_base: &exercise.key.number_base,
            specialised_management: crate::codes::specialised::under_management(codes, declaration),
        },
    )
    .lane
}

/// Leaf values of a JSON value by path (`invoice.total`, `containers[1]`); empty text and
/// nulls are left out.
fn leaves(value: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (name, v) in map {
                leaves(v, &join(name), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, &format!("{prefix}[{i}]"), out);
            }
        }
        Value::String(s) if s.trim().is_empty() => {}
        Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        other => {
            out.insert(prefix.to_owned(), other.to_string());
        }
    }
}

fn header_leaves(d: &Declaration) -> BTreeMap<String, String> {
    let mut header = d.clone();
    header.goods.clear();
    let mut out = BTreeMap::new();
    if let Ok(value) = serde_json::to_value(&header) {
        leaves(&value, "", &mut out);
    }
    out.remove("goods");
    out
}

fn line_leaves(line: &GoodsLine, index: usize) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(value) = serde_json::to_value(line) {
        leaves(&value, &format!("goods[{index}]"), &mut out);
    }
    out
}

/// Fields ignored unless the pack says otherwise: set by the system or private to the broker.
const IGNORED_BY_DEFAULT: [&str; 4] = ["format", "number", "planned_date", "internal_ref"];

fn tolerance_for(exercise: &Exercise, key: &str) -> Tolerance {
    if let Some(t) = exercise.key.fields.get(key) {
        return t.clone();
    }
    let compare = if IGNORED_BY_DEFAULT.contains(&key) {
        Compare::Ignore
    } else {
        match field(key).map(|f| f.kind) {
            Some(Kind::Meta) => Compare::Ignore,
            Some(Kind::Text) => Compare::Text,
            Some(Kind::Decimal(_) | Kind::Number | Kind::Integer) => Compare::Number,
            _ => Compare::Exact,
        }
    };
    Tolerance {
        compare,
        ..Tolerance::default()
    }
}

fn normal_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `given` matches `expected` under `tolerance`.
fn matches(tolerance: &Tolerance, expected: Option<&str>, given: Option<&str>) -> bool {
    let (e, g) = (expected.unwrap_or("").trim(), given.unwrap_or("").trim());
    match tolerance.compare {
        Compare::Ignore => true,
        Compare::Exact => e == g,
        Compare::Text => normal_text(e) == normal_text(g),
        Compare::Number => match (e.parse::<Decimal>(), g.parse::<Decimal>()) {
            (Ok(e), Ok(g)) => {
                let allowed = tolerance
                    .absolute
                    .unwrap_or_default()
                    .max(tolerance.percent.unwrap_or_default() * e.abs() / Decimal::ONE_HUNDRED);
                (e - g).abs() <= allowed
            }
            _ => e == g,
        },
    }
}

fn field_hint(
    exercise: &Exercise,
    key: &str,
    tolerance: &Tolerance,
    name: &Bilingual,
) -> Bilingual {
    if let (Some(vi), Some(en)) = (&tolerance.vi, &tolerance.en) {
        return Bilingual::new(vi.clone(), en.clone());
    }
    if let Some(hint) = exercise
        .hints
        .iter()
        .find(|h| h.field.as_deref().is_some_and(|f| field_key(f) == key))
    {
        return Bilingual::new(hint.vi.clone(), hint.en.clone());
    }
    Bilingual::new(
        format!("Đối chiếu \"{}\" với chứng từ và tình huống", name.vi),
        format!(
            "Check \"{}\" against the documents and the scenario",
            name.en
        ),
    )
}

fn describe(path: &str, direction: Direction) -> (String, Bilingual) {
    match field_label(path, direction) {
        Some(label) => (label.item.to_owned(), Bilingual::new(label.vi, label.en)),
        None => (String::new(), Bilingual::verbatim(path)),
    }
}

struct Place {
    line: Option<usize>,
    given_line: Option<usize>,
}

/// Compares two sets of leaves; `given_paths` maps the key's numbering to the declaration's.
fn compare_leaves(
    exercise: &Exercise,
    expected: &BTreeMap<String, String>,
    given: &BTreeMap<String, String>,
    place: &Place,
    tally: &mut Tally,
) {
    let direction = exercise.key.declaration.direction;
    let paths: BTreeSet<&String> = expected.keys().chain(given.keys()).collect();
    let mut ordered: Vec<&String> = paths.into_iter().collect();
    ordered.sort_by_key(|p| form_order(p));
    for path in ordered {
        let key = field_key(path);
        let tolerance = tolerance_for(exercise, &key);
        if tolerance.compare == Compare::Ignore {
            continue;
        }
        let (e, g) = (expected.get(path), given.get(path));
        tally.check(
            matches(&tolerance, e.map(String::as_str), g.map(String::as_str)),
            || {
                let (item, name) = describe(path, direction);
                let hint = field_hint(exercise, &key, &tolerance, &name);
                Difference {
                    kind: DifferenceKind::Field,
                    path: path.clone(),
                    item,
                    name,
                    line: place.line,
                    given_line: place.given_line,
                    expected: e.cloned().unwrap_or_default(),
                    given: g.cloned().unwrap_or_default(),
                    hint,
                }
            },
        );
    }
}

/// Position of a path's field in the field table (the form's order).
fn form_order(path: &str) -> (usize, String) {
    let key = field_key(path);
    let position = crate::domain::fields::FIELDS
        .iter()
        .position(|f| f.path == key)
        .unwrap_or(usize::MAX);
    (position, path.to_owned())
}

fn compare_header(exercise: &Exercise, given: &Declaration, tally: &mut Tally) {
    let expected = header_leaves(&exercise.key.declaration);
    let given = header_leaves(given);
    let place = Place {
        line: None,
        given_line: None,
    };
    compare_leaves(exercise, &expected, &given, &place, tally);
}

fn normal_hs(line: &GoodsLine) -> String {
    line.hs_code
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// For each key line, the declaration's line matched with it: HS code and description, then
/// HS code alone, then the same place.
fn match_lines(key: &[GoodsLine], given: &[GoodsLine]) -> Vec<Option<usize>> {
    let mut order: Vec<Option<usize>> = vec![None; key.len()];
    let mut used = vec![false; given.len()];
    let passes: [&dyn Fn(usize, usize) -> bool; 3] = [
        &|i, j| {
            normal_hs(&key[i]) == normal_hs(&given[j])
                && normal_text(key[i].description.as_deref().unwrap_or_default())
                    == normal_text(given[j].description.as_deref().unwrap_or_default())
        },
        &|i, j| !normal_hs(&key[i]).is_empty() && normal_hs(&key[i]) == normal_hs(&given[j]),
        &|i, j| i == j,
    ];
    for pass in passes {
        for (i, slot) in order.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            if let Some(j) = (0..given.len()).find(|&j| !used[j] && pass(i, j)) {
                *slot = Some(j);
                used[j] = true;
            }
        }
    }
    order
}

fn compare_lines(
    exercise: &Exercise,
    given: &Declaration,
    order: &[Option<usize>],
    tally: &mut Tally,
) {
    let key_lines = &exercise.key.declaration.goods;
    for (i, key_line) in key_lines.iter().enumerate() {
        let expected = line_leaves(key_line, i);
        let Some(j) = order[i] else {
            let counted = expected
                .keys()
                .filter(|p| tolerance_for(exercise, &field_key(p)).compare != Compare::Ignore)
                .count();
            tally.max += u32::try_from(counted).unwrap_or(u32::MAX);
            tally.differences.push(Difference {
                kind: DifferenceKind::MissingLine,
                path: format!("goods[{i}]"),
                item: String::new(),
                name: Bilingual::new("Dòng hàng", "Goods line"),
                line: Some(i + 1),
                given_line: None,
                expected: key_line.description.clone().unwrap_or_default(),
                given: String::new(),
                hint: Bilingual::new(
                    format!("Thiếu dòng hàng {} của hóa đơn", i + 1),
                    format!("Goods line {} of the invoice is missing", i + 1),
                ),
            });
            continue;
        };
        let given_leaves = line_leaves(&given.goods[j], i);
        let place = Place {
            line: Some(i + 1),
            given_line: (j != i).then_some(j + 1),
        };
        compare_leaves(exercise, &expected, &given_leaves, &place, tally);
    }
    for (j, extra) in given.goods.iter().enumerate() {
        if order.contains(&Some(j)) {
            continue;
        }
        tally.check(false, || Difference {
            kind: DifferenceKind::ExtraLine,
            path: format!("goods[{j}]"),
            item: String::new(),
            name: Bilingual::new("Dòng hàng", "Goods line"),
            line: None,
            given_line: Some(j + 1),
            expected: String::new(),
            given: extra.description.clone().unwrap_or_default(),
            hint: Bilingual::new(
                "Dòng hàng này không có trên hóa đơn của bài tập",
                "This goods line is not on the exercise's invoice",
            ),
        });
    }
}

fn compare_taxes(exercise: &Exercise, given: &BTreeMap<TaxKind, Decimal>, tally: &mut Tally) {
    let expected = &exercise.key.taxes;
    let kinds: BTreeSet<TaxKind> = expected
        .keys()
        .copied()
        .chain(given.iter().filter(|(_, v)| !v.is_zero()).map(|(k, _)| *k))
        .collect();
    for kind in kinds {
        let e = expected.get(&kind).copied().unwrap_or_default();
        let g = given.get(&kind).copied().unwrap_or_default();
        tally.check((e - g).abs() <= exercise.key.tax_tolerance_vnd, || Difference {
            kind: DifferenceKind::Tax,
            path: format!("taxes.{}", tax_key(kind)),
            item: String::new(),
            name: Bilingual::new(kind.name_vi(), kind.name_en()),
            line: None,
            given_line: None,
            expected: e.to_string(),
            given: g.to_string(),
            hint: Bilingual::new(
                "Thuế tính từ trị giá tính thuế (trị giá hóa đơn, phí vận tải, bảo hiểm), mã HS, biểu thuế, C/O và mã áp dụng thuế suất",
                "Taxes follow from the taxable value (invoice value, freight, insurance), HS code, schedule, C/O and tax codes",
            ),
        });
    }
}

fn tax_key(kind: TaxKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn compare_procedure(
    exercise: &Exercise,
    given: &Declaration,
    outcome: Option<&Outcome>,
    tally: &mut Tally,
) -> Vec<String> {
    let expected = &exercise.key.procedure;
    let mut unchecked = Vec::new();
    let note = expected.note.clone();
    let hint = |vi: &str, en: &str| {
        note.clone()
            .unwrap_or_else(|| Bilingual::new(vi.to_owned(), en.to_owned()))
    };
    let mut check =
        |path: &str, name: Bilingual, e: String, g: Option<String>, hint: Bilingual| match g {
            None => unchecked.push(path.to_owned()),
            Some(g) => tally.check(e.trim().eq_ignore_ascii_case(g.trim()), || Difference {
                kind: DifferenceKind::Procedure,
                path: path.to_owned(),
                item: String::new(),
                name,
                line: None,
                given_line: None,
                expected: e,
                given: g,
                hint,
            }),
        };
    if let Some(branch) = expected.branch {
        let g = outcome
            .and_then(|o| o.branch)
            .or_else(|| given.number.map(crate::domain::DeclarationNumber::branch));
        check(
            "procedure.branch",
            Bilingual::new(
                "Số nhánh (chữ số cuối của số tờ khai)",
                "Branch digit (last digit of the number)",
            ),
            branch.to_string(),
            g.map(|b| b.to_string()),
            hint(
                "Mỗi lần khai sửa đổi được đăng ký, chữ số cuối của số tờ khai tăng 1",
                "Each registered amendment raises the number's last digit by 1",
            ),
        );
    }
    if let Some(status) = &expected.status {
        check(
            "procedure.status",
            Bilingual::new("Trạng thái tờ khai", "Declaration status"),
            status.clone(),
            outcome.and_then(|o| o.status.clone()),
            hint(
                "Xem lại trình tự nghiệp vụ và thời hạn của từng bước",
                "Review the order of the steps and each step's time limit",
            ),
        );
    }
    if let Some(count) = expected.declarations {
        let g = outcome.and_then(|o| o.declarations).or_else(|| {
            given
                .first_declaration
                .count
                .and_then(|c| c.trunc().to_string().parse::<u32>().ok())
        });
        check(
            "procedure.declarations",
            Bilingual::new("Tổng số tờ khai", "Number of declarations"),
            count.to_string(),
            g.map(|c| c.to_string()),
            hint(
                "Một tờ khai có tối đa 50 dòng hàng; hóa đơn nhiều dòng hơn được khai trên nhiều tờ khai",
                "A declaration holds at most 50 goods lines; a longer invoice takes several declarations",
            ),
        );
    }
    unchecked
}
