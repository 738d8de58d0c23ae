//! `khaibao backup FILE`, `khaibao restore FILE`, and the crash-test helper.

use std::io::Write;
use std::path::Path;

use crate::clock::Clock;

use super::{Lang, say};
use crate::store::{STORE_FILE, Store};

fn open(out: &mut impl Write, data_dir: &Path, lang: Lang) -> Result<Store, u8> {
    Store::open(&data_dir.join(STORE_FILE)).map_err(|e| {
        say!(out, "{}", lang.error(&e));
        2
    })
}

fn report(
    out: &mut impl Write,
    result: Result<(), crate::store::StoreError>,
    done_vi: &str,
    done_en: &str,
    lang: Lang,
) -> u8 {
    match result {
        Ok(()) => {
            say!(out, "{}", lang.pick(done_vi, done_en));
            0
        }
        Err(e) => {
            say!(out, "{}", lang.error(&e));
            2
        }
    }
}

pub(super) fn backup(out: &mut impl Write, data_dir: &Path, file: &Path, lang: Lang) -> u8 {
    let store = match open(out, data_dir, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let shown = file.display();
    report(
        out,
        store.backup(file),
        &format!("Đã sao lưu vào {shown}"),
        &format!("Backed up to {shown}"),
        lang,
    )
}

pub(super) fn restore(out: &mut impl Write, data_dir: &Path, file: &Path, lang: Lang) -> u8 {
    let mut store = match open(out, data_dir, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let shown = file.display();
    report(
        out,
        store.restore(file),
        &format!("Đã khôi phục từ {shown}"),
        &format!("Restored from {shown}"),
        lang,
    )
}

/// Saves three drafts in turn forever; after each committed save prints `id counter`.
pub(super) fn autosave_loop(out: &mut impl Write, data_dir: &Path, clock: &Clock) -> u8 {
    let Ok(mut store) = Store::open(&data_dir.join(STORE_FILE)) else {
        return 2;
    };
    let mut declaration = crate::domain::Declaration::new(crate::domain::Direction::Import);
    declaration.goods = vec![crate::domain::GoodsLine::default(); 20];
    let mut ids = Vec::new();
    for counter in 0u64.. {
        declaration.notes = Some(format!("save {counter}"));
        declaration.internal_ref = Some(format!("R{counter}"));
        let slot = usize::try_from(counter % 3).unwrap_or(0);
        let id = ids.get(slot).copied();
        let Ok(saved) = store.save_draft(id, &declaration, &[], clock.now()) else {
            return 2;
        };
        if id.is_none() {
            ids.push(saved);
        }
        if writeln!(out, "{saved} {counter}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return 0;
        }
    }
    0
}

/// `khaibao import FILE…`: declaration files into the local store as drafts (validated, so the
/// list shows their errors), each on its own; a broken file is reported and the others go on.
pub(super) fn import(
    out: &mut impl Write,
    data_dir: &Path,
    clock: &Clock,
    files: &[std::path::PathBuf],
    lang: Lang,
) -> u8 {
    let connection = crate::workflow::Connection::Embedded;
    let mut workflow =
        match super::open_workflow(out, data_dir, clock, &connection, "TRAIN001", lang) {
            Ok(workflow) => workflow,
            Err(code) => return code,
        };
    let mut code = 0;
    for file in files {
        match workflow.import_file(file) {
            Ok((id, findings)) => {
                let errors = findings
                    .iter()
                    .filter(|f| f.severity == crate::rules::Severity::Error)
                    .count();
                say!(
                    out,
                    "{id}\t{}\t{} {errors}, {} {}",
                    file.display(),
                    lang.pick("lỗi", "errors"),
                    lang.pick("cảnh báo", "warnings"),
                    findings.len() - errors
                );
            }
            Err(e) => {
                say!(out, "{}", lang.error(&e));
                code = 2;
            }
        }
    }
    code
}
