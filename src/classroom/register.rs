//! The classroom's record of declarations: which trainee owns which declaration number, and
//! where each stands (status, lane) as the core last answered — the instructor's view
//! (`/v1/class`) and the server's owner check read it.
//!
//! Kept in `<data>/simulator/classroom-declarations.jsonl`, one JSON line appended per change
//! (a crash loses at most the line being written); read whole at start, the last line of a
//! number telling its state, the first its owner. Numbers are keyed without their branch digit
//! (an amendment keeps its owner).

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ClassroomError;
use crate::domain::ids::DeclarationNumber;
use crate::wire::Response;

/// The file name in the simulator's folder.
pub const FILE: &str = "classroom-declarations.jsonl";

/// One declaration of the class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The trainee who declared it (the first to be answered with its number).
    pub owner: String,
    /// The number as last answered (with its branch digit).
    pub number: String,
    /// The status as the core names it (`provisional`, `registered`, …).
    pub status: String,
    /// The lane once registered, as the wire writes it: `"1"` green, `"2"` yellow, `"3"` red
    /// ([`Entry::lane`] reads it).
    pub lane: Option<String>,
    /// The core's simulated time of the last answer, UTC.
    pub updated: DateTime<Utc>,
}

impl Entry {
    /// The lane, when registered and readable (`"1"`–`"3"`; the names `green`, `yellow`, `red`
    /// are read too).
    pub fn lane(&self) -> Option<crate::domain::Lane> {
        use crate::domain::Lane;
        match self.lane.as_deref()?.trim() {
            "green" => Some(Lane::Green),
            "yellow" => Some(Lane::Yellow),
            "red" => Some(Lane::Red),
            digit => digit
                .parse::<u8>()
                .ok()
                .and_then(|n| Lane::try_from(n).ok()),
        }
    }
}

/// The key of a number: document type and sequence, without the branch digit.
pub fn key(number: DeclarationNumber) -> String {
    format!("{:02}{:08}", number.document_type(), number.sequence())
}

/// A value's serde name (`"registered"` → `registered`).
fn name_of(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The declarations of the class, in memory and in their file.
#[derive(Debug)]
pub struct Register {
    path: PathBuf,
    entries: HashMap<String, Entry>,
}

impl Register {
    /// The register kept in the simulator folder `dir` (empty when the file is missing).
    ///
    /// # Errors
    /// The file cannot be read, or a line other than a torn last one is not in its format.
    pub fn open(dir: &Path) -> Result<Self, ClassroomError> {
        let path = dir.join(FILE);
        let mut entries: HashMap<String, Entry> = HashMap::new();
        for (k, mut entry) in super::read_lines::<(String, Entry)>(&path)? {
            if let Some(first) = entries.get(&k) {
                entry.owner.clone_from(&first.owner);
            }
            entries.insert(k, entry);
        }
        Ok(Self { path, entries })
    }

    /// Who owns `number` (any branch), when the class has it.
    pub fn owner_of(&self, number: DeclarationNumber) -> Option<&str> {
        self.entries.get(&key(number)).map(|e| e.owner.as_str())
    }

    /// Records what `response`, answered to `user`, tells of its declaration or tax amendment:
    /// a new number becomes `user`'s; a known one keeps its owner and takes the new state.
    /// Appended to the file when something changed.
    ///
    /// # Errors
    /// The file cannot be written (the memory is updated all the same).
    pub fn record(&mut self, user: &str, response: &Response) -> Result<(), ClassroomError> {
        self.note(Some(user), response)
    }

    /// Records the new state `response` tells of declarations the class already has, and
    /// nothing of others (an instructor's reading of a declaration must not make it theirs).
    ///
    /// # Errors
    /// The file cannot be written (the memory is updated all the same).
    pub fn update_known(&mut self, response: &Response) -> Result<(), ClassroomError> {
        self.note(None, response)
    }

    /// [`Self::record`] with `user` (a new number becomes theirs), [`Self::update_known`]
    /// without.
    fn note(&mut self, user: Option<&str>, response: &Response) -> Result<(), ClassroomError> {
        let mut seen = Vec::new();
        if let Some(view) = &response.declaration {
            seen.push((
                view.number,
                name_of(&view.status),
                view.lane.as_ref().map(|l| name_of(&l.lane)),
            ));
        }
        if let Some(tax) = &response.tax_amendment {
            seen.push((tax.number, name_of(&tax.status), None));
        }
        for (number, status, lane) in seen {
            let k = key(number);
            let Some(owner) = self
                .entries
                .get(&k)
                .map(|e| e.owner.clone())
                .or_else(|| user.map(str::to_owned))
            else {
                continue;
            };
            let entry = Entry {
                owner,
                number: number.to_string(),
                status,
                lane,
                updated: response.processed_at,
            };
            let unchanged = self.entries.get(&k).is_some_and(|old| {
                old.number == entry.number && old.status == entry.status && old.lane == entry.lane
            });
            if unchanged {
                continue;
            }
            self.entries.insert(k.clone(), entry.clone());
            self.append(&k, &entry)?;
        }
        Ok(())
    }

    fn append(&self, k: &str, entry: &Entry) -> Result<(), ClassroomError> {
        let mut line = serde_json::to_string(&(k, entry)).map_err(|e| ClassroomError::Corrupt {
            path: self.path.display().to_string(),
            detail: e.to_string(),
        })?;
        line.push('\n');
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut f| f.write_all(line.as_bytes()))
            .map_err(|e| ClassroomError::io(&self.path, &e))
    }

    /// Forgets every declaration (the core was reset: it forgot them too; their numbers are
    /// never given again, so no owner is lost that could matter).
    ///
    /// # Errors
    /// The file cannot be emptied.
    pub fn clear(&mut self) -> Result<(), ClassroomError> {
        self.entries.clear();
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(ClassroomError::io(&self.path, &e))
            }
            _ => Ok(()),
        }
    }

    /// Each owner's declarations, by number.
    pub fn by_owner(&self) -> BTreeMap<String, Vec<Entry>> {
        let mut out: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        for entry in self.entries.values() {
            out.entry(entry.owner.clone())
                .or_default()
                .push(entry.clone());
        }
        for list in out.values_mut() {
            list.sort_by(|a, b| a.number.cmp(&b.number));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lane_reads_as_the_wire_writes_it() {
        let entry = |lane: Option<&str>| Entry {
            owner: "KBLOP001".into(),
            number: "102611230001".into(),
            status: "registered".into(),
            lane: lane.map(str::to_owned),
            updated: chrono::DateTime::UNIX_EPOCH,
        };
        // The core's `Lane` is 1, 2, 3 on the wire: what `record` keeps.
        let kept = name_of(&crate::domain::Lane::Yellow);
        assert_eq!(kept, "2");
        assert_eq!(entry(Some(&kept)).lane(), Some(crate::domain::Lane::Yellow));
        assert_eq!(entry(Some("red")).lane(), Some(crate::domain::Lane::Red));
        assert_eq!(entry(Some("9")).lane(), None);
        assert_eq!(entry(None).lane(), None);
    }
}
