//! `khaibao validate FILE… [--format text|json] [--today DATE]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::json;

use super::{Format, Lang, say};
use crate::rules::{self, Finding, Severity};

pub(super) fn run(
    out: &mut impl Write,
    data_dir: &Path,
    files: &[PathBuf],
    format: Format,
    today: NaiveDate,
    lang: Lang,
) -> u8 {
    let codes = match super::code_lists(data_dir, lang) {
        Ok(codes) => codes,
        Err(code) => return code,
    };
    let mut worst = 0;
    let mut reports = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        let declaration = match crate::appdata::read_declaration(path) {
            Ok(d) => d,
            Err(err) => {
                worst = worst.max(2);
                let message = err.detail();
                report_unreadable(
                    out,
                    format,
                    &shown,
                    &message.vi,
                    &message.en,
                    lang,
                    &mut reports,
                );
                continue;
            }
        };
        let findings = rules::validate(&declaration, &codes, today);
        if rules::has_errors(&findings) {
            worst = worst.max(1);
        }
        match format {
            Format::Text => print_text(out, &shown, &findings, lang),
            Format::Json => reports.push(json!({
                "file": shown,
                "readable": true,
                "valid": !rules::has_errors(&findings),
                "errors": count(&findings, Severity::Error),
                "warnings": count(&findings, Severity::Warning),
                "today": today,
                "findings": findings,
            })),
        }
    }
    if format == Format::Json {
        let doc = if reports.len() == 1 {
            reports.remove(0)
        } else {
            serde_json::Value::Array(reports)
        };
        if !super::say_json(out, &doc) {
            return 2;
        }
    }
    worst
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

fn report_unreadable(
    out: &mut impl Write,
    format: Format,
    shown: &str,
    vi: &str,
    en: &str,
    lang: Lang,
    reports: &mut Vec<serde_json::Value>,
) {
    match format {
        Format::Text => say!(out, "{shown}: {}", lang.pick(vi, en)),
        Format::Json => reports.push(json!({
            "file": shown,
            "readable": false,
            "valid": false,
            "error": { "vi": vi, "en": en },
        })),
    }
}

fn print_text(out: &mut impl Write, shown: &str, findings: &[Finding], lang: Lang) {
    let errors = count(findings, Severity::Error);
    let warnings = count(findings, Severity::Warning);
    let summary = lang.pick(
        &if findings.is_empty() {
            "hợp lệ, sẵn sàng khai báo".to_owned()
        } else {
            format!("{errors} lỗi, {warnings} cảnh báo")
        },
        &if findings.is_empty() {
            "valid, ready to submit".to_owned()
        } else {
            format!("{errors} errors, {warnings} warnings")
        },
    );
    say!(out, "{shown}: {summary}");
    for f in findings {
        let severity = match f.severity {
            Severity::Error => lang.pick("lỗi", "error"),
            Severity::Warning => lang.pick("cảnh báo", "warning"),
        };
        say!(out, "  {} [{severity}] {}", f.code, f.path);
        match lang {
            Lang::Vi => say!(out, "      {}", f.message_vi),
            Lang::En => say!(out, "      {}", f.message_en),
            Lang::Both => {
                say!(out, "      {}", f.message_vi);
                say!(out, "      {}", f.message_en);
            }
        }
    }
}
