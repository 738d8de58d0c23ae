//! The goods tab's spreadsheet work in the window, by label: the import button asks for a
//! file, the preview of a real CSV file imports its lines (replace or append) and asks to
//! remember the mapping, a cell that cannot be read keeps the import button off and is named,
//! a column is mapped by hand, and "fill from history" fills a line.

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{EditorState, GoodsImport, Tab};
use crate::domain::history::Suggestion;
use crate::domain::{Direction, GoodsLine};
use crate::goods_sheet::{Mapping, Mode};
use crate::ui::command::Command;
use crate::ui::dialogs::Browse;
use crate::ui::i18n::Language;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    editor: EditorState,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn goods_tab() -> Harness<'static, State> {
    let fixture = Fixture::new(Language::Vietnamese);
    let mut editor = EditorState::new(Direction::Import, &fixture.codes, fixture.frame().today);
    editor.tab = Tab::Goods;
    editor.declaration.declarant.tax_code = Some("0101234567".to_owned());
    let state = State {
        editor,
        fixture,
        commands: Vec::new(),
    };
    harness((1280.0, 900.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let commands = s.editor.show(ui, &frame);
        s.commands.extend(commands);
    })
}

/// What the worker gives for a file: the real reader and preview.
fn import_of(dir: &std::path::Path, name: &str, text: &str, mapping: Mapping) -> GoodsImport {
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    let sheet = crate::sheets::read_sheet(&file, None).unwrap();
    let result =
        crate::goods_sheet::preview(&sheet, Direction::Import, &mapping).map_err(|e| e.message());
    GoodsImport {
        file,
        mapping,
        result,
        sheet_names: sheet.sheet_names,
        mode: Mode::Append,
    }
}

const CSV: &str = "Mã HS;Tên hàng;Xuất xứ;Số lượng;ĐVT;Đơn giá;Trị giá;Ghi chú\n\
                   84145110;Quạt bàn điện 40 W;CN;1.200;PCE;12,5;15.000;lô A\n\
                   85165000;Lò vi sóng 20 lít;CN;300;PCE;45,25;13.575;lô B\n";

fn vietnamese() -> Mapping {
    Mapping {
        vietnamese_numbers: true,
        ..Mapping::default()
    }
}

#[test]
fn a_previewed_file_replaces_the_lines_and_its_mapping_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = goods_tab();
    h.run();
    h.get_by_label("Nhập từ Excel/CSV…").click();
    h.run();
    assert!(
        h.state()
            .commands
            .iter()
            .any(|c| matches!(c, Command::Browse(Browse::GoodsFile)))
    );
    let import = import_of(dir.path(), "hàng.csv", CSV, vietnamese());
    h.state_mut().editor.set_goods_import(import);
    h.run();
    h.get_by_label_contains("Dòng hàng đọc được: 2");
    // The unknown heading is shown as not used; the lines are listed.
    h.get_by_label("H Ghi chú");
    h.get_by_label("Lò vi sóng 20 lít");
    h.get_by_label("Thay thế các dòng hiện có").click();
    h.run();
    h.get_by_label("Nhập các dòng hàng (2)").click();
    h.run();
    h.run();
    let goods = &h.state().editor.declaration.goods;
    assert_eq!(goods.len(), 2, "the empty line was replaced");
    assert_eq!(goods[0].hs_code.as_deref(), Some("84145110"));
    assert_eq!(goods[0].quantity.amount, Some(1200.into()));
    assert_eq!(goods[1].unit_price, Some("45.25".parse().unwrap()));
    assert!(h.state().editor.dirty);
    assert!(h.state().commands.iter().any(|c| matches!(
        c,
        Command::RememberGoodsMapping { customer, mapping } if customer == "0101234567" && mapping.vietnamese_numbers
    )));
    assert!(
        h.query_by_label("Nhập các dòng hàng (2)").is_none(),
        "the window closed"
    );
}

#[test]
fn a_cell_that_cannot_be_read_keeps_the_import_off_and_a_column_is_mapped_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = goods_tab();
    h.run();
    let bad = CSV.replace("1.200", "mười hai");
    h.state_mut()
        .editor
        .set_goods_import(import_of(dir.path(), "bad.csv", &bad, vietnamese()));
    h.run();
    h.get_by_label_contains("D2: «mười hai» không phải là số");
    // The button is off: clicking it imports nothing.
    h.get_by_label("Nhập các dòng hàng (2)").click();
    h.run();
    assert!(h.state().editor.declaration.goods[0].hs_code.is_none());
    assert!(
        !h.state()
            .commands
            .iter()
            .any(|c| matches!(c, Command::RememberGoodsMapping { .. }))
    );
    // Column H («Ghi chú») chosen as the own management code: a new preview is asked for with
    // every column by letter.
    h.get_by_role_and_label(Role::ComboBox, "H Ghi chú")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "H Ghi chú").click();
    h.run();
    // The grid's column header has the name too: the popup's item is the last one drawn.
    h.get_all_by_label("Mã quản lý riêng")
        .last()
        .unwrap()
        .click();
    h.run();
    let asked = h.state().commands.iter().find_map(|c| match c {
        Command::PreviewGoods {
            mapping: Some(m), ..
        } => Some(m.clone()),
        _ => None,
    });
    let mapping = asked.expect("a new preview");
    assert!(mapping.only_listed);
    assert!(mapping.columns.iter().any(|(key, spec)| key == "own_code"
        && *spec == crate::goods_sheet::ColumnSpec::Letter("H".to_owned())));
    assert_eq!(mapping.columns.len(), 8);
    assert!(
        h.state().editor.declaration.goods[0].hs_code.is_none(),
        "nothing imported"
    );
}

#[test]
fn fill_from_history_asks_for_the_lines_product_code_and_fills_the_line() {
    let mut h = goods_tab();
    h.state_mut().editor.declaration.goods[0] = GoodsLine {
        own_code: Some("QD-40".to_owned()),
        quantity: crate::domain::Quantity {
            amount: Some(7.into()),
            unit: None,
        },
        ..GoodsLine::default()
    };
    h.run();
    h.get_by_label_contains("Chi tiết dòng hàng").click();
    h.run();
    h.get_by_label("Gợi ý từ lịch sử").click();
    h.run();
    assert!(h.state().commands.iter().any(|c| matches!(
        c,
        Command::Suggest { line: 0, customer, query } if customer == "0101234567" && query == "QD-40"
    )));
    let earlier = GoodsLine {
        hs_code: Some("84145110".to_owned()),
        description: Some("Quạt bàn điện 40 W".to_owned()),
        quantity: crate::domain::Quantity {
            amount: None,
            unit: Some("PCE".to_owned()),
        },
        ..GoodsLine::default()
    };
    h.state_mut().editor.set_suggestions(
        0,
        vec![Suggestion {
            line: earlier,
            times: 3,
        }],
    );
    h.run();
    h.get_by_label_contains("84145110 · Quạt bàn điện 40 W · PCE · 3×")
        .click();
    h.run();
    let line = &h.state().editor.declaration.goods[0];
    assert_eq!(line.hs_code.as_deref(), Some("84145110"));
    assert_eq!(line.quantity.unit.as_deref(), Some("PCE"));
    assert_eq!(line.quantity.amount, Some(7.into()));
}

#[test]
fn a_declaration_is_saved_as_a_named_template_of_its_customer() {
    let mut h = goods_tab();
    h.run();
    h.get_by_label("Lưu làm mẫu…").click();
    h.run();
    h.get_by_label_contains("Mẫu của khách hàng: 0101234567");
    h.get_by_role_and_label(Role::TextInput, "Tên mẫu").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tên mẫu")
        .type_text("Quạt Đại Phát");
    h.run();
    h.get_by_label("Lưu mẫu").click();
    h.run();
    assert!(h.state().commands.iter().any(|c| matches!(
        c,
        Command::SaveTemplate { name, customer, .. } if name == "Quạt Đại Phát" && customer == "0101234567"
    )));
    assert!(h.query_by_label("Lưu mẫu").is_none(), "the window closed");
}

#[test]
fn an_invoice_of_more_than_fifty_lines_is_offered_to_be_split_into_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = goods_tab();
    h.state_mut().editor.id = Some(4);
    h.run();
    let mut text = String::from("Mã HS;Tên hàng;Số lượng;ĐVT;Trị giá\n");
    for i in 1..=60 {
        use std::fmt::Write as _;
        writeln!(text, "84145110;Quạt số {i};1;PCE;{i}").unwrap();
    }
    h.state_mut()
        .editor
        .set_goods_import(import_of(dir.path(), "60.csv", &text, vietnamese()));
    h.run();
    // Appending to the one empty line makes 61: two declarations.
    h.get_by_label_contains("số dòng của hóa đơn: 61");
    h.get_by_label("Thay thế các dòng hiện có").click();
    h.run();
    h.get_by_label("Tách thành các tờ khai nháp (2)").click();
    h.run();
    let split = h.state().commands.iter().find_map(|c| match c {
        Command::SplitInvoice { whole, first } => Some((whole.goods.len(), *first)),
        _ => None,
    });
    assert_eq!(split, Some((60, Some(4))));
    assert!(
        h.query_by_label("Tách thành các tờ khai nháp (2)")
            .is_none()
    );
}

#[test]
fn a_typed_path_is_read_where_no_file_dialog_opens() {
    let mut h = goods_tab();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "hoặc tệp").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "hoặc tệp")
        .type_text("/tmp/hóa đơn.xlsx");
    h.run();
    h.get_by_label("Đọc tệp").click();
    h.run();
    assert!(h.state().commands.iter().any(|c| matches!(
        c,
        Command::PreviewGoods { file, mapping: None, customer, .. }
            if file.to_str() == Some("/tmp/hóa đơn.xlsx") && customer == "0101234567"
    )));
}
