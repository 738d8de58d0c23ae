//! Amendments of tax information after clearance (AMA → AMC) from the command line, against a
//! real HTTP simulator on 127.0.0.1: a declaration registered, paid and cleared, then line 1's
//! taxable value raised and line 2 reclassified; the tax difference checked to the đồng against
//! a hand computation; the amendment's number of document type 73; both in the history; the
//! refusals.

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::story::{Clock, serve, start};
use crate::util::{fixture, khaibao, stdout};

/// Runs `khaibao --lang en ARGS --server URL` and reads its JSON answer.
fn json(data: &Path, server: &str, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--server", server, "--format", "json"]);
    let output = khaibao(data, &all);
    let text = stdout(&output);
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON answer: {text}"));
    (output.status.code(), value)
}

/// Imports the sea-container example as draft `id`, sends IDA and IDC, and — when `clear` —
/// pays and plays the officer's steps its lane asks for until it is cleared.
fn declared(data: &Path, server: &str, id: &str, clear: bool) -> String {
    let path = fixture("import-sea-container.json");
    let imported = khaibao(data, &["import", path.to_str().unwrap()]);
    assert_eq!(imported.status.code(), Some(0), "{}", stdout(&imported));
    let submit = |op: &str| json(data, server, &["submit", "--draft", id, "--op", op]);
    let (code, ida) = submit("IDA");
    assert_eq!(code, Some(0), "{ida:#}");
    let (code, idc) = submit("IDC");
    assert_eq!(code, Some(0), "{idc:#}");
    if clear {
        // The documents' dossier first (HYS): the officer accepts only documents that arrived.
        let pdf = data.join("hoa-don.pdf");
        std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
        let attached = khaibao(
            data,
            &[
                "attach",
                "add",
                "--draft",
                id,
                "--kind",
                "invoice",
                pdf.to_str().unwrap(),
            ],
        );
        assert_eq!(attached.status.code(), Some(0), "{}", stdout(&attached));
        let sent = khaibao(
            data,
            &[
                "attach", "send", "--draft", id, "--server", server, "--phone", "0243826",
            ],
        );
        assert_eq!(sent.status.code(), Some(0), "{}", stdout(&sent));
        for op in ["pay", "accept-documents", "pass-inspection"] {
            let (_, reference) = submit("IID");
            if reference["declaration"]["status"] == "registered" {
                let (code, answer) = submit(op);
                assert_eq!(code, Some(0), "{answer:#}");
            }
        }
        let (_, reference) = submit("IID");
        assert_eq!(
            reference["declaration"]["status"], "cleared",
            "{reference:#}"
        );
    }
    ida["declaration"]["number"].as_str().unwrap().to_owned()
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path.to_str().unwrap().to_owned()
}

fn amount(value: &Value) -> i64 {
    value
        .as_str()
        .map_or_else(|| value.as_i64().unwrap(), |s| s.parse().unwrap())
}

#[test]
fn a_cleared_declaration_is_amended_with_ama_then_amc_and_the_difference_is_to_the_dong() {
    let clock: Clock = Arc::new(Mutex::new(start()));
    let addr = serve(&clock);
    let server = format!("http://{addr}");
    let data = tempfile::tempdir().unwrap();
    let declaration = declared(data.path(), &server, "1", true);
    let changes = serde_json::json!({
        "reason": "Post-clearance audit: royalty in the laptops' price; the printer reclassified",
        "lines": [
            { "line": 1, "manual_taxable_value": { "currency": "USD", "amount": "47000" } },
            { "line": 2, "hs_code": "84433990" }
        ]
    });
    let file = write(data.path(), "changes.json", &changes);

    // AMA alone, to read the difference first (text).
    let review = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "amend-tax",
            "--draft",
            "1",
            &file,
            "--review",
            "--server",
            &server,
        ],
    );
    let text = stdout(&review);
    assert_eq!(review.status.code(), Some(0), "{text}");
    assert!(text.contains("Amendment number: 730000000110"), "{text}");
    assert!(
        text.contains(&format!("Declaration number: {declaration}")),
        "{text}"
    );
    assert!(
        text.contains("Line 2: HS code: 84433131 → 84433990"),
        "{text}"
    );
    assert!(
        text.contains("additional tax to pay 11,419,062 VND"),
        "{text}"
    );

    // AMC registers it (the number the AMA gave).
    let (code, amc) = json(
        data.path(),
        &server,
        &[
            "amend-tax",
            "--draft",
            "1",
            &file,
            "--amendment",
            "730000000110",
        ],
    );
    assert_eq!(code, Some(0), "{amc:#}");
    assert_eq!(amc["job"], "AMC");
    let amendment = &amc["tax_amendment"];
    assert_eq!(amendment["number"], "730000000110");
    assert_eq!(&amendment["number"].as_str().unwrap()[..2], "73");
    assert_eq!(amendment["status"], "registered");
    assert_eq!(amendment["declaration_number"], declaration.as_str());
    // By hand. The week of 2026-11-23: USD 1 = 26,180 VND. Freight USD 1,200 and insurance
    // USD 150 are allocated by invoice value over USD 60,000 (line 1: 45,000 → 75 %; line 2:
    // 6,000 → 10 %).
    // Line 1 before: (45,000 + 900 + 112.5) × 26,180 = 1,204,607,250; 84713020 duty 0 %;
    //   VAT 10 % = 120,460,725. After (DPR USD 47,000): 47,000 × 26,180 = 1,230,460,000;
    //   VAT 123,046,000. VAT difference: 123,046,000 − 120,460,725 = 2,585,275.
    // Line 2 before: (6,000 + 120 + 15) × 26,180 = 160,614,300; 84433131 duty 0 %; VAT
    //   16,061,430. After, 84433990 (MFN 5 %): duty 160,614,300 × 5 % = 8,030,715; VAT on
    //   160,614,300 + 8,030,715 = 168,645,015 → 16,864,501.5, rounded half away from zero
    //   16,864,502. Differences: duty 8,030,715; VAT 16,864,502 − 16,061,430 = 803,072.
    // Total: 2,585,275 + 8,030,715 + 803,072 = 11,419,062 VND to pay.
    let difference = &amendment["difference"];
    assert_eq!(amount(&difference["total_difference_vnd"]), 11_419_062);
    let lines = difference["lines"].as_array().unwrap();
    assert_eq!(amount(&lines[0]["taxable_value_before_vnd"]), 1_204_607_250);
    assert_eq!(amount(&lines[0]["taxable_value_after_vnd"]), 1_230_460_000);
    let taxes = |line: &Value| -> Vec<(String, i64, i64, i64)> {
        line["taxes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["kind"].as_str().unwrap().to_owned(),
                    amount(&t["before_vnd"]),
                    amount(&t["after_vnd"]),
                    amount(&t["difference_vnd"]),
                )
            })
            .collect()
    };
    assert!(
        taxes(&lines[0]).contains(&("vat".into(), 120_460_725, 123_046_000, 2_585_275)),
        "{:?}",
        taxes(&lines[0])
    );
    assert_eq!(
        taxes(&lines[1]),
        [
            ("import_duty".into(), 0, 8_030_715, 8_030_715),
            ("vat".into(), 16_061_430, 16_864_502, 803_072)
        ]
    );
    // The declaration keeps its number and owes the difference.
    assert_eq!(amc["declaration"]["number"], declaration.as_str());
    assert_eq!(amc["declaration"]["taxes_settled"], false);

    history_shows_both(data.path(), &server);
}

/// The core's history (IAD) and the client's timeline hold the declaration's jobs and the
/// amendment's; the draft holds the amended values.
fn history_shows_both(data: &Path, server: &str) {
    // The core's history (IAD): the declaration's jobs and the amendment's.
    let (code, iad) = json(
        data,
        server,
        &["submit", "--op", "IAD", "--number", "730000000110"],
    );
    assert_eq!(code, Some(0), "{iad:#}");
    let kinds: Vec<&str> = iad["declaration"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for job in ["IDA", "IDC", "AMA", "AMC"] {
        assert!(kinds.contains(&job), "{kinds:?}");
    }
    // The client's timeline: the messages of both, and the amendment's event.
    let mut store = khaibao::store::Store::open(&data.join(khaibao::store::STORE_FILE)).unwrap();
    let timeline = store.timeline(1).unwrap();
    let jobs: Vec<&str> = timeline
        .iter()
        .filter_map(|e| e.job.map(khaibao::domain::JobCode::code))
        .collect();
    for job in ["IDA", "IDC", "AMA", "AMC"] {
        assert!(jobs.contains(&job), "{jobs:?}");
    }
    assert!(
        timeline.iter().any(|e| e
            .summary_vi
            .contains("Khai bổ sung sau thông quan số 730000000110")),
        "{timeline:#?}"
    );
    // The draft holds the amended values.
    let draft = store.draft(1, crate::util::now()).unwrap();
    assert_eq!(
        draft.declaration.goods[1].hs_code.as_deref(),
        Some("84433990")
    );
}

#[test]
fn amendments_after_clearance_are_refused_with_their_codes() {
    let clock: Clock = Arc::new(Mutex::new(start()));
    let addr = serve(&clock);
    let server = format!("http://{addr}");
    let data = tempfile::tempdir().unwrap();
    declared(data.path(), &server, "1", true);
    declared(data.path(), &server, "2", false);
    let refused = |draft: &str, changes: Value, extra: &[&str]| {
        let file = write(data.path(), &format!("c{draft}.json"), &changes);
        let mut args = vec!["amend-tax", "--draft", draft, file.as_str()];
        args.extend_from_slice(extra);
        let (code, answer) = json(data.path(), &server, &args);
        assert_eq!(code, Some(1), "{answer:#}");
        assert!(answer["tax_amendment"].is_null(), "{answer:#}");
        answer["result"]["code"].as_str().unwrap().to_owned()
    };
    let reclassify = serde_json::json!({ "lines": [{ "line": 2, "hs_code": "84433990" }] });
    // Registered but not cleared (taxes unpaid).
    assert_eq!(refused("2", reclassify.clone(), &[]), "KB-S0060");
    // A line the declaration does not have.
    let missing = serde_json::json!({ "lines": [{ "line": 4, "hs_code": "84433990" }] });
    assert_eq!(refused("1", missing, &[]), "KB-S0062");
    // Nothing changed.
    let same = serde_json::json!({ "lines": [{ "line": 2, "hs_code": "84433131" }] });
    assert_eq!(refused("1", same, &[]), "KB-S0061");
    // Another user than the one who declared it (of another enterprise too).
    assert_eq!(
        refused("1", reclassify, &["--user", "OTHER001"]),
        "KB-S0080"
    );
    // A draft never declared has no number: nothing is sent (exit 2).
    let path = fixture("import-sea-container.json");
    khaibao(data.path(), &["import", path.to_str().unwrap()]);
    let file = write(data.path(), "x.json", &serde_json::json!({ "lines": [] }));
    let output = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "amend-tax",
            "--draft",
            "3",
            &file,
            "--server",
            &server,
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stdout(&output).contains("no number"), "{}", stdout(&output));
}

/// Over a connection in real VNACCS messages (the gateway the `vnaccs+http://` setting makes)
/// IDA and IDC go as VNACCS messages; AMA and AMC, which have no official layout in KhaiBao's
/// sources, go to the simulator by its JSON protocol, and the amendment is registered all the
/// same.
#[test]
fn over_vnaccs_messages_the_amendment_goes_to_the_simulator_as_json() {
    use khaibao::wire::{OfficerAction, Operation, PROTOCOL, Request, Response, Status};
    let clock: Clock = Arc::new(Mutex::new(start()));
    let addr = serve(&clock);
    let reader = Arc::clone(&clock);
    let mut gateway = khaibao::gateway::vnaccs::VnaccsHttp::simulator(
        &format!("http://{addr}"),
        khaibao::gateway::vnaccs::Login::default(),
        std::time::Duration::from_secs(30),
        Box::new(move || *reader.lock().unwrap()),
    )
    .unwrap();
    let mut counter = 0;
    let mut send = |operation: Operation| -> Response {
        counter += 1;
        let request = Request {
            protocol: PROTOCOL.into(),
            message_ref: format!("V-{counter:04}"),
            user_id: "KBTRN001".into(),
            operation,
        };
        let response = khaibao::gateway::Gateway::send(&mut gateway, &request).unwrap();
        assert_eq!(response.result.code, "00000", "{response:#?}");
        response
    };
    let declaration = khaibao::domain::file::from_json(
        &std::fs::read_to_string(fixture("import-sea-container.json")).unwrap(),
    )
    .unwrap();
    let number = send(Operation::RegisterProvisional {
        declaration: Box::new(declaration),
    })
    .declaration
    .unwrap()
    .number;
    send(Operation::RegisterOfficial { number });
    send(Operation::RegisterAttachments {
        application: Box::new(khaibao::domain::dossier::HysApplication {
            declaration: Some(number),
            office: "01AC".into(),
            team: String::new(),
            procedure: "10".into(),
            phone: "0243826".into(),
            remarks: String::new(),
            files: vec![
                khaibao::domain::dossier::AttachedFile::new(
                    khaibao::domain::dossier::DocumentKind::Invoice,
                    "hoa-don.pdf",
                    b"%PDF-1.4\n%%EOF\n",
                )
                .unwrap(),
            ],
        }),
    });
    for operation in [
        Operation::PayTaxes { number },
        Operation::Officer {
            number,
            action: OfficerAction::AcceptDocuments,
        },
        Operation::Officer {
            number,
            action: OfficerAction::PassInspection,
        },
    ] {
        let status = send(Operation::Reference { number })
            .declaration
            .unwrap()
            .status;
        if status == Status::Registered {
            send(operation);
        }
    }
    let changes: khaibao::domain::tax_changes::TaxChanges = serde_json::from_value(
        serde_json::json!({ "lines": [{ "line": 2, "hs_code": "84433990" }] }),
    )
    .unwrap();
    let ama = send(Operation::TaxAmendmentData { number, changes });
    let amendment = ama.tax_amendment.unwrap().number;
    let amc = send(Operation::RegisterTaxAmendment { number: amendment });
    // Line 2 alone: duty 8,030,715 + VAT 803,072 (see the first test).
    assert_eq!(
        amc.tax_amendment.unwrap().difference.total_difference_vnd,
        rust_decimal::Decimal::from(8_833_787)
    );
}

/// A mistyped item of a change set is told as the change set's error, with where it is (not as
/// a declaration file's), and nothing is sent.
#[test]
fn a_mistyped_change_set_is_refused_as_such_with_where() {
    let clock: Clock = Arc::new(Mutex::new(start()));
    let server = format!("http://{}", serve(&clock));
    let data = tempfile::tempdir().unwrap();
    declared(data.path(), &server, "1", true);
    // A mistyped item is a change set's error, with where it is (not a declaration's).
    let typo = write(
        data.path(),
        "typo.json",
        &serde_json::json!({"reason": "x", "lines": [{"line": 2, "hs": "84433990"}]}),
    );
    let refused = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "amend-tax",
            "--draft",
            "1",
            &typo,
            "--server",
            &server,
        ],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stdout(&refused));
    assert!(
        stdout(&refused).contains("The AMA change set in")
            && stdout(&refused).contains("wrong at \"lines[0]"),
        "{}",
        stdout(&refused)
    );
}
