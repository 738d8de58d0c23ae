//! Running the screens' commands: worker jobs, the PIN dialog before signed jobs, preferences,
//! and saving the open work before anything replaces it or the window closes.

use std::time::{Duration, Instant};

use eframe::egui;

use super::{App, PendingSigned, start_worker, text_of};
use crate::signing::helper::Pin;
use crate::ui::command::Command;
use crate::ui::dialogs::{self, Browse};
use crate::ui::i18n::Text;
use crate::ui::screens::Screen;
use crate::ui::screens::editor::EditorState;
use crate::ui::screens::pin_dialog::PinDialog;
use crate::ui::screens::welcome::WelcomeChoice;
use crate::ui::worker::{Job, NumberedJob, numbered};
use crate::wire::Operation;

impl App {
    /// Runs one command (after the frame).
    #[allow(clippy::too_many_lines)] // One arm per command: a flat table of where each goes.
    pub fn run(&mut self, command: Command) {
        match command {
            Command::Show(screen) => {
                self.screen = screen;
                if screen == Screen::List {
                    self.refresh();
                }
                // The policy is the core's (an instructor may change it from the command line):
                // asked each time the simulator screen is shown.
                if screen == Screen::Simulator {
                    self.worker.submit(Job::LearnPolicy);
                }
                if screen == Screen::Customers {
                    self.worker.submit(Job::Customers);
                }
                if screen == Screen::Class {
                    // Read at once, then every few seconds; the titles of the exercises named.
                    if !self.class.running {
                        self.class.asked = None;
                    }
                    if self.exercises.is_empty() {
                        self.exercises = crate::exercise::catalogue();
                    }
                }
                if screen == Screen::Exercises {
                    if self.exercises.is_empty() {
                        self.exercises = crate::exercise::catalogue();
                    }
                    let ids = self.exercises.iter().map(|e| e.id.clone()).collect();
                    self.worker.submit(Job::Attempts(ids));
                }
            }
            Command::ClassOfficer { number, action } => {
                self.worker
                    .submit(Job::Simulator(crate::wire::Operation::Officer {
                        number,
                        action,
                    }));
                // Read again once it is answered (the worker runs jobs in order).
                if !self.class.running {
                    self.class.asked = None;
                }
            }
            Command::CopyFromClass(number) => {
                self.keep_open_work();
                self.worker.submit(Job::CopyFromClass(number));
            }
            Command::RefreshClass => {
                if !self.class.running {
                    self.class.asked = None;
                }
            }
            Command::TrustServer { url, fingerprint } => {
                self.trust = None;
                self.worker.submit(Job::TrustServer { url, fingerprint });
            }
            Command::DeclineTrust => {
                self.declined = self.trust.take();
                self.say(text_of(Text::TrustDeclined), true);
            }
            Command::StartExercise(id) => self.start_exercise(&id),
            Command::ScoreExercise => self.score_exercise(),
            Command::Search(_) => self.refresh(),
            Command::New(direction) => {
                self.keep_open_work();
                self.editor = Some(EditorState::new(direction, &self.codes, self.clock.today()));
                self.screen = Screen::Editor;
            }
            Command::NewForCustomer(customer, direction) => {
                self.keep_open_work();
                let mut declaration = customer.new_declaration(direction);
                declaration.goods.push(crate::domain::GoodsLine::default());
                let editor = EditorState::with(
                    None,
                    declaration,
                    crate::store::DraftState::Draft,
                    &self.codes,
                    self.clock.today(),
                );
                self.editor = Some(editor);
                self.screen = Screen::Editor;
            }
            Command::SaveCustomer(customer) => self.worker.submit(Job::SaveCustomer(customer)),
            Command::DeleteCustomer(id) => self.worker.submit(Job::DeleteCustomer(id)),
            Command::Open(id) => {
                // Opened: the broker sees what the watch-list said about it.
                self.watch.changes.retain(|c| c.id != id);
                self.keep_open_work();
                self.worker.submit(Job::Open(id));
            }
            Command::Copy(id) => {
                self.keep_open_work();
                self.worker.submit(Job::Copy(id));
            }
            Command::Delete(id) => self.worker.submit(Job::Delete(id)),
            Command::ImportFile(path) => {
                self.keep_open_work();
                self.worker.submit(Job::ImportFile(path));
            }
            Command::Browse(what) => self.browse(what),
            Command::Print => {
                self.print();
            }
            Command::BrowseAttachments(_)
            | Command::Attach { .. }
            | Command::RemoveAttachment(_)
            | Command::ExportArchive => self.run_dossier(command),
            Command::SendDossier(form) => self.signed_or_not(PendingSigned::Dossier(form)),
            Command::ManualClearance {
                number,
                lane,
                cleared_on,
            } => {
                if let Some(id) = self.editor.as_ref().and_then(|e| e.id) {
                    self.worker.submit(Job::ManualClearance {
                        id,
                        number,
                        lane,
                        cleared_on,
                    });
                }
            }
            Command::ManualPrint
            | Command::ShowOutbox(_)
            | Command::ResendOutbox(_)
            | Command::RemoveOutbox(_) => self.run_outbox(&command),
            Command::Save if self.worker.stopped() => self.rescue(),
            Command::Save => {
                if let Some(editor) = &self.editor {
                    self.worker.submit(Job::Save {
                        id: editor.id,
                        declaration: Box::new(editor.declaration.clone()),
                    });
                }
            }
            Command::Provisional => self.signed_or_not(PendingSigned::Provisional),
            Command::Numbered(job) => self.signed_or_not(PendingSigned::Numbered(job)),
            Command::CancelDeclaration(reason) => self.signed_or_not(PendingSigned::Cancel(reason)),
            Command::TaxAmendment(changes) => {
                self.signed_or_not(PendingSigned::TaxAmendment(changes));
            }
            Command::RegisterTaxAmendment { number, changes } => {
                self.signed_or_not(PendingSigned::RegisterTaxAmendment(number, changes));
            }
            Command::RegisterCertificate { name, id_number } => {
                self.pin = Some(PinDialog::new(PendingSigned::RegisterCertificate {
                    name,
                    id_number,
                }));
            }
            Command::Advance(seconds) => self
                .worker
                .submit(Job::Simulator(Operation::AdvanceClock { seconds })),
            Command::Officer(action) => {
                self.dispatch(PendingSigned::Numbered(NumberedJob::Officer(action)), None);
            }
            Command::SignaturePolicy(required) => self
                .worker
                .submit(Job::Simulator(Operation::SetSignaturePolicy { required })),
            Command::ResetSimulator => self.worker.submit(Job::Simulator(Operation::Reset)),
            Command::StopJob => self.setup.helper.cancel(),
            Command::PreviewGoods { .. }
            | Command::RememberGoodsMapping { .. }
            | Command::ExportGoods(_)
            | Command::GoodsTemplate(_)
            | Command::Suggest { .. }
            | Command::SaveTemplate { .. }
            | Command::SplitInvoice { .. }
            | Command::ListTemplates
            | Command::FromTemplate(_)
            | Command::DeleteTemplate(_) => self.run_goods(command),
            Command::WatchNow => self.watch.schedule.check_now(),
            Command::DismissWatch => self.watch.changes.clear(),
            other => self.run_settings(other),
        }
    }

    /// The goods tab's commands (spreadsheets and history) and the templates'.
    fn run_goods(&mut self, command: Command) {
        match command {
            Command::SaveTemplate {
                name,
                customer,
                declaration,
            } => self.worker.submit(Job::SaveTemplate {
                name,
                customer,
                declaration,
            }),
            Command::ListTemplates => self.worker.submit(Job::Templates),
            Command::SplitInvoice { whole, first } => {
                self.worker.submit(Job::SplitInvoice { whole, first });
            }
            Command::FromTemplate(id) => {
                self.keep_open_work();
                self.worker.submit(Job::FromTemplate(id));
            }
            Command::DeleteTemplate(id) => self.worker.submit(Job::DeleteTemplate(id)),
            Command::PreviewGoods {
                file,
                direction,
                customer,
                mapping,
            } => {
                let vietnamese = self.language.is_vietnamese();
                self.worker.submit(Job::PreviewGoods {
                    file,
                    direction,
                    customer,
                    mapping,
                    vietnamese,
                });
            }
            Command::RememberGoodsMapping { customer, mapping } => {
                self.worker
                    .submit(Job::RememberGoodsMapping { customer, mapping });
            }
            Command::ExportGoods(declaration) => self.export_goods(&declaration),
            Command::GoodsTemplate(direction) => self.goods_template(direction),
            Command::Suggest {
                line,
                customer,
                query,
            } => self.worker.submit(Job::Suggest {
                line,
                customer,
                query,
            }),
            _ => {}
        }
    }

    /// The settings' commands: preferences, connection, credentials, token, backup.
    fn run_settings(&mut self, command: Command) {
        match command {
            Command::SetLanguage(language) => {
                self.language = language;
                self.save_prefs(Text::LanguageChanged);
            }
            Command::Welcome(choice) => self.welcomed(choice),
            Command::SetTheme { dark } => {
                self.prefs.dark = dark;
                self.save_prefs(Text::DisplaySaved);
            }
            Command::SetWatchInterval(minutes) => {
                self.prefs.watch_minutes = minutes;
                self.watch
                    .schedule
                    .set_minutes(minutes, self.clock.machine_now());
                self.save_prefs(Text::WatchIntervalSaved);
            }
            Command::SetScale(scale) => {
                self.prefs.scale = scale.clamp(0.8, 1.6);
                self.save_prefs(Text::DisplaySaved);
            }
            Command::SaveIdentity {
                company_name,
                company_tax_code,
                broker_name,
                user_id,
            } => {
                self.prefs.company_name = company_name;
                self.prefs.company_tax_code = company_tax_code;
                self.prefs.broker_name = broker_name;
                self.prefs.user_id = user_id;
                self.save_prefs(Text::SettingsSaved);
            }
            Command::Reconnect { server, user_id } => self.reconnect(server, user_id),
            Command::CheckConnection => self.worker.submit(Job::CheckConnection),
            Command::SaveCredentials(credentials) => {
                self.worker.submit(Job::SaveCredentials(credentials));
            }
            Command::Backup(path) => self.worker.submit(Job::Backup(path)),
            Command::PreviewTable { table, file } => {
                self.worker.submit(Job::PreviewTable { table, file });
            }
            Command::ApplyTable {
                table,
                file,
                allow_removals,
            } => {
                let effective = self.clock.today();
                self.worker.submit(Job::ApplyTable {
                    table,
                    file,
                    allow_removals,
                    effective,
                });
            }
            Command::RollbackTables => self.worker.submit(Job::RollbackTables),
            Command::Restore(path) => {
                self.worker.submit(Job::Restore(path));
                self.refresh();
            }
            Command::TestToken(module) => {
                self.stoppable = true;
                self.worker.submit(Job::Tokens(module));
            }
            Command::UseCertificate(module, certificate) => {
                self.worker.submit(Job::UseCertificate(module, certificate));
            }
            Command::MakePractice {
                name,
                tax_code,
                pin,
            } => {
                self.stoppable = true;
                let request = crate::workflow::tokens::practice_request(
                    name,
                    tax_code,
                    crate::signature::KeyKind::Rsa,
                    self.clock.machine_today(),
                    None,
                );
                self.worker.submit(Job::Practice(request, pin));
            }
            _ => {}
        }
    }

    /// The system's file dialog; what is chosen is used at once.
    fn browse(&mut self, what: Browse) {
        let Some(path) = dialogs::pick(what, self.language) else {
            // Cancelled, or no dialog could open (no desktop portal): say what else works.
            self.say(super::text_of(Text::NoFileChosen), false);
            return;
        };
        match what {
            Browse::TokenLibrary => {
                self.settings.set_module(path.display().to_string());
                self.run(Command::TestToken(path));
            }
            Browse::DeclarationFile => self.run(Command::ImportFile(path)),
            Browse::CodeTableFile => self.settings.set_table_file(path.display().to_string()),
            Browse::GoodsFile => {
                let Some(editor) = &self.editor else {
                    return;
                };
                let customer = editor
                    .declaration
                    .declarant
                    .tax_code
                    .clone()
                    .unwrap_or_default();
                let direction = editor.declaration.direction;
                self.run(Command::PreviewGoods {
                    file: path,
                    direction,
                    customer,
                    mapping: None,
                });
            }
        }
    }

    /// Writes the goods lines where the broker chooses (`.csv` by the name, else `.xlsx`),
    /// in the window's language and number convention.
    fn export_goods(&mut self, declaration: &crate::domain::Declaration) {
        let Some(path) = dialogs::save(dialogs::SaveAs::Goods, self.language) else {
            return;
        };
        let vietnamese = self.language.is_vietnamese();
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = if csv {
            Ok(crate::goods_sheet::export::to_csv(
                &declaration.goods,
                declaration.direction,
                vietnamese,
                vietnamese,
            ))
        } else {
            crate::goods_sheet::export::to_xlsx(
                &declaration.goods,
                declaration.direction,
                vietnamese,
            )
        };
        match bytes {
            Ok(bytes) => self.worker.submit(Job::WriteFile { path, bytes }),
            Err(e) => self.say(e.message(), true),
        }
    }

    /// Writes the import template where the broker chooses.
    fn goods_template(&mut self, direction: crate::domain::Direction) {
        let Some(path) = dialogs::save(dialogs::SaveAs::GoodsTemplate, self.language) else {
            return;
        };
        match crate::goods_sheet::export::template_xlsx(direction, self.language.is_vietnamese()) {
            Ok(bytes) => self.worker.submit(Job::WriteFile { path, bytes }),
            Err(e) => self.say(e.message(), true),
        }
    }

    /// The open declaration as a PDF: where to is asked here (the system's dialog, as a file
    /// is chosen elsewhere), the worker renders and writes it and opens the system's viewer.
    /// Printed with customs' last answer (number, lane, dates, taxes) when it is about this
    /// declaration, else with KhaiBao's own tax preview.
    /// The dossier tab's commands: files chosen and attached, removed, the archive written.
    fn run_dossier(&mut self, command: Command) {
        let Some(editor) = &self.editor else { return };
        let Some(id) = editor.id else {
            self.say(super::text_of(Text::DossierSaveFirst), true);
            return;
        };
        let number = editor.declaration.number;
        match command {
            Command::BrowseAttachments(kind) => {
                match dialogs::pick_documents(self.language) {
                    Some(paths) if !paths.is_empty() => {
                        self.worker.submit(Job::Attach { id, paths, kind });
                    }
                    // Cancelled, or no dialog could open: the typed path works.
                    _ => self.say(super::text_of(Text::NoFileChosen), false),
                }
            }
            Command::Attach { paths, kind } => self.worker.submit(Job::Attach { id, paths, kind }),
            Command::RemoveAttachment(attachment) => {
                self.worker.submit(Job::RemoveAttachment { id, attachment });
            }
            Command::ExportArchive => {
                let name = number.map_or_else(
                    || format!("ho-so-ban-nhap-{id}.zip"),
                    |n| format!("ho-so-{n}.zip"),
                );
                if let Some(path) = dialogs::save_zip(&name, self.language) {
                    self.worker.submit(Job::ExportArchive { id, path });
                }
            }
            _ => {}
        }
    }

    /// The outbox's commands and the manual procedure's print.
    fn run_outbox(&mut self, command: &Command) {
        match command {
            Command::ManualPrint => {
                if self.print()
                    && let Some(id) = self.editor.as_ref().and_then(|e| e.id)
                {
                    self.worker.submit(Job::ManualPrinted(id));
                }
            }
            Command::ShowOutbox(open) => self.outbox.open = *open,
            Command::ResendOutbox(row) => self.worker.submit(Job::Resend(*row)),
            Command::RemoveOutbox(row) => self.worker.submit(Job::RemoveQueued(*row)),
            _ => {}
        }
    }

    /// Asks where and prints the open declaration on the worker; whether it will be printed.
    fn print(&mut self) -> bool {
        let Some(editor) = &self.editor else {
            return false;
        };
        let declaration = editor.declaration.clone();
        let name = match declaration.number {
            Some(number) => format!("to-khai-{number}.pdf"),
            None => editor.id.map_or_else(
                || "to-khai-ban-nhap.pdf".to_owned(),
                |id| format!("to-khai-ban-nhap-{id}.pdf"),
            ),
        };
        let view = editor
            .last_response
            .as_ref()
            .and_then(|r| r.declaration.as_deref())
            .filter(|view| {
                declaration
                    .number
                    .is_some_and(|n| n.base() == view.number.base())
            })
            .cloned();
        let timeline = editor.timeline.clone();
        let Some(path) = dialogs::save_pdf(&name, self.language) else {
            return false;
        };
        let date = declaration
            .planned_date
            .unwrap_or_else(|| self.clock.today());
        let mut job = crate::print::PrintJob::new(declaration, self.clock.now());
        job.language = if self.language.is_vietnamese() {
            crate::print::Language::Vi
        } else {
            crate::print::Language::En
        };
        if let Some(view) = view {
            job = job.with_view(&view).with_timeline(&timeline);
        }
        let job = job.with_tables(&self.codes, date);
        self.worker.submit(Job::Print {
            job: Box::new(job),
            path,
        });
        true
    }

    /// Saves the preferences, and shows what they say (theme, zoom) at once; `said` names what
    /// was saved (a language switch does not save the identity typed in Settings).
    fn save_prefs(&mut self, said: Text) {
        // The settings form is not refilled here: it holds what the broker typed, which may not
        // be saved yet (a language switch from the top bar must not wipe it).
        self.prefs.english = !self.language.is_vietnamese();
        self.worker
            .submit(Job::SavePrefs(Box::new(self.prefs.clone()), said));
        self.restyle = true;
    }

    /// The first-run welcome was answered: kept, so it is not shown again (saving the
    /// preferences also makes the data folder), then practice opens a new import declaration on
    /// the simulator and setting up opens Settings.
    fn welcomed(&mut self, choice: WelcomeChoice) {
        self.welcome = false;
        self.prefs.welcomed = true;
        match choice {
            WelcomeChoice::Practise => {
                self.save_prefs(Text::WelcomePractising);
                self.run(Command::New(crate::domain::Direction::Import));
            }
            WelcomeChoice::SetUp => {
                self.save_prefs(Text::SettingsSaved);
                self.run(Command::Show(Screen::Settings));
            }
            WelcomeChoice::Later => self.save_prefs(Text::WelcomeLaterSaid),
        }
    }

    /// Reconnects: a new worker with this connection and user.
    pub(super) fn reconnect(&mut self, server: Option<String>, user_id: String) {
        self.prefs.server = server;
        self.prefs.user_id = user_id;
        self.setup.connection =
            crate::workflow::Connection::from_setting(self.prefs.server.as_deref().unwrap_or(""));
        self.setup.user_id = self.prefs.user_id.clone();
        self.worker = start_worker(&self.setup, &self.codes, &self.repaint);
        // Another connection: another class, and its server's trust asked afresh.
        self.class = crate::ui::screens::class::ClassState::default();
        self.trust = None;
        self.declined = None;
        // The new connection is watched at once; a round on the old worker is gone with it.
        self.watch.running = false;
        self.watch.schedule.check_now();
        self.save_prefs(Text::SettingsSaved);
        self.refresh();
    }

    /// Before another declaration takes the editor's place: unsaved edits are saved first (the
    /// worker runs jobs in order, so the save lands before the next open).
    fn keep_open_work(&mut self) {
        if self.editor.as_ref().is_some_and(|e| e.dirty) {
            self.run(Command::Save);
        }
    }

    /// The window is closing: unsaved edits are saved, waiting up to 5 s for the worker (or
    /// written to `recovery/` if it has stopped).
    pub(super) fn flush_before_close(&mut self) {
        if !self.editor.as_ref().is_some_and(|e| e.dirty) {
            return;
        }
        self.run(Command::Save);
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.worker.busy() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
            for outcome in self.worker.poll() {
                self.apply(outcome);
            }
        }
        // The save failed or did not come back in time: the work goes to recovery/ instead.
        if self.editor.as_ref().is_some_and(|e| e.dirty) {
            self.rescue();
        }
    }

    /// Asks the store for the list again, with the list's search.
    pub(super) fn refresh(&mut self) {
        self.worker.submit(Job::List {
            search: self.list.search().to_owned(),
        });
    }

    /// Asks the PIN first when the job will be signed.
    fn signed_or_not(&mut self, pending: PendingSigned) {
        let operation_needs = match &pending {
            PendingSigned::Numbered(job) => {
                matches!(job, NumberedJob::Official | NumberedJob::Amendment)
            }
            PendingSigned::Provisional
            | PendingSigned::Cancel(_)
            | PendingSigned::Dossier(_)
            | PendingSigned::RegisterCertificate { .. }
            | PendingSigned::TaxAmendment(_)
            | PendingSigned::RegisterTaxAmendment(..) => true,
        };
        if operation_needs && self.profile.is_some() {
            self.pin = Some(PinDialog::new(pending));
        } else {
            self.dispatch(pending, None);
        }
    }

    /// Sends a job, signed with `pin` when there is one.
    pub(super) fn dispatch(&mut self, pending: PendingSigned, pin: Option<Pin>) {
        self.stoppable = pin.is_some();
        if let PendingSigned::RegisterCertificate { name, id_number } = pending {
            if let Some(pin) = pin {
                self.worker.submit(Job::RegisterCertificate {
                    name,
                    id_number,
                    pin,
                });
            }
            return;
        }
        let Some(editor) = &self.editor else { return };
        let job = match pending {
            PendingSigned::Provisional => Job::Provisional {
                id: editor.id,
                declaration: Box::new(editor.declaration.clone()),
                pin,
            },
            PendingSigned::Numbered(kind) => {
                let (Some(id), Some(number)) = (editor.id, editor.declaration.number) else {
                    return;
                };
                Job::Numbered {
                    id,
                    operation: numbered(kind, number),
                    pin,
                }
            }
            PendingSigned::Cancel(reason) => {
                let (Some(id), Some(number)) = (editor.id, editor.declaration.number) else {
                    return;
                };
                Job::Numbered {
                    id,
                    operation: Operation::Cancel { number, reason },
                    pin,
                }
            }
            PendingSigned::Dossier(form) => {
                let Some(id) = editor.id else { return };
                Job::SendDossier { id, form, pin }
            }
            PendingSigned::TaxAmendment(changes) => {
                let Some(id) = editor.id else { return };
                Job::TaxAmendment { id, changes, pin }
            }
            PendingSigned::RegisterTaxAmendment(number, changes) => {
                let Some(id) = editor.id else { return };
                Job::RegisterTaxAmendment {
                    id,
                    number,
                    changes,
                    pin,
                }
            }
            PendingSigned::RegisterCertificate { .. } => return,
        };
        self.worker.submit(job);
    }
}

/// Theme and zoom of the preferences, applied to the window.
pub(super) fn restyle(ctx: &egui::Context, prefs: &crate::ui::prefs::Prefs) {
    ctx.set_visuals(if prefs.dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    });
    ctx.set_zoom_factor(prefs.scale.clamp(0.8, 1.6));
}

impl App {
    /// Trainee mode: a new declaration of the exercise's direction, its documents and hints
    /// beside the form.
    fn start_exercise(&mut self, id: &str) {
        let Some(exercise) = self.exercises.iter().find(|e| e.id == id).cloned() else {
            return;
        };
        self.keep_open_work();
        let mut editor = EditorState::new(
            exercise.key.declaration.direction,
            &self.codes,
            self.clock.today(),
        );
        editor.exercise = Some(crate::ui::screens::editor::ExerciseSession::new(exercise));
        self.editor = Some(editor);
        self.screen = Screen::Editor;
    }

    /// Trainee mode: scores the open declaration against its exercise's key, with what the
    /// simulator answered for it when its last answer is about this declaration.
    fn score_exercise(&mut self) {
        let Some(editor) = self.editor.as_ref() else {
            return;
        };
        let Some(session) = editor.exercise.as_ref() else {
            return;
        };
        let outcome = editor
            .last_response
            .as_deref()
            .and_then(|r| r.declaration.as_deref())
            .filter(|view| {
                editor
                    .declaration
                    .number
                    .is_some_and(|n| n.base() == view.number.base())
            })
            .map(crate::workflow::exercise::outcome_of);
        self.worker.submit(Job::ScoreExercise {
            exercise: session.exercise.clone(),
            declaration: Box::new(editor.declaration.clone()),
            outcome,
        });
    }
}
