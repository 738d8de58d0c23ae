//! The result tab shows the simulator's explanation: why this lane and what would have changed
//! it, each tax as base × rate, and a refusal's field, official meaning and hint — from real
//! answers of the simulated core.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use super::{EditorState, Tab};
use crate::domain::Declaration;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness, now};
use crate::wire::{Operation, Response};

/// A registration's answer and a refusal's, from the embedded simulator through the workflow
/// (as the window's worker gets them).
fn answers() -> (Response, Response) {
    let dir = tempfile::tempdir().unwrap();
    let mut workflow = crate::workflow::Workflow::open(
        dir.path(),
        crate::codes::CodeLists::bundled().unwrap(),
        &crate::workflow::Connection::Embedded,
        "TRAIN001",
        crate::signing::helper::Helper::new(std::path::PathBuf::from("no-helper-needed")),
        crate::clock::Clock::frozen(now()),
    )
    .unwrap();
    let declaration: Declaration = crate::domain::file::from_json(include_str!(
        "../../../../tests/fixtures/import-sea-container.json"
    ))
    .unwrap();
    let mut broken = declaration.clone();
    broken.goods[0].hs_code = Some("99999999".into());
    let (bad, _) = workflow.save(None, &broken).unwrap();
    let refused = workflow.send_declaration(bad, &broken, None).unwrap();
    let (id, _) = workflow.save(None, &declaration).unwrap();
    let ida = workflow.send_declaration(id, &declaration, None).unwrap();
    let number = ida.declaration.unwrap().number;
    let idc = workflow
        .send(id, Operation::RegisterOfficial { number }, None)
        .unwrap();
    (idc, refused)
}

fn window(response: Response) -> Harness<'static, (EditorState, Fixture)> {
    let fixture = Fixture::new(Language::Vietnamese);
    let mut editor = EditorState::new(
        crate::domain::Direction::Import,
        &fixture.codes,
        fixture.frame().today,
    );
    editor.tab = Tab::Result;
    editor.last_response = Some(Box::new(response));
    harness(
        (1400.0, 1400.0),
        (editor, fixture),
        |ui, (editor, fixture)| {
            let frame = fixture.frame();
            let _ = editor.show(ui, &frame);
        },
    )
}

fn labels(h: &Harness<'_, (EditorState, Fixture)>) -> String {
    h.query_all_by(|_| true)
        .flat_map(|n| {
            let node = n.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_registration_explains_its_lane_and_each_tax() {
    let (idc, _) = answers();
    assert!(idc.result.is_success(), "{:?}", idc.result);
    let explanation = idc.explanation.clone().expect("explained");
    let mut h = window(idc);
    h.run();
    let shown = labels(&h);
    h.get_by_label("Giải thích (hệ thống mô phỏng)");
    let lane = explanation.lane.expect("the lane explained");
    assert!(
        shown.contains(&format!("Vì sao luồng này: {}", lane.text_vi)),
        "{shown}"
    );
    assert!(shown.contains(&lane.alternative_vi), "{shown}");
    // Rules by their Vietnamese titles (this declaration's goods are under specialised
    // management; a first-time importer's rule would decide next), never their ids.
    h.get_by_label("Luật quyết định luồng (mô phỏng): Hàng quản lý chuyên ngành");
    assert!(
        shown.contains("Vì sao luồng này: Tiêu chí 'Hàng quản lý chuyên ngành' khớp")
            && shown.contains("tiêu chí 'Doanh nghiệp nhập khẩu lần đầu' khớp tiếp theo"),
        "{shown}"
    );
    assert!(
        !shown.contains("specialised-management") && !shown.contains("first-time-importer"),
        "{shown}"
    );
    assert!(!explanation.taxes.is_empty());
    for tax in &explanation.taxes {
        assert!(shown.contains(&tax.text_vi), "{}: {shown}", tax.text_vi);
    }
}

#[test]
fn a_refusal_names_the_field_its_meaning_and_a_hint() {
    let (_, refused) = answers();
    assert!(!refused.result.is_success());
    let explanation = refused.explanation.clone().expect("explained");
    let first = explanation
        .refusals
        .first()
        .expect("a refusal explained")
        .clone();
    let mut h = window(refused);
    h.run();
    let shown = labels(&h);
    assert!(shown.contains(&first.code), "{shown}");
    assert!(shown.contains(&format!("→ {}", first.hint_vi)), "{shown}");
    assert!(
        explanation
            .refusals
            .iter()
            .any(|r| r.item_id.as_deref() == Some("CMD")),
        "{:?}",
        explanation.refusals
    );
    assert!(shown.contains("[CMD Mã số hàng hóa] dòng 1"), "{shown}");
}
