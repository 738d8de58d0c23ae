//! The customers screen driven by label: a customer is added with its defaults once its tax
//! code holds, edited by id, deleted only after yes, and a new declaration is asked for it.

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::CustomersScreen;
use crate::domain::Direction;
use crate::store::Customer;
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    screen: CustomersScreen,
    customers: Vec<Customer>,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn screen(customers: Vec<Customer>, language: Language) -> Harness<'static, State> {
    let state = State {
        screen: CustomersScreen::default(),
        customers,
        fixture: Fixture::new(language),
        commands: Vec::new(),
    };
    harness((1280.0, 1400.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.screen.show(ui, &frame, &s.customers);
        s.commands.extend(commands);
    })
}

fn type_into(h: &mut Harness<'static, State>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn saved(h: &Harness<'static, State>) -> Vec<Customer> {
    h.state()
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::SaveCustomer(customer) => Some((**customer).clone()),
            _ => None,
        })
        .collect()
}

fn dai_phat() -> Customer {
    let mut customer = Customer {
        id: 4,
        tax_code: "0301234567".into(),
        name: "Công ty TNHH Đại Phát".into(),
        address: "Hải Phòng".into(),
        phone: "02253123456".into(),
        ..Customer::default()
    };
    customer.defaults.insert("office".into(), "03CE".into());
    customer
}

#[test]
fn a_customer_is_added_with_its_defaults_once_its_tax_code_holds() {
    let mut h = screen(vec![dai_phat()], Language::Vietnamese);
    h.run();
    h.get_by_label("Thêm khách hàng").click();
    h.run();
    type_into(&mut h, "Mã số thuế", "01012345");
    type_into(&mut h, "Tên doanh nghiệp", " Công ty CP Minh An ");
    type_into(&mut h, "Mã loại hình", "a1");
    h.get_by_label("Lưu khách hàng").click();
    h.run();
    assert!(saved(&h).is_empty(), "an 8-digit tax code is refused");
    assert!(
        h.query_by_label_contains("Mã số thuế sai định dạng")
            .is_some()
    );
    // Another customer's tax code is refused too.
    h.get_by_role_and_label(Role::TextInput, "Mã số thuế")
        .focus();
    h.run();
    for _ in 0..8 {
        h.key_press(egui::Key::Backspace);
        h.run();
    }
    type_into(&mut h, "Mã số thuế", "0301234567");
    h.get_by_label("Lưu khách hàng").click();
    h.run();
    assert!(saved(&h).is_empty());
    assert!(h.query_by_label_contains("Đã có khách hàng khác").is_some());
    // A dependent unit's 13 digits with the dash hold; a default code must be in its table.
    type_into(&mut h, "Mã số thuế", "-001");
    h.get_by_label("Lưu khách hàng").click();
    h.run();
    assert!(saved(&h).is_empty());
    assert!(
        h.query_by_label("Mã loại hình: \"a1\" không có trong bảng mã")
            .is_some()
    );
    type_into(&mut h, "Mã loại hình", "1");
    h.get_by_label("Lưu khách hàng").click();
    h.run();
    let saved = saved(&h);
    let [customer] = saved.as_slice() else {
        panic!("one save expected: {saved:?}")
    };
    assert_eq!(customer.id, 0, "a new customer");
    assert_eq!(customer.tax_code, "0301234567-001");
    assert_eq!(customer.name, "Công ty CP Minh An", "trimmed");
    assert_eq!(
        customer.defaults.get("type_code").map(String::as_str),
        Some("A11"),
        "codes kept upper case"
    );
    assert!(
        !customer.defaults.contains_key("office"),
        "empty defaults are left out"
    );
    // The form stays until the store has answered, then closes.
    assert!(h.query_by_label("Khách hàng mới").is_some());
    h.state_mut().screen.saved();
    h.run();
    assert!(h.query_by_label("Khách hàng mới").is_none());
}

#[test]
fn a_customer_is_edited_by_id_and_a_declaration_is_made_for_it() {
    let mut h = screen(vec![dai_phat()], Language::English);
    h.run();
    assert!(h.query_by_label("Công ty TNHH Đại Phát").is_some());
    h.get_by_label("Edit").click();
    h.run();
    assert!(h.query_by_label("Edit customer").is_some());
    type_into(&mut h, "Phone", " ext 12");
    h.get_by_label("Save customer").click();
    h.run();
    let saved = saved(&h);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].id, 4, "edited by id");
    assert_eq!(saved[0].phone, "02253123456 ext 12");
    assert_eq!(
        saved[0].defaults.get("office").map(String::as_str),
        Some("03CE")
    );
    h.get_by_label("Declare export").click();
    h.run();
    match h.state().commands.last() {
        Some(Command::NewForCustomer(customer, Direction::Export)) => {
            assert_eq!(customer.tax_code, "0301234567");
            let declaration = customer.new_declaration(Direction::Export);
            assert_eq!(
                declaration.declarant.name.as_deref(),
                Some("Công ty TNHH Đại Phát")
            );
            assert_eq!(declaration.office.as_deref(), Some("03CE"));
        }
        other => panic!("expected a new export declaration, got {other:?}"),
    }
}

#[test]
fn a_customer_is_deleted_only_after_yes() {
    let mut h = screen(vec![dai_phat()], Language::Vietnamese);
    h.run();
    h.get_by_label("Xóa").click();
    h.run();
    assert!(h.state().commands.is_empty());
    assert!(h.query_by_label_contains("vẫn được giữ").is_some());
    h.get_by_label("Không").click();
    h.run();
    assert!(h.query_by_label_contains("vẫn được giữ").is_none());
    h.get_by_label("Xóa").click();
    h.run();
    h.get_by_label("Đồng ý").click();
    h.run();
    assert!(matches!(
        h.state().commands.as_slice(),
        [Command::DeleteCustomer(4)]
    ));
}

#[test]
fn no_customers_yet_is_said() {
    let mut h = screen(Vec::new(), Language::Vietnamese);
    h.run();
    assert!(h.query_by_label("Chưa có khách hàng nào").is_some());
}
