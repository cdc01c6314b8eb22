//! Confidence: a score in [0, 1] per bead that a reviewer can sort by.
//!
//! Two things make a bead doubtful: a rival way of aligning the same stretch was almost
//! as cheap (the search's margin at the bead's end cell), or the bead fits badly in
//! itself (its length term plus anchor evidence is far from what a clean translation
//! gives). The score multiplies a logistic function of the margin by an exponential
//! decay of the misfit; omissions and additions have no fit term, only the margin.

use crate::align::Bead;
use crate::cost::{BeadEvidence, CostModel};

/// Margin (nats) at which the margin factor is one half.
const MARGIN_MIDPOINT: f32 = 0.5;
/// Steepness of the margin factor, per nat.
const MARGIN_SLOPE: f32 = 2.0;
/// Misfit (nats) that costs nothing: a 1-1 bead with |δ| ≈ 1.4 and no anchors.
const FREE_MISFIT: f32 = 2.0;
/// Misfit beyond the free amount that divides the score by e.
const MISFIT_SCALE: f32 = 3.0;

/// The confidence of `bead`, given its evidence under `model`.
pub fn confidence(bead: &Bead, evidence: &BeadEvidence, model: &CostModel) -> f32 {
    let by_margin = 1.0 / (1.0 + (-(bead.margin - MARGIN_MIDPOINT) * MARGIN_SLOPE).exp());
    if bead.shape().is_indel() {
        return by_margin.clamp(0.0, 1.0);
    }
    let misfit =
        model.length_cost(evidence.src_len, evidence.tgt_len) + model.evidence_cost(evidence);
    let by_fit = (-(misfit - FREE_MISFIT).max(0.0) / MISFIT_SCALE).exp();
    (by_margin * by_fit).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::CostParams;

    fn bead(src: usize, tgt: usize, margin: f32) -> Bead {
        Bead {
            src: 0..src,
            tgt: 0..tgt,
            cost: 0.0,
            margin,
        }
    }

    #[test]
    fn in_range_and_ordered() {
        let model = CostModel::new(CostParams::default(), 1.0, 6.8);
        let good = BeadEvidence {
            src_len: 50.0,
            tgt_len: 50.0,
            ..Default::default()
        };
        let bad = BeadEvidence {
            src_len: 50.0,
            tgt_len: 150.0,
            ..Default::default()
        };
        let sure = confidence(&bead(1, 1, 10.0), &good, &model);
        let rival = confidence(&bead(1, 1, 0.0), &good, &model);
        let misfit = confidence(&bead(1, 1, 10.0), &bad, &model);
        assert!(sure > 0.95, "{sure}");
        assert!(rival < 0.5 && misfit < 0.5, "{rival} {misfit}");
        for c in [
            sure,
            rival,
            misfit,
            confidence(&bead(1, 0, f32::INFINITY), &good, &model),
        ] {
            assert!((0.0..=1.0).contains(&c));
        }
    }
}
