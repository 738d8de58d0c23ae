//! The desktop window (eframe/egui). For now: a code-table lookup window over the same
//! `codes` search the editor's pickers will use. Screens read state and never do IO; the code
//! tables are loaded once at start-up by the shell.

pub mod i18n;

use std::process::ExitCode;

use eframe::egui;

use crate::codes::{CodeLists, TableId};
use i18n::{Language, Text};

/// Opens the window and runs until it is closed.
pub fn run() -> ExitCode {
    let data_dir = crate::appdata::data_dir(None);
    let loaded = crate::appdata::load_code_lists(&data_dir).map(|(lists, _)| lists);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([960.0, 640.0])
            .with_title(Text::AppTitle.get(Language::Vietnamese)),
        ..Default::default()
    };
    let result = eframe::run_native(
        "KhaiBao",
        options,
        Box::new(move |_cc| Ok(Box::new(LookupApp::new(loaded.ok())))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Không mở được cửa sổ / Cannot open the window: {err}");
            ExitCode::from(2)
        }
    }
}

/// The code lookup window.
#[derive(Debug)]
pub struct LookupApp {
    codes: Option<CodeLists>,
    language: Language,
    table: TableId,
    query: String,
}

impl LookupApp {
    /// A window over these code tables (`None` when they could not be loaded).
    pub fn new(codes: Option<CodeLists>) -> Self {
        Self {
            codes,
            language: Language::default(),
            table: TableId::Tariff,
            query: String::new(),
        }
    }

    /// Draws the window's content.
    pub fn show_ui(&mut self, ui: &mut egui::Ui) {
        let Self {
            codes,
            language,
            table,
            query,
        } = self;
        ui.horizontal(|ui| {
            ui.heading(Text::AppTitle.get(*language));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(Text::SwitchLanguage.get(*language)).clicked() {
                    *language = match *language {
                        Language::Vietnamese => Language::English,
                        Language::English => Language::Vietnamese,
                    };
                }
            });
        });
        let t = |text: Text| text.get(*language);
        ui.label(t(Text::EditorComingBanner));
        ui.separator();
        let Some(codes) = codes.as_ref() else {
            ui.colored_label(egui::Color32::RED, t(Text::CodeListsBroken));
            return;
        };
        ui.horizontal(|ui| {
            ui.label(t(Text::CodeTable));
            egui::ComboBox::from_id_salt("table")
                .selected_text(table.name())
                .show_ui(ui, |ui| {
                    for id in TableId::ALL {
                        ui.selectable_value(table, id, id.name());
                    }
                });
            ui.add(
                egui::TextEdit::singleline(query)
                    .hint_text(t(Text::SearchHint))
                    .desired_width(420.0),
            );
        });
        ui.separator();
        let vietnamese = *language == Language::Vietnamese;
        let entries = codes.table(*table);
        let rows: Vec<(&str, &str)> = if query.trim().is_empty() {
            entries
                .entries()
                .iter()
                .take(200)
                .map(|e| (e.code.as_str(), e.name(vietnamese)))
                .collect()
        } else {
            entries
                .search(query, 200)
                .into_iter()
                .map(|(e, _)| (e.code.as_str(), e.name(vietnamese)))
                .collect()
        };
        if rows.is_empty() {
            ui.label(t(Text::NothingFound));
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .max_height(ui.available_height() - 24.0)
            .show(ui, |ui| {
                egui::Grid::new("results")
                    .striped(true)
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.strong(t(Text::Code));
                        ui.strong(t(Text::Description));
                        ui.end_row();
                        for (code, name) in &rows {
                            ui.monospace(*code);
                            ui.label(*name);
                            ui.end_row();
                        }
                    });
            });
        ui.small(format!(
            "{} {}",
            t(Text::CodeListVersion),
            codes.manifest().set_version
        ));
    }
}

impl eframe::App for LookupApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| self.show_ui(ui));
    }
}
