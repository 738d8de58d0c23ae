//! The page model the forms are laid out on: A4 pages of positioned text runs, rules and
//! shaded bands (a display list the PDF writer draws one to one), and [`Sheet`], which fills
//! them top to bottom — titles, boxed label/value grids as on the official form, tables whose
//! rows flow over pages with their heading repeated — and numbers the pages "Trang X/Y".
//!
//! Units: points (1/72 inch), origin at the page's top left, y growing downwards; a text's `y`
//! is its baseline.

use super::fonts::{FontId, Fonts, nfc};

/// A4 width, points (210 mm).
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 height, points (297 mm).
pub const PAGE_HEIGHT: f32 = 841.89;
/// Left, right and top margin, points (12 mm).
pub const MARGIN: f32 = 34.0;
/// Space kept at the bottom for the footer, points.
const FOOTER_SPACE: f32 = 44.0;
/// Width between the margins, points.
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

/// Size of labels in a grid, points.
const LABEL_SIZE: f32 = 6.5;
/// Size of values and table text, points.
const VALUE_SIZE: f32 = 8.0;
/// Size of table text, points.
const TABLE_SIZE: f32 = 7.2;
/// Inner padding of a box, points.
const PAD: f32 = 2.5;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.25;

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A single-line run of text (NFC), its baseline starting at (`x`, `y`).
    Text {
        /// Left edge, points.
        x: f32,
        /// Baseline, points from the top.
        y: f32,
        /// Font size, points.
        size: f32,
        /// The text, NFC, one line.
        text: String,
        /// The font it is shaped and drawn in.
        font: FontId,
        /// Drawn heavier (filled and outlined: the bundled fonts have no bold face).
        bold: bool,
    },
    /// A straight rule from (`x1`, `y1`) to (`x2`, `y2`), `width` points thick.
    Rule {
        /// Start x, points.
        x1: f32,
        /// Start y, points.
        y1: f32,
        /// End x, points.
        x2: f32,
        /// End y, points.
        y2: f32,
        /// Thickness, points.
        width: f32,
    },
    /// A light grey band behind headings: top left (`x`, `y`), `w` × `h` points.
    Shade {
        /// Left, points.
        x: f32,
        /// Top, points.
        y: f32,
        /// Width, points.
        w: f32,
        /// Height, points.
        h: f32,
    },
}

/// One A4 page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// What is drawn, in drawing order.
    pub items: Vec<Item>,
}

impl Page {
    /// The texts on the page, in drawing order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|item| match item {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// How a column's text sits in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    /// Left (text).
    Left,
    /// Right (numbers).
    Right,
    /// Centred (short codes).
    Centre,
}

/// A table column: heading, share of the width (relative), alignment.
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub title: String,
    pub weight: f32,
    pub align: Align,
}

/// A table row.
#[derive(Debug, Clone)]
pub(super) enum Row {
    /// One text per column.
    Cells(Vec<String>),
    /// One text per column, drawn heavier (a total).
    Total(Vec<String>),
    /// Text across the row's width under the row before (a line's taxes), kept on its page.
    Note(String),
}

/// A box of a label/value grid, `span` columns wide.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub label: String,
    pub value: String,
    pub span: usize,
}

impl Cell {
    /// A one-column box.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
            span: 1,
        }
    }

    /// A box `span` columns wide.
    pub fn wide(label: impl Into<String>, value: impl Into<String>, span: usize) -> Self {
        Self {
            span: span.max(1),
            ..Self::new(label, value)
        }
    }
}

/// A count as f32 for layout arithmetic (counts here are small).
fn count(n: usize) -> f32 {
    f32::from(u16::try_from(n).unwrap_or(u16::MAX))
}

/// Fills pages top to bottom; see the module.
pub(super) struct Sheet<'f> {
    fonts: &'f Fonts,
    pages: Vec<Page>,
    /// The cursor: the top of the next thing, points from the page top.
    y: f32,
    /// Printed at the top of every page after the first (the form and its number).
    running: String,
    /// Printed at the bottom left of every page (what printed it, when).
    footer: String,
    /// "Trang" / "Page".
    page_word: &'static str,
}

impl std::fmt::Debug for Sheet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet")
            .field("pages", &self.pages.len())
            .field("y", &self.y)
            .finish_non_exhaustive()
    }
}

impl<'f> Sheet<'f> {
    /// A sheet on its first page.
    pub fn new(fonts: &'f Fonts, running: String, footer: String, page_word: &'static str) -> Self {
        Self {
            fonts,
            pages: vec![Page::default()],
            y: MARGIN,
            running,
            footer,
            page_word,
        }
    }

    fn bottom() -> f32 {
        PAGE_HEIGHT - FOOTER_SPACE
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page, with the running header.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN;
        let running = self.running.clone();
        self.text(MARGIN, self.y + 7.0, 7.0, &running, false);
        self.y += 10.0;
        self.rule(MARGIN, self.y, PAGE_WIDTH - MARGIN, self.y, 0.5);
        self.y += 6.0;
    }

    /// Room for `height` points more on this page, else a new page.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > Self::bottom() {
            self.new_page();
        }
    }

    /// Moves the cursor down.
    pub fn skip(&mut self, height: f32) {
        self.y += height;
    }

    /// Width of `text` at `size`, points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.fonts.width(&nfc(text), size)
    }

    /// A run of text at a baseline (NFC; nothing drawn for empty text).
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str, bold: bool) {
        let text = nfc(text.trim_end());
        if text.is_empty() {
            return;
        }
        let font = self.fonts.choose(&text);
        self.page().items.push(Item::Text {
            x,
            y,
            size,
            text,
            font,
            bold,
        });
    }

    fn aligned(&mut self, left: f32, right: f32, y: f32, size: f32, text: &str, align: Align) {
        let x = match align {
            Align::Left => left,
            Align::Right => right - self.width(text, size),
            Align::Centre => f32::midpoint(left, right) - self.width(text, size) / 2.0,
        };
        self.text(x.max(left), y, size, text, false);
    }

    /// A rule.
    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.page().items.push(Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    fn shade(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.page().items.push(Item::Shade { x, y, w, h });
    }

    fn boxed(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.rule(x, y, x + w, y, 0.4);
        self.rule(x, y + h, x + w, y + h, 0.4);
        self.rule(x, y, x, y + h, 0.4);
        self.rule(x + w, y, x + w, y + h, 0.4);
    }

    /// A centred line of heavy text (a title), then the cursor below it.
    pub fn title(&mut self, text: &str, size: f32) {
        self.ensure(size * 1.6);
        let x = (PAGE_WIDTH - self.width(text, size)) / 2.0;
        self.text(x.max(MARGIN), self.y + size, size, text, true);
        self.y += size * 1.6;
    }

    /// A centred line of plain text.
    pub fn centred(&mut self, text: &str, size: f32) {
        self.ensure(size * 1.5);
        let x = (PAGE_WIDTH - self.width(text, size)) / 2.0;
        self.text(x.max(MARGIN), self.y + size, size, text, false);
        self.y += size * 1.5;
    }

    /// Wrapped plain text across the page.
    pub fn paragraph(&mut self, text: &str, size: f32) {
        for line in self.fonts.wrap(&nfc(text), size, CONTENT_WIDTH) {
            self.ensure(size * LEADING);
            self.text(MARGIN, self.y + size, size, &line, false);
            self.y += size * LEADING;
        }
    }

    /// A section heading: a shaded band with heavy text; kept with `keep` points after it.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let h = 13.0;
        self.ensure(h + keep);
        self.y += 2.0;
        self.shade(MARGIN, self.y, CONTENT_WIDTH, h);
        self.text(MARGIN + PAD, self.y + 9.5, 8.5, text, true);
        self.y += h;
    }

    /// A grid of boxed label/value cells, `columns` to a row (a cell spans `span` of them);
    /// rows never split over pages.
    pub fn grid(&mut self, cells: &[Cell], columns: usize) {
        let columns = columns.max(1);
        let unit = CONTENT_WIDTH / count(columns);
        let mut row: Vec<&Cell> = Vec::new();
        let mut used = 0;
        for cell in cells {
            let span = cell.span.min(columns);
            if used + span > columns {
                self.grid_row(&row, unit);
                row.clear();
                used = 0;
            }
            row.push(cell);
            used += span;
        }
        if !row.is_empty() {
            self.grid_row(&row, unit);
        }
    }

    fn grid_row(&mut self, row: &[&Cell], unit: f32) {
        let laid: Vec<(Vec<String>, Vec<String>, f32)> = row
            .iter()
            .map(|cell| {
                let w = unit * count(cell.span) - 2.0 * PAD;
                (
                    self.fonts.wrap(&nfc(&cell.label), LABEL_SIZE, w),
                    self.fonts.wrap(&nfc(&cell.value), VALUE_SIZE, w),
                    unit * count(cell.span),
                )
            })
            .collect();
        let height = laid
            .iter()
            .map(|(label, value, _)| {
                2.0 * PAD
                    + count(label.len()) * LABEL_SIZE * LEADING
                    + count(value.len()) * VALUE_SIZE * LEADING
            })
            .fold(0.0, f32::max);
        self.ensure(height);
        let top = self.y;
        let mut x = MARGIN;
        for (label, value, w) in laid {
            self.boxed(x, top, w, height);
            let mut y = top + PAD;
            for line in &label {
                y += LABEL_SIZE * LEADING;
                self.text(x + PAD, y - 1.5, LABEL_SIZE, line, false);
            }
            for line in &value {
                y += VALUE_SIZE * LEADING;
                self.text(x + PAD, y - 2.0, VALUE_SIZE, line, false);
            }
            x += w;
        }
        self.y = top + height;
    }

    /// A table: the heading row, then the rows, flowing over pages with the heading repeated;
    /// a row and the notes right after it stay on one page.
    pub fn table(&mut self, columns: &[Column], rows: &[Row]) {
        let total: f32 = columns.iter().map(|c| c.weight).sum();
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| CONTENT_WIDTH * c.weight / total.max(f32::EPSILON))
            .collect();
        self.table_heading(columns, &widths, 0.0);
        let mut i = 0;
        while i < rows.len() {
            // A row with the notes that follow it.
            let mut end = i + 1;
            while end < rows.len() && matches!(rows[end], Row::Note(_)) {
                end += 1;
            }
            let heights: Vec<f32> = rows[i..end]
                .iter()
                .map(|row| self.row_height(row, columns, &widths))
                .collect();
            let group: f32 = heights.iter().sum();
            if self.y + group > Self::bottom() {
                self.new_page();
                self.table_heading(columns, &widths, 0.0);
            }
            for (row, height) in rows[i..end].iter().zip(heights) {
                self.table_row(row, columns, &widths, height);
            }
            i = end;
        }
    }

    fn table_heading(&mut self, columns: &[Column], widths: &[f32], keep: f32) {
        let lines: Vec<Vec<String>> = columns
            .iter()
            .zip(widths)
            .map(|(c, w)| self.fonts.wrap(&nfc(&c.title), 6.5, w - 2.0 * PAD))
            .collect();
        let most = lines.iter().map(Vec::len).max().unwrap_or(1);
        let height = 2.0 * PAD + count(most) * 6.5 * LEADING;
        self.ensure(height + keep + 12.0);
        let top = self.y;
        self.shade(MARGIN, top, CONTENT_WIDTH, height);
        let mut x = MARGIN;
        for ((column, w), lines) in columns.iter().zip(widths).zip(lines) {
            self.boxed(x, top, *w, height);
            let mut y = top + PAD;
            for line in lines {
                y += 6.5 * LEADING;
                let left = x + PAD;
                let right = x + w - PAD;
                let at = match column.align {
                    Align::Left => left,
                    _ => f32::midpoint(left, right) - self.width(&line, 6.5) / 2.0,
                };
                self.text(at.max(left), y - 1.5, 6.5, &line, true);
            }
            x += w;
        }
        self.y = top + height;
    }

    fn wrapped_cells(&self, cells: &[String], widths: &[f32]) -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(widths)
            .map(|(text, w)| self.fonts.wrap(&nfc(text), TABLE_SIZE, w - 2.0 * PAD))
            .collect()
    }

    fn row_height(&self, row: &Row, _columns: &[Column], widths: &[f32]) -> f32 {
        let lines = match row {
            Row::Cells(cells) | Row::Total(cells) => self
                .wrapped_cells(cells, widths)
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1),
            Row::Note(text) => self
                .fonts
                .wrap(&nfc(text), TABLE_SIZE - 0.5, CONTENT_WIDTH - 6.0 * PAD)
                .len(),
        };
        2.0 * PAD + count(lines) * TABLE_SIZE * LEADING
    }

    fn table_row(&mut self, row: &Row, columns: &[Column], widths: &[f32], height: f32) {
        let top = self.y;
        match row {
            Row::Cells(cells) | Row::Total(cells) => {
                let bold = matches!(row, Row::Total(_));
                let wrapped = self.wrapped_cells(cells, widths);
                let mut x = MARGIN;
                for ((column, w), lines) in columns.iter().zip(widths).zip(wrapped) {
                    self.boxed(x, top, *w, height);
                    let mut y = top + PAD;
                    for line in lines {
                        y += TABLE_SIZE * LEADING;
                        if bold {
                            let at = match column.align {
                                Align::Right => x + w - PAD - self.width(&line, TABLE_SIZE),
                                _ => x + PAD,
                            };
                            self.text(at, y - 2.0, TABLE_SIZE, &line, true);
                        } else {
                            self.aligned(
                                x + PAD,
                                x + w - PAD,
                                y - 2.0,
                                TABLE_SIZE,
                                &line,
                                column.align,
                            );
                        }
                    }
                    x += w;
                }
            }
            Row::Note(text) => {
                self.boxed(MARGIN, top, CONTENT_WIDTH, height);
                let size = TABLE_SIZE - 0.5;
                let mut y = top + PAD;
                for line in self.fonts.wrap(&nfc(text), size, CONTENT_WIDTH - 6.0 * PAD) {
                    y += TABLE_SIZE * LEADING;
                    self.text(MARGIN + 4.0 * PAD, y - 2.0, size, &line, false);
                }
            }
        }
        self.y = top + height;
    }

    /// The pages, each with its footer: a rule, `footer` on the left, "Trang X/Y" on the right.
    pub fn finish(mut self) -> Vec<Page> {
        let total = self.pages.len();
        let footer = std::mem::take(&mut self.footer);
        let page_word = self.page_word;
        let fonts = self.fonts;
        let mut pages = std::mem::take(&mut self.pages);
        for (index, page) in pages.iter_mut().enumerate() {
            // The rule 10 pt below the last content, the text 9 pt below the rule.
            let y = PAGE_HEIGHT - FOOTER_SPACE + 19.0;
            page.items.push(Item::Rule {
                x1: MARGIN,
                y1: y - 9.0,
                x2: PAGE_WIDTH - MARGIN,
                y2: y - 9.0,
                width: 0.5,
            });
            for (x, text) in [
                (MARGIN, nfc(&footer)),
                (0.0, format!("{page_word} {}/{total}", index + 1)),
            ] {
                if text.is_empty() {
                    continue;
                }
                let x = if x > 0.0 {
                    x
                } else {
                    PAGE_WIDTH - MARGIN - fonts.width(&text, 7.0)
                };
                page.items.push(Item::Text {
                    x,
                    y,
                    size: 7.0,
                    font: fonts.choose(&text),
                    text,
                    bold: false,
                });
            }
        }
        pages
    }
}
