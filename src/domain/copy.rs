//! A declaration copied into a new draft (any state: expired, registered, cleared): what
//! identifies one shipment is cleared, what describes the parties, the goods and how they are
//! declared is kept. The list of what is cleared is [`COPY_CLEARS`], shown to the broker.

use super::declaration::{Declaration, FirstDeclaration, Place};

/// The fields a copy leaves empty (paths of the field table), because each shipment has its
/// own: the number, the FIC link, the dates, the transport documents, the invoice's number,
/// date and e-invoice receipt, the permits and the internal reference.
pub const COPY_CLEARS: &[&str] = &[
    "number",
    "first_declaration",
    "planned_date",
    "return_deadline",
    "arrival_date",
    "departure_date",
    "bills_of_lading",
    "containers",
    "vessel",
    "invoice.number",
    "invoice.date",
    "invoice.e_invoice_receipt",
    "permits",
    "attachment_numbers",
    "internal_ref",
    "marks",
];

/// What a copy keeps but a new shipment usually changes: said to the broker to check.
pub const COPY_CHECKS: &[&str] = &[
    "packages",
    "gross_weight",
    "valuation.freight",
    "valuation.insurance",
    "invoice.total",
    "goods",
];

/// The declaration as the start of a new one (see [`COPY_CLEARS`]).
pub fn copy_for_new(source: &Declaration) -> Declaration {
    let mut d = source.clone();
    d.number = None;
    d.first_declaration = FirstDeclaration::default();
    d.planned_date = None;
    d.return_deadline = None;
    d.arrival_date = None;
    d.departure_date = None;
    d.bills_of_lading.clear();
    d.containers.clear();
    d.vessel = Place::default();
    d.invoice.number = None;
    d.invoice.date = None;
    d.invoice.e_invoice_receipt = None;
    d.permits.clear();
    d.attachment_numbers.clear();
    d.internal_ref = None;
    d.marks = None;
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::field;

    #[test]
    fn a_copy_clears_what_each_shipment_has_its_own_and_keeps_the_rest() {
        let source: Declaration = crate::domain::file::from_json(include_str!(
            "../../tests/fixtures/import-sea-container.json"
        ))
        .unwrap();
        let mut source = source;
        source.number = Some(crate::domain::DeclarationNumber::new(10, 12_345_678, 0).unwrap());
        source.first_declaration.number = Some("F".to_owned());
        source.internal_ref = Some("LOT-7".to_owned());
        let copy = copy_for_new(&source);
        assert!(copy.number.is_none());
        assert!(copy.first_declaration.is_empty());
        assert!(copy.invoice.number.is_none() && copy.invoice.date.is_none());
        assert!(copy.bills_of_lading.is_empty() && copy.arrival_date.is_none());
        assert!(copy.internal_ref.is_none() && copy.vessel == Place::default());
        // Kept: parties, office, type, terms, the goods.
        assert_eq!(copy.declarant, source.declarant);
        assert_eq!(copy.foreign_party, source.foreign_party);
        assert_eq!(copy.office, source.office);
        assert_eq!(copy.type_code, source.type_code);
        assert_eq!(copy.invoice.incoterm, source.invoice.incoterm);
        assert_eq!(copy.goods, source.goods);
        assert!(!copy.goods.is_empty());
        // Every cleared path is a field of the table (the list the broker is shown).
        assert!(copy.marks.is_none());
        for path in COPY_CLEARS.iter().chain(COPY_CHECKS) {
            assert!(field(path).is_some(), "{path}");
        }
    }
}
