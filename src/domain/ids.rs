//! Typed identifiers and codes of VNACCS: declaration numbers, user IDs, customs office codes,
//! HS codes, country/currency/unit codes and enterprise tax codes.
//!
//! Each type is parsed once from text (`FromStr`) and then carries a value known to be well
//! formed. Membership in a code table (does office `02CI` exist?) is not checked here: that is
//! the job of `codes` and `rules`. Parsing never panics; a failure is an [`IdError`] naming the
//! kind of identifier and what is wrong, in words a broker understands.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What is wrong with a piece of text that should be an identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {problem} ({input:?})")]
pub struct IdError {
    /// Which identifier was being read, e.g. "HS code".
    pub kind: &'static str,
    /// What is wrong, in English (the `rules` module carries the bilingual message).
    pub problem: &'static str,
    /// The text as given.
    pub input: String,
}

impl IdError {
    fn new(kind: &'static str, problem: &'static str, input: &str) -> Self {
        Self {
            kind,
            problem,
            input: input.to_owned(),
        }
    }
}

fn all_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn all_upper_alnum(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Implements `Display`, `Serialize` and `Deserialize` through `as_str`/`FromStr`.
macro_rules! text_identifier {
    ($ty:ty) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Declaration number (Số tờ khai)

/// The 12-digit declaration number assigned by the system at IDA/EDA (Số tờ khai).
///
/// Layout (seed): 2-digit document type (10 import, 30 export), 8-digit sequence, one check digit
/// equal to `sequence mod 7`, and the branch digit 0–9 that counts amendments (IDE/EDE add 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeclarationNumber {
    document_type: u8,
    sequence: u32,
    branch: u8,
}

/// Document type of import declarations (first two digits).
pub const DOCUMENT_TYPE_IMPORT: u8 = 10;
/// Document type of export declarations (first two digits).
pub const DOCUMENT_TYPE_EXPORT: u8 = 30;
/// Document type of an amendment of tax information after clearance (AMA → AMC): the guide
/// "Chuyên đề 13", as issue 18 quotes it, says such an amendment gets a number of its own
/// structure, document type 73 (unverified: not in the 2014 sources). KhaiBao builds it like a
/// declaration number: 73, an 8-digit sequence, the check digit, branch 0.
pub const DOCUMENT_TYPE_TAX_AMENDMENT: u8 = 73;

impl DeclarationNumber {
    const KIND: &'static str = "declaration number";
    /// Largest 8-digit sequence.
    pub const MAX_SEQUENCE: u32 = 99_999_999;
    /// Largest branch digit: at most 9 amendments.
    pub const MAX_BRANCH: u8 = 9;

    /// Builds a number from its parts; the check digit is computed.
    pub fn new(document_type: u8, sequence: u32, branch: u8) -> Result<Self, IdError> {
        let shown = format!("{document_type}/{sequence}/{branch}");
        if !(10..=99).contains(&document_type) {
            return Err(IdError::new(
                Self::KIND,
                "document type must be two digits",
                &shown,
            ));
        }
        if sequence > Self::MAX_SEQUENCE {
            return Err(IdError::new(
                Self::KIND,
                "sequence has more than 8 digits",
                &shown,
            ));
        }
        if branch > Self::MAX_BRANCH {
            return Err(IdError::new(
                Self::KIND,
                "branch digit must be 0 to 9",
                &shown,
            ));
        }
        Ok(Self {
            document_type,
            sequence,
            branch,
        })
    }

    /// The check digit: the 8-digit sequence modulo 7.
    pub fn check_digit(self) -> u8 {
        // The remainder of a division by 7 always fits in a u8.
        u8::try_from(self.sequence % 7).unwrap_or(0)
    }

    /// The 2-digit document type (10 import, 30 export).
    pub fn document_type(self) -> u8 {
        self.document_type
    }

    /// The 8-digit sequence.
    pub fn sequence(self) -> u32 {
        self.sequence
    }

    /// The branch digit (0 = original, 1–9 = amendments).
    pub fn branch(self) -> u8 {
        self.branch
    }

    /// The same declaration with another branch digit.
    pub fn with_branch(self, branch: u8) -> Result<Self, IdError> {
        Self::new(self.document_type, self.sequence, branch)
    }

    /// The first 11 digits, which stay the same across amendments.
    pub fn base(self) -> String {
        format!(
            "{:02}{:08}{}",
            self.document_type,
            self.sequence,
            self.check_digit()
        )
    }
}

impl fmt::Display for DeclarationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.base(), self.branch)
    }
}

impl FromStr for DeclarationNumber {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        if s.len() != 12 || !all_ascii_digits(s) {
            return Err(IdError::new(Self::KIND, "must be exactly 12 digits", input));
        }
        let digits: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
        let document_type = digits[..2].iter().fold(0, |acc, d| acc * 10 + d);
        let sequence = digits[2..10].iter().fold(0, |acc, d| acc * 10 + d);
        let number = Self::new(
            u8::try_from(document_type).unwrap_or(0),
            sequence,
            u8::try_from(digits[11]).unwrap_or(0),
        )
        .map_err(|e| IdError::new(Self::KIND, e.problem, input))?;
        if u32::from(number.check_digit()) != digits[10] {
            return Err(IdError::new(
                Self::KIND,
                "check digit (11th) does not match the sequence mod 7",
                input,
            ));
        }
        Ok(number)
    }
}

impl Serialize for DeclarationNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for DeclarationNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DeclarationNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{12}$",
            "description": "12 digits: document type (2), sequence (8), check digit = sequence mod 7, branch (0-9)"
        })
    }
}

impl<'de> Deserialize<'de> for DeclarationNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// User ID

/// A VNACCS user: 5-character user code (the enterprise or agent) + 3-character user ID
/// (the person), upper-case letters and digits, written as 8 characters (seed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserId(String);

impl UserId {
    const KIND: &'static str = "user ID";

    /// The 5-character user code (enterprise or agent).
    pub fn user_code(&self) -> &str {
        &self.0[..5]
    }

    /// The 3-character personal part.
    pub fn personal_id(&self) -> &str {
        &self.0[5..]
    }

    /// The 8 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for UserId {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s: String = input.trim().chars().filter(|c| *c != '-').collect();
        if s.len() != 8 {
            return Err(IdError::new(
                Self::KIND,
                "must be 5 + 3 = 8 characters",
                input,
            ));
        }
        if !all_upper_alnum(&s) {
            return Err(IdError::new(
                Self::KIND,
                "only upper-case letters and digits are allowed",
                input,
            ));
        }
        Ok(Self(s))
    }
}
text_identifier!(UserId);

// ---------------------------------------------------------------------------------------------
// Customs office

/// Level of a customs office code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeLevel {
    /// `NNZZ`: a provincial department (Cục).
    Department,
    /// `NNAA`: a branch (Chi cục) that processes declarations.
    Branch,
    /// `NNAANN`: a processing team (Đội) of a branch.
    Team,
}

/// A customs office code (Mã cơ quan Hải quan / bộ phận xử lý): department `NNZZ`,
/// branch `NNAA` (two digits then two upper-case letters or digits) or team `NNAANN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomsOfficeCode(String);

impl CustomsOfficeCode {
    const KIND: &'static str = "customs office code";

    /// Department, branch or team.
    pub fn level(&self) -> OfficeLevel {
        if self.0.len() == 6 {
            OfficeLevel::Team
        } else if &self.0[2..] == "ZZ" {
            OfficeLevel::Department
        } else {
            OfficeLevel::Branch
        }
    }

    /// The 2-digit department number.
    pub fn department_number(&self) -> &str {
        &self.0[..2]
    }

    /// The 4-character branch part (for a team code, its branch).
    pub fn branch_code(&self) -> &str {
        &self.0[..4]
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CustomsOfficeCode {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        // Byte positions below are character positions only for ASCII text.
        if !s.is_ascii() {
            return Err(IdError::new(
                Self::KIND,
                "characters 3-4 must be upper-case letters or digits",
                input,
            ));
        }
        if s.len() != 4 && s.len() != 6 {
            return Err(IdError::new(
                Self::KIND,
                "must be 4 characters (branch) or 6 (team)",
                input,
            ));
        }
        if !all_ascii_digits(&s[..2]) {
            return Err(IdError::new(
                Self::KIND,
                "must start with the 2-digit department number",
                input,
            ));
        }
        if !all_upper_alnum(&s[2..4]) {
            return Err(IdError::new(
                Self::KIND,
                "characters 3-4 must be upper-case letters or digits",
                input,
            ));
        }
        if s.len() == 6 && (!all_ascii_digits(&s[4..]) || &s[2..4] == "ZZ") {
            return Err(IdError::new(
                Self::KIND,
                "a team code is a branch code followed by 2 digits",
                input,
            ));
        }
        Ok(Self(s.to_owned()))
    }
}
text_identifier!(CustomsOfficeCode);

// ---------------------------------------------------------------------------------------------
// HS code

/// An 8-digit code of Vietnam's tariff nomenclature (AHTN-based), e.g. `0901.11.10`.
///
/// Accepts the digits with or without the usual dots and spaces; stores the 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HsCode(String);

impl HsCode {
    const KIND: &'static str = "HS code";

    /// The 2-digit chapter, 1–97.
    pub fn chapter(&self) -> u8 {
        self.0[..2].parse().unwrap_or(0)
    }

    /// The 4-digit heading.
    pub fn heading(&self) -> &str {
        &self.0[..4]
    }

    /// The 6-digit international (WCO) subheading.
    pub fn subheading(&self) -> &str {
        &self.0[..6]
    }

    /// The 8 digits without separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Printed form `NNNN.NN.NN`.
    pub fn dotted(&self) -> String {
        format!("{}.{}.{}", &self.0[..4], &self.0[4..6], &self.0[6..])
    }

    /// The section (I–XXI, as 1–21) of the chapter.
    pub fn section(&self) -> u8 {
        section_of_chapter(self.chapter())
    }
}

/// The HS section (1–21) a chapter belongs to; 0 for a chapter that does not exist.
pub fn section_of_chapter(chapter: u8) -> u8 {
    match chapter {
        1..=5 => 1,
        6..=14 => 2,
        15 => 3,
        16..=24 => 4,
        25..=27 => 5,
        28..=38 => 6,
        39..=40 => 7,
        41..=43 => 8,
        44..=46 => 9,
        47..=49 => 10,
        50..=63 => 11,
        64..=67 => 12,
        68..=70 => 13,
        71 => 14,
        72..=83 => 15,
        84..=85 => 16,
        86..=89 => 17,
        90..=92 => 18,
        93 => 19,
        94..=96 => 20,
        97 => 21,
        _ => 0,
    }
}

impl FromStr for HsCode {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s: String = input
            .trim()
            .chars()
            .filter(|c| *c != '.' && *c != ' ')
            .collect();
        if !all_ascii_digits(&s) {
            return Err(IdError::new(Self::KIND, "must contain only digits", input));
        }
        if s.len() != 8 {
            return Err(IdError::new(
                Self::KIND,
                "Vietnam's tariff uses 8 digits",
                input,
            ));
        }
        let chapter: u8 = s[..2].parse().unwrap_or(0);
        // Chapter 77 is reserved in the HS; 98 is Vietnam's national chapter, declared with the
        // chapter 1-97 code instead (VNACCS-REFERENCE 3.3, CMD).
        if section_of_chapter(chapter) == 0 || chapter == 77 {
            return Err(IdError::new(
                Self::KIND,
                "chapter must be 01 to 97 (not 77)",
                input,
            ));
        }
        Ok(Self(s))
    }
}
text_identifier!(HsCode);

// ---------------------------------------------------------------------------------------------
// Small fixed-format codes

/// Declares a newtype over an upper-case code whose length lies in a range.
macro_rules! fixed_code {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $min:literal ..= $max:literal, $letters_only:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                let s = input.trim();
                if !($min..=$max).contains(&s.len()) {
                    let problem = if $min == $max {
                        concat!("must be ", stringify!($max), " characters")
                    } else {
                        concat!("must be ", stringify!($min), " to ", stringify!($max), " characters")
                    };
                    return Err(IdError::new($kind, problem, input));
                }
                let letters_ok = if $letters_only {
                    s.bytes().all(|b| b.is_ascii_uppercase())
                } else {
                    all_upper_alnum(s)
                };
                if !letters_ok {
                    let problem = if $letters_only {
                        "only upper-case letters A-Z are allowed"
                    } else {
                        "only upper-case letters and digits are allowed"
                    };
                    return Err(IdError::new($kind, problem, input));
                }
                Ok(Self(s.to_owned()))
            }
        }
        text_identifier!($name);
    };
}

fixed_code!(
    /// ISO 3166-1 alpha-2 country code (Mã nước), e.g. `JP`.
    CountryCode, "country code", 2..=2, true
);
fixed_code!(
    /// ISO 4217 currency code (Mã tiền tệ), e.g. `USD`.
    CurrencyCode, "currency code", 3..=3, true
);
fixed_code!(
    /// Unit of measure (UN/ECE Rec. 20), e.g. `KGM`, `PCE`; up to 4 characters in VNACCS.
    UnitCode, "unit code", 2..=4, false
);

// ---------------------------------------------------------------------------------------------
// Enterprise tax code

/// An enterprise tax code (Mã số thuế): 10 digits, or 13 for a dependent unit
/// (10 + 3, written with or without the dash; stored without it).
///
/// The official check-digit algorithm is not applied: it is not in our verified sources.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaxCode(String);

impl TaxCode {
    const KIND: &'static str = "tax code";

    /// The digits without a dash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for TaxCode {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s: String = input.trim().chars().filter(|c| *c != '-').collect();
        if !all_ascii_digits(&s) {
            return Err(IdError::new(Self::KIND, "must contain only digits", input));
        }
        if s.len() != 10 && s.len() != 13 {
            return Err(IdError::new(Self::KIND, "must be 10 or 13 digits", input));
        }
        Ok(Self(s))
    }
}
text_identifier!(TaxCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_number_round_trips_and_checks_mod_7() {
        let n = DeclarationNumber::new(10, 12_345_678, 0).unwrap();
        // 12,345,678 = 7 × 1,763,668 + 2
        assert_eq!(n.check_digit(), 2);
        assert_eq!(n.to_string(), "101234567820");
        assert_eq!("101234567820".parse::<DeclarationNumber>().unwrap(), n);
        assert_eq!(n.base(), "10123456782");
        let amended = n.with_branch(1).unwrap();
        assert_eq!(amended.to_string(), "101234567821");
        assert_eq!(amended.base(), n.base());
    }

    #[test]
    fn declaration_number_rejects_bad_input() {
        for (text, problem) in [
            ("10123456782", "must be exactly 12 digits"),
            ("1012345678200", "must be exactly 12 digits"),
            ("10123456A820", "must be exactly 12 digits"),
            ("101234567830", "check digit"),
            ("051234567820", "document type"),
        ] {
            let err = text.parse::<DeclarationNumber>().unwrap_err();
            assert!(err.problem.contains(problem), "{text}: {err}");
        }
        assert!(DeclarationNumber::new(10, 1, 10).is_err());
        assert!(DeclarationNumber::new(10, 100_000_000, 0).is_err());
    }

    #[test]
    fn check_digit_covers_every_residue() {
        for sequence in 0..14u32 {
            let n = DeclarationNumber::new(30, sequence, 0).unwrap();
            assert_eq!(u32::from(n.check_digit()), sequence % 7);
            assert_eq!(n.to_string().parse::<DeclarationNumber>().unwrap(), n);
        }
    }

    #[test]
    fn user_id_is_5_plus_3() {
        let u: UserId = "ABC12-0A1".parse().unwrap();
        assert_eq!(u.user_code(), "ABC12");
        assert_eq!(u.personal_id(), "0A1");
        assert_eq!(u.as_str(), "ABC120A1");
        assert!("abc120a1".parse::<UserId>().is_err());
        assert!("ABC1201".parse::<UserId>().is_err());
    }

    #[test]
    fn office_codes_have_three_levels() {
        let d: CustomsOfficeCode = "02ZZ".parse().unwrap();
        assert_eq!(d.level(), OfficeLevel::Department);
        let b: CustomsOfficeCode = "02CI".parse().unwrap();
        assert_eq!(b.level(), OfficeLevel::Branch);
        let t: CustomsOfficeCode = "02CI01".parse().unwrap();
        assert_eq!(t.level(), OfficeLevel::Team);
        assert_eq!(t.branch_code(), "02CI");
        assert_eq!(t.department_number(), "02");
        for bad in ["2CI", "AACI", "02ci", "02CI1A", "02ZZ01", "02C"] {
            assert!(bad.parse::<CustomsOfficeCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn hs_code_accepts_dots_and_knows_its_section() {
        let h: HsCode = "0901.11.10".parse().unwrap();
        assert_eq!(h.as_str(), "09011110");
        assert_eq!(h.dotted(), "0901.11.10");
        assert_eq!(h.chapter(), 9);
        assert_eq!(h.heading(), "0901");
        assert_eq!(h.section(), 2);
        assert_eq!("97011000".parse::<HsCode>().unwrap().section(), 21);
        for bad in [
            "090111",
            "0901111000",
            "77011000",
            "98011000",
            "0901x110",
            "",
        ] {
            assert!(bad.parse::<HsCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn sections_cover_all_97_chapters() {
        let mut seen = [false; 22];
        for chapter in 1..=97u8 {
            let s = section_of_chapter(chapter);
            assert!((1..=21).contains(&s), "chapter {chapter}");
            seen[usize::from(s)] = true;
        }
        assert!(seen[1..].iter().all(|s| *s));
    }

    #[test]
    fn small_codes_check_length_and_alphabet() {
        assert!("JP".parse::<CountryCode>().is_ok());
        assert!("jp".parse::<CountryCode>().is_err());
        assert!("J1".parse::<CountryCode>().is_err());
        assert!("USD".parse::<CurrencyCode>().is_ok());
        assert!("US".parse::<CurrencyCode>().is_err());
        assert!("KGM".parse::<UnitCode>().is_ok());
        assert!("2U".parse::<UnitCode>().is_ok());
        assert!("KILOS".parse::<UnitCode>().is_err());
    }

    #[test]
    fn tax_codes_are_10_or_13_digits() {
        assert_eq!(
            "0301234567-001".parse::<TaxCode>().unwrap().as_str(),
            "0301234567001"
        );
        assert!("0301234567".parse::<TaxCode>().is_ok());
        assert!("030123456".parse::<TaxCode>().is_err());
        assert!("03012345AB".parse::<TaxCode>().is_err());
    }

    #[test]
    fn identifiers_serialize_as_strings() {
        let n = DeclarationNumber::new(30, 7, 2).unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"300000000702\"");
        let back: DeclarationNumber = serde_json::from_str(&json).unwrap();
        assert_eq!(back, n);
        let err = serde_json::from_str::<HsCode>("\"1234\"").unwrap_err();
        assert!(err.to_string().contains("8 digits"));
    }
}
