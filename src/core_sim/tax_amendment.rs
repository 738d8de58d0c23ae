//! Amendments of tax information after clearance in the simulated core: AMA (the change set,
//! assessed), AMB and IAD (call up, reference), AMC (registration).
//!
//! - AMA is taken only on a **cleared** declaration (the reference's §1.1: "post-clearance
//!   amendment of tax data"; `KB-S0060` otherwise, `KB-S0022` when cancelled or expired), from a
//!   user of the enterprise that declared it (`KB-S0063`). The change set must name existing
//!   lines (`KB-S0062`) and change something (`KB-S0061`); the amended data is validated and
//!   assessed by the same code as the declaration, **on the registration's date** (its rates
//!   and tariff), and compared with the declaration's assessment ([`crate::assess::amendment`]).
//! - The amendment gets its own number: document type 73 (issue 18, quoting the guide "Chuyên
//!   đề 13"; unverified), its own 8-digit sequence, the check digit, branch 0. AMA sent again
//!   before AMC replaces the pending amendment and keeps its number.
//! - AMC makes the amended data and taxes the declaration's (its number and branch digit do not
//!   change; no lane is selected again). Additional tax is owed (paid with the simulator's
//!   payment step); a refund is stated, not modelled further.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Core, Outcome, Record, Refusal, event, job_event, storage};
use crate::assess::Assessment;
use crate::codes::CodeLists;
use crate::domain::tax_changes::{ChangeError, TaxChanges};
use crate::domain::time::vietnam_date;
use crate::domain::{DOCUMENT_TYPE_TAX_AMENDMENT, Declaration, DeclarationNumber, Step, UserId};
use crate::wire::{Operation, ResultCode, Status, TaxAmendmentStatus, TaxAmendmentView, codes};

/// One amendment as the core keeps it: the view it answers with, and the amended data and its
/// assessment (made the declaration's by AMC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TaxAmendmentRecord {
    pub(crate) view: TaxAmendmentView,
    data: Declaration,
    assessment: Assessment,
}

/// The meta key that finds a declaration by an amendment's number.
fn key(number: DeclarationNumber) -> String {
    format!("tax_amendment.{}", number.base())
}

/// The base (11 digits) of the declaration a job's number is about: the number's own, or for an
/// amendment's number (document type 73) the declaration it amends; none when unknown.
pub(super) fn declaration_base(
    conn: &Connection,
    number: DeclarationNumber,
) -> rusqlite::Result<Option<String>> {
    if number.document_type() == DOCUMENT_TYPE_TAX_AMENDMENT {
        storage::meta(conn, &key(number))
    } else {
        Ok(Some(number.base()))
    }
}

/// The amendment an answer carries: the pending one after AMA, the one named by AMB/AMC/IAD.
pub(super) fn view_for(record: &Record, op: &Operation) -> Option<TaxAmendmentView> {
    match op {
        Operation::TaxAmendmentData { .. } => record.tax_amendments.last().map(|a| a.view.clone()),
        Operation::CallUpTaxAmendment { number }
        | Operation::RegisterTaxAmendment { number }
        | Operation::TaxAmendmentReference { number } => record
            .tax_amendments
            .iter()
            .find(|a| a.view.number.base() == number.base())
            .map(|a| a.view.clone()),
        _ => None,
    }
}

/// Refuses a user of another enterprise than the declaring one.
fn check_declarant(record: &Record, user: &str) -> Result<(), Refusal> {
    let code = user
        .parse::<UserId>()
        .ok()
        .map(|u| u.user_code().to_owned());
    match (&record.user_code, code) {
        (Some(declared), Some(code)) if *declared != code => {
            Err(Core::refuse_with(codes::NOT_DECLARANT, record))
        }
        _ => Ok(()),
    }
}

/// AMA: assesses the change set against the cleared declaration and keeps it pending.
pub(super) fn data(
    conn: &Connection,
    codes_: &CodeLists,
    user: &str,
    number: DeclarationNumber,
    changes: &TaxChanges,
    now: DateTime<Utc>,
) -> Outcome {
    let mut record = Core::load(conn, number, now)?;
    check_declarant(&record, user)?;
    match record.status {
        Status::Cleared => {}
        Status::Provisional | Status::Registered => {
            return Err(Core::refuse_with(codes::NOT_CLEARED, &record));
        }
        Status::Expired | Status::Cancelled => {
            return Err(Core::refuse_with(codes::FINAL, &record));
        }
    }
    let after = changes.apply(&record.data).map_err(|e| {
        let code = match e {
            ChangeError::NoSuchLine { .. } => codes::NO_SUCH_LINE,
            ChangeError::Nothing => codes::NOTHING_CHANGED,
        };
        let message = e.message();
        Refusal {
            result: ResultCode::with_detail(code, &message.vi, &message.en),
            findings: Vec::new(),
            record: Some(Box::new(record.clone())),
        }
    })?;
    let registered_on = vietnam_date(record.registered_at.unwrap_or(now));
    let (assessment, findings) =
        Core::check_and_assess_on(codes_, &after, registered_on, record.assessment.date).map_err(
            |r| Refusal {
                record: Some(Box::new(record.clone())),
                ..r
            },
        )?;
    let pending = record
        .tax_amendments
        .last()
        .filter(|a| a.view.status == TaxAmendmentStatus::Pending)
        .map(|a| a.view.number);
    let amendment_number = if let Some(n) = pending {
        n
    } else {
        let sequence = storage::next_sequence(conn, DOCUMENT_TYPE_TAX_AMENDMENT)?;
        let n = DeclarationNumber::new(DOCUMENT_TYPE_TAX_AMENDMENT, sequence, 0)
            .map_err(|_| Refusal::from(codes::STORAGE))?;
        storage::set_meta(conn, &key(n), &record.number.base())?;
        n
    };
    let difference = crate::assess::amendment::difference(&record.assessment, &assessment);
    let (explanation_vi, explanation_en) = difference.explanation();
    let summary = difference.summary();
    let view = TaxAmendmentView {
        number: amendment_number,
        declaration_number: record.number,
        status: TaxAmendmentStatus::Pending,
        sent_at: now,
        registered_at: None,
        changes: changes.clone(),
        fields: crate::domain::tax_changes::changes(&record.data, &after),
        difference,
        explanation_vi,
        explanation_en,
    };
    let amendment = TaxAmendmentRecord {
        view,
        data: after,
        assessment,
    };
    if pending.is_some() {
        record.tax_amendments.pop();
    }
    record.tax_amendments.push(amendment);
    storage::save(conn, &record)?;
    storage::add_event(
        conn,
        &record.number.base(),
        &event(
            &record,
            now,
            job_event(Step::TaxAmendmentData, record.direction),
            format!(
                "Khai báo trước thông tin sửa đổi thuế số {amendment_number}; {}",
                summary.vi
            ),
            format!(
                "Amended tax information pre-registered as {amendment_number}; {}",
                summary.en
            ),
        ),
    )?;
    Ok((Some(record), findings))
}

/// The declaration an amendment number belongs to, and the amendment's place in it.
fn find(
    conn: &Connection,
    user: &str,
    number: DeclarationNumber,
    now: DateTime<Utc>,
) -> Result<(Record, usize), Refusal> {
    let base = if number.document_type() == DOCUMENT_TYPE_TAX_AMENDMENT {
        storage::meta(conn, &key(number))?
    } else {
        None
    };
    let declaration = base
        .and_then(|b| format!("{b}0").parse::<DeclarationNumber>().ok())
        .ok_or(Refusal::from(codes::UNKNOWN_NUMBER))?;
    let record = Core::load(conn, declaration, now)?;
    check_declarant(&record, user)?;
    let index = record
        .tax_amendments
        .iter()
        .position(|a| a.view.number.base() == number.base())
        .ok_or_else(|| Core::refuse_with(codes::UNKNOWN_NUMBER, &record))?;
    Ok((record, index))
}

/// AMB and IAD: the amendment as it stands (the answer carries it).
pub(super) fn call_up(
    conn: &Connection,
    user: &str,
    number: DeclarationNumber,
    now: DateTime<Utc>,
) -> Outcome {
    let (record, _) = find(conn, user, number, now)?;
    Ok((Some(record), Vec::new()))
}

/// AMC: the pending amendment becomes the declaration's data and taxes.
pub(super) fn register(
    conn: &Connection,
    user: &str,
    number: DeclarationNumber,
    now: DateTime<Utc>,
) -> Outcome {
    let (mut record, index) = find(conn, user, number, now)?;
    if record.status != Status::Cleared {
        return Err(Core::refuse_with(codes::FINAL, &record));
    }
    let Some(amendment) = record
        .tax_amendments
        .get_mut(index)
        .filter(|a| a.view.status == TaxAmendmentStatus::Pending)
    else {
        return Err(Core::refuse_with(codes::NO_TAX_AMENDMENT, &record));
    };
    amendment.view.status = TaxAmendmentStatus::Registered;
    amendment.view.registered_at = Some(now);
    let mut data = amendment.data.clone();
    data.number = Some(record.number);
    let assessment = amendment.assessment.clone();
    let difference = amendment.view.difference.clone();
    let amendment_number = amendment.view.number;
    record.data = data;
    record.assessment = assessment;
    let to_pay = difference.to_pay_vnd();
    if !to_pay.is_zero() {
        record.outstanding_vnd = Some(record.outstanding_vnd.unwrap_or_default() + to_pay);
        record.taxes_settled = false;
    }
    let summary = difference.summary();
    storage::save(conn, &record)?;
    storage::add_event(
        conn,
        &record.number.base(),
        &event(
            &record,
            now,
            job_event(Step::TaxAmendment, record.direction),
            format!(
                "Đăng ký sửa đổi thuế số {amendment_number} cho tờ khai {}; {}",
                record.number, summary.vi
            ),
            format!(
                "Amended tax information {amendment_number} registered for declaration {}; {}",
                record.number, summary.en
            ),
        ),
    )?;
    Ok((Some(record), Vec::new()))
}
