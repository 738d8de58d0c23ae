//! Settings driven by label: language and theme are commands, the identity is saved with what
//! was typed, the VNACCS password leaves the form once saved, the practice token waits for its
//! data and forgets its PIN.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{SettingsScreen, SettingsView};
use crate::ui::command::Command;
use crate::ui::i18n::Language;
use crate::ui::prefs::Prefs;
use crate::ui::screens::testing::{Fixture, harness};

struct State {
    screen: SettingsScreen,
    fixture: Fixture,
    commands: Vec<Command>,
}

fn settings() -> Harness<'static, State> {
    let prefs = Prefs {
        company_name: "Công ty TNHH Đại lý Hải Phòng".into(),
        ..Prefs::default()
    };
    let state = State {
        screen: SettingsScreen::new(&prefs, "/usr/lib/softhsm/libsofthsm2.so".into()),
        fixture: Fixture::new(Language::Vietnamese),
        commands: Vec::new(),
    };
    harness((1024.0, 2400.0), state, |ui, s: &mut State| {
        let frame = s.fixture.frame();
        let view = SettingsView {
            data_dir: std::path::Path::new("/tmp/khaibao-data"),
            connection: "Hệ thống mô phỏng tích hợp",
            profile: None,
            credential_store: None,
        };
        let commands = s.screen.show(ui, &frame, &view);
        s.commands.extend(commands);
    })
}

#[test]
fn language_is_a_command_and_the_identity_is_saved_as_typed() {
    let mut h = settings();
    h.run();
    h.get_by_label("English").click();
    h.run();
    assert!(matches!(
        h.state().commands.as_slice(),
        [Command::SetLanguage(Language::English)]
    ));
    let company = h.get_by_label("Tên doanh nghiệp (đại lý)");
    company.focus();
    h.run();
    h.get_by_label("Tên doanh nghiệp (đại lý)")
        .type_text(" chi nhánh");
    h.run();
    h.get_by_label("Lưu cài đặt").click();
    h.run();
    match h.state().commands.last() {
        Some(Command::SaveIdentity { company_name, .. }) => {
            assert_eq!(company_name, "Công ty TNHH Đại lý Hải Phòng chi nhánh");
        }
        other => panic!("expected the identity, got {other:?}"),
    }
}

#[test]
fn the_vnaccs_password_leaves_the_form_once_saved() {
    let mut h = settings();
    h.run();
    assert!(
        h.query_by_label("Lưu tài khoản").is_some(),
        "the credentials section is shown"
    );
    let mut fill = |label: &str, text: &str| {
        h.get_by_label(label).focus();
        h.run();
        h.get_by_label(label).type_text(text);
        h.run();
    };
    // A password VNACCS cannot take (accents, more than 8) keeps the button off, and says why.
    fill("Mật khẩu", "bí-mật-2026");
    fill("Mã máy trạm (terminal ID)", "KB0001");
    fill("Khóa truy cập máy trạm", "0123456789ABCDEF");
    assert!(h.query_by_label_contains("Cần đủ 4 ô").is_some());
    h.get_by_label("Lưu tài khoản").click();
    h.run();
    assert!(h.state().commands.is_empty(), "nothing saved");
    h.state_mut().screen.credentials.password = zeroize::Zeroizing::new("Bm2026x1".into());
    h.run();
    assert!(h.query_by_label_contains("Cần đủ 4 ô").is_none());
    h.get_by_label("Lưu tài khoản").click();
    h.run();
    match h.state().commands.last() {
        Some(Command::SaveCredentials(c)) => {
            assert_eq!(c.password.as_str(), "Bm2026x1");
            assert_eq!(c.terminal_id, "KB0001");
            assert_eq!(c.user_id, "TRAIN001");
        }
        other => panic!("expected the credentials, got {other:?}"),
    }
    assert!(h.state().screen.credentials.password.is_empty());
    assert_eq!(h.state().screen.credentials.user_id, "TRAIN001");
}

#[test]
fn a_classroom_needs_only_the_user_code_and_a_password_as_the_instructor_gave_it() {
    let mut h = settings();
    h.run();
    h.state_mut().screen.connection.kind = super::ConnectionKind::Server;
    h.state_mut().screen.connection.server_url = "https://192.168.1.10:7443".into();
    h.run();
    assert!(
        h.query_by_label_contains("Lớp học: cần mã người sử dụng")
            .is_some()
    );
    // Typed in small letters (the paper has capitals): said why, not saved.
    h.state_mut().screen.credentials.password = zeroize::Zeroizing::new("mywgcc69".into());
    h.run();
    assert!(h.query_by_label_contains("Cần đủ 4 ô").is_none());
    assert!(
        h.query_by_label_contains("chỉ gồm chữ in hoa và chữ số")
            .is_some(),
        "the small letters are named"
    );
    h.get_by_label("Lưu tài khoản").click();
    h.run();
    assert!(h.state().commands.is_empty(), "nothing saved");
    // As on the paper: saved with no terminal ID or access key.
    h.state_mut().screen.credentials.password = zeroize::Zeroizing::new("MYWGCC69".into());
    h.run();
    h.get_by_label("Lưu tài khoản").click();
    h.run();
    match h.state().commands.last() {
        Some(Command::SaveCredentials(c)) => {
            assert_eq!(c.password.as_str(), "MYWGCC69");
            assert!(c.terminal_id.is_empty() && c.access_key.is_empty());
        }
        other => panic!("expected the credentials, got {other:?}"),
    }
}

#[test]
fn the_practice_token_waits_for_its_data_and_forgets_its_pin() {
    let mut h = settings();
    h.run();
    let make = "Tạo token luyện tập (mô phỏng)";
    // The heading and the button share the text: the button is the last.
    h.get_all_by_label(make).last().unwrap().click();
    h.run();
    assert!(h.state().commands.is_empty(), "nothing typed: disabled");
    h.state_mut().screen.practice_name = "Nguyễn Văn An".into();
    h.state_mut().screen.practice_tax_code = "0101234567".into();
    *h.state_mut().screen.practice_pin = "1234".into();
    h.run();
    h.get_all_by_label(make).last().unwrap().click();
    h.run();
    match h.state().commands.as_slice() {
        [
            Command::MakePractice {
                name,
                tax_code,
                pin,
            },
        ] => {
            assert_eq!(name, "Nguyễn Văn An");
            assert_eq!(tax_code, "0101234567");
            assert_eq!(pin.secret().as_str(), "1234");
        }
        other => panic!("expected the practice token, got {other:?}"),
    }
    assert!(h.state().screen.practice_pin.is_empty());
}

#[test]
fn a_code_table_file_is_previewed_then_applied_only_when_its_removals_are_accepted() {
    let mut h = settings();
    h.run();
    let file = h.get_by_label("Tệp bảng mã (CSV, Excel)");
    file.scroll_to_me();
    file.focus();
    h.run();
    h.get_by_label("Tệp bảng mã (CSV, Excel)")
        .type_text("/tmp/Tariff-2027.xlsx");
    h.run();
    h.get_by_label("Xem trước thay đổi").click();
    h.run();
    assert!(
        matches!(
            h.state().commands.as_slice(),
            [Command::PreviewTable { table, file }]
                if table == "tariff" && file == std::path::Path::new("/tmp/Tariff-2027.xlsx")
        ),
        "{:?}",
        h.state().commands
    );
    // The worker's preview: a file that removes most rows waits for the removals to be accepted.
    h.state_mut().commands.clear();
    h.state_mut()
        .screen
        .set_table_preview(Some(super::TablePreview {
            table: "tariff".into(),
            file: "/tmp/Tariff-2027.xlsx".into(),
            lines: vec![crate::domain::text::Bilingual::new(
                "Tariff-2027.xlsx: 72 dòng cho bảng tariff",
                "Tariff-2027.xlsx: 72 rows for table tariff",
            )],
            changes: true,
            partial: true,
        }));
    h.run();
    h.get_by_label("Tariff-2027.xlsx: 72 dòng cho bảng tariff");
    h.get_by_label("Dùng bảng này (từ lần mở sau)").click();
    h.run();
    assert!(h.state().commands.is_empty(), "disabled until accepted");
    h.get_by_label("Vẫn dùng tệp này dù bỏ nhiều dòng (bảng được ghi là một phần)")
        .click();
    h.run();
    h.get_by_label("Dùng bảng này (từ lần mở sau)").click();
    h.run();
    assert!(
        matches!(
            h.state().commands.as_slice(),
            [Command::ApplyTable { table, allow_removals: true, .. }] if table == "tariff"
        ),
        "{:?}",
        h.state().commands
    );
    // Every table in use is listed with its edition.
    h.get_by_label("Các bảng mã đang dùng").click();
    h.run();
    h.get_by_label("specialised_management");
    h.get_by_label("tax_rates");
}

#[test]
fn the_connection_offers_vnaccs_messages_and_the_live_systems_and_checks_with_tcc() {
    let mut h = settings();
    h.run();
    h.get_by_label("Máy chủ mô phỏng — thông điệp VNACCS thật (URL)")
        .click();
    h.run();
    let url = "Máy chủ mô phỏng — thông điệp VNACCS thật (URL)";
    h.get_by_role_and_label(eframe::egui::accesskit::Role::TextInput, url)
        .focus();
    h.run();
    h.get_by_role_and_label(eframe::egui::accesskit::Role::TextInput, url)
        .type_text("http://127.0.0.1:7070");
    h.run();
    h.get_by_label("Áp dụng").click();
    h.run();
    match h.state().commands.last() {
        Some(Command::Reconnect { server, .. }) => {
            assert_eq!(server.as_deref(), Some("vnaccs+http://127.0.0.1:7070"));
        }
        other => panic!("expected a reconnection, got {other:?}"),
    }
    // The live systems are offered, marked as not tried from this build.
    assert!(
        h.get_all_by_label_contains("chưa thử được từ bản này")
            .next()
            .is_some()
    );
    h.get_by_label("Hệ thống dự phòng Ecus6 của Hải quan (cùng định dạng thông điệp)")
        .click();
    h.run();
    h.get_by_label("https://tqdtv6.customs.gov.vn");
    h.get_by_label("Áp dụng").click();
    h.run();
    match h.state().commands.last() {
        Some(Command::Reconnect { server, .. }) => {
            assert_eq!(server.as_deref(), Some("live:ecus6"));
        }
        other => panic!("expected a reconnection, got {other:?}"),
    }
    h.get_by_label("Kiểm tra kết nối (TCC)").click();
    h.run();
    assert!(matches!(
        h.state().commands.last(),
        Some(Command::CheckConnection)
    ));
}

#[test]
fn the_clearance_check_interval_is_shown_and_a_typed_one_is_a_command() {
    let mut h = settings();
    h.run();
    let label = "Chu kỳ kiểm tra thông quan (phút)";
    let spin = h.get_by_role_and_label(egui::accesskit::Role::SpinButton, label);
    assert_eq!(spin.value().as_deref(), Some("5"), "the default, 5 minutes");
    spin.focus();
    h.run();
    h.key_press(egui::Key::Backspace);
    h.run();
    h.event(egui::Event::Text("12".into()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        h.state()
            .commands
            .iter()
            .any(|c| matches!(c, Command::SetWatchInterval(12))),
        "{:?}",
        h.state().commands
    );
}
