//! Helpers: run the built `khaibao` binary with a private data folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(name)
}

/// The instant every test runs at unless it says otherwise: 09:00 in Vietnam on Monday
/// 23 November 2026, the date the example declarations in `tests/fixtures` are valid on
/// (`docs/declaration-format.md`). Passed to the program as `KHAIBAO_NOW`, so no test depends
/// on the day it runs.
pub const NOW: &str = "2026-11-23T02:00:00Z";

/// [`NOW`] as an instant.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    NOW.parse().expect("NOW is RFC 3339")
}

/// Runs `khaibao` with `args`, using `data` as the data folder and no inherited `KHAIBAO_DATA`,
/// at [`NOW`].
pub fn khaibao(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khaibao"))
        .args(args)
        .env("KHAIBAO_DATA", data)
        .env("KHAIBAO_NOW", NOW)
        .output()
        .expect("khaibao runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
