//! THE field table: for every field path of a declaration, its VNACCS item ID(s), its
//! Vietnamese and English names, what kind of value it holds, its length limit and repetitions,
//! its code table, whether an amendment may change it and whether a customer's defaults fill
//! it. Rules, the simulated core's amendment check, the store's customer defaults and the
//! editor read these facts here, so a field is described once ([`FIELDS`]).
//!
//! Paths are the JSON paths of the file format with indices removed (`goods[3].hs_code` →
//! `goods.hs_code`): stable keys for the VNACCS layouts, an Excel column mapping and the
//! printed form. Some names, item IDs and tables depend on the direction (importer vs
//! exporter). Parts (`packages`, `goods.other_taxes`…) have rows too, for their repetitions
//! and for the label a finding about the whole part shows.

pub mod access;
mod table;
mod table_id;

pub use access::{Access, FieldMut, FieldRef};
pub use table::FIELDS;
pub use table_id::TableId;

use super::declaration::{Declaration, Direction};
use super::entry::Precision;

/// A value that may differ between import and export declarations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dir<T> {
    /// On an import declaration.
    pub import: T,
    /// On an export declaration.
    pub export: T,
}

impl<T: Copy> Dir<T> {
    /// The same on both.
    pub const fn same(value: T) -> Self {
        Self {
            import: value,
            export: value,
        }
    }

    /// Different on import and export.
    pub const fn new(import: T, export: T) -> Self {
        Self { import, export }
    }

    /// The value for a direction.
    pub const fn get(self, direction: Direction) -> T {
        match direction {
            Direction::Import => self.import,
            Direction::Export => self.export,
        }
    }
}

/// A field's two names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Names {
    /// Official Vietnamese name (as on the VNACCS form); empty for a part without its own.
    pub vi: &'static str,
    /// English name.
    pub en: &'static str,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Not a declared item: the file's format tag and the direction.
    Meta,
    /// Free text.
    Text,
    /// A code; its code table, where one is bundled, is [`FieldDef::table`].
    Code,
    /// A calendar date.
    Date,
    /// A decimal number with at most this many decimals (VNACCS input precision).
    Decimal(Precision),
    /// A number whose input precision KhaiBao does not state yet (rates, allocation bases).
    Number,
    /// A whole number (goods-line references to adjustments, 1–5).
    Integer,
    /// A part holding other fields. A finding about the whole part is labelled with the named
    /// field's label (`packages` → `packages.amount`), or with the part's own when `None`.
    Part(Option<&'static str>),
}

/// A text length limit, as VNACCS states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Half-width item (VNACCS "A"): ASCII only, at most this many bytes (= characters).
    Half(u16),
    /// Wide item (VNACCS "W"): at most this many UTF-8 bytes; the official client caps it at a
    /// third of them in characters (3 bytes per composed Vietnamese letter). Both hold.
    Wide(u16),
    /// Exactly this many ASCII letters or digits.
    Exact(u16),
}

impl Limit {
    /// The most UTF-8 bytes.
    pub const fn bytes(self) -> usize {
        match self {
            Self::Half(n) | Self::Wide(n) | Self::Exact(n) => n as usize,
        }
    }

    /// The most characters.
    pub const fn chars(self) -> usize {
        match self {
            Self::Half(n) | Self::Exact(n) => n as usize,
            Self::Wide(n) => n as usize / 3,
        }
    }
}

/// One row of the field table.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// JSON path without indices: the stable key.
    pub path: &'static str,
    /// VNACCS item ID(s) (empty when the field is not a VNACCS item).
    pub item: Dir<&'static str>,
    /// Names.
    pub label: Dir<Names>,
    /// Kind of value.
    pub kind: Kind,
    /// Code table, where the field's codes are looked up in one.
    pub table: Dir<Option<TableId>>,
    /// Length limit of each value.
    pub limit: Option<Limit>,
    /// Most repetitions of a list.
    pub repeat: Option<Dir<u8>>,
    /// The direction the field belongs to, when only one.
    pub only: Option<Direction>,
    /// Whether an amendment (IDA01/EDA01 after registration) may change it.
    pub amendable: bool,
    /// Whether a customer's defaults fill it in a new declaration.
    pub customer_default: bool,
    /// How it is reached in a declaration.
    pub access: Access,
}

impl FieldDef {
    /// A row with only its names and kind.
    pub const fn new(
        path: &'static str,
        item: Dir<&'static str>,
        vi: &'static str,
        en: &'static str,
        kind: Kind,
    ) -> Self {
        Self {
            path,
            item,
            label: Dir::same(Names { vi, en }),
            kind,
            table: Dir::same(None),
            limit: None,
            repeat: None,
            only: None,
            amendable: true,
            customer_default: false,
            access: Access::Model,
        }
    }

    /// Other names on an export declaration.
    #[must_use]
    pub const fn export_label(mut self, vi: &'static str, en: &'static str) -> Self {
        self.label.export = Names { vi, en };
        self
    }

    /// Codes from `table`.
    #[must_use]
    pub const fn code(mut self, table: TableId) -> Self {
        self.table = Dir::same(Some(table));
        self
    }

    /// Codes from a table that depends on the direction.
    #[must_use]
    pub const fn code_by(mut self, import: Option<TableId>, export: Option<TableId>) -> Self {
        self.table = Dir::new(import, export);
        self
    }

    /// A half-width (A) item of `bytes`.
    #[must_use]
    pub const fn half(mut self, bytes: u16) -> Self {
        self.limit = Some(Limit::Half(bytes));
        self
    }

    /// A wide (W) item of `bytes`.
    #[must_use]
    pub const fn wide(mut self, bytes: u16) -> Self {
        self.limit = Some(Limit::Wide(bytes));
        self
    }

    /// Exactly `length` letters or digits.
    #[must_use]
    pub const fn exact(mut self, length: u16) -> Self {
        self.limit = Some(Limit::Exact(length));
        self
    }

    /// Repeated at most `times`.
    #[must_use]
    pub const fn repeat(mut self, times: u8) -> Self {
        self.repeat = Some(Dir::same(times));
        self
    }

    /// Repeated at most `import` / `export` times.
    #[must_use]
    pub const fn repeat_by(mut self, import: u8, export: u8) -> Self {
        self.repeat = Some(Dir::new(import, export));
        self
    }

    /// Only on declarations of `direction`.
    #[must_use]
    pub const fn only(mut self, direction: Direction) -> Self {
        self.only = Some(direction);
        self
    }

    /// An amendment may not change it.
    #[must_use]
    pub const fn locked(mut self) -> Self {
        self.amendable = false;
        self
    }

    /// A customer's defaults fill it.
    #[must_use]
    pub const fn customer_default(mut self) -> Self {
        self.customer_default = true;
        self
    }

    /// Reached by `access`.
    #[must_use]
    pub const fn access(mut self, access: Access) -> Self {
        self.access = access;
        self
    }

    /// Whether the field is part of declarations of `direction`.
    pub fn applies_to(&self, direction: Direction) -> bool {
        self.only.is_none_or(|d| d == direction)
    }

    /// The code table for `direction`.
    pub fn table_for(&self, direction: Direction) -> Option<TableId> {
        self.table.get(direction)
    }

    /// The decimals a number takes, when the table states them.
    pub fn precision(&self) -> Option<Precision> {
        match self.kind {
            Kind::Decimal(p) => Some(p),
            _ => None,
        }
    }

    /// The most repetitions in `direction`.
    pub fn max_repeat(&self, direction: Direction) -> Option<u8> {
        self.repeat.map(|r| r.get(direction))
    }

    /// Reads the value of a header field (`None` for goods-line fields, lists and parts, and
    /// inside an absent optional part).
    pub fn read<'a>(&self, declaration: &'a Declaration) -> Option<FieldRef<'a>> {
        match self.access {
            Access::Header(get, _) => Some(get(declaration)),
            Access::InOptional(get) => get(declaration),
            Access::Goods(..) | Access::Model => None,
        }
    }

    /// Whether the field sits in an optional part of the header.
    pub fn access_is_optional(&self) -> bool {
        matches!(self.access, Access::InOptional(_))
    }

    /// Writes access to a header field (`None` for the rest).
    pub fn write<'a>(&self, declaration: &'a mut Declaration) -> Option<FieldMut<'a>> {
        match self.access {
            Access::Header(_, set) => Some(set(declaration)),
            _ => None,
        }
    }
}

/// The rows by path (the rules look fields up for every goods line on every keystroke).
static BY_PATH: std::sync::LazyLock<std::collections::HashMap<&'static str, &'static FieldDef>> =
    std::sync::LazyLock::new(|| FIELDS.iter().map(|f| (f.path, f)).collect());

/// The row of a path (indices are removed first; a path without any is not copied).
pub fn field(path: &str) -> Option<&'static FieldDef> {
    if path.contains('[') {
        by_key(&field_key(path))
    } else {
        by_key(path)
    }
}

/// The row of a path already without indices.
fn by_key(key: &str) -> Option<&'static FieldDef> {
    BY_PATH.get(key).copied()
}

const fn count_locked() -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if !FIELDS[i].amendable {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The fields an amendment may not change, in table order (derived from [`FIELDS`]).
pub const LOCKED_IN_AMENDMENT: [&str; count_locked()] = {
    let mut out = [""; count_locked()];
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if !FIELDS[i].amendable {
            out[n] = FIELDS[i].path;
            n += 1;
        }
        i += 1;
    }
    out
};

/// The fields an amendment may not change (KB-S0020): the fields that decide the procedure, the
/// office and the parties responsible. KhaiBao's reading of TT 38/2015 art. 20 as amended by
/// TT 39/2018 (unverified; the reference does not list them).
pub fn locked_in_amendment() -> &'static [&'static str] {
    &LOCKED_IN_AMENDMENT
}

/// The header fields a customer's defaults may set, in table order.
pub fn customer_defaults() -> impl Iterator<Item = &'static FieldDef> {
    FIELDS.iter().filter(|f| f.customer_default)
}

/// How a field is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLabel {
    /// Official Vietnamese name (as on the VNACCS form).
    pub vi: &'static str,
    /// English name.
    pub en: &'static str,
    /// VNACCS item ID(s) of the direction.
    pub item: &'static str,
}

/// The label of a field path; `None` for a path that is not a field of the model or a part
/// without a name of its own.
pub fn field_label(path: &str, direction: Direction) -> Option<FieldLabel> {
    let row = field(path)?;
    let named = match row.kind {
        Kind::Part(Some(main)) => by_key(main)?,
        _ => row,
    };
    let label = named.label.get(direction);
    (!label.vi.is_empty()).then_some(FieldLabel {
        vi: label.vi,
        en: label.en,
        item: named.item.get(direction),
    })
}

/// Removes `[n]` indices from a path: `goods[3].other_taxes[0].code` → `goods.other_taxes.code`.
pub fn field_key(path: &str) -> String {
    let mut key = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => key.push(c),
            _ => {}
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_are_removed() {
        assert_eq!(
            field_key("goods[12].other_taxes[0].code"),
            "goods.other_taxes.code"
        );
        assert_eq!(field_key("invoice.total"), "invoice.total");
    }

    #[test]
    fn labels_follow_the_direction() {
        let import = field_label("declarant.tax_code", Direction::Import).unwrap();
        let export = field_label("declarant.tax_code", Direction::Export).unwrap();
        assert_eq!(import.vi, "Mã người nhập khẩu");
        assert_eq!(export.vi, "Mã người xuất khẩu");
        assert_eq!(
            field_label("goods[3].hs_code", Direction::Import)
                .unwrap()
                .item,
            "CMD"
        );
        assert!(field_label("nonsense", Direction::Import).is_none());
    }

    /// Every property path of the declaration's JSON schema, parts included.
    fn schema_paths() -> Vec<String> {
        fn walk(
            node: &serde_json::Value,
            defs: &serde_json::Value,
            prefix: &str,
            out: &mut Vec<String>,
        ) {
            if let Some(reference) = node.get("$ref").and_then(|r| r.as_str()) {
                let name = reference.trim_start_matches("#/$defs/");
                walk(&defs[name], defs, prefix, out);
            }
            for key in ["anyOf", "oneOf", "allOf"] {
                for branch in node
                    .get(key)
                    .and_then(|b| b.as_array())
                    .into_iter()
                    .flatten()
                {
                    walk(branch, defs, prefix, out);
                }
            }
            if let Some(items) = node.get("items") {
                walk(items, defs, prefix, out);
            }
            for (name, sub) in node
                .get("properties")
                .and_then(|p| p.as_object())
                .into_iter()
                .flatten()
            {
                let path = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                out.push(path.clone());
                walk(sub, defs, &path, out);
            }
        }
        let schema = serde_json::to_value(schemars::schema_for!(Declaration)).unwrap();
        let mut out = Vec::new();
        walk(&schema, &schema["$defs"], "", &mut out);
        out.sort();
        out.dedup();
        out
    }

    /// Coverage: the table and the model (as `khaibao schema` shows it) name the same fields.
    #[test]
    fn every_model_field_has_one_row_and_every_row_is_a_model_field() {
        let schema = schema_paths();
        assert!(schema.len() > 100, "{schema:?}");
        let missing: Vec<&String> = schema.iter().filter(|p| by_key(p).is_none()).collect();
        assert!(
            missing.is_empty(),
            "model fields without a row: {missing:?}"
        );
        let extra: Vec<&str> = FIELDS
            .iter()
            .map(|f| f.path)
            .filter(|p| !schema.iter().any(|s| s == p))
            .collect();
        assert!(
            extra.is_empty(),
            "rows that are not model fields: {extra:?}"
        );
        let mut paths: Vec<&str> = FIELDS.iter().map(|f| f.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), FIELDS.len(), "a path has two rows");
    }

    #[test]
    fn every_named_field_has_names_and_every_part_points_at_a_field_of_its_own() {
        for row in FIELDS {
            match row.kind {
                Kind::Part(Some(main)) => {
                    assert!(main.starts_with(row.path), "{}", row.path);
                    assert!(by_key(main).is_some_and(|m| !matches!(m.kind, Kind::Part(_))));
                }
                Kind::Part(None) => {}
                _ => {
                    for direction in [Direction::Import, Direction::Export] {
                        let names = row.label.get(direction);
                        assert!(!names.vi.is_empty() && !names.en.is_empty(), "{}", row.path);
                    }
                }
            }
            if let Some(Limit::Wide(bytes)) = row.limit {
                assert_eq!(bytes % 3, 0, "{}", row.path);
            }
        }
    }

    #[test]
    fn accessors_reach_their_own_field() {
        let mut d = Declaration::new(Direction::Import);
        for row in FIELDS {
            if let Some(FieldMut::Text(slot)) = row.write(&mut d) {
                *slot = Some(row.path.to_owned());
            }
        }
        for row in FIELDS {
            if let Some(FieldRef::Text(Some(value))) = row.read(&d) {
                assert_eq!(value, row.path);
            }
        }
        assert_eq!(d.invoice.currency.as_deref(), Some("invoice.currency"));
        assert_eq!(d.declarant.tax_code.as_deref(), Some("declarant.tax_code"));
        let mut line = crate::domain::GoodsLine::default();
        for row in FIELDS {
            if let Access::Goods(get, set) = row.access {
                if let FieldMut::Text(slot) = set(&mut line) {
                    *slot = Some(row.path.to_owned());
                }
                if let FieldRef::Text(value) = get(&line) {
                    assert_eq!(value, Some(row.path));
                }
            }
        }
        assert_eq!(line.hs_code.as_deref(), Some("goods.hs_code"));
    }

    /// The lists the table replaced, as they were written out before it.
    #[test]
    fn locked_fields_and_customer_defaults_are_unchanged() {
        assert_eq!(
            locked_in_amendment(),
            [
                "type_code",
                "cargo_class",
                "transport_mode",
                "party_kind",
                "office",
                "team",
                "declarant.tax_code",
                "entrusting_party.tax_code",
                "agent_code",
                "tax_payer",
            ]
        );
        let defaults: Vec<&str> = customer_defaults().map(|f| f.path).collect();
        assert_eq!(
            defaults,
            [
                "type_code",
                "transport_mode",
                "party_kind",
                "office",
                "team",
                "agent_code",
                "invoice.payment_method",
                "invoice.incoterm",
                "invoice.currency",
                "valuation.method",
                "tax_payer",
                "payment_deadline_code",
            ]
        );
        for row in FIELDS.iter().filter(|f| !f.amendable || f.customer_default) {
            assert!(row.read(&Declaration::default()).is_some() || row.access_is_optional());
        }
    }
}
