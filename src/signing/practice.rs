//! The trainee's practice token: a SoftHSM2 token directory inside the app's data folder
//! (`practice-token/`), with its own `softhsm2.conf` handed to the helper process through
//! `SOFTHSM2_CONF`, and a self-signed certificate whose organisation is
//! [`crate::signature::PRACTICE_ORGANIZATION`]. The simulated core accepts it; the live path
//! refuses it ([`super::TokenError::PracticeOnLive`]).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::helper::{Helper, Job, Pin};
use super::{TokenCertificate, TokenError, modules};
use crate::signature::KeyKind;

/// Label of practice tokens.
pub const TOKEN_LABEL: &str = "KhaiBao practice";

/// The practice token folder of a data folder.
#[derive(Debug, Clone)]
pub struct PracticeToken {
    dir: PathBuf,
}

/// What a practice certificate says.
#[derive(Debug, Clone)]
pub struct PracticeRequest {
    /// Signer name.
    pub name: String,
    /// Enterprise tax code.
    pub tax_code: String,
    /// Key kind.
    pub key: KeyKind,
    /// Validity start.
    pub not_before: DateTime<Utc>,
    /// Validity end.
    pub not_after: DateTime<Utc>,
}

impl PracticeRequest {
    /// How long a practice certificate is valid unless told otherwise: 365 days after its first.
    pub const DEFAULT_DAYS: i64 = 365;

    /// A practice certificate valid on the Vietnam days `from` to `to`, both included (from
    /// 00:00 of `from` to 23:59:59 of `to`, UTC+7). The window and `khaibao token practice`
    /// both make it this way.
    pub fn for_days(
        name: String,
        tax_code: String,
        key: KeyKind,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Self {
        Self {
            name,
            tax_code,
            key,
            not_before: crate::domain::time::vietnam_day_start(from),
            not_after: crate::domain::time::vietnam_day_start(to + chrono::Duration::days(1))
                - chrono::Duration::seconds(1),
        }
    }
}

impl PracticeToken {
    /// The practice token of the data folder `data_dir`.
    pub fn in_data_dir(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("practice-token"),
        }
    }

    /// The SoftHSM2 configuration file.
    pub fn config_path(&self) -> PathBuf {
        self.dir.join("softhsm2.conf")
    }

    /// Writes the configuration and token folder if missing.
    pub fn prepare(&self) -> Result<(), TokenError> {
        let tokens = self.dir.join("tokens");
        let io = |e: std::io::Error| TokenError::Helper {
            detail: format!("{}: {e}", self.dir.display()),
        };
        std::fs::create_dir_all(&tokens).map_err(io)?;
        let config = format!(
            "# KhaiBao practice token (simulation only)\ndirectories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
            tokens.display()
        );
        std::fs::write(self.config_path(), config).map_err(io)
    }

    /// A helper whose jobs see this practice token.
    pub fn helper(&self, base: Helper) -> Helper {
        base.with_env("SOFTHSM2_CONF", &self.config_path())
    }

    /// The SoftHSM2 module.
    pub fn module() -> Result<PathBuf, TokenError> {
        modules::softhsm2().ok_or(TokenError::NoSoftToken)
    }

    /// Makes a new practice token protected by `pin`, with a key and a practice certificate.
    pub fn create(
        &self,
        base: Helper,
        pin: Pin,
        request: &PracticeRequest,
    ) -> Result<TokenCertificate, TokenError> {
        let module = Self::module()?;
        self.prepare()?;
        // The SO PIN of a practice token is never needed again: a fresh random one.
        let so_pin = Pin::new(&hex::encode_upper(random_bytes::<8>()?));
        // A positive 96-bit certificate serial from the OS random source (RFC 5280 §4.1.2.2).
        let mut serial = random_bytes::<12>()?.to_vec();
        if let Some(first) = serial.first_mut() {
            *first &= 0x7f;
            *first |= 0x01;
        }
        self.helper(base).practice(&Job::Practice {
            module,
            token: None,
            label: TOKEN_LABEL.to_owned(),
            serial,
            so_pin,
            pin,
            key: request.key,
            name: request.name.clone(),
            tax_code: request.tax_code.clone(),
            not_before: request.not_before,
            not_after: request.not_after,
        })
    }
}

/// `N` bytes from the operating system's random source (SO PINs, certificate serials).
fn random_bytes<const N: usize>() -> Result<[u8; N], TokenError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| TokenError::Helper {
        detail: format!("OS random source: {e}"),
    })?;
    Ok(bytes)
}
