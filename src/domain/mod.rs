//! The domain model: declarations, goods lines, parties and the typed identifiers of VNACCS.
//!
//! Owns: data types and their invariants. Must not: do IO, read the clock, know SQL, egui or the
//! wire format. The JSON interchange format lives in [`file`] because it is the model's own
//! documented serialisation (see `docs/declaration-format.md`).

pub mod copy;
pub mod declaration;
pub mod dossier;
pub mod entry;
pub mod fields;
pub mod file;
pub mod history;
pub mod ids;
pub mod job;
pub mod lane;
pub mod retention;
pub mod split;
pub mod tax_changes;
pub mod text;
pub mod time;

pub use declaration::{
    AbsoluteDuty, Adjustment, AttachmentNumber, Charge, Declaration, Direction, FORMAT_TAG,
    FirstDeclaration, ForeignParty, GoodsLine, Invoice, MAX_GOODS_LINES, Money, OtherTax, Party,
    Permit, Place, Quantity, Valuation,
};
pub use fields::{
    FieldDef, FieldLabel, FieldMut, FieldRef, TableId, field, field_key, field_label,
    locked_in_amendment,
};
pub use ids::{
    CountryCode, CurrencyCode, CustomsOfficeCode, DOCUMENT_TYPE_EXPORT, DOCUMENT_TYPE_IMPORT,
    DOCUMENT_TYPE_TAX_AMENDMENT, DeclarationNumber, HsCode, IdError, OfficeLevel, TaxCode,
    UnitCode, UserId,
};
pub use job::{BusinessCode, EventKind, JobCode, Step, TrainingControl};
pub use lane::Lane;
