//! The broker's use cases, with their ports passed in: the local store, a gateway to a core,
//! the code tables and the signing profile. The window's worker thread calls these; nothing here
//! draws or blocks on user input.
//!
//! Every send goes the same way: the declaration is saved first (nothing typed is ever lost by
//! a failed send), the request is signed when the job needs it and a certificate is chosen, the
//! exchange is recorded in the store in one transaction with the draft's new state.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Clock;

use crate::codes::CodeLists;
use crate::core_sim::Core;
use crate::domain::text::Bilingual;
use crate::domain::{Declaration, DeclarationNumber};
use crate::gateway::{Gateway, Http, InProcess};
use crate::rules::{Finding, validate};
use crate::signing::helper::{Helper, Pin};
use crate::signing::practice::PracticeRequest;
use crate::signing::profile::SigningProfile;
use crate::signing::{TokenCertificate, TokenInfo};
use crate::store::{
    Customer, DraftId, DraftState, DraftSummary, STORE_FILE, Store, StoredDraft, TimelineEntry,
};
use crate::wire::{Operation, PROTOCOL, Request, Response};

mod archive;
pub mod classroom;
pub mod dossier;
pub mod exercise;
pub mod manual;
pub mod outbox;
pub mod tokens;
pub mod watch;

/// What one round of the clearance watch-list found.
#[derive(Debug, Default)]
pub struct WatchReport {
    /// The declarations asked about.
    pub asked: usize,
    /// The declarations not asked about because another simulator numbered them.
    pub elsewhere: usize,
    /// What changed, recorded in the store.
    pub changes: Vec<watch::Change>,
    /// Why the round stopped early, in the broker's words.
    pub failure: Option<Bilingual>,
    /// The outbox, flushed first.
    pub outbox: outbox::OutboxReport,
}

/// Why a use case failed. Bilingual, for the broker; the draft is never lost by any of these.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum WorkflowError {
    /// The data folder cannot be made.
    DataFolder {
        /// The folder.
        path: String,
        /// What the file system said.
        detail: String,
    },
    /// The local store failed.
    Store(#[from] crate::store::StoreError),
    /// The simulated core cannot start.
    Core(#[from] crate::core_sim::CoreError),
    /// The core could not be reached.
    Gateway(#[from] crate::gateway::GatewayError),
    /// Signing failed.
    Signing(#[from] crate::signing::TokenError),
    /// A declaration file cannot be taken in.
    File(#[from] crate::appdata::ReadError),
    /// An invoice cannot be split.
    Split(#[from] crate::domain::split::SplitError),
    /// An archive cannot be written or read.
    Archive(#[from] crate::archive::ArchiveError),
    /// The connection is down: the job waits in the outbox and is resent when it returns.
    Queued {
        /// The job's code.
        job: String,
        /// Why it was not answered.
        reason: Bilingual,
    },
    /// A manual entry that cannot be taken as given.
    Manual(Bilingual),
    /// A queued job addressed to another simulator than the one connected.
    OtherSystem(Bilingual),
    /// A job about a declaration that has no number yet (never sent).
    NoNumber,
    /// The core refused the job: its result code and message.
    Refused(crate::wire::ResultCode),
}

impl WorkflowError {
    /// What to tell the person: the failing part's own message.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::DataFolder { path, detail } => Bilingual::new(
                format!("Không tạo được thư mục dữ liệu {path}: {detail}"),
                format!("Cannot create the data folder {path}: {detail}"),
            ),
            Self::Store(err) => err.message(),
            Self::Core(err) => err.message(),
            Self::Gateway(err) => err.message(),
            Self::Signing(err) => err.message(),
            Self::File(err) => err.message(),
            Self::Split(err) => err.message(),
            Self::Archive(err) => err.message(),
            Self::Queued { job, reason } => Bilingual::new(
                format!(
                    "{job} chưa gửi được — {} Việc đã được lưu trong hộp thư đi và sẽ tự gửi lại khi có kết nối (cùng số tham chiếu, không cần nhập lại mã PIN)",
                    reason.vi
                ),
                format!(
                    "{job} was not sent — {} It waits in the outbox and is resent when the connection returns (same message reference, no PIN needed again)",
                    reason.en
                ),
            ),
            Self::Manual(message) | Self::OtherSystem(message) => message.clone(),
            Self::NoNumber => Bilingual::new(
                "Tờ khai chưa có số (chưa khai báo) nên chưa khai bổ sung được",
                "The declaration has no number yet (never declared), so it cannot be amended",
            ),
            Self::Refused(result) => Bilingual::new(
                format!("{}: {}", result.code, result.message_vi),
                format!("{}: {}", result.code, result.message_en),
            ),
        }
    }
}

crate::domain::text::localized!(WorkflowError);

/// Where requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// The embedded simulated core in the data folder (default).
    Embedded,
    /// A `khaibao sim serve` at this URL, in its JSON protocol.
    Server(String),
    /// A `khaibao sim serve` at this URL, spoken to in real VNACCS messages (`POST {url}/vnaccs`;
    /// its training controls go by JSON).
    VnaccsServer(String),
    /// A live system in VNACCS messages: not reachable from this build's tests; its address is
    /// not confirmed from our sources.
    Live(LiveSystem, String),
}

/// The live systems a broker can be connected to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveSystem {
    /// VNACCS itself (the address Customs gives the broker).
    Vnaccs,
    /// Customs' backup system ("Ecus6", since 2025; the same message format).
    Ecus6,
}

/// The backup system's address, as Customs announced it (the source; not reachable
/// from here).
pub const ECUS6_URL: &str = "https://tqdtv6.customs.gov.vn";

impl Connection {
    /// Reads a connection setting (`ui.json`'s `server`, `KHAIBAO_SERVER`, `--server`):
    /// `vnaccs+http://HOST:PORT` — a simulator in VNACCS messages; `live:ecus6` — the backup
    /// system; `live:vnaccs=URL` — VNACCS at that address; any other text is a simulator URL in
    /// the JSON protocol; empty — the embedded simulator.
    pub fn from_setting(text: &str) -> Self {
        let text = text.trim();
        if text.is_empty() {
            Self::Embedded
        } else if let Some(url) = text.strip_prefix("vnaccs+") {
            Self::VnaccsServer(url.to_owned())
        } else if text.eq_ignore_ascii_case("live:ecus6") {
            Self::Live(LiveSystem::Ecus6, ECUS6_URL.to_owned())
        } else if let Some(url) = text.strip_prefix("live:vnaccs=") {
            Self::Live(LiveSystem::Vnaccs, url.to_owned())
        } else {
            Self::Server(text.to_owned())
        }
    }

    /// Whether this is a classroom server (`https://` simulator: trust on first use, sign-in,
    /// the instructor's view; docs/classroom.md).
    pub fn is_classroom(&self) -> bool {
        match self {
            Self::Server(url) | Self::VnaccsServer(url) => {
                url.trim().to_ascii_lowercase().starts_with("https://")
            }
            Self::Embedded | Self::Live(..) => false,
        }
    }

    /// The setting text of this connection (`None` for the embedded simulator).
    pub fn setting(&self) -> Option<String> {
        match self {
            Self::Embedded => None,
            Self::Server(url) => Some(url.clone()),
            Self::VnaccsServer(url) => Some(format!("vnaccs+{url}")),
            Self::Live(LiveSystem::Ecus6, _) => Some("live:ecus6".to_owned()),
            Self::Live(LiveSystem::Vnaccs, url) => Some(format!("live:vnaccs={url}")),
        }
    }
}

/// A new message reference: `KB`, the time to the second, 64 bits from the operating system's
/// random source (so two processes started at the same stated instant never share one: the
/// core answers a repeated reference with its first answer), 32 characters. `counter` only
/// matters if the random source ever fails.
pub fn new_message_ref(clock: &Clock, counter: u64) -> String {
    let mut random = [0u8; 8];
    let unique = if getrandom::fill(&mut random).is_ok() {
        u64::from_be_bytes(random)
    } else {
        let nanos = clock.machine_now().timestamp_subsec_nanos();
        (u64::from(std::process::id()) << 32) ^ u64::from(nanos) ^ counter
    };
    format!(
        "KB{}{unique:016X}",
        clock.machine_now().format("%Y%m%d%H%M%S")
    )
}

/// Sets `clock`'s simulated offset from what is already known before any answer: the embedded
/// core's stored offset, zero for a server (its answers tell). Cheap; for the window's first
/// frame.
pub fn learn_stored_offset(data_dir: &Path, connection: &Connection, clock: &Clock) {
    match connection {
        Connection::Embedded => {
            clock.set_offset(Core::stored_offset(&Core::default_dir(data_dir)));
        }
        Connection::Server(_) | Connection::VnaccsServer(_) | Connection::Live(..) => {
            clock.set_offset(chrono::Duration::zero());
        }
    }
}

/// A gateway to the core `connection` names: the embedded simulated core of `data_dir` (opened
/// with `codes`, telling time by `clock`, whose offset it sets from the core's), or a server
/// (the offset is then learned from its answers). The one place a gateway is made.
///
/// # Errors
/// The embedded core cannot open its data ([`WorkflowError::Core`]); the server's address is
/// not one KhaiBao may use ([`WorkflowError::Gateway`]).
pub fn connect(
    data_dir: &Path,
    codes: CodeLists,
    connection: &Connection,
    clock: &Clock,
) -> Result<Box<dyn Gateway>, WorkflowError> {
    Ok(match connection {
        Connection::Embedded => {
            let core = Core::open(&Core::default_dir(data_dir), codes)?;
            clock.learn(core.simulated_now(clock.machine_now()));
            let core_clock = clock.clone();
            Box::new(InProcess::with_clock(
                core,
                Box::new(move || core_clock.machine_now()),
            ))
        }
        Connection::Server(url) => {
            clock.set_offset(chrono::Duration::zero());
            // An https:// server is a classroom's, trusted by its pinned fingerprint.
            Box::new(Http::with_pins(
                url,
                crate::gateway::DEFAULT_TIMEOUT,
                &crate::gateway::tofu::Pins::of(data_dir),
            )?)
        }
        Connection::VnaccsServer(url) => {
            clock.set_offset(chrono::Duration::zero());
            let machine = clock.clone();
            if url.trim().to_ascii_lowercase().starts_with("https://") {
                // A classroom's server, trusted by its pinned fingerprint.
                Box::new(crate::gateway::vnaccs::VnaccsHttp::classroom(
                    url,
                    crate::gateway::vnaccs::Login::default(),
                    crate::gateway::DEFAULT_TIMEOUT,
                    Box::new(move || machine.machine_now()),
                    &crate::gateway::tofu::Pins::of(data_dir),
                )?)
            } else {
                Box::new(crate::gateway::vnaccs::VnaccsHttp::simulator(
                    url,
                    crate::gateway::vnaccs::Login::default(),
                    crate::gateway::DEFAULT_TIMEOUT,
                    Box::new(move || machine.machine_now()),
                )?)
            }
        }
        Connection::Live(_, url) => {
            clock.set_offset(chrono::Duration::zero());
            let machine = clock.clone();
            Box::new(crate::gateway::vnaccs::VnaccsHttp::live(
                url,
                crate::gateway::vnaccs::Login::default(),
                crate::gateway::DEFAULT_TIMEOUT,
                Box::new(move || machine.machine_now()),
            )?)
        }
    })
}

/// What a [`Workflow`] works through.
pub struct Ports {
    /// The local store of drafts and messages.
    pub store: Store,
    /// The way to the core.
    pub gateway: Box<dyn Gateway>,
    /// The code tables (shared, not copied).
    pub codes: CodeLists,
    /// The token helper that signs.
    pub helper: Helper,
    /// The clock, with the simulated core's offset.
    pub clock: Clock,
}

impl std::fmt::Debug for Ports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ports")
            .field("gateway", &self.gateway.describe())
            .finish_non_exhaustive()
    }
}

/// The broker's session: store, core connection, code tables, identity.
pub struct Workflow {
    store: Store,
    gateway: Box<dyn Gateway>,
    codes: CodeLists,
    data_dir: PathBuf,
    user_id: String,
    helper: Helper,
    clock: Clock,
    counter: u64,
    /// What the dossier listing already checked this session ([`dossier::Checked`]).
    checked: std::cell::RefCell<dossier::Checked>,
}

impl std::fmt::Debug for Workflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workflow")
            .field("data_dir", &self.data_dir)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Workflow {
    /// Opens the store of `data_dir` and connects as `connection`, with the code tables the
    /// caller loaded (`appdata::load_code_lists`; they are shared, not copied), signing through
    /// `helper`, telling time by `clock` (its simulated offset is set from the embedded core's
    /// and then from every answer; clones of `clock` see it).
    pub fn open(
        data_dir: &Path,
        codes: CodeLists,
        connection: &Connection,
        user_id: &str,
        helper: Helper,
        clock: Clock,
    ) -> Result<Self, WorkflowError> {
        std::fs::create_dir_all(data_dir).map_err(|e| WorkflowError::DataFolder {
            path: data_dir.display().to_string(),
            detail: e.to_string(),
        })?;
        let store = Store::open(&data_dir.join(STORE_FILE))?;
        let gateway = connect(data_dir, codes.clone(), connection, &clock)?;
        Ok(Self::new(
            Ports {
                store,
                gateway,
                codes,
                helper,
                clock,
            },
            data_dir,
            user_id,
        ))
    }

    /// A session on ports the caller made: the store, the gateway, the code tables, the token
    /// helper and the clock. `data_dir` holds the signing choice and the practice token.
    pub fn new(ports: Ports, data_dir: &Path, user_id: &str) -> Self {
        let Ports {
            store,
            mut gateway,
            codes,
            helper,
            clock,
        } = ports;
        gateway.sign_in(user_id);
        Self {
            store,
            gateway,
            codes,
            data_dir: data_dir.to_path_buf(),
            user_id: user_id.to_owned(),
            helper,
            clock,
            counter: 0,
            checked: std::cell::RefCell::default(),
        }
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where requests go, for display.
    pub fn connection_name(&self) -> crate::domain::text::Bilingual {
        self.gateway.describe()
    }

    /// Asks the connection whether it answers (a VNACCS-format one sends TCC, the official
    /// communication check), nothing sent about any declaration: what to tell the broker.
    ///
    /// # Errors
    /// No answer, or the check refused ([`WorkflowError::Gateway`]).
    pub fn check_connection(&mut self) -> Result<crate::domain::text::Bilingual, WorkflowError> {
        let at = self.gateway.health()?;
        let peer = self.gateway.describe();
        let at = crate::domain::time::vietnam_display(at);
        Ok(crate::domain::text::Bilingual::new(
            format!("{} trả lời; giờ của hệ thống {at}", peer.vi),
            format!("{} answers; its time {at}", peer.en),
        ))
    }

    /// Whether the core is a simulator.
    pub fn is_simulator(&self) -> bool {
        self.gateway.is_simulator()
    }

    /// The core's time as last seen (simulated time in simulation), for countdowns.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in Vietnam by the core's time.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The clock this session tells time by (shared with whoever passed it in).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The tokens a PKCS#11 module sees and their certificates ([`tokens::tokens`]).
    pub fn tokens(
        &self,
        module: &Path,
    ) -> Result<(Vec<TokenInfo>, Vec<TokenCertificate>), WorkflowError> {
        Ok(tokens::tokens(&self.helper, module)?)
    }

    /// Chooses a certificate of the token behind `module` for signing ([`tokens::choose`]).
    pub fn choose_certificate(
        &self,
        module: &Path,
        certificate: &TokenCertificate,
    ) -> Result<SigningProfile, WorkflowError> {
        Ok(tokens::choose(&self.data_dir, module, certificate)?)
    }

    /// Makes the practice token and chooses its certificate ([`tokens::make_practice`]).
    pub fn make_practice(
        &self,
        request: &PracticeRequest,
        pin: Pin,
    ) -> Result<SigningProfile, WorkflowError> {
        Ok(tokens::make_practice(&self.helper, &self.data_dir, request, pin)?.0)
    }

    /// The chosen signing certificate, if any.
    pub fn signing_profile(&self) -> Option<SigningProfile> {
        SigningProfile::load(&self.data_dir).ok().flatten()
    }

    /// Validation of a declaration as of today.
    pub fn validate(&self, declaration: &Declaration) -> Vec<Finding> {
        validate(declaration, &self.codes, self.today())
    }

    /// A page of the declarations list.
    pub fn list(
        &mut self,
        search: Option<&str>,
        limit: usize,
    ) -> Result<Vec<DraftSummary>, WorkflowError> {
        let now = self.now();
        self.store.expire_due(now)?;
        Ok(self.store.list(search, 0, limit)?)
    }

    /// Opens a stored declaration.
    pub fn open_draft(&mut self, id: DraftId) -> Result<StoredDraft, WorkflowError> {
        let now = self.now();
        Ok(self.store.draft(id, now)?)
    }

    /// Saves (validating first); returns the id and the findings.
    pub fn save(
        &mut self,
        id: Option<DraftId>,
        declaration: &Declaration,
    ) -> Result<(DraftId, Vec<Finding>), WorkflowError> {
        let findings = self.validate(declaration);
        let now = self.now();
        let id = self.store.save_draft(id, declaration, &findings, now)?;
        Ok((id, findings))
    }

    /// Reads a declaration file (the format of `docs/declaration-format.md`) into the store as
    /// a new draft, validated; its id and findings. The window's "Mở tệp tờ khai" and
    /// `khaibao import` both come here.
    pub fn import_file(&mut self, path: &Path) -> Result<(DraftId, Vec<Finding>), WorkflowError> {
        let declaration = crate::appdata::read_declaration(path)?;
        self.save(None, &declaration)
    }

    /// A copy of any declaration (expired, registered and cleared ones too) as a new draft,
    /// validated, with what each shipment has its own cleared
    /// ([`crate::domain::copy::COPY_CLEARS`]).
    pub fn copy(&mut self, id: DraftId) -> Result<DraftId, WorkflowError> {
        let source = self.open_draft(id)?;
        let copy = crate::domain::copy::copy_for_new(&source.declaration);
        Ok(self.save(None, &copy)?.0)
    }

    /// The mapping remembered for a customer's spreadsheets.
    pub fn goods_mapping(
        &self,
        customer: &str,
    ) -> Result<Option<crate::goods_sheet::Mapping>, WorkflowError> {
        Ok(self.store.goods_mapping(customer)?)
    }

    /// Remembers the mapping of a customer's spreadsheets.
    pub fn save_goods_mapping(
        &mut self,
        customer: &str,
        mapping: &crate::goods_sheet::Mapping,
    ) -> Result<(), WorkflowError> {
        let now = self.now();
        Ok(self.store.save_goods_mapping(customer, mapping, now)?)
    }

    /// "Fill from history": earlier accepted lines of the customer matching a product code or
    /// description ([`crate::domain::history::suggest`]).
    pub fn suggest(
        &self,
        customer: &str,
        query: &str,
    ) -> Result<Vec<crate::domain::history::Suggestion>, WorkflowError> {
        let history = self.store.accepted_declarations(customer)?;
        Ok(crate::domain::history::suggest(&history, query))
    }

    /// Saves a declaration as a named template for a customer ('' for all).
    pub fn save_template(
        &mut self,
        name: &str,
        customer: &str,
        declaration: &Declaration,
    ) -> Result<i64, WorkflowError> {
        let now = self.now();
        Ok(self.store.save_template(name, customer, declaration, now)?)
    }

    /// The templates for a customer (its own and those for all), or all.
    pub fn templates(
        &self,
        customer: Option<&str>,
    ) -> Result<Vec<crate::store::TemplateSummary>, WorkflowError> {
        Ok(self.store.templates(customer)?)
    }

    /// A new draft from a template, validated.
    pub fn from_template(&mut self, id: i64) -> Result<DraftId, WorkflowError> {
        let declaration = self.store.template(id)?;
        Ok(self.save(None, &declaration)?.0)
    }

    /// Deletes a template.
    pub fn delete_template(&mut self, id: i64) -> Result<(), WorkflowError> {
        Ok(self.store.delete_template(id)?)
    }

    /// Deletes a draft (the store refuses for sent declarations).
    pub fn delete(&mut self, id: DraftId) -> Result<(), WorkflowError> {
        let now = self.now();
        Ok(self.store.delete_draft(id, now)?)
    }

    /// The customer list, by name.
    pub fn customers(&self) -> Result<Vec<Customer>, WorkflowError> {
        Ok(self.store.customers()?)
    }

    /// Adds or updates a customer; its id.
    pub fn save_customer(&mut self, customer: &Customer) -> Result<i64, WorkflowError> {
        Ok(self.store.save_customer(customer)?)
    }

    /// Deletes a customer (its declarations stay).
    pub fn delete_customer(&mut self, id: i64) -> Result<(), WorkflowError> {
        Ok(self.store.delete_customer(id)?)
    }

    /// A consistent copy of the local store.
    pub fn backup(&self, target: &Path) -> Result<(), WorkflowError> {
        Ok(self.store.backup(target)?)
    }

    /// Replaces the local store's content with a backup (checked first).
    pub fn restore(&mut self, source: &Path) -> Result<(), WorkflowError> {
        Ok(self.store.restore(source)?)
    }

    /// The last answer received for a declaration.
    pub fn last_response(&self, id: DraftId) -> Result<Option<Response>, WorkflowError> {
        Ok(self.store.last_response(id)?)
    }

    /// The declaration's messages and events.
    pub fn timeline(&self, id: DraftId) -> Result<Vec<TimelineEntry>, WorkflowError> {
        Ok(self.store.timeline(id)?)
    }

    fn request(&mut self, operation: Operation) -> Request {
        self.counter += 1;
        Request {
            protocol: PROTOCOL.to_owned(),
            message_ref: new_message_ref(&self.clock, self.counter),
            user_id: self.user_id.clone(),
            operation,
        }
    }

    /// Sends a job about a stored declaration (saved first when `declaration` is given), signed
    /// with `pin` when the job needs a signature and a certificate is chosen. Records the
    /// exchange in the store.
    pub fn send(
        &mut self,
        id: DraftId,
        operation: Operation,
        pin: Option<Pin>,
    ) -> Result<Response, WorkflowError> {
        let now = self.now();
        if matches!(operation, Operation::RegisterProvisional { .. }) {
            self.store.check_submittable(id, now)?;
        }
        if operation.number().is_some() {
            self.check_same_system(id)?;
        }
        if operation.is_training_control() {
            // The simulator's training controls are not customs jobs: never queued.
            let request = self.request(operation);
            let response = self.deliver(&request, pin)?;
            return self.record(id, &request, &response, None);
        }
        if let Some(waiting) = self.store.queued_for(id)? {
            return Err(crate::store::StoreError::Queued {
                id,
                job: waiting.job.code().to_owned(),
            }
            .into());
        }
        let request = self.request(operation);
        let signed = self.prepare(&request, pin)?;
        self.send_through_outbox(id, &request, signed.as_ref())
    }

    /// A simulator's numbers are its own: a job about a declaration numbered by one simulator
    /// is not sent to another, where the same number may be another declaration (its answer
    /// would be pinned on this draft). Live systems — the main one and the backup — share
    /// their declarations, and a declaration whose system is not known goes anywhere.
    ///
    /// # Errors
    /// [`WorkflowError::OtherSystem`] naming both systems.
    fn check_same_system(&self, id: DraftId) -> Result<(), WorkflowError> {
        if !self.gateway.is_simulator() {
            return Ok(());
        }
        let here = self.gateway.describe();
        match self.store.numbered_by(id)? {
            Some(system) if system != here => Err(WorkflowError::OtherSystem(Bilingual::new(
                format!(
                    "Tờ khai này do {} cấp số nhưng kết nối hiện tại là {}: chưa gửi gì. Hãy kết nối lại hệ thống đó để làm tiếp (số tờ khai ở hệ thống mô phỏng này có thể là của tờ khai khác)",
                    system.vi, here.vi
                ),
                format!(
                    "This declaration was numbered by {} but the connection now is {}: nothing was sent. Connect to that system again to go on (its number may be another declaration's on this simulator)",
                    system.en, here.en
                ),
            ))),
            _ => Ok(()),
        }
    }

    /// Logs an exchange that got an answer, with the system it went to; the outbox row the
    /// request waited in is deleted in the same transaction.
    fn record(
        &mut self,
        id: DraftId,
        request: &Request,
        response: &Response,
        outbox: Option<crate::store::OutboxId>,
    ) -> Result<Response, WorkflowError> {
        self.clock.learn(response.processed_at);
        let exchange = self.gateway.last_exchange();
        let raw = exchange
            .as_ref()
            .map(|e| (e.sent.as_slice(), e.received.as_slice()));
        let system = self.gateway.describe();
        let logged = crate::store::LoggedExchange {
            request,
            response,
            raw,
            system: Some(&system),
            outbox,
        };
        self.store.log_exchange(id, &logged, self.now())?;
        Ok(response.clone())
    }

    /// One round of the clearance watch-list, after the outbox is flushed (its jobs resent
    /// when the connection is back): each registered declaration not yet cleared is
    /// asked about (IID/IEX). When the answer differs from the last one kept (status, lane,
    /// officer steps, taxes), the exchange is recorded — the store takes the new state and
    /// lane — with an event in the declaration's timeline saying what changed; an unchanged
    /// answer is not kept, so that the history holds news, not a poll every few minutes. Stops
    /// at the first failure (the connection is down: the next round tries again).
    pub fn watch(&mut self) -> WatchReport {
        let mut report = WatchReport {
            outbox: self.flush_outbox(),
            ..WatchReport::default()
        };
        if report.outbox.down {
            // The connection is still down: asking about each declaration would fail too.
            report.failure.clone_from(&report.outbox.failure);
            return report;
        }
        let list = match self.store.watch_list() {
            Ok(list) => list,
            Err(e) => {
                report.failure = Some(e.message());
                return report;
            }
        };
        let here = self.gateway.describe();
        for crate::store::WatchedDeclaration {
            id,
            number,
            title,
            lane,
            numbered_by,
        } in list
        {
            if self.gateway.is_simulator() && numbered_by.is_some_and(|system| system != here) {
                // Another simulator's declaration: this one would answer about another.
                report.elsewhere += 1;
                continue;
            }
            match self.watch_one(id, number, lane) {
                Ok(Some((what, bad))) => report.changes.push(watch::Change {
                    id,
                    number,
                    title,
                    what,
                    bad,
                }),
                Ok(None) => {}
                Err(e) => {
                    report.failure = Some(e.message());
                    break;
                }
            }
            report.asked += 1;
        }
        report
    }

    /// Asks about one watched declaration; what changed, recorded.
    fn watch_one(
        &mut self,
        id: DraftId,
        number: DeclarationNumber,
        lane: Option<u8>,
    ) -> Result<Option<(Bilingual, bool)>, WorkflowError> {
        let before = self
            .store
            .last_response(id)?
            .and_then(|r| r.declaration)
            .filter(|view| view.number.base() == number.base())
            .map_or_else(
                || watch::Snapshot::registered(lane),
                |view| watch::Snapshot::of(&view),
            );
        let request = self.request(Operation::Reference { number });
        let response = self.deliver(&request, None)?;
        self.clock.learn(response.processed_at);
        let Some(after) = response
            .declaration
            .as_deref()
            .filter(|view| response.result.is_success() && view.number.base() == number.base())
            .map(watch::Snapshot::of)
        else {
            return Ok(None);
        };
        let Some((what, bad)) = watch::change(&before, &after) else {
            return Ok(None);
        };
        self.record(id, &request, &response, None)?;
        let now = self.now();
        self.store
            .record_event(id, now, crate::domain::EventKind::Watched, &what)?;
        Ok(Some((what, bad)))
    }

    /// Sends a job that is about no stored declaration (simulator controls, certificates).
    pub fn send_other(
        &mut self,
        operation: Operation,
        pin: Option<Pin>,
    ) -> Result<Response, WorkflowError> {
        let request = self.request(operation);
        let response = self.deliver(&request, pin)?;
        self.clock.learn(response.processed_at);
        Ok(response)
    }

    fn deliver(&mut self, request: &Request, pin: Option<Pin>) -> Result<Response, WorkflowError> {
        let signed = self.prepare(request, pin)?;
        Ok(self.transmit(request, signed.as_ref())?)
    }

    /// The signed message for `request` when the job needs a signature, a certificate is chosen
    /// and a PIN given; `None` when it goes unsigned.
    fn prepare(
        &mut self,
        request: &Request,
        pin: Option<Pin>,
    ) -> Result<Option<crate::wire::SignedMessage>, WorkflowError> {
        let profile = self.signing_profile();
        match (profile, pin) {
            (Some(profile), Some(pin)) if request.operation.requires_signature() => {
                let payload = self.gateway.signing_payload(request)?;
                Ok(Some(profile.sign_payload(
                    &self.data_dir,
                    self.helper.clone(),
                    pin,
                    payload,
                    self.clock.machine_now(),
                    self.gateway.is_simulator(),
                )?))
            }
            _ => Ok(None),
        }
    }

    /// Sends the exact bytes: the signed message when there is one, else the request.
    fn transmit(
        &mut self,
        request: &Request,
        signed: Option<&crate::wire::SignedMessage>,
    ) -> Result<Response, crate::gateway::GatewayError> {
        match signed {
            Some(message) => self.gateway.send_signed(message),
            None => self.gateway.send(request),
        }
    }

    /// Sends a draft's data, saved first, by the official procedure for where it stands:
    /// - no number yet: IDA/EDA, the provisional registration;
    /// - numbered and not registered (provisional): the correction before IDC/EDC — IDB/EDB
    ///   calls it up, then IDA/EDA is sent again **with its number** (the official input guides:
    ///   the IDA layout's item ICN is conditional for exactly this). When the call-up is refused,
    ///   its answer is returned and nothing else is sent;
    /// - registered or cleared: IDA01/EDA01, the amendment data after IDD/EDD (IDE/EDE
    ///   registers it).
    ///
    /// Every message sent is logged with its job code.
    pub fn send_declaration(
        &mut self,
        id: DraftId,
        declaration: &Declaration,
        pin: Option<Pin>,
    ) -> Result<Response, WorkflowError> {
        self.save(Some(id), declaration)?;
        let Some(number) = declaration.number else {
            let operation = Operation::RegisterProvisional {
                declaration: Box::new(declaration.clone()),
            };
            let response = self.send(id, operation, pin)?;
            if let Some(view) = &response.declaration
                && declaration.first_declaration.number.as_deref() == Some("F")
            {
                self.link_split_set(declaration, &view.number.to_string())?;
            }
            return Ok(response);
        };
        let state = self.store.draft(id, self.now())?.state;
        if matches!(state, DraftState::Registered | DraftState::Cleared) {
            return self.send_amendment_data(id, number, declaration, pin);
        }
        let called_up = self.send(id, Operation::CallUp { number }, None)?;
        if !called_up.result.is_success() {
            return Ok(called_up);
        }
        let operation = Operation::CorrectProvisional {
            number,
            declaration: Box::new(declaration.clone()),
        };
        self.send(id, operation, pin)
    }

    /// Splits an invoice of more than 50 lines into declarations of at most 50
    /// ([`crate::domain::split`]), each saved as a draft (validated): the first into `first`
    /// when given (the draft the broker was filling), the others as new ones; their ids in order.
    pub fn split_into_drafts(
        &mut self,
        whole: &Declaration,
        first: Option<DraftId>,
    ) -> Result<Vec<DraftId>, WorkflowError> {
        let parts = crate::domain::split::split_invoice(whole)?;
        parts
            .iter()
            .enumerate()
            .map(|(k, part)| Ok(self.save(if k == 0 { first } else { None }, part)?.0))
            .collect()
    }

    /// The first declaration of a split invoice has its number: it goes into the FIC of the
    /// next ones still waiting as drafts (each saved again, validated). How many were linked.
    pub fn link_split_set(
        &mut self,
        first: &Declaration,
        number: &str,
    ) -> Result<usize, WorkflowError> {
        let waiting: Vec<(DraftId, Declaration)> = self
            .store
            .unsent_drafts()?
            .into_iter()
            .filter(|(_, d)| crate::domain::split::is_next_of(first, d))
            .collect();
        for (id, mut next) in waiting.iter().cloned() {
            next.first_declaration.number = Some(number.to_owned());
            self.save(Some(id), &next)?;
        }
        Ok(waiting.len())
    }

    /// IDA01/EDA01: the amendment data of a registered declaration (after IDD/EDD), saved
    /// first.
    pub fn send_amendment_data(
        &mut self,
        id: DraftId,
        number: DeclarationNumber,
        declaration: &Declaration,
        pin: Option<Pin>,
    ) -> Result<Response, WorkflowError> {
        self.save(Some(id), declaration)?;
        let operation = Operation::AmendmentData {
            number,
            declaration: Box::new(declaration.clone()),
        };
        self.send(id, operation, pin)
    }
}

/// What an amendment after clearance came to: the AMA answer (the amendment's number, the
/// tax difference) and, when the AMA was taken and registration asked for, the AMC answer.
#[derive(Debug, Clone)]
pub struct TaxAmendmentOutcome {
    /// The AMA answer.
    pub data: Response,
    /// The AMC answer.
    pub registration: Option<Response>,
}

impl TaxAmendmentOutcome {
    /// The last answer: AMC's when sent, else AMA's.
    pub fn last(&self) -> &Response {
        self.registration.as_ref().unwrap_or(&self.data)
    }
}

impl Workflow {
    /// AMA: sends the amended tax information of a cleared declaration (its number from the
    /// store), signed with `pin`; the answer carries the amendment's number and the tax
    /// difference. Recorded in the message log.
    pub fn send_tax_amendment(
        &mut self,
        id: DraftId,
        changes: &crate::domain::tax_changes::TaxChanges,
        pin: Option<Pin>,
    ) -> Result<Response, WorkflowError> {
        let draft = self.store.draft(id, self.now())?;
        let number = draft.declaration.number.ok_or(WorkflowError::NoNumber)?;
        let operation = Operation::TaxAmendmentData {
            number,
            changes: changes.clone(),
        };
        self.send(id, operation, pin)
    }

    /// AMC: registers the amendment `amendment` (its 73… number). On success the draft takes
    /// the amended values (`changes`, as sent with the AMA) and its history an event saying
    /// the amendment's number and the tax difference.
    pub fn register_tax_amendment(
        &mut self,
        id: DraftId,
        amendment: DeclarationNumber,
        changes: &crate::domain::tax_changes::TaxChanges,
        pin: Option<Pin>,
    ) -> Result<Response, WorkflowError> {
        let response = self.send(
            id,
            Operation::RegisterTaxAmendment { number: amendment },
            pin,
        )?;
        if let Some(view) = response
            .tax_amendment
            .as_deref()
            .filter(|_| response.result.is_success())
        {
            let draft = self.store.draft(id, self.now())?;
            if let Ok(amended) = changes.apply(&draft.declaration) {
                self.save(Some(id), &amended)?;
            }
            let summary = view.difference.summary();
            let detail = Bilingual::new(
                format!(
                    "Khai bổ sung sau thông quan số {}: {}",
                    view.number, summary.vi
                ),
                format!("Amendment after clearance {}: {}", view.number, summary.en),
            );
            let now = self.now();
            self.store.record_event(
                id,
                now,
                crate::domain::EventKind::Job(crate::domain::JobCode::Business(
                    crate::domain::BusinessCode::AMC,
                )),
                &detail,
            )?;
        }
        Ok(response)
    }

    /// An amendment after clearance: AMA, then — when `register` and the AMA was taken — AMC
    /// with the number the AMA answer gave (the broker who wants to read the difference first
    /// passes `register = false` and calls [`Self::register_tax_amendment`] later).
    pub fn amend_after_clearance(
        &mut self,
        id: DraftId,
        changes: &crate::domain::tax_changes::TaxChanges,
        pin: Option<Pin>,
        register: bool,
    ) -> Result<TaxAmendmentOutcome, WorkflowError> {
        let data = self.send_tax_amendment(id, changes, pin.clone())?;
        let number = data
            .tax_amendment
            .as_deref()
            .filter(|_| data.result.is_success() && register)
            .map(|view| view.number);
        let registration = match number {
            Some(number) => Some(self.register_tax_amendment(id, number, changes, pin)?),
            None => None,
        };
        Ok(TaxAmendmentOutcome { data, registration })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workflow_error_says_what_the_failing_part_says() {
        let folder = WorkflowError::DataFolder {
            path: "D:/ a / b".into(),
            detail: "Access is denied".into(),
        };
        crate::domain::text::assert_apart(&folder);
        assert_eq!(
            folder.message().en,
            "Cannot create the data folder D:/ a / b: Access is denied"
        );
        let store = crate::store::StoreError::Kept;
        let core = crate::core_sim::CoreError::InUse { path: "x".into() };
        let gateway = crate::gateway::GatewayError::Timeout {
            url: "u".into(),
            seconds: 1,
        };
        let signing = crate::signing::TokenError::NoToken;
        let wrapped = [
            (store.message(), WorkflowError::from(store)),
            (core.message(), WorkflowError::from(core)),
            (gateway.message(), WorkflowError::from(gateway)),
            (signing.message(), WorkflowError::from(signing)),
        ];
        for (inner, err) in &wrapped {
            assert_eq!(&err.message(), inner);
            crate::domain::text::assert_apart(err);
        }
    }

    /// The use cases run on whatever ports they are given: here a store and an embedded core
    /// the test made itself, at a fixed instant (the fixture is valid 2026-11-02 to 2026-12-20).
    #[test]
    fn a_workflow_works_on_the_ports_it_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let at: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let clock = Clock::frozen(at);
        let codes = CodeLists::bundled().unwrap();
        let gateway = connect(dir.path(), codes.clone(), &Connection::Embedded, &clock).unwrap();
        let ports = Ports {
            store: Store::open(&dir.path().join("elsewhere.sqlite")).unwrap(),
            gateway,
            codes,
            helper: Helper::new(PathBuf::from("no-helper-needed")),
            clock,
        };
        let mut workflow = Workflow::new(ports, dir.path(), "TRAIN001");
        let declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let (id, _) = workflow.save(None, &declaration).unwrap();
        let answer = workflow.send_declaration(id, &declaration, None).unwrap();
        assert!(answer.result.is_success(), "{:?}", answer.result);
        let number = answer.declaration.unwrap().number;
        // The store passed in is the one written: the draft has its number there.
        let mut reopened = Store::open(&dir.path().join("elsewhere.sqlite")).unwrap();
        let stored = reopened.draft(id, at).unwrap();
        assert_eq!(stored.declaration.number, Some(number));
        assert!(!dir.path().join(STORE_FILE).exists());
    }

    /// The watch-list on a real store file and the embedded core: an unchanged registered
    /// declaration leaves no trace; once the simulated clock passes the 15-day rule the core
    /// lapses it, and the next round records the answer, the new state and an event.
    #[test]
    fn the_watch_list_records_a_change_at_customs_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let at: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let mut workflow = Workflow::open(
            dir.path(),
            CodeLists::bundled().unwrap(),
            &Connection::Embedded,
            "TRAIN001",
            Helper::new(PathBuf::from("no-helper-needed")),
            Clock::frozen(at),
        )
        .unwrap();
        let mut declaration: Declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        // Declared before the ship arrives (the 15-day rule takes a declared arrival as the
        // goods at the border).
        declaration.arrival_date = chrono::NaiveDate::from_ymd_opt(2026, 12, 15);
        let (id, _) = workflow.save(None, &declaration).unwrap();
        let answer = workflow.send_declaration(id, &declaration, None).unwrap();
        let number = answer.declaration.unwrap().number;
        let registered = workflow
            .send(id, Operation::RegisterOfficial { number }, None)
            .unwrap();
        assert!(registered.result.is_success(), "{:?}", registered.result);
        let messages = workflow.timeline(id).unwrap().len();

        let report = workflow.watch();
        assert_eq!(
            (report.asked, report.changes.len()),
            (1, 0),
            "{:?}",
            report.failure
        );
        assert_eq!(
            workflow.timeline(id).unwrap().len(),
            messages,
            "no news, no trace"
        );

        workflow
            .send_other(
                Operation::AdvanceClock {
                    seconds: 16 * 86_400,
                },
                None,
            )
            .unwrap();
        let report = workflow.watch();
        assert!(report.failure.is_none(), "{:?}", report.failure);
        let [change] = report.changes.as_slice() else {
            panic!(
                "one change expected: {report:?} {:?}",
                workflow.open_draft(id).map(|d| d.state)
            )
        };
        assert_eq!(change.id, id);
        assert_eq!(change.number.base(), number.base());
        assert_eq!(change.what.vi, "Đã đăng ký → Đã hủy");
        assert!(change.bad, "a lapsed declaration needs the broker");
        assert_eq!(
            workflow.open_draft(id).unwrap().state,
            DraftState::Cancelled
        );
        let timeline = workflow.timeline(id).unwrap();
        let event = timeline
            .iter()
            .find(|e| {
                e.kind == crate::store::TimelineKind::Event(crate::domain::EventKind::Watched)
            })
            .expect("the change is in the history");
        assert_eq!(event.summary_en, "Registered → Cancelled");
        assert!(
            timeline
                .iter()
                .any(|e| e.job.is_some_and(|j| j.code() == "IID")),
            "the answer that told it is kept"
        );
        // A cancelled declaration is not watched any more.
        assert_eq!(workflow.watch().asked, 0);
    }
}
