//! `khaibao attach …` (a declaration's electronic dossier: add, list, remove, send with HYS) and
//! `khaibao archive …` (export one declaration or a month for an audit, verify an archive).
//! Exit codes: 0 done, 1 refused by customs or an archive not intact, 2 could not be done.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike as _;
use clap::Subcommand;

use super::core_cmd::{print_answer, user_id};
use super::sign_cmd::{PinSource, read_pin};
use super::{Lang, say};
use crate::clock::Clock;
use crate::domain::dossier::DocumentKind;
use crate::workflow::Connection;
use crate::workflow::dossier::{HysForm, Original};

/// `khaibao attach`.
#[derive(Debug, Subcommand)]
pub enum AttachAction {
    /// Attach files (PDF, PNG, JPEG, TIFF; at most 5 MB each) to a stored declaration.
    Add {
        /// The declaration's id in the store.
        #[arg(long)]
        draft: i64,
        /// What the documents are: `invoice`, `packing_list`, `bill_of_lading`, `air_waybill`,
        /// `certificate_of_origin`, `contract`, `permit`, `insurance`, `other`.
        #[arg(long, default_value = "other")]
        kind: String,
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List a declaration's attachments: sent or not, stored copy intact, original changed.
    List {
        /// The declaration's id in the store.
        #[arg(long)]
        draft: i64,
    },
    /// Remove an attachment not sent yet.
    Remove {
        /// The attachment's id (from `attach list`).
        id: i64,
    },
    /// Send the unsent attachments with HYS; the receipt number is quoted in EA/EB.
    Send {
        /// The declaration's id in the store.
        #[arg(long)]
        draft: i64,
        /// Customs office receiving them (default: the declaration's).
        #[arg(long, default_value = "")]
        office: String,
        /// Processing team (2 characters).
        #[arg(long, default_value = "")]
        team: String,
        /// Contact phone (default: the declarant's).
        #[arg(long, default_value = "")]
        phone: String,
        /// Remarks (at most 996 bytes).
        #[arg(long, default_value = "")]
        remarks: String,
        /// A `khaibao sim serve` address instead of the embedded simulator.
        #[arg(long)]
        server: Option<String>,
        /// VNACCS user ID (default: `KHAIBAO_USER`, else `TRAIN001`).
        #[arg(long)]
        user: Option<String>,
        /// Sign with the chosen certificate (asks the PIN).
        #[arg(long)]
        sign: bool,
        /// Read the PIN from one line of stdin.
        #[arg(long)]
        pin_stdin: bool,
    },
}

/// `khaibao archive`.
#[derive(Debug, Subcommand)]
pub enum ArchiveAction {
    /// Export one declaration (`--draft`) or every declaration registered in a month
    /// (`--month YYYY-MM`, Vietnam dates) to a ZIP file for an audit.
    Export {
        /// The declaration's id in the store.
        #[arg(long, conflicts_with = "month", required_unless_present = "month")]
        draft: Option<i64>,
        /// The month of registration, `YYYY-MM`.
        #[arg(long)]
        month: Option<String>,
        /// The ZIP file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Read an archive back and check every file against its manifest.
    Verify {
        /// The ZIP file.
        file: PathBuf,
    },
}

/// `khaibao attach …`.
pub(super) fn attach(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    action: &AttachAction,
    lang: Lang,
) -> u8 {
    let (connection, user) = match action {
        AttachAction::Send { server, user, .. } => (
            server
                .as_deref()
                .map_or(Connection::Embedded, Connection::from_setting),
            user_id(user.as_ref()),
        ),
        _ => (Connection::Embedded, user_id(None)),
    };
    let mut workflow = match super::open_workflow(out, data_dir, clock, &connection, &user, lang) {
        Ok(workflow) => workflow,
        Err(code) => return code,
    };
    match action {
        AttachAction::Add { draft, kind, files } => {
            let Ok(kind) = kind.parse::<DocumentKind>() else {
                say!(
                    out,
                    "{}",
                    lang.pick(
                        &format!("Loại chứng từ không đúng: {kind}"),
                        &format!("Unknown document kind: {kind}")
                    )
                );
                return 2;
            };
            let mut code = 0;
            for file in files {
                match workflow.attach(*draft, file, kind) {
                    Ok(id) => say!(
                        out,
                        "{id}\t{}\t{}",
                        lang.pick(&kind.name().vi, &kind.name().en),
                        file.display()
                    ),
                    Err(e) => {
                        say!(out, "{}", lang.error(&e));
                        code = 2;
                    }
                }
            }
            code
        }
        AttachAction::List { draft } => list(out, &workflow, *draft, lang),
        AttachAction::Remove { id } => match workflow.remove_attachment(*id) {
            Ok(()) => {
                say!(
                    out,
                    "{}",
                    lang.pick("Đã xóa tệp đính kèm", "Attachment removed")
                );
                0
            }
            Err(e) => {
                say!(out, "{}", lang.error(&e));
                2
            }
        },
        AttachAction::Send {
            draft,
            office,
            team,
            phone,
            remarks,
            sign,
            pin_stdin,
            ..
        } => {
            let pin = if *sign {
                match read_pin(PinSource::from_flag(*pin_stdin), lang) {
                    Ok(pin) => Some(pin),
                    Err(message) => {
                        say!(out, "{message}");
                        return 2;
                    }
                }
            } else {
                None
            };
            let form = HysForm {
                office: office.clone(),
                team: team.clone(),
                phone: phone.clone(),
                remarks: remarks.clone(),
            };
            match workflow.send_dossier(*draft, &form, pin) {
                Ok(response) => print_answer(out, &response, super::Format::Text, lang),
                Err(e) => {
                    say!(out, "{}", lang.error(&e));
                    2
                }
            }
        }
    }
}

fn list(out: &mut impl Write, workflow: &crate::workflow::Workflow, draft: i64, lang: Lang) -> u8 {
    let list = match workflow.attachments(draft) {
        Ok(list) => list,
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            return 2;
        }
    };
    if list.is_empty() {
        say!(
            out,
            "{}",
            lang.pick("Chưa có tệp đính kèm", "No attachments")
        );
    }
    let mut code = 0;
    for status in &list {
        let a = &status.attachment;
        let sent = a
            .receipt
            .as_deref()
            .map_or_else(|| lang.pick("chưa gửi", "not sent"), |r| format!("HYS {r}"));
        let original = match status.original {
            Original::Unknown | Original::Same => String::new(),
            Original::Changed => lang.pick(
                " — tệp gốc đã thay đổi sau khi đính kèm",
                " — the original file changed since it was attached",
            ),
            Original::Missing => lang.pick(" — tệp gốc không còn", " — the original file is gone"),
        };
        say!(
            out,
            "{}\t{}\t{}\t{} B\t{}{original}",
            a.id,
            lang.pick(&a.kind.name().vi, &a.kind.name().en),
            a.name,
            a.size,
            sent
        );
        if let Some(damaged) = &status.damaged {
            say!(out, "  ! {}", lang.pick(&damaged.vi, &damaged.en));
            code = 1;
        }
    }
    code
}

/// `khaibao archive …`.
pub(super) fn archive(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    action: &ArchiveAction,
    lang: Lang,
) -> u8 {
    match action {
        ArchiveAction::Verify { file } => match crate::archive::verify(file) {
            Ok(manifest) => {
                say!(
                    out,
                    "{}: {} {}, {} {}",
                    lang.pick("Nguyên vẹn", "Intact"),
                    manifest.declarations.len(),
                    lang.pick("tờ khai", "declarations"),
                    manifest.files.len(),
                    lang.pick("tệp", "files")
                );
                0
            }
            Err(e) => {
                say!(out, "{}", lang.error(&e));
                if matches!(e, crate::archive::ArchiveError::Mismatch { .. }) {
                    1
                } else {
                    2
                }
            }
        },
        ArchiveAction::Export {
            draft,
            month,
            out: target,
        } => {
            let mut workflow = match super::open_workflow(
                out,
                data_dir,
                clock,
                &Connection::Embedded,
                &user_id(None),
                lang,
            ) {
                Ok(workflow) => workflow,
                Err(code) => return code,
            };
            let ids = match (draft, month) {
                (Some(id), _) => vec![*id],
                (None, Some(month)) => {
                    let parsed =
                        chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d");
                    let Ok(first) = parsed else {
                        say!(
                            out,
                            "{}",
                            lang.pick(
                                &format!("Tháng phải viết YYYY-MM: {month}"),
                                &format!("The month is written YYYY-MM: {month}")
                            )
                        );
                        return 2;
                    };
                    match workflow.registered_in(first.year(), first.month()) {
                        Ok(ids) => ids,
                        Err(e) => {
                            say!(out, "{}", lang.error(&e));
                            return 2;
                        }
                    }
                }
                (None, None) => Vec::new(),
            };
            match workflow.export_archive(&ids, target) {
                Ok(manifest) => print_written(out, &manifest, target, lang),
                Err(e) => {
                    say!(out, "{}", lang.error(&e));
                    2
                }
            }
        }
    }
}

/// Prints what an archive holds and its digest; 1 when a damaged attachment was left out.
fn print_written(
    out: &mut impl Write,
    manifest: &crate::archive::Manifest,
    target: &Path,
    lang: Lang,
) -> u8 {
    for d in &manifest.declarations {
        let until = d
            .keep_until
            .map(crate::domain::entry::format_date)
            .unwrap_or_default();
        // The manifest keeps the state's code; people read its name.
        let state = crate::store::DraftState::from_code(&d.state)
            .map_or_else(|| d.state.clone(), |s| lang.text(&s.name()));
        say!(
            out,
            "{}\t{state}\t{} {}\t{} {}\t{} {until}",
            d.folder,
            d.messages,
            lang.pick("thông điệp", "messages"),
            d.attachments,
            lang.pick("tệp đính kèm", "attachments"),
            lang.pick("lưu giữ đến", "keep until")
        );
    }
    let mut code = 0;
    for d in &manifest.declarations {
        for file in &d.damaged_attachments {
            say!(
                    out,
                    "  ! {}",
                    lang.pick(
                        &format!(
                            "{}: bản lưu của tệp \"{}\" đã hỏng (không khớp mã băm) nên không có trong tệp lưu trữ; danh mục ghi tên và mã băm của nó. Hãy khôi phục kho dữ liệu từ bản sao lưu rồi xuất lại",
                            d.folder, file.path
                        ),
                        &format!(
                            "{}: the stored copy of \"{}\" is damaged (its hash does not match) and is left out of the archive; the manifest names it with its hash. Restore the data store from a backup, then export again",
                            d.folder, file.path
                        )
                    )
                );
            code = 1;
        }
    }
    let digest = std::fs::read(target)
        .map(|bytes| crate::domain::dossier::sha256_hex(&bytes))
        .unwrap_or_default();
    say!(
        out,
        "{} {} (SHA-256 {digest})",
        lang.pick("Đã ghi", "Written"),
        target.display()
    );
    code
}
