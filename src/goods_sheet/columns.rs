//! Which goods-line fields a spreadsheet column can hold, and how a column's header is
//! recognised: the field table's official Vietnamese name, its English name, its VNACCS item ID
//! (`CMD`), its path (`hs_code`), or a heading brokers' invoices commonly use ("Mã HS", "ĐVT",
//! "Đơn giá"…). Every field of a goods line that the table reaches directly is a column; the
//! other taxes (TX1–TX5) and adjustment numbers are typed in the form.

use unicode_normalization::UnicodeNormalization as _;

use crate::domain::Direction;
use crate::domain::fields::{Access, FIELDS, FieldDef};

/// A goods-line field a column can hold.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field's row in the field table (`goods.hs_code`…).
    pub field: &'static FieldDef,
    /// For the other taxes' codes (TX1–TX5): which one, from 0.
    pub slot: Option<usize>,
}

/// The other taxes' codes a line may list (TX1–TX5), each a column.
const OTHER_TAX_ITEMS: [&str; 5] = ["TX1", "TX2", "TX3", "TX4", "TX5"];
const OTHER_TAX_KEYS: [&str; 5] = [
    "other_taxes.1",
    "other_taxes.2",
    "other_taxes.3",
    "other_taxes.4",
    "other_taxes.5",
];

impl Column {
    /// The field's path without `goods.` (`hs_code`, `quantity.amount`, `other_taxes.1`).
    pub fn key(&self) -> &'static str {
        match self.slot {
            Some(i) => OTHER_TAX_KEYS[i],
            None => self
                .field
                .path
                .strip_prefix("goods.")
                .unwrap_or(self.field.path),
        }
    }

    /// The heading the template writes: the official name in the language asked for (with
    /// the number of an other tax).
    pub fn heading(&self, direction: Direction, vietnamese: bool) -> String {
        let names = self.field.label.get(direction);
        let name = if vietnamese { names.vi } else { names.en };
        match self.slot {
            Some(i) => format!("{name} {}", i + 1),
            None => name.to_owned(),
        }
    }

    /// The VNACCS item ID for `direction` (`CMD`, `TX2`), empty when none.
    pub fn item(&self, direction: Direction) -> &'static str {
        match self.slot {
            Some(i) => OTHER_TAX_ITEMS[i],
            None => self.field.item.get(direction),
        }
    }
}

/// Headings common on invoices and brokers' sheets, by field path: recognised as well as the
/// official names (compared without case, extra spaces or a trailing colon or asterisk).
const COMMON_HEADINGS: &[(&str, &[&str])] = &[
    (
        "goods.hs_code",
        &[
            "mã hs",
            "hs",
            "hs code",
            "mã số hs",
            "mã hàng hóa hs",
            "tariff code",
        ],
    ),
    (
        "goods.description",
        &[
            "mô tả",
            "tên hàng",
            "tên hàng hóa",
            "description",
            "mô tả hàng",
            "goods",
        ],
    ),
    (
        "goods.own_code",
        &[
            "mã hàng",
            "mã sản phẩm",
            "part no",
            "part number",
            "item code",
            "product code",
        ],
    ),
    (
        "goods.origin_country",
        &[
            "xuất xứ",
            "nước xuất xứ",
            "origin",
            "country of origin",
            "made in",
        ],
    ),
    (
        "goods.quantity.amount",
        &["số lượng", "lượng", "qty", "quantity", "số lượng 1"],
    ),
    (
        "goods.quantity.unit",
        &["đvt", "đơn vị tính", "đơn vị", "unit", "uom", "đvt 1"],
    ),
    (
        "goods.quantity2.amount",
        &["số lượng 2", "trọng lượng tịnh", "net weight", "quantity 2"],
    ),
    (
        "goods.quantity2.unit",
        &["đvt 2", "đơn vị tính 2", "unit 2"],
    ),
    ("goods.unit_price", &["đơn giá", "unit price", "price"]),
    (
        "goods.invoice_value",
        &[
            "trị giá",
            "thành tiền",
            "amount",
            "value",
            "total value",
            "invoice value",
            "line value",
            "trị giá hóa đơn dòng",
        ],
    ),
    ("goods.tariff_schedule", &["biểu thuế", "tariff schedule"]),
    ("goods.co_form", &["c/o", "form c/o", "co form"]),
    ("goods.exemption_code", &["mã miễn giảm", "exemption"]),
];

/// The columns a goods line of `direction` can take, in the form's order.
pub fn columns(direction: Direction) -> Vec<Column> {
    let mut out: Vec<Column> = FIELDS
        .iter()
        .filter(|f| {
            f.path.starts_with("goods.")
                && matches!(f.access, Access::Goods(..))
                && f.applies_to(direction)
        })
        .map(|field| Column { field, slot: None })
        .collect();
    // The other taxes (special consumption, environmental protection, VAT…) are imports'.
    if direction == Direction::Import
        && let Some(field) = FIELDS.iter().find(|f| f.path == "goods.other_taxes.code")
    {
        out.extend((0..OTHER_TAX_ITEMS.len()).map(|i| Column {
            field,
            slot: Some(i),
        }));
    }
    out
}

/// A heading reduced for comparison: NFC, lower case, spaces collapsed, no trailing `:` or `*`.
pub fn normalise_heading(text: &str) -> String {
    let nfc: String = text.nfc().collect::<String>().to_lowercase();
    let words: Vec<&str> = nfc.split_whitespace().collect();
    words
        .join(" ")
        .trim_end_matches([':', '*', ' '])
        .trim()
        .to_owned()
}

/// Whether `heading` names the column (see the module's header).
pub fn heading_matches(column: &Column, direction: Direction, heading: &str) -> bool {
    let heading = normalise_heading(heading);
    if heading.is_empty() {
        return false;
    }
    let path = column.field.path;
    let mut names: Vec<String> = vec![
        column.key().to_owned(),
        column.heading(direction, true),
        column.heading(direction, false),
    ];
    if column.slot.is_none() {
        names.push(path.to_owned());
    }
    let item = column.item(direction);
    if !item.is_empty() {
        names.push(item.to_owned());
        for name in [
            column.heading(direction, true),
            column.heading(direction, false),
        ] {
            names.push(format!("{name} ({item})"));
        }
    }
    if column.slot.is_none()
        && let Some((_, common)) = COMMON_HEADINGS.iter().find(|(p, _)| *p == path)
    {
        names.extend(common.iter().map(|s| (*s).to_owned()));
    }
    names.iter().any(|n| normalise_heading(n) == heading)
}

/// The column a heading names, if any.
pub fn column_for_heading(direction: Direction, heading: &str) -> Option<Column> {
    columns(direction)
        .into_iter()
        .find(|c| heading_matches(c, direction, heading))
}

/// The column a key names: a path with or without `goods.` (`hs_code`), or a VNACCS item ID
/// (`CMD`), or a heading.
pub fn column_for_key(direction: Direction, key: &str) -> Option<Column> {
    let key = key.trim();
    columns(direction)
        .into_iter()
        .find(|c| {
            c.key() == key
                || (c.slot.is_none() && c.field.path == key)
                || c.item(direction).eq_ignore_ascii_case(key)
        })
        .or_else(|| column_for_heading(direction, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised_by_official_name_item_path_and_common_wording() {
        let d = Direction::Import;
        let key = |h: &str| column_for_heading(d, h).map(|c| c.key());
        assert_eq!(key("Mã số hàng hóa"), Some("hs_code"));
        assert_eq!(key("  MÃ HS: "), Some("hs_code"));
        assert_eq!(key("HS code"), Some("hs_code"));
        // Decomposed Unicode (as some Mac tools write it) is the same heading.
        let nfd: String = "Đơn giá".nfd().collect();
        assert_eq!(key(&nfd), Some("unit_price"));
        assert_eq!(key("ĐVT"), Some("quantity.unit"));
        assert_eq!(key("Số lượng (1)"), Some("quantity.amount"));
        assert_eq!(key("Mô tả hàng hóa (CMN)"), Some("description"));
        assert_eq!(key("Ghi chú"), None);
        assert_eq!(column_for_key(d, "CMD").map(|c| c.key()), Some("hs_code"));
        assert_eq!(
            column_for_key(d, "quantity2.unit").map(|c| c.key()),
            Some("quantity2.unit")
        );
        assert_eq!(column_for_key(d, "TX2").map(|c| c.slot), Some(Some(1)));
        assert_eq!(
            key("Mã áp dụng thuế suất (thuế và thu khác) 3"),
            Some("other_taxes.3")
        );
        // Export lines have no other taxes.
        assert!(column_for_key(Direction::Export, "TX1").is_none());
        assert_eq!(columns(Direction::Import).len(), 21);
    }
}
