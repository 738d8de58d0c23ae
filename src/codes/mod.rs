//! Code tables (bảng mã): the bundled set compiled into the binary, a newer set from the user
//! data folder layered over it, lookups and accent-insensitive search.
//!
//! Owns: parsing CSV/TOML text into [`CodeLists`], checksum checks, the tariff view. Must not:
//! read files or the clock — the shell passes file contents in (see `appdata`).
//!
//! Every table is listed in `codelists/manifest.toml` with its version, effective date, source,
//! whether it is complete or a subset, and the SHA-256 of its file.

pub mod manifest;
pub mod rate_cell;
pub mod rates;
pub mod search;
pub mod specialised;
pub mod table;
pub mod table_import;
pub mod tariff;
pub mod tariff_import;
pub mod tax_rates;

use std::fmt;

use crate::domain::text::Bilingual;

pub use manifest::{Manifest, TableInfo};
pub use rates::{ExchangeRates, RateOn};
pub use search::{MatchKind, fold};
pub use table::{CodeEntry, CodeTable, Validity};
pub use tariff::{Tariff, TariffLine, VatRate};
pub use tax_rates::{TAX_RATES, TaxRateOn, TaxRatePeriod, TaxRates};

/// Why a code-list set could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum CodeListError {
    /// The manifest is not valid TOML or lacks a field.
    Manifest(String),
    /// A table the program needs is not in the manifest.
    MissingTable(String),
    /// A table's file could not be read.
    Unreadable {
        /// The file named in the manifest.
        file: String,
        /// What the file system said.
        problem: String,
    },
    /// A table's content does not match the checksum in the manifest.
    Checksum {
        /// The file named in the manifest.
        file: String,
    },
    /// A table's CSV is malformed.
    Table {
        /// The table's name.
        table: String,
        /// 1-based line in the CSV (0 when not tied to a line).
        line: u64,
        /// What is wrong.
        problem: String,
    },
}

impl CodeListError {
    /// What to tell the person, each language built apart (a parser's or the file system's
    /// detail is the same in both).
    pub fn message(&self) -> Bilingual {
        match self {
            Self::Manifest(detail) => Bilingual::new(
                format!("Bảng mã: manifest.toml sai ({detail})"),
                format!("Code lists: manifest.toml is invalid ({detail})"),
            ),
            Self::MissingTable(table) => Bilingual::new(
                format!("Bảng mã: thiếu bảng {table}"),
                format!("Code lists: table {table} is missing"),
            ),
            Self::Unreadable { file, problem } => Bilingual::new(
                format!("Bảng mã: không đọc được tệp {file} ({problem})"),
                format!("Code lists: cannot read {file} ({problem})"),
            ),
            Self::Checksum { file } => Bilingual::new(
                format!("Bảng mã: tệp {file} đã bị thay đổi hoặc hỏng (sai mã kiểm tra)"),
                format!("Code lists: {file} is damaged or was changed (checksum mismatch)"),
            ),
            Self::Table {
                table,
                line,
                problem,
            } => Bilingual::new(
                format!("Bảng mã {table}, dòng {line}: {problem}"),
                format!("Code table {table}, line {line}: {problem}"),
            ),
        }
    }
}

crate::domain::text::localized!(CodeListError);

pub use crate::domain::fields::TableId;

impl TableId {
    /// Every table, in manifest order.
    pub const ALL: [Self; 29] = [
        Self::BusinessCodes,
        Self::TypeCodes,
        Self::CustomsOffices,
        Self::Locations,
        Self::Countries,
        Self::Currencies,
        Self::Units,
        Self::PackageKinds,
        Self::TransportModes,
        Self::PartyKinds,
        Self::CargoClasses,
        Self::Incoterms,
        Self::PaymentMethods,
        Self::InvoiceKinds,
        Self::PriceKinds,
        Self::ValuationMethods,
        Self::FreightKinds,
        Self::InsuranceKinds,
        Self::AdjustmentTitles,
        Self::AdjustmentKinds,
        Self::TaxPayers,
        Self::PaymentDeadlines,
        Self::TariffSchedules,
        Self::CoForms,
        Self::TaxCodes,
        Self::ExemptionCodes,
        Self::StorageLocations,
        Self::SpecialisedManagement,
        Self::Tariff,
    ];

    /// The manifest name, also the CSV file stem.
    pub fn name(self) -> &'static str {
        match self {
            Self::BusinessCodes => "business_codes",
            Self::TypeCodes => "type_codes",
            Self::CustomsOffices => "customs_offices",
            Self::Locations => "locations",
            Self::Countries => "countries",
            Self::Currencies => "currencies",
            Self::Units => "units",
            Self::PackageKinds => "package_kinds",
            Self::TransportModes => "transport_modes",
            Self::PartyKinds => "party_kinds",
            Self::CargoClasses => "cargo_classes",
            Self::Incoterms => "incoterms",
            Self::PaymentMethods => "payment_methods",
            Self::InvoiceKinds => "invoice_kinds",
            Self::PriceKinds => "price_kinds",
            Self::ValuationMethods => "valuation_methods",
            Self::FreightKinds => "freight_kinds",
            Self::InsuranceKinds => "insurance_kinds",
            Self::AdjustmentTitles => "adjustment_titles",
            Self::AdjustmentKinds => "adjustment_kinds",
            Self::TaxPayers => "tax_payers",
            Self::PaymentDeadlines => "payment_deadlines",
            Self::TariffSchedules => "tariff_schedules",
            Self::CoForms => "co_forms",
            Self::TaxCodes => "tax_codes",
            Self::ExemptionCodes => "exemption_codes",
            Self::StorageLocations => "storage_locations",
            Self::SpecialisedManagement => "specialised_management",
            Self::Tariff => "tariff",
        }
    }

    /// The table with this manifest name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a loaded table came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableOrigin {
    /// Compiled into the program.
    Bundled,
    /// The user data folder's newer set.
    Override,
}

/// A complete set of code tables. Cloning is cheap (the tables are shared): the window, the
/// workflow and the embedded core each hold the same set.
#[derive(Debug, Clone)]
pub struct CodeLists {
    inner: std::sync::Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    manifest: Manifest,
    /// Indexed by `TableId as usize`.
    tables: Vec<CodeTable>,
    infos: Vec<(TableInfo, TableOrigin)>,
    tariff: Tariff,
    rates: ExchangeRates,
    rates_info: (TableInfo, TableOrigin),
    tax_rates: TaxRates,
    tax_rates_info: (TableInfo, TableOrigin),
}

/// Manifest name of the exchange-rate table (not a code table: `currency,effective_from,rate`).
pub const EXCHANGE_RATES: &str = "exchange_rates";

/// The bundled files, embedded at compile time.
const BUNDLED_MANIFEST: &str = include_str!("../../codelists/manifest.toml");
macro_rules! bundled_files {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../../codelists/", $file)))),*]
    };
}
const BUNDLED_FILES: &[(&str, &str)] = bundled_files!(
    "business_codes.csv",
    "type_codes.csv",
    "customs_offices.csv",
    "locations.csv",
    "countries.csv",
    "currencies.csv",
    "units.csv",
    "package_kinds.csv",
    "transport_modes.csv",
    "party_kinds.csv",
    "cargo_classes.csv",
    "incoterms.csv",
    "payment_methods.csv",
    "invoice_kinds.csv",
    "price_kinds.csv",
    "valuation_methods.csv",
    "freight_kinds.csv",
    "insurance_kinds.csv",
    "adjustment_titles.csv",
    "adjustment_kinds.csv",
    "tax_payers.csv",
    "payment_deadlines.csv",
    "tariff_schedules.csv",
    "co_forms.csv",
    "tax_codes.csv",
    "exemption_codes.csv",
    "storage_locations.csv",
    "specialised_management.csv",
    "tariff.csv",
    "exchange_rates.csv",
    "tax_rates.csv",
);

impl CodeLists {
    /// The set compiled into the program, read once per process and then shared (the tables
    /// are immutable). Fails only if the repository's own data is broken, which the test suite
    /// checks — including the files' checksums, which are therefore not computed again at every
    /// start (3.6 MB of tariff).
    pub fn bundled() -> Result<Self, CodeListError> {
        static BUNDLED: std::sync::OnceLock<Result<CodeLists, CodeListError>> =
            std::sync::OnceLock::new();
        BUNDLED.get_or_init(Self::read_bundled).clone()
    }

    /// The compiled-in text of a bundled file (`tariff.csv`, `units.csv`…).
    pub fn bundled_text(file: &str) -> Option<&'static str> {
        BUNDLED_FILES
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| *text)
    }

    /// Reads the compiled-in set afresh, as [`CodeLists::bundled`] does once (benchmarks).
    pub fn read_bundled() -> Result<Self, CodeListError> {
        Self::load(
            BUNDLED_MANIFEST,
            |file| {
                BUNDLED_FILES
                    .iter()
                    .find(|(name, _)| *name == file)
                    .map(|(_, text)| (*text).to_owned())
                    .ok_or_else(|| "not bundled".to_owned())
            },
            false,
        )
    }

    /// Loads a full set from a manifest and a way to read the files it names. Every table must
    /// be present and match its checksum.
    pub fn from_sources(
        manifest_text: &str,
        read: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Self, CodeListError> {
        Self::load(manifest_text, read, true)
    }

    fn load(
        manifest_text: &str,
        read: impl Fn(&str) -> Result<String, String>,
        check: bool,
    ) -> Result<Self, CodeListError> {
        let manifest = Manifest::parse(manifest_text)?;
        let mut tables = Vec::with_capacity(TableId::ALL.len());
        let mut infos = Vec::with_capacity(TableId::ALL.len());
        for id in TableId::ALL {
            let info = manifest
                .table(id.name())
                .ok_or_else(|| CodeListError::MissingTable(id.name().to_owned()))?;
            tables.push(CodeTable::parse(
                &info.name,
                &load_text(info, &read, check)?,
            )?);
            infos.push((info.clone(), TableOrigin::Bundled));
        }
        let rates_info = manifest
            .table(EXCHANGE_RATES)
            .ok_or_else(|| CodeListError::MissingTable(EXCHANGE_RATES.to_owned()))?
            .clone();
        let rates = ExchangeRates::parse(&load_text(&rates_info, &read, check)?)?;
        let tax_rates_info = manifest
            .table(TAX_RATES)
            .ok_or_else(|| CodeListError::MissingTable(TAX_RATES.to_owned()))?
            .clone();
        let tax_rates = TaxRates::parse(&load_text(&tax_rates_info, &read, check)?)?;
        Self::assemble(
            manifest,
            tables,
            infos,
            (rates, (rates_info, TableOrigin::Bundled)),
            (tax_rates, (tax_rates_info, TableOrigin::Bundled)),
        )
    }

    /// Layers a newer set over this one: the tables its manifest lists replace the current ones
    /// (each checked against its checksum); the others stay. A set whose `set_version` is not
    /// newer than the current one is refused, so an old download cannot replace fresher data.
    pub fn with_override(
        &self,
        manifest_text: &str,
        read: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Self, OverrideRefused> {
        let manifest = Manifest::parse(manifest_text).map_err(OverrideRefused::Invalid)?;
        if !manifest::is_newer(&manifest.set_version, &self.inner.manifest.set_version) {
            return Err(OverrideRefused::NotNewer {
                found: manifest.set_version,
                current: self.inner.manifest.set_version.clone(),
            });
        }
        let mut tables = self.inner.tables.clone();
        let mut infos = self.inner.infos.clone();
        let mut rates = self.inner.rates.clone();
        let mut rates_info = self.inner.rates_info.clone();
        let mut tax_rates = self.inner.tax_rates.clone();
        let mut tax_rates_info = self.inner.tax_rates_info.clone();
        for info in &manifest.tables {
            if info.name == EXCHANGE_RATES {
                let text = load_text(info, &read, true).map_err(OverrideRefused::Invalid)?;
                rates = ExchangeRates::parse(&text).map_err(OverrideRefused::Invalid)?;
                rates_info = (info.clone(), TableOrigin::Override);
                continue;
            }
            if info.name == TAX_RATES {
                let text = load_text(info, &read, true).map_err(OverrideRefused::Invalid)?;
                tax_rates = TaxRates::parse(&text).map_err(OverrideRefused::Invalid)?;
                tax_rates_info = (info.clone(), TableOrigin::Override);
                continue;
            }
            let Some(id) = TableId::from_name(&info.name) else {
                continue;
            };
            tables[id as usize] = load_table(info, &read).map_err(OverrideRefused::Invalid)?;
            infos[id as usize] = (info.clone(), TableOrigin::Override);
        }
        let mut merged = self.inner.manifest.clone();
        merged.set_version = manifest.set_version;
        merged.effective = manifest.effective;
        Self::assemble(
            merged,
            tables,
            infos,
            (rates, rates_info),
            (tax_rates, tax_rates_info),
        )
        .map_err(OverrideRefused::Invalid)
    }

    fn assemble(
        manifest: Manifest,
        tables: Vec<CodeTable>,
        infos: Vec<(TableInfo, TableOrigin)>,
        (rates, rates_info): (ExchangeRates, (TableInfo, TableOrigin)),
        (tax_rates, tax_rates_info): (TaxRates, (TableInfo, TableOrigin)),
    ) -> Result<Self, CodeListError> {
        let tariff = Tariff::from_table(tables[TableId::Tariff as usize].clone())?;
        Ok(Self {
            inner: std::sync::Arc::new(Inner {
                manifest,
                tables,
                infos,
                tariff,
                rates,
                rates_info,
                tax_rates,
                tax_rates_info,
            }),
        })
    }

    /// The customs exchange rates.
    pub fn rates(&self) -> &ExchangeRates {
        &self.inner.rates
    }

    /// The exchange-rate table's manifest entry and origin.
    pub fn rates_info(&self) -> (&TableInfo, &TableOrigin) {
        (&self.inner.rates_info.0, &self.inner.rates_info.1)
    }

    /// The dated rates of the tax codes (VAT, SCT, EPT).
    pub fn tax_rates(&self) -> &TaxRates {
        &self.inner.tax_rates
    }

    /// The tax-rate table's manifest entry and origin.
    pub fn tax_rates_info(&self) -> (&TableInfo, &TableOrigin) {
        (&self.inner.tax_rates_info.0, &self.inner.tax_rates_info.1)
    }

    /// One table.
    pub fn table(&self, id: TableId) -> &CodeTable {
        &self.inner.tables[id as usize]
    }

    /// A table's manifest entry and where it was loaded from.
    pub fn info(&self, id: TableId) -> (&TableInfo, &TableOrigin) {
        let (info, origin) = &self.inner.infos[id as usize];
        (info, origin)
    }

    /// The tariff with typed rates.
    pub fn tariff(&self) -> &Tariff {
        &self.inner.tariff
    }

    /// The manifest of the set (for an override: the bundled one with the newer set version).
    pub fn manifest(&self) -> &Manifest {
        &self.inner.manifest
    }
}

/// Why a newer code-list set was not used. The current set stays in force.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum OverrideRefused {
    /// The override is not newer.
    NotNewer {
        /// The override's version.
        found: String,
        /// The version in use.
        current: String,
    },
    /// The override is broken.
    Invalid(CodeListError),
}

impl OverrideRefused {
    /// What to tell the person, each language built apart.
    pub fn message(&self) -> Bilingual {
        match self {
            Self::NotNewer { found, current } => Bilingual::new(
                format!("Bộ bảng mã {found} không mới hơn bộ đang dùng {current}; giữ nguyên"),
                format!(
                    "Code-list set {found} is not newer than {current}; keeping the current set"
                ),
            ),
            Self::Invalid(err) => err.message(),
        }
    }
}

crate::domain::text::localized!(OverrideRefused);

/// Reads a table's file and (when `check`) checks it against the manifest's checksum.
fn load_text(
    info: &TableInfo,
    read: &impl Fn(&str) -> Result<String, String>,
    check: bool,
) -> Result<String, CodeListError> {
    let text = read(&info.file).map_err(|problem| CodeListError::Unreadable {
        file: info.file.clone(),
        problem,
    })?;
    if check && manifest::sha256_hex(text.as_bytes()) != info.sha256.to_ascii_lowercase() {
        return Err(CodeListError::Checksum {
            file: info.file.clone(),
        });
    }
    Ok(text)
}

fn load_table(
    info: &TableInfo,
    read: &impl Fn(&str) -> Result<String, String>,
) -> Result<CodeTable, CodeListError> {
    CodeTable::parse(&info.name, &load_text(info, read, true)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_list_error_has_its_message_apart_in_each_language() {
        let all = [
            CodeListError::Manifest("missing field `set_version`".into()),
            CodeListError::MissingTable("tariff".into()),
            CodeListError::Unreadable {
                file: "a / b.csv".into(),
                problem: "No such file".into(),
            },
            CodeListError::Checksum {
                file: "units.csv".into(),
            },
            CodeListError::Table {
                table: "units".into(),
                line: 4,
                problem: "empty code".into(),
            },
        ];
        for err in &all {
            crate::domain::text::assert_apart(err);
            // An override's refusal says what its cause says.
            let refused = OverrideRefused::Invalid(err.clone());
            assert_eq!(refused.message(), err.message());
        }
        crate::domain::text::assert_apart(&OverrideRefused::NotNewer {
            found: "2026.1".into(),
            current: "2026.2".into(),
        });
        assert_eq!(
            all[2].message().en,
            "Code lists: cannot read a / b.csv (No such file)"
        );
    }

    #[test]
    fn the_bundled_set_loads_and_every_checksum_matches() {
        let lists = CodeLists::bundled().unwrap();
        for id in TableId::ALL {
            assert!(!lists.table(id).is_empty(), "{id} is empty");
            assert_eq!(lists.info(id).1, &TableOrigin::Bundled);
        }
    }

    #[test]
    fn every_bundled_file_is_in_the_manifest_and_back() {
        let manifest = Manifest::parse(BUNDLED_MANIFEST).unwrap();
        assert_eq!(manifest.tables.len(), BUNDLED_FILES.len());
        for (file, _) in BUNDLED_FILES {
            assert!(manifest.tables.iter().any(|t| &t.file == file), "{file}");
        }
        for id in TableId::ALL {
            assert_eq!(TableId::from_name(id.name()), Some(id));
        }
    }

    #[test]
    fn a_changed_file_fails_its_checksum() {
        let err = CodeLists::from_sources(BUNDLED_MANIFEST, |file| {
            let text = BUNDLED_FILES
                .iter()
                .find(|(n, _)| *n == file)
                .map(|(_, t)| (*t).to_owned())
                .unwrap();
            Ok(if file == "countries.csv" {
                text + "ZZ,x,y\n"
            } else {
                text
            })
        })
        .unwrap_err();
        assert_eq!(
            err,
            CodeListError::Checksum {
                file: "countries.csv".into()
            }
        );
    }

    fn override_manifest(version: &str, text: &str) -> String {
        format!(
            "set_version = \"{version}\"\neffective = \"2027-01-01\"\ndescription = \"test\"\n\n\
             [[table]]\nname = \"payment_methods\"\nfile = \"payment_methods.csv\"\n\
             version = \"t\"\neffective = \"2027-01-01\"\nsource = \"test\"\ncomplete = true\n\
             sha256 = \"{}\"\n",
            manifest::sha256_hex(text.as_bytes())
        )
    }

    #[test]
    fn a_newer_set_replaces_only_the_tables_it_lists() {
        let bundled = CodeLists::bundled().unwrap();
        let csv = "code,name_vi,name_en\nNEWPAY,Phương thức mới,New method\n";
        let layered = bundled
            .with_override(&override_manifest("9999.1", csv), |_| Ok(csv.to_owned()))
            .unwrap();
        let payments = layered.table(TableId::PaymentMethods);
        assert!(payments.contains("NEWPAY"));
        assert_eq!(
            layered.info(TableId::PaymentMethods).1,
            &TableOrigin::Override
        );
        assert_eq!(layered.manifest().set_version, "9999.1");
        assert_eq!(
            layered.table(TableId::Countries).len(),
            bundled.table(TableId::Countries).len()
        );
    }

    #[test]
    fn an_older_or_broken_set_is_refused() {
        let bundled = CodeLists::bundled().unwrap();
        let csv = "code,name_vi,name_en\nX,x,x\n";
        let old = bundled.with_override(&override_manifest("0.1", csv), |_| Ok(csv.to_owned()));
        assert!(matches!(old, Err(OverrideRefused::NotNewer { .. })));
        let damaged = bundled.with_override(&override_manifest("9999.1", csv), |_| {
            Ok("code,name_vi,name_en\nY,y,y\n".to_owned())
        });
        assert!(matches!(
            damaged,
            Err(OverrideRefused::Invalid(CodeListError::Checksum { .. }))
        ));
        let missing = bundled.with_override(&override_manifest("9999.1", csv), |_| {
            Err("No such file".to_owned())
        });
        assert!(missing.unwrap_err().to_string().contains("No such file"));
    }
}
