//! The exercise beside the form (trainee mode): its situation, the documents the broker works
//! from (drawn from the pack's data, the same data its PDF documents are printed from), the
//! step-by-step hints, and the score with each difference, what was expected and a hint.

use std::fmt::Write as _;

use eframe::egui;
use rust_decimal::Decimal;

use super::EditorState;
use crate::domain::entry::{DecimalMark, format_date, format_number};
use crate::exercise::{DocParty, Documents, Exercise, Score, TransportKind};
use crate::ui::command::Command;
use crate::ui::i18n::{Language, Text};
use crate::ui::screens::Frame;

/// The exercise a declaration is being made for.
#[derive(Debug, Clone)]
pub struct ExerciseSession {
    /// The exercise.
    pub exercise: Box<Exercise>,
    /// The hint shown (0-based).
    pub step: usize,
    /// The last score, once scored.
    pub score: Option<Box<Score>>,
}

impl ExerciseSession {
    /// A session at its first hint.
    pub fn new(exercise: Exercise) -> Self {
        Self {
            exercise: Box::new(exercise),
            step: 0,
            score: None,
        }
    }
}

fn number(value: Decimal, language: Language) -> String {
    format_number(
        value.normalize(),
        DecimalMark::for_vietnamese(language.is_vietnamese()),
    )
}

fn party(ui: &mut egui::Ui, label: &str, p: &DocParty) {
    let mut text = p.name.clone();
    for line in &p.address {
        text.push_str(", ");
        text.push_str(line);
    }
    if let Some(tax) = &p.tax_code {
        let _ = write!(text, " (MST {tax})");
    }
    ui.label(format!("{label}: {text}"));
}

impl EditorState {
    /// The side panel of an exercise: nothing when the declaration is not one.
    pub(super) fn exercise_panel(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let Some(mut session) = self.exercise.take() else {
            return;
        };
        let lang = frame.language;
        let t = |text: Text| text.get(lang);
        let mut closing = false;
        egui::ScrollArea::vertical()
            .id_salt("exercise-panel")
            .show(ui, |ui| {
                let exercise = &session.exercise;
                ui.heading(exercise.title.pick(lang.is_vietnamese()));
                ui.label(
                    egui::RichText::new(exercise.teaches.pick(lang.is_vietnamese())).italics(),
                );
                // The score and its button first: the documents below may be long.
                ui.horizontal(|ui| {
                    if ui.button(t(Text::ScoreExercise)).clicked() {
                        self.pending.push(Command::ScoreExercise);
                    }
                    if ui.button(t(Text::CloseExercise)).clicked() {
                        closing = true;
                    }
                });
                if let Some(score) = session.score.as_deref() {
                    score_view(ui, score, lang);
                }
                ui.separator();
                egui::CollapsingHeader::new(t(Text::ExerciseScenario))
                    .default_open(true)
                    .show(ui, |ui| {
                        ui.label(exercise.scenario.pick(lang.is_vietnamese()));
                    });
                session.step = hints(ui, exercise, session.step, lang);
                egui::CollapsingHeader::new(t(Text::ExerciseDocuments))
                    .default_open(true)
                    .show(ui, |ui| documents(ui, &exercise.documents, lang));
            });
        if !closing {
            self.exercise = Some(session);
        }
    }
}

/// The step-by-step hints, one at a time with previous/next; the step now shown.
fn hints(ui: &mut egui::Ui, exercise: &Exercise, step: usize, lang: Language) -> usize {
    let t = |text: Text| text.get(lang);
    let count = exercise.hints.len();
    if count == 0 {
        return 0;
    }
    let mut step = step.min(count - 1);
    egui::CollapsingHeader::new(t(Text::ExerciseHints))
        .default_open(exercise.level <= 1)
        .show(ui, |ui| {
            let hint = &exercise.hints[step];
            ui.strong(format!("{}/{count}", step + 1));
            ui.label(lang.pick(&hint.vi, &hint.en));
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(step > 0, egui::Button::new(t(Text::HintPrevious)))
                    .clicked()
                {
                    step -= 1;
                }
                if ui
                    .add_enabled(step + 1 < count, egui::Button::new(t(Text::HintNext)))
                    .clicked()
                {
                    step += 1;
                }
            });
        });
    step
}

/// The documents as the broker reads them.
fn documents(ui: &mut egui::Ui, docs: &Documents, lang: Language) {
    if let Some(invoice) = &docs.invoice {
        invoice_doc(ui, invoice, lang);
    }
    if let Some(packing) = &docs.packing_list {
        packing_doc(ui, packing, lang);
    }
    if let Some(transport) = &docs.transport {
        transport_doc(ui, transport, lang);
    }
    if let Some(origin) = &docs.certificate_of_origin {
        origin_doc(ui, origin, lang);
    }
    for note in &docs.notes {
        ui.strong(note.title.pick(lang.is_vietnamese()));
        ui.label(note.body.pick(lang.is_vietnamese()));
        ui.separator();
    }
}

fn invoice_doc(ui: &mut egui::Ui, invoice: &crate::exercise::InvoiceDoc, lang: Language) {
    let t = |text: Text| text.get(lang);
    ui.strong(format!(
        "{} {} — {}",
        t(Text::DocInvoice),
        invoice.number,
        format_date(invoice.date)
    ));
    party(ui, lang.pick("Người bán", "Seller"), &invoice.seller);
    party(ui, lang.pick("Người mua", "Buyer"), &invoice.buyer);
    ui.label(format!(
        "{} {}{} · {} {}",
        lang.pick("Điều kiện giao hàng", "Incoterm"),
        invoice.incoterm,
        invoice
            .incoterm_place
            .as_deref()
            .map(|p| format!(" {p}"))
            .unwrap_or_default(),
        lang.pick("Tiền tệ", "Currency"),
        invoice.currency
    ));
    egui::Grid::new("exercise-invoice")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for head in [
                lang.pick("#", "#"),
                lang.pick("Mô tả hàng", "Description"),
                lang.pick("Số lượng", "Quantity"),
                lang.pick("Đơn giá", "Unit price"),
                lang.pick("Thành tiền", "Amount"),
                lang.pick("Xuất xứ", "Origin"),
            ] {
                ui.strong(head);
            }
            ui.end_row();
            for (n, line) in invoice.lines.iter().enumerate() {
                ui.label(format!("{}", n + 1));
                let hs = line
                    .hs_hint
                    .as_deref()
                    .map(|h| format!(" (HS {h})"))
                    .unwrap_or_default();
                ui.label(format!("{}{hs}", line.description));
                ui.label(format!("{} {}", number(line.quantity, lang), line.unit));
                ui.label(number(line.unit_price, lang));
                ui.label(number(line.amount(), lang));
                ui.label(line.origin.as_deref().unwrap_or(""));
                ui.end_row();
            }
        });
    let mut totals = format!(
        "{}: {} {}",
        lang.pick("Tổng tiền hàng", "Goods total"),
        number(invoice.goods_total(), lang),
        invoice.currency
    );
    if let Some(freight) = invoice.freight {
        let _ = write!(
            totals,
            " · {} {}",
            lang.pick("Cước vận chuyển", "Freight"),
            number(freight, lang)
        );
    }
    if let Some(insurance) = invoice.insurance {
        let _ = write!(
            totals,
            " · {} {}",
            lang.pick("Phí bảo hiểm", "Insurance"),
            number(insurance, lang)
        );
    }
    ui.label(totals);
    ui.separator();
}

fn packing_doc(ui: &mut egui::Ui, packing: &crate::exercise::PackingListDoc, lang: Language) {
    let t = |text: Text| text.get(lang);
    ui.strong(t(Text::DocPackingList));
    let net = packing
        .net_weight
        .map(|w| {
            format!(
                " · {} {} kg",
                lang.pick("Trọng lượng tịnh", "Net weight"),
                number(w, lang)
            )
        })
        .unwrap_or_default();
    ui.label(format!(
        "{} {} · {} {} kg{net}{}",
        number(packing.packages, lang),
        packing.package_unit,
        lang.pick("Trọng lượng cả bì", "Gross weight"),
        number(packing.gross_weight, lang),
        packing
            .marks
            .as_deref()
            .map(|m| format!(" · {} {m}", lang.pick("Ký mã hiệu", "Marks")))
            .unwrap_or_default()
    ));
    ui.separator();
}

fn transport_doc(ui: &mut egui::Ui, transport: &crate::exercise::TransportDoc, lang: Language) {
    let kind = match transport.kind {
        TransportKind::BillOfLading => lang.pick("Vận đơn đường biển", "Bill of lading"),
        TransportKind::AirWaybill => lang.pick("Vận đơn hàng không", "Air waybill"),
        TransportKind::ExpressWaybill => lang.pick("Vận đơn chuyển phát nhanh", "Express waybill"),
    };
    ui.strong(format!(
        "{kind} {} — {}",
        transport.number,
        format_date(transport.date)
    ));
    party(ui, lang.pick("Người gửi", "Shipper"), &transport.shipper);
    party(
        ui,
        lang.pick("Người nhận", "Consignee"),
        &transport.consignee,
    );
    ui.label(format!(
        "{}: {} · {} → {}{}",
        lang.pick("Phương tiện", "Vessel/flight"),
        transport.vessel,
        transport.loading,
        transport.discharge,
        transport
            .arrival
            .map(|d| format!(" · {} {}", lang.pick("đến", "arrives"), format_date(d)))
            .unwrap_or_default()
    ));
    if !transport.containers.is_empty() {
        ui.label(format!(
            "{}: {}",
            lang.pick("Container", "Containers"),
            transport.containers.join(", ")
        ));
    }
    ui.separator();
}

fn origin_doc(ui: &mut egui::Ui, origin: &crate::exercise::OriginDoc, lang: Language) {
    let t = |text: Text| text.get(lang);
    ui.strong(format!(
        "{} — form {} {} ({})",
        t(Text::DocOrigin),
        origin.form,
        origin.number,
        format_date(origin.date)
    ));
    for line in &origin.lines {
        ui.label(format!(
            "{} · HS {} · {}",
            line.description, line.hs_code, line.criterion
        ));
    }
    if let Some(remarks) = &origin.remarks {
        ui.label(remarks);
    }
    ui.separator();
}

/// The score: points, then each difference with what was expected and a hint.
fn score_view(ui: &mut egui::Ui, score: &Score, lang: Language) {
    let t = |text: Text| text.get(lang);
    let colour = if score.is_full() {
        egui::Color32::from_rgb(40, 150, 60)
    } else {
        egui::Color32::from_rgb(200, 120, 0)
    };
    ui.colored_label(
        colour,
        egui::RichText::new(format!(
            "{}: {}/{} ({}%)",
            t(Text::ExerciseScore),
            score.points,
            score.max,
            score.percent()
        ))
        .strong(),
    );
    if score.is_full() {
        ui.label(t(Text::FullMarks));
    }
    if score.taxes_computed || score.lane_computed {
        ui.small(t(Text::ScoredLocally));
    }
    if score.differences.is_empty() {
        return;
    }
    egui::ScrollArea::both()
        .id_salt("exercise-differences-scroll")
        .max_height(260.0)
        .show(ui, |ui| differences(ui, score, lang));
}

/// The differences, a row each.
fn differences(ui: &mut egui::Ui, score: &Score, lang: Language) {
    let t = |text: Text| text.get(lang);
    egui::Grid::new("exercise-differences")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for head in [Text::FieldColumn, Text::Expected, Text::Given, Text::Hint] {
                ui.strong(t(head));
            }
            ui.end_row();
            for d in &score.differences {
                let line = d
                    .line
                    .map(|n| format!(" — {} {n}", lang.pick("dòng", "line")))
                    .unwrap_or_default();
                let item = if d.item.is_empty() {
                    String::new()
                } else {
                    format!("{} ", d.item)
                };
                ui.label(format!("{item}{}{line}", d.name.pick(lang.is_vietnamese())));
                // The key's value only once something was given (else it is the answer).
                ui.label(d.expected_shown().unwrap_or(t(Text::ExpectedHidden)));
                ui.label(&d.given);
                ui.label(d.hint.pick(lang.is_vietnamese()));
                ui.end_row();
            }
        });
}
