//! The timeline's message view: a VNACCS message kept in the log is shown decoded, header
//! fields at their offsets, items with the official Vietnamese names, results with the
//! official meaning and remedy; the password never appears.

use chrono::{DateTime, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{EditorState, Tab};
use crate::domain::{Direction, JobCode};
use crate::store::{TimelineEntry, TimelineKind};
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn real(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/vnaccs-2014/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn entry(kind: TimelineKind, raw: Vec<u8>, result: Option<&str>) -> TimelineEntry {
    let at: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
    TimelineEntry {
        at,
        kind,
        job: "IDC".parse::<JobCode>().ok(),
        branch: None,
        result_code: result.map(str::to_owned),
        summary_vi: "Gửi IDC".into(),
        summary_en: "Sent IDC".into(),
        raw: Some(raw),
        system: None,
    }
}

fn timeline(language: Language) -> Harness<'static, State> {
    let fixture = Fixture::new(language);
    let mut editor = EditorState::new(Direction::Import, &fixture.codes, fixture.frame().today);
    editor.tab = Tab::Timeline;
    editor.timeline = vec![
        entry(TimelineKind::Sent, real("02-IDC-request.txt"), None),
        entry(
            TimelineKind::Received,
            real("03-IDC-response.txt"),
            Some("E9990"),
        ),
    ];
    let state = State {
        editor,
        fixture,
        commands: Vec::new(),
    };
    harness((1200.0, 900.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.editor.show(ui, &frame);
        s.commands.extend(commands);
    })
}

#[test]
fn a_sent_message_is_shown_item_by_item_with_the_official_names_and_no_password() {
    let mut h = timeline(Language::Vietnamese);
    h.run();
    h.get_all_by_label("Xem thông điệp").next().unwrap().click();
    h.run();
    h.get_by_label("Số tờ khai");
    h.get_by_label("123456");
    h.get_by_label("Khóa thông điệp");
    h.get_by_label("IDC  20140505233307000000 ");
    h.get_by_label("***");
    assert!(h.query_by_label("PASSWD  ").is_none());
    // Closing it hides it again.
    h.get_by_label("Đóng thông điệp").click();
    h.run();
    assert!(h.query_by_label("123456").is_none());
}

#[test]
fn an_answer_shows_its_official_meaning_and_remedy_in_english_too() {
    let mut h = timeline(Language::English);
    h.run();
    h.get_all_by_label("View message").nth(1).unwrap().click();
    h.run();
    h.get_by_label("E9990-0000-0000");
    h.get_by_label("Nghiệp vụ này yêu cầu chữ ký điện tử.");
    h.get_by_label("Thêm vào chữ ký điện tử và thực hiện lại nghiệp vụ.");
    h.get_by_label("output code");
}
