//! The declarations list (home): new import/export, search, filters by state and kind, a
//! declaration file opened by path or with the system's dialog, and one row per declaration with
//! its number, state, 7-day countdown, lane and findings; open, copy, delete (asked first). A
//! customer filter shows one customer's declarations (by the importer's/exporter's tax code).

use std::path::PathBuf;

use eframe::egui;

use super::Frame;
use crate::domain::Direction;
use crate::domain::time::vietnam_display;
use crate::store::{Customer, DraftId, DraftState, DraftSummary, TemplateSummary};
use crate::ui::command::Command;
use crate::ui::dialogs::Browse;
use crate::ui::i18n::Text;
use crate::ui::widgets::{confirm_delete, countdown, lane_badge, state_name};

/// The list's own state: what is typed and chosen.
#[derive(Debug, Default)]
pub struct ListScreen {
    search: String,
    filter_state: Option<DraftState>,
    filter_direction: Option<Direction>,
    /// The customer whose declarations are shown (its tax code without a dash).
    filter_customer: Option<String>,
    import_path: String,
    /// The draft asked to be deleted, with its title to name it.
    confirm_delete: Option<(DraftId, String)>,
    /// The templates window's rows, while it is open.
    templates: Option<Vec<TemplateSummary>>,
}

impl ListScreen {
    /// The search text the rows were (or are being) asked for.
    pub fn search(&self) -> &str {
        &self.search
    }

    /// Draws the list over `rows` (the store's answer to [`Self::search`]); `customers` are
    /// offered as a filter.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        rows: &[DraftSummary],
        customers: &[Customer],
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        self.toolbar(ui, frame, customers, &mut commands);
        ui.separator();
        self.rows(ui, frame, rows, &mut commands);
        self.confirm_delete_window(ui, frame, &mut commands);
        self.templates_window(ui, frame, &mut commands);
        commands
    }

    /// Shows the templates the store has (the window opens with them).
    pub fn set_templates(&mut self, templates: Vec<TemplateSummary>) {
        self.templates = Some(templates);
    }

    /// The templates: for the customer chosen in the filter (its own and those for every
    /// customer), else all; a new declaration from one, or delete it.
    fn templates_window(&mut self, ui: &egui::Ui, frame: &Frame<'_>, commands: &mut Vec<Command>) {
        let Some(templates) = self.templates.take() else {
            return;
        };
        let mut open = true;
        let mut deleted = None;
        egui::Window::new(frame.t(Text::Templates))
            .open(&mut open)
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                let shown: Vec<&TemplateSummary> = templates
                    .iter()
                    .filter(|t| {
                        self.filter_customer.as_ref().is_none_or(|c| {
                            t.customer.is_empty() || plain_tax_code(&t.customer) == *c
                        })
                    })
                    .collect();
                if shown.is_empty() {
                    ui.label(frame.t(Text::NoTemplates));
                }
                egui::Grid::new("templates").striped(true).show(ui, |ui| {
                    for t in shown {
                        ui.label(&t.name);
                        ui.label(if t.customer.is_empty() {
                            frame.t(Text::AllCustomers).to_owned()
                        } else {
                            t.customer.clone()
                        });
                        ui.label(direction_label(t.direction, frame));
                        if ui.small_button(frame.t(Text::FromTemplate)).clicked() {
                            commands.push(Command::FromTemplate(t.id));
                        }
                        if ui.small_button(frame.t(Text::DeleteTemplate)).clicked() {
                            commands.push(Command::DeleteTemplate(t.id));
                            deleted = Some(t.id);
                        }
                        ui.end_row();
                    }
                });
            });
        let chosen = commands
            .iter()
            .any(|c| matches!(c, Command::FromTemplate(_)));
        if open && !chosen {
            self.templates = Some(
                templates
                    .into_iter()
                    .filter(|t| Some(t.id) != deleted)
                    .collect(),
            );
        }
    }

    fn toolbar(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        customers: &[Customer],
        commands: &mut Vec<Command>,
    ) {
        // Wraps on a narrow window: every control stays reachable.
        ui.horizontal_wrapped(|ui| {
            if ui.button(frame.t(Text::NewImport)).clicked() {
                commands.push(Command::New(Direction::Import));
            }
            if ui.button(frame.t(Text::NewExport)).clicked() {
                commands.push(Command::New(Direction::Export));
            }
            let label = ui.label(frame.t(Text::SearchLabel)).id;
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text(frame.t(Text::SearchHint))
                        .desired_width(300.0),
                )
                .labelled_by(label);
            if search.changed() {
                commands.push(Command::Search(self.search.clone()));
            }
            self.filters(ui, frame);
            self.customer_filter(ui, frame, customers);
        });
        ui.horizontal_wrapped(|ui| {
            if ui.button(frame.t(Text::Templates)).clicked() {
                commands.push(Command::ListTemplates);
            }
            ui.separator();
            let label = ui.label(frame.t(Text::DeclarationFile)).id;
            ui.add(
                egui::TextEdit::singleline(&mut self.import_path)
                    .hint_text(frame.t(Text::FilePathHint))
                    .desired_width(320.0),
            )
            .labelled_by(label);
            if ui.button(frame.t(Text::Browse)).clicked() {
                commands.push(Command::Browse(Browse::DeclarationFile));
            }
            let path = self.import_path.trim();
            if ui
                .add_enabled(
                    !path.is_empty(),
                    egui::Button::new(frame.t(Text::ImportFile)),
                )
                .clicked()
            {
                commands.push(Command::ImportFile(PathBuf::from(path)));
            }
        });
    }

    /// Filters of the list by state and direction (over the rows the search returned).
    fn filters(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let language = frame.language;
        let any = frame.t(Text::FilterAll);
        // Each filter is named before its box, as a form reads, and wraps with it.
        ui.horizontal(|ui| {
            let label = ui.label(frame.t(Text::ColumnState)).id;
            egui::ComboBox::from_id_salt("filter-state")
                .selected_text(self.filter_state.map_or(any, |s| state_name(s, language)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter_state, None, any);
                    for state in [
                        DraftState::Draft,
                        DraftState::Provisional,
                        DraftState::Expired,
                        DraftState::Registered,
                        DraftState::Cleared,
                        DraftState::Cancelled,
                    ] {
                        ui.selectable_value(
                            &mut self.filter_state,
                            Some(state),
                            state_name(state, language),
                        );
                    }
                })
                .response
                .labelled_by(label);
        });
        let direction_name = |d: Direction| direction_label(d, frame);
        ui.horizontal(|ui| {
            let label = ui.label(frame.t(Text::ColumnKind)).id;
            egui::ComboBox::from_id_salt("filter-direction")
                .selected_text(self.filter_direction.map_or(any, direction_name))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter_direction, None, any);
                    for d in [Direction::Import, Direction::Export] {
                        ui.selectable_value(&mut self.filter_direction, Some(d), direction_name(d));
                    }
                })
                .response
                .labelled_by(label);
        });
    }

    /// The customer filter: the declarations whose importer/exporter (`declarant`, the party
    /// a customer fills in a new declaration) has the customer's tax code. A declaration made by
    /// the customer's own entrusted importer is the importer's, not the entrusting party's.
    fn customer_filter(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>, customers: &[Customer]) {
        if customers.is_empty() && self.filter_customer.is_none() {
            return;
        }
        let any = frame.t(Text::FilterAll);
        let chosen = self
            .filter_customer
            .as_deref()
            .map_or(any.to_owned(), |tax_code| {
                customers
                    .iter()
                    .find(|c| plain_tax_code(&c.tax_code) == tax_code)
                    .map_or_else(|| tax_code.to_owned(), |c| c.name.clone())
            });
        ui.horizontal(|ui| {
            let label = ui.label(frame.t(Text::FilterCustomer)).id;
            egui::ComboBox::from_id_salt("filter-customer")
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter_customer, None, any);
                    for customer in customers {
                        ui.selectable_value(
                            &mut self.filter_customer,
                            Some(plain_tax_code(&customer.tax_code)),
                            format!("{} ({})", customer.name, customer.tax_code),
                        );
                    }
                })
                .response
                .labelled_by(label);
        });
    }

    fn rows(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        rows: &[DraftSummary],
        commands: &mut Vec<Command>,
    ) {
        let (state_filter, direction_filter) = (self.filter_state, self.filter_direction);
        let customer_filter = self.filter_customer.as_deref();
        let shown: Vec<&DraftSummary> = rows
            .iter()
            .filter(|r| {
                state_filter.is_none_or(|s| s == r.state)
                    && direction_filter.is_none_or(|d| d == r.direction)
                    && customer_filter.is_none_or(|t| r.tax_code.as_deref() == Some(t))
            })
            .collect();
        if shown.is_empty() {
            let searching = !self.search.trim().is_empty()
                || state_filter.is_some()
                || direction_filter.is_some()
                || customer_filter.is_some();
            // No hits for a search is not "no declarations yet".
            ui.label(frame.t(if searching {
                Text::NoMatch
            } else {
                Text::ListEmpty
            }));
            return;
        }
        egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
            egui::Grid::new("declarations")
                .striped(true)
                .num_columns(8)
                .spacing([14.0, 6.0])
                .show(ui, |ui| {
                    for text in [
                        Text::ColumnActions,
                        Text::ColumnNumber,
                        Text::ColumnKind,
                        Text::ColumnTitle,
                        Text::ColumnState,
                        Text::ColumnLane,
                        Text::ColumnErrors,
                        Text::ColumnUpdated,
                    ] {
                        ui.strong(frame.t(text));
                    }
                    ui.end_row();
                    for row in shown {
                        self.row(ui, frame, row, commands);
                        ui.end_row();
                    }
                });
        });
    }

    fn row(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        row: &DraftSummary,
        commands: &mut Vec<Command>,
    ) {
        let language = frame.language;
        ui.horizontal(|ui| {
            if ui.small_button(frame.t(Text::Open)).clicked() {
                commands.push(Command::Open(row.id));
            }
            if ui.small_button(frame.t(Text::CopyToNew)).clicked() {
                commands.push(Command::Copy(row.id));
            }
            if row.state == DraftState::Draft && ui.small_button(frame.t(Text::Delete)).clicked() {
                self.confirm_delete = Some((row.id, row.title.clone()));
            }
        });
        ui.monospace(row.number.as_deref().unwrap_or("—"));
        ui.label(direction_label(row.direction, frame));
        // A long company name is shortened in its cell (whole on hover), so that every column
        // fits at 1024 px.
        ui.scope(|ui| {
            ui.set_max_width(TITLE_WIDTH);
            // A shortened label shows the whole title on hover by itself.
            ui.add(egui::Label::new(&row.title).truncate());
        });
        // The countdown goes under the state rather than beside it, for the same reason.
        ui.vertical(|ui| {
            // Wide enough for "Đã khai báo trước" and its countdown on one line each.
            ui.set_min_width(STATE_WIDTH);
            ui.label(state_name(row.state, language));
            if let (DraftState::Provisional, Some(expires)) = (row.state, row.expires_at) {
                let (text, last_day) = countdown(expires, frame.now, language);
                let colour = if last_day {
                    egui::Color32::from_rgb(220, 100, 0)
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.colored_label(colour, text);
            }
        });
        match row.lane {
            Some(lane) => lane_badge(ui, lane, language),
            None => {
                ui.label("");
            }
        }
        ui.label(format!("{} / {}", row.errors, row.warnings));
        ui.label(vietnam_display(row.updated_at));
    }

    /// The delete confirmation, a small window over the list.
    fn confirm_delete_window(
        &mut self,
        ui: &egui::Ui,
        frame: &Frame<'_>,
        commands: &mut Vec<Command>,
    ) {
        let Some((id, title)) = self.confirm_delete.clone() else {
            return;
        };
        match confirm_delete(ui, frame.language, &title, Text::ConfirmDelete) {
            Some(true) => {
                commands.push(Command::Delete(id));
                self.confirm_delete = None;
            }
            Some(false) => self.confirm_delete = None,
            None => {}
        }
    }
}

/// A tax code as the list compares it: without spaces or the dependent unit's dash.
fn plain_tax_code(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Widest a declaration's title is shown in the list, in points.
const TITLE_WIDTH: f32 = 200.0;

/// Narrowest the state column is, in points.
const STATE_WIDTH: f32 = 130.0;

/// "Nhập khẩu" / "Xuất khẩu".
fn direction_label(direction: Direction, frame: &Frame<'_>) -> &'static str {
    match direction {
        Direction::Import => frame.t(Text::Import),
        Direction::Export => frame.t(Text::Export),
    }
}

#[cfg(test)]
mod tests;
