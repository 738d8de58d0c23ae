//! The electronic customs dossier (hồ sơ hải quan điện tử): the documents a declaration is
//! backed by — invoice, packing list, bill of lading or air waybill, C/O, contract, permits —
//! attached as files and registered with the VNACCS job HYS, whose receipt number the
//! declaration quotes in EA/EB (Số đính kèm khai báo điện tử).
//!
//! Owns: the document kinds and their attachment class (EA), which files are accepted (kind of
//! file by its first bytes, sizes), the checks of an HYS application (remarks ≤ 996 bytes, as
//! the reference's job list gives it), and the receipt number's structure. Pure: no IO, no clock.
//!
//! Sources: Decree 08/2015 art. 3 and Decree 87/2012 art. 8, 11 (the dossier includes other
//! documents, which yellow- and red-lane declarations submit for checking); the HYS job and the
//! EA/EB items from the official 2014 business list and IDA/EDA layouts. The receipt number:
//! the guide "Chuyên đề 13", as issue 18 quotes it (not in our sources: unverified), gives 16
//! characters (procedure 2, YY, MM, DD, seconds of the day 5, sequence 3), but the declaration
//! quotes it in EB, 12 digits in the 2014 layouts (verified), and a number that cannot be
//! quoted is of no use; so the simulator keeps the guide's procedure and date and numbers the
//! day's dossiers in the 4 digits left ([`receipt_number`]; `docs/dossier.md`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ids::DeclarationNumber;
use super::text::Bilingual;

/// The largest file KhaiBao attaches: 5 MiB (KhaiBao's limit; VNACCS's own is not in our
/// sources). Scans at 200 dpi of a few pages fit.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most files one HYS application carries (KhaiBao's limit).
pub const MAX_FILES: usize = 10;
/// The most bytes of files one HYS application carries: 15 MiB (KhaiBao's limit).
pub const MAX_APPLICATION_BYTES: usize = 15 * 1024 * 1024;
/// HYS remarks (Ghi chú): at most 996 bytes (reference §1.1, the HYS job).
pub const MAX_REMARKS_BYTES: usize = 996;
/// The declarant's phone number on an HYS application: at most 20 characters (as the
/// declarant's phone item of IDA).
pub const MAX_PHONE_CHARS: usize = 20;
/// A file name kept with an attachment: at most 200 characters.
pub const MAX_NAME_CHARS: usize = 200;
/// EA/EB: at most 3 dossiers quoted in a declaration (IDA/EDA layouts).
pub const MAX_QUOTED: usize = 3;

/// What a document is, as the broker chooses it when attaching.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DocumentKind {
    /// Hóa đơn thương mại.
    Invoice,
    /// Phiếu đóng gói (packing list).
    PackingList,
    /// Vận đơn đường biển (bill of lading).
    BillOfLading,
    /// Vận đơn hàng không (air waybill).
    AirWaybill,
    /// Giấy chứng nhận xuất xứ (C/O).
    CertificateOfOrigin,
    /// Hợp đồng mua bán.
    Contract,
    /// Giấy phép, kết quả kiểm tra chuyên ngành.
    Permit,
    /// Chứng từ bảo hiểm.
    Insurance,
    /// Chứng từ khác.
    Other,
}

impl DocumentKind {
    /// The code written in files and on the command line (`invoice`, `bill_of_lading`…).
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The name, in both languages.
    pub fn name(self) -> Bilingual {
        let (vi, en) = match self {
            Self::Invoice => ("Hóa đơn thương mại", "Commercial invoice"),
            Self::PackingList => ("Phiếu đóng gói", "Packing list"),
            Self::BillOfLading => ("Vận đơn đường biển", "Bill of lading"),
            Self::AirWaybill => ("Vận đơn hàng không", "Air waybill"),
            Self::CertificateOfOrigin => ("Giấy chứng nhận xuất xứ (C/O)", "Certificate of origin"),
            Self::Contract => ("Hợp đồng", "Contract"),
            Self::Permit => ("Giấy phép / kết quả kiểm tra", "Permit / inspection result"),
            Self::Insurance => ("Chứng từ bảo hiểm", "Insurance document"),
            Self::Other => ("Chứng từ khác", "Other document"),
        };
        Bilingual::new(vi, en)
    }

    /// The attachment class (EA) of the official input guide this kind falls under: INV, BOL,
    /// AWB, INS, CON, or ETC (other) for the kinds the list has no code of.
    pub fn class(self) -> &'static str {
        match self {
            Self::Invoice => "INV",
            Self::BillOfLading => "BOL",
            Self::AirWaybill => "AWB",
            Self::Insurance => "INS",
            Self::Contract => "CON",
            Self::PackingList | Self::CertificateOfOrigin | Self::Permit | Self::Other => "ETC",
        }
    }
}

/// The attachment class (EA) of a dossier holding documents of `kinds`: their common class,
/// or `ALL` when they differ; `ETC` for none.
pub fn class_of(kinds: &[DocumentKind]) -> &'static str {
    let mut classes = kinds.iter().map(|k| k.class());
    let Some(first) = classes.next() else {
        return "ETC";
    };
    if classes.all(|c| c == first) {
        first
    } else {
        "ALL"
    }
}

/// The kinds of file accepted, told by their first bytes (never by the name's extension).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
)]
pub enum MediaType {
    /// `application/pdf`.
    #[serde(rename = "application/pdf")]
    #[strum(serialize = "application/pdf")]
    Pdf,
    /// `image/png`.
    #[serde(rename = "image/png")]
    #[strum(serialize = "image/png")]
    Png,
    /// `image/jpeg`.
    #[serde(rename = "image/jpeg")]
    #[strum(serialize = "image/jpeg")]
    Jpeg,
    /// `image/tiff` (scanners).
    #[serde(rename = "image/tiff")]
    #[strum(serialize = "image/tiff")]
    Tiff,
}

impl MediaType {
    /// The kind of `bytes`, from their first bytes; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(Self::Tiff)
        } else {
            None
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        self.into()
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Tiff => "tif",
        }
    }
}

/// The SHA-256 of `bytes`, lower-case hex (64 characters).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Why a file or an application cannot be attached or sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum DossierError {
    /// Not a PDF, PNG, JPEG or TIFF file.
    NotADocument {
        /// The file's name.
        name: String,
    },
    /// An empty file.
    Empty {
        /// The file's name.
        name: String,
    },
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file's name.
        name: String,
        /// Its size, bytes.
        bytes: usize,
    },
    /// More than [`MAX_FILES`] files or [`MAX_APPLICATION_BYTES`] bytes in one application.
    TooMuch {
        /// Files.
        files: usize,
        /// Bytes.
        bytes: usize,
    },
    /// No file to send.
    NoFiles,
    /// The remarks are longer than [`MAX_REMARKS_BYTES`].
    RemarksTooLong {
        /// Their length, bytes.
        bytes: usize,
    },
    /// The phone number is missing, too long or has other characters than digits, spaces,
    /// `+`, `-`, `.`, `(`, `)`.
    BadPhone,
    /// The processing team is not 2 digits.
    BadTeam(String),
    /// The customs office is missing.
    NoOffice,
    /// A file's content does not match the hash recorded when it was attached: it changed
    /// (or was damaged) after it was attached.
    HashMismatch {
        /// The file's name.
        name: String,
        /// Whether it was sent to customs (then attaching again would not mend the record).
        sent: bool,
    },
}

impl DossierError {
    /// The message, in both languages.
    pub fn message(&self) -> Bilingual {
        // Tenths of a MiB, rounded down: sizes in integers, no float.
        let mib = |bytes: usize| {
            let tenths = bytes * 10 / 1_048_576;
            format!("{}.{}", tenths / 10, tenths % 10)
        };
        let limit = mib(MAX_FILE_BYTES);
        match self {
            Self::NotADocument { name } => Bilingual::new(
                format!(
                    "Tệp \"{name}\" không phải PDF, PNG, JPEG hay TIFF; hãy in hoặc quét chứng từ ra một trong các dạng đó"
                ),
                format!(
                    "\"{name}\" is not a PDF, PNG, JPEG or TIFF file; print or scan the document to one of them"
                ),
            ),
            Self::Empty { name } => Bilingual::new(
                format!("Tệp \"{name}\" rỗng"),
                format!("\"{name}\" is empty"),
            ),
            Self::TooLarge { name, bytes } => Bilingual::new(
                format!(
                    "Tệp \"{name}\" lớn {} MB, quá giới hạn {limit} MB một tệp; hãy quét với độ phân giải thấp hơn hoặc tách tệp",
                    mib(*bytes)
                ),
                format!(
                    "\"{name}\" is {} MB, over the {limit} MB limit for one file; scan at a lower resolution or split it",
                    mib(*bytes)
                ),
            ),
            Self::TooMuch { files, bytes } => Bilingual::new(
                format!(
                    "Một lần khai HYS nhận tối đa {MAX_FILES} tệp và {} MB; đang có {files} tệp, {} MB — hãy gửi thành nhiều lần",
                    mib(MAX_APPLICATION_BYTES),
                    mib(*bytes)
                ),
                format!(
                    "One HYS application takes at most {MAX_FILES} files and {} MB; this one has {files} files, {} MB — send it in several",
                    mib(MAX_APPLICATION_BYTES),
                    mib(*bytes)
                ),
            ),
            Self::NoFiles => Bilingual::new(
                "Chưa có chứng từ nào chưa gửi để khai HYS",
                "There is no unsent document to register with HYS",
            ),
            Self::RemarksTooLong { bytes } => Bilingual::new(
                format!(
                    "Ghi chú dài {bytes} byte, tối đa {MAX_REMARKS_BYTES} byte (chữ có dấu chiếm 2–3 byte)"
                ),
                format!(
                    "The remarks are {bytes} bytes long, at most {MAX_REMARKS_BYTES} (accented letters take 2–3 bytes)"
                ),
            ),
            Self::BadPhone => Bilingual::new(
                format!(
                    "Số điện thoại liên hệ phải có, tối đa {MAX_PHONE_CHARS} ký tự, chỉ gồm chữ số, dấu cách, + - . ( )"
                ),
                format!(
                    "A contact phone number is needed: at most {MAX_PHONE_CHARS} characters, digits, spaces and + - . ( ) only"
                ),
            ),
            Self::BadTeam(team) => Bilingual::new(
                format!(
                    "Mã đội/bộ phận xử lý \"{team}\" phải gồm 2 chữ số (ví dụ 00, 01), hoặc để trống"
                ),
                format!(
                    "The processing team \"{team}\" must be 2 digits (e.g. 00, 01), or left empty"
                ),
            ),
            Self::NoOffice => Bilingual::new(
                "Chưa chọn cơ quan hải quan nhận hồ sơ",
                "No customs office chosen to receive the documents",
            ),
            Self::HashMismatch { name, sent: true } => Bilingual::new(
                format!(
                    "Bản lưu của tệp \"{name}\" (đã gửi hải quan) không còn khớp mã băm đã ghi khi đính kèm: bản lưu trong máy đã bị hỏng. Hải quan vẫn giữ bản đã nhận; hãy khôi phục kho dữ liệu từ bản sao lưu (bản sao lưu mang theo các tệp đính kèm)"
                ),
                format!(
                    "The stored copy of \"{name}\" (sent to customs) no longer matches the hash recorded when it was attached: the copy on this computer is damaged. Customs keeps the copy it received; restore the data store from a backup (backups carry the attachments)"
                ),
            ),
            Self::HashMismatch { name, sent: false } => Bilingual::new(
                format!(
                    "Nội dung tệp \"{name}\" không còn khớp mã băm đã ghi khi đính kèm: tệp đã bị thay đổi hoặc hỏng; hãy đính kèm lại"
                ),
                format!(
                    "The content of \"{name}\" no longer matches the hash recorded when it was attached: it was changed or damaged; attach it again"
                ),
            ),
        }
    }
}

crate::domain::text::localized!(DossierError);

/// A file's checks before it is attached: its kind by its first bytes, not empty, not larger
/// than [`MAX_FILE_BYTES`]. `name` is for the messages.
///
/// # Errors
/// [`DossierError::Empty`], [`DossierError::TooLarge`], [`DossierError::NotADocument`].
pub fn check_file(name: &str, bytes: &[u8]) -> Result<MediaType, DossierError> {
    if bytes.is_empty() {
        return Err(DossierError::Empty {
            name: name.to_owned(),
        });
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DossierError::TooLarge {
            name: name.to_owned(),
            bytes: bytes.len(),
        });
    }
    MediaType::sniff(bytes).ok_or_else(|| DossierError::NotADocument {
        name: name.to_owned(),
    })
}

/// One file of an HYS application, as sent: its content in base64 with the hash of the bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachedFile {
    /// What the document is.
    pub kind: DocumentKind,
    /// The file's name (no folders).
    pub name: String,
    /// Its kind of file.
    pub media_type: MediaType,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The bytes, base64 (standard alphabet, padded).
    pub content: String,
}

impl AttachedFile {
    /// A file from its bytes (kind of file checked).
    ///
    /// # Errors
    /// As [`check_file`].
    pub fn new(kind: DocumentKind, name: &str, bytes: &[u8]) -> Result<Self, DossierError> {
        use base64::Engine as _;
        let media_type = check_file(name, bytes)?;
        Ok(Self {
            kind,
            name: name.to_owned(),
            media_type,
            sha256: sha256_hex(bytes),
            content: base64::engine::general_purpose::STANDARD.encode(bytes),
        })
    }

    /// The bytes, checked against the hash.
    ///
    /// # Errors
    /// [`DossierError::HashMismatch`] when the content is not base64 or not the hashed bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, DossierError> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(&self.content)
            .ok()
            .filter(|bytes| sha256_hex(bytes) == self.sha256)
            .ok_or_else(|| DossierError::HashMismatch {
                sent: false,
                name: self.name.clone(),
            })
    }
}

/// HYS: the application that registers an electronic dossier (office, team, procedure, phone,
/// remarks and the files), optionally about a declaration already numbered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HysApplication {
    /// The declaration the documents are for, when it has a number (they may also be sent
    /// first and quoted in EA/EB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<DeclarationNumber>,
    /// Cơ quan hải quan nhận hồ sơ: the customs office code (4 characters).
    pub office: String,
    /// Nhóm/đội xử lý: the processing team (2 characters), when known.
    #[serde(default)]
    pub team: String,
    /// Mã phân loại thủ tục: see [`procedure_of`].
    pub procedure: String,
    /// Số điện thoại liên hệ.
    pub phone: String,
    /// Ghi chú, at most [`MAX_REMARKS_BYTES`] bytes.
    #[serde(default)]
    pub remarks: String,
    /// The documents.
    pub files: Vec<AttachedFile>,
}

/// The procedure code of an HYS application for a declaration of `document_type` (the first
/// two digits of its number or of its type code: 10 import, 30 export), the first two
/// characters of the receipt number. KhaiBao's reading: the guide's "procedure" characters are
/// not listed in our sources, so the simulator uses the declaration's own document type.
pub fn procedure_of(direction: super::Direction) -> &'static str {
    match direction {
        super::Direction::Import => "10",
        super::Direction::Export => "30",
    }
}

impl HysApplication {
    /// The attachment class (EA) of this application's files.
    pub fn class(&self) -> &'static str {
        class_of(&self.files.iter().map(|f| f.kind).collect::<Vec<_>>())
    }

    /// Every file's bytes: their sum.
    pub fn total_bytes(&self) -> usize {
        // base64: 4 characters for 3 bytes (padding makes this an upper bound by ≤ 2).
        self.files.iter().map(|f| f.content.len() / 4 * 3).sum()
    }

    /// The checks VNACCS (and the simulator) make: an office, a phone, remarks within 996
    /// bytes, 1 to [`MAX_FILES`] files within [`MAX_APPLICATION_BYTES`], each a document within
    /// [`MAX_FILE_BYTES`] whose content matches its hash.
    ///
    /// # Errors
    /// The first problem found.
    pub fn check(&self) -> Result<(), DossierError> {
        if self.office.trim().is_empty() {
            return Err(DossierError::NoOffice);
        }
        check_phone(&self.phone)?;
        let team = self.team.trim();
        if !team.is_empty() && (team.len() != 2 || !team.bytes().all(|b| b.is_ascii_digit())) {
            return Err(DossierError::BadTeam(team.to_owned()));
        }
        if self.remarks.len() > MAX_REMARKS_BYTES {
            return Err(DossierError::RemarksTooLong {
                bytes: self.remarks.len(),
            });
        }
        if self.files.is_empty() {
            return Err(DossierError::NoFiles);
        }
        let total = self.total_bytes();
        if self.files.len() > MAX_FILES || total > MAX_APPLICATION_BYTES {
            return Err(DossierError::TooMuch {
                files: self.files.len(),
                bytes: total,
            });
        }
        for file in &self.files {
            let bytes = file.bytes()?;
            if check_file(&file.name, &bytes)? != file.media_type {
                return Err(DossierError::NotADocument {
                    name: file.name.clone(),
                });
            }
        }
        Ok(())
    }
}

/// A contact phone: 1 to 20 characters of digits, spaces, `+`, `-`, `.`, `(`, `)`, with a digit.
///
/// # Errors
/// [`DossierError::BadPhone`].
pub fn check_phone(phone: &str) -> Result<(), DossierError> {
    let phone = phone.trim();
    let fits = !phone.is_empty()
        && phone.chars().count() <= MAX_PHONE_CHARS
        && phone.chars().any(|c| c.is_ascii_digit())
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    if fits {
        Ok(())
    } else {
        Err(DossierError::BadPhone)
    }
}

/// The most dossiers numbered in one Vietnam day (the sequence's 4 digits).
pub const MAX_PER_DAY: u16 = 9999;

/// The receipt number of an HYS application, 12 digits as EB takes it: the procedure (2
/// digits, [`procedure_of`]), the Vietnam date YYMMDD, and the dossier's sequence in that day
/// (4 digits, 0001–9999); e.g. `102611300007`.
pub fn receipt_number(procedure: &str, day_vietnam: NaiveDate, sequence: u16) -> String {
    format!(
        "{procedure:.2}{}{:04}",
        day_vietnam.format("%y%m%d"),
        sequence.min(MAX_PER_DAY)
    )
}

/// Whether `text` has the receipt number's structure (see [`receipt_number`]): 12 digits, a
/// date that exists in the 3rd to 8th, a sequence from 0001.
pub fn is_receipt_number(text: &str) -> bool {
    text.len() == 12
        && text.bytes().all(|b| b.is_ascii_digit())
        && NaiveDate::parse_from_str(&text[2..8], "%y%m%d").is_ok()
        && &text[8..] != "0000"
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

    #[test]
    fn files_are_told_by_their_first_bytes_not_their_names() {
        assert_eq!(check_file("a.pdf", PDF), Ok(MediaType::Pdf));
        assert_eq!(
            check_file("scan.pdf", b"\x89PNG\r\n\x1a\n...."),
            Ok(MediaType::Png)
        );
        assert_eq!(
            check_file("x.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(MediaType::Jpeg)
        );
        assert_eq!(check_file("x.tif", b"II*\0...."), Ok(MediaType::Tiff));
        assert_eq!(
            check_file("invoice.pdf", b"PK\x03\x04 a zip"),
            Err(DossierError::NotADocument {
                name: "invoice.pdf".into()
            })
        );
        assert!(matches!(
            check_file("e.pdf", b""),
            Err(DossierError::Empty { .. })
        ));
        let big = [PDF, &vec![b' '; MAX_FILE_BYTES]].concat();
        let err = check_file("big.pdf", &big).unwrap_err();
        assert!(matches!(err, DossierError::TooLarge { bytes, .. } if bytes == big.len()));
        assert!(err.message().vi.contains("5.0 MB"), "{}", err.message().vi);
    }

    #[test]
    fn the_class_is_the_common_one_else_all() {
        use DocumentKind::*;
        assert_eq!(class_of(&[Invoice]), "INV");
        assert_eq!(class_of(&[BillOfLading, BillOfLading]), "BOL");
        assert_eq!(class_of(&[PackingList, CertificateOfOrigin]), "ETC");
        assert_eq!(class_of(&[Invoice, PackingList]), "ALL");
        assert_eq!(class_of(&[]), "ETC");
        assert_eq!(
            "certificate_of_origin".parse::<DocumentKind>(),
            Ok(CertificateOfOrigin)
        );
    }

    fn application() -> HysApplication {
        HysApplication {
            declaration: None,
            office: "01AC".into(),
            team: "00".into(),
            procedure: "10".into(),
            phone: "+84 24 3826 1234".into(),
            remarks: "Hồ sơ bổ sung theo yêu cầu".into(),
            files: vec![AttachedFile::new(DocumentKind::Invoice, "inv.pdf", PDF).unwrap()],
        }
    }

    #[test]
    fn an_application_is_checked_whole() {
        let good = application();
        assert_eq!(good.check(), Ok(()));
        assert_eq!(good.class(), "INV");
        assert_eq!(good.files[0].bytes().unwrap(), PDF);
        assert!(good.total_bytes() >= PDF.len() && good.total_bytes() <= PDF.len() + 2);

        // 996 bytes of remarks pass, 997 do not; accented letters count their UTF-8 bytes.
        let mut a = good.clone();
        a.remarks = "a".repeat(MAX_REMARKS_BYTES);
        assert_eq!(a.check(), Ok(()));
        a.remarks = "ệ".repeat(333); // 3 bytes each: 999 bytes for 333 letters.
        assert_eq!(a.check(), Err(DossierError::RemarksTooLong { bytes: 999 }));

        let mut a = good.clone();
        a.phone = "call me".into();
        assert_eq!(a.check(), Err(DossierError::BadPhone));
        a.phone = "0".repeat(21);
        assert_eq!(a.check(), Err(DossierError::BadPhone));
        let mut t = good.clone();
        t.team = "ĐỘI 1".into();
        assert_eq!(t.check(), Err(DossierError::BadTeam("ĐỘI 1".into())));
        t.team = "01".into();
        assert_eq!(t.check(), Ok(()));

        let mut a = good.clone();
        a.office = " ".into();
        assert_eq!(a.check(), Err(DossierError::NoOffice));

        let mut a = good.clone();
        a.files.clear();
        assert_eq!(a.check(), Err(DossierError::NoFiles));
        a.files = vec![good.files[0].clone(); MAX_FILES + 1];
        assert!(matches!(
            a.check(),
            Err(DossierError::TooMuch { files: 11, .. })
        ));

        // A file whose bytes were changed after hashing is caught.
        let mut a = good;
        a.files[0].content = {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7 changed")
        };
        assert_eq!(
            a.check(),
            Err(DossierError::HashMismatch {
                name: "inv.pdf".into(),
                sent: false,
            })
        );
    }

    #[test]
    fn receipt_numbers_fit_eb_with_the_guides_procedure_and_date() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let n = receipt_number("10", day, 7);
        assert_eq!(n, "102611300007");
        assert!(is_receipt_number(&n));
        assert_eq!(receipt_number("30", day, MAX_PER_DAY), "302611309999");
        assert!(!is_receipt_number("1026113000071")); // 13 digits
        assert!(!is_receipt_number("102602300007")); // 30 February
        assert!(!is_receipt_number("102611300000")); // no dossier 0
        assert!(!is_receipt_number("10261130000A"));
    }
}
