//! `khaibao doctor`: what a broker's installation needs, checked in one pass and printed one line
//! per check — the data folder, the local store's integrity, the code tables, the operating
//! system's credential store, the PKCS#11 library and token, the certificate's expiry and the
//! connection (embedded simulator or server). Exit code 1 when a check fails; warnings and
//! skipped checks (no token chosen yet) do not fail.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::{Lang, say};
use crate::appdata::FolderKind;
use crate::codes::CodeLists;
use crate::domain::text::Bilingual;
use crate::signing::helper::Helper;
use crate::signing::profile::SigningProfile;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pass,
    Warn,
    Fail,
    /// Nothing to check (e.g. no token chosen yet).
    Skip,
}

impl Status {
    fn tag(self, lang: Lang) -> &'static str {
        let vietnamese = lang != Lang::En;
        match (self, vietnamese) {
            (Self::Pass, true) => "ĐẠT",
            (Self::Pass, false) => "PASS",
            (Self::Warn, true) => "LƯU Ý",
            (Self::Warn, false) => "WARN",
            (Self::Fail, true) => "LỖI",
            (Self::Fail, false) => "FAIL",
            (Self::Skip, true) => "BỎ QUA",
            (Self::Skip, false) => "SKIP",
        }
    }
}

/// One check's line.
#[derive(Debug)]
struct Check {
    what: Bilingual,
    status: Status,
    detail: Bilingual,
}

impl Check {
    fn new(what: (&str, &str), status: Status, detail: Bilingual) -> Self {
        Self {
            what: Bilingual::new(what.0, what.1),
            status,
            detail,
        }
    }
}

const FOLDER: (&str, &str) = ("Thư mục dữ liệu", "Data folder");
const STORE: (&str, &str) = ("Cơ sở dữ liệu", "Local store");
const TABLES: (&str, &str) = ("Bảng mã", "Code tables");
const CREDENTIALS: (&str, &str) = ("Kho khóa bí mật", "Credential store");
const TOKEN: (&str, &str) = ("Thư viện PKCS#11 và token", "PKCS#11 library and token");
const CERTIFICATE: (&str, &str) = ("Chứng thư số", "Certificate");
const CONNECTION: (&str, &str) = ("Kết nối", "Connection");

/// Runs every check on `data_dir` at `now` (the machine's time: certificates end in the real
/// world), prints them, and returns the exit code.
pub(super) fn run(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &crate::clock::Clock,
    lang: Lang,
) -> u8 {
    let mut checks = vec![data_folder(data_dir), store(data_dir)];
    let codes = match crate::appdata::load_code_lists(data_dir) {
        Ok((codes, notices)) => {
            checks.push(tables(&codes, &notices));
            Some(codes)
        }
        Err(err) => {
            checks.push(Check::new(TABLES, Status::Fail, err.message()));
            None
        }
    };
    checks.push(credentials());
    checks.extend(token_and_certificate(data_dir, clock.machine_now()));
    checks.push(connection(data_dir, codes, clock));
    for check in &checks {
        say!(
            out,
            "{:<6}  {}: {}",
            check.status.tag(lang),
            lang.text(&check.what),
            lang.text(&check.detail)
        );
    }
    let count = |status| checks.iter().filter(|c| c.status == status).count();
    let (failed, warned) = (count(Status::Fail), count(Status::Warn));
    say!(
        out,
        "{}",
        lang.text(&Bilingual::new(
            format!(
                "{} kiểm tra: {} lỗi, {} lưu ý",
                checks.len(),
                failed,
                warned
            ),
            format!(
                "{} checks: {failed} failed, {warned} {}",
                checks.len(),
                if warned == 1 { "warning" } else { "warnings" }
            ),
        ))
    );
    u8::from(failed > 0)
}

/// The folder exists (or is made) and a file can be written in it; a network share is said.
fn data_folder(dir: &Path) -> Check {
    let shown = dir.display().to_string();
    let probe = ".khaibao-doctor-probe";
    let new = !dir.exists();
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| crate::appdata::write_atomically(dir, probe, "probe"))
        .and_then(|()| std::fs::remove_file(dir.join(probe)));
    if let Err(err) = written {
        return Check::new(
            FOLDER,
            Status::Fail,
            Bilingual::new(
                format!("không ghi được vào {shown}: {err}"),
                format!("cannot write in {shown}: {err}"),
            ),
        );
    }
    match crate::appdata::folder_kind(dir) {
        FolderKind::Local => Check::new(
            FOLDER,
            Status::Pass,
            Bilingual::new(
                format!(
                    "{shown} (ổ đĩa trong máy, ghi được{})",
                    if new { "; vừa được tạo" } else { "" }
                ),
                format!(
                    "{shown} (local disk, writable{})",
                    if new { "; made now" } else { "" }
                ),
            ),
        ),
        FolderKind::Network(fs) => Check::new(
            FOLDER,
            Status::Warn,
            Bilingual::new(
                format!(
                    "{shown} nằm trên ổ mạng ({fs}): chỉ một chương trình được mở cơ sở dữ liệu một lúc, và mạng chậm làm chương trình chậm"
                ),
                format!(
                    "{shown} is on a network share ({fs}): one program at a time may open the store, and a slow network slows the program"
                ),
            ),
        ),
    }
}

/// The store opens (migrating it if needed) and SQLite's full integrity check finds nothing.
fn store(dir: &Path) -> Check {
    let path = dir.join(crate::store::STORE_FILE);
    let opened = crate::store::Store::open(&path).and_then(|store| {
        let version = store.version()?;
        let (problems, kept) = store.integrity_check()?;
        Ok((version, problems, kept))
    });
    let shown = path.display();
    match opened {
        Ok((version, problems, kept)) if problems.is_empty() => Check::new(
            STORE,
            Status::Pass,
            Bilingual::new(
                format!("{shown}: nguyên vẹn, phiên bản {version}, {kept} tờ khai"),
                format!("{shown}: intact, schema version {version}, {kept} declarations"),
            ),
        ),
        Ok((_, problems, _)) => {
            let listed = problems
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
            Check::new(
                STORE,
                Status::Fail,
                Bilingual::new(
                    format!(
                        "{shown} bị hỏng ({listed}): khôi phục từ bản sao lưu (khaibao restore)"
                    ),
                    format!("{shown} is damaged ({listed}): restore a backup (khaibao restore)"),
                ),
            )
        }
        // A folder on a network share is locked by the program that has it open: not a fault.
        Err(err @ crate::store::StoreError::InUse { .. }) => {
            Check::new(STORE, Status::Warn, err.message())
        }
        Err(err) => Check::new(STORE, Status::Fail, err.message()),
    }
}

fn tables(codes: &CodeLists, notices: &[Bilingual]) -> Check {
    let manifest = codes.manifest();
    let (vi, en) = (
        format!("bộ {} (từ {})", manifest.set_version, manifest.effective),
        format!("set {} (from {})", manifest.set_version, manifest.effective),
    );
    if notices.is_empty() {
        return Check::new(TABLES, Status::Pass, Bilingual::new(vi, en));
    }
    let vi_notices: Vec<&str> = notices.iter().map(|n| n.vi.as_str()).collect();
    let en_notices: Vec<&str> = notices.iter().map(|n| n.en.as_str()).collect();
    Check::new(
        TABLES,
        Status::Warn,
        Bilingual::new(
            format!("{vi}; {}", vi_notices.join("; ")),
            format!("{en}; {}", en_notices.join("; ")),
        ),
    )
}

/// The operating system's credential store keeps, gives back and forgets a probe entry (never
/// the broker's own; named for this process, so two doctors at once do not meet, and removed
/// even when the round trip fails).
fn credentials() -> Check {
    let name = format!("khaibao-doctor-probe-{}", std::process::id());
    let probe = crate::secrets::Credentials {
        user_id: "DOCTOR01".to_owned(),
        password: zeroize::Zeroizing::new("probe".to_owned()),
        terminal_id: "PROBE".to_owned(),
        access_key: zeroize::Zeroizing::new("0000000000000000".to_owned()),
    };
    let service = crate::secrets::SERVICE;
    let round_trip = crate::secrets::save(service, &name, &probe)
        .and_then(|()| crate::secrets::load(service, &name));
    let removed = crate::secrets::delete(service, &name);
    match round_trip.and_then(|back| removed.map(|()| back)) {
        Ok(Some(back)) if back == probe => Check::new(
            CREDENTIALS,
            if crate::secrets::lasting() {
                Status::Pass
            } else {
                Status::Warn
            },
            crate::secrets::store_description(),
        ),
        Ok(_) => Check::new(
            CREDENTIALS,
            Status::Fail,
            Bilingual::new(
                "kho mật khẩu không trả lại đúng mục vừa lưu",
                "the credential store did not give back what was just kept",
            ),
        ),
        Err(err) => Check::new(CREDENTIALS, Status::Fail, err.message()),
    }
}

/// The chosen token's library loads and the token is plugged in; the certificate's end date.
/// Nothing chosen yet: both skipped, with the libraries found on this computer.
fn token_and_certificate(data_dir: &Path, now: DateTime<Utc>) -> [Check; 2] {
    let profile = match SigningProfile::load(data_dir) {
        Ok(Some(profile)) => profile,
        Ok(None) => {
            let found: Vec<String> = crate::signing::modules::installed()
                .into_iter()
                .map(|m| format!("{} ({})", m.name, m.path))
                .collect();
            let found = if found.is_empty() {
                Bilingual::new("không tìm thấy thư viện nào", "none found")
            } else {
                Bilingual::verbatim(found.join(", "))
            };
            return [
                Check::new(
                    TOKEN,
                    Status::Skip,
                    Bilingual::new(
                        format!(
                            "chưa chọn token chữ ký số (Cài đặt → Chữ ký số); thư viện có trên máy: {}",
                            found.vi
                        ),
                        format!(
                            "no signing token chosen yet (Settings → Digital signature); libraries on this computer: {}",
                            found.en
                        ),
                    ),
                ),
                Check::new(
                    CERTIFICATE,
                    Status::Skip,
                    Bilingual::new("chưa chọn chứng thư số", "no certificate chosen yet"),
                ),
            ];
        }
        Err(err) => {
            return [
                Check::new(TOKEN, Status::Fail, err.message()),
                Check::new(
                    CERTIFICATE,
                    Status::Skip,
                    Bilingual::new("không đọc được lựa chọn", "the choice cannot be read"),
                ),
            ];
        }
    };
    [token(data_dir, &profile), certificate(&profile, now)]
}

/// The library loads, the token is plugged in and still holds the chosen certificate (by its
/// fingerprint) with its private key.
fn token(data_dir: &Path, profile: &SigningProfile) -> Check {
    let module = profile.module.display().to_string();
    let found = Helper::this_program()
        .map(|base| profile.helper(data_dir, base))
        .and_then(|helper| Ok((helper.certificates(&profile.module)?, helper)));
    let (certificates, helper) = match found {
        Ok(found) => found,
        Err(err) => return Check::new(TOKEN, Status::Fail, err.message()),
    };
    let chosen = certificates.iter().find(|c| {
        c.info
            .fingerprint
            .eq_ignore_ascii_case(&profile.fingerprint)
    });
    let plugged = chosen.is_some()
        || helper
            .tokens(&profile.module)
            .is_ok_and(|tokens| tokens.iter().any(|t| t.serial == profile.token_serial));
    match chosen {
        Some(certificate) if certificate.has_private_key => Check::new(
            TOKEN,
            Status::Pass,
            Bilingual::new(
                format!(
                    "{module}: token \"{}\" (số sê-ri {}) đang cắm, có chứng thư số đã chọn và khóa bí mật của nó",
                    profile.token_label, profile.token_serial
                ),
                format!(
                    "{module}: token \"{}\" (serial {}) is plugged in and holds the chosen certificate and its private key",
                    profile.token_label, profile.token_serial
                ),
            ),
        ),
        _ if plugged => Check::new(
            TOKEN,
            Status::Fail,
            Bilingual::new(
                format!(
                    "token \"{}\" đang cắm nhưng không còn chứng thư số đã chọn (hoặc khóa bí mật của nó): chọn lại trong Cài đặt → Chữ ký số",
                    profile.token_label
                ),
                format!(
                    "the token \"{}\" is plugged in but no longer holds the chosen certificate (or its private key): choose again in Settings → Digital signature",
                    profile.token_label
                ),
            ),
        ),
        _ => Check::new(
            TOKEN,
            Status::Warn,
            Bilingual::new(
                format!(
                    "{module} nạp được, nhưng token \"{}\" (số sê-ri {}) chưa cắm vào máy",
                    profile.token_label, profile.token_serial
                ),
                format!(
                    "{module} loads, but the token \"{}\" (serial {}) is not plugged in",
                    profile.token_label, profile.token_serial
                ),
            ),
        ),
    }
}

/// Ended: a failure (nothing can be signed); within 30 days: the reminder to renew and register
/// the new certificate with customs ([`SigningProfile::expiry_warning`]).
fn certificate(profile: &SigningProfile, now: DateTime<Utc>) -> Check {
    let until = crate::domain::time::vietnam_display(profile.not_after);
    let subject = &profile.subject;
    let practice = if profile.practice {
        Bilingual::new(" (chứng thư luyện tập)", " (practice certificate)")
    } else {
        Bilingual::verbatim("")
    };
    if profile.not_after <= now {
        return Check::new(
            CERTIFICATE,
            Status::Fail,
            Bilingual::new(
                format!(
                    "{subject}{}: đã hết hạn lúc {until}; gia hạn với nhà cung cấp chữ ký số và đăng ký chứng thư mới với hải quan",
                    practice.vi
                ),
                format!(
                    "{subject}{}: ended at {until}; renew it with your CA and register the new one with customs",
                    practice.en
                ),
            ),
        );
    }
    if let Some(warning) = profile.expiry_warning(now) {
        return Check::new(CERTIFICATE, Status::Warn, warning);
    }
    Check::new(
        CERTIFICATE,
        Status::Pass,
        Bilingual::new(
            format!("{subject}{}: còn hiệu lực đến {until}", practice.vi),
            format!("{subject}{}: valid until {until}", practice.en),
        ),
    )
}

/// The connection the window uses answers (the embedded simulator opens; a server's health).
fn connection(data_dir: &Path, codes: Option<CodeLists>, clock: &crate::clock::Clock) -> Check {
    let Some(codes) = codes else {
        return Check::new(
            CONNECTION,
            Status::Skip,
            Bilingual::new("không có bảng mã", "no code tables"),
        );
    };
    let connection = crate::prefs::Prefs::load(data_dir).connection();
    let answered = crate::workflow::connect(data_dir, codes, &connection, clock)
        .map_err(|err| err.message())
        .and_then(|mut gateway| {
            let at = gateway.health().map_err(|err| err.message())?;
            Ok((gateway.describe(), at))
        });
    match answered {
        Ok((peer, at)) => {
            let at = crate::domain::time::vietnam_display(at);
            Check::new(
                CONNECTION,
                Status::Pass,
                Bilingual::new(
                    format!("{} trả lời; giờ của hệ thống {at}", peer.vi),
                    format!("{} answers; its time {at}", peer.en),
                ),
            )
        }
        Err(message) => Check::new(CONNECTION, Status::Fail, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(not_after: DateTime<Utc>) -> SigningProfile {
        SigningProfile {
            module: "/nowhere/libpkcs11.so".into(),
            token_serial: "1234".into(),
            token_label: "KB".into(),
            fingerprint: "00".into(),
            subject: "CN=Nguyễn Văn A".into(),
            certificate_serial: "01".into(),
            not_after,
            practice: false,
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn a_certificate_is_good_then_reminded_then_failed_as_its_end_nears() {
        let ends = profile(at("2027-01-15T16:59:59Z"));
        let far = certificate(&ends, at("2026-11-30T03:00:00Z"));
        assert_eq!(far.status, Status::Pass);
        // The end is told in Vietnam's time: 16:59:59 UTC is 23:59 on the 15th there.
        assert!(far.detail.vi.contains("15/01/2027 23:59"), "{far:?}");
        let near = certificate(&ends, at("2027-01-01T03:00:00Z"));
        assert_eq!(near.status, Status::Warn);
        assert!(near.detail.en.contains("register the new one with customs"));
        let ended = certificate(&ends, at("2027-01-15T17:00:00Z"));
        assert_eq!(ended.status, Status::Fail);
        assert!(ended.detail.vi.contains("đã hết hạn"));
    }

    #[test]
    fn a_fresh_folder_passes_and_skips_the_token_not_chosen_yet() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("mới");
        assert_eq!(data_folder(&data).status, Status::Pass);
        let stored = store(&data);
        assert_eq!(stored.status, Status::Pass, "{stored:?}");
        assert!(stored.detail.en.contains("0 declarations"));
        let [token_check, certificate_check] =
            token_and_certificate(&data, at("2026-11-30T03:00:00Z"));
        assert_eq!(token_check.status, Status::Skip);
        assert_eq!(certificate_check.status, Status::Skip);
    }

    #[test]
    fn a_damaged_store_fails_with_the_way_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(crate::store::STORE_FILE),
            b"SQLite format 3\0 but not really",
        )
        .unwrap();
        let stored = store(dir.path());
        assert_eq!(stored.status, Status::Fail);
    }

    #[test]
    fn a_file_where_the_folder_should_be_fails() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("taken");
        std::fs::write(&file, "x").unwrap();
        let check = data_folder(&file);
        assert_eq!(check.status, Status::Fail);
        assert!(check.detail.en.starts_with("cannot write in"));
    }
}
