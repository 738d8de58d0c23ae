//! Trainee mode's home: the shipped exercises (level, title, attempts and best score), the chosen
//! one's aim and situation with a chart of its scores over time, and the button that starts it
//! (a new declaration with the exercise's documents beside the form). Everything wraps within
//! the window's width (1280 px is tested).

use std::collections::BTreeMap;

use eframe::egui;

use super::Frame;
use crate::domain::entry::format_date;
use crate::domain::time::vietnam_date;
use crate::exercise::Exercise;
use crate::store::ExerciseAttempt;
use crate::ui::command::Command;
use crate::ui::i18n::{Language, Text};

/// What the exercises screen shows.
#[derive(Debug, Clone, Copy)]
pub struct ExercisesView<'a> {
    /// The exercises, in order.
    pub catalogue: &'a [Exercise],
    /// Every attempt at each exercise (by id), oldest first.
    pub attempts: &'a BTreeMap<String, Vec<ExerciseAttempt>>,
}

/// The exercises screen's own state: the exercise chosen.
#[derive(Debug, Default)]
pub struct ExercisesScreen {
    selected: Option<String>,
}

/// "3 · 100 %", or the dash when never tried.
fn tally(attempts: Option<&Vec<ExerciseAttempt>>, language: Language) -> String {
    match attempts.filter(|a| !a.is_empty()) {
        Some(list) => {
            let best = list.iter().map(ExerciseAttempt::percent).max().unwrap_or(0);
            format!("{} · {best}%", list.len())
        }
        None => language.pick("—", "—").to_owned(),
    }
}

impl ExercisesScreen {
    /// Draws the screen; returns what it asks for.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        view: &ExercisesView<'_>,
    ) -> Vec<Command> {
        let lang = frame.language;
        let t = |text: Text| text.get(lang);
        let mut commands = Vec::new();
        ui.heading(t(Text::ExercisesHeading));
        ui.label(t(Text::ExercisesHelp));
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("exercises")
            .max_height(ui.available_height() * 0.55)
            .show(ui, |ui| {
                // Three narrow columns: what each teaches is long and goes with the chosen
                // exercise below (a fourth column ran past the right edge at 1280 px).
                egui::Grid::new("exercise-list")
                    .striped(true)
                    .num_columns(3)
                    .show(ui, |ui| {
                        for head in [Text::ExerciseLevel, Text::ExerciseTitle, Text::ExerciseBest] {
                            ui.strong(t(head));
                        }
                        ui.end_row();
                        for exercise in view.catalogue {
                            ui.label("★".repeat(usize::from(exercise.level.clamp(1, 3))));
                            let chosen = self.selected.as_deref() == Some(exercise.id.as_str());
                            if ui
                                .selectable_label(chosen, exercise.title.pick(lang.is_vietnamese()))
                                .clicked()
                            {
                                self.selected = Some(exercise.id.clone());
                            }
                            ui.label(tally(view.attempts.get(&exercise.id), lang));
                            ui.end_row();
                        }
                    });
            });
        ui.separator();
        let chosen = self
            .selected
            .as_deref()
            .and_then(|id| view.catalogue.iter().find(|e| e.id == id));
        if let Some(exercise) = chosen {
            let vi = lang.is_vietnamese();
            ui.strong(exercise.title.pick(vi));
            ui.add(
                egui::Label::new(format!(
                    "{}: {}",
                    t(Text::ExerciseTeaches),
                    exercise.teaches.pick(vi)
                ))
                .wrap(),
            );
            ui.add(egui::Label::new(exercise.scenario.pick(vi)).wrap());
            if ui.button(t(Text::StartExercise)).clicked() {
                commands.push(Command::StartExercise(exercise.id.clone()));
            }
            ui.separator();
            ui.strong(t(Text::ExerciseProgress));
            progress(
                ui,
                view.attempts.get(&exercise.id).map_or(&[], Vec::as_slice),
                lang,
            );
        }
        commands
    }
}

/// The attempts' scores as bars, oldest left, with the same figures in words beneath (what a
/// screen reader says, and what tests read).
fn progress(ui: &mut egui::Ui, attempts: &[ExerciseAttempt], lang: Language) {
    if attempts.is_empty() {
        ui.label(Text::NoAttempts.get(lang));
        return;
    }
    let bar = 26.0;
    let height = 110.0;
    let slot = |n: usize| f32::from(u16::try_from(n).unwrap_or(u16::MAX));
    let width = (bar + 6.0) * slot(attempts.len()) + 6.0;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(width.min(ui.available_width()), height),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    painter.rect_stroke(
        rect,
        2.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    for (n, attempt) in attempts.iter().enumerate() {
        let percent = f32::from(u8::try_from(attempt.percent().min(100)).unwrap_or(100));
        let left = rect.left() + 6.0 + (bar + 6.0) * slot(n);
        let top = rect.bottom() - 4.0 - (height - 8.0) * percent / 100.0;
        let colour = if percent >= 100.0 {
            egui::Color32::from_rgb(40, 150, 60)
        } else if percent >= 70.0 {
            egui::Color32::from_rgb(200, 160, 0)
        } else {
            egui::Color32::from_rgb(200, 80, 40)
        };
        painter.rect_filled(
            egui::Rect::from_min_max(
                egui::pos2(left, top),
                egui::pos2(left + bar, rect.bottom() - 4.0),
            ),
            2.0,
            colour,
        );
    }
    let words: Vec<String> = attempts
        .iter()
        .enumerate()
        .map(|(n, a)| {
            format!(
                "{} {}: {}% ({})",
                lang.pick("Lần", "Attempt"),
                n + 1,
                a.percent(),
                format_date(vietnam_date(a.at))
            )
        })
        .collect();
    ui.add(egui::Label::new(words.join(" · ")).wrap());
}
