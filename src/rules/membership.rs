//! Code-table rules (03xx): every coded field must be in its table. The message names the
//! nearest valid codes. A code missing from a complete table is an error; from a table the
//! manifest marks as a subset (`complete = false`) it is a warning, because the bundled subset
//! may simply not list it.
//!
//! Only well-formed values are looked up: a malformed code already has a 02xx finding.

use std::fmt::Write as _;

use super::Severity::{Error, Warning};
use super::catalogue::{self, Rule};
use super::context::Path::{Field, Item, Nested};
use super::context::{Ctx, Path, text};
use crate::codes::{CodeEntry, CodeLists, CodeTable, TableId, TableOrigin, Validity};
use crate::domain::entry::format_date;
use crate::domain::{CountryCode, CurrencyCode, CustomsOfficeCode, HsCode, UnitCode};

/// The rule reporting unknown codes of a table.
fn rule_for(table: TableId) -> Option<&'static Rule> {
    use catalogue as r;
    Some(match table {
        TableId::TypeCodes => &r::UNKNOWN_TYPE_CODE,
        TableId::CustomsOffices => &r::UNKNOWN_OFFICE,
        TableId::Countries => &r::UNKNOWN_COUNTRY,
        TableId::Currencies => &r::UNKNOWN_CURRENCY,
        TableId::Units => &r::UNKNOWN_UNIT,
        TableId::PackageKinds => &r::UNKNOWN_PACKAGE,
        TableId::TransportModes => &r::UNKNOWN_TRANSPORT_MODE,
        TableId::PartyKinds => &r::UNKNOWN_PARTY_KIND,
        TableId::CargoClasses => &r::UNKNOWN_CARGO_CLASS,
        TableId::Incoterms => &r::UNKNOWN_INCOTERM,
        TableId::PaymentMethods => &r::UNKNOWN_PAYMENT_METHOD,
        TableId::InvoiceKinds => &r::UNKNOWN_INVOICE_KIND,
        TableId::PriceKinds => &r::UNKNOWN_PRICE_KIND,
        TableId::ValuationMethods => &r::UNKNOWN_VALUATION_METHOD,
        TableId::FreightKinds => &r::UNKNOWN_FREIGHT_KIND,
        TableId::InsuranceKinds => &r::UNKNOWN_INSURANCE_KIND,
        TableId::AdjustmentTitles => &r::UNKNOWN_ADJUSTMENT_TITLE,
        TableId::AdjustmentKinds => &r::UNKNOWN_ADJUSTMENT_KIND,
        TableId::TaxPayers => &r::UNKNOWN_TAX_PAYER,
        TableId::PaymentDeadlines => &r::UNKNOWN_PAYMENT_DEADLINE,
        TableId::TariffSchedules => &r::UNKNOWN_TARIFF_SCHEDULE,
        TableId::CoForms => &r::UNKNOWN_CO_FORM,
        TableId::TaxCodes => &r::UNKNOWN_TAX_CODE,
        TableId::ExemptionCodes => &r::UNKNOWN_EXEMPTION,
        TableId::Tariff => &r::UNKNOWN_HS,
        TableId::Locations => &r::UNKNOWN_LOCATION,
        TableId::StorageLocations => &r::UNKNOWN_STORAGE,
        TableId::BusinessCodes | TableId::SpecialisedManagement => return None,
    })
}

pub(crate) fn check(c: &mut Ctx) {
    for (path, value, table) in coded_fields(c) {
        lookup(c, path, value, table);
    }
    team(c);
}

/// Looks a value up in its table and reports it with the nearest codes if absent.
pub(crate) fn lookup(c: &mut Ctx, path: Path, value: &str, table: TableId) {
    let Some(rule) = rule_for(table) else { return };
    let codes = c.codes.table(table);
    if let Some(entry) = codes.get(value) {
        not_valid_on_date(c, path, codes, entry);
        return;
    }
    let near = codes.nearest(value, 3);
    let nearest: Vec<String> = near
        .iter()
        .map(|e| format!("{} ({})", e.code, short(&e.name_vi)))
        .collect();
    let nearest_en: Vec<String> = near
        .iter()
        .map(|e| format!("{} ({})", e.code, short(e.name(false))))
        .collect();
    let (info, origin) = c.codes.info(table);
    let (severity, mut tail_vi, mut tail_en) = if info.complete {
        (Error, String::new(), String::new())
    } else {
        (
            Warning,
            " Bảng mã kèm theo chỉ là một phần; hãy kiểm tra với bảng mã chính thức.".to_owned(),
            " The bundled table is a subset; check against the official list.".to_owned(),
        )
    };
    // A draft written against the bundled table, checked against a newer edition taken in:
    // say that the code was removed by that edition.
    if *origin == TableOrigin::Override
        && let Ok(bundled) = CodeLists::bundled()
        && let Some(was) = bundled.table(table).get(value)
    {
        let _ = write!(
            tail_vi,
            " Mã này ({}) có trong bảng kèm theo nhưng bản cập nhật {} (hiệu lực {}) đã bỏ nó.",
            short(&was.name_vi),
            info.version,
            format_date(info.effective)
        );
        let _ = write!(
            tail_en,
            " This code ({}) is in the bundled table but the edition {} taken in (from {}) removed it.",
            short(was.name(false)),
            info.version,
            format_date(info.effective)
        );
    }
    c.field_at(
        rule,
        severity,
        path,
        // The field's name leads the message; the table's file name means nothing to a broker.
        &format!(
            "\"{value}\" không có trong bảng mã. Gần nhất: {}.{tail_vi}",
            nearest.join(", ")
        ),
        &format!(
            "\"{value}\" is not in the code table. Nearest: {}.{tail_en}",
            nearest_en.join(", ")
        ),
    );
}

/// A code that exists but was not (or no longer) in force on the declaration's date: an
/// error naming its successor when the table knows one (e.g. 47D1 → 47D3 from 1 June 2026).
fn not_valid_on_date(c: &mut Ctx, path: Path, codes: &CodeTable, entry: &CodeEntry) {
    let code = &entry.code;
    let today = format_date(c.today);
    let (vi, en) = match codes.validity(entry, c.today) {
        Validity::Valid => return,
        Validity::NotYet { from } => (
            format!(
                "\"{code}\" chỉ có hiệu lực từ {} (hôm nay {today})",
                format_date(from)
            ),
            format!(
                "\"{code}\" is valid only from {} (today is {today})",
                format_date(from)
            ),
        ),
        Validity::Ended { to, successor } => {
            let mut vi = format!("\"{code}\" hết hiệu lực sau ngày {}", format_date(to));
            let mut en = format!("\"{code}\" is no longer valid after {}", format_date(to));
            if let Some(next) = successor.and_then(|s| codes.get(s)) {
                let _ = write!(vi, "; dùng mã {} ({})", next.code, short(&next.name_vi));
                let _ = write!(en, "; use {} ({})", next.code, short(next.name(false)));
            } else {
                vi.push_str("; chọn mã đang có hiệu lực");
                en.push_str("; choose a code in force");
            }
            (vi, en)
        }
    };
    // A date the table marks as not confirmed (the 2025 reorganisation) is a warning.
    let (severity, vi, en) = if codes.field(entry, "status") == Some("unverified-date") {
        (
            Warning,
            format!("{vi} (ngày này chưa được xác nhận; kiểm tra với cơ quan hải quan)"),
            format!("{en} (this date is not confirmed; check with the customs office)"),
        )
    } else {
        (Error, vi, en)
    };
    c.field_at(&catalogue::CODE_NOT_VALID_ON_DATE, severity, path, &vi, &en);
}

/// A description short enough for a message: a tariff line's own words (the last part of its
/// "heading – subheading – line" path), at most 60 characters.
fn short(name: &str) -> String {
    let own = name.rsplit(" – ").next().unwrap_or(name);
    if own.chars().count() <= 60 {
        own.to_owned()
    } else {
        let cut: String = own.chars().take(59).collect();
        format!("{cut}…")
    }
}

/// Every coded field of the declaration with its table, when present and well formed.
#[allow(clippy::too_many_lines)] // Every coded field; its table comes from the field table.
fn coded_fields<'d>(c: &Ctx<'d>) -> Vec<(Path, &'d str, TableId)> {
    let d = c.d;
    let import = c.is_import();
    // The table is the field table's, except where a rule names another (`Some`).
    let mut out: Vec<(Path, Option<&'d String>, Option<TableId>)> = vec![
        (Field("type_code"), d.type_code.as_ref(), None),
        (Field("cargo_class"), d.cargo_class.as_ref(), None),
        (Field("transport_mode"), d.transport_mode.as_ref(), None),
        (Field("party_kind"), d.party_kind.as_ref(), None),
        (
            Field("foreign_party.country"),
            d.foreign_party.country.as_ref(),
            None,
        ),
        (Field("packages.unit"), d.packages.unit.as_ref(), None),
        (
            Field("gross_weight.unit"),
            d.gross_weight.unit.as_ref(),
            None,
        ),
        (Field("invoice.kind"), d.invoice.kind.as_ref(), None),
        (
            Field("invoice.payment_method"),
            d.invoice.payment_method.as_ref(),
            None,
        ),
        (
            Field("invoice.price_kind"),
            d.invoice.price_kind.as_ref(),
            None,
        ),
        (Field("invoice.incoterm"), d.invoice.incoterm.as_ref(), None),
        (Field("invoice.currency"), d.invoice.currency.as_ref(), None),
        (Field("valuation.method"), d.valuation.method.as_ref(), None),
        (Field("tax_payer"), d.tax_payer.as_ref(), None),
        (Field("storage_location"), d.storage_location.as_ref(), None),
        (
            Field("payment_deadline_code"),
            d.payment_deadline_code.as_ref(),
            None,
        ),
    ];
    if text(d.office.as_ref()).is_some_and(|o| o.parse::<CustomsOfficeCode>().is_ok()) {
        out.push((Field("office"), d.office.as_ref(), None));
    }
    // The Vietnamese end of the journey must be a known VN place; the foreign end's country
    // must exist, then the place is looked up in VNACCS's world list (A016A, a subset of
    // UN/LOCODE: a miss is a warning).
    let (vn_path, vn_place, foreign_path, foreign_place) = if import {
        (
            "destination_place.code",
            &d.destination_place,
            "loading_place.code",
            &d.loading_place,
        )
    } else {
        (
            "loading_place.code",
            &d.loading_place,
            "destination_place.code",
            &d.destination_place,
        )
    };
    out.push((Field(vn_path), vn_place.code.as_ref(), None));
    if let Some(code) = text(foreign_place.code.as_ref())
        && code.len() == 5
        && code.is_char_boundary(2)
    {
        let country = &code[..2];
        if country.parse::<CountryCode>().is_ok() {
            let table = if c.codes.table(TableId::Countries).contains(country) {
                TableId::Locations
            } else {
                TableId::Countries
            };
            out.push((
                Field(foreign_path),
                foreign_place.code.as_ref(),
                Some(table),
            ));
        }
    }
    for (kind_path, currency_path, charge) in [
        (
            "valuation.freight.kind",
            "valuation.freight.currency",
            d.valuation.freight.as_ref(),
        ),
        (
            "valuation.insurance.kind",
            "valuation.insurance.currency",
            d.valuation.insurance.as_ref(),
        ),
    ] {
        if let Some(charge) = charge {
            out.push((Field(kind_path), charge.kind.as_ref(), None));
            out.push((Field(currency_path), charge.currency.as_ref(), None));
        }
    }
    for (i, a) in d.valuation.adjustments.iter().enumerate() {
        out.push((
            Item("valuation.adjustments", i, "title"),
            a.title.as_ref(),
            None,
        ));
        out.push((
            Item("valuation.adjustments", i, "kind"),
            a.kind.as_ref(),
            None,
        ));
        out.push((
            Item("valuation.adjustments", i, "currency"),
            a.currency.as_ref(),
            None,
        ));
    }
    if let Some(t) = &d.export_taxable_total {
        out.push((
            Field("export_taxable_total.currency"),
            t.currency.as_ref(),
            None,
        ));
    }
    for (i, line) in d.goods.iter().enumerate() {
        let p = |f: &'static str| Item("goods", i, f);
        if text(line.hs_code.as_ref()).is_some_and(|h| h.parse::<HsCode>().is_ok()) {
            out.push((p("hs_code"), line.hs_code.as_ref(), None));
        }
        out.push((p("origin_country"), line.origin_country.as_ref(), None));
        out.push((p("tariff_schedule"), line.tariff_schedule.as_ref(), None));
        out.push((p("co_form"), line.co_form.as_ref(), None));
        out.push((p("quantity.unit"), line.quantity.unit.as_ref(), None));
        out.push((p("quantity2.unit"), line.quantity2.unit.as_ref(), None));
        out.push((p("exemption_code"), line.exemption_code.as_ref(), None));
        if let Some(m) = &line.manual_taxable_value {
            out.push((
                p("manual_taxable_value.currency"),
                m.currency.as_ref(),
                None,
            ));
        }
        for (t, tax) in line.other_taxes.iter().enumerate() {
            out.push((
                Nested("goods", i, "other_taxes", t, "code"),
                tax.code.as_ref(),
                None,
            ));
            out.push((
                Nested("goods", i, "other_taxes", t, "exemption_code"),
                tax.exemption_code.as_ref(),
                None,
            ));
        }
    }
    out.into_iter()
        .filter_map(|(path, value, table)| {
            let value = text(value)?;
            let table = table.or_else(|| path.field()?.table_for(d.direction))?;
            well_formed(value, table).then_some((path, value, table))
        })
        .collect()
}

/// Whether a value has the shape of its table's codes (otherwise formats already reported it).
fn well_formed(value: &str, table: TableId) -> bool {
    match table {
        TableId::Countries => value.parse::<CountryCode>().is_ok() || value.len() == 5,
        TableId::Currencies => value.parse::<CurrencyCode>().is_ok(),
        TableId::Units => value.parse::<UnitCode>().is_ok(),
        TableId::TypeCodes => value.len() == 3,
        _ => true,
    }
}

/// CHB: the 2-digit team must exist under the office (`office` + `team` in the offices table).
fn team(c: &mut Ctx) {
    let d = c.d;
    let (Some(office), Some(team)) = (text(d.office.as_ref()), text(d.team.as_ref())) else {
        return;
    };
    if office.len() != 4 || team.len() != 2 {
        return;
    }
    let code = format!("{office}{team}");
    let table = c.codes.table(TableId::CustomsOffices);
    if table.contains(&code) || !table.contains(office) {
        return;
    }
    let mut teams: Vec<String> = table
        .entries()
        .iter()
        .filter(|e| e.code.len() == 6 && e.code.starts_with(office))
        .map(|e| e.code[4..].to_owned())
        .collect();
    teams.sort();
    let severity = if c.codes.info(TableId::CustomsOffices).0.complete {
        Error
    } else {
        Warning
    };
    c.field(
        &catalogue::UNKNOWN_TEAM,
        severity,
        "team",
        &format!(
            "\"{team}\" không phải bộ phận của {office}; các bộ phận đã biết: {}",
            teams.join(", ")
        ),
        &format!(
            "\"{team}\" is not a team of {office}; known teams: {}",
            teams.join(", ")
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::Severity;
    use crate::rules::test_support::{import, run};

    #[test]
    fn a_code_out_of_force_on_the_declaration_date_names_its_successor() {
        use crate::rules::test_support::run_on;
        let day = |s: &str| s.parse().unwrap();
        let mut d = import();
        d.office = Some("47D1".into());
        d.team = Some("00".into());
        let hit = |f: Vec<crate::rules::Finding>, path: &str| {
            f.into_iter()
                .find(|f| f.code == "KB-E0329" && f.path == path)
        };
        assert!(hit(run_on(&d, day("2026-05-31")), "office").is_none());
        let f = hit(run_on(&d, day("2026-06-01")), "office").expect("47D1 ended");
        assert!(
            f.message_en
                .contains("\"47D1\" is no longer valid after 31/05/2026; use 47D3 ("),
            "{}",
            f.message_en
        );
        assert!(f.message_vi.contains("dùng mã 47D3"), "{}", f.message_vi);
        // A type code QĐ 1357 removed.
        let mut e = crate::rules::test_support::export();
        e.type_code = Some("E56".into());
        let f = hit(run_on(&e, day("2026-11-30")), "type_code").expect("E56 ended");
        assert!(f.message_en.contains("use E52"), "{}", f.message_en);
    }

    #[test]
    fn a_code_that_a_table_taken_in_removed_says_which_edition_removed_it() {
        use crate::codes::CodeLists;
        use crate::codes::manifest::sha256_hex;
        let units: String = CodeLists::bundled_text("units.csv")
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("PCE,"))
            .fold(String::new(), |mut all, l| {
                all.push_str(l);
                all.push('\n');
                all
            });
        let manifest = format!(
            "set_version = \"9999.1\"\neffective = \"2026-11-20\"\ndescription = \"t\"\n\
             [[table]]\nname = \"units\"\nfile = \"units.csv\"\nversion = \"import-2026-11-20-ab\"\n\
             effective = \"2026-11-20\"\nsource = \"t\"\ncomplete = true\nsha256 = \"{}\"\n",
            sha256_hex(units.as_bytes())
        );
        let codes = CodeLists::bundled()
            .unwrap()
            .with_override(&manifest, |_| Ok(units.clone()))
            .unwrap();
        let d = import();
        let f = crate::rules::validate(&d, &codes, crate::rules::test_support::TODAY);
        let hit = f
            .iter()
            .find(|f| f.code == "KB-E0306" && f.path.ends_with("quantity.unit"))
            .unwrap_or_else(|| panic!("{f:#?}"));
        assert!(
            hit.message_en.contains(
                "This code (Piece) is in the bundled table but the edition import-2026-11-20-ab taken in (from 20/11/2026) removed it."
            ),
            "{}",
            hit.message_en
        );
        assert!(hit.message_vi.contains("đã bỏ nó"), "{}", hit.message_vi);
    }

    #[test]
    fn unknown_code_in_a_complete_table_is_an_error_with_nearest_codes() {
        let mut d = import();
        d.type_code = Some("A19".into());
        let f = run(&d);
        let hit = f.iter().find(|f| f.path == "type_code").unwrap();
        assert_eq!(hit.code, "KB-E0301");
        assert!(
            hit.message_en.contains("Nearest: A11"),
            "{}",
            hit.message_en
        );
        assert!(hit.message_vi.contains("Gần nhất"), "{}", hit.message_vi);
    }

    #[test]
    fn unknown_code_in_a_subset_table_is_a_warning() {
        // The places of 2014 are a sample (manifest: complete = false).
        let mut d = import();
        d.destination_place.code = Some("VNXXX".into());
        let f = run(&d);
        let hit = f
            .iter()
            .find(|f| f.path == "destination_place.code")
            .unwrap();
        assert_eq!(hit.code, "KB-W0327");
        assert_eq!(hit.severity, Severity::Warning);
        assert!(hit.message_en.contains("subset"));
    }

    #[test]
    fn an_hs_code_that_is_no_line_of_the_2026_tariff_is_an_error() {
        // 8517.62.21 of the 2017 nomenclature: the 2026 tariff splits 8517.62 differently.
        let mut d = import();
        d.goods[0].hs_code = Some("85176221".into());
        let f = run(&d);
        let hit = f.iter().find(|f| f.path == "goods[0].hs_code").unwrap();
        assert_eq!(hit.code, "KB-E0326");
        assert_eq!(hit.severity, Severity::Error);
        assert!(
            hit.message_en.contains("Nearest: 851762"),
            "{}",
            hit.message_en
        );
    }

    #[test]
    fn every_coded_field_is_looked_up() {
        let mut d = import();
        d.transport_mode = Some("7".into());
        d.invoice.incoterm = Some("FOBB".into());
        d.invoice.currency = Some("XYZ".into());
        d.goods[1].origin_country = Some("XX".into());
        d.goods[1].other_taxes[0].code = Some("VAT10".into());
        let f = run(&d);
        for (code, path) in [
            ("KB-E0308", "transport_mode"),
            ("KB-E0311", "invoice.incoterm"),
            ("KB-E0305", "invoice.currency"),
            ("KB-E0304", "goods[1].origin_country"),
            ("KB-W0324", "goods[1].other_taxes[0].code"),
        ] {
            assert!(
                f.iter().any(|x| x.code == code && x.path == path),
                "{code} {path}: {f:#?}"
            );
        }
    }

    #[test]
    fn malformed_codes_are_not_reported_twice() {
        let mut d = import();
        d.invoice.currency = Some("usd".into());
        let f = run(&d);
        assert_eq!(f.iter().filter(|x| x.path == "invoice.currency").count(), 1);
    }

    #[test]
    fn team_must_belong_to_the_office() {
        let mut d = import();
        d.team = Some("07".into());
        let f = run(&d);
        let hit = f.iter().find(|f| f.path == "team").unwrap();
        assert_eq!(hit.code, "KB-W0303");
        assert!(
            hit.message_en.contains("known teams: 00, 01"),
            "{}",
            hit.message_en
        );
    }
}
