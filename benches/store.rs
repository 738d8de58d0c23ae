//! Local store speed: autosave of a 50-line declaration (median and p99, real file, WAL,
//! synchronous FULL); opening a store of 100,000 declarations; listing and searching its first
//! page. Targets: autosave ≤ 5 ms median; first page ≤ 20 ms.

// Benchmark code: failing fast on broken fixtures is right; figures are approximate by nature.
#![allow(
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::semicolon_if_nothing_returned,
    clippy::map_unwrap_or
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::domain::{Declaration, file};
use khaibao::store::{STORE_FILE, Store};

fn now() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().expect("time")
}

fn percentiles(label: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    eprintln!(
        "{label}: {} runs, p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        times.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

fn autosave(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(STORE_FILE)).expect("store");
    let mut fifty: Declaration =
        file::from_json(include_str!("../tests/fixtures/import-50-lines.json")).expect("fixture");
    let id = store.save_draft(None, &fifty, &[], now()).expect("save");
    let mut times = Vec::new();
    for i in 0..500 {
        fifty.notes = Some(format!("edit {i}"));
        let start = Instant::now();
        store
            .save_draft(Some(id), &fifty, &[], now())
            .expect("save");
        times.push(start.elapsed());
    }
    percentiles("autosave 50 lines", times);
    c.bench_function("store/autosave_50_lines", |b| {
        b.iter(|| {
            black_box(
                store
                    .save_draft(Some(id), black_box(&fifty), &[], now())
                    .expect("save"),
            )
        });
    });
}

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs benches once without it, where
/// the big setups would only slow the test suite down.
fn full_size() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn hundred_thousand(c: &mut Criterion) {
    let chunks = if full_size() { 20 } else { 1 };
    let per_chunk = if full_size() { 5_000 } else { 500 };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(STORE_FILE);
    let base: Declaration =
        file::from_json(include_str!("../tests/fixtures/import-sea-container.json"))
            .expect("fixture");
    let names = [
        "AN PHÁT",
        "BÌNH MINH",
        "CƯỜNG THỊNH",
        "ĐẠI VIỆT",
        "HOÀNG LONG",
        "MINH KHANG",
        "PHÚ QUÝ",
        "THÀNH CÔNG",
    ];
    {
        let mut store = Store::open(&path).expect("store");
        let start = Instant::now();
        for chunk in 0..chunks {
            let batch: Vec<Declaration> = (0..per_chunk)
                .map(|i| {
                    let n = chunk * per_chunk + i;
                    let mut d = base.clone();
                    d.invoice.number = Some(format!("INV-{n:06}"));
                    d.bills_of_lading = vec![format!("BL{n:08}")];
                    d.declarant.name = Some(format!(
                        "CÔNG TY TNHH {} {}",
                        names[n % names.len()],
                        n % 997
                    ));
                    d.declarant.tax_code = Some(format!("03{:08}", n % 5_000));
                    d
                })
                .collect();
            store.import_drafts(&batch, now()).expect("import");
        }
        eprintln!(
            "building {} declarations took {:.1?}; file {} MB",
            chunks * per_chunk,
            start.elapsed(),
            std::fs::metadata(&path)
                .map(|m| m.len() / 1_000_000)
                .unwrap_or(0)
        );
    }
    let start = Instant::now();
    let store = Store::open(&path).expect("open");
    eprintln!(
        "opening the 100,000-declaration store (with quick_check) took {:.1?}",
        start.elapsed()
    );
    let mut group = c.benchmark_group("store_100k");
    group.bench_function("open_with_check", |b| {
        b.iter(|| black_box(Store::open(&path).expect("open")))
    });
    group.bench_function("first_page", |b| {
        b.iter(|| black_box(store.list(None, 0, 50).expect("list")))
    });
    group.bench_function("search_invoice", |b| {
        b.iter(|| black_box(store.list(Some("INV-054321"), 0, 50).expect("search")))
    });
    group.bench_function("search_name_words", |b| {
        b.iter(|| black_box(store.list(Some("hoang long"), 0, 50).expect("search")))
    });
    group.bench_function("search_hs_prefix", |b| {
        b.iter(|| black_box(store.list(Some("8471"), 0, 50).expect("search")))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = autosave, hundred_thousand
}
criterion_main!(benches);
