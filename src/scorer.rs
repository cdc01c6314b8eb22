//! The evidence of a candidate bead: lengths, structure and anchors, computed from
//! per-document tables built once (prefix sums, anchor bonuses and penalties, the anchor
//! sets of multi-sentence spans with their total bonus and penalty), so that the search
//! scores a bead with one intersection of two short sorted id lists. `align` asks it for
//! every candidate; `pipeline` for the final beads' confidence and flags.

use std::ops::Range;

use crate::align::{Problem, prefix_sums};
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
    /// Anchor sets of every span the search can ask for, built once instead of once
    /// per cell.
    src_spans: Spans,
    tgt_spans: Spans,
}

/// The sorted anchor ids of every span of 1 to `max` consecutive sentences, with each
/// span's total bonus and total penalty.
///
/// Only anchors found on both sides of the document are kept: an anchor one side lacks
/// everywhere has neither bonus nor penalty, and dropping it leaves every bead's
/// evidence as it was while the lists the search intersects get shorter.
struct Spans {
    /// For span length k (index k - 1): offsets into `ids` of the span ending at each
    /// sentence boundary e (index e - k), plus one final offset.
    offsets: Vec<Vec<u32>>,
    ids: Vec<Vec<u32>>,
    /// Total bonus and penalty of each span, indexed like `offsets` without the last.
    mass: Vec<Vec<f32>>,
    penalty: Vec<Vec<f32>>,
    /// Total orphan penalty of each span (anchors the other side lacks everywhere).
    orphan: Vec<Vec<f32>>,
}

/// Longest source span whose anchors `mark_sources` marks (one bit per span length).
const MAX_MARKED_SPAN: usize = 31;

/// Which anchors the source spans ending at one row hold (see `mark_sources`).
#[derive(Default)]
pub struct SourceMarks {
    mask: Vec<u32>,
    marked: Vec<u32>,
    row: Option<usize>,
}

/// One span's anchors: ids, total bonus, total penalty.
struct SpanAnchors<'b> {
    ids: &'b [u32],
    mass: f32,
    penalty: f32,
    orphan: f32,
}

impl Spans {
    fn new(
        lists: &[Vec<u32>],
        max: usize,
        keep: &[bool],
        bonus: &[f32],
        penalty: &[f32],
        orphan: &[f32],
    ) -> Spans {
        let mut spans = Spans {
            offsets: Vec::new(),
            ids: Vec::new(),
            mass: Vec::new(),
            penalty: Vec::new(),
            orphan: Vec::new(),
        };
        let mut scratch = Vec::new();
        for k in 1..=max.max(1) {
            let mut starts = Vec::with_capacity(lists.len() + 1);
            let (mut ids, mut masses, mut penalties) = (Vec::new(), Vec::new(), Vec::new());
            let mut orphans = Vec::new();
            for end in k..=lists.len() {
                starts.push(ids.len() as u32);
                scratch.clear();
                for list in &lists[end - k..end] {
                    scratch.extend_from_slice(list);
                }
                scratch.sort_unstable();
                scratch.dedup();
                orphans.push(scratch.iter().map(|&id| orphan[id as usize]).sum());
                scratch.retain(|&id| keep[id as usize]);
                masses.push(scratch.iter().map(|&id| bonus[id as usize]).sum());
                penalties.push(scratch.iter().map(|&id| penalty[id as usize]).sum());
                ids.extend_from_slice(&scratch);
            }
            starts.push(ids.len() as u32);
            spans.offsets.push(starts);
            spans.ids.push(ids);
            spans.mass.push(masses);
            spans.penalty.push(penalties);
            spans.orphan.push(orphans);
        }
        spans
    }

    /// The anchors of sentences `range` (at most `max` of them).
    fn get(&self, range: &Range<usize>) -> SpanAnchors<'_> {
        let k = range.len();
        if k == 0 {
            return SpanAnchors {
                ids: &[],
                mass: 0.0,
                penalty: 0.0,
                orphan: 0.0,
            };
        }
        let at = range.end - k;
        let starts = &self.offsets[k - 1];
        SpanAnchors {
            ids: &self.ids[k - 1][starts[at] as usize..starts[at + 1] as usize],
            mass: self.mass[k - 1][at],
            penalty: self.penalty[k - 1][at],
            orphan: self.orphan[k - 1][at],
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
        let keep: Vec<bool> = ids.clone().map(|id| anchors.alignable(id)).collect();
        let penalty: Vec<f32> = ids
            .map(|id| {
                if keep[id as usize] {
                    params.mismatch_weights[anchors.kinds[id as usize] as usize] as f32
                } else {
                    0.0
                }
            })
            .collect();
        let orphan: Vec<f32> = (0..anchors.kinds.len())
            .map(|id| {
                if keep[id] {
                    0.0
                } else {
                    params.orphan_weights[anchors.kinds[id] as usize] as f32
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
            src_spans: Spans::new(&anchors.src, max_src, &keep, &bonus, &penalty, &orphan),
            tgt_spans: Spans::new(&anchors.tgt, max_tgt, &keep, &bonus, &penalty, &orphan),
            bonus,
            penalty,
            discount,
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

    /// Marks, for the search's row `end`, which anchors each source span ending there
    /// holds: bit k of an anchor's mark is set when the span of k sentences has it. The
    /// search then scores a bead by looking up the target span's anchors, instead of
    /// walking both sorted lists for every candidate.
    pub fn mark_sources(&self, marks: &mut SourceMarks, end: usize) {
        for &id in &marks.marked {
            marks.mask[id as usize] = 0;
        }
        marks.marked.clear();
        marks.mask.resize(self.bonus.len(), 0);
        for k in 1..=self.src_spans.ids.len().min(MAX_MARKED_SPAN).min(end) {
            for &id in self.src_spans.get(&(end - k..end)).ids {
                if marks.mask[id as usize] == 0 {
                    marks.marked.push(id);
                }
                marks.mask[id as usize] |= 1 << k;
            }
        }
        marks.row = Some(end);
    }

    /// `add_anchors` for a bead whose source span ends at the row `marks` was made for.
    pub fn add_anchors_marked(
        &self,
        e: &mut BeadEvidence,
        src: Range<usize>,
        tgt: Range<usize>,
        marks: &SourceMarks,
    ) {
        let usable = marks.row == Some(src.end) && src.len() <= MAX_MARKED_SPAN;
        self.anchor_terms(e, src, tgt, usable.then_some(marks));
    }

    /// Adds the anchor terms to `e`.
    pub fn add_anchors(&self, e: &mut BeadEvidence, src: Range<usize>, tgt: Range<usize>) {
        self.anchor_terms(e, src, tgt, None);
    }

    /// The anchor terms, finding the shared anchors through `marks` when given (the
    /// search) or by walking both sorted lists.
    fn anchor_terms(
        &self,
        e: &mut BeadEvidence,
        src: Range<usize>,
        tgt: Range<usize>,
        marks: Option<&SourceMarks>,
    ) {
        let a = self.src_spans.get(&src);
        let b = self.tgt_spans.get(&tgt);
        // Every anchor of either side is unmatched unless the other side shares it.
        e.unmatched += a.penalty + b.penalty;
        if !src.is_empty() && !tgt.is_empty() {
            e.unmatched += a.orphan + b.orphan;
        }
        if a.ids.is_empty() || b.ids.is_empty() {
            return;
        }
        let pairs = ((src.len() * tgt.len()).max(1) as f32).ln();
        let (mut shared, mut shared_penalty) = (0.0f32, 0.0f32);
        let mut share = |id: u32| {
            let id = id as usize;
            // A bead over a x b sentence pairs shares an anchor by chance a x b times as
            // often as a single pair: each shared anchor is worth ln(ab) less.
            shared += (self.bonus[id] - self.discount[id] * pairs).max(0.0);
            shared_penalty += self.penalty[id];
        };
        match marks {
            Some(marks) => {
                let bit = 1u32 << src.len();
                for &id in b.ids {
                    if marks.mask[id as usize] & bit != 0 {
                        share(id);
                    }
                }
            }
            None => {
                let (mut x, mut y) = (0, 0);
                while x < a.ids.len() && y < b.ids.len() {
                    let (p, q) = (a.ids[x], b.ids[y]);
                    if p == q {
                        share(p);
                        x += 1;
                        y += 1;
                    } else if p < q {
                        x += 1;
                    } else {
                        y += 1;
                    }
                }
            }
        }
        e.shared += shared;
        e.unmatched -= 2.0 * shared_penalty;
        if a.mass > 0.0 && b.mass > 0.0 {
            e.similarity = e.shared / (a.mass * b.mass).sqrt();
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
