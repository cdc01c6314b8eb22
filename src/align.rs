//! The search: a dynamic programme over bead sequences, banded around the diagonal.
//!
//! Cell (i, j) holds the cheapest cost of aligning the first i source and j target
//! sentences; a bead of shape a-b leads from (i-a, j-b) to (i, j). Only cells within a
//! band around the line from (0, 0) to (n, m) are computed, so time and memory grow
//! linearly with the document. If the best path runs along the band's edge, the band
//! was too narrow for this document: it is doubled and the search runs again.

use std::ops::Range;

use crate::anchors::Anchors;
use crate::cost::{CostModel, Shape};
use crate::scorer::{BeadScorer, SourceMarks};

/// One step of an alignment: source sentences `src` translate target sentences `tgt`
/// (either may be empty), with the cost the model gave the bead.
#[derive(Clone, Debug, PartialEq)]
pub struct Bead {
    pub src: Range<usize>,
    pub tgt: Range<usize>,
    /// The bead's cost (nats).
    pub cost: f32,
    /// How much more the best other way of reaching the bead's end cell costs (nats);
    /// large when the bead is clearly right, near zero when a rival was almost as good.
    pub margin: f32,
}

impl Bead {
    pub fn shape(&self) -> Shape {
        Shape::new(self.src.len(), self.tgt.len())
    }
}

/// Search settings.
#[derive(Clone, Debug)]
pub struct SearchParams {
    /// Initial half-width of the band, in sentences, around the diagonal.
    pub band: usize,
    /// A path this close to the band's edge makes the search widen the band and rerun.
    pub edge_margin: usize,
    /// Half-width of the band around an earlier path (the second pass).
    pub guided_band: usize,
}

impl Default for SearchParams {
    fn default() -> Self {
        // 16 sentences either side covers the drift of the omissions and boilerplate
        // found in news pairs; documents that drift further are caught by the edge test
        // (16, 10 and 32 give the same F1 on every gold set, clean and noisy).
        SearchParams {
            band: 16,
            edge_margin: 2,
            // The first pass's path is close to the final one: differences are local.
            guided_band: 8,
        }
    }
}

/// What the search needs to know about the sentences of one side.
#[derive(Clone, Debug, Default)]
pub struct SideFeatures {
    /// Length of each sentence for the length model.
    pub lengths: Vec<f32>,
    /// Paragraph index of each sentence.
    pub paragraphs: Vec<usize>,
    /// Whether each unit lacks final punctuation (a title, caption or byline).
    pub fragments: Vec<bool>,
}

impl SideFeatures {
    /// The features of sentences `range` only.
    pub fn slice(&self, range: Range<usize>) -> SideFeatures {
        SideFeatures {
            lengths: self.lengths[range.clone()].to_vec(),
            paragraphs: self.paragraphs[range.clone()].to_vec(),
            fragments: self.fragments[range].to_vec(),
        }
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }
}

/// Per-sentence inputs to the search.
pub struct Problem<'a> {
    pub src: &'a SideFeatures,
    pub tgt: &'a SideFeatures,
    pub anchors: &'a Anchors,
    pub model: &'a CostModel,
}

/// Aligns the two sides and returns the beads in order, covering every sentence once.
pub fn align(problem: &Problem, search: &SearchParams) -> Vec<Bead> {
    align_near(problem, search, None)
}

/// Aligns with the band around `guide` (an earlier alignment of the same pair) instead
/// of the diagonal, `search.guided_band` sentences either side of it.
pub fn align_near(problem: &Problem, search: &SearchParams, guide: Option<&[Bead]>) -> Vec<Bead> {
    align_scored(&BeadScorer::new(problem), search, guide)
}

/// `align_near` with a scorer the caller built (and may reuse for the final beads).
pub fn align_scored(
    scorer: &BeadScorer,
    search: &SearchParams,
    guide: Option<&[Bead]>,
) -> Vec<Bead> {
    let problem = scorer.problem;
    let (n, m) = (problem.src.len(), problem.tgt.len());
    if n == 0 || m == 0 {
        return trivial(n, m);
    }
    let mut band = match guide {
        Some(path) => Band::around(path, n, m, &vec![search.guided_band.max(1); n + 1]),
        None => Band::new(
            &length_diagonal(&problem.src.lengths, &problem.tgt.lengths),
            m,
            search.band.max(1),
        ),
    };
    loop {
        let beads = search_band(scorer, &band);
        let touched = band.touched(&beads, search.edge_margin);
        if touched.is_empty() {
            return beads;
        }
        // The path ran along an edge: around the path found so far, double the band's
        // width near each place it touched, so that one stretch of drift does not make
        // the whole document's band wider.
        let old = band.widths();
        let mut widths = old.clone();
        for i in touched {
            let wider = (2 * old[i]).max(1);
            let reach = WIDEN_REACH * wider;
            for w in &mut widths[i.saturating_sub(reach)..=(i + reach).min(n)] {
                *w = (*w).max(wider);
            }
        }
        band = Band::around(&beads, n, m, &widths);
    }
}

/// The first pass's band follows the lengths, not the sentence counts: row i is centred
/// on the target position whose share of the target text is closest to the share of the
/// source text before sentence i. Where one side splits sentences more finely in one part
/// of a document, this line stays on the true path while the count diagonal drifts off
/// it (Text+Berg dev: 468 German against 554 French lines).
fn length_diagonal(src: &[f32], tgt: &[f32]) -> Vec<usize> {
    let (n, m) = (src.len(), tgt.len());
    let (src_total, tgt_total) = (
        src.iter().sum::<f32>() as f64,
        tgt.iter().sum::<f32>() as f64,
    );
    if src_total <= 0.0 || tgt_total <= 0.0 {
        return (0..=n).map(|i| (i * m + n / 2) / n.max(1)).collect();
    }
    let mut centers = Vec::with_capacity(n + 1);
    let (mut j, mut tgt_before) = (0usize, 0.0f64);
    for (i, &src_before) in prefix_sums(src).iter().enumerate() {
        let share = src_before as f64 / src_total;
        // Advance while the next target boundary is at least as close to the share.
        while j < m {
            let next = tgt_before + tgt[j] as f64;
            if (next / tgt_total - share).abs() <= (tgt_before / tgt_total - share).abs() {
                tgt_before = next;
                j += 1;
            } else {
                break;
            }
        }
        centers.push(if i == n { m } else { j });
    }
    centers
}

/// When one side is empty every sentence of the other is its own omission or addition.
fn trivial(n: usize, m: usize) -> Vec<Bead> {
    let src = (0..n).map(|i| Bead {
        src: i..i + 1,
        tgt: 0..0,
        cost: 0.0,
        margin: f32::INFINITY,
    });
    let tgt = (0..m).map(|j| Bead {
        src: n..n,
        tgt: j..j + 1,
        cost: 0.0,
        margin: f32::INFINITY,
    });
    src.chain(tgt).collect()
}

/// How far, in rows and as a multiple of the new width, widening reaches from a place
/// where the path touched the band's edge: drift builds up and unwinds over a stretch.
const WIDEN_REACH: usize = 4;

/// The cells computed in each row: target positions `lo[i]..=hi[i]` for source prefix i.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    /// Offset of each row's first cell in the flat per-cell arrays.
    start: Vec<usize>,
    m: usize,
    /// The half-width each row was built with.
    half: Vec<usize>,
}

impl Band {
    /// A band `half` cells either side of `centers` (one target position per source
    /// prefix, from 0 to m).
    fn new(centers: &[usize], m: usize, half: usize) -> Band {
        let n = centers.len() - 1;
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut start = Vec::with_capacity(n + 2);
        let mut offset = 0;
        for &center in centers {
            // Each row overlaps the one before, so that every cell of the band can be
            // reached from the origin even where the diagonal is steeper than the band.
            let l = center
                .saturating_sub(half)
                .min(hi.last().copied().unwrap_or(0));
            let h = (center + half).min(m);
            lo.push(l);
            hi.push(h);
            start.push(offset);
            offset += h - l + 1;
        }
        start.push(offset);
        Band {
            lo,
            hi,
            start,
            m,
            half: vec![half; n + 1],
        }
    }

    /// A band `half[i]` cells either side of a path of beads from (0, 0) to (n, m) in
    /// each row i.
    fn around(path: &[Bead], n: usize, m: usize, half: &[usize]) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        lo[0] = 0;
        for bead in path {
            for i in bead.src.start..=bead.src.end {
                lo[i] = lo[i].min(bead.tgt.start);
                hi[i] = hi[i].max(bead.tgt.end);
            }
        }
        let mut start = Vec::with_capacity(n + 2);
        let mut offset = 0;
        for i in 0..=n {
            let (l, h) = if lo[i] == usize::MAX {
                (0, m)
            } else {
                (lo[i], hi[i])
            };
            lo[i] = l.saturating_sub(half[i]);
            if i > 0 {
                // Overlap with the row before keeps every cell reachable.
                lo[i] = lo[i].min(hi[i - 1]);
            }
            hi[i] = (h + half[i]).min(m).max(lo[i]);
            start.push(offset);
            offset += hi[i] - lo[i] + 1;
        }
        start.push(offset);
        Band {
            lo,
            hi,
            start,
            m,
            half: half.to_vec(),
        }
    }

    /// Each row's half-width.
    fn widths(&self) -> Vec<usize> {
        self.half.clone()
    }

    fn cells(&self) -> usize {
        *self.start.last().unwrap_or(&0)
    }

    fn contains(&self, i: usize, j: usize) -> bool {
        j >= self.lo[i] && j <= self.hi[i]
    }

    fn index(&self, i: usize, j: usize) -> usize {
        self.start[i] + j - self.lo[i]
    }

    /// The rows where the path comes within `margin` of an edge that is not the grid's.
    fn touched(&self, beads: &[Bead], margin: usize) -> Vec<usize> {
        beads
            .iter()
            .map(|b| (b.src.end, b.tgt.end))
            .filter(|&(i, j)| {
                (self.lo[i] > 0 && j < self.lo[i] + margin)
                    || (self.hi[i] < self.m && j + margin > self.hi[i])
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// No bead reaches this cell (it is outside every path from the origin).
const NO_BEAD: u8 = u8::MAX;
/// Margins are stored in tenths of a nat in one byte; 25.5 nats is certainty enough.
const MARGIN_SCALE: f32 = 10.0;

fn search_band(scorer: &BeadScorer, band: &Band) -> Vec<Bead> {
    let problem = scorer.problem;
    let model = problem.model;
    let shapes: Vec<Shape> = model.shapes().collect();
    let max_src = shapes.iter().map(|s| s.src).max().unwrap_or(1);
    let n = problem.src.len();

    let mut marks = SourceMarks::default();
    let mut back = vec![NO_BEAD; band.cells()];
    let mut margins = vec![0u8; band.cells()];
    // Costs of the last max_src + 1 rows, indexed by row modulo that count.
    let mut rows: Vec<Vec<f32>> = vec![Vec::new(); max_src + 1];
    for i in 0..=n {
        let width = band.hi[i] - band.lo[i] + 1;
        let mut row = std::mem::take(&mut rows[i % (max_src + 1)]);
        row.clear();
        row.resize(width, f32::INFINITY);
        scorer.mark_sources(&mut marks, i);
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                row[0] = 0.0;
                continue;
            }
            let (mut best, mut second, mut best_shape) = (f32::INFINITY, f32::INFINITY, NO_BEAD);
            for (k, shape) in shapes.iter().enumerate() {
                if shape.src > i || shape.tgt > j {
                    continue;
                }
                let (pi, pj) = (i - shape.src, j - shape.tgt);
                if !band.contains(pi, pj) {
                    continue;
                }
                let previous = if pi == i {
                    row[pj - band.lo[i]]
                } else {
                    rows[pi % (max_src + 1)][pj - band.lo[pi]]
                };
                if !previous.is_finite() {
                    continue;
                }
                // Branch and bound: a bead whose cost without anchors, less the most
                // anchors could take off, cannot beat the second best is not scored
                // further. The best and second best (the margin) stay exact.
                let (src, tgt) = (pi..i, pj..j);
                let mut evidence = scorer.base(&src, &tgt);
                let partial = previous + model.cost(k, &evidence);
                if partial - scorer.anchor_bound(&src, &tgt) >= second {
                    continue;
                }
                scorer.add_anchors_marked(&mut evidence, src, tgt, &marks);
                let total = partial + model.anchor_cost(&evidence);
                if total < best {
                    second = best;
                    best = total;
                    best_shape = k as u8;
                } else if total < second {
                    second = total;
                }
            }
            let cell = band.index(i, j);
            row[j - band.lo[i]] = best;
            back[cell] = best_shape;
            margins[cell] = ((second - best) * MARGIN_SCALE).round().clamp(0.0, 255.0) as u8;
        }
        rows[i % (max_src + 1)] = row;
    }
    traceback(
        scorer,
        band,
        &shapes,
        &back,
        &margins,
        (n, problem.tgt.len()),
    )
}

fn traceback(
    scorer: &BeadScorer,
    band: &Band,
    shapes: &[Shape],
    back: &[u8],
    margins: &[u8],
    end: (usize, usize),
) -> Vec<Bead> {
    let (mut i, mut j) = end;
    let mut beads = Vec::new();
    while i > 0 || j > 0 {
        let cell = band.index(i, j);
        let k = back[cell];
        // Rows overlap and the cost model always allows 1-0 and 0-1 beads, so every band
        // cell but the origin has a bead leading to it.
        let shape = if k == NO_BEAD {
            if i > 0 {
                Shape::new(1, 0)
            } else {
                Shape::new(0, 1)
            }
        } else {
            shapes[k as usize]
        };
        let (pi, pj) = (i - shape.src, j - shape.tgt);
        let margin = if margins[cell] == u8::MAX {
            f32::INFINITY
        } else {
            margins[cell] as f32 / MARGIN_SCALE
        };
        let cost = match shapes.iter().position(|&s| s == shape) {
            Some(k) => scorer.problem.model.cost(k, &scorer.evidence(pi..i, pj..j)),
            None => f32::INFINITY,
        };
        beads.push(Bead {
            src: pi..i,
            tgt: pj..j,
            cost,
            margin,
        });
        (i, j) = (pi, pj);
    }
    beads.reverse();
    beads
}

pub(crate) fn prefix_sums(values: &[f32]) -> Vec<f32> {
    let mut out = Vec::with_capacity(values.len() + 1);
    let mut sum = 0.0;
    out.push(0.0);
    for v in values {
        sum += v;
        out.push(sum);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::CostParams;

    fn side(lengths: &[f32]) -> SideFeatures {
        SideFeatures {
            lengths: lengths.to_vec(),
            paragraphs: vec![0; lengths.len()],
            fragments: vec![false; lengths.len()],
        }
    }

    fn run(src: &[f32], tgt: &[f32], band: usize) -> Vec<(Range<usize>, Range<usize>)> {
        let anchors = Anchors {
            src: vec![vec![]; src.len()],
            tgt: vec![vec![]; tgt.len()],
            ..Default::default()
        };
        let model = CostModel::new(CostParams::default(), 1.0, 6.8);
        let (src, tgt) = (side(src), side(tgt));
        let problem = Problem {
            src: &src,
            tgt: &tgt,
            anchors: &anchors,
            model: &model,
        };
        align(
            &problem,
            &SearchParams {
                band,
                edge_margin: 2,
                guided_band: 4,
            },
        )
        .into_iter()
        .map(|b| (b.src, b.tgt))
        .collect()
    }

    #[test]
    fn equal_lengths_align_one_to_one() {
        let beads = run(&[10.0, 50.0, 30.0], &[10.0, 50.0, 30.0], 32);
        assert_eq!(beads, vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
    }

    #[test]
    fn a_split_sentence_becomes_one_to_two() {
        let beads = run(&[40.0, 100.0, 40.0], &[40.0, 50.0, 50.0, 40.0], 32);
        assert_eq!(beads, vec![(0..1, 0..1), (1..2, 1..3), (2..3, 3..4)]);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(run(&[], &[], 4), vec![]);
        assert_eq!(run(&[5.0], &[], 4), vec![(0..1, 0..0)]);
        assert_eq!(run(&[], &[5.0, 6.0], 4), vec![(0..0, 0..1), (0..0, 1..2)]);
    }

    #[test]
    fn steep_band_stays_connected() {
        // Regression: one source sentence against 70 targets made the band's rows not
        // overlap, and the traceback left the band (found by the property tests).
        let tgt = vec![2.0; 70];
        let beads = run(&[5.0], &tgt, 32);
        let covered: usize = beads.iter().map(|(_, t)| t.len()).sum();
        assert_eq!(covered, 70);
        assert_eq!(beads.iter().filter(|(s, _)| !s.is_empty()).count(), 1);
    }

    #[test]
    fn narrow_band_widens_when_the_path_drifts() {
        // Ten extra target sentences at the start push the path off a band of one.
        let mut tgt = vec![3.0; 10];
        let src: Vec<f32> = (0..30).map(|k| 20.0 + (k * 37 % 50) as f32).collect();
        tgt.extend(&src);
        let narrow = run(&src, &tgt, 1);
        let wide = run(&src, &tgt, 64);
        assert_eq!(narrow, wide);
    }
}
