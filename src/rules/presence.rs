//! Presence rules (01xx): which fields are mandatory, conditional or not used, per form
//! (import IDA / export EDA) and type code (VNACCS-REFERENCE §3).

use super::Severity::Error;
use super::catalogue::{
    MANDATORY_HEADER, MANDATORY_LINE, NO_GOODS, NOT_ON_THIS_FORM, REQUIRED_BY_FIELD,
    REQUIRED_BY_TYPE,
};
use super::context::{Ctx, text};
use crate::codes::TableId;
use crate::domain::Direction;

const MISSING_VI: &str = "chưa khai, đây là chỉ tiêu bắt buộc";
const MISSING_EN: &str = "is missing; this field is mandatory";

pub(crate) fn check(c: &mut Ctx) {
    header(c);
    conditional(c);
    not_on_this_form(c);
    goods(c);
}

fn header(c: &mut Ctx) {
    let d = c.d;
    let import = c.is_import();
    let mut missing: Vec<&str> = Vec::new();
    let mut need = |present: bool, path: &'static str| {
        if !present {
            missing.push(path);
        }
    };
    need(text(d.type_code.as_ref()).is_some(), "type_code");
    need(text(d.transport_mode.as_ref()).is_some(), "transport_mode");
    if import {
        need(text(d.party_kind.as_ref()).is_some(), "party_kind");
        need(d.arrival_date.is_some(), "arrival_date");
        need(
            text(d.loading_place.code.as_ref()).is_some(),
            "loading_place.code",
        );
        need(
            text(d.valuation.method.as_ref()).is_some(),
            "valuation.method",
        );
    } else {
        need(d.departure_date.is_some(), "departure_date");
        need(
            text(d.destination_place.code.as_ref()).is_some(),
            "destination_place.code",
        );
        need(
            text(d.invoice.price_kind.as_ref()).is_some(),
            "invoice.price_kind",
        );
    }
    need(
        text(d.declarant.tax_code.as_ref()).is_some(),
        "declarant.tax_code",
    );
    need(text(d.declarant.name.as_ref()).is_some(), "declarant.name");
    need(
        text(d.foreign_party.name.as_ref()).is_some(),
        "foreign_party.name",
    );
    need(d.packages.amount.is_some(), "packages.amount");
    need(text(d.packages.unit.as_ref()).is_some(), "packages.unit");
    // The real system derives the office from the storage location; the simulated core needs one
    // of the two, so a declaration with neither cannot be routed.
    need(
        text(d.office.as_ref()).is_some() || text(d.storage_location.as_ref()).is_some(),
        "office",
    );
    // Invoice: all of IP1–IP4 are mandatory on exports; on imports IP2–IP4 unless the goods
    // travel on a substitute document (IV1 = B).
    let substitute = text(d.invoice.kind.as_ref()) == Some("B");
    if !import || !substitute {
        need(
            text(d.invoice.incoterm.as_ref()).is_some(),
            "invoice.incoterm",
        );
        need(
            text(d.invoice.currency.as_ref()).is_some(),
            "invoice.currency",
        );
        need(d.invoice.total.is_some(), "invoice.total");
    }
    for path in missing {
        c.field(&MANDATORY_HEADER, Error, path, MISSING_VI, MISSING_EN);
    }
}

fn conditional(c: &mut Ctx) {
    let d = c.d;
    if let Some(type_code) = text(d.type_code.as_ref())
        && c.codes
            .table(TableId::TypeCodes)
            .field_of(type_code, "return_deadline")
            == Some("required")
        && d.return_deadline.is_none()
    {
        c.field(
            &REQUIRED_BY_TYPE,
            Error,
            "return_deadline",
            &format!("bắt buộc với loại hình tạm nhập/tạm xuất {type_code}"),
            &format!("is required for the temporary type code {type_code}"),
        );
    }
    let invoice_kind = text(d.invoice.kind.as_ref());
    let receipt = text(d.invoice.e_invoice_receipt.as_ref());
    if invoice_kind == Some("D") && receipt.is_none() {
        c.field(
            &REQUIRED_BY_FIELD,
            Error,
            "invoice.e_invoice_receipt",
            "bắt buộc khi hóa đơn là hóa đơn điện tử (IV1 = D)",
            "is required for an electronic invoice (IV1 = D)",
        );
    }
    if invoice_kind != Some("D") && receipt.is_some() {
        c.field(
            &REQUIRED_BY_FIELD,
            Error,
            "invoice.e_invoice_receipt",
            "chỉ khai khi hóa đơn là hóa đơn điện tử (IV1 = D)",
            "is only declared for an electronic invoice (IV1 = D)",
        );
    }
    if c.is_import() {
        manual_value_required(c);
    }
    for (path, charge) in [
        ("valuation.freight", d.valuation.freight.as_ref()),
        ("valuation.insurance", d.valuation.insurance.as_ref()),
    ] {
        let Some(charge) = charge else { continue };
        // Insurance kind D means "no insurance": no amount, no currency.
        if path == "valuation.insurance" && text(charge.kind.as_ref()) == Some("D") {
            continue;
        }
        for (field, present) in [
            ("kind", text(charge.kind.as_ref()).is_some()),
            ("currency", text(charge.currency.as_ref()).is_some()),
            ("amount", charge.amount.is_some()),
        ] {
            if !present {
                c.field(
                    &REQUIRED_BY_FIELD,
                    Error,
                    &format!("{path}.{field}"),
                    "bắt buộc khi đã khai khoản phí này",
                    "is required once this charge is declared",
                );
            }
        }
    }
}

/// VD1 outside {6, 7} (and a freight allocated by weight, FR1 = D): the system cannot compute
/// the taxable value, so every line needs a manual one (VNACCS-REFERENCE §5.1).
fn manual_value_required(c: &mut Ctx) {
    let d = c.d;
    let method = text(d.valuation.method.as_ref());
    let automatic = method.is_none_or(|m| {
        c.codes
            .table(TableId::ValuationMethods)
            .field_of(m, "automatic")
            == Some("yes")
    });
    let manual_freight = d
        .valuation
        .freight
        .as_ref()
        .and_then(|f| text(f.kind.as_ref()))
        == Some("D");
    if automatic && !manual_freight {
        return;
    }
    let (why_vi, why_en) = if automatic {
        (
            "bắt buộc khi phí vận chuyển phân bổ thủ công (FR1 = D)".to_owned(),
            "is required when freight is allocated manually (FR1 = D)".to_owned(),
        )
    } else {
        let m = method.unwrap_or_default();
        (
            format!("bắt buộc với phương pháp xác định trị giá {m} (hệ thống không tự tính)"),
            format!("is required with valuation method {m} (the system cannot compute it)"),
        )
    };
    for (i, line) in d.goods.iter().enumerate() {
        let present = line
            .manual_taxable_value
            .as_ref()
            .is_some_and(|m| m.amount.is_some());
        if !present {
            c.field(
                &REQUIRED_BY_FIELD,
                Error,
                &format!("goods[{i}].manual_taxable_value"),
                &why_vi,
                &why_en,
            );
        }
    }
}

fn not_on_this_form(c: &mut Ctx) {
    let d = c.d;
    let mut unused: Vec<String> = Vec::new();
    if c.is_import() {
        if d.departure_date.is_some() {
            unused.push("departure_date".into());
        }
        if d.export_taxable_total.is_some() {
            unused.push("export_taxable_total".into());
        }
        for (i, line) in d.goods.iter().enumerate() {
            if !line.other_law_codes.is_empty() {
                unused.push(format!("goods[{i}].other_law_codes"));
            }
        }
    } else {
        if text(d.party_kind.as_ref()).is_some() {
            unused.push("party_kind".into());
        }
        if d.arrival_date.is_some() {
            unused.push("arrival_date".into());
        }
        if d.valuation != crate::domain::Valuation::default() {
            unused.push("valuation".into());
        }
        if !d.other_law_codes.is_empty() {
            unused.push("other_law_codes".into());
        }
        for (i, line) in d.goods.iter().enumerate() {
            let fields = [
                (
                    "origin_country",
                    text(line.origin_country.as_ref()).is_some(),
                ),
                (
                    "tariff_schedule",
                    text(line.tariff_schedule.as_ref()).is_some(),
                ),
                ("co_form", text(line.co_form.as_ref()).is_some()),
                ("out_of_quota", text(line.out_of_quota.as_ref()).is_some()),
                ("other_taxes", !line.other_taxes.is_empty()),
                ("adjustment_refs", !line.adjustment_refs.is_empty()),
            ];
            for (field, present) in fields {
                if present {
                    unused.push(format!("goods[{i}].{field}"));
                }
            }
        }
    }
    let (form_vi, form_en) = match d.direction {
        Direction::Import => ("tờ khai nhập khẩu", "an import declaration"),
        Direction::Export => ("tờ khai xuất khẩu", "an export declaration"),
    };
    for path in unused {
        c.field(
            &NOT_ON_THIS_FORM,
            Error,
            &path,
            &format!("không dùng trên {form_vi}; hãy xóa chỉ tiêu này"),
            &format!("is not used on {form_en}; remove it"),
        );
    }
}

fn goods(c: &mut Ctx) {
    let d = c.d;
    if d.goods.is_empty() {
        c.report(
            &NO_GOODS,
            Error,
            "goods",
            "Tờ khai phải có ít nhất một dòng hàng".into(),
            "The declaration needs at least one goods line".into(),
        );
        return;
    }
    let import = c.is_import();
    let mut missing = Vec::new();
    for (i, line) in d.goods.iter().enumerate() {
        let fields = [
            ("hs_code", text(line.hs_code.as_ref()).is_some()),
            ("description", text(line.description.as_ref()).is_some()),
            ("quantity.amount", line.quantity.amount.is_some()),
            ("quantity.unit", text(line.quantity.unit.as_ref()).is_some()),
            (
                "origin_country",
                !import || text(line.origin_country.as_ref()).is_some(),
            ),
        ];
        for (field, present) in fields {
            if !present {
                missing.push(format!("goods[{i}].{field}"));
            }
        }
    }
    for path in missing {
        c.field(&MANDATORY_LINE, Error, &path, MISSING_VI, MISSING_EN);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes_of, export, import, run};

    #[test]
    fn a_complete_import_has_no_presence_findings() {
        let findings = run(&import());
        assert!(codes_of(&findings, "KB-E01").is_empty(), "{findings:#?}");
    }

    #[test]
    fn each_mandatory_header_field_is_reported_with_its_path() {
        type Blank = fn(&mut crate::domain::Declaration);
        let cases: [(&str, Blank); 9] = [
            ("type_code", |d| d.type_code = None),
            ("transport_mode", |d| d.transport_mode = Some(" ".into())),
            ("party_kind", |d| d.party_kind = None),
            ("arrival_date", |d| d.arrival_date = None),
            ("loading_place.code", |d| d.loading_place.code = None),
            ("declarant.tax_code", |d| d.declarant.tax_code = None),
            ("packages.unit", |d| d.packages.unit = None),
            ("invoice.currency", |d| d.invoice.currency = None),
            ("valuation.method", |d| d.valuation.method = None),
        ];
        for (path, blank) in cases {
            let mut d = import();
            blank(&mut d);
            let findings = run(&d);
            let hit = findings
                .iter()
                .find(|f| f.code == "KB-E0101" && f.path == path);
            assert!(hit.is_some(), "{path}: {findings:#?}");
        }
    }

    #[test]
    fn office_or_storage_location_is_enough() {
        let mut d = import();
        d.office = None;
        assert!(
            !run(&d)
                .iter()
                .any(|f| f.path == "office" && f.code == "KB-E0101")
        );
        d.storage_location = None;
        assert!(
            run(&d)
                .iter()
                .any(|f| f.path == "office" && f.code == "KB-E0101")
        );
    }

    #[test]
    fn export_mandatory_fields_differ() {
        let mut d = export();
        d.departure_date = None;
        d.destination_place.code = None;
        d.invoice.price_kind = None;
        let findings = run(&d);
        for path in [
            "departure_date",
            "destination_place.code",
            "invoice.price_kind",
        ] {
            assert!(
                findings
                    .iter()
                    .any(|f| f.code == "KB-E0101" && f.path == path),
                "{path}"
            );
        }
    }

    #[test]
    fn goods_line_fields_and_empty_goods() {
        let mut d = import();
        d.goods[0].origin_country = None;
        d.goods[0].quantity.amount = None;
        let findings = run(&d);
        assert!(
            findings
                .iter()
                .any(|f| f.code == "KB-E0102" && f.path == "goods[0].origin_country")
        );
        let hit = findings
            .iter()
            .find(|f| f.code == "KB-E0102" && f.path == "goods[0].quantity.amount")
            .unwrap();
        assert!(
            hit.message_vi.starts_with("Dòng hàng 1 – Số lượng (1)"),
            "{}",
            hit.message_vi
        );
        d.goods.clear();
        assert!(run(&d).iter().any(|f| f.code == "KB-E0103"));
    }

    #[test]
    fn temporary_import_needs_a_return_deadline() {
        let mut d = import();
        d.type_code = Some("G12".into());
        d.return_deadline = None;
        assert!(
            run(&d)
                .iter()
                .any(|f| f.code == "KB-E0104" && f.path == "return_deadline")
        );
    }

    #[test]
    fn e_invoice_receipt_goes_with_kind_d_only() {
        let mut d = import();
        d.invoice.kind = Some("D".into());
        assert!(
            run(&d)
                .iter()
                .any(|f| f.code == "KB-E0105" && f.path == "invoice.e_invoice_receipt")
        );
        d.invoice.kind = Some("A".into());
        d.invoice.e_invoice_receipt = Some("123456789012".into());
        assert!(
            run(&d)
                .iter()
                .any(|f| f.code == "KB-E0105" && f.path == "invoice.e_invoice_receipt")
        );
    }

    #[test]
    fn non_automatic_valuation_needs_manual_values() {
        let mut d = import();
        d.valuation.method = Some("1".into());
        let findings = run(&d);
        assert!(
            findings
                .iter()
                .any(|f| f.code == "KB-E0105" && f.path == "goods[0].manual_taxable_value")
        );
    }

    #[test]
    fn export_refuses_import_only_fields() {
        let mut d = export();
        d.goods[0].origin_country = Some("VN".into());
        d.arrival_date = d.departure_date;
        let findings = run(&d);
        assert!(
            findings
                .iter()
                .any(|f| f.code == "KB-E0106" && f.path == "goods[0].origin_country")
        );
        assert!(
            findings
                .iter()
                .any(|f| f.code == "KB-E0106" && f.path == "arrival_date")
        );
    }
}
