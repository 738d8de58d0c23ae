use chrono::{TimeZone, Utc};
use egui_kittest::kittest::Queryable;

use super::*;
use crate::classroom::register::Entry;
use crate::classroom::scores::ExerciseStanding;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, hour, minute, 0).unwrap()
}

/// A valid declaration number (check digit included) of import sequence `sequence`.
fn number(sequence: u32) -> String {
    crate::domain::DeclarationNumber::new(10, sequence, 0)
        .unwrap()
        .to_string()
}

fn view() -> ClassView {
    let entry = |sequence: u32, status: &str, lane: Option<&str>| Entry {
        owner: "KBLOP001".into(),
        number: number(sequence),
        status: status.into(),
        lane: lane.map(str::to_owned),
        updated: at(2, 15),
    };
    ClassView {
        members: vec![
            ClassMember {
                user_id: "KBLOP001".into(),
                name: "Nguyễn Văn An".into(),
                role: Role::Trainee,
                declarations: vec![
                    entry(26_112_301, "registered", Some("1")),
                    entry(26_112_302, "cleared", Some("3")),
                    entry(26_112_303, "provisional", None),
                ],
                scores: vec![ExerciseStanding {
                    exercise_id: "01-a11-first-import".into(),
                    attempts: 2,
                    best_percent: 100,
                    last_percent: 96,
                    last_at: at(3, 0),
                }],
            },
            ClassMember {
                user_id: "KBLOP002".into(),
                name: "Trần Thị Bình".into(),
                role: Role::Trainee,
                declarations: Vec::new(),
                scores: Vec::new(),
            },
            ClassMember {
                user_id: "KBLOPGV1".into(),
                name: "Lê Giảng".into(),
                role: Role::Instructor,
                declarations: Vec::new(),
                scores: Vec::new(),
            },
        ],
    }
}

fn screen(
    language: Language,
    state: ClassState,
) -> egui_kittest::Harness<'static, (ClassState, Vec<Command>)> {
    let fixture = Fixture::new(language);
    let catalogue = crate::exercise::catalogue();
    harness(
        (1280.0, 900.0),
        (state, Vec::new()),
        move |ui, (state, out)| {
            let frame = fixture.frame();
            out.extend(class_screen(ui, &frame, state, &catalogue));
        },
    )
}

fn read(view: ClassView) -> ClassState {
    ClassState {
        view: Some(view),
        updated: Some(at(2, 30)),
        ..ClassState::default()
    }
}

#[test]
fn every_trainee_is_listed_with_declarations_lanes_and_scores() {
    let mut harness = screen(Language::Vietnamese, read(view()));
    harness.run();
    harness.get_by_label("Lớp học — theo dõi của giảng viên");
    harness.get_by_label("Cập nhật lúc 23/11/2026 09:30");
    harness.get_by_label("2 học viên · 3 tờ khai");
    // The summary: one row per member.
    harness.get_by_label("Nguyễn Văn An");
    harness.get_by_label("Xanh 1 · Vàng 0 · Đỏ 1");
    harness.get_by_label("1 bài · điểm cao nhất trung bình 100%");
    harness.get_by_label("Lê Giảng (giảng viên)");
    // A trainee's details, unfolded: each declaration with its status and lane, each exercise
    // by its title with best, last and attempts.
    harness.get_by_label("KBLOP001 — Nguyễn Văn An").click();
    harness.run();
    harness.get_by_label(&number(26_112_302));
    harness.get_by_label("Đã thông quan");
    harness.get_by_label("Luồng Đỏ");
    harness.get_by_label("Đã khai báo trước");
    let title = crate::exercise::find("01-a11-first-import")
        .map(|e| e.title.vi)
        .unwrap_or_default();
    harness.get_by_label(&format!(
        "{title}: cao nhất 100% · lần cuối 96% · 2 lần làm (23/11/2026 10:00)"
    ));
    harness.get_by_label("KBLOP002 — Trần Thị Bình").click();
    harness.run();
    harness.get_by_label("Chưa có tờ khai nào");
}

#[test]
fn refresh_asks_again_and_english_reads_english() {
    let mut harness = screen(Language::English, read(view()));
    harness.run();
    harness.get_by_label("Class — the instructor's view");
    harness.get_by_label("Green 1 · Yellow 0 · Red 1");
    // Counts in their number: "2 trainees" but "1 exercise".
    harness.get_by_label("2 trainees · 3 declarations");
    harness.get_by_label("1 exercise · mean best 100%");
    harness.get_by_label("Refresh").click();
    harness.run();
    assert!(matches!(
        harness.state().1.as_slice(),
        [Command::RefreshClass]
    ));
}

#[test]
fn outside_a_classroom_and_for_a_trainee_it_says_why_there_is_nothing() {
    let mut harness = screen(
        Language::Vietnamese,
        ClassState {
            not_classroom: true,
            ..ClassState::default()
        },
    );
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Chưa kết nối với máy chủ lớp học")
            .is_some()
    );
    let refused = Bilingual::new(
        "Máy chủ lớp học https://127.0.0.1:7443 từ chối: KB-S0093 Chỉ giảng viên",
        "refused",
    );
    let mut harness = screen(
        Language::Vietnamese,
        ClassState {
            problem: Some(refused.clone()),
            ..ClassState::default()
        },
    );
    harness.run();
    harness.get_by_label(&refused.vi);
}

#[test]
fn a_read_is_due_at_once_then_every_few_seconds_and_never_two_at_a_time() {
    let start = std::time::Instant::now();
    let mut state = ClassState::default();
    assert!(state.due(start));
    state.asked = Some(start);
    assert!(!state.due(start + std::time::Duration::from_secs(REFRESH_SECONDS - 1)));
    assert!(state.due(start + std::time::Duration::from_secs(REFRESH_SECONDS)));
    state.running = true;
    assert!(!state.due(start + std::time::Duration::from_secs(60)));
}

#[test]
fn a_yellow_or_red_registered_declaration_offers_the_officers_steps() {
    let mut waiting = view();
    waiting.members[0].declarations[0].lane = Some("2".into());
    let mut harness = screen(Language::Vietnamese, read(waiting));
    harness.run();
    harness.get_by_label("KBLOP001 — Nguyễn Văn An").click();
    harness.run();
    // One declaration waits for the officer (the cleared red one is done, the provisional one
    // is not registered): one set of steps.
    harness.get_by_label("Công chức: chấp nhận hồ sơ").click();
    harness.run();
    let expected: crate::domain::DeclarationNumber = number(26_112_301).parse().unwrap();
    assert!(matches!(
        harness.state().1.as_slice(),
        [Command::ClassOfficer { number, action: crate::wire::OfficerAction::AcceptDocuments }]
            if *number == expected
    ));
}

#[test]
fn every_declaration_can_be_opened_as_a_copy_to_read() {
    let mut harness = screen(Language::Vietnamese, read(view()));
    harness.run();
    harness.get_by_label("KBLOP001 — Nguyễn Văn An").click();
    harness.run();
    // One button per declaration, provisional ones included.
    let buttons = harness.query_all_by_label("Mở bản sao để xem").count();
    assert_eq!(buttons, 3);
    harness
        .query_all_by_label("Mở bản sao để xem")
        .nth(1)
        .unwrap()
        .click();
    harness.run();
    let expected: crate::domain::DeclarationNumber = number(26_112_302).parse().unwrap();
    assert!(matches!(
        harness.state().1.as_slice(),
        [Command::CopyFromClass(number)] if *number == expected
    ));
}
