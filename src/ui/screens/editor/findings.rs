//! Findings: the panel beside the form (click one to jump to its field) and the lines beside
//! fields. A blank declaration is not a wall of red: while more than [`QUIET_MISSING`] mandatory
//! fields are empty, "not declared yet" is said only beside fields the broker has touched, and
//! the panel sums the rest up in one line that shows them all when clicked.

use eframe::egui;

use super::{EditorState, Frame};
use crate::rules::{Finding, Severity};
use crate::ui::fields;
use crate::ui::i18n::{Language, Text};

/// Findings that only say a mandatory field is empty (rules/presence.rs).
const MISSING_CODES: [&str; 2] = ["KB-E0101", "KB-E0102"];

/// Up to this many empty mandatory fields are listed one by one without asking.
pub(super) const QUIET_MISSING: usize = 5;

fn is_missing(f: &Finding) -> bool {
    MISSING_CODES.contains(&f.code.as_str())
}

impl EditorState {
    /// Whether a finding is shown (beside its field and in the panel).
    pub(super) fn visible(&self, f: &Finding) -> bool {
        !is_missing(f)
            || self.reveal_missing
            || !self.many_missing
            || self.touched.contains(&f.path)
    }

    /// Counts the empty mandatory fields once per frame (`visible` is asked for every finding
    /// beside every field).
    pub(super) fn count_missing(&mut self) {
        self.many_missing = self.findings.iter().filter(|f| is_missing(f)).count() > QUIET_MISSING;
    }

    pub(super) fn findings_panel(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        ui.heading(Text::Findings.get(frame.language));
        if self.findings.is_empty() {
            ui.label(Text::NoFindings.get(frame.language));
        }
        let hidden = self.findings.iter().filter(|f| !self.visible(f)).count();
        if hidden > 0
            && ui
                .link(format!(
                    "× {hidden} {}",
                    Text::MissingFieldsSummary.get(frame.language)
                ))
                .clicked()
        {
            self.reveal_missing = true;
        }
        let mut jump: Option<String> = None;
        egui::ScrollArea::vertical()
            .id_salt("findings-scroll")
            .show(ui, |ui| {
                for f in self.findings.iter().filter(|f| self.visible(f)) {
                    let label = format!(
                        "{} {} — {}",
                        if f.severity == Severity::Error {
                            "×"
                        } else {
                            "!"
                        },
                        self.label_of(&f.path, frame.language),
                        frame.language.pick(&f.message_vi, &f.message_en)
                    );
                    if ui.link(label).on_hover_text(&f.code).clicked() {
                        jump = Some(f.path.clone());
                    }
                }
            });
        if let Some(path) = jump {
            self.tab = fields::tab_of(&path);
            self.show_line_details_of(&path);
            self.focus = Some(path);
        }
    }
}

pub(super) fn field_findings<'a>(
    ui: &mut egui::Ui,
    findings: impl Iterator<Item = &'a Finding>,
    path: &str,
    language: Language,
) {
    // A list's findings name an entry (`containers[2]`): they stand beside the list.
    let here = |p: &str| {
        p == path
            || p.strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('['))
    };
    for f in findings.filter(|f| here(&f.path)) {
        let color = if f.severity == Severity::Error {
            egui::Color32::from_rgb(200, 40, 40)
        } else {
            egui::Color32::from_rgb(190, 120, 0)
        };
        ui.colored_label(color, language.pick(&f.message_vi, &f.message_en))
            .on_hover_text(&f.code);
    }
}

/// One finding on a line: its code and what it says (the message names its field and line).
pub(super) fn finding_line(ui: &mut egui::Ui, f: &Finding, language: Language) {
    let color = if f.severity == Severity::Error {
        egui::Color32::from_rgb(200, 40, 40)
    } else {
        egui::Color32::from_rgb(190, 120, 0)
    };
    ui.colored_label(
        color,
        format!("{} {}", f.code, language.pick(&f.message_vi, &f.message_en)),
    );
}
