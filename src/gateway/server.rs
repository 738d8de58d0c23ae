//! The simulated core over HTTP: `khaibao sim serve --addr 127.0.0.1:7070 --data DIR`.
//!
//! `POST /v1/messages` takes a `wire::Request` as JSON and answers a `wire::Response` (HTTP 200
//! for every answer of the core, refusals included). A body that is not a request gets HTTP 400
//! with `{"error": {"code", "message_vi", "message_en", "detail"}}`; never a panic or a hang.
//! `GET /v1/health` answers `{"status": "ok", "simulated_time": …}`.
//!
//! The core is single-writer (one SQLite connection); requests are serialised on it and run on
//! tokio's blocking pool so the network side stays responsive.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use axum::routing::{get, post};
use chrono::Utc;
use serde_json::json;

use crate::core_sim::Core;
use crate::wire::{Request, SignedMessage, codes};

/// A source of the real time (the system clock, or a test's clock).
pub type Clock = Arc<dyn Fn() -> chrono::DateTime<Utc> + Send + Sync>;

#[derive(Clone)]
struct Shared {
    core: Arc<Mutex<Core>>,
    clock: Clock,
}

/// The HTTP routes over a core with a given clock.
pub fn router_with_clock(core: Core, clock: Clock) -> Router {
    let shared = Shared {
        core: Arc::new(Mutex::new(core)),
        clock,
    };
    Router::new()
        .route("/v1/messages", post(messages))
        .route("/v1/signed-messages", post(signed_messages))
        .route("/v1/health", get(health))
        .with_state(shared)
}

fn bad_request(detail: &str) -> axum::response::Response {
    let (code, vi, en) = codes::MALFORMED;
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": { "code": code, "message_vi": vi, "message_en": en, "detail": detail } })),
    )
        .into_response()
}

async fn messages(State(shared): State<Shared>, body: Bytes) -> axum::response::Response {
    match serde_json::from_slice::<Request>(&body) {
        Ok(request) => run(shared, move |core, now| core.handle(&request, now)).await,
        Err(err) => bad_request(&err.to_string()),
    }
}

/// A signed message: the signature is checked by the core over the payload string as received.
async fn signed_messages(State(shared): State<Shared>, body: Bytes) -> axum::response::Response {
    match serde_json::from_slice::<SignedMessage>(&body) {
        Ok(message) => run(shared, move |core, now| core.handle_signed(&message, now)).await,
        Err(err) => bad_request(&err.to_string()),
    }
}

/// Runs a core call off the async workers (SQLite and signature checks block).
async fn run(
    shared: Shared,
    call: impl FnOnce(&mut Core, chrono::DateTime<Utc>) -> crate::wire::Response + Send + 'static,
) -> axum::response::Response {
    let answer = tokio::task::spawn_blocking(move || {
        let mut core = shared
            .core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        call(&mut core, (shared.clock)())
    })
    .await;
    match answer {
        Ok(response) => Json(response).into_response(),
        Err(err) => {
            let (code, vi, en) = codes::STORAGE;
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "error": { "code": code, "message_vi": vi, "message_en": en, "detail": err.to_string() } })),
            )
                .into_response()
        }
    }
}

async fn health(State(shared): State<Shared>) -> axum::response::Response {
    let now = {
        let core = shared
            .core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        core.simulated_now((shared.clock)())
    };
    Json(json!({ "status": "ok", "simulated_time": now })).into_response()
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
