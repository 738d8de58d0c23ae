//! Specialised management (quản lý chuyên ngành) of a tariff line: which measures apply
//! (quarantine, permits, inspections…), read from the `specialised_management` table
//! (`code,name_vi,name_en,kinds,requirements_vi,item_kinds,requirements_en,instruments`, one
//! row per 8-digit HS code, made from the 2026 tariff's `Specialised_procedures.xlsx`;
//! `requirements_vi` and `item_kinds` are parallel lists joined with ` | `).
//!
//! The kinds are classified from the measures' text by `tools/gen_specialised.py`; some are a
//! document the declarant must obtain before clearance (a permit, a quarantine or inspection
//! result), others are notes (border trade lists, trade remedies, lines whose inspection was
//! waived). Validation warns when a line needs a document and the declaration names none; the
//! simulated core's lane rule `specialised-management` uses the same answer.

use strum::{EnumString, IntoStaticStr, VariantArray};

use super::{CodeLists, TableId};
use crate::domain::{Declaration, Direction};

/// One kind of measure, as written in the table's `kinds` column.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, EnumString, IntoStaticStr, VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum MeasureKind {
    /// Import ban or export ban (mostly: used goods banned from import, 08/2023/TT-BCT).
    Prohibited,
    /// CITES specimens (17/2023/TT-BNNPTNT).
    Cites,
    /// Plant quarantine.
    PlantQuarantine,
    /// Terrestrial animal quarantine.
    AnimalQuarantine,
    /// Aquatic animal quarantine.
    AquaticQuarantine,
    /// Veterinary control.
    Veterinary,
    /// State food-safety inspection.
    FoodSafety,
    /// Medicines and their raw materials.
    Drug,
    /// Medical devices.
    MedicalDevice,
    /// Drug precursors.
    Precursor,
    /// Radioactive sources and radiation equipment.
    Radiation,
    /// Chemical declaration or licence (113/2017/NĐ-CP, 82/2022/NĐ-CP).
    Chemical,
    /// An import or export licence.
    Permit,
    /// Technical-safety and environmental certification of vehicles (12/2022/TT-BGTVT).
    TypeApproval,
    /// State quality inspection.
    QualityInspection,
    /// Conformity certification (hợp quy).
    Conformity,
    /// Energy labelling / efficiency.
    EnergyLabel,
    /// Anti-dumping, countervailing or safeguard duty.
    TradeRemedy,
    /// Tariff quota.
    TariffQuota,
    /// A condition on export only.
    ExportCondition,
    /// Must clear at the border gate of import (23/2019/QĐ-TTg).
    BorderGate,
    /// Temporary import for re-export suspended or conditional.
    ReexportRestricted,
    /// Specialised inspection cut or not required.
    InspectionExempt,
    /// Listed for border trade.
    BorderTrade,
    /// Anything else.
    Other,
}

impl MeasureKind {
    /// Whether the measure is a document the declarant must hold to clear goods moving in
    /// `direction` (and so declare, as an other-law code or a permit).
    pub fn needs_document(self, direction: Direction) -> bool {
        use MeasureKind as K;
        match self {
            K::Permit | K::Cites | K::Chemical | K::Precursor | K::Radiation => true,
            K::ExportCondition => direction == Direction::Export,
            K::PlantQuarantine
            | K::AnimalQuarantine
            | K::AquaticQuarantine
            | K::Veterinary
            | K::FoodSafety
            | K::Drug
            | K::MedicalDevice
            | K::TypeApproval
            | K::QualityInspection
            | K::Conformity
            | K::EnergyLabel => direction == Direction::Import,
            K::Prohibited
            | K::TradeRemedy
            | K::TariffQuota
            | K::BorderGate
            | K::ReexportRestricted
            | K::InspectionExempt
            | K::BorderTrade
            | K::Other => false,
        }
    }

    /// The measure's name: (Vietnamese, English).
    pub fn label(self) -> (&'static str, &'static str) {
        use MeasureKind as K;
        match self {
            K::Prohibited => ("Cấm XK/NK", "Import/export ban"),
            K::Cites => ("CITES", "CITES"),
            K::PlantQuarantine => ("Kiểm dịch thực vật", "Plant quarantine"),
            K::AnimalQuarantine => ("Kiểm dịch động vật", "Animal quarantine"),
            K::AquaticQuarantine => ("Kiểm dịch thủy sản", "Aquatic animal quarantine"),
            K::Veterinary => ("Thú y", "Veterinary"),
            K::FoodSafety => ("Kiểm tra an toàn thực phẩm", "Food safety inspection"),
            K::Drug => ("Dược phẩm", "Pharmaceuticals"),
            K::MedicalDevice => ("Thiết bị y tế", "Medical device"),
            K::Precursor => ("Tiền chất", "Precursor"),
            K::Radiation => ("Phóng xạ", "Radioactive"),
            K::Chemical => ("Quản lý hóa chất", "Chemical control"),
            K::Permit => ("Giấy phép", "Licence"),
            K::TypeApproval => ("Chứng nhận ATKT & BVMT", "Transport safety certification"),
            K::QualityInspection => ("Kiểm tra chất lượng", "Quality inspection"),
            K::Conformity => ("Hợp quy", "Conformity certification"),
            K::EnergyLabel => ("Nhãn năng lượng", "Energy labelling"),
            K::TradeRemedy => ("Phòng vệ thương mại", "Trade remedy"),
            K::TariffQuota => ("Hạn ngạch thuế quan", "Tariff quota"),
            K::ExportCondition => ("Điều kiện xuất khẩu", "Export condition"),
            K::BorderGate => ("Làm thủ tục tại CK nhập", "Clear at the border gate"),
            K::ReexportRestricted => ("Hạn chế TNTX", "Re-export trade restricted"),
            K::InspectionExempt => ("Miễn/cắt giảm KTCN", "Inspection waived"),
            K::BorderTrade => ("Mua bán biên giới", "Border trade"),
            K::Other => ("Quản lý khác", "Other measures"),
        }
    }
}

/// The measures of one tariff line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measures<'a> {
    /// The 8-digit HS code.
    pub hs_code: &'a str,
    /// The kinds, in the table's order.
    pub kinds: Vec<MeasureKind>,
    /// The measures as the source writes them (Vietnamese, each ending with its instrument),
    /// with the kinds of each.
    pub items: Vec<(&'a str, Vec<MeasureKind>)>,
    /// The legal instruments cited.
    pub instruments: Vec<&'a str>,
}

impl<'a> Measures<'a> {
    /// The items that need a document for goods moving in `direction`.
    pub fn document_items(&self, direction: Direction) -> Vec<&'a str> {
        self.items
            .iter()
            .filter(|(_, kinds)| kinds.iter().any(|k| k.needs_document(direction)))
            .map(|(text, _)| *text)
            .collect()
    }

    /// The kinds that need a document for goods moving in `direction`.
    pub fn documents(&self, direction: Direction) -> Vec<MeasureKind> {
        self.kinds
            .iter()
            .copied()
            .filter(|k| k.needs_document(direction))
            .collect()
    }
}

/// The measures of an HS code (dots and spaces ignored), if the table lists it. A kind the
/// program does not know (a newer table) counts as [`MeasureKind::Other`].
pub fn measures<'a>(codes: &'a CodeLists, hs_code: &str) -> Option<Measures<'a>> {
    let table = codes.table(TableId::SpecialisedManagement);
    let entry = table.get(hs_code)?;
    let split = |column: &str, separator: &str| -> Vec<&'a str> {
        table
            .field(entry, column)
            .unwrap_or_default()
            .split(separator)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    };
    let kinds_of = |list: &str| -> Vec<MeasureKind> {
        let mut kinds: Vec<MeasureKind> = list
            .split(';')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| k.parse().unwrap_or(MeasureKind::Other))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    };
    let item_kinds = split("item_kinds", " | ");
    let items = split("requirements_vi", " | ")
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            (
                text,
                kinds_of(item_kinds.get(i).copied().unwrap_or_default()),
            )
        })
        .collect();
    Some(Measures {
        hs_code: &entry.code,
        kinds: kinds_of(table.field(entry, "kinds").unwrap_or_default()),
        items,
        instruments: split("instruments", " | "),
    })
}

/// Whether the declaration names any document of specialised management: an other-law code
/// (OL, header or line) or a permit (SS/SN).
pub fn documents_declared(d: &Declaration) -> bool {
    let filled = |v: &String| !v.trim().is_empty();
    d.other_law_codes.iter().any(filled)
        || d.permits
            .iter()
            .any(|p| p.kind.as_ref().is_some_and(filled) || p.number.as_ref().is_some_and(filled))
        || d.goods.iter().any(|g| g.other_law_codes.iter().any(filled))
}

/// Whether the goods are under specialised management: a line whose HS code needs a document
/// for this direction, or documents declared.
pub fn under_management(codes: &CodeLists, d: &Declaration) -> bool {
    documents_declared(d)
        || d.goods.iter().any(|g| {
            g.hs_code
                .as_deref()
                .and_then(|hs| measures(codes, hs.trim()))
                .is_some_and(|m| !m.documents(d.direction).is_empty())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes() -> CodeLists {
        CodeLists::bundled().unwrap()
    }

    #[test]
    fn every_kind_in_the_bundled_table_is_known() {
        let codes = codes();
        let table = codes.table(TableId::SpecialisedManagement);
        for entry in table.entries() {
            let items = table.field(entry, "requirements_vi").unwrap().split(" | ");
            let item_kinds = table.field(entry, "item_kinds").unwrap().split(" | ");
            assert_eq!(items.count(), item_kinds.count(), "{}", entry.code);
            for kind in table.field(entry, "kinds").unwrap().split(';') {
                assert!(
                    kind.parse::<MeasureKind>().is_ok(),
                    "{}: unknown kind {kind:?}",
                    entry.code
                );
            }
        }
        for kind in MeasureKind::VARIANTS {
            let name: &str = kind.into();
            assert_eq!(name.parse::<MeasureKind>(), Ok(*kind));
        }
    }

    #[test]
    fn real_lines_carry_their_measures() {
        let codes = codes();
        // Green coffee: plant quarantine on import; roasted coffee: no document.
        let green = measures(&codes, "0901.11.20").unwrap();
        assert_eq!(
            green.documents(Direction::Import),
            [MeasureKind::PlantQuarantine]
        );
        assert!(green.instruments.contains(&"Thông tư 01/2024/TT-BNNPTNT"));
        assert_eq!(
            green.document_items(Direction::Import),
            ["Kiểm dịch thực vật (01/2024/TT-BNNPTNT M9)*"]
        );
        let roasted = measures(&codes, "09012111").unwrap();
        assert!(roasted.documents(Direction::Import).is_empty());
        // Live animals: CITES both ways, quarantine on import only.
        let animal = measures(&codes, "01012900").unwrap();
        assert_eq!(
            animal.documents(Direction::Import),
            [MeasureKind::Cites, MeasureKind::AnimalQuarantine]
        );
        assert_eq!(animal.documents(Direction::Export), [MeasureKind::Cites]);
        // Cars: transport safety certification.
        let car = measures(&codes, "87038099").unwrap();
        assert!(car.kinds.contains(&MeasureKind::TypeApproval));
        assert!(measures(&codes, "99999999").is_none());
    }

    #[test]
    fn goods_are_under_management_by_their_hs_code_or_by_declared_documents() {
        let codes = codes();
        let mut d: Declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        d.other_law_codes.clear();
        // Laptops need energy labelling and conformity certification.
        assert!(under_management(&codes, &d));
        for line in &mut d.goods {
            line.hs_code = Some("09012111".into());
        }
        assert!(!under_management(&codes, &d), "roasted coffee: no document");
        d.goods[0].other_law_codes = vec!["KC".into()];
        assert!(under_management(&codes, &d));
        // On export, green coffee's plant quarantine is not required; CITES is.
        d.goods[0].other_law_codes.clear();
        d.direction = Direction::Export;
        d.goods[0].hs_code = Some("09011120".into());
        assert!(!under_management(&codes, &d));
        d.goods[0].hs_code = Some("01012900".into());
        assert!(under_management(&codes, &d));
    }
}
