//! The manual procedure's second half in the window (Decree 87/2012/NĐ-CP art. 15): a
//! declaration cleared by hand while the systems were down is entered afterwards — the number,
//! lane and clearance date customs gave on paper — without sending anything. The window checks
//! what it can read (a 12-digit number with its check digit, a date); the workflow refuses a date
//! after today or a number other than the one the declaration has.

use eframe::egui;

use super::{EditorState, Frame};
use crate::domain::{DeclarationNumber, Lane};
use crate::store::DraftState;
use crate::ui::command::Command;
use crate::ui::i18n::Text;

/// What the broker types in the window.
#[derive(Debug, Clone, Default)]
pub struct ManualEntry {
    /// The declaration number customs gave.
    pub number: String,
    /// The lane, when customs said (1, 2, 3).
    pub lane: Option<u8>,
    /// The clearance date, `dd/mm/yyyy`.
    pub cleared_on: String,
    /// Why the last try could not be read.
    pub problem: Option<&'static str>,
}

impl EditorState {
    /// The button, and the window while it is open.
    pub(super) fn manual_entry_button(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let open_to_entry = self.id.is_some()
            && matches!(
                self.state,
                DraftState::Draft | DraftState::Provisional | DraftState::Registered
            );
        if ui
            .add_enabled(
                open_to_entry,
                egui::Button::new(frame.t(Text::ManualClearance)),
            )
            .on_hover_text(frame.t(Text::ManualClearanceHint))
            .clicked()
        {
            self.manual_entry = Some(ManualEntry {
                number: self
                    .declaration
                    .number
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                lane: self.lane,
                ..ManualEntry::default()
            });
        }
        self.manual_entry_window(ui, frame);
    }

    fn manual_entry_window(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let Some(mut entry) = self.manual_entry.take() else {
            return;
        };
        let mut open = true;
        let mut record = false;
        egui::Window::new(frame.t(Text::ManualClearance))
            .open(&mut open)
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                ui.label(frame.t(Text::ManualClearanceHint));
                egui::Grid::new("manual-entry")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let label = ui.label(frame.t(Text::ColumnNumber)).id;
                        ui.text_edit_singleline(&mut entry.number)
                            .labelled_by(label);
                        ui.end_row();
                        let label = ui.label(frame.t(Text::ManualLane)).id;
                        egui::ComboBox::from_id_salt("manual-lane")
                            .selected_text(entry.lane.map_or_else(
                                || frame.t(Text::ManualLaneUnknown).to_owned(),
                                |l| {
                                    Lane::from_number_lenient(l)
                                        .name(frame.vietnamese())
                                        .to_owned()
                                },
                            ))
                            .show_ui(ui, |ui| {
                                ui.selectable_value(
                                    &mut entry.lane,
                                    None,
                                    frame.t(Text::ManualLaneUnknown),
                                );
                                for n in 1..=3u8 {
                                    ui.selectable_value(
                                        &mut entry.lane,
                                        Some(n),
                                        Lane::from_number_lenient(n).name(frame.vietnamese()),
                                    );
                                }
                            })
                            .response
                            .labelled_by(label);
                        ui.end_row();
                        let label = ui.label(frame.t(Text::ManualClearedOn)).id;
                        ui.add(
                            egui::TextEdit::singleline(&mut entry.cleared_on)
                                .hint_text("dd/mm/yyyy"),
                        )
                        .labelled_by(label);
                        ui.end_row();
                    });
                if let Some(problem) = entry.problem {
                    ui.colored_label(egui::Color32::from_rgb(200, 40, 40), problem);
                }
                if ui.button(frame.t(Text::ManualRecord)).clicked() {
                    record = true;
                }
            });
        if record {
            let number = entry.number.trim().parse::<DeclarationNumber>();
            let date = crate::domain::entry::parse_date(entry.cleared_on.trim());
            match (number, date) {
                (Ok(number), Ok(cleared_on)) => {
                    self.pending.push(Command::ManualClearance {
                        number,
                        lane: entry.lane.map(Lane::from_number_lenient),
                        cleared_on,
                    });
                    return;
                }
                (Err(_), _) => entry.problem = Some(frame.t(Text::ManualBadNumber)),
                (_, Err(_)) => entry.problem = Some(frame.t(Text::ManualBadDate)),
            }
        }
        if open {
            self.manual_entry = Some(entry);
        }
    }
}
