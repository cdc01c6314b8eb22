//! Scoring an alignment against a gold one, with the definitions of Vecalign's scorer.
//!
//! Precision: each test bead (ignoring beads empty on both sides) is a strict hit if the
//! identical bead is in the gold, a lax hit if it is strict or some gold bead shares at
//! least one source and one target sentence with it. Recall: the same with gold and test
//! swapped, after dropping from both the beads that are empty on one side. Counts are
//! summed over the documents of a set before precision, recall and F1 are computed
//! (micro-averaging), as in Vecalign's `score_multiple`.

use std::collections::{HashMap, HashSet};
use std::ops::AddAssign;

/// A bead as evaluation sees it: sorted source ids and target ids, 0-based.
pub type IdBead = (Vec<usize>, Vec<usize>);

/// Parses the bead format, one bead per line: `[0, 1]:[2]` with an optional `:score`.
/// Blank lines are skipped. Errors give the 1-based line number and what is wrong.
pub fn parse_beads(text: &str) -> Result<Vec<IdBead>, (usize, String)> {
    let mut beads = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bead = parse_line(line).ok_or_else(|| {
            (
                n + 1,
                format!("expected a bead such as `[0, 1]:[2]` or `[]:[3]:0.9`, found `{line}`"),
            )
        })?;
        beads.push(bead);
    }
    Ok(beads)
}

fn parse_line(line: &str) -> Option<IdBead> {
    let (src, rest) = take_list(line)?;
    let rest = rest.strip_prefix(':')?;
    let (tgt, rest) = take_list(rest)?;
    match rest.strip_prefix(':') {
        Some(score) if score.trim().parse::<f64>().is_ok() => {}
        None if rest.trim().is_empty() => {}
        _ => return None,
    }
    Some((src, tgt))
}

fn take_list(text: &str) -> Option<(Vec<usize>, &str)> {
    let text = text.trim_start().strip_prefix('[')?;
    let end = text.find(']')?;
    let inner = text[..end].trim();
    let ids = if inner.is_empty() {
        Vec::new()
    } else {
        inner
            .split(',')
            .map(|id| id.trim().parse().ok())
            .collect::<Option<Vec<usize>>>()?
    };
    Some((ids, &text[end + 1..]))
}

/// Hit and miss counts, the numbers Vecalign's scorer accumulates over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Precision counts: strict hits, strict misses, lax hits, lax misses.
    pub precision: [usize; 4],
    /// Recall counts, in the same order.
    pub recall: [usize; 4],
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        for k in 0..4 {
            self.precision[k] += other.precision[k];
            self.recall[k] += other.recall[k];
        }
    }
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Strict and lax scores of a set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub strict: Prf,
    pub lax: Prf,
}

/// Counts for one document.
pub fn count(gold: &[IdBead], test: &[IdBead]) -> Counts {
    let one_to_one = |beads: &[IdBead]| -> Vec<IdBead> {
        beads
            .iter()
            .filter(|(s, t)| !s.is_empty() && !t.is_empty())
            .cloned()
            .collect()
    };
    Counts {
        precision: hits(gold, test),
        recall: hits(&one_to_one(test), &one_to_one(gold)),
    }
}

/// [strict hits, strict misses, lax hits, lax misses] of `test` against `gold`.
fn hits(gold: &[IdBead], test: &[IdBead]) -> [usize; 4] {
    let normalize = |beads: &[IdBead]| -> HashSet<IdBead> {
        beads
            .iter()
            .filter(|(s, t)| !s.is_empty() || !t.is_empty())
            .map(|(s, t)| {
                let (mut s, mut t) = (s.clone(), t.clone());
                s.sort_unstable();
                t.sort_unstable();
                (s, t)
            })
            .collect()
    };
    let gold = normalize(gold);
    let test = normalize(test);
    let mut targets_of: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (src, tgt) in &gold {
        for &s in src {
            targets_of.entry(s).or_default().extend(tgt.iter().copied());
        }
    }
    let mut counts = [0; 4];
    for bead in &test {
        if gold.contains(bead) {
            counts[0] += 1;
            counts[2] += 1;
            continue;
        }
        counts[1] += 1;
        let overlaps = bead.0.iter().any(|s| {
            targets_of
                .get(s)
                .is_some_and(|targets| bead.1.iter().any(|t| targets.contains(t)))
        });
        if overlaps {
            counts[2] += 1;
        } else {
            counts[3] += 1;
        }
    }
    counts
}

impl Counts {
    pub fn scores(&self) -> Scores {
        let ratio = |hit: usize, miss: usize| {
            if hit + miss == 0 {
                0.0
            } else {
                hit as f64 / (hit + miss) as f64
            }
        };
        let prf = |p: f64, r: f64| Prf {
            precision: p,
            recall: r,
            f1: if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        };
        let (p, r) = (&self.precision, &self.recall);
        Scores {
            strict: prf(ratio(p[0], p[1]), ratio(r[0], r[1])),
            lax: prf(ratio(p[2], p[3]), ratio(r[2], r[3])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(text: &str) -> Vec<IdBead> {
        parse_beads(text).unwrap()
    }

    #[test]
    fn parses_both_forms() {
        assert_eq!(
            beads("[0, 1]:[2]\n[]:[3]:0.93\n\n[2]:[]"),
            vec![(vec![0, 1], vec![2]), (vec![], vec![3]), (vec![2], vec![]),]
        );
    }

    #[test]
    fn parse_errors_name_the_line() {
        assert_eq!(parse_beads("[0]:[0]\n[1]:[x]").unwrap_err().0, 2);
        assert!(parse_beads("[0]:[0]:abc").is_err());
        assert!(parse_beads("[0]:[0] trailing").is_err());
    }

    #[test]
    fn perfect_alignment_scores_one() {
        let gold = beads("[0]:[0]\n[1, 2]:[1]\n[]:[2]");
        let s = count(&gold, &gold).scores();
        assert_eq!((s.strict.f1, s.lax.f1), (1.0, 1.0));
    }

    #[test]
    fn vecalign_definitions() {
        // Gold: 0-0, 1+2-1, 0-1 insertion. Test: 0-0, 1-1, 2-[], []-2.
        let gold = beads("[0]:[0]\n[1, 2]:[1]\n[]:[2]");
        let test = beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[]:[2]");
        let c = count(&gold, &test);
        // Precision over 4 test beads: [0]:[0] and []:[2] strict; [1]:[1] lax; [2]:[] miss.
        assert_eq!(c.precision, [2, 2, 3, 1]);
        // Recall over gold beads with both sides (2) against test beads with both sides.
        assert_eq!(c.recall, [1, 1, 2, 0]);
    }
}
