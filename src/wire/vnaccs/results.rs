//! The official VNACCS result codes (`assets/vnaccs/layouts/result-codes.csv`: 2,364 rows from
//! the 2014 official client's help files, per job plus `SYS` for the system-wide `A` codes),
//! with their Vietnamese meaning and what to do; and reading the result codes of an answer.
//!
//! An answer's body is a 75-byte line of five 15-byte slots, each `XNNNN-IIII-RRRR` (code, item
//! ID padded to 4, repetition), blank when unused (real answers fill only the first).

use std::sync::OnceLock;

/// One row of the official table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Official {
    /// Job (`IDA`…) or `SYS`.
    pub job: String,
    /// 5-character code.
    pub code: String,
    /// Item ID(s) the row is about (`0000` for none; several joined by `;`).
    pub item_id: String,
    /// English item name(s).
    pub item_name: String,
    /// Official Vietnamese meaning.
    pub description_vi: String,
    /// Official Vietnamese remedy.
    pub disposition_vi: String,
}

const TABLE: &str = include_str!("../../../assets/vnaccs/layouts/result-codes.csv");

fn rows() -> &'static [Official] {
    static ROWS: OnceLock<Vec<Official>> = OnceLock::new();
    ROWS.get_or_init(|| {
        csv::Reader::from_reader(TABLE.as_bytes())
            .deserialize()
            .filter_map(Result::ok)
            .collect()
    })
}

/// How many rows the bundled table holds.
pub fn count() -> usize {
    rows().len()
}

/// The official row for a code given by `job`: the row of that job naming `item` first, then
/// any row of that job with the code, then the system-wide (`SYS`) row, then the row of the
/// declaration-data job the code belongs to (the table lists amendment codes such as E0399
/// under IDA01 only, though the call-up IDD gives it too).
pub fn lookup(job: &str, code: &str, item: &str) -> Option<&'static Official> {
    let job = job.trim();
    let item = item.trim();
    let of_job = |job: &str| {
        let job = job.to_owned();
        rows()
            .iter()
            .filter(move |r| r.job == job && r.code == code)
    };
    let related: &[&str] = if job.starts_with('E') {
        &["EDA", "EDC"]
    } else {
        &["IDA01", "IDA", "IDC"]
    };
    of_job(job)
        .find(|r| r.item_id.split(';').any(|i| names_item(i, item)))
        .or_else(|| of_job(job).next())
        .or_else(|| rows().iter().find(|r| r.job == "SYS" && r.code == code))
        .or_else(|| {
            // Only a row about the same item, the whole message or the declaration number
            // (what every job on a declaration is about) keeps its meaning elsewhere.
            related.iter().find_map(|j| {
                of_job(j).find(|r| {
                    r.item_id
                        .split(';')
                        .any(|i| matches!(i, "0000" | "ICN" | "ECN") || names_item(i, item))
                })
            })
        })
}

/// The first official row with this code, whatever its job (the system-wide row first).
pub fn any(code: &str) -> Option<&'static Official> {
    let code = code.trim();
    rows()
        .iter()
        .find(|r| r.job == "SYS" && r.code == code)
        .or_else(|| rows().iter().find(|r| r.code == code))
}

/// The code a job's own table gives for "the declaration number is not registered" (IDB
/// S0006, IDA S0049, IDA01 S0050), `None` when its table has none.
pub fn not_registered(job: &str) -> Option<&'static str> {
    let job = job.trim();
    ["S0006", "S0049", "S0050"].into_iter().find(|code| {
        rows().iter().any(|r| {
            r.job == job
                && r.code == *code
                && (r.item_id == "ICN" || r.item_id == "ECN" || r.item_id == "0000")
                && r.description_vi.contains("chưa được đăng ký")
        })
    })
}

/// Whether a row's item ID (`BL1～BL5`, `CMD`) covers `item`.
fn names_item(row_item: &str, item: &str) -> bool {
    if row_item == item {
        return true;
    }
    // A series such as `OL1～OL5`: same letters, number in range.
    let Some((from, to)) = row_item.split_once('～') else {
        return false;
    };
    let split = |s: &str| {
        let at = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
        (s[..at].to_owned(), s[at..].parse::<u32>().ok())
    };
    let (prefix, n) = split(item);
    let (from_prefix, low) = split(from);
    let (_, high) = split(to);
    prefix == from_prefix
        && matches!((n, low, high), (Some(n), Some(l), Some(h)) if (l..=h).contains(&n))
}

/// One result of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultEntry {
    /// E.g. `00000`, `E9990`.
    pub code: String,
    /// The item ID, `0000` for the whole message.
    pub item: String,
    /// The repetition (goods line), `0000` if none.
    pub repetition: String,
}

impl ResultEntry {
    /// A result about the whole message: `code-0000-0000`.
    pub fn whole(code: &str) -> Self {
        Self {
            code: code.to_owned(),
            item: "0000".to_owned(),
            repetition: "0000".to_owned(),
        }
    }

    /// Reads `XNNNN-IIII-RRRR`.
    pub fn parse(slot: &str) -> Option<Self> {
        let mut parts = slot.splitn(3, '-');
        let code = parts.next()?;
        let item = parts.next()?;
        let repetition = parts.next()?;
        (code.len() == 5 && item.len() == 4 && repetition.len() == 4).then(|| Self {
            code: code.to_owned(),
            item: item.trim_end().to_owned(),
            repetition: repetition.to_owned(),
        })
    }

    /// `XNNNN-IIII-RRRR`, 15 bytes.
    pub fn to_slot(&self) -> String {
        format!("{}-{:<4}-{:0>4}", self.code, self.item, self.repetition)
    }

    /// Whether this is the normal end (`00000`).
    pub fn is_success(&self) -> bool {
        self.code == "00000"
    }
}

/// The result line of an answer body: 5 slots of 15 bytes, then CRLF.
pub fn result_line(results: &[ResultEntry]) -> Vec<u8> {
    let mut line = String::new();
    for entry in results.iter().take(5) {
        line.push_str(&entry.to_slot());
    }
    let mut bytes = format!("{line:<75}").into_bytes();
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// The results in an answer body's first line (empty when it holds none).
pub fn read_result_line(body: &[u8]) -> Vec<ResultEntry> {
    let line = body
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(body, |p| &body[..p]);
    line.chunks(15)
        .filter_map(|slot| std::str::from_utf8(slot).ok())
        .filter_map(ResultEntry::parse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_official_table_is_complete_and_finds_codes_by_job_item_and_system() {
        assert_eq!(count(), 2_364);
        let s0006 = lookup("IDB", "S0006", "ICN").unwrap();
        assert!(s0006.description_vi.contains("chưa được đăng ký"));
        let e9990 = lookup("IDC", "E9990", "0000").unwrap();
        assert!(e9990.description_vi.contains("chữ ký điện tử"));
        assert_eq!(lookup("IDA", "A0001", "0000").unwrap().job, "SYS");
        // A series row covers each item of the series.
        assert!(names_item("OL1～OL5", "OL3"));
        assert!(!names_item("OL1～OL5", "OL6"));
        assert!(lookup("IDA", "Z9999", "0000").is_none());
        // IDA's S0006 is about permits: never the meaning of an unknown number elsewhere.
        assert!(lookup("IDC", "S0006", "ICN").is_none());
        assert_eq!(not_registered("IDB"), Some("S0006"));
        assert_eq!(not_registered("IDA"), Some("S0049"));
        assert_eq!(not_registered("IDC"), None);
    }

    #[test]
    fn result_slots_read_and_write_as_the_real_answers() {
        let entry = ResultEntry::parse("S0006-ICN -0000").unwrap();
        assert_eq!(entry.item, "ICN");
        assert_eq!(entry.to_slot(), "S0006-ICN -0000");
        let line = result_line(std::slice::from_ref(&entry));
        assert_eq!(line.len(), 77);
        assert_eq!(read_result_line(&line), [entry]);
        assert!(ResultEntry::parse("jj").is_none());
    }
}
