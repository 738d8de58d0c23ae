//! The parts of a declaration beyond one value per row, typed in the window by label at
//! 1024×768: the entrusting party, permits, valuation adjustments, a goods line's other taxes
//! and an export line's other-law codes; the code picker's choice lands in an entry.

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{EditorState, Tab};
use crate::domain::declaration::{OtherTax, Permit};
use crate::domain::{Direction, GoodsLine, Party, field_label};
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn editor(direction: Direction) -> Harness<'static, State> {
    let fixture = Fixture::new(Language::Vietnamese);
    let editor = EditorState::new(direction, &fixture.codes, fixture.frame().today);
    let state = State {
        editor,
        fixture,
        commands: Vec::new(),
    };
    harness((1024.0, 768.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.editor.show(ui, &frame);
        s.commands.extend(commands);
    })
}

fn label(path: &str, direction: Direction) -> &'static str {
    field_label(path, direction).unwrap().vi
}

/// Clicks the button `label`, scrolled into view first (the tabs are taller than the window).
fn press(h: &mut Harness<'_, State>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Types `text` into the `nth` box labelled `label`.
fn type_into(h: &mut Harness<'_, State>, label: &str, nth: usize, text: &str) {
    h.get_all_by_role_and_label(Role::TextInput, label)
        .nth(nth)
        .unwrap()
        .scroll_to_me();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, label)
        .nth(nth)
        .unwrap()
        .focus();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, label)
        .nth(nth)
        .unwrap()
        .type_text(text);
    h.run();
}

#[test]
fn the_entrusting_party_exists_while_something_is_typed_in_it() {
    let mut h = editor(Direction::Import);
    h.run();
    assert_eq!(h.state().editor.declaration.entrusting_party, None);
    let name = label("entrusting_party.name", Direction::Import);
    type_into(&mut h, name, 0, "Công ty TNHH Ủy Thác");
    assert_eq!(
        h.state().editor.declaration.entrusting_party,
        Some(Party {
            name: Some("Công ty TNHH Ủy Thác".into()),
            ..Party::default()
        })
    );
    // Emptied, the part is gone again: no empty entrusting party is declared.
    for _ in 0.."Công ty TNHH Ủy Thác".chars().count() {
        h.key_press(egui::Key::Backspace);
    }
    h.run();
    assert_eq!(h.state().editor.declaration.entrusting_party, None);
}

#[test]
fn permits_are_added_typed_and_removed_by_their_row() {
    let mut h = editor(Direction::Import);
    h.run();
    // The permits' "+ Thêm" is the first on the tab (the EA/EB numbers' follows).
    for _ in 0..2 {
        h.get_all_by_label("+ Thêm").next().unwrap().scroll_to_me();
        h.run();
        h.get_all_by_label("+ Thêm").next().unwrap().click();
        h.run();
    }
    assert_eq!(h.state().editor.declaration.permits.len(), 2);
    assert!(h.state().editor.declaration.attachment_numbers.is_empty());
    let number = label("permits.number", Direction::Import);
    type_into(&mut h, number, 0, "GP-001");
    type_into(&mut h, number, 1, "GP-002");
    // The first row's ✕ removes that permit; the second keeps its number.
    h.get_all_by_label("✕").next().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label("✕").next().unwrap().click();
    h.run();
    assert_eq!(
        h.state().editor.declaration.permits,
        [Permit {
            kind: None,
            number: Some("GP-002".into())
        }]
    );
    // VNACCS takes five: no sixth can be added.
    for _ in 0..5 {
        h.get_all_by_label("+ Thêm").next().unwrap().scroll_to_me();
        h.run();
        h.get_all_by_label("+ Thêm").next().unwrap().click();
        h.run();
    }
    assert_eq!(h.state().editor.declaration.permits.len(), 5);
    assert!(
        h.state().editor.declaration.attachment_numbers.is_empty(),
        "the full permits' button adds nothing, anywhere"
    );
}

#[test]
fn an_adjustment_is_typed_on_the_valuation_tab_the_vietnamese_way() {
    let mut h = editor(Direction::Import);
    h.state_mut().editor.tab = Tab::General2;
    h.run();
    press(&mut h, "+ Thêm");
    let amount = label("valuation.adjustments.amount", Direction::Import);
    type_into(&mut h, amount, 0, "1.250,5");
    let adjustments = &h.state().editor.declaration.valuation.adjustments;
    assert_eq!(adjustments.len(), 1);
    assert_eq!(adjustments[0].amount, Some("1250.5".parse().unwrap()));
}

#[test]
fn a_goods_line_gets_its_other_taxes_above_the_grid() {
    let mut h = editor(Direction::Import);
    h.state_mut().editor.declaration.goods = vec![GoodsLine::default(), GoodsLine::default()];
    h.state_mut().editor.tab = Tab::Goods;
    h.run();
    h.get_by_label_contains("Chi tiết dòng hàng").click();
    h.run();
    // The second line is chosen, and its VAT code typed.
    h.state_mut().editor.detail_line = 1;
    h.run();
    press(&mut h, "+ Thêm");
    let code = label("goods.other_taxes.code", Direction::Import);
    type_into(&mut h, code, 0, "GTGT08");
    let goods = &h.state().editor.declaration.goods;
    assert!(goods[0].other_taxes.is_empty());
    assert_eq!(goods[1].other_taxes.len(), 1);
    assert_eq!(goods[1].other_taxes[0].code.as_deref(), Some("GTGT08"));
}

#[test]
fn an_export_line_takes_its_other_law_codes_one_per_line() {
    let mut h = editor(Direction::Export);
    h.state_mut().editor.declaration.goods = vec![GoodsLine::default()];
    h.state_mut().editor.tab = Tab::Goods;
    h.run();
    h.get_by_label_contains("Chi tiết dòng hàng").click();
    h.run();
    let list = h.get_by_label_contains("Mã văn bản pháp quy khác (mỗi dòng một, tối đa 5)");
    list.focus();
    h.run();
    h.get_by_label_contains("Mã văn bản pháp quy khác")
        .type_text("MO\nXK\n");
    h.run();
    assert_eq!(
        h.state().editor.declaration.goods[0].other_law_codes,
        ["MO", "XK"]
    );
    // The export form has no header other-law codes.
    h.state_mut().editor.tab = Tab::General1;
    h.run();
    assert!(
        h.query_by_label_contains("Mã văn bản pháp quy khác")
            .is_none()
    );
}

#[test]
fn a_code_picked_for_an_entry_lands_in_that_entry_only() {
    let fixture = Fixture::new(Language::Vietnamese);
    let mut e = EditorState::new(Direction::Import, &fixture.codes, fixture.frame().today);
    let d = &mut e.declaration;
    d.permits = vec![Permit::default(), Permit::default()];
    d.goods = vec![GoodsLine::default()];
    d.goods[0].other_taxes = vec![OtherTax::default()];
    let set = super::form::set_text;
    assert!(set(d, "permits[1].kind", "GPNK".into()));
    assert_eq!(d.permits[0].kind, None);
    assert_eq!(d.permits[1].kind.as_deref(), Some("GPNK"));
    assert!(set(d, "goods[0].other_taxes[0].code", "GTGT10".into()));
    assert_eq!(d.goods[0].other_taxes[0].code.as_deref(), Some("GTGT10"));
    assert!(set(d, "entrusting_party.tax_code", "0101234567".into()));
    assert_eq!(
        d.entrusting_party.as_ref().unwrap().tax_code.as_deref(),
        Some("0101234567")
    );
    // No entry there, a number, or no such part: nothing is set.
    assert!(!set(d, "permits[2].kind", "GPNK".into()));
    assert!(!set(
        d,
        "goods[0].other_taxes[0].reduction_amount",
        "1".into()
    ));
    assert!(!set(d, "goods[1].other_taxes[0].code", "GTGT10".into()));
    assert_eq!(d.permits.len(), 2);
}

#[test]
fn a_line_takes_an_absolute_duty_and_its_adjustment_numbers_only_as_numbers_one_to_five() {
    let mut h = editor(Direction::Import);
    h.state_mut().editor.declaration.goods = vec![GoodsLine::default()];
    h.state_mut().editor.tab = Tab::Goods;
    h.run();
    h.get_by_label_contains("Chi tiết dòng hàng").click();
    h.run();
    let per_unit = label("goods.absolute_duty.amount_per_unit", Direction::Import);
    type_into(&mut h, per_unit, 0, "3.500");
    let duty = h.state().editor.declaration.goods[0].absolute_duty.clone();
    assert_eq!(duty.unwrap().amount_per_unit, Some("3500".parse().unwrap()));
    let refs = "Số của mục khai khoản điều chỉnh (mỗi dòng một, tối đa 5)";
    h.get_by_label_contains(refs).scroll_to_me();
    h.run();
    h.get_by_label_contains(refs).focus();
    h.run();
    h.get_by_label_contains(refs).type_text("1\n2");
    h.run();
    assert_eq!(
        h.state().editor.declaration.goods[0].adjustment_refs,
        [1, 2]
    );
    // A 7 is no adjustment's number: the line keeps 1 and 2, and the box says why.
    h.get_by_label_contains(refs).type_text("\n7");
    h.run();
    assert_eq!(
        h.state().editor.declaration.goods[0].adjustment_refs,
        [1, 2]
    );
    assert!(h.query_by_label_contains("là số 1–5").is_some());
    // Leaving the box keeps what was typed in it, with the reason, until it is corrected.
    type_into(&mut h, per_unit, 0, "0");
    assert_eq!(
        h.get_by_label_contains(refs).value().as_deref(),
        Some("1\n2\n7")
    );
    assert!(h.query_by_label_contains("là số 1–5").is_some());
}

#[test]
fn the_foreign_partys_address_lines_and_an_exports_taxable_total_are_typed() {
    let mut h = editor(Direction::Export);
    h.run();
    let address = "Địa chỉ (mỗi dòng một, tối đa 4)";
    h.get_by_label_contains(address).scroll_to_me();
    h.run();
    h.get_by_label_contains(address).focus();
    h.run();
    h.get_by_label_contains(address)
        .type_text("12 Orchard Road\nSingapore 238826\n");
    h.run();
    assert_eq!(
        h.state().editor.declaration.foreign_party.address,
        ["12 Orchard Road", "Singapore 238826"]
    );
    h.state_mut().editor.tab = Tab::General2;
    h.run();
    let total = label("export_taxable_total.amount", Direction::Export);
    type_into(&mut h, total, 0, "10.000");
    let total = h.state().editor.declaration.export_taxable_total.clone();
    assert_eq!(total.unwrap().amount, Some("10000".parse().unwrap()));
}

#[test]
fn a_code_picked_for_a_lines_part_creates_that_part() {
    let fixture = Fixture::new(Language::Vietnamese);
    let mut e = EditorState::new(Direction::Import, &fixture.codes, fixture.frame().today);
    let d = &mut e.declaration;
    d.goods = vec![GoodsLine::default()];
    let set = super::form::set_text;
    assert!(set(d, "goods[0].absolute_duty.unit", "KGM".into()));
    assert_eq!(
        d.goods[0].absolute_duty.as_ref().unwrap().unit.as_deref(),
        Some("KGM")
    );
    assert!(set(
        d,
        "goods[0].manual_taxable_value.currency",
        "USD".into()
    ));
    assert!(!set(d, "goods[0].manual_taxable_value.amount", "1".into()));
    assert!(!set(d, "goods[1].absolute_duty.unit", "KGM".into()));
    assert!(set(d, "export_taxable_total.currency", "USD".into()));
    assert_eq!(
        d.export_taxable_total.as_ref().unwrap().currency.as_deref(),
        Some("USD")
    );
}

#[test]
fn a_finding_in_a_lines_details_opens_them_on_that_line() {
    let mut h = editor(Direction::Import);
    let second = GoodsLine {
        other_taxes: vec![OtherTax::default()],
        ..GoodsLine::default()
    };
    h.state_mut().editor.declaration.goods = vec![GoodsLine::default(), second];
    h.state_mut().editor.tab = Tab::Goods;
    h.run();
    let code = label("goods.other_taxes.code", Direction::Import);
    assert!(h.query_by_label(code).is_none(), "the details start closed");
    // What clicking a finding about that field does.
    h.state_mut()
        .editor
        .show_line_details_of("goods[1].other_taxes[0].code");
    h.run();
    assert_eq!(h.state().editor.detail_line, 1);
    assert!(h.query_by_role_and_label(Role::TextInput, code).is_some());
    // A goods field of the grid leaves the details as they are.
    h.state_mut()
        .editor
        .show_line_details_of("goods[0].hs_code");
    assert_eq!(h.state().editor.detail_line, 1);
}

#[test]
fn a_list_keeps_every_line_typed_even_beyond_what_vnaccs_takes() {
    let mut h = editor(Direction::Import);
    h.run();
    let bills = "Số vận đơn (mỗi dòng một, tối đa 5)";
    h.get_by_label_contains(bills).focus();
    h.run();
    h.get_by_label_contains(bills)
        .type_text("B1\nB2\nB3\nB4\nB5\nB6");
    h.run();
    // Nothing typed is dropped: the sixth stays, and validation says there is one too many.
    assert_eq!(h.state().editor.declaration.bills_of_lading.len(), 6);
}

#[test]
fn a_code_typed_in_small_letters_is_kept_in_capitals() {
    let mut h = editor(Direction::Export);
    h.state_mut().editor.tab = Tab::General2;
    h.run();
    let currency = label("export_taxable_total.currency", Direction::Export);
    type_into(&mut h, currency, 0, "usd");
    let total = h.state().editor.declaration.export_taxable_total.clone();
    assert_eq!(total.unwrap().currency.as_deref(), Some("USD"));
}

#[test]
fn the_tariff_picker_shows_the_lines_place_rates_and_specialised_management() {
    let mut h = editor(Direction::Import);
    h.state_mut().editor.picker = Some(super::picker::Picker::new(
        "goods[0].hs_code",
        crate::codes::TableId::Tariff,
        "0901.11.20".into(),
    ));
    h.run();
    h.run();
    // The nomenclature, one level per row; the rates the Vietnamese way; the measures.
    h.get_by_label("    – Cà phê, chưa rang");
    h.get_by_label("Thuế suất: MFN 15% · B03 22,5%");
    h.get_by_label("Quản lý chuyên ngành");
    h.get_by_label("• [Kiểm dịch thực vật] Kiểm dịch thực vật (01/2024/TT-BNNPTNT M9)*");
    // A line without measures says so.
    h.state_mut().editor.picker = Some(super::picker::Picker::new(
        "goods[0].hs_code",
        crate::codes::TableId::Tariff,
        "03091000".into(),
    ));
    h.run();
    h.run();
    h.get_by_label("Không thuộc diện quản lý chuyên ngành theo bảng kèm theo");
    assert!(h.query_by_label("Quản lý chuyên ngành").is_none());
    // No such line: no detail at all.
    h.state_mut().editor.picker = Some(super::picker::Picker::new(
        "goods[0].hs_code",
        crate::codes::TableId::Tariff,
        "9999".into(),
    ));
    h.run();
    h.run();
    assert!(
        h.query_by_label("Không thuộc diện quản lý chuyên ngành theo bảng kèm theo")
            .is_none(),
        "no such line, no detail"
    );
}
