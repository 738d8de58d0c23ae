//! The declaration JSON file format (`khaibao-declaration/1`): read from text, write to text.
//!
//! Reading reports structural problems — broken JSON, a wrong type, an unknown field, an
//! unknown format version — as [`FileError`] with the JSON path and the line/column, in
//! Vietnamese and English. Content problems (a wrong code, a missing field) are not errors here:
//! they are validation findings. The schema is `docs/declaration.schema.json`.
//!
//! Text is Unicode NFC once read: Vietnamese written decomposed (NFD — macOS, some PDFs,
//! Unikey's "Unicode tổ hợp") is composed, so lengths count as VNACCS counts them and the same
//! words compare equal whatever produced them.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization as _, is_nfc};

use super::declaration::{Declaration, FORMAT_TAG};

/// Why a declaration file could not be read. [`FileError::message`] has the text in each
/// language; `Display` joins both (for logs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum FileError {
    /// The text is not valid JSON, or a value has the wrong type, or a field is unknown.
    Structure {
        /// JSON path of the offending value, e.g. `goods[2].invoice_value`.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde's description of the problem.
        detail: String,
    },
    /// The `format` field names a version this program does not know.
    UnknownFormat {
        /// The value found in the file.
        found: String,
    },
}

impl FileError {
    /// The message in both languages, kept apart (serde's detail may itself contain " / ").
    pub fn message(&self) -> super::text::Bilingual {
        match self {
            Self::Structure {
                path,
                line,
                column,
                detail,
            } => super::text::Bilingual::new(
                format!(
                    "Tệp tờ khai không đọc được tại {path} (dòng {line}, cột {column}): {detail}"
                ),
                format!(
                    "The declaration file cannot be read at {path} (line {line}, column {column}): {detail}"
                ),
            ),
            Self::UnknownFormat { found } => super::text::Bilingual::new(
                format!("Định dạng tệp \"{found}\" không được hỗ trợ (cần \"{FORMAT_TAG}\")"),
                format!("Unsupported file format \"{found}\" (expected \"{FORMAT_TAG}\")"),
            ),
        }
    }
}

super::text::localized!(FileError);

/// Reads a declaration from JSON text. A missing `format` is taken as the current one.
pub fn from_json(text: &str) -> Result<Declaration, FileError> {
    // Windows editors (Notepad) may write a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Composed Unicode; JSON's own syntax is ASCII, so positions of errors stay where they were.
    let text: Cow<'_, str> = if is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    let text = text.as_ref();
    // serde would map a JSON array onto the struct's fields in order; a declaration is an object.
    let first = text.trim_start().chars().next();
    if first.is_some() && first != Some('{') {
        let line = text.lines().take_while(|l| l.trim().is_empty()).count() + 1;
        return Err(FileError::Structure {
            path: "$".to_owned(),
            line,
            column: 1,
            detail: "expected a JSON object { … }".to_owned(),
        });
    }
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let mut declaration: Declaration =
        serde_path_to_error::deserialize(deserializer).map_err(|err| {
            let path = match err.path().to_string() {
                p if p == "." => "$".to_owned(),
                p => p,
            };
            let inner = err.inner();
            FileError::Structure {
                path,
                line: inner.line(),
                column: inner.column(),
                detail: inner.to_string(),
            }
        })?;
    if declaration.format.is_empty() {
        FORMAT_TAG.clone_into(&mut declaration.format);
    } else if declaration.format != FORMAT_TAG {
        return Err(FileError::UnknownFormat {
            found: declaration.format,
        });
    }
    // Decomposed letters written as `\u0301` escapes are composed too.
    if text.contains("\\u") {
        declaration = composed(declaration);
    }
    Ok(declaration)
}

/// The declaration with every text in Unicode NFC (the same declaration when it already is).
/// For declarations that did not come through [`from_json`]: typed, received on the wire.
pub fn composed(declaration: Declaration) -> Declaration {
    // What cannot be written or read back is kept as it was (validation then sees it as is).
    let Ok(json) = to_json(&declaration) else {
        return declaration;
    };
    if is_nfc(&json) {
        return declaration;
    }
    let nfc: String = json.nfc().collect();
    serde_json::from_str(&nfc).unwrap_or(declaration)
}

/// The JSON Schema of the file format (draft 2020-12), generated from the model.
///
/// # Errors
/// serde's, if the schema cannot be written.
pub fn json_schema() -> Result<String, serde_json::Error> {
    let mut schema = schemars::schema_for!(Declaration);
    schema.insert(
        "$id".to_owned(),
        "https://khaibao.invalid/schema/khaibao-declaration-1.json".into(),
    );
    schema.insert(
        "title".to_owned(),
        "KhaiBao declaration file (khaibao-declaration/1)".into(),
    );
    serde_json::to_string_pretty(&schema)
}

/// Writes a declaration as indented JSON (amounts as strings, so no precision is lost).
///
/// # Errors
/// serde's, should the model ever hold something JSON cannot write (nothing is written then).
pub fn to_json(declaration: &Declaration) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(declaration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_error_has_its_message_apart_in_each_language() {
        for err in [
            FileError::Structure {
                path: "direction".into(),
                line: 1,
                column: 2,
                detail: "unknown variant `nhập khẩu / import`".into(),
            },
            FileError::UnknownFormat {
                found: "khaibao-declaration/9".into(),
            },
        ] {
            crate::domain::text::assert_apart(&err);
        }
    }

    fn structure_error(text: &str) -> (String, usize, String) {
        match from_json(text).unwrap_err() {
            FileError::Structure {
                path, line, detail, ..
            } => (path, line, detail),
            other @ FileError::UnknownFormat { .. } => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn wrong_type_names_the_json_path() {
        let (path, line, detail) = structure_error(
            "{\n \"goods\": [\n  {},\n  {\"quantity\": {\"amount\": \"mười\"}}\n ]\n}",
        );
        assert_eq!(path, "goods[1].quantity.amount");
        assert_eq!(line, 4);
        assert!(!detail.is_empty());
    }

    #[test]
    fn unknown_field_names_the_json_path() {
        let (path, _, detail) = structure_error(r#"{"invoice": {"totl": "1"}}"#);
        assert_eq!(path, "invoice.totl");
        assert!(detail.contains("unknown field"), "{detail}");
    }

    #[test]
    fn broken_json_is_an_error_not_a_panic() {
        for text in ["", "{", "[]", "null", "{\"goods\": ["] {
            assert!(from_json(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        assert!(from_json("\u{feff}{}").is_ok());
    }

    #[test]
    fn unknown_format_is_refused_and_missing_format_is_filled() {
        assert!(matches!(
            from_json(r#"{"format": "khaibao-declaration/9"}"#),
            Err(FileError::UnknownFormat { .. })
        ));
        assert_eq!(from_json("{}").unwrap().format, FORMAT_TAG);
    }

    #[test]
    fn messages_are_bilingual() {
        let text = from_json(r#"{"direction": "sideways"}"#)
            .unwrap_err()
            .to_string();
        assert!(text.contains("Tệp tờ khai không đọc được"), "{text}");
        assert!(text.contains("cannot be read at direction"), "{text}");
    }

    #[test]
    fn the_published_schema_is_the_generated_one() {
        let published = include_str!("../../docs/declaration.schema.json");
        assert_eq!(
            published.trim_end(),
            json_schema().unwrap(),
            "docs/declaration.schema.json is stale: run `cargo run -- schema > docs/declaration.schema.json`"
        );
    }

    #[test]
    fn write_then_read_gives_the_same_declaration() {
        let mut d = Declaration::new(crate::domain::Direction::Import);
        d.type_code = Some("A11".into());
        assert_eq!(from_json(&to_json(&d).unwrap()).unwrap(), d);
    }

    /// 200 characters of Vietnamese as NFC, and the same text decomposed (NFD).
    fn description() -> (String, String) {
        let nfc: String = "Máy điều hòa nhiệt độ Đại Phát, công suất 12.000 BTU; ".repeat(4)[..]
            .chars()
            .take(200)
            .collect();
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        (nfc, nfd)
    }

    #[test]
    fn decomposed_vietnamese_is_composed_when_read() {
        let (nfc, nfd) = description();
        assert_eq!(nfc.chars().count(), 200);
        assert!(nfd.chars().count() > 230, "{}", nfd.chars().count());
        let mut d = Declaration::new(crate::domain::Direction::Import);
        d.goods.push(crate::domain::GoodsLine {
            description: Some(nfd.clone()),
            ..Default::default()
        });
        d.notes = Some("Ghi chú".nfd().collect());
        // Raw decomposed text, and the same written as \u escapes.
        let raw = to_json(&d).unwrap();
        let escaped: String = raw
            .chars()
            .map(|c| {
                if ('\u{300}'..='\u{36f}').contains(&c) {
                    format!("\\u{:04x}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect();
        assert!(escaped.contains("\\u0301"), "{escaped}");
        for text in [raw, escaped] {
            let read = from_json(&text).unwrap();
            assert_eq!(read.goods[0].description.as_deref(), Some(nfc.as_str()));
            assert_eq!(read.notes.as_deref(), Some("Ghi chú"));
        }
        // Composing what is already composed changes nothing.
        let composed_once = composed(d);
        assert_eq!(composed(composed_once.clone()), composed_once);
    }
}
