//! The store on real SQLite files, fed with real answers from the simulated core.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::assess::lanes::{DEFAULT_RULES, LaneRules};
use crate::codes::CodeLists;
use crate::core_sim::Core;
use crate::domain::file;
use crate::wire::{Operation, PROTOCOL, Request};

fn import() -> Declaration {
    file::from_json(include_str!(
        "../../tests/fixtures/import-sea-container.json"
    ))
    .unwrap()
}

fn export() -> Declaration {
    file::from_json(include_str!("../../tests/fixtures/export-sea.json")).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join(STORE_FILE)).unwrap();
    (dir, store)
}

fn core() -> Core {
    Core::in_memory(
        CodeLists::bundled().unwrap(),
        LaneRules::parse(DEFAULT_RULES).unwrap(),
    )
    .unwrap()
}

fn exchange(
    core: &mut Core,
    store: &mut Store,
    id: DraftId,
    reference: &str,
    operation: Operation,
    now: DateTime<Utc>,
) -> Response {
    let request = Request {
        protocol: PROTOCOL.into(),
        message_ref: reference.into(),
        user_id: "KBTRN001".into(),
        operation,
    };
    let response = core.handle(&request, now);
    store
        .record_exchange(id, &request, &response, None, now)
        .unwrap();
    response
}

/// Builds by hand a store at schema `version` holding `declaration` as draft 1, as a KhaiBao of
/// that version would have left it (no search index filled, whatever that version had).
fn store_at_version(path: &std::path::Path, version: usize, declaration: &Declaration) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')))").unwrap();
    for (index, sql) in migrations::MIGRATIONS[..version].iter().enumerate() {
        conn.execute_batch(sql).unwrap();
        conn.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [i64::try_from(index + 1).unwrap()],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO drafts (direction, state, number, title, data, findings, errors, warnings, created_at, updated_at)
         VALUES ('import', 'draft', NULL, 'old', ?1, '[]', 0, 0, '2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00+00:00')",
        [serde_json::to_string(declaration).unwrap()],
    )
    .unwrap();
}

#[test]
fn a_new_store_is_at_the_current_version() {
    let (_dir, store) = store();
    assert_eq!(store.version().unwrap(), CURRENT_VERSION);
}

#[test]
fn a_draft_saved_with_schema_1_opens_after_migration_with_no_field_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    let declaration = import();
    // A version-1 store, as KhaiBao 1 would have left it.
    store_at_version(&path, 1, &declaration);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), CURRENT_VERSION);
    let draft = store.draft(1, at("2026-11-23T00:00:00Z")).unwrap();
    assert_eq!(
        draft.declaration, declaration,
        "every field survives the migration"
    );
    // The new search index was filled from the old draft.
    assert_eq!(store.list(Some("TOS-2026"), 0, 10).unwrap().len(), 1);
    // Opening again does not migrate twice.
    drop(store);
    assert_eq!(
        Store::open(&path).unwrap().version().unwrap(),
        CURRENT_VERSION
    );
}

#[test]
fn a_version_2_store_is_reindexed_so_goods_descriptions_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    let declaration = import();
    // A version-2 store as KhaiBao left it before goods were searchable.
    store_at_version(&path, 2, &declaration);
    let description = declaration.goods[0].description.clone().unwrap();
    // A word of the description, typed without accents.
    let word = crate::codes::search::fold(&description)
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_owned();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), CURRENT_VERSION);
    let hits = store.list(Some(&word), 0, 10).unwrap();
    assert_eq!(hits.len(), 1, "{word} in {description}");
}

#[test]
fn a_store_from_a_newer_program_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute("INSERT INTO schema_version (version) VALUES (99)", [])
        .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::TooNew { found: 99, .. })
    ));
}

#[test]
fn drafts_save_incomplete_with_their_findings_and_update_in_place() {
    let (_dir, mut store) = store();
    let now = at("2026-11-23T02:00:00Z");
    let mut d = Declaration::new(Direction::Import);
    let today = crate::domain::time::vietnam_date(now);
    let findings = crate::rules::validate(&d, &CodeLists::bundled().unwrap(), today);
    let id = store.save_draft(None, &d, &findings, now).unwrap();
    let saved = store.draft(id, now).unwrap();
    assert_eq!(saved.state, DraftState::Draft);
    assert_eq!(saved.findings, findings);
    d.type_code = Some("A11".into());
    assert_eq!(
        store
            .save_draft(Some(id), &d, &[], now + Duration::seconds(5))
            .unwrap(),
        id
    );
    let again = store.draft(id, now).unwrap();
    assert_eq!(again.declaration.type_code.as_deref(), Some("A11"));
    assert!(again.findings.is_empty());
    assert!(matches!(
        store.save_draft(Some(999), &d, &[], now),
        Err(StoreError::NotFound(999))
    ));
}

#[test]
fn search_finds_numbers_invoices_bills_names_tax_codes_and_hs_codes() {
    fn ids_of(store: &Store, q: &str) -> Vec<DraftId> {
        store
            .list(Some(q), 0, 10)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect()
    }
    let (_dir, mut store) = store();
    let now = at("2026-11-23T02:00:00Z");
    let import_id = store.save_draft(None, &import(), &[], now).unwrap();
    let export_id = store
        .save_draft(None, &export(), &[], now + Duration::seconds(1))
        .unwrap();
    let ids = |q: &str| ids_of(&store, q);
    assert_eq!(ids("TOS-2026-1102"), [import_id]);
    assert_eq!(ids("ONEYTYOA"), [import_id]);
    assert_eq!(
        ids("thuong mai khai bao"),
        [import_id],
        "accents are optional"
    );
    assert_eq!(ids("nông sản"), [export_id]);
    assert_eq!(ids("0301234567"), [import_id]);
    assert_eq!(ids("0901"), [export_id], "HS code prefix");
    assert_eq!(ids("hamburg"), [export_id]);
    assert!(ids("khong co gi").is_empty());
    // Without a search: newest first.
    let all: Vec<DraftId> = store
        .list(None, 0, 10)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(all, [export_id, import_id]);
    assert_eq!(store.list(None, 1, 10).unwrap().len(), 1);
    // A declaration number, once assigned by the core.
    let mut core = core();
    exchange(
        &mut core,
        &mut store,
        import_id,
        "R1",
        Operation::RegisterProvisional {
            declaration: Box::new(import()),
        },
        now,
    );
    assert_eq!(ids_of(&store, "100000000110"), [import_id]);
    assert_eq!(
        ids_of(&store, "10000000011"),
        [import_id],
        "the 11-digit base"
    );
}

/// The sea import saved and registered provisionally (IDA) at `at`; its draft id.
fn provisional_at(store: &mut Store, core: &mut Core, at: DateTime<Utc>) -> DraftId {
    let id = store.save_draft(None, &import(), &[], at).unwrap();
    exchange(
        core,
        store,
        id,
        "R1",
        Operation::RegisterProvisional {
            declaration: Box::new(import()),
        },
        at,
    );
    id
}

#[test]
fn provisional_declarations_expire_7_days_after_the_last_edit_to_the_second() {
    let (_dir, mut store) = store();
    let mut core = core();
    // 23:59:59 in Viet Nam on 23/11 (16:59:59 UTC): the Vietnamese date is the 23rd.
    let ida_at = at("2026-11-23T16:59:59Z");
    let id = provisional_at(&mut store, &mut core, ida_at);
    let draft = store.draft(id, ida_at).unwrap();
    assert_eq!(draft.state, DraftState::Provisional);
    let expires = ida_at + Duration::days(7);
    assert_eq!(draft.expires_at, Some(expires));
    // 7 days − 1 s: still provisional; submittable.
    let before = expires - Duration::seconds(1);
    assert_eq!(
        store.draft(id, before).unwrap().state,
        DraftState::Provisional
    );
    store.check_submittable(id, before).unwrap();
    assert!(store.expire_due(before).unwrap().is_empty());
    // 7 days + 1 s: expired, with a record of when; readable and copyable, not submittable.
    let after = expires + Duration::seconds(1);
    assert_eq!(store.expire_due(after).unwrap(), [id]);
    let gone = store.draft(id, after).unwrap();
    assert_eq!(gone.state, DraftState::Expired);
    assert_eq!(gone.expired_at, Some(expires));
    assert!(matches!(
        store.check_submittable(id, after),
        Err(StoreError::Expired)
    ));
    let timeline = store.timeline(id).unwrap();
    let event = timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Event(EventKind::Expired))
        .unwrap();
    assert!(
        event.summary_vi.contains("30/11/2026 23:59"),
        "{}",
        event.summary_vi
    );
    // An expired declaration is still read whole, to be copied into a new draft.
    let copied = crate::domain::copy::copy_for_new(&gone.declaration);
    let copy = store.save_draft(None, &copied, &[], after).unwrap();
    let copied = store.draft(copy, after).unwrap();
    assert_eq!(copied.state, DraftState::Draft);
    assert_eq!(copied.declaration.number, None);
    assert_eq!(copied.declaration.goods, import().goods);
}

#[test]
fn the_7_days_count_from_the_second_and_the_shown_date_is_vietnams() {
    // 00:00:01 in Viet Nam on 24/11 (17:00:01 UTC on the 23rd): the Vietnamese date is the
    // 24th, and the deadline shows as 01/12 although UTC's date is still 30/11.
    let (_dir, mut store) = store();
    let mut core = core();
    let ida_at = at("2026-11-23T17:00:01Z");
    let id = provisional_at(&mut store, &mut core, ida_at);
    let expires = store.draft(id, ida_at).unwrap().expires_at.unwrap();
    assert_eq!(expires, at("2026-11-30T17:00:01Z"));
    // 16:59:59 and 17:00:00 UTC on the 30th: still provisional (the Vietnamese date has
    // turned to 01/12 at 17:00:00, but the deadline is an instant, not a date).
    for still in ["2026-11-30T16:59:59Z", "2026-11-30T17:00:00Z"] {
        assert!(store.expire_due(at(still)).unwrap().is_empty(), "{still}");
        store.check_submittable(id, at(still)).unwrap();
    }
    assert_eq!(store.expire_due(at("2026-11-30T17:00:02Z")).unwrap(), [id]);
    let timeline = store.timeline(id).unwrap();
    let event = timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Event(EventKind::Expired))
        .unwrap();
    assert!(
        event.summary_vi.contains("01/12/2026 00:00"),
        "{}",
        event.summary_vi
    );
}

#[test]
fn a_correction_restarts_the_7_days_and_opening_expires_too() {
    let (_dir, mut store) = store();
    let mut core = core();
    let t0 = at("2026-11-23T02:00:00Z");
    let id = store.save_draft(None, &import(), &[], t0).unwrap();
    let ida = exchange(
        &mut core,
        &mut store,
        id,
        "R1",
        Operation::RegisterProvisional {
            declaration: Box::new(import()),
        },
        t0,
    );
    let number = ida.declaration.unwrap().number;
    let t1 = t0 + Duration::days(3);
    // The correction before IDC: IDB, then IDA again with the number.
    exchange(
        &mut core,
        &mut store,
        id,
        "R2",
        Operation::CallUp { number },
        t1,
    );
    exchange(
        &mut core,
        &mut store,
        id,
        "R3",
        Operation::CorrectProvisional {
            number,
            declaration: Box::new(import()),
        },
        t1,
    );
    assert_eq!(
        store.draft(id, t1).unwrap().expires_at,
        Some(t1 + Duration::days(7))
    );
    // Opening after the new deadline applies the rule without the timer.
    assert_eq!(
        store.draft(id, t1 + Duration::days(7)).unwrap().state,
        DraftState::Expired
    );
}

#[test]
fn old_message_rows_with_the_edit_operation_still_load() {
    let (_dir, mut store) = store();
    let mut core = core();
    let t0 = at("2026-11-23T02:00:00Z");
    let id = store.save_draft(None, &import(), &[], t0).unwrap();
    let ida = exchange(
        &mut core,
        &mut store,
        id,
        "R1",
        Operation::RegisterProvisional {
            declaration: Box::new(import()),
        },
        t0,
    );
    let number = ida.declaration.as_ref().unwrap().number;
    // A request and its answer as a KhaiBao before the correction (IDB + IDA with the number)
    // and the amendment data (IDA01) were told apart logged them: `"op":"edit"`, job IDA01.
    let request = serde_json::to_string(&Request {
        protocol: PROTOCOL.into(),
        message_ref: "OLD1".into(),
        user_id: "KBTRN001".into(),
        operation: Operation::AmendmentData {
            number,
            declaration: Box::new(import()),
        },
    })
    .unwrap()
    .replace(r#""op":"amendment_data""#, r#""op":"edit""#);
    assert!(request.contains(r#""op":"edit""#));
    let answer = serde_json::to_string(&ida)
        .unwrap()
        .replace(r#""job":"IDA""#, r#""job":"IDA01""#);
    let t1 = (t0 + Duration::hours(1)).to_rfc3339();
    for (sent, result, body) in [(1, None, &request), (0, Some("00000"), &answer)] {
        store
            .conn
            .execute(
                "INSERT INTO messages (draft_id, at, sent, job, message_ref, branch, result_code, body) VALUES (?1, ?2, ?3, 'IDA01', 'OLD1', 0, ?4, ?5)",
                params![id, t1, sent, result, body],
            )
            .unwrap();
    }
    // The history loads, naming the old job.
    let timeline = store.timeline(id).unwrap();
    let old: Vec<_> = timeline
        .iter()
        .filter(|e| e.job == Some(JobCode::Business(crate::domain::BusinessCode::IDA01)))
        .collect();
    assert_eq!(old.len(), 2, "{timeline:#?}");
    assert_eq!(old[0].summary_en, "Sent IDA01");
    assert_eq!(store.last_response(id).unwrap().unwrap().job, old[1].job);
    // Every logged request still reads; the old `edit` as the IDA01 it was.
    let bodies: Vec<String> = store
        .conn
        .prepare("SELECT body FROM messages WHERE draft_id = ?1 AND sent = 1 ORDER BY id")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let operations: Vec<Operation> = bodies
        .iter()
        .map(|b| serde_json::from_str::<Request>(b).unwrap().operation)
        .collect();
    assert!(matches!(
        operations.as_slice(),
        [
            Operation::RegisterProvisional { .. },
            Operation::AmendmentData { .. }
        ]
    ));
}

#[test]
#[allow(clippy::too_many_lines)] // One declaration's life, in order.
fn the_timeline_has_every_message_with_its_branch_and_registered_ones_are_kept() {
    let (_dir, mut store) = store();
    let mut core = core();
    let t0 = at("2026-11-23T02:00:00Z");
    let id = store.save_draft(None, &import(), &[], t0).unwrap();
    let ida = exchange(
        &mut core,
        &mut store,
        id,
        "R1",
        Operation::RegisterProvisional {
            declaration: Box::new(import()),
        },
        t0,
    );
    let number = ida.declaration.unwrap().number;
    exchange(
        &mut core,
        &mut store,
        id,
        "R2",
        Operation::RegisterOfficial { number },
        t0 + Duration::minutes(5),
    );
    exchange(
        &mut core,
        &mut store,
        id,
        "R3",
        Operation::CallUpForAmendment { number },
        t0 + Duration::minutes(6),
    );
    exchange(
        &mut core,
        &mut store,
        id,
        "R4",
        Operation::AmendmentData {
            number,
            declaration: Box::new(import()),
        },
        t0 + Duration::minutes(7),
    );
    exchange(
        &mut core,
        &mut store,
        id,
        "R5",
        Operation::RegisterAmendment { number },
        t0 + Duration::minutes(8),
    );
    let timeline = store.timeline(id).unwrap();
    assert_eq!(timeline.len(), 10);
    assert_eq!(timeline[0].kind, TimelineKind::Sent);
    assert_eq!(timeline[1].result_code.as_deref(), Some("00000"));
    assert_eq!(
        timeline[3].job,
        Some(JobCode::Business(crate::domain::BusinessCode::IDC))
    );
    assert_eq!(timeline.last().unwrap().branch, Some(1));
    let draft = store.draft(id, t0).unwrap();
    assert_eq!(draft.state, DraftState::Registered);
    assert_eq!(
        draft.declaration.number.unwrap().to_string(),
        "100000000111"
    );
    assert!(draft.lane.is_some());
    // Registered on 23/11/2026 (Vietnam): kept until 23/11/2031 inclusive (5 years, Law on
    // Customs 2014 art. 18.2(e)).
    assert_eq!(
        store.registered_on(id).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
    );
    let last_day = at("2031-11-23T16:59:59Z"); // 23:59:59 on 23/11/2031 in Vietnam
    let err = store.delete_draft(id, last_day).unwrap_err();
    assert!(
        matches!(err, StoreError::KeptUntil { until, .. } if until.to_string() == "2031-11-23"),
        "{err:?}"
    );
    assert!(
        err.message().vi.contains("23/11/2031"),
        "{}",
        err.message().vi
    );
    // Even raw SQL cannot delete a registered declaration or its messages.
    assert!(
        store
            .conn
            .execute("DELETE FROM drafts WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        store
            .conn
            .execute("DELETE FROM messages WHERE draft_id = ?1", [id])
            .is_err()
    );
    // A plain draft can be deleted.
    let other = store.save_draft(None, &export(), &[], t0).unwrap();
    store.delete_draft(other, t0).unwrap();
    assert!(matches!(
        store.draft(other, t0),
        Err(StoreError::NotFound(_))
    ));
    // From the first Vietnam day after the period, the broker may delete it, messages and all.
    store
        .delete_draft(id, last_day + Duration::seconds(1))
        .unwrap();
    assert!(matches!(store.draft(id, t0), Err(StoreError::NotFound(_))));
    assert!(store.timeline(id).unwrap().is_empty());
}

#[test]
fn customers_keep_their_defaults() {
    let (_dir, mut store) = store();
    let mut customer = Customer {
        tax_code: "0301234567".into(),
        name: "CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ KHAI BÁO".into(),
        address: "TP Hồ Chí Minh".into(),
        ..Customer::default()
    };
    customer.defaults.insert("office".into(), "02CI".into());
    customer.defaults.insert("type_code".into(), "A11".into());
    let id = store.save_customer(&customer).unwrap();
    customer.phone = "02838123456".into();
    assert_eq!(
        store.save_customer(&customer).unwrap(),
        id,
        "same tax code, same customer"
    );
    let listed = store.customers().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].phone, "02838123456");
    assert_eq!(
        listed[0].defaults.get("office").map(String::as_str),
        Some("02CI")
    );
}

#[test]
fn a_customer_is_edited_by_id_and_deleted_and_its_declarations_stay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    let mut store = Store::open(&path).unwrap();
    let first = Customer {
        tax_code: "0301234567".into(),
        name: "Công ty A".into(),
        ..Customer::default()
    };
    let a = store.save_customer(&first).unwrap();
    let b = store
        .save_customer(&Customer {
            tax_code: "0109876543-001".into(),
            name: "Công ty B".into(),
            ..Customer::default()
        })
        .unwrap();
    // Edited by id: the tax code itself may be corrected.
    let corrected = Customer {
        id: a,
        tax_code: "0301234568".into(),
        ..first.clone()
    };
    assert_eq!(store.save_customer(&corrected).unwrap(), a);
    // Another customer's tax code is refused, and said so.
    let clash = Customer {
        id: a,
        tax_code: "0109876543-001".into(),
        ..first
    };
    let err = store.save_customer(&clash).unwrap_err();
    assert!(matches!(err, StoreError::CustomerExists(_)), "{err:?}");
    crate::domain::text::assert_apart(&err);
    // A declaration for B, then B deleted: the declaration stays, and the list names its
    // importer's tax code for the customer filter (without the dash).
    let mut declaration = import();
    declaration.declarant.tax_code = Some("0109876543-001".into());
    let draft = store
        .save_draft(None, &declaration, &[], at("2026-11-23T02:00:00Z"))
        .unwrap();
    store.delete_customer(b).unwrap();
    assert!(matches!(
        store.delete_customer(b),
        Err(StoreError::NoCustomer(_))
    ));
    drop(store);
    let store = Store::open(&path).unwrap();
    let listed = store.customers().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].tax_code, "0301234568");
    let rows = store.list(None, 0, 10).unwrap();
    assert_eq!(rows[0].id, draft);
    assert_eq!(rows[0].tax_code.as_deref(), Some("0109876543001"));
}

#[test]
fn backup_and_restore_round_trip_and_a_damaged_file_names_the_backup() {
    let (dir, mut store) = store();
    let now = at("2026-11-23T02:00:00Z");
    let id = store.save_draft(None, &import(), &[], now).unwrap();
    let backup = dir.path().join("2026-11-23.backup.sqlite");
    store.backup(&backup).unwrap();
    store.delete_draft(id, at("2026-11-23T02:00:00Z")).unwrap();
    assert!(store.list(None, 0, 10).unwrap().is_empty());
    store.restore(&backup).unwrap();
    assert_eq!(store.draft(id, now).unwrap().declaration, import());
    // A damaged store: overwrite the middle of the file.
    let path = store.path().to_owned();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 3 + 4096.min(len / 3)] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let _ = std::fs::remove_file(path.with_extension("sqlite-wal"));
    match Store::open(&path) {
        Err(StoreError::Damaged {
            backup: Some(b), ..
        }) => assert!(b.ends_with(".backup.sqlite"), "{b}"),
        Err(other) => panic!("expected a damaged-file error, got {other}"),
        Ok(_) => panic!("a damaged file opened"),
    }
    // A backup that is not a database is refused and changes nothing.
    let (_dir2, mut fresh) = store_at_new_dir();
    let not_db = dir.path().join("junk.backup.sqlite");
    std::fs::write(&not_db, b"not a database at all").unwrap();
    assert!(fresh.restore(&not_db).is_err());
}

fn store_at_new_dir() -> (tempfile::TempDir, Store) {
    store()
}

#[test]
fn error_messages_are_bilingual() {
    let text = StoreError::Expired.to_string();
    assert!(
        text.contains("hết hạn") && text.contains("expired"),
        "{text}"
    );
    let text = StoreError::Kept.to_string();
    assert!(
        text.contains("không xóa được") && text.contains("cannot be deleted"),
        "{text}"
    );
}

#[test]
fn search_matches_composed_and_decomposed_text_alike() {
    use unicode_normalization::UnicodeNormalization as _;
    let (_dir, mut store) = store();
    let mut d = import();
    d.declarant.name = Some("Công ty TNHH Đại Phát".into());
    let id = store
        .save_draft(None, &d, &[], at("2026-11-23T02:00:00Z"))
        .unwrap();
    for query in ["Đại Phát", "dai phat"] {
        let decomposed: String = query.nfd().collect();
        for q in [query.to_owned(), decomposed] {
            let found: Vec<DraftId> = store
                .list(Some(&q), 0, 10)
                .unwrap()
                .iter()
                .map(|s| s.id)
                .collect();
            assert_eq!(found, [id], "{q:?}");
        }
    }
}

#[test]
fn on_a_network_share_the_store_uses_a_rollback_journal_and_one_program_at_a_time() {
    use crate::appdata::FolderKind;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    let share = FolderKind::Network("CIFS/SMB");
    let mut first = Store::open_on(&path, &share).unwrap();
    assert_eq!(first.journal_mode().unwrap(), "delete");
    let id = first
        .save_draft(None, &import(), &[], at("2026-11-23T02:00:00Z"))
        .unwrap();
    // A second program (here a second connection) is told plainly, in both languages.
    let Err(refused) = Store::open_on(&path, &share) else {
        panic!("a second opener must be refused");
    };
    assert!(matches!(refused, StoreError::InUse { .. }), "{refused:?}");
    let text = refused.to_string();
    assert!(
        text.contains("đang được một chương trình KhaiBao khác sử dụng"),
        "{text}"
    );
    assert!(text.contains("in use by another KhaiBao"), "{text}");
    drop(first);
    // Once closed, the next one opens it, with the draft intact and no WAL files left.
    let second = Store::open_on(&path, &share).unwrap();
    let listed: Vec<DraftId> = second
        .list(None, 0, 10)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        listed,
        [id],
        "the draft saved by the first program is there"
    );
    assert!(!dir.path().join(format!("{STORE_FILE}-wal")).exists());
    // On a local disk: WAL, shared.
    drop(second);
    let local = Store::open_on(&path, &FolderKind::Local).unwrap();
    assert_eq!(local.journal_mode().unwrap(), "wal");
    let _also = Store::open_on(&path, &FolderKind::Local).unwrap();
}

#[test]
fn an_unknown_stored_state_is_an_error_not_a_deletable_draft_and_old_text_reads_composed() {
    use unicode_normalization::UnicodeNormalization as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    let mut store = Store::open(&path).unwrap();
    let mut d = import();
    d.notes = Some("Ghi chú".nfd().collect());
    // Written as an older KhaiBao would have: decomposed text in the file.
    let id = store
        .save_draft(None, &d, &[], at("2026-11-23T02:00:00Z"))
        .unwrap();
    assert_eq!(
        store
            .draft(id, at("2026-11-23T02:00:00Z"))
            .unwrap()
            .declaration
            .notes
            .as_deref(),
        Some("Ghi chú"),
        "read back composed"
    );
    drop(store);
    // A state this version does not know (a newer KhaiBao, or damage).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE drafts SET state = 'archived' WHERE id = ?1", [id])
        .unwrap();
    drop(conn);
    let mut store = Store::open(&path).unwrap();
    let err = store.draft(id, at("2026-11-23T02:00:00Z")).unwrap_err();
    assert!(err.to_string().contains("archived"), "{err}");
    assert!(
        store.delete_draft(id, at("2026-11-23T02:00:00Z")).is_err(),
        "not deletable"
    );
    assert!(store.list(None, 0, 10).is_err());
}

#[test]
fn every_store_error_has_its_message_apart_in_each_language() {
    let all = [
        StoreError::Open {
            path: "C:/ a / b/khaibao.sqlite".into(),
            detail: "unable to open database file".into(),
        },
        StoreError::Damaged {
            path: "kho.sqlite".into(),
            detail: "malformed".into(),
            backup: Some("kho.backup.sqlite".into()),
        },
        StoreError::Damaged {
            path: "kho.sqlite".into(),
            detail: "malformed".into(),
            backup: None,
        },
        StoreError::TooNew {
            path: "kho.sqlite".into(),
            found: 99,
            supported: 3,
        },
        StoreError::InUse {
            path: "kho.sqlite".into(),
            kind: Some("SMB"),
        },
        StoreError::InUse {
            path: "kho.sqlite".into(),
            kind: None,
        },
        StoreError::NotFound(7),
        StoreError::Queued {
            id: 7,
            job: "IDA".into(),
        },
        StoreError::NoOutboxJob(3),
        StoreError::MaybeSent { job: "IDC".into() },
        StoreError::Kept,
        StoreError::Expired,
        StoreError::Sql(rusqlite::Error::QueryReturnedNoRows),
        StoreError::Json(serde_json::from_str::<u8>("x").unwrap_err()),
    ];
    for err in &all {
        crate::domain::text::assert_apart(err);
    }
    // A path holding " / " stays whole in each language.
    let message = all[0].message();
    assert_eq!(
        message.en,
        "Cannot open the data store C:/ a / b/khaibao.sqlite: unable to open database file"
    );
    assert_eq!(
        message.vi,
        "Không mở được kho dữ liệu C:/ a / b/khaibao.sqlite: unable to open database file"
    );
}

#[test]
fn an_answer_about_another_declaration_number_changes_nothing_here() {
    // A core that gave this draft's number to another declaration (an older simulator reset):
    // the exchange is logged, the draft keeps its state, lane and number.
    let (_dir, mut store) = store();
    let mut core = core();
    let now = at("2026-11-23T02:00:00Z");
    let first = provisional_at(&mut store, &mut core, now);
    let second = store.save_draft(None, &import(), &[], now).unwrap();
    let provisional = Operation::RegisterProvisional {
        declaration: Box::new(import()),
    };
    exchange(&mut core, &mut store, second, "R2", provisional, now);
    let before = store.draft(first, now).unwrap();
    let logged = store.timeline(first).unwrap().len();
    let other = store
        .draft(second, now)
        .unwrap()
        .declaration
        .number
        .unwrap();
    assert_ne!(
        Some(other.base()),
        before
            .declaration
            .number
            .map(crate::domain::DeclarationNumber::base)
    );
    let official = Operation::RegisterOfficial { number: other };
    exchange(&mut core, &mut store, first, "X1", official, now);
    let after = store.draft(first, now).unwrap();
    assert_eq!(after.state, before.state);
    assert_eq!(after.declaration.number, before.declaration.number);
    assert_eq!(after.lane, before.lane);
    assert_eq!(store.timeline(first).unwrap().len(), logged + 2, "logged");
}

#[test]
fn a_customers_mapping_templates_and_accepted_lines_are_kept_in_the_store() {
    use crate::goods_sheet::{ColumnSpec, Mapping};
    let (_dir, mut store) = store();
    let now = crate::clock::Clock::parse_instant("2026-11-23T02:00:00Z").unwrap();
    assert_eq!(store.goods_mapping("0101234567").unwrap(), None);
    let mapping = Mapping {
        header_row: Some(4),
        columns: vec![("hs_code".to_owned(), ColumnSpec::Letter("C".to_owned()))],
        vietnamese_numbers: true,
        ..Mapping::default()
    };
    store
        .save_goods_mapping("0101234567", &mapping, now)
        .unwrap();
    // The tax code with or without its dash is the same customer.
    assert_eq!(store.goods_mapping("0101234567-").unwrap(), Some(mapping));
    let mut d = import();
    d.invoice.number = Some("INV-1".to_owned());
    let id = store
        .save_template("Quạt Đại Phát", "0101234567", &d, now)
        .unwrap();
    let again = store
        .save_template("Quạt Đại Phát", "0101234567", &d, now)
        .unwrap();
    assert_eq!(id, again);
    store.save_template("Chung", "", &import(), now).unwrap();
    store
        .save_template("Khác", "0300000000", &import(), now)
        .unwrap();
    let names: Vec<String> = store
        .templates(Some("0101234567"))
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Chung", "Quạt Đại Phát"]);
    assert_eq!(store.templates(None).unwrap().len(), 3);
    let template = store.template(id).unwrap();
    assert_eq!(template.goods, d.goods);
    assert_eq!(template.invoice.number, None);
    store.delete_template(id).unwrap();
    assert!(matches!(store.template(id), Err(StoreError::NotFound(_))));
    // Only accepted declarations of the customer are history.
    let draft = store.save_draft(None, &import(), &[], now).unwrap();
    let tax_code = import().declarant.tax_code.unwrap();
    assert!(store.accepted_declarations(&tax_code).unwrap().is_empty());
    let mut core = core();
    let ida = exchange(
        &mut core,
        &mut store,
        draft,
        "H1",
        Operation::RegisterProvisional {
            declaration: Box::new(import()),
        },
        now,
    );
    let number = ida.declaration.unwrap().number;
    exchange(
        &mut core,
        &mut store,
        draft,
        "H2",
        Operation::RegisterOfficial { number },
        now + Duration::minutes(5),
    );
    let history = store.accepted_declarations(&tax_code).unwrap();
    assert_eq!(history.len(), 1);
    assert!(
        store
            .accepted_declarations("0300000000")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn attachments_are_kept_with_their_hash_travel_in_backups_and_sent_ones_stay() {
    use crate::domain::dossier::{DocumentKind, MediaType};
    use crate::store::NewAttachment;
    let (dir, mut store) = store();
    let t0 = at("2026-11-23T02:00:00Z");
    let id = store.save_draft(None, &import(), &[], t0).unwrap();
    let pdf = b"%PDF-1.4\n% hoa don\n%%EOF\n";
    let file = |name| NewAttachment {
        kind: DocumentKind::Invoice,
        name,
        media_type: MediaType::Pdf,
        bytes: pdf,
        source: None,
    };
    let sent = store.attach(id, &file("hoa-don.pdf"), t0).unwrap();
    let unsent = store.attach(id, &file("ban-nhap.pdf"), t0).unwrap();
    store.mark_sent(&[sent], "102611230001", t0).unwrap();
    assert_eq!(store.unsent_files(id).unwrap().len(), 1);
    // A backup carries the files: read back from it, hash checked.
    let backup = dir.path().join("sao-luu.backup.sqlite");
    store.backup(&backup).unwrap();
    let copy = Store::open(&backup).unwrap();
    let (a, bytes) = copy.attachment_bytes(sent).unwrap();
    assert_eq!(bytes, pdf);
    assert_eq!(a.receipt.as_deref(), Some("102611230001"));
    // A sent file is part of the dossier customs has: not removed, not changed even by SQL.
    assert!(matches!(
        store.remove_attachment(sent),
        Err(StoreError::AttachmentSent(r)) if r == "102611230001"
    ));
    assert!(
        store
            .conn
            .execute(
                "UPDATE attachments SET content = x'00' WHERE id = ?1",
                [sent]
            )
            .is_err()
    );
    store.remove_attachment(unsent).unwrap();
    assert_eq!(store.attachments(id).unwrap().len(), 1);
}
