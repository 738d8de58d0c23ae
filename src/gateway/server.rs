//! The simulated core over HTTP: `khaibao sim serve --addr 127.0.0.1:7070 --data DIR`.
//!
//! `POST /v1/messages` takes a `wire::Request` as JSON and answers a `wire::Response` (HTTP 200
//! for every answer of the core, refusals included). A body that is not a request gets HTTP 400
//! with `{"error": {"code", "message_vi", "message_en", "detail"}}`; never a panic or a hang.
//! `GET /v1/health` answers `{"status": "ok", "simulated_time": …}`.
//!
//! `POST /vnaccs` takes a real VNACCS message as the terminal sends it (`text/plain;
//! charset=UTF-8`, or a signed job as S/MIME `multipart/signed` with `smime.p7s`) and answers in
//! the same framing with the official result codes (see `wire::vnaccs::exchange`); HTTP 200 for
//! every answer, refusals included.
//!
//! Classroom mode (`--roster`, docs/classroom.md): HTTPS only, every request signed in with
//! HTTP Basic and checked by `gateway::classroom`, `GET /v1/class` for the instructor and
//! `POST /v1/class/attempts` for the trainees' exercise scores.
//!
//! The core is single-writer (one SQLite connection); requests are serialised on it and run on
//! tokio's blocking pool so the network side stays responsive.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json};
use axum::routing::{get, post};
use chrono::Utc;
use serde_json::json;

use super::classroom::{Denied, Guard, Who};
use crate::core_sim::Core;
use crate::wire::{Request, Response, SignedMessage, codes};

/// A source of the real time (the system clock, or a test's clock).
pub type Clock = Arc<dyn Fn() -> chrono::DateTime<Utc> + Send + Sync>;

#[derive(Clone)]
struct Shared {
    core: Arc<Mutex<Core>>,
    clock: Clock,
    /// The classroom's sign-in and checks; `None` for a plain simulator server.
    guard: Option<Arc<Guard>>,
    /// The guard's generation whose instructors the core was last given.
    instructors_at: Arc<std::sync::atomic::AtomicU64>,
}

/// Gives the core the roster's instructors again when the accounts file was read again
/// (`sim roster add --instructor` on a running server); call with the core locked.
fn follow_roster(shared: &Shared, core: &mut Core) {
    use std::sync::atomic::Ordering;
    let Some(guard) = shared.guard.as_deref() else {
        return;
    };
    let now = guard.generation();
    if shared.instructors_at.load(Ordering::SeqCst) == now {
        return;
    }
    match core.set_instructors(&guard.instructors()) {
        Ok(()) => shared.instructors_at.store(now, Ordering::SeqCst),
        Err(err) => eprintln!("{err}"),
    }
}

/// The HTTP routes over a core with a given clock.
pub fn router_with_clock(core: Core, clock: Clock) -> Router {
    routes(core, clock, None)
}

/// The classroom's routes: every request signed in and checked by `guard`
/// (`gateway::classroom`), and `GET /v1/class` for the instructor.
pub fn classroom_router(core: Core, clock: Clock, guard: Arc<Guard>) -> Router {
    routes(core, clock, Some(guard))
}

fn routes(core: Core, clock: Clock, guard: Option<Arc<Guard>>) -> Router {
    let shared = Shared {
        core: Arc::new(Mutex::new(core)),
        instructors_at: Arc::new(std::sync::atomic::AtomicU64::new(
            guard.as_deref().map_or(0, Guard::generation),
        )),
        clock,
        guard,
    };
    Router::new()
        .route("/v1/messages", post(messages))
        .route("/v1/signed-messages", post(signed_messages))
        .route("/v1/health", get(health))
        .route("/v1/class", get(class))
        .route("/v1/class/attempts", post(class_attempts))
        .route("/vnaccs", post(vnaccs))
        .with_state(shared)
}

fn error_body(status: StatusCode, code: codes::Code, detail: &str) -> axum::response::Response {
    let (code, vi, en) = code;
    (
        status,
        Json(json!({ "error": { "code": code, "message_vi": vi, "message_en": en, "detail": detail } })),
    )
        .into_response()
}

fn bad_request(detail: &str) -> axum::response::Response {
    error_body(StatusCode::BAD_REQUEST, codes::MALFORMED, detail)
}

/// Who signs in with the request's `Authorization` header in a classroom (`Ok(None)` outside
/// one); the refusal to answer otherwise (401, 429).
async fn sign_in(
    shared: &Shared,
    headers: &HeaderMap,
) -> Result<Option<Who>, axum::response::Response> {
    let Some(guard) = shared.guard.clone() else {
        return Ok(None);
    };
    let header = zeroize::Zeroizing::new(
        headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    );
    let checked = tokio::task::spawn_blocking(move || guard.authenticate(header.as_deref())).await;
    match checked {
        Ok(Ok(who)) => Ok(Some(who)),
        Ok(Err(denied)) => {
            let (status, code) = denied.status_and_code();
            let mut answer = error_body(
                StatusCode::from_u16(status).unwrap_or(StatusCode::UNAUTHORIZED),
                code,
                "",
            );
            if denied == Denied::Unauthorized {
                answer.headers_mut().insert(
                    axum::http::header::WWW_AUTHENTICATE,
                    axum::http::HeaderValue::from_static(
                        "Basic realm=\"KhaiBao classroom\", charset=\"UTF-8\"",
                    ),
                );
            }
            Err(answer)
        }
        Err(err) => Err(error_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::STORAGE,
            &err.to_string(),
        )),
    }
}

async fn messages(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let who = match sign_in(&shared, &headers).await {
        Ok(who) => who,
        Err(answer) => return answer,
    };
    match serde_json::from_slice::<Request>(&body) {
        Ok(request) => {
            let checked = request.clone();
            run(shared, who, Some(checked), move |core, now| {
                core.handle(&request, now)
            })
            .await
        }
        Err(err) => bad_request(&err.to_string()),
    }
}

/// A signed message: the signature is checked by the core over the payload string as received.
async fn signed_messages(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let who = match sign_in(&shared, &headers).await {
        Ok(who) => who,
        Err(answer) => return answer,
    };
    match serde_json::from_slice::<SignedMessage>(&body) {
        Ok(message) => {
            // The request inside, for the classroom's checks (one the core cannot read either
            // is refused by it).
            let checked = serde_json::from_str::<Request>(&message.payload).ok();
            run(shared, who, checked, move |core, now| {
                core.handle_signed(&message, now)
            })
            .await
        }
        Err(err) => bad_request(&err.to_string()),
    }
}

/// A real VNACCS message, signed (`multipart/signed`) or not.
async fn vnaccs(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let who = match sign_in(&shared, &headers).await {
        Ok(who) => who,
        Err(answer) => return answer,
    };
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain")
        .to_owned();
    let answer = tokio::task::spawn_blocking(move || {
        let mut core = shared
            .core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        follow_roster(&shared, &mut core);
        let classroom = shared.guard.as_deref().zip(who.as_ref());
        answer_vnaccs_as(&mut core, &content_type, &body, (shared.clock)(), classroom)
    })
    .await;
    match answer {
        Ok(bytes) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=UTF-8",
            )],
            bytes,
        )
            .into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

fn request_job(message: &[u8]) -> String {
    crate::wire::vnaccs::Framed::read(message)
        .map(|f| f.job())
        .unwrap_or_default()
}

/// The core's answer to one VNACCS message (`content_type` tells a signed one), at real time
/// `now`; always an answer in VNACCS framing, refusals included.
pub fn answer_vnaccs(
    core: &mut Core,
    content_type: &str,
    body: &[u8],
    now: chrono::DateTime<Utc>,
) -> Vec<u8> {
    answer_vnaccs_as(core, content_type, body, now, None)
}

/// [`answer_vnaccs`] for a signed-in classroom user: the classroom's checks refuse in VNACCS
/// codes — another user's code in the header A0003 (invalid user code), another trainee's
/// declaration K0002 (not registered, as if unknown: nothing of it is told) — and the answer
/// is recorded in the class register.
fn answer_vnaccs_as(
    core: &mut Core,
    content_type: &str,
    body: &[u8],
    now: chrono::DateTime<Utc>,
    classroom: Option<(&Guard, &Who)>,
) -> Vec<u8> {
    use crate::wire::vnaccs::{ResultEntry, exchange, smime};
    let sim_now = core.simulated_now(now);
    let refuse = |message: &[u8], job: &str, code: &str| {
        let refused = exchange::Refused {
            job: job.to_owned(),
            result: ResultEntry::whole(code),
        };
        exchange::refusal_message(message, &refused, sim_now)
    };
    let (message, signature) = if content_type
        .to_ascii_lowercase()
        .starts_with("multipart/signed")
    {
        let read = smime::parse(content_type, body).and_then(|(part, der)| {
            let message = smime::message_of(part).ok_or(smime::SmimeError::Parts)?;
            let payload = String::from_utf8(part.to_vec())
                .map_err(|e| smime::SmimeError::Base64(e.to_string()))?;
            Ok((message.to_vec(), SignedMessage::new(payload, &der)))
        });
        match read {
            Ok((message, signature)) => (message, Some(signature)),
            // A signed body that cannot be read: the signature could not be checked (A0034).
            Err(_) => return refuse(body, "", "A0034"),
        }
    } else {
        (body.to_vec(), None)
    };
    // A classroom: the header's user code must be the signed-in user's, whatever follows.
    if let Some((_, who)) = classroom {
        let user = crate::wire::vnaccs::Framed::read(&message)
            .map(|f| f.text(crate::wire::vnaccs::header::USER_ID))
            .unwrap_or_default();
        if !user.trim().eq_ignore_ascii_case(&who.user_id) {
            return refuse(&message, &request_job(&message), "A0003");
        }
    }
    match exchange::read_request(&message, signature.is_some(), core.signatures_required()) {
        Err(refused) => exchange::refusal_message(&message, &refused, sim_now),
        // TCC, the communication check: a normal end.
        Ok(None) => refuse(&message, "TCC", "00000"),
        Ok(Some(request)) => {
            if let Some((guard, who)) = classroom
                && let Some(code) = guard.check(who, &request)
            {
                let vnaccs_code = if code == codes::WRONG_USER {
                    "A0003"
                } else {
                    "K0002"
                };
                return refuse(&message, &request_job(&message), vnaccs_code);
            }
            let response = match &signature {
                Some(signed) => core.handle_with_signature(&request, signed, now),
                None => core.handle(&request, now),
            };
            if let Some((guard, who)) = classroom {
                record(guard, who, &response);
            }
            exchange::answer_message(&message, &response, sim_now)
                .unwrap_or_else(|_| refuse(&message, &request_job(&message), "A0007"))
        }
    }
}

/// Records an answer in the class register; a register that cannot be written is said on the
/// server's console (the answer is given all the same).
fn record(guard: &Guard, who: &Who, response: &Response) {
    if let Err(err) = guard.record(who, response) {
        eprintln!("{err}");
    }
}

/// The classroom's refusal of `request` with `code`, before the core saw it.
fn refused(request: &Request, code: codes::Code, at: chrono::DateTime<Utc>) -> Response {
    let job = request.operation.job(request.operation.direction());
    Response::bare(request, job, code.into(), at)
}

/// Runs a core call off the async workers (SQLite and signature checks block); in a classroom,
/// `checked` (the request inside, when readable) passes the classroom's checks first and the
/// answer is recorded in the class register.
async fn run(
    shared: Shared,
    who: Option<Who>,
    checked: Option<Request>,
    call: impl FnOnce(&mut Core, chrono::DateTime<Utc>) -> Response + Send + 'static,
) -> axum::response::Response {
    let answer = tokio::task::spawn_blocking(move || {
        let mut core = shared
            .core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        follow_roster(&shared, &mut core);
        let now = (shared.clock)();
        let classroom = shared.guard.as_deref().zip(who.as_ref());
        if let Some((guard, who)) = classroom
            && let Some(request) = &checked
            && let Some(code) = guard.check(who, request)
        {
            return refused(request, code, core.simulated_now(now));
        }
        let response = call(&mut core, now);
        if let Some((guard, who)) = classroom {
            record(guard, who, &response);
        }
        response
    })
    .await;
    match answer {
        Ok(response) => Json(response).into_response(),
        Err(err) => error_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::STORAGE,
            &err.to_string(),
        ),
    }
}

async fn health(State(shared): State<Shared>, headers: HeaderMap) -> axum::response::Response {
    if let Err(answer) = sign_in(&shared, &headers).await {
        return answer;
    }
    let now = {
        let core = shared
            .core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        core.simulated_now((shared.clock)())
    };
    Json(json!({ "status": "ok", "simulated_time": now })).into_response()
}

/// `GET /v1/class`: the instructor's view of the class (`gateway::classroom::ClassView`);
/// 403 for a trainee, 404 outside a classroom.
async fn class(State(shared): State<Shared>, headers: HeaderMap) -> axum::response::Response {
    let who = match sign_in(&shared, &headers).await {
        Ok(who) => who,
        Err(answer) => return answer,
    };
    match (shared.guard.as_deref(), who) {
        (Some(guard), Some(who)) if who.role == crate::classroom::Role::Instructor => {
            Json(guard.class()).into_response()
        }
        (Some(_), _) => error_body(StatusCode::FORBIDDEN, codes::CLASS_INSTRUCTOR_ONLY, ""),
        (None, _) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// What a trainee's window sends to `POST /v1/class/attempts`.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
pub struct AttemptsBody {
    /// Every attempt it keeps at one or more exercises (those the server has are skipped).
    pub attempts: Vec<crate::classroom::scores::ReportedAttempt>,
}

/// `POST /v1/class/attempts`: the signed-in user's exercise attempts for the instructor's view
/// (`classroom::scores`); answers `{"recorded": N}` (N new), 400 for an attempt that cannot be
/// (nothing kept), 404 outside a classroom.
async fn class_attempts(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let who = match sign_in(&shared, &headers).await {
        Ok(who) => who,
        Err(answer) => return answer,
    };
    let (Some(guard), Some(who)) = (shared.guard.clone(), who) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body: AttemptsBody = match serde_json::from_slice(&body) {
        Ok(body) => body,
        Err(err) => return bad_request(&err.to_string()),
    };
    let recorded =
        tokio::task::spawn_blocking(move || guard.record_attempts(&who, &body.attempts)).await;
    match recorded {
        Ok(Ok(new)) => Json(json!({ "recorded": new })).into_response(),
        Ok(Err(super::classroom::AttemptsRefused::Invalid(problem))) => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": {
                "code": codes::MALFORMED.0,
                "message_vi": problem.vi,
                "message_en": problem.en,
                "detail": "",
            } })),
        )
            .into_response(),
        Ok(Err(super::classroom::AttemptsRefused::Storage(err))) => error_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::STORAGE,
            &err.to_string(),
        ),
        Err(err) => error_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::STORAGE,
            &err.to_string(),
        ),
    }
}

/// Binds `addr` and serves until `shutdown` resolves, telling the core the time by `clock`.
/// Returns the bound address through `on_bound` (useful with port 0).
pub async fn serve_with_clock(
    core: Core,
    clock: Clock,
    addr: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_bound(listener.local_addr()?);
    axum::serve(listener, router_with_clock(core, clock))
        .with_graceful_shutdown(shutdown)
        .await
}

/// The classroom server: binds `addr`, serves HTTPS with `tls` (the certificate
/// `gateway::classroom::identity` made), every request signed in and checked by `guard`,
/// until `shutdown` resolves.
pub async fn serve_classroom(
    core: Core,
    clock: Clock,
    guard: Arc<Guard>,
    tls: Arc<rustls::ServerConfig>,
    addr: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let listener = super::classroom::TlsListener::new(listener, tls)?;
    on_bound(axum::serve::Listener::local_addr(&listener)?);
    axum::serve(listener, classroom_router(core, clock, guard))
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
    use crate::codes::CodeLists;
    use crate::wire::vnaccs::header;
    use crate::wire::{Operation, PROTOCOL};

    fn real(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/vnaccs-2014/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// When the live server answered: the date and minute of its receive time, the
    /// milliseconds of its server info (Vietnam time).
    fn answered_at(answer: &[u8]) -> chrono::DateTime<Utc> {
        let framed = crate::wire::vnaccs::Framed::read(answer).unwrap();
        let day = &framed.text(header::SERVER_TIME)[..8];
        let ms: i64 = framed.text(header::SERVER_INFO)[2..].parse().unwrap();
        let midnight = chrono::NaiveDate::parse_from_str(day, "%Y%m%d")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        (midnight + chrono::Duration::milliseconds(ms))
            .and_local_timezone(crate::domain::time::vietnam_offset())
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_simulator_answers_each_real_2014_request_byte_for_byte_as_the_live_server_did() {
        let mut core = Core::in_memory(
            CodeLists::bundled().unwrap(),
            LaneRules::parse(DEFAULT_RULES).unwrap(),
        )
        .unwrap();
        let start: chrono::DateTime<Utc> = "2014-05-05T00:00:00Z".parse().unwrap();
        // The live server required signatures.
        let policy = core.handle(
            &crate::wire::Request {
                protocol: PROTOCOL.into(),
                message_ref: "policy".into(),
                user_id: "KBTRN001".into(),
                operation: Operation::SetSignaturePolicy { required: true },
            },
            start,
        );
        assert!(policy.result.is_success());
        let pairs = [
            ("02-IDC-request.txt", "03-IDC-response.txt"),
            ("06-IDC-request.txt", "07-IDC-response.txt"),
            ("08-IDC-request.txt", "09-IDC-response.txt"),
            ("12-IDC-request.txt", "13-IDC-response.txt"),
            ("16-IDC-request.txt", "17-IDC-response.txt"),
            ("20-IDB-request.txt", "21-IDB-response.txt"),
            ("22-MIC-request.txt", "23-MIC-response.txt"),
            ("26-MIC-request.txt", "27-MIC-response.txt"),
            ("30-IDB-request.txt", "31-IDB-response.txt"),
        ];
        for (request, answer) in pairs {
            let request = real(request);
            let answer = real(answer);
            let ours = answer_vnaccs(
                &mut core,
                "text/plain; charset=UTF-8",
                &request,
                answered_at(&answer),
            );
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&answer)
            );
        }
    }

    #[test]
    fn a_classroom_vnaccs_message_in_another_users_name_is_refused_as_an_invalid_user_code() {
        use crate::classroom::{Role, accounts::Account, password};
        let mut core = Core::in_memory(
            CodeLists::bundled().unwrap(),
            LaneRules::parse(DEFAULT_RULES).unwrap(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut accounts = std::collections::HashMap::new();
        for id in ["D0000001", "KBLOP001"] {
            accounts.insert(
                id.to_owned(),
                Account {
                    name: id.into(),
                    role: Role::Trainee,
                    hash: password::hash("PASSWORD").unwrap(),
                },
            );
        }
        let guard = Guard::new(accounts, dir.path()).unwrap();
        let now: chrono::DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let result_of = |answer: &[u8]| {
            crate::wire::vnaccs::results::read_result_line(&answer[header::BODY_START..])[0]
                .code
                .clone()
        };
        // The 2014 IDC carries user code D0000001.
        let idc = real("02-IDC-request.txt");
        let someone_else = Who {
            user_id: "KBLOP001".into(),
            role: Role::Trainee,
        };
        let answer = answer_vnaccs_as(
            &mut core,
            "text/plain",
            &idc,
            now,
            Some((&guard, &someone_else)),
        );
        assert_eq!(result_of(&answer), "A0003");
        // Its own user: on to the core (which does not know the number).
        let owner = Who {
            user_id: "D0000001".into(),
            role: Role::Trainee,
        };
        let answer = answer_vnaccs_as(&mut core, "text/plain", &idc, now, Some((&guard, &owner)));
        assert_eq!(result_of(&answer), "K0002");
    }

    #[test]
    fn broken_messages_get_the_official_system_codes() {
        let mut core = Core::in_memory(
            CodeLists::bundled().unwrap(),
            LaneRules::parse(DEFAULT_RULES).unwrap(),
        )
        .unwrap();
        let now: chrono::DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let result_of = |answer: &[u8]| {
            crate::wire::vnaccs::results::read_result_line(&answer[header::BODY_START..])[0]
                .code
                .clone()
        };
        let idc = real("02-IDC-request.txt");
        // Cut short: the length field no longer matches.
        assert_eq!(
            result_of(&answer_vnaccs(&mut core, "text/plain", &idc[..405], now)),
            "A0008"
        );
        // An unknown job.
        let mut unknown = idc.clone();
        unknown[3..8].copy_from_slice(b"ZZZ  ");
        assert_eq!(
            result_of(&answer_vnaccs(&mut core, "text/plain", &unknown, now)),
            "A0001"
        );
        // A header that is not a request's ("XX " instead of "SS ").
        let mut control = idc.clone();
        control[0..3].copy_from_slice(b"XX ");
        assert_eq!(
            result_of(&answer_vnaccs(&mut core, "text/plain", &control, now)),
            "A0017"
        );
        // A bad user code.
        let mut user = idc.clone();
        user[29..37].copy_from_slice(b"D0      ");
        assert_eq!(
            result_of(&answer_vnaccs(&mut core, "text/plain", &user, now)),
            "A0003"
        );
        // A signed body that is not multipart.
        let answer = answer_vnaccs(
            &mut core,
            "multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=x",
            &idc,
            now,
        );
        assert_eq!(result_of(&answer), "A0034");
        // TCC: a normal end.
        let mut tcc = idc[..400].to_vec();
        tcc[3..8].copy_from_slice(b"TCC  ");
        tcc.extend_from_slice(b"\r\n");
        tcc[392..398].copy_from_slice(b"000402");
        assert_eq!(
            result_of(&answer_vnaccs(&mut core, "text/plain", &tcc, now)),
            "00000"
        );
        // Without the signature policy, the unsigned IDC of "123456" is read: digits that are
        // no declaration number are "not registered" — IDC's table has no such code, so
        // KhaiBao's own K0002; IDB's is S0006 (as the real answer 01 shows).
        assert_eq!(
            result_of(&answer_vnaccs(&mut core, "text/plain", &idc, now)),
            "K0002"
        );
        let mut idb = idc.clone();
        idb[3..8].copy_from_slice(b"IDB  ");
        idb[219..224].copy_from_slice(b"IDB  ");
        assert_eq!(
            result_of(&answer_vnaccs(&mut core, "text/plain", &idb, now)),
            "S0006"
        );
    }
}
