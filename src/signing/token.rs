//! The PKCS#11 calls (through `cryptoki`): load a module, list tokens and certificates, log in,
//! sign, and make a practice identity. Runs inside the helper process (see [`super::helper`]);
//! every PKCS#11 error is mapped to a [`TokenError`] a broker can act on.

use std::path::Path;

use chrono::{DateTime, Utc};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{
    Attribute, AttributeType, CertificateType, KeyType, ObjectClass, ObjectHandle,
};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{TokenCertificate, TokenError, TokenInfo, TriesLeft};
use crate::domain::time::vietnam_display;
use crate::signature::cert::{self, PracticeSubject};
use crate::signature::{CertificateInfo, KeyKind, Validity, cms};

/// A loaded and initialised PKCS#11 module.
pub struct Module {
    context: Pkcs11,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module").finish_non_exhaustive()
    }
}

fn device(err: &CkError) -> TokenError {
    match err {
        CkError::Pkcs11(
            RvError::DeviceRemoved
            | RvError::TokenNotPresent
            | RvError::SessionHandleInvalid
            | RvError::SessionClosed,
            _,
        ) => TokenError::TokenRemoved,
        CkError::Pkcs11(RvError::PinLocked, _) => TokenError::PinLocked,
        other => TokenError::Device {
            detail: other.to_string(),
        },
    }
}

impl Module {
    /// Loads the module at `path` and initialises it.
    pub fn load(path: &Path) -> Result<Self, TokenError> {
        if !path.is_file() {
            return Err(TokenError::ModuleNotFound {
                path: path.display().to_string(),
            });
        }
        let unusable = |detail: String| TokenError::ModuleUnusable {
            path: path.display().to_string(),
            detail,
        };
        // A 32-bit library in 64-bit KhaiBao (or the reverse) fails in the loader with an
        // unexplained error: read the header first and say so.
        let ours: u8 = if cfg!(target_pointer_width = "64") {
            64
        } else {
            32
        };
        let mut header = Vec::with_capacity(4096);
        if let Ok(file) = std::fs::File::open(path) {
            use std::io::Read as _;
            let _ = file.take(4096).read_to_end(&mut header);
        }
        if let Some(bits) = super::modules::library_bits(&header)
            && bits != ours
        {
            return Err(TokenError::ModuleWrongBits {
                path: path.display().to_string(),
                bits,
                ours,
            });
        }
        let context = Pkcs11::new(path).map_err(|e| unusable(e.to_string()))?;
        match context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => return Err(unusable(e.to_string())),
        }
        Ok(Self { context })
    }

    /// The tokens present, in slot order.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>, TokenError> {
        let slots = self
            .context
            .get_slots_with_initialized_token()
            .map_err(|e| device(&e))?;
        let mut tokens = Vec::with_capacity(slots.len());
        for slot in slots {
            match self.token_info(slot) {
                Ok(info) => tokens.push(info),
                // A token pulled out between the two calls is simply not listed.
                Err(TokenError::TokenRemoved) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(tokens)
    }

    fn token_info(&self, slot: Slot) -> Result<TokenInfo, TokenError> {
        let info = self.context.get_token_info(slot).map_err(|e| device(&e))?;
        Ok(TokenInfo {
            slot: slot.id(),
            label: info.label().trim().to_owned(),
            manufacturer: info.manufacturer_id().trim().to_owned(),
            model: info.model().trim().to_owned(),
            serial: info.serial_number().trim().to_owned(),
            pin_count_low: info.user_pin_count_low(),
            pin_final_try: info.user_pin_final_try(),
            pin_locked: info.user_pin_locked(),
            login_required: info.login_required(),
        })
    }

    /// The slot holding the token with `serial`.
    fn find_token(&self, serial: &str) -> Result<(Slot, TokenInfo), TokenError> {
        let slots = self
            .context
            .get_slots_with_initialized_token()
            .map_err(|e| device(&e))?;
        if slots.is_empty() {
            return Err(TokenError::NoToken);
        }
        for slot in slots {
            let info = self.token_info(slot)?;
            if info.serial == serial.trim() {
                return Ok((slot, info));
            }
        }
        Err(TokenError::TokenNotPresent {
            serial: serial.to_owned(),
        })
    }

    /// Every certificate on every token (no login needed: certificates are public objects).
    pub fn certificates(&self) -> Result<Vec<TokenCertificate>, TokenError> {
        let mut all = Vec::new();
        for token in self.tokens()? {
            let slot = self.slot(token.slot)?;
            let session = self.context.open_ro_session(slot).map_err(|e| device(&e))?;
            for (certificate, _) in certificates_in(&session, &token)? {
                all.push(certificate);
            }
        }
        Ok(all)
    }

    fn slot(&self, id: u64) -> Result<Slot, TokenError> {
        self.context
            .get_slots_with_initialized_token()
            .map_err(|e| device(&e))?
            .into_iter()
            .find(|s| s.id() == id)
            .ok_or(TokenError::TokenRemoved)
    }

    /// Signs `content` with the certificate `fingerprint` on token `token_serial`: checks the
    /// certificate at `now`, logs in with `pin`, and returns the detached CMS (DER), already
    /// verified once here so that a token answering garbage is caught before sending.
    pub fn sign(
        &self,
        token_serial: &str,
        fingerprint: &str,
        pin: &Zeroizing<String>,
        content: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, TokenError> {
        let (slot, info) = self.find_token(token_serial)?;
        if info.pin_locked {
            return Err(TokenError::PinLocked);
        }
        let session = self.context.open_ro_session(slot).map_err(|e| device(&e))?;
        let (certificate, der) = certificates_in(&session, &info)?
            .into_iter()
            .find(|(c, _)| c.info.fingerprint.eq_ignore_ascii_case(fingerprint.trim()))
            .ok_or_else(|| TokenError::CertificateNotFound {
                fingerprint: fingerprint.to_owned(),
            })?;
        check_usable(&certificate.info, now)?;
        self.login(&session, slot, pin)?;
        let result = (|| {
            let key = private_key(&session, &certificate)?;
            let attributes = cms::signed_attributes(content, now)?;
            let to_sign = cms::to_be_signed(&attributes)?;
            let signature =
                self.sign_raw(&session, slot, key, certificate.info.key_kind, &to_sign)?;
            let signed = cms::assemble(&der, attributes, &signature)?;
            crate::signature::verify_detached(content, &signed)?;
            Ok(signed)
        })();
        let _ = session.logout();
        result
    }

    fn login(
        &self,
        session: &Session,
        slot: Slot,
        pin: &Zeroizing<String>,
    ) -> Result<(), TokenError> {
        let auth = AuthPin::from(pin.as_str());
        match session.login(UserType::User, Some(&auth)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(()),
            Err(CkError::Pkcs11(RvError::PinIncorrect, _)) => {
                let after = self.token_info(slot)?;
                if after.pin_locked {
                    Err(TokenError::PinLocked)
                } else {
                    Err(TokenError::WrongPin {
                        tries: TriesLeft::from_token(&after),
                    })
                }
            }
            Err(CkError::Pkcs11(RvError::PinLenRange, _)) => {
                let info = self.context.get_token_info(slot).map_err(|e| device(&e))?;
                Err(TokenError::PinLength {
                    min: info.min_pin_length(),
                    max: info.max_pin_length(),
                })
            }
            Err(e) => Err(device(&e)),
        }
    }

    /// The raw signature (for ECDSA: DER) over `data` with SHA-256.
    fn sign_raw(
        &self,
        session: &Session,
        slot: Slot,
        key: ObjectHandle,
        kind: KeyKind,
        data: &[u8],
    ) -> Result<Vec<u8>, TokenError> {
        match kind {
            KeyKind::Rsa => {
                let mechanisms = self
                    .context
                    .get_mechanism_list(slot)
                    .map_err(|e| device(&e))?;
                // Tokens without the combined mechanism — or that list it and then refuse it
                // for the key (public OpenSC reports) — sign a SHA-256 DigestInfo with raw
                // PKCS#1 v1.5: the same signature, in the same logged-in session (the PIN is
                // asked once).
                let digest_info = || {
                    let mut info = SHA256_DIGEST_INFO_PREFIX.to_vec();
                    info.extend_from_slice(&Sha256::digest(data));
                    info
                };
                if mechanisms.contains(&MechanismType::SHA256_RSA_PKCS) {
                    match session.sign(&Mechanism::Sha256RsaPkcs, key, data) {
                        Err(CkError::Pkcs11(rv, _)) if refuses_mechanism(rv) => session
                            .sign(&Mechanism::RsaPkcs, key, &digest_info())
                            .map_err(|e| device(&e)),
                        other => other.map_err(|e| device(&e)),
                    }
                } else {
                    session
                        .sign(&Mechanism::RsaPkcs, key, &digest_info())
                        .map_err(|e| device(&e))
                }
            }
            KeyKind::EcP256 => {
                let raw = session
                    .sign(&Mechanism::Ecdsa, key, &Sha256::digest(data))
                    .map_err(|e| device(&e))?;
                Ok(cms::ecdsa_raw_to_der(&raw)?)
            }
        }
    }

    /// Initialises the first free slot as a token `label` with the given PINs, returning the
    /// new token's serial. For the practice token (SoftHSM2 offers a free slot).
    pub fn init_token(
        &self,
        label: &str,
        so_pin: &Zeroizing<String>,
        user_pin: &Zeroizing<String>,
    ) -> Result<String, TokenError> {
        let before: Vec<String> = self.tokens()?.into_iter().map(|t| t.serial).collect();
        let free = self
            .context
            .get_slots_with_token()
            .map_err(|e| device(&e))?
            .into_iter()
            .find(|slot| {
                self.context
                    .get_token_info(*slot)
                    .is_ok_and(|info| !info.token_initialized())
            })
            .ok_or_else(|| TokenError::Device {
                detail: "no free slot".to_owned(),
            })?;
        let so = AuthPin::from(so_pin.as_str());
        self.context
            .init_token(free, &so, label)
            .map_err(|e| device(&e))?;
        // SoftHSM2 moves a newly initialised token to a new slot: find it by its new serial.
        let token = self
            .tokens()?
            .into_iter()
            .find(|t| t.label == label && !before.contains(&t.serial))
            .ok_or(TokenError::TokenRemoved)?;
        let slot = self.slot(token.slot)?;
        let session = self.context.open_rw_session(slot).map_err(|e| device(&e))?;
        session
            .login(UserType::So, Some(&so))
            .map_err(|e| device(&e))?;
        session
            .init_pin(&AuthPin::from(user_pin.as_str()))
            .map_err(|e| device(&e))?;
        let _ = session.logout();
        Ok(token.serial)
    }

    /// Generates a key pair on the token and stores a self-signed practice certificate for it.
    pub fn create_practice_identity(
        &self,
        token_serial: &str,
        pin: &Zeroizing<String>,
        kind: KeyKind,
        subject: &PracticeSubject,
    ) -> Result<TokenCertificate, TokenError> {
        let (slot, info) = self.find_token(token_serial)?;
        let session = self.context.open_rw_session(slot).map_err(|e| device(&e))?;
        self.login(&session, slot, pin)?;
        let id = session.generate_random_vec(16).map_err(|e| device(&e))?;
        let label = b"KhaiBao practice".to_vec();
        let (public_template, mechanism) = match kind {
            KeyKind::Rsa => (
                vec![
                    Attribute::Token(true),
                    Attribute::Verify(true),
                    Attribute::ModulusBits(2048.into()),
                    Attribute::PublicExponent(vec![0x01, 0x00, 0x01]),
                    Attribute::Id(id.clone()),
                    Attribute::Label(label.clone()),
                ],
                Mechanism::RsaPkcsKeyPairGen,
            ),
            KeyKind::EcP256 => (
                vec![
                    Attribute::Token(true),
                    Attribute::Verify(true),
                    Attribute::EcParams(
                        const_oid::db::rfc5912::SECP_256_R_1
                            .to_der()
                            .map_err(TokenError::signature)?,
                    ),
                    Attribute::Id(id.clone()),
                    Attribute::Label(label.clone()),
                ],
                Mechanism::EccKeyPairGen,
            ),
        };
        let private_template = vec![
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Sign(true),
            Attribute::Id(id.clone()),
            Attribute::Label(label.clone()),
        ];
        let (public, private) = session
            .generate_key_pair(&mechanism, &public_template, &private_template)
            .map_err(|e| device(&e))?;
        let spki = public_key_info(&session, public, kind)?;
        let tbs = cert::practice_tbs(subject, spki)?;
        let tbs_der = tbs.to_der().map_err(TokenError::signature)?;
        let signature = self.sign_raw(&session, slot, private, kind, &tbs_der)?;
        let der = cert::assemble_certificate(tbs, &signature)?;
        let certificate = x509_cert::Certificate::from_der(&der).map_err(TokenError::signature)?;
        let name_der = |n: &x509_cert::name::Name| n.to_der().map_err(TokenError::signature);
        session
            .create_object(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::CertificateType(CertificateType::X_509),
                Attribute::Token(true),
                Attribute::Id(id.clone()),
                Attribute::Label(label.clone()),
                Attribute::Subject(name_der(&certificate.tbs_certificate.subject)?),
                Attribute::Issuer(name_der(&certificate.tbs_certificate.issuer)?),
                Attribute::SerialNumber(
                    certificate
                        .tbs_certificate
                        .serial_number
                        .to_der()
                        .map_err(TokenError::signature)?,
                ),
                Attribute::Value(der.clone()),
            ])
            .map_err(|e| device(&e))?;
        let _ = session.logout();
        Ok(TokenCertificate {
            token_serial: info.serial.clone(),
            token_label: info.label.clone(),
            label: String::from_utf8_lossy(&label).into_owned(),
            id: hex::encode_upper(&id),
            info: CertificateInfo::from_der(&der)?,
            has_private_key: true,
        })
    }
}

/// Whether a token's answer means "not this mechanism with this key" (worth the raw PKCS#1
/// fallback), rather than a PIN, session or device problem.
fn refuses_mechanism(rv: RvError) -> bool {
    matches!(
        rv,
        RvError::MechanismInvalid
            | RvError::MechanismParamInvalid
            | RvError::KeyTypeInconsistent
            | RvError::KeyFunctionNotPermitted
            | RvError::FunctionNotSupported
            | RvError::FunctionFailed
            | RvError::GeneralError
    )
}

/// DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// Refuses a certificate that cannot sign at `now`.
pub fn check_usable(info: &CertificateInfo, now: DateTime<Utc>) -> Result<(), TokenError> {
    match info.validity_at(now) {
        Validity::Expired => {
            return Err(TokenError::CertificateExpired {
                until: vietnam_display(info.not_after),
            });
        }
        Validity::NotYetValid => {
            return Err(TokenError::CertificateNotYetValid {
                from: vietnam_display(info.not_before),
            });
        }
        Validity::Valid => {}
    }
    if info.can_sign {
        Ok(())
    } else {
        Err(TokenError::CertificateCannotSign)
    }
}

/// The X.509 certificates in a session's token, with their DER.
fn certificates_in(
    session: &Session,
    token: &TokenInfo,
) -> Result<Vec<(TokenCertificate, Vec<u8>)>, TokenError> {
    let handles = session
        .find_objects(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
        ])
        .map_err(|e| device(&e))?;
    let mut found = Vec::new();
    for handle in handles {
        let attributes = session
            .get_attributes(
                handle,
                &[
                    AttributeType::Value,
                    AttributeType::Id,
                    AttributeType::Label,
                ],
            )
            .map_err(|e| device(&e))?;
        let (mut der, mut id, mut label) = (Vec::new(), Vec::new(), String::new());
        for attribute in attributes {
            match attribute {
                Attribute::Value(v) => der = v,
                Attribute::Id(v) => id = v,
                Attribute::Label(v) => label = String::from_utf8_lossy(&v).into_owned(),
                _ => {}
            }
        }
        // A certificate the app cannot read is skipped, not fatal: the token may hold others
        // (CA certificates, unusual algorithms).
        let Ok(info) = CertificateInfo::from_der(&der) else {
            continue;
        };
        // Private keys are usually hidden until login: on a token that requires a login, the
        // key is assumed present here and looked for when signing (KeyNotFound then).
        let has_private_key = !id.is_empty()
            && (token.login_required
                || !session
                    .find_objects(&[
                        Attribute::Class(ObjectClass::PRIVATE_KEY),
                        Attribute::Id(id.clone()),
                    ])
                    .map_err(|e| device(&e))?
                    .is_empty());
        found.push((
            TokenCertificate {
                token_serial: token.serial.clone(),
                token_label: token.label.clone(),
                label,
                id: hex::encode_upper(&id),
                info,
                has_private_key,
            },
            der,
        ));
    }
    Ok(found)
}

/// The private key for a certificate: the one with the same `CKA_ID` (private keys are only
/// visible once logged in on most tokens).
fn private_key(
    session: &Session,
    certificate: &TokenCertificate,
) -> Result<ObjectHandle, TokenError> {
    // The id came from the token as hex; one that is not hex names no key there.
    let id = hex::decode(&certificate.id).map_err(|_| TokenError::KeyNotFound)?;
    let key_type = match certificate.info.key_kind {
        KeyKind::Rsa => KeyType::RSA,
        KeyKind::EcP256 => KeyType::EC,
    };
    session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::KeyType(key_type),
            Attribute::Id(id),
        ])
        .map_err(|e| device(&e))?
        .into_iter()
        .next()
        .ok_or(TokenError::KeyNotFound)
}

/// SubjectPublicKeyInfo of a public key object.
fn public_key_info(
    session: &Session,
    key: ObjectHandle,
    kind: KeyKind,
) -> Result<spki::SubjectPublicKeyInfoOwned, TokenError> {
    let signature = |e: &dyn std::fmt::Display| TokenError::signature(e);
    match kind {
        KeyKind::Rsa => {
            use rsa::pkcs8::EncodePublicKey as _;
            let attributes = session
                .get_attributes(
                    key,
                    &[AttributeType::Modulus, AttributeType::PublicExponent],
                )
                .map_err(|e| device(&e))?;
            let (mut n, mut e) = (Vec::new(), Vec::new());
            for attribute in attributes {
                match attribute {
                    Attribute::Modulus(v) => n = v,
                    Attribute::PublicExponent(v) => e = v,
                    _ => {}
                }
            }
            let public = rsa::RsaPublicKey::new(
                rsa::BigUint::from_bytes_be(&n),
                rsa::BigUint::from_bytes_be(&e),
            )
            .map_err(|e| signature(&e))?;
            let der = public.to_public_key_der().map_err(|e| signature(&e))?;
            spki::SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(|e| signature(&e))
        }
        KeyKind::EcP256 => {
            let attributes = session
                .get_attributes(key, &[AttributeType::EcPoint])
                .map_err(|e| device(&e))?;
            let point = attributes
                .into_iter()
                .find_map(|a| match a {
                    Attribute::EcPoint(v) => Some(v),
                    _ => None,
                })
                .ok_or_else(|| TokenError::signature("no EC point"))?;
            // CKA_EC_POINT is a DER OCTET STRING around the uncompressed point.
            let point = der::asn1::OctetString::from_der(&point)
                .map(|o| o.as_bytes().to_vec())
                .unwrap_or(point);
            Ok(spki::SubjectPublicKeyInfoOwned {
                algorithm: spki::AlgorithmIdentifierOwned {
                    oid: const_oid::db::rfc5912::ID_EC_PUBLIC_KEY,
                    parameters: Some(
                        der::Any::encode_from(&const_oid::db::rfc5912::SECP_256_R_1)
                            .map_err(|e| signature(&e))?,
                    ),
                },
                subject_public_key: der::asn1::BitString::from_bytes(&point)
                    .map_err(|e| signature(&e))?,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_module_is_its_own_error() {
        let err = Module::load(Path::new("/no/such/libtoken.so")).unwrap_err();
        assert!(matches!(err, TokenError::ModuleNotFound { .. }), "{err}");
        assert!(err.to_string().contains("Không tìm thấy thư viện PKCS#11"));
    }

    #[test]
    fn a_32_bit_library_is_named_as_such_with_where_to_look() {
        // The header of a 32-bit Windows DLL (machine i386), as found in SysWOW64.
        let mut bytes = vec![0u8; 0x200];
        bytes[..2].copy_from_slice(b"MZ");
        bytes[0x3C..0x40].copy_from_slice(&0x80u32.to_le_bytes());
        bytes[0x80..0x84].copy_from_slice(b"PE\0\0");
        bytes[0x84..0x86].copy_from_slice(&0x014Cu16.to_le_bytes());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vnptca_p11_v8.dll");
        std::fs::write(&path, &bytes).unwrap();
        let err = Module::load(&path).unwrap_err();
        assert!(
            matches!(
                err,
                TokenError::ModuleWrongBits {
                    bits: 32,
                    ours: 64,
                    ..
                }
            ),
            "{err}"
        );
        let text = err.to_string();
        assert!(text.contains("là bản 32-bit"), "{text}");
        assert!(
            text.contains(r"C:\Windows\System32, not SysWOW64"),
            "{text}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_module_is_unusable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake.so");
        std::fs::write(&path, b"not a shared library").unwrap();
        let err = Module::load(&path).unwrap_err();
        assert!(matches!(err, TokenError::ModuleUnusable { .. }), "{err}");
    }

    #[test]
    fn the_pin_tries_follow_the_token_flags() {
        let mut info = TokenInfo {
            slot: 0,
            label: String::new(),
            manufacturer: String::new(),
            model: String::new(),
            serial: String::new(),
            pin_count_low: false,
            pin_final_try: false,
            pin_locked: false,
            login_required: true,
        };
        assert_eq!(TriesLeft::from_token(&info), TriesLeft::Unknown);
        info.pin_count_low = true;
        assert_eq!(TriesLeft::from_token(&info), TriesLeft::Few);
        info.pin_final_try = true;
        assert_eq!(TriesLeft::from_token(&info), TriesLeft::One);
        let message = TokenError::WrongPin {
            tries: TriesLeft::One,
        }
        .to_string();
        assert!(message.contains("PIN sai, còn 1 lần thử"), "{message}");
        assert!(message.contains("Wrong PIN, 1 try left"), "{message}");
    }
}
