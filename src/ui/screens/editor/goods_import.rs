//! The goods tab's spreadsheet work: import lines from Excel or CSV through a preview window
//! (the sheet, the header row, each column's field — chosen by the broker where the heading
//! says nothing —, every cell that cannot be read, the lines read, append or replace), export
//! them, write the template; and "fill from history" for one line. The file is read and the
//! mapping remembered by the worker; this screen only shows and applies (pure
//! [`crate::goods_sheet::apply`]).

use std::path::PathBuf;

use eframe::egui;

use super::{EditorState, Frame};
use crate::domain::entry::{DecimalMark, format_number};
use crate::domain::history::{self, Suggestion};
use crate::domain::text::Bilingual;
use crate::goods_sheet::columns::{Column, columns};
use crate::goods_sheet::{ColumnSpec, Mapping, Mode, Preview, apply};
use crate::sheets::CellRef;
use crate::ui::command::Command;
use crate::ui::dialogs::Browse;
use crate::ui::i18n::Text;

/// A spreadsheet being imported: what was read with which mapping.
#[derive(Debug, Clone)]
pub struct GoodsImport {
    /// The file.
    pub file: PathBuf,
    /// The mapping used.
    pub mapping: Mapping,
    /// The preview, or why the file cannot be taken.
    pub result: Result<Preview, Bilingual>,
    /// The workbook's sheets (for choosing another).
    pub sheet_names: Vec<String>,
    /// Append or replace.
    pub mode: Mode,
}

/// Lines shown in the preview window (all are imported).
const SHOWN_LINES: usize = 30;

impl EditorState {
    /// Shows a preview the worker made.
    pub fn set_goods_import(&mut self, import: GoodsImport) {
        self.goods_import = Some(import);
    }

    /// Shows suggestions for goods line `line` from the customer's accepted declarations.
    pub fn set_suggestions(&mut self, line: usize, suggestions: Vec<Suggestion>) {
        self.suggestions = Some((line, suggestions));
    }

    /// The customer whose spreadsheets and history these are: the declarant's tax code.
    pub(super) fn customer(&self) -> String {
        self.declaration
            .declarant
            .tax_code
            .clone()
            .unwrap_or_default()
    }

    /// The goods tab's spreadsheet buttons.
    pub(super) fn goods_file_buttons(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        locked: bool,
    ) {
        if ui
            .add_enabled(!locked, egui::Button::new(frame.t(Text::ImportGoods)))
            .on_hover_text(frame.t(Text::ImportGoodsHint))
            .clicked()
        {
            self.pending.push(Command::Browse(Browse::GoodsFile));
        }
        if ui
            .add_enabled(
                !self.declaration.goods.is_empty(),
                egui::Button::new(frame.t(Text::ExportGoods)),
            )
            .clicked()
        {
            self.pending
                .push(Command::ExportGoods(Box::new(self.declaration.clone())));
        }
        if ui.button(frame.t(Text::GoodsTemplate)).clicked() {
            self.pending
                .push(Command::GoodsTemplate(self.declaration.direction));
        }
        // Where the system's file dialog cannot open (no desktop portal), a path typed works.
        let label = ui.label(frame.t(Text::GoodsFilePath)).id;
        ui.add(
            egui::TextEdit::singleline(&mut self.goods_path)
                .hint_text(frame.t(Text::GoodsFileHint))
                .desired_width(200.0),
        )
        .labelled_by(label);
        let path = self.goods_path.trim().to_owned();
        if ui
            .add_enabled(
                !locked && !path.is_empty(),
                egui::Button::new(frame.t(Text::ReadGoodsFile)),
            )
            .clicked()
        {
            self.pending.push(Command::PreviewGoods {
                file: PathBuf::from(path),
                direction: self.declaration.direction,
                customer: self.customer(),
                mapping: None,
            });
        }
        // A declaration opened with more lines than one may have: split it here.
        let count = self.declaration.goods.len();
        if count > crate::domain::MAX_GOODS_LINES && !locked {
            let parts = count.div_ceil(crate::domain::MAX_GOODS_LINES);
            let label = format!("{} ({parts})", frame.t(Text::SplitIntoDrafts));
            if ui
                .button(label)
                .on_hover_text(frame.t(Text::SplitHint))
                .clicked()
            {
                self.pending.push(Command::SplitInvoice {
                    whole: Box::new(self.declaration.clone()),
                    first: self.id,
                });
            }
        }
    }

    /// The preview window, while a file is being imported.
    pub(super) fn goods_import_window(&mut self, ui: &egui::Ui, frame: &Frame<'_>) {
        let Some(mut import) = self.goods_import.take() else {
            return;
        };
        let mut open = true;
        let mut decision: Option<bool> = None;
        let mut again: Option<Mapping> = None;
        let mut split = false;
        egui::Window::new(frame.t(Text::ImportGoodsTitle))
            .open(&mut open)
            .collapsible(false)
            .default_width(760.0)
            .show(ui.ctx(), |ui| {
                ui.label(import.file.display().to_string());
                again = import_settings(ui, frame, &import);
                ui.separator();
                match &import.result {
                    Err(message) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            message.pick(frame.language.is_vietnamese()),
                        );
                    }
                    Ok(preview) => {
                        if let Some(mapping) = self.column_choices(ui, frame, &import, preview) {
                            again = Some(mapping);
                        }
                        ui.separator();
                        preview_body(ui, frame, preview, self.declaration.direction);
                        split = self.split_offer(ui, frame, &import, preview);
                    }
                }
                ui.separator();
                ui.horizontal(|ui| {
                    ui.radio_value(&mut import.mode, Mode::Append, frame.t(Text::ImportAppend));
                    ui.radio_value(
                        &mut import.mode,
                        Mode::Replace,
                        frame.t(Text::ImportReplace),
                    );
                });
                ui.horizontal(|ui| {
                    let count = import.result.as_ref().map_or(0, |p| p.lines.len());
                    let clean = import.result.as_ref().is_ok_and(Preview::is_clean);
                    let label = format!("{} ({count})", frame.t(Text::ImportLines));
                    if ui
                        .add_enabled(clean && !self.locked("goods"), egui::Button::new(label))
                        .clicked()
                    {
                        decision = Some(true);
                    }
                    if ui.button(frame.t(Text::ImportCancel)).clicked() {
                        decision = Some(false);
                    }
                });
            });
        if let Some(mapping) = again {
            self.pending.push(Command::PreviewGoods {
                file: import.file.clone(),
                direction: self.declaration.direction,
                customer: self.customer(),
                mapping: Some(mapping),
            });
        }
        if split {
            return;
        }
        match decision {
            Some(true) => self.take_import(&import, frame),
            None if open => self.goods_import = Some(import),
            Some(false) | None => {}
        }
    }

    /// The lines go into the declaration (undoable as any edit); the mapping is remembered for
    /// the customer.
    fn take_import(&mut self, import: &GoodsImport, frame: &Frame<'_>) {
        let Ok(preview) = &import.result else {
            return;
        };
        match apply(&self.declaration, preview, import.mode) {
            Ok(declaration) => {
                self.declaration = declaration;
                // Text typed into the old lines' cells belongs to lines that moved or went.
                self.buffers.retain(|path, _| !path.starts_with("goods["));
                self.edited(frame);
                self.pending.push(Command::RememberGoodsMapping {
                    customer: self.customer(),
                    mapping: import.mapping.clone(),
                });
            }
            Err(e) => {
                let mut kept = import.clone();
                kept.result = Err(e.message());
                self.goods_import = Some(kept);
            }
        }
    }

    /// Each heading of the header row with the field it goes into; choosing another makes the
    /// mapping explicit (every column by letter).
    fn column_choices(
        &self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        import: &GoodsImport,
        preview: &Preview,
    ) -> Option<Mapping> {
        let direction = self.declaration.direction;
        let vietnamese = frame.language.is_vietnamese();
        let all = columns(direction);
        let mut headings: Vec<(u32, String, Option<Column>)> = preview
            .columns
            .iter()
            .map(|(c, col)| (*col, String::new(), Some(*c)))
            .chain(
                preview
                    .unmapped
                    .iter()
                    .map(|(col, h)| (*col, h.clone(), None)),
            )
            .collect();
        headings.sort_by_key(|(col, _, _)| *col);
        let mut chosen: Option<(u32, Option<Column>)> = None;
        ui.strong(frame.t(Text::ColumnMapping));
        egui::ScrollArea::vertical()
            .id_salt("import-columns")
            .max_height(160.0)
            .show(ui, |ui| {
                egui::Grid::new("import-columns-grid")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (col, heading, current) in &headings {
                            let letters = CellRef::column_letters(*col);
                            let label = ui.label(format!("{letters} {heading}")).id;
                            let shown = current.map_or_else(
                                || frame.t(Text::NotUsed).to_owned(),
                                |c| c.heading(direction, vietnamese),
                            );
                            egui::ComboBox::from_id_salt(("import-column", *col))
                                .width(320.0)
                                .selected_text(shown)
                                .show_ui(ui, |ui| {
                                    if ui
                                        .selectable_label(current.is_none(), frame.t(Text::NotUsed))
                                        .clicked()
                                    {
                                        chosen = Some((*col, None));
                                    }
                                    for c in &all {
                                        let on = current.is_some_and(|x| x.key() == c.key());
                                        if ui
                                            .selectable_label(on, c.heading(direction, vietnamese))
                                            .clicked()
                                        {
                                            chosen = Some((*col, Some(*c)));
                                        }
                                    }
                                })
                                .response
                                .labelled_by(label);
                            ui.end_row();
                        }
                    });
            });
        let (col, field) = chosen?;
        let mut mapping = import.mapping.clone();
        mapping.sheet = Some(preview.sheet.clone());
        mapping.header_row = Some(preview.header_row + 1);
        mapping.only_listed = true;
        mapping.columns = preview
            .columns
            .iter()
            .filter(|(c, at)| *at != col && field.is_none_or(|f| f.key() != c.key()))
            .map(|(c, at)| {
                (
                    c.key().to_owned(),
                    ColumnSpec::Letter(CellRef::column_letters(*at)),
                )
            })
            .collect();
        if let Some(f) = field {
            mapping.columns.push((
                f.key().to_owned(),
                ColumnSpec::Letter(CellRef::column_letters(col)),
            ));
        }
        Some(mapping)
    }

    /// More lines than one declaration takes: the invoice is offered to be split into drafts
    /// of at most 50 lines (this declaration becomes the first). Whether it was chosen.
    fn split_offer(
        &mut self,
        ui: &mut egui::Ui,
        frame: &Frame<'_>,
        import: &GoodsImport,
        preview: &Preview,
    ) -> bool {
        let kept = match import.mode {
            Mode::Append => self.declaration.goods.len(),
            Mode::Replace => 0,
        };
        let total = kept + preview.lines.len();
        if total <= crate::domain::MAX_GOODS_LINES || !preview.is_clean() || self.locked("goods") {
            return false;
        }
        let parts = total.div_ceil(crate::domain::MAX_GOODS_LINES);
        ui.separator();
        ui.label(format!("{}: {total}", frame.t(Text::SplitNeeded)));
        let label = format!("{} ({parts})", frame.t(Text::SplitIntoDrafts));
        if !ui
            .button(label)
            .on_hover_text(frame.t(Text::SplitHint))
            .clicked()
        {
            return false;
        }
        let mut whole = self.declaration.clone();
        if import.mode == Mode::Replace {
            whole.goods.clear();
        }
        whole
            .goods
            .extend(preview.lines.iter().map(|l| l.line.clone()));
        self.pending.push(Command::SplitInvoice {
            whole: Box::new(whole),
            first: self.id,
        });
        self.pending.push(Command::RememberGoodsMapping {
            customer: self.customer(),
            mapping: import.mapping.clone(),
        });
        true
    }

    /// Suggestions for the line whose details are open: ask, then pick one.
    pub(super) fn history_row(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>, line: usize) {
        let goods = &self.declaration.goods[line];
        let query = goods
            .own_code
            .clone()
            .filter(|c| !c.trim().is_empty())
            .or_else(|| goods.description.clone())
            .unwrap_or_default();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !query.trim().is_empty() && !self.locked("goods"),
                    egui::Button::new(frame.t(Text::FillFromHistory)),
                )
                .on_hover_text(frame.t(Text::FillFromHistoryHint))
                .clicked()
            {
                self.pending.push(Command::Suggest {
                    line,
                    customer: self.customer(),
                    query,
                });
            }
        });
        let Some((for_line, suggestions)) = self.suggestions.clone() else {
            return;
        };
        if for_line != line {
            return;
        }
        if suggestions.is_empty() {
            ui.label(frame.t(Text::NoHistory));
            return;
        }
        for s in &suggestions {
            let text = format!(
                "{} · {} · {} · {}× ",
                s.line.hs_code.as_deref().unwrap_or("—"),
                s.line.description.as_deref().unwrap_or("—"),
                s.line.quantity.unit.as_deref().unwrap_or("—"),
                s.times
            );
            if ui.button(text).clicked() {
                history::fill(&mut self.declaration.goods[line], s);
                self.buffers
                    .retain(|path, _| !path.starts_with(&format!("goods[{line}]")));
                self.suggestions = None;
                self.edited(frame);
            }
        }
    }
}

/// What was read: the problems first, then notes, then the lines.
fn preview_body(
    ui: &mut egui::Ui,
    frame: &Frame<'_>,
    preview: &Preview,
    direction: crate::domain::Direction,
) {
    let vietnamese = frame.language.is_vietnamese();
    let mark = DecimalMark::for_vietnamese(vietnamese);
    ui.label(format!(
        "{}: {} · {}: {}",
        frame.t(Text::LinesRead),
        preview.lines.len(),
        frame.t(Text::CellProblems),
        preview.problems.len()
    ));
    egui::ScrollArea::vertical()
        .id_salt("import-preview")
        .max_height(260.0)
        .show(ui, |ui| {
            for c in &preview.missing {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{}: {}",
                        frame.t(Text::MissingColumn),
                        c.heading(direction, vietnamese)
                    ),
                );
            }
            for p in &preview.problems {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("{}: {}", p.at, p.message.pick(vietnamese)),
                );
            }
            for n in &preview.notes {
                ui.label(format!("{}: {}", n.at, n.message.pick(vietnamese)));
            }
            if !preview.blank_rows.is_empty() {
                ui.label(format!(
                    "{}: {}",
                    frame.t(Text::BlankRowsSkipped),
                    preview.blank_rows_text()
                ));
            }
            for (row, _) in &preview.total_rows {
                ui.label(format!("{}: {}", frame.t(Text::TotalRowSkipped), row + 1));
            }
            egui::Grid::new("import-lines")
                .striped(true)
                .show(ui, |ui| {
                    for head in [
                        Text::PreviewRow,
                        Text::PreviewHs,
                        Text::PreviewDescription,
                        Text::PreviewQuantity,
                        Text::PreviewValue,
                    ] {
                        ui.strong(frame.t(head));
                    }
                    ui.end_row();
                    for l in preview.lines.iter().take(SHOWN_LINES) {
                        ui.label((l.row + 1).to_string());
                        ui.label(l.line.hs_code.as_deref().unwrap_or(""));
                        ui.label(l.line.description.as_deref().unwrap_or(""));
                        ui.label(format!(
                            "{} {}",
                            l.line
                                .quantity
                                .amount
                                .map(|q| format_number(q, mark))
                                .unwrap_or_default(),
                            l.line.quantity.unit.as_deref().unwrap_or("")
                        ));
                        ui.label(
                            l.line
                                .invoice_value
                                .map(|v| format_number(v, mark))
                                .unwrap_or_default(),
                        );
                        ui.end_row();
                    }
                });
            if preview.lines.len() > SHOWN_LINES {
                ui.label(format!("… +{}", preview.lines.len() - SHOWN_LINES));
            }
        });
}

/// Sheet, header row and number convention; a changed one asks for a new preview.
fn import_settings(ui: &mut egui::Ui, frame: &Frame<'_>, import: &GoodsImport) -> Option<Mapping> {
    let mut mapping = import.mapping.clone();
    let shown_sheet = match &import.result {
        Ok(p) => p.sheet.clone(),
        Err(_) => mapping.sheet.clone().unwrap_or_default(),
    };
    let mut header_row = match &import.result {
        Ok(p) => p.header_row + 1,
        Err(_) => mapping.header_row.unwrap_or(1),
    };
    let mut changed = false;
    ui.horizontal(|ui| {
        let label = ui.label(frame.t(Text::Sheet)).id;
        egui::ComboBox::from_id_salt("import-sheet")
            .selected_text(&shown_sheet)
            .show_ui(ui, |ui| {
                for name in &import.sheet_names {
                    if ui.selectable_label(*name == shown_sheet, name).clicked() {
                        mapping.sheet = Some(name.clone());
                        mapping.header_row = None;
                        changed = true;
                    }
                }
            })
            .response
            .labelled_by(label);
        let label = ui.label(frame.t(Text::HeaderRow)).id;
        if ui
            .add(egui::DragValue::new(&mut header_row).range(1..=1000))
            .labelled_by(label)
            .changed()
        {
            mapping.header_row = Some(header_row);
            changed = true;
        }
        if ui
            .checkbox(
                &mut mapping.vietnamese_numbers,
                frame.t(Text::VietnameseNumbers),
            )
            .changed()
        {
            changed = true;
        }
    });
    changed.then_some(mapping)
}
