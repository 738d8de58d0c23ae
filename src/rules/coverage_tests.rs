//! Data-driven coverage: one mutation of an example declaration per rule, and a check that
//! every rule of groups 01–05 in the catalogue is triggered by some case.

// A table of one-line mutations reads better without a block around each assignment.
#![allow(clippy::semicolon_if_nothing_returned)]

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::CATALOGUE;
use super::test_support::{export, import, run};
use crate::domain::{Adjustment, Declaration, OtherTax, Party, Permit};

type Mutation = fn(&mut Declaration);

/// (expected code, JSON path, mutation of the sea import; `export` cases start from the export).
const CASES: &[(&str, &str, bool, Mutation)] = &[
    ("KB-E0101", "type_code", false, |d| d.type_code = None),
    ("KB-E0102", "goods[0].description", false, |d| {
        d.goods[0].description = None
    }),
    ("KB-E0103", "goods", false, |d| d.goods.clear()),
    ("KB-E0104", "return_deadline", false, |d| {
        d.type_code = Some("G13".into())
    }),
    ("KB-E0105", "invoice.e_invoice_receipt", false, |d| {
        d.invoice.kind = Some("D".into())
    }),
    ("KB-E0106", "arrival_date", true, |d| {
        d.arrival_date = d.departure_date
    }),
    ("KB-E0201", "goods[1].hs_code", false, |d| {
        d.goods[1].hs_code = Some("1234".into())
    }),
    ("KB-E0202", "office", false, |d| {
        d.office = Some("XXCI".into())
    }),
    ("KB-E0203", "declarant.tax_code", false, |d| {
        d.declarant.tax_code = Some("ABC".into())
    }),
    ("KB-E0204", "foreign_party.country", false, |d| {
        d.foreign_party.country = Some("Japan".into())
    }),
    ("KB-E0205", "team", false, |d| d.team = Some("001".into())),
    ("KB-E0206", "goods[0].unit_price", false, |d| {
        d.goods[0].unit_price = Some(Decimal::new(1, 7))
    }),
    ("KB-E0207", "notes", false, |d| {
        d.notes = Some("x".repeat(101))
    }),
    ("KB-E0208", "marks", false, |d| {
        d.marks = Some("Ký hiệu".into())
    }),
    ("KB-E0209", "permits", false, |d| {
        d.permits = vec![Permit::default(); 6]
    }),
    ("KB-E0215", "gross_weight.amount", false, |d| {
        d.gross_weight.amount = Some(Decimal::new(12_345_678_901, 0))
    }),
    ("KB-E0210", "containers[0]", false, |d| {
        d.containers = vec!["1234".into()]
    }),
    ("KB-E0211", "loading_place.code", false, |d| {
        d.loading_place.code = Some("JP-TYO".into())
    }),
    ("KB-E0212", "storage_location", false, |d| {
        d.storage_location = Some("02CI".into())
    }),
    ("KB-E0213", "packages.amount", false, |d| {
        d.packages.amount = Some(Decimal::ZERO)
    }),
    ("KB-E0301", "type_code", false, |d| {
        d.type_code = Some("Z99".into())
    }),
    ("KB-W0302", "office", false, |d| {
        d.office = Some("99XY".into())
    }),
    ("KB-W0303", "team", false, |d| d.team = Some("09".into())),
    ("KB-E0304", "goods[0].origin_country", false, |d| {
        d.goods[0].origin_country = Some("QQ".into())
    }),
    ("KB-E0305", "valuation.freight.currency", false, |d| {
        d.valuation.freight.as_mut().unwrap().currency = Some("ABC".into())
    }),
    ("KB-W0306", "gross_weight.unit", false, |d| {
        d.gross_weight.unit = Some("XYZ".into())
    }),
    ("KB-W0307", "packages.unit", false, |d| {
        d.packages.unit = Some("QQ".into())
    }),
    ("KB-E0308", "transport_mode", false, |d| {
        d.transport_mode = Some("8".into())
    }),
    ("KB-E0309", "party_kind", false, |d| {
        d.party_kind = Some("7".into())
    }),
    ("KB-E0310", "cargo_class", false, |d| {
        d.cargo_class = Some("Z".into())
    }),
    ("KB-E0311", "invoice.incoterm", false, |d| {
        d.invoice.incoterm = Some("FOX".into())
    }),
    ("KB-E0312", "invoice.payment_method", false, |d| {
        d.invoice.payment_method = Some("BITCOIN".into())
    }),
    ("KB-E0313", "invoice.kind", false, |d| {
        d.invoice.kind = Some("C".into())
    }),
    ("KB-E0314", "invoice.price_kind", false, |d| {
        d.invoice.price_kind = Some("Z".into())
    }),
    ("KB-E0315", "valuation.method", false, |d| {
        d.valuation.method = Some("5".into())
    }),
    ("KB-E0316", "valuation.freight.kind", false, |d| {
        d.valuation.freight.as_mut().unwrap().kind = Some("Z".into())
    }),
    ("KB-E0317", "valuation.insurance.kind", false, |d| {
        d.valuation.insurance.as_mut().unwrap().kind = Some("B".into())
    }),
    ("KB-E0318", "valuation.adjustments[0].title", false, |d| {
        d.valuation.adjustments = vec![Adjustment {
            title: Some("Z".into()),
            kind: Some("AD".into()),
            currency: Some("USD".into()),
            amount: Some(Decimal::ONE),
            allocation_base: None,
        }]
    }),
    ("KB-E0319", "valuation.adjustments[0].kind", false, |d| {
        d.valuation.adjustments = vec![Adjustment {
            title: Some("A".into()),
            kind: Some("XX".into()),
            currency: Some("USD".into()),
            amount: Some(Decimal::ONE),
            allocation_base: None,
        }]
    }),
    ("KB-E0320", "tax_payer", false, |d| {
        d.tax_payer = Some("3".into())
    }),
    ("KB-E0321", "payment_deadline_code", false, |d| {
        d.payment_deadline_code = Some("E".into())
    }),
    ("KB-W0322", "goods[0].tariff_schedule", false, |d| {
        d.goods[0].tariff_schedule = Some("B99".into())
    }),
    ("KB-W0323", "goods[0].co_form", false, |d| {
        d.goods[0].co_form = Some("ZZ".into())
    }),
    ("KB-W0324", "goods[0].other_taxes[0].code", false, |d| {
        d.goods[0].other_taxes[0].code = Some("VAT".into())
    }),
    ("KB-W0325", "goods[0].exemption_code", false, |d| {
        d.goods[0].exemption_code = Some("XX999".into())
    }),
    ("KB-E0326", "goods[0].hs_code", false, |d| {
        d.goods[0].hs_code = Some("84719099".into())
    }),
    ("KB-W0327", "destination_place.code", false, |d| {
        d.destination_place.code = Some("VNXXX".into())
    }),
    ("KB-W0328", "storage_location", false, |d| {
        d.storage_location = Some("02CIZZZ".into())
    }),
    ("KB-E0329", "office", false, |d| {
        d.office = Some("47D1".into())
    }),
    ("KB-W0329", "office", false, |d| {
        d.office = Some("02CC".into())
    }),
    ("KB-E0401", "type_code", true, |d| {
        d.type_code = Some("A11".into())
    }),
    ("KB-E0402", "invoice.total", false, |d| {
        d.invoice.total = Some(Decimal::ONE)
    }),
    ("KB-E0403", "goods[0].invoice_value", false, |d| {
        d.goods[0].invoice_value = Some(Decimal::ONE)
    }),
    ("KB-E0404", "goods", false, |d| {
        d.goods = vec![d.goods[0].clone(); 51]
    }),
    ("KB-E0405", "office", false, |d| {
        d.transport_mode = Some("4".into())
    }),
    ("KB-W0407", "storage_location", false, |d| {
        d.storage_location = Some("03CCS09".into())
    }),
    ("KB-E0408", "valuation.insurance.kind", false, |d| {
        d.invoice.incoterm = Some("CIP".into())
    }),
    ("KB-W0409", "valuation.freight", false, |d| {
        d.invoice.incoterm = Some("CFR".into())
    }),
    ("KB-W0410", "valuation.freight", false, |d| {
        d.valuation.freight = None
    }),
    ("KB-E0411", "goods[0].origin_country", false, |d| {
        d.goods[0].tariff_schedule = Some("B04".into());
        d.goods[0].co_form = Some("D".into());
    }),
    ("KB-E0412", "goods[0].co_form", false, |d| {
        d.goods[0].tariff_schedule = Some("B10".into())
    }),
    ("KB-W0413", "goods[0].manual_duty_rate", false, |d| {
        // A chapter 98 line: the 2026 tariff leaves its preferential columns empty.
        d.goods[0].hs_code = Some("98041500".into());
        d.goods[0].tariff_schedule = Some("B10".into());
        d.goods[0].co_form = Some("VJ".into());
    }),
    ("KB-E0414", "goods[0].other_taxes[1].code", false, |d| {
        d.goods[0].other_taxes.push(OtherTax {
            code: Some("TTDB-BIA".into()),
            ..OtherTax::default()
        })
    }),
    ("KB-W0415", "goods[0].other_taxes", false, |d| {
        d.goods[0].other_taxes.clear()
    }),
    ("KB-W0416", "goods[0].manual_duty_rate", false, |d| {
        d.goods[0].manual_duty_rate = Some(Decimal::ONE)
    }),
    ("KB-W0417", "goods[0].quantity.unit", false, |d| {
        d.goods[0].quantity.unit = Some("SET".into())
    }),
    ("KB-E0423", "first_declaration.sequence", false, |d| {
        d.first_declaration.number = Some("101234567820".into());
        d.first_declaration.count = Some(Decimal::from(3))
    }),
    ("KB-E0418", "goods[0].adjustment_refs", false, |d| {
        d.goods[0].adjustment_refs = vec![1]
    }),
    ("KB-W0419", "valuation.insurance.currency", false, |d| {
        d.valuation.insurance.as_mut().unwrap().currency = Some("JPY".into())
    }),
    ("KB-W0420", "gross_weight.amount", false, |d| {
        d.gross_weight.amount = Some(Decimal::TEN)
    }),
    ("KB-W0421", "loading_place.code", false, |d| {
        d.loading_place.code = Some("VNDAD".into())
    }),
    ("KB-W0422", "goods[0].other_law_codes", false, |d| {
        d.other_law_codes.clear();
        d.goods[0].hs_code = Some("09011120".into());
    }),
    ("KB-E0501", "planned_date", false, |d| {
        d.planned_date = "2026-11-01".parse().ok()
    }),
    ("KB-E0502", "return_deadline", false, |d| {
        d.type_code = Some("G13".into());
        d.return_deadline = "2026-01-01".parse().ok();
    }),
    ("KB-E0503", "arrival_date", false, |d| {
        d.arrival_date = "2026-09-01".parse().ok()
    }),
    ("KB-E0504", "departure_date", true, |d| {
        d.departure_date = "2026-11-22".parse().ok()
    }),
    ("KB-W0505", "invoice.date", false, |d| {
        d.invoice.date = "2027-01-01".parse().ok()
    }),
];

#[test]
fn each_case_reports_its_rule_at_its_path() {
    for (code, path, from_export, mutate) in CASES {
        let mut d = if *from_export { export() } else { import() };
        mutate(&mut d);
        let findings = run(&d);
        assert!(
            findings.iter().any(|f| f.code == *code && f.path == *path),
            "{code} at {path} not reported; got {:#?}",
            findings
                .iter()
                .map(|f| (&f.code, &f.path))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_validation_rule_has_a_case() {
    let covered: BTreeSet<u16> = CASES
        .iter()
        .map(|(code, ..)| code[4..].parse().unwrap())
        .collect();
    let missing: Vec<u16> = CATALOGUE
        .iter()
        .map(|r| r.number)
        // 0214 is the window's (a box whose typed text cannot be read): no declaration holds
        // such text; `ui::editor::entry_tests` covers it.
        .filter(|n| *n < 600 && *n != 214 && !covered.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a data-driven case: {missing:?}"
    );
}

#[test]
fn the_entrusting_party_tax_code_is_checked_too() {
    let mut d = import();
    d.entrusting_party = Some(Party {
        tax_code: Some("12".into()),
        ..Party::default()
    });
    assert!(
        run(&d)
            .iter()
            .any(|f| f.code == "KB-E0203" && f.path == "entrusting_party.tax_code")
    );
}

/// The field table is the rules' source: every path any case reports is a field of it.
#[test]
fn every_path_the_rules_report_is_a_field_of_the_table() {
    for (code, _, from_export, mutate) in CASES {
        let mut d = if *from_export { export() } else { import() };
        mutate(&mut d);
        for finding in run(&d) {
            assert!(
                crate::domain::field(&finding.path).is_some(),
                "{code}: {} is not in the field table",
                finding.path
            );
        }
    }
}

/// Every header text limit of the table is enforced at its path (none is silently skipped).
#[test]
fn every_header_text_limit_of_the_table_is_checked() {
    use crate::domain::fields::{FIELDS, Limit};
    for row in FIELDS {
        let Some(limit @ (Limit::Half(_) | Limit::Wide(_))) = row.limit else {
            continue;
        };
        let mut d = import();
        // Fields inside optional parts and lists are reached through the model, not here.
        let Some(crate::domain::FieldMut::Text(slot)) = row.write(&mut d) else {
            continue;
        };
        *slot = Some("X".repeat(limit.chars() + 1));
        assert!(
            run(&d)
                .iter()
                .any(|f| f.code == "KB-E0207" && f.path == row.path),
            "{} has no length check",
            row.path
        );
    }
}
