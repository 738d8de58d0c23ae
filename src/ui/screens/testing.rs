//! What screen tests draw with: the bundled code tables and a fixed instant (the tests' stated
//! one, Monday 23/11/2026 09:00 in Vietnam — tests/integration/util.rs `NOW`).

use std::time::Instant;

use chrono::{DateTime, Utc};
use eframe::egui;
use egui_kittest::Harness;

use super::Frame;
use crate::codes::CodeLists;
use crate::ui::i18n::Language;

/// The tests' instant, UTC.
pub fn now() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().expect("a valid instant")
}

/// The code tables and language a screen test draws with.
#[derive(Debug)]
pub struct Fixture {
    /// Bundled code tables.
    pub codes: CodeLists,
    /// Interface language.
    pub language: Language,
}

impl Fixture {
    /// The bundled tables, in `language`.
    pub fn new(language: Language) -> Self {
        Self {
            codes: CodeLists::bundled().expect("the bundled code tables"),
            language,
        }
    }

    /// A frame at the tests' instant.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            language: self.language,
            codes: &self.codes,
            now: now(),
            machine_now: now(),
            today: crate::domain::time::vietnam_date(now()),
            instant: Instant::now(),
            busy: false,
        }
    }
}

/// A headless window of `size` drawing `state` with `draw`, with the bundled fonts.
pub fn harness<S>(
    size: (f32, f32),
    state: S,
    draw: impl FnMut(&mut egui::Ui, &mut S) + 'static,
) -> Harness<'static, S> {
    Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_context_setup(crate::ui::fonts::install)
        .build_ui_state(draw, state)
}
