//! The classroom server's side: TLS with a certificate it makes itself, HTTP Basic sign-in of
//! every request against the roster's password hashes, and the checks that keep each trainee
//! to their own declarations (docs/classroom.md).
//!
//! Authentication: `Authorization: Basic base64(user_id:password)` on every request, over TLS
//! only. A wrong or missing one gets HTTP 401 with `{"error": {"code": "KB-S0094", "message_vi",
//! "message_en"}}`; after [`MAX_FAILURES`] wrong passwords in a row a user ID is locked for
//! [`LOCK_SECONDS`] (HTTP 429, KB-S0095). A password is verified once against its Argon2id
//! hash; the server then keeps, in memory only, a SHA-256 of it keyed with a random per-process
//! key, so later requests cost a digest, not an Argon2 run.
//!
//! Then (answers of the protocol, HTTP 200): the request's `user_id` must be the signed-in
//! user's (KB-S0091); a trainee may not act on a declaration the class register gives to
//! another trainee (KB-S0092 — the core's own owner check refuses too once it has one); the
//! class-wide training controls (clock, reset, signature policy, certificate status) are the
//! instructor's (KB-S0093). An instructor passes these checks; the core then lets them read
//! (IID/IEX) any trainee's declaration but change none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use zeroize::Zeroizing;

use crate::classroom::accounts::Account;
use crate::classroom::register::{Entry, Register};
use crate::classroom::scores::{ExerciseStanding, ReportedAttempt, Scores};
use crate::classroom::{ClassroomError, Role, password};
use crate::domain::Step;
use crate::domain::ids::DeclarationNumber;
use crate::wire::{Operation, Request, Response, codes};

/// Wrong passwords in a row before a user ID is locked.
pub const MAX_FAILURES: u32 = 5;
/// How long a locked user ID waits, seconds.
pub const LOCK_SECONDS: u64 = 30;

/// The certificate file in the simulator folder (PEM).
pub const CERT_FILE: &str = "classroom-cert.pem";
/// The certificate's private key in the simulator folder (PEM, owner-readable only).
pub const KEY_FILE: &str = "classroom-key.pem";

/// The server's TLS identity.
#[derive(Debug)]
pub struct Identity {
    /// The TLS configuration to serve with.
    pub config: Arc<rustls::ServerConfig>,
    /// The certificate's SHA-256 fingerprint ([`super::tofu::fingerprint`]).
    pub fingerprint: String,
    /// Whether the certificate was made now (first start).
    pub created: bool,
}

/// The certificate and key of the simulator folder `dir`, made (self-signed, ECDSA P-256,
/// names `localhost` and `khaibao-classroom`) on first use and reused afterwards so the
/// fingerprint the trainees pinned stays valid.
///
/// # Errors
/// The files cannot be read, written or parsed.
pub fn identity(dir: &Path) -> Result<Identity, ClassroomError> {
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let cert_path = dir.join(CERT_FILE);
    let key_path = dir.join(KEY_FILE);
    let created = !cert_path.exists() || !key_path.exists();
    if created {
        let made = rcgen::generate_simple_self_signed(vec![
            "localhost".to_owned(),
            "khaibao-classroom".to_owned(),
        ])
        .map_err(|e| ClassroomError::Hash(e.to_string()))?;
        crate::classroom::write_private(&key_path, made.signing_key.serialize_pem().as_bytes())?;
        crate::classroom::write_private(&cert_path, made.cert.pem().as_bytes())?;
    }
    let corrupt = |path: &Path, e: &dyn std::fmt::Display| ClassroomError::Corrupt {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let cert = CertificateDer::from_pem_file(&cert_path).map_err(|e| corrupt(&cert_path, &e))?;
    let key = PrivateKeyDer::from_pem_file(&key_path).map_err(|e| corrupt(&key_path, &e))?;
    let fingerprint = super::tofu::fingerprint(cert.as_ref());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .and_then(|b| b.with_no_client_auth().with_single_cert(vec![cert], key))
    .map_err(|e| corrupt(&cert_path, &e))?;
    Ok(Identity {
        config: Arc::new(config),
        fingerprint,
        created,
    })
}

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// VNACCS user ID.
    pub user_id: String,
    /// Trainee or instructor.
    pub role: Role,
}

/// Why a request was not let through to the core before any answer of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// No or wrong credentials (HTTP 401).
    Unauthorized,
    /// Too many wrong passwords: locked for a while (HTTP 429).
    Locked,
}

impl Denied {
    /// The HTTP status and the code with its messages.
    pub fn status_and_code(&self) -> (u16, codes::Code) {
        match self {
            Self::Unauthorized => (401, codes::UNAUTHORIZED),
            Self::Locked => (429, codes::LOCKED_OUT),
        }
    }
}

/// One trainee's line of the instructor's view (`GET /v1/class`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassMember {
    /// VNACCS user ID.
    pub user_id: String,
    /// Full name.
    pub name: String,
    /// Trainee or instructor.
    pub role: Role,
    /// The declarations the class register gives them, by number.
    pub declarations: Vec<Entry>,
    /// Their standing at each exercise whose attempts their window sent, by exercise id.
    #[serde(default)]
    pub scores: Vec<ExerciseStanding>,
}

/// The instructor's view of the class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassView {
    /// Everyone of the roster, by user ID.
    pub members: Vec<ClassMember>,
}

/// Why attempts sent to `POST /v1/class/attempts` were not kept.
#[derive(Debug)]
pub enum AttemptsRefused {
    /// Too many, or one that cannot be (HTTP 400): nothing was kept.
    Invalid(crate::domain::text::Bilingual),
    /// The scores file cannot be written (HTTP 500).
    Storage(ClassroomError),
}

#[derive(Debug, Default)]
struct Failures {
    count: u32,
    locked_until: Option<Instant>,
}

/// The classroom's accounts, sign-in state and declaration register, shared by the requests.
pub struct Guard {
    accounts: RwLock<HashMap<String, Account>>,
    /// The simulator folder (the accounts file, read again when it changes).
    dir: PathBuf,
    /// When the accounts file was last changed, as last read.
    stamp: Mutex<Option<SystemTime>>,
    /// How many times the accounts were read again (the server gives the core the
    /// instructors anew when it moved).
    generation: AtomicU64,
    /// user ID → SHA-256(key ‖ user ‖ password) of the last password verified.
    verified: Mutex<HashMap<String, [u8; 32]>>,
    key: Zeroizing<[u8; 32]>,
    failures: Mutex<HashMap<String, Failures>>,
    register: Mutex<Register>,
    scores: Mutex<Scores>,
    /// An Argon2id hash of nothing anyone knows: unknown user IDs are verified against it, so
    /// they take as long as known ones.
    decoy: String,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Guard {
    /// The guard over `accounts` with the register of the simulator folder `dir`. When the
    /// accounts file there changes (`khaibao sim roster reset-password`, `sim roster add`), it
    /// is read again at the next sign-in: a reset password applies at once, the old one no
    /// longer; an added member signs in without a restart.
    ///
    /// # Errors
    /// The register or the scores cannot be read; the random source failed.
    pub fn new(accounts: HashMap<String, Account>, dir: &Path) -> Result<Self, ClassroomError> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut()).map_err(|e| ClassroomError::Hash(e.to_string()))?;
        let decoy = password::hash(&password::generate()?)?;
        Ok(Self {
            accounts: RwLock::new(accounts),
            dir: dir.to_owned(),
            stamp: Mutex::new(Self::modified(dir)),
            generation: AtomicU64::new(0),
            verified: Mutex::new(HashMap::new()),
            key,
            failures: Mutex::new(HashMap::new()),
            register: Mutex::new(Register::open(dir)?),
            scores: Mutex::new(Scores::open(dir)?),
            decoy,
        })
    }

    fn modified(dir: &Path) -> Option<SystemTime> {
        std::fs::metadata(dir.join(crate::classroom::accounts::FILE))
            .and_then(|m| m.modified())
            .ok()
    }

    /// Reads the accounts file again when it changed since last read; a user whose hash
    /// changed must sign in with the new password (the old one's digest is forgotten).
    fn refresh(&self) {
        let modified = Self::modified(&self.dir);
        let mut stamp = self.stamp.lock().unwrap_or_else(PoisonError::into_inner);
        if modified == *stamp {
            return;
        }
        if let Ok(fresh) = crate::classroom::accounts::Accounts::open(&self.dir) {
            let mut accounts = self
                .accounts
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            let mut verified = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
            verified.retain(|id, _| {
                accounts.get(id).map(|a| &a.hash) == fresh.all().get(id).map(|a| &a.hash)
            });
            *accounts = fresh.all().clone().into_iter().collect();
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
        *stamp = modified;
    }

    /// How many times the accounts file was read again since the guard was made (a member
    /// added or removed, a role or password changed on a running server).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The instructors' user IDs, sorted (for the core's instructor setting).
    pub fn instructors(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|(_, a)| a.role == Role::Instructor)
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }

    fn digest(&self, user: &str, password: &str) -> [u8; 32] {
        let mut hasher = sha2::Sha256::new();
        hasher.update(self.key.as_ref());
        hasher.update(user.as_bytes());
        hasher.update([0]);
        hasher.update(password.as_bytes());
        hasher.finalize().into()
    }

    /// Who the `Authorization` header value `header` signs in (blocking: an Argon2id check
    /// the first time a password is seen; run it off the async workers).
    ///
    /// # Errors
    /// [`Denied`]: no such header, a wrong password or unknown user, or a locked user ID.
    pub fn authenticate(&self, header: Option<&str>) -> Result<Who, Denied> {
        let (user, password) = basic(header).ok_or(Denied::Unauthorized)?;
        self.refresh();
        let user = user.trim().to_ascii_uppercase();
        {
            let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
            if failures
                .get(&user)
                .and_then(|f| f.locked_until)
                .is_some_and(|until| Instant::now() < until)
            {
                return Err(Denied::Locked);
            }
        }
        let digest = self.digest(&user, &password);
        let known = self
            .verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&user)
            .is_some_and(|d| constant_eq(d, &digest));
        let account = self
            .accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&user)
            .cloned();
        let good = known
            || account.as_ref().map_or_else(
                || {
                    // Unknown: as long as a known one, and never good.
                    let _ = password::verify(&password, &self.decoy);
                    false
                },
                |a| password::verify(&password, &a.hash),
            );
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if let (true, Some(a)) = (good, account) {
            failures.remove(&user);
            self.verified
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(user.clone(), digest);
            return Ok(Who {
                user_id: user,
                role: a.role,
            });
        }
        let entry = failures.entry(user).or_default();
        entry.count += 1;
        if entry.count >= MAX_FAILURES {
            entry.count = 0;
            entry.locked_until = Some(Instant::now() + Duration::from_secs(LOCK_SECONDS));
        }
        Err(Denied::Unauthorized)
    }

    /// Whether `who` may send `request`: `None` lets it through to the core; otherwise the
    /// refusal's code.
    pub fn check(&self, who: &Who, request: &Request) -> Option<codes::Code> {
        if !request.user_id.trim().eq_ignore_ascii_case(&who.user_id) {
            return Some(codes::WRONG_USER);
        }
        if who.role == Role::Instructor {
            return None;
        }
        if is_class_control(&request.operation) {
            return Some(codes::CLASS_INSTRUCTOR_ONLY);
        }
        let register = self.register.lock().unwrap_or_else(PoisonError::into_inner);
        numbers(&request.operation)
            .into_iter()
            .any(|n| {
                register
                    .owner_of(n)
                    .is_some_and(|owner| owner != who.user_id)
            })
            .then_some(codes::CLASS_NOT_OWNER)
    }

    /// Records the core's answer to `who` in the class register.
    ///
    /// # Errors
    /// The register's file cannot be written (the answer is still given).
    pub fn record(&self, who: &Who, response: &Response) -> Result<(), ClassroomError> {
        let mut register = self.register.lock().unwrap_or_else(PoisonError::into_inner);
        // The instructor reset the core: the class starts again.
        if response.job == Some(Operation::Reset.job(crate::domain::Direction::Import))
            && response.result.is_success()
        {
            return register.clear();
        }
        // An instructor reading a declaration (IID/IEX/IAD) does not become its owner.
        let reads = who.role == Role::Instructor
            && response.job.is_some_and(|job| {
                matches!(
                    job.step(),
                    Some(Step::Reference | Step::TaxAmendmentReference)
                )
            });
        if reads {
            return register.update_known(response);
        }
        register.record(&who.user_id, response)
    }

    /// Records the exercise attempts `who` sent (those known already are skipped); how many
    /// were new.
    ///
    /// # Errors
    /// [`AttemptsRefused::Invalid`] for more than [`crate::classroom::scores::MAX_PER_REQUEST`]
    /// attempts or one that cannot be (nothing is kept then); [`AttemptsRefused::Storage`]
    /// when the file cannot be written (kept in memory all the same).
    pub fn record_attempts(
        &self,
        who: &Who,
        attempts: &[ReportedAttempt],
    ) -> Result<usize, AttemptsRefused> {
        if attempts.len() > crate::classroom::scores::MAX_PER_REQUEST {
            return Err(AttemptsRefused::Invalid(
                crate::domain::text::Bilingual::new(
                    format!(
                        "Quá nhiều lần làm bài trong một lần gửi ({}; tối đa {})",
                        attempts.len(),
                        crate::classroom::scores::MAX_PER_REQUEST
                    ),
                    format!(
                        "Too many attempts in one request ({}; at most {})",
                        attempts.len(),
                        crate::classroom::scores::MAX_PER_REQUEST
                    ),
                ),
            ));
        }
        if let Some(problem) = attempts.iter().find_map(ReportedAttempt::problem) {
            return Err(AttemptsRefused::Invalid(problem));
        }
        self.scores
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .record(&who.user_id, attempts)
            .map_err(AttemptsRefused::Storage)
    }

    /// The instructor's view of the class.
    pub fn class(&self) -> ClassView {
        let mut by_owner = self
            .register
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .by_owner();
        let scores = self.scores.lock().unwrap_or_else(PoisonError::into_inner);
        let mut members: Vec<ClassMember> = self
            .accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(id, a)| ClassMember {
                user_id: id.clone(),
                name: a.name.clone(),
                role: a.role,
                declarations: by_owner.remove(id).unwrap_or_default(),
                scores: scores.standing(id),
            })
            .collect();
        members.sort_by(|a, b| a.user_id.cmp(&b.user_id));
        ClassView { members }
    }
}

fn constant_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The user ID and password of an `Authorization: Basic …` value.
fn basic(header: Option<&str>) -> Option<(String, Zeroizing<String>)> {
    let value = header?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()?,
    );
    let text = std::str::from_utf8(&decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), Zeroizing::new(password.to_owned())))
}

/// The class-wide training controls: only the instructor may use them in a classroom. Every
/// operation is named here (no catch-all), so a new one must be placed.
pub fn is_class_control(operation: &Operation) -> bool {
    match operation {
        Operation::AdvanceClock { .. }
        | Operation::Reset
        | Operation::SetSignaturePolicy { .. }
        | Operation::SetCertificateStatus { .. }
        | Operation::ForceOutcome { .. }
        | Operation::ListForcedOutcomes
        | Operation::SetRandomSelection { .. }
        | Operation::LoadRules { .. }
        | Operation::Snapshot { .. }
        | Operation::Restore { .. }
        | Operation::ListSnapshots
        | Operation::SetInstructors { .. } => true,
        Operation::RegisterProvisional { .. }
        | Operation::CorrectProvisional { .. }
        | Operation::AmendmentData { .. }
        | Operation::CallUp { .. }
        | Operation::RegisterOfficial { .. }
        | Operation::CallUpForAmendment { .. }
        | Operation::RegisterAmendment { .. }
        | Operation::RegisterAttachments { .. }
        | Operation::Reference { .. }
        | Operation::Cancel { .. }
        | Operation::PayTaxes { .. }
        | Operation::Officer { .. }
        | Operation::RegisterCertificate { .. }
        | Operation::ListCertificates
        | Operation::TaxAmendmentData { .. }
        | Operation::CallUpTaxAmendment { .. }
        | Operation::RegisterTaxAmendment { .. }
        | Operation::TaxAmendmentReference { .. } => false,
    }
}

/// The declaration (or tax amendment) numbers an operation acts on.
pub fn numbers(operation: &Operation) -> Vec<DeclarationNumber> {
    match operation {
        Operation::CorrectProvisional { number, .. }
        | Operation::AmendmentData { number, .. }
        | Operation::CallUp { number }
        | Operation::RegisterOfficial { number }
        | Operation::CallUpForAmendment { number }
        | Operation::RegisterAmendment { number }
        | Operation::Reference { number }
        | Operation::Cancel { number, .. }
        | Operation::PayTaxes { number }
        | Operation::Officer { number, .. }
        | Operation::TaxAmendmentData { number, .. }
        | Operation::CallUpTaxAmendment { number }
        | Operation::RegisterTaxAmendment { number }
        | Operation::TaxAmendmentReference { number } => vec![*number],
        Operation::RegisterAttachments { application } => {
            application.declaration.into_iter().collect()
        }
        Operation::RegisterProvisional { .. }
        | Operation::AdvanceClock { .. }
        | Operation::Reset
        | Operation::RegisterCertificate { .. }
        | Operation::ListCertificates
        | Operation::SetCertificateStatus { .. }
        | Operation::SetSignaturePolicy { .. }
        | Operation::ForceOutcome { .. }
        | Operation::ListForcedOutcomes
        | Operation::SetRandomSelection { .. }
        | Operation::LoadRules { .. }
        | Operation::Snapshot { .. }
        | Operation::Restore { .. }
        | Operation::ListSnapshots
        | Operation::SetInstructors { .. } => Vec::new(),
    }
}

/// Accepts TCP connections and completes their TLS handshakes in tasks of their own (a slow or
/// silent client delays nobody), handing finished streams to `axum::serve`.
pub struct TlsListener {
    ready: tokio::sync::mpsc::Receiver<(
        tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
        std::net::SocketAddr,
    )>,
    local: std::net::SocketAddr,
}

impl std::fmt::Debug for TlsListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsListener")
            .field("local", &self.local)
            .finish_non_exhaustive()
    }
}

/// How long a client may take to finish its TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

impl TlsListener {
    /// Serves TLS with `config` on `listener` (call inside the tokio runtime).
    ///
    /// # Errors
    /// The listener's address cannot be read.
    pub fn new(
        listener: tokio::net::TcpListener,
        config: Arc<rustls::ServerConfig>,
    ) -> std::io::Result<Self> {
        let local = listener.local_addr()?;
        let (tx, ready) = tokio::sync::mpsc::channel(64);
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        tokio::spawn(async move {
            loop {
                let Ok((tcp, peer)) = listener.accept().await else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                if tx.is_closed() {
                    break;
                }
                // The handshake's small writes must not wait for the peer's delayed ACK
                // (Nagle's algorithm: about 40 ms per new connection otherwise).
                let _ = tcp.set_nodelay(true);
                let acceptor = acceptor.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                    {
                        let _ = tx.send((tls, peer)).await;
                    }
                });
            }
        });
        Ok(Self { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(pair) => pair,
            // The accepting task ended (it never does while the listener lives).
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(dir: &Path) -> (Guard, Zeroizing<String>) {
        let secret = password::generate().unwrap();
        let mut accounts = HashMap::new();
        accounts.insert(
            "KBLOP001".to_owned(),
            Account {
                name: "Nguyễn An".into(),
                role: Role::Trainee,
                hash: password::hash(&secret).unwrap(),
            },
        );
        (Guard::new(accounts, dir).unwrap(), secret)
    }

    fn header(user: &str, password: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        )
    }

    #[test]
    fn sign_in_takes_the_right_password_only_and_locks_after_repeated_failures() {
        let dir = tempfile::tempdir().unwrap();
        let (guard, secret) = guard(dir.path());
        let who = guard
            .authenticate(Some(&header("kblop001", &secret)))
            .unwrap();
        assert_eq!(who.user_id, "KBLOP001");
        // Again: from the in-memory digest.
        assert!(
            guard
                .authenticate(Some(&header("KBLOP001", &secret)))
                .is_ok()
        );
        assert_eq!(guard.authenticate(None), Err(Denied::Unauthorized));
        assert_eq!(
            guard.authenticate(Some(&header("KBLOP009", &secret))),
            Err(Denied::Unauthorized)
        );
        for _ in 0..MAX_FAILURES {
            assert_eq!(
                guard.authenticate(Some(&header("KBLOP001", "WRONG123"))),
                Err(Denied::Unauthorized)
            );
        }
        // Locked: even the right password waits.
        assert_eq!(
            guard.authenticate(Some(&header("KBLOP001", &secret))),
            Err(Denied::Locked)
        );
    }

    #[test]
    fn a_reset_password_applies_at_once_and_the_old_one_stops() {
        let dir = tempfile::tempdir().unwrap();
        let mut accounts = crate::classroom::accounts::Accounts::open(dir.path()).unwrap();
        let issued = accounts
            .sync(&[crate::classroom::roster::Member {
                user_id: "KBLOP001".into(),
                name: "Nguyễn An".into(),
                role: Role::Trainee,
            }])
            .unwrap();
        let old = &issued[0].password;
        let guard = Guard::new(accounts.all().clone().into_iter().collect(), dir.path()).unwrap();
        assert!(guard.authenticate(Some(&header("KBLOP001", old))).is_ok());
        // The file's time must move on for the change to be seen.
        std::thread::sleep(Duration::from_millis(20));
        let new = accounts.reset_password("KBLOP001").unwrap().password;
        assert_eq!(
            guard.authenticate(Some(&header("KBLOP001", old))),
            Err(Denied::Unauthorized)
        );
        assert!(guard.authenticate(Some(&header("KBLOP001", &new))).is_ok());
    }

    #[test]
    fn a_trainee_is_kept_to_their_own_user_id_and_away_from_class_controls() {
        let dir = tempfile::tempdir().unwrap();
        let (guard, _) = guard(dir.path());
        let who = Who {
            user_id: "KBLOP001".into(),
            role: Role::Trainee,
        };
        let request = |user: &str, operation| Request {
            protocol: crate::wire::PROTOCOL.into(),
            message_ref: "r1".into(),
            user_id: user.into(),
            operation,
        };
        assert_eq!(
            guard.check(&who, &request("KBLOP002", Operation::ListCertificates)),
            Some(codes::WRONG_USER)
        );
        assert_eq!(
            guard.check(&who, &request("KBLOP001", Operation::Reset)),
            Some(codes::CLASS_INSTRUCTOR_ONLY)
        );
        assert_eq!(
            guard.check(&who, &request("KBLOP001", Operation::ListCertificates)),
            None
        );
        let teacher = Who {
            user_id: "KBLOPGV1".into(),
            role: Role::Instructor,
        };
        assert_eq!(
            guard.check(&teacher, &request("KBLOPGV1", Operation::Reset)),
            None
        );
    }

    #[test]
    fn an_instructor_reading_a_declaration_the_class_does_not_know_does_not_own_it() {
        use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
        let dir = tempfile::tempdir().unwrap();
        let (guard, _) = guard(dir.path());
        let mut core = crate::core_sim::Core::in_memory(
            crate::codes::CodeLists::bundled().unwrap(),
            LaneRules::parse(DEFAULT_RULES).unwrap(),
        )
        .unwrap();
        core.set_instructors(&["KBLOPGV1".to_owned()]).unwrap();
        let now: chrono::DateTime<chrono::Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let send = |core: &mut crate::core_sim::Core, user: &str, r: &str, operation| {
            core.handle(
                &Request {
                    protocol: crate::wire::PROTOCOL.into(),
                    message_ref: r.into(),
                    user_id: user.into(),
                    operation,
                },
                now,
            )
        };
        let declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-low-value.json"
        ))
        .unwrap();
        // Declared before the class register knew of it (say, before a restart of the register).
        let ida = send(
            &mut core,
            "KBLOP001",
            "a1",
            Operation::RegisterProvisional {
                declaration: Box::new(declaration),
            },
        );
        let number = ida.declaration.as_ref().unwrap().number;
        let teacher = Who {
            user_id: "KBLOPGV1".into(),
            role: Role::Instructor,
        };
        let read = send(&mut core, "KBLOPGV1", "g1", Operation::Reference { number });
        assert!(read.result.is_success(), "{:?}", read.result);
        guard.record(&teacher, &read).unwrap();
        let trainee = Who {
            user_id: "KBLOP001".into(),
            role: Role::Trainee,
        };
        let again = Request {
            protocol: crate::wire::PROTOCOL.into(),
            message_ref: "a2".into(),
            user_id: "KBLOP001".into(),
            operation: Operation::Reference { number },
        };
        assert_eq!(guard.check(&trainee, &again), None);
        // Once the trainee's answer is recorded, it is theirs, and the instructor's reading
        // updates its state without taking it.
        guard.record(&trainee, &ida).unwrap();
        guard.record(&teacher, &read).unwrap();
        let view = guard.class();
        let mine = view
            .members
            .iter()
            .find(|m| m.user_id == "KBLOP001")
            .unwrap();
        assert_eq!(mine.declarations.len(), 1);
    }
}
