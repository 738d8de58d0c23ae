//! Shared test data for the rule tests: the repository's example declarations and a fixed day.

use chrono::NaiveDate;

use super::{Finding, validate};
use crate::codes::CodeLists;
use crate::domain::{Declaration, file};

/// The day the example declarations are valid on.
pub const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 23) {
    Some(d) => d,
    None => panic!("valid date"),
};

fn codes() -> &'static CodeLists {
    static CODES: std::sync::OnceLock<CodeLists> = std::sync::OnceLock::new();
    CODES.get_or_init(|| CodeLists::bundled().unwrap())
}

/// The sea-container import example (3 lines, FOB + freight + insurance, USD).
pub fn import() -> Declaration {
    file::from_json(include_str!(
        "../../tests/fixtures/import-sea-container.json"
    ))
    .unwrap()
}

/// The sea export example.
pub fn export() -> Declaration {
    file::from_json(include_str!("../../tests/fixtures/export-sea.json")).unwrap()
}

pub fn run(d: &Declaration) -> Vec<Finding> {
    validate(d, codes(), TODAY)
}

pub fn run_on(d: &Declaration, today: NaiveDate) -> Vec<Finding> {
    validate(d, codes(), today)
}

/// Findings whose code starts with `prefix`.
pub fn codes_of<'a>(findings: &'a [Finding], prefix: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.code.starts_with(prefix))
        .collect()
}
