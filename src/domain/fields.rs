//! Field catalogue: for every field path of a declaration, its official Vietnamese label, an
//! English label and the VNACCS item ID it carries. Used by validation messages and by the
//! editor's labels, so a field is named the same way everywhere.
//!
//! Paths are the JSON paths of the file format with indices removed (`goods[3].hs_code` →
//! `goods.hs_code`). Some labels depend on the direction (importer vs exporter).

use super::declaration::Direction;

/// How a field is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLabel {
    /// Official Vietnamese name (as on the VNACCS form).
    pub vi: &'static str,
    /// English name.
    pub en: &'static str,
    /// VNACCS item ID(s), import / export where they differ.
    pub item: &'static str,
}

const fn label(vi: &'static str, en: &'static str, item: &'static str) -> FieldLabel {
    FieldLabel { vi, en, item }
}

/// Removes `[n]` indices from a path: `goods[3].other_taxes[0].code` → `goods.other_taxes.code`.
pub fn field_key(path: &str) -> String {
    let mut key = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => key.push(c),
            _ => {}
        }
    }
    key
}

/// The label of a field path; `None` for a path that is not a field of the model.
#[allow(clippy::too_many_lines)] // One flat table is easier to check than a nested one.
pub fn field_label(path: &str, direction: Direction) -> Option<FieldLabel> {
    let import = direction == Direction::Import;
    let key = field_key(path);
    let l = match key.as_str() {
        "number" => label("Số tờ khai", "Declaration number", "ICN/ECN"),
        "type_code" => label("Mã loại hình", "Type code", "ICB/ECB"),
        "cargo_class" => label("Mã phân loại hàng hóa", "Cargo classification", "CCC"),
        "transport_mode" => label("Mã hiệu phương thức vận chuyển", "Transport mode", "MTC"),
        "party_kind" => label("Phân loại cá nhân/tổ chức", "Sender/receiver kind", "SKB"),
        "office" => label("Cơ quan Hải quan", "Customs office", "CH"),
        "team" => label("Mã bộ phận xử lý tờ khai", "Processing team", "CHB"),
        "planned_date" => label(
            "Ngày khai báo (dự kiến)",
            "Planned declaration date",
            "ICD/ECD",
        ),
        "return_deadline" if import => label("Thời hạn tái xuất", "Re-export deadline", "RED"),
        "return_deadline" => label("Thời hạn tái nhập", "Re-import deadline", "RID"),
        "declarant" if import => label("Người nhập khẩu", "Importer", "IMC…"),
        "declarant" => label("Người xuất khẩu", "Exporter", "EPC…"),
        "declarant.tax_code" if import => label("Mã người nhập khẩu", "Importer tax code", "IMC"),
        "declarant.tax_code" => label("Mã người xuất khẩu", "Exporter tax code", "EPC"),
        "declarant.name" if import => label("Tên người nhập khẩu", "Importer name", "IMN"),
        "declarant.name" => label("Tên người xuất khẩu", "Exporter name", "EPN"),
        "declarant.postcode" => label("Mã bưu chính", "Postcode", "IMY/EPP"),
        "declarant.address" => label("Địa chỉ", "Address", "IMA/EPA"),
        "declarant.phone" => label("Số điện thoại", "Phone number", "IMT/EPT"),
        "entrusting_party.tax_code" => {
            label("Mã người ủy thác", "Entrusting party tax code", "NMC/EXC")
        }
        "entrusting_party.name" => label("Tên người ủy thác", "Entrusting party name", "NMN/EXN"),
        "entrusting_party.postcode" | "entrusting_party.address" | "entrusting_party.phone" => {
            label(
                "Thông tin người ủy thác",
                "Entrusting party details",
                "NMC/EXC",
            )
        }
        "foreign_party.code" if import => label("Mã người xuất khẩu", "Consignor code", "EPC"),
        "foreign_party.code" => label("Mã người nhập khẩu", "Consignee code", "CGC"),
        "foreign_party.name" if import => label("Tên người xuất khẩu", "Consignor name", "EPN"),
        "foreign_party.name" => label("Tên người nhập khẩu", "Consignee name", "CGN"),
        "foreign_party.postcode" => label("Mã bưu chính", "Postcode", "EPY/CGP"),
        "foreign_party.address" => label("Địa chỉ", "Address", "EPA…EP4/CGA…CAC"),
        "foreign_party.country" => label("Mã nước", "Country", "EPO/CGK"),
        "agent_code" => label("Mã đại lý Hải quan", "Customs agent code", "ICC/ECC"),
        "bills_of_lading" => label("Số vận đơn", "Bill of lading number", "BL1–BL5/EKN"),
        "packages" | "packages.amount" => label("Số lượng kiện", "Number of packages", "NO"),
        "packages.unit" => label("Mã đơn vị tính kiện", "Package kind", "NOT"),
        "gross_weight" | "gross_weight.amount" => {
            label("Tổng trọng lượng hàng (Gross)", "Gross weight", "GW")
        }
        "gross_weight.unit" => label("Mã đơn vị tính trọng lượng", "Gross weight unit", "GWT"),
        "storage_location" => label(
            "Mã địa điểm lưu kho hàng chờ thông quan dự kiến",
            "Planned storage location",
            "ST",
        ),
        "marks" => label("Ký hiệu và số hiệu", "Marks and numbers", "MRK"),
        "vessel.code" => label(
            "Mã phương tiện vận chuyển",
            "Means of transport code",
            "VSC",
        ),
        "vessel.name" => label(
            "Tên phương tiện vận chuyển",
            "Means of transport name",
            "VSN",
        ),
        "arrival_date" => label("Ngày hàng đến", "Arrival date", "ARR"),
        "departure_date" => label("Ngày hàng đi dự kiến", "Planned departure date", "SYM"),
        "loading_place" | "loading_place.code" => {
            label("Mã địa điểm xếp hàng", "Place of loading", "PSC")
        }
        "loading_place.name" => label("Tên địa điểm xếp hàng", "Place of loading name", "PSN"),
        "destination_place" | "destination_place.code" if import => {
            label("Mã địa điểm dỡ hàng", "Place of unloading", "DST")
        }
        "destination_place" | "destination_place.code" => label(
            "Mã địa điểm nhận hàng cuối cùng",
            "Final destination",
            "DSC",
        ),
        "destination_place.name" => label("Tên địa điểm", "Place name", "DSN"),
        "containers" => label("Số container", "Container number", "C01–C50"),
        "other_law_codes" | "goods.other_law_codes" => {
            label("Mã văn bản pháp quy khác", "Other-law code", "OL1–OL5")
        }
        "permits.kind" => label("Phân loại giấy phép", "Permit type", "SS1–SS5"),
        "permits.number" => label("Số giấy phép", "Permit number", "SN1–SN5"),
        "invoice.kind" => label("Phân loại hình thức hóa đơn", "Invoice kind", "IV1"),
        "invoice.e_invoice_receipt" => label(
            "Số tiếp nhận hóa đơn điện tử",
            "E-invoice receipt number",
            "IV2",
        ),
        "invoice.number" => label("Số hóa đơn", "Invoice number", "IV3"),
        "invoice.date" => label("Ngày phát hành", "Invoice date", "IVD"),
        "invoice.payment_method" => label("Phương thức thanh toán", "Payment method", "IVP"),
        "invoice.price_kind" => label("Mã phân loại giá hóa đơn", "Invoice price kind", "IP1"),
        "invoice.incoterm" => label("Điều kiện giá hóa đơn", "Delivery terms", "IP2"),
        "invoice.currency" => label("Mã đồng tiền của hóa đơn", "Invoice currency", "IP3"),
        "invoice.total" => label("Tổng trị giá hóa đơn", "Invoice total", "IP4"),
        "valuation.method" => label("Mã phân loại khai trị giá", "Valuation method", "VD1"),
        "valuation.freight.kind" => label("Mã loại phí vận chuyển", "Freight kind", "FR1"),
        "valuation.freight.currency" => {
            label("Mã tiền tệ phí vận chuyển", "Freight currency", "FR2")
        }
        "valuation.freight" | "valuation.freight.amount" => {
            label("Phí vận chuyển", "Freight", "FR3")
        }
        "valuation.insurance.kind" => label("Mã loại phí bảo hiểm", "Insurance kind", "IN1"),
        "valuation.insurance.currency" => {
            label("Mã tiền tệ phí bảo hiểm", "Insurance currency", "IN2")
        }
        "valuation.insurance" | "valuation.insurance.amount" => {
            label("Phí bảo hiểm", "Insurance", "IN3")
        }
        "valuation.adjustments" | "valuation.adjustments.title" => {
            label("Mã tên khoản điều chỉnh", "Adjustment title", "VR1–VR5")
        }
        "valuation.adjustments.kind" => label(
            "Mã phân loại điều chỉnh trị giá",
            "Adjustment kind",
            "VI1–VI5",
        ),
        "valuation.adjustments.currency" => label(
            "Mã đồng tiền của khoản điều chỉnh",
            "Adjustment currency",
            "VC1–VC5",
        ),
        "valuation.adjustments.amount" => {
            label("Trị giá khoản điều chỉnh", "Adjustment amount", "VP1–VP5")
        }
        "valuation.adjustments.allocation_base" => label(
            "Tổng hệ số phân bổ",
            "Adjustment allocation base",
            "VT1–VT5",
        ),
        "valuation.details" => label("Chi tiết khai trị giá", "Valuation details", "VLD"),
        "valuation.allocation_base" => {
            label("Tổng hệ số phân bổ trị giá", "Total allocation base", "TP")
        }
        "export_taxable_total" | "export_taxable_total.amount" => {
            label("Tổng trị giá tính thuế", "Total taxable value", "FKK")
        }
        "export_taxable_total.currency" => label(
            "Mã tiền tệ tổng trị giá tính thuế",
            "Taxable value currency",
            "FCD",
        ),
        "tax_payer" => label("Người nộp thuế", "Tax payer", "TPM"),
        "payment_deadline_code" => label(
            "Mã xác định thời hạn nộp thuế",
            "Payment deadline code",
            "ENC",
        ),
        "notes" => label("Phần ghi chú", "Notes", "NT2"),
        "internal_ref" => label(
            "Số quản lý của nội bộ doanh nghiệp",
            "Internal reference",
            "REF",
        ),
        "goods" => label("Danh sách hàng", "Goods lines", "—"),
        "goods.hs_code" => label("Mã số hàng hóa", "HS code", "CMD"),
        "goods.description" => label("Mô tả hàng hóa", "Goods description", "CMN"),
        "goods.own_code" => label("Mã quản lý riêng", "Own management code", "GZC/COC"),
        "goods.origin_country" => label("Mã nước xuất xứ", "Country of origin", "OR"),
        "goods.tariff_schedule" => label("Mã biểu thuế nhập khẩu", "Import tariff schedule", "ORS"),
        "goods.co_form" => label("Mẫu C/O", "Certificate of origin form", "NT2 (C/O)"),
        "goods.out_of_quota" => label("Mã ngoài hạn ngạch", "Out-of-quota code", "KWS"),
        "goods.quantity" | "goods.quantity.amount" => label("Số lượng (1)", "Quantity (1)", "QN1"),
        "goods.quantity.unit" => label("Mã đơn vị tính (1)", "Quantity unit (1)", "QT1"),
        "goods.quantity2" | "goods.quantity2.amount" => {
            label("Số lượng (2)", "Quantity (2)", "QN2")
        }
        "goods.quantity2.unit" => label("Mã đơn vị tính (2)", "Quantity unit (2)", "QT2"),
        "goods.invoice_value" => label("Trị giá hóa đơn", "Line invoice value", "BPR"),
        "goods.unit_price" => label("Đơn giá hóa đơn", "Unit price", "UPR"),
        "goods.manual_taxable_value" | "goods.manual_taxable_value.amount" => label(
            "Trị giá tính thuế (khai thủ công)",
            "Manual taxable value",
            "DPR",
        ),
        "goods.manual_taxable_value.currency" => label(
            "Mã đồng tiền của trị giá tính thuế",
            "Manual taxable value currency",
            "BPC",
        ),
        "goods.manual_duty_rate" => label("Thuế suất (khai thủ công)", "Manual duty rate", "TXA"),
        "goods.absolute_duty" | "goods.absolute_duty.amount_per_unit" => {
            label("Mức thuế tuyệt đối", "Absolute duty per unit", "TXB")
        }
        "goods.absolute_duty.unit" => {
            label("Mã đơn vị tính thuế tuyệt đối", "Absolute duty unit", "TXC")
        }
        "goods.absolute_duty.currency" => label(
            "Mã đồng tiền mức thuế tuyệt đối",
            "Absolute duty currency",
            "TXD",
        ),
        "goods.adjustment_refs" => label(
            "Số của mục khai khoản điều chỉnh",
            "Adjustment numbers",
            "VN1–VN5",
        ),
        "goods.exemption_code" => label("Mã miễn/giảm/không chịu thuế", "Exemption code", "RE"),
        "goods.reduction_amount" => label("Số tiền giảm thuế", "Reduction amount", "REG"),
        "goods.other_taxes" | "goods.other_taxes.code" => label(
            "Mã áp dụng thuế suất (thuế và thu khác)",
            "Other tax code",
            "TX1–TX5",
        ),
        "goods.other_taxes.exemption_code" => label(
            "Mã miễn/giảm/không chịu thuế và thu khác",
            "Other tax exemption code",
            "TR1–TR5",
        ),
        "goods.other_taxes.reduction_amount" => label(
            "Số tiền giảm thuế và thu khác",
            "Other tax reduction amount",
            "TG1–TG5",
        ),
        "goods.other_taxes.manual_rate" => label(
            "Thuế suất thuế và thu khác (khai thủ công)",
            "Manual other tax rate",
            "TX (manual)",
        ),
        _ => return None,
    };
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_are_removed() {
        assert_eq!(
            field_key("goods[12].other_taxes[0].code"),
            "goods.other_taxes.code"
        );
        assert_eq!(field_key("invoice.total"), "invoice.total");
    }

    #[test]
    fn labels_follow_the_direction() {
        let import = field_label("declarant.tax_code", Direction::Import).unwrap();
        let export = field_label("declarant.tax_code", Direction::Export).unwrap();
        assert_eq!(import.vi, "Mã người nhập khẩu");
        assert_eq!(export.vi, "Mã người xuất khẩu");
        assert_eq!(
            field_label("goods[3].hs_code", Direction::Import)
                .unwrap()
                .item,
            "CMD"
        );
        assert!(field_label("nonsense", Direction::Import).is_none());
    }
}
