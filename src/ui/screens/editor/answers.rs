//! The last answer of the core (lane, deciding rule, taxes, next steps) and the message history.

use eframe::egui;

use super::findings::finding_line;
use super::{EditorState, Frame};
use crate::domain::JobCode;
use crate::store::{DraftState, TimelineKind};
use crate::ui::i18n::Text;
use crate::ui::widgets::lane_badge;
use crate::wire::vnaccs::view::{Row, Section, rows};

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
                ui.label(format!(
                    "{}: {}",
                    t(Text::DecidingRule),
                    lane.title().pick(lang.is_vietnamese())
                ));
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
        if let Some(view) = &r.tax_amendment {
            ui.separator();
            super::tax_amendment::amendment_view(ui, view, lang);
        }
        for f in &r.findings {
            finding_line(ui, f, lang);
        }
        if let Some(explanation) = r.explanation.as_ref().filter(|e| !e.is_empty()) {
            ui.separator();
            explanation_view(ui, explanation, lang);
        }
    }

    pub(super) fn timeline_view(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let t = |text: Text| text.get(frame.language);
        if self.timeline.is_empty() {
            ui.label(t(Text::NothingSent));
        }
        let mut toggled = None;
        egui::Grid::new("timeline")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for (index, e) in self.timeline.iter().enumerate() {
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
                    // The button before the summary: a long answer never pushes it away.
                    if e.raw.is_some() {
                        let open = self.message_view.as_ref().is_some_and(|v| v.index == index);
                        let label = if open {
                            Text::HideMessage
                        } else {
                            Text::ViewMessage
                        };
                        if ui.button(t(label)).clicked() {
                            toggled = Some(index);
                        }
                    } else {
                        ui.label("");
                    }
                    let summary = frame.language.pick(&e.summary_vi, &e.summary_en);
                    match &e.system {
                        // Which system the message went to (the backup one after a switch).
                        Some(system) if e.kind == TimelineKind::Sent => ui.label(format!(
                            "{summary} — {}: {}",
                            t(Text::HistorySystem),
                            system.pick(frame.vietnamese())
                        )),
                        _ => ui.label(summary),
                    };
                    ui.end_row();
                }
            });
        if let Some(index) = toggled {
            let open = self.message_view.as_ref().is_some_and(|v| v.index == index);
            self.message_view = if open {
                None
            } else {
                self.timeline
                    .get(index)
                    .and_then(|e| e.raw.as_deref())
                    .map(|raw| MessageView::of(index, raw))
            };
        }
        if let Some(view) = &self.message_view {
            ui.separator();
            message_view(ui, frame, view);
        }
    }
}

/// A VNACCS message of the timeline, decoded once when it is opened (the window draws it on
/// every frame).
#[derive(Debug)]
pub struct MessageView {
    /// Its timeline entry.
    pub index: usize,
    /// Job, size in bytes and the rows to show; or why it cannot be read.
    decoded: Result<(String, usize, Vec<Row>), crate::domain::text::Bilingual>,
}

impl MessageView {
    fn of(index: usize, raw: &[u8]) -> Self {
        let decoded = crate::wire::vnaccs::decode(raw)
            .map(|d| (d.job.clone(), d.length, rows(&d)))
            .map_err(|e| e.message());
        Self { index, decoded }
    }
}

/// A VNACCS message decoded: header fields at their offsets, items with the official
/// Vietnamese names, result codes with the official meaning and remedy.
fn message_view(ui: &mut egui::Ui, frame: &Frame<'_>, view: &MessageView) {
    let t = |text: Text| text.get(frame.language);
    let (job, length, rows) = match &view.decoded {
        Ok(decoded) => decoded,
        Err(message) => {
            ui.label(format!(
                "{}: {}",
                t(Text::MessageUnreadable),
                frame.language.pick(&message.vi, &message.en)
            ));
            return;
        }
    };
    ui.strong(format!(
        "{} {job}, {length} {}",
        t(Text::MessageBytes),
        t(Text::Bytes)
    ));
    let english = !frame.language.is_vietnamese();
    for (section, title, id) in [
        (Section::Header, Text::MessageHeaderFields, "message-header"),
        (Section::Result, Text::MessageResults, "message-results"),
        (
            Section::Simulator,
            Text::MessageSimulator,
            "message-simulator",
        ),
        (Section::Item, Text::MessageItems, "message-items"),
    ] {
        let shown: Vec<_> = rows.iter().filter(|r| r.section == section).collect();
        if shown.is_empty() {
            continue;
        }
        ui.label(egui::RichText::new(t(title)).strong());
        egui::Grid::new(id)
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for row in shown {
                    match section {
                        Section::Header => {
                            ui.monospace(format!("{:>3}", row.offset.unwrap_or_default()));
                            ui.monospace(format!("{:>3}", row.width));
                            ui.label(if english { &row.name_en } else { &row.name_vi });
                            ui.monospace(row.value.replace('\r', "\\r").replace('\n', "\\n"));
                        }
                        Section::Result => {
                            ui.monospace(&row.id);
                            ui.label("");
                            ui.label(if english && row.name_vi.is_empty() {
                                &row.name_en
                            } else {
                                &row.name_vi
                            });
                            ui.label(&row.value);
                        }
                        Section::Simulator => {
                            ui.label("");
                            ui.label("");
                            ui.label(if english { &row.name_en } else { &row.name_vi });
                            ui.label(&row.value);
                        }
                        Section::Item => {
                            ui.monospace(row.line.map_or_else(String::new, |n| format!("[{n}]")));
                            ui.monospace(&row.id);
                            ui.label(if english {
                                format!("{} / {}", row.name_en, row.name_vi)
                            } else {
                                row.name_vi.clone()
                            });
                            ui.monospace(&row.value);
                        }
                    }
                    ui.end_row();
                }
            });
    }
}

/// The simulator's explanation of an answer: why this lane and what would have changed it, each
/// tax as base × rate with its tariff row, schedule and exchange rate, and each refusal with the
/// field at fault, the official meaning and remedy, and a hint.
fn explanation_view(
    ui: &mut egui::Ui,
    e: &crate::wire::Explanation,
    lang: crate::ui::i18n::Language,
) {
    ui.strong(Text::Explanation.get(lang));
    if let Some(lane) = &e.lane {
        ui.label(format!(
            "{}: {}",
            Text::WhyThisLane.get(lang),
            lang.pick(&lane.text_vi, &lane.text_en)
        ));
        ui.label(format!(
            "  {}",
            lang.pick(&lane.alternative_vi, &lane.alternative_en)
        ));
    }
    if !e.taxes.is_empty() {
        ui.label(Text::HowTaxesWereComputed.get(lang));
        for tax in &e.taxes {
            ui.label(format!("  {}", lang.pick(&tax.text_vi, &tax.text_en)));
        }
    }
    for r in &e.refusals {
        let field = match (&r.item_id, &r.item_name_vi, &r.item_name_en) {
            (Some(item), Some(vi), Some(en)) => format!(" [{item} {}]", lang.pick(vi, en)),
            (Some(item), _, _) => format!(" [{item}]"),
            _ => r
                .field
                .as_deref()
                .map(|f| format!(" [{f}]"))
                .unwrap_or_default(),
        };
        let line = r
            .line
            .map(|n| format!(" {} {n}", lang.pick("dòng", "line")))
            .unwrap_or_default();
        ui.colored_label(
            egui::Color32::from_rgb(200, 40, 40),
            format!("{}{field}{line}", r.code),
        );
        if let Some(official) = &r.official_vi {
            ui.label(format!("  {}: {official}", Text::OfficialMeaning.get(lang)));
        }
        if let Some(remedy) = &r.remedy_vi {
            ui.label(format!("  {}: {remedy}", Text::OfficialRemedy.get(lang)));
        }
        ui.label(format!("  → {}", lang.pick(&r.hint_vi, &r.hint_en)));
    }
}
