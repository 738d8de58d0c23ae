//! The outbox in the broker's session: a job about a declaration is written to the outbox
//! (with its message reference and exact bytes, signed when it needs a signature) before it is
//! sent; an answer — even a refusal — is recorded and the row deleted in one transaction; when
//! the connection is down (refused, timeout, 5xx) the job stays and is resent with the same
//! bytes, by the watch-list's rounds or on demand. The core answers a message reference it has
//! already processed from its log, so a job is never carried out twice.

use super::{DraftId, Workflow, WorkflowError};
use crate::domain::text::Bilingual;
use crate::store::{OutboxEntry, OutboxId};
use crate::wire::{Request, Response, SignedMessage};

/// A job the outbox sent, with its answer.
#[derive(Debug, Clone)]
pub struct Delivered {
    /// The declaration.
    pub draft_id: DraftId,
    /// Its title.
    pub title: String,
    /// The job's code.
    pub job: String,
    /// The answer.
    pub response: Box<Response>,
}

/// What a flush of the outbox did.
#[derive(Debug, Default, Clone)]
pub struct OutboxReport {
    /// The jobs answered (recorded in the store).
    pub delivered: Vec<Delivered>,
    /// Why a job could not be sent (the connection is still down: the rest wait too).
    pub failure: Option<Bilingual>,
    /// The jobs still waiting.
    pub waiting: Vec<OutboxEntry>,
    /// The connection was down (the flush stopped there).
    pub down: bool,
}

impl Workflow {
    /// Writes the job to the outbox, then sends it: answered, it is recorded and leaves the
    /// outbox in one transaction; an outage keeps it there ([`WorkflowError::Queued`]); any
    /// other failure (nothing reached customs) takes it out again and is returned as it is.
    pub(super) fn send_through_outbox(
        &mut self,
        id: DraftId,
        request: &Request,
        signed: Option<&SignedMessage>,
    ) -> Result<Response, WorkflowError> {
        let job = request.operation.job(request.operation.direction());
        let system = self.gateway.describe();
        let now = self.now();
        let row = self.store.queue(id, job, request, signed, &system, now)?;
        match self.transmit(request, signed) {
            Ok(response) => self.record(id, request, &response, Some(row)),
            Err(e) if e.is_outage() => {
                let reason = e.outage_cause();
                self.store
                    .outbox_failed(row, self.now(), &reason, e.maybe_reached())?;
                Err(WorkflowError::Queued {
                    job: job.code().to_owned(),
                    reason,
                })
            }
            Err(e) => {
                self.store.remove_from_outbox(row)?;
                Err(e.into())
            }
        }
    }

    /// The jobs waiting in the outbox, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, WorkflowError> {
        Ok(self.store.outbox()?)
    }

    /// Resends one waiting job, its exact bytes with the same message reference, over the
    /// connection in use (which may be the backup system). Answered: recorded, out of the
    /// outbox. Not answered: it stays, with the attempt counted and why.
    ///
    /// # Errors
    /// [`WorkflowError::Queued`] when the connection is still down; the gateway's error when
    /// this connection cannot send it (it stays in the outbox).
    pub fn resend(&mut self, row: OutboxId) -> Result<Response, WorkflowError> {
        let entry = self.store.outbox_entry(row)?;
        // A simulator's numbers are its own: a job about a numbered declaration queued for one
        // is not sent to another (the number may be another declaration's there). A first IDA
        // creates the declaration wherever it goes; live systems — the main one and the backup
        // — share the declarations, so switching between them is free.
        let here = self.gateway.describe();
        if self.gateway.is_simulator()
            && entry.system != here
            && entry.request.operation.number().is_some()
        {
            return Err(WorkflowError::OtherSystem(Bilingual::new(
                format!(
                    "Việc {} được lập cho {} nhưng kết nối hiện tại là {}: chưa gửi. Hãy kết nối lại hệ thống đó (--server) để gửi, hoặc xóa việc này",
                    entry.job.code(),
                    entry.system.vi,
                    here.vi
                ),
                format!(
                    "Job {} was made for {} but the connection now is {}: not sent. Connect to that system again (--server) to send it, or remove it",
                    entry.job.code(),
                    entry.system.en,
                    here.en
                ),
            )));
        }
        match self.transmit(&entry.request, entry.signed.as_ref()) {
            Ok(response) => self.record(entry.draft_id, &entry.request, &response, Some(row)),
            Err(e) => {
                let reason = e.outage_cause();
                self.store
                    .outbox_failed(row, self.now(), &reason, e.maybe_reached())?;
                Err(if e.is_outage() {
                    WorkflowError::Queued {
                        job: entry.job.code().to_owned(),
                        reason,
                    }
                } else {
                    e.into()
                })
            }
        }
    }

    /// Resends every waiting job, oldest first; stops at the first outage (the connection is
    /// still down). Run before each round of the watch-list and on demand.
    pub fn flush_outbox(&mut self) -> OutboxReport {
        let mut report = OutboxReport::default();
        let waiting = match self.store.outbox() {
            Ok(waiting) => waiting,
            Err(e) => {
                report.failure = Some(e.message());
                return report;
            }
        };
        for entry in waiting {
            match self.resend(entry.id) {
                Ok(response) => report.delivered.push(Delivered {
                    draft_id: entry.draft_id,
                    title: entry.title,
                    job: entry.job.code().to_owned(),
                    response: Box::new(response),
                }),
                Err(e @ WorkflowError::Queued { .. }) => {
                    report.failure = Some(e.message());
                    report.down = true;
                    break;
                }
                Err(e) => report.failure = Some(e.message()),
            }
        }
        match self.store.outbox() {
            Ok(waiting) => report.waiting = waiting,
            Err(e) => report.failure = Some(e.message()),
        }
        report
    }

    /// Removes a job that never reached customs; one that may have (a timeout) is refused.
    pub fn remove_queued(&mut self, row: OutboxId) -> Result<OutboxEntry, WorkflowError> {
        Ok(self.store.remove_from_outbox(row)?)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::clock::Clock;
    use crate::codes::CodeLists;
    use crate::signing::helper::Helper;
    use crate::workflow::Connection;

    fn open(dir: &std::path::Path, connection: &Connection) -> Workflow {
        let at: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        Workflow::open(
            dir,
            CodeLists::bundled().unwrap(),
            connection,
            "TRAIN001",
            Helper::new(PathBuf::from("no-helper-needed")),
            Clock::frozen(at),
        )
        .unwrap()
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then let go).
    fn closed_port() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        format!("http://{addr}")
    }

    /// A simulator server on 127.0.0.1 in this process, serving until `stop` is sent; its URL.
    fn server() -> (
        String,
        std::sync::mpsc::Sender<()>,
        std::thread::JoinHandle<()>,
    ) {
        use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
        let (bound_tx, bound_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let core = crate::core_sim::Core::in_memory(
                CodeLists::bundled().unwrap(),
                LaneRules::parse(DEFAULT_RULES).unwrap(),
            )
            .unwrap();
            let at: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let shutdown = async move {
                let _ = tokio::task::spawn_blocking(move || stopped.recv()).await;
            };
            runtime
                .block_on(crate::gateway::server::serve_with_clock(
                    core,
                    std::sync::Arc::new(move || at),
                    "127.0.0.1:0".parse().unwrap(),
                    move |addr| bound_tx.send(addr).unwrap(),
                    shutdown,
                ))
                .unwrap();
        });
        let addr = bound_rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        (format!("http://{addr}"), stop, thread)
    }

    /// An IDC queued for the simulator that numbered the declaration, while it is down, is not
    /// sent to another simulator, where its number may be another declaration's (a tryout saw
    /// the refusal there change the local state): it waits, said so. Sent directly, the job is
    /// refused before anything is queued.
    #[test]
    fn a_numbered_job_is_not_sent_to_another_simulator() {
        let dir = tempfile::tempdir().unwrap();
        let declaration: crate::domain::Declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let (url, stop, thread) = server();
        let mut served = open(dir.path(), &Connection::Server(url.clone()));
        let (id, _) = served.save(None, &declaration).unwrap();
        let ida = served.send_declaration(id, &declaration, None).unwrap();
        let number = ida.declaration.unwrap().number;
        drop(served);
        stop.send(()).unwrap();
        thread.join().unwrap();
        let mut down = open(dir.path(), &Connection::Server(url));
        let err = down
            .send(
                id,
                crate::wire::Operation::RegisterOfficial { number },
                None,
            )
            .unwrap_err();
        assert!(matches!(err, WorkflowError::Queued { .. }), "{err}");
        drop(down);
        let mut other = open(dir.path(), &Connection::Embedded);
        let report = other.flush_outbox();
        let failure = report.failure.expect("said why it waits");
        assert!(
            failure.en.contains("was made for http://127.0.0.1"),
            "{failure:?}"
        );
        assert_eq!(report.waiting.len(), 1, "the job waits for its own system");
        assert!(report.delivered.is_empty());
        let direct = other
            .send(id, crate::wire::Operation::Reference { number }, None)
            .unwrap_err();
        assert!(
            direct
                .message()
                .en
                .starts_with("This declaration was numbered by http://127.0.0.1"),
            "{direct}"
        );
        assert_eq!(
            other.open_draft(id).unwrap().state,
            crate::store::DraftState::Provisional
        );
        // Nothing about it reached the embedded core.
        let timeline = other.timeline(id).unwrap();
        assert!(
            timeline
                .iter()
                .filter_map(|e| e.system.as_ref())
                .all(|system| system.en.starts_with("http://127.0.0.1")),
            "{timeline:?}"
        );
    }

    /// The watch-list does not ask one simulator about a declaration another numbered (its
    /// answer would be about another declaration); it counts it apart.
    #[test]
    fn the_watch_list_asks_only_the_system_that_numbered_a_declaration() {
        let dir = tempfile::tempdir().unwrap();
        let mut declaration: crate::domain::Declaration = crate::domain::file::from_json(
            include_str!("../../tests/fixtures/import-sea-container.json"),
        )
        .unwrap();
        declaration.arrival_date = chrono::NaiveDate::from_ymd_opt(2026, 12, 15);
        let (url, stop, thread) = server();
        let mut served = open(dir.path(), &Connection::Server(url));
        let (id, _) = served.save(None, &declaration).unwrap();
        let ida = served.send_declaration(id, &declaration, None).unwrap();
        let number = ida.declaration.unwrap().number;
        let idc = served
            .send(
                id,
                crate::wire::Operation::RegisterOfficial { number },
                None,
            )
            .unwrap();
        assert!(idc.result.is_success(), "{:?}", idc.result);
        let report = served.watch();
        assert_eq!(
            (report.asked, report.elsewhere),
            (1, 0),
            "{:?}",
            report.failure
        );
        drop(served);
        stop.send(()).unwrap();
        thread.join().unwrap();
        let mut other = open(dir.path(), &Connection::Embedded);
        let report = other.watch();
        assert_eq!(
            (report.asked, report.elsewhere),
            (0, 1),
            "{:?}",
            report.failure
        );
        assert!(report.changes.is_empty());
    }

    /// Queued while nothing answers; a second job for the same declaration is refused while
    /// the first waits; the store survives a reopen; the embedded core (the connection
    /// switched) answers it once; the message log says which system answered.
    #[test]
    fn a_job_queued_in_an_outage_is_sent_once_the_connection_returns() {
        let dir = tempfile::tempdir().unwrap();
        let declaration: crate::domain::Declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let id = {
            let mut down = open(dir.path(), &Connection::Server(closed_port()));
            let (id, _) = down.save(None, &declaration).unwrap();
            let err = down.send_declaration(id, &declaration, None).unwrap_err();
            assert!(matches!(err, WorkflowError::Queued { .. }), "{err}");
            assert!(err.message().en.contains("waits in the outbox"), "{err}");
            let err = down.send_declaration(id, &declaration, None).unwrap_err();
            assert!(
                matches!(
                    err,
                    WorkflowError::Store(crate::store::StoreError::Queued { .. })
                ),
                "one job per declaration at a time: {err}"
            );
            assert!(down.delete(id).is_err(), "a queued declaration is kept");
            let report = down.flush_outbox();
            assert!(report.failure.is_some());
            let [waiting] = report.waiting.as_slice() else {
                panic!("one job waits: {report:?}")
            };
            assert_eq!(waiting.job.code(), "IDA");
            assert_eq!(waiting.attempts, 2);
            assert!(!waiting.maybe_sent, "a refused connection reached nobody");
            id
        };
        let mut up = open(dir.path(), &Connection::Embedded);
        let report = up.flush_outbox();
        assert!(report.failure.is_none(), "{:?}", report.failure);
        assert_eq!(report.delivered.len(), 1);
        assert!(report.waiting.is_empty());
        let answer = &report.delivered[0].response;
        assert!(answer.result.is_success(), "{:?}", answer.result);
        let stored = up.open_draft(id).unwrap();
        assert_eq!(stored.state, crate::store::DraftState::Provisional);
        let timeline = up.timeline(id).unwrap();
        assert_eq!(timeline.len(), 2, "one request, one answer");
        assert_eq!(
            timeline[0].system.as_ref().map(|s| s.en.as_str()),
            Some("Embedded simulator")
        );
        // Nothing is left to send.
        assert!(up.flush_outbox().delivered.is_empty());
    }

    /// A job whose bytes never left is removed on request; one that may have reached customs
    /// (a timeout) is not.
    #[test]
    fn only_a_job_that_never_left_can_be_removed() {
        let dir = tempfile::tempdir().unwrap();
        let declaration: crate::domain::Declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let mut down = open(dir.path(), &Connection::Server(closed_port()));
        let (id, _) = down.save(None, &declaration).unwrap();
        down.send_declaration(id, &declaration, None).unwrap_err();
        let row = down.outbox().unwrap()[0].id;
        let timeout = crate::gateway::GatewayError::Timeout {
            url: "u".into(),
            seconds: 1,
        };
        down.store
            .outbox_failed(row, down.now(), &timeout.message(), timeout.maybe_reached())
            .unwrap();
        let err = down.remove_queued(row).unwrap_err();
        assert!(err.message().en.contains("resend it"), "{err}");
        // A fresh one that never left goes.
        let (other, _) = down.save(None, &declaration).unwrap();
        down.send_declaration(other, &declaration, None)
            .unwrap_err();
        let fresh = down
            .outbox()
            .unwrap()
            .into_iter()
            .find(|e| e.draft_id == other)
            .unwrap();
        down.remove_queued(fresh.id).unwrap();
        assert_eq!(down.outbox().unwrap().len(), 1);
    }
}
