//! The classroom server's costs (docs/classroom.md), on a class of 30 trainees and an
//! instructor with 20 declarations each in the class register:
//! - sign-in: the first check of a password (Argon2id, 19 MiB, 2 passes — slow by design) and
//!   every later one (a keyed SHA-256 compared in memory: the path nearly every request takes);
//! - the owner checks: the classroom guard's (in-memory register) and the core's own (a
//!   refused IID by another trainee, through SQLite);
//! - whole HTTPS round trips to a classroom server on 127.0.0.1 with Basic sign-in: health and
//!   an IID on a kept-alive connection, and health on a new connection (TLS handshake).
//!
//! Figures only; nothing is asserted on time.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::classroom::accounts::Accounts;
use khaibao::classroom::roster::Member;
use khaibao::classroom::{Role, password};
use khaibao::codes::CodeLists;
use khaibao::core_sim::Core;
use khaibao::domain::file;
use khaibao::domain::ids::DeclarationNumber;
use khaibao::gateway::classroom::{Guard, Who};
use khaibao::gateway::tofu::Pins;
use khaibao::gateway::{Gateway, Http};
use khaibao::wire::{Operation, PROTOCOL, Request};
use zeroize::Zeroizing;

const TRAINEES: usize = 30;
const EACH: usize = 20;
const INSTRUCTOR: &str = "KBLOPGV1";

fn now() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().expect("time")
}

fn trainee(i: usize) -> String {
    format!("KBLOP{i:03}")
}

fn request(user: &str, message_ref: String, operation: Operation) -> Request {
    Request {
        protocol: PROTOCOL.into(),
        message_ref,
        user_id: user.into(),
        operation,
    }
}

fn header(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// A class's accounts in `dir`: the passwords given out, by user ID.
fn class(dir: &std::path::Path) -> (Accounts, HashMap<String, String>) {
    let mut members: Vec<Member> = (1..=TRAINEES)
        .map(|i| Member {
            user_id: trainee(i),
            name: format!("Học viên {i}"),
            role: Role::Trainee,
        })
        .collect();
    members.push(Member {
        user_id: INSTRUCTOR.into(),
        name: "Giảng viên".into(),
        role: Role::Instructor,
    });
    let mut accounts = Accounts::open(dir).expect("accounts");
    let issued = accounts.sync(&members).expect("sync");
    let passwords = issued
        .into_iter()
        .map(|i| (i.user_id, i.password.to_string()))
        .collect();
    (accounts, passwords)
}

/// Every trainee declares [`EACH`] times in `core`; the answers recorded by `guard`. The
/// numbers, by owner.
fn fill(core: &mut Core, guard: &Guard) -> HashMap<String, Vec<DeclarationNumber>> {
    let declaration =
        file::from_json(include_str!("../tests/fixtures/import-low-value.json")).expect("fixture");
    let mut numbers: HashMap<String, Vec<DeclarationNumber>> = HashMap::new();
    for i in 1..=TRAINEES {
        let user = trainee(i);
        let who = Who {
            user_id: user.clone(),
            role: Role::Trainee,
        };
        for step in 0..EACH {
            let answer = core.handle(
                &request(
                    &user,
                    format!("{user}-{step}"),
                    Operation::RegisterProvisional {
                        declaration: Box::new(declaration.clone()),
                    },
                ),
                now(),
            );
            guard.record(&who, &answer).expect("record");
            let number = answer.declaration.expect("numbered").number;
            numbers.entry(user.clone()).or_default().push(number);
        }
    }
    numbers
}

fn sign_in_and_owner_checks(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (accounts, passwords) = class(dir.path());
    let guard =
        Guard::new(accounts.all().clone().into_iter().collect(), dir.path()).expect("guard");
    let first = trainee(1);
    let signed = header(&first, &passwords[&first]);
    let hash = accounts.all()[&first].hash.clone();

    let mut slow = c.benchmark_group("classroom/sign_in_first");
    slow.sample_size(10);
    slow.bench_function("argon2id_verify", |b| {
        b.iter(|| black_box(password::verify(black_box(&passwords[&first]), &hash)));
    });
    slow.finish();

    guard.authenticate(Some(&signed)).expect("signs in");
    c.bench_function("classroom/sign_in_cached", |b| {
        b.iter(|| black_box(guard.authenticate(black_box(Some(&signed))).expect("in")));
    });

    let mut core = Core::in_memory(
        CodeLists::bundled().expect("codes"),
        khaibao::assess::lanes::LaneRules::parse(khaibao::assess::lanes::DEFAULT_RULES)
            .expect("rules"),
    )
    .expect("core");
    let numbers = fill(&mut core, &guard);
    let theirs = numbers[&trainee(TRAINEES)][EACH / 2];
    let second = Who {
        user_id: trainee(2),
        role: Role::Trainee,
    };
    let trespass = request(
        &trainee(2),
        "x".into(),
        Operation::Reference { number: theirs },
    );
    assert!(guard.check(&second, &trespass).is_some());
    c.bench_function("classroom/owner_check_guard_600_declarations", |b| {
        b.iter(|| black_box(guard.check(black_box(&second), black_box(&trespass))));
    });
    let mut n = 0u64;
    c.bench_function("classroom/owner_check_core_refused_iid", |b| {
        b.iter(|| {
            n += 1;
            let answer = core.handle(
                &request(
                    &trainee(2),
                    format!("core-x{n}"),
                    Operation::Reference { number: theirs },
                ),
                now(),
            );
            assert!(!answer.result.is_success());
            black_box(answer)
        });
    });
}

/// A classroom server on 127.0.0.1 (its own runtime on a thread); its URL and fingerprint.
fn serve(core: Core, guard: Arc<Guard>, dir: &std::path::Path) -> (String, String) {
    let identity = khaibao::gateway::classroom::identity(dir).expect("identity");
    let fingerprint = identity.fingerprint.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime
            .block_on(khaibao::gateway::server::serve_classroom(
                core,
                Arc::new(now),
                guard,
                identity.config,
                "127.0.0.1:0".parse().expect("addr"),
                move |a| tx.send(a).expect("send"),
                std::future::pending(),
            ))
            .expect("serve");
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).expect("bound");
    (format!("https://{addr}"), fingerprint)
}

fn https_round_trips(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (accounts, passwords) = class(dir.path());
    let guard = Arc::new(
        Guard::new(accounts.all().clone().into_iter().collect(), dir.path()).expect("guard"),
    );
    let mut core = Core::open(dir.path(), CodeLists::bundled().expect("codes")).expect("core");
    core.set_instructors(&guard.instructors())
        .expect("instructors");
    let numbers = fill(&mut core, &guard);
    let (url, fingerprint) = serve(core, guard, dir.path());
    let client_dir = tempfile::tempdir().expect("tempdir");
    let pins = Pins::of(client_dir.path());
    pins.pin(&url, &fingerprint).expect("pin");
    let first = trainee(1);
    let password = Zeroizing::new(passwords[&first].clone());
    let mut http = Http::with_pins(&url, Duration::from_secs(30), &pins)
        .expect("client")
        .signed_in_as(&first, password.clone());
    http.health().expect("health");

    c.bench_function("classroom/https_health_kept_alive", |b| {
        b.iter(|| black_box(http.health().expect("health")));
    });
    let own = numbers[&first][0];
    let mut n = 0u64;
    c.bench_function("classroom/https_iid_kept_alive", |b| {
        b.iter(|| {
            n += 1;
            let answer = http
                .send(&request(
                    &first,
                    format!("iid-{n}"),
                    Operation::Reference { number: own },
                ))
                .expect("answer");
            assert!(answer.result.is_success());
            black_box(answer)
        });
    });
    c.bench_function("classroom/https_health_new_connection", |b| {
        b.iter(|| {
            let mut fresh = Http::with_pins(&url, Duration::from_secs(30), &pins)
                .expect("client")
                .signed_in_as(&first, password.clone());
            black_box(fresh.health().expect("health"))
        });
    });
}

criterion_group!(benches, sign_in_and_owner_checks, https_round_trips);
criterion_main!(benches);
