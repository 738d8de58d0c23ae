//! The names of the code tables, as data: the field table says which one a field uses.

/// Every code table the program uses. Defined here, as data of the field table, so that
/// `domain` names a field's table without depending on [`crate::codes`], which owns the
/// tables themselves (manifest names, loading, lookups: `impl TableId` there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    /// Business codes / document types (IDA, IDC, EDA…).
    BusinessCodes,
    /// Mã loại hình.
    TypeCodes,
    /// Customs departments, branches and teams.
    CustomsOffices,
    /// Vietnamese ports, airports, ICDs and border gates (VNACCS table A016A style).
    Locations,
    /// ISO 3166-1 countries.
    Countries,
    /// ISO 4217 currencies.
    Currencies,
    /// Units of measure (UN/ECE Rec 20).
    Units,
    /// Package kinds (UN/ECE Rec 21).
    PackageKinds,
    /// MTC transport modes.
    TransportModes,
    /// SKB sender/receiver kinds.
    PartyKinds,
    /// CCC cargo classifications.
    CargoClasses,
    /// IP2 delivery terms.
    Incoterms,
    /// IVP payment methods.
    PaymentMethods,
    /// IV1 invoice kinds.
    InvoiceKinds,
    /// IP1 invoice price kinds.
    PriceKinds,
    /// VD1 valuation methods.
    ValuationMethods,
    /// FR1 freight kinds.
    FreightKinds,
    /// IN1 insurance kinds.
    InsuranceKinds,
    /// VR adjustment titles.
    AdjustmentTitles,
    /// VI adjustment kinds.
    AdjustmentKinds,
    /// TPM tax payer kinds.
    TaxPayers,
    /// ENC payment deadline codes.
    PaymentDeadlines,
    /// ORS import tariff schedules.
    TariffSchedules,
    /// C/O forms.
    CoForms,
    /// TX tax application codes (VAT, SCT, EPT, additional duties).
    TaxCodes,
    /// RE/TR exemption and reduction codes.
    ExemptionCodes,
    /// Storage locations where goods wait for clearance (ST), 7 characters, the first 4 the
    /// supervising office.
    StorageLocations,
    /// Specialised management (quản lý chuyên ngành) per 8-digit HS line: quarantine, permits,
    /// inspections, with their instruments. Not a field's table: looked up by the HS code.
    SpecialisedManagement,
    /// The tariff: 8-digit HS lines with rates.
    Tariff,
}
