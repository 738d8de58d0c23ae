//! Text for people in both languages, kept apart: a message is `{ vi, en }`, never one string
//! split later. The window and the CLI pick the language they show.

use serde::{Deserialize, Serialize};

/// A message in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    /// Tiếng Việt.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// Both texts.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text in Vietnamese when `vietnamese`, else in English.
    pub fn pick(&self, vietnamese: bool) -> &str {
        if vietnamese { &self.vi } else { &self.en }
    }
}
