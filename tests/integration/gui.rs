//! The desktop app driven through its accessibility tree with `egui_kittest`: the real `App`
//! state, its worker thread, the embedded simulated core and store in a temporary data folder,
//! and a SoftHSM2 practice token for the PIN dialog. Queries go by the labels a broker reads.

use std::time::Duration;

use eframe::egui;
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use khaibao::clock::Clock;
use khaibao::codes::CodeLists;
use khaibao::domain::{BusinessCode, JobCode};
use khaibao::signing::helper::Helper;
use khaibao::store::DraftState;
use khaibao::ui::App;
use khaibao::ui::worker::Setup;
use khaibao::workflow::Connection;

use crate::signing::{Lab, PIN};
use crate::util::fixture;

/// The window over the lab's data folder, at the tests' instant.
fn app(lab: &Lab) -> App {
    app_at(lab, crate::util::now())
}

/// The window over the lab's data folder, its clock starting at `start`.
fn app_at(lab: &Lab, start: chrono::DateTime<chrono::Utc>) -> App {
    let setup = Setup {
        data_dir: lab.data(),
        connection: Connection::Embedded,
        user_id: "KBTRN001".into(),
        helper: Helper::new(env!("CARGO_BIN_EXE_khaibao").into()),
        clock: Clock::starting_at(start),
    };
    App::new(CodeLists::bundled().unwrap(), setup, || {})
}

/// The app in a 1500×1000 headless window with the bundled fonts.
pub(crate) fn window(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .with_context_setup(khaibao::ui::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// Runs frames until the worker has answered everything.
pub(crate) fn settle(harness: &mut Harness<'_, App>) {
    for _ in 0..1500 {
        harness.step();
        if !harness.state().busy() {
            harness.run_steps(3);
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the worker did not finish: {:?}", harness.state().status());
}

pub(crate) fn status(harness: &Harness<'_, App>) -> String {
    harness.state().status().map(|(m, _)| m).unwrap_or_default()
}

pub(crate) fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

/// Types the PIN into the dialog and confirms.
fn sign(harness: &mut Harness<'_, App>, pin: &str) {
    assert!(
        harness.state().asking_pin(),
        "no PIN dialog: {}",
        status(harness)
    );
    harness.run_steps(3);
    harness.get_by_label("Mã PIN");
    harness.event(egui::Event::Text(pin.to_owned()));
    harness.run_steps(1);
    click(harness, "Ký và gửi");
    settle(harness);
}

fn state(harness: &Harness<'_, App>) -> DraftState {
    harness.state().editor.as_ref().unwrap().state
}

#[test]
#[allow(clippy::too_many_lines)] // One story, step by step, as a broker does it.
fn a_broker_declares_an_import_from_draft_to_lane_and_amends_it() {
    let mut lab = Lab::new();
    lab.practice(&[]);
    lab.register();
    lab.ok(&["sim", "signatures", "required"], "");
    let mut harness = window(app(&lab));
    settle(&mut harness);

    // A new import declaration; the example's data as if typed, but without the type code.
    click(&mut harness, "Tờ khai nhập khẩu mới");
    let example: khaibao::domain::Declaration = khaibao::domain::file::from_json(
        &std::fs::read_to_string(fixture("import-sea-container.json")).unwrap(),
    )
    .unwrap();
    harness.state_mut().edit_declaration(|d| {
        *d = example;
        d.type_code = None;
    });
    harness.run_steps(2);
    // The missing type code is a finding, in the panel and beside the field.
    assert!(
        harness.query_by_label_contains("Mã loại hình —").is_some(),
        "the finding for the type code is shown"
    );
    assert!(harness.query_by_label("Còn lỗi, chưa gửi được").is_some());

    // Clicking the finding jumps to its field; F3 there opens the picker; typing searches
    // without accents; Enter picks.
    harness
        .get_all_by_label_contains("Mã loại hình —")
        .find(|n| n.accesskit_node().role() == Role::Link)
        .expect("the finding is a link in the panel")
        .click();
    harness.run_steps(3);
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Mã loại hình")
            .is_focused(),
        "the finding's field has the focus"
    );
    harness.key_press(egui::Key::F3);
    harness.run_steps(2);
    harness.get_by_label("Chọn mã (F3)");
    harness.event(egui::Event::Text("kinh doanh tieu dung".into()));
    harness.run_steps(2);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.declaration.type_code.as_deref(), Some("A11"));
    assert!(harness.query_by_label_contains("Mã loại hình —").is_none());
    assert!(harness.query_by_label("Sẵn sàng gửi").is_some());

    // Ctrl+S saves.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert!(harness.state().editor.as_ref().unwrap().id.is_some());
    assert_eq!(status(&harness), "Đã lưu");

    // IDA with the token: the PIN dialog, then the number.
    click(&mut harness, "Khai báo trước (IDA/EDA)");
    sign(&mut harness, PIN);
    assert_eq!(
        state(&harness),
        DraftState::Provisional,
        "{}",
        status(&harness)
    );
    let number = harness
        .state()
        .editor
        .as_ref()
        .unwrap()
        .declaration
        .number
        .unwrap();

    // A correction before IDC: IDB calls it up, then IDA goes again with the number (the
    // official procedure; IDA01 is for amendments after IDC).
    harness
        .state_mut()
        .edit_declaration(|d| d.notes = Some("Sửa trước khi đăng ký".into()));
    harness.run_steps(2);
    click(&mut harness, "Khai báo sửa (IDB rồi IDA / EDB rồi EDA)");
    sign(&mut harness, PIN);
    let (line, error) = harness.state().status().unwrap();
    assert!(!error && line.starts_with("IDA — "), "{line}");
    assert_eq!(state(&harness), DraftState::Provisional);
    let sent: Vec<String> = harness
        .state()
        .editor
        .as_ref()
        .unwrap()
        .timeline
        .iter()
        .filter(|e| e.kind == khaibao::store::TimelineKind::Sent)
        .filter_map(|e| e.job.map(|j| j.code().to_owned()))
        .collect();
    assert_eq!(sent, ["IDA", "IDB", "IDA"], "the messages sent");

    // IDC: a wrong PIN first is said plainly and changes nothing; then the right one.
    click(&mut harness, "Đăng ký tờ khai (IDC/EDC)");
    sign(&mut harness, "0000-wrong");
    assert!(status(&harness).contains("PIN sai"), "{}", status(&harness));
    assert_eq!(state(&harness), DraftState::Provisional);
    click(&mut harness, "Đăng ký tờ khai (IDC/EDC)");
    sign(&mut harness, PIN);
    assert_eq!(
        state(&harness),
        DraftState::Registered,
        "{}",
        status(&harness)
    );
    assert!(harness.state().editor.as_ref().unwrap().lane.is_some());
    assert!(
        harness.query_all_by_label_contains("Luồng ").count() >= 2,
        "lane badge in the header and the result view"
    );
    assert!(
        harness
            .query_by_label_contains("Luật quyết định luồng")
            .is_some()
    );

    // Amend once: IDD, edit, IDA01 (amendment data), IDE → branch digit 1.
    click(&mut harness, "Gọi sửa đổi (IDD/EDD)");
    settle(&mut harness);
    assert!(
        harness.state().editor.as_ref().unwrap().amending,
        "{}",
        status(&harness)
    );
    // Fields an amendment may not change are locked; others are not.
    click(&mut harness, "Thông tin chung 1");
    let locked = |label: &str| {
        harness
            .get_by_role_and_label(Role::TextInput, label)
            .accesskit_node()
            .is_disabled()
    };
    assert!(locked("Mã loại hình"));
    assert!(locked("Cơ quan Hải quan"));
    assert!(!locked("Tên người xuất khẩu"));
    harness
        .state_mut()
        .edit_declaration(|d| d.notes = Some("Sửa ghi chú theo hợp đồng phụ lục 01".into()));
    harness.run_steps(2);
    click(&mut harness, "Gửi dữ liệu sửa đổi (IDA01/EDA01)");
    sign(&mut harness, PIN);
    // A success is said in words, without the 00000 code.
    let (line, error) = harness.state().status().unwrap();
    assert!(
        !error && line.starts_with("IDA01 — ") && !line.contains("00000"),
        "{line}"
    );
    click(&mut harness, "Đăng ký sửa đổi (IDE/EDE)");
    sign(&mut harness, PIN);
    let amended = harness
        .state()
        .editor
        .as_ref()
        .unwrap()
        .declaration
        .number
        .unwrap();
    assert_eq!(amended.base(), number.base());
    assert_eq!(amended.branch(), 1, "{}", status(&harness));

    // The list shows it registered with its lane; then English.
    click(&mut harness, "Danh sách tờ khai");
    settle(&mut harness);
    assert!(harness.query_by_label(&amended.to_string()).is_some());
    click(&mut harness, "English");
    assert!(harness.query_by_label("Declarations").is_some());
    assert!(harness.query_by_label("New import declaration").is_some());
    assert!(harness.query_by_label("Danh sách tờ khai").is_none());
    lab.assert_pin_nowhere();
}

/// Every label on every screen, Vietnamese mode.
pub(crate) fn all_labels(harness: &Harness<'_, App>) -> Vec<String> {
    harness
        .query_all_by(|_| true)
        .flat_map(|node| {
            let node = node.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .collect()
}

#[test]
fn no_english_is_left_in_vietnamese_mode_and_the_list_confirms_deletes() {
    use khaibao::ui::i18n::{Language, Text};
    let mut lab = Lab::new();
    let imported = lab.ok(
        &[
            "import",
            fixture("import-sea-container.json").to_str().unwrap(),
            fixture("export-sea.json").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(imported.lines().count(), 2, "{imported}");
    lab.ok(&["submit", "--draft", "2", "--op", "EDA"], "");
    // The window starts a minute after the EDA (each process's clock starts at the tests'
    // instant and runs on): the countdown then never depends on which process was quicker.
    let mut harness = window(app_at(
        &lab,
        crate::util::now() + chrono::Duration::minutes(1),
    ));
    settle(&mut harness);
    assert_eq!(harness.state().rows().len(), 2);
    // The provisional export counts down its 7 days.
    assert!(harness.query_by_label_contains("còn 6 ngày").is_some());

    // English texts that differ from the Vietnamese ones must not show in Vietnamese mode.
    let english: Vec<&str> = Text::ALL
        .iter()
        .filter(|t| **t != Text::SwitchLanguage)
        .map(|t| t.get(Language::English))
        .filter(|en| Text::ALL.iter().all(|t| t.get(Language::Vietnamese) != *en))
        .collect();
    let mut screens = vec![];
    harness.get_all_by_label("Mở").next().unwrap().click();
    harness.run_steps(2);
    settle(&mut harness);
    for tab in [
        "Thông tin chung 1",
        "Thông tin chung 2",
        "Danh sách hàng",
        "Thuế",
        "Kết quả",
        "Lịch sử thông điệp",
    ] {
        click(&mut harness, tab);
        screens.push(all_labels(&harness));
    }
    for screen in ["Cài đặt", "Hệ thống mô phỏng", "Danh sách tờ khai"] {
        click(&mut harness, screen);
        settle(&mut harness);
        screens.push(all_labels(&harness));
    }
    for labels in &screens {
        for label in labels {
            assert!(
                !english.contains(&label.as_str()),
                "English text in Vietnamese mode: {label}"
            );
        }
    }

    // Files are chosen with the system's dialog, from the list as from Settings.
    assert!(harness.query_by_label("Chọn tệp…").is_some());

    // Deleting a draft asks first; a declaration already sent offers no delete.
    assert_eq!(harness.query_all_by_label("Xóa").count(), 1);
    click(&mut harness, "Xóa");
    assert!(
        harness
            .query_by_label("Xóa bản nháp này? Không thể hoàn tác.")
            .is_some()
    );
    click(&mut harness, "Đồng ý");
    settle(&mut harness);
    assert_eq!(harness.state().rows().len(), 1, "{}", status(&harness));
    assert!(harness.query_by_label("Xóa").is_none());
}

#[test]
fn a_declaration_file_opens_from_the_list_and_work_survives_a_dead_worker() {
    let lab = Lab::new();
    let mut harness = window(app(&lab));
    settle(&mut harness);
    // The second text box of the list is the file path (the first is the search).
    harness
        .get_all_by_role(Role::TextInput)
        .nth(1)
        .expect("the file path box")
        .focus();
    harness.run_steps(1);
    let file = fixture("export-sea.json");
    harness.event(egui::Event::Text(file.display().to_string()));
    harness.run_steps(1);
    click(&mut harness, "Mở tệp tờ khai");
    settle(&mut harness);
    let editor = harness.state().editor.as_ref().expect("the file is open");
    assert_eq!(
        editor.declaration.direction,
        khaibao::domain::Direction::Export
    );
    assert!(editor.id.is_some());

    // Unsaved edits are saved before another declaration takes the editor.
    harness
        .state_mut()
        .edit_declaration(|d| d.notes = Some("Sửa trước khi mở tờ khai khác".into()));
    click(&mut harness, "Danh sách tờ khai");
    click(&mut harness, "Tờ khai nhập khẩu mới");
    settle(&mut harness);
    click(&mut harness, "Danh sách tờ khai");
    settle(&mut harness);
    click(&mut harness, "Mở");
    settle(&mut harness);
    let reopened = harness.state().editor.as_ref().unwrap();
    assert_eq!(
        reopened.declaration.notes.as_deref(),
        Some("Sửa trước khi mở tờ khai khác")
    );

    // A data folder whose store cannot open: the worker ends; what is typed goes to recovery/.
    let broken = lab.path("broken");
    std::fs::create_dir_all(broken.join("khaibao.sqlite")).unwrap();
    let setup = Setup {
        data_dir: broken.clone(),
        connection: Connection::Embedded,
        user_id: "KBTRN001".into(),
        helper: Helper::new(env!("CARGO_BIN_EXE_khaibao").into()),
        clock: Clock::starting_at(crate::util::now()),
    };
    let dead = App::new(CodeLists::bundled().unwrap(), setup, || {});
    let mut harness = window(dead);
    settle(&mut harness);
    assert!(harness.state().status().is_some_and(|(_, error)| error));
    click(&mut harness, "Tờ khai nhập khẩu mới");
    harness
        .state_mut()
        .edit_declaration(|d| d.notes = Some("Ghi chú không được mất".into()));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(2);
    assert!(!harness.state().busy(), "nothing hangs");
    let saved: Vec<_> = std::fs::read_dir(broken.join("recovery"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(saved.len(), 1);
    let text = std::fs::read_to_string(saved[0].path()).unwrap();
    assert!(text.contains("Ghi chú không được mất"));
    assert!(
        status(&harness).contains("recovery"),
        "{}",
        status(&harness)
    );
}

#[test]
fn after_the_simulated_clock_advances_a_restarted_window_shows_simulated_time_from_its_first_frame()
{
    // Monday 23/11/2026 09:00 in Viet Nam (the tests' instant): an export is registered
    // provisionally, the simulated clock moves 3 days, and the window starts afresh.
    let mut lab = Lab::new();
    lab.ok(
        &["import", fixture("export-sea.json").to_str().unwrap()],
        "",
    );
    lab.ok(&["submit", "--draft", "1", "--op", "EDA"], "");
    lab.ok(&["sim", "advance", "--days", "3"], "");
    // What the window learns before its first frame, without waiting for its worker.
    let clock = Clock::frozen(crate::util::now());
    khaibao::workflow::learn_stored_offset(&lab.data(), &Connection::Embedded, &clock);
    assert_eq!(clock.today().to_string(), "2026-11-26");
    assert_eq!(clock.machine_today().to_string(), "2026-11-23");
    // The window starts a minute after the EDA was sent, so the countdown does not depend on
    // how long each process took to start.
    let mut harness = window(app_at(
        &lab,
        crate::util::now() + chrono::Duration::minutes(1),
    ));
    harness.step();
    assert!(
        harness
            .query_by_label_contains("Giờ hệ thống mô phỏng: 26/11/2026 09:0")
            .is_some(),
        "the top bar shows the simulated date on the first frame"
    );
    settle(&mut harness);
    // 7 days from the EDA, 3 days and a minute of them passed: 3 days and 23 hours left.
    assert!(
        harness
            .query_by_label_contains("còn 3 ngày 23 giờ")
            .is_some(),
        "the countdown counts in simulated time"
    );
}

#[test]
fn what_is_typed_in_settings_survives_a_language_switch_and_the_status_follows_it() {
    let lab = Lab::new();
    let mut harness = window(app(&lab));
    settle(&mut harness);
    click(&mut harness, "Cài đặt");
    harness.get_by_label("Tên doanh nghiệp (đại lý)").focus();
    harness.run_steps(1);
    harness
        .get_by_label("Tên doanh nghiệp (đại lý)")
        .type_text("Công ty TNHH Sao Mai");
    harness.run_steps(1);
    // The top bar's switch (the settings have a radio button of the same name).
    harness.get_all_by_label("English").next().unwrap().click();
    harness.run_steps(2);
    settle(&mut harness);
    let typed = harness
        .get_by_label("Company (agent) name")
        .accesskit_node()
        .value();
    assert_eq!(typed.as_deref(), Some("Công ty TNHH Sao Mai"));
    // It says what it saved: the language, not the name typed (that needs "Lưu cài đặt").
    assert_eq!(status(&harness), "Interface language changed");
    harness
        .get_all_by_label("Tiếng Việt")
        .next()
        .unwrap()
        .click();
    harness.run_steps(2);
    settle(&mut harness);
    assert_eq!(status(&harness), "Đã đổi ngôn ngữ giao diện");
}

#[test]
fn deleting_the_open_draft_closes_it_instead_of_leaving_an_editor_that_cannot_save() {
    let mut lab = Lab::new();
    lab.ok(
        &["import", fixture("export-sea.json").to_str().unwrap()],
        "",
    );
    let mut harness = window(app(&lab));
    settle(&mut harness);
    click(&mut harness, "Mở");
    settle(&mut harness);
    assert!(harness.state().editor.is_some());
    click(&mut harness, "Danh sách tờ khai");
    settle(&mut harness);
    click(&mut harness, "Xóa");
    click(&mut harness, "Đồng ý");
    settle(&mut harness);
    assert!(harness.state().rows().is_empty(), "{}", status(&harness));
    assert!(
        harness.state().editor.is_none(),
        "the deleted draft is no longer open"
    );
}

#[test]
fn an_instructor_stays_on_the_simulator_and_a_refused_step_keeps_the_result() {
    let mut lab = Lab::new();
    lab.ok(
        &[
            "import",
            fixture("import-sea-container.json").to_str().unwrap(),
        ],
        "",
    );
    lab.ok(&["submit", "--draft", "1", "--op", "IDA"], "");
    lab.ok(&["submit", "--draft", "1", "--op", "IDC"], "");
    // The instructor set the policy from the command line before the window opened.
    lab.ok(&["sim", "signatures", "required"], "");
    let mut harness = window(app_at(
        &lab,
        crate::util::now() + chrono::Duration::minutes(1),
    ));
    settle(&mut harness);
    click(&mut harness, "Mở");
    settle(&mut harness);
    let registered = harness
        .state()
        .editor
        .as_ref()
        .unwrap()
        .last_response
        .clone();
    assert_eq!(
        registered.as_ref().unwrap().job,
        Some(JobCode::Business(BusinessCode::IDC))
    );
    click(&mut harness, "Hệ thống mô phỏng");
    settle(&mut harness);
    // The screen asked the core for its signature policy: the choice that holds is marked.
    let marked = |harness: &Harness<'_, App>, label: &str| {
        harness
            .get_by_label_contains(label)
            .accesskit_node()
            .toggled()
    };
    assert_eq!(marked(&harness, "Bắt buộc"), Some(Toggled::True));
    assert_eq!(marked(&harness, "Không bắt buộc"), Some(Toggled::False));
    // A step the core refuses (the example goes to the yellow lane: documents, no inspection).
    click(&mut harness, "Công chức: kiểm hóa không đạt");
    settle(&mut harness);
    assert_eq!(
        harness.state().screen,
        khaibao::ui::app::Screen::Simulator,
        "the instructor stays on the simulator"
    );
    let (line, error) = harness.state().status().unwrap();
    assert!(
        error,
        "the yellow lane has no physical inspection to fail: {line}"
    );
    assert_eq!(
        harness.state().editor.as_ref().unwrap().last_response,
        registered,
        "a refused step leaves the last VNACCS answer: {line}"
    );
    // Paying is accepted: the declaration follows, the instructor still stays.
    click(&mut harness, "Nộp thuế (mô phỏng)");
    settle(&mut harness);
    assert_eq!(harness.state().screen, khaibao::ui::app::Screen::Simulator);
}

#[test]
fn the_first_run_welcome_starts_practice_and_is_not_shown_again() {
    let lab = Lab::new();
    let mut first = app(&lab);
    first.offer_welcome();
    let mut harness = window(first);
    settle(&mut harness);
    assert!(harness.state().welcoming());
    harness.get_by_label("Chào mừng đến với KhaiBao");
    click(&mut harness, "Luyện tập ở chế độ mô phỏng");
    settle(&mut harness);
    // A new import declaration is open on the simulator, and the answer is kept.
    assert!(!harness.state().welcoming());
    assert_eq!(harness.state().screen, khaibao::ui::screens::Screen::Editor);
    assert!(harness.state().editor.is_some());
    assert!(
        status(&harness).contains("Chế độ mô phỏng"),
        "{}",
        status(&harness)
    );
    let saved = khaibao::prefs::Prefs::load(&lab.data());
    assert!(saved.welcomed);
    assert!(khaibao::prefs::Prefs::exist(&lab.data()));

    // Setting up instead opens Settings.
    let other = Lab::new();
    let mut again = app(&other);
    again.offer_welcome();
    let mut harness = window(again);
    settle(&mut harness);
    click(
        &mut harness,
        "Thiết lập doanh nghiệp, tài khoản và chữ ký số",
    );
    settle(&mut harness);
    assert_eq!(
        harness.state().screen,
        khaibao::ui::screens::Screen::Settings
    );
    assert!(khaibao::prefs::Prefs::load(&other.data()).welcomed);
}

#[test]
fn the_watch_list_counts_down_and_raises_a_change_at_customs_that_opens_its_declaration() {
    let mut lab = Lab::new();
    // Declared before the ship arrives, so the 15-day rule can lapse it.
    let mut declaration: khaibao::domain::Declaration = khaibao::domain::file::from_json(
        &std::fs::read_to_string(fixture("import-sea-container.json")).unwrap(),
    )
    .unwrap();
    declaration.arrival_date = chrono::NaiveDate::from_ymd_opt(2026, 12, 15);
    let file = lab.path("pre-arrival.json");
    std::fs::write(&file, khaibao::domain::file::to_json(&declaration).unwrap()).unwrap();
    lab.ok(&["import", file.to_str().unwrap()], "");
    lab.ok(&["submit", "--draft", "1", "--op", "IDA"], "");
    lab.ok(&["submit", "--draft", "1", "--op", "IDC"], "");
    let mut harness = window(app_at(
        &lab,
        crate::util::now() + chrono::Duration::minutes(1),
    ));
    settle(&mut harness);
    // The first round ran at start and found nothing new: the countdown runs.
    assert!(
        harness
            .query_by_label_contains("Cập nhật thông quan sau ")
            .is_some(),
        "{:?}",
        all_labels(&harness)
    );
    assert!(harness.state().watch_changes().is_empty());
    assert_eq!(harness.state().rows()[0].state, DraftState::Registered);

    // 16 simulated days later the core lapses it (the goods never came); "Kiểm tra ngay" asks.
    harness
        .state_mut()
        .run(khaibao::ui::command::Command::Advance(16 * 86_400));
    settle(&mut harness);
    click(&mut harness, "Kiểm tra ngay");
    settle(&mut harness);
    assert_eq!(status(&harness), "Tờ khai thay đổi trạng thái: 1");
    assert!(
        harness
            .query_by_label("Tờ khai thay đổi trạng thái")
            .is_some()
    );
    assert_eq!(
        harness.state().rows()[0].state,
        DraftState::Cancelled,
        "the list follows"
    );
    harness.get_by_label_contains("Đã đăng ký → Đã hủy").click();
    harness.run_steps(2);
    settle(&mut harness);
    let editor = harness
        .state()
        .editor
        .as_ref()
        .expect("the declaration opened");
    assert_eq!(editor.state, DraftState::Cancelled);
    let event = editor
        .timeline
        .iter()
        .find(|e| {
            e.kind == khaibao::store::TimelineKind::Event(khaibao::domain::EventKind::Watched)
        })
        .expect("the change is in the history");
    assert_eq!(event.summary_vi, "Đã đăng ký → Đã hủy");
    assert!(
        harness.state().watch_changes().is_empty(),
        "opened: the banner forgets it"
    );
}

#[test]
fn a_customer_is_added_declared_for_and_filters_the_list() {
    let mut lab = Lab::new();
    lab.ok(
        &["import", fixture("export-sea.json").to_str().unwrap()],
        "",
    );
    let mut harness = window(app(&lab));
    settle(&mut harness);
    click(&mut harness, "Khách hàng");
    settle(&mut harness);
    assert!(harness.query_by_label("Chưa có khách hàng nào").is_some());
    click(&mut harness, "Thêm khách hàng");
    for (label, text) in [
        ("Mã số thuế", "0109999999"),
        ("Tên doanh nghiệp", "Công ty TNHH Minh An"),
        ("Mã loại hình", "A12"),
    ] {
        harness
            .get_by_role_and_label(Role::TextInput, label)
            .focus();
        harness.run_steps(1);
        harness
            .get_by_role_and_label(Role::TextInput, label)
            .type_text(text);
        harness.run_steps(1);
    }
    click(&mut harness, "Lưu khách hàng");
    settle(&mut harness);
    assert_eq!(status(&harness), "Đã lưu khách hàng");
    assert_eq!(harness.state().customers().len(), 1);
    assert!(
        harness.query_by_label("Khách hàng mới").is_none(),
        "the form closed"
    );

    // A new import declaration for them, filled from the customer, saved.
    click(&mut harness, "Khai nhập khẩu");
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(
        editor.declaration.declarant.tax_code.as_deref(),
        Some("0109999999")
    );
    assert_eq!(editor.declaration.type_code.as_deref(), Some("A12"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);

    // The list, filtered by the customer: their declaration, not the other one.
    click(&mut harness, "Danh sách tờ khai");
    settle(&mut harness);
    assert_eq!(harness.state().rows().len(), 2);
    let before = harness.query_all_by_label("Mở").count();
    assert_eq!(before, 2);
    harness
        .get_by_role_and_label(Role::ComboBox, "Khách hàng")
        .click();
    harness.run_steps(2);
    click(&mut harness, "Công ty TNHH Minh An (0109999999)");
    assert_eq!(harness.query_all_by_label("Mở").count(), 1);
    assert!(
        harness
            .query_by_label_contains("Công ty TNHH Minh An")
            .is_some()
    );
}

/// The window on `connection` over the lab's data folder, at the tests' instant.
fn app_on(lab: &Lab, connection: Connection) -> App {
    let setup = Setup {
        data_dir: lab.data(),
        connection,
        user_id: "KBTRN001".into(),
        helper: Helper::new(env!("CARGO_BIN_EXE_khaibao").into()),
        clock: Clock::starting_at(crate::util::now()),
    };
    App::new(CodeLists::bundled().unwrap(), setup, || {})
}

/// A broker signs an IDA while the server cannot be reached: the job waits in the outbox (the
/// strip says so, the window lists it); the window opened again on a connection that answers
/// resends it at once — the signed bytes as queued, no PIN asked — and the core, which
/// requires signatures, accepts it.
#[test]
fn a_signed_job_queued_in_an_outage_is_resent_when_the_window_reconnects_without_the_pin() {
    let mut lab = Lab::new();
    lab.practice(&[]);
    lab.register();
    lab.ok(&["sim", "signatures", "required"], "");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut harness = window(app_on(&lab, Connection::Server(url)));
    settle(&mut harness);
    click(&mut harness, "Tờ khai nhập khẩu mới");
    let example: khaibao::domain::Declaration = khaibao::domain::file::from_json(
        &std::fs::read_to_string(fixture("import-sea-container.json")).unwrap(),
    )
    .unwrap();
    harness.state_mut().edit_declaration(|d| *d = example);
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    let id = harness.state().editor.as_ref().unwrap().id.unwrap();
    click(&mut harness, "Khai báo trước (IDA/EDA)");
    sign(&mut harness, PIN);
    assert!(
        status(&harness).contains("hộp thư đi"),
        "{}",
        status(&harness)
    );
    assert!(
        harness
            .query_by_label("Hộp thư đi: 1 việc chờ gửi")
            .is_some()
    );
    click(&mut harness, "Xem hộp thư đi");
    // A window takes a frame to size itself before it is drawn.
    harness.run_steps(4);
    assert!(harness.query_by_label("Lần thử").is_some());
    assert!(harness.query_by_label("IDA").is_some());
    drop(harness);

    // The connection is back (here: the embedded simulator): the window's first round resends.
    let mut harness = window(app_on(&lab, Connection::Embedded));
    for _ in 0..20 {
        settle(&mut harness);
        if harness.query_by_label_contains("Hộp thư đi:").is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!harness.state().asking_pin(), "no PIN asked again");
    assert!(
        harness.query_by_label_contains("Hộp thư đi:").is_none(),
        "{}",
        status(&harness)
    );
    drop(harness);
    let mut store =
        khaibao::store::Store::open(&lab.data().join(khaibao::store::STORE_FILE)).unwrap();
    let draft = store.draft(id, crate::util::now()).unwrap();
    assert_eq!(draft.state, DraftState::Provisional, "accepted, signed");
    assert!(store.outbox().unwrap().is_empty());
}

/// The window process of the killed-window test: a broker's window on a server that cannot be
/// reached queues an IDA, says so on its standard output, then waits to be killed. Run only as
/// that test's child process (`KHAIBAO_WINDOW_CHILD` names the data folder).
#[test]
#[ignore = "the child process of a_job_queued_by_a_killed_window_process_is_sent_once_by_the_next"]
fn window_process_that_queues_an_ida_and_waits() {
    use std::io::Write as _;
    let data = std::path::PathBuf::from(std::env::var_os("KHAIBAO_WINDOW_CHILD").unwrap());
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let setup = Setup {
        data_dir: data,
        connection: Connection::Server(url),
        user_id: "KBTRN001".into(),
        helper: Helper::new(env!("CARGO_BIN_EXE_khaibao").into()),
        clock: Clock::starting_at(crate::util::now()),
    };
    let mut harness = window(App::new(CodeLists::bundled().unwrap(), setup, || {}));
    settle(&mut harness);
    click(&mut harness, "Tờ khai nhập khẩu mới");
    let example: khaibao::domain::Declaration = khaibao::domain::file::from_json(
        &std::fs::read_to_string(fixture("import-sea-container.json")).unwrap(),
    )
    .unwrap();
    harness.state_mut().edit_declaration(|d| *d = example);
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    click(&mut harness, "Khai báo trước (IDA/EDA)");
    settle(&mut harness);
    assert!(
        status(&harness).contains("hộp thư đi"),
        "{}",
        status(&harness)
    );
    println!("QUEUED");
    let _ = std::io::stdout().flush();
    loop {
        harness.step();
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Across a killed window process: the window (a real `App` with its worker and store, in a
/// process of its own) queues an IDA while the server is down and is killed with SIGKILL; the
/// next process (the command line, on the embedded simulator) sends the job once, records the
/// answer, and a second flush finds nothing.
#[cfg(unix)]
#[test]
fn a_job_queued_by_a_killed_window_process_is_sent_once_by_the_next() {
    use std::io::BufRead as _;
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "gui::window_process_that_queues_an_ida_and_waits",
            "--include-ignored",
            "--nocapture",
        ])
        .env("KHAIBAO_WINDOW_CHILD", data.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("QUEUED") {
                let _ = tx.send(());
            }
        }
    });
    let queued = rx.recv_timeout(Duration::from_secs(180));
    child.kill().unwrap(); // SIGKILL: no destructor, no flush.
    child.wait().unwrap();
    queued.expect("the window queued the IDA");
    let store_file = data.path().join(khaibao::store::STORE_FILE);
    let queued = khaibao::store::Store::open(&store_file)
        .unwrap()
        .outbox()
        .unwrap();
    assert_eq!(queued.len(), 1, "the job survived the kill");
    let id = queued[0].draft_id;

    let sent = crate::util::khaibao(data.path(), &["outbox", "send"]);
    assert_eq!(
        sent.status.code(),
        Some(0),
        "{}",
        crate::util::stdout(&sent)
    );
    let mut store = khaibao::store::Store::open(&store_file).unwrap();
    assert!(store.outbox().unwrap().is_empty());
    let draft = store.draft(id, crate::util::now()).unwrap();
    assert_eq!(draft.state, DraftState::Provisional, "numbered once");
    let answers = store
        .timeline(id)
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.kind == khaibao::store::TimelineKind::Received
                && e.job.is_some_and(|j| j.code() == "IDA")
        })
        .count();
    assert_eq!(answers, 1, "one answer recorded");
    let again = crate::util::khaibao(data.path(), &["outbox", "send"]);
    assert!(crate::util::stdout(&again).contains("Hộp thư đi trống"));
}
