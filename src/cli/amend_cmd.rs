//! `khaibao amend-tax --draft ID FILE`: an amendment of tax information after clearance (AMA,
//! then AMC) on a cleared declaration of the local store, printing each changed item before and
//! after, the tax difference per line and tax, and the amendment's number (document type 73).
//! Exit 0 when done, 1 when the core refused, 2 when nothing could be sent.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;

use super::sign_cmd::PinSource;
use super::{Format, Lang, say};
use crate::clock::Clock;
use crate::domain::DeclarationNumber;
use crate::domain::tax_changes::TaxChanges;
use crate::wire::{Response, TaxAmendmentView};
use crate::workflow::{Connection, TaxAmendmentOutcome};

/// Options of `khaibao amend-tax`.
#[derive(Debug, ClapArgs)]
pub struct AmendTaxArgs {
    /// The cleared declaration in the local store.
    #[arg(long)]
    pub draft: i64,
    /// What changes: a change set (`{"reason": …, "lines": [{"line": 1, "hs_code": …}]}`, see
    /// `docs/amendments.md`), or the whole corrected declaration file (its tax items that
    /// differ from the stored declaration make the change set).
    pub file: PathBuf,
    /// Reason for the amendment (kept in the history; a change set file may carry its own).
    #[arg(long)]
    pub reason: Option<String>,
    /// Send AMA only, to read the tax difference; register it later with `--amendment`.
    #[arg(long, conflicts_with = "amendment")]
    pub review: bool,
    /// Register (AMC) the pending amendment with this number (73…), sent earlier with
    /// `--review` and the same FILE.
    #[arg(long)]
    pub amendment: Option<DeclarationNumber>,
    /// VNACCS user ID (default: `$KHAIBAO_USER`, else `TRAIN001`).
    #[arg(long)]
    pub user: Option<String>,
    /// A simulator server instead of the embedded core.
    #[arg(long)]
    pub server: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Sign AMA and AMC with the chosen certificate.
    #[arg(long)]
    pub sign: bool,
    /// With --sign: read the PIN from one line of stdin instead of asking.
    #[arg(long, requires = "sign")]
    pub pin_stdin: bool,
}

/// Reads the change set: a change-set file, or a declaration file compared with `stored`.
fn read_changes(
    path: &Path,
    stored: &crate::domain::Declaration,
    reason: Option<&str>,
) -> Result<TaxChanges, crate::domain::text::Bilingual> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        crate::domain::text::Bilingual::new(
            format!("Không đọc được tệp {}: {e}", path.display()),
            format!("Cannot read {}: {e}", path.display()),
        )
    })?;
    // A JSON object with `lines` or `reason` is a change set: its errors are told as such,
    // with where they are (not as a declaration file's).
    let change_set = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.as_object()
                .map(|o| o.contains_key("lines") || o.contains_key("reason"))
        })
        .unwrap_or(false);
    let mut changes = if change_set {
        let reader = &mut serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize::<_, TaxChanges>(reader).map_err(|e| {
            let at = e.path().to_string();
            crate::domain::text::Bilingual::new(
                format!(
                    "Danh sách thay đổi AMA trong {} sai ở \"{at}\": {} (xem docs/amendments.md: mỗi dòng có \"line\" từ 1 và các chỉ tiêu thuế cần đổi)",
                    path.display(),
                    e.inner()
                ),
                format!(
                    "The AMA change set in {} is wrong at \"{at}\": {} (see docs/amendments.md: each line has \"line\" from 1 and the tax items to change)",
                    path.display(),
                    e.inner()
                ),
            )
        })?
    } else {
        let after = crate::appdata::read_declaration(path).map_err(|e| e.message())?;
        TaxChanges::between(stored, &after, "")
    };
    if let Some(reason) = reason {
        reason.trim().clone_into(&mut changes.reason);
    }
    Ok(changes)
}

/// `khaibao amend-tax`.
pub(super) fn amend_tax(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    args: &AmendTaxArgs,
    lang: Lang,
) -> u8 {
    let connection = args
        .server
        .as_deref()
        .map_or(Connection::Embedded, Connection::from_setting);
    let user = super::core_cmd::user_id(args.user.as_ref());
    let mut workflow = match super::open_workflow(out, data_dir, clock, &connection, &user, lang) {
        Ok(workflow) => workflow,
        Err(code) => return code,
    };
    let draft = match workflow.open_draft(args.draft) {
        Ok(draft) => draft,
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            return 2;
        }
    };
    let changes = match read_changes(&args.file, &draft.declaration, args.reason.as_deref()) {
        Ok(changes) => changes,
        Err(message) => {
            say!(out, "{}", lang.pick(&message.vi, &message.en));
            return 2;
        }
    };
    let pin = if args.sign {
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
    let sent = match args.amendment {
        Some(number) => workflow
            .register_tax_amendment(args.draft, number, &changes, pin)
            .map(|registration| TaxAmendmentOutcome {
                data: registration.clone(),
                registration: Some(registration),
            }),
        None => workflow.amend_after_clearance(args.draft, &changes, pin, !args.review),
    };
    let outcome = match sent {
        Ok(outcome) => outcome,
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            return 2;
        }
    };
    match args.format {
        Format::Json => {
            if !super::say_json(out, outcome.last()) {
                return 2;
            }
        }
        Format::Text => print_outcome(out, &outcome, lang),
    }
    u8::from(!outcome.last().result.is_success())
}

fn print_result(out: &mut impl Write, r: &Response, lang: Lang) {
    say!(
        out,
        "{} [{}] {} — {}",
        r.job.map_or("", crate::domain::JobCode::code),
        r.message_ref,
        r.result.code,
        lang.pick(&r.result.message_vi, &r.result.message_en)
    );
    super::core_cmd::print_findings(out, &r.findings, lang);
}

fn print_outcome(out: &mut impl Write, outcome: &TaxAmendmentOutcome, lang: Lang) {
    print_result(out, &outcome.data, lang);
    if let Some(view) = &outcome.data.tax_amendment {
        print_view(out, view, lang);
    }
    if let Some(registration) = outcome
        .registration
        .as_ref()
        .filter(|r| r.message_ref != outcome.data.message_ref)
    {
        print_result(out, registration, lang);
    }
    if let Some(view) = outcome
        .registration
        .as_ref()
        .and_then(|r| r.tax_amendment.as_ref())
    {
        say!(
            out,
            "{}",
            lang.pick(
                &format!(
                    "Đã đăng ký khai bổ sung số {} cho tờ khai {}",
                    view.number, view.declaration_number
                ),
                &format!(
                    "Amendment {} registered for declaration {}",
                    view.number, view.declaration_number
                )
            )
        );
    }
}

fn print_view(out: &mut impl Write, view: &TaxAmendmentView, lang: Lang) {
    say!(
        out,
        "{}: {}   {}: {}",
        lang.pick("Số khai bổ sung", "Amendment number"),
        view.number,
        lang.pick("Số tờ khai", "Declaration number"),
        view.declaration_number
    );
    for change in &view.fields {
        say!(
            out,
            "  {} {}: {}: {} → {}",
            lang.pick("Dòng", "Line"),
            change.line,
            lang.pick(&change.label_vi, &change.label_en),
            if change.before.is_empty() {
                "—"
            } else {
                &change.before
            },
            if change.after.is_empty() {
                "—"
            } else {
                &change.after
            }
        );
    }
    let lines = if lang == Lang::En {
        &view.explanation_en
    } else {
        &view.explanation_vi
    };
    for line in lines {
        say!(out, "{line}");
    }
}
