//! Validation: `validate(&Declaration, &CodeLists, today) -> Vec<Finding>`.
//!
//! Owns: every check a broker's declaration goes through before it is sent. Must not: do IO or
//! read the clock (`today` is an argument, a date in Vietnam time chosen by the caller).
//!
//! A [`Finding`] has a stable code (`KB-E0301` error / `KB-W0301` warning of the same rule), a
//! severity, the JSON path of the field (0-based indices: `goods[2].hs_code` is the 3rd line),
//! and a message in Vietnamese and English that says what to do. Rules are grouped by kind,
//! one file each: [`presence`] (mandatory/prohibited per form and type code), [`formats`]
//! (formats, lengths, decimals), [`membership`] (code tables, with the nearest valid codes),
//! [`cross`] (cross-field consistency), [`dates`] (date order and deadlines). The full list is
//! [`CATALOGUE`] and `docs/findings.md`.

pub(crate) mod catalogue;
mod context;
pub mod cross;
pub mod dates;
pub mod formats;
pub mod membership;
pub mod presence;
mod specialised;

use chrono::NaiveDate;
use serde::Serialize;

use crate::codes::CodeLists;
use crate::domain::Declaration;

pub use catalogue::{CATALOGUE, Rule};

/// The finding for a field whose typed text could not be read ([`crate::domain::entry`]): an
/// error, so the declaration cannot be sent while the field holds something other than what
/// was meant. Rule 0214.
pub fn unreadable_entry(
    path: impl Into<String>,
    error: &crate::domain::entry::EntryError,
) -> Finding {
    let message = error.message();
    Finding::new(
        &catalogue::UNREADABLE_ENTRY,
        Severity::Error,
        path,
        message.vi,
        message.en,
    )
}

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The declaration will be refused until this is fixed.
    Error,
    /// Worth checking; the declaration can still be sent.
    Warning,
}

/// One problem found in a declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Finding {
    /// Stable code, e.g. `KB-E0301`.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// JSON path of the field, e.g. `goods[2].hs_code` (0-based), or `$` for the whole file.
    pub path: String,
    /// What to fix, in Vietnamese.
    pub message_vi: String,
    /// What to fix, in English.
    pub message_en: String,
}

impl Finding {
    /// A finding of `rule` with this severity: the code is `KB-E<number>` or `KB-W<number>`.
    pub fn new(
        rule: &Rule,
        severity: Severity,
        path: impl Into<String>,
        message_vi: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        let letter = match severity {
            Severity::Error => 'E',
            Severity::Warning => 'W',
        };
        Self {
            code: format!("KB-{letter}{:04}", rule.number),
            severity,
            path: path.into(),
            message_vi: message_vi.into(),
            message_en: message_en.into(),
        }
    }

    /// The message in the requested language.
    pub fn message(&self, vietnamese: bool) -> &str {
        if vietnamese {
            &self.message_vi
        } else {
            &self.message_en
        }
    }
}

/// Checks a declaration against the code tables and the rules, as of `today`.
///
/// Findings come grouped by rule kind (presence, formats, membership, cross-field, dates) and
/// within a kind in field order; last, the tax codes the assessment of `today` would refuse (a
/// code not in force that day, KB-E0606; the reduced VAT on goods subject to SCT, KB-E0607), so
/// that what validates also assesses. An empty result means ready to send.
pub fn validate(declaration: &Declaration, codes: &CodeLists, today: NaiveDate) -> Vec<Finding> {
    let mut ctx = context::Ctx::new(declaration, codes, today);
    presence::check(&mut ctx);
    formats::check(&mut ctx);
    membership::check(&mut ctx);
    cross::check(&mut ctx);
    specialised::check(&mut ctx);
    dates::check(&mut ctx);
    let mut findings = ctx.into_findings();
    if declaration.direction == crate::domain::Direction::Import {
        for (index, line) in declaration.goods.iter().enumerate() {
            findings.extend(crate::assess::tax::refused_tax_codes(
                index, line, codes, today,
            ));
        }
    }
    findings
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod coverage_tests;

#[cfg(test)]
mod robustness_tests;
