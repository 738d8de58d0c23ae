//! The official VNACCS input layouts, shipped as data (`assets/vnaccs/layouts/<JOB>.csv`, read
//! from the 2014 official client's templates; see `assets/vnaccs/README.md`): for every job,
//! its items in message order with ID, names, attribute, width in bytes, whether the item is
//! part of the repeated goods-line block, and the official Vietnamese input guide.
//!
//! Owns: parsing those files once, the jobs KhaiBao derives from them where no template was
//! provided (EDA01, EDB, EDD, EDE, IID, IEX — marked [`Layout::derived`]), and the body size
//! arithmetic (one CRLF after every item).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::body::Attribute;

/// One item of a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDef {
    /// 1-based position in the template.
    pub order: usize,
    /// Official item ID, e.g. `ICN`, `CMD`.
    pub id: String,
    /// Vietnamese label of the item's box on the official form (a guide, matched by position).
    pub name_vi: String,
    /// Official English item name.
    pub name_en: String,
    /// Padding and character rule.
    pub attribute: Attribute,
    /// Width in bytes (UTF-8 bytes for `W` items).
    pub width: usize,
    /// Part of the goods-line block (repeated up to [`Layout::repeat`] times).
    pub repeated: bool,
    /// Mandatory in the template (`M`), else conditional.
    pub mandatory: bool,
    /// The official Vietnamese input guide (may be empty).
    pub guide_vi: String,
}

/// The items of one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Job code, e.g. `IDA`, `EDA01`.
    pub job: String,
    /// Items in message order: the header items, then the goods-line block.
    pub items: Vec<ItemDef>,
    /// How many times the goods-line block may repeat (50 where there is one, else 0).
    pub repeat: usize,
    /// The job must be signed (the template's `sign-flg` 1: IDA, IDA01, IDC, IDE, EDA, EDA01,
    /// EDC, EDE, MIC, MEC).
    pub signed: bool,
    /// Item ID → position in [`Self::items`].
    index: std::collections::HashMap<String, usize>,
    /// `Some(base)` when KhaiBao derived this layout from another job's template (no official
    /// template for it was available): not verified against the official client.
    pub derived: Option<&'static str>,
}

/// Why a layout file could not be read (a build defect: the files are bundled).
#[derive(Debug, thiserror::Error)]
#[error("layout {job}: {problem}")]
pub struct LayoutError {
    job: String,
    problem: String,
}

const FILES: &[(&str, &str)] = &[
    (
        "IDA",
        include_str!("../../../assets/vnaccs/layouts/IDA.csv"),
    ),
    (
        "IDA01",
        include_str!("../../../assets/vnaccs/layouts/IDA01.csv"),
    ),
    (
        "IDB",
        include_str!("../../../assets/vnaccs/layouts/IDB.csv"),
    ),
    (
        "IDC",
        include_str!("../../../assets/vnaccs/layouts/IDC.csv"),
    ),
    (
        "IDD",
        include_str!("../../../assets/vnaccs/layouts/IDD.csv"),
    ),
    (
        "IDE",
        include_str!("../../../assets/vnaccs/layouts/IDE.csv"),
    ),
    (
        "EDA",
        include_str!("../../../assets/vnaccs/layouts/EDA.csv"),
    ),
    (
        "EDC",
        include_str!("../../../assets/vnaccs/layouts/EDC.csv"),
    ),
    (
        "MIC",
        include_str!("../../../assets/vnaccs/layouts/MIC.csv"),
    ),
    (
        "MEC",
        include_str!("../../../assets/vnaccs/layouts/MEC.csv"),
    ),
    (
        "TCC",
        include_str!("../../../assets/vnaccs/layouts/TCC.csv"),
    ),
];

/// The jobs whose template says `sign-flg` 1 (`layouts/INDEX.md`), and the derived EDA01/EDE.
const SIGNED: &[&str] = &[
    "IDA", "IDA01", "IDC", "IDE", "EDA", "EDA01", "EDC", "EDE", "MIC", "MEC",
];

/// Jobs without a template here, derived from a provided one: (job, base, item renames).
/// EDA01 is to EDA what IDA01 is to IDA (the same items); the call-up and registration jobs
/// of exports carry ECN where the import twins carry ICN; IID and IEX (reference) carry the
/// declaration number only.
/// Item IDs renamed in a derived layout: (from, to).
type Renames = &'static [(&'static str, &'static str)];

const DERIVED: &[(&str, &str, Renames)] = &[
    ("EDA01", "EDA", &[]),
    ("EDB", "IDD", &[("ICN", "ECN")]),
    ("EDD", "IDD", &[("ICN", "ECN")]),
    ("EDE", "IDE", &[("ICN", "ECN")]),
    ("IID", "IDD", &[]),
    ("IEX", "IDD", &[("ICN", "ECN")]),
];

#[derive(serde::Deserialize)]
struct Row {
    order: usize,
    item_id: String,
    name_vi: String,
    name_en: String,
    attribute: String,
    length: usize,
    repeat: String,
    required: String,
    in_flg: String,
    guide_vi: String,
}

fn parse(job: &str, text: &str) -> Result<Layout, LayoutError> {
    let err = |problem: String| LayoutError {
        job: job.to_owned(),
        problem,
    };
    let mut items = Vec::new();
    let mut repeat = 0;
    for row in csv::Reader::from_reader(text.as_bytes()).deserialize::<Row>() {
        let row = row.map_err(|e| err(e.to_string()))?;
        if row.in_flg.trim() != "1" {
            continue;
        }
        let attribute = match row.attribute.as_str() {
            "A" => Attribute::Alphanumeric,
            "I" => Attribute::Integer,
            "F" => Attribute::Decimal,
            "W" => Attribute::Wide,
            other => return Err(err(format!("item {}: attribute {other}", row.item_id))),
        };
        let repeated = !row.repeat.trim().is_empty();
        if repeated {
            repeat = row
                .repeat
                .rsplit('x')
                .next()
                .and_then(|n| n.trim().parse().ok())
                .ok_or_else(|| err(format!("item {}: repeat {}", row.item_id, row.repeat)))?;
        }
        items.push(ItemDef {
            order: row.order,
            id: row.item_id,
            name_vi: row.name_vi,
            name_en: row.name_en,
            attribute,
            width: row.length,
            repeated,
            mandatory: row.required == "M",
            guide_vi: row.guide_vi,
        });
    }
    if items
        .iter()
        .skip_while(|i| !i.repeated)
        .any(|i| !i.repeated)
    {
        return Err(err("the goods-line block is not at the end".into()));
    }
    Ok(Layout {
        job: job.to_owned(),
        index: index_of(&items),
        items,
        repeat,
        signed: SIGNED.contains(&job),
        derived: None,
    })
}

fn index_of(items: &[ItemDef]) -> std::collections::HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(n, item)| (item.id.clone(), n))
        .collect()
}

fn load() -> Result<BTreeMap<String, Layout>, LayoutError> {
    let mut all = BTreeMap::new();
    for (job, text) in FILES {
        all.insert((*job).to_owned(), parse(job, text)?);
    }
    for (job, base, renames) in DERIVED {
        let mut layout = all.get(*base).cloned().ok_or_else(|| LayoutError {
            job: (*job).to_owned(),
            problem: format!("no base layout {base}"),
        })?;
        (*job).clone_into(&mut layout.job);
        layout.derived = Some(*base);
        layout.signed = SIGNED.contains(job);
        for item in &mut layout.items {
            if let Some((_, to)) = renames.iter().find(|(from, _)| *from == item.id) {
                item.id = (*to).to_owned();
            }
        }
        layout.index = index_of(&layout.items);
        all.insert((*job).to_owned(), layout);
    }
    Ok(all)
}

fn table() -> &'static BTreeMap<String, Layout> {
    static TABLE: OnceLock<BTreeMap<String, Layout>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The files are bundled and checked by this module's tests: failing here is a build
        // defect, so the table is empty rather than half-read, and every lookup says so.
        load().unwrap_or_default()
    })
}

/// The layout of a job (`IDA`, `EDC`, `TCC`…), `None` for a job KhaiBao has no layout for.
pub fn get(job: &str) -> Option<&'static Layout> {
    table().get(job.trim())
}

/// Every job with a layout, in code order.
pub fn jobs() -> impl Iterator<Item = &'static Layout> {
    table().values()
}

impl Layout {
    /// The items before the goods-line block.
    pub fn header_items(&self) -> &[ItemDef] {
        let split = self
            .items
            .iter()
            .position(|i| i.repeated)
            .unwrap_or(self.items.len());
        &self.items[..split]
    }

    /// The items of one goods line (empty when the job has none).
    pub fn line_items(&self) -> &[ItemDef] {
        &self.items[self.header_items().len()..]
    }

    /// The item with this ID.
    pub fn item(&self, id: &str) -> Option<&ItemDef> {
        self.index.get(id).map(|n| &self.items[*n])
    }

    /// The body size in bytes with every item filled to its width and `lines` goods lines:
    /// each item is followed by CRLF.
    pub fn full_body_bytes(&self, lines: usize) -> usize {
        let sum = |items: &[ItemDef]| items.iter().map(|i| i.width + 2).sum::<usize>();
        sum(self.header_items()) + lines * sum(self.line_items())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_layout_reads_with_the_sizes_of_the_official_templates() {
        let all = load().unwrap();
        // (job, items, goods-line items, max body bytes) as the layouts' index states them.
        for (job, items, line_items, max) in [
            ("IDA", 221, 46, 61_730),
            ("IDA01", 221, 46, 61_730),
            ("IDB", 4, 0, 68),
            ("IDC", 2, 0, 17),
            ("IDD", 1, 0, 14),
            ("IDE", 2, 0, 17),
            ("EDA", 210, 27, 51_185),
            ("EDC", 2, 0, 17),
            ("MIC", 42, 0, 2_068),
            ("MEC", 29, 0, 1_953),
            ("TCC", 3, 0, 107),
        ] {
            let layout = &all[job];
            assert_eq!(layout.items.len(), items, "{job}");
            assert_eq!(layout.line_items().len(), line_items, "{job}");
            let lines = if line_items > 0 { 50 } else { 0 };
            assert_eq!(layout.full_body_bytes(lines), max, "{job}");
            assert!(layout.derived.is_none());
        }
        assert_eq!(all["IDA"].repeat, 50);
        assert_eq!(all["IDA"].items[0].id, "ICN");
        assert_eq!(all["IDA"].line_items()[0].id, "CMD");
        assert_eq!(all["IDA"].item("IMN").unwrap().attribute, Attribute::Wide);
        assert_eq!(all["IDA"].item("IMN").unwrap().width, 300);
        assert!(all["IDA"].item("CMD").unwrap().mandatory);
    }

    #[test]
    fn derived_jobs_say_so_and_carry_the_export_number() {
        assert_eq!(get("EDA01").unwrap().derived, Some("EDA"));
        assert_eq!(get("EDA01").unwrap().items.len(), 210);
        let edb = get("EDB").unwrap();
        assert_eq!(edb.items[0].id, "ECN");
        assert_eq!(edb.derived, Some("IDD"));
        assert_eq!(get("IID").unwrap().items[0].id, "ICN");
        assert!(get("XYZ").is_none());
        assert_eq!(jobs().count(), 17);
    }
}
