//! Detached CMS SignedData (RFC 5652) over the exact bytes of a message.
//!
//! Signing is split in two so that the private key can stay on a token: [`signed_attributes`]
//! gives the attributes (content type, signing time, message digest), whose DER
//! ([`to_be_signed`]) the token signs; [`assemble`] wraps that signature with the signer
//! certificate. [`verify_detached`] checks it all against the content, and is what the simulated
//! core runs. `openssl cms -verify -binary -content msg -inform DER -noverify` accepts the result.

use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use const_oid::db::rfc5911::{
    ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_SIGNING_TIME,
};
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ID_SHA_256, RSA_ENCRYPTION, SHA_256_WITH_RSA_ENCRYPTION,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

use super::SignatureError;
use super::cert::{CertificateInfo, KeyKind};

/// A verified signature: who signed and when they said they did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The signer certificate (DER).
    pub certificate_der: Vec<u8>,
    /// Its facts.
    pub certificate: CertificateInfo,
    /// The signing-time attribute.
    pub signing_time: Option<DateTime<Utc>>,
}

fn malformed(e: impl std::fmt::Display) -> SignatureError {
    SignatureError::Malformed(e.to_string())
}

fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ID_SHA_256,
        parameters: None,
    }
}

/// The signed attributes for `content` signed at `signing_time`.
pub fn signed_attributes(
    content: &[u8],
    signing_time: DateTime<Utc>,
) -> Result<SignedAttributes, SignatureError> {
    let seconds = u64::try_from(signing_time.timestamp()).map_err(malformed)?;
    let time = Time::try_from(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds))
        .map_err(malformed)?;
    let digest = OctetString::new(Sha256::digest(content).to_vec()).map_err(malformed)?;
    let attribute = |oid, value: Any| -> Result<Attribute, SignatureError> {
        Ok(Attribute {
            oid,
            values: SetOfVec::try_from(vec![value]).map_err(malformed)?,
        })
    };
    SetOfVec::try_from(vec![
        attribute(
            ID_CONTENT_TYPE,
            Any::encode_from(&ID_DATA).map_err(malformed)?,
        )?,
        attribute(ID_SIGNING_TIME, Any::encode_from(&time).map_err(malformed)?)?,
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&digest).map_err(malformed)?,
        )?,
    ])
    .map_err(malformed)
}

/// The bytes the key signs: the DER `SET OF` of the signed attributes (RFC 5652 §5.4).
pub fn to_be_signed(attributes: &SignedAttributes) -> Result<Vec<u8>, SignatureError> {
    attributes.to_der().map_err(malformed)
}

/// ECDSA tokens return `r ‖ s`; CMS carries the DER `SEQUENCE { r, s }`.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, SignatureError> {
    let signature =
        p256::ecdsa::Signature::from_slice(raw).map_err(|_| SignatureError::BadSignature)?;
    Ok(signature.to_der().as_bytes().to_vec())
}

/// The CMS `ContentInfo` (DER) around a signature made over [`to_be_signed`]. For ECDSA,
/// `signature` is DER (see [`ecdsa_raw_to_der`]).
pub fn assemble(
    certificate_der: &[u8],
    attributes: SignedAttributes,
    signature: &[u8],
) -> Result<Vec<u8>, SignatureError> {
    let certificate = Certificate::from_der(certificate_der)
        .map_err(|e| SignatureError::Certificate(e.to_string()))?;
    let info = CertificateInfo::from_certificate(&certificate, certificate_der)?;
    let signature_algorithm = match info.key_kind {
        KeyKind::Rsa => AlgorithmIdentifierOwned {
            oid: RSA_ENCRYPTION,
            parameters: Some(Any::null()),
        },
        KeyKind::EcP256 => AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA_256,
            parameters: None,
        },
    };
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: certificate.tbs_certificate.issuer.clone(),
            serial_number: certificate.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_algorithm(),
        signed_attrs: Some(attributes),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(malformed)?,
        unsigned_attrs: None,
    };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256_algorithm()]).map_err(malformed)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(vec![CertificateChoices::Certificate(certificate)])
                .map_err(malformed)?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(malformed)?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(malformed)?,
    }
    .to_der()
    .map_err(malformed)
}

/// Verifies a detached CMS signature (DER) over `content`: the single signer's certificate is in
/// the message, the digest attribute matches the content, and the signature verifies with the
/// certificate's key. It does not judge the certificate (validity, registration): the caller
/// does, with its own clock and registry.
pub fn verify_detached(content: &[u8], cms_der: &[u8]) -> Result<Verified, SignatureError> {
    let content_info = ContentInfo::from_der(cms_der).map_err(malformed)?;
    if content_info.content_type != ID_SIGNED_DATA {
        return Err(malformed(format!(
            "content type {}",
            content_info.content_type
        )));
    }
    let signed_data: SignedData = content_info.content.decode_as().map_err(malformed)?;
    if signed_data.encap_content_info.econtent.is_some() {
        return Err(malformed("the signature is not detached"));
    }
    let mut signers = signed_data.signer_infos.0.iter();
    let (Some(signer), None) = (signers.next(), signers.next()) else {
        return Err(malformed("exactly one signer expected"));
    };
    if signer.digest_alg.oid != ID_SHA_256 {
        return Err(SignatureError::Unsupported(format!(
            "digest {}",
            signer.digest_alg.oid
        )));
    }
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &signer.sid else {
        return Err(SignatureError::Unsupported(
            "subjectKeyIdentifier signer".to_owned(),
        ));
    };
    let certificate = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .find_map(|choice| match choice {
            CertificateChoices::Certificate(c)
                if c.tbs_certificate.issuer == sid.issuer
                    && c.tbs_certificate.serial_number == sid.serial_number =>
            {
                Some(c)
            }
            _ => None,
        })
        .ok_or(SignatureError::NoCertificate)?;
    let certificate_der = certificate.to_der().map_err(malformed)?;
    let info = CertificateInfo::from_certificate(certificate, &certificate_der)?;

    let attributes = signer
        .signed_attrs
        .as_ref()
        .ok_or_else(|| malformed("no signed attributes"))?;
    let single = |oid| {
        attributes
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let content_type =
        single(ID_CONTENT_TYPE).and_then(|v| v.decode_as::<const_oid::ObjectIdentifier>().ok());
    if content_type != Some(ID_DATA) {
        return Err(malformed("content-type attribute is not id-data"));
    }
    let digest = single(ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or_else(|| malformed("no message-digest attribute"))?;
    if digest.as_bytes() != Sha256::digest(content).as_slice() {
        return Err(SignatureError::Tampered);
    }
    let signing_time = single(ID_SIGNING_TIME)
        .and_then(|v| v.to_der().ok())
        .and_then(|der| Time::from_der(&der).ok())
        .and_then(|t| i64::try_from(t.to_unix_duration().as_secs()).ok())
        .and_then(|s| DateTime::from_timestamp(s, 0));

    let signed_bytes = attributes.to_der().map_err(malformed)?;
    check_signature_value(
        info.key_kind,
        signer.signature_algorithm.oid,
        &certificate.tbs_certificate.subject_public_key_info,
        &signed_bytes,
        signer.signature.as_bytes(),
    )?;
    Ok(Verified {
        certificate_der,
        certificate: info,
        signing_time,
    })
}

/// Verifies a raw signature value over `message` with the certificate's public key.
fn check_signature_value(
    kind: KeyKind,
    algorithm: const_oid::ObjectIdentifier,
    spki: &spki::SubjectPublicKeyInfoOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    match kind {
        KeyKind::Rsa => {
            use rsa::pkcs8::DecodePublicKey as _;
            use rsa::signature::Verifier as _;
            if algorithm != RSA_ENCRYPTION && algorithm != SHA_256_WITH_RSA_ENCRYPTION {
                return Err(SignatureError::Unsupported(format!(
                    "signature {algorithm}"
                )));
            }
            let spki_der = spki.to_der().map_err(malformed)?;
            let key = rsa::RsaPublicKey::from_public_key_der(&spki_der)
                .map_err(|e| SignatureError::Certificate(e.to_string()))?;
            let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
            let value = rsa::pkcs1v15::Signature::try_from(signature)
                .map_err(|_| SignatureError::BadSignature)?;
            verifier
                .verify(message, &value)
                .map_err(|_| SignatureError::BadSignature)
        }
        KeyKind::EcP256 => {
            use p256::ecdsa::signature::Verifier as _;
            if algorithm != ECDSA_WITH_SHA_256 {
                return Err(SignatureError::Unsupported(format!(
                    "signature {algorithm}"
                )));
            }
            let key =
                p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
                    .map_err(|e| SignatureError::Certificate(e.to_string()))?;
            let value = p256::ecdsa::Signature::from_der(signature)
                .map_err(|_| SignatureError::BadSignature)?;
            key.verify(message, &value)
                .map_err(|_| SignatureError::BadSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::Validity;
    use crate::signature::testkit::{Identity, identity};
    use chrono::TimeZone;

    fn signer() -> Identity {
        identity(
            "Nguyễn Văn A",
            &[0x91, 0x02, 0x03],
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
        )
    }

    fn sign(content: &[u8]) -> Vec<u8> {
        signer().sign(
            content,
            Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap(),
        )
    }

    #[test]
    fn a_signature_verifies_over_the_same_bytes() {
        let content = "{\"op\":\"register_official\"} Tờ khai".as_bytes();
        let verified = verify_detached(content, &sign(content)).unwrap();
        assert_eq!(verified.certificate.tax_code.as_deref(), Some("0101234567"));
        assert!(verified.certificate.practice);
        assert_eq!(verified.certificate.key_kind, KeyKind::EcP256);
        // A serial with the high bit set gets a leading zero byte (positive INTEGER).
        assert_eq!(verified.certificate.serial, "00910203");
        assert_eq!(
            verified.signing_time,
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap())
        );
    }

    #[test]
    fn changed_content_is_tampered_and_changed_signature_is_bad() {
        let content = b"IDC 101234567820";
        let cms = sign(content);
        assert_eq!(
            verify_detached(b"IDC 101234567821", &cms),
            Err(SignatureError::Tampered)
        );
        // Flip one bit inside the signature value (the last bytes of the DER).
        let mut bad = cms.clone();
        let at = bad.len() - 3;
        bad[at] ^= 0x01;
        assert!(matches!(
            verify_detached(content, &bad),
            Err(SignatureError::BadSignature | SignatureError::Malformed(_))
        ));
        assert!(matches!(
            verify_detached(content, b"not der"),
            Err(SignatureError::Malformed(_))
        ));
    }

    #[test]
    fn certificate_facts_and_validity() {
        let info = CertificateInfo::from_der(&signer().certificate).unwrap();
        assert!(info.can_sign);
        assert!(info.subject.contains("MST:0101234567"), "{}", info.subject);
        assert_eq!(info.display_name(), "[MÔ PHỎNG] Nguyễn Văn A");
        let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
        assert_eq!(info.validity_at(at(2025, 12, 31)), Validity::NotYetValid);
        assert_eq!(info.validity_at(at(2026, 6, 1)), Validity::Valid);
        assert_eq!(info.validity_at(at(2027, 1, 2)), Validity::Expired);
        assert_eq!(info.fingerprint.len(), 64);
    }
}
