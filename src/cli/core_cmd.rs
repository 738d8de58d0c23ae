//! `khaibao assess`, `khaibao submit`, `khaibao sim …`: the tax preview and the simulated core
//! from the command line, embedded (data in `<data>/simulator`) or over HTTP (`--server URL`).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::clock::Clock;
use clap::{Args as ClapArgs, Subcommand};

use super::sign_cmd::{CertAction, PinSource};
use super::{Format, Lang, say};
use crate::assess::{Assessment, format_vnd};
use crate::core_sim::Core;
use crate::domain::time::vietnam_display;
use crate::domain::{BusinessCode, Declaration, DeclarationNumber, Direction, JobCode, Step};
use crate::gateway::Gateway;
use crate::rules::Finding;
use crate::wire::{CertificateStatus, OfficerAction, Operation, PROTOCOL, Request, Response};
use crate::workflow::Connection;
use strum::VariantArray;

/// Options of `khaibao submit`.
#[derive(Debug, ClapArgs)]
pub struct SubmitArgs {
    /// The declaration file (for IDA/EDA, with `--number` to correct a provisional declaration
    /// after IDB/EDB, and IDA01/EDA01, the amendment data after IDD/EDD).
    pub file: Option<PathBuf>,
    /// A declaration of the local store instead of a file (see `khaibao import`): it is sent
    /// and the answer recorded in the store, as the window does.
    #[arg(long, conflicts_with_all = ["file", "number"])]
    pub draft: Option<i64>,
    /// The job: IDA, IDA01, IDB, IDC, IDD, IDE, IID (or E… for exports); AMB, AMC, IAD with
    /// `--number` the amendment's (73…; AMA is `khaibao amend-tax`); `cancel`, `pay`,
    /// `accept-documents`, `pass-inspection`, `fail-inspection`, `goods-arrived` (import) /
    /// `goods-presented` (export). Capitals or not.
    #[arg(long, value_enum, ignore_case = true)]
    pub op: SubmitOp,
    /// Declaration number (12 digits) for every job but a first IDA/EDA; with IDA/EDA it sends
    /// the corrected provisional information again (call it up with IDB/EDB first).
    #[arg(long)]
    pub number: Option<DeclarationNumber>,
    /// Reason, for cancel.
    #[arg(
        long,
        default_value = "Theo đề nghị của người khai / at the declarant's request"
    )]
    pub reason: String,
    /// Message reference (default: a new one). Sending a reference again returns the first answer.
    /// Not with `--draft`: the store gives each job of a declaration its own reference and keeps
    /// it while the job waits in the outbox (a resend reuses it).
    #[arg(long = "ref", conflicts_with = "draft")]
    pub message_ref: Option<String>,
    /// VNACCS user ID (default: `$KHAIBAO_USER`, else `TRAIN001`).
    #[arg(long)]
    pub user: Option<String>,
    /// A simulator server instead of the embedded core, e.g. `http://127.0.0.1:7070` (its JSON
    /// protocol) or `vnaccs+http://127.0.0.1:7070` (real VNACCS messages); `live:ecus6` or
    /// `live:vnaccs=URL` for a live system.
    #[arg(long)]
    pub server: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Sign the message with the chosen certificate (`khaibao token use` / `token practice`).
    #[arg(long)]
    pub sign: bool,
    /// With --sign: read the PIN from one line of stdin instead of asking.
    #[arg(long, requires = "sign")]
    pub pin_stdin: bool,
}

/// `khaibao sim …`.
#[derive(Debug, Subcommand)]
pub enum SimAction {
    /// Serve the simulated core over HTTP (data in `<data>/simulator`); with --roster, a
    /// classroom over HTTPS with a password per trainee (docs/classroom.md).
    Serve {
        /// Address to listen on (a classroom: the machine's address on the class network,
        /// e.g. 0.0.0.0:7443).
        #[arg(long, default_value = "127.0.0.1:7070")]
        addr: std::net::SocketAddr,
        /// The class roster (CSV: `user_id,name[,role]`): serve a classroom over HTTPS.
        #[arg(long)]
        roster: Option<std::path::PathBuf>,
        /// With --roster: this user ID is the instructor (added when not in the roster).
        #[arg(long, requires = "roster")]
        instructor: Option<String>,
    },
    /// The classroom's commands: `roster`, `trust`, `login`, `class`.
    #[command(flatten)]
    Classroom(super::class_cmd::ClassAction),
    /// Instructor: the lane (1 green, 2 yellow, 3 red) of the next official registration
    /// (IDC/EDC) of one trainee (`--user`) or of everyone; one-shot.
    ForceLane {
        /// 1, 2 or 3.
        lane: u8,
        /// The trainee's VNACCS user ID (default: everyone).
        #[arg(long)]
        user: Option<String>,
        /// The instructor's user ID sending it (default: `$KHAIBAO_USER`, else `TRAIN001`).
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Instructor: refuse the next official registration (IDC/EDC) of one trainee or of
    /// everyone with an official VNACCS result code (e.g. E1103); one-shot.
    ForceRefusal {
        /// The 5-character code from the official result-code table.
        code: String,
        /// The trainee's VNACCS user ID (default: everyone).
        #[arg(long)]
        user: Option<String>,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Instructor: the forced outcomes still pending.
    Forced {
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Instructor: the random selection's seed, and its red and yellow percentages.
    Seed {
        /// The seed.
        seed: u64,
        /// Percent of unmatched declarations sent red.
        #[arg(long)]
        red: Option<rust_decimal::Decimal>,
        /// Percent sent yellow.
        #[arg(long)]
        yellow: Option<rust_decimal::Decimal>,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Instructor: load a risk-rules profile (a `lane_rules.toml` file), replacing the rules.
    Rules {
        /// The TOML file (see assets/sim/profiles/).
        file: PathBuf,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Instructor: keep the simulator's state under a name.
    Snapshot {
        /// 1–64 letters, digits, - or _.
        name: String,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Instructor: bring a kept state back (declarations, messages, clock, rules).
    Restore {
        /// The snapshot's name.
        name: String,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Instructor: the kept states.
    Snapshots {
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Who the instructors are (VNACCS user IDs); `--clear` lets everyone use the training
    /// controls again (single-user practice, the default).
    Instructors {
        /// The instructors' user IDs.
        #[arg(required_unless_present = "clear")]
        ids: Vec<String>,
        /// No instructors.
        #[arg(long, conflicts_with = "ids")]
        clear: bool,
        /// The user ID sending it (an instructor, once there are some).
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Move the simulated clock forward.
    Advance {
        /// Days.
        #[arg(long, default_value_t = 0)]
        days: i64,
        /// Hours.
        #[arg(long, default_value_t = 0)]
        hours: i64,
        /// Seconds.
        #[arg(long, default_value_t = 0)]
        seconds: i64,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Whether official jobs must be signed (E9990 when not) or may be sent unsigned.
    Signatures {
        /// `required` or `optional`.
        #[arg(value_enum)]
        policy: SignaturePolicy,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Act as the CA: suspend, revoke or reinstate a registered certificate.
    CertStatus {
        /// Certificate serial number (hex).
        #[arg(long)]
        serial: String,
        /// The new status.
        #[arg(long, value_enum)]
        status: StatusChoice,
        /// VNACCS user ID.
        #[arg(long)]
        user: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
    /// Forget every simulated declaration (the lane rules and registered certificates stay).
    Reset {
        /// Confirm.
        #[arg(long)]
        yes: bool,
        /// The instructor's user ID sending it.
        #[arg(long = "as")]
        sender: Option<String>,
        /// A simulator server instead of the embedded core.
        #[arg(long)]
        server: Option<String>,
    },
}

/// The simulator's signature policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignaturePolicy {
    /// Official jobs must be signed.
    Required,
    /// Unsigned official jobs are accepted with a warning (practice).
    Optional,
}

/// Certificate statuses a trainer can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusChoice {
    /// In use.
    Active,
    /// Suspended.
    Suspended,
    /// Revoked.
    Revoked,
}

pub(super) fn read_declaration(
    out: &mut impl Write,
    path: &Path,
    lang: Lang,
) -> Result<Declaration, u8> {
    crate::appdata::read_declaration(path).map_err(|e| {
        say!(out, "{}", lang.error(&e));
        2
    })
}

/// `khaibao assess FILE`.
pub(super) fn assess(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    path: &Path,
    date: Option<NaiveDate>,
    format: Format,
    lang: Lang,
) -> u8 {
    let codes = match super::code_lists(data_dir, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let declaration = match read_declaration(out, path, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let date = date
        .or(declaration.planned_date)
        .unwrap_or_else(|| clock.today());
    let assessment = crate::assess::assess(&declaration, &codes, date);
    match format {
        Format::Json => {
            if !super::say_json(out, &assessment) {
                return 2;
            }
        }
        Format::Text => print_assessment(out, &assessment, lang),
    }
    u8::from(!assessment.is_complete())
}

fn print_assessment(out: &mut impl Write, a: &Assessment, lang: Lang) {
    let vi = lang != Lang::En;
    say!(
        out,
        "{}",
        lang.pick(
            &format!("Tính thuế theo tỷ giá ngày {}", a.date.format("%d/%m/%Y")),
            &format!("Taxes at the customs rates of {}", a.date)
        )
    );
    for rate in &a.rates_used {
        say!(
            out,
            "  {}: 1 {} = {} VND ({} {})",
            lang.pick("Tỷ giá", "Rate"),
            rate.currency,
            rate.vnd_per_unit.normalize(),
            lang.pick("áp dụng từ", "from"),
            rate.effective_from
        );
    }
    for line in &a.lines {
        say!(
            out,
            "{} {} — {}",
            lang.pick("Dòng", "Line"),
            line.index + 1,
            line.hs_code
        );
        for part in &line.value_parts {
            let label = lang.pick(&part.label_vi, &part.label_en);
            say!(
                out,
                "    {label}: {} {} × {} = {}",
                part.amount.round_dp(4).normalize(),
                part.currency,
                part.rate.normalize(),
                format_vnd(part.vnd, vi)
            );
        }
        match line.taxable_value_vnd {
            Some(v) => say!(
                out,
                "    {}: {} VND",
                lang.pick("Trị giá tính thuế", "Taxable value"),
                format_vnd(v, vi)
            ),
            None => say!(
                out,
                "    {}",
                lang.pick(
                    "Không tính được trị giá tính thuế",
                    "Taxable value not computable"
                )
            ),
        }
        for tax in &line.taxes {
            say!(
                out,
                "    {}",
                lang.pick(&tax.explanation_vi, &tax.explanation_en)
            );
        }
    }
    print_totals(out, a, "", lang);
    print_findings(out, &a.problems, lang);
}

fn print_totals(out: &mut impl Write, a: &Assessment, indent: &str, lang: Lang) {
    let vi = lang != Lang::En;
    for total in &a.totals {
        let name = lang.pick(total.kind.name_vi(), total.kind.name_en());
        say!(
            out,
            "{indent}{name}: {} VND",
            format_vnd(total.amount_vnd, vi)
        );
    }
    let label = lang.pick("Tổng số thuế phải nộp", "Total payable");
    say!(
        out,
        "{indent}{label}: {} VND",
        format_vnd(a.total_payable_vnd, vi)
    );
}

pub(super) fn print_findings(out: &mut impl Write, findings: &[Finding], lang: Lang) {
    for f in findings {
        // `$` is the whole message (JSON's root): no field to name.
        let at = if f.path == "$" {
            String::new()
        } else {
            format!(" {}", f.path)
        };
        say!(
            out,
            "  {}{at} — {}",
            f.code,
            lang.pick(&f.message_vi, &f.message_en)
        );
    }
}

fn gateway(
    data_dir: &Path,
    clock: &Clock,
    server: Option<&str>,
    out: &mut impl Write,
    lang: Lang,
) -> Result<Box<dyn Gateway>, u8> {
    let connection = server.map_or(Connection::Embedded, Connection::from_setting);
    let codes = super::code_lists(data_dir, lang)?;
    crate::workflow::connect(data_dir, codes, &connection, clock).map_err(|err| {
        say!(out, "{}", lang.error(&err));
        2
    })
}

/// A new message reference ([`crate::workflow::new_message_ref`]).
fn new_message_ref(clock: &Clock) -> String {
    crate::workflow::new_message_ref(clock, 0)
}

pub(super) fn user_id(explicit: Option<&String>) -> String {
    explicit
        .cloned()
        .or_else(|| std::env::var("KHAIBAO_USER").ok())
        .unwrap_or_else(|| "TRAIN001".to_owned())
}

/// What `khaibao submit --op` sends: a VNACCS business code, or one of the simulator's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitOp {
    /// A VNACCS job (IDA … IEX).
    Job(BusinessCode),
    /// Cancellation on the declarant's request.
    Cancel,
    /// The taxes are paid (simulation).
    Pay,
    /// An officer step (simulation), by its command-line name.
    Officer(OfficerAction, &'static str),
}

/// The steps besides VNACCS jobs, with their help.
const SIMULATOR_OPS: [(SubmitOp, &str); 8] = [
    (SubmitOp::Cancel, "cancel the declaration (--reason)"),
    (SubmitOp::Pay, "simulation: the taxes are paid"),
    (
        SubmitOp::Officer(OfficerAction::AcceptDocuments, "accept-documents"),
        "simulation: the officer accepts the documents (a dossier sent with HYS must have arrived)",
    ),
    (
        SubmitOp::Officer(OfficerAction::RequestDocuments, "request-documents"),
        "simulation: the officer asks for more documents (another HYS)",
    ),
    (
        SubmitOp::Officer(OfficerAction::PassInspection, "pass-inspection"),
        "simulation: physical inspection passed",
    ),
    (
        SubmitOp::Officer(OfficerAction::FailInspection, "fail-inspection"),
        "simulation: physical inspection found a discrepancy",
    ),
    (
        SubmitOp::Officer(OfficerAction::GoodsAtBorder, "goods-arrived"),
        "simulation (import): the goods arrived at the border gate",
    ),
    (
        SubmitOp::Officer(OfficerAction::GoodsAtBorder, "goods-presented"),
        "simulation (export): the goods are in the customs area",
    ),
];

impl clap::ValueEnum for SubmitOp {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<SubmitOp>> = std::sync::LazyLock::new(|| {
            BusinessCode::VARIANTS
                .iter()
                // HYS carries files, not a declaration: `khaibao attach send`.
                .filter(|code| **code != BusinessCode::HYS)
                .map(|&code| SubmitOp::Job(code))
                .chain(SIMULATOR_OPS.iter().map(|(op, _)| *op))
                .collect()
        });
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let value = |name: &'static str, help: String| {
            Some(clap::builder::PossibleValue::new(name).help(help))
        };
        match self {
            Self::Job(code) => value(code.code(), code.name().en),
            Self::Cancel => value("cancel", SIMULATOR_OPS[0].1.to_owned()),
            Self::Pay => value("pay", SIMULATOR_OPS[1].1.to_owned()),
            Self::Officer(_, name) => {
                let help = SIMULATOR_OPS
                    .iter()
                    .find(|(op, _)| op == self)
                    .map_or(String::new(), |(_, help)| (*help).to_owned());
                value(name, help)
            }
        }
    }
}

impl SubmitOp {
    /// The name `--op` takes.
    fn name(self) -> &'static str {
        match self {
            Self::Job(code) => code.code(),
            Self::Cancel => "cancel",
            Self::Pay => "pay",
            Self::Officer(_, name) => name,
        }
    }

    /// The job's step, for a VNACCS job.
    fn step(self) -> Option<Step> {
        match self {
            Self::Job(code) => Some(code.step()),
            _ => None,
        }
    }

    /// Whether the job carries the declaration's data (IDA/EDA, IDA01/EDA01).
    fn carries_declaration(self) -> bool {
        matches!(self.step(), Some(Step::Provisional | Step::AmendmentData))
    }
}

/// Maps `--op` to an operation (the direction is checked against the declaration).
fn operation(args: &SubmitArgs, out: &mut impl Write, lang: Lang) -> Result<Operation, u8> {
    let op = args.op;
    let name = op.name();
    let fail = |out: &mut dyn Write, vi: &str, en: &str| {
        let _ = writeln!(out, "{}", lang.pick(vi, en));
        2
    };
    let declaration = if let SubmitOp::Job(code) = op
        && op.carries_declaration()
    {
        let Some(path) = &args.file else {
            return Err(fail(
                out,
                &format!("{name} cần tệp tờ khai"),
                &format!("{name} needs a declaration file"),
            ));
        };
        let d = read_declaration(out, path, lang)?;
        if d.direction != code.direction() {
            // The file's own direction decides which jobs fit it.
            let (vi, en) = match d.direction {
                Direction::Import => ("nhập khẩu", "import"),
                Direction::Export => ("xuất khẩu", "export"),
            };
            let jobs = format!(
                "{}/{}",
                BusinessCode::of(Step::Provisional, d.direction),
                BusinessCode::of(Step::AmendmentData, d.direction)
            );
            return Err(fail(
                out,
                &format!("Tệp là tờ khai {vi}; dùng nghiệp vụ {jobs}"),
                &format!("The file is an {en} declaration; use {jobs}"),
            ));
        }
        Some(Box::new(d))
    } else {
        None
    };
    if op.step() == Some(Step::Provisional) {
        let declaration = declaration.unwrap_or_default();
        // IDA/EDA with a number: the provisional information sent again, corrected (the IDA
        // layout's item ICN, conditional for this).
        return Ok(match args.number {
            Some(number) => Operation::CorrectProvisional {
                number,
                declaration,
            },
            None => Operation::RegisterProvisional { declaration },
        });
    }
    let Some(number) = args.number else {
        return Err(fail(
            out,
            &format!("{name} cần --number (số tờ khai 12 chữ số)"),
            &format!("{name} needs --number (the 12-digit declaration number)"),
        ));
    };
    match declaration {
        Some(declaration) => Ok(Operation::AmendmentData {
            number,
            declaration,
        }),
        None => numbered_operation(op, number, &args.reason).ok_or_else(|| {
            fail(
                out,
                &format!("{name} cần tệp tờ khai"),
                &format!("{name} needs a declaration file"),
            )
        }),
    }
}

/// The operation of a job on a numbered declaration that carries no declaration data; none for
/// IDA/IDA01 and their export twins, which need the declaration.
fn numbered_operation(op: SubmitOp, number: DeclarationNumber, reason: &str) -> Option<Operation> {
    Some(match op {
        SubmitOp::Job(code) => match code.step() {
            Step::CallUp => Operation::CallUp { number },
            Step::Official => Operation::RegisterOfficial { number },
            Step::CallUpForAmendment => Operation::CallUpForAmendment { number },
            Step::Amendment => Operation::RegisterAmendment { number },
            Step::Reference => Operation::Reference { number },
            Step::TaxAmendmentCallUp => Operation::CallUpTaxAmendment { number },
            Step::TaxAmendment => Operation::RegisterTaxAmendment { number },
            Step::TaxAmendmentReference => Operation::TaxAmendmentReference { number },
            // AMA carries a change set: `khaibao amend-tax`.
            Step::Provisional
            | Step::AmendmentData
            | Step::TaxAmendmentData
            | Step::Attachments => return None,
        },
        SubmitOp::Cancel => Operation::Cancel {
            number,
            reason: reason.to_owned(),
        },
        SubmitOp::Pay => Operation::PayTaxes { number },
        SubmitOp::Officer(action, _) => Operation::Officer { number, action },
    })
}

/// `khaibao submit --draft ID`: a declaration of the local store, sent and recorded there
/// (number, state, lane, messages), as the window does it.
fn submit_draft(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    args: &SubmitArgs,
    id: i64,
    lang: Lang,
) -> u8 {
    let connection = args
        .server
        .as_deref()
        .map_or(Connection::Embedded, Connection::from_setting);
    let mut workflow = match super::open_workflow(
        out,
        data_dir,
        clock,
        &connection,
        &user_id(args.user.as_ref()),
        lang,
    ) {
        Ok(workflow) => workflow,
        Err(code) => return code,
    };
    let draft = match workflow.open_draft(id) {
        Ok(draft) => draft,
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            return 2;
        }
    };
    let op = args.op;
    if op.step() == Some(Step::TaxAmendmentData) {
        say!(
            out,
            "{}",
            lang.pick(
                "AMA mang danh sách thay đổi: dùng khaibao amend-tax --draft ID TỆP",
                "AMA carries a change set: use khaibao amend-tax --draft ID FILE"
            )
        );
        return 2;
    }
    if let SubmitOp::Job(code) = op
        && !code.serves_both_directions()
        && code.direction() != draft.declaration.direction
    {
        let fitting = BusinessCode::of(code.step(), draft.declaration.direction);
        say!(
            out,
            "{}",
            lang.pick(
                &format!("Tờ khai {id} không phải tờ khai cho {code}; dùng {fitting}"),
                &format!("Declaration {id} is not one for {code}; use {fitting}")
            )
        );
        return 2;
    }
    let operation = if op.carries_declaration() {
        None
    } else {
        let Some(number) = draft.declaration.number else {
            say!(
                out,
                "{}",
                lang.pick(
                    "Tờ khai chưa có số: gửi IDA/EDA trước",
                    "The declaration has no number yet: send IDA/EDA first"
                )
            );
            return 2;
        };
        numbered_operation(op, number, &args.reason)
    };
    let pin = if args.sign && operation.as_ref().is_none_or(Operation::requires_signature) {
        match super::sign_cmd::read_pin(PinSource::from_flag(args.pin_stdin), lang) {
            Ok(pin) => Some(pin),
            Err(message) => {
                say!(out, "{message}");
                return 2;
            }
        }
    } else {
        None
    };
    let sent = match (operation, draft.declaration.number) {
        // IDA01/EDA01 asked by name: the amendment data, whatever the store says.
        (None, Some(number)) if op.step() == Some(Step::AmendmentData) => {
            workflow.send_amendment_data(id, number, &draft.declaration, pin)
        }
        // IDA/EDA: a first one, or IDB/EDB then IDA/EDA again with the number (before IDC).
        (None, _) => workflow.send_declaration(id, &draft.declaration, pin),
        (Some(operation), _) => workflow.send(id, operation, pin),
    };
    match sent {
        Ok(response) => print_answer(out, &response, args.format, lang),
        // Not sent, not lost: it waits in the outbox (`khaibao outbox send`).
        Err(e @ crate::workflow::WorkflowError::Queued { .. }) => {
            say!(out, "{}", lang.error(&e));
            1
        }
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            2
        }
    }
}

/// `khaibao submit`.
pub(super) fn submit(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    args: &SubmitArgs,
    lang: Lang,
) -> u8 {
    if let Some(id) = args.draft {
        return submit_draft(out, data_dir, clock, args, id, lang);
    }
    let operation = match operation(args, out, lang) {
        Ok(op) => op,
        Err(code) => return code,
    };
    let request = Request {
        protocol: PROTOCOL.to_owned(),
        message_ref: args
            .message_ref
            .clone()
            .unwrap_or_else(|| new_message_ref(clock)),
        user_id: user_id(args.user.as_ref()),
        operation,
    };
    send_and_print(
        out,
        Target {
            data_dir,
            clock,
            server: args.server.as_deref(),
        },
        &request,
        args.format,
        args.sign.then_some(PinSource::from_flag(args.pin_stdin)),
        lang,
    )
}

/// Where a job goes: the embedded core of a data folder at a clock, or a server.
#[derive(Clone, Copy)]
struct Target<'a> {
    data_dir: &'a Path,
    clock: &'a Clock,
    server: Option<&'a str>,
}

/// A job about no declaration file (certificates, simulator controls), answered in text.
fn send_job(
    out: &mut impl Write,
    target: Target<'_>,
    user: Option<&String>,
    operation: Operation,
    sign: Option<PinSource>,
    lang: Lang,
) -> u8 {
    let request = simple_request(target.clock, user, operation);
    send_and_print(out, target, &request, Format::Text, sign, lang)
}

fn send_and_print(
    out: &mut impl Write,
    target: Target<'_>,
    request: &Request,
    format: Format,
    sign: Option<PinSource>,
    lang: Lang,
) -> u8 {
    let Target {
        data_dir,
        clock,
        server,
    } = target;
    let mut gateway = match gateway(data_dir, clock, server, out, lang) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let sent = match sign {
        None => gateway.send(request),
        Some(pin) => {
            let payload = match gateway.signing_payload(request) {
                Ok(p) => p,
                Err(err) => {
                    say!(out, "{}", lang.error(&err));
                    return 2;
                }
            };
            match super::sign_cmd::sign_payload(
                data_dir,
                clock,
                payload,
                pin,
                gateway.is_simulator(),
                lang,
            ) {
                Ok(message) => gateway.send_signed(&message),
                Err(message) => {
                    say!(out, "{message}");
                    return 2;
                }
            }
        }
    };
    let response = match sent {
        Ok(r) => r,
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            return 2;
        }
    };
    print_answer(out, &response, format, lang)
}

/// Prints an answer in the format asked; the exit code says whether it was carried out.
pub(super) fn print_answer(
    out: &mut impl Write,
    response: &Response,
    format: Format,
    lang: Lang,
) -> u8 {
    match format {
        Format::Json => {
            if !super::say_json(out, response) {
                return 2;
            }
        }
        Format::Text => print_response(out, response, lang),
    }
    u8::from(!response.result.is_success())
}

#[allow(clippy::too_many_lines)] // A flat list of what an answer shows.
fn print_response(out: &mut impl Write, r: &Response, lang: Lang) {
    let vi = lang != Lang::En;
    say!(
        out,
        "{} [{}] {} — {}",
        r.job.map_or("", JobCode::code),
        r.message_ref,
        r.result.code,
        lang.pick(&r.result.message_vi, &r.result.message_en)
    );
    say!(
        out,
        "{}: {}",
        lang.pick("Giờ hệ thống (mô phỏng)", "System time (simulated)"),
        vietnam_display(r.processed_at)
    );
    if let Some(receipt) = &r.attachment {
        say!(
            out,
            "{}: {}   {}: {}   {}: {}",
            lang.pick("Số tiếp nhận hồ sơ", "Dossier receipt number"),
            receipt.number,
            lang.pick("Phân loại (EA)", "Class (EA)"),
            receipt.class,
            lang.pick("Số tệp", "Files"),
            receipt.files
        );
    }
    if let Some(d) = &r.declaration {
        say!(
            out,
            "{}: {}   {}: {}",
            lang.pick("Số tờ khai", "Declaration number"),
            d.number,
            lang.pick("Trạng thái", "Status"),
            lang.pick(d.status.name_vi(), d.status.name_en())
        );
        if let Some(at) = d.expires_at {
            say!(
                out,
                "{}: {}",
                lang.pick(
                    "Hạn lưu giữ thông tin khai báo trước",
                    "Provisional information kept until"
                ),
                vietnam_display(at)
            );
        }
        if let Some(lane) = &d.lane {
            let name = lang
                .pick(lane.lane.colour_name(true), lane.lane.colour_name(false))
                .to_lowercase();
            say!(
                out,
                "{}: {} ({}) — {}: {}",
                lang.pick("Luồng", "Lane"),
                lane.lane,
                name,
                lang.text(&lane.title()),
                lang.pick(&lane.reason_vi, &lane.reason_en)
            );
        }
        print_totals(out, &d.assessment, "  ", lang);
        if !d.dossiers.is_empty() {
            say!(
                out,
                "{}: {}",
                lang.pick("Hồ sơ đính kèm đã nhận (HYS)", "Dossiers received (HYS)"),
                d.dossiers.join(", ")
            );
        }
        if d.documents_requested {
            say!(
                out,
                "{}",
                lang.pick(
                    "Công chức yêu cầu bổ sung hồ sơ: gửi thêm chứng từ bằng HYS",
                    "The officer asks for more documents: send them with HYS"
                )
            );
        }
        let steps = if vi {
            &d.next_steps_vi
        } else {
            &d.next_steps_en
        };
        for step in steps {
            say!(out, "  → {step}");
        }
        for e in &d.events {
            say!(
                out,
                "  {} [{}] {}: {}",
                vietnam_display(e.at),
                e.branch,
                e.kind,
                lang.pick(&e.detail_vi, &e.detail_en)
            );
        }
    }
    for c in &r.certificates {
        let status = match c.status {
            CertificateStatus::Active => lang.pick("đang dùng", "active"),
            CertificateStatus::Suspended => lang.pick("tạm dừng", "suspended"),
            CertificateStatus::Revoked => lang.pick("thu hồi", "revoked"),
        };
        say!(
            out,
            "{} {} — {}: {} — {} → {} — {} {}",
            lang.pick("Chứng thư", "Certificate"),
            c.serial,
            lang.pick("người ký", "signer"),
            c.signer_name,
            vietnam_display(c.not_before),
            vietnam_display(c.not_after),
            status,
            if c.practice {
                lang.pick("[LUYỆN TẬP]", "[PRACTICE]")
            } else {
                String::new()
            }
        );
        say!(out, "  CA: {}", c.issuer);
    }
    print_findings(out, &r.findings, lang);
    if let Some(e) = &r.explanation {
        print_explanation(out, e, lang);
    }
    if let Some(t) = &r.training {
        print_training(out, t, lang);
    }
}

/// The answer's explanation: the lane, each tax, each refusal.
fn print_explanation(out: &mut impl Write, e: &crate::wire::Explanation, lang: Lang) {
    if let Some(lane) = &e.lane {
        say!(
            out,
            "{}: {}",
            lang.pick("Vì sao luồng này", "Why this lane"),
            lang.pick(&lane.text_vi, &lane.text_en)
        );
        say!(
            out,
            "  {}",
            lang.pick(&lane.alternative_vi, &lane.alternative_en)
        );
    }
    if !e.taxes.is_empty() {
        say!(
            out,
            "{}:",
            lang.pick("Cách tính thuế", "How the taxes were computed")
        );
        for t in &e.taxes {
            say!(out, "  {}", lang.pick(&t.text_vi, &t.text_en));
        }
    }
    for r in &e.refusals {
        let field = match (&r.item_id, &r.item_name_vi, &r.field) {
            (Some(item), Some(name), _) => format!(" [{item} {name}]"),
            (Some(item), None, _) => format!(" [{item}]"),
            (None, _, Some(path)) => format!(" [{path}]"),
            _ => String::new(),
        };
        say!(
            out,
            "{} {}{field}: {}",
            lang.pick("Lỗi", "Refusal"),
            r.code,
            lang.pick(&r.hint_vi, &r.hint_en)
        );
        if let Some(official) = &r.official_vi {
            say!(
                out,
                "  {}: {official}",
                lang.pick("Nội dung chính thức", "Official meaning")
            );
        }
        if let Some(remedy) = &r.remedy_vi {
            say!(
                out,
                "  {}: {remedy}",
                lang.pick("Cách xử lý", "Official remedy")
            );
        }
    }
}

/// The training settings an instructor control answered with.
fn print_training(out: &mut impl Write, t: &crate::wire::TrainingSettings, lang: Lang) {
    say!(out, "{}", lang.pick(&t.done_vi, &t.done_en));
    let none = lang.pick("(không có: mọi người)", "(none: everyone)");
    say!(
        out,
        "  {}: {}",
        lang.pick("Giảng viên", "Instructors"),
        if t.instructors.is_empty() {
            none
        } else {
            t.instructors.join(", ")
        }
    );
    say!(
        out,
        "  {}: {} — {} {}%, {} {}%",
        lang.pick("Hạt giống chọn ngẫu nhiên", "Random selection seed"),
        t.seed,
        lang.pick("đỏ", "red"),
        t.red_percent.normalize(),
        lang.pick("vàng", "yellow"),
        t.yellow_percent.normalize()
    );
    say!(
        out,
        "  {}{}: {}",
        lang.pick("Tiêu chí rủi ro", "Risk rules"),
        t.profile
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default(),
        t.rules.join(", ")
    );
    for f in &t.forced {
        let what = match &f.outcome {
            crate::wire::ForcedOutcome::Lane { lane } => {
                lang.pick(lane.name(true), lane.name(false))
            }
            crate::wire::ForcedOutcome::Refusal { code } => code.clone(),
        };
        say!(
            out,
            "  {} #{}: {} → {what}",
            lang.pick("Ấn định", "Forced"),
            f.id,
            f.user
                .clone()
                .unwrap_or_else(|| lang.pick("mọi người", "everyone"))
        );
    }
    for s in &t.snapshots {
        say!(
            out,
            "  {} {} — {} ({} bytes)",
            lang.pick("Trạng thái", "Snapshot"),
            s.name,
            s.taken_at.map(vietnam_display).unwrap_or_default(),
            s.bytes
        );
    }
}

fn simple_request(clock: &Clock, user: Option<&String>, operation: Operation) -> Request {
    Request {
        protocol: PROTOCOL.to_owned(),
        message_ref: new_message_ref(clock),
        user_id: user_id(user),
        operation,
    }
}

/// `khaibao cert …`.
pub(super) fn cert(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    action: CertAction,
    lang: Lang,
) -> u8 {
    // (server, user, operation, how to sign): registration is signed with the certificate.
    let (server, user, operation, sign) = match action {
        CertAction::Register {
            name,
            id_number,
            title,
            tax_code,
            user,
            server,
            pin_stdin,
        } => (
            server,
            user,
            Operation::RegisterCertificate {
                signer_name: name,
                signer_id_number: id_number,
                signer_title: title,
                tax_code,
            },
            Some(PinSource::from_flag(pin_stdin)),
        ),
        CertAction::List { user, server } => (server, user, Operation::ListCertificates, None),
    };
    let target = Target {
        data_dir,
        clock,
        server: server.as_deref(),
    };
    send_job(out, target, user.as_ref(), operation, sign, lang)
}

/// `khaibao sim …`.
pub(super) fn sim(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    action: SimAction,
    lang: Lang,
) -> u8 {
    // Each training control is one job to the core: (server, user, operation).
    let (server, user, operation) = match action {
        SimAction::Serve {
            addr, roster: None, ..
        } => return serve(out, data_dir, clock, addr, lang),
        SimAction::Serve {
            addr,
            roster: Some(roster),
            instructor,
        } => {
            return super::class_cmd::serve(
                out,
                data_dir,
                clock,
                addr,
                &roster,
                instructor.as_deref(),
                lang,
            );
        }
        SimAction::Classroom(action) => return super::class_cmd::sim(out, data_dir, action, lang),
        SimAction::Advance {
            days,
            hours,
            seconds,
            sender,
            server,
        } => (
            server,
            sender,
            Operation::AdvanceClock {
                seconds: days * 86_400 + hours * 3_600 + seconds,
            },
        ),
        SimAction::Signatures {
            policy,
            sender,
            server,
        } => (
            server,
            sender,
            Operation::SetSignaturePolicy {
                required: policy == SignaturePolicy::Required,
            },
        ),
        SimAction::CertStatus {
            serial,
            status,
            user,
            server,
        } => {
            let status = match status {
                StatusChoice::Active => CertificateStatus::Active,
                StatusChoice::Suspended => CertificateStatus::Suspended,
                StatusChoice::Revoked => CertificateStatus::Revoked,
            };
            (
                server,
                user,
                Operation::SetCertificateStatus { serial, status },
            )
        }
        SimAction::Reset {
            yes,
            sender,
            server,
        } => {
            if !yes {
                say!(
                    out,
                    "{}",
                    lang.pick(
                        "Thêm --yes để xác nhận xóa toàn bộ dữ liệu mô phỏng",
                        "Add --yes to confirm erasing all simulated data"
                    )
                );
                return 2;
            }
            (server, sender, Operation::Reset)
        }
        other => match instructor_job(out, other, lang) {
            Ok(job) => job,
            Err(code) => return code,
        },
    };
    let target = Target {
        data_dir,
        clock,
        server: server.as_deref(),
    };
    send_job(out, target, user.as_ref(), operation, None, lang)
}

/// `load_rules` with a profile file's text, named after the file.
fn read_profile(out: &mut impl Write, file: &Path, lang: Lang) -> Result<Operation, u8> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        say!(
            out,
            "{}",
            lang.pick(
                &format!("Không đọc được tệp {}: {e}", file.display()),
                &format!("Cannot read {}: {e}", file.display())
            )
        );
        2
    })?;
    let name = file.file_stem().map(|s| s.to_string_lossy().into_owned());
    Ok(Operation::LoadRules { text, name })
}

/// The instructor's controls: (server, sender, operation).
fn instructor_job(
    out: &mut impl Write,
    action: SimAction,
    lang: Lang,
) -> Result<(Option<String>, Option<String>, Operation), u8> {
    use crate::wire::ForcedOutcome;
    Ok(match action {
        SimAction::ForceLane {
            lane: number,
            user,
            sender,
            server,
        } => {
            let Ok(chosen) = crate::domain::Lane::try_from(number) else {
                say!(
                    out,
                    "{}",
                    lang.pick(
                        "Luồng phải là 1 (xanh), 2 (vàng) hoặc 3 (đỏ)",
                        "The lane is 1 (green), 2 (yellow) or 3 (red)"
                    )
                );
                return Err(2);
            };
            (
                server,
                sender,
                Operation::ForceOutcome {
                    user,
                    outcome: ForcedOutcome::Lane { lane: chosen },
                },
            )
        }
        SimAction::ForceRefusal {
            code,
            user,
            sender,
            server,
        } => (
            server,
            sender,
            Operation::ForceOutcome {
                user,
                outcome: ForcedOutcome::Refusal { code },
            },
        ),
        SimAction::Forced { sender, server } => (server, sender, Operation::ListForcedOutcomes),
        SimAction::Seed {
            seed,
            red,
            yellow,
            sender,
            server,
        } => (
            server,
            sender,
            Operation::SetRandomSelection {
                seed: Some(seed),
                red_percent: red,
                yellow_percent: yellow,
            },
        ),
        SimAction::Rules {
            file,
            sender,
            server,
        } => (server, sender, read_profile(out, &file, lang)?),
        SimAction::Snapshot {
            name,
            sender,
            server,
        } => (server, sender, Operation::Snapshot { name }),
        SimAction::Restore {
            name,
            sender,
            server,
        } => (server, sender, Operation::Restore { name }),
        SimAction::Snapshots { sender, server } => (server, sender, Operation::ListSnapshots),
        SimAction::Instructors {
            ids,
            clear,
            sender,
            server,
        } => (
            server,
            sender,
            Operation::SetInstructors {
                user_ids: if clear { Vec::new() } else { ids },
            },
        ),
        SimAction::Serve { .. }
        | SimAction::Classroom(_)
        | SimAction::Advance { .. }
        | SimAction::Signatures { .. }
        | SimAction::CertStatus { .. }
        | SimAction::Reset { .. } => return Err(2),
    })
}

fn serve(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    addr: std::net::SocketAddr,
    lang: Lang,
) -> u8 {
    let dir = Core::default_dir(data_dir);
    let (core, runtime) = match server_core(out, data_dir, &dir, None, lang) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    if !addr.ip().is_loopback() {
        // Without a roster nobody signs in: the user ID in each request is taken as said.
        eprintln!(
            "{}",
            lang.pick(
                &format!("CẢNH BÁO: {addr} mở cho cả mạng nhưng không có danh sách lớp (--roster): ai kết nối được cũng có thể khai dưới mã người sử dụng bất kỳ, kể cả của giảng viên. Để dạy một lớp, hãy dùng --roster (docs/classroom.md)"),
                &format!("WARNING: {addr} is open to the network without a class roster (--roster): anyone who can connect may act under any user ID, the instructor's included. To teach a class, use --roster (docs/classroom.md)")
            )
        );
    }
    let shown = dir.display().to_string();
    let core_clock = clock.clone();
    let result = runtime.block_on(crate::gateway::server::serve_with_clock(
        core,
        std::sync::Arc::new(move || core_clock.machine_now()),
        addr,
        |bound| {
            eprintln!("{}", lang.pick(
                &format!("Hệ thống mô phỏng VNACCS đang chạy tại http://{bound} (dữ liệu: {shown}); Ctrl+C để dừng"),
                &format!("Simulated VNACCS core listening on http://{bound} (data: {shown}); Ctrl+C to stop"),
            ));
        },
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    ));
    served(out, addr, result, lang)
}

/// What a server runs on: the core of `dir` (with `instructors` set when given) and a tokio
/// runtime; `Err` with the exit code once the reason is said.
pub(super) fn server_core(
    out: &mut impl Write,
    data_dir: &Path,
    dir: &Path,
    instructors: Option<&[String]>,
    lang: Lang,
) -> Result<(Core, tokio::runtime::Runtime), u8> {
    let codes = super::code_lists(data_dir, lang)?;
    let opened = Core::open(dir, codes).and_then(|mut core| {
        if let Some(ids) = instructors {
            core.set_instructors(ids)?;
        }
        Ok(core)
    });
    let core = opened.map_err(|err| {
        say!(out, "{}", lang.error(&err));
        2
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| {
            say!(out, "{err}");
            2
        })?;
    Ok((core, runtime))
}

/// The end of a server: 0 when stopped, 2 (said) when its port could not be opened.
pub(super) fn served(
    out: &mut impl Write,
    addr: std::net::SocketAddr,
    result: std::io::Result<()>,
    lang: Lang,
) -> u8 {
    match result {
        Ok(()) => 0,
        Err(err) => {
            say!(
                out,
                "{}",
                lang.pick(
                    &format!("Không mở được cổng {addr}: {err}"),
                    &format!("Cannot listen on {addr}: {err}")
                )
            );
            2
        }
    }
}
