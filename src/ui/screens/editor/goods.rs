//! The goods grid: up to [`MAX_LINES`] lines, each cell an editor of its column; add, duplicate,
//! move and delete lines (typed text follows its line).

use eframe::egui;
use rust_decimal::Decimal;

use super::findings::finding_line;
use super::inputs::{Slots, edit_value};
use super::{EditorState, Frame, MAX_LINES};
use crate::domain::GoodsLine;
use crate::domain::entry::{self, DecimalMark};
use crate::rules::Severity;
use crate::ui::fields;
use crate::ui::i18n::Text;

impl EditorState {
    #[allow(clippy::too_many_lines)] // One table: header, cells, row actions, as they appear.
    pub(super) fn goods(&mut self, ui: &mut egui::Ui, frame: &Frame<'_>) {
        let t = |text: Text| text.get(frame.language);
        let locked = self.locked("goods");
        let count = self.declaration.goods.len();
        // The spreadsheet tools on their own row, wrapping on a narrow window: the grid below
        // keeps the window's width.
        ui.horizontal_wrapped(|ui| self.goods_file_buttons(ui, frame, locked));
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
                self.edited(frame);
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
                    DecimalMark::for_vietnamese(frame.language.is_vietnamese())
                )
            ));
        });
        self.line_details(ui, frame);
        let columns = fields::goods_columns();
        let mut header_ids: Vec<egui::Id> = Vec::new();
        let mut action: Option<(usize, LineAction)> = None;
        let mut changed_line = false;
        let row_height = 26.0;
        // The line's buttons come first, so they stay in reach however narrow the window; the
        // grid scrolls sideways when its columns do not fit.
        let mut area = egui::ScrollArea::both()
            .id_salt("goods-grid")
            .auto_shrink(false)
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible);
        if let Some(x) = self.grid_scroll_x.take() {
            area = area.horizontal_scroll_offset(x);
        }
        let output = area.show(ui, |ui| {
            egui_extras::TableBuilder::new(ui)
                .vscroll(false)
                .striped(true)
                .column(egui_extras::Column::exact(32.0))
                .column(egui_extras::Column::exact(150.0))
                .columns(egui_extras::Column::auto(), columns.len())
                .header(22.0, |mut header| {
                    header.col(|ui| {
                        ui.strong("#");
                    });
                    header.col(|ui| {
                        ui.strong(t(Text::ColumnActions));
                    });
                    for column in &columns {
                        header.col(|ui| {
                            let path = format!("goods.{}", column.name);
                            header_ids.push(ui.strong(self.label_of(&path, frame.language)).id);
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, count, |mut row| {
                        let index = row.index();
                        row.col(|ui| {
                            ui.label(format!("{}", index + 1));
                        });
                        row.col(|ui| {
                            ui.add_enabled_ui(!locked, |ui| {
                                ui.horizontal(|ui| {
                                    // Each button only where it does something (no "+" at
                                    // 50 lines, no ↑ on the first, ↓ on the last, × on the only).
                                    for (symbol, hint, line_action, possible) in [
                                        (
                                            "+",
                                            Text::DuplicateLine,
                                            LineAction::Duplicate,
                                            count < MAX_LINES,
                                        ),
                                        ("↑", Text::MoveUp, LineAction::Up, index > 0),
                                        ("↓", Text::MoveDown, LineAction::Down, index + 1 < count),
                                        ("×", Text::DeleteLine, LineAction::Delete, count > 1),
                                    ] {
                                        let button = egui::Button::new(symbol).small();
                                        if ui
                                            .add_enabled(possible, button)
                                            .on_hover_text(t(hint))
                                            .clicked()
                                        {
                                            action = Some((index, line_action));
                                        }
                                    }
                                })
                            });
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
                                // Side by side: a mark beside the box, never under it (a
                                // taller row would move every row below).
                                ui.horizontal(|ui| {
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
                                                frame,
                                            ) {
                                                self.touched.insert(path.clone());
                                                changed_line = true;
                                            }
                                        }
                                    });
                                    if has_error {
                                        ui.colored_label(egui::Color32::from_rgb(200, 40, 40), "!");
                                    }
                                });
                            });
                        }
                    });
                });
            ui.add_space(6.0);
            for f in self
                .findings
                .iter()
                .filter(|f| f.path.starts_with("goods") && self.visible(f))
                .take(20)
            {
                finding_line(ui, f, frame.language);
            }
        });
        self.follow_focus(ui, &output);
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
                changed_line = true;
            }
        }
        if changed_line {
            self.edited(frame);
        }
    }
}

impl EditorState {
    /// The table inside the grid's scroll area is itself a scroll area, which swallows the
    /// request of a focused cell to be scrolled to: when the focus moves to a cell outside the
    /// visible columns, the grid is scrolled sideways on the next frame.
    fn follow_focus(&mut self, ui: &egui::Ui, output: &egui::scroll_area::ScrollAreaOutput<()>) {
        let focused = ui.memory(egui::Memory::focused);
        if focused == self.grid_focus {
            return;
        }
        self.grid_focus = focused;
        let Some(cell) = focused.and_then(|id| ui.ctx().read_response(id)) else {
            return;
        };
        let view = output.inner_rect;
        if !view.y_range().contains(cell.rect.center().y) {
            return;
        }
        let margin = 16.0;
        let shift = if cell.rect.right() > view.right() {
            cell.rect.right() - view.right() + margin
        } else if cell.rect.left() < view.left() {
            cell.rect.left() - view.left() - margin
        } else {
            return;
        };
        let most = (output.content_size.x - view.width()).max(0.0);
        let x = (output.state.clamped_offset().x + shift).clamp(0.0, most);
        self.grid_scroll_x = Some(x);
        ui.ctx().request_repaint();
    }
}

/// Where a box's key goes when `action` is done on goods line `index`: `goods[j].…` follows
/// its line (`None`: the line was deleted); header keys stay.
pub(super) fn moved_key(key: &str, action: LineAction, index: usize) -> Option<String> {
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
pub(super) enum LineAction {
    Duplicate,
    Up,
    Down,
    Delete,
}
