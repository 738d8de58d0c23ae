//! The shell's view of the machine: where the user's data lives, and loading the code tables
//! (bundled, or a newer set from the data folder).
//!
//! Data folder, first match wins: `--data DIR`, the `KHAIBAO_DATA` environment variable, the
//! platform's data folder (`directories`: `~/.local/share/khaibao` on Linux,
//! `%APPDATA%\KhaiBao\khaibao\data` on Windows).

use std::path::{Path, PathBuf};

use crate::codes::{CodeListError, CodeLists};

/// Environment variable naming the data folder.
pub const DATA_ENV: &str = "KHAIBAO_DATA";

/// The data folder to use.
pub fn data_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_owned();
    }
    if let Some(dir) = std::env::var_os(DATA_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("vn", "KhaiBao", "khaibao").map_or_else(
        || PathBuf::from("khaibao-data"),
        |p| p.data_dir().to_owned(),
    )
}

/// Code tables for a data folder: the bundled set, with `<data>/codelists/` layered over it
/// when that folder holds a newer, intact set. Returns notices for the user (why an override
/// was not used); a broken override never stops the program.
pub fn load_code_lists(data_dir: &Path) -> Result<(CodeLists, Vec<String>), CodeListError> {
    let bundled = CodeLists::bundled()?;
    let folder = data_dir.join("codelists");
    let manifest_path = folder.join("manifest.toml");
    let Ok(manifest) = std::fs::read_to_string(&manifest_path) else {
        return Ok((bundled, Vec::new()));
    };
    let read = |file: &str| -> Result<String, String> {
        // Only plain file names: a manifest must not reach outside its folder.
        if file.contains(['/', '\\']) || file.starts_with('.') {
            return Err("file names must not contain a path".to_owned());
        }
        std::fs::read_to_string(folder.join(file)).map_err(|e| e.to_string())
    };
    match bundled.with_override(&manifest, read) {
        Ok(layered) => Ok((layered, Vec::new())),
        Err(refused) => Ok((
            bundled,
            vec![format!("{} ({})", refused, manifest_path.display())],
        )),
    }
}

/// Writes a small settings file in `dir` atomically: a temporary file renamed over the old one,
/// so a crash leaves the old file or the new one, never half of one.
pub fn write_atomically(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!("{name}.tmp"));
    std::fs::write(&temporary, text)?;
    std::fs::rename(temporary, dir.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::TableId;
    use crate::codes::manifest::sha256_hex;

    #[test]
    fn explicit_folder_wins() {
        let dir = Path::new("/tmp/somewhere");
        assert_eq!(data_dir(Some(dir)), dir);
    }

    #[test]
    fn no_override_folder_means_bundled() {
        let tmp = tempfile::tempdir().unwrap();
        let (lists, notices) = load_code_lists(tmp.path()).unwrap();
        assert!(notices.is_empty());
        assert!(lists.table(TableId::Countries).contains("VN"));
    }

    fn write_override(dir: &Path, version: &str, csv: &str, file: &str) {
        let folder = dir.join("codelists");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("payment_methods.csv"), csv).unwrap();
        std::fs::write(
            folder.join("manifest.toml"),
            format!(
                "set_version = \"{version}\"\neffective = \"2027-01-01\"\ndescription = \"t\"\n\
                 [[table]]\nname = \"payment_methods\"\nfile = \"{file}\"\nversion = \"t\"\n\
                 effective = \"2027-01-01\"\nsource = \"t\"\ncomplete = true\nsha256 = \"{}\"\n",
                sha256_hex(csv.as_bytes())
            ),
        )
        .unwrap();
    }

    #[test]
    fn a_newer_set_on_disk_is_used() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = "code,name_vi,name_en\nQR,Mã QR,QR code\n";
        write_override(tmp.path(), "9999.1", csv, "payment_methods.csv");
        let (lists, notices) = load_code_lists(tmp.path()).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        assert!(lists.table(TableId::PaymentMethods).contains("QR"));
    }

    #[test]
    fn a_broken_or_escaping_set_is_ignored_with_a_notice() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = "code,name_vi,name_en\nQR,Mã QR,QR code\n";
        write_override(tmp.path(), "9999.1", csv, "../payment_methods.csv");
        let (lists, notices) = load_code_lists(tmp.path()).unwrap();
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("path"), "{notices:?}");
        assert!(!lists.table(TableId::PaymentMethods).contains("QR"));
    }
}
