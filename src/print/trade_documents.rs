//! The documents of an exercise pack (`crate::exercise::Documents`) as A4 PDF pages: the
//! commercial invoice, the packing list, the bill of lading / air waybill, the certificate of
//! origin and any further notes — drawn from the pack's data (never scanned images), with the
//! bundled fonts so Vietnamese names print. Pure: data in, PDF bytes out.
//!
//! The documents are in English as traders issue them; the labels that KhaiBao adds (the
//! training banner, page numbers) follow the print language.

use rust_decimal::Decimal;

use super::fonts::Fonts;
use super::page::{Align, Cell, Column, Page, Row, Sheet};
use super::{Language, PrintError};
use crate::domain::entry::{DecimalMark, format_number};
use crate::exercise::{
    DocParty, Exercise, InvoiceDoc, NoteDoc, OriginDoc, PackingListDoc, TransportDoc, TransportKind,
};

/// Every document the exercise has, as `(file name, PDF bytes)`: `invoice.pdf`,
/// `packing-list.pdf`, `bill-of-lading.pdf` / `air-waybill.pdf` / `express-waybill.pdf`,
/// `certificate-of-origin.pdf`, `notes.pdf`.
///
/// # Errors
/// [`PrintError`] when a bundled font or the PDF writer fails.
pub fn render_all(
    exercise: &Exercise,
    language: Language,
) -> Result<Vec<(String, Vec<u8>)>, PrintError> {
    let fonts = Fonts::bundled()?;
    let docs = &exercise.documents;
    let mut out = Vec::new();
    let mut add = |name: &str, title: &str, pages: Vec<Page>| -> Result<(), PrintError> {
        let bytes = super::pdf::write(&pages, &format!("{title} — {}", exercise.id), language)?;
        out.push((name.to_owned(), bytes));
        Ok(())
    };
    let banner = banner(exercise, language);
    if let Some(invoice) = &docs.invoice {
        add(
            "invoice.pdf",
            "Commercial invoice",
            invoice_pages(&fonts, &banner, invoice, language),
        )?;
    }
    if let Some(list) = &docs.packing_list {
        let pages = packing_pages(&fonts, &banner, list, docs.invoice.as_ref(), language);
        add("packing-list.pdf", "Packing list", pages)?;
    }
    if let Some(transport) = &docs.transport {
        let (name, title) = match transport.kind {
            TransportKind::BillOfLading => ("bill-of-lading.pdf", "Bill of lading"),
            TransportKind::AirWaybill => ("air-waybill.pdf", "Air waybill"),
            TransportKind::ExpressWaybill => ("express-waybill.pdf", "Express waybill"),
        };
        add(
            name,
            title,
            transport_pages(&fonts, &banner, title, transport, language),
        )?;
    }
    if let Some(co) = &docs.certificate_of_origin {
        add(
            "certificate-of-origin.pdf",
            "Certificate of origin",
            origin_pages(&fonts, &banner, co, language),
        )?;
    }
    if !docs.notes.is_empty() {
        add(
            "notes.pdf",
            "Notes",
            note_pages(&fonts, &banner, &docs.notes, language),
        )?;
    }
    Ok(out)
}

/// The line printed under every document: it is a training document of this exercise.
fn banner(exercise: &Exercise, language: Language) -> String {
    match language {
        Language::Vi => format!(
            "Chứng từ luyện tập — bài {}: {}",
            exercise.id, exercise.title.vi
        ),
        Language::En => format!(
            "Training document — exercise {}: {}",
            exercise.id, exercise.title.en
        ),
    }
}

fn sheet<'f>(fonts: &'f Fonts, banner: &str, running: &str, language: Language) -> Sheet<'f> {
    let page_word = match language {
        Language::Vi => "Trang",
        Language::En => "Page",
    };
    Sheet::new(fonts, running.to_owned(), banner.to_owned(), page_word)
}

/// Amounts as traders print them: `1,234.50` (two decimals).
fn money(amount: Decimal) -> String {
    let rounded = amount.round_dp(2);
    let cents = (rounded.fract().abs() * Decimal::ONE_HUNDRED).trunc();
    format!(
        "{}.{cents:0>2}",
        format_number(rounded.trunc(), DecimalMark::Point)
    )
}

fn plain(amount: Decimal) -> String {
    format_number(amount.normalize(), DecimalMark::Point)
}

fn party(p: &DocParty) -> String {
    let mut text = p.name.clone();
    for line in &p.address {
        text.push_str(", ");
        text.push_str(line);
    }
    if let Some(code) = &p.tax_code {
        text.push_str(" (Tax code ");
        text.push_str(code);
        text.push(')');
    }
    text
}

fn column(title: &str, weight: f32, align: Align) -> Column {
    Column {
        title: title.to_owned(),
        weight,
        align,
    }
}

fn invoice_pages(
    fonts: &Fonts,
    banner: &str,
    invoice: &InvoiceDoc,
    language: Language,
) -> Vec<Page> {
    let mut s = sheet(
        fonts,
        banner,
        &format!("COMMERCIAL INVOICE {}", invoice.number),
        language,
    );
    s.title("COMMERCIAL INVOICE", 15.0);
    s.centred(
        &format!("No. {} — Date {}", invoice.number, invoice.date),
        9.0,
    );
    s.skip(4.0);
    let terms = match &invoice.incoterm_place {
        Some(place) => format!("{} {place}", invoice.incoterm),
        None => invoice.incoterm.clone(),
    };
    s.grid(
        &[
            Cell::wide("Seller", party(&invoice.seller), 2),
            Cell::wide("Buyer", party(&invoice.buyer), 2),
            Cell::new("Invoice No.", invoice.number.clone()),
            Cell::new("Date", invoice.date.to_string()),
            Cell::new("Terms of delivery", terms.clone()),
            Cell::new("Currency", invoice.currency.clone()),
            Cell::wide("Payment", invoice.payment.clone().unwrap_or_default(), 4),
        ],
        4,
    );
    s.skip(6.0);
    let columns = [
        column("No.", 0.5, Align::Centre),
        column("Description of goods", 5.0, Align::Left),
        column("HS", 1.1, Align::Centre),
        column("Origin", 1.2, Align::Centre),
        column("Quantity", 1.3, Align::Right),
        column("Unit", 0.8, Align::Centre),
        column(
            &format!("Unit price ({})", invoice.currency),
            1.5,
            Align::Right,
        ),
        column(&format!("Amount ({})", invoice.currency), 1.7, Align::Right),
    ];
    let mut rows: Vec<Row> = invoice
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Row::Cells(vec![
                (i + 1).to_string(),
                l.description.clone(),
                l.hs_hint.clone().unwrap_or_default(),
                l.origin.clone().unwrap_or_default(),
                plain(l.quantity),
                l.unit.clone(),
                plain(l.unit_price),
                money(l.amount()),
            ])
        })
        .collect();
    let blank = |label: &str, value: Decimal| {
        let mut cells = vec![String::new(); 8];
        label.clone_into(&mut cells[1]);
        cells[7] = money(value);
        cells
    };
    if invoice.freight.is_some() || invoice.insurance.is_some() {
        rows.push(Row::Cells(blank("Goods", invoice.goods_total())));
    }
    if let Some(freight) = invoice.freight {
        rows.push(Row::Cells(blank("Freight", freight)));
    }
    if let Some(insurance) = invoice.insurance {
        rows.push(Row::Cells(blank("Insurance", insurance)));
    }
    rows.push(Row::Total(blank(
        &format!("TOTAL {terms}"),
        invoice.total(),
    )));
    s.table(&columns, &rows);
    s.skip(8.0);
    s.paragraph(
        &format!(
            "Total: {} {} ({} lines)",
            invoice.currency,
            money(invoice.total()),
            invoice.lines.len()
        ),
        9.0,
    );
    s.finish()
}

fn packing_pages(
    fonts: &Fonts,
    banner: &str,
    list: &PackingListDoc,
    invoice: Option<&InvoiceDoc>,
    language: Language,
) -> Vec<Page> {
    let mut s = sheet(fonts, banner, "PACKING LIST", language);
    s.title("PACKING LIST", 15.0);
    if let Some(invoice) = invoice {
        s.centred(
            &format!("Invoice No. {} — Date {}", invoice.number, invoice.date),
            9.0,
        );
        s.grid(
            &[
                Cell::wide("Shipper", party(&invoice.seller), 2),
                Cell::wide("Consignee", party(&invoice.buyer), 2),
            ],
            4,
        );
    }
    s.skip(4.0);
    s.grid(
        &[
            Cell::new(
                "Packages",
                format!("{} {}", plain(list.packages), list.package_unit),
            ),
            Cell::new("Gross weight (kg)", plain(list.gross_weight)),
            Cell::new(
                "Net weight (kg)",
                list.net_weight.map(plain).unwrap_or_default(),
            ),
            Cell::new("Marks", list.marks.clone().unwrap_or_default()),
        ],
        4,
    );
    if let Some(invoice) = invoice {
        s.skip(6.0);
        let columns = [
            column("No.", 0.5, Align::Centre),
            column("Description of goods", 6.0, Align::Left),
            column("Quantity", 1.4, Align::Right),
            column("Unit", 0.8, Align::Centre),
            column("Net weight (kg)", 1.6, Align::Right),
        ];
        let rows: Vec<Row> = invoice
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Row::Cells(vec![
                    (i + 1).to_string(),
                    l.description.clone(),
                    plain(l.quantity),
                    l.unit.clone(),
                    l.net_weight.map(plain).unwrap_or_default(),
                ])
            })
            .collect();
        s.table(&columns, &rows);
    }
    s.finish()
}

fn transport_pages(
    fonts: &Fonts,
    banner: &str,
    title: &str,
    t: &TransportDoc,
    language: Language,
) -> Vec<Page> {
    let upper = title.to_uppercase();
    let mut s = sheet(fonts, banner, &format!("{upper} {}", t.number), language);
    s.title(&upper, 15.0);
    s.centred(&format!("No. {} — Date of issue {}", t.number, t.date), 9.0);
    s.skip(4.0);
    let vessel_label = match t.kind {
        TransportKind::BillOfLading => "Vessel / voyage",
        TransportKind::AirWaybill | TransportKind::ExpressWaybill => "Flight",
    };
    s.grid(
        &[
            Cell::wide("Shipper", party(&t.shipper), 2),
            Cell::wide("Consignee", party(&t.consignee), 2),
            Cell::wide("Carrier", t.carrier.clone().unwrap_or_default(), 2),
            Cell::wide(vessel_label, t.vessel.clone(), 2),
            Cell::wide("Place of loading", t.loading.clone(), 2),
            Cell::wide("Place of discharge", t.discharge.clone(), 2),
            Cell::new(
                "Expected arrival",
                t.arrival.map(|d| d.to_string()).unwrap_or_default(),
            ),
            Cell::new("Freight", t.freight.clone().unwrap_or_default()),
            Cell::new("Packages", t.packages.clone().unwrap_or_default()),
            Cell::new(
                "Gross weight (kg)",
                t.gross_weight.map(plain).unwrap_or_default(),
            ),
            Cell::wide("Containers", t.containers.join(", "), 4),
        ],
        4,
    );
    s.finish()
}

fn origin_pages(fonts: &Fonts, banner: &str, co: &OriginDoc, language: Language) -> Vec<Page> {
    let mut s = sheet(
        fonts,
        banner,
        &format!("CERTIFICATE OF ORIGIN {}", co.number),
        language,
    );
    s.title(&format!("CERTIFICATE OF ORIGIN — FORM {}", co.form), 14.0);
    s.centred(
        &format!(
            "Reference No. {} — Issued in {} on {}",
            co.number, co.issued_in, co.date
        ),
        9.0,
    );
    s.skip(4.0);
    s.grid(
        &[
            Cell::wide("1. Exporter", party(&co.exporter), 2),
            Cell::wide("2. Consignee", party(&co.consignee), 2),
            Cell::wide(
                "3. Means of transport and route",
                co.transport.clone().unwrap_or_default(),
                4,
            ),
        ],
        4,
    );
    s.skip(6.0);
    let columns = [
        column("Item", 0.5, Align::Centre),
        column("Description of goods", 5.0, Align::Left),
        column("HS code", 1.2, Align::Centre),
        column("Origin criterion", 1.5, Align::Centre),
        column("Invoice", 2.2, Align::Left),
    ];
    let rows: Vec<Row> = co
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Row::Cells(vec![
                (i + 1).to_string(),
                l.description.clone(),
                l.hs_code.clone(),
                l.criterion.clone(),
                l.invoice.clone().unwrap_or_default(),
            ])
        })
        .collect();
    s.table(&columns, &rows);
    if let Some(remarks) = &co.remarks {
        s.skip(6.0);
        s.paragraph(&format!("Remarks: {remarks}"), 9.0);
    }
    s.finish()
}

fn note_pages(fonts: &Fonts, banner: &str, notes: &[NoteDoc], language: Language) -> Vec<Page> {
    let mut s = sheet(fonts, banner, "", language);
    for note in notes {
        let (title, body) = match language {
            Language::Vi => (&note.title.vi, &note.body.vi),
            Language::En => (&note.title.en, &note.body.en),
        };
        s.heading(title, 20.0);
        s.skip(3.0);
        s.paragraph(body, 9.0);
        s.skip(8.0);
    }
    s.finish()
}
