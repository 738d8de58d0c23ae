//! `khaibao codes list|search|show`: the code tables from the command line.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;

use super::{Lang, say};
use crate::codes::{CodeLists, MatchKind, TableId, TableOrigin, VatRate};

/// What to do with the code tables.
#[derive(Debug, Subcommand)]
pub enum CodesAction {
    /// List the tables with their version, source and size.
    List,
    /// Search a table by code prefix or description words (accents optional).
    Search {
        /// Table name (see `codes list`); `hs` is short for `tariff`.
        table: String,
        /// Code prefix or words, e.g. "0901", "ca phe rang".
        query: String,
        /// Most results to show.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Show one code with all its columns (for the tariff: its rates).
    Show {
        /// Table name.
        table: String,
        /// The code.
        code: String,
    },
}

fn table_id(name: &str, out: &mut impl Write, lang: Lang) -> Option<TableId> {
    let name = match name {
        "hs" => "tariff",
        other => other,
    };
    let found = TableId::from_name(name);
    if found.is_none() {
        let names: Vec<&str> = TableId::ALL.iter().map(|t| t.name()).collect();
        say!(
            out,
            "{}",
            lang.pick(
                &format!(
                    "Không có bảng mã \"{name}\". Các bảng: {}",
                    names.join(", ")
                ),
                &format!("No code table \"{name}\". Tables: {}", names.join(", ")),
            )
        );
    }
    found
}

pub(super) fn run(out: &mut impl Write, data_dir: &Path, action: CodesAction, lang: Lang) -> u8 {
    let codes = match super::code_lists(data_dir, lang) {
        Ok(codes) => codes,
        Err(code) => return code,
    };
    match action {
        CodesAction::List => list(out, &codes, lang),
        CodesAction::Search {
            table,
            query,
            limit,
        } => {
            let Some(id) = table_id(&table, out, lang) else {
                return 2;
            };
            let hits = codes.table(id).search(&query, limit);
            if hits.is_empty() {
                say!(out, "{}", lang.pick("Không tìm thấy", "Nothing found"));
                return 1;
            }
            for (entry, kind) in hits {
                let how = match kind {
                    MatchKind::ExactCode => "=",
                    MatchKind::CodePrefix => "^",
                    MatchKind::AllWords => "*",
                    MatchKind::WordPrefixes => "~",
                };
                say!(out, "{how} {:<10} {}", entry.code, description(entry, lang));
            }
            0
        }
        CodesAction::Show { table, code } => {
            let Some(id) = table_id(&table, out, lang) else {
                return 2;
            };
            show(out, &codes, id, &code, lang)
        }
    }
}

fn description(entry: &crate::codes::CodeEntry, lang: Lang) -> String {
    lang.pick(entry.name(true), entry.name(false))
}

fn list(out: &mut impl Write, codes: &CodeLists, lang: Lang) -> u8 {
    let manifest = codes.manifest();
    say!(
        out,
        "{} {} ({})",
        lang.pick("Bộ bảng mã", "Code-list set"),
        manifest.set_version,
        manifest.effective
    );
    for id in TableId::ALL {
        let (info, origin) = codes.info(id);
        let scope = if info.complete {
            lang.pick("đầy đủ", "complete")
        } else {
            lang.pick("một phần", "subset")
        };
        let from = match origin {
            TableOrigin::Bundled => lang.pick("kèm theo", "bundled"),
            TableOrigin::Override => lang.pick("bản mới", "override"),
        };
        say!(
            out,
            "{:<18} {:>5}  {:<28} {:<10} {:<9} {}",
            id.name(),
            codes.table(id).len(),
            info.version,
            info.effective,
            scope,
            from
        );
    }
    0
}

fn show(out: &mut impl Write, codes: &CodeLists, id: TableId, code: &str, lang: Lang) -> u8 {
    let table = codes.table(id);
    let Some(entry) = table.get(code) else {
        let near: Vec<String> = table
            .nearest(code, 5)
            .iter()
            .map(|e| e.code.clone())
            .collect();
        say!(
            out,
            "{}",
            lang.pick(
                &format!(
                    "Không có mã \"{code}\" trong bảng {}. Gần nhất: {}",
                    id.name(),
                    near.join(", ")
                ),
                &format!(
                    "No code \"{code}\" in {}. Nearest: {}",
                    id.name(),
                    near.join(", ")
                ),
            )
        );
        return 1;
    };
    say!(out, "{}", entry.code);
    say!(out, "  vi: {}", entry.name_vi);
    say!(out, "  en: {}", entry.name_en);
    for column in table.extra_column_names() {
        let value = table.field(entry, column).unwrap_or("");
        if !value.is_empty() {
            say!(out, "  {column}: {value}");
        }
    }
    if id == TableId::Tariff
        && let Some(line) = codes.tariff().line(code)
    {
        let pct = |r: Option<rust_decimal::Decimal>| {
            r.map_or_else(|| "?".to_owned(), |r| format!("{r}%"))
        };
        say!(
            out,
            "  {}: {}",
            lang.pick("thuế suất ưu đãi (MFN)", "MFN rate"),
            pct(line.mfn)
        );
        say!(
            out,
            "  {}: {}",
            lang.pick("thuế suất thông thường (B03)", "ordinary rate (B03)"),
            pct(line.ordinary())
        );
        let vat = match line.vat {
            VatRate::Percent(r) => format!("{r}%"),
            VatRate::NotSubject => lang.pick("không chịu thuế", "not subject"),
            VatRate::Unknown => "?".to_owned(),
        };
        say!(out, "  {}: {vat}", lang.pick("thuế GTGT", "VAT"));
    }
    let (info, _) = codes.info(id);
    say!(
        out,
        "  {}: {} ({})",
        lang.pick("nguồn", "source"),
        info.source,
        info.version
    );
    0
}
