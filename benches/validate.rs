//! Validation speed on the 50-line example declaration (target: ≤ 200 µs median).

// Benchmark code: failing fast on broken fixtures is right; figures are approximate by nature.
#![allow(
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::codes::CodeLists;
use khaibao::domain::file;
use khaibao::rules::validate;

fn bench(c: &mut Criterion) {
    let codes = CodeLists::bundled().expect("bundled code lists");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let fifty =
        file::from_json(include_str!("../tests/fixtures/import-50-lines.json")).expect("fixture");
    let errors = file::from_json(include_str!("../tests/fixtures/import-with-errors.json"))
        .expect("fixture");
    assert_eq!(fifty.goods.len(), 50);
    c.bench_function("validate/50_lines_clean", |b| {
        b.iter(|| black_box(validate(black_box(&fifty), &codes, today)));
    });
    c.bench_function("validate/with_errors", |b| {
        b.iter(|| black_box(validate(black_box(&errors), &codes, today)));
    });
    let text = include_str!("../tests/fixtures/import-50-lines.json");
    c.bench_function("parse/50_lines_json", |b| {
        b.iter(|| black_box(file::from_json(black_box(text))));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
