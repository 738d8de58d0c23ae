//! Where token vendors usually install their PKCS#11 library, per OS. The app offers the ones
//! that exist on this machine and lets the broker browse for any other file.
//!
//! The list is common knowledge of widely sold tokens (SafeNet/Thales eToken, Feitian ePass2003
//! — the model many Vietnamese CAs ship —, OpenSC for smart cards, SoftHSM2 for practice);
//! which exact library each Vietnamese CA (VNPT-CA, Viettel-CA, BKAV-CA, FPT-CA…) installs is
//! *unverified* here, so the browse button is always offered.

use std::path::{Path, PathBuf};

/// A known module: who makes it and where it usually is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownModule {
    /// Product name shown to the user.
    pub name: &'static str,
    /// Usual path.
    pub path: &'static str,
}

const fn known(name: &'static str, path: &'static str) -> KnownModule {
    KnownModule { name, path }
}

const WINDOWS: &[KnownModule] = &[
    known("Feitian ePass2003", r"C:\Windows\System32\eps2003csp11.dll"),
    known("SafeNet eToken", r"C:\Windows\System32\eTPKCS11.dll"),
    known(
        "OpenSC",
        r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
    ),
    known(
        "SoftHSM2 (luyện tập / practice)",
        r"C:\SoftHSM2\lib\softhsm2-x64.dll",
    ),
];
const MACOS: &[KnownModule] = &[
    known("SafeNet eToken", "/usr/local/lib/libeTPkcs11.dylib"),
    known("OpenSC", "/Library/OpenSC/lib/opensc-pkcs11.so"),
    known(
        "SoftHSM2 (luyện tập / practice)",
        "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    ),
];
const LINUX: &[KnownModule] = &[
    known("Feitian ePass2003", "/usr/lib/libcastle.so.1.0.0"),
    known("SafeNet eToken", "/usr/lib/libeTPkcs11.so"),
    known("OpenSC", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
    known(
        "SoftHSM2 (luyện tập / practice)",
        "/usr/lib/softhsm/libsofthsm2.so",
    ),
    known(
        "SoftHSM2 (luyện tập / practice)",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ),
    known(
        "SoftHSM2 (luyện tập / practice)",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    ),
];

/// The candidates for this OS.
pub fn candidates() -> &'static [KnownModule] {
    if cfg!(windows) {
        WINDOWS
    } else if cfg!(target_os = "macos") {
        MACOS
    } else {
        LINUX
    }
}

/// The candidates present on this machine.
pub fn installed() -> Vec<KnownModule> {
    candidates()
        .iter()
        .copied()
        .filter(|m| Path::new(m.path).is_file())
        .collect()
}

/// The SoftHSM2 library, if installed (`$KHAIBAO_SOFTHSM2` first).
pub fn softhsm2() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("KHAIBAO_SOFTHSM2").map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    candidates()
        .iter()
        .filter(|m| m.name.starts_with("SoftHSM2"))
        .map(|m| PathBuf::from(m.path))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_os_offers_candidates_and_installed_ones_exist() {
        assert!(!candidates().is_empty());
        for module in installed() {
            assert!(Path::new(module.path).is_file());
        }
    }
}
