//! A VNACCS message body: one fixed-width item per line, each followed by CRLF, in the order of
//! the job's layout (the header items, then the goods-line block once per line), items after
//! the last non-empty one left out; an empty body is one CRLF.
//!
//! Padding (as the 2014 official client pads; the real messages show the `I` case):
//! `I`/`F` right-aligned, `A`/`W` left-aligned, blanks; widths count UTF-8 bytes. `A` items take
//! no Vietnamese letter; `W` items are also capped at width/3 characters, as the official
//! client's boxes are. A value is never cut: one that does not fit is an [`ItemProblem`].

use std::collections::BTreeMap;

use super::layout::{ItemDef, Layout};
use crate::domain::text::Bilingual;

/// How an item is padded and what it may hold (the template's attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    /// I: integer, right-aligned.
    Integer,
    /// F: decimal, right-aligned.
    Decimal,
    /// A: half-width alphanumeric, left-aligned, no Vietnamese letters.
    Alphanumeric,
    /// W: Unicode (Vietnamese), left-aligned; the width counts UTF-8 bytes.
    Wide,
}

impl Attribute {
    /// The template letter.
    pub fn letter(self) -> char {
        match self {
            Self::Integer => 'I',
            Self::Decimal => 'F',
            Self::Alphanumeric => 'A',
            Self::Wide => 'W',
        }
    }
}

/// The values of one message body, by item ID; empty items are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemValues {
    /// Header items (before the goods-line block).
    pub header: BTreeMap<String, String>,
    /// One map per goods line, in order.
    pub lines: Vec<BTreeMap<String, String>>,
}

impl ItemValues {
    /// Sets a header item (an empty value removes it).
    pub fn set(&mut self, id: &str, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            self.header.remove(id);
        } else {
            self.header.insert(id.to_owned(), value);
        }
    }

    /// A header item's value.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.header.get(id).map(String::as_str)
    }
}

/// What is wrong with a value for its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// More UTF-8 bytes than the width.
    TooLong {
        /// The value's bytes.
        bytes: usize,
    },
    /// A `W` item with more characters than width/3.
    TooManyCharacters {
        /// The value's characters.
        chars: usize,
    },
    /// A Vietnamese letter (or another non-ASCII character) in an `A` item.
    NotAscii,
    /// Not digits in an `I` item.
    NotInteger,
    /// Not a decimal number (digits, one point) in an `F` item.
    NotDecimal,
    /// A line break inside a value (it would end the item).
    LineBreak,
    /// More goods lines than the layout repeats (50).
    TooManyLines {
        /// The lines given.
        lines: usize,
    },
    /// An item ID the job's layout does not have.
    UnknownItem,
}

/// A value that does not fit its item: which item, which goods line, the width and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub struct ItemProblem {
    /// Item ID.
    pub item: String,
    /// 1-based goods line, `None` for a header item.
    pub line: Option<usize>,
    /// The item's attribute.
    pub attribute: Attribute,
    /// The item's width in bytes.
    pub width: usize,
    /// The value.
    pub value: String,
    /// Why.
    pub problem: Problem,
}

impl ItemProblem {
    /// What to tell the person, each language built apart.
    pub fn message(&self) -> Bilingual {
        let item = &self.item;
        let (at_vi, at_en) = self.line.map_or_else(
            || (String::new(), String::new()),
            |n| (format!(" (dòng hàng {n})"), format!(" (goods line {n})")),
        );
        let reason = self.reason();
        Bilingual::new(
            format!("Chỉ tiêu {item}{at_vi}: {}", reason.vi),
            format!("Item {item}{at_en}: {}", reason.en),
        )
    }

    /// Why the value does not fit, without the item's name: `"…" is 40 bytes, more than…`.
    pub fn reason(&self) -> Bilingual {
        let (width, value) = (self.width, &self.value);
        let (vi, en) = match self.problem {
            Problem::TooLong { bytes } => (
                format!("dài {bytes} byte, quá độ dài {width} byte của chỉ tiêu"),
                format!("is {bytes} bytes, more than the item's {width} bytes"),
            ),
            Problem::TooManyCharacters { chars } => (
                format!("có {chars} ký tự, quá {} ký tự cho phép", width / 3),
                format!("has {chars} characters, more than the {} allowed", width / 3),
            ),
            Problem::NotAscii => (
                "có chữ có dấu hoặc ký tự không phải ASCII; chỉ tiêu chỉ nhận chữ không dấu".into(),
                "has an accented letter or a non-ASCII character; the item takes plain letters only"
                    .into(),
            ),
            Problem::NotInteger => (
                "không phải số nguyên".into(),
                "is not a whole number".into(),
            ),
            Problem::NotDecimal => (
                "không phải số thập phân (dấu chấm ngăn cách phần thập phân)".into(),
                "is not a decimal number (point as the decimal separator)".into(),
            ),
            Problem::LineBreak => ("có ký tự xuống dòng".into(), "has a line break".into()),
            Problem::TooManyLines { lines } => (
                format!("{lines} dòng hàng, tối đa {width} dòng trên một tờ khai"),
                format!("{lines} goods lines, at most {width} on one declaration"),
            ),
            Problem::UnknownItem => (
                "không có trong khuôn dạng của nghiệp vụ".into(),
                "is not in the job's layout".into(),
            ),
        };
        if matches!(self.problem, Problem::TooManyLines { .. }) {
            return Bilingual::new(vi, en);
        }
        Bilingual::new(format!("\"{value}\" {vi}"), format!("\"{value}\" {en}"))
    }
}

crate::domain::text::localized!(ItemProblem);

/// Whether the value may go in the item, and why not. `strict` checks the attribute's
/// characters; without it only the width and line breaks are checked (re-encoding a message
/// as received).
fn check(value: &str, def: &ItemDef, strict: bool) -> Result<(), Problem> {
    if value.contains(['\r', '\n']) {
        return Err(Problem::LineBreak);
    }
    if value.len() > def.width {
        return Err(Problem::TooLong { bytes: value.len() });
    }
    if !strict || value.is_empty() {
        return Ok(());
    }
    match def.attribute {
        Attribute::Alphanumeric if !value.is_ascii() => Err(Problem::NotAscii),
        Attribute::Integer if !value.bytes().all(|b| b.is_ascii_digit()) => {
            Err(Problem::NotInteger)
        }
        Attribute::Decimal if !is_decimal(value) => Err(Problem::NotDecimal),
        Attribute::Wide if value.chars().count() > def.width / 3 => {
            Err(Problem::TooManyCharacters {
                chars: value.chars().count(),
            })
        }
        _ => Ok(()),
    }
}

fn is_decimal(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks one value against its item, as the encoder would (strict).
///
/// # Errors
/// The [`ItemProblem`] that stops it being sent.
pub fn check_value(value: &str, def: &ItemDef, line: Option<usize>) -> Result<(), ItemProblem> {
    check(value, def, true).map_err(|problem| ItemProblem {
        item: def.id.clone(),
        line,
        attribute: def.attribute,
        width: def.width,
        value: value.to_owned(),
        problem,
    })
}

fn pad(out: &mut Vec<u8>, value: &str, def: &ItemDef) {
    let fill = def.width.saturating_sub(value.len());
    match def.attribute {
        Attribute::Integer | Attribute::Decimal => {
            out.resize(out.len() + fill, b' ');
            out.extend_from_slice(value.as_bytes());
        }
        Attribute::Alphanumeric | Attribute::Wide => {
            out.extend_from_slice(value.as_bytes());
            out.resize(out.len() + fill, b' ');
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// Encodes a body. `strict` checks every value against its attribute (a declaration being
/// sent); without it only widths are checked (a decoded message re-encoded as it came).
///
/// # Errors
/// Every value that does not fit, all at once; more goods lines than the layout repeats; an
/// item ID the layout does not have.
pub fn encode(
    layout: &Layout,
    values: &ItemValues,
    strict: bool,
) -> Result<Vec<u8>, Vec<ItemProblem>> {
    let mut problems = Vec::new();
    let mut slots: Vec<(&ItemDef, Option<&str>, Option<usize>)> = Vec::new();
    for def in layout.header_items() {
        slots.push((def, values.get(&def.id), None));
    }
    if values.lines.len() > layout.repeat {
        problems.push(ItemProblem {
            item: layout
                .line_items()
                .first()
                .map_or_else(String::new, |d| d.id.clone()),
            line: Some(values.lines.len()),
            attribute: Attribute::Integer,
            width: layout.repeat,
            value: values.lines.len().to_string(),
            problem: Problem::TooManyLines {
                lines: values.lines.len(),
            },
        });
    }
    for (n, line) in values.lines.iter().enumerate().take(layout.repeat) {
        for def in layout.line_items() {
            slots.push((def, line.get(&def.id).map(String::as_str), Some(n + 1)));
        }
    }
    let known = |id: &String| layout.item(id).is_some();
    for id in values
        .header
        .keys()
        .chain(values.lines.iter().flat_map(BTreeMap::keys))
        .filter(|id| !known(id))
    {
        problems.push(ItemProblem {
            item: id.clone(),
            line: None,
            attribute: Attribute::Alphanumeric,
            width: 0,
            value: String::new(),
            problem: Problem::UnknownItem,
        });
    }
    let last = slots
        .iter()
        .rposition(|(_, v, _)| v.is_some_and(|v| !v.is_empty()))
        .map_or(0, |p| p + 1);
    let mut body = Vec::new();
    for (def, value, line) in &slots[..last] {
        let value = value.unwrap_or_default();
        match check(value, def, strict) {
            Ok(()) => pad(&mut body, value, def),
            Err(problem) => problems.push(ItemProblem {
                item: def.id.clone(),
                line: *line,
                attribute: def.attribute,
                width: def.width,
                value: value.to_owned(),
                problem,
            }),
        }
    }
    if last == 0 {
        body.extend_from_slice(b"\r\n");
    }
    if problems.is_empty() {
        Ok(body)
    } else {
        Err(problems)
    }
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The body does not end with CRLF.
    #[error("the body does not end with CRLF")]
    NoFinalCrlf,
    /// More items than the layout holds (header + 50 goods lines).
    #[error("{0} items, more than the layout holds")]
    TooManyItems(usize),
    /// An item is not as wide as the layout says.
    #[error("item {order} ({item}) is {bytes} bytes, not its {width}")]
    Width {
        /// 1-based position in the body.
        order: usize,
        /// The item ID there.
        item: String,
        /// Its bytes.
        bytes: usize,
        /// The layout's width.
        width: usize,
    },
    /// An item is not UTF-8.
    #[error("item {0} is not UTF-8")]
    NotUtf8(usize),
}

/// Decodes a body against a layout: values with their padding removed (`I`/`F` leading blanks,
/// `A`/`W` trailing blanks), empty items left out.
///
/// # Errors
/// See [`BodyError`]; an item of the wrong width is an error (the real client pads every item).
pub fn decode(layout: &Layout, body: &[u8]) -> Result<ItemValues, BodyError> {
    let mut values = ItemValues::default();
    if body.is_empty() || body == b"\r\n" {
        return Ok(values);
    }
    let Some(content) = body.strip_suffix(b"\r\n") else {
        return Err(BodyError::NoFinalCrlf);
    };
    let header = layout.header_items();
    let line_items = layout.line_items();
    let capacity = header.len() + layout.repeat * line_items.len();
    for (index, raw) in split_crlf(content).enumerate() {
        if index >= capacity {
            return Err(BodyError::TooManyItems(index + 1));
        }
        let (def, line) = if index < header.len() {
            (&header[index], None)
        } else {
            let offset = index - header.len();
            (
                &line_items[offset % line_items.len()],
                Some(offset / line_items.len()),
            )
        };
        if raw.len() != def.width {
            return Err(BodyError::Width {
                order: index + 1,
                item: def.id.clone(),
                bytes: raw.len(),
                width: def.width,
            });
        }
        let text = std::str::from_utf8(raw).map_err(|_| BodyError::NotUtf8(index + 1))?;
        let value = match def.attribute {
            Attribute::Integer | Attribute::Decimal => text.trim_start_matches(' '),
            Attribute::Alphanumeric | Attribute::Wide => text.trim_end_matches(' '),
        };
        let map = match line {
            None => &mut values.header,
            Some(n) => {
                if values.lines.len() <= n {
                    values.lines.resize_with(n + 1, BTreeMap::new);
                }
                &mut values.lines[n]
            }
        };
        if !value.is_empty() {
            map.insert(def.id.clone(), value.to_owned());
        }
    }
    Ok(values)
}

fn split_crlf(content: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(content);
    std::iter::from_fn(move || {
        let current = rest?;
        if let Some(p) = current.windows(2).position(|w| w == b"\r\n") {
            rest = Some(&current[p + 2..]);
            Some(&current[..p])
        } else {
            rest = None;
            Some(current)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::vnaccs::layout;

    #[test]
    fn items_are_padded_by_attribute_and_counted_in_utf8_bytes() {
        let ida = layout::get("IDA").unwrap();
        let mut values = ItemValues::default();
        values.set("ICB", "A11");
        values.set("IMN", "Công ty Cà phê");
        values.set("NO", "42");
        let body = encode(ida, &values, true).unwrap();
        let text = String::from_utf8(body.clone()).unwrap();
        let items: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        // NO (item 36) is the last non-empty one: 36 items, nothing after it.
        assert_eq!(items.len(), 36);
        assert_eq!(items[5], "A11");
        // "Công ty Cà phê" is 18 UTF-8 bytes: 282 blanks fill IMN's 300.
        assert_eq!(items[14].len(), 300);
        assert!(items[14].starts_with("Công ty Cà phê "));
        assert_eq!(items[35], "      42");
        assert_eq!(items[0], " ".repeat(12));
        assert_eq!(decode(ida, &body).unwrap(), values);
    }

    #[test]
    fn a_value_that_does_not_fit_is_named_never_cut() {
        let ida = layout::get("IDA").unwrap();
        let mut values = ItemValues::default();
        values.set("ICB", "A111");
        values.set("CH", "Hà Nội");
        values.set("NO", "4.5");
        values.set("GW", "1,5");
        values.set("IMN", "Đ".repeat(101));
        values.set("MRK", "a\nb");
        let problems = encode(ida, &values, true).unwrap_err();
        let got: Vec<(&str, Problem)> = problems
            .iter()
            .map(|p| (p.item.as_str(), p.problem))
            .collect();
        assert_eq!(
            got,
            [
                ("ICB", Problem::TooLong { bytes: 4 }),
                ("CH", Problem::TooLong { bytes: 9 }),
                ("IMN", Problem::TooManyCharacters { chars: 101 }),
                ("NO", Problem::NotInteger),
                ("GW", Problem::NotDecimal),
                ("MRK", Problem::LineBreak),
            ]
        );
        assert!(problems[2].message().vi.contains("quá 100 ký tự"));
        crate::domain::text::assert_apart(&problems[0]);
    }

    #[test]
    fn an_empty_body_is_one_crlf_and_goods_lines_follow_the_header() {
        let ida = layout::get("IDA").unwrap();
        assert_eq!(encode(ida, &ItemValues::default(), true).unwrap(), b"\r\n");
        let values = ItemValues {
            lines: vec![
                BTreeMap::new(),
                BTreeMap::from([("QN1".into(), "3".into())]),
            ],
            ..ItemValues::default()
        };
        let body = encode(ida, &values, true).unwrap();
        // 175 header items + 46 of line 1 + QN1 is the 12th item of line 2.
        assert_eq!(
            body.windows(2).filter(|w| w == b"\r\n").count(),
            175 + 46 + 12
        );
        let back = decode(ida, &body).unwrap();
        assert_eq!(back.lines.len(), 2);
        assert_eq!(back.lines[1]["QN1"], "3");
        assert_eq!(decode(ida, b"abc"), Err(BodyError::NoFinalCrlf));
        assert_eq!(
            decode(ida, b"abc\r\n"),
            Err(BodyError::Width {
                order: 1,
                item: "ICN".into(),
                bytes: 3,
                width: 12
            })
        );
    }
}
