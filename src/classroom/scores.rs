//! The classroom's record of exercise scores: each trainee's window, once it has scored an
//! attempt at an exercise (`Chấm điểm`), sends every attempt it keeps for that exercise to the
//! class server (`POST /v1/class/attempts`), and the instructor's view (`/v1/class`, the
//! window's **Lớp học** screen, `sim class`) shows each trainee's attempts and best score.
//!
//! The scores are the ones the trainee's program computed (the key is in every copy of
//! KhaiBao): they tell an instructor who has done what, not a certified mark.
//!
//! Kept in `<data>/simulator/classroom-attempts.jsonl`, one JSON line `[user, attempt]` per new
//! attempt (a crash loses at most the line being written; a torn last line is dropped at
//! start). An attempt is known by its user, exercise and instant: sending the same one again
//! changes nothing, so an attempt whose sending failed goes with the next one.

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ClassroomError;
use crate::domain::text::Bilingual;

/// The file name in the simulator's folder.
pub const FILE: &str = "classroom-attempts.jsonl";

/// Most attempts one request may carry.
pub const MAX_PER_REQUEST: usize = 500;
/// Longest exercise id taken, characters.
pub const MAX_ID_CHARS: usize = 64;
/// Most points an exercise may have.
pub const MAX_POINTS: u32 = 100_000;

/// One attempt at an exercise, as the trainee's program scored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedAttempt {
    /// The exercise's id (`01-a11-first-import`).
    pub exercise_id: String,
    /// When it was scored, UTC.
    pub at: DateTime<Utc>,
    /// Points earned.
    pub points: u32,
    /// Points possible.
    pub max: u32,
    /// How many fields differed from the key.
    #[serde(default)]
    pub differences: u32,
}

impl ReportedAttempt {
    /// Whole percent, rounded down (100 when there was nothing to score).
    pub fn percent(&self) -> u32 {
        (self.points.saturating_mul(100))
            .checked_div(self.max)
            .unwrap_or(100)
    }

    /// Why the server does not take this attempt, if it does not.
    pub fn problem(&self) -> Option<Bilingual> {
        let id = self.exercise_id.trim();
        if id.is_empty()
            || id.chars().count() > MAX_ID_CHARS
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return Some(Bilingual::new(
                format!("Mã bài tập không hợp lệ: {id:?}"),
                format!("Not an exercise id: {id:?}"),
            ));
        }
        if self.max > MAX_POINTS || self.points > self.max {
            return Some(Bilingual::new(
                format!("Điểm không hợp lệ ở bài {id}: {}/{}", self.points, self.max),
                format!("Impossible score for {id}: {}/{}", self.points, self.max),
            ));
        }
        None
    }
}

/// One trainee's standing at one exercise (the instructor's view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseStanding {
    /// The exercise's id.
    pub exercise_id: String,
    /// Attempts sent.
    pub attempts: u32,
    /// The best attempt's percent.
    pub best_percent: u32,
    /// The latest attempt's percent.
    pub last_percent: u32,
    /// When the latest attempt was scored, UTC.
    pub last_at: DateTime<Utc>,
}

/// Every trainee's attempts, in memory and in their file.
#[derive(Debug)]
pub struct Scores {
    path: PathBuf,
    /// user ID → attempts, in the order received.
    by_user: BTreeMap<String, Vec<ReportedAttempt>>,
    known: HashSet<(String, String, DateTime<Utc>)>,
}

impl Scores {
    /// The scores kept in the simulator folder `dir` (none when the file is missing).
    ///
    /// # Errors
    /// The file cannot be read, or a line other than a torn last one is not in its format.
    pub fn open(dir: &Path) -> Result<Self, ClassroomError> {
        let path = dir.join(FILE);
        let mut scores = Self {
            path: path.clone(),
            by_user: BTreeMap::new(),
            known: HashSet::new(),
        };
        for (user, attempt) in super::read_lines::<(String, ReportedAttempt)>(&path)? {
            scores.remember(user, attempt);
        }
        Ok(scores)
    }

    /// Keeps `attempt` of `user` in memory; `false` when it was known already.
    fn remember(&mut self, user: String, attempt: ReportedAttempt) -> bool {
        let key = (user.clone(), attempt.exercise_id.clone(), attempt.at);
        if !self.known.insert(key) {
            return false;
        }
        self.by_user.entry(user).or_default().push(attempt);
        true
    }

    /// Records the attempts `user` sent; those already known are skipped. Returns how many
    /// were new.
    ///
    /// # Errors
    /// The file cannot be written (the attempts are kept in memory all the same).
    pub fn record(
        &mut self,
        user: &str,
        attempts: &[ReportedAttempt],
    ) -> Result<usize, ClassroomError> {
        let mut lines = String::new();
        let mut new = 0;
        for attempt in attempts {
            let mut attempt = attempt.clone();
            attempt.exercise_id = attempt.exercise_id.trim().to_owned();
            if self.remember(user.to_owned(), attempt.clone()) {
                new += 1;
                let line = serde_json::to_string(&(user, &attempt)).map_err(|e| {
                    ClassroomError::Corrupt {
                        path: self.path.display().to_string(),
                        detail: e.to_string(),
                    }
                })?;
                lines.push_str(&line);
                lines.push('\n');
            }
        }
        if !lines.is_empty() {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .and_then(|mut f| f.write_all(lines.as_bytes()))
                .map_err(|e| ClassroomError::io(&self.path, &e))?;
        }
        Ok(new)
    }

    /// `user`'s standing at each exercise they sent attempts at, by exercise id.
    pub fn standing(&self, user: &str) -> Vec<ExerciseStanding> {
        let mut by_exercise: BTreeMap<&str, ExerciseStanding> = BTreeMap::new();
        for attempt in self.by_user.get(user).into_iter().flatten() {
            let percent = attempt.percent();
            let entry = by_exercise
                .entry(attempt.exercise_id.as_str())
                .or_insert_with(|| ExerciseStanding {
                    exercise_id: attempt.exercise_id.clone(),
                    attempts: 0,
                    best_percent: 0,
                    last_percent: percent,
                    last_at: attempt.at,
                });
            entry.attempts += 1;
            entry.best_percent = entry.best_percent.max(percent);
            if attempt.at >= entry.last_at {
                entry.last_at = attempt.at;
                entry.last_percent = percent;
            }
        }
        by_exercise.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(id: &str, minute: u32, points: u32) -> ReportedAttempt {
        ReportedAttempt {
            exercise_id: id.into(),
            at: chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 23, 2, minute, 0).unwrap(),
            points,
            max: 50,
            differences: 50 - points,
        }
    }

    #[test]
    fn attempts_are_kept_once_and_read_back_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut scores = Scores::open(dir.path()).unwrap();
        let sent = [attempt("01-a11", 0, 20), attempt("01-a11", 5, 50)];
        assert_eq!(scores.record("KBLOP001", &sent).unwrap(), 2);
        // The window sends every attempt again with the next one: nothing doubles.
        let again = [sent[0].clone(), sent[1].clone(), attempt("01-a11", 9, 40)];
        assert_eq!(scores.record("KBLOP001", &again).unwrap(), 1);
        let standing = scores.standing("KBLOP001");
        assert_eq!(standing.len(), 1);
        assert_eq!(standing[0].attempts, 3);
        assert_eq!(standing[0].best_percent, 100);
        assert_eq!(standing[0].last_percent, 80);
        assert!(scores.standing("KBLOP002").is_empty());

        let reopened = Scores::open(dir.path()).unwrap();
        assert_eq!(reopened.standing("KBLOP001"), standing);
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_a_broken_middle_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut scores = Scores::open(dir.path()).unwrap();
        scores
            .record("KBLOP001", &[attempt("01-a11", 0, 20)])
            .unwrap();
        let path = dir.path().join(FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("[\"KBLOP001\", {\"exercise_id\": \"02");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            Scores::open(dir.path()).unwrap().standing("KBLOP001")[0].attempts,
            1
        );
        std::fs::write(&path, format!("garbage\n{text}\n")).unwrap();
        assert!(matches!(
            Scores::open(dir.path()),
            Err(ClassroomError::Corrupt { .. })
        ));
    }

    #[test]
    fn impossible_attempts_are_named() {
        let mut bad = attempt("01-a11", 0, 20);
        bad.points = 60;
        assert!(bad.problem().unwrap().en.contains("60/50"));
        bad = attempt("../../etc", 0, 20);
        assert!(bad.problem().is_some());
        assert!(attempt("01-a11-first-import", 0, 20).problem().is_none());
    }
}
