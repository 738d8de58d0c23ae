//! The outbox: jobs about a declaration that did not reach customs because the connection was
//! down (timeout, refused connection, a 5xx), kept with their message reference and exact bytes
//! until they are answered — or withdrawn when the declaration went by the manual procedure.
//!
//! Order of writes (so that a job is never lost and never sent twice): the row is committed
//! before the send is attempted; an answer is recorded and the row deleted in one transaction
//! ([`Store::log_exchange`]); a resend uses the same bytes and message reference, which the
//! core answers from its log if it already processed them.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{DraftId, DraftState, Store, StoreError, index_draft, opt_time, parse_code, time};
use crate::domain::text::Bilingual;
use crate::domain::{Declaration, DeclarationNumber, EventKind, JobCode};
use crate::wire::{Request, SignedMessage};

/// An outbox row's id.
pub type OutboxId = i64;

/// A job waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// Its id.
    pub id: OutboxId,
    /// The declaration it is about.
    pub draft_id: DraftId,
    /// The declaration's number, once it has one.
    pub number: Option<String>,
    /// The declaration's title in the list.
    pub title: String,
    /// The job (IDA, IDC…).
    pub job: JobCode,
    /// The message reference, the same on every attempt.
    pub message_ref: String,
    /// The request (its JSON is the exact bytes sent over the simulator's protocol).
    pub request: Request,
    /// The signed message, when the job was signed: re-sent as it is, no PIN needed.
    pub signed: Option<SignedMessage>,
    /// The system it was first addressed to.
    pub system: Bilingual,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// Attempts that got no answer.
    pub attempts: u32,
    /// When it was last tried.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt got no answer.
    pub last_error: Option<Bilingual>,
    /// Whether it may have reached customs (a timeout or a 5xx): it can then only be resent
    /// (the core answers a known reference from its log), never removed.
    pub maybe_sent: bool,
}

/// A declaration cleared by the manual procedure, entered afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualClearance {
    /// The number customs gave (by hand).
    pub number: DeclarationNumber,
    /// The lane (1 green, 2 yellow, 3 red), if told.
    pub lane: Option<u8>,
    /// The event's text (the number, lane and clearance date the broker was given).
    pub detail: Bilingual,
}

/// What an outbox error tells the broker ([`StoreError::message`]'s arms for them).
pub(super) fn message(error: &StoreError) -> Bilingual {
    match error {
        StoreError::Queued { id, job } => Bilingual::new(
            format!(
                "Việc {job} của tờ khai {id} đang chờ trong hộp thư đi (chưa gửi được). Gửi lại hoặc xóa việc đó trước"
            ),
            format!(
                "A {job} of declaration {id} is waiting in the outbox (not yet sent). Resend or remove it first"
            ),
        ),
        StoreError::NoOutboxJob(id) => Bilingual::new(
            format!("Không có việc số {id} trong hộp thư đi"),
            format!("No job {id} in the outbox"),
        ),
        StoreError::MaybeSent { job } => Bilingual::new(
            format!(
                "Việc {job} có thể đã tới hệ thống Hải quan (lần gửi trước không nhận được trả lời) nên không xóa được; hãy gửi lại để biết kết quả"
            ),
            format!(
                "The {job} may have reached customs (an earlier attempt got no answer), so it cannot be removed; resend it to learn the outcome"
            ),
        ),
        other => other.message(),
    }
}

const SELECT: &str =
    "SELECT o.id, o.draft_id, d.number, d.title, o.job, o.message_ref, o.request, o.signed,
            o.system_vi, o.system_en, o.queued_at, o.attempts, o.last_attempt_at,
            o.last_error_vi, o.last_error_en, o.maybe_sent
     FROM outbox o JOIN drafts d ON d.id = o.draft_id";

fn json_column<T: serde::de::DeserializeOwned>(column: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e.into())
    })
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let signed: Option<String> = r.get(7)?;
    let error_vi: Option<String> = r.get(13)?;
    let error_en: Option<String> = r.get(14)?;
    Ok(OutboxEntry {
        id: r.get(0)?,
        draft_id: r.get(1)?,
        number: r.get(2)?,
        title: r.get(3)?,
        job: parse_code(4, &r.get::<_, String>(4)?)?,
        message_ref: r.get(5)?,
        request: json_column(6, &r.get::<_, String>(6)?)?,
        signed: signed.as_deref().map(|s| json_column(7, s)).transpose()?,
        system: Bilingual::new(r.get::<_, String>(8)?, r.get::<_, String>(9)?),
        queued_at: time(&r.get::<_, String>(10)?),
        attempts: r.get(11)?,
        last_attempt_at: opt_time(r.get(12)?),
        last_error: error_vi
            .zip(error_en)
            .map(|(vi, en)| Bilingual::new(vi, en)),
        maybe_sent: r.get(15)?,
    })
}

impl Store {
    /// Puts a job in the outbox before it is sent (committed on return). A declaration has at
    /// most one job waiting: another is refused with [`StoreError::Queued`].
    pub fn queue(
        &mut self,
        id: DraftId,
        job: JobCode,
        request: &Request,
        signed: Option<&SignedMessage>,
        system: &Bilingual,
        now: DateTime<Utc>,
    ) -> Result<OutboxId, StoreError> {
        let tx = self.conn.transaction()?;
        if let Some(waiting) = tx
            .query_row("SELECT job FROM outbox WHERE draft_id = ?1", [id], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
        {
            return Err(StoreError::Queued { id, job: waiting });
        }
        tx.execute(
            "INSERT INTO outbox (draft_id, job, message_ref, request, signed, system_vi, system_en, queued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                job.code(),
                request.message_ref,
                serde_json::to_string(request)?,
                signed.map(serde_json::to_string).transpose()?,
                system.vi,
                system.en,
                now.to_rfc3339()
            ],
        )?;
        let row = tx.last_insert_rowid();
        tx.commit()?;
        Ok(row)
    }

    /// The jobs waiting, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{SELECT} ORDER BY o.id"))?;
        let rows = statement.query_map([], entry)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One waiting job.
    pub fn outbox_entry(&self, id: OutboxId) -> Result<OutboxEntry, StoreError> {
        self.conn
            .query_row(&format!("{SELECT} WHERE o.id = ?1"), [id], entry)
            .optional()?
            .ok_or(StoreError::NoOutboxJob(id))
    }

    /// The job waiting for a declaration, if any.
    pub fn queued_for(&self, draft: DraftId) -> Result<Option<OutboxEntry>, StoreError> {
        Ok(self
            .conn
            .query_row(&format!("{SELECT} WHERE o.draft_id = ?1"), [draft], entry)
            .optional()?)
    }

    /// An attempt got no answer: counted, with why; `maybe_sent` when it may have reached the
    /// core (it stays so).
    pub fn outbox_failed(
        &mut self,
        id: OutboxId,
        at: DateTime<Utc>,
        error: &Bilingual,
        maybe_sent: bool,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?2, last_error_vi = ?3,
                 last_error_en = ?4, maybe_sent = maybe_sent OR ?5
             WHERE id = ?1",
            params![id, at.to_rfc3339(), error.vi, error.en, maybe_sent],
        )?;
        Ok(())
    }

    /// Removes a job that never reached customs (the broker's "remove"); one that may have
    /// reached it is refused with [`StoreError::MaybeSent`].
    pub fn remove_from_outbox(&mut self, id: OutboxId) -> Result<OutboxEntry, StoreError> {
        let entry = self.outbox_entry(id)?;
        if entry.maybe_sent {
            return Err(StoreError::MaybeSent {
                job: entry.job.code().to_owned(),
            });
        }
        self.conn
            .execute("DELETE FROM outbox WHERE id = ?1", [id])?;
        Ok(entry)
    }

    /// Records a declaration cleared by the manual procedure: its number, lane and state
    /// `cleared`, an event saying it was processed by hand, and any job of it waiting in the
    /// outbox withdrawn (never sent) — one transaction. The withdrawn jobs' codes.
    pub fn record_manual_clearance(
        &mut self,
        id: DraftId,
        clearance: &ManualClearance,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let tx = self.conn.transaction()?;
        let (state, data): (String, String) = tx
            .query_row("SELECT state, data FROM drafts WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or(StoreError::NotFound(id))?;
        if DraftState::parse(&state)? == DraftState::Cancelled {
            return Err(StoreError::Kept);
        }
        let withdrawn: Vec<String> = {
            let mut statement = tx.prepare("SELECT job FROM outbox WHERE draft_id = ?1")?;
            let rows = statement.query_map([id], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        tx.execute("DELETE FROM outbox WHERE draft_id = ?1", [id])?;
        let mut declaration: Declaration = serde_json::from_str(&data)?;
        declaration.number = Some(clearance.number);
        tx.execute(
            "UPDATE drafts SET state = 'cleared', number = ?2, lane = coalesce(?3, lane),
                 expires_at = NULL, data = ?4, updated_at = ?5
             WHERE id = ?1",
            params![
                id,
                clearance.number.to_string(),
                clearance.lane,
                serde_json::to_string(&declaration)?,
                now.to_rfc3339()
            ],
        )?;
        index_draft(&tx, id, &declaration)?;
        tx.execute(
            "INSERT INTO events (draft_id, at, kind, detail_vi, detail_en) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                now.to_rfc3339(),
                EventKind::ManualCleared.code(),
                clearance.detail.vi,
                clearance.detail.en
            ],
        )?;
        tx.commit()?;
        Ok(withdrawn)
    }
}
