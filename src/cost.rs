//! The cost of a bead: how unlikely it is that these source sentences translate these
//! target sentences, in nats (negative log-probability, lower is better).
//!
//! Four terms add up: the prior of the bead's shape (1-1 is common, 2-2 rare); a
//! Gale–Church length term, the two-tailed probability of the target length given the
//! source length under the document's character ratio and variance; anchor evidence, a
//! bonus for every anchor both sides share (more for rare ones) and a penalty for every
//! anchor only one side has although the document's other side has it somewhere; and
//! structure, a penalty for merging across a paragraph break or merging a title-like
//! unit with its neighbours. Omissions and additions (1-0, 0-1) have a flat cost instead of a length
//! term, so that how long an omitted sentence is does not matter.

use crate::anchors::KINDS;

/// A bead's shape: how many source and target sentences it joins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    pub src: usize,
    pub tgt: usize,
}

impl Shape {
    pub const fn new(src: usize, tgt: usize) -> Shape {
        Shape { src, tgt }
    }

    /// An omission or addition: one side is empty.
    pub fn is_indel(&self) -> bool {
        self.src == 0 || self.tgt == 0
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.src, self.tgt)
    }
}

/// Parameters of the cost model. `Default` gives the values chosen on Text+Berg dev.
#[derive(Clone, Debug)]
pub struct CostParams {
    /// Bead shapes allowed, with their prior probabilities (they need not sum to one:
    /// only their ratios matter for the search).
    pub shapes: Vec<(Shape, f64)>,
    /// Variance of the target length per character of the bead, Gale–Church's s².
    pub variance: f64,
    /// Flat cost added to an omission or addition besides its prior.
    pub indel_cost: f64,
    /// Bonus (nats) for sharing an anchor of each kind (`AnchorKind as usize`) that is
    /// found once on each side; commoner anchors earn less (`Anchors::specificity`).
    pub anchor_weights: [f64; KINDS],
    /// Penalty (nats) per anchor of each kind that one side of a bead has and the other
    /// lacks, counted only for anchors found on both sides of the document.
    pub mismatch_weights: [f64; KINDS],
    /// Penalty (nats) per anchor of each kind found on one side of the document only,
    /// in a bead with sentences on both sides: such an anchor (a number, a name) has no
    /// counterpart anywhere, so its sentence is more likely omitted than merged.
    pub orphan_weights: [f64; KINDS],
    /// Bonus (nats) for the cosine similarity of the two sides' anchor vectors (anchors
    /// weighted by kind and specificity): unlike the per-anchor bonus it does not grow
    /// when a bead takes in more sentences.
    pub similarity_weight: f64,
    /// Penalty per paragraph break inside one side of a bead.
    pub paragraph_break: f64,
    /// Penalty per unit without final punctuation (a title, a caption, a byline) merged
    /// with other sentences in a bead.
    pub fragment_merge: f64,
    /// Penalty for leaving out (or adding) on its own a unit that leads into the next
    /// with a colon or a comma: translators leave out sentences, not their first half.
    pub lead_in_omission: f64,
    /// Penalty for a bead whose one side ends with a caption-like unit (a title, a
    /// byline, "Read more") and the other with a punctuated sentence: titles translate
    /// into titles, and a caption paired with a sentence is two units left unaligned.
    pub form_mismatch: f64,
}

impl Default for CostParams {
    fn default() -> Self {
        CostParams {
            // Gale & Church 1993, table 5, with the 1-0/0-1 and 2-1/1-2 mass split evenly;
            // the larger shapes (Text+Berg has them, and legal Arabic–English too) with
            // priors chosen on Text+Berg dev.
            shapes: vec![
                (Shape::new(1, 1), 0.89),
                (Shape::new(1, 0), 0.0099 / 2.0),
                (Shape::new(0, 1), 0.0099 / 2.0),
                (Shape::new(2, 1), 0.089 / 2.0),
                (Shape::new(1, 2), 0.089 / 2.0),
                (Shape::new(2, 2), 0.03),
                (Shape::new(3, 1), 0.003),
                (Shape::new(1, 3), 0.003),
                (Shape::new(4, 1), 0.0003),
                (Shape::new(1, 4), 0.0003),
                (Shape::new(3, 2), 0.003),
                (Shape::new(2, 3), 0.003),
                (Shape::new(5, 1), 0.00003),
                (Shape::new(1, 5), 0.00003),
            ],
            variance: 6.8,
            indel_cost: -2.0,
            anchor_weights: [4.0, 0.5, 2.0, 1.0, 1.0, 1.0, 1.0],
            mismatch_weights: [1.0, 0.2, 0.3, 0.4, 0.2, 0.0, 0.4],
            // Numbers only: on Text+Berg dev (8 noisy seeds) 1 gave clean .891 -> .892,
            // noisy .850 -> .852; orphan cognates and punctuation lowered dev, names had
            // no effect on it.
            orphan_weights: [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            similarity_weight: 4.0,
            paragraph_break: 2.0,
            fragment_merge: 2.0,
            lead_in_omission: 1.0,
            // Chosen on Text+Berg dev (8 noisy seeds): 0 gave .902 / noisy .863, 1 .864,
            // 3 .868, 5 .871, 8 .873 (clean .902 for all): it acts almost as a rule,
            // and 5 leaves room for a caption that does translate a sentence.
            form_mismatch: 5.0,
        }
    }
}

/// Smallest prior an omission or addition can have.
const MIN_PRIOR: f64 = 1e-9;

/// The cost model for one document pair: parameters plus the pair's length ratio.
#[derive(Clone, Debug)]
pub struct CostModel {
    pub params: CostParams,
    /// Expected target characters per source character in this document pair.
    pub ratio: f64,
    /// Variance per character for this document pair.
    pub variance: f64,
    /// -ln(prior) of each shape, in the order of `params.shapes`.
    pub shape_costs: Vec<f32>,
}

/// Steps per unit of |δ| in the table of the length term.
const TAIL_STEPS: f32 = 128.0;
/// The table covers |δ| below this; larger differences (rare in a band around the
/// diagonal) are computed directly.
const TAIL_LIMIT: f32 = 32.0;

/// `neg_log_two_tailed` at |δ| = k / TAIL_STEPS, and the step from it to the next
/// entry's, so that the search, which asks for the length term of every candidate bead,
/// interpolates in a table instead of calling `exp` and `ln` (linear interpolation of
/// this smooth curve is exact to about 1e-5 nats). Each entry holds both numbers, which
/// one load reads: the step computed as the search did, so the terms are the same.
fn tail_table() -> &'static [[f32; 2]] {
    static TABLE: std::sync::OnceLock<Vec<[f32; 2]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let values: Vec<f32> = (0..=(TAIL_LIMIT * TAIL_STEPS) as usize + 1)
            .map(|k| neg_log_two_tailed(k as f64 / TAIL_STEPS as f64) as f32)
            .collect();
        values.windows(2).map(|w| [w[0], w[1] - w[0]]).collect()
    })
}

/// `neg_log_two_tailed(d)` for d ≥ 0, from the table below `TAIL_LIMIT`.
#[inline]
fn tail_cost(d: f32) -> f32 {
    tail_cost_in(tail_table(), d)
}

/// [`tail_cost`] with the table already fetched, for loops over many lengths.
#[inline]
fn tail_cost_in(table: &[[f32; 2]], d: f32) -> f32 {
    if d >= TAIL_LIMIT {
        return neg_log_two_tailed(d as f64) as f32;
    }
    let x = d * TAIL_STEPS;
    // Below TAIL_LIMIT × TAIL_STEPS, x fits an i32, whose conversions to and from f32
    // are single instructions on x86-64 (usize's are not: 6% of a long document's
    // instructions were this line's).
    let k = x as i32;
    let [value, step] = table[k as usize];
    value + step * (x - k as f32)
}

/// The length term of standardized differences, with its table fetched once for a loop
/// over many candidates.
#[derive(Clone, Copy, Debug)]
pub struct LengthTerms(&'static [[f32; 2]]);

impl LengthTerms {
    pub fn get() -> LengthTerms {
        LengthTerms(tail_table())
    }

    /// `neg_log_two_tailed(d)` for d ≥ 0.
    #[inline]
    pub fn of(self, d: f32) -> f32 {
        tail_cost_in(self.0, d)
    }
}

/// What the search knows about a candidate bead.
#[derive(Clone, Copy, Debug, Default)]
pub struct BeadEvidence {
    /// Source and target lengths (sum over the bead's sentences).
    pub src_len: f32,
    pub tgt_len: f32,
    /// Sum of the bonuses of the anchors both sides share.
    pub shared: f32,
    /// Sum of the penalties of the anchors only one side has.
    pub unmatched: f32,
    /// Cosine similarity of the two sides' weighted anchor sets, in [0, 1].
    pub similarity: f32,
    /// Paragraph breaks inside the two sides.
    pub breaks: f32,
    /// Units without final punctuation in a side of two or more units.
    pub fragments: f32,
    /// Units leading into the next with a colon, in a bead with one side empty.
    pub lead_ins: f32,
    /// 1 for a bead with both sides whose last units clash (`Ending::clashes`), else 0.
    pub form_mismatch: f32,
}

impl CostModel {
    /// Builds the model. Omission and addition (1-0, 0-1) are always allowed, with a
    /// tiny prior if the parameters leave them out, so that every alignment has a path;
    /// shapes with a prior of zero or an empty side on both ends are dropped.
    pub fn new(mut params: CostParams, ratio: f64, variance: f64) -> CostModel {
        params
            .shapes
            .retain(|(s, p)| (s.src > 0 || s.tgt > 0) && *p > 0.0);
        for shape in [Shape::new(1, 0), Shape::new(0, 1)] {
            if !params.shapes.iter().any(|(s, _)| *s == shape) {
                params.shapes.push((shape, MIN_PRIOR));
            }
        }
        let shape_costs = params
            .shapes
            .iter()
            .map(|(_, p)| -(p.ln()) as f32)
            .collect();
        CostModel {
            params,
            ratio,
            variance,
            shape_costs,
        }
    }

    pub fn shapes(&self) -> impl Iterator<Item = Shape> + '_ {
        self.params.shapes.iter().map(|(s, _)| *s)
    }

    /// The standardized length difference of a bead, Gale–Church's δ.
    pub fn delta(&self, src_len: f32, tgt_len: f32) -> f64 {
        let expected = src_len as f64 * self.ratio;
        let mean = (expected + tgt_len as f64) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        (tgt_len as f64 - expected) / (self.variance * mean).sqrt()
    }

    /// The length term: -ln P(|δ| at least this large).
    pub fn length_cost(&self, src_len: f32, tgt_len: f32) -> f32 {
        let expected = src_len * self.ratio as f32;
        let mean = (expected + tgt_len) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        tail_cost((tgt_len - expected).abs() / (self.variance as f32 * mean).sqrt())
    }

    /// The standardized differences |δ| of target spans from source spans of `expected`
    /// target characters, into `deltas`: span x runs from prefix sum `starts[x]` to
    /// `ends[x]`. One loop the compiler vectorizes; the search then looks up the length
    /// term ([`LengthTerms`]) only for the candidates that can still win a cell.
    pub fn length_deltas(
        &self,
        expected: f32,
        ends: &[f32],
        starts: &[f32],
        deltas: &mut Vec<f32>,
    ) {
        let variance = self.variance as f32;
        deltas.clear();
        deltas.extend(ends.iter().zip(starts).map(|(&end, &start)| {
            let t = end - start;
            let mean = (expected + t) / 2.0;
            // Both lengths zero: no difference (and no division by zero).
            (t - expected).abs() / (variance * mean).max(f32::MIN_POSITIVE).sqrt()
        }));
    }

    /// The anchor terms: penalties for unmatched anchors less the shared bonus and the
    /// similarity bonus.
    pub fn anchor_cost(&self, e: &BeadEvidence) -> f32 {
        e.unmatched - e.shared - self.params.similarity_weight as f32 * e.similarity
    }

    /// Evidence terms other than shape and length: anchors and structure.
    pub fn evidence_cost(&self, e: &BeadEvidence) -> f32 {
        self.anchor_cost(e)
            + self.params.paragraph_break as f32 * e.breaks
            + self.params.fragment_merge as f32 * e.fragments
            + self.params.lead_in_omission as f32 * e.lead_ins
            + self.params.form_mismatch as f32 * e.form_mismatch
    }

    /// The full cost of a bead of shape number `shape` (an index into `params.shapes`).
    pub fn cost(&self, shape: usize, e: &BeadEvidence) -> f32 {
        let (s, _) = self.params.shapes[shape];
        let length = if s.is_indel() {
            self.params.indel_cost as f32
        } else {
            self.length_cost(e.src_len, e.tgt_len)
        };
        self.shape_costs[shape] + length + self.evidence_cost(e)
    }
}

/// -ln(2 (1 - Φ(d))) for d ≥ 0: the cost of a standardized difference this large.
pub fn neg_log_two_tailed(d: f64) -> f64 {
    // 2 (1 - Φ(d)) = erfc(d / √2). Past d = 6 the series below loses precision, and the
    // asymptotic form erfc(x) ≈ exp(-x²) / (x √π) is accurate to well under 1%.
    if d < 6.0 {
        -erfc(d / std::f64::consts::SQRT_2).ln()
    } else {
        d * d / 2.0 + d.ln() + 0.5 * (std::f64::consts::PI / 2.0).ln()
    }
}

/// Complementary error function, Numerical Recipes' Chebyshev fit (relative error
/// below 1.2e-7 everywhere), for x ≥ 0.
fn erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    t * (-x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
        .exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_known_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-6);
        assert!((erfc(1.0) - 0.157_299_207).abs() < 1e-6);
        assert!((erfc(2.0) - 0.004_677_735).abs() < 1e-7);
    }

    #[test]
    fn tail_cost_is_continuous_and_increasing() {
        let below = neg_log_two_tailed(5.999_999);
        let above = neg_log_two_tailed(6.0);
        assert!((below - above).abs() / above < 0.01, "{below} {above}");
        let mut last = -1.0;
        for k in 0..200 {
            let c = neg_log_two_tailed(k as f64 * 0.1);
            assert!(c >= last, "not increasing at {k}");
            last = c;
        }
        assert!(neg_log_two_tailed(0.0).abs() < 1e-6);
    }

    #[test]
    fn length_table_matches_the_formula() {
        let model = CostModel::new(CostParams::default(), 0.8, 6.8);
        for (src, tgt) in [
            (100.0, 80.0),
            (40.0, 75.0),
            (3.0, 90.0),
            (200.0, 1.0),
            (1.0, 1.0),
        ] {
            let exact = neg_log_two_tailed(model.delta(src, tgt).abs()) as f32;
            let fast = model.length_cost(src, tgt);
            assert!(
                (exact - fast).abs() < 1e-3 * exact.max(1.0),
                "{src} {tgt}: {exact} {fast}"
            );
        }
    }

    #[test]
    fn length_cost_uses_ratio() {
        let model = CostModel::new(CostParams::default(), 0.8, 6.8);
        assert!(model.length_cost(100.0, 80.0) < 0.01);
        assert!(model.length_cost(100.0, 100.0) > model.length_cost(100.0, 80.0));
    }

    #[test]
    fn shared_anchors_lower_the_cost_and_missing_ones_raise_it() {
        let model = CostModel::new(CostParams::default(), 1.0, 6.8);
        let base = BeadEvidence {
            src_len: 50.0,
            tgt_len: 50.0,
            ..Default::default()
        };
        let shared = BeadEvidence {
            shared: 1.0,
            similarity: 1.0,
            ..base
        };
        let missing = BeadEvidence {
            unmatched: 0.5,
            ..base
        };
        let broken = BeadEvidence {
            breaks: 1.0,
            ..base
        };
        assert!(model.cost(0, &shared) < model.cost(0, &base));
        assert!(model.cost(0, &missing) > model.cost(0, &base));
        assert!(model.cost(0, &broken) > model.cost(0, &base));
    }
}
