//! The declaration form, in the order of the official VNACCS print (TT 38/2015 appendix, as
//! KhaiBao reads it): the title with the procedure's state; the header boxes (number, first
//! declaration, lane, type code, office, team, registration and change dates); the parties;
//! transport; invoice and value; the notes; the goods lines, each followed by its taxes; the
//! tax summary.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::assess::{Assessment, LineAssessment, Rate, TaxItem, format_vnd};
use crate::domain::entry::{DecimalMark, format_number};
use crate::domain::time::vietnam_display;
use crate::domain::{Declaration, Direction, Party, Quantity};
use crate::wire::Status;

use super::fonts::Fonts;
use super::labels::{self as l, Label, field};
use super::page::{Align, Cell, Column, Page, Row, Sheet};
use super::{Language, PrintJob};

/// Title size, points.
const TITLE: f32 = 13.0;

/// The form's title for the declaration's direction.
pub(super) fn title(job: &PrintJob) -> Label {
    match job.declaration.direction {
        Direction::Import => l::IMPORT_TITLE,
        Direction::Export => l::EXPORT_TITLE,
    }
}

/// The state under the title: draft, provisional, lane notification, cleared…
fn state_line(job: &PrintJob) -> Label {
    match job.registration.as_ref().and_then(|r| r.status) {
        None => l::DRAFT,
        Some(Status::Provisional) => l::PROVISIONAL,
        Some(Status::Registered) => l::REGISTERED,
        Some(Status::Cleared) => l::CLEARED,
        Some(Status::Cancelled) => l::CANCELLED,
        Some(Status::Expired) => l::EXPIRED,
    }
}

/// A text field as printed (empty when absent).
pub(super) fn text(value: Option<&String>) -> String {
    value.map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// A number in the language's convention (`1.234,5` / `1,234.5`).
pub(super) fn number(value: Option<Decimal>, language: Language) -> String {
    value.map_or_else(String::new, |v| {
        format_number(v, DecimalMark::for_vietnamese(language.vietnamese()))
    })
}

/// A quantity with its unit: `120 CT`.
pub(super) fn quantity(q: &Quantity, language: Language) -> String {
    let amount = number(q.amount, language);
    match (amount.is_empty(), q.unit.as_deref()) {
        (false, Some(unit)) => format!("{amount} {unit}"),
        _ => amount,
    }
}

/// `dd/mm/yyyy`.
pub(super) fn date(value: Option<NaiveDate>) -> String {
    value.map_or_else(String::new, crate::domain::entry::format_date)
}

/// A tax's rate as printed: `10%`, or `2.000 VND/LTR` for a per-unit rate.
pub(super) fn rate(item: &TaxItem, language: Language) -> String {
    match &item.rate {
        Rate::Percent { percent } => format!("{}%", number(Some(*percent), language)),
        Rate::PerUnit {
            amount,
            currency,
            unit,
            ..
        } => format!("{} {currency}/{unit}", number(Some(*amount), language)),
    }
}

/// The running header and the footer of every page.
pub(super) fn sheet<'f>(job: &PrintJob, fonts: &'f Fonts, what: &str) -> Sheet<'f> {
    let lang = job.language;
    let number = job
        .declaration
        .number
        .map_or_else(|| l::NOT_NUMBERED.get(lang).to_owned(), |n| n.to_string());
    let running = format!(
        "{what} — {}: {number}",
        field("number", job.declaration.direction, lang)
    );
    let footer = format!(
        "{} {}",
        l::PRINTED.get(lang),
        vietnam_display(job.printed_at)
    );
    Sheet::new(fonts, running, footer, l::PAGE.get(lang))
}

/// Lays out the declaration form.
pub(super) fn layout(job: &PrintJob, fonts: &Fonts) -> Vec<Page> {
    let lang = job.language;
    let title = title(job).get(lang);
    let mut sheet = sheet(job, fonts, title);
    sheet.title(title, TITLE);
    sheet.centred(state_line(job).get(lang), 8.5);
    sheet.skip(4.0);
    header(&mut sheet, job);
    parties(&mut sheet, job);
    transport(&mut sheet, job);
    invoice(&mut sheet, job);
    // As on the official form, the notes close the general information, before the goods.
    if let Some(notes) = job
        .declaration
        .notes
        .as_ref()
        .filter(|n| !n.trim().is_empty())
    {
        sheet.heading(l::NOTES.get(lang), 20.0);
        sheet.skip(2.0);
        sheet.paragraph(notes, 8.0);
    }
    goods(&mut sheet, job);
    tax_summary(&mut sheet, job);
    sheet.finish()
}

fn header(sheet: &mut Sheet<'_>, job: &PrintJob) {
    let d = &job.declaration;
    let lang = job.language;
    let dir = d.direction;
    let reg = job.registration.clone().unwrap_or_default();
    let lane_text = reg.lane.map_or_else(String::new, |lane| {
        format!(
            "{} — {}",
            lane.number(),
            lane.colour_name(lang.vietnamese())
        )
    });
    let at = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(vietnam_display).unwrap_or_default();
    let first = match (&d.first_declaration.number, d.first_declaration.sequence) {
        (Some(n), Some(seq)) => format!("{n} ({seq}/{})", number(d.first_declaration.count, lang)),
        (Some(n), None) => n.clone(),
        _ => String::new(),
    };
    let office = match (&d.office, &job.office_name) {
        (Some(code), Some(name)) => format!("{code} — {name}"),
        (code, _) => text(code.as_ref()),
    };
    let status = reg.status.map_or("", |s| match lang {
        Language::Vi => s.name_vi(),
        Language::En => s.name_en(),
    });
    let cells = [
        Cell::new(
            field("number", dir, lang),
            d.number.map(|n| n.to_string()).unwrap_or_default(),
        ),
        Cell::new(field("first_declaration.number", dir, lang), first),
        Cell::new(l::LANE.get(lang), lane_text),
        Cell::new(field("type_code", dir, lang), text(d.type_code.as_ref())),
        Cell::wide(l::OFFICE_NAME.get(lang), office, 2),
        Cell::new(field("team", dir, lang), text(d.team.as_ref())),
        Cell::new(l::STATUS.get(lang), status),
        Cell::new(l::REGISTERED_AT.get(lang), at(reg.registered_at)),
        Cell::new(l::CHANGED_AT.get(lang), at(reg.changed_at)),
        Cell::new(l::CLEARED_AT.get(lang), at(reg.cleared_at)),
        Cell::new(field("return_deadline", dir, lang), date(d.return_deadline)),
        Cell::new(
            field("cargo_class", dir, lang),
            text(d.cargo_class.as_ref()),
        ),
        Cell::new(
            field("transport_mode", dir, lang),
            text(d.transport_mode.as_ref()),
        ),
        Cell::new(field("planned_date", dir, lang), date(d.planned_date)),
        Cell::new(
            field("internal_ref", dir, lang),
            text(d.internal_ref.as_ref()),
        ),
    ];
    sheet.heading(l::GENERAL.get(lang), 40.0);
    sheet.grid(&cells, 4);
}

fn party_cells(prefix: &str, party: &Party, dir: Direction, lang: Language) -> Vec<Cell> {
    let path = |part: &str| format!("{prefix}.{part}");
    vec![
        Cell::new(
            field(&path("tax_code"), dir, lang),
            text(party.tax_code.as_ref()),
        ),
        Cell::wide(
            field(&path("name"), dir, lang),
            text(party.name.as_ref()),
            3,
        ),
        Cell::new(
            field(&path("postcode"), dir, lang),
            text(party.postcode.as_ref()),
        ),
        Cell::wide(
            field(&path("address"), dir, lang),
            text(party.address.as_ref()),
            2,
        ),
        Cell::new(field(&path("phone"), dir, lang), text(party.phone.as_ref())),
    ]
}

fn parties(sheet: &mut Sheet<'_>, job: &PrintJob) {
    let d = &job.declaration;
    let lang = job.language;
    let dir = d.direction;
    sheet.heading(l::PARTIES.get(lang), 40.0);
    let mut cells = party_cells("declarant", &d.declarant, dir, lang);
    if let Some(entrusting) = &d.entrusting_party {
        let mut theirs = party_cells("entrusting_party", entrusting, dir, lang);
        if let Some(first) = theirs.first_mut() {
            first.label = format!("{} — {}", l::ENTRUSTING.get(lang), first.label);
        }
        cells.extend(theirs);
    }
    let foreign = &d.foreign_party;
    let who = match dir {
        Direction::Import => l::FOREIGN_IMPORT,
        Direction::Export => l::FOREIGN_EXPORT,
    };
    cells.push(Cell::new(
        format!(
            "{} — {}",
            who.get(lang),
            field("foreign_party.code", dir, lang)
        ),
        text(foreign.code.as_ref()),
    ));
    cells.push(Cell::wide(
        field("foreign_party.name", dir, lang),
        text(foreign.name.as_ref()),
        3,
    ));
    cells.push(Cell::new(
        field("foreign_party.postcode", dir, lang),
        text(foreign.postcode.as_ref()),
    ));
    cells.push(Cell::wide(
        field("foreign_party.address", dir, lang),
        foreign.address.join(", "),
        2,
    ));
    cells.push(Cell::new(
        field("foreign_party.country", dir, lang),
        text(foreign.country.as_ref()),
    ));
    cells.push(Cell::new(
        field("agent_code", dir, lang),
        text(d.agent_code.as_ref()),
    ));
    sheet.grid(&cells, 4);
}

fn place(p: &crate::domain::Place) -> String {
    match (p.code.as_deref(), p.name.as_deref()) {
        (Some(code), Some(name)) => format!("{code} — {name}"),
        (code, name) => code.or(name).unwrap_or_default().to_owned(),
    }
}

fn transport(sheet: &mut Sheet<'_>, job: &PrintJob) {
    let d = &job.declaration;
    let lang = job.language;
    let dir = d.direction;
    let travel = match dir {
        Direction::Import => Cell::new(field("arrival_date", dir, lang), date(d.arrival_date)),
        Direction::Export => Cell::new(field("departure_date", dir, lang), date(d.departure_date)),
    };
    let cells = vec![
        Cell::wide(
            field("bills_of_lading", dir, lang),
            d.bills_of_lading.join(", "),
            2,
        ),
        Cell::new(
            field("packages.amount", dir, lang),
            quantity(&d.packages, lang),
        ),
        Cell::new(
            field("gross_weight.amount", dir, lang),
            quantity(&d.gross_weight, lang),
        ),
        Cell::new(
            field("storage_location", dir, lang),
            text(d.storage_location.as_ref()),
        ),
        Cell::new(field("vessel.name", dir, lang), place(&d.vessel)),
        travel,
        Cell::new(
            field("loading_place.code", dir, lang),
            place(&d.loading_place),
        ),
        Cell::new(
            field("destination_place.code", dir, lang),
            place(&d.destination_place),
        ),
        Cell::wide(field("marks", dir, lang), text(d.marks.as_ref()), 2),
        Cell::new(field("containers", dir, lang), d.containers.join(", ")),
    ];
    sheet.heading(l::TRANSPORT.get(lang), 40.0);
    sheet.grid(&cells, 4);
}

fn charge(c: Option<&crate::domain::Charge>, lang: Language) -> String {
    c.map_or_else(String::new, |c| {
        let amount = number(c.amount, lang);
        let parts = [text(c.kind.as_ref()), text(c.currency.as_ref()), amount];
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn invoice(sheet: &mut Sheet<'_>, job: &PrintJob) {
    let d = &job.declaration;
    let lang = job.language;
    let dir = d.direction;
    let inv = &d.invoice;
    let total = match (inv.currency.as_deref(), number(inv.total, lang)) {
        (Some(currency), amount) if !amount.is_empty() => format!("{currency} {amount}"),
        (_, amount) => amount,
    };
    let taxable = job
        .assessment
        .as_ref()
        .map(|a| format_vnd(a.total_taxable_value_vnd, lang.vietnamese()))
        .unwrap_or_default();
    let mut cells = vec![
        Cell::new(field("invoice.kind", dir, lang), text(inv.kind.as_ref())),
        Cell::new(
            field("invoice.number", dir, lang),
            text(inv.number.as_ref()),
        ),
        Cell::new(field("invoice.date", dir, lang), date(inv.date)),
        Cell::new(
            field("invoice.payment_method", dir, lang),
            text(inv.payment_method.as_ref()),
        ),
        Cell::new(
            field("invoice.price_kind", dir, lang),
            text(inv.price_kind.as_ref()),
        ),
        Cell::new(
            field("invoice.incoterm", dir, lang),
            text(inv.incoterm.as_ref()),
        ),
        Cell::new(field("invoice.total", dir, lang), total),
        Cell::new(l::TAXABLE_TOTAL.get(lang), taxable),
    ];
    if dir == Direction::Import {
        let v = &d.valuation;
        cells.push(Cell::new(
            field("valuation.method", dir, lang),
            text(v.method.as_ref()),
        ));
        cells.push(Cell::new(
            field("valuation.freight", dir, lang),
            charge(v.freight.as_ref(), lang),
        ));
        cells.push(Cell::new(
            field("valuation.insurance", dir, lang),
            charge(v.insurance.as_ref(), lang),
        ));
    }
    cells.push(Cell::new(
        field("tax_payer", dir, lang),
        text(d.tax_payer.as_ref()),
    ));
    cells.push(Cell::new(
        field("payment_deadline_code", dir, lang),
        text(d.payment_deadline_code.as_ref()),
    ));
    // EA/EB: the electronic dossiers (HYS receipts) the declaration quotes.
    for attached in &d.attachment_numbers {
        let value = [attached.class.as_deref(), attached.number.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !value.is_empty() {
            cells.push(Cell::new(
                field("attachment_numbers.number", dir, lang),
                value,
            ));
        }
    }
    sheet.heading(l::INVOICE.get(lang), 40.0);
    sheet.grid(&cells, 4);
}

/// The goods table's columns.
pub(super) fn goods_columns(lang: Language) -> Vec<Column> {
    let c = |label: Label, weight: f32, align: Align| Column {
        title: label.get(lang).to_owned(),
        weight,
        align,
    };
    vec![
        c(l::NO, 3.0, Align::Centre),
        c(l::HS, 7.5, Align::Centre),
        c(l::DESCRIPTION, 25.0, Align::Left),
        c(l::ORIGIN, 4.5, Align::Centre),
        c(l::QUANTITY, 9.0, Align::Right),
        c(l::UNIT_PRICE, 8.0, Align::Right),
        c(l::INVOICE_VALUE, 10.0, Align::Right),
        c(l::TAXABLE_VALUE, 11.0, Align::Right),
    ]
}

/// One tax of a line as a phrase: `Thuế nhập khẩu 5% = 1.234.567`.
pub(super) fn tax_phrase(item: &TaxItem, lang: Language) -> String {
    let name = match lang {
        Language::Vi => item.kind.name_vi(),
        Language::En => item.kind.name_en(),
    };
    format!(
        "{name} {} = {}",
        rate(item, lang),
        format_vnd(item.amount_vnd, lang.vietnamese())
    )
}

fn line_assessment(a: Option<&Assessment>, index: usize) -> Option<&LineAssessment> {
    a.and_then(|a| a.lines.iter().find(|l| l.index == index))
}

/// The goods table's rows: each line, then its taxes as a note.
pub(super) fn goods_rows(job: &PrintJob, with_taxes: bool) -> Vec<Row> {
    let lang = job.language;
    let d: &Declaration = &job.declaration;
    let mut rows = Vec::with_capacity(d.goods.len() * 2);
    for (index, line) in d.goods.iter().enumerate() {
        let assessed = line_assessment(job.assessment.as_ref(), index);
        rows.push(Row::Cells(vec![
            format!("{:02}", index + 1),
            text(line.hs_code.as_ref()),
            text(line.description.as_ref()),
            text(line.origin_country.as_ref()),
            quantity(&line.quantity, lang),
            number(line.unit_price, lang),
            number(line.invoice_value, lang),
            assessed
                .and_then(|a| a.taxable_value_vnd)
                .map(|v| format_vnd(v, lang.vietnamese()))
                .unwrap_or_default(),
        ]));
        if with_taxes && let Some(assessed) = assessed.filter(|a| !a.taxes.is_empty()) {
            let phrases: Vec<String> = assessed.taxes.iter().map(|t| tax_phrase(t, lang)).collect();
            rows.push(Row::Note(phrases.join(" · ")));
        }
    }
    rows
}

fn goods(sheet: &mut Sheet<'_>, job: &PrintJob) {
    let lang = job.language;
    sheet.heading(l::GOODS.get(lang), 50.0);
    let mut rows = goods_rows(job, true);
    let currency = text(job.declaration.invoice.currency.as_ref());
    let taxable = job
        .assessment
        .as_ref()
        .map(|a| format_vnd(a.total_taxable_value_vnd, lang.vietnamese()))
        .unwrap_or_default();
    rows.push(Row::Total(vec![
        String::new(),
        String::new(),
        l::TOTAL.get(lang).to_owned(),
        String::new(),
        String::new(),
        currency,
        number(Some(job.declaration.goods_invoice_total()), lang),
        taxable,
    ]));
    sheet.table(&goods_columns(lang), &rows);
}

/// The totals per tax and the total payable, or a line saying why there are none.
pub(super) fn tax_summary(sheet: &mut Sheet<'_>, job: &PrintJob) {
    let lang = job.language;
    sheet.heading(l::TAX_SUMMARY.get(lang), 50.0);
    let Some(a) = job.assessment.as_ref() else {
        sheet.skip(2.0);
        sheet.paragraph(l::NO_ASSESSMENT.get(lang), 8.0);
        return;
    };
    let columns = vec![
        Column {
            title: l::TAX.get(lang).to_owned(),
            weight: 3.0,
            align: Align::Left,
        },
        Column {
            title: l::AMOUNT.get(lang).to_owned(),
            weight: 1.0,
            align: Align::Right,
        },
    ];
    let mut rows: Vec<Row> = a
        .totals
        .iter()
        .map(|t| {
            Row::Cells(vec![
                match lang {
                    Language::Vi => t.kind.name_vi(),
                    Language::En => t.kind.name_en(),
                }
                .to_owned(),
                format_vnd(t.amount_vnd, lang.vietnamese()),
            ])
        })
        .collect();
    rows.push(Row::Total(vec![
        l::TOTAL_PAYABLE.get(lang).to_owned(),
        format_vnd(a.total_payable_vnd, lang.vietnamese()),
    ]));
    sheet.table(&columns, &rows);
    let mut notes = Vec::new();
    if !a.rates_used.is_empty() {
        let rates: Vec<String> = a
            .rates_used
            .iter()
            .map(|r| {
                format!(
                    "1 {} = {} VND",
                    r.currency,
                    number(Some(r.vnd_per_unit), lang)
                )
            })
            .collect();
        notes.push(format!(
            "{} ({} {}): {}.",
            l::RATES_USED.get(lang),
            l::ASSESSED_ON.get(lang),
            date(Some(a.date)),
            rates.join("; ")
        ));
    }
    if job.assessment_is_preview {
        notes.push(l::PRELIMINARY.get(lang).to_owned());
    }
    if !a.is_complete() {
        notes.push(l::NO_ASSESSMENT.get(lang).to_owned());
    }
    sheet.skip(3.0);
    if !notes.is_empty() {
        sheet.paragraph(&notes.join(" "), 7.5);
    }
}
