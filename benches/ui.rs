//! The window's CPU cost per frame, headless: the real `App` (worker thread, store and embedded
//! core in a temporary folder) drawn by an `egui::Context` at 1400×900, with tessellation (what
//! the CPU does before the GPU gets the frame). Cases: the list, and the editor with the 50-line
//! example on the header tab and on the goods grid.
//!
//! Target: ≤ 4 ms median for the editor with 50 lines. Run: `cargo bench --bench ui`.
//! Start-up time and memory of the real window: `benches/window.sh` (needs Xvfb).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use khaibao::codes::CodeLists;
use khaibao::domain::{Direction, file};
use khaibao::signing::helper::Helper;
use khaibao::ui::App;
use khaibao::ui::command::Command;
use khaibao::ui::editor::Tab;
use khaibao::ui::worker::Setup;
use khaibao::workflow::Connection;

fn frame(ctx: &egui::Context, app: &mut App) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| app.show(ui));
    // No GPU here: the font atlas updates are dropped on purpose.
    output.textures_delta.clear();
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn settle(ctx: &egui::Context, app: &mut App) {
    for _ in 0..500 {
        frame(ctx, app);
        if !app.busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    for _ in 0..5 {
        frame(ctx, app);
    }
}

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = Setup {
        data_dir: dir.path().to_path_buf(),
        connection: Connection::Embedded,
        user_id: "KBTRN001".into(),
        helper: Helper::new(PathBuf::from(env!("CARGO_BIN_EXE_khaibao"))),
        // The date the example declarations are valid on (docs/declaration-format.md).
        clock: khaibao::clock::Clock::starting_at(
            "2026-11-23T02:00:00Z".parse().expect("RFC 3339"),
        ),
    };
    let ctx = egui::Context::default();
    khaibao::ui::fonts::install(&ctx);
    let mut app = App::new(CodeLists::bundled().expect("codes"), setup, || {});
    settle(&ctx, &mut app);
    let mut group = c.benchmark_group("frame");
    group.bench_function("list", |b| b.iter(|| black_box(frame(&ctx, &mut app))));

    app.run(Command::New(Direction::Import));
    let fifty =
        file::from_json(include_str!("../tests/fixtures/import-50-lines.json")).expect("fixture");
    app.edit_declaration(|d| *d = fifty);
    settle(&ctx, &mut app);
    group.bench_function("editor_50_lines_general1", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app)));
    });
    if let Some(editor) = app.editor.as_mut() {
        editor.tab = Tab::Goods;
    }
    settle(&ctx, &mut app);
    group.bench_function("editor_50_lines_goods", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app)));
    });
    if let Some(editor) = app.editor.as_mut() {
        editor.tab = Tab::Taxes;
    }
    settle(&ctx, &mut app);
    group.bench_function("editor_50_lines_taxes", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app)));
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
