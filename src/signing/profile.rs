//! Which module, token and certificate the broker signs with, kept in `signing.json` in the data
//! folder. No secret is in it: the PIN is asked for at each signing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::helper::{Helper, Pin};
use super::practice::PracticeToken;
use super::{TokenCertificate, TokenError};
use crate::wire::SignedMessage;

/// File name of the profile in the data folder.
pub const FILE: &str = "signing.json";

/// The chosen signing identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningProfile {
    /// The PKCS#11 module.
    pub module: PathBuf,
    /// Serial number of the token.
    pub token_serial: String,
    /// Label of the token (shown).
    pub token_label: String,
    /// Thumbprint of the certificate.
    pub fingerprint: String,
    /// Subject of the certificate (shown).
    pub subject: String,
    /// Serial number of the certificate (shown; what customs registers).
    pub certificate_serial: String,
    /// End of validity (shown, and warned about before it comes).
    pub not_after: DateTime<Utc>,
    /// The trainee's practice token: only for the simulator.
    pub practice: bool,
}

impl SigningProfile {
    /// The profile for a certificate found on a token of `module`.
    pub fn for_certificate(module: &Path, certificate: &TokenCertificate) -> Self {
        Self {
            module: module.to_path_buf(),
            token_serial: certificate.token_serial.clone(),
            token_label: certificate.token_label.clone(),
            fingerprint: certificate.info.fingerprint.clone(),
            subject: certificate.info.subject.clone(),
            certificate_serial: certificate.info.serial.clone(),
            not_after: certificate.info.not_after,
            practice: certificate.info.practice,
        }
    }

    /// A reminder when the certificate ends within 30 days of `now` (signing software checks
    /// validity before signing: Circular 15/2025/TT-BKHCN): renew it with the CA and register
    /// the new one with customs before it ends. `None` when further away, or already ended (that
    /// is refused when signing).
    pub fn expiry_warning(&self, now: DateTime<Utc>) -> Option<crate::domain::text::Bilingual> {
        let left = self.not_after - now;
        if left <= chrono::Duration::zero() || left > chrono::Duration::days(30) {
            return None;
        }
        let days = left.num_days();
        let until = crate::domain::time::vietnam_display(self.not_after);
        Some(crate::domain::text::Bilingual::new(
            format!(
                "Chứng thư số hết hạn lúc {until} (còn {days} ngày): gia hạn với nhà cung cấp chữ ký số và đăng ký chứng thư mới với hải quan trước ngày đó"
            ),
            format!(
                "The certificate ends at {until} ({days} days left): renew it with your CA and register the new one with customs before then"
            ),
        ))
    }

    /// Reads the profile of a data folder; `Ok(None)` when none is chosen yet.
    pub fn load(data_dir: &Path) -> Result<Option<Self>, TokenError> {
        let path = data_dir.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| TokenError::Helper {
                    detail: format!("{}: {e}", path.display()),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(TokenError::Helper {
                detail: format!("{}: {e}", path.display()),
            }),
        }
    }

    /// Writes the profile (atomically: a temporary file renamed over the old one).
    pub fn save(&self, data_dir: &Path) -> Result<(), TokenError> {
        let text = serde_json::to_string_pretty(self).map_err(|e| TokenError::Helper {
            detail: e.to_string(),
        })?;
        crate::appdata::write_atomically(data_dir, FILE, &text).map_err(|e| TokenError::Helper {
            detail: format!("{}: {e}", data_dir.join(FILE).display()),
        })
    }

    /// Signs `content` with this identity. `to_simulator` says where the message goes: a
    /// practice certificate is refused for anything else, before the token is touched.
    pub fn sign(
        &self,
        data_dir: &Path,
        base: Helper,
        pin: Pin,
        content: &[u8],
        now: DateTime<Utc>,
        to_simulator: bool,
    ) -> Result<Vec<u8>, TokenError> {
        if self.practice && !to_simulator {
            return Err(TokenError::PracticeOnLive);
        }
        self.helper(data_dir, base).sign(
            &self.module,
            &self.token_serial,
            &self.fingerprint,
            pin,
            content,
            now,
        )
    }

    /// Signs a request's payload — the exact text the connection sends, from
    /// `Gateway::signing_payload` (the request's JSON, or the signed MIME part of its VNACCS
    /// message) — with the detached CMS over it, ready to send.
    pub fn sign_payload(
        &self,
        data_dir: &Path,
        base: Helper,
        pin: Pin,
        payload: String,
        now: DateTime<Utc>,
        to_simulator: bool,
    ) -> Result<SignedMessage, TokenError> {
        let cms = self.sign(data_dir, base, pin, payload.as_bytes(), now, to_simulator)?;
        Ok(SignedMessage::new(payload, &cms))
    }

    /// The helper that sees this profile's token (the practice token's configuration when it is
    /// one).
    pub fn helper(&self, data_dir: &Path, base: Helper) -> Helper {
        if self.practice {
            PracticeToken::in_data_dir(data_dir).helper(base)
        } else {
            base
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_ending_within_30_days_is_announced_before_signing() {
        let at = |text: &str| -> DateTime<Utc> { text.parse().unwrap() };
        let profile = SigningProfile {
            module: PathBuf::from("/m.so"),
            token_serial: "T".into(),
            token_label: "L".into(),
            fingerprint: "F".into(),
            subject: "CN=Nguyễn Văn An".into(),
            certificate_serial: "01".into(),
            not_after: at("2026-12-20T16:59:59Z"),
            practice: true,
        };
        assert_eq!(
            profile.expiry_warning(at("2026-11-20T16:59:58Z")),
            None,
            "31 days"
        );
        let warned = profile.expiry_warning(at("2026-11-23T02:00:00Z")).unwrap();
        assert!(
            warned.vi.contains("20/12/2026 23:59 (còn 27 ngày)"),
            "{}",
            warned.vi
        );
        assert!(
            warned.en.contains("register the new one with customs"),
            "{}",
            warned.en
        );
        assert_eq!(
            profile.expiry_warning(at("2026-12-21T00:00:00Z")),
            None,
            "ended"
        );
    }
}
