//! Numbers and dates as a person types and reads them, in the convention of the language shown.
//!
//! - Vietnamese (the form's convention, TCVN and the official client): `.` groups thousands and
//!   `,` is the decimal mark — `1.234.567,5`. English: the reverse — `1,234,567.5`. Spaces (also
//!   no-break and narrow no-break spaces) may group thousands in both.
//! - Anything that could be read two ways is refused, never guessed: `1.5` in Vietnamese (a
//!   thousands group needs 3 digits), `1.234,56` in English, two decimal marks, a group of 2 or 4
//!   digits. The message says how to write it.
//! - Precision is the field's: VNACCS accepts at most 2 decimals for quantities, 4 for invoice
//!   values and 6 for unit prices, none for VND amounts (TT 38/2015/TT-BTC art. 18.5; see
//!   `VNACCS-REFERENCE.md` §5.3). More digits are refused with the limit named; nothing is rounded
//!   silently.
//! - Dates: `dd/mm/yyyy` as the official form shows them, with `/`, `-`, `.` or no separator
//!   (`25112026`, VNACCS's own DDMMYYYY), one-digit day or month, or ISO `yyyy-mm-dd`.
//!
//! Pure: no IO, no clock, no locale of the machine.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::text::Bilingual;

/// Which character is the decimal mark (the other one groups thousands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1.234,56` — Vietnamese.
    Comma,
    /// `1,234.56` — English.
    Point,
}

impl DecimalMark {
    /// The mark used with the window's language.
    pub fn for_vietnamese(vietnamese: bool) -> Self {
        if vietnamese { Self::Comma } else { Self::Point }
    }

    fn mark(self) -> char {
        match self {
            Self::Comma => ',',
            Self::Point => '.',
        }
    }

    fn group(self) -> char {
        match self {
            Self::Comma => '.',
            Self::Point => ',',
        }
    }

    /// An example in this convention, for messages.
    fn example(self) -> &'static str {
        match self {
            Self::Comma => "1.234,5",
            Self::Point => "1,234.5",
        }
    }
}

/// How many decimals a field takes (VNACCS input precision, TT 38/2015 art. 18.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Precision(pub u32);

impl Precision {
    /// Counts (packages): whole numbers.
    pub const COUNT: Self = Self(0);
    /// Quantities: 2 decimals.
    pub const QUANTITY: Self = Self(2);
    /// Gross weight (kilograms to the gram): 3 decimals, as the rules check it.
    pub const WEIGHT: Self = Self(3);
    /// Invoice values (foreign currency): 4 decimals.
    pub const VALUE: Self = Self(4);
    /// Unit prices: 6 decimals.
    pub const UNIT_PRICE: Self = Self(6);
}

/// Why a typed number or date cannot be taken. Every variant keeps what was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// Not a number at all.
    #[error("not a number: {text}")]
    NotANumber {
        /// What was typed.
        text: String,
        /// The convention in force.
        mark: DecimalMark,
    },
    /// The thousands grouping is wrong, or the marks are in the other convention: two readings
    /// are possible, so none is taken.
    #[error("ambiguous number: {text}")]
    Ambiguous {
        /// What was typed.
        text: String,
        /// The convention in force.
        mark: DecimalMark,
    },
    /// More decimals than the field takes.
    #[error("too many decimals: {text}")]
    TooManyDecimals {
        /// What was typed.
        text: String,
        /// The field's limit.
        max: u32,
    },
    /// Below zero: no declared amount is negative (adjustments carry their sign in a code).
    #[error("negative: {text}")]
    Negative {
        /// What was typed.
        text: String,
    },
    /// Larger than any declared amount can be (28 significant digits).
    #[error("too large: {text}")]
    TooLarge {
        /// What was typed.
        text: String,
    },
    /// Not a date in a form this module reads, or not a day of the calendar.
    #[error("not a date: {text}")]
    NotADate {
        /// What was typed.
        text: String,
    },
}

impl EntryError {
    /// What to tell the person, in both languages.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::NotANumber { text, mark } => Bilingual::new(
                format!("«{text}» không phải là số (ví dụ {})", mark.example()),
                format!("«{text}» is not a number (e.g. {})", mark.example()),
            ),
            Self::Ambiguous { text, mark } => {
                let (group, decimal) = (mark.group(), mark.mark());
                Bilingual::new(
                    format!(
                        "«{text}» có thể hiểu hai cách: dấu «{group}» tách hàng nghìn (nhóm 3 chữ số), dấu «{decimal}» là dấu thập phân (ví dụ {})",
                        mark.example()
                    ),
                    format!(
                        "«{text}» can be read two ways: «{group}» separates thousands (groups of 3 digits) and «{decimal}» is the decimal mark (e.g. {})",
                        mark.example()
                    ),
                )
            }
            Self::TooManyDecimals { text, max: 0 } => Bilingual::new(
                format!("«{text}»: chỉ tiêu này là số nguyên, không có phần thập phân"),
                format!("«{text}»: this field takes whole numbers only"),
            ),
            Self::TooManyDecimals { text, max } => Bilingual::new(
                format!(
                    "«{text}»: VNACCS nhận tối đa {max} chữ số thập phân cho chỉ tiêu này; không tự làm tròn"
                ),
                format!(
                    "«{text}»: VNACCS takes at most {max} decimals for this field; nothing is rounded for you"
                ),
            ),
            Self::Negative { text } => Bilingual::new(
                format!("«{text}»: không khai số âm"),
                format!("«{text}»: negative amounts are not declared"),
            ),
            Self::TooLarge { text } => Bilingual::new(
                format!("«{text}»: số quá lớn"),
                format!("«{text}»: the number is too large"),
            ),
            Self::NotADate { text } => Bilingual::new(
                format!("«{text}» không phải ngày hợp lệ (nhập ngày/tháng/năm, ví dụ 25/11/2026)"),
                format!("«{text}» is not a valid date (type day/month/year, e.g. 25/11/2026)"),
            ),
        }
    }
}

super::text::localized!(EntryError);

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Whether `part` is thousands groups joined by `separator`: 1–3 digits, then groups of 3.
/// A first group starting with `0` (`0.500`, `00.500`) is no thousands group: refused.
fn valid_groups(part: &str, separator: char) -> bool {
    let mut groups = part.split(separator);
    let first_ok = groups.next().is_some_and(|g| {
        (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()) && !g.starts_with('0')
    });
    first_ok && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Reads a typed number in the convention `mark`, with at most `precision` decimals.
///
/// `1.500` → 1500 and `1.234,56` → 1234.56 and `1,5` → 1.5 with [`DecimalMark::Comma`];
/// `1,500` → 1500 and `1,234.56` → 1234.56 with [`DecimalMark::Point`].
///
/// # Errors
/// [`EntryError`] naming what is wrong; nothing is guessed or rounded.
pub fn parse_number(
    typed: &str,
    mark: DecimalMark,
    precision: Precision,
) -> Result<Decimal, EntryError> {
    let text = typed.trim();
    let owned = || text.to_owned();
    let body = match text.strip_prefix(['-', '−']) {
        Some(_) => return Err(EntryError::Negative { text: owned() }),
        None => text.strip_prefix('+').unwrap_or(text),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c))
    {
        return Err(EntryError::NotANumber {
            text: owned(),
            mark,
        });
    }
    let ambiguous = || EntryError::Ambiguous {
        text: owned(),
        mark,
    };
    // Spaces group thousands like the group character; both may not be mixed.
    let has_space = body.chars().any(is_space);
    let has_group = body.contains(mark.group());
    if has_space && has_group {
        return Err(ambiguous());
    }
    let (integer, fraction) = match body.split_once(mark.mark()) {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (body, None),
    };
    if let Some(fraction) = fraction
        && (fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()))
    {
        // A second mark, a group separator or a space after the decimal mark.
        return Err(ambiguous());
    }
    if integer.is_empty() {
        return Err(ambiguous());
    }
    let digits: String = if has_space {
        let normalised: String = integer
            .chars()
            .map(|c| if is_space(c) { ' ' } else { c })
            .collect();
        if !valid_groups(&normalised, ' ') {
            return Err(ambiguous());
        }
        normalised.replace(' ', "")
    } else if has_group {
        if !valid_groups(integer, mark.group()) {
            return Err(ambiguous());
        }
        integer.replace(mark.group(), "")
    } else {
        integer.to_owned()
    };
    let decimals = fraction.map_or(0, str::len);
    if u32::try_from(decimals).map_or(true, |d| d > precision.0) {
        return Err(EntryError::TooManyDecimals {
            text: owned(),
            max: precision.0,
        });
    }
    let canonical = match fraction {
        Some(fraction) => format!("{digits}.{fraction}"),
        None => digits,
    };
    // Exactly, or not at all: `parse` would round past 28 significant digits.
    Decimal::from_str_exact(&canonical).map_err(|_| EntryError::TooLarge { text: owned() })
}

/// Shows a number in the convention `mark`, thousands grouped, without trailing zeros:
/// `1234567.50` → `1.234.567,5` (Comma) or `1,234,567.5` (Point).
pub fn format_number(value: Decimal, mark: DecimalMark) -> String {
    let normal = value.normalize();
    let text = normal.abs().to_string();
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 2);
    if normal.is_sign_negative() && !normal.is_zero() {
        out.push('-');
    }
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            out.push(mark.group());
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push(mark.mark());
        out.push_str(fraction);
    }
    out
}

/// Reads a typed date: `dd/mm/yyyy` (also with `-` or `.`, one-digit day or month),
/// `ddmmyyyy`, or ISO `yyyy-mm-dd`.
///
/// # Errors
/// [`EntryError::NotADate`] for any other form, a two-digit year, or a day not in the calendar
/// (`31/02/2026`, `29/02/2027`).
pub fn parse_date(typed: &str) -> Result<NaiveDate, EntryError> {
    let text = typed.trim();
    let fail = || EntryError::NotADate {
        text: text.to_owned(),
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (day, month, year) = if text.len() == 8 && text.chars().all(|c| c.is_ascii_digit()) {
        (&text[0..2], &text[2..4], &text[4..8])
    } else {
        let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
        match parts.as_slice() {
            // ISO: the year first, with dashes.
            [y, m, d] if y.len() == 4 && text.contains('-') => (*d, *m, *y),
            [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => (*d, *m, *y),
            _ => return Err(fail()),
        }
    };
    let (Some(day), Some(month), Some(year)) = (number(day), number(month), number(year)) else {
        return Err(fail());
    };
    let year = i32::try_from(year).map_err(|_| fail())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(fail)
}

/// Shows a date as the official form does: `dd/mm/yyyy`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalMark::{Comma, Point};

    fn vi(text: &str, precision: Precision) -> Result<Decimal, EntryError> {
        parse_number(text, Comma, precision)
    }

    fn en(text: &str, precision: Precision) -> Result<Decimal, EntryError> {
        parse_number(text, Point, precision)
    }

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    const Q: Precision = Precision::QUANTITY;
    const P: Precision = Precision::UNIT_PRICE;

    #[test]
    fn vietnamese_numbers_read_as_brokers_write_them() {
        assert_eq!(vi("1.500", Q), Ok(dec("1500")));
        assert_eq!(vi("1.234,56", Q), Ok(dec("1234.56")));
        assert_eq!(vi("1,5", Q), Ok(dec("1.5")));
        assert_eq!(vi("12.345.678", Q), Ok(dec("12345678")));
        assert_eq!(vi("1500", Q), Ok(dec("1500")));
        assert_eq!(vi(" 1 500,25 ", Q), Ok(dec("1500.25")));
        assert_eq!(vi("1\u{a0}234\u{a0}567", Q), Ok(dec("1234567")));
        assert_eq!(vi("0,000125", P), Ok(dec("0.000125")));
        assert_eq!(vi("+7", Q), Ok(dec("7")));
    }

    #[test]
    fn english_numbers_read_the_other_way() {
        assert_eq!(en("1,500", Q), Ok(dec("1500")));
        assert_eq!(en("1,234.56", Q), Ok(dec("1234.56")));
        assert_eq!(en("1.5", Q), Ok(dec("1.5")));
        assert_eq!(en("1 234.5", Q), Ok(dec("1234.5")));
    }

    #[test]
    fn anything_with_two_readings_is_refused_not_guessed() {
        for typed in [
            "0.500",
            "00.500",
            "0.000.500",
            "1.5",
            "1.50",
            "1.2345",
            "1,234.56",
            "1.234.5",
            "1,2,3",
            "1.234 567",
            ",5",
            "1,",
            "12.34.567",
        ] {
            assert!(
                matches!(vi(typed, P), Err(EntryError::Ambiguous { .. })),
                "vi {typed}: {:?}",
                vi(typed, P)
            );
        }
        for typed in ["1,5", "1.234,56", "1,23", "1.2.3"] {
            assert!(
                matches!(en(typed, P), Err(EntryError::Ambiguous { .. })),
                "en {typed}: {:?}",
                en(typed, P)
            );
        }
    }

    #[test]
    fn what_is_not_a_number_says_so_in_both_languages() {
        for typed in ["", "abc", "1e5", "12kg", "1_000", "١٢"] {
            let err = vi(typed, Q).unwrap_err();
            assert!(
                matches!(err, EntryError::NotANumber { .. }),
                "{typed}: {err:?}"
            );
        }
        let message = vi("12kg", Q).unwrap_err().message();
        assert!(message.vi.contains("không phải là số"), "{}", message.vi);
        assert!(message.vi.contains("1.234,5"), "{}", message.vi);
        assert!(message.en.contains("is not a number"), "{}", message.en);
        assert_eq!(vi("-5", Q), Err(EntryError::Negative { text: "-5".into() }));
        assert!(matches!(
            vi("99999999999999999999999999999999", Q),
            Err(EntryError::TooLarge { .. })
        ));
        // Beyond what 96 bits hold exactly (30 significant digits): refused, not rounded.
        assert!(matches!(
            vi("123.456.789.012.345.678.901.234,567891", P),
            Err(EntryError::TooLarge { .. })
        ));
        assert_eq!(vi("0,500", P), Ok(dec("0.500")));
        assert_eq!(en("0.5", Q), Ok(dec("0.5")));
    }

    #[test]
    fn precision_is_the_fields_and_nothing_is_rounded() {
        assert_eq!(vi("10,25", Q), Ok(dec("10.25")));
        let err = vi("10,255", Q).unwrap_err();
        assert_eq!(
            err,
            EntryError::TooManyDecimals {
                text: "10,255".into(),
                max: 2
            }
        );
        assert!(err.message().vi.contains("tối đa 2 chữ số thập phân"));
        assert!(vi("3,5", Precision::COUNT).is_err());
        assert!(
            vi("3,5", Precision::COUNT)
                .unwrap_err()
                .message()
                .en
                .contains("whole numbers")
        );
        assert_eq!(vi("1,123456", P), Ok(dec("1.123456")));
        assert!(vi("1,1234567", P).is_err());
    }

    #[test]
    fn numbers_show_in_the_convention_they_are_read_in() {
        let value = dec("1234567.50");
        assert_eq!(format_number(value, Comma), "1.234.567,5");
        assert_eq!(format_number(value, Point), "1,234,567.5");
        assert_eq!(format_number(dec("999"), Comma), "999");
        assert_eq!(format_number(dec("0.000125"), Comma), "0,000125");
        assert_eq!(format_number(dec("-5000"), Point), "-5,000");
        // What is shown reads back to the same value, in both conventions.
        for text in [
            "0",
            "1",
            "12.5",
            "1500",
            "1234.56",
            "1234567.891234",
            "100000000",
        ] {
            let value = dec(text);
            for mark in [Comma, Point] {
                assert_eq!(
                    parse_number(&format_number(value, mark), mark, P),
                    Ok(value.normalize()),
                    "{text} {mark:?}"
                );
            }
        }
    }

    #[test]
    fn dates_are_read_day_first_as_on_the_form() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        for typed in [
            "25/11/2026",
            "25-11-2026",
            "25.11.2026",
            "25112026",
            "2026-11-25",
            " 25/11/2026 ",
        ] {
            assert_eq!(parse_date(typed), Ok(day), "{typed}");
        }
        assert_eq!(
            parse_date("5/1/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())
        );
        assert_eq!(
            parse_date("29/02/2028"),
            Ok(NaiveDate::from_ymd_opt(2028, 2, 29).unwrap())
        );
        for typed in [
            "29/02/2027",
            "31/04/2026",
            "25/11/26",
            "11/25/2026",
            "2026/11/25",
            "25 11 2026",
            "hôm nay",
            "",
        ] {
            assert!(
                matches!(parse_date(typed), Err(EntryError::NotADate { .. })),
                "{typed}: {:?}",
                parse_date(typed)
            );
        }
        assert_eq!(format_date(day), "25/11/2026");
        assert!(
            parse_date("31/02/2026")
                .unwrap_err()
                .message()
                .vi
                .contains("25/11/2026")
        );
    }
}
