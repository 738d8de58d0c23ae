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
    /// Files of the dossier left out because their stored copy no longer matched the hash
    /// recorded when attached (`path` is the file's name, `size` and `sha256` as recorded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub damaged_attachments: Vec<ManifestFile>,
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
    /// Files differ from the manifest, are missing, or are not listed.
    Mismatch {
        /// The file.
        path: String,
        /// Listed in the manifest but not in the archive.
        missing: Vec<String>,
        /// In the archive with other bytes than the manifest says.
        changed: Vec<String>,
        /// In the archive but not listed in the manifest.
        added: Vec<String>,
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
            Self::Mismatch {
                path,
                missing,
                changed,
                added,
            } => {
                let part = |files: &[String], vi: &str, en: &str| {
                    (!files.is_empty()).then(|| {
                        let list = files.join(", ");
                        (
                            format!("{vi} ({}): {list}", files.len()),
                            format!("{en} ({}): {list}", files.len()),
                        )
                    })
                };
                let (vi, en): (Vec<String>, Vec<String>) = [
                    part(missing, "thiếu", "missing"),
                    part(changed, "bị thay đổi", "changed"),
                    part(added, "không có trong danh mục", "not in the manifest"),
                ]
                .into_iter()
                .flatten()
                .unzip();
                Bilingual::new(
                    format!(
                        "Tệp lưu trữ {path} không còn nguyên vẹn — {}",
                        vi.join("; ")
                    ),
                    format!("The archive {path} is not intact — {}", en.join("; ")),
                )
            }
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
    files.push((
        format!("{folder}/events.json"),
        serde_json::to_vec_pretty(&events_of(record))?,
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

/// A declaration's history for `events.json`, oldest first: the core's events as its reference
/// answers (IID/IEX) told them, each once; every other answer as the core gave it (its job,
/// result code and message, simulated time) when the core's own history does not already hold
/// it; and the broker's store's events (`"source": "store"`: the watch-list's news, prints,
/// manual clearance…).
fn events_of(record: &ArchiveRecord) -> Vec<serde_json::Value> {
    let answers: Vec<crate::wire::Response> = record
        .messages
        .iter()
        .filter(|m| !m.sent)
        .filter_map(|m| serde_json::from_str(&m.body).ok())
        .collect();
    let mut core: Vec<crate::wire::Event> = Vec::new();
    for event in answers
        .iter()
        .filter_map(|r| r.declaration.as_deref())
        .flat_map(|d| d.events.iter())
    {
        if !core.contains(event) {
            core.push(event.clone());
        }
    }
    let mut events: Vec<(DateTime<Utc>, serde_json::Value)> = core
        .iter()
        .map(|e| {
            let value = serde_json::json!({
                "source": "core", "at": e.at, "branch": e.branch, "kind": e.kind.code(),
                "detail_vi": e.detail_vi, "detail_en": e.detail_en,
            });
            (e.at, value)
        })
        .collect();
    for answer in &answers {
        let Some(job) = answer.job else { continue };
        let told = core
            .iter()
            .any(|e| e.at == answer.processed_at && e.kind.code() == job.code());
        if told || job.code() == "IID" || job.code() == "IEX" {
            continue;
        }
        let value = serde_json::json!({
            "source": "core", "at": answer.processed_at, "kind": job.code(),
            "result": answer.result.code,
            "detail_vi": answer.result.message_vi, "detail_en": answer.result.message_en,
        });
        events.push((answer.processed_at, value));
    }
    events.extend(record.events.iter().map(|(at, code, vi, en)| {
        let value = serde_json::json!({
            "source": "store", "at": at, "kind": code, "detail_vi": vi, "detail_en": en,
        });
        (*at, value)
    }));
    events.sort_by_key(|(at, _)| *at);
    events.into_iter().map(|(_, value)| value).collect()
}

/// Each declaration's folder: its number; when two share a number (numbered by two simulators),
/// the number and the draft's id (`100000000110-nhap-7`); without a number, `nhap-<id>`.
fn folders(entries: &[Entry]) -> Vec<String> {
    let number = |e: &Entry| e.record.draft.declaration.number.map(|n| n.to_string());
    entries
        .iter()
        .map(|entry| {
            let id = entry.record.draft.id;
            match number(entry) {
                Some(n)
                    if entries
                        .iter()
                        .filter(|e| number(e).as_ref() == Some(&n))
                        .count()
                        > 1 =>
                {
                    format!("{n}-nhap-{id}")
                }
                Some(n) => n,
                None => format!("nhap-{id}"),
            }
        })
        .collect()
}

/// The ZIP entries' time: `now` in Vietnam time (ZIP keeps local time without a zone).
fn zip_time(now: DateTime<Utc>) -> zip::DateTime {
    use chrono::{Datelike as _, Timelike as _};
    let local = now.with_timezone(&crate::domain::time::vietnam_offset());
    let field = |v: u32| u8::try_from(v).unwrap_or(0);
    u16::try_from(local.year())
        .ok()
        .and_then(|year| {
            zip::DateTime::from_date_and_time(
                year,
                field(local.month()),
                field(local.day()),
                field(local.hour()),
                field(local.minute()),
                field(local.second()),
            )
            .ok()
        })
        .unwrap_or_default()
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
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip_time(now));
    let mut manifest = Manifest {
        format: FORMAT.to_owned(),
        created_at: now,
        program: concat!("KhaiBao ", env!("CARGO_PKG_VERSION")).to_owned(),
        declarations: Vec::new(),
        files: Vec::new(),
    };
    for (entry, folder) in entries.iter().zip(folders(entries)) {
        let record = &entry.record;
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
            damaged_attachments: record
                .damaged
                .iter()
                .map(|a| ManifestFile {
                    path: a.name.clone(),
                    size: a.size,
                    sha256: a.sha256.clone(),
                })
                .collect(),
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
    let (mut missing, mut changed, mut added) = (Vec::new(), Vec::new(), Vec::new());
    for listed in &manifest.files {
        let mut bytes = Vec::new();
        let Ok(mut file) = zip.by_name(&listed.path) else {
            missing.push(listed.path.clone());
            continue;
        };
        if file.read_to_end(&mut bytes).is_err()
            || bytes.len() as u64 != listed.size
            || sha256_hex(&bytes) != listed.sha256
        {
            changed.push(listed.path.clone());
        }
    }
    for index in 0..zip.len() {
        let name = zip
            .name_for_index(index)
            .and_then(Result::ok)
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_default();
        if name != "manifest.json" && !manifest.files.iter().any(|f| f.path == name) {
            added.push(name);
        }
    }
    if missing.is_empty() && changed.is_empty() && added.is_empty() {
        Ok(manifest)
    } else {
        for list in [&mut missing, &mut changed, &mut added] {
            list.sort();
        }
        Err(ArchiveError::Mismatch {
            path: path.display().to_string(),
            missing,
            changed,
            added,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DraftState, StoredDraft};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn entry(id: i64, number: Option<&str>, messages: Vec<crate::store::LoggedMessage>) -> Entry {
        let declaration = crate::domain::Declaration {
            number: number.map(|n| n.parse().unwrap()),
            ..crate::domain::Declaration::default()
        };
        Entry {
            record: ArchiveRecord {
                draft: StoredDraft {
                    id,
                    state: DraftState::Cleared,
                    declaration,
                    findings: Vec::new(),
                    updated_at: at("2026-11-23T02:00:00Z"),
                    expires_at: None,
                    expired_at: None,
                    lane: Some(1),
                },
                registered_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
                messages,
                events: vec![(
                    at("2026-11-23T03:00:00Z"),
                    "PRINTED".to_owned(),
                    "In".to_owned(),
                    "Printed".to_owned(),
                )],
                attachments: Vec::new(),
                damaged: Vec::new(),
            },
            printed: None,
        }
    }

    /// Two declarations numbered alike by two simulators get a folder each, named by number
    /// and draft; a unique number keeps its plain folder.
    #[test]
    fn two_declarations_with_one_number_get_a_folder_each() {
        let entries = [
            entry(3, Some("100000000110"), Vec::new()),
            entry(7, Some("100000000110"), Vec::new()),
            entry(9, Some("100000000220"), Vec::new()),
            entry(12, None, Vec::new()),
        ];
        assert_eq!(
            folders(&entries),
            [
                "100000000110-nhap-3",
                "100000000110-nhap-7",
                "100000000220",
                "nhap-12"
            ]
        );
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("month.zip");
        let manifest = write(&target, &entries, at("2026-11-30T18:00:00Z")).unwrap();
        assert_eq!(manifest.declarations.len(), 4);
        assert_eq!(verify(&target).unwrap(), manifest);
    }

    /// `events.json` gathers the core's events from the answers (each once, though every
    /// reference answer repeats the history) with the store's, in time order.
    #[test]
    fn the_core_events_in_answers_are_gathered_once_with_the_stores() {
        use crate::wire::{Operation, PROTOCOL, Request};
        let mut core = crate::core_sim::Core::in_memory(
            crate::codes::CodeLists::bundled().unwrap(),
            crate::assess::lanes::LaneRules::parse(crate::assess::lanes::DEFAULT_RULES).unwrap(),
        )
        .unwrap();
        let declaration: crate::domain::Declaration = crate::domain::file::from_json(include_str!(
            "../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let now = at("2026-11-23T02:00:00Z");
        let mut n = 0;
        let mut send = |operation| {
            n += 1;
            let request = Request {
                protocol: PROTOCOL.to_owned(),
                message_ref: format!("m{n}"),
                user_id: "TRAIN001".to_owned(),
                operation,
            };
            core.handle(&request, now)
        };
        let ida = send(Operation::RegisterProvisional {
            declaration: Box::new(declaration),
        });
        let number = ida.declaration.unwrap().number;
        let logged = |response: &crate::wire::Response| crate::store::LoggedMessage {
            id: 1,
            at: now,
            sent: false,
            job: "IID".into(),
            message_ref: response.message_ref.clone(),
            result_code: Some("00000".into()),
            body: serde_json::to_string(response).unwrap(),
            raw: None,
        };
        let first = send(Operation::Reference { number });
        let idc = send(Operation::RegisterOfficial { number });
        assert!(idc.result.is_success());
        // Without a reference after it, the IDC answer itself is the history.
        let record = entry(1, Some("100000000110"), vec![logged(&first), logged(&idc)]).record;
        let alone = events_of(&record);
        assert_eq!(alone.len(), 3, "{alone:?}");
        assert_eq!(
            (alone[1]["kind"].as_str(), alone[1]["result"].as_str()),
            (Some("IDC"), Some("00000"))
        );
        let second = send(Operation::Reference { number });
        let record = entry(
            1,
            Some("100000000110"),
            vec![logged(&first), logged(&idc), logged(&second)],
        )
        .record;
        let kinds: Vec<(String, String)> = events_of(&record)
            .iter()
            .map(|e| {
                (
                    e["source"].as_str().unwrap().to_owned(),
                    e["kind"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let core_events = second.declaration.unwrap().events.len();
        assert!(core_events >= 2, "IDA and IDC at least");
        assert_eq!(kinds.len(), core_events + 1, "{kinds:?}");
        assert_eq!(kinds[0], ("core".to_owned(), "IDA".to_owned()));
        assert!(
            kinds.contains(&("core".to_owned(), "IDC".to_owned())),
            "{kinds:?}"
        );
        assert_eq!(
            kinds.last().unwrap(),
            &("store".to_owned(), "PRINTED".to_owned())
        );
    }

    /// Verification tells a missing file, a changed one and an added one apart.
    #[test]
    fn verification_names_missing_changed_and_added_files_apart() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.zip");
        write(
            &good,
            &[entry(1, Some("100000000110"), Vec::new())],
            at("2026-11-23T02:00:00Z"),
        )
        .unwrap();
        let bad = dir.path().join("bad.zip");
        {
            let mut source = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
            let mut target = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
            let options = zip::write::SimpleFileOptions::default();
            for i in 0..source.len() {
                let mut file = source.by_index(i).unwrap();
                let name = file.name().unwrap().into_owned();
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).unwrap();
                if name.ends_with("events.json") {
                    continue;
                }
                if name.ends_with("declaration.json") {
                    bytes.push(b' ');
                }
                target.start_file(name, options).unwrap();
                target.write_all(&bytes).unwrap();
            }
            target.start_file("extra.txt", options).unwrap();
            target.write_all(b"x").unwrap();
            target.finish().unwrap();
        }
        let err = verify(&bad).unwrap_err();
        let ArchiveError::Mismatch {
            missing,
            changed,
            added,
            ..
        } = &err
        else {
            panic!("{err}")
        };
        assert_eq!(missing, &["100000000110/events.json"]);
        assert_eq!(changed, &["100000000110/declaration.json"]);
        assert_eq!(added, &["extra.txt"]);
        assert!(
            err.message()
                .en
                .contains("missing (1): 100000000110/events.json; changed (1)"),
            "{err}"
        );
    }
}
