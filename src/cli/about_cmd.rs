//! What the program says about itself: `khaibao --version` (the program and the code tables in
//! use) and, for packaging, the man pages and shell completions generated from the clap
//! definitions (`khaibao generate man|completions --out DIR`, hidden).

use std::io::Write;
use std::path::Path;

use clap::{CommandFactory, ValueEnum};

use super::{Args, Lang, say};

/// What `khaibao generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generated {
    /// Man pages in roff (`khaibao.1`, `khaibao-validate.1`…), from the clap definitions.
    Man,
    /// Completion scripts for bash, zsh, fish, PowerShell and elvish.
    Completions,
}

/// `khaibao --version`: the program's version and target, then the code tables of `data_dir`
/// (bundled, or a newer set taken in) with their versions, as `khaibao codes list` prints them.
pub(super) fn version(out: &mut impl Write, data_dir: &Path, lang: Lang) -> u8 {
    say!(
        out,
        "khaibao {} ({}-{})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    match crate::appdata::load_code_lists(data_dir) {
        Ok((codes, notices)) => {
            for notice in &notices {
                say!(out, "{}", lang.text(notice));
            }
            super::codes_cmd::list(out, &codes, lang)
        }
        Err(err) => {
            say!(out, "{}", lang.error(&err));
            2
        }
    }
}

/// Writes the man pages or the completion scripts into `dir` (created), one line per file.
pub(super) fn generate(out: &mut impl Write, what: Generated, dir: &Path) -> u8 {
    let written = std::fs::create_dir_all(dir).and_then(|()| match what {
        Generated::Man => clap_mangen::generate_to(Args::command(), dir),
        Generated::Completions => {
            let mut command = Args::command();
            for shell in clap_complete::Shell::value_variants() {
                clap_complete::generate_to(*shell, &mut command, "khaibao", dir)?;
            }
            Ok(())
        }
    });
    if let Err(err) = written {
        // A packaging step's error: the file system's own words, the same in both languages.
        eprintln!("{}: {err}", dir.display());
        return 2;
    }
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().display().to_string())
        .collect();
    files.sort();
    for file in files {
        say!(out, "{file}");
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_and_completions_name_the_commands() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        assert_eq!(generate(&mut out, Generated::Man, dir.path()), 0);
        let page = std::fs::read_to_string(dir.path().join("khaibao.1")).unwrap();
        assert!(page.contains("doctor"), "{page}");
        assert!(dir.path().join("khaibao-validate.1").exists());
        // Hidden commands (the token helper) get no page.
        assert!(!dir.path().join("khaibao-token-helper.1").exists());
        assert_eq!(generate(&mut out, Generated::Completions, dir.path()), 0);
        let bash = std::fs::read_to_string(dir.path().join("khaibao.bash")).unwrap();
        assert!(bash.contains("validate") && bash.contains("doctor"));
        assert!(dir.path().join("_khaibao").exists());
        assert!(dir.path().join("khaibao.fish").exists());
        assert!(dir.path().join("_khaibao.ps1").exists());
    }

    #[test]
    fn the_version_names_the_program_and_every_table() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        assert_eq!(version(&mut out, dir.path(), Lang::En), 0);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(&format!("khaibao {} (", env!("CARGO_PKG_VERSION"))));
        assert!(text.contains("Code-list set"));
        assert!(
            text.contains("tariff") && text.contains("bundled"),
            "{text}"
        );
    }
}
