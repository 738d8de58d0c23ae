//! What an archive of a declaration holds, read from the store in one go: the declaration as
//! last saved, every message sent and received (JSON and, for a VNACCS-format connection, the
//! exact bytes), its events, and its dossier's files (checked against their hashes) — and when
//! it was registered, which starts its retention period. Writing the archive file is
//! [`crate::archive`]'s.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::{DraftId, Store, StoreError, StoredDraft, time};
use crate::store::dossier::Attachment;

/// One message of the log, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedMessage {
    /// Its row id (the log's order).
    pub id: i64,
    /// When it was sent or received (UTC).
    pub at: DateTime<Utc>,
    /// Sent (true) or received.
    pub sent: bool,
    /// The job code (`IDC`, `HYS`…).
    pub job: String,
    /// The message reference.
    pub message_ref: String,
    /// The result code of an answer.
    pub result_code: Option<String>,
    /// The message as JSON (KhaiBao's protocol).
    pub body: String,
    /// The exact VNACCS bytes, when the connection carried them (sent: password blanked).
    pub raw: Option<Vec<u8>>,
}

/// Everything kept about one declaration.
#[derive(Debug, Clone)]
pub struct ArchiveRecord {
    /// The declaration and its place in the list.
    pub draft: StoredDraft,
    /// The Vietnam date of its registration (IDC/EDC accepted), if it was registered.
    pub registered_on: Option<NaiveDate>,
    /// The message log, oldest first.
    pub messages: Vec<LoggedMessage>,
    /// Its events: (UTC time, code, Vietnamese, English), oldest first.
    pub events: Vec<(DateTime<Utc>, String, String, String)>,
    /// The dossier's files with their bytes (hash checked).
    pub attachments: Vec<(Attachment, Vec<u8>)>,
    /// The dossier's files whose stored copy no longer matches its hash: left out of the
    /// archive, and named in it, rather than keeping the whole archive from being made.
    pub damaged: Vec<Attachment>,
}

impl Store {
    /// The Vietnam date a declaration was registered: its first accepted IDC/EDC; `None` when
    /// it never was.
    pub fn registered_on(&self, id: DraftId) -> Result<Option<NaiveDate>, StoreError> {
        let at: Option<String> = self.conn.query_row(
            "SELECT min(at) FROM messages
             WHERE draft_id = ?1 AND sent = 0 AND job IN ('IDC', 'EDC') AND result_code = '00000'",
            [id],
            |r| r.get(0),
        )?;
        Ok(at.map(|at| crate::domain::time::vietnam_date(time(&at))))
    }

    /// The declarations registered in a month (Vietnam dates), by id.
    pub fn registered_in(&self, year: i32, month: u32) -> Result<Vec<DraftId>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT draft_id, min(at) FROM messages
             WHERE sent = 0 AND job IN ('IDC', 'EDC') AND result_code = '00000'
             GROUP BY draft_id ORDER BY draft_id",
        )?;
        let rows =
            statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, at) = row?;
            let day = crate::domain::time::vietnam_date(time(&at));
            if chrono::Datelike::year(&day) == year && chrono::Datelike::month(&day) == month {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Everything kept about a declaration, for its archive.
    pub fn archive_record(
        &mut self,
        id: DraftId,
        now: DateTime<Utc>,
    ) -> Result<ArchiveRecord, StoreError> {
        let draft = self.draft(id, now)?;
        let registered_on = self.registered_on(id)?;
        let mut messages = Vec::new();
        {
            let mut statement = self.conn.prepare_cached(
                "SELECT id, at, sent, job, message_ref, result_code, body, raw
                 FROM messages WHERE draft_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map(params![id], |r| {
                Ok(LoggedMessage {
                    id: r.get(0)?,
                    at: time(&r.get::<_, String>(1)?),
                    sent: r.get(2)?,
                    job: r.get(3)?,
                    message_ref: r.get(4)?,
                    result_code: r.get(5)?,
                    body: r.get(6)?,
                    raw: r.get(7)?,
                })
            })?;
            for row in rows {
                messages.push(row?);
            }
        }
        let mut events = Vec::new();
        {
            let mut statement = self.conn.prepare_cached(
                "SELECT at, kind, detail_vi, detail_en FROM events WHERE draft_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map(params![id], |r| {
                Ok((
                    time(&r.get::<_, String>(0)?),
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            })?;
            for row in rows {
                events.push(row?);
            }
        }
        let mut attachments = Vec::new();
        let mut damaged = Vec::new();
        for attachment in self.attachments(id)? {
            match self.attachment_bytes(attachment.id) {
                Ok(file) => attachments.push(file),
                Err(StoreError::Dossier(crate::domain::dossier::DossierError::HashMismatch {
                    ..
                })) => damaged.push(attachment),
                Err(e) => return Err(e),
            }
        }
        Ok(ArchiveRecord {
            draft,
            registered_on,
            messages,
            events,
            attachments,
            damaged,
        })
    }
}
