//! The search: a dynamic programme over bead sequences, banded around the diagonal.
//!
//! Cell (i, j) holds the cheapest cost of aligning the first i source and j target
//! sentences; a bead of shape a-b leads from (i-a, j-b) to (i, j). Only cells within a
//! band around the line from (0, 0) to (n, m) are computed, so time and memory grow
//! linearly with the document. If the best path runs along the band's edge, the band
//! was too narrow for this document: it is doubled and the search runs again.

use std::ops::Range;

use crate::anchors::Anchors;
use crate::cost::{CostModel, LengthTerms, Shape};
use crate::scorer::{AnchorRows, BeadScorer, PairShape, SearchTables};
use crate::segment::Ending;

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
    /// The band along a block alignment: each row covers the blocks of the rows within
    /// `corridor_reach` of it (a block alignment can put an untranslated passage a block
    /// early or late), and `corridor_margin` sentences more either side.
    pub corridor_margin: usize,
    pub corridor_reach: usize,
    /// Set on the searches of blocks (`coarse_path`), whose corridors are already twice
    /// the sentences': coarser levels keep them.
    pub blocks: bool,
}

impl Default for SearchParams {
    fn default() -> Self {
        // Documents that drift further than the band are caught by the edge test, and
        // long ones follow a block alignment. On Text+Berg dev (clean and 8 noisy
        // variants) bands of 6, 8, 10 and 16 and guided bands of 4 and 8 give the same
        // strict F1 (.892 / .855): the narrowest that loses nothing is the fastest.
        SearchParams {
            band: 8,
            edge_margin: 2,
            // The first pass's path is close to the final one: differences are local.
            guided_band: 4,
            // On the 10,726-line Text+Berg concatenation, 4 and 4 missed the best path
            // in 56 beads without touching the band's edge; 4 and 8 found the same path
            // as a band of ±16 widened four times, in one search.
            corridor_margin: 4,
            corridor_reach: 8,
            blocks: false,
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
    /// Whether each unit leads into the next with a colon (`segment::lead_in_flags`).
    pub lead_ins: Vec<bool>,
    /// How each unit ends (`segment::Ending`): the last units of a bead's two sides end
    /// alike.
    pub endings: Vec<Ending>,
}

impl SideFeatures {
    /// The features of sentences `range` only.
    pub fn slice(&self, range: Range<usize>) -> SideFeatures {
        SideFeatures {
            lengths: self.lengths[range.clone()].to_vec(),
            paragraphs: self.paragraphs[range.clone()].to_vec(),
            fragments: self.fragments[range.clone()].to_vec(),
            lead_ins: self.lead_ins[range.clone()].to_vec(),
            endings: self.endings[range].to_vec(),
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

/// Where the search's band starts.
#[derive(Clone, Copy, Debug)]
pub enum Start<'g> {
    /// Around the diagonal; along a block alignment for a long document.
    Diagonal,
    /// Around an earlier alignment of the same pair, `SearchParams::guided_band`
    /// sentences either side of it.
    Path(&'g [Bead]),
    /// Along a block alignment found already (`coarse_path`).
    Corridor(&'g [Bead]),
}

/// Aligns with the band around `guide` (an earlier alignment of the same pair) instead
/// of the diagonal, `search.guided_band` sentences either side of it.
pub fn align_near(problem: &Problem, search: &SearchParams, guide: Option<&[Bead]>) -> Vec<Bead> {
    align_from(problem, search, guide.map_or(Start::Diagonal, Start::Path))
}

/// Aligns with the band where `start` says.
pub fn align_from(problem: &Problem, search: &SearchParams, start: Start) -> Vec<Bead> {
    align_scored(&BeadScorer::new(problem), search, start)
}

/// `align_from` with a scorer the caller built.
pub fn align_scored(scorer: &BeadScorer, search: &SearchParams, start: Start) -> Vec<Bead> {
    let problem = scorer.problem;
    let (n, m) = (problem.src.len(), problem.tgt.len());
    if n == 0 || m == 0 {
        return trivial(n, m);
    }
    let corridor = |path: &[Bead]| {
        Band::near(
            path,
            n,
            m,
            &vec![search.corridor_margin; n + 1],
            search.corridor_reach,
        )
    };
    let mut band = match start {
        Start::Path(path) => Band::around(path, n, m, &vec![search.guided_band.max(1); n + 1]),
        Start::Corridor(path) => corridor(path),
        Start::Diagonal if n.max(m) >= COARSE_MIN_SENTENCES => {
            corridor(&coarse_path(problem, search, |p, s| align_near(p, s, None)).beads)
        }
        // One side's extra sentences (a passage the other lacks) can sit anywhere, and
        // the path then strays from the diagonal by up to their number.
        Start::Diagonal => Band::new(
            &length_diagonal(&problem.src.lengths, &problem.tgt.lengths),
            m,
            search.band.max(n.abs_diff(m)).max(1),
        ),
    };
    let tables = SearchTables::new(scorer);
    let most_cells = (MAX_WIDENING * band.cells()).max(MIN_CELL_CAP);
    let mut earlier: Option<(Band, Grid)> = None;
    loop {
        let (beads, grid) = match earlier.take() {
            Some((old, grid)) => search_band(&tables, &band, Some((&old, grid))),
            None => search_band(&tables, &band, None),
        };
        let touched = band.touched(&beads, search.edge_margin);
        if touched.is_empty() {
            return beads;
        }
        // The path ran along an edge: add to the band a wider one around the path found
        // so far, wider only near each place it touched, so that one stretch of drift
        // does not make the whole document's band wider. The band only grows, so the
        // search ends.
        let old = band.widths();
        let mut widths = old.clone();
        for i in touched {
            let wider = (WIDEN_FACTOR * old[i]).max(search.band).max(1);
            let reach = WIDEN_REACH * wider;
            for w in &mut widths[i.saturating_sub(reach)..=(i + reach).min(n)] {
                *w = (*w).max(wider);
            }
        }
        let wider = band.union(&Band::around(&beads, n, m, &widths));
        if wider.cells() > most_cells {
            // A long stretch that matches nothing near the path (a passage of tens of
            // thousands of lines on one side only) would widen the band until the
            // search covered the whole grid: past a bound, the path found stands.
            return beads;
        }
        earlier = Some((band, grid));
        band = wider;
    }
}

/// Sentences per block of the coarse search.
pub const COARSE_BLOCK: usize = 4;
/// Documents from this many sentences on a side are first aligned block by block: a
/// band of a few blocks either side covers drift (a long untranslated passage) that a
/// band of sentences around the diagonal would miss. Shorter documents fit in a band of
/// `SearchParams::band` sentences nearly whole.
const COARSE_MIN_SENTENCES: usize = 256;

/// A block alignment as beads of sentences, and which of them pair one block with one.
pub struct CoarsePath {
    pub beads: Vec<Bead>,
    pub one_to_one: Vec<bool>,
}

/// An alignment of blocks of sentences, by their lengths and their rare anchors
/// (`Anchors::blocks`) with bead shapes of up to two blocks a side, as beads of
/// sentences: the corridor the search of a long document follows. Source blocks hold
/// `COARSE_BLOCK` sentences; target block k ends where the target text reaches the
/// share of the text that the source has before block k + 1 (`length_diagonal`), so
/// that the two sides' blocks hold the same part of the text. (Blocks of as many
/// sentences on both sides drift apart when one side has more sentences: on a
/// 1,000,000-sentence pair with 7% more French lines, a 1-1 bead of blocks of 4,096
/// sentences compared texts 290 sentences apart, and the alignment locked onto a copy
/// of the text one repetition away.) `align_blocks` aligns the blocks (with a corridor
/// of blocks of blocks when they are many, so that the whole costs linear time).
pub fn coarse_path(
    problem: &Problem,
    search: &SearchParams,
    align_blocks: fn(&Problem, &SearchParams) -> Vec<Bead>,
) -> CoarsePath {
    let (n, m) = (problem.src.len(), problem.tgt.len());
    let src_bounds: Vec<usize> = (0..n.div_ceil(COARSE_BLOCK))
        .map(|k| k * COARSE_BLOCK)
        .chain([n])
        .collect();
    let diagonal = length_diagonal(&problem.src.lengths, &problem.tgt.lengths);
    let tgt_bounds: Vec<usize> = src_bounds[..src_bounds.len() - 1]
        .iter()
        .map(|&i| diagonal[i])
        .chain([m])
        .collect();
    let blocks = |side: &SideFeatures, bounds: &[usize]| {
        let count = bounds.len() - 1;
        SideFeatures {
            lengths: bounds
                .windows(2)
                .map(|w| side.lengths[w[0]..w[1]].iter().sum())
                .collect(),
            paragraphs: vec![0; count],
            fragments: vec![false; count],
            lead_ins: vec![false; count],
            endings: vec![Ending::Punctuated; count],
        }
    };
    let (src, tgt) = (
        blocks(problem.src, &src_bounds),
        blocks(problem.tgt, &tgt_bounds),
    );
    let anchors = problem.anchors.blocks(&src_bounds, &tgt_bounds);
    let mut params = problem.model.params.clone();
    params.shapes.retain(|(s, _)| s.src <= 2 && s.tgt <= 2);
    // Leaving a block out costs what leaving out its sentences one by one costs.
    let omission: f64 = params
        .shapes
        .iter()
        .find(|(s, _)| *s == Shape::new(1, 0))
        .map_or(0.0, |(_, p)| -p.ln());
    params.indel_cost = COARSE_BLOCK as f64 * (omission + params.indel_cost) - omission;
    let model = CostModel::new(params, problem.model.ratio, problem.model.variance);
    let coarse = Problem {
        src: &src,
        tgt: &tgt,
        anchors: &anchors,
        model: &model,
    };
    // Blocks place sentences less exactly than sentences do: the corridors of the block
    // levels are twice the sentences', in their own units (each of which holds four of
    // the level below). Doubled again at each level, as until 2026-12-02, they were
    // nearly the whole grid at the top levels, which are searched whole on one thread
    // (no block pair there is certain enough to cut at): on the 100,000-sentence pair
    // the levels above the first searched 1.05 million cells, now 0.44 million, and the
    // alignment is the same at 100,000 and 1,000,000 sentences.
    let wider = if search.blocks {
        search.clone()
    } else {
        SearchParams {
            corridor_margin: 2 * search.corridor_margin,
            corridor_reach: 2 * search.corridor_reach,
            blocks: true,
            ..search.clone()
        }
    };
    let block_beads = align_blocks(&coarse, &wider);
    let one_to_one = block_beads
        .iter()
        .map(|b| b.src.len() == 1 && b.tgt.len() == 1)
        .collect();
    let beads = block_beads
        .into_iter()
        .map(|b| Bead {
            src: src_bounds[b.src.start]..src_bounds[b.src.end],
            tgt: tgt_bounds[b.tgt.start]..tgt_bounds[b.tgt.end],
            ..b
        })
        .collect();
    CoarsePath { beads, one_to_one }
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

/// Widening stops before the band holds more than this many times its first cells, or
/// `MIN_CELL_CAP` cells if that is more (about 400 MB of grid, so that a document of a
/// few thousand sentences can still widen to its whole grid). A 100,000-line pair with
/// 27,600 unrelated lines inserted on one side took 70 s and 2.4 GB widening without
/// this bound (and was wrong either way), 13 s and 405 MB with it; a 10,000-line pair
/// with 2,760 such lines needs 7.6 s and 610 MB of widening to come out right (F1 .87;
/// with 2^25 cells .64).
const MAX_WIDENING: usize = 16;
const MIN_CELL_CAP: usize = 1 << 26;

/// How far, in rows and as a multiple of the new width, widening reaches from a place
/// where the path touched the band's edge: drift builds up and unwinds over a stretch.
const WIDEN_REACH: usize = 4;
/// How much wider the band gets where the path touched its edge (and at least
/// `SearchParams::band`): each search of a long document costs a whole pass, so a
/// passage that drifts far should need few of them.
const WIDEN_FACTOR: usize = 4;

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
    /// The band of target positions `lo[i]..=hi[i]` in row i (clamped to the grid),
    /// made to overlap the row before: every cell can then be reached from the origin,
    /// even where the path is steeper than the band.
    fn from_rows(mut lo: Vec<usize>, mut hi: Vec<usize>, m: usize, half: Vec<usize>) -> Band {
        let n = lo.len() - 1;
        let mut start = Vec::with_capacity(n + 2);
        let mut offset = 0;
        lo[0] = 0;
        for i in 0..=n {
            if i > 0 {
                lo[i] = lo[i].min(hi[i - 1]);
            }
            hi[i] = hi[i].min(m).max(lo[i]);
            start.push(offset);
            offset += hi[i] - lo[i] + 1;
        }
        start.push(offset);
        Band {
            lo,
            hi,
            start,
            m,
            half,
        }
    }

    /// A band `half` cells either side of `centers` (one target position per source
    /// prefix, from 0 to m).
    fn new(centers: &[usize], m: usize, half: usize) -> Band {
        let lo = centers.iter().map(|&c| c.saturating_sub(half)).collect();
        let hi = centers.iter().map(|&c| c + half).collect();
        Band::from_rows(lo, hi, m, vec![half; centers.len()])
    }

    /// A band `half[i]` cells either side of a path of beads from (0, 0) to (n, m) in
    /// each row i.
    fn around(path: &[Bead], n: usize, m: usize, half: &[usize]) -> Band {
        Band::near(path, n, m, half, 0)
    }

    /// `around`, with each row also covering the path's cells in the `reach` rows
    /// before and after it.
    fn near(path: &[Bead], n: usize, m: usize, half: &[usize], reach: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        for bead in path {
            let rows = bead.src.start.saturating_sub(reach)..=(bead.src.end + reach).min(n);
            for i in rows {
                lo[i] = lo[i].min(bead.tgt.start);
                hi[i] = hi[i].max(bead.tgt.end);
            }
        }
        for i in 0..=n {
            // A row the path does not reach (it cannot happen for a path from the
            // origin to the end) is searched whole.
            if lo[i] == usize::MAX {
                (lo[i], hi[i]) = (0, m);
            }
            lo[i] = lo[i].saturating_sub(half[i]);
            hi[i] += half[i];
        }
        Band::from_rows(lo, hi, m, half.to_vec())
    }

    /// The cells of either band.
    fn union(&self, other: &Band) -> Band {
        let each = |a: &[usize], b: &[usize], f: fn(usize, usize) -> usize| {
            a.iter().zip(b).map(|(&x, &y)| f(x, y)).collect()
        };
        Band::from_rows(
            each(&self.lo, &other.lo, usize::min),
            each(&self.hi, &other.hi, usize::max),
            self.m,
            each(&self.half, &other.half, usize::max),
        )
    }

    /// Each row's half-width.
    fn widths(&self) -> Vec<usize> {
        self.half.clone()
    }

    fn cells(&self) -> usize {
        *self.start.last().unwrap_or(&0)
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

/// How the search treats each bead shape of the model.
struct ShapePlan {
    /// Shapes with both sides, scored with lengths and anchors.
    pairs: Vec<PairShape>,
    /// Omissions (source sentences only): shape index and source count.
    omissions: Vec<(usize, usize)>,
    /// Additions (target sentences only): shape index and target count. They lead from
    /// a cell of the same row, so they are scored last, cell by cell.
    additions: Vec<(usize, usize)>,
}

impl ShapePlan {
    fn new(shapes: &[Shape]) -> ShapePlan {
        let mut plan = ShapePlan {
            pairs: Vec::new(),
            omissions: Vec::new(),
            additions: Vec::new(),
        };
        for (k, &shape) in shapes.iter().enumerate() {
            match (shape.src, shape.tgt) {
                (0, 0) => {}
                (a, 0) => plan.omissions.push((k, a)),
                (0, b) => plan.additions.push((k, b)),
                _ => plan.pairs.push(PairShape::new(k, shape)),
            }
        }
        plan
    }
}

/// Keeps each cell's best and second-best candidate: `best[x]`, `second[x]` and the
/// best one's shape `arg[x]`, given candidates `cand` of shape `k`.
#[inline]
fn keep_best(cand: &[f32], best: &mut [f32], second: &mut [f32], arg: &mut [u8], k: u8) {
    for (((&v, b), s), a) in cand.iter().zip(best).zip(second).zip(arg) {
        offer(v, k, b, s, a);
    }
}

/// Keeps a cell's best and second-best candidate, given candidate `v` of shape `k`.
/// Written as selects, not branches: whether a candidate beats a cell's best or second
/// best is a coin toss the processor mispredicts (about 6% of a long document's time on
/// one thread).
#[inline(always)]
fn offer(v: f32, k: u8, best: &mut f32, second: &mut f32, arg: &mut u8) {
    let (b, s) = (*best, *second);
    *second = if v < b {
        b
    } else if v < s {
        v
    } else {
        s
    };
    *arg = if v < b { k } else { *arg };
    *best = if v < b { v } else { b };
}

/// The cells of a search: each cell's cost, best bead shape and margin, laid out like
/// the band's cells.
struct Grid {
    costs: Vec<f32>,
    back: Vec<u8>,
    margins: Vec<u8>,
}

/// The margin of a cell whose best cost is `best` and second best `second`, in steps of
/// 1 / `MARGIN_SCALE` nats: `((second - best) * MARGIN_SCALE).round().clamp(0.0, 255.0)
/// as u8`, without `round`, which is a call to the C library on x86-64 and was 1% of
/// a long document's instructions.
fn margin_byte(best: f32, second: f32) -> u8 {
    let scaled = (second - best) * MARGIN_SCALE;
    // Negative, zero or NaN: rounding and clamping give 0.
    if scaled.is_nan() || scaled <= 0.0 {
        return 0;
    }
    if scaled >= f32::from(u8::MAX) {
        return u8::MAX;
    }
    // Below 255 the truncation is exact, and so is the fraction it leaves; a half
    // rounds up, as `round` rounds halves away from zero.
    let whole = scaled as u8;
    let fraction = scaled - f32::from(whole);
    whole + u8::from(fraction >= 0.5)
}

/// Searches `band`. `earlier` is a search of a band this one contains: the rows before
/// the first one that differs are the same, and are taken from it instead of searched
/// again (a band widened near the end of a long document costs only the end).
fn search_band(
    tables: &SearchTables,
    band: &Band,
    earlier: Option<(&Band, Grid)>,
) -> (Vec<Bead>, Grid) {
    let scorer = tables.scorer;
    let problem = scorer.problem;
    let model = problem.model;
    let shapes: Vec<Shape> = model.shapes().collect();
    let plan = ShapePlan::new(&shapes);
    let n = problem.src.len();
    let (src, tgt) = (&tables.src, &tables.tgt);
    let ratio = model.ratio as f32;
    let indel = model.params.indel_cost as f32;
    let form_mismatch = model.params.form_mismatch as f32;

    let (first_row, mut grid) = match earlier {
        Some((old, mut grid)) => {
            let same = (0..=n)
                .take_while(|&i| old.lo[i] == band.lo[i] && old.hi[i] == band.hi[i])
                .count();
            let kept = band.start[same];
            grid.costs.truncate(kept);
            grid.back.truncate(kept);
            grid.margins.truncate(kept);
            (same, grid)
        }
        None => (
            0,
            Grid {
                costs: Vec::with_capacity(band.cells()),
                back: Vec::with_capacity(band.cells()),
                margins: Vec::with_capacity(band.cells()),
            },
        ),
    };
    let mut anchor_rows = AnchorRows::new(tables, &plan.pairs, &band.lo);
    let mut scratch = Vec::new();
    let (mut best, mut second, mut arg, mut cand) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut deltas = Vec::new();
    let length_terms = LengthTerms::get();
    let mut form = Vec::new();
    for i in first_row..=n {
        let (lo, hi) = (band.lo[i], band.hi[i]);
        let width = hi - lo + 1;
        for v in [&mut best, &mut second, &mut cand] {
            v.clear();
            v.resize(width, f32::INFINITY);
        }
        arg.clear();
        arg.resize(width, NO_BEAD);
        if i == 0 {
            best[0] = 0.0;
        }
        // The costs of row `i - a`, and the target positions it spans.
        let row = |a: usize| {
            let r = i - a;
            let cells = band.start[r]..band.start[r + 1];
            (&grid.costs[cells], band.lo[r], band.hi[r])
        };
        anchor_rows.prepare(i, lo, hi);
        // The cost of a bead ending here whose sides end one with a caption and one
        // with a punctuated sentence: the same for every shape.
        form.clear();
        form.extend((lo..=hi).map(|j| {
            let differ =
                i > 0 && j > 0 && problem.src.endings[i - 1].clashes(problem.tgt.endings[j - 1]);
            if differ { form_mismatch } else { 0.0 }
        }));
        for &(k, a) in &plan.omissions {
            if a > i {
                continue;
            }
            let (prev, plo, phi) = row(a);
            let (jlo, jhi) = (lo.max(plo), hi.min(phi));
            if jlo > jhi {
                continue;
            }
            let cost = model.shape_costs[k] + indel + src.indel_terms(a)[i];
            let range = jlo - lo..=jhi - lo;
            for (c, &previous) in cand[range.clone()]
                .iter_mut()
                .zip(&prev[jlo - plo..=jhi - plo])
            {
                *c = previous + cost;
            }
            keep_best(
                &cand[range.clone()],
                &mut best[range.clone()],
                &mut second[range.clone()],
                &mut arg[range],
                k as u8,
            );
        }
        for (p, shape) in plan.pairs.iter().enumerate() {
            let (a, b) = (shape.src, shape.tgt);
            if a > i {
                continue;
            }
            let (prev, plo, phi) = row(a);
            let (jlo, jhi) = (lo.max(plo + b), hi.min(phi + b));
            if jlo > jhi {
                continue;
            }
            let range = jlo - lo..=jhi - lo;
            let base = model.shape_costs[shape.index] + src.pair_terms(a)[i];
            let out = &mut cand[range.clone()];
            let from = &prev[jlo - b - plo..=jhi - b - plo];
            let terms = &tgt.pair_terms(b)[jlo..=jhi];
            let forms = &form[range.clone()];
            for (((c, &previous), &term), &f) in out.iter_mut().zip(from).zip(terms).zip(forms) {
                *c = previous + base + term + f;
            }
            anchor_rows.add_terms(p, i, jlo - lo, out, &mut scratch);
            let expected = (src.prefix[i] - src.prefix[i - a]) * ratio;
            let (ends, starts) = (&tgt.prefix[jlo..=jhi], &tgt.prefix[jlo - b..=jhi - b]);
            model.length_deltas(expected, ends, starts, &mut deltas);
            // The length term is looked up for every candidate. Only candidates below
            // their cell's second best can change it (the term is never negative), but
            // testing each cell first is a branch the processor mispredicts (it cost 4%
            // of the time); a whole row of a shape at or above it, the test this
            // replaced, was 1.2% of the 10,000-line pair's rows and shapes (0.1% in the
            // first pass), not worth its pass over every row.
            let k = shape.index as u8;
            let cells = (out.iter().zip(&deltas))
                .zip(&mut best[range.clone()])
                .zip(&mut second[range.clone()])
                .zip(&mut arg[range]);
            for ((((&c, &d), best), second), arg) in cells {
                offer(c + length_terms.of(d), k, best, second, arg);
            }
        }
        if !plan.additions.is_empty() {
            for x in 0..width {
                let j = lo + x;
                for &(k, b) in &plan.additions {
                    if x < b {
                        continue;
                    }
                    let v = best[x - b] + model.shape_costs[k] + indel + tgt.indel_terms(b)[j];
                    offer(v, k as u8, &mut best[x], &mut second[x], &mut arg[x]);
                }
            }
        }
        grid.back.extend_from_slice(&arg);
        grid.margins
            .extend(best.iter().zip(&second).map(|(&b, &s)| margin_byte(b, s)));
        grid.costs.extend_from_slice(&best);
    }
    let beads = traceback(band, &shapes, &grid, (n, problem.tgt.len()));
    (beads, grid)
}

fn traceback(band: &Band, shapes: &[Shape], grid: &Grid, end: (usize, usize)) -> Vec<Bead> {
    let (costs, back, margins) = (&grid.costs, &grid.back, &grid.margins);
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
        // A cell's cost is its bead's plus the cost where the bead starts.
        let cost = costs[cell] - costs[band.index(pi, pj)];
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
            lead_ins: vec![false; lengths.len()],
            endings: vec![Ending::Punctuated; lengths.len()],
        }
    }

    fn run(src: &[f32], tgt: &[f32], band: usize) -> Vec<(Range<usize>, Range<usize>)> {
        let anchors = Anchors {
            src: vec![vec![]; src.len()].into(),
            tgt: vec![vec![]; tgt.len()].into(),
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
                ..Default::default()
            },
        )
        .into_iter()
        .map(|b| (b.src, b.tgt))
        .collect()
    }

    #[test]
    fn margin_byte_rounds_and_clamps_like_round() {
        let reference = |b: f32, s: f32| ((s - b) * MARGIN_SCALE).round().clamp(0.0, 255.0) as u8;
        let mut seconds = vec![
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            -0.0,
            25.5,
            25.45,
        ];
        seconds.extend((0..=60_000).map(|k| k as f32 * 0.000_5 - 2.0));
        seconds.extend((0..=600).map(|k| k as f32 * 0.05));
        seconds.extend([0.049_999_998, 0.05, 0.050_000_004, 25.549_998, 0.149_999_99]);
        for best in [0.0, 1.0, -3.25, 1e6, f32::INFINITY] {
            for &second in &seconds {
                assert_eq!(
                    margin_byte(best, second),
                    reference(best, second),
                    "{best} {second}"
                );
            }
        }
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

#[cfg(test)]
mod exactness {
    //! The search scores candidates from tables and per-row anchor bins; the reference
    //! here scores every bead of the full grid with `BeadScorer::evidence` directly. The
    //! two must find paths of the same cost.
    use super::*;
    use crate::anchors::{AnchorKind, Lists};
    use crate::cost::CostParams;

    /// A random document pair: lengths, paragraphs, title-like units and anchors drawn
    /// from a small pool, so that sentences share anchors often and spans repeat them.
    fn random_pair(
        rng: &mut fastrand::Rng,
        n: usize,
        m: usize,
    ) -> (SideFeatures, SideFeatures, Anchors) {
        let pool = 12u32;
        let side = |rng: &mut fastrand::Rng, len: usize| SideFeatures {
            lengths: (0..len).map(|_| rng.u32(0..120) as f32).collect(),
            paragraphs: (0..len)
                .scan(0, |p, _| {
                    *p += usize::from(rng.u8(0..8) == 0);
                    Some(*p)
                })
                .collect(),
            fragments: (0..len).map(|_| rng.u8(0..6) == 0).collect(),
            lead_ins: (0..len).map(|_| rng.u8(0..5) == 0).collect(),
            endings: (0..len)
                .map(|_| match rng.u8(0..4) {
                    0 => Ending::Caption,
                    1 => Ending::Unpunctuated,
                    _ => Ending::Punctuated,
                })
                .collect(),
        };
        let lists = |rng: &mut fastrand::Rng, len: usize| -> Vec<Vec<u32>> {
            (0..len)
                .map(|_| {
                    let mut ids: Vec<u32> =
                        (0..rng.usize(0..5)).map(|_| rng.u32(0..pool)).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    ids
                })
                .collect()
        };
        let (src_lists, tgt_lists) = (lists(rng, n), lists(rng, m));
        let kinds = [
            AnchorKind::Number,
            AnchorKind::Punctuation,
            AnchorKind::Name,
            AnchorKind::Cognate,
            AnchorKind::Lexicon,
            AnchorKind::Dictionary,
            AnchorKind::Date,
        ];
        let freq = |lists: &[Vec<u32>]| {
            let mut f = vec![0u32; pool as usize];
            lists.iter().flatten().for_each(|&id| f[id as usize] += 1);
            f
        };
        let anchors = Anchors {
            src_freq: freq(&src_lists),
            tgt_freq: freq(&tgt_lists),
            src: src_lists.into(),
            tgt: tgt_lists.into(),
            kinds: (0..pool)
                .map(|id| kinds[id as usize % kinds.len()])
                .collect(),
            labels: vec![String::new(); pool as usize],
            size: (n, m),
        };
        (side(rng, n), side(rng, m), anchors)
    }

    /// The cheapest path over the whole grid, each bead scored with `evidence`.
    fn reference_cost(scorer: &BeadScorer) -> f32 {
        let (n, m) = (scorer.problem.src.len(), scorer.problem.tgt.len());
        let model = scorer.problem.model;
        let mut cost = vec![vec![f32::INFINITY; m + 1]; n + 1];
        cost[0][0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                for (k, shape) in model.shapes().enumerate() {
                    if (shape.src, shape.tgt) == (0, 0) || shape.src > i || shape.tgt > j {
                        continue;
                    }
                    let (pi, pj) = (i - shape.src, j - shape.tgt);
                    let bead = model.cost(k, &scorer.evidence(pi..i, pj..j));
                    cost[i][j] = cost[i][j].min(cost[pi][pj] + bead);
                }
            }
        }
        cost[n][m]
    }

    #[test]
    fn anchors_that_weigh_nothing_change_nothing_when_dropped() {
        let mut rng = fastrand::Rng::with_seed(11);
        let kinds = [
            AnchorKind::Number,
            AnchorKind::Punctuation,
            AnchorKind::Cognate,
            AnchorKind::Date,
        ];
        for round in 0..40 {
            let (n, m) = (rng.usize(1..40), rng.usize(1..40));
            let (src, tgt, mut anchors) = random_pair(&mut rng, n, m);
            // Ids of every kind that one side holds and the other lacks everywhere.
            let pool = anchors.kinds.len() as u32;
            let extra = 8;
            let one_sided = |rng: &mut fastrand::Rng, lists: &Lists, first: u32| -> Lists {
                let lists = lists.iter().map(|list| {
                    let mut ids = list.to_vec();
                    ids.extend((0..rng.usize(0..4)).map(|_| first + rng.u32(0..extra)));
                    ids.sort_unstable();
                    ids.dedup();
                    ids
                });
                lists.collect::<Vec<_>>().into()
            };
            anchors.src = one_sided(&mut rng, &anchors.src, pool);
            anchors.tgt = one_sided(&mut rng, &anchors.tgt, pool + extra);
            for id in pool..pool + 2 * extra {
                anchors.kinds.push(kinds[id as usize % kinds.len()]);
                anchors.labels.push(String::new());
            }
            let count = |lists: &Lists| {
                let mut freq = vec![0u32; anchors.kinds.len()];
                lists.all().iter().for_each(|&id| freq[id as usize] += 1);
                freq
            };
            (anchors.src_freq, anchors.tgt_freq) = (count(&anchors.src), count(&anchors.tgt));
            // No orphan weights at all: only the numbers' kind keeps one-sided ids.
            let params = CostParams {
                orphan_weights: [0.0; crate::anchors::KINDS],
                ..Default::default()
            };
            let mut dropped = anchors.clone();
            dropped.drop_weightless(&params.orphan_weights);
            let held = |a: &Anchors| a.src.all().len() + a.tgt.all().len();
            assert!(held(&dropped) < held(&anchors), "round {round}");
            // Numbers on one side stay (they cost a bead, and the review reads them).
            for (list, all) in dropped.src.iter().zip(anchors.src.iter()) {
                let numbers = |ids: &[u32]| -> Vec<u32> {
                    (ids.iter().copied())
                        .filter(|&id| anchors.kinds[id as usize] == AnchorKind::Number)
                        .collect()
                };
                assert_eq!(numbers(list), numbers(all), "round {round}");
            }
            let model = CostModel::new(params, 0.5 + rng.f64(), 6.8);
            let align_with = |anchors: &Anchors| {
                let problem = Problem {
                    src: &src,
                    tgt: &tgt,
                    anchors,
                    model: &model,
                };
                align(&problem, &SearchParams::default())
            };
            assert_eq!(align_with(&dropped), align_with(&anchors), "round {round}");
        }
    }

    #[test]
    fn banded_search_finds_the_cheapest_path() {
        let mut rng = fastrand::Rng::with_seed(7);
        for round in 0..60 {
            // Empty sides have one path, which the search does not score.
            let (n, m) = (rng.usize(1..24), rng.usize(1..24));
            let (src, tgt, anchors) = random_pair(&mut rng, n, m);
            let params = CostParams {
                orphan_weights: [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                ..Default::default()
            };
            let model = CostModel::new(params, 0.5 + rng.f64(), 6.8);
            let problem = Problem {
                src: &src,
                tgt: &tgt,
                anchors: &anchors,
                model: &model,
            };
            let scorer = BeadScorer::new(&problem);
            let beads = align_scored(
                &scorer,
                &SearchParams {
                    band: 32,
                    ..Default::default()
                },
                Start::Diagonal,
            );
            let found: f32 = beads.iter().map(|b| b.cost).sum();
            let best = reference_cost(&scorer);
            assert!(
                (found - best).abs() <= 1e-3 * best.abs().max(1.0),
                "round {round} ({n} x {m}): search {found}, reference {best}"
            );
        }
    }
}
