//! `khaibao codes list|search|show`: the code tables from the command line.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{Lang, say};
use crate::codes::table_import::importable_tables;
use crate::codes::tariff_import::{Changes, ImportedTariff, read_sheet};
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
    /// Take in a new import tariff (the consolidated tariff's .xlsx, or a tariff .csv): shows what
    /// changes against the tariff in use; nothing is written without --apply.
    ImportTariff {
        /// The file.
        file: PathBuf,
        /// Use it: written to the data folder's code lists, in force from the next start.
        #[arg(long)]
        apply: bool,
        /// With --apply: take a file that removes more than a tenth of the lines in use (a part
        /// of the tariff, not a new edition); it is then marked a subset.
        #[arg(long, requires = "apply")]
        allow_removals: bool,
        /// The date its rates apply from (YYYY-MM-DD; default: today in Vietnam).
        #[arg(long)]
        effective: Option<chrono::NaiveDate>,
        /// Write the table as `tariff.csv` into this folder instead (how the bundled tariff is
        /// made; see `tools/import_tariff_2026.sh`).
        #[arg(long, conflicts_with = "apply")]
        write_to: Option<PathBuf>,
    },
    /// Take in a new edition of any table (.csv or .xlsx whose first row names the table's
    /// columns, any order): shows the rows added, removed and changed; nothing is written
    /// without --apply. The tables: see `codes list` (and `exchange_rates`, `tax_rates`).
    Import {
        /// Table name.
        table: String,
        /// The file.
        file: PathBuf,
        /// Use it: written to the data folder's code lists, in force from the next start.
        #[arg(long)]
        apply: bool,
        /// With --apply: take a file that removes more than a tenth of the rows in use; the
        /// table is then marked a subset.
        #[arg(long, requires = "apply")]
        allow_removals: bool,
        /// The date it applies from (YYYY-MM-DD; default: today in Vietnam).
        #[arg(long)]
        effective: Option<chrono::NaiveDate>,
    },
    /// Go back to the bundled edition of tables taken in with `import`/`import-tariff`.
    Rollback {
        /// Tables to roll back.
        #[arg(required_unless_present = "all")]
        tables: Vec<String>,
        /// Every table taken in.
        #[arg(long, conflicts_with = "tables")]
        all: bool,
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

pub(super) fn run(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    action: CodesAction,
    lang: Lang,
) -> u8 {
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
        CodesAction::ImportTariff {
            file,
            apply,
            allow_removals,
            effective,
            write_to,
        } => {
            let today = clock.today();
            let effective = effective.unwrap_or(today);
            if apply && later_than_today(out, effective, today, lang) {
                return 2;
            }
            import_tariff(
                out,
                data_dir,
                &codes,
                &file,
                (apply, allow_removals, write_to),
                effective,
                lang,
            )
        }
        CodesAction::Import {
            table,
            file,
            apply,
            allow_removals,
            effective,
        } => {
            let table = if table == "hs" {
                "tariff".to_owned()
            } else {
                table
            };
            let today = clock.today();
            let effective = effective.unwrap_or(today);
            if apply && later_than_today(out, effective, today, lang) {
                return 2;
            }
            import_table(
                out,
                data_dir,
                &codes,
                (&table, &file),
                (apply, allow_removals),
                effective,
                lang,
            )
        }
        CodesAction::Rollback { tables, all } => {
            rollback(out, data_dir, &codes, &tables, all, lang)
        }
    }
}

/// Refuses an edition in force from a later day: a table is kept in one edition at a time (a
/// dated table such as `tax_rates` dates its own rows), so it would apply at once.
fn later_than_today(
    out: &mut impl Write,
    effective: chrono::NaiveDate,
    today: chrono::NaiveDate,
    lang: Lang,
) -> bool {
    if effective <= today {
        return false;
    }
    let (from, now) = (effective.format("%d/%m/%Y"), today.format("%d/%m/%Y"));
    say!(
        out,
        "{}",
        lang.pick(
            &format!("Bảng có hiệu lực từ {from} (sau hôm nay, {now}): KhaiBao giữ mỗi bảng một bản, nên bản mới sẽ được dùng ngay; hãy áp dụng vào đúng ngày đó (bảng tax_rates tự ghi ngày cho từng dòng). Không có gì được ghi"),
            &format!("The table is in force from {from} (after today, {now}): KhaiBao keeps one edition of a table, so it would be used at once; apply it on that day (tax_rates dates its own rows). Nothing was written"),
        )
    );
    true
}

/// `khaibao codes import`: read, preview, and (with --apply) install.
fn import_table(
    out: &mut impl Write,
    data_dir: &Path,
    codes: &CodeLists,
    (table, file): (&str, &Path),
    (apply, allow_removals): (bool, bool),
    effective: chrono::NaiveDate,
    lang: Lang,
) -> u8 {
    let update = match crate::table_update::prepare(data_dir, codes, table, file) {
        Ok(update) => update,
        Err(message) => {
            say!(out, "{}", lang.text(&message));
            return 2;
        }
    };
    for line in update.preview(&file.display().to_string(), EXAMPLES) {
        say!(out, "{}", lang.text(&line));
    }
    if !apply {
        say!(
            out,
            "{}",
            lang.pick(
                "Chưa ghi gì. Thêm --apply để dùng bảng này.",
                "Nothing written. Add --apply to use this table."
            )
        );
        return 0;
    }
    match crate::table_update::install(data_dir, codes, &update, file, effective, allow_removals) {
        Ok(message) => {
            say!(out, "{}", lang.text(&message));
            if !update.changes.is_empty() {
                say!(out, "khaibao codes rollback {table}");
            }
            0
        }
        Err(message) => {
            say!(out, "{}", lang.text(&message));
            if update.looks_partial() && !allow_removals {
                say!(out, "→ --allow-removals");
            }
            2
        }
    }
}

/// `khaibao codes rollback`: back to the bundled tables.
fn rollback(
    out: &mut impl Write,
    data_dir: &Path,
    codes: &CodeLists,
    tables: &[String],
    all: bool,
    lang: Lang,
) -> u8 {
    let importable = importable_tables();
    if let Some(unknown) = tables.iter().find(|t| !importable.contains(&t.as_str())) {
        say!(
            out,
            "{}",
            lang.pick(
                &format!(
                    "Không có bảng mã \"{unknown}\". Các bảng: {}",
                    importable.join(", ")
                ),
                &format!(
                    "No code table \"{unknown}\". Tables: {}",
                    importable.join(", ")
                ),
            )
        );
        return 2;
    }
    let chosen = (!all).then_some(tables);
    let (said, code) = match crate::table_update::roll_back(data_dir, codes, chosen) {
        Ok(message) => (message, 0),
        Err(message) => (message, 2),
    };
    say!(out, "{}", lang.text(&said));
    code
}

/// How many examples a preview shows of each kind of change.
const EXAMPLES: usize = 8;

/// What an import would do: what was read, what was left out, and the changes.
#[allow(clippy::too_many_lines)] // The preview's lines in the order they are read, each in two languages.
fn preview(
    out: &mut impl Write,
    file: &Path,
    imported: &ImportedTariff,
    changes: &Changes,
    in_use: usize,
    lang: Lang,
) {
    let vi = lang != Lang::En;
    let t = |v: String, e: String| if vi { v } else { e };
    say!(
        out,
        "{}",
        t(
            format!(
                "{}: {} dòng 8 chữ số, {} nhóm/phân nhóm, {} hiệp định ({})",
                file.display(),
                imported.lines.len(),
                imported.headings.len(),
                imported.agreements.len(),
                imported.agreements.join(", ")
            ),
            format!(
                "{}: {} 8-digit lines, {} headings/subheadings, {} agreements ({})",
                file.display(),
                imported.lines.len(),
                imported.headings.len(),
                imported.agreements.len(),
                imported.agreements.join(", ")
            )
        )
    );
    if !imported.skipped.is_empty() {
        say!(
            out,
            "{}",
            t(
                format!("Bỏ qua {} dòng:", imported.skipped.len()),
                format!("{} rows left out:", imported.skipped.len())
            )
        );
        for s in imported.skipped.iter().take(EXAMPLES) {
            say!(
                out,
                "  {} {}: {}",
                lang.pick("dòng", "row"),
                s.row,
                lang.text(&s.reason)
            );
        }
    }
    if imported.repeats > 0 {
        say!(
            out,
            "{}",
            t(
                format!(
                    "{} dòng lặp lại giống hệt được giữ một lần",
                    imported.repeats
                ),
                format!("{} identical repeated rows kept once", imported.repeats)
            )
        );
    }
    say!(
        out,
        "{}",
        t(
            format!(
                "Tệp không có cột đơn vị tính, thuế GTGT, thuế xuất khẩu: giữ của biểu thuế đang dùng cho {} dòng",
                imported.kept_from_current
            ),
            format!(
                "The file has no unit, VAT or export-duty columns: kept from the tariff in use for {} lines",
                imported.kept_from_current
            )
        )
    );
    say!(
        out,
        "{}",
        t(
            format!(
                "So với biểu thuế đang dùng ({} dòng): thêm {}, bỏ {}, đổi thuế suất {}",
                in_use,
                changes.added.len(),
                changes.removed.len(),
                changes.changed.len()
            ),
            format!(
                "Against the tariff in use ({} lines): {} added, {} removed, {} with changed rates",
                in_use,
                changes.added.len(),
                changes.removed.len(),
                changes.changed.len()
            )
        )
    );
    let examples = |codes: &[String]| {
        let mut shown: Vec<&str> = codes.iter().take(EXAMPLES).map(String::as_str).collect();
        if codes.len() > EXAMPLES {
            shown.push("…");
        }
        shown.join(", ")
    };
    if !changes.added.is_empty() {
        say!(out, "  + {}", examples(&changes.added));
    }
    if !changes.removed.is_empty() {
        say!(out, "  − {}", examples(&changes.removed));
    }
    for (code, differences) in changes.changed.iter().take(EXAMPLES) {
        say!(
            out,
            "  ~ {code}: {}",
            crate::codes::tariff_import::Difference::describe(differences)
        );
    }
}

/// `khaibao codes import-tariff`: read, preview, and (with --apply) install.
fn import_tariff(
    out: &mut impl Write,
    data_dir: &Path,
    codes: &CodeLists,
    file: &Path,
    (apply, allow_removals, write_to): (bool, bool, Option<PathBuf>),
    effective: chrono::NaiveDate,
    lang: Lang,
) -> u8 {
    let current = codes.tariff();
    let imported = match crate::sheets::read_rows(file)
        .map_err(|e| e.message())
        .and_then(|rows| read_sheet(&rows, current).map_err(|e| e.message()))
    {
        Ok(imported) => imported,
        Err(message) => {
            say!(out, "{}", lang.text(&message));
            return 2;
        }
    };
    let changes = imported.changes(current);
    preview(out, file, &imported, &changes, current.lines().len(), lang);
    let vi = lang != Lang::En;
    let t = |v: String, e: String| if vi { v } else { e };
    if let Some(folder) = write_to {
        let written = std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(folder.join("tariff.csv"), imported.tariff_csv()));
        return match written {
            Ok(()) => {
                say!(out, "→ {}", folder.join("tariff.csv").display());
                0
            }
            Err(e) => {
                say!(out, "{}: {e}", folder.display());
                2
            }
        };
    }
    if !apply {
        say!(
            out,
            "{}",
            lang.pick(
                "Chưa ghi gì. Thêm --apply để dùng biểu thuế này.",
                "Nothing written. Add --apply to use this tariff."
            )
        );
        return 0;
    }
    // A new edition removes a few lines; a file that removes many is a part of the tariff.
    let partial = changes.removed.len() * 10 > current.lines().len();
    if partial && !allow_removals {
        say!(
            out,
            "{}",
            t(
                format!(
                    "Tệp sẽ bỏ {} trong {} dòng của biểu thuế đang dùng: có vẻ chỉ là một phần biểu thuế. Không có gì được ghi; thêm --allow-removals nếu đúng là muốn dùng nó (bảng sẽ được ghi là một phần)",
                    changes.removed.len(),
                    current.lines().len()
                ),
                format!(
                    "The file would remove {} of the {} lines in use: it looks like part of a tariff. Nothing was written; add --allow-removals if that is really wanted (the table is then marked a subset)",
                    changes.removed.len(),
                    current.lines().len()
                )
            )
        );
        return 2;
    }
    let csv = imported.tariff_csv();
    let info = crate::codes::manifest::TableInfo {
        name: "tariff".to_owned(),
        file: "tariff.csv".to_owned(),
        version: format!(
            "import-{effective}-{}",
            &crate::codes::manifest::sha256_hex(csv.as_bytes())[..8]
        ),
        effective,
        source: format!("{} (khaibao codes import-tariff)", file.display()),
        complete: !partial,
        sha256: String::new(),
        notes: None,
    };
    match crate::appdata::install_table(data_dir, codes, &csv, info) {
        Ok(version) => {
            say!(
                out,
                "{}",
                t(
                    format!(
                        "Đã ghi biểu thuế mới (bộ bảng mã {version}); có hiệu lực từ lần mở sau."
                    ),
                    format!(
                        "The new tariff is written (code-list set {version}); in force from the next start."
                    )
                )
            );
            0
        }
        Err(message) => {
            say!(out, "{}", lang.text(&message));
            2
        }
    }
}

fn description(entry: &crate::codes::CodeEntry, lang: Lang) -> String {
    lang.pick(entry.name(true), entry.name(false))
}

pub(super) fn list(out: &mut impl Write, codes: &CodeLists, lang: Lang) -> u8 {
    let manifest = codes.manifest();
    say!(
        out,
        "{} {} ({})",
        lang.pick("Bộ bảng mã", "Code-list set"),
        manifest.set_version,
        manifest.effective
    );
    let mut rows: Vec<(&str, usize, &crate::codes::TableInfo, &TableOrigin)> = TableId::ALL
        .iter()
        .map(|id| {
            let (info, origin) = codes.info(*id);
            (id.name(), codes.table(*id).len(), info, origin)
        })
        .collect();
    let (info, origin) = codes.rates_info();
    rows.push((
        crate::codes::EXCHANGE_RATES,
        codes.rates().currencies().count(),
        info,
        origin,
    ));
    let (info, origin) = codes.tax_rates_info();
    rows.push((
        crate::codes::TAX_RATES,
        codes.tax_rates().codes().count(),
        info,
        origin,
    ));
    for (name, size, info, origin) in rows {
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
            name,
            size,
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
        if value.is_empty() {
            continue;
        }
        if id == TableId::Tariff {
            // The typed rates are said below; the agreements by their names.
            if let Some((name, _)) = crate::codes::tariff_import::AGREEMENT_COLUMNS
                .iter()
                .find(|(_, key)| key == column)
            {
                say!(out, "  {}: {value}", name.replace("RCEPT", "RCEP"));
            } else if column == "unit" {
                say!(out, "  {}: {value}", lang.pick("đơn vị tính", "unit"));
            }
            continue;
        }
        say!(out, "  {column}: {value}");
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
        show_measures(out, codes, code, lang);
    }
    if id == TableId::TaxCodes {
        show_periods(out, codes, &entry.code, lang);
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

/// The specialised management of a tariff line, each measure with its kinds.
fn show_measures(out: &mut impl Write, codes: &CodeLists, code: &str, lang: Lang) {
    if let Some(m) = crate::codes::specialised::measures(codes, code) {
        say!(
            out,
            "  {}:",
            lang.pick("quản lý chuyên ngành", "specialised management")
        );
        for (text, kinds) in &m.items {
            let labels: Vec<String> = kinds
                .iter()
                .map(|k| lang.pick(k.label().0, k.label().1))
                .collect();
            say!(out, "    - [{}] {text}", labels.join(", "));
        }
    }
}

/// The dated rates of a tax code.
fn show_periods(out: &mut impl Write, codes: &CodeLists, code: &str, lang: Lang) {
    for period in codes.tax_rates().periods(code) {
        let day = |d: Option<chrono::NaiveDate>| {
            d.map_or_else(|| "…".to_owned(), |d| d.format("%d/%m/%Y").to_string())
        };
        say!(
            out,
            "  {} – {}: {} ({}{})",
            day(period.valid_from),
            day(period.valid_to),
            period.rate.normalize(),
            lang.pick(&period.instrument_vi, &period.instrument_en),
            if period.confirmed {
                String::new()
            } else {
                lang.pick("; chưa đối chiếu văn bản", "; not checked against the text")
            }
        );
    }
}
