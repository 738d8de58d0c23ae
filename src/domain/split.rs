//! One invoice of more than 50 goods lines declared on several declarations (at most 50 lines
//! each, `MAX_GOODS_LINES`; the IDA/EDA input guide, items FIC/BNO/DNO): the lines in invoice
//! order, the header copied to each, the FIC link (`F` and place 1 on the first; the place and
//! the total on every next one, the first's number once it is registered — [`link_to_first`]),
//! and what was declared for the whole invoice shared out so the parts add up exactly:
//!
//! - freight, insurance and each valuation adjustment in proportion to the invoice value of the
//!   lines they apply to (the same rule as the taxable value, `assess::valuation`), over the
//!   invoice's allocation base (TP) when one is declared;
//! - the gross weight in proportion to the net weight (quantity 2 in KGM) when every line has
//!   one, else to the invoice value; the packages likewise, in whole packages, at least one per
//!   declaration while there are enough — both to be checked against the packing list;
//! - each part's invoice total is the sum of its lines.
//!
//! Shares are rounded with the largest-remainder method: to the 4 decimals VNACCS takes for
//! freight, insurance and adjustments in a foreign currency (TT 38/2015 art. 18.5), to the đồng
//! for VND, to the gram for weights, so every declared sum over the parts equals the whole
//! exactly. The taxable values the parts give may still differ from the whole invoice's by a
//! few đồng (each declaration's lines are rounded to the đồng on their own share): the split
//! report shows the difference. Pure: no IO, no clock.

use rust_decimal::{Decimal, RoundingStrategy};

use super::declaration::{Declaration, FirstDeclaration, MAX_GOODS_LINES};

/// The most lines one invoice may be split from: 16 declarations of 50.
pub const MAX_INVOICE_LINES: usize = 800;

/// Why an invoice cannot be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().joined())]
pub enum SplitError {
    /// It has no goods line.
    Empty,
    /// More lines than 16 declarations hold.
    TooManyLines {
        /// Lines in the invoice.
        count: usize,
    },
    /// The invoice total declared is not the sum of the lines (finding KB-E0402): sharing
    /// out the charges on it would hide the difference.
    TotalMismatch {
        /// The invoice total declared.
        declared: Decimal,
        /// The lines' sum.
        lines: Decimal,
    },
}

impl SplitError {
    /// What to tell the broker.
    pub fn message(&self) -> super::text::Bilingual {
        match self {
            Self::Empty => super::text::Bilingual::new(
                "Hóa đơn không có dòng hàng nào để tách",
                "The invoice has no goods line to split",
            ),
            Self::TotalMismatch { declared, lines } => super::text::Bilingual::new(
                format!(
                    "Tổng trị giá hóa đơn khai là {declared} nhưng các dòng hàng cộng lại là {lines}: sửa tổng trị giá hoặc các dòng hàng trước khi tách (bỏ tổng trị giá để lấy tổng các dòng)"
                ),
                format!(
                    "The invoice total declared is {declared} but the lines add up to {lines}: correct the total or the lines before splitting (leave the total out to take the lines' sum)"
                ),
            ),
            Self::TooManyLines { count } => super::text::Bilingual::new(
                format!(
                    "Hóa đơn có {count} dòng hàng; KhaiBao tách tối đa {MAX_INVOICE_LINES} dòng (16 tờ khai 50 dòng)"
                ),
                format!(
                    "The invoice has {count} goods lines; KhaiBao splits at most {MAX_INVOICE_LINES} (16 declarations of 50)"
                ),
            ),
        }
    }
}

super::text::localized!(SplitError);

/// Declarations whose lines are the invoice's, with the shares of what was declared for the
/// whole invoice. An invoice of at most 50 lines is one declaration, unchanged.
///
/// # Errors
/// [`SplitError`] for an invoice with no line or more than [`MAX_INVOICE_LINES`].
pub fn split_invoice(whole: &Declaration) -> Result<Vec<Declaration>, SplitError> {
    let count = whole.goods.len();
    if count == 0 {
        return Err(SplitError::Empty);
    }
    if count > MAX_INVOICE_LINES {
        return Err(SplitError::TooManyLines { count });
    }
    let sum_lines = whole.goods_invoice_total();
    if let Some(declared) = whole.invoice.total
        && declared != sum_lines
    {
        return Err(SplitError::TotalMismatch {
            declared: declared.normalize(),
            lines: sum_lines.normalize(),
        });
    }
    if count <= MAX_GOODS_LINES {
        return Ok(vec![whole.clone()]);
    }
    let chunks: Vec<&[super::GoodsLine]> = whole.goods.chunks(MAX_GOODS_LINES).collect();
    let parts = chunks.len();
    let value = |lines: &[super::GoodsLine]| -> Decimal {
        lines.iter().filter_map(|g| g.invoice_value).sum()
    };
    let values: Vec<Decimal> = chunks.iter().map(|c| value(c)).collect();
    let sum_all: Decimal = values.iter().sum();
    let base = whole.valuation.allocation_base.unwrap_or(sum_all);
    let mut out: Vec<Declaration> = chunks
        .iter()
        .enumerate()
        .map(|(k, lines)| {
            let mut d = whole.clone();
            d.goods = lines.to_vec();
            d.number = None;
            d.invoice.total = Some(values[k]);
            d.valuation.allocation_base = None;
            d.first_declaration = FirstDeclaration {
                number: (k == 0).then(|| "F".to_owned()),
                sequence: Some(Decimal::from(k + 1)),
                count: Some(Decimal::from(parts)),
            };
            d
        })
        .collect();
    share_charges(whole, &chunks, base, &mut out);
    share_cargo(whole, &chunks, &values, &mut out);
    Ok(out)
}

/// Writes the first declaration's registered number into the FIC of every next one.
pub fn link_to_first(parts: &mut [Declaration], first_number: &str) {
    for part in parts.iter_mut().skip(1) {
        part.first_declaration.number = Some(first_number.to_owned());
    }
}

/// Whether `next` is a later declaration of the same split invoice as `first` (same declarant,
/// invoice number and total count; a place of 2 or more; its FIC still waiting for the first
/// one's number).
pub fn is_next_of(first: &Declaration, next: &Declaration) -> bool {
    let same = |a: Option<&String>, b: Option<&String>| {
        a.map(|s| s.trim().replace('-', "")) == b.map(|s| s.trim().replace('-', ""))
    };
    let link = &next.first_declaration;
    same(
        first.declarant.tax_code.as_ref(),
        next.declarant.tax_code.as_ref(),
    ) && first.invoice.number.is_some()
        && same(first.invoice.number.as_ref(), next.invoice.number.as_ref())
        && link.count == first.first_declaration.count
        && link.sequence.is_some_and(|s| s >= Decimal::TWO)
        && link.number.as_deref().is_none_or(|n| n.trim().is_empty())
}

/// Freight, insurance and adjustments: each part's share by the value of its lines.
fn share_charges(
    whole: &Declaration,
    chunks: &[&[super::GoodsLine]],
    base: Decimal,
    out: &mut [Declaration],
) {
    let weights: Vec<Decimal> = chunks
        .iter()
        .map(|c| c.iter().filter_map(|g| g.invoice_value).sum())
        .collect();
    let scale_of = |currency: Option<&String>| {
        if currency.is_some_and(|c| c.trim().eq_ignore_ascii_case("VND")) {
            0
        } else {
            4
        }
    };
    if let Some(freight) = &whole.valuation.freight
        && let Some(amount) = freight.amount
    {
        let total = amount * part_of(&weights, base);
        for (part, share) in out.iter_mut().zip(allocate(
            total,
            &weights,
            scale_of(freight.currency.as_ref()),
        )) {
            if let Some(f) = part.valuation.freight.as_mut() {
                f.amount = Some(share);
            }
        }
    }
    if let Some(insurance) = &whole.valuation.insurance
        && let Some(amount) = insurance.amount
    {
        let total = amount * part_of(&weights, base);
        for (part, share) in out.iter_mut().zip(allocate(
            total,
            &weights,
            scale_of(insurance.currency.as_ref()),
        )) {
            if let Some(i) = part.valuation.insurance.as_mut() {
                i.amount = Some(share);
            }
        }
    }
    for (j, adjustment) in whole.valuation.adjustments.iter().enumerate() {
        let Some(amount) = adjustment.amount else {
            continue;
        };
        // An adjustment applies to the lines listing its number, or to all when none does.
        let number = u8::try_from(j + 1).unwrap_or(u8::MAX);
        let listed = whole
            .goods
            .iter()
            .any(|g| g.adjustment_refs.contains(&number));
        let applies = |g: &super::GoodsLine| !listed || g.adjustment_refs.contains(&number);
        let weights: Vec<Decimal> = chunks
            .iter()
            .map(|c| {
                c.iter()
                    .filter(|g| applies(g))
                    .filter_map(|g| g.invoice_value)
                    .sum()
            })
            .collect();
        let applicable: Decimal = weights.iter().sum();
        let base = adjustment.allocation_base.unwrap_or(applicable);
        let total = amount * part_of(&weights, base);
        for (part, share) in out.iter_mut().zip(allocate(
            total,
            &weights,
            scale_of(adjustment.currency.as_ref()),
        )) {
            if let Some(a) = part.valuation.adjustments.get_mut(j) {
                a.amount = Some(share);
                a.allocation_base = None;
            }
        }
    }
}

/// The fraction of a charge the declared lines bear: their value over the allocation base.
fn part_of(weights: &[Decimal], base: Decimal) -> Decimal {
    let sum: Decimal = weights.iter().sum();
    if base.is_zero() || sum >= base {
        Decimal::ONE
    } else {
        sum / base
    }
}

/// Gross weight and packages.
fn share_cargo(
    whole: &Declaration,
    chunks: &[&[super::GoodsLine]],
    values: &[Decimal],
    out: &mut [Declaration],
) {
    let net: Option<Vec<Decimal>> = chunks
        .iter()
        .map(|c| {
            c.iter()
                .map(|g| {
                    g.quantity2
                        .unit
                        .as_deref()
                        .filter(|u| u.trim().eq_ignore_ascii_case("KGM"))
                        .and(g.quantity2.amount)
                })
                .sum::<Option<Decimal>>()
        })
        .collect();
    let weights = net
        .filter(|w| !w.iter().sum::<Decimal>().is_zero())
        .unwrap_or_else(|| values.to_vec());
    if let Some(gross) = whole.gross_weight.amount {
        for (part, share) in out.iter_mut().zip(allocate(gross, &weights, 3)) {
            part.gross_weight.amount = Some(share);
        }
    }
    if let Some(packages) = whole.packages.amount {
        let mut shares = allocate(packages, &weights, 0);
        // A declaration has at least one package while there are enough to go round: take
        // one from the largest share for each empty part.
        while packages >= Decimal::from(shares.len())
            && let Some(empty) = shares.iter().position(Decimal::is_zero)
        {
            let Some(largest) = (0..shares.len()).max_by_key(|i| shares[*i]) else {
                break;
            };
            shares[largest] -= Decimal::ONE;
            shares[empty] = Decimal::ONE;
        }
        for (part, share) in out.iter_mut().zip(shares) {
            part.packages.amount = Some(share);
        }
    }
}

/// `total` shared in proportion to `weights`, each share rounded to `scale` decimals so that
/// the shares add up to `total` rounded to `scale` (largest remainder; ties to the first).
/// Equal shares when every weight is zero.
pub fn allocate(total: Decimal, weights: &[Decimal], scale: u32) -> Vec<Decimal> {
    if weights.is_empty() {
        return Vec::new();
    }
    let target = total.round_dp(scale);
    let sum: Decimal = weights.iter().sum();
    let exact: Vec<Decimal> = if sum.is_zero() {
        let n = Decimal::from(weights.len());
        weights.iter().map(|_| total / n).collect()
    } else {
        weights.iter().map(|w| total * *w / sum).collect()
    };
    let mut shares: Vec<Decimal> = exact
        .iter()
        .map(|e| e.round_dp_with_strategy(scale, RoundingStrategy::ToZero))
        .collect();
    let step = Decimal::new(1, scale);
    let mut left = target - shares.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|a, b| {
        (exact[*b] - shares[*b])
            .cmp(&(exact[*a] - shares[*a]))
            .then(a.cmp(b))
    });
    for i in order.iter().cycle() {
        if left < step {
            break;
        }
        shares[*i] += step;
        left -= step;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Adjustment, Charge, Direction, GoodsLine, Quantity};

    fn line(value: i64, net: i64) -> GoodsLine {
        GoodsLine {
            hs_code: Some("84713020".to_owned()),
            description: Some(format!("Máy tính xách tay {value}")),
            invoice_value: Some(Decimal::new(value, 2)),
            quantity2: Quantity {
                amount: Some(Decimal::from(net)),
                unit: Some("KGM".to_owned()),
            },
            ..GoodsLine::default()
        }
    }

    fn invoice(lines: usize) -> Declaration {
        let mut d = Declaration::new(Direction::Import);
        d.invoice.number = Some("INV-2026-118".to_owned());
        d.invoice.currency = Some("USD".to_owned());
        #[allow(clippy::cast_possible_wrap)]
        let goods = (0..lines).map(|i| line(10_000 + (i as i64 * 37) % 991, 1 + (i as i64 % 7)));
        d.goods = goods.collect();
        d.valuation.freight = Some(Charge {
            kind: Some("A".to_owned()),
            currency: Some("USD".to_owned()),
            amount: Some(Decimal::new(1_234_567, 2)),
        });
        d.valuation.insurance = Some(Charge {
            kind: Some("A".to_owned()),
            currency: Some("USD".to_owned()),
            amount: Some(Decimal::new(33_301, 2)),
        });
        d.valuation.adjustments = vec![Adjustment {
            title: Some("AD".to_owned()),
            kind: Some("A".to_owned()),
            currency: Some("VND".to_owned()),
            amount: Some(Decimal::from(10_000_001)),
            allocation_base: None,
        }];
        d.gross_weight = Quantity {
            amount: Some(Decimal::new(5_432_109, 3)),
            unit: Some("KGM".to_owned()),
        };
        d.packages = Quantity {
            amount: Some(Decimal::from(37)),
            unit: Some("CT".to_owned()),
        };
        d
    }

    #[test]
    fn eight_hundred_lines_make_sixteen_declarations_that_add_up_exactly() {
        let whole = invoice(800);
        let parts = split_invoice(&whole).unwrap();
        assert_eq!(parts.len(), 16);
        assert!(parts.iter().all(|p| p.goods.len() == 50));
        let sum = |f: &dyn Fn(&Declaration) -> Option<Decimal>| -> Decimal {
            parts.iter().filter_map(f).sum()
        };
        let lines: Decimal = whole.goods.iter().filter_map(|g| g.invoice_value).sum();
        assert_eq!(sum(&|p| p.invoice.total), lines);
        let freight = |d: &Declaration| d.valuation.freight.as_ref().and_then(|c| c.amount);
        assert_eq!(sum(&freight), Decimal::new(1_234_567, 2));
        let insurance = |d: &Declaration| d.valuation.insurance.as_ref().and_then(|c| c.amount);
        assert_eq!(sum(&insurance), Decimal::new(33_301, 2));
        assert_eq!(
            sum(&|d| d.valuation.adjustments[0].amount),
            Decimal::from(10_000_001)
        );
        assert_eq!(sum(&|d| d.gross_weight.amount), Decimal::new(5_432_109, 3));
        assert_eq!(sum(&|d| d.packages.amount), Decimal::from(37));
        assert!(
            parts
                .iter()
                .all(|p| p.packages.amount >= Some(Decimal::ONE))
        );
        // 4 decimals for USD, whole đồng for VND.
        assert!(parts.iter().all(|p| freight(p).unwrap().scale() <= 4));
        assert!(
            parts
                .iter()
                .all(|p| p.valuation.adjustments[0].amount.unwrap().scale() == 0)
        );
        // The FIC link: F on the first, the place and the total on each.
        assert_eq!(parts[0].first_declaration.number.as_deref(), Some("F"));
        for (k, p) in parts.iter().enumerate() {
            assert_eq!(p.first_declaration.sequence, Some(Decimal::from(k + 1)));
            assert_eq!(p.first_declaration.count, Some(Decimal::from(16)));
            assert_eq!(p.invoice.number.as_deref(), Some("INV-2026-118"));
        }
        // The lines in invoice order, none lost.
        let rejoined: Vec<GoodsLine> = parts.iter().flat_map(|p| p.goods.clone()).collect();
        assert_eq!(rejoined, whole.goods);
        assert!(parts[1..].iter().all(|p| is_next_of(&parts[0], p)));
        assert!(!is_next_of(&parts[0], &parts[0]));
        let mut other_invoice = parts[1].clone();
        other_invoice.invoice.number = Some("INV-2026-119".to_owned());
        assert!(!is_next_of(&parts[0], &other_invoice));
        let mut linked = parts.clone();
        link_to_first(&mut linked, "107812345670");
        assert!(!is_next_of(&linked[0], &linked[1]), "already linked");
        assert_eq!(linked[0].first_declaration.number.as_deref(), Some("F"));
        assert!(
            linked[1..]
                .iter()
                .all(|p| p.first_declaration.number.as_deref() == Some("107812345670"))
        );
    }

    #[test]
    fn a_declared_allocation_base_leaves_the_undeclared_goods_their_share() {
        let mut whole = invoice(60);
        let lines: Decimal = whole.goods.iter().filter_map(|g| g.invoice_value).sum();
        whole.valuation.allocation_base = Some(lines * Decimal::TWO);
        let parts = split_invoice(&whole).unwrap();
        let freight: Decimal = parts
            .iter()
            .filter_map(|p| p.valuation.freight.as_ref().and_then(|c| c.amount))
            .sum();
        assert_eq!(
            freight,
            (Decimal::new(1_234_567, 2) / Decimal::TWO).round_dp(4)
        );
        assert!(parts.iter().all(|p| p.valuation.allocation_base.is_none()));
    }

    #[test]
    fn small_and_oversized_invoices() {
        let small = invoice(50);
        assert_eq!(split_invoice(&small).unwrap(), vec![small]);
        assert_eq!(
            split_invoice(&invoice(801)).unwrap_err(),
            SplitError::TooManyLines { count: 801 }
        );
        assert_eq!(split_invoice(&invoice(0)).unwrap_err(), SplitError::Empty);
        let mut wrong_total = invoice(60);
        wrong_total.invoice.total = Some(wrong_total.goods_invoice_total() + Decimal::ONE);
        let err = split_invoice(&wrong_total).unwrap_err();
        assert!(matches!(err, SplitError::TotalMismatch { .. }), "{err}");
        crate::domain::text::assert_apart(&err);
        wrong_total.invoice.total = Some(wrong_total.goods_invoice_total());
        assert_eq!(split_invoice(&wrong_total).unwrap().len(), 2);
        crate::domain::text::assert_apart(&SplitError::TooManyLines { count: 801 });
        let shares = allocate(Decimal::from(10), &[Decimal::ONE; 3], 0);
        assert_eq!(
            shares,
            [Decimal::from(4), Decimal::from(3), Decimal::from(3)]
        );
        let zero = allocate(Decimal::new(1, 2), &[Decimal::ZERO, Decimal::ZERO], 2);
        assert_eq!(zero.iter().sum::<Decimal>(), Decimal::new(1, 2));
    }
}
