//! The rows of the field table, in the order of the official form (general information, then
//! goods lines). See the module above for what each column means.
//!
//! Sources: item IDs and names from the VNACCS item layouts of IDA/IDC and EDA/EDC
//! (VNACCS-REFERENCE §3); half-width (A) / wide (W) limits in bytes as VNACCS counts them;
//! repetitions as the layouts repeat the item (BL1–BL5, C01–C50…); locked fields are KhaiBao's
//! reading of TT 38/2015 art. 20 as amended by TT 39/2018 (unverified): the fields that decide
//! the procedure, the office and the parties responsible.

use super::access::{goods, header, in_optional};
use super::{Dir, FieldDef, Kind, TableId};
use crate::domain::declaration::Direction::{Export, Import};
use crate::domain::entry::Precision;

const fn f(
    path: &'static str,
    item: Dir<&'static str>,
    vi: &'static str,
    en: &'static str,
    kind: Kind,
) -> FieldDef {
    FieldDef::new(path, item, vi, en, kind)
}

/// The same item ID in both directions.
const fn i(item: &'static str) -> Dir<&'static str> {
    Dir::same(item)
}

/// Item IDs on import and on export.
const fn ie(import: &'static str, export: &'static str) -> Dir<&'static str> {
    Dir::new(import, export)
}

const NONE: Dir<&str> = Dir::same("");

/// Every field of the declaration model, with its parts and lists.
#[rustfmt::skip]
pub const FIELDS: &[FieldDef] = &[
    f("format", NONE, "Định dạng tệp", "File format", Kind::Meta),
    f("direction", NONE, "Chiều (nhập/xuất)", "Direction", Kind::Meta),
    f("number", ie("ICN", "ECN"), "Số tờ khai", "Declaration number", Kind::Code),
    f("first_declaration", i("FIC…"), "", "", Kind::Part(Some("first_declaration.number"))),
    f("first_declaration.number", i("FIC"), "Số tờ khai đầu tiên", "First declaration number", Kind::Code)
        .half(12).access(header!(first_declaration.number)),
    f("first_declaration.sequence", i("BNO"), "Số thứ tự trên tổng số tờ khai", "Place among the declarations", Kind::Decimal(Precision::COUNT))
        .access(header!(first_declaration.sequence)),
    f("first_declaration.count", i("DNO"), "Tổng số tờ khai", "Number of declarations", Kind::Decimal(Precision::COUNT))
        .access(header!(first_declaration.count)),
    f("type_code", ie("ICB", "ECB"), "Mã loại hình", "Type code", Kind::Code)
        .code(TableId::TypeCodes).exact(3).locked().customer_default().access(header!(type_code)),
    f("cargo_class", i("CCC"), "Mã phân loại hàng hóa", "Cargo classification", Kind::Code)
        .code(TableId::CargoClasses).locked().access(header!(cargo_class)),
    f("transport_mode", i("MTC"), "Mã hiệu phương thức vận chuyển", "Transport mode", Kind::Code)
        .code(TableId::TransportModes).locked().customer_default().access(header!(transport_mode)),
    f("party_kind", i("SKB"), "Phân loại cá nhân/tổ chức", "Sender/receiver kind", Kind::Code)
        .code(TableId::PartyKinds).only(Import).locked().customer_default()
        .access(header!(party_kind)),
    f("office", i("CH"), "Cơ quan Hải quan", "Customs office", Kind::Code)
        .code(TableId::CustomsOffices).locked().customer_default().access(header!(office)),
    f("team", i("CHB"), "Mã bộ phận xử lý tờ khai", "Processing team", Kind::Code)
        .exact(2).locked().customer_default().access(header!(team)),
    f("planned_date", ie("ICD", "ECD"), "Ngày khai báo (dự kiến)", "Planned declaration date", Kind::Date)
        .access(header!(planned_date)),
    f("return_deadline", ie("RED", "RID"), "Thời hạn tái xuất", "Re-export deadline", Kind::Date)
        .export_label("Thời hạn tái nhập", "Re-import deadline").access(header!(return_deadline)),
    f("declarant", ie("IMC…", "EPC…"), "Người nhập khẩu", "Importer", Kind::Part(None))
        .export_label("Người xuất khẩu", "Exporter"),
    f("declarant.tax_code", ie("IMC", "EPC"), "Mã người nhập khẩu", "Importer tax code", Kind::Code)
        .export_label("Mã người xuất khẩu", "Exporter tax code").locked()
        .access(header!(declarant.tax_code)),
    f("declarant.name", ie("IMN", "EPN"), "Tên người nhập khẩu", "Importer name", Kind::Text)
        .export_label("Tên người xuất khẩu", "Exporter name").wide(300)
        .access(header!(declarant.name)),
    f("declarant.postcode", ie("IMY", "EPP"), "Mã bưu chính", "Postcode", Kind::Text)
        .half(7).access(header!(declarant.postcode)),
    f("declarant.address", ie("IMA", "EPA"), "Địa chỉ", "Address", Kind::Text)
        .wide(300).access(header!(declarant.address)),
    f("declarant.phone", ie("IMT", "EPT"), "Số điện thoại", "Phone number", Kind::Text)
        .half(20).access(header!(declarant.phone)),
    f("entrusting_party", ie("NMC…", "EXC…"), "", "", Kind::Part(None)),
    f("entrusting_party.tax_code", ie("NMC", "EXC"), "Mã người ủy thác", "Entrusting party tax code", Kind::Code)
        .locked().access(in_optional!(entrusting_party => tax_code)),
    f("entrusting_party.name", ie("NMN", "EXN"), "Tên người ủy thác", "Entrusting party name", Kind::Text)
        .wide(300).access(in_optional!(entrusting_party => name)),
    f("entrusting_party.postcode", ie("NMC", "EXC"), "Mã bưu chính người ủy thác", "Entrusting party postcode", Kind::Text)
        .access(in_optional!(entrusting_party => postcode)),
    f("entrusting_party.address", ie("NMC", "EXC"), "Địa chỉ người ủy thác", "Entrusting party address", Kind::Text)
        .access(in_optional!(entrusting_party => address)),
    f("entrusting_party.phone", ie("NMC", "EXC"), "Số điện thoại người ủy thác", "Entrusting party phone", Kind::Text)
        .access(in_optional!(entrusting_party => phone)),
    f("foreign_party", ie("EPC…", "CGC…"), "", "", Kind::Part(None)),
    f("foreign_party.code", ie("EPC", "CGC"), "Mã người xuất khẩu", "Consignor code", Kind::Code)
        .export_label("Mã người nhập khẩu", "Consignee code").half(13)
        .access(header!(foreign_party.code)),
    f("foreign_party.name", ie("EPN", "CGN"), "Tên người xuất khẩu", "Consignor name", Kind::Text)
        .export_label("Tên người nhập khẩu", "Consignee name").half(70)
        .access(header!(foreign_party.name)),
    f("foreign_party.postcode", ie("EPY", "CGP"), "Mã bưu chính", "Postcode", Kind::Text)
        .half(9).access(header!(foreign_party.postcode)),
    f("foreign_party.address", ie("EPA…EP4", "CGA…CAC"), "Địa chỉ", "Address", Kind::Text)
        .half(35).repeat(4),
    f("foreign_party.country", ie("EPO", "CGK"), "Mã nước", "Country", Kind::Code)
        .code(TableId::Countries).access(header!(foreign_party.country)),
    f("agent_code", ie("ICC", "ECC"), "Mã đại lý Hải quan", "Customs agent code", Kind::Code)
        .half(5).locked().customer_default().access(header!(agent_code)),
    f("bills_of_lading", ie("BL1–BL5", "EKN"), "Số vận đơn", "Bill of lading number", Kind::Text)
        .half(35).repeat_by(5, 1),
    f("packages", i("NO"), "", "", Kind::Part(Some("packages.amount"))),
    f("packages.amount", i("NO"), "Số lượng kiện", "Number of packages", Kind::Decimal(Precision::COUNT))
        .access(header!(packages.amount)),
    f("packages.unit", i("NOT"), "Mã đơn vị tính kiện", "Package kind", Kind::Code)
        .code(TableId::PackageKinds).access(header!(packages.unit)),
    f("gross_weight", i("GW"), "", "", Kind::Part(Some("gross_weight.amount"))),
    f("gross_weight.amount", i("GW"), "Tổng trọng lượng hàng (Gross)", "Gross weight", Kind::Decimal(Precision::WEIGHT))
        .access(header!(gross_weight.amount)),
    f("gross_weight.unit", i("GWT"), "Mã đơn vị tính trọng lượng", "Gross weight unit", Kind::Code)
        .code(TableId::Units).access(header!(gross_weight.unit)),
    f("storage_location", i("ST"), "Mã địa điểm lưu kho hàng chờ thông quan dự kiến", "Planned storage location", Kind::Code)
        .code(TableId::StorageLocations).access(header!(storage_location)),
    f("marks", i("MRK"), "Ký hiệu và số hiệu", "Marks and numbers", Kind::Text)
        .half(140).access(header!(marks)),
    f("vessel", i("VSC…"), "", "", Kind::Part(None)),
    f("vessel.code", i("VSC"), "Mã phương tiện vận chuyển", "Means of transport code", Kind::Code)
        .half(9).access(header!(vessel.code)),
    f("vessel.name", i("VSN"), "Tên phương tiện vận chuyển", "Means of transport name", Kind::Text)
        .half(35).access(header!(vessel.name)),
    f("arrival_date", i("ARR"), "Ngày hàng đến", "Arrival date", Kind::Date)
        .only(Import).access(header!(arrival_date)),
    f("departure_date", i("SYM"), "Ngày hàng đi dự kiến", "Planned departure date", Kind::Date)
        .only(Export).access(header!(departure_date)),
    f("loading_place", i("PSC"), "", "", Kind::Part(Some("loading_place.code"))),
    // The Vietnamese end of the journey is looked up in the locations table; the foreign end
    // is a UN/LOCODE checked for format and country only (no world table is bundled).
    f("loading_place.code", i("PSC"), "Mã địa điểm xếp hàng", "Place of loading", Kind::Code)
        .code_by(None, Some(TableId::Locations)).access(header!(loading_place.code)),
    f("loading_place.name", i("PSN"), "Tên địa điểm xếp hàng", "Place of loading name", Kind::Text)
        .half(35).access(header!(loading_place.name)),
    f("destination_place", ie("DST", "DSC"), "", "", Kind::Part(Some("destination_place.code"))),
    f("destination_place.code", ie("DST", "DSC"), "Mã địa điểm dỡ hàng", "Place of unloading", Kind::Code)
        .export_label("Mã địa điểm nhận hàng cuối cùng", "Final destination")
        .code_by(Some(TableId::Locations), None).access(header!(destination_place.code)),
    f("destination_place.name", i("DSN"), "Tên địa điểm", "Place name", Kind::Text)
        .half(35).access(header!(destination_place.name)),
    f("containers", i("C01–C50"), "Số container", "Container number", Kind::Code).repeat(50),
    f("other_law_codes", i("OL1–OL5"), "Mã văn bản pháp quy khác", "Other-law code", Kind::Code)
        .repeat(5),
    f("permits", i("SS1–SS5"), "", "", Kind::Part(None)).repeat(5),
    f("permits.kind", i("SS1–SS5"), "Phân loại giấy phép", "Permit type", Kind::Code),
    f("permits.number", i("SN1–SN5"), "Số giấy phép", "Permit number", Kind::Text).half(20),
    f("attachment_numbers", i("EA1–EA3"), "", "", Kind::Part(None)).repeat(3),
    f("attachment_numbers.class", i("EA1–EA3"), "Phân loại hồ sơ đính kèm", "Attachment class", Kind::Code)
        .half(3),
    f("attachment_numbers.number", i("EB1–EB3"), "Số đính kèm khai báo điện tử", "Electronic attachment number", Kind::Text)
        .half(12),
    f("invoice", i("IV1…"), "", "", Kind::Part(None)),
    f("invoice.kind", i("IV1"), "Phân loại hình thức hóa đơn", "Invoice kind", Kind::Code)
        .code(TableId::InvoiceKinds).access(header!(invoice.kind)),
    f("invoice.e_invoice_receipt", i("IV2"), "Số tiếp nhận hóa đơn điện tử", "E-invoice receipt number", Kind::Text)
        .access(header!(invoice.e_invoice_receipt)),
    f("invoice.number", i("IV3"), "Số hóa đơn", "Invoice number", Kind::Text)
        .half(35).access(header!(invoice.number)),
    f("invoice.date", i("IVD"), "Ngày phát hành", "Invoice date", Kind::Date)
        .access(header!(invoice.date)),
    f("invoice.payment_method", i("IVP"), "Phương thức thanh toán", "Payment method", Kind::Code)
        .code(TableId::PaymentMethods).customer_default().access(header!(invoice.payment_method)),
    f("invoice.price_kind", i("IP1"), "Mã phân loại giá hóa đơn", "Invoice price kind", Kind::Code)
        .code(TableId::PriceKinds).access(header!(invoice.price_kind)),
    f("invoice.incoterm", i("IP2"), "Điều kiện giá hóa đơn", "Delivery terms", Kind::Code)
        .code(TableId::Incoterms).customer_default().access(header!(invoice.incoterm)),
    f("invoice.currency", i("IP3"), "Mã đồng tiền của hóa đơn", "Invoice currency", Kind::Code)
        .code(TableId::Currencies).customer_default().access(header!(invoice.currency)),
    f("invoice.total", i("IP4"), "Tổng trị giá hóa đơn", "Invoice total", Kind::Decimal(Precision::VALUE))
        .access(header!(invoice.total)),
    f("valuation", i("VD1…"), "", "", Kind::Part(None)),
    f("valuation.method", i("VD1"), "Mã phân loại khai trị giá", "Valuation method", Kind::Code)
        .code(TableId::ValuationMethods).only(Import).customer_default()
        .access(header!(valuation.method)),
    f("valuation.freight", i("FR3"), "", "", Kind::Part(Some("valuation.freight.amount"))),
    f("valuation.freight.kind", i("FR1"), "Mã loại phí vận chuyển", "Freight kind", Kind::Code)
        .code(TableId::FreightKinds).access(in_optional!(valuation.freight => kind)),
    f("valuation.freight.currency", i("FR2"), "Mã tiền tệ phí vận chuyển", "Freight currency", Kind::Code)
        .code(TableId::Currencies).access(in_optional!(valuation.freight => currency)),
    f("valuation.freight.amount", i("FR3"), "Phí vận chuyển", "Freight", Kind::Decimal(Precision::VALUE))
        .access(in_optional!(valuation.freight => amount)),
    f("valuation.insurance", i("IN3"), "", "", Kind::Part(Some("valuation.insurance.amount"))),
    f("valuation.insurance.kind", i("IN1"), "Mã loại phí bảo hiểm", "Insurance kind", Kind::Code)
        .code(TableId::InsuranceKinds).access(in_optional!(valuation.insurance => kind)),
    f("valuation.insurance.currency", i("IN2"), "Mã tiền tệ phí bảo hiểm", "Insurance currency", Kind::Code)
        .code(TableId::Currencies).access(in_optional!(valuation.insurance => currency)),
    f("valuation.insurance.amount", i("IN3"), "Phí bảo hiểm", "Insurance", Kind::Decimal(Precision::VALUE))
        .access(in_optional!(valuation.insurance => amount)),
    f("valuation.adjustments", i("VR1–VR5"), "", "", Kind::Part(Some("valuation.adjustments.title")))
        .repeat(5),
    f("valuation.adjustments.title", i("VR1–VR5"), "Mã tên khoản điều chỉnh", "Adjustment title", Kind::Code)
        .code(TableId::AdjustmentTitles),
    f("valuation.adjustments.kind", i("VI1–VI5"), "Mã phân loại điều chỉnh trị giá", "Adjustment kind", Kind::Code)
        .code(TableId::AdjustmentKinds),
    f("valuation.adjustments.currency", i("VC1–VC5"), "Mã đồng tiền của khoản điều chỉnh", "Adjustment currency", Kind::Code)
        .code(TableId::Currencies),
    f("valuation.adjustments.amount", i("VP1–VP5"), "Trị giá khoản điều chỉnh", "Adjustment amount", Kind::Decimal(Precision::VALUE)),
    f("valuation.adjustments.allocation_base", i("VT1–VT5"), "Tổng hệ số phân bổ", "Adjustment allocation base", Kind::Number),
    f("valuation.details", i("VLD"), "Chi tiết khai trị giá", "Valuation details", Kind::Text)
        .wide(840).only(Import).access(header!(valuation.details)),
    f("valuation.allocation_base", i("TP"), "Tổng hệ số phân bổ trị giá", "Total allocation base", Kind::Number)
        .only(Import).access(header!(valuation.allocation_base)),
    f("export_taxable_total", i("FKK"), "", "", Kind::Part(Some("export_taxable_total.amount"))),
    f("export_taxable_total.currency", i("FCD"), "Mã tiền tệ tổng trị giá tính thuế", "Taxable value currency", Kind::Code)
        .code(TableId::Currencies).access(in_optional!(export_taxable_total => currency)),
    f("export_taxable_total.amount", i("FKK"), "Tổng trị giá tính thuế", "Total taxable value", Kind::Decimal(Precision::VALUE))
        .access(in_optional!(export_taxable_total => amount)),
    f("tax_payer", i("TPM"), "Người nộp thuế", "Tax payer", Kind::Code)
        .code(TableId::TaxPayers).locked().customer_default().access(header!(tax_payer)),
    f("payment_deadline_code", i("ENC"), "Mã xác định thời hạn nộp thuế", "Payment deadline code", Kind::Code)
        .code(TableId::PaymentDeadlines).customer_default().access(header!(payment_deadline_code)),
    f("notes", i("NT2"), "Phần ghi chú", "Notes", Kind::Text)
        .wide(300).access(header!(notes)),
    f("internal_ref", i("REF"), "Số quản lý của nội bộ doanh nghiệp", "Internal reference", Kind::Text)
        .half(20).access(header!(internal_ref)),
    f("goods", NONE, "Danh sách hàng", "Goods lines", Kind::Part(None)),
    f("goods.hs_code", i("CMD"), "Mã số hàng hóa", "HS code", Kind::Code)
        .code(TableId::Tariff).access(goods!(hs_code)),
    f("goods.description", i("CMN"), "Mô tả hàng hóa", "Goods description", Kind::Text)
        .wide(600).access(goods!(description)),
    f("goods.own_code", ie("GZC", "COC"), "Mã quản lý riêng", "Own management code", Kind::Code)
        .half(7).access(goods!(own_code)),
    f("goods.origin_country", i("OR"), "Mã nước xuất xứ", "Country of origin", Kind::Code)
        .code(TableId::Countries).access(goods!(origin_country)),
    f("goods.tariff_schedule", i("ORS"), "Mã biểu thuế nhập khẩu", "Import tariff schedule", Kind::Code)
        .code(TableId::TariffSchedules).access(goods!(tariff_schedule)),
    f("goods.co_form", i("NT2 (C/O)"), "Mẫu C/O", "Certificate of origin form", Kind::Code)
        .code(TableId::CoForms).access(goods!(co_form)),
    f("goods.out_of_quota", i("KWS"), "Mã ngoài hạn ngạch", "Out-of-quota code", Kind::Code)
        .access(goods!(out_of_quota)),
    f("goods.quantity", i("QN1"), "", "", Kind::Part(Some("goods.quantity.amount"))),
    f("goods.quantity.amount", i("QN1"), "Số lượng (1)", "Quantity (1)", Kind::Decimal(Precision::QUANTITY))
        .access(goods!(quantity.amount)),
    f("goods.quantity.unit", i("QT1"), "Mã đơn vị tính (1)", "Quantity unit (1)", Kind::Code)
        .code(TableId::Units).access(goods!(quantity.unit)),
    f("goods.quantity2", i("QN2"), "", "", Kind::Part(Some("goods.quantity2.amount"))),
    f("goods.quantity2.amount", i("QN2"), "Số lượng (2)", "Quantity (2)", Kind::Decimal(Precision::QUANTITY))
        .access(goods!(quantity2.amount)),
    f("goods.quantity2.unit", i("QT2"), "Mã đơn vị tính (2)", "Quantity unit (2)", Kind::Code)
        .code(TableId::Units).access(goods!(quantity2.unit)),
    f("goods.invoice_value", i("BPR"), "Trị giá hóa đơn", "Line invoice value", Kind::Decimal(Precision::VALUE))
        .access(goods!(invoice_value)),
    f("goods.unit_price", i("UPR"), "Đơn giá hóa đơn", "Unit price", Kind::Decimal(Precision::UNIT_PRICE))
        .access(goods!(unit_price)),
    f("goods.manual_taxable_value", i("DPR"), "", "", Kind::Part(Some("goods.manual_taxable_value.amount"))),
    f("goods.manual_taxable_value.currency", i("BPC"), "Mã đồng tiền của trị giá tính thuế", "Manual taxable value currency", Kind::Code)
        .code(TableId::Currencies),
    f("goods.manual_taxable_value.amount", i("DPR"), "Trị giá tính thuế (khai thủ công)", "Manual taxable value", Kind::Decimal(Precision::VALUE)),
    f("goods.manual_duty_rate", i("TXA"), "Thuế suất (khai thủ công)", "Manual duty rate", Kind::Number)
        .access(goods!(manual_duty_rate)),
    f("goods.absolute_duty", i("TXB"), "", "", Kind::Part(Some("goods.absolute_duty.amount_per_unit"))),
    f("goods.absolute_duty.amount_per_unit", i("TXB"), "Mức thuế tuyệt đối", "Absolute duty per unit", Kind::Number),
    f("goods.absolute_duty.unit", i("TXC"), "Mã đơn vị tính thuế tuyệt đối", "Absolute duty unit", Kind::Code),
    f("goods.absolute_duty.currency", i("TXD"), "Mã đồng tiền mức thuế tuyệt đối", "Absolute duty currency", Kind::Code),
    f("goods.adjustment_refs", i("VN1–VN5"), "Số của mục khai khoản điều chỉnh", "Adjustment numbers", Kind::Integer)
        .repeat(5),
    f("goods.exemption_code", i("RE"), "Mã miễn/giảm/không chịu thuế", "Exemption code", Kind::Code)
        .code(TableId::ExemptionCodes).access(goods!(exemption_code)),
    f("goods.reduction_amount", i("REG"), "Số tiền giảm thuế", "Reduction amount", Kind::Number)
        .access(goods!(reduction_amount)),
    f("goods.other_taxes", i("TX1–TX5"), "", "", Kind::Part(Some("goods.other_taxes.code")))
        .repeat(5),
    f("goods.other_taxes.code", i("TX1–TX5"), "Mã áp dụng thuế suất (thuế và thu khác)", "Other tax code", Kind::Code)
        .code(TableId::TaxCodes),
    f("goods.other_taxes.exemption_code", i("TR1–TR5"), "Mã miễn/giảm/không chịu thuế và thu khác", "Other tax exemption code", Kind::Code)
        .code(TableId::ExemptionCodes),
    f("goods.other_taxes.reduction_amount", i("TG1–TG5"), "Số tiền giảm thuế và thu khác", "Other tax reduction amount", Kind::Number),
    f("goods.other_taxes.manual_rate", i("TX (manual)"), "Thuế suất thuế và thu khác (khai thủ công)", "Manual other tax rate", Kind::Number),
    f("goods.other_law_codes", i("OL1–OL5"), "Mã văn bản pháp quy khác", "Other-law code", Kind::Code)
        .repeat(5),
];
