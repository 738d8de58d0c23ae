//! VNACCS credentials (user ID, password, terminal ID, terminal access key) in the operating
//! system's credential store — never in SQLite, logs or files.
//!
//! Stores: Windows Credential Manager and, on Linux, the Secret Service (GNOME Keyring, `KWallet`)
//! through the keyring project's `keyring-core` stores; on Linux without a Secret Service, the
//! kernel's **user keyring** (keyutils) directly. The keyring project's keyutils store also links
//! every key into the *persistent* keyring, which locked-down machines (containers, this CI)
//! refuse; the user keyring works there and lives as long as the user has processes running,
//! after which KhaiBao asks again.
//!
//! Secrets are held in `Zeroizing` strings, wiped from memory when dropped.

use std::sync::OnceLock;

use zeroize::Zeroizing;

use crate::domain::text::Bilingual;

/// Service name under which KhaiBao's entries are kept.
pub const SERVICE: &str = "vn.khaibao.vnaccs";

/// Why the credential store failed.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum SecretsError {
    /// No credential store works on this machine.
    NoStore(String),
    /// The store refused an operation.
    Store(String),
}

impl SecretsError {
    /// What to tell the person, each language built apart (the store's own words are the same
    /// in both).
    pub fn message(&self) -> Bilingual {
        match self {
            Self::NoStore(detail) => Bilingual::new(
                format!(
                    "Không có kho khóa bí mật của hệ điều hành ({detail}); không thể lưu mật khẩu"
                ),
                format!(
                    "No operating-system credential store is available ({detail}); the password cannot be kept"
                ),
            ),
            Self::Store(detail) => Bilingual::new(
                format!("Kho khóa bí mật của hệ điều hành báo lỗi: {detail}"),
                format!("The operating-system credential store failed: {detail}"),
            ),
        }
    }
}

crate::domain::text::localized!(SecretsError);

/// A broker's VNACCS credentials.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Credentials {
    /// VNACCS user ID (5 + 3 characters).
    pub user_id: String,
    /// Password.
    pub password: Zeroizing<String>,
    /// Terminal ID.
    pub terminal_id: String,
    /// Terminal access key (16 characters).
    pub access_key: Zeroizing<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .field("terminal_id", &self.terminal_id)
            .field("access_key", &"***")
            .finish()
    }
}

/// Which store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    /// A `keyring-core` default store (Secret Service, Windows Credential Manager).
    Core(&'static str),
    /// The Linux kernel user keyring.
    #[cfg(target_os = "linux")]
    UserKeyring,
}

static BACKEND: OnceLock<Result<Backend, String>> = OnceLock::new();

fn chosen() -> Result<Backend, SecretsError> {
    BACKEND
        .get_or_init(choose_store)
        .clone()
        .map_err(SecretsError::NoStore)
}

/// The name of the credential store in use (chosen once per process).
pub fn backend() -> Result<&'static str, SecretsError> {
    Ok(match chosen()? {
        Backend::Core(name) => name,
        #[cfg(target_os = "linux")]
        Backend::UserKeyring => "Linux kernel user keyring",
    })
}

/// Whether the store in use keeps credentials across a logout or restart (`false` for the Linux
/// kernel user keyring, or when there is no store).
pub fn lasting() -> bool {
    match chosen() {
        Ok(Backend::Core(_)) => true,
        #[cfg(target_os = "linux")]
        Ok(Backend::UserKeyring) => false,
        Err(_) => false,
    }
}

/// Which store holds the credentials and whether it keeps them across a restart, for the
/// broker (Settings). The kernel user keyring forgets them when the user's last session ends
/// (logout, reboot): KhaiBao then asks again.
pub fn store_description() -> crate::domain::text::Bilingual {
    use crate::domain::text::Bilingual;
    match BACKEND.get_or_init(choose_store) {
        Ok(Backend::Core(name)) => Bilingual::new(
            format!("Lưu trong {name} của hệ điều hành; giữ lại sau khi khởi động lại máy"),
            format!("Kept in the operating system's {name}; kept across restarts"),
        ),
        #[cfg(target_os = "linux")]
        Ok(Backend::UserKeyring) => Bilingual::new(
            "Lưu trong kho khóa của nhân Linux (không có Secret Service): mất khi đăng xuất hoặc khởi động lại máy, khi đó KhaiBao sẽ hỏi lại. Cài GNOME Keyring hoặc KWallet để giữ lâu dài",
            "Kept in the Linux kernel keyring (no Secret Service): lost at logout or restart, and KhaiBao asks again then. Install GNOME Keyring or KWallet to keep them",
        ),
        Err(detail) => Bilingual::new(
            format!("Không có kho khóa bí mật của hệ điều hành ({detail}); không thể lưu mật khẩu"),
            format!(
                "No operating-system credential store is available ({detail}); the password cannot be kept"
            ),
        ),
    }
}

#[cfg(target_os = "linux")]
fn choose_store() -> Result<Backend, String> {
    // The Secret Service needs a session bus with a provider; without one, use the kernel.
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && let Ok(store) = zbus_secret_service_keyring_store::Store::new()
    {
        keyring_core::set_default_store(store);
        return Ok(Backend::Core("Secret Service"));
    }
    linux_keyutils::KeyRing::from_special_id(linux_keyutils::KeyRingIdentifier::User, true)
        .map(|_| Backend::UserKeyring)
        .map_err(|e| format!("{e:?}"))
}

#[cfg(target_os = "windows")]
fn choose_store() -> Result<Backend, String> {
    let store = windows_native_keyring_store::Store::new().map_err(|e| e.to_string())?;
    keyring_core::set_default_store(store);
    Ok(Backend::Core("Windows Credential Manager"))
}

#[cfg(not(any(target_os = "linux", target_os = "windows")))]
fn choose_store() -> Result<Backend, String> {
    Err("this platform has no supported credential store yet".to_owned())
}

/// One secret value, in whichever store was chosen.
enum Slot {
    Core(keyring_core::Entry),
    #[cfg(target_os = "linux")]
    User(String),
}

impl Slot {
    fn set(&self, value: &str) -> Result<(), SecretsError> {
        match self {
            Self::Core(entry) => entry
                .set_password(value)
                .map_err(|e| SecretsError::Store(e.to_string())),
            // The kernel refuses an empty payload (EINVAL): an empty value (no terminal ID or
            // access key, as a classroom's trainee has) is kept as one NUL byte, read back as "".
            #[cfg(target_os = "linux")]
            Self::User(description) => user_keyring()?
                .add_key(
                    description,
                    if value.is_empty() {
                        EMPTY
                    } else {
                        value.as_bytes()
                    },
                )
                .map(|_| ())
                .map_err(|e| SecretsError::Store(format!("{e:?}"))),
        }
    }

    /// The value, or `None` when absent.
    fn get(&self) -> Result<Option<Zeroizing<String>>, SecretsError> {
        match self {
            Self::Core(entry) => match entry.get_password() {
                Ok(value) => Ok(Some(Zeroizing::new(value))),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(e) => Err(SecretsError::Store(e.to_string())),
            },
            #[cfg(target_os = "linux")]
            Self::User(description) => match user_keyring()?.search(description) {
                Ok(key) => {
                    let mut bytes = Zeroizing::new(
                        key.read_to_vec()
                            .map_err(|e| SecretsError::Store(format!("{e:?}")))?,
                    );
                    if bytes.as_slice() == EMPTY {
                        bytes.clear();
                    }
                    Ok(Some(Zeroizing::new(
                        String::from_utf8_lossy(&bytes).into_owned(),
                    )))
                }
                Err(
                    linux_keyutils::KeyError::KeyDoesNotExist
                    | linux_keyutils::KeyError::KeyExpired
                    | linux_keyutils::KeyError::KeyRevoked,
                ) => Ok(None),
                Err(e) => Err(SecretsError::Store(format!("{e:?}"))),
            },
        }
    }

    fn remove(&self) -> Result<(), SecretsError> {
        match self {
            Self::Core(entry) => match entry.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
                Err(e) => Err(SecretsError::Store(e.to_string())),
            },
            #[cfg(target_os = "linux")]
            Self::User(description) => match user_keyring()?.search(description) {
                Ok(key) => key
                    .invalidate()
                    .map_err(|e| SecretsError::Store(format!("{e:?}"))),
                Err(_) => Ok(()),
            },
        }
    }
}

#[cfg(target_os = "linux")]
fn user_keyring() -> Result<linux_keyutils::KeyRing, SecretsError> {
    linux_keyutils::KeyRing::from_special_id(linux_keyutils::KeyRingIdentifier::User, true)
        .map_err(|e| SecretsError::NoStore(format!("{e:?}")))
}

/// How the kernel keyring keeps an empty value (it refuses an empty payload).
#[cfg(target_os = "linux")]
const EMPTY: &[u8] = b"\0";

const FIELDS: [&str; 4] = ["user_id", "password", "terminal_id", "access_key"];

fn entry(service: &str, profile: &str, field: &str) -> Result<Slot, SecretsError> {
    match chosen()? {
        Backend::Core(_) => keyring_core::Entry::new(service, &format!("{profile}/{field}"))
            .map(Slot::Core)
            .map_err(|e| SecretsError::Store(e.to_string())),
        #[cfg(target_os = "linux")]
        Backend::UserKeyring => Ok(Slot::User(format!("{service}:{profile}/{field}"))),
    }
}

/// Keeps credentials for a profile (a company or broker account) under `service`.
pub fn save(service: &str, profile: &str, credentials: &Credentials) -> Result<(), SecretsError> {
    let values = [
        credentials.user_id.as_str(),
        credentials.password.as_str(),
        credentials.terminal_id.as_str(),
        credentials.access_key.as_str(),
    ];
    for (field, value) in FIELDS.iter().zip(values) {
        entry(service, profile, field)?.set(value)?;
    }
    Ok(())
}

/// The credentials of a profile, or `None` when none are kept.
pub fn load(service: &str, profile: &str) -> Result<Option<Credentials>, SecretsError> {
    let mut values: Vec<Zeroizing<String>> = Vec::with_capacity(4);
    for field in FIELDS {
        match entry(service, profile, field)?.get()? {
            Some(value) => values.push(value),
            None => return Ok(None),
        }
    }
    let mut values = values.into_iter();
    let mut next = || values.next().unwrap_or_default();
    Ok(Some(Credentials {
        user_id: next().to_string(),
        password: next(),
        terminal_id: next().to_string(),
        access_key: next(),
    }))
}

/// Forgets the credentials of a profile (missing entries are not an error).
pub fn delete(service: &str, profile: &str) -> Result<(), SecretsError> {
    for field in FIELDS {
        entry(service, profile, field)?.remove()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_secrets_error_has_its_message_apart_in_each_language() {
        for err in [
            SecretsError::NoStore("no Secret Service / no keyutils".into()),
            SecretsError::Store("denied".into()),
        ] {
            crate::domain::text::assert_apart(&err);
        }
    }

    fn credentials() -> Credentials {
        Credentials {
            user_id: "KBTRN001".into(),
            password: Zeroizing::new("Mật-khẩu-thử-7Q!".into()),
            terminal_id: "KB0001".into(),
            access_key: Zeroizing::new("ABCD1234EFGH5678".into()),
        }
    }

    #[test]
    fn credentials_round_trip_through_the_real_os_store() {
        let service = format!("{SERVICE}.test.{}", std::process::id());
        let backend = backend().expect("a credential store on this machine");
        eprintln!("credential store: {backend}");
        save(&service, "default", &credentials()).unwrap();
        assert_eq!(load(&service, "default").unwrap(), Some(credentials()));
        assert_eq!(load(&service, "other").unwrap(), None);
        delete(&service, "default").unwrap();
        assert_eq!(load(&service, "default").unwrap(), None);
        delete(&service, "default").unwrap();
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let text = format!("{:?}", credentials());
        assert!(!text.contains("Mật-khẩu"), "{text}");
        assert!(!text.contains("ABCD1234"), "{text}");
        assert!(text.contains("KBTRN001"));
    }

    #[test]
    fn the_password_reaches_no_file_of_the_data_folder() {
        let service = format!("{SERVICE}.test.files.{}", std::process::id());
        let dir = tempfile::tempdir().unwrap();
        save(&service, "default", &credentials()).unwrap();
        let mut store =
            crate::store::Store::open(&dir.path().join(crate::store::STORE_FILE)).unwrap();
        let mut d = crate::domain::Declaration::new(crate::domain::Direction::Import);
        d.notes = Some("ghi chú".into());
        store
            .save_draft(None, &d, &[], "2026-11-23T02:00:00Z".parse().unwrap())
            .unwrap();
        drop(store);
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let haystack = String::from_utf8_lossy(&bytes);
            assert!(!haystack.contains("Mật-khẩu-thử-7Q!"));
            assert!(!haystack.contains("ABCD1234EFGH5678"));
        }
        delete(&service, "default").unwrap();
    }

    #[test]
    fn settings_say_where_credentials_are_kept_and_whether_a_restart_keeps_them() {
        let said = store_description();
        // This machine has no session bus: the kernel keyring, which a restart forgets.
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            assert!(
                said.vi.contains("mất khi đăng xuất hoặc khởi động lại"),
                "{}",
                said.vi
            );
            assert!(said.en.contains("lost at logout or restart"), "{}", said.en);
        } else {
            assert!(!said.vi.is_empty() && !said.en.is_empty());
        }
    }
}
