//! ARCHITECTURE invariant 1: the functional core (`domain`, `codes`, `rules`, `assess`, the
//! signature format `signature`, and the PDF renderer `print`) does no IO and reads no clock. Checked by scanning its source for forbidden paths.

use crate::util::root;

const CORE: [&str; 6] = [
    "src/domain",
    "src/codes",
    "src/rules",
    "src/assess",
    "src/signature",
    "src/print",
];
const FORBIDDEN: [&str; 12] = [
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::time::SystemTime",
    "Utc::now",
    "Local::now",
    "egui",
    "eframe",
    "rusqlite",
    "reqwest",
    "cryptoki",
];

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_does_no_io_and_reads_no_clock() {
    let mut files = Vec::new();
    for dir in CORE {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() >= 10, "core files found: {}", files.len());
    let mut violations = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Test modules may read fixtures; only the code above `#[cfg(test)]` counts.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for word in FORBIDDEN {
            if code.contains(word) {
                violations.push(format!("{}: {word}", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn nothing_imports_the_faces() {
    let mut files = Vec::new();
    for dir in [
        "src/domain",
        "src/codes",
        "src/rules",
        "src/assess",
        "src/print",
        "src/wire",
        "src/core_sim",
        "src/gateway",
        "src/appdata.rs",
    ] {
        let path = root().join(dir);
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path);
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("crate::cli"), "{}", file.display());
        assert!(!text.contains("crate::ui"), "{}", file.display());
    }
}

/// Source files outside `allowed` folders that contain any of `needles`.
fn files_mentioning_outside(allowed: &[&str], needles: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files
        .iter()
        .filter(|f| !allowed.iter().any(|a| f.starts_with(root().join(a))))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            needles.iter().any(|n| text.contains(n))
        })
        .map(|f| f.display().to_string())
        .collect()
}

#[test]
fn only_the_store_and_the_cores_storage_know_sql() {
    // ARCHITECTURE invariant 3. The crash-test helper in `cli` talks to `store`, not to SQLite.
    let offenders = files_mentioning_outside(
        &["src/store", "src/core_sim"],
        &["rusqlite", "CREATE TABLE", "SELECT "],
    );
    assert!(
        offenders.is_empty(),
        "SQL outside store/core_sim: {offenders:#?}"
    );
}

#[test]
fn only_the_gateway_knows_http() {
    let offenders = files_mentioning_outside(&["src/gateway"], &["reqwest", "axum"]);
    assert!(offenders.is_empty(), "HTTP outside gateway: {offenders:#?}");
}

#[test]
fn only_the_token_module_calls_pkcs11() {
    let offenders = files_mentioning_outside(&["src/signing/token.rs"], &["cryptoki"]);
    assert!(
        offenders.is_empty(),
        "PKCS#11 outside signing/token.rs: {offenders:#?}"
    );
}

/// The wall clock, however it is read.
const WALL_CLOCK: [&str; 4] = [
    "Utc::now",
    "Local::now",
    "SystemTime::now",
    "chrono::offset::",
];

#[test]
fn only_the_clock_reads_the_wall_clock_and_no_test_does() {
    // Invariant 5 (lib.rs): everything is given a `clock::Clock` or an instant, so every run —
    // the app under `--now`, every test — can be fixed to a stated date. Tests and benches
    // state theirs (`util::NOW`, `Clock::starting_at`, `Clock::frozen`).
    let mut offenders = files_mentioning_outside(&["src/clock.rs"], &WALL_CLOCK);
    let mut files = Vec::new();
    rust_files(&root().join("tests"), &mut files);
    rust_files(&root().join("benches"), &mut files);
    for file in files {
        if file.ends_with("architecture.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        if WALL_CLOCK.iter().any(|w| text.contains(w)) {
            offenders.push(file.display().to_string());
        }
    }
    assert!(
        offenders.is_empty(),
        "the wall clock is read outside src/clock.rs: {offenders:#?}"
    );
}

#[test]
fn the_domain_does_not_depend_on_the_code_tables() {
    // The field table names a field's code table as data (`domain::fields::TableId`); the
    // `codes` module owns the tables and depends on `domain`, never the other way round.
    let mut files = Vec::new();
    rust_files(&root().join("src/domain"), &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|file| {
            std::fs::read_to_string(file)
                .unwrap()
                .lines()
                .any(|line| !line.trim_start().starts_with("//") && line.contains("crate::codes"))
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "domain imports codes: {offenders:#?}");
}

#[test]
fn the_window_neither_reaches_the_simulator_nor_splits_a_message() {
    // Issue 11: the window talks to the core through the workflow only, and a message is
    // bilingual data (`domain::text::Bilingual`), never one "vi / en" string cut at " / ".
    let mut files = Vec::new();
    rust_files(&root().join("src/ui"), &mut files);
    let code_lines = |file: &std::path::PathBuf| -> Vec<String> {
        std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .map(str::to_owned)
            .collect()
    };
    let simulator: Vec<String> = files
        .iter()
        .filter(|f| code_lines(f).iter().any(|l| l.contains("core_sim")))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        simulator.is_empty(),
        "the window imports the simulator: {simulator:#?}"
    );
    let mut everything = Vec::new();
    rust_files(&root().join("src"), &mut everything);
    let splitting: Vec<String> = everything
        .iter()
        .filter(|f| {
            code_lines(f)
                .iter()
                .any(|l| l.contains(r#"split_once(" / ")"#) || l.contains(r#"split(" / ")"#))
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(splitting.is_empty(), "a message is split: {splitting:#?}");
}

#[test]
fn the_token_helper_does_not_know_the_practice_token() {
    // Issue 11: `signing/practice` drives the helper; the helper takes what a practice token
    // needs (label, serial) as data and never reaches back.
    let text = std::fs::read_to_string(root().join("src/signing/helper.rs")).unwrap();
    let back: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| line.contains("practice::"))
        .collect();
    assert!(
        back.is_empty(),
        "helper reaches the practice token: {back:#?}"
    );
}
