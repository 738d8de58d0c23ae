//! A decoded message as rows to show — header fields with their offsets, items with the
//! official names, results with the official meaning and remedy — for `khaibao message decode`
//! and the window's message view (one presentation for both).

use super::{Decoded, layout, results};

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// A header field.
    Header,
    /// A body item of a request.
    Item,
    /// A result code of an answer.
    Result,
    /// What the simulator's own answer line says (number, status, lane, taxes).
    Simulator,
}

/// One row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    /// Header, item or result.
    pub section: Section,
    /// The header field's name, the item ID or the result slot (`E9990-0000-0000`).
    pub id: String,
    /// Vietnamese name (the official form's label for an item; the official meaning for a
    /// result).
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// 1-based goods line of an item in the goods-line block.
    pub line: Option<usize>,
    /// Offset in bytes of a header field.
    pub offset: Option<usize>,
    /// Width in bytes (header field or item).
    pub width: usize,
    /// The value (a header field's exact bytes, the password masked; an item without its
    /// padding; for a result, the official remedy).
    pub value: String,
}

/// The rows of a message: non-blank header fields, then the items (a request) or the results
/// (an answer).
pub fn rows(decoded: &Decoded) -> Vec<Row> {
    let mut out: Vec<Row> = decoded
        .header
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(f, value)| Row {
            section: Section::Header,
            id: f.name.to_owned(),
            name_vi: f.name_vi.to_owned(),
            name_en: f.name.to_owned(),
            line: None,
            offset: Some(f.offset),
            width: f.width,
            value: value.clone(),
        })
        .collect();
    let simulator = decoded.simulator.as_deref();
    for r in &decoded.results {
        let official = results::lookup(&decoded.job, &r.code, &r.item);
        // KhaiBao's own codes (`K…`) are explained by the simulator's line.
        let own = simulator
            .filter(|_| official.is_none() && r.code.starts_with('K'))
            .map(|s| &s.result);
        out.push(Row {
            section: Section::Result,
            id: r.to_slot(),
            name_vi: official.map_or_else(
                || own.map_or_else(String::new, |o| format!("{} {}", o.code, o.message_vi)),
                |o| o.description_vi.trim().to_owned(),
            ),
            name_en: official.map_or_else(
                || own.map_or_else(String::new, |o| format!("{} {}", o.code, o.message_en)),
                |_| format!("VNACCS {}: see the official Vietnamese meaning", r.code),
            ),
            line: None,
            offset: None,
            width: 15,
            value: official.map_or_else(String::new, |o| o.disposition_vi.trim().to_owned()),
        });
    }
    if let Some(view) = simulator.and_then(|s| s.declaration.as_deref()) {
        let row = |name_vi: &str, name_en: &str, value: String| Row {
            section: Section::Simulator,
            id: String::new(),
            name_vi: name_vi.to_owned(),
            name_en: name_en.to_owned(),
            line: None,
            offset: None,
            width: 0,
            value,
        };
        out.push(row(
            "Số tờ khai",
            "Declaration number",
            view.number.to_string(),
        ));
        out.push(row(
            "Trạng thái",
            "Status",
            format!("{} / {}", view.status.name_vi(), view.status.name_en()),
        ));
        if let Some(lane) = &view.lane {
            out.push(row(
                "Luồng",
                "Lane",
                format!("{} — {}", lane.lane.number(), lane.reason_vi),
            ));
        }
        out.push(row(
            "Tổng thuế phải nộp (VND)",
            "Total taxes payable (VND)",
            crate::assess::format_vnd(view.assessment.total_payable_vnd, true),
        ));
    }
    let Some(layout) = layout::get(&decoded.job) else {
        return out;
    };
    let item = |def: &layout::ItemDef, line: Option<usize>, value: &str| Row {
        section: Section::Item,
        id: def.id.clone(),
        name_vi: def.name_vi.clone(),
        name_en: def.name_en.clone(),
        line,
        offset: None,
        width: def.width,
        value: value.to_owned(),
    };
    for def in layout.header_items() {
        if let Some(v) = decoded.items.get(&def.id) {
            out.push(item(def, None, v));
        }
    }
    for (n, line) in decoded.items.lines.iter().enumerate() {
        for def in layout.line_items() {
            if let Some(v) = line.get(&def.id) {
                out.push(item(def, Some(n + 1), v));
            }
        }
    }
    out
}
