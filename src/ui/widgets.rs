//! Small shared pieces: the lane badge, state names, the provisional countdown.

use chrono::{DateTime, Utc};
use eframe::egui;

use super::i18n::{Language, Text};
use crate::domain::Lane;
use crate::store::DraftState;

/// Colour of a lane.
pub fn lane_colour(lane: Lane) -> egui::Color32 {
    match lane {
        Lane::Green => egui::Color32::from_rgb(0, 140, 60),
        Lane::Yellow => egui::Color32::from_rgb(220, 170, 0),
        Lane::Red => egui::Color32::from_rgb(200, 40, 40),
    }
}

/// A coloured badge "Luồng 1 — Xanh". Takes a [`Lane`] or, until the editor and the drafts list
/// hold lanes, its stored number (anything above 3 shows as red, as before).
pub fn lane_badge(ui: &mut egui::Ui, lane: impl Into<u8>, language: Language) {
    let lane = Lane::from_number_lenient(lane.into());
    let text = egui::RichText::new(format!(
        " {} {lane} — {} ",
        Text::ColumnLane.get(language),
        lane.colour_name(language.is_vietnamese())
    ))
    .color(egui::Color32::WHITE)
    .background_color(lane_colour(lane))
    .strong();
    ui.label(text);
}

/// The name of a state.
pub fn state_name(state: DraftState, language: Language) -> &'static str {
    match state {
        DraftState::Draft => Text::StateDraft,
        DraftState::Provisional => Text::StateProvisional,
        DraftState::Expired => Text::StateExpired,
        DraftState::Registered => Text::StateRegistered,
        DraftState::Cleared => Text::StateCleared,
        DraftState::Cancelled => Text::StateCancelled,
    }
    .get(language)
}

/// "còn 2 ngày 4 giờ" until `expires`, and whether it is the last day.
pub fn countdown(expires: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> (String, bool) {
    let left = expires - now;
    let hours = left.num_hours().max(0);
    let text = format!(
        "{} {} {} {} {}",
        Text::ExpiresIn.get(language),
        hours / 24,
        Text::Days.get(language),
        hours % 24,
        Text::Hours.get(language)
    );
    (text, hours < 24)
}

/// A delete asked first: a centred window naming what goes (`name`) with `question`, Yes and
/// No; Escape is No. `Some(true)` on Yes, `Some(false)` on No or Escape, `None` while open.
pub fn confirm_delete(
    ui: &egui::Ui,
    language: Language,
    name: &str,
    question: Text,
) -> Option<bool> {
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        return Some(false);
    }
    let mut answer = None;
    egui::Window::new(Text::Delete.get(language))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ui.ctx(), |ui| {
            ui.strong(name);
            ui.label(question.get(language));
            ui.horizontal(|ui| {
                if ui.button(Text::Yes.get(language)).clicked() {
                    answer = Some(true);
                }
                if ui.button(Text::No.get(language)).clicked() {
                    answer = Some(false);
                }
            });
        });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_warns_on_the_last_day() {
        let now: DateTime<Utc> = "2026-11-23T00:00:00Z".parse().unwrap();
        let (text, last) = countdown(now + chrono::Duration::hours(52), now, Language::Vietnamese);
        assert_eq!(text, "còn 2 ngày 4 giờ");
        assert!(!last);
        let (text, last) = countdown(now + chrono::Duration::hours(5), now, Language::English);
        assert_eq!(text, "expires in 0 d 5 h");
        assert!(last);
    }
}
