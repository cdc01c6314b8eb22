//! The evidence of candidate beads.
//!
//! A bead's cost splits into terms of each side's span alone — length, paragraph breaks
//! and title-like units inside it, the penalty of every anchor it holds — and the terms
//! of the anchors both sides share. `SearchTables` tabulates the first kind per span, so
//! that the search reads it from arrays; `AnchorRows` computes the second for a whole row
//! of the search at once (see there). `BeadScorer::evidence` computes the same evidence
//! directly for one bead: the search's traceback, the final beads' confidence and flags,
//! `realign`, and the tests that check the search against it.

use std::ops::Range;

use crate::align::{Problem, SideFeatures, prefix_sums};
use crate::anchors::Lists;
use crate::cost::{BeadEvidence, Shape};

/// What each anchor id is worth: its terms in the order a span's tables sum them
/// ([`SideTables`]: penalty, orphan penalty and bonus, then the discount, summed there
/// too and not read, so that one vector addition adds the three), and whether it is
/// shared with the other side (a penalty or a bonus) and weighs anything at all, so
/// that the tables test two flags, not four numbers, at each occurrence.
#[derive(Clone, Copy, Debug)]
struct Weight {
    terms: [f32; 4],
    shared: bool,
    weighs: bool,
}

impl Weight {
    /// `bonus`: for sharing the anchor; `penalty`: for a bead side holding it while the
    /// other lacks it (both zero for anchors one side of the document lacks
    /// everywhere); `orphan`: for an anchor found on one side of the document only, in
    /// a bead with sentences on both sides; `discount`: the kind's weight divided by
    /// ln(1 + nm), what the bonus loses per unit of ln(pairs) when a bead covers several
    /// sentence pairs.
    fn new(bonus: f32, penalty: f32, orphan: f32, discount: f32) -> Weight {
        Weight {
            terms: [penalty, orphan, bonus, discount],
            shared: penalty > 0.0 || bonus > 0.0,
            weighs: !(penalty == 0.0 && orphan == 0.0 && bonus == 0.0),
        }
    }

    fn penalty(&self) -> f32 {
        self.terms[0]
    }

    fn orphan(&self) -> f32 {
        self.terms[1]
    }

    fn bonus(&self) -> f32 {
        self.terms[2]
    }

    fn discount(&self) -> f32 {
        self.terms[3]
    }
}

/// Scores beads of one document pair: per-anchor weights over the problem.
pub struct BeadScorer<'a> {
    pub(crate) problem: &'a Problem<'a>,
    weights: Vec<Weight>,
}

impl<'a> BeadScorer<'a> {
    pub fn new(problem: &'a Problem<'a>) -> BeadScorer<'a> {
        let anchors = problem.anchors;
        let params = &problem.model.params;
        let norm = 1.0
            / (1.0 + (anchors.size.0 * anchors.size.1) as f64)
                .ln()
                .max(1e-9);
        let weights = (0..anchors.kinds.len())
            .map(|id| {
                let kind = anchors.kinds[id] as usize;
                let discount = (params.anchor_weights[kind] * norm) as f32;
                if anchors.alignable(id as u32) {
                    let bonus = params.anchor_weights[kind] as f32 * anchors.specificity(id as u32);
                    Weight::new(bonus, params.mismatch_weights[kind] as f32, 0.0, discount)
                } else {
                    Weight::new(0.0, 0.0, params.orphan_weights[kind] as f32, discount)
                }
            })
            .collect();
        BeadScorer { problem, weights }
    }

    /// The evidence for a bead joining source sentences `src` and target sentences `tgt`.
    pub fn evidence(&self, src: Range<usize>, tgt: Range<usize>) -> BeadEvidence {
        let p = self.problem;
        let length = |lengths: &[f32], range: &Range<usize>| lengths[range.clone()].iter().sum();
        let mut e = BeadEvidence {
            src_len: length(&p.src.lengths, &src),
            tgt_len: length(&p.tgt.lengths, &tgt),
            breaks: (breaks(&p.src.paragraphs, &src) + breaks(&p.tgt.paragraphs, &tgt)),
            fragments: (fragments(&p.src.fragments, &src) + fragments(&p.tgt.fragments, &tgt)),
            ..Default::default()
        };
        if src.is_empty() || tgt.is_empty() {
            e.lead_ins = count(&p.src.lead_ins, &src) + count(&p.tgt.lead_ins, &tgt);
        } else if p.src.endings[src.end - 1].clashes(p.tgt.endings[tgt.end - 1]) {
            e.form_mismatch = 1.0;
        }
        let a = union(&p.anchors.src, src.clone());
        let b = union(&p.anchors.tgt, tgt.clone());
        let sum = |ids: &[u32], of: fn(&Weight) -> f32| {
            ids.iter()
                .map(|&id| of(&self.weights[id as usize]))
                .sum::<f32>()
        };
        e.unmatched = sum(&a, |w| w.penalty()) + sum(&b, |w| w.penalty());
        if !src.is_empty() && !tgt.is_empty() {
            e.unmatched += sum(&a, |w| w.orphan()) + sum(&b, |w| w.orphan());
        }
        let pairs = ((src.len() * tgt.len()).max(1) as f32).ln();
        let (mut shared, mut shared_penalty) = (0.0f32, 0.0f32);
        crate::anchors::merge(&a, &b, |id, in_a, in_b| {
            if in_a && in_b {
                shared += self.shared_bonus(id as usize, pairs);
                shared_penalty += self.weights[id as usize].penalty();
            }
        });
        e.shared = shared;
        e.unmatched -= 2.0 * shared_penalty;
        let (mass_a, mass_b) = (sum(&a, |w| w.bonus()), sum(&b, |w| w.bonus()));
        if mass_a > 0.0 && mass_b > 0.0 {
            e.similarity = shared / (mass_a * mass_b).sqrt();
        }
        e
    }

    /// What sharing anchor `id` is worth in a bead over e^`ln_pairs` sentence pairs: a
    /// bead over a x b pairs shares an anchor by chance a x b times as often as a single
    /// pair, so each shared anchor is worth ln(ab) less.
    fn shared_bonus(&self, id: usize, ln_pairs: f32) -> f32 {
        let w = &self.weights[id];
        (w.bonus() - w.discount() * ln_pairs).max(0.0)
    }
}

/// The anchors of sentences `sentences` (one sentence's own list, already sorted and
/// deduplicated, is not copied).
fn union(lists: &Lists, sentences: Range<usize>) -> std::borrow::Cow<'_, [u32]> {
    if sentences.len() == 1 {
        std::borrow::Cow::Borrowed(&lists[sentences.start])
    } else {
        std::borrow::Cow::Owned(crate::anchors::union(lists.span(sentences)))
    }
}

/// What the search reads: each side's span terms, and where each anchor is on the
/// target side.
pub(crate) struct SearchTables<'s> {
    pub scorer: &'s BeadScorer<'s>,
    pub src: SideTables,
    pub tgt: SideTables,
    /// For each anchor id, the target sentences holding it (ascending): offsets into
    /// `postings`. Only anchors found on both sides have any.
    posting_offsets: Vec<u32>,
    postings: Vec<u32>,
}

impl<'s> SearchTables<'s> {
    pub fn new(scorer: &'s BeadScorer<'s>) -> SearchTables<'s> {
        let problem = scorer.problem;
        let params = &problem.model.params;
        let structure = Structure {
            paragraph_break: params.paragraph_break as f32,
            fragment_merge: params.fragment_merge as f32,
            lead_in_omission: params.lead_in_omission as f32,
        };
        let max_src = problem.model.shapes().map(|s| s.src).max().unwrap_or(1);
        let max_tgt = problem.model.shapes().map(|s| s.tgt).max().unwrap_or(1);
        let side = |features, lists, max| {
            SideTables::new(features, lists, max, &scorer.weights, structure)
        };
        let src = side(problem.src, &problem.anchors.src, max_src);
        let tgt = side(problem.tgt, &problem.anchors.tgt, max_tgt);
        let (posting_offsets, postings) = invert(&tgt, scorer.weights.len());
        SearchTables {
            scorer,
            src,
            tgt,
            posting_offsets,
            postings,
        }
    }
}

/// The weights of a side's structure terms.
#[derive(Clone, Copy, Debug)]
struct Structure {
    /// Per paragraph break inside a span.
    paragraph_break: f32,
    /// Per title-like unit inside a span of two or more.
    fragment_merge: f32,
    /// Per lead-in unit in a span left out or added.
    lead_in_omission: f32,
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
    /// Tables for sentences with these features and anchor lists, with the costs of
    /// `structure`.
    fn new(
        features: &SideFeatures,
        lists: &Lists,
        max_span: usize,
        weights: &[Weight],
        structure: Structure,
    ) -> SideTables {
        let len = lists.len();
        let stride = len + 1;
        let max_span = max_span.max(1);
        // A span counts each anchor once, at its first sentence in the span: sentence s
        // holds it first in every span that starts less than `gap` sentences before s,
        // `gap` being how far back the anchor's previous occurrence is. So `first[s][r]`
        // sums the weights of the anchors of s whose previous occurrence is more than r
        // sentences back, and a span of k sentences ending at e sums
        // first[e - k + r][r] over r < k.
        let mut last = vec![u32::MAX; weights.len()];
        let mut first = vec![[0.0f32; 4]; len * max_span];
        // The anchors of each sentence that the other side of the document also has,
        // gathered in the same pass.
        let mut offsets = Vec::with_capacity(len + 1);
        let mut ids = Vec::new();
        offsets.push(0);
        for (s, list) in lists.iter().enumerate() {
            for &id in list {
                let w = &weights[id as usize];
                if w.shared {
                    ids.push(id);
                }
                // Most anchors of a short document are on one side only and weigh
                // nothing here: adding their zeros was most of this function's time.
                if !w.weighs {
                    continue;
                }
                let gap = match last[id as usize] {
                    u32::MAX => max_span,
                    before => (s - before as usize).min(max_span),
                };
                last[id as usize] = s as u32;
                for slot in &mut first[s * max_span..s * max_span + gap] {
                    for (sum, term) in slot.iter_mut().zip(w.terms) {
                        *sum += term;
                    }
                }
            }
            offsets.push(ids.len() as u32);
        }
        let mut pair = vec![f32::INFINITY; max_span * stride];
        let mut indel = vec![f32::INFINITY; max_span * stride];
        let mut inv_root_mass = vec![0.0; max_span * stride];
        // Each span start's spans, one sentence longer each time: a span's sums are the
        // shorter span's plus its last sentence's, added in the same order as summing
        // the span whole (so the sums are the same), once instead of k times.
        for start in 0..len {
            let mut sums = [0.0f32; 4];
            // Title-like and lead-in units in the span (counted, not summed: exact).
            let (mut titles, mut lead_ins) = (0u32, 0u32);
            for k in 1..=max_span.min(len - start) {
                let end = start + k;
                let slot = first[(end - 1) * max_span + k - 1];
                for (sum, v) in sums.iter_mut().zip(slot) {
                    *sum += v;
                }
                titles += u32::from(features.fragments[end - 1]);
                lead_ins += u32::from(features.lead_ins[end - 1]);
                let [penalty, orphan, bonus, _] = sums;
                // A unit alone is not merged with anything (`fragments`).
                let fragments = if k < 2 { 0.0 } else { titles as f32 };
                let cost = structure.paragraph_break * breaks(&features.paragraphs, &(start..end))
                    + structure.fragment_merge * fragments;
                let at = (k - 1) * stride + end;
                indel[at] = cost + penalty + structure.lead_in_omission * lead_ins as f32;
                pair[at] = cost + penalty + orphan;
                inv_root_mass[at] = if bonus > 0.0 { 1.0 / bonus.sqrt() } else { 0.0 };
            }
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
///
/// The shared bonus of an anchor, bonus − discount × ln(pairs), is linear in ln(pairs)
/// unless it reaches zero (very common anchors in large beads), where it stops. Bins
/// hold sums of penalties, bonuses and discounts, from which each shape's shared bonus
/// follows; the few anchors that would reach zero for some shape are binned per class
/// of shapes (shapes over the same number of sentence pairs) instead.
pub(crate) struct AnchorRows<'s> {
    tables: &'s SearchTables<'s>,
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
    /// ln(sentence pairs) of each class of shapes (shapes over as many pairs), and of
    /// the largest: an anchor whose bonus less discount stays positive there is linear.
    class_ln: Vec<f32>,
    most_ln: f32,
    /// Class of each pair shape.
    shape_class: Vec<usize>,
    /// Bin of distances (d, e), indexed `(d - 1) * max_tgt + e - 1`, or `NO_BIN` where
    /// no shape reads it; and the same for each class, indexed by class first.
    bin: Vec<u16>,
    class_bin: Vec<u16>,
    /// For each source distance d (at d - 1), the largest target distance with a bin:
    /// the numbered distance pairs are closed downwards, so (d, e) has one for every e
    /// up to it, and a row files an anchor d sentences back only that far.
    reach: Vec<usize>,
    /// How to sum the bins over distances, and each class's bins.
    steps: Vec<PrefixStep>,
    class_steps: Vec<Vec<PrefixStep>>,
    /// This row's bins: for each bin, a row of `width` values of each of the three sums
    /// (penalties, bonuses, discounts), so that one pass over the bins sums all three;
    /// then `class_bins` rows of `width` values.
    sums: Vec<f32>,
    class_sums: Vec<f32>,
    bins: usize,
    class_bins: usize,
    width: usize,
    lo: usize,
    /// Whether any anchor, or any anchor that is not linear, was filed this row.
    any: bool,
    any_class: bool,
}

/// A distance pair no shape reads.
const NO_BIN: u16 = u16::MAX;

impl<'s> AnchorRows<'s> {
    /// Prepares the rows of a band whose row i starts at target position `lo[i]`.
    pub fn new(
        tables: &'s SearchTables<'s>,
        shapes: &'s [PairShape],
        lo: &[usize],
    ) -> AnchorRows<'s> {
        let scorer = tables.scorer;
        let max_src = shapes.iter().map(|s| s.src).max().unwrap_or(1);
        let max_tgt = shapes.iter().map(|s| s.tgt).max().unwrap_or(1);
        let mut window_start: Vec<usize> = lo.iter().map(|&l| l.saturating_sub(max_tgt)).collect();
        for i in (0..window_start.len().saturating_sub(1)).rev() {
            window_start[i] = window_start[i].min(window_start[i + 1]);
        }
        // Shapes over the same number of sentence pairs share a class.
        let mut class_pairs: Vec<usize> = Vec::new();
        let shape_class: Vec<usize> = shapes
            .iter()
            .map(|s| {
                let pairs = s.src * s.tgt;
                class_pairs
                    .iter()
                    .position(|&p| p == pairs)
                    .unwrap_or_else(|| {
                        class_pairs.push(pairs);
                        class_pairs.len() - 1
                    })
            })
            .collect();
        let classes = class_pairs.len();
        let grid = max_src * max_tgt;
        let (mut bin, mut class_bin) = (vec![NO_BIN; grid], vec![NO_BIN; classes * grid]);
        let (mut bins, mut class_bins) = (0u16, 0u16);
        let number = |slot: &mut u16, count: &mut u16| {
            if *slot == NO_BIN {
                *slot = *count;
                *count += 1;
            }
        };
        for (p, shape) in shapes.iter().enumerate() {
            for d in 1..=shape.src {
                for e in 1..=shape.tgt {
                    let at = (d - 1) * max_tgt + e - 1;
                    number(&mut bin[at], &mut bins);
                    number(&mut class_bin[shape_class[p] * grid + at], &mut class_bins);
                }
            }
        }
        let class_ln: Vec<f32> = class_pairs
            .iter()
            .map(|&p| (p.max(1) as f32).ln())
            .collect();
        let most_ln = class_ln.iter().copied().fold(0.0, f32::max);
        let count = scorer.weights.len();
        let steps = prefix_steps(&bin, max_src, max_tgt);
        let reach = (0..max_src)
            .map(|d| {
                (0..max_tgt)
                    .take_while(|&e| bin[d * max_tgt + e] != NO_BIN)
                    .count()
            })
            .collect();
        let class_steps = (0..classes)
            .map(|c| prefix_steps(&class_bin[c * grid..(c + 1) * grid], max_src, max_tgt))
            .collect();
        AnchorRows {
            tables,
            shapes,
            max_src,
            max_tgt,
            window_start,
            cursor: tables.posting_offsets[..count].to_vec(),
            seen: vec![u32::MAX; count],
            distance: vec![0; count],
            ids: Vec::new(),
            class_ln,
            most_ln,
            shape_class,
            bin,
            reach,
            class_bin,
            steps,
            class_steps,
            sums: Vec::new(),
            class_sums: Vec::new(),
            bins: bins as usize,
            class_bins: class_bins as usize,
            width: 0,
            lo: 0,
            any: false,
            any_class: false,
        }
    }

    /// Files the anchors of row `i`, whose cells span target positions `lo..=hi`. Rows
    /// must come in order.
    pub fn prepare(&mut self, i: usize, lo: usize, hi: usize) {
        let tables = self.tables;
        self.width = hi - lo + 1;
        self.lo = lo;
        self.any = false;
        self.any_class = false;
        self.ids.clear();
        for d in 1..=self.max_src.min(i) {
            for &id in tables.src.anchors(i - d) {
                if self.seen[id as usize] != i as u32 {
                    self.seen[id as usize] = i as u32;
                    self.distance[id as usize] = d as u8;
                    self.ids.push(id);
                }
            }
        }
        if self.ids.is_empty() {
            return;
        }
        let width = self.width;
        self.sums.clear();
        self.sums.resize(self.bins * 3 * width, 0.0);
        let mut class_sums_cleared = false;
        let (start, max_tgt, grid) = (
            self.window_start[i],
            self.max_tgt,
            self.max_src * self.max_tgt,
        );
        for &id in &self.ids {
            let id = id as usize;
            let d = self.distance[id] as usize;
            let reach = self.reach[d - 1];
            let stop = tables.posting_offsets[id + 1];
            let mut at = self.cursor[id];
            while at < stop && (tables.postings[at as usize] as usize) < start {
                at += 1;
            }
            self.cursor[id] = at;
            let w = tables.scorer.weights[id];
            let values = [2.0 * w.penalty(), w.bonus(), w.discount()];
            let linear = w.bonus() - w.discount() * self.most_ln >= 0.0;
            while at < stop {
                let t = tables.postings[at as usize] as usize;
                if t >= hi {
                    break;
                }
                at += 1;
                let next = tables.postings.get(at as usize).filter(|_| at < stop);
                let last = next.map_or(usize::MAX, |&n| n as usize);
                // Cells j after t up to the anchor's next occurrence see t as its last.
                for j in (t + 1).max(lo)..=(t + reach).min(last).min(hi) {
                    let cell = (d - 1) * max_tgt + (j - t) - 1;
                    let b = self.bin[cell];
                    self.any = true;
                    let x = b as usize * 3 * width + j - lo;
                    if linear {
                        for (k, v) in values.into_iter().enumerate() {
                            self.sums[x + k * width] += v;
                        }
                        continue;
                    }
                    self.sums[x] += values[0];
                    if !class_sums_cleared {
                        self.class_sums.clear();
                        self.class_sums.resize(self.class_bins * width, 0.0);
                        class_sums_cleared = true;
                    }
                    self.any_class = true;
                    for (c, &ln_pairs) in self.class_ln.iter().enumerate() {
                        let b = self.class_bin[c * grid + cell];
                        if b != NO_BIN {
                            let bonus = tables.scorer.shared_bonus(id, ln_pairs);
                            self.class_sums[b as usize * width + j - lo] += bonus;
                        }
                    }
                }
            }
        }
        if self.any {
            prefix_over_distances(&mut self.sums, &self.steps, 3 * width);
        }
        if self.any_class {
            for steps in &self.class_steps {
                prefix_over_distances(&mut self.class_sums, steps, width);
            }
        }
    }

    /// Adds the anchor terms of pair shape number `p` (its place in `shapes`) to the
    /// candidates of cells `lo + offset..` of this row of source position `i`, `out[x]`
    /// being cell `lo + offset + x`; `scratch` is working space.
    pub fn add_terms(
        &self,
        p: usize,
        i: usize,
        offset: usize,
        out: &mut [f32],
        scratch: &mut Vec<f32>,
    ) {
        if !self.any {
            return;
        }
        let shape = self.shapes[p];
        let (w, n) = (self.width, out.len());
        let grid = self.max_src * self.max_tgt;
        let cell = (shape.src - 1) * self.max_tgt + shape.tgt - 1;
        let at = self.bin[cell] as usize * 3 * w + offset;
        let sums = &self.sums;
        let (penalty, bonus, discount) = (
            &sums[at..at + n],
            &sums[at + w..at + w + n],
            &sums[at + 2 * w..at + 2 * w + n],
        );
        let class = self.shape_class[p];
        // The bonuses of anchors that are not linear are added in `scratch` (rows
        // without any read the bins directly).
        let bonus = if self.any_class {
            let at_class = self.class_bin[class * grid + cell] as usize * w + offset;
            scratch.clear();
            scratch.extend(
                bonus
                    .iter()
                    .zip(&self.class_sums[at_class..at_class + n])
                    .map(|(&b, &c)| b + c),
            );
            &scratch[..]
        } else {
            bonus
        };
        let tables = self.tables;
        let weight = tables.scorer.problem.model.params.similarity_weight as f32;
        let ia = tables.src.inv_root_masses(shape.src)[i] * weight;
        let first = self.lo + offset;
        let ib = &tables.tgt.inv_root_masses(shape.tgt)[first..first + n];
        let ln_pairs = self.class_ln[class];
        for ((((o, &pen), &bon), &dis), &ib) in
            out.iter_mut().zip(penalty).zip(bonus).zip(discount).zip(ib)
        {
            let shared = bon - ln_pairs * dis;
            *o -= pen + shared * (1.0 + ia * ib);
        }
    }
}

/// One step of [`prefix_over_distances`]: the bin of a distance pair (d, e) and the
/// bins of (d - 1, e), (d, e - 1) and (d - 1, e - 1), where numbered.
#[derive(Clone, Copy, Debug)]
struct PrefixStep {
    at: usize,
    up: Option<usize>,
    left: Option<usize>,
    corner: Option<usize>,
}

/// The steps of [`prefix_over_distances`] for the bins numbered in `bins`, indexed
/// `(d - 1) * max_tgt + e - 1`, in order of distance; planned once per search, since
/// the rows' widths are small and finding the neighbours cost as much as adding them.
fn prefix_steps(bins: &[u16], max_src: usize, max_tgt: usize) -> Vec<PrefixStep> {
    let bin = |d: usize, e: usize| -> Option<usize> {
        (d >= 1 && e >= 1)
            .then(|| bins[(d - 1) * max_tgt + e - 1])
            .filter(|&b| b != NO_BIN)
            .map(usize::from)
    };
    let mut steps = Vec::new();
    for d in 1..=max_src {
        for e in 1..=max_tgt {
            let Some(at) = bin(d, e) else { continue };
            let step = PrefixStep {
                at,
                up: bin(d - 1, e),
                left: bin(d, e - 1),
                corner: bin(d - 1, e - 1),
            };
            assert!(
                [step.up, step.left, step.corner]
                    .iter()
                    .flatten()
                    .all(|&from| from < at),
                "neighbouring bins are numbered first"
            );
            steps.push(step);
        }
    }
    steps
}

/// Turns per-bin sums into sums over all bins at smaller or equal distances: bin (d, e)
/// then holds what a bead of d source and e target sentences shares. The numbered
/// distance pairs are closed downwards (every shape's rectangle of distances is
/// numbered), so each sum needs only its neighbours, and a neighbour is numbered before
/// the pair itself (`AnchorRows::new` numbers each rectangle row by row), so its sums
/// are final when they are read.
fn prefix_over_distances(sums: &mut [f32], steps: &[PrefixStep], width: usize) {
    for step in steps {
        let at = step.at * width;
        let (done, rest) = sums.split_at_mut(at);
        let row = |from: Option<usize>| from.map(|f| &done[f * width..(f + 1) * width]);
        add_rows(
            &mut rest[..width],
            row(step.up),
            row(step.left),
            row(step.corner),
        );
    }
}

/// `to += up + left - corner`, element by element and in that order (the order of the
/// three separate passes this replaces, so that the sums stay bit for bit the same),
/// in one pass over `to`.
fn add_rows(to: &mut [f32], up: Option<&[f32]>, left: Option<&[f32]>, corner: Option<&[f32]>) {
    match (up, left, corner) {
        (Some(up), Some(left), Some(corner)) => {
            for (((t, &u), &l), &c) in to.iter_mut().zip(up).zip(left).zip(corner) {
                *t = *t + u + l - c;
            }
        }
        (up, left, corner) => {
            for (from, sign) in [(up, 1.0), (left, 1.0), (corner, -1.0)] {
                if let Some(from) = from {
                    for (t, &v) in to.iter_mut().zip(from) {
                        *t += sign * v;
                    }
                }
            }
        }
    }
}

fn breaks(paragraphs: &[usize], range: &Range<usize>) -> f32 {
    if range.len() < 2 {
        return 0.0;
    }
    (paragraphs[range.end - 1] - paragraphs[range.start]) as f32
}

/// Title-like units in a span of two or more (a unit alone is not merged with anything).
fn fragments(flags: &[bool], range: &Range<usize>) -> f32 {
    if range.len() < 2 {
        return 0.0;
    }
    count(flags, range)
}

/// Units flagged in a span.
fn count(flags: &[bool], range: &Range<usize>) -> f32 {
    flags[range.clone()].iter().filter(|&&f| f).count() as f32
}
