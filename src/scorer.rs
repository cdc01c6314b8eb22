//! The evidence of candidate beads, from per-document tables built once.
//!
//! A bead's cost splits into terms of each side's span alone — length, paragraph breaks
//! and title-like units inside it, the penalty of every anchor it holds — and the terms
//! of the anchors both sides share. The first kind is tabulated per span (`SideTables`),
//! so that the search reads it from arrays. The second is rare: most candidate beads share
//! no anchor. `AnchorRows` finds, row by row of the search, the few candidates that do,
//! by walking each source sentence's anchors through the target sentences near it, and
//! hands the search a correction for each. `BeadScorer::evidence` computes the same
//! evidence directly for one bead (the final beads' confidence and flags, `realign`).

use std::ops::Range;

use crate::align::{Problem, prefix_sums};
use crate::cost::{BeadEvidence, Shape};

/// Per-document tables: anchor weights, and each side's span terms.
pub struct BeadScorer<'a> {
    pub(crate) problem: &'a Problem<'a>,
    /// Bonus for sharing each anchor id, and penalty for missing it (zero for anchors
    /// one side of the document lacks everywhere: they can be neither).
    bonus: Vec<f32>,
    penalty: Vec<f32>,
    /// Penalty of an anchor found on one side of the document only, in a bead with
    /// sentences on both sides.
    orphan: Vec<f32>,
    /// Kind weight of each anchor id divided by ln(1 + nm): what the bonus loses per
    /// unit of ln(pairs) when a bead covers several sentence pairs.
    discount: Vec<f32>,
    pub(crate) src: SideTables,
    pub(crate) tgt: SideTables,
    /// For each anchor id, the target sentences holding it (ascending): offsets into
    /// `postings`. Only anchors found on both sides have any.
    posting_offsets: Vec<u32>,
    postings: Vec<u32>,
}

/// One side's span terms: for every span of 1 to `max_span` consecutive sentences, its
/// length and the cost terms that do not depend on the other side.
pub(crate) struct SideTables {
    /// Prefix sums of sentence lengths.
    pub prefix: Vec<f32>,
    /// Entries per span length: one per span end 0..=len.
    stride: usize,
    /// Span terms at `(k - 1) * stride + end` for the span of k sentences ending at
    /// `end` (infinite where `end < k`). `pair`: structure, anchor penalties and orphans,
    /// for a bead with both sides; `indel`: structure and anchor penalties, for an
    /// omission or addition; `inv_root_mass`: 1 / √(total bonus of its anchors), or 0
    /// for a span without any (the similarity term divides by it).
    pair: Vec<f32>,
    indel: Vec<f32>,
    inv_root_mass: Vec<f32>,
    /// Anchors of each sentence that the other side of the document also has.
    offsets: Vec<u32>,
    ids: Vec<u32>,
}

impl SideTables {
    fn new(
        features: &crate::align::SideFeatures,
        lists: &[Vec<u32>],
        max_span: usize,
        weights: &Weights,
    ) -> SideTables {
        let len = lists.len();
        let stride = len + 1;
        let max_span = max_span.max(1);
        let mut pair = vec![f32::INFINITY; max_span * stride];
        let mut indel = vec![f32::INFINITY; max_span * stride];
        let mut inv_root_mass = vec![0.0; max_span * stride];
        // Anchors of a span are counted once however many of its sentences hold them:
        // `seen[id]` is the number of the last span that counted `id`.
        let mut seen = vec![u32::MAX; weights.bonus.len()];
        let mut stamp = 0u32;
        for k in 1..=max_span {
            for end in k..=len {
                let range = end - k..end;
                let (mut penalty, mut orphan, mut bonus) = (0.0f32, 0.0f32, 0.0f32);
                for list in &lists[range.clone()] {
                    for &id in list {
                        let id = id as usize;
                        if seen[id] != stamp {
                            seen[id] = stamp;
                            penalty += weights.penalty[id];
                            orphan += weights.orphan[id];
                            bonus += weights.bonus[id];
                        }
                    }
                }
                stamp = stamp.wrapping_add(1);
                let structure = weights.paragraph_break * breaks(&features.paragraphs, &range)
                    + weights.fragment_merge * fragments(&features.fragments, &range);
                let at = (k - 1) * stride + end;
                indel[at] = structure + penalty;
                pair[at] = structure + penalty + orphan;
                inv_root_mass[at] = if bonus > 0.0 { 1.0 / bonus.sqrt() } else { 0.0 };
            }
        }
        let mut offsets = Vec::with_capacity(len + 1);
        let mut ids = Vec::new();
        offsets.push(0);
        for list in lists {
            ids.extend(list.iter().copied().filter(|&id| weights.keep[id as usize]));
            offsets.push(ids.len() as u32);
        }
        SideTables {
            prefix: prefix_sums(&features.lengths),
            stride,
            pair,
            indel,
            inv_root_mass,
            offsets,
            ids,
        }
    }

    /// `pair` terms of the spans of k sentences, indexed by span end.
    pub fn pair_terms(&self, k: usize) -> &[f32] {
        &self.pair[(k - 1) * self.stride..k * self.stride]
    }

    /// `indel` terms of the spans of k sentences, indexed by span end.
    pub fn indel_terms(&self, k: usize) -> &[f32] {
        &self.indel[(k - 1) * self.stride..k * self.stride]
    }

    /// `inv_root_mass` of the spans of k sentences, indexed by span end.
    fn inv_root_masses(&self, k: usize) -> &[f32] {
        &self.inv_root_mass[(k - 1) * self.stride..k * self.stride]
    }

    /// Anchors of sentence `s` that the other side of the document has too.
    fn anchors(&self, s: usize) -> &[u32] {
        &self.ids[self.offsets[s] as usize..self.offsets[s + 1] as usize]
    }

    /// Length of the span of sentences `range`.
    fn length(&self, range: &Range<usize>) -> f32 {
        self.prefix[range.end] - self.prefix[range.start]
    }
}

/// Per-anchor weights and the structure weights, while the tables are built.
struct Weights {
    bonus: Vec<f32>,
    penalty: Vec<f32>,
    orphan: Vec<f32>,
    keep: Vec<bool>,
    paragraph_break: f32,
    fragment_merge: f32,
}

impl<'a> BeadScorer<'a> {
    pub fn new(problem: &'a Problem<'a>) -> BeadScorer<'a> {
        let anchors = problem.anchors;
        let params = &problem.model.params;
        let count = anchors.kinds.len();
        let kind = |id: usize| anchors.kinds[id] as usize;
        let keep: Vec<bool> = (0..count).map(|id| anchors.alignable(id as u32)).collect();
        let bonus: Vec<f32> = (0..count)
            .map(|id| {
                if keep[id] {
                    params.anchor_weights[kind(id)] as f32 * anchors.specificity(id as u32)
                } else {
                    0.0
                }
            })
            .collect();
        let norm = 1.0
            / (1.0 + (anchors.size.0 * anchors.size.1) as f64)
                .ln()
                .max(1e-9);
        let discount = (0..count)
            .map(|id| (params.anchor_weights[kind(id)] * norm) as f32)
            .collect();
        let penalty: Vec<f32> = (0..count)
            .map(|id| {
                if keep[id] {
                    params.mismatch_weights[kind(id)] as f32
                } else {
                    0.0
                }
            })
            .collect();
        let orphan: Vec<f32> = (0..count)
            .map(|id| {
                if anchors.alignable(id as u32) {
                    0.0
                } else {
                    params.orphan_weights[kind(id)] as f32
                }
            })
            .collect();
        let weights = Weights {
            bonus,
            penalty,
            orphan,
            keep,
            paragraph_break: params.paragraph_break as f32,
            fragment_merge: params.fragment_merge as f32,
        };
        let max_src = problem.model.shapes().map(|s| s.src).max().unwrap_or(1);
        let max_tgt = problem.model.shapes().map(|s| s.tgt).max().unwrap_or(1);
        let src = SideTables::new(problem.src, &anchors.src, max_src, &weights);
        let tgt = SideTables::new(problem.tgt, &anchors.tgt, max_tgt, &weights);
        let (posting_offsets, postings) = invert(&tgt, count);
        BeadScorer {
            problem,
            bonus: weights.bonus,
            penalty: weights.penalty,
            orphan: weights.orphan,
            discount,
            src,
            tgt,
            posting_offsets,
            postings,
        }
    }

    /// The evidence for a bead joining source sentences `src` and target sentences `tgt`.
    pub fn evidence(&self, src: Range<usize>, tgt: Range<usize>) -> BeadEvidence {
        let p = self.problem;
        let mut e = BeadEvidence {
            src_len: self.src.length(&src),
            tgt_len: self.tgt.length(&tgt),
            breaks: (breaks(&p.src.paragraphs, &src) + breaks(&p.tgt.paragraphs, &tgt)),
            fragments: (fragments(&p.src.fragments, &src) + fragments(&p.tgt.fragments, &tgt)),
            ..Default::default()
        };
        let a = union(&p.anchors.src[src.clone()]);
        let b = union(&p.anchors.tgt[tgt.clone()]);
        let sum = |ids: &[u32], of: &[f32]| ids.iter().map(|&id| of[id as usize]).sum::<f32>();
        e.unmatched = sum(&a, &self.penalty) + sum(&b, &self.penalty);
        if !src.is_empty() && !tgt.is_empty() {
            e.unmatched += sum(&a, &self.orphan) + sum(&b, &self.orphan);
        }
        let pairs = ((src.len() * tgt.len()).max(1) as f32).ln();
        let (mut shared, mut shared_penalty) = (0.0f32, 0.0f32);
        crate::anchors::merge(&a, &b, |id, in_a, in_b| {
            let id = id as usize;
            if in_a && in_b {
                shared += self.shared_bonus(id, pairs);
                shared_penalty += self.penalty[id];
            }
        });
        e.shared = shared;
        e.unmatched -= 2.0 * shared_penalty;
        let (mass_a, mass_b) = (sum(&a, &self.bonus), sum(&b, &self.bonus));
        if mass_a > 0.0 && mass_b > 0.0 {
            e.similarity = shared / (mass_a * mass_b).sqrt();
        }
        e
    }

    /// What sharing anchor `id` is worth in a bead over e^`ln_pairs` sentence pairs: a
    /// bead over a x b pairs shares an anchor by chance a x b times as often as a single
    /// pair, so each shared anchor is worth ln(ab) less.
    fn shared_bonus(&self, id: usize, ln_pairs: f32) -> f32 {
        (self.bonus[id] - self.discount[id] * ln_pairs).max(0.0)
    }
}

/// The sorted, deduplicated union of some sentences' anchor ids.
fn union(lists: &[Vec<u32>]) -> Vec<u32> {
    let mut ids: Vec<u32> = lists.iter().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// For each anchor id, the target sentences that hold it, as CSR offsets and entries.
fn invert(side: &SideTables, count: usize) -> (Vec<u32>, Vec<u32>) {
    let mut offsets = vec![0u32; count + 1];
    for &id in &side.ids {
        offsets[id as usize + 1] += 1;
    }
    for k in 0..count {
        offsets[k + 1] += offsets[k];
    }
    let mut fill = offsets.clone();
    let mut postings = vec![0u32; side.ids.len()];
    for t in 0..side.offsets.len() - 1 {
        for &id in side.anchors(t) {
            postings[fill[id as usize] as usize] = t as u32;
            fill[id as usize] += 1;
        }
    }
    (offsets, postings)
}

/// A bead shape with both sides, as the search scores it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PairShape {
    /// Index of the shape in the cost model.
    pub index: usize,
    pub src: usize,
    pub tgt: usize,
}

impl PairShape {
    pub fn new(index: usize, shape: Shape) -> PairShape {
        PairShape {
            index,
            src: shape.src,
            tgt: shape.tgt,
        }
    }
}

/// The anchor terms of the candidate beads of each row of the search.
///
/// A bead of a source and b target sentences ending at cell (i, j) shares an anchor when
/// the anchor's last occurrence among the source sentences before i is at most a
/// sentences back, and its last occurrence among the target sentences before j at most
/// b back. So each row files every anchor of its last few source sentences, for every
/// cell it reaches, into a bin by those two distances (d, e); a bead's shared anchors
/// are then the sum of bins d ≤ a, e ≤ b, computed for a whole row at once. Each anchor
/// is counted once however many sentences of the bead hold it, exactly as
/// [`BeadScorer::evidence`] counts it.
pub(crate) struct AnchorRows<'s> {
    scorer: &'s BeadScorer<'s>,
    shapes: &'s [PairShape],
    /// Most source and target sentences of a pair shape.
    max_src: usize,
    max_tgt: usize,
    /// First target sentence each row's beads can hold, never decreasing.
    window_start: Vec<usize>,
    /// Per anchor: a cursor into its target postings, the last row that saw it, and
    /// its distance back from that row.
    cursor: Vec<u32>,
    seen: Vec<u32>,
    distance: Vec<u8>,
    /// The anchors of this row's source window.
    ids: Vec<u32>,
    /// Bonus of each anchor in each class of shapes (shapes with one ln(pairs)): the
    /// bonus less the discount, at least zero. Indexed `id * classes + class`.
    class_bonus: Vec<f32>,
    classes: usize,
    /// Class of each pair shape.
    shape_class: Vec<usize>,
    /// Bin number of penalties at distances (d, e), and of bonuses of each class,
    /// indexed `(d - 1) * max_tgt + e - 1` (and by class first); `NO_BIN` where no shape
    /// reads it.
    penalty_bin: Vec<u16>,
    bonus_bin: Vec<u16>,
    /// The bins of this row: `bins_per_cell` rows of `width` values.
    bins: Vec<f32>,
    bins_per_cell: usize,
    width: usize,
    lo: usize,
    /// Whether any anchor was filed this row.
    any: bool,
}

/// A distance pair no shape reads.
const NO_BIN: u16 = u16::MAX;

impl<'s> AnchorRows<'s> {
    /// Prepares the rows of a band whose row i spans target positions `lo[i]..=hi[i]`.
    pub fn new(
        scorer: &'s BeadScorer<'s>,
        shapes: &'s [PairShape],
        lo: &[usize],
    ) -> AnchorRows<'s> {
        let max_src = shapes.iter().map(|s| s.src).max().unwrap_or(1);
        let max_tgt = shapes.iter().map(|s| s.tgt).max().unwrap_or(1);
        let mut window_start: Vec<usize> = lo.iter().map(|&l| l.saturating_sub(max_tgt)).collect();
        for i in (0..window_start.len().saturating_sub(1)).rev() {
            window_start[i] = window_start[i].min(window_start[i + 1]);
        }
        // Shapes with the same number of sentence pairs share a class.
        let mut class_pairs: Vec<usize> = Vec::new();
        let shape_class: Vec<usize> = shapes
            .iter()
            .map(|s| {
                let pairs = s.src * s.tgt;
                match class_pairs.iter().position(|&p| p == pairs) {
                    Some(c) => c,
                    None => {
                        class_pairs.push(pairs);
                        class_pairs.len() - 1
                    }
                }
            })
            .collect();
        let classes = class_pairs.len();
        let grid = max_src * max_tgt;
        let mut penalty_bin = vec![NO_BIN; grid];
        let mut bonus_bin = vec![NO_BIN; classes * grid];
        let mut bins = 0u16;
        let mut number = |slot: &mut u16| {
            if *slot == NO_BIN {
                *slot = bins;
                bins += 1;
            }
        };
        for (p, shape) in shapes.iter().enumerate() {
            for d in 1..=shape.src {
                for e in 1..=shape.tgt {
                    let at = (d - 1) * max_tgt + e - 1;
                    number(&mut penalty_bin[at]);
                    number(&mut bonus_bin[shape_class[p] * grid + at]);
                }
            }
        }
        let count = scorer.bonus.len();
        let mut class_bonus = Vec::with_capacity(count * classes);
        for id in 0..count {
            for &pairs in &class_pairs {
                class_bonus.push(scorer.shared_bonus(id, (pairs.max(1) as f32).ln()));
            }
        }
        AnchorRows {
            scorer,
            shapes,
            max_src,
            max_tgt,
            window_start,
            cursor: scorer.posting_offsets[..count].to_vec(),
            seen: vec![u32::MAX; count],
            distance: vec![0; count],
            ids: Vec::new(),
            class_bonus,
            classes,
            shape_class,
            penalty_bin,
            bonus_bin,
            bins: Vec::new(),
            bins_per_cell: bins as usize,
            width: 0,
            lo: 0,
            any: false,
        }
    }

    /// Files the anchors of row `i`, whose cells span target positions `lo..=hi`. Rows
    /// must come in order. Returns whether any bead of the row shares an anchor.
    pub fn prepare(&mut self, i: usize, lo: usize, hi: usize) -> bool {
        let scorer = self.scorer;
        self.width = hi - lo + 1;
        self.lo = lo;
        self.any = false;
        self.ids.clear();
        for d in 1..=self.max_src.min(i) {
            for &id in scorer.src.anchors(i - d) {
                if self.seen[id as usize] != i as u32 {
                    self.seen[id as usize] = i as u32;
                    self.distance[id as usize] = d as u8;
                    self.ids.push(id);
                }
            }
        }
        if self.ids.is_empty() {
            return false;
        }
        self.bins.clear();
        self.bins.resize(self.bins_per_cell * self.width, 0.0);
        let (start, max_tgt, grid) = (
            self.window_start[i],
            self.max_tgt,
            self.max_src * self.max_tgt,
        );
        for &id in &self.ids {
            let id = id as usize;
            let d = self.distance[id] as usize;
            let stop = scorer.posting_offsets[id + 1];
            let mut at = self.cursor[id];
            while at < stop && (scorer.postings[at as usize] as usize) < start {
                at += 1;
            }
            self.cursor[id] = at;
            let penalty = scorer.penalty[id];
            let bonus = &self.class_bonus[id * self.classes..(id + 1) * self.classes];
            while at < stop {
                let t = scorer.postings[at as usize] as usize;
                if t >= hi {
                    break;
                }
                at += 1;
                let next = if at < stop {
                    scorer.postings[at as usize] as usize
                } else {
                    usize::MAX
                };
                // Cells j after t up to the anchor's next occurrence see t as its last.
                for j in (t + 1).max(lo)..=(t + max_tgt).min(next).min(hi) {
                    let e = j - t;
                    let x = j - lo;
                    let cell = (d - 1) * max_tgt + e - 1;
                    let bin = self.penalty_bin[cell];
                    if bin == NO_BIN {
                        continue;
                    }
                    self.any = true;
                    self.bins[bin as usize * self.width + x] += penalty;
                    for (c, &b) in bonus.iter().enumerate() {
                        let bin = self.bonus_bin[c * grid + cell];
                        if bin != NO_BIN {
                            self.bins[bin as usize * self.width + x] += b;
                        }
                    }
                }
            }
        }
        self.any
    }

    /// Adds the anchor terms of pair shape number `p` (its place in `shapes`) to the
    /// candidates of cells `lo + offset..` of this row, `out[x]` being cell `lo + offset + x`;
    /// `sum` is scratch space.
    pub fn add_terms(
        &self,
        p: usize,
        i: usize,
        offset: usize,
        out: &mut [f32],
        sum: &mut Vec<f32>,
    ) {
        if !self.any {
            return;
        }
        let shape = self.shapes[p];
        let (grid, w, n) = (self.max_src * self.max_tgt, self.width, out.len());
        let bin = |b: u16| &self.bins[b as usize * w + offset..b as usize * w + offset + n];
        sum.clear();
        sum.resize(n, 0.0);
        // Penalties first, as -2 per shared anchor's penalty.
        for d in 1..=shape.src {
            for e in 1..=shape.tgt {
                for (s, &v) in sum
                    .iter_mut()
                    .zip(bin(self.penalty_bin[(d - 1) * self.max_tgt + e - 1]))
                {
                    *s += v;
                }
            }
        }
        for (o, &s) in out.iter_mut().zip(sum.iter()) {
            *o -= 2.0 * s;
        }
        sum.iter_mut().for_each(|s| *s = 0.0);
        let class = self.shape_class[p];
        for d in 1..=shape.src {
            for e in 1..=shape.tgt {
                let b = self.bonus_bin[class * grid + (d - 1) * self.max_tgt + e - 1];
                for (s, &v) in sum.iter_mut().zip(bin(b)) {
                    *s += v;
                }
            }
        }
        let scorer = self.scorer;
        let weight = scorer.problem.model.params.similarity_weight as f32;
        let ia = scorer.src.inv_root_masses(shape.src)[i] * weight;
        let first = self.lo + offset;
        let ib = &scorer.tgt.inv_root_masses(shape.tgt)[first..first + n];
        for ((o, &s), &ib) in out.iter_mut().zip(sum.iter()).zip(ib) {
            *o -= s * (1.0 + ia * ib);
        }
    }
}

fn breaks(paragraphs: &[usize], range: &Range<usize>) -> f32 {
    if range.len() < 2 {
        return 0.0;
    }
    (paragraphs[range.end - 1] - paragraphs[range.start]) as f32
}

fn fragments(flags: &[bool], range: &Range<usize>) -> f32 {
    if range.len() < 2 {
        return 0.0;
    }
    flags[range.clone()].iter().filter(|&&f| f).count() as f32
}
