//! The CLI against the example declarations. Each example's documented result is asserted
//! here (see docs/declaration-format.md, "Examples").

use crate::util::{fixture, khaibao, stdout};

const TODAY: &str = "2026-11-23";

fn validate_json(name: &str) -> (i32, serde_json::Value) {
    let data = tempfile::tempdir().unwrap();
    let path = fixture(name);
    let output = khaibao(
        data.path(),
        &[
            "validate",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--today",
            TODAY,
        ],
    );
    let value = serde_json::from_str(&stdout(&output)).expect("JSON output");
    (output.status.code().unwrap(), value)
}

#[test]
fn every_clean_example_is_valid_with_no_findings() {
    for name in [
        "import-sea-container.json",
        "import-air-fta.json",
        "export-sea.json",
        "import-low-value.json",
        "import-50-lines.json",
    ] {
        let (code, report) = validate_json(name);
        assert_eq!(code, 0, "{name}: {report:#}");
        assert_eq!(report["valid"], true, "{name}");
        assert_eq!(
            report["findings"].as_array().unwrap().len(),
            0,
            "{name}: {report:#}"
        );
    }
}

#[test]
fn the_error_example_gives_codes_paths_and_both_languages() {
    let (code, report) = validate_json("import-with-errors.json");
    assert_eq!(code, 1);
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"], 16);
    assert_eq!(report["warnings"], 3);
    let findings = report["findings"].as_array().unwrap();
    for f in findings {
        let code = f["code"].as_str().unwrap();
        assert!(
            code.starts_with("KB-E") || code.starts_with("KB-W"),
            "{code}"
        );
        assert!(!f["path"].as_str().unwrap().is_empty());
        assert!(!f["message_vi"].as_str().unwrap().is_empty());
        assert!(!f["message_en"].as_str().unwrap().is_empty());
    }
    let expected = [
        ("KB-E0301", "type_code"),
        ("KB-E0201", "goods[0].hs_code"),
        ("KB-E0203", "declarant.tax_code"),
        ("KB-E0405", "office"),
        ("KB-E0408", "valuation.insurance.kind"),
        ("KB-E0411", "goods[2].origin_country"),
        ("KB-E0412", "goods[2].co_form"),
        ("KB-E0403", "goods[1].invoice_value"),
        ("KB-E0503", "arrival_date"),
        ("KB-W0210", "containers[0]"),
    ];
    for (code, path) in expected {
        assert!(
            findings
                .iter()
                .any(|f| f["code"] == code && f["path"] == path),
            "missing {code} at {path}"
        );
    }
    let type_code = findings.iter().find(|f| f["code"] == "KB-E0301").unwrap();
    assert!(
        type_code["message_en"]
            .as_str()
            .unwrap()
            .contains("Nearest: A11")
    );
}

#[test]
fn text_output_follows_the_language() {
    let data = tempfile::tempdir().unwrap();
    let path = fixture("import-with-errors.json");
    let path = path.to_str().unwrap();
    let vi = stdout(&khaibao(data.path(), &["validate", path, "--today", TODAY]));
    assert!(vi.contains("16 lỗi, 3 cảnh báo"), "{vi}");
    assert!(vi.contains("Mã loại hình"));
    let en = stdout(&khaibao(
        data.path(),
        &["--lang", "en", "validate", path, "--today", TODAY],
    ));
    assert!(en.contains("16 errors, 3 warnings"), "{en}");
    assert!(en.contains("Type code"));
}

#[test]
fn unreadable_files_exit_2_with_the_json_path() {
    let data = tempfile::tempdir().unwrap();
    let bad = data.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"goods\": [ { \"quantity\": { \"amount\": \"ten\" } } ]\n}\n",
    )
    .unwrap();
    let output = khaibao(
        data.path(),
        &["validate", bad.to_str().unwrap(), "--today", TODAY],
    );
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.contains("goods[0].quantity.amount"), "{text}");
    assert!(text.contains("dòng 2"), "{text}");

    let unknown = data.path().join("unknown.json");
    std::fs::write(&unknown, r#"{"invoice": {"totl": "1"}}"#).unwrap();
    let output = khaibao(
        data.path(),
        &["--lang", "en", "validate", unknown.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("invoice.totl"));

    let missing = data.path().join("nope.json");
    let output = khaibao(data.path(), &["validate", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_worst_result_wins_over_several_files() {
    let data = tempfile::tempdir().unwrap();
    let good = fixture("export-sea.json");
    let bad = fixture("import-with-errors.json");
    let output = khaibao(
        data.path(),
        &[
            "validate",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
            "--today",
            TODAY,
        ],
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn codes_search_is_accent_insensitive_and_show_prints_rates() {
    let data = tempfile::tempdir().unwrap();
    let output = khaibao(data.path(), &["codes", "search", "hs", "ca phe rang"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    // Roasted coffee first: unroasted coffee's "rang" is negated ("chưa rang").
    assert!(text.starts_with("* 090121"), "{text}");
    assert!(text.contains("09012111"), "{text}");
    let output = khaibao(
        data.path(),
        &["--lang", "en", "codes", "show", "tariff", "2203.00.11"],
    );
    let text = stdout(&output);
    // The 2026 tariff's beer line: MFN 35, ATIGA 0, EVFTA 22, CPTPP 15 (Mexico 18), RCEP by
    // partner group.
    assert!(text.contains("MFN rate: 35%"), "{text}");
    assert!(text.contains("ordinary rate (B03): 52.5%"), "{text}");
    for rate in [
        "ATIGA: 0\n",
        "EVFTA: 22\n",
        "CPTPP: 15; M: 18\n",
        "RCEP A: 23.3\n",
        "RCEP C: 26.3\n",
        "ACFTA: 0 (-KH, LA, MM, SG)\n",
    ] {
        assert!(text.contains(rate), "{rate} in {text}");
    }
    let output = khaibao(data.path(), &["codes", "show", "type_codes", "A19"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("A11"));
    let output = khaibao(data.path(), &["codes", "search", "nope", "x"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn codes_list_names_every_table_and_a_newer_set_on_disk_is_used() {
    let data = tempfile::tempdir().unwrap();
    let text = stdout(&khaibao(data.path(), &["--lang", "en", "codes", "list"]));
    assert!(text.contains("tariff"), "{text}");
    assert!(text.contains("subset"));

    let folder = data.path().join("codelists");
    std::fs::create_dir_all(&folder).unwrap();
    let csv = "code,name_vi,name_en\nQRPAY,Thanh toán mã QR,QR code payment\n";
    std::fs::write(folder.join("payment_methods.csv"), csv).unwrap();
    let sha = khaibao::codes::manifest::sha256_hex(csv.as_bytes());
    std::fs::write(
        folder.join("manifest.toml"),
        format!(
            "set_version = \"2099.1\"\neffective = \"2099-01-01\"\ndescription = \"test\"\n\
             [[table]]\nname = \"payment_methods\"\nfile = \"payment_methods.csv\"\n\
             version = \"t\"\neffective = \"2099-01-01\"\nsource = \"test\"\ncomplete = true\n\
             sha256 = \"{sha}\"\n"
        ),
    )
    .unwrap();
    let output = khaibao(data.path(), &["codes", "show", "payment_methods", "QRPAY"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&khaibao(data.path(), &["--lang", "en", "codes", "list"]));
    assert!(text.contains("2099.1"), "{text}");
}

#[test]
fn assess_prints_the_explained_taxes_and_json() {
    let data = tempfile::tempdir().unwrap();
    let path = fixture("import-sea-container.json");
    let path = path.to_str().unwrap();
    let output = khaibao(
        data.path(),
        &["--lang", "en", "assess", path, "--date", TODAY],
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("Rate: 1 USD = 26180 VND"), "{text}");
    assert!(
        text.contains("Value added tax: 1,204,607,250 × 10% = 120,460,725 (tax code GTGT10)"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&khaibao(
        data.path(),
        &["assess", path, "--date", TODAY, "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json["lines"].as_array().unwrap().len(), 3);
    assert!(json["total_payable_vnd"].as_str().is_some());
}

#[test]
fn submit_runs_jobs_against_the_embedded_core_in_the_data_folder() {
    let data = tempfile::tempdir().unwrap();
    let path = fixture("import-sea-container.json");
    let ida = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "submit",
            path.to_str().unwrap(),
            "--op",
            "IDA",
            "--format",
            "json",
        ],
    );
    assert_eq!(ida.status.code(), Some(0), "{}", stdout(&ida));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&ida)).unwrap();
    let number = answer["declaration"]["number"].as_str().unwrap().to_owned();
    assert_eq!(number, "100000000110");
    assert!(data.path().join("simulator").join("core.sqlite").exists());
    assert!(
        data.path()
            .join("simulator")
            .join("lane_rules.toml")
            .exists()
    );

    let idc = khaibao(
        data.path(),
        &["--lang", "en", "submit", "--op", "IDC", "--number", &number],
    );
    let text = stdout(&idc);
    assert_eq!(idc.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Lane: 2 (yellow) — Goods under specialised management: "),
        "{text}"
    );
    // In Vietnamese the rules are named by their Vietnamese titles, never their ids.
    let iid = stdout(&khaibao(
        data.path(),
        &["submit", "--op", "IID", "--number", &number],
    ));
    for said in [
        "Luồng: 2 (vàng) — Hàng quản lý chuyên ngành: ",
        "Vì sao luồng này: Tiêu chí 'Hàng quản lý chuyên ngành' khớp",
        "tiêu chí 'Doanh nghiệp nhập khẩu lần đầu' khớp tiếp theo",
        "luồng vàng (Hàng quản lý chuyên ngành: ",
    ] {
        assert!(iid.contains(said), "{said}: {iid}");
    }
    assert!(
        !iid.contains("specialised-management") && !iid.contains("first-time-importer"),
        "{iid}"
    );
    // A second IDC is refused with the VNACCS code; exit 1.
    let again = khaibao(data.path(), &["submit", "--op", "IDC", "--number", &number]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stdout(&again).contains("E0074"));
    // The export job name on an import file is caught before anything is sent.
    let wrong = khaibao(
        data.path(),
        &["submit", path.to_str().unwrap(), "--op", "EDA"],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stdout(&wrong).contains("IDA/IDA01"), "{}", stdout(&wrong));
    // An unknown job is refused by the option itself, which lists the jobs there are.
    let unknown = khaibao(data.path(), &["submit", "--op", "IDX", "--number", &number]);
    assert_eq!(unknown.status.code(), Some(2));
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("IDA01") && said.contains("goods-arrived"),
        "{said}"
    );
    // A stored import draft sent as an export is refused, naming the job that fits.
    let imported = khaibao(data.path(), &["import", path.to_str().unwrap()]);
    assert_eq!(imported.status.code(), Some(0), "{}", stdout(&imported));
    let crossed = khaibao(
        data.path(),
        &["--lang", "en", "submit", "--draft", "1", "--op", "EDA"],
    );
    assert_eq!(crossed.status.code(), Some(2));
    assert!(stdout(&crossed).contains("use IDA"), "{}", stdout(&crossed));
    // The clock moves; the answer shows the simulated time.
    let advance = khaibao(
        data.path(),
        &["--lang", "en", "sim", "advance", "--days", "16"],
    );
    assert_eq!(advance.status.code(), Some(0), "{}", stdout(&advance));
    let reference = stdout(&khaibao(
        data.path(),
        &["--lang", "en", "submit", "--op", "iid", "--number", &number],
    ));
    // The goods arrived (20/11, before registration): the declaration does not lapse after
    // 15 days (TT 38/2015 art. 22 as amended by TT 39/2018); it waits for its taxes.
    assert!(reference.contains("Status: Registered"), "{reference}");
    assert!(!reference.contains("AUTO_CANCEL"), "{reference}");
}

/// The official procedure from the command line: before IDC a stored draft is corrected with
/// IDB then IDA again with its number (both logged); IDA01 is only for amendments after IDC, and
/// IDA with the number is refused once registered.
#[test]
fn a_stored_draft_is_corrected_with_idb_and_ida_before_idc_and_not_after() {
    let data = tempfile::tempdir().unwrap();
    let path = fixture("import-sea-container.json");
    let imported = khaibao(data.path(), &["import", path.to_str().unwrap()]);
    assert_eq!(imported.status.code(), Some(0), "{}", stdout(&imported));
    let send = |op: &str| {
        let output = khaibao(
            data.path(),
            &[
                "--lang", "en", "submit", "--draft", "1", "--op", op, "--format", "json",
            ],
        );
        let answer: serde_json::Value =
            serde_json::from_str(&stdout(&output)).expect("JSON answer");
        (output.status.code(), answer)
    };
    let (code, first) = send("IDA");
    assert_eq!(code, Some(0), "{first:#}");
    let number = first["declaration"]["number"].as_str().unwrap().to_owned();
    // Sent again while provisional: IDB, then IDA with the number; the answer is the IDA's.
    let (code, corrected) = send("IDA");
    assert_eq!(code, Some(0), "{corrected:#}");
    assert_eq!(corrected["job"], "IDA");
    assert_eq!(corrected["declaration"]["number"], number.as_str());
    // IDA01 is no correction: refused with IDA01's code for "not declared yet".
    let (code, early) = send("IDA01");
    assert_eq!(code, Some(1));
    assert_eq!(early["result"]["code"], "E0223", "{early:#}");
    let (code, idc) = send("IDC");
    assert_eq!(code, Some(0), "{idc:#}");
    // Registered: IDA with the number (from the file) is refused with E0220.
    let late = khaibao(
        data.path(),
        &[
            "submit",
            path.to_str().unwrap(),
            "--op",
            "IDA",
            "--number",
            &number,
        ],
    );
    assert_eq!(late.status.code(), Some(1));
    assert!(stdout(&late).contains("E0220"), "{}", stdout(&late));
    // The store logged every message the draft sent, with its job code, in the order sent
    // (the log's own order: each command's clock starts again at KHAIBAO_NOW).
    let store = rusqlite::Connection::open(data.path().join(khaibao::store::STORE_FILE)).unwrap();
    let logged: Vec<String> = store
        .prepare("SELECT job FROM messages WHERE draft_id = 1 AND sent = 1 ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(logged, ["IDA", "IDB", "IDA", "IDA01", "IDC"]);
}

#[test]
fn submit_to_a_server_that_is_not_there_exits_2_with_a_message() {
    let data = tempfile::tempdir().unwrap();
    let output = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "submit",
            "--op",
            "IDB",
            "--number",
            "100000000110",
            "--server",
            "http://127.0.0.1:9",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("Nothing was sent"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    // Put something in the store through the library, as the app would.
    {
        let mut store =
            khaibao::store::Store::open(&data.path().join(khaibao::store::STORE_FILE)).unwrap();
        let d = khaibao::domain::file::from_json(
            &std::fs::read_to_string(fixture("export-sea.json")).unwrap(),
        )
        .unwrap();
        store.save_draft(None, &d, &[], crate::util::now()).unwrap();
    }
    let backup = data.path().join("today.backup.sqlite");
    let output = khaibao(
        data.path(),
        &["--lang", "en", "backup", backup.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("Backed up to"));
    // Empty the store, restore, find the draft again.
    {
        let mut store =
            khaibao::store::Store::open(&data.path().join(khaibao::store::STORE_FILE)).unwrap();
        store.delete_draft(1, crate::util::now()).unwrap();
    }
    let output = khaibao(data.path(), &["restore", backup.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("Đã khôi phục"));
    let store = khaibao::store::Store::open(&data.path().join(khaibao::store::STORE_FILE)).unwrap();
    assert_eq!(store.list(Some("hamburg"), 0, 10).unwrap().len(), 1);
    // A file that is not a backup is refused with exit 2 and the store is untouched.
    let junk = data.path().join("junk.sqlite");
    std::fs::write(&junk, "not a database").unwrap();
    let output = khaibao(
        data.path(),
        &["--lang", "en", "restore", junk.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(store.list(None, 0, 10).unwrap().len(), 1);
}

/// The findings' codes of `khaibao validate --format json` run at `now`.
fn codes_at(data: &std::path::Path, now: &str, file: &str) -> Vec<String> {
    let output = khaibao(data, &["--now", now, "validate", file, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON output");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_30_day_rule_turns_at_17_00_utc_in_the_client_and_in_the_core() {
    // import-sea-container: the goods arrived on 20/11/2026; day 30 is 20/12/2026 in Viet Nam,
    // which ends at 17:00 UTC. The machine's date and time zone play no part (`--now`). The
    // clock runs on from the stated instant, so the last one is ten seconds before the turn
    // (16:59:59 would leave the core one second to answer).
    let file = fixture("import-sea-container.json");
    let file = file.to_str().unwrap();
    for (now, late) in [
        ("2026-12-20T16:59:50Z", false),
        ("2026-12-20T17:00:01Z", true),
    ] {
        let data = tempfile::tempdir().unwrap();
        let codes = codes_at(data.path(), now, file);
        assert_eq!(
            codes.iter().any(|c| c == "KB-E0503"),
            late,
            "{now}: {codes:?}"
        );
        // The embedded core, told the same instant, agrees.
        let sent = khaibao(
            data.path(),
            &["--now", now, "--lang", "en", "submit", "--op", "IDA", file],
        );
        let text = stdout(&sent);
        assert_eq!(text.contains("KB-E0503"), late, "{now}: {text}");
        assert_eq!(sent.status.success(), !late, "{now}: {text}");
    }
}

#[test]
fn a_wrong_instant_is_refused_in_both_languages() {
    let data = tempfile::tempdir().unwrap();
    let file = fixture("export-sea.json");
    let output = khaibao(
        data.path(),
        &["--now", "30/11/2026", "validate", file.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("không phải thời điểm hợp lệ"), "{text}");
    assert!(text.contains("is not a valid instant"), "{text}");
}

/// `(errors, warnings, exit code)` of `khaibao validate FILE --today DATE`.
fn result_on(folder: &std::path::Path, file: &str, day: chrono::NaiveDate) -> (u64, u64, i32) {
    let path = fixture(file);
    let output = khaibao(
        folder,
        &[
            "validate",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--today",
            &day.to_string(),
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON output");
    (
        report["errors"].as_u64().unwrap(),
        report["warnings"].as_u64().unwrap(),
        output.status.code().unwrap(),
    )
}

#[test]
fn the_example_table_holds_on_the_dates_it_states() {
    let doc =
        std::fs::read_to_string(crate::util::root().join("docs/declaration-format.md")).unwrap();
    let day = |text: &str| chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut rows = 0;
    for line in doc
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains(".json`"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (file, result, holds) = (cells[1].trim_matches('`'), cells[3], cells[4]);
        // "valid, exit 0" or "16 errors + 3 warnings, exit 1".
        let numbers: Vec<u64> = result
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let expected = match numbers.as_slice() {
            [exit] => (0, 0, i32::try_from(*exit).unwrap()),
            [errors, warnings, exit] => (*errors, *warnings, i32::try_from(*exit).unwrap()),
            other => panic!("{file}: unreadable result {result:?} {other:?}"),
        };
        let (from, to) = if let Some(from) = holds.strip_prefix("from ") {
            (day(from), None)
        } else {
            let (from, to) = holds.split_once(" to ").unwrap();
            (day(from), Some(day(to)))
        };
        let before = from.pred_opt().unwrap();
        assert_eq!(
            result_on(data.path(), file, from),
            expected,
            "{file} on {from}"
        );
        assert_ne!(
            result_on(data.path(), file, before),
            expected,
            "{file} on {before}"
        );
        // An open end is checked years later (a leap day).
        let (last, after) = match to {
            Some(to) => (to, Some(to.succ_opt().unwrap())),
            None => (day("2032-02-29"), None),
        };
        assert_eq!(
            result_on(data.path(), file, last),
            expected,
            "{file} on {last}"
        );
        if let Some(after) = after {
            assert_ne!(
                result_on(data.path(), file, after),
                expected,
                "{file} on {after}"
            );
        }
        // The tests' own date is inside every window.
        // Vietnam's date of the tests' instant (UTC's date differs from 17:00 UTC on).
        let today = khaibao::domain::time::vietnam_date(crate::util::now());
        assert!(from <= today && to.is_none_or(|to| today <= to), "{file}");
        rows += 1;
    }
    assert_eq!(rows, 6, "every example is in the table");
}

#[test]
fn a_decomposed_200_character_description_is_200_characters() {
    use unicode_normalization::UnicodeNormalization as _;
    // What macOS, some PDFs and Unikey's "Unicode tổ hợp" produce: letters and marks apart.
    let composed: String = "Máy điều hòa nhiệt độ Đại Phát, công suất 12.000 BTU; "
        .repeat(4)
        .chars()
        .take(200)
        .collect();
    let decomposed: String = composed.nfd().collect();
    assert!(decomposed.chars().count() > 230);
    let mut example: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("import-sea-container.json")).unwrap(),
    )
    .unwrap();
    example["goods"][0]["description"] = decomposed.into();
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("nfd.json");
    std::fs::write(&file, serde_json::to_string_pretty(&example).unwrap()).unwrap();
    let file = file.to_str().unwrap();
    assert_eq!(
        codes_at(data.path(), crate::util::NOW, file),
        Vec::<String>::new()
    );
    // The core counts it the same way, and so does a 201st character.
    let sent = khaibao(
        data.path(),
        &["--lang", "en", "submit", "--op", "IDA", file],
    );
    assert!(sent.status.success(), "{}", stdout(&sent));
    example["goods"][0]["description"] = format!("{composed}x").nfd().collect::<String>().into();
    std::fs::write(file, serde_json::to_string_pretty(&example).unwrap()).unwrap();
    assert_eq!(codes_at(data.path(), crate::util::NOW, file), ["KB-E0207"]);
}

#[test]
fn an_unreadable_value_containing_a_slash_is_reported_whole_in_each_language() {
    // serde's detail quotes the value; " / " in it must not split the message.
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("slash.json");
    std::fs::write(&file, r#"{"direction": "nhập khẩu / import"}"#).unwrap();
    let file = file.to_str().unwrap();
    let en = stdout(&khaibao(data.path(), &["--lang", "en", "validate", file]));
    assert!(
        en.contains("The declaration file cannot be read at direction"),
        "{en}"
    );
    assert!(!en.contains("Tệp tờ khai"), "{en}");
    let vi = stdout(&khaibao(data.path(), &["validate", file]));
    assert!(
        vi.contains("Tệp tờ khai không đọc được tại direction"),
        "{vi}"
    );
    assert!(!vi.contains("The declaration file"), "{vi}");
}

#[test]
fn a_store_error_whose_path_holds_a_slash_is_reported_whole_in_each_language() {
    // The missing backup's path has " / " in it; it must not split the message.
    let data = tempfile::tempdir().unwrap();
    let missing = data.path().join(" a ").join(" b").join("missing.sqlite");
    let missing = missing.to_str().unwrap();
    assert!(missing.contains(" / "), "{missing}");
    let en = khaibao(data.path(), &["--lang", "en", "restore", missing]);
    assert_eq!(en.status.code(), Some(2));
    let en = stdout(&en);
    assert!(
        en.starts_with(&format!("Cannot open the data store {missing}: ")),
        "{en}"
    );
    assert!(!en.contains("Không mở được"), "{en}");
    let vi = stdout(&khaibao(data.path(), &["--lang", "vi", "restore", missing]));
    assert!(
        vi.starts_with(&format!("Không mở được kho dữ liệu {missing}: ")),
        "{vi}"
    );
    assert!(!vi.contains("Cannot open"), "{vi}");
}

#[test]
fn a_tariff_file_is_previewed_and_a_broken_or_partial_one_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let installed = data.path().join("codelists").join("manifest.toml");
    let sample = fixture("tariff-2026-sample.xlsx");
    let sample = sample.to_str().unwrap();
    // A cut of the real Excel file: read, previewed, nothing written.
    let preview = khaibao(
        data.path(),
        &["--lang", "en", "codes", "import-tariff", sample],
    );
    let text = stdout(&preview);
    assert_eq!(preview.status.code(), Some(0), "{text}");
    assert!(text.contains("72 8-digit lines"), "{text}");
    assert!(text.contains("3 rows left out"), "{text}");
    assert!(text.contains("code \"9849170\" is not 8 digits"), "{text}");
    assert!(text.contains("Nothing written"), "{text}");
    assert!(!installed.exists());
    // It would remove most of the tariff: refused without --allow-removals.
    let partial = khaibao(
        data.path(),
        &["--lang", "en", "codes", "import-tariff", sample, "--apply"],
    );
    assert_eq!(partial.status.code(), Some(2));
    assert!(stdout(&partial).contains("looks like part of a tariff"));
    assert!(!installed.exists());
    // A broken file: a clear message, nothing written.
    let broken = data.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 cut short").unwrap();
    let out = khaibao(
        data.path(),
        &[
            "codes",
            "import-tariff",
            broken.to_str().unwrap(),
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("Không đọc được tệp"),
        "{}",
        stdout(&out)
    );
    assert!(!installed.exists());
    // A new edition: the bundled tariff with one MFN rate changed is installed and used.
    let tariff = std::fs::read_to_string(crate::util::root().join("codelists/tariff.csv")).unwrap();
    let beer = tariff
        .lines()
        .find(|l| l.starts_with("22030011,"))
        .unwrap()
        .to_owned();
    let new_beer = beer.replacen(",,35,52.5,", ",,30,45,", 1);
    assert_ne!(beer, new_beer);
    let file = data.path().join("tariff-2027.csv");
    std::fs::write(&file, tariff.replace(&beer, &new_beer)).unwrap();
    let file = file.to_str().unwrap();
    let applied = khaibao(
        data.path(),
        &["--lang", "en", "codes", "import-tariff", file, "--apply"],
    );
    let text = stdout(&applied);
    assert_eq!(applied.status.code(), Some(0), "{text}");
    assert!(
        text.contains("0 added, 0 removed, 1 with changed rates"),
        "{text}"
    );
    assert!(text.contains("22030011: mfn 35 → 30"), "{text}");
    let show = stdout(&khaibao(
        data.path(),
        &["--lang", "en", "codes", "show", "tariff", "22030011"],
    ));
    assert!(show.contains("MFN rate: 30%"), "{show}");
    // A date after today is refused: tables are not kept by date yet.
    let later = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "codes",
            "import-tariff",
            file,
            "--apply",
            "--effective",
            "2027-01-01",
        ],
    );
    assert_eq!(later.status.code(), Some(2));
    assert!(stdout(&later).contains("apply it on that day"));
}

#[test]
fn any_table_is_taken_in_with_a_preview_and_rolled_back() {
    let data = tempfile::tempdir().unwrap();
    let manifest = data.path().join("codelists").join("manifest.toml");
    let units = std::fs::read_to_string(crate::util::root().join("codelists/units.csv")).unwrap();
    // Excel in a Vietnamese locale: semicolons, a BOM, columns in another order; PCE renamed,
    // GRO added, LTR gone.
    let mut edited = String::from("\u{feff}name_en;code;name_vi\n");
    for line in units.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let row = match cells[0] {
            "LTR" => String::new(),
            "PCE" => "Piece;PCE;Cái\n".to_owned(),
            _ => format!("{};{};{}\n", cells[2], cells[0], cells[1]),
        };
        edited.push_str(&row);
    }
    edited.push_str("Gross;GRO;Gốt (144 chiếc)\n");
    let file = data.path().join("units-new.csv");
    std::fs::write(&file, edited).unwrap();
    let file = file.to_str().unwrap();
    let preview = khaibao(
        data.path(),
        &["--lang", "en", "codes", "import", "units", file],
    );
    let text = stdout(&preview);
    assert_eq!(preview.status.code(), Some(0), "{text}");
    assert!(text.contains("1 added, 1 removed, 1 changed"), "{text}");
    assert!(text.contains("  + GRO Gốt (144 chiếc)"), "{text}");
    assert!(text.contains("  − LTR Lít"), "{text}");
    assert!(text.contains("  ~ PCE: name_vi Chiếc → Cái"), "{text}");
    assert!(!manifest.exists(), "a preview writes nothing");
    // A file that is not the table: the columns are named, nothing is written.
    let wrong = data.path().join("wrong.csv");
    std::fs::write(&wrong, "ma,ten\nKGM,Kilogam\n").unwrap();
    let out = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "codes",
            "import",
            "units",
            wrong.to_str().unwrap(),
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("missing code, name_vi, name_en; unknown ma, ten"),
        "{}",
        stdout(&out)
    );
    assert!(!manifest.exists());
    // Applied: the new edition is in use, and a draft using the removed code is told why.
    let applied = khaibao(
        data.path(),
        &["--lang", "en", "codes", "import", "units", file, "--apply"],
    );
    assert_eq!(applied.status.code(), Some(0), "{}", stdout(&applied));
    let show = stdout(&khaibao(
        data.path(),
        &["--lang", "en", "codes", "show", "units", "GRO"],
    ));
    assert!(show.contains("Gross"), "{show}");
    let list = stdout(&khaibao(data.path(), &["--lang", "en", "codes", "list"]));
    assert!(
        list.lines()
            .any(|l| l.starts_with("units ") && l.ends_with("override")),
        "{list}"
    );
    // Rolled back: the bundled table again, the data folder's set gone.
    let back = khaibao(data.path(), &["--lang", "en", "codes", "rollback", "units"]);
    assert_eq!(back.status.code(), Some(0), "{}", stdout(&back));
    assert!(stdout(&back).contains("Back to the bundled tables: units"));
    assert!(!manifest.exists());
    let gone = khaibao(
        data.path(),
        &["--lang", "en", "codes", "show", "units", "GRO"],
    );
    assert_eq!(gone.status.code(), Some(1));
}
