//! Specialised management (04xx): a goods line whose HS code needs a document — a permit, a
//! quarantine or inspection result, a CITES permit… (`codes::specialised`) — while the
//! declaration names none (no other-law code OL, no permit SS/SN) gets a warning naming the
//! measures and their instruments. A warning, not an error: the measure may not apply to these
//! goods (the lists are by HS line, the conditions are in the instruments), and the document
//! may come later for goods cleared under "đưa hàng về bảo quản".

use super::Severity::Warning;
use super::catalogue::SPECIALISED_MANAGEMENT;
use super::context::{Ctx, text};
use crate::codes::specialised::{documents_declared, measures};

pub(crate) fn check(c: &mut Ctx) {
    if documents_declared(c.d) {
        return;
    }
    let direction = c.d.direction;
    for (i, line) in c.d.goods.iter().enumerate() {
        let Some(hs) = text(line.hs_code.as_ref()) else {
            continue;
        };
        let Some(m) = measures(c.codes, hs) else {
            continue;
        };
        let documents = m.documents(direction);
        if documents.is_empty() {
            continue;
        }
        let labels_vi: Vec<&str> = documents.iter().map(|k| k.label().0).collect();
        let labels_en: Vec<&str> = documents.iter().map(|k| k.label().1).collect();
        let items = m.document_items(direction).join("; ");
        c.field(
            &SPECIALISED_MANAGEMENT,
            Warning,
            &format!("goods[{i}].other_law_codes"),
            &format!(
                "mã {hs} thuộc diện quản lý chuyên ngành: {} — {items}; tờ khai chưa có mã văn bản pháp quy khác hay giấy phép nào",
                labels_vi.join(", ")
            ),
            &format!(
                "{hs} is under specialised management: {} — {items}; the declaration names no other-law code or permit",
                labels_en.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{Declaration, Permit};
    use crate::rules::Finding;
    use crate::rules::test_support::{import, run};

    fn hit(d: &Declaration) -> Option<Finding> {
        run(d)
            .into_iter()
            .find(|f| f.code == "KB-W0422" && f.path == "goods[0].other_law_codes")
    }

    #[test]
    fn a_line_needing_a_document_without_any_is_warned_with_the_measure() {
        let mut d = import();
        d.other_law_codes.clear();
        d.goods[0].hs_code = Some("09011120".into());
        let f = hit(&d).expect("warning");
        assert!(
            f.message_en
                .contains("09011120 is under specialised management: Plant quarantine — Kiểm dịch thực vật (01/2024/TT-BNNPTNT M9)"),
            "{}",
            f.message_en
        );
        assert!(
            f.message_vi.contains("Kiểm dịch thực vật"),
            "{}",
            f.message_vi
        );
        // Roasted coffee needs no document; a declared permit or OL code silences it.
        d.goods[0].hs_code = Some("09012111".into());
        assert!(hit(&d).is_none());
        d.goods[0].hs_code = Some("09011120".into());
        d.goods[0].other_law_codes = vec!["KD".into()];
        assert!(hit(&d).is_none());
        d.goods[0].other_law_codes.clear();
        d.permits = vec![Permit {
            kind: Some("KTDV".into()),
            number: Some("123/KD".into()),
        }];
        assert!(hit(&d).is_none());
    }
}
