//! The editors of one value: text and code boxes (kept in composed Unicode), number and date boxes
//! that read the language's convention and keep unreadable text with its error, and the input
//! method guard.

use std::collections::HashMap;

use chrono::NaiveDate;
use eframe::egui;
use unicode_normalization::UnicodeNormalization as _;

use super::Frame;
use super::picker::Picker;
use crate::codes::TableId;
use crate::domain::entry::{self, DecimalMark, EntryError, Precision};
use crate::domain::{Direction, field_label};
use crate::ui::fields::{Kind, Value};
use crate::ui::i18n::{Language, Text};

/// A number or date box's text as typed, and why it cannot be read, if it cannot.
#[derive(Debug, Default)]
pub(super) struct Buffer {
    pub(super) text: String,
    pub(super) error: Option<EntryError>,
}

/// The editor's parts a field editor needs, borrowed apart from the declaration.
pub(super) struct Slots<'a> {
    pub(super) buffers: &'a mut HashMap<String, Buffer>,
    pub(super) picker: &'a mut Option<Picker>,
    pub(super) focus: &'a mut Option<String>,
}

/// Draws one value editor, labelled for accessibility by `label`; returns whether it changed.
pub(super) fn edit_value(
    ui: &mut egui::Ui,
    path: &str,
    kind: Kind,
    value: Value<'_>,
    slots: Slots<'_>,
    label: Option<egui::Id>,
    frame: &Frame<'_>,
) -> bool {
    let Slots {
        buffers,
        picker,
        focus,
    } = slots;
    let id = ("field", path);
    let entries = path.matches('[').count();
    let width = if entries > usize::from(path.starts_with("goods[")) {
        // An entry of a repeated part (a permit, an adjustment, a line's other tax): a row of
        // several boxes.
        150.0
    } else if path.starts_with("goods[") {
        // Room is left for the red mark of a refused value beside the box.
        (ui.available_width() - 14.0).max(50.0)
    } else {
        // Wide enough for a company name or an address (VNACCS allows 100–300 characters).
        360.0
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
            let response = text_box(ui, text, id, width);
            let changed = response.changed();
            if changed {
                let trimmed = text.trim();
                // VNACCS codes are capitals: `usd` is kept as USD (the box shows what was typed).
                *slot = (!trimmed.is_empty()).then(|| match kind {
                    Kind::Code(_) => text.nfc().collect::<String>().to_uppercase(),
                    _ => text.nfc().collect(),
                });
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
                        *picker = Some(Picker::new(path, table, text.clone()));
                    }
                }
                code_hint(ui, path, table, text.trim(), &response, frame);
            }
            (response, changed)
        }
        Value::Date(slot) => edit_date(ui, id, path, slot, buffers, width, frame),
        Value::Decimal(slot) => {
            let precision = match kind {
                Kind::Decimal(precision) => precision,
                _ => Precision::VALUE,
            };
            let mark = DecimalMark::for_vietnamese(frame.language.is_vietnamese());
            edit_entry(
                ui,
                id,
                slot,
                buffers.entry(path.to_owned()),
                width.min(140.0),
                |text| entry::parse_number(text, mark, precision),
                |value| entry::format_number(value, mark),
                frame.language,
            )
        }
    };
    // Enter moves on to the next field, as Tab does. The key press is used up here: the widget
    // that gets the focus (in the goods grid, a line's "+" button) must not take the same press
    // as a click, which would duplicate the line.
    if response.lost_focus() && picker.is_none() {
        let entered = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
        if entered {
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
        }
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
pub(super) fn code_hint(
    ui: &mut egui::Ui,
    path: &str,
    table: TableId,
    code: &str,
    response: &egui::Response,
    frame: &Frame<'_>,
) {
    let entry = frame.codes.table(table).get(code);
    let vietnamese = frame.language.is_vietnamese();
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
                    Text::UnknownCode.get(frame.language),
                );
            }
        }
    }
}

/// A date box with its calendar button.
pub(super) fn edit_date(
    ui: &mut egui::Ui,
    id: (&str, &str),
    path: &str,
    slot: &mut Option<NaiveDate>,
    buffers: &mut HashMap<String, Buffer>,
    width: f32,
    frame: &Frame<'_>,
) -> (egui::Response, bool) {
    let (response, mut changed) = edit_entry(
        ui,
        id,
        slot,
        buffers.entry(path.to_owned()),
        width.min(120.0),
        entry::parse_date,
        entry::format_date,
        frame.language,
    );
    let name = [Direction::Import, Direction::Export]
        .into_iter()
        .find_map(|d| field_label(path, d))
        .map_or(path, |l| frame.language.pick(l.vi, l.en));
    if crate::ui::date_picker::date_button(ui, id, name, slot, frame.today, frame.language) {
        // The box shows the picked date (and forgets any text that did not read).
        buffers.remove(path);
        changed = true;
    }
    (response, changed)
}

/// A one-line box `width` points wide from its first frame. Reached with the keyboard (Tab,
/// Enter) it selects its text, so what is typed replaces the value, as in a spreadsheet — not
/// `450` after `450`; and it scrolls into view (the goods grid is wider than the window).
fn text_box(ui: &mut egui::Ui, text: &mut String, id: (&str, &str), width: f32) -> egui::Response {
    let mut output = egui::TextEdit::singleline(text)
        .id_salt(id)
        .desired_width(width)
        .min_size(egui::vec2(width, 0.0))
        .show(ui);
    let response = output.response.response.clone();
    if response.gained_focus() && !ui.input(|i| i.pointer.any_pressed()) {
        let all = egui::text::CCursorRange::select_all(&output.galley);
        output.state.cursor.set_char_range(Some(all));
        output.state.store(ui.ctx(), response.id);
        response.scroll_to_me(None);
    }
    response
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
pub(super) fn hold_keys_while_composing(ui: &egui::Ui, composing: bool) -> bool {
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
pub(super) fn edit_entry<T: Copy>(
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
    let response = text_box(ui, &mut buffer.text, id, width);
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
    let mut response = response;
    if let Some(error) = &buffer.error {
        let message = error.message();
        let message = message.pick(language.is_vietnamese());
        if id.1.starts_with("goods[") {
            // In the goods grid a message would make its row tall and move every row below
            // under the pointer: a red mark, the message on hover and in the findings.
            response = response.on_hover_text(message);
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), "!")
                .on_hover_text(message);
        } else {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), message);
        }
    }
    (response, changed)
}
