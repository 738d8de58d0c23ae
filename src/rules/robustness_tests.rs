//! Whatever a broker types, validation and assessment answer with findings, never a panic.
//! Every text field gets mixes of Vietnamese (multi-byte) and ASCII characters of every byte
//! length from 1 to 14, so that no check slices a string inside a character.

use super::test_support::{TODAY, export, import, run};
use crate::domain::ids::{
    CountryCode, CurrencyCode, CustomsOfficeCode, DeclarationNumber, HsCode, TaxCode, UnitCode,
    UserId,
};
use crate::domain::{Declaration, Party};

/// Strings of 1–14 bytes mixing 1-, 2- and 3-byte characters at every position.
fn awkward() -> Vec<String> {
    let pieces = ["a", "Đ", "ạ", "1", "ế", "Z"];
    let mut out = Vec::new();
    for len in 1..=14usize {
        for start in 0..pieces.len() {
            let mut s = String::new();
            let mut i = start;
            while s.len() < len {
                s.push_str(pieces[i % pieces.len()]);
                i += 1;
            }
            out.push(s);
        }
    }
    out
}

fn set_every_text_field(d: &mut Declaration, v: &str) {
    let s = || Some(v.to_owned());
    d.type_code = s();
    d.cargo_class = s();
    d.transport_mode = s();
    d.party_kind = s();
    d.office = s();
    d.team = s();
    d.declarant.tax_code = s();
    d.declarant.phone = s();
    d.declarant.postcode = s();
    d.entrusting_party = Some(Party {
        tax_code: s(),
        name: s(),
        ..Party::default()
    });
    d.foreign_party.country = s();
    d.foreign_party.name = s();
    d.foreign_party.address = vec![v.to_owned()];
    d.agent_code = s();
    d.bills_of_lading = vec![v.to_owned()];
    d.packages.unit = s();
    d.gross_weight.unit = s();
    d.storage_location = s();
    d.marks = s();
    d.vessel.code = s();
    d.loading_place.code = s();
    d.destination_place.code = s();
    d.containers = vec![v.to_owned()];
    d.other_law_codes = vec![v.to_owned()];
    d.invoice.kind = s();
    d.invoice.number = s();
    d.invoice.payment_method = s();
    d.invoice.price_kind = s();
    d.invoice.incoterm = s();
    d.invoice.currency = s();
    d.valuation.method = s();
    d.tax_payer = s();
    d.payment_deadline_code = s();
    for line in &mut d.goods {
        line.hs_code = s();
        line.origin_country = s();
        line.tariff_schedule = s();
        line.co_form = s();
        line.quantity.unit = s();
        line.quantity2.unit = s();
        line.exemption_code = s();
        line.own_code = s();
        for tax in &mut line.other_taxes {
            tax.code = s();
            tax.exemption_code = s();
        }
    }
}

#[test]
fn awkward_text_in_every_field_gives_findings_not_panics() {
    let codes = crate::codes::CodeLists::bundled().unwrap();
    for v in awkward() {
        for mut d in [import(), export()] {
            set_every_text_field(&mut d, &v);
            let findings = run(&d);
            assert!(!findings.is_empty(), "{v:?}");
            let _ = crate::assess::assess(&d, &codes, TODAY);
        }
    }
}

#[test]
fn identifier_parsers_refuse_awkward_text_without_panicking() {
    for v in awkward() {
        let v = v.as_str();
        let _ = v.parse::<CustomsOfficeCode>();
        let _ = v.parse::<HsCode>();
        let _ = v.parse::<UserId>();
        let _ = v.parse::<TaxCode>();
        let _ = v.parse::<CountryCode>();
        let _ = v.parse::<CurrencyCode>();
        let _ = v.parse::<UnitCode>();
        let _ = v.parse::<DeclarationNumber>();
    }
}
