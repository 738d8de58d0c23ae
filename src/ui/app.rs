//! The window's state and its frame: top bar, the screens, the PIN dialog, the status line. Each
//! frame draws from state and collects [`Command`]s; after the frame the app turns them into
//! worker jobs (or local state changes), and applies the worker's outcomes as they arrive.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use eframe::egui;
use zeroize::Zeroizing;

use super::command::Command;
use super::editor::{EditorState, Tab, View};
use super::i18n::{Language, Text, pick};
use super::prefs::Prefs;
use super::widgets::{countdown, lane_badge, state_name};
use super::worker::{Job, NumberedJob, Outcome, Setup, Worker, numbered};
use crate::codes::CodeLists;
use crate::domain::Direction;
use crate::domain::time::{vietnam_date, vietnam_display};
use crate::secrets::Credentials;
use crate::signing::TokenCertificate;
use crate::signing::helper::Pin;
use crate::signing::practice::PracticeRequest;
use crate::signing::profile::SigningProfile;
use crate::store::{DraftId, DraftState, DraftSummary};
use crate::wire::{Operation, Response};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Declarations list (home).
    List,
    /// The open declaration.
    Editor,
    /// Settings.
    Settings,
    /// Simulator controls.
    Simulator,
}

/// What waits for the PIN.
#[derive(Debug, Clone, PartialEq)]
enum PendingSigned {
    Provisional,
    Numbered(NumberedJob),
    Cancel(String),
    RegisterCertificate,
}

#[derive(Debug, Default)]
struct Settings {
    module: String,
    tokens: Vec<crate::signing::TokenInfo>,
    certificates: Vec<TokenCertificate>,
    practice_name: String,
    practice_tax_code: String,
    practice_pin: Zeroizing<String>,
    signer_name: String,
    signer_id: String,
    dark: bool,
    scale: f32,
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
    codes: CodeLists,
    worker: Worker,
    data_dir: PathBuf,
    connection: String,
    profile: Option<SigningProfile>,
    rows: Vec<DraftSummary>,
    search: String,
    confirm_delete: Option<DraftId>,
    /// The open declaration.
    pub editor: Option<EditorState>,
    status: Option<(String, bool)>,
    pin: Option<(PendingSigned, Zeroizing<String>)>,
    clock: crate::clock::Clock,
    settings: Settings,
    confirm_reset: bool,
    open_tab: Option<Tab>,
    startup_probe: Option<Instant>,
    setup: Setup,
    repaint: Repaint,
    prefs: Prefs,
    server_url: String,
    credentials: Credentials,
    credential_store: Option<crate::domain::text::Bilingual>,
    backup_path: String,
    confirm_restore: bool,
    filter_state: Option<DraftState>,
    import_path: String,
    stoppable: bool,
    filter_direction: Option<Direction>,
}

impl App {
    /// A window over `codes`, with its worker opening the store and core from `setup`.
    pub fn new(codes: CodeLists, setup: Setup, repaint: impl Fn() + Send + Sync + 'static) -> Self {
        let data_dir = setup.data_dir.clone();
        crate::workflow::learn_stored_offset(&data_dir, &setup.connection, &setup.clock);
        let repaint: std::sync::Arc<dyn Fn() + Send + Sync> = std::sync::Arc::new(repaint);
        let for_worker = std::sync::Arc::clone(&repaint);
        let mut worker = Worker::start(setup.clone(), codes.clone(), move || for_worker());
        worker.submit(Job::List {
            search: String::new(),
        });
        let module = crate::signing::modules::installed()
            .first()
            .map(|m| m.path.clone())
            .unwrap_or_default();
        Self {
            language: Language::default(),
            screen: Screen::List,
            codes,
            worker,
            data_dir,
            connection: String::new(),
            profile: None,
            rows: Vec::new(),
            search: String::new(),
            confirm_delete: None,
            editor: None,
            status: None,
            pin: None,
            clock: setup.clock.clone(),
            settings: Settings {
                module,
                scale: 1.0,
                ..Settings::default()
            },
            confirm_reset: false,
            open_tab: None,
            startup_probe: None,
            server_url: match &setup.connection {
                crate::workflow::Connection::Server(url) => url.clone(),
                crate::workflow::Connection::Embedded => String::new(),
            },
            prefs: Prefs {
                user_id: setup.user_id.clone(),
                ..Prefs::default()
            },
            credential_store: None,
            credentials: Credentials {
                user_id: setup.user_id.clone(),
                ..Credentials::default()
            },
            setup,
            repaint: Repaint(repaint),
            backup_path: String::new(),
            confirm_restore: false,
            filter_state: None,
            import_path: String::new(),
            stoppable: false,
            filter_direction: None,
        }
    }

    /// Applies saved preferences (language, theme, scale, identity) to the window.
    pub fn apply_prefs(&mut self, ctx: &egui::Context, prefs: Prefs) {
        self.language = if prefs.english {
            Language::English
        } else {
            Language::Vietnamese
        };
        self.settings.dark = prefs.dark;
        self.settings.scale = prefs.scale.clamp(0.8, 1.6);
        ctx.set_visuals(if prefs.dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        });
        ctx.set_zoom_factor(self.settings.scale);
        self.prefs = prefs;
    }

    fn save_prefs(&mut self) {
        self.prefs.english = self.language == Language::English;
        self.prefs.dark = self.settings.dark;
        self.prefs.scale = self.settings.scale;
        self.worker
            .submit(Job::SavePrefs(Box::new(self.prefs.clone())));
    }

    /// Reconnects: a new worker with the connection and user from the settings.
    fn reconnect(&mut self) {
        let url = self.server_url.trim();
        self.prefs.server = (!url.is_empty()).then(|| url.to_owned());
        self.setup.connection = self.prefs.server.clone().map_or(
            crate::workflow::Connection::Embedded,
            crate::workflow::Connection::Server,
        );
        self.setup.user_id = self.prefs.user_id.trim().to_owned();
        let repaint = self.repaint.clone();
        self.worker = Worker::start(self.setup.clone(), self.codes.clone(), move || {
            (repaint.0)();
        });
        self.save_prefs();
        self.refresh();
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

    /// The status line (message, is-error).
    pub fn status(&self) -> Option<&(String, bool)> {
        self.status.as_ref()
    }

    /// Whether the PIN dialog is open.
    pub fn asking_pin(&self) -> bool {
        self.pin.is_some()
    }

    /// The list rows.
    pub fn rows(&self) -> &[DraftSummary] {
        &self.rows
    }

    /// Changes the open declaration as if typed (imports, tests): revalidates and marks it
    /// unsaved. Does nothing when no declaration is open.
    pub fn edit_declaration(&mut self, edit: impl FnOnce(&mut crate::domain::Declaration)) {
        let today = vietnam_date(self.now());
        if let Some(editor) = self.editor.as_mut() {
            editor.replace(edit, &self.codes, today);
        }
    }

    /// The core's time (simulated time in simulation), from the clock shared with the worker.
    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn t(&self, text: Text) -> &'static str {
        text.get(self.language)
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
        let mut commands = Vec::new();
        egui::Panel::top("top").show(ui, |ui| self.top_bar(ui, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_line(ui));
        egui::CentralPanel::default().show(ui, |ui| match self.screen {
            Screen::List => self.list(ui, &mut commands),
            Screen::Editor => {
                let view = View {
                    language: self.language,
                    codes: &self.codes,
                    today: self.clock.today(),
                    busy: self.worker.busy(),
                };
                match self.editor.as_mut() {
                    Some(editor) => commands.extend(editor.show(ui, &view)),
                    None => {
                        ui.label(Text::NoDeclarationOpen.get(self.language));
                    }
                }
            }
            Screen::Settings => self.settings_screen(ui, &mut commands),
            Screen::Simulator => self.simulator(ui, &mut commands),
        });
        self.pin_dialog(ui, &mut commands);
        if self.screen == Screen::List {
            self.confirm_delete_window(ui, &mut commands);
        }
        if let Some(editor) = &self.editor
            && editor.autosave_due(Instant::now())
            && !self.worker.busy()
            && !self.worker.stopped()
        {
            commands.push(Command::Save);
        }
        for command in commands {
            self.run(command);
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.strong(self.t(Text::AppTitle));
            ui.label(
                egui::RichText::new(format!(" {} ", self.t(Text::SimulationBadge)))
                    .color(egui::Color32::WHITE)
                    .background_color(egui::Color32::from_rgb(120, 60, 160))
                    .strong(),
            );
            ui.separator();
            for (screen, text) in [
                (Screen::List, Text::NavList),
                (Screen::Editor, Text::NavEditor),
                (Screen::Settings, Text::NavSettings),
                (Screen::Simulator, Text::NavSimulator),
            ] {
                if ui
                    .selectable_label(self.screen == screen, self.t(text))
                    .clicked()
                {
                    commands.push(Command::Show(screen));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(self.t(Text::SwitchLanguage)).clicked() {
                    self.language = match self.language {
                        Language::Vietnamese => Language::English,
                        Language::English => Language::Vietnamese,
                    };
                    commands.push(Command::SavePrefs);
                }
                ui.label(format!(
                    "{}: {}",
                    self.t(Text::SimulatedTime),
                    vietnam_display(self.now())
                ));
            });
        });
    }

    fn status_line(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.worker.busy() {
                ui.spinner();
                ui.label(self.t(Text::Working));
                // Token work can hang in a vendor library: the broker may stop it.
                if self.stoppable && ui.button(self.t(Text::Stop)).clicked() {
                    self.setup.helper.cancel();
                }
            }
            if let Some((message, error)) = &self.status {
                let colour = if *error {
                    egui::Color32::from_rgb(200, 40, 40)
                } else {
                    ui.visuals().text_color()
                };
                ui.colored_label(colour, message);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(pick(&self.connection, self.language));
            });
        });
    }

    fn list(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        self.list_toolbar(ui, commands);
        self.list_rows(ui, commands);
    }

    fn list_toolbar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            if ui.button(self.t(Text::NewImport)).clicked() {
                commands.push(Command::New(Direction::Import));
            }
            if ui.button(self.t(Text::NewExport)).clicked() {
                commands.push(Command::New(Direction::Export));
            }
            let hint = self.t(Text::SearchHint);
            let search = ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text(hint)
                    .desired_width(420.0),
            );
            if search.changed() {
                commands.push(Command::RefreshList);
            }
            self.filters(ui);
            ui.separator();
            let hint = self.t(Text::FilePathHint);
            ui.add(
                egui::TextEdit::singleline(&mut self.import_path)
                    .hint_text(hint)
                    .desired_width(220.0),
            );
            if ui.button(self.t(Text::Browse)).clicked() {
                commands.push(Command::Browse(super::dialogs::Browse::DeclarationFile));
            }
            if ui
                .add_enabled(
                    !self.import_path.trim().is_empty(),
                    egui::Button::new(self.t(Text::ImportFile)),
                )
                .clicked()
            {
                commands.push(Command::ImportFile);
            }
        });
    }

    fn list_rows(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.separator();
        if self.rows.is_empty() {
            ui.label(self.t(Text::ListEmpty));
            return;
        }
        let now = self.now();
        let language = self.language;
        egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
            egui::Grid::new("declarations")
                .striped(true)
                .num_columns(8)
                .spacing([14.0, 6.0])
                .show(ui, |ui| {
                    for text in [
                        Text::ColumnActions,
                        Text::ColumnNumber,
                        Text::ColumnKind,
                        Text::ColumnTitle,
                        Text::ColumnState,
                        Text::ColumnLane,
                        Text::ColumnErrors,
                        Text::ColumnUpdated,
                    ] {
                        ui.strong(text.get(language));
                    }
                    ui.end_row();
                    let (state_filter, direction_filter) =
                        (self.filter_state, self.filter_direction);
                    for row in self.rows.iter().filter(|r| {
                        state_filter.is_none_or(|s| s == r.state)
                            && direction_filter.is_none_or(|d| d == r.direction)
                    }) {
                        ui.horizontal(|ui| {
                            if ui.small_button(Text::Open.get(language)).clicked() {
                                commands.push(Command::Open(row.id));
                            }
                            if ui.small_button(Text::CopyToNew.get(language)).clicked() {
                                commands.push(Command::Copy(row.id));
                            }
                            if row.state == DraftState::Draft
                                && ui.small_button(Text::Delete.get(language)).clicked()
                            {
                                self.confirm_delete = Some(row.id);
                            }
                        });
                        ui.monospace(row.number.as_deref().unwrap_or("—"));
                        ui.label(match row.direction {
                            Direction::Import => Text::Import.get(language),
                            Direction::Export => Text::Export.get(language),
                        });
                        ui.label(&row.title);
                        ui.horizontal(|ui| {
                            ui.label(state_name(row.state, language));
                            if let (DraftState::Provisional, Some(expires)) =
                                (row.state, row.expires_at)
                            {
                                let (text, last_day) = countdown(expires, now, language);
                                let colour = if last_day {
                                    egui::Color32::from_rgb(220, 100, 0)
                                } else {
                                    ui.visuals().weak_text_color()
                                };
                                ui.colored_label(colour, text);
                            }
                        });
                        match row.lane {
                            Some(lane) => lane_badge(ui, lane, language),
                            None => {
                                ui.label("");
                            }
                        }
                        ui.label(format!("{} / {}", row.errors, row.warnings));
                        ui.label(vietnam_display(row.updated_at));
                        ui.end_row();
                    }
                });
        });
    }

    /// Filters of the list by state and direction (over the rows the search returned).
    fn filters(&mut self, ui: &mut egui::Ui) {
        let language = self.language;
        let any = Text::FilterAll.get(language);
        egui::ComboBox::from_label(Text::ColumnState.get(language))
            .selected_text(self.filter_state.map_or(any, |s| state_name(s, language)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.filter_state, None, any);
                for state in [
                    DraftState::Draft,
                    DraftState::Provisional,
                    DraftState::Expired,
                    DraftState::Registered,
                    DraftState::Cleared,
                    DraftState::Cancelled,
                ] {
                    ui.selectable_value(
                        &mut self.filter_state,
                        Some(state),
                        state_name(state, language),
                    );
                }
            });
        let direction_name = |d: Direction| match d {
            Direction::Import => Text::Import.get(language),
            Direction::Export => Text::Export.get(language),
        };
        egui::ComboBox::from_label(Text::ColumnKind.get(language))
            .selected_text(self.filter_direction.map_or(any, direction_name))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.filter_direction, None, any);
                for d in [Direction::Import, Direction::Export] {
                    ui.selectable_value(&mut self.filter_direction, Some(d), direction_name(d));
                }
            });
    }

    /// The delete confirmation, a small window over the list.
    fn confirm_delete_window(&mut self, ui: &egui::Ui, commands: &mut Vec<Command>) {
        let Some(id) = self.confirm_delete else {
            return;
        };
        let language = self.language;
        egui::Window::new(Text::Delete.get(language))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ui.ctx(), |ui| {
                ui.label(Text::ConfirmDelete.get(language));
                ui.horizontal(|ui| {
                    if ui.button(Text::Yes.get(language)).clicked() {
                        commands.push(Command::Delete(id));
                    }
                    if ui.button(Text::No.get(language)).clicked() {
                        self.confirm_delete = None;
                    }
                });
            });
    }

    fn settings_screen(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let language = self.language;
        let t = |text: Text| text.get(language);
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("settings")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    ui.label(t(Text::SettingsLanguage));
                    ui.horizontal(|ui| {
                        let vi =
                            ui.radio_value(&mut self.language, Language::Vietnamese, "Tiếng Việt");
                        let en = ui.radio_value(&mut self.language, Language::English, "English");
                        if vi.clicked() || en.clicked() {
                            commands.push(Command::SavePrefs);
                        }
                    });
                    ui.end_row();
                    ui.label(t(Text::SettingsTheme));
                    ui.horizontal(|ui| {
                        if ui
                            .radio_value(&mut self.settings.dark, false, t(Text::Light))
                            .clicked()
                        {
                            ui.ctx().set_visuals(egui::Visuals::light());
                            commands.push(Command::SavePrefs);
                        }
                        if ui
                            .radio_value(&mut self.settings.dark, true, t(Text::Dark))
                            .clicked()
                        {
                            ui.ctx().set_visuals(egui::Visuals::dark());
                            commands.push(Command::SavePrefs);
                        }
                    });
                    ui.end_row();
                    ui.label(t(Text::Scale));
                    if ui
                        .add(egui::Slider::new(&mut self.settings.scale, 0.8..=1.6))
                        .drag_stopped()
                    {
                        ui.ctx().set_zoom_factor(self.settings.scale);
                        commands.push(Command::SavePrefs);
                    }
                    ui.end_row();
                    ui.label(t(Text::DataFolder));
                    ui.monospace(self.data_dir.display().to_string());
                    ui.end_row();
                    ui.label(t(Text::Connection));
                    ui.vertical(|ui| {
                        ui.label(pick(&self.connection, self.language));
                        ui.weak(t(Text::LiveNotReachable));
                    });
                    ui.end_row();
                    ui.label(t(Text::CodeTables));
                    ui.label(format!(
                        "{} ({})",
                        self.codes.manifest().set_version,
                        self.codes.manifest().effective
                    ));
                    ui.end_row();
                });
            ui.separator();
            self.account_settings(ui, commands);
            ui.separator();
            self.signature_settings(ui, commands);
            ui.separator();
            self.backup_settings(ui, commands);
        });
    }

    fn account_settings(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let language = self.language;
        let t = |text: Text| text.get(language);
        let text_row = |ui: &mut egui::Ui, label: Text, value: &mut String, secret: bool| {
            let label = ui.label(label.get(language)).id;
            ui.add(
                egui::TextEdit::singleline(value)
                    .password(secret)
                    .desired_width(320.0),
            )
            .labelled_by(label);
            ui.end_row();
        };
        egui::Grid::new("identity")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                text_row(ui, Text::CompanyName, &mut self.prefs.company_name, false);
                text_row(ui, Text::TaxCode, &mut self.prefs.company_tax_code, false);
                text_row(ui, Text::BrokerName, &mut self.prefs.broker_name, false);
                text_row(ui, Text::UserId, &mut self.prefs.user_id, false);
                ui.label(t(Text::Connection));
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        if ui
                            .radio(
                                self.server_url.trim().is_empty(),
                                t(Text::ConnectionEmbedded),
                            )
                            .clicked()
                        {
                            self.server_url.clear();
                        }
                    });
                    ui.horizontal(|ui| {
                        ui.label(t(Text::ConnectionServer));
                        ui.add(
                            egui::TextEdit::singleline(&mut self.server_url)
                                .hint_text("http://127.0.0.1:7070")
                                .desired_width(240.0),
                        );
                    });
                    ui.add_enabled(
                        false,
                        egui::RadioButton::new(false, t(Text::LiveNotReachable)),
                    );
                });
                ui.end_row();
            });
        ui.horizontal(|ui| {
            if ui.button(t(Text::SaveSettings)).clicked() {
                commands.push(Command::SavePrefs);
            }
            if ui.button(t(Text::Apply)).clicked() {
                commands.push(Command::Reconnect);
            }
        });
        ui.separator();
        ui.strong(t(Text::Credentials));
        if let Some(store) = &self.credential_store {
            ui.label(store.pick(language.is_vietnamese()));
        }
        egui::Grid::new("credentials")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                text_row(ui, Text::UserId, &mut self.credentials.user_id, false);
                text_row(ui, Text::Password, &mut self.credentials.password, true);
                text_row(
                    ui,
                    Text::TerminalId,
                    &mut self.credentials.terminal_id,
                    false,
                );
                text_row(ui, Text::AccessKey, &mut self.credentials.access_key, true);
            });
        let complete =
            !self.credentials.user_id.trim().is_empty() && !self.credentials.password.is_empty();
        if ui
            .add_enabled(complete, egui::Button::new(t(Text::SaveCredentials)))
            .clicked()
        {
            commands.push(Command::SaveCredentials);
        }
    }

    fn backup_settings(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let language = self.language;
        let t = |text: Text| text.get(language);
        ui.horizontal(|ui| {
            ui.label(t(Text::BackupFile));
            ui.add(
                egui::TextEdit::singleline(&mut self.backup_path)
                    .hint_text("khaibao.backup.sqlite")
                    .desired_width(320.0),
            );
            let has_path = !self.backup_path.trim().is_empty();
            if ui
                .add_enabled(has_path, egui::Button::new(t(Text::Backup)))
                .clicked()
            {
                commands.push(Command::Backup);
            }
            if ui
                .add_enabled(has_path, egui::Button::new(t(Text::Restore)))
                .clicked()
            {
                self.confirm_restore = true;
            }
        });
        if self.confirm_restore {
            ui.horizontal(|ui| {
                ui.colored_label(
                    egui::Color32::from_rgb(220, 100, 0),
                    t(Text::ConfirmRestore),
                );
                if ui.button(t(Text::Yes)).clicked() {
                    commands.push(Command::Restore);
                }
                if ui.button(t(Text::No)).clicked() {
                    self.confirm_restore = false;
                }
            });
        }
    }

    /// The token library: its path, the system's file dialog, a test of the token.
    fn module_row(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let language = self.language;
        let t = |text: Text| text.get(language);
        ui.horizontal(|ui| {
            ui.label(t(Text::ModulePath));
            ui.add(egui::TextEdit::singleline(&mut self.settings.module).desired_width(380.0));
            if ui.button(t(Text::Browse)).clicked() {
                commands.push(Command::Browse(super::dialogs::Browse::TokenLibrary));
            }
            if ui.button(t(Text::TestToken)).clicked() {
                commands.push(Command::TestToken);
            }
        });
    }

    fn signature_settings(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let language = self.language;
        let t = |text: Text| text.get(language);
        {
            ui.heading(t(Text::Signature));
            match &self.profile {
                Some(p) => {
                    ui.label(format!(
                        "{}: {} — {} {}",
                        t(Text::SigningWith),
                        p.subject,
                        p.certificate_serial,
                        vietnam_display(p.not_after)
                    ));
                    if p.practice {
                        ui.colored_label(egui::Color32::from_rgb(120, 60, 160), t(Text::Practice));
                    }
                }
                None => {
                    ui.label(t(Text::NoCertificate));
                }
            }
            self.module_row(ui, commands);
            for token in &self.settings.tokens {
                ui.label(format!(
                    "{} — {} {} ({})",
                    token.label, token.manufacturer, token.model, token.serial
                ));
            }
            for (i, c) in self.settings.certificates.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{} — {} → {}",
                        c.info.display_name(),
                        c.info.serial,
                        vietnam_display(c.info.not_after)
                    ));
                    if ui.button(t(Text::UseCertificate)).clicked() {
                        commands.push(Command::UseCertificate(i));
                    }
                });
            }
            ui.separator();
            ui.strong(t(Text::MakePractice));
            ui.horizontal(|ui| {
                ui.label(t(Text::SignerName));
                ui.add(
                    egui::TextEdit::singleline(&mut self.settings.practice_name)
                        .desired_width(200.0),
                );
                ui.label(t(Text::TaxCode));
                ui.add(
                    egui::TextEdit::singleline(&mut self.settings.practice_tax_code)
                        .desired_width(120.0),
                );
                ui.label(t(Text::Pin));
                ui.add(
                    egui::TextEdit::singleline(&mut *self.settings.practice_pin)
                        .password(true)
                        .desired_width(100.0),
                );
                let ready = !self.settings.practice_name.trim().is_empty()
                    && self.settings.practice_tax_code.trim().len() >= 10
                    && self.settings.practice_pin.len() >= 4;
                if ui
                    .add_enabled(ready, egui::Button::new(t(Text::MakePractice)))
                    .clicked()
                {
                    commands.push(Command::MakePractice);
                }
            });
            ui.separator();
            ui.strong(t(Text::RegisterCertificate));
            ui.horizontal(|ui| {
                ui.label(t(Text::SignerName));
                ui.add(
                    egui::TextEdit::singleline(&mut self.settings.signer_name).desired_width(200.0),
                );
                ui.label(t(Text::IdNumber));
                ui.add(
                    egui::TextEdit::singleline(&mut self.settings.signer_id).desired_width(140.0),
                );
                let ready = self.profile.is_some()
                    && !self.settings.signer_name.trim().is_empty()
                    && !self.settings.signer_id.trim().is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(t(Text::RegisterCertificate)))
                    .clicked()
                {
                    commands.push(Command::RegisterCertificate);
                }
            });
        }
    }

    fn simulator(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let language = self.language;
        let t = |text: Text| text.get(language);
        ui.label(
            egui::RichText::new(format!(" {} ", t(Text::SimulationBadge)))
                .color(egui::Color32::WHITE)
                .background_color(egui::Color32::from_rgb(120, 60, 160))
                .strong(),
        );
        ui.label(format!(
            "{}: {}",
            t(Text::SimulatedTime),
            vietnam_display(self.now())
        ));
        ui.horizontal(|ui| {
            if ui.button(t(Text::AdvanceHour)).clicked() {
                commands.push(Command::Advance(3_600));
            }
            if ui.button(t(Text::AdvanceDay)).clicked() {
                commands.push(Command::Advance(86_400));
            }
            if ui.button(t(Text::AdvanceWeek)).clicked() {
                commands.push(Command::Advance(7 * 86_400));
            }
        });
        ui.separator();
        let open = self.editor.as_ref().and_then(|e| e.declaration.number);
        ui.label(match open {
            Some(number) => format!("{}: {number}", t(Text::ColumnNumber)),
            None => t(Text::NoDeclarationOpen).to_owned(),
        });
        ui.add_enabled_ui(open.is_some(), |ui| {
            ui.horizontal(|ui| {
                use crate::wire::OfficerAction;
                if ui.button(t(Text::PayTaxes)).clicked() {
                    commands.push(Command::Numbered(NumberedJob::Pay));
                }
                if ui.button(t(Text::AcceptDocuments)).clicked() {
                    commands.push(Command::Officer(OfficerAction::AcceptDocuments));
                }
                if ui.button(t(Text::PassInspection)).clicked() {
                    commands.push(Command::Officer(OfficerAction::PassInspection));
                }
                if ui.button(t(Text::FailInspection)).clicked() {
                    commands.push(Command::Officer(OfficerAction::FailInspection));
                }
                if ui.button(t(Text::GoodsAtBorder)).clicked() {
                    commands.push(Command::Officer(OfficerAction::GoodsAtBorder));
                }
            });
        });
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button(t(Text::RequireSignatures)).clicked() {
                commands.push(Command::SignaturePolicy(true));
            }
            if ui.button(t(Text::No)).clicked() {
                commands.push(Command::SignaturePolicy(false));
            }
        });
        ui.separator();
        if self.confirm_reset {
            ui.horizontal(|ui| {
                if ui.button(t(Text::Yes)).clicked() {
                    commands.push(Command::ResetSimulator);
                    self.confirm_reset = false;
                }
                if ui.button(t(Text::No)).clicked() {
                    self.confirm_reset = false;
                }
            });
        } else if ui.button(t(Text::ResetSimulator)).clicked() {
            self.confirm_reset = true;
        }
    }

    fn pin_dialog(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let language = self.language;
        let Some((_, pin)) = self.pin.as_mut() else {
            return;
        };
        let mut open = true;
        egui::Window::new(Text::PinTitle.get(language))
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                if let Some(profile) = &self.profile {
                    ui.label(format!(
                        "{}: {}",
                        Text::SigningWith.get(language),
                        profile.subject
                    ));
                    if profile.practice {
                        ui.colored_label(
                            egui::Color32::from_rgb(120, 60, 160),
                            Text::Practice.get(language),
                        );
                    }
                    if let Some(warning) = profile.expiry_warning(self.clock.machine_now()) {
                        ui.colored_label(
                            egui::Color32::from_rgb(190, 120, 0),
                            warning.pick(language.is_vietnamese()),
                        );
                    }
                }
                ui.horizontal(|ui| {
                    ui.label(Text::Pin.get(language));
                    let field = ui.add(
                        egui::TextEdit::singleline(&mut **pin)
                            .password(true)
                            .id_salt("pin")
                            .desired_width(160.0),
                    );
                    field.request_focus();
                    if field.lost_focus()
                        && ui.input(|i| i.key_pressed(egui::Key::Enter))
                        && !pin.is_empty()
                    {
                        commands.push(Command::PinEntered);
                    }
                });
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(
                            !pin.is_empty(),
                            egui::Button::new(Text::SignAndSend.get(language)),
                        )
                        .clicked()
                    {
                        commands.push(Command::PinEntered);
                    }
                    if ui.button(Text::No.get(language)).clicked() {
                        commands.push(Command::PinCancelled);
                    }
                });
            });
        if !open {
            commands.push(Command::PinCancelled);
        }
    }

    /// Runs one command (after the frame).
    pub fn run(&mut self, command: Command) {
        match command {
            Command::Show(screen) => {
                self.screen = screen;
                if screen == Screen::List {
                    self.refresh();
                }
            }
            Command::RefreshList => self.refresh(),
            Command::SavePrefs
            | Command::Reconnect
            | Command::SaveCredentials
            | Command::Backup
            | Command::Restore
            | Command::TestToken
            | Command::UseCertificate(_)
            | Command::MakePractice => self.run_settings(&command),
            Command::ImportFile => {
                self.keep_open_work();
                let path = PathBuf::from(self.import_path.trim());
                self.worker.submit(Job::ImportFile(path));
            }
            Command::Browse(what) => {
                use super::dialogs::Browse;
                if let Some(path) = super::dialogs::pick(what, self.language) {
                    let shown = path.display().to_string();
                    match what {
                        Browse::TokenLibrary => {
                            self.settings.module = shown;
                            self.run(Command::TestToken);
                        }
                        Browse::DeclarationFile => {
                            self.import_path = shown;
                            self.run(Command::ImportFile);
                        }
                    }
                }
            }
            Command::New(direction) => {
                self.keep_open_work();
                self.editor = Some(EditorState::new(
                    direction,
                    &self.codes,
                    vietnam_date(self.now()),
                ));
                self.screen = Screen::Editor;
            }
            Command::Open(id) => {
                self.keep_open_work();
                self.worker.submit(Job::Open(id));
            }
            Command::Copy(id) => {
                self.keep_open_work();
                self.worker.submit(Job::Copy(id));
            }
            Command::Delete(id) => {
                self.confirm_delete = None;
                self.worker.submit(Job::Delete(id));
            }
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
            Command::RegisterCertificate => {
                self.pin = Some((
                    PendingSigned::RegisterCertificate,
                    Zeroizing::new(String::new()),
                ));
            }
            Command::PinEntered => {
                if let Some((pending, pin)) = self.pin.take() {
                    self.dispatch(pending, Some(Pin::new(&pin)));
                }
            }
            Command::PinCancelled => self.pin = None,
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
        }
    }

    /// The settings screen's commands.
    fn run_settings(&mut self, command: &Command) {
        match command {
            Command::SavePrefs => self.save_prefs(),
            Command::Reconnect => self.reconnect(),
            Command::SaveCredentials => {
                let credentials = std::mem::take(&mut self.credentials);
                self.credentials.user_id.clone_from(&credentials.user_id);
                self.worker
                    .submit(Job::SaveCredentials(Box::new(credentials)));
            }
            Command::Backup => {
                let path = PathBuf::from(self.backup_path.trim());
                self.worker.submit(Job::Backup(path));
            }
            Command::Restore => {
                self.confirm_restore = false;
                let path = PathBuf::from(self.backup_path.trim());
                self.worker.submit(Job::Restore(path));
                self.refresh();
            }
            Command::TestToken => {
                self.stoppable = true;
                self.worker
                    .submit(Job::Tokens(PathBuf::from(self.settings.module.trim())));
            }
            Command::UseCertificate(index) => {
                if let Some(c) = self.settings.certificates.get(*index) {
                    self.worker.submit(Job::UseCertificate(
                        PathBuf::from(self.settings.module.trim()),
                        Box::new(c.clone()),
                    ));
                }
            }
            Command::MakePractice => {
                self.stoppable = true;
                let today = self.clock.machine_today();
                let request = PracticeRequest {
                    name: self.settings.practice_name.trim().to_owned(),
                    tax_code: self.settings.practice_tax_code.trim().to_owned(),
                    key: crate::signature::KeyKind::Rsa,
                    not_before: crate::domain::time::vietnam_day_start(today),
                    not_after: crate::domain::time::vietnam_day_start(today + Duration::days(366))
                        - Duration::seconds(1),
                };
                let pin = Pin::new(&self.settings.practice_pin);
                self.settings.practice_pin = Zeroizing::new(String::new());
                self.worker.submit(Job::Practice(request, pin));
            }
            _ => {}
        }
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
    fn flush_before_close(&mut self) {
        if !self.editor.as_ref().is_some_and(|e| e.dirty) {
            return;
        }
        self.run(Command::Save);
        let deadline = Instant::now() + std::time::Duration::from_secs(5);
        while self.worker.busy() && Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
            for outcome in self.worker.poll() {
                self.apply(outcome);
            }
        }
    }

    fn refresh(&mut self) {
        self.worker.submit(Job::List {
            search: self.search.clone(),
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
            | PendingSigned::RegisterCertificate => true,
        };
        if operation_needs && self.profile.is_some() {
            self.pin = Some((pending, Zeroizing::new(String::new())));
        } else {
            self.dispatch(pending, None);
        }
    }

    fn dispatch(&mut self, pending: PendingSigned, pin: Option<Pin>) {
        self.stoppable = pin.is_some();
        if pending == PendingSigned::RegisterCertificate {
            if let Some(pin) = pin {
                self.worker.submit(Job::RegisterCertificate {
                    name: self.settings.signer_name.trim().to_owned(),
                    id_number: self.settings.signer_id.trim().to_owned(),
                    pin,
                });
            }
            return;
        }
        let Some(editor) = &self.editor else { return };
        match pending {
            PendingSigned::Provisional => self.worker.submit(Job::Provisional {
                id: editor.id,
                declaration: Box::new(editor.declaration.clone()),
                pin,
            }),
            PendingSigned::Numbered(job) => {
                if let (Some(id), Some(number)) = (editor.id, editor.declaration.number) {
                    self.worker.submit(Job::Numbered {
                        id,
                        operation: numbered(job, number),
                        pin,
                    });
                }
            }
            PendingSigned::Cancel(reason) => {
                if let (Some(id), Some(number)) = (editor.id, editor.declaration.number) {
                    self.worker.submit(Job::Numbered {
                        id,
                        operation: Operation::Cancel { number, reason },
                        pin,
                    });
                }
            }
            PendingSigned::RegisterCertificate => {}
        }
    }

    /// The worker has ended: the open declaration is written to `recovery/` in the data folder
    /// (the file format `khaibao import` reads), so that nothing typed is lost, and the broker
    /// is told where it is.
    fn rescue(&mut self) {
        let folder = self.data_dir.join("recovery");
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
            Some(Ok(file)) => format!(
                "Tiến trình nền đã dừng; tờ khai đang mở đã được ghi vào {} (mở lại bằng khaibao import) / The background worker stopped; the open declaration was written to {} (open it with khaibao import)",
                file.display(),
                file.display()
            ),
            Some(Err(e)) => format!(
                "Tiến trình nền đã dừng và không ghi được tờ khai ({e}); đừng đóng cửa sổ, hãy chép dữ liệu ra / The background worker stopped and the declaration could not be written ({e}); do not close the window, copy the data out"
            ),
            // The worker could not even start: its own message (already shown) says why.
            None if self.status.as_ref().is_some_and(|(_, error)| *error) => return,
            None => "Tiến trình nền đã dừng; hãy khởi động lại KhaiBao / The background worker stopped; restart KhaiBao".to_owned(),
        };
        let message = pick(&message, self.language);
        self.say(message, true);
    }

    fn say(&mut self, message: String, error: bool) {
        self.status = Some((message, error));
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Ready {
                connection,
                profile,
                credential_store,
            } => {
                self.connection = connection;
                self.profile = profile;
                self.credential_store = Some(credential_store);
            }
            Outcome::Listed(rows) => self.rows = rows,
            Outcome::Opened(draft, timeline, last_response) => {
                let mut editor = EditorState::with(
                    Some(draft.id),
                    draft.declaration,
                    draft.state,
                    &self.codes,
                    vietnam_date(self.now()),
                );
                editor.expires_at = draft.expires_at;
                editor.lane = draft.lane;
                editor.timeline = timeline;
                editor.last_response = last_response;
                if let Some(tab) = self.open_tab.take() {
                    editor.tab = tab;
                }
                self.editor = Some(editor);
                self.screen = Screen::Editor;
            }
            Outcome::Saved { id, .. } => {
                if let Some(editor) = self.editor.as_mut() {
                    editor.saved(id);
                }
                let message = Text::Saved.get(self.language).to_owned();
                self.say(message, false);
            }
            Outcome::Answered {
                response,
                draft,
                timeline,
            } => self.answered(*response, draft, timeline),
            Outcome::Copied(id) => {
                self.refresh();
                self.worker.submit(Job::Open(id));
            }
            Outcome::Deleted(_) => self.refresh(),
            Outcome::Tokens(tokens, certificates) => {
                self.settings.tokens = tokens;
                self.settings.certificates = certificates;
            }
            Outcome::Profile(profile) => {
                let message = format!(
                    "{}: {}",
                    Text::SigningWith.get(self.language),
                    profile.subject
                );
                self.profile = Some(profile);
                self.say(message, false);
            }
            Outcome::Stopped => self.rescue(),
            Outcome::Done(text) => {
                let message = text.get(self.language).to_owned();
                self.say(message, false);
            }
            Outcome::Failed(message) => {
                let message = pick(&message, self.language);
                self.say(message, true);
            }
        }
    }

    fn answered(
        &mut self,
        response: Response,
        draft: Option<Box<crate::store::StoredDraft>>,
        timeline: Vec<crate::store::TimelineEntry>,
    ) {
        let ok = response.result.is_success();
        let message = format!(
            "{} {} — {}",
            response.job,
            response.result.code,
            self.language
                .pick(&response.result.message_vi, &response.result.message_en)
        );
        self.say(message, !ok);
        if let Some(draft) = draft {
            let today = vietnam_date(self.now());
            let amending = response.job.ends_with("DD") && ok
                || self.editor.as_ref().is_some_and(|e| e.amending)
                    && !response.job.ends_with("DE");
            let mut editor = EditorState::with(
                Some(draft.id),
                draft.declaration,
                draft.state,
                &self.codes,
                today,
            );
            editor.expires_at = draft.expires_at;
            editor.lane = draft.lane;
            editor.timeline = timeline;
            editor.amending = amending && draft.state == DraftState::Registered;
            editor.tab = Tab::Result;
            editor.last_response = Some(Box::new(response));
            self.editor = Some(editor);
            self.screen = Screen::Editor;
        } else if let Some(editor) = self.editor.as_mut() {
            editor.last_response = Some(Box::new(response));
        }
        self.refresh();
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
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
