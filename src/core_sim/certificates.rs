//! The simulated core's certificate registry and signature checks.
//!
//! A signed request passes when (in this order, each refusal with its own code):
//! the signature verifies over the exact payload bytes (else A0034); the signer certificate's
//! serial is registered for the request's user (else A0036), by the same CA (else A0035); the
//! registration is active (else KB-S0051); and the simulated time is inside the certificate's
//! validity (else KB-S0050 / KB-S0052 — the real code for an expired certificate is unverified):
//! a digital signature counts only when made while its certificate is valid (Decree
//! 130/2018/NĐ-CP art. 9, carried into the 2023 Law on Electronic Transactions and its decree
//! on digital signatures; KhaiBao's reading). Tests: `signatures::a_certificate_not_yet_valid_is_refused`
//! and the 400-day clock advance in the integration tests (condition false and true).
//! Registration itself must be signed with the certificate being registered.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::storage;
use crate::signature::{Validity, Verified};
use crate::wire::{
    CertificateStatus, Operation, RegisteredCertificate, ResultCode, SignedMessage, codes,
};

/// Verifies the signature of a message; the verified signer on success.
pub(super) fn verify(message: &SignedMessage) -> Result<Verified, ResultCode> {
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(message.signature.trim())
        .map_err(|e| {
            ResultCode::with_detail(codes::SIGNATURE_INVALID, &e.to_string(), &e.to_string())
        })?;
    crate::signature::verify_detached(message.payload.as_bytes(), &der).map_err(|e| {
        let detail = e.message();
        ResultCode::with_detail(codes::SIGNATURE_INVALID, &detail.vi, &detail.en)
    })
}

fn validity(signer: &Verified, now: DateTime<Utc>) -> Result<(), ResultCode> {
    let info = &signer.certificate;
    let when = |at: DateTime<Utc>| crate::domain::time::vietnam_display(at);
    match info.validity_at(now) {
        Validity::Valid => Ok(()),
        Validity::Expired => Err(ResultCode::with_detail(
            codes::CERTIFICATE_EXPIRED,
            &format!("hết hạn ngày {}", when(info.not_after)),
            &format!("expired on {}", when(info.not_after)),
        )),
        Validity::NotYetValid => Err(ResultCode::with_detail(
            codes::CERTIFICATE_NOT_YET_VALID,
            &format!("hiệu lực từ {}", when(info.not_before)),
            &format!("valid from {}", when(info.not_before)),
        )),
    }
}

/// Checks that the signer's certificate is registered, active and valid for `user_id`.
pub(super) fn check_registered(
    conn: &Connection,
    user_id: &str,
    signer: &Verified,
    now: DateTime<Utc>,
) -> Result<(), ResultCode> {
    let info = &signer.certificate;
    let registered = storage::certificates(conn, user_id)
        .map_err(|e| ResultCode::with_detail(codes::STORAGE, &e.to_string(), &e.to_string()))?;
    let same_serial: Vec<&RegisteredCertificate> = registered
        .iter()
        .filter(|c| c.serial == info.serial)
        .collect();
    if same_serial.is_empty() {
        return Err(ResultCode::with_detail(
            codes::SERIAL_MISMATCH,
            &format!("{} (người sử dụng {user_id})", info.serial),
            &format!("{} (user {user_id})", info.serial),
        ));
    }
    let Some(entry) = same_serial.iter().find(|c| c.issuer == info.issuer) else {
        return Err(ResultCode::with_detail(
            codes::CA_MISMATCH,
            &format!(
                "đã đăng ký: {}; chữ ký: {}",
                same_serial[0].issuer, info.issuer
            ),
            &format!(
                "registered: {}; signature: {}",
                same_serial[0].issuer, info.issuer
            ),
        ));
    };
    if entry.status != CertificateStatus::Active {
        let (vi, en) = match entry.status {
            CertificateStatus::Suspended => ("tạm dừng", "suspended"),
            _ => ("thu hồi", "revoked"),
        };
        return Err(ResultCode::with_detail(codes::CERTIFICATE_REVOKED, vi, en));
    }
    validity(signer, now)
}

/// Runs the certificate jobs; `None` for every other operation.
pub(super) fn operate(
    conn: &Connection,
    operation: &Operation,
    user_id: &str,
    signer: Option<&Verified>,
    now: DateTime<Utc>,
) -> Option<Result<Vec<RegisteredCertificate>, ResultCode>> {
    let storage_error = |e: rusqlite::Error| {
        ResultCode::with_detail(codes::STORAGE, &e.to_string(), &e.to_string())
    };
    Some(match operation {
        Operation::RegisterCertificate {
            signer_name,
            signer_id_number,
            signer_title,
            tax_code,
        } => (|| {
            let signer = signer.ok_or_else(|| ResultCode::from(codes::SIGNATURE_REQUIRED))?;
            validity(signer, now)?;
            if signer_name.trim().is_empty() || signer_id_number.trim().is_empty() {
                return Err(ResultCode::with_detail(
                    codes::MALFORMED,
                    "cần họ tên và số CMND/CCCD/hộ chiếu của người ký",
                    "the signer's name and ID number are required",
                ));
            }
            let info = &signer.certificate;
            let entry = RegisteredCertificate {
                user_id: user_id.to_owned(),
                serial: info.serial.clone(),
                issuer: info.issuer.clone(),
                subject: info.subject.clone(),
                tax_code: info.tax_code.clone().or_else(|| tax_code.clone()),
                signer_name: signer_name.trim().to_owned(),
                signer_id_number: signer_id_number.trim().to_owned(),
                signer_title: signer_title.trim().to_owned(),
                not_before: info.not_before,
                not_after: info.not_after,
                status: CertificateStatus::Active,
                registered_at: now,
                fingerprint: info.fingerprint.clone(),
                practice: info.practice,
            };
            storage::save_certificate(conn, &entry).map_err(storage_error)?;
            Ok(vec![entry])
        })(),
        Operation::ListCertificates => storage::certificates(conn, user_id).map_err(storage_error),
        Operation::SetCertificateStatus { serial, status } => (|| {
            let serial = serial.trim().to_ascii_uppercase().replace(':', "");
            let mut changed = Vec::new();
            for mut entry in storage::certificates(conn, user_id).map_err(storage_error)? {
                if entry.serial == serial {
                    entry.status = *status;
                    storage::save_certificate(conn, &entry).map_err(storage_error)?;
                    changed.push(entry);
                }
            }
            if changed.is_empty() {
                return Err(ResultCode::with_detail(
                    codes::SERIAL_MISMATCH,
                    &format!("{serial} (người sử dụng {user_id})"),
                    &format!("{serial} (user {user_id})"),
                ));
            }
            Ok(changed)
        })(),
        Operation::SetSignaturePolicy { required } => storage::set_meta(
            conn,
            POLICY_KEY,
            if *required { "required" } else { "optional" },
        )
        .map(|()| Vec::new())
        .map_err(storage_error),
        _ => return None,
    })
}

/// Meta key of the signature policy.
pub(super) const POLICY_KEY: &str = "signature_policy";

/// Whether official jobs must be signed (default: optional, so that a trainee without a token
/// can practise at once; an instructor turns it on with `khaibao sim signatures required`).
pub(super) fn signatures_required(conn: &Connection) -> bool {
    storage::meta(conn, POLICY_KEY)
        .ok()
        .flatten()
        .is_some_and(|v| v == "required")
}
