//! The outbox across outages, with the real program and a real simulator server on 127.0.0.1
//! (`khaibao sim serve` in its own data folder): jobs queued while the server is stopped are
//! each processed once after it restarts, and a job queued by a process killed mid-send is
//! found and sent once by the next process.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{NOW, fixture, khaibao, stdout};

/// A port on 127.0.0.1 nothing listens on (bound, then let go).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `khaibao sim serve` on `port` with its data in `sim`, once it accepts connections.
struct Server(Child);

impl Server {
    fn start(sim: &Path, port: u16) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_khaibao"))
            .args(["sim", "serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("KHAIBAO_DATA", sim)
            .env("KHAIBAO_NOW", NOW)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self(child)
    }

    fn stop(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The declarations the simulated core keeps (its own store, read after the server stopped).
fn core_declarations(sim: &Path) -> Vec<String> {
    let conn =
        rusqlite::Connection::open(sim.join("simulator").join(khaibao::core_sim::DATABASE_FILE))
            .unwrap();
    let mut statement = conn
        .prepare("SELECT base FROM declarations ORDER BY base")
        .unwrap();
    statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn import(data: &Path, name: &str) -> String {
    let output = khaibao(data, &["import", fixture(name).to_str().unwrap()]);
    assert!(output.status.success(), "{}", stdout(&output));
    stdout(&output)
        .split('\t')
        .next()
        .unwrap()
        .trim()
        .to_owned()
}

fn outbox(data: &Path) -> Vec<serde_json::Value> {
    let output = khaibao(data, &["outbox", "list", "--format", "json"]);
    assert!(output.status.success(), "{}", stdout(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn number_of(data: &Path, id: &str) -> Option<String> {
    let mut store = khaibao::store::Store::open(&data.join(khaibao::store::STORE_FILE)).unwrap();
    let draft = store
        .draft(id.parse().unwrap(), crate::util::now())
        .unwrap();
    draft
        .declaration
        .number
        .map(khaibao::domain::DeclarationNumber::base)
}

#[test]
fn jobs_queued_while_the_server_is_stopped_are_each_processed_once_after_it_restarts() {
    let data = tempfile::tempdir().unwrap();
    let sim = tempfile::tempdir().unwrap();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    // The server runs, then stops (an outage).
    Server::start(sim.path(), port).stop();
    let first = import(data.path(), "import-sea-container.json");
    let second = import(data.path(), "import-air-fta.json");
    for id in [&first, &second] {
        let output = khaibao(
            data.path(),
            &[
                "--lang", "en", "submit", "--draft", id, "--op", "IDA", "--server", &url,
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
        assert!(
            stdout(&output).contains("waits in the outbox"),
            "{}",
            stdout(&output)
        );
    }
    // Sending again while it waits is refused (never two IDAs for one declaration).
    let again = khaibao(
        data.path(),
        &[
            "--lang", "en", "submit", "--draft", &first, "--op", "IDA", "--server", &url,
        ],
    );
    assert_eq!(again.status.code(), Some(2), "{}", stdout(&again));
    let waiting = outbox(data.path());
    assert_eq!(waiting.len(), 2, "{waiting:?}");
    assert!(
        waiting
            .iter()
            .all(|j| j["job"] == "IDA" && j["attempts"] == 1)
    );
    // Still down: a flush says so and keeps them.
    let down = khaibao(data.path(), &["outbox", "send", "--server", &url]);
    assert_eq!(down.status.code(), Some(1), "{}", stdout(&down));
    assert_eq!(outbox(data.path()).len(), 2);

    let server = Server::start(sim.path(), port);
    let flushed = khaibao(
        data.path(),
        &["--lang", "en", "outbox", "send", "--server", &url],
    );
    assert_eq!(flushed.status.code(), Some(0), "{}", stdout(&flushed));
    assert!(outbox(data.path()).is_empty());
    // Nothing left: a second flush sends nothing.
    let idle = khaibao(data.path(), &["outbox", "send", "--server", &url]);
    assert_eq!(idle.status.code(), Some(0), "{}", stdout(&idle));
    assert!(
        stdout(&idle).contains("Hộp thư đi trống"),
        "{}",
        stdout(&idle)
    );
    server.stop();

    let numbers = [
        number_of(data.path(), &first).expect("the answer is recorded"),
        number_of(data.path(), &second).expect("the answer is recorded"),
    ];
    let mut core = core_declarations(sim.path());
    core.sort();
    let mut ours = numbers.to_vec();
    ours.sort();
    assert_eq!(core, ours, "each job processed once by the core");
    // The history says which system answered.
    let timeline = khaibao::store::Store::open(&data.path().join(khaibao::store::STORE_FILE))
        .unwrap()
        .timeline(first.parse().unwrap())
        .unwrap();
    assert_eq!(timeline.len(), 2, "{timeline:?}");
    assert!(
        timeline[0]
            .system
            .as_ref()
            .is_some_and(|s| s.en.contains(&format!("127.0.0.1:{port}"))),
        "{timeline:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_job_queued_by_a_killed_process_is_sent_once_by_the_next() {
    let data = tempfile::tempdir().unwrap();
    let sim = tempfile::tempdir().unwrap();
    let id = import(data.path(), "import-sea-container.json");
    // A peer that takes the connection and never answers: the child waits, mid-send.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    let mut child = Command::new(env!("CARGO_BIN_EXE_khaibao"))
        .args([
            "submit",
            "--draft",
            &id,
            "--op",
            "IDA",
            "--server",
            &silent_url,
        ])
        .env("KHAIBAO_DATA", data.path())
        .env("KHAIBAO_NOW", NOW)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (_held, _) = silent.accept().unwrap();
    // The job was written before the send began; the process dies without an answer.
    child.kill().unwrap();
    child.wait().unwrap();
    let waiting = outbox(data.path());
    let [job] = waiting.as_slice() else {
        panic!("the job survives the kill: {waiting:?}")
    };
    assert_eq!(job["job"], "IDA");
    let message_ref = job["message_ref"].as_str().unwrap().to_owned();

    // A new process, the connection back (here the server is another address: a switched
    // connection sends the same bytes).
    let port = free_port();
    let server = Server::start(sim.path(), port);
    let url = format!("http://127.0.0.1:{port}");
    let sent = khaibao(
        data.path(),
        &["--lang", "en", "outbox", "send", "--server", &url],
    );
    assert_eq!(sent.status.code(), Some(0), "{}", stdout(&sent));
    assert!(stdout(&sent).contains(&message_ref), "{}", stdout(&sent));
    assert!(outbox(data.path()).is_empty());
    let idle = khaibao(data.path(), &["outbox", "send", "--server", &url]);
    assert_eq!(idle.status.code(), Some(0));
    server.stop();
    let number = number_of(data.path(), &id).expect("the answer is recorded");
    assert_eq!(core_declarations(sim.path()), [number], "sent once");
}

#[test]
fn a_declaration_cleared_by_hand_is_printed_and_entered_without_sending() {
    let data = tempfile::tempdir().unwrap();
    let id = import(data.path(), "import-sea-container.json");
    let pdf = data.path().join("thu-cong.pdf");
    let printed = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "manual",
            "print",
            "--draft",
            &id,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(printed.status.code(), Some(0), "{}", stdout(&printed));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let number = khaibao::domain::DeclarationNumber::new(10, 4_242, 0)
        .unwrap()
        .to_string();
    let recorded = khaibao(
        data.path(),
        &[
            "--lang",
            "en",
            "manual",
            "record",
            "--draft",
            &id,
            "--number",
            &number,
            "--lane",
            "2",
            "--cleared-on",
            "2026-11-23",
        ],
    );
    assert_eq!(recorded.status.code(), Some(0), "{}", stdout(&recorded));
    let mut store =
        khaibao::store::Store::open(&data.path().join(khaibao::store::STORE_FILE)).unwrap();
    let draft = store
        .draft(id.parse().unwrap(), crate::util::now())
        .unwrap();
    assert_eq!(draft.state, khaibao::store::DraftState::Cleared);
    assert_eq!(draft.lane, Some(2));
    let timeline = store.timeline(id.parse().unwrap()).unwrap();
    assert_eq!(timeline.len(), 2, "two events, no message: {timeline:?}");
    let wrong = khaibao(
        data.path(),
        &[
            "manual",
            "record",
            "--draft",
            &id,
            "--number",
            "12",
            "--cleared-on",
            "2026-11-23",
        ],
    );
    assert_eq!(wrong.status.code(), Some(2), "a wrong command line");
}
