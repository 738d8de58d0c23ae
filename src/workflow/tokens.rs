//! The signing use cases that need neither the store nor a core: what a token holds, choosing
//! the certificate to sign with, and making the practice token. The window's worker and the
//! `khaibao token …` commands both go through these, so both choose and make alike.

use std::path::Path;

use chrono::NaiveDate;

use crate::signature::KeyKind;
use crate::signing::helper::{Helper, Pin};
use crate::signing::practice::{PracticeRequest, PracticeToken};
use crate::signing::profile::SigningProfile;
use crate::signing::{TokenCertificate, TokenError, TokenInfo};

/// The tokens a PKCS#11 module sees and the certificates on them.
///
/// # Errors
/// The module cannot be loaded, or the token cannot be read ([`TokenError`]).
pub fn tokens(
    helper: &Helper,
    module: &Path,
) -> Result<(Vec<TokenInfo>, Vec<TokenCertificate>), TokenError> {
    Ok((helper.tokens(module)?, helper.certificates(module)?))
}

/// Chooses `certificate` of the token behind `module` for signing, and keeps the choice in the
/// data folder (`signing.toml`).
///
/// # Errors
/// [`TokenError::KeyNotFound`] when the token holds no private key for it; the profile cannot be
/// written.
pub fn choose(
    data_dir: &Path,
    module: &Path,
    certificate: &TokenCertificate,
) -> Result<SigningProfile, TokenError> {
    if !certificate.has_private_key {
        return Err(TokenError::KeyNotFound);
    }
    let profile = SigningProfile::for_certificate(module, certificate);
    profile.save(data_dir)?;
    Ok(profile)
}

/// Chooses the certificate whose SHA-256 fingerprint is `fingerprint` (hex, any case).
///
/// # Errors
/// [`TokenError::CertificateNotFound`] when the token has no such certificate, and those of
/// [`choose`].
pub fn choose_by_fingerprint(
    helper: &Helper,
    data_dir: &Path,
    module: &Path,
    fingerprint: &str,
) -> Result<(SigningProfile, TokenCertificate), TokenError> {
    let certificate = helper
        .certificates(module)?
        .into_iter()
        .find(|c| c.info.fingerprint.eq_ignore_ascii_case(fingerprint.trim()))
        .ok_or_else(|| TokenError::CertificateNotFound {
            fingerprint: fingerprint.to_owned(),
        })?;
    let profile = choose(data_dir, module, &certificate)?;
    Ok((profile, certificate))
}

/// What a practice certificate says: valid from the Vietnam day `from` to `to` (both included;
/// [`PracticeRequest::DEFAULT_DAYS`] after `from` when not given).
pub fn practice_request(
    name: String,
    tax_code: String,
    key: KeyKind,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> PracticeRequest {
    let to = to.unwrap_or(from + chrono::Duration::days(PracticeRequest::DEFAULT_DAYS));
    PracticeRequest::for_days(name, tax_code, key, from, to)
}

/// Makes the data folder's practice token (SoftHSM2) with a certificate for `request`, protected
/// by `pin`, and chooses it for signing. Simulation only: the live gateway refuses it.
///
/// # Errors
/// No SoftHSM2 module ([`TokenError::NoSoftToken`]), a PIN of the wrong length, the token or
/// the profile cannot be written.
pub fn make_practice(
    helper: &Helper,
    data_dir: &Path,
    request: &PracticeRequest,
    pin: Pin,
) -> Result<(SigningProfile, TokenCertificate), TokenError> {
    let certificate = PracticeToken::in_data_dir(data_dir).create(helper.clone(), pin, request)?;
    let profile = choose(data_dir, &PracticeToken::module()?, &certificate)?;
    Ok((profile, certificate))
}
