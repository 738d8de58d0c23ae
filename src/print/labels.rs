//! The printed forms' own words (titles, headings, column names) in Vietnamese and English,
//! as data. The names of declaration fields come from the field table
//! ([`crate::domain::fields::field_label`]), so the print says what the form and the window say.

use crate::domain::Direction;
use crate::domain::fields::field_label;

use super::Language;

/// A text of the print in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Label {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Label {
    /// The text in `language`.
    pub fn get(self, language: Language) -> &'static str {
        match language {
            Language::Vi => self.vi,
            Language::En => self.en,
        }
    }
}

const fn l(vi: &'static str, en: &'static str) -> Label {
    Label { vi, en }
}

pub(super) const IMPORT_TITLE: Label = l("TỜ KHAI HÀNG HÓA NHẬP KHẨU", "IMPORT GOODS DECLARATION");
pub(super) const EXPORT_TITLE: Label = l("TỜ KHAI HÀNG HÓA XUẤT KHẨU", "EXPORT GOODS DECLARATION");
pub(super) const DRAFT: Label = l(
    "(BẢN NHÁP — CHƯA ĐĂNG KÝ VỚI HẢI QUAN)",
    "(DRAFT — NOT REGISTERED WITH CUSTOMS)",
);
pub(super) const PROVISIONAL: Label = l("(THÔNG TIN KHAI BÁO TRƯỚC)", "(PROVISIONAL INFORMATION)");
pub(super) const REGISTERED: Label = l("(THÔNG BÁO KẾT QUẢ PHÂN LUỒNG)", "(LANE NOTIFICATION)");
pub(super) const CLEARED: Label = l("(THÔNG QUAN)", "(CLEARED)");
pub(super) const CANCELLED: Label = l("(ĐÃ HỦY)", "(CANCELLED)");
pub(super) const EXPIRED: Label = l("(HẾT HẠN LƯU GIỮ)", "(EXPIRED)");
pub(super) const TAX_NOTICE_TITLE: Label = l("THÔNG BÁO THUẾ", "TAX NOTICE");
pub(super) const GOODS_LIST_TITLE: Label = l("DANH SÁCH HÀNG", "GOODS LIST");
pub(super) const OF_DECLARATION: Label = l("Kèm tờ khai số", "Attached to declaration no.");
pub(super) const NOT_NUMBERED: Label = l("(chưa có số)", "(no number yet)");
pub(super) const PAGE: Label = l("Trang", "Page");
pub(super) const PRINTED: Label = l("In bằng KhaiBao lúc", "Printed by KhaiBao on");

pub(super) const GENERAL: Label = l("Thông tin chung", "General information");
pub(super) const PARTIES: Label = l("Người khai và đối tác", "Parties");
pub(super) const TRANSPORT: Label = l("Vận đơn và vận chuyển", "Transport");
pub(super) const INVOICE: Label = l("Hóa đơn và trị giá", "Invoice and value");
pub(super) const GOODS: Label = l("Danh sách hàng", "Goods lines");
pub(super) const TAX_SUMMARY: Label = l("Tổng hợp thuế", "Taxes");
pub(super) const NOTES: Label = l("Phần ghi chú", "Notes");

pub(super) const LANE: Label = l("Mã phân loại kiểm tra", "Inspection lane");
pub(super) const STATUS: Label = l("Trạng thái", "Status");
pub(super) const REGISTERED_AT: Label = l("Ngày đăng ký", "Registration date");
pub(super) const CHANGED_AT: Label = l("Ngày thay đổi đăng ký", "Date of change");
pub(super) const CLEARED_AT: Label = l("Ngày thông quan", "Clearance date");
pub(super) const OFFICE_NAME: Label = l(
    "Tên cơ quan Hải quan tiếp nhận tờ khai",
    "Customs office receiving the declaration",
);
pub(super) const ENTRUSTING: Label = l("Người ủy thác", "Entrusting party");
pub(super) const FOREIGN_IMPORT: Label = l("Người xuất khẩu (nước ngoài)", "Consignor abroad");
pub(super) const FOREIGN_EXPORT: Label = l("Người nhập khẩu (nước ngoài)", "Consignee abroad");
pub(super) const TAXABLE_TOTAL: Label =
    l("Tổng trị giá tính thuế (VND)", "Total taxable value (VND)");
pub(super) const RATES_USED: Label = l("Tỷ giá tính thuế", "Customs exchange rates");
pub(super) const NO_ASSESSMENT: Label = l(
    "Chưa tính được thuế (thiếu dữ liệu hoặc tỷ giá).",
    "The taxes could not be computed (missing data or exchange rate).",
);
pub(super) const PRELIMINARY: Label = l(
    "Số thuế do KhaiBao tính tạm trên máy, chưa phải số của Hải quan.",
    "Taxes as KhaiBao computed them locally, not customs' figures.",
);

pub(super) const NO: Label = l("STT", "No.");
pub(super) const HS: Label = l("Mã số hàng hóa", "HS code");
pub(super) const DESCRIPTION: Label = l("Mô tả hàng hóa", "Description");
pub(super) const ORIGIN: Label = l("Xuất xứ", "Origin");
pub(super) const QUANTITY: Label = l("Số lượng (1)", "Quantity (1)");
pub(super) const QUANTITY2: Label = l("Số lượng (2)", "Quantity (2)");
pub(super) const UNIT_PRICE: Label = l("Đơn giá hóa đơn", "Unit price");
pub(super) const INVOICE_VALUE: Label = l("Trị giá hóa đơn", "Invoice value");
pub(super) const TAXABLE_VALUE: Label = l("Trị giá tính thuế (VND)", "Taxable value (VND)");
pub(super) const TAX: Label = l("Sắc thuế", "Tax");
pub(super) const RATE: Label = l("Thuế suất", "Rate");
pub(super) const AMOUNT: Label = l("Số tiền thuế (VND)", "Tax amount (VND)");
pub(super) const TOTAL: Label = l("Tổng cộng", "Total");
pub(super) const TOTAL_PAYABLE: Label = l(
    "Tổng số tiền thuế phải nộp (VND)",
    "Total taxes payable (VND)",
);
pub(super) const LINE: Label = l("Dòng", "Line");
pub(super) const PAYMENT_CODE: Label = l("Mã xác định thời hạn nộp thuế", "Payment deadline code");
pub(super) const TAX_PAYER: Label = l("Người nộp thuế", "Tax payer");
pub(super) const ASSESSED_ON: Label = l("Tính theo tỷ giá ngày", "Exchange rates of");

/// The official name of a declaration field, for its direction (empty when the table has
/// none).
pub(super) fn field(path: &str, direction: Direction, language: Language) -> &'static str {
    field_label(path, direction).map_or("", |label| match language {
        Language::Vi => label.vi,
        Language::En => label.en,
    })
}
