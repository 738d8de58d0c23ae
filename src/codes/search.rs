//! Incremental, accent-insensitive search over a code table, for the GUI pickers and the CLI.
//!
//! A query matches by code (exact, then code prefix; dots and spaces ignored, so `0901.11`
//! finds `09011110`) and by words of the Vietnamese and English descriptions. Words are folded
//! (lower case, diacritics removed, `đ` → `d`), so "ca phe" finds "Cà phê". Every query word must
//! match the start of some description word; the last word may be incomplete.
//!
//! Ranking, best first: exact code; code prefix (in code order); descriptions where every
//! query word is a whole word; descriptions where some word only matched as a prefix. Within a
//! description rank, an entry whose own words say the opposite of a query word comes after
//! the others: a tariff line's own words are those after its heading ("heading – subheading –
//! line"), and a word there negated by the word before it ("chưa rang", "không cồn", "not
//! roasted") contradicts a query that does not negate it, and the other way round — "ca phe
//! rang" lists roasted coffee before unroasted (whose heading says "rang hoặc chưa rang"), "ca
//! phe chua rang" the other way round. Next, the entries whose own words repeat more of the
//! query words their heading has (the line says which of the heading's cases it is: "đã rang"
//! under "rang hoặc chưa rang"). Then the
//! most specific first: a description (Vietnamese or English) that starts
//! with the first query word, then the shorter description (fewer words: "Cà phê rang" before
//! "Máy rang cà phê…"), then table order (for the tariff: HS order). Only the best `limit` of a
//! large match are sorted; a one-letter query keeps table order.
//!
//! The index is an inverted list of folded words (sorted, each with the sorted entry numbers it
//! occurs in). A query ORs the postings of all words that start with each query word into a
//! bitset, then ANDs the bitsets; cost grows with the matched postings, not with the table.

use std::collections::HashMap;

pub use crate::domain::text::fold;

/// Splits folded text into words (runs of letters and digits).
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A code as compared: upper case, without dots, spaces and dashes (borrowed when it already is).
pub(super) fn normalized(code: &str) -> std::borrow::Cow<'_, str> {
    let already = code
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_lowercase() && !matches!(b, b'.' | b' ' | b'-'));
    if already {
        std::borrow::Cow::Borrowed(code)
    } else {
        std::borrow::Cow::Owned(normalize_code(code))
    }
}

/// A code as compared: upper case, without dots, spaces and dashes.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '.' | ' ' | '-'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// How an entry matched a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The query is the entry's code.
    ExactCode,
    /// The query is the start of the entry's code.
    CodePrefix,
    /// Every query word is a whole word of the description.
    AllWords,
    /// Every query word starts a word of the description.
    WordPrefixes,
}

/// One search result: the entry's position in its table and how it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into the table's entries.
    pub entry: usize,
    /// How it matched.
    pub kind: MatchKind,
}

/// The search index of one table.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Normalized codes, in entry order.
    codes: Vec<String>,
    /// Entry numbers sorted by normalized code.
    by_code: Vec<u32>,
    /// Normalized code → entry number, for exact lookups.
    exact: HashMap<Box<str>, u32>,
    /// Folded words, sorted, each with the ascending, unique entries containing it.
    words: Vec<(Box<str>, Vec<u32>)>,
    /// Per entry, per description (Vietnamese, English…): its first folded word and how many
    /// words it has.
    heads: Vec<Vec<(Box<str>, u16)>>,
    /// Per entry, its own words (after the heading): each the word's place in `words` shifted
    /// left by 2, with [`NEGATED`] and [`IN_HEADING`] in the low bits.
    own: Vec<Box<[u32]>>,
    /// Entries listed after the others in word searches (the tariff's chapter 98).
    demoted: Vec<bool>,
}

/// Folded words that negate the next one: "chưa rang" (not roasted), "không cồn" (alcohol
/// free), "not roasted", "non-alcoholic".
const NEGATIONS: [&str; 4] = ["chua", "khong", "not", "non"];

/// Folded words that exclude the rest of their clause: "máy tính cá nhân trừ máy tính xách
/// tay", "personal computers excluding portable computers".
const EXCLUSIONS: [&str; 3] = ["tru", "excluding", "except"];

/// Above this many matches (a query of a word or two letters, before the words that narrow
/// it are typed) the own words are not weighed: it would cost more than a keystroke may
/// (≤ 1 ms at the 99th percentile on the full tariff) for a list the next letter reorders.
const OWN_WORDS_LIMIT: usize = 1500;

/// Flag of an own word that a negation precedes (or an exclusion's clause holds).
const NEGATED: u32 = 1;
/// Flag of an own word that the heading also has.
const IN_HEADING: u32 = 2;

/// The words of a description (`folded`) that are its own — after its heading (the first
/// " – " part, when there are several) — each with its [`NEGATED`] / [`IN_HEADING`] flags.
fn own_words(folded: &str, out: &mut Vec<(String, u32)>) {
    let (heading, own) = folded.split_once(" – ").unwrap_or(("", folded));
    let heading: std::collections::HashSet<&str> = words(heading).collect();
    for clause in own.split([',', ';', '(', ')', '–']) {
        let (mut negated, mut excluded) = (false, false);
        for word in words(clause) {
            let mut flags = 0;
            if negated || excluded {
                flags |= NEGATED;
            }
            if heading.contains(word) {
                flags |= IN_HEADING;
            }
            out.push((word.to_owned(), flags));
            negated = NEGATIONS.contains(&word);
            excluded |= EXCLUSIONS.contains(&word);
        }
    }
}

impl SearchIndex {
    /// Builds the index from `(code, description texts)` per entry, in entry order.
    pub fn build<'a, I, D>(entries: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, D)>,
        D: IntoIterator<Item = &'a str>,
    {
        let mut codes = Vec::new();
        let mut heads = Vec::new();
        let mut own_all = Vec::new();
        let mut postings: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        for (number, (code, descriptions)) in entries.into_iter().enumerate() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            codes.push(normalize_code(code));
            let mut own = Vec::new();
            let mut own_text = Vec::new();
            for text in descriptions {
                let folded = fold(text);
                own_words(&folded, &mut own_text);
                let count = u16::try_from(words(&folded).count()).unwrap_or(u16::MAX);
                own.push((words(&folded).next().unwrap_or_default().into(), count));
                for word in words(&folded) {
                    let list = postings.entry(word.into()).or_default();
                    if list.last() != Some(&number) {
                        list.push(number);
                    }
                }
            }
            heads.push(own);
            own_all.push(own_text);
        }
        let mut by_code: Vec<u32> = (0..u32::try_from(codes.len()).unwrap_or(u32::MAX)).collect();
        by_code.sort_by(|a, b| codes[*a as usize].cmp(&codes[*b as usize]));
        let mut words: Vec<(Box<str>, Vec<u32>)> = postings.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let place: HashMap<&str, u32> = words
            .iter()
            .enumerate()
            .map(|(i, (w, _))| (&**w, u32::try_from(i).unwrap_or(u32::MAX >> 2)))
            .collect();
        let own_all = own_all
            .into_iter()
            .map(|own| {
                own.iter()
                    .filter_map(|(w, flags)| place.get(w.as_str()).map(|i| (i << 2) | flags))
                    .collect()
            })
            .collect();
        let exact = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str().into(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Self {
            codes,
            by_code,
            exact,
            words,
            heads,
            own: own_all,
            demoted: Vec::new(),
        }
    }

    /// Lists the entries whose normalized code `is_demoted` after the others in word searches
    /// (code searches keep code order): the tariff's chapter 98 lines, which apply only under
    /// their own conditions, come after the ordinary lines of the same goods.
    pub fn demote(&mut self, is_demoted: impl Fn(&str) -> bool) {
        self.demoted = self.codes.iter().map(|c| is_demoted(c)).collect();
    }

    /// Number of entries indexed.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Entry with exactly this code (dots, spaces, case ignored).
    pub fn exact(&self, code: &str) -> Option<usize> {
        self.exact.get(&*normalized(code)).map(|e| *e as usize)
    }

    /// The best `limit` matches for a query, best first (see the module docs for the order).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let mut hits = Vec::with_capacity(limit.min(64));
        if limit == 0 || query.trim().is_empty() {
            return hits;
        }
        let mut taken = Bitset::new(self.codes.len());
        self.code_hits(query, limit, &mut hits, &mut taken);
        if hits.len() < limit {
            self.word_hits(query, limit, &mut hits, &mut taken);
        }
        hits
    }

    fn code_hits(&self, query: &str, limit: usize, hits: &mut Vec<Hit>, taken: &mut Bitset) {
        let wanted = normalize_code(query);
        if wanted.is_empty() || !wanted.chars().all(|c| c.is_ascii_alphanumeric()) {
            return;
        }
        let start = self
            .by_code
            .partition_point(|e| self.codes[*e as usize].as_str() < wanted.as_str());
        for &entry in &self.by_code[start..] {
            let code = &self.codes[entry as usize];
            if !code.starts_with(&wanted) || hits.len() >= limit {
                break;
            }
            let kind = if *code == wanted {
                MatchKind::ExactCode
            } else {
                MatchKind::CodePrefix
            };
            hits.push(Hit {
                entry: entry as usize,
                kind,
            });
            taken.insert(entry);
        }
    }

    fn word_hits(&self, query: &str, limit: usize, hits: &mut Vec<Hit>, taken: &mut Bitset) {
        let folded = fold(query);
        let query_words: Vec<&str> = words(&folded).collect();
        if query_words.is_empty() {
            return;
        }
        let mut any = Bitset::full(self.codes.len());
        let mut whole = Bitset::full(self.codes.len());
        for word in &query_words {
            let (prefixed, exact) = self.postings_for(word);
            any.and(&prefixed);
            whole.and(&exact);
            if any.is_empty() {
                return;
            }
        }
        let first = query_words[0];
        let query_places = self.query_places(&query_words);
        // Most specific first: an entry with a description (in either language) that starts
        // with the first query word, the shorter such description first; then the others by
        // the length of their first description; then table order. No description: last.
        let rank = |e: &u32, deep: bool| {
            let heads = self.heads.get(*e as usize).map_or(&[][..], Vec::as_slice);
            let starting = heads
                .iter()
                .filter(|(head, _)| head.starts_with(first))
                .map(|(_, count)| *count)
                .min();
            let key = match starting {
                Some(count) => (false, count),
                None => (true, heads.first().map_or(u16::MAX, |(_, count)| *count)),
            };
            // Weighed only over a match small enough for it to pay (see OWN_WORDS_LIMIT).
            let (contradicted, confirmed) = if deep {
                self.own_score(*e, &query_places)
            } else {
                (0, 0)
            };
            let demoted = self.demoted.get(*e as usize).copied().unwrap_or(false);
            ((demoted, contradicted), usize::MAX - confirmed, key, *e)
        };
        for (set, kind) in [
            (&whole, MatchKind::AllWords),
            (&any, MatchKind::WordPrefixes),
        ] {
            let wanted = limit.saturating_sub(hits.len());
            if wanted == 0 {
                return;
            }
            let fresh = set.iter().filter(|e| !taken.contains(*e));
            // One letter says nothing about specificity and matches most of a large tariff:
            // table order, as typed further the ranking starts.
            let ranked: Vec<u32> = if query_words.len() == 1 && first.chars().nth(1).is_none() {
                fresh.take(wanted).collect()
            } else {
                // Each entry's rank computed once; only the best `wanted` are sorted.
                let fresh: Vec<u32> = fresh.collect();
                let deep = fresh.len() <= OWN_WORDS_LIMIT;
                let mut keyed: Vec<_> = fresh.iter().map(|e| rank(e, deep)).collect();
                if keyed.len() > wanted {
                    keyed.select_nth_unstable(wanted - 1);
                    keyed.truncate(wanted);
                }
                keyed.sort_unstable();
                keyed.into_iter().map(|(_, _, _, e)| e).collect()
            };
            for entry in ranked {
                if hits.len() >= limit {
                    return;
                }
                taken.insert(entry);
                hits.push(Hit {
                    entry: entry as usize,
                    kind,
                });
            }
        }
    }

    /// Entries with a word starting with `prefix`, and entries with the word `prefix` itself.
    /// Per query word: whether the query negates it, and the places in `words` of the words it
    /// is a prefix of.
    fn query_places(&self, query_words: &[&str]) -> Vec<(bool, std::ops::Range<u32>)> {
        query_words
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let negated = i
                    .checked_sub(1)
                    .is_some_and(|p| NEGATIONS.contains(&query_words[p]));
                let start = self.words.partition_point(|(w, _)| &**w < *q);
                let end = start
                    + self.words[start..]
                        .iter()
                        .take_while(|(w, _)| w.starts_with(*q))
                        .count();
                let place = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                (negated, place(start)..place(end))
            })
            .collect()
    }

    /// How many query words an entry's own words only contradict, and how many they repeat
    /// from its heading.
    fn own_score(&self, entry: u32, query: &[(bool, std::ops::Range<u32>)]) -> (usize, usize) {
        let own = self.own.get(entry as usize).map_or(&[][..], |o| &**o);
        let (mut contradicted, mut confirmed) = (0_usize, 0_usize);
        for (negated, places) in query {
            let (mut same, mut opposite, mut repeated) = (false, false, false);
            for &w in own {
                if places.contains(&(w >> 2)) {
                    if (w & NEGATED != 0) == *negated {
                        same = true;
                        repeated |= w & IN_HEADING != 0;
                    } else {
                        opposite = true;
                    }
                }
            }
            contradicted += usize::from(opposite && !same);
            confirmed += usize::from(repeated);
        }
        (contradicted, confirmed)
    }

    fn postings_for(&self, prefix: &str) -> (Bitset, Bitset) {
        let mut prefixed = Bitset::new(self.codes.len());
        let mut exact = Bitset::new(self.codes.len());
        let start = self.words.partition_point(|(w, _)| &**w < prefix);
        for (word, entries) in &self.words[start..] {
            if !word.starts_with(prefix) {
                break;
            }
            let is_exact = &**word == prefix;
            for &entry in entries {
                prefixed.insert(entry);
                if is_exact {
                    exact.insert(entry);
                }
            }
        }
        (prefixed, exact)
    }
}

/// A fixed-size set of entry numbers.
#[derive(Debug, Clone)]
struct Bitset {
    blocks: Vec<u64>,
}

impl Bitset {
    fn new(size: usize) -> Self {
        Self {
            blocks: vec![0; size.div_ceil(64)],
        }
    }

    fn full(size: usize) -> Self {
        let mut set = Self {
            blocks: vec![u64::MAX; size.div_ceil(64)],
        };
        let tail = size % 64;
        if tail != 0
            && let Some(last) = set.blocks.last_mut()
        {
            *last = (1u64 << tail) - 1;
        }
        set
    }

    fn insert(&mut self, n: u32) {
        if let Some(block) = self.blocks.get_mut(n as usize / 64) {
            *block |= 1 << (n % 64);
        }
    }

    fn contains(&self, n: u32) -> bool {
        self.blocks
            .get(n as usize / 64)
            .is_some_and(|block| block & (1 << (n % 64)) != 0)
    }

    fn and(&mut self, other: &Self) {
        for (a, b) in self.blocks.iter_mut().zip(&other.blocks) {
            *a &= b;
        }
    }

    fn is_empty(&self) -> bool {
        self.blocks.iter().all(|b| *b == 0)
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.blocks.iter().enumerate().flat_map(|(i, &block)| {
            let base = u32::try_from(i * 64).unwrap_or(u32::MAX);
            let mut rest = block;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                Some(base + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        SearchIndex::build([
            (
                "09011110",
                vec!["Cà phê chưa rang, Arabica", "Coffee, not roasted, Arabica"],
            ),
            (
                "09011190",
                vec!["Cà phê chưa rang, loại khác", "Coffee, not roasted, other"],
            ),
            (
                "09012110",
                vec!["Cà phê đã rang, chưa xay", "Coffee, roasted"],
            ),
            (
                "10063040",
                vec!["Gạo trắng hạt dài", "White rice, long grain"],
            ),
            ("22030010", vec!["Bia đen", "Stout and porter"]),
            (
                "44123100",
                vec!["Gỗ dán có lớp mặt gỗ nhiệt đới", "Plywood"],
            ),
        ])
    }

    fn codes(index: &SearchIndex, hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| index.codes[h.entry].clone()).collect()
    }

    #[test]
    fn the_most_specific_description_comes_first_not_the_lowest_code() {
        let i = SearchIndex::build([
            (
                "84198100",
                vec!["Máy rang cà phê công nghiệp", "Industrial coffee roasters"],
            ),
            (
                "09012110",
                vec!["Cà phê đã rang, chưa xay", "Coffee, roasted"],
            ),
            (
                "09012120",
                vec!["Cà phê đã rang, đã xay", "Coffee, roasted, ground"],
            ),
            ("09019000", vec!["Cà phê", "Coffee"]),
        ]);
        // Starting with the first word beats containing it; then fewer words; then code order.
        let hits = i.search("ca phe", 10);
        assert_eq!(
            codes(&i, &hits),
            ["09019000", "09012110", "09012120", "84198100"]
        );
        assert_eq!(codes(&i, &i.search("rang", 2)), ["84198100", "09012110"]);
        // In English, by the English descriptions.
        assert_eq!(
            codes(&i, &i.search("coffee", 10)),
            ["09019000", "09012110", "09012120", "84198100"]
        );
        // Only the best few when fewer are wanted than match.
        assert_eq!(codes(&i, &i.search("ca phe", 2)), ["09019000", "09012110"]);
    }

    #[test]
    fn words_a_line_negates_or_excludes_rank_it_after_the_lines_that_say_them() {
        let i = SearchIndex::build([
            (
                "84714910",
                vec![
                    "Máy tính cá nhân trừ máy tính xách tay, loại khác",
                    "Personal computers excluding portable computers",
                ],
            ),
            ("84713020", vec!["Máy tính xách tay", "Laptops"]),
            (
                "22029100",
                vec!["Đồ uống – Bia không cồn", "Drinks – Non-alcoholic beer"],
            ),
            (
                "22030011",
                vec![
                    "Bia – Có nồng độ cồn không quá 5,8%",
                    "Beer – Of an alcoholic strength not exceeding 5.8%",
                ],
            ),
        ]);
        assert_eq!(
            codes(&i, &i.search("may tinh xach tay", 2)),
            ["84713020", "84714910"]
        );
        assert_eq!(codes(&i, &i.search("portable computers", 2)), ["84714910"]);
        assert_eq!(
            codes(&i, &i.search("bia khong con", 2)),
            ["22029100", "22030011"]
        );
        assert_eq!(codes(&i, &i.search("bia con", 2)), ["22030011", "22029100"]);
    }

    #[test]
    fn fold_removes_vietnamese_diacritics() {
        assert_eq!(fold("Cà phê ĐÃ rang"), "ca phe da rang");
        assert_eq!(fold("Gỗ dán nhiệt đới"), "go dan nhiet doi");
        assert_eq!(fold("Ưu đãi"), "uu dai");
    }

    #[test]
    fn exact_and_prefix_code_matches_come_first() {
        let i = index();
        let hits = i.search("0901.11", 10);
        assert_eq!(codes(&i, &hits), ["09011110", "09011190"]);
        assert!(hits.iter().all(|h| h.kind == MatchKind::CodePrefix));
        let hits = i.search("09011190", 10);
        assert_eq!(hits[0].kind, MatchKind::ExactCode);
        assert_eq!(i.exact("0901 11 90"), Some(1));
        assert_eq!(i.exact("0901119"), None);
    }

    #[test]
    fn unaccented_words_find_accented_descriptions() {
        let i = index();
        // "Cà phê đã rang, chưa xay" also has the words "chưa" and "rang".
        let hits = i.search("ca phe chua rang", 10);
        assert_eq!(codes(&i, &hits), ["09011110", "09011190", "09012110"]);
        // Without the negation, roasted coffee first.
        let hits = i.search("ca phe rang", 10);
        assert_eq!(codes(&i, &hits), ["09012110", "09011110", "09011190"]);
        let hits = i.search("cà phê arabica", 10);
        assert_eq!(codes(&i, &hits), ["09011110"]);
        let hits = i.search("go dan", 10);
        assert_eq!(codes(&i, &hits), ["44123100"]);
    }

    #[test]
    fn the_last_word_may_be_incomplete_and_whole_words_rank_first() {
        let i = index();
        // "ra" is a prefix of "rang" (coffee) and "rice"; "rice" is English for entry 3. The
        // coffee whose "rang" is not negated comes first.
        let hits = i.search("ra", 10);
        assert_eq!(codes(&i, &hits), ["09012110", "09011110", "09011190"]);
        let hits = i.search("bia", 10);
        assert_eq!(hits[0].kind, MatchKind::AllWords);
        // "ca phe da" — "da" is whole in entry 2 ("đã"), a prefix elsewhere ("dài" is not coffee).
        let hits = i.search("ca phe da", 10);
        assert_eq!(codes(&i, &hits), ["09012110"]);
    }

    #[test]
    fn english_words_match_too_and_limit_is_respected() {
        let i = index();
        assert_eq!(codes(&i, &i.search("coffee", 2)).len(), 2);
        assert_eq!(codes(&i, &i.search("rice", 10)), ["10063040"]);
        assert!(i.search("", 10).is_empty());
        assert!(i.search("   ", 10).is_empty());
        assert!(i.search("khong co", 10).is_empty());
        assert!(i.search("coffee", 0).is_empty());
    }

    #[test]
    fn an_entry_is_listed_once_even_when_code_and_words_match() {
        let i = SearchIndex::build([("BIA", vec!["Bia hơi"]), ("X", vec!["bia chai"])]);
        let hits = i.search("bia", 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].kind, MatchKind::ExactCode);
    }

    #[test]
    fn bitset_full_has_exactly_size_members() {
        for size in [0, 1, 63, 64, 65, 130] {
            let set = Bitset::full(size);
            assert_eq!(set.iter().count(), size);
        }
    }
}
