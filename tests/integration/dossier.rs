//! The electronic dossier and the archive through the real program: files attached to a
//! stored declaration and sent with HYS before IDA (the receipt quoted in EA/EB), the yellow
//! lane's documents accepted by the officer because of them, an original changed on disk and a
//! stored copy damaged both detected, the archive exported, read back and found changed when
//! one byte of it is.

use std::io::{Read as _, Write as _};

use crate::util::{fixture, khaibao, stdout};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image";

fn ok(data: &std::path::Path, args: &[&str]) -> String {
    let output = khaibao(data, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
#[allow(clippy::too_many_lines)] // One broker's day, in order.
fn a_yellow_lane_declaration_with_its_dossier_sent_accepted_and_archived() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let files = tempfile::tempdir().unwrap();
    let invoice = files.path().join("hoá đơn.pdf");
    let bill = files.path().join("B-L scan.png");
    std::fs::write(&invoice, PDF).unwrap();
    std::fs::write(&bill, PNG).unwrap();
    let not_a_document = files.path().join("invoice.docx");
    std::fs::write(&not_a_document, b"PK\x03\x04 a word file").unwrap();

    ok(
        d,
        &[
            "import",
            fixture("import-sea-container.json").to_str().unwrap(),
        ],
    );
    let added = ok(
        d,
        &[
            "--lang",
            "en",
            "attach",
            "add",
            "--draft",
            "1",
            "--kind",
            "invoice",
            invoice.to_str().unwrap(),
        ],
    );
    assert!(added.contains("Commercial invoice"), "{added}");
    ok(
        d,
        &[
            "attach",
            "add",
            "--draft",
            "1",
            "--kind",
            "bill_of_lading",
            bill.to_str().unwrap(),
        ],
    );
    let refused = khaibao(
        d,
        &[
            "--lang",
            "en",
            "attach",
            "add",
            "--draft",
            "1",
            not_a_document.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stdout(&refused).contains("not a PDF, PNG, JPEG or TIFF"),
        "{}",
        stdout(&refused)
    );

    // HYS before IDA: the receipt (procedure 10, 23/11/2026, the first of the day) is quoted in
    // the draft's EA/EB; two kinds of document: class ALL.
    let sent = ok(
        d,
        &[
            "--lang",
            "en",
            "attach",
            "send",
            "--draft",
            "1",
            "--phone",
            "024 3826 1234",
        ],
    );
    assert!(
        sent.contains("Dossier receipt number: 102611230001"),
        "{sent}"
    );
    assert!(sent.contains("Class (EA): ALL"), "{sent}");
    let nothing_left = khaibao(d, &["--lang", "en", "attach", "send", "--draft", "1"]);
    assert_eq!(nothing_left.status.code(), Some(2));
    assert!(stdout(&nothing_left).contains("no unsent document"));

    // IDA, IDC: laptops are under specialised management, so the documents are checked.
    ok(d, &["submit", "--draft", "1", "--op", "IDA"]);
    let idc = ok(
        d,
        &["--lang", "en", "submit", "--draft", "1", "--op", "IDC"],
    );
    assert!(idc.contains("Lane: 2"), "{idc}");
    ok(d, &["submit", "--draft", "1", "--op", "pay"]);
    let accepted = ok(
        d,
        &[
            "--lang",
            "en",
            "submit",
            "--draft",
            "1",
            "--op",
            "accept-documents",
        ],
    );
    assert!(accepted.contains("Cleared"), "{accepted}");
    assert!(
        accepted.contains("Dossiers received (HYS): 102611230001"),
        "{accepted}"
    );

    // The original invoice edited after it was attached: said, the stored copy unchanged.
    std::fs::write(&invoice, b"%PDF-1.4\n% edited later\n%%EOF\n").unwrap();
    let listed = ok(d, &["--lang", "en", "attach", "list", "--draft", "1"]);
    assert!(
        listed.contains("HYS 102611230001 — the original file changed since it was attached"),
        "{listed}"
    );
    // A file sent with HYS cannot be removed.
    let kept = khaibao(d, &["--lang", "en", "attach", "remove", "1"]);
    assert_eq!(kept.status.code(), Some(2));
    assert!(
        stdout(&kept).contains("cannot be removed"),
        "{}",
        stdout(&kept)
    );

    // The archive of the declaration, and of its month; read back intact.
    let archive = files.path().join("100000000110.zip");
    let exported = ok(
        d,
        &[
            "--lang",
            "en",
            "archive",
            "export",
            "--draft",
            "1",
            "--out",
            archive.to_str().unwrap(),
        ],
    );
    assert!(exported.contains("keep until 23/11/2031"), "{exported}");
    let verified = ok(
        d,
        &[
            "--lang",
            "en",
            "archive",
            "verify",
            archive.to_str().unwrap(),
        ],
    );
    assert!(verified.contains("Intact: 1 declarations"), "{verified}");
    let names = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        let mut pdf = Vec::new();
        zip.by_name("100000000110/attachments/01-102611230001-invoice-hoá_đơn.pdf")
            .map(|mut f| f.read_to_end(&mut pdf))
            .ok();
        assert_eq!(
            pdf, PDF,
            "the attached bytes, not the edited original: {names:?}"
        );
        // The history holds the core's events (from its answers) beside the store's own.
        let mut events = String::new();
        zip.by_name("100000000110/events.json")
            .unwrap()
            .read_to_string(&mut events)
            .unwrap();
        let events: Vec<serde_json::Value> = serde_json::from_str(&events).unwrap();
        assert!(
            events
                .iter()
                .any(|e| e["source"] == "core" && e["kind"] == "IDC"),
            "{events:?}"
        );
        // The printed form quotes the dossier's receipt (EA/EB), and the entries carry the
        // export's time (Vietnam), not 1980.
        let mut printed = Vec::new();
        let mut entry = zip.by_name("100000000110/to-khai.pdf").unwrap();
        assert_eq!(entry.last_modified().map(|t| t.year()), Some(2026));
        entry.read_to_end(&mut printed).unwrap();
        drop(entry);
        let pdf_file = files.path().join("to-khai.pdf");
        std::fs::write(&pdf_file, &printed).unwrap();
        let text = std::process::Command::new("pdftotext")
            .args([pdf_file.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("ALL 102611230001"), "{text}");
        names
    };
    for expected in [
        "manifest.json",
        "100000000110/declaration.json",
        "100000000110/events.json",
        "100000000110/to-khai.pdf",
        "100000000110/messages/0001-HYS-sent.json",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
    let month = files.path().join("2026-11.zip");
    let by_month = ok(
        d,
        &[
            "archive",
            "export",
            "--month",
            "2026-11",
            "--out",
            month.to_str().unwrap(),
        ],
    );
    assert!(by_month.contains("100000000110"), "{by_month}");
    // The state by its name in the language asked for, not its stored code.
    let state = by_month
        .lines()
        .find(|l| l.starts_with("100000000110"))
        .and_then(|l| l.split('\t').nth(1))
        .unwrap_or_default();
    assert_eq!(state, "Đã thông quan", "{by_month}");
    let state = exported
        .lines()
        .find(|l| l.starts_with("100000000110"))
        .and_then(|l| l.split('\t').nth(1))
        .unwrap_or_default();
    assert_eq!(state, "Cleared", "{exported}");

    // One byte of the archive changed: the verification names the file.
    let tampered = files.path().join("tampered.zip");
    {
        let mut source = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
        let mut target = zip::ZipWriter::new(std::fs::File::create(&tampered).unwrap());
        for i in 0..source.len() {
            let mut entry = source.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            if name.ends_with("declaration.json") {
                bytes[10] ^= 1;
            }
            target
                .start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            target.write_all(&bytes).unwrap();
        }
        target.finish().unwrap();
    }
    let bad = khaibao(
        d,
        &[
            "--lang",
            "en",
            "archive",
            "verify",
            tampered.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stdout(&bad).contains("changed (1): 100000000110/declaration.json"),
        "{}",
        stdout(&bad)
    );

    // The stored copy damaged (outside the program): found when listed; the archive is written
    // without it, names it with its hash, and the export says so (exit 1).
    let store = rusqlite::Connection::open(d.join(khaibao::store::STORE_FILE)).unwrap();
    store
        .execute_batch("DROP TRIGGER attachments_unchanged; UPDATE attachments SET content = x'00' WHERE id = 2;")
        .unwrap();
    drop(store);
    let listed = khaibao(d, &["--lang", "en", "attach", "list", "--draft", "1"]);
    assert_eq!(listed.status.code(), Some(1), "{}", stdout(&listed));
    assert!(
        stdout(&listed).contains("\"B-L scan.png\" (sent to customs) no longer matches the hash")
            && stdout(&listed).contains("restore the data store from a backup"),
        "{}",
        stdout(&listed)
    );
    let again = files.path().join("again.zip");
    let partial = khaibao(
        d,
        &[
            "--lang",
            "en",
            "archive",
            "export",
            "--draft",
            "1",
            "--out",
            again.to_str().unwrap(),
        ],
    );
    assert_eq!(partial.status.code(), Some(1), "{}", stdout(&partial));
    assert!(
        stdout(&partial).contains("the stored copy of \"B-L scan.png\" is damaged"),
        "{}",
        stdout(&partial)
    );
    let manifest = khaibao::archive::verify(&again).expect("what was written is intact");
    assert_eq!(manifest.declarations[0].damaged_attachments.len(), 1);
    assert_eq!(
        manifest.declarations[0].damaged_attachments[0].path,
        "B-L scan.png"
    );
    assert!(
        manifest.files.iter().all(|f| !f.path.contains("B-L_scan")),
        "{:?}",
        manifest.files
    );
}
