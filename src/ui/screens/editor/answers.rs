//! The last answer of the core (lane, deciding rule, taxes, next steps) and the message history.

use eframe::egui;

use super::findings::finding_line;
use super::{EditorState, Frame};
use crate::domain::JobCode;
use crate::store::{DraftState, TimelineKind};
use crate::ui::i18n::Text;
use crate::ui::widgets::lane_badge;

impl EditorState {
    pub(super) fn result(&self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let t = |text: Text| text.get(frame.language);
        let lang = frame.language;
        let Some(r) = &self.last_response else {
            ui.label(t(Text::NothingSent));
            return;
        };
        ui.heading(t(Text::ResultHeading));
        let ok = r.result.is_success();
        ui.colored_label(
            if ok {
                egui::Color32::from_rgb(0, 140, 60)
            } else {
                egui::Color32::from_rgb(200, 40, 40)
            },
            format!(
                "{} {} — {}",
                r.job.map_or("", JobCode::code),
                r.result.code,
                lang.pick(&r.result.message_vi, &r.result.message_en)
            ),
        );
        if let Some(d) = &r.declaration {
            ui.label(format!("{}: {}", t(Text::ColumnNumber), d.number));
            if let Some(lane) = &d.lane {
                ui.horizontal(|ui| {
                    lane_badge(ui, lane.lane, lang);
                    ui.label(lang.pick(&lane.reason_vi, &lane.reason_en));
                });
                ui.label(format!("{}: {}", t(Text::DecidingRule), lane.rule));
            }
            ui.label(format!(
                "{}: {} VND",
                t(Text::TotalPayable),
                crate::assess::format_vnd(d.assessment.total_payable_vnd, lang.is_vietnamese())
            ));
            if self.state == DraftState::Expired {
                // What the core advised then (register before the deadline) no longer holds.
                ui.colored_label(egui::Color32::from_rgb(200, 40, 40), t(Text::ExpiredAdvice));
                return;
            }
            ui.strong(t(Text::NextSteps));
            let steps = if lang.is_vietnamese() {
                &d.next_steps_vi
            } else {
                &d.next_steps_en
            };
            for step in steps {
                ui.label(format!("→ {step}"));
            }
        }
        for f in &r.findings {
            finding_line(ui, f, lang);
        }
    }

    pub(super) fn timeline_view(&self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let t = |text: Text| text.get(frame.language);
        if self.timeline.is_empty() {
            ui.label(t(Text::NothingSent));
        }
        egui::Grid::new("timeline")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for e in &self.timeline {
                    ui.label(crate::domain::time::vietnam_display(e.at));
                    ui.label(match e.kind {
                        TimelineKind::Sent => t(Text::Sent).to_owned(),
                        TimelineKind::Received => t(Text::Received).to_owned(),
                        TimelineKind::Event(kind) => {
                            kind.name().pick(frame.language.is_vietnamese()).to_owned()
                        }
                    });
                    ui.monospace(format!(
                        "{} {}",
                        e.job.map_or("", JobCode::code),
                        e.result_code.as_deref().unwrap_or("")
                    ));
                    ui.label(frame.language.pick(&e.summary_vi, &e.summary_en));
                    ui.end_row();
                }
            });
    }
}
