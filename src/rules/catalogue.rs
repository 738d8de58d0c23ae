//! The catalogue of validation rules: stable numbers and one-line summaries.
//!
//! A rule's code is `KB-E<number>` when it reports an error and `KB-W<number>` when it reports a
//! warning (membership in a subset table, plausibility checks). Numbers never change meaning;
//! retired numbers are not reused. `docs/findings.md` lists them for brokers.

/// One validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The 4-digit number (hundreds = group: 1 presence, 2 formats, 3 code tables, 4 cross-field, 5 dates,
    /// 6 tax assessment, 7 refusals of the simulated core).
    pub number: u16,
    /// Short Vietnamese summary.
    pub summary_vi: &'static str,
    /// Short English summary.
    pub summary_en: &'static str,
}

pub(crate) const MANDATORY_HEADER: Rule = Rule {
    number: 101,
    summary_vi: "Thiếu chỉ tiêu bắt buộc",
    summary_en: "A mandatory field is missing",
};
pub(crate) const MANDATORY_LINE: Rule = Rule {
    number: 102,
    summary_vi: "Dòng hàng thiếu chỉ tiêu bắt buộc",
    summary_en: "A goods line lacks a mandatory field",
};
pub(crate) const NO_GOODS: Rule = Rule {
    number: 103,
    summary_vi: "Tờ khai chưa có dòng hàng",
    summary_en: "The declaration has no goods line",
};
pub(crate) const REQUIRED_BY_TYPE: Rule = Rule {
    number: 104,
    summary_vi: "Chỉ tiêu bắt buộc theo mã loại hình",
    summary_en: "A field required by the type code is missing",
};
pub(crate) const REQUIRED_BY_FIELD: Rule = Rule {
    number: 105,
    summary_vi: "Chỉ tiêu bắt buộc do chỉ tiêu khác",
    summary_en: "A field required by another field's value is missing",
};
pub(crate) const NOT_ON_THIS_FORM: Rule = Rule {
    number: 106,
    summary_vi: "Chỉ tiêu không dùng trên loại tờ khai này",
    summary_en: "A field is not used on this kind of declaration",
};
pub(crate) const HS_FORMAT: Rule = Rule {
    number: 201,
    summary_vi: "Mã số hàng hóa sai định dạng",
    summary_en: "HS code has the wrong format",
};
pub(crate) const OFFICE_FORMAT: Rule = Rule {
    number: 202,
    summary_vi: "Mã cơ quan/bộ phận Hải quan sai định dạng",
    summary_en: "Customs office or team code has the wrong format",
};
pub(crate) const TAX_CODE_FORMAT: Rule = Rule {
    number: 203,
    summary_vi: "Mã số thuế sai định dạng",
    summary_en: "Tax code has the wrong format",
};
pub(crate) const ISO_CODE_FORMAT: Rule = Rule {
    number: 204,
    summary_vi: "Mã nước/tiền tệ/đơn vị tính sai định dạng",
    summary_en: "Country, currency or unit code has the wrong format",
};
pub(crate) const CODE_LENGTH: Rule = Rule {
    number: 205,
    summary_vi: "Mã sai độ dài",
    summary_en: "A code has the wrong length",
};
pub(crate) const DECIMALS: Rule = Rule {
    number: 206,
    summary_vi: "Quá nhiều chữ số thập phân",
    summary_en: "Too many decimal places",
};
pub(crate) const TOO_LONG: Rule = Rule {
    number: 207,
    summary_vi: "Nội dung quá dài",
    summary_en: "Text is too long",
};
pub(crate) const CHARACTERS: Rule = Rule {
    number: 208,
    summary_vi: "Ký tự không được phép",
    summary_en: "Characters not allowed",
};
pub(crate) const TOO_MANY: Rule = Rule {
    number: 209,
    summary_vi: "Quá số lần lặp cho phép",
    summary_en: "Too many repetitions",
};
pub(crate) const CONTAINER_FORMAT: Rule = Rule {
    number: 210,
    summary_vi: "Số container sai định dạng hoặc số kiểm tra",
    summary_en: "Container number format or check digit is wrong",
};
pub(crate) const LOCODE_FORMAT: Rule = Rule {
    number: 211,
    summary_vi: "Mã địa điểm sai định dạng",
    summary_en: "Place code has the wrong format",
};
pub(crate) const STORAGE_FORMAT: Rule = Rule {
    number: 212,
    summary_vi: "Mã địa điểm lưu kho sai định dạng",
    summary_en: "Storage location code has the wrong format",
};
pub(crate) const NOT_POSITIVE: Rule = Rule {
    number: 213,
    summary_vi: "Số lượng hoặc trị giá phải lớn hơn 0",
    summary_en: "Quantity or value must be greater than zero",
};
pub(crate) const UNREADABLE_ENTRY: Rule = Rule {
    number: 214,
    summary_vi: "Giá trị nhập không đọc được (số, ngày)",
    summary_en: "A typed value cannot be read (number, date)",
};
pub(crate) const VNACCS_ITEM: Rule = Rule {
    number: 215,
    summary_vi: "Giá trị không vừa chỉ tiêu của thông điệp VNACCS",
    summary_en: "A value does not fit its VNACCS message item",
};
pub(crate) const UNKNOWN_TYPE_CODE: Rule = Rule {
    number: 301,
    summary_vi: "Mã loại hình không có trong bảng mã",
    summary_en: "Type code not in the code table",
};
pub(crate) const UNKNOWN_OFFICE: Rule = Rule {
    number: 302,
    summary_vi: "Mã cơ quan Hải quan không có trong bảng mã",
    summary_en: "Customs office not in the code table",
};
pub(crate) const UNKNOWN_TEAM: Rule = Rule {
    number: 303,
    summary_vi: "Mã bộ phận xử lý không thuộc cơ quan Hải quan",
    summary_en: "Processing team not found for the office",
};
pub(crate) const UNKNOWN_COUNTRY: Rule = Rule {
    number: 304,
    summary_vi: "Mã nước không có trong bảng mã",
    summary_en: "Country not in the code table",
};
pub(crate) const UNKNOWN_CURRENCY: Rule = Rule {
    number: 305,
    summary_vi: "Mã tiền tệ không có trong bảng mã",
    summary_en: "Currency not in the code table",
};
pub(crate) const UNKNOWN_UNIT: Rule = Rule {
    number: 306,
    summary_vi: "Mã đơn vị tính không có trong bảng mã",
    summary_en: "Unit of measure not in the code table",
};
pub(crate) const UNKNOWN_PACKAGE: Rule = Rule {
    number: 307,
    summary_vi: "Mã loại kiện không có trong bảng mã",
    summary_en: "Package kind not in the code table",
};
pub(crate) const UNKNOWN_TRANSPORT_MODE: Rule = Rule {
    number: 308,
    summary_vi: "Mã phương thức vận chuyển không hợp lệ",
    summary_en: "Transport mode not in the code table",
};
pub(crate) const UNKNOWN_PARTY_KIND: Rule = Rule {
    number: 309,
    summary_vi: "Mã phân loại cá nhân/tổ chức không hợp lệ",
    summary_en: "Sender/receiver kind not in the code table",
};
pub(crate) const UNKNOWN_CARGO_CLASS: Rule = Rule {
    number: 310,
    summary_vi: "Mã phân loại hàng hóa không hợp lệ",
    summary_en: "Cargo classification not in the code table",
};
pub(crate) const UNKNOWN_INCOTERM: Rule = Rule {
    number: 311,
    summary_vi: "Điều kiện giá không có trong bảng mã",
    summary_en: "Delivery terms not in the code table",
};
pub(crate) const UNKNOWN_PAYMENT_METHOD: Rule = Rule {
    number: 312,
    summary_vi: "Phương thức thanh toán không có trong bảng mã",
    summary_en: "Payment method not in the code table",
};
pub(crate) const UNKNOWN_INVOICE_KIND: Rule = Rule {
    number: 313,
    summary_vi: "Phân loại hình thức hóa đơn không hợp lệ",
    summary_en: "Invoice kind not in the code table",
};
pub(crate) const UNKNOWN_PRICE_KIND: Rule = Rule {
    number: 314,
    summary_vi: "Mã phân loại giá hóa đơn không hợp lệ",
    summary_en: "Invoice price kind not in the code table",
};
pub(crate) const UNKNOWN_VALUATION_METHOD: Rule = Rule {
    number: 315,
    summary_vi: "Mã phân loại khai trị giá không hợp lệ",
    summary_en: "Valuation method not in the code table",
};
pub(crate) const UNKNOWN_FREIGHT_KIND: Rule = Rule {
    number: 316,
    summary_vi: "Mã loại phí vận chuyển không hợp lệ",
    summary_en: "Freight kind not in the code table",
};
pub(crate) const UNKNOWN_INSURANCE_KIND: Rule = Rule {
    number: 317,
    summary_vi: "Mã loại phí bảo hiểm không hợp lệ",
    summary_en: "Insurance kind not in the code table",
};
pub(crate) const UNKNOWN_ADJUSTMENT_TITLE: Rule = Rule {
    number: 318,
    summary_vi: "Mã tên khoản điều chỉnh không hợp lệ",
    summary_en: "Adjustment title not in the code table",
};
pub(crate) const UNKNOWN_ADJUSTMENT_KIND: Rule = Rule {
    number: 319,
    summary_vi: "Mã phân loại điều chỉnh không hợp lệ",
    summary_en: "Adjustment kind not in the code table",
};
pub(crate) const UNKNOWN_TAX_PAYER: Rule = Rule {
    number: 320,
    summary_vi: "Mã người nộp thuế không hợp lệ",
    summary_en: "Tax payer code not in the code table",
};
pub(crate) const UNKNOWN_PAYMENT_DEADLINE: Rule = Rule {
    number: 321,
    summary_vi: "Mã xác định thời hạn nộp thuế không hợp lệ",
    summary_en: "Payment deadline code not in the code table",
};
pub(crate) const UNKNOWN_TARIFF_SCHEDULE: Rule = Rule {
    number: 322,
    summary_vi: "Mã biểu thuế không có trong bảng mã",
    summary_en: "Tariff schedule not in the code table",
};
pub(crate) const UNKNOWN_CO_FORM: Rule = Rule {
    number: 323,
    summary_vi: "Mẫu C/O không có trong bảng mã",
    summary_en: "C/O form not in the code table",
};
pub(crate) const UNKNOWN_TAX_CODE: Rule = Rule {
    number: 324,
    summary_vi: "Mã áp dụng thuế suất không có trong bảng mã",
    summary_en: "Tax code not in the code table",
};
pub(crate) const UNKNOWN_EXEMPTION: Rule = Rule {
    number: 325,
    summary_vi: "Mã miễn/giảm thuế không có trong bảng mã",
    summary_en: "Exemption code not in the code table",
};
pub(crate) const UNKNOWN_HS: Rule = Rule {
    number: 326,
    summary_vi: "Mã số hàng hóa không có trong biểu thuế",
    summary_en: "HS code not in the tariff",
};
pub(crate) const UNKNOWN_LOCATION: Rule = Rule {
    number: 327,
    summary_vi: "Mã địa điểm Việt Nam không có trong bảng mã",
    summary_en: "Vietnamese place code not in the code table",
};
pub(crate) const UNKNOWN_STORAGE: Rule = Rule {
    number: 328,
    summary_vi: "Mã địa điểm lưu kho không có trong bảng mã",
    summary_en: "Storage location not in the code table",
};
pub(crate) const CODE_NOT_VALID_ON_DATE: Rule = Rule {
    number: 329,
    summary_vi: "Mã không còn (hoặc chưa có) hiệu lực vào ngày khai báo",
    summary_en: "The code is no longer (or not yet) valid on the declaration date",
};
pub(crate) const TYPE_DIRECTION: Rule = Rule {
    number: 401,
    summary_vi: "Mã loại hình không đúng chiều xuất/nhập",
    summary_en: "Type code belongs to the other direction",
};
pub(crate) const INVOICE_TOTAL: Rule = Rule {
    number: 402,
    summary_vi: "Tổng trị giá hóa đơn khác tổng các dòng hàng",
    summary_en: "Invoice total differs from the sum of the lines",
};
pub(crate) const LINE_VALUE: Rule = Rule {
    number: 403,
    summary_vi: "Đơn giá × số lượng khác trị giá hóa đơn của dòng",
    summary_en: "Unit price × quantity differs from the line value",
};
pub(crate) const TOO_MANY_LINES: Rule = Rule {
    number: 404,
    summary_vi: "Quá 50 dòng hàng",
    summary_en: "More than 50 goods lines",
};
pub(crate) const OFFICE_MODE: Rule = Rule {
    number: 405,
    summary_vi: "Cơ quan Hải quan không xử lý phương thức vận chuyển này",
    summary_en: "The office does not handle this transport mode",
};
pub(crate) const STORAGE_OFFICE: Rule = Rule {
    number: 407,
    summary_vi: "Địa điểm lưu kho không thuộc cơ quan Hải quan",
    summary_en: "Storage location belongs to another office",
};
pub(crate) const INSURANCE_IN_PRICE: Rule = Rule {
    number: 408,
    summary_vi: "Điều kiện giá đã gồm bảo hiểm",
    summary_en: "The delivery terms already include insurance",
};
pub(crate) const FREIGHT_IN_PRICE: Rule = Rule {
    number: 409,
    summary_vi: "Điều kiện giá đã gồm cước vận chuyển",
    summary_en: "The delivery terms already include freight",
};
pub(crate) const FREIGHT_MISSING: Rule = Rule {
    number: 410,
    summary_vi: "Thiếu phí vận chuyển để tính trị giá CIF",
    summary_en: "Freight is needed for the CIF value",
};
pub(crate) const FTA_ORIGIN: Rule = Rule {
    number: 411,
    summary_vi: "Xuất xứ không thuộc hiệp định của biểu thuế",
    summary_en: "Origin is not a party to the schedule's agreement",
};
pub(crate) const FTA_CO_FORM: Rule = Rule {
    number: 412,
    summary_vi: "Mẫu C/O không phù hợp với biểu thuế",
    summary_en: "C/O form does not match the schedule",
};
pub(crate) const FTA_RATE_UNKNOWN: Rule = Rule {
    number: 413,
    summary_vi: "Biểu thuế dữ liệu không có thuế suất ưu đãi cho dòng này",
    summary_en: "The bundled tariff has no preferential rate for this line",
};
pub(crate) const OTHER_TAX_ORDER: Rule = Rule {
    number: 414,
    summary_vi: "Thứ tự hoặc trùng lặp mã thuế khác",
    summary_en: "Other taxes out of order or repeated",
};
pub(crate) const NO_VAT_CODE: Rule = Rule {
    number: 415,
    summary_vi: "Dòng hàng nhập khẩu chưa có mã thuế GTGT",
    summary_en: "Import line without a VAT code",
};
pub(crate) const MANUAL_VALUE: Rule = Rule {
    number: 416,
    summary_vi: "Giá trị khai thủ công được ưu tiên",
    summary_en: "A manually entered value takes precedence",
};
pub(crate) const TARIFF_UNIT: Rule = Rule {
    number: 417,
    summary_vi: "Đơn vị tính khác đơn vị tính của biểu thuế",
    summary_en: "Unit differs from the tariff unit",
};
pub(crate) const ADJUSTMENT_REF: Rule = Rule {
    number: 418,
    summary_vi: "Số mục khoản điều chỉnh không tồn tại",
    summary_en: "Adjustment number does not exist",
};
pub(crate) const CURRENCY_MIX: Rule = Rule {
    number: 419,
    summary_vi: "Đồng tiền không thống nhất",
    summary_en: "Currencies do not match",
};
pub(crate) const GROSS_WEIGHT: Rule = Rule {
    number: 420,
    summary_vi: "Trọng lượng cả bì nhỏ hơn tổng trọng lượng tịnh",
    summary_en: "Gross weight below the sum of net weights",
};
pub(crate) const LOADING_IN_VN: Rule = Rule {
    number: 421,
    summary_vi: "Địa điểm xếp hàng nhập khẩu ở Việt Nam",
    summary_en: "Import loading place is in Viet Nam",
};
pub(crate) const SPECIALISED_MANAGEMENT: Rule = Rule {
    number: 422,
    summary_vi: "Mặt hàng thuộc diện quản lý chuyên ngành chưa khai giấy phép/văn bản",
    summary_en: "Goods under specialised management declared without a permit or document",
};
pub(crate) const FIRST_DECLARATION: Rule = Rule {
    number: 423,
    summary_vi: "Số tờ khai đầu tiên (FIC/BNO/DNO) không đúng cách khai",
    summary_en: "First declaration number (FIC/BNO/DNO) not declared as the guide says",
};
pub(crate) const PLANNED_DATE_PAST: Rule = Rule {
    number: 501,
    summary_vi: "Ngày khai báo dự kiến đã qua",
    summary_en: "Planned declaration date is in the past",
};
pub(crate) const RETURN_DEADLINE: Rule = Rule {
    number: 502,
    summary_vi: "Thời hạn tái xuất/tái nhập không hợp lệ",
    summary_en: "Re-export/re-import deadline is not valid",
};
pub(crate) const IMPORT_30_DAYS: Rule = Rule {
    number: 503,
    summary_vi: "Quá 30 ngày kể từ ngày hàng đến",
    summary_en: "More than 30 days after arrival",
};
pub(crate) const EXPORT_DEADLINE: Rule = Rule {
    number: 504,
    summary_vi: "Khai xuất khẩu sau thời điểm hàng đi",
    summary_en: "Export declared too late for departure",
};
pub(crate) const INVOICE_DATE: Rule = Rule {
    number: 505,
    summary_vi: "Ngày hóa đơn không hợp lý",
    summary_en: "Invoice date is not plausible",
};
pub(crate) const NO_EXCHANGE_RATE: Rule = Rule {
    number: 601,
    summary_vi: "Không có tỷ giá tính thuế",
    summary_en: "No customs exchange rate",
};
pub(crate) const RATE_UNKNOWN: Rule = Rule {
    number: 602,
    summary_vi: "Không xác định được thuế suất",
    summary_en: "The tax rate cannot be determined",
};
pub(crate) const VALUE_UNKNOWN: Rule = Rule {
    number: 603,
    summary_vi: "Không tính được trị giá tính thuế",
    summary_en: "The taxable value cannot be computed",
};
pub(crate) const QUANTITY_FOR_UNIT: Rule = Rule {
    number: 604,
    summary_vi: "Không có số lượng theo đơn vị tính thuế",
    summary_en: "No quantity in the unit the tax is charged on",
};
pub(crate) const PREFERENCE_NOT_APPLIED: Rule = Rule {
    number: 605,
    summary_vi: "Không áp dụng được thuế suất ưu đãi đặc biệt",
    summary_en: "The special preferential rate cannot be applied",
};
pub(crate) const TAX_RATE_NOT_IN_FORCE: Rule = Rule {
    number: 606,
    summary_vi: "Mã thuế không có hiệu lực vào ngày đăng ký tờ khai",
    summary_en: "The tax code is not in force on the registration date",
};
pub(crate) const VAT_REDUCTION_EXCLUDED: Rule = Rule {
    number: 607,
    summary_vi: "Hàng chịu thuế TTĐB không được giảm thuế GTGT (NĐ 174/2025/NĐ-CP)",
    summary_en: "Goods subject to SCT do not get the VAT reduction (Decree 174/2025/NĐ-CP)",
};

pub(crate) const LOCKED_FIELD_AMENDED: Rule = Rule {
    number: 701,
    summary_vi: "Chỉ tiêu không được khai sửa đổi",
    summary_en: "The field cannot be amended",
};

/// Every rule, in number order.
pub const CATALOGUE: [Rule; 85] = [
    MANDATORY_HEADER,
    MANDATORY_LINE,
    NO_GOODS,
    REQUIRED_BY_TYPE,
    REQUIRED_BY_FIELD,
    NOT_ON_THIS_FORM,
    HS_FORMAT,
    OFFICE_FORMAT,
    TAX_CODE_FORMAT,
    ISO_CODE_FORMAT,
    CODE_LENGTH,
    DECIMALS,
    TOO_LONG,
    CHARACTERS,
    TOO_MANY,
    CONTAINER_FORMAT,
    LOCODE_FORMAT,
    STORAGE_FORMAT,
    NOT_POSITIVE,
    UNREADABLE_ENTRY,
    VNACCS_ITEM,
    UNKNOWN_TYPE_CODE,
    UNKNOWN_OFFICE,
    UNKNOWN_TEAM,
    UNKNOWN_COUNTRY,
    UNKNOWN_CURRENCY,
    UNKNOWN_UNIT,
    UNKNOWN_PACKAGE,
    UNKNOWN_TRANSPORT_MODE,
    UNKNOWN_PARTY_KIND,
    UNKNOWN_CARGO_CLASS,
    UNKNOWN_INCOTERM,
    UNKNOWN_PAYMENT_METHOD,
    UNKNOWN_INVOICE_KIND,
    UNKNOWN_PRICE_KIND,
    UNKNOWN_VALUATION_METHOD,
    UNKNOWN_FREIGHT_KIND,
    UNKNOWN_INSURANCE_KIND,
    UNKNOWN_ADJUSTMENT_TITLE,
    UNKNOWN_ADJUSTMENT_KIND,
    UNKNOWN_TAX_PAYER,
    UNKNOWN_PAYMENT_DEADLINE,
    UNKNOWN_TARIFF_SCHEDULE,
    UNKNOWN_CO_FORM,
    UNKNOWN_TAX_CODE,
    UNKNOWN_EXEMPTION,
    UNKNOWN_HS,
    UNKNOWN_LOCATION,
    UNKNOWN_STORAGE,
    CODE_NOT_VALID_ON_DATE,
    TYPE_DIRECTION,
    INVOICE_TOTAL,
    LINE_VALUE,
    TOO_MANY_LINES,
    OFFICE_MODE,
    STORAGE_OFFICE,
    INSURANCE_IN_PRICE,
    FREIGHT_IN_PRICE,
    FREIGHT_MISSING,
    FTA_ORIGIN,
    FTA_CO_FORM,
    FTA_RATE_UNKNOWN,
    OTHER_TAX_ORDER,
    NO_VAT_CODE,
    MANUAL_VALUE,
    TARIFF_UNIT,
    ADJUSTMENT_REF,
    CURRENCY_MIX,
    GROSS_WEIGHT,
    LOADING_IN_VN,
    SPECIALISED_MANAGEMENT,
    FIRST_DECLARATION,
    PLANNED_DATE_PAST,
    RETURN_DEADLINE,
    IMPORT_30_DAYS,
    EXPORT_DEADLINE,
    INVOICE_DATE,
    NO_EXCHANGE_RATE,
    RATE_UNKNOWN,
    VALUE_UNKNOWN,
    QUANTITY_FOR_UNIT,
    PREFERENCE_NOT_APPLIED,
    TAX_RATE_NOT_IN_FORCE,
    VAT_REDUCTION_EXCLUDED,
    LOCKED_FIELD_AMENDED,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_unique_and_ordered() {
        for pair in CATALOGUE.windows(2) {
            assert!(
                pair[0].number < pair[1].number,
                "{} / {}",
                pair[0].number,
                pair[1].number
            );
        }
    }

    #[test]
    fn every_rule_is_documented_for_brokers() {
        let doc = include_str!("../../docs/findings.md");
        for rule in CATALOGUE {
            assert!(
                doc.contains(&format!("{:04}", rule.number)),
                "docs/findings.md lacks {:04}",
                rule.number
            );
        }
    }
}
