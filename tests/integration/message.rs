//! `khaibao message decode|encode` on the real 2014 messages and the example declarations.

use crate::util::{fixture, khaibao, stdout};

fn real(name: &str) -> String {
    fixture(&format!("vnaccs-2014/{name}"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_real_answer_is_shown_with_its_official_meaning() {
    let data = tempfile::tempdir().unwrap();
    let output = khaibao(
        data.path(),
        &["message", "decode", &real("01-IDB-response.txt")],
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("IDB (trả lời), 477 byte"), "{text}");
    assert!(
        text.contains("S0006-ICN -0000  Số tờ khai đã nhập chưa được đăng ký vào hệ thống."),
        "{text}"
    );
    assert!(text.contains("219  26  Khóa thông điệp"), "{text}");
}

#[test]
fn a_real_request_decodes_to_json_with_offsets_and_items_and_no_password() {
    let data = tempfile::tempdir().unwrap();
    let output = khaibao(
        data.path(),
        &[
            "message",
            "decode",
            &real("02-IDC-request.txt"),
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["job"], "IDC");
    assert_eq!(json["length"], 414);
    let rows = json["rows"].as_array().unwrap();
    let icn = rows.iter().find(|r| r["section"] == "item").unwrap();
    assert_eq!(icn["id"], "ICN");
    assert_eq!(icn["name_vi"], "Số tờ khai");
    assert_eq!(icn["value"], "123456");
    let password = rows.iter().find(|r| r["id"] == "password").unwrap();
    assert_eq!(password["offset"], 37);
    assert_eq!(password["value"], "***");
    assert!(!stdout(&output).contains("PASSWD"));
}

#[test]
fn a_declaration_is_encoded_then_decoded_with_the_same_items() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("ida.txt");
    let declaration = fixture("import-sea-container.json");
    let output = khaibao(
        data.path(),
        &[
            "message",
            "encode",
            declaration.to_str().unwrap(),
            "--job",
            "IDA",
            "--user",
            "D0000001",
            "--terminal",
            "I0000A",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..8], b"SS IDA  ");
    // Data info: job, the client's Vietnam time (09:00 on 23/11/2026), counter 0.
    assert_eq!(&bytes[219..245], b"IDA  20261123090000000000 ");
    assert_eq!(&bytes[37..45], b"        ", "no password in a file");
    let length: usize = std::str::from_utf8(&bytes[392..398])
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(length, bytes.len());
    let output = khaibao(data.path(), &["message", "decode", file.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(text.contains("ICB  Mã loại hình: A11"), "{text}");
    assert!(text.contains("[1] CMD "), "{text}");
}

#[test]
fn wrong_inputs_are_refused_with_a_reason() {
    let data = tempfile::tempdir().unwrap();
    let broken = data.path().join("broken.txt");
    let mut bytes = std::fs::read(fixture("vnaccs-2014/02-IDC-request.txt")).unwrap();
    bytes.truncate(410);
    std::fs::write(&broken, &bytes).unwrap();
    let output = khaibao(
        data.path(),
        &["message", "decode", broken.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("Trường độ dài ghi \"000414\" nhưng thông điệp có 410 byte"));
    let declaration = fixture("import-sea-container.json");
    let output = khaibao(
        data.path(),
        &[
            "message",
            "encode",
            declaration.to_str().unwrap(),
            "--job",
            "IDC",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("cần số tờ khai"));
}

#[test]
fn encode_says_which_job_fits_the_file_and_decode_names_converted_line_ends() {
    let data = tempfile::tempdir().unwrap();
    let export = fixture("export-sea.json");
    let output = khaibao(
        data.path(),
        &[
            "message",
            "encode",
            export.to_str().unwrap(),
            "--job",
            "IDA",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("Tệp là tờ khai xuất khẩu: dùng --job EDA"));
    let output = khaibao(
        data.path(),
        &[
            "message",
            "encode",
            export.to_str().unwrap(),
            "--job",
            "ZZZ",
        ],
    );
    assert!(stdout(&output).contains("Nghiệp vụ \"ZZZ\" không ghi được từ một tờ khai"));
    let output = khaibao(
        data.path(),
        &[
            "message",
            "encode",
            export.to_str().unwrap(),
            "--job",
            "EDA01",
        ],
    );
    assert!(stdout(&output).contains("cần số tờ khai (--number)"));
    // A message whose CRLF became LF (a file opened and saved by an editor).
    let lf: Vec<u8> = std::fs::read(fixture("vnaccs-2014/02-IDC-request.txt"))
        .unwrap()
        .into_iter()
        .filter(|b| *b != b'\r')
        .collect();
    let file = data.path().join("lf.txt");
    std::fs::write(&file, lf).unwrap();
    let output = khaibao(data.path(), &["message", "decode", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("đã bị đổi dấu xuống dòng (LF)"));
}
