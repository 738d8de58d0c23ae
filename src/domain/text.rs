//! Text for people in both languages, kept apart: a message is `{ vi, en }`, never one string
//! split later. The window and the CLI pick the language they show.

use serde::{Deserialize, Serialize};

/// Folds text for matching (search, history): lower case, no diacritics, `đ` → `d`, so
/// "ca phe" finds "Cà phê" however either was typed (composed or not).
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    text.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

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

    /// The same text in both languages: a detail from a library or the operating system
    /// (an SQLite or I/O error, a file path), which is not translated.
    pub fn verbatim(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            vi: text.clone(),
            en: text,
        }
    }

    /// The text in Vietnamese when `vietnamese`, else in English.
    pub fn pick(&self, vietnamese: bool) -> &str {
        if vietnamese { &self.vi } else { &self.en }
    }

    /// Both texts on one line, Vietnamese first, joined by `" / "` — for logs and for showing
    /// both at once. The result is for reading only: either text may itself contain `" / "`,
    /// so it is never split back into its languages (use [`Bilingual::pick`] on the value).
    pub fn joined(&self) -> String {
        if self.vi == self.en {
            self.vi.clone()
        } else {
            format!("{} / {}", self.vi, self.en)
        }
    }
}

/// Something with a message for people in both languages, e.g. an error; the caller picks
/// the language to show, so nothing splits a `Display` string.
pub trait Localized {
    /// The message, Vietnamese and English built apart.
    fn message(&self) -> Bilingual;
}

/// Implements [`Localized`] for types that have an inherent `message(&self) -> Bilingual`
/// (the inherent method needs no import at the call site; the trait lets callers be generic).
macro_rules! localized {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl $crate::domain::text::Localized for $ty {
                fn message(&self) -> $crate::domain::text::Bilingual {
                    <$ty>::message(self)
                }
            }
        )+
    };
}
pub(crate) use localized;

/// Test support: asserts that an error's message has a Vietnamese and an English text, both
/// non-empty, different, neither holding the other, and that its `Display` is their join (so
/// logs and messages cannot drift apart).
#[cfg(test)]
#[track_caller]
pub(crate) fn assert_apart(err: &(impl Localized + std::fmt::Display)) {
    let message = err.message();
    let Bilingual { vi, en } = &message;
    assert!(
        !vi.trim().is_empty() && !en.trim().is_empty(),
        "{message:?}"
    );
    assert_ne!(vi, en);
    assert!(
        !vi.contains(en.as_str()) && !en.contains(vi.as_str()),
        "{message:?}"
    );
    assert_eq!(err.to_string(), message.joined());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_takes_one_language_whole() {
        let text = Bilingual::new("Tệp C:/ a / b không mở được", "Cannot open C:/ a / b");
        assert_eq!(text.pick(true), "Tệp C:/ a / b không mở được");
        assert_eq!(text.pick(false), "Cannot open C:/ a / b");
    }

    #[test]
    fn verbatim_is_the_same_in_both() {
        let text = Bilingual::verbatim("disk I/O error");
        assert_eq!(text.vi, text.en);
        assert_eq!(text.joined(), "disk I/O error");
    }

    #[test]
    fn joined_puts_vietnamese_first() {
        assert_eq!(
            Bilingual::new("PIN sai", "Wrong PIN").joined(),
            "PIN sai / Wrong PIN"
        );
    }
}
