//! Realigning around beads a reviewer confirmed (`mizan realign`).
//!
//! The confirmed beads are kept exactly as they are and cut the document into stretches:
//! the source and target sentences between two consecutive confirmed beads. Each stretch
//! is aligned as a problem of its own (`pipeline::align_span`, as the spans of a long
//! document are), with the anchors, the lexicon and the length ratio and variance that
//! the search of the whole document estimated; a stretch with sentences on one side only
//! becomes omissions or additions.
//!
//! A confirmed bead with an empty side (an omission or addition the reviewer confirmed)
//! fixes its place on one side only. Its place on the other side is the one where the
//! two stretches around it align most cheaply, among the places within `CUT_SLACK`
//! sentences of where the search of the whole document put that sentence; the two
//! stretches are compared over `CONTEXT_BEADS` beads either side, since a cut changes
//! the alignment only near it.

use std::ops::Range;

use crate::align::{Bead, Problem, SearchParams};
use crate::pipeline::{self, Alignment, Config, Document};
use crate::scorer::BeadScorer;

/// How many sentences either side of the whole-document search's position a confirmed
/// omission or addition may be placed on the other side.
const CUT_SLACK: usize = 2;
/// Beads of the whole-document alignment either side of a confirmed omission or
/// addition over which its candidate places are compared.
const CONTEXT_BEADS: usize = 8;

/// A bead a reviewer confirmed: source sentences `src` translate target sentences `tgt`
/// (0-based; either may be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub src: Range<usize>,
    pub tgt: Range<usize>,
}

impl Fixed {
    fn side(&self, side: usize) -> &Range<usize> {
        if side == 0 { &self.src } else { &self.tgt }
    }
}

fn side_of(bead: &Bead, side: usize) -> &Range<usize> {
    if side == 0 { &bead.src } else { &bead.tgt }
}

/// A place in the document: sentences before it on the source side and the target side.
type Point = [usize; 2];

/// Aligns the two documents keeping the `fixed` beads. They must be in order on both
/// sides, hold each sentence at most once and lie within the documents (`review::validate`
/// checks a reviewed table for this); beads empty on both sides are ignored.
///
/// ```
/// use mizan::{lang, pipeline::{Config, Document}, realign::{realign, Fixed}};
/// let mut config = Config::new(lang::profile("en"), lang::profile("ar"));
/// config.presegmented = true;
/// let src = Document::new("Hamas holds 200 hostages.\nQatar mediates.\n", &config.src_lang, true);
/// let tgt = Document::new("تحتجز حماس ٢٠٠ رهينة.\nوتتوسط قطر.\n", &config.tgt_lang, true);
/// // The reviewer says both sentences form one bead.
/// let fixed = [Fixed { src: 0..2, tgt: 0..2 }];
/// let alignment = realign(src, tgt, &fixed, &config);
/// assert_eq!(alignment.beads.len(), 1);
/// assert!(alignment.beads[0].confirmed && alignment.beads[0].confidence == 1.0);
/// ```
pub fn realign<'a>(
    mut src: Document<'a>,
    mut tgt: Document<'a>,
    fixed: &[Fixed],
    config: &Config,
) -> Alignment<'a> {
    let (guess, search) = pipeline::search_documents(&mut src, &mut tgt, config);
    let (beads, confirmed) = {
        let problem = Problem {
            src: &src.features,
            tgt: &tgt.features,
            anchors: &search.anchors,
            model: &search.model,
        };
        place(&problem, &config.search, &guess, fixed)
    };
    pipeline::finish_alignment(src, tgt, &beads, &confirmed, &search, config)
}

/// The beads of the whole document: the fixed ones, and the stretches between them
/// aligned; with one flag per bead saying whether it is a fixed one.
fn place(
    problem: &Problem,
    search: &SearchParams,
    guess: &[Bead],
    fixed: &[Fixed],
) -> (Vec<Bead>, Vec<bool>) {
    let ends: Point = [problem.src.len(), problem.tgt.len()];
    let scorer = BeadScorer::new(problem);
    let mut placed: Vec<(Bead, bool)> = Vec::new();
    let stretch = |from: Point, to: Point| {
        align_stretch(problem, search, from, to)
            .into_iter()
            .map(|b| (b, false))
    };
    let mut at: Point = [0, 0];
    for (k, bead) in fixed.iter().enumerate() {
        // The next fixed beads bound where this one can go on each side.
        let limit: Point = [0, 1].map(|side| {
            fixed[k + 1..]
                .iter()
                .map(|f| f.side(side))
                .find(|r| !r.is_empty())
                .map_or(ends[side], |r| r.start)
        });
        let bounds = (at, limit);
        let start: Point = match (bead.src.is_empty(), bead.tgt.is_empty()) {
            (false, false) => [bead.src.start, bead.tgt.start],
            (true, true) => continue,
            (false, true) => cut_beside(problem, &scorer, search, guess, bounds, 0, &bead.src),
            (true, false) => cut_beside(problem, &scorer, search, guess, bounds, 1, &bead.tgt),
        };
        assert!(
            start[0] >= at[0] && start[1] >= at[1],
            "fixed beads out of order at {bead:?}"
        );
        placed.extend(stretch(at, start));
        let end = [start[0] + bead.src.len(), start[1] + bead.tgt.len()];
        let bead = Bead {
            src: start[0]..end[0],
            tgt: start[1]..end[1],
            cost: 0.0,
            margin: f32::INFINITY,
        };
        placed.push((bead, true));
        at = end;
    }
    placed.extend(stretch(at, ends));
    placed.into_iter().unzip()
}

/// The alignment of the sentences between two places.
fn align_stretch(problem: &Problem, search: &SearchParams, from: Point, to: Point) -> Vec<Bead> {
    pipeline::align_span(
        problem,
        search,
        (from[0]..to[0], from[1]..to[1]),
        crate::align::Start::Diagonal,
    )
}

/// Where a fixed bead with sentences `range` on `side` only starts: at `range.start` on
/// that side, and on the other side at the place that makes the stretches before and
/// after it cheapest. `bounds` are the end of the beads placed so far and the start of
/// the next fixed beads.
fn cut_beside(
    problem: &Problem,
    scorer: &BeadScorer,
    search: &SearchParams,
    guess: &[Bead],
    bounds: (Point, Point),
    side: usize,
    range: &Range<usize>,
) -> Point {
    let (at, limit) = bounds;
    let other = 1 - side;
    // The bead of the whole-document search that holds the first fixed sentence.
    let g = guess.partition_point(|b| side_of(b, side).end <= range.start);
    let held = side_of(&guess[g], other);
    let clamp = |x: usize| x.clamp(at[other], limit[other]);
    let (lo, hi) = (
        clamp(held.start.saturating_sub(CUT_SLACK)),
        clamp(held.end + CUT_SLACK),
    );
    let before = &guess[g.saturating_sub(CONTEXT_BEADS)];
    let after = &guess[(g + CONTEXT_BEADS).min(guess.len() - 1)];
    let mut from = at;
    from[side] = side_of(before, side).start.clamp(at[side], range.start);
    from[other] = side_of(before, other).start.clamp(at[other], lo);
    let mut to = limit;
    to[side] = side_of(after, side).end.clamp(range.end, limit[side]);
    to[other] = side_of(after, other).end.clamp(hi, limit[other]);
    let place = |cut: usize, start: usize| {
        let mut point = [0, 0];
        point[side] = start;
        point[other] = cut;
        point
    };
    let cost = |cut: usize| {
        let left = align_stretch(problem, search, from, place(cut, range.start));
        let right = align_stretch(problem, search, place(cut, range.end), to);
        path_cost(scorer, &left) + path_cost(scorer, &right)
    };
    let best = (lo..=hi)
        .map(|cut| (cut, cost(cut)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(lo, |(cut, _)| cut);
    place(best, range.start)
}

/// The cost of a path under the whole document's model (the search leaves omissions and
/// additions of a one-sided stretch without a cost).
fn path_cost(scorer: &BeadScorer, beads: &[Bead]) -> f32 {
    let model = scorer.problem.model;
    beads
        .iter()
        .map(|b| {
            let shape = b.shape();
            model
                .shapes()
                .position(|s| s == shape)
                .map_or(f32::INFINITY, |k| {
                    model.cost(k, &scorer.evidence(b.src.clone(), b.tgt.clone()))
                })
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;

    const EN: &str = "The talks began in Doha on Monday.\nQatar said 50 hostages could be freed.\n\
        Israel has not confirmed the report.\nThe sources noted that tracking hostages is hard.\n\
        Washington welcomed the effort.\nA second round is planned for 12 December.\n\
        The mediators met again on Friday.\nNo agreement has been announced.\n";
    const AR: &str = "بدأت المحادثات في الدوحة يوم الاثنين.\nوقالت قطر إن ٥٠ رهينة قد يطلق سراحهم.\n\
        ولم تؤكد إسرائيل التقرير.\nورحبت واشنطن بالجهود.\nومن المقرر عقد جولة ثانية في ١٢ ديسمبر.\n\
        اقرأ أيضا: آخر الأخبار\nواجتمع الوسطاء مجددا يوم الجمعة.\nولم يعلن عن أي اتفاق.\n";

    fn run(fixed: &[Fixed]) -> Vec<(Range<usize>, Range<usize>, bool)> {
        let mut config = Config::new(profile("en"), profile("ar"));
        config.presegmented = true;
        let src = Document::new(EN, &config.src_lang, true);
        let tgt = Document::new(AR, &config.tgt_lang, true);
        let alignment = realign(src, tgt, fixed, &config);
        let (mut s, mut t) = (0, 0);
        for b in &alignment.beads {
            assert_eq!((b.src.start, b.tgt.start), (s, t), "contiguous, in order");
            (s, t) = (b.src.end, b.tgt.end);
            if b.confirmed {
                assert_eq!(b.confidence, 1.0);
            }
        }
        assert_eq!((s, t), (8, 8), "every sentence placed");
        alignment
            .beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone(), b.confirmed))
            .collect()
    }

    fn fix(src: Range<usize>, tgt: Range<usize>) -> Fixed {
        Fixed { src, tgt }
    }

    #[test]
    fn fixed_beads_are_kept_and_the_rest_is_aligned() {
        // The true alignment: 1-1 for 0..3, source 3 omitted, 1-1 for 4 and 5, target 5
        // added (boilerplate), 1-1 for 6 and 7.
        let truth = vec![
            (0..1, 0..1),
            (1..2, 1..2),
            (2..3, 2..3),
            (3..4, 3..3),
            (4..5, 3..4),
            (5..6, 4..5),
            (6..6, 5..6),
            (6..7, 6..7),
            (7..8, 7..8),
        ];
        let plain = |beads: Vec<(Range<usize>, Range<usize>, bool)>| -> Vec<_> {
            beads.into_iter().map(|(s, t, _)| (s, t)).collect()
        };
        // Cases: (fixed beads, beads that must be in the output).
        for (fixed, expected) in [
            (vec![], truth.clone()),
            (vec![fix(3..4, 3..3)], truth.clone()),
            (vec![fix(6..6, 5..6)], truth.clone()),
            (vec![fix(3..4, 3..3), fix(6..6, 5..6)], truth.clone()),
            (vec![fix(0..1, 0..1), fix(7..8, 7..8)], truth.clone()),
            // A merge the search would not make is kept, and the rest still aligns.
            (
                vec![fix(1..3, 1..3)],
                vec![(0..1, 0..1), (1..3, 1..3), (7..8, 7..8)],
            ),
            // Everything fixed by the reviewer.
            (vec![fix(0..8, 0..8)], vec![(0..8, 0..8)]),
        ] {
            let got = run(&fixed);
            for f in &fixed {
                assert!(
                    got.contains(&(f.src.clone(), f.tgt.clone(), true)),
                    "{fixed:?}: {got:?}"
                );
            }
            let confirmed = got.iter().filter(|b| b.2).count();
            assert_eq!(confirmed, fixed.len(), "{got:?}");
            let got = plain(got);
            for bead in &expected {
                assert!(got.contains(bead), "{fixed:?}: {bead:?} missing in {got:?}");
            }
        }
    }

    #[test]
    fn a_confirmed_omission_moves_the_rest() {
        // The reviewer says source sentence 2 is omitted, wrongly as it happens: the
        // alignment must still hold it as an omission and align around it.
        let got = run(&[fix(2..3, 2..2)]);
        assert!(got.contains(&(2..3, 2..2, true)), "{got:?}");
    }
}
