//! A classroom through the real window (`egui_kittest` on the real `App`, its worker and store)
//! against a real `khaibao sim serve --roster` over TLS on 127.0.0.1:
//! - the trainee's first connection shows the server's fingerprint to compare — the same lines
//!   the server printed for the instructor; "they match" pins it and the connection works;
//! - the trainee scores an exercise and the attempt reaches the class server;
//! - the instructor's **Lớp học** screen lists the trainee with the declaration they sent, its
//!   lane and their exercise score; a trainee's is refused in words.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use khaibao::clock::Clock;
use khaibao::codes::CodeLists;
use khaibao::signing::helper::Helper;
use khaibao::ui::App;
use khaibao::ui::worker::Setup;
use khaibao::workflow::Connection;
use zeroize::Zeroizing;

use crate::gui::{all_labels, click, settle, status, window};

/// This test's own user IDs (the OS credential store is shared by the machine's tests).
const TRAINEE: &str = "KBCWN001";
const INSTRUCTOR: &str = "KBCWNGV1";

/// A running classroom server: the passwords it printed and the fingerprint it announced
/// (four lines of eight pairs, as read out to the class).
struct Server {
    child: Child,
    url: String,
    passwords: HashMap<String, String>,
    fingerprint_lines: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(data: &Path) -> Server {
    let roster = data.join("lop.csv");
    std::fs::write(
        &roster,
        format!("user_id,name,role\n{TRAINEE},Nguyễn Văn An,\n{INSTRUCTOR},Lê Giảng,giảng viên\n"),
    )
    .unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_khaibao"))
        .args(["sim", "serve", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--roster")
        .arg(&roster)
        .env("KHAIBAO_DATA", data.join("server"))
        .env("KHAIBAO_NOW", crate::util::now().to_rfc3339())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stderr).lines();
        let mut announced = false;
        let mut fingerprint = Vec::new();
        while let Some(Ok(line)) = lines.next() {
            if announced && fingerprint.len() < 4 {
                fingerprint.push(line.trim().to_owned());
                if fingerprint.len() == 4 {
                    let _ = tx.send(fingerprint.clone());
                }
            } else if line.contains("vân tay") || line.contains("fingerprint") {
                announced = true;
            }
        }
    });
    let fingerprint_lines = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server announces its fingerprint");
    std::thread::sleep(Duration::from_millis(100));
    let mut out = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 65_536];
    let n = out.read(&mut buf).unwrap_or(0);
    let passwords = String::from_utf8_lossy(&buf[..n])
        .lines()
        .filter(|l| l.starts_with("KBCWN"))
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            (words[0].to_owned(), (*words.last().unwrap()).to_owned())
        })
        .collect();
    Server {
        child,
        url: format!("https://127.0.0.1:{port}"),
        passwords,
        fingerprint_lines,
    }
}

/// Keeps `user`'s classroom password in the OS credential store, as Settings → VNACCS account
/// (or `khaibao sim login`) does; removed when dropped.
struct Saved(&'static str);

impl Saved {
    fn password(user: &'static str, password: &str) -> Self {
        let credentials = khaibao::secrets::Credentials {
            user_id: user.into(),
            password: Zeroizing::new(password.to_owned()),
            ..khaibao::secrets::Credentials::default()
        };
        khaibao::secrets::save(khaibao::secrets::SERVICE, user, &credentials).unwrap();
        Self(user)
    }
}

impl Drop for Saved {
    fn drop(&mut self) {
        let _ = khaibao::secrets::delete(khaibao::secrets::SERVICE, self.0);
    }
}

fn app(dir: &Path, url: &str, user: &str) -> App {
    let setup = Setup {
        data_dir: dir.to_path_buf(),
        connection: Connection::Server(url.to_owned()),
        user_id: user.into(),
        helper: Helper::new(env!("CARGO_BIN_EXE_khaibao").into()),
        clock: Clock::starting_at(crate::util::now()),
    };
    App::new(CodeLists::bundled().unwrap(), setup, || {})
}

fn text(harness: &Harness<'_, App>) -> String {
    all_labels(harness).join("\n")
}

/// Runs the window until `needle` is shown (the class screen reads itself again every few
/// seconds), and returns what it shows.
fn wait_for(harness: &mut Harness<'_, App>, needle: &str) -> String {
    let mut found = String::new();
    for _ in 0..100 {
        harness.step();
        std::thread::sleep(Duration::from_millis(100));
        found = text(harness);
        if found.contains(needle) {
            return found;
        }
    }
    panic!("{needle} not shown: {found}");
}

/// Exercise 01 started from **Bài tập**, its key filled in and scored; returns it.
fn score_first_exercise(trainee: &mut Harness<'_, App>) -> khaibao::exercise::Exercise {
    click(trainee, "Bài tập");
    settle(trainee);
    let exercise = khaibao::exercise::find("01-a11-first-import").unwrap();
    trainee.get_by_label(&exercise.title.vi).click();
    trainee.run_steps(2);
    click(trainee, "Bắt đầu làm bài");
    settle(trainee);
    trainee.state_mut().editor.as_mut().unwrap().declaration = exercise.key_declaration();
    trainee.run_steps(2);
    click(trainee, "Chấm điểm");
    settle(trainee);
    assert_eq!(
        status(trainee),
        "Đã chấm điểm và lưu lần làm này. Đã gửi kết quả cho giảng viên"
    );
    exercise
}

/// Opens the class screen and waits for its first read.
fn class_screen(harness: &mut Harness<'_, App>) -> String {
    click(harness, "Lớp học");
    settle(harness);
    harness.run_steps(3);
    text(harness)
}

/// The trainee's first connection, on the program's first run: the fingerprint to compare,
/// nothing trusted yet, the welcome waiting behind the question rather than over it; trusted,
/// the welcome comes and is put off. Returns the window and the fingerprint pinned.
fn first_run_trusting(server: &Server, trainee_dir: &Path) -> (Harness<'static, App>, String) {
    let mut first_run = app(trainee_dir, &server.url, TRAINEE);
    first_run.offer_welcome();
    let mut trainee = window(first_run);
    settle(&mut trainee);
    let shown = text(&trainee);
    assert!(shown.contains("Xác nhận máy chủ lớp học"), "{shown}");
    assert!(!shown.contains("Chào mừng đến với KhaiBao"), "{shown}");
    for line in &server.fingerprint_lines {
        assert!(
            shown.contains(line.as_str()),
            "the server's line {line} is shown: {shown}"
        );
    }
    assert!(
        khaibao::gateway::tofu::Pins::of(trainee_dir)
            .get(&server.url)
            .is_none()
    );
    click(&mut trainee, "Trùng khớp — tin cậy máy chủ này");
    settle(&mut trainee);
    let shown = text(&trainee);
    assert!(!shown.contains("Xác nhận máy chủ lớp học"), "{shown}");
    assert!(shown.contains("Chào mừng đến với KhaiBao"), "{shown}");
    click(&mut trainee, "Để sau");
    settle(&mut trainee);
    let pinned = khaibao::gateway::tofu::Pins::of(trainee_dir)
        .get(&server.url)
        .expect("pinned");
    assert_eq!(pinned, server.fingerprint_lines.join(":"));
    (trainee, pinned)
}

#[test]
fn a_classroom_in_the_window_trust_scores_and_the_instructors_view() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let _trainee_password = Saved::password(TRAINEE, &server.passwords[TRAINEE]);
    let _instructor_password = Saved::password(INSTRUCTOR, &server.passwords[INSTRUCTOR]);

    let trainee_dir = dir.path().join("trainee");
    let (mut trainee, pinned) = first_run_trusting(&server, &trainee_dir);
    // Connected and signed in: the connection check answers.
    assert!(!trainee.state().status().unwrap().1, "{}", status(&trainee));

    // A trainee does not see the class: said in words.
    let shown = class_screen(&mut trainee);
    assert!(shown.contains("KB-S0093"), "{shown}");
    assert!(!shown.contains("Lê Giảng"), "{shown}");

    // An exercise scored: kept here and sent to the class.
    let exercise = score_first_exercise(&mut trainee);

    // The instructor's window, trusting the same server (pinned as `sim trust` does).
    let teacher_dir = dir.path().join("teacher");
    khaibao::gateway::tofu::Pins::of(&teacher_dir)
        .pin(&server.url, &pinned)
        .unwrap();
    let mut teacher = window(app(&teacher_dir, &server.url, INSTRUCTOR));
    settle(&mut teacher);
    assert!(!text(&teacher).contains("Xác nhận máy chủ lớp học"));
    let shown = class_screen(&mut teacher);
    assert!(shown.contains("1 học viên · 0 tờ khai"), "{shown}");
    assert!(shown.contains("Nguyễn Văn An"), "{shown}");
    assert!(
        shown.contains("1 bài · điểm cao nhất trung bình 100%"),
        "{shown}"
    );
    assert!(shown.contains("Lê Giảng (giảng viên)"), "{shown}");

    // The trainee sends the key's declaration (IDA): the instructor's view follows, live.
    trainee
        .state_mut()
        .run(khaibao::ui::command::Command::Provisional);
    settle(&mut trainee);
    let number = trainee
        .state()
        .editor
        .as_ref()
        .and_then(|e| e.declaration.number)
        .unwrap_or_else(|| panic!("numbered: {}", status(&trainee)));
    // The next read comes by itself within the refresh period.
    wait_for(&mut teacher, "1 học viên · 1 tờ khai");
    teacher
        .get_by_label(&format!("{TRAINEE} — Nguyễn Văn An"))
        .click();
    teacher.run_steps(3);
    let shown = text(&teacher);
    assert!(shown.contains(&number.to_string()), "{shown}");
    assert!(shown.contains("Đã khai báo trước"), "{shown}");
    assert!(
        shown.contains(&format!("{}: cao nhất 100%", exercise.title.vi)),
        "{shown}"
    );

    // Registered (IDC): its lane reaches the instructor's view, by colour.
    trainee
        .state_mut()
        .run(khaibao::ui::command::Command::Numbered(
            khaibao::ui::worker::NumberedJob::Official,
        ));
    settle(&mut trainee);
    let lane = trainee
        .state()
        .editor
        .as_ref()
        .and_then(|e| e.last_response.as_ref())
        .and_then(|r| r.declaration.as_ref())
        .and_then(|v| v.lane.as_ref())
        .map_or_else(|| panic!("registered: {}", status(&trainee)), |l| l.lane);
    let found = wait_for(&mut teacher, &format!("Luồng {}", lane.colour_name(true)));
    assert!(found.contains("Đã đăng ký"), "{found}");
    // The trainee's row counts it under its colour.
    let tally = khaibao::domain::Lane::ALL
        .iter()
        .map(|l| format!("{} {}", l.colour_name(true), u8::from(*l == lane)))
        .collect::<Vec<_>>()
        .join(" · ");
    assert!(found.contains(&tally), "{tally}: {found}");
    // The instructor, as the officer, asks a yellow or red one for more documents from the
    // class view: answered without error (accepting them waits for the trainee's HYS).
    if lane != khaibao::domain::Lane::Green {
        click(&mut teacher, "Công chức: yêu cầu bổ sung hồ sơ");
        settle(&mut teacher);
        let (said, error) = teacher.state().status().unwrap();
        assert!(!error, "{said}");
    }
    copy_to_read(&mut teacher, &trainee, number);
}

/// The instructor opens a copy of the trainee's declaration `number` to read it in the form:
/// what the trainee declared, without the number (kept on the instructor's computer only).
fn copy_to_read(
    teacher: &mut Harness<'_, App>,
    trainee: &Harness<'_, App>,
    number: khaibao::domain::DeclarationNumber,
) {
    click(teacher, "Mở bản sao để xem");
    settle(teacher);
    let (said, error) = teacher.state().status().unwrap();
    assert!(!error, "{said}");
    assert!(said.contains(&number.to_string()), "{said}");
    let copy = teacher
        .state()
        .editor
        .as_ref()
        .map(|e| e.declaration.clone())
        .expect("the copy is open in the form");
    let mut declared = trainee.state().editor.as_ref().unwrap().declaration.clone();
    assert_eq!(copy.number, None);
    declared.number = None;
    assert_eq!(copy, declared);
}

#[test]
fn fingerprints_that_differ_trust_nothing_and_send_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let trainee_dir = dir.path().join("trainee");
    let mut trainee = window(app(&trainee_dir, &server.url, TRAINEE));
    settle(&mut trainee);
    click(&mut trainee, "Không khớp — không kết nối");
    settle(&mut trainee);
    assert!(!text(&trainee).contains("Xác nhận máy chủ lớp học"));
    assert!(
        status(&trainee).starts_with("Chưa tin cậy máy chủ lớp học"),
        "{}",
        status(&trainee)
    );
    assert!(
        khaibao::gateway::tofu::Pins::of(&trainee_dir)
            .get(&server.url)
            .is_none()
    );
    // Not asked again in this connection; every job still refuses to send.
    click(&mut trainee, "Lớp học");
    settle(&mut trainee);
    assert!(!text(&trainee).contains("Xác nhận máy chủ lớp học"));
    assert!(text(&trainee).contains("chưa được tin cậy"));
}
