//! How the client reaches a core: the [`Gateway`] trait with an in-process implementation
//! (the default: embedded simulated core, no setup) and an HTTP one (a `khaibao sim serve`
//! elsewhere, or later a real endpoint); and the HTTP server ([`server`]).
//!
//! Owns: transport of `wire` messages. Switching between embedded core and server is a setting:
//! both carry exactly the same JSON.

pub mod classroom;
pub mod server;
pub mod tofu;
pub mod vnaccs;

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::core_sim::Core;
use crate::domain::text::Bilingual;
use crate::wire::{Request, Response, SignedMessage};

/// Why a request did not get an answer. The declaration being sent is never changed by this.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum GatewayError {
    /// No connection to the server.
    Unreachable {
        /// The server address.
        url: String,
        /// What the network said.
        detail: String,
    },
    /// The request cannot be written in the connection's format: nothing was sent.
    Unwritable {
        /// The server address.
        url: String,
        /// What was wrong.
        detail: String,
    },
    /// The server did not answer in time; the request may or may not have been processed.
    Timeout {
        /// The server address.
        url: String,
        /// The time limit.
        seconds: u64,
    },
    /// The simulator's training controls (paying, officer steps, clock…) have no VNACCS job:
    /// a live system cannot be asked for them.
    NotAVnaccsJob {
        /// The server address.
        url: String,
        /// The operation's code.
        operation: String,
    },
    /// A VNACCS job whose message layout KhaiBao does not have (AMA, AMB, AMC, IAD: no official
    /// layout in its sources): it cannot be written as a VNACCS message.
    NoLayout {
        /// The server address.
        url: String,
        /// The job's code.
        job: String,
    },
    /// A live system needs the user's VNACCS password, and none is saved.
    NoCredentials {
        /// The server address.
        url: String,
        /// The VNACCS user code.
        user_id: String,
    },
    /// A saved credential does not fit its header field (VNACCS: user code and password 8
    /// characters, terminal ID 6, plain ASCII).
    BadCredential {
        /// The VNACCS user code.
        user_id: String,
        /// Which field (`password`, `user code`, `terminal id`).
        field: &'static str,
    },
    /// The connection check (TCC) was answered with a refusal.
    CheckRefused {
        /// The server address.
        url: String,
        /// The result code.
        code: String,
        /// Its meaning, Vietnamese.
        message_vi: String,
        /// Its meaning, English.
        message_en: String,
    },
    /// A classroom server (`https://…`) whose certificate is not pinned yet: nothing was
    /// sent. The trainee runs `khaibao sim trust URL` and types the fingerprint the instructor
    /// reads out (the one seen is kept here for tools, not told in the message).
    UnknownCertificate {
        /// The server address.
        url: String,
        /// The SHA-256 fingerprint the server presented.
        fingerprint: String,
    },
    /// A classroom server presented another certificate than the pinned one: refused, nothing
    /// sent (someone may be posing as the server; ask the instructor).
    CertificateChanged {
        /// The server address.
        url: String,
        /// The pinned fingerprint.
        pinned: String,
        /// The fingerprint presented now.
        presented: String,
    },
    /// The classroom server refused the sign-in (wrong or no saved password: HTTP 401; too
    /// many wrong passwords: 429).
    SignInRefused {
        /// The server address.
        url: String,
        /// The user ID signed in with.
        user_id: String,
        /// The server's code (KB-S0094, KB-S0095).
        code: String,
        /// Its meaning, Vietnamese.
        message_vi: String,
        /// Its meaning, English.
        message_en: String,
    },
    /// A classroom server refused a request of its own (`/v1/class/attempts`) with its
    /// bilingual error (HTTP 400): an attempt that cannot be.
    Refused {
        /// The server address.
        url: String,
        /// HTTP status.
        status: u16,
        /// The server's code (KB-S0001).
        code: String,
        /// Its meaning, Vietnamese.
        message_vi: String,
        /// Its meaning, English.
        message_en: String,
    },
    /// The classroom server refused what this user asked for (HTTP 403): the class view is
    /// the instructors' (KB-S0093).
    Forbidden {
        /// The server address.
        url: String,
        /// The user ID signed in with.
        user_id: String,
        /// The server's code (KB-S0093) and its meaning in each language (boxed: the error
        /// stays small).
        refusal: Box<crate::wire::ResultCode>,
    },
    /// The server answered something that is not a response.
    BadAnswer {
        /// The server address.
        url: String,
        /// HTTP status.
        status: u16,
        /// What was wrong.
        detail: String,
    },
}

impl GatewayError {
    /// Why no answer came, without advice on what to do (the outbox says that itself): the
    /// network's own words kept as a technical detail, in both languages.
    pub fn outage_cause(&self) -> Bilingual {
        match self {
            Self::Unreachable { url, detail } => Bilingual::new(
                format!(
                    "Không kết nối được tới {url}: không có máy chủ trả lời ở địa chỉ này, hoặc mạng bị ngắt (chi tiết kỹ thuật: {detail})."
                ),
                format!(
                    "Cannot reach {url}: no server answers at that address, or the network is down (technical detail: {detail})."
                ),
            ),
            Self::Timeout { url, seconds } => Bilingual::new(
                format!(
                    "Máy chủ {url} không trả lời trong {seconds} giây (có thể đã nhận thông điệp)."
                ),
                format!(
                    "{url} did not answer within {seconds} s (it may have received the message)."
                ),
            ),
            other => other.message(),
        }
    }

    /// What to tell the person, each language built apart (the network's detail is the same
    /// in both).
    #[allow(clippy::too_many_lines)] // One arm per error: a flat table of what to say.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Unreachable { .. } => {
                let cause = self.outage_cause();
                Bilingual::new(
                    format!("{} Tờ khai chưa được gửi; hãy thử lại", cause.vi),
                    format!("{} Nothing was sent; try again", cause.en),
                )
            }
            Self::Unwritable { url, detail } => Bilingual::new(
                format!("Không viết được thông điệp gửi tới {url}: {detail}. Chưa gửi gì"),
                format!("The message to {url} cannot be written: {detail}. Nothing was sent"),
            ),
            Self::Timeout { url, seconds } => Bilingual::new(
                format!(
                    "Máy chủ {url} không trả lời trong {seconds} giây. Gửi lại với cùng số tham chiếu để biết kết quả"
                ),
                format!(
                    "{url} did not answer within {seconds} s. Send again with the same message reference to learn the outcome"
                ),
            ),
            Self::NotAVnaccsJob { url, operation } => Bilingual::new(
                format!(
                    "{operation} là thao tác của hệ thống mô phỏng, không có nghiệp vụ VNACCS tương ứng; {url} không thực hiện được"
                ),
                format!(
                    "{operation} is a simulator control with no VNACCS job; {url} cannot do it"
                ),
            ),
            Self::NoLayout { url, job } => Bilingual::new(
                format!(
                    "KhaiBao chưa có khuôn dạng thông điệp VNACCS của nghiệp vụ {job} nên không gửi được tới {url}; hãy dùng hệ thống mô phỏng hoặc phần mềm khai báo khác cho nghiệp vụ này"
                ),
                format!(
                    "KhaiBao has no VNACCS message layout for job {job}, so it cannot be sent to {url}; use the simulator or another declaration program for this job"
                ),
            ),
            Self::NoCredentials { url, user_id } => Bilingual::new(
                format!(
                    "Chưa lưu mật khẩu VNACCS của người sử dụng {user_id} (Cài đặt → Tài khoản VNACCS); chưa gửi gì tới {url}"
                ),
                format!(
                    "No VNACCS password saved for user {user_id} (Settings → VNACCS account); nothing was sent to {url}"
                ),
            ),
            Self::BadCredential { user_id, field } => {
                let (vi, en, most) = match *field {
                    "password" => ("mật khẩu", "password", 8),
                    "terminal id" => ("mã máy trạm", "terminal ID", 6),
                    _ => ("mã người sử dụng", "user code", 8),
                };
                Bilingual::new(
                    format!(
                        "{} đã lưu cho người sử dụng {user_id} không hợp lệ: VNACCS nhận tối đa {most} ký tự không dấu. Sửa trong Cài đặt → Tài khoản VNACCS; chưa gửi gì",
                        capitalise(vi)
                    ),
                    format!(
                        "The {en} saved for user {user_id} does not fit: VNACCS takes at most {most} plain characters. Correct it in Settings → VNACCS account; nothing was sent"
                    ),
                )
            }
            Self::CheckRefused {
                url,
                code,
                message_vi,
                message_en,
            } => Bilingual::new(
                format!("{url} từ chối kiểm tra kết nối (TCC): {code} {message_vi}"),
                format!("{url} refused the connection check (TCC): {code} {message_en}"),
            ),
            Self::UnknownCertificate { url, .. } => unknown_certificate(url),
            Self::CertificateChanged {
                url,
                pinned,
                presented,
            } => certificate_changed(url, pinned, presented),
            Self::SignInRefused {
                url,
                user_id,
                code,
                message_vi,
                message_en,
            } => Bilingual::new(
                format!("{url}: {code} {message_vi} ({user_id}). {}", SIGN_IN_HELP.0),
                format!("{url}: {code} {message_en} ({user_id}). {}", SIGN_IN_HELP.1),
            ),
            Self::Refused {
                url,
                status: _,
                code,
                message_vi,
                message_en,
            } => class_refused(url, code, message_vi, message_en),
            Self::Forbidden {
                url,
                user_id,
                refusal,
            } => forbidden_message(url, user_id, refusal),
            Self::BadAnswer {
                url,
                status,
                detail,
            } => Bilingual::new(
                format!("Máy chủ {url} trả lời không đúng giao thức (HTTP {status}): {detail}"),
                format!("{url} answered outside the protocol (HTTP {status}): {detail}"),
            ),
        }
    }
}

crate::domain::text::localized!(GatewayError);

impl GatewayError {
    /// Whether this is an outage — the connection is down or the system failed (refused
    /// connection, timeout, HTTP 5xx) — so the job waits in the outbox rather than being
    /// dropped. An answer that came back, even a refusal, is not one.
    pub fn is_outage(&self) -> bool {
        match self {
            Self::Unreachable { .. } | Self::Timeout { .. } => true,
            Self::BadAnswer { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// Whether the request may have reached the core although no answer came (a timeout, a
    /// 5xx): it is then resent with the same message reference, never dropped.
    pub fn maybe_reached(&self) -> bool {
        match self {
            Self::Timeout { .. } => true,
            Self::BadAnswer { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

fn class_refused(url: &str, code: &str, vi: &str, en: &str) -> Bilingual {
    Bilingual::new(
        format!("Máy chủ lớp học {url} từ chối: {code} {vi}"),
        format!("The classroom server {url} refused: {code} {en}"),
    )
}

/// What a trainee does when the classroom server refuses the sign-in (vi, en).
const SIGN_IN_HELP: (&str, &str) = (
    "Lưu mật khẩu giảng viên đã phát trong Cài đặt → Tài khoản VNACCS, hoặc bằng: khaibao sim login --user <mã>",
    "Save the password the instructor gave in Settings → VNACCS account, or with: khaibao sim login --user <ID>",
);

/// The first contact with a classroom server: the trainee is sent to `khaibao sim trust URL`,
/// which asks them to type the fingerprint the instructor reads out and compares it with the
/// server's. The fingerprint seen is not told here, nor put in a command to paste: a trainee
/// who pastes it trusts whatever answered, which is what the comparison is there to prevent.
fn unknown_certificate(url: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "Máy chủ lớp học {url} chưa được tin cậy. Trong cửa sổ: Cài đặt → Áp dụng để hiện lại dấu vân tay và so với dấu vân tay giảng viên đọc; hoặc chạy: khaibao sim trust {url} rồi gõ dấu vân tay giảng viên đọc — KhaiBao chỉ tin cậy khi trùng khớp. Chưa gửi gì"
        ),
        format!(
            "The classroom server {url} is not trusted yet. In the window: Settings → Apply shows its fingerprint again to compare with the one the instructor reads out; or run: khaibao sim trust {url} and type the fingerprint the instructor reads out — KhaiBao trusts it only if they match. Nothing was sent"
        ),
    )
}

/// A classroom server's 403: its code and words, and what it means for the person.
fn forbidden_message(url: &str, user_id: &str, refusal: &crate::wire::ResultCode) -> Bilingual {
    let code = &refusal.code;
    Bilingual::new(
        format!(
            "{url}: {code} {} ({user_id}). Chỉ giảng viên của lớp xem được cả lớp; học viên xem tờ khai của mình trong KhaiBao của mình",
            refusal.message_vi
        ),
        format!(
            "{url}: {code} {} ({user_id}). Only the class's instructors see the whole class; a trainee sees their own declarations in their own KhaiBao",
            refusal.message_en
        ),
    )
}

fn certificate_changed(url: &str, pinned: &str, presented: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "CẢNH BÁO: chứng thư của máy chủ lớp học {url} đã THAY ĐỔI (đã tin cậy: {pinned}; bây giờ: {presented}). Có thể có máy khác giả danh máy chủ. Không gửi gì; hãy hỏi giảng viên trước khi tin cậy lại (khaibao sim trust {url} --forget)"
        ),
        format!(
            "WARNING: the certificate of the classroom server {url} has CHANGED (trusted: {pinned}; now: {presented}). Another machine may be posing as the server. Nothing was sent; ask the instructor before trusting it again (khaibao sim trust {url} --forget)"
        ),
    )
}

/// The text with its first letter in capitals.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Sends requests to a core and returns its answers.
pub trait Gateway: Send {
    /// Sends one unsigned request.
    fn send(&mut self, request: &Request) -> Result<Response, GatewayError>;
    /// Sends one signed request.
    fn send_signed(&mut self, message: &SignedMessage) -> Result<Response, GatewayError>;
    /// The exact text to sign for `request` and give back in [`SignedMessage::payload`]: the
    /// request's JSON for the simulator protocol; the signed MIME part of the VNACCS message
    /// for a VNACCS-format connection.
    ///
    /// # Errors
    /// The request cannot be written in this connection's format.
    fn signing_payload(&mut self, request: &Request) -> Result<String, GatewayError> {
        SignedMessage::payload_of(request).map_err(|e| GatewayError::Unwritable {
            url: self.describe().en,
            detail: e.to_string(),
        })
    }
    /// Who sends from now on: a VNACCS-format connection takes the user's password and terminal
    /// ID from the operating system's credential store (saved in Settings); others need nothing.
    fn sign_in(&mut self, _user_id: &str) {}
    /// The exact bytes of the last exchange (sent, received), taken once: for the message log.
    /// `None` for a connection that carries no VNACCS bytes.
    fn last_exchange(&mut self) -> Option<Exchange> {
        None
    }
    /// Whether the peer is a simulator (practice certificates are refused for anything else).
    /// Every gateway in KhaiBao today reaches a simulator: the embedded core or a
    /// `khaibao sim serve`; a gateway to the live VNACCS would answer `false`.
    fn is_simulator(&self) -> bool;
    /// Where requests go, for the user ("embedded simulator", a server's URL).
    fn describe(&self) -> crate::domain::text::Bilingual;
    /// Whether the core answers, and its time (simulated time in simulation), UTC; nothing is
    /// sent to any declaration (`khaibao doctor`, the connection check).
    fn health(&mut self) -> Result<DateTime<Utc>, GatewayError>;
    /// Classroom: sends `user_id`'s exercise attempts to the class server
    /// (`POST /v1/class/attempts`) and returns how many it did not have; `Ok(None)` when this
    /// connection is not a classroom server (nothing sent).
    ///
    /// # Errors
    /// As any request; an attempt the server refuses: [`GatewayError::Refused`].
    fn report_attempts(
        &mut self,
        _user_id: &str,
        _attempts: &[crate::classroom::scores::ReportedAttempt],
    ) -> Result<Option<usize>, GatewayError> {
        Ok(None)
    }
    /// Classroom: the instructor's view of the class (`GET /v1/class`), signed in as
    /// `user_id`; `Ok(None)` when this connection is not a classroom server.
    ///
    /// # Errors
    /// As any request; a trainee is refused (only instructors see the class).
    fn class_view(&mut self, _user_id: &str) -> Result<Option<classroom::ClassView>, GatewayError> {
        Ok(None)
    }
    /// Classroom: when the last request failed because the server's certificate is not trusted
    /// yet, the server's address and the SHA-256 fingerprint it presented (for the trainee to
    /// compare with the instructor's and confirm, [`tofu::Pins::pin`]).
    fn untrusted(&self) -> Option<(String, String)> {
        None
    }
}

/// The exact bytes of one exchange with a VNACCS-format peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The request as sent (the message itself, without the S/MIME wrapping).
    pub sent: Vec<u8>,
    /// The answer as received.
    pub received: Vec<u8>,
}

/// An HTTP client for `url` (rustls, the official terminal's 180-second wait by default).
fn http_client(url: &str, timeout: Duration) -> Result<reqwest::blocking::Client, GatewayError> {
    // rustls needs a process-wide crypto provider for HTTPS; installing it twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("KhaiBao/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| GatewayError::Unreachable {
            url: url.to_owned(),
            detail: e.to_string(),
        })
}

/// A request to `url` that got no answer: timed out, or the server was not reached.
fn failed(url: &str, timeout: Duration, error: &reqwest::Error) -> GatewayError {
    if error.is_timeout() {
        GatewayError::Timeout {
            url: url.to_owned(),
            seconds: timeout.as_secs(),
        }
    } else {
        GatewayError::Unreachable {
            url: url.to_owned(),
            detail: error.to_string(),
        }
    }
}

/// The embedded simulated core, called directly.
pub struct InProcess {
    core: Core,
    clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
}

impl std::fmt::Debug for InProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcess")
            .field("core", &self.core)
            .finish_non_exhaustive()
    }
}

impl InProcess {
    /// The core, told the time by `clock` (the machine's time as a [`crate::clock::Clock`]
    /// gives it; the core adds its own simulated offset).
    pub fn with_clock(core: Core, clock: Box<dyn Fn() -> DateTime<Utc> + Send>) -> Self {
        Self { core, clock }
    }
}

impl Gateway for InProcess {
    fn send(&mut self, request: &Request) -> Result<Response, GatewayError> {
        Ok(self.core.handle(request, (self.clock)()))
    }

    fn send_signed(&mut self, message: &SignedMessage) -> Result<Response, GatewayError> {
        Ok(self.core.handle_signed(message, (self.clock)()))
    }

    fn is_simulator(&self) -> bool {
        true
    }

    fn describe(&self) -> crate::domain::text::Bilingual {
        crate::domain::text::Bilingual::new("Hệ thống mô phỏng tích hợp", "Embedded simulator")
    }

    fn health(&mut self) -> Result<DateTime<Utc>, GatewayError> {
        Ok(self.core.simulated_now((self.clock)()))
    }
}

/// A core behind HTTP (`POST {base}/v1/messages`, signed: `POST {base}/v1/signed-messages`).
///
/// An `https://` address is a classroom server: its certificate is trusted by the fingerprint
/// pinned for it ([`tofu`]), and every request signs in with HTTP Basic as the request's user,
/// with the password saved for that user in the operating system's credential store.
#[derive(Debug)]
pub struct Http {
    client: reqwest::blocking::Client,
    url: String,
    signed_url: String,
    health_url: String,
    class_url: String,
    timeout: Duration,
    /// Classroom: the pinned fingerprint and what the last handshake saw.
    pin: Option<PinState>,
    /// Classroom: who signs in (user ID, password).
    login: Option<(String, zeroize::Zeroizing<String>)>,
    /// The login was given, not looked up by user (tests, tools).
    fixed_login: bool,
}

/// How long to wait for an answer (the official terminal software waits 180 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);

impl Http {
    /// A client for a server at `base_url` (e.g. `http://127.0.0.1:7070`).
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, GatewayError> {
        let client = http_client(base_url, timeout)?;
        Ok(Self::around(client, base_url, timeout, None))
    }

    fn around(
        client: reqwest::blocking::Client,
        base_url: &str,
        timeout: Duration,
        pin: Option<PinState>,
    ) -> Self {
        let base = base_url.trim_end_matches('/');
        Self {
            client,
            url: format!("{base}/v1/messages"),
            signed_url: format!("{base}/v1/signed-messages"),
            health_url: format!("{base}/v1/health"),
            class_url: format!("{base}/v1/class"),
            timeout,
            pin,
            login: None,
            fixed_login: false,
        }
    }

    /// A client for a server at `base_url`: an `https://` one is a classroom server, trusted
    /// by the fingerprint `pins` keep for it ([`tofu`]); any other as [`Http::new`].
    ///
    /// # Errors
    /// The HTTP client cannot be made.
    pub fn with_pins(
        base_url: &str,
        timeout: Duration,
        pins: &tofu::Pins,
    ) -> Result<Self, GatewayError> {
        if !base_url.trim().to_ascii_lowercase().starts_with("https://") {
            return Self::new(base_url, timeout);
        }
        let (client, pin) = pinned_client(base_url, timeout, pins)?;
        Ok(Self::around(client, base_url, timeout, Some(pin)))
    }

    /// Signs in as `user_id` with `password` whatever the requests' user (not looked up in the
    /// credential store): for tools and tests.
    #[must_use]
    pub fn signed_in_as(mut self, user_id: &str, password: zeroize::Zeroizing<String>) -> Self {
        self.login = Some((user_id.to_owned(), password));
        self.fixed_login = true;
        self
    }

    /// The instructor's view of a classroom server (`GET /v1/class`), signed in as `user_id`.
    ///
    /// # Errors
    /// As any request; a trainee gets [`GatewayError::Forbidden`] (HTTP 403, KB-S0093).
    pub fn class(&mut self, user_id: &str) -> Result<classroom::ClassView, GatewayError> {
        self.sign_in_for(user_id);
        let url = self.class_url.clone();
        let request = self.authorised(self.client.get(&url));
        self.exchange(&url, request).map(|(_, view)| view)
    }

    /// Looks up the saved password of `user_id` when the requests' user changed.
    fn sign_in_for(&mut self, user_id: &str) {
        if self.pin.is_none() || self.fixed_login {
            return;
        }
        if self.login.as_ref().is_some_and(|(u, _)| u == user_id) {
            return;
        }
        let saved = crate::secrets::load(crate::secrets::SERVICE, user_id)
            .ok()
            .flatten()
            .map(|c| c.password)
            .unwrap_or_default();
        self.login = Some((user_id.to_owned(), saved));
    }

    fn authorised(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::RequestBuilder {
        match &self.login {
            Some((user, password)) if self.pin.is_some() => {
                request.basic_auth(user, Some(password.as_str()))
            }
            _ => request,
        }
    }

    /// Why a request failed: the classroom server's certificate when the handshake refused
    /// it, otherwise what the network said.
    fn failure(&self, url: &str, error: &reqwest::Error) -> GatewayError {
        match &self.pin {
            Some(pin) => pin_failure(pin, url, self.timeout, error),
            None => failed(url, self.timeout, error),
        }
    }
}

/// A classroom connection's trust: the pinned fingerprint and what the last handshake saw.
type PinState = (Option<String>, tofu::Seen);

/// An HTTPS client for the classroom server of `url`, trusting only the fingerprint `pins`
/// keep for it ([`tofu`]).
fn pinned_client(
    url: &str,
    timeout: Duration,
    pins: &tofu::Pins,
) -> Result<(reqwest::blocking::Client, PinState), GatewayError> {
    let expected = pins.get(url);
    let seen = tofu::Seen::default();
    let unreachable = |detail: String| GatewayError::Unreachable {
        url: url.to_owned(),
        detail,
    };
    let tls = tofu::client_config(expected.clone(), seen.clone())
        .map_err(|e| unreachable(e.to_string()))?;
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("KhaiBao/", env!("CARGO_PKG_VERSION")))
        .tls_backend_preconfigured(tls)
        .build()
        .map_err(|e| unreachable(e.to_string()))?;
    Ok((client, (expected, seen)))
}

/// Why a request to a classroom server failed: its certificate when the handshake refused it,
/// otherwise what the network said.
fn pin_failure(
    pin: &PinState,
    url: &str,
    timeout: Duration,
    error: &reqwest::Error,
) -> GatewayError {
    let (expected, seen) = pin;
    let presented = seen
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    match (expected, presented) {
        (None, Some(fingerprint)) => GatewayError::UnknownCertificate {
            url: tofu::origin(url),
            fingerprint,
        },
        (Some(pinned), Some(presented)) if *pinned != presented => {
            GatewayError::CertificateChanged {
                url: tofu::origin(url),
                pinned: pinned.clone(),
                presented,
            }
        }
        _ => failed(url, timeout, error),
    }
}

/// The address and presented fingerprint of a classroom server whose certificate is not pinned
/// and was seen in a handshake (the request failed on it).
pub(crate) fn untrusted(pin: Option<&PinState>, url: &str) -> Option<(String, String)> {
    let (expected, seen) = pin?;
    if expected.is_some() {
        return None;
    }
    let presented = seen
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()?;
    Some((tofu::origin(url), presented))
}

/// A classroom server's answer other than 200 to a request of its own (`/v1/class…`): its
/// bilingual `error` body as a refusal.
fn refused_by_class(url: &str, status: u16, answer: &serde_json::Value) -> GatewayError {
    if answer.get("error").is_none() {
        return GatewayError::BadAnswer {
            url: url.to_owned(),
            status,
            detail: answer.to_string().chars().take(200).collect(),
        };
    }
    let (code, message_vi, message_en) =
        error_of(&answer.to_string(), crate::wire::codes::MALFORMED);
    GatewayError::Refused {
        url: tofu::origin(url),
        status,
        code,
        message_vi,
        message_en,
    }
}

/// The code and messages of a classroom server's error body
/// `{"error": {"code", "message_vi", "message_en"}}`; `fallback` where the body has none.
fn error_of(body: &str, fallback: crate::wire::codes::Code) -> (String, String, String) {
    let error = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").cloned())
        .unwrap_or_default();
    let text = |key: &str, default: &str| {
        error
            .get(key)
            .and_then(serde_json::Value::as_str)
            .filter(|t| !t.is_empty())
            .unwrap_or(default)
            .to_owned()
    };
    (
        text("code", fallback.0),
        text("message_vi", fallback.1),
        text("message_en", fallback.2),
    )
}

/// A classroom server's 401/429 with its bilingual body, for `user_id`.
fn sign_in_refused(url: &str, user_id: &str, body: &str) -> GatewayError {
    let (code, message_vi, message_en) = error_of(body, crate::wire::codes::UNAUTHORIZED);
    GatewayError::SignInRefused {
        url: tofu::origin(url),
        user_id: user_id.to_owned(),
        code,
        message_vi,
        message_en,
    }
}

/// A classroom server's 403 with its bilingual body, for `user_id`.
fn forbidden(url: &str, user_id: &str, body: &str) -> GatewayError {
    let (code, message_vi, message_en) = error_of(body, crate::wire::codes::CLASS_INSTRUCTOR_ONLY);
    GatewayError::Forbidden {
        url: tofu::origin(url),
        user_id: user_id.to_owned(),
        refusal: Box::new(crate::wire::ResultCode {
            code,
            message_vi,
            message_en,
        }),
    }
}

impl Http {
    /// A request that cannot be written: nothing is sent.
    fn unwritable(&self, error: &serde_json::Error) -> GatewayError {
        GatewayError::Unwritable {
            url: self.url.clone(),
            detail: error.to_string(),
        }
    }
}

impl Gateway for Http {
    fn send(&mut self, request: &Request) -> Result<Response, GatewayError> {
        self.sign_in_for(&request.user_id);
        let body = serde_json::to_vec(request).map_err(|e| self.unwritable(&e))?;
        self.post(&self.url, &body)
    }

    fn send_signed(&mut self, message: &SignedMessage) -> Result<Response, GatewayError> {
        if let Ok(request) = serde_json::from_str::<Request>(&message.payload) {
            self.sign_in_for(&request.user_id);
        }
        let body = serde_json::to_vec(message).map_err(|e| self.unwritable(&e))?;
        self.post(&self.signed_url, &body)
    }

    fn sign_in(&mut self, user_id: &str) {
        self.sign_in_for(user_id);
    }

    fn is_simulator(&self) -> bool {
        true
    }

    fn describe(&self) -> crate::domain::text::Bilingual {
        // An address reads the same in both languages.
        crate::domain::text::Bilingual::verbatim(self.url.as_str())
    }

    fn report_attempts(
        &mut self,
        user_id: &str,
        attempts: &[crate::classroom::scores::ReportedAttempt],
    ) -> Result<Option<usize>, GatewayError> {
        if self.pin.is_none() {
            return Ok(None);
        }
        self.sign_in_for(user_id);
        let url = format!("{}/attempts", self.class_url);
        let body = serde_json::to_vec(&serde_json::json!({ "attempts": attempts }))
            .map_err(|e| self.unwritable(&e))?;
        let request = self.authorised(
            self.client
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body),
        );
        let (status, answer) = self.exchange::<serde_json::Value>(&url, request)?;
        if status == 200
            && let Some(new) = answer.get("recorded").and_then(serde_json::Value::as_u64)
        {
            return Ok(Some(usize::try_from(new).unwrap_or(usize::MAX)));
        }
        Err(refused_by_class(&url, status, &answer))
    }

    fn class_view(&mut self, user_id: &str) -> Result<Option<classroom::ClassView>, GatewayError> {
        if self.pin.is_none() {
            return Ok(None);
        }
        self.class(user_id).map(Some)
    }

    fn untrusted(&self) -> Option<(String, String)> {
        untrusted(self.pin.as_ref(), &self.url)
    }

    fn health(&mut self) -> Result<DateTime<Utc>, GatewayError> {
        /// `GET /v1/health`'s answer.
        #[derive(serde::Deserialize)]
        struct Health {
            status: String,
            simulated_time: DateTime<Utc>,
        }
        let url = &self.health_url;
        let (status, health) =
            self.exchange::<Health>(url, self.authorised(self.client.get(url)))?;
        if status != 200 || health.status != "ok" {
            return Err(GatewayError::BadAnswer {
                url: url.clone(),
                status,
                detail: format!("status \"{}\"", health.status),
            });
        }
        Ok(health.simulated_time)
    }
}

impl Http {
    fn post(&self, url: &str, body: &[u8]) -> Result<Response, GatewayError> {
        let request = self.authorised(
            self.client
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_vec()),
        );
        self.exchange(url, request).map(|(_, response)| response)
    }

    /// Sends `request` to `url` and reads its JSON answer, with the HTTP status.
    fn exchange<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        request: reqwest::blocking::RequestBuilder,
    ) -> Result<(u16, T), GatewayError> {
        let answer = request.send().map_err(|e| self.failure(url, &e))?;
        let status = answer.status().as_u16();
        let bad = |detail: String| GatewayError::BadAnswer {
            url: url.to_owned(),
            status,
            detail,
        };
        let body = answer.text().map_err(|e| bad(e.to_string()))?;
        if status == 401 || status == 429 {
            return Err(self.refused_sign_in(url, &body));
        }
        if status == 403 {
            return Err(forbidden(url, self.login_user(), &body));
        }
        serde_json::from_str(&body)
            .map(|value| (status, value))
            .map_err(|e| {
                bad(format!(
                    "{e}; {}",
                    body.chars().take(200).collect::<String>()
                ))
            })
    }
}

impl Http {
    /// The classroom server's 401/429 with its bilingual body.
    fn refused_sign_in(&self, url: &str, body: &str) -> GatewayError {
        sign_in_refused(url, self.login_user(), body)
    }

    /// Who signs in (empty outside a classroom).
    fn login_user(&self) -> &str {
        self.login
            .as_ref()
            .map(|(u, _)| u.as_str())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gateway_error_has_its_message_apart_in_each_language() {
        let url = "http://127.0.0.1:8080".to_owned();
        let all = [
            GatewayError::Unreachable {
                url: url.clone(),
                detail: "connection refused / os error 111".into(),
            },
            GatewayError::Timeout {
                url: url.clone(),
                seconds: 180,
            },
            GatewayError::Unwritable {
                url: url.clone(),
                detail: "not JSON".into(),
            },
            GatewayError::BadAnswer {
                url: url.clone(),
                status: 502,
                detail: "not JSON".into(),
            },
            GatewayError::NotAVnaccsJob {
                url: url.clone(),
                operation: "PAY".into(),
            },
            GatewayError::NoLayout {
                url: url.clone(),
                job: "AMA".into(),
            },
            GatewayError::NoCredentials {
                url: url.clone(),
                user_id: "TRAIN001".into(),
            },
            GatewayError::UnknownCertificate {
                url: url.clone(),
                fingerprint: "AB:CD".into(),
            },
            GatewayError::CertificateChanged {
                url: url.clone(),
                pinned: "AB:CD".into(),
                presented: "EF:01".into(),
            },
            GatewayError::SignInRefused {
                url: url.clone(),
                user_id: "TRAIN001".into(),
                code: "KB-S0094".into(),
                message_vi: "Sai mật khẩu".into(),
                message_en: "Wrong password".into(),
            },
            GatewayError::Forbidden {
                url: url.clone(),
                user_id: "TRAIN001".into(),
                refusal: Box::new(crate::wire::codes::CLASS_INSTRUCTOR_ONLY.into()),
            },
            GatewayError::BadCredential {
                user_id: "TRAIN001".into(),
                field: "password",
            },
            GatewayError::Refused {
                url: url.clone(),
                status: 403,
                code: "KB-S0093".into(),
                message_vi: "Chỉ giảng viên".into(),
                message_en: "Instructors only".into(),
            },
            GatewayError::CheckRefused {
                url,
                code: "A0003".into(),
                message_vi: "Mã người sử dụng không hợp lệ.".into(),
                message_en: "VNACCS A0003".into(),
            },
        ];
        for err in &all {
            crate::domain::text::assert_apart(err);
        }
        assert_eq!(
            all[0].message().en,
            "Cannot reach http://127.0.0.1:8080: no server answers at that address, or the network is down (technical detail: connection refused / os error 111). Nothing was sent; try again"
        );
        // Queued in the outbox, the cause is told without the advice to try again.
        assert!(!all[0].outage_cause().vi.contains("thử lại"));
        assert!(
            all[0]
                .outage_cause()
                .vi
                .starts_with("Không kết nối được tới")
        );
    }

    #[test]
    fn an_unknown_certificate_sends_the_trainee_to_type_the_fingerprint_not_to_paste_it() {
        let fingerprint = tofu::fingerprint(b"certificate");
        let message = GatewayError::UnknownCertificate {
            url: "https://10.0.0.5:7443".into(),
            fingerprint: fingerprint.clone(),
        }
        .message();
        assert!(
            message
                .en
                .contains("run: khaibao sim trust https://10.0.0.5:7443 and type the fingerprint the instructor reads out"),
            "{}",
            message.en
        );
        assert!(
            message
                .vi
                .contains("chạy: khaibao sim trust https://10.0.0.5:7443 rồi gõ dấu vân tay")
        );
        for text in [&message.vi, &message.en] {
            assert!(!text.contains("--fingerprint"), "{text}");
            assert!(!text.contains(&fingerprint[..8]), "{text}");
        }
    }

    #[test]
    fn a_403_body_becomes_a_bilingual_refusal_with_its_code() {
        let body = r#"{"error":{"code":"KB-S0093","message_vi":"Chỉ giảng viên","message_en":"Only the instructor","detail":""}}"#;
        let err = forbidden("https://10.0.0.5:7443/v1/class", "KBLOP003", body);
        let message = err.message();
        assert!(message.en.starts_with("https://10.0.0.5:7443: KB-S0093 Only the instructor (KBLOP003). Only the class's instructors"), "{}", message.en);
        assert!(
            message
                .vi
                .contains("Chỉ giảng viên của lớp xem được cả lớp")
        );
        // A body that is not the server's: the code it stands for all the same.
        let GatewayError::Forbidden { refusal, .. } =
            forbidden("https://h:1", "KBLOP003", "<html>")
        else {
            panic!("403 is Forbidden");
        };
        assert_eq!(refusal.code, "KB-S0093");
        assert!(!refusal.message_en.is_empty());
    }
}
