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

/// What the simulator's answer says of a declaration, as scoring reads it: its status and branch
/// digit. Its taxes and lane are not taken: the simulator assesses on its own (simulated) day and
/// draws from the number it gave, while the key's taxes are for the exercise's day and its lane
/// for the key's number — scoring computes both the key's way (a tryout saw a correct form lose
/// points on the simulator's day).
pub fn outcome_of(view: &DeclarationView) -> Outcome {
    let status = match view.status {
        Status::Provisional => "provisional",
        Status::Expired => "expired",
        Status::Registered => "registered",
        Status::Cleared => "cleared",
        Status::Cancelled => "cancelled",
    };
    Outcome {
        lane: None,
        taxes: None,
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
