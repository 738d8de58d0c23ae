//! What a new user's tryout of the classroom found, mended — each over a real classroom server
//! (`khaibao sim serve --roster`) on 127.0.0.1 with TLS and sign-in, real files and the real
//! credential store:
//! - the instructor reads (IID) a trainee's declaration; another trainee still may not, and the
//!   instructor may not cancel it;
//! - a trainee's `sim class` is a plain bilingual refusal (KB-S0093), exit 2;
//! - `sim login --server` checks the password before saving it; 7- and 9-character IDs and
//!   passwords are explained;
//! - `sim trust` without a terminal shows the fingerprint and asks for `--fingerprint`; the
//!   first contact's message sends the trainee to type it;
//! - `sim roster add` on a running server: the new member signs in at once, is in the class
//!   view, and (an instructor) may read the class's declarations; a restart keeps them.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use khaibao::domain::file;
use khaibao::domain::ids::DeclarationNumber;
use khaibao::gateway::tofu::Pins;
use khaibao::gateway::{Gateway, GatewayError, Http};
use khaibao::wire::Operation;
use zeroize::Zeroizing;

use crate::classroom::{Classroom, free_port, request};
use crate::util::{NOW, fixture, khaibao, stdout};

const FIRST: &str = "KBLOPT01";
const SECOND: &str = "KBLOPT02";
const TEACHER: &str = "KBLOPTG1";

fn roster(path: &Path) {
    std::fs::write(
        path,
        format!(
            "user_id,name,role\n{FIRST},Nguyễn Thị Một,\n{SECOND},Trần Văn Hai,\n{TEACHER},Lê Giảng Viên,giảng viên\n"
        ),
    )
    .unwrap();
}

/// `khaibao` with `stdin` as its one line of input.
fn khaibao_with_input(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khaibao"))
        .args(args)
        .env("KHAIBAO_DATA", data)
        .env("KHAIBAO_NOW", NOW)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn client(url: &str, dir: &Path, user: &str, password: &str) -> Http {
    Http::with_pins(url, Duration::from_secs(30), &Pins::of(dir))
        .unwrap()
        .signed_in_as(user, Zeroizing::new(password.to_owned()))
}

fn declare(http: &mut Http, user: &str, message_ref: &str) -> DeclarationNumber {
    let declaration =
        file::from_json(&std::fs::read_to_string(fixture("import-low-value.json")).unwrap())
            .unwrap();
    let answer = http
        .send(&request(
            user,
            message_ref.into(),
            Operation::RegisterProvisional {
                declaration: Box::new(declaration),
            },
        ))
        .unwrap();
    assert!(answer.result.is_success(), "{:?}", answer.result);
    answer.declaration.unwrap().number
}

/// Pins the server's certificate in `client` as a script would.
fn trust(client: &Path, url: &str, fingerprint: &str) {
    let pinned = khaibao(client, &["sim", "trust", url, "--fingerprint", fingerprint]);
    assert_eq!(pinned.status.code(), Some(0), "{}", stdout(&pinned));
}

/// The saved classroom password of `user`, if any (and forgets it: the store is the
/// machine's).
fn saved_and_forget(user: &str) -> Option<String> {
    let saved = khaibao::secrets::load(khaibao::secrets::SERVICE, user)
        .ok()
        .flatten()
        .map(|c| c.password.to_string());
    let _ = khaibao::secrets::delete(khaibao::secrets::SERVICE, user);
    saved
}

#[test]
fn the_instructor_reads_a_trainees_declaration_and_a_trainee_gets_plain_refusals() {
    let server = tempfile::tempdir().unwrap();
    let trainee_dir = tempfile::tempdir().unwrap();
    let file = server.path().join("lop.csv");
    roster(&file);
    let port = free_port();
    let url = format!("https://127.0.0.1:{port}");
    let class = Classroom::start(server.path(), &file, port);
    trust(trainee_dir.path(), &url, &class.fingerprint);
    let pw = |user: &str| class.passwords[user].clone();

    let mut first = client(&url, trainee_dir.path(), FIRST, &pw(FIRST));
    let number = declare(&mut first, FIRST, "t1-ida");

    // The instructor reads it (IID), whole.
    let mut teacher = client(&url, trainee_dir.path(), TEACHER, &pw(TEACHER));
    let read = teacher
        .send(&request(
            TEACHER,
            "gv-iid".into(),
            Operation::Reference { number },
        ))
        .unwrap();
    assert!(read.result.is_success(), "{:?}", read.result);
    assert_eq!(read.declaration.as_ref().unwrap().number, number);
    // Reading only: cancelling the trainee's declaration is still refused.
    let cancel = teacher
        .send(&request(
            TEACHER,
            "gv-cancel".into(),
            Operation::Cancel {
                number,
                reason: "not the instructor's".into(),
            },
        ))
        .unwrap();
    assert!(!cancel.result.is_success(), "{:?}", cancel.result);
    // Another trainee is refused it, nothing of it told.
    let mut second = client(&url, trainee_dir.path(), SECOND, &pw(SECOND));
    let refused = second
        .send(&request(
            SECOND,
            "t2-iid".into(),
            Operation::Reference { number },
        ))
        .unwrap();
    assert_eq!(refused.result.code, "KB-S0092");
    assert!(refused.declaration.is_none());

    check_login(&url, trainee_dir.path(), &pw(SECOND));

    // The trainee (password now saved) asks for the class: a plain refusal, exit 2.
    let view = khaibao(
        trainee_dir.path(),
        &[
            "--lang", "en", "sim", "class", "--server", &url, "--user", SECOND,
        ],
    );
    let text = stdout(&view);
    assert_eq!(view.status.code(), Some(2), "{text}");
    assert!(text.contains("KB-S0093"), "{text}");
    assert!(
        text.contains("Only the class's instructors see the whole class"),
        "{text}"
    );
    assert!(!text.contains("outside the protocol"), "{text}");
    let vi = khaibao(
        trainee_dir.path(),
        &[
            "--lang", "vi", "sim", "class", "--server", &url, "--user", SECOND,
        ],
    );
    assert!(stdout(&vi).contains("Chỉ giảng viên của lớp xem được cả lớp"));
    assert_eq!(
        saved_and_forget(SECOND).as_deref(),
        Some(pw(SECOND).as_str())
    );
    class.stop();
}

/// `sim login`: lengths explained before anything is sent; a wrong password refused by the
/// server and not saved; the right one checked and saved.
fn check_login(url: &str, client: &Path, password: &str) {
    let _ = saved_and_forget(SECOND);
    let login = |user: &str, typed: &str| {
        khaibao_with_input(
            client,
            &[
                "--lang",
                "en",
                "sim",
                "login",
                "--user",
                user,
                "--password-stdin",
                "--server",
                url,
            ],
            &format!("{typed}\n"),
        )
    };
    let short_id = login("KBLOPT2", password);
    assert_eq!(short_id.status.code(), Some(2));
    assert!(stdout(&short_id).contains("7 characters; VNACCS: exactly 8"));
    let short = login(SECOND, &password[..7]);
    assert_eq!(short.status.code(), Some(2));
    assert!(
        stdout(&short).contains("has 7 characters; a classroom password always has exactly 8"),
        "{}",
        stdout(&short)
    );
    let long = login(SECOND, &format!("{password}X"));
    assert!(stdout(&long).contains("VNACCS message header holds only 8"));
    assert_eq!(saved_and_forget(SECOND), None);
    // Eight good characters, but not this trainee's: the server says no, nothing is saved.
    let wrong = if password == "ABCDEFGH" {
        "HGFEDCBA"
    } else {
        "ABCDEFGH"
    };
    let refused = login(SECOND, wrong);
    let text = stdout(&refused);
    assert_eq!(refused.status.code(), Some(2), "{text}");
    assert!(text.contains("refused: KB-S0094"), "{text}");
    assert!(text.contains("Nothing was saved"), "{text}");
    assert_eq!(saved_and_forget(SECOND), None);
    // The right one: accepted, then saved.
    let saved = login(SECOND, password);
    let text = stdout(&saved);
    assert_eq!(saved.status.code(), Some(0), "{text}");
    assert!(text.contains("accepts the password of KBLOPT02"), "{text}");
    assert!(text.contains("The password of KBLOPT02 is saved"), "{text}");
}

#[test]
fn trust_is_typed_not_pasted_and_a_member_added_to_a_running_class_signs_in_at_once() {
    let server = tempfile::tempdir().unwrap();
    let trainee_dir = tempfile::tempdir().unwrap();
    let file = server.path().join("lop.csv");
    roster(&file);
    let port = free_port();
    let url = format!("https://127.0.0.1:{port}");
    let class = Classroom::start(server.path(), &file, port);

    // First contact: the message sends the trainee to type the fingerprint, not to paste one.
    let mut fresh = client(&url, trainee_dir.path(), FIRST, &class.passwords[FIRST]);
    let first = fresh
        .send(&request(FIRST, "fresh".into(), Operation::ListCertificates))
        .unwrap_err();
    assert!(matches!(first, GatewayError::UnknownCertificate { .. }));
    let en = first.to_string();
    assert!(
        en.contains(&format!("run: khaibao sim trust {url} and type")),
        "{en}"
    );
    assert!(!en.contains("--fingerprint") && !en.contains(&class.fingerprint[..11]));
    // No terminal: the fingerprint is shown with the command to give it, nothing pinned.
    let shown = khaibao(trainee_dir.path(), &["--lang", "en", "sim", "trust", &url]);
    let text = stdout(&shown);
    assert_eq!(shown.status.code(), Some(2), "{text}");
    assert!(text.contains(&class.fingerprint[..23]), "{text}");
    assert!(
        text.contains(&format!("run again: khaibao sim trust {url} --fingerprint")),
        "{text}"
    );
    assert_eq!(Pins::of(trainee_dir.path()).get(&url), None);
    trust(trainee_dir.path(), &url, &class.fingerprint);

    let (late, teacher) = add_members(server.path(), &file);
    // The trainee added signs in to the running server and declares.
    let mut newcomer = client(&url, trainee_dir.path(), "KBLOPT09", &late);
    let number = declare(&mut newcomer, "KBLOPT09", "t9-ida");
    // The instructor added sees the class with them, and reads their declaration.
    let mut second_teacher = client(&url, trainee_dir.path(), "KBLOPTG2", &teacher);
    let view = second_teacher.class("KBLOPTG2").unwrap();
    let listed = view
        .members
        .iter()
        .find(|m| m.user_id == "KBLOPT09")
        .expect("the class view lists the trainee added");
    assert_eq!(listed.name, "Võ Thị Chín");
    assert_eq!(listed.declarations.len(), 1);
    let read = second_teacher
        .send(&request(
            "KBLOPTG2",
            "gv2-iid".into(),
            Operation::Reference { number },
        ))
        .unwrap();
    assert!(read.result.is_success(), "{:?}", read.result);
    class.stop();

    // Started again with the same roster file: they are on it, no password is given again.
    let port = free_port();
    let again = Classroom::start(server.path(), &file, port);
    assert!(again.passwords.is_empty(), "{:?}", again.passwords.keys());
    let url = format!("https://127.0.0.1:{port}");
    trust(trainee_dir.path(), &url, &again.fingerprint);
    let mut back = client(&url, trainee_dir.path(), "KBLOPT09", &late);
    let answer = back
        .send(&request(
            "KBLOPT09",
            "t9-list".into(),
            Operation::ListCertificates,
        ))
        .unwrap();
    assert!(answer.result.is_success());
    again.stop();
}

/// `sim roster add` a trainee and an instructor: their passwords (printed once), the roster
/// file's new lines; a member twice and a 7-character ID refused.
fn add_members(server: &Path, file: &Path) -> (String, String) {
    let add = |args: &[&str]| {
        let mut all = vec!["--lang", "en", "sim", "roster", "add"];
        all.extend_from_slice(args);
        khaibao(server, &all)
    };
    let password_of = |output: &Output, user: &str| {
        let text = stdout(output);
        assert_eq!(output.status.code(), Some(0), "{text}");
        assert!(text.contains("sign in at once"), "{text}");
        text.lines()
            .find(|l| l.starts_with(user))
            .and_then(|l| l.split_whitespace().last())
            .unwrap()
            .to_owned()
    };
    let late = password_of(
        &add(&["--user", "kblopt09", "--name", "Võ Thị Chín"]),
        "KBLOPT09",
    );
    let teacher = password_of(
        &add(&[
            "--user",
            "KBLOPTG2",
            "--name",
            "Phạm Cô Giáo",
            "--instructor",
        ]),
        "KBLOPTG2",
    );
    let roster = std::fs::read_to_string(file).unwrap();
    assert!(
        roster.ends_with("KBLOPT09,Võ Thị Chín,trainee\nKBLOPTG2,Phạm Cô Giáo,instructor\n"),
        "{roster}"
    );
    let twice = add(&["--user", "KBLOPT09", "--name", "Võ Thị Chín"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stdout(&twice).contains("in the class already"));
    let short = add(&["--user", "KBLOPT9", "--name", "Ai Đó"]);
    assert_eq!(short.status.code(), Some(2));
    assert!(stdout(&short).contains("7 characters"));
    assert_eq!(std::fs::read_to_string(file).unwrap(), roster);
    (late, teacher)
}

/// A port already taken: the class does not start, and no password is issued or kept — the
/// next start on a free port still prints every trainee's initial password.
#[test]
fn a_busy_port_issues_no_password() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("lop.csv");
    std::fs::write(&roster, "user_id,name\nKBBUSY01,Phạm Văn Bận\n").unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = crate::util::khaibao(
        dir.path(),
        &[
            "sim",
            "serve",
            "--addr",
            &addr,
            "--roster",
            roster.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let said = crate::util::stdout(&output);
    assert!(
        said.contains(&format!("Không mở được cổng {addr}")),
        "{said}"
    );
    assert!(!said.contains("KBBUSY01"), "no password printed: {said}");
    assert!(
        !dir.path()
            .join("simulator")
            .join(khaibao::classroom::accounts::FILE)
            .exists()
    );
}
