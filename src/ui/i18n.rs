//! The one table of user-interface text, Vietnamese (default) and English.
//!
//! Every string the window shows comes from [`Text::get`] (field names come from the official
//! labels in [`crate::domain::fields`], messages from the library's bilingual errors, each a
//! [`crate::domain::text::Bilingual`] picked by language). A key cannot be added without both translations: the macro takes them as a pair.

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Tiếng Việt (default).
    #[default]
    Vietnamese,
    /// English.
    English,
}

impl Language {
    /// Whether this is Vietnamese.
    pub fn is_vietnamese(self) -> bool {
        self == Self::Vietnamese
    }

    /// Picks one of two texts.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Vietnamese => vi,
            Self::English => en,
        }
    }
}

macro_rules! texts {
    ($( $(#[$doc:meta])* $key:ident => ($vi:expr, $en:expr), )*) => {
        /// A piece of interface text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text {
            $( $(#[$doc])* $key, )*
        }

        impl Text {
            /// Every key, for the completeness test.
            pub const ALL: &'static [Self] = &[$(Self::$key,)*];

            /// The text in a language.
            pub fn get(self, language: Language) -> &'static str {
                let (vi, en) = match self {
                    $( Self::$key => ($vi, $en), )*
                };
                language.pick(vi, en)
            }
        }
    };
}

texts! {
    /// Window title.
    AppTitle => ("KhaiBao — Khai báo hải quan VNACCS", "KhaiBao — VNACCS customs declarations"),
    /// Simulation badge.
    SimulationBadge => ("MÔ PHỎNG", "SIMULATION"),
    /// Language switch button.
    SwitchLanguage => ("English", "Tiếng Việt"),
    /// First-run welcome: title.
    WelcomeTitle => ("Chào mừng đến với KhaiBao", "Welcome to KhaiBao"),
    /// First-run welcome: what the program is.
    WelcomeIntro => (
        "KhaiBao giúp khai báo hải quan nhập khẩu (IDA → IDC) và xuất khẩu (EDA → EDC) trên hệ thống VNACCS/VCIS, và có sẵn một hệ thống mô phỏng để luyện tập mà không cần mạng. Bạn muốn bắt đầu thế nào?",
        "KhaiBao files import (IDA → IDC) and export (EDA → EDC) declarations on VNACCS/VCIS, and has a built-in simulator to practise on without a network. How would you like to start?"
    ),
    /// First-run welcome: practise.
    WelcomePractise => ("Luyện tập ở chế độ mô phỏng", "Practise in simulation mode"),
    /// First-run welcome: what practising does.
    WelcomePractiseDetail => (
        "Mở một tờ khai nhập khẩu mới; hệ thống mô phỏng tích hợp cấp số, tính thuế và phân luồng như thật. Không gửi gì đến hải quan.",
        "Opens a new import declaration; the built-in simulator numbers it, computes its taxes and assigns its lane as the real one does. Nothing is sent to customs."
    ),
    /// First-run welcome: set up.
    WelcomeSetUp => (
        "Thiết lập doanh nghiệp, tài khoản và chữ ký số",
        "Set up my company, account and signing token"
    ),
    /// First-run welcome: what setting up does.
    WelcomeSetUpDetail => (
        "Mở phần Cài đặt: tên và mã số thuế doanh nghiệp, tài khoản VNACCS (lưu trong kho khóa bí mật của hệ điều hành) và token chữ ký số.",
        "Opens Settings: the company's name and tax code, the VNACCS account (kept in the operating system's credential store) and the signing token."
    ),
    /// First-run welcome: neither now.
    WelcomeLater => ("Để sau", "Later"),
    /// Status after "later".
    WelcomeLaterSaid => (
        "Có thể thiết lập doanh nghiệp, tài khoản và chữ ký số bất cứ lúc nào trong Cài đặt",
        "The company, account and signing token can be set up any time in Settings"
    ),
    /// Status after choosing to practise.
    WelcomePractising => (
        "Chế độ mô phỏng: điền tờ khai rồi gửi IDA; hệ thống mô phỏng trả lời ngay",
        "Simulation mode: fill in the declaration, then send IDA; the simulator answers at once"
    ),
    /// Navigation: list.
    NavList => ("Danh sách tờ khai", "Declarations"),
    /// Navigation: editor.
    NavEditor => ("Tờ khai đang mở", "Open declaration"),
    /// Navigation: settings.
    NavSettings => ("Cài đặt", "Settings"),
    /// Navigation: simulator.
    NavSimulator => ("Hệ thống mô phỏng", "Simulator"),
    /// Navigation: customers.
    NavCustomers => ("Khách hàng", "Customers"),
    /// Customers: what the screen is for.
    CustomersHelp => ("Doanh nghiệp mà đại lý khai thay, với các chỉ tiêu mặc định điền sẵn vào tờ khai mới", "Companies the agent declares for, with the defaults filled into a new declaration"),
    /// Customers: add.
    AddCustomer => ("Thêm khách hàng", "Add customer"),
    /// Customers: the form's heading for a new one.
    NewCustomer => ("Khách hàng mới", "New customer"),
    /// Customers: the form's heading for an existing one.
    EditCustomer => ("Sửa thông tin khách hàng", "Edit customer"),
    /// Customers: none yet.
    NoCustomers => ("Chưa có khách hàng nào", "No customers yet"),
    /// Customers: tax code.
    CustomerTaxCode => ("Mã số thuế", "Tax code"),
    /// Customers: name.
    CustomerName => ("Tên doanh nghiệp", "Company name"),
    /// Customers: address.
    CustomerAddress => ("Địa chỉ", "Address"),
    /// Customers: phone.
    CustomerPhone => ("Số điện thoại", "Phone"),
    /// Customers: edit button.
    Edit => ("Sửa", "Edit"),
    /// Cancel a form.
    Cancel => ("Hủy bỏ", "Cancel"),
    /// Customers: save.
    SaveCustomer => ("Lưu khách hàng", "Save customer"),
    /// Customers: saved.
    CustomerSaved => ("Đã lưu khách hàng", "Customer saved"),
    /// Customers: deleted.
    CustomerDeleted => ("Đã xóa khách hàng (các tờ khai của khách hàng vẫn được giữ)", "Customer deleted (their declarations are kept)"),
    /// Customers: confirm delete.
    ConfirmDeleteCustomer => ("Xóa khách hàng này? Các tờ khai đã lập cho khách hàng vẫn được giữ.", "Delete this customer? The declarations made for them are kept."),
    /// Customers: new import declaration for this customer.
    NewImportForCustomer => ("Khai nhập khẩu", "Declare import"),
    /// Customers: new export declaration for this customer.
    NewExportForCustomer => ("Khai xuất khẩu", "Declare export"),
    /// Customers: a default that applies to imports only.
    ImportOnly => ("(tờ khai nhập khẩu)", "(import declarations)"),
    /// Customers: a default that applies to exports only.
    ExportOnly => ("(tờ khai xuất khẩu)", "(export declarations)"),
    /// Customers: the tax code is not one.
    CustomerTaxCodeInvalid => ("Mã số thuế sai định dạng: phải gồm 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (0101234567-001)", "The tax code has the wrong format: 10 digits, or 13 for a dependent unit (0101234567-001)"),
    /// Customers: after a default's name and value, when no code table has it.
    CodeNotInTable => ("không có trong bảng mã", "is not in the code table"),
    /// Customers: no name.
    CustomerNameMissing => ("Chưa nhập tên doanh nghiệp", "The company name is missing"),
    /// Customers: another customer has the tax code.
    CustomerTaxCodeTaken => ("Đã có khách hàng khác với mã số thuế này", "Another customer has this tax code"),
    /// List: the customer filter (by the importer's/exporter's tax code).
    FilterCustomer => ("Khách hàng", "Customer"),
    /// Watch-list: before the countdown to the next check.
    WatchNextCheck => ("Cập nhật thông quan sau", "Next clearance check in"),
    /// Watch-list: check at once.
    WatchCheckNow => ("Kiểm tra ngay", "Check now"),
    /// Watch-list: a check is running.
    WatchChecking => ("Đang kiểm tra trạng thái tờ khai…", "Checking declaration states…"),
    /// Watch-list: the banner's heading.
    WatchChanged => ("Tờ khai thay đổi trạng thái", "Declarations changed state"),
    /// Watch-list: close the banner.
    WatchDismiss => ("Đã xem", "Dismiss"),
    /// Watch-list: open the declaration named in the banner.
    WatchOpen => ("Mở tờ khai", "Open declaration"),
    /// Outbox strip: before the count of waiting jobs.
    OutboxWaiting => ("Hộp thư đi:", "Outbox:"),
    /// Outbox strip: after the count.
    OutboxJobs => ("việc chờ gửi", "jobs waiting to be sent"),
    /// Outbox: resend every waiting job now.
    OutboxResendAll => ("Gửi lại ngay", "Resend now"),
    /// Outbox: open the window.
    OutboxShow => ("Xem hộp thư đi", "Show the outbox"),
    /// Outbox window's title.
    OutboxTitle => ("Hộp thư đi — việc chờ gửi khi có kết nối", "Outbox — jobs waiting for the connection"),
    /// Outbox window: nothing waits.
    OutboxEmpty => ("Không có việc nào chờ gửi", "Nothing waits to be sent"),
    /// Outbox window: what it is.
    OutboxExplain => ("Các việc dưới đây chưa nhận được trả lời vì mất kết nối. Chúng được gửi lại tự động ở mỗi lần kiểm tra thông quan, đúng nội dung và số tham chiếu đã ký (không cần nhập lại mã PIN); Hải quan không xử lý một số tham chiếu hai lần.", "These jobs got no answer because the connection was down. They are resent at each clearance check, the exact signed bytes with the same message reference (no PIN needed again); customs never processes a reference twice."),
    /// Outbox column: the declaration.
    OutboxDeclaration => ("Tờ khai", "Declaration"),
    /// Outbox column: the job.
    OutboxJob => ("Nghiệp vụ", "Job"),
    /// Outbox column: when queued.
    OutboxQueuedAt => ("Chờ từ", "Queued at"),
    /// Outbox column: attempts.
    OutboxAttempts => ("Lần thử", "Attempts"),
    /// Outbox column: the last error.
    OutboxLastError => ("Lỗi lần cuối", "Last error"),
    /// Outbox column: the system addressed.
    OutboxSystem => ("Gửi tới hệ thống", "System"),
    /// Outbox: resend this job.
    OutboxResend => ("Gửi lại", "Resend"),
    /// Outbox: remove a job that never left.
    OutboxRemove => ("Xóa", "Remove"),
    /// Outbox: why a job cannot be removed.
    OutboxMaybeSent => ("Việc này có thể đã tới Hải quan (lần gửi trước không có trả lời): chỉ gửi lại được, để biết kết quả", "This job may have reached customs (an earlier attempt got no answer): it can only be resent, to learn the outcome"),
    /// Outbox: a job was removed.
    OutboxRemoved => ("Đã xóa việc khỏi hộp thư đi (chưa gửi)", "Removed from the outbox (never sent)"),
    /// Outbox: every job was sent.
    OutboxFlushed => ("Đã gửi hết các việc trong hộp thư đi", "Every job in the outbox was sent"),
    /// History: the system a message went to.
    HistorySystem => ("Hệ thống", "System"),
    /// Editor: print the paper form for the manual procedure and record it.
    ManualPrint => ("In để làm thủ công", "Print for manual processing"),
    ManualClearance => ("Nhập kết quả thông quan thủ công…", "Enter a manual clearance…"),
    ManualClearanceHint => ("Tờ khai đã được thông quan thủ công khi hệ thống gặp sự cố: nhập số tờ khai, luồng và ngày thông quan Hải quan đã cấp; không gửi thông điệp nào (Nghị định 87/2012/NĐ-CP, điều 15)", "The declaration was cleared by hand while the systems were down: enter the number, lane and clearance date customs gave; nothing is sent (Decree 87/2012/ND-CP, art. 15)"),
    ManualLane => ("Luồng", "Lane"),
    ManualLaneUnknown => ("Không rõ", "Not known"),
    ManualClearedOn => ("Ngày thông quan", "Cleared on"),
    ManualRecord => ("Ghi nhận", "Record"),
    ManualBadNumber => ("Số tờ khai phải gồm 12 chữ số với chữ số kiểm tra đúng", "The declaration number has 12 digits with a correct check digit"),
    ManualBadDate => ("Ngày thông quan viết dd/mm/yyyy, ví dụ 23/11/2026", "Write the clearance date dd/mm/yyyy, e.g. 23/11/2026"),
    /// Editor: what printing for the manual procedure is.
    ManualPrintHint => ("Khi hệ thống của Hải quan hoặc của người khai gặp sự cố và Hải quan đã thông báo, in tờ khai để làm thủ tục thủ công (Nghị định 87/2012/NĐ-CP, điều 15); việc in được ghi vào lịch sử tờ khai", "When the customs' or the declarant's system fails and customs has announced it, print the declaration for the manual procedure (Decree 87/2012/ND-CP, art. 15); the printing is recorded in the declaration's history"),
    /// Settings: the watch-list's interval.
    WatchInterval => ("Chu kỳ kiểm tra thông quan (phút)", "Clearance check interval (minutes)"),
    /// Settings: the interval was saved.
    WatchIntervalSaved => ("Đã lưu chu kỳ kiểm tra thông quan", "Clearance check interval saved"),
    /// New import declaration.
    NewImport => ("Tờ khai nhập khẩu mới", "New import declaration"),
    /// New export declaration.
    NewExport => ("Tờ khai xuất khẩu mới", "New export declaration"),
    /// Label of the search box.
    SearchLabel => ("Tìm kiếm", "Search"),
    /// Label of the declaration file path box.
    DeclarationFile => ("Tệp tờ khai", "Declaration file"),
    /// Search box hint.
    SearchHint => ("Tìm số tờ khai, hóa đơn, vận đơn, tên, mã số thuế, mã HS…", "Search number, invoice, B/L, name, tax code, HS code…"),
    /// Column: number.
    ColumnNumber => ("Số tờ khai", "Number"),
    /// Column: kind.
    ColumnKind => ("Loại", "Kind"),
    /// Column: title.
    ColumnTitle => ("Người XNK / hóa đơn", "Trader / invoice"),
    /// Column: state.
    ColumnState => ("Trạng thái", "Status"),
    /// Column: lane.
    ColumnLane => ("Luồng", "Lane"),
    /// Column: errors.
    ColumnErrors => ("Lỗi / cảnh báo", "Errors / warnings"),
    /// Column: updated.
    ColumnUpdated => ("Sửa lần cuối", "Last edit"),
    /// Column: actions.
    ColumnActions => ("Thao tác", "Actions"),
    /// Import.
    Import => ("Nhập khẩu", "Import"),
    /// Export.
    Export => ("Xuất khẩu", "Export"),
    /// Open button.
    Open => ("Mở", "Open"),
    /// Copy to new draft.
    CopyToNew => ("Sao chép", "Copy"),
    /// The only job of an expired declaration.
    CopyExpired => ("Sao chép thành tờ khai mới", "Copy into a new declaration"),
    /// The result tab of an expired declaration.
    ExpiredAdvice => ("Tờ khai đã hết hạn lưu giữ 7 ngày nên không đăng ký được nữa; hãy sao chép thành tờ khai mới rồi khai lại.", "The declaration passed its 7 days and can no longer be registered; copy it into a new declaration and send that."),
    /// Delete.
    Delete => ("Xóa", "Delete"),
    /// Delete confirmation.
    ConfirmDelete => ("Xóa bản nháp này? Không thể hoàn tác.", "Delete this draft? This cannot be undone."),
    /// Yes.
    Yes => ("Đồng ý", "Yes"),
    /// Cancel / no.
    No => ("Không", "No"),
    /// No declarations.
    ListEmpty => ("Chưa có tờ khai nào. Tạo tờ khai mới để bắt đầu.", "No declarations yet. Create one to start."),
    /// State draft.
    StateDraft => ("Bản nháp", "Draft"),
    /// State provisional.
    StateProvisional => ("Đã khai báo trước", "Provisional"),
    /// State expired.
    StateExpired => ("Hết hạn lưu giữ", "Expired"),
    /// State registered.
    StateRegistered => ("Đã đăng ký", "Registered"),
    /// State cleared.
    StateCleared => ("Đã thông quan", "Cleared"),
    /// State cancelled.
    StateCancelled => ("Đã hủy", "Cancelled"),
    /// Expires in.
    ExpiresIn => ("còn", "expires in"),
    /// Days.
    Days => ("ngày", "d"),
    /// Hours.
    Hours => ("giờ", "h"),
    /// Lane green.
    LaneGreen => ("Xanh", "Green"),
    /// Lane yellow.
    LaneYellow => ("Vàng", "Yellow"),
    /// Lane red.
    LaneRed => ("Đỏ", "Red"),
    /// Tab general 1.
    TabGeneral1 => ("Thông tin chung 1", "General information 1"),
    /// Tab general 2.
    TabGeneral2 => ("Thông tin chung 2", "General information 2"),
    /// Tab goods.
    TabGoods => ("Danh sách hàng", "Goods lines"),
    /// Tab taxes.
    TabTaxes => ("Thuế", "Taxes"),
    /// Tab result.
    TabResult => ("Kết quả", "Result"),
    /// Tab timeline.
    TabTimeline => ("Lịch sử thông điệp", "Messages"),
    TabDossier => ("Hồ sơ đính kèm", "Dossier"),
    DossierHelp => ("Chứng từ của hồ sơ hải quan (hóa đơn, phiếu đóng gói, vận đơn, C/O, hợp đồng, giấy phép) gửi bằng nghiệp vụ HYS; số tiếp nhận được ghi vào ô Số đính kèm khai báo điện tử (EA/EB). Tờ khai luồng vàng, đỏ chỉ được chấp nhận hồ sơ khi hồ sơ đã đến.", "The documents of the customs dossier (invoice, packing list, bill of lading, C/O, contract, permits) sent with the HYS job; the receipt number goes into the electronic attachment number (EA/EB). A yellow or red lane's documents are accepted only once they have arrived."),
    DossierSaveFirst => ("Hãy lưu tờ khai trước khi đính kèm chứng từ", "Save the declaration before attaching documents"),
    DocumentKindLabel => ("Loại chứng từ", "Document"),
    AttachFiles => ("Chọn tệp để đính kèm…", "Attach files…"),
    OrTypedFile => ("hoặc tệp", "or a file"),
    AttachmentPathHint => ("Đường dẫn tệp PDF/ảnh", "Path of a PDF or image"),
    AttachTyped => ("Đính kèm", "Attach"),
    AttachmentLimits => ("PDF, PNG, JPEG, TIFF; tối đa 5 MB một tệp, 10 tệp và 15 MB một lần gửi", "PDF, PNG, JPEG, TIFF; at most 5 MB a file, 10 files and 15 MB a sending"),
    NoAttachments => ("Chưa có chứng từ đính kèm", "No documents attached"),
    ColumnFile => ("Tệp", "File"),
    ColumnSize => ("Dung lượng", "Size"),
    ColumnSent => ("Đã gửi", "Sent"),
    ColumnChecks => ("Kiểm tra", "Checks"),
    NotSent => ("Chưa gửi", "Not sent"),
    RemoveAttachment => ("Xóa", "Remove"),
    StoredCopyIntact => ("Bản lưu nguyên vẹn", "Stored copy intact"),
    OriginalChanged => ("Tệp gốc đã thay đổi sau khi đính kèm (bản lưu là bản đã đính kèm)", "The original changed since it was attached (the stored copy is the one attached)"),
    OriginalMissing => ("Tệp gốc không còn ở chỗ cũ", "The original file is no longer there"),
    SendWithHys => ("Gửi hồ sơ đính kèm (HYS)", "Send the dossier (HYS)"),
    HysOffice => ("Cơ quan hải quan nhận", "Receiving customs office"),
    HysPhone => ("Số điện thoại liên hệ", "Contact phone"),
    HysRemarks => ("Ghi chú", "Remarks"),
    SendDossier => ("Gửi các chứng từ chưa gửi", "Send the unsent documents"),
    QuotedInDeclaration => ("Số đính kèm khai báo điện tử trên tờ khai (EA/EB)", "Quoted in the declaration (EA/EB)"),
    ExportArchive => ("Xuất hồ sơ lưu trữ (.zip)…", "Export the archive (.zip)…"),
    RetentionNote => ("Tờ khai đã đăng ký được lưu giữ 5 năm (Luật Hải quan 2014, Điều 18)", "Registered declarations are kept 5 years (Law on Customs 2014, art. 18)"),
    AttachmentNumbers => ("Số đính kèm khai báo điện tử (EA/EB)", "Electronic attachment numbers (EA/EB)"),
    Attached => ("Đã đính kèm", "Attached"),
    AttachmentRemoved => ("Đã xóa tệp đính kèm", "Attachment removed"),
    ArchiveWritten => ("Đã ghi tệp lưu trữ", "Archive written"),
    /// Save.
    Save => ("Lưu (Ctrl+S)", "Save (Ctrl+S)"),
    /// Saved.
    Saved => ("Đã lưu", "Saved"),
    /// Unsaved changes.
    Unsaved => ("Chưa lưu", "Unsaved"),
    /// Undo.
    Undo => ("Hoàn tác (Ctrl+Z)", "Undo (Ctrl+Z)"),
    /// Redo.
    Redo => ("Làm lại (Ctrl+Y)", "Redo (Ctrl+Y)"),
    /// Register provisional.
    RegisterProvisional => ("Khai báo trước (IDA/EDA)", "Register provisional (IDA/EDA)"),
    /// Send the corrected provisional information again: call-up, then IDA/EDA with the number.
    SendCorrection => ("Khai báo sửa (IDB rồi IDA / EDB rồi EDA)", "Send correction (IDB then IDA / EDB then EDA)"),
    /// Send the amendment data after IDD/EDD.
    SendAmendmentData => ("Gửi dữ liệu sửa đổi (IDA01/EDA01)", "Send amendment data (IDA01/EDA01)"),
    /// Register official.
    RegisterOfficial => ("Đăng ký tờ khai (IDC/EDC)", "Register declaration (IDC/EDC)"),
    /// Call up for amendment.
    CallUpAmendment => ("Gọi sửa đổi (IDD/EDD)", "Call up for amendment (IDD/EDD)"),
    /// Cleared declaration: the amendment of tax information after clearance (button, heading).
    AmendAfterClearance => ("Khai bổ sung sau thông quan (AMA)", "Amend after clearance (AMA)"),
    /// What the AMA form is for.
    AmendAfterClearanceHelp => (
        "Chỉ sửa các chỉ tiêu liên quan đến thuế của từng dòng hàng. Gửi AMA để xem số thuế trước và sau khi sửa và số chênh lệch, rồi đăng ký bằng AMC",
        "Only the tax items of each goods line can be changed. Send AMA to see the taxes before and after and the difference, then register it with AMC"
    ),
    /// The amendment's tab.
    TabTaxAmendment => ("Khai bổ sung sau thông quan", "Amendment after clearance"),
    /// The reason box.
    AmendmentReason => ("Lý do khai bổ sung", "Reason for the amendment"),
    /// Send AMA.
    SendTaxAmendment => ("Gửi AMA — xem chênh lệch thuế", "Send AMA — see the tax difference"),
    /// Register with AMC.
    RegisterTaxAmendment => ("Đăng ký khai bổ sung (AMC)", "Register the amendment (AMC)"),
    /// Close the form.
    CloseAmendment => ("Đóng khai bổ sung", "Close the amendment"),
    /// The amendment's number.
    AmendmentNumber => ("Số khai bổ sung", "Amendment number"),
    /// Pending.
    AmendmentPending => (
        "Đã khai báo trước (AMA), chưa đăng ký (AMC)",
        "Pre-registered (AMA), not registered yet (AMC)"
    ),
    /// Registered.
    AmendmentRegistered => ("Đã đăng ký khai bổ sung (AMC)", "Amendment registered (AMC)"),
    /// Column: goods line.
    GoodsLineColumn => ("Dòng hàng", "Goods line"),
    /// Column: item.
    ItemColumn => ("Chỉ tiêu", "Item"),
    /// Column: before.
    BeforeColumn => ("Trước khi sửa", "Before"),
    /// Column: after.
    AfterColumn => ("Sau khi sửa", "After"),
    /// Register amendment.
    RegisterAmendment => ("Đăng ký sửa đổi (IDE/EDE)", "Register amendment (IDE/EDE)"),
    /// Cancel declaration.
    CancelDeclaration => ("Hủy tờ khai", "Cancel declaration"),
    /// Ready.
    Ready => ("Sẵn sàng gửi", "Ready to submit"),
    /// Not ready.
    NotReady => ("Còn lỗi, chưa gửi được", "Has errors, cannot submit"),
    /// Findings panel title.
    Findings => ("Kết quả kiểm tra", "Findings"),
    /// No findings.
    NoFindings => ("Không có lỗi", "No findings"),
    /// The summed-up empty mandatory fields of a blank declaration (after a number).
    MissingFieldsSummary => ("chỉ tiêu bắt buộc chưa khai — bấm để xem", "mandatory fields not declared yet — click to see them"),
    /// Locked field hint.
    LockedField => ("Không được sửa đổi chỉ tiêu này", "This field cannot be amended"),
    /// Code picker title.
    Picker => ("Chọn mã (F3)", "Pick a code (F3)"),
    /// Picker hint.
    PickerHint => ("Gõ để tìm, không cần dấu; Enter chọn, Esc đóng", "Type to search, accents optional; Enter picks, Esc closes"),
    /// Settings: the list of code tables.
    CodeTableList => ("Các bảng mã đang dùng", "Code tables in use"),
    /// A complete table.
    TableComplete => ("đầy đủ", "complete"),
    /// A subset.
    TableSubset => ("một phần", "subset"),
    /// A table compiled into the program.
    TableBundled => ("kèm theo", "bundled"),
    /// A table taken in from a file.
    TableTakenIn => ("bản nhập từ tệp", "taken in from a file"),
    /// Settings: the table a file updates.
    TableToUpdate => ("Cập nhật bảng", "Update table"),
    /// Settings: the file of a new edition.
    TableFile => ("Tệp bảng mã (CSV, Excel)", "Table file (CSV, Excel)"),
    /// Settings: preview a new edition.
    PreviewTable => ("Xem trước thay đổi", "Preview the changes"),
    /// Settings: take a file that removes many rows.
    AllowRemovals => ("Vẫn dùng tệp này dù bỏ nhiều dòng (bảng được ghi là một phần)", "Use it although it removes many rows (the table is marked a subset)"),
    /// Settings: install the previewed edition.
    ApplyTable => ("Dùng bảng này (từ lần mở sau)", "Use this table (from the next start)"),
    /// Settings: back to the bundled tables.
    RollbackTables => ("Quay về bảng mã kèm theo", "Back to the bundled tables"),
    /// Settings: confirm going back to the bundled tables.
    ConfirmRollback => ("Bỏ mọi bảng đã nhập từ tệp và dùng lại bảng kèm theo (từ lần mở sau)?", "Drop every table taken in from a file and use the bundled ones again (from the next start)?"),
    /// The picker's detail of a tariff line: its rates.
    PickerRates => ("Thuế suất", "Rates"),
    /// The picker's detail: specialised management.
    SpecialisedManagement => ("Quản lý chuyên ngành", "Specialised management"),
    /// The picker's detail: a line with no specialised management.
    NoSpecialisedManagement => ("Không thuộc diện quản lý chuyên ngành theo bảng kèm theo", "No specialised management in the bundled list"),
    /// Unknown code.
    UnknownCode => ("Mã không có trong bảng", "Code not in the table"),
    /// A button that opens the system's file dialog.
    Browse => ("Chọn tệp…", "Browse…"),
    /// Date picker button and window title.
    PickDate => ("Chọn ngày", "Pick a date"),
    /// Date picker: today.
    Today => ("Hôm nay", "Today"),
    /// Date picker: previous month.
    PreviousMonth => ("Tháng trước", "Previous month"),
    /// Date picker: next month.
    NextMonth => ("Tháng sau", "Next month"),
    /// Date picker: the month shown (followed by mm/yyyy).
    MonthShown => ("Tháng", "Month"),
    /// Monday … Sunday, short.
    WeekdaysShort => ("T2 T3 T4 T5 T6 T7 CN", "Mo Tu We Th Fr Sa Su"),
    /// Add line.
    AddLine => ("Thêm dòng", "Add line"),
    /// Duplicate line.
    DuplicateLine => ("Nhân bản", "Duplicate"),
    /// Delete line.
    DeleteLine => ("Xóa dòng", "Delete line"),
    /// Move up.
    MoveUp => ("Lên", "Up"),
    /// Move down.
    MoveDown => ("Xuống", "Down"),
    /// Line count.
    Lines => ("dòng hàng (tối đa 50)", "lines (at most 50)"),
    /// Total invoice value.
    TotalValue => ("Tổng trị giá hóa đơn các dòng", "Total of line values"),
    /// Tax preview unavailable.
    TaxesUnavailable => ("Chưa tính được thuế", "Taxes cannot be computed yet"),
    /// Show explanation.
    ShowExplanation => ("Giải thích", "Explain"),
    /// After a list's label: "(mỗi dòng một, tối đa 5)".
    OnePerLineAtMost => ("mỗi dòng một, tối đa", "one per line, at most"),
    /// A goods line, in a title.
    ColumnLine => ("Dòng hàng", "Goods line"),
    /// Section of the entrusting party (NMC…/EXC…).
    EntrustingParty => ("Người ủy thác nhập khẩu / xuất khẩu (nếu có)", "Entrusting party (if any)"),
    /// Section of the valuation's freight and insurance.
    FreightAndInsurance => ("Phí vận chuyển và phí bảo hiểm", "Freight and insurance"),
    /// Section of the permits (SS1–SS5).
    Permits => ("Giấy phép", "Permits"),
    /// Section of the valuation adjustments (VR1–VR5).
    Adjustments => ("Các khoản điều chỉnh trị giá", "Valuation adjustments"),
    /// Section of a goods line's other taxes (TX1–TX5).
    OtherTaxes => ("Thuế và thu khác của dòng hàng", "Other taxes of the goods line"),
    /// Section of a goods line's details, above the grid.
    LineDetails => ("Chi tiết dòng hàng: thuế và thu khác, văn bản pháp quy", "Goods line details: other taxes, other-law codes"),
    /// A goods line's adjustment numbers that are not numbers 1–5.
    AdjustmentNumbers => ("Số của mục khai khoản điều chỉnh là số 1–5, mỗi dòng một; dòng hàng giữ số cũ cho đến khi sửa", "Adjustment numbers are 1–5, one per line; the goods line keeps the old ones until this is corrected"),
    /// Adds an entry to a repeated part.
    AddEntry => ("+ Thêm", "+ Add"),
    /// Removes an entry of a repeated part (hover text of ✕).
    RemoveEntry => ("Xóa mục này", "Remove this entry"),
    /// Total payable.
    TotalPayable => ("Tổng số thuế phải nộp", "Total taxes payable"),
    /// PIN dialog title.
    PinTitle => ("Nhập PIN của token để ký số", "Enter the token PIN to sign"),
    /// PIN field.
    Pin => ("Mã PIN", "PIN"),
    /// Sign and send.
    SignAndSend => ("Ký và gửi", "Sign and send"),
    /// Working.
    Working => ("Đang xử lý…", "Working…"),
    /// Signing and sending.
    SigningSending => ("Đang ký số và gửi…", "Signing and sending…"),
    /// Certificate to sign with.
    SigningWith => ("Ký bằng chứng thư", "Signing with"),
    /// No certificate chosen.
    NoCertificate => ("Chưa chọn chứng thư số: thông điệp sẽ gửi không ký (chỉ hệ thống mô phỏng chấp nhận). Chọn token trong Cài đặt.", "No certificate chosen: the message goes unsigned (only the simulator accepts it). Choose a token in Settings."),
    /// Practice label.
    Practice => ("LUYỆN TẬP — chỉ dùng mô phỏng", "PRACTICE — simulation only"),
    /// Result heading.
    ResultHeading => ("Kết quả từ hệ thống", "Answer from the system"),
    /// Next steps.
    NextSteps => ("Việc tiếp theo", "Next steps"),
    /// Deciding rule.
    DecidingRule => ("Luật quyết định luồng (mô phỏng)", "Deciding rule (simulation)"),
    /// Nothing sent yet.
    NothingSent => ("Chưa gửi thông điệp nào", "Nothing sent yet"),
    ViewMessage => ("Xem thông điệp", "View message"),
    HideMessage => ("Đóng thông điệp", "Close message"),
    MessageBytes => ("Thông điệp VNACCS", "VNACCS message"),
    Bytes => ("byte", "bytes"),
    /// Settings: what a classroom sign-in needs.
    CredentialsClassroom => ("Lớp học: cần mã người sử dụng (8 ký tự) và mật khẩu giảng viên đã phát (tối đa 8); chữ không dấu", "Classroom: the user code (8 characters) and the password the instructor gave (at most 8) are needed; plain characters"),
    CredentialsNeedAll => ("Cần đủ 4 ô: mã người sử dụng (8 ký tự), mật khẩu (tối đa 8), mã máy trạm (tối đa 6), khóa truy cập; chữ không dấu", "All four are needed: user code (8 characters), password (at most 8), terminal ID (at most 6), access key; plain characters"),
    MessageSimulator => ("Trả lời của hệ thống mô phỏng (ngoài thông điệp chính thức)", "The simulator's answer (beside the official message)"),
    MessageHeaderFields => ("Tiêu đề (vị trí, độ dài, trường, giá trị)", "Header (offset, width, field, value)"),
    MessageItems => ("Chỉ tiêu thông tin", "Items"),
    MessageResults => ("Mã kết quả (ý nghĩa và cách xử lý chính thức)", "Result codes (official meaning and remedy)"),
    MessageUnreadable => ("Không đọc được thông điệp", "The message cannot be read"),
    /// Sent.
    Sent => ("Gửi", "Sent"),
    /// Received.
    Received => ("Nhận", "Received"),
    /// Settings: language.
    SettingsLanguage => ("Ngôn ngữ", "Language"),
    /// Settings: theme.
    SettingsTheme => ("Giao diện", "Theme"),
    /// Light.
    Light => ("Sáng", "Light"),
    /// Dark.
    Dark => ("Tối", "Dark"),
    /// UI scale.
    Scale => ("Cỡ chữ", "Scale"),
    /// Data folder.
    DataFolder => ("Thư mục dữ liệu", "Data folder"),
    /// Connection.
    Connection => ("Kết nối", "Connection"),
    /// Live endpoint warning.
    LiveNotReachable => ("Hệ thống thật: chưa thử được từ bản này (các bài kiểm thử chỉ dùng máy mô phỏng); địa chỉ chưa được xác nhận", "Live systems: not tried from this build (its tests use the simulator only); the addresses are not confirmed"),
    ConnectionVnaccsServer => ("Máy chủ mô phỏng — thông điệp VNACCS thật (URL)", "Simulator server — real VNACCS messages (URL)"),
    ConnectionLiveVnaccs => ("VNACCS (hệ thống thật), địa chỉ do Hải quan cấp", "VNACCS (live), the address Customs gives"),
    ConnectionEcus6 => ("Hệ thống dự phòng Ecus6 của Hải quan (cùng định dạng thông điệp)", "Customs' backup system Ecus6 (same message format)"),
    CheckConnection => ("Kiểm tra kết nối (TCC)", "Check the connection (TCC)"),
    /// User.
    UserId => ("Mã người sử dụng VNACCS", "VNACCS user ID"),
    /// Code tables.
    CodeTables => ("Bảng mã", "Code tables"),
    /// Signature section.
    Signature => ("Chữ ký số", "Digital signature"),
    /// Module path.
    ModulePath => ("Thư viện PKCS#11 của token", "Token PKCS#11 library"),
    /// Test token.
    TestToken => ("Kiểm tra token", "Test token"),
    /// Use this certificate.
    UseCertificate => ("Dùng chứng thư này", "Use this certificate"),
    /// Practice token.
    MakePractice => ("Tạo token luyện tập (mô phỏng)", "Make a practice token (simulation)"),
    /// Signer name.
    SignerName => ("Họ tên người ký", "Signer name"),
    /// Tax code.
    TaxCode => ("Mã số thuế", "Tax code"),
    /// ID number.
    IdNumber => ("Số CMND/CCCD", "ID number"),
    /// Register certificate.
    RegisterCertificate => ("Đăng ký chứng thư với hải quan", "Register the certificate with customs"),
    /// Backup.
    Backup => ("Sao lưu", "Back up"),
    /// Simulated time.
    SimulatedTime => ("Giờ hệ thống mô phỏng", "Simulated time"),
    /// Advance clock.
    AdvanceDay => ("+1 ngày", "+1 day"),
    /// Advance hour.
    AdvanceHour => ("+1 giờ", "+1 hour"),
    /// Advance 7 days.
    AdvanceWeek => ("+7 ngày", "+7 days"),
    /// Officer: accept documents.
    AcceptDocuments => ("Công chức: chấp nhận hồ sơ", "Officer: accept documents"),
    RequestDocuments => ("Công chức: yêu cầu bổ sung hồ sơ", "Officer: ask for more documents"),
    /// Officer: pass inspection.
    PassInspection => ("Công chức: kiểm hóa đạt", "Officer: inspection passed"),
    /// Officer: fail inspection.
    FailInspection => ("Công chức: kiểm hóa không đạt", "Officer: inspection failed"),
    /// Officer step: the goods reached customs (import: arrived; export: in the customs area).
    GoodsAtBorder => (
        "Hàng đã đến cửa khẩu hoặc vào khu vực giám sát",
        "Goods at the border gate or in the customs area"
    ),
    /// Pay taxes.
    PayTaxes => ("Nộp thuế (mô phỏng)", "Pay taxes (simulation)"),
    /// Reset simulator.
    ResetSimulator => ("Xóa dữ liệu mô phỏng", "Reset the simulator"),
    /// Signatures required.
    RequireSignatures => ("Chữ ký số cho nghiệp vụ chính thức", "Signatures on official jobs"),
    /// Signature policy: required.
    SignaturesRequired => ("Bắt buộc (như hệ thống thật)", "Required (as the real system)"),
    /// Signature policy: optional.
    SignaturesOptional => ("Không bắt buộc (luyện tập)", "Optional (practice)"),
    /// Reset confirmation.
    ConfirmReset => ("Xóa toàn bộ dữ liệu của hệ thống mô phỏng? Không thể hoàn tác.", "Erase all of the simulator's data? This cannot be undone."),
    /// After E9990 without a certificate.
    MakePracticeHint => ("Học viên: tạo token luyện tập trong Cài đặt → Chữ ký số", "Trainees: make a practice token in Settings → Digital signature"),
    /// A search or filter without hits.
    NoMatch => ("Không có tờ khai nào khớp với tìm kiếm hoặc bộ lọc.", "No declaration matches the search or filters."),
    /// Code lists broken.
    CodeListsBroken => ("Không nạp được bảng mã; xem thông báo lỗi", "The code tables could not be loaded; see the message"),
    /// Opening.
    Starting => ("Đang mở dữ liệu…", "Opening the data…"),
    /// Choose a declaration first.
    NoDeclarationOpen => ("Chưa mở tờ khai nào", "No declaration is open"),
    /// Lines of goods header: HS.
    ColHs => ("Mã số hàng hóa", "HS code"),
    /// Description column.
    ColDescription => ("Mô tả hàng hóa", "Description"),
    /// Quantity column.
    ColQuantity => ("Số lượng", "Quantity"),
    /// Unit column.
    ColUnit => ("Đơn vị tính", "Unit"),
    /// Unit price column.
    ColUnitPrice => ("Đơn giá hóa đơn", "Unit price"),
    /// Value column.
    ColValue => ("Trị giá hóa đơn", "Invoice value"),
    /// Origin column.
    ColOrigin => ("Nước xuất xứ", "Origin"),
    /// Tax column.
    ColTax => ("Sắc thuế", "Tax"),
    /// Base column.
    ColBase => ("Trị giá tính thuế", "Taxable value"),
    /// Rate column.
    ColRate => ("Thuế suất", "Rate"),
    /// Amount column.
    ColAmount => ("Số thuế (VND)", "Amount (VND)"),
    /// Reason for cancellation.
    CancelReason => ("Lý do hủy", "Reason"),
    /// Save settings.
    SaveSettings => ("Lưu cài đặt", "Save settings"),
    /// Settings saved.
    SettingsSaved => ("Đã lưu cài đặt", "Settings saved"),
    /// After a language switch (nothing else is saved by it).
    LanguageChanged => ("Đã đổi ngôn ngữ giao diện", "Interface language changed"),
    /// After a theme or zoom change.
    DisplaySaved => ("Đã lưu cách hiển thị", "Display settings saved"),
    /// Company.
    CompanyName => ("Tên doanh nghiệp (đại lý)", "Company (agent) name"),
    /// Broker.
    BrokerName => ("Tên người khai hải quan", "Broker name"),
    /// Embedded simulator.
    ConnectionEmbedded => ("Hệ thống mô phỏng tích hợp", "Embedded simulator"),
    /// Simulator server.
    ConnectionServer => ("Máy chủ mô phỏng — giao thức JSON (URL)", "Simulator server — JSON protocol (URL)"),
    /// Apply.
    Apply => ("Áp dụng", "Apply"),
    /// Credentials heading.
    Credentials => ("Tài khoản VNACCS (lưu trong kho khóa của hệ điều hành)", "VNACCS account (kept in the operating system's credential store)"),
    /// Password.
    Password => ("Mật khẩu", "Password"),
    /// Terminal ID.
    TerminalId => ("Mã máy trạm (terminal ID)", "Terminal ID"),
    /// Access key.
    AccessKey => ("Khóa truy cập máy trạm", "Terminal access key"),
    /// Save credentials.
    SaveCredentials => ("Lưu tài khoản", "Save account"),
    /// Credentials saved.
    CredentialsSaved => ("Đã lưu tài khoản vào kho khóa của hệ điều hành", "Account saved in the operating system's credential store"),
    /// Backup file.
    BackupFile => ("Tệp sao lưu", "Backup file"),
    /// Restore.
    Restore => ("Khôi phục", "Restore"),
    /// Confirm restore.
    ConfirmRestore => ("Thay toàn bộ dữ liệu bằng tệp sao lưu? Dữ liệu hiện tại sẽ mất.", "Replace all data with the backup file? The current data will be lost."),
    /// Backup done.
    BackupDone => ("Đã sao lưu", "Backed up"),
    /// Restore done.
    RestoreDone => ("Đã khôi phục dữ liệu", "Data restored"),
    /// Open a file.
    ImportFile => ("Mở tệp tờ khai", "Open declaration file"),
    /// File path hint.
    FilePathHint => ("Đường dẫn tệp tờ khai (.khaibao, .json)", "Path of a declaration file (.khaibao, .json)"),
    /// Stop a running job.
    Stop => ("Dừng", "Stop"),
    /// Filter: all.
    FilterAll => ("Tất cả", "All"),
    /// Goods tab: import lines from a spreadsheet.
    ImportGoods => ("Nhập từ Excel/CSV…", "Import from Excel/CSV…"),
    /// Goods tab: what the import does.
    ImportGoodsHint => (
        "Đọc dòng hàng từ tệp Excel (.xlsx, .xls, .ods) hoặc CSV; xem trước từng ô trước khi nhập",
        "Reads goods lines from an Excel (.xlsx, .xls, .ods) or CSV file; every cell is previewed before anything is imported"
    ),
    /// Goods tab: export the lines.
    ExportGoods => ("Xuất Excel…", "Export to Excel…"),
    /// Goods tab: the import template.
    GoodsTemplate => ("Tệp mẫu Excel…", "Excel template…"),
    /// Save dialog title.
    SaveAs => ("Lưu thành", "Save as"),
    /// Goods tab: a spreadsheet's path.
    GoodsFilePath => ("hoặc tệp", "or file"),
    /// Goods tab: what the path box takes.
    GoodsFileHint => ("Đường dẫn tệp .xlsx/.xls/.ods/.csv", "Path of an .xlsx/.xls/.ods/.csv file"),
    /// Goods tab: read the typed path.
    ReadGoodsFile => ("Đọc tệp", "Read file"),
    /// No file was chosen in the system's dialog.
    NoFileChosen => (
        "Chưa chọn tệp nào. Nếu hộp chọn tệp không hiện ra, hãy gõ đường dẫn của tệp vào ô bên cạnh",
        "No file was chosen. If the file dialog did not appear, type the file's path in the box beside the button"
    ),
    /// Import window title.
    ImportGoodsTitle => ("Nhập dòng hàng từ tệp", "Import goods lines from a file"),
    /// Import window: the sheet.
    Sheet => ("Trang tính", "Sheet"),
    /// Import window: the header row.
    HeaderRow => ("Dòng tiêu đề", "Header row"),
    /// Import window: numbers typed as text in the Vietnamese convention.
    VietnameseNumbers => ("Số nhập kiểu Việt Nam (1.234,5)", "Numbers typed the Vietnamese way (1.234,5)"),
    /// Import window: the column mapping.
    ColumnMapping => ("Cột trong tệp → chỉ tiêu", "Column in the file → field"),
    /// Import window: a column not read.
    NotUsed => ("(không dùng)", "(not used)"),
    /// Import window: append.
    ImportAppend => ("Thêm vào sau các dòng hiện có", "Append after the current lines"),
    /// Import window: replace.
    ImportReplace => ("Thay thế các dòng hiện có", "Replace the current lines"),
    /// Import window: close without importing.
    ImportCancel => ("Thôi, không nhập", "Close without importing"),
    /// Import window: import button.
    ImportLines => ("Nhập các dòng hàng", "Import the lines"),
    /// Import window: lines read.
    LinesRead => ("Dòng hàng đọc được", "Lines read"),
    /// Import window: cells that cannot be read.
    CellProblems => ("Ô không đọc được", "Cells that cannot be read"),
    /// Import window: blank rows.
    BlankRowsSkipped => ("Dòng trống bỏ qua (số dòng)", "Blank rows skipped (row numbers)"),
    /// Import window: a total row.
    TotalRowSkipped => ("Dòng tổng cộng bỏ qua", "Total row skipped"),
    /// Import window: a needed field no column holds.
    MissingColumn => ("Chú ý: không cột nào là", "Note: no column holds"),
    /// Import window preview: the sheet row.
    PreviewRow => ("Dòng", "Row"),
    /// Import window preview: HS code.
    PreviewHs => ("Mã HS", "HS code"),
    /// Import window preview: description.
    PreviewDescription => ("Mô tả hàng hóa", "Description"),
    /// Import window preview: quantity.
    PreviewQuantity => ("Số lượng", "Quantity"),
    /// Import window preview: value.
    PreviewValue => ("Trị giá hóa đơn", "Invoice value"),
    /// The import is done and its mapping remembered.
    GoodsImported => (
        "Đã nhập dòng hàng; cách đọc các cột được ghi nhớ cho khách hàng này",
        "Goods lines imported; the column mapping is remembered for this customer"
    ),
    /// Line details: fill from history.
    FillFromHistory => ("Gợi ý từ lịch sử", "Fill from history"),
    /// Line details: what fill from history does.
    FillFromHistoryHint => (
        "Tìm mã hàng hoặc mô tả này trong các tờ khai đã được chấp nhận của khách hàng và gợi ý mã HS, mô tả, đơn vị tính, thuế",
        "Looks for this product code or description in the customer's accepted declarations and suggests the HS code, description, units and taxes"
    ),
    /// Import window: more lines than one declaration takes.
    SplitNeeded => (
        "Một tờ khai có tối đa 50 dòng hàng; số dòng của hóa đơn",
        "A declaration has at most 50 goods lines; lines on the invoice"
    ),
    /// Import window: split.
    SplitIntoDrafts => ("Tách thành các tờ khai nháp", "Split into draft declarations"),
    /// Import window: what the split does.
    SplitHint => (
        "Mỗi tờ khai tối đa 50 dòng, cùng hóa đơn; phí vận chuyển, bảo hiểm, trọng lượng và số kiện được phân bổ, tổng khớp từng đồng; tờ khai này là tờ khai đầu tiên (F)",
        "At most 50 lines each, same invoice; freight, insurance, weight and packages shared out, totals exact; this declaration becomes the first (F)"
    ),
    /// Editor: keep as a template.
    SaveAsTemplate => ("Lưu làm mẫu…", "Save as template…"),
    /// Template window: for every customer.
    TemplateForAll => ("Mẫu dùng cho mọi khách hàng", "A template for every customer"),
    /// Template window: for this customer.
    TemplateForCustomer => ("Mẫu của khách hàng", "A template of the customer"),
    /// Template window: the name.
    TemplateName => ("Tên mẫu", "Template name"),
    /// Template window: what is cleared.
    TemplateClears => (
        "Số tờ khai, ngày, số hóa đơn, vận đơn, container và giấy phép không lưu vào mẫu",
        "The number, dates, invoice number, bills of lading, containers and permits are not kept in the template"
    ),
    /// Template window: save.
    SaveTemplate => ("Lưu mẫu", "Save template"),
    /// Template saved.
    TemplateSaved => ("Đã lưu mẫu tờ khai", "Template saved"),
    /// Template deleted.
    TemplateDeleted => ("Đã xóa mẫu tờ khai", "Template deleted"),
    /// List: templates.
    Templates => ("Mẫu tờ khai", "Templates"),
    /// List: no template.
    NoTemplates => ("Chưa có mẫu nào: mở một tờ khai và chọn «Lưu làm mẫu…»", "No template yet: open a declaration and choose «Save as template…»"),
    /// List: a new declaration from a template.
    FromTemplate => ("Tạo tờ khai", "New declaration"),
    /// List: delete a template.
    DeleteTemplate => ("Xóa mẫu", "Delete template"),
    /// List: template for all customers.
    AllCustomers => ("mọi khách hàng", "every customer"),
    /// Line details: no earlier line.
    NoHistory => ("Không có dòng hàng nào trước đây khớp", "No earlier line matches"),
    /// Print the open declaration to a PDF file.
    PrintPdf => ("In tờ khai (PDF)", "Print (PDF)"),
    /// Title of the dialog that chooses where the PDF goes.
    SavePdf => ("Lưu tờ khai thành tệp PDF", "Save the declaration as PDF"),
    /// The PDF was written and handed to the viewer.
    Printed => ("Đã lưu tệp PDF và mở bằng trình xem PDF", "PDF saved and opened in the PDF viewer"),
    /// Top bar: the exercises (trainee mode).
    NavExercises => ("Bài tập", "Exercises"),
    /// Exercises screen heading.
    ExercisesHeading => ("Bài tập thực hành khai báo", "Declaration exercises"),
    /// Exercises screen: what it is.
    ExercisesHelp => ("Mỗi bài là một lô hàng với bộ chứng từ (hóa đơn, phiếu đóng gói, vận đơn, C/O). Hãy lập tờ khai từ chứng từ rồi chấm điểm: chương trình so từng chỉ tiêu với đáp án, tính thuế và phân luồng, chỉ ra chỗ sai và gợi ý. Mọi lần làm được lưu lại.", "Each exercise is a shipment with its documents (invoice, packing list, bill of lading, C/O). Fill the declaration from them, then score it: each field is compared with the answer key, taxes and lane are computed, and each difference comes with a hint. Every attempt is kept."),
    /// Exercises list: level column.
    ExerciseLevel => ("Mức", "Level"),
    /// Exercises list: title column.
    ExerciseTitle => ("Bài", "Exercise"),
    /// Exercises list: what it teaches.
    ExerciseTeaches => ("Nội dung học", "What it teaches"),
    /// Exercises list: attempts and best score.
    ExerciseBest => ("Số lần làm · điểm cao nhất", "Attempts · best"),
    /// Start the selected exercise.
    StartExercise => ("Bắt đầu làm bài", "Start the exercise"),
    /// The selected exercise's scores over time.
    ExerciseProgress => ("Điểm các lần làm", "Scores of the attempts"),
    /// No attempt yet.
    NoAttempts => ("Chưa làm lần nào", "No attempt yet"),
    /// Editor side panel: the exercise's situation.
    ExerciseScenario => ("Tình huống", "Situation"),
    /// Editor side panel: the documents.
    ExerciseDocuments => ("Chứng từ", "Documents"),
    /// Commercial invoice.
    DocInvoice => ("Hóa đơn thương mại", "Commercial invoice"),
    /// Packing list.
    DocPackingList => ("Phiếu đóng gói", "Packing list"),
    /// Bill of lading / air waybill.
    DocTransport => ("Vận đơn", "Bill of lading / air waybill"),
    /// Certificate of origin.
    DocOrigin => ("Giấy chứng nhận xuất xứ (C/O)", "Certificate of origin (C/O)"),
    /// Editor side panel: hints.
    ExerciseHints => ("Gợi ý từng bước", "Step-by-step hints"),
    /// Previous hint.
    HintPrevious => ("◀ Bước trước", "◀ Previous step"),
    /// Next hint.
    HintNext => ("Bước tiếp ▶", "Next step ▶"),
    /// Score the declaration against the key.
    ScoreExercise => ("Chấm điểm", "Score"),
    /// Score heading.
    ExerciseScore => ("Điểm", "Score"),
    /// Full marks.
    FullMarks => ("Đúng hoàn toàn — làm tốt lắm!", "All correct — well done!"),
    /// Differences table: expected.
    Expected => ("Đáp án", "Expected"),
    /// Differences table: given.
    Given => ("Đã khai", "Given"),
    /// Differences table: hint.
    Hint => ("Gợi ý", "Hint"),
    /// Differences table: the key's value for a field left empty (not given away).
    ExpectedHidden => ("(chưa hiện — điền trước đã)", "(not shown until you fill it in)"),
    /// Differences table: the field.
    FieldColumn => ("Chỉ tiêu", "Field"),
    /// Taxes and lane computed locally (not sent to the simulator).
    ScoredLocally => ("Thuế và luồng được tính ngay trên máy theo biểu thuế và quy tắc phân luồng (chưa gửi hệ thống mô phỏng).", "Taxes and lane computed here from the tariff and the lane rules (not sent to the simulator)."),
    /// Close the exercise panel.
    CloseExercise => ("Đóng bài tập", "Close the exercise"),
    /// The simulator's explanation of an answer.
    Explanation => ("Giải thích (hệ thống mô phỏng)", "Explanation (simulator)"),
    /// Why this lane.
    WhyThisLane => ("Vì sao luồng này", "Why this lane"),
    /// How the taxes were computed.
    HowTaxesWereComputed => ("Cách tính thuế (trị giá tính thuế × thuế suất):", "How the taxes were computed (taxable value × rate):"),
    /// The official meaning of a result code.
    OfficialMeaning => ("Ý nghĩa chính thức", "Official meaning (Vietnamese)"),
    /// The official remedy of a result code.
    OfficialRemedy => ("Cách xử lý chính thức", "Official remedy (Vietnamese)"),
    /// The window of the exercise being done, beside the form.
    ExerciseWindow => ("Bài đang làm", "Exercise in progress"),
    /// An attempt was scored and kept.
    AttemptKept => ("Đã chấm điểm và lưu lần làm này", "Scored; the attempt is kept"),
    /// Top bar: the instructor's view of a classroom.
    NavClass => ("Lớp học", "Class"),
    /// Class screen heading.
    ClassHeading => ("Lớp học — theo dõi của giảng viên", "Class — the instructor's view"),
    /// Class screen: what it shows.
    ClassHelp => ("Mọi tờ khai (số, trạng thái, luồng) và điểm bài tập của từng học viên trên máy chủ lớp học; tự cập nhật 5 giây một lần khi màn hình này mở. Điểm là điểm chương trình của học viên chấm và gửi lên.", "Every trainee's declarations (number, status, lane) and exercise scores on the classroom server; read again every 5 seconds while this screen is open. Scores are those each trainee's program computed and sent."),
    /// Class screen: read it again now.
    ClassRefresh => ("Làm mới", "Refresh"),
    /// Class screen: when it was last read.
    ClassUpdated => ("Cập nhật lúc", "Updated at"),
    /// Class screen: the first read is running.
    ClassLoading => ("Đang tải danh sách lớp…", "Reading the class…"),
    /// Class screen outside a classroom.
    ClassNotConnected => ("Chưa kết nối với máy chủ lớp học. Trong Cài đặt, chọn \"Máy chủ mô phỏng\" với địa chỉ https://… của lớp, nhập mã người sử dụng của giảng viên, lưu mật khẩu trong Tài khoản VNACCS, rồi bấm Áp dụng.", "Not connected to a classroom server. In Settings, choose \"Simulator server\" with the class's https://… address, enter the instructor's user ID, save its password under VNACCS account, then Apply."),
    /// Class screen: name column.
    ClassName => ("Họ tên", "Name"),
    /// Class screen: declarations column.
    ClassDeclarations => ("Số tờ khai", "Declarations"),
    /// Class screen: exercises column.
    ClassScores => ("Bài tập đã làm", "Exercises done"),
    /// Class screen: an instructor of the roster.
    ClassInstructor => ("giảng viên", "instructor"),
    /// Class screen: trainees (after a count).
    ClassTrainees => ("học viên", "trainees"),
    /// Class screen: one trainee (after 1).
    ClassTrainee => ("học viên", "trainee"),
    /// Class screen: declarations (after a count).
    ClassDeclarationsCount => ("tờ khai", "declarations"),
    /// Class screen: one declaration (after 1).
    ClassDeclarationOne => ("tờ khai", "declaration"),
    /// Class screen: exercises tried (after a count).
    ClassExercisesDone => ("bài", "exercises"),
    /// Class screen: one exercise tried (after 1).
    ClassExerciseDone => ("bài", "exercise"),
    /// Class screen: the mean of the best scores.
    ClassMeanBest => ("điểm cao nhất trung bình", "mean best"),
    /// Class screen: the best attempt.
    ClassBest => ("cao nhất", "best"),
    /// Class screen: the latest attempt.
    ClassLast => ("lần cuối", "last"),
    /// Class screen: attempts (after a count).
    ClassAttempts => ("lần làm", "attempts"),
    /// Class screen: one attempt (after 1).
    ClassAttempt => ("lần làm", "attempt"),
    /// Class screen: open a copy of a trainee's declaration in the form.
    ClassCopyHere => ("Mở bản sao để xem", "Open a copy to read"),
    /// Class screen: the copy is open (followed by the declaration's number).
    ClassCopied => (
        "Bản sao để xem, lưu trên máy này (gửi đi sẽ là tờ khai mới của bạn) — tờ khai số",
        "A copy to read, kept on this computer (sent, it would be a new declaration of yours) — declaration no."
    ),
    /// Class screen: a trainee with no declaration.
    ClassNoDeclarations => ("Chưa có tờ khai nào", "No declaration yet"),
    /// Class screen: a trainee with no exercise score.
    ClassNoScores => ("Chưa gửi điểm bài tập nào", "No exercise score sent yet"),
    /// Trust on first use: the dialog's title.
    TrustHeading => ("Xác nhận máy chủ lớp học", "Confirm the classroom server"),
    /// Trust on first use: what to do.
    TrustExplain => ("Máy tính này chưa tin cậy máy chủ lớp học này. So sánh TỪNG NHÓM của dấu vân tay dưới đây với dấu vân tay giảng viên đọc hoặc chiếu lên. Chỉ bấm \"Trùng khớp\" khi mọi nhóm giống hệt; nếu khác dù một ký tự, có thể có người giả làm máy chủ: bấm \"Không khớp\" và báo giảng viên. Chưa gửi gì tới máy chủ.", "This computer does not trust this classroom server yet. Compare EACH GROUP of the fingerprint below with the one the instructor reads out or shows. Press \"They match\" only when every group is the same; if even one character differs, someone may be posing as the server: press \"They differ\" and tell the instructor. Nothing was sent to the server."),
    /// Trust on first use: the server's address.
    TrustServerAddress => ("Máy chủ:", "Server:"),
    /// Trust on first use: the fingerprint's label.
    TrustFingerprint => ("Dấu vân tay chứng thư (SHA-256):", "Certificate fingerprint (SHA-256):"),
    /// Trust on first use: they match.
    TrustMatches => ("Trùng khớp — tin cậy máy chủ này", "They match — trust this server"),
    /// Trust on first use: they differ.
    TrustDiffers => ("Không khớp — không kết nối", "They differ — do not connect"),
    /// The server is trusted now.
    TrustDone => ("Đã tin cậy máy chủ lớp học; đang kết nối lại", "The classroom server is trusted; connecting again"),
    /// The trainee said the fingerprints differ.
    TrustDeclined => ("Chưa tin cậy máy chủ lớp học: không gửi gì tới đó. Nếu dấu vân tay khác, báo giảng viên.", "The classroom server is not trusted: nothing is sent to it. If the fingerprints differ, tell the instructor."),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages_and_differs_where_it_should() {
        let same_allowed = [Text::Pin];
        for text in Text::ALL {
            let vi = text.get(Language::Vietnamese);
            let en = text.get(Language::English);
            assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
            if !same_allowed.contains(text) && *text != Text::SwitchLanguage {
                assert_ne!(vi, en, "{text:?} is not translated");
            }
        }
    }
}
