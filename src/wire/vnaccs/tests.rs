//! Golden tests against the 33 real messages of 2014, round trips of declarations, the full
//! 50-line IDA, and arbitrary bytes.

use super::*;
use crate::domain::file;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vnaccs-2014");

fn real_messages() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_real_message_decodes_with_its_length_and_results() {
    let messages = real_messages();
    assert_eq!(messages.len(), 33);
    for (name, bytes) in &messages {
        let decoded = decode(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.length, bytes.len(), "{name}");
        let job = name.split('-').nth(1).unwrap();
        assert_eq!(decoded.job, job, "{name}");
        assert_eq!(decoded.answer, name.contains("response"), "{name}");
        let field = |n: &str| {
            decoded
                .header
                .iter()
                .find(|(f, _)| f.name == n)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(field("length").parse::<usize>().unwrap(), bytes.len());
        assert_eq!(field("user code"), "D0000001");
        assert_eq!(field("terminal id"), "I0000A");
        assert!(
            field("data info").starts_with(&format!("{job:<5}201405")),
            "{name}"
        );
        if decoded.answer {
            assert_eq!(field("output code").trim_end(), format!("*V{job}"));
            let code = &decoded.results[0];
            let expected = match name.as_str() {
                n if n.starts_with("01-") => ("S0006", "ICN"),
                n if n.starts_with("21-") || n.starts_with("31-") => ("S0900", "ICN"),
                _ => ("E9990", "0000"),
            };
            assert_eq!((code.code.as_str(), code.item.as_str()), expected, "{name}");
            let official = results::lookup(job, &code.code, &code.item).unwrap();
            assert!(!official.description_vi.is_empty());
            assert_eq!(field("password").trim(), "");
        } else {
            assert_eq!(field("password"), "***", "the password is never shown");
        }
    }
}

#[test]
fn an_answer_whose_subject_holds_a_crlf_is_read_by_offsets() {
    let bytes = std::fs::read(format!("{FIXTURES}/07-IDC-response.txt")).unwrap();
    let decoded = decode(&bytes).unwrap();
    let subject = &decoded
        .header
        .iter()
        .find(|(f, _)| f.name == "subject")
        .unwrap()
        .1;
    assert!(subject.starts_with("E9990-0000-0000 \r\n"));
    assert_eq!(decoded.results.len(), 1);
}

#[test]
fn every_real_request_re_encodes_byte_for_byte_from_its_decoded_content() {
    let mut requests = 0;
    for (name, bytes) in real_messages()
        .iter()
        .filter(|(n, _)| n.contains("request"))
    {
        let decoded = decode(bytes).unwrap();
        let framed = Framed::read(bytes).unwrap();
        let text = |f| String::from_utf8_lossy(framed.raw(f)).trim_end().to_owned();
        let header = RequestHeader {
            job: decoded.job.clone(),
            user_id: text(header::USER_ID),
            password: text(header::PASSWORD),
            terminal_id: text(header::TERMINAL),
            data_info: String::from_utf8_lossy(framed.raw(header::DATA_INFO)).into_owned(),
        };
        let layout = layout::get(&decoded.job).unwrap();
        // As received: the 2014 client sent "jj" in an I item, so only widths are checked.
        let body = body::encode(layout, &decoded.items, false).unwrap();
        let again = header::frame_request(&header, &body).unwrap();
        assert_eq!(again, *bytes, "{name}");
        requests += 1;
    }
    assert_eq!(requests, 23);
}

fn fixture(name: &str) -> Declaration {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    file::from_json(&text).unwrap()
}

/// The declaration as VNACCS carries it: fields without an item removed, empty parts absent.
fn as_carried(mut d: Declaration) -> Declaration {
    let import = d.direction == Direction::Import;
    if import {
        d.containers.clear();
    } else {
        d.other_law_codes.clear();
        d.bills_of_lading.truncate(1);
        let base = d.valuation.allocation_base;
        d.valuation = crate::domain::declaration::Valuation {
            allocation_base: base,
            ..Default::default()
        };
    }
    if let Some(p) = &mut d.entrusting_party {
        p.postcode = None;
        p.address = None;
        p.phone = None;
    }
    for g in &mut d.goods {
        g.co_form = None;
        if import {
            g.other_law_codes.clear();
        } else {
            g.origin_country = None;
            g.tariff_schedule = None;
            g.other_taxes.clear();
            g.adjustment_refs.clear();
        }
    }
    d
}

#[test]
fn each_example_declaration_goes_to_exact_bytes_and_back() {
    for (name, number) in [
        ("import-sea-container.json", None),
        ("import-air-fta.json", Some("101234567820")),
        ("import-low-value.json", None),
        ("import-50-lines.json", None),
        ("export-sea.json", Some("301234567821")),
    ] {
        let mut original = fixture(name);
        original.number = number.map(|n| n.parse().unwrap());
        for amendment in [false, true] {
            let job = data_job(original.direction, amendment);
            let body = declaration_body(&original, job).unwrap_or_else(|e| panic!("{name}: {e}"));
            let values = body::decode(layout::get(job).unwrap(), &body).unwrap();
            let back = items::from_items(&values, original.direction);
            assert!(back.unreadable.is_empty(), "{name}: {:?}", back.unreadable);
            assert!(back.unmodelled.is_empty(), "{name}: {:?}", back.unmodelled);
            assert_eq!(
                back.declaration,
                as_carried(original.clone()),
                "{name} {job}"
            );
            assert_eq!(
                body::encode(layout::get(job).unwrap(), &values, true).unwrap(),
                body,
                "{name}: decoding then encoding gives the same bytes"
            );
        }
        let carried = items::not_carried(&original);
        assert_eq!(
            carried.is_empty(),
            as_carried(original.clone()) == original,
            "{name}: not_carried {carried:?}"
        );
    }
}

#[test]
fn single_item_jobs_carry_the_number_right_aligned() {
    let number: DeclarationNumber = "101234567820".parse().unwrap();
    for job in [
        "IDB", "IDC", "IDD", "IDE", "IID", "EDB", "EDC", "EDD", "EDE", "IEX",
    ] {
        assert_eq!(
            number_body(job, number).unwrap(),
            b"101234567820\r\n",
            "{job}"
        );
    }
    assert!(matches!(
        number_body("XYZ", number),
        Err(EncodeError::Framing(FramingError::UnknownJob(_)))
    ));
}

fn full_values(layout: &layout::Layout) -> ItemValues {
    let fill = |def: &layout::ItemDef| match def.attribute {
        Attribute::Integer | Attribute::Decimal => "9".repeat(def.width),
        Attribute::Alphanumeric => "X".repeat(def.width),
        Attribute::Wide => "Đ".repeat(def.width / 2) + &"x".repeat(def.width % 2),
    };
    let mut values = ItemValues::default();
    for def in layout.header_items() {
        values.set(&def.id, fill(def));
    }
    values.lines = (0..layout.repeat)
        .map(|_| {
            layout
                .line_items()
                .iter()
                .map(|d| (d.id.clone(), fill(d)))
                .collect()
        })
        .collect();
    values
}

#[test]
fn a_full_50_line_ida_has_the_body_size_the_layout_gives() {
    let ida = layout::get("IDA").unwrap();
    let values = full_values(ida);
    // Checked for width only: "Đ" × width/2 fills a W item's bytes but not its
    // characters cap (width/3), which the strict encoder enforces.
    let body = body::encode(ida, &values, false).unwrap();
    assert_eq!(body.len(), 61_730);
    assert_eq!(body::decode(ida, &body).unwrap(), values);
    let mut values = values;
    values.lines.push(values.lines[0].clone());
    assert!(body::encode(ida, &values, false).is_err(), "51 lines");
}

#[test]
fn a_value_that_does_not_fit_is_reported_with_its_item_before_sending() {
    let mut d = fixture("import-sea-container.json");
    d.goods[0].description = Some("Bàn ghế gỗ ".repeat(30));
    d.office = Some("Hải Phòng".into());
    let Err(EncodeError::Items(problems)) = declaration_body(&d, "IDA") else {
        panic!("refused");
    };
    let items: Vec<(&str, Option<usize>)> =
        problems.iter().map(|p| (p.item.as_str(), p.line)).collect();
    assert_eq!(items, [("CH", None), ("CMN", Some(1))]);
}

mod fuzz {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        #[test]
        fn the_decoder_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1_200)) {
            let _ = super::decode(&bytes);
        }

        #[test]
        fn the_decoder_never_panics_on_a_valid_header_with_any_body(
            job in prop::sample::select(vec!["IDA", "IDB", "IDC", "EDA", "TCC", "MIC", "SSR", "ZZZ"]),
            answer in any::<bool>(),
            body in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b' '), any::<u8>()], 0..3_000),
        ) {
            let mut message = vec![b' '; super::header::HEADER_BYTES];
            message[..3].copy_from_slice(if answer { b"SSR" } else { b"SS " });
            message[3..3 + job.len()].copy_from_slice(job.as_bytes());
            let total = super::header::BODY_START + body.len();
            message[392..398].copy_from_slice(format!("{total:06}").as_bytes());
            message.extend_from_slice(b"\r\n");
            message.extend_from_slice(&body);
            let _ = super::decode(&message);
        }
    }
}

#[test]
fn every_item_names_a_field_of_the_field_table() {
    for direction in [Direction::Import, Direction::Export] {
        let job = data_job(direction, false);
        let layout = layout::get(job).unwrap();
        let mut modelled = 0;
        for def in &layout.items {
            let line = def.repeated.then_some(3);
            if let Some(path) = items::field_path(&def.id, line, direction) {
                assert!(
                    crate::domain::field(&path).is_some(),
                    "{job} {}: {path} is not in the field table",
                    def.id
                );
                modelled += 1;
            }
        }
        // Import: 80 header items + 35 goods-line items; export: 94 + 21.
        assert!(modelled > 100, "{job}: {modelled}");
    }
    assert_eq!(
        items::field_path("TG2", Some(4), Direction::Import).as_deref(),
        Some("goods[3].other_taxes[1].reduction_amount")
    );
    assert_eq!(
        items::field_path("EP3", None, Direction::Import).as_deref(),
        Some("foreign_party.address[2]")
    );
    assert_eq!(
        items::field_path("C12", None, Direction::Export).as_deref(),
        Some("containers[11]")
    );
    assert_eq!(items::field_path("BP", None, Direction::Import), None);
}

#[test]
fn the_first_declaration_link_travels_in_fic_bno_dno() {
    let mut d = fixture("import-50-lines.json");
    d.first_declaration = crate::domain::FirstDeclaration {
        number: Some("101234567820".into()),
        sequence: Some(2.into()),
        count: Some(3.into()),
    };
    let body = declaration_body(&d, "IDA").unwrap();
    let lines: Vec<&[u8]> = body.split(|b| *b == b'\n').take(4).collect();
    assert_eq!(lines[1], b"101234567820\r", "FIC, A12");
    assert_eq!(lines[2], b" 2\r", "BNO, I2 right-aligned");
    assert_eq!(lines[3], b" 3\r", "DNO");
    let values = body::decode(layout::get("IDA").unwrap(), &body).unwrap();
    assert_eq!(
        items::from_items(&values, Direction::Import)
            .declaration
            .first_declaration,
        d.first_declaration
    );
}

#[test]
fn the_fields_vnaccs_does_not_carry_are_known() {
    use items::carried;
    assert!(!carried("goods[0].co_form", Direction::Import));
    assert!(!carried("containers[3]", Direction::Import));
    assert!(carried("containers[3]", Direction::Export));
    assert!(!carried("entrusting_party.address", Direction::Import));
    assert!(carried("goods[2].hs_code", Direction::Import));
    assert!(carried("first_declaration.number", Direction::Export));
    assert!(carried("goods", Direction::Import));
    assert!(carried("number", Direction::Import));
    assert!(carried("nonsense.path", Direction::Import));
}

#[test]
fn jobs_without_an_official_layout_are_refused_by_name_not_written() {
    // AMA, AMB, AMC and IAD: no official layout in KhaiBao's sources (docs/amendments.md).
    let number: crate::domain::DeclarationNumber = "100000000110".parse().unwrap();
    let amendment: crate::domain::DeclarationNumber = "730000000110".parse().unwrap();
    let sender = exchange::Sender {
        user_id: "KBTRN001",
        password: "secret12",
        terminal_id: "KB0001",
        now_vietnam: chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    };
    for (operation, job) in [
        (
            crate::wire::Operation::TaxAmendmentData {
                number,
                changes: crate::domain::tax_changes::TaxChanges::default(),
            },
            "AMA",
        ),
        (
            crate::wire::Operation::CallUpTaxAmendment { number: amendment },
            "AMB",
        ),
        (
            crate::wire::Operation::RegisterTaxAmendment { number: amendment },
            "AMC",
        ),
        (
            crate::wire::Operation::TaxAmendmentReference { number: amendment },
            "IAD",
        ),
    ] {
        let request = crate::wire::Request {
            protocol: crate::wire::PROTOCOL.into(),
            message_ref: "R1".into(),
            user_id: "KBTRN001".into(),
            operation,
        };
        assert_eq!(
            exchange::request_message(&request, &sender),
            Err(exchange::ToVnaccsError::NoLayout(job.into()))
        );
    }
}
