//! The instructor's side of the simulated core: who the instructors are, forced outcomes of the
//! next official registration, the random selection's seed and rates, risk-rules profiles, and
//! snapshots of the whole state.
//!
//! - **Instructors** are VNACCS user IDs kept in the core's meta (`instructors`, a JSON list).
//!   With none configured (single-user practice, the default), everyone may use the training
//!   controls as before; with some, a control by anyone else is refused with `KB-S0081`
//!   ([`crate::wire::Operation::is_instructor_only`] lists the controls).
//! - **Rules**: the active lane rules are the data folder's `lane_rules.toml` (or the rules a
//!   memory core was made with), unless an instructor loaded a profile (meta `lane_rules.text`,
//!   `lane_rules.name`); the seed and rates set by [`crate::wire::Operation::SetRandomSelection`]
//!   override it (meta `lane_rules.seed`, `.red_percent`, `.yellow_percent`) until the next
//!   profile. Being in the database, they travel with snapshots.
//! - **Snapshots** are SQLite backups of `core.sqlite` in `<data>/snapshots/<name>.sqlite`.
//!   A restore copies the snapshot into a staging database in memory, keeps there the present
//!   instructors and the number counters (never lower: a number is never given twice, as with a
//!   reset), then backs the staging database up over the live one in one step.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::storage;
use crate::assess::lanes::LaneRules;
use crate::domain::UserId;
use crate::wire::{ForcedOutcome, Operation, ResultCode, SnapshotInfo, TrainingSettings, codes};

const INSTRUCTORS: &str = "instructors";
const RULES_TEXT: &str = "lane_rules.text";
const RULES_NAME: &str = "lane_rules.name";
const SEED: &str = "lane_rules.seed";
const RED: &str = "lane_rules.red_percent";
const YELLOW: &str = "lane_rules.yellow_percent";
const TAKEN_AT: &str = "snapshot.taken_at";
/// The folder of the snapshots inside the core's data folder.
pub const SNAPSHOT_DIR: &str = "snapshots";

/// The instructors' user IDs (empty: none configured).
pub(super) fn instructors(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    Ok(storage::meta(conn, INSTRUCTORS)?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

/// Sets the instructors (empty: everyone may use the training controls).
pub(super) fn set_instructors(conn: &Connection, ids: &[String]) -> rusqlite::Result<()> {
    let text = serde_json::to_string(ids)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    storage::set_meta(conn, INSTRUCTORS, &text)
}

/// Whether `user` may use the instructor's controls.
pub(super) fn may_instruct(conn: &Connection, user: &str) -> rusqlite::Result<bool> {
    let list = instructors(conn)?;
    Ok(list.is_empty() || list.iter().any(|i| i == user))
}

/// Whether `user` is one of the instructors named in the setting (none named: nobody is, so
/// reading others' declarations is not opened to everyone).
pub(super) fn is_named_instructor(conn: &Connection, user: &str) -> rusqlite::Result<bool> {
    Ok(instructors(conn)?.iter().any(|i| i == user))
}

/// The active lane rules: the loaded profile or `base`, with the instructor's seed and rates.
pub(super) fn active_rules(conn: &Connection, base: &LaneRules) -> rusqlite::Result<LaneRules> {
    let mut rules = storage::meta(conn, RULES_TEXT)?
        .and_then(|text| LaneRules::parse(&text).ok())
        .unwrap_or_else(|| base.clone());
    if let Some(seed) = storage::meta(conn, SEED)?.and_then(|v| v.parse().ok()) {
        rules.seed = seed;
    }
    if let Some(red) = storage::meta(conn, RED)?.and_then(|v| v.parse().ok()) {
        rules.random.red_percent = red;
    }
    if let Some(yellow) = storage::meta(conn, YELLOW)?.and_then(|v| v.parse().ok()) {
        rules.random.yellow_percent = yellow;
    }
    Ok(rules)
}

/// The settings an instructor control answers with.
pub(super) fn settings(
    conn: &Connection,
    rules: &LaneRules,
    (done_vi, done_en): (String, String),
) -> rusqlite::Result<TrainingSettings> {
    Ok(TrainingSettings {
        done_vi,
        done_en,
        instructors: instructors(conn)?,
        forced: storage::forced(conn)?,
        seed: rules.seed,
        red_percent: rules.random.red_percent,
        yellow_percent: rules.random.yellow_percent,
        rules: rules.rules.iter().map(|r| r.name.clone()).collect(),
        profile: storage::meta(conn, RULES_NAME)?,
        snapshots: Vec::new(),
    })
}

/// The official row of a VNACCS result code, for a forced refusal: the row of the
/// registration job (`IDC`/`EDC`) first, then any job's.
pub(super) fn official_row(
    job: &str,
    code: &str,
) -> Option<&'static crate::wire::vnaccs::results::Official> {
    crate::wire::vnaccs::results::lookup(job, code, "0000")
        .or_else(|| crate::wire::vnaccs::results::any(code))
}

/// The answer of a registration refused by the instructor's forcing: the official code and
/// meaning.
pub(super) fn forced_refusal(job: &str, code: &str, by: &str) -> ResultCode {
    let row = official_row(job, code);
    let meaning = row.map_or("", |r| r.description_vi.trim());
    let item = row.map_or("", |r| r.item_name.trim());
    ResultCode {
        code: code.to_owned(),
        message_vi: format!("{meaning} (giảng viên {by} ấn định để luyện tập)"),
        message_en: format!(
            "VNACCS {code}, forced by instructor {by} for practice — the official meaning (Vietnamese only): {meaning}{}",
            if item.is_empty() || item == "None" {
                String::new()
            } else {
                format!(" [item: {item}]")
            }
        ),
    }
}

type Done = Result<(String, String), ResultCode>;

/// Carries out an instructor control that lives in the database (every one but the
/// snapshots): `None` for other operations. `base` is the rules without the instructor's
/// settings.
pub(super) fn operate(
    conn: &Connection,
    op: &Operation,
    user: &str,
    now: DateTime<Utc>,
) -> Option<rusqlite::Result<Done>> {
    Some(match op {
        Operation::SetInstructors { user_ids } => instructors_op(conn, user_ids),
        Operation::ForceOutcome {
            user: trainee,
            outcome,
        } => force(conn, trainee.as_deref(), outcome, user, now),
        Operation::ListForcedOutcomes => Ok(Ok((
            "Các kết quả ấn định đang chờ".to_owned(),
            "The forced outcomes pending".to_owned(),
        ))),
        Operation::SetRandomSelection {
            seed,
            red_percent,
            yellow_percent,
        } => random(conn, *seed, *red_percent, *yellow_percent),
        Operation::LoadRules { text, name } => load_rules(conn, text, name.as_deref()),
        _ => return None,
    })
}

fn instructors_op(conn: &Connection, ids: &[String]) -> rusqlite::Result<Done> {
    let mut list: Vec<String> = ids.iter().map(|i| i.trim().to_owned()).collect();
    if let Some(bad) = list.iter().find(|i| i.parse::<UserId>().is_err()) {
        return Ok(Err(ResultCode::with_detail(codes::BAD_TRAINEE, bad, bad)));
    }
    list.sort();
    list.dedup();
    set_instructors(conn, &list)?;
    Ok(Ok(if list.is_empty() {
        (
            "Không còn giảng viên: mọi người dùng được các thao tác luyện tập".to_owned(),
            "No instructors: everyone may use the training controls".to_owned(),
        )
    } else {
        (
            format!("Giảng viên: {}", list.join(", ")),
            format!("Instructors: {}", list.join(", ")),
        )
    }))
}

fn force(
    conn: &Connection,
    trainee: Option<&str>,
    outcome: &ForcedOutcome,
    by: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<Done> {
    let trainee = trainee.map(str::trim).filter(|t| !t.is_empty());
    if let Some(bad) = trainee.filter(|t| t.parse::<UserId>().is_err()) {
        return Ok(Err(ResultCode::with_detail(codes::BAD_TRAINEE, bad, bad)));
    }
    let outcome = match outcome {
        ForcedOutcome::Refusal { code } => {
            let code = code.trim().to_uppercase();
            if code == crate::wire::OK || crate::wire::vnaccs::results::any(&code).is_none() {
                return Ok(Err(ResultCode::with_detail(
                    codes::NOT_OFFICIAL_CODE,
                    &code,
                    &code,
                )));
            }
            ForcedOutcome::Refusal { code }
        }
        lane @ ForcedOutcome::Lane { .. } => lane.clone(),
    };
    storage::add_forced(conn, trainee, &outcome, by, now)?;
    let (what_vi, what_en) = match &outcome {
        ForcedOutcome::Lane { lane } => (lane.name(true).to_owned(), lane.name(false).to_owned()),
        ForcedOutcome::Refusal { code } => (
            format!("từ chối với mã {code}"),
            format!("a refusal with {code}"),
        ),
    };
    let (who_vi, who_en) = trainee.map_or_else(
        || ("bất kỳ ai".to_owned(), "anyone".to_owned()),
        |t| (format!("người sử dụng {t}"), format!("user {t}")),
    );
    Ok(Ok((
        format!("Lần đăng ký chính thức (IDC/EDC) tiếp theo của {who_vi}: {what_vi}"),
        format!("The next official registration (IDC/EDC) by {who_en}: {what_en}"),
    )))
}

fn random(
    conn: &Connection,
    seed: Option<u64>,
    red: Option<Decimal>,
    yellow: Option<Decimal>,
) -> rusqlite::Result<Done> {
    let current = |key| -> rusqlite::Result<Option<Decimal>> {
        Ok(storage::meta(conn, key)?.and_then(|v| v.parse().ok()))
    };
    let in_range = |p: Decimal| p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED;
    let red_now = red.or(current(RED)?);
    let yellow_now = yellow.or(current(YELLOW)?);
    if [red, yellow].into_iter().flatten().any(|p| !in_range(p))
        || red_now.unwrap_or_default() + yellow_now.unwrap_or_default() > Decimal::ONE_HUNDRED
    {
        return Ok(Err(codes::BAD_RATES.into()));
    }
    if let Some(seed) = seed {
        storage::set_meta(conn, SEED, &seed.to_string())?;
    }
    if let Some(red) = red {
        storage::set_meta(conn, RED, &red.normalize().to_string())?;
    }
    if let Some(yellow) = yellow {
        storage::set_meta(conn, YELLOW, &yellow.normalize().to_string())?;
    }
    Ok(Ok((
        "Đã đặt hạt giống và tỷ lệ chọn ngẫu nhiên".to_owned(),
        "Random selection seed and rates set".to_owned(),
    )))
}

fn load_rules(conn: &Connection, text: &str, name: Option<&str>) -> rusqlite::Result<Done> {
    let rules = match LaneRules::parse(text) {
        Ok(rules) => rules,
        Err(detail) => {
            return Ok(Err(ResultCode::with_detail(
                codes::BAD_RULES,
                &detail,
                &detail,
            )));
        }
    };
    storage::set_meta(conn, RULES_TEXT, text)?;
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => storage::set_meta(conn, RULES_NAME, name)?,
        None => storage::delete_meta(conn, RULES_NAME)?,
    }
    for key in [SEED, RED, YELLOW] {
        storage::delete_meta(conn, key)?;
    }
    Ok(Ok((
        format!("Đã nạp bộ tiêu chí rủi ro ({} tiêu chí)", rules.rules.len()),
        format!("Risk-rules profile loaded ({} rules)", rules.rules.len()),
    )))
}

/// Whether a snapshot name is acceptable: 1–64 ASCII letters, digits, `-`, `_`.
pub(super) fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A snapshot's file.
pub(super) fn snapshot_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(SNAPSHOT_DIR).join(format!("{name}.sqlite"))
}

/// Keeps the state of `conn` as snapshot `name` (the file is written aside, then renamed, so a
/// snapshot is whole or absent).
pub(super) fn snapshot(
    conn: &Connection,
    dir: &Path,
    name: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<Result<(), ResultCode>> {
    if !valid_name(name) {
        return Ok(Err(codes::BAD_SNAPSHOT_NAME.into()));
    }
    let path = snapshot_path(dir, name);
    if path.exists() {
        return Ok(Err(codes::SNAPSHOT_EXISTS.into()));
    }
    let io = |e: std::io::Error| rusqlite::Error::ToSqlConversionFailure(Box::new(e));
    std::fs::create_dir_all(dir.join(SNAPSHOT_DIR)).map_err(io)?;
    let part = path.with_extension("sqlite.part");
    let _ = std::fs::remove_file(&part);
    conn.backup(
        rusqlite::MAIN_DB,
        &part,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    {
        let copy = Connection::open(&part)?;
        storage::set_meta(&copy, TAKEN_AT, &now.to_rfc3339())?;
    }
    std::fs::rename(&part, &path).map_err(io)?;
    Ok(Ok(()))
}

/// The snapshots kept in `dir`, by name.
pub(super) fn snapshots(dir: &Path) -> Vec<SnapshotInfo> {
    let Ok(entries) = std::fs::read_dir(dir.join(SNAPSHOT_DIR)) else {
        return Vec::new();
    };
    let mut list: Vec<SnapshotInfo> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".sqlite")?
                .to_owned();
            let taken_at =
                Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .ok()
                    .and_then(|c| storage::meta(&c, TAKEN_AT).ok().flatten())
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.with_timezone(&Utc));
            Some(SnapshotInfo {
                name,
                taken_at,
                bytes: entry.metadata().map_or(0, |m| m.len()),
            })
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

/// Replaces the state of `conn` by snapshot `name`, keeping the present instructors and the
/// number counters (never lower). One backup step writes the live database: whole or not at all.
pub(super) fn restore(
    conn: &mut Connection,
    dir: &Path,
    name: &str,
) -> rusqlite::Result<Result<(), ResultCode>> {
    if !valid_name(name) {
        return Ok(Err(codes::BAD_SNAPSHOT_NAME.into()));
    }
    let path = snapshot_path(dir, name);
    if !path.is_file() {
        return Ok(Err(codes::NO_SNAPSHOT.into()));
    }
    let source = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut staging = Connection::open_in_memory()?;
    rusqlite::backup::Backup::new(&source, &mut staging)?.run_to_completion(
        i32::MAX,
        std::time::Duration::ZERO,
        None,
    )?;
    drop(source);
    storage::prepare(&staging, false)?;
    storage::delete_meta(&staging, TAKEN_AT)?;
    set_instructors(&staging, &instructors(conn)?)?;
    for (key, value) in storage::meta_with_prefix(conn, "sequence.")? {
        let now: u64 = value.parse().unwrap_or(0);
        let then: u64 = storage::meta(&staging, &key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        storage::set_meta(&staging, &key, &now.max(then).to_string())?;
    }
    rusqlite::backup::Backup::new(&staging, conn)?.run_to_completion(
        i32::MAX,
        std::time::Duration::ZERO,
        None,
    )?;
    Ok(Ok(()))
}
