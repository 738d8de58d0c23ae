//! A declaration as the item values of IDA/IDA01 (import) and EDA/EDA01 (export), and back.
//! One list of slots says which item ID carries which field in each direction, so encoding
//! and decoding cannot drift apart.
//!
//! Values: dates `DDMMYYYY`; numbers with a point and no grouping, trailing zeros dropped; the
//! declaration number as its 12 digits. Fields KhaiBao keeps that have no item in the job
//! (import containers — VNACCS takes them with HYS —, the C/O form, entrusting party's address,
//! import goods-line other-law codes, export header other-law codes) do not travel: see
//! [`not_carried`]. Items KhaiBao does not model come back from decoding as [`Unmodelled`].

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::body::ItemValues;
use crate::domain::declaration::{
    Adjustment, AttachmentNumber, Declaration, Direction, GoodsLine, OtherTax, Permit,
};
use crate::domain::fields::FieldMut;
use crate::domain::ids::DeclarationNumber;

type HeaderAccess = for<'a> fn(&'a mut Declaration) -> FieldMut<'a>;
type LineAccess = for<'a> fn(&'a mut GoodsLine) -> FieldMut<'a>;

/// Item IDs of a slot on import and on export (`""`: no item in that direction).
type Ids = (&'static str, &'static str);

/// `at!(a.b)`: the field path `"a.b"` and its accessor.
macro_rules! at {
    ($($f:ident).+) => {
        (stringify!($($f).+), |d| FieldMut::from(&mut d.$($f).+))
    };
}

/// `part!(a => b)`: the path `"a.b"`; writing creates the optional part `a`.
macro_rules! part {
    ($($p:ident).+ => $f:ident) => {
        (
            concat!(stringify!($($p).+), ".", stringify!($f)),
            |d| FieldMut::from(&mut d.$($p).+.get_or_insert_with(Default::default).$f),
        )
    };
}

#[rustfmt::skip]
const HEADER: &[(Ids, (&str, HeaderAccess))] = &[
    (("FIC", "FIC"), at!(first_declaration.number)),
    (("BNO", "BNO"), at!(first_declaration.sequence)),
    (("DNO", "DNO"), at!(first_declaration.count)),
    (("ICB", "ECB"), at!(type_code)),
    (("CCC", "CCC"), at!(cargo_class)),
    (("MTC", "MTC"), at!(transport_mode)),
    (("SKB", ""), at!(party_kind)),
    (("CH", "CH"), at!(office)),
    (("CHB", "CHB"), at!(team)),
    (("RED", "RID"), at!(return_deadline)),
    (("ICD", "ECD"), at!(planned_date)),
    (("IMC", "EPC"), at!(declarant.tax_code)),
    (("IMN", "EPN"), at!(declarant.name)),
    (("IMY", "EPP"), at!(declarant.postcode)),
    (("IMA", "EPA"), at!(declarant.address)),
    (("IMT", "EPT"), at!(declarant.phone)),
    (("NMC", "EXC"), part!(entrusting_party => tax_code)),
    (("NMN", "EXN"), part!(entrusting_party => name)),
    (("EPC", "CGC"), at!(foreign_party.code)),
    (("EPN", "CGN"), at!(foreign_party.name)),
    (("EPY", "CGP"), at!(foreign_party.postcode)),
    (("EPO", "CGK"), at!(foreign_party.country)),
    (("ICC", "ECC"), at!(agent_code)),
    (("NO", "NO"), at!(packages.amount)),
    (("NOT", "NOT"), at!(packages.unit)),
    (("GW", "GW"), at!(gross_weight.amount)),
    (("GWT", "GWT"), at!(gross_weight.unit)),
    (("ST", "ST"), at!(storage_location)),
    (("MRK", "MRK"), at!(marks)),
    (("VSC", "VSC"), at!(vessel.code)),
    (("VSN", "VSN"), at!(vessel.name)),
    (("ARR", ""), at!(arrival_date)),
    (("", "SYM"), at!(departure_date)),
    (("DST", "DSC"), at!(destination_place.code)),
    (("DSN", "DSN"), at!(destination_place.name)),
    (("PSC", "PSC"), at!(loading_place.code)),
    (("PSN", "PSN"), at!(loading_place.name)),
    (("IV1", "IV1"), at!(invoice.kind)),
    (("IV2", "IV2"), at!(invoice.e_invoice_receipt)),
    (("IV3", "IV3"), at!(invoice.number)),
    (("IVD", "IVD"), at!(invoice.date)),
    (("IVP", "IVP"), at!(invoice.payment_method)),
    (("IP1", "IP1"), at!(invoice.price_kind)),
    (("IP2", "IP2"), at!(invoice.incoterm)),
    (("IP3", "IP3"), at!(invoice.currency)),
    (("IP4", "IP4"), at!(invoice.total)),
    (("VD1", ""), at!(valuation.method)),
    (("FR1", ""), part!(valuation.freight => kind)),
    (("FR2", ""), part!(valuation.freight => currency)),
    (("FR3", ""), part!(valuation.freight => amount)),
    (("IN1", ""), part!(valuation.insurance => kind)),
    (("IN2", ""), part!(valuation.insurance => currency)),
    (("IN3", ""), part!(valuation.insurance => amount)),
    (("VLD", ""), at!(valuation.details)),
    (("TP", "TP"), at!(valuation.allocation_base)),
    (("", "FCD"), part!(export_taxable_total => currency)),
    (("", "FKK"), part!(export_taxable_total => amount)),
    (("TPM", "TPM"), at!(tax_payer)),
    (("ENC", "ENC"), at!(payment_deadline_code)),
    (("NT2", "NT2"), at!(notes)),
    (("REF", "REF"), at!(internal_ref)),
];

#[rustfmt::skip]
const LINE: &[(Ids, (&str, LineAccess))] = &[
    (("CMD", "CMD"), at!(hs_code)),
    (("GZC", "COC"), at!(own_code)),
    (("TXA", "TXA"), at!(manual_duty_rate)),
    (("TXB", "TXB"), part!(absolute_duty => amount_per_unit)),
    (("TXC", "TXC"), part!(absolute_duty => unit)),
    (("TXD", "TXD"), part!(absolute_duty => currency)),
    (("CMN", "CMN"), at!(description)),
    (("OR", ""), at!(origin_country)),
    (("ORS", ""), at!(tariff_schedule)),
    (("KWS", ""), at!(out_of_quota)),
    (("QN1", "QN1"), at!(quantity.amount)),
    (("QT1", "QT1"), at!(quantity.unit)),
    (("QN2", "QN2"), at!(quantity2.amount)),
    (("QT2", "QT2"), at!(quantity2.unit)),
    (("BPR", "BPR"), at!(invoice_value)),
    (("UPR", "UPR"), at!(unit_price)),
    (("BPC", "BPC"), part!(manual_taxable_value => currency)),
    (("DPR", "DPR"), part!(manual_taxable_value => amount)),
    (("RE", "RE"), at!(exemption_code)),
    (("REG", "REG"), at!(reduction_amount)),
];

/// Series of repeated items: item ID prefix per direction and how many.
const BILLS_IMPORT: (&str, usize) = ("BL", 5);
const ADDRESS: [(&str, &str); 4] = [
    ("EPA", "CGA"),
    ("EP2", "CAT"),
    ("EP3", "CAC"),
    ("EP4", "CAS"),
];

fn id(ids: Ids, direction: Direction) -> &'static str {
    match direction {
        Direction::Import => ids.0,
        Direction::Export => ids.1,
    }
}

/// Formats a date as VNACCS does: `DDMMYYYY`.
pub fn date_item(date: NaiveDate) -> String {
    date.format("%d%m%Y").to_string()
}

/// Formats a number as VNACCS takes it: a point, no grouping, no trailing zeros.
pub fn decimal_item(value: Decimal) -> String {
    value.normalize().to_string()
}

fn read(field: FieldMut<'_>) -> String {
    match field {
        FieldMut::Text(v) => v.as_deref().unwrap_or_default().to_owned(),
        FieldMut::Date(v) => v.map(date_item).unwrap_or_default(),
        FieldMut::Decimal(v) => v.map(decimal_item).unwrap_or_default(),
    }
}

/// A value that came in a message but could not be read into its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Item ID.
    pub item: String,
    /// 1-based goods line, `None` for a header item.
    pub line: Option<usize>,
    /// The value as received.
    pub value: String,
    /// `date` or `number`.
    pub expected: &'static str,
}

fn write(field: FieldMut<'_>, value: &str) -> Result<(), &'static str> {
    match field {
        FieldMut::Text(v) => *v = Some(value.to_owned()),
        FieldMut::Date(v) => {
            *v = Some(NaiveDate::parse_from_str(value, "%d%m%Y").map_err(|_| "date")?);
        }
        FieldMut::Decimal(v) => *v = Some(value.parse::<Decimal>().map_err(|_| "number")?),
    }
    Ok(())
}

/// The item values of a declaration for IDA/IDA01 (import) or EDA/EDA01 (export). The number
/// goes in ICN/ECN when the declaration has one (a correction sent with IDA after IDB, or
/// amendment data with IDA01).
pub fn to_items(declaration: &Declaration) -> ItemValues {
    let direction = declaration.direction;
    let mut d = declaration.clone();
    let mut values = ItemValues::default();
    if let Some(number) = declaration.number {
        values.set(id(("ICN", "ECN"), direction), number.to_string());
    }
    for (ids, (_, access)) in HEADER {
        let item = id(*ids, direction);
        if !item.is_empty() {
            values.set(item, read(access(&mut d)));
        }
    }
    match direction {
        Direction::Import => {
            for (n, bill) in d.bills_of_lading.iter().take(BILLS_IMPORT.1).enumerate() {
                values.set(&format!("{}{}", BILLS_IMPORT.0, n + 1), bill.clone());
            }
            for (n, code) in d.other_law_codes.iter().take(5).enumerate() {
                values.set(&format!("OL{}", n + 1), code.clone());
            }
        }
        Direction::Export => {
            values.set(
                "EKN",
                d.bills_of_lading.first().cloned().unwrap_or_default(),
            );
            for (n, container) in d.containers.iter().take(50).enumerate() {
                values.set(&format!("C{:02}", n + 1), container.clone());
            }
        }
    }
    for (n, line) in d
        .foreign_party
        .address
        .iter()
        .take(ADDRESS.len())
        .enumerate()
    {
        values.set(id(ADDRESS[n], direction), line.clone());
    }
    for (n, permit) in d.permits.iter().take(5).enumerate() {
        values.set(
            &format!("SS{}", n + 1),
            permit.kind.clone().unwrap_or_default(),
        );
        values.set(
            &format!("SN{}", n + 1),
            permit.number.clone().unwrap_or_default(),
        );
    }
    for (n, quoted) in d.attachment_numbers.iter().take(3).enumerate() {
        values.set(
            &format!("EA{}", n + 1),
            quoted.class.clone().unwrap_or_default(),
        );
        values.set(
            &format!("EB{}", n + 1),
            quoted.number.clone().unwrap_or_default(),
        );
    }
    if direction == Direction::Import {
        for (n, a) in d.valuation.adjustments.iter().take(5).enumerate() {
            let k = n + 1;
            values.set(&format!("VR{k}"), a.title.clone().unwrap_or_default());
            values.set(&format!("VI{k}"), a.kind.clone().unwrap_or_default());
            values.set(&format!("VC{k}"), a.currency.clone().unwrap_or_default());
            values.set(
                &format!("VP{k}"),
                a.amount.map(decimal_item).unwrap_or_default(),
            );
            values.set(
                &format!("VT{k}"),
                a.allocation_base.map(decimal_item).unwrap_or_default(),
            );
        }
    }
    values.lines = d
        .goods
        .iter_mut()
        .map(|line| line_items(line, direction))
        .collect();
    values
}

fn line_items(
    line: &mut GoodsLine,
    direction: Direction,
) -> std::collections::BTreeMap<String, String> {
    let mut out = ItemValues::default();
    for (ids, (_, access)) in LINE {
        let item = id(*ids, direction);
        if !item.is_empty() {
            out.set(item, read(access(line)));
        }
    }
    match direction {
        Direction::Import => {
            for (n, reference) in line.adjustment_refs.iter().take(5).enumerate() {
                out.set(&format!("VN{}", n + 1), reference.to_string());
            }
            for (n, tax) in line.other_taxes.iter().take(5).enumerate() {
                let k = n + 1;
                // TX takes the code ("Mã áp dụng thuế suất / Mức thuế"): a manual rate travels
                // there only when no code is given.
                let tx = tax
                    .code
                    .clone()
                    .or_else(|| tax.manual_rate.map(decimal_item))
                    .unwrap_or_default();
                out.set(&format!("TX{k}"), tx);
                out.set(
                    &format!("TR{k}"),
                    tax.exemption_code.clone().unwrap_or_default(),
                );
                out.set(
                    &format!("TG{k}"),
                    tax.reduction_amount.map(decimal_item).unwrap_or_default(),
                );
            }
        }
        Direction::Export => {
            for (n, code) in line.other_law_codes.iter().take(5).enumerate() {
                out.set(&format!("OL{}", n + 1), code.clone());
            }
        }
    }
    out.header
}

/// An item received that KhaiBao's model has no field for (kept for the message view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmodelled {
    /// Item ID.
    pub item: String,
    /// 1-based goods line, `None` for a header item.
    pub line: Option<usize>,
    /// The value.
    pub value: String,
}

/// A declaration read from IDA/EDA item values.
#[derive(Debug, Clone, PartialEq)]
pub struct FromItems {
    /// The declaration.
    pub declaration: Declaration,
    /// Values that could not be read into their field (a date or number in a wrong form).
    pub unreadable: Vec<Unreadable>,
    /// Items with no field in KhaiBao's model.
    pub unmodelled: Vec<Unmodelled>,
}

fn numbered(item: &str, prefix: &str, count: usize) -> Option<usize> {
    let n: usize = item.strip_prefix(prefix)?.parse().ok()?;
    (1..=count).contains(&n).then_some(n - 1)
}

fn put<T: Default + Clone>(list: &mut Vec<T>, index: usize) -> &mut T {
    if list.len() <= index {
        list.resize(index + 1, T::default());
    }
    &mut list[index]
}

/// Reads a declaration of `direction` from IDA/EDA item values.
pub fn from_items(values: &ItemValues, direction: Direction) -> FromItems {
    let mut d = Declaration::new(direction);
    let mut unreadable = Vec::new();
    let mut unmodelled = Vec::new();
    for (item, value) in &values.header {
        let handled = read_header_item(&mut d, direction, item, value);
        match handled {
            Some(Ok(())) => {}
            Some(Err(expected)) => unreadable.push(Unreadable {
                item: item.clone(),
                line: None,
                value: value.clone(),
                expected,
            }),
            None => unmodelled.push(Unmodelled {
                item: item.clone(),
                line: None,
                value: value.clone(),
            }),
        }
    }
    for (n, items) in values.lines.iter().enumerate() {
        let mut line = GoodsLine::default();
        for (item, value) in items {
            match read_line_item(&mut line, direction, item, value) {
                Some(Ok(())) => {}
                Some(Err(expected)) => unreadable.push(Unreadable {
                    item: item.clone(),
                    line: Some(n + 1),
                    value: value.clone(),
                    expected,
                }),
                None => unmodelled.push(Unmodelled {
                    item: item.clone(),
                    line: Some(n + 1),
                    value: value.clone(),
                }),
            }
        }
        d.goods.push(line);
    }
    FromItems {
        declaration: d,
        unreadable,
        unmodelled,
    }
}

fn read_header_item(
    d: &mut Declaration,
    direction: Direction,
    item: &str,
    value: &str,
) -> Option<Result<(), &'static str>> {
    if item == id(("ICN", "ECN"), direction) {
        return Some(
            value
                .parse::<DeclarationNumber>()
                .map(|n| d.number = Some(n))
                .map_err(|_| "declaration number"),
        );
    }
    if let Some((_, (_, access))) = HEADER.iter().find(|(ids, _)| id(*ids, direction) == item) {
        return Some(write(access(d), value));
    }
    if let Some(n) = ADDRESS.iter().position(|ids| id(*ids, direction) == item) {
        value.clone_into(put(&mut d.foreign_party.address, n));
        return Some(Ok(()));
    }
    let text = || value.to_owned();
    let number = || value.parse::<Decimal>().map_err(|_| "number");
    match direction {
        Direction::Import => {
            if let Some(n) = numbered(item, BILLS_IMPORT.0, BILLS_IMPORT.1) {
                *put(&mut d.bills_of_lading, n) = text();
                return Some(Ok(()));
            }
            if let Some(n) = numbered(item, "OL", 5) {
                *put(&mut d.other_law_codes, n) = text();
                return Some(Ok(()));
            }
            let adjustment = |prefix| numbered(item, prefix, 5);
            let slot = adjustment_slot;
            if let Some(n) = adjustment("VR") {
                slot(d, n).title = Some(text());
            } else if let Some(n) = adjustment("VI") {
                slot(d, n).kind = Some(text());
            } else if let Some(n) = adjustment("VC") {
                slot(d, n).currency = Some(text());
            } else if let Some(n) = adjustment("VP") {
                return Some(number().map(|v| slot(d, n).amount = Some(v)));
            } else if let Some(n) = adjustment("VT") {
                return Some(number().map(|v| slot(d, n).allocation_base = Some(v)));
            } else {
                return read_permit(d, item, value);
            }
            Some(Ok(()))
        }
        Direction::Export => {
            if item == "EKN" {
                *put(&mut d.bills_of_lading, 0) = text();
                return Some(Ok(()));
            }
            if let Some(n) = numbered(item, "C", 50).filter(|_| item.len() == 3) {
                *put(&mut d.containers, n) = text();
                return Some(Ok(()));
            }
            read_permit(d, item, value)
        }
    }
}

fn adjustment_slot(d: &mut Declaration, n: usize) -> &mut Adjustment {
    put(&mut d.valuation.adjustments, n)
}

fn tax_slot(line: &mut GoodsLine, n: usize) -> &mut OtherTax {
    put(&mut line.other_taxes, n)
}

fn read_permit(d: &mut Declaration, item: &str, value: &str) -> Option<Result<(), &'static str>> {
    if let Some(n) = numbered(item, "SS", 5) {
        put::<Permit>(&mut d.permits, n).kind = Some(value.to_owned());
    } else if let Some(n) = numbered(item, "SN", 5) {
        put::<Permit>(&mut d.permits, n).number = Some(value.to_owned());
    } else if let Some(n) = numbered(item, "EA", 3) {
        put::<AttachmentNumber>(&mut d.attachment_numbers, n).class = Some(value.to_owned());
    } else if let Some(n) = numbered(item, "EB", 3) {
        put::<AttachmentNumber>(&mut d.attachment_numbers, n).number = Some(value.to_owned());
    } else {
        return None;
    }
    Some(Ok(()))
}

fn read_line_item(
    line: &mut GoodsLine,
    direction: Direction,
    item: &str,
    value: &str,
) -> Option<Result<(), &'static str>> {
    if let Some((_, (_, access))) = LINE.iter().find(|(ids, _)| id(*ids, direction) == item) {
        return Some(write(access(line), value));
    }
    let number = || value.parse::<Decimal>().map_err(|_| "number");
    match direction {
        Direction::Import => {
            if let Some(n) = numbered(item, "VN", 5) {
                return Some(
                    value
                        .parse::<u8>()
                        .map(|r| *put(&mut line.adjustment_refs, n) = r)
                        .map_err(|_| "number"),
                );
            }
            let tax = tax_slot;
            if let Some(n) = numbered(item, "TX", 5) {
                // A plain number is a manual rate ("Mức thuế"); anything else is the code.
                match value.parse::<Decimal>() {
                    Ok(rate) => tax(line, n).manual_rate = Some(rate),
                    Err(_) => tax(line, n).code = Some(value.to_owned()),
                }
            } else if let Some(n) = numbered(item, "TR", 5) {
                tax(line, n).exemption_code = Some(value.to_owned());
            } else if let Some(n) = numbered(item, "TG", 5) {
                return Some(number().map(|v| tax(line, n).reduction_amount = Some(v)));
            } else {
                return None;
            }
            Some(Ok(()))
        }
        Direction::Export => {
            let n = numbered(item, "OL", 5)?;
            value.clone_into(put(&mut line.other_law_codes, n));
            Some(Ok(()))
        }
    }
}

/// The fields of `declaration` that have a value but no item in its IDA/EDA layout, as field
/// paths: they stay in KhaiBao and are not sent.
pub fn not_carried(declaration: &Declaration) -> Vec<&'static str> {
    let mut out = Vec::new();
    let import = declaration.direction == Direction::Import;
    if import && !declaration.containers.is_empty() {
        out.push("containers");
    }
    if !import && !declaration.other_law_codes.is_empty() {
        out.push("other_law_codes");
    }
    if !import && declaration.bills_of_lading.len() > 1 {
        out.push("bills_of_lading");
    }
    if let Some(p) = &declaration.entrusting_party
        && (p.postcode.is_some() || p.address.is_some() || p.phone.is_some())
    {
        out.push("entrusting_party.address");
    }
    let goods = &declaration.goods;
    if goods.iter().any(|g| g.co_form.is_some()) {
        out.push("goods.co_form");
    }
    if import && goods.iter().any(|g| !g.other_law_codes.is_empty()) {
        out.push("goods.other_law_codes");
    }
    if goods
        .iter()
        .flat_map(|g| &g.other_taxes)
        .any(|t| t.code.is_some() && t.manual_rate.is_some())
    {
        out.push("goods.other_taxes.manual_rate");
    }
    if !import {
        let any = |f: fn(&GoodsLine) -> bool| goods.iter().any(f);
        if any(|g| g.origin_country.is_some()) {
            out.push("goods.origin_country");
        }
        if any(|g| g.tariff_schedule.is_some()) {
            out.push("goods.tariff_schedule");
        }
        if any(|g| !g.other_taxes.is_empty()) {
            out.push("goods.other_taxes");
        }
        if any(|g| !g.adjustment_refs.is_empty()) {
            out.push("goods.adjustment_refs");
        }
        if declaration.valuation != crate::domain::declaration::Valuation::default() {
            out.push("valuation");
        }
    }
    out
}

/// The field path (`office`, `goods[2].description`, `permits[0].number`) an item of
/// IDA/EDA carries, for a finding about it; `None` for an item KhaiBao does not model.
/// `line` is 1-based.
pub fn field_path(item: &str, line: Option<usize>, direction: Direction) -> Option<String> {
    let indexed = |list: &str, n: usize, tail: &str| {
        if tail.is_empty() {
            format!("{list}[{n}]")
        } else {
            format!("{list}[{n}].{tail}")
        }
    };
    if let Some(line) = line {
        let goods = |rest: String| Some(format!("goods[{}].{rest}", line - 1));
        if let Some((_, (path, _))) = LINE.iter().find(|(ids, _)| id(*ids, direction) == item) {
            return goods((*path).to_owned());
        }
        let series = [
            ("VN", "adjustment_refs", ""),
            ("TX", "other_taxes", "code"),
            ("TR", "other_taxes", "exemption_code"),
            ("TG", "other_taxes", "reduction_amount"),
            ("OL", "other_law_codes", ""),
        ];
        return series
            .iter()
            .find_map(|(prefix, list, tail)| {
                numbered(item, prefix, 5).map(|n| indexed(list, n, tail))
            })
            .and_then(goods);
    }
    if item == id(("ICN", "ECN"), direction) {
        return Some("number".to_owned());
    }
    if let Some((_, (path, _))) = HEADER.iter().find(|(ids, _)| id(*ids, direction) == item) {
        return Some((*path).to_owned());
    }
    if let Some(n) = ADDRESS.iter().position(|ids| id(*ids, direction) == item) {
        return Some(indexed("foreign_party.address", n, ""));
    }
    if direction == Direction::Export && item == "EKN" {
        return Some("bills_of_lading[0]".to_owned());
    }
    let series: &[(&str, usize, &str, &str)] = match direction {
        Direction::Import => &[
            ("BL", 5, "bills_of_lading", ""),
            ("OL", 5, "other_law_codes", ""),
            ("VR", 5, "valuation.adjustments", "title"),
            ("VI", 5, "valuation.adjustments", "kind"),
            ("VC", 5, "valuation.adjustments", "currency"),
            ("VP", 5, "valuation.adjustments", "amount"),
            ("VT", 5, "valuation.adjustments", "allocation_base"),
            ("SS", 5, "permits", "kind"),
            ("SN", 5, "permits", "number"),
            ("EA", 3, "attachment_numbers", "class"),
            ("EB", 3, "attachment_numbers", "number"),
        ],
        Direction::Export => &[
            ("C", 50, "containers", ""),
            ("SS", 5, "permits", "kind"),
            ("SN", 5, "permits", "number"),
            ("EA", 3, "attachment_numbers", "class"),
            ("EB", 3, "attachment_numbers", "number"),
        ],
    };
    series.iter().find_map(|(prefix, count, list, tail)| {
        numbered(item, prefix, *count)
            .filter(|_| *prefix != "C" || item.len() == 3)
            .map(|n| indexed(list, n, tail))
    })
}

/// Whether VNACCS carries the field at `path` (`goods[2].co_form`, `containers[0]`…) in the
/// declaration-data job of `direction`: `false` only for a value field of the field table that
/// no IDA/EDA item holds (the C/O form, import containers, the entrusting party's address…).
/// Parts, lists and paths outside the table count as carried.
pub fn carried(path: &str, direction: Direction) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static CARRIED: OnceLock<[HashSet<String>; 2]> = OnceLock::new();
    let sets = CARRIED.get_or_init(|| {
        [Direction::Import, Direction::Export].map(|direction| {
            let job = super::data_job(direction, false);
            super::layout::get(job)
                .into_iter()
                .flat_map(|l| l.items.iter())
                .filter_map(|def| field_path(&def.id, def.repeated.then_some(1), direction))
                .filter_map(|p| crate::domain::field(&p).map(|f| f.path.to_owned()))
                .collect()
        })
    });
    let Some(def) = crate::domain::field(path) else {
        return true;
    };
    if matches!(
        def.kind,
        crate::domain::fields::Kind::Part(_) | crate::domain::fields::Kind::Meta
    ) || def.path == "number"
    {
        return true;
    }
    let set = match direction {
        Direction::Import => &sets[0],
        Direction::Export => &sets[1],
    };
    set.contains(def.path)
}
