//! `khaibao exercise list | show ID [--documents DIR] | check ID FILE [--record] | attempts ID |
//! key PACK`: the exercise packs for trainees (`crate::exercise`). Scores use the bundled code
//! tables of the data folder and the default lane rules; `check` exits 0 for full marks, 1 when
//! something differs, 2 for input that cannot be read; `key` (for pack authors) exits 0 when
//! the pack's stated lane and taxes are the program's and its key validates, 1 when not.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{Format, Lang, say};
use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
use crate::clock::Clock;
use crate::codes::CodeLists;
use crate::domain::text::Bilingual;
use crate::domain::time::vietnam_display;
use crate::exercise::{self, Exercise, Score};
use crate::store::{STORE_FILE, Store};

/// What to do with the exercises.
#[derive(Debug, Subcommand)]
pub enum ExerciseAction {
    /// List the shipped exercises: id, level, title, what each teaches.
    List,
    /// Show an exercise: scenario, documents' key facts and hints; `--documents DIR` writes the
    /// documents (invoice, packing list, B/L or AWB, C/O) as PDF.
    Show {
        /// The exercise's id (see `khaibao exercise list`), or a pack folder / .zip.
        id: String,
        /// Write the documents as PDF into this folder.
        #[arg(long, value_name = "DIR")]
        documents: Option<PathBuf>,
    },
    /// Score a declaration file against an exercise's answer key (exit 0 full marks, 1
    /// differences, 2 unreadable input).
    Check {
        /// The exercise's id, or a pack folder / .zip.
        id: String,
        /// The trainee's declaration (.khaibao or .json).
        declaration: PathBuf,
        /// Keep the attempt in the local store (for the chart of scores over time).
        #[arg(long)]
        record: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The recorded attempts at an exercise, oldest first, at Vietnam time (UTC+7); an id
    /// known nowhere exits 2.
    Attempts {
        /// The exercise's id, or a pack folder / .zip.
        id: String,
    },
    /// For pack authors: the lane and taxes the program computes for a pack's key beside what
    /// its `[key]` states, the key's validation findings on the exercise's day, and the lines
    /// to paste into `exercise.toml` (exit 0 all agree, 1 something differs, 2 unreadable).
    Key {
        /// A pack folder / .zip, or a shipped exercise's id.
        id: String,
    },
}

pub(super) fn run(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    action: ExerciseAction,
    lang: Lang,
) -> u8 {
    match action {
        ExerciseAction::List => list(out, lang),
        ExerciseAction::Show { id, documents } => show(out, &id, documents.as_deref(), lang),
        ExerciseAction::Check {
            id,
            declaration,
            record,
            format,
        } => check(
            out,
            data_dir,
            clock,
            &id,
            &declaration,
            record,
            format,
            lang,
        ),
        ExerciseAction::Attempts { id } => attempts(out, data_dir, &id, lang),
        ExerciseAction::Key { id } => key(out, data_dir, &id, lang),
    }
}

fn text(lang: Lang, t: &Bilingual) -> String {
    lang.text(t)
}

/// The exercise named: a shipped id, else a pack folder, its `exercise.toml` or a `.zip` on
/// disk (a path that is not there is said to be missing, not an unknown id).
fn exercise_named(id: &str, lang: Lang) -> Result<Exercise, u8> {
    let path = Path::new(id);
    let looks_like_path = id.contains(['/', '\\'])
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip") || e.eq_ignore_ascii_case("toml"));
    let found = match exercise::find(id) {
        Err(_) if path.exists() || looks_like_path => exercise::load_pack(path),
        found => found,
    };
    found.map_err(|e| {
        eprintln!("{}", lang.error(&e));
        2
    })
}

fn list(out: &mut impl Write, lang: Lang) -> u8 {
    let all = match exercise::catalogue_checked() {
        Ok(all) => all,
        Err(e) => {
            eprintln!("{}", lang.error(&e));
            return 2;
        }
    };
    for e in all {
        say!(
            out,
            "{}  [{} {}]  {}",
            e.id,
            lang.pick("mức", "level"),
            e.level,
            text(lang, &e.title)
        );
        say!(out, "    {}", text(lang, &e.teaches));
    }
    0
}

fn show(out: &mut impl Write, id: &str, documents: Option<&Path>, lang: Lang) -> u8 {
    let e = match exercise_named(id, lang) {
        Ok(e) => e,
        Err(code) => return code,
    };
    say!(out, "{} — {}", e.id, text(lang, &e.title));
    say!(
        out,
        "{}: {}",
        lang.pick("Nội dung", "Teaches"),
        text(lang, &e.teaches)
    );
    say!(out, "{}", text(lang, &e.scenario).trim());
    if let Some(invoice) = &e.documents.invoice {
        say!(
            out,
            "{}: {} {} — {} {} {} ({} {})",
            lang.pick("Hóa đơn", "Invoice"),
            invoice.number,
            invoice.date,
            invoice.incoterm,
            invoice.total(),
            invoice.currency,
            invoice.lines.len(),
            lang.pick("dòng", "lines")
        );
    }
    if let Some(t) = &e.documents.transport {
        say!(
            out,
            "{}: {} ({})",
            lang.pick("Vận đơn", "Transport document"),
            t.number,
            t.vessel
        );
    }
    if let Some(co) = &e.documents.certificate_of_origin {
        say!(out, "C/O: {} {} {}", co.form, co.number, co.date);
    }
    say!(out, "{}:", lang.pick("Gợi ý", "Hints"));
    for (n, hint) in e.hints.iter().enumerate() {
        let hint_text = match lang {
            Lang::Vi => hint.vi.clone(),
            Lang::En => hint.en.clone(),
            Lang::Both => format!("{} / {}", hint.vi, hint.en),
        };
        match &hint.item {
            Some(item) if !item.is_empty() => say!(out, "  {}. [{item}] {hint_text}", n + 1),
            _ => say!(out, "  {}. {hint_text}", n + 1),
        }
    }
    if let Some(dir) = documents {
        return write_documents(out, &e, dir, lang);
    }
    0
}

fn write_documents(out: &mut impl Write, e: &Exercise, dir: &Path, lang: Lang) -> u8 {
    let language = match lang {
        Lang::En => crate::print::Language::En,
        Lang::Vi | Lang::Both => crate::print::Language::Vi,
    };
    let files = match exercise::documents::render_all(e, language) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("PDF: {err}");
            return 2;
        }
    };
    if let Err(err) = std::fs::create_dir_all(dir) {
        eprintln!("{}: {err}", dir.display());
        return 2;
    }
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Err(err) = std::fs::write(&path, bytes) {
            eprintln!("{}: {err}", path.display());
            return 2;
        }
        say!(out, "{}", path.display());
    }
    0
}

#[allow(clippy::too_many_arguments)] // The command's arguments, passed on as they are.
fn check(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    id: &str,
    file: &Path,
    record: bool,
    format: Format,
    lang: Lang,
) -> u8 {
    let e = match exercise_named(id, lang) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let declaration = match crate::appdata::read_declaration(file) {
        Ok(d) => d,
        Err(err) => {
            eprintln!("{}", lang.error(&err));
            return 2;
        }
    };
    let (codes, lanes) = match scoring_rules(data_dir, lang) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let score = exercise::score(&e, &declaration, None, &codes, &lanes);
    if record {
        let recorded = Store::open(&data_dir.join(STORE_FILE))
            .and_then(|mut store| store.record_attempt(&score, &declaration, clock.now()));
        if let Err(err) = recorded {
            eprintln!("{}", lang.error(&err));
            return 2;
        }
    }
    match format {
        Format::Json => {
            let json = match shown_json(&score) {
                Ok(json) => json,
                Err(e) => {
                    eprintln!("JSON: {e}");
                    return 2;
                }
            };
            if !super::say_json(out, &json) {
                return 2;
            }
        }
        Format::Text => print_score(out, &score, lang),
    }
    u8::from(!score.is_full())
}

/// The code tables of the data folder and the default lane rules, which every score uses.
fn scoring_rules(data_dir: &Path, lang: Lang) -> Result<(CodeLists, LaneRules), u8> {
    let codes = super::code_lists(data_dir, lang)?;
    let lanes = LaneRules::parse(DEFAULT_RULES).map_err(|err| {
        eprintln!("{err}");
        2
    })?;
    Ok((codes, lanes))
}

/// `exercise key PACK`: what the program computes for the pack's key beside what it states.
fn key(out: &mut impl Write, data_dir: &Path, id: &str, lang: Lang) -> u8 {
    let e = match exercise_named(id, lang) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let (codes, lanes) = match scoring_rules(data_dir, lang) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let check = exercise::check_key(&e, &codes, &lanes);
    let mark = |agrees: bool| if agrees { "✓" } else { "✗" };
    say!(
        out,
        "{} {} ({})",
        e.id,
        text(lang, &e.title),
        e.date.format("%d/%m/%Y")
    );
    let stated_lane = check
        .stated_lane
        .map_or_else(|| "—".to_owned(), |l| l.number().to_string());
    say!(
        out,
        "{} {}: {} {}  |  {}: {}",
        mark(check.lane_agrees()),
        lang.pick("Luồng", "Lane"),
        lang.pick("tính được", "computed"),
        check.lane.number(),
        lang.pick("gói ghi", "pack states"),
        stated_lane
    );
    let kinds: std::collections::BTreeSet<_> = check
        .taxes
        .keys()
        .chain(check.stated_taxes.keys())
        .copied()
        .collect();
    for kind in kinds {
        let computed = check.taxes.get(&kind).copied().unwrap_or_default();
        let stated = check.stated_taxes.get(&kind).copied().unwrap_or_default();
        say!(
            out,
            "{} {}: {} {} VND  |  {}: {} VND",
            mark(computed == stated),
            lang.pick(kind.name_vi(), kind.name_en()),
            lang.pick("tính được", "computed"),
            computed,
            lang.pick("gói ghi", "pack states"),
            stated
        );
    }
    for f in check.assessment_problems.iter().chain(&check.findings) {
        say_finding(out, f, lang);
    }
    advise(out, &check, lang)
}

/// What the pack's author is to do after `exercise key`; the exit code (0 nothing, 1 something).
fn advise(out: &mut impl Write, check: &exercise::KeyCheck, lang: Lang) -> u8 {
    if check.is_sound() {
        say!(
            out,
            "{}",
            lang.pick(
                "Đáp án khớp với chương trình.",
                "The key agrees with the program."
            )
        );
        return 0;
    }
    if check.has_errors() {
        // Lane and taxes of a key with errors are no answer to copy.
        say!(
            out,
            "{}",
            lang.pick(
                "Đáp án còn lỗi (các dòng trên): sửa key.json — hoặc `date` trong exercise.toml khi ngày đó không có tỷ giá — rồi chạy lại lệnh này; luồng và thuế chỉ đáng tin khi hết lỗi.",
                "The key has errors (the lines above): mend key.json — or `date` in exercise.toml when that day has no exchange rate — then run this again; the lane and taxes are to be trusted only once there are none."
            )
        );
        return 1;
    }
    if !check.lane_agrees() {
        say!(
            out,
            "{}\n{}",
            lang.pick(
                "Trong [key] của exercise.toml, sửa dòng lane thành:",
                "In exercise.toml's [key], make the lane line:"
            ),
            check.lane_line()
        );
    }
    if !check.taxes_agree() {
        say!(
            out,
            "{}\n{}",
            lang.pick(
                "Thay cả bảng [key.taxes] (đến tiêu đề [..] tiếp theo) bằng:",
                "Replace the whole [key.taxes] table (up to the next [..] header) with:"
            ),
            check.taxes_table().trim_end()
        );
    }
    say!(
        out,
        "{}",
        lang.pick(
            "Giữ nguyên các dòng khác của [key] (first_time, number_base, tax_tolerance_vnd, [key.fields…]).",
            "Keep [key]'s other lines as they are (first_time, number_base, tax_tolerance_vnd, [key.fields…])."
        )
    );
    1
}

/// What stands for the key's value of a field left empty, (vi, en) — the window's
/// `Text::ExpectedHidden`.
const EXPECTED_HIDDEN: (&str, &str) = (
    "(chưa hiện — điền trước đã)",
    "(not shown until you fill it in)",
);

/// The score as JSON, each difference's `expected` null while nothing was given there (as the
/// text output, it would give the answer away).
fn shown_json(score: &Score) -> Result<serde_json::Value, serde_json::Error> {
    let mut value = serde_json::to_value(score)?;
    if let Some(list) = value
        .get_mut("differences")
        .and_then(serde_json::Value::as_array_mut)
    {
        for (json, d) in list.iter_mut().zip(&score.differences) {
            if d.expected_shown().is_none() {
                json["expected"] = serde_json::Value::Null;
            }
        }
    }
    Ok(value)
}

fn print_score(out: &mut impl Write, score: &Score, lang: Lang) {
    say!(
        out,
        "{}: {}/{} ({}%)",
        lang.pick("Điểm", "Score"),
        score.points,
        score.max,
        score.percent()
    );
    if score.lines_reordered {
        say!(
            out,
            "{}",
            lang.pick(
                "Các dòng hàng được ghép theo mã HS và mô tả (thứ tự khác đáp án)",
                "Goods lines were matched by HS code and description (order differs from the key)"
            )
        );
    }
    for d in &score.differences {
        let name = text(lang, &d.name);
        let item = if d.item.is_empty() {
            String::new()
        } else {
            format!(" [{}]", d.item)
        };
        say!(out, "  {}{item} {name}", d.path);
        // The key's value only once something was given (else it is the answer).
        let expected = match d.expected_shown() {
            Some("") => "—".to_owned(),
            Some(value) => value.to_owned(),
            None => lang.pick(EXPECTED_HIDDEN.0, EXPECTED_HIDDEN.1),
        };
        say!(
            out,
            "      {}: {expected}  |  {}: {}",
            lang.pick("đáp án", "expected"),
            lang.pick("đã khai", "given"),
            if d.given.is_empty() { "—" } else { &d.given }
        );
        say!(out, "      {}", text(lang, &d.hint));
    }
    if !score.unchecked.is_empty() {
        say!(
            out,
            "{}: {}",
            lang.pick(
                "Chưa chấm (cần kết quả của hệ thống)",
                "Not checked (needs the core's outcome)"
            ),
            score.unchecked.join(", ")
        );
    }
    for f in &score.findings {
        say_finding(out, f, lang);
    }
}

/// One finding on a line: code, field path, message.
fn say_finding(out: &mut impl Write, f: &crate::rules::Finding, lang: Lang) {
    say!(
        out,
        "  {} {} {}",
        f.code,
        f.path,
        lang.pick(&f.message_vi, &f.message_en)
    );
}

/// `exercise attempts ID`: a shipped id, a pack of one's own (its folder or `.zip`, or the id
/// its attempts were kept under); the times in Vietnam time. An id known nowhere is an error
/// (exit 2), not an empty list.
fn attempts(out: &mut impl Write, data_dir: &Path, id: &str, lang: Lang) -> u8 {
    let shipped = exercise::find(id);
    let path = Path::new(id);
    let key = match &shipped {
        Ok(e) => e.id.clone(),
        Err(_) if path.exists() => match exercise::load_pack(path) {
            Ok(e) => e.id,
            Err(err) => {
                eprintln!("{}", lang.error(&err));
                return 2;
            }
        },
        Err(_) => id.trim().to_owned(),
    };
    let listed = Store::open(&data_dir.join(STORE_FILE)).and_then(|store| store.attempts(&key));
    let attempts = match listed {
        Ok(attempts) => attempts,
        Err(err) => {
            eprintln!("{}", lang.error(&err));
            return 2;
        }
    };
    if attempts.is_empty() {
        if let Err(err) = &shipped
            && !path.exists()
        {
            eprintln!("{}", lang.error(err));
            return 2;
        }
        say!(
            out,
            "{}",
            lang.pick(
                &format!("{key}: chưa có lần làm nào"),
                &format!("{key}: no attempt yet")
            )
        );
        return 0;
    }
    say!(
        out,
        "{}",
        lang.pick(
            &format!("{key} — giờ Việt Nam (UTC+7)"),
            &format!("{key} — Vietnam time (UTC+7)")
        )
    );
    for a in attempts {
        say!(
            out,
            "{}  {}/{} ({}%)  {} {}",
            vietnam_display(a.at),
            a.points,
            a.max,
            a.percent(),
            a.differences.len(),
            lang.pick("chỗ khác", "differences")
        );
    }
    0
}
