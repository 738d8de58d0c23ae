//! Where token vendors install their PKCS#11 library, per OS: `assets/tokens/pkcs11-modules.csv`
//! (data, not code: a new CA library is one line). The app offers the ones that exist on this
//! machine and lets the broker browse for any other file.
//!
//! The Vietnamese CAs' Windows libraries (VNPT-CA, Viettel-CA, FPT-CA, BKAV-CA, CA2/Nacencomm,
//! `NewCA`) and the tokens several CAs ship (Feitian ePass2003, Shuttle) are the file names public
//! signing code uses; a bare file name is looked for in `%SystemRoot%\System32`. Which CA ships
//! which token is not verified here, so the browse button is always offered.
//!
//! A 32-bit library cannot be loaded by 64-bit KhaiBao: [`library_bits`] reads the file's header
//! so the broker is told that, and where the 64-bit copy usually is, instead of a loader error.

use std::path::{Path, PathBuf};

/// A known module: who makes it and where it usually is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownModule {
    /// Product or CA name shown to the user.
    pub name: String,
    /// Usual path.
    pub path: String,
}

const TABLE: &str = include_str!("../../assets/tokens/pkcs11-modules.csv");

fn this_os() -> &'static str {
    if cfg!(windows) {
        "windows"
    } else if cfg!(target_os = "macos") {
        "macos"
    } else {
        "linux"
    }
}

/// The Windows system folder (`%SystemRoot%\System32`).
fn system32() -> PathBuf {
    let root =
        std::env::var_os("SystemRoot").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
    root.join("System32")
}

/// The table's rows for `os` (`windows`, `linux`, `macos`), bare Windows file names placed in
/// `system32`.
fn rows_for(os: &str, system32: &Path) -> Vec<KnownModule> {
    let mut reader = csv::Reader::from_reader(TABLE.as_bytes());
    reader
        .records()
        .flatten()
        .filter(|row| row.get(0) == Some(os))
        .filter_map(|row| {
            let (name, file) = (row.get(1)?, row.get(2)?);
            let bare = !file.contains(['/', '\\']);
            let path = if os == "windows" && bare {
                // Joined with `\\` whatever OS runs this (the table is also read in tests).
                format!("{}\\{file}", system32.display())
            } else {
                file.to_owned()
            };
            Some(KnownModule {
                name: name.to_owned(),
                path,
            })
        })
        .collect()
}

/// The candidates for this OS.
pub fn candidates() -> Vec<KnownModule> {
    rows_for(this_os(), &system32())
}

/// The candidates present on this machine.
pub fn installed() -> Vec<KnownModule> {
    candidates()
        .into_iter()
        .filter(|m| Path::new(&m.path).is_file())
        .collect()
}

/// Whether a library file is built for a 32-bit or a 64-bit processor, from its ELF or PE
/// header (`None`: neither, or too short to tell).
pub fn library_bits(header: &[u8]) -> Option<u8> {
    if header.starts_with(b"\x7fELF") {
        return match header.get(4) {
            Some(1) => Some(32),
            Some(2) => Some(64),
            _ => None,
        };
    }
    if header.starts_with(b"MZ") {
        let offset = header
            .get(0x3C..0x40)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_le_bytes)
            .and_then(|o| usize::try_from(o).ok())?;
        let signature = header.get(offset..offset.checked_add(4)?)?;
        if signature != b"PE\0\0" {
            return None;
        }
        let machine = header
            .get(offset + 4..offset + 6)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map(u16::from_le_bytes)?;
        return match machine {
            0x014C | 0x01C4 => Some(32),
            0x8664 | 0xAA64 => Some(64),
            _ => None,
        };
    }
    None
}

/// The SoftHSM2 library, if installed (`$KHAIBAO_SOFTHSM2` first).
pub fn softhsm2() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("KHAIBAO_SOFTHSM2").map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    candidates()
        .into_iter()
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
            assert!(Path::new(&module.path).is_file());
        }
    }

    #[test]
    fn the_vietnamese_cas_windows_libraries_are_looked_for_in_system32() {
        let windows = rows_for("windows", Path::new(r"C:\Windows\System32"));
        for (ca, file) in [
            ("VNPT-CA", "vnptca_p11_v8.dll"),
            ("Viettel-CA", "viettel-ca_v6.dll"),
            ("FPT-CA", "fptca_v4.dll"),
            ("BKAV-CA", "BkavCA.dll"),
            ("CA2 (Nacencomm)", "CA2_csp11.dll"),
        ] {
            assert!(
                windows
                    .iter()
                    .any(|m| m.name == ca && m.path == format!(r"C:\Windows\System32\{file}")),
                "{ca} {file}"
            );
        }
        let linux = rows_for("linux", Path::new("/unused"));
        assert!(
            linux
                .iter()
                .any(|m| m.path == "/usr/lib/libshuttle_p11v220.so.1.0.0")
        );
        assert!(linux.iter().all(|m| m.path.starts_with('/')));
    }

    /// A minimal PE header: `MZ`, the PE offset at 0x3C, `PE\0\0`, the machine.
    fn pe(machine: u16) -> Vec<u8> {
        let mut bytes = vec![0u8; 0x90];
        bytes[..2].copy_from_slice(b"MZ");
        bytes[0x3C..0x40].copy_from_slice(&0x80u32.to_le_bytes());
        bytes[0x80..0x84].copy_from_slice(b"PE\0\0");
        bytes[0x84..0x86].copy_from_slice(&machine.to_le_bytes());
        bytes
    }

    #[test]
    fn a_librarys_bits_are_read_from_its_header() {
        assert_eq!(library_bits(&pe(0x014C)), Some(32));
        assert_eq!(library_bits(&pe(0x8664)), Some(64));
        assert_eq!(library_bits(b"\x7fELF\x01\x01\x01"), Some(32));
        assert_eq!(library_bits(b"\x7fELF\x02\x01\x01"), Some(64));
        assert_eq!(library_bits(b"MZ"), None);
        assert_eq!(library_bits(b"not a library"), None);
        // The SoftHSM2 installed here is a 64-bit ELF.
        if let Some(softhsm) = softhsm2() {
            let bytes = std::fs::read(softhsm).unwrap();
            assert_eq!(library_bits(&bytes), Some(64));
        }
    }
}
