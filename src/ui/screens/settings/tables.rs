//! Code tables (Bảng mã): each table's edition, source and whether it is complete; taking in a
//! new edition from a CSV or Excel file — previewed row by row before anything is written —
//! and going back to the bundled tables.

use std::path::PathBuf;

use eframe::egui;

use super::SettingsScreen;
use crate::codes::table_import::importable_tables;
use crate::codes::{EXCHANGE_RATES, TAX_RATES, TableId, TableInfo, TableOrigin};
use crate::domain::text::Bilingual;
use crate::ui::command::Command;
use crate::ui::dialogs::Browse;
use crate::ui::i18n::Text;
use crate::ui::screens::Frame;

/// What the worker found in a file offered as a new edition of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePreview {
    /// The table.
    pub table: String,
    /// The file.
    pub file: PathBuf,
    /// The preview, line by line.
    pub lines: Vec<Bilingual>,
    /// Whether anything would change.
    pub changes: bool,
    /// Whether it would remove more than a tenth of the rows.
    pub partial: bool,
}

/// The code-table form: what is being taken in, and the answers waiting for a click.
#[derive(Debug)]
pub(super) struct TableForm {
    choice: String,
    file: String,
    preview: Option<TablePreview>,
    allow_removals: bool,
    confirm_rollback: bool,
}

impl Default for TableForm {
    fn default() -> Self {
        Self {
            choice: "tariff".to_owned(),
            file: String::new(),
            preview: None,
            allow_removals: false,
            confirm_rollback: false,
        }
    }
}

impl SettingsScreen {
    /// The preview the worker made (shown until applied or dismissed).
    pub fn set_table_preview(&mut self, preview: Option<TablePreview>) {
        self.table_form.preview = preview;
        self.table_form.allow_removals = false;
    }

    /// The file chosen with the system's dialog.
    pub fn set_table_file(&mut self, path: String) {
        self.table_form.file = path;
        self.table_form.preview = None;
    }

    pub(super) fn tables(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        commands: &mut Vec<Command>,
    ) {
        ui.heading(frame.t(Text::CodeTables));
        let taken_in = table_list(ui, frame);
        self.table_form.show(ui, frame, taken_in, commands);
    }
}

/// Every table with its edition, date, scope and origin; whether any was taken in.
fn table_list(ui: &mut egui::Ui, frame: &Frame<'_>) -> bool {
    let codes = frame.codes;
    let mut rows: Vec<(&str, &TableInfo, &TableOrigin)> = TableId::ALL
        .iter()
        .map(|id| {
            let (info, origin) = codes.info(*id);
            (id.name(), info, origin)
        })
        .collect();
    let (rates, rates_origin) = codes.rates_info();
    rows.push((EXCHANGE_RATES, rates, rates_origin));
    let (taxes, taxes_origin) = codes.tax_rates_info();
    rows.push((TAX_RATES, taxes, taxes_origin));
    let taken_in = rows
        .iter()
        .any(|(_, _, origin)| **origin == TableOrigin::Override);
    egui::CollapsingHeader::new(frame.t(Text::CodeTableList))
        .id_salt("code-table-list")
        .show(ui, |ui| {
            egui::Grid::new("code-tables").striped(true).show(ui, |ui| {
                for (name, info, origin) in &rows {
                    ui.label(*name);
                    ui.label(&info.version);
                    ui.label(crate::domain::entry::format_date(info.effective));
                    ui.label(frame.t(if info.complete {
                        Text::TableComplete
                    } else {
                        Text::TableSubset
                    }));
                    ui.label(frame.t(match origin {
                        TableOrigin::Bundled => Text::TableBundled,
                        TableOrigin::Override => Text::TableTakenIn,
                    }))
                    .on_hover_text(&info.source);
                    ui.end_row();
                }
            });
        });
    taken_in
}

impl TableForm {
    fn show(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        taken_in: bool,
        commands: &mut Vec<Command>,
    ) {
        let vietnamese = frame.language.is_vietnamese();
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(frame.t(Text::TableToUpdate)).id;
            egui::ComboBox::from_id_salt("table-to-update")
                .selected_text(self.choice.as_str())
                .show_ui(ui, |ui| {
                    for name in importable_tables() {
                        if ui
                            .selectable_value(&mut self.choice, name.to_owned(), name)
                            .changed()
                        {
                            self.preview = None;
                        }
                    }
                })
                .response
                .labelled_by(label);
        });
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(frame.t(Text::TableFile)).id;
            if ui
                .add(
                    egui::TextEdit::singleline(&mut self.file)
                        .hint_text("Tariff.xlsx, units.csv…")
                        .desired_width(320.0),
                )
                .labelled_by(label)
                .changed()
            {
                self.preview = None;
            }
            if ui.button(frame.t(Text::Browse)).clicked() {
                commands.push(Command::Browse(Browse::CodeTableFile));
            }
            let path = self.file.trim();
            if ui
                .add_enabled(
                    !path.is_empty(),
                    egui::Button::new(frame.t(Text::PreviewTable)),
                )
                .clicked()
            {
                commands.push(Command::PreviewTable {
                    table: self.choice.clone(),
                    file: PathBuf::from(path),
                });
            }
        });
        let mut dismiss = false;
        if let Some(preview) = &self.preview {
            let allow_removals = &mut self.allow_removals;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                for line in &preview.lines {
                    ui.label(if vietnamese { &line.vi } else { &line.en });
                }
                if preview.partial {
                    ui.checkbox(allow_removals, frame.t(Text::AllowRemovals));
                }
                ui.horizontal(|ui| {
                    let can_apply = preview.changes && (!preview.partial || *allow_removals);
                    if ui
                        .add_enabled(can_apply, egui::Button::new(frame.t(Text::ApplyTable)))
                        .clicked()
                    {
                        commands.push(Command::ApplyTable {
                            table: preview.table.clone(),
                            file: preview.file.clone(),
                            allow_removals: *allow_removals,
                        });
                    }
                    if ui.button(frame.t(Text::No)).clicked() {
                        dismiss = true;
                    }
                });
            });
        }
        if dismiss {
            self.preview = None;
        }
        if taken_in {
            ui.horizontal_wrapped(|ui| {
                if ui.button(frame.t(Text::RollbackTables)).clicked() {
                    self.confirm_rollback = true;
                }
                if self.confirm_rollback {
                    ui.colored_label(
                        egui::Color32::from_rgb(220, 100, 0),
                        frame.t(Text::ConfirmRollback),
                    );
                    if ui.button(frame.t(Text::Yes)).clicked() {
                        commands.push(Command::RollbackTables);
                        self.confirm_rollback = false;
                    }
                    if ui.button(frame.t(Text::No)).clicked() {
                        self.confirm_rollback = false;
                    }
                }
            });
        }
    }
}
