//! Exercises for trainees: packs (scenario, the broker's documents as data, hints and an answer
//! key), the packs shipped inside the program, and the scoring of a trainee's declaration
//! against a key. Pure: no files are read here except by [`load_pack`] (a pack folder or
//! `.zip` the caller names), no clock, no store; see `docs/exercises.md` for the pack format.
//!
//! - [`catalogue`]: the shipped packs (`assets/exercises/`, embedded), in teaching order.
//! - [`load_pack`]: a pack from a folder or a `.zip`.
//! - [`score`]: a declaration (and optionally the core's [`Outcome`]) against the key.
//! - [`check_key`]: a pack's stated lane and taxes against what the program computes.

mod authoring;
mod pack;

/// The pack's documents as A4 PDF (`render_all`); drawn by [`crate::print`].
pub mod documents {
    pub use crate::print::trade_documents::render_all;
}
mod score;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::assess::TaxKind;
use crate::domain::text::Bilingual;
use crate::domain::{Declaration, Lane};

pub use authoring::{KeyCheck, check_key};
pub use pack::{
    ExerciseError, catalogue, catalogue_checked, find, load_pack, own_id_checked, parse_pack,
};
pub use score::{Difference, DifferenceKind, Outcome, Score, score};

/// Bilingual text as a pack writes it: `{ vi = "…", en = "…" }`.
pub type Text = Bilingual;

/// One exercise: what it teaches, its scenario, the documents the broker works from, hints
/// and the answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Stable id (`01-a11-first-import`): folder name, CLI argument, attempts' key.
    pub id: String,
    /// Title.
    pub title: Text,
    /// What it teaches, one sentence.
    pub teaches: Text,
    /// 1 beginner, 2 intermediate, 3 advanced.
    pub level: u8,
    /// The exercise's day (a Vietnam calendar date): the key validates on it and its taxes use
    /// the customs exchange rates in force on it.
    pub date: NaiveDate,
    /// The situation the trainee is put in.
    pub scenario: Text,
    /// The documents' data (invoice, packing list, B/L or AWB, C/O).
    #[serde(default)]
    pub documents: Documents,
    /// Step-by-step hints, in order.
    #[serde(default, rename = "hint")]
    pub hints: Vec<Hint>,
    /// The answer key.
    pub key: AnswerKey,
}

impl Exercise {
    /// The key as a declaration (a copy), e.g. to load it into the form.
    pub fn key_declaration(&self) -> Declaration {
        self.key.declaration.clone()
    }
}

/// One hint: a step, optionally about one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hint {
    /// The field path it is about (`type_code`, `goods.hs_code`), when one.
    #[serde(default)]
    pub field: Option<String>,
    /// The VNACCS item ID (filled from the field table when the pack leaves it out).
    #[serde(default)]
    pub item: Option<String>,
    /// Tiếng Việt.
    pub vi: String,
    /// English.
    pub en: String,
}

/// The answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerKey {
    /// The expected declaration (the pack's `key.json`/`key.khaibao`, file format
    /// `khaibao-declaration/1`).
    #[serde(skip)]
    pub declaration: Declaration,
    /// How fields are compared, by field path without indices (`goods.description`);
    /// fields not listed compare by their kind (see [`Compare`]).
    #[serde(default)]
    pub fields: BTreeMap<String, Tolerance>,
    /// Expected taxes per tax, whole VND (0 is stated as 0; a tax not listed is expected to be
    /// absent or 0).
    #[serde(default)]
    pub taxes: BTreeMap<TaxKind, Decimal>,
    /// Difference allowed on each tax, VND (default 0).
    #[serde(default)]
    pub tax_tolerance_vnd: Decimal,
    /// Expected lane.
    pub lane: Option<Lane>,
    /// Lane inputs the core would know: the declarant has no earlier registered declaration.
    #[serde(default)]
    pub first_time: bool,
    /// The 11-digit number base the simulated core would give (seeds the random selection).
    #[serde(default = "default_number_base")]
    pub number_base: String,
    /// The expected outcome of the procedure, when the exercise is about one.
    #[serde(default)]
    pub procedure: Procedure,
}

fn default_number_base() -> String {
    "10000000011".to_owned()
}

/// How one field is compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// The comparison.
    pub compare: Compare,
    /// For [`Compare::Number`]: allowed difference in the field's own unit.
    #[serde(default)]
    pub absolute: Option<Decimal>,
    /// For [`Compare::Number`]: allowed difference in percent of the expected value.
    #[serde(default)]
    pub percent: Option<Decimal>,
    /// A hint shown when this field differs (Vietnamese).
    #[serde(default)]
    pub vi: Option<String>,
    /// The same in English.
    #[serde(default)]
    pub en: Option<String>,
}

/// Comparisons. Default by the field's kind in the field table: text fields `text`, numbers
/// `number` (exact value, `1200` = `1200.00`), codes and dates `exact`; the file format tag,
/// the declaration number, the planned date and the internal reference are ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// The same text once trimmed.
    #[default]
    Exact,
    /// The same text ignoring case, accents' composition and runs of spaces.
    Text,
    /// The same number within `absolute` or `percent` (both may be given: either suffices).
    Number,
    /// Not compared.
    Ignore,
}

/// The expected outcome of a procedure (scored when the core's [`Outcome`] states it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The number's last digit after the amendments (0 none, 1 after the first…).
    pub branch: Option<u8>,
    /// The declaration's final status in the core: `provisional`, `registered`, `cleared`,
    /// `expired`, `cancelled`.
    pub status: Option<String>,
    /// How many declarations the shipment takes (a split invoice).
    pub declarations: Option<u32>,
    /// What the procedure teaches, shown with the result.
    pub note: Option<Text>,
}

/// The documents a broker works from. Every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// Commercial invoice.
    pub invoice: Option<InvoiceDoc>,
    /// Packing list.
    pub packing_list: Option<PackingListDoc>,
    /// Bill of lading or air waybill.
    pub transport: Option<TransportDoc>,
    /// Certificate of origin.
    pub certificate_of_origin: Option<OriginDoc>,
    /// Anything else the broker is told (a correction notice, a customs notice…).
    #[serde(default, rename = "note")]
    pub notes: Vec<NoteDoc>,
}

/// A party on a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocParty {
    /// Name.
    pub name: String,
    /// Address lines.
    #[serde(default)]
    pub address: Vec<String>,
    /// Country code (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// Tax code, when the document shows one.
    #[serde(default)]
    pub tax_code: Option<String>,
}

/// A commercial invoice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceDoc {
    /// Invoice number.
    pub number: String,
    /// Invoice date.
    pub date: NaiveDate,
    /// Seller.
    pub seller: DocParty,
    /// Buyer.
    pub buyer: DocParty,
    /// Incoterm (`FOB`, `CIF`…), with its place in `incoterm_place`.
    pub incoterm: String,
    /// The incoterm's named place.
    #[serde(default)]
    pub incoterm_place: Option<String>,
    /// Currency of every amount (ISO 4217).
    pub currency: String,
    /// Payment terms as printed (`T/T 30 days`).
    #[serde(default)]
    pub payment: Option<String>,
    /// Freight stated on the invoice (CFR/CIF), in `currency`.
    #[serde(default)]
    pub freight: Option<Decimal>,
    /// Insurance stated on the invoice (CIF), in `currency`.
    #[serde(default)]
    pub insurance: Option<Decimal>,
    /// Lines.
    #[serde(rename = "line")]
    pub lines: Vec<DocLine>,
}

impl InvoiceDoc {
    /// Sum of the lines' amounts (quantity × unit price), in the invoice currency.
    pub fn goods_total(&self) -> Decimal {
        self.lines.iter().map(DocLine::amount).sum()
    }

    /// Goods plus freight and insurance stated on the invoice.
    pub fn total(&self) -> Decimal {
        self.goods_total() + self.freight.unwrap_or_default() + self.insurance.unwrap_or_default()
    }
}

/// An invoice line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocLine {
    /// Description as the seller wrote it.
    pub description: String,
    /// The HS code the seller printed, if any (a hint, not always right).
    #[serde(default)]
    pub hs_hint: Option<String>,
    /// Country of origin as printed.
    #[serde(default)]
    pub origin: Option<String>,
    /// Quantity.
    pub quantity: Decimal,
    /// Unit (UN/ECE rec. 20 code as printed: `PCE`, `KGM`, `LTR`…).
    pub unit: String,
    /// Unit price, invoice currency.
    pub unit_price: Decimal,
    /// Net weight, kg.
    #[serde(default)]
    pub net_weight: Option<Decimal>,
}

impl DocLine {
    /// Quantity × unit price.
    pub fn amount(&self) -> Decimal {
        self.quantity * self.unit_price
    }
}

/// A packing list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackingListDoc {
    /// Number of packages.
    pub packages: Decimal,
    /// Kind of package (`CT` cartons, `PK`…).
    pub package_unit: String,
    /// Gross weight, kg.
    pub gross_weight: Decimal,
    /// Net weight, kg.
    #[serde(default)]
    pub net_weight: Option<Decimal>,
    /// Shipping marks.
    #[serde(default)]
    pub marks: Option<String>,
}

/// How the goods travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// Ocean bill of lading.
    #[default]
    BillOfLading,
    /// Air waybill.
    AirWaybill,
    /// Express courier's waybill.
    ExpressWaybill,
}

/// A bill of lading or an air waybill.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransportDoc {
    /// Which document.
    pub kind: TransportKind,
    /// B/L or AWB number.
    pub number: String,
    /// Date of issue (shipped on board).
    pub date: NaiveDate,
    /// Carrier.
    #[serde(default)]
    pub carrier: Option<String>,
    /// Shipper.
    pub shipper: DocParty,
    /// Consignee.
    pub consignee: DocParty,
    /// Vessel and voyage, or flight.
    pub vessel: String,
    /// Port or airport of loading (name, UN/LOCODE in brackets as printed).
    pub loading: String,
    /// Port or airport of discharge.
    pub discharge: String,
    /// Expected arrival.
    #[serde(default)]
    pub arrival: Option<NaiveDate>,
    /// Container numbers.
    #[serde(default)]
    pub containers: Vec<String>,
    /// Freight as the carrier states it (`PREPAID`, `COLLECT USD 1,200.00`).
    #[serde(default)]
    pub freight: Option<String>,
    /// Packages as on the document (`120 CARTONS`).
    #[serde(default)]
    pub packages: Option<String>,
    /// Gross weight, kg.
    #[serde(default)]
    pub gross_weight: Option<Decimal>,
}

/// A certificate of origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginDoc {
    /// Form (`D` ATIGA, `E` ACFTA, `RCEP`, `AK`…).
    pub form: String,
    /// Reference number.
    pub number: String,
    /// Date of issue.
    pub date: NaiveDate,
    /// Issuing country (alpha-2).
    pub issued_in: String,
    /// Exporter.
    pub exporter: DocParty,
    /// Consignee.
    pub consignee: DocParty,
    /// Transport details as printed.
    #[serde(default)]
    pub transport: Option<String>,
    /// Lines.
    #[serde(rename = "line")]
    pub lines: Vec<OriginLine>,
    /// Remarks (e.g. why it does not qualify).
    #[serde(default)]
    pub remarks: Option<String>,
}

/// A line of a C/O.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginLine {
    /// Description.
    pub description: String,
    /// HS code as printed (6 digits usually).
    pub hs_code: String,
    /// Origin criterion (`WO`, `RVC 40%`, `CTH`…).
    pub criterion: String,
    /// Invoice number and date as printed.
    #[serde(default)]
    pub invoice: Option<String>,
}

/// A further note or document (correction notice, message from the core…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteDoc {
    /// Title.
    pub title: Text,
    /// Body.
    pub body: Text,
}

#[cfg(test)]
mod tests;
