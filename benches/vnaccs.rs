//! The VNACCS codec's speed: a 50-line IDA from the example declaration to its exact bytes and
//! back (items → declaration), and a 50-line IDA with every item full (61,730-byte body) encoded
//! and decoded; validation's item check (KB-E0215) runs this encode on every check.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::domain::file;
use khaibao::wire::vnaccs::{self, Attribute, ItemValues, body, items, layout};

fn full(layout: &layout::Layout) -> ItemValues {
    let fill = |def: &layout::ItemDef| match def.attribute {
        Attribute::Integer | Attribute::Decimal => "9".repeat(def.width),
        Attribute::Alphanumeric => "X".repeat(def.width),
        Attribute::Wide => "Đ".repeat(def.width / 2),
    };
    let mut values = ItemValues::default();
    for def in layout.header_items() {
        values.set(&def.id, fill(def));
    }
    values.lines = (0..layout.repeat)
        .map(|_| {
            layout
                .line_items()
                .iter()
                .map(|d| (d.id.clone(), fill(d)))
                .collect()
        })
        .collect();
    values
}

fn codec(c: &mut Criterion) {
    let d =
        file::from_json(include_str!("../tests/fixtures/import-50-lines.json")).expect("fixture");
    let ida = layout::get("IDA").expect("layout");
    let bytes = vnaccs::declaration_body(&d, "IDA").expect("encodes");
    c.bench_function("vnaccs/encode_ida_50_lines", |b| {
        b.iter(|| black_box(vnaccs::declaration_body(black_box(&d), "IDA")));
    });
    c.bench_function("vnaccs/decode_ida_50_lines", |b| {
        b.iter(|| {
            let values = body::decode(ida, black_box(&bytes)).expect("decodes");
            black_box(items::from_items(&values, d.direction))
        });
    });
    let values = full(ida);
    let full_body = body::encode(ida, &values, false).expect("encodes");
    assert_eq!(full_body.len(), 61_730);
    c.bench_function("vnaccs/encode_full_ida_61730_bytes", |b| {
        b.iter(|| black_box(body::encode(ida, black_box(&values), false)));
    });
    c.bench_function("vnaccs/decode_full_ida_61730_bytes", |b| {
        b.iter(|| black_box(body::decode(ida, black_box(&full_body))));
    });
}

criterion_group!(benches, codec);
criterion_main!(benches);
