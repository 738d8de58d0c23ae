//! Undo and redo of the editor: edits typed without a pause form one step (a burst); changes
//! made from outside the form (imports, tests) are one step each.

use std::time::{Duration, Instant};

use super::{EditorState, Frame};
use crate::codes::CodeLists;
use crate::domain::Declaration;
use chrono::NaiveDate;

impl EditorState {
    pub(super) fn end_burst_if_paused(&mut self, now: Instant) {
        let paused = self
            .last_edit
            .is_some_and(|t| now.duration_since(t) > Duration::from_millis(700));
        if paused && let Some(start) = self.burst_start.take() {
            self.undo.push(start);
            if self.undo.len() > 200 {
                self.undo.remove(0);
            }
            self.snapshot = self.declaration.clone();
        }
    }

    /// Changes the declaration from outside the form (imports, tests) as one undo step, at the
    /// instant `at` (which starts the autosave pause).
    pub fn replace(
        &mut self,
        edit: impl FnOnce(&mut Declaration),
        codes: &CodeLists,
        today: NaiveDate,
        at: Instant,
    ) {
        self.undo.push(self.declaration.clone());
        edit(&mut self.declaration);
        self.after_history(codes, today, at);
    }

    /// Undo the last burst of edits.
    pub fn undo(&mut self, frame: &Frame<'_>) {
        if let Some(start) = self.burst_start.take() {
            self.undo.push(start);
        }
        if let Some(previous) = self.undo.pop() {
            let current = std::mem::replace(&mut self.declaration, previous);
            self.redo.push(current);
            self.after_history(frame.codes, frame.today, frame.instant);
        }
    }

    /// Redo.
    pub fn redo(&mut self, frame: &Frame<'_>) {
        if let Some(next) = self.redo.pop() {
            let current = std::mem::replace(&mut self.declaration, next);
            self.undo.push(current);
            self.after_history(frame.codes, frame.today, frame.instant);
        }
    }

    pub(super) fn after_history(&mut self, codes: &CodeLists, today: NaiveDate, at: Instant) {
        self.snapshot = self.declaration.clone();
        self.buffers.clear();
        self.changed(codes, today, at);
    }
}
