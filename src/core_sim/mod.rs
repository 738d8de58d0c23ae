//! The simulated VNACCS core: a state machine over declarations with its own SQLite storage,
//! deterministic given its data, its lane rules (with their seed) and the clock passed in.
//!
//! # Life of a declaration
//! - IDA/EDA registers provisional information: the core validates it (errors refuse), computes
//!   the taxes, assigns the 12-digit number (document type 10/30, sequence, check digit = sequence
//!   mod 7, branch 0) and keeps it **7 days after the registration or last edit** (seed);
//!   afterwards every operation on it is refused with `KB-S0010` (7 days − 1 s works, + 0 s does
//!   not).
//! - Before IDC/EDC it is corrected any number of times by calling it up (IDB/EDB) and sending
//!   IDA/EDA again **with its number** (the 7 days restart): the official input guides make the
//!   IDA layout's item ICN conditional for exactly this. Once registered, IDA/EDA with a number
//!   is refused with E0220 (IDA's answer for ICN "Nội dung đã được khai báo").
//! - IDC/EDC registers it: enterprise checks (E8000 tax debt, E8001 registry status), validation,
//!   exchange rate unchanged since the last IDA/EDA (else E1103), then the lane
//!   ([`crate::assess::lanes`]) and the tax notice. Taxes count as settled at once when nothing
//!   is payable or the payment code is a guarantee (ENC A/B).
//! - Clearance: green when the taxes are settled; yellow after documents are accepted; red after
//!   documents are accepted and the inspection passed (officer steps, simulated).
//! - Amendment (only after IDC/EDC; IDA01/EDA01 on a provisional declaration is refused with
//!   E0223, IDA01's answer for ICN "Chưa được khai báo"): IDD/EDD calls it up, IDA01/EDA01
//!   sends the amended data, IDE/EDE registers it:
//!   branch digit + 1, at most 9 amendments (E0399), **the new lane is never lower than the old
//!   one** (seed), and the fields the field table locks
//!   ([`crate::domain::fields::locked_in_amendment`]) may not change (KB-S0020).
//! - Cancellation on request (not once cleared), and the lapse of a registered declaration 15
//!   days after registration when its goods never reached customs: an import whose goods did not
//!   arrive at the border gate, an export whose goods were not brought into the customs area
//!   (TT 38/2015/TT-BTC art. 22.1 as amended by TT 39/2018/TT-BTC). A declaration whose goods are
//!   there stays registered, owing its taxes, however long that takes (see
//!   [`Record::goods_at_border`]). Time-driven changes happen when a declaration is touched
//!   and on every clock advance.
//!
//! # Messages
//! Every request carries a message reference. A repeated reference with the same request
//! returns the stored first answer and changes nothing; with a different request it is refused.
//! Each request runs in one SQLite transaction: it happens completely or not at all.

mod certificates;
mod dossier;
mod explain;
mod storage;
mod tax_amendment;
mod training;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike as _, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assess::lanes::{
    Compliance, LaneDecision, LaneInputs, LaneRules, RegistryStatus, select_lane,
};
use crate::assess::{Assessment, assess};
use crate::codes::CodeLists;
use crate::domain::text::Bilingual;
use crate::domain::time::{vietnam_date, vietnam_display};
use crate::domain::{
    BusinessCode, DOCUMENT_TYPE_EXPORT, DOCUMENT_TYPE_IMPORT, Declaration, DeclarationNumber,
    Direction, EventKind, JobCode, Lane, Step, TrainingControl, UserId,
};
use crate::rules::{self, Finding, Severity};
use crate::signature::Verified;
use crate::wire::{
    DeclarationView, Event, Inspection, OfficerAction, Operation, PROTOCOL, Request, Response,
    ResultCode, SignedMessage, Status, codes,
};

/// How long provisional information is kept after registration or the last edit (seed).
pub const PROVISIONAL_DAYS: i64 = 7;
/// Days after registration within which a declaration must be cleared before it is cancelled.
pub const AUTO_CANCEL_DAYS: i64 = 15;
/// Most amendments of one declaration.
pub const MAX_AMENDMENTS: u8 = 9;

/// A locked field's value, trimmed (empty when absent), as the amendment check compares it.
fn locked_value(d: &Declaration, field: &str) -> String {
    crate::domain::field(field)
        .and_then(|row| row.read(d))
        .map(crate::domain::FieldRef::to_text)
        .unwrap_or_default()
}

/// The request with its declaration's text composed (NFC), when it carries one.
fn composed(request: &Request) -> Option<Request> {
    let compose = |d: &Declaration| Box::new(crate::domain::file::composed(d.clone()));
    let operation = match &request.operation {
        Operation::RegisterProvisional { declaration } => Operation::RegisterProvisional {
            declaration: compose(declaration),
        },
        Operation::CorrectProvisional {
            number,
            declaration,
        } => Operation::CorrectProvisional {
            number: *number,
            declaration: compose(declaration),
        },
        Operation::AmendmentData {
            number,
            declaration,
        } => Operation::AmendmentData {
            number: *number,
            declaration: compose(declaration),
        },
        _ => return None,
    };
    Some(Request {
        protocol: request.protocol.clone(),
        message_ref: request.message_ref.clone(),
        user_id: request.user_id.clone(),
        operation,
    })
}

/// Why the core could not start.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum CoreError {
    /// The data folder or database cannot be used.
    Storage {
        /// The file or folder.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// Another KhaiBao holds the simulator of a network folder.
    InUse {
        /// The simulator's database file.
        path: String,
    },
    /// The lane rules file is invalid.
    Rules {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
}

impl CoreError {
    /// What to tell the person, each language built apart (the detail is the library's, the
    /// same in both).
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Storage { path, detail } => Bilingual::new(
                format!("Không mở được dữ liệu hệ thống mô phỏng {path}: {detail}"),
                format!("Cannot open the simulator data {path}: {detail}"),
            ),
            Self::InUse { path } => Bilingual::new(
                format!(
                    "Hệ thống mô phỏng {path} đang được một chương trình KhaiBao khác sử dụng (thư mục mạng: mỗi lúc chỉ một máy dùng được). Đóng KhaiBao kia rồi thử lại; không có gì bị mất"
                ),
                format!(
                    "The simulator {path} is in use by another KhaiBao (network folder: one computer at a time). Close the other KhaiBao and try again; nothing was lost"
                ),
            ),
            Self::Rules { path, detail } => Bilingual::new(
                format!("Tệp luật phân luồng {path} không hợp lệ: {detail}"),
                format!("The lane rules file {path} is invalid: {detail}"),
            ),
        }
    }
}

crate::domain::text::localized!(CoreError);

/// Amendment data waiting for IDE/EDE.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Pending {
    data: Declaration,
    assessment: Assessment,
}

/// Everything the core keeps about one declaration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Record {
    number: DeclarationNumber,
    direction: Direction,
    status: Status,
    data: Declaration,
    assessment: Assessment,
    lane: Option<LaneDecision>,
    edited_at: DateTime<Utc>,
    registered_at: Option<DateTime<Utc>>,
    cleared_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
    amendments: u8,
    amendment_open: bool,
    pending: Option<Pending>,
    taxes_settled: bool,
    documents_accepted: bool,
    inspection: Inspection,
    /// When an officer step said the goods reached customs (border gate or customs area).
    #[serde(default)]
    goods_confirmed_at: Option<DateTime<Utc>>,
    /// How many dossiers had arrived when the officer last asked for more (one more answers).
    #[serde(default)]
    dossiers_when_requested: Option<usize>,
    /// The user code (the enterprise, first 5 characters of the user ID) that declared it;
    /// none in records kept before it was recorded.
    #[serde(default)]
    user_code: Option<String>,
    /// The amendments of tax information after clearance (AMA → AMC), oldest first; at most
    /// the last one is pending.
    #[serde(default)]
    tax_amendments: Vec<tax_amendment::TaxAmendmentRecord>,
    /// Additional tax from registered amendments (AMC) not yet paid, VND.
    #[serde(default)]
    outstanding_vnd: Option<Decimal>,
    /// The VNACCS user ID that declared it (IDA/EDA): only that user may act on it; none in
    /// records kept before it was recorded (anyone may).
    #[serde(default)]
    user_id: Option<String>,
    /// How its lane was decided and what would have changed it.
    #[serde(default)]
    lane_explanation: Option<crate::assess::lanes::LaneExplanation>,
}

impl Record {
    fn expires_at(&self) -> DateTime<Utc> {
        self.edited_at + Duration::days(PROVISIONAL_DAYS)
    }

    fn cancel_deadline(&self) -> Option<DateTime<Utc>> {
        self.registered_at
            .map(|r| r + Duration::days(AUTO_CANCEL_DAYS))
    }

    /// Whether the goods had reached customs by `at` — the condition under which a registered
    /// declaration does not lapse (TT 38/2015 art. 22.1, amended by TT 39/2018):
    /// - an officer step said so (`goods_at_border`: the e-manifest's arrival, or the goods
    ///   brought into the customs area for export);
    /// - a physical inspection took place (it needs the goods);
    /// - an import's declared arrival date (ARR) is on or before that day in Vietnam: the
    ///   simulator takes the declared arrival as the manifest's.
    fn goods_at_border(&self, at: DateTime<Utc>) -> bool {
        self.goods_confirmed_at
            .is_some_and(|confirmed| confirmed <= at)
            || self.inspection != Inspection::Pending
            || (self.direction == Direction::Import
                && self
                    .data
                    .arrival_date
                    .is_some_and(|arrival| arrival <= vietnam_date(at)))
    }

    /// When a registered declaration lapses: 15 days after registration if by then its goods
    /// had not reached customs; never otherwise.
    fn lapses_at(&self) -> Option<DateTime<Utc>> {
        self.cancel_deadline()
            .filter(|deadline| !self.goods_at_border(*deadline))
    }

    fn lane(&self) -> Lane {
        self.lane.as_ref().map_or(Lane::Green, |l| l.lane)
    }

    /// Deferral without guarantee (payment deadline code C, priority enterprises): the goods are
    /// released before the taxes are paid.
    fn deferred(&self) -> bool {
        self.data.payment_deadline_code.as_deref().map(str::trim) == Some("C")
    }

    /// The last day (Vietnam date) to pay the taxes of a released declaration, when time can
    /// make them late: with deferral (C), the 10th of the month after the month the goods were
    /// released (Law on Tax Administration 38/2019/QH14 art. 55.2: priority enterprises pay for
    /// the declarations cleared or released in a month by the 10th of the next month), moved to
    /// the Monday when it falls on a weekend (Civil Code 2015 art. 148.5: a period ending on a
    /// day off ends on the next working day; public holidays are not known to the simulator).
    /// `None` before release, for pay-now (D: due before release; the goods wait, nothing
    /// accrues) and a guarantee (A, B: the bank answers for the taxes; taken as settled).
    fn payment_due(&self) -> Option<NaiveDate> {
        if !self.deferred() {
            return None;
        }
        let released = vietnam_date(self.cleared_at?);
        let due = released
            .checked_add_months(chrono::Months::new(1))?
            .with_day(10)?;
        Some(match due.weekday() {
            chrono::Weekday::Sat => due + Duration::days(2),
            chrono::Weekday::Sun => due + Duration::days(1),
            _ => due,
        })
    }

    /// Late-payment interest on the taxes paid on `paid_on` (Vietnam date): 0.03 % a day (Law
    /// 38/2019/QH14 art. 59.2.a), counted from the day after the due date to the day before the
    /// payment (art. 59.2.b), rounded to the đồng. Returns `(days, VND)`; `(0, 0)` when not late.
    fn late_interest(&self, paid_on: NaiveDate) -> (i64, Decimal) {
        let Some(due) = self.payment_due() else {
            return (0, Decimal::ZERO);
        };
        let days = ((paid_on - due).num_days() - 1).max(0);
        let rate = Decimal::new(3, 4);
        let amount = crate::assess::round_vnd(
            self.assessment.total_payable_vnd * rate * Decimal::from(days),
        );
        (days, amount)
    }

    /// Clears the declaration when its lane's conditions are met.
    fn try_clear(&mut self, now: DateTime<Utc>) -> bool {
        if self.status != Status::Registered || !(self.taxes_settled || self.deferred()) {
            return false;
        }
        let ready = match self.lane() {
            Lane::Green => true,
            Lane::Yellow => self.documents_accepted,
            Lane::Red => self.documents_accepted && self.inspection == Inspection::Passed,
        };
        if ready {
            self.status = Status::Cleared;
            self.cleared_at = Some(now);
        }
        ready
    }
}

/// The simulated core.
#[derive(Debug)]
pub struct Core {
    conn: Connection,
    codes: CodeLists,
    /// The active lane rules: `base_rules` with the instructor's profile, seed and rates.
    rules: LaneRules,
    /// The rules of the data folder's file (or the memory core's).
    base_rules: LaneRules,
    /// The data folder (none in memory): snapshots are kept there.
    dir: Option<PathBuf>,
    /// Whether the data folder is on a network share.
    network: bool,
}

/// File names inside the simulator's data folder.
pub const DATABASE_FILE: &str = "core.sqlite";
/// The lane rules file, copied from the defaults on first start.
pub const RULES_FILE: &str = "lane_rules.toml";

/// A refusal: the result code and the findings that explain it.
struct Refusal {
    result: ResultCode,
    findings: Vec<Finding>,
    record: Option<Box<Record>>,
}

impl From<codes::Code> for Refusal {
    fn from(code: codes::Code) -> Self {
        Self {
            result: code.into(),
            findings: Vec::new(),
            record: None,
        }
    }
}

impl From<rusqlite::Error> for Refusal {
    fn from(err: rusqlite::Error) -> Self {
        Self {
            result: ResultCode::with_detail(codes::STORAGE, &err.to_string(), &err.to_string()),
            findings: Vec::new(),
            record: None,
        }
    }
}

type Outcome = Result<(Option<Record>, Vec<Finding>), Refusal>;

fn event(record: &Record, at: DateTime<Utc>, kind: EventKind, vi: String, en: String) -> Event {
    Event {
        at,
        branch: record.number.branch(),
        kind,
        detail_vi: vi,
        detail_en: en,
    }
}

impl Core {
    /// Opens (or creates) the core in a data folder: `core.sqlite` and `lane_rules.toml` (the
    /// defaults are written there on first start, for an instructor to edit).
    pub fn open(dir: &Path, codes: CodeLists) -> Result<Self, CoreError> {
        let storage_error = |path: &Path, detail: String| CoreError::Storage {
            path: path.display().to_string(),
            detail,
        };
        std::fs::create_dir_all(dir).map_err(|e| storage_error(dir, e.to_string()))?;
        let rules_path = dir.join(RULES_FILE);
        if !rules_path.exists() {
            std::fs::write(&rules_path, crate::assess::lanes::DEFAULT_RULES)
                .map_err(|e| storage_error(&rules_path, e.to_string()))?;
        }
        let text = std::fs::read_to_string(&rules_path)
            .map_err(|e| storage_error(&rules_path, e.to_string()))?;
        let rules = LaneRules::parse(&text).map_err(|detail| CoreError::Rules {
            path: rules_path.display().to_string(),
            detail,
        })?;
        let db = dir.join(DATABASE_FILE);
        let conn = Connection::open(&db).map_err(|e| storage_error(&db, e.to_string()))?;
        let network = matches!(
            crate::appdata::folder_kind(dir),
            crate::appdata::FolderKind::Network(_)
        );
        storage::prepare(&conn, network).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(ref f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                CoreError::InUse {
                    path: db.display().to_string(),
                }
            }
            other => storage_error(&db, other.to_string()),
        })?;
        let active =
            training::active_rules(&conn, &rules).map_err(|e| storage_error(&db, e.to_string()))?;
        Ok(Self {
            conn,
            codes,
            rules: active,
            base_rules: rules,
            dir: Some(dir.to_path_buf()),
            network,
        })
    }

    /// A core in memory (tests, benchmarks, throw-away training sessions).
    pub fn in_memory(codes: CodeLists, rules: LaneRules) -> Result<Self, CoreError> {
        let storage_error = |detail: String| CoreError::Storage {
            path: ":memory:".to_owned(),
            detail,
        };
        let conn = Connection::open_in_memory().map_err(|e| storage_error(e.to_string()))?;
        storage::prepare(&conn, false).map_err(|e| storage_error(e.to_string()))?;
        Ok(Self {
            conn,
            codes,
            rules: rules.clone(),
            base_rules: rules,
            dir: None,
            network: false,
        })
    }

    /// The default data folder of the embedded core inside the app's data folder.
    pub fn default_dir(data_dir: &Path) -> PathBuf {
        data_dir.join("simulator")
    }

    /// The simulated clock's offset stored in the core data folder `dir`, read without opening
    /// the core for writing (the window shows the simulated date from its first frame). Zero
    /// when there is no core there yet or it cannot be read; the core's answers correct it.
    pub fn stored_offset(dir: &Path) -> Duration {
        let db = dir.join(DATABASE_FILE);
        if !db.is_file() {
            return Duration::zero();
        }
        let seconds = Connection::open_with_flags(
            &db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()
        .and_then(|conn| storage::meta(&conn, "clock_offset_seconds").ok().flatten())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
        Duration::seconds(seconds)
    }

    /// The simulated time for a real instant (the clock offset added).
    pub fn simulated_now(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let offset: i64 = storage::meta(&self.conn, "clock_offset_seconds")
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        now + Duration::seconds(offset)
    }

    /// Processes one unsigned request at real time `now`. Never panics and never returns an
    /// error: a failure is a response with its result code, and nothing of a failed request is
    /// stored. Official jobs sent unsigned are refused with E9990 when the signature policy
    /// requires signatures, else carried out with warning `KB-W9990`.
    pub fn handle(&mut self, request: &Request, now: DateTime<Utc>) -> Response {
        self.process(request, None, now)
    }

    /// Processes a signed request: the signature is verified over the exact payload bytes and
    /// the signer's certificate against the registry before the request is read and carried out.
    pub fn handle_signed(&mut self, message: &SignedMessage, now: DateTime<Utc>) -> Response {
        let sim_now = self.simulated_now(now);
        let request: Request = match serde_json::from_str(&message.payload) {
            Ok(request) => request,
            Err(err) => {
                return Response {
                    message_ref: String::new(),
                    job: None,
                    result: ResultCode::with_detail(
                        codes::MALFORMED,
                        &err.to_string(),
                        &err.to_string(),
                    ),
                    processed_at: sim_now,
                    declaration: None,
                    findings: Vec::new(),
                    certificates: Vec::new(),
                    signatures_required: None,
                    attachment: None,
                    tax_amendment: None,
                    explanation: None,
                    training: None,
                };
            }
        };
        match certificates::verify(message) {
            Ok(signer) => self.process(&request, Some(&signer), now),
            Err(result) => bare(&request, Self::job_of(&request), result, sim_now),
        }
    }

    /// Makes `ids` the instructors (a classroom server sets its roster's): only they may use the
    /// training controls from then on; empty lets everyone (single-user practice).
    ///
    /// # Errors
    /// [`CoreError::Storage`] when the setting cannot be written.
    pub fn set_instructors(&mut self, ids: &[String]) -> Result<(), CoreError> {
        training::set_instructors(&self.conn, ids).map_err(|e| CoreError::Storage {
            path: "core.sqlite".to_owned(),
            detail: e.to_string(),
        })
    }

    /// Whether official jobs must be signed (E9990 when not), the simulator's policy.
    pub fn signatures_required(&self) -> bool {
        certificates::signatures_required(&self.conn)
    }

    /// Processes a request read from a signed VNACCS message (`multipart/signed`): the signature
    /// in `message` is verified over its payload — the signed MIME part the request was read
    /// from — and the signer's certificate against the registry, then the request is carried out.
    pub fn handle_with_signature(
        &mut self,
        request: &Request,
        message: &SignedMessage,
        now: DateTime<Utc>,
    ) -> Response {
        match certificates::verify(message) {
            Ok(signer) => self.process(request, Some(&signer), now),
            Err(result) => bare(
                request,
                Self::job_of(request),
                result,
                self.simulated_now(now),
            ),
        }
    }

    fn process(
        &mut self,
        request: &Request,
        signer: Option<&Verified>,
        now: DateTime<Utc>,
    ) -> Response {
        // Text is composed (NFC) at the wire boundary, whatever the client sent.
        let composed_request = composed(request);
        let request = composed_request.as_ref().unwrap_or(request);
        let sim_now = self.simulated_now(now);
        let job = Self::job_of(request);
        let refuse = |result: ResultCode| bare(request, job, result, sim_now);
        if request.protocol != PROTOCOL {
            return refuse(codes::PROTOCOL.into());
        }
        if request.message_ref.trim().is_empty() || request.message_ref.len() > 64 {
            return refuse(codes::MALFORMED.into());
        }
        if request.user_id.parse::<UserId>().is_err() {
            return refuse(codes::BAD_USER.into());
        }
        let mut warnings = Vec::new();
        match signer {
            Some(signer) => {
                if !matches!(request.operation, Operation::RegisterCertificate { .. })
                    && let Err(result) = certificates::check_registered(
                        &self.conn,
                        &request.user_id,
                        signer,
                        sim_now,
                    )
                {
                    return refuse(result);
                }
            }
            None if request.operation.requires_signature() => {
                if matches!(request.operation, Operation::RegisterCertificate { .. })
                    || certificates::signatures_required(&self.conn)
                {
                    return refuse(codes::SIGNATURE_REQUIRED.into());
                }
                warnings.push(unsigned_warning());
            }
            None => {}
        }
        let Ok(bytes) = serde_json::to_vec(request) else {
            return refuse(codes::MALFORMED.into());
        };
        let hash = hex::encode(Sha256::digest(&bytes));
        if matches!(
            request.operation,
            Operation::Snapshot { .. } | Operation::Restore { .. } | Operation::ListSnapshots
        ) {
            return match self.snapshot_job(request, job, &hash, now) {
                Ok(response) => response,
                Err(err) => refuse(ResultCode::with_detail(
                    codes::STORAGE,
                    &err.to_string(),
                    &err.to_string(),
                )),
            };
        }
        let answer = self.transaction(request, job, &hash, sim_now, signer, warnings);
        if answer.as_ref().is_ok_and(|r| r.training.is_some()) {
            self.reload_rules();
        }
        match answer {
            Ok(response) => response,
            Err(err) => refuse(ResultCode::with_detail(
                codes::STORAGE,
                &err.to_string(),
                &err.to_string(),
            )),
        }
    }

    /// Re-reads the active lane rules after an instructor changed them (the database is the
    /// truth; the cache follows it).
    fn reload_rules(&mut self) {
        if let Ok(rules) = training::active_rules(&self.conn, &self.base_rules) {
            self.rules = rules;
        }
    }

    /// The refusal a request gets before it is carried out: a training control by someone who
    /// is not an instructor (KB-S0081), a job on a declaration another user declared (the
    /// job's official code, else KB-S0080). Officer and instructor steps are nobody's
    /// declaration jobs and skip the second check. A named instructor (the core's instructors
    /// setting, not "everyone" when none is set) may read any declaration (IID/IEX/IAD
    /// references), never register, amend or cancel another's.
    fn gate(
        conn: &Connection,
        request: &Request,
        job: JobCode,
    ) -> rusqlite::Result<Option<ResultCode>> {
        let user = request.user_id.as_str();
        if request.operation.is_instructor_only() {
            return Ok(
                (!training::may_instruct(conn, user)?).then(|| codes::INSTRUCTOR_ONLY.into())
            );
        }
        let Some(number) = request.operation.number() else {
            return Ok(None);
        };
        let Some(base) = tax_amendment::declaration_base(conn, number)? else {
            return Ok(None);
        };
        if request.operation.is_reference() && training::is_named_instructor(conn, user)? {
            return Ok(None);
        }
        let owner = storage::load(conn, &base)?.and_then(|r| r.user_id);
        Ok(owner
            .filter(|owner| owner != user)
            .map(|_| crate::wire::not_declarant(job).into()))
    }

    /// Snapshot, restore, list: outside the request transaction (a backup reads or writes the
    /// whole database); the answer is kept under its message reference afterwards.
    fn snapshot_job(
        &mut self,
        request: &Request,
        job: JobCode,
        hash: &str,
        real_now: DateTime<Utc>,
    ) -> rusqlite::Result<Response> {
        let now = self.simulated_now(real_now);
        if let Some((stored_hash, stored)) = storage::message(&self.conn, &request.message_ref)? {
            return if stored_hash == hash {
                storage::parse_response(&stored)
            } else {
                Ok(bare(request, job, codes::REF_REUSED.into(), now))
            };
        }
        let outcome = if let Some(refusal) = Self::gate(&self.conn, request, job)? {
            Err(refusal)
        } else if let Some(dir) = self.dir.clone() {
            match &request.operation {
                Operation::Snapshot { name } => training::snapshot(&self.conn, &dir, name, now)?
                    .map(|()| {
                        (
                            format!("Đã lưu trạng thái mô phỏng \"{name}\""),
                            format!("Simulator state kept as \"{name}\""),
                        )
                    }),
                Operation::Restore { name } => {
                    let restored = training::restore(&mut self.conn, &dir, name)?;
                    if restored.is_ok() {
                        storage::prepare(&self.conn, self.network)?;
                        self.reload_rules();
                    }
                    restored.map(|()| {
                        (
                            format!("Đã khôi phục trạng thái mô phỏng \"{name}\""),
                            format!("Simulator state \"{name}\" restored"),
                        )
                    })
                }
                _ => Ok((
                    "Các trạng thái mô phỏng đã lưu".to_owned(),
                    "The kept simulator states".to_owned(),
                )),
            }
        } else {
            Err(codes::NO_DATA_FOLDER.into())
        };
        // The clock may have moved with a restore: answer at the restored simulated time.
        let offset_now = self.simulated_now(real_now);
        let response = match outcome {
            Ok(done) => {
                let mut settings = training::settings(&self.conn, &self.rules, done)?;
                settings.snapshots = self
                    .dir
                    .as_deref()
                    .map(training::snapshots)
                    .unwrap_or_default();
                Response {
                    training: Some(Box::new(settings)),
                    ..bare(request, job, codes::OK.into(), offset_now)
                }
            }
            Err(result) => bare(request, job, result, now),
        };
        storage::save_message(&self.conn, &request.message_ref, hash, &response)?;
        Ok(response)
    }

    fn job_of(request: &Request) -> JobCode {
        request.operation.job(request.operation.direction())
    }

    fn transaction(
        &mut self,
        request: &Request,
        job: JobCode,
        hash: &str,
        now: DateTime<Utc>,
        signer: Option<&Verified>,
        warnings: Vec<Finding>,
    ) -> rusqlite::Result<Response> {
        let tx = self.conn.transaction()?;
        if let Some((stored_hash, stored)) = storage::message(&tx, &request.message_ref)? {
            return if stored_hash == hash {
                storage::parse_response(&stored)
            } else {
                Ok(bare(request, job, codes::REF_REUSED.into(), now))
            };
        }
        if let Some(response) =
            Self::gated_or_training(&tx, &self.base_rules, request, (job, now), &warnings)?
        {
            storage::save_message(&tx, &request.message_ref, hash, &response)?;
            tx.commit()?;
            return Ok(response);
        }
        if let Some(outcome) =
            certificates::operate(&tx, &request.operation, &request.user_id, signer, now)
        {
            let (result, certificates) = match outcome {
                Ok(list) => (codes::OK.into(), list),
                Err(result) => (result, Vec::new()),
            };
            let response = Response {
                certificates,
                signatures_required: Some(certificates::signatures_required(&tx)),
                ..bare(request, job, result, now)
            };
            if response.result.code != codes::STORAGE.0 {
                storage::save_message(&tx, &request.message_ref, hash, &response)?;
                tx.commit()?;
            }
            return Ok(response);
        }
        if let Operation::RegisterAttachments { application } = &request.operation {
            return Self::register_dossier(
                tx,
                &self.codes,
                request,
                application,
                (job, hash),
                now,
                warnings,
            );
        }
        let outcome = Self::operate(
            &tx,
            &self.codes,
            &self.rules,
            (&request.operation, &request.user_id),
            now,
        );
        let (result, mut findings, record) = match outcome {
            Ok((record, findings)) => (codes::OK.into(), findings, record),
            Err(refusal) => (refusal.result, refusal.findings, refusal.record.map(|r| *r)),
        };
        findings.extend(warnings);
        if result.code == codes::STORAGE.0 {
            // Nothing is kept of a request the storage failed on.
            drop(tx);
            return Ok(Response {
                findings,
                ..bare(request, job, result, now)
            });
        }
        // A clock advance answers with the new simulated time.
        let now_after = match request.operation {
            Operation::AdvanceClock { seconds } if result.code == codes::OK.0 => {
                now + Duration::seconds(seconds)
            }
            _ => now,
        };
        let (declaration, tax_amendment) = answer_views(
            &tx,
            record.as_ref(),
            &request.operation,
            result.is_success(),
        )?;
        let explanation = explain::answer(
            &self.codes,
            record.as_ref(),
            declaration.as_deref(),
            (job, &result, &findings),
        );
        let response = Response {
            explanation,
            training: None,
            message_ref: request.message_ref.clone(),
            job: Some(job),
            result,
            processed_at: now_after,
            declaration,
            findings,
            certificates: Vec::new(),
            signatures_required: None,
            attachment: None,
            tax_amendment,
        };
        storage::save_message(&tx, &request.message_ref, hash, &response)?;
        tx.commit()?;
        Ok(response)
    }

    /// The answer of a request refused at the gate ([`Self::gate`]) or of an instructor control
    /// kept in the database ([`training::operate`]); `None` for the other requests.
    fn gated_or_training(
        tx: &Connection,
        base_rules: &LaneRules,
        request: &Request,
        (job, now): (JobCode, DateTime<Utc>),
        warnings: &[Finding],
    ) -> rusqlite::Result<Option<Response>> {
        if let Some(result) = Self::gate(tx, request, job)? {
            return Ok(Some(Response {
                findings: warnings.to_vec(),
                ..bare(request, job, result, now)
            }));
        }
        let Some(done) = training::operate(tx, &request.operation, &request.user_id, now) else {
            return Ok(None);
        };
        Ok(Some(match done? {
            Ok(done) => {
                let rules = training::active_rules(tx, base_rules)?;
                Response {
                    training: Some(Box::new(training::settings(tx, &rules, done)?)),
                    ..bare(request, job, codes::OK.into(), now)
                }
            }
            Err(result) => bare(request, job, result, now),
        }))
    }

    /// HYS: the dossier registered (or refused), the answer kept under its message reference.
    fn register_dossier(
        tx: rusqlite::Transaction<'_>,
        code_lists: &CodeLists,
        request: &Request,
        application: &crate::domain::dossier::HysApplication,
        (job, hash): (JobCode, &str),
        now: DateTime<Utc>,
        warnings: Vec<Finding>,
    ) -> rusqlite::Result<Response> {
        let (result, attachment) =
            match dossier::register(&tx, code_lists, application, &request.user_id, now) {
                Ok(receipt) => (codes::OK.into(), Some(receipt)),
                Err(result) => (result, None),
            };
        let response = Response {
            findings: warnings,
            attachment,
            ..bare(request, job, result, now)
        };
        if response.result.code != codes::STORAGE.0 {
            storage::save_message(&tx, &request.message_ref, hash, &response)?;
            tx.commit()?;
        }
        Ok(response)
    }

    /// Loads a declaration, applying what time has done to it (expiry, auto-cancellation).
    fn load(
        conn: &Connection,
        number: DeclarationNumber,
        now: DateTime<Utc>,
    ) -> Result<Record, Refusal> {
        let mut record =
            storage::load(conn, &number.base())?.ok_or(Refusal::from(codes::UNKNOWN_NUMBER))?;
        if Self::apply_time(conn, &mut record, now)? {
            storage::save(conn, &record)?;
        }
        Ok(record)
    }

    /// Expires provisional data 7 days after the last declaration or edit (TT 38/2015 art.
    /// 18.6: provisional information is kept at most 7 days); lets a registered declaration whose goods
    /// never reached customs lapse 15 days after registration ([`Record::lapses_at`]). Returns
    /// whether the record changed.
    fn apply_time(
        conn: &Connection,
        record: &mut Record,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<bool> {
        match record.status {
            Status::Provisional if now >= record.expires_at() => {
                record.status = Status::Expired;
                let at = record.expires_at();
                storage::add_event(
                    conn,
                    &record.number.base(),
                    &event(
                        record,
                        at,
                        EventKind::Expired,
                        format!(
                            "Hết hạn lưu giữ thông tin khai báo trước ({PROVISIONAL_DAYS} ngày kể từ lần khai/sửa cuối)"
                        ),
                        format!(
                            "Provisional information expired ({PROVISIONAL_DAYS} days after the last declaration or edit)"
                        ),
                    ),
                )?;
                Ok(true)
            }
            // A cleared declaration whose goods never came lapses too (a green lane clears at
            // registration, before the goods reach the port).
            Status::Registered | Status::Cleared
                if record.lapses_at().is_some_and(|d| now >= d) =>
            {
                let at = record.lapses_at().unwrap_or(now);
                record.status = Status::Cancelled;
                record.cancelled_at = Some(at);
                storage::add_event(
                    conn,
                    &record.number.base(),
                    &event(
                        record,
                        at,
                        EventKind::AutoCancel,
                        format!(
                            "Tờ khai hết hiệu lực: quá {AUTO_CANCEL_DAYS} ngày kể từ ngày đăng ký mà hàng chưa đến cửa khẩu hoặc chưa được đưa vào khu vực giám sát hải quan (TT 38/2015 Điều 22, sửa đổi bởi TT 39/2018)"
                        ),
                        format!(
                            "Declaration lapsed: {AUTO_CANCEL_DAYS} days after registration the goods had neither reached the border gate nor been brought into the customs area (TT 38/2015 art. 22, amended by TT 39/2018)"
                        ),
                    ),
                )?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn refuse_with(code: codes::Code, record: &Record) -> Refusal {
        Refusal {
            result: code.into(),
            findings: Vec::new(),
            record: Some(Box::new(record.clone())),
        }
    }

    fn check_direction(record: &Record, declaration: &Declaration) -> Result<(), Refusal> {
        if record.direction == declaration.direction {
            Ok(())
        } else {
            Err(Self::refuse_with(codes::WRONG_DIRECTION, record))
        }
    }

    /// Validates and assesses; errors refuse with the findings, warnings come back.
    fn check_and_assess(
        codes_: &CodeLists,
        d: &Declaration,
        now: DateTime<Utc>,
    ) -> Result<(Assessment, Vec<Finding>), Refusal> {
        let today = vietnam_date(now);
        Self::check_and_assess_on(codes_, d, today, today)
    }

    /// [`Self::check_and_assess`] with the day the rules judge by and the day whose rates and
    /// tariff the taxes use given apart (an amendment after clearance: both the registration's).
    fn check_and_assess_on(
        codes_: &CodeLists,
        d: &Declaration,
        today: NaiveDate,
        rates_on: NaiveDate,
    ) -> Result<(Assessment, Vec<Finding>), Refusal> {
        let mut findings = rules::validate(d, codes_, today);
        // The core judges what VNACCS sees: a finding on a field no IDA/EDA item carries (the
        // C/O form, import containers…) is the client's check, never a refusal here — a
        // declaration sent as a real VNACCS message does not even hold those fields.
        findings.retain(|f| crate::wire::vnaccs::items::carried(&f.path, d.direction));
        if rules::has_errors(&findings) {
            return Err(Refusal {
                result: codes::INVALID.into(),
                findings,
                record: None,
            });
        }
        let assessment = assess(d, codes_, rates_on);
        if !assessment.is_complete() {
            return Err(Refusal {
                result: codes::NOT_ASSESSABLE.into(),
                findings: assessment.problems.clone(),
                record: None,
            });
        }
        let mut all = findings;
        all.extend(assessment.problems.iter().cloned());
        Ok((assessment, all))
    }

    /// IDA/EDA sent again with the number (after IDB/EDB): replaces the provisional
    /// information, the 7 days restarting; refused once registered (E0220).
    fn correct_provisional(
        conn: &Connection,
        codes_: &CodeLists,
        number: DeclarationNumber,
        declaration: &Declaration,
        now: DateTime<Utc>,
    ) -> Outcome {
        let mut record = Self::load(conn, number, now)?;
        Self::check_direction(&record, declaration)?;
        match record.status {
            Status::Provisional => {}
            Status::Registered | Status::Cleared => {
                return Err(Self::refuse_with(codes::PROVISIONAL_DECLARED, &record));
            }
            Status::Expired => return Err(Self::refuse_with(codes::EXPIRED, &record)),
            Status::Cancelled => return Err(Self::refuse_with(codes::FINAL, &record)),
        }
        let (assessment, findings) =
            Self::check_and_assess(codes_, declaration, now).map_err(|r| Refusal {
                record: Some(Box::new(record.clone())),
                ..r
            })?;
        record.data = declaration.clone();
        record.data.number = Some(record.number);
        record.assessment = assessment;
        record.edited_at = now;
        storage::save(conn, &record)?;
        storage::add_event(
            conn,
            &record.number.base(),
            &event(
                &record,
                now,
                job_event(Step::Provisional, declaration.direction),
                format!(
                    "Khai báo sửa thông tin khai báo trước (gửi lại với số tờ khai); hạn lưu giữ mới {}",
                    vietnam_display(record.expires_at())
                ),
                format!(
                    "Provisional information corrected (sent again with its number); kept until {}",
                    vietnam_display(record.expires_at())
                ),
            ),
        )?;
        Ok((Some(record), findings))
    }

    /// IDA01/EDA01: the amendment data of a registered declaration called up with IDD/EDD,
    /// kept until IDE/EDE; refused on a provisional declaration (E0223), without IDD
    /// (KB-S0021) and when a locked field changed (KB-S0020).
    fn amendment_data(
        conn: &Connection,
        codes_: &CodeLists,
        number: DeclarationNumber,
        declaration: &Declaration,
        now: DateTime<Utc>,
    ) -> Outcome {
        let mut record = Self::load(conn, number, now)?;
        Self::check_direction(&record, declaration)?;
        match record.status {
            Status::Registered | Status::Cleared => {}
            Status::Provisional => {
                return Err(Self::refuse_with(codes::NOT_YET_DECLARED, &record));
            }
            Status::Expired => return Err(Self::refuse_with(codes::EXPIRED, &record)),
            Status::Cancelled => return Err(Self::refuse_with(codes::FINAL, &record)),
        }
        if !record.amendment_open {
            return Err(Self::refuse_with(codes::NO_AMENDMENT, &record));
        }
        let changed: Vec<&str> = crate::domain::fields::locked_in_amendment()
            .iter()
            .copied()
            .filter(|f| locked_value(&record.data, f) != locked_value(declaration, f))
            .collect();
        if !changed.is_empty() {
            let findings = changed
                .iter()
                .map(|f| {
                    let label = crate::domain::field_label(f, record.direction);
                    let (vi, en) = label.map_or((*f, *f), |l| (l.vi, l.en));
                    Finding::new(
                        &rules::catalogue::LOCKED_FIELD_AMENDED,
                        Severity::Error,
                        *f,
                        format!(
                            "{vi}: không được khai sửa đổi (giữ \"{}\")",
                            locked_value(&record.data, f)
                        ),
                        format!(
                            "{en}: cannot be amended (keep \"{}\")",
                            locked_value(&record.data, f)
                        ),
                    )
                })
                .collect();
            return Err(Refusal {
                result: ResultCode::with_detail(
                    codes::LOCKED_FIELD,
                    &changed.join(", "),
                    &changed.join(", "),
                ),
                findings,
                record: Some(Box::new(record)),
            });
        }
        let (assessment, findings) =
            Self::check_and_assess(codes_, declaration, now).map_err(|r| Refusal {
                record: Some(Box::new(record.clone())),
                ..r
            })?;
        let mut data = declaration.clone();
        data.number = Some(record.number);
        record.pending = Some(Pending { data, assessment });
        storage::save(conn, &record)?;
        storage::add_event(
            conn,
            &record.number.base(),
            &event(
                &record,
                now,
                job_event(Step::AmendmentData, record.direction),
                "Gửi dữ liệu sửa đổi; chờ đăng ký sửa đổi".into(),
                "Amendment data sent; waiting for registration".into(),
            ),
        )?;
        Ok((Some(record), findings))
    }

    /// IDC/EDC: enterprise checks, the instructor's forcing, validation, the exchange rate, the
    /// lane (explained) and the tax notice.
    fn register_official(
        conn: &Connection,
        codes_: &CodeLists,
        rules: &LaneRules,
        (number, user): (DeclarationNumber, &str),
        now: DateTime<Utc>,
    ) -> Outcome {
        let mut record = Self::load(conn, number, now)?;
        match record.status {
            Status::Provisional => {}
            Status::Expired => return Err(Self::refuse_with(codes::EXPIRED, &record)),
            Status::Registered | Status::Cleared => {
                return Err(Self::refuse_with(codes::ALREADY_DECLARED, &record));
            }
            Status::Cancelled => return Err(Self::refuse_with(codes::FINAL, &record)),
        }
        // The instructor's forcing: a refusal now (consumed), a lane at the selection.
        let mut forced_lane = None;
        if let Some(f) = storage::next_forced(conn, user)? {
            match &f.outcome {
                crate::wire::ForcedOutcome::Refusal { code } => {
                    storage::remove_forced(conn, f.id)?;
                    let job = BusinessCode::of(Step::Official, record.direction);
                    return Err(Refusal {
                        result: training::forced_refusal(job.code(), code, &f.set_by),
                        findings: Vec::new(),
                        record: Some(Box::new(record)),
                    });
                }
                crate::wire::ForcedOutcome::Lane { lane } => {
                    forced_lane = Some((f.id, *lane, f.set_by.clone()));
                }
            }
        }
        let declarant = record.data.declarant.tax_code.clone().unwrap_or_default();
        let enterprise = rules.enterprise(declarant.trim());
        if enterprise.is_some_and(|e| e.tax_debt_overdue) {
            return Err(Self::refuse_with(codes::TAX_DEBT, &record));
        }
        if enterprise.is_some_and(|e| e.status != RegistryStatus::Active) {
            return Err(Self::refuse_with(codes::ENTERPRISE_STATUS, &record));
        }
        let (assessment, findings) =
            Self::check_and_assess(codes_, &record.data, now).map_err(|r| Refusal {
                record: Some(Box::new(record.clone())),
                ..r
            })?;
        // Taxes use the customs rate in force on the day of registration (a Vietnam
        // date: the week's rate turns at 00:00 UTC+7, 17:00 UTC the day before); if it
        // differs from the provisional one, VNACCS refuses with E1103 until the provisional
        // information is sent again (IDB, then IDA with the number).
        if assessment.rates_used != record.assessment.rates_used {
            return Err(Self::refuse_with(codes::RATE_CHANGED, &record));
        }
        let first_time = !storage::has_registered(conn, declarant.trim())?;
        let base = record.number.base();
        let inputs = LaneInputs {
            declaration: &record.data,
            compliance: enterprise.map_or(Compliance::default(), |e| e.compliance),
            first_time,
            number_base: &base,
            specialised_management: crate::codes::specialised::under_management(
                codes_,
                &record.data,
            ),
        };
        let (decision, explanation) = Self::decide_lane(conn, rules, &inputs, forced_lane)?;
        record.assessment = assessment;
        record.status = Status::Registered;
        record.registered_at = Some(now);
        record.taxes_settled = record.assessment.total_payable_vnd.is_zero()
            || matches!(
                record.data.payment_deadline_code.as_deref().map(str::trim),
                Some("A" | "B")
            );
        let lane_name = lane_names(decision.lane);
        let title = decision.title();
        storage::add_event(
            conn,
            &base,
            &event(
                &record,
                now,
                job_event(Step::Official, record.direction),
                format!(
                    "Đăng ký tờ khai; {} ({}: {})",
                    lane_name.0, title.vi, decision.reason_vi
                ),
                format!(
                    "Declaration registered; {} ({}: {})",
                    lane_name.1, title.en, decision.reason_en
                ),
            ),
        )?;
        record.lane = Some(decision);
        record.lane_explanation = Some(explanation);
        clear_if_ready(conn, &mut record, now)?;
        storage::save(conn, &record)?;
        Ok((Some(record), findings))
    }

    /// The lane of a registration and its explanation: the rules' (with the seeded draw), or
    /// the instructor's forced lane `(id, lane, by)`, consumed here.
    fn decide_lane(
        conn: &Connection,
        rules: &LaneRules,
        inputs: &LaneInputs,
        forced: Option<(i64, Lane, String)>,
    ) -> rusqlite::Result<(LaneDecision, crate::assess::lanes::LaneExplanation)> {
        let natural = crate::assess::lanes::explain_lane(rules, inputs);
        let Some((id, lane, by)) = forced else {
            return Ok((select_lane(rules, inputs), natural));
        };
        storage::remove_forced(conn, id)?;
        let explanation = crate::assess::lanes::forced_explanation(lane, &by, &natural);
        let title = crate::assess::lanes::title_of("instructor-forced");
        let decision = LaneDecision {
            lane,
            rule: "instructor-forced".to_owned(),
            title_vi: title.vi,
            title_en: title.en,
            reason_vi: explanation.text_vi.clone(),
            reason_en: explanation.text_en.clone(),
            draw: None,
        };
        Ok((decision, explanation))
    }

    #[allow(clippy::too_many_lines)] // One match over the operations reads better than a dispatch table.
    fn operate(
        conn: &Connection,
        codes_: &CodeLists,
        rules: &LaneRules,
        (op, user): (&Operation, &str),
        now: DateTime<Utc>,
    ) -> Outcome {
        match op {
            Operation::RegisterProvisional { declaration } => {
                let (assessment, findings) = Self::check_and_assess(codes_, declaration, now)?;
                let document_type = match declaration.direction {
                    Direction::Import => DOCUMENT_TYPE_IMPORT,
                    Direction::Export => DOCUMENT_TYPE_EXPORT,
                };
                let sequence = storage::next_sequence(conn, document_type)?;
                let number = DeclarationNumber::new(document_type, sequence, 0)
                    .map_err(|_| Refusal::from(codes::STORAGE))?;
                let mut data = (**declaration).clone();
                data.number = Some(number);
                let record = Record {
                    number,
                    direction: declaration.direction,
                    status: Status::Provisional,
                    data,
                    assessment,
                    lane: None,
                    edited_at: now,
                    registered_at: None,
                    cleared_at: None,
                    cancelled_at: None,
                    amendments: 0,
                    amendment_open: false,
                    pending: None,
                    taxes_settled: false,
                    documents_accepted: false,
                    inspection: Inspection::Pending,
                    goods_confirmed_at: None,
                    dossiers_when_requested: None,
                    user_code: user
                        .parse::<UserId>()
                        .ok()
                        .map(|u| u.user_code().to_owned()),
                    tax_amendments: Vec::new(),
                    outstanding_vnd: None,
                    user_id: Some(user.to_owned()),
                    lane_explanation: None,
                };
                storage::save(conn, &record)?;
                storage::add_event(
                    conn,
                    &number.base(),
                    &event(
                        &record,
                        now,
                        job_event(Step::Provisional, declaration.direction),
                        format!(
                            "Đăng ký thông tin khai báo trước, số tờ khai {number}; tổng thuế {} VND",
                            crate::assess::format_vnd(record.assessment.total_payable_vnd, true)
                        ),
                        format!(
                            "Provisional information registered as {number}; total taxes {} VND",
                            crate::assess::format_vnd(record.assessment.total_payable_vnd, false)
                        ),
                    ),
                )?;
                Ok((Some(record), findings))
            }
            Operation::CorrectProvisional {
                number,
                declaration,
            } => Self::correct_provisional(conn, codes_, *number, declaration, now),
            Operation::AmendmentData {
                number,
                declaration,
            } => Self::amendment_data(conn, codes_, *number, declaration, now),
            Operation::CallUp { number } => {
                let record = Self::load(conn, *number, now)?;
                match record.status {
                    Status::Expired => Err(Self::refuse_with(codes::EXPIRED, &record)),
                    _ => Ok((Some(record), Vec::new())),
                }
            }
            Operation::Reference { number } => {
                Ok((Some(Self::load(conn, *number, now)?), Vec::new()))
            }
            Operation::RegisterOfficial { number } => {
                Self::register_official(conn, codes_, rules, (*number, user), now)
            }
            Operation::CallUpForAmendment { number } => {
                let mut record = Self::load(conn, *number, now)?;
                match record.status {
                    Status::Registered | Status::Cleared => {}
                    Status::Provisional => {
                        return Err(Self::refuse_with(codes::WRONG_STATE, &record));
                    }
                    Status::Expired => return Err(Self::refuse_with(codes::EXPIRED, &record)),
                    Status::Cancelled => return Err(Self::refuse_with(codes::FINAL, &record)),
                }
                if record.amendments >= MAX_AMENDMENTS {
                    return Err(Self::refuse_with(codes::TOO_MANY_AMENDMENTS, &record));
                }
                record.amendment_open = true;
                storage::save(conn, &record)?;
                Ok((Some(record), Vec::new()))
            }
            Operation::RegisterAmendment { number } => {
                let mut record = Self::load(conn, *number, now)?;
                if matches!(record.status, Status::Cancelled | Status::Expired) {
                    return Err(Self::refuse_with(codes::FINAL, &record));
                }
                if record.amendments >= MAX_AMENDMENTS {
                    return Err(Self::refuse_with(codes::TOO_MANY_AMENDMENTS, &record));
                }
                let Some(pending) = record.pending.take() else {
                    return Err(Self::refuse_with(codes::NO_AMENDMENT, &record));
                };
                let new_number = record
                    .number
                    .with_branch(record.amendments + 1)
                    .map_err(|_| Self::refuse_with(codes::TOO_MANY_AMENDMENTS, &record))?;
                let declarant = pending.data.declarant.tax_code.clone().unwrap_or_default();
                let enterprise = rules.enterprise(declarant.trim());
                let base = record.number.base();
                let inputs = LaneInputs {
                    declaration: &pending.data,
                    compliance: enterprise.map_or(Compliance::default(), |e| e.compliance),
                    first_time: false,
                    number_base: &base,
                    specialised_management: crate::codes::specialised::under_management(
                        codes_,
                        &pending.data,
                    ),
                };
                let decision = select_lane(rules, &inputs);
                if decision.lane >= record.lane() {
                    record.lane_explanation =
                        Some(crate::assess::lanes::explain_lane(rules, &inputs));
                }
                let old = record.lane.clone();
                let old_lane = record.lane();
                let lane = if decision.lane >= old_lane {
                    decision
                } else {
                    old.unwrap_or(decision)
                };
                let more_tax =
                    pending.assessment.total_payable_vnd > record.assessment.total_payable_vnd;
                record.number = new_number;
                record.amendments += 1;
                record.amendment_open = false;
                record.data = pending.data;
                record.data.number = Some(new_number);
                record.assessment = pending.assessment;
                if more_tax
                    && !matches!(
                        record.data.payment_deadline_code.as_deref().map(str::trim),
                        Some("A" | "B")
                    )
                {
                    record.taxes_settled = false;
                }
                if lane.lane > old_lane && record.status == Status::Registered {
                    record.documents_accepted = false;
                    record.inspection = Inspection::Pending;
                }
                if record.inspection == Inspection::Failed {
                    record.inspection = Inspection::Pending;
                }
                let lane_name = lane_names(lane.lane);
                storage::add_event(
                    conn,
                    &base,
                    &event(
                        &record,
                        now,
                        job_event(Step::Amendment, record.direction),
                        format!(
                            "Đăng ký sửa đổi lần {}, số tờ khai {new_number}; {}",
                            record.amendments, lane_name.0
                        ),
                        format!(
                            "Amendment {} registered as {new_number}; {}",
                            record.amendments, lane_name.1
                        ),
                    ),
                )?;
                record.lane = Some(lane);
                clear_if_ready(conn, &mut record, now)?;
                storage::save(conn, &record)?;
                Ok((Some(record), Vec::new()))
            }
            Operation::Cancel { number, reason } => {
                let mut record = Self::load(conn, *number, now)?;
                match record.status {
                    Status::Provisional | Status::Registered => {}
                    Status::Cleared => return Err(Self::refuse_with(codes::CLEARED, &record)),
                    Status::Expired | Status::Cancelled => {
                        return Err(Self::refuse_with(codes::FINAL, &record));
                    }
                }
                record.status = Status::Cancelled;
                record.cancelled_at = Some(now);
                storage::add_event(
                    conn,
                    &record.number.base(),
                    &event(
                        &record,
                        now,
                        EventKind::Job(TrainingControl::Cancel.into()),
                        format!("Hủy tờ khai theo đề nghị: {reason}"),
                        format!("Cancelled on request: {reason}"),
                    ),
                )?;
                storage::save(conn, &record)?;
                Ok((Some(record), Vec::new()))
            }
            Operation::PayTaxes { number } => {
                let mut record = Self::load(conn, *number, now)?;
                // A deferred declaration may be paid after its release.
                // So may the additional tax of an amendment after clearance (AMC).
                let payable = record.status == Status::Registered
                    || (record.status == Status::Cleared
                        && (record.deferred() || record.outstanding_vnd.is_some()));
                if !payable || record.taxes_settled {
                    return Err(Self::refuse_with(codes::NOT_APPLICABLE, &record));
                }
                record.taxes_settled = true;
                let base = record.number.base();
                let (late_days, interest) = record.late_interest(vietnam_date(now));
                let taxes = record
                    .outstanding_vnd
                    .take()
                    .unwrap_or(record.assessment.total_payable_vnd);
                let (vi, en) = if late_days > 0 {
                    (
                        format!(
                            "Đã nộp thuế {} VND; chậm {late_days} ngày, tiền chậm nộp {} VND (0,03%/ngày, Luật Quản lý thuế 38/2019 Điều 59)",
                            crate::assess::format_vnd(taxes, true),
                            crate::assess::format_vnd(interest, true)
                        ),
                        format!(
                            "Taxes paid: {} VND; {late_days} days late, late-payment interest {} VND (0.03 % a day, Law on Tax Administration 38/2019 art. 59)",
                            crate::assess::format_vnd(taxes, false),
                            crate::assess::format_vnd(interest, false)
                        ),
                    )
                } else {
                    (
                        format!("Đã nộp thuế {} VND", crate::assess::format_vnd(taxes, true)),
                        format!(
                            "Taxes paid: {} VND",
                            crate::assess::format_vnd(taxes, false)
                        ),
                    )
                };
                storage::add_event(
                    conn,
                    &base,
                    &event(
                        &record,
                        now,
                        EventKind::Job(TrainingControl::Pay.into()),
                        vi,
                        en,
                    ),
                )?;
                clear_if_ready(conn, &mut record, now)?;
                storage::save(conn, &record)?;
                Ok((Some(record), Vec::new()))
            }
            Operation::Officer { number, action } => {
                let mut record = Self::load(conn, *number, now)?;
                let lane = record.lane();
                let applicable = record.status == Status::Registered
                    && match action {
                        OfficerAction::AcceptDocuments | OfficerAction::RequestDocuments => {
                            lane >= Lane::Yellow && !record.documents_accepted
                        }
                        OfficerAction::PassInspection | OfficerAction::FailInspection => {
                            lane == Lane::Red
                                && record.documents_accepted
                                && record.inspection != Inspection::Passed
                        }
                        OfficerAction::GoodsAtBorder => record.goods_confirmed_at.is_none(),
                    };
                let applicable = applicable
                    || (record.status == Status::Cleared
                        && *action == OfficerAction::GoodsAtBorder
                        && record.goods_confirmed_at.is_none());
                if !applicable {
                    return Err(Self::refuse_with(codes::NOT_APPLICABLE, &record));
                }
                if *action == OfficerAction::AcceptDocuments
                    && !dossier::documents_arrived(&dossier::received(conn, &record)?, &record)
                {
                    return Err(Self::refuse_with(codes::NO_DOCUMENTS, &record));
                }
                let (kind, vi, en) = match action {
                    OfficerAction::AcceptDocuments => {
                        record.documents_accepted = true;
                        (
                            EventKind::DocumentsAccepted,
                            "Công chức chấp nhận hồ sơ",
                            "Documents accepted by the officer",
                        )
                    }
                    OfficerAction::RequestDocuments => {
                        record.dossiers_when_requested =
                            Some(dossier::received(conn, &record)?.len());
                        (
                            EventKind::DocumentsRequested,
                            "Công chức yêu cầu bổ sung hồ sơ; người khai gửi thêm chứng từ bằng HYS",
                            "The officer asks for more documents; the declarant sends them with HYS",
                        )
                    }
                    OfficerAction::PassInspection => {
                        record.inspection = Inspection::Passed;
                        (
                            EventKind::InspectionPassed,
                            "Kiểm tra thực tế hàng hóa: phù hợp",
                            "Physical inspection passed",
                        )
                    }
                    OfficerAction::GoodsAtBorder => {
                        record.goods_confirmed_at = Some(now);
                        match record.direction {
                            Direction::Import => (
                                EventKind::GoodsArrived,
                                "Hàng đã đến cửa khẩu (thông tin manifest)",
                                "Goods arrived at the border gate (manifest information)",
                            ),
                            Direction::Export => (
                                EventKind::GoodsPresented,
                                "Hàng đã đưa vào khu vực giám sát hải quan",
                                "Goods brought into the customs area for export",
                            ),
                        }
                    }
                    OfficerAction::FailInspection => {
                        record.inspection = Inspection::Failed;
                        (
                            EventKind::InspectionFailed,
                            "Kiểm tra thực tế hàng hóa: không phù hợp; người khai phải khai sửa đổi",
                            "Physical inspection found a discrepancy; the declarant must amend",
                        )
                    }
                };
                let base = record.number.base();
                storage::add_event(
                    conn,
                    &base,
                    &event(&record, now, kind, vi.into(), en.into()),
                )?;
                clear_if_ready(conn, &mut record, now)?;
                storage::save(conn, &record)?;
                Ok((Some(record), Vec::new()))
            }
            Operation::AdvanceClock { seconds } => {
                if *seconds < 0 {
                    return Err(codes::CLOCK.into());
                }
                let offset: i64 = storage::meta(conn, "clock_offset_seconds")?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                storage::set_meta(
                    conn,
                    "clock_offset_seconds",
                    &(offset + seconds).to_string(),
                )?;
                let later = now + Duration::seconds(*seconds);
                for mut record in storage::open_records(conn)? {
                    if Self::apply_time(conn, &mut record, later)? {
                        storage::save(conn, &record)?;
                    }
                }
                Ok((None, Vec::new()))
            }
            Operation::Reset => {
                storage::reset(conn)?;
                Ok((None, Vec::new()))
            }
            Operation::TaxAmendmentData { number, changes } => {
                tax_amendment::data(conn, codes_, user, *number, changes, now)
            }
            Operation::CallUpTaxAmendment { number }
            | Operation::TaxAmendmentReference { number } => {
                tax_amendment::call_up(conn, user, *number, now)
            }
            Operation::RegisterTaxAmendment { number } => {
                tax_amendment::register(conn, user, *number, now)
            }
            // Handled by `certificates::operate` before this point.
            Operation::RegisterCertificate { .. }
            | Operation::RegisterAttachments { .. }
            | Operation::ListCertificates
            | Operation::SetCertificateStatus { .. }
            | Operation::SetSignaturePolicy { .. }
            // Handled by `training::operate` and `Core::snapshot_job` before this point.
            | Operation::ForceOutcome { .. }
            | Operation::ListForcedOutcomes
            | Operation::SetRandomSelection { .. }
            | Operation::LoadRules { .. }
            | Operation::Snapshot { .. }
            | Operation::Restore { .. }
            | Operation::ListSnapshots
            | Operation::SetInstructors { .. } => Ok((None, Vec::new())),
        }
    }
}

/// The declaration's view and the amendment's, as an answer carries them.
type AnswerViews = (
    Option<Box<DeclarationView>>,
    Option<Box<crate::wire::TaxAmendmentView>>,
);

/// What an answer shows of the declaration an operation was about: its view (with its history
/// for the references, with its data for the call-ups and references) and, on success, the
/// amendment after clearance the operation named.
fn answer_views(
    conn: &Connection,
    record: Option<&Record>,
    op: &Operation,
    ok: bool,
) -> rusqlite::Result<AnswerViews> {
    let Some(r) = record else {
        return Ok((None, None));
    };
    let with_events = matches!(
        op,
        Operation::Reference { .. } | Operation::TaxAmendmentReference { .. }
    );
    let with_data = matches!(
        op,
        Operation::Reference { .. }
            | Operation::CallUp { .. }
            | Operation::CallUpForAmendment { .. }
    );
    let events = if with_events {
        storage::events(conn, &r.number.base())?
    } else {
        Vec::new()
    };
    let amendment = ok
        .then(|| tax_amendment::view_for(r, op))
        .flatten()
        .map(Box::new);
    let view = with_dossiers(conn, r, view(r, events, with_data))?;
    Ok((Some(Box::new(view)), amendment))
}

/// The warning on an official job accepted unsigned (signature policy "optional").
fn unsigned_warning() -> Finding {
    Finding {
        code: "KB-W9990".to_owned(),
        severity: Severity::Warning,
        path: "$".to_owned(),
        message_vi: "Thông điệp chưa được ký số: hệ thống thật sẽ từ chối (E9990). Chỉ hệ thống mô phỏng chấp nhận để luyện tập".to_owned(),
        message_en: "The message is not signed: the real system refuses it (E9990). Only the simulator accepts it, for practice".to_owned(),
    }
}

/// Clears the declaration if its lane's conditions are met, recording the event.
fn clear_if_ready(
    conn: &Connection,
    record: &mut Record,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    if record.try_clear(now) {
        let cleared = event(
            record,
            now,
            EventKind::Cleared,
            "Thông quan".into(),
            "Cleared".into(),
        );
        storage::add_event(conn, &record.number.base(), &cleared)?;
    }
    Ok(())
}

/// The event of a VNACCS job on a declaration of `direction`.
fn job_event(step: Step, direction: Direction) -> EventKind {
    EventKind::Job(JobCode::Business(BusinessCode::of(step, direction)))
}

fn lane_names(lane: Lane) -> (&'static str, &'static str) {
    (lane.name(true), lane.name(false))
}

/// What the declarant can do next, in both languages.
fn next_steps(r: &Record) -> (Vec<String>, Vec<String>) {
    let mut vi = Vec::new();
    let mut en = Vec::new();
    let job = BusinessCode::of(Step::Provisional, r.direction);
    let official = BusinessCode::of(Step::Official, r.direction);
    if !r.taxes_settled
        && matches!(r.status, Status::Registered | Status::Cleared)
        && let Some(due) = r.payment_due()
    {
        let due = crate::domain::entry::format_date(due);
        vi.push(format!(
            "Ân hạn nộp thuế: nộp chậm nhất ngày {due}; sau đó tính tiền chậm nộp 0,03%/ngày"
        ));
        en.push(format!(
            "Deferred taxes: pay by {due}; after that, late-payment interest of 0.03 % a day"
        ));
    }
    if matches!(r.status, Status::Registered | Status::Cleared)
        && let Some(deadline) = r.lapses_at()
    {
        let (place_vi, place_en) = match r.direction {
            Direction::Import => ("đến cửa khẩu", "arrive at the border gate"),
            Direction::Export => (
                "được đưa vào khu vực giám sát hải quan",
                "get into the customs area",
            ),
        };
        vi.push(format!(
            "Tờ khai hết hiệu lực vào {} nếu hàng chưa {place_vi}",
            vietnam_display(deadline)
        ));
        en.push(format!(
            "The declaration lapses at {} if the goods do not {place_en} by then",
            vietnam_display(deadline)
        ));
    }
    match r.status {
        Status::Provisional => {
            let call_up = BusinessCode::of(Step::CallUp, r.direction);
            vi.push(format!(
                "Kiểm tra số thuế; nếu cần sửa, gọi tờ khai bằng {call_up} rồi gửi lại {job} với số tờ khai"
            ));
            en.push(format!(
                "Check the taxes; to correct them, call the declaration up with {call_up} and send {job} again with its number"
            ));
            vi.push(format!(
                "Đăng ký chính thức bằng {official} trước {}",
                vietnam_display(r.expires_at())
            ));
            en.push(format!(
                "Register officially with {official} before {}",
                vietnam_display(r.expires_at())
            ));
        }
        Status::Registered => {
            if r.inspection == Inspection::Failed {
                vi.push("Khai sửa đổi theo kết quả kiểm tra (gọi tờ khai, gửi dữ liệu sửa đổi, đăng ký sửa đổi)".into());
                en.push("Amend according to the inspection result (call up, send amendment data, register it)".into());
            }
            if !r.taxes_settled {
                vi.push(format!(
                    "Nộp thuế {} VND hoặc nộp bảo lãnh",
                    crate::assess::format_vnd(r.assessment.total_payable_vnd, true)
                ));
                en.push(format!(
                    "Pay {} VND of taxes or provide a guarantee",
                    crate::assess::format_vnd(r.assessment.total_payable_vnd, false)
                ));
            }
            if r.lane() >= Lane::Yellow && !r.documents_accepted {
                vi.push(OFFICER_CHECKS.0.into());
                en.push(OFFICER_CHECKS.1.into());
            }
            if r.lane() == Lane::Red && r.inspection == Inspection::Pending {
                vi.push("Xuất trình hàng hóa để kiểm tra thực tế".into());
                en.push("Present the goods for physical inspection".into());
            }
        }
        Status::Cleared => cleared_steps(r, &mut vi, &mut en),
        Status::Expired => {
            vi.push(format!("Sao chép thành tờ khai mới và khai lại {job}"));
            en.push(format!(
                "Copy it into a new draft and declare again with {job}"
            ));
        }
        Status::Cancelled => {}
    }
    (vi, en)
}

/// What the declarant can do once cleared: register a pending amendment after clearance, pay
/// the additional tax of a registered one, amend after clearance.
fn cleared_steps(r: &Record, vi: &mut Vec<String>, en: &mut Vec<String>) {
    if let Some(pending) = r
        .tax_amendments
        .last()
        .filter(|a| a.view.status == crate::wire::TaxAmendmentStatus::Pending)
    {
        let n = pending.view.number;
        vi.push(format!(
            "Đăng ký thông tin sửa đổi thuế số {n} bằng AMC (hoặc gửi lại AMA để sửa)"
        ));
        en.push(format!(
            "Register the amended tax information {n} with AMC (or send AMA again to correct it)"
        ));
    }
    if let Some(due) = r.outstanding_vnd.filter(|_| !r.taxes_settled) {
        vi.push(format!(
            "Nộp số thuế phải nộp thêm theo khai bổ sung sau thông quan: {} VND",
            crate::assess::format_vnd(due, true)
        ));
        en.push(format!(
            "Pay the additional tax of the amendment after clearance: {} VND",
            crate::assess::format_vnd(due, false)
        ));
    }
    vi.push(
        "Hàng đã thông quan; có thể khai bổ sung thông tin thuế sau thông quan (AMA, AMC) nếu cần"
            .into(),
    );
    en.push(
        "The goods are cleared; tax information can still be amended after clearance (AMA, AMC)"
            .into(),
    );
}

fn view(r: &Record, events: Vec<Event>, with_data: bool) -> DeclarationView {
    let (next_steps_vi, next_steps_en) = next_steps(r);
    let (assessment, data) = match &r.pending {
        Some(p) => (&p.assessment, &p.data),
        None => (&r.assessment, &r.data),
    };
    let assessment = assessment.clone();
    let declaration = with_data.then(|| data.clone());
    DeclarationView {
        number: r.number,
        direction: r.direction,
        status: r.status,
        lane: r.lane.clone(),
        expires_at: (r.status == Status::Provisional).then(|| r.expires_at()),
        registered_at: r.registered_at,
        cleared_at: r.cleared_at,
        cancelled_at: r.cancelled_at,
        cancel_deadline: matches!(r.status, Status::Registered | Status::Cleared)
            .then(|| r.lapses_at())
            .flatten(),
        amendments: r.amendments,
        amendment_open: r.amendment_open,
        amendment_pending: r.pending.is_some(),
        taxes_settled: r.taxes_settled,
        documents_accepted: r.documents_accepted,
        // Filled by the caller, which reads the dossiers.
        documents_requested: false,
        dossiers: Vec::new(),
        inspection: r.inspection,
        assessment,
        declaration,
        next_steps_vi,
        next_steps_en,
        events,
    }
}

/// The next step while a yellow or red lane's documents are checked (vi, en).
const OFFICER_CHECKS: (&str, &str) = (
    "Công chức kiểm tra hồ sơ hải quan",
    "The officer checks the customs documents",
);

/// An answer to `request` with `result` and nothing else.
fn bare(request: &Request, job: JobCode, result: ResultCode, now: DateTime<Utc>) -> Response {
    let explanation = (!result.is_success()).then(|| {
        Box::new(crate::wire::Explanation {
            refusals: explain::refusals(job, &result, &[], request.operation.direction()),
            ..crate::wire::Explanation::default()
        })
    });
    Response {
        explanation,
        ..Response::bare(request, job, result, now)
    }
}

/// A declaration's view with its dossiers (HYS receipt numbers), whether the officer awaits
/// more documents, and the step to send them when the lane asks for documents none answered.
fn with_dossiers(
    conn: &Connection,
    r: &Record,
    mut view: DeclarationView,
) -> rusqlite::Result<DeclarationView> {
    let received = dossier::received(conn, r)?;
    let awaited = r.lane() >= Lane::Yellow
        && !r.documents_accepted
        && !dossier::documents_arrived(&received, r);
    view.documents_requested = awaited && r.dossiers_when_requested.is_some();
    if awaited && r.status == Status::Registered {
        // Until the documents arrive, the declarant's step replaces the officer's.
        let (vi, en) = (
            "Gửi hồ sơ đính kèm điện tử bằng HYS (chứng từ trong hồ sơ hải quan)",
            "Send the electronic dossier with HYS (the documents of the customs dossier)",
        );
        if let Some(at) = view
            .next_steps_vi
            .iter()
            .position(|s| s == OFFICER_CHECKS.0)
        {
            view.next_steps_vi[at] = vi.into();
            if let Some(step) = view.next_steps_en.get_mut(at) {
                *step = en.into();
            }
        } else {
            view.next_steps_vi.push(vi.into());
            view.next_steps_en.push(en.into());
        }
    }
    view.dossiers = received.into_iter().map(|(n, _)| n).collect();
    Ok(view)
}

/// Today's date in the simulation, for callers that show it.
pub fn simulated_date(core: &Core, now: DateTime<Utc>) -> NaiveDate {
    vietnam_date(core.simulated_now(now))
}

#[cfg(test)]
mod tests;
