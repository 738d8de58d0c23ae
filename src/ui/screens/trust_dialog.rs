//! The first connection to a classroom server (trust on first use, docs/classroom.md): the
//! server's certificate fingerprint, in groups of four pairs, for the trainee to compare with
//! the one the instructor reads out or shows; "they match" trusts it (pinned in the data
//! folder), "they differ" sends nothing to it.

use eframe::egui;

use super::Frame;
use crate::gateway::tofu;
use crate::ui::command::Command;
use crate::ui::i18n::Text;

/// The server waiting for the trainee's comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustRequest {
    /// The server's address (`https://host:port`).
    pub url: String,
    /// The SHA-256 fingerprint it presented (`AB:CD:…`).
    pub fingerprint: String,
}

/// Draws the dialog over the window; returns the trainee's answer.
pub fn trust_dialog(
    ctx: &egui::Context,
    frame: &Frame<'_>,
    request: &TrustRequest,
) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::Window::new(frame.t(Text::TrustHeading))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.label(frame.t(Text::TrustExplain));
            ui.separator();
            ui.horizontal(|ui| {
                ui.strong(frame.t(Text::TrustServerAddress));
                ui.monospace(&request.url);
            });
            ui.strong(frame.t(Text::TrustFingerprint));
            // Four lines of eight pairs, as `khaibao sim serve` prints them for the instructor.
            for line in tofu::grouped(&request.fingerprint).lines() {
                ui.label(egui::RichText::new(line).monospace().size(18.0));
            }
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                if ui.button(frame.t(Text::TrustMatches)).clicked() {
                    commands.push(Command::TrustServer {
                        url: request.url.clone(),
                        fingerprint: request.fingerprint.clone(),
                    });
                }
                if ui.button(frame.t(Text::TrustDiffers)).clicked() {
                    commands.push(Command::DeclineTrust);
                }
            });
        });
    commands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::Language;
    use crate::ui::screens::testing::{Fixture, harness};
    use egui_kittest::kittest::Queryable;

    const FINGERPRINT: &str = "00:07:0E:15:1C:23:2A:31:38:3F:46:4D:54:5B:62:69:70:77:7E:85:8C:93:9A:A1:A8:AF:B6:BD:C4:CB:D2:D9";

    fn dialog(language: Language) -> egui_kittest::Harness<'static, Vec<Command>> {
        let fixture = Fixture::new(language);
        let request = TrustRequest {
            url: "https://127.0.0.1:7443".into(),
            fingerprint: FINGERPRINT.into(),
        };
        harness((900.0, 700.0), Vec::new(), move |ui, commands| {
            let frame = fixture.frame();
            commands.extend(trust_dialog(ui.ctx(), &frame, &request));
        })
    }

    #[test]
    fn the_fingerprint_is_shown_in_groups_and_a_match_trusts_this_server() {
        let mut harness = dialog(Language::Vietnamese);
        harness.run();
        harness.get_by_label("Xác nhận máy chủ lớp học");
        harness.get_by_label("https://127.0.0.1:7443");
        // The instructor's console prints four lines of eight pairs: the same ones here.
        for line in tofu::grouped(FINGERPRINT).lines() {
            harness.get_by_label(line);
        }
        harness
            .get_by_label("Trùng khớp — tin cậy máy chủ này")
            .click();
        harness.run();
        assert!(matches!(
            harness.state().as_slice(),
            [Command::TrustServer { url, fingerprint }]
                if url == "https://127.0.0.1:7443" && fingerprint == FINGERPRINT
        ));
    }

    #[test]
    fn they_differ_trusts_nothing_and_english_reads_english() {
        let mut harness = dialog(Language::English);
        harness.run();
        harness.get_by_label("Confirm the classroom server");
        harness.get_by_label("They differ — do not connect").click();
        harness.run();
        assert!(matches!(
            harness.state().as_slice(),
            [Command::DeclineTrust]
        ));
    }
}
