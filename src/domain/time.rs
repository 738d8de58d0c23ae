//! Vietnam time at the edges: UTC inside, UTC+7 (no daylight saving) for dates and display.
//! Pure conversions; nothing here reads the clock.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset as _, Utc};

/// Vietnam's offset from UTC, in seconds.
pub const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// The UTC+7 offset.
pub fn vietnam_offset() -> FixedOffset {
    // 7 hours is within ±24 h, so `east_opt` always succeeds; UTC is the unreachable fallback.
    FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS).unwrap_or_else(|| Utc.fix())
}

/// The calendar date in Vietnam at an instant.
pub fn vietnam_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&vietnam_offset()).date_naive()
}

/// `dd/mm/yyyy HH:MM` in Vietnam time.
pub fn vietnam_display(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam_offset())
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// The instant a Vietnam calendar day starts (00:00 UTC+7), in UTC.
pub fn vietnam_day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(vietnam_offset())
        .single()
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |at| at.with_timezone(&Utc),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_changes_at_17_00_utc() {
        let before: DateTime<Utc> = "2026-11-22T16:59:59Z".parse().unwrap();
        let after: DateTime<Utc> = "2026-11-22T17:00:00Z".parse().unwrap();
        assert_eq!(vietnam_date(before).to_string(), "2026-11-22");
        assert_eq!(vietnam_date(after).to_string(), "2026-11-23");
        assert_eq!(vietnam_display(after), "23/11/2026 00:00");
    }
}
