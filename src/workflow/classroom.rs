//! A session's part in a classroom (`khaibao sim serve --roster`, docs/classroom.md): sending
//! the trainee's exercise attempts to the class server so the instructor sees them, reading the
//! instructor's view of the class, and trusting the server's certificate once the trainee has
//! compared its fingerprint with the one the instructor reads out.

use crate::classroom::scores::ReportedAttempt;
use crate::domain::text::Bilingual;
use crate::gateway::classroom::ClassView;
use crate::gateway::tofu::Pins;
use crate::store::ExerciseAttempt;

use super::{Workflow, WorkflowError};

/// What became of sending the attempts to the class server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassReport {
    /// Not connected to a classroom server: nothing to send.
    NotClassroom,
    /// Sent; the server had not seen this many of them.
    Sent(usize),
    /// Not sent (kept here; they go with the next attempt): why.
    NotSent(Bilingual),
}

impl ClassReport {
    /// What to tell the trainee after scoring, if anything.
    pub fn said(&self) -> Option<Bilingual> {
        match self {
            Self::NotClassroom => None,
            Self::Sent(_) => Some(Bilingual::new(
                "Đã gửi kết quả cho giảng viên",
                "Sent to the instructor",
            )),
            Self::NotSent(why) => Some(Bilingual::new(
                format!(
                    "Điểm đã lưu trên máy này nhưng chưa gửi được cho giảng viên (sẽ gửi cùng lần chấm sau): {}",
                    why.vi
                ),
                format!(
                    "The score is kept on this computer but could not be sent to the instructor (it goes with the next scoring): {}",
                    why.en
                ),
            )),
        }
    }
}

/// The attempts as the class server takes them.
pub fn reported(attempts: &[ExerciseAttempt]) -> Vec<ReportedAttempt> {
    attempts
        .iter()
        .map(|a| ReportedAttempt {
            exercise_id: a.exercise_id.clone(),
            at: a.at,
            points: a.points,
            max: a.max,
            differences: u32::try_from(a.differences.len()).unwrap_or(u32::MAX),
        })
        .collect()
}

impl Workflow {
    /// Sends every attempt kept at the exercises `attempts` are of to the class server when
    /// connected to one (those it has are skipped there, so an attempt whose sending failed
    /// goes with the next).
    pub fn report_attempts(&mut self, attempts: &[ExerciseAttempt]) -> ClassReport {
        let sent = reported(attempts);
        match self.gateway.report_attempts(&self.user_id, &sent) {
            Ok(None) => ClassReport::NotClassroom,
            Ok(Some(new)) => ClassReport::Sent(new),
            // An outage is told without "the declaration was not sent, try again": no
            // declaration is involved, and the attempt goes with the next scoring.
            Err(err) if err.is_outage() => ClassReport::NotSent(err.outage_cause()),
            Err(err) => ClassReport::NotSent(crate::domain::text::Localized::message(&err)),
        }
    }

    /// The instructor's view of the class; `Ok(None)` when not connected to a classroom server.
    ///
    /// # Errors
    /// The connection's: a trainee is refused (only instructors see the class), the server may
    /// be unreachable or its certificate not trusted yet.
    pub fn class_view(&mut self) -> Result<Option<ClassView>, WorkflowError> {
        Ok(self.gateway.class_view(&self.user_id)?)
    }

    /// The instructor's copy of a trainee's declaration `number`, to read it in the form: the
    /// core's reference answer (IID/IEX, which a classroom server gives an instructor for any
    /// declaration) kept as a new local draft, without the number (sent, it would be a new
    /// declaration of the instructor's). Returns the draft.
    ///
    /// # Errors
    /// The core refused (a trainee asking about another's declaration, an unknown number), the
    /// connection failed, the answer carried no declaration data, or the store failed.
    pub fn copy_from_class(
        &mut self,
        number: crate::domain::DeclarationNumber,
    ) -> Result<crate::store::DraftId, WorkflowError> {
        let response = self.send_other(crate::wire::Operation::Reference { number }, None)?;
        if !response.result.is_success() {
            return Err(WorkflowError::Refused(response.result));
        }
        let mut declaration = response
            .declaration
            .and_then(|view| view.declaration)
            .ok_or_else(|| {
                WorkflowError::Manual(Bilingual::new(
                    format!("Hệ thống không trả lại dữ liệu của tờ khai {number}"),
                    format!("The core gave back no data for declaration {number}"),
                ))
            })?;
        declaration.number = None;
        Ok(self.save(None, &declaration)?.0)
    }

    /// When the last request failed because the classroom server's certificate is not trusted
    /// yet: the server's address and the fingerprint it presented.
    pub fn untrusted_server(&self) -> Option<(String, String)> {
        self.gateway.untrusted()
    }

    /// Trusts the classroom server of `url` with `fingerprint` (the trainee compared it with the
    /// instructor's); a new session is needed for the connection to use it.
    ///
    /// # Errors
    /// The server is pinned to another fingerprint already, or the pins cannot be written.
    pub fn trust_server(&self, url: &str, fingerprint: &str) -> Result<(), WorkflowError> {
        Pins::of(&self.data_dir)
            .pin(url, fingerprint)
            .map_err(|pinned| {
                WorkflowError::Manual(match pinned {
                    Some(pinned) => Bilingual::new(
                        format!(
                            "Máy chủ {url} đã được tin cậy với dấu vân tay khác ({pinned}); không đổi. Hỏi giảng viên vì sao chứng thư đổi, rồi bỏ tin cậy cũ bằng: khaibao sim trust {url} --forget"
                        ),
                        format!(
                            "The server {url} is already trusted with another fingerprint ({pinned}); not changed. Ask the instructor why the certificate changed, then remove the old trust with: khaibao sim trust {url} --forget"
                        ),
                    ),
                    None => Bilingual::new(
                        format!("Không ghi được danh sách máy chủ tin cậy trong {}", self.data_dir.display()),
                        format!("Cannot write the trusted servers' list in {}", self.data_dir.display()),
                    ),
                })
            })
    }
}
