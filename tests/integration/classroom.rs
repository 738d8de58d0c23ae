//! The classroom server (`khaibao sim serve --roster`, docs/classroom.md) under load on
//! 127.0.0.1: 30 trainees × 20 declarations (IDA then IDC) over TLS with sign-in, concurrently,
//! each also trying to read and change another's declaration. Counts and refusals are
//! asserted; throughput and latency are measured and printed (`--nocapture`), never asserted.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use khaibao::domain::file;
use khaibao::domain::ids::DeclarationNumber;
use khaibao::gateway::tofu::Pins;
use khaibao::gateway::{Gateway, GatewayError, Http};
use khaibao::wire::{Operation, PROTOCOL, Request, Response};
use zeroize::Zeroizing;

use crate::util::{NOW, fixture, khaibao, stdout};

const TRAINEES: usize = 30;
const EACH: usize = 20;
pub(crate) const INSTRUCTOR: &str = "KBLOPGV1";

pub(crate) fn trainee(i: usize) -> String {
    format!("KBLOP{i:03}")
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running classroom server: its printed passwords (stdout), its log (stderr) and the
/// fingerprint it announced.
pub(crate) struct Classroom {
    child: Child,
    pub(crate) passwords: HashMap<String, String>,
    log: Arc<Mutex<String>>,
    pub(crate) fingerprint: String,
}

impl Classroom {
    pub(crate) fn start(data: &Path, roster: &Path, port: u16) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_khaibao"))
            .args([
                "--lang",
                "en",
                "sim",
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
            ])
            .arg("--roster")
            .arg(roster)
            .env("KHAIBAO_DATA", data)
            .env("KHAIBAO_NOW", NOW)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (ready_tx, ready) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            let mut fingerprint = Vec::new();
            let mut announced = false;
            while let Some(Ok(line)) = lines.next() {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
                if announced && fingerprint.len() < 4 {
                    fingerprint.push(line);
                    if fingerprint.len() == 4 {
                        let _ = ready_tx.send(fingerprint.join(":"));
                    }
                } else if line.contains("fingerprint") {
                    announced = true;
                }
            }
        });
        let fingerprint = ready
            .recv_timeout(Duration::from_secs(60))
            .expect("the classroom server announces its fingerprint");
        // The passwords table was printed and flushed before the server listened (nothing
        // when no password is new: read on a thread of its own, never waited for).
        let printed = Arc::new(Mutex::new(Vec::new()));
        let mut out = child.stdout.take().unwrap();
        let into = printed.clone();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 65_536];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                into.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        std::thread::sleep(Duration::from_millis(300));
        let table = String::from_utf8_lossy(&printed.lock().unwrap()).into_owned();
        let passwords = table
            .lines()
            .filter(|l| l.starts_with("KBLOP"))
            .map(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                (words[0].to_owned(), (*words.last().unwrap()).to_owned())
            })
            .collect();
        Self {
            child,
            passwords,
            log,
            fingerprint,
        }
    }

    pub(crate) fn stop(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Classroom {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn request(user: &str, message_ref: String, operation: Operation) -> Request {
    Request {
        protocol: PROTOCOL.into(),
        message_ref,
        user_id: user.into(),
        operation,
    }
}

/// What one trainee's thread saw.
#[derive(Default)]
struct Outcome {
    numbered: Vec<DeclarationNumber>,
    cross_attempts: usize,
    cross_refused: usize,
    cross_codes: HashSet<String>,
    /// Answers that carried a declaration not the trainee's own.
    leaks: Vec<String>,
    latencies: Vec<Duration>,
    failures: Vec<String>,
}

fn timed(
    outcome: &mut Outcome,
    send: impl FnOnce() -> Result<Response, GatewayError>,
) -> Option<Response> {
    let started = Instant::now();
    let answer = send();
    outcome.latencies.push(started.elapsed());
    match answer {
        Ok(r) => Some(r),
        Err(e) => {
            outcome.failures.push(e.to_string());
            None
        }
    }
}

/// Tries to read, correct and cancel `theirs` as `user`, and to send as its owner: all must be
/// refused without any of its data.
fn trespass(
    outcome: &mut Outcome,
    http: &mut Http,
    user: &str,
    step: usize,
    owner: &str,
    theirs: DeclarationNumber,
) {
    let declaration =
        file::from_json(&std::fs::read_to_string(fixture("import-low-value.json")).unwrap())
            .unwrap();
    let attempts = [
        request(
            user,
            format!("{user}-x{step}-iid"),
            Operation::Reference { number: theirs },
        ),
        request(
            user,
            format!("{user}-x{step}-ida"),
            Operation::CorrectProvisional {
                number: theirs,
                declaration: Box::new(declaration),
            },
        ),
        request(
            user,
            format!("{user}-x{step}-cancel"),
            Operation::Cancel {
                number: theirs,
                reason: "not mine".into(),
            },
        ),
        // Sent in the owner's name with one's own password.
        request(
            owner,
            format!("{user}-x{step}-as"),
            Operation::Reference { number: theirs },
        ),
    ];
    for attempt in attempts {
        outcome.cross_attempts += 1;
        let Some(answer) = timed(outcome, || http.send(&attempt)) else {
            continue;
        };
        if answer.result.is_success() {
            outcome
                .failures
                .push(format!("{user} was let through: {attempt:?}"));
        } else {
            outcome.cross_refused += 1;
            outcome.cross_codes.insert(answer.result.code.clone());
        }
        if let Some(view) = &answer.declaration {
            outcome.leaks.push(format!("{user} saw {}", view.number));
        }
    }
}

fn run_trainee(
    url: &str,
    client_dir: &Path,
    user: &str,
    password: &str,
    pool: &Mutex<Vec<(String, DeclarationNumber)>>,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut http = Http::with_pins(url, Duration::from_secs(120), &Pins::of(client_dir))
        .unwrap()
        .signed_in_as(user, Zeroizing::new(password.to_owned()));
    let declaration =
        file::from_json(&std::fs::read_to_string(fixture("import-low-value.json")).unwrap())
            .unwrap();
    for step in 0..EACH {
        let ida = request(
            user,
            format!("{user}-{step}-ida"),
            Operation::RegisterProvisional {
                declaration: Box::new(declaration.clone()),
            },
        );
        let Some(answer) = timed(&mut outcome, || http.send(&ida)) else {
            continue;
        };
        let Some(number) = answer.declaration.as_ref().map(|v| v.number) else {
            outcome
                .failures
                .push(format!("IDA unnumbered: {}", answer.result.code));
            continue;
        };
        outcome.numbered.push(number);
        let idc = request(
            user,
            format!("{user}-{step}-idc"),
            Operation::RegisterOfficial { number },
        );
        if let Some(answer) = timed(&mut outcome, || http.send(&idc))
            && !answer.result.is_success()
        {
            outcome
                .failures
                .push(format!("IDC {number}: {}", answer.result.code));
        }
        let other = {
            let mut pool = pool.lock().unwrap();
            pool.push((user.to_owned(), number));
            pool.iter().rev().find(|(owner, _)| owner != user).cloned()
        };
        if let Some((owner, theirs)) = other {
            trespass(&mut outcome, &mut http, user, step, &owner, theirs);
        }
    }
    // Every declaration numbered is found by its owner, with its own data only.
    for (i, number) in outcome.numbered.clone().into_iter().enumerate() {
        let iid = request(
            user,
            format!("{user}-{i}-iid"),
            Operation::Reference { number },
        );
        match timed(&mut outcome, || http.send(&iid)) {
            Some(answer)
                if answer
                    .declaration
                    .as_ref()
                    .is_some_and(|v| v.number.to_string()[..11] == number.to_string()[..11]) => {}
            other => outcome
                .failures
                .push(format!("{user} lost {number}: {other:?}")),
        }
    }
    outcome
}

pub(crate) fn write_roster(path: &Path, trainees: usize) {
    let mut text = String::from("\u{feff}user_id,name,role\r\n");
    for i in 1..=trainees {
        let _ = write!(text, "{},Học viên Nguyễn Thị Số {i},\r\n", trainee(i));
    }
    text.push_str(INSTRUCTOR);
    text.push_str(",Giảng viên Trần Văn Đức,giảng viên\r\n");
    std::fs::write(path, text).unwrap();
}

/// Every file under `dir`, read whole.
fn every_file(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            every_file(&path, out);
        } else {
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
}

fn pin_and_check_tofu(url: &str, client: &Path, server_fingerprint: &str, password: &str) {
    // First contact: not trusted yet, the fingerprint is told and nothing is sent.
    let mut fresh = Http::with_pins(url, Duration::from_secs(30), &Pins::of(client))
        .unwrap()
        .signed_in_as(&trainee(1), Zeroizing::new(password.to_owned()));
    let probe = request(&trainee(1), "tofu-1".into(), Operation::ListCertificates);
    match fresh.send(&probe) {
        Err(GatewayError::UnknownCertificate { fingerprint, .. }) => {
            assert_eq!(fingerprint, server_fingerprint);
        }
        other => panic!("first contact must ask for trust: {other:?}"),
    }
    // A wrong fingerprint is refused, then the right one is pinned.
    let wrong = "00:".repeat(31) + "00";
    let refused = khaibao(
        client,
        &["--lang", "en", "sim", "trust", url, "--fingerprint", &wrong],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stdout(&refused));
    assert!(stdout(&refused).contains("NOT the fingerprint"));
    let typed = server_fingerprint.replace(':', " ").to_lowercase();
    let pinned = khaibao(
        client,
        &["--lang", "en", "sim", "trust", url, "--fingerprint", &typed],
    );
    assert_eq!(pinned.status.code(), Some(0), "{}", stdout(&pinned));
    // A changed certificate under the same address: refused loudly, not re-pinned.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join(khaibao::gateway::tofu::FILE),
        format!(
            "{{\"{}\": \"{wrong}\"}}",
            khaibao::gateway::tofu::origin(url)
        ),
    )
    .unwrap();
    let mut changed = Http::with_pins(url, Duration::from_secs(30), &Pins::of(other.path()))
        .unwrap()
        .signed_in_as(&trainee(1), Zeroizing::new(password.to_owned()));
    assert!(matches!(
        changed.send(&probe),
        Err(GatewayError::CertificateChanged { .. })
    ));
    assert_eq!(
        Pins::of(other.path()).get(url).as_deref(),
        Some(wrong.as_str())
    );
}

fn check_sign_in_and_roles(url: &str, client: &Path, passwords: &HashMap<String, String>) {
    let pins = Pins::of(client);
    // A wrong password: 401 with the bilingual code.
    let mut wrong = Http::with_pins(url, Duration::from_secs(30), &pins)
        .unwrap()
        .signed_in_as(&trainee(2), Zeroizing::new("WRONGPW2".into()));
    match wrong.send(&request(
        &trainee(2),
        "pw-1".into(),
        Operation::ListCertificates,
    )) {
        Err(GatewayError::SignInRefused {
            code, message_vi, ..
        }) => {
            assert_eq!(code, "KB-S0094");
            assert!(message_vi.contains("mật khẩu"));
        }
        other => panic!("a wrong password must get 401: {other:?}"),
    }
    // A trainee may not reset the class, nor see it.
    let mut one = Http::with_pins(url, Duration::from_secs(30), &pins)
        .unwrap()
        .signed_in_as(&trainee(3), Zeroizing::new(passwords[&trainee(3)].clone()));
    let reset = one
        .send(&request(&trainee(3), "reset-1".into(), Operation::Reset))
        .unwrap();
    assert_eq!(reset.result.code, "KB-S0093");
    assert!(matches!(
        one.class(&trainee(3)),
        Err(GatewayError::Forbidden { refusal, .. }) if refusal.code == "KB-S0093"
    ));
}

/// Runs the 30 trainees at once and checks what they saw; prints throughput and latency.
fn load(url: &str, client: &Path, passwords: &HashMap<String, String>) {
    let pool = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let threads: Vec<_> = (1..=TRAINEES)
        .map(|i| {
            let (url, dir, pool) = (url.to_owned(), client.to_owned(), pool.clone());
            let user = trainee(i);
            let password = passwords[&user].clone();
            std::thread::spawn(move || {
                (
                    user.clone(),
                    run_trainee(&url, &dir, &user, &password, &pool),
                )
            })
        })
        .collect();
    let outcomes: Vec<(String, Outcome)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let elapsed = started.elapsed();

    let mut latencies: Vec<Duration> = outcomes
        .iter()
        .flat_map(|(_, o)| o.latencies.clone())
        .collect();
    latencies.sort();
    let n = latencies.len();
    eprintln!(
        "classroom load: {n} requests in {:.1} s = {:.0} requests/s over TLS with sign-in; latency p50 {:?}, p99 {:?}, max {:?}",
        elapsed.as_secs_f64(),
        f64::from(u32::try_from(n).unwrap()) / elapsed.as_secs_f64(),
        latencies[n / 2],
        latencies[n * 99 / 100],
        latencies[n - 1]
    );

    let mut all_numbers = HashSet::new();
    let mut codes = HashSet::new();
    let (mut refused, mut attempts) = (0, 0);
    for (user, outcome) in &outcomes {
        assert!(
            outcome.failures.is_empty(),
            "{user}: {:?}",
            outcome.failures
        );
        assert!(outcome.leaks.is_empty(), "{user}: {:?}", outcome.leaks);
        assert_eq!(outcome.numbered.len(), EACH, "{user}");
        all_numbers.extend(outcome.numbered.iter().copied());
        refused += outcome.cross_refused;
        attempts += outcome.cross_attempts;
        codes.extend(outcome.cross_codes.iter().cloned());
    }
    assert_eq!(
        all_numbers.len(),
        TRAINEES * EACH,
        "numbers lost or given twice"
    );
    // Every trespass refused: by the server's user-ID check (KB-S0091) or its owner check
    // (KB-S0092), which comes before the core's own owner check.
    assert!(attempts > TRAINEES * (EACH - 1) * 4 / 2, "{attempts}");
    assert_eq!(refused, attempts);
    assert_eq!(
        codes,
        HashSet::from(["KB-S0091".to_owned(), "KB-S0092".to_owned()])
    );
    eprintln!("cross-trainee attempts refused: {refused} of {attempts}, codes {codes:?}");
}

/// The instructor's view: everyone, with their 20 declarations, each with its lane.
fn check_instructor_view(
    url: &str,
    client: &Path,
    passwords: &HashMap<String, String>,
) -> khaibao::gateway::classroom::ClassView {
    let mut teacher = Http::with_pins(url, Duration::from_secs(30), &Pins::of(client))
        .unwrap()
        .signed_in_as(INSTRUCTOR, Zeroizing::new(passwords[INSTRUCTOR].clone()));
    let view = teacher.class(INSTRUCTOR).unwrap();
    assert_eq!(view.members.len(), TRAINEES + 1);
    for m in view.members.iter().filter(|m| m.user_id != INSTRUCTOR) {
        assert_eq!(m.declarations.len(), EACH, "{}", m.user_id);
        assert!(
            m.declarations.iter().all(|d| d.lane.is_some()),
            "{}",
            m.user_id
        );
    }
    view
}

/// The same classroom in real VNACCS messages (`vnaccs+https://…`): trainee 2 declares, and is
/// refused trainee 3's declaration as if it did not exist (K0002), nothing of it told.
fn check_vnaccs_format(
    url: &str,
    client: &Path,
    passwords: &HashMap<String, String>,
    theirs: &str,
) {
    use khaibao::gateway::vnaccs::{Login, VnaccsHttp};
    let login = Login {
        user_id: trainee(2),
        password: Zeroizing::new(passwords[&trainee(2)].clone()),
        terminal_id: "KBT002".into(),
    };
    let mut vnaccs = VnaccsHttp::classroom(
        url,
        login,
        Duration::from_secs(60),
        Box::new(crate::util::now),
        &Pins::of(client),
    )
    .unwrap();
    let declaration =
        file::from_json(&std::fs::read_to_string(fixture("import-low-value.json")).unwrap())
            .unwrap();
    let ida = vnaccs
        .send(&request(
            &trainee(2),
            "vn-ida".into(),
            Operation::RegisterProvisional {
                declaration: Box::new(declaration),
            },
        ))
        .unwrap();
    assert!(ida.result.is_success(), "{:?}", ida.result);
    let number: DeclarationNumber = theirs.parse().unwrap();
    let iid = vnaccs
        .send(&request(
            &trainee(2),
            "vn-iid".into(),
            Operation::Reference { number },
        ))
        .unwrap();
    assert_eq!(iid.result.code, "K0002");
    assert!(iid.declaration.is_none());
}

/// No password in the server's log nor in any file of its data folder but the roster.
fn check_no_password_kept(
    log: &str,
    files: &[(String, Vec<u8>)],
    passwords: &HashMap<String, String>,
) {
    for password in passwords.values() {
        assert!(
            !log.contains(password.as_str()),
            "a password is in the server's log"
        );
        for (path, bytes) in files {
            assert!(
                !bytes
                    .windows(password.len())
                    .any(|w| w == password.as_bytes()),
                "a password is in {path}"
            );
        }
    }
}

/// `sim roster reset-password` for trainee 1: the new password, printed once.
fn reset_password(server_dir: &Path, old: &str) -> String {
    let reset = khaibao(
        server_dir,
        &[
            "--lang",
            "en",
            "sim",
            "roster",
            "reset-password",
            &trainee(1),
        ],
    );
    assert_eq!(reset.status.code(), Some(0), "{}", stdout(&reset));
    let new_password = stdout(&reset)
        .lines()
        .find(|l| l.starts_with(&trainee(1)))
        .and_then(|l| l.split_whitespace().last().map(str::to_owned))
        .unwrap();
    assert_ne!(new_password, old);
    new_password
}

/// Started again: the same certificate, no password printed again, a new trainee gets one,
/// and trainee 1's reset password replaced the old one.
fn check_restart(
    server_dir: &Path,
    client: &Path,
    fingerprint: &str,
    (old, new): (&str, &str),
    instructor: &str,
) {
    let roster = server_dir.join("lop.csv");
    write_roster(&roster, TRAINEES + 1);
    let port = free_port();
    let again = Classroom::start(server_dir, &roster, port);
    assert_eq!(again.fingerprint, fingerprint);
    assert_eq!(
        again.passwords.keys().collect::<Vec<_>>(),
        vec![&trainee(TRAINEES + 1)]
    );
    // A pin is per address: the server on its new port is trusted anew.
    let url = format!("https://127.0.0.1:{port}");
    let pinned = khaibao(
        client,
        &["sim", "trust", &url, "--fingerprint", fingerprint],
    );
    assert_eq!(pinned.status.code(), Some(0));
    let ask = |password: &str| {
        Http::with_pins(&url, Duration::from_secs(30), &Pins::of(client))
            .unwrap()
            .signed_in_as(&trainee(1), Zeroizing::new(password.to_owned()))
            .send(&request(
                &trainee(1),
                format!("after-{password}"),
                Operation::ListCertificates,
            ))
    };
    assert!(ask(new).unwrap().result.is_success());
    assert!(matches!(ask(old), Err(GatewayError::SignInRefused { .. })));
    // The instructor resets the core: the class's record starts again too.
    let mut teacher = Http::with_pins(&url, Duration::from_secs(30), &Pins::of(client))
        .unwrap()
        .signed_in_as(INSTRUCTOR, Zeroizing::new(instructor.to_owned()));
    let reset = teacher
        .send(&request(INSTRUCTOR, "reset-all".into(), Operation::Reset))
        .unwrap();
    assert!(reset.result.is_success(), "{:?}", reset.result);
    let view = teacher.class(INSTRUCTOR).unwrap();
    assert!(view.members.iter().all(|m| m.declarations.is_empty()));
    again.stop();
}

#[test]
fn thirty_trainees_over_tls_lose_nothing_see_only_their_own_and_keep_passwords_secret() {
    let server_dir = tempfile::tempdir().unwrap();
    let client = tempfile::tempdir().unwrap();
    let roster = server_dir.path().join("lop.csv");
    write_roster(&roster, TRAINEES);
    let port = free_port();
    let url = format!("https://127.0.0.1:{port}");
    let class = Classroom::start(server_dir.path(), &roster, port);
    assert_eq!(class.passwords.len(), TRAINEES + 1);
    let passwords = class.passwords.clone();

    pin_and_check_tofu(
        &url,
        client.path(),
        &class.fingerprint,
        &passwords[&trainee(1)],
    );
    check_sign_in_and_roles(&url, client.path(), &passwords);
    load(&url, client.path(), &passwords);
    let view = check_instructor_view(&url, client.path(), &passwords);
    let theirs = &view
        .members
        .iter()
        .find(|m| m.user_id == trainee(3))
        .unwrap()
        .declarations[0]
        .number;
    check_vnaccs_format(&url, client.path(), &passwords, theirs);

    let fingerprint = class.fingerprint.clone();
    let log = class.stop();
    std::fs::remove_file(&roster).unwrap();
    let mut files = Vec::new();
    every_file(server_dir.path(), &mut files);
    check_no_password_kept(&log, &files, &passwords);
    assert_eq!(class_fingerprint(&files), fingerprint);

    let old = &passwords[&trainee(1)];
    let new = reset_password(server_dir.path(), old);
    check_restart(
        server_dir.path(),
        client.path(),
        &fingerprint,
        (old, &new),
        &passwords[INSTRUCTOR],
    );
}

#[test]
fn a_roster_with_a_bad_line_is_refused_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("lop.csv");
    std::fs::write(&roster, "user_id,name\r\nKBLOP001,An\r\nKBLOP001,Bình\r\n").unwrap();
    let output = khaibao(
        dir.path(),
        &[
            "--lang",
            "both",
            "sim",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--roster",
            roster.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.contains("dòng 3") && text.contains("line 3"), "{text}");
    assert!(
        !dir.path()
            .join("simulator")
            .join("classroom-accounts.json")
            .exists()
    );
}

/// The fingerprint of the certificate file the server keeps.
fn class_fingerprint(files: &[(String, Vec<u8>)]) -> String {
    use rustls::pki_types::pem::PemObject as _;
    let (_, pem) = files
        .iter()
        .find(|(p, _)| p.ends_with(khaibao::gateway::classroom::CERT_FILE))
        .unwrap();
    let der = rustls::pki_types::CertificateDer::from_pem_slice(pem).unwrap();
    khaibao::gateway::tofu::fingerprint(der.as_ref())
}
