//! The two documents that go with a declaration: the tax notice ("Thông báo thuế": every tax
//! of every line with its base, rate and amount, then the totals per tax and the total
//! payable) and the goods list ("Danh sách hàng": every goods line in one table, with the
//! invoice total).

use crate::assess::format_vnd;
use crate::domain::time::vietnam_display;

use super::declaration::{
    date, goods_columns, goods_rows, number, quantity, rate, sheet, tax_summary, text,
};
use super::fonts::Fonts;
use super::labels::{self as l, field};
use super::page::{Align, Cell, Column, Page, Row, Sheet};
use super::{Language, PrintJob};

/// The boxes that say which declaration a notice or list belongs to.
fn reference(sheet: &mut Sheet<'_>, job: &PrintJob) {
    let d = &job.declaration;
    let lang = job.language;
    let dir = d.direction;
    let registered = job
        .registration
        .as_ref()
        .and_then(|r| r.registered_at)
        .map(vietnam_display)
        .unwrap_or_default();
    let office = match (&d.office, &job.office_name) {
        (Some(code), Some(name)) => format!("{code} — {name}"),
        (code, _) => text(code.as_ref()),
    };
    let cells = [
        Cell::new(
            l::OF_DECLARATION.get(lang),
            d.number
                .map_or_else(|| l::NOT_NUMBERED.get(lang).to_owned(), |n| n.to_string()),
        ),
        Cell::new(field("type_code", dir, lang), text(d.type_code.as_ref())),
        Cell::new(l::REGISTERED_AT.get(lang), registered),
        Cell::new(
            field("invoice.number", dir, lang),
            text(d.invoice.number.as_ref()),
        ),
        Cell::wide(l::OFFICE_NAME.get(lang), office, 2),
        Cell::new(
            field("declarant.tax_code", dir, lang),
            text(d.declarant.tax_code.as_ref()),
        ),
        Cell::new(field("invoice.date", dir, lang), date(d.invoice.date)),
        Cell::wide(
            field("declarant.name", dir, lang),
            text(d.declarant.name.as_ref()),
            4,
        ),
    ];
    sheet.grid(&cells, 4);
    sheet.skip(6.0);
}

/// Lays out the tax notice.
pub(super) fn tax_notice(job: &PrintJob, fonts: &Fonts) -> Vec<Page> {
    let lang = job.language;
    let title = l::TAX_NOTICE_TITLE.get(lang);
    let mut sheet = sheet(job, fonts, title);
    sheet.title(title, 13.0);
    sheet.skip(4.0);
    reference(&mut sheet, job);
    let d = &job.declaration;
    let columns = vec![
        col(l::LINE.get(lang), 3.0, Align::Centre),
        col(l::HS.get(lang), 6.0, Align::Centre),
        col(l::TAX.get(lang), 14.0, Align::Left),
        col(l::TAXABLE_VALUE.get(lang), 8.0, Align::Right),
        col(l::RATE.get(lang), 6.0, Align::Right),
        col(l::AMOUNT.get(lang), 8.0, Align::Right),
    ];
    let mut rows = Vec::new();
    if let Some(a) = &job.assessment {
        for line in &a.lines {
            for item in &line.taxes {
                rows.push(Row::Cells(vec![
                    format!("{:02}", line.index + 1),
                    line.hs_code.clone(),
                    match lang {
                        Language::Vi => item.kind.name_vi(),
                        Language::En => item.kind.name_en(),
                    }
                    .to_owned(),
                    format_vnd(item.base_vnd, lang.vietnamese()),
                    rate(item, lang),
                    format_vnd(item.amount_vnd, lang.vietnamese()),
                ]));
            }
        }
        sheet.table(&columns, &rows);
        sheet.skip(6.0);
    }
    tax_summary(&mut sheet, job);
    let deadline = text(d.payment_deadline_code.as_ref());
    let payer = text(d.tax_payer.as_ref());
    sheet.skip(4.0);
    sheet.grid(
        &[
            Cell::new(l::PAYMENT_CODE.get(lang), deadline),
            Cell::new(l::TAX_PAYER.get(lang), payer),
        ],
        4,
    );
    sheet.finish()
}

fn col(title: &str, weight: f32, align: Align) -> Column {
    Column {
        title: title.to_owned(),
        weight,
        align,
    }
}

/// Lays out the goods list: every line with both quantities, no taxes.
pub(super) fn goods_list(job: &PrintJob, fonts: &Fonts) -> Vec<Page> {
    let lang = job.language;
    let title = l::GOODS_LIST_TITLE.get(lang);
    let mut sheet = sheet(job, fonts, title);
    sheet.title(title, 13.0);
    sheet.skip(4.0);
    reference(&mut sheet, job);
    let mut columns = goods_columns(lang);
    // The list has the second quantity where the form has the taxable value.
    if let Some(last) = columns.last_mut() {
        *last = col(l::QUANTITY2.get(lang), 9.0, Align::Right);
    }
    let mut rows = goods_rows(job, false);
    for (row, line) in rows.iter_mut().zip(&job.declaration.goods) {
        if let Row::Cells(cells) = row
            && let Some(last) = cells.last_mut()
        {
            *last = quantity(&line.quantity2, lang);
        }
    }
    rows.push(Row::Total(vec![
        String::new(),
        String::new(),
        format!(
            "{} ({} {})",
            l::TOTAL.get(lang),
            job.declaration.goods.len(),
            l::LINE.get(lang).to_lowercase()
        ),
        String::new(),
        String::new(),
        text(job.declaration.invoice.currency.as_ref()),
        number(Some(job.declaration.goods_invoice_total()), lang),
        String::new(),
    ]));
    sheet.table(&columns, &rows);
    sheet.finish()
}
