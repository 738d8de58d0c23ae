//! The instructor's view of a classroom (Lớp học): every trainee of the roster with their
//! declarations on the class server (number, status, lane) and their exercise scores, read
//! again every few seconds while the screen is shown (the app asks; this screen only draws and
//! offers "Làm mới"), with the officer's steps under each registered yellow- or red-lane
//! declaration (the instructor plays the customs officer). The same data as `khaibao sim class`
//! (docs/classroom.md).

use chrono::{DateTime, Utc};
use eframe::egui;

use super::Frame;
use crate::classroom::Role;
use crate::domain::Lane;
use crate::domain::text::Bilingual;
use crate::domain::time::vietnam_display;
use crate::exercise::Exercise;
use crate::gateway::classroom::{ClassMember, ClassView};
use crate::ui::command::Command;
use crate::ui::i18n::Text;

/// How often the view is read again while shown, seconds.
pub const REFRESH_SECONDS: u64 = 5;

/// What the class screen shows, kept by the app between reads.
#[derive(Debug, Default)]
pub struct ClassState {
    /// The last view read.
    pub view: Option<ClassView>,
    /// When it was read (machine time, UTC).
    pub updated: Option<DateTime<Utc>>,
    /// Why the last read failed (a trainee is refused; the server is down…).
    pub problem: Option<Bilingual>,
    /// The connection is not a classroom server.
    pub not_classroom: bool,
    /// A read is running on the worker.
    pub running: bool,
    /// When the last read was asked (monotonic).
    pub asked: Option<std::time::Instant>,
}

impl ClassState {
    /// Whether a new read is due at `now` (none running, the last one asked
    /// [`REFRESH_SECONDS`] ago or never).
    pub fn due(&self, now: std::time::Instant) -> bool {
        !self.running
            && self.asked.is_none_or(|asked| {
                now.duration_since(asked) >= std::time::Duration::from_secs(REFRESH_SECONDS)
            })
    }
}

/// The status's name in the window's language (the core's names: `provisional`, …).
fn status_name(frame: &Frame<'_>, status: &str) -> String {
    let text = match status {
        "provisional" => Text::StateProvisional,
        "registered" => Text::StateRegistered,
        "cleared" => Text::StateCleared,
        "cancelled" => Text::StateCancelled,
        "expired" => Text::StateExpired,
        other => return other.to_owned(),
    };
    frame.t(text).to_owned()
}

/// The lane's colour name and its colour.
fn lane_of(frame: &Frame<'_>, lane: Lane) -> (&'static str, egui::Color32) {
    let colour = match lane {
        Lane::Green => egui::Color32::from_rgb(30, 140, 60),
        Lane::Yellow => egui::Color32::from_rgb(190, 140, 0),
        Lane::Red => egui::Color32::from_rgb(200, 40, 40),
    };
    (lane.colour_name(frame.vietnamese()), colour)
}

/// "Xanh 3 · Vàng 1 · Đỏ 0" for a member's registered declarations.
fn lanes_tally(frame: &Frame<'_>, member: &ClassMember) -> String {
    Lane::ALL
        .iter()
        .map(|lane| {
            let n = member
                .declarations
                .iter()
                .filter(|d| d.lane() == Some(*lane))
                .count();
            format!("{} {n}", lane_of(frame, *lane).0)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The exercise's title when the catalogue has it, else its id.
fn exercise_name(frame: &Frame<'_>, catalogue: &[Exercise], id: &str) -> String {
    catalogue.iter().find(|e| e.id == id).map_or_else(
        || id.to_owned(),
        |e| e.title.pick(frame.vietnamese()).to_owned(),
    )
}

/// "2 bài · cao nhất TB 85%" — exercises tried and the mean of their best scores.
fn scores_tally(frame: &Frame<'_>, member: &ClassMember) -> String {
    if member.scores.is_empty() {
        return "—".to_owned();
    }
    let count = u32::try_from(member.scores.len()).unwrap_or(u32::MAX);
    let mean = member.scores.iter().map(|s| s.best_percent).sum::<u32>() / count.max(1);
    format!(
        "{} · {} {mean}%",
        counted(
            frame,
            member.scores.len(),
            Text::ClassExerciseDone,
            Text::ClassExercisesDone
        ),
        frame.t(Text::ClassMeanBest)
    )
}

/// "1 declaration", "2 declarations": the count and the word in its number (Vietnamese has
/// one form; English two).
fn counted(frame: &Frame<'_>, count: usize, one: Text, many: Text) -> String {
    let word = if count == 1 { one } else { many };
    format!("{count} {}", frame.t(word))
}

/// Draws the class screen from `state`; returns what it asks for.
pub fn class_screen(
    ui: &mut egui::Ui,
    frame: &Frame<'_>,
    state: &ClassState,
    catalogue: &[Exercise],
) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.heading(frame.t(Text::ClassHeading));
    ui.label(frame.t(Text::ClassHelp));
    ui.horizontal_wrapped(|ui| {
        if ui.button(frame.t(Text::ClassRefresh)).clicked() {
            commands.push(Command::RefreshClass);
        }
        match state.updated {
            Some(at) => {
                ui.label(format!(
                    "{} {}",
                    frame.t(Text::ClassUpdated),
                    vietnam_display(at)
                ));
            }
            // Still waiting for the first read (not when it was refused or failed).
            None if state.problem.is_none() && !state.not_classroom => {
                ui.label(frame.t(Text::ClassLoading));
            }
            None => {}
        }
    });
    if state.not_classroom {
        ui.separator();
        ui.label(frame.t(Text::ClassNotConnected));
        return commands;
    }
    if let Some(problem) = &state.problem {
        ui.colored_label(
            egui::Color32::from_rgb(200, 40, 40),
            problem.pick(frame.vietnamese()),
        );
    }
    let Some(view) = &state.view else {
        return commands;
    };
    ui.separator();
    let declarations: usize = view.members.iter().map(|m| m.declarations.len()).sum();
    let trainees = view
        .members
        .iter()
        .filter(|m| m.role == Role::Trainee)
        .count();
    ui.strong(format!(
        "{} · {}",
        counted(frame, trainees, Text::ClassTrainee, Text::ClassTrainees),
        counted(
            frame,
            declarations,
            Text::ClassDeclarationOne,
            Text::ClassDeclarationsCount
        )
    ));
    egui::ScrollArea::vertical()
        .id_salt("class")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            summary(ui, frame, view);
            ui.separator();
            for member in &view.members {
                details(ui, frame, member, catalogue, &mut commands);
            }
        });
    commands
}

/// One row per member: user ID, name, declarations, lanes, exercises.
fn summary(ui: &mut egui::Ui, frame: &Frame<'_>, view: &ClassView) {
    egui::Grid::new("class-summary")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for head in [
                Text::UserId,
                Text::ClassName,
                Text::ClassDeclarations,
                Text::ColumnLane,
                Text::ClassScores,
            ] {
                ui.strong(frame.t(head));
            }
            ui.end_row();
            for member in &view.members {
                ui.label(&member.user_id);
                if member.role == Role::Instructor {
                    ui.label(format!(
                        "{} ({})",
                        member.name,
                        frame.t(Text::ClassInstructor)
                    ));
                } else {
                    ui.label(&member.name);
                }
                ui.label(member.declarations.len().to_string());
                ui.label(lanes_tally(frame, member));
                ui.label(scores_tally(frame, member));
                ui.end_row();
            }
        });
}

/// The officer's steps on a registered yellow- or red-lane declaration: the instructor plays
/// the customs officer (docs/classroom.md); green ones need none, cleared ones are done.
fn officer_steps(
    ui: &mut egui::Ui,
    frame: &Frame<'_>,
    entry: &crate::classroom::register::Entry,
    commands: &mut Vec<Command>,
) {
    let checked = matches!(entry.lane(), Some(Lane::Yellow | Lane::Red));
    let Ok(number) = entry.number.parse::<crate::domain::DeclarationNumber>() else {
        return;
    };
    if entry.status != "registered" || !checked {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.add_space(24.0);
        for (text, action) in super::simulator::OFFICER_STEPS {
            if ui.small_button(frame.t(text)).clicked() {
                commands.push(Command::ClassOfficer { number, action });
            }
        }
    });
}

/// A member's declarations and exercise scores, folded under their name; the officer's steps
/// under each declaration that waits for them.
fn details(
    ui: &mut egui::Ui,
    frame: &Frame<'_>,
    member: &ClassMember,
    catalogue: &[Exercise],
    commands: &mut Vec<Command>,
) {
    egui::CollapsingHeader::new(format!("{} — {}", member.user_id, member.name))
        .id_salt(("class-member", &member.user_id))
        .show(ui, |ui| {
            if member.declarations.is_empty() {
                ui.label(frame.t(Text::ClassNoDeclarations));
            }
            for entry in &member.declarations {
                ui.horizontal_wrapped(|ui| {
                    ui.monospace(&entry.number);
                    ui.label(status_name(frame, &entry.status));
                    if let Some(lane) = entry.lane() {
                        let (name, colour) = lane_of(frame, lane);
                        ui.colored_label(colour, format!("{} {name}", frame.t(Text::ColumnLane)));
                    }
                    ui.weak(vietnam_display(entry.updated));
                    if let Ok(number) = entry.number.parse()
                        && ui.small_button(frame.t(Text::ClassCopyHere)).clicked()
                    {
                        commands.push(Command::CopyFromClass(number));
                    }
                });
                officer_steps(ui, frame, entry, commands);
            }
            if member.scores.is_empty() {
                ui.label(frame.t(Text::ClassNoScores));
            }
            for score in &member.scores {
                ui.label(format!(
                    "{}: {} {}% · {} {}% · {} ({})",
                    exercise_name(frame, catalogue, &score.exercise_id),
                    frame.t(Text::ClassBest),
                    score.best_percent,
                    frame.t(Text::ClassLast),
                    score.last_percent,
                    counted(
                        frame,
                        usize::try_from(score.attempts).unwrap_or(usize::MAX),
                        Text::ClassAttempt,
                        Text::ClassAttempts
                    ),
                    vietnam_display(score.last_at),
                ));
            }
        });
}

#[cfg(test)]
mod tests;
