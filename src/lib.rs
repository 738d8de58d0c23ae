//! KhaiBao: a free declarant client for Vietnam's VNACCS/VCIS customs system.
//!
//! # Code map
//! - [`domain`]: declarations, goods lines, parties, typed identifiers; the JSON file format.
//! - [`codes`]: code tables (bundled + newer set from the data folder), lookup and search.
//! - [`rules`]: validation — `validate(&Declaration, &CodeLists, today) -> Vec<Finding>`.
//! - [`assess`]: taxable values, duties and taxes with explanations; lane rules.
//! - [`wire`]: the request/response protocol between client and core.
//! - [`core_sim`]: the simulated VNACCS core (state machine + its SQLite storage).
//! - [`gateway`]: how the client reaches a core: in-process or HTTP; the HTTP server.
//! - [`store`]: the local SQLite store: drafts, 7-day rule, message log, customers, backup.
//! - [`signature`]: X.509 facts and detached CMS signatures, built and verified (pure; shared
//!   by the client and the simulated core).
//! - [`signing`]: PKCS#11 tokens (in a time-limited helper process), the practice token, the
//!   chosen certificate.
//! - [`secrets`]: VNACCS credentials in the OS credential store (never in files).
//! - [`exercise`]: exercise packs for trainees (scenario, documents, hints, answer key) and
//!   the scoring of a declaration against a key.
//! - [`print`]: the declaration, its tax notice and goods list as A4 PDF in the official
//!   form's layout (pure: data in, PDF bytes out; fonts bundled).
//! - [`workflow`]: the broker's use cases (save, send signed, timeline…) over store, gateway,
//!   code tables and signing; what the window's worker calls.
//! - [`clock`]: the one owner of time in the shell: the machine's clock or a stated one, plus the
//!   simulated core's offset; passed to the workflow, the window and every command.
//! - [`appdata`]: the shell's view of the disk: data folder, code-list override loading.
//! - [`cli`]: the command line (`khaibao validate`, `khaibao codes …`).
//! - `ui` (feature `gui`): the desktop window.
//!
//! # Invariants
//! 1. `domain`, `codes` and `rules` do no IO: no files, network, SQL, egui, clock reads.
//!    Today's date and the code tables are arguments.
//! 2. Validation problems are data (`Vec<Finding>` with stable codes, field paths and
//!    Vietnamese + English messages); `Err` is for IO and unreadable input.
//! 3. Money and quantities are `rust_decimal::Decimal`, never floating point.
//! 4. Nothing imports `cli` or `ui`; arrows point from the faces down to the core.
//! 5. Only [`clock`] reads the wall clock; everything else is given a [`clock::Clock`] or an
//!    instant, so any run can be fixed to a stated date (`--now`, `KHAIBAO_NOW`).
//! 6. Text for people in two languages is data ([`domain::text::Bilingual`]): an error with a
//!    message for people has `message() -> Bilingual` ([`domain::text::Localized`]), each
//!    language built apart; its `Display` joins both for logs and is never split again.

pub mod appdata;
pub mod archive;
pub mod assess;
pub mod classroom;
pub mod cli;
pub mod clock;
pub mod codes;
pub mod console;
pub mod core_sim;
pub mod domain;
pub mod exercise;
pub mod gateway;
pub mod goods_sheet;
pub mod prefs;
pub mod print;
pub mod rules;
pub mod secrets;
pub mod sheets;
pub mod signature;
pub mod signing;
pub mod store;
pub mod table_update;
#[cfg(feature = "gui")]
pub mod ui;
pub mod viewer;
pub mod wire;
pub mod workflow;
