//! Building the `tariff` table from a tariff sheet (rows of text cells, as read from the Excel
//! file or a CSV by the shell), and what it would change against the tariff in use. Pure.
//!
//! Layouts understood:
//! - the consolidated tariff of January 2026 (`Tariff.xlsx`): `Level`, `HSCode`,
//!   `Description_VN`, `Description_EN`, `Standard import duty rate` (ordinary), `MFN rate`, then
//!   `Import duty rate per <FTA>` for 21 agreements ([`AGREEMENT_COLUMNS`]); heading (4-digit),
//!   subheading (6-digit) and dash rows give each 8-digit line its place in the hierarchy;
//! - KhaiBao's own `tariff.csv` (`code,name_vi,name_en,unit,mfn,…`).
//!
//! The file has no unit, VAT or export-duty columns: those are kept from the tariff in use for the
//! lines it already has (the preview says how many). Every rate cell is read with
//! [`RateCell`]; one that is none of the notations stops the import, naming its row and column.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization as _;

use super::rate_cell::RateCell;
use super::tariff::Tariff;
use crate::domain::text::Bilingual;

/// Excel header → KhaiBao agreement key (the `agreement` column of `tariff_schedules`). RCEP's
/// six columns are its partner groups A–F.
pub const AGREEMENT_COLUMNS: [(&str, &str); 21] = [
    ("ACFTA", "acfta"),
    ("ATIGA", "atiga"),
    ("AJCEP", "ajcep"),
    ("VJEPA", "vjepa"),
    ("AKFTA", "akfta"),
    ("AANZFTA", "aanzfta"),
    ("AIFTA", "aifta"),
    ("VKFTA", "vkfta"),
    ("VCFTA", "vcfta"),
    ("VN-EAEU", "vneaeu"),
    ("CPTPP", "cptpp"),
    ("AHKFTA", "ahkfta"),
    ("EVFTA", "evfta"),
    ("UKVFTA", "ukvfta"),
    ("VIFTA", "vifta"),
    ("RCEPT A", "rcep_a"),
    ("RCEPT B", "rcep_b"),
    ("RCEPT C", "rcep_c"),
    ("RCEPT D", "rcep_d"),
    ("RCEPT E", "rcep_e"),
    ("RCEPT F", "rcep_f"),
];

/// Columns of the table KhaiBao writes, before the agreements.
const FIXED: [&str; 8] = [
    "code", "name_vi", "name_en", "unit", "mfn", "ordinary", "vat", "export",
];

/// Why a sheet cannot be imported. Nothing is written when any of these happens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum ImportError {
    /// The header is none of the layouts understood.
    Layout {
        /// The header cells found.
        found: Vec<String>,
    },
    /// A cell that is not what its column holds.
    Cell {
        /// Row number in the sheet (1 = the header).
        row: usize,
        /// Column header.
        column: String,
        /// What is wrong.
        problem: String,
    },
    /// One code with two different rows.
    Conflict {
        /// The code.
        code: String,
        /// The rows.
        rows: (usize, usize),
    },
    /// No 8-digit line at all.
    Empty,
    /// Columns that are none of the layout's, whose rates would be lost.
    UnknownColumns {
        /// Their headers.
        columns: Vec<String>,
    },
    /// Agreements the tariff in use has and the file has no column for.
    MissingAgreements {
        /// Their keys.
        agreements: Vec<String>,
    },
}

impl ImportError {
    /// What to tell the broker.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Layout { found } => Bilingual::new(
                format!(
                    "Không nhận ra bố cục biểu thuế: cần các cột HSCode, Description_VN, MFN rate (hoặc code, name_vi, mfn); tìm thấy: {}",
                    found.join(", ")
                ),
                format!(
                    "Unknown tariff layout: the columns HSCode, Description_VN, MFN rate (or code, name_vi, mfn) are needed; found: {}",
                    found.join(", ")
                ),
            ),
            Self::Cell {
                row,
                column,
                problem,
            } => Bilingual::new(
                format!("Dòng {row}, cột \"{column}\": {problem}. Không có gì được nhập"),
                format!("Row {row}, column \"{column}\": {problem}. Nothing was imported"),
            ),
            Self::Conflict { code, rows } => Bilingual::new(
                format!(
                    "Mã {code} có hai dòng khác nhau ({} và {}). Không có gì được nhập",
                    rows.0, rows.1
                ),
                format!(
                    "Code {code} has two different rows ({} and {}). Nothing was imported",
                    rows.0, rows.1
                ),
            ),
            Self::Empty => Bilingual::new(
                "Tệp không có dòng hàng 8 chữ số nào",
                "The file has no 8-digit tariff line",
            ),
            Self::UnknownColumns { columns } => Bilingual::new(
                format!(
                    "Không nhận ra các cột: {}. Thuế suất trong đó sẽ bị mất, nên không có gì được nhập (tên cột hiệp định có dạng \"Import duty rate per CPTPP\")",
                    columns.join(", ")
                ),
                format!(
                    "Unknown columns: {}. Their rates would be lost, so nothing was imported (an agreement's column is named like \"Import duty rate per CPTPP\")",
                    columns.join(", ")
                ),
            ),
            Self::MissingAgreements { agreements } => Bilingual::new(
                format!(
                    "Tệp không có cột cho {} mà biểu thuế đang dùng có: mọi ưu đãi đó sẽ mất. Không có gì được nhập",
                    agreements.join(", ").to_uppercase()
                ),
                format!(
                    "The file has no column for {}, which the tariff in use has: every such preference would be lost. Nothing was imported",
                    agreements.join(", ").to_uppercase()
                ),
            ),
        }
    }
}

crate::domain::text::localized!(ImportError);

/// One 8-digit line as imported: descriptions and every rate cell in canonical text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedLine {
    /// The 8 digits.
    pub code: String,
    /// Vietnamese description: the line's own words after those of its subheading rows.
    pub name_vi: String,
    /// English description, likewise.
    pub name_en: String,
    /// Unit, kept from the tariff in use (the file has none).
    pub unit: String,
    /// MFN cell.
    pub mfn: String,
    /// Ordinary-rate cell.
    pub ordinary: String,
    /// VAT, kept from the tariff in use.
    pub vat: String,
    /// Export duty, kept from the tariff in use.
    pub export: String,
    /// Agreement key → cell (canonical text; empty when the file leaves it empty).
    pub rates: BTreeMap<String, String>,
    /// The sheet row it came from.
    pub row: usize,
}

/// A heading (4 digits) or subheading (6 digits), for the picker's hierarchy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 4 or 6 digits.
    pub code: String,
    /// Vietnamese text.
    pub name_vi: String,
    /// English text.
    pub name_en: String,
}

/// A row left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Sheet row.
    pub row: usize,
    /// The code cell as read.
    pub code: String,
    /// Why.
    pub reason: Bilingual,
}

/// A sheet read into tariff lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTariff {
    /// The agreement columns found, in the sheet's order.
    pub agreements: Vec<String>,
    /// The 8-digit lines in the sheet's order.
    pub lines: Vec<ImportedLine>,
    /// Headings and subheadings.
    pub headings: Vec<Heading>,
    /// Rows that carry rates but are not 8-digit lines, left out.
    pub skipped: Vec<Skipped>,
    /// Identical repeated rows (chapter 98) kept once.
    pub repeats: usize,
    /// Lines whose unit, VAT or export duty came from the tariff in use.
    pub kept_from_current: usize,
}

/// Headers of the columns that are not agreements (lower case), and blank filler columns.
const KNOWN: [&str; 15] = [
    "level",
    "hscode",
    "code",
    "description_vn",
    "name_vi",
    "description_en",
    "name_en",
    "standard import duty rate",
    "ordinary",
    "mfn rate",
    "mfn",
    "unit",
    "vat",
    "export",
    "",
];

/// Where each column is.
struct Layout {
    code: usize,
    level: Option<usize>,
    name_vi: usize,
    name_en: Option<usize>,
    mfn: usize,
    ordinary: Option<usize>,
    unit: Option<usize>,
    vat: Option<usize>,
    export: Option<usize>,
    agreements: Vec<(usize, String)>,
}

impl Layout {
    fn of(header: &[String]) -> Result<Self, ImportError> {
        let at = |names: &[&str]| {
            header.iter().position(|h| {
                let h = h.trim();
                names.iter().any(|n| h.eq_ignore_ascii_case(n))
            })
        };
        let layout_error = || ImportError::Layout {
            found: header
                .iter()
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty())
                .collect(),
        };
        let code = at(&["HSCode", "code"]).ok_or_else(layout_error)?;
        let name_vi = at(&["Description_VN", "name_vi"]).ok_or_else(layout_error)?;
        let mfn = at(&["MFN rate", "mfn"]).ok_or_else(layout_error)?;
        let mut agreements = Vec::new();
        let mut unknown = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim();
            let excel = h
                .strip_prefix("Import duty rate per ")
                .and_then(|name| AGREEMENT_COLUMNS.iter().find(|(n, _)| *n == name.trim()));
            let own = AGREEMENT_COLUMNS.iter().find(|(_, key)| *key == h);
            if let Some((_, key)) = excel.or(own) {
                agreements.push((i, (*key).to_owned()));
            } else if !KNOWN.contains(&h.to_lowercase().as_str()) {
                // A column this version cannot place (a new agreement, a renamed header): its
                // rates would be dropped without a word.
                unknown.push(h.to_owned());
            }
        }
        if !unknown.is_empty() {
            return Err(ImportError::UnknownColumns { columns: unknown });
        }
        Ok(Self {
            code,
            level: at(&["Level"]),
            name_vi,
            name_en: at(&["Description_EN", "name_en"]),
            mfn,
            ordinary: at(&["Standard import duty rate", "ordinary"]),
            unit: at(&["unit"]),
            vat: at(&["vat"]),
            export: at(&["export"]),
            agreements,
        })
    }
}

/// Text as it should be kept: composed (NFC), non-breaking spaces as spaces, one space between
/// words, no superscript markers flattened into the text (`(SEN)`), no level dashes in front.
fn clean(text: &str) -> String {
    let text: String = text.replace('\u{a0}', " ").nfc().collect();
    let text = text.replace("(SEN)", "");
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    joined
        .trim_start_matches(['-', ' '])
        .trim_end_matches(':')
        .trim()
        .to_owned()
}

/// A heading's first clause, at most about 60 characters cut at a word (what names the goods:
/// "Bia sản xuất từ malt", "Máy xử lý dữ liệu tự động và các khối chức năng của chúng").
fn heading_clause(heading: &str) -> String {
    let clause = heading
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_end_matches('.');
    let mut kept = String::new();
    for word in clause.split(' ') {
        if !kept.is_empty() && kept.chars().count() + word.chars().count() > 60 {
            kept.push('…');
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    kept.trim_end_matches(',').to_owned()
}

/// Dashes in front of a description: its level when the sheet has no level column.
fn dashes(text: &str) -> usize {
    text.replace('\u{a0}', " ")
        .trim_start()
        .split(' ')
        .take_while(|w| *w == "-")
        .count()
}

/// Cell `i` of a row (`""` beyond its end).
fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", String::as_str)
}

/// The cell of an optional column.
fn optional(row: &[String], i: Option<usize>) -> &str {
    i.map_or("", |i| cell(row, i))
}

/// Reads a sheet: `rows[0]` is the header. `current` is the tariff in use, whose unit, VAT and
/// export duty are kept for the lines it has.
///
/// # Errors
/// [`ImportError`] for an unknown layout, a cell that is no rate, a code with two different rows,
/// or a sheet without any 8-digit line.
#[allow(clippy::too_many_lines)] // One pass over the rows, in the sheet's order.
pub fn read_sheet(rows: &[Vec<String>], current: &Tariff) -> Result<ImportedTariff, ImportError> {
    let header = rows.first().ok_or(ImportError::Empty)?;
    let layout = Layout::of(header)?;
    let missing: Vec<String> = current
        .agreements()
        .into_iter()
        .filter(|a| !layout.agreements.iter().any(|(_, k)| k == a))
        .map(str::to_owned)
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingAgreements {
            agreements: missing,
        });
    }
    // Each row above the current one with its level: a row missing from the file (a cut) leaves
    // a gap in the levels, not a wrong ancestor.
    let mut levels: Vec<usize> = Vec::new();
    let mut path_vi: Vec<String> = Vec::new();
    let mut path_en: Vec<String> = Vec::new();
    let mut heading_code = String::new();
    let mut base_level = 0;
    let mut lines: Vec<ImportedLine> = Vec::new();
    // Code → its line's index and its own words, to tell a repeat from a conflict.
    let mut seen: BTreeMap<String, (usize, (String, String))> = BTreeMap::new();
    let mut imported = ImportedTariff {
        agreements: layout.agreements.iter().map(|(_, k)| k.clone()).collect(),
        lines: Vec::new(),
        headings: Vec::new(),
        skipped: Vec::new(),
        repeats: 0,
        kept_from_current: 0,
    };
    for (index, row) in rows.iter().enumerate().skip(1) {
        let number = index + 1;
        let raw_code = cell(row, layout.code);
        let code: String = raw_code
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect();
        let raw_vi = cell(row, layout.name_vi);
        let level = optional(row, layout.level)
            .trim()
            .parse::<usize>()
            .unwrap_or_else(|_| dashes(raw_vi));
        let (vi, en) = (clean(raw_vi), clean(optional(row, layout.name_en)));
        let mfn_text = cell(row, layout.mfn);
        let digits = code.bytes().all(|b| b.is_ascii_digit());
        if !digits {
            return Err(ImportError::Cell {
                row: number,
                column: header[layout.code].trim().to_owned(),
                problem: format!("\"{raw_code}\" is not an HS code"),
            });
        }
        // The place in the hierarchy: a heading starts it again, a deeper row extends it. A
        // coded row under another heading than the path's (a file cut without that heading's
        // row) starts afresh rather than borrowing the previous heading's words.
        // Its level then counts from that row's.
        if code.len() >= 4 {
            if code.len() == 4 {
                heading_code.clone_from(&code);
                base_level = 0;
            } else if !code.starts_with(heading_code.as_str()) {
                code[..4].clone_into(&mut heading_code);
                base_level = level;
                levels.clear();
                path_vi.clear();
                path_en.clear();
            }
        }
        let level = level.saturating_sub(base_level);
        let depth = levels.iter().take_while(|l| **l < level).count();
        levels.truncate(depth);
        path_vi.truncate(depth);
        path_en.truncate(depth);
        levels.push(level);
        path_vi.push(vi.clone());
        path_en.push(en.clone());
        match code.len() {
            4 | 6 => {
                imported.headings.push(Heading {
                    code,
                    name_vi: vi,
                    name_en: en,
                });
                continue;
            }
            8 => {}
            _ => {
                if !mfn_text.trim().is_empty() {
                    imported.skipped.push(Skipped {
                        row: number,
                        code: raw_code.trim().to_owned(),
                        reason: Bilingual::new(
                            format!("mã \"{}\" không đủ 8 chữ số", raw_code.trim()),
                            format!("code \"{}\" is not 8 digits", raw_code.trim()),
                        ),
                    });
                }
                continue;
            }
        }
        // The heading's first clause, then the words of the rows above the line, then its own
        // ("Bia sản xuất từ malt – Bia đen hoặc bia nâu – Có nồng độ cồn…"): a broker searching
        // "bia" or "beer" finds the line by its heading. A line at the heading's own level is
        // described by the whole heading.
        let described = |path: &[String]| {
            if path.len() <= 1 {
                return path.join(" – ");
            }
            let heading = heading_clause(&path[0]);
            std::iter::once(heading)
                .chain(path[1..].iter().cloned())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" – ")
        };
        let rate = |i: usize| -> Result<String, ImportError> {
            RateCell::parse(cell(row, i))
                .map(|c| c.map(|c| c.to_string()).unwrap_or_default())
                .map_err(|e| ImportError::Cell {
                    row: number,
                    column: header[i].trim().to_owned(),
                    problem: format!("\"{}\" is not a rate ({})", e.text, e.problem),
                })
        };
        let mfn = rate(layout.mfn)?;
        if mfn.is_empty() {
            return Err(ImportError::Cell {
                row: number,
                column: header[layout.mfn].trim().to_owned(),
                problem: format!("line {code} has no MFN rate"),
            });
        }
        let mut rates = BTreeMap::new();
        for (i, key) in &layout.agreements {
            rates.insert(key.clone(), rate(*i)?);
        }
        let kept = current.table().get(&code);
        let from_current = |column: &str| {
            kept.and_then(|entry| current.table().field(entry, column))
                .unwrap_or("")
                .to_owned()
        };
        let pick = |own: Option<usize>, column: &str| match own {
            Some(i) => cell(row, i).trim().to_owned(),
            None => from_current(column),
        };
        let line = ImportedLine {
            name_vi: described(&path_vi),
            name_en: described(&path_en),
            unit: pick(layout.unit, "unit"),
            mfn,
            ordinary: match layout.ordinary {
                Some(i) => rate(i)?,
                None => String::new(),
            },
            vat: pick(layout.vat, "vat"),
            export: pick(layout.export, "export"),
            rates,
            row: number,
            code: code.clone(),
        };
        let kept_here = layout.unit.is_none() && kept.is_some();
        if let Some(&(first, ref own)) = seen.get(&code) {
            // Chapter 98 repeats a line under several headings: the same words and rates are
            // one line (kept with its first place); different ones are a conflict.
            let earlier = &lines[first];
            let same_rates = ImportedLine {
                row: earlier.row,
                name_vi: earlier.name_vi.clone(),
                name_en: earlier.name_en.clone(),
                ..line.clone()
            };
            if &same_rates != earlier || own != &(vi.clone(), en.clone()) {
                return Err(ImportError::Conflict {
                    code,
                    rows: (earlier.row, number),
                });
            }
            imported.repeats += 1;
        } else {
            imported.kept_from_current += usize::from(kept_here);
            seen.insert(code, (lines.len(), (vi, en)));
            lines.push(line);
        }
    }
    if lines.is_empty() {
        return Err(ImportError::Empty);
    }
    imported.lines = lines;
    Ok(imported)
}

impl ImportedTariff {
    /// The `tariff` table as CSV: `code,name_vi,name_en,unit,mfn,ordinary,vat,export,` then one
    /// column per agreement.
    pub fn tariff_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<&str> = FIXED.to_vec();
        header.extend(self.agreements.iter().map(String::as_str));
        // Writing to memory cannot fail; a failure would show as a missing row in the preview.
        let _ = writer.write_record(&header);
        for line in &self.lines {
            let mut record = vec![
                line.code.as_str(),
                &line.name_vi,
                &line.name_en,
                &line.unit,
                &line.mfn,
                &line.ordinary,
                &line.vat,
                &line.export,
            ];
            record.extend(
                self.agreements
                    .iter()
                    .map(|a| line.rates.get(a).map_or("", String::as_str)),
            );
            let _ = writer.write_record(&record);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The headings as a code table CSV (`code,name_vi,name_en`).
    pub fn headings_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(["code", "name_vi", "name_en"]);
        for h in &self.headings {
            let _ = writer.write_record([&h.code, &h.name_vi, &h.name_en]);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// What the import changes against `current`.
    pub fn changes(&self, current: &Tariff) -> Changes {
        let mut changes = Changes::default();
        let table = current.table();
        let new_codes: std::collections::HashSet<&str> =
            self.lines.iter().map(|l| l.code.as_str()).collect();
        for line in &self.lines {
            let Some(entry) = table.get(&line.code) else {
                changes.added.push(line.code.clone());
                continue;
            };
            let old = |column: &str| {
                table
                    .field(entry, column)
                    .map(|t| {
                        RateCell::parse(t)
                            .ok()
                            .flatten()
                            .map_or_else(|| t.to_owned(), |c| c.to_string())
                    })
                    .unwrap_or_default()
            };
            let mut differences = Vec::new();
            let mut compare = |column: &str, new: &str| {
                let was = old(column);
                if was != new && !(column != "mfn" && was.is_empty() && !table_has(current, column))
                {
                    differences.push(Difference {
                        column: column.to_owned(),
                        old: was,
                        new: new.to_owned(),
                    });
                }
            };
            compare("mfn", &line.mfn);
            for (agreement, new) in &line.rates {
                compare(agreement, new);
            }
            if !differences.is_empty() {
                changes.changed.push((line.code.clone(), differences));
            }
        }
        for entry in table.entries() {
            if !new_codes.contains(entry.code.as_str()) {
                changes.removed.push(entry.code.clone());
            }
        }
        changes
    }
}

fn table_has(current: &Tariff, column: &str) -> bool {
    current
        .table()
        .extra_column_names()
        .iter()
        .any(|c| c == column)
}

/// One cell that changes (a rate of the tariff, a column of any table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `mfn` or an agreement.
    pub column: String,
    /// The cell in use (canonical text).
    pub old: String,
    /// The imported cell.
    pub new: String,
}

impl Difference {
    /// The differences of a row for a preview: `mfn 35 → 30; evfta — → 22` (`—` = empty).
    pub fn describe(differences: &[Self]) -> String {
        let shown = |cell: &str| {
            if cell.is_empty() {
                "—".to_owned()
            } else {
                cell.to_owned()
            }
        };
        differences
            .iter()
            .map(|d| format!("{} {} → {}", d.column, shown(&d.old), shown(&d.new)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What an import changes: lines added, removed, and changed with their differences.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// Codes new in the import.
    pub added: Vec<String>,
    /// Codes the import no longer has.
    pub removed: Vec<String>,
    /// Codes whose rates change.
    pub changed: Vec<(String, Vec<Difference>)>,
}

#[cfg(test)]
mod tests;
