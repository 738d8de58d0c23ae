//! The one table of user-interface text, Vietnamese (default) and English.
//!
//! Every string the window shows comes from [`Text::get`]; adding a key forces both
//! translations (the `match` has no default arm).

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Tiếng Việt (default).
    #[default]
    Vietnamese,
    /// English.
    English,
}

/// A piece of interface text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Window title.
    AppTitle,
    /// Banner for the unfinished editor.
    EditorComingBanner,
    /// Label of the table chooser.
    CodeTable,
    /// Hint in the search box.
    SearchHint,
    /// Column header: code.
    Code,
    /// Column header: description.
    Description,
    /// Shown when a search has no result.
    NothingFound,
    /// Language switch button.
    SwitchLanguage,
    /// Footer with the code-list version.
    CodeListVersion,
    /// Shown when the code tables cannot be loaded.
    CodeListsBroken,
}

impl Text {
    /// Every key, for the completeness test.
    pub const ALL: [Self; 10] = [
        Self::AppTitle,
        Self::EditorComingBanner,
        Self::CodeTable,
        Self::SearchHint,
        Self::Code,
        Self::Description,
        Self::NothingFound,
        Self::SwitchLanguage,
        Self::CodeListVersion,
        Self::CodeListsBroken,
    ];

    /// The text in a language.
    pub fn get(self, language: Language) -> &'static str {
        let (vi, en) = match self {
            Self::AppTitle => (
                "KhaiBao — Khai báo hải quan VNACCS",
                "KhaiBao — VNACCS customs declarations",
            ),
            Self::EditorComingBanner => (
                "Trình soạn tờ khai đang được xây dựng. Hiện có: tra cứu bảng mã; kiểm tra tờ khai bằng lệnh `khaibao validate`",
                "The declaration editor is under construction. Available now: code-table lookup; checking declarations with `khaibao validate`",
            ),
            Self::CodeTable => ("Bảng mã", "Code table"),
            Self::SearchHint => (
                "Nhập mã hoặc từ khóa, ví dụ: ca phe rang",
                "Type a code or words, e.g. roasted coffee",
            ),
            Self::Code => ("Mã", "Code"),
            Self::Description => ("Mô tả", "Description"),
            Self::NothingFound => ("Không tìm thấy", "Nothing found"),
            Self::SwitchLanguage => ("English", "Tiếng Việt"),
            Self::CodeListVersion => ("Bộ bảng mã", "Code-list set"),
            Self::CodeListsBroken => (
                "Không nạp được bảng mã",
                "The code tables could not be loaded",
            ),
        };
        match language {
            Language::Vietnamese => vi,
            Language::English => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_they_differ() {
        for key in Text::ALL {
            let vi = key.get(Language::Vietnamese);
            let en = key.get(Language::English);
            assert!(!vi.is_empty() && !en.is_empty(), "{key:?}");
            assert_ne!(vi, en, "{key:?} is not translated");
        }
    }
}
