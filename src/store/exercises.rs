//! A trainee's attempts at the exercises: recorded once scored (`khaibao exercise check
//! --record`, the window's check), listed per exercise oldest first for the chart of scores
//! over time. The instant is the caller's (the store reads no clock).

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Store, StoreError, time};
use crate::domain::Declaration;
use crate::exercise::{Difference, Score};

/// One recorded attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseAttempt {
    /// Row id.
    pub id: i64,
    /// The exercise's id.
    pub exercise_id: String,
    /// When it was scored (UTC).
    pub at: DateTime<Utc>,
    /// Points earned.
    pub points: u32,
    /// Points possible.
    pub max: u32,
    /// The differences found.
    pub differences: Vec<Difference>,
    /// The declaration as submitted.
    pub declaration: Declaration,
}

impl ExerciseAttempt {
    /// Whole percent, rounded down (100 when there was nothing to score).
    pub fn percent(&self) -> u32 {
        (self.points * 100).checked_div(self.max).unwrap_or(100)
    }
}

impl Store {
    /// Records an attempt: the score of `declaration` at `at` (UTC). Returns its id.
    ///
    /// # Errors
    /// [`StoreError::Sql`] or [`StoreError::Json`].
    pub fn record_attempt(
        &mut self,
        score: &Score,
        declaration: &Declaration,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let differences = serde_json::to_string(&score.differences)?;
        let data = crate::domain::file::to_json(declaration)?;
        self.conn.execute(
            "INSERT INTO exercise_attempts (exercise_id, at, points, max_points, differences, declaration)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![score.exercise, at.to_rfc3339(), score.points, score.max, differences, data],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The attempts at one exercise, oldest first.
    ///
    /// # Errors
    /// [`StoreError::Sql`], or [`StoreError::Json`] for a row that no longer reads.
    pub fn attempts(&self, exercise_id: &str) -> Result<Vec<ExerciseAttempt>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, exercise_id, at, points, max_points, differences, declaration
             FROM exercise_attempts WHERE exercise_id = ?1 ORDER BY at, id",
        )?;
        let rows = statement
            .query_map([exercise_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, exercise_id, at, points, max, differences, data)| {
                Ok(ExerciseAttempt {
                    id,
                    exercise_id,
                    at: time(&at),
                    points,
                    max,
                    differences: serde_json::from_str(&differences)?,
                    declaration: crate::domain::file::from_json(&data)
                        .map_err(|e| StoreError::Json(serde::de::Error::custom(e.message().en)))?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;
    use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
    use crate::codes::CodeLists;

    #[test]
    fn attempts_are_kept_per_exercise_in_time_order_in_a_real_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("khaibao.sqlite");
        let exercise = crate::exercise::find("01-a11-first-import").unwrap();
        let codes = CodeLists::bundled().unwrap();
        let lanes = LaneRules::parse(DEFAULT_RULES).unwrap();
        let mut wrong = exercise.key_declaration();
        wrong.type_code = Some("A12".into());
        let first = crate::exercise::score(&exercise, &wrong, None, &codes, &lanes);
        let right = exercise.key_declaration();
        let second = crate::exercise::score(&exercise, &right, None, &codes, &lanes);
        let later = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
        let earlier = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        {
            let mut store = Store::open(&path).unwrap();
            store.record_attempt(&second, &right, later).unwrap();
            store.record_attempt(&first, &wrong, earlier).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let attempts = store.attempts("01-a11-first-import").unwrap();
        assert_eq!(attempts.len(), 2);
        assert_eq!(attempts[0].at, earlier);
        assert_eq!(attempts[0].declaration, wrong);
        assert_eq!(attempts[0].differences, first.differences);
        assert!(attempts[0].percent() < 100 && !attempts[0].differences.is_empty());
        assert_eq!(
            (attempts[1].points, attempts[1].max),
            (second.max, second.max)
        );
        assert_eq!(attempts[1].percent(), 100);
        assert!(
            store
                .attempts("02-sea-fob-freight-insurance")
                .unwrap()
                .is_empty()
        );
    }
}
