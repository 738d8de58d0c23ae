//! The shell's view of the machine: where the user's data lives, loading the code tables
//! (bundled, or a newer set from the data folder), and reading a declaration file.
//!
//! Data folder, first match wins: `--data DIR`, the `KHAIBAO_DATA` environment variable, the
//! platform's data folder (`directories`: `~/.local/share/khaibao` on Linux,
//! `%APPDATA%\KhaiBao\khaibao\data` on Windows).

use std::path::{Path, PathBuf};

use crate::codes::{CodeListError, CodeLists, TableId};
use crate::domain::text::Bilingual;

/// Environment variable naming the data folder.
pub const DATA_ENV: &str = "KHAIBAO_DATA";

/// Environment variable that states the folder kind instead of asking the file system (a test
/// seam: `network` or `local`), for tests that cannot mount a share.
pub const FOLDER_KIND_ENV: &str = "KHAIBAO_FOLDER_KIND";

/// Where a folder's files live, as far as SQLite's locking cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderKind {
    /// A local disk: WAL journal, shared by several processes on this computer.
    Local,
    /// A network share (SMB/CIFS, NFS, …; named): SQLite's WAL needs shared memory that network
    /// file systems do not provide and their locks are unreliable, so the store uses a rollback
    /// journal and keeps the file locked for one program at a time.
    Network(&'static str),
}

/// The network file system a Linux `statfs` type number belongs to (`linux/magic.h`), if any.
pub fn network_fs_name(fs_type: i64) -> Option<&'static str> {
    match fs_type {
        0xFF53_4D42 => Some("CIFS/SMB"),
        0xFE53_4D42 => Some("SMB2/3"),
        0x517B => Some("SMB"),
        0x6969 => Some("NFS"),
        0x5346_414F => Some("AFS"),
        0x00C3_6400 => Some("CephFS"),
        0x0102_1997 => Some("9P (WSL, virtual machine share)"),
        0x6573_5546 => Some("FUSE (sshfs, rclone…)"),
        0x0BD0_0BD0 => Some("Lustre"),
        0x4750_4653 => Some("GPFS"),
        _ => None,
    }
}

/// Whether a Windows path names a network share by its UNC form (`\\server\share\…`,
/// `\\?\UNC\server\share\…`, `//server/share/…`). Drive letters mapped to shares are not
/// recognised from the path.
pub fn is_unc_path(path: &str) -> bool {
    let upper = path.to_ascii_uppercase();
    if upper.starts_with(r"\\?\UNC\") {
        return true;
    }
    let device = upper.starts_with(r"\\?\") || upper.starts_with(r"\\.\");
    !device && (path.starts_with(r"\\") || path.starts_with("//"))
}

/// What kind of folder `dir` is (the nearest existing ancestor is asked when it does not exist
/// yet). [`FOLDER_KIND_ENV`] overrides the answer.
pub fn folder_kind(dir: &Path) -> FolderKind {
    match std::env::var(FOLDER_KIND_ENV).as_deref() {
        Ok("network") => return FolderKind::Network("KHAIBAO_FOLDER_KIND"),
        Ok("local") => return FolderKind::Local,
        _ => {}
    }
    if is_unc_path(&dir.to_string_lossy()) {
        return FolderKind::Network("Windows share (UNC)");
    }
    let existing = dir.ancestors().find(|d| d.exists());
    existing
        .and_then(filesystem_type)
        .and_then(network_fs_name)
        .map_or(FolderKind::Local, FolderKind::Network)
}

#[cfg(target_os = "linux")]
#[allow(clippy::useless_conversion)] // `f_type` is i64 on x86-64, u32 or i32 on other targets.
fn filesystem_type(dir: &Path) -> Option<i64> {
    rustix::fs::statfs(dir)
        .ok()
        .and_then(|s| i64::try_from(s.f_type).ok())
}

#[cfg(not(target_os = "linux"))]
fn filesystem_type(_dir: &Path) -> Option<i64> {
    None
}

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
/// when that folder holds a newer, intact set. Returns notices for the user in both languages
/// (why an override was not used); a broken override never stops the program.
pub fn load_code_lists(data_dir: &Path) -> Result<(CodeLists, Vec<Bilingual>), CodeListError> {
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
        Err(refused) => {
            let refused = refused.message();
            let shown = manifest_path.display();
            let notice = Bilingual::new(
                format!("{} ({shown})", refused.vi),
                format!("{} ({shown})", refused.en),
            );
            Ok((bundled, vec![notice]))
        }
    }
}

/// Writes a small settings file in `dir` atomically: a temporary file renamed over the old one,
/// so a crash leaves the old file or the new one, never half of one.
pub fn write_atomically(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_file_atomically(&dir.join(name), text.as_bytes())
}

/// Writes a file atomically (a temporary file beside it, renamed over it): a declaration file
/// or a spreadsheet the program writes is the old one or the new one, never half of either.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// Puts a new edition of one table in the data folder's code-list set (`<data>/codelists/`):
/// checked first by loading it over `current` in memory (every cell read, the checksum
/// computed), then written — the table, then the manifest, each atomically — with a set version
/// one step newer than the one in use, so that it replaces the bundled table at the next start.
/// The set's other tables stay. `info.name` is the table, `info.file` its file name. Returns the
/// new set version.
///
/// # Errors
/// The table does not load (nothing is written), or the folder cannot be written.
pub fn install_table(
    data_dir: &Path,
    current: &CodeLists,
    csv_text: &str,
    info: crate::codes::manifest::TableInfo,
) -> Result<String, Bilingual> {
    use crate::codes::manifest::sha256_hex;
    let folder = data_dir.join("codelists");
    let mut manifest = user_manifest(&folder, current);
    manifest.set_version = next_version(&current.manifest().set_version);
    manifest.effective = info.effective;
    "KhaiBao code-list set with tables taken in by the user".clone_into(&mut manifest.description);
    manifest.tables.retain(|t| t.name != info.name);
    let file = info.file.clone();
    manifest.tables.push(crate::codes::manifest::TableInfo {
        sha256: sha256_hex(csv_text.as_bytes()),
        ..info
    });
    let text = toml::to_string(&manifest).map_err(|e| Bilingual::verbatim(e.to_string()))?;
    let loaded = current.with_override(&text, |name| {
        if name == file {
            Ok(csv_text.to_owned())
        } else {
            std::fs::read_to_string(folder.join(name)).map_err(|e| e.to_string())
        }
    });
    if let Err(refused) = loaded {
        return Err(refused.message());
    }
    let written = write_atomically(&folder, &file, csv_text)
        .and_then(|()| write_atomically(&folder, "manifest.toml", &text));
    written.map_err(|e| cannot_write(&folder, &e))?;
    Ok(manifest.set_version)
}

/// The data folder's manifest, or an empty set named after the one in use.
fn user_manifest(folder: &Path, current: &CodeLists) -> crate::codes::manifest::Manifest {
    std::fs::read_to_string(folder.join("manifest.toml"))
        .ok()
        .and_then(|text| crate::codes::manifest::Manifest::parse(&text).ok())
        .unwrap_or_else(|| crate::codes::manifest::Manifest {
            tables: Vec::new(),
            ..current.manifest().clone()
        })
}

fn cannot_write(folder: &Path, e: &std::io::Error) -> Bilingual {
    Bilingual::new(
        format!("Không ghi được bảng mã vào {}: {e}", folder.display()),
        format!("Cannot write the code table to {}: {e}", folder.display()),
    )
}

/// The CSV text of a table as in use: the data folder's file when the table comes from there,
/// else the compiled-in one.
///
/// # Errors
/// The data folder's file cannot be read.
pub fn table_text(data_dir: &Path, codes: &CodeLists, table: &str) -> Result<String, Bilingual> {
    let info = codes.manifest().table(table).cloned();
    let from_folder = match TableId::from_name(table) {
        Some(id) => matches!(codes.info(id).1, crate::codes::TableOrigin::Override),
        None if table == crate::codes::EXCHANGE_RATES => {
            matches!(codes.rates_info().1, crate::codes::TableOrigin::Override)
        }
        None => matches!(
            codes.tax_rates_info().1,
            crate::codes::TableOrigin::Override
        ),
    };
    let file = info.map_or_else(|| format!("{table}.csv"), |i| i.file);
    if from_folder {
        let path = data_dir.join("codelists").join(&file);
        return std::fs::read_to_string(&path).map_err(|e| {
            Bilingual::new(
                format!("Không đọc được {}: {e}", path.display()),
                format!("Cannot read {}: {e}", path.display()),
            )
        });
    }
    CodeLists::bundled_text(&file)
        .map(str::to_owned)
        .ok_or_else(|| {
            Bilingual::new(
                format!("Không có bảng {table} trong bộ kèm theo"),
                format!("No table {table} in the bundled set"),
            )
        })
}

/// Rolls tables back to the bundled set: removes them (all of them for `None`) from the data
/// folder's set, their files with them; the manifest goes when no table is left. Returns the
/// tables rolled back (empty when none was taken in). Takes effect at the next start.
///
/// # Errors
/// The folder cannot be written.
pub fn roll_back_tables(
    data_dir: &Path,
    current: &CodeLists,
    tables: Option<&[String]>,
) -> Result<Vec<String>, Bilingual> {
    let folder = data_dir.join("codelists");
    if !folder.join("manifest.toml").exists() {
        return Ok(Vec::new());
    }
    let mut manifest = user_manifest(&folder, current);
    let (gone, kept): (Vec<_>, Vec<_>) = manifest
        .tables
        .into_iter()
        .partition(|t| tables.is_none_or(|names| names.contains(&t.name)));
    manifest.tables = kept;
    let written = if manifest.tables.is_empty() {
        std::fs::remove_file(folder.join("manifest.toml"))
    } else {
        toml::to_string(&manifest)
            .map_err(std::io::Error::other)
            .and_then(|text| write_atomically(&folder, "manifest.toml", &text))
    };
    written.map_err(|e| cannot_write(&folder, &e))?;
    for table in &gone {
        // The manifest no longer names it; a file left behind is harmless.
        let _ = std::fs::remove_file(folder.join(&table.file));
    }
    Ok(gone.into_iter().map(|t| t.name).collect())
}

/// A set version one step newer: `2026.11.1` → `2026.11.1.1` → `2026.11.1.2`.
fn next_version(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    match parts.as_slice() {
        [a, b, c, last] => {
            let next = last.parse::<u64>().unwrap_or(0) + 1;
            format!("{a}.{b}.{c}.{next}")
        }
        _ => format!("{version}.1"),
    }
}

/// A declaration file that cannot be taken in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum ReadError {
    /// The file cannot be read (missing, a folder, no permission).
    Unreadable {
        /// The file.
        path: String,
        /// What the file system said.
        detail: String,
    },
    /// The file is not in the declaration format.
    Format {
        /// The file.
        path: String,
        /// Where and why.
        error: crate::domain::file::FileError,
    },
}

impl ReadError {
    /// What to tell the person, naming the file.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Unreadable { path, detail } => Bilingual::new(
                format!("Không đọc được tệp {path}: {detail}"),
                format!("Cannot read {path}: {detail}"),
            ),
            Self::Format { path, error } => {
                let m = error.message();
                Bilingual::new(format!("{path}: {}", m.vi), format!("{path}: {}", m.en))
            }
        }
    }

    /// The message without the file's name (for reports that name it apart).
    pub fn detail(&self) -> Bilingual {
        match self {
            Self::Unreadable { .. } => self.message(),
            Self::Format { error, .. } => error.message(),
        }
    }
}

crate::domain::text::localized!(ReadError);

/// Reads a declaration file (the format of `docs/declaration-format.md`): the one reader of the
/// window's "Mở tệp tờ khai", `khaibao import`, `validate`, `assess` and `submit FILE`.
pub fn read_declaration(path: &Path) -> Result<crate::domain::Declaration, ReadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ReadError::Unreadable {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    crate::domain::file::from_json(&text).map_err(|error| ReadError::Format { path: shown, error })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::TableId;
    use crate::codes::manifest::sha256_hex;

    #[test]
    fn a_declaration_file_that_cannot_be_taken_in_says_which_and_why_in_each_language() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("không có / tệp.json");
        let err = read_declaration(&missing).unwrap_err();
        assert!(matches!(err, ReadError::Unreadable { .. }));
        let m = err.message();
        assert!(m.vi.starts_with("Không đọc được tệp") && m.vi.contains("không có / tệp.json"));
        assert!(m.en.starts_with("Cannot read") && m.en.contains("không có / tệp.json"));
        let broken = dir.path().join("broken.json");
        std::fs::write(&broken, "{\"format\": 1, ").unwrap();
        let err = read_declaration(&broken).unwrap_err();
        assert!(matches!(err, ReadError::Format { .. }));
        let shown = broken.display().to_string();
        assert!(err.message().vi.starts_with(&shown) && err.message().en.starts_with(&shown));
        // The detail leaves the name out, for reports that show it apart.
        assert!(!err.detail().en.contains(&shown));
        assert_ne!(err.detail().vi, err.detail().en);
    }

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
        assert!(notices[0].en.contains("path"), "{notices:?}");
        assert!(notices[0].vi.starts_with("Bảng mã"), "{notices:?}");
        assert!(notices[0].en.starts_with("Code lists"), "{notices:?}");
        assert!(!lists.table(TableId::PaymentMethods).contains("QR"));
    }
}

#[cfg(test)]
mod folder_tests {
    use super::*;

    #[test]
    fn network_file_systems_are_named_and_local_ones_are_not() {
        assert_eq!(network_fs_name(0xFF53_4D42), Some("CIFS/SMB"));
        assert_eq!(network_fs_name(0x6969), Some("NFS"));
        assert_eq!(network_fs_name(0xEF53), None, "ext4");
        assert_eq!(network_fs_name(0x0102_1994), None, "tmpfs");
        assert_eq!(network_fs_name(0x5346_544E), None, "NTFS (ntfs3)");
    }

    #[test]
    fn unc_paths_are_shares_and_drive_paths_are_not() {
        assert!(is_unc_path(r"\\fileserver\dai-ly\KhaiBao"));
        assert!(is_unc_path(r"\\?\UNC\fileserver\dai-ly"));
        assert!(is_unc_path("//nas/khaibao"));
        assert!(!is_unc_path(r"C:\Users\Nguyễn Thị Hương\AppData"));
        assert!(!is_unc_path(r"\\?\C:\data"));
        assert!(!is_unc_path("/home/huong/.local/share/khaibao"));
    }

    #[test]
    fn this_machines_temporary_folder_is_local() {
        if std::env::var_os(FOLDER_KIND_ENV).is_none() {
            let dir = tempfile::tempdir().unwrap();
            assert_eq!(folder_kind(&dir.path().join("not-yet")), FolderKind::Local);
        }
    }
}
