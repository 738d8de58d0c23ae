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

/// Why a token job failed. Each has its own message; none changes the declaration being signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TokenError {
    /// No file at the module path.
    #[error(
        "Không tìm thấy thư viện PKCS#11 của token tại {path}. Cài phần mềm của nhà cung cấp chữ ký số hoặc chọn đúng tệp / The token's PKCS#11 library was not found at {path}. Install the CA's token software or choose the right file"
    )]
    ModuleNotFound {
        /// The path tried.
        path: String,
    },
    /// The file is not a usable PKCS#11 module.
    #[error(
        "Tệp {path} không phải thư viện PKCS#11 dùng được: {detail} / {path} is not a usable PKCS#11 library: {detail}"
    )]
    ModuleUnusable {
        /// The path.
        path: String,
        /// What the loader said.
        detail: String,
    },
    /// The library is built for another processor width than this program.
    #[error(
        "Thư viện {path} là bản {bits}-bit, KhaiBao là bản {ours}-bit nên không nạp được. Chọn bản {ours}-bit của nhà cung cấp chữ ký số (trên Windows 64-bit thường nằm trong C:\\Windows\\System32, không phải SysWOW64) / {path} is a {bits}-bit library and KhaiBao is {ours}-bit, so it cannot be loaded. Choose the CA's {ours}-bit library (on 64-bit Windows usually in C:\\Windows\\System32, not SysWOW64)"
    )]
    ModuleWrongBits {
        /// The path tried.
        path: String,
        /// The library's width.
        bits: u8,
        /// This program's width.
        ours: u8,
    },
    /// No token in any slot.
    #[error("Chưa cắm token chữ ký số nào / No signing token is plugged in")]
    NoToken,
    /// The chosen token is not present.
    #[error(
        "Không thấy token số sê-ri {serial}; token đã bị rút ra? Cắm token rồi thử lại / Token {serial} is not present; was it removed? Plug it in and try again"
    )]
    TokenNotPresent {
        /// The token's serial number.
        serial: String,
    },
    /// The token went away during the job.
    #[error(
        "Token đã bị rút ra trong khi ký. Tờ khai chưa được ký và không thay đổi; cắm lại token rồi ký lại / The token was removed while signing. Nothing was signed and the declaration is unchanged; plug it in and sign again"
    )]
    TokenRemoved,
    /// The chosen certificate is not on the token.
    #[error(
        "Không thấy chứng thư số {fingerprint} trên token / The certificate {fingerprint} is not on the token"
    )]
    CertificateNotFound {
        /// Thumbprint of the certificate looked for.
        fingerprint: String,
    },
    /// The token has the certificate but not its private key.
    #[error(
        "Token không có khóa bí mật cho chứng thư này / The token holds no private key for this certificate"
    )]
    KeyNotFound,
    /// Wrong PIN.
    #[error("PIN sai, {} / Wrong PIN, {}", tries.vi(), tries.en())]
    WrongPin {
        /// What the token says about the tries left.
        tries: TriesLeft,
    },
    /// The PIN is locked.
    #[error(
        "PIN của token đã bị khóa do nhập sai nhiều lần. Liên hệ nhà cung cấp chữ ký số (CA) để mở khóa / The token's PIN is locked after too many wrong tries. Ask your certificate provider (CA) to unlock it"
    )]
    PinLocked,
    /// The PIN's length is outside the token's range.
    #[error("PIN phải dài từ {min} đến {max} ký tự / The PIN must be {min} to {max} characters")]
    PinLength {
        /// Shortest.
        min: usize,
        /// Longest.
        max: usize,
    },
    /// The certificate is past its end date.
    #[error(
        "Chứng thư số đã hết hạn ngày {until}. Gia hạn với nhà cung cấp chữ ký số rồi đăng ký lại với hải quan / The certificate expired on {until}. Renew it with your CA and register it again with customs"
    )]
    CertificateExpired {
        /// End of validity, Vietnam time.
        until: String,
    },
    /// The certificate is not valid yet.
    #[error("Chứng thư số chỉ có hiệu lực từ {from} / The certificate is only valid from {from}")]
    CertificateNotYetValid {
        /// Start of validity, Vietnam time.
        from: String,
    },
    /// Key usage forbids signing.
    #[error(
        "Chứng thư số này không dùng để ký (key usage) / This certificate is not for signing (key usage)"
    )]
    CertificateCannotSign,
    /// A practice certificate on the live path.
    #[error(
        "Chứng thư luyện tập chỉ dùng với hệ thống mô phỏng, không dùng để khai báo thật / A practice certificate works only with the simulator, never for real declarations"
    )]
    PracticeOnLive,
    /// The certificate or signature could not be built or read.
    #[error("{0}")]
    Signature(String),
    /// The token did not answer in time; the job was stopped.
    #[error(
        "Token không trả lời trong {seconds} giây nên đã dừng. Rút token ra cắm lại rồi thử lại / The token did not answer within {seconds} s and the job was stopped. Re-plug the token and try again"
    )]
    Timeout {
        /// The limit.
        seconds: u64,
    },
    /// The broker stopped the job.
    #[error(
        "Đã dừng theo yêu cầu; chưa ký và chưa gửi gì / Stopped as asked; nothing was signed or sent"
    )]
    Cancelled,
    /// The signing process itself failed.
    #[error("Tiến trình ký số gặp lỗi: {detail} / The signing process failed: {detail}")]
    Helper {
        /// What happened.
        detail: String,
    },
    /// Any other error the token reported.
    #[error("Token báo lỗi: {detail} / The token reported an error: {detail}")]
    Device {
        /// The PKCS#11 error.
        detail: String,
    },
    /// The practice token needs SoftHSM2, which is not installed.
    #[error(
        "Chưa cài SoftHSM2 nên chưa tạo được token luyện tập (Linux: apt install softhsm2; Windows: cài SoftHSM2-for-Windows) / SoftHSM2 is not installed, so the practice token cannot be made (Linux: apt install softhsm2; Windows: install SoftHSM2 for Windows)"
    )]
    NoSoftToken,
}

impl From<SignatureError> for TokenError {
    fn from(err: SignatureError) -> Self {
        Self::Signature(err.to_string())
    }
}
