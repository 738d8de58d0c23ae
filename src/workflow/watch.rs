//! The clearance watch-list: officially registered declarations not yet cleared are asked
//! about (IID/IEX, the reference job) on a schedule, and what changed — the status (cleared,
//! cancelled or lapsed), the lane, the documents accepted, the inspection passed or failed, the
//! taxes settled — is told to the broker and written in the declaration's history.
//!
//! Everything here is pure: the schedule takes the instants it is given (the window passes the
//! machine's time from [`crate::clock::Clock`]), so its rules are tested without a clock.

use chrono::{DateTime, Duration, Utc};

use crate::domain::DeclarationNumber;
use crate::domain::EventKind;
use crate::domain::Lane;
use crate::domain::text::Bilingual;
use crate::store::{DraftId, DraftState};
use crate::wire::{DeclarationView, Inspection, Status};

/// The interval between two checks when the broker has not chosen one, in minutes.
pub const DEFAULT_MINUTES: u32 = 5;
/// The shortest interval offered, in minutes (a real VNACCS must not be asked too often).
pub const MIN_MINUTES: u32 = 1;
/// The longest interval offered, in minutes.
pub const MAX_MINUTES: u32 = 120;

/// Whether a stored declaration in `state` is watched: officially registered and not yet
/// cleared, cancelled or lapsed (a provisional one waits for the broker's IDC, not for customs).
pub fn watched(state: DraftState) -> bool {
    state == DraftState::Registered
}

/// When the next check is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    interval: Duration,
    /// `None`: at once (the window just opened, or "Check now").
    next: Option<DateTime<Utc>>,
}

impl Schedule {
    /// A schedule every `minutes` (clamped to [`MIN_MINUTES`]–[`MAX_MINUTES`]), first due at once.
    pub fn every(minutes: u32) -> Self {
        Self {
            interval: interval(minutes),
            next: None,
        }
    }

    /// Whether a check is due at `now`.
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        self.next.is_none_or(|next| now >= next)
    }

    /// A check started at `now`: the next one is an interval later.
    pub fn started(&mut self, now: DateTime<Utc>) {
        self.next = Some(now + self.interval);
    }

    /// "Check now": due at once.
    pub fn check_now(&mut self) {
        self.next = None;
    }

    /// A new interval, in minutes: a next check further away than the new interval comes closer.
    pub fn set_minutes(&mut self, minutes: u32, now: DateTime<Utc>) {
        self.interval = interval(minutes);
        if let Some(next) = self.next {
            self.next = Some(next.min(now + self.interval));
        }
    }

    /// The time left until the next check at `now` (zero when due).
    pub fn remaining(&self, now: DateTime<Utc>) -> Duration {
        self.next
            .map_or(Duration::zero(), |next| (next - now).max(Duration::zero()))
    }
}

fn interval(minutes: u32) -> Duration {
    Duration::minutes(i64::from(minutes.clamp(MIN_MINUTES, MAX_MINUTES)))
}

/// A countdown as a clock shows it: `4:32`, `0:05`; `1:04:32` from an hour. Whole seconds,
/// rounded up (a check due in 0.4 s shows `0:01`, never `0:00` before it starts).
pub fn countdown(left: Duration) -> String {
    let millis = left.num_milliseconds().max(0);
    let seconds = (millis + 999) / 1000;
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

/// What the broker is told about a declaration, as far as the watch-list compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// Where it stands.
    pub status: Status,
    /// The lane.
    pub lane: Option<Lane>,
    /// Documents accepted by the officer.
    pub documents_accepted: bool,
    /// The physical inspection.
    pub inspection: Inspection,
    /// Taxes paid or guaranteed.
    pub taxes_settled: bool,
}

impl Snapshot {
    /// As the core's answer shows it.
    pub fn of(view: &DeclarationView) -> Self {
        Self {
            status: view.status,
            lane: view.lane.as_ref().map(|l| l.lane),
            documents_accepted: view.documents_accepted,
            inspection: view.inspection,
            taxes_settled: view.taxes_settled,
        }
    }

    /// As the store alone knows it (no answer kept): registered, with its lane.
    pub fn registered(lane: Option<u8>) -> Self {
        Self {
            status: Status::Registered,
            lane: lane.and_then(|n| Lane::try_from(n).ok()),
            documents_accepted: false,
            inspection: Inspection::Pending,
            taxes_settled: false,
        }
    }
}

/// A change the watch-list saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The declaration in the store.
    pub id: DraftId,
    /// Its number.
    pub number: DeclarationNumber,
    /// Its title in the list (importer/exporter · invoice).
    pub title: String,
    /// What changed, in both languages: `Đã đăng ký → Đã thông quan; …`.
    pub what: Bilingual,
    /// Whether it now needs the broker (inspection failed, cancelled or lapsed).
    pub bad: bool,
}

/// What changed between two snapshots of one declaration, in both languages; `None` when
/// nothing the broker is told about changed. Each part is a sentence piece joined by `; `.
pub fn change(before: &Snapshot, after: &Snapshot) -> Option<(Bilingual, bool)> {
    let mut vi: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    let mut push = |v: String, e: String| {
        vi.push(v);
        en.push(e);
    };
    if before.status != after.status {
        push(
            format!("{} → {}", before.status.name_vi(), after.status.name_vi()),
            format!("{} → {}", before.status.name_en(), after.status.name_en()),
        );
    }
    if before.lane != after.lane
        && let Some(lane) = after.lane
    {
        push(
            format!("phân {}", lane.name(true)),
            format!("{} assigned", lane.name(false)),
        );
    }
    let mut event = |happened: bool, kind: EventKind| {
        if happened {
            let name = kind.name();
            push(name.vi, name.en);
        }
    };
    event(
        !before.documents_accepted && after.documents_accepted,
        EventKind::DocumentsAccepted,
    );
    if before.inspection != after.inspection {
        match after.inspection {
            Inspection::Passed => event(true, EventKind::InspectionPassed),
            Inspection::Failed => event(true, EventKind::InspectionFailed),
            Inspection::Pending => {}
        }
    }
    if !before.taxes_settled && after.taxes_settled {
        push(
            "đã nộp thuế".to_owned(),
            "taxes paid or guaranteed".to_owned(),
        );
    }
    if vi.is_empty() {
        return None;
    }
    let bad = after.inspection == Inspection::Failed && before.inspection != Inspection::Failed
        || before.status != after.status
            && matches!(after.status, Status::Cancelled | Status::Expired);
    Some((Bilingual::new(vi.join("; "), en.join("; ")), bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn only_registered_declarations_are_watched() {
        for (state, expected) in [
            (DraftState::Draft, false),
            (DraftState::Provisional, false),
            (DraftState::Expired, false),
            (DraftState::Registered, true),
            (DraftState::Cleared, false),
            (DraftState::Cancelled, false),
        ] {
            assert_eq!(watched(state), expected, "{state:?}");
        }
    }

    #[test]
    fn the_schedule_is_due_at_once_then_after_each_interval_and_counts_down() {
        let t0 = at("2026-11-23T02:00:00Z");
        let mut schedule = Schedule::every(DEFAULT_MINUTES);
        assert!(schedule.due(t0), "the first check is at once");
        assert_eq!(countdown(schedule.remaining(t0)), "0:00");
        schedule.started(t0);
        assert!(!schedule.due(t0 + Duration::seconds(299)));
        assert_eq!(
            countdown(schedule.remaining(t0 + Duration::seconds(28))),
            "4:32"
        );
        assert_eq!(
            countdown(schedule.remaining(t0 + Duration::milliseconds(299_600))),
            "0:01",
            "rounded up"
        );
        assert!(schedule.due(t0 + Duration::minutes(5)));
        // "Check now" makes it due at once; a check then starts the interval again.
        schedule.started(t0 + Duration::minutes(5));
        schedule.check_now();
        assert!(schedule.due(t0 + Duration::minutes(6)));
        // A shorter interval brings a far check closer; a longer one does not push it away.
        schedule.started(t0);
        schedule.set_minutes(2, t0 + Duration::minutes(1));
        assert_eq!(
            schedule.remaining(t0 + Duration::minutes(1)),
            Duration::minutes(2)
        );
        schedule.set_minutes(60, t0 + Duration::minutes(1));
        assert_eq!(
            schedule.remaining(t0 + Duration::minutes(1)),
            Duration::minutes(2)
        );
        // Out-of-range intervals are clamped.
        let mut slow = Schedule::every(100_000);
        slow.started(t0);
        assert_eq!(countdown(slow.remaining(t0)), "2:00:00");
        let mut fast = Schedule::every(0);
        fast.started(t0);
        assert_eq!(countdown(fast.remaining(t0)), "1:00");
    }

    #[test]
    fn a_change_of_status_lane_documents_inspection_or_taxes_is_told_and_nothing_else() {
        let registered = Snapshot::registered(Some(2));
        assert_eq!(registered.lane, Some(Lane::Yellow));
        assert_eq!(change(&registered, &registered), None);
        let cleared = Snapshot {
            status: Status::Cleared,
            documents_accepted: true,
            taxes_settled: true,
            ..registered
        };
        let (what, bad) = change(&registered, &cleared).unwrap();
        assert_eq!(
            what.vi,
            "Đã đăng ký → Đã thông quan; Chấp nhận hồ sơ; đã nộp thuế"
        );
        assert_eq!(
            what.en,
            "Registered → Cleared; Documents accepted; taxes paid or guaranteed"
        );
        assert!(!bad);
        let red = Snapshot {
            lane: Some(Lane::Red),
            inspection: Inspection::Failed,
            ..registered
        };
        let (what, bad) = change(&registered, &red).unwrap();
        assert_eq!(what.vi, "phân luồng đỏ; Kiểm tra thực tế: không phù hợp");
        assert_eq!(what.en, "red lane assigned; Inspection failed");
        assert!(bad, "a failed inspection needs the broker");
        let lapsed = Snapshot {
            status: Status::Cancelled,
            ..registered
        };
        let (what, bad) = change(&registered, &lapsed).unwrap();
        assert_eq!(what.en, "Registered → Cancelled");
        assert!(bad);
        // Nothing new: a lane that disappears or steps that were already done are no news.
        let unlaned = Snapshot {
            lane: None,
            ..registered
        };
        assert_eq!(change(&registered, &unlaned), None);
        assert_eq!(
            change(
                &cleared,
                &Snapshot {
                    documents_accepted: false,
                    ..cleared
                }
            ),
            None
        );
    }
}
