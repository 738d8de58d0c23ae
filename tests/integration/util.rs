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

/// Runs `khaibao` with `args`, using `data` as the data folder and no inherited `KHAIBAO_DATA`.
pub fn khaibao(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khaibao"))
        .args(args)
        .env("KHAIBAO_DATA", data)
        .output()
        .expect("khaibao runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
