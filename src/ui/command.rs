//! What screens ask for. A screen reads state and returns commands; the app runs them after the
//! frame (IO and token work on the worker thread).

use crate::domain::Direction;
use crate::store::DraftId;
use crate::wire::OfficerAction;

use super::worker::NumberedJob;

/// A request from a screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Show a screen.
    Show(super::app::Screen),
    /// Reload the list (with the current search).
    RefreshList,
    /// A new declaration in the editor.
    New(Direction),
    /// Open a stored declaration.
    Open(DraftId),
    /// Copy into a new draft.
    Copy(DraftId),
    /// Delete a draft.
    Delete(DraftId),
    /// Save the open declaration.
    Save,
    /// IDA/EDA (IDA01/EDA01 once numbered) for the open declaration; asks the PIN when signing.
    Provisional,
    /// A job on the open, numbered declaration; asks the PIN when the job is signed.
    Numbered(NumberedJob),
    /// Cancel the open declaration.
    CancelDeclaration(String),
    /// Simulator: advance the clock.
    Advance(i64),
    /// Simulator: an officer step on the open declaration.
    Officer(OfficerAction),
    /// Simulator: signatures required or not.
    SignaturePolicy(bool),
    /// Simulator: reset.
    ResetSimulator,
    /// Settings: list tokens of the module in the settings.
    TestToken,
    /// Settings: use the certificate at this index of the list.
    UseCertificate(usize),
    /// Settings: make a practice token.
    MakePractice,
    /// Settings: register the chosen certificate.
    RegisterCertificate,
    /// List: put the declaration file at the typed path into the store and open it.
    ImportFile,
    /// Choose a file with the system's dialog (then the path box holds it).
    Browse(super::dialogs::Browse),
    /// Settings: save the preferences.
    SavePrefs,
    /// Settings: reconnect with the connection and user in the settings.
    Reconnect,
    /// Settings: keep the VNACCS credentials typed in the OS store.
    SaveCredentials,
    /// Settings: back up the store to the path typed.
    Backup,
    /// Settings: restore the store from the path typed (confirmed).
    Restore,
    /// The PIN dialog was confirmed.
    PinEntered,
    /// The PIN dialog was closed.
    PinCancelled,
}
