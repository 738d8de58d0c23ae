//! The simulator protocol's requests and answers as real VNACCS messages, both ways: what the
//! client's VNACCS-format connection sends and reads, and what the simulated core's VNACCS
//! endpoint reads and answers. Pure: no IO, no clock (instants are passed in).
//!
//! Requests are exactly the official messages (header, layout items). Answers: the official
//! header and 75-byte result line (the first slot the main result, the next up to four the
//! errors' item and goods line), and — the simulator's own addition, since the official output
//! layouts (VAD1AC0 and the like) are not in our sources — on a second line the whole answer as
//! one line of JSON (`wire::Response`), which a real server does not send and a client does not
//! need (the result line alone is read then).
//!
//! Codes: VNACCS codes pass unchanged; KhaiBao's own (`KB-S0002`…) take the official code where
//! one means the same for the job (`S0006` number not registered, `A0017` bad message), else a
//! 5-character `K` + their number (`K0003`), explained by the JSON line.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::header::{self, AnswerHeader, DataInfo, Framed, RequestHeader};
use super::results::{self, ResultEntry};
use super::{EncodeError, FramingError, body, declaration_body, items, layout};
use crate::domain::Direction;
use crate::domain::ids::DeclarationNumber;
use crate::domain::job::{BusinessCode, JobCode, Step};
use crate::wire::{Operation, PROTOCOL, Request, Response, ResultCode};

/// Who sends, for the request header. The password is only ever put in the message bytes.
#[derive(Clone, Copy)]
pub struct Sender<'a> {
    /// VNACCS user code.
    pub user_id: &'a str,
    /// Password.
    pub password: &'a str,
    /// Terminal ID.
    pub terminal_id: &'a str,
    /// The client's time now, in Vietnam: for the data-info key when the message reference
    /// does not carry its own time.
    pub now_vietnam: NaiveDateTime,
}

impl std::fmt::Debug for Sender<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .field("terminal_id", &self.terminal_id)
            .finish()
    }
}

/// The VNACCS job of a request, `None` for the simulator's training controls (they have no
/// VNACCS message and go by the simulator's JSON protocol).
pub fn job_of(request: &Request) -> Option<BusinessCode> {
    let direction = request.operation.direction();
    match request.operation.job(direction) {
        // HYS has no layout in the official 2014 layouts KhaiBao has (files travel beside the
        // message): it goes to a simulator in KhaiBao's JSON protocol, like the controls.
        JobCode::Business(BusinessCode::HYS) | JobCode::Control(_) => None,
        JobCode::Business(code) => Some(code),
    }
}

/// The data-info key of a request: its job, then the time and a counter taken from its message
/// reference (`KB` + `yyyyMMddHHmmss` UTC + 16 hex digits, see `workflow::new_message_ref`), the
/// time shown in Vietnam; so a request sent again carries the same key and gets the same answer.
/// A reference of another form gives `now_vietnam` and a counter drawn from its SHA-256.
pub fn data_info(job: &str, message_ref: &str, now_vietnam: NaiveDateTime) -> String {
    use sha2::Digest as _;
    let in_ref = message_ref
        .strip_prefix("KB")
        .filter(|rest| rest.len() == 30 && rest.is_ascii())
        .and_then(|rest| {
            let time = NaiveDateTime::parse_from_str(&rest[..14], "%Y%m%d%H%M%S").ok()?;
            let counter = u64::from_str_radix(&rest[14..], 16).ok()?;
            let vietnam = crate::domain::time::vietnam_offset().local_minus_utc();
            Some((
                time + chrono::Duration::seconds(i64::from(vietnam)),
                counter,
            ))
        });
    let (stamp, counter) = in_ref.unwrap_or_else(|| {
        let digest = sha2::Sha256::digest(message_ref.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        (now_vietnam, u64::from_be_bytes(first))
    });
    let counter = u32::try_from(counter % 1_000_000).unwrap_or(0);
    DataInfo {
        job,
        client_time: stamp,
        counter,
    }
    .to_field()
}

/// Why a request has no VNACCS message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToVnaccsError {
    /// A training control of the simulator.
    #[error("not a VNACCS job")]
    NotAJob,
    /// The job needs a declaration number the request does not give.
    #[error("no declaration number")]
    NoNumber,
    /// A VNACCS job with no official layout in KhaiBao's sources (AMA, AMB, AMC, IAD).
    #[error("no VNACCS layout for job {0}")]
    NoLayout(String),
    /// Encoding failed.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// The exact bytes of a request as the official client sends it.
///
/// # Errors
/// See [`ToVnaccsError`].
pub fn request_message(request: &Request, sender: &Sender<'_>) -> Result<Vec<u8>, ToVnaccsError> {
    let job = job_of(request).ok_or(ToVnaccsError::NotAJob)?;
    let code = job.code();
    if layout::get(code).is_none() {
        return Err(ToVnaccsError::NoLayout(code.to_owned()));
    }
    let body = match &request.operation {
        Operation::RegisterProvisional { declaration } => declaration_body(declaration, code)?,
        Operation::CorrectProvisional {
            number,
            declaration,
        }
        | Operation::AmendmentData {
            number,
            declaration,
        } => {
            let mut with_number = (**declaration).clone();
            with_number.number = Some(*number);
            declaration_body(&with_number, code)?
        }
        op => super::number_body(code, op.number().ok_or(ToVnaccsError::NoNumber)?)?,
    };
    let header = RequestHeader {
        job: code.to_owned(),
        user_id: sender.user_id.to_owned(),
        password: sender.password.to_owned(),
        terminal_id: sender.terminal_id.to_owned(),
        data_info: data_info(code, &request.message_ref, sender.now_vietnam),
    };
    Ok(header::frame_request(&header, &body).map_err(EncodeError::from)?)
}

/// A request the simulated core could not take, with the official result to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The job, as read.
    pub job: String,
    /// The result to answer.
    pub result: ResultEntry,
}

fn refused(job: &str, code: &str, item: &str) -> Refused {
    Refused {
        job: job.to_owned(),
        result: ResultEntry {
            item: item.to_owned(),
            ..ResultEntry::whole(code)
        },
    }
}

/// Reads a VNACCS request into the simulator protocol (server side), refusing in the order the
/// real server's answers show: framing (A0008 length, A0017 header), the user code (A0003), TCC
/// (answered at once: `Ok(None)`), a job without a layout (A0001), a job that must be signed and
/// is not while the simulator requires signatures (E9990 — the real 2014 IDC and MIC requests
/// got it before any item was read), a job the simulator does not carry out (MIC, MEC: A0001),
/// the body (A0017 when it does not follow the layout), then the declaration number: not
/// digits → S0900 (characters not allowed, as for `jj`), digits that are no number → S0006
/// (not registered, as for `9999`); a value that is not a date or number where one is due:
/// S0900 on that item. The data-info key becomes the message reference.
///
/// # Errors
/// The [`Refused`] answer.
pub fn read_request(
    bytes: &[u8],
    signed: bool,
    signatures_required: bool,
) -> Result<Option<Request>, Refused> {
    let framed = match Framed::read(bytes) {
        Ok(f) => f,
        Err(
            FramingError::Length { .. } | FramingError::Truncated(_) | FramingError::TooLong(_),
        ) => {
            return Err(refused("", "A0008", "0000"));
        }
        Err(_) => return Err(refused("", "A0017", "0000")),
    };
    let job = framed.job();
    if framed.raw(header::CONTROL) != b"SS " {
        return Err(refused(&job, "A0017", "0000"));
    }
    let user_id = framed.text(header::USER_ID);
    if user_id.parse::<crate::domain::ids::UserId>().is_err() {
        return Err(refused(&job, "A0003", "0000"));
    }
    if job == "TCC" {
        return Ok(None);
    }
    let Some(layout) = layout::get(&job) else {
        return Err(refused(&job, "A0001", "0000"));
    };
    if layout.signed && !signed && signatures_required {
        return Err(refused(&job, "E9990", "0000"));
    }
    let Ok(code) = job.parse::<BusinessCode>() else {
        return Err(refused(&job, "A0001", "0000"));
    };
    let values = body::decode(layout, framed.body()).map_err(|_| refused(&job, "A0017", "0000"))?;
    let first = layout.items.first().map_or("ICN", |d| d.id.as_str());
    let operation = match code.step() {
        Step::Provisional | Step::AmendmentData => declaration_operation(&job, code, &values)?,
        // No HYS layout in the official 2014 layouts KhaiBao has: refused as layout::get does.
        Step::Attachments => return Err(refused(&job, "A0001", "0000")),
        step => {
            let value = values.get(first).unwrap_or_default().trim();
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(refused(&job, "S0900", first));
            }
            let number = value.parse::<DeclarationNumber>().map_err(|_| {
                refused(
                    &job,
                    results::not_registered(&job).unwrap_or("K0002"),
                    first,
                )
            })?;
            match step {
                Step::CallUp => Operation::CallUp { number },
                Step::Official => Operation::RegisterOfficial { number },
                Step::CallUpForAmendment => Operation::CallUpForAmendment { number },
                Step::Amendment => Operation::RegisterAmendment { number },
                _ => Operation::Reference { number },
            }
        }
    };
    Ok(Some(Request {
        protocol: PROTOCOL.to_owned(),
        message_ref: framed.data_info().trim_end().to_owned(),
        user_id,
        operation,
    }))
}

/// IDA/EDA (new, or with its number: a correction before IDC) and IDA01/EDA01 (amendment data).
fn declaration_operation(
    job: &str,
    code: BusinessCode,
    values: &body::ItemValues,
) -> Result<Operation, Refused> {
    let read = items::from_items(values, code.direction());
    if let Some(bad) = read.unreadable.first() {
        return Err(Refused {
            job: job.to_owned(),
            result: ResultEntry {
                code: "S0900".to_owned(),
                item: bad.item.clone(),
                repetition: format!("{:04}", bad.line.unwrap_or(0)),
            },
        });
    }
    let mut declaration = read.declaration;
    Ok(match (code.step(), declaration.number.take()) {
        (Step::Provisional, None) => Operation::RegisterProvisional {
            declaration: Box::new(declaration),
        },
        // IDA/EDA with its number: a correction before IDC (after IDB).
        (Step::Provisional, Some(number)) => Operation::CorrectProvisional {
            number,
            declaration: Box::new(declaration),
        },
        (_, Some(number)) => Operation::AmendmentData {
            number,
            declaration: Box::new(declaration),
        },
        (_, None) => {
            let first = if code.direction() == Direction::Export {
                "ECN"
            } else {
                "ICN"
            };
            return Err(refused(job, "S0900", first));
        }
    })
}

/// The 5-character code of a result on the VNACCS wire, for `job`.
pub fn wire_code(job: &str, code: &str) -> String {
    if code.len() == 5 {
        return code.to_owned();
    }
    let official = match code {
        c if c == crate::wire::codes::UNKNOWN_NUMBER.0 => results::not_registered(job),
        c if c == crate::wire::codes::MALFORMED.0 => Some("A0017"),
        _ => None,
    };
    official.map_or_else(
        || {
            format!(
                "K{}",
                code.rsplit(['-', 'S', 'E', 'W']).next().unwrap_or("0000")
            )
        },
        str::to_owned,
    )
}

/// Where a finding points, as a result slot's item and repetition (`goods[2].hs_code` → `CMD`,
/// `0003`).
fn finding_slot(job: &str, path: &str, direction: Direction) -> (String, String) {
    let line = path
        .strip_prefix("goods[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    let item = layout::get(job)
        .into_iter()
        .flat_map(|l| l.items.iter())
        .find(|def| {
            items::field_path(
                &def.id,
                def.repeated.then(|| line.unwrap_or(0) + 1),
                direction,
            )
            .is_some_and(|p| p == path)
        })
        .map_or_else(|| "0000".to_owned(), |def| def.id.clone());
    (item, format!("{:04}", line.map_or(0, |n| n + 1)))
}

/// The answer to a request the core processed: the official header echoing the request, the
/// result line, and the JSON line of the whole answer. `now` is the server's receive time
/// (Vietnam time).
///
/// # Errors
/// A framing error (the request was already read, so only a defect).
pub fn answer_message(
    request: &[u8],
    response: &Response,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, FramingError> {
    let job = Framed::read(request).map(|f| f.job()).unwrap_or_default();
    let direction = response
        .declaration
        .as_ref()
        .map_or(Direction::Import, |d| d.direction);
    let mut slots = vec![ResultEntry {
        code: wire_code(&job, &response.result.code),
        item: "0000".to_owned(),
        repetition: "0000".to_owned(),
    }];
    if !response.result.is_success() {
        for finding in response
            .findings
            .iter()
            .filter(|f| f.severity == crate::rules::Severity::Error)
            .take(4)
        {
            let (item, repetition) = finding_slot(&job, &finding.path, direction);
            slots.push(ResultEntry {
                code: wire_code(&job, &finding.code),
                item,
                repetition,
            });
        }
    }
    let mut body = results::result_line(&slots);
    let json = serde_json::to_string(response).map_err(|_| FramingError::Header("body"))?;
    body.extend_from_slice(json.as_bytes());
    body.extend_from_slice(b"\r\n");
    let data = response.declaration.is_some();
    header::frame_answer(
        request,
        &AnswerHeader {
            output_code: format!("*V{job}"),
            server_time: now
                .with_timezone(&crate::domain::time::vietnam_offset())
                .naive_local(),
            first_result: slots[0].to_slot(),
            data_type: if data { 'M' } else { 'R' },
        },
        &body,
    )
}

/// The answer to a request refused before the core saw it (the header is echoed as far as it
/// can be read; a request too short to have a header gets a blank one).
pub fn refusal_message(request: &[u8], refused: &Refused, now: DateTime<Utc>) -> Vec<u8> {
    let mut echo = request.to_vec();
    if echo.len() < header::BODY_START {
        echo.resize(header::BODY_START, b' ');
    }
    let job = refused.job.trim();
    let answer = AnswerHeader {
        output_code: if job.is_empty() {
            String::new()
        } else {
            format!("*V{job}")
        },
        server_time: now
            .with_timezone(&crate::domain::time::vietnam_offset())
            .naive_local(),
        first_result: refused.result.to_slot(),
        data_type: 'R',
    };
    let line = results::result_line(std::slice::from_ref(&refused.result));
    header::frame_answer(&echo, &answer, &line).unwrap_or_else(|_| line.clone())
}

/// The simulator's own answer line (the second line of its answers' body: the whole answer as
/// JSON), `None` in a real server's answer.
pub fn simulator_answer(body: &[u8]) -> Option<Response> {
    let rest = body
        .windows(2)
        .position(|w| w == b"\r\n")
        .map(|p| &body[p + 2..])?;
    let line = rest
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(rest, |p| &rest[..p]);
    serde_json::from_slice(line).ok()
}

/// An official code (not KhaiBao's `K…`, not the normal end) with its official Vietnamese
/// meaning and remedy from the table; `None` when the table does not have it.
fn official_result(job: &str, entry: &ResultEntry) -> Option<ResultCode> {
    if entry.code.starts_with('K') || entry.is_success() {
        return None;
    }
    let row = results::lookup(job, &entry.code, &entry.item)?;
    let meaning = row.description_vi.trim();
    let remedy = row.disposition_vi.trim();
    Some(ResultCode {
        code: entry.code.clone(),
        message_vi: format!("{meaning} Xử lý: {remedy}"),
        message_en: format!(
            "VNACCS {} — the official meaning (Vietnamese only): {meaning}",
            entry.code
        ),
    })
}

/// Why an answer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Framing.
    #[error(transparent)]
    Framing(#[from] FramingError),
    /// Not an answer, or to another request (its data-info key differs).
    #[error("not the answer to this request (data info {0:?})")]
    NotOurs(String),
    /// No result code.
    #[error("no result code in the answer")]
    NoResult,
}

/// Reads the answer to the request of `message_ref` (sent with data-info key `key`): the simulator's JSON line
/// when there is one, else the result line alone (a real server), with the official
/// Vietnamese meaning and remedy of the code.
///
/// # Errors
/// See [`AnswerError`].
pub fn read_answer(bytes: &[u8], message_ref: &str, key: &str) -> Result<Response, AnswerError> {
    let framed = Framed::read(bytes)?;
    if !framed.is_answer() || framed.data_info() != key {
        return Err(AnswerError::NotOurs(framed.data_info()));
    }
    let body = framed.body();
    let slots = results::read_result_line(body);
    let first = slots.first().ok_or(AnswerError::NoResult)?;
    let job = framed.job();
    let official = official_result(&job, first);
    if let Some(mut response) = simulator_answer(body) {
        message_ref.clone_into(&mut response.message_ref);
        // The result line's official code and its official text win over KhaiBao's own; the
        // English keeps KhaiBao's explanation.
        if let Some(mut result) = official {
            // KhaiBao's English explanation first; the official Vietnamese meaning after it.
            result.message_en = format!("{} ({})", response.result.message_en, result.message_en);
            response.result = result;
        }
        return Ok(response);
    }
    let result = official.unwrap_or_else(|| ResultCode {
        code: first.code.clone(),
        message_vi: first.code.clone(),
        message_en: first.code.clone(),
    });
    let server_time = NaiveDateTime::parse_from_str(
        &format!("{}00", framed.text(header::SERVER_TIME)),
        "%Y%m%d%H%M%S",
    )
    .ok()
    .and_then(|t| {
        t.and_local_timezone(crate::domain::time::vietnam_offset())
            .single()
    })
    .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc));
    Ok(Response {
        message_ref: message_ref.to_owned(),
        job: job.parse::<JobCode>().ok(),
        result,
        processed_at: server_time,
        declaration: None,
        findings: Vec::new(),
        certificates: Vec::new(),
        signatures_required: None,
        attachment: None,
        tax_amendment: None,
        explanation: None,
        training: None,
    })
}
