//! `codelists/manifest.toml`: the list of tables in a code-list set, with version, effective
//! date, source, completeness and checksum of each; and the SHA-256 used to check files.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::CodeListError;

/// A code-list set's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Version of the whole set, dotted numbers (`2026.11.1`); a set overrides only an older one.
    pub set_version: String,
    /// Date from which the set applies.
    pub effective: NaiveDate,
    /// What the set is.
    pub description: String,
    /// The tables.
    #[serde(rename = "table", default)]
    pub tables: Vec<TableInfo>,
}

/// One table of a set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableInfo {
    /// Manifest name (see `TableId::name`).
    pub name: String,
    /// CSV file name, relative to the manifest.
    pub file: String,
    /// The table's own version label.
    pub version: String,
    /// Date from which the table's content applies.
    pub effective: NaiveDate,
    /// Where the content comes from.
    pub source: String,
    /// `true` when the table lists every official code; `false` for a subset, in which case an
    /// unknown code is a warning ("not in the bundled subset"), not an error.
    pub complete: bool,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Anything a user should know (training codes, unverified rows…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Manifest {
    /// Parses manifest TOML.
    pub fn parse(text: &str) -> Result<Self, CodeListError> {
        toml::from_str(text).map_err(|e| CodeListError::Manifest(e.message().to_owned()))
    }

    /// The entry for a table name.
    pub fn table(&self, name: &str) -> Option<&TableInfo> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether dotted version `a` is newer than `b` (numeric per part; a non-number part is 0).
pub fn is_newer(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    parts(a) > parts(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(is_newer("2026.11.10", "2026.11.9"));
        assert!(is_newer("2027.1", "2026.12.31"));
        assert!(!is_newer("2026.11.1", "2026.11.1"));
        assert!(!is_newer("2026.1", "2026.1.1"));
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_value() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn unknown_keys_and_missing_fields_are_reported() {
        let err = Manifest::parse("set_version = \"1\"\n").unwrap_err();
        assert!(err.to_string().contains("missing field"), "{err}");
        let err = Manifest::parse(
            "set_version = \"1\"\neffective = \"2026-01-01\"\ndescription = \"\"\ncolour = 1\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
