//! Signing and verifying with a real PKCS#11 module (SoftHSM2): one 50-line import declaration
//! (the IDA/IDA01 payload, the largest message a broker signs) signed through the helper
//! process exactly as the app does it (spawn, load the module, log in, sign, check), and the
//! core's verification of the CMS, alone and as part of handling the signed request.
//!
//! Run: `cargo bench --no-default-features --bench signing` (needs softhsm2 installed).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::hint::black_box;
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use khaibao::codes::CodeLists;
use khaibao::core_sim::Core;
use khaibao::domain::file;
use khaibao::signature::{KeyKind, verify_detached};
use khaibao::signing::helper::{Helper, Pin};
use khaibao::signing::practice::{PracticeRequest, PracticeToken};
use khaibao::signing::profile::SigningProfile;
use khaibao::wire::{Operation, PROTOCOL, Request, SignedMessage};

const PIN: &str = "bench-pin-1234";

/// The instant the bench signs at: the date the example declarations are valid on.
fn now() -> DateTime<Utc> {
    "2026-11-23T02:00:00Z".parse().expect("RFC 3339")
}

fn signing(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_path_buf();
    let helper = Helper::new(PathBuf::from(env!("CARGO_BIN_EXE_khaibao")));
    let practice = PracticeToken::in_data_dir(&data);
    let mut group = c.benchmark_group("signing");
    group.sample_size(20);
    for kind in [KeyKind::Rsa, KeyKind::EcP256] {
        let certificate = practice
            .create(
                helper.clone(),
                Pin::new(PIN),
                &PracticeRequest {
                    name: "Bench".into(),
                    tax_code: "0101234567".into(),
                    key: kind,
                    not_before: now() - Duration::days(1),
                    not_after: now() + Duration::days(365),
                },
            )
            .expect("practice token (is softhsm2 installed?)");
        let module = PracticeToken::module().expect("softhsm2");
        let profile = SigningProfile::for_certificate(&module, &certificate);
        let declaration = file::from_json(include_str!("../tests/fixtures/import-50-lines.json"))
            .expect("fixture");
        let request = Request {
            protocol: PROTOCOL.into(),
            message_ref: "BENCH1".into(),
            user_id: "KBTRN001".into(),
            operation: Operation::RegisterProvisional {
                declaration: Box::new(declaration),
            },
        };
        let payload = SignedMessage::payload_of(&request).expect("a request writes as JSON");
        let name = match kind {
            KeyKind::Rsa => "rsa2048",
            KeyKind::EcP256 => "p256",
        };
        let sign = || {
            profile
                .sign(
                    &data,
                    helper.clone(),
                    Pin::new(PIN),
                    payload.as_bytes(),
                    now(),
                    true,
                )
                .expect("sign")
        };
        group.bench_function(format!("sign_50_lines_via_helper/{name}"), |b| b.iter(sign));
        let cms = sign();
        group.bench_function(format!("verify_50_lines/{name}"), |b| {
            b.iter(|| verify_detached(black_box(payload.as_bytes()), black_box(&cms)).expect("ok"));
        });
        // Core: a refused-at-registry signed message still costs the full verification; the
        // figure is verification + parsing of the 50-line payload.
        let mut core = Core::in_memory(
            CodeLists::bundled().expect("codes"),
            khaibao::assess::lanes::LaneRules::parse(khaibao::assess::lanes::DEFAULT_RULES)
                .expect("rules"),
        )
        .expect("core");
        let message = SignedMessage::new(payload.clone(), &cms);
        group.bench_function(format!("core_handle_signed_unregistered/{name}"), |b| {
            b.iter(|| {
                let r = core.handle_signed(black_box(&message), now());
                assert_eq!(r.result.code, "A0036");
            });
        });
        println!(
            "payload {} bytes, CMS {} bytes ({name})",
            payload.len(),
            cms.len()
        );
    }
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
