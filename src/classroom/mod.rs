//! The classroom: one `khaibao sim serve --roster FILE.csv` shared by an instructor and the
//! trainees over TLS (docs/classroom.md).
//!
//! Owns: the roster file's format ([`roster`]), the trainees' generated passwords and their
//! slow hashes ([`password`], [`accounts`]), and the classroom's record of which trainee owns
//! which declaration ([`register`]) and each trainee's exercise scores ([`scores`]). The HTTP side (authentication, TLS, `/v1/class`) is in
//! `gateway::classroom`; the client's trust on first use in `gateway::tofu`.

pub mod accounts;
pub mod password;
pub mod register;
pub mod roster;
pub mod scores;

use crate::domain::text::Bilingual;

/// Why a classroom file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum ClassroomError {
    /// A roster line that cannot be used (1-based line number of the file).
    Roster {
        /// Line number in the file (the header is line 1).
        line: usize,
        /// What is wrong.
        problem: Bilingual,
    },
    /// A file of the classroom could not be read or written.
    Io {
        /// The file.
        path: String,
        /// What the system said.
        detail: String,
    },
    /// A classroom file exists but is not in its format.
    Corrupt {
        /// The file.
        path: String,
        /// What was wrong.
        detail: String,
    },
    /// No account with this user ID.
    NoAccount(String),
    /// An account with this user ID exists already.
    AlreadyListed(String),
    /// The password hash could not be computed.
    Hash(String),
}

impl ClassroomError {
    /// What to tell the person, each language built apart.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Roster { line, problem } => Bilingual::new(
                format!("Danh sách lớp, dòng {line}: {}", problem.vi),
                format!("Roster, line {line}: {}", problem.en),
            ),
            Self::Io { path, detail } => Bilingual::new(
                format!("Không đọc/ghi được tệp {path}: {detail}"),
                format!("Cannot read or write {path}: {detail}"),
            ),
            Self::Corrupt { path, detail } => Bilingual::new(
                format!("Tệp {path} không đúng định dạng: {detail}"),
                format!("{path} is not in its format: {detail}"),
            ),
            Self::NoAccount(id) => Bilingual::new(
                format!("Không có học viên {id} trong danh sách lớp"),
                format!("No trainee {id} in the class roster"),
            ),
            Self::AlreadyListed(id) => Bilingual::new(
                format!(
                    "{id} đã có trong lớp; muốn cấp mật khẩu mới thì dùng: khaibao sim roster reset-password {id}"
                ),
                format!(
                    "{id} is in the class already; for a new password use: khaibao sim roster reset-password {id}"
                ),
            ),
            Self::Hash(detail) => Bilingual::new(
                format!("Không tính được mã băm mật khẩu: {detail}"),
                format!("Cannot compute the password hash: {detail}"),
            ),
        }
    }

    pub(crate) fn io(path: &std::path::Path, err: &impl std::fmt::Display) -> Self {
        Self::Io {
            path: path.display().to_string(),
            detail: err.to_string(),
        }
    }
}

crate::domain::text::localized!(ClassroomError);

/// Someone's part in the class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Học viên: acts on their own declarations only.
    Trainee,
    /// Giảng viên: sees the class and uses the simulator's training controls.
    Instructor,
}

/// The records of a JSON-lines file of the classroom, in order (none when the file is missing).
/// A last line cut by a crash is dropped; any other line not in its format is an error.
///
/// # Errors
/// [`ClassroomError::Io`] when the file cannot be read; [`ClassroomError::Corrupt`] with the
/// line number.
pub(crate) fn read_lines<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
) -> Result<Vec<T>, ClassroomError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ClassroomError::io(path, &e)),
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut records = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        match serde_json::from_str::<T>(line) {
            Ok(record) => records.push(record),
            Err(_) if i + 1 == lines.len() => {}
            Err(e) => {
                return Err(ClassroomError::Corrupt {
                    path: path.display().to_string(),
                    detail: format!("line {}: {e}", i + 1),
                });
            }
        }
    }
    Ok(records)
}

/// Writes `bytes` to `path` through a temporary file renamed over it (never half a file),
/// readable by the owner only on Unix.
pub(crate) fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), ClassroomError> {
    use std::io::Write as _;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(&tmp)
        .map_err(|e| ClassroomError::io(&tmp, &e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| ClassroomError::io(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| ClassroomError::io(path, &e))
}
