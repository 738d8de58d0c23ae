//! The clearance watch-list's strip under the top bar, on every screen: the countdown to the
//! next check ("Cập nhật thông quan sau 4:32"), "Kiểm tra ngay", and a banner of the
//! declarations that changed state at customs since the broker last looked, each one a link
//! that opens it. The schedule itself is [`crate::workflow::watch`]'s; the check runs on the
//! worker.

use chrono::Duration;
use eframe::egui;

use super::Frame;
use crate::ui::command::Command;
use crate::ui::i18n::Text;
use crate::workflow::watch::{Change, countdown};

/// What the strip shows.
#[derive(Debug, Clone, Copy)]
pub struct WatchView<'a> {
    /// The time left until the next check; `None` while a check runs.
    pub left: Option<Duration>,
    /// The changes not yet seen, oldest first.
    pub changes: &'a [Change],
}

/// Draws the strip.
pub fn watch_bar(ui: &mut egui::Ui, frame: &Frame<'_>, view: WatchView<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal_wrapped(|ui| {
        match view.left {
            Some(left) => ui.weak(format!(
                "{} {}",
                frame.t(Text::WatchNextCheck),
                countdown(left)
            )),
            None => ui.weak(frame.t(Text::WatchChecking)),
        };
        if ui
            .add_enabled(
                view.left.is_some(),
                egui::Button::new(frame.t(Text::WatchCheckNow)).small(),
            )
            .clicked()
        {
            commands.push(Command::WatchNow);
        }
    });
    if view.changes.is_empty() {
        return commands;
    }
    egui::Frame::group(ui.style())
        .fill(ui.visuals().extreme_bg_color)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(frame.t(Text::WatchChanged));
                if ui.small_button(frame.t(Text::WatchDismiss)).clicked() {
                    commands.push(Command::DismissWatch);
                }
            });
            for change in view.changes {
                let text = format!(
                    "{} — {}: {}",
                    change.number,
                    change.title,
                    change.what.pick(frame.vietnamese())
                );
                let colour = if change.bad {
                    egui::Color32::from_rgb(220, 100, 0)
                } else {
                    ui.visuals().hyperlink_color
                };
                if ui
                    .link(egui::RichText::new(text).color(colour))
                    .on_hover_text(frame.t(Text::WatchOpen))
                    .clicked()
                {
                    commands.push(Command::Open(change.id));
                }
            }
        });
    commands
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::domain::text::Bilingual;
    use crate::ui::i18n::Language;
    use crate::ui::screens::testing::{Fixture, harness};

    struct State {
        left: Option<Duration>,
        changes: Vec<Change>,
        fixture: Fixture,
        commands: Vec<Command>,
    }

    fn change() -> Change {
        Change {
            id: 7,
            number: crate::domain::DeclarationNumber::new(10, 123, 0).unwrap(),
            title: "Công ty Đại Phát · INV-1".into(),
            what: Bilingual::new("Đã đăng ký → Đã thông quan", "Registered → Cleared"),
            bad: false,
        }
    }

    fn bar(left: Option<Duration>, changes: Vec<Change>) -> egui_kittest::Harness<'static, State> {
        let state = State {
            left,
            changes,
            fixture: Fixture::new(Language::Vietnamese),
            commands: Vec::new(),
        };
        harness((1024.0, 300.0), state, |ui, s: &mut State| {
            let frame = s.fixture.frame();
            let view = WatchView {
                left: s.left,
                changes: &s.changes,
            };
            let commands = watch_bar(ui, &frame, view);
            s.commands.extend(commands);
        })
    }

    #[test]
    fn the_countdown_is_shown_and_check_now_is_a_command() {
        let mut h = bar(Some(Duration::seconds(272)), Vec::new());
        h.run();
        assert!(h.query_by_label("Cập nhật thông quan sau 4:32").is_some());
        assert!(h.query_by_label_contains("thay đổi trạng thái").is_none());
        h.get_by_label("Kiểm tra ngay").click();
        h.run();
        assert!(matches!(h.state().commands.as_slice(), [Command::WatchNow]));
        // While a check runs it says so, and the button waits.
        h.state_mut().left = None;
        h.state_mut().commands.clear();
        h.run();
        assert!(h.query_by_label_contains("Đang kiểm tra").is_some());
        h.get_by_label("Kiểm tra ngay").click();
        h.run();
        assert!(h.state().commands.is_empty());
    }

    #[test]
    fn a_change_is_a_link_to_its_declaration_and_the_banner_can_be_dismissed() {
        let mut h = bar(Some(Duration::seconds(60)), vec![change()]);
        h.run();
        assert!(h.query_by_label("Tờ khai thay đổi trạng thái").is_some());
        h.get_by_label_contains("Đã đăng ký → Đã thông quan")
            .click();
        h.run();
        h.get_by_label("Đã xem").click();
        h.run();
        assert!(matches!(
            h.state().commands.as_slice(),
            [Command::Open(7), Command::DismissWatch]
        ));
    }
}
