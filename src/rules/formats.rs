//! Format rules (02xx): code formats, text lengths (UTF-8 bytes, as VNACCS counts), characters
//! allowed in half-width (A) fields, decimals, repetitions, container numbers, place codes.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::domain::fields::{self, Limit};

use super::Severity::{Error, Warning};
use super::catalogue::{
    CHARACTERS, CODE_LENGTH, CONTAINER_FORMAT, DECIMALS, HS_FORMAT, ISO_CODE_FORMAT, LOCODE_FORMAT,
    NOT_POSITIVE, OFFICE_FORMAT, STORAGE_FORMAT, TAX_CODE_FORMAT, TOO_LONG, TOO_MANY, VNACCS_ITEM,
};
use super::context::Path::{Field, Item};
use super::context::{Ctx, Path, text};
use crate::domain::{CountryCode, CurrencyCode, CustomsOfficeCode, HsCode, TaxCode, UnitCode};

pub(crate) fn check(c: &mut Ctx) {
    identifiers(c);
    lengths_and_characters(c);
    repetitions(c);
    numbers(c);
    containers(c);
    places(c);
    vnaccs_items(c);
}

/// Every value must fit its item of the IDA/EDA message (width in bytes, attribute) before
/// anything is sent: the official layouts' widths (`assets/vnaccs/layouts`). Reported only where
/// no other format finding already names the field (a text over its limit is KB-E0207 once).
fn vnaccs_items(c: &mut Ctx) {
    use crate::wire::vnaccs::{EncodeError, data_job, declaration_body, items::field_path};
    let job = data_job(c.d.direction, false);
    let Err(EncodeError::Items(problems)) = declaration_body(c.d, job) else {
        return;
    };
    for problem in problems {
        if matches!(
            problem.problem,
            crate::wire::vnaccs::body::Problem::TooManyLines { .. }
        ) {
            continue; // KB-E0209 says it.
        }
        let path = field_path(&problem.item, problem.line, c.d.direction)
            .unwrap_or_else(|| problem.item.clone());
        if c.has_finding_at(&path) {
            continue;
        }
        let reason = problem.reason();
        let item = format!(
            "{} ({}{})",
            problem.item,
            problem.attribute.letter(),
            problem.width
        );
        c.field(
            &VNACCS_ITEM,
            Error,
            &path,
            &format!("chỉ tiêu {item}: {}", reason.vi),
            &format!("item {item}: {}", reason.en),
        );
    }
}

/// Parses with a newtype's `FromStr` and reports its problem.
fn parsed<T: FromStr<Err = crate::domain::IdError>>(
    c: &mut Ctx,
    rule: &super::Rule,
    path: Path,
    value: Option<&String>,
) {
    let Some(value) = text(value) else { return };
    if let Err(err) = T::from_str(value) {
        let (vi, en) = id_problem_vi(err.problem);
        c.field_at(
            rule,
            Error,
            path,
            &format!("\"{value}\" {vi}"),
            &format!("\"{value}\" {en}"),
        );
    }
}

/// Vietnamese wording of the `ids` module's problems (English kept as written there).
fn id_problem_vi(problem: &'static str) -> (&'static str, String) {
    let vi = match problem {
        "must contain only digits" => "chỉ được gồm chữ số",
        "Vietnam's tariff uses 8 digits" => "phải đủ 8 chữ số theo Biểu thuế Việt Nam",
        "chapter must be 01 to 97 (not 77)" => "phải thuộc chương 01–97 (không có chương 77)",
        "must be 10 or 13 digits" => "phải gồm 10 hoặc 13 chữ số",
        "must be 4 characters (branch) or 6 (team)" => {
            "phải gồm 4 ký tự (chi cục) hoặc 6 ký tự (đội)"
        }
        "must start with the 2-digit department number" => "phải bắt đầu bằng 2 chữ số của Cục",
        "characters 3-4 must be upper-case letters or digits" => {
            "ký tự thứ 3–4 phải là chữ in hoa hoặc chữ số"
        }
        "a team code is a branch code followed by 2 digits" => "mã đội gồm mã chi cục và 2 chữ số",
        "only upper-case letters A-Z are allowed" => "chỉ được dùng chữ in hoa A–Z",
        "only upper-case letters and digits are allowed" => "chỉ được dùng chữ in hoa và chữ số",
        _ if problem.starts_with("must be") => "sai độ dài",
        _ => "sai định dạng",
    };
    (vi, problem.to_owned())
}

fn identifiers(c: &mut Ctx) {
    let d = c.d;
    parsed::<CustomsOfficeCode>(c, &OFFICE_FORMAT, Field("office"), d.office.as_ref());
    parsed::<TaxCode>(
        c,
        &TAX_CODE_FORMAT,
        Field("declarant.tax_code"),
        d.declarant.tax_code.as_ref(),
    );
    if let Some(party) = &d.entrusting_party {
        parsed::<TaxCode>(
            c,
            &TAX_CODE_FORMAT,
            Field("entrusting_party.tax_code"),
            party.tax_code.as_ref(),
        );
    }
    parsed::<CountryCode>(
        c,
        &ISO_CODE_FORMAT,
        Field("foreign_party.country"),
        d.foreign_party.country.as_ref(),
    );
    parsed::<CurrencyCode>(
        c,
        &ISO_CODE_FORMAT,
        Field("invoice.currency"),
        d.invoice.currency.as_ref(),
    );
    parsed::<UnitCode>(
        c,
        &ISO_CODE_FORMAT,
        Field("gross_weight.unit"),
        d.gross_weight.unit.as_ref(),
    );
    for (path, charge) in [
        ("valuation.freight.currency", d.valuation.freight.as_ref()),
        (
            "valuation.insurance.currency",
            d.valuation.insurance.as_ref(),
        ),
    ] {
        if let Some(charge) = charge {
            parsed::<CurrencyCode>(c, &ISO_CODE_FORMAT, Field(path), charge.currency.as_ref());
        }
    }
    for (i, a) in d.valuation.adjustments.iter().enumerate() {
        parsed::<CurrencyCode>(
            c,
            &ISO_CODE_FORMAT,
            Item("valuation.adjustments", i, "currency"),
            a.currency.as_ref(),
        );
    }
    if let Some(total) = &d.export_taxable_total {
        parsed::<CurrencyCode>(
            c,
            &ISO_CODE_FORMAT,
            Field("export_taxable_total.currency"),
            total.currency.as_ref(),
        );
    }
    fixed_length(c, "type_code", d.type_code.as_ref());
    fixed_length(c, "team", d.team.as_ref());
    for (i, line) in d.goods.iter().enumerate() {
        parsed::<HsCode>(
            c,
            &HS_FORMAT,
            Item("goods", i, "hs_code"),
            line.hs_code.as_ref(),
        );
        parsed::<CountryCode>(
            c,
            &ISO_CODE_FORMAT,
            Item("goods", i, "origin_country"),
            line.origin_country.as_ref(),
        );
        parsed::<UnitCode>(
            c,
            &ISO_CODE_FORMAT,
            Item("goods", i, "quantity.unit"),
            line.quantity.unit.as_ref(),
        );
        parsed::<UnitCode>(
            c,
            &ISO_CODE_FORMAT,
            Item("goods", i, "quantity2.unit"),
            line.quantity2.unit.as_ref(),
        );
        if let Some(m) = &line.manual_taxable_value {
            parsed::<CurrencyCode>(
                c,
                &ISO_CODE_FORMAT,
                Item("goods", i, "manual_taxable_value.currency"),
                m.currency.as_ref(),
            );
        }
    }
}

/// A code of exactly the length the field table states ([`Limit::Exact`]).
fn fixed_length(c: &mut Ctx, path: &str, value: Option<&String>) {
    let Some(value) = text(value) else { return };
    let Some(Limit::Exact(length)) = fields::field(path).and_then(|f| f.limit) else {
        return;
    };
    let length = usize::from(length);
    if value.len() != length || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        c.field(
            &CODE_LENGTH,
            Error,
            path,
            &format!("\"{value}\" phải gồm đúng {length} chữ cái hoặc chữ số"),
            &format!("\"{value}\" must be exactly {length} letters or digits"),
        );
    }
}

/// Text lengths and characters, by each field's limit in the field table ([`Limit`]).
#[allow(clippy::too_many_lines)] // One flat list of the text fields, then one check.
fn lengths_and_characters(c: &mut Ctx) {
    let d = c.d;
    let mut fields: Vec<(Path, Option<&String>)> = vec![
        (Field("declarant.name"), d.declarant.name.as_ref()),
        (Field("declarant.address"), d.declarant.address.as_ref()),
        (Field("declarant.postcode"), d.declarant.postcode.as_ref()),
        (Field("declarant.phone"), d.declarant.phone.as_ref()),
        (Field("foreign_party.code"), d.foreign_party.code.as_ref()),
        (Field("foreign_party.name"), d.foreign_party.name.as_ref()),
        (
            Field("foreign_party.postcode"),
            d.foreign_party.postcode.as_ref(),
        ),
        (Field("agent_code"), d.agent_code.as_ref()),
        (Field("marks"), d.marks.as_ref()),
        (Field("vessel.code"), d.vessel.code.as_ref()),
        (Field("vessel.name"), d.vessel.name.as_ref()),
        (Field("loading_place.name"), d.loading_place.name.as_ref()),
        (
            Field("destination_place.name"),
            d.destination_place.name.as_ref(),
        ),
        (Field("invoice.number"), d.invoice.number.as_ref()),
        (Field("valuation.details"), d.valuation.details.as_ref()),
        (Field("notes"), d.notes.as_ref()),
        (Field("internal_ref"), d.internal_ref.as_ref()),
        (
            Field("first_declaration.number"),
            d.first_declaration.number.as_ref(),
        ),
    ];
    if let Some(p) = &d.entrusting_party {
        fields.push((Field("entrusting_party.name"), p.name.as_ref()));
    }
    for (i, line) in d.foreign_party.address.iter().enumerate() {
        fields.push((Item("foreign_party.address", i, ""), Some(line)));
    }
    for (i, bl) in d.bills_of_lading.iter().enumerate() {
        fields.push((Item("bills_of_lading", i, ""), Some(bl)));
    }
    for (i, p) in d.permits.iter().enumerate() {
        fields.push((Item("permits", i, "number"), p.number.as_ref()));
    }
    for (i, a) in d.attachment_numbers.iter().enumerate() {
        fields.extend([
            (Item("attachment_numbers", i, "class"), a.class.as_ref()),
            (Item("attachment_numbers", i, "number"), a.number.as_ref()),
        ]);
    }
    for (i, line) in d.goods.iter().enumerate() {
        fields.push((Item("goods", i, "description"), line.description.as_ref()));
        fields.push((Item("goods", i, "own_code"), line.own_code.as_ref()));
    }
    for (path, value) in fields {
        let Some(value) = text(value) else { continue };
        let Some(limit) = path.field().and_then(|f| f.limit) else {
            continue;
        };
        let bytes = limit.bytes();
        match limit {
            Limit::Half(_) => {
                if let Some(bad) = value
                    .chars()
                    .find(|ch| !ch.is_ascii() || ch.is_ascii_control())
                {
                    c.field_at(
                        &CHARACTERS,
                        Error,
                        path,
                        &format!("chỉ được dùng chữ không dấu, chữ số và ký hiệu ASCII (có \"{bad}\")"),
                        &format!("only unaccented letters, digits and ASCII symbols are allowed (found \"{bad}\")"),
                    );
                } else if value.len() > bytes {
                    too_long(c, path, value.len(), bytes);
                }
            }
            // VNACCS counts a wide item in UTF-8 bytes; the official client caps it at a third
            // of them in characters (3 bytes per composed Vietnamese letter). Both hold.
            Limit::Wide(_) => {
                let limit = limit.chars();
                let count = value.chars().count();
                if count > limit {
                    too_long(c, path, count, limit);
                } else if value.len() > bytes {
                    c.field_at(
                        &TOO_LONG,
                        Error,
                        path,
                        &format!("dài {} byte UTF-8, tối đa {bytes}", value.len()),
                        &format!("is {} UTF-8 bytes long; at most {bytes}", value.len()),
                    );
                }
            }
            // Exact-length codes are checked by `fixed_length`.
            Limit::Exact(_) => {}
        }
    }
    if let Some(phone) = text(d.declarant.phone.as_ref())
        && !phone.bytes().all(|b| b.is_ascii_digit())
    {
        c.field(
            &CHARACTERS,
            Error,
            "declarant.phone",
            "chỉ ghi chữ số, không có dấu gạch hay khoảng trắng",
            "digits only, without dashes or spaces",
        );
    }
}

fn too_long(c: &mut Ctx, path: Path, length: usize, limit: usize) {
    c.field_at(
        &TOO_LONG,
        Error,
        path,
        &format!("dài {length} ký tự, tối đa {limit}"),
        &format!("is {length} characters long; at most {limit}"),
    );
}

/// Repetitions, at most as many as the field table's `repeat` (the layout's repeated items).
fn repetitions(c: &mut Ctx) {
    let d = c.d;
    let mut counts: Vec<(Path, usize)> = vec![
        (Field("bills_of_lading"), d.bills_of_lading.len()),
        (
            Field("foreign_party.address"),
            d.foreign_party.address.len(),
        ),
        (Field("containers"), d.containers.len()),
        (Field("other_law_codes"), d.other_law_codes.len()),
        (Field("permits"), d.permits.len()),
        (Field("attachment_numbers"), d.attachment_numbers.len()),
        (
            Field("valuation.adjustments"),
            d.valuation.adjustments.len(),
        ),
    ];
    for (i, line) in d.goods.iter().enumerate() {
        counts.push((Item("goods", i, "other_taxes"), line.other_taxes.len()));
        counts.push((
            Item("goods", i, "adjustment_refs"),
            line.adjustment_refs.len(),
        ));
        counts.push((
            Item("goods", i, "other_law_codes"),
            line.other_law_codes.len(),
        ));
    }
    for (path, count) in counts {
        let Some(limit) = path.field().and_then(|f| f.max_repeat(c.d.direction)) else {
            continue;
        };
        let limit = usize::from(limit);
        if count > limit {
            c.field_at(
                &TOO_MANY,
                Error,
                path,
                &format!("khai {count} lần, tối đa {limit}; ghi phần còn lại vào Phần ghi chú"),
                &format!("declared {count} times, at most {limit}; put the rest in the notes"),
            );
        }
    }
}

fn numbers(c: &mut Ctx) {
    let d = c.d;
    let vnd = text(d.invoice.currency.as_ref()) == Some("VND");
    // Money takes the field table's decimals in a foreign currency, none in VND.
    let money_places = |vnd: bool| if vnd { Some(0) } else { None };
    let mut checks: Vec<(Path, Option<Decimal>, Option<u32>, bool)> = vec![
        (Field("packages.amount"), d.packages.amount, None, true),
        (
            Field("gross_weight.amount"),
            d.gross_weight.amount,
            None,
            true,
        ),
        (
            Field("invoice.total"),
            d.invoice.total,
            money_places(vnd),
            false,
        ),
    ];
    for (i, line) in d.goods.iter().enumerate() {
        checks.push((
            Item("goods", i, "quantity.amount"),
            line.quantity.amount,
            None,
            true,
        ));
        checks.push((
            Item("goods", i, "quantity2.amount"),
            line.quantity2.amount,
            None,
            true,
        ));
        checks.push((
            Item("goods", i, "invoice_value"),
            line.invoice_value,
            money_places(vnd),
            false,
        ));
        checks.push((Item("goods", i, "unit_price"), line.unit_price, None, false));
        if let Some(m) = &line.manual_taxable_value {
            let vnd = text(m.currency.as_ref()).is_none_or(|cur| cur == "VND");
            checks.push((
                Item("goods", i, "manual_taxable_value.amount"),
                m.amount,
                money_places(vnd),
                false,
            ));
        }
    }
    for (path, value, places, must_be_positive) in checks {
        let Some(value) = value else { continue };
        let Some(places) = places.or_else(|| path.field()?.precision().map(|p| p.0)) else {
            continue;
        };
        if value.is_sign_negative() || (must_be_positive && value.is_zero()) {
            let (vi, en) = if must_be_positive {
                ("phải lớn hơn 0", "must be greater than zero")
            } else {
                ("không được âm", "must not be negative")
            };
            c.field_at(&NOT_POSITIVE, Error, path, vi, en);
        } else if value.normalize().scale() > places {
            let (vi, en) = if places == 0 {
                (
                    "phải là số nguyên (không có phần thập phân)".to_owned(),
                    "must be a whole number".to_owned(),
                )
            } else {
                (
                    format!("tối đa {places} chữ số thập phân"),
                    format!("at most {places} decimal places"),
                )
            };
            c.field_at(&DECIMALS, Error, path, &vi, &en);
        }
    }
}

/// ISO 6346 container number: owner code (3 letters), category (U, J or Z), 6-digit serial and a
/// check digit. A wrong check digit is a warning: it is usually a typing error, but the number
/// printed on the box is what counts.
fn containers(c: &mut Ctx) {
    for (i, number) in c.d.containers.iter().enumerate() {
        let path = Item("containers", i, "");
        let n: String = number
            .chars()
            .filter(|ch| !ch.is_whitespace() && *ch != '-')
            .collect();
        let well_formed = n.len() == 11
            && n.is_ascii()
            && n[..3].bytes().all(|b| b.is_ascii_uppercase())
            && matches!(n.as_bytes()[3], b'U' | b'J' | b'Z')
            && n[4..].bytes().all(|b| b.is_ascii_digit());
        if !well_formed {
            c.field_at(
                &CONTAINER_FORMAT,
                Error,
                path,
                &format!("\"{number}\" phải gồm 4 chữ cái (kết thúc bằng U, J hoặc Z) và 7 chữ số"),
                &format!("\"{number}\" must be 4 letters (ending U, J or Z) and 7 digits"),
            );
        } else if iso6346_check_digit(&n[..10]) != n.as_bytes()[10] - b'0' {
            c.field_at(
                &CONTAINER_FORMAT,
                Warning,
                path,
                &format!("số kiểm tra của \"{number}\" không khớp; hãy kiểm tra lại số container"),
                &format!("the check digit of \"{number}\" does not match; check the number"),
            );
        }
    }
}

/// The ISO 6346 check digit of the first 10 characters.
pub fn iso6346_check_digit(first_ten: &str) -> u8 {
    let value = |ch: u8| -> u32 {
        if ch.is_ascii_digit() {
            u32::from(ch - b'0')
        } else {
            // A=10, skipping multiples of 11 (11, 22, 33).
            let mut v = 10;
            for _ in b'A'..ch {
                v += 1;
                if v % 11 == 0 {
                    v += 1;
                }
            }
            v
        }
    };
    let sum: u32 = first_ten
        .bytes()
        .enumerate()
        .map(|(i, ch)| value(ch) << i)
        .sum();
    u8::try_from(sum % 11 % 10).unwrap_or(0)
}

fn places(c: &mut Ctx) {
    let d = c.d;
    // UN/LOCODE: 2-letter country + 3 letters/digits; `ccZZZ` when the place has no code.
    let (foreign_path, foreign) = if c.is_import() {
        ("loading_place.code", d.loading_place.code.as_ref())
    } else {
        ("destination_place.code", d.destination_place.code.as_ref())
    };
    if let Some(code) = text(foreign) {
        let ok = code.len() == 5
            && code.is_ascii()
            && code[..2].bytes().all(|b| b.is_ascii_uppercase())
            && code[2..]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !ok {
            c.field(
                &LOCODE_FORMAT,
                Error,
                foreign_path,
                &format!("\"{code}\" phải là mã UN/LOCODE 5 ký tự (2 chữ mã nước + 3 ký tự; ccZZZ nếu không có mã)"),
                &format!("\"{code}\" must be a 5-character UN/LOCODE (country + 3; ccZZZ when none)"),
            );
        }
    }
    if let Some(code) = text(d.storage_location.as_ref()) {
        let ok = code.len() == 7
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !ok {
            c.field(
                &STORAGE_FORMAT,
                Error,
                "storage_location",
                &format!("\"{code}\" phải gồm 7 ký tự in hoa hoặc chữ số (mã chi cục + loại + số)"),
                &format!(
                    "\"{code}\" must be 7 upper-case letters or digits (branch + kind + number)"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{import, run};

    fn has(findings: &[crate::rules::Finding], code: &str, path: &str) -> bool {
        findings.iter().any(|f| f.code == code && f.path == path)
    }

    #[test]
    fn check_digit_matches_iso_6346_examples() {
        // Worked example of the standard: CSQU305438 → 3.
        assert_eq!(iso6346_check_digit("CSQU305438"), 3);
        assert_eq!(iso6346_check_digit("MSCU123456"), 6);
    }

    #[test]
    fn identifier_formats_are_checked_with_vietnamese_wording() {
        let mut d = import();
        d.goods[0].hs_code = Some("8471302".into());
        d.declarant.tax_code = Some("03012345".into());
        d.office = Some("2CI".into());
        d.invoice.currency = Some("usd".into());
        let f = run(&d);
        assert!(has(&f, "KB-E0201", "goods[0].hs_code"));
        let tax = f.iter().find(|f| f.path == "declarant.tax_code").unwrap();
        assert_eq!(tax.code, "KB-E0203");
        assert!(
            tax.message_vi.contains("10 hoặc 13 chữ số"),
            "{}",
            tax.message_vi
        );
        assert!(has(&f, "KB-E0202", "office"));
        assert!(has(&f, "KB-E0204", "invoice.currency"));
    }

    #[test]
    fn half_width_fields_refuse_vietnamese_letters_and_long_text() {
        let mut d = import();
        d.foreign_party.name = Some("Công ty Nhật".into());
        d.invoice.number = Some("X".repeat(36));
        d.goods[0].description = Some("á".repeat(201));
        let f = run(&d);
        assert!(has(&f, "KB-E0208", "foreign_party.name"));
        assert!(has(&f, "KB-E0207", "invoice.number"));
        assert!(has(&f, "KB-E0207", "goods[0].description"));
    }

    #[test]
    fn decimals_and_signs() {
        let mut d = import();
        d.goods[0].quantity.amount = Some(Decimal::new(1_234, 3));
        d.goods[1].quantity.amount = Some(Decimal::ZERO);
        d.goods[2].invoice_value = Some(Decimal::new(-1, 0));
        let f = run(&d);
        assert!(has(&f, "KB-E0206", "goods[0].quantity.amount"));
        assert!(has(&f, "KB-E0213", "goods[1].quantity.amount"));
        assert!(has(&f, "KB-E0213", "goods[2].invoice_value"));
        d.invoice.currency = Some("VND".into());
        d.invoice.total = Some(Decimal::new(10_005, 1));
        assert!(has(&run(&d), "KB-E0206", "invoice.total"));
    }

    #[test]
    fn trailing_zeros_are_not_extra_decimals() {
        let mut d = import();
        d.goods[0].quantity.amount = Some(Decimal::new(10_000, 3)); // 10.000
        assert!(!has(&run(&d), "KB-E0206", "goods[0].quantity.amount"));
    }

    #[test]
    fn repetitions_containers_and_places() {
        let mut d = import();
        d.bills_of_lading = (0..6).map(|i| format!("BL{i}")).collect();
        d.containers = vec![
            "MSCU1234566".into(),
            "MSCU1234565".into(),
            "MSC1234565".into(),
        ];
        d.loading_place.code = Some("Tokyo".into());
        d.storage_location = Some("02CI-S01".into());
        let f = run(&d);
        assert!(has(&f, "KB-E0209", "bills_of_lading"));
        assert!(!f.iter().any(|f| f.path == "containers[0]"));
        assert!(has(&f, "KB-W0210", "containers[1]"));
        assert!(has(&f, "KB-E0210", "containers[2]"));
        assert!(has(&f, "KB-E0211", "loading_place.code"));
        assert!(has(&f, "KB-E0212", "storage_location"));
    }
}
