//! Tax tests with hand-computed expected values. Every case uses the bundled training rates on
//! 2026-11-05, when 1 USD = 26,100 VND (`exchange_rates.csv`, effective 2026-11-02).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::codes::CodeLists;
use crate::domain::{Charge, Declaration, Direction, GoodsLine, Money, OtherTax, Quantity};

fn codes() -> &'static CodeLists {
    static CODES: std::sync::OnceLock<CodeLists> = std::sync::OnceLock::new();
    CODES.get_or_init(|| CodeLists::bundled().unwrap())
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()
}

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn line(hs: &str, qty: &str, unit: &str, price: &str, value: &str, taxes: &[&str]) -> GoodsLine {
    GoodsLine {
        hs_code: Some(hs.into()),
        description: Some("test".into()),
        origin_country: Some("JP".into()),
        quantity: Quantity {
            amount: Some(dec(qty)),
            unit: Some(unit.into()),
        },
        unit_price: Some(dec(price)),
        invoice_value: Some(dec(value)),
        other_taxes: taxes
            .iter()
            .map(|t| OtherTax {
                code: Some((*t).into()),
                ..OtherTax::default()
            })
            .collect(),
        ..GoodsLine::default()
    }
}

fn import(incoterm: &str, goods: Vec<GoodsLine>) -> Declaration {
    let mut decl = Declaration::new(Direction::Import);
    decl.invoice.currency = Some("USD".into());
    decl.invoice.incoterm = Some(incoterm.into());
    decl.valuation.method = Some("6".into());
    decl.goods = goods;
    decl
}

fn amount(a: &Assessment, line: usize, kind: TaxKind) -> Decimal {
    a.lines[line]
        .taxes
        .iter()
        .filter(|t| t.kind == kind)
        .map(|t| t.amount_vnd)
        .sum()
}

#[test]
fn fob_sea_import_allocates_freight_and_insurance_by_invoice_value() {
    // FOB USD 10,000 over three lines: 6,000 / 3,000 / 1,000; freight USD 500 (FR1 = A),
    // insurance USD 50 (IN1 = A); shares 60 % / 30 % / 10 %.
    let mut decl = import(
        "FOB",
        vec![
            line("84182190", "20", "PCE", "300", "6000", &["GTGT10"]), // air conditioners, MFN 25 %
            line("84182110", "10", "PCE", "300", "3000", &["GTGT10"]), // refrigerators, MFN 25 %
            line("85163100", "100", "PCE", "10", "1000", &[]),         // hair dryers, MFN 25 %
        ],
    );
    decl.valuation.freight = Some(Charge {
        kind: Some("A".into()),
        currency: Some("USD".into()),
        amount: Some(d(500)),
    });
    decl.valuation.insurance = Some(Charge {
        kind: Some("A".into()),
        currency: Some("USD".into()),
        amount: Some(d(50)),
    });
    let a = assess(&decl, codes(), date());
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    // L1: (6,000 + 300 + 30) × 26,100 = 6,330 × 26,100 = 165,213,000
    // L2: (3,000 + 150 + 15) × 26,100 = 3,165 × 26,100 =  82,606,500
    // L3: (1,000 +  50 +  5) × 26,100 = 1,055 × 26,100 =  27,535,500
    assert_eq!(a.lines[0].taxable_value_vnd, Some(d(165_213_000)));
    assert_eq!(a.lines[1].taxable_value_vnd, Some(d(82_606_500)));
    assert_eq!(a.lines[2].taxable_value_vnd, Some(d(27_535_500)));
    // Duty (2026 tariff): 165,213,000 × 25 % = 41,303,250; 82,606,500 × 25 % = 20,651,625;
    //       27,535,500 × 25 % = 6,883,875.
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(41_303_250));
    assert_eq!(amount(&a, 1, TaxKind::ImportDuty), d(20_651_625));
    assert_eq!(amount(&a, 2, TaxKind::ImportDuty), d(6_883_875));
    // VAT 10 % on value + duty: 206,516,250 → 20,651,625; 103,258,125 → 10,325,812.5 → 10,325,813
    // (half away from zero); 34,419,375 → 3,441,937.5 → 3,441,938.
    assert_eq!(amount(&a, 0, TaxKind::Vat), d(20_651_625));
    assert_eq!(amount(&a, 1, TaxKind::Vat), d(10_325_813));
    assert_eq!(amount(&a, 2, TaxKind::Vat), d(3_441_938));
    // Totals are sums of rounded lines: duty 68,838,750; VAT 34,419,376; payable 103,258,126.
    assert_eq!(a.total(TaxKind::ImportDuty), d(68_838_750));
    assert_eq!(a.total(TaxKind::Vat), d(34_419_376));
    assert_eq!(a.total_payable_vnd, d(103_258_126));
    assert_eq!(a.total_taxable_value_vnd, d(275_355_000));
    // The explanation names base, rate, amount and source; the rate used is reported.
    let duty = &a.lines[0].taxes[0];
    assert_eq!(
        duty.explanation_en,
        "Import duty: 165,213,000 × 25% = 41,303,250 (MFN rate, tariff line 84182190)"
    );
    assert!(
        duty.explanation_vi
            .starts_with("Thuế nhập khẩu: 165.213.000 × 25% = 41.303.250")
    );
    assert_eq!(
        a.lines[0].taxes[1].source,
        RateSource::TaxCode {
            code: "GTGT10".into()
        }
    );
    // A line without a VAT code takes the tariff's VAT where the tariff gives it.
    assert_eq!(
        a.lines[2].taxes[1].source,
        RateSource::Tariff {
            hs_code: "85163100".into(),
            column: "vat".into()
        }
    );
    assert_eq!(
        a.rates_used,
        vec![RateUsed {
            currency: "USD".into(),
            vnd_per_unit: d(26_100),
            effective_from: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
        }]
    );
    assert_eq!(a.lines[0].value_parts.len(), 3);
}

#[test]
fn fta_preference_applies_with_eligible_origin_and_form() {
    // Headphones 85183010: MFN 15 %, ACFTA 0 %. CIP USD 5,500 → 143,550,000 VND.
    let mut l = line("85183010", "1000", "PCE", "5.5", "5500", &["GTGT10"]);
    l.origin_country = Some("CN".into());
    l.tariff_schedule = Some("B05".into());
    l.co_form = Some("E".into());
    let a = assess(&import("CIP", vec![l.clone()]), codes(), date());
    assert_eq!(a.lines[0].taxable_value_vnd, Some(d(143_550_000)));
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(0));
    assert_eq!(
        a.lines[0].taxes[0].source,
        RateSource::Tariff {
            hs_code: "85183010".into(),
            column: "acfta".into()
        }
    );
    // VAT 10 % × 143,550,000 = 14,355,000.
    assert_eq!(amount(&a, 0, TaxKind::Vat), d(14_355_000));

    // Without the C/O form the preference is refused: MFN 15 % → 21,532,500, with a warning.
    l.co_form = None;
    let a = assess(&import("CIP", vec![l.clone()]), codes(), date());
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(21_532_500));
    assert_eq!(a.problems[0].code, "KB-W0605");
    // Ordinary schedule B03: 150 % × 15 % = 22.5 % → 143,550,000 × 22.5 % = 32,298,750.
    l.tariff_schedule = Some("B03".into());
    let a = assess(&import("CIP", vec![l]), codes(), date());
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(32_298_750));
}

#[test]
fn special_consumption_tax_then_vat_on_beer() {
    // Beer 22030091: 1,000 l × USD 1.2 = USD 1,200 CIF → 31,320,000 VND.
    let a = assess(
        &import(
            "CIF",
            vec![line(
                "22030091",
                "1000",
                "LTR",
                "1.2",
                "1200",
                &["TTDB-BIA", "GTGT10"],
            )],
        ),
        codes(),
        date(),
    );
    // Duty 35 % = 10,962,000. SCT 65 % × (31,320,000 + 10,962,000 = 42,282,000) = 27,483,300.
    // VAT 10 % × (42,282,000 + 27,483,300 = 69,765,300) = 6,976,530. Total 45,421,830.
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(10_962_000));
    assert_eq!(amount(&a, 0, TaxKind::SpecialConsumption), d(27_483_300));
    assert_eq!(a.lines[0].taxes[1].base_vnd, d(42_282_000));
    assert_eq!(amount(&a, 0, TaxKind::Vat), d(6_976_530));
    assert_eq!(a.lines[0].taxes[2].base_vnd, d(69_765_300));
    assert_eq!(a.total_payable_vnd, d(45_421_830));
}

#[test]
fn environmental_protection_tax_is_per_unit_and_enters_the_vat_base() {
    // Petrol 27101224: 10,000 l × USD 0.7 = USD 7,000 CIF → 182,700,000 VND.
    let a = assess(
        &import(
            "CIF",
            vec![line(
                "27101224",
                "10000",
                "LTR",
                "0.7",
                "7000",
                &["TTDB-X92", "BVMT-XANG", "GTGT10"],
            )],
        ),
        codes(),
        date(),
    );
    // Duty 10 % = 18,270,000. SCT 10 % × 200,970,000 = 20,097,000.
    // EPT 10,000 l × 2,000 VND/l = 20,000,000.
    // VAT 10 % × (182,700,000 + 18,270,000 + 20,097,000 + 20,000,000 = 241,067,000) = 24,106,700.
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(18_270_000));
    assert_eq!(amount(&a, 0, TaxKind::SpecialConsumption), d(20_097_000));
    assert_eq!(amount(&a, 0, TaxKind::Environmental), d(20_000_000));
    assert_eq!(amount(&a, 0, TaxKind::Vat), d(24_106_700));
    let ept = &a.lines[0].taxes[2];
    assert_eq!(
        ept.explanation_en,
        "Environmental protection tax: 10000 LTR × 2000 VND/LTR = 20,000,000 (tax code BVMT-XANG) — Standing Committee resolution on the 2026 fuel EPT rates (number not checked), 01/01/2026 – 31/12/2026 (not checked against the text)"
    );
}

#[test]
fn a_manual_rate_and_a_manual_value_win_over_the_tables() {
    // Laptops 84713020: MFN 0 %, but the declarant enters 5 %. CIF USD 1,000 → 26,100,000 VND.
    let mut l = line("84713020", "2", "PCE", "500", "1000", &["GTGT10"]);
    l.manual_duty_rate = Some(d(5));
    let a = assess(&import("CIF", vec![l.clone()]), codes(), date());
    // 26,100,000 × 5 % = 1,305,000, source: manual.
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(1_305_000));
    assert_eq!(a.lines[0].taxes[0].source, RateSource::Manual);
    // A manual taxable value of 30,000,000 VND replaces the computed 26,100,000:
    // duty 30,000,000 × 5 % = 1,500,000; VAT 10 % × 31,500,000 = 3,150,000.
    l.manual_taxable_value = Some(Money {
        currency: Some("VND".into()),
        amount: Some(d(30_000_000)),
    });
    let a = assess(&import("CIF", vec![l]), codes(), date());
    assert!(a.lines[0].manual_value);
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(1_500_000));
    assert_eq!(amount(&a, 0, TaxKind::Vat), d(3_150_000));
}

#[test]
fn export_duty_on_the_fob_value() {
    // Iron ore 26011110, export duty 40 %: 100,000 kg × USD 0.12 = USD 12,000 FOB
    // → 313,200,000 VND × 40 % = 125,280,000.
    let mut decl = Declaration::new(Direction::Export);
    decl.invoice.currency = Some("USD".into());
    decl.invoice.incoterm = Some("FOB".into());
    let mut l = line("26011110", "100000", "KGM", "0.12", "12000", &[]);
    l.origin_country = None;
    l.other_taxes.clear();
    decl.goods = vec![l];
    let a = assess(&decl, codes(), date());
    assert_eq!(a.lines[0].taxable_value_vnd, Some(d(313_200_000)));
    assert_eq!(amount(&a, 0, TaxKind::ExportDuty), d(125_280_000));
    assert_eq!(a.lines[0].taxes.len(), 1);
    // A CIF export needs the declared FOB total: FKK USD 11,000 → 287,100,000 × 40 % = 114,840,000.
    decl.invoice.incoterm = Some("CIF".into());
    let a = assess(&decl, codes(), date());
    assert_eq!(a.problems[0].code, "KB-E0603");
    decl.export_taxable_total = Some(Money {
        currency: Some("USD".into()),
        amount: Some(d(11_000)),
    });
    let a = assess(&decl, codes(), date());
    assert_eq!(amount(&a, 0, TaxKind::ExportDuty), d(114_840_000));
}

#[test]
fn adjustments_apply_to_the_lines_that_list_them() {
    // A commission of USD 100 (AD) listed on line 1 only; a discount of USD 40 (SB) listed by
    // no line, so spread over both by invoice value (3,000 / 1,000: 75 % / 25 %).
    let mut decl = import(
        "CIF",
        vec![
            line("84713020", "10", "PCE", "300", "3000", &["GTGT10"]),
            line("84714110", "2", "PCE", "500", "1000", &["GTGT10"]),
        ],
    );
    decl.goods[0].adjustment_refs = vec![1];
    decl.valuation.adjustments = vec![
        crate::domain::Adjustment {
            title: Some("A".into()),
            kind: Some("AD".into()),
            currency: Some("USD".into()),
            amount: Some(d(100)),
            allocation_base: None,
        },
        crate::domain::Adjustment {
            title: Some("G".into()),
            kind: Some("SB".into()),
            currency: Some("USD".into()),
            amount: Some(d(40)),
            allocation_base: None,
        },
    ];
    let a = assess(&decl, codes(), date());
    // L1: (3,000 + 100 − 30) × 26,100 = 3,070 × 26,100 = 80,127,000
    // L2: (1,000 − 10) × 26,100 = 990 × 26,100 = 25,839,000
    assert_eq!(a.lines[0].taxable_value_vnd, Some(d(80_127_000)));
    assert_eq!(a.lines[1].taxable_value_vnd, Some(d(25_839_000)));
}

#[test]
fn exemptions_reductions_and_missing_data_are_explained() {
    // Refrigerators 84182110 (MFN 25 %), CIF USD 1,000 = 26,100,000 VND; duty exempt (XN003).
    let mut l = line("84182110", "2", "PCE", "500", "1000", &["GTGT10"]);
    l.exemption_code = Some("XN003".into());
    let a = assess(&import("CIF", vec![l.clone()]), codes(), date());
    let duty = &a.lines[0].taxes[0];
    assert_eq!(
        (duty.gross_vnd, duty.relief_vnd, duty.amount_vnd),
        (d(6_525_000), d(6_525_000), d(0))
    );
    assert_eq!(
        duty.source,
        RateSource::Exempt {
            code: "XN003".into()
        }
    );
    // A reduction of 1,000,000 VND: 6,525,000 − 1,000,000 = 5,525,000.
    l.exemption_code = None;
    l.reduction_amount = Some(d(1_000_000));
    let a = assess(&import("CIF", vec![l.clone()]), codes(), date());
    assert_eq!(amount(&a, 0, TaxKind::ImportDuty), d(5_525_000));
    // A line whose tariff gives guidance, not a rate: the problem says to enter a rate.
    l.hs_code = Some("87021010".into());
    let a = assess(&import("CIF", vec![l.clone()]), codes(), date());
    assert!(!a.is_complete());
    assert_eq!(a.problems[0].code, "KB-E0602");
    // A currency with no rate on that date.
    let mut decl = import(
        "CIF",
        vec![line("84182110", "2", "PCE", "500", "1000", &[])],
    );
    decl.invoice.currency = Some("XAU".into());
    let a = assess(&decl, codes(), date());
    assert_eq!(a.problems[0].code, "KB-E0601");
    assert_eq!(a.lines[0].taxable_value_vnd, None);
}

#[test]
fn vnd_formatting() {
    assert_eq!(format_vnd(d(1_234_567), true), "1.234.567");
    assert_eq!(format_vnd(d(1_234_567), false), "1,234,567");
    assert_eq!(format_vnd(d(999), true), "999");
    assert_eq!(format_vnd(d(-5_000), false), "-5,000");
    assert_eq!(round_vnd(dec("10325812.5")), d(10_325_813));
    assert_eq!(round_vnd(dec("-0.5")), d(-1));
}

#[test]
fn a_per_unit_tax_needs_a_quantity_in_its_unit() {
    // EPT on petrol is per litre; the line is declared in kilograms only.
    let a = assess(
        &import(
            "CIF",
            vec![line(
                "27101224",
                "7000",
                "KGM",
                "1",
                "7000",
                &["BVMT-XANG", "GTGT10"],
            )],
        ),
        codes(),
        date(),
    );
    let problem = a.problems.iter().find(|p| p.code == "KB-E0604").unwrap();
    assert_eq!(problem.path, "goods[0].other_taxes[0].code");
    assert!(
        problem.message_en.contains("charged per LTR"),
        "{}",
        problem.message_en
    );
    assert!(!a.is_complete());
}

#[test]
fn a_missing_invoice_currency_is_a_problem_not_vnd() {
    let mut d = import(
        "CIF",
        vec![line(
            "09011120",
            "1000",
            "KGM",
            "45.05",
            "45050",
            &["VB215"],
        )],
    );
    d.invoice.currency = None;
    let a = assess(&d, codes(), date());
    assert!(
        a.problems
            .iter()
            .any(|f| f.path == "invoice.currency" && f.message_en.contains("no currency")),
        "{:#?}",
        a.problems
    );
    // Nothing was converted as if the invoice were in VND.
    assert!(a.lines.iter().all(|l| l.taxes.is_empty()), "{:#?}", a.lines);
}

/// The 2026 tariff's preferential notations, line by line (cells of Tariff.xlsx, January 2026).
#[test]
fn each_preferential_notation_gives_the_rate_or_says_why_mfn_applies() {
    // Roasted coffee 09012111: MFN 30 %; ACFTA "0 (-TH, CN)" — 0 % except for goods from
    // Thailand and China. CIF USD 1,000 → 26,100,000 VND.
    let claim = |hs: &str, schedule: &str, origin: &str, form: &str| {
        let mut l = line(hs, "100", "KGM", "10", "1000", &["GTGT10"]);
        l.tariff_schedule = Some(schedule.into());
        l.origin_country = Some(origin.into());
        l.co_form = Some(form.into());
        assess(&import("CIF", vec![l]), codes(), date())
    };
    let from_indonesia = claim("09012111", "B05", "ID", "E");
    assert_eq!(amount(&from_indonesia, 0, TaxKind::ImportDuty), d(0));
    let from_thailand = claim("09012111", "B05", "TH", "E");
    assert_eq!(amount(&from_thailand, 0, TaxKind::ImportDuty), d(7_830_000));
    let why = &from_thailand.problems[0];
    assert_eq!(why.code, "KB-W0605");
    assert!(
        why.message_en.contains("excludes goods originating in TH"),
        "{}",
        why.message_en
    );
    // Beer 22030011 under CPTPP: 15 %, but 18 % for goods from Mexico.
    let from_japan = claim("22030011", "B20", "JP", "CPTPP");
    let from_mexico = claim("22030011", "B20", "MX", "CPTPP");
    assert_eq!(amount(&from_japan, 0, TaxKind::ImportDuty), d(3_915_000));
    assert_eq!(amount(&from_mexico, 0, TaxKind::ImportDuty), d(4_698_000));
    // RCEP by partner group: China's column C says 26.3 %, ASEAN's A 23.3 %.
    let from_china = claim("22030011", "B23", "CN", "RCEP");
    let from_asean = claim("22030011", "B23", "MY", "RCEP");
    assert_eq!(amount(&from_china, 0, TaxKind::ImportDuty), d(6_864_300));
    assert_eq!(amount(&from_asean, 0, TaxKind::ImportDuty), d(6_081_300));
    // `*`: AHKFTA has no preference for beer; MFN 35 % applies and the finding says so.
    let from_hong_kong = claim("22030011", "B24", "HK", "AHK");
    assert_eq!(
        amount(&from_hong_kong, 0, TaxKind::ImportDuty),
        d(9_135_000)
    );
    assert!(
        from_hong_kong.problems[0]
            .message_en
            .contains("tariff says *")
    );
}

/// The rate a tax code gave on `day` for a VND line (no exchange rate needed on any date), or
/// the code of the problem that stopped it.
fn rate_on(
    hs: &str,
    unit: &str,
    codes_used: &[&str],
    code: &str,
    day: &str,
) -> Result<Decimal, String> {
    let mut decl = import(
        "CIF",
        vec![line(hs, "100", unit, "10000", "1000000", codes_used)],
    );
    decl.invoice.currency = Some("VND".into());
    let a = assess(&decl, codes(), day.parse().unwrap());
    if let Some(p) = a
        .problems
        .iter()
        .find(|p| p.path.starts_with("goods[0].other_taxes"))
    {
        return Err(p.code.clone());
    }
    let item = a.lines[0]
        .taxes
        .iter()
        .find(|t| t.code.as_deref() == Some(code))
        .unwrap_or_else(|| panic!("{code} on {day}: {:?}", a.lines[0].taxes));
    Ok(match &item.rate {
        Rate::Percent { percent } => *percent,
        Rate::PerUnit { amount, .. } => *amount,
    })
}

#[test]
fn each_dated_rate_applies_from_its_first_day_to_its_last() {
    let not_in_force = Err("KB-E0606".to_owned());
    // VAT 8 %: Decree 174/2025 from 1 Jul 2025 to 31 Dec 2026; the earlier decrees left a gap
    // in the first half of 2023.
    let vat8 = |day| rate_on("85171300", "PCE", &["GTGT08"], "GTGT08", day);
    assert_eq!(vat8("2022-12-31"), Ok(d(8)));
    assert_eq!(vat8("2023-01-01"), not_in_force);
    assert_eq!(vat8("2023-07-01"), Ok(d(8)));
    assert_eq!(vat8("2025-06-30"), Ok(d(8)));
    assert_eq!(vat8("2025-07-01"), Ok(d(8)));
    assert_eq!(vat8("2026-12-31"), Ok(d(8)));
    assert_eq!(vat8("2027-01-01"), not_in_force);
    let vat10 = |day| rate_on("85171300", "PCE", &["GTGT10"], "GTGT10", day);
    assert_eq!(vat10("2026-12-31"), Ok(d(10)));
    assert_eq!(vat10("2027-01-01"), Ok(d(10)));
    // SCT on beer and spirits ≥ 20 % vol: 65 % to 2026, then 5 points a year to 90 % in 2031.
    let beer = |day| rate_on("22030011", "LTR", &["TTDB-BIA", "GTGT10"], "TTDB-BIA", day);
    for (day, rate) in [
        ("2025-12-31", 65),
        ("2026-01-01", 65),
        ("2026-12-31", 65),
        ("2027-01-01", 70),
        ("2027-12-31", 70),
        ("2028-01-01", 75),
        ("2029-01-01", 80),
        ("2030-01-01", 85),
        ("2030-12-31", 85),
        ("2031-01-01", 90),
        ("2040-06-15", 90),
    ] {
        assert_eq!(beer(day), Ok(d(rate)), "beer on {day}");
    }
    let wine = |day| rate_on("22042111", "LTR", &["TTDB-R00", "GTGT10"], "TTDB-R00", day);
    assert_eq!(wine("2026-12-31"), Ok(d(35)));
    assert_eq!(wine("2027-01-01"), Ok(d(40)));
    assert_eq!(wine("2030-12-31"), Ok(d(55)));
    assert_eq!(wine("2031-01-01"), Ok(d(60)));
    // Sugary drinks: not taxed before 2027, 8 % in 2027, 10 % from 2028.
    let soda = |day| rate_on("22021010", "LTR", &["TTDB-NGT", "GTGT10"], "TTDB-NGT", day);
    assert_eq!(soda("2026-12-31"), not_in_force);
    assert_eq!(soda("2027-01-01"), Ok(d(8)));
    assert_eq!(soda("2027-12-31"), Ok(d(8)));
    assert_eq!(soda("2028-01-01"), Ok(d(10)));
    // EPT on petrol: the reduced 2,000 VND/l of 2025 and 2026, Resolution 579/2018's 4,000 from
    // 2027; no rate is known before 2025. Plastic bags stay at 50,000 VND/kg.
    let petrol = |day| {
        rate_on(
            "27101224",
            "LTR",
            &["TTDB-X92", "BVMT-XANG", "GTGT10"],
            "BVMT-XANG",
            day,
        )
    };
    assert_eq!(petrol("2024-12-31"), not_in_force);
    assert_eq!(petrol("2025-01-01"), Ok(d(2_000)));
    assert_eq!(petrol("2026-12-31"), Ok(d(2_000)));
    assert_eq!(petrol("2027-01-01"), Ok(d(4_000)));
    let diesel = |day| rate_on("27101971", "LTR", &["BVMT-DO", "GTGT10"], "BVMT-DO", day);
    assert_eq!(diesel("2026-12-31"), Ok(d(1_000)));
    assert_eq!(diesel("2027-01-01"), Ok(d(2_000)));
    let bags = |day| rate_on("39232119", "KGM", &["BVMT-TUI", "GTGT10"], "BVMT-TUI", day);
    assert_eq!(bags("2026-12-31"), Ok(d(50_000)));
    assert_eq!(bags("2027-01-01"), Ok(d(50_000)));
}

#[test]
fn the_explanation_names_the_instrument_and_a_code_out_of_force_says_when_it_ended() {
    let mut decl = import(
        "CIF",
        vec![line(
            "85171300",
            "1",
            "PCE",
            "1000000",
            "1000000",
            &["GTGT08"],
        )],
    );
    decl.invoice.currency = Some("VND".into());
    let a = assess(&decl, codes(), "2026-11-05".parse().unwrap());
    let vat = &a.lines[0].taxes[1];
    assert_eq!(
        vat.explanation_en,
        "Value added tax: 1,000,000 × 8% = 80,000 (tax code GTGT08) — Decree 174/2025/NĐ-CP, 01/07/2025 – 31/12/2026"
    );
    assert!(
        vat.explanation_vi
            .ends_with("Nghị định 174/2025/NĐ-CP, 01/07/2025 – 31/12/2026")
    );
    // A rate recalled but not checked says so.
    let a = assess(&decl, codes(), "2025-03-01".parse().unwrap());
    assert!(
        a.lines[0].taxes[1].explanation_en.ends_with(
            "Decree 180/2024/NĐ-CP, 01/01/2025 – 30/06/2025 (not checked against the text)"
        ),
        "{}",
        a.lines[0].taxes[1].explanation_en
    );
    let a = assess(&decl, codes(), "2027-01-01".parse().unwrap());
    let p = &a.problems[0];
    assert_eq!(
        (p.code.as_str(), p.path.as_str()),
        ("KB-E0606", "goods[0].other_taxes[0].code")
    );
    assert!(
        p.message_en.contains("tax code GTGT08 is not in force on 01/01/2027: its rate 8 ended on 31/12/2026 (Decree 174/2025/NĐ-CP)"),
        "{}",
        p.message_en
    );
    assert!(
        p.message_vi.contains("hết hiệu lực sau ngày 31/12/2026"),
        "{}",
        p.message_vi
    );
}

#[test]
fn goods_subject_to_sct_other_than_petrol_do_not_get_the_reduced_vat() {
    let day = "2026-11-05";
    assert_eq!(
        rate_on("22030011", "LTR", &["TTDB-BIA", "GTGT08"], "GTGT08", day),
        Err("KB-E0607".to_owned())
    );
    assert_eq!(
        rate_on(
            "27101224",
            "LTR",
            &["TTDB-X92", "BVMT-XANG", "GTGT08"],
            "GTGT08",
            day
        ),
        Ok(d(8))
    );
}
