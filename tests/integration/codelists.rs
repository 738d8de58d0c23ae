//! The bundled code tables as files: checksums in the manifest, the tariff's coverage, and the
//! generated ISO tables.

use khaibao::codes::{CodeLists, TableId, manifest::sha256_hex};
use khaibao::domain::ids::section_of_chapter;

use crate::util::root;

#[test]
fn files_on_disk_match_the_manifest() {
    let folder = root().join("codelists");
    let manifest = std::fs::read_to_string(folder.join("manifest.toml")).unwrap();
    let lists = CodeLists::from_sources(&manifest, |file| {
        std::fs::read_to_string(folder.join(file)).map_err(|e| e.to_string())
    })
    .expect("the repository's code lists load from disk");
    for id in TableId::ALL {
        let info = lists.info(id).0;
        let bytes = std::fs::read(folder.join(&info.file)).unwrap();
        assert_eq!(
            sha256_hex(&bytes),
            info.sha256,
            "{} (run tools/update_checksums.py)",
            info.file
        );
    }
}

#[test]
fn the_tariff_subset_spans_all_21_sections_and_is_labelled_a_subset() {
    let lists = CodeLists::bundled().unwrap();
    let tariff = lists.tariff();
    assert!(tariff.lines().len() >= 200, "{}", tariff.lines().len());
    let mut sections = std::collections::BTreeSet::new();
    for line in tariff.lines() {
        let chapter: u8 = line.hs_code[..2].parse().unwrap();
        sections.insert(section_of_chapter(chapter));
        assert!(line.mfn.is_some(), "{} has no MFN rate", line.hs_code);
    }
    assert_eq!(sections.len(), 21, "{sections:?}");
    let (info, _) = lists.info(TableId::Tariff);
    assert!(!info.complete);
    assert!(info.notes.as_deref().unwrap_or_default().contains("SUBSET"));
}

#[test]
fn iso_tables_are_complete_and_translated() {
    let lists = CodeLists::bundled().unwrap();
    let countries = lists.table(TableId::Countries);
    assert!(countries.len() >= 249);
    assert_eq!(countries.get("VN").unwrap().name_vi, "Việt Nam");
    let currencies = lists.table(TableId::Currencies);
    assert!(currencies.len() >= 170);
    assert!(currencies.contains("VND") && currencies.contains("USD"));
}
