//! One code table: rows parsed from CSV text (header `code,name_vi,name_en[,extra…]`), exact
//! lookup, incremental search and "nearest valid codes" suggestions for a wrong code.
//!
//! A table may date its rows with the optional columns `valid_from`, `valid_to` (Vietnam
//! calendar days, both included, empty = open) and `successor` (the code that replaced the
//! row): a code that ended is kept, so that an old declaration still reads, and
//! [`CodeTable::validity`] says whether it may be declared on a date.

use chrono::NaiveDate;

use super::CodeListError;
use super::search::{Hit, MatchKind, SearchIndex, normalize_code, normalized};

/// One row of a code table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeEntry {
    /// The code as written in the table.
    pub code: String,
    /// Vietnamese description.
    pub name_vi: String,
    /// English description.
    pub name_en: String,
    /// Further columns, in header order after `name_en`.
    extra: Vec<String>,
}

impl CodeEntry {
    /// The description in the requested language (falls back to the other one if empty).
    pub fn name(&self, vietnamese: bool) -> &str {
        match (vietnamese, self.name_vi.is_empty(), self.name_en.is_empty()) {
            (true, false, _) | (false, _, true) => &self.name_vi,
            _ => &self.name_en,
        }
    }
}

/// A parsed code table: its rows, a lookup by code, and its search index, built the first time
/// the table is searched (the tariff's words take most of the loading time otherwise, and most
/// commands never search).
#[derive(Debug, Clone)]
pub struct CodeTable {
    name: String,
    extra_columns: Vec<String>,
    entries: Vec<CodeEntry>,
    positions: std::collections::HashMap<String, u32>,
    index: std::sync::OnceLock<SearchIndex>,
}

impl CodeTable {
    /// Parses a table from CSV text. The header must start with `code,name_vi,name_en`; codes
    /// must be unique and non-empty; every row must have the header's number of cells.
    pub fn parse(name: &str, csv_text: &str) -> Result<Self, CodeListError> {
        let error = |line: u64, problem: String| CodeListError::Table {
            table: name.to_owned(),
            line,
            problem,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(csv_text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| error(1, e.to_string()))?
            .clone();
        let columns: Vec<&str> = header.iter().collect();
        if columns.len() < 3 || columns[..3] != ["code", "name_vi", "name_en"] {
            return Err(error(
                1,
                "header must start with code,name_vi,name_en".to_owned(),
            ));
        }
        let extra_columns = columns[3..].iter().map(|c| (*c).to_owned()).collect();
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                error(line, e.to_string())
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            let mut cells = record.iter().map(str::to_owned);
            let code = cells.next().unwrap_or_default();
            if code.is_empty() {
                return Err(error(line, "empty code".to_owned()));
            }
            entries.push(CodeEntry {
                code,
                name_vi: cells.next().unwrap_or_default(),
                name_en: cells.next().unwrap_or_default(),
                extra: cells.collect(),
            });
        }
        for column in ["valid_from", "valid_to"] {
            let Some(at) = extra_columns_of(&columns, column) else {
                continue;
            };
            for (i, entry) in entries.iter().enumerate() {
                let cell = entry.extra.get(at).map_or("", String::as_str);
                if !cell.is_empty() && cell.parse::<NaiveDate>().is_err() {
                    return Err(error(
                        i as u64 + 2,
                        format!("{column} {cell:?} is not a date (YYYY-MM-DD)"),
                    ));
                }
            }
        }
        let mut positions = std::collections::HashMap::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let number = u32::try_from(i).map_err(|_| error(0, "too many rows".to_owned()))?;
            if positions
                .insert(normalize_code(&entry.code), number)
                .is_some()
            {
                return Err(error(
                    i as u64 + 2,
                    format!("duplicate code {}", entry.code),
                ));
            }
        }
        Ok(Self {
            name: name.to_owned(),
            extra_columns,
            entries,
            positions,
            index: std::sync::OnceLock::new(),
        })
    }

    /// Builds the search index now (the window does it on a thread of its own at start, so that
    /// the first search in the picker does not wait ~130 ms for the tariff's words).
    pub fn prepare_search(&self) {
        let _ = self.index();
    }

    /// The search index, built on first use.
    fn index(&self) -> &SearchIndex {
        self.index.get_or_init(|| {
            let mut index = SearchIndex::build(
                self.entries
                    .iter()
                    .map(|e| (e.code.as_str(), [e.name_vi.as_str(), e.name_en.as_str()])),
            );
            if self.name == "tariff" {
                index.demote(|code| code.starts_with("98"));
            }
            index
        })
    }

    /// The table's name (its manifest key).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// All rows in file order.
    pub fn entries(&self) -> &[CodeEntry] {
        &self.entries
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The row with this code (case, dots, spaces and dashes ignored).
    pub fn get(&self, code: &str) -> Option<&CodeEntry> {
        self.position(code).map(|i| &self.entries[i])
    }

    /// The row number of this code.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.positions.get(&*normalized(code)).map(|&i| i as usize)
    }

    /// Names of the columns after `name_en`.
    pub fn extra_column_names(&self) -> &[String] {
        &self.extra_columns
    }

    /// Whether the code exists.
    pub fn contains(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// The value of an extra column of a row ("" when the cell is empty).
    pub fn field<'a>(&self, entry: &'a CodeEntry, column: &str) -> Option<&'a str> {
        let position = self.extra_columns.iter().position(|c| c == column)?;
        entry.extra.get(position).map(String::as_str)
    }

    /// The value of an extra column for a code, if both exist and the cell is not empty.
    pub fn field_of(&self, code: &str, column: &str) -> Option<&str> {
        self.get(code)
            .and_then(|e| self.field(e, column))
            .filter(|v| !v.is_empty())
    }

    /// Whether a row may be declared on `date` (a Vietnam calendar day), from its
    /// `valid_from` / `valid_to` / `successor` cells; a table without them is always valid.
    pub fn validity<'a>(&self, entry: &'a CodeEntry, date: NaiveDate) -> Validity<'a> {
        let day = |column| {
            self.field(entry, column)
                .filter(|v| !v.is_empty())
                .and_then(|v| v.parse::<NaiveDate>().ok())
        };
        if let Some(from) = day("valid_from")
            && date < from
        {
            return Validity::NotYet { from };
        }
        if let Some(to) = day("valid_to")
            && to < date
        {
            return Validity::Ended {
                to,
                successor: self.field(entry, "successor").filter(|s| !s.is_empty()),
            };
        }
        Validity::Valid
    }

    /// Incremental search; see [`super::search`] for matching and ranking.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(&CodeEntry, MatchKind)> {
        self.index()
            .search(query, limit)
            .into_iter()
            .map(|Hit { entry, kind }| (&self.entries[entry], kind))
            .collect()
    }

    /// Up to `limit` valid codes nearest to a wrong one: longest common prefix first, then
    /// smallest edit distance, then table order. Used in "did you mean" messages.
    pub fn nearest(&self, wrong: &str, limit: usize) -> Vec<&CodeEntry> {
        let wanted = normalize_code(wrong);
        let mut scored: Vec<(usize, usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let code = normalize_code(&e.code);
                let prefix = code
                    .chars()
                    .zip(wanted.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                (usize::MAX - prefix, edit_distance(&code, &wanted), i)
            })
            .collect();
        scored.sort_unstable();
        scored
            .into_iter()
            .take(limit)
            .map(|(_, _, i)| &self.entries[i])
            .collect()
    }
}

/// Position of a column among the extra columns (after `code,name_vi,name_en`).
fn extra_columns_of(columns: &[&str], column: &str) -> Option<usize> {
    columns.iter().skip(3).position(|c| *c == column)
}

/// Whether a code may be declared on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity<'a> {
    /// In force (or undated).
    Valid,
    /// In force only from `from`.
    NotYet {
        /// First day.
        from: NaiveDate,
    },
    /// No longer in force after `to`.
    Ended {
        /// Last day.
        to: NaiveDate,
        /// The code that replaced it, when known.
        successor: Option<&'a str>,
    },
}

/// Levenshtein distance between two short codes.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFICES: &str = "code,name_vi,name_en,modes\n\
        02CI,\"Chi cục HQ CK Cảng Sài Gòn KV I\",Saigon port area I (Cat Lai),2;3\n\
        02B1,Chi cục HQ CK SB QT Tân Sơn Nhất,Tan Son Nhat airport,1\n\
        03CC,Chi cục HQ CK cảng Hải Phòng KV I,Hai Phong port area I,\n";

    #[test]
    fn parses_rows_and_extra_columns() {
        let t = CodeTable::parse("customs_offices", OFFICES).unwrap();
        assert_eq!(t.len(), 3);
        let e = t.get("02ci").unwrap();
        assert_eq!(e.name_en, "Saigon port area I (Cat Lai)");
        assert_eq!(t.field(e, "modes"), Some("2;3"));
        assert_eq!(t.field_of("03CC", "modes"), None);
        assert_eq!(t.field(e, "nope"), None);
        assert_eq!(e.name(true), "Chi cục HQ CK Cảng Sài Gòn KV I");
    }

    #[test]
    fn search_goes_through_the_index() {
        let t = CodeTable::parse("customs_offices", OFFICES).unwrap();
        let hits = t.search("hai phong", 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0.code, "03CC");
        assert_eq!(t.search("02", 5).len(), 2);
    }

    #[test]
    fn nearest_prefers_shared_prefix_then_edit_distance() {
        let t = CodeTable::parse("customs_offices", OFFICES).unwrap();
        let near: Vec<&str> = t
            .nearest("02CX", 2)
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(near, ["02CI", "02B1"]);
    }

    #[test]
    fn bad_tables_are_refused_with_the_line() {
        let no_header = CodeTable::parse("t", "a,b\n1,2\n").unwrap_err();
        assert!(no_header.to_string().contains("header"), "{no_header}");
        let ragged = CodeTable::parse("t", "code,name_vi,name_en\nA,x\n").unwrap_err();
        assert!(ragged.to_string().contains("line 2"), "{ragged}");
        let dup = CodeTable::parse("t", "code,name_vi,name_en\nA,x,y\na,z,w\n").unwrap_err();
        assert!(dup.to_string().contains("duplicate"), "{dup}");
        let empty = CodeTable::parse("t", "code,name_vi,name_en\n,x,y\n").unwrap_err();
        assert!(empty.to_string().contains("empty code"), "{empty}");
    }

    #[test]
    fn dated_rows_say_when_they_may_be_declared() {
        let t = CodeTable::parse(
            "customs_offices",
            "code,name_vi,name_en,valid_from,valid_to,successor\n\
             47D1,Đội 1,Team 1,,2026-05-31,47D3\n\
             47D3,Đội 3,Team 3,2026-06-01,,\n\
             02CC,Cảng Sài Gòn KV II,Saigon port II,,2025-03-14,\n\
             02CI,Cát Lái,Cat Lai,,,\n",
        )
        .unwrap();
        let on = |code, day: &str| t.validity(t.get(code).unwrap(), day.parse().unwrap());
        let may_31 = "2026-05-31".parse().unwrap();
        let june_1 = "2026-06-01".parse().unwrap();
        assert_eq!(on("47D1", "2026-05-31"), Validity::Valid);
        assert_eq!(
            on("47D1", "2026-06-01"),
            Validity::Ended {
                to: may_31,
                successor: Some("47D3")
            }
        );
        assert_eq!(on("47D3", "2026-05-31"), Validity::NotYet { from: june_1 });
        assert_eq!(on("47D3", "2026-06-01"), Validity::Valid);
        assert!(matches!(
            on("02CC", "2025-03-15"),
            Validity::Ended {
                successor: None,
                ..
            }
        ));
        assert_eq!(on("02CI", "1999-01-01"), Validity::Valid);
        let bad =
            CodeTable::parse("t", "code,name_vi,name_en,valid_to\nA,x,y,31/05/2026\n").unwrap_err();
        assert!(bad.to_string().contains("line 2"), "{bad}");
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("A11", "A11"), 0);
        assert_eq!(edit_distance("A11", "A12"), 1);
        assert_eq!(edit_distance("A11", "B1"), 2);
        assert_eq!(edit_distance("", "KGM"), 3);
    }
}
