//! Test-only identities without a token: a fixed P-256 key per name and a practice certificate,
//! for the pure and core tests (the token tests are in `tests/integration/signing.rs`).

use chrono::{DateTime, Utc};
use der::{Any, Encode};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;

use super::cert::{PracticeSubject, assemble_certificate, practice_tbs};
use super::cms;

/// A signer: key and certificate (DER).
pub struct Identity {
    /// The key.
    pub key: SigningKey,
    /// The certificate.
    pub certificate: Vec<u8>,
}

/// An identity for `name` with `serial`, valid from `not_before` to `not_after`.
pub fn identity(
    name: &str,
    serial: &[u8],
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
) -> Identity {
    let seed = Sha256::digest(name.as_bytes());
    let key = SigningKey::from_slice(&seed).unwrap();
    let point = key.verifying_key().to_encoded_point(false);
    let spki = spki::SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::ID_EC_PUBLIC_KEY,
            parameters: Some(Any::encode_from(&const_oid::db::rfc5912::SECP_256_R_1).unwrap()),
        },
        subject_public_key: der::asn1::BitString::from_bytes(point.as_bytes()).unwrap(),
    };
    let subject = PracticeSubject {
        name: name.into(),
        tax_code: "0101234567".into(),
        not_before,
        not_after,
        serial: serial.to_vec(),
    };
    let tbs = practice_tbs(&subject, spki).unwrap();
    let signature: Signature = key.sign(&tbs.to_der().unwrap());
    let certificate = assemble_certificate(tbs, signature.to_der().as_bytes()).unwrap();
    Identity { key, certificate }
}

impl Identity {
    /// A detached CMS over `content` signed at `at`.
    pub fn sign(&self, content: &[u8], at: DateTime<Utc>) -> Vec<u8> {
        let attributes = cms::signed_attributes(content, at).unwrap();
        let signature: Signature = self.key.sign(&cms::to_be_signed(&attributes).unwrap());
        cms::assemble(&self.certificate, attributes, signature.to_der().as_bytes()).unwrap()
    }
}
