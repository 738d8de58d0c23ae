//! Trainees' passwords: generated at random, shown once, kept only as slow hashes.
//!
//! A password is 8 characters from 32 that cannot be mistaken for one another when read aloud
//! or from paper (no `I`, `O`, `0`, `1`): 40 bits from the operating system's random source
//! (`getrandom`). Eight, because the VNACCS message header carries at most 8 password
//! characters (a trainee connecting in VNACCS format sends the same password).
//!
//! Hashes: Argon2id (RFC 9106) with OWASP's recommended minimum — 19 MiB of memory
//! ([`MEMORY_KIB`]), 2 passes ([`PASSES`]), 1 lane — and a 16-byte random salt, kept as a PHC
//! string (`$argon2id$v=19$m=19456,t=2,p=1$…`). Verifying one costs tens of milliseconds of
//! one core by design; the server verifies each password once and then compares a keyed
//! digest in memory (`gateway::classroom`).

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use zeroize::Zeroizing;

use super::ClassroomError;

/// The characters of a generated password: capital letters and digits without `I`, `O`, `0`
/// and `1`.
pub const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Length of a generated password (the VNACCS header's password field).
pub const LENGTH: usize = 8;
/// Argon2id memory cost, KiB (19 MiB).
pub const MEMORY_KIB: u32 = 19_456;
/// Argon2id passes over the memory.
pub const PASSES: u32 = 2;

fn hasher() -> Result<argon2::Argon2<'static>, ClassroomError> {
    let params = argon2::Params::new(MEMORY_KIB, PASSES, 1, None)
        .map_err(|e| ClassroomError::Hash(e.to_string()))?;
    Ok(argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        params,
    ))
}

/// A new random password of [`LENGTH`] characters of [`ALPHABET`].
///
/// # Errors
/// The operating system's random source failed.
pub fn generate() -> Result<Zeroizing<String>, ClassroomError> {
    let mut bytes = Zeroizing::new([0u8; LENGTH]);
    getrandom::fill(bytes.as_mut()).map_err(|e| ClassroomError::Hash(e.to_string()))?;
    // 32 characters: the low 5 bits of a uniform byte are uniform.
    Ok(Zeroizing::new(
        bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
            .collect(),
    ))
}

/// The Argon2id hash of `password` with a fresh random salt, as a PHC string.
///
/// # Errors
/// The random source or the hash failed.
pub fn hash(password: &str) -> Result<String, ClassroomError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ClassroomError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| ClassroomError::Hash(e.to_string()))?;
    hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ClassroomError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string `hash` (any Argon2 parameters it names).
/// A hash that cannot be read matches nothing.
pub fn verify(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    hasher().is_ok_and(|h| h.verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Why `typed` cannot be a classroom password, in both languages (`None`: it may be one).
/// Every classroom password is [`LENGTH`] characters of [`ALPHABET`]: fewer means a
/// character was missed, more cannot travel in the VNACCS header (8 characters), and a small
/// letter, `I`, `O`, `0` or `1` was misread from the paper.
pub fn explain_typed(typed: &str) -> Option<crate::domain::text::Bilingual> {
    use crate::domain::text::Bilingual;
    let count = typed.chars().count();
    if count != LENGTH {
        let (vi, en) = if count < LENGTH {
            (
                "hãy xem lại tờ giấy giảng viên phát, có thể thiếu một ký tự",
                "check the paper the instructor gave, a character may be missing",
            )
        } else {
            (
                "tiêu đề thông điệp VNACCS chỉ chứa 8 ký tự mật khẩu",
                "the VNACCS message header holds only 8 password characters",
            )
        };
        return Some(Bilingual::new(
            format!(
                "Mật khẩu đã nhập có {count} ký tự; mật khẩu lớp học luôn có đúng {LENGTH} ký tự ({vi})"
            ),
            format!(
                "The password typed has {count} characters; a classroom password always has exactly {LENGTH} ({en})"
            ),
        ));
    }
    let odd: String = typed
        .chars()
        .filter(|c| !u8::try_from(*c).is_ok_and(|b| ALPHABET.contains(&b)))
        .collect();
    (!odd.is_empty()).then(|| {
        Bilingual::new(
            format!(
                "Mật khẩu lớp học chỉ gồm chữ in hoa và chữ số, không có I, O, 0, 1; mật khẩu đã nhập có \"{odd}\" (gõ chữ in hoa; 0 và O, 1 và I dễ nhầm khi đọc)"
            ),
            format!(
                "A classroom password holds only capital letters and digits, never I, O, 0 or 1; the one typed has \"{odd}\" (type capitals; 0 and O, 1 and I are easily misread)"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_readable_and_hashes_verify_only_them() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.len(), LENGTH);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a, b);
        let hashed = hash(&a).unwrap();
        assert!(
            hashed.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hashed}"
        );
        assert!(!hashed.contains(a.as_str()));
        assert!(verify(&a, &hashed));
        assert!(!verify(&b, &hashed));
        assert!(!verify(&a, "not a hash"));
        assert_eq!(explain_typed(&a), None);
    }

    #[test]
    fn a_mistyped_password_is_explained_before_anything_is_sent() {
        let short = explain_typed("ABCDEFG").unwrap();
        assert!(short.en.contains("7 characters") && short.en.contains("missing"));
        let long = explain_typed("ABCDEFGHJ").unwrap();
        assert!(long.en.contains("9 characters") && long.en.contains("VNACCS message header"));
        assert!(long.vi.contains("9 ký tự"));
        let lower = explain_typed("abcdEFGH").unwrap();
        assert!(lower.en.contains("\"abcd\""), "{}", lower.en);
        assert!(explain_typed("ABCDEFG0").unwrap().en.contains("\"0\""));
    }
}
