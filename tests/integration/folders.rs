//! Real brokers' folders: a data folder on a network share used from two programs, and a
//! Windows profile whose path has Vietnamese letters and spaces.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use crate::signing::{Lab, PIN};
use crate::util::{NOW, fixture, stdout};

/// `khaibao` on `data` at the tests' instant, the folder stated to be a network share.
fn on_share(data: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_khaibao"));
    command
        .env("KHAIBAO_DATA", data)
        .env("KHAIBAO_NOW", NOW)
        .env("KHAIBAO_FOLDER_KIND", "network");
    command
}

#[test]
fn a_second_program_on_a_network_folder_is_told_it_is_in_use_and_nothing_is_corrupted() {
    // The share is stated through the test seam (no SMB server here); the locking is SQLite's
    // own, between two real processes.
    let data = tempfile::tempdir().unwrap();
    let mut first = on_share(data.path())
        .arg("autosave-loop")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for its first committed save: it holds the store from then on.
    let mut lines = BufReader::new(first.stdout.take().unwrap()).lines();
    let saved = lines.next().unwrap().unwrap();
    assert!(saved.ends_with(" 0"), "{saved}");
    let second = on_share(data.path())
        .args(["--lang", "both", "import"])
        .arg(fixture("export-sea.json"))
        .output()
        .unwrap();
    let text = stdout(&second);
    assert_eq!(second.status.code(), Some(2), "{text}");
    assert!(
        text.contains("đang được một chương trình KhaiBao khác sử dụng"),
        "{text}"
    );
    assert!(text.contains("in use by another KhaiBao"), "{text}");
    first.kill().unwrap();
    first.wait().unwrap();
    drop(lines);
    // The first program's work is whole, and now the second one gets in.
    let store = khaibao::store::Store::open_on(
        &data.path().join(khaibao::store::STORE_FILE),
        &khaibao::appdata::FolderKind::Network("test"),
    )
    .unwrap();
    assert_eq!(store.journal_mode().unwrap(), "delete");
    assert!(!store.list(None, 0, 10).unwrap().is_empty());
    drop(store);
    let again = on_share(data.path())
        .args(["import"])
        .arg(fixture("export-sea.json"))
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stdout(&again));
}

#[test]
fn a_profile_path_with_vietnamese_letters_and_spaces_works_for_token_store_backup_and_window() {
    let mut lab = Lab::with_data_folder("Users/Nguyễn Thị Hương/Dữ liệu KhaiBao");
    assert!(lab.data().to_str().unwrap().contains("Nguyễn Thị Hương"));
    // The practice token (its SoftHSM2 token directory is in the data folder), its registration
    // with the simulated customs, and a signed IDA of a stored draft.
    lab.practice(&[]);
    lab.register();
    lab.ok(
        &[
            "import",
            fixture("import-sea-container.json").to_str().unwrap(),
        ],
        "",
    );
    let sent = lab.submit_signed(&["--draft", "1", "--op", "IDA"], PIN);
    assert!(sent.status.success(), "{}", stdout(&sent));
    // Backup and restore beside it.
    let backup = lab.data().join("Sao lưu ngày 23-11.backup.sqlite");
    let backup = backup.to_str().unwrap();
    lab.ok(&["backup", backup], "");
    lab.ok(&["restore", backup], "");
    // The window lists the declaration from that folder.
    #[cfg(feature = "gui")]
    {
        let setup = khaibao::ui::worker::Setup {
            data_dir: lab.data(),
            connection: khaibao::workflow::Connection::Embedded,
            user_id: "KBTRN001".into(),
            helper: khaibao::signing::helper::Helper::new(env!("CARGO_BIN_EXE_khaibao").into()),
            clock: khaibao::clock::Clock::starting_at(crate::util::now()),
        };
        let mut app =
            khaibao::ui::App::new(khaibao::codes::CodeLists::bundled().unwrap(), setup, || {});
        let ctx = eframe::egui::Context::default();
        for _ in 0..500 {
            let mut output = ctx.run_ui(eframe::egui::RawInput::default(), |ui| app.show(ui));
            // No GPU here: the font atlas updates are dropped on purpose.
            output.textures_delta.clear();
            if !app.busy() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(app.rows().len(), 1, "{:?}", app.status());
    }
    lab.assert_pin_nowhere();
}
