//! The dossier tab by its labels: a new declaration is told to be saved first; a saved one
//! lists its files with their state and checks, attaches a typed path as the chosen kind,
//! removes only a file not sent, sends the unsent ones with HYS (with the remarks' byte count),
//! and asks for the archive — each a command, no IO in the screen.

use chrono::{DateTime, Utc};
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{EditorState, Tab};
use crate::domain::Direction;
use crate::domain::dossier::{DocumentKind, MediaType};
use crate::store::{Attachment, DraftState};
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};
use crate::workflow::dossier::{AttachmentStatus, Original};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn attachment(id: i64, name: &str, receipt: Option<&str>, original: Original) -> AttachmentStatus {
    let at: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
    AttachmentStatus {
        attachment: Attachment {
            id,
            draft_id: 1,
            kind: DocumentKind::Invoice,
            name: name.into(),
            media_type: MediaType::Pdf,
            size: 2_500_000,
            sha256: "00".repeat(32),
            source: None,
            added_at: at,
            receipt: receipt.map(str::to_owned),
            sent_at: receipt.map(|_| at),
        },
        damaged: None,
        original,
    }
}

fn editor(saved: bool, language: Language) -> Harness<'static, State> {
    let fixture = Fixture::new(language);
    let mut editor = EditorState::new(Direction::Import, &fixture.codes, fixture.frame().today);
    if saved {
        editor = EditorState::with(
            Some(1),
            editor.declaration.clone(),
            DraftState::Draft,
            &fixture.codes,
            fixture.frame().today,
        );
        editor.attachments = vec![
            attachment(1, "hoa-don.pdf", Some("102611230001"), Original::Changed),
            attachment(2, "van-don.pdf", None, Original::Same),
        ];
    }
    editor.tab = Tab::Dossier;
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
fn an_unsaved_declaration_is_told_to_be_saved_first() {
    let mut h = editor(false, Language::Vietnamese);
    h.run();
    assert!(
        h.query_by_label("Hãy lưu tờ khai trước khi đính kèm chứng từ")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Gửi các chứng từ chưa gửi")
            .is_none()
    );
}

#[test]
fn files_are_listed_attached_removed_sent_and_archived_by_command() {
    let mut h = editor(true, Language::Vietnamese);
    h.run();
    // The list: the sent one with its receipt and its changed original; the other not sent.
    assert!(h.query_by_label("HYS 102611230001").is_some());
    assert!(h.query_by_label_contains("Tệp gốc đã thay đổi").is_some());
    // 2,500,000 bytes: 2.38 MiB, shown rounded down in the Vietnamese mark.
    assert_eq!(h.query_all_by_label("2,3 MB").count(), 2);
    assert!(h.query_by_label("Chưa gửi").is_some());
    // Only the unsent file has a remove button.
    let removes = h.query_all_by_label("Xóa").count();
    assert_eq!(removes, 1);
    h.get_by_label("Xóa").click();
    h.run();
    assert!(
        matches!(
            h.state().commands.as_slice(),
            [Command::RemoveAttachment(2)]
        ),
        "{:?}",
        h.state().commands
    );
    h.state_mut().commands.clear();

    // A typed path, attached as a bill of lading.
    h.get_by_role_and_label(Role::ComboBox, "Loại chứng từ")
        .click();
    h.run();
    h.get_all_by_label("Vận đơn đường biển")
        .last()
        .unwrap()
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "hoặc tệp").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "hoặc tệp")
        .type_text("/tmp/bl.pdf");
    h.run();
    h.get_by_label("Đính kèm").click();
    h.run();
    match h.state().commands.as_slice() {
        [Command::Attach { paths, kind }] => {
            assert_eq!(paths, &[std::path::PathBuf::from("/tmp/bl.pdf")]);
            assert_eq!(*kind, DocumentKind::BillOfLading);
        }
        other => panic!("{other:?}"),
    }
    h.state_mut().commands.clear();

    // HYS with remarks: the bytes counted (an accented letter is 2–3 bytes).
    h.get_by_role_and_label(Role::MultilineTextInput, "Ghi chú")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Ghi chú")
        .type_text("Bổ sung");
    h.run();
    // 7 letters, "ổ" taking 3 bytes: 9 bytes.
    assert!(h.query_by_label("9/996 byte").is_some());
    h.get_by_label("Gửi các chứng từ chưa gửi (1)").click();
    h.run();
    assert!(
        matches!(h.state().commands.as_slice(), [Command::SendDossier(_)]),
        "{:?}",
        h.state().commands
    );
    h.state_mut().commands.clear();
    h.get_by_label("Xuất hồ sơ lưu trữ (.zip)…").click();
    h.run();
    assert!(matches!(
        h.state().commands.as_slice(),
        [Command::ExportArchive]
    ));
}
