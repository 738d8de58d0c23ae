//! The broker's identity (company, tax code, broker, VNACCS user), the connection (embedded
//! simulator or a simulator server; the live VNACCS is not reachable from this build) and the
//! VNACCS account kept in the operating system's credential store.

use eframe::egui;

use super::{ConnectionKind, SettingsScreen, SettingsView, text_row};
use crate::ui::command::Command;
use crate::ui::i18n::Text;
use crate::ui::screens::Frame;

impl SettingsScreen {
    pub(super) fn account(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: &SettingsView<'_>,
        commands: &mut Vec<Command>,
    ) {
        egui::Grid::new("identity")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                text_row(
                    ui,
                    frame.t(Text::CompanyName),
                    &mut self.company_name,
                    false,
                );
                text_row(
                    ui,
                    frame.t(Text::TaxCode),
                    &mut self.company_tax_code,
                    false,
                );
                text_row(ui, frame.t(Text::BrokerName), &mut self.broker_name, false);
                text_row(ui, frame.t(Text::UserId), &mut self.user_id, false);
                ui.label(frame.t(Text::Connection));
                ui.vertical(|ui| self.connection_choice(ui, frame));
                ui.end_row();
            });
        ui.horizontal_wrapped(|ui| {
            if ui.button(frame.t(Text::SaveSettings)).clicked() {
                commands.push(self.identity());
            }
            if ui.button(frame.t(Text::Apply)).clicked() {
                commands.push(self.identity());
                commands.push(Command::Reconnect {
                    server: self.connection.setting(),
                    user_id: self.user_id.trim().to_owned(),
                });
            }
            if ui.button(frame.t(Text::CheckConnection)).clicked() {
                commands.push(Command::CheckConnection);
            }
        });
        ui.separator();
        self.credentials(ui, frame, view, commands);
    }

    /// The connection kinds: the embedded simulator, a simulator server (JSON or real VNACCS
    /// messages), and the live systems, plainly marked as not tried from this build.
    fn connection_choice(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let form = &mut self.connection;
        let radio = |ui: &mut egui::Ui, chosen: &mut ConnectionKind, kind, text: Text| {
            ui.radio_value(chosen, kind, frame.t(text)).id
        };
        let kind = &mut form.kind;
        radio(ui, kind, ConnectionKind::Embedded, Text::ConnectionEmbedded);
        let json = radio(ui, kind, ConnectionKind::Server, Text::ConnectionServer);
        let vnaccs = radio(
            ui,
            kind,
            ConnectionKind::VnaccsServer,
            Text::ConnectionVnaccsServer,
        );
        let server_box = match *kind {
            ConnectionKind::Server => Some(json),
            ConnectionKind::VnaccsServer => Some(vnaccs),
            _ => None,
        };
        if let Some(label) = server_box {
            ui.add(
                egui::TextEdit::singleline(&mut form.server_url)
                    .hint_text("http://127.0.0.1:7070")
                    .desired_width(260.0),
            )
            .labelled_by(label);
        }
        ui.separator();
        ui.label(frame.t(Text::LiveNotReachable));
        let kind = &mut form.kind;
        let live = radio(
            ui,
            kind,
            ConnectionKind::LiveVnaccs,
            Text::ConnectionLiveVnaccs,
        );
        if *kind == ConnectionKind::LiveVnaccs {
            ui.add(
                egui::TextEdit::singleline(&mut form.live_url)
                    .hint_text("https://")
                    .desired_width(260.0),
            )
            .labelled_by(live);
        }
        let kind = &mut form.kind;
        radio(ui, kind, ConnectionKind::Ecus6, Text::ConnectionEcus6);
        if *kind == ConnectionKind::Ecus6 {
            ui.monospace(crate::workflow::ECUS6_URL);
        }
    }

    fn identity(&self) -> Command {
        Command::SaveIdentity {
            company_name: self.company_name.trim().to_owned(),
            company_tax_code: self.company_tax_code.trim().to_owned(),
            broker_name: self.broker_name.trim().to_owned(),
            user_id: self.user_id.trim().to_owned(),
        }
    }

    fn credentials(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: &SettingsView<'_>,
        commands: &mut Vec<Command>,
    ) {
        ui.strong(frame.t(Text::Credentials));
        if let Some(store) = view.credential_store {
            ui.label(store.pick(frame.vietnamese()));
        }
        egui::Grid::new("credentials")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let c = &mut self.credentials;
                text_row(ui, frame.t(Text::UserId), &mut c.user_id, false);
                text_row(ui, frame.t(Text::Password), &mut c.password, true);
                text_row(ui, frame.t(Text::TerminalId), &mut c.terminal_id, false);
                text_row(ui, frame.t(Text::AccessKey), &mut c.access_key, true);
            });
        // What the VNACCS header takes: user code 8, password at most 8, terminal ID at most 6,
        // plain characters; all four for VNACCS. A classroom server (https://) signs in with
        // the user code and the password the instructor gave only.
        let classroom = self
            .connection
            .setting()
            .is_some_and(|s| crate::workflow::Connection::from_setting(&s).is_classroom());
        let c = &self.credentials;
        let fits = |value: &str, most: usize| {
            !value.trim().is_empty() && value.len() <= most && value.is_ascii()
        };
        // A classroom password is 8 capitals and digits from the instructor's paper: what was
        // typed wrong is said (a small letter, a missing character), not only refused.
        let misread = (classroom && !c.password.is_empty())
            .then(|| crate::classroom::password::explain_typed(&c.password))
            .flatten();
        let complete = fits(&c.user_id, 8)
            && fits(&c.password, 8)
            && misread.is_none()
            && (classroom || (fits(&c.terminal_id, 6) && !c.access_key.trim().is_empty()));
        if let Some(problem) = &misread {
            ui.colored_label(
                egui::Color32::from_rgb(200, 40, 40),
                problem.pick(frame.vietnamese()),
            );
        } else if !complete {
            ui.label(frame.t(if classroom {
                Text::CredentialsClassroom
            } else {
                Text::CredentialsNeedAll
            }));
        }
        if ui
            .add_enabled(complete, egui::Button::new(frame.t(Text::SaveCredentials)))
            .clicked()
        {
            // The secrets leave the form: only the user ID stays shown.
            let credentials = std::mem::take(&mut self.credentials);
            self.credentials.user_id.clone_from(&credentials.user_id);
            commands.push(Command::SaveCredentials(Box::new(credentials)));
        }
    }
}
