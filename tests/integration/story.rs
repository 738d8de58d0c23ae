//! The simulated core's whole story, run identically through the in-process gateway and through
//! a real HTTP server on 127.0.0.1 (random port). Both use a test clock so that "7 days ± 1
//! second" is exact.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use khaibao::assess::lanes::{DEFAULT_RULES, LaneRules};
use khaibao::codes::CodeLists;
use khaibao::core_sim::Core;
use khaibao::domain::EventKind;
use khaibao::domain::dossier::{AttachedFile, DocumentKind, HysApplication, is_receipt_number};
use khaibao::domain::{Declaration, DeclarationNumber, Lane, file};
use khaibao::gateway::{Gateway, Http, InProcess};
use khaibao::wire::{OfficerAction, Operation, PROTOCOL, Request, Response, Status};

use crate::util::fixture;

pub(crate) type Clock = Arc<Mutex<DateTime<Utc>>>;

pub(crate) fn start() -> DateTime<Utc> {
    // 09:00 in Viet Nam on 2026-11-23.
    "2026-11-23T02:00:00Z".parse().unwrap()
}

fn core() -> Core {
    Core::in_memory(
        CodeLists::bundled().unwrap(),
        LaneRules::parse(DEFAULT_RULES).unwrap(),
    )
    .unwrap()
}

fn in_process() -> (Box<dyn Gateway>, Clock) {
    let clock: Clock = Arc::new(Mutex::new(start()));
    let reader = Arc::clone(&clock);
    let gateway = InProcess::with_clock(core(), Box::new(move || *reader.lock().unwrap()));
    (Box::new(gateway), clock)
}

/// A server on a free port of 127.0.0.1 with its own test clock; returns its address.
pub(crate) fn serve(clock: &Clock) -> std::net::SocketAddr {
    let reader = Arc::clone(clock);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime
            .block_on(khaibao::gateway::server::serve_with_clock(
                core(),
                Arc::new(move || *reader.lock().unwrap()),
                "127.0.0.1:0".parse().unwrap(),
                move |addr| tx.send(addr).unwrap(),
                std::future::pending(),
            ))
            .unwrap();
    });
    rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap()
}

/// The same server spoken to in real VNACCS messages (`POST /vnaccs`); the simulator's own
/// controls (paying, the officer, the clock) go by its JSON protocol.
fn over_http_in_vnaccs_messages() -> (Box<dyn Gateway>, Clock) {
    let clock: Clock = Arc::new(Mutex::new(start()));
    let addr = serve(&clock);
    let reader = Arc::clone(&clock);
    let gateway = khaibao::gateway::vnaccs::VnaccsHttp::simulator(
        &format!("http://{addr}"),
        khaibao::gateway::vnaccs::Login::default(),
        std::time::Duration::from_secs(30),
        Box::new(move || *reader.lock().unwrap()),
    )
    .unwrap();
    (Box::new(gateway), clock)
}

fn over_http() -> (Box<dyn Gateway>, Clock) {
    let clock: Clock = Arc::new(Mutex::new(start()));
    let addr = serve(&clock);
    let gateway = Http::new(
        &format!("http://{addr}"),
        std::time::Duration::from_secs(30),
    )
    .unwrap();
    (Box::new(gateway), clock)
}

struct Session {
    gateway: Box<dyn Gateway>,
    counter: u32,
    name: &'static str,
}

impl Session {
    fn send(&mut self, operation: Operation) -> Response {
        self.counter += 1;
        let request = Request {
            protocol: PROTOCOL.into(),
            message_ref: format!("{}-{:04}", self.name, self.counter),
            user_id: "KBTRN001".into(),
            operation,
        };
        self.gateway.send(&request).unwrap()
    }

    fn ok(&mut self, operation: Operation) -> Response {
        let response = self.send(operation);
        assert_eq!(
            response.result.code, "00000",
            "{}: {:#?}",
            self.name, response.result
        );
        response
    }
}

fn declaration() -> Declaration {
    file::from_json(&std::fs::read_to_string(fixture("import-sea-container.json")).unwrap())
        .unwrap()
}

fn number(r: &Response) -> DeclarationNumber {
    r.declaration.as_ref().unwrap().number
}

fn amend(s: &mut Session, n: DeclarationNumber, change: impl FnOnce(&mut Declaration)) -> Response {
    s.ok(Operation::CallUpForAmendment { number: n });
    let mut d = declaration();
    change(&mut d);
    s.ok(Operation::AmendmentData {
        number: n,
        declaration: Box::new(d),
    });
    s.ok(Operation::RegisterAmendment { number: n })
}

#[allow(clippy::too_many_lines)] // The story is one sequence on purpose: each step builds on the last.
fn whole_story(gateway: Box<dyn Gateway>, clock: &Clock, name: &'static str) {
    let mut s = Session {
        gateway,
        counter: 0,
        name,
    };

    // IDA: number 10 + sequence 1 + check 1 + branch 0; kept 7 days.
    let ida = s.ok(Operation::RegisterProvisional {
        declaration: Box::new(declaration()),
    });
    let n = number(&ida);
    assert_eq!(n.to_string(), "100000000110");
    let view = ida.declaration.as_ref().unwrap();
    assert_eq!(view.status, Status::Provisional);
    assert_eq!(view.expires_at, Some(start() + Duration::days(7)));
    assert!(view.assessment.total_payable_vnd > rust_decimal::Decimal::ZERO);

    // A correction before IDC (the official procedure): IDB calls it up, IDA goes again with
    // its number; the 7 days restart from the correction. IDA01 is no correction: refused.
    *clock.lock().unwrap() = start() + Duration::hours(2);
    let mut edited = declaration();
    edited.marks = Some("KB/EDITED".into());
    let not_amendment = s.send(Operation::AmendmentData {
        number: n,
        declaration: Box::new(edited.clone()),
    });
    assert_eq!(not_amendment.result.code, "E0223");
    s.ok(Operation::CallUp { number: n });
    let corrected = s.ok(Operation::CorrectProvisional {
        number: n,
        declaration: Box::new(edited),
    });
    assert_eq!(
        corrected.job.map(khaibao::domain::JobCode::code),
        Some("IDA")
    );
    assert_eq!(
        corrected.declaration.as_ref().unwrap().expires_at,
        Some(start() + Duration::hours(2) + Duration::days(7))
    );
    let idb = s.ok(Operation::CallUp { number: n });
    assert_eq!(
        idb.declaration
            .as_ref()
            .unwrap()
            .declaration
            .as_ref()
            .and_then(|d| d.marks.as_deref()),
        Some("KB/EDITED")
    );

    // IDC: lane by the rules — laptops need energy labelling and conformity certification
    // (the specialised-management table), so the documents are checked: yellow.
    let idc = s.ok(Operation::RegisterOfficial { number: n });
    let lane = idc.declaration.as_ref().unwrap().lane.clone().unwrap();
    assert_eq!(
        (lane.lane, lane.rule.as_str()),
        (Lane::Yellow, "specialised-management")
    );
    assert_eq!(
        s.send(Operation::RegisterOfficial { number: n })
            .result
            .code,
        "E0074"
    );
    // Registered: IDA with the number is refused; the way now is IDD → IDA01 → IDE.
    assert_eq!(
        s.send(Operation::CorrectProvisional {
            number: n,
            declaration: Box::new(declaration()),
        })
        .result
        .code,
        "E0220"
    );

    // Two amendments: branch 1 then 2, lane never lower than yellow.
    let first = amend(&mut s, n, |d| {
        d.goods[0].description = Some("Máy tính xách tay KB-14 (sửa mô tả)".into());
    });
    assert_eq!(number(&first).to_string(), "100000000111");
    let second = amend(&mut s, n, |d| d.notes = Some("Sửa đổi lần 2".into()));
    let view = second.declaration.as_ref().unwrap();
    assert_eq!(view.number.to_string(), "100000000112");
    assert_eq!(view.amendments, 2);
    assert!(view.lane.as_ref().unwrap().lane >= Lane::Yellow);

    // An amendment may not change a locked field: refused, naming the field.
    s.ok(Operation::CallUpForAmendment { number: n });
    let mut locked = declaration();
    locked.type_code = Some("A12".into());
    let refused = s.send(Operation::AmendmentData {
        number: n,
        declaration: Box::new(locked),
    });
    assert_eq!(refused.result.code, "KB-S0020");
    assert_eq!(refused.findings[0].path, "type_code");
    assert_eq!(refused.findings[0].code, "KB-E0701");

    // Cancel on request.
    let cancelled = s.ok(Operation::Cancel {
        number: n,
        reason: "Hàng không về".into(),
    });
    assert_eq!(
        cancelled.declaration.as_ref().unwrap().status,
        Status::Cancelled
    );
    assert_eq!(
        s.send(Operation::CallUpForAmendment { number: n })
            .result
            .code,
        "KB-S0022"
    );

    // A repeated message reference returns the first answer and creates nothing.
    let request = Request {
        protocol: PROTOCOL.into(),
        message_ref: format!("{name}-repeat"),
        user_id: "KBTRN001".into(),
        operation: Operation::RegisterProvisional {
            declaration: Box::new(declaration()),
        },
    };
    let once = s.gateway.send(&request).unwrap();
    let twice = s.gateway.send(&request).unwrap();
    assert_eq!(once, twice);
    assert_eq!(number(&once).sequence(), 2);
    let next = s.ok(Operation::RegisterProvisional {
        declaration: Box::new(declaration()),
    });
    assert_eq!(
        number(&next).sequence(),
        3,
        "the repeat must not have used a number"
    );
    // The same reference with another request is refused. In VNACCS messages the key (data
    // info) holds the job: another job under the same reference is another message.
    let mut other = request.clone();
    other.operation = Operation::CallUp { number: n };
    let second_use = s.gateway.send(&other).unwrap().result.code;
    assert_eq!(
        second_use,
        if name == "vnaccs" {
            "00000"
        } else {
            "KB-S0030"
        }
    );

    // Expiry: 7 days after the last edit, to the second, with an advanced simulated clock.
    let expiring = number(&next);
    let registered_at = next.processed_at;
    let to_just_before = (registered_at + Duration::days(7)
        - Duration::seconds(1)
        - s.ok(Operation::AdvanceClock { seconds: 0 }).processed_at)
        .num_seconds();
    let advanced = s.ok(Operation::AdvanceClock {
        seconds: to_just_before,
    });
    assert_eq!(
        advanced.processed_at,
        registered_at + Duration::days(7) - Duration::seconds(1)
    );
    let still = s.ok(Operation::CallUp { number: expiring });
    assert_eq!(
        still.declaration.as_ref().unwrap().status,
        Status::Provisional
    );
    s.ok(Operation::AdvanceClock { seconds: 2 });
    let expired = s.send(Operation::RegisterOfficial { number: expiring });
    assert_eq!(expired.result.code, "KB-S0010");
    assert_eq!(
        expired.declaration.as_ref().unwrap().status,
        Status::Expired
    );

    // Nine amendments at most: the tenth is refused. (New week: fresh IDA, then IDC.)
    let fresh = s.ok(Operation::RegisterProvisional {
        declaration: Box::new(declaration()),
    });
    let m = number(&fresh);
    s.ok(Operation::RegisterOfficial { number: m });
    for branch in 1..=9u8 {
        let r = amend(&mut s, m, |d| {
            d.notes = Some(format!("Sửa đổi lần {branch}"));
        });
        assert_eq!(number(&r).branch(), branch);
    }
    assert_eq!(
        s.send(Operation::CallUpForAmendment { number: m })
            .result
            .code,
        "E0399"
    );

    // Clearance after the officer steps of the lane, once taxes are paid.
    let cleared = s.ok(Operation::RegisterProvisional {
        declaration: Box::new(declaration()),
    });
    let c = number(&cleared);
    let registered = s.ok(Operation::RegisterOfficial { number: c });
    let lane = registered
        .declaration
        .as_ref()
        .unwrap()
        .lane
        .as_ref()
        .unwrap()
        .lane;
    s.ok(Operation::PayTaxes { number: c });
    // Laptops are under specialised management: documents checked at least.
    assert!(lane >= Lane::Yellow);
    documents_sent_requested_and_accepted(&mut s, c);
    if lane == Lane::Red {
        s.ok(Operation::Officer {
            number: c,
            action: OfficerAction::PassInspection,
        });
    }
    let reference = s.ok(Operation::Reference { number: c });
    let view = reference.declaration.unwrap();
    assert_eq!(view.status, Status::Cleared);
    assert!(
        view.events.iter().any(|e| e.kind == EventKind::Cleared),
        "{:#?}",
        view.events
    );
}

/// An HYS application for declaration `number` with one small PDF named `name`.
fn dossier(number: DeclarationNumber, name: &str) -> Operation {
    let pdf = format!("%PDF-1.4\n% {name}\n%%EOF\n");
    Operation::RegisterAttachments {
        application: Box::new(HysApplication {
            declaration: Some(number),
            office: "01AC".into(),
            team: "00".into(),
            procedure: "10".into(),
            phone: "024 3826 1234".into(),
            remarks: "Hồ sơ kèm tờ khai".into(),
            files: vec![AttachedFile::new(DocumentKind::Invoice, name, pdf.as_bytes()).unwrap()],
        }),
    }
}

/// The documents of a yellow or red lane: the officer cannot accept them before a dossier
/// arrives (KB-S0071); HYS gives a receipt number in the guide's structure; the officer asks
/// for more, which again waits for another dossier; then accepts.
fn documents_sent_requested_and_accepted(s: &mut Session, c: DeclarationNumber) {
    let accept = || Operation::Officer {
        number: c,
        action: OfficerAction::AcceptDocuments,
    };
    assert_eq!(s.send(accept()).result.code, "KB-S0071");
    let first = s.ok(dossier(c, "hoa-don.pdf"));
    let receipt = first.attachment.unwrap();
    assert!(is_receipt_number(&receipt.number), "{}", receipt.number);
    assert!(receipt.number.starts_with("10"), "{}", receipt.number);
    assert_eq!((receipt.class.as_str(), receipt.files), ("INV", 1));
    s.ok(Operation::Officer {
        number: c,
        action: OfficerAction::RequestDocuments,
    });
    let asked = s.ok(Operation::Reference { number: c });
    assert!(asked.declaration.unwrap().documents_requested);
    assert_eq!(s.send(accept()).result.code, "KB-S0071");
    let second = s.ok(dossier(c, "phieu-dong-goi.pdf")).attachment.unwrap();
    assert_ne!(second.number, receipt.number);
    s.ok(accept());
    let view = s
        .ok(Operation::Reference { number: c })
        .declaration
        .unwrap();
    assert_eq!(view.dossiers, [receipt.number, second.number]);
    assert!(!view.documents_requested);
    assert!(
        view.events
            .iter()
            .any(|e| e.kind == EventKind::DocumentsRequested)
    );
}

#[test]
fn the_whole_story_in_vnaccs_messages() {
    let (gateway, clock) = over_http_in_vnaccs_messages();
    whole_story(gateway, &clock, "vnaccs");
}

#[test]
fn the_whole_story_in_process() {
    let (gateway, clock) = in_process();
    whole_story(gateway, &clock, "inproc");
}

#[test]
fn the_whole_story_over_http() {
    let (gateway, clock) = over_http();
    whole_story(gateway, &clock, "http");
}

#[test]
fn the_server_answers_400_with_json_to_a_malformed_request() {
    let (gateway, _clock) = over_http();
    let url = gateway.describe().en;
    let client = reqwest::blocking::Client::new();
    for body in [
        "not json",
        "{}",
        r#"{"protocol":"khaibao-sim/1"}"#,
        "[1,2,3]",
    ] {
        let answer = client.post(&url).body(body).send().unwrap();
        assert_eq!(answer.status().as_u16(), 400, "{body}");
        let json: serde_json::Value = answer.json().unwrap();
        assert_eq!(json["error"]["code"], "KB-S0001");
        assert!(!json["error"]["message_vi"].as_str().unwrap().is_empty());
    }
    let health: serde_json::Value = client
        .get(url.replace("/v1/messages", "/v1/health"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(health["status"], "ok");
}

#[test]
fn an_unreachable_server_is_a_clear_error() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let mut gateway = Http::new("http://127.0.0.1:9", std::time::Duration::from_secs(5)).unwrap();
    let request = Request {
        protocol: PROTOCOL.into(),
        message_ref: "x".into(),
        user_id: "KBTRN001".into(),
        operation: Operation::AdvanceClock { seconds: 0 },
    };
    let err = gateway.send(&request).unwrap_err().to_string();
    assert!(err.contains("Không kết nối được"), "{err}");
    assert!(err.contains("Nothing was sent"), "{err}");
}

#[test]
fn a_tenth_amendment_in_vnaccs_messages_is_refused_with_e0399_and_its_official_text() {
    let (gateway, _clock) = over_http_in_vnaccs_messages();
    let mut s = Session {
        gateway,
        counter: 0,
        name: "e0399",
    };
    let ida = s.ok(Operation::RegisterProvisional {
        declaration: Box::new(declaration()),
    });
    let n = number(&ida);
    s.ok(Operation::RegisterOfficial { number: n });
    for k in 1..=9 {
        let amended = amend(&mut s, n, |d| d.notes = Some(format!("Sửa đổi lần {k}")));
        assert_eq!(number(&amended).branch(), k);
    }
    let tenth = s.send(Operation::CallUpForAmendment { number: n });
    assert_eq!(tenth.result.code, "E0399");
    // The official meaning of the IDD table, and its remedy.
    assert!(
        tenth
            .result
            .message_vi
            .contains("Đã đăng ký chỉnh sửa hơn 9 lần"),
        "{}",
        tenth.result.message_vi
    );
    assert!(tenth.result.message_vi.contains("Xử lý:"));
}

#[test]
fn an_fta_import_goes_in_vnaccs_messages_though_its_c_o_form_has_no_item() {
    let (gateway, _clock) = over_http_in_vnaccs_messages();
    let mut s = Session {
        gateway,
        counter: 0,
        name: "fta",
    };
    let fta: Declaration =
        file::from_json(&std::fs::read_to_string(fixture("import-air-fta.json")).unwrap()).unwrap();
    assert!(fta.goods.iter().any(|g| g.co_form.is_some()));
    let ida = s.ok(Operation::RegisterProvisional {
        declaration: Box::new(fta),
    });
    let n = number(&ida);
    let idc = s.ok(Operation::RegisterOfficial { number: n });
    assert!(idc.declaration.unwrap().lane.is_some());
}

#[test]
fn the_exact_bytes_kept_are_the_last_requests_never_an_earlier_ones() {
    let (gateway, _clock) = over_http_in_vnaccs_messages();
    let mut s = Session {
        gateway,
        counter: 0,
        name: "bytes",
    };
    s.ok(Operation::RegisterProvisional {
        declaration: Box::new(declaration()),
    });
    // The IDA's bytes are not taken; a training control (JSON, no VNACCS bytes) comes next.
    s.ok(Operation::AdvanceClock { seconds: 0 });
    assert!(s.gateway.last_exchange().is_none());
    let ida = s.ok(Operation::RegisterProvisional {
        declaration: Box::new(declaration()),
    });
    let exchange = s.gateway.last_exchange().unwrap();
    assert_eq!(&exchange.sent[..8], b"SS IDA  ");
    assert_eq!(&exchange.received[..8], b"SSRIDA  ");
    assert!(ida.result.is_success());
}
