//! The list driven by label: an empty store and a search without hits say different things, a
//! delete asks first, and every control is on screen at 1024×768.

use chrono::Duration;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::ListScreen;
use crate::domain::Direction;
use crate::store::{Customer, DraftState, DraftSummary};
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness, now};

struct State {
    list: ListScreen,
    rows: Vec<DraftSummary>,
    customers: Vec<Customer>,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn row(id: i64, state: DraftState) -> DraftSummary {
    DraftSummary {
        id,
        direction: Direction::Import,
        state,
        number: (state != DraftState::Draft).then(|| format!("10000000{id:04}")),
        title: format!("Công ty {id}"),
        errors: 0,
        warnings: 1,
        updated_at: now(),
        expires_at: (state == DraftState::Provisional).then(|| now() + Duration::hours(30)),
        lane: None,
        tax_code: Some(format!("010000{id:04}")),
    }
}

fn list(rows: Vec<DraftSummary>, size: (f32, f32)) -> Harness<'static, State> {
    let state = State {
        list: ListScreen::default(),
        rows,
        customers: Vec::new(),
        fixture: Fixture::new(Language::Vietnamese),
        commands: Vec::new(),
    };
    harness(size, state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.list.show(ui, &frame, &s.rows, &s.customers);
        s.commands.extend(commands);
    })
}

#[test]
fn an_empty_store_and_a_search_without_hits_say_different_things() {
    let mut h = list(Vec::new(), (1280.0, 800.0));
    h.run();
    assert!(h.query_by_label_contains("Chưa có tờ khai nào").is_some());
    h.get_by_label("Tìm kiếm").focus();
    h.run();
    h.get_by_label("Tìm kiếm").type_text("cà phê");
    h.run();
    assert!(h.query_by_label_contains("Chưa có tờ khai nào").is_none());
    assert!(
        h.query_by_label_contains("Không có tờ khai nào khớp")
            .is_some()
    );
    let searches: Vec<&str> = h
        .state()
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::Search(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        searches.last(),
        Some(&"cà phê"),
        "the search carries its text"
    );
}

#[test]
fn a_draft_is_deleted_only_after_yes_and_a_sent_one_offers_no_delete() {
    let mut h = list(
        vec![row(1, DraftState::Draft), row(2, DraftState::Provisional)],
        (1280.0, 800.0),
    );
    h.run();
    // The provisional one counts down its 7 days (30 hours left: the last-day warning is not yet).
    assert!(h.query_by_label_contains("còn 1 ngày 6 giờ").is_some());
    assert_eq!(h.query_all_by_label("Xóa").count(), 1);
    h.get_by_label("Xóa").click();
    h.run();
    assert!(h.state().commands.is_empty(), "nothing is deleted yet");
    // The dialog names the draft; Esc closes it, as "Không" does.
    // (once in its row, once in the dialog)
    assert_eq!(h.query_all_by_label("Công ty 1").count(), 2);
    h.key_press(eframe::egui::Key::Escape);
    h.run();
    assert!(h.query_by_label_contains("Không thể hoàn tác").is_none());
    h.get_by_label("Xóa").click();
    h.run();
    h.get_by_label("Không").click();
    h.run();
    assert!(h.query_by_label_contains("Không thể hoàn tác").is_none());
    h.get_by_label("Xóa").click();
    h.run();
    h.get_by_label("Đồng ý").click();
    h.run();
    assert!(matches!(
        h.state().commands.as_slice(),
        [Command::Delete(1)]
    ));
}

#[test]
fn every_control_of_the_toolbar_is_on_screen_at_1024_by_768() {
    let mut h = list(vec![row(1, DraftState::Draft)], (1024.0, 768.0));
    h.run();
    for label in [
        "Tờ khai nhập khẩu mới",
        "Tờ khai xuất khẩu mới",
        "Chọn tệp…",
        "Mở tệp tờ khai",
    ] {
        let rect = h.get_by_label(label).rect();
        assert!(
            rect.right() <= 1024.0 && rect.bottom() <= 768.0,
            "{label} is off screen at {rect:?}"
        );
    }
}

#[test]
fn every_column_fits_at_1024_and_each_filter_is_named_before_its_box() {
    let mut long = row(2, DraftState::Provisional);
    long.title = "Công ty TNHH Thương mại và Dịch vụ Xuất nhập khẩu Đại Phát Hải Phòng".into();
    let mut registered = row(3, DraftState::Registered);
    registered.lane = Some(3);
    let mut h = list(
        vec![row(1, DraftState::Draft), long, registered],
        (1024.0, 768.0),
    );
    h.run();
    let last = h.get_by_label("Sửa lần cuối").rect();
    assert!(last.right() <= 1024.0, "the last column is cut at {last:?}");
    // The long name is shortened in its cell and whole on hover.
    let title = h.get_by_label_contains("Công ty TNHH Thương mại").rect();
    assert!(title.width() <= 260.0, "{title:?}");
    for name in ["Trạng thái", "Loại"] {
        let combo = h.get_by_role_and_label(egui::accesskit::Role::ComboBox, name);
        // The filter's name is the topmost label of that text (the column header is below).
        let label = h
            .get_all_by_role_and_label(egui::accesskit::Role::Label, name)
            .map(|n| n.rect())
            .min_by(|a, b| a.top().total_cmp(&b.top()))
            .unwrap();
        assert!(
            label.right() <= combo.rect().left(),
            "{name}: the label stands after its box"
        );
        assert!(combo.rect().right() <= 1024.0, "{name}: its box is cut");
    }
}

#[test]
fn the_customer_filter_shows_one_customers_declarations_and_all_again() {
    let mut h = list(
        vec![
            row(1, DraftState::Draft),
            row(2, DraftState::Registered),
            row(3, DraftState::Draft),
        ],
        (1280.0, 800.0),
    );
    // Customer 2 written with the dependent unit's dash is still matched by its digits; the
    // importer of row 2 has the tax code 0100000002.
    h.state_mut().customers = vec![
        Customer {
            id: 7,
            tax_code: "0100000002".into(),
            name: "Công ty Hai".into(),
            ..Customer::default()
        },
        Customer {
            id: 8,
            tax_code: "0100-000003".into(),
            name: "Công ty Ba".into(),
            ..Customer::default()
        },
    ];
    h.run();
    assert!(h.query_by_label("Công ty 1").is_some());
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Khách hàng")
        .click();
    h.run();
    h.get_by_label("Công ty Hai (0100000002)").click();
    h.run();
    assert!(h.query_by_label("Công ty 1").is_none());
    assert!(h.query_by_label("Công ty 2").is_some());
    assert!(h.query_by_label("Công ty 3").is_none());
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Khách hàng")
        .click();
    h.run();
    h.get_by_label("Công ty Ba (0100-000003)").click();
    h.run();
    assert!(h.query_by_label("Công ty 2").is_none());
    assert!(h.query_by_label("Công ty 3").is_some());
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Khách hàng")
        .click();
    h.run();
    h.get_by_label("Tất cả").click();
    h.run();
    for title in ["Công ty 1", "Công ty 2", "Công ty 3"] {
        assert!(h.query_by_label(title).is_some(), "{title} is shown again");
    }
}

#[test]
fn templates_are_listed_a_declaration_made_from_one_and_one_deleted() {
    use crate::store::TemplateSummary;
    let mut h = list(vec![row(1, DraftState::Draft)], (1280.0, 800.0));
    h.run();
    h.get_by_label("Mẫu tờ khai").click();
    h.run();
    assert!(matches!(h.state().commands[..], [Command::ListTemplates]));
    let template = |id, name: &str, customer: &str| TemplateSummary {
        id,
        name: name.to_owned(),
        customer: customer.to_owned(),
        direction: Direction::Import,
        saved_at: now(),
    };
    h.state_mut().list.set_templates(vec![
        template(7, "Quạt Đại Phát", "0101234567"),
        template(8, "Chung", ""),
    ]);
    h.run();
    h.get_by_label("mọi khách hàng");
    h.get_all_by_label("Xóa mẫu").nth(1).unwrap().click();
    h.run();
    assert!(matches!(
        h.state().commands.last(),
        Some(Command::DeleteTemplate(8))
    ));
    assert!(h.query_by_label("Chung").is_none(), "the deleted row went");
    h.get_by_label("Tạo tờ khai").click();
    h.run();
    assert!(matches!(
        h.state().commands.last(),
        Some(Command::FromTemplate(7))
    ));
    assert!(
        h.query_by_label("Quạt Đại Phát").is_none(),
        "the window closed"
    );
}
