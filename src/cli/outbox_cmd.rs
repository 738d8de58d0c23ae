//! `khaibao outbox …` (the jobs waiting for the connection: list, resend, remove) and
//! `khaibao manual …` (the manual procedure of Decree 87/2012 art. 15: print for processing by
//! hand, enter a declaration cleared by hand afterwards). See `docs/outbox.md`.
//!
//! Exit codes: 0 done; 1 not done for a reason outside the command line (the connection is
//! still down, a job that may have reached customs cannot be removed); 2 a wrong command line,
//! an unknown id, a store that cannot be opened.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{Format, Lang, say};
use crate::clock::Clock;
use crate::domain::time::vietnam_display;
use crate::domain::{DeclarationNumber, Lane};
use crate::workflow::{Connection, Workflow, WorkflowError};

/// `khaibao outbox …`.
#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// The jobs waiting to be sent: id, declaration, job, queued at, attempts, last error,
    /// the system they were addressed to.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Resend the waiting jobs (or one), their exact bytes with the same message reference,
    /// over this connection (exit 1 while some still wait).
    Send {
        /// One job's id (default: all, oldest first).
        id: Option<i64>,
        /// The connection: a simulator server URL, `vnaccs+URL`, `live:ecus6` (the backup
        /// system)…; default: the embedded simulator.
        #[arg(long)]
        server: Option<String>,
        /// VNACCS user ID (default: `$KHAIBAO_USER`, else `TRAIN001`).
        #[arg(long)]
        user: Option<String>,
    },
    /// Remove a job that never reached customs (one that may have is refused: resend it).
    Remove {
        /// The job's id.
        id: i64,
    },
}

/// `khaibao manual …`.
#[derive(Debug, Subcommand)]
pub enum ManualAction {
    /// Print a stored declaration on the paper form for the manual procedure and record it in
    /// its history.
    Print {
        /// The declaration's id in the store.
        #[arg(long)]
        draft: i64,
        /// The PDF to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Enter a declaration cleared by hand: its number, lane and clearance date as customs
    /// gave them. Nothing is sent; a job of it waiting in the outbox is withdrawn.
    Record {
        /// The declaration's id in the store.
        #[arg(long)]
        draft: i64,
        /// The declaration number customs gave (12 digits).
        #[arg(long)]
        number: DeclarationNumber,
        /// The lane: 1 green, 2 yellow, 3 red.
        #[arg(long, value_parser = parse_lane)]
        lane: Option<Lane>,
        /// The clearance date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        cleared_on: chrono::NaiveDate,
    },
}

fn parse_lane(text: &str) -> Result<Lane, String> {
    text.parse::<u8>()
        .map_err(|e| e.to_string())
        .and_then(|n| Lane::try_from(n).map_err(|e| e.to_string()))
}

/// The session for these commands.
fn session(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    server: Option<&str>,
    user: Option<&String>,
    lang: Lang,
) -> Result<Workflow, u8> {
    let connection = server.map_or(Connection::Embedded, Connection::from_setting);
    super::open_workflow(
        out,
        data_dir,
        clock,
        &connection,
        &super::core_cmd::user_id(user),
        lang,
    )
}

/// `khaibao outbox …`.
pub(super) fn outbox(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    action: OutboxAction,
    lang: Lang,
) -> u8 {
    match action {
        OutboxAction::List { format } => list(out, data_dir, clock, format, lang),
        OutboxAction::Send { id, server, user } => {
            let mut workflow =
                match session(out, data_dir, clock, server.as_deref(), user.as_ref(), lang) {
                    Ok(w) => w,
                    Err(code) => return code,
                };
            send(out, &mut workflow, id, lang)
        }
        OutboxAction::Remove { id } => {
            let mut workflow = match session(out, data_dir, clock, None, None, lang) {
                Ok(w) => w,
                Err(code) => return code,
            };
            match workflow.remove_queued(id) {
                Ok(entry) => {
                    say!(
                        out,
                        "{}",
                        lang.pick(
                            &format!(
                                "Đã xóa việc {} của tờ khai {} (chưa gửi)",
                                entry.job, entry.draft_id
                            ),
                            &format!(
                                "Removed the {} of declaration {} (never sent)",
                                entry.job, entry.draft_id
                            )
                        )
                    );
                    0
                }
                Err(e @ WorkflowError::Store(crate::store::StoreError::MaybeSent { .. })) => {
                    say!(out, "{}", lang.error(&e));
                    1
                }
                Err(e) => {
                    say!(out, "{}", lang.error(&e));
                    2
                }
            }
        }
    }
}

fn list(out: &mut impl Write, data_dir: &Path, clock: &Clock, format: Format, lang: Lang) -> u8 {
    let workflow = match session(out, data_dir, clock, None, None, lang) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let entries = match workflow.outbox() {
        Ok(entries) => entries,
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            return 2;
        }
    };
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id,
                    "draft": e.draft_id,
                    "number": e.number,
                    "title": e.title,
                    "job": e.job.code(),
                    "message_ref": e.message_ref,
                    "signed": e.signed.is_some(),
                    "system": e.system.en,
                    "queued_at": e.queued_at,
                    "attempts": e.attempts,
                    "last_error": e.last_error.as_ref().map(|b| lang.text(b)),
                    "maybe_sent": e.maybe_sent,
                })
            })
            .collect();
        return if super::say_json(out, &rows) { 0 } else { 2 };
    }
    if entries.is_empty() {
        say!(
            out,
            "{}",
            lang.pick(
                "Hộp thư đi trống: không có việc nào chờ gửi",
                "The outbox is empty: nothing waits to be sent"
            )
        );
    }
    for e in &entries {
        say!(
            out,
            "{} {} {} [{}] {} — {}: {} {}: {} {}: {}",
            e.id,
            e.job,
            e.number.as_deref().unwrap_or("-"),
            e.message_ref,
            e.title,
            lang.pick("chờ từ", "queued"),
            vietnam_display(e.queued_at),
            lang.pick("lần thử", "attempts"),
            e.attempts,
            lang.pick("gửi tới", "to"),
            lang.text(&e.system),
        );
        if let Some(error) = &e.last_error {
            say!(out, "  {}", lang.text(error));
        }
    }
    0
}

fn send(out: &mut impl Write, workflow: &mut Workflow, id: Option<i64>, lang: Lang) -> u8 {
    let Some(id) = id else {
        let report = workflow.flush_outbox();
        for delivered in &report.delivered {
            say!(
                out,
                "{} {} ({}):",
                lang.pick("Đã gửi", "Sent"),
                delivered.job,
                delivered.draft_id
            );
            super::core_cmd::print_answer(out, &delivered.response, Format::Text, lang);
        }
        if let Some(failure) = &report.failure {
            say!(out, "{}", lang.text(failure));
        }
        if report.waiting.is_empty() {
            if report.delivered.is_empty() && report.failure.is_none() {
                say!(
                    out,
                    "{}",
                    lang.pick(
                        "Hộp thư đi trống: không có việc nào chờ gửi",
                        "The outbox is empty: no job waits"
                    )
                );
            }
            return 0;
        }
        say!(
            out,
            "{}",
            lang.pick(
                &format!("Còn {} việc chờ gửi", report.waiting.len()),
                &format!("{} jobs still wait", report.waiting.len())
            )
        );
        return 1;
    };
    match workflow.resend(id) {
        Ok(response) => {
            super::core_cmd::print_answer(out, &response, Format::Text, lang);
            0
        }
        Err(e @ WorkflowError::Queued { .. }) => {
            say!(out, "{}", lang.error(&e));
            1
        }
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            2
        }
    }
}

/// `khaibao manual …`.
pub(super) fn manual(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    action: ManualAction,
    lang: Lang,
) -> u8 {
    match action {
        ManualAction::Print { draft, out: file } => {
            let args = super::print_cmd::PrintArgs {
                files: Vec::new(),
                drafts: vec![draft],
                out: file,
                kind: super::print_cmd::PrintKind::Declaration,
                open: false,
            };
            let printed = super::print_cmd::run(out, data_dir, clock, &args, lang);
            if printed != 0 {
                return printed;
            }
            let mut workflow = match session(out, data_dir, clock, None, None, lang) {
                Ok(w) => w,
                Err(code) => return code,
            };
            match workflow.record_manual_print(draft) {
                Ok(()) => {
                    say!(
                        out,
                        "{}",
                        lang.pick(
                            "Đã ghi vào lịch sử tờ khai: in để làm thủ tục thủ công",
                            "Recorded in the declaration's history: printed for the manual procedure"
                        )
                    );
                    0
                }
                Err(e) => {
                    say!(out, "{}", lang.error(&e));
                    2
                }
            }
        }
        ManualAction::Record {
            draft,
            number,
            lane,
            cleared_on,
        } => {
            let mut workflow = match session(out, data_dir, clock, None, None, lang) {
                Ok(w) => w,
                Err(code) => return code,
            };
            match workflow.record_manual_clearance(draft, number, lane, cleared_on) {
                Ok(withdrawn) => {
                    say!(
                        out,
                        "{}",
                        lang.pick(
                            &format!("Tờ khai {draft} ({number}): đã ghi thông quan thủ công; không gửi thông điệp nào"),
                            &format!("Declaration {draft} ({number}): recorded as cleared by hand; no message sent")
                        )
                    );
                    for job in withdrawn {
                        say!(
                            out,
                            "{}",
                            lang.pick(
                                &format!("Đã rút việc {job} khỏi hộp thư đi (không gửi)"),
                                &format!("Withdrew the {job} from the outbox (never sent)")
                            )
                        );
                    }
                    0
                }
                Err(e @ WorkflowError::Manual(_)) => {
                    say!(out, "{}", lang.error(&e));
                    1
                }
                Err(e) => {
                    say!(out, "{}", lang.error(&e));
                    2
                }
            }
        }
    }
}
