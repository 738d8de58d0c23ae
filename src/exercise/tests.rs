//! The shipped packs against the program's own rules, tax assessment and lane rules, and the
//! scoring itself.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::*;
use crate::assess::TaxKind;
use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
use crate::codes::CodeLists;

fn codes() -> &'static CodeLists {
    static CODES: std::sync::OnceLock<CodeLists> = std::sync::OnceLock::new();
    CODES.get_or_init(|| CodeLists::bundled().unwrap())
}

fn lanes() -> LaneRules {
    LaneRules::parse(DEFAULT_RULES).unwrap()
}

#[test]
fn every_shipped_pack_parses_and_ids_are_unique_and_ordered() {
    let all = catalogue_checked().unwrap();
    assert_eq!(all.len(), catalogue().len());
    let ids: Vec<&str> = all.iter().map(|e| e.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "ids unique and in teaching order");
    for e in &all {
        assert!(!e.title.vi.is_empty() && !e.title.en.is_empty(), "{}", e.id);
        assert!(
            !e.teaches.vi.is_empty() && !e.teaches.en.is_empty(),
            "{}",
            e.id
        );
        assert!((1..=3).contains(&e.level), "{}", e.id);
        assert!(!e.hints.is_empty(), "{}", e.id);
        assert!(e.key.lane.is_some(), "{} states its lane", e.id);
    }
}

#[test]
fn every_shipped_key_validates_clean_and_states_the_taxes_and_lane_the_program_computes() {
    let lanes = lanes();
    for e in catalogue_checked().unwrap() {
        let check = check_key(&e, codes(), &lanes);
        assert!(check.findings.is_empty(), "{}: {:#?}", e.id, check.findings);
        assert!(
            check.assessment_problems.is_empty(),
            "{}: {:?}",
            e.id,
            check.assessment_problems
        );
        assert!(check.taxes_agree(), "{}: {:?}", e.id, check.taxes);
        assert!(check.lane_agrees(), "{}: lane {:?}", e.id, check.lane);
        assert!(check.is_sound(), "{}", e.id);
    }
}

#[test]
fn a_key_stating_another_lane_or_tax_is_caught_with_the_lines_to_paste() {
    let lanes = lanes();
    let mut e = find("05-wine-special-consumption-tax").unwrap();
    let sound = check_key(&e, codes(), &lanes);
    assert!(sound.is_sound());
    assert_eq!(sound.lane_line(), format!("lane = {}", sound.lane.number()));
    let table = sound.taxes_table();
    assert!(table.starts_with("[key.taxes]\n"), "{table}");
    let sct = sound.taxes[&TaxKind::SpecialConsumption];
    assert!(!sct.is_zero());
    assert!(
        table.contains(&format!("special_consumption = \"{sct}\"\n")),
        "{table}"
    );

    e.key.lane = Some(if sound.lane == Lane::Red {
        Lane::Green
    } else {
        Lane::Red
    });
    e.key
        .taxes
        .insert(TaxKind::SpecialConsumption, sct + Decimal::ONE);
    let wrong = check_key(&e, codes(), &lanes);
    assert!(!wrong.lane_agrees());
    assert!(!wrong.taxes_agree());
    assert!(!wrong.is_sound());
    assert!(!wrong.has_errors());
    assert_eq!(
        (wrong.lane_line(), wrong.taxes_table()),
        (sound.lane_line(), table),
        "the computed lines do not follow the pack"
    );

    // A stated 0 agrees with a tax the assessment leaves out, and the other way round.
    let mut e = find("05-wine-special-consumption-tax").unwrap();
    e.key.taxes.insert(TaxKind::ExportDuty, Decimal::ZERO);
    assert!(check_key(&e, codes(), &lanes).taxes_agree());

    // A key with an error (an HS code in no tariff) has lane and taxes not to trust.
    e.key.declaration.goods[0].hs_code = Some("99999999".into());
    let broken = check_key(&e, codes(), &lanes);
    assert!(broken.has_errors(), "{:?}", broken.findings);
    assert!(!broken.is_sound());
}

#[test]
fn a_packs_id_is_a_name_of_its_own() {
    let text = include_str!("../../assets/exercises/01-a11-first-import/exercise.toml");
    let key = include_str!("../../assets/exercises/01-a11-first-import/key.json");
    for id in ["", "  ", "lop/a", "lop\\\\a"] {
        let changed = text.replace("id = \"01-a11-first-import\"", &format!("id = \"{id}\""));
        assert_ne!(changed, text);
        let err = parse_pack(&changed, key, "class-a").unwrap_err();
        assert!(
            matches!(err, ExerciseError::BadId { .. }),
            "{id:?}: {err:?}"
        );
        crate::domain::text::assert_apart(&err);
        assert!(err.message().en.contains("class-a/exercise.toml"), "{err}");
    }
}

#[test]
fn every_shipped_key_scores_full_marks_against_itself() {
    let lanes = lanes();
    for e in catalogue() {
        let s = score(&e, &e.key_declaration(), None, codes(), &lanes);
        assert!(s.is_full(), "{}: {:#?}", e.id, s.differences);
        assert_eq!(s.percent(), 100);
        assert!(s.max > 20, "{}: {} points", e.id, s.max);
        assert!(s.findings.is_empty());
    }
}

fn first() -> Exercise {
    find("01-a11-first-import").unwrap()
}

#[test]
fn a_wrong_field_is_named_with_its_official_name_item_and_hint() {
    let e = first();
    let mut d = e.key_declaration();
    d.type_code = Some("A12".into());
    d.goods[0].hs_code = Some("94017990".into());
    let s = score(&e, &d, None, codes(), &lanes());
    assert!(!s.is_full());
    assert!(s.points < s.max && s.percent() < 100);
    let type_code = s
        .differences
        .iter()
        .find(|x| x.path == "type_code")
        .unwrap();
    assert_eq!(type_code.item, "ICB");
    assert_eq!(type_code.name.vi, "Mã loại hình");
    assert_eq!(
        (type_code.expected.as_str(), type_code.given.as_str()),
        ("A11", "A12")
    );
    assert!(
        type_code.hint.vi.contains("A11"),
        "the pack's own hint: {:?}",
        type_code.hint
    );
    let hs = s
        .differences
        .iter()
        .find(|x| x.path == "goods[0].hs_code")
        .unwrap();
    assert_eq!((hs.item.as_str(), hs.line), ("CMD", Some(1)));
    assert_eq!(hs.name.vi, "Mã số hàng hóa");
}

#[test]
fn text_and_numbers_follow_their_tolerances() {
    let e = first();
    let mut d = e.key_declaration();
    let description = d.goods[0].description.clone().unwrap();
    d.goods[0].description = Some(format!(
        "  {}  ",
        description.to_uppercase().replace(' ', "   ")
    ));
    d.invoice.total = Some(Decimal::new(6_000_000, 3)); // 6000.000
    let s = score(&e, &d, None, codes(), &lanes());
    assert!(s.is_full(), "{:#?}", s.differences);
    let mut lenient = e.clone();
    lenient.key.fields.insert(
        "invoice.total".into(),
        Tolerance {
            compare: Compare::Number,
            percent: Some(Decimal::ONE),
            ..Tolerance::default()
        },
    );
    d.invoice.total = Some(Decimal::from(6050));
    assert!(
        score(&lenient, &d, None, codes(), &lanes())
            .differences
            .iter()
            .all(|x| x.path != "invoice.total")
    );
    d.invoice.total = Some(Decimal::from(6070));
    assert!(
        score(&lenient, &d, None, codes(), &lanes())
            .differences
            .iter()
            .any(|x| x.path == "invoice.total")
    );
}

#[test]
fn goods_lines_in_another_order_are_matched_by_hs_code_and_description() {
    let e = find("02-sea-fob-freight-insurance").unwrap();
    let mut d = e.key_declaration();
    d.goods.reverse();
    let s = score(&e, &d, None, codes(), &lanes());
    assert!(s.lines_reordered);
    assert!(s.is_full(), "{:#?}", s.differences);
    d.goods[0].unit_price = Some(Decimal::from(19)); // the key's line 3, now first
    let s = score(&e, &d, None, codes(), &lanes());
    let price = s
        .differences
        .iter()
        .find(|x| x.path == "goods[2].unit_price")
        .unwrap();
    assert_eq!((price.line, price.given_line), (Some(3), Some(1)));
    d.goods.pop();
    let s = score(&e, &d, None, codes(), &lanes());
    assert!(
        s.differences
            .iter()
            .any(|x| x.kind == DifferenceKind::MissingLine)
    );
}

#[test]
fn taxes_and_lane_come_from_the_outcome_when_given_else_are_computed() {
    let e = first();
    let d = e.key_declaration();
    let outcome = Outcome {
        lane: Some(Lane::Red),
        taxes: Some(BTreeMap::from([(TaxKind::Vat, Decimal::from(5))])),
        ..Outcome::default()
    };
    let s = score(&e, &d, Some(&outcome), codes(), &lanes());
    assert!(!s.taxes_computed && !s.lane_computed);
    let kinds: Vec<_> = s
        .differences
        .iter()
        .map(|x| (x.kind, x.path.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (DifferenceKind::Tax, "taxes.import_duty"),
            (DifferenceKind::Tax, "taxes.vat"),
            (DifferenceKind::Lane, "lane")
        ]
    );
    // A higher line value raises the computed taxes.
    let mut more = e.key_declaration();
    more.goods[0].invoice_value = Some(Decimal::from(6500));
    let s = score(&e, &more, None, codes(), &lanes());
    assert!(s.taxes_computed);
    assert!(s.differences.iter().any(|x| x.path == "taxes.vat"));
}

#[test]
fn every_shipped_packs_documents_agree_with_its_key() {
    for e in catalogue() {
        let d = &e.key.declaration;
        if let Some(invoice) = &e.documents.invoice
            && e.key.procedure.declarations.is_none()
        {
            assert_eq!(
                Some(invoice.total()),
                d.invoice.total,
                "{}: invoice total",
                e.id
            );
            assert_eq!(
                Some(invoice.number.as_str()),
                d.invoice.number.as_deref(),
                "{}",
                e.id
            );
            assert_eq!(invoice.lines.len(), d.goods.len(), "{}: lines", e.id);
        }
        if let Some(transport) = &e.documents.transport {
            assert_eq!(
                d.bills_of_lading.first().map(String::as_str),
                Some(transport.number.as_str()),
                "{}: B/L",
                e.id
            );
        }
    }
}

#[test]
fn a_broken_pack_is_named_with_its_file_and_line_in_each_language() {
    let key = include_str!("../../assets/exercises/01-a11-first-import/key.json");
    let err = parse_pack("id = \"x\"\nlevel = \"one\"\n", key, "my-pack").unwrap_err();
    assert!(
        matches!(err, ExerciseError::Toml { line: 2, .. }),
        "{err:?}"
    );
    crate::domain::text::assert_apart(&err);
    assert!(err.message().en.contains("my-pack/exercise.toml"));
    let text = include_str!("../../assets/exercises/01-a11-first-import/exercise.toml");
    let err = parse_pack(text, "{ \"goods\": 3 }", "my-pack").unwrap_err();
    assert!(matches!(err, ExerciseError::Key { .. }), "{err:?}");
    crate::domain::text::assert_apart(&err);
    let err = find("nothing").unwrap_err();
    crate::domain::text::assert_apart(&err);
    assert!(err.message().vi.contains("11-low-value-express"));
}

#[test]
fn the_procedure_is_scored_from_the_outcome_or_the_declaration() {
    let e = find("10-split-invoice-60-lines").unwrap();
    let s = score(&e, &e.key_declaration(), None, codes(), &lanes());
    assert!(s.is_full() && s.unchecked.is_empty(), "{s:#?}");
    let told = Outcome {
        declarations: Some(3),
        ..Outcome::default()
    };
    let s = score(&e, &e.key_declaration(), Some(&told), codes(), &lanes());
    let d = s
        .differences
        .iter()
        .find(|d| d.kind == DifferenceKind::Procedure)
        .unwrap();
    assert_eq!((d.expected.as_str(), d.given.as_str()), ("2", "3"));
    let expiry = find("09-provisional-expires").unwrap();
    let s = score(&expiry, &expiry.key_declaration(), None, codes(), &lanes());
    assert_eq!(s.unchecked, ["procedure.status"]);
    let expired = Outcome {
        status: Some("expired".into()),
        ..Outcome::default()
    };
    let s = score(
        &expiry,
        &expiry.key_declaration(),
        Some(&expired),
        codes(),
        &lanes(),
    );
    assert!(s.unchecked.is_empty() && s.is_full(), "{s:#?}");
    let amended = find("08-amendment-after-registration").unwrap();
    let registered = Outcome {
        branch: Some(0),
        status: Some("registered".into()),
        ..Outcome::default()
    };
    let s = score(
        &amended,
        &amended.key_declaration(),
        Some(&registered),
        codes(),
        &lanes(),
    );
    assert!(
        s.differences
            .iter()
            .any(|d| d.path == "procedure.branch" && d.given == "0")
    );
}

#[test]
fn a_pack_of_ones_own_may_take_a_shipped_id_only_with_the_same_content() {
    let text = include_str!("../../assets/exercises/01-a11-first-import/exercise.toml");
    let key = include_str!("../../assets/exercises/01-a11-first-import/key.json");
    // A copy of the shipped pack is that exercise: its attempts are the shipped one's.
    let copy = parse_pack(text, key, "copy").unwrap();
    assert_eq!(
        own_id_checked(copy, "copy").unwrap().id,
        "01-a11-first-import"
    );
    // An instructor's changed copy under the same id is refused, naming the file to change.
    let changed = text.replace("level = 1", "level = 2");
    assert_ne!(changed, text);
    let pack = parse_pack(&changed, key, "class-a").unwrap();
    let err = own_id_checked(pack, "class-a").unwrap_err();
    assert_eq!(
        err,
        ExerciseError::ShippedIdTaken {
            path: "class-a".into(),
            id: "01-a11-first-import".into()
        }
    );
    crate::domain::text::assert_apart(&err);
    assert!(
        err.message().vi.contains("đổi `id` trong exercise.toml"),
        "{err}"
    );
    assert!(err.message().en.contains("change `id` in exercise.toml"));
    // Its key changed, the same.
    let mut declaration: serde_json::Value = serde_json::from_str(key).unwrap();
    declaration["type_code"] = "A12".into();
    let pack = parse_pack(text, &declaration.to_string(), "class-a").unwrap();
    assert!(own_id_checked(pack, "class-a").is_err());
    // Given an id of its own, it is accepted.
    let renamed = changed.replace(
        "id = \"01-a11-first-import\"",
        "id = \"01-a11-first-import-lop-a\"",
    );
    let pack = parse_pack(&renamed, key, "class-a").unwrap();
    assert_eq!(
        own_id_checked(pack, "class-a").unwrap().id,
        "01-a11-first-import-lop-a"
    );
}

/// Whether `text` has a letter only Vietnamese writes (ă đ ơ ư, or a tone-marked vowel of the
/// Latin Extended Additional block: ạ ả ấ ầ … ỹ). French é or â are not.
fn has_vietnamese(text: &str) -> bool {
    text.chars()
        .any(|c| "ăđơưĂĐƠƯ".contains(c) || ('\u{1EA0}'..='\u{1EF9}').contains(&c))
}

#[test]
fn a_foreign_seller_writes_its_documents_in_its_own_trade_language() {
    assert!(has_vietnamese("Ổ bi cầu bằng thép") && !has_vietnamese("Château KB 2022, é"));
    let mut foreign = 0;
    for e in catalogue() {
        let Some(invoice) = &e.documents.invoice else {
            continue;
        };
        if invoice.seller.country.as_deref() == Some("VN") {
            continue;
        }
        foreign += 1;
        let mut texts = vec![invoice.seller.name.clone()];
        texts.extend(invoice.seller.address.iter().cloned());
        texts.extend(invoice.payment.iter().cloned());
        texts.extend(invoice.lines.iter().map(|l| l.description.clone()));
        if let Some(t) = &e.documents.transport {
            texts.extend(t.shipper.address.iter().cloned());
        }
        for text in texts {
            assert!(
                !has_vietnamese(&text),
                "{}: the seller wrote {text:?}",
                e.id
            );
        }
    }
    assert!(foreign >= 5, "{foreign}");
    // Exercise 10's Ningbo seller in English; its key declares the goods in Vietnamese.
    let split = find("10-split-invoice-60-lines").unwrap();
    let invoice = split.documents.invoice.as_ref().unwrap();
    assert_eq!(
        invoice.lines[0].description,
        "STEEL DEEP GROOVE BALL BEARING, BORE 20 MM, ITEM NO. KB-001, BRAND NEW"
    );
    assert!(!has_vietnamese(&invoice.buyer.address.join(", ")));
    assert_eq!(
        split.key.declaration.goods[0].description.as_deref(),
        Some("Ổ bi cầu bằng thép, đường kính trong 20 mm, mã hàng KB-001, mới 100%")
    );
}
