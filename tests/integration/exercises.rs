//! `khaibao exercise`: the shipped packs listed, shown with their documents as PDF (read back
//! with `pdftotext`), a declaration scored against a key (exit 0 full marks, 1 differences, 2
//! unreadable input), attempts recorded in the store, and packs of one's own from a folder or a
//! `.zip`, broken ones named with their line.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use crate::util::{khaibao, root, stdout};

fn pack_dir(id: &str) -> std::path::PathBuf {
    root().join("assets/exercises").join(id)
}

fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils is installed by .ci/run)");
    assert!(output.status.success(), "pdftotext: {output:?}");
    String::from_utf8(output.stdout).expect("pdftotext writes UTF-8")
}

#[test]
fn the_list_names_every_shipped_exercise_in_each_language() {
    let data = tempfile::tempdir().unwrap();
    let vi = khaibao(data.path(), &["exercise", "list"]);
    assert_eq!(vi.status.code(), Some(0), "{vi:?}");
    let vi = stdout(&vi);
    let en = stdout(&khaibao(data.path(), &["--lang", "en", "exercise", "list"]));
    for id in std::fs::read_dir(root().join("assets/exercises")).unwrap() {
        let id = id.unwrap().file_name().into_string().unwrap();
        assert!(vi.contains(&id) && en.contains(&id), "{id}");
    }
    assert!(vi.contains("Tờ khai nhập khẩu đầu tiên (A11, luồng xanh)"));
    assert!(en.contains("Your first import declaration (A11, green lane)"));
    assert!(en.contains("special consumption tax"));
}

#[test]
fn show_writes_the_documents_as_pdf_with_their_key_values() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("docs");
    let shown = khaibao(
        data.path(),
        &[
            "exercise",
            "show",
            "03-fta-atiga-form-d",
            "--documents",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(shown.status.code(), Some(0), "{shown:?}");
    assert!(stdout(&shown).contains("TH2026-D-0045871"));
    let invoice = pdf_text(&out.join("invoice.pdf"));
    // 1200 × 8.50 + 2000 × 3.20 = 16,600.00
    assert!(
        invoice.contains("SKG-2026-0311") && invoice.contains("16,600.00"),
        "{invoice}"
    );
    assert!(
        invoice.contains("CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ KHAI BÁO"),
        "{invoice}"
    );
    let bill = pdf_text(&out.join("bill-of-lading.pdf"));
    assert!(
        bill.contains("HLCUBKK2611001") && bill.contains("HLXU1234561"),
        "{bill}"
    );
    let co = pdf_text(&out.join("certificate-of-origin.pdf"));
    assert!(co.contains("FORM D") && co.contains("RVC 40%"), "{co}");
    let packing = pdf_text(&out.join("packing-list.pdf"));
    assert!(packing.contains("1,240"), "{packing}");
}

#[test]
fn check_scores_a_declaration_and_records_the_attempt() {
    let data = tempfile::tempdir().unwrap();
    let key = pack_dir("01-a11-first-import").join("key.json");
    let full = khaibao(
        data.path(),
        &[
            "exercise",
            "check",
            "01-a11-first-import",
            key.to_str().unwrap(),
            "--record",
        ],
    );
    assert_eq!(full.status.code(), Some(0), "{full:?}");
    assert!(stdout(&full).contains("(100%)"), "{}", stdout(&full));
    let mut wrong: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&key).unwrap()).unwrap();
    wrong["type_code"] = "A12".into();
    wrong["goods"][0]["hs_code"] = "94017990".into();
    let wrong_file = data.path().join("wrong.khaibao");
    std::fs::write(&wrong_file, serde_json::to_string(&wrong).unwrap()).unwrap();
    let checked = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "exercise",
            "check",
            "01-a11-first-import",
            wrong_file.to_str().unwrap(),
            "--record",
        ],
    );
    assert_eq!(checked.status.code(), Some(1), "{checked:?}");
    let text = stdout(&checked);
    assert!(text.contains("type_code [ICB] Type code"), "{text}");
    assert!(text.contains("expected: A11  |  given: A12"), "{text}");
    assert!(text.contains("goods[0].hs_code [CMD]"), "{text}");
    let json = khaibao(
        data.path(),
        &[
            "exercise",
            "check",
            "01-a11-first-import",
            wrong_file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let score: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(score["points"].as_u64() < score["max"].as_u64());
    assert_eq!(score["differences"][0]["name"]["vi"], "Mã loại hình");
    let attempts = stdout(&khaibao(
        data.path(),
        &["exercise", "attempts", "01-a11-first-import"],
    ));
    let lines: Vec<&str> = attempts.lines().collect();
    assert_eq!(lines.len(), 3, "{attempts}");
    assert_eq!(lines[0], "01-a11-first-import — giờ Việt Nam (UTC+7)");
    // Both at the stated instant, 2026-11-23T02:00:00Z, in Vietnam time (the clock runs on
    // from it in each process, by seconds).
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.starts_with("23/11/2026 09:00  ")),
        "{attempts}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.contains("(100%)")).count(),
        1,
        "{attempts}"
    );
}

#[test]
fn bad_input_exits_2_with_a_message_naming_the_file_and_line() {
    let data = tempfile::tempdir().unwrap();
    let key = pack_dir("01-a11-first-import").join("key.json");
    let unknown = khaibao(
        data.path(),
        &["exercise", "check", "99-nothing", key.to_str().unwrap()],
    );
    assert_eq!(unknown.status.code(), Some(2));
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("Không có bài tập \"99-nothing\"") && said.contains("01-a11-first-import"),
        "{said}"
    );
    // A pack of one's own with a broken exercise.toml: the file and its line.
    let pack = data.path().join("my-pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::copy(&key, pack.join("key.json")).unwrap();
    let text =
        std::fs::read_to_string(pack_dir("01-a11-first-import").join("exercise.toml")).unwrap();
    std::fs::write(
        pack.join("exercise.toml"),
        text.replace("level = 1", "level = \"one\""),
    )
    .unwrap();
    let broken = khaibao(
        data.path(),
        &["--lang", "en", "exercise", "show", pack.to_str().unwrap()],
    );
    assert_eq!(broken.status.code(), Some(2));
    let said = String::from_utf8_lossy(&broken.stderr);
    assert!(said.contains("exercise.toml is wrong at line 3"), "{said}");
    let missing = data.path().join("missing.khaibao");
    let unreadable = khaibao(
        data.path(),
        &[
            "exercise",
            "check",
            "01-a11-first-import",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(unreadable.status.code(), Some(2));
}

#[test]
fn a_pack_of_ones_own_works_from_a_folder_and_a_zip() {
    let data = tempfile::tempdir().unwrap();
    let source = pack_dir("11-low-value-express");
    let zip_path = data.path().join("pack.zip");
    {
        let file = std::fs::File::create(&zip_path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        for name in ["exercise.toml", "key.json"] {
            zip.start_file(format!("11-low-value-express/{name}"), options)
                .unwrap();
            zip.write_all(&std::fs::read(source.join(name)).unwrap())
                .unwrap();
        }
        zip.finish().unwrap();
    }
    let key = source.join("key.json");
    for pack in [source.to_str().unwrap(), zip_path.to_str().unwrap()] {
        let checked = khaibao(
            data.path(),
            &["exercise", "check", pack, key.to_str().unwrap()],
        );
        assert_eq!(checked.status.code(), Some(0), "{pack}: {checked:?}");
    }
}

/// The trainee's declaration file: the key of `id` changed by `change`.
fn declaration_from_key(
    dir: &Path,
    id: &str,
    change: impl FnOnce(&mut serde_json::Value),
) -> std::path::PathBuf {
    let key = pack_dir(id).join("key.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(key).unwrap()).unwrap();
    change(&mut value);
    let file = dir.join("mine.khaibao");
    std::fs::write(&file, serde_json::to_string(&value).unwrap()).unwrap();
    file
}

#[test]
fn check_keeps_the_keys_value_of_a_field_left_empty_to_itself() {
    let data = tempfile::tempdir().unwrap();
    let file = declaration_from_key(data.path(), "01-a11-first-import", |d| {
        d["type_code"] = serde_json::Value::Null;
        d["goods"][0]["hs_code"] = "94017990".into();
    });
    let file = file.to_str().unwrap();
    let vi = khaibao(
        data.path(),
        &["exercise", "check", "01-a11-first-import", file],
    );
    assert_eq!(vi.status.code(), Some(1), "{vi:?}");
    let vi = stdout(&vi);
    let lines: Vec<&str> = vi.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("  type_code [ICB]"))
        .unwrap_or_else(|| panic!("{vi}"));
    // Left empty: the key's A11 is not shown, the hint is.
    assert_eq!(
        lines[at + 1].trim(),
        "đáp án: (chưa hiện — điền trước đã)  |  đã khai: —",
        "{vi}"
    );
    assert!(!lines[at + 1].contains("A11") && !lines[at + 2].trim().is_empty());
    // Given wrong: the key's value is shown.
    let hs = lines
        .iter()
        .position(|l| l.starts_with("  goods[0].hs_code [CMD]"))
        .unwrap_or_else(|| panic!("{vi}"));
    assert!(
        lines[hs + 1].contains("|  đã khai: 94017990") && !lines[hs + 1].contains("chưa hiện"),
        "{vi}"
    );
    let en = stdout(&khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "exercise",
            "check",
            "01-a11-first-import",
            file,
        ],
    ));
    assert!(
        en.contains("expected: (not shown until you fill it in)  |  given: —"),
        "{en}"
    );
    let json = khaibao(
        data.path(),
        &[
            "exercise",
            "check",
            "01-a11-first-import",
            file,
            "--format",
            "json",
        ],
    );
    let score: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let differences = score["differences"].as_array().unwrap();
    let of = |path: &str| {
        differences
            .iter()
            .find(|d| d["path"] == path)
            .unwrap_or_else(|| panic!("{path}: {score}"))
    };
    assert_eq!(of("type_code")["expected"], serde_json::Value::Null);
    assert_eq!(of("type_code")["given"], "");
    assert_eq!(of("goods[0].hs_code")["given"], "94017990");
    assert!(
        of("goods[0].hs_code")["expected"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
    );
}

#[test]
fn attempts_of_an_unknown_exercise_say_so_and_exit_2() {
    let data = tempfile::tempdir().unwrap();
    for (lang, said) in [
        ("vi", "Không có bài tập \"99-nothing\""),
        ("en", "No exercise \"99-nothing\""),
    ] {
        let unknown = khaibao(
            data.path(),
            &["--lang", lang, "exercise", "attempts", "99-nothing"],
        );
        assert_eq!(unknown.status.code(), Some(2), "{unknown:?}");
        let stderr = String::from_utf8_lossy(&unknown.stderr);
        assert!(
            stderr.contains(said) && stderr.contains("11-low-value-express"),
            "{stderr}"
        );
        assert!(unknown.stdout.is_empty(), "{unknown:?}");
    }
    let none = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "exercise",
            "attempts",
            "02-sea-fob-freight-insurance",
        ],
    );
    assert_eq!(none.status.code(), Some(0), "{none:?}");
    assert_eq!(
        stdout(&none).trim(),
        "02-sea-fob-freight-insurance: no attempt yet"
    );
}

/// A copy of shipped pack `id` in `dir/name` with `exercise.toml` changed by `change`.
fn own_pack(dir: &Path, name: &str, id: &str, change: impl Fn(&str) -> String) -> String {
    let pack = dir.join(name);
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::copy(pack_dir(id).join("key.json"), pack.join("key.json")).unwrap();
    let text = std::fs::read_to_string(pack_dir(id).join("exercise.toml")).unwrap();
    std::fs::write(pack.join("exercise.toml"), change(&text)).unwrap();
    pack.to_str().unwrap().to_owned()
}

#[test]
fn a_pack_of_ones_own_never_writes_into_a_shipped_exercises_attempts() {
    let data = tempfile::tempdir().unwrap();
    let key = pack_dir("01-a11-first-import").join("key.json");
    let key = key.to_str().unwrap();
    // An instructor's changed copy that kept the shipped id: refused, told what to change.
    let same_id = own_pack(data.path(), "class-a", "01-a11-first-import", |t| {
        t.replace("level = 1", "level = 2")
    });
    for (lang, said) in [
        ("vi", "đổi `id` trong exercise.toml"),
        ("en", "change `id` in exercise.toml"),
    ] {
        let refused = khaibao(
            data.path(),
            &[
                "--lang", lang, "exercise", "check", &same_id, key, "--record",
            ],
        );
        assert_eq!(refused.status.code(), Some(2), "{refused:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains(said) && stderr.contains("\"01-a11-first-import\""),
            "{stderr}"
        );
    }
    // Given an id of its own, its attempts are its own.
    let renamed = own_pack(data.path(), "class-b", "01-a11-first-import", |t| {
        t.replace("level = 1", "level = 2")
            .replace("id = \"01-a11-first-import\"", "id = \"lop-a-01\"")
    });
    let checked = khaibao(
        data.path(),
        &["exercise", "check", &renamed, key, "--record"],
    );
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    let shipped = khaibao(
        data.path(),
        &["exercise", "attempts", "01-a11-first-import"],
    );
    assert_eq!(shipped.status.code(), Some(0), "{shipped:?}");
    assert_eq!(
        stdout(&shipped).trim(),
        "01-a11-first-import: chưa có lần làm nào"
    );
    for asked in ["lop-a-01", renamed.as_str()] {
        let own = stdout(&khaibao(data.path(), &["exercise", "attempts", asked]));
        let lines: Vec<&str> = own.lines().collect();
        assert_eq!(lines.len(), 2, "{asked}: {own}");
        assert!(
            lines[0].starts_with("lop-a-01 — ") && lines[1].contains("(100%)"),
            "{own}"
        );
    }
    // An unchanged copy under the shipped id is that exercise.
    let copy = own_pack(data.path(), "copy", "01-a11-first-import", str::to_owned);
    let copied = khaibao(data.path(), &["exercise", "check", &copy, key, "--record"]);
    assert_eq!(copied.status.code(), Some(0), "{copied:?}");
    let shipped = stdout(&khaibao(
        data.path(),
        &["exercise", "attempts", "01-a11-first-import"],
    ));
    assert_eq!(shipped.lines().count(), 2, "{shipped}");
}

/// A pack author's round trip: a pack stating the wrong lane and VAT is told so (exit 1) with
/// the lines to paste; pasted in, the pack agrees with the program (exit 0).
#[test]
fn key_tells_a_pack_author_the_lane_and_taxes_to_state() {
    let data = tempfile::tempdir().unwrap();
    let wrong = |text: &str| {
        text.replace(
            "id = \"05-wine-special-consumption-tax\"",
            "id = \"my-wine\"",
        )
        .replace("lane = 2", "lane = 1")
        .replace("vat = \"33078375\"", "vat = \"33000000\"")
    };
    let pack = own_pack(
        data.path(),
        "my-wine",
        "05-wine-special-consumption-tax",
        wrong,
    );
    let told = khaibao(data.path(), &["--lang", "en", "exercise", "key", &pack]);
    assert_eq!(told.status.code(), Some(1), "{told:?}");
    let told = stdout(&told);
    assert!(
        told.contains("✗ Lane: computed 2  |  pack states: 1"),
        "{told}"
    );
    assert!(
        told.contains("✗ Value added tax: computed 33078375 VND  |  pack states: 33000000 VND"),
        "{told}"
    );
    assert!(
        told.contains("✓ Special consumption tax: computed 85758750 VND"),
        "{told}"
    );
    let lane_said = "In exercise.toml's [key], make the lane line:\nlane = 2\n";
    assert!(told.contains(lane_said), "{told}");
    let (_, table) = told
        .split_once("Replace the whole [key.taxes] table (up to the next [..] header) with:\n")
        .expect("the table to paste follows");
    let (table, rest) = table.split_once("Keep [key]'s other lines").unwrap();
    assert_eq!(
        table,
        "[key.taxes]\nimport_duty = \"81675000\"\nspecial_consumption = \"85758750\"\nvat = \"33078375\"\n"
    );
    assert!(rest.contains("first_time, number_base"), "{rest}");

    // Done as said, the pack agrees; named by its exercise.toml as well as its folder.
    let toml_path = Path::new(&pack).join("exercise.toml");
    let text = std::fs::read_to_string(&toml_path).unwrap();
    let start = text.find("[key.taxes]").unwrap();
    let end = text.find("[key.fields.").unwrap();
    let text = format!("{}{table}{}", &text[..start], &text[end..]).replace("lane = 1", "lane = 2");
    std::fs::write(&toml_path, text).unwrap();
    for named in [pack.clone(), toml_path.to_str().unwrap().to_owned()] {
        let agreed = khaibao(data.path(), &["exercise", "key", &named]);
        assert_eq!(agreed.status.code(), Some(0), "{agreed:?}");
        assert!(stdout(&agreed).contains("Đáp án khớp với chương trình."));
    }

    // A key with an error gets no lane or taxes to copy, but the error and what to mend.
    let key_path = Path::new(&pack).join("key.json");
    let mut key: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
    key["goods"][0]["hs_code"] = "99999999".into();
    std::fs::write(&key_path, key.to_string()).unwrap();
    let broken = khaibao(data.path(), &["--lang", "en", "exercise", "key", &pack]);
    assert_eq!(broken.status.code(), Some(1), "{broken:?}");
    let broken = stdout(&broken);
    assert!(broken.contains("goods[0].hs_code"), "{broken}");
    assert!(broken.contains("The key has errors"), "{broken}");
    assert!(!broken.contains("lane = "), "{broken}");
    assert!(!broken.contains("[key.taxes]"), "{broken}");

    // A path that is not there is said to be missing.
    let missing = khaibao(
        data.path(),
        &["--lang", "en", "exercise", "key", "/nonexistent/pack"],
    );
    assert_eq!(missing.status.code(), Some(2), "{missing:?}");
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("No exercise folder or .zip \"/nonexistent/pack\""),
        "{missing:?}"
    );

    // A shipped exercise agrees; an unknown one exits 2.
    let shipped = khaibao(data.path(), &["exercise", "key", "01-a11-first-import"]);
    assert_eq!(shipped.status.code(), Some(0), "{shipped:?}");
    let unknown = khaibao(data.path(), &["exercise", "key", "99-nothing"]);
    assert_eq!(unknown.status.code(), Some(2), "{unknown:?}");
}
