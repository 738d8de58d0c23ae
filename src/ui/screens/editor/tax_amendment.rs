//! "Khai bổ sung sau thông quan (AMA)": on a cleared declaration, the tax items of each goods
//! line (HS code, tariff schedule, manual taxable value and its currency, manual rate, exemption
//! code) open for editing — nothing else; AMA sends them and the answer shows each item before
//! and after and the tax difference per line and tax; AMC registers the amendment.

use eframe::egui;
use rust_decimal::Decimal;

use super::{EditorState, Frame, Tab};
use crate::domain::entry::{self, DecimalMark, Precision};
use crate::domain::tax_changes::{LineChange, TaxChanges};
use crate::domain::{Declaration, Direction, GoodsLine, Money};
use crate::ui::command::Command;
use crate::ui::i18n::{Language, Text};
use crate::wire::{TaxAmendmentStatus, TaxAmendmentView};

/// One goods line's tax items as typed.
#[derive(Debug, Clone, Default, PartialEq)]
struct LineFields {
    hs_code: String,
    tariff_schedule: String,
    taxable_value: String,
    taxable_currency: String,
    duty_rate: String,
    exemption_code: String,
}

/// The fields' paths (for their official names), in the order shown.
const PATHS: [&str; 6] = [
    "goods.hs_code",
    "goods.tariff_schedule",
    "goods.manual_taxable_value.amount",
    "goods.manual_taxable_value.currency",
    "goods.manual_duty_rate",
    "goods.exemption_code",
];

impl LineFields {
    fn of(line: &GoodsLine, mark: DecimalMark) -> Self {
        let text = |v: Option<&String>| v.map(|s| s.trim().to_owned()).unwrap_or_default();
        let number =
            |v: Option<Decimal>| v.map(|d| entry::format_number(d, mark)).unwrap_or_default();
        let manual = line.manual_taxable_value.as_ref();
        Self {
            hs_code: text(line.hs_code.as_ref()),
            tariff_schedule: text(line.tariff_schedule.as_ref()),
            taxable_value: number(manual.and_then(|m| m.amount)),
            taxable_currency: text(manual.and_then(|m| m.currency.as_ref())),
            duty_rate: number(line.manual_duty_rate),
            exemption_code: text(line.exemption_code.as_ref()),
        }
    }

    fn slots(&mut self) -> [&mut String; 6] {
        [
            &mut self.hs_code,
            &mut self.tariff_schedule,
            &mut self.taxable_value,
            &mut self.taxable_currency,
            &mut self.duty_rate,
            &mut self.exemption_code,
        ]
    }
}

/// The AMA form of the open declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct TaxAmendmentForm {
    /// Lý do khai bổ sung.
    pub reason: String,
    /// The values when the form opened (what "changed" is judged against).
    original: Vec<LineFields>,
    /// The values typed.
    lines: Vec<LineFields>,
    /// Why the last attempt to send could not be read (a number), in both languages.
    error: Option<(String, String)>,
}

impl TaxAmendmentForm {
    /// The form over a cleared declaration.
    pub fn new(declaration: &Declaration, language: Language) -> Self {
        let mark = DecimalMark::for_vietnamese(language.is_vietnamese());
        let lines: Vec<LineFields> = declaration
            .goods
            .iter()
            .map(|l| LineFields::of(l, mark))
            .collect();
        Self {
            reason: String::new(),
            original: lines.clone(),
            lines,
            error: None,
        }
    }

    /// The change set of what was typed (the items that differ from the cleared declaration).
    ///
    /// # Errors
    /// A number that cannot be read, in both languages.
    pub fn changes(&self, language: Language) -> Result<TaxChanges, (String, String)> {
        let mark = DecimalMark::for_vietnamese(language.is_vietnamese());
        let mut lines = Vec::new();
        for (index, (now, was)) in self.lines.iter().zip(&self.original).enumerate() {
            let read = |text: &str, precision| -> Result<Option<Decimal>, (String, String)> {
                let text = text.trim();
                if text.is_empty() {
                    return Ok(None);
                }
                entry::parse_number(text, mark, precision)
                    .map(Some)
                    .map_err(|e| {
                        let m = e.message();
                        (
                            format!("Dòng hàng {}: {}", index + 1, m.vi),
                            format!("Goods line {}: {}", index + 1, m.en),
                        )
                    })
            };
            let differs = |a: &String, b: &String| a.trim() != b.trim();
            let code = |a: &String, b: &String| differs(a, b).then(|| a.trim().to_owned());
            let value_changed = differs(&now.taxable_value, &was.taxable_value)
                || differs(&now.taxable_currency, &was.taxable_currency);
            let manual_taxable_value = if value_changed {
                let currency = now.taxable_currency.trim();
                Some(Money {
                    currency: (!currency.is_empty()).then(|| currency.to_owned()),
                    amount: read(&now.taxable_value, Precision::VALUE)?,
                })
            } else {
                None
            };
            let manual_duty_rate = if differs(&now.duty_rate, &was.duty_rate) {
                read(&now.duty_rate, Precision::VALUE)?
            } else {
                None
            };
            let change = LineChange {
                line: index + 1,
                hs_code: code(&now.hs_code, &was.hs_code),
                tariff_schedule: code(&now.tariff_schedule, &was.tariff_schedule),
                manual_taxable_value,
                manual_duty_rate,
                exemption_code: code(&now.exemption_code, &was.exemption_code),
                ..LineChange::default()
            };
            if change
                != (LineChange {
                    line: index + 1,
                    ..LineChange::default()
                })
            {
                lines.push(change);
            }
        }
        Ok(TaxChanges {
            reason: self.reason.trim().to_owned(),
            lines,
        })
    }
}

/// An amendment as the core answered it: its number, each item before and after, the
/// explanation of the difference (shown on this tab and on the Result tab).
pub(super) fn amendment_view(ui: &mut egui::Ui, view: &TaxAmendmentView, language: Language) {
    let t = |text: Text| text.get(language);
    ui.strong(format!(
        "{}: {}   {}: {}",
        t(Text::AmendmentNumber),
        view.number,
        t(Text::ColumnNumber),
        view.declaration_number
    ));
    ui.label(match view.status {
        TaxAmendmentStatus::Pending => t(Text::AmendmentPending),
        TaxAmendmentStatus::Registered => t(Text::AmendmentRegistered),
    });
    egui::Grid::new("amendment-fields")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong(t(Text::GoodsLineColumn));
            ui.strong(t(Text::ItemColumn));
            ui.strong(t(Text::BeforeColumn));
            ui.strong(t(Text::AfterColumn));
            ui.end_row();
            for change in &view.fields {
                ui.label(change.line.to_string());
                ui.label(language.pick(&change.label_vi, &change.label_en));
                ui.monospace(if change.before.is_empty() {
                    "—"
                } else {
                    &change.before
                });
                ui.monospace(if change.after.is_empty() {
                    "—"
                } else {
                    &change.after
                });
                ui.end_row();
            }
        });
    let lines = if language.is_vietnamese() {
        &view.explanation_vi
    } else {
        &view.explanation_en
    };
    for line in lines {
        ui.label(line);
    }
}

impl EditorState {
    /// Opens the AMA form on the cleared declaration.
    pub(super) fn open_tax_amendment(&mut self, language: Language) {
        self.tax_amendment = Some(TaxAmendmentForm::new(&self.declaration, language));
        self.tab = Tab::TaxAmendment;
    }

    /// The AMA form, the AMA answer and the AMC button.
    pub(super) fn tax_amendment_tab(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let language = frame.language;
        let t = |text: Text| text.get(language);
        let Some(form) = self.tax_amendment.as_mut() else {
            return;
        };
        ui.heading(t(Text::AmendAfterClearance));
        ui.label(t(Text::AmendAfterClearanceHelp));
        ui.horizontal(|ui| {
            let label = ui.label(t(Text::AmendmentReason));
            ui.add(egui::TextEdit::singleline(&mut form.reason).desired_width(420.0))
                .labelled_by(label.id);
        });
        let direction = self.declaration.direction;
        let names: Vec<String> = PATHS
            .iter()
            .map(|p| {
                crate::domain::field_label(p, direction)
                    .map_or_else(|| (*p).to_owned(), |l| language.pick(l.vi, l.en).to_owned())
            })
            .collect();
        for (index, (line, goods)) in form
            .lines
            .iter_mut()
            .zip(&self.declaration.goods)
            .enumerate()
        {
            ui.separator();
            ui.strong(format!(
                "{} {}: {}",
                t(Text::GoodsLineColumn),
                index + 1,
                goods.description.as_deref().unwrap_or_default()
            ));
            egui::Grid::new(("amend-line", index))
                .num_columns(2)
                .show(ui, |ui| {
                    for (k, slot) in line.slots().into_iter().enumerate() {
                        // Export lines have no tariff schedule (ORS).
                        if k == 1 && direction == Direction::Export {
                            continue;
                        }
                        let label = ui.label(names.get(k).map_or("", String::as_str));
                        ui.add(egui::TextEdit::singleline(slot).desired_width(160.0))
                            .labelled_by(label.id);
                        ui.end_row();
                    }
                });
        }
        ui.separator();
        if let Some((vi, en)) = &form.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), language.pick(vi, en));
        }
        let mut close = false;
        ui.horizontal(|ui| {
            ui.add_enabled_ui(!frame.busy, |ui| {
                if ui.button(t(Text::SendTaxAmendment)).clicked() {
                    match form.changes(language) {
                        Ok(changes) if changes.lines.is_empty() => {
                            let m = crate::domain::tax_changes::ChangeError::Nothing.message();
                            form.error = Some((m.vi, m.en));
                        }
                        Ok(changes) => {
                            form.error = None;
                            self.pending.push(Command::TaxAmendment(Box::new(changes)));
                        }
                        Err(message) => form.error = Some(message),
                    }
                }
                if ui.button(t(Text::CloseAmendment)).clicked() {
                    close = true;
                }
            });
        });
        self.tax_amendment_answer(ui, frame);
        if close {
            self.tax_amendment = None;
            self.tab = Tab::Result;
        }
    }

    /// The AMA answer (each item before and after, the difference) with the AMC button, or the
    /// refusal of the last AMA/AMC.
    fn tax_amendment_answer(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let language = frame.language;
        let t = |text: Text| text.get(language);
        let answered = self
            .last_response
            .as_ref()
            .filter(|r| r.result.is_success())
            .and_then(|r| r.tax_amendment.as_deref());
        if let Some(view) = answered {
            ui.separator();
            amendment_view(ui, view, language);
            if view.status == TaxAmendmentStatus::Pending
                && ui
                    .add_enabled(
                        !frame.busy,
                        egui::Button::new(t(Text::RegisterTaxAmendment)),
                    )
                    .clicked()
            {
                self.pending.push(Command::RegisterTaxAmendment {
                    number: view.number,
                    changes: Box::new(view.changes.clone()),
                });
            }
        } else if let Some(r) = self.last_response.as_ref().filter(|r| {
            !r.result.is_success()
                && r.job
                    .and_then(crate::domain::JobCode::step)
                    .is_some_and(crate::domain::Step::is_tax_amendment)
        }) {
            ui.colored_label(
                egui::Color32::from_rgb(200, 40, 40),
                format!(
                    "{} — {}",
                    r.result.code,
                    language.pick(&r.result.message_vi, &r.result.message_en)
                ),
            );
        }
    }
}
