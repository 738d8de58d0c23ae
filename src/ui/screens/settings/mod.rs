//! Settings (Cài đặt): language, theme, scale, the clearance watch-list's interval, data folder,
//! connection and code tables here; the
//! broker's identity, connection and VNACCS account in [`account`]; the token, the practice token
//! and certificate registration in [`signature`]; backup and restore in [`backup`].

mod account;
mod backup;
mod signature;
mod tables;

pub use tables::TablePreview;

use std::path::Path;

use eframe::egui;
use zeroize::Zeroizing;

use super::Frame;
use crate::domain::text::Bilingual;
use crate::secrets::Credentials;
use crate::signing::profile::SigningProfile;
use crate::signing::{TokenCertificate, TokenInfo};
use crate::ui::command::Command;
use crate::ui::i18n::{Language, Text};
use crate::ui::prefs::Prefs;

/// What the settings screen shows that it does not own.
#[derive(Debug, Clone, Copy)]
pub struct SettingsView<'a> {
    /// The data folder.
    pub data_dir: &'a Path,
    /// Where requests go, in the frame's language.
    pub connection: &'a str,
    /// The certificate jobs are signed with.
    pub profile: Option<&'a SigningProfile>,
    /// Where the VNACCS credentials are kept.
    pub credential_store: Option<&'a Bilingual>,
}

/// The settings forms: what is typed until it is saved or used.
/// Which connection the settings form has chosen, with the addresses typed for each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct ConnectionForm {
    /// The kind chosen.
    pub kind: ConnectionKind,
    /// A simulator server's address (JSON or VNACCS messages).
    pub server_url: String,
    /// The live VNACCS address.
    pub live_url: String,
}

/// The connection kinds offered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum ConnectionKind {
    /// The embedded simulator.
    #[default]
    Embedded,
    /// A simulator server, JSON protocol.
    Server,
    /// A simulator server, VNACCS messages.
    VnaccsServer,
    /// VNACCS, live.
    LiveVnaccs,
    /// Ecus6, live.
    Ecus6,
}

impl ConnectionForm {
    fn from_setting(setting: &str) -> Self {
        use crate::workflow::{Connection, LiveSystem};
        match Connection::from_setting(setting) {
            Connection::Embedded => Self::default(),
            Connection::Server(url) => Self {
                kind: ConnectionKind::Server,
                server_url: url,
                ..Self::default()
            },
            Connection::VnaccsServer(url) => Self {
                kind: ConnectionKind::VnaccsServer,
                server_url: url,
                ..Self::default()
            },
            Connection::Live(LiveSystem::Vnaccs, url) => Self {
                kind: ConnectionKind::LiveVnaccs,
                live_url: url,
                ..Self::default()
            },
            Connection::Live(LiveSystem::Ecus6, _) => Self {
                kind: ConnectionKind::Ecus6,
                ..Self::default()
            },
        }
    }

    /// The setting to save (`None`: the embedded simulator; also when an address is missing).
    pub(super) fn setting(&self) -> Option<String> {
        use crate::workflow::{Connection, ECUS6_URL, LiveSystem};
        let server = self.server_url.trim().to_owned();
        let live = self.live_url.trim().to_owned();
        let connection = match self.kind {
            ConnectionKind::Server if !server.is_empty() => Connection::Server(server),
            ConnectionKind::VnaccsServer if !server.is_empty() => Connection::VnaccsServer(server),
            ConnectionKind::LiveVnaccs if !live.is_empty() => {
                Connection::Live(LiveSystem::Vnaccs, live)
            }
            ConnectionKind::Ecus6 => Connection::Live(LiveSystem::Ecus6, ECUS6_URL.to_owned()),
            // The embedded simulator, or a kind whose address was left empty.
            _ => Connection::Embedded,
        };
        connection.setting()
    }
}

#[derive(Debug, Default)]
pub struct SettingsScreen {
    dark: bool,
    scale: f32,
    /// Minutes between two checks of the clearance watch-list.
    watch_minutes: u32,
    company_name: String,
    company_tax_code: String,
    broker_name: String,
    user_id: String,
    /// The connection being edited (from `ui.json`'s setting).
    connection: ConnectionForm,
    credentials: Credentials,
    module: String,
    tokens: Vec<TokenInfo>,
    certificates: Vec<TokenCertificate>,
    practice_name: String,
    practice_tax_code: String,
    practice_pin: Zeroizing<String>,
    signer_name: String,
    signer_id: String,
    backup_path: String,
    confirm_restore: bool,
    table_form: tables::TableForm,
}

impl SettingsScreen {
    /// The forms filled from the saved preferences; `module` is the token library found first.
    pub fn new(prefs: &Prefs, module: String) -> Self {
        let mut screen = Self {
            module,
            ..Self::default()
        };
        screen.load(prefs);
        screen
    }

    /// Refills the preference fields from `prefs` (after they were loaded or saved).
    pub fn load(&mut self, prefs: &Prefs) {
        self.dark = prefs.dark;
        self.scale = prefs.scale;
        self.watch_minutes = prefs.watch_minutes;
        self.company_name.clone_from(&prefs.company_name);
        self.company_tax_code.clone_from(&prefs.company_tax_code);
        self.broker_name.clone_from(&prefs.broker_name);
        self.user_id.clone_from(&prefs.user_id);
        self.connection = ConnectionForm::from_setting(prefs.server.as_deref().unwrap_or(""));
        self.credentials.user_id.clone_from(&prefs.user_id);
    }

    /// The token library chosen with the system's dialog.
    pub fn set_module(&mut self, path: String) {
        self.module = path;
    }

    /// The tokens and certificates of the library, as the worker found them.
    pub fn set_tokens(&mut self, tokens: Vec<TokenInfo>, certificates: Vec<TokenCertificate>) {
        self.tokens = tokens;
        self.certificates = certificates;
    }

    /// Draws the settings.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: &SettingsView<'_>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                self.general(ui, frame, view, &mut commands);
                ui.separator();
                self.account(ui, frame, view, &mut commands);
                ui.separator();
                self.signature(ui, frame, view, &mut commands);
                ui.separator();
                self.tables(ui, frame, &mut commands);
                ui.separator();
                self.backup(ui, frame, &mut commands);
            });
        commands
    }

    fn general(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: &SettingsView<'_>,
        commands: &mut Vec<Command>,
    ) {
        egui::Grid::new("settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label(frame.t(Text::SettingsLanguage));
                ui.horizontal(|ui| {
                    let mut language = frame.language;
                    let vi = ui.radio_value(&mut language, Language::Vietnamese, "Tiếng Việt");
                    let en = ui.radio_value(&mut language, Language::English, "English");
                    if vi.clicked() || en.clicked() {
                        commands.push(Command::SetLanguage(language));
                    }
                });
                ui.end_row();
                ui.label(frame.t(Text::SettingsTheme));
                ui.horizontal(|ui| {
                    let light = ui.radio_value(&mut self.dark, false, frame.t(Text::Light));
                    let dark = ui.radio_value(&mut self.dark, true, frame.t(Text::Dark));
                    if light.clicked() || dark.clicked() {
                        commands.push(Command::SetTheme { dark: self.dark });
                    }
                });
                ui.end_row();
                let label = ui.label(frame.t(Text::Scale)).id;
                if ui
                    .add(
                        // As a percentage: "1.000" would read as a thousand in Vietnamese.
                        egui::Slider::new(&mut self.scale, 0.8..=1.6)
                            .custom_formatter(|v, _| format!("{:.0} %", v * 100.0))
                            .custom_parser(|t| {
                                t.trim()
                                    .trim_end_matches('%')
                                    .trim()
                                    .parse::<f64>()
                                    .ok()
                                    .map(|p| p / 100.0)
                            }),
                    )
                    .labelled_by(label)
                    .drag_stopped()
                {
                    commands.push(Command::SetScale(self.scale));
                }
                ui.end_row();
                let label = ui.label(frame.t(Text::WatchInterval)).id;
                let minutes = ui
                    .add(egui::DragValue::new(&mut self.watch_minutes).range(
                        crate::workflow::watch::MIN_MINUTES..=crate::workflow::watch::MAX_MINUTES,
                    ))
                    .labelled_by(label);
                // Saved once the value is typed or the drag ends, not at every step of a drag.
                if minutes.changed() && !minutes.dragged() || minutes.drag_stopped() {
                    commands.push(Command::SetWatchInterval(self.watch_minutes));
                }
                ui.end_row();
                ui.label(frame.t(Text::DataFolder));
                ui.monospace(view.data_dir.display().to_string());
                ui.end_row();
                ui.label(frame.t(Text::Connection));
                ui.vertical(|ui| {
                    ui.label(view.connection);
                    ui.weak(frame.t(Text::LiveNotReachable));
                });
                ui.end_row();
                ui.label(frame.t(Text::CodeTables));
                let manifest = frame.codes.manifest();
                ui.label(format!("{} ({})", manifest.set_version, manifest.effective));
                ui.end_row();
            });
    }
}

/// A labelled one-line box in a two-column grid.
fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String, secret: bool) {
    let label = ui.label(label).id;
    ui.add(
        egui::TextEdit::singleline(value)
            .password(secret)
            .desired_width(320.0),
    )
    .labelled_by(label);
    ui.end_row();
}

#[cfg(test)]
mod tests;
