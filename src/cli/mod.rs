//! The command line: `khaibao validate`, `khaibao codes …`. Thin: parses arguments, calls the
//! core, prints, and maps outcomes to exit codes. Nothing below imports this module.
//!
//! Exit codes: 0 success (a declaration with warnings only is valid), 1 findings with at least
//! one error / a code not found, 2 input that cannot be read or a wrong command line.

mod about_cmd;
mod amend_cmd;
mod class_cmd;
mod codes_cmd;
mod core_cmd;
mod doctor_cmd;
mod dossier_cmd;
mod exercise_cmd;
mod goods_cmd;
mod message_cmd;
mod outbox_cmd;
mod print_cmd;
mod sign_cmd;
mod store_cmd;
mod validate_cmd;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::text::{Bilingual, Localized};

/// KhaiBao — khai báo hải quan VNACCS/VCIS (declarant client and training simulator).
#[derive(Debug, Parser)]
#[command(
    name = "khaibao",
    about,
    long_about = None,
    disable_version_flag = true
)]
pub struct Args {
    /// Print the program's version and the code tables' versions.
    #[arg(short = 'V', long)]
    pub version: bool,
    /// A declaration file to open in the window (a draft is made from it), as the file
    /// manager's "Open with KhaiBao" does.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Data folder (default: `$KHAIBAO_DATA`, else the platform data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Language of messages: vi (default), en, or both.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Run as if it were this instant (RFC 3339, or YYYY-MM-DD for 09:00 in Vietnam); the clock
    /// then runs on from it. For training and tests; default: `$KHAIBAO_NOW`, else the
    /// machine's clock.
    #[arg(
        long,
        global = true,
        value_name = "INSTANT",
        value_parser = crate::clock::Clock::parse_instant
    )]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// No command: open the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Args {
    /// The data folder these arguments choose (see [`crate::appdata::data_dir`]).
    pub fn data_dir(&self) -> PathBuf {
        crate::appdata::data_dir(self.data.as_deref())
    }

    /// The clock these arguments choose: fixed at `--now`/`KHAIBAO_NOW`, else the machine's.
    pub fn clock(&self) -> crate::clock::Clock {
        crate::clock::Clock::from_stated(self.now)
    }

    /// Whether these arguments ask for the window (no command, a declaration file, or `open`),
    /// with what to open first.
    pub fn window(&self) -> Option<Opening> {
        if self.version {
            return None;
        }
        match &self.command {
            None => Some(
                self.file
                    .clone()
                    .map_or(Opening::Home, Opening::DeclarationFile),
            ),
            Some(Command::Open { id, tab }) => Some(Opening::Stored {
                id: *id,
                tab: tab.clone(),
            }),
            Some(_) => None,
        }
    }
}

/// What the window opens first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    /// The declarations list.
    Home,
    /// A stored declaration (`khaibao open ID --tab T`), on a tab.
    Stored {
        /// The declaration's id in the store.
        id: i64,
        /// The tab's name.
        tab: Option<String>,
    },
    /// A declaration file, taken in as a new draft and opened (`khaibao FILE`, the file
    /// association).
    DeclarationFile(PathBuf),
}

/// Message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
    /// Both, Vietnamese first.
    Both,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick(self, vi: &str, en: &str) -> String {
        match self {
            Self::Vi => vi.to_owned(),
            Self::En => en.to_owned(),
            Self::Both => format!("{vi} / {en}"),
        }
    }

    /// A message in this language; for [`Lang::Both`] both on one line, Vietnamese first
    /// (once when they are the same, e.g. a library's detail).
    pub fn text(self, message: &Bilingual) -> String {
        match self {
            Self::Vi => message.vi.clone(),
            Self::En => message.en.clone(),
            Self::Both => message.joined(),
        }
    }

    /// What a library error says, in this language ([`Localized::message`], never its
    /// `Display` split apart).
    pub fn error(self, err: &impl Localized) -> String {
        self.text(&err.message())
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON for programs.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check declaration files against the code tables and rules.
    Validate {
        /// Declaration JSON files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check as of this date (YYYY-MM-DD) instead of today in Vietnam.
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
    },
    /// Print the JSON Schema of the declaration file format.
    Schema,
    /// Compute the taxes of a declaration file (nothing is sent).
    Assess {
        /// The declaration file.
        file: PathBuf,
        /// Use the customs exchange rates of this date (default: the planned date, else today).
        #[arg(long, value_name = "DATE")]
        date: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Send a job to the simulated core (embedded, or --server URL).
    Submit(core_cmd::SubmitArgs),
    /// Amend the tax information of a cleared declaration of the local store (AMA, then AMC):
    /// prints each changed item before and after and the tax difference.
    AmendTax(amend_cmd::AmendTaxArgs),
    /// The simulated core: serve it over HTTP, advance its clock, reset it.
    Sim {
        #[command(subcommand)]
        action: core_cmd::SimAction,
    },
    /// Put declaration files into the local store as drafts (prints their ids).
    Import {
        /// Declaration JSON files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Open the window on a declaration of the local store (`--tab result`, `goods`…).
    Open {
        /// The declaration's id in the store (from `khaibao import` or the list).
        id: i64,
        /// The tab: general1, general2, goods, taxes, result, timeline.
        #[arg(long)]
        tab: Option<String>,
    },
    /// Back up the local store to a file (consistent copy while in use).
    Backup {
        /// The backup file to write (`.backup.sqlite` is a good ending).
        file: PathBuf,
    },
    /// Replace the local store with a backup file (checked first).
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Test helper for the crash test: autosaves drafts forever, printing "id counter" after
    /// each committed save.
    #[command(hide = true)]
    AutosaveLoop,
    /// Check this installation: data folder, store, code tables, credential store, token,
    /// certificate expiry, connection (one line each; exit 1 when one fails).
    Doctor,
    /// Packaging: write the man pages or shell completions into a folder.
    #[command(hide = true)]
    Generate {
        /// What to write.
        #[arg(value_enum)]
        what: about_cmd::Generated,
        /// The folder to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Look up and search the code tables.
    Codes {
        #[command(subcommand)]
        action: codes_cmd::CodesAction,
    },
    /// Signing tokens: libraries, tokens, certificates, the practice token.
    Token {
        #[command(subcommand)]
        action: sign_cmd::TokenAction,
    },
    /// Digital signature registration with the (simulated) customs.
    Cert {
        #[command(subcommand)]
        action: sign_cmd::CertAction,
    },
    /// Print declarations to PDF: the form, its tax notice or its goods list (one file to
    /// `--out FILE.pdf`; several, one PDF each into `--out DIR`).
    Print(print_cmd::PrintArgs),
    /// The outbox: jobs that did not reach customs (connection down) wait here with their exact
    /// bytes; list, resend, remove.
    Outbox {
        #[command(subcommand)]
        action: outbox_cmd::OutboxAction,
    },
    /// The manual procedure (Decree 87/2012 art. 15): print for processing by hand, enter a
    /// declaration cleared by hand.
    Manual {
        #[command(subcommand)]
        action: outbox_cmd::ManualAction,
    },
    /// Real VNACCS messages: read one field by field, or write a declaration's request bytes.
    Message {
        #[command(subcommand)]
        action: message_cmd::MessageAction,
    },
    /// Goods lines and spreadsheets: import from Excel/CSV (checked, previewed), export to
    /// .xlsx/.csv, the import template.
    Goods {
        #[command(subcommand)]
        action: goods_cmd::GoodsAction,
    },
    /// Split an invoice of more than 50 lines into declarations of at most 50 (FIC link,
    /// freight, insurance, weight and packages shared out, totals reconciled).
    Split(goods_cmd::SplitArgs),
    /// Copy a declaration (file or stored, any state) into a new one, clearing what each
    /// shipment has its own (number, dates, invoice number, transport documents…).
    Copy(goods_cmd::CopyArgs),
    /// A declaration's electronic dossier: attach documents (PDF, images), list them, send them
    /// with HYS (the receipt number goes into EA/EB).
    Attach {
        #[command(subcommand)]
        action: dossier_cmd::AttachAction,
    },
    /// Archives for an audit: export one declaration or a month (messages with their exact
    /// bytes, the dossier's files, the printed form), verify an archive.
    Archive {
        #[command(subcommand)]
        action: dossier_cmd::ArchiveAction,
    },
    /// Exercises for trainees: list them, show one (documents as PDF), score a declaration
    /// against its answer key, the attempts recorded.
    Exercise {
        #[command(subcommand)]
        action: exercise_cmd::ExerciseAction,
    },
    /// Internal: runs one token job read from stdin (see `signing::helper`).
    #[command(hide = true)]
    TokenHelper,
}

/// Parses the program's arguments (the first is the program name). On `--help`, `--version`
/// or a wrong command line, clap's text is printed and the exit code returned.
///
/// Without `--now`, a non-empty `KHAIBAO_NOW` states the instant; a wrong one is refused with
/// a message (exit 2), an empty one is ignored. `before_printing` runs before any of this is
/// printed (on Windows: attach to the terminal).
pub fn parse(
    args: impl IntoIterator<Item = OsString>,
    before_printing: impl Fn(),
) -> Result<Args, ExitCode> {
    let mut args = Args::try_parse_from(args).map_err(|err| {
        before_printing();
        // clap formats help/version/usage errors itself; help and version exit 0.
        let code = if err.use_stderr() { 2 } else { 0 };
        err.print().ok();
        ExitCode::from(code)
    })?;
    if args.file.is_some() && args.command.is_some() {
        before_printing();
        eprintln!(
            "{}",
            args.lang.pick(
                "Không thể vừa mở một tệp tờ khai vừa chạy một lệnh; xem `khaibao --help`",
                "A declaration file to open and a command cannot be given together; see `khaibao --help`"
            )
        );
        return Err(ExitCode::from(2));
    }
    if args.now.is_none()
        && let Some(stated) = std::env::var_os(crate::clock::NOW_ENV)
        && !stated.is_empty()
    {
        let stated = stated.to_string_lossy();
        match crate::clock::Clock::parse_instant(&stated) {
            Ok(at) => args.now = Some(at),
            Err(err) => {
                before_printing();
                eprintln!("{}: {}", crate::clock::NOW_ENV, args.lang.error(&err));
                return Err(ExitCode::from(2));
            }
        }
    }
    Ok(args)
}

/// Runs a command (the window is `main`'s: [`Args::window`] tells when).
#[allow(clippy::too_many_lines)] // One arm per command, each a call.
pub fn run(args: Args) -> ExitCode {
    let data_dir = args.data_dir();
    let clock = args.clock();
    let mut out = std::io::stdout().lock();
    if args.version {
        let code = about_cmd::version(&mut out, &data_dir, args.lang);
        out.flush().ok();
        return ExitCode::from(code);
    }
    let Some(command) = args.command else {
        say!(
            out,
            "{}",
            args.lang.pick(
                "Bản này không có giao diện đồ họa; dùng `khaibao --help`",
                "This build has no window; see `khaibao --help`"
            )
        );
        return ExitCode::from(2);
    };
    // Customs rules use the simulated date of the embedded core from the start (`validate`,
    // `assess` and `import` agree with the window); a server's answers correct it. Not for the
    // token helper (run on every signature) nor commands that use no date.
    if !matches!(
        command,
        Command::TokenHelper
            | Command::AutosaveLoop
            | Command::Schema
            | Command::Codes { .. }
            | Command::Generate { .. }
            | Command::Message {
                action: message_cmd::MessageAction::Decode { .. }
            }
    ) {
        crate::workflow::learn_stored_offset(
            &data_dir,
            &crate::workflow::Connection::Embedded,
            &clock,
        );
    }
    let code = match command {
        Command::Validate {
            files,
            format,
            today,
        } => validate_cmd::run(
            &mut out,
            &data_dir,
            &files,
            format,
            today.unwrap_or_else(|| clock.today()),
            args.lang,
        ),
        Command::Schema => match crate::domain::file::json_schema() {
            Ok(schema) => {
                say!(out, "{schema}");
                0
            }
            Err(e) => {
                eprintln!("JSON Schema: {e}");
                2
            }
        },
        Command::Assess { file, date, format } => {
            core_cmd::assess(&mut out, &data_dir, &clock, &file, date, format, args.lang)
        }
        Command::Submit(submit) => {
            core_cmd::submit(&mut out, &data_dir, &clock, &submit, args.lang)
        }
        Command::AmendTax(amend) => {
            amend_cmd::amend_tax(&mut out, &data_dir, &clock, &amend, args.lang)
        }
        Command::Sim { action } => core_cmd::sim(&mut out, &data_dir, &clock, action, args.lang),
        Command::Import { files } => {
            store_cmd::import(&mut out, &data_dir, &clock, &files, args.lang)
        }
        Command::Open { .. } => {
            say!(
                out,
                "{}",
                args.lang.pick(
                    "Bản này không có giao diện đồ họa",
                    "This build has no window"
                )
            );
            2
        }
        Command::Backup { file } => store_cmd::backup(&mut out, &data_dir, &file, args.lang),
        Command::Restore { file } => store_cmd::restore(&mut out, &data_dir, &file, args.lang),
        Command::AutosaveLoop => store_cmd::autosave_loop(&mut out, &data_dir, &clock),
        Command::Codes { action } => codes_cmd::run(&mut out, &data_dir, &clock, action, args.lang),
        Command::Doctor => doctor_cmd::run(&mut out, &data_dir, &clock, args.lang),
        Command::Generate { what, out: dir } => about_cmd::generate(&mut out, what, &dir),
        Command::Token { action } => {
            sign_cmd::token(&mut out, &data_dir, &clock, action, args.lang)
        }
        Command::Cert { action } => core_cmd::cert(&mut out, &data_dir, &clock, action, args.lang),
        Command::Message { action } => message_cmd::run(&mut out, &clock, action, args.lang),
        Command::Goods { action } => {
            goods_cmd::goods(&mut out, &data_dir, &clock, action, args.lang)
        }
        Command::Split(split) => goods_cmd::split(&mut out, &data_dir, &clock, &split, args.lang),
        Command::Copy(copy) => goods_cmd::copy(&mut out, &data_dir, &clock, &copy, args.lang),
        Command::Print(print) => print_cmd::run(&mut out, &data_dir, &clock, &print, args.lang),
        Command::Attach { action } => {
            dossier_cmd::attach(&mut out, &data_dir, &clock, &action, args.lang)
        }
        Command::Archive { action } => {
            dossier_cmd::archive(&mut out, &data_dir, &clock, &action, args.lang)
        }
        Command::Outbox { action } => {
            outbox_cmd::outbox(&mut out, &data_dir, &clock, action, args.lang)
        }
        Command::Manual { action } => {
            outbox_cmd::manual(&mut out, &data_dir, &clock, action, args.lang)
        }
        Command::Exercise { action } => {
            exercise_cmd::run(&mut out, &data_dir, &clock, action, args.lang)
        }
        Command::TokenHelper => {
            let served = crate::signing::helper::serve_one(&mut std::io::stdin().lock(), &mut out);
            u8::from(served.is_err()) * 2
        }
    };
    out.flush().ok();
    ExitCode::from(code)
}

/// Prints a line; a closed pipe (`khaibao … | head`) is not an error worth reporting.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {
        { let _ = writeln!($out, $($arg)*); }
    };
}
pub(crate) use say;

/// Prints `value` as indented JSON; returns `false` (after saying why on stderr) if it cannot be
/// written — the caller then exits 2 rather than print nothing as if all were well.
pub(crate) fn say_json(out: &mut impl Write, value: &impl serde::Serialize) -> bool {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            say!(out, "{text}");
            true
        }
        Err(e) => {
            eprintln!("JSON: {e}");
            false
        }
    }
}

/// The broker's session for commands that record in the local store (`import`,
/// `submit --draft`); the message is printed and the exit code returned on failure.
fn open_workflow(
    out: &mut impl Write,
    data_dir: &std::path::Path,
    clock: &crate::clock::Clock,
    connection: &crate::workflow::Connection,
    user_id: &str,
    lang: Lang,
) -> Result<crate::workflow::Workflow, u8> {
    let codes = code_lists(data_dir, lang)?;
    crate::signing::helper::Helper::this_program()
        .map_err(crate::workflow::WorkflowError::from)
        .and_then(|helper| {
            crate::workflow::Workflow::open(
                data_dir,
                codes,
                connection,
                user_id,
                helper,
                clock.clone(),
            )
        })
        .map_err(|e| {
            say!(out, "{}", lang.error(&e));
            2
        })
}

/// Loads the code tables for the data folder, printing any notice to stderr.
fn code_lists(data_dir: &std::path::Path, lang: Lang) -> Result<crate::codes::CodeLists, u8> {
    match crate::appdata::load_code_lists(data_dir) {
        Ok((lists, notices)) => {
            for notice in notices {
                eprintln!("{}", lang.text(&notice));
            }
            Ok(lists)
        }
        Err(err) => {
            eprintln!("{}", lang.error(&err));
            Err(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_whose_detail_holds_a_slash_is_shown_whole_in_each_language() {
        let err = crate::store::StoreError::Open {
            path: "C:/ a / b/khaibao.sqlite".into(),
            detail: "unable to open database file".into(),
        };
        assert_eq!(
            Lang::En.error(&err),
            "Cannot open the data store C:/ a / b/khaibao.sqlite: unable to open database file"
        );
        assert_eq!(
            Lang::Vi.error(&err),
            "Không mở được kho dữ liệu C:/ a / b/khaibao.sqlite: unable to open database file"
        );
        assert_eq!(
            Lang::Both.error(&err),
            format!("{} / {}", Lang::Vi.error(&err), Lang::En.error(&err))
        );
    }

    fn opening(args: &[&str]) -> Option<Opening> {
        let args = Args::try_parse_from(args).expect("a valid command line");
        args.window()
    }

    #[test]
    fn a_file_name_opens_the_window_on_it_and_a_command_does_not() {
        assert_eq!(opening(&["khaibao"]), Some(Opening::Home));
        assert_eq!(
            opening(&["khaibao", "--data", "D", r"C:\Tờ khai\lô 3.khaibao"]),
            Some(Opening::DeclarationFile(PathBuf::from(
                r"C:\Tờ khai\lô 3.khaibao"
            )))
        );
        assert_eq!(
            opening(&["khaibao", "open", "7", "--tab", "goods"]),
            Some(Opening::Stored {
                id: 7,
                tab: Some("goods".into())
            })
        );
        assert_eq!(opening(&["khaibao", "validate", "a.json"]), None);
        assert_eq!(
            opening(&["khaibao", "--data", "D", "import", "a.json"]),
            None
        );
        assert_eq!(opening(&["khaibao", "doctor"]), None);
        assert_eq!(opening(&["khaibao", "--version"]), None);
        // A file and a command together is a wrong command line, not a guess.
        let both = ["khaibao", "a.khaibao", "doctor"].map(OsString::from);
        assert!(parse(both, || {}).is_err());
    }

    #[test]
    fn a_library_detail_is_shown_once_in_both() {
        let err = crate::signing::TokenError::signature("no EC point");
        for lang in [Lang::Vi, Lang::En, Lang::Both] {
            assert_eq!(lang.error(&err), "no EC point");
        }
    }
}
