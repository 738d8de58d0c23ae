//! The amendment after clearance in the window, by label: on a cleared declaration (declared,
//! paid and cleared by the embedded simulator through a real workflow) the broker opens "Khai
//! bổ sung sau thông quan (AMA)", changes line 2's HS code, sends AMA, reads the difference and
//! registers it with AMC.

use std::path::PathBuf;

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::{EditorState, Tab};
use crate::codes::CodeLists;
use crate::domain::Declaration;
use crate::signing::helper::Helper;
use crate::store::{DraftId, DraftState};
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness, now};
use crate::wire::{OfficerAction, Operation, Status};
use crate::workflow::{Connection, Workflow};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

/// A real workflow on the embedded simulator with the sea-container import cleared.
fn cleared(dir: &std::path::Path) -> (Workflow, DraftId) {
    let mut workflow = Workflow::open(
        dir,
        CodeLists::bundled().unwrap(),
        &Connection::Embedded,
        "TRAIN001",
        Helper::new(PathBuf::from("no-helper-needed")),
        crate::clock::Clock::frozen(now()),
    )
    .unwrap();
    let declaration: Declaration = crate::domain::file::from_json(include_str!(
        "../../../../tests/fixtures/import-sea-container.json"
    ))
    .unwrap();
    let (id, _) = workflow.save(None, &declaration).unwrap();
    let number = workflow
        .send_declaration(id, &declaration, None)
        .unwrap()
        .declaration
        .unwrap()
        .number;
    // The documents' dossier (HYS) for the officer: a real file attached and sent.
    let pdf = workflow.data_dir().join("hoa-don.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    workflow
        .attach(id, &pdf, crate::domain::dossier::DocumentKind::Invoice)
        .unwrap();
    for operation in [
        Operation::RegisterOfficial { number },
        Operation::PayTaxes { number },
        Operation::Officer {
            number,
            action: OfficerAction::AcceptDocuments,
        },
        Operation::Officer {
            number,
            action: OfficerAction::PassInspection,
        },
    ] {
        let status = workflow
            .send(id, Operation::Reference { number }, None)
            .unwrap()
            .declaration
            .map(|d| d.status);
        if status == Some(Status::Cleared) {
            break;
        }
        if matches!(operation, Operation::PayTaxes { .. }) {
            let form = crate::workflow::dossier::HysForm {
                phone: "0243826".into(),
                ..Default::default()
            };
            let sent = workflow.send_dossier(id, &form, None).unwrap();
            assert!(sent.result.is_success(), "{:?}", sent.result);
        }
        workflow.send(id, operation, None).unwrap();
    }
    (workflow, id)
}

fn window(workflow: &mut Workflow, id: DraftId) -> Harness<'static, State> {
    let fixture = Fixture::new(Language::Vietnamese);
    let draft = workflow.open_draft(id).unwrap();
    assert_eq!(draft.state, DraftState::Cleared);
    let mut editor = EditorState::with(
        Some(id),
        draft.declaration,
        draft.state,
        &fixture.codes,
        fixture.frame().today,
    );
    editor.tab = Tab::Result;
    let state = State {
        editor,
        fixture,
        commands: Vec::new(),
    };
    harness((1300.0, 1400.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.editor.show(ui, &frame);
        s.commands.extend(commands);
    })
}

/// Focuses the `nth` box labelled `label` and replaces its text with `text`.
fn type_into(h: &mut Harness<'_, State>, label: &str, nth: usize, text: &str) {
    h.get_all_by_role_and_label(Role::TextInput, label)
        .nth(nth)
        .unwrap()
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text(text.to_owned()));
    h.run_steps(2);
}

#[test]
fn a_cleared_declaration_is_amended_with_ama_and_amc_from_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let (mut workflow, id) = cleared(dir.path());
    let mut h = window(&mut workflow, id);
    h.run();
    h.get_by_label("Khai bổ sung sau thông quan (AMA)").click();
    h.run();
    assert_eq!(h.state().editor.tab, Tab::TaxAmendment);
    // Only the tax items are offered, each under its official name, once per line.
    assert_eq!(
        h.get_all_by_role_and_label(Role::TextInput, "Mã số hàng hóa")
            .count(),
        3
    );
    assert!(h.query_by_label("Mô tả hàng hóa").is_none());
    let hs2 = h
        .get_all_by_role_and_label(Role::TextInput, "Mã số hàng hóa")
        .nth(1)
        .unwrap();
    assert_eq!(hs2.accesskit_node().value().as_deref(), Some("84433131"));
    type_into(&mut h, "Mã số hàng hóa", 1, "84433990");
    type_into(&mut h, "Lý do khai bổ sung", 0, "Phân loại lại máy in");
    h.get_by_label("Gửi AMA — xem chênh lệch thuế").click();
    h.run();
    let changes = match h.state_mut().commands.pop() {
        Some(Command::TaxAmendment(changes)) => changes,
        other => panic!("{other:?}"),
    };
    assert_eq!(changes.lines.len(), 1, "{changes:?}");
    assert_eq!(changes.lines[0].line, 2);
    assert_eq!(changes.lines[0].hs_code.as_deref(), Some("84433990"));
    assert_eq!(changes.reason, "Phân loại lại máy in");

    // What the app's worker does with the command; the answer comes back to the form.
    let ama = workflow.send_tax_amendment(id, &changes, None).unwrap();
    assert!(ama.result.is_success(), "{:?}", ama.result);
    h.state_mut().editor.last_response = Some(Box::new(ama));
    h.run();
    h.get_by_label_contains("Số khai bổ sung: 730000000110");
    h.get_by_label("Trước khi sửa");
    h.get_by_label("84433131");
    h.get_by_label("84433990");
    // Line 2 (taxable value 160.614.300 VND): import duty 0 % → 5 % = 8.030.715; VAT on
    // 168.645.015 = 16.864.502 (was 16.061.430): 803.072 more; 8.833.787 in all.
    h.get_by_label_contains("số thuế phải nộp thêm 8.833.787 VND");
    h.get_by_label("Đăng ký khai bổ sung (AMC)").click();
    h.run();
    match h.state_mut().commands.pop() {
        Some(Command::RegisterTaxAmendment {
            number,
            changes: sent,
        }) => {
            assert_eq!(number.to_string(), "730000000110");
            assert_eq!(*sent, *changes);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_number_that_cannot_be_read_is_said_and_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut workflow, id) = cleared(dir.path());
    let mut h = window(&mut workflow, id);
    h.run();
    h.get_by_label("Khai bổ sung sau thông quan (AMA)").click();
    h.run();
    // Nothing changed yet: said here, nothing sent.
    h.get_by_label("Gửi AMA — xem chênh lệch thuế").click();
    h.run();
    assert!(h.state().commands.is_empty());
    h.get_by_label_contains("Không có chỉ tiêu nào thay đổi");
    type_into(&mut h, "Trị giá tính thuế (khai thủ công)", 0, "47.000,x");
    h.get_by_label("Gửi AMA — xem chênh lệch thuế").click();
    h.run();
    assert!(h.state().commands.is_empty());
    h.get_by_label_contains("Dòng hàng 1: «47.000,x» không phải là số");
    // Closing the form goes back to the answer.
    h.get_by_label("Đóng khai bổ sung").click();
    h.run();
    assert!(h.state().editor.tax_amendment.is_none());
}
