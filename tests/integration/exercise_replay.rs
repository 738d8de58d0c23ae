//! The procedure exercises replayed through the simulated core, as a trainee does them: their
//! keys score the branch digit and the status from the core's answer, so the core itself must
//! give what the key expects (not only `assess` and the lane rules).
//! - 08 (amendment after registration): exercise 03's declaration registered (IDA, IDC), then
//!   called up and amended to 08's key (IDD, IDA01, IDE) — branch 1, registered: full marks;
//!   before the amendment the branch is 0 and the score says so.
//! - 09 (a provisional declaration expires): the key sent as IDA, the clock moved on 8 days, IID
//!   — expired: full marks; on day 6 it is still provisional and the score says so.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use khaibao::assess::lanes::{DEFAULT_RULES, LaneRules};
use khaibao::codes::CodeLists;
use khaibao::core_sim::Core;
use khaibao::domain::{Declaration, DeclarationNumber};
use khaibao::exercise::{Exercise, Score, find, score};
use khaibao::gateway::{Gateway, InProcess};
use khaibao::wire::{Operation, PROTOCOL, Request, Response};
use khaibao::workflow::exercise::outcome_of;

struct Trainee {
    gateway: InProcess,
    counter: u32,
}

impl Trainee {
    /// A trainee before an in-process core whose clock stands at 09:00 in Viet Nam on the
    /// exercise's day.
    fn on_the_day_of(exercise: &Exercise) -> Self {
        let day = exercise.date.and_hms_opt(2, 0, 0).unwrap().and_utc();
        let clock: Arc<Mutex<DateTime<Utc>>> = Arc::new(Mutex::new(day));
        let core = Core::in_memory(
            CodeLists::bundled().unwrap(),
            LaneRules::parse(DEFAULT_RULES).unwrap(),
        )
        .unwrap();
        Self {
            gateway: InProcess::with_clock(core, Box::new(move || *clock.lock().unwrap())),
            counter: 0,
        }
    }

    fn ok(&mut self, operation: Operation) -> Response {
        self.counter += 1;
        let request = Request {
            protocol: PROTOCOL.into(),
            message_ref: format!("replay-{:04}", self.counter),
            user_id: "KBTRN001".into(),
            operation,
        };
        let response = self.gateway.send(&request).unwrap();
        assert_eq!(response.result.code, "00000", "{:#?}", response.result);
        response
    }
}

fn number(response: &Response) -> DeclarationNumber {
    response.declaration.as_ref().unwrap().number
}

/// The trainee's declaration (the key, with the number the core gave) scored with the core's
/// last answer about it.
fn scored(exercise: &Exercise, number: DeclarationNumber, answer: &Response) -> Score {
    let mut given: Declaration = exercise.key_declaration();
    given.number = Some(number);
    let outcome = outcome_of(answer.declaration.as_ref().unwrap());
    score(
        exercise,
        &given,
        Some(&outcome),
        &CodeLists::bundled().unwrap(),
        &LaneRules::parse(DEFAULT_RULES).unwrap(),
    )
}

fn paths(score: &Score) -> Vec<&str> {
    score.differences.iter().map(|d| d.path.as_str()).collect()
}

#[test]
fn the_amendment_exercise_gets_its_branch_digit_from_the_core() {
    let exercise = find("08-amendment-after-registration").unwrap();
    let original = find("03-fta-atiga-form-d").unwrap().key_declaration();
    let mut trainee = Trainee::on_the_day_of(&exercise);
    let n = number(&trainee.ok(Operation::RegisterProvisional {
        declaration: Box::new(original),
    }));
    let registered = trainee.ok(Operation::RegisterOfficial { number: n });
    // Registered, not amended yet: branch 0 — the score names the branch.
    let before = scored(&exercise, n, &registered);
    assert!(!before.is_full());
    assert_eq!(paths(&before), ["procedure.branch"]);

    trainee.ok(Operation::CallUpForAmendment { number: n });
    trainee.ok(Operation::AmendmentData {
        number: n,
        declaration: Box::new(exercise.key_declaration()),
    });
    let amended = trainee.ok(Operation::RegisterAmendment { number: n });
    let view = amended.declaration.as_ref().unwrap();
    assert_eq!(view.number.branch(), 1);
    let after = scored(&exercise, view.number, &amended);
    assert!(after.is_full(), "{:#?}", after.differences);
}

#[test]
fn the_expiry_exercise_gets_its_expired_status_from_the_core() {
    let exercise = find("09-provisional-expires").unwrap();
    let mut trainee = Trainee::on_the_day_of(&exercise);
    let n = number(&trainee.ok(Operation::RegisterProvisional {
        declaration: Box::new(exercise.key_declaration()),
    }));
    // Six days on: still provisional — not yet the exercise's result.
    trainee.ok(Operation::AdvanceClock {
        seconds: 6 * 86_400,
    });
    let waiting = trainee.ok(Operation::Reference { number: n });
    let early = scored(&exercise, n, &waiting);
    assert_eq!(paths(&early), ["procedure.status"]);
    // Eight days after the IDA: expired, full marks.
    trainee.ok(Operation::AdvanceClock {
        seconds: 2 * 86_400,
    });
    let expired = trainee.ok(Operation::Reference { number: n });
    let late = scored(&exercise, n, &expired);
    assert!(late.is_full(), "{:#?}", late.differences);
}
