//! Code search speed: the bundled 2026 tariff (11,871 lines) and a generated 100,000-line
//! tariff; loading the tables at start-up; the tariff import of the real Excel file (when
//! `../shared/data/tariff-vn-2026/Tariff.xlsx` is there, else the test sample).
//!
//! Besides criterion's per-query timings, prints p50/p99 over a mix of queries a broker types
//! into a picker (each keystroke of a word, code prefixes, no-match queries), since the target
//! is stated at p99: ≤ 1 ms per query on 100k lines.

// Benchmark code: failing fast on broken fixtures is right; figures are approximate by nature.
#![allow(
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::codes::{CodeLists, CodeTable};

const WORDS: [&str; 40] = [
    "máy", "tính", "xách", "tay", "thép", "cán", "nóng", "nhựa", "hạt", "gỗ", "dán", "cà", "phê",
    "rang", "chưa", "bia", "rượu", "vang", "vải", "bông", "sợi", "điện", "thoại", "linh", "kiện",
    "ô", "tô", "xe", "máy", "đồ", "chơi", "giày", "dép", "da", "thuộc", "gạo", "trắng", "dầu",
    "thô", "loại",
];
const EN_WORDS: [&str; 16] = [
    "machine", "steel", "plastic", "wood", "coffee", "beer", "wine", "cotton", "phone", "parts",
    "car", "toy", "shoes", "rice", "oil", "other",
];

/// A deterministic 100,000-line tariff with 8-digit codes and 4–8-word descriptions.
fn generated_tariff(lines: usize) -> CodeTable {
    let mut csv = String::from("code,name_vi,name_en\n");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..lines {
        let chapter = 1 + (i * 97 / lines);
        let code = format!("{chapter:02}{:06}", i % 1_000_000);
        let n = 4 + (next() % 5) as usize;
        let vi: Vec<&str> = (0..n).map(|_| WORDS[(next() % 40) as usize]).collect();
        let en: Vec<&str> = (0..n).map(|_| EN_WORDS[(next() % 16) as usize]).collect();
        let _ = writeln!(csv, "{code},{},{}", vi.join(" "), en.join(" "));
    }
    CodeTable::parse("tariff", &csv).expect("generated tariff parses")
}

/// What a broker types: every prefix of a few phrases, code prefixes, and misses.
fn query_mix() -> Vec<String> {
    let mut queries = Vec::new();
    for phrase in [
        "may tinh xach tay",
        "ca phe rang",
        "thep can nong",
        "coffee beer",
        "đồ chơi",
    ] {
        for end in 1..=phrase.chars().count() {
            queries.push(phrase.chars().take(end).collect());
        }
    }
    for code in [
        "8", "84", "847", "8471", "847130", "84713020", "0901.11", "99",
    ] {
        queries.push(code.to_owned());
    }
    queries.extend(["zzz".to_owned(), "xyz abc".to_owned()]);
    queries
}

fn percentiles(table: &CodeTable, label: &str) {
    let queries = query_mix();
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..50 {
        for q in &queries {
            let start = Instant::now();
            black_box(table.search(black_box(q), 50));
            times.push(start.elapsed());
        }
    }
    times.sort_unstable();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    eprintln!(
        "{label}: {} queries, p50 {:?}, p99 {:?}, max {:?}",
        times.len(),
        at(0.50),
        at(0.99),
        at(1.0)
    );
}

fn search(c: &mut Criterion) {
    // Loading first, in a process that has not yet built any search index (as at start-up).
    c.bench_function("load_bundled_code_lists", |b| {
        b.iter(|| black_box(CodeLists::read_bundled().expect("bundled")));
    });
    let lists = CodeLists::bundled().expect("bundled code lists");
    let bundled = lists.tariff().table();
    let big = generated_tariff(100_000);
    percentiles(bundled, "bundled tariff (11,871 lines, 2026)");
    percentiles(&big, "generated tariff (100,000 lines)");

    let mut group = c.benchmark_group("search");
    for (name, table) in [("bundled", bundled), ("100k", &big)] {
        for (kind, query) in [
            ("code_prefix", "8471"),
            ("one_letter", "m"),
            ("words", "may tinh xach tay"),
            ("english", "coffee"),
            ("miss", "zzz"),
        ] {
            group.bench_function(format!("{name}/{kind}"), |b| {
                b.iter(|| black_box(table.search(black_box(query), 50)));
            });
        }
        group.bench_function(format!("{name}/exact"), |b| {
            b.iter(|| black_box(table.get(black_box("84713020"))));
        });
    }
    group.finish();
    // Loading, then the first search (which builds the tariff's word index).
    let csv = include_str!("../codelists/tariff.csv");
    c.bench_function("tariff_parse_and_first_search", |b| {
        b.iter(|| {
            let table = CodeTable::parse("tariff", black_box(csv)).expect("tariff");
            black_box(table.search("ca phe rang", 50).len())
        });
    });
}

fn import(c: &mut Criterion) {
    let real = std::path::Path::new("../shared/data/tariff-vn-2026/Tariff.xlsx");
    let file = if real.exists() {
        real.to_path_buf()
    } else {
        std::path::PathBuf::from("tests/fixtures/tariff-2026-sample.xlsx")
    };
    let lists = CodeLists::bundled().expect("bundled code lists");
    eprintln!("tariff import of {}", file.display());
    let mut group = c.benchmark_group("import_tariff");
    group.sample_size(10);
    group.bench_function("read_xlsx", |b| {
        b.iter(|| black_box(khaibao::sheets::read_rows(&file).expect("sheet").len()));
    });
    let rows = khaibao::sheets::read_rows(&file).expect("sheet");
    group.bench_function("lines_and_preview", |b| {
        b.iter(|| {
            let imported =
                khaibao::codes::tariff_import::read_sheet(black_box(&rows), lists.tariff())
                    .expect("import");
            black_box(imported.changes(lists.tariff()).changed.len())
        });
    });
    group.finish();
}

criterion_group!(benches, search, import);
criterion_main!(benches);
