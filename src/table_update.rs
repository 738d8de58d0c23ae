//! Taking a new edition of a code table into the data folder, for the command line and the
//! window alike: read the file (CSV or Excel), build the table and its preview against the
//! edition in use, then — only when asked — install it, or roll tables back to the bundled set.
//!
//! Owns the IO around [`crate::codes::table_import`] (pure); the files are written by
//! [`crate::appdata`]. A tariff in the consolidated tariff's own layout (`Tariff.xlsx`) is
//! converted by [`crate::codes::tariff_import`] first.

use std::path::Path;

use chrono::NaiveDate;

use crate::codes::CodeLists;
use crate::codes::manifest::{TableInfo, sha256_hex};
use crate::codes::table_import::{TableImportError, TableUpdate, read_csv_update, read_update};
use crate::domain::text::Bilingual;

/// Reads `file` as a new edition of `table` and compares it with the edition in use in
/// `data_dir` (`codes`: the tables as loaded there). Nothing is written.
///
/// # Errors
/// The file cannot be read, is not that table, or does not load.
pub fn prepare(
    data_dir: &Path,
    codes: &CodeLists,
    table: &str,
    file: &Path,
) -> Result<TableUpdate, Bilingual> {
    let current = crate::appdata::table_text(data_dir, codes, table)?;
    let rows = crate::sheets::read_rows(file).map_err(|e| e.message())?;
    match read_update(table, &rows, &current) {
        Err(TableImportError::Columns { .. }) if table == "tariff" => {
            // The consolidated tariff's own layout.
            let imported = crate::codes::tariff_import::read_sheet(&rows, codes.tariff())
                .map_err(|e| e.message())?;
            read_csv_update(table, &imported.tariff_csv(), &current).map_err(|e| e.message())
        }
        other => other.map_err(|e| e.message()),
    }
}

/// Installs a prepared edition, in force from the next start. A file that would remove more
/// than a tenth of the rows in use is refused unless `allow_removals` (the table is then marked
/// a subset); an edition identical to the one in use is not written (and said so). Returns
/// what to tell the person.
///
/// # Errors
/// Refused as above, or the data folder cannot be written.
pub fn install(
    data_dir: &Path,
    codes: &CodeLists,
    update: &TableUpdate,
    file: &Path,
    effective: NaiveDate,
    allow_removals: bool,
) -> Result<Bilingual, Bilingual> {
    let table = &update.table;
    if update.changes.is_empty() {
        return Ok(Bilingual::new(
            format!("Bảng {table} trong tệp giống bảng đang dùng: không có gì để ghi."),
            format!("The {table} in the file is the one in use: nothing to write."),
        ));
    }
    let partial = update.looks_partial();
    if partial && !allow_removals {
        return Err(Bilingual::new(
            format!(
                "Tệp sẽ bỏ {} trong {} dòng của bảng đang dùng: có vẻ chỉ là một phần. Không có gì được ghi; chỉ dùng tệp này nếu đúng là muốn bỏ các dòng đó (bảng sẽ được ghi là một phần)",
                update.changes.removed.len(),
                update.rows_in_use
            ),
            format!(
                "The file would remove {} of the {} rows in use: it looks like a part of the table. Nothing was written; use it only if those rows are really to go (the table is then marked a subset)",
                update.changes.removed.len(),
                update.rows_in_use
            ),
        ));
    }
    let in_use = codes.manifest().table(table).cloned();
    let info = TableInfo {
        name: table.clone(),
        file: in_use
            .as_ref()
            .map_or_else(|| format!("{table}.csv"), |i| i.file.clone()),
        version: format!(
            "import-{effective}-{}",
            &sha256_hex(update.csv.as_bytes())[..8]
        ),
        effective,
        source: format!("{} (KhaiBao import)", file.display()),
        complete: !partial && in_use.is_some_and(|i| i.complete),
        sha256: String::new(),
        notes: None,
    };
    let version = crate::appdata::install_table(data_dir, codes, &update.csv, info)?;
    Ok(Bilingual::new(
        format!(
            "Đã ghi bảng {table} mới (bộ bảng mã {version}); có hiệu lực từ lần mở sau. Có thể quay lại bảng kèm theo bất cứ lúc nào."
        ),
        format!(
            "The new {table} is written (code-list set {version}); in force from the next start. The bundled table can be restored at any time."
        ),
    ))
}

/// Rolls `tables` (every table taken in, for `None`) back to the bundled set. Returns what to
/// tell the person.
///
/// # Errors
/// The data folder cannot be written.
pub fn roll_back(
    data_dir: &Path,
    codes: &CodeLists,
    tables: Option<&[String]>,
) -> Result<Bilingual, Bilingual> {
    let gone = crate::appdata::roll_back_tables(data_dir, codes, tables)?;
    Ok(if gone.is_empty() {
        Bilingual::new(
            "Không có bảng nào được nhập vào thư mục dữ liệu: đang dùng bảng kèm theo.",
            "No table was taken in to the data folder: the bundled tables are in use.",
        )
    } else {
        Bilingual::new(
            format!(
                "Đã quay về bảng kèm theo: {}; có hiệu lực từ lần mở sau.",
                gone.join(", ")
            ),
            format!(
                "Back to the bundled tables: {}; in force from the next start.",
                gone.join(", ")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_consolidated_tariff_is_converted_and_a_part_of_it_is_refused_unless_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let codes = CodeLists::bundled().unwrap();
        let sample =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tariff-2026-sample.xlsx");
        let update = prepare(dir.path(), &codes, "tariff", &sample).unwrap();
        assert_eq!(update.rows, 72);
        // The sample has the 8703.23 lines without their heading row: they are not described
        // by the heading before them (beer), and siblings do not nest.
        let hearses = update
            .csv
            .lines()
            .find(|l| l.starts_with("87032312,"))
            .unwrap();
        assert!(
            hearses.starts_with(
                "87032312,Dung tích xilanh trên 1.500 cc nhưng không quá 3.000 cc – Ô tô tang lễ,"
            ),
            "{hearses}"
        );
        assert!(update.looks_partial());
        let preview = update.preview("sample.xlsx", 3);
        assert!(
            preview[0].en.contains("72 rows for table tariff"),
            "{:?}",
            preview[0]
        );
        assert!(preview.last().unwrap().en.contains("looks like a part"));
        let refused = install(
            dir.path(),
            &codes,
            &update,
            &sample,
            day("2026-11-30"),
            false,
        )
        .unwrap_err();
        assert!(refused.en.contains("Nothing was written"), "{refused:?}");
        assert!(!dir.path().join("codelists").exists());
        // Accepted: installed as a subset, loaded at the next start, then rolled back.
        let said = install(
            dir.path(),
            &codes,
            &update,
            &sample,
            day("2026-11-30"),
            true,
        )
        .unwrap();
        assert!(said.en.contains("in force from the next start"), "{said:?}");
        let (loaded, notices) = crate::appdata::load_code_lists(dir.path()).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(loaded.tariff().lines().len(), 72);
        assert!(!loaded.info(crate::codes::TableId::Tariff).0.complete);
        let back = roll_back(dir.path(), &loaded, None).unwrap();
        assert!(
            back.en.contains("Back to the bundled tables: tariff"),
            "{back:?}"
        );
        let (again, _) = crate::appdata::load_code_lists(dir.path()).unwrap();
        assert_eq!(again.tariff().lines().len(), codes.tariff().lines().len());
    }

    #[test]
    fn a_broken_file_or_the_same_table_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let codes = CodeLists::bundled().unwrap();
        let broken = dir.path().join("units.xlsx");
        std::fs::write(&broken, b"PK\x03\x04 cut short").unwrap();
        assert!(prepare(dir.path(), &codes, "units", &broken).is_err());
        let same = dir.path().join("units.csv");
        std::fs::write(&same, CodeLists::bundled_text("units.csv").unwrap()).unwrap();
        let update = prepare(dir.path(), &codes, "units", &same).unwrap();
        assert!(update.changes.is_empty());
        let said = install(dir.path(), &codes, &update, &same, day("2026-11-30"), false).unwrap();
        assert!(said.en.contains("nothing to write"), "{said:?}");
        assert!(!dir.path().join("codelists").exists());
    }
}
