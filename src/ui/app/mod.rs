//! The window's application: it owns the screens, the worker and what the worker said. Each
//! frame it draws the screens from a [`Frame`] and collects their [`Command`]s, then runs them
//! ([`run`]: worker jobs, or its own state) and applies the worker's outcomes as they arrive
//! ([`apply`]).

mod apply;
mod run;

use crate::ui::screens::welcome::welcome;
use std::time::Instant;

use eframe::egui;

use super::command::Command;
use super::i18n::{Language, Text};
use super::prefs::Prefs;
use super::screens::customers::CustomersScreen;
use super::screens::editor::{EditorState, Tab};
use super::screens::exercises::{ExercisesScreen, ExercisesView};
use super::screens::list::ListScreen;
use super::screens::pin_dialog::{PinAnswer, PinDialog};
use super::screens::settings::{SettingsScreen, SettingsView};
use super::screens::simulator::{SimulatorScreen, SimulatorView};
use super::screens::top_bar::{self, Status};
use super::screens::watch::{WatchView, watch_bar};
use super::worker::{Job, NumberedJob, Setup, Worker};
use crate::codes::CodeLists;
use crate::domain::text::Bilingual;
use crate::signing::profile::SigningProfile;
use crate::store::{Customer, DraftId, DraftSummary};
use crate::workflow::watch::{Change, Schedule};

pub use super::screens::{Frame, Screen};

/// What waits for the PIN.
#[derive(Debug, Clone, PartialEq)]
enum PendingSigned {
    Provisional,
    Numbered(NumberedJob),
    Cancel(String),
    RegisterCertificate {
        name: String,
        id_number: String,
    },
    TaxAmendment(Box<crate::domain::tax_changes::TaxChanges>),
    RegisterTaxAmendment(
        crate::domain::DeclarationNumber,
        Box<crate::domain::tax_changes::TaxChanges>,
    ),
    Dossier(crate::workflow::dossier::HysForm),
}

/// Asks the window for a repaint (from the worker thread).
#[derive(Clone)]
struct Repaint(std::sync::Arc<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for Repaint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Repaint")
    }
}

/// The desktop app.
#[derive(Debug)]
pub struct App {
    /// Language.
    pub language: Language,
    /// Current screen.
    pub screen: Screen,
    /// The open declaration.
    pub editor: Option<EditorState>,
    codes: CodeLists,
    worker: Worker,
    setup: Setup,
    repaint: Repaint,
    clock: crate::clock::Clock,
    prefs: Prefs,
    list: ListScreen,
    settings: SettingsScreen,
    simulator: SimulatorScreen,
    customers_screen: CustomersScreen,
    /// The store's customers, by name (the customers screen and the list's filter).
    customers: Vec<Customer>,
    /// Trainee mode: the shipped exercises (read when their screen is first shown, not at
    /// start-up), their screen and every attempt at each.
    exercises: Vec<crate::exercise::Exercise>,
    exercises_screen: ExercisesScreen,
    attempts: std::collections::BTreeMap<String, Vec<crate::store::ExerciseAttempt>>,
    /// Classroom: the instructor's view of the class, as last read.
    class: super::screens::class::ClassState,
    /// Classroom: a server whose fingerprint the trainee is asked to compare, and the one they
    /// said differs (not asked again until the connection is made again).
    trust: Option<super::screens::trust_dialog::TrustRequest>,
    declined: Option<super::screens::trust_dialog::TrustRequest>,
    /// The clearance watch-list.
    watch: Watch,
    /// The outbox.
    outbox: Outbox,
    pin: Option<PinDialog<PendingSigned>>,
    /// What the worker said: where requests go, the signing certificate, the credential store.
    connection: Option<Bilingual>,
    profile: Option<SigningProfile>,
    credential_store: Option<Bilingual>,
    rows: Vec<DraftSummary>,
    status: Option<Said>,
    signatures_required: Option<bool>,
    open_tab: Option<Tab>,
    stoppable: bool,
    /// The theme or zoom changed: applied to the window on the next frame.
    restyle: bool,
    startup_probe: Option<Instant>,
    /// The first-run welcome is shown.
    welcome: bool,
    /// What was typed after an Enter or Tab, held until the focus has moved.
    typeahead: crate::ui::typeahead::TypeAhead,
}

impl App {
    /// A window over `codes`, with its worker opening the store and core from `setup`. The
    /// simulator's stored clock offset is learnt first, so the first frame shows simulated time.
    pub fn new(codes: CodeLists, setup: Setup, repaint: impl Fn() + Send + Sync + 'static) -> Self {
        crate::workflow::learn_stored_offset(&setup.data_dir, &setup.connection, &setup.clock);
        let repaint = Repaint(std::sync::Arc::new(repaint));
        let worker = start_worker(&setup, &codes, &repaint);
        let module = crate::signing::modules::installed()
            .first()
            .map(|m| m.path.clone())
            .unwrap_or_default();
        let prefs = Prefs {
            user_id: setup.user_id.clone(),
            server: setup.connection.setting(),
            ..Prefs::default()
        };
        let mut app = Self {
            language: Language::default(),
            screen: Screen::List,
            editor: None,
            codes,
            worker,
            clock: setup.clock.clone(),
            setup,
            repaint,
            settings: SettingsScreen::new(&prefs, module),
            prefs,
            list: ListScreen::default(),
            simulator: SimulatorScreen::default(),
            customers_screen: CustomersScreen::default(),
            customers: Vec::new(),
            exercises: Vec::new(),
            exercises_screen: ExercisesScreen::default(),
            attempts: std::collections::BTreeMap::new(),
            class: super::screens::class::ClassState::default(),
            trust: None,
            declined: None,
            watch: Watch::default(),
            outbox: Outbox::default(),
            pin: None,
            connection: None,
            profile: None,
            credential_store: None,
            rows: Vec::new(),
            status: None,
            signatures_required: None,
            open_tab: None,
            stoppable: false,
            restyle: false,
            startup_probe: None,
            welcome: false,
            typeahead: crate::ui::typeahead::TypeAhead::default(),
        };
        app.refresh();
        app.worker.submit(Job::Customers);
        app
    }

    /// Applies saved preferences (language, theme, scale, identity) to the window.
    ///
    /// Settings show the connection and user in use: those `KHAIBAO_SERVER` / `KHAIBAO_USER`
    /// chose when set, not the saved ones (a tryout saw the embedded simulator shown while a
    /// classroom server was in use, and saving would have switched back to it).
    pub fn apply_prefs(&mut self, ctx: &egui::Context, mut prefs: Prefs) {
        prefs.server = self.setup.connection.setting();
        prefs.user_id.clone_from(&self.setup.user_id);
        self.language = if prefs.english {
            Language::English
        } else {
            Language::Vietnamese
        };
        run::restyle(ctx, &prefs);
        self.settings.load(&prefs);
        self.watch
            .schedule
            .set_minutes(prefs.watch_minutes, self.clock.machine_now());
        self.prefs = prefs;
    }

    /// Shows the first-run welcome (practise or set up) until it is answered.
    pub fn offer_welcome(&mut self) {
        self.welcome = true;
    }

    /// Whether the first-run welcome is shown.
    pub fn welcoming(&self) -> bool {
        self.welcome
    }

    /// Measures start-up (`KHAIBAO_STARTUP_PROBE`): once the first list has been drawn, prints
    /// the time since `started` and the resident memory to stderr, and closes the window.
    pub fn probe_startup(&mut self, started: Instant) {
        self.startup_probe = Some(started);
    }

    fn report_startup(&mut self, ui: &egui::Ui, first_frame: bool) {
        let Some(started) = self.startup_probe else {
            return;
        };
        if first_frame {
            eprintln!("first frame: {} ms", started.elapsed().as_millis());
        }
        if !self.worker.busy() {
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS:"))
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            eprintln!(
                "ready (store and core open, list drawn): {} ms; {rss}",
                started.elapsed().as_millis()
            );
            self.startup_probe = None;
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Opens a stored declaration on a tab (start-up with `khaibao open ID --tab …`).
    pub fn open_declaration(&mut self, id: DraftId, tab: Option<Tab>) {
        self.open_tab = tab;
        self.worker.submit(Job::Open(id));
    }

    /// Whether the worker is still running jobs.
    pub fn busy(&self) -> bool {
        self.worker.busy()
    }

    /// The status line in the window's language, and whether it reports an error.
    pub fn status(&self) -> Option<(String, bool)> {
        self.status.as_ref().map(|said| {
            let text = said.text.pick(self.language.is_vietnamese()).to_owned();
            (text, said.error)
        })
    }

    /// Whether the PIN dialog is open.
    pub fn asking_pin(&self) -> bool {
        self.pin.is_some()
    }

    /// The list rows.
    pub fn rows(&self) -> &[DraftSummary] {
        &self.rows
    }

    /// The changes the clearance watch-list saw and the broker has not dismissed.
    pub fn watch_changes(&self) -> &[Change] {
        &self.watch.changes
    }

    /// The customers, by name.
    pub fn customers(&self) -> &[Customer] {
        &self.customers
    }

    /// Changes the open declaration as if typed (imports, tests): revalidates and marks it
    /// unsaved. Does nothing when no declaration is open.
    pub fn edit_declaration(&mut self, edit: impl FnOnce(&mut crate::domain::Declaration)) {
        let today = self.clock.today();
        if let Some(editor) = self.editor.as_mut() {
            editor.replace(edit, &self.codes, today, Instant::now());
        }
    }

    /// Starts a round of the watch-list when one is due (once the worker is ready, one at a
    /// time); the time left until the next one (`None` while one runs), with a repaint asked
    /// for when the countdown's next second comes.
    fn watch_due(
        &mut self,
        ctx: &egui::Context,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<chrono::Duration> {
        if self.connection.is_some()
            && !self.watch.running
            && !self.worker.stopped()
            && self.watch.schedule.due(now)
        {
            self.watch.running = true;
            self.watch.schedule.started(now);
            self.worker.submit(Job::Watch);
        }
        let left = (!self.watch.running).then(|| self.watch.schedule.remaining(now));
        if let Some(left) = left {
            let millis = u64::try_from(left.num_milliseconds() % 1000).unwrap_or(0);
            ctx.request_repaint_after(std::time::Duration::from_millis(if millis == 0 {
                1000
            } else {
                millis
            }));
        }
        left
    }

    /// Classroom: reads the instructor's view again when its screen is shown and the last read
    /// is [`super::screens::class::REFRESH_SECONDS`] old; asks for the repaint that will.
    fn class_due(&mut self, ctx: &egui::Context, instant: Instant) {
        if self.screen != Screen::Class || self.connection.is_none() || self.worker.stopped() {
            return;
        }
        if self.class.due(instant) {
            self.class.running = true;
            self.class.asked = Some(instant);
            self.worker.submit(Job::ClassView);
        }
        ctx.request_repaint_after(std::time::Duration::from_secs(
            super::screens::class::REFRESH_SECONDS,
        ));
    }

    /// Draws the screen shown, in the central panel.
    fn screen(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) -> Vec<Command> {
        let connection = self
            .connection
            .as_ref()
            .map_or("", |c| c.pick(self.language.is_vietnamese()));
        let mut commands = Vec::new();
        match self.screen {
            Screen::List => {
                commands.extend(self.list.show(ui, frame, &self.rows, &self.customers));
            }
            Screen::Customers => {
                commands.extend(self.customers_screen.show(ui, frame, &self.customers));
            }
            Screen::Exercises => {
                let view = ExercisesView {
                    catalogue: &self.exercises,
                    attempts: &self.attempts,
                };
                commands.extend(self.exercises_screen.show(ui, frame, &view));
            }
            Screen::Editor => match self.editor.as_mut() {
                Some(editor) => commands.extend(editor.show(ui, frame)),
                None => {
                    ui.label(frame.t(Text::NoDeclarationOpen));
                }
            },
            Screen::Settings => {
                let view = SettingsView {
                    data_dir: &self.setup.data_dir,
                    connection,
                    profile: self.profile.as_ref(),
                    credential_store: self.credential_store.as_ref(),
                };
                commands.extend(self.settings.show(ui, frame, &view));
            }
            Screen::Class => {
                commands.extend(super::screens::class::class_screen(
                    ui,
                    frame,
                    &self.class,
                    &self.exercises,
                ));
            }
            Screen::Simulator => {
                let view = SimulatorView {
                    open: self.editor.as_ref().and_then(|e| e.declaration.number),
                    signatures_required: self.signatures_required,
                };
                commands.extend(self.simulator.show(ui, frame, view));
            }
        }
        commands
    }

    /// Draws one frame into `ui` and runs what it asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let first_frame = ui.ctx().cumulative_pass_nr() == 0;
        self.report_startup(ui, first_frame);
        for outcome in self.worker.poll() {
            self.apply(outcome);
        }
        if !self.worker.busy() {
            self.stoppable = false;
        }
        if ui.input(|i| i.viewport().close_requested()) {
            self.flush_before_close();
        }
        if std::mem::take(&mut self.restyle) {
            run::restyle(ui.ctx(), &self.prefs);
        }
        let instant = Instant::now();
        let now = self.clock.now();
        // The frame's tables are shared (an `Arc`), so that the screens may borrow the app.
        let codes = self.codes.clone();
        let frame = Frame {
            language: self.language,
            codes: &codes,
            now,
            machine_now: self.clock.machine_now(),
            today: crate::domain::time::vietnam_date(now),
            instant,
            busy: self.worker.busy(),
        };
        let left = self.watch_due(ui.ctx(), frame.machine_now);
        self.class_due(ui.ctx(), instant);
        let watch = WatchView {
            left,
            changes: &self.watch.changes,
        };
        let connection = self
            .connection
            .as_ref()
            .map_or("", |c| c.pick(self.language.is_vietnamese()));
        let mut commands = Vec::new();
        egui::Panel::top("top").show(ui, |ui| {
            commands.extend(top_bar::top_bar(ui, &frame, self.screen));
            commands.extend(watch_bar(ui, &frame, watch));
            commands.extend(super::screens::outbox::outbox_bar(
                ui,
                &frame,
                &self.outbox.entries,
            ));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            let status = Status {
                message: self
                    .status
                    .as_ref()
                    .map(|said| (said.text.pick(self.language.is_vietnamese()), said.error)),
                stoppable: self.stoppable,
                connection,
            };
            commands.extend(top_bar::status_line(ui, &frame, status));
        });
        egui::CentralPanel::default().show(ui, |ui| commands.extend(self.screen(ui, &frame)));
        if self.outbox.open {
            commands.extend(super::screens::outbox::outbox_window(
                ui.ctx(),
                &frame,
                &self.outbox.entries,
            ));
        }
        let answer = self
            .pin
            .as_mut()
            .and_then(|dialog| dialog.show(ui, &frame, self.profile.as_ref()));
        // The server's trust first (nothing works before it), the welcome after.
        if self.welcome && self.trust.is_none() {
            commands.extend(welcome(ui, &frame, &self.setup.data_dir));
        }
        if let Some(request) = &self.trust {
            commands.extend(super::screens::trust_dialog::trust_dialog(
                ui.ctx(),
                &frame,
                request,
            ));
        }
        if let Some(editor) = &self.editor
            && editor.autosave_due(instant)
            && !self.worker.busy()
            && !self.worker.stopped()
        {
            commands.push(Command::Save);
        }
        if let Some(answer) = answer
            && let Some(dialog) = self.pin.take()
            && let PinAnswer::Entered(pin) = answer
        {
            self.dispatch(dialog.pending, Some(pin));
        }
        for command in commands {
            self.run(command);
        }
        // "Đã lưu" in the status line may not outlive the next edit (the header says
        // "Chưa lưu" then).
        if self.editor.as_ref().is_some_and(|e| e.dirty)
            && self.status.as_ref().is_some_and(|said| said.saved)
        {
            self.status = None;
        }
    }
}

/// The outbox in the window: the jobs waiting, and whether its window is shown.
#[derive(Debug, Default)]
struct Outbox {
    entries: Vec<crate::store::OutboxEntry>,
    open: bool,
}

/// The clearance watch-list's state in the window.
#[derive(Debug)]
struct Watch {
    /// When it checks next (machine time).
    schedule: Schedule,
    /// A round is running on the worker.
    running: bool,
    /// Changes it saw that the broker has not dismissed, oldest first.
    changes: Vec<Change>,
}

impl Default for Watch {
    fn default() -> Self {
        Self {
            schedule: Schedule::every(crate::workflow::watch::DEFAULT_MINUTES),
            running: false,
            changes: Vec::new(),
        }
    }
}

/// The status line's message, kept in both languages so that it follows a language switch.
#[derive(Debug)]
struct Said {
    text: Bilingual,
    error: bool,
    /// It only says the open declaration was saved.
    saved: bool,
}

/// A text of the interface table in both languages.
fn text_of(text: Text) -> Bilingual {
    Bilingual::new(text.get(Language::Vietnamese), text.get(Language::English))
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        let focused = ctx.memory(egui::Memory::focused);
        if self.typeahead.filter(raw_input, focused) {
            ctx.request_repaint();
        }
    }
}

/// A worker for `setup` that asks for a repaint when it answers.
fn start_worker(setup: &Setup, codes: &CodeLists, repaint: &Repaint) -> Worker {
    let repaint = repaint.clone();
    Worker::start(setup.clone(), codes.clone(), move || (repaint.0)())
}
