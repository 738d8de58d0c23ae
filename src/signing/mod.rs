//! Signing with the broker's USB token through PKCS#11, and the trainee's practice token.
//!
//! Owns every call into a PKCS#11 module. The calls themselves live in [`token`]; the client
//! never makes them in its own process: [`helper`] runs each token job in a child process
//! (`khaibao token-helper`) with a time limit, so a vendor library that hangs or crashes cannot
//! freeze or take down the window with the broker's work in it, and a job that overruns is
//! killed cleanly. The PIN crosses to the child through a pipe, is held in zeroizing memory,
//! and is never logged, stored or shown.
//!
//! [`practice`] makes the trainee's practice token (SoftHSM2 in the app's data folder) with a
//! self-signed certificate marked "simulation only"; [`profile`] remembers which module, token
//! and certificate to sign with (no secrets). The signed message format is [`crate::signature`].

pub mod helper;
pub mod modules;
pub mod practice;
pub mod profile;
pub mod token;

use serde::{Deserialize, Serialize};

use crate::domain::text::Bilingual;
use crate::signature::{CertificateInfo, SignatureError};

/// A token in a slot.
#[allow(clippy::struct_excessive_bools)] // The token's own independent flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// The PKCS#11 slot ID (changes between sessions for some modules: match by serial).
    pub slot: u64,
    /// Token label.
    pub label: String,
    /// Manufacturer.
    pub manufacturer: String,
    /// Model.
    pub model: String,
    /// Serial number (how KhaiBao finds the token again).
    pub serial: String,
    /// `CKF_USER_PIN_COUNT_LOW`: a wrong PIN was entered since the last success.
    pub pin_count_low: bool,
    /// `CKF_USER_PIN_FINAL_TRY`: one more wrong PIN locks the token.
    pub pin_final_try: bool,
    /// `CKF_USER_PIN_LOCKED`.
    pub pin_locked: bool,
    /// `CKF_LOGIN_REQUIRED`: private objects appear only after login.
    pub login_required: bool,
}

/// A certificate found on a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenCertificate {
    /// Serial number of the token holding it.
    pub token_serial: String,
    /// Label of the token.
    pub token_label: String,
    /// The object label.
    pub label: String,
    /// `CKA_ID`, hex (links the certificate to its private key).
    pub id: String,
    /// The certificate's facts.
    pub info: CertificateInfo,
    /// The private key for it is on the token.
    pub has_private_key: bool,
}

/// How many PIN tries a token says are left (PKCS#11 tokens only report flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriesLeft {
    /// The token does not say.
    Unknown,
    /// `CKF_USER_PIN_COUNT_LOW`: few tries left.
    Few,
    /// `CKF_USER_PIN_FINAL_TRY`: one try left.
    One,
}

impl TriesLeft {
    /// From the token's flags after a failed login.
    pub fn from_token(info: &TokenInfo) -> Self {
        if info.pin_final_try {
            Self::One
        } else if info.pin_count_low {
            Self::Few
        } else {
            Self::Unknown
        }
    }

    fn vi(self) -> &'static str {
        match self {
            Self::Unknown => "token không cho biết còn bao nhiêu lần thử",
            Self::Few => "còn ít lần thử trước khi token bị khóa",
            Self::One => "còn 1 lần thử; sai lần nữa token sẽ bị khóa",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Self::Unknown => "the token does not say how many tries are left",
            Self::Few => "few tries left before the token locks",
            Self::One => "1 try left; one more wrong PIN locks the token",
        }
    }
}

/// Why a token job failed. Each has its own message ([`TokenError::message`]); none changes
/// the declaration being signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[error("{}", self.message().joined())]
pub enum TokenError {
    /// No file at the module path.
    ModuleNotFound {
        /// The path tried.
        path: String,
    },
    /// The file is not a usable PKCS#11 module.
    ModuleUnusable {
        /// The path.
        path: String,
        /// What the loader said.
        detail: String,
    },
    /// The library is built for another processor width than this program.
    ModuleWrongBits {
        /// The path tried.
        path: String,
        /// The library's width.
        bits: u8,
        /// This program's width.
        ours: u8,
    },
    /// No token in any slot.
    NoToken,
    /// The chosen token is not present.
    TokenNotPresent {
        /// The token's serial number.
        serial: String,
    },
    /// The token went away during the job.
    TokenRemoved,
    /// The chosen certificate is not on the token.
    CertificateNotFound {
        /// Thumbprint of the certificate looked for.
        fingerprint: String,
    },
    /// The token has the certificate but not its private key.
    KeyNotFound,
    /// Wrong PIN.
    WrongPin {
        /// What the token says about the tries left.
        tries: TriesLeft,
    },
    /// The PIN is locked.
    PinLocked,
    /// The PIN's length is outside the token's range.
    PinLength {
        /// Shortest.
        min: usize,
        /// Longest.
        max: usize,
    },
    /// The certificate is past its end date.
    CertificateExpired {
        /// End of validity, Vietnam time.
        until: String,
    },
    /// The certificate is not valid yet.
    CertificateNotYetValid {
        /// Start of validity, Vietnam time.
        from: String,
    },
    /// Key usage forbids signing.
    CertificateCannotSign,
    /// A practice certificate on the live path.
    PracticeOnLive,
    /// The certificate or signature could not be built or read: a [`SignatureError`]'s
    /// message, or a library's detail (the same in both languages, [`Bilingual::verbatim`]).
    Signature(Bilingual),
    /// The token did not answer in time; the job was stopped.
    Timeout {
        /// The limit.
        seconds: u64,
    },
    /// The broker stopped the job.
    Cancelled,
    /// The signing process itself failed.
    Helper {
        /// What happened.
        detail: String,
    },
    /// Any other error the token reported.
    Device {
        /// The PKCS#11 error.
        detail: String,
    },
    /// The practice token needs SoftHSM2, which is not installed.
    NoSoftToken,
}

impl TokenError {
    /// A certificate or signature problem a library reported (its words, in both languages).
    pub fn signature(detail: impl std::fmt::Display) -> Self {
        Self::Signature(Bilingual::verbatim(detail.to_string()))
    }

    /// What to tell the person, each language built apart (a loader's or the token's detail
    /// is the same in both).
    pub fn message(&self) -> Bilingual {
        match self {
            Self::ModuleNotFound { path } => module_not_found(path),
            Self::ModuleUnusable { path, detail } => Bilingual::new(
                format!("Tệp {path} không phải thư viện PKCS#11 dùng được: {detail}"),
                format!("{path} is not a usable PKCS#11 library: {detail}"),
            ),
            Self::ModuleWrongBits { path, bits, ours } => module_wrong_bits(path, *bits, *ours),
            Self::NoToken => Bilingual::new(
                "Chưa cắm token chữ ký số nào",
                "No signing token is plugged in",
            ),
            Self::TokenNotPresent { serial } => Bilingual::new(
                format!(
                    "Không thấy token số sê-ri {serial}; token đã bị rút ra? Cắm token rồi thử lại"
                ),
                format!("Token {serial} is not present; was it removed? Plug it in and try again"),
            ),
            Self::TokenRemoved => Bilingual::new(
                "Token đã bị rút ra trong khi ký. Tờ khai chưa được ký và không thay đổi; cắm lại token rồi ký lại",
                "The token was removed while signing. Nothing was signed and the declaration is unchanged; plug it in and sign again",
            ),
            Self::CertificateNotFound { fingerprint } => Bilingual::new(
                format!("Không thấy chứng thư số {fingerprint} trên token"),
                format!("The certificate {fingerprint} is not on the token"),
            ),
            Self::KeyNotFound => Bilingual::new(
                "Token không có khóa bí mật cho chứng thư này",
                "The token holds no private key for this certificate",
            ),
            Self::WrongPin { tries } => Bilingual::new(
                format!("PIN sai, {}", tries.vi()),
                format!("Wrong PIN, {}", tries.en()),
            ),
            Self::PinLocked => Bilingual::new(
                "PIN của token đã bị khóa do nhập sai nhiều lần. Liên hệ nhà cung cấp chữ ký số (CA) để mở khóa",
                "The token's PIN is locked after too many wrong tries. Ask your certificate provider (CA) to unlock it",
            ),
            Self::PinLength { min, max } => Bilingual::new(
                format!("PIN phải dài từ {min} đến {max} ký tự"),
                format!("The PIN must be {min} to {max} characters"),
            ),
            Self::CertificateExpired { until } => Bilingual::new(
                format!(
                    "Chứng thư số đã hết hạn ngày {until}. Gia hạn với nhà cung cấp chữ ký số rồi đăng ký lại với hải quan"
                ),
                format!(
                    "The certificate expired on {until}. Renew it with your CA and register it again with customs"
                ),
            ),
            Self::CertificateNotYetValid { from } => Bilingual::new(
                format!("Chứng thư số chỉ có hiệu lực từ {from}"),
                format!("The certificate is only valid from {from}"),
            ),
            Self::CertificateCannotSign => Bilingual::new(
                "Chứng thư số này không dùng để ký (key usage)",
                "This certificate is not for signing (key usage)",
            ),
            Self::PracticeOnLive => Bilingual::new(
                "Chứng thư luyện tập chỉ dùng với hệ thống mô phỏng, không dùng để khai báo thật",
                "A practice certificate works only with the simulator, never for real declarations",
            ),
            Self::Signature(message) => message.clone(),
            Self::Timeout { seconds } => Bilingual::new(
                format!(
                    "Token không trả lời trong {seconds} giây nên đã dừng. Rút token ra cắm lại rồi thử lại"
                ),
                format!(
                    "The token did not answer within {seconds} s and the job was stopped. Re-plug the token and try again"
                ),
            ),
            Self::Cancelled => Bilingual::new(
                "Đã dừng theo yêu cầu; chưa ký và chưa gửi gì",
                "Stopped as asked; nothing was signed or sent",
            ),
            Self::Helper { detail } => Bilingual::new(
                format!("Tiến trình ký số gặp lỗi: {detail}"),
                format!("The signing process failed: {detail}"),
            ),
            Self::Device { detail } => Bilingual::new(
                format!("Token báo lỗi: {detail}"),
                format!("The token reported an error: {detail}"),
            ),
            Self::NoSoftToken => Bilingual::new(
                "Chưa cài SoftHSM2 nên chưa tạo được token luyện tập (Linux: apt install softhsm2; Windows: cài SoftHSM2-for-Windows)",
                "SoftHSM2 is not installed, so the practice token cannot be made (Linux: apt install softhsm2; Windows: install SoftHSM2 for Windows)",
            ),
        }
    }
}

/// [`TokenError::ModuleNotFound`]'s message.
fn module_not_found(path: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "Không tìm thấy thư viện PKCS#11 của token tại {path}. Cài phần mềm của nhà cung cấp chữ ký số hoặc chọn đúng tệp"
        ),
        format!(
            "The token's PKCS#11 library was not found at {path}. Install the CA's token software or choose the right file"
        ),
    )
}

/// [`TokenError::ModuleWrongBits`]'s message.
fn module_wrong_bits(path: &str, bits: u8, ours: u8) -> Bilingual {
    Bilingual::new(
        format!(
            "Thư viện {path} là bản {bits}-bit, KhaiBao là bản {ours}-bit nên không nạp được. Chọn bản {ours}-bit của nhà cung cấp chữ ký số (trên Windows 64-bit thường nằm trong C:\\Windows\\System32, không phải SysWOW64)"
        ),
        format!(
            "{path} is a {bits}-bit library and KhaiBao is {ours}-bit, so it cannot be loaded. Choose the CA's {ours}-bit library (on 64-bit Windows usually in C:\\Windows\\System32, not SysWOW64)"
        ),
    )
}

crate::domain::text::localized!(TokenError);

impl From<SignatureError> for TokenError {
    fn from(err: SignatureError) -> Self {
        Self::Signature(err.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_error_has_its_message_apart_in_each_language() {
        let path = "C:/ Program Files / CA/token.dll".to_owned();
        let all = [
            TokenError::ModuleNotFound { path: path.clone() },
            TokenError::ModuleUnusable {
                path: path.clone(),
                detail: "bad ELF".into(),
            },
            TokenError::ModuleWrongBits {
                path: path.clone(),
                bits: 32,
                ours: 64,
            },
            TokenError::NoToken,
            TokenError::TokenNotPresent {
                serial: "A1".into(),
            },
            TokenError::TokenRemoved,
            TokenError::CertificateNotFound {
                fingerprint: "AB:CD".into(),
            },
            TokenError::KeyNotFound,
            TokenError::WrongPin {
                tries: TriesLeft::Unknown,
            },
            TokenError::WrongPin {
                tries: TriesLeft::Few,
            },
            TokenError::WrongPin {
                tries: TriesLeft::One,
            },
            TokenError::PinLocked,
            TokenError::PinLength { min: 4, max: 16 },
            TokenError::CertificateExpired {
                until: "01/01/2026".into(),
            },
            TokenError::CertificateNotYetValid {
                from: "01/01/2027".into(),
            },
            TokenError::CertificateCannotSign,
            TokenError::PracticeOnLive,
            TokenError::from(SignatureError::Tampered),
            TokenError::Timeout { seconds: 60 },
            TokenError::Cancelled,
            TokenError::Helper {
                detail: "exit 2".into(),
            },
            TokenError::Device {
                detail: "CKR_DEVICE_ERROR".into(),
            },
            TokenError::NoSoftToken,
        ];
        for err in &all {
            crate::domain::text::assert_apart(err);
        }
        assert_eq!(
            all[0].message().en,
            "The token's PKCS#11 library was not found at C:/ Program Files / CA/token.dll. \
             Install the CA's token software or choose the right file"
        );
    }

    #[test]
    fn a_library_detail_is_the_same_in_both_languages() {
        let err = TokenError::signature("no EC point");
        assert_eq!(err.message(), Bilingual::verbatim("no EC point"));
        assert_eq!(err.to_string(), "no EC point");
    }

    #[test]
    fn a_signature_error_crosses_from_the_helper_process_with_both_languages() {
        // The helper sends its error as JSON; the variant that carries a message must survive.
        for err in [
            TokenError::from(SignatureError::Malformed("tag / length".into())),
            TokenError::signature("no EC point"),
            TokenError::WrongPin {
                tries: TriesLeft::One,
            },
        ] {
            let json = serde_json::to_string(&err).unwrap();
            let back: TokenError = serde_json::from_str(&json).unwrap();
            assert_eq!(back, err, "{json}");
        }
    }
}
