//! Cross-field rules (04xx): fields that must agree with each other — type code and direction,
//! invoice totals, unit prices, delivery terms vs freight and insurance, office vs transport
//! mode, FTA claims (schedule, origin, C/O form), other taxes, weights.

use crate::codes::rate_cell::Preference;
use std::collections::HashSet;

use rust_decimal::Decimal;

use super::Severity::{Error, Warning};
use super::catalogue::{
    ADJUSTMENT_REF, CURRENCY_MIX, FIRST_DECLARATION, FREIGHT_IN_PRICE, FREIGHT_MISSING,
    FTA_CO_FORM, FTA_ORIGIN, FTA_RATE_UNKNOWN, GROSS_WEIGHT, INSURANCE_IN_PRICE, INVOICE_TOTAL,
    LINE_VALUE, LOADING_IN_VN, MANUAL_VALUE, NO_VAT_CODE, OFFICE_MODE, OTHER_TAX_ORDER,
    STORAGE_OFFICE, TARIFF_UNIT, TOO_MANY_LINES, TYPE_DIRECTION,
};
use super::context::{Ctx, number, text};
use crate::codes::TableId;
use crate::domain::{Direction, MAX_GOODS_LINES};

pub(crate) fn check(c: &mut Ctx) {
    type_direction(c);
    line_count(c);
    invoice_total(c);
    line_values(c);
    office_mode(c);
    delivery_terms(c);
    currencies(c);
    if c.is_import() {
        preferences(c);
        other_taxes(c);
        adjustment_refs(c);
        loading_place(c);
    }
    manual_values(c);
    tariff_units(c);
    weights(c);
    first_declaration(c);
}

/// FIC/BNO/DNO (the IDA/EDA input guide, item FIC): `F` on the first declaration of a shipment
/// of more than 50 lines (with no place, or place 1); on the next ones the first's 12-digit
/// number, the place (2 or more) and the total (at least the place, at most 99).
fn first_declaration(c: &mut Ctx) {
    use crate::domain::DeclarationNumber;
    let link = &c.d.first_declaration;
    if link.is_empty() {
        return;
    }
    let number = text(link.number.as_ref());
    let place = link.sequence;
    let total = link.count;
    let one = rust_decimal::Decimal::ONE;
    let problem: Option<(&str, &str, &str)> = match number {
        None => Some((
            "first_declaration.number",
            "ghi \"F\" trên tờ khai đầu tiên, số tờ khai đầu tiên trên các tờ khai sau",
            "\"F\" on the first declaration, the first one's number on the next ones",
        )),
        Some("F" | "f") if place.is_some_and(|p| p != one) => Some((
            "first_declaration.sequence",
            "tờ khai đầu tiên (\"F\") là tờ khai số 1",
            "the first declaration (\"F\") is number 1",
        )),
        Some("F" | "f") => None,
        Some(n) if n.parse::<DeclarationNumber>().is_err() => Some((
            "first_declaration.number",
            "phải là \"F\" hoặc số tờ khai đầu tiên (12 chữ số)",
            "must be \"F\" or the first declaration's number (12 digits)",
        )),
        Some(_) if place.is_none_or(|p| p < rust_decimal::Decimal::TWO) => Some((
            "first_declaration.sequence",
            "từ tờ khai thứ 2 trở đi, ghi số thứ tự (2 trở lên)",
            "from the second declaration on, give its place (2 or more)",
        )),
        Some(_)
            if total.is_none_or(|t| {
                place.is_some_and(|p| t < p) || t > rust_decimal::Decimal::from(99)
            }) =>
        {
            Some((
                "first_declaration.count",
                "ghi tổng số tờ khai, không nhỏ hơn số thứ tự và không quá 99",
                "give the number of declarations, not less than the place and at most 99",
            ))
        }
        Some(_) => None,
    };
    if let Some((path, vi, en)) = problem {
        c.field(&FIRST_DECLARATION, Error, path, vi, en);
    }
}

fn type_direction(c: &mut Ctx) {
    let Some(code) = text(c.d.type_code.as_ref()) else {
        return;
    };
    let Some(direction) = c
        .codes
        .table(TableId::TypeCodes)
        .field_of(code, "direction")
    else {
        return;
    };
    let wanted = match c.d.direction {
        Direction::Import => "import",
        Direction::Export => "export",
    };
    if direction != wanted {
        let (vi, en) = if wanted == "import" {
            (
                "là mã loại hình xuất khẩu, không dùng cho tờ khai nhập khẩu",
                "is an export type code; this is an import declaration",
            )
        } else {
            (
                "là mã loại hình nhập khẩu, không dùng cho tờ khai xuất khẩu",
                "is an import type code; this is an export declaration",
            )
        };
        c.field(
            &TYPE_DIRECTION,
            Error,
            "type_code",
            &format!("{code} {vi}"),
            &format!("{code} {en}"),
        );
    }
}

fn line_count(c: &mut Ctx) {
    let n = c.d.goods.len();
    if n > MAX_GOODS_LINES {
        c.report(
            &TOO_MANY_LINES,
            Error,
            "goods",
            format!(
                "Tờ khai có {n} dòng hàng, tối đa {MAX_GOODS_LINES}: hãy tách thành nhiều tờ khai \
                 (Số tờ khai đầu tiên / Số nhánh)"
            ),
            format!(
                "The declaration has {n} goods lines, at most {MAX_GOODS_LINES}: split it into \
                 several declarations (first declaration number / split number)"
            ),
        );
    }
}

fn invoice_total(c: &mut Ctx) {
    let d = c.d;
    let Some(total) = d.invoice.total else { return };
    if d.goods.is_empty() || d.goods.iter().any(|g| g.invoice_value.is_none()) {
        return;
    }
    let sum = d.goods_invoice_total();
    if (total - sum).abs() <= Decimal::new(1, 2) {
        return;
    }
    let all_paid = text(d.invoice.price_kind.as_ref()).is_none_or(|k| k == "A");
    let severity = if all_paid { Error } else { Warning };
    c.field(
        &INVOICE_TOTAL,
        severity,
        "invoice.total",
        &format!(
            "{} khác tổng trị giá các dòng hàng {}",
            number(total).0,
            number(sum).0
        ),
        &format!(
            "{} differs from the sum of the goods lines, {}",
            number(total).1,
            number(sum).1
        ),
    );
}

/// UPR × QN1 must equal BPR within ±1 (official guide).
fn line_values(c: &mut Ctx) {
    for (i, line) in c.d.goods.iter().enumerate() {
        let (Some(price), Some(qty), Some(value)) =
            (line.unit_price, line.quantity.amount, line.invoice_value)
        else {
            continue;
        };
        let product = price * qty;
        if (product - value).abs() > Decimal::ONE {
            c.field(
                &LINE_VALUE,
                Error,
                &format!("goods[{i}].invoice_value"),
                &format!(
                    "{} khác đơn giá × số lượng = {} × {} = {}",
                    number(value).0,
                    number(price).0,
                    number(qty).0,
                    number(product).0
                ),
                &format!(
                    "{} differs from unit price × quantity = {} × {} = {}",
                    number(value).1,
                    number(price).1,
                    number(qty).1,
                    number(product).1
                ),
            );
        }
    }
}

fn office_mode(c: &mut Ctx) {
    let d = c.d;
    let (Some(office), Some(mode)) = (text(d.office.as_ref()), text(d.transport_mode.as_ref()))
    else {
        return;
    };
    let offices = c.codes.table(TableId::CustomsOffices);
    if let Some(modes) = offices.field_of(office, "modes")
        && !modes.split(';').any(|m| m == mode)
    {
        let mode_name = c
            .codes
            .table(TableId::TransportModes)
            .get(mode)
            .map(|e| (e.name_vi.clone(), e.name_en.clone()))
            .unwrap_or_default();
        let office_name = offices
            .get(office)
            .map(|e| e.name_vi.clone())
            .unwrap_or_default();
        c.field(
            &OFFICE_MODE,
            Error,
            "office",
            &format!("{office} ({office_name}) không làm thủ tục cho hàng vận chuyển {} (mã {mode}); chọn chi cục đúng cửa khẩu", mode_name.0.to_lowercase()),
            &format!("{office} does not clear goods carried by {} (mode {mode}); choose the office of the right border gate", mode_name.1.to_lowercase()),
        );
    }
    if let Some(location) = text(d.storage_location.as_ref())
        && location.len() == 7
        && location.is_char_boundary(4)
        && &location[..4] != office
    {
        c.field(
            &STORAGE_OFFICE,
            Warning,
            "storage_location",
            &format!(
                "{location} thuộc chi cục {}, khác cơ quan Hải quan {office}",
                &location[..4]
            ),
            &format!(
                "{location} belongs to branch {}, not to the declared office {office}",
                &location[..4]
            ),
        );
    }
}

fn delivery_terms(c: &mut Ctx) {
    let d = c.d;
    let Some(term) = text(d.invoice.incoterm.as_ref()) else {
        return;
    };
    let terms = c.codes.table(TableId::Incoterms);
    let includes = |column: &str| terms.field_of(term, column) == Some("yes");
    if !c.is_import() {
        return;
    }
    let insurance_kind = d
        .valuation
        .insurance
        .as_ref()
        .and_then(|i| text(i.kind.as_ref()));
    if includes("insurance_included") && insurance_kind == Some("A") {
        c.field(
            &INSURANCE_IN_PRICE,
            Error,
            "valuation.insurance.kind",
            &format!("điều kiện {term} đã gồm phí bảo hiểm trong giá; khai mã D (không có bảo hiểm riêng)"),
            &format!("{term} already includes insurance in the price; declare kind D (no separate insurance)"),
        );
    }
    let freight = d.valuation.freight.as_ref();
    let freight_kind = freight.and_then(|f| text(f.kind.as_ref()));
    let freight_amount = freight.and_then(|f| f.amount).unwrap_or_default();
    let extra_freight = matches!(freight_kind, Some("E" | "F"));
    if includes("freight_included") && freight_amount > Decimal::ZERO && !extra_freight {
        c.field(
            &FREIGHT_IN_PRICE,
            Warning,
            "valuation.freight",
            &format!("điều kiện {term} đã gồm cước vận chuyển; chỉ khai phần cước phát sinh thêm (FR1 = E hoặc F)"),
            &format!("{term} already includes freight; declare only extra freight (FR1 = E or F)"),
        );
    }
    if !includes("freight_included") && freight_amount.is_zero() {
        c.field(
            &FREIGHT_MISSING,
            Warning,
            "valuation.freight",
            &format!("điều kiện {term} chưa gồm cước tới cửa khẩu nhập đầu tiên; trị giá tính thuế phải cộng phí vận chuyển"),
            &format!("{term} does not include freight to the first port; the taxable value must add it"),
        );
    }
}

fn currencies(c: &mut Ctx) {
    let d = c.d;
    let Some(invoice) = text(d.invoice.currency.as_ref()) else {
        return;
    };
    if let Some(total) = &d.export_taxable_total
        && let Some(currency) = text(total.currency.as_ref())
        && currency != invoice
        && currency != "VND"
    {
        c.field(
            &CURRENCY_MIX,
            Error,
            "export_taxable_total.currency",
            &format!("{currency} phải trùng đồng tiền hóa đơn {invoice} hoặc là VND"),
            &format!("{currency} must be the invoice currency {invoice} or VND"),
        );
    }
    for (path, charge) in [
        ("valuation.freight.currency", d.valuation.freight.as_ref()),
        (
            "valuation.insurance.currency",
            d.valuation.insurance.as_ref(),
        ),
    ] {
        if let Some(currency) = charge.and_then(|ch| text(ch.currency.as_ref()))
            && currency != invoice
        {
            c.field(
                &CURRENCY_MIX,
                Warning,
                path,
                &format!("{currency} khác đồng tiền hóa đơn {invoice}; mỗi đồng tiền được quy đổi theo tỷ giá riêng"),
                &format!("{currency} differs from the invoice currency {invoice}; each is converted at its own rate"),
            );
        }
    }
}

/// A preferential schedule (B04…) needs an origin that is party to the agreement and the
/// agreement's C/O form; the bundled tariff should know the rate.
fn preferences(c: &mut Ctx) {
    let schedules = c.codes.table(TableId::TariffSchedules);
    let mut reports: Vec<(super::Rule, super::Severity, String, String, String)> = Vec::new();
    for (i, line) in c.d.goods.iter().enumerate() {
        let Some(schedule) = text(line.tariff_schedule.as_ref()) else {
            continue;
        };
        let Some(origins) = schedules.field_of(schedule, "origins") else {
            continue;
        };
        let agreement = schedules
            .field_of(schedule, "agreement")
            .unwrap_or_default();
        let forms = schedules.field_of(schedule, "co_forms").unwrap_or_default();
        if let Some(origin) = text(line.origin_country.as_ref())
            && !origins.split(';').any(|o| o == origin)
        {
            reports.push((
                FTA_ORIGIN,
                Error,
                format!("goods[{i}].origin_country"),
                format!("xuất xứ {origin} không được hưởng biểu thuế {schedule} ({agreement}); các nước được hưởng: {}", origins.replace(';', ", ")),
                format!("origin {origin} is not entitled to schedule {schedule} ({agreement}); entitled: {}", origins.replace(';', ", ")),
            ));
        }
        let form = text(line.co_form.as_ref());
        if !forms.is_empty() && form.is_none_or(|f| !forms.split(';').any(|x| x == f)) {
            let found = form.unwrap_or("—");
            reports.push((
                FTA_CO_FORM,
                Error,
                format!("goods[{i}].co_form"),
                format!(
                    "biểu thuế {schedule} cần C/O mẫu {} (đang khai: {found})",
                    forms.replace(';', " hoặc ")
                ),
                format!(
                    "schedule {schedule} needs C/O form {} (declared: {found})",
                    forms.replace(';', " or ")
                ),
            ));
        }
        let hs = text(line.hs_code.as_ref()).unwrap_or_default();
        let origin = text(line.origin_country.as_ref()).unwrap_or_default();
        let column = crate::codes::tariff::Tariff::column_for(agreement, origin);
        let known = c
            .codes
            .tariff()
            .line(hs)
            .is_some_and(|t| t.preferential.contains_key(&column));
        // What the tariff's cell says for this origin: an exception or `*` is no preference.
        let said = c
            .codes
            .tariff()
            .line(hs)
            .and_then(|t| t.preferential.get(&column))
            .map(|cell| cell.for_origin(origin));
        match said {
            Some(Preference::OriginExcluded) => reports.push((
                FTA_ORIGIN,
                Error,
                format!("goods[{i}].origin_country"),
                format!("thuế suất {} của mã {hs} không áp dụng cho hàng có xuất xứ {origin} (ngoại lệ trong biểu thuế); khai biểu thuế khác (B01 nếu không có ưu đãi nào)", agreement.to_uppercase()),
                format!("the {} rate of {hs} excludes goods originating in {origin} (an exception in the tariff); declare another schedule (B01 when no preference applies)", agreement.to_uppercase()),
            )),
            Some(Preference::NoPreference) => reports.push((
                FTA_RATE_UNKNOWN,
                Warning,
                format!("goods[{i}].tariff_schedule"),
                format!("mã {hs} không được hưởng ưu đãi {} (biểu thuế ghi *): thuế suất MFN sẽ áp dụng", agreement.to_uppercase()),
                format!("line {hs} has no {} preference (the tariff says *): the MFN rate will apply", agreement.to_uppercase()),
            )),
            Some(Preference::SeveralRates(_)) if line.manual_duty_rate.is_none() => reports.push((
                FTA_RATE_UNKNOWN,
                Warning,
                format!("goods[{i}].manual_duty_rate"),
                format!("mã {hs} có nhiều thuế suất {} theo dòng con: hãy khai thuế suất thủ công (TXA)", agreement.to_uppercase()),
                format!("line {hs} has several {} rates for its sub-lines: enter the rate manually (TXA)", agreement.to_uppercase()),
            )),
            _ => {}
        }
        if c.codes.tariff().line(hs).is_some() && !known && line.manual_duty_rate.is_none() {
            reports.push((
                FTA_RATE_UNKNOWN,
                Warning,
                format!("goods[{i}].manual_duty_rate"),
                format!("biểu thuế kèm theo chưa có thuế suất {agreement} cho mã {hs}; hãy khai thuế suất thủ công"),
                format!("the bundled tariff has no {agreement} rate for {hs}; enter the rate manually"),
            ));
        }
    }
    for (rule, severity, path, vi, en) in reports {
        c.field(&rule, severity, &path, &vi, &en);
    }
}

/// Other taxes (TX1–TX5) go in the order additional duties, SCT, EPT, VAT, each code once; a
/// code without a table rate (anti-dumping…) needs a manual rate; import lines carry a VAT code.
fn other_taxes(c: &mut Ctx) {
    let taxes = c.codes.table(TableId::TaxCodes);
    let rank = |kind: &str| match kind {
        "additional" => 0,
        "sct" => 1,
        "ept" => 2,
        "vat" => 3,
        _ => 4,
    };
    let mut reports: Vec<(super::Rule, super::Severity, String, String, String)> = Vec::new();
    for (i, line) in c.d.goods.iter().enumerate() {
        let mut seen = HashSet::new();
        let mut last_rank = 0;
        let mut has_vat = false;
        for (t, tax) in line.other_taxes.iter().enumerate() {
            let Some(code) = text(tax.code.as_ref()) else {
                continue;
            };
            let Some(kind) = taxes.field_of(code, "tax") else {
                continue;
            };
            let path = format!("goods[{i}].other_taxes[{t}].code");
            has_vat |= kind == "vat";
            if !seen.insert(kind) {
                reports.push((
                    OTHER_TAX_ORDER,
                    Error,
                    path.clone(),
                    format!("{code}: mỗi loại thuế chỉ khai một lần trên một dòng hàng"),
                    format!("{code}: each kind of tax is declared once per line"),
                ));
            } else if rank(kind) < last_rank {
                reports.push((OTHER_TAX_ORDER, Error, path.clone(),
                    format!("{code}: khai theo thứ tự thuế bổ sung (tự vệ, chống bán phá giá…), TTĐB, BVMT, GTGT"),
                    format!("{code}: declare in the order additional duties, SCT, EPT, VAT")));
            }
            last_rank = last_rank.max(rank(kind));
            if c.codes.tax_rates().periods(code).is_empty() && tax.manual_rate.is_none() {
                reports.push((super::catalogue::REQUIRED_BY_FIELD, Error, format!("goods[{i}].other_taxes[{t}].manual_rate"),
                    format!("mã {code} không có thuế suất trong bảng; hãy khai thuế suất theo quyết định áp dụng"),
                    format!("code {code} has no table rate; enter the rate of the applicable decision")));
            }
        }
        if !has_vat && text(line.hs_code.as_ref()).is_some() {
            reports.push((
                NO_VAT_CODE,
                Warning,
                format!("goods[{i}].other_taxes"),
                "chưa có mã thuế GTGT; thuế GTGT sẽ tính theo thuế suất trong biểu thuế".into(),
                "no VAT code; VAT will be computed at the tariff's VAT rate".into(),
            ));
        }
    }
    for (rule, severity, path, vi, en) in reports {
        c.field(&rule, severity, &path, &vi, &en);
    }
}

fn adjustment_refs(c: &mut Ctx) {
    let count = c.d.valuation.adjustments.len();
    let mut bad = Vec::new();
    for (i, line) in c.d.goods.iter().enumerate() {
        for &r in &line.adjustment_refs {
            if r == 0 || usize::from(r) > count {
                bad.push((i, r));
            }
        }
    }
    for (i, r) in bad {
        c.field(
            &ADJUSTMENT_REF,
            Error,
            &format!("goods[{i}].adjustment_refs"),
            &format!("khoản điều chỉnh số {r} không tồn tại (tờ khai có {count} khoản)"),
            &format!("adjustment number {r} does not exist (the declaration has {count})"),
        );
    }
}

fn loading_place(c: &mut Ctx) {
    let Some(code) = text(c.d.loading_place.code.as_ref()) else {
        return;
    };
    let domestic_types = ["E15", "A42", "A21"];
    let domestic = text(c.d.type_code.as_ref()).is_some_and(|t| domestic_types.contains(&t));
    if code.starts_with("VN") && !domestic {
        c.field(
            &LOADING_IN_VN,
            Warning,
            "loading_place.code",
            &format!("{code} ở Việt Nam; hàng nhập khẩu thường xếp ở cảng nước ngoài"),
            &format!("{code} is in Viet Nam; imported goods are normally loaded at a foreign port"),
        );
    }
}

/// A manual duty rate (TXA) or taxable value (DPR) wins over the computed one: flag it so the
/// broker knows the tariff was not used.
fn manual_values(c: &mut Ctx) {
    let mut reports = Vec::new();
    for (i, line) in c.d.goods.iter().enumerate() {
        if let Some(rate) = line.manual_duty_rate {
            reports.push((
                format!("goods[{i}].manual_duty_rate"),
                format!("thuế suất {rate}% khai thủ công được dùng thay cho biểu thuế"),
                format!("the manual rate {rate}% is used instead of the tariff"),
            ));
        }
        let automatic = text(c.d.valuation.method.as_ref()).is_some_and(|m| {
            c.codes
                .table(TableId::ValuationMethods)
                .field_of(m, "automatic")
                == Some("yes")
        });
        if automatic && let Some(value) = line.manual_taxable_value.as_ref().and_then(|m| m.amount)
        {
            reports.push((
                format!("goods[{i}].manual_taxable_value"),
                format!(
                    "trị giá tính thuế {} khai thủ công được dùng thay cho trị giá hệ thống tính",
                    number(value).0
                ),
                format!(
                    "the manual taxable value {} is used instead of the computed one",
                    number(value).1
                ),
            ));
        }
    }
    for (path, vi, en) in reports {
        c.field(&MANUAL_VALUE, Warning, &path, &vi, &en);
    }
}

fn tariff_units(c: &mut Ctx) {
    let mut reports = Vec::new();
    for (i, line) in c.d.goods.iter().enumerate() {
        let (Some(hs), Some(unit)) = (
            text(line.hs_code.as_ref()),
            text(line.quantity.unit.as_ref()),
        ) else {
            continue;
        };
        if let Some(t) = c.codes.tariff().line(hs)
            && !t.unit.is_empty()
            && t.unit != unit
        {
            reports.push((i, t.unit.clone(), unit.to_owned()));
        }
    }
    for (i, tariff_unit, unit) in reports {
        c.field(
            &TARIFF_UNIT,
            Warning,
            &format!("goods[{i}].quantity.unit"),
            &format!("{unit} khác đơn vị tính {tariff_unit} của biểu thuế; Số lượng (1) nên khai theo đơn vị của biểu thuế"),
            &format!("{unit} differs from the tariff unit {tariff_unit}; quantity (1) should use the tariff unit"),
        );
    }
}

fn weights(c: &mut Ctx) {
    let d = c.d;
    let (Some(gross), Some("KGM")) = (d.gross_weight.amount, text(d.gross_weight.unit.as_ref()))
    else {
        return;
    };
    let net: Decimal = d
        .goods
        .iter()
        .filter(|g| text(g.quantity2.unit.as_ref()) == Some("KGM"))
        .filter_map(|g| g.quantity2.amount)
        .sum();
    if net > gross {
        c.field(
            &GROSS_WEIGHT,
            Warning,
            "gross_weight.amount",
            &format!(
                "{} kg nhỏ hơn tổng trọng lượng tịnh các dòng hàng {} kg",
                number(gross).0,
                number(net).0
            ),
            &format!(
                "{} kg is less than the lines' net weight, {} kg",
                number(gross).1,
                number(net).1
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use crate::rules::test_support::{export, import, run};

    fn has(f: &[crate::rules::Finding], code: &str, path: &str) -> bool {
        f.iter().any(|x| x.code == code && x.path == path)
    }

    #[test]
    fn what_validates_also_assesses_a_tax_code_out_of_force_or_a_refused_reduction() {
        use crate::domain::OtherTax;
        use crate::rules::test_support::run_on;
        let day = |s: &str| s.parse().unwrap();
        let mut d = import();
        d.goods[0].other_taxes = vec![OtherTax {
            code: Some("GTGT08".into()),
            ..OtherTax::default()
        }];
        let refused = |f: &[crate::rules::Finding], code: &str| {
            f.iter()
                .any(|x| x.code == code && x.path == "goods[0].other_taxes[0].code")
        };
        assert!(!refused(&run_on(&d, day("2026-12-31")), "KB-E0606"));
        assert!(refused(&run_on(&d, day("2027-01-01")), "KB-E0606"));
        d.goods[0].other_taxes.insert(
            0,
            OtherTax {
                code: Some("TTDB-BIA".into()),
                ..OtherTax::default()
            },
        );
        let f = run_on(&d, day("2026-12-31"));
        assert!(
            f.iter()
                .any(|x| x.code == "KB-E0607" && x.path == "goods[0].other_taxes[1].code"),
            "{f:#?}"
        );
    }

    #[test]
    fn clean_fixtures_have_no_cross_field_findings() {
        for d in [import(), export()] {
            let f = run(&d);
            assert!(!f.iter().any(|x| x.code.contains("04")), "{f:#?}");
        }
    }

    #[test]
    fn type_code_of_the_other_direction() {
        let mut d = import();
        d.type_code = Some("B11".into());
        assert!(has(&run(&d), "KB-E0401", "type_code"));
    }

    #[test]
    fn totals_and_line_values() {
        let mut d = import();
        d.invoice.total = d.invoice.total.map(|t| t + Decimal::TEN);
        assert!(has(&run(&d), "KB-E0402", "invoice.total"));
        d.invoice.price_kind = Some("C".into());
        assert!(has(&run(&d), "KB-W0402", "invoice.total"));
        let mut d = import();
        d.goods[0].unit_price = d.goods[0].unit_price.map(|p| p + Decimal::ONE);
        assert!(has(&run(&d), "KB-E0403", "goods[0].invoice_value"));
    }

    #[test]
    fn numbers_in_messages_follow_each_language() {
        let mut d = import();
        d.invoice.total = Some(Decimal::new(6_000_000, 2));
        d.goods[0].invoice_value = Some(Decimal::new(123_456_750, 2));
        let findings = run(&d);
        let f = findings
            .iter()
            .find(|x| x.code == "KB-E0402")
            .expect("the total differs");
        assert!(
            f.message_vi.contains(": 60.000 khác tổng"),
            "{}",
            f.message_vi
        );
        assert!(
            f.message_en.contains(": 60,000 differs"),
            "{}",
            f.message_en
        );
        let line = findings.iter().find(|x| x.code == "KB-E0403").unwrap();
        assert!(
            line.message_vi.contains(": 1.234.567,5 khác"),
            "{}",
            line.message_vi
        );
        assert!(
            line.message_en.contains(": 1,234,567.5 differs"),
            "{}",
            line.message_en
        );
    }

    #[test]
    fn fifty_one_lines_must_be_split() {
        let mut d = import();
        let line = d.goods[0].clone();
        d.goods = vec![line; 51];
        assert!(has(&run(&d), "KB-E0404", "goods"));
    }

    #[test]
    fn airport_office_with_sea_transport() {
        let mut d = import();
        d.office = Some("02B1".into());
        d.storage_location = None;
        d.team = None;
        assert!(has(&run(&d), "KB-E0405", "office"));
    }

    #[test]
    fn storage_location_of_another_branch() {
        let mut d = import();
        d.storage_location = Some("03CCS09".into());
        assert!(has(&run(&d), "KB-W0407", "storage_location"));
    }

    #[test]
    fn delivery_terms_vs_freight_and_insurance() {
        let mut d = import();
        d.invoice.incoterm = Some("CIF".into());
        let f = run(&d);
        assert!(has(&f, "KB-E0408", "valuation.insurance.kind"));
        assert!(has(&f, "KB-W0409", "valuation.freight"));
        let mut d = import();
        d.valuation.freight = None;
        assert!(has(&run(&d), "KB-W0410", "valuation.freight"));
    }

    #[test]
    fn fta_claims_need_eligible_origin_and_matching_form() {
        let mut d = import();
        d.goods[0].tariff_schedule = Some("B05".into());
        d.goods[0].co_form = Some("D".into());
        let f = run(&d);
        assert!(has(&f, "KB-E0411", "goods[0].origin_country"));
        assert!(has(&f, "KB-E0412", "goods[0].co_form"));
        // AKFTA for a chapter 98 line, whose preferential columns the tariff leaves empty.
        d.goods[0].tariff_schedule = Some("B06".into());
        d.goods[0].hs_code = Some("98041500".into());
        d.goods[0].origin_country = Some("KR".into());
        d.goods[0].co_form = Some("AK".into());
        let f = run(&d);
        assert!(!has(&f, "KB-E0411", "goods[0].origin_country"));
        assert!(has(&f, "KB-W0413", "goods[0].manual_duty_rate"));
        // The 2026 tariff's ACFTA cell for roasted coffee is "0 (-TH, CN)": a Thai origin is
        // the exception, an Indonesian one is not.
        d.goods[0].hs_code = Some("09012111".into());
        d.goods[0].tariff_schedule = Some("B05".into());
        d.goods[0].co_form = Some("E".into());
        d.goods[0].origin_country = Some("TH".into());
        let f = run(&d);
        let why = f
            .iter()
            .find(|f| f.code == "KB-E0411" && f.path == "goods[0].origin_country")
            .unwrap();
        assert!(why.message_en.contains("excludes goods originating in TH"));
        d.goods[0].origin_country = Some("ID".into());
        assert!(!has(&run(&d), "KB-E0411", "goods[0].origin_country"));
    }

    #[test]
    fn other_taxes_order_duplicates_and_manual_rates() {
        let mut d = import();
        let vat = d.goods[0].other_taxes[0].clone();
        let mut sct = vat.clone();
        sct.code = Some("TTDB-BIA".into());
        let mut dumping = vat.clone();
        dumping.code = Some("CBPG".into());
        d.goods[0].other_taxes = vec![vat.clone(), sct, vat];
        d.goods[1].other_taxes = vec![dumping];
        let f = run(&d);
        assert!(has(&f, "KB-E0414", "goods[0].other_taxes[1].code"));
        assert!(has(&f, "KB-E0414", "goods[0].other_taxes[2].code"));
        assert!(has(&f, "KB-E0105", "goods[1].other_taxes[0].manual_rate"));
        assert!(has(&f, "KB-W0415", "goods[1].other_taxes"));
    }

    #[test]
    fn manual_values_are_flagged_and_units_compared() {
        let mut d = import();
        d.goods[0].manual_duty_rate = Some(Decimal::from(3));
        d.goods[1].quantity.unit = Some("SET".into());
        let f = run(&d);
        assert!(has(&f, "KB-W0416", "goods[0].manual_duty_rate"));
        assert!(has(&f, "KB-W0417", "goods[1].quantity.unit"));
    }

    #[test]
    fn adjustment_refs_weights_currencies_and_loading_place() {
        let mut d = import();
        d.goods[0].adjustment_refs = vec![2];
        d.gross_weight.amount = Some(Decimal::ONE);
        d.valuation.freight.as_mut().unwrap().currency = Some("EUR".into());
        d.loading_place.code = Some("VNHPH".into());
        let f = run(&d);
        assert!(has(&f, "KB-E0418", "goods[0].adjustment_refs"));
        assert!(has(&f, "KB-W0420", "gross_weight.amount"));
        assert!(has(&f, "KB-W0419", "valuation.freight.currency"));
        assert!(has(&f, "KB-W0421", "loading_place.code"));
    }
}
