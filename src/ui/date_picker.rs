//! A date picker beside each date box: a month of days, Monday first, in the window's
//! language (`egui_extras`' picker has English names built in, so it is not used), the chosen and
//! today's dates marked. Picking a day sets the date; the box shows it dd/mm/yyyy.

use chrono::{Datelike as _, Months, NaiveDate};
use eframe::egui;

use super::i18n::{Language, Text};

/// What the picker remembers between frames (egui's temporary memory, per date box).
#[derive(Debug, Clone, Copy, Default)]
struct State {
    open: bool,
    /// The first day of the month shown.
    month: Option<NaiveDate>,
}

/// The days of `month`'s calendar page: `None` before the 1st (the week starts on Monday).
fn page(month: NaiveDate) -> Vec<Option<NaiveDate>> {
    let first = month.with_day(1).unwrap_or(month);
    let blanks = first.weekday().num_days_from_monday();
    let mut days: Vec<Option<NaiveDate>> = (0..blanks).map(|_| None).collect();
    days.extend(
        first
            .iter_days()
            .take_while(|d| d.month() == first.month())
            .map(Some),
    );
    days
}

/// A symbol button with a name for screen readers and tests, shown on hover too.
fn named(button: egui::Response, name: &str) -> egui::Response {
    button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    button.on_hover_text(name)
}

/// A ▾ button, named "Chọn ngày — `field`" for screen readers and tests, that opens the picker
/// for `value`; `today` is marked and is where an empty date opens. Returns whether a day was
/// picked.
pub fn date_button(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    field: &str,
    value: &mut Option<NaiveDate>,
    today: NaiveDate,
    language: Language,
) -> bool {
    let t = |text: Text| text.get(language);
    let id = ui.make_persistent_id(id_salt);
    let mut state: State = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let button = named(
        ui.small_button("▾"),
        &format!("{} — {field}", t(Text::PickDate)),
    );
    // Enter and Tab move from box to box: the ▾ button is for the mouse, and is passed over
    // (an Enter arriving on it would open the calendar instead of going to the next box).
    if button.gained_focus() && !ui.input(|i| i.pointer.any_pressed()) {
        let back = ui.input(|i| i.modifiers.shift);
        ui.memory_mut(|m| {
            m.move_focus(if back {
                egui::FocusDirection::Previous
            } else {
                egui::FocusDirection::Next
            });
        });
    }
    if button.clicked() {
        state.open = !state.open;
        state.month = Some(value.unwrap_or(today).with_day(1).unwrap_or(today));
    }
    let mut picked = false;
    if state.open {
        let month = state.month.unwrap_or(today);
        let mut open = true;
        egui::Window::new(t(Text::PickDate))
            .id(id.with("window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .fixed_pos(button.rect.left_bottom())
            .show(ui.ctx(), |ui| {
                ui.horizontal(|ui| {
                    if named(ui.button("◀"), t(Text::PreviousMonth)).clicked() {
                        state.month = month.checked_sub_months(Months::new(1));
                    }
                    ui.strong(format!(
                        "{} {:02}/{}",
                        t(Text::MonthShown),
                        month.month(),
                        month.year()
                    ));
                    if ui.button("▶").on_hover_text(t(Text::NextMonth)).clicked() {
                        state.month = month.checked_add_months(Months::new(1));
                    }
                });
                egui::Grid::new(id.with("days"))
                    .spacing([4.0, 4.0])
                    .show(ui, |ui| {
                        for name in t(Text::WeekdaysShort).split(' ') {
                            ui.weak(name);
                        }
                        ui.end_row();
                        for (i, day) in page(month).into_iter().enumerate() {
                            match day {
                                None => {
                                    ui.label("");
                                }
                                Some(day) => {
                                    let mut text = egui::RichText::new(day.day().to_string());
                                    if day == today {
                                        text = text.strong().underline();
                                    }
                                    if ui
                                        .selectable_label(*value == Some(day), text)
                                        .on_hover_text(crate::domain::entry::format_date(day))
                                        .clicked()
                                    {
                                        *value = Some(day);
                                        picked = true;
                                    }
                                }
                            }
                            if i % 7 == 6 {
                                ui.end_row();
                            }
                        }
                    });
                if ui.button(t(Text::Today)).clicked() {
                    *value = Some(today);
                    picked = true;
                }
            });
        state.open = open && !picked;
    }
    ui.data_mut(|d| d.insert_temp(id, state));
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_page_starts_on_monday_and_holds_the_whole_month() {
        // 1 November 2026 is a Sunday: six blanks, then 30 days.
        let november = page(day(2026, 11, 1));
        assert_eq!(november.iter().filter(|d| d.is_none()).count(), 6);
        assert_eq!(november.last(), Some(&Some(day(2026, 11, 30))));
        assert_eq!(november.len(), 36);
        // February of a leap year has its 29th.
        assert_eq!(page(day(2028, 2, 10)).last(), Some(&Some(day(2028, 2, 29))));
    }
}
