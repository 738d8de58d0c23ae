//! What KhaiBao reads from an X.509 certificate: subject, issuer (the CA name checked as
//! A0035), serial number (A0036), validity, the enterprise tax code, the key kind, and whether it
//! is a KhaiBao practice certificate (simulation only). Also builds the to-be-signed part of a
//! practice certificate, whose signature a token then makes.

use chrono::{DateTime, Utc};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519::{COMMON_NAME, ORGANIZATION_NAME, UID};
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP_256_R_1, SHA_256_WITH_RSA_ENCRYPTION,
};
use der::asn1::{BitString, Ia5StringRef, PrintableStringRef, Utf8StringRef};
use der::{Any, Decode, Encode, Tag, Tagged};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
use x509_cert::ext::{AsExtension, Extension};
use x509_cert::name::{Name, RdnSequence};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity as X509Validity};

use super::SignatureError;

/// The organisation written into every practice certificate KhaiBao makes; such a certificate
/// is accepted only by the simulated core, never on a live connection.
pub const PRACTICE_ORGANIZATION: &str = "KhaiBao - CHỈ DÙNG MÔ PHỎNG / SIMULATION ONLY";

/// The kind of key behind a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// RSA, signed with PKCS#1 v1.5 and SHA-256.
    Rsa,
    /// ECDSA on P-256 with SHA-256.
    EcP256,
}

/// Where an instant stands in a certificate's validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Before `notBefore`.
    NotYetValid,
    /// Inside the period.
    Valid,
    /// After `notAfter`.
    Expired,
}

/// The facts of one certificate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CertificateInfo {
    /// Subject, RFC 4514 text.
    pub subject: String,
    /// Common name of the subject (the signer or enterprise name).
    pub common_name: Option<String>,
    /// Issuer (the CA), RFC 4514 text.
    pub issuer: String,
    /// Common name of the issuer, the CA name shown to users.
    pub issuer_name: Option<String>,
    /// Serial number, upper-case hex without separators.
    pub serial: String,
    /// Start of validity (UTC).
    pub not_before: DateTime<Utc>,
    /// End of validity (UTC).
    pub not_after: DateTime<Utc>,
    /// The enterprise tax code found in the subject (`MST:…`), when present.
    pub tax_code: Option<String>,
    /// The key kind.
    pub key_kind: KeyKind,
    /// SHA-256 of the DER certificate, upper-case hex: the thumbprint.
    pub fingerprint: String,
    /// The key usage allows signatures (or no key usage is stated).
    pub can_sign: bool,
    /// A KhaiBao practice certificate (simulation only).
    pub practice: bool,
}

impl CertificateInfo {
    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, SignatureError> {
        let cert =
            Certificate::from_der(der).map_err(|e| SignatureError::Certificate(e.to_string()))?;
        Self::from_certificate(&cert, der)
    }

    pub(crate) fn from_certificate(cert: &Certificate, der: &[u8]) -> Result<Self, SignatureError> {
        let tbs = &cert.tbs_certificate;
        let key_kind = key_kind(&tbs.subject_public_key_info)?;
        let organization = attribute_text(&tbs.subject, ORGANIZATION_NAME);
        let can_sign = match tbs.get::<KeyUsage>() {
            Ok(Some((_, usage))) => {
                usage.digital_signature() || usage.0.contains(KeyUsages::NonRepudiation)
            }
            Ok(None) => true,
            Err(e) => return Err(SignatureError::Certificate(e.to_string())),
        };
        Ok(Self {
            subject: tbs.subject.to_string(),
            common_name: attribute_text(&tbs.subject, COMMON_NAME),
            issuer: tbs.issuer.to_string(),
            issuer_name: attribute_text(&tbs.issuer, COMMON_NAME),
            serial: hex::encode_upper(tbs.serial_number.as_bytes()),
            not_before: time_utc(tbs.validity.not_before)?,
            not_after: time_utc(tbs.validity.not_after)?,
            tax_code: tax_code(&tbs.subject),
            key_kind,
            fingerprint: hex::encode_upper(Sha256::digest(der)),
            can_sign,
            practice: organization.as_deref() == Some(PRACTICE_ORGANIZATION)
                && tbs.subject == tbs.issuer,
        })
    }

    /// Where `at` stands in the validity period.
    pub fn validity_at(&self, at: DateTime<Utc>) -> Validity {
        if at < self.not_before {
            Validity::NotYetValid
        } else if at > self.not_after {
            Validity::Expired
        } else {
            Validity::Valid
        }
    }

    /// The name to show: the subject's common name, else the whole subject.
    pub fn display_name(&self) -> &str {
        self.common_name.as_deref().unwrap_or(&self.subject)
    }
}

fn time_utc(time: Time) -> Result<DateTime<Utc>, SignatureError> {
    let seconds = i64::try_from(time.to_unix_duration().as_secs())
        .map_err(|e| SignatureError::Certificate(e.to_string()))?;
    DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| SignatureError::Certificate(format!("time {seconds} out of range")))
}

fn key_kind(spki: &SubjectPublicKeyInfoOwned) -> Result<KeyKind, SignatureError> {
    let algorithm = spki.algorithm.oid;
    if algorithm == RSA_ENCRYPTION {
        return Ok(KeyKind::Rsa);
    }
    if algorithm == ID_EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if curve == Some(SECP_256_R_1) {
            return Ok(KeyKind::EcP256);
        }
        return Err(SignatureError::Unsupported(format!(
            "EC curve {}",
            curve.map_or_else(|| "?".to_owned(), |c| c.to_string())
        )));
    }
    Err(SignatureError::Unsupported(format!("key {algorithm}")))
}

/// The text of the first attribute `oid` in a name.
fn attribute_text(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| any_text(&atv.value))
}

fn any_text(value: &Any) -> Option<String> {
    match value.tag() {
        Tag::Utf8String => value
            .decode_as::<Utf8StringRef<'_>>()
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::PrintableString => value
            .decode_as::<PrintableStringRef<'_>>()
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::Ia5String => value
            .decode_as::<Ia5StringRef<'_>>()
            .ok()
            .map(|s| s.as_str().to_owned()),
        _ => None,
    }
}

/// The tax code (mã số thuế) in a subject. Vietnamese CAs write it as `MST:0101234567` (or
/// `MST:0101234567-001` for a branch), usually in the UID attribute, sometimes in OU or CN
/// (observed practice of the public CAs; the reference does not fix the attribute).
fn tax_code(subject: &Name) -> Option<String> {
    subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter_map(|atv| any_text(&atv.value))
        .find_map(|text| {
            let upper = text.to_uppercase();
            let start = upper.find("MST:")? + 4;
            let code: String = upper[start..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            (code.len() >= 10).then_some(code)
        })
}

/// The signature algorithm identifier for a key kind (in certificates and in CMS).
pub fn signature_algorithm(kind: KeyKind) -> AlgorithmIdentifierOwned {
    match kind {
        KeyKind::Rsa => AlgorithmIdentifierOwned {
            oid: SHA_256_WITH_RSA_ENCRYPTION,
            parameters: Some(Any::null()),
        },
        KeyKind::EcP256 => AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA_256,
            parameters: None,
        },
    }
}

/// What goes into a practice certificate.
#[derive(Debug, Clone)]
pub struct PracticeSubject {
    /// The signer's name (shown as the common name, prefixed with the practice marker).
    pub name: String,
    /// The enterprise tax code.
    pub tax_code: String,
    /// Start of validity.
    pub not_before: DateTime<Utc>,
    /// End of validity.
    pub not_after: DateTime<Utc>,
    /// Serial number bytes (positive; at most 20 bytes).
    pub serial: Vec<u8>,
}

/// The to-be-signed part of a self-signed practice certificate for a public key.
pub fn practice_tbs(
    subject: &PracticeSubject,
    public_key: SubjectPublicKeyInfoOwned,
) -> Result<x509_cert::TbsCertificate, SignatureError> {
    let kind = key_kind(&public_key)?;
    let err = |e: der::Error| SignatureError::Certificate(e.to_string());
    let name = practice_name(subject).map_err(err)?;
    let time = |at: DateTime<Utc>| -> Result<Time, SignatureError> {
        let seconds = u64::try_from(at.timestamp())
            .map_err(|e| SignatureError::Certificate(e.to_string()))?;
        Time::try_from(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds)).map_err(err)
    };
    let mut serial = subject.serial.clone();
    if serial.first().is_some_and(|b| b & 0x80 != 0) {
        serial.insert(0, 0);
    }
    let key_usage = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation);
    let constraints = BasicConstraints {
        ca: false,
        path_len_constraint: None,
    };
    let extensions: Vec<Extension> = vec![
        key_usage.to_extension(&name, &[]).map_err(err)?,
        constraints.to_extension(&name, &[]).map_err(err)?,
    ];
    Ok(x509_cert::TbsCertificate {
        version: x509_cert::Version::V3,
        serial_number: SerialNumber::new(&serial).map_err(err)?,
        signature: signature_algorithm(kind),
        issuer: name.clone(),
        validity: X509Validity {
            not_before: time(subject.not_before)?,
            not_after: time(subject.not_after)?,
        },
        subject: name,
        subject_public_key_info: public_key,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    })
}

fn practice_name(subject: &PracticeSubject) -> der::Result<Name> {
    use x509_cert::attr::AttributeTypeAndValue;
    use x509_cert::name::RelativeDistinguishedName;
    let rdn =
        |oid: ObjectIdentifier, tag: Tag, text: &str| -> der::Result<RelativeDistinguishedName> {
            let value = Any::new(tag, text.as_bytes())?;
            Ok(RelativeDistinguishedName(der::asn1::SetOfVec::try_from(
                vec![AttributeTypeAndValue { oid, value }],
            )?))
        };
    Ok(RdnSequence(vec![
        rdn(
            const_oid::db::rfc4519::COUNTRY_NAME,
            Tag::PrintableString,
            "VN",
        )?,
        rdn(ORGANIZATION_NAME, Tag::Utf8String, PRACTICE_ORGANIZATION)?,
        rdn(UID, Tag::Utf8String, &format!("MST:{}", subject.tax_code))?,
        rdn(
            COMMON_NAME,
            Tag::Utf8String,
            &format!("[MÔ PHỎNG] {}", subject.name),
        )?,
    ]))
}

/// Puts a certificate together from its to-be-signed part and the signature a token made over
/// `tbs.to_der()` (for ECDSA: the DER signature).
pub fn assemble_certificate(
    tbs: x509_cert::TbsCertificate,
    signature: &[u8],
) -> Result<Vec<u8>, SignatureError> {
    let err = |e: der::Error| SignatureError::Certificate(e.to_string());
    let certificate = Certificate {
        signature_algorithm: tbs.signature.clone(),
        tbs_certificate: tbs,
        signature: BitString::from_bytes(signature).map_err(err)?,
    };
    certificate.to_der().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_code_is_found_in_uid_ou_or_cn() {
        for text in [
            "UID=MST:0101234567,CN=Công ty ABC,C=VN",
            "OU=MST: 0101234567-001,CN=Công ty ABC",
        ] {
            let name: Name = text.parse().unwrap();
            let code = tax_code(&name).unwrap();
            assert!(code.starts_with("0101234567"), "{text}: {code}");
        }
        let name: Name = "CN=No tax code,C=VN".parse().unwrap();
        assert_eq!(tax_code(&name), None);
    }
}
