//! The state a validation run carries: the declaration, the code tables, today, and the
//! findings so far; plus small helpers the rule files share.

use chrono::NaiveDate;

use super::catalogue::Rule;
use super::{Finding, Severity};
use crate::codes::CodeLists;
use crate::domain::{Declaration, Direction, field_label};

pub(crate) struct Ctx<'a> {
    pub d: &'a Declaration,
    pub codes: &'a CodeLists,
    pub today: NaiveDate,
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    pub fn new(d: &'a Declaration, codes: &'a CodeLists, today: NaiveDate) -> Self {
        Self {
            d,
            codes,
            today,
            findings: Vec::new(),
        }
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    pub fn is_import(&self) -> bool {
        self.d.direction == Direction::Import
    }

    /// The field's official label in both languages (the path itself if unknown).
    pub fn label(&self, path: &str) -> (String, String) {
        field_label(path, self.d.direction).map_or_else(
            || (path.to_owned(), path.to_owned()),
            |l| (l.vi.to_owned(), l.en.to_owned()),
        )
    }

    /// Whether a finding already names this path.
    pub fn has_finding_at(&self, path: &str) -> bool {
        self.findings.iter().any(|f| f.path == path)
    }

    /// Records a finding.
    pub fn report(
        &mut self,
        rule: &Rule,
        severity: Severity,
        path: impl Into<String>,
        message_vi: String,
        message_en: String,
    ) {
        self.findings
            .push(Finding::new(rule, severity, path, message_vi, message_en));
    }

    /// Like [`Self::field`] with a lazily formatted path.
    pub fn field_at(
        &mut self,
        rule: &Rule,
        severity: Severity,
        path: Path,
        what_vi: &str,
        what_en: &str,
    ) {
        self.field(rule, severity, &path.to_string(), what_vi, what_en);
    }

    /// Records a finding whose message starts with the field's label.
    pub fn field(
        &mut self,
        rule: &Rule,
        severity: Severity,
        path: &str,
        what_vi: &str,
        what_en: &str,
    ) {
        let (vi, en) = self.label(path);
        let line = line_prefix(path);
        self.report(
            rule,
            severity,
            path,
            format!("{}{vi}: {what_vi}", line.0),
            format!("{}{en}: {what_en}", line.1),
        );
    }
}

/// A field path, formatted only when a finding needs it (validation of a clean 50-line
/// declaration visits ~1,500 fields; building each path eagerly costs more than checking it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path {
    /// `name`
    Field(&'static str),
    /// `list[i]` (empty tail) or `list[i].tail`
    Item(&'static str, usize, &'static str),
    /// `list[i].sub[j].tail`
    Nested(&'static str, usize, &'static str, usize, &'static str),
}

impl From<&'static str> for Path {
    fn from(name: &'static str) -> Self {
        Self::Field(name)
    }
}

impl Path {
    /// The field table's row of this path.
    pub fn field(&self) -> Option<&'static crate::domain::FieldDef> {
        crate::domain::field(&self.to_string())
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tail = |f: &mut std::fmt::Formatter<'_>, tail: &str| {
            if tail.is_empty() {
                Ok(())
            } else {
                write!(f, ".{tail}")
            }
        };
        match *self {
            Self::Field(name) => f.write_str(name),
            Self::Item(list, i, rest) => {
                write!(f, "{list}[{i}]")?;
                tail(f, rest)
            }
            Self::Nested(list, i, sub, j, rest) => {
                write!(f, "{list}[{i}].{sub}[{j}]")?;
                tail(f, rest)
            }
        }
    }
}

/// "Dòng hàng 3 – " / "Goods line 3 – " when the path is inside a goods line (1-based for people).
pub fn line_prefix(path: &str) -> (String, String) {
    let Some(rest) = path.strip_prefix("goods[") else {
        return (String::new(), String::new());
    };
    let number: usize = rest
        .split(']')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (
        format!("Dòng hàng {} – ", number + 1),
        format!("Goods line {} – ", number + 1),
    )
}

/// A number in a message, each language in its own convention (`1.234,5` / `1,234.5`), without
/// trailing zeros.
pub fn number(value: rust_decimal::Decimal) -> (String, String) {
    use crate::domain::entry::{DecimalMark, format_number};
    (
        format_number(value, DecimalMark::for_vietnamese(true)),
        format_number(value, DecimalMark::for_vietnamese(false)),
    )
}

/// The trimmed text of an optional field, `None` when missing or blank.
pub fn text(value: Option<&String>) -> Option<&str> {
    value.map(|s| s.trim()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_prefix_is_one_based() {
        assert_eq!(line_prefix("goods[0].hs_code").1, "Goods line 1 – ");
        assert_eq!(
            line_prefix("goods[49].quantity.amount").0,
            "Dòng hàng 50 – "
        );
        assert_eq!(line_prefix("invoice.total").0, "");
    }

    #[test]
    fn text_treats_blank_as_missing() {
        assert_eq!(text(Some(&"  ".to_owned())), None);
        assert_eq!(text(Some(&" A11 ".to_owned())), Some("A11"));
        assert_eq!(text(None), None);
    }
}
