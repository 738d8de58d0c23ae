//! The tax preview: the core's own tax engine on the data as typed, each tax with its explanation.

use eframe::egui;

use super::findings::finding_line;
use super::{EditorState, Frame};
use crate::ui::i18n::Text;

impl EditorState {
    pub(super) fn taxes(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let t = |text: Text| text.get(frame.language);
        let stale = self
            .preview
            .as_ref()
            .is_none_or(|(rev, _)| *rev != self.revision);
        if stale {
            let date = self.declaration.planned_date.unwrap_or(frame.today);
            let assessment = crate::assess::assess(&self.declaration, frame.codes, date);
            self.preview = Some((self.revision, assessment));
        }
        let Some((_, assessment)) = &self.preview else {
            return;
        };
        let vi = frame.language.is_vietnamese();
        if !assessment.problems.is_empty() {
            ui.colored_label(
                egui::Color32::from_rgb(200, 120, 0),
                t(Text::TaxesUnavailable),
            );
            for f in &assessment.problems {
                finding_line(ui, f, frame.language);
            }
            // A total over what could not be valued (a missing currency read as VND) would
            // mislead: none is shown until the problems are fixed.
            return;
        }
        ui.heading(format!(
            "{}: {} VND",
            t(Text::TotalPayable),
            crate::assess::format_vnd(assessment.total_payable_vnd, vi)
        ));
        for rate in &assessment.rates_used {
            // Numbers and dates as the language writes them (26.200; 30/11/2026).
            let mark = crate::domain::entry::DecimalMark::for_vietnamese(vi);
            ui.label(format!(
                "{} = {} VND ({})",
                rate.currency,
                crate::domain::entry::format_number(rate.vnd_per_unit, mark),
                crate::domain::entry::format_date(rate.effective_from)
            ));
        }
        let mut explain = self.explain;
        egui::Grid::new("taxes")
            .striped(true)
            .num_columns(6)
            .show(ui, |ui| {
                ui.strong("#");
                ui.strong(t(Text::ColHs));
                ui.strong(t(Text::ColTax));
                ui.strong(t(Text::ColBase));
                ui.strong(t(Text::ColAmount));
                ui.strong("");
                ui.end_row();
                for line in &assessment.lines {
                    for (k, item) in line.taxes.iter().enumerate() {
                        ui.label(format!("{}", line.index + 1));
                        ui.monospace(&line.hs_code);
                        ui.label(
                            frame
                                .language
                                .pick(item.kind.name_vi(), item.kind.name_en()),
                        );
                        ui.label(crate::assess::format_vnd(item.base_vnd, vi));
                        ui.label(crate::assess::format_vnd(item.amount_vnd, vi));
                        if ui.small_button(t(Text::ShowExplanation)).clicked() {
                            explain = if explain == Some((line.index, k)) {
                                None
                            } else {
                                Some((line.index, k))
                            };
                        }
                        ui.end_row();
                    }
                }
            });
        // The open explanation is drawn under the table, wrapped to the window's width: in the
        // table it would widen a column and push the other buttons out of reach.
        let opened = explain.and_then(|(index, k)| {
            let line = assessment.lines.iter().find(|l| l.index == index)?;
            Some((line, line.taxes.get(k)?))
        });
        if let Some((line, item)) = opened {
            ui.separator();
            ui.strong(format!(
                "{} {} — {}",
                t(Text::ColumnLine),
                line.index + 1,
                frame
                    .language
                    .pick(item.kind.name_vi(), item.kind.name_en())
            ));
            ui.add(
                egui::Label::new(
                    frame
                        .language
                        .pick(&item.explanation_vi, &item.explanation_en),
                )
                .wrap(),
            );
        }
        self.explain = explain;
    }
}
