//! Archives for an audit: one ZIP file per declaration or per month of registrations, holding
//! for each declaration its data as last saved (declaration file format), every message sent
//! and received (the JSON and, when the connection carried them, the exact VNACCS bytes), its
//! events, the files of its electronic dossier and the printed declaration (PDF); and a
//! `manifest.json` listing every file with its size and SHA-256, the registration date and the
//! end of the retention period ([`crate::domain::retention`]). [`verify`] reads one back and
//! checks every file against the manifest.
//!
//! Owns: the archive's layout (documented in `docs/archive.md`). The store gives the data
//! ([`crate::store::ArchiveRecord`]); the file is written beside its target and renamed over
//! it, so a failure leaves no half archive.

use std::io::{Read as _, Write as _};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::dossier::sha256_hex;
use crate::domain::text::Bilingual;
use crate::store::ArchiveRecord;

/// The manifest's format tag.
pub const FORMAT: &str = "khaibao-archive/1";

/// The manifest at the root of an archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// When the archive was made (UTC).
    pub created_at: DateTime<Utc>,
    /// The program that made it.
    pub program: String,
    /// The declarations, in order.
    pub declarations: Vec<ManifestDeclaration>,
    /// Every other file of the archive.
    pub files: Vec<ManifestFile>,
}

/// One declaration of an archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestDeclaration {
    /// Its folder in the archive.
    pub folder: String,
    /// Its number, when it has one.
    pub number: Option<String>,
    /// Its state in the broker's store (`registered`, `cleared`…).
    pub state: String,
    /// The Vietnam date it was registered.
    pub registered_on: Option<chrono::NaiveDate>,
    /// The last day it must be kept (5 years, Law on Customs 2014 art. 18.2(e)).
    pub keep_until: Option<chrono::NaiveDate>,
    /// How many messages and dossier files it holds.
    pub messages: usize,
    /// Files of the electronic dossier.
    pub attachments: usize,
}

/// One file of an archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Its path in the archive.
    pub path: String,
    /// Its size, bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// Why an archive cannot be written or read back.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum ArchiveError {
    /// The file system failed.
    Io {
        /// The archive file.
        path: String,
        /// What it said.
        detail: String,
    },
    /// Not a KhaiBao archive (not a ZIP, no manifest, another format).
    NotAnArchive {
        /// The file.
        path: String,
        /// Why.
        detail: String,
    },
    /// A file differs from the manifest, is missing, or is not listed.
    Mismatch {
        /// The file.
        path: String,
        /// The files at fault, in the archive.
        files: Vec<String>,
    },
    /// Nothing to archive.
    Empty,
}

impl ArchiveError {
    /// The message, in both languages.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Io { path, detail } => Bilingual::new(
                format!("Không ghi/đọc được tệp lưu trữ {path}: {detail}"),
                format!("Cannot write or read the archive {path}: {detail}"),
            ),
            Self::NotAnArchive { path, detail } => Bilingual::new(
                format!("{path} không phải tệp lưu trữ của KhaiBao: {detail}"),
                format!("{path} is not a KhaiBao archive: {detail}"),
            ),
            Self::Mismatch { path, files } => Bilingual::new(
                format!(
                    "Tệp lưu trữ {path} không còn nguyên vẹn: {} tệp khác với danh mục ({})",
                    files.len(),
                    files.join(", ")
                ),
                format!(
                    "The archive {path} is not intact: {} files differ from its manifest ({})",
                    files.len(),
                    files.join(", ")
                ),
            ),
            Self::Empty => Bilingual::new(
                "Không có tờ khai nào để lưu trữ",
                "There is no declaration to archive",
            ),
        }
    }
}

crate::domain::text::localized!(ArchiveError);

/// One declaration to archive: what the store keeps, and its printed form when it could be
/// printed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The store's record.
    pub record: ArchiveRecord,
    /// The printed declaration (PDF), if any.
    pub printed: Option<Vec<u8>>,
}

/// A file name safe on Windows and Linux: letters, digits, `.`, `-`, `_` kept, others `_`.
fn safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    cleaned.trim_matches('.').to_owned()
}

/// The files of one declaration: (path in the archive, bytes).
fn files_of(entry: &Entry, folder: &str) -> Result<Vec<(String, Vec<u8>)>, serde_json::Error> {
    let record = &entry.record;
    let mut files = vec![(
        format!("{folder}/declaration.json"),
        crate::domain::file::to_json(&record.draft.declaration)?.into_bytes(),
    )];
    for (n, m) in record.messages.iter().enumerate() {
        let way = if m.sent { "sent" } else { "received" };
        let stem = format!("{folder}/messages/{:04}-{}-{way}", n + 1, safe(&m.job));
        files.push((format!("{stem}.json"), m.body.clone().into_bytes()));
        if let Some(raw) = &m.raw {
            files.push((format!("{stem}.vnaccs"), raw.clone()));
        }
    }
    let events: Vec<serde_json::Value> = record
        .events
        .iter()
        .map(|(at, code, vi, en)| {
            serde_json::json!({"at": at, "kind": code, "detail_vi": vi, "detail_en": en})
        })
        .collect();
    files.push((
        format!("{folder}/events.json"),
        serde_json::to_vec_pretty(&events)?,
    ));
    for (n, (a, bytes)) in record.attachments.iter().enumerate() {
        let receipt = a
            .receipt
            .as_deref()
            .map_or_else(|| "unsent".to_owned(), safe);
        files.push((
            format!(
                "{folder}/attachments/{:02}-{receipt}-{}-{}",
                n + 1,
                a.kind.code(),
                safe(&a.name)
            ),
            bytes.clone(),
        ));
    }
    if let Some(pdf) = &entry.printed {
        files.push((format!("{folder}/to-khai.pdf"), pdf.clone()));
    }
    Ok(files)
}

/// Writes `entries` into the ZIP file `target` (replacing it atomically); the manifest written.
///
/// # Errors
/// [`ArchiveError::Empty`] with no entry; [`ArchiveError::Io`] when the file cannot be written.
pub fn write(
    target: &Path,
    entries: &[Entry],
    now: DateTime<Utc>,
) -> Result<Manifest, ArchiveError> {
    if entries.is_empty() {
        return Err(ArchiveError::Empty);
    }
    let io = |e: &dyn std::fmt::Display| ArchiveError::Io {
        path: target.display().to_string(),
        detail: e.to_string(),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.tmp"));
    let file = std::fs::File::create(&temporary).map_err(|e| io(&e))?;
    let result = write_zip(file, entries, now);
    let manifest = match result {
        Ok(manifest) => manifest,
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            return Err(io(&e));
        }
    };
    std::fs::rename(&temporary, target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io(&e)
    })?;
    Ok(manifest)
}

fn write_zip(
    file: std::fs::File,
    entries: &[Entry],
    now: DateTime<Utc>,
) -> Result<Manifest, Box<dyn std::error::Error>> {
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut manifest = Manifest {
        format: FORMAT.to_owned(),
        created_at: now,
        program: concat!("KhaiBao ", env!("CARGO_PKG_VERSION")).to_owned(),
        declarations: Vec::new(),
        files: Vec::new(),
    };
    for entry in entries {
        let record = &entry.record;
        let folder = record
            .draft
            .declaration
            .number
            .map_or_else(|| format!("nhap-{}", record.draft.id), |n| n.to_string());
        for (path, bytes) in files_of(entry, &folder)? {
            zip.start_file(path.as_str(), options)?;
            zip.write_all(&bytes)?;
            manifest.files.push(ManifestFile {
                path,
                size: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            });
        }
        manifest.declarations.push(ManifestDeclaration {
            folder,
            number: record.draft.declaration.number.map(|n| n.to_string()),
            state: record.draft.state.as_str().to_owned(),
            registered_on: record.registered_on,
            keep_until: record
                .registered_on
                .and_then(crate::domain::retention::keep_until),
            messages: record.messages.len(),
            attachments: record.attachments.len(),
        });
    }
    zip.start_file("manifest.json", options)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    let mut writer = zip.finish()?;
    writer.flush()?;
    writer.get_ref().sync_all()?;
    Ok(manifest)
}

/// Reads an archive back and checks every file against its manifest: none missing, none
/// changed, none added. Returns the manifest.
///
/// # Errors
/// [`ArchiveError::NotAnArchive`], [`ArchiveError::Mismatch`] naming the files at fault,
/// [`ArchiveError::Io`].
pub fn verify(path: &Path) -> Result<Manifest, ArchiveError> {
    let not_archive = |detail: String| ArchiveError::NotAnArchive {
        path: path.display().to_string(),
        detail,
    };
    let file = std::fs::File::open(path).map_err(|e| ArchiveError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| not_archive(e.to_string()))?;
    let manifest: Manifest = {
        let mut entry = zip
            .by_name("manifest.json")
            .map_err(|e| not_archive(format!("manifest.json: {e}")))?;
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|e| not_archive(format!("manifest.json: {e}")))?;
        serde_json::from_str(&text).map_err(|e| not_archive(format!("manifest.json: {e}")))?
    };
    if manifest.format != FORMAT {
        return Err(not_archive(format!("format {:?}", manifest.format)));
    }
    let mut wrong = Vec::new();
    for listed in &manifest.files {
        let mut bytes = Vec::new();
        let read = zip
            .by_name(&listed.path)
            .map_err(|e| e.to_string())
            .and_then(|mut f| f.read_to_end(&mut bytes).map_err(|e| e.to_string()));
        if read.is_err() || bytes.len() as u64 != listed.size || sha256_hex(&bytes) != listed.sha256
        {
            wrong.push(listed.path.clone());
        }
    }
    for index in 0..zip.len() {
        let name = zip
            .name_for_index(index)
            .and_then(Result::ok)
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_default();
        if name != "manifest.json" && !manifest.files.iter().any(|f| f.path == name) {
            wrong.push(name);
        }
    }
    if wrong.is_empty() {
        Ok(manifest)
    } else {
        wrong.sort();
        Err(ArchiveError::Mismatch {
            path: path.display().to_string(),
            files: wrong,
        })
    }
}
