//! The evidence of a candidate bead: lengths, structure and anchors, computed from
//! per-document tables built once (prefix sums, anchor bonuses and penalties, anchor
//! unions of multi-sentence spans), so that the search scores a bead with one merge of
//! two sorted id lists. `align` asks it for every candidate; `pipeline` for the final
//! beads' confidence and flags.

use std::ops::Range;

use crate::align::{Problem, prefix_sums};
use crate::anchors;
use crate::cost::BeadEvidence;

/// Computes the evidence of candidate beads, with per-document tables built once.
pub struct BeadScorer<'a> {
    pub(crate) problem: &'a Problem<'a>,
    src_prefix: Vec<f32>,
    tgt_prefix: Vec<f32>,
    /// Bonus for sharing each anchor id, and penalty for missing it.
    bonus: Vec<f32>,
    penalty: Vec<f32>,
    /// Kind weight of each anchor id divided by ln(1 + nm): what the bonus loses per
    /// unit of ln(pairs) when a bead covers several sentence pairs.
    discount: Vec<f32>,
    /// Prefix sums of each sentence's total anchor bonus, for `anchor_bound`.
    src_mass: Vec<f32>,
    tgt_mass: Vec<f32>,
    /// Anchor sets of multi-sentence spans, built once instead of once per cell.
    src_unions: Unions,
    tgt_unions: Unions,
}

/// The sorted anchor-id unions of every span of 2 to `max` consecutive sentences.
struct Unions {
    /// For span length k (index k - 2): offsets into `ids` of the span ending at each
    /// sentence boundary e (index e - k), plus one final offset.
    offsets: Vec<Vec<usize>>,
    ids: Vec<Vec<u32>>,
}

impl Unions {
    fn new(lists: &[Vec<u32>], max: usize) -> Unions {
        let mut offsets = Vec::new();
        let mut all = Vec::new();
        let mut scratch = Vec::new();
        for k in 2..=max.max(1) {
            let mut starts = Vec::new();
            let mut ids = Vec::new();
            for end in k..=lists.len() {
                starts.push(ids.len());
                scratch.clear();
                for list in &lists[end - k..end] {
                    scratch.extend_from_slice(list);
                }
                scratch.sort_unstable();
                scratch.dedup();
                ids.extend_from_slice(&scratch);
            }
            starts.push(ids.len());
            offsets.push(starts);
            all.push(ids);
        }
        Unions { offsets, ids: all }
    }

    /// The anchors of sentences `range`.
    fn get<'b>(&'b self, lists: &'b [Vec<u32>], range: Range<usize>) -> &'b [u32] {
        let k = range.len();
        match k {
            0 => &[],
            1 => &lists[range.start],
            _ => {
                let starts = &self.offsets[k - 2];
                let at = range.end - k;
                &self.ids[k - 2][starts[at]..starts[at + 1]]
            }
        }
    }
}

impl<'a> BeadScorer<'a> {
    pub fn new(problem: &'a Problem<'a>) -> BeadScorer<'a> {
        let anchors = problem.anchors;
        let params = &problem.model.params;
        let ids = 0..anchors.kinds.len() as u32;
        let bonus: Vec<f32> = ids
            .clone()
            .map(|id| {
                params.anchor_weights[anchors.kinds[id as usize] as usize] as f32
                    * anchors.specificity(id)
            })
            .collect();
        let norm = 1.0
            / (1.0 + (anchors.size.0 * anchors.size.1) as f64)
                .ln()
                .max(1e-9);
        let discount = ids
            .clone()
            .map(|id| (params.anchor_weights[anchors.kinds[id as usize] as usize] * norm) as f32)
            .collect();
        let penalty = ids
            .map(|id| {
                if anchors.alignable(id) {
                    params.mismatch_weights[anchors.kinds[id as usize] as usize] as f32
                } else {
                    0.0
                }
            })
            .collect();
        let max_src = problem.model.shapes().map(|s| s.src).max().unwrap_or(1);
        let max_tgt = problem.model.shapes().map(|s| s.tgt).max().unwrap_or(1);
        let mass = |lists: &[Vec<u32>]| -> Vec<f32> {
            let sums: Vec<f32> = lists
                .iter()
                .map(|ids| ids.iter().map(|&id| bonus[id as usize]).sum())
                .collect();
            prefix_sums(&sums)
        };
        let (src_mass, tgt_mass) = (mass(&anchors.src), mass(&anchors.tgt));
        BeadScorer {
            problem,
            src_mass,
            tgt_mass,
            src_prefix: prefix_sums(&problem.src.lengths),
            tgt_prefix: prefix_sums(&problem.tgt.lengths),
            bonus,
            penalty,
            discount,
            src_unions: Unions::new(&anchors.src, max_src),
            tgt_unions: Unions::new(&anchors.tgt, max_tgt),
        }
    }

    /// The evidence for a bead joining source sentences `src` and target sentences `tgt`.
    pub fn evidence(&self, src: Range<usize>, tgt: Range<usize>) -> BeadEvidence {
        let mut e = self.base(&src, &tgt);
        self.add_anchors(&mut e, src, tgt);
        e
    }

    /// The most the anchor terms can lower a bead's cost: the shared bonus cannot exceed
    /// either side's anchor mass, and the similarity is at most 1.
    pub fn anchor_bound(&self, src: &Range<usize>, tgt: &Range<usize>) -> f32 {
        let a = self.src_mass[src.end] - self.src_mass[src.start];
        let b = self.tgt_mass[tgt.end] - self.tgt_mass[tgt.start];
        if a > 0.0 && b > 0.0 {
            a.min(b) + self.problem.model.params.similarity_weight as f32
        } else {
            0.0
        }
    }

    /// Evidence without anchors: lengths and structure.
    pub fn base(&self, src: &Range<usize>, tgt: &Range<usize>) -> BeadEvidence {
        let p = self.problem;
        BeadEvidence {
            src_len: self.src_prefix[src.end] - self.src_prefix[src.start],
            tgt_len: self.tgt_prefix[tgt.end] - self.tgt_prefix[tgt.start],
            breaks: (breaks(&p.src.paragraphs, src) + breaks(&p.tgt.paragraphs, tgt)) as f32,
            fragments: (fragments(&p.src.fragments, src) + fragments(&p.tgt.fragments, tgt)) as f32,
            ..Default::default()
        }
    }

    /// Adds the anchor terms to `e`.
    pub fn add_anchors(&self, e: &mut BeadEvidence, src: Range<usize>, tgt: Range<usize>) {
        let p = self.problem;
        let pairs = ((src.len() * tgt.len()).max(1) as f32).ln();
        let a = self.src_unions.get(&p.anchors.src, src);
        let b = self.tgt_unions.get(&p.anchors.tgt, tgt);
        let (mut mass_a, mut mass_b) = (0.0f32, 0.0f32);
        // A bead over a x b sentence pairs shares an anchor by chance a x b times as
        // often as a single pair: each shared anchor is worth ln(ab) less.
        anchors::merge(a, b, |id, in_a, in_b| {
            let bonus = self.bonus[id as usize];
            if in_a && in_b {
                e.shared += (bonus - self.discount[id as usize] * pairs).max(0.0);
            } else {
                e.unmatched += self.penalty[id as usize];
            }
            mass_a += if in_a { bonus } else { 0.0 };
            mass_b += if in_b { bonus } else { 0.0 };
        });
        if mass_a > 0.0 && mass_b > 0.0 {
            e.similarity = e.shared / (mass_a * mass_b).sqrt();
        }
    }
}

fn breaks(paragraphs: &[usize], range: &Range<usize>) -> usize {
    if range.len() < 2 {
        return 0;
    }
    paragraphs[range.end - 1] - paragraphs[range.start]
}

fn fragments(flags: &[bool], range: &Range<usize>) -> usize {
    if range.len() < 2 {
        return 0;
    }
    flags[range.clone()].iter().filter(|&&f| f).count()
}
