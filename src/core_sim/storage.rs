//! The simulated core's own SQLite file (`core.sqlite`): declarations (one JSON record each,
//! plus the columns queries need), their events, processed messages, and a few counters.
//! Nothing outside `core_sim` knows this schema.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::Record;
use crate::domain::job::UnknownCode;
use crate::wire::{Event, RegisteredCertificate, Status};

/// Schema version stored in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 4;

/// Creates or checks the schema and sets the connection up (foreign keys; WAL on a local disk,
/// on a network share a rollback journal with the file locked while open — see
/// `Store::open_on`).
pub(super) fn prepare(conn: &Connection, network: bool) -> rusqlite::Result<()> {
    if network {
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
    } else {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == 0 {
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE declarations (
                 base TEXT PRIMARY KEY,
                 declarant TEXT NOT NULL,
                 status TEXT NOT NULL,
                 registered INTEGER NOT NULL DEFAULT 0,
                 record TEXT NOT NULL
             );
             CREATE INDEX declarations_declarant ON declarations(declarant, registered);
             CREATE INDEX declarations_status ON declarations(status);
             CREATE TABLE events (
                 id INTEGER PRIMARY KEY,
                 base TEXT NOT NULL REFERENCES declarations(base) ON DELETE CASCADE,
                 branch INTEGER NOT NULL,
                 at TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 detail_vi TEXT NOT NULL,
                 detail_en TEXT NOT NULL
             );
             CREATE INDEX events_base ON events(base, id);
             CREATE TABLE messages (
                 message_ref TEXT PRIMARY KEY,
                 request_hash TEXT NOT NULL,
                 response TEXT NOT NULL,
                 at TEXT NOT NULL
             );
             PRAGMA user_version = 1;
             COMMIT;",
        )?;
    }
    if version <= 1 {
        // v2: the certificate registry.
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE certificates (
                 user_id TEXT NOT NULL,
                 serial TEXT NOT NULL,
                 issuer TEXT NOT NULL,
                 status TEXT NOT NULL,
                 record TEXT NOT NULL,
                 PRIMARY KEY (user_id, serial, issuer)
             );
             PRAGMA user_version = 2;
             COMMIT;",
        )?;
    }
    if version <= 2 {
        // v3: electronic dossiers (HYS) and their files.
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE dossiers (
                 receipt TEXT PRIMARY KEY,
                 declarant TEXT NOT NULL,
                 base TEXT,
                 at TEXT NOT NULL,
                 class TEXT NOT NULL,
                 application TEXT NOT NULL
             );
             CREATE INDEX dossiers_base ON dossiers(base);
             CREATE TABLE dossier_files (
                 receipt TEXT NOT NULL REFERENCES dossiers(receipt) ON DELETE CASCADE,
                 n INTEGER NOT NULL,
                 sha256 TEXT NOT NULL,
                 content BLOB NOT NULL,
                 PRIMARY KEY (receipt, n)
             );
             PRAGMA user_version = 3;
             COMMIT;",
        )?;
    }
    if version <= 3 {
        // v4: the instructor's forced outcomes, waiting for the registration they decide.
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE forced_outcomes (
                 id INTEGER PRIMARY KEY,
                 user_id TEXT,
                 outcome TEXT NOT NULL,
                 set_by TEXT NOT NULL,
                 set_at TEXT NOT NULL
             );
             PRAGMA user_version = 4;
             COMMIT;",
        )?;
    }
    if version > SCHEMA_VERSION {
        return Err(rusqlite::Error::InvalidQuery);
    }
    Ok(())
}

/// A dossier the core received with HYS.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Dossier {
    pub receipt: String,
    pub declarant: String,
    pub base: Option<String>,
    pub at: DateTime<Utc>,
    pub class: String,
}

/// Keeps an HYS application: its fields (without the file contents) and each file's bytes.
pub(super) fn save_dossier(
    conn: &Connection,
    dossier: &Dossier,
    application: &crate::domain::dossier::HysApplication,
    files: &[Vec<u8>],
) -> rusqlite::Result<()> {
    let mut listed = application.clone();
    for file in &mut listed.files {
        file.content.clear();
    }
    let listed = serde_json::to_string(&listed)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT INTO dossiers (receipt, declarant, base, at, class, application)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            dossier.receipt,
            dossier.declarant,
            dossier.base,
            dossier.at.to_rfc3339(),
            dossier.class,
            listed
        ],
    )?;
    for (n, (bytes, file)) in files.iter().zip(&application.files).enumerate() {
        conn.execute(
            "INSERT INTO dossier_files (receipt, n, sha256, content) VALUES (?1, ?2, ?3, ?4)",
            params![
                dossier.receipt,
                i64::try_from(n).unwrap_or(i64::MAX),
                file.sha256,
                bytes
            ],
        )?;
    }
    Ok(())
}

/// How many dossiers were received on the Vietnam day `yymmdd` (the receipt numbers' 3rd to
/// 8th digits).
pub(super) fn dossiers_on(conn: &Connection, yymmdd: &str) -> rusqlite::Result<u32> {
    conn.query_row(
        "SELECT COUNT(*) FROM dossiers WHERE substr(receipt, 3, 6) = ?1",
        [yymmdd],
        |r| r.get(0),
    )
}

/// The dossiers for the declaration `base`: linked to it by the HYS application, or quoted by
/// `receipts` (its EA/EB), oldest first.
pub(super) fn dossiers_for(
    conn: &Connection,
    base: &str,
    receipts: &[String],
) -> rusqlite::Result<Vec<Dossier>> {
    let mut statement = conn.prepare_cached(
        "SELECT receipt, declarant, base, at, class FROM dossiers
         WHERE base = ?1 OR receipt IN (SELECT value FROM json_each(?2))
         ORDER BY at, receipt",
    )?;
    let rows = statement.query_map(params![base, to_json(&receipts)?], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut list = Vec::new();
    for row in rows {
        let (receipt, declarant, linked, at, class) = row?;
        list.push(Dossier {
            receipt,
            declarant,
            base: linked,
            at: DateTime::parse_from_rfc3339(&at)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        3,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
            class,
        });
    }
    Ok(list)
}

/// The certificates registered for a user, newest registration first.
pub(super) fn certificates(
    conn: &Connection,
    user_id: &str,
) -> rusqlite::Result<Vec<RegisteredCertificate>> {
    let mut statement =
        conn.prepare_cached("SELECT record FROM certificates WHERE user_id = ?1")?;
    let rows = statement.query_map([user_id], |r| r.get::<_, String>(0))?;
    let mut list = Vec::new();
    for row in rows {
        list.push(from_json::<RegisteredCertificate>(&row?)?);
    }
    list.sort_by_key(|c| std::cmp::Reverse(c.registered_at));
    Ok(list)
}

/// Registers (or re-registers) a certificate.
pub(super) fn save_certificate(
    conn: &Connection,
    certificate: &RegisteredCertificate,
) -> rusqlite::Result<()> {
    let record = serde_json::to_string(certificate)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute(
        "INSERT INTO certificates (user_id, serial, issuer, status, record)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(user_id, serial, issuer)
         DO UPDATE SET status = excluded.status, record = excluded.record",
        params![
            certificate.user_id,
            certificate.serial,
            certificate.issuer,
            certificate.status.as_str(),
            record
        ],
    )?;
    Ok(())
}

pub(super) fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

pub(super) fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The next 8-digit sequence for a document type (10 import, 30 export), starting at 1.
pub(super) fn next_sequence(conn: &Connection, document_type: u8) -> rusqlite::Result<u32> {
    let key = format!("sequence.{document_type}");
    let current: u32 = meta(conn, &key)?.and_then(|v| v.parse().ok()).unwrap_or(0);
    let next = current + 1;
    set_meta(conn, &key, &next.to_string())?;
    Ok(next)
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Provisional => "provisional",
        Status::Expired => "expired",
        Status::Registered => "registered",
        Status::Cleared => "cleared",
        Status::Cancelled => "cancelled",
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn load(conn: &Connection, base: &str) -> rusqlite::Result<Option<Record>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT record FROM declarations WHERE base = ?1",
            [base],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| from_json(&t)).transpose()
}

pub(super) fn save(conn: &Connection, record: &Record) -> rusqlite::Result<()> {
    let declarant = record.data.declarant.tax_code.clone().unwrap_or_default();
    conn.execute(
        "INSERT INTO declarations (base, declarant, status, registered, record)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(base) DO UPDATE SET declarant = excluded.declarant,
             status = excluded.status, registered = excluded.registered, record = excluded.record",
        params![
            record.number.base(),
            declarant.trim(),
            status_text(record.status),
            record.registered_at.is_some(),
            to_json(record)?
        ],
    )?;
    Ok(())
}

pub(super) fn add_event(conn: &Connection, base: &str, event: &Event) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO events (base, branch, at, kind, detail_vi, detail_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![base, event.branch, event.at.to_rfc3339(), event.kind.code(), event.detail_vi, event.detail_en],
    )?;
    Ok(())
}

pub(super) fn events(conn: &Connection, base: &str) -> rusqlite::Result<Vec<Event>> {
    let mut statement = conn.prepare_cached(
        "SELECT branch, at, kind, detail_vi, detail_en FROM events WHERE base = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([base], |r| {
        let at: String = r.get(1)?;
        let kind: String = r.get(2)?;
        let unreadable = |column, e: Box<dyn std::error::Error + Send + Sync>| {
            rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e)
        };
        Ok(Event {
            branch: r.get(0)?,
            at: DateTime::parse_from_rfc3339(&at)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| unreadable(1, e.into()))?,
            kind: kind
                .parse()
                .map_err(|e: UnknownCode| unreadable(2, e.into()))?,
            detail_vi: r.get(3)?,
            detail_en: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// Whether the declarant has any officially registered declaration.
pub(super) fn has_registered(conn: &Connection, declarant: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM declarations WHERE declarant = ?1 AND registered = 1)",
        [declarant],
        |r| r.get(0),
    )
}

/// Declarations that time can still change (provisional, registered).
pub(super) fn open_records(conn: &Connection) -> rusqlite::Result<Vec<Record>> {
    let mut statement = conn.prepare(
        "SELECT record FROM declarations WHERE status IN ('provisional', 'registered') ORDER BY base",
    )?;
    let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|text| text.and_then(|t| from_json(&t))).collect()
}

pub(super) fn message(
    conn: &Connection,
    message_ref: &str,
) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT request_hash, response FROM messages WHERE message_ref = ?1",
        [message_ref],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

pub(super) fn save_message(
    conn: &Connection,
    message_ref: &str,
    request_hash: &str,
    response: &crate::wire::Response,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO messages (message_ref, request_hash, response, at) VALUES (?1, ?2, ?3, ?4)",
        params![
            message_ref,
            request_hash,
            to_json(response)?,
            response.processed_at.to_rfc3339()
        ],
    )?;
    Ok(())
}

pub(super) fn parse_response(text: &str) -> rusqlite::Result<crate::wire::Response> {
    from_json(text)
}

/// Forgets all declarations, events and messages. The clock offset stays, and so do the number
/// counters: a number is never given twice, because the local stores of the KhaiBao programs
/// that talked to this core still hold the declarations numbered before the reset (an answer
/// for a reused number would be recorded against the wrong one).
pub(super) fn reset(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM events; DELETE FROM declarations; DELETE FROM messages;
         DELETE FROM dossier_files; DELETE FROM dossiers; DELETE FROM forced_outcomes;",
    )
}

/// Keeps a forced outcome for the next official registration of `user` (none: anyone).
pub(super) fn add_forced(
    conn: &Connection,
    user: Option<&str>,
    outcome: &crate::wire::ForcedOutcome,
    set_by: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO forced_outcomes (user_id, outcome, set_by, set_at) VALUES (?1, ?2, ?3, ?4)",
        params![user, to_json(outcome)?, set_by, at.to_rfc3339()],
    )?;
    Ok(())
}

/// The forced outcomes still pending, oldest first.
pub(super) fn forced(conn: &Connection) -> rusqlite::Result<Vec<crate::wire::PendingForce>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, user_id, outcome, set_by, set_at FROM forced_outcomes ORDER BY id",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut list = Vec::new();
    for row in rows {
        let (id, user, outcome, set_by, at) = row?;
        list.push(crate::wire::PendingForce {
            id,
            user,
            outcome: from_json(&outcome)?,
            set_by,
            set_at: DateTime::parse_from_rfc3339(&at)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        4,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
        });
    }
    Ok(list)
}

/// The forced outcome the next official registration of `user` takes: the oldest one for that
/// user, else the oldest one for everyone.
pub(super) fn next_forced(
    conn: &Connection,
    user: &str,
) -> rusqlite::Result<Option<crate::wire::PendingForce>> {
    let all = forced(conn)?;
    let mine = all
        .iter()
        .find(|f| f.user.as_deref() == Some(user))
        .cloned();
    Ok(mine.or_else(|| all.into_iter().find(|f| f.user.is_none())))
}

/// Removes a forced outcome once used.
pub(super) fn remove_forced(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM forced_outcomes WHERE id = ?1", [id])?;
    Ok(())
}

/// Every meta key and value whose key starts with `prefix`.
pub(super) fn meta_with_prefix(
    conn: &Connection,
    prefix: &str,
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut statement =
        conn.prepare("SELECT key, value FROM meta WHERE substr(key, 1, length(?1)) = ?1")?;
    let rows = statement.query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Removes a meta key.
pub(super) fn delete_meta(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    Ok(())
}
