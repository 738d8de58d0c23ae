//! The simulated core's speed: assessing a 50-line declaration; IDC end to end in-process with
//! SQLite persistence (a real file, WAL); and the HTTP server's throughput under a bounded load
//! from client threads on 127.0.0.1 (declarations/s, p50/p99 latency, numbers lost or duplicated).
//!
//! Targets: IDC of 50 lines in-process ≤ 2 ms median; server ≥ 1,000 IDC/s on 2 cores.

// Benchmark code: failing fast on broken fixtures is right; figures are approximate by nature.
#![allow(
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::unwrap_used
)]

use std::collections::HashSet;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::assess::assess;
use khaibao::codes::CodeLists;
use khaibao::core_sim::Core;
use khaibao::domain::{Declaration, file};
use khaibao::gateway::{Gateway, Http};
use khaibao::wire::{Operation, PROTOCOL, Request, Response};

fn fifty() -> Declaration {
    file::from_json(include_str!("../tests/fixtures/import-50-lines.json")).expect("fixture")
}

fn now() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().expect("time")
}

fn request(message_ref: String, operation: Operation) -> Request {
    Request {
        protocol: PROTOCOL.into(),
        message_ref,
        user_id: "KBTRN001".into(),
        operation,
    }
}

fn in_process(c: &mut Criterion) {
    let codes = CodeLists::bundled().expect("codes");
    let d = fifty();
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    c.bench_function("assess/50_lines", |b| {
        b.iter(|| black_box(assess(black_box(&d), &codes, date)));
    });

    let dir = tempfile::tempdir().expect("tempdir");
    let mut core = Core::open(dir.path(), codes).expect("core");
    let mut counter = 0u64;
    c.bench_function("core/ida_50_lines_sqlite", |b| {
        b.iter(|| {
            counter += 1;
            black_box(core.handle(
                &request(
                    format!("A{counter}"),
                    Operation::RegisterProvisional {
                        declaration: Box::new(d.clone()),
                    },
                ),
                now(),
            ))
        });
    });
    c.bench_function("core/idc_50_lines_sqlite", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                counter += 1;
                let ida = core.handle(
                    &request(
                        format!("A{counter}"),
                        Operation::RegisterProvisional {
                            declaration: Box::new(d.clone()),
                        },
                    ),
                    now(),
                );
                let number = ida.declaration.expect("number").number;
                let start = Instant::now();
                let idc = core.handle(
                    &request(
                        format!("C{counter}"),
                        Operation::RegisterOfficial { number },
                    ),
                    now(),
                );
                total += start.elapsed();
                assert_eq!(idc.result.code, "00000");
            }
            total
        });
    });
}

/// Bounded load: `clients` threads, each sends `per_client` IDA then IDC to a real server.
fn http_throughput(clients: usize, per_client: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let core = Core::open(dir.path(), CodeLists::bundled().expect("codes")).expect("core");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime
            .block_on(khaibao::gateway::server::serve_with_clock(
                core,
                Arc::new(now),
                "127.0.0.1:0".parse().expect("addr"),
                move |a| tx.send(a).expect("send"),
                std::future::pending(),
            ))
            .expect("serve");
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).expect("bound");
    let url = format!("http://{addr}");
    let declaration = file::from_json(include_str!("../tests/fixtures/import-sea-container.json"))
        .expect("fixture");

    // Phase 1: provisional declarations (not timed as IDC).
    let numbers: Vec<Vec<_>> = std::thread::scope(|s| {
        (0..clients)
            .map(|client| {
                let url = &url;
                let declaration = &declaration;
                s.spawn(move || {
                    let mut gateway = Http::new(url, Duration::from_secs(30)).expect("client");
                    (0..per_client)
                        .map(|i| {
                            let r: Response = gateway
                                .send(&request(
                                    format!("ida-{client}-{i}"),
                                    Operation::RegisterProvisional {
                                        declaration: Box::new(declaration.clone()),
                                    },
                                ))
                                .expect("IDA");
                            r.declaration.expect("number").number
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().expect("join"))
            .collect()
    });
    let all: Vec<_> = numbers.iter().flatten().copied().collect();
    let distinct: HashSet<_> = all.iter().map(|n| n.base()).collect();

    // Phase 2: IDC, timed.
    let start = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|s| {
        numbers
            .iter()
            .enumerate()
            .map(|(client, mine)| {
                let url = &url;
                s.spawn(move || {
                    let mut gateway = Http::new(url, Duration::from_secs(30)).expect("client");
                    mine.iter()
                        .map(|number| {
                            let t = Instant::now();
                            let r = gateway
                                .send(&request(
                                    format!("idc-{client}-{}", number.base()),
                                    Operation::RegisterOfficial { number: *number },
                                ))
                                .expect("IDC");
                            assert_eq!(r.result.code, "00000", "{:?}", r.result);
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flat_map(|h| h.join().expect("join"))
            .collect()
    });
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    eprintln!(
        "http: {clients} clients × {per_client}: {} IDC in {:.2?} = {:.0} IDC/s; latency p50 {:.2?}, p99 {:.2?}; numbers issued {}, distinct {}, lost or duplicated {}",
        latencies.len(),
        elapsed,
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.5),
        at(0.99),
        all.len(),
        distinct.len(),
        clients * per_client - distinct.len()
    );
}

fn http(_c: &mut Criterion) {
    // Honour criterion's name filter: `cargo bench --bench core core/` skips the load test.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if filters.is_empty()
        || filters
            .iter()
            .any(|f| "http".contains(f.as_str()) || f.contains("http"))
    {
        // Outside `cargo bench` (i.e. `cargo test --all-targets`) only check that the load runs.
        let full = std::env::args().any(|a| a == "--bench");
        http_throughput(if full { 4 } else { 2 }, if full { 500 } else { 20 });
    }
}

criterion_group!(benches, in_process, http);
criterion_main!(benches);
