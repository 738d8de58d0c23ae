//! The broker's electronic dossier: attach files to a declaration (checked and kept in the
//! store), see whether each stored copy is intact and whether its original changed since, remove
//! one not sent yet, and send the unsent ones with HYS — the receipt number is then quoted in
//! the declaration's EA/EB when it is not registered yet (a registered one is named in the
//! application instead, as a dossier sent after the lane is).

use std::path::Path;

use crate::domain::dossier::{
    AttachedFile, DocumentKind, HysApplication, MAX_QUOTED, check_file, procedure_of, sha256_hex,
};
use crate::domain::{AttachmentNumber, Declaration};
use crate::signing::helper::Pin;
use crate::store::{Attachment, DraftId, DraftState, NewAttachment, StoreError};
use crate::wire::{Operation, Response};

use super::{Workflow, WorkflowError};

/// Whether an attachment's original file (the path it was attached from) is as attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Original {
    /// Attached from no file (or the path is not kept).
    Unknown,
    /// The file is there with the same content.
    Same,
    /// The file changed since it was attached: the stored copy is the one attached (and, once
    /// sent, the one customs has).
    Changed,
    /// The file is no longer there (moved or deleted): the stored copy is what counts.
    Missing,
}

/// An attachment with the checks of its stored copy and of its original.
#[derive(Debug, Clone)]
pub struct AttachmentStatus {
    /// The attachment.
    pub attachment: Attachment,
    /// `None` when the stored copy matches its hash, else what is wrong.
    pub damaged: Option<crate::domain::text::Bilingual>,
    /// The original file.
    pub original: Original,
}

/// The fields of an HYS application the broker fills (the files are the declaration's unsent
/// attachments).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HysForm {
    /// Customs office receiving the documents; the declaration's office when empty.
    pub office: String,
    /// Processing team (2 characters), may be empty.
    pub team: String,
    /// Contact phone; the declarant's phone when empty.
    pub phone: String,
    /// Remarks, at most 996 bytes.
    pub remarks: String,
}

/// What the dossier listing already checked in this session, so that opening a declaration or
/// reading an answer does not hash every file again: the stored copies found intact (by id),
/// and each original file's verdict under its size and modification time (read again when
/// either changes).
#[derive(Debug, Default)]
pub(super) struct Checked {
    stored: std::collections::HashSet<i64>,
    originals: std::collections::HashMap<
        (std::path::PathBuf, String),
        (u64, Option<std::time::SystemTime>, Original),
    >,
}

impl Checked {
    /// Whether the original at `path` still has the hash `sha256`.
    fn original(&mut self, path: &Path, sha256: &str) -> Original {
        let Ok(meta) = std::fs::metadata(path) else {
            return Original::Missing;
        };
        let stamp = (meta.len(), meta.modified().ok());
        let key = (path.to_path_buf(), sha256.to_owned());
        if let Some((len, modified, verdict)) = self.originals.get(&key)
            && (*len, *modified) == stamp
            && stamp.1.is_some()
        {
            return *verdict;
        }
        let verdict = match std::fs::read(path) {
            Ok(bytes) if sha256_hex(&bytes) == sha256 => Original::Same,
            Ok(_) => Original::Changed,
            Err(_) => Original::Missing,
        };
        self.originals.insert(key, (stamp.0, stamp.1, verdict));
        verdict
    }
}

impl Workflow {
    /// Attaches the file at `path` to declaration `id` as a document of `kind`: the file is
    /// read, checked (PDF, PNG, JPEG or TIFF by its first bytes, at most 5 MiB) and kept in the
    /// store with its hash. Returns the attachment's id.
    ///
    /// # Errors
    /// The file cannot be read, is not a document or is too large; the store's errors.
    pub fn attach(
        &mut self,
        id: DraftId,
        path: &Path,
        kind: DocumentKind,
    ) -> Result<i64, WorkflowError> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let bytes = std::fs::read(path).map_err(|e| {
            WorkflowError::File(crate::appdata::ReadError::Unreadable {
                path: path.display().to_string(),
                detail: e.to_string(),
            })
        })?;
        let media_type = check_file(&name, &bytes).map_err(StoreError::from)?;
        let name: String = name
            .chars()
            .take(crate::domain::dossier::MAX_NAME_CHARS)
            .collect();
        let source = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let source = source.display().to_string();
        let now = self.now();
        Ok(self.store.attach(
            id,
            &NewAttachment {
                kind,
                name: &name,
                media_type,
                bytes: &bytes,
                source: Some(&source),
            },
            now,
        )?)
    }

    /// A declaration's attachments, each with its stored copy checked against its hash and its
    /// original compared with what was attached.
    pub fn attachments(&self, id: DraftId) -> Result<Vec<AttachmentStatus>, WorkflowError> {
        let list = self.store.attachments(id)?;
        let mut checked = self.checked.borrow_mut();
        Ok(list
            .into_iter()
            .map(|attachment| {
                // A stored copy found intact stays so for the session (a file is never changed
                // through the store; sending and archiving read it back and check it again).
                let damaged = if checked.stored.contains(&attachment.id) {
                    None
                } else {
                    match self.store.attachment_bytes(attachment.id) {
                        Ok(_) => {
                            checked.stored.insert(attachment.id);
                            None
                        }
                        Err(e) => Some(e.message()),
                    }
                };
                let original = attachment.source.as_deref().map_or(Original::Unknown, |p| {
                    checked.original(Path::new(p), &attachment.sha256)
                });
                AttachmentStatus {
                    attachment,
                    damaged,
                    original,
                }
            })
            .collect())
    }

    /// An attachment's bytes (hash checked), e.g. to open or save it.
    pub fn attachment_bytes(
        &self,
        attachment: i64,
    ) -> Result<(Attachment, Vec<u8>), WorkflowError> {
        Ok(self.store.attachment_bytes(attachment)?)
    }

    /// Removes an attachment not sent yet.
    pub fn remove_attachment(&mut self, attachment: i64) -> Result<(), WorkflowError> {
        Ok(self.store.remove_attachment(attachment)?)
    }

    /// Sends the declaration's unsent attachments with HYS (signed with `pin` when a
    /// certificate is chosen). On success the files are marked with the receipt number and,
    /// for a declaration not registered yet, the number is quoted in its EA/EB (a free one of
    /// the 3; the declaration is saved). The exchange is recorded in the declaration's log.
    ///
    /// # Errors
    /// No unsent file, a file whose stored copy changed, the application's checks (phone,
    /// remarks…), the store's and the gateway's errors. A refusal by customs is an answer,
    /// returned as such.
    pub fn send_dossier(
        &mut self,
        id: DraftId,
        form: &HysForm,
        pin: Option<Pin>,
    ) -> Result<Response, WorkflowError> {
        let now = self.now();
        let draft = self.store.draft(id, now)?;
        let files = self.store.unsent_files(id)?;
        let application = application(&draft.declaration, draft.state, form, &files);
        application.check().map_err(StoreError::from)?;
        let response = self.send(
            id,
            Operation::RegisterAttachments {
                application: Box::new(application.clone()),
            },
            pin,
        )?;
        if let Some(receipt) = response
            .attachment
            .as_ref()
            .filter(|_| response.result.is_success())
        {
            let ids: Vec<i64> = files.iter().map(|(id, _)| *id).collect();
            let now = self.now();
            self.store.mark_sent(&ids, &receipt.number, now)?;
            if application.declaration.is_none() {
                let mut declaration = self.store.draft(id, now)?.declaration;
                if quote(&mut declaration, &receipt.class, &receipt.number) {
                    self.save(Some(id), &declaration)?;
                }
            }
        }
        Ok(response)
    }
}

/// The HYS application for a declaration's unsent `files`.
fn application(
    declaration: &Declaration,
    state: DraftState,
    form: &HysForm,
    files: &[(i64, AttachedFile)],
) -> HysApplication {
    let or = |typed: &str, default: Option<&String>| {
        let typed = typed.trim();
        if typed.is_empty() {
            default.map(|d| d.trim().to_owned()).unwrap_or_default()
        } else {
            typed.to_owned()
        }
    };
    // A declaration with a number at customs is named; a draft quotes the receipt in EA/EB.
    let named = matches!(
        state,
        DraftState::Provisional | DraftState::Registered | DraftState::Cleared
    );
    HysApplication {
        declaration: declaration.number.filter(|_| named),
        office: or(&form.office, declaration.office.as_ref()),
        team: form.team.trim().to_owned(),
        procedure: procedure_of(declaration.direction).to_owned(),
        phone: or(&form.phone, declaration.declarant.phone.as_ref()),
        remarks: form.remarks.clone(),
        files: files.iter().map(|(_, f)| f.clone()).collect(),
    }
}

/// Quotes a dossier in the declaration's EA/EB: in the first empty slot of the 3; `false` when
/// it is quoted already or all 3 are taken.
pub fn quote(declaration: &mut Declaration, class: &str, number: &str) -> bool {
    let slots = &mut declaration.attachment_numbers;
    if slots
        .iter()
        .any(|a| a.number.as_deref().map(str::trim) == Some(number))
    {
        return false;
    }
    let empty = |a: &AttachmentNumber| a.number.as_deref().is_none_or(|n| n.trim().is_empty());
    if let Some(slot) = slots.iter_mut().find(|a| empty(a)) {
        slot.class = Some(class.to_owned());
        slot.number = Some(number.to_owned());
        return true;
    }
    if slots.len() < MAX_QUOTED {
        slots.push(AttachmentNumber {
            class: Some(class.to_owned()),
            number: Some(number.to_owned()),
        });
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_goes_into_the_first_free_ea_eb_of_three() {
        let mut d = Declaration::default();
        assert!(quote(&mut d, "INV", "102611300001"));
        assert!(!quote(&mut d, "INV", "102611300001"), "quoted once");
        d.attachment_numbers.push(AttachmentNumber::default());
        assert!(quote(&mut d, "BOL", "102611300002"));
        assert_eq!(d.attachment_numbers.len(), 2, "the empty slot was used");
        assert!(quote(&mut d, "ALL", "102611300003"));
        assert!(!quote(&mut d, "ETC", "102611300004"), "three at most");
        let numbers: Vec<_> = d
            .attachment_numbers
            .iter()
            .map(|a| (a.class.as_deref().unwrap(), a.number.as_deref().unwrap()))
            .collect();
        assert_eq!(
            numbers,
            [
                ("INV", "102611300001"),
                ("BOL", "102611300002"),
                ("ALL", "102611300003")
            ]
        );
    }
}
