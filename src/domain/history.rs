//! "Fill from history": for a product code or a description a customer declared before, the
//! HS code, description, units, origin, schedule and other-tax codes of its earlier accepted
//! lines, most used first. Pure: the store gives the customer's accepted declarations.

use std::collections::BTreeMap;

use super::declaration::{Declaration, GoodsLine};

/// An earlier line worth repeating, with how often it was declared.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The line as last declared (quantities and values cleared: they are the new shipment's).
    pub line: GoodsLine,
    /// How many accepted lines declared it this way.
    pub times: usize,
}

/// At most this many suggestions are given.
pub const MAX_SUGGESTIONS: usize = 8;

/// Lines of `history` (newest first) whose own code is `query` or whose description contains
/// it (without accents or case), grouped by HS code, description and unit; the most declared
/// first, then the most recent. An empty query suggests nothing.
pub fn suggest(history: &[Declaration], query: &str) -> Vec<Suggestion> {
    let query = super::text::fold(query.trim());
    if query.is_empty() {
        return Vec::new();
    }
    // Key → (suggestion, first seen position: newest is 0).
    let mut found: BTreeMap<(String, String, String), (Suggestion, usize)> = BTreeMap::new();
    let mut position = 0;
    for line in history.iter().flat_map(|d| &d.goods) {
        let own = line
            .own_code
            .as_deref()
            .is_some_and(|c| super::text::fold(c.trim()) == query);
        let described = line
            .description
            .as_deref()
            .is_some_and(|d| super::text::fold(d).contains(&query));
        if !(own || described) {
            continue;
        }
        let key = (
            line.hs_code.clone().unwrap_or_default(),
            line.description.clone().unwrap_or_default(),
            line.quantity.unit.clone().unwrap_or_default(),
        );
        found
            .entry(key)
            .and_modify(|(s, _)| s.times += 1)
            .or_insert_with(|| {
                (
                    Suggestion {
                        line: reusable(line),
                        times: 1,
                    },
                    position,
                )
            });
        position += 1;
    }
    let mut out: Vec<(Suggestion, usize)> = found.into_values().collect();
    out.sort_by(|a, b| b.0.times.cmp(&a.0.times).then(a.1.cmp(&b.1)));
    out.into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(s, _)| s)
        .collect()
}

/// What of a line describes the goods (kept) rather than this shipment (cleared).
fn reusable(line: &GoodsLine) -> GoodsLine {
    let mut l = line.clone();
    l.quantity.amount = None;
    l.quantity2.amount = None;
    l.invoice_value = None;
    l.unit_price = None;
    l.manual_taxable_value = None;
    l.reduction_amount = None;
    l.adjustment_refs.clear();
    for tax in &mut l.other_taxes {
        tax.reduction_amount = None;
    }
    l
}

/// Fills a line from a suggestion: what describes the goods, keeping the line's own quantities
/// and values.
pub fn fill(line: &mut GoodsLine, suggestion: &Suggestion) {
    let s = &suggestion.line;
    line.hs_code.clone_from(&s.hs_code);
    line.description.clone_from(&s.description);
    if s.own_code.is_some() {
        line.own_code.clone_from(&s.own_code);
    }
    line.origin_country.clone_from(&s.origin_country);
    line.tariff_schedule.clone_from(&s.tariff_schedule);
    line.co_form.clone_from(&s.co_form);
    line.quantity.unit.clone_from(&s.quantity.unit);
    line.quantity2.unit.clone_from(&s.quantity2.unit);
    line.manual_duty_rate = s.manual_duty_rate;
    line.exemption_code.clone_from(&s.exemption_code);
    line.other_taxes.clone_from(&s.other_taxes);
    line.other_law_codes.clone_from(&s.other_law_codes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Direction, OtherTax};
    use rust_decimal::Decimal;

    fn declared(lines: &[(&str, &str, &str)]) -> Declaration {
        let mut d = Declaration::new(Direction::Import);
        d.goods = lines
            .iter()
            .map(|(own, hs, description)| GoodsLine {
                own_code: Some((*own).to_owned()),
                hs_code: Some((*hs).to_owned()),
                description: Some((*description).to_owned()),
                origin_country: Some("JP".to_owned()),
                quantity: crate::domain::Quantity {
                    amount: Some(Decimal::TEN),
                    unit: Some("PCE".to_owned()),
                },
                invoice_value: Some(Decimal::ONE_HUNDRED),
                other_taxes: vec![OtherTax {
                    code: Some("VB901".to_owned()),
                    ..OtherTax::default()
                }],
                ..GoodsLine::default()
            })
            .collect();
        d
    }

    #[test]
    fn the_earlier_line_is_suggested_by_product_code_or_description_most_declared_first() {
        let history = [
            declared(&[("QD-40", "84145110", "Quạt bàn điện 40 W, mới 100%")]),
            declared(&[
                ("QD-40", "84145190", "Quạt điện để bàn 40W"),
                ("LVS-20", "85165000", "Lò vi sóng 20 lít"),
            ]),
            declared(&[("QD-40", "84145190", "Quạt điện để bàn 40W")]),
        ];
        let by_code = suggest(&history, "qd-40");
        assert_eq!(by_code.len(), 2);
        assert_eq!(by_code[0].line.hs_code.as_deref(), Some("84145190"));
        assert_eq!(by_code[0].times, 2);
        assert_eq!(by_code[1].line.hs_code.as_deref(), Some("84145110"));
        // Without accents, any case.
        let by_text = suggest(&history, "lo vi song");
        assert_eq!(by_text.len(), 1);
        assert_eq!(by_text[0].line.hs_code.as_deref(), Some("85165000"));
        assert!(suggest(&history, "  ").is_empty());
        assert!(suggest(&history, "máy in").is_empty());
        // Filling keeps the new line's quantity and value, takes the rest.
        let mut line = GoodsLine {
            own_code: Some("QD-40".to_owned()),
            quantity: crate::domain::Quantity {
                amount: Some(Decimal::from(7)),
                unit: None,
            },
            invoice_value: Some(Decimal::from(70)),
            ..GoodsLine::default()
        };
        assert!(by_code[0].line.invoice_value.is_none());
        fill(&mut line, &by_code[0]);
        assert_eq!(line.hs_code.as_deref(), Some("84145190"));
        assert_eq!(line.quantity.unit.as_deref(), Some("PCE"));
        assert_eq!(line.quantity.amount, Some(Decimal::from(7)));
        assert_eq!(line.invoice_value, Some(Decimal::from(70)));
        assert_eq!(line.other_taxes[0].code.as_deref(), Some("VB901"));
        assert_eq!(line.origin_country.as_deref(), Some("JP"));
    }
}
