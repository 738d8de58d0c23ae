//! The real VNACCS messages: the 400-byte header ([`header`]), fixed-width item bodies
//! ([`body`]) laid out by the official input layouts ([`layout`]), a declaration as IDA/EDA
//! items ([`items`]) and the official result codes ([`results`]).
//!
//! Owns: turning a declaration or a single-item job into the exact request bytes and back,
//! and reading any message (request or answer) field by field for the message view and
//! `khaibao message decode`. Checked byte for byte against the 33 real messages of 2014 in
//! `tests/fixtures/vnaccs-2014/`.

pub mod body;
pub mod exchange;
pub mod header;
pub mod items;
pub mod layout;
pub mod results;
pub mod smime;
pub mod view;

pub use body::{Attribute, ItemProblem, ItemValues};
pub use header::{DataInfo, Framed, RequestHeader};
pub use results::ResultEntry;

use crate::domain::declaration::{Declaration, Direction};
use crate::domain::ids::DeclarationNumber;
use crate::domain::text::Bilingual;

/// Why a message could not be framed or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum FramingError {
    /// A header value does not fit its field or is not printable ASCII.
    Header(&'static str),
    /// Shorter than the 400-byte header.
    Truncated(usize),
    /// No CRLF after the header: line ends converted to LF, or a byte-order mark in front.
    LineEnds,
    /// The length field is not 6 digits or not the number of bytes received.
    Length {
        /// The field as received.
        declared: String,
        /// The bytes received.
        actual: usize,
    },
    /// Over 999,999 bytes (the length field's 6 digits).
    TooLong(usize),
    /// No layout for this job.
    UnknownJob(String),
    /// The body does not follow the job's layout.
    Body(body::BodyError),
}

impl FramingError {
    /// What to tell the person, each language built apart.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Header(field) => {
                let vi = header::FIELDS
                    .iter()
                    .find(|f| f.name == *field)
                    .map_or(*field, |f| f.name_vi);
                Bilingual::new(
                    format!("Trường tiêu đề \"{vi}\" quá dài hoặc có ký tự không hợp lệ"),
                    format!("Header field \"{field}\" is too long or has invalid characters"),
                )
            }
            Self::LineEnds => Bilingual::new(
                "Thông điệp không có CRLF sau tiêu đề 398 byte: tệp đã bị đổi dấu xuống dòng (LF) hoặc có BOM ở đầu; hãy lấy lại đúng các byte đã gửi/nhận".to_owned(),
                "The message has no CRLF after its 398-byte header: its line ends were converted (LF) or a BOM was added; take the exact bytes sent or received".to_owned(),
            ),
            Self::Truncated(bytes) => Bilingual::new(
                format!("Thông điệp bị cắt: {bytes} byte, ngắn hơn tiêu đề 400 byte"),
                format!("The message is cut short: {bytes} bytes, less than the 400-byte header"),
            ),
            Self::Length { declared, actual } => Bilingual::new(
                format!("Trường độ dài ghi \"{declared}\" nhưng thông điệp có {actual} byte"),
                format!("The length field says \"{declared}\" but the message has {actual} bytes"),
            ),
            Self::TooLong(bytes) => Bilingual::new(
                format!("Thông điệp {bytes} byte, quá 999.999 byte"),
                format!("The message is {bytes} bytes, more than 999,999"),
            ),
            Self::UnknownJob(job) => Bilingual::new(
                format!("Không có khuôn dạng cho nghiệp vụ \"{job}\""),
                format!("No layout for job \"{job}\""),
            ),
            Self::Body(e) => Bilingual::new(
                format!("Phần dữ liệu không đúng khuôn dạng: {}", body_error_vi(e)),
                format!("The body does not follow the layout: {e}"),
            ),
        }
    }
}

fn body_error_vi(e: &body::BodyError) -> String {
    match e {
        body::BodyError::NoFinalCrlf => "không kết thúc bằng CRLF".into(),
        body::BodyError::TooManyItems(n) => format!("{n} chỉ tiêu, nhiều hơn khuôn dạng"),
        body::BodyError::Width {
            order,
            item,
            bytes,
            width,
        } => format!("chỉ tiêu thứ {order} ({item}) dài {bytes} byte, quy định {width} byte"),
        body::BodyError::NotUtf8(order) => format!("chỉ tiêu thứ {order} không phải UTF-8"),
    }
}

crate::domain::text::localized!(FramingError);

/// The job that carries a declaration's data: IDA/EDA (new, or a correction before IDC with
/// the number after IDB), IDA01/EDA01 (amendment data after IDD/EDD).
pub fn data_job(direction: Direction, amendment: bool) -> &'static str {
    match (direction, amendment) {
        (Direction::Import, false) => "IDA",
        (Direction::Import, true) => "IDA01",
        (Direction::Export, false) => "EDA",
        (Direction::Export, true) => "EDA01",
    }
}

/// The body of a declaration-data job (IDA, IDA01, EDA, EDA01).
///
/// # Errors
/// [`FramingError::UnknownJob`] for another job; every value that does not fit its item.
pub fn declaration_body(declaration: &Declaration, job: &str) -> Result<Vec<u8>, EncodeError> {
    let layout = layout::get(job).ok_or_else(|| FramingError::UnknownJob(job.to_owned()))?;
    Ok(body::encode(layout, &items::to_items(declaration), true)?)
}

/// The body of a single-item job (IDB, IDC, IDD, IDE, IID, EDB, EDC, EDD, EDE, IEX): the
/// declaration number in its first item.
///
/// # Errors
/// [`FramingError::UnknownJob`] for a job without a layout.
pub fn number_body(job: &str, number: DeclarationNumber) -> Result<Vec<u8>, EncodeError> {
    let layout = layout::get(job).ok_or_else(|| FramingError::UnknownJob(job.to_owned()))?;
    let mut values = ItemValues::default();
    if let Some(first) = layout.items.first() {
        values.set(&first.id, number.to_string());
    }
    Ok(body::encode(layout, &values, true)?)
}

/// Why a request could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// Framing.
    #[error(transparent)]
    Framing(#[from] FramingError),
    /// Values that do not fit their items (all of them).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Items(Vec<ItemProblem>),
}

impl From<Vec<ItemProblem>> for EncodeError {
    fn from(problems: Vec<ItemProblem>) -> Self {
        Self::Items(problems)
    }
}

/// A message read field by field.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// Whether it is an answer (`SSR`).
    pub answer: bool,
    /// Job code.
    pub job: String,
    /// Every header field: the field and its value (password masked).
    pub header: Vec<(header::HeaderField, String)>,
    /// The request's items (empty for an answer).
    pub items: ItemValues,
    /// The answer's results (empty for a request).
    pub results: Vec<ResultEntry>,
    /// The simulator's whole answer (its JSON line), when the answer is the simulator's.
    pub simulator: Option<Box<crate::wire::Response>>,
    /// Size in bytes.
    pub length: usize,
}

/// Reads a message: header fields by offset, then the body by the job's layout (a request)
/// or the result line (an answer). The password is shown as `***`.
///
/// # Errors
/// See [`FramingError`]. Never panics on any input.
pub fn decode(bytes: &[u8]) -> Result<Decoded, FramingError> {
    let framed = Framed::read(bytes)?;
    let job = framed.job();
    let header_fields = header::FIELDS
        .iter()
        .map(|f| {
            let value = if *f == header::PASSWORD && !framed.text(*f).is_empty() {
                "***".to_owned()
            } else {
                String::from_utf8_lossy(framed.raw(*f)).into_owned()
            };
            (*f, value)
        })
        .collect();
    let simulator = framed
        .is_answer()
        .then(|| exchange::simulator_answer(framed.body()).map(Box::new))
        .flatten();
    let (items, results) = if framed.is_answer() {
        (
            ItemValues::default(),
            results::read_result_line(framed.body()),
        )
    } else {
        let layout = layout::get(&job).ok_or_else(|| FramingError::UnknownJob(job.clone()))?;
        (
            body::decode(layout, framed.body()).map_err(FramingError::Body)?,
            Vec::new(),
        )
    };
    Ok(Decoded {
        answer: framed.is_answer(),
        job,
        header: header_fields,
        items,
        results,
        simulator,
        length: bytes.len(),
    })
}

#[cfg(test)]
mod tests;
