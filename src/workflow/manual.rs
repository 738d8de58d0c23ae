//! The manual procedure (Decree 87/2012/NĐ-CP art. 15): when the customs' or the declarant's
//! system fails and customs announces it, the declaration is printed on paper and processed by
//! hand; once cleared that way, its result is entered afterwards without sending anything.

use chrono::NaiveDate;

use super::{DraftId, Workflow, WorkflowError};
use crate::domain::text::Bilingual;
use crate::domain::{DeclarationNumber, EventKind, Lane};
use crate::store::ManualClearance;

/// The legal source, as the broker reads it in the history.
const SOURCE_VI: &str = "Nghị định 87/2012/NĐ-CP, điều 15";
const SOURCE_EN: &str = "Decree 87/2012/ND-CP, art. 15";

impl Workflow {
    /// Records in the declaration's history that it was printed for the manual procedure (the
    /// printing itself is [`crate::print`]'s).
    pub fn record_manual_print(&mut self, id: DraftId) -> Result<(), WorkflowError> {
        self.open_draft(id)?;
        let detail = Bilingual::new(
            format!("In tờ khai giấy để làm thủ tục thủ công khi hệ thống gặp sự cố ({SOURCE_VI})"),
            format!(
                "Printed on paper for the manual procedure while the system fails ({SOURCE_EN})"
            ),
        );
        let now = self.now();
        Ok(self
            .store
            .record_event(id, now, EventKind::ManualPrinted, &detail)?)
    }

    /// Enters a declaration cleared by the manual procedure: the number, lane and clearance date
    /// customs gave, the state cleared, an event saying it went by hand — nothing sent; a job of
    /// it waiting in the outbox is withdrawn (never sent). The withdrawn jobs' codes.
    ///
    /// # Errors
    /// A clearance date after today, or a number other than the one the declaration already
    /// has ([`WorkflowError::Manual`]); an unknown or cancelled declaration.
    pub fn record_manual_clearance(
        &mut self,
        id: DraftId,
        number: DeclarationNumber,
        lane: Option<Lane>,
        cleared_on: NaiveDate,
    ) -> Result<Vec<String>, WorkflowError> {
        let draft = self.open_draft(id)?;
        if let Some(known) = draft.declaration.number
            && known.base() != number.base()
        {
            return Err(WorkflowError::Manual(Bilingual::new(
                format!("Tờ khai này đã có số {known}, không phải {number}"),
                format!("This declaration already has the number {known}, not {number}"),
            )));
        }
        let today = self.today();
        if cleared_on > today {
            return Err(WorkflowError::Manual(Bilingual::new(
                format!(
                    "Ngày thông quan {} là ngày sau hôm nay ({})",
                    cleared_on.format("%d/%m/%Y"),
                    today.format("%d/%m/%Y")
                ),
                format!(
                    "The clearance date {} is after today ({})",
                    cleared_on.format("%d/%m/%Y"),
                    today.format("%d/%m/%Y")
                ),
            )));
        }
        let date = cleared_on.format("%d/%m/%Y");
        let (lane_vi, lane_en) = lane.map_or_else(
            || (String::new(), String::new()),
            |l| {
                (
                    format!(", {}", l.name(true)),
                    format!(", {}", l.name(false)),
                )
            },
        );
        let detail = Bilingual::new(
            format!(
                "Tờ khai {number} thông quan thủ công ngày {date}{lane_vi}; nhập lại sau, không gửi thông điệp ({SOURCE_VI})"
            ),
            format!(
                "Declaration {number} cleared by hand on {date}{lane_en}; entered afterwards, no message sent ({SOURCE_EN})"
            ),
        );
        let clearance = ManualClearance {
            number,
            lane: lane.map(Lane::number),
            detail,
        };
        let now = self.now();
        Ok(self.store.record_manual_clearance(id, &clearance, now)?)
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
    use crate::store::{DraftState, TimelineKind};
    use crate::workflow::Connection;

    /// A declaration whose IDA waits in the outbox is printed, cleared by hand and entered:
    /// cleared, with its number and lane, both events in its history, the job withdrawn and
    /// nothing sent.
    #[test]
    fn a_declaration_cleared_by_hand_is_entered_without_sending() {
        let dir = tempfile::tempdir().unwrap();
        let at: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let mut workflow = Workflow::open(
            dir.path(),
            CodeLists::bundled().unwrap(),
            &Connection::Server(url),
            "TRAIN001",
            Helper::new(PathBuf::from("no-helper-needed")),
            Clock::frozen(at),
        )
        .unwrap();
        let declaration: crate::domain::Declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let (id, _) = workflow.save(None, &declaration).unwrap();
        workflow
            .send_declaration(id, &declaration, None)
            .unwrap_err();
        assert_eq!(workflow.outbox().unwrap().len(), 1);

        workflow.record_manual_print(id).unwrap();
        let number = DeclarationNumber::new(10, 12_345_678, 0).unwrap();
        let tomorrow = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let err = workflow
            .record_manual_clearance(id, number, Some(Lane::Yellow), tomorrow)
            .unwrap_err();
        assert!(err.message().en.contains("after today"), "{err}");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let withdrawn = workflow
            .record_manual_clearance(id, number, Some(Lane::Yellow), today)
            .unwrap();
        assert_eq!(withdrawn, ["IDA"]);
        assert!(workflow.outbox().unwrap().is_empty(), "withdrawn");
        let stored = workflow.open_draft(id).unwrap();
        assert_eq!(stored.state, DraftState::Cleared);
        assert_eq!(stored.declaration.number, Some(number));
        assert_eq!(stored.lane, Some(2));
        let timeline = workflow.timeline(id).unwrap();
        assert!(
            timeline
                .iter()
                .all(|e| matches!(e.kind, TimelineKind::Event(_))),
            "nothing was sent: {timeline:?}"
        );
        let kinds: Vec<_> = timeline.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                TimelineKind::Event(EventKind::ManualPrinted),
                TimelineKind::Event(EventKind::ManualCleared)
            ]
        );
        assert!(
            timeline[1]
                .summary_en
                .contains("cleared by hand on 23/11/2026")
        );
        // Another number than the one it has is refused.
        let other = DeclarationNumber::new(10, 99_999_999, 0).unwrap();
        assert!(
            workflow
                .record_manual_clearance(id, other, None, today)
                .is_err()
        );
    }
}
