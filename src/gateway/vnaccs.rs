//! A connection that speaks real VNACCS messages over HTTP: one POST per message,
//! `text/plain; charset=UTF-8`, signed jobs as S/MIME `multipart/signed` with `smime.p7s`
//! (`wire::vnaccs`). To a simulator (`khaibao sim serve`: `POST {base}/vnaccs`) or a live
//! endpoint (VNACCS, Customs' backup system) — the live ones are not reachable from this
//! build's tests and their paths are not confirmed.
//!
//! The simulator's training controls (paying, the officer's steps, the clock…) have no VNACCS
//! job: to a simulator they go by its JSON protocol, to a live system they are refused.
//! Every exchange's exact bytes are kept for the message log ([`Gateway::last_exchange`]).

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};

use super::{Exchange, Gateway, GatewayError, Http};
use crate::domain::text::Bilingual;
use crate::wire::vnaccs::{Framed, exchange, smime};
use crate::wire::{Request, Response, SignedMessage};

/// Who the connection signs in as: user code, password and terminal ID (from the OS
/// credential store; the password is only ever written into the message bytes).
#[derive(Clone, Default)]
pub struct Login {
    /// VNACCS user code (8).
    pub user_id: String,
    /// Password (8).
    pub password: zeroize::Zeroizing<String>,
    /// Terminal ID (6).
    pub terminal_id: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .field("terminal_id", &self.terminal_id)
            .finish()
    }
}

/// A VNACCS-format connection.
pub struct VnaccsHttp {
    client: reqwest::blocking::Client,
    url: String,
    /// The simulator's JSON side, for training controls; `None` for a live system.
    simulator: Option<Http>,
    login: Login,
    /// Data-info key → message reference of the requests prepared for signing.
    keys: HashMap<String, String>,
    last: Option<Exchange>,
    timeout: Duration,
    clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    /// A classroom server (`https://`): its pinned fingerprint; requests sign in with HTTP
    /// Basic as the login's user.
    pin: Option<super::PinState>,
}

impl std::fmt::Debug for VnaccsHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VnaccsHttp")
            .field("url", &self.url)
            .field("simulator", &self.simulator.is_some())
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

impl VnaccsHttp {
    /// A connection to a `khaibao sim serve` at `base_url` (messages to `{base}/vnaccs`).
    ///
    /// # Errors
    /// The HTTP client cannot be made.
    pub fn simulator(
        base_url: &str,
        login: Login,
        timeout: Duration,
        clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    ) -> Result<Self, GatewayError> {
        let base = base_url.trim_end_matches('/');
        let mut this = Self::live(&format!("{base}/vnaccs"), login, timeout, clock)?;
        this.simulator = Some(Http::new(base, timeout)?);
        Ok(this)
    }

    /// A connection to a live endpoint at `url` (every message is posted there). `clock` tells
    /// the client's time for the data-info key of the connection check.
    ///
    /// # Errors
    /// The HTTP client cannot be made.
    pub fn live(
        url: &str,
        login: Login,
        timeout: Duration,
        clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    ) -> Result<Self, GatewayError> {
        Ok(Self {
            client: super::http_client(url, timeout)?,
            url: url.to_owned(),
            simulator: None,
            login,
            keys: HashMap::new(),
            last: None,
            timeout,
            clock,
            pin: None,
        })
    }

    /// A connection to a classroom server at `base_url` (`https://…`, `docs/classroom.md`):
    /// trusted by the fingerprint `pins` keep for it, every request signed in with the login's
    /// user ID and password (the VNACCS header carries them too).
    ///
    /// # Errors
    /// The HTTP client cannot be made.
    pub fn classroom(
        base_url: &str,
        login: Login,
        timeout: Duration,
        clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
        pins: &super::tofu::Pins,
    ) -> Result<Self, GatewayError> {
        let base = base_url.trim_end_matches('/');
        let url = format!("{base}/vnaccs");
        let (client, pin) = super::pinned_client(&url, timeout, pins)?;
        Ok(Self {
            client,
            url,
            simulator: Some(Http::with_pins(base, timeout, pins)?),
            login,
            keys: HashMap::new(),
            last: None,
            timeout,
            clock,
            pin: Some(pin),
        })
    }

    /// The login for `request`'s user (signed in again when the user changed); a live system
    /// without a saved password is refused before anything is sent.
    fn sender<'a>(
        &'a mut self,
        request: &'a Request,
    ) -> Result<exchange::Sender<'a>, GatewayError> {
        if self.login.user_id != request.user_id {
            self.sign_in(&request.user_id);
        }
        if (self.simulator.is_none() || self.pin.is_some()) && self.login.password.is_empty() {
            return Err(GatewayError::NoCredentials {
                url: self.url.clone(),
                user_id: request.user_id.clone(),
            });
        }
        Ok(exchange::Sender {
            user_id: &self.login.user_id,
            password: &self.login.password,
            terminal_id: &self.login.terminal_id,
            now_vietnam: (self.clock)()
                .with_timezone(&crate::domain::time::vietnam_offset())
                .naive_local(),
        })
    }

    /// Why a request could not be written: a saved credential that does not fit its header
    /// field is the broker's to correct; anything else a defect, said as it is.
    fn not_written(&self, error: &exchange::ToVnaccsError) -> GatewayError {
        use crate::wire::vnaccs::{EncodeError, FramingError};
        match error {
            exchange::ToVnaccsError::Encode(EncodeError::Framing(FramingError::Header(
                field @ ("password" | "user code" | "terminal id"),
            ))) => GatewayError::BadCredential {
                user_id: self.login.user_id.clone(),
                field,
            },
            other => self.unwritable(&other.to_string()),
        }
    }

    fn unwritable(&self, detail: &str) -> GatewayError {
        GatewayError::Unwritable {
            url: self.url.clone(),
            detail: detail.to_owned(),
        }
    }

    /// POSTs one message and reads the answer to `message_ref`, keeping both byte strings.
    fn post(
        &mut self,
        content_type: &str,
        body: Vec<u8>,
        message: Vec<u8>,
        message_ref: &str,
    ) -> Result<Response, GatewayError> {
        let key = Framed::read(&message)
            .map(|f| f.data_info())
            .map_err(|e| self.unwritable(&e.to_string()))?;
        let mut post = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        if self.pin.is_some() {
            post = post.basic_auth(&self.login.user_id, Some(self.login.password.as_str()));
        }
        let answer = post.send().map_err(|e| match &self.pin {
            Some(pin) => super::pin_failure(pin, &self.url, self.timeout, &e),
            None => super::failed(&self.url, self.timeout, &e),
        })?;
        let status = answer.status().as_u16();
        if status == 401 || status == 429 {
            let body = answer.text().unwrap_or_default();
            return Err(super::sign_in_refused(
                &self.url,
                &self.login.user_id,
                &body,
            ));
        }
        let bytes = answer.bytes().map_err(|e| GatewayError::BadAnswer {
            url: self.url.clone(),
            status,
            detail: e.to_string(),
        })?;
        self.last = Some(Exchange {
            sent: message,
            received: bytes.to_vec(),
        });
        exchange::read_answer(&bytes, message_ref, &key).map_err(|e| GatewayError::BadAnswer {
            url: self.url.clone(),
            status,
            detail: e.to_string(),
        })
    }

    fn not_a_job(&self, request: &Request) -> GatewayError {
        GatewayError::NotAVnaccsJob {
            url: self.url.clone(),
            operation: request
                .operation
                .job(crate::domain::Direction::Import)
                .to_string(),
        }
    }
}

impl Gateway for VnaccsHttp {
    fn send(&mut self, request: &Request) -> Result<Response, GatewayError> {
        // The last exchange is this request's or none (never an earlier, failed one's).
        self.last = None;
        let sender = self.sender(request)?;
        let message = match exchange::request_message(request, &sender) {
            Ok(m) => m,
            Err(exchange::ToVnaccsError::NotAJob) => {
                return match &mut self.simulator {
                    Some(json) => json.send(request),
                    None => Err(self.not_a_job(request)),
                };
            }
            // A job without a layout goes to a simulator by its JSON protocol; a live system
            // cannot be sent it.
            Err(exchange::ToVnaccsError::NoLayout(job)) => {
                return match &mut self.simulator {
                    Some(json) => json.send(request),
                    None => Err(GatewayError::NoLayout {
                        url: self.url.clone(),
                        job,
                    }),
                };
            }
            Err(e) => return Err(self.not_written(&e)),
        };
        self.post(
            "text/plain; charset=UTF-8",
            message.clone(),
            message,
            &request.message_ref,
        )
    }

    fn signing_payload(&mut self, request: &Request) -> Result<String, GatewayError> {
        let sender = self.sender(request)?;
        let message = match exchange::request_message(request, &sender) {
            Ok(m) => m,
            // Training controls signed (cancellation, the certificate's registration) go by
            // the simulator's JSON protocol.
            Err(exchange::ToVnaccsError::NotAJob | exchange::ToVnaccsError::NoLayout(_))
                if self.simulator.is_some() =>
            {
                return SignedMessage::payload_of(request)
                    .map_err(|e| self.unwritable(&e.to_string()));
            }
            Err(exchange::ToVnaccsError::NotAJob) => return Err(self.not_a_job(request)),
            Err(exchange::ToVnaccsError::NoLayout(job)) => {
                return Err(GatewayError::NoLayout {
                    url: self.url.clone(),
                    job,
                });
            }
            Err(e) => return Err(self.not_written(&e)),
        };
        let key = Framed::read(&message)
            .map(|f| f.data_info())
            .map_err(|e| self.unwritable(&e.to_string()))?;
        self.keys.insert(key, request.message_ref.clone());
        String::from_utf8(smime::signed_part(&message)).map_err(|e| self.unwritable(&e.to_string()))
    }

    fn send_signed(&mut self, message: &SignedMessage) -> Result<Response, GatewayError> {
        self.last = None;
        let part = message.payload.as_bytes();
        let Some(inner) = smime::message_of(part).filter(|m| Framed::read(m).is_ok()) else {
            // A JSON payload: a signed training control for the simulator.
            return match &mut self.simulator {
                Some(json) => json.send_signed(message),
                None => Err(self.unwritable("not a VNACCS message")),
            };
        };
        let inner = inner.to_vec();
        let key = Framed::read(&inner)
            .map(|f| f.data_info())
            .unwrap_or_default();
        let message_ref = self
            .keys
            .remove(&key)
            .unwrap_or_else(|| key.trim_end().to_owned());
        let der = base64::engine::general_purpose::STANDARD
            .decode(message.signature.trim())
            .map_err(|e| self.unwritable(&e.to_string()))?;
        let boundary = format!("=_KhaiBao_{}", key.trim_end().replace(' ', "_"));
        let (content_type, body) = smime::build(part, &der, &boundary);
        self.post(&content_type, body, inner, &message_ref)
    }

    fn is_simulator(&self) -> bool {
        self.simulator.is_some()
    }

    fn describe(&self) -> Bilingual {
        Bilingual::new(
            format!("{} (thông điệp VNACCS)", self.url),
            format!("{} (VNACCS messages)", self.url),
        )
    }

    /// TCC, the communication check, then (a simulator) its simulated time.
    fn health(&mut self) -> Result<DateTime<Utc>, GatewayError> {
        let mut tcc = Vec::new();
        tcc.extend_from_slice(b"\r\n");
        let stamp = format!("KB{}{:016X}", (self.clock)().format("%Y%m%d%H%M%S"), 0);
        let header = crate::wire::vnaccs::RequestHeader {
            job: "TCC".to_owned(),
            user_id: self.login.user_id.clone(),
            password: self.login.password.to_string(),
            terminal_id: self.login.terminal_id.clone(),
            data_info: exchange::data_info(
                "TCC",
                &stamp,
                (self.clock)()
                    .with_timezone(&crate::domain::time::vietnam_offset())
                    .naive_local(),
            ),
        };
        let message = crate::wire::vnaccs::header::frame_request(&header, &tcc).map_err(|e| {
            self.not_written(&exchange::ToVnaccsError::Encode(
                crate::wire::vnaccs::EncodeError::Framing(e),
            ))
        })?;
        let answer = self.post(
            "text/plain; charset=UTF-8",
            message.clone(),
            message,
            &stamp,
        )?;
        if !answer.result.is_success() {
            return Err(GatewayError::CheckRefused {
                url: self.url.clone(),
                code: answer.result.code,
                message_vi: answer.result.message_vi,
                message_en: answer.result.message_en,
            });
        }
        match &mut self.simulator {
            Some(json) => json.health(),
            None => Ok(answer.processed_at),
        }
    }

    fn report_attempts(
        &mut self,
        user_id: &str,
        attempts: &[crate::classroom::scores::ReportedAttempt],
    ) -> Result<Option<usize>, GatewayError> {
        match &mut self.simulator {
            Some(json) if self.pin.is_some() => json.report_attempts(user_id, attempts),
            _ => Ok(None),
        }
    }

    fn class_view(
        &mut self,
        user_id: &str,
    ) -> Result<Option<super::classroom::ClassView>, GatewayError> {
        match &mut self.simulator {
            Some(json) if self.pin.is_some() => json.class_view(user_id),
            _ => Ok(None),
        }
    }

    fn untrusted(&self) -> Option<(String, String)> {
        super::untrusted(self.pin.as_ref(), &self.url)
            .or_else(|| self.simulator.as_ref().and_then(super::Gateway::untrusted))
    }

    fn sign_in(&mut self, user_id: &str) {
        let stored = crate::secrets::load(crate::secrets::SERVICE, user_id)
            .ok()
            .flatten();
        self.login = stored.map_or_else(
            || Login {
                user_id: user_id.to_owned(),
                ..Login::default()
            },
            |c| Login {
                user_id: user_id.to_owned(),
                password: c.password,
                terminal_id: c.terminal_id,
            },
        );
    }

    fn last_exchange(&mut self) -> Option<Exchange> {
        self.last.take()
    }
}
