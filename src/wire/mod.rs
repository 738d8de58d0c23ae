//! The protocol between the client and the simulated core: one JSON request, one JSON
//! response, the same in-process and over HTTP (`POST /v1/messages`). Documented in
//! `docs/protocol.md`.
//!
//! Owns: the request/response types and the catalogue of result codes; the real VNACCS framing
//! (400-byte header, fixed-width items) is modelled separately in [`vnaccs`] (S/MIME signing
//! comes with the signing issue). Where a result
//! code exists in VNACCS (E0074, E0399, E1103, E8000, E8001, A0003) the same code is used,
//! and KhaiBao's own refusals are `KB-Snnnn`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::assess::Assessment;
use crate::assess::amendment::TaxDifference;
use crate::assess::lanes::LaneDecision;
use crate::domain::tax_changes::{FieldChange, TaxChanges};
use crate::domain::{
    BusinessCode, Declaration, DeclarationNumber, Direction, EventKind, JobCode, Step,
    TrainingControl,
};
use crate::rules::Finding;

pub mod vnaccs;

/// Protocol version carried in every request.
pub const PROTOCOL: &str = "khaibao-sim/1";

/// One request to the core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Always [`PROTOCOL`].
    pub protocol: String,
    /// The client's message reference: a repeated reference returns the first answer.
    pub message_ref: String,
    /// VNACCS user ID (5 + 3 characters).
    pub user_id: String,
    /// What to do.
    pub operation: Operation,
}

/// Officer actions the simulator lets a trainer (or trainee) perform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficerAction {
    /// Documents checked and accepted (yellow and red lanes).
    AcceptDocuments,
    /// Physical inspection passed (red lane).
    PassInspection,
    /// Physical inspection found a discrepancy (red lane): the declarant must amend.
    FailInspection,
    /// The goods are at the border gate (import: arrived, as the e-manifest would tell) or
    /// were brought into the customs area for export (export). Any lane.
    GoodsAtBorder,
    /// The officer asks for more documents (yellow and red lanes, before accepting them): the
    /// declarant sends another dossier with HYS before the documents can be accepted.
    RequestDocuments,
}

/// The business operations (VNACCS job in brackets; E… for exports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Operation {
    /// IDA/EDA: register provisional information; the core assigns the number.
    RegisterProvisional {
        /// The declaration.
        declaration: Box<Declaration>,
    },
    /// IDA/EDA sent again with the number, after IDB/EDB called the provisional information
    /// up: corrects it before IDC/EDC (the IDA layout's item ICN is conditional for exactly
    /// this; the 7 days restart). Refused once the declaration is registered (E0220).
    CorrectProvisional {
        /// The declaration number (any branch).
        number: DeclarationNumber,
        /// The full, corrected declaration.
        declaration: Box<Declaration>,
    },
    /// IDA01/EDA01: amendment data of a registered declaration, after IDD/EDD; IDE/EDE
    /// registers it. Refused on a provisional declaration (E0223). Older clients and message
    /// logs name it `edit`, which is read as this operation (its job code was IDA01 already).
    #[serde(alias = "edit")]
    AmendmentData {
        /// The declaration number (any branch).
        number: DeclarationNumber,
        /// The full, amended declaration.
        declaration: Box<Declaration>,
    },
    /// IDB/EDB: call up stored provisional information.
    CallUp {
        /// The number.
        number: DeclarationNumber,
    },
    /// IDC/EDC: register the declaration officially → lane and tax notice.
    RegisterOfficial {
        /// The number.
        number: DeclarationNumber,
    },
    /// IDD/EDD: call up a registered declaration for amendment.
    CallUpForAmendment {
        /// The number.
        number: DeclarationNumber,
    },
    /// IDE/EDE: register the amendment sent with IDA01/EDA01 (branch digit + 1).
    RegisterAmendment {
        /// The number.
        number: DeclarationNumber,
    },
    /// HYS: register an electronic dossier (attached documents); the answer carries its
    /// receipt number, quoted in the declaration's EA/EB.
    RegisterAttachments {
        /// The application and its files.
        application: Box<crate::domain::dossier::HysApplication>,
    },
    /// IID/IEX: reference — the current state with its history.
    Reference {
        /// The number.
        number: DeclarationNumber,
    },
    /// Cancel a declaration on request.
    Cancel {
        /// The number.
        number: DeclarationNumber,
        /// Why (free text, kept in the history).
        reason: String,
    },
    /// Simulation: the taxes are paid (or guaranteed by a bank).
    PayTaxes {
        /// The number.
        number: DeclarationNumber,
    },
    /// Simulation: an officer step.
    Officer {
        /// The number.
        number: DeclarationNumber,
        /// The step.
        action: OfficerAction,
    },
    /// Simulation: move the simulated clock forward.
    AdvanceClock {
        /// Seconds to add (≥ 0).
        seconds: i64,
    },
    /// Simulation: forget every declaration and message (the rules file stays).
    Reset,
    /// Register the signing certificate for this user (customs' registration of a digital
    /// signature). Must be signed with that certificate: the signature proves the key.
    RegisterCertificate {
        /// Signer's full name.
        signer_name: String,
        /// Signer's ID card / passport number.
        signer_id_number: String,
        /// Signer's title in the enterprise.
        #[serde(default)]
        signer_title: String,
        /// The enterprise tax code, when the certificate does not carry one.
        #[serde(default)]
        tax_code: Option<String>,
    },
    /// The certificates registered for this user.
    ListCertificates,
    /// Simulation: the CA suspends, revokes or reinstates a registered certificate.
    SetCertificateStatus {
        /// Certificate serial number (hex).
        serial: String,
        /// The new status.
        status: CertificateStatus,
    },
    /// AMA: pre-registration of amended tax information after clearance — per goods line the
    /// new values of the items that change the tax. The core answers with the amendment's own
    /// number (document type 73) and the tax difference; sent again before AMC it replaces the
    /// pending amendment (same number).
    TaxAmendmentData {
        /// The cleared declaration's number (any branch).
        number: DeclarationNumber,
        /// What changes.
        changes: TaxChanges,
    },
    /// AMB: call up amended tax information.
    CallUpTaxAmendment {
        /// The amendment's number (document type 73).
        number: DeclarationNumber,
    },
    /// AMC: register the amended tax information sent with AMA.
    RegisterTaxAmendment {
        /// The amendment's number (document type 73).
        number: DeclarationNumber,
    },
    /// IAD: reference of amended tax information.
    TaxAmendmentReference {
        /// The amendment's number (document type 73).
        number: DeclarationNumber,
    },
    /// Simulation: whether official jobs must be signed (E9990 when not) or may be sent unsigned
    /// for practice (accepted with warning `KB-W9990`).
    SetSignaturePolicy {
        /// Signatures required.
        required: bool,
    },
    /// Simulation (instructor): the outcome of the next official registration (IDC/EDC) of one
    /// trainee (`user`) or of everyone (no `user`): a lane, or a refusal with an official
    /// VNACCS result code. One-shot: consumed by the registration it decides.
    ForceOutcome {
        /// The trainee's VNACCS user ID; none for everyone.
        #[serde(default)]
        user: Option<String>,
        /// What to force.
        outcome: ForcedOutcome,
    },
    /// Simulation (instructor): the forced outcomes still pending.
    ListForcedOutcomes,
    /// Simulation (instructor): the random selection's seed and rates (percent); what is not
    /// given stays.
    SetRandomSelection {
        /// Seed of the draw.
        #[serde(default)]
        seed: Option<u64>,
        /// Percent of unmatched declarations sent red (0–100).
        #[serde(default)]
        red_percent: Option<rust_decimal::Decimal>,
        /// Percent sent yellow (0–100; red + yellow ≤ 100).
        #[serde(default)]
        yellow_percent: Option<rust_decimal::Decimal>,
    },
    /// Simulation (instructor): a risk-rules profile (the text of a `lane_rules.toml`),
    /// validated, replacing the active rules (its seed and rates included).
    LoadRules {
        /// The TOML text.
        text: String,
        /// A name to show for it (the file's).
        #[serde(default)]
        name: Option<String>,
    },
    /// Simulation (instructor): keep the simulator's state under a name (in its data folder).
    Snapshot {
        /// 1–64 letters, digits, `-` or `_`.
        name: String,
    },
    /// Simulation (instructor): replace the simulator's state by a kept one, atomically.
    Restore {
        /// The snapshot's name.
        name: String,
    },
    /// Simulation (instructor): the kept states.
    ListSnapshots,
    /// Simulation (instructor): who the instructors are (VNACCS user IDs); an empty list lets
    /// everyone use the training controls (single-user practice).
    SetInstructors {
        /// The instructors' user IDs.
        user_ids: Vec<String>,
    },
}

/// What an instructor forces for an official registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ForcedOutcome {
    /// This lane, whatever the rules say.
    Lane {
        /// 1, 2 or 3.
        lane: crate::domain::Lane,
    },
    /// A refusal with this official result code (from the real result-code table).
    Refusal {
        /// The 5-character VNACCS code, e.g. `E1103`.
        code: String,
    },
}

/// A forced outcome waiting for its registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingForce {
    /// Its number (order of setting).
    pub id: i64,
    /// For this trainee; none for everyone.
    pub user: Option<String>,
    /// What is forced.
    pub outcome: ForcedOutcome,
    /// The instructor who set it.
    pub set_by: String,
    /// When, simulated time.
    pub set_at: DateTime<Utc>,
}

/// A kept state of the simulator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    /// Its name.
    pub name: String,
    /// When it was taken, simulated time (none when unreadable).
    pub taken_at: Option<DateTime<Utc>>,
    /// Size of the file, bytes.
    pub bytes: u64,
}

/// The training settings, as an instructor control answers them: what was set, and the
/// settings now in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSettings {
    /// What was done, Vietnamese.
    pub done_vi: String,
    /// What was done, English.
    pub done_en: String,
    /// The instructors (empty: everyone may use the training controls).
    pub instructors: Vec<String>,
    /// The forced outcomes still pending.
    pub forced: Vec<PendingForce>,
    /// The random selection's seed.
    pub seed: u64,
    /// Percent sent red by the draw.
    pub red_percent: rust_decimal::Decimal,
    /// Percent sent yellow by the draw.
    pub yellow_percent: rust_decimal::Decimal,
    /// The active risk rules' names, in order.
    pub rules: Vec<String>,
    /// The name of the loaded profile; none for the data folder's `lane_rules.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The kept states (snapshot answers only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<SnapshotInfo>,
}

/// Why an answer is what it is: the lane, each tax and each refusal explained.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Explanation {
    /// How the declaration's lane was decided and what would have changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<crate::assess::lanes::LaneExplanation>,
    /// Each tax of each goods line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<crate::assess::explain::TaxExplanation>,
    /// The refusal and each error behind it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refusals: Vec<RefusalExplanation>,
}

impl Explanation {
    /// Whether there is nothing to explain.
    pub fn is_empty(&self) -> bool {
        self.lane.is_none() && self.taxes.is_empty() && self.refusals.is_empty()
    }
}

/// One refusal (the result code, or an error finding behind it) explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalExplanation {
    /// The result code or the rule's code (`KB-E0301`).
    pub code: String,
    /// The field at fault: its JSON path (`goods[0].hs_code`); none for the whole message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The field's VNACCS item ID (`CMD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// The field's official Vietnamese name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_name_vi: Option<String>,
    /// The field's English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_name_en: Option<String>,
    /// The goods line (1-based), when the field is on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The official meaning (Vietnamese) from the real result-code table, for an official code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_vi: Option<String>,
    /// The official remedy ("cách xử lý", Vietnamese) from the same table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy_vi: Option<String>,
    /// What to do, Vietnamese.
    pub hint_vi: String,
    /// What to do, English.
    pub hint_en: String,
}

impl Operation {
    /// The declaration number the operation is about, if any.
    pub fn number(&self) -> Option<DeclarationNumber> {
        match self {
            Self::CorrectProvisional { number, .. }
            | Self::AmendmentData { number, .. }
            | Self::CallUp { number }
            | Self::RegisterOfficial { number }
            | Self::CallUpForAmendment { number }
            | Self::RegisterAmendment { number }
            | Self::Reference { number }
            | Self::Cancel { number, .. }
            | Self::PayTaxes { number }
            | Self::Officer { number, .. }
            | Self::TaxAmendmentData { number, .. }
            | Self::CallUpTaxAmendment { number }
            | Self::RegisterTaxAmendment { number }
            | Self::TaxAmendmentReference { number } => Some(*number),
            Self::RegisterAttachments { application } => application.declaration,
            Self::RegisterProvisional { .. }
            | Self::AdvanceClock { .. }
            | Self::Reset
            | Self::RegisterCertificate { .. }
            | Self::ListCertificates
            | Self::SetCertificateStatus { .. }
            | Self::SetSignaturePolicy { .. }
            | Self::ForceOutcome { .. }
            | Self::ListForcedOutcomes
            | Self::SetRandomSelection { .. }
            | Self::LoadRules { .. }
            | Self::Snapshot { .. }
            | Self::Restore { .. }
            | Self::ListSnapshots
            | Self::SetInstructors { .. } => None,
        }
    }

    /// The direction of the declaration the operation is about: the declaration's own for the
    /// data jobs, else its number's document type (30 export), import when there is none.
    pub fn direction(&self) -> Direction {
        match self {
            Self::RegisterProvisional { declaration }
            | Self::CorrectProvisional { declaration, .. }
            | Self::AmendmentData { declaration, .. } => declaration.direction,
            op => match op.number().map(DeclarationNumber::document_type) {
                Some(crate::domain::ids::DOCUMENT_TYPE_EXPORT) => Direction::Export,
                _ => Direction::Import,
            },
        }
    }

    /// Whether this is one of the simulator's training controls (the officer's steps, paying,
    /// the clock, the signature policy, the CA's certificate status, reset), not a VNACCS job
    /// a broker sends.
    pub fn is_training_control(&self) -> bool {
        matches!(self.job(Direction::Import), JobCode::Control(c) if c.played_by_trainer())
    }

    /// Whether only an instructor may send this, when the simulator has instructors: the
    /// officer's steps, the clock, a reset, the CA's certificate status, the signature policy,
    /// forced outcomes, the random selection, the rules, snapshots and the instructors
    /// themselves. Paying, cancelling and the certificate jobs stay the declarant's.
    pub fn is_instructor_only(&self) -> bool {
        matches!(self.job(Direction::Import), JobCode::Control(c) if !matches!(
            c,
            TrainingControl::Pay
                | TrainingControl::Cancel
                | TrainingControl::Cert
                | TrainingControl::CertList
        ))
    }

    /// Whether this only reads a declaration (IID/IEX reference, IAD reference of amended tax
    /// information): an instructor may read any trainee's; nothing is changed by it.
    pub fn is_reference(&self) -> bool {
        matches!(
            self,
            Self::Reference { .. } | Self::TaxAmendmentReference { .. }
        )
    }

    /// Whether VNACCS requires a digital signature for this job (reference §1.1 column "Sig":
    /// IDA, IDA01, IDC, IDE and their export twins), plus cancellation (KhaiBao's reading: a
    /// request with legal effect) and the certificate registration itself (proof of the key).
    pub fn requires_signature(&self) -> bool {
        match self.job(Direction::Import) {
            JobCode::Business(code) => code.requires_signature(),
            JobCode::Control(control) => {
                matches!(control, TrainingControl::Cancel | TrainingControl::Cert)
            }
        }
    }

    /// The code of this operation on a declaration of `direction`: a VNACCS job, or one of the
    /// simulator's own operations.
    pub fn job(&self, direction: Direction) -> JobCode {
        let business = |step| JobCode::Business(BusinessCode::of(step, direction));
        let control = JobCode::Control;
        match self {
            // A correction is IDA again, with the number: the same business code.
            Self::RegisterProvisional { .. } | Self::CorrectProvisional { .. } => {
                business(Step::Provisional)
            }
            Self::AmendmentData { .. } => business(Step::AmendmentData),
            Self::CallUp { .. } => business(Step::CallUp),
            Self::RegisterOfficial { .. } => business(Step::Official),
            Self::CallUpForAmendment { .. } => business(Step::CallUpForAmendment),
            Self::RegisterAmendment { .. } => business(Step::Amendment),
            Self::Reference { .. } => business(Step::Reference),
            Self::RegisterAttachments { .. } => business(Step::Attachments),
            Self::TaxAmendmentData { .. } => business(Step::TaxAmendmentData),
            Self::CallUpTaxAmendment { .. } => business(Step::TaxAmendmentCallUp),
            Self::RegisterTaxAmendment { .. } => business(Step::TaxAmendment),
            Self::TaxAmendmentReference { .. } => business(Step::TaxAmendmentReference),
            Self::Cancel { .. } => control(TrainingControl::Cancel),
            Self::PayTaxes { .. } => control(TrainingControl::Pay),
            Self::Officer { .. } => control(TrainingControl::Officer),
            Self::AdvanceClock { .. } => control(TrainingControl::Clock),
            Self::Reset => control(TrainingControl::Reset),
            Self::RegisterCertificate { .. } => control(TrainingControl::Cert),
            Self::ListCertificates => control(TrainingControl::CertList),
            Self::SetCertificateStatus { .. } => control(TrainingControl::CertStatus),
            Self::SetSignaturePolicy { .. } => control(TrainingControl::SigPolicy),
            Self::ForceOutcome { .. } => control(TrainingControl::Force),
            Self::ListForcedOutcomes => control(TrainingControl::Forced),
            Self::SetRandomSelection { .. } => control(TrainingControl::Random),
            Self::LoadRules { .. } => control(TrainingControl::Rules),
            Self::Snapshot { .. } => control(TrainingControl::Snapshot),
            Self::Restore { .. } => control(TrainingControl::Restore),
            Self::ListSnapshots => control(TrainingControl::Snapshots),
            Self::SetInstructors { .. } => control(TrainingControl::Instructors),
        }
    }
}

/// A signed request: the exact UTF-8 text of a JSON [`Request`] and a detached CMS SignedData
/// over those bytes (DER, base64). The core verifies the signature over `payload` as received,
/// then reads the request from it: nothing is re-serialised between signing and checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedMessage {
    /// The request, as signed.
    pub payload: String,
    /// The signature (`smime.p7s` content), base64 of DER.
    pub signature: String,
}

impl SignedMessage {
    /// The bytes to sign for a request (its JSON).
    ///
    /// # Errors
    /// serde's, if the request cannot be written (never signed then: an empty payload would be).
    pub fn payload_of(request: &Request) -> Result<String, serde_json::Error> {
        serde_json::to_string(request)
    }

    /// A message from a payload and its detached CMS (DER).
    pub fn new(payload: String, cms_der: &[u8]) -> Self {
        use base64::Engine as _;
        Self {
            payload,
            signature: base64::engine::general_purpose::STANDARD.encode(cms_der),
        }
    }
}

/// Status of a registered certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// In use.
    Active,
    /// Suspended by the CA (may be reinstated).
    Suspended,
    /// Revoked by the CA.
    Revoked,
}

impl CertificateStatus {
    /// Stable text for storage and display.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Revoked => "revoked",
        }
    }

    /// From [`Self::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "active" => Some(Self::Active),
            "suspended" => Some(Self::Suspended),
            "revoked" => Some(Self::Revoked),
            _ => None,
        }
    }
}

/// A certificate registered with (simulated) customs: the fields the 2013 roadmap lists
/// (organisation tax code, signer name, ID number and title, certificate serial, validity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredCertificate {
    /// The VNACCS user it is registered for.
    pub user_id: String,
    /// Certificate serial number (hex).
    pub serial: String,
    /// Issuer (CA) distinguished name.
    pub issuer: String,
    /// Subject distinguished name.
    pub subject: String,
    /// Enterprise tax code.
    pub tax_code: Option<String>,
    /// Signer's name.
    pub signer_name: String,
    /// Signer's ID card / passport number.
    pub signer_id_number: String,
    /// Signer's title.
    pub signer_title: String,
    /// Validity start.
    pub not_before: DateTime<Utc>,
    /// Validity end.
    pub not_after: DateTime<Utc>,
    /// Status.
    pub status: CertificateStatus,
    /// When it was (last) registered, simulated time.
    pub registered_at: DateTime<Utc>,
    /// SHA-256 thumbprint.
    pub fingerprint: String,
    /// A KhaiBao practice certificate.
    pub practice: bool,
}

/// Where a declaration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Provisional information stored (IDA/EDA), not yet registered; expires after 7 days.
    Provisional,
    /// Provisional information not registered within 7 days of its last edit.
    Expired,
    /// Registered (IDC/EDC), waiting for taxes and/or officer steps.
    Registered,
    /// Cleared (thông quan).
    Cleared,
    /// Cancelled on request, or lapsed (15 days after registration, goods never at customs).
    Cancelled,
}

impl Status {
    /// Vietnamese name.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::Provisional => "Đã khai báo trước (chưa đăng ký)",
            Self::Expired => "Hết hạn lưu giữ",
            Self::Registered => "Đã đăng ký",
            Self::Cleared => "Đã thông quan",
            Self::Cancelled => "Đã hủy",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Provisional => "Provisional (not registered)",
            Self::Expired => "Expired",
            Self::Registered => "Registered",
            Self::Cleared => "Cleared",
            Self::Cancelled => "Cancelled",
        }
    }
}

/// Result of the physical inspection (red lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inspection {
    /// Not yet done.
    Pending,
    /// Passed.
    Passed,
    /// Discrepancy found.
    Failed,
}

/// One entry of a declaration's history at the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When (simulated time).
    pub at: DateTime<Utc>,
    /// Branch digit at the time.
    pub branch: u8,
    /// What happened (a job, or an event such as `CLEARED`), written as its code.
    pub kind: EventKind,
    /// Details, Vietnamese.
    pub detail_vi: String,
    /// Details, English.
    pub detail_en: String,
}

/// The core's view of a declaration, returned with most answers.
#[allow(clippy::struct_excessive_bools)] // Independent facts of the procedure, not a state enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclarationView {
    /// The number with its current branch digit.
    pub number: DeclarationNumber,
    /// Import or export.
    pub direction: Direction,
    /// Where it stands.
    pub status: Status,
    /// The lane, once registered.
    pub lane: Option<LaneDecision>,
    /// When the provisional information expires (status provisional).
    pub expires_at: Option<DateTime<Utc>>,
    /// Official registration time.
    pub registered_at: Option<DateTime<Utc>>,
    /// Clearance time.
    pub cleared_at: Option<DateTime<Utc>>,
    /// Cancellation time.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// When a registered declaration lapses if its goods do not reach customs first (15-day
    /// rule); `None` when its goods are already there or it is not registered.
    pub cancel_deadline: Option<DateTime<Utc>>,
    /// Amendments registered (0–9).
    pub amendments: u8,
    /// An amendment has been called up (IDD) and may be sent.
    pub amendment_open: bool,
    /// Amendment data has been sent (IDA01) and waits for IDE.
    pub amendment_pending: bool,
    /// Taxes paid or guaranteed.
    pub taxes_settled: bool,
    /// Documents accepted by the officer.
    pub documents_accepted: bool,
    /// The officer asked for more documents, and none came since.
    #[serde(default)]
    pub documents_requested: bool,
    /// The receipt numbers of the dossiers (HYS) received for the declaration, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dossiers: Vec<String>,
    /// Red lane inspection.
    pub inspection: Inspection,
    /// Taxes as computed by the core.
    pub assessment: Assessment,
    /// The declaration's current data (or the pending amendment's): carried only by the call-up
    /// and reference jobs (IDB, IDD, IID and their export twins) and by IDA01 amendment data;
    /// after other jobs the client already holds it.
    pub declaration: Option<Declaration>,
    /// What the declarant can do next, Vietnamese.
    pub next_steps_vi: Vec<String>,
    /// The same in English.
    pub next_steps_en: Vec<String>,
    /// History (reference answers only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// Where an amendment of tax information stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxAmendmentStatus {
    /// Sent with AMA, waiting for AMC.
    Pending,
    /// Registered with AMC: the declaration's taxes are the amended ones.
    Registered,
}

/// An amendment of tax information after clearance (AMA → AMC), as the core answers it (AMA,
/// AMB, AMC, IAD): its number, the items changed and the tax difference, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaxAmendmentView {
    /// The amendment's own number (document type 73).
    pub number: DeclarationNumber,
    /// The declaration it amends (its number when the AMA was sent).
    pub declaration_number: DeclarationNumber,
    /// Pending or registered.
    pub status: TaxAmendmentStatus,
    /// When the AMA was (last) sent, simulated time.
    pub sent_at: DateTime<Utc>,
    /// When AMC registered it.
    pub registered_at: Option<DateTime<Utc>>,
    /// The change set as sent.
    pub changes: TaxChanges,
    /// Each item's value before and after.
    pub fields: Vec<FieldChange>,
    /// The tax difference, per line and per tax.
    pub difference: TaxDifference,
    /// The explanation, Vietnamese (one line per goods line and tax, then the total).
    pub explanation_vi: Vec<String>,
    /// The same in English.
    pub explanation_en: Vec<String>,
}

/// A result code with its bilingual message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultCode {
    /// `00000` for success, a VNACCS code (E0074…) or `KB-Snnnn`.
    pub code: String,
    /// Message, Vietnamese.
    pub message_vi: String,
    /// Message, English.
    pub message_en: String,
}

impl ResultCode {
    /// Whether the request was carried out.
    pub fn is_success(&self) -> bool {
        self.code == OK
    }
}

/// One answer from the core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The request's message reference.
    pub message_ref: String,
    /// The code of the operation (IDA, IDC, …, or a training control such as `PAY`); none when
    /// the request could not be read. Written as the code's text, `""` for none.
    #[serde(with = "crate::domain::job::optional_code")]
    pub job: Option<JobCode>,
    /// Success or the refusal.
    pub result: ResultCode,
    /// The core's simulated time when it processed the request.
    pub processed_at: DateTime<Utc>,
    /// The declaration, when the request is about one.
    pub declaration: Option<Box<DeclarationView>>,
    /// Validation and assessment findings (warnings on success, errors on refusal).
    pub findings: Vec<Finding>,
    /// Registered certificates (certificate jobs only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<RegisteredCertificate>,
    /// Whether the core requires signed official jobs: told in answers to the certificate jobs
    /// and the signature policy (a simulator's setting), none otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures_required: Option<bool>,
    /// The receipt of a dossier registered with HYS (that job only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<AttachmentReceipt>,
    /// The amendment of tax information (AMA, AMB, AMC, IAD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_amendment: Option<Box<TaxAmendmentView>>,
    /// Why: the lane, each tax and each refusal explained (the simulator's answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Box<Explanation>>,
    /// The training settings an instructor control set or listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<Box<TrainingSettings>>,
}

impl Response {
    /// An answer to `request` carrying only its `job`, `result` and the time it was processed
    /// (`at`, UTC): nothing about a declaration. The refusals made before a request reaches the
    /// declarations (protocol, sign-in, ownership) start from it.
    pub fn bare(request: &Request, job: JobCode, result: ResultCode, at: DateTime<Utc>) -> Self {
        Self {
            message_ref: request.message_ref.clone(),
            job: Some(job),
            result,
            processed_at: at,
            declaration: None,
            findings: Vec::new(),
            certificates: Vec::new(),
            signatures_required: None,
            attachment: None,
            tax_amendment: None,
            explanation: None,
            training: None,
        }
    }
}

/// The answer to HYS: the dossier's receipt number and what was received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentReceipt {
    /// Số tiếp nhận: the receipt number ([`crate::domain::dossier::receipt_number`]), quoted
    /// in the declaration's EB.
    pub number: String,
    /// The attachment class (EA) of the files.
    pub class: String,
    /// How many files were received.
    pub files: usize,
    /// The declaration it was linked to, when the application named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<DeclarationNumber>,
}

/// Success.
pub const OK: &str = "00000";

/// The result codes: (code, Vietnamese, English).
pub mod codes {
    /// A code and its messages.
    pub type Code = (&'static str, &'static str, &'static str);
    /// Success.
    pub const OK: Code = ("00000", "Hoàn thành", "Done");
    /// The request cannot be read.
    pub const MALFORMED: Code = (
        "KB-S0001",
        "Thông điệp không đúng định dạng",
        "The message is malformed",
    );
    /// Unknown declaration number.
    pub const UNKNOWN_NUMBER: Code = (
        "KB-S0002",
        "Không tìm thấy số tờ khai",
        "No declaration with this number",
    );
    /// The operation does not fit the declaration's state.
    pub const WRONG_STATE: Code = (
        "KB-S0003",
        "Nghiệp vụ không thực hiện được ở trạng thái hiện tại của tờ khai",
        "This operation is not possible in the declaration's current state",
    );
    /// Import job on an export declaration or the reverse.
    pub const WRONG_DIRECTION: Code = (
        "KB-S0004",
        "Nghiệp vụ không đúng loại tờ khai (nhập/xuất)",
        "The job does not match the declaration's direction (import/export)",
    );
    /// Unsupported protocol version.
    pub const PROTOCOL: Code = (
        "KB-S0005",
        "Phiên bản giao thức không được hỗ trợ",
        "Unsupported protocol version",
    );
    /// Provisional information expired.
    pub const EXPIRED: Code = (
        "KB-S0010",
        "Thông tin khai báo trước đã hết hạn lưu giữ 7 ngày; hãy khai báo lại (IDA/EDA)",
        "The provisional information expired after 7 days; declare again (IDA/EDA)",
    );
    /// Validation errors.
    pub const INVALID: Code = (
        "KB-S0011",
        "Tờ khai có lỗi; xem danh sách lỗi",
        "The declaration has errors; see the findings",
    );
    /// Taxes cannot be computed.
    pub const NOT_ASSESSABLE: Code = (
        "KB-S0012",
        "Không tính được thuế; xem danh sách lỗi",
        "The taxes cannot be computed; see the findings",
    );
    /// Locked fields changed in an amendment.
    pub const LOCKED_FIELD: Code = (
        "KB-S0020",
        "Không được khai sửa đổi chỉ tiêu này",
        "This field cannot be amended",
    );
    /// IDA/EDA with a number (a correction via IDB/EDB) once the declaration is registered:
    /// VNACCS's IDA answer for item ICN "Nội dung đã được khai báo." (EDA: item ECN, same code),
    /// `IDA,E0220,ICN,Declaration No.,Nội dung đã được khai báo.,Kiểm tra nội dung đã nhập.`
    /// in the official result codes. After IDC the correction is an amendment (IDD/EDD).
    pub const PROVISIONAL_DECLARED: Code = (
        "E0220",
        "Tờ khai đã được đăng ký (IDC/EDC), không khai báo sửa bằng IDA/EDA được nữa; hãy khai sửa đổi (IDD/EDD, IDA01/EDA01, IDE/EDE)",
        "The declaration is already registered (IDC/EDC) and can no longer be corrected with IDA/EDA; amend it (IDD/EDD, IDA01/EDA01, IDE/EDE)",
    );
    /// IDA01/EDA01 on a declaration that is only provisional: VNACCS's IDA01 answer for item
    /// ICN "Chưa được khai báo.",
    /// `IDA01,E0223,ICN,Declaration No.,Chưa được khai báo.,Kiểm tra nội dung đã nhập.`
    /// in the official result codes. The official list has no EDA01 rows; the export twin
    /// reuses the IDA01 code.
    pub const NOT_YET_DECLARED: Code = (
        "E0223",
        "Tờ khai chưa được đăng ký (IDC/EDC), chưa khai sửa đổi được; sửa thông tin khai báo trước bằng IDB/EDB rồi gửi lại IDA/EDA với số tờ khai",
        "The declaration is not registered (IDC/EDC) yet, so it cannot be amended; correct the provisional information with IDB/EDB, then send IDA/EDA again with its number",
    );
    /// IDA01 after registration without IDD, or IDE without IDA01.
    pub const NO_AMENDMENT: Code = (
        "KB-S0021",
        "Chưa gọi tờ khai để sửa đổi (IDD) hoặc chưa gửi dữ liệu sửa đổi (IDA01)",
        "The amendment was not called up (IDD) or its data not sent (IDA01)",
    );
    /// The declaration is final.
    pub const FINAL: Code = (
        "KB-S0022",
        "Tờ khai đã hủy hoặc hết hạn",
        "The declaration is cancelled or expired",
    );
    /// Cleared goods cannot be cancelled.
    pub const CLEARED: Code = (
        "KB-S0023",
        "Tờ khai đã thông quan, không hủy được",
        "The declaration is cleared and cannot be cancelled",
    );
    /// A message reference reused for another request.
    pub const REF_REUSED: Code = (
        "KB-S0030",
        "Số tham chiếu thông điệp đã dùng cho một thông điệp khác",
        "The message reference was already used for a different message",
    );
    /// An officer action that does not apply.
    pub const NOT_APPLICABLE: Code = (
        "KB-S0040",
        "Bước xử lý này không áp dụng cho tờ khai",
        "This step does not apply to the declaration",
    );
    /// Clock moved backwards.
    pub const CLOCK: Code = (
        "KB-S0041",
        "Chỉ có thể cho thời gian mô phỏng tiến lên",
        "The simulated clock only moves forward",
    );
    /// Already registered.
    pub const ALREADY_DECLARED: Code = (
        "E0074",
        "Tờ khai đã được đăng ký (IDC/EDC)",
        "The declaration is already registered (IDC/EDC)",
    );
    /// More than 9 amendments.
    pub const TOO_MANY_AMENDMENTS: Code = (
        "E0399",
        "Tờ khai đã sửa đổi quá 9 lần",
        "The declaration has been amended more than 9 times",
    );
    /// Exchange rate changed between IDA and IDC.
    pub const RATE_CHANGED: Code = (
        "E1103",
        "Tỷ giá đã thay đổi từ khi khai báo trước; hãy gọi tờ khai (IDB/EDB) và gửi lại IDA/EDA với số tờ khai để cập nhật",
        "The exchange rate changed since the provisional declaration; call it up (IDB/EDB) and send IDA/EDA again with its number",
    );
    /// Overdue tax debt.
    pub const TAX_DEBT: Code = (
        "E8000",
        "Doanh nghiệp nợ thuế quá 90 ngày",
        "The enterprise owes tax overdue by more than 90 days",
    );
    /// Enterprise closed or suspended.
    pub const ENTERPRISE_STATUS: Code = (
        "E8001",
        "Mã số thuế doanh nghiệp đã đóng hoặc tạm ngừng hoạt động",
        "The enterprise's tax code is closed or suspended",
    );
    /// Invalid user code.
    pub const BAD_USER: Code = (
        "A0003",
        "Mã người sử dụng không hợp lệ",
        "Invalid user code",
    );
    /// The signature does not verify (or the message was changed after signing).
    pub const SIGNATURE_INVALID: Code = (
        "A0034",
        "Lỗi khi kiểm tra chữ ký số",
        "Error while verifying the digital signature",
    );
    /// Same serial registered, but from another CA.
    pub const CA_MISMATCH: Code = (
        "A0035",
        "Tên tổ chức cấp chứng thư (CA) không khớp với chứng thư đã đăng ký",
        "The certificate's CA does not match the registered one",
    );
    /// Certificate not registered for this user.
    pub const SERIAL_MISMATCH: Code = (
        "A0036",
        "Số sê-ri chứng thư số chưa được đăng ký cho người sử dụng này",
        "The certificate serial number is not registered for this user",
    );
    /// An official job sent unsigned.
    pub const SIGNATURE_REQUIRED: Code = (
        "E9990",
        "Nghiệp vụ này yêu cầu chữ ký số",
        "This job requires a digital signature",
    );
    /// Certificate past its validity (the real code is unverified; KhaiBao's own).
    pub const CERTIFICATE_EXPIRED: Code = (
        "KB-S0050",
        "Chứng thư số đã hết hạn",
        "The certificate has expired",
    );
    /// Certificate suspended or revoked.
    pub const CERTIFICATE_REVOKED: Code = (
        "KB-S0051",
        "Chứng thư số đã bị tạm dừng hoặc thu hồi",
        "The certificate is suspended or revoked",
    );
    /// Certificate not yet valid.
    pub const CERTIFICATE_NOT_YET_VALID: Code = (
        "KB-S0052",
        "Chứng thư số chưa đến thời gian có hiệu lực",
        "The certificate is not valid yet",
    );
    /// HYS refused: the application is incomplete or a file is not acceptable (the detail
    /// says which).
    pub const BAD_DOSSIER: Code = (
        "KB-S0070",
        "Hồ sơ đính kèm (HYS) không hợp lệ",
        "The electronic dossier (HYS) is not acceptable",
    );
    /// The officer cannot accept documents that have not arrived.
    pub const NO_DOCUMENTS: Code = (
        "KB-S0071",
        "Chưa nhận được hồ sơ (HYS) của tờ khai, hoặc chưa nhận hồ sơ bổ sung đã yêu cầu; người khai gửi hồ sơ bằng HYS trước",
        "No dossier (HYS) of the declaration has arrived, or not the further documents requested; the declarant sends them with HYS first",
    );
    /// More than 9,999 dossiers in one day: the receipt number's sequence is 4 digits.
    pub const DOSSIER_SEQUENCE: Code = (
        "KB-S0072",
        "Đã hết số tiếp nhận hồ sơ trong ngày (tối đa 9.999)",
        "No receipt numbers left today (9,999 a day at most)",
    );
    /// AMA on a declaration that is not cleared.
    pub const NOT_CLEARED: Code = (
        "KB-S0060",
        "Chỉ khai bổ sung thông tin thuế sau thông quan (AMA) cho tờ khai đã thông quan; trước đó hãy khai sửa đổi (IDD/EDD, IDA01/EDA01, IDE/EDE)",
        "Tax information is amended after clearance (AMA) only on a cleared declaration; before that, amend it (IDD/EDD, IDA01/EDA01, IDE/EDE)",
    );
    /// AMA whose changes change nothing.
    pub const NOTHING_CHANGED: Code = (
        "KB-S0061",
        "Không có chỉ tiêu thuế nào thay đổi so với tờ khai đã thông quan",
        "No tax item differs from the cleared declaration",
    );
    /// AMA naming a goods line the declaration does not have.
    pub const NO_SUCH_LINE: Code = (
        "KB-S0062",
        "Tờ khai không có dòng hàng này",
        "The declaration has no such goods line",
    );
    /// AMA/AMB/AMC/IAD by a user of another enterprise than the declaration's.
    pub const NOT_DECLARANT: Code = (
        "KB-S0063",
        "Người sử dụng không thuộc doanh nghiệp đã khai tờ khai này",
        "The user does not belong to the enterprise that declared this declaration",
    );
    /// AMC with no AMA pending under that number.
    pub const NO_TAX_AMENDMENT: Code = (
        "KB-S0064",
        "Không có thông tin sửa đổi thuế (AMA) đang chờ đăng ký với số này",
        "No amended tax information (AMA) waits for registration under this number",
    );
    /// IDA/EDA sent again with the number (a correction) by another user than the one that
    /// declared it: IDA's official answer for item ICN (EDA: ECN, same code),
    /// `IDA,U0002,ICN,Declaration No.,Người nhập không thể thực hiện khai báo liên quan.`
    pub const NOT_DECLARANT_IDA: Code = (
        "U0002",
        "Người nhập không thể thực hiện khai báo liên quan.",
        "The user cannot make this declaration (another user declared it)",
    );
    /// IDA01/EDA01 by another user: `IDA01,U0004,ICN,…,Người nhập không thể thực hiện khai
    /// báo liên quan.` (the official list has no EDA01 rows; the export twin reuses it).
    pub const NOT_DECLARANT_IDA01: Code = (
        "U0004",
        "Người nhập không thể thực hiện khai báo liên quan.",
        "The user cannot make this declaration (another user declared it)",
    );
    /// IDB/IDD (EDB/EDD) by another user: `IDB,U0100,ICN,…,Người nhập không phải là người
    /// thực hiện IDA hoặc người dự kiến khai báo.` (the same row under IDD).
    pub const NOT_DECLARANT_CALL_UP: Code = (
        "U0100",
        "Người nhập không phải là người thực hiện IDA hoặc người dự kiến khai báo.",
        "The user is neither the one who sent IDA nor the planned declarant",
    );
    /// IDC/EDC/IDE/EDE by another user: `IDC,E0144,0000,None,Người nhập và mã đại lý Hải quan
    /// khác nhau.` (IDE: "Người nhập và Mã người khai dự kiến khác nhau.", EDC the same code).
    pub const NOT_DECLARANT_REGISTRATION: Code = (
        "E0144",
        "Người nhập và mã đại lý Hải quan khác nhau.",
        "The user and the planned declarant (customs agent) code differ",
    );
    /// Any other job on a declaration (IID, cancellation, HYS linked to it, AMA…, paying) by
    /// another user than the one that declared it: no official row in KhaiBao's sources.
    pub const NOT_OWNER: Code = (
        "KB-S0080",
        "Người sử dụng không phải là người đã khai báo tờ khai này (IDA/EDA)",
        "The user is not the one who declared this declaration (IDA/EDA)",
    );
    /// A training control by a user who is not one of the simulator's instructors.
    pub const INSTRUCTOR_ONLY: Code = (
        "KB-S0081",
        "Chỉ giảng viên của hệ thống mô phỏng được dùng thao tác này",
        "Only the simulator's instructors may use this control",
    );
    /// A forced refusal whose code is not in the official result-code table.
    pub const NOT_OFFICIAL_CODE: Code = (
        "KB-S0082",
        "Mã kết quả không có trong bảng mã kết quả chính thức của VNACCS",
        "The result code is not in VNACCS's official result-code table",
    );
    /// Random selection rates outside 0–100 % (or red + yellow above 100 %).
    pub const BAD_RATES: Code = (
        "KB-S0083",
        "Tỷ lệ chọn ngẫu nhiên không hợp lệ (mỗi tỷ lệ 0–100%, đỏ + vàng không quá 100%)",
        "The random selection rates are invalid (each 0–100 %, red + yellow at most 100 %)",
    );
    /// A risk-rules profile that does not read.
    pub const BAD_RULES: Code = (
        "KB-S0084",
        "Bộ tiêu chí phân luồng không hợp lệ",
        "The risk-rules profile is invalid",
    );
    /// A snapshot name that is not 1–64 letters, digits, `-` or `_`.
    pub const BAD_SNAPSHOT_NAME: Code = (
        "KB-S0085",
        "Tên trạng thái lưu không hợp lệ (1–64 chữ cái không dấu, chữ số, - hoặc _)",
        "Invalid snapshot name (1–64 plain letters, digits, - or _)",
    );
    /// No snapshot with that name.
    pub const NO_SNAPSHOT: Code = (
        "KB-S0086",
        "Không có trạng thái lưu với tên này",
        "No snapshot with this name",
    );
    /// A snapshot name already taken.
    pub const SNAPSHOT_EXISTS: Code = (
        "KB-S0087",
        "Đã có trạng thái lưu với tên này; chọn tên khác",
        "A snapshot with this name exists; choose another name",
    );
    /// Snapshots of a simulator kept in memory only.
    pub const NO_DATA_FOLDER: Code = (
        "KB-S0088",
        "Hệ thống mô phỏng này chạy trong bộ nhớ, không có thư mục dữ liệu để lưu trạng thái",
        "This simulator runs in memory and has no data folder to keep snapshots in",
    );
    /// A forced outcome or an instructor list naming an invalid user ID.
    pub const BAD_TRAINEE: Code = (
        "KB-S0089",
        "Mã người sử dụng của học viên hoặc giảng viên không hợp lệ",
        "Invalid trainee or instructor user ID",
    );
    /// Storage failure in the core.
    pub const STORAGE: Code = (
        "KB-S0090",
        "Lỗi lưu trữ của hệ thống mô phỏng",
        "The simulator's storage failed",
    );

    /// Classroom server: the request's user ID is not the signed-in user's.
    pub const WRONG_USER: Code = (
        "KB-S0091",
        "Mã người sử dụng của thông điệp không phải của người đã đăng nhập",
        "The message's user ID is not the signed-in user's",
    );
    /// Classroom server: the declaration is another trainee's.
    pub const CLASS_NOT_OWNER: Code = (
        "KB-S0092",
        "Tờ khai này do học viên khác khai; chỉ người khai được xem hoặc thao tác",
        "This declaration is another trainee's; only its declarant may see or act on it",
    );
    /// Classroom server: a class-wide training control sent by a trainee.
    pub const CLASS_INSTRUCTOR_ONLY: Code = (
        "KB-S0093",
        "Chỉ giảng viên được dùng thao tác điều khiển lớp học này",
        "Only the instructor may use this class-wide training control",
    );
    /// Classroom server: no or wrong user ID and password (HTTP 401).
    pub const UNAUTHORIZED: Code = (
        "KB-S0094",
        "Sai mã người sử dụng hoặc mật khẩu của lớp học",
        "Wrong classroom user ID or password",
    );
    /// Classroom server: too many wrong passwords in a row; wait before trying again (HTTP 429).
    pub const LOCKED_OUT: Code = (
        "KB-S0095",
        "Nhập sai mật khẩu quá nhiều lần; hãy chờ 30 giây rồi thử lại",
        "Too many wrong passwords; wait 30 seconds and try again",
    );

    /// Every code, for the documentation test.
    pub const ALL: [Code; 59] = [
        NOT_DECLARANT_IDA,
        NOT_DECLARANT_IDA01,
        NOT_DECLARANT_CALL_UP,
        NOT_DECLARANT_REGISTRATION,
        NOT_OWNER,
        INSTRUCTOR_ONLY,
        NOT_OFFICIAL_CODE,
        BAD_RATES,
        BAD_RULES,
        BAD_SNAPSHOT_NAME,
        NO_SNAPSHOT,
        SNAPSHOT_EXISTS,
        NO_DATA_FOLDER,
        BAD_TRAINEE,
        WRONG_USER,
        CLASS_NOT_OWNER,
        CLASS_INSTRUCTOR_ONLY,
        UNAUTHORIZED,
        LOCKED_OUT,
        NOT_CLEARED,
        NOTHING_CHANGED,
        NO_SUCH_LINE,
        NOT_DECLARANT,
        NO_TAX_AMENDMENT,
        SIGNATURE_INVALID,
        CA_MISMATCH,
        SERIAL_MISMATCH,
        SIGNATURE_REQUIRED,
        CERTIFICATE_EXPIRED,
        CERTIFICATE_REVOKED,
        CERTIFICATE_NOT_YET_VALID,
        OK,
        MALFORMED,
        UNKNOWN_NUMBER,
        WRONG_STATE,
        WRONG_DIRECTION,
        PROTOCOL,
        EXPIRED,
        INVALID,
        NOT_ASSESSABLE,
        LOCKED_FIELD,
        PROVISIONAL_DECLARED,
        NOT_YET_DECLARED,
        NO_AMENDMENT,
        FINAL,
        CLEARED,
        REF_REUSED,
        NOT_APPLICABLE,
        CLOCK,
        ALREADY_DECLARED,
        TOO_MANY_AMENDMENTS,
        RATE_CHANGED,
        TAX_DEBT,
        ENTERPRISE_STATUS,
        BAD_USER,
        BAD_DOSSIER,
        NO_DOCUMENTS,
        DOSSIER_SEQUENCE,
        STORAGE,
    ];
}

/// The refusal of a job on a declaration another user declared: the official code of the job
/// where its table has one (IDA/EDA U0002, IDA01 U0004, IDB/IDD U0100, IDC/EDC/IDE E0144),
/// else `KB-S0080`.
pub fn not_declarant(job: JobCode) -> codes::Code {
    match job.step() {
        Some(Step::Provisional) => codes::NOT_DECLARANT_IDA,
        Some(Step::AmendmentData) => codes::NOT_DECLARANT_IDA01,
        Some(Step::CallUp | Step::CallUpForAmendment) => codes::NOT_DECLARANT_CALL_UP,
        Some(Step::Official | Step::Amendment) => codes::NOT_DECLARANT_REGISTRATION,
        _ => codes::NOT_OWNER,
    }
}

impl From<codes::Code> for ResultCode {
    fn from((code, vi, en): codes::Code) -> Self {
        Self {
            code: code.to_owned(),
            message_vi: vi.to_owned(),
            message_en: en.to_owned(),
        }
    }
}

impl ResultCode {
    /// A code with extra detail appended to both messages.
    pub fn with_detail(code: codes::Code, vi: &str, en: &str) -> Self {
        let (c, base_vi, base_en) = code;
        Self {
            code: c.to_owned(),
            message_vi: format!("{base_vi}: {vi}"),
            message_en: format!("{base_en}: {en}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let doc = include_str!("../../docs/protocol.md");
        let mut seen = std::collections::HashSet::new();
        for (code, vi, en) in codes::ALL {
            assert!(seen.insert(code), "{code} twice");
            assert!(!vi.is_empty() && !en.is_empty());
            assert!(doc.contains(code), "docs/protocol.md lacks {code}");
        }
    }

    #[test]
    fn the_not_declarant_codes_carry_the_official_text_of_their_jobs() {
        for (job, code) in [
            ("IDA", codes::NOT_DECLARANT_IDA),
            ("EDA", codes::NOT_DECLARANT_IDA),
            ("IDA01", codes::NOT_DECLARANT_IDA01),
            ("IDB", codes::NOT_DECLARANT_CALL_UP),
            ("IDD", codes::NOT_DECLARANT_CALL_UP),
            ("IDC", codes::NOT_DECLARANT_REGISTRATION),
        ] {
            let row = vnaccs::results::lookup(job, code.0, "0000").unwrap();
            assert_eq!(row.description_vi.trim(), code.1, "{job} {}", code.0);
        }
        let number: DeclarationNumber = "101234567820".parse().unwrap();
        assert_eq!(
            not_declarant(Operation::CallUpForAmendment { number }.job(Direction::Export)).0,
            "U0100"
        );
        assert_eq!(
            not_declarant(Operation::PayTaxes { number }.job(Direction::Import)).0,
            "KB-S0080"
        );
        assert!(
            Operation::Officer {
                number,
                action: OfficerAction::PassInspection
            }
            .is_instructor_only()
        );
        assert!(!Operation::PayTaxes { number }.is_instructor_only());
        assert!(Operation::ListSnapshots.is_instructor_only());
    }

    #[test]
    fn requests_round_trip_and_refuse_unknown_fields() {
        let request = Request {
            protocol: PROTOCOL.into(),
            message_ref: "R1".into(),
            user_id: "ABCDE001".into(),
            operation: Operation::AdvanceClock { seconds: 60 },
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.contains(r#""op":"advance_clock""#), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
        let bad = json.replace("\"seconds\"", "\"secs\"");
        assert!(serde_json::from_str::<Request>(&bad).is_err());
    }

    #[test]
    fn job_codes_follow_the_direction() {
        let number: DeclarationNumber = "101234567820".parse().unwrap();
        assert_eq!(
            Operation::RegisterOfficial { number }.job(Direction::Import),
            JobCode::Business(BusinessCode::IDC)
        );
        assert_eq!(
            Operation::RegisterOfficial { number }.job(Direction::Export),
            JobCode::Business(BusinessCode::EDC)
        );
        assert_eq!(
            Operation::AmendmentData {
                number,
                declaration: Box::default()
            }
            .job(Direction::Export),
            JobCode::Business(BusinessCode::EDA01)
        );
        // A correction before IDC is IDA again, with the number.
        assert_eq!(
            Operation::CorrectProvisional {
                number,
                declaration: Box::default()
            }
            .job(Direction::Import),
            JobCode::Business(BusinessCode::IDA)
        );
    }

    #[test]
    fn the_tax_amendment_jobs_have_one_code_for_both_directions_and_ama_amc_are_signed() {
        let number: DeclarationNumber = "300000000110".parse().unwrap();
        let amendment: DeclarationNumber = "730000000110".parse().unwrap();
        for (operation, code, signed) in [
            (
                Operation::TaxAmendmentData {
                    number,
                    changes: TaxChanges::default(),
                },
                BusinessCode::AMA,
                true,
            ),
            (
                Operation::CallUpTaxAmendment { number: amendment },
                BusinessCode::AMB,
                false,
            ),
            (
                Operation::RegisterTaxAmendment { number: amendment },
                BusinessCode::AMC,
                true,
            ),
            (
                Operation::TaxAmendmentReference { number: amendment },
                BusinessCode::IAD,
                false,
            ),
        ] {
            for direction in [Direction::Import, Direction::Export] {
                assert_eq!(operation.job(direction), JobCode::Business(code));
            }
            assert_eq!(operation.requires_signature(), signed, "{code}");
            assert!(!operation.is_training_control());
        }
    }

    #[test]
    fn the_correction_and_the_amendment_data_have_their_own_names_and_old_edit_reads() {
        let number: DeclarationNumber = "101234567820".parse().unwrap();
        let json = |operation| {
            serde_json::to_string(&Request {
                protocol: PROTOCOL.into(),
                message_ref: "R1".into(),
                user_id: "ABCDE001".into(),
                operation,
            })
            .unwrap()
        };
        let correction = json(Operation::CorrectProvisional {
            number,
            declaration: Box::default(),
        });
        assert!(
            correction.contains(r#""op":"correct_provisional""#),
            "{correction}"
        );
        let amendment = json(Operation::AmendmentData {
            number,
            declaration: Box::default(),
        });
        assert!(
            amendment.contains(r#""op":"amendment_data""#),
            "{amendment}"
        );
        // A request written before the two were told apart (`edit`, job IDA01) still reads,
        // as the amendment data it was named after.
        let old = amendment.replace(r#""op":"amendment_data""#, r#""op":"edit""#);
        assert!(matches!(
            serde_json::from_str::<Request>(&old).unwrap().operation,
            Operation::AmendmentData { .. }
        ));
    }
}
