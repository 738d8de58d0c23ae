//! A declaration's electronic dossier in the store: the files attached (bytes kept in the store,
//! so that backups carry them and a moved or edited original changes nothing), each with its
//! SHA-256 checked whenever it is read, where it came from (to tell the broker the original
//! changed since), and the HYS receipt once sent. A file sent with HYS can be neither changed
//! nor removed (triggers); one not sent yet can be removed.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{DraftId, Store, StoreError, time as parse_time};
use crate::domain::dossier::{AttachedFile, DocumentKind, MediaType, sha256_hex};

/// An attached file, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Id in the store.
    pub id: i64,
    /// The declaration it belongs to.
    pub draft_id: DraftId,
    /// What the document is.
    pub kind: DocumentKind,
    /// The file's name.
    pub name: String,
    /// Its kind of file.
    pub media_type: MediaType,
    /// Its size, bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The path it was attached from, when it came from a file.
    pub source: Option<String>,
    /// When it was attached (UTC).
    pub added_at: DateTime<Utc>,
    /// The HYS receipt number, once sent.
    pub receipt: Option<String>,
    /// When it was sent with HYS (UTC).
    pub sent_at: Option<DateTime<Utc>>,
}

/// A file to attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment<'a> {
    /// What the document is.
    pub kind: DocumentKind,
    /// The file's name (no folders).
    pub name: &'a str,
    /// Its kind of file (already checked by [`crate::domain::dossier::check_file`]).
    pub media_type: MediaType,
    /// The bytes.
    pub bytes: &'a [u8],
    /// Where it came from.
    pub source: Option<&'a str>,
}

const COLUMNS: &str =
    "id, draft_id, kind, name, media_type, size, sha256, source, added_at, receipt, sent_at";

/// A row as SQLite gives it.
struct Row {
    attachment: Attachment,
    kind: String,
    media_type: String,
    added_at: String,
    sent_at: Option<String>,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        attachment: Attachment {
            id: r.get(0)?,
            draft_id: r.get(1)?,
            kind: DocumentKind::Other,
            name: r.get(3)?,
            media_type: MediaType::Pdf,
            size: r.get::<_, i64>(5)?.try_into().unwrap_or(0),
            sha256: r.get(6)?,
            source: r.get(7)?,
            added_at: DateTime::UNIX_EPOCH,
            receipt: r.get(9)?,
            sent_at: None,
        },
        kind: r.get(2)?,
        media_type: r.get(4)?,
        added_at: r.get(8)?,
        sent_at: r.get(10)?,
    })
}

impl Row {
    /// The attachment with its typed columns read.
    fn typed(self) -> Result<Attachment, StoreError> {
        let unreadable = |what: &str| {
            StoreError::Sql(rusqlite::Error::InvalidColumnType(
                0,
                format!("attachment column value {what:?}"),
                rusqlite::types::Type::Text,
            ))
        };
        let mut a = self.attachment;
        a.kind = self.kind.parse().map_err(|_| unreadable(&self.kind))?;
        a.media_type = self
            .media_type
            .parse()
            .map_err(|_| unreadable(&self.media_type))?;
        a.added_at = parse_time(&self.added_at);
        a.sent_at = self.sent_at.as_deref().map(parse_time);
        Ok(a)
    }
}

impl Store {
    /// Attaches a file to a declaration; its id.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown declaration; SQLite's errors.
    pub fn attach(
        &mut self,
        id: DraftId,
        file: &NewAttachment<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM drafts WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound(id));
        }
        tx.execute(
            "INSERT INTO attachments (draft_id, kind, name, media_type, size, sha256, content, source, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                file.kind.code(),
                file.name,
                file.media_type.mime(),
                i64::try_from(file.bytes.len()).unwrap_or(i64::MAX),
                sha256_hex(file.bytes),
                file.bytes,
                file.source,
                now.to_rfc3339()
            ],
        )?;
        let attachment = tx.last_insert_rowid();
        tx.commit()?;
        Ok(attachment)
    }

    /// A declaration's attachments, in the order attached.
    pub fn attachments(&self, id: DraftId) -> Result<Vec<Attachment>, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE draft_id = ?1 ORDER BY id"
        ))?;
        let rows = statement.query_map([id], row)?;
        rows.map(|r| r?.typed()).collect()
    }

    /// An attachment's bytes, checked against the hash recorded when it was attached.
    ///
    /// # Errors
    /// [`StoreError::Dossier`] with [`crate::domain::dossier::DossierError::HashMismatch`] when
    /// the stored bytes changed; [`StoreError::NoAttachment`] for an unknown id.
    pub fn attachment_bytes(&self, attachment: i64) -> Result<(Attachment, Vec<u8>), StoreError> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS}, content FROM attachments WHERE id = ?1"),
                [attachment],
                |r| Ok((row(r)?, r.get::<_, Vec<u8>>(11)?)),
            )
            .optional()?;
        let Some((row, bytes)) = found else {
            return Err(StoreError::NoAttachment(attachment));
        };
        let a = row.typed()?;
        if sha256_hex(&bytes) != a.sha256 {
            return Err(StoreError::Dossier(
                crate::domain::dossier::DossierError::HashMismatch {
                    sent: a.receipt.is_some(),
                    name: a.name,
                },
            ));
        }
        Ok((a, bytes))
    }

    /// The files of a declaration not sent with HYS yet, ready for an application (each read
    /// back and checked against its hash).
    pub fn unsent_files(&self, id: DraftId) -> Result<Vec<(i64, AttachedFile)>, StoreError> {
        self.attachments(id)?
            .into_iter()
            .filter(|a| a.receipt.is_none())
            .map(|a| {
                let (a, bytes) = self.attachment_bytes(a.id)?;
                let file = AttachedFile::new(a.kind, &a.name, &bytes)?;
                Ok((a.id, file))
            })
            .collect()
    }

    /// Records that `attachments` were sent with HYS and got `receipt`.
    pub fn mark_sent(
        &mut self,
        attachments: &[i64],
        receipt: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for id in attachments {
            tx.execute(
                "UPDATE attachments SET receipt = ?2, sent_at = ?3 WHERE id = ?1 AND receipt IS NULL",
                params![id, receipt, now.to_rfc3339()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Removes an attachment not yet sent.
    ///
    /// # Errors
    /// [`StoreError::AttachmentSent`] when it was sent with HYS (it is part of the dossier
    /// customs received); [`StoreError::NoAttachment`] for an unknown id.
    pub fn remove_attachment(&mut self, attachment: i64) -> Result<(), StoreError> {
        let receipt: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT receipt FROM attachments WHERE id = ?1",
                [attachment],
                |r| r.get(0),
            )
            .optional()?;
        match receipt {
            None => Err(StoreError::NoAttachment(attachment)),
            Some(Some(receipt)) => Err(StoreError::AttachmentSent(receipt)),
            Some(None) => {
                self.conn
                    .execute("DELETE FROM attachments WHERE id = ?1", [attachment])?;
                Ok(())
            }
        }
    }
}
