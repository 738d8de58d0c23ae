//! Digital signatures on messages, the pure part: the X.509 facts KhaiBao needs from a
//! certificate ([`cert`]) and the detached CMS/PKCS#7 SignedData over the exact bytes sent
//! ([`cms`]): building it around a raw signature that a token produced, and verifying it.
//!
//! No IO and no clock: times are arguments. The client's token code (`crate::signing`) and the
//! simulated core's verification (`crate::core_sim`) use this one implementation, so what the
//! client builds is exactly what the core checks.
//!
//! Algorithms: SHA-256 digests; RSA PKCS#1 v1.5 (rsaEncryption) or ECDSA P-256
//! (ecdsa-with-SHA256). The reference (§2.6) says the official client's S/MIME header names SHA-1
//! and that whether SHA-256 is accepted today is *unverified*; KhaiBao signs with SHA-256, the
//! reasonable reading for certificates issued after 2016 (SHA-1 is deprecated by Vietnamese
//! CAs' own policies), and says so in `docs/signing.md`.

pub mod cert;
pub mod cms;
#[cfg(test)]
pub(crate) mod testkit;

pub use cert::{CertificateInfo, KeyKind, PRACTICE_ORGANIZATION, Validity};
pub use cms::{Verified, verify_detached};

use crate::domain::text::Bilingual;

/// Why a signature or certificate cannot be used. The messages are for brokers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum SignatureError {
    /// The signature block cannot be read.
    Malformed(String),
    /// A certificate cannot be read.
    Certificate(String),
    /// An algorithm KhaiBao does not use.
    Unsupported(String),
    /// The signature carries no signer certificate.
    NoCertificate,
    /// The signed digest is not the digest of the message: the message was changed.
    Tampered,
    /// The signature value does not verify with the certificate's key.
    BadSignature,
}

impl SignatureError {
    /// What to tell the person, each language built apart (a parser's detail is the same in
    /// both).
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Malformed(detail) => Bilingual::new(
                format!("Chữ ký số không đúng định dạng CMS/PKCS#7: {detail}"),
                format!("The signature is not valid CMS/PKCS#7: {detail}"),
            ),
            Self::Certificate(detail) => Bilingual::new(
                format!("Không đọc được chứng thư số: {detail}"),
                format!("Cannot read the certificate: {detail}"),
            ),
            Self::Unsupported(what) => Bilingual::new(
                format!("Thuật toán không được hỗ trợ: {what}"),
                format!("Unsupported algorithm: {what}"),
            ),
            Self::NoCertificate => Bilingual::new(
                "Chữ ký số không kèm chứng thư của người ký",
                "The signature does not include the signer's certificate",
            ),
            Self::Tampered => Bilingual::new(
                "Nội dung thông điệp đã bị thay đổi sau khi ký",
                "The message was changed after it was signed",
            ),
            Self::BadSignature => Bilingual::new(
                "Chữ ký số không khớp với chứng thư",
                "The signature does not match the certificate",
            ),
        }
    }
}

crate::domain::text::localized!(SignatureError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signature_error_has_its_message_apart_in_each_language() {
        for err in [
            SignatureError::Malformed("unexpected tag / length".into()),
            SignatureError::Certificate("bad DER".into()),
            SignatureError::Unsupported("1.2.3".into()),
            SignatureError::NoCertificate,
            SignatureError::Tampered,
            SignatureError::BadSignature,
        ] {
            crate::domain::text::assert_apart(&err);
        }
    }
}
