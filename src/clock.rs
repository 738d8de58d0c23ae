//! The one owner of time in the shell: the machine's clock, or a clock fixed to a stated
//! instant (tests, training, `--now`/`KHAIBAO_NOW`), plus the simulated core's offset.
//!
//! The functional core (`domain`, `codes`, `rules`, `assess`) never reads a clock: the shell
//! reads a [`Clock`] and passes instants and dates in. Clones share the simulated offset, so the
//! window, its worker and the workflow always agree on the simulated time.
//!
//! Two readings:
//! - [`Clock::machine_now`]: the machine's time as this clock tells it (a fixed clock starts at its
//!   stated instant and then runs). Used for what the machine does: certificate dates of a new
//!   practice token, file names, signing time.
//! - [`Clock::now`]: the core's time — `machine_now` plus the simulated core's clock offset
//!   (zero against a real core). Used for every customs rule: validation dates, the 7-day
//!   provisional store, countdowns.
//!
//! All instants are UTC; [`Clock::today`] is the calendar date in Vietnam (UTC+7), which
//! between 17:00 and 24:00 UTC is already the next day.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::time::vietnam_date;

/// Environment variable that fixes the clock of a whole process tree (RFC 3339 instant, e.g.
/// `2026-11-23T09:00:00+07:00`). Same as the global `--now` option.
pub const NOW_ENV: &str = "KHAIBAO_NOW";

#[derive(Debug, Clone, Copy)]
enum Source {
    /// The operating system's wall clock.
    Machine,
    /// Starts at `start` when `origin` was read and runs with the monotonic clock.
    StartingAt {
        start: DateTime<Utc>,
        origin: Instant,
    },
    /// Never moves (unit tests).
    Frozen(DateTime<Utc>),
}

/// A clock: where "now" comes from, and the simulated core's offset (shared by clones).
#[derive(Debug, Clone)]
pub struct Clock {
    source: Source,
    /// The simulated core's time minus this clock's time, in milliseconds.
    offset_ms: Arc<AtomicI64>,
}

impl Default for Clock {
    fn default() -> Self {
        Self::machine()
    }
}

impl Clock {
    fn with(source: Source) -> Self {
        Self {
            source,
            offset_ms: Arc::new(AtomicI64::new(0)),
        }
    }

    /// The operating system's wall clock.
    pub fn machine() -> Self {
        Self::with(Source::Machine)
    }

    /// A clock that reads `start` now and then runs at the machine's pace (monotonic), so the
    /// order of events is kept while the date is the one stated.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self::with(Source::StartingAt {
            start,
            origin: Instant::now(),
        })
    }

    /// A clock that always reads `at`.
    pub fn frozen(at: DateTime<Utc>) -> Self {
        Self::with(Source::Frozen(at))
    }

    /// The clock a process uses: starting at `stated` when given (from `--now` or
    /// [`NOW_ENV`]), else the machine's.
    pub fn from_stated(stated: Option<DateTime<Utc>>) -> Self {
        stated.map_or_else(Self::machine, Self::starting_at)
    }

    /// Parses a stated instant: RFC 3339 (`2026-11-23T09:00:00+07:00`, `2026-11-23T02:00:00Z`),
    /// or a bare date `YYYY-MM-DD`, read as 09:00 in Vietnam that day.
    ///
    /// # Errors
    /// [`InstantError`], whose message names the accepted forms.
    pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, InstantError> {
        let text = text.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(at.with_timezone(&Utc));
        }
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(crate::domain::time::vietnam_day_start(day) + Duration::hours(9));
        }
        Err(InstantError(text.to_owned()))
    }

    /// The machine's time as this clock tells it, UTC.
    pub fn machine_now(&self) -> DateTime<Utc> {
        match self.source {
            // The one place the shell reads the wall clock.
            Source::Machine => Utc::now(),
            Source::StartingAt { start, origin } => {
                let elapsed = Duration::from_std(origin.elapsed()).unwrap_or(Duration::MAX);
                start.checked_add_signed(elapsed).unwrap_or(start)
            }
            Source::Frozen(at) => at,
        }
    }

    /// The core's time (simulated time against the simulator), UTC.
    pub fn now(&self) -> DateTime<Utc> {
        let base = self.machine_now();
        base.checked_add_signed(self.offset()).unwrap_or(base)
    }

    /// Today's calendar date in Vietnam (UTC+7) by the core's time.
    pub fn today(&self) -> NaiveDate {
        vietnam_date(self.now())
    }

    /// Today's calendar date in Vietnam by the machine's time (no simulated offset).
    pub fn machine_today(&self) -> NaiveDate {
        vietnam_date(self.machine_now())
    }

    /// The simulated core's offset from this clock.
    pub fn offset(&self) -> Duration {
        Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Sets the simulated core's offset (seen by every clone).
    pub fn set_offset(&self, offset: Duration) {
        self.offset_ms
            .store(offset.num_milliseconds(), Ordering::Relaxed);
    }

    /// Learns the core's offset from an instant the core gave as its own "now" (an answer's
    /// processing time), to the nearest whole second: the simulator moves its clock in whole
    /// seconds, and what is left is network and processing delay, so a real core's answers
    /// (offset zero) do not make the clock jitter.
    pub fn learn(&self, core_time: DateTime<Utc>) {
        let millis = (core_time - self.machine_now()).num_milliseconds();
        let seconds = (millis + millis.signum() * 500) / 1000;
        self.set_offset(Duration::seconds(seconds));
    }

    /// An independent clock with the same source and a zero offset (not shared).
    #[must_use]
    pub fn detached(&self) -> Self {
        Self::with(self.source)
    }
}

/// A stated instant (`--now`, `KHAIBAO_NOW`) that is not one; holds what was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub struct InstantError(pub String);

impl InstantError {
    /// What to tell the person, naming the accepted forms.
    pub fn message(&self) -> crate::domain::text::Bilingual {
        let text = &self.0;
        crate::domain::text::Bilingual::new(
            format!(
                "«{text}» không phải thời điểm hợp lệ (ví dụ 2026-11-23T09:00:00+07:00 hoặc 2026-11-23)"
            ),
            format!(
                "«{text}» is not a valid instant (e.g. 2026-11-23T09:00:00+07:00 or 2026-11-23)"
            ),
        )
    }
}

crate::domain::text::localized!(InstantError);

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_fixed_clock_starts_where_stated_and_runs() {
        let clock = Clock::starting_at(at("2026-11-23T02:00:00Z"));
        let first = clock.now();
        assert!(first >= at("2026-11-23T02:00:00Z"));
        assert!(first < at("2026-11-23T02:01:00Z"));
        assert!(clock.now() >= first);
    }

    #[test]
    fn the_vietnam_date_turns_at_17_00_utc() {
        let before = Clock::frozen(at("2026-11-30T16:59:59Z"));
        let after = Clock::frozen(at("2026-11-30T17:00:01Z"));
        assert_eq!(before.today().to_string(), "2026-11-30");
        assert_eq!(after.today().to_string(), "2026-12-01");
    }

    #[test]
    fn clones_share_the_simulated_offset_and_detached_ones_do_not() {
        let clock = Clock::frozen(at("2026-11-23T02:00:00Z"));
        let window = clock.clone();
        let detached = clock.detached();
        clock.learn(at("2026-11-26T02:00:00Z"));
        assert_eq!(window.now(), at("2026-11-26T02:00:00Z"));
        assert_eq!(window.machine_now(), at("2026-11-23T02:00:00Z"));
        assert_eq!(window.today().to_string(), "2026-11-26");
        assert_eq!(window.machine_today().to_string(), "2026-11-23");
        assert_eq!(detached.now(), at("2026-11-23T02:00:00Z"));
        // A real core's processing delay is not an offset; a one-second one is.
        clock.learn(at("2026-11-23T02:00:00.400Z"));
        assert_eq!(window.offset(), Duration::zero());
        clock.learn(at("2026-11-23T02:00:00.999Z"));
        assert_eq!(window.offset(), Duration::seconds(1));
        clock.learn(at("2026-11-23T01:59:58.700Z"));
        assert_eq!(window.offset(), Duration::seconds(-1));
    }

    #[test]
    fn stated_instants_parse_in_rfc3339_or_as_a_vietnam_day() {
        assert_eq!(
            Clock::parse_instant("2026-11-23T09:00:00+07:00").unwrap(),
            at("2026-11-23T02:00:00Z")
        );
        assert_eq!(
            Clock::parse_instant("2028-02-29").unwrap(),
            at("2028-02-29T02:00:00Z")
        );
        let err = Clock::parse_instant("29/02/2028").unwrap_err();
        let joined = err.to_string();
        assert!(
            joined.contains("không phải") && joined.contains("not a valid"),
            "{err}"
        );
        // Each language on its own, for --lang vi|en.
        assert!(!err.message().vi.contains("not a valid"));
        assert!(!err.message().en.contains("không phải"));
    }
}
