//! The local store: one SQLite file (`khaibao.sqlite` in the data folder) with the broker's
//! drafts, the 7-day rule of provisional declarations, the message log and timeline of every
//! declaration, and the customer list with per-customer defaults.
//!
//! Owns: the only SQL of the client. Guarantees:
//! - **Nothing keyed is lost**: every write is one transaction (WAL, `synchronous = FULL` for
//!   drafts), so after a crash a draft is either at its last reported save or its previous one.
//! - Drafts save whatever state they are in; their validation findings are stored beside them.
//! - A provisional declaration is kept at most 7 days after its registration or last edit;
//!   after that it turns `expired` (on open and on the timer), with an event saying when. An
//!   expired one can still be read and copied into a new draft, not submitted.
//! - Officially registered declarations and their messages are never deleted (a trigger refuses
//!   it), as the law requires declarants to keep electronic records.
//! - The file is checked on open (`PRAGMA quick_check`); a damaged file gives a clear error with
//!   the newest backup to restore.
//!
//! Time is passed in (UTC); nothing here reads the clock.

mod archive;
mod dossier;
mod exercises;

pub use archive::{ArchiveRecord, LoggedMessage};
pub use dossier::{Attachment, NewAttachment};
pub use exercises::ExerciseAttempt;
mod library;
mod migrations;
mod outbox;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::codes::fold;
use crate::domain::job::UnknownCode;
use crate::domain::text::Bilingual;
use crate::domain::time::vietnam_display;
use crate::domain::{Declaration, DeclarationNumber, Direction, EventKind, JobCode, Party};
use crate::rules::{Finding, Severity};
use crate::wire::{Request, Response, Status};

pub use library::TemplateSummary;
pub use migrations::CURRENT_VERSION;
pub use outbox::{ManualClearance, OutboxEntry, OutboxId};

/// File name of the store in the data folder.
pub const STORE_FILE: &str = "khaibao.sqlite";
/// Days a provisional declaration is kept after its registration or last edit.
pub const PROVISIONAL_DAYS: i64 = 7;

/// A draft's id in the store.
pub type DraftId = i64;

/// Why the store could not do something. Messages are for the broker, in both languages.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum StoreError {
    /// The file cannot be opened or written.
    Open {
        /// The file.
        path: String,
        /// What SQLite said.
        detail: String,
    },
    /// The file is damaged.
    Damaged {
        /// The file.
        path: String,
        /// What the integrity check said.
        detail: String,
        /// The newest backup next to it, if any.
        backup: Option<String>,
    },
    /// The store was written by a newer KhaiBao.
    TooNew {
        /// The file.
        path: String,
        /// Its schema version.
        found: i64,
        /// The newest this program knows.
        supported: i64,
    },
    /// Another program holds the store (on a network folder: another computer's KhaiBao).
    InUse {
        /// The store's file.
        path: String,
        /// The network file system; `None` on a local disk.
        kind: Option<&'static str>,
    },
    /// No draft with this id.
    NotFound(DraftId),
    /// No customer with this id.
    NoCustomer(i64),
    /// Another customer has this tax code.
    CustomerExists(String),
    /// Registered declarations are kept.
    Kept,
    /// A registered declaration within its retention period (5 years from registration, Law
    /// on Customs 2014 art. 18.2(e)).
    KeptUntil {
        /// The Vietnam date it was registered.
        registered_on: chrono::NaiveDate,
        /// The last day it must be kept.
        until: chrono::NaiveDate,
    },
    /// No attachment with this id.
    NoAttachment(i64),
    /// The attachment was sent with HYS (its receipt number): it is part of the dossier.
    AttachmentSent(String),
    /// A file that cannot be attached, or a stored one whose content changed.
    Dossier(#[from] crate::domain::dossier::DossierError),
    /// An expired provisional declaration cannot be submitted.
    Expired,
    /// A job of this declaration waits in the outbox: it is resent (or removed) first.
    Queued {
        /// The declaration.
        id: DraftId,
        /// The waiting job's code.
        job: String,
    },
    /// No outbox job with this id.
    NoOutboxJob(i64),
    /// An outbox job that may have reached customs cannot be removed, only resent.
    MaybeSent {
        /// The job's code.
        job: String,
    },
    /// Anything else SQLite reports.
    Sql(#[from] rusqlite::Error),
    /// Stored JSON that cannot be read back.
    Json(#[from] serde_json::Error),
}

impl StoreError {
    /// What to tell the person, each language built apart (SQLite's and serde's details are
    /// the same in both).
    #[allow(clippy::too_many_lines)] // One arm per error, each its two sentences.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Open { path, detail } => Bilingual::new(
                format!("Không mở được kho dữ liệu {path}: {detail}"),
                format!("Cannot open the data store {path}: {detail}"),
            ),
            Self::Damaged {
                path,
                detail,
                backup,
            } => {
                let backup = backup
                    .as_deref()
                    .map(|b| format!(": {b}"))
                    .unwrap_or_default();
                Bilingual::new(
                    format!(
                        "Kho dữ liệu {path} bị hỏng ({detail}). Hãy khôi phục từ bản sao lưu{backup}"
                    ),
                    format!(
                        "The data store {path} is damaged ({detail}). Restore it from a backup{backup}"
                    ),
                )
            }
            Self::TooNew {
                path,
                found,
                supported,
            } => Bilingual::new(
                format!(
                    "Kho dữ liệu {path} thuộc phiên bản mới hơn ({found} > {supported}); hãy cập nhật KhaiBao"
                ),
                format!(
                    "The data store {path} is from a newer version ({found} > {supported}); update KhaiBao"
                ),
            ),
            Self::InUse { path, kind: None } => Bilingual::new(
                format!(
                    "Dữ liệu {path} đang bị một chương trình khác khóa (có thể một KhaiBao khác đang sao lưu hoặc khôi phục). Chờ một lát hoặc đóng chương trình đó rồi thử lại; không có gì bị mất"
                ),
                format!(
                    "The data {path} is locked by another program (perhaps another KhaiBao backing up or restoring). Wait a moment or close that program and try again; nothing was lost"
                ),
            ),
            Self::InUse {
                path,
                kind: Some(kind),
            } => Bilingual::new(
                format!(
                    "Dữ liệu {path} đang được một chương trình KhaiBao khác sử dụng (thư mục mạng {kind}: mỗi lúc chỉ một máy dùng được). Đóng KhaiBao ở máy kia rồi thử lại; không có gì bị mất"
                ),
                format!(
                    "The data {path} is in use by another KhaiBao ({kind} network folder: one computer at a time). Close KhaiBao on the other computer and try again; nothing was lost"
                ),
            ),
            Self::NotFound(id) => Bilingual::new(
                format!("Không tìm thấy tờ khai nháp số {id}"),
                format!("No draft with id {id}"),
            ),
            Self::NoCustomer(id) => Bilingual::new(
                format!("Không tìm thấy khách hàng số {id}"),
                format!("No customer with id {id}"),
            ),
            Self::CustomerExists(tax_code) => Bilingual::new(
                format!("Đã có khách hàng khác với mã số thuế {tax_code}"),
                format!("Another customer has the tax code {tax_code}"),
            ),
            Self::Kept => Bilingual::new(
                "Tờ khai đã đăng ký phải được lưu giữ, không xóa được",
                "A registered declaration must be kept and cannot be deleted",
            ),
            Self::KeptUntil {
                registered_on,
                until,
            } => {
                let (on, until) = (
                    crate::domain::entry::format_date(*registered_on),
                    crate::domain::entry::format_date(*until),
                );
                Bilingual::new(
                    format!(
                        "Tờ khai đăng ký ngày {on} phải được lưu giữ 5 năm (Luật Hải quan 2014, Điều 18): không xóa được đến hết ngày {until}. Có thể xuất hồ sơ lưu trữ bất cứ lúc nào"
                    ),
                    format!(
                        "A declaration registered on {on} must be kept for 5 years (Law on Customs 2014, art. 18): it cannot be deleted before {until} is over. An archive can be exported at any time"
                    ),
                )
            }
            Self::NoAttachment(id) => Bilingual::new(
                format!("Không tìm thấy tệp đính kèm số {id}"),
                format!("No attachment with id {id}"),
            ),
            Self::AttachmentSent(receipt) => Bilingual::new(
                format!(
                    "Tệp đã gửi cho hải quan trong hồ sơ số {receipt}, không xóa hay thay được; hãy gửi tệp đúng bằng một lần HYS mới"
                ),
                format!(
                    "The file was sent to customs in dossier {receipt} and cannot be removed or replaced; send the right file with a new HYS"
                ),
            ),
            Self::Dossier(e) => e.message(),
            Self::Expired => Bilingual::new(
                "Tờ khai đã hết hạn lưu giữ 7 ngày; hãy sao chép thành tờ khai mới",
                "The declaration expired after 7 days; copy it into a new draft",
            ),
            Self::Queued { .. } | Self::NoOutboxJob(_) | Self::MaybeSent { .. } => {
                outbox::message(self)
            }
            Self::Sql(err) => Bilingual::new(
                format!("Lỗi kho dữ liệu: {err}"),
                format!("Data store error: {err}"),
            ),
            Self::Json(err) => Bilingual::new(
                format!("Dữ liệu lưu bị lỗi định dạng: {err}"),
                format!("Stored data is malformed: {err}"),
            ),
        }
    }
}

crate::domain::text::localized!(StoreError);

/// Where a declaration stands in the broker's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftState {
    /// Keyed locally, not sent.
    Draft,
    /// Provisional information registered (IDA/EDA), kept 7 days.
    Provisional,
    /// Provisional information expired.
    Expired,
    /// Officially registered.
    Registered,
    /// Cleared.
    Cleared,
    /// Cancelled.
    Cancelled,
}

impl DraftState {
    /// The state's code as stored (`draft`, `provisional`, `registered`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Provisional => "provisional",
            Self::Expired => "expired",
            Self::Registered => "registered",
            Self::Cleared => "cleared",
            Self::Cancelled => "cancelled",
        }
    }

    /// The state whose code ([`DraftState::as_str`]) is `code`, if one is.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "draft" => Self::Draft,
            "provisional" => Self::Provisional,
            "expired" => Self::Expired,
            "registered" => Self::Registered,
            "cleared" => Self::Cleared,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    /// The state's name in each language, as the window's list shows it (for the CLI; the
    /// window reads its own text table).
    pub fn name(self) -> Bilingual {
        let (vi, en) = match self {
            Self::Draft => ("Bản nháp", "Draft"),
            Self::Provisional => ("Đã khai báo trước", "Provisional"),
            Self::Expired => ("Hết hạn lưu giữ", "Expired"),
            Self::Registered => ("Đã đăng ký", "Registered"),
            Self::Cleared => ("Đã thông quan", "Cleared"),
            Self::Cancelled => ("Đã hủy", "Cancelled"),
        };
        Bilingual::new(vi, en)
    }

    /// The state stored as `text`; an unknown one is an error (a file from a newer KhaiBao,
    /// or damage), never taken as a deletable draft.
    fn parse(text: &str) -> Result<Self, StoreError> {
        Self::from_code(text).ok_or_else(|| {
            StoreError::Json(serde::de::Error::custom(format!(
                "unknown declaration state {text:?}"
            )))
        })
    }

    fn from_status(status: Status) -> Self {
        match status {
            Status::Provisional => Self::Provisional,
            Status::Expired => Self::Expired,
            Status::Registered => Self::Registered,
            Status::Cleared => Self::Cleared,
            Status::Cancelled => Self::Cancelled,
        }
    }
}

/// A stored draft or declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDraft {
    /// Its id.
    pub id: DraftId,
    /// State.
    pub state: DraftState,
    /// The declaration as last saved.
    pub declaration: Declaration,
    /// Findings of the last validation.
    pub findings: Vec<Finding>,
    /// Last save.
    pub updated_at: DateTime<Utc>,
    /// When the provisional information expires (state provisional).
    pub expires_at: Option<DateTime<Utc>>,
    /// When it expired (state expired).
    pub expired_at: Option<DateTime<Utc>>,
    /// The lane, once registered.
    pub lane: Option<u8>,
}

/// One row of the declarations list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSummary {
    /// Id.
    pub id: DraftId,
    /// Import or export.
    pub direction: Direction,
    /// State.
    pub state: DraftState,
    /// Declaration number with branch, once assigned.
    pub number: Option<String>,
    /// Importer/exporter name and invoice number.
    pub title: String,
    /// Errors and warnings of the last validation.
    pub errors: u32,
    /// Warnings.
    pub warnings: u32,
    /// Last save.
    pub updated_at: DateTime<Utc>,
    /// Provisional expiry.
    pub expires_at: Option<DateTime<Utc>>,
    /// Lane.
    pub lane: Option<u8>,
    /// The importer's/exporter's tax code (`declarant.tax_code`, without a dash), for the
    /// list's customer filter; `None` when not keyed.
    pub tax_code: Option<String>,
}

/// One entry of a declaration's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// A message sent or received, or an event.
    pub kind: TimelineKind,
    /// The job of a message (none for events, and for an answer to an unreadable request).
    pub job: Option<JobCode>,
    /// Branch digit, for messages about a numbered declaration.
    pub branch: Option<u8>,
    /// Result code of answers.
    pub result_code: Option<String>,
    /// Summary, Vietnamese.
    pub summary_vi: String,
    /// Summary, English.
    pub summary_en: String,
    /// The exact VNACCS message, when the connection spoke VNACCS (a sent one without its
    /// password).
    pub raw: Option<Vec<u8>>,
    /// The system a message went to or came from, when known.
    pub system: Option<Bilingual>,
}

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    /// A request sent to the core.
    Sent,
    /// The core's answer.
    Received,
    /// Something that happened without a message (the store's own 7-day expiry).
    Event(EventKind),
}

/// One exchange to log ([`Store::log_exchange`]).
#[derive(Debug, Clone, Copy)]
pub struct LoggedExchange<'a> {
    /// The request sent.
    pub request: &'a Request,
    /// The answer.
    pub response: &'a Response,
    /// The exact VNACCS bytes (sent, received), when the connection spoke VNACCS.
    pub raw: Option<(&'a [u8], &'a [u8])>,
    /// The system the messages went to (the connection's description).
    pub system: Option<&'a Bilingual>,
    /// The outbox row the request waited in, deleted with the recording.
    pub outbox: Option<OutboxId>,
}

/// A declaration the clearance watch-list asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedDeclaration {
    /// Its id.
    pub id: DraftId,
    /// Its number with the branch.
    pub number: DeclarationNumber,
    /// Its title in the list.
    pub title: String,
    /// The lane the store has.
    pub lane: Option<u8>,
    /// The system that numbered it ([`Store::numbered_by`]).
    pub numbered_by: Option<Bilingual>,
}

/// A customer with the defaults used to fill a new declaration.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Customer {
    /// Id in the store (0 for a new one).
    pub id: i64,
    /// Tax code (10 or 13 digits).
    pub tax_code: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// Defaults: header fields by JSON name (`office`, `type_code`, `transport_mode`…).
    pub defaults: std::collections::BTreeMap<String, String>,
}

impl Customer {
    /// A new declaration for this customer: the customer as importer/exporter, plus its
    /// defaults. Unknown default keys are ignored (a newer version may have written them).
    pub fn new_declaration(&self, direction: Direction) -> Declaration {
        let mut d = Declaration::new(direction);
        let text = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
        d.declarant = Party {
            tax_code: text(&self.tax_code),
            name: text(&self.name),
            postcode: None,
            address: text(&self.address),
            phone: text(&self.phone),
        };
        for (key, value) in &self.defaults {
            let Some(field) =
                crate::domain::field(key).filter(|f| f.customer_default && f.applies_to(direction))
            else {
                continue;
            };
            if let Some(crate::domain::FieldMut::Text(slot)) = field.write(&mut d) {
                *slot = text(value);
            }
        }
        d
    }
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).map_or(DateTime::UNIX_EPOCH, |t| t.with_timezone(&Utc))
}

#[allow(clippy::needless_pass_by_value)] // Called on `Option<String>` columns straight from rows.
fn opt_time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.as_deref().map(time)
}

/// The local store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating or migrating) the store at `path`, after an integrity check.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let dir = path.parent().unwrap_or(path);
        Self::open_on(path, &crate::appdata::folder_kind(dir))
    }

    /// [`Store::open`] in a folder of a known kind. On a local disk the journal is WAL and
    /// several programs may share the file; on a network share (`FolderKind::Network`) it is a
    /// rollback journal (`DELETE`) with the file locked exclusively while open, so a second
    /// program is refused at once with [`StoreError::InUse`] and never corrupts it (SQLite,
    /// "How To Corrupt An SQLite Database File" §2.1 and "WAL" §8: no WAL over a network).
    pub fn open_on(path: &Path, kind: &crate::appdata::FolderKind) -> Result<Self, StoreError> {
        use crate::appdata::FolderKind;
        let shown = path.display().to_string();
        let open_error = |e: &dyn std::fmt::Display| StoreError::Open {
            path: shown.clone(),
            detail: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_error(&e))?;
        }
        let conn = Connection::open(path).map_err(|e| open_error(&e))?;
        conn.busy_timeout(std::time::Duration::from_secs(2))
            .map_err(|e| open_error(&e))?;
        if let FolderKind::Network(fs) = kind {
            // Take the lock now and keep it while this program runs.
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
                .and_then(|()| conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;"))
                .map_err(|e| {
                    if is_busy(&e) {
                        StoreError::InUse {
                            path: shown.clone(),
                            kind: Some(fs),
                        }
                    } else {
                        open_error(&e)
                    }
                })?;
        }
        let check: Result<String, _> = conn.query_row("PRAGMA quick_check", [], |r| r.get(0));
        match check {
            Ok(ok) if ok == "ok" => {}
            Ok(detail) => return Err(Self::damaged(path, &detail)),
            // Locked by a KhaiBao that holds the folder as a network share: in use, not damaged.
            Err(err) if is_busy(&err) => {
                return Err(StoreError::InUse {
                    path: shown,
                    kind: match kind {
                        FolderKind::Network(fs) => Some(fs),
                        FolderKind::Local => None,
                    },
                });
            }
            Err(err) => return Err(Self::damaged(path, &err.to_string())),
        }
        let journal = match kind {
            FolderKind::Local => "WAL",
            FolderKind::Network(_) => "DELETE",
        };
        conn.pragma_update(None, "journal_mode", journal)
            .map_err(|e| open_error(&e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| open_error(&e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| open_error(&e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| open_error(&e))?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The journal mode in use (`wal` or `delete`), for tests and diagnostics.
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?)
    }

    /// SQLite's full `PRAGMA integrity_check` (opening runs the quicker `quick_check`): the
    /// problems it lists, empty when the file is sound, and the number of declarations kept.
    pub fn integrity_check(&self) -> Result<(Vec<String>, i64), StoreError> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let problems = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|line| line != "ok")
            .collect();
        let kept = self
            .conn
            .query_row("SELECT COUNT(*) FROM drafts", [], |row| row.get(0))?;
        Ok((problems, kept))
    }

    fn damaged(path: &Path, detail: &str) -> StoreError {
        StoreError::Damaged {
            path: path.display().to_string(),
            detail: detail.to_owned(),
            backup: newest_backup(path).map(|p| p.display().to_string()),
        }
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version.
    pub fn version(&self) -> Result<i64, StoreError> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'schema_version')",
            [],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        Ok(self
            .conn
            .query_row("SELECT max(version) FROM schema_version", [], |r| {
                r.get::<_, Option<i64>>(0)
            })?
            .unwrap_or(0))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let from = self.version()?;
        if from > CURRENT_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.display().to_string(),
                found: from,
                supported: CURRENT_VERSION,
            });
        }
        for (index, sql) in migrations::MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(from).unwrap_or(0))
        {
            let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
            let tx = self.conn.transaction()?;
            tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')))")?;
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES (?1)",
                [version],
            )?;
            if version == migrations::SEARCH_INDEX_VERSION {
                // The search index was (re)created: fill it from the drafts kept so far.
                let rows: Vec<(DraftId, String)> = {
                    let mut statement = tx.prepare("SELECT id, data FROM drafts")?;
                    statement
                        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<_, _>>()?
                };
                for (id, data) in rows {
                    let declaration: Declaration = serde_json::from_str(&data)?;
                    index_draft(&tx, id, &declaration)?;
                }
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Saves a draft (new when `id` is `None`) with its findings; returns its id. Cheap enough to
    /// call on every pause in typing. The state of a sent declaration is not changed by saving.
    pub fn save_draft(
        &mut self,
        id: Option<DraftId>,
        declaration: &Declaration,
        findings: &[Finding],
        now: DateTime<Utc>,
    ) -> Result<DraftId, StoreError> {
        let data = serde_json::to_string(declaration)?;
        let findings_json = serde_json::to_string(findings)?;
        let error_count = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let errors = u32::try_from(error_count).unwrap_or(u32::MAX);
        let warnings = u32::try_from(findings.len() - error_count).unwrap_or(u32::MAX);
        let title = title_of(declaration);
        let direction = direction_text(declaration.direction);
        let now_text = now.to_rfc3339();
        let tx = self.conn.transaction()?;
        let id = if let Some(id) = id {
            let changed = tx.execute(
                "UPDATE drafts SET direction = ?2, title = ?3, data = ?4, findings = ?5, errors = ?6,
                     warnings = ?7, updated_at = ?8 WHERE id = ?1",
                params![id, direction, title, data, findings_json, errors, warnings, now_text],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound(id));
            }
            id
        } else {
            tx.execute(
                "INSERT INTO drafts (direction, state, title, data, findings, errors, warnings, created_at, updated_at)
                 VALUES (?1, 'draft', ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![direction, title, data, findings_json, errors, warnings, now_text],
            )?;
            tx.last_insert_rowid()
        };
        index_draft(&tx, id, declaration)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves many new drafts in one transaction (imports, migrations from other software).
    pub fn import_drafts<'a>(
        &mut self,
        declarations: impl IntoIterator<Item = &'a Declaration>,
        now: DateTime<Utc>,
    ) -> Result<Vec<DraftId>, StoreError> {
        let now_text = now.to_rfc3339();
        let tx = self.conn.transaction()?;
        let mut ids = Vec::new();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO drafts (direction, state, title, data, findings, errors, warnings, created_at, updated_at)
                 VALUES (?1, 'draft', ?2, ?3, '[]', 0, 0, ?4, ?4)",
            )?;
            for declaration in declarations {
                insert.execute(params![
                    direction_text(declaration.direction),
                    title_of(declaration),
                    serde_json::to_string(declaration)?,
                    now_text
                ])?;
                let id = tx.last_insert_rowid();
                index_draft(&tx, id, declaration)?;
                ids.push(id);
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Opens a draft, first applying the 7-day rule.
    pub fn draft(&mut self, id: DraftId, now: DateTime<Utc>) -> Result<StoredDraft, StoreError> {
        self.expire_one(id, now)?;
        self.conn
            .query_row(
                "SELECT id, state, data, findings, updated_at, expires_at, expired_at, lane FROM drafts WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, DraftId>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<u8>>(7)?,
                    ))
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound(id))
            .and_then(|(id, state, data, findings, updated, expires, expired, lane)| {
                Ok(StoredDraft {
                    id,
                    state: DraftState::parse(&state)?,
                    // Composed Unicode, also for drafts stored before KhaiBao composed text.
                    declaration: crate::domain::file::composed(serde_json::from_str(&data)?),
                    findings: serde_json::from_str(&findings)?,
                    updated_at: time(&updated),
                    expires_at: opt_time(expires),
                    expired_at: opt_time(expired),
                    lane,
                })
            })
    }

    /// A page of the declarations list: last edited first; or, with a search, newest created
    /// first among the matches (declaration number, invoice number, B/L, importer/exporter name
    /// or tax code, HS code, goods description; accents optional, every word must match the
    /// start of an indexed word).
    pub fn list(
        &self,
        search: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<DraftSummary>, StoreError> {
        const COLUMNS: &str = "d.id, d.direction, d.state, d.number, d.title, d.errors, d.warnings, d.updated_at, d.expires_at, d.lane,
            (SELECT s.tax_codes FROM drafts_search s WHERE s.rowid = d.id)";
        let query = search.map(fts_query).filter(|q| !q.is_empty());
        let sql_limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let sql_offset = i64::try_from(offset).unwrap_or(0);
        let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<DraftSummary> {
            Ok(DraftSummary {
                id: r.get(0)?,
                direction: if r.get::<_, String>(1)? == "export" {
                    Direction::Export
                } else {
                    Direction::Import
                },
                state: DraftState::parse(&r.get::<_, String>(2)?).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                number: r.get(3)?,
                title: r.get(4)?,
                errors: r.get(5)?,
                warnings: r.get(6)?,
                updated_at: time(&r.get::<_, String>(7)?),
                expires_at: opt_time(r.get(8)?),
                lane: r.get(9)?,
                tax_code: r
                    .get::<_, Option<String>>(10)?
                    .map(|t| t.trim().replace('-', ""))
                    .filter(|t| !t.is_empty()),
            })
        };
        let rows = if let Some(q) = query {
            // Search results come newest-created first: FTS5 walks its rowid (= draft id) order
            // and stops at the page, where sorting by last edit would need every match first.
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM (SELECT rowid AS id FROM drafts_search WHERE drafts_search MATCH ?1
                     ORDER BY rowid DESC LIMIT ?2 OFFSET ?3) m
                 JOIN drafts d ON d.id = m.id ORDER BY d.id DESC"
            ))?;
            statement
                .query_map(params![q, sql_limit, sql_offset], map)?
                .collect::<Result<Vec<_>, _>>()?
        } else {
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM drafts d ORDER BY d.updated_at DESC, d.id DESC LIMIT ?1 OFFSET ?2"
            ))?;
            statement
                .query_map(params![sql_limit, sql_offset], map)?
                .collect::<Result<Vec<_>, _>>()?
        };
        Ok(rows)
    }

    /// Applies the 7-day rule to every provisional declaration (the app's timer calls this).
    /// Returns the ids that expired now.
    pub fn expire_due(&mut self, now: DateTime<Utc>) -> Result<Vec<DraftId>, StoreError> {
        let due: Vec<DraftId> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT id FROM drafts WHERE state = 'provisional' AND expires_at <= ?1",
            )?;
            statement
                .query_map([now.to_rfc3339()], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for id in &due {
            self.expire_one(*id, now)?;
        }
        Ok(due)
    }

    fn expire_one(&mut self, id: DraftId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let row: Option<(String, Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT state, expires_at, number FROM drafts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((state, Some(expires), number)) = row else {
            return Ok(());
        };
        let expires_at = time(&expires);
        if state != "provisional" || now < expires_at {
            return Ok(());
        }
        tx.execute(
            "UPDATE drafts SET state = 'expired', expired_at = ?2 WHERE id = ?1",
            params![id, expires],
        )?;
        let number = number.unwrap_or_default();
        tx.execute(
            "INSERT INTO events (draft_id, at, kind, detail_vi, detail_en) VALUES (?1, ?2, ?5, ?3, ?4)",
            params![
                id,
                expires,
                format!("Tờ khai {number} hết hạn lưu giữ lúc {} (7 ngày sau lần khai/sửa cuối); ghi nhận lúc {}", vietnam_display(expires_at), vietnam_display(now)),
                format!("Declaration {number} expired at {} (7 days after the last declaration or edit); recorded at {}", vietnam_display(expires_at), vietnam_display(now)),
                EventKind::Expired.code(),
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The declarations the clearance watch-list asks about: officially registered, numbered,
    /// by id, with their title and lane.
    pub fn watch_list(&self) -> Result<Vec<WatchedDeclaration>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, number, title, lane FROM drafts
             WHERE state = 'registered' AND number IS NOT NULL ORDER BY id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, DraftId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<u8>>(3)?,
            ))
        })?;
        let rows = rows.collect::<Result<Vec<_>, _>>()?;
        let mut list = Vec::new();
        for (id, number, title, lane) in rows {
            let number = number.parse().map_err(|e: crate::domain::IdError| {
                StoreError::Json(serde::de::Error::custom(e.to_string()))
            })?;
            list.push(WatchedDeclaration {
                id,
                number,
                title,
                lane,
                numbered_by: self.numbered_by(id)?,
            });
        }
        Ok(list)
    }

    /// The system that gave a declaration its number: the one that answered its first accepted
    /// IDA/EDA, as the connection described itself then. `None` when it is not known (numbered
    /// before KhaiBao kept the system of each message, entered by hand, or never numbered).
    /// A simulator's numbers are its own, so a job about the declaration belongs there.
    pub fn numbered_by(&self, id: DraftId) -> Result<Option<Bilingual>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT system_vi, system_en FROM messages
             WHERE draft_id = ?1 AND sent = 0 AND job IN ('IDA', 'EDA') AND result_code = '00000'
             ORDER BY id LIMIT 1",
        )?;
        let system = statement
            .query_row([id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                ))
            })
            .optional()?;
        Ok(match system {
            Some((Some(vi), Some(en))) => Some(Bilingual::new(vi, en)),
            _ => None,
        })
    }

    /// Writes an event in a declaration's timeline (the watch-list's changes), in both
    /// languages.
    pub fn record_event(
        &mut self,
        id: DraftId,
        at: DateTime<Utc>,
        kind: EventKind,
        detail: &Bilingual,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO events (draft_id, at, kind, detail_vi, detail_en) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, at.to_rfc3339(), kind.code(), detail.vi, detail.en],
        )?;
        Ok(())
    }

    /// Fails with [`StoreError::Expired`] when the draft may not be submitted any more.
    pub fn check_submittable(&mut self, id: DraftId, now: DateTime<Utc>) -> Result<(), StoreError> {
        match self.draft(id, now)?.state {
            DraftState::Expired => Err(StoreError::Expired),
            _ => Ok(()),
        }
    }

    /// Logs a request sent for a draft and the core's answer — with the exact VNACCS bytes of
    /// both when the connection speaks VNACCS (`raw`: sent, received; the password field of
    /// the sent message is blanked before it is kept) — and updates the draft from the answer
    /// (number, state, expiry, lane). One transaction: both messages or neither.
    pub fn record_exchange(
        &mut self,
        id: DraftId,
        request: &Request,
        response: &Response,
        raw: Option<(&[u8], &[u8])>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let exchange = LoggedExchange {
            request,
            response,
            raw,
            system: None,
            outbox: None,
        };
        self.log_exchange(id, &exchange, now)
    }

    /// [`Store::record_exchange`] with the system the messages went to, and the outbox row
    /// the request waited in deleted in the same transaction.
    pub fn log_exchange(
        &mut self,
        id: DraftId,
        exchange: &LoggedExchange<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let LoggedExchange {
            request,
            response,
            raw,
            system,
            outbox,
        } = *exchange;
        let tx = self.conn.transaction()?;
        let branch = response.declaration.as_ref().map(|d| d.number.branch());
        let sent = raw.map(|(sent, _)| crate::wire::vnaccs::header::without_password(sent));
        let (system_vi, system_en) = system.map(|s| (s.vi.as_str(), s.en.as_str())).unzip();
        tx.execute(
            "INSERT INTO messages (draft_id, at, sent, job, message_ref, branch, result_code, body, raw, system_vi, system_en) VALUES (?1, ?2, 1, ?3, ?4, ?5, NULL, ?6, ?7, ?8, ?9)",
            params![id, now.to_rfc3339(), job_text(response.job), request.message_ref, branch, serde_json::to_string(request)?, sent, system_vi, system_en],
        )?;
        tx.execute(
            "INSERT INTO messages (draft_id, at, sent, job, message_ref, branch, result_code, body, raw, system_vi, system_en) VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![id, now.to_rfc3339(), job_text(response.job), request.message_ref, branch, response.result.code, serde_json::to_string(response)?, raw.map(|(_, received)| received), system_vi, system_en],
        )?;
        if let Some(row) = outbox {
            tx.execute("DELETE FROM outbox WHERE id = ?1", [row])?;
        }
        let data: String =
            tx.query_row("SELECT data FROM drafts WHERE id = ?1", [id], |r| r.get(0))?;
        let mut declaration: Declaration = serde_json::from_str(&data)?;
        // An answer about another declaration (a core that gave this number to another one,
        // such as a simulator reset by an older KhaiBao) is logged but changes nothing here.
        let mine = declaration.number;
        if let Some(view) = response
            .declaration
            .as_ref()
            .filter(|view| mine.is_none_or(|n| n.base() == view.number.base()))
        {
            let state = DraftState::from_status(view.status);
            // The core's expiry is authoritative (in simulation it follows the simulated clock,
            // which the app also passes to this store as `now`).
            let expires = (state == DraftState::Provisional).then(|| {
                view.expires_at
                    .unwrap_or(now + Duration::days(PROVISIONAL_DAYS))
                    .to_rfc3339()
            });
            tx.execute(
                "UPDATE drafts SET state = ?2, number = ?3, lane = ?4, expires_at = ?5,
                     provisional_at = CASE WHEN ?5 IS NOT NULL THEN ?6 ELSE provisional_at END,
                     expired_at = CASE WHEN ?2 = 'expired' THEN coalesce(expired_at, ?6) ELSE expired_at END
                 WHERE id = ?1",
                params![
                    id,
                    state.as_str(),
                    view.number.to_string(),
                    view.lane.as_ref().map(|l| l.lane.number()),
                    expires,
                    now.to_rfc3339()
                ],
            )?;
            declaration.number = Some(view.number);
            tx.execute(
                "UPDATE drafts SET data = ?2 WHERE id = ?1",
                params![id, serde_json::to_string(&declaration)?],
            )?;
            index_draft(&tx, id, &declaration)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The last answer received for a declaration (the result view after a restart).
    pub fn last_response(&self, id: DraftId) -> Result<Option<Response>, StoreError> {
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM messages WHERE draft_id = ?1 AND sent = 0 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
    }

    /// Everything sent and received for a declaration and its events, oldest first.
    pub fn timeline(&self, id: DraftId) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut entries: Vec<TimelineEntry> = Vec::new();
        {
            let mut statement = self.conn.prepare_cached(
                "SELECT at, sent, job, branch, result_code, body, raw, system_vi, system_en FROM messages WHERE draft_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map([id], |r| {
                let job = r.get::<_, String>(2)?;
                let job = (!job.is_empty())
                    .then(|| parse_code::<JobCode>(2, &job))
                    .transpose()?;
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    job,
                    r.get::<_, Option<u8>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<Vec<u8>>>(6)?,
                    r.get::<_, Option<String>>(7)?
                        .zip(r.get::<_, Option<String>>(8)?)
                        .map(|(vi, en)| Bilingual::new(vi, en)),
                ))
            })?;
            for row in rows {
                let (at, sent, job, branch, result_code, body, raw, system) = row?;
                let code = job.map_or("", JobCode::code);
                let (summary_vi, summary_en) = if sent {
                    (format!("Gửi {code}"), format!("Sent {code}"))
                } else {
                    let response: Response = serde_json::from_str(&body)?;
                    (
                        format!(
                            "Nhận kết quả {code}: {} {}",
                            response.result.code, response.result.message_vi
                        ),
                        format!(
                            "Answer to {code}: {} {}",
                            response.result.code, response.result.message_en
                        ),
                    )
                };
                entries.push(TimelineEntry {
                    at: time(&at),
                    kind: if sent {
                        TimelineKind::Sent
                    } else {
                        TimelineKind::Received
                    },
                    job,
                    branch,
                    result_code,
                    summary_vi,
                    summary_en,
                    raw,
                    system,
                });
            }
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT at, kind, detail_vi, detail_en FROM events WHERE draft_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                parse_code::<EventKind>(1, &r.get::<_, String>(1)?)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (at, kind, vi, en) = row?;
            entries.push(TimelineEntry {
                at: time(&at),
                kind: TimelineKind::Event(kind),
                job: None,
                branch: None,
                result_code: None,
                summary_vi: vi,
                summary_en: en,
                raw: None,
                system: None,
            });
        }
        entries.sort_by_key(|e| e.at);
        Ok(entries)
    }

    /// Deletes a draft that was never officially registered, or a registered declaration
    /// whose retention period ([`crate::domain::retention`]) is over on `now`'s Vietnam date.
    ///
    /// # Errors
    /// [`StoreError::KeptUntil`] within the retention period, [`StoreError::Kept`] when the
    /// registration date is not in the store's messages.
    pub fn delete_draft(&mut self, id: DraftId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let registered_on = self.registered_on(id)?;
        let tx = self.conn.transaction()?;
        let state: Option<String> = tx
            .query_row("SELECT state FROM drafts WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        match state.as_deref().map(DraftState::parse).transpose()? {
            None => return Err(StoreError::NotFound(id)),
            Some(DraftState::Registered | DraftState::Cleared | DraftState::Cancelled) => {
                let today = crate::domain::time::vietnam_date(now);
                match registered_on {
                    Some(on) if crate::domain::retention::may_delete(on, today) => {
                        tx.execute(
                            "UPDATE drafts SET released_at = ?2 WHERE id = ?1",
                            params![id, now.to_rfc3339()],
                        )?;
                    }
                    Some(on) => {
                        return Err(StoreError::KeptUntil {
                            registered_on: on,
                            until: crate::domain::retention::keep_until(on).unwrap_or(on),
                        });
                    }
                    None => return Err(StoreError::Kept),
                }
            }
            Some(_) => {}
        }
        if let Some(job) = tx
            .query_row("SELECT job FROM outbox WHERE draft_id = ?1", [id], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
        {
            return Err(StoreError::Queued { id, job });
        }
        tx.execute("DELETE FROM attachments WHERE draft_id = ?1", [id])?;
        tx.execute("DELETE FROM messages WHERE draft_id = ?1", [id])?;
        tx.execute("DELETE FROM events WHERE draft_id = ?1", [id])?;
        tx.execute("DELETE FROM drafts_search WHERE rowid = ?1", [id])?;
        tx.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Adds or updates a customer: by its id when it has one (its tax code may change then),
    /// else by tax code. A tax code another customer has is refused with
    /// [`StoreError::CustomerExists`].
    pub fn save_customer(&mut self, customer: &Customer) -> Result<i64, StoreError> {
        let tax_code = customer.tax_code.trim();
        let defaults = serde_json::to_string(&customer.defaults)?;
        let tx = self.conn.transaction()?;
        let holder: Option<i64> = tx
            .query_row(
                "SELECT id FROM parties WHERE tax_code = ?1",
                [tax_code],
                |r| r.get(0),
            )
            .optional()?;
        let id = match (customer.id, holder) {
            (0, _) => {
                tx.execute(
                    "INSERT INTO parties (tax_code, name, address, phone, defaults) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(tax_code) DO UPDATE SET name = excluded.name, address = excluded.address,
                         phone = excluded.phone, defaults = excluded.defaults",
                    params![tax_code, customer.name, customer.address, customer.phone, defaults],
                )?;
                tx.query_row(
                    "SELECT id FROM parties WHERE tax_code = ?1",
                    [tax_code],
                    |r| r.get(0),
                )?
            }
            (id, Some(other)) if other != id => {
                return Err(StoreError::CustomerExists(tax_code.to_owned()));
            }
            (id, _) => {
                let changed = tx.execute(
                    "UPDATE parties SET tax_code = ?2, name = ?3, address = ?4, phone = ?5, defaults = ?6
                     WHERE id = ?1",
                    params![id, tax_code, customer.name, customer.address, customer.phone, defaults],
                )?;
                if changed == 0 {
                    return Err(StoreError::NoCustomer(id));
                }
                id
            }
        };
        tx.commit()?;
        Ok(id)
    }

    /// Deletes a customer (by its id); the declarations made for it are kept.
    pub fn delete_customer(&mut self, id: i64) -> Result<(), StoreError> {
        let deleted = self
            .conn
            .execute("DELETE FROM parties WHERE id = ?1", [id])?;
        if deleted == 0 {
            return Err(StoreError::NoCustomer(id));
        }
        Ok(())
    }

    /// The customer list, by name.
    pub fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, tax_code, name, address, phone, defaults FROM parties ORDER BY name",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (id, tax_code, name, address, phone, defaults) = row?;
            Ok(Customer {
                id,
                tax_code,
                name,
                address,
                phone,
                defaults: serde_json::from_str(&defaults)?,
            })
        })
        .collect()
    }

    /// Writes a consistent copy of the store to `target` while it stays in use (SQLite backup
    /// API), and checks the copy.
    pub fn backup(&self, target: &Path) -> Result<(), StoreError> {
        let mut copy = Connection::open(target).map_err(|e| StoreError::Open {
            path: target.display().to_string(),
            detail: e.to_string(),
        })?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Self::damaged(target, &check));
        }
        Ok(())
    }

    /// Replaces the store's content with a backup file, after checking the backup.
    pub fn restore(&mut self, source: &Path) -> Result<(), StoreError> {
        let backup_conn =
            Connection::open_with_flags(source, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| StoreError::Open {
                    path: source.display().to_string(),
                    detail: e.to_string(),
                })?;
        let check: String = backup_conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| Self::damaged(source, &e.to_string()))?;
        if check != "ok" {
            return Err(Self::damaged(source, &check));
        }
        {
            let backup = rusqlite::backup::Backup::new(&backup_conn, &mut self.conn)?;
            backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        self.migrate()
    }
}

/// The newest `*.backup.sqlite` next to the store, if any.
fn newest_backup(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".backup.sqlite"))
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
}

fn direction_text(direction: Direction) -> &'static str {
    match direction {
        Direction::Import => "import",
        Direction::Export => "export",
    }
}

/// "Importer name · invoice number" for the list.
fn title_of(d: &Declaration) -> String {
    let name = d.declarant.name.as_deref().unwrap_or("").trim();
    let invoice = d.invoice.number.as_deref().unwrap_or("").trim();
    match (name.is_empty(), invoice.is_empty()) {
        (false, false) => format!("{name} · {invoice}"),
        (false, true) => name.to_owned(),
        (true, false) => invoice.to_owned(),
        (true, true) => String::new(),
    }
}

/// Writes a draft's searchable text (folded: lower case, no accents).
fn index_draft(conn: &Connection, id: DraftId, d: &Declaration) -> rusqlite::Result<()> {
    fn party(p: &Party) -> Vec<&str> {
        vec![
            p.name.as_deref().unwrap_or(""),
            p.tax_code.as_deref().unwrap_or(""),
        ]
    }
    let join = |items: Vec<&str>| fold(&items.join(" "));
    let mut names = party(&d.declarant);
    if let Some(e) = &d.entrusting_party {
        names.extend(party(e));
    }
    names.push(d.foreign_party.name.as_deref().unwrap_or(""));
    let number = d
        .number
        .map(|n| format!("{n} {}", n.base()))
        .unwrap_or_default();
    let hs: Vec<&str> = d
        .goods
        .iter()
        .filter_map(|g| g.hs_code.as_deref())
        .collect();
    let descriptions: Vec<&str> = d
        .goods
        .iter()
        .filter_map(|g| g.description.as_deref())
        .collect();
    conn.execute("DELETE FROM drafts_search WHERE rowid = ?1", [id])?;
    conn.execute(
        "INSERT INTO drafts_search (rowid, number, invoice, bills, names, tax_codes, hs_codes, goods) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            number,
            join(vec![d.invoice.number.as_deref().unwrap_or("")]),
            join(d.bills_of_lading.iter().map(String::as_str).collect()),
            join(names),
            join(vec![d.declarant.tax_code.as_deref().unwrap_or("")]),
            hs.join(" ").replace('.', ""),
            join(descriptions),
        ],
    )?;
    Ok(())
}

/// A user's search words as an FTS5 query: each word folded, quoted and matched as a prefix.
fn fts_query(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;

/// Whether SQLite said the file is locked by someone else.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// A job's code as the messages table keeps it (`""` for an answer to an unreadable request).
fn job_text(job: Option<JobCode>) -> &'static str {
    job.map_or("", JobCode::code)
}

/// A stored code read back; an unknown code is an error, not a guess.
fn parse_code<T: std::str::FromStr<Err = UnknownCode>>(
    column: usize,
    text: &str,
) -> rusqlite::Result<T> {
    text.parse().map_err(|e: UnknownCode| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e.into())
    })
}
