//! Type-ahead across boxes: what a fast typist or a barcode scanner types after an Enter or a
//! Tab often reaches the window in the same frame as that key. egui would hand it to the box
//! being left (`NAME12345`) or to no box at all (the keys are lost). Before egui reads a frame's
//! input, everything after the first Enter or Tab is held back, and given to a later frame once
//! the focus has left the box it was typed after (or after a few frames, whatever happened).

use eframe::egui;

/// Frames to wait for the focus to move before the held input is given anyway.
const MOST_FRAMES: u8 = 4;

/// Input held back for a later frame.
#[derive(Debug, Default)]
pub struct TypeAhead {
    events: Vec<egui::Event>,
    /// The widget that had the focus when the input was held back.
    from: Option<egui::Id>,
    frames: u8,
}

impl TypeAhead {
    /// Rewrites this frame's `raw` input (`focused`: the widget with the focus now). Returns
    /// whether input is still held (ask for another frame then).
    pub fn filter(&mut self, raw: &mut egui::RawInput, focused: Option<egui::Id>) -> bool {
        if !self.events.is_empty() && focused == self.from && self.frames < MOST_FRAMES {
            // The focus has not moved yet: what arrives meanwhile waits behind.
            self.frames += 1;
            self.events.append(&mut raw.events);
            return true;
        }
        let mut events = std::mem::take(&mut self.events);
        events.append(&mut raw.events);
        let moves_focus = |event: &egui::Event| {
            matches!(
                event,
                egui::Event::Key {
                    key: egui::Key::Enter | egui::Key::Tab,
                    pressed: true,
                    ..
                }
            )
        };
        // Only while typing in a box: elsewhere Enter and Tab move nothing that input follows.
        if focused.is_some()
            && let Some(at) = events.iter().position(moves_focus)
        {
            // The key's release goes with it.
            let mut end = at + 1;
            if let Some(egui::Event::Key { pressed: false, .. }) = events.get(end) {
                end += 1;
            }
            self.events = events.split_off(end);
        }
        raw.events = events;
        self.from = focused;
        self.frames = 0;
        !self.events.is_empty()
    }
}
