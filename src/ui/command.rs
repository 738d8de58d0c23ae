//! What screens ask for. A screen reads state and returns commands that carry their data; the
//! app runs them after the frame (IO and token work on the worker thread).

use std::path::PathBuf;

use crate::domain::Direction;
use crate::secrets::Credentials;
use crate::signing::TokenCertificate;
use crate::signing::helper::Pin;
use crate::store::{Customer, DraftId};
use crate::wire::OfficerAction;

use super::i18n::Language;
use super::screens::Screen;
use super::worker::NumberedJob;

/// A request from a screen.
#[derive(Debug)]
pub enum Command {
    /// Show a screen.
    Show(Screen),
    /// Search the list for this text (empty: everything).
    Search(String),
    /// A new declaration in the editor.
    New(Direction),
    /// Open a stored declaration.
    Open(DraftId),
    /// Copy into a new draft.
    Copy(DraftId),
    /// Delete a draft (already confirmed).
    Delete(DraftId),
    /// Save the open declaration.
    Save,
    /// Customers: add or update this customer (its tax code already checked).
    SaveCustomer(Box<Customer>),
    /// Customers: delete this customer (already confirmed); its declarations stay.
    DeleteCustomer(i64),
    /// Customers: a new declaration for this customer, filled from its defaults.
    NewForCustomer(Box<Customer>, Direction),
    /// Print the open declaration to a PDF (the app asks where, writes it on the worker and
    /// opens it with the system's viewer).
    Print,
    /// Send the open declaration's data (IDA/EDA; IDB/EDB then IDA/EDA with the number once
    /// provisional; IDA01/EDA01 when amending); asks the PIN when signing.
    Provisional,
    /// A job on the open, numbered declaration; asks the PIN when the job is signed.
    Numbered(NumberedJob),
    /// Cancel the open declaration, for this reason.
    CancelDeclaration(String),
    /// AMA: the amended tax information of the open, cleared declaration; asks the PIN when
    /// signing.
    TaxAmendment(Box<crate::domain::tax_changes::TaxChanges>),
    /// AMC: register the amendment with this number (as sent with AMA); asks the PIN when
    /// signing.
    RegisterTaxAmendment {
        /// The amendment's number (document type 73).
        number: crate::domain::DeclarationNumber,
        /// The change set sent with the AMA (the draft takes it once registered).
        changes: Box<crate::domain::tax_changes::TaxChanges>,
    },
    /// Trainee mode: a new declaration for this exercise (by id), its documents beside it.
    StartExercise(String),
    /// Trainee mode: score the open declaration against its exercise's key and keep the
    /// attempt.
    ScoreExercise,
    /// Classroom: read the instructor's view of the class now.
    RefreshClass,
    /// Classroom: the instructor, as the customs officer, takes this step on a trainee's
    /// declaration (from the class view; the core refuses it to anyone but an instructor).
    ClassOfficer {
        /// The trainee's declaration.
        number: crate::domain::DeclarationNumber,
        /// The officer's step.
        action: OfficerAction,
    },
    /// Classroom: the instructor opens a copy of a trainee's declaration (IID) as a local draft,
    /// to read it in the form.
    CopyFromClass(crate::domain::DeclarationNumber),
    /// Classroom: the trainee compared the server's fingerprint with the instructor's and they
    /// match: trust this server.
    TrustServer {
        /// The server's address.
        url: String,
        /// The SHA-256 fingerprint it presented.
        fingerprint: String,
    },
    /// Classroom: the fingerprints differ; trust nothing.
    DeclineTrust,
    /// Watch-list: check the registered declarations now.
    WatchNow,
    /// Watch-list: the broker has seen the changes; the banner closes.
    DismissWatch,
    /// Outbox: show (or close) its window.
    ShowOutbox(bool),
    /// Outbox: resend one waiting job, or all (`None`).
    ResendOutbox(Option<crate::store::OutboxId>),
    /// Outbox: remove a job that never reached customs.
    RemoveOutbox(crate::store::OutboxId),
    /// Editor: print the open declaration for the manual procedure and record it in its
    /// history.
    ManualPrint,
    /// Editor: the open declaration was cleared by hand (manual procedure); enter what customs
    /// gave, nothing sent.
    ManualClearance {
        /// The number customs gave.
        number: crate::domain::DeclarationNumber,
        /// The lane, when known.
        lane: Option<crate::domain::Lane>,
        /// The clearance date (Vietnam).
        cleared_on: chrono::NaiveDate,
    },
    /// Dossier: choose files with the system's dialog and attach them as this kind.
    BrowseAttachments(crate::domain::dossier::DocumentKind),
    /// Dossier: attach these files to the open declaration as documents of this kind.
    Attach {
        /// The files.
        paths: Vec<PathBuf>,
        /// What they are.
        kind: crate::domain::dossier::DocumentKind,
    },
    /// Dossier: remove an attachment not sent yet.
    RemoveAttachment(i64),
    /// Dossier: send the unsent attachments with HYS (asks the PIN when signing).
    SendDossier(crate::workflow::dossier::HysForm),
    /// The open declaration's archive for an audit (asks where).
    ExportArchive,
    /// Settings: the watch-list's interval, in minutes.
    SetWatchInterval(u32),
    /// Simulator: advance the clock by this many seconds.
    Advance(i64),
    /// Simulator: an officer step on the open declaration.
    Officer(OfficerAction),
    /// Simulator: signatures required or not.
    SignaturePolicy(bool),
    /// Simulator: reset (already confirmed).
    ResetSimulator,
    /// Stop the running token job.
    StopJob,
    /// The interface language.
    SetLanguage(Language),
    /// The first-run welcome was answered.
    Welcome(crate::ui::screens::welcome::WelcomeChoice),
    /// Light or dark theme.
    SetTheme {
        /// Dark.
        dark: bool,
    },
    /// Zoom factor (0.8–1.6).
    SetScale(f32),
    /// Settings: list the tokens and certificates of this PKCS#11 library.
    TestToken(PathBuf),
    /// Settings: sign with this certificate of this library.
    UseCertificate(PathBuf, Box<TokenCertificate>),
    /// Settings: make a practice token.
    MakePractice {
        /// The trainee's name.
        name: String,
        /// The trainee's company tax code.
        tax_code: String,
        /// The PIN of the new token.
        pin: Pin,
    },
    /// Settings: register the chosen certificate with customs (asks the PIN).
    RegisterCertificate {
        /// Signer's name.
        name: String,
        /// Signer's ID number.
        id_number: String,
    },
    /// Put the declaration file at this path into the store and open it.
    ImportFile(PathBuf),
    /// Choose a file with the system's dialog.
    Browse(super::dialogs::Browse),
    /// Settings: keep the broker's identity in the preferences.
    SaveIdentity {
        /// Company name.
        company_name: String,
        /// Company tax code.
        company_tax_code: String,
        /// Broker's name.
        broker_name: String,
        /// VNACCS user ID.
        user_id: String,
    },
    /// Settings: reconnect to the embedded simulator (`None`) or a simulator server, as `user_id`.
    Reconnect {
        /// Simulator server URL.
        server: Option<String>,
        /// VNACCS user ID.
        user_id: String,
    },
    /// Settings: check that the connection in use answers (TCC for a VNACCS-format one).
    CheckConnection,
    /// Settings: keep these VNACCS credentials in the OS store.
    SaveCredentials(Box<Credentials>),
    /// Settings: back up the store to this file.
    Backup(PathBuf),
    /// Settings: restore the store from this file (confirmed).
    Restore(PathBuf),
    /// Settings: read this file as a new edition of this code table and preview it.
    PreviewTable {
        /// The table.
        table: String,
        /// The CSV or Excel file.
        file: PathBuf,
    },
    /// Settings: install the previewed edition (in force from the next start).
    ApplyTable {
        /// The table.
        table: String,
        /// The file.
        file: PathBuf,
        /// Take it although it removes more than a tenth of the rows.
        allow_removals: bool,
    },
    /// Settings: go back to the bundled code tables (confirmed).
    RollbackTables,
    /// Goods tab: read a spreadsheet's goods lines and preview them (the customer's remembered
    /// mapping when `mapping` is `None`).
    PreviewGoods {
        /// The spreadsheet.
        file: PathBuf,
        /// The declaration's direction (which columns exist).
        direction: Direction,
        /// The customer's tax code (whose mapping is remembered).
        customer: String,
        /// The mapping to read with.
        mapping: Option<crate::goods_sheet::Mapping>,
    },
    /// Goods tab: remember the mapping an import used for this customer.
    RememberGoodsMapping {
        /// The customer's tax code.
        customer: String,
        /// The mapping.
        mapping: crate::goods_sheet::Mapping,
    },
    /// Goods tab: write the declaration's goods lines to a spreadsheet (asks where).
    ExportGoods(Box<crate::domain::Declaration>),
    /// Goods tab: write the import template (asks where).
    GoodsTemplate(Direction),
    /// Goods import: split an invoice of more than 50 lines into drafts (the first into the
    /// open declaration's draft when it has one).
    SplitInvoice {
        /// The whole invoice: the open declaration's header with every line.
        whole: Box<crate::domain::Declaration>,
        /// The open declaration's draft.
        first: Option<DraftId>,
    },
    /// Editor: keep the declaration as a named template for its customer.
    SaveTemplate {
        /// The template's name.
        name: String,
        /// The customer's tax code ('' for every customer).
        customer: String,
        /// The declaration.
        declaration: Box<crate::domain::Declaration>,
    },
    /// List: show the templates.
    ListTemplates,
    /// List: a new draft from a template.
    FromTemplate(i64),
    /// List: delete a template.
    DeleteTemplate(i64),
    /// Goods line details: suggestions from the customer's accepted declarations.
    Suggest {
        /// The line, from 0.
        line: usize,
        /// The customer's tax code.
        customer: String,
        /// The product code or description looked for.
        query: String,
    },
}
