//! The outbox's strip under the top bar (only while jobs wait: "Hộp thư đi: 2 việc chờ gửi",
//! "Gửi lại ngay", "Xem") and its window listing each waiting job — declaration, job, queued
//! time, attempts, last error, the system it was addressed to — with "Gửi lại" and, for a job
//! that never reached customs, "Xóa". The sending runs on the worker; the watch-list's rounds
//! resend the outbox first.

use eframe::egui;

use super::Frame;
use crate::store::OutboxEntry;
use crate::ui::command::Command;
use crate::ui::i18n::Text;

/// Draws the strip when jobs wait; `open` is whether the window is shown.
pub fn outbox_bar(ui: &mut egui::Ui, frame: &Frame<'_>, entries: &[OutboxEntry]) -> Vec<Command> {
    let mut commands = Vec::new();
    if entries.is_empty() {
        return commands;
    }
    let orange = egui::Color32::from_rgb(220, 100, 0);
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            orange,
            format!(
                "{} {} {}",
                frame.t(Text::OutboxWaiting),
                entries.len(),
                frame.t(Text::OutboxJobs)
            ),
        );
        if ui
            .add_enabled(
                !frame.busy,
                egui::Button::new(frame.t(Text::OutboxResendAll)).small(),
            )
            .clicked()
        {
            commands.push(Command::ResendOutbox(None));
        }
        if ui.small_button(frame.t(Text::OutboxShow)).clicked() {
            commands.push(Command::ShowOutbox(true));
        }
    });
    commands
}

/// Draws the outbox window.
pub fn outbox_window(
    ctx: &egui::Context,
    frame: &Frame<'_>,
    entries: &[OutboxEntry],
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new(frame.t(Text::OutboxTitle))
        .open(&mut open)
        .default_width(900.0)
        .show(ctx, |ui| {
            if entries.is_empty() {
                ui.label(frame.t(Text::OutboxEmpty));
                return;
            }
            ui.weak(frame.t(Text::OutboxExplain));
            egui::Grid::new("outbox")
                .striped(true)
                .num_columns(7)
                .show(ui, |ui| {
                    for header in [
                        Text::OutboxDeclaration,
                        Text::OutboxJob,
                        Text::OutboxQueuedAt,
                        Text::OutboxAttempts,
                        Text::OutboxLastError,
                        Text::OutboxSystem,
                    ] {
                        ui.strong(frame.t(header));
                    }
                    ui.label("");
                    ui.end_row();
                    for entry in entries {
                        commands.extend(row(ui, frame, entry));
                        ui.end_row();
                    }
                });
        });
    if !open {
        commands.push(Command::ShowOutbox(false));
    }
    commands
}

fn row(ui: &mut egui::Ui, frame: &Frame<'_>, entry: &OutboxEntry) -> Vec<Command> {
    let mut commands = Vec::new();
    let vi = frame.vietnamese();
    let declaration = match &entry.number {
        Some(number) => format!("{number} — {}", entry.title),
        None => entry.title.clone(),
    };
    if ui
        .link(declaration)
        .on_hover_text(frame.t(Text::WatchOpen))
        .clicked()
    {
        commands.push(Command::Open(entry.draft_id));
    }
    ui.label(entry.job.code());
    ui.label(crate::domain::time::vietnam_display(entry.queued_at));
    ui.label(entry.attempts.to_string());
    ui.label(entry.last_error.as_ref().map_or("", |e| e.pick(vi)));
    ui.label(entry.system.pick(vi));
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !frame.busy,
                egui::Button::new(frame.t(Text::OutboxResend)).small(),
            )
            .clicked()
        {
            commands.push(Command::ResendOutbox(Some(entry.id)));
        }
        let remove = ui
            .add_enabled(
                !entry.maybe_sent && !frame.busy,
                egui::Button::new(frame.t(Text::OutboxRemove)).small(),
            )
            .on_disabled_hover_text(frame.t(Text::OutboxMaybeSent));
        if remove.clicked() {
            commands.push(Command::RemoveOutbox(entry.id));
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
    use crate::ui::screens::testing::{Fixture, harness, now};
    use crate::wire::{Operation, PROTOCOL, Request};

    struct State {
        entries: Vec<OutboxEntry>,
        window: bool,
        fixture: Fixture,
        commands: Vec<Command>,
    }

    fn entry(id: i64, maybe_sent: bool) -> OutboxEntry {
        let number = crate::domain::DeclarationNumber::new(10, 123, 0).unwrap();
        OutboxEntry {
            id,
            draft_id: 40 + id,
            number: Some(number.to_string()),
            title: format!("Công ty Đại Phát · INV-{id}"),
            job: "IDC".parse().unwrap(),
            message_ref: format!("KB{id}"),
            request: Request {
                protocol: PROTOCOL.into(),
                message_ref: format!("KB{id}"),
                user_id: "TRAIN001".into(),
                operation: Operation::RegisterOfficial { number },
            },
            signed: None,
            system: Bilingual::verbatim("http://127.0.0.1:7070/v1/messages"),
            queued_at: now(),
            attempts: 2,
            last_attempt_at: Some(now()),
            last_error: Some(Bilingual::new(
                "Không kết nối được tới máy chủ",
                "Cannot reach the server",
            )),
            maybe_sent,
        }
    }

    fn outbox(entries: Vec<OutboxEntry>, window: bool) -> egui_kittest::Harness<'static, State> {
        let state = State {
            entries,
            window,
            fixture: Fixture::new(Language::Vietnamese),
            commands: Vec::new(),
        };
        harness((1200.0, 500.0), state, |ui, s: &mut State| {
            let frame = s.fixture.frame();
            let mut commands = outbox_bar(ui, &frame, &s.entries);
            if s.window {
                commands.extend(outbox_window(ui.ctx(), &frame, &s.entries));
            }
            s.commands.extend(commands);
        })
    }

    #[test]
    fn nothing_waiting_shows_no_strip() {
        let mut h = outbox(Vec::new(), false);
        h.run();
        assert!(h.query_by_label_contains("Hộp thư đi").is_none());
    }

    #[test]
    fn the_strip_counts_the_waiting_jobs_resends_them_and_opens_the_window() {
        let mut h = outbox(vec![entry(1, false), entry(2, true)], false);
        h.run();
        assert!(h.query_by_label("Hộp thư đi: 2 việc chờ gửi").is_some());
        h.get_by_label("Gửi lại ngay").click();
        h.run();
        h.get_by_label("Xem hộp thư đi").click();
        h.run();
        assert!(matches!(
            h.state().commands.as_slice(),
            [Command::ResendOutbox(None), Command::ShowOutbox(true)]
        ));
    }

    #[test]
    fn the_window_lists_each_job_and_removes_only_one_that_never_left() {
        let mut h = outbox(vec![entry(1, false), entry(2, true)], true);
        h.run();
        assert!(h.query_by_label("Lần thử").is_some());
        assert_eq!(
            h.query_all_by_label("http://127.0.0.1:7070/v1/messages")
                .count(),
            2,
            "the system each job was addressed to"
        );
        assert_eq!(
            h.query_all_by_label("Không kết nối được tới máy chủ")
                .count(),
            2
        );
        let resend: Vec<_> = h.query_all_by_label("Gửi lại").collect();
        assert_eq!(resend.len(), 2);
        resend[1].click();
        h.run();
        // The first job never left: it can be removed. The second may have reached customs.
        for remove in h.query_all_by_label("Xóa") {
            remove.click();
        }
        h.run();
        assert!(
            matches!(
                h.state().commands.as_slice(),
                [Command::ResendOutbox(Some(2)), Command::RemoveOutbox(1)]
            ),
            "{:?}",
            h.state().commands
        );
        h.get_by_label_contains("INV-1").click();
        h.run();
        assert!(matches!(h.state().commands.last(), Some(Command::Open(41))));
    }
}
