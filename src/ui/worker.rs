//! The window's worker thread: it owns the [`Workflow`] (store, core connection, token helper)
//! and runs one job at a time, reporting back through a channel and asking for a repaint. The
//! UI thread never waits on it: IO, signing and sending never freeze the window.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::i18n::Text;
use crate::domain::text::{Bilingual, Localized};
use crate::domain::{Declaration, DeclarationNumber};
use crate::rules::Finding;
use crate::signing::helper::{Helper, Pin};
use crate::signing::practice::PracticeRequest;
use crate::signing::profile::SigningProfile;
use crate::signing::{TokenCertificate, TokenInfo};
use crate::store::{Customer, DraftId, DraftSummary, StoredDraft, TimelineEntry};
use crate::wire::{Operation, Response};
use crate::workflow::{Connection, Workflow};

/// What the worker is asked to do.
#[derive(Debug)]
pub enum Job {
    /// Refresh the list.
    List {
        /// Search text.
        search: String,
    },
    /// Open a declaration.
    Open(DraftId),
    /// Save a declaration.
    Save {
        /// Its id (`None`: new).
        id: Option<DraftId>,
        /// The data.
        declaration: Box<Declaration>,
    },
    /// Save, then send the declaration's data: IDA/EDA; once numbered and provisional, IDB/EDB
    /// then IDA/EDA with the number; once registered, IDA01/EDA01 (after IDD/EDD).
    Provisional {
        /// Its id (`None`: save first).
        id: Option<DraftId>,
        /// The data.
        declaration: Box<Declaration>,
        /// PIN when signing.
        pin: Option<Pin>,
    },
    /// A job on a numbered declaration.
    Numbered {
        /// Its id.
        id: DraftId,
        /// The operation.
        operation: Operation,
        /// PIN when signing.
        pin: Option<Pin>,
    },
    /// AMA on a cleared declaration.
    TaxAmendment {
        /// Its id.
        id: DraftId,
        /// What changes.
        changes: Box<crate::domain::tax_changes::TaxChanges>,
        /// PIN when signing.
        pin: Option<Pin>,
    },
    /// AMC: register an amendment sent with AMA.
    RegisterTaxAmendment {
        /// Its id.
        id: DraftId,
        /// The amendment's number.
        number: DeclarationNumber,
        /// The change set sent with the AMA.
        changes: Box<crate::domain::tax_changes::TaxChanges>,
        /// PIN when signing.
        pin: Option<Pin>,
    },
    /// Copy into a new draft.
    Copy(DraftId),
    /// A declaration file into the store, then open it.
    ImportFile(PathBuf),
    /// Delete a draft.
    Delete(DraftId),
    /// Refresh the customer list.
    Customers,
    /// Trainee mode: every attempt at these exercises.
    Attempts(Vec<String>),
    /// Trainee mode: score a declaration for an exercise and keep the attempt.
    ScoreExercise {
        /// The exercise.
        exercise: Box<crate::exercise::Exercise>,
        /// The declaration as it is in the form.
        declaration: Box<crate::domain::Declaration>,
        /// What the simulator answered for it, when it was sent.
        outcome: Option<crate::exercise::Outcome>,
    },
    /// Classroom: the instructor's view of the class.
    ClassView,
    /// Classroom: a copy of a trainee's declaration as a local draft (IID).
    CopyFromClass(crate::domain::DeclarationNumber),
    /// Classroom: trust this server's certificate (the trainee compared its fingerprint).
    TrustServer {
        /// The server's address.
        url: String,
        /// The SHA-256 fingerprint it presented.
        fingerprint: String,
    },
    /// One round of the clearance watch-list (IID/IEX for each registered declaration), after
    /// the outbox is resent.
    Watch,
    /// List the outbox.
    Outbox,
    /// Resend one outbox job, or all (`None`).
    Resend(Option<crate::store::OutboxId>),
    /// Remove an outbox job that never reached customs.
    RemoveQueued(crate::store::OutboxId),
    /// Record that a declaration was printed for the manual procedure.
    ManualPrinted(DraftId),
    /// A declaration cleared by hand, entered afterwards (nothing sent); then opened again.
    ManualClearance {
        /// The declaration.
        id: DraftId,
        /// The number customs gave.
        number: DeclarationNumber,
        /// The lane, when known.
        lane: Option<crate::domain::Lane>,
        /// The clearance date.
        cleared_on: chrono::NaiveDate,
    },
    /// A declaration's attachments, with their checks.
    Attachments(DraftId),
    /// Attach files to a declaration.
    Attach {
        /// The declaration.
        id: DraftId,
        /// The files.
        paths: Vec<PathBuf>,
        /// What they are.
        kind: crate::domain::dossier::DocumentKind,
    },
    /// Remove an attachment not sent yet.
    RemoveAttachment {
        /// The declaration.
        id: DraftId,
        /// The attachment.
        attachment: i64,
    },
    /// Send the unsent attachments with HYS.
    SendDossier {
        /// The declaration.
        id: DraftId,
        /// The application's fields.
        form: crate::workflow::dossier::HysForm,
        /// PIN when signing.
        pin: Option<Pin>,
    },
    /// Write the archive of a declaration.
    ExportArchive {
        /// The declaration.
        id: DraftId,
        /// The ZIP file.
        path: PathBuf,
    },
    /// Add or update a customer, then list them again.
    SaveCustomer(Box<Customer>),
    /// Delete a customer, then list them again.
    DeleteCustomer(i64),
    /// A simulator job not about one declaration.
    Simulator(Operation),
    /// Ask the core whether it requires signed official jobs (for the simulator screen).
    LearnPolicy,
    /// Ask the connection whether it answers (TCC for VNACCS messages).
    CheckConnection,
    /// List the tokens and certificates of a module.
    Tokens(PathBuf),
    /// Choose a certificate.
    UseCertificate(PathBuf, Box<TokenCertificate>),
    /// Make a practice token.
    Practice(PracticeRequest, Pin),
    /// Keep VNACCS credentials in the OS store.
    SaveCredentials(Box<crate::secrets::Credentials>),
    /// Render a declaration to PDF, write it to the path, open the system's viewer on it.
    Print {
        /// What to print.
        job: Box<crate::print::PrintJob>,
        /// The PDF file to write.
        path: PathBuf,
    },
    /// Back up the store.
    Backup(PathBuf),
    /// Restore the store.
    Restore(PathBuf),
    /// Read a file as a new edition of a code table and preview it.
    PreviewTable {
        /// The table.
        table: String,
        /// The file.
        file: PathBuf,
    },
    /// Install a new edition of a code table.
    ApplyTable {
        /// The table.
        table: String,
        /// The file.
        file: PathBuf,
        /// Take it although it removes more than a tenth of the rows.
        allow_removals: bool,
        /// The day it applies from (Vietnam).
        effective: chrono::NaiveDate,
    },
    /// Back to the bundled code tables.
    RollbackTables,
    /// Save the window's preferences, then say this.
    SavePrefs(Box<super::prefs::Prefs>, Text),
    /// Read a spreadsheet's goods lines into a preview.
    PreviewGoods {
        /// The spreadsheet.
        file: PathBuf,
        /// Import or export columns.
        direction: crate::domain::Direction,
        /// The customer (whose remembered mapping is used when `mapping` is `None`).
        customer: String,
        /// The mapping.
        mapping: Option<crate::goods_sheet::Mapping>,
        /// The window is in Vietnamese (numbers typed as text read `1.234,5` by default).
        vietnamese: bool,
    },
    /// Remember a customer's spreadsheet mapping.
    RememberGoodsMapping {
        /// The customer's tax code.
        customer: String,
        /// The mapping.
        mapping: crate::goods_sheet::Mapping,
    },
    /// Write a file the window made (atomically), then say so.
    WriteFile {
        /// Where.
        path: PathBuf,
        /// What.
        bytes: Vec<u8>,
    },
    /// Keep a declaration as a named template.
    SaveTemplate {
        /// Its name.
        name: String,
        /// The customer's tax code ('' for all).
        customer: String,
        /// The declaration.
        declaration: Box<crate::domain::Declaration>,
    },
    /// List the templates.
    Templates,
    /// Split an invoice into drafts.
    SplitInvoice {
        /// The whole invoice.
        whole: Box<crate::domain::Declaration>,
        /// The draft the first part goes into.
        first: Option<DraftId>,
    },
    /// A new draft from a template.
    FromTemplate(i64),
    /// Delete a template.
    DeleteTemplate(i64),
    /// Suggestions for a goods line from the customer's accepted declarations.
    Suggest {
        /// The line.
        line: usize,
        /// The customer's tax code.
        customer: String,
        /// Product code or description.
        query: String,
    },
    /// Register the chosen certificate.
    RegisterCertificate {
        /// Signer name.
        name: String,
        /// ID number.
        id_number: String,
        /// PIN.
        pin: Pin,
    },
}

/// What came back.
#[derive(Debug)]
pub enum Outcome {
    /// The workflow is open.
    Ready {
        /// Where requests go.
        connection: crate::domain::text::Bilingual,
        /// The chosen certificate.
        profile: Option<SigningProfile>,
        /// Where the VNACCS credentials are kept, and for how long.
        credential_store: crate::domain::text::Bilingual,
    },
    /// List rows.
    Listed(Vec<DraftSummary>),
    /// An opened declaration with its timeline and last answer.
    Opened(Box<StoredDraft>, Vec<TimelineEntry>, Option<Box<Response>>),
    /// Saved.
    Saved {
        /// Its id.
        id: DraftId,
        /// The findings at save time.
        findings: Vec<Finding>,
    },
    /// A job was answered; the declaration as the store now has it.
    Answered {
        /// The answer.
        response: Box<Response>,
        /// The stored declaration after the answer.
        draft: Option<Box<StoredDraft>>,
        /// Its timeline.
        timeline: Vec<TimelineEntry>,
        /// A training control of the simulator (officer step, payment) asked from its screen.
        training: bool,
    },
    /// A training control of the simulator (clock, signature policy, reset) was answered.
    Trained {
        /// What was asked.
        operation: Operation,
        /// The answer.
        response: Box<Response>,
    },
    /// The customer list, by name; with the text to say after a change.
    Customers(Vec<Customer>, Option<Text>),
    /// Every attempt at each exercise asked about.
    Attempts(std::collections::BTreeMap<String, Vec<crate::store::ExerciseAttempt>>),
    /// A declaration scored for an exercise, with every attempt at it (this one last) and, in a
    /// classroom, what became of sending them to the instructor.
    Scored(
        Box<crate::exercise::Score>,
        Vec<crate::store::ExerciseAttempt>,
        crate::workflow::classroom::ClassReport,
    ),
    /// Classroom: the instructor's view (`None`: not connected to a classroom server), or why
    /// it could not be read.
    Class(Result<Option<Box<crate::gateway::classroom::ClassView>>, Bilingual>),
    /// Classroom: the server's certificate is now trusted; the connection must be made again.
    Trusted,
    /// Classroom: the job failed because the server's certificate is not trusted yet; what the
    /// trainee is to compare (the server's address, the fingerprint it presented), then the
    /// job's own outcome.
    Untrusted {
        /// The server's address.
        url: String,
        /// The SHA-256 fingerprint it presented.
        fingerprint: String,
        /// The job's outcome.
        then: Box<Outcome>,
    },
    /// A round of the clearance watch-list ended.
    Watched(Box<crate::workflow::WatchReport>),
    /// The outbox as it now is, with what to say; `refresh`: jobs were answered (the list and
    /// an open declaration follow).
    Outbox {
        /// The jobs waiting.
        entries: Vec<crate::store::OutboxEntry>,
        /// What to say, and whether it is a failure.
        said: Option<(Bilingual, bool)>,
        /// Whether declarations changed.
        refresh: bool,
    },
    /// Copied into a new draft.
    Copied(DraftId),
    /// A trainee's declaration (this number) copied into this draft, to read.
    CopiedFromClass(DraftId, crate::domain::DeclarationNumber),
    /// Deleted.
    Deleted(DraftId),
    /// The core's signature policy (none when it does not say).
    Policy(Option<bool>),
    /// Tokens and certificates found.
    Tokens(Vec<TokenInfo>, Vec<TokenCertificate>),
    /// The signing profile changed.
    Profile(SigningProfile),
    /// Something done that has nothing to show but a message.
    Done(super::i18n::Text),
    /// A failure, in the broker's words, both languages apart.
    Failed(Bilingual),
    /// Something done, said in both languages.
    Informed(Bilingual),
    /// A new edition of a code table, previewed.
    TablePreview(Box<crate::ui::screens::settings::TablePreview>),
    /// Goods lines read from a spreadsheet, previewed.
    GoodsPreview(Box<crate::ui::screens::editor::GoodsImport>),
    /// Suggestions for a goods line.
    Suggestions(usize, Vec<crate::domain::history::Suggestion>),
    /// The templates.
    Templates(Vec<crate::store::TemplateSummary>),
    /// An invoice split into these drafts, in order.
    Split(Vec<DraftId>),
    /// A declaration's attachments, with what to say (and whether it is a failure).
    Attachments {
        /// The declaration.
        id: DraftId,
        /// Its attachments.
        list: Vec<crate::workflow::dossier::AttachmentStatus>,
        /// What to say.
        said: Option<(Bilingual, bool)>,
    },
    /// The worker thread has ended; no job will run.
    Stopped,
}

/// The handle the UI holds.
#[derive(Debug)]
pub struct Worker {
    jobs: Sender<Job>,
    outcomes: Receiver<Outcome>,
    pending: usize,
    stopped: bool,
}

/// How the worker opens its workflow.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Data folder.
    pub data_dir: PathBuf,
    /// Connection.
    pub connection: Connection,
    /// VNACCS user.
    pub user_id: String,
    /// Token helper program.
    pub helper: Helper,
    /// The clock the window and the workflow share (the workflow sets its simulated offset).
    pub clock: crate::clock::Clock,
}

impl Worker {
    /// Starts the thread over the window's code tables (shared, not reloaded); `repaint` is
    /// called after each outcome.
    pub fn start(
        setup: Setup,
        codes: crate::codes::CodeLists,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (outcome_tx, outcomes) = channel::<Outcome>();
        // The tariff's word index is built off both threads; the picker finds it ready.
        let tables = codes.clone();
        std::thread::spawn(move || tables.tariff().table().prepare_search());
        std::thread::spawn(move || {
            let send = |outcome: Outcome| {
                let _ = outcome_tx.send(outcome);
                repaint();
            };
            let mut workflow = match Workflow::open(
                &setup.data_dir,
                codes,
                &setup.connection,
                &setup.user_id,
                setup.helper.clone(),
                setup.clock.clone(),
            ) {
                Ok(w) => {
                    send(Outcome::Ready {
                        connection: w.connection_name(),
                        profile: w.signing_profile(),
                        credential_store: crate::secrets::store_description(),
                    });
                    w
                }
                Err(e) => {
                    send(Outcome::Failed(e.message()));
                    return;
                }
            };
            while let Ok(job) = job_rx.recv() {
                let outcome = run(&mut workflow, job);
                send(match workflow.untrusted_server() {
                    Some((url, fingerprint)) => Outcome::Untrusted {
                        url,
                        fingerprint,
                        then: Box::new(outcome),
                    },
                    None => outcome,
                });
            }
        });
        Self {
            jobs,
            outcomes,
            pending: 1,
            stopped: false,
        }
    }

    /// Queues a job (dropped when the thread has ended; [`Self::poll`] reports that once).
    pub fn submit(&mut self, job: Job) {
        if !self.stopped && self.jobs.send(job).is_ok() {
            self.pending += 1;
        }
    }

    /// Outcomes that arrived since the last call.
    pub fn poll(&mut self) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        loop {
            match self.outcomes.try_recv() {
                Ok(outcome) => outcomes.push(outcome),
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    // The thread ended (it could not open the data, or a bug stopped it): nothing
                    // is running any more, and the app must keep the open work some other way.
                    if self.pending > 0 || !self.stopped {
                        outcomes.push(Outcome::Stopped);
                    }
                    self.pending = 0;
                    self.stopped = true;
                    return outcomes;
                }
            }
        }
        self.pending = self.pending.saturating_sub(outcomes.len());
        outcomes
    }

    /// Whether the thread has ended.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Whether jobs are still running.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }
}

/// Renders, writes and opens a PDF; a viewer that cannot be started is said, the file stays.
fn print(job: &crate::print::PrintJob, path: &std::path::Path) -> Outcome {
    let bytes = match crate::print::render(job, crate::print::Kind::Declaration) {
        Ok(bytes) => bytes,
        Err(e) => return failed(e),
    };
    let shown = path.display();
    if let Err(e) = std::fs::write(path, bytes) {
        return Outcome::Failed(Bilingual::new(
            format!("Không ghi được tệp PDF {shown}: {e}"),
            format!("Cannot write the PDF {shown}: {e}"),
        ));
    }
    match crate::viewer::open(path) {
        Ok(()) => Outcome::Done(Text::Printed),
        Err(e) => Outcome::Failed(Bilingual::new(
            format!("Đã lưu {shown} nhưng không mở được trình xem PDF: {e}"),
            format!("Saved {shown}, but the PDF viewer cannot be opened: {e}"),
        )),
    }
}

#[allow(clippy::needless_pass_by_value)] // Taken by value to fit `map_or_else(failed, …)`.
fn failed(e: impl Localized) -> Outcome {
    Outcome::Failed(e.message())
}

/// A text of the interface in both languages.
fn text(text: Text) -> Bilingual {
    Bilingual::new(
        text.get(super::i18n::Language::Vietnamese),
        text.get(super::i18n::Language::English),
    )
}

/// The outbox as the store has it, with what to say.
fn outbox(workflow: &Workflow, said: Option<(Bilingual, bool)>, refresh: bool) -> Outcome {
    match workflow.outbox() {
        Ok(entries) => Outcome::Outbox {
            entries,
            said,
            refresh,
        },
        Err(e) => failed(e),
    }
}

/// Reads a spreadsheet's goods lines with the mapping given, else the customer's remembered
/// one, else the headings (numbers typed as text read in the window's convention).
fn preview_goods(
    workflow: &Workflow,
    file: PathBuf,
    direction: crate::domain::Direction,
    customer: &str,
    mapping: Option<crate::goods_sheet::Mapping>,
    vietnamese: bool,
) -> Outcome {
    let remembered = mapping.is_none();
    let mapping =
        match mapping {
            Some(m) => m,
            None => workflow.goods_mapping(customer).ok().flatten().unwrap_or(
                crate::goods_sheet::Mapping {
                    vietnamese_numbers: vietnamese,
                    ..crate::goods_sheet::Mapping::default()
                },
            ),
        };
    let sheet = match crate::sheets::read_sheet(&file, mapping.sheet.as_deref()) {
        Ok(sheet) => sheet,
        // A remembered sheet name this file does not have: its first sheet, headings found.
        Err(crate::sheets::SheetError::WrongSheet { .. }) if mapping.sheet.is_some() => {
            return preview_goods(
                workflow,
                file,
                direction,
                customer,
                Some(crate::goods_sheet::Mapping {
                    vietnamese_numbers: mapping.vietnamese_numbers,
                    ..crate::goods_sheet::Mapping::default()
                }),
                vietnamese,
            );
        }
        Err(e) => return failed(e),
    };
    let mut result = crate::goods_sheet::preview(&sheet, direction, &mapping);
    // The customer's remembered mapping does not fit this file (another layout): the
    // headings decide instead, and the broker maps what they do not name.
    let fresh = crate::goods_sheet::Mapping {
        vietnamese_numbers: mapping.vietnamese_numbers,
        ..crate::goods_sheet::Mapping::default()
    };
    let mapping = if remembered && result.is_err() && mapping != fresh {
        result = crate::goods_sheet::preview(&sheet, direction, &fresh);
        fresh
    } else {
        mapping
    };
    let result = result.map_err(|e| e.message());
    Outcome::GoodsPreview(Box::new(crate::ui::screens::editor::GoodsImport {
        file,
        mapping,
        result,
        sheet_names: sheet.sheet_names,
        mode: crate::goods_sheet::Mode::Append,
    }))
}

/// A code-table job over the tables as the data folder holds them now (a table taken in
/// earlier in this session included).
fn table_job(
    data_dir: &std::path::Path,
    job: impl FnOnce(&std::path::Path, &crate::codes::CodeLists) -> Result<Outcome, Bilingual>,
) -> Outcome {
    let codes = match crate::appdata::load_code_lists(data_dir) {
        Ok((codes, _)) => codes,
        Err(e) => return failed(e),
    };
    job(data_dir, &codes).unwrap_or_else(Outcome::Failed)
}

fn answered(workflow: &mut Workflow, id: DraftId, response: Response, training: bool) -> Outcome {
    let draft = workflow.open_draft(id).ok().map(Box::new);
    let timeline = workflow.timeline(id).unwrap_or_default();
    Outcome::Answered {
        response: Box::new(response),
        draft,
        timeline,
        training,
    }
}

/// The dossier's jobs: what was done, and the attachments as they now are.
fn dossier_job(workflow: &mut Workflow, job: Job) -> Outcome {
    let listed = |workflow: &Workflow, id: DraftId, said: Option<(Bilingual, bool)>| {
        workflow
            .attachments(id)
            .map_or_else(failed, |list| Outcome::Attachments { id, list, said })
    };
    match job {
        Job::Attachments(id) => listed(workflow, id, None),
        Job::Attach { id, paths, kind } => {
            let mut problems = Vec::new();
            let mut attached = 0;
            for path in &paths {
                match workflow.attach(id, path, kind) {
                    Ok(_) => attached += 1,
                    Err(e) => problems.push(e.message()),
                }
            }
            let said = if problems.is_empty() {
                let done = text(Text::Attached);
                Bilingual::new(
                    format!("{}: {attached}", done.vi),
                    format!("{}: {attached}", done.en),
                )
            } else {
                Bilingual::new(
                    problems
                        .iter()
                        .map(|p| p.vi.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    problems
                        .iter()
                        .map(|p| p.en.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            };
            listed(workflow, id, Some((said, !problems.is_empty())))
        }
        Job::RemoveAttachment { id, attachment } => match workflow.remove_attachment(attachment) {
            Ok(()) => listed(workflow, id, Some((text(Text::AttachmentRemoved), false))),
            Err(e) => listed(workflow, id, Some((e.message(), true))),
        },
        Job::SendDossier { id, form, pin } => match workflow.send_dossier(id, &form, pin) {
            Ok(response) => answered(workflow, id, response, false),
            Err(e) => listed(workflow, id, Some((e.message(), true))),
        },
        Job::ExportArchive { id, path } => match workflow.export_archive(&[id], &path) {
            Ok(_) => {
                let done = text(Text::ArchiveWritten);
                Outcome::Informed(Bilingual::new(
                    format!("{} {}", done.vi, path.display()),
                    format!("{} {}", done.en, path.display()),
                ))
            }
            Err(e) => failed(e),
        },
        // `run` passes only the dossier's jobs.
        _ => Outcome::Failed(Bilingual::new(
            "Việc không thuộc hồ sơ đính kèm",
            "Not a dossier job",
        )),
    }
}

/// The customer list, or why it cannot be read.
fn customers(workflow: &Workflow, said: Option<Text>) -> Outcome {
    workflow
        .customers()
        .map_or_else(failed, |list| Outcome::Customers(list, said))
}

#[allow(clippy::too_many_lines)] // One arm per job: a flat table of what the worker does.
fn run(workflow: &mut Workflow, job: Job) -> Outcome {
    match job {
        Job::List { search } => {
            let search = (!search.trim().is_empty()).then_some(search);
            workflow
                .list(search.as_deref(), 500)
                .map_or_else(failed, Outcome::Listed)
        }
        Job::Open(id) => match workflow.open_draft(id) {
            Ok(draft) => Outcome::Opened(
                Box::new(draft),
                workflow.timeline(id).unwrap_or_default(),
                workflow.last_response(id).ok().flatten().map(Box::new),
            ),
            Err(e) => failed(e),
        },
        Job::Save { id, declaration } => workflow
            .save(id, &declaration)
            .map_or_else(failed, |(id, findings)| Outcome::Saved { id, findings }),
        Job::Provisional {
            id,
            declaration,
            pin,
        } => {
            let id = match id {
                Some(id) => id,
                None => match workflow.save(None, &declaration) {
                    Ok((id, _)) => id,
                    Err(e) => return failed(e),
                },
            };
            match workflow.send_declaration(id, &declaration, pin) {
                Ok(response) => answered(workflow, id, response, false),
                Err(e @ crate::workflow::WorkflowError::Queued { .. }) => {
                    outbox(workflow, Some((e.message(), true)), true)
                }
                Err(e) => failed(e),
            }
        }
        Job::Numbered { id, operation, pin } => {
            let training = operation.is_training_control();
            match workflow.send(id, operation, pin) {
                Ok(response) => answered(workflow, id, response, training),
                Err(e @ crate::workflow::WorkflowError::Queued { .. }) => {
                    outbox(workflow, Some((e.message(), true)), true)
                }
                Err(e) => failed(e),
            }
        }
        Job::TaxAmendment { id, changes, pin } => {
            match workflow.send_tax_amendment(id, &changes, pin) {
                Ok(response) => answered(workflow, id, response, false),
                Err(e) => failed(e),
            }
        }
        Job::RegisterTaxAmendment {
            id,
            number,
            changes,
            pin,
        } => match workflow.register_tax_amendment(id, number, &changes, pin) {
            Ok(response) => answered(workflow, id, response, false),
            Err(e) => failed(e),
        },
        Job::Copy(id) => workflow.copy(id).map_or_else(failed, Outcome::Copied),
        Job::ImportFile(path) => workflow
            .import_file(&path)
            .map_or_else(failed, |(id, _)| Outcome::Copied(id)),
        Job::Delete(id) => workflow
            .delete(id)
            .map_or_else(failed, |()| Outcome::Deleted(id)),
        Job::Customers => customers(workflow, None),
        Job::Attempts(ids) => workflow
            .attempts_of(&ids)
            .map_or_else(failed, Outcome::Attempts),
        Job::ScoreExercise {
            exercise,
            declaration,
            outcome,
        } => workflow
            .score_exercise(&exercise, &declaration, outcome.as_ref())
            .map_or_else(failed, |(score, attempts)| {
                let report = workflow.report_attempts(&attempts);
                Outcome::Scored(Box::new(score), attempts, report)
            }),
        Job::CopyFromClass(number) => workflow
            .copy_from_class(number)
            .map_or_else(failed, |id| Outcome::CopiedFromClass(id, number)),
        Job::ClassView => Outcome::Class(
            workflow
                .class_view()
                .map(|view| view.map(Box::new))
                .map_err(|e| e.message()),
        ),
        Job::TrustServer { url, fingerprint } => workflow
            .trust_server(&url, &fingerprint)
            .map_or_else(failed, |()| Outcome::Trusted),
        Job::Watch => Outcome::Watched(Box::new(workflow.watch())),
        Job::Outbox => outbox(workflow, None, false),
        Job::Resend(None) => {
            let report = workflow.flush_outbox();
            let said = report.failure.map(|f| (f, true)).or_else(|| {
                (!report.delivered.is_empty()).then(|| (text(Text::OutboxFlushed), false))
            });
            Outcome::Outbox {
                entries: report.waiting,
                said,
                refresh: !report.delivered.is_empty(),
            }
        }
        Job::Resend(Some(row)) => match workflow.resend(row) {
            Ok(response) => {
                let said = Bilingual::new(
                    format!("{} {}", response.result.code, response.result.message_vi),
                    format!("{} {}", response.result.code, response.result.message_en),
                );
                outbox(workflow, Some((said, !response.result.is_success())), true)
            }
            Err(e) => outbox(workflow, Some((e.message(), true)), false),
        },
        Job::RemoveQueued(row) => match workflow.remove_queued(row) {
            Ok(_) => outbox(workflow, Some((text(Text::OutboxRemoved), false)), false),
            Err(e) => outbox(workflow, Some((e.message(), true)), false),
        },
        Job::ManualPrinted(id) => workflow.record_manual_print(id).map_or_else(failed, |()| {
            Outcome::Informed(crate::domain::EventKind::ManualPrinted.name())
        }),
        Job::ManualClearance {
            id,
            number,
            lane,
            cleared_on,
        } => match workflow.record_manual_clearance(id, number, lane, cleared_on) {
            Ok(_) => run(workflow, Job::Open(id)),
            Err(e) => failed(e),
        },
        Job::Attachments(_)
        | Job::Attach { .. }
        | Job::RemoveAttachment { .. }
        | Job::SendDossier { .. }
        | Job::ExportArchive { .. } => dossier_job(workflow, job),
        Job::SaveCustomer(customer) => match workflow.save_customer(&customer) {
            Ok(_) => customers(workflow, Some(Text::CustomerSaved)),
            Err(e) => failed(e),
        },
        Job::DeleteCustomer(id) => match workflow.delete_customer(id) {
            Ok(()) => customers(workflow, Some(Text::CustomerDeleted)),
            Err(e) => failed(e),
        },
        Job::Simulator(operation) => match workflow.send_other(operation.clone(), None) {
            Ok(response) => Outcome::Trained {
                operation,
                response: Box::new(response),
            },
            Err(e) => failed(e),
        },
        Job::CheckConnection => workflow
            .check_connection()
            .map_or_else(failed, Outcome::Informed),
        Job::LearnPolicy => workflow
            .send_other(Operation::ListCertificates, None)
            .map_or_else(failed, |response| {
                Outcome::Policy(response.signatures_required)
            }),
        Job::Tokens(module) => workflow
            .tokens(&module)
            .map_or_else(failed, |(t, c)| Outcome::Tokens(t, c)),
        Job::UseCertificate(module, certificate) => workflow
            .choose_certificate(&module, &certificate)
            .map_or_else(failed, Outcome::Profile),
        Job::Practice(request, pin) => workflow
            .make_practice(&request, pin)
            .map_or_else(failed, Outcome::Profile),
        Job::SaveCredentials(credentials) => {
            crate::secrets::save(crate::secrets::SERVICE, &credentials.user_id, &credentials)
                .map_or_else(failed, |()| Outcome::Done(Text::CredentialsSaved))
        }
        Job::Print { job, path } => print(&job, &path),
        Job::Backup(path) => workflow
            .backup(&path)
            .map_or_else(failed, |()| Outcome::Done(Text::BackupDone)),
        Job::Restore(path) => workflow
            .restore(&path)
            .map_or_else(failed, |()| Outcome::Done(Text::RestoreDone)),
        Job::PreviewGoods {
            file,
            direction,
            customer,
            mapping,
            vietnamese,
        } => preview_goods(workflow, file, direction, &customer, mapping, vietnamese),
        Job::RememberGoodsMapping { customer, mapping } => {
            // Nothing to show when it works; the import itself is done.
            match workflow.save_goods_mapping(&customer, &mapping) {
                Ok(()) => Outcome::Done(Text::GoodsImported),
                Err(e) => failed(e),
            }
        }
        Job::WriteFile { path, bytes } => {
            match crate::appdata::write_file_atomically(&path, &bytes) {
                Ok(()) => Outcome::Informed(Bilingual::new(
                    format!("Đã ghi {}", path.display()),
                    format!("Written: {}", path.display()),
                )),
                Err(e) => Outcome::Failed(Bilingual::new(
                    format!("Không ghi được {}: {e}", path.display()),
                    format!("Cannot write {}: {e}", path.display()),
                )),
            }
        }
        Job::SaveTemplate {
            name,
            customer,
            declaration,
        } => workflow
            .save_template(&name, &customer, &declaration)
            .map_or_else(failed, |_| Outcome::Done(Text::TemplateSaved)),
        Job::SplitInvoice { whole, first } => workflow
            .split_into_drafts(&whole, first)
            .map_or_else(failed, Outcome::Split),
        Job::Templates => workflow
            .templates(None)
            .map_or_else(failed, Outcome::Templates),
        Job::FromTemplate(id) => workflow
            .from_template(id)
            .map_or_else(failed, Outcome::Copied),
        Job::DeleteTemplate(id) => workflow
            .delete_template(id)
            .map_or_else(failed, |()| Outcome::Done(Text::TemplateDeleted)),
        Job::Suggest {
            line,
            customer,
            query,
        } => workflow
            .suggest(&customer, &query)
            .map_or_else(failed, |s| Outcome::Suggestions(line, s)),
        Job::PreviewTable { table, file } => table_job(workflow.data_dir(), |dir, codes| {
            let update = crate::table_update::prepare(dir, codes, &table, &file)?;
            Ok(Outcome::TablePreview(Box::new(
                crate::ui::screens::settings::TablePreview {
                    lines: update.preview(&file.display().to_string(), 8),
                    changes: !update.changes.is_empty(),
                    partial: update.looks_partial(),
                    table,
                    file,
                },
            )))
        }),
        Job::ApplyTable {
            table,
            file,
            allow_removals,
            effective,
        } => table_job(workflow.data_dir(), |dir, codes| {
            let update = crate::table_update::prepare(dir, codes, &table, &file)?;
            crate::table_update::install(dir, codes, &update, &file, effective, allow_removals)
                .map(Outcome::Informed)
        }),
        Job::RollbackTables => table_job(workflow.data_dir(), |dir, codes| {
            crate::table_update::roll_back(dir, codes, None).map(Outcome::Informed)
        }),
        Job::SavePrefs(prefs, said) => match prefs.save(workflow.data_dir()) {
            Ok(()) => Outcome::Done(said),
            Err(e) => Outcome::Failed(Bilingual::new(
                format!("Không lưu được cài đặt: {e}"),
                format!("Cannot save the settings: {e}"),
            )),
        },
        Job::RegisterCertificate {
            name,
            id_number,
            pin,
        } => workflow
            .send_other(
                Operation::RegisterCertificate {
                    signer_name: name,
                    signer_id_number: id_number,
                    signer_title: String::new(),
                    tax_code: None,
                },
                Some(pin),
            )
            .map_or_else(failed, |response| Outcome::Answered {
                response: Box::new(response),
                draft: None,
                timeline: Vec::new(),
                training: false,
            }),
    }
}

/// The operation for a numbered job by its kind.
pub fn numbered(kind: NumberedJob, number: DeclarationNumber) -> Operation {
    match kind {
        NumberedJob::Official => Operation::RegisterOfficial { number },
        NumberedJob::CallUpAmendment => Operation::CallUpForAmendment { number },
        NumberedJob::Amendment => Operation::RegisterAmendment { number },
        NumberedJob::Reference => Operation::Reference { number },
        NumberedJob::Pay => Operation::PayTaxes { number },
        NumberedJob::Officer(action) => Operation::Officer { number, action },
    }
}

/// Jobs on a numbered declaration the window offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberedJob {
    /// IDC/EDC.
    Official,
    /// IDD/EDD.
    CallUpAmendment,
    /// IDE/EDE.
    Amendment,
    /// IID/IEX.
    Reference,
    /// Simulation: pay.
    Pay,
    /// Simulation: officer step.
    Officer(crate::wire::OfficerAction),
}
