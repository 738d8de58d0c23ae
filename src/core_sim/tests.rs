//! The core's refusals and time rules, in-process with a fixed clock.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::assess::lanes::DEFAULT_RULES;
use crate::wire::{OfficerAction, Operation, PROTOCOL, Request, Response, Status};

fn start() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().unwrap()
}

struct Sim {
    core: Core,
    now: DateTime<Utc>,
    n: u32,
}

impl Sim {
    fn new() -> Self {
        Self::with_rules(DEFAULT_RULES)
    }

    fn with_rules(rules: &str) -> Self {
        let core = Core::in_memory(
            CodeLists::bundled().unwrap(),
            LaneRules::parse(rules).unwrap(),
        )
        .unwrap();
        Self {
            core,
            now: start(),
            n: 0,
        }
    }

    fn send(&mut self, operation: Operation) -> Response {
        self.n += 1;
        let request = Request {
            protocol: PROTOCOL.into(),
            message_ref: format!("T{}", self.n),
            user_id: "KBTRN001".into(),
            operation,
        };
        self.core.handle(&request, self.now)
    }

    fn ok(&mut self, operation: Operation) -> Response {
        let r = self.send(operation);
        assert_eq!(r.result.code, "00000", "{:#?} {:#?}", r.result, r.findings);
        r
    }

    /// HYS with one small PDF, for declaration `number` (or none); the receipt number.
    fn dossier(&mut self, number: Option<DeclarationNumber>) -> String {
        self.ok(hys(number)).attachment.unwrap().number
    }

    fn ida(&mut self, d: Declaration) -> DeclarationNumber {
        self.ok(Operation::RegisterProvisional {
            declaration: Box::new(d),
        })
        .declaration
        .unwrap()
        .number
    }
}

fn hys(number: Option<DeclarationNumber>) -> Operation {
    use crate::domain::dossier::{AttachedFile, DocumentKind, HysApplication};
    Operation::RegisterAttachments {
        application: Box::new(HysApplication {
            declaration: number,
            office: "01AC".into(),
            team: String::new(),
            procedure: "10".into(),
            phone: "0912 345 678".into(),
            remarks: String::new(),
            files: vec![
                AttachedFile::new(DocumentKind::BillOfLading, "bl.pdf", b"%PDF-1.4\n%%EOF\n")
                    .unwrap(),
            ],
        }),
    }
}

fn import() -> Declaration {
    crate::domain::file::from_json(include_str!(
        "../../tests/fixtures/import-sea-container.json"
    ))
    .unwrap()
}

fn export() -> Declaration {
    crate::domain::file::from_json(include_str!("../../tests/fixtures/export-sea.json")).unwrap()
}

#[test]
fn a_declaration_kept_before_owners_were_recorded_is_anyones_and_a_new_one_its_declarants() {
    let mut sim = Sim::new();
    let old = sim.ida(import());
    let new = sim.ida(import());
    // The record as it was stored before the declaring user ID was kept (no `user_id`).
    let base = old.base();
    let mut record = storage::load(&sim.core.conn, &base).unwrap().unwrap();
    record.user_id = None;
    storage::save(&sim.core.conn, &record).unwrap();
    let text: String = sim
        .core
        .conn
        .query_row(
            "SELECT record FROM declarations WHERE base = ?1",
            [&base],
            |r| r.get(0),
        )
        .unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json.as_object_mut().unwrap().remove("user_id");
    sim.core
        .conn
        .execute(
            "UPDATE declarations SET record = ?1 WHERE base = ?2",
            rusqlite::params![json.to_string(), base],
        )
        .unwrap();
    let by_other = |sim: &mut Sim, number| {
        sim.n += 1;
        sim.core.handle(
            &Request {
                protocol: PROTOCOL.into(),
                message_ref: format!("T{}", sim.n),
                user_id: "OTHER001".into(),
                operation: Operation::CallUp { number },
            },
            sim.now,
        )
    };
    assert!(by_other(&mut sim, old).result.is_success());
    assert_eq!(by_other(&mut sim, new).result.code, "U0100");
}

#[test]
fn export_numbers_start_with_30_and_sequences_are_separate() {
    let mut sim = Sim::new();
    assert_eq!(sim.ida(import()).to_string(), "100000000110");
    assert_eq!(sim.ida(export()).to_string(), "300000000110");
    assert_eq!(sim.ida(import()).to_string(), "100000000220");
}

#[test]
fn invalid_declarations_are_refused_with_their_findings_and_get_no_number() {
    let mut sim = Sim::new();
    let mut d = import();
    d.type_code = Some("A19".into());
    let r = sim.send(Operation::RegisterProvisional {
        declaration: Box::new(d),
    });
    assert_eq!(r.result.code, "KB-S0011");
    assert!(r.findings.iter().any(|f| f.code == "KB-E0301"));
    assert!(r.declaration.is_none());
    assert_eq!(
        sim.ida(import()).sequence(),
        1,
        "a refused IDA must not use a number"
    );
}

#[test]
fn a_line_whose_tariff_gives_guidance_instead_of_a_rate_needs_a_manual_rate() {
    // Motor cars of 8702–8704: the 2026 tariff says "Theo hướng dẫn … Chương 98" for MFN.
    let mut sim = Sim::new();
    let mut d = import();
    d.goods[0].hs_code = Some("87021010".into());
    let r = sim.send(Operation::RegisterProvisional {
        declaration: Box::new(d),
    });
    assert_eq!(r.result.code, "KB-S0012");
    assert_eq!(r.findings[0].code, "KB-E0602");
    // A code that is no line of the tariff is refused by validation first.
    let mut d = import();
    d.goods[0].hs_code = Some("01019999".into());
    let r = sim.send(Operation::RegisterProvisional {
        declaration: Box::new(d),
    });
    assert_eq!(r.result.code, "KB-S0011");
    assert!(r.findings.iter().any(|f| f.code == "KB-E0326"));
}

#[test]
fn the_weeks_rate_turns_at_midnight_in_viet_nam_not_utc() {
    // The rate of Monday 30/11 applies from 00:00 UTC+7 = 17:00 UTC on Sunday 29/11.
    for (idc_at, code) in [
        ("2026-11-29T16:59:59Z", "00000"),
        ("2026-11-29T17:00:01Z", "E1103"),
    ] {
        let mut sim = Sim::new();
        sim.now = "2026-11-29T03:00:00Z".parse().unwrap();
        let n = sim.ida(import());
        sim.now = idc_at.parse().unwrap();
        assert_eq!(
            sim.send(Operation::RegisterOfficial { number: n })
                .result
                .code,
            code,
            "{idc_at}"
        );
    }
}

#[test]
fn a_changed_exchange_rate_refuses_idc_until_the_provisional_data_is_sent_again() {
    let mut sim = Sim::new();
    // IDA on Sunday 29/11 (USD 26,180); IDC on Monday 30/11 (USD 26,200).
    sim.now = "2026-11-29T03:00:00Z".parse().unwrap();
    let n = sim.ida(import());
    sim.now = "2026-11-30T03:00:00Z".parse().unwrap();
    assert_eq!(
        sim.send(Operation::RegisterOfficial { number: n })
            .result
            .code,
        "E1103"
    );
    sim.ok(Operation::CallUp { number: n });
    sim.ok(Operation::CorrectProvisional {
        number: n,
        declaration: Box::new(import()),
    });
    sim.ok(Operation::RegisterOfficial { number: n });
}

/// The history's job codes, oldest first.
fn jobs_in_history(sim: &mut Sim, n: DeclarationNumber) -> Vec<String> {
    sim.ok(Operation::Reference { number: n })
        .declaration
        .unwrap()
        .events
        .iter()
        .map(|e| e.kind.code().to_owned())
        .collect()
}

#[test]
fn before_idc_a_correction_is_idb_then_ida_with_the_number() {
    let mut sim = Sim::new();
    let n = sim.ida(import());
    sim.now += Duration::days(3);
    let called = sim.ok(Operation::CallUp { number: n });
    assert_eq!(called.job, Some(JobCode::Business(BusinessCode::IDB)));
    assert!(called.declaration.unwrap().declaration.is_some());
    let mut corrected = import();
    corrected.notes = Some("Khai báo sửa trước khi đăng ký".into());
    let answer = sim.ok(Operation::CorrectProvisional {
        number: n,
        declaration: Box::new(corrected),
    });
    // The same business code as the first IDA; the number stays, the 7 days restart.
    assert_eq!(answer.job, Some(JobCode::Business(BusinessCode::IDA)));
    let view = answer.declaration.unwrap();
    assert_eq!((view.number, view.status), (n, Status::Provisional));
    assert_eq!(
        view.expires_at,
        Some(sim.now + Duration::days(PROVISIONAL_DAYS))
    );
    // The data is replaced.
    let stored = sim
        .ok(Operation::CallUp { number: n })
        .declaration
        .unwrap()
        .declaration
        .unwrap();
    assert_eq!(
        stored.notes.as_deref(),
        Some("Khai báo sửa trước khi đăng ký")
    );
    // The history: IDA, then the correction as IDA again (the call-ups change nothing there).
    assert_eq!(jobs_in_history(&mut sim, n), ["IDA", "IDA"]);
    // An export is corrected the same way, with its own codes.
    let e = sim.ida(export());
    sim.ok(Operation::CallUp { number: e });
    let answer = sim.ok(Operation::CorrectProvisional {
        number: e,
        declaration: Box::new(export()),
    });
    assert_eq!(answer.job, Some(JobCode::Business(BusinessCode::EDA)));
}

#[test]
fn after_idc_ida_with_the_number_is_refused_with_e0220() {
    let mut sim = Sim::new();
    let n = sim.ida(import());
    sim.ok(Operation::RegisterOfficial { number: n });
    let refused = sim.send(Operation::CorrectProvisional {
        number: n,
        declaration: Box::new(import()),
    });
    assert_eq!(refused.result.code, "E0220");
    assert_eq!(refused.job, Some(JobCode::Business(BusinessCode::IDA)));
    // Said in both languages, each apart.
    assert!(refused.result.message_vi.contains("IDD/EDD"));
    assert!(refused.result.message_en.contains("amend it"));
    assert_ne!(refused.result.message_vi, refused.result.message_en);
    // Nothing changed: still registered, branch 0, no amendment under way.
    let view = sim
        .ok(Operation::Reference { number: n })
        .declaration
        .unwrap();
    assert_eq!((view.status, view.number), (Status::Registered, n));
    assert!(!view.amendment_pending);
}

#[test]
fn ida01_on_a_provisional_declaration_is_refused_with_e0223() {
    let mut sim = Sim::new();
    let n = sim.ida(import());
    let mut changed = import();
    changed.notes = Some("Không phải sửa đổi".into());
    let refused = sim.send(Operation::AmendmentData {
        number: n,
        declaration: Box::new(changed),
    });
    assert_eq!(refused.result.code, "E0223");
    assert_eq!(refused.job, Some(JobCode::Business(BusinessCode::IDA01)));
    let stored = sim
        .ok(Operation::CallUp { number: n })
        .declaration
        .unwrap()
        .declaration
        .unwrap();
    assert_eq!(stored.notes, import().notes, "the data is unchanged");
    assert_eq!(jobs_in_history(&mut sim, n), ["IDA"]);
}

#[test]
fn after_idc_an_amendment_is_idd_then_ida01_then_ide() {
    let mut sim = Sim::new();
    let n = sim.ida(import());
    sim.ok(Operation::RegisterOfficial { number: n });
    // IDA01 without IDD first is refused.
    let amended = || {
        let mut d = import();
        d.notes = Some("Sửa đổi sau thông quan".into());
        Box::new(d)
    };
    assert_eq!(
        sim.send(Operation::AmendmentData {
            number: n,
            declaration: amended(),
        })
        .result
        .code,
        "KB-S0021"
    );
    sim.ok(Operation::CallUpForAmendment { number: n });
    let data = sim.ok(Operation::AmendmentData {
        number: n,
        declaration: amended(),
    });
    assert_eq!(data.job, Some(JobCode::Business(BusinessCode::IDA01)));
    assert!(data.declaration.unwrap().amendment_pending);
    let registered = sim
        .ok(Operation::RegisterAmendment { number: n })
        .declaration
        .unwrap();
    assert_eq!(registered.number.branch(), 1);
    assert_eq!(registered.amendments, 1);
    let history = jobs_in_history(&mut sim, n);
    assert!(
        history.ends_with(&["IDA01".to_owned(), "IDE".to_owned()]),
        "{history:?}"
    );
}

#[test]
fn enterprises_with_tax_debt_or_a_closed_tax_code_are_refused_at_idc() {
    let mut sim = Sim::new();
    for (tax_code, code) in [("0108888888", "E8000"), ("0107777777", "E8001")] {
        let mut d = import();
        d.declarant.tax_code = Some(tax_code.into());
        let n = sim.ida(d);
        assert_eq!(
            sim.send(Operation::RegisterOfficial { number: n })
                .result
                .code,
            code
        );
    }
}

/// The officer step "goods at the border / in the customs area"; the declaration's view after it.
fn goods_at_border(sim: &mut Sim, n: DeclarationNumber) -> Box<crate::wire::DeclarationView> {
    sim.ok(Operation::Officer {
        number: n,
        action: OfficerAction::GoodsAtBorder,
    });
    sim.ok(Operation::Reference { number: n })
        .declaration
        .unwrap()
}

/// The status a declaration has after `days` (and `seconds`) from `start()`.
fn status_after(sim: &mut Sim, n: DeclarationNumber, days: i64, seconds: i64) -> Status {
    sim.now = start() + Duration::days(days) + Duration::seconds(seconds);
    sim.ok(Operation::Reference { number: n })
        .declaration
        .unwrap()
        .status
}

#[test]
fn a_registered_import_whose_goods_never_arrive_lapses_after_15_days() {
    // TT 38/2015 art. 22.1 (TT 39/2018): the condition is true — the declared arrival is after
    // the 15th day and no manifest (officer step) says the goods came.
    let mut sim = Sim::new();
    let mut d = import();
    d.arrival_date = NaiveDate::from_ymd_opt(2026, 12, 31);
    let n = sim.ida(d);
    let registered = sim.ok(Operation::RegisterOfficial { number: n });
    let deadline = start() + Duration::days(15);
    assert_eq!(
        registered.declaration.unwrap().cancel_deadline,
        Some(deadline),
        "the deadline is shown while it can still happen"
    );
    assert_eq!(status_after(&mut sim, n, 15, -1), Status::Registered);
    sim.now = start() + Duration::days(15) - Duration::seconds(1);
    let r = sim.ok(Operation::AdvanceClock { seconds: 1 });
    assert_eq!(r.processed_at, deadline);
    let view = sim
        .ok(Operation::Reference { number: n })
        .declaration
        .unwrap();
    assert_eq!(view.status, Status::Cancelled);
    assert_eq!(view.cancelled_at, Some(deadline));
    let lapsed = view
        .events
        .iter()
        .find(|e| e.kind == EventKind::AutoCancel)
        .unwrap();
    assert!(
        lapsed.detail_vi.contains("chưa đến cửa khẩu"),
        "{}",
        lapsed.detail_vi
    );
    assert_eq!(
        sim.send(Operation::PayTaxes { number: n }).result.code,
        "KB-S0040"
    );
}

#[test]
fn a_registered_import_whose_goods_arrived_stays_registered_owing_its_taxes() {
    // The issue's case: sea import, goods arrived 20/11 (before registration), lane 2,
    // documents accepted, taxes not paid, 16 days later: still registered, never cancelled.
    let mut sim = Sim::with_rules(&forced(2));
    let n = sim.ida(import());
    let registered = sim.ok(Operation::RegisterOfficial { number: n });
    let view = registered.declaration.unwrap();
    assert_eq!(view.lane.unwrap().lane, Lane::Yellow);
    assert_eq!(view.cancel_deadline, None, "no lapse can happen");
    sim.dossier(Some(n));
    sim.ok(Operation::Officer {
        number: n,
        action: OfficerAction::AcceptDocuments,
    });
    assert_eq!(status_after(&mut sim, n, 16, 0), Status::Registered);
    assert_eq!(status_after(&mut sim, n, 90, 0), Status::Registered);
    sim.ok(Operation::PayTaxes { number: n });
    assert_eq!(status_after(&mut sim, n, 90, 1), Status::Cleared);
}

#[test]
fn goods_arriving_before_the_15th_day_or_confirmed_by_an_officer_keep_it_registered() {
    // Declared to arrive on 05/12, within the 15 days (deadline 08/12 09:00 in Viet Nam).
    let mut sim = Sim::new();
    let mut d = import();
    d.arrival_date = NaiveDate::from_ymd_opt(2026, 12, 5);
    let n = sim.ida(d);
    sim.ok(Operation::RegisterOfficial { number: n });
    assert_eq!(status_after(&mut sim, n, 20, 0), Status::Registered);
    // Declared after the 15 days, but the manifest (officer step) says the goods came.
    let mut sim = Sim::new();
    let mut d = import();
    d.arrival_date = NaiveDate::from_ymd_opt(2026, 12, 31);
    let n = sim.ida(d);
    sim.ok(Operation::RegisterOfficial { number: n });
    sim.now = start() + Duration::days(3);
    let view = goods_at_border(&mut sim, n);
    assert!(
        view.events
            .iter()
            .any(|e| e.kind == EventKind::GoodsArrived)
    );
    assert_eq!(view.cancel_deadline, None);
    assert_eq!(status_after(&mut sim, n, 16, 0), Status::Registered);
    // Said twice: not applicable.
    assert_eq!(
        sim.send(Operation::Officer {
            number: n,
            action: OfficerAction::GoodsAtBorder,
        })
        .result
        .code,
        codes::NOT_APPLICABLE.0
    );
}

#[test]
fn a_green_export_cleared_at_registration_still_lapses_if_its_goods_never_come() {
    let mut sim = Sim::with_rules(&forced(1));
    let n = sim.ida(export());
    let cleared = sim.ok(Operation::RegisterOfficial { number: n });
    let view = cleared.declaration.unwrap();
    assert_eq!(view.status, Status::Cleared);
    assert_eq!(view.cancel_deadline, Some(start() + Duration::days(15)));
    assert_eq!(status_after(&mut sim, n, 15, -1), Status::Cleared);
    assert_eq!(status_after(&mut sim, n, 15, 0), Status::Cancelled);
    // The same with the goods brought to the port: it stays cleared.
    let mut sim = Sim::with_rules(&forced(1));
    let n = sim.ida(export());
    sim.ok(Operation::RegisterOfficial { number: n });
    sim.ok(Operation::Officer {
        number: n,
        action: OfficerAction::GoodsAtBorder,
    });
    assert_eq!(status_after(&mut sim, n, 30, 0), Status::Cleared);
}

#[test]
fn an_export_lapses_unless_its_goods_were_brought_into_the_customs_area() {
    // Yellow lane, documents not yet accepted: registered, not cleared.
    let mut sim = Sim::with_rules(&forced(2));
    let n = sim.ida(export());
    sim.ok(Operation::RegisterOfficial { number: n });
    assert_eq!(status_after(&mut sim, n, 15, -1), Status::Registered);
    assert_eq!(status_after(&mut sim, n, 15, 0), Status::Cancelled);

    let mut sim = Sim::with_rules(&forced(2));
    let n = sim.ida(export());
    sim.ok(Operation::RegisterOfficial { number: n });
    let view = goods_at_border(&mut sim, n);
    assert!(
        view.events
            .iter()
            .any(|e| e.kind == EventKind::GoodsPresented)
    );
    assert_eq!(status_after(&mut sim, n, 30, 0), Status::Registered);
}

/// The PAY event's Vietnamese text after paying on `paid_at`, for an import registered on
/// 23/11/2026 with payment deadline code `code`.
fn paid(code: &str, paid_at: &str) -> (Status, String) {
    let mut sim = Sim::with_rules(&forced(1));
    let mut d = import();
    d.payment_deadline_code = Some(code.into());
    let n = sim.ida(d);
    let registered = sim.ok(Operation::RegisterOfficial { number: n });
    let status = registered.declaration.unwrap().status;
    sim.now = paid_at.parse().unwrap();
    sim.ok(Operation::PayTaxes { number: n });
    let view = sim
        .ok(Operation::Reference { number: n })
        .declaration
        .unwrap();
    let pay = view
        .events
        .iter()
        .find(|e| e.kind == EventKind::Job(TrainingControl::Pay.into()))
        .unwrap();
    (status, pay.detail_vi.clone())
}

#[test]
fn deferred_taxes_are_due_on_the_10th_of_next_month_then_accrue_0_03_percent_a_day() {
    // Deferral without guarantee (C): released at once, due 10/12/2026 (Law 38/2019 art. 55.2).
    let (status, on_time) = paid("C", "2026-12-10T16:59:59Z");
    assert_eq!(status, Status::Cleared, "released before payment");
    assert!(!on_time.contains("chậm"), "{on_time}");
    // Paid on 11/12 in Viet Nam (17:00:01 UTC on the 10th): no day between due and payment.
    let (_, next_day) = paid("C", "2026-12-10T17:00:01Z");
    assert!(!next_day.contains("chậm"), "{next_day}");
    // Paid on 16/12: interest for 11–15/12, 5 days (art. 59.2.b), 0.03 % a day (art. 59.2.a).
    let (_, late) = paid("C", "2026-12-16T03:00:00Z");
    assert!(late.contains("chậm 5 ngày"), "{late}");
    // Released in December: due 10/01/2027, a Sunday, so Monday 11/01; paid on the 12th: none.
    let mut sim = Sim::with_rules(&forced(1));
    sim.now = "2026-12-15T03:00:00Z".parse().unwrap();
    let mut d = import();
    d.payment_deadline_code = Some("C".into());
    d.arrival_date = NaiveDate::from_ymd_opt(2026, 12, 14);
    d.invoice.date = NaiveDate::from_ymd_opt(2026, 12, 1);
    let n = sim.ida(d);
    sim.ok(Operation::RegisterOfficial { number: n });
    sim.now = "2027-01-12T03:00:00Z".parse().unwrap();
    sim.ok(Operation::PayTaxes { number: n });
    let view = sim
        .ok(Operation::Reference { number: n })
        .declaration
        .unwrap();
    let pay = view
        .events
        .iter()
        .find(|e| e.kind == EventKind::Job(TrainingControl::Pay.into()))
        .unwrap();
    assert!(!pay.detail_vi.contains("chậm"), "{}", pay.detail_vi);
    // Pay now (D): the goods wait for the taxes; nothing accrues however long it takes.
    let (status, waited) = paid("D", "2027-02-01T03:00:00Z");
    assert_eq!(status, Status::Registered);
    assert!(!waited.contains("chậm"), "{waited}");
}

#[test]
fn late_interest_is_the_taxes_times_0_03_percent_times_the_days_rounded_to_the_dong() {
    // Green: released (cleared) at registration on 23/11, so due on 10/12.
    let mut sim = Sim::with_rules(&forced(1));
    let mut d = import();
    d.payment_deadline_code = Some("C".into());
    let n = sim.ida(d);
    sim.ok(Operation::RegisterOfficial { number: n });
    let Ok(record) = Core::load(&sim.core.conn, n, sim.now) else {
        panic!("the declaration is stored");
    };
    assert_eq!(record.payment_due(), NaiveDate::from_ymd_opt(2026, 12, 10));
    let taxes = record.assessment.total_payable_vnd;
    assert!(taxes > Decimal::ZERO);
    let (days, interest) = record.late_interest(NaiveDate::from_ymd_opt(2026, 12, 16).unwrap());
    assert_eq!(days, 5);
    assert_eq!(
        interest,
        crate::assess::round_vnd(taxes * Decimal::new(3, 4) * Decimal::from(5))
    );
    assert_eq!(
        record.late_interest(NaiveDate::from_ymd_opt(2026, 12, 11).unwrap()),
        (0, Decimal::ZERO)
    );
}

/// Lane rules that put the two example declarants in `lane`, as an instructor would.
fn forced(lane: u8) -> String {
    format!(
        r#"
seed = 1
[random]
red_percent = 0
yellow_percent = 0
[[rule]]
name = "forced-lane-{lane}-for-training"
lane = {lane}
declarants = ["0301234567", "3600123456"]
reason_vi = "Giảng viên chỉ định luồng {lane}"
reason_en = "Lane {lane} set by the instructor"
"#
    )
}

const FORCED_RED: &str = r#"
seed = 1
[random]
red_percent = 0
yellow_percent = 0
[[rule]]
name = "forced-red-for-training"
lane = 3
declarants = ["0301234567"]
reason_vi = "Giảng viên chỉ định luồng đỏ"
reason_en = "Red lane set by the instructor"
"#;

#[test]
fn red_lane_clears_only_after_documents_inspection_and_taxes() {
    let mut sim = Sim::with_rules(FORCED_RED);
    // The dossier sent first and quoted in EA/EB: it counts for the declaration.
    let receipt = sim.dossier(None);
    let mut d = import();
    d.attachment_numbers = vec![crate::domain::AttachmentNumber {
        class: Some("BOL".into()),
        number: Some(receipt.clone()),
    }];
    let n = sim.ida(d);
    let r = sim.ok(Operation::RegisterOfficial { number: n });
    assert_eq!(
        r.declaration.unwrap().lane.unwrap().rule,
        "forced-red-for-training"
    );
    assert_eq!(
        sim.send(Operation::Officer {
            number: n,
            action: OfficerAction::PassInspection
        })
        .result
        .code,
        "KB-S0040"
    );
    sim.ok(Operation::Officer {
        number: n,
        action: OfficerAction::AcceptDocuments,
    });
    sim.ok(Operation::Officer {
        number: n,
        action: OfficerAction::FailInspection,
    });
    // After a failed inspection the declarant amends; the lane stays red.
    sim.ok(Operation::CallUpForAmendment { number: n });
    let mut fixed = import();
    fixed.goods[0].description = Some("Mô tả theo kết quả kiểm tra".into());
    sim.ok(Operation::AmendmentData {
        number: n,
        declaration: Box::new(fixed),
    });
    let amended = sim
        .ok(Operation::RegisterAmendment { number: n })
        .declaration
        .unwrap();
    assert_eq!(amended.lane.unwrap().lane, Lane::Red);
    sim.ok(Operation::Officer {
        number: n,
        action: OfficerAction::PassInspection,
    });
    let before_pay = sim.ok(Operation::CallUp { number: n }).declaration.unwrap();
    assert_eq!(before_pay.status, Status::Registered);
    let paid = sim
        .ok(Operation::PayTaxes { number: n })
        .declaration
        .unwrap();
    assert_eq!(paid.status, Status::Cleared);
    assert_eq!(
        sim.send(Operation::Cancel {
            number: n,
            reason: "x".into()
        })
        .result
        .code,
        "KB-S0023"
    );
}

#[test]
fn an_amendment_never_lowers_the_lane() {
    let mut sim = Sim::new();
    // Specialised management (other-law code) sends it yellow; the first-time rule comes later.
    let mut d = import();
    d.other_law_codes = vec!["MO".into()];
    let n = sim.ida(d);
    let lane = sim
        .ok(Operation::RegisterOfficial { number: n })
        .declaration
        .unwrap()
        .lane
        .unwrap();
    assert_eq!(
        (lane.lane, lane.rule.as_str()),
        (Lane::Yellow, "specialised-management")
    );
    // The amendment removes the code; the rules alone would now give green or a random lane.
    sim.ok(Operation::CallUpForAmendment { number: n });
    sim.ok(Operation::AmendmentData {
        number: n,
        declaration: Box::new(import()),
    });
    let amended = sim
        .ok(Operation::RegisterAmendment { number: n })
        .declaration
        .unwrap();
    assert!(amended.lane.unwrap().lane >= Lane::Yellow);
}

#[test]
fn a_guarantee_settles_the_taxes_and_green_clears_at_once() {
    let mut sim = Sim::new();
    // The priority enterprise of the 50-line example, payment code B (general guarantee).
    let mut d =
        crate::domain::file::from_json(include_str!("../../tests/fixtures/import-50-lines.json"))
            .unwrap();
    d.payment_deadline_code = Some("B".into());
    let n = sim.ida(d);
    let view = sim
        .ok(Operation::RegisterOfficial { number: n })
        .declaration
        .unwrap();
    assert_eq!(view.lane.unwrap().rule, "priority-enterprise");
    assert_eq!(view.status, Status::Cleared);
}

#[test]
fn protocol_user_direction_order_and_clock_refusals() {
    let mut sim = Sim::new();
    let n = sim.ida(import());
    let mut request = Request {
        protocol: "khaibao-sim/0".into(),
        message_ref: "P".into(),
        user_id: "KBTRN001".into(),
        operation: Operation::CallUp { number: n },
    };
    assert_eq!(sim.core.handle(&request, sim.now).result.code, "KB-S0005");
    request.protocol = PROTOCOL.into();
    request.user_id = "bad".into();
    assert_eq!(sim.core.handle(&request, sim.now).result.code, "A0003");
    assert_eq!(
        sim.send(Operation::CorrectProvisional {
            number: n,
            declaration: Box::new(export())
        })
        .result
        .code,
        "KB-S0004"
    );
    assert_eq!(
        sim.send(Operation::RegisterAmendment { number: n })
            .result
            .code,
        "KB-S0021"
    );
    assert_eq!(
        sim.send(Operation::CallUpForAmendment { number: n })
            .result
            .code,
        "KB-S0003"
    );
    sim.ok(Operation::RegisterOfficial { number: n });
    assert_eq!(
        sim.send(Operation::AmendmentData {
            number: n,
            declaration: Box::new(import())
        })
        .result
        .code,
        "KB-S0021"
    );
    assert_eq!(
        sim.send(Operation::AdvanceClock { seconds: -1 })
            .result
            .code,
        "KB-S0041"
    );
    let unknown = DeclarationNumber::new(10, 999, 0).unwrap();
    assert_eq!(
        sim.send(Operation::CallUp { number: unknown }).result.code,
        "KB-S0002"
    );
}

#[test]
fn reset_forgets_declarations_and_the_data_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let request = |r: &str, operation| Request {
        protocol: PROTOCOL.into(),
        message_ref: r.into(),
        user_id: "KBTRN001".into(),
        operation,
    };
    let n = {
        let mut core = Core::open(dir.path(), CodeLists::bundled().unwrap()).unwrap();
        let r = core.handle(
            &request(
                "A",
                Operation::RegisterProvisional {
                    declaration: Box::new(import()),
                },
            ),
            start(),
        );
        r.declaration.unwrap().number
    };
    assert!(dir.path().join(RULES_FILE).exists());
    let mut core = Core::open(dir.path(), CodeLists::bundled().unwrap()).unwrap();
    assert_eq!(
        core.handle(&request("B", Operation::CallUp { number: n }), start())
            .result
            .code,
        "00000"
    );
    assert_eq!(
        core.handle(&request("C", Operation::Reset), start())
            .result
            .code,
        "00000"
    );
    assert_eq!(
        core.handle(&request("D", Operation::CallUp { number: n }), start())
            .result
            .code,
        "KB-S0002"
    );
    // A number is never given twice, even after a reset.
    let again = core.handle(
        &request(
            "E",
            Operation::RegisterProvisional {
                declaration: Box::new(import()),
            },
        ),
        start(),
    );
    let again = again.declaration.unwrap().number;
    assert_ne!(again.base(), n.base());
}

#[test]
fn a_broken_rules_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(RULES_FILE), "seed = \"x\"").unwrap();
    let err = Core::open(dir.path(), CodeLists::bundled().unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("lane_rules.toml"), "{err}");
    assert!(err.contains("Tệp luật phân luồng"), "{err}");
}

mod signatures {
    //! Signed requests: registration, verification and each refusal code.

    use super::*;
    use crate::signature::testkit::{Identity, identity};
    use crate::wire::{CertificateStatus, SignedMessage};

    fn year_from(start: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (start - Duration::days(30), start + Duration::days(335))
    }

    fn broker() -> Identity {
        let (from, to) = year_from(start());
        identity("Trần Thị Bình", &[0x11, 0x22], from, to)
    }

    impl Sim {
        fn request(&mut self, operation: Operation) -> Request {
            self.n += 1;
            Request {
                protocol: PROTOCOL.into(),
                message_ref: format!("S{}", self.n),
                user_id: "KBTRN001".into(),
                operation,
            }
        }

        fn signed(&mut self, who: &Identity, operation: Operation) -> Response {
            let request = self.request(operation);
            let payload = SignedMessage::payload_of(&request).unwrap();
            let cms = who.sign(payload.as_bytes(), self.now);
            self.core
                .handle_signed(&SignedMessage::new(payload, &cms), self.now)
        }

        fn register(&mut self, who: &Identity) -> Response {
            self.signed(
                who,
                Operation::RegisterCertificate {
                    signer_name: "Trần Thị Bình".into(),
                    signer_id_number: "001190012345".into(),
                    signer_title: "Nhân viên khai hải quan".into(),
                    tax_code: None,
                },
            )
        }
    }

    /// The outbox resends a signed job's exact bytes (the signature over them, no PIN): the
    /// core answers a reference it processed from its log, without processing it again — the
    /// next declaration gets the next number, not one after a second registration.
    #[test]
    fn a_signed_message_resent_as_it_was_is_answered_from_the_log_not_processed_again() {
        let mut sim = Sim::new();
        let who = broker();
        assert_eq!(sim.register(&who).result.code, "00000");
        let request = sim.request(Operation::RegisterProvisional {
            declaration: Box::new(import()),
        });
        let payload = SignedMessage::payload_of(&request).unwrap();
        let cms = who.sign(payload.as_bytes(), sim.now);
        let message = SignedMessage::new(payload, &cms);
        let first = sim.core.handle_signed(&message, sim.now);
        assert_eq!(first.result.code, "00000", "{:?}", first.result);
        let again = sim
            .core
            .handle_signed(&message, sim.now + Duration::hours(5));
        assert_eq!(again, first, "the stored answer, as it was");
        let next = sim.signed(
            &who,
            Operation::RegisterProvisional {
                declaration: Box::new(import()),
            },
        );
        let (a, b) = (
            first.declaration.unwrap().number,
            next.declaration.unwrap().number,
        );
        assert_eq!(b.sequence(), a.sequence() + 1, "{a} then {b}");
    }

    #[test]
    fn a_registered_certificate_signs_the_whole_procedure() {
        let mut sim = Sim::new();
        sim.ok(Operation::SetSignaturePolicy { required: true });
        let who = broker();
        let registered = sim.register(&who);
        assert_eq!(registered.result.code, "00000", "{:?}", registered.result);
        let entry = &registered.certificates[0];
        assert_eq!(entry.tax_code.as_deref(), Some("0101234567"));
        assert_eq!(entry.status, CertificateStatus::Active);
        assert!(entry.practice);

        let ida = sim.signed(
            &who,
            Operation::RegisterProvisional {
                declaration: Box::new(import()),
            },
        );
        assert_eq!(ida.result.code, "00000", "{:?}", ida.result);
        assert!(ida.findings.iter().all(|f| f.code != "KB-W9990"));
        let number = ida.declaration.unwrap().number;
        let idc = sim.signed(&who, Operation::RegisterOfficial { number });
        assert_eq!(idc.result.code, "00000", "{:?}", idc.result);
        assert!(idc.declaration.unwrap().lane.is_some());
        let listed = sim.ok(Operation::ListCertificates);
        assert_eq!(listed.certificates.len(), 1);
    }

    #[test]
    fn unsigned_official_jobs_follow_the_policy() {
        let mut sim = Sim::new();
        // Default: accepted for practice, with the warning.
        let r = sim.ok(Operation::RegisterProvisional {
            declaration: Box::new(import()),
        });
        assert!(r.findings.iter().any(|f| f.code == "KB-W9990"));
        let number = r.declaration.unwrap().number;
        // Call-up and reference jobs never need a signature.
        sim.ok(Operation::CallUp { number });
        sim.ok(Operation::SetSignaturePolicy { required: true });
        assert_eq!(
            sim.send(Operation::RegisterOfficial { number }).result.code,
            "E9990"
        );
        sim.ok(Operation::Reference { number });
        // Registration must always be signed.
        let unsigned = sim.send(Operation::RegisterCertificate {
            signer_name: "A".into(),
            signer_id_number: "1".into(),
            signer_title: String::new(),
            tax_code: None,
        });
        assert_eq!(unsigned.result.code, "E9990");
    }

    #[test]
    fn each_refusal_has_its_own_code() {
        let mut sim = Sim::new();
        let who = broker();
        let decl = || Operation::RegisterProvisional {
            declaration: Box::new(import()),
        };
        // Not registered: A0036.
        assert_eq!(sim.signed(&who, decl()).result.code, "A0036");
        assert_eq!(sim.register(&who).result.code, "00000");
        // Same serial from another CA (another issuer name): A0035.
        let (from, to) = year_from(start());
        let impostor = identity("Kẻ giả mạo", &[0x11, 0x22], from, to);
        assert_eq!(sim.signed(&impostor, decl()).result.code, "A0035");
        // Tampered payload: A0034, and nothing is registered.
        let request = sim.request(decl());
        let payload = SignedMessage::payload_of(&request).unwrap();
        let cms = who.sign(payload.as_bytes(), sim.now);
        let tampered = payload.replace("\"KBTRN001\"", "\"KBTRN002\"");
        let r = sim
            .core
            .handle_signed(&SignedMessage::new(tampered, &cms), sim.now);
        assert_eq!(r.result.code, "A0034");
        assert!(
            r.result.message_en.contains("changed after it was signed"),
            "{:?}",
            r.result
        );
        // Each language has its own detail, not half of a joined one.
        assert!(
            r.result
                .message_vi
                .ends_with(": Nội dung thông điệp đã bị thay đổi sau khi ký"),
            "{:?}",
            r.result
        );
        assert!(!r.result.message_en.contains("Nội dung"), "{:?}", r.result);
        // Garbage signature: A0034.
        let r = sim.core.handle_signed(
            &SignedMessage {
                payload,
                signature: "bm90IGEgc2lnbmF0dXJl".into(),
            },
            sim.now,
        );
        assert_eq!(r.result.code, "A0034");
        assert!(
            r.result
                .message_en
                .contains("The signature is not valid CMS/PKCS#7")
                && !r.result.message_en.contains("Chữ ký số"),
            "{:?}",
            r.result
        );
        assert!(
            r.result
                .message_vi
                .contains("Chữ ký số không đúng định dạng")
                && !r.result.message_vi.contains("The signature"),
            "{:?}",
            r.result
        );
        // Suspended, then reinstated.
        let serial = serial_of(&who);
        sim.ok(Operation::SetCertificateStatus {
            serial: serial.clone(),
            status: CertificateStatus::Suspended,
        });
        assert_eq!(sim.signed(&who, decl()).result.code, "KB-S0051");
        sim.ok(Operation::SetCertificateStatus {
            serial,
            status: CertificateStatus::Active,
        });
        assert_eq!(sim.signed(&who, decl()).result.code, "00000");
        // Expired at the simulated time: KB-S0050.
        sim.ok(Operation::AdvanceClock {
            seconds: 400 * 86_400,
        });
        let r = sim.signed(&who, decl());
        assert_eq!(r.result.code, "KB-S0050", "{:?}", r.result);
        assert!(r.result.message_vi.contains("hết hạn"));
    }

    #[test]
    fn a_certificate_not_yet_valid_is_refused() {
        let mut sim = Sim::new();
        let later = identity(
            "Lê Văn Cường",
            &[0x33],
            start() + Duration::days(10),
            start() + Duration::days(375),
        );
        assert_eq!(sim.register(&later).result.code, "KB-S0052");
    }

    fn serial_of(who: &Identity) -> String {
        crate::signature::CertificateInfo::from_der(&who.certificate)
            .unwrap()
            .serial
    }
}

#[test]
fn every_core_error_has_its_message_apart_in_each_language() {
    let all = [
        CoreError::Storage {
            path: "sim / 1".into(),
            detail: "disk I/O error".into(),
        },
        CoreError::InUse {
            path: "sim.sqlite".into(),
        },
        CoreError::Rules {
            path: "lane_rules.toml".into(),
            detail: "expected `=` / `.`".into(),
        },
    ];
    for err in &all {
        crate::domain::text::assert_apart(err);
    }
    assert_eq!(
        all[2].message().en,
        "The lane rules file lane_rules.toml is invalid: expected `=` / `.`"
    );
}

#[test]
fn hys_numbers_dossiers_in_the_guides_structure_and_refuses_what_is_wrong() {
    let mut sim = Sim::new();
    // Procedure 10 (import), 23/11/2026 in Vietnam, the day's first and second.
    assert_eq!(sim.dossier(None), "102611230001");
    assert_eq!(sim.dossier(None), "102611230002");
    let refused = |sim: &mut Sim, change: &dyn Fn(&mut crate::domain::dossier::HysApplication)| {
        let Operation::RegisterAttachments { mut application } = hys(None) else {
            unreachable!()
        };
        change(&mut application);
        let r = sim.send(Operation::RegisterAttachments { application });
        assert!(r.attachment.is_none());
        r.result
    };
    let r = refused(&mut sim, &|a| a.office = "99ZZ".into());
    assert_eq!(r.code, "KB-S0070");
    assert!(r.message_en.contains("99ZZ"), "{}", r.message_en);
    let r = refused(&mut sim, &|a| a.remarks = "x".repeat(997));
    assert!(r.message_vi.contains("997 byte"), "{}", r.message_vi);
    let r = refused(&mut sim, &|a| a.files[0].content = "JVBERi0xLjQK".into());
    assert!(
        r.message_en.contains("no longer matches"),
        "{}",
        r.message_en
    );
    let r = refused(&mut sim, &|a| a.procedure = "1".into());
    assert_eq!(r.code, "KB-S0070");
    let r = refused(&mut sim, &|a| {
        a.declaration = Some("100000009910".parse().unwrap());
    });
    assert_eq!(r.code, "KB-S0002");
    // HYS is signed like IDA: unsigned it passes only with the practice warning.
    let r = sim.send(hys(None));
    assert!(
        r.findings.iter().any(|f| f.code == "KB-W9990"),
        "{:?}",
        r.findings
    );
}

/// Amendments of tax information after clearance (AMA, AMB, AMC, IAD).
mod tax_amendments {
    use super::*;
    use crate::domain::tax_changes::{LineChange, TaxChanges};
    use crate::domain::{DOCUMENT_TYPE_TAX_AMENDMENT, Money};
    use crate::wire::{TaxAmendmentStatus, TaxAmendmentView};
    use rust_decimal::Decimal;

    /// The sea-container import registered, paid and cleared (documents and inspection
    /// passed when its lane asks for them).
    fn cleared(sim: &mut Sim) -> DeclarationNumber {
        let n = sim.ida(import());
        sim.ok(Operation::RegisterOfficial { number: n });
        sim.ok(Operation::PayTaxes { number: n });
        // The documents' dossier (HYS) first: the officer accepts only documents that arrived.
        sim.dossier(Some(n));
        for action in [
            OfficerAction::AcceptDocuments,
            OfficerAction::PassInspection,
        ] {
            let status = sim
                .ok(Operation::Reference { number: n })
                .declaration
                .unwrap()
                .status;
            if status == Status::Registered {
                sim.ok(Operation::Officer { number: n, action });
            }
        }
        let view = sim
            .ok(Operation::Reference { number: n })
            .declaration
            .unwrap();
        assert_eq!(view.status, Status::Cleared);
        n
    }

    /// Line 1's taxable value raised (DPR USD 47,000) and line 2 reclassified 84433131 → 84433990.
    fn raise_and_reclassify() -> TaxChanges {
        TaxChanges {
            reason: "Kiểm tra sau thông quan: phí bản quyền, phân loại lại máy in".into(),
            lines: vec![
                LineChange {
                    line: 1,
                    manual_taxable_value: Some(Money {
                        currency: Some("USD".into()),
                        amount: Some(Decimal::new(47_000, 0)),
                    }),
                    ..LineChange::default()
                },
                LineChange {
                    line: 2,
                    hs_code: Some("84433990".into()),
                    ..LineChange::default()
                },
            ],
        }
    }

    fn amendment(r: &Response) -> TaxAmendmentView {
        *r.tax_amendment.clone().unwrap()
    }

    fn vnd(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn ama_then_amc_after_clearance_computes_the_difference_to_the_dong() {
        let mut sim = Sim::new();
        let n = cleared(&mut sim);
        let before = sim
            .ok(Operation::Reference { number: n })
            .declaration
            .unwrap();
        let ama = sim.ok(Operation::TaxAmendmentData {
            number: n,
            changes: raise_and_reclassify(),
        });
        assert_eq!(ama.job, Some(JobCode::Business(BusinessCode::AMA)));
        let view = amendment(&ama);
        assert_eq!(view.number.document_type(), DOCUMENT_TYPE_TAX_AMENDMENT);
        assert_eq!(view.number.to_string(), "730000000110");
        assert_eq!(view.declaration_number, n);
        assert_eq!(view.status, TaxAmendmentStatus::Pending);
        // By hand (rate of the week of 2026-11-23: 26,180 VND/USD; freight USD 1,200 and
        // insurance USD 150 allocated by invoice value over USD 60,000):
        // line 1 before: (45,000 + 900 + 112.5) × 26,180 = 1,204,607,250; duty 0 % = 0;
        //   VAT 10 % = 120,460,725. After: DPR 47,000 × 26,180 = 1,230,460,000; VAT 123,046,000;
        //   VAT difference +2,585,275.
        // line 2 before: (6,000 + 120 + 15) × 26,180 = 160,614,300; 84433131 duty 0 %;
        //   VAT 16,061,430. After: 84433990, MFN 5 %: duty 8,030,715; VAT on 168,645,015 =
        //   16,864,501.5 → 16,864,502 (half away from zero); VAT difference +803,072.
        // Total: 2,585,275 + 8,030,715 + 803,072 = 11,419,062 to pay.
        let d = &view.difference;
        assert_eq!(d.lines.len(), 2, "{:#?}", d.lines);
        let line1 = &d.lines[0];
        assert_eq!(line1.taxable_value_before_vnd, Some(vnd(1_204_607_250)));
        assert_eq!(line1.taxable_value_after_vnd, Some(vnd(1_230_460_000)));
        let tax = |line: &crate::assess::amendment::LineDifference, kind| {
            line.taxes.iter().find(|t| t.kind == kind).cloned().unwrap()
        };
        let vat1 = tax(line1, crate::assess::TaxKind::Vat);
        assert_eq!(
            (vat1.before_vnd, vat1.after_vnd, vat1.difference_vnd),
            (vnd(120_460_725), vnd(123_046_000), vnd(2_585_275))
        );
        let line2 = &d.lines[1];
        assert_eq!(
            (line2.hs_before.as_str(), line2.hs_after.as_str()),
            ("84433131", "84433990")
        );
        let duty2 = tax(line2, crate::assess::TaxKind::ImportDuty);
        assert_eq!(
            (duty2.before_vnd, duty2.after_vnd, duty2.difference_vnd),
            (vnd(0), vnd(8_030_715), vnd(8_030_715))
        );
        assert!(duty2.after_vi.contains('5'), "{}", duty2.after_vi);
        let vat2 = tax(line2, crate::assess::TaxKind::Vat);
        assert_eq!(
            (vat2.before_vnd, vat2.after_vnd, vat2.difference_vnd),
            (vnd(16_061_430), vnd(16_864_502), vnd(803_072))
        );
        assert_eq!(d.total_difference_vnd, vnd(11_419_062));
        assert_eq!(d.total_before_vnd, before.assessment.total_payable_vnd);
        assert_eq!(d.to_pay_vnd(), vnd(11_419_062));
        assert!(view.explanation_vi.last().unwrap().contains("11.419.062"));
        assert!(view.explanation_en.last().unwrap().contains("11,419,062"));
        assert_eq!(view.fields.len(), 2, "{:#?}", view.fields);
        assert_eq!(view.fields[1].label_vi, "Mã số hàng hóa");
        // Nothing changes at the declaration before AMC.
        let unchanged = sim
            .ok(Operation::Reference { number: n })
            .declaration
            .unwrap();
        assert_eq!(unchanged.assessment, before.assessment);
        amb_amc_iad(&mut sim, n, &view, &before.assessment);
    }

    /// After the AMA of [`raise_and_reclassify`]: AMB, AMC, the payment, the history, IAD, a
    /// second AMC refused, the next amendment numbered on.
    fn amb_amc_iad(
        sim: &mut Sim,
        n: DeclarationNumber,
        view: &TaxAmendmentView,
        before: &crate::assess::Assessment,
    ) {
        // AMB calls it up; AMC registers it.
        let called = amendment(&sim.ok(Operation::CallUpTaxAmendment {
            number: view.number,
        }));
        assert_eq!(called.difference, view.difference);
        let amc = sim.ok(Operation::RegisterTaxAmendment {
            number: view.number,
        });
        assert_eq!(amc.job, Some(JobCode::Business(BusinessCode::AMC)));
        let registered = amendment(&amc);
        assert_eq!(registered.status, TaxAmendmentStatus::Registered);
        let declaration = amc.declaration.unwrap();
        assert_eq!(declaration.number, n, "the declaration keeps its number");
        assert_eq!(declaration.status, Status::Cleared);
        assert_eq!(
            declaration.assessment.total_payable_vnd,
            before.total_payable_vnd + vnd(11_419_062)
        );
        assert!(!declaration.taxes_settled);
        assert!(
            declaration
                .next_steps_vi
                .iter()
                .any(|s| s.contains("11.419.062"))
        );
        // The additional tax is paid with the payment step.
        sim.ok(Operation::PayTaxes { number: n });
        // The history has the declaration and the amendment; IAD answers with it.
        let history = jobs_in_history(sim, n);
        assert!(
            history.ends_with(&["AMA".to_owned(), "AMC".to_owned(), "PAY".to_owned()]),
            "{history:?}"
        );
        assert!(history.contains(&"IDC".to_owned()));
        let reference = sim.ok(Operation::TaxAmendmentReference {
            number: view.number,
        });
        assert_eq!(reference.job, Some(JobCode::Business(BusinessCode::IAD)));
        assert_eq!(amendment(&reference).status, TaxAmendmentStatus::Registered);
        assert!(
            reference
                .declaration
                .unwrap()
                .events
                .iter()
                .any(|e| e.detail_vi.contains("730000000110"))
        );
        // A second AMC is refused: nothing is pending under that number.
        assert_eq!(
            sim.send(Operation::RegisterTaxAmendment {
                number: view.number
            })
            .result
            .code,
            "KB-S0064"
        );
        // The next amendment gets the next number.
        let next = sim.ok(Operation::TaxAmendmentData {
            number: n,
            changes: TaxChanges {
                reason: String::new(),
                lines: vec![LineChange {
                    line: 3,
                    manual_duty_rate: Some(Decimal::new(3, 0)),
                    ..LineChange::default()
                }],
            },
        });
        assert_eq!(amendment(&next).number.sequence(), 2);
    }

    #[test]
    fn ama_sent_again_before_amc_replaces_the_pending_one_under_its_number() {
        let mut sim = Sim::new();
        let n = cleared(&mut sim);
        let first = amendment(&sim.ok(Operation::TaxAmendmentData {
            number: n,
            changes: raise_and_reclassify(),
        }));
        let mut lower = raise_and_reclassify();
        lower.lines.truncate(1);
        let second = amendment(&sim.ok(Operation::TaxAmendmentData {
            number: n,
            changes: lower,
        }));
        assert_eq!(second.number, first.number);
        assert_eq!(second.difference.total_difference_vnd, vnd(2_585_275));
    }

    #[test]
    fn tax_amendments_are_refused_with_their_codes() {
        let mut sim = Sim::new();
        // Registered, not cleared (taxes unpaid): not yet.
        let registered = sim.ida(import());
        sim.ok(Operation::RegisterOfficial { number: registered });
        let code = |sim: &mut Sim, number, changes| {
            sim.send(Operation::TaxAmendmentData { number, changes })
                .result
                .code
        };
        assert_eq!(
            code(&mut sim, registered, raise_and_reclassify()),
            "KB-S0060"
        );
        let n = cleared(&mut sim);
        // A line the declaration does not have.
        let missing = TaxChanges {
            reason: String::new(),
            lines: vec![LineChange {
                line: 9,
                hs_code: Some("84433990".into()),
                ..LineChange::default()
            }],
        };
        let refused = sim.send(Operation::TaxAmendmentData {
            number: n,
            changes: missing,
        });
        assert_eq!(refused.result.code, "KB-S0062");
        assert!(
            refused.result.message_en.contains("line 9"),
            "{}",
            refused.result.message_en
        );
        assert!(refused.tax_amendment.is_none());
        // Nothing changed.
        let same = TaxChanges {
            reason: String::new(),
            lines: vec![LineChange {
                line: 1,
                hs_code: Some("84713020".into()),
                ..LineChange::default()
            }],
        };
        assert_eq!(code(&mut sim, n, same), "KB-S0061");
        // An HS code the tariff does not have: the declaration's validation refuses it.
        let unknown = TaxChanges {
            reason: String::new(),
            lines: vec![LineChange {
                line: 1,
                hs_code: Some("99999999".into()),
                ..LineChange::default()
            }],
        };
        let invalid = sim.send(Operation::TaxAmendmentData {
            number: n,
            changes: unknown,
        });
        assert_eq!(invalid.result.code, "KB-S0011", "{:#?}", invalid.findings);
        assert!(
            invalid
                .findings
                .iter()
                .any(|f| f.path.starts_with("goods[0]"))
        );
        // Another user (of another enterprise too): not the one who declared it. KB-S0063 stays
        // for records kept before the declaring user ID was recorded.
        sim.n += 1;
        let other = sim.core.handle(
            &Request {
                protocol: PROTOCOL.into(),
                message_ref: format!("T{}", sim.n),
                user_id: "OTHER001".into(),
                operation: Operation::TaxAmendmentData {
                    number: n,
                    changes: raise_and_reclassify(),
                },
            },
            sim.now,
        );
        assert_eq!(other.result.code, "KB-S0080");
        // AMC, AMB, IAD with a number no amendment has.
        let nobody = DeclarationNumber::new(DOCUMENT_TYPE_TAX_AMENDMENT, 42, 0).unwrap();
        for op in [
            Operation::RegisterTaxAmendment { number: nobody },
            Operation::CallUpTaxAmendment { number: nobody },
            Operation::TaxAmendmentReference { number: n },
        ] {
            assert_eq!(sim.send(op).result.code, "KB-S0002");
        }
        // None of the refusals left an amendment behind.
        assert_eq!(
            jobs_in_history(&mut sim, n)
                .iter()
                .filter(|j| j.starts_with("AM"))
                .count(),
            0
        );
    }
}

#[test]
fn a_named_instructor_reads_any_declaration_but_changes_none_of_them() {
    let mut sim = Sim::new();
    let number = sim.ida(import());
    let as_user = |sim: &mut Sim, user: &str, operation: Operation| {
        sim.n += 1;
        sim.core.handle(
            &Request {
                protocol: PROTOCOL.into(),
                message_ref: format!("T{}", sim.n),
                user_id: user.into(),
                operation,
            },
            sim.now,
        )
    };
    // No instructor named: nobody reads another's declaration.
    let refused = as_user(&mut sim, "KBGV0001", Operation::Reference { number });
    assert!(!refused.result.is_success());
    assert!(refused.declaration.is_none());
    sim.core.set_instructors(&["KBGV0001".to_owned()]).unwrap();
    let read = as_user(&mut sim, "KBGV0001", Operation::Reference { number });
    assert!(read.result.is_success(), "{:?}", read.result);
    assert_eq!(read.declaration.unwrap().number, number);
    // Reading only: the instructor may not cancel, call up or register the trainee's.
    let cancel = as_user(
        &mut sim,
        "KBGV0001",
        Operation::Cancel {
            number,
            reason: "not theirs".into(),
        },
    );
    assert!(!cancel.result.is_success());
    assert!(
        !as_user(&mut sim, "KBGV0001", Operation::CallUp { number })
            .result
            .is_success()
    );
    // Another trainee is still refused.
    let other = as_user(&mut sim, "OTHER001", Operation::Reference { number });
    assert!(!other.result.is_success());
    assert!(other.declaration.is_none());
}
