//! The real VNACCS message framing (VNACCS-REFERENCE §2.2–2.4): a 398-byte header plus CRLF,
//! then one CRLF-terminated, fixed-width item per line. Not used by the simulator protocol; this
//! is the layer a future live connection will speak.
//!
//! Verified against the reference: header offsets and lengths (§2.2, from the 2014 official
//! client's constants), request header values, item padding rules, UTF-8 byte counting, trailing
//! empty items dropped (§2.3), result-code format `XNNNN-IIII-RRRR` (§2.4), and the logged 2014
//! sample "an IDC request of 414 bytes = 400 + one 12-byte right-aligned declaration number +
//! CRLF". Not verified: anything against a live server (unreachable from here), the meaning of
//! the response's Pattern `Q`, Server info and the 7th character of output codes.

use std::fmt;

use crate::domain::text::Bilingual;

/// Header length without the CRLF.
pub const HEADER_BYTES: usize = 398;

/// One header field: offset and width in bytes.
#[derive(Debug, Clone, Copy)]
struct Field {
    offset: usize,
    width: usize,
}

const fn field(offset: usize, width: usize) -> Field {
    Field { offset, width }
}

const CONTROL: Field = field(0, 3);
const JOB: Field = field(3, 5);
const OUTPUT_CODE: Field = field(8, 7);
const SERVER_TIME: Field = field(15, 14);
const USER_ID: Field = field(29, 8);
const PASSWORD: Field = field(37, 8);
const TERMINAL: Field = field(45, 6);
const SUBJECT: Field = field(115, 64);
const DATA_INFO: Field = field(219, 26);
const DIVISION: Field = field(245, 3);
const END_FLAG: Field = field(248, 1);
const DATA_TYPE: Field = field(249, 1);
const SYSTEM: Field = field(364, 1);
const LENGTH: Field = field(392, 6);

/// How an item is padded (the template's attribute).
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

/// One body item: its value, attribute and width in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The value (may be empty).
    pub value: String,
    /// Padding rule.
    pub attribute: Attribute,
    /// Width in bytes (the template's `figure`).
    pub width: usize,
}

/// Why a message could not be framed or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum FramingError {
    /// A value does not fit its width or attribute.
    Item {
        /// 1-based item number.
        index: usize,
        /// The value.
        value: String,
        /// The width.
        width: usize,
    },
    /// A header value does not fit.
    Header(&'static str),
    /// A response is shorter than its header or its declared length.
    Truncated(usize),
}

impl FramingError {
    /// What to tell the person, each language built apart.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Item {
                index,
                value,
                width,
            } => Bilingual::new(
                format!(
                    "Chỉ tiêu thứ {index} \"{value}\" không vừa độ dài {width} byte hoặc sai kiểu"
                ),
                format!("Item {index} \"{value}\" does not fit {width} bytes or its type"),
            ),
            Self::Header(field) => Bilingual::new(
                format!("Trường tiêu đề {field} quá dài hoặc có ký tự không hợp lệ"),
                format!("Header field {field} is too long or has invalid characters"),
            ),
            Self::Truncated(bytes) => Bilingual::new(
                format!("Thông điệp trả về bị cắt: {bytes} byte"),
                format!("The answer is truncated: {bytes} bytes"),
            ),
        }
    }
}

crate::domain::text::localized!(FramingError);

/// What a declarant's request carries in its header.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestHeader {
    /// Job code, e.g. `IDC`, `IDA01`.
    pub job: String,
    /// User code (5) + user ID (3).
    pub user_id: String,
    /// The user's password (plain text inside TLS, as the official software sends it).
    pub password: String,
    /// Terminal ID (logical terminal name).
    pub terminal_id: String,
    /// Client message key, echoed by the server: terminal ID + `yyyyMMddHHmmss` + 6-digit counter.
    pub message_key: String,
}

impl fmt::Debug for RequestHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHeader")
            .field("job", &self.job)
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .field("terminal_id", &self.terminal_id)
            .field("message_key", &self.message_key)
            .finish()
    }
}

fn put(header: &mut [u8], f: Field, value: &str, name: &'static str) -> Result<(), FramingError> {
    if value.len() > f.width || !value.is_ascii() {
        return Err(FramingError::Header(name));
    }
    header[f.offset..f.offset + value.len()].copy_from_slice(value.as_bytes());
    Ok(())
}

/// Pads one item to its width.
fn pad(index: usize, item: &Item) -> Result<String, FramingError> {
    let bad = || FramingError::Item {
        index,
        value: item.value.clone(),
        width: item.width,
    };
    let bytes = item.value.len();
    if bytes > item.width {
        return Err(bad());
    }
    let fill = " ".repeat(item.width - bytes);
    match item.attribute {
        Attribute::Integer if !item.value.bytes().all(|b| b.is_ascii_digit()) => Err(bad()),
        Attribute::Decimal
            if !item
                .value
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') =>
        {
            Err(bad())
        }
        Attribute::Alphanumeric if !item.value.is_ascii() => Err(bad()),
        Attribute::Integer | Attribute::Decimal => Ok(format!("{fill}{}", item.value)),
        Attribute::Alphanumeric | Attribute::Wide => Ok(format!("{}{fill}", item.value)),
    }
}

/// Frames a request: header + CRLF + items (each padded, each followed by CRLF), trailing empty
/// items dropped, header length field = total bytes.
pub fn encode_request(header: &RequestHeader, items: &[Item]) -> Result<Vec<u8>, FramingError> {
    let last = items
        .iter()
        .rposition(|i| !i.value.is_empty())
        .map_or(0, |p| p + 1);
    let mut body = String::new();
    for (index, item) in items[..last].iter().enumerate() {
        body.push_str(&pad(index + 1, item)?);
        body.push_str("\r\n");
    }
    let mut head = vec![b' '; HEADER_BYTES];
    put(&mut head, CONTROL, "SS", "control")?;
    put(&mut head, JOB, &header.job, "job")?;
    put(&mut head, USER_ID, &header.user_id, "user_id")?;
    put(&mut head, PASSWORD, &header.password, "password")?;
    put(&mut head, TERMINAL, &header.terminal_id, "terminal_id")?;
    put(&mut head, DATA_INFO, &header.message_key, "message_key")?;
    put(&mut head, DIVISION, "001", "division")?;
    put(&mut head, END_FLAG, "E", "end_flag")?;
    put(&mut head, SYSTEM, "1", "system")?;
    let total = HEADER_BYTES + 2 + body.len();
    put(&mut head, LENGTH, &format!("{total:06}"), "length")?;
    let mut message = head;
    message.extend_from_slice(b"\r\n");
    message.extend_from_slice(body.as_bytes());
    Ok(message)
}

/// A result code `XNNNN-IIII-RRRR`: code, item ID, repetition (goods line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultEntry {
    /// E.g. `00000`, `E0399`.
    pub code: String,
    /// The item ID, `0000` for the whole message.
    pub item: String,
    /// The repetition index (goods line), `0000` if none.
    pub repetition: String,
}

/// The parts of a server answer's header a client uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHeader {
    /// `SSR` for an interactive answer.
    pub control: String,
    /// Echoed job code.
    pub job: String,
    /// Output code (`*VIDC` for a result-only answer, `VAD1AC0`…).
    pub output_code: String,
    /// Server receive time `yyyyMMddHHmm`.
    pub server_time: String,
    /// Result codes carried in the subject.
    pub results: Vec<ResultEntry>,
    /// The echoed client message key.
    pub message_key: String,
    /// `R` result, `M` result + data, `C` other output.
    pub data_type: String,
    /// Total length of this message.
    pub length: usize,
}

fn text(bytes: &[u8], f: Field) -> String {
    String::from_utf8_lossy(&bytes[f.offset..f.offset + f.width])
        .trim_end()
        .to_owned()
}

/// Reads an answer's header and the body items (split at CRLF, padding removed).
pub fn decode_response(message: &[u8]) -> Result<(ResponseHeader, Vec<String>), FramingError> {
    if message.len() < HEADER_BYTES + 2 {
        return Err(FramingError::Truncated(message.len()));
    }
    let length: usize = text(message, LENGTH)
        .trim()
        .parse()
        .unwrap_or(message.len());
    if length > message.len() || length < HEADER_BYTES + 2 {
        return Err(FramingError::Truncated(message.len()));
    }
    let results = text(message, SUBJECT)
        .split_whitespace()
        .filter_map(|entry| {
            let mut parts = entry.splitn(3, '-');
            let code = parts.next()?.to_owned();
            (code.len() == 5).then(|| ResultEntry {
                code,
                item: parts.next().unwrap_or("0000").trim().to_owned(),
                repetition: parts.next().unwrap_or("0000").to_owned(),
            })
        })
        .collect();
    let header = ResponseHeader {
        control: text(message, CONTROL),
        job: text(message, JOB),
        output_code: text(message, OUTPUT_CODE),
        server_time: text(message, SERVER_TIME),
        results,
        message_key: text(message, DATA_INFO),
        data_type: text(message, DATA_TYPE),
        length,
    };
    let body = String::from_utf8_lossy(&message[HEADER_BYTES + 2..length]);
    let items = body
        .split("\r\n")
        .map(|item| item.trim().to_owned())
        .collect::<Vec<_>>();
    let items = match items.last() {
        Some(last) if last.is_empty() => items[..items.len() - 1].to_vec(),
        _ => items,
    };
    Ok((header, items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framing_error_has_its_message_apart_in_each_language() {
        for err in [
            FramingError::Item {
                index: 3,
                value: "A / B".into(),
                width: 2,
            },
            FramingError::Header("user"),
            FramingError::Truncated(12),
        ] {
            crate::domain::text::assert_apart(&err);
        }
    }

    fn header(job: &str) -> RequestHeader {
        RequestHeader {
            job: job.into(),
            user_id: "ABCDE001".into(),
            password: "secret12".into(),
            terminal_id: "KB0001".into(),
            message_key: "KB000120261123090000000001".into(),
        }
    }

    #[test]
    fn an_idc_request_is_414_bytes_like_the_2014_sample() {
        // IDC body: ICN (I12, right-aligned) + JKN (A1, print flag) left empty and dropped.
        let items = [
            Item {
                value: "101234567820".into(),
                attribute: Attribute::Integer,
                width: 12,
            },
            Item {
                value: String::new(),
                attribute: Attribute::Alphanumeric,
                width: 1,
            },
        ];
        let message = encode_request(&header("IDC"), &items).unwrap();
        assert_eq!(message.len(), 414);
        assert_eq!(&message[392..398], b"000414");
        assert_eq!(&message[0..3], b"SS ");
        assert_eq!(&message[3..8], b"IDC  ");
        assert_eq!(&message[29..37], b"ABCDE001");
        assert_eq!(&message[45..51], b"KB0001");
        assert_eq!(&message[219..245], b"KB000120261123090000000001");
        assert_eq!(&message[245..249], b"001E");
        assert_eq!(message[364], b'1');
        assert_eq!(&message[398..400], b"\r\n");
        assert_eq!(&message[400..], b"101234567820\r\n");
    }

    #[test]
    fn items_are_padded_by_attribute_and_counted_in_utf8_bytes() {
        let items = [
            Item {
                value: "42".into(),
                attribute: Attribute::Integer,
                width: 5,
            },
            Item {
                value: "A11".into(),
                attribute: Attribute::Alphanumeric,
                width: 5,
            },
            Item {
                value: "Cà phê".into(),
                attribute: Attribute::Wide,
                width: 12,
            },
        ];
        let message = encode_request(&header("IDA"), &items).unwrap();
        let body = std::str::from_utf8(&message[400..]).unwrap();
        // "Cà phê" is 8 UTF-8 bytes (à and ê take 2 each), so 4 spaces fill its 12 bytes.
        assert_eq!(body, "   42\r\nA11  \r\nCà phê    \r\n");
        assert!(
            encode_request(
                &header("IDA"),
                &[Item {
                    value: "Cà".into(),
                    attribute: Attribute::Alphanumeric,
                    width: 5
                }]
            )
            .is_err()
        );
        assert!(
            encode_request(
                &header("IDA"),
                &[Item {
                    value: "123456".into(),
                    attribute: Attribute::Integer,
                    width: 5
                }]
            )
            .is_err()
        );
        assert!(
            encode_request(&header("IDA01X"), &[]).is_err(),
            "job codes are at most 5 characters"
        );
    }

    #[test]
    fn a_result_answer_is_read_back() {
        let mut answer = vec![b' '; HEADER_BYTES];
        answer[0..3].copy_from_slice(b"SSR");
        answer[3..8].copy_from_slice(b"IDC  ");
        answer[8..15].copy_from_slice(b"*VIDC  ");
        answer[15..27].copy_from_slice(b"202611230900");
        let subject = b"E0399-0000-0000 W0001-ICN -0001";
        answer[115..115 + subject.len()].copy_from_slice(subject);
        answer[219..245].copy_from_slice(b"KB000120261123090000000001");
        answer[249] = b'R';
        let body =
            "E0399-0000-0000                                                            \r\n";
        let total = HEADER_BYTES + 2 + body.len();
        answer[392..398].copy_from_slice(format!("{total:06}").as_bytes());
        answer.extend_from_slice(b"\r\n");
        answer.extend_from_slice(body.as_bytes());
        let (head, items) = decode_response(&answer).unwrap();
        assert_eq!(head.control, "SSR");
        assert_eq!(head.output_code, "*VIDC");
        assert_eq!(head.data_type, "R");
        assert_eq!(head.message_key, "KB000120261123090000000001");
        assert_eq!(
            head.results[0],
            ResultEntry {
                code: "E0399".into(),
                item: "0000".into(),
                repetition: "0000".into()
            }
        );
        assert_eq!(head.results[1].item, "ICN");
        assert_eq!(items, ["E0399-0000-0000"]);
        assert!(matches!(
            decode_response(&answer[..300]),
            Err(FramingError::Truncated(300))
        ));
    }

    #[test]
    fn the_password_is_not_in_debug_output() {
        assert!(!format!("{:?}", header("IDC")).contains("secret12"));
    }
}
