//! Date rules (05xx): dates in order and the deadlines of the customs law. `today` is the
//! caller's date in Vietnam time; the planned declaration date defaults to it.
//!
//! - Import: declared before arrival or within 30 days after it (Customs Law 2014 art. 25).
//! - Export: declared after the goods are gathered and at least 4 hours before departure
//!   (TT 38/2015 art. 18.8; the seed's "8 hours" is the pre-2015 rule, see
//!   VNACCS-REFERENCE §8.9). The form carries dates without times, so a departure before the
//!   planned date is an error and one on the same day a warning.

use chrono::{Days, NaiveDate};

use super::Severity::{Error, Warning};
use super::catalogue::{
    EXPORT_DEADLINE, IMPORT_30_DAYS, INVOICE_DATE, PLANNED_DATE_PAST, RETURN_DEADLINE,
};
use super::context::Ctx;

/// Days after arrival within which an import must be declared.
pub const IMPORT_DAYS_AFTER_ARRIVAL: u64 = 30;

fn show(date: NaiveDate) -> String {
    crate::domain::entry::format_date(date)
}

#[allow(clippy::too_many_lines)] // Five date rules, each a few lines, in one reading order.
pub(crate) fn check(c: &mut Ctx) {
    let d = c.d;
    let today = c.today;
    if let Some(planned) = d.planned_date
        && planned < today
    {
        c.field(
            &PLANNED_DATE_PAST,
            Error,
            "planned_date",
            &format!(
                "{} đã qua (hôm nay {}); sửa ngày hoặc để trống",
                show(planned),
                show(today)
            ),
            &format!(
                "{} is in the past (today is {}); change it or leave it empty",
                show(planned),
                show(today)
            ),
        );
    }
    let declared = d.planned_date.unwrap_or(today).max(today);
    if let Some(deadline) = d.return_deadline {
        if deadline < today {
            c.field(
                &RETURN_DEADLINE,
                Error,
                "return_deadline",
                &format!("{} đã qua", show(deadline)),
                &format!("{} is in the past", show(deadline)),
            );
        } else if let Some(arrival) = d.arrival_date.filter(|a| deadline < *a) {
            c.field(
                &RETURN_DEADLINE,
                Error,
                "return_deadline",
                &format!("{} trước ngày hàng đến {}", show(deadline), show(arrival)),
                &format!(
                    "{} is before the arrival date {}",
                    show(deadline),
                    show(arrival)
                ),
            );
        }
    }
    if c.is_import()
        && let Some(arrival) = d.arrival_date
        && let Some(limit) = arrival.checked_add_days(Days::new(IMPORT_DAYS_AFTER_ARRIVAL))
        && declared > limit
    {
        c.field(
            &IMPORT_30_DAYS,
            Error,
            "arrival_date",
            &format!(
                "hàng đến ngày {}, quá {IMPORT_DAYS_AFTER_ARRIVAL} ngày (hạn {}): phải khai trước khi hàng đến hoặc trong {IMPORT_DAYS_AFTER_ARRIVAL} ngày kể từ ngày hàng đến",
                show(arrival),
                show(limit)
            ),
            &format!(
                "goods arrived on {}, more than {IMPORT_DAYS_AFTER_ARRIVAL} days ago (deadline {}): imports are declared before arrival or within {IMPORT_DAYS_AFTER_ARRIVAL} days after",
                show(arrival),
                show(limit)
            ),
        );
    }
    if !c.is_import()
        && let Some(departure) = d.departure_date
    {
        if departure < declared {
            c.field(
                &EXPORT_DEADLINE,
                Error,
                "departure_date",
                &format!("hàng đi ngày {}, trước ngày khai {}: tờ khai xuất khẩu phải nộp chậm nhất 4 giờ trước khi phương tiện xuất cảnh", show(departure), show(declared)),
                &format!("departure {} is before the declaration date {}: exports are declared at least 4 hours before departure", show(departure), show(declared)),
            );
        } else if departure == declared {
            c.field(
                &EXPORT_DEADLINE,
                Warning,
                "departure_date",
                "hàng đi trong ngày khai: bảo đảm khai chậm nhất 4 giờ trước khi phương tiện xuất cảnh (2 giờ với hàng chuyển phát nhanh)",
                "departure is on the declaration day: declare at least 4 hours before departure (2 hours for express consignments)",
            );
        }
    }
    if let Some(invoice) = d.invoice.date {
        let after_arrival = c.is_import() && d.arrival_date.is_some_and(|a| invoice > a);
        if invoice > today || after_arrival {
            let (vi, en) = if invoice > today {
                ("là ngày trong tương lai", "is in the future")
            } else {
                ("sau ngày hàng đến", "is after the arrival date")
            };
            c.field(
                &INVOICE_DATE,
                Warning,
                "invoice.date",
                &format!("{} {vi}; kiểm tra lại ngày hóa đơn", show(invoice)),
                &format!("{} {en}; check the invoice date", show(invoice)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};

    use crate::rules::test_support::{TODAY, export, import, run, run_on};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn has(f: &[crate::rules::Finding], code: &str, path: &str) -> bool {
        f.iter().any(|x| x.code == code && x.path == path)
    }

    #[test]
    fn planned_date_must_not_be_past() {
        let mut d = import();
        d.planned_date = TODAY.checked_sub_days(Days::new(1));
        assert!(has(&run(&d), "KB-E0501", "planned_date"));
        d.planned_date = Some(TODAY);
        assert!(!has(&run(&d), "KB-E0501", "planned_date"));
    }

    #[test]
    fn import_30_day_rule_at_its_edges() {
        let mut d = import();
        d.invoice.date = Some(day("2026-10-01"));
        d.arrival_date = Some(day("2026-10-24")); // + 30 days = 2026-11-23 = TODAY
        assert!(!has(&run(&d), "KB-E0503", "arrival_date"));
        d.arrival_date = Some(day("2026-10-23")); // deadline 2026-11-22, one day late
        let f = run(&d);
        let hit = f.iter().find(|x| x.code == "KB-E0503").unwrap();
        assert!(hit.message_vi.contains("22/11/2026"), "{}", hit.message_vi);
        // A future planned date moves the day counted.
        d.arrival_date = Some(day("2026-11-01"));
        d.planned_date = Some(day("2026-12-02"));
        assert!(has(&run(&d), "KB-E0503", "arrival_date"));
    }

    #[test]
    fn export_departure_rules() {
        let mut d = export();
        d.departure_date = TODAY.checked_sub_days(Days::new(1));
        assert!(has(&run(&d), "KB-E0504", "departure_date"));
        d.departure_date = Some(TODAY);
        assert!(has(&run(&d), "KB-W0504", "departure_date"));
        d.departure_date = TODAY.checked_add_days(Days::new(1));
        assert!(!run(&d).iter().any(|x| x.path == "departure_date"));
    }

    #[test]
    fn return_deadline_and_invoice_date() {
        let mut d = import();
        d.type_code = Some("G12".into());
        d.return_deadline = Some(day("2026-11-01"));
        assert!(has(&run(&d), "KB-E0502", "return_deadline"));
        d.return_deadline = Some(day("2027-11-01"));
        assert!(!has(&run(&d), "KB-E0502", "return_deadline"));
        d.invoice.date = Some(day("2026-12-01"));
        assert!(has(&run(&d), "KB-W0505", "invoice.date"));
        // Not in the future any more, but still after the arrival (2026-11-20).
        assert!(has(
            &run_on(&d, day("2026-12-02")),
            "KB-W0505",
            "invoice.date"
        ));
        d.invoice.date = Some(day("2026-11-02"));
        assert!(!has(&run(&d), "KB-W0505", "invoice.date"));
    }
}
