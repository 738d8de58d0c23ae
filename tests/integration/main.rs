//! The one integration-test binary. Each module drives the program from outside.
//!
//! - `cli`: the `khaibao` binary on the example declarations, in temporary data folders.
//! - `amendments`: amendments after clearance (AMA, AMC) by `khaibao amend-tax` on a real HTTP
//!   simulator.
//! - `architecture`: the core modules import no IO, GUI or clock.
//! - `classroom`: the classroom server over TLS under 30 concurrent trainees (counts, refusals,
//!   no leaks, no password in logs or files; throughput and p99 printed).
//! - `class_window`: a classroom through the real window: trust on first use, scores sent,
//!   the instructor's live view.
//! - `classroom_tryout`: what a new user's tryout of the classroom found, mended: the
//!   instructor reads trainees' declarations, a trainee's plain refusal of the class view,
//!   `sim trust` typed not pasted, `sim login --server`, `sim roster add` on a running server.
//! - `codelists`: the bundled tables on disk match the manifest, and the tariff spans 21 sections.
//! - `print`: `khaibao print` PDFs read back with poppler's `pdftotext` and `pdftoppm`.

// The whole binary is test code: failing fast with a message is what a test helper should do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod amendments;
mod architecture;
#[cfg(feature = "gui")]
mod class_window;
mod classroom;
mod classroom_tryout;
mod cli;
mod codelists;
mod crash;
mod dossier;
mod exercise_replay;
mod exercises;
mod folders;
mod goods;
#[cfg(feature = "gui")]
mod gui;
mod install;
mod instructor;
mod message;
mod outbox;
mod print;
mod signing;
mod story;
#[cfg(feature = "gui")]
mod trainee;
mod util;
