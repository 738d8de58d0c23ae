//! Reading packs: the `exercise.toml` text, its key declaration, a pack folder or `.zip`, and
//! the packs shipped inside the program (`assets/exercises/`, embedded at build time).

use std::io::Read as _;
use std::path::Path;

use super::Exercise;
use crate::domain::fields::field_label;
use crate::domain::file::{self, FileError};
use crate::domain::text::Bilingual;

/// The pack's description file.
pub const EXERCISE_FILE: &str = "exercise.toml";
/// The key's file names, tried in order.
pub const KEY_FILES: [&str; 2] = ["key.json", "key.khaibao"];

macro_rules! shipped {
    ($dir:literal) => {
        (
            $dir,
            include_str!(concat!("../../assets/exercises/", $dir, "/exercise.toml")),
            include_str!(concat!("../../assets/exercises/", $dir, "/key.json")),
        )
    };
}

/// The shipped packs: folder name, `exercise.toml`, key declaration (teaching order).
const SHIPPED: &[(&str, &str, &str)] = &[
    shipped!("01-a11-first-import"),
    shipped!("02-sea-fob-freight-insurance"),
    shipped!("03-fta-atiga-form-d"),
    shipped!("04-fta-co-not-qualifying"),
    shipped!("05-wine-special-consumption-tax"),
    shipped!("06-plastic-bags-environmental-tax"),
    shipped!("07-export-duty-b11"),
    shipped!("08-amendment-after-registration"),
    shipped!("09-provisional-expires"),
    shipped!("10-split-invoice-60-lines"),
    shipped!("11-low-value-express"),
];

/// Why a pack cannot be used. [`ExerciseError::message`] has the text in each language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum ExerciseError {
    /// A file of the pack cannot be read (missing, not UTF-8, not a zip).
    Unreadable {
        /// The file or pack.
        path: String,
        /// The system's or library's detail.
        detail: String,
    },
    /// `exercise.toml` is not valid TOML or does not follow the pack format.
    Toml {
        /// The file.
        path: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// The parser's detail.
        detail: String,
    },
    /// The key declaration cannot be read.
    Key {
        /// The file.
        path: String,
        /// Why.
        error: FileError,
    },
    /// The pack has no `exercise.toml`.
    NoExerciseFile {
        /// The pack.
        path: String,
    },
    /// The pack has no key declaration.
    NoKey {
        /// The pack.
        path: String,
    },
    /// A pack of one's own takes a shipped exercise's id with other content: its attempts would
    /// be kept as that exercise's.
    ShippedIdTaken {
        /// The pack.
        path: String,
        /// The id it states.
        id: String,
    },
    /// The pack's `id` is empty or holds a path separator: its attempts would be mixed with
    /// every other such pack's.
    BadId {
        /// The file.
        path: String,
        /// The id it states.
        id: String,
    },
    /// Neither a shipped exercise's id nor a folder or `.zip` that exists.
    NotFound {
        /// What was named.
        path: String,
    },
    /// No shipped exercise has this id.
    UnknownId {
        /// The id asked for.
        id: String,
        /// The ids there are.
        known: Vec<String>,
    },
}

impl ExerciseError {
    /// The message in both languages.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Unreadable { path, detail } => Bilingual::new(
                format!("Không đọc được bài tập {path}: {detail}"),
                format!("Cannot read the exercise {path}: {detail}"),
            ),
            Self::Toml {
                path,
                line,
                column,
                detail,
            } => Bilingual::new(
                format!("Tệp bài tập {path} sai tại dòng {line}, cột {column}: {detail}"),
                format!(
                    "The exercise file {path} is wrong at line {line}, column {column}: {detail}"
                ),
            ),
            Self::Key { path, error } => {
                let inner = error.message();
                Bilingual::new(
                    format!("Đáp án {path}: {}", inner.vi),
                    format!("Answer key {path}: {}", inner.en),
                )
            }
            Self::NoExerciseFile { path } => Bilingual::new(
                format!("Bài tập {path} không có tệp {EXERCISE_FILE}"),
                format!("The exercise {path} has no {EXERCISE_FILE}"),
            ),
            Self::NoKey { path } => Bilingual::new(
                format!("Bài tập {path} không có đáp án (key.json hoặc key.khaibao)"),
                format!("The exercise {path} has no answer key (key.json or key.khaibao)"),
            ),
            Self::ShippedIdTaken { path, id } => Bilingual::new(
                format!(
                    "Bài tập {path} dùng id \"{id}\" của một bài kèm chương trình nhưng nội dung khác: đổi `id` trong {EXERCISE_FILE} (ví dụ \"{id}-lop-a\") để các lần làm của nó không lẫn vào bài kèm chương trình"
                ),
                format!(
                    "The exercise {path} uses the id \"{id}\" of a shipped exercise but its content differs: change `id` in {EXERCISE_FILE} (e.g. \"{id}-class-a\") so its attempts are not mixed with the shipped exercise's"
                ),
            ),
            Self::BadId { path, id } => Bilingual::new(
                format!(
                    "Tệp {path}: id \"{id}\" không dùng được — cần một tên riêng, không rỗng, không có / hoặc \\ (ví dụ \"12-ban-go-lop-a\"); các lần làm được lưu theo id"
                ),
                format!(
                    "File {path}: the id \"{id}\" cannot be used — it needs a name of its own, not empty, without / or \\ (e.g. \"12-wooden-desks-class-a\"); attempts are kept by id"
                ),
            ),
            Self::NotFound { path } => Bilingual::new(
                format!(
                    "Không có thư mục hay tệp .zip bài tập \"{path}\" (kiểm tra đường dẫn; các bài kèm chương trình: khaibao exercise list)"
                ),
                format!(
                    "No exercise folder or .zip \"{path}\" (check the path; the shipped exercises: khaibao exercise list)"
                ),
            ),
            Self::UnknownId { id, known } => Bilingual::new(
                format!(
                    "Không có bài tập \"{id}\"; các bài tập: {}",
                    known.join(", ")
                ),
                format!(
                    "No exercise \"{id}\"; the exercises are: {}",
                    known.join(", ")
                ),
            ),
        }
    }
}

crate::domain::text::localized!(ExerciseError);

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses a pack from its two texts; `origin` names it in errors (`…/exercise.toml`,
/// `…/key.json`).
///
/// # Errors
/// [`ExerciseError::Toml`] with the line and column, [`ExerciseError::Key`] for the key.
pub fn parse_pack(
    exercise_toml: &str,
    key_json: &str,
    origin: &str,
) -> Result<Exercise, ExerciseError> {
    let toml_path = format!("{origin}/{EXERCISE_FILE}");
    let mut exercise: Exercise = toml::from_str(exercise_toml).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((0, 0), |span| line_column(exercise_toml, span.start));
        ExerciseError::Toml {
            path: toml_path.clone(),
            line,
            column,
            detail: e.message().to_owned(),
        }
    })?;
    let id = exercise.id.trim();
    if id.is_empty() || id.contains(['/', '\\']) {
        return Err(ExerciseError::BadId {
            path: toml_path,
            id: exercise.id,
        });
    }
    exercise.key.declaration = file::from_json(key_json).map_err(|error| ExerciseError::Key {
        path: format!("{origin}/key.json"),
        error,
    })?;
    let direction = exercise.key.declaration.direction;
    for hint in &mut exercise.hints {
        if hint.item.is_none()
            && let Some(label) = hint
                .field
                .as_deref()
                .and_then(|f| field_label(f, direction))
        {
            hint.item = Some(label.item.to_owned());
        }
    }
    Ok(exercise)
}

/// The shipped exercises, in teaching order. A pack that does not parse is left out (the test
/// suite checks that every one parses, validates and scores full marks against its own key).
pub fn catalogue() -> Vec<Exercise> {
    SHIPPED
        .iter()
        .filter_map(|(dir, text, key)| parse_pack(text, key, &shipped_origin(dir)).ok())
        .collect()
}

fn shipped_origin(dir: &str) -> String {
    format!("assets/exercises/{dir}")
}

/// Every shipped pack parsed, or the first error (for the tests and `khaibao exercise list`).
///
/// # Errors
/// The first pack's error.
pub fn catalogue_checked() -> Result<Vec<Exercise>, ExerciseError> {
    SHIPPED
        .iter()
        .map(|(dir, text, key)| parse_pack(text, key, &shipped_origin(dir)))
        .collect()
}

/// The shipped exercise with this id.
///
/// # Errors
/// [`ExerciseError::UnknownId`] listing the ids there are.
pub fn find(id: &str) -> Result<Exercise, ExerciseError> {
    let all = catalogue();
    let known = all.iter().map(|e| e.id.clone()).collect();
    all.into_iter()
        .find(|e| e.id == id.trim())
        .ok_or_else(|| ExerciseError::UnknownId {
            id: id.to_owned(),
            known,
        })
}

/// Loads a pack from a folder holding `exercise.toml` and `key.json` (or `key.khaibao`), or
/// from a `.zip` of such a folder (the files at its root or in one folder).
///
/// Attempts are kept by the exercise's id, so a pack of one's own may take a shipped
/// exercise's id only with the very same content (a copy of the shipped pack); an instructor's
/// changed copy must be given an id of its own.
///
/// # Errors
/// [`ExerciseError::Unreadable`] for a missing or unreadable file,
/// [`ExerciseError::ShippedIdTaken`] for a shipped id with other content, else as
/// [`parse_pack`].
pub fn load_pack(path: &Path) -> Result<Exercise, ExerciseError> {
    let exercise = read_pack(path)?;
    own_id_checked(exercise, &path.display().to_string())
}

/// `exercise` as a pack of one's own: refused when it takes a shipped exercise's id with
/// other content.
///
/// # Errors
/// [`ExerciseError::ShippedIdTaken`].
pub fn own_id_checked(exercise: Exercise, path: &str) -> Result<Exercise, ExerciseError> {
    let id = exercise.id.trim();
    match catalogue().into_iter().find(|shipped| shipped.id == id) {
        Some(shipped) if shipped != exercise => Err(ExerciseError::ShippedIdTaken {
            path: path.to_owned(),
            id: id.to_owned(),
        }),
        _ => Ok(exercise),
    }
}

fn read_pack(path: &Path) -> Result<Exercise, ExerciseError> {
    // The pack's own `exercise.toml` named stands for its folder.
    let path = match path.parent() {
        Some(folder) if path.is_file() && path.file_name().is_some_and(|n| n == EXERCISE_FILE) => {
            if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            }
        }
        _ => path,
    };
    if !path.exists() {
        return Err(ExerciseError::NotFound {
            path: path.display().to_string(),
        });
    }
    let shown = path.display().to_string();
    let unreadable = |detail: String| ExerciseError::Unreadable {
        path: shown.clone(),
        detail,
    };
    if path.is_dir() {
        let toml_path = path.join(EXERCISE_FILE);
        let text = std::fs::read_to_string(&toml_path).map_err(|e| ExerciseError::Unreadable {
            path: toml_path.display().to_string(),
            detail: e.to_string(),
        })?;
        let key = KEY_FILES
            .iter()
            .map(|name| path.join(name))
            .find(|p| p.is_file())
            .ok_or_else(|| ExerciseError::NoKey {
                path: shown.clone(),
            })?;
        let key_text = std::fs::read_to_string(&key).map_err(|e| ExerciseError::Unreadable {
            path: key.display().to_string(),
            detail: e.to_string(),
        })?;
        return parse_pack(&text, &key_text, &shown);
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| unreadable(e.to_string()))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(std::borrow::Cow::into_owned)
        .collect();
    let find = |wanted: &str| {
        names
            .iter()
            .find(|n| *n == wanted || n.rsplit('/').next() == Some(wanted))
            .cloned()
    };
    let toml_name = find(EXERCISE_FILE).ok_or_else(|| ExerciseError::NoExerciseFile {
        path: shown.clone(),
    })?;
    let key_name = KEY_FILES
        .iter()
        .find_map(|k| find(k))
        .ok_or_else(|| ExerciseError::NoKey {
            path: shown.clone(),
        })?;
    let mut read = |name: &str| -> Result<String, ExerciseError> {
        let mut text = String::new();
        zip.by_name(name)
            .map_err(|e| unreadable(e.to_string()))?
            .read_to_string(&mut text)
            .map_err(|e| unreadable(format!("{name}: {e}")))?;
        Ok(text)
    };
    let text = read(&toml_name)?;
    let key_text = read(&key_name)?;
    parse_pack(&text, &key_text, &shown)
}
