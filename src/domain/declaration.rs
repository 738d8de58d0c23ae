//! The declaration model: import (IDA/IDC) and export (EDA/EDC) declarations with their general
//! information and goods lines, as the broker keyed them.
//!
//! Design: a `Declaration` may be incomplete or wrong — that is what a draft is. Codes are kept
//! as the text typed (checked by `rules`, parsed into `ids` newtypes where used), amounts and
//! quantities are `rust_decimal::Decimal`, dates are calendar dates (the official form has no
//! time of day on these fields). Every field documents the VNACCS item ID it carries
//! (VNACCS-REFERENCE §3), so the wire module can map it one to one.
//!
//! Serde: every struct refuses unknown fields (a misspelt key is an error with its JSON path,
//! never silently dropped), and missing fields default to empty so that drafts load.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::DeclarationNumber;

/// The format tag written into every declaration file.
pub const FORMAT_TAG: &str = "khaibao-declaration/1";

/// Most goods lines one declaration may carry; more must be split (VNACCS-REFERENCE §3.3).
pub const MAX_GOODS_LINES: usize = 50;

/// Import or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Import declaration: IDA → IDC.
    #[default]
    Import,
    /// Export declaration: EDA → EDC.
    Export,
}

/// One import or export declaration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Declaration {
    /// Always [`FORMAT_TAG`]; lets later versions migrate old files.
    pub format: String,
    /// Import or export.
    pub direction: Direction,
    /// ICN/ECN Số tờ khai: assigned by the system at IDA/EDA; empty on a new draft.
    pub number: Option<DeclarationNumber>,
    /// FIC/BNO/DNO Số tờ khai đầu tiên: the link between the declarations of one invoice of
    /// more than 50 lines (empty otherwise).
    #[serde(skip_serializing_if = "FirstDeclaration::is_empty")]
    pub first_declaration: FirstDeclaration,
    /// ICB/ECB Mã loại hình (type code), e.g. `A11`, `B11`. Mandatory.
    pub type_code: Option<String>,
    /// CCC Mã phân loại hàng hóa (cargo classification A–K).
    pub cargo_class: Option<String>,
    /// MTC Mã hiệu phương thức vận chuyển (1 air … 9 other). Mandatory.
    pub transport_mode: Option<String>,
    /// SKB Phân loại cá nhân/tổ chức (1–5). Mandatory on imports.
    pub party_kind: Option<String>,
    /// CH Cơ quan Hải quan (branch code, `NNAA`).
    pub office: Option<String>,
    /// CHB Mã bộ phận xử lý tờ khai (2-digit team section of the branch).
    pub team: Option<String>,
    /// ICD/ECD Ngày khai báo dự kiến (planned registration date).
    pub planned_date: Option<NaiveDate>,
    /// RED Thời hạn tái xuất (import) / RID Thời hạn tái nhập (export).
    pub return_deadline: Option<NaiveDate>,
    /// Importer (IMC/IMN/IMY/IMA/IMT) on an import; exporter (EPC/EPN/EPP/EPA/EPT) on an export.
    pub declarant: Party,
    /// NMC/NMN (import) or EXC/EXN (export): the entrusting party, if any.
    pub entrusting_party: Option<Party>,
    /// EPC… consignor (import) / CGC… consignee (export) abroad.
    pub foreign_party: ForeignParty,
    /// ICC/ECC Mã đại lý Hải quan: user code of the customs agent.
    pub agent_code: Option<String>,
    /// BL1–BL5 Số vận đơn (import, up to 5) / EKN (export, one).
    pub bills_of_lading: Vec<String>,
    /// NO/NOT Số lượng kiện: package count and kind. Mandatory.
    pub packages: Quantity,
    /// GW/GWT Tổng trọng lượng hàng (gross weight).
    pub gross_weight: Quantity,
    /// ST Mã địa điểm lưu kho hàng chờ thông quan dự kiến (7 characters).
    pub storage_location: Option<String>,
    /// MRK Ký hiệu và số hiệu (marks and numbers).
    pub marks: Option<String>,
    /// VSC/VSN Phương tiện vận chuyển (call sign, vessel/flight/truck).
    pub vessel: Place,
    /// ARR Ngày hàng đến (import; mandatory).
    pub arrival_date: Option<NaiveDate>,
    /// SYM Ngày hàng đi dự kiến (export; mandatory).
    pub departure_date: Option<NaiveDate>,
    /// PSC/PSN Địa điểm xếp hàng: foreign UN/LOCODE on an import (mandatory), VN port on an export.
    pub loading_place: Place,
    /// DST/DSN Địa điểm dỡ hàng (import, VN place) / DSC/DSN Địa điểm đích (export, mandatory).
    pub destination_place: Place,
    /// C01–C50 container numbers (export) / containers listed for an import (COC count).
    pub containers: Vec<String>,
    /// OL1–OL5 Mã văn bản pháp quy khác (import header).
    pub other_law_codes: Vec<String>,
    /// SS1–5/SN1–5 Giấy phép (permit type and number).
    pub permits: Vec<Permit>,
    /// EA1–3/EB1–3 Số đính kèm khai báo điện tử: the class of an electronic dossier sent with
    /// HYS and its receipt number ([`crate::domain::dossier`]).
    pub attachment_numbers: Vec<AttachmentNumber>,
    /// IV…/IP… invoice block.
    pub invoice: Invoice,
    /// VD1/FR/IN/VR… valuation block (imports).
    pub valuation: Valuation,
    /// FCD/FKK Tổng trị giá tính thuế (export; currency and amount).
    pub export_taxable_total: Option<Money>,
    /// TPM Người nộp thuế: 1 importer/exporter, 2 customs agent.
    pub tax_payer: Option<String>,
    /// ENC Mã xác định thời hạn nộp thuế: A/B guarantee, C deferral, D pay now.
    pub payment_deadline_code: Option<String>,
    /// NT2 Phần ghi chú (contract, C/O numbers, …).
    pub notes: Option<String>,
    /// REF Số quản lý của nội bộ doanh nghiệp (internal reference).
    pub internal_ref: Option<String>,
    /// Danh sách hàng: at most 50 lines.
    pub goods: Vec<GoodsLine>,
}

impl Declaration {
    /// An empty declaration of the given direction, tagged with the current format.
    pub fn new(direction: Direction) -> Self {
        Self {
            format: FORMAT_TAG.to_owned(),
            direction,
            ..Self::default()
        }
    }

    /// Sum of the goods lines' invoice values (lines without a value count as zero).
    pub fn goods_invoice_total(&self) -> Decimal {
        self.goods.iter().filter_map(|g| g.invoice_value).sum()
    }
}

/// A Vietnamese enterprise or person on the declaration (importer, exporter, entrusting party).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Party {
    /// Mã số thuế (10 or 13 digits).
    pub tax_code: Option<String>,
    /// Tên.
    pub name: Option<String>,
    /// Mã bưu chính.
    pub postcode: Option<String>,
    /// Địa chỉ.
    pub address: Option<String>,
    /// Số điện thoại (digits, no dashes).
    pub phone: Option<String>,
}

/// The party abroad: consignor of an import, consignee of an export.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ForeignParty {
    /// EPC/CGC code, if the party is registered.
    pub code: Option<String>,
    /// EPN/CGN name (Latin characters).
    pub name: Option<String>,
    /// EPY/CGP postcode.
    pub postcode: Option<String>,
    /// EPA, EP2, EP3, EP4 / CGA… address lines (street ×2, city, country name); at most 4.
    pub address: Vec<String>,
    /// EPO/CGK country code (ISO alpha-2).
    pub country: Option<String>,
}

/// A code with a name: a place (UN/LOCODE or VN location) or a means of transport.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Place {
    /// The code.
    pub code: Option<String>,
    /// The name.
    pub name: Option<String>,
}

/// An amount with its unit of measure (quantity, weight, package count).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Quantity {
    /// The number.
    pub amount: Option<Decimal>,
    /// The unit code (UN/ECE Rec 20 for quantities, Rec 21 for packages).
    pub unit: Option<String>,
}

/// An amount of money in a currency.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Money {
    /// ISO 4217 currency code.
    pub currency: Option<String>,
    /// The amount.
    pub amount: Option<Decimal>,
}

/// SS/SN: a permit (giấy phép) type and number.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Permit {
    /// Permit type code (4 characters).
    pub kind: Option<String>,
    /// Permit number.
    pub number: Option<String>,
}

/// EA/EB: an electronic dossier (HYS) quoted in the declaration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AttachmentNumber {
    /// EA Phân loại hồ sơ đính kèm (INV, BOL, AWB, INS, CON, DM, ALL, ETC; official input guide).
    pub class: Option<String>,
    /// EB Số đính kèm khai báo điện tử: the HYS receipt number.
    pub number: Option<String>,
}

/// The commercial invoice block.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Invoice {
    /// IV1 Phân loại hình thức hóa đơn: A invoice, B substitute document, D e-invoice.
    pub kind: Option<String>,
    /// IV2 Số tiếp nhận hóa đơn điện tử (only with kind D).
    pub e_invoice_receipt: Option<String>,
    /// IV3 Số hóa đơn.
    pub number: Option<String>,
    /// IVD Ngày phát hành.
    pub date: Option<NaiveDate>,
    /// IVP Phương thức thanh toán.
    pub payment_method: Option<String>,
    /// IP1 Mã phân loại giá hóa đơn: A paid, B free of charge, C mixed, D other.
    pub price_kind: Option<String>,
    /// IP2 Điều kiện giá hóa đơn (Incoterm).
    pub incoterm: Option<String>,
    /// IP3 Mã đồng tiền của hóa đơn.
    pub currency: Option<String>,
    /// IP4 Tổng trị giá hóa đơn.
    pub total: Option<Decimal>,
}

/// The valuation block of an import declaration (Tờ khai trị giá).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Valuation {
    /// VD1 Mã phân loại khai trị giá (6 = transaction value, …).
    pub method: Option<String>,
    /// FR1–FR3 Phí vận chuyển.
    pub freight: Option<Charge>,
    /// IN1–IN3 Phí bảo hiểm.
    pub insurance: Option<Charge>,
    /// VR/VI/VC/VP/VT 1–5: adjustments (khoản điều chỉnh).
    pub adjustments: Vec<Adjustment>,
    /// VLD Chi tiết khai trị giá.
    pub details: Option<String>,
    /// TP Tổng hệ số phân bổ trị giá (defaults to the sum of line invoice values).
    pub allocation_base: Option<Decimal>,
}

/// Freight or insurance: its kind code, currency and amount.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Charge {
    /// FR1 (A–F) or IN1 (A separate, D none).
    pub kind: Option<String>,
    /// FR2/IN2 currency.
    pub currency: Option<String>,
    /// FR3/IN3 amount.
    pub amount: Option<Decimal>,
}

/// One valuation adjustment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Adjustment {
    /// VR Mã tên khoản điều chỉnh (A commission … N other).
    pub title: Option<String>,
    /// VI Mã phân loại điều chỉnh: AD add, SB subtract, IP, DP.
    pub kind: Option<String>,
    /// VC currency.
    pub currency: Option<String>,
    /// VP amount.
    pub amount: Option<Decimal>,
    /// VT Tổng hệ số phân bổ (own allocation base when it spans declarations).
    pub allocation_base: Option<Decimal>,
}

/// One goods line (dòng hàng).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct GoodsLine {
    /// CMD Mã số hàng hóa (8-digit HS code). Mandatory.
    pub hs_code: Option<String>,
    /// CMN Mô tả hàng hóa. Mandatory.
    pub description: Option<String>,
    /// GZC (import) / COC (export) Mã quản lý riêng.
    pub own_code: Option<String>,
    /// OR Mã nước xuất xứ (import; mandatory there).
    pub origin_country: Option<String>,
    /// ORS Mã biểu thuế nhập khẩu (B01 MFN, B03 ordinary, B04… FTA schedules).
    pub tariff_schedule: Option<String>,
    /// C/O form claimed for a preferential schedule (D, E, AK, `EUR.1`…). KhaiBao keeps it as a
    /// field so the preference can be checked; on the real wire the C/O goes into notes (NT2).
    pub co_form: Option<String>,
    /// KWS "X" = out of quota.
    pub out_of_quota: Option<String>,
    /// QN1/QT1 Số lượng (1): quantity in the tariff unit. Mandatory.
    pub quantity: Quantity,
    /// QN2/QT2 Số lượng (2): usually the net weight.
    pub quantity2: Quantity,
    /// BPR Trị giá hóa đơn (line invoice value).
    pub invoice_value: Option<Decimal>,
    /// UPR Đơn giá hóa đơn (unit price, in the invoice currency, per `quantity.unit`).
    pub unit_price: Option<Decimal>,
    /// DPR/BPC Trị giá tính thuế khai thủ công: a manual taxable value wins over the computed one.
    pub manual_taxable_value: Option<Money>,
    /// TXA Thuế suất khai thủ công (percent): a manual rate wins over the tariff and is flagged.
    pub manual_duty_rate: Option<Decimal>,
    /// TXB/TXC/TXD Mức thuế tuyệt đối (absolute duty per unit).
    pub absolute_duty: Option<AbsoluteDuty>,
    /// VN1–VN5: numbers (1–5) of the valuation adjustments that apply to this line.
    pub adjustment_refs: Vec<u8>,
    /// RE Mã miễn/giảm/không chịu thuế nhập khẩu (or export).
    pub exemption_code: Option<String>,
    /// REG Số tiền giảm thuế.
    pub reduction_amount: Option<Decimal>,
    /// TX/TR/TG 1–5: other taxes in order (additional duties, SCT, EPT, VAT). Imports only.
    pub other_taxes: Vec<OtherTax>,
    /// OL1–OL5 per line (export).
    pub other_law_codes: Vec<String>,
}

/// TXB/TXC/TXD: an absolute (per-unit) duty.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AbsoluteDuty {
    /// TXB amount per unit.
    pub amount_per_unit: Option<Decimal>,
    /// TXC unit the amount is per.
    pub unit: Option<String>,
    /// TXD currency of the amount.
    pub currency: Option<String>,
}

/// FIC/BNO/DNO Số tờ khai đầu tiên (the official IDA/EDA input guide): when one shipment has
/// more than 50 goods lines it is declared on several declarations; the first carries `F` in
/// FIC, each next one the first's number in FIC, its place in BNO and the total in DNO.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FirstDeclaration {
    /// FIC: `F` on the first declaration, the first one's 12-digit number on the next ones.
    pub number: Option<String>,
    /// BNO: this declaration's place among them (2, 3, …).
    pub sequence: Option<Decimal>,
    /// DNO: how many declarations in all.
    pub count: Option<Decimal>,
}

impl FirstDeclaration {
    /// Nothing given (one declaration for the shipment).
    pub fn is_empty(&self) -> bool {
        self.number.is_none() && self.sequence.is_none() && self.count.is_none()
    }
}

/// TX/TR/TG: one other tax applied to a goods line.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OtherTax {
    /// TX Mã áp dụng thuế suất: a code of the `tax_codes` table (VAT, SCT, EPT, safeguard…).
    pub code: Option<String>,
    /// TR Mã miễn/giảm/không chịu thuế.
    pub exemption_code: Option<String>,
    /// TG Số tiền giảm thuế.
    pub reduction_amount: Option<Decimal>,
    /// A manual rate (percent) or per-unit amount that wins over the code's rate, flagged.
    pub manual_rate: Option<Decimal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_declaration_is_tagged_and_empty() {
        let d = Declaration::new(Direction::Export);
        assert_eq!(d.format, FORMAT_TAG);
        assert_eq!(d.direction, Direction::Export);
        assert!(d.goods.is_empty());
    }

    #[test]
    fn an_empty_object_loads_as_an_empty_draft() {
        let d: Declaration = serde_json::from_str("{}").unwrap();
        assert_eq!(d, Declaration::default());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = serde_json::from_str::<Declaration>(r#"{"goods":[{"hs_kode":"1"}]}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("hs_kode"), "{err}");
    }

    #[test]
    fn amounts_keep_their_decimals_through_json() {
        let json = r#"{"goods":[{"invoice_value":"1234.5678","unit_price":0.1}]}"#;
        let d: Declaration = serde_json::from_str(json).unwrap();
        let line = &d.goods[0];
        assert_eq!(line.invoice_value, Some(Decimal::new(12_345_678, 4)));
        assert_eq!(line.unit_price, Some(Decimal::new(1, 1)));
        let again: Declaration = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(again, d);
    }

    #[test]
    fn goods_total_skips_missing_values() {
        let mut d = Declaration::new(Direction::Import);
        d.goods.push(GoodsLine {
            invoice_value: Some(Decimal::new(150, 1)),
            ..GoodsLine::default()
        });
        d.goods.push(GoodsLine::default());
        assert_eq!(d.goods_invoice_total(), Decimal::new(15, 0));
    }
}
