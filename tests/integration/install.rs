//! What an installed program answers first: `khaibao --version` (program and tables) and
//! `khaibao doctor` (one line per check, exit 1 on a failure), on fresh and broken folders and
//! with a practice token near its end (issue 14).

use crate::signing::Lab;
use crate::util::{khaibao, stdout};

fn line<'a>(text: &'a str, what: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no line about {what} in:\n{text}"))
}

#[test]
fn the_version_names_the_program_and_the_tables_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let output = khaibao(dir.path(), &["--version", "--lang", "en"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert_eq!(
        text.lines().next().unwrap(),
        format!("khaibao {} (x86_64-linux)", env!("CARGO_PKG_VERSION"))
    );
    for table in ["tariff", "customs_offices", "exchange_rates", "tax_rates"] {
        assert!(line(&text, table).contains("bundled"), "{text}");
    }
    // -V too, and a version flag never opens the window.
    let short = khaibao(dir.path(), &["-V", "--lang", "en"]);
    assert_eq!(stdout(&short), text);
}

#[test]
fn doctor_on_a_fresh_folder_passes_and_makes_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Dữ liệu mới");
    let output = khaibao(&data, &["doctor", "--lang", "en"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(line(&text, "Data folder").starts_with("PASS"));
    assert!(line(&text, "Local store").contains("intact, schema version"));
    assert!(line(&text, "Code tables").starts_with("PASS"));
    assert!(line(&text, "PKCS#11").starts_with("SKIP"));
    assert!(line(&text, "Certificate").starts_with("SKIP"));
    assert!(line(&text, "Connection").contains("Embedded simulator answers"));
    assert!(line(&text, "checks:").contains("0 failed"));
    assert!(data.join("khaibao.sqlite").exists());
    // In Vietnamese by default.
    let vi = stdout(&khaibao(&data, &["doctor"]));
    assert!(line(&vi, "Thư mục dữ liệu").starts_with("ĐẠT"), "{vi}");
}

#[test]
fn doctor_fails_on_a_damaged_store_and_an_unreachable_server() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("khaibao.sqlite"),
        vec![0x5a_u8; 8192], // not an SQLite file at all
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ui.json"),
        r#"{"server": "http://127.0.0.1:9"}"#,
    )
    .unwrap();
    let output = khaibao(dir.path(), &["doctor", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(line(&text, "Local store").starts_with("FAIL"), "{text}");
    let connection = line(&text, "Connection");
    assert!(
        connection.starts_with("FAIL") && connection.contains("127.0.0.1:9"),
        "{text}"
    );
    assert!(line(&text, "checks:").contains("2 failed"));
}

#[test]
fn doctor_checks_the_token_and_reminds_before_the_certificate_ends() {
    let mut lab = Lab::new();
    // A practice certificate ending 17 days after the tests' day (23/11/2026).
    lab.practice(&["--valid-to", "2026-12-10"]);
    let text = lab.ok(&["doctor"], "");
    assert!(line(&text, "PKCS#11").contains("is plugged in"), "{text}");
    let certificate = line(&text, "Chứng thư số");
    assert!(certificate.starts_with("LƯU Ý"), "{text}");
    assert!(
        certificate.contains("register the new one with customs"),
        "{text}"
    );
    // The certificate ended: nothing can be signed, a failure.
    lab.env
        .push(("KHAIBAO_NOW".into(), "2026-12-11T02:00:00Z".into()));
    let text = lab.fails(&["doctor"], "");
    assert!(line(&text, "Chứng thư số").starts_with("LỖI"), "{text}");
    // The chosen library is gone (a token driver uninstalled).
    let profile = lab.data().join("signing.json");
    let chosen = std::fs::read_to_string(&profile).unwrap();
    let mut chosen: serde_json::Value = serde_json::from_str(&chosen).unwrap();
    chosen["module"] = "/nowhere/libvendor-p11.so".into();
    std::fs::write(&profile, chosen.to_string()).unwrap();
    lab.env.clear();
    let text = lab.fails(&["doctor"], "");
    assert!(line(&text, "PKCS#11").starts_with("LỖI"), "{text}");
    assert!(
        line(&text, "PKCS#11").contains("/nowhere/libvendor-p11.so"),
        "{text}"
    );
}
