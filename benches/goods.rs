//! Goods lines from a spreadsheet: an 800-line invoice in .xlsx (written by the program's own
//! exporter) read, checked cell by cell, split into 16 declarations and each validated — what a
//! broker waits for between choosing the file and seeing the preview and the findings.

// Benchmark code: failing fast on broken fixtures is right.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::codes::CodeLists;
use khaibao::domain::{file, split::split_invoice};
use khaibao::goods_sheet::{self, Mapping};
use khaibao::rules::validate;
use khaibao::sheets::read_sheet;

fn bench(c: &mut Criterion) {
    let codes = CodeLists::bundled().expect("bundled code lists");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let mut whole =
        file::from_json(include_str!("../tests/fixtures/import-50-lines.json")).expect("fixture");
    let lines = whole.goods.clone();
    whole.goods = (0..800).map(|i| lines[i % lines.len()].clone()).collect();
    // One invoice of 800 lines: its total is theirs (a split refuses any other).
    whole.invoice.total = Some(whole.goods_invoice_total());
    let dir = tempfile::tempdir().expect("temporary folder");
    let xlsx = dir.path().join("invoice-800.xlsx");
    let bytes = goods_sheet::export::to_xlsx(&whole.goods, whole.direction, true).expect("xlsx");
    std::fs::write(&xlsx, bytes).expect("write");
    let mapping = Mapping::default();
    let mut group = c.benchmark_group("goods_import");
    group.sample_size(20);
    group.bench_function("read_and_check_800_line_xlsx", |b| {
        b.iter(|| {
            let sheet = read_sheet(black_box(&xlsx), None).expect("sheet");
            let preview = goods_sheet::preview(&sheet, whole.direction, &mapping).expect("preview");
            assert_eq!(preview.lines.len(), 800);
            black_box(preview)
        });
    });
    group.bench_function("read_check_split_validate_800_lines", |b| {
        b.iter(|| {
            let sheet = read_sheet(black_box(&xlsx), None).expect("sheet");
            let preview = goods_sheet::preview(&sheet, whole.direction, &mapping).expect("preview");
            let mut invoice = whole.clone();
            invoice.goods = preview.lines.into_iter().map(|l| l.line).collect();
            invoice.invoice.total = Some(invoice.goods_invoice_total());
            let parts = split_invoice(&invoice).expect("split");
            let findings: usize = parts.iter().map(|p| validate(p, &codes, today).len()).sum();
            black_box(findings)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
