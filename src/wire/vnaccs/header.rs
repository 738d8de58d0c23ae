//! The 400-byte VNACCS message header (398 bytes + CRLF) as the 33 real messages logged between
//! the 2014 official client and the live server show it (`tests/fixtures/vnaccs-2014/INDEX.md`):
//! every field's offset and width, the request's values, the answer's values, the length field
//! (the whole message in bytes) and the data-info key that matches an answer to its request.
//!
//! Verified against the real messages: offsets and widths, the request header (control `SS `,
//! job, user, password, terminal, data info, system `1`, length; everything else blank), the
//! answer header (`SSR`, output code `*V`+job, server time `yyyyMMddHHmm` + 2 blanks, blank
//! password, subject = result code + blank + an echo of the input that may hold a raw CRLF,
//! server info, data info echoed, division `000`, end flag `E`, data type `R`, pattern `Q`).
//! Not verified: the meaning of the server-info and pattern fields beyond what the messages show.

use std::fmt;

use chrono::NaiveDateTime;

use super::FramingError;

/// Header length without its CRLF.
pub const HEADER_BYTES: usize = 398;
/// Where the body starts (after the header's CRLF).
pub const BODY_START: usize = HEADER_BYTES + 2;
/// The largest message KhaiBao reads or writes, in bytes (a full 50-line IDA is 62,130).
pub const MAX_MESSAGE_BYTES: usize = 999_999;

/// One header field: name, offset and width in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderField {
    /// English name, as the message index names it.
    pub name: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// 0-based offset in bytes.
    pub offset: usize,
    /// Width in bytes.
    pub width: usize,
}

const fn field(
    name: &'static str,
    name_vi: &'static str,
    offset: usize,
    width: usize,
) -> HeaderField {
    HeaderField {
        name,
        name_vi,
        offset,
        width,
    }
}

/// Control: `SS ` request, `SSR` answer.
pub const CONTROL: HeaderField = field("control", "Điều khiển", 0, 3);
/// Job code, left-aligned.
pub const JOB: HeaderField = field("job", "Mã nghiệp vụ", 3, 5);
/// Output code of an answer (`*VIDC` for a result-only answer).
pub const OUTPUT_CODE: HeaderField = field("output code", "Mã đầu ra", 8, 7);
/// The server's receive time `yyyyMMddHHmm` + 2 blanks (answers).
pub const SERVER_TIME: HeaderField = field("server receive time", "Thời gian nhận", 15, 14);
/// VNACCS user code.
pub const USER_ID: HeaderField = field("user code", "Mã người sử dụng", 29, 8);
/// Password (requests only).
pub const PASSWORD: HeaderField = field("password", "Mật khẩu", 37, 8);
/// Terminal ID.
pub const TERMINAL: HeaderField = field("terminal id", "Mã máy trạm", 45, 6);
/// Mail address.
pub const MAIL: HeaderField = field("mail address", "Địa chỉ thư", 51, 64);
/// Subject: result code, a blank and an echo of the input (answers).
pub const SUBJECT: HeaderField = field("subject", "Tiêu đề", 115, 64);
/// RTP info.
pub const RTP: HeaderField = field("RTP info", "Thông tin RTP", 179, 30);
/// Server info: day (2) + milliseconds since midnight (8) on the server's clock (answers).
pub const SERVER_INFO: HeaderField = field("server info", "Thông tin máy chủ", 209, 10);
/// Data info: the message key, echoed in the answer.
pub const DATA_INFO: HeaderField = field("data info", "Khóa thông điệp", 219, 26);
/// Divide number (`000` in answers).
pub const DIVISION: HeaderField = field("divide number", "Số phân đoạn", 245, 3);
/// End flag (`E` in answers).
pub const END_FLAG: HeaderField = field("end flag", "Cờ kết thúc", 248, 1);
/// Data type (`R` result).
pub const DATA_TYPE: HeaderField = field("data type", "Loại dữ liệu", 249, 1);
/// Pattern (`Q` in answers).
pub const PATTERN: HeaderField = field("pattern", "Mẫu", 363, 1);
/// System (`1`).
pub const SYSTEM: HeaderField = field("system", "Hệ thống", 364, 1);
/// Total message length in bytes, 6 digits zero-padded.
pub const LENGTH: HeaderField = field("length", "Độ dài", 392, 6);

/// Every header field in order (reserved blanks left out).
pub const FIELDS: &[HeaderField] = &[
    CONTROL,
    JOB,
    OUTPUT_CODE,
    SERVER_TIME,
    USER_ID,
    PASSWORD,
    TERMINAL,
    MAIL,
    SUBJECT,
    RTP,
    SERVER_INFO,
    DATA_INFO,
    DIVISION,
    END_FLAG,
    DATA_TYPE,
    field("reserve", "Dự phòng", 250, 1),
    field("send guard", "Bảo vệ gửi", 251, 1),
    field("reserve", "Dự phòng", 252, 1),
    field("input info", "Thông tin nhập", 253, 10),
    field("index info", "Thông tin chỉ mục", 263, 100),
    PATTERN,
    SYSTEM,
    field("display code", "Mã hiển thị", 365, 3),
    field("reserve", "Dự phòng", 368, 24),
    LENGTH,
];

/// The data-info key: job (5) + the client's time `yyyyMMddHHmmss` (Vietnam time, as the
/// client's clock shows it) + a 6-digit send counter + a blank. The server echoes it unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataInfo<'a> {
    /// Job code.
    pub job: &'a str,
    /// The client's local time (Vietnam, UTC+7) when the message was made.
    pub client_time: NaiveDateTime,
    /// The send counter (0–999,999).
    pub counter: u32,
}

impl DataInfo<'_> {
    /// The 26 bytes of the field.
    pub fn to_field(&self) -> String {
        format!(
            "{:<5}{}{:06} ",
            self.job,
            self.client_time.format("%Y%m%d%H%M%S"),
            self.counter % 1_000_000
        )
    }
}

/// What a declarant's request carries in its header.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestHeader {
    /// Job code, e.g. `IDC`, `IDA01`.
    pub job: String,
    /// VNACCS user code (8).
    pub user_id: String,
    /// The user's password (8; sent inside TLS as the official client does; never logged).
    pub password: String,
    /// Terminal ID (6).
    pub terminal_id: String,
    /// The data-info key, 26 bytes ([`DataInfo::to_field`]).
    pub data_info: String,
}

impl fmt::Debug for RequestHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHeader")
            .field("job", &self.job)
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .field("terminal_id", &self.terminal_id)
            .field("data_info", &self.data_info)
            .finish()
    }
}

/// What the server puts in an answer's header besides what it echoes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerHeader {
    /// Output code, e.g. `*VIDC` (result only).
    pub output_code: String,
    /// The server's receive time (Vietnam time).
    pub server_time: NaiveDateTime,
    /// The first result code, `XNNNN-IIII-RRRR` (15 bytes).
    pub first_result: String,
    /// Data type: `R` result only.
    pub data_type: char,
}

fn put(head: &mut [u8], f: HeaderField, value: &[u8]) -> Result<(), FramingError> {
    if value.len() > f.width || value.iter().any(|b| !b.is_ascii() || b.is_ascii_control()) {
        return Err(FramingError::Header(f.name));
    }
    head[f.offset..f.offset + value.len()].copy_from_slice(value);
    Ok(())
}

fn with_length(mut head: Vec<u8>, body: &[u8]) -> Result<Vec<u8>, FramingError> {
    let total = BODY_START + body.len();
    if total > MAX_MESSAGE_BYTES {
        return Err(FramingError::TooLong(total));
    }
    put(&mut head, LENGTH, format!("{total:06}").as_bytes())?;
    head.extend_from_slice(b"\r\n");
    head.extend_from_slice(body);
    Ok(head)
}

/// Frames a request: the header as the official client fills it, CRLF, then the body (which
/// ends with CRLF; an empty body is one CRLF).
///
/// # Errors
/// A header value that is too wide or not printable ASCII; a message over 999,999 bytes.
pub fn frame_request(header: &RequestHeader, body: &[u8]) -> Result<Vec<u8>, FramingError> {
    let mut head = vec![b' '; HEADER_BYTES];
    put(&mut head, CONTROL, b"SS")?;
    put(&mut head, JOB, header.job.as_bytes())?;
    put(&mut head, USER_ID, header.user_id.as_bytes())?;
    put(&mut head, PASSWORD, header.password.as_bytes())?;
    put(&mut head, TERMINAL, header.terminal_id.as_bytes())?;
    put(&mut head, DATA_INFO, header.data_info.as_bytes())?;
    put(&mut head, SYSTEM, b"1")?;
    with_length(head, body)
}

/// Frames an answer to `request` (a framed request): job, user, terminal and data info echoed,
/// the subject = first result code + blank + the first bytes of the request's body (the real
/// server echoes the input there, raw CRLF included), server info from `server_time`.
///
/// # Errors
/// A header value that does not fit; a request shorter than its header.
pub fn frame_answer(
    request: &[u8],
    answer: &AnswerHeader,
    body: &[u8],
) -> Result<Vec<u8>, FramingError> {
    if request.len() < BODY_START {
        return Err(FramingError::Truncated(request.len()));
    }
    let mut head = vec![b' '; HEADER_BYTES];
    put(&mut head, CONTROL, b"SSR")?;
    for f in [JOB, USER_ID, TERMINAL, DATA_INFO] {
        // Echoed as received (the request was read with the same offsets).
        head[f.offset..f.offset + f.width].copy_from_slice(&request[f.offset..f.offset + f.width]);
    }
    put(&mut head, OUTPUT_CODE, answer.output_code.as_bytes())?;
    put(
        &mut head,
        SERVER_TIME,
        answer
            .server_time
            .format("%Y%m%d%H%M")
            .to_string()
            .as_bytes(),
    )?;
    let mut subject = answer.first_result.as_bytes().to_vec();
    subject.push(b' ');
    let echo = echo(request);
    let room = SUBJECT.width.saturating_sub(subject.len());
    subject.extend_from_slice(&echo[..echo.len().min(room)]);
    head[SUBJECT.offset..SUBJECT.offset + subject.len()].copy_from_slice(&subject);
    let since_midnight = answer.server_time.time() - chrono::NaiveTime::MIN;
    put(
        &mut head,
        SERVER_INFO,
        format!(
            "{}{:08}",
            answer.server_time.format("%d"),
            since_midnight.num_milliseconds()
        )
        .as_bytes(),
    )?;
    put(&mut head, DIVISION, b"000")?;
    put(&mut head, END_FLAG, b"E")?;
    put(
        &mut head,
        DATA_TYPE,
        answer.data_type.to_string().as_bytes(),
    )?;
    put(&mut head, PATTERN, b"Q")?;
    put(&mut head, SYSTEM, b"1")?;
    with_length(head, body)
}

/// What the server echoes of the input in the subject, as the 18 real answers show: the body
/// without its final CRLF (an empty body's CRLF itself), and for IDB the number without its
/// padding (answers 01 and 31: `9999`, `jj`).
fn echo(request: &[u8]) -> &[u8] {
    let body = &request[BODY_START..];
    let content = body
        .strip_suffix(b"\r\n")
        .filter(|c| !c.is_empty())
        .unwrap_or(body);
    if request[JOB.offset..JOB.offset + JOB.width].starts_with(b"IDB ") {
        let first = content
            .windows(2)
            .position(|w| w == b"\r\n")
            .map_or(content, |end| &content[..end]);
        let start = first.iter().position(|b| *b != b' ').unwrap_or(first.len());
        if start < first.len() {
            return &first[start..];
        }
    }
    content
}

/// The message with its password field blanked (for anything kept: the message log, a file);
/// bytes that are not a framed message are returned unchanged.
pub fn without_password(message: &[u8]) -> Vec<u8> {
    let mut kept = message.to_vec();
    if kept.len() >= BODY_START {
        kept[PASSWORD.offset..PASSWORD.offset + PASSWORD.width].fill(b' ');
    }
    kept
}

/// A message whose framing was checked: at least the header and its CRLF, a 6-digit length
/// field equal to the number of bytes. Fields are read by offset: the header may hold a raw
/// CRLF inside the subject, so it is never cut at the first CRLF.
#[derive(Clone, PartialEq, Eq)]
pub struct Framed<'a> {
    bytes: &'a [u8],
}

impl fmt::Debug for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Framed")
            .field("job", &self.text(JOB))
            .field("length", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Framed<'a> {
    /// Checks the framing.
    ///
    /// # Errors
    /// Shorter than the header ([`FramingError::Truncated`]), no CRLF after the header
    /// ([`FramingError::Header`]), a length field that is not 6 digits or not the size
    /// ([`FramingError::Length`]).
    pub fn read(bytes: &'a [u8]) -> Result<Self, FramingError> {
        if bytes.len() < BODY_START {
            return Err(FramingError::Truncated(bytes.len()));
        }
        if &bytes[HEADER_BYTES..BODY_START] != b"\r\n" {
            let converted = bytes.starts_with(b"\xEF\xBB\xBF") || !bytes.contains(&b'\r');
            return Err(if converted {
                FramingError::LineEnds
            } else {
                FramingError::Header(LENGTH.name)
            });
        }
        let raw = &bytes[LENGTH.offset..LENGTH.offset + LENGTH.width];
        let declared = std::str::from_utf8(raw)
            .ok()
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<usize>().ok());
        match declared {
            Some(n) if n == bytes.len() => Ok(Self { bytes }),
            _ => Err(FramingError::Length {
                declared: String::from_utf8_lossy(raw).into_owned(),
                actual: bytes.len(),
            }),
        }
    }

    /// The raw bytes of a header field.
    pub fn raw(&self, f: HeaderField) -> &'a [u8] {
        &self.bytes[f.offset..f.offset + f.width]
    }

    /// A header field as text (lossy UTF-8), trailing blanks removed.
    pub fn text(&self, f: HeaderField) -> String {
        String::from_utf8_lossy(self.raw(f)).trim_end().to_owned()
    }

    /// The body (after the header's CRLF).
    pub fn body(&self) -> &'a [u8] {
        &self.bytes[BODY_START..]
    }

    /// The whole message.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Whether this is an answer (`SSR`).
    pub fn is_answer(&self) -> bool {
        self.raw(CONTROL) == b"SSR"
    }

    /// The job code.
    pub fn job(&self) -> String {
        self.text(JOB)
    }

    /// The data-info key, exactly (26 bytes, lossy UTF-8).
    pub fn data_info(&self) -> String {
        String::from_utf8_lossy(self.raw(DATA_INFO)).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(job: &str) -> RequestHeader {
        let client_time = chrono::NaiveDate::from_ymd_opt(2014, 5, 5)
            .unwrap()
            .and_hms_opt(23, 33, 7)
            .unwrap();
        RequestHeader {
            job: job.into(),
            user_id: "D0000001".into(),
            password: "PASSWD".into(),
            terminal_id: "I0000A".into(),
            data_info: DataInfo {
                job,
                client_time,
                counter: 0,
            }
            .to_field(),
        }
    }

    #[test]
    fn a_request_header_is_the_real_2014_idc_request_byte_for_byte() {
        let real = include_bytes!("../../../tests/fixtures/vnaccs-2014/02-IDC-request.txt");
        let ours = frame_request(&header("IDC"), b"      123456\r\n").unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(real)
        );
    }

    #[test]
    fn an_answer_echoes_the_request_like_the_real_server() {
        let request = include_bytes!("../../../tests/fixtures/vnaccs-2014/02-IDC-request.txt");
        let real = include_bytes!("../../../tests/fixtures/vnaccs-2014/03-IDC-response.txt");
        let server_time = chrono::NaiveDate::from_ymd_opt(2014, 5, 5)
            .unwrap()
            .and_hms_milli_opt(23, 33, 9, 749)
            .unwrap();
        let mut body = format!("{:<75}", "E9990-0000-0000").into_bytes();
        body.extend_from_slice(b"\r\n");
        let ours = frame_answer(
            request,
            &AnswerHeader {
                output_code: "*VIDC".into(),
                server_time,
                first_result: "E9990-0000-0000".into(),
                data_type: 'R',
            },
            &body,
        )
        .unwrap();
        // The real server info is 0584789749: day 05, 84,789,749 ms = 23:33:09.749.
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(real)
        );
    }

    #[test]
    fn framing_errors_are_told_apart() {
        let real = include_bytes!("../../../tests/fixtures/vnaccs-2014/02-IDC-request.txt");
        assert!(Framed::read(real).is_ok());
        assert_eq!(
            Framed::read(&real[..300]).unwrap_err(),
            FramingError::Truncated(300)
        );
        assert!(matches!(
            Framed::read(&real[..410]).unwrap_err(),
            FramingError::Length { actual: 410, .. }
        ));
        let mut broken = real.to_vec();
        broken[398] = b'X';
        assert_eq!(
            Framed::read(&broken).unwrap_err(),
            FramingError::Header("length")
        );
        assert!(frame_request(&header("IDA01X"), b"\r\n").is_err());
    }

    #[test]
    fn the_password_is_not_in_debug_output() {
        assert!(!format!("{:?}", header("IDC")).contains("PASSWD"));
    }
}
