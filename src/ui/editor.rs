//! The declaration editor: tabs that follow the official form, code fields with their
//! description and the F3 / Ctrl+Space picker, the goods grid, findings next to fields and in a
//! panel, the tax preview, the last answer and the message history. Pure screen: it edits its own
//! [`EditorState`] and returns [`Command`]s.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use eframe::egui;
use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization as _;

use super::command::Command;
use super::fields::{self, Field, Kind, Value};
use super::i18n::{Language, Text};
use super::widgets::{lane_badge, state_name};
use super::worker::NumberedJob;
use crate::assess::Assessment;
use crate::codes::{CodeLists, TableId};
use crate::core_sim::LOCKED_FIELDS;
use crate::domain::entry::{self, DecimalMark, EntryError, Precision};
use crate::domain::{Declaration, Direction, GoodsLine, field_label};
use crate::rules::{Finding, Severity};
use crate::store::{DraftId, DraftState, TimelineEntry};
use crate::wire::Response;

/// The editor's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Procedure, parties, transport.
    General1,
    /// Invoice, valuation.
    General2,
    /// Goods lines.
    Goods,
    /// Tax preview.
    Taxes,
    /// Last answer.
    Result,
    /// Messages.
    Timeline,
}

impl Tab {
    /// From its command-line name (`general1`, `general2`, `goods`, `taxes`, `result`, `timeline`).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "general1" => Self::General1,
            "general2" => Self::General2,
            "goods" => Self::Goods,
            "taxes" => Self::Taxes,
            "result" => Self::Result,
            "timeline" => Self::Timeline,
            _ => return None,
        })
    }
}

/// Most goods lines on one declaration.
pub const MAX_LINES: usize = 50;

/// An open declaration.
#[derive(Debug)]
pub struct EditorState {
    /// Store id once saved.
    pub id: Option<DraftId>,
    /// The data being edited.
    pub declaration: Declaration,
    /// Where it stands.
    pub state: DraftState,
    /// Provisional expiry.
    pub expires_at: Option<DateTime<Utc>>,
    /// Lane.
    pub lane: Option<u8>,
    /// Findings of the current data.
    pub findings: Vec<Finding>,
    /// Current tab.
    pub tab: Tab,
    /// Unsaved edits.
    pub dirty: bool,
    /// The last answer from the core.
    pub last_response: Option<Box<Response>>,
    /// Messages and events.
    pub timeline: Vec<TimelineEntry>,
    /// An amendment was called up (IDD) and may be edited.
    pub amending: bool,
    /// Text of number/date fields while typed (unreadable text stays here, with its error).
    buffers: HashMap<String, Buffer>,
    /// The decimal mark the buffers are written in (they are rewritten when the language changes).
    buffers_mark: Option<DecimalMark>,
    /// An input method is composing a word (preedit shown, not committed).
    composing: bool,
    undo: Vec<Declaration>,
    redo: Vec<Declaration>,
    burst_start: Option<Declaration>,
    snapshot: Declaration,
    last_edit: Option<Instant>,
    picker: Option<Picker>,
    focus: Option<String>,
    preview: Option<(u64, Assessment)>,
    revision: u64,
    explain: Option<(usize, usize)>,
    cancel_reason: String,
}

/// A number or date box's text as typed, and why it cannot be read, if it cannot.
#[derive(Debug, Default)]
struct Buffer {
    text: String,
    error: Option<EntryError>,
}

#[derive(Debug)]
struct Picker {
    path: String,
    table: TableId,
    query: String,
    selected: usize,
}

/// What the editor needs from the app each frame.
#[derive(Debug)]
pub struct View<'a> {
    /// Language.
    pub language: Language,
    /// Code tables.
    pub codes: &'a CodeLists,
    /// Today (core time, Vietnam).
    pub today: NaiveDate,
    /// A job is running.
    pub busy: bool,
}

impl EditorState {
    /// A new, empty declaration.
    pub fn new(direction: Direction, codes: &CodeLists, today: NaiveDate) -> Self {
        let mut declaration = Declaration::new(direction);
        declaration.goods.push(GoodsLine::default());
        Self::with(None, declaration, DraftState::Draft, codes, today)
    }

    /// An editor over a stored declaration.
    pub fn with(
        id: Option<DraftId>,
        declaration: Declaration,
        state: DraftState,
        codes: &CodeLists,
        today: NaiveDate,
    ) -> Self {
        let findings = crate::rules::validate(&declaration, codes, today);
        Self {
            id,
            snapshot: declaration.clone(),
            declaration,
            state,
            expires_at: None,
            lane: None,
            findings,
            tab: Tab::General1,
            dirty: false,
            last_response: None,
            timeline: Vec::new(),
            amending: false,
            buffers: HashMap::new(),
            buffers_mark: None,
            composing: false,
            undo: Vec::new(),
            redo: Vec::new(),
            burst_start: None,
            last_edit: None,
            picker: None,
            focus: None,
            preview: None,
            revision: 0,
            explain: None,
            cancel_reason: String::new(),
        }
    }

    /// Whether the declaration has no error finding.
    pub fn ready(&self) -> bool {
        self.findings.iter().all(|f| f.severity != Severity::Error)
    }

    /// Whether autosave is due (unsaved edits and a pause in typing).
    pub fn autosave_due(&self, now: Instant) -> bool {
        self.dirty
            && self
                .last_edit
                .is_some_and(|t| now.duration_since(t) > Duration::from_millis(1500))
    }

    /// After a save.
    pub fn saved(&mut self, id: DraftId) {
        self.id = Some(id);
        self.dirty = false;
    }

    /// Records an edit: the first edit after a pause starts an undo step.
    fn edited(&mut self, view: &View<'_>) {
        if self.burst_start.is_none() {
            self.burst_start = Some(self.snapshot.clone());
        }
        self.redo.clear();
        self.changed(view.codes, view.today);
    }

    /// The declaration changed: unsaved, a new revision (the tax preview recomputes), findings
    /// of the new data.
    fn changed(&mut self, codes: &CodeLists, today: NaiveDate) {
        self.dirty = true;
        self.revision += 1;
        self.last_edit = Some(Instant::now());
        self.findings = crate::rules::validate(&self.declaration, codes, today);
        // A box whose text cannot be read holds no value; its finding replaces the rules' ones
        // for that field (which would only say it is empty).
        let unreadable: Vec<Finding> = self
            .buffers
            .iter()
            .filter_map(|(path, b)| {
                b.error
                    .as_ref()
                    .map(|e| crate::rules::unreadable_entry(path.clone(), e))
            })
            .collect();
        if !unreadable.is_empty() {
            self.findings
                .retain(|f| !unreadable.iter().any(|u| u.path == f.path));
            self.findings.splice(0..0, unreadable);
        }
    }

    /// Whether a number or date box holds text that cannot be read.
    pub fn has_unreadable_entry(&self) -> bool {
        self.buffers.values().any(|b| b.error.is_some())
    }

    fn end_burst_if_paused(&mut self) {
        let paused = self
            .last_edit
            .is_some_and(|t| t.elapsed() > Duration::from_millis(700));
        if paused && let Some(start) = self.burst_start.take() {
            self.undo.push(start);
            if self.undo.len() > 200 {
                self.undo.remove(0);
            }
            self.snapshot = self.declaration.clone();
        }
    }

    /// Changes the declaration from outside the form (imports, tests) as one undo step.
    pub fn replace(
        &mut self,
        edit: impl FnOnce(&mut Declaration),
        codes: &CodeLists,
        today: NaiveDate,
    ) {
        self.undo.push(self.declaration.clone());
        edit(&mut self.declaration);
        self.after_history(codes, today);
    }

    /// Undo the last burst of edits.
    pub fn undo(&mut self, view: &View<'_>) {
        if let Some(start) = self.burst_start.take() {
            self.undo.push(start);
        }
        if let Some(previous) = self.undo.pop() {
            let current = std::mem::replace(&mut self.declaration, previous);
            self.redo.push(current);
            self.after_history(view.codes, view.today);
        }
    }

    /// Redo.
    pub fn redo(&mut self, view: &View<'_>) {
        if let Some(next) = self.redo.pop() {
            let current = std::mem::replace(&mut self.declaration, next);
            self.undo.push(current);
            self.after_history(view.codes, view.today);
        }
    }

    fn after_history(&mut self, codes: &CodeLists, today: NaiveDate) {
        self.snapshot = self.declaration.clone();
        self.buffers.clear();
        self.changed(codes, today);
    }

    fn locked(&self, path: &str) -> bool {
        match self.state {
            DraftState::Draft | DraftState::Provisional => false,
            DraftState::Registered if self.amending => LOCKED_FIELDS.contains(&path),
            _ => true,
        }
    }

    /// Draws the editor.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &View<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        self.composing = hold_keys_while_composing(ui, self.composing);
        // Numbers show in the language's convention: boxes that read are rewritten when it
        // changes; text that cannot be read stays as typed, with its error.
        let mark = DecimalMark::for_vietnamese(view.language.is_vietnamese());
        if self.buffers_mark != Some(mark) {
            self.buffers.retain(|_, b| b.error.is_some());
            self.buffers_mark = Some(mark);
        }
        self.end_burst_if_paused();
        self.shortcuts(ui, view, &mut commands);
        let t = |text: Text| text.get(view.language);
        self.header(ui, view, &mut commands);
        ui.separator();
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::General1, Text::TabGeneral1),
                (Tab::General2, Text::TabGeneral2),
                (Tab::Goods, Text::TabGoods),
                (Tab::Taxes, Text::TabTaxes),
                (Tab::Result, Text::TabResult),
                (Tab::Timeline, Text::TabTimeline),
            ] {
                ui.selectable_value(&mut self.tab, tab, t(label));
            }
        });
        ui.separator();
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| self.findings_panel(ui, view));
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| match self.tab {
                    Tab::General1 => {
                        let list = fields::general_1(self.declaration.direction);
                        self.form(ui, view, &list);
                    }
                    Tab::General2 => {
                        let list = fields::general_2(self.declaration.direction);
                        self.form(ui, view, &list);
                    }
                    Tab::Goods => self.goods(ui, view),
                    Tab::Taxes => self.taxes(ui, view),
                    Tab::Result => self.result(ui, view),
                    Tab::Timeline => self.timeline_view(ui, view),
                });
        });
        self.picker_window(ui, view);
        commands
    }

    fn shortcuts(&mut self, ui: &egui::Ui, view: &View<'_>, commands: &mut Vec<Command>) {
        let (save, undo, redo) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::S),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::Y),
            )
        });
        if save {
            commands.push(Command::Save);
        }
        if undo && self.picker.is_none() {
            self.undo(view);
        }
        if redo && self.picker.is_none() {
            self.redo(view);
        }
    }

    fn header(&mut self, ui: &mut egui::Ui, view: &View<'_>, commands: &mut Vec<Command>) {
        let t = |text: Text| text.get(view.language);
        let lang = view.language;
        ui.horizontal_wrapped(|ui| {
            let kind = match self.declaration.direction {
                Direction::Import => t(Text::Import),
                Direction::Export => t(Text::Export),
            };
            ui.heading(match self.declaration.number {
                Some(number) => format!("{kind} {number}"),
                None => kind.to_owned(),
            });
            ui.label(state_name(self.state, lang));
            if let Some(lane) = self.lane {
                lane_badge(ui, lane, lang);
            }
            ui.label(if self.dirty {
                t(Text::Unsaved)
            } else {
                t(Text::Saved)
            });
            let ready = self.ready();
            ui.colored_label(
                if ready {
                    egui::Color32::from_rgb(0, 140, 60)
                } else {
                    egui::Color32::from_rgb(200, 40, 40)
                },
                if ready {
                    t(Text::Ready)
                } else {
                    t(Text::NotReady)
                },
            );
        });
        self.job_buttons(ui, view, commands);
    }

    fn job_buttons(&mut self, ui: &mut egui::Ui, view: &View<'_>, commands: &mut Vec<Command>) {
        let t = |text: Text| text.get(view.language);
        ui.horizontal_wrapped(|ui| {
            ui.add_enabled_ui(!view.busy, |ui| {
                if ui.button(t(Text::Save)).clicked() {
                    commands.push(Command::Save);
                }
                if ui
                    .add_enabled(
                        !self.undo.is_empty() || self.burst_start.is_some(),
                        egui::Button::new(t(Text::Undo)),
                    )
                    .clicked()
                {
                    self.undo(view);
                }
                if ui
                    .add_enabled(!self.redo.is_empty(), egui::Button::new(t(Text::Redo)))
                    .clicked()
                {
                    self.redo(view);
                }
                ui.separator();
                let ready = self.ready();
                match self.state {
                    DraftState::Draft | DraftState::Expired => {
                        if ui
                            .add_enabled(ready, egui::Button::new(t(Text::RegisterProvisional)))
                            .clicked()
                        {
                            commands.push(Command::Provisional);
                        }
                    }
                    DraftState::Provisional => {
                        if ui
                            .add_enabled(ready, egui::Button::new(t(Text::SendEdit)))
                            .clicked()
                        {
                            commands.push(Command::Provisional);
                        }
                        if ui
                            .add_enabled(
                                ready && !self.dirty,
                                egui::Button::new(t(Text::RegisterOfficial)),
                            )
                            .clicked()
                        {
                            commands.push(Command::Numbered(NumberedJob::Official));
                        }
                    }
                    DraftState::Registered => {
                        if self.amending {
                            if ui
                                .add_enabled(ready, egui::Button::new(t(Text::SendEdit)))
                                .clicked()
                            {
                                commands.push(Command::Provisional);
                            }
                            if ui
                                .add_enabled(
                                    !self.dirty,
                                    egui::Button::new(t(Text::RegisterAmendment)),
                                )
                                .clicked()
                            {
                                commands.push(Command::Numbered(NumberedJob::Amendment));
                            }
                        } else if ui.button(t(Text::CallUpAmendment)).clicked() {
                            commands.push(Command::Numbered(NumberedJob::CallUpAmendment));
                        }
                        ui.add(
                            egui::TextEdit::singleline(&mut self.cancel_reason)
                                .hint_text(t(Text::CancelReason))
                                .desired_width(160.0),
                        );
                        if ui
                            .add_enabled(
                                !self.cancel_reason.trim().is_empty(),
                                egui::Button::new(t(Text::CancelDeclaration)),
                            )
                            .clicked()
                        {
                            commands.push(Command::CancelDeclaration(
                                self.cancel_reason.trim().to_owned(),
                            ));
                        }
                    }
                    DraftState::Cleared | DraftState::Cancelled => {}
                }
            });
        });
    }

    fn label_of(&self, path: &str, language: Language) -> String {
        field_label(path, self.declaration.direction)
            .map_or_else(|| path.to_owned(), |l| language.pick(l.vi, l.en).to_owned())
    }

    fn form(&mut self, ui: &mut egui::Ui, view: &View<'_>, list: &[Field]) {
        egui::Grid::new(("form", list.first().map_or("", |f| f.path)))
            .num_columns(3)
            .spacing([12.0, 6.0])
            .striped(true)
            .show(ui, |ui| {
                for field in list {
                    let label = self.label_of(field.path, view.language);
                    let label_id = ui.label(label).id;
                    let locked = self.locked(field.path);
                    let changed = ui
                        .add_enabled_ui(!locked, |ui| {
                            let value = (field.access)(&mut self.declaration);
                            let slots = Slots {
                                buffers: &mut self.buffers,
                                picker: &mut self.picker,
                                focus: &mut self.focus,
                            };
                            edit_value(
                                ui,
                                field.path,
                                field.kind,
                                value,
                                slots,
                                Some(label_id),
                                view,
                            )
                        })
                        .inner;
                    if changed {
                        self.edited(view);
                    }
                    ui.horizontal(|ui| {
                        if locked && self.amending {
                            ui.weak(Text::LockedField.get(view.language));
                        }
                        field_findings(ui, &self.findings, field.path, view.language);
                    });
                    ui.end_row();
                }
            });
    }

    #[allow(clippy::too_many_lines)] // One table: header, cells, row actions, as they appear.
    fn goods(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        let t = |text: Text| text.get(view.language);
        let locked = self.locked("goods");
        let count = self.declaration.goods.len();
        ui.horizontal(|ui| {
            ui.label(format!("{count} {}", t(Text::Lines)));
            if ui
                .add_enabled(
                    !locked && count < MAX_LINES,
                    egui::Button::new(t(Text::AddLine)),
                )
                .clicked()
            {
                // A line at the end: no typed text moves.
                self.declaration.goods.push(GoodsLine::default());
                self.edited(view);
            }
            let total: Decimal = self
                .declaration
                .goods
                .iter()
                .filter_map(|g| g.invoice_value)
                .sum();
            ui.label(format!(
                "{}: {}",
                t(Text::TotalValue),
                entry::format_number(
                    total,
                    DecimalMark::for_vietnamese(view.language.is_vietnamese())
                )
            ));
        });
        let columns = fields::goods_columns();
        let mut header_ids: Vec<egui::Id> = Vec::new();
        let mut action: Option<(usize, LineAction)> = None;
        let mut changed_line = false;
        let row_height = 26.0;
        egui_extras::TableBuilder::new(ui)
            .striped(true)
            .column(egui_extras::Column::exact(32.0))
            .columns(egui_extras::Column::auto(), columns.len())
            .column(egui_extras::Column::remainder())
            .header(22.0, |mut header| {
                header.col(|ui| {
                    ui.strong("#");
                });
                for column in &columns {
                    header.col(|ui| {
                        let path = format!("goods.{}", column.name);
                        header_ids.push(ui.strong(self.label_of(&path, view.language)).id);
                    });
                }
                header.col(|ui| {
                    ui.strong(t(Text::ColumnActions));
                });
            })
            .body(|body| {
                body.rows(row_height, count, |mut row| {
                    let index = row.index();
                    row.col(|ui| {
                        ui.label(format!("{}", index + 1));
                    });
                    for (c, column) in columns.iter().enumerate() {
                        let label_id = header_ids.get(c).copied();
                        row.col(|ui| {
                            let path = format!("goods[{index}].{}", column.name);
                            ui.set_width(column.width);
                            let has_error = self
                                .findings
                                .iter()
                                .any(|f| f.path == path && f.severity == Severity::Error);
                            ui.add_enabled_ui(!locked, |ui| {
                                if let Some(line) = self.declaration.goods.get_mut(index) {
                                    let value = (column.access)(line);
                                    let slots = Slots {
                                        buffers: &mut self.buffers,
                                        picker: &mut self.picker,
                                        focus: &mut self.focus,
                                    };
                                    if edit_value(
                                        ui,
                                        &path,
                                        column.kind,
                                        value,
                                        slots,
                                        label_id,
                                        view,
                                    ) {
                                        changed_line = true;
                                    }
                                }
                            });
                            if has_error {
                                ui.colored_label(egui::Color32::from_rgb(200, 40, 40), "!");
                            }
                        });
                    }
                    row.col(|ui| {
                        ui.add_enabled_ui(!locked, |ui| {
                            ui.horizontal(|ui| {
                                for (symbol, hint, line_action) in [
                                    ("+", Text::DuplicateLine, LineAction::Duplicate),
                                    ("↑", Text::MoveUp, LineAction::Up),
                                    ("↓", Text::MoveDown, LineAction::Down),
                                    ("×", Text::DeleteLine, LineAction::Delete),
                                ] {
                                    if ui.small_button(symbol).on_hover_text(t(hint)).clicked() {
                                        action = Some((index, line_action));
                                    }
                                }
                            })
                        });
                    });
                });
            });
        if let Some((index, line_action)) = action {
            let goods = &mut self.declaration.goods;
            let applied = match line_action {
                LineAction::Duplicate if goods.len() < MAX_LINES => {
                    let copy = goods[index].clone();
                    goods.insert(index + 1, copy);
                    true
                }
                LineAction::Up if index > 0 => {
                    goods.swap(index, index - 1);
                    true
                }
                LineAction::Down if index + 1 < goods.len() => {
                    goods.swap(index, index + 1);
                    true
                }
                LineAction::Delete if goods.len() > 1 => {
                    goods.remove(index);
                    true
                }
                _ => false,
            };
            if applied {
                // Typed text (unreadable text with its error too) follows its line.
                self.buffers = std::mem::take(&mut self.buffers)
                    .into_iter()
                    .filter_map(|(key, buffer)| {
                        moved_key(&key, line_action, index).map(|key| (key, buffer))
                    })
                    .collect();
            }
            changed_line = true;
        }
        if changed_line {
            self.edited(view);
        }
        ui.add_space(6.0);
        let goods_findings: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.path.starts_with("goods"))
            .collect();
        for f in goods_findings.iter().take(20) {
            finding_line(ui, f, view.language);
        }
    }

    fn taxes(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        let t = |text: Text| text.get(view.language);
        let stale = self
            .preview
            .as_ref()
            .is_none_or(|(rev, _)| *rev != self.revision);
        if stale {
            let date = self.declaration.planned_date.unwrap_or(view.today);
            let assessment = crate::assess::assess(&self.declaration, view.codes, date);
            self.preview = Some((self.revision, assessment));
        }
        let Some((_, assessment)) = &self.preview else {
            return;
        };
        let vi = view.language.is_vietnamese();
        if !assessment.problems.is_empty() {
            ui.colored_label(
                egui::Color32::from_rgb(200, 120, 0),
                t(Text::TaxesUnavailable),
            );
            for f in &assessment.problems {
                finding_line(ui, f, view.language);
            }
        }
        ui.heading(format!(
            "{}: {} VND",
            t(Text::TotalPayable),
            crate::assess::format_vnd(assessment.total_payable_vnd, vi)
        ));
        for rate in &assessment.rates_used {
            ui.label(format!(
                "{} = {} VND ({})",
                rate.currency, rate.vnd_per_unit, rate.effective_from
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
                        ui.label(view.language.pick(item.kind.name_vi(), item.kind.name_en()));
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
                        if explain == Some((line.index, k)) {
                            ui.label("");
                            ui.label("");
                            ui.label(
                                view.language
                                    .pick(&item.explanation_vi, &item.explanation_en),
                            );
                            ui.end_row();
                        }
                    }
                }
            });
        self.explain = explain;
    }

    fn result(&self, ui: &mut egui::Ui, view: &View<'_>) {
        let t = |text: Text| text.get(view.language);
        let lang = view.language;
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
                r.job,
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

    fn timeline_view(&self, ui: &mut egui::Ui, view: &View<'_>) {
        let t = |text: Text| text.get(view.language);
        if self.timeline.is_empty() {
            ui.label(t(Text::NothingSent));
        }
        egui::Grid::new("timeline")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for e in &self.timeline {
                    ui.label(crate::domain::time::vietnam_display(e.at));
                    ui.label(match e.kind.as_str() {
                        "sent" => t(Text::Sent).to_owned(),
                        "received" => t(Text::Received).to_owned(),
                        other => other.to_owned(),
                    });
                    ui.monospace(format!(
                        "{} {}",
                        e.job,
                        e.result_code.as_deref().unwrap_or("")
                    ));
                    ui.label(view.language.pick(&e.summary_vi, &e.summary_en));
                    ui.end_row();
                }
            });
    }

    fn findings_panel(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        ui.heading(Text::Findings.get(view.language));
        if self.findings.is_empty() {
            ui.label(Text::NoFindings.get(view.language));
        }
        let mut jump: Option<String> = None;
        egui::ScrollArea::vertical()
            .id_salt("findings-scroll")
            .show(ui, |ui| {
                for f in &self.findings {
                    let label = format!(
                        "{} {} — {}",
                        if f.severity == Severity::Error {
                            "×"
                        } else {
                            "!"
                        },
                        self.label_of(&f.path, view.language),
                        view.language.pick(&f.message_vi, &f.message_en)
                    );
                    if ui.link(label).on_hover_text(&f.code).clicked() {
                        jump = Some(f.path.clone());
                    }
                }
            });
        if let Some(path) = jump {
            self.tab = fields::tab_of(&path);
            self.focus = Some(path);
        }
    }

    fn picker_window(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        let t = |text: Text| text.get(view.language);
        let mut open = true;
        let mut chosen: Option<String> = None;
        let table = view.codes.table(picker.table);
        let results: Vec<(String, String)> = if picker.query.trim().is_empty() {
            table
                .entries()
                .iter()
                .take(50)
                .map(|e| {
                    (
                        e.code.clone(),
                        e.name(view.language.is_vietnamese()).to_owned(),
                    )
                })
                .collect()
        } else {
            table
                .search(&picker.query, 50)
                .into_iter()
                .map(|(e, _)| {
                    (
                        e.code.clone(),
                        e.name(view.language.is_vietnamese()).to_owned(),
                    )
                })
                .collect()
        };
        let (down, up, enter, escape) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if down {
            picker.selected = (picker.selected + 1).min(results.len().saturating_sub(1));
        }
        if up {
            picker.selected = picker.selected.saturating_sub(1);
        }
        if enter && let Some((code, _)) = results.get(picker.selected) {
            chosen = Some(code.clone());
        }
        egui::Window::new(t(Text::Picker))
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ui.ctx(), |ui| {
                ui.label(t(Text::PickerHint));
                let response = ui.add(
                    egui::TextEdit::singleline(&mut picker.query)
                        .id_salt("picker-query")
                        .desired_width(480.0),
                );
                response.request_focus();
                if response.changed() {
                    picker.selected = 0;
                }
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for (i, (code, name)) in results.iter().enumerate() {
                            let text = format!("{code}  {name}");
                            if ui.selectable_label(i == picker.selected, text).clicked() {
                                chosen = Some(code.clone());
                            }
                        }
                    });
            });
        if escape || !open {
            let path = picker.path.clone();
            self.picker = None;
            self.focus = Some(path);
            return;
        }
        if let Some(code) = chosen {
            let path = picker.path.clone();
            self.picker = None;
            if set_text(&mut self.declaration, &path, code) {
                self.edited(view);
            }
            self.focus = Some(path);
        }
    }
}

/// Where a box's key goes when `action` is done on goods line `index`: `goods[j].…` follows
/// its line (`None`: the line was deleted); header keys stay.
fn moved_key(key: &str, action: LineAction, index: usize) -> Option<String> {
    let Some((line, rest)) = key
        .strip_prefix("goods[")
        .and_then(|k| k.split_once(']'))
        .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)))
    else {
        return Some(key.to_owned());
    };
    let moved = match action {
        LineAction::Duplicate if line > index => line + 1,
        LineAction::Up if line == index => index - 1,
        LineAction::Up if line + 1 == index => index,
        LineAction::Down if line == index => index + 1,
        LineAction::Down if line == index + 1 => index,
        LineAction::Delete if line == index => return None,
        LineAction::Delete if line > index => line - 1,
        _ => line,
    };
    Some(format!("goods[{moved}]{rest}"))
}

#[derive(Debug, Clone, Copy)]
enum LineAction {
    Duplicate,
    Up,
    Down,
    Delete,
}

/// Sets the text field at `path` (header or goods line).
fn set_text(declaration: &mut Declaration, path: &str, code: String) -> bool {
    let direction = declaration.direction;
    for field in fields::general_1(direction)
        .into_iter()
        .chain(fields::general_2(direction))
    {
        if field.path == path
            && let Value::Text(slot) = (field.access)(declaration)
        {
            *slot = Some(code);
            return true;
        }
    }
    if let Some(rest) = path.strip_prefix("goods[")
        && let Some((index, name)) = rest.split_once("].")
        && let Ok(index) = index.parse::<usize>()
        && let Some(line) = declaration.goods.get_mut(index)
    {
        for column in fields::goods_columns() {
            if column.name == name
                && let Value::Text(slot) = (column.access)(line)
            {
                *slot = Some(code);
                return true;
            }
        }
    }
    false
}

/// The editor's parts a field editor needs, borrowed apart from the declaration.
struct Slots<'a> {
    buffers: &'a mut HashMap<String, Buffer>,
    picker: &'a mut Option<Picker>,
    focus: &'a mut Option<String>,
}

/// Draws one value editor, labelled for accessibility by `label`; returns whether it changed.
fn edit_value(
    ui: &mut egui::Ui,
    path: &str,
    kind: Kind,
    value: Value<'_>,
    slots: Slots<'_>,
    label: Option<egui::Id>,
    view: &View<'_>,
) -> bool {
    let Slots {
        buffers,
        picker,
        focus,
    } = slots;
    let id = ("field", path);
    let width = if path.starts_with("goods[") {
        ui.available_width().max(50.0)
    } else {
        260.0
    };
    let (response, changed) = match value {
        Value::Text(slot) => {
            // While the box has the focus it shows the text exactly as typed — an input method
            // may delete and retype what it wrote, decomposed or not — and the declaration holds
            // it composed (NFC). Without the focus, the box shows the declaration.
            let mut unfocused = slot.clone().unwrap_or_default();
            let text = match buffers.get_mut(path) {
                Some(buffer) => &mut buffer.text,
                None => &mut unfocused,
            };
            let response = ui.add(
                egui::TextEdit::singleline(text)
                    .id_salt(id)
                    .desired_width(width),
            );
            let changed = response.changed();
            if changed {
                let trimmed = text.trim();
                *slot = (!trimmed.is_empty()).then(|| text.nfc().collect());
            }
            let text = text.clone();
            if !response.has_focus() {
                buffers.remove(path);
            } else if !buffers.contains_key(path) {
                buffers.insert(
                    path.to_owned(),
                    Buffer {
                        text: text.clone(),
                        error: None,
                    },
                );
            }
            if let Kind::Code(table) = kind {
                if response.has_focus() {
                    let open = ui.input_mut(|i| {
                        i.consume_key(egui::Modifiers::NONE, egui::Key::F3)
                            || i.consume_key(egui::Modifiers::COMMAND, egui::Key::Space)
                    });
                    if open {
                        *picker = Some(Picker {
                            path: path.to_owned(),
                            table,
                            query: text.clone(),
                            selected: 0,
                        });
                    }
                }
                code_hint(ui, path, table, text.trim(), &response, view);
            }
            (response, changed)
        }
        Value::Date(slot) => edit_date(ui, id, path, slot, buffers, width, view),
        Value::Decimal(slot) => {
            let precision = match kind {
                Kind::Decimal(precision) => precision,
                _ => Precision::VALUE,
            };
            let mark = DecimalMark::for_vietnamese(view.language.is_vietnamese());
            edit_entry(
                ui,
                id,
                slot,
                buffers.entry(path.to_owned()),
                width.min(140.0),
                |text| entry::parse_number(text, mark, precision),
                |value| entry::format_number(value, mark),
                view.language,
            )
        }
    };
    // Enter moves on to the next field, as Tab does.
    if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && picker.is_none() {
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
    }
    let response = match label {
        Some(label) => response.labelled_by(label),
        None => response,
    };
    if focus.as_deref() == Some(path) {
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
        *focus = None;
    }
    changed
}

/// The description of a code beside its field (header) or on hover (goods grid), or "not in
/// the table".
fn code_hint(
    ui: &mut egui::Ui,
    path: &str,
    table: TableId,
    code: &str,
    response: &egui::Response,
    view: &View<'_>,
) {
    let entry = view.codes.table(table).get(code);
    let vietnamese = view.language.is_vietnamese();
    if path.starts_with("goods[") {
        if let Some(entry) = entry {
            response.clone().on_hover_text(entry.name(vietnamese));
        }
    } else if !code.is_empty() {
        match entry {
            Some(entry) => {
                ui.weak(entry.name(vietnamese));
            }
            None => {
                ui.colored_label(
                    egui::Color32::from_rgb(200, 40, 40),
                    Text::UnknownCode.get(view.language),
                );
            }
        }
    }
}

/// A date box with its calendar button.
fn edit_date(
    ui: &mut egui::Ui,
    id: (&str, &str),
    path: &str,
    slot: &mut Option<NaiveDate>,
    buffers: &mut HashMap<String, Buffer>,
    width: f32,
    view: &View<'_>,
) -> (egui::Response, bool) {
    let (response, mut changed) = edit_entry(
        ui,
        id,
        slot,
        buffers.entry(path.to_owned()),
        width.min(120.0),
        entry::parse_date,
        entry::format_date,
        view.language,
    );
    let name = [Direction::Import, Direction::Export]
        .into_iter()
        .find_map(|d| field_label(path, d))
        .map_or(path, |l| view.language.pick(l.vi, l.en));
    if super::date_picker::date_button(ui, id, name, slot, view.today, view.language) {
        // The box shows the picked date (and forgets any text that did not read).
        buffers.remove(path);
        changed = true;
    }
    (response, changed)
}

/// Keys an input method may pass on while it composes a word.
const COMPOSITION_KEYS: [egui::Key; 6] = [
    egui::Key::Enter,
    egui::Key::Tab,
    egui::Key::Escape,
    egui::Key::ArrowUp,
    egui::Key::ArrowDown,
    egui::Key::F3,
];

/// While an input method composes a word (fcitx5, `IBus`: preedit text shown, not yet
/// committed), the keys it may pass on belong to the composition: they are taken out of this
/// frame's input, so no text box ends, no focus moves and the picker picks nothing. Returns
/// whether a composition is still open after this frame's events (`composing`: before them).
fn hold_keys_while_composing(ui: &egui::Ui, composing: bool) -> bool {
    // No text box has the focus: no composition can be open (a commit missed while another
    // screen was shown must not keep the keys held).
    let composing = composing && ui.memory(|m| m.focused().is_some());
    ui.input_mut(|input| {
        let mut open = composing;
        input.events.retain(|event| match event {
            egui::Event::Ime(egui::ImeEvent::Preedit { text, .. }) => {
                open = !text.is_empty();
                true
            }
            egui::Event::Ime(egui::ImeEvent::Commit(_)) => {
                open = false;
                true
            }
            egui::Event::Key { key, .. } => !(open && COMPOSITION_KEYS.contains(key)),
            _ => true,
        });
        open
    })
}

/// A text box over a number or date: what is typed is read by `read`; text that cannot be read
/// stays in the box with its message and leaves the value empty (never a stale or guessed
/// one), and the editor turns it into a finding that blocks sending. When the box loses the
/// focus, a value that reads is shown again by `show` (`1500` becomes `1.500` in Vietnamese).
#[allow(clippy::too_many_arguments)] // One box: its place, value, text, width and convention.
fn edit_entry<T: Copy>(
    ui: &mut egui::Ui,
    id: (&str, &str),
    slot: &mut Option<T>,
    buffer: std::collections::hash_map::Entry<'_, String, Buffer>,
    width: f32,
    read: impl Fn(&str) -> Result<T, EntryError>,
    show: impl Fn(T) -> String,
    language: Language,
) -> (egui::Response, bool) {
    let buffer = buffer.or_insert_with(|| Buffer {
        text: slot.map(&show).unwrap_or_default(),
        error: None,
    });
    let response = ui.add(
        egui::TextEdit::singleline(&mut buffer.text)
            .id_salt(id)
            .desired_width(width),
    );
    let changed = response.changed();
    if changed {
        let trimmed = buffer.text.trim();
        let read = (!trimmed.is_empty()).then(|| read(trimmed)).transpose();
        match read {
            Ok(value) => {
                *slot = value;
                buffer.error = None;
            }
            Err(error) => {
                *slot = None;
                buffer.error = Some(error);
            }
        }
    }
    if response.lost_focus() && buffer.error.is_none() {
        buffer.text = slot.map(&show).unwrap_or_default();
    }
    if let Some(error) = &buffer.error {
        ui.colored_label(
            egui::Color32::from_rgb(200, 40, 40),
            error.message().pick(language.is_vietnamese()),
        );
    }
    (response, changed)
}

fn field_findings(ui: &mut egui::Ui, findings: &[Finding], path: &str, language: Language) {
    for f in findings.iter().filter(|f| f.path == path) {
        let color = if f.severity == Severity::Error {
            egui::Color32::from_rgb(200, 40, 40)
        } else {
            egui::Color32::from_rgb(190, 120, 0)
        };
        ui.colored_label(color, language.pick(&f.message_vi, &f.message_en))
            .on_hover_text(&f.code);
    }
}

fn finding_line(ui: &mut egui::Ui, f: &Finding, language: Language) {
    let color = if f.severity == Severity::Error {
        egui::Color32::from_rgb(200, 40, 40)
    } else {
        egui::Color32::from_rgb(190, 120, 0)
    };
    ui.colored_label(
        color,
        format!(
            "{} {}: {}",
            f.code,
            f.path,
            language.pick(&f.message_vi, &f.message_en)
        ),
    );
}

#[cfg(test)]
#[path = "editor_entry_tests.rs"]
mod entry_tests;

#[cfg(test)]
#[path = "editor_ime_tests.rs"]
mod ime_tests;
