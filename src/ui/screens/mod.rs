//! The window's screens. Each owns its form state, draws from the per-frame [`Frame`] (and the
//! data it shows, passed in), and returns [`crate::ui::command::Command`]s that carry their data;
//! no screen touches the app, the store or the token.

pub mod class;
pub mod customers;
pub mod editor;
pub mod exercises;
pub mod list;
pub mod outbox;
pub mod pin_dialog;
pub mod settings;
pub mod simulator;
pub mod top_bar;
pub mod trust_dialog;
pub mod watch;
pub mod welcome;

#[cfg(test)]
pub(crate) mod testing;

use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};

use crate::codes::CodeLists;
use crate::ui::i18n::{Language, Text};

/// The screens of the top bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Declarations list (home).
    List,
    /// The open declaration.
    Editor,
    /// Settings.
    Settings,
    /// Simulator controls.
    Simulator,
    /// Customers and their defaults.
    Customers,
    /// Trainee mode: the exercises and their scores.
    Exercises,
    /// Classroom: the instructor's view of the class.
    Class,
}

/// What every screen may read while it draws one frame.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// Interface language.
    pub language: Language,
    /// Code tables.
    pub codes: &'a CodeLists,
    /// The core's time (simulated time in simulation), UTC.
    pub now: DateTime<Utc>,
    /// The machine's time, UTC (certificate expiry warnings are about the real world).
    pub machine_now: DateTime<Utc>,
    /// Today in Vietnam (UTC+7) by the core's time.
    pub today: NaiveDate,
    /// This frame's monotonic instant (typing pauses, autosave), read once by the app.
    pub instant: Instant,
    /// A job is running on the worker.
    pub busy: bool,
}

impl Frame<'_> {
    /// A piece of interface text in the frame's language.
    pub fn t(&self, text: Text) -> &'static str {
        text.get(self.language)
    }

    /// Whether the language is Vietnamese.
    pub fn vietnamese(&self) -> bool {
        self.language.is_vietnamese()
    }
}
