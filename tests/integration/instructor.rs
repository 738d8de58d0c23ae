//! The instructor's controls and "who sent what", through the HTTP server on 127.0.0.1 (a core
//! in a real data folder, so snapshots are real SQLite files): forced lanes and refusals (one
//! trainee or everyone, one-shot), the seeded draw, snapshots, the clock, refusals of another
//! user's declaration and of a trainee's training control.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use khaibao::assess::lanes::DecidedBy;
use khaibao::codes::CodeLists;
use khaibao::core_sim::Core;
use khaibao::domain::{DeclarationNumber, Lane};
use khaibao::gateway::{Gateway, Http};
use khaibao::wire::{ForcedOutcome, OfficerAction, Operation, PROTOCOL, Request, Response, Status};

use crate::story::{Clock, start};
use crate::util::fixture;

const TEACHER: &str = "TEACH001";
const ANNA: &str = "KBTRA001";
const BINH: &str = "KBTRB001";

/// A server over a core in `dir` on a free port, with a test clock.
fn serve_dir(dir: &Path, clock: &Clock) -> std::net::SocketAddr {
    let core = Core::open(dir, CodeLists::bundled().unwrap()).unwrap();
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
                core,
                Arc::new(move || *reader.lock().unwrap()),
                "127.0.0.1:0".parse().unwrap(),
                move |addr| tx.send(addr).unwrap(),
                std::future::pending(),
            ))
            .unwrap();
    });
    rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap()
}

/// A classroom: one server, its clock, and a counter for message references.
struct Class {
    gateway: Mutex<Http>,
    clock: Clock,
    counter: Mutex<u32>,
    _dir: tempfile::TempDir,
}

impl Class {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock: Clock = Arc::new(Mutex::new(start()));
        let addr = serve_dir(dir.path(), &clock);
        let gateway = Http::new(
            &format!("http://{addr}"),
            std::time::Duration::from_secs(30),
        )
        .unwrap();
        Self {
            gateway: Mutex::new(gateway),
            clock,
            counter: Mutex::new(0),
            _dir: dir,
        }
    }

    fn send(&self, user: &str, operation: Operation) -> Response {
        let n = {
            let mut counter = self.counter.lock().unwrap();
            *counter += 1;
            *counter
        };
        let request = Request {
            protocol: PROTOCOL.into(),
            message_ref: format!("R{n:05}"),
            user_id: user.into(),
            operation,
        };
        self.gateway.lock().unwrap().send(&request).unwrap()
    }

    fn ok(&self, user: &str, operation: Operation) -> Response {
        let response = self.send(user, operation);
        assert_eq!(response.result.code, "00000", "{:#?}", response.result);
        response
    }

    fn declare(&self, user: &str) -> DeclarationNumber {
        let d = khaibao::domain::file::from_json(
            &std::fs::read_to_string(fixture("import-sea-container.json")).unwrap(),
        )
        .unwrap();
        let r = self.ok(
            user,
            Operation::RegisterProvisional {
                declaration: Box::new(d),
            },
        );
        r.declaration.unwrap().number
    }

    fn register(&self, user: &str, number: DeclarationNumber) -> Response {
        self.send(user, Operation::RegisterOfficial { number })
    }

    fn with_instructor(self) -> Self {
        self.ok(
            TEACHER,
            Operation::SetInstructors {
                user_ids: vec![TEACHER.into()],
            },
        );
        self
    }
}

fn lane(r: &Response) -> Lane {
    r.declaration.as_ref().unwrap().lane.as_ref().unwrap().lane
}

fn lane_explanation(r: &Response) -> &khaibao::assess::lanes::LaneExplanation {
    r.explanation.as_ref().unwrap().lane.as_ref().unwrap()
}

#[test]
fn a_forced_lane_is_one_shot_and_for_its_trainee_only() {
    let class = Class::new().with_instructor();
    let set = class.ok(
        TEACHER,
        Operation::ForceOutcome {
            user: Some(ANNA.into()),
            outcome: ForcedOutcome::Lane { lane: Lane::Red },
        },
    );
    let training = set.training.unwrap();
    assert_eq!(training.forced.len(), 1, "{training:#?}");
    assert_eq!(training.forced[0].user.as_deref(), Some(ANNA));
    // Binh's registration is the rules' (yellow: goods under specialised management), and the
    // answer says which rule would decide without it.
    let binh = class.declare(BINH);
    let answer = class.register(BINH, binh);
    assert_eq!(lane(&answer), Lane::Yellow);
    let why = lane_explanation(&answer);
    assert_eq!(
        why.decided_by,
        DecidedBy::Rule {
            name: "specialised-management".into()
        }
    );
    assert_eq!(why.otherwise_by, "first-time-importer");
    assert!(
        why.alternative_en.contains(
            "Without rule 'Goods under specialised management': rule 'First-time importer'"
        ),
        "{}",
        why.alternative_en
    );
    // Anna's is red by the instructor, and the answer says what the rules would have given.
    let anna = class.declare(ANNA);
    let answer = class.register(ANNA, anna);
    assert_eq!(lane(&answer), Lane::Red);
    let why = lane_explanation(&answer);
    assert_eq!(why.decided_by, DecidedBy::Forced { by: TEACHER.into() });
    assert_ne!(why.otherwise, Lane::Red, "{why:#?}");
    assert!(why.text_en.contains(TEACHER), "{}", why.text_en);
    assert!(
        why.alternative_en
            .starts_with("Without the instructor's forcing")
    );
    // Used: nothing pending, and Anna's next registration is the rules' again.
    let pending = class.ok(TEACHER, Operation::ListForcedOutcomes);
    assert!(pending.training.unwrap().forced.is_empty());
    let again = class.declare(ANNA);
    let answer = class.register(ANNA, again);
    assert!(!matches!(
        lane_explanation(&answer).decided_by,
        DecidedBy::Forced { .. }
    ));
}

#[test]
fn a_forced_refusal_for_everyone_carries_the_official_text_and_is_used_once() {
    let class = Class::new().with_instructor();
    let unknown = class.send(
        TEACHER,
        Operation::ForceOutcome {
            user: None,
            outcome: ForcedOutcome::Refusal {
                code: "E9876".into(),
            },
        },
    );
    assert_eq!(unknown.result.code, "KB-S0082");
    class.ok(
        TEACHER,
        Operation::ForceOutcome {
            user: None,
            outcome: ForcedOutcome::Refusal {
                code: "E8000".into(),
            },
        },
    );
    let binh = class.declare(BINH);
    let refused = class.register(BINH, binh);
    assert_eq!(refused.result.code, "E8000");
    assert!(refused.result.message_vi.contains("giảng viên TEACH001"));
    let first = &refused.explanation.as_ref().unwrap().refusals[0];
    assert_eq!(first.code, "E8000");
    assert!(
        first.official_vi.is_some() && first.remedy_vi.is_some(),
        "{first:#?}"
    );
    assert_eq!(
        refused.declaration.as_ref().unwrap().status,
        Status::Provisional
    );
    // One-shot: the same declaration registers now, and so does anyone else's.
    assert!(class.register(BINH, binh).result.is_success());
    let anna = class.declare(ANNA);
    assert!(class.register(ANNA, anna).result.is_success());
}

#[test]
fn another_users_declaration_is_refused_with_the_official_codes() {
    let class = Class::new();
    let anna = class.declare(ANNA);
    let code = |operation| class.send(BINH, operation).result.code;
    assert_eq!(code(Operation::CallUp { number: anna }), "U0100");
    assert_eq!(code(Operation::RegisterOfficial { number: anna }), "E0144");
    assert_eq!(code(Operation::Reference { number: anna }), "KB-S0080");
    assert_eq!(
        code(Operation::Cancel {
            number: anna,
            reason: "x".into()
        }),
        "KB-S0080"
    );
    // The refusal shows nothing of Anna's declaration, and explains itself.
    let refused = class.send(BINH, Operation::CallUp { number: anna });
    assert!(refused.declaration.is_none());
    let why = &refused.explanation.unwrap().refusals[0];
    assert_eq!(
        why.official_vi.as_deref(),
        Some("Người nhập không phải là người thực hiện IDA hoặc người dự kiến khai báo.")
    );
    // Anna herself goes on; the officer's steps are nobody's declaration jobs.
    let registered = class.register(ANNA, anna);
    assert!(registered.result.is_success());
    assert_eq!(
        class
            .send(BINH, Operation::PayTaxes { number: anna })
            .result
            .code,
        "KB-S0080"
    );
    class.ok(
        TEACHER,
        Operation::Officer {
            number: anna,
            action: OfficerAction::GoodsAtBorder,
        },
    );
}

#[test]
fn training_controls_are_the_instructors_once_there_are_instructors() {
    let class = Class::new();
    // Single-user practice: anyone may move the clock.
    class.ok(ANNA, Operation::AdvanceClock { seconds: 60 });
    let class = class.with_instructor();
    for operation in [
        Operation::AdvanceClock { seconds: 60 },
        Operation::Reset,
        Operation::SetInstructors {
            user_ids: vec![ANNA.into()],
        },
        Operation::SetRandomSelection {
            seed: Some(1),
            red_percent: None,
            yellow_percent: None,
        },
        Operation::Snapshot { name: "x".into() },
    ] {
        let refused = class.send(ANNA, operation);
        assert_eq!(refused.result.code, "KB-S0081");
        assert!(
            refused.explanation.unwrap().refusals[0]
                .hint_en
                .contains("instructor")
        );
    }
    class.ok(TEACHER, Operation::AdvanceClock { seconds: 60 });
}

/// The lanes and draws of `count` declarations registered by one trainee on a fresh server
/// whose rules have no rule and a 30 % red / 30 % yellow draw under `seed`.
fn draws(seed: u64, count: usize) -> Vec<(Lane, u32)> {
    let class = Class::new();
    let profile = format!("seed = {seed}\n[random]\nred_percent = 30\nyellow_percent = 30\n");
    let loaded = class.ok(
        TEACHER,
        Operation::LoadRules {
            text: profile,
            name: Some("draw-only".into()),
        },
    );
    let settings = loaded.training.unwrap();
    assert!(settings.rules.is_empty());
    assert_eq!(settings.seed, seed);
    (0..count)
        .map(|_| {
            let n = class.declare(ANNA);
            let answer = class.register(ANNA, n);
            let why = lane_explanation(&answer);
            assert_eq!(why.decided_by, DecidedBy::Draw);
            assert_eq!((why.red_below, why.yellow_below), (3000, 6000));
            (lane(&answer), why.draw)
        })
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_lanes_and_another_seed_other_draws() {
    let first = draws(4242, 6);
    assert_eq!(draws(4242, 6), first);
    let other = draws(4243, 6);
    assert_ne!(
        other.iter().map(|(_, d)| *d).collect::<Vec<_>>(),
        first.iter().map(|(_, d)| *d).collect::<Vec<_>>()
    );
    // The rates are checked.
    let class = Class::new();
    let bad = class.send(
        TEACHER,
        Operation::SetRandomSelection {
            seed: None,
            red_percent: Some(60.into()),
            yellow_percent: Some(50.into()),
        },
    );
    assert_eq!(bad.result.code, "KB-S0083");
    let set = class.ok(
        TEACHER,
        Operation::SetRandomSelection {
            seed: Some(9),
            red_percent: Some(2.into()),
            yellow_percent: None,
        },
    );
    let settings = set.training.unwrap();
    assert_eq!((settings.seed, settings.red_percent), (9, 2.into()));
    assert_eq!(settings.yellow_percent, 5.into());
}

#[test]
fn a_restore_brings_back_the_state_of_the_snapshot() {
    let class = Class::new().with_instructor();
    let kept = class.declare(ANNA);
    let before = class.ok(ANNA, Operation::Reference { number: kept });
    let snap = class.ok(
        TEACHER,
        Operation::Snapshot {
            name: "lesson-1".into(),
        },
    );
    assert_eq!(snap.training.unwrap().snapshots[0].name, "lesson-1");
    assert_eq!(
        class
            .send(
                TEACHER,
                Operation::Snapshot {
                    name: "lesson-1".into()
                }
            )
            .result
            .code,
        "KB-S0087"
    );
    assert_eq!(
        class
            .send(
                TEACHER,
                Operation::Snapshot {
                    name: "../x".into()
                }
            )
            .result
            .code,
        "KB-S0085"
    );
    // After the snapshot: a registration, a new declaration, the clock.
    class.register(ANNA, kept);
    let later = class.declare(ANNA);
    class.ok(TEACHER, Operation::AdvanceClock { seconds: 3600 });
    let restored = class.ok(
        TEACHER,
        Operation::Restore {
            name: "lesson-1".into(),
        },
    );
    assert_eq!(restored.processed_at, *class.clock.lock().unwrap());
    let after = class.ok(ANNA, Operation::Reference { number: kept });
    assert_eq!(after.declaration, before.declaration);
    assert_eq!(
        class
            .send(ANNA, Operation::Reference { number: later })
            .result
            .code,
        "KB-S0002"
    );
    // The instructors stay, and numbers are never given twice.
    assert_eq!(class.send(ANNA, Operation::Reset).result.code, "KB-S0081");
    let next = class.declare(ANNA);
    assert!(next.base() > later.base(), "{next} after {later}");
    assert_eq!(
        class
            .send(
                TEACHER,
                Operation::Restore {
                    name: "none".into()
                }
            )
            .result
            .code,
        "KB-S0086"
    );
}

#[test]
fn a_provisional_declaration_expires_when_the_instructor_moves_the_clock_7_days() {
    let class = Class::new().with_instructor();
    let n = class.declare(ANNA);
    let seven_days = Duration::days(7).num_seconds();
    class.ok(
        TEACHER,
        Operation::AdvanceClock {
            seconds: seven_days - 1,
        },
    );
    let reference = class.ok(ANNA, Operation::Reference { number: n });
    assert_eq!(reference.declaration.unwrap().status, Status::Provisional);
    class.ok(TEACHER, Operation::AdvanceClock { seconds: 1 });
    let reference = class.ok(ANNA, Operation::Reference { number: n });
    assert_eq!(reference.declaration.unwrap().status, Status::Expired);
}

#[test]
fn every_answer_about_a_declaration_explains_its_taxes() {
    let class = Class::new();
    let n = class.declare(ANNA);
    let answer = class.register(ANNA, n);
    let taxes = &answer.explanation.as_ref().unwrap().taxes;
    let duty = taxes
        .iter()
        .find(|t| t.kind == khaibao::assess::TaxKind::ImportDuty)
        .unwrap();
    assert_eq!(duty.line, 1);
    assert!(!duty.hs_description_vi.is_empty(), "{duty:#?}");
    assert_eq!(duty.exchange_rates[0].currency, "USD");
    assert!(duty.text_en.contains("tariff row"), "{}", duty.text_en);
    assert!(duty.text_en.contains("USD"), "{}", duty.text_en);
}
