//! The declaration editor: tabs that follow the official form, code fields with their
//! description and the F3 / Ctrl+Space picker, the goods grid, findings next to fields and in a
//! panel, the tax preview, the last answer and the message history. Pure screen: it edits its own
//! [`EditorState`] and returns [`Command`]s; each part lives in its own module below.

pub(crate) mod answers;
mod dossier;
mod exercise;
mod findings;
mod form;
mod goods;
mod goods_import;
mod header;
mod history;
mod inputs;
mod manual;
mod parts;
mod picker;
mod repeats;
mod tax_amendment;
mod taxes;
mod template;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use eframe::egui;

pub use super::Frame;
use crate::assess::Assessment;
use crate::codes::CodeLists;
pub use dossier::DossierForm;
pub use exercise::ExerciseSession;
pub use goods_import::GoodsImport;
pub use tax_amendment::TaxAmendmentForm;

use crate::domain::entry::DecimalMark;
use crate::domain::{Declaration, Direction, GoodsLine};
use crate::rules::{Finding, Severity};
use crate::store::{DraftId, DraftState, TimelineEntry};
use crate::ui::command::Command;
use crate::ui::fields;
use crate::ui::i18n::Text;
use crate::wire::Response;
use inputs::{Buffer, hold_keys_while_composing};
use picker::Picker;

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
    /// The electronic dossier (attached documents, HYS) and the archive.
    Dossier,
    /// The amendment after clearance (AMA/AMC), while its form is open.
    TaxAmendment,
}

impl Tab {
    /// From its command-line name (`general1`, `general2`, `goods`, `taxes`, `result`,
    /// `timeline`, `dossier`).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "general1" => Self::General1,
            "general2" => Self::General2,
            "goods" => Self::Goods,
            "taxes" => Self::Taxes,
            "result" => Self::Result,
            "timeline" => Self::Timeline,
            "dossier" => Self::Dossier,
            "amend-tax" => Self::TaxAmendment,
            _ => return None,
        })
    }
}

/// Most goods lines on one declaration.
pub const MAX_LINES: usize = 50;

/// An open declaration.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // Independent facts of one open declaration.
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
    /// The timeline entry whose VNACCS message is shown, decoded once when opened.
    pub message_view: Option<answers::MessageView>,
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
    /// Paths the broker has typed into (their "not declared yet" shows even in a blank form).
    touched: std::collections::HashSet<String>,
    /// The broker asked to see every empty mandatory field.
    reveal_missing: bool,
    /// More mandatory fields are empty than are listed without asking (counted each frame).
    many_missing: bool,
    /// The widget that had the focus when the goods grid was last drawn.
    grid_focus: Option<egui::Id>,
    /// The goods line whose details (other taxes, other-law codes) show above the grid.
    detail_line: usize,
    /// Adjustment numbers typed for a goods line that are not all 1–5: the line and the text,
    /// kept in the box until corrected.
    refused_refs: Option<(usize, Vec<String>)>,
    /// The line details are to open on the next frame (a finding there was clicked).
    open_details: bool,
    /// A sideways scroll of the goods grid for the next frame (to a focused cell).
    grid_scroll_x: Option<f32>,
    /// A spreadsheet being imported (its preview window is open).
    goods_import: Option<GoodsImport>,
    /// Suggestions from the customer's history for a goods line.
    suggestions: Option<(usize, Vec<crate::domain::history::Suggestion>)>,
    /// Commands asked from parts of the screen that return none, sent at the end of the frame.
    pending: Vec<Command>,
    /// The name being typed for a template (its window is open).
    template_name: Option<String>,
    /// A spreadsheet's path typed on the goods tab.
    goods_path: String,
    /// The electronic dossier's files, with their checks (loaded by the worker).
    pub attachments: Vec<crate::workflow::dossier::AttachmentStatus>,
    /// What the broker types on the dossier tab.
    pub dossier: DossierForm,
    /// A declaration cleared by hand being entered (its window is open).
    manual_entry: Option<manual::ManualEntry>,
    /// The amendment after clearance being prepared (its tab is open).
    pub tax_amendment: Option<TaxAmendmentForm>,
    /// The exercise this declaration is made for (trainee mode), shown beside the form.
    pub exercise: Option<ExerciseSession>,
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
            message_view: None,
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
            touched: std::collections::HashSet::new(),
            reveal_missing: false,
            many_missing: false,
            grid_focus: None,
            detail_line: 0,
            refused_refs: None,
            open_details: false,
            grid_scroll_x: None,
            goods_import: None,
            suggestions: None,
            pending: Vec::new(),
            template_name: None,
            goods_path: String::new(),
            attachments: Vec::new(),
            dossier: DossierForm::default(),
            manual_entry: None,
            tax_amendment: None,
            exercise: None,
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
    fn edited(&mut self, frame: &Frame<'_>) {
        if self.burst_start.is_none() {
            self.burst_start = Some(self.snapshot.clone());
        }
        self.redo.clear();
        self.changed(frame.codes, frame.today, frame.instant);
    }

    /// The declaration changed: unsaved, a new revision (the tax preview recomputes), findings
    /// of the new data.
    fn changed(&mut self, codes: &CodeLists, today: NaiveDate, at: Instant) {
        self.dirty = true;
        self.revision += 1;
        self.last_edit = Some(at);
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

    fn locked(&self, path: &str) -> bool {
        match self.state {
            DraftState::Draft | DraftState::Provisional => false,
            DraftState::Registered if self.amending => {
                crate::domain::fields::locked_in_amendment().contains(&path)
            }
            _ => true,
        }
    }

    /// Draws the editor.
    pub fn show(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        self.composing = hold_keys_while_composing(ui, self.composing);
        self.take_picker_keys(ui);
        // Numbers show in the language's convention: boxes that read are rewritten when it
        // changes; text that cannot be read stays as typed, with its error.
        let mark = DecimalMark::for_vietnamese(frame.language.is_vietnamese());
        if self.buffers_mark != Some(mark) {
            self.buffers.retain(|_, b| b.error.is_some());
            self.buffers_mark = Some(mark);
        }
        self.end_burst_if_paused(frame.instant);
        self.count_missing();
        self.shortcuts(ui, frame, &mut commands);
        let t = |text: Text| text.get(frame.language);
        if self.exercise.is_some() {
            // A window of its own beside the form (a side panel inside the editor's area was
            // drawn over by the form's tab bar and grids in a tryout).
            let ctx = ui.ctx().clone();
            let right = ctx.content_rect().right();
            // Below the top bar, the header and the tab bar (the toolbar stays reachable), over
            // the findings panel's side rather than the form; moved or folded at will.
            egui::Window::new(frame.t(Text::ExerciseWindow))
                .default_pos(egui::pos2(right - 420.0, 190.0))
                .default_width(400.0)
                .default_height(600.0)
                .resizable(true)
                .show(&ctx, |ui| self.exercise_panel(ui, frame));
        }
        self.header(ui, frame, &mut commands);
        ui.separator();
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::General1, Text::TabGeneral1),
                (Tab::General2, Text::TabGeneral2),
                (Tab::Goods, Text::TabGoods),
                (Tab::Taxes, Text::TabTaxes),
                (Tab::Result, Text::TabResult),
                (Tab::Timeline, Text::TabTimeline),
                (Tab::Dossier, Text::TabDossier),
            ] {
                ui.selectable_value(&mut self.tab, tab, t(label));
            }
            if self.tax_amendment.is_some() {
                ui.selectable_value(&mut self.tab, Tab::TaxAmendment, t(Text::TabTaxAmendment));
            }
        });
        ui.separator();
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| self.findings_panel(ui, frame));
        egui::CentralPanel::default().show(ui, |ui| {
            // The goods grid scrolls both ways itself: egui lets only the innermost scroll
            // area follow a focused cell, so it may not sit inside another one.
            if self.tab == Tab::Goods {
                self.goods(ui, frame);
                return;
            }
            // Both ways: a part's row (adjustments at 1024 px) may be wider than the window.
            egui::ScrollArea::both()
                .auto_shrink(false)
                .show(ui, |ui| match self.tab {
                    Tab::General1 => {
                        let list = fields::general_1(self.declaration.direction);
                        self.form(ui, frame, &list);
                        ui.separator();
                        self.lists(ui, frame);
                        ui.separator();
                        ui.strong(frame.t(Text::EntrustingParty));
                        self.optional_part(ui, frame, &parts::ENTRUSTING_PARTY);
                        ui.separator();
                        self.header_part(ui, frame, Text::Permits, &repeats::PERMITS);
                        ui.separator();
                        self.header_part(
                            ui,
                            frame,
                            Text::AttachmentNumbers,
                            &repeats::ATTACHMENT_NUMBERS,
                        );
                    }
                    Tab::General2 => {
                        let list = fields::general_2(self.declaration.direction);
                        self.form(ui, frame, &list);
                        if self.declaration.direction == Direction::Import {
                            ui.separator();
                            ui.strong(frame.t(Text::FreightAndInsurance));
                            self.optional_part(ui, frame, &parts::FREIGHT);
                            self.optional_part(ui, frame, &parts::INSURANCE);
                            ui.separator();
                            self.header_part(ui, frame, Text::Adjustments, &repeats::ADJUSTMENTS);
                        } else {
                            ui.separator();
                            self.optional_part(ui, frame, &parts::EXPORT_TAXABLE_TOTAL);
                        }
                    }
                    Tab::Goods => self.goods(ui, frame),
                    Tab::Taxes => self.taxes(ui, frame),
                    Tab::Result => self.result(ui, frame),
                    Tab::Timeline => self.timeline_view(ui, frame),
                    Tab::Dossier => self.dossier_view(ui, frame),
                    Tab::TaxAmendment => self.tax_amendment_tab(ui, frame),
                });
        });
        self.picker_window(ui, frame);
        self.goods_import_window(ui, frame);
        commands.append(&mut self.pending);
        commands
    }

    fn shortcuts(&mut self, ui: &egui::Ui, frame: &Frame<'_>, commands: &mut Vec<Command>) {
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
            self.undo(frame);
        }
        if redo && self.picker.is_none() {
            self.redo(frame);
        }
    }
}

#[cfg(test)]
mod dossier_tests;
#[cfg(test)]
mod entry_tests;
#[cfg(test)]
mod explanation_tests;
#[cfg(test)]
mod manual_tests;

#[cfg(test)]
mod ime_tests;

#[cfg(test)]
mod goods_import_tests;
#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod message_tests;
#[cfg(test)]
mod parts_tests;
#[cfg(test)]
mod print_tests;
#[cfg(test)]
mod tax_amendment_tests;
