//! The VNACCS business codes KhaiBao sends (IDA … IEX), the simulator's training controls kept
//! apart from them, and the kinds of event in a declaration's history — each with its code and
//! its names in one place.
//!
//! Owns: the code ↔ enum mapping (strum) and the bilingual names. The business codes and their
//! names are those of the official VNACCS business list (`codelists/business_codes.csv`, which a
//! test keeps in step with this file).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{EnumString, IntoStaticStr, VariantArray};

use super::declaration::Direction;
use super::text::Bilingual;

/// The step of the procedure a business code performs, the same for imports and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// IDA/EDA: register provisional information (the core gives the number), or, sent again
    /// with the number after IDB/EDB, correct it before IDC/EDC (the IDA layout's item ICN is
    /// conditional for exactly this).
    Provisional,
    /// IDA01/EDA01: send amendment data after IDD/EDD, for IDE/EDE to register (only after
    /// IDC/EDC: a provisional declaration is corrected with IDB then IDA).
    AmendmentData,
    /// IDB/EDB: call up stored provisional information.
    CallUp,
    /// IDC/EDC: register officially → lane and tax notice.
    Official,
    /// IDD/EDD: call up a registered declaration for amendment.
    CallUpForAmendment,
    /// IDE/EDE: register the amendment.
    Amendment,
    /// IID/IEX: reference.
    Reference,
    /// HYS: register an electronic dossier (attached documents); about no direction.
    Attachments,
    /// AMA: pre-registration of amended tax information after clearance (before/after values
    /// per goods line); the core gives the amendment its own number (document type 73).
    TaxAmendmentData,
    /// AMB: call up amended tax information.
    TaxAmendmentCallUp,
    /// AMC: register (declare) the amended tax information sent with AMA.
    TaxAmendment,
    /// IAD: reference of amended tax information.
    TaxAmendmentReference,
}

impl Step {
    /// Whether the step is one of the amendments of tax information after clearance (AMA, AMB,
    /// AMC, IAD): one code for imports and exports.
    pub fn is_tax_amendment(self) -> bool {
        matches!(
            self,
            Self::TaxAmendmentData
                | Self::TaxAmendmentCallUp
                | Self::TaxAmendment
                | Self::TaxAmendmentReference
        )
    }
}

/// A VNACCS business code ("mã nghiệp vụ") of the declaration procedure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, VariantArray, strum::Display,
)]
#[allow(clippy::upper_case_acronyms)] // The official codes, written as VNACCS writes them.
pub enum BusinessCode {
    /// Khai báo trước thông tin tờ khai nhập khẩu.
    IDA,
    /// Khai báo sửa đổi thông tin tờ khai nhập khẩu.
    IDA01,
    /// Gọi thông tin khai báo trước tờ khai nhập khẩu.
    IDB,
    /// Đăng ký tờ khai nhập khẩu.
    IDC,
    /// Gọi thông tin tờ khai nhập khẩu để sửa đổi.
    IDD,
    /// Đăng ký sửa đổi tờ khai nhập khẩu.
    IDE,
    /// Tham chiếu tờ khai nhập khẩu.
    IID,
    /// Khai báo trước thông tin tờ khai xuất khẩu.
    EDA,
    /// Khai báo sửa đổi thông tin tờ khai xuất khẩu.
    EDA01,
    /// Gọi thông tin khai báo trước tờ khai xuất khẩu.
    EDB,
    /// Đăng ký tờ khai xuất khẩu.
    EDC,
    /// Gọi thông tin tờ khai xuất khẩu để sửa đổi.
    EDD,
    /// Đăng ký sửa đổi tờ khai xuất khẩu.
    EDE,
    /// Tham chiếu tờ khai xuất khẩu.
    IEX,
    /// Đăng ký hồ sơ đính kèm điện tử.
    HYS,
    /// Khai báo trước thông tin sửa đổi thuế (after clearance; imports and exports).
    AMA,
    /// Gọi thông tin sửa đổi thuế.
    AMB,
    /// Đăng ký sửa đổi thuế.
    AMC,
    /// Tham chiếu thông tin sửa đổi thuế.
    IAD,
}

impl BusinessCode {
    /// The code of `step` for a declaration of `direction`.
    pub fn of(step: Step, direction: Direction) -> Self {
        let import = direction == Direction::Import;
        match (step, import) {
            (Step::Provisional, true) => Self::IDA,
            (Step::Provisional, false) => Self::EDA,
            (Step::AmendmentData, true) => Self::IDA01,
            (Step::AmendmentData, false) => Self::EDA01,
            (Step::CallUp, true) => Self::IDB,
            (Step::CallUp, false) => Self::EDB,
            (Step::Official, true) => Self::IDC,
            (Step::Official, false) => Self::EDC,
            (Step::CallUpForAmendment, true) => Self::IDD,
            (Step::CallUpForAmendment, false) => Self::EDD,
            (Step::Amendment, true) => Self::IDE,
            (Step::Amendment, false) => Self::EDE,
            (Step::Reference, true) => Self::IID,
            (Step::Reference, false) => Self::IEX,
            (Step::Attachments, _) => Self::HYS,
            (Step::TaxAmendmentData, _) => Self::AMA,
            (Step::TaxAmendmentCallUp, _) => Self::AMB,
            (Step::TaxAmendment, _) => Self::AMC,
            (Step::TaxAmendmentReference, _) => Self::IAD,
        }
    }

    /// The step this code performs.
    pub fn step(self) -> Step {
        match self {
            Self::IDA | Self::EDA => Step::Provisional,
            Self::IDA01 | Self::EDA01 => Step::AmendmentData,
            Self::IDB | Self::EDB => Step::CallUp,
            Self::IDC | Self::EDC => Step::Official,
            Self::IDD | Self::EDD => Step::CallUpForAmendment,
            Self::IDE | Self::EDE => Step::Amendment,
            Self::IID | Self::IEX => Step::Reference,
            Self::HYS => Step::Attachments,
            Self::AMA => Step::TaxAmendmentData,
            Self::AMB => Step::TaxAmendmentCallUp,
            Self::AMC => Step::TaxAmendment,
            Self::IAD => Step::TaxAmendmentReference,
        }
    }

    /// Import or export; the jobs that serve both or neither (AMA, AMB, AMC, IAD for both —
    /// the AMA guide's item YNK says which —, HYS about no direction) answer import: see
    /// [`Self::serves_both_directions`].
    pub fn direction(self) -> Direction {
        match self {
            Self::EDA | Self::EDA01 | Self::EDB | Self::EDC | Self::EDD | Self::EDE | Self::IEX => {
                Direction::Export
            }
            _ => Direction::Import,
        }
    }

    /// Whether one code serves imports and exports alike (AMA, AMB, AMC, IAD), or is about no
    /// declaration's direction (HYS).
    pub fn serves_both_directions(self) -> bool {
        self.step().is_tax_amendment() || self == Self::HYS
    }

    /// The code as VNACCS writes it.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// Whether VNACCS requires the declarant's digital signature on this job (IDA, IDA01, IDC,
    /// IDE and their export twins, HYS; Circular 38/2015 art. 3 as amended by 39/2018, and the
    /// business list's "signature" column).
    pub fn requires_signature(self) -> bool {
        matches!(
            self.step(),
            Step::Provisional
                | Step::AmendmentData
                | Step::Official
                | Step::Amendment
                | Step::Attachments
                | Step::TaxAmendmentData
                | Step::TaxAmendment
        )
    }

    /// The official name, in both languages.
    pub fn name(self) -> Bilingual {
        let (vi, en) = match self {
            Self::IDA => (
                "Khai báo trước thông tin tờ khai nhập khẩu",
                "Pre-registration of import declaration",
            ),
            Self::IDA01 => (
                "Khai báo sửa đổi thông tin tờ khai nhập khẩu",
                "Correction of pre-registration of import declaration",
            ),
            Self::IDB => (
                "Gọi thông tin khai báo trước tờ khai nhập khẩu",
                "Call up of import pre-registration",
            ),
            Self::IDC => (
                "Đăng ký tờ khai nhập khẩu",
                "Import declaration (registration)",
            ),
            Self::IDD => (
                "Gọi thông tin tờ khai nhập khẩu để sửa đổi",
                "Call up of import declaration for correction",
            ),
            Self::IDE => (
                "Đăng ký sửa đổi tờ khai nhập khẩu",
                "Correction of import declaration",
            ),
            Self::IID => (
                "Tham chiếu tờ khai nhập khẩu",
                "Reference of import declaration",
            ),
            Self::EDA => (
                "Khai báo trước thông tin tờ khai xuất khẩu",
                "Pre-registration of export declaration",
            ),
            Self::EDA01 => (
                "Khai báo sửa đổi thông tin tờ khai xuất khẩu",
                "Correction of pre-registration of export declaration",
            ),
            Self::EDB => (
                "Gọi thông tin khai báo trước tờ khai xuất khẩu",
                "Call up of export pre-registration",
            ),
            Self::EDC => (
                "Đăng ký tờ khai xuất khẩu",
                "Export declaration (registration)",
            ),
            Self::EDD => (
                "Gọi thông tin tờ khai xuất khẩu để sửa đổi",
                "Call up of export declaration for correction",
            ),
            Self::EDE => (
                "Đăng ký sửa đổi tờ khai xuất khẩu",
                "Correction of export declaration",
            ),
            Self::IEX => (
                "Tham chiếu tờ khai xuất khẩu",
                "Reference of export declaration",
            ),
            Self::HYS => (
                "Đăng ký hồ sơ đính kèm điện tử",
                "Registration of electronic attachments",
            ),
            Self::AMA => (
                "Khai báo trước thông tin sửa đổi thuế",
                "Pre-registration of amended tax information",
            ),
            Self::AMB => (
                "Gọi thông tin sửa đổi thuế",
                "Call up of amended tax information",
            ),
            Self::AMC => (
                "Đăng ký sửa đổi thuế",
                "Declaration of amended tax information",
            ),
            Self::IAD => (
                "Tham chiếu thông tin sửa đổi thuế",
                "Reference of amended tax information",
            ),
        };
        Bilingual::new(vi, en)
    }
}

/// What the simulator does besides VNACCS's business codes: the declarant's cancellation request
/// and certificate registration (done outside the declaration jobs in VNACCS), and the steps a
/// trainer plays (the officer, the bank, the clock, the CA, the policy). They are KhaiBao's own
/// codes, not VNACCS jobs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, VariantArray, strum::Display,
)]
#[strum(serialize_all = "UPPERCASE")]
pub enum TrainingControl {
    /// Cancel a declaration on the declarant's request (decided by an officer in VNACCS).
    Cancel,
    /// The taxes are paid or guaranteed.
    Pay,
    /// An officer step (documents, inspection, goods at the border).
    Officer,
    /// Move the simulated clock.
    Clock,
    /// Forget every declaration.
    Reset,
    /// Register a signing certificate.
    Cert,
    /// List the registered certificates.
    #[strum(serialize = "CERTLIST")]
    CertList,
    /// Suspend, revoke or reactivate a certificate.
    #[strum(serialize = "CERTSTATUS")]
    CertStatus,
    /// Whether unsigned jobs are accepted.
    #[strum(serialize = "SIGPOLICY")]
    SigPolicy,
    /// The instructor forces the lane or a refusal of the next official registration.
    Force,
    /// The instructor lists the forced outcomes still pending.
    Forced,
    /// The instructor sets the random selection's seed and rates.
    Random,
    /// The instructor loads a risk-rules profile.
    Rules,
    /// The instructor keeps the simulator's state under a name.
    Snapshot,
    /// The instructor brings a kept state back.
    Restore,
    /// The instructor lists the kept states.
    Snapshots,
    /// Who the instructors are.
    Instructors,
}

impl TrainingControl {
    /// Whether a trainer plays this step in the simulator (the officer, the bank, the clock, the
    /// CA's certificate status, the signature policy, a reset) rather than the declarant.
    pub fn played_by_trainer(self) -> bool {
        !matches!(self, Self::Cancel | Self::Cert | Self::CertList)
    }

    /// The control's name, in both languages.
    pub fn name(self) -> Bilingual {
        let (vi, en) = match self {
            Self::Cancel => ("Hủy tờ khai", "Cancellation"),
            Self::Pay => ("Nộp thuế (mô phỏng)", "Tax payment (simulated)"),
            Self::Officer => ("Bước của công chức (mô phỏng)", "Officer step (simulated)"),
            Self::Clock => ("Chỉnh giờ hệ thống mô phỏng", "Simulated clock moved"),
            Self::Reset => ("Xóa dữ liệu mô phỏng", "Simulator reset"),
            Self::Cert => ("Đăng ký chứng thư số", "Certificate registration"),
            Self::CertList => ("Danh sách chứng thư số", "Certificate list"),
            Self::CertStatus => ("Đổi trạng thái chứng thư số", "Certificate status change"),
            Self::SigPolicy => ("Chính sách chữ ký số", "Signature policy"),
            Self::Force => (
                "Ấn định kết quả đăng ký (giảng viên)",
                "Forced outcome (instructor)",
            ),
            Self::Forced => ("Kết quả ấn định đang chờ", "Pending forced outcomes"),
            Self::Random => (
                "Chọn ngẫu nhiên: hạt giống và tỷ lệ",
                "Random selection: seed and rates",
            ),
            Self::Rules => ("Nạp bộ tiêu chí rủi ro", "Risk-rules profile loaded"),
            Self::Snapshot => ("Lưu trạng thái mô phỏng", "Simulator snapshot"),
            Self::Restore => ("Khôi phục trạng thái mô phỏng", "Simulator restore"),
            Self::Snapshots => ("Danh sách trạng thái đã lưu", "Snapshot list"),
            Self::Instructors => ("Giảng viên của hệ thống mô phỏng", "Simulator instructors"),
        };
        Bilingual::new(vi, en)
    }
}

/// The code of an operation: a VNACCS job, or a training control. On the wire and in the stores
/// it is the code's text (`IDC`, `PAY`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobCode {
    /// A VNACCS business code.
    Business(BusinessCode),
    /// One of the simulator's own controls.
    Control(TrainingControl),
}

impl JobCode {
    /// The code's text.
    pub fn code(self) -> &'static str {
        match self {
            Self::Business(code) => code.into(),
            Self::Control(control) => control.into(),
        }
    }

    /// The name, in both languages.
    pub fn name(self) -> Bilingual {
        match self {
            Self::Business(code) => code.name(),
            Self::Control(control) => control.name(),
        }
    }

    /// The step, for a VNACCS job.
    pub fn step(self) -> Option<Step> {
        match self {
            Self::Business(code) => Some(code.step()),
            Self::Control(_) => None,
        }
    }
}

impl std::fmt::Display for JobCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A text that is no code KhaiBao knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code {0:?}")]
pub struct UnknownCode(pub String);

impl std::str::FromStr for JobCode {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse()
            .map(Self::Business)
            .or_else(|_| text.parse().map(Self::Control))
            .map_err(|_| UnknownCode(text.to_owned()))
    }
}

impl From<BusinessCode> for JobCode {
    fn from(code: BusinessCode) -> Self {
        Self::Business(code)
    }
}

impl From<TrainingControl> for JobCode {
    fn from(control: TrainingControl) -> Self {
        Self::Control(control)
    }
}

impl Serialize for JobCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for JobCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What happened to a declaration, as its history records it: a job carried out, or something
/// the core or the store noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A job or control was carried out.
    Job(JobCode),
    /// Provisional information lapsed after 7 days without IDC (the store's own or the core's).
    Expired,
    /// A registered declaration lapsed after 15 days without the goods reaching customs.
    AutoCancel,
    /// The officer accepted the documents.
    DocumentsAccepted,
    /// The officer asked for more documents.
    DocumentsRequested,
    /// Physical inspection passed.
    InspectionPassed,
    /// Physical inspection found a discrepancy.
    InspectionFailed,
    /// Import: the goods arrived at the border gate.
    GoodsArrived,
    /// Export: the goods were brought into the customs area.
    GoodsPresented,
    /// The goods were cleared.
    Cleared,
    /// The client's clearance watch-list saw the declaration change at customs (status, lane,
    /// officer steps), by the reference job (IID/IEX).
    Watched,
    /// The declaration was printed for the manual procedure (Decree 87/2012 art. 15: the
    /// customs' or the declarant's system failed and customs announced it).
    ManualPrinted,
    /// The declaration was processed by hand and its result entered afterwards (nothing sent).
    ManualCleared,
}

/// The events that are not jobs, with their codes.
const EVENT_CODES: [(EventKind, &str); 12] = [
    (EventKind::Expired, "EXPIRED"),
    (EventKind::AutoCancel, "AUTO_CANCEL"),
    (EventKind::DocumentsAccepted, "DOCUMENTS_ACCEPTED"),
    (EventKind::DocumentsRequested, "DOCUMENTS_REQUESTED"),
    (EventKind::InspectionPassed, "INSPECTION_PASSED"),
    (EventKind::InspectionFailed, "INSPECTION_FAILED"),
    (EventKind::GoodsArrived, "GOODS_ARRIVED"),
    (EventKind::GoodsPresented, "GOODS_PRESENTED"),
    (EventKind::Cleared, "CLEARED"),
    (EventKind::Watched, "WATCHED"),
    (EventKind::ManualPrinted, "MANUAL_PRINTED"),
    (EventKind::ManualCleared, "MANUAL_CLEARED"),
];

impl EventKind {
    /// The code stored and sent for the event (`IDC`, `CLEARED`…).
    pub fn code(self) -> &'static str {
        match self {
            Self::Job(job) => job.code(),
            other => EVENT_CODES
                .iter()
                .find(|(kind, _)| *kind == other)
                .map_or("", |(_, code)| code),
        }
    }

    /// The event's name, in both languages.
    pub fn name(self) -> Bilingual {
        let (vi, en) = match self {
            Self::Job(job) => return job.name(),
            Self::Expired => (
                "Hết hạn lưu thông tin khai báo",
                "Provisional information lapsed",
            ),
            Self::AutoCancel => ("Tờ khai hết hiệu lực", "Declaration lapsed"),
            Self::DocumentsAccepted => ("Chấp nhận hồ sơ", "Documents accepted"),
            Self::DocumentsRequested => ("Yêu cầu bổ sung hồ sơ", "More documents requested"),
            Self::InspectionPassed => ("Kiểm tra thực tế: phù hợp", "Inspection passed"),
            Self::InspectionFailed => ("Kiểm tra thực tế: không phù hợp", "Inspection failed"),
            Self::GoodsArrived => ("Hàng đến cửa khẩu", "Goods arrived"),
            Self::GoodsPresented => ("Hàng vào khu vực giám sát", "Goods presented"),
            Self::Cleared => ("Thông quan", "Cleared"),
            Self::Watched => (
                "Theo dõi thông quan: trạng thái thay đổi",
                "Clearance watch: state changed",
            ),
            Self::ManualPrinted => (
                "In tờ khai để làm thủ tục thủ công",
                "Printed for the manual procedure",
            ),
            Self::ManualCleared => (
                "Thông quan thủ công, nhập lại sau",
                "Cleared by hand, entered afterwards",
            ),
        };
        Bilingual::new(vi, en)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for EventKind {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EVENT_CODES
            .iter()
            .find(|(_, code)| *code == text)
            .map(|(kind, _)| *kind)
            .map_or_else(|| text.parse().map(Self::Job), Ok)
    }
}

impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// `Option<JobCode>` written as its code, or `""` when there is none (the answer to a request
/// that could not be read).
pub mod optional_code {
    use super::JobCode;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the code, or `""`.
    #[allow(clippy::ref_option)] // serde's `with` passes a reference to the field.
    pub fn serialize<S: Serializer>(job: &Option<JobCode>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(job.map_or("", JobCode::code))
    }

    /// Reads a code; `""` is none.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<JobCode>, D::Error> {
        let text = String::deserialize(d)?;
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_their_text() {
        for &code in BusinessCode::VARIANTS {
            let job = JobCode::Business(code);
            assert_eq!(job.code().parse::<JobCode>(), Ok(job));
            assert_eq!(BusinessCode::of(code.step(), code.direction()), code);
            let event = EventKind::Job(job);
            assert_eq!(event.code().parse::<EventKind>(), Ok(event));
        }
        for &control in TrainingControl::VARIANTS {
            let job = JobCode::Control(control);
            assert_eq!(job.to_string().parse::<JobCode>(), Ok(job));
        }
        for (kind, code) in EVENT_CODES {
            assert_eq!(kind.code(), code);
            assert_eq!(code.parse::<EventKind>(), Ok(kind));
        }
        assert_eq!(
            "CERTLIST".parse::<JobCode>(),
            Ok(JobCode::Control(TrainingControl::CertList))
        );
        assert!("IDX".parse::<JobCode>().is_err());
        assert!("ida".parse::<JobCode>().is_err());
        assert!("NOT_AN_EVENT".parse::<EventKind>().is_err());
    }

    #[test]
    fn every_business_code_agrees_with_the_official_business_list() {
        let list = include_str!("../../codelists/business_codes.csv");
        for &code in BusinessCode::VARIANTS {
            let row = list
                .lines()
                .find(|l| l.split(',').next() == Some(code.code()))
                .unwrap_or_else(|| panic!("{code} is not in business_codes.csv"));
            let cells: Vec<&str> = row.split(',').collect();
            let name = code.name();
            assert_eq!((cells[1], cells[2]), (&*name.vi, &*name.en), "{code}");
            let direction = match code.direction() {
                _ if code.serves_both_directions() => "",
                Direction::Import => "import",
                Direction::Export => "export",
            };
            assert_eq!(cells[3], direction, "{code}");
            let signed = if code.requires_signature() {
                "yes"
            } else {
                "no"
            };
            assert_eq!(cells[4], signed, "{code}");
        }
    }

    #[test]
    fn an_answer_without_a_job_is_written_as_an_empty_code() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Answer {
            #[serde(with = "optional_code")]
            job: Option<JobCode>,
        }
        let none = Answer { job: None };
        let json = serde_json::to_string(&none).unwrap();
        assert_eq!(json, r#"{"job":""}"#);
        assert_eq!(serde_json::from_str::<Answer>(&json).unwrap(), none);
        let idc: Answer = serde_json::from_str(r#"{"job":"IDC"}"#).unwrap();
        assert_eq!(idc.job, Some(JobCode::Business(BusinessCode::IDC)));
        assert!(serde_json::from_str::<Answer>(r#"{"job":"XYZ"}"#).is_err());
    }
}
