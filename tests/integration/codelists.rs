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
fn the_tariff_is_the_whole_2026_tariff_with_every_preferential_column() {
    let lists = CodeLists::bundled().unwrap();
    let tariff = lists.tariff();
    // 11,414 lines of chapters 1–97 and 457 of chapter 98 (tools/import_tariff_2026.sh).
    assert_eq!(tariff.lines().len(), 11_871);
    let mut sections = std::collections::BTreeSet::new();
    let mut guidance = 0;
    for line in tariff.lines() {
        let chapter: u8 = line.hs_code[..2].parse().unwrap();
        if chapter < 98 {
            sections.insert(section_of_chapter(chapter));
        }
        if line.mfn.is_none() {
            // Only the motor vehicles whose MFN is guidance ("Theo hướng dẫn … Chương 98").
            assert!(
                line.hs_code.starts_with("870"),
                "{} has no MFN rate",
                line.hs_code
            );
            guidance += 1;
        }
    }
    assert_eq!(sections.len(), 21, "{sections:?}");
    assert_eq!(guidance, 264);
    assert_eq!(tariff.agreements().len(), 21);
    let (info, _) = lists.info(TableId::Tariff);
    assert!(info.complete);
    // Spot checks against the file (and the decrees where the note says so).
    let beer = tariff.line("22030011").unwrap();
    assert_eq!(beer.mfn, Some(35.into()));
    let cars = tariff.line("87032364").unwrap();
    assert_eq!(cars.mfn, Some(52.into()));
    let sugar = tariff.line("17011400").unwrap();
    assert_eq!(sugar.out_of_quota, Some(80.into()));
    // Each line's description starts with its heading, so a broker finds beer by "bia" or
    // "beer" before paperboard ("bìa") and before non-alcoholic beer.
    let table = tariff.table();
    for query in ["bia", "beer"] {
        let first: Vec<&str> = table
            .search(query, 4)
            .iter()
            .map(|(e, _)| e.code.as_str())
            .collect();
        assert!(
            first.iter().all(|c| c.starts_with("2203")),
            "{query}: {first:?}"
        );
    }
    let laptops: Vec<&str> = table
        .search("may tinh xach tay", 3)
        .iter()
        .map(|(e, _)| e.code.as_str())
        .collect();
    assert!(laptops.contains(&"84713020"), "{laptops:?}");
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
