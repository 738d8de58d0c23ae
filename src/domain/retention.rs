//! How long a registered declaration is kept: its messages, its dossier's files and its results.
//!
//! The Law on Customs 54/2014/QH13, art. 18.2(e), obliges the declarant to keep the customs
//! dossier of cleared goods for 5 years from the date the declaration was registered (not in
//! our reference sources: quoted from the law; see `docs/archive.md`). KhaiBao keeps every
//! registered declaration — cleared, cancelled or not — that long, counted on Vietnam dates,
//! and refuses to delete it before; after it, the broker may delete it (an archive exported
//! first keeps it outside the program). Pure: the caller gives the dates.

use chrono::{Months, NaiveDate};

/// The retention period, in years (Law on Customs 2014, art. 18.2(e)).
pub const RETENTION_YEARS: u32 = 5;

/// The last day (Vietnam date) a declaration registered on `registered_on` must be kept: the
/// same day 5 years later (29 February → 28 February). `None` only past the calendar's end.
pub fn keep_until(registered_on: NaiveDate) -> Option<NaiveDate> {
    registered_on.checked_add_months(Months::new(RETENTION_YEARS * 12))
}

/// Whether the retention period of a declaration registered on `registered_on` is over on
/// `today` (Vietnam date): from the day after [`keep_until`].
pub fn may_delete(registered_on: NaiveDate, today: NaiveDate) -> bool {
    keep_until(registered_on).is_some_and(|until| today > until)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn five_years_from_the_registration_day() {
        assert_eq!(keep_until(day(2026, 11, 30)), Some(day(2031, 11, 30)));
        assert!(!may_delete(day(2026, 11, 30), day(2031, 11, 30)));
        assert!(may_delete(day(2026, 11, 30), day(2031, 12, 1)));
        // A leap day's fifth anniversary is not a leap day.
        assert_eq!(keep_until(day(2028, 2, 29)), Some(day(2033, 2, 28)));
        assert!(!may_delete(day(2028, 2, 29), day(2028, 3, 1)));
    }
}
