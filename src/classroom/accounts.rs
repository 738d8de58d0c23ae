//! The classroom's accounts: `<data>/simulator/classroom-accounts.json`, owner-readable only,
//! holding for each roster member the user ID, name, role and the Argon2id hash of the
//! password ([`super::password`]) — never a password. Passwords exist only in the answer of
//! [`Accounts::sync`] / [`Accounts::reset_password`], to be shown once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::roster::Member;
use super::{ClassroomError, Role, password};

/// The file name in the simulator's folder.
pub const FILE: &str = "classroom-accounts.json";

/// One account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Full name.
    pub name: String,
    /// Trainee or instructor.
    pub role: Role,
    /// Argon2id PHC string.
    pub hash: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    version: u32,
    accounts: BTreeMap<String, Account>,
    /// The roster file the server was last started with (absolute path), where
    /// `sim roster add` writes the new member too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    roster: Option<PathBuf>,
}

/// A password given out now: shown once, then only its hash is kept.
#[derive(Debug)]
pub struct Issued {
    /// VNACCS user ID.
    pub user_id: String,
    /// Full name.
    pub name: String,
    /// Trainee or instructor.
    pub role: Role,
    /// The password (wiped when dropped).
    pub password: Zeroizing<String>,
}

/// The accounts file, read into memory.
#[derive(Debug)]
pub struct Accounts {
    path: PathBuf,
    stored: Stored,
}

impl Accounts {
    /// The accounts kept in the simulator folder `dir` (none yet when the file is missing).
    ///
    /// # Errors
    /// The file cannot be read or is not in its format.
    pub fn open(dir: &Path) -> Result<Self, ClassroomError> {
        let path = dir.join(FILE);
        let stored = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| ClassroomError::Corrupt {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Stored {
                version: 1,
                ..Stored::default()
            },
            Err(e) => return Err(ClassroomError::io(&path, &e)),
        };
        Ok(Self { path, stored })
    }

    /// Every account by user ID.
    pub fn all(&self) -> &BTreeMap<String, Account> {
        &self.stored.accounts
    }

    /// Makes the accounts those of `members`: a member without an account gets one with a new
    /// password (returned, to be shown once); names and roles follow the roster; an account
    /// whose member left the roster is removed (it can no longer sign in). Saved when changed.
    ///
    /// # Errors
    /// The random source, the hash or the file failed (nothing is saved then).
    pub fn sync(&mut self, members: &[Member]) -> Result<Vec<Issued>, ClassroomError> {
        let mut issued = Vec::new();
        let mut next = BTreeMap::new();
        for member in members {
            let account = if let Some(old) = self.stored.accounts.get(&member.user_id) {
                Account {
                    name: member.name.clone(),
                    role: member.role,
                    hash: old.hash.clone(),
                }
            } else {
                let secret = password::generate()?;
                let hash = password::hash(&secret)?;
                issued.push(Issued {
                    user_id: member.user_id.clone(),
                    name: member.name.clone(),
                    role: member.role,
                    password: secret,
                });
                Account {
                    name: member.name.clone(),
                    role: member.role,
                    hash,
                }
            };
            next.insert(member.user_id.clone(), account);
        }
        if next != self.stored.accounts {
            self.stored.accounts = next;
            self.save()?;
        }
        Ok(issued)
    }

    /// The roster file the server was last started with, if known.
    pub fn roster(&self) -> Option<&Path> {
        self.stored.roster.as_deref()
    }

    /// Remembers the roster file the server is started with (saved when it changed).
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn set_roster(&mut self, path: &Path) -> Result<(), ClassroomError> {
        if self.stored.roster.as_deref() == Some(path) {
            return Ok(());
        }
        self.stored.roster = Some(path.to_owned());
        self.save()
    }

    /// Adds one member with a new password (returned, to be shown once) and saves at once: a
    /// running server reads the file again at its next sign-in, so they can sign in without
    /// a restart.
    ///
    /// # Errors
    /// [`ClassroomError::AlreadyListed`]; the random source, hash or file failed.
    pub fn add(&mut self, member: &Member) -> Result<Issued, ClassroomError> {
        if self.stored.accounts.contains_key(&member.user_id) {
            return Err(ClassroomError::AlreadyListed(member.user_id.clone()));
        }
        let secret = password::generate()?;
        let hash = password::hash(&secret)?;
        self.stored.accounts.insert(
            member.user_id.clone(),
            Account {
                name: member.name.clone(),
                role: member.role,
                hash,
            },
        );
        self.save()?;
        Ok(Issued {
            user_id: member.user_id.clone(),
            name: member.name.clone(),
            role: member.role,
            password: secret,
        })
    }

    /// Gives `user_id` a new password (returned, to be shown once); the old one stops working
    /// at the server's next start.
    ///
    /// # Errors
    /// [`ClassroomError::NoAccount`]; the random source, hash or file failed.
    pub fn reset_password(&mut self, user_id: &str) -> Result<Issued, ClassroomError> {
        let user_id = user_id.trim().to_ascii_uppercase();
        let account = self
            .stored
            .accounts
            .get_mut(&user_id)
            .ok_or_else(|| ClassroomError::NoAccount(user_id.clone()))?;
        let secret = password::generate()?;
        account.hash = password::hash(&secret)?;
        let issued = Issued {
            user_id,
            name: account.name.clone(),
            role: account.role,
            password: secret,
        };
        self.save()?;
        Ok(issued)
    }

    fn save(&self) -> Result<(), ClassroomError> {
        let bytes =
            serde_json::to_vec_pretty(&self.stored).map_err(|e| ClassroomError::Corrupt {
                path: self.path.display().to_string(),
                detail: e.to_string(),
            })?;
        super::write_private(&self.path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, name: &str) -> Member {
        Member {
            user_id: id.into(),
            name: name.into(),
            role: Role::Trainee,
        }
    }

    #[test]
    fn passwords_are_issued_once_per_new_member_and_only_hashes_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut accounts = Accounts::open(dir.path()).unwrap();
        let first = accounts
            .sync(&[
                member("KBLOP001", "Nguyễn An"),
                member("KBLOP002", "Trần Bình"),
            ])
            .unwrap();
        assert_eq!(first.len(), 2);
        // Again with the same roster: nothing new; a third member: one password.
        let mut again = Accounts::open(dir.path()).unwrap();
        assert!(
            again
                .sync(&[
                    member("KBLOP001", "Nguyễn An"),
                    member("KBLOP002", "Trần Bình")
                ])
                .unwrap()
                .is_empty()
        );
        let added = again
            .sync(&[
                member("KBLOP001", "Nguyễn An"),
                member("KBLOP002", "Trần Bình"),
                member("KBLOP003", "Lê Chi"),
            ])
            .unwrap();
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].user_id, "KBLOP003");
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        for issued in first.iter().chain(&added) {
            assert!(!text.contains(issued.password.as_str()));
        }
        assert!(password::verify(
            &first[0].password,
            &again.all()["KBLOP001"].hash
        ));
        // A reset: the new one verifies, the old one no longer.
        let reset = again.reset_password("kblop001").unwrap();
        let reread = Accounts::open(dir.path()).unwrap();
        assert!(password::verify(
            &reset.password,
            &reread.all()["KBLOP001"].hash
        ));
        assert!(!password::verify(
            &first[0].password,
            &reread.all()["KBLOP001"].hash
        ));
        assert!(matches!(
            again.reset_password("KBLOP009"),
            Err(ClassroomError::NoAccount(_))
        ));
        // One added: its password verifies; twice is refused; the roster path is kept.
        let late = again.add(&member("KBLOP009", "Võ Đạt")).unwrap();
        assert!(matches!(
            again.add(&member("KBLOP009", "Võ Đạt")),
            Err(ClassroomError::AlreadyListed(_))
        ));
        again.set_roster(Path::new("/lop/lop.csv")).unwrap();
        let reread = Accounts::open(dir.path()).unwrap();
        assert!(password::verify(
            &late.password,
            &reread.all()["KBLOP009"].hash
        ));
        assert_eq!(reread.roster(), Some(Path::new("/lop/lop.csv")));
    }
}
