//! Trust on first use for classroom servers (`https://…` simulator URLs).
//!
//! A classroom server (`khaibao sim serve --roster`) presents a self-signed certificate that no
//! authority vouches for. The client identifies it by the SHA-256 fingerprint of that
//! certificate (DER), which the instructor reads out at the start of the class:
//! - no fingerprint pinned for the server yet: the TLS handshake is stopped and the connection
//!   answers [`GatewayError::UnknownCertificate`](super::GatewayError::UnknownCertificate),
//!   which sends the trainee to `khaibao sim trust URL`: they type the fingerprint the
//!   instructor reads out and it is pinned only if it is the server's (`--fingerprint` for
//!   scripts);
//! - the pinned fingerprint: the connection goes on (the certificate's names and dates are not
//!   checked — the pin is the identity);
//! - another fingerprint: refused ([`GatewayError::CertificateChanged`](super::GatewayError::CertificateChanged)),
//!   never re-pinned silently.
//!
//! Pins are kept in `<data>/classroom-servers.json` (`{"https://host:port": "AB:CD:…"}`): not a
//! secret. The TLS signatures are checked with rustls's ring provider.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rustls::DigitallySignedStruct;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::Digest as _;

/// The pins file in the client's data folder.
pub const FILE: &str = "classroom-servers.json";

/// The SHA-256 fingerprint of a certificate's DER bytes: 32 bytes in upper-case hex pairs
/// joined by `:`.
pub fn fingerprint(der: &[u8]) -> String {
    sha2::Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// A fingerprint as typed (any case; pairs separated by `:`, spaces, `-` or nothing) in the
/// form [`fingerprint`] writes; `None` when it is not 32 hex bytes.
pub fn normalise(text: &str) -> Option<String> {
    let hex: String = text
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-' | '\t' | '\n' | '\r'))
        .collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let upper = hex.to_ascii_uppercase();
    Some(
        upper
            .as_bytes()
            .chunks(2)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// A fingerprint laid out to be read aloud: four lines of eight pairs.
pub fn grouped(fingerprint: &str) -> String {
    let pairs: Vec<&str> = fingerprint.split(':').collect();
    pairs
        .chunks(8)
        .map(|c| c.join(":"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The server part of a URL that a pin belongs to: `https://host:port`, lower case, the
/// default port written out.
pub fn origin(url: &str) -> String {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split('/').next().unwrap_or("").to_ascii_lowercase();
    let scheme = scheme.to_ascii_lowercase();
    let has_port = authority.rsplit_once(':').is_some_and(|(_, p)| {
        !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && !p.contains(']')
    });
    if has_port {
        format!("{scheme}://{authority}")
    } else {
        let port = if scheme == "http" { 80 } else { 443 };
        format!("{scheme}://{authority}:{port}")
    }
}

/// The pinned fingerprints of a data folder.
#[derive(Debug, Clone)]
pub struct Pins {
    path: PathBuf,
}

impl Pins {
    /// The pins of the data folder `data_dir`.
    pub fn of(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(FILE),
        }
    }

    fn read(&self) -> BTreeMap<String, String> {
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// The fingerprint pinned for the server of `url`.
    pub fn get(&self, url: &str) -> Option<String> {
        self.read().remove(&origin(url))
    }

    /// Pins `fingerprint` for the server of `url`. A server pinned to another fingerprint is
    /// not changed: `Err` carries the pinned one (remove it with [`Pins::forget`] first, after
    /// asking the instructor why it changed).
    ///
    /// # Errors
    /// `Err(Some(pinned))` for a different pin; `Err(None)` when the file cannot be written.
    pub fn pin(&self, url: &str, fingerprint: &str) -> Result<(), Option<String>> {
        let mut all = self.read();
        match all.get(&origin(url)) {
            Some(pinned) if pinned == fingerprint => return Ok(()),
            Some(pinned) => return Err(Some(pinned.clone())),
            None => {}
        }
        all.insert(origin(url), fingerprint.to_owned());
        self.write(&all)
    }

    /// Removes the pin of the server of `url` (when the instructor made a new certificate).
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn forget(&self, url: &str) -> Result<(), Option<String>> {
        let mut all = self.read();
        if all.remove(&origin(url)).is_some() {
            self.write(&all)?;
        }
        Ok(())
    }

    fn write(&self, all: &BTreeMap<String, String>) -> Result<(), Option<String>> {
        let bytes = serde_json::to_vec_pretty(all).map_err(|_| None)?;
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent).map_err(|_| None)?;
        }
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, &self.path))
            .map_err(|_| None)
    }
}

/// What the last handshake saw: the fingerprint the server presented.
pub type Seen = Arc<Mutex<Option<String>>>;

/// Accepts exactly the certificate whose fingerprint is pinned; records what it saw.
#[derive(Debug)]
struct PinVerifier {
    expected: Option<String>,
    seen: Seen,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for PinVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = fingerprint(end_entity.as_ref());
        let matches = self.expected.as_deref() == Some(presented.as_str());
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) = Some(presented);
        if matches {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A TLS client configuration that trusts only `expected` (none: nothing, but the handshake
/// records what the server presented in `seen`).
///
/// # Errors
/// rustls refuses the protocol versions (a defect).
pub fn client_config(
    expected: Option<String>,
    seen: Seen,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = PinVerifier {
        expected,
        seen,
        provider: provider.clone(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// The fingerprint of the certificate the server at `url` presents, read from a TLS handshake
/// that is then stopped (no request is sent): for the trainee to compare before pinning it.
///
/// # Errors
/// The server cannot be reached or presented no certificate.
pub fn probe(url: &str, timeout: std::time::Duration) -> Result<String, super::GatewayError> {
    let seen = Seen::default();
    let unreachable = |detail: String| super::GatewayError::Unreachable {
        url: url.to_owned(),
        detail,
    };
    let tls = client_config(None, seen.clone()).map_err(|e| unreachable(e.to_string()))?;
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .tls_backend_preconfigured(tls)
        .build()
        .map_err(|e| unreachable(e.to_string()))?;
    let health = format!("{}/v1/health", url.trim_end_matches('/'));
    let sent = client.get(&health).send();
    let presented = seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
    match (presented, sent) {
        (Some(fingerprint), _) => Ok(fingerprint),
        (None, Err(e)) => Err(unreachable(e.to_string())),
        (None, Ok(answer)) => Err(unreachable(format!(
            "HTTP {} without TLS",
            answer.status().as_u16()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_read_however_typed_and_pins_never_change_silently() {
        let fp = fingerprint(b"certificate");
        assert_eq!(fp.len(), 32 * 3 - 1);
        let typed = fp.replace(':', " ").to_ascii_lowercase();
        assert_eq!(normalise(&typed).as_deref(), Some(fp.as_str()));
        assert_eq!(normalise("AB:CD"), None);
        assert_eq!(grouped(&fp).lines().count(), 4);
        assert_eq!(
            origin("https://10.0.0.5:7443/v1/messages"),
            "https://10.0.0.5:7443"
        );
        assert_eq!(origin("HTTPS://Lop.local"), "https://lop.local:443");
        let dir = tempfile::tempdir().unwrap();
        let pins = Pins::of(dir.path());
        assert_eq!(pins.get("https://10.0.0.5:7443"), None);
        pins.pin("https://10.0.0.5:7443", &fp).unwrap();
        assert_eq!(
            pins.get("https://10.0.0.5:7443/").as_deref(),
            Some(fp.as_str())
        );
        let other = fingerprint(b"another");
        assert_eq!(
            pins.pin("https://10.0.0.5:7443", &other),
            Err(Some(fp.clone()))
        );
        pins.forget("https://10.0.0.5:7443").unwrap();
        pins.pin("https://10.0.0.5:7443", &other).unwrap();
    }
}
