//! The explanation part of the core's answers ([`crate::wire::Explanation`]): the lane kept with
//! the declaration, each tax of the view's assessment, and each refusal — its result code with
//! the official meaning and remedy where the real result-code table has them, and every error
//! finding with the field at fault (item ID and official Vietnamese name) and what to do.

use crate::codes::CodeLists;
use crate::domain::{Direction, JobCode};
use crate::rules::{Finding, Severity};
use crate::wire::vnaccs::results;
use crate::wire::{Explanation, RefusalExplanation, ResultCode, codes};

/// What to do about a result code, (vi, en), when KhaiBao knows better than repeating it.
fn hint(code: &str) -> Option<(&'static str, &'static str)> {
    let own = |c: codes::Code| c.0 == code;
    Some(
        if [
            codes::NOT_DECLARANT_IDA,
            codes::NOT_DECLARANT_IDA01,
            codes::NOT_DECLARANT_CALL_UP,
            codes::NOT_DECLARANT_REGISTRATION,
            codes::NOT_OWNER,
        ]
        .into_iter()
        .any(own)
        {
            (
                "Chỉ người sử dụng đã khai IDA/EDA của tờ khai mới làm được nghiệp vụ này trên tờ khai đó: kiểm tra mã người sử dụng đang dùng và số tờ khai",
                "Only the user who sent the declaration's IDA/EDA can do this job on it: check the user ID in use and the declaration number",
            )
        } else if own(codes::INSTRUCTOR_ONLY) {
            (
                "Nhờ giảng viên thực hiện thao tác này (hoặc giảng viên thêm bạn vào danh sách: khaibao sim instructors)",
                "Ask an instructor to do it (or to add you to the list: khaibao sim instructors)",
            )
        } else if own(codes::RATE_CHANGED) {
            (
                "Gọi tờ khai bằng IDB/EDB rồi gửi lại IDA/EDA với số tờ khai để tính lại theo tỷ giá mới, sau đó đăng ký IDC/EDC",
                "Call the declaration up with IDB/EDB, send IDA/EDA again with its number to recompute at the new rate, then register with IDC/EDC",
            )
        } else if own(codes::INVALID) || own(codes::NOT_ASSESSABLE) {
            (
                "Sửa các chỉ tiêu nêu dưới đây rồi gửi lại",
                "Correct the fields listed below and send again",
            )
        } else if own(codes::EXPIRED) {
            (
                "Sao chép thành tờ khai mới và khai lại IDA/EDA",
                "Copy it into a new draft and declare again with IDA/EDA",
            )
        } else {
            return None;
        },
    )
}

/// The goods line (1-based) of a path such as `goods[2].hs_code`.
fn line_of(path: &str) -> Option<usize> {
    path.strip_prefix("goods[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| n + 1)
}

/// The official row of a 5-character VNACCS code for `job` (none for KhaiBao's own codes).
fn official(job: JobCode, code: &str, item: &str) -> Option<&'static results::Official> {
    (code.len() == 5 && code != crate::wire::OK)
        .then(|| results::lookup(job.code(), code, item).or_else(|| results::any(code)))
        .flatten()
}

/// The refusal `result` of `job` explained, then each error finding behind it.
pub(super) fn refusals(
    job: JobCode,
    result: &ResultCode,
    findings: &[Finding],
    direction: Direction,
) -> Vec<RefusalExplanation> {
    let row = official(job, &result.code, "0000");
    let item = row
        .map(|r| r.item_id.trim().to_owned())
        .filter(|i| !i.is_empty() && i != "0000");
    let (hint_vi, hint_en) = hint(&result.code).map_or_else(
        || (result.message_vi.clone(), result.message_en.clone()),
        |(vi, en)| (vi.to_owned(), en.to_owned()),
    );
    let mut list = vec![RefusalExplanation {
        code: result.code.clone(),
        field: None,
        item_name_vi: None,
        item_name_en: item
            .as_ref()
            .and(row.map(|r| r.item_name.trim().to_owned())),
        item_id: item,
        line: None,
        official_vi: row.map(|r| r.description_vi.trim().to_owned()),
        remedy_vi: row.map(|r| r.disposition_vi.trim().to_owned()),
        hint_vi,
        hint_en,
    }];
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        let field = (f.path != "$").then(|| f.path.clone());
        let label = field
            .as_deref()
            .and_then(|p| crate::domain::field_label(p, direction));
        let item_id = label.map(|l| l.item.to_owned()).filter(|i| !i.is_empty());
        let row = official(job, &f.code, item_id.as_deref().unwrap_or("0000"));
        list.push(RefusalExplanation {
            code: f.code.clone(),
            line: field.as_deref().and_then(line_of),
            field,
            item_id,
            item_name_vi: label.map(|l| l.vi.to_owned()),
            item_name_en: label.map(|l| l.en.to_owned()),
            official_vi: row.map(|r| r.description_vi.trim().to_owned()),
            remedy_vi: row.map(|r| r.disposition_vi.trim().to_owned()),
            hint_vi: f.message_vi.clone(),
            hint_en: f.message_en.clone(),
        });
    }
    list
}

/// The explanation of an answer: the lane and taxes of the declaration it shows (`record`, and
/// `view`, its view in the answer), and the refusal.
pub(super) fn answer(
    code_lists: &CodeLists,
    record: Option<&super::Record>,
    view: Option<&crate::wire::DeclarationView>,
    (job, result, findings): (JobCode, &ResultCode, &[Finding]),
) -> Option<Box<Explanation>> {
    // The view shows the pending amendment's data and taxes when there is one.
    let shown = record
        .map(|r| r.pending.as_ref().map_or(&r.data, |p| &p.data))
        .zip(view);
    let lane = record
        .filter(|r| r.lane.is_some())
        .and_then(|r| r.lane_explanation.as_ref());
    let mut explanation = Explanation {
        lane: lane.cloned(),
        ..Explanation::default()
    };
    let direction = shown.map_or(Direction::Import, |(_, v)| v.direction);
    if let Some((data, view)) = shown {
        explanation.taxes =
            crate::assess::explain::explain_taxes(data, &view.assessment, code_lists);
    }
    if !result.is_success() {
        explanation.refusals = refusals(job, result, findings, direction);
    }
    (!explanation.is_empty()).then(|| Box::new(explanation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BusinessCode, Step};

    #[test]
    fn a_refusal_by_another_user_carries_the_official_meaning_and_remedy() {
        let job = JobCode::Business(BusinessCode::of(Step::CallUp, Direction::Import));
        let result: ResultCode = crate::wire::not_declarant(job).into();
        let list = refusals(job, &result, &[], Direction::Import);
        assert_eq!(list[0].code, "U0100");
        assert_eq!(list[0].item_id.as_deref(), Some("ICN"));
        assert_eq!(
            list[0].official_vi.as_deref(),
            Some("Người nhập không phải là người thực hiện IDA hoặc người dự kiến khai báo.")
        );
        assert_eq!(
            list[0].remedy_vi.as_deref(),
            Some("Kiểm tra nội dung đã nhập.")
        );
        assert!(list[0].hint_en.contains("Only the user who sent"));
    }

    #[test]
    fn each_error_finding_names_its_field_item_and_line() {
        let job = JobCode::Business(BusinessCode::IDA);
        let finding = Finding {
            code: "KB-E0301".to_owned(),
            severity: Severity::Error,
            path: "goods[1].hs_code".to_owned(),
            message_vi: "Mã HS không có trong biểu thuế".to_owned(),
            message_en: "The HS code is not in the tariff".to_owned(),
        };
        let warning = Finding {
            severity: Severity::Warning,
            ..finding.clone()
        };
        let list = refusals(
            job,
            &codes::INVALID.into(),
            &[finding, warning],
            Direction::Import,
        );
        assert_eq!(list.len(), 2, "the warning is no refusal: {list:#?}");
        assert_eq!(list[0].code, "KB-S0011");
        assert_eq!(list[0].official_vi, None);
        assert_eq!(
            list[0].hint_en,
            "Correct the fields listed below and send again"
        );
        let field = &list[1];
        assert_eq!(field.code, "KB-E0301");
        assert_eq!(field.line, Some(2));
        assert_eq!(field.item_id.as_deref(), Some("CMD"));
        assert_eq!(field.item_name_vi.as_deref(), Some("Mã số hàng hóa"));
        assert_eq!(field.hint_en, "The HS code is not in the tariff");
    }
}
