//! Trainee mode in a session: scoring the declaration made for an exercise against its key
//! ([`crate::exercise::score`]) with what the simulator answered for it, and keeping every
//! attempt in the store so progress shows over time.

use std::collections::BTreeMap;

use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
use crate::domain::Declaration;
use crate::domain::text::Bilingual;
use crate::exercise::{Exercise, Outcome, Score};
use crate::store::ExerciseAttempt;
use crate::wire::{DeclarationView, Status};

use super::{Workflow, WorkflowError};

/// What the simulator's answer says of a declaration, as scoring reads it: taxes, status and
/// branch digit; the lane only when a rule decided it — a random draw depends on the number the
/// simulator gave, which the key cannot know, so the key's own draw is used then.
pub fn outcome_of(view: &DeclarationView) -> Outcome {
    let status = match view.status {
        Status::Provisional => "provisional",
        Status::Expired => "expired",
        Status::Registered => "registered",
        Status::Cleared => "cleared",
        Status::Cancelled => "cancelled",
    };
    let registered = matches!(view.status, Status::Registered | Status::Cleared);
    Outcome {
        lane: view
            .lane
            .as_ref()
            .filter(|decision| decision.draw.is_none())
            .map(|decision| decision.lane),
        taxes: registered.then(|| {
            view.assessment
                .totals
                .iter()
                .map(|t| (t.kind, t.amount_vnd))
                .collect()
        }),
        status: Some(status.to_owned()),
        branch: Some(view.number.branch()),
        declarations: None,
    }
}

impl Workflow {
    /// Scores `declaration` for `exercise` (with the simulator's `outcome` when it went
    /// through it), keeps the attempt at the session's time, and returns the score with every
    /// attempt at that exercise, oldest first.
    ///
    /// # Errors
    /// The store's; the shipped lane rules not reading (a broken build).
    pub fn score_exercise(
        &mut self,
        exercise: &Exercise,
        declaration: &Declaration,
        outcome: Option<&Outcome>,
    ) -> Result<(Score, Vec<ExerciseAttempt>), WorkflowError> {
        let lanes = LaneRules::parse(DEFAULT_RULES).map_err(|e| {
            WorkflowError::Manual(Bilingual::new(
                format!("Quy tắc phân luồng kèm chương trình bị lỗi: {e}"),
                format!("The shipped lane rules do not read: {e}"),
            ))
        })?;
        let score = crate::exercise::score(exercise, declaration, outcome, &self.codes, &lanes);
        let now = self.now();
        self.store.record_attempt(&score, declaration, now)?;
        let attempts = self.store.attempts(&exercise.id)?;
        Ok((score, attempts))
    }

    /// Every attempt at each of `ids`, oldest first.
    ///
    /// # Errors
    /// The store's.
    pub fn attempts_of(
        &self,
        ids: &[String],
    ) -> Result<BTreeMap<String, Vec<ExerciseAttempt>>, WorkflowError> {
        let mut all = BTreeMap::new();
        for id in ids {
            all.insert(id.clone(), self.store.attempts(id)?);
        }
        Ok(all)
    }
}
