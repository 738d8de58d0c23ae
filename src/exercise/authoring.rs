//! Checking a pack's answer key against the program itself, for pack authors: the lane and
//! taxes KhaiBao computes for the key's declaration (the default lane rules, the assessment on
//! the exercise's day) beside what the pack's `[key]` states, and the key's validation
//! findings. Pure: the code tables and lane rules are arguments. Used by
//! `khaibao exercise key` and by the test that every shipped key agrees with the program.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Exercise;
use super::score::computed_lane;
use crate::assess::lanes::LaneRules;
use crate::assess::{TaxKind, assess};
use crate::codes::CodeLists;
use crate::domain::Lane;
use crate::rules::{Finding, Severity, validate};

/// What the program computes for a pack's key, beside what the pack states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCheck {
    /// The lane the default rules give the key (with its `first_time` and `number_base`).
    pub lane: Lane,
    /// The lane the pack states, if any.
    pub stated_lane: Option<Lane>,
    /// Every tax the assessment computes, whole VND (zeros included).
    pub taxes: BTreeMap<TaxKind, Decimal>,
    /// The taxes the pack states, whole VND.
    pub stated_taxes: BTreeMap<TaxKind, Decimal>,
    /// Why the assessment is incomplete (06xx findings), when it is.
    pub assessment_problems: Vec<Finding>,
    /// Validation findings of the key on the exercise's day (errors and warnings).
    pub findings: Vec<Finding>,
}

impl KeyCheck {
    /// Whether the stated lane is the computed one.
    pub fn lane_agrees(&self) -> bool {
        self.stated_lane == Some(self.lane)
    }

    /// Whether the stated taxes are the computed ones (a tax absent on one side agrees with 0
    /// on the other).
    pub fn taxes_agree(&self) -> bool {
        nonzero(&self.taxes) == nonzero(&self.stated_taxes)
    }

    /// Whether the key has a validation error or an incomplete assessment: its lane and taxes
    /// are then not to be trusted.
    pub fn has_errors(&self) -> bool {
        has_error(&self.assessment_problems) || has_error(&self.findings)
    }

    /// Whether the key may ship: lane and taxes agree, the assessment is complete and the key
    /// has no validation error (warnings are allowed: they are the exercise's to teach).
    pub fn is_sound(&self) -> bool {
        self.lane_agrees() && self.taxes_agree() && !self.has_errors()
    }

    /// The `[key]` line stating the computed lane: `lane = N`.
    pub fn lane_line(&self) -> String {
        format!("lane = {}", self.lane.number())
    }

    /// The `[key.taxes]` table of the computed taxes: its header, then every tax that is not
    /// zero as quoted whole VND, one per line.
    pub fn taxes_table(&self) -> String {
        let taxes = nonzero(&self.taxes).into_iter().map(|(kind, amount)| {
            let key: &'static str = kind.into();
            format!("{key} = \"{amount}\"\n")
        });
        "[key.taxes]\n".to_owned() + &taxes.collect::<String>()
    }
}

fn nonzero(taxes: &BTreeMap<TaxKind, Decimal>) -> BTreeMap<TaxKind, Decimal> {
    taxes
        .iter()
        .filter(|(_, v)| !v.is_zero())
        .map(|(k, v)| (*k, *v))
        .collect()
}

fn has_error(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Computes the key's lane and taxes and validates it on the exercise's day.
pub fn check_key(exercise: &Exercise, codes: &CodeLists, lanes: &LaneRules) -> KeyCheck {
    let declaration = &exercise.key.declaration;
    let assessment = assess(declaration, codes, exercise.date);
    KeyCheck {
        lane: computed_lane(exercise, declaration, codes, lanes),
        stated_lane: exercise.key.lane,
        taxes: assessment
            .totals
            .iter()
            .map(|t| (t.kind, t.amount_vnd))
            .collect(),
        stated_taxes: exercise.key.taxes.clone(),
        assessment_problems: assessment.problems,
        findings: validate(declaration, codes, exercise.date),
    }
}
