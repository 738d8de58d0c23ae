//! Applying what the worker answered: the list, an opened or answered declaration, the signing
//! profile, messages; and the rescue of the open declaration when the worker has stopped.

use std::path::PathBuf;

use super::{App, Said, text_of};
use crate::domain::text::Bilingual;
use crate::domain::{JobCode, Step};
use crate::store::{DraftState, StoredDraft, TimelineEntry};
use crate::ui::i18n::Text;
use crate::ui::screens::Screen;
use crate::ui::screens::editor::{EditorState, Tab};
use crate::ui::worker::{Job, Outcome};
use crate::wire::{Operation, Response, codes};

impl App {
    /// Puts a message on the status line (shown in the language of each frame).
    pub(super) fn say(&mut self, text: Bilingual, error: bool) {
        self.status = Some(Said {
            text,
            error,
            saved: false,
        });
    }

    /// One answer of the worker.
    #[allow(clippy::too_many_lines)] // One arm per outcome: a flat table of what each changes.
    pub(super) fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Ready {
                connection,
                profile,
                credential_store,
            } => {
                self.connection = Some(connection);
                self.profile = profile;
                self.credential_store = Some(credential_store);
                self.worker.submit(Job::Outbox);
                // A classroom server: checked at once, so that its certificate is shown for the
                // trainee to confirm on the first connection, before any work is sent.
                if self.setup.connection.is_classroom() {
                    self.worker.submit(Job::CheckConnection);
                }
            }
            Outcome::Outbox {
                entries,
                said,
                refresh,
            } => self.outbox_listed(entries, said, refresh),
            Outcome::Listed(rows) => self.rows = rows,
            Outcome::Opened(draft, timeline, last_response) => {
                // An earlier failure (a file that did not open) is no longer news.
                if self.status.as_ref().is_some_and(|said| said.error) {
                    self.status = None;
                }
                let mut editor = self.editor_for(*draft, timeline);
                editor.last_response = last_response;
                if let Some(tab) = self.open_tab.take() {
                    editor.tab = tab;
                }
                let id = editor.id;
                self.editor = Some(editor);
                self.screen = Screen::Editor;
                if let Some(id) = id {
                    self.worker.submit(Job::Attachments(id));
                }
            }
            Outcome::Attachments { id, list, said } => {
                if let Some(editor) = self.editor.as_mut().filter(|e| e.id == Some(id)) {
                    editor.attachments = list;
                }
                if let Some((text, error)) = said {
                    self.say(text, error);
                }
            }
            Outcome::Saved { id, .. } => {
                if let Some(editor) = self.editor.as_mut() {
                    editor.saved(id);
                }
                self.status = Some(Said {
                    text: text_of(Text::Saved),
                    error: false,
                    saved: true,
                });
            }
            Outcome::Answered {
                response,
                draft,
                timeline,
                training,
            } => self.answered(*response, draft, timeline, training),
            Outcome::Trained {
                operation,
                response,
            } => self.trained(&operation, &response),
            Outcome::Policy(required) => self.signatures_required = required,
            Outcome::Customers(customers, said) => self.customers_listed(customers, said),
            Outcome::Attempts(attempts) => self.attempts = attempts,
            Outcome::Scored(score, attempts, report) => {
                self.attempts.insert(score.exercise.clone(), attempts);
                if let Some(session) = self.editor.as_mut().and_then(|e| e.exercise.as_mut())
                    && session.exercise.id == score.exercise
                {
                    session.score = Some(score);
                }
                match report.said() {
                    Some(said) => {
                        let kept = text_of(Text::AttemptKept);
                        let failed =
                            matches!(report, crate::workflow::classroom::ClassReport::NotSent(_));
                        self.say(
                            Bilingual::new(
                                format!("{}. {}", kept.vi, said.vi),
                                format!("{}. {}", kept.en, said.en),
                            ),
                            failed,
                        );
                    }
                    None => self.say(text_of(Text::AttemptKept), false),
                }
            }
            Outcome::Class(read) => {
                self.class.running = false;
                match read {
                    Ok(Some(view)) => {
                        self.class.view = Some(*view);
                        self.class.problem = None;
                        self.class.not_classroom = false;
                        self.class.updated = Some(self.clock.machine_now());
                    }
                    Ok(None) => {
                        self.class.view = None;
                        self.class.not_classroom = true;
                    }
                    Err(problem) => {
                        self.class.not_classroom = false;
                        self.class.problem = Some(problem);
                    }
                }
            }
            Outcome::Trusted => {
                let (server, user) = (self.prefs.server.clone(), self.prefs.user_id.clone());
                self.reconnect(server, user);
                self.say(text_of(Text::TrustDone), false);
                self.worker.submit(Job::CheckConnection);
            }
            Outcome::Untrusted {
                url,
                fingerprint,
                then,
            } => {
                let request = crate::ui::screens::trust_dialog::TrustRequest { url, fingerprint };
                if self.declined.as_ref() != Some(&request) {
                    self.trust = Some(request);
                }
                self.apply(*then);
            }
            Outcome::Watched(report) => self.watched(*report),
            Outcome::Split(ids) => self.split_done(&ids),
            Outcome::Copied(id) => {
                self.refresh();
                self.worker.submit(Job::Open(id));
            }
            Outcome::CopiedFromClass(id, number) => {
                self.refresh();
                let copied = text_of(Text::ClassCopied);
                self.say(
                    Bilingual::new(
                        format!("{} {number}", copied.vi),
                        format!("{} {number}", copied.en),
                    ),
                    false,
                );
                self.worker.submit(Job::Open(id));
            }
            Outcome::Deleted(id) => {
                // The broker deleted the draft that is open: it leaves the editor too (its edits
                // went with it, as asked), rather than stay as an editor that cannot save.
                if self.editor.as_ref().is_some_and(|e| e.id == Some(id)) {
                    self.editor = None;
                    if self.screen == Screen::Editor {
                        self.screen = Screen::List;
                    }
                }
                self.refresh();
            }
            Outcome::Profile(profile) => {
                let with = text_of(Text::SigningWith);
                let message = Bilingual::new(
                    format!("{}: {}", with.vi, profile.subject),
                    format!("{}: {}", with.en, profile.subject),
                );
                self.profile = Some(profile);
                self.say(message, false);
            }
            Outcome::Stopped => {
                self.watch.running = false;
                self.rescue();
            }
            Outcome::Done(text) => self.say(text_of(text), false),
            Outcome::Failed(message) => {
                // A customer the store refused stays in its form, to be corrected.
                self.customers_screen.refused();
                self.say(message, true);
            }
            Outcome::Informed(message) => {
                self.settings.set_table_preview(None);
                self.say(message, false);
            }
            Outcome::TablePreview(_)
            | Outcome::Tokens(..)
            | Outcome::GoodsPreview(_)
            | Outcome::Suggestions(..)
            | Outcome::Templates(_) => self.pass_to_screens(outcome),
        }
    }

    /// An invoice became drafts: the first is opened (it goes first: the others wait for its
    /// number in their FIC), and the broker is told how many.
    fn split_done(&mut self, ids: &[crate::store::DraftId]) {
        let Some(first) = ids.first() else {
            return;
        };
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.say(
            Bilingual::new(
                format!(
                    "Đã tách thành {} tờ khai nháp ({}). Gửi tờ khai đầu tiên trước; khi có số, số đó được ghi vào ô «Số tờ khai đầu tiên» của các tờ khai sau",
                    ids.len(),
                    list.join(", ")
                ),
                format!(
                    "Split into {} drafts ({}). Send the first one first; once it has its number, the number is written into the others' «First declaration number»",
                    ids.len(),
                    list.join(", ")
                ),
            ),
            false,
        );
        // The open editor held the whole invoice; the first part is its draft now.
        self.editor = None;
        self.refresh();
        self.worker.submit(Job::Open(*first));
    }

    /// A training control of the simulator was answered: said in words, without its code.
    fn trained(&mut self, operation: &Operation, response: &crate::wire::Response) {
        let result = &response.result;
        let ok = result.is_success();
        self.say(
            Bilingual::new(result.message_vi.clone(), result.message_en.clone()),
            !ok,
        );
        if ok && let Operation::SetSignaturePolicy { required } = operation {
            self.signatures_required = Some(*required);
        }
        if response.signatures_required.is_some() {
            self.signatures_required = response.signatures_required;
        }
        self.refresh();
    }

    /// What the worker read for a screen: the settings' tokens and table preview, the open
    /// editor's spreadsheet preview and suggestions, the list's templates.
    fn pass_to_screens(&mut self, outcome: Outcome) {
        match (outcome, self.editor.as_mut()) {
            (Outcome::TablePreview(preview), _) => self.settings.set_table_preview(Some(*preview)),
            (Outcome::Tokens(tokens, certificates), _) => {
                self.settings.set_tokens(tokens, certificates);
            }
            (Outcome::GoodsPreview(import), Some(editor)) => editor.set_goods_import(*import),
            (Outcome::Suggestions(line, suggestions), Some(editor)) => {
                editor.set_suggestions(line, suggestions);
            }
            (Outcome::Templates(templates), _) => self.list.set_templates(templates),
            _ => {}
        }
    }

    /// The store's customers; after a change, the form closes and the change is said.
    fn customers_listed(&mut self, customers: Vec<crate::store::Customer>, said: Option<Text>) {
        self.customers = customers;
        if let Some(said) = said {
            self.customers_screen.saved();
            self.say(text_of(said), false);
        }
    }

    /// The outbox as the worker read it, with what to say; `refresh`: jobs were answered.
    fn outbox_listed(
        &mut self,
        entries: Vec<crate::store::OutboxEntry>,
        said: Option<(Bilingual, bool)>,
        refresh: bool,
    ) {
        self.outbox.entries = entries;
        if let Some((text, error)) = said {
            self.say(text, error);
        }
        if refresh {
            self.refresh();
        }
    }

    /// A round of the watch-list ended: what changed joins the banner (one line per
    /// declaration, the newest news), the list follows, and an open declaration that changed
    /// is reopened unless it has unsaved edits.
    fn watched(&mut self, report: crate::workflow::WatchReport) {
        self.watch.running = false;
        if report.outbox.failure.is_none() || !report.outbox.waiting.is_empty() {
            self.outbox.entries.clone_from(&report.outbox.waiting);
        }
        if !report.outbox.delivered.is_empty() {
            self.say(text_of(Text::OutboxFlushed), false);
            self.refresh();
        }
        if let Some(failure) = report.failure {
            self.say(failure, true);
        }
        if report.changes.is_empty() {
            return;
        }
        let count = report.changes.len();
        for change in report.changes {
            self.watch.changes.retain(|c| c.id != change.id);
            if let Some(editor) = &self.editor
                && editor.id == Some(change.id)
                && !editor.dirty
                && self.screen == Screen::Editor
            {
                // Reopened on the tab the broker is reading.
                self.open_tab = Some(editor.tab);
                self.worker.submit(Job::Open(change.id));
            }
            self.watch.changes.push(change);
        }
        let heading = text_of(Text::WatchChanged);
        self.say(
            Bilingual::new(
                format!("{}: {count}", heading.vi),
                format!("{}: {count}", heading.en),
            ),
            false,
        );
        self.refresh();
    }

    /// An editor over a declaration as the store has it.
    fn editor_for(&self, draft: StoredDraft, timeline: Vec<TimelineEntry>) -> EditorState {
        let mut editor = EditorState::with(
            Some(draft.id),
            draft.declaration,
            draft.state,
            &self.codes,
            self.clock.today(),
        );
        editor.expires_at = draft.expires_at;
        editor.lane = draft.lane;
        editor.timeline = timeline;
        editor
    }

    fn answered(
        &mut self,
        response: Response,
        draft: Option<Box<StoredDraft>>,
        timeline: Vec<TimelineEntry>,
        training: bool,
    ) {
        let ok = response.result.is_success();
        let line = self.answer_line(&response);
        self.say(line, !ok);
        if training {
            // A step from the simulator's screen: the instructor stays there; the declaration
            // takes its new state, and its Result tab keeps the last VNACCS answer unless the
            // step moved it on (a refused step is said on the status line only).
            if let Some(draft) = draft {
                let old = self.editor.take().filter(|e| e.id == Some(draft.id));
                let registered = draft.state == DraftState::Registered;
                let mut editor = self.editor_for(*draft, timeline);
                if let Some(mut old) = old {
                    editor.amending = old.amending && registered;
                    editor.tab = old.tab;
                    editor.last_response = old.last_response.take();
                    editor.attachments = std::mem::take(&mut old.attachments);
                    editor.dossier = old.dossier.clone();
                }
                let id = editor.id;
                if ok {
                    editor.tab = Tab::Result;
                    editor.last_response = Some(Box::new(response));
                }
                self.editor = Some(editor);
                if let Some(id) = id {
                    self.worker.submit(Job::Attachments(id));
                }
            }
            self.refresh();
            return;
        }
        if let Some(draft) = draft {
            let step = response.job.and_then(JobCode::step);
            let amending = step == Some(Step::CallUpForAmendment) && ok
                || self.editor.as_ref().is_some_and(|e| e.amending)
                    && step != Some(Step::Amendment);
            let registered = draft.state == DraftState::Registered;
            // The AMA form stays open with the AMA answer (the broker reads the difference,
            // then registers it with AMC), and after a refusal; a registered AMC closes it.
            let form = self
                .editor
                .as_mut()
                .filter(|e| e.id == Some(draft.id))
                .and_then(|e| e.tax_amendment.take())
                .filter(|_| {
                    step.is_some_and(Step::is_tax_amendment)
                        && !(ok && step == Some(Step::TaxAmendment))
                });
            let mut editor = self.editor_for(*draft, timeline);
            editor.amending = amending && registered;
            // HYS answers on the dossier tab, where its receipt shows; an AMA on its form.
            editor.tab = if form.is_some() {
                Tab::TaxAmendment
            } else if response.attachment.is_some() {
                Tab::Dossier
            } else {
                Tab::Result
            };
            editor.tax_amendment = form;
            if let Some(old) = self.editor.take().filter(|e| e.id == editor.id) {
                editor.attachments = old.attachments;
                editor.dossier = old.dossier;
            }
            let id = editor.id;
            editor.last_response = Some(Box::new(response));
            self.editor = Some(editor);
            self.screen = Screen::Editor;
            if let Some(id) = id {
                self.worker.submit(Job::Attachments(id));
            }
        } else if let Some(editor) = self.editor.as_mut()
            && let (Some(open), Some(answered)) = (editor.declaration.number, &response.declaration)
            && open.base() == answered.number.base()
        {
            // An answer about the open declaration that the store could not give back; a
            // certificate registration is not one.
            editor.last_response = Some(Box::new(response));
        }
        self.refresh();
    }

    /// The status line for an answer: the job and its words; the result code only when it
    /// says something (not `00000`). A trainee
    /// refused for an unsigned job is told where the practice token is made.
    fn answer_line(&self, response: &Response) -> Bilingual {
        let result = &response.result;
        // HYS: the receipt number is what the broker needs next (EA/EB, the officer).
        let receipt = response.attachment.as_ref().map(|r| {
            Bilingual::new(
                format!(
                    "Số tiếp nhận hồ sơ {} ({}, {} tệp)",
                    r.number, r.class, r.files
                ),
                format!(
                    "Dossier receipt number {} ({}, {} files)",
                    r.number, r.class, r.files
                ),
            )
        });
        let hint = (result.code == codes::SIGNATURE_REQUIRED.0 && self.profile.is_none())
            .then(|| text_of(Text::MakePracticeHint))
            .or(receipt);
        // A broker knows the VNACCS codes (IDC); the simulator's own steps are named.
        let job = |vietnamese: bool| match response.job {
            Some(JobCode::Business(code)) => code.code().to_owned(),
            Some(JobCode::Control(control)) => control.name().pick(vietnamese).to_owned(),
            None => String::new(),
        };
        let line = |words: &str, hint: Option<&str>, vietnamese: bool| {
            let head = if result.is_success() {
                job(vietnamese)
            } else {
                format!("{} {}", job(vietnamese), result.code)
            };
            match hint {
                Some(hint) => format!("{head} — {words}. {hint}"),
                None => format!("{head} — {words}"),
            }
        };
        Bilingual::new(
            line(
                &result.message_vi,
                hint.as_ref().map(|h| h.vi.as_str()),
                true,
            ),
            line(
                &result.message_en,
                hint.as_ref().map(|h| h.en.as_str()),
                false,
            ),
        )
    }

    /// The worker has ended: the open declaration is written to `recovery/` in the data folder
    /// (the file format `khaibao import` reads), so that nothing typed is lost, and the broker
    /// is told where it is.
    pub(super) fn rescue(&mut self) {
        let folder = self.setup.data_dir.join("recovery");
        let stamp = self.clock.machine_now().format("%Y%m%d-%H%M%S").to_string();
        let saved = self.editor.as_ref().filter(|e| e.dirty).map(|editor| {
            crate::domain::file::to_json(&editor.declaration)
                .map_err(std::io::Error::other)
                .and_then(|json| {
                    std::fs::create_dir_all(&folder)?;
                    write_new(&folder, &stamp, &json)
                })
        });
        if let (Some(Ok(_)), Some(editor)) = (&saved, self.editor.as_mut()) {
            editor.dirty = false;
        }
        let message = match saved {
            Some(Ok(file)) => Bilingual::new(
                format!(
                    "Tiến trình nền đã dừng; tờ khai đang mở đã được ghi vào {} (mở lại bằng khaibao import)",
                    file.display()
                ),
                format!(
                    "The background worker stopped; the open declaration was written to {} (open it with khaibao import)",
                    file.display()
                ),
            ),
            Some(Err(e)) => Bilingual::new(
                format!(
                    "Tiến trình nền đã dừng và không ghi được tờ khai ({e}); đừng đóng cửa sổ, hãy chép dữ liệu ra"
                ),
                format!(
                    "The background worker stopped and the declaration could not be written ({e}); do not close the window, copy the data out"
                ),
            ),
            // The worker could not even start: its own message (already shown) says why.
            None if self.status.as_ref().is_some_and(|said| said.error) => return,
            None => Bilingual::new(
                "Tiến trình nền đã dừng; hãy khởi động lại KhaiBao",
                "The background worker stopped; restart KhaiBao",
            ),
        };
        self.say(message, true);
    }
}

/// Writes `content` to a file of `folder` named after `stamp` that does not exist yet
/// (`stamp.json`, else `stamp-2.json`, …): a rescue never overwrites an earlier one.
fn write_new(folder: &std::path::Path, stamp: &str, content: &str) -> std::io::Result<PathBuf> {
    use std::io::Write as _;
    let mut attempt = 1;
    loop {
        let name = if attempt == 1 {
            format!("{stamp}.json")
        } else {
            format!("{stamp}-{attempt}.json")
        };
        let path = folder.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(content.as_bytes())?;
                file.sync_all()?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 10_000 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}
