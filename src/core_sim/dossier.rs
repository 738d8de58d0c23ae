//! HYS in the simulated core: an electronic dossier is checked, numbered in the guide's
//! structure ([`crate::domain::dossier::receipt_number`]), kept with its files and linked to the
//! declaration it names; and the officer's document check waits for it (a yellow or red lane's
//! documents cannot be accepted before a dossier arrived, nor before the further documents
//! the officer asked for).

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::storage::{self, Dossier};
use super::{Record, event};
use crate::codes::CodeLists;
use crate::domain::dossier::{HysApplication, MAX_PER_DAY, receipt_number};
use crate::domain::time::vietnam_date;
use crate::domain::{BusinessCode, EventKind, JobCode, TableId};
use crate::wire::{AttachmentReceipt, ResultCode, Status, codes};

/// Registers `application` sent by `user_id` at `now` (simulated time, UTC).
///
/// # Errors
/// The refusal: [`codes::BAD_DOSSIER`] with what is wrong, [`codes::UNKNOWN_NUMBER`] for a
/// declaration the core does not have, [`codes::FINAL`] for a cancelled or expired one,
/// [`codes::DOSSIER_SEQUENCE`] past 999 dossiers in a day; [`codes::STORAGE`] when SQLite fails.
pub(super) fn register(
    conn: &Connection,
    codes_lists: &CodeLists,
    application: &HysApplication,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<AttachmentReceipt, ResultCode> {
    let storage_failed = |e: rusqlite::Error| {
        ResultCode::with_detail(codes::STORAGE, &e.to_string(), &e.to_string())
    };
    if let Err(problem) = application.check() {
        let message = problem.message();
        return Err(ResultCode::with_detail(
            codes::BAD_DOSSIER,
            &message.vi,
            &message.en,
        ));
    }
    let office = application.office.trim();
    if !codes_lists.table(TableId::CustomsOffices).contains(office) {
        return Err(ResultCode::with_detail(
            codes::BAD_DOSSIER,
            &format!("mã cơ quan hải quan \"{office}\" không có trong bảng mã"),
            &format!("customs office code \"{office}\" is not in the code table"),
        ));
    }
    let procedure = application.procedure.trim();
    if procedure.len() != 2 || !procedure.chars().all(|c| c.is_ascii_digit()) {
        return Err(ResultCode::with_detail(
            codes::BAD_DOSSIER,
            "mã phân loại thủ tục phải gồm 2 ký tự (10 nhập khẩu, 30 xuất khẩu)",
            "the procedure code has 2 characters (10 import, 30 export)",
        ));
    }
    let mut record: Option<Record> = match application.declaration {
        Some(number) => {
            let record = storage::load(conn, &number.base())
                .map_err(storage_failed)?
                .ok_or_else(|| ResultCode::from(codes::UNKNOWN_NUMBER))?;
            if matches!(record.status, Status::Cancelled | Status::Expired) {
                return Err(codes::FINAL.into());
            }
            Some(record)
        }
        None => None,
    };
    let day = vietnam_date(now);
    let sequence =
        storage::dossiers_on(conn, &day.format("%y%m%d").to_string()).map_err(storage_failed)? + 1;
    let sequence = u16::try_from(sequence)
        .ok()
        .filter(|s| *s <= MAX_PER_DAY)
        .ok_or_else(|| ResultCode::from(codes::DOSSIER_SEQUENCE))?;
    let number = receipt_number(procedure, day, sequence);
    let files = application
        .files
        .iter()
        .map(crate::domain::dossier::AttachedFile::bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            let m = e.message();
            ResultCode::with_detail(codes::BAD_DOSSIER, &m.vi, &m.en)
        })?;
    let class = application.class().to_owned();
    let dossier = Dossier {
        receipt: number.clone(),
        declarant: user_id.to_owned(),
        base: record.as_ref().map(|r| r.number.base()),
        at: now,
        class: class.clone(),
    };
    storage::save_dossier(conn, &dossier, application, &files).map_err(storage_failed)?;
    if let Some(record) = &mut record {
        let (vi, en) = (
            format!(
                "Nhận hồ sơ đính kèm điện tử số {number} ({class}, {} tệp)",
                files.len()
            ),
            format!(
                "Electronic dossier {number} received ({class}, {} files)",
                files.len()
            ),
        );
        storage::add_event(
            conn,
            &record.number.base(),
            &event(
                record,
                now,
                EventKind::Job(JobCode::Business(BusinessCode::HYS)),
                vi,
                en,
            ),
        )
        .map_err(storage_failed)?;
    }
    Ok(AttachmentReceipt {
        number,
        class,
        files: files.len(),
        declaration: application.declaration,
    })
}

/// The receipt numbers of the dossiers received for `record` (linked by their application or
/// quoted in its EA/EB), oldest first, with when each arrived.
pub(super) fn received(
    conn: &Connection,
    record: &Record,
) -> rusqlite::Result<Vec<(String, DateTime<Utc>)>> {
    let quoted: Vec<String> = record
        .data
        .attachment_numbers
        .iter()
        .filter_map(|a| a.number.as_deref().map(str::trim).map(str::to_owned))
        .filter(|n| !n.is_empty())
        .collect();
    Ok(storage::dossiers_for(conn, &record.number.base(), &quoted)?
        .into_iter()
        .map(|d| (d.receipt, d.at))
        .collect())
}

/// Whether the documents the officer checks have arrived: a dossier, and one received since
/// the officer last asked for more.
pub(super) fn documents_arrived(received: &[(String, DateTime<Utc>)], record: &Record) -> bool {
    received.len() > record.dossiers_when_requested.unwrap_or(0)
}
