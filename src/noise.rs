//! Noisy variants of gold-aligned document pairs, for measuring robustness.
//!
//! Real news pairs are not clean: translators leave sentences out, web pages carry
//! boilerplate (captions, "Read more", bylines, repeated titles), and two segmenters
//! cut the same text differently. From a gold-aligned pair this module makes a variant
//! with exactly those defects and a gold alignment that stays exact: it drops one side
//! of some beads, inserts boilerplate lines after others, and merges two adjacent
//! sentences of one side. Everything is driven by a seeded generator, so a seed always
//! gives the same variant.

use std::collections::HashMap;

use crate::eval::IdBead;

/// How much noise to add.
#[derive(Clone, Debug)]
pub struct NoiseParams {
    pub seed: u64,
    /// Share of two-sided beads whose source or target side is deleted.
    pub drop_rate: f64,
    /// Share of beads after which a boilerplate line is inserted on one side.
    pub insert_rate: f64,
    /// Share of 1-1 beads whose sentence is merged with the next 1-1 bead's on one side.
    pub merge_rate: f64,
}

impl Default for NoiseParams {
    fn default() -> Self {
        NoiseParams {
            seed: 1,
            drop_rate: 0.08,
            insert_rate: 0.05,
            merge_rate: 0.05,
        }
    }
}

/// One sentence and the paragraph it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    pub paragraph: usize,
}

/// A noisy document pair with its exact gold alignment.
#[derive(Clone, Debug)]
pub struct NoisyPair {
    pub src: Vec<Unit>,
    pub tgt: Vec<Unit>,
    pub gold: Vec<IdBead>,
}

/// Web boilerplate lines typical of news pages in a language.
pub fn boilerplate(lang: &str) -> &'static [&'static str] {
    match lang {
        "ar" => &[
            "اقرأ أيضا",
            "إعلان",
            "تصوير: رويترز",
            "شارك هذا المقال",
            "بقلم: محرر الشؤون الدولية",
            "تابعونا على تويتر",
        ],
        "fr" => &[
            "Lire aussi",
            "Publicité",
            "Photo : AFP",
            "Partager cet article",
            "Par notre correspondant",
        ],
        "de" => &[
            "Weiterlesen",
            "Anzeige",
            "Foto: Keystone",
            "Artikel teilen",
            "Von unserem Korrespondenten",
        ],
        _ => &[
            "Read more",
            "Advertisement",
            "Photo: Reuters",
            "Share this article",
            "By Staff Writer",
            "Our readers are reading too",
        ],
    }
}

/// What happens to one side of the documents.
#[derive(Default)]
struct Edits {
    deleted: Vec<bool>,
    /// Sentence i is appended to sentence i - 1.
    merged_into_previous: Vec<bool>,
    /// Lines inserted after sentence i (after the start for `usize::MAX`).
    inserted_after: HashMap<usize, Vec<String>>,
}

impl Edits {
    fn new(len: usize) -> Edits {
        Edits {
            deleted: vec![false; len],
            merged_into_previous: vec![false; len],
            inserted_after: HashMap::new(),
        }
    }
}

/// Makes a noisy variant of a pair; `boilerplate` gives the lines to insert on each side.
pub fn make_noisy(
    src: &[Unit],
    tgt: &[Unit],
    gold: &[IdBead],
    params: &NoiseParams,
    boilerplate: (&[&str], &[&str]),
) -> NoisyPair {
    let mut rng = fastrand::Rng::with_seed(params.seed);
    let mut beads: Vec<IdBead> = gold.to_vec();
    sort_beads(&mut beads);
    let mut edits = [Edits::new(src.len()), Edits::new(tgt.len())];
    let titles = [
        src.first().map(|u| u.text.clone()),
        tgt.first().map(|u| u.text.clone()),
    ];
    let lines = [boilerplate.0, boilerplate.1];
    // A bead merged into the one before is left alone, so that defects do not compound.
    let mut merged_into_previous = false;
    for k in 0..beads.len() {
        if std::mem::take(&mut merged_into_previous) {
            continue;
        }
        let (s, t) = (&beads[k].0, &beads[k].1);
        let contiguous = is_contiguous(s) && is_contiguous(t);
        if contiguous && !s.is_empty() && !t.is_empty() && rng.f64() < params.drop_rate {
            let side = rng.usize(..2);
            for &id in if side == 0 { s } else { t } {
                edits[side].deleted[id] = true;
            }
        } else if k + 1 < beads.len() && rng.f64() < params.merge_rate {
            let (ns, nt) = (&beads[k + 1].0, &beads[k + 1].1);
            let one_to_one = |a: &[usize], b: &[usize]| a.len() == 1 && b.len() == 1;
            if one_to_one(s, t) && one_to_one(ns, nt) && ns[0] == s[0] + 1 && nt[0] == t[0] + 1 {
                let side = rng.usize(..2);
                let next = if side == 0 { ns[0] } else { nt[0] };
                edits[side].merged_into_previous[next] = true;
                merged_into_previous = true;
                // No line is inserted inside what becomes one bead.
                continue;
            }
        }
        if rng.f64() < params.insert_rate {
            let mut side = rng.usize(..2);
            let ids = |side: usize| if side == 0 { &beads[k].0 } else { &beads[k].1 };
            if ids(side).is_empty() {
                side = 1 - side;
            }
            let Some(&last) = ids(side).iter().max() else {
                continue;
            };
            // A repeated title now and then, otherwise a boilerplate line.
            let line = match (&titles[side], rng.usize(..lines[side].len() + 1)) {
                (Some(title), 0) => title.clone(),
                (_, pick) => lines[side][pick.saturating_sub(1) % lines[side].len()].to_string(),
            };
            edits[side]
                .inserted_after
                .entry(last)
                .or_default()
                .push(line);
        }
    }
    let (new_src, src_map, src_inserted) = rebuild(src, &edits[0]);
    let (new_tgt, tgt_map, tgt_inserted) = rebuild(tgt, &edits[1]);
    let gold = remap_gold(&beads, &src_map, &tgt_map, &src_inserted, &tgt_inserted);
    NoisyPair {
        src: new_src,
        tgt: new_tgt,
        gold,
    }
}

/// Puts beads in document order: two-sided beads by their first source sentence, and
/// each one-sided bead just before the first two-sided bead that comes after it on its
/// own side.
fn sort_beads(beads: &mut [IdBead]) {
    let first = |ids: &[usize]| ids.iter().min().copied().unwrap_or(0);
    let mut src_starts: Vec<usize> = Vec::new();
    let mut tgt_starts: Vec<usize> = Vec::new();
    for (s, t) in beads.iter().filter(|(s, t)| !s.is_empty() && !t.is_empty()) {
        src_starts.push(first(s));
        tgt_starts.push(first(t));
    }
    src_starts.sort_unstable();
    tgt_starts.sort_unstable();
    beads.sort_by_key(|(s, t)| match (s.is_empty(), t.is_empty()) {
        (false, false) => (src_starts.partition_point(|&x| x < first(s)), 2, 0),
        (false, true) => (src_starts.partition_point(|&x| x < first(s)), 0, first(s)),
        _ => (tgt_starts.partition_point(|&x| x < first(t)), 1, first(t)),
    });
}

fn is_contiguous(ids: &[usize]) -> bool {
    ids.windows(2).all(|w| w[1] == w[0] + 1)
}

/// Applies the edits of one side: the new units, where each old sentence went (None if
/// deleted), and the ids of the inserted lines.
fn rebuild(units: &[Unit], edits: &Edits) -> (Vec<Unit>, Vec<Option<usize>>, Vec<usize>) {
    let mut out: Vec<Unit> = Vec::new();
    let mut map = vec![None; units.len()];
    let mut inserted = Vec::new();
    // Inserted lines are paragraphs of their own, numbered after all real paragraphs.
    let mut extra_paragraph = units.iter().map(|u| u.paragraph + 1).max().unwrap_or(0);
    for (i, unit) in units.iter().enumerate() {
        if !edits.deleted[i] {
            match out.last_mut() {
                Some(last) if edits.merged_into_previous[i] && i > 0 && map[i - 1].is_some() => {
                    last.text.push(' ');
                    last.text.push_str(&unit.text);
                    map[i] = Some(out.len() - 1);
                }
                _ => {
                    out.push(unit.clone());
                    map[i] = Some(out.len() - 1);
                }
            }
        }
        for line in edits.inserted_after.get(&i).into_iter().flatten() {
            out.push(Unit {
                text: line.clone(),
                paragraph: extra_paragraph,
            });
            extra_paragraph += 1;
            inserted.push(out.len() - 1);
        }
    }
    (out, map, inserted)
}

/// The gold alignment of the edited pair: beads follow their sentences, beads that now
/// share a merged sentence become one, and a side left empty by a deletion leaves each
/// sentence of the other side unaligned.
fn remap_gold(
    beads: &[IdBead],
    src_map: &[Option<usize>],
    tgt_map: &[Option<usize>],
    src_inserted: &[usize],
    tgt_inserted: &[usize],
) -> Vec<IdBead> {
    let map = |ids: &[usize], table: &[Option<usize>]| -> Vec<usize> {
        let mut out: Vec<usize> = ids.iter().filter_map(|&i| table[i]).collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    let mut merged: Vec<IdBead> = Vec::new();
    for bead in beads {
        let (s, t) = (map(&bead.0, src_map), map(&bead.1, tgt_map));
        if s.is_empty() && t.is_empty() {
            continue;
        }
        match merged.last_mut() {
            Some(last) if shares(&last.0, &s) || shares(&last.1, &t) => {
                last.0.extend(s);
                last.1.extend(t);
                last.0.sort_unstable();
                last.0.dedup();
                last.1.sort_unstable();
                last.1.dedup();
            }
            _ => merged.push((s, t)),
        }
    }
    let mut out = Vec::new();
    for (s, t) in merged {
        if s.is_empty() || t.is_empty() {
            out.extend(s.into_iter().map(|i| (vec![i], vec![])));
            out.extend(t.into_iter().map(|j| (vec![], vec![j])));
        } else {
            out.push((s, t));
        }
    }
    out.extend(src_inserted.iter().map(|&i| (vec![i], vec![])));
    out.extend(tgt_inserted.iter().map(|&j| (vec![], vec![j])));
    sort_beads(&mut out);
    out
}

fn shares(a: &[usize], b: &[usize]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// Writes units as presegmented text: one per line, a blank line between paragraphs.
pub fn to_text(units: &[Unit]) -> String {
    let mut text = String::new();
    for (k, unit) in units.iter().enumerate() {
        if k > 0 && units[k - 1].paragraph != unit.paragraph {
            text.push('\n');
        }
        text.push_str(&unit.text);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(texts: &[&str]) -> Vec<Unit> {
        texts
            .iter()
            .map(|t| Unit {
                text: t.to_string(),
                paragraph: 0,
            })
            .collect()
    }

    fn pair(n: usize) -> (Vec<Unit>, Vec<Unit>, Vec<IdBead>) {
        let src: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        let tgt: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
        let src: Vec<&str> = src.iter().map(String::as_str).collect();
        let tgt: Vec<&str> = tgt.iter().map(String::as_str).collect();
        let gold = (0..n).map(|i| (vec![i], vec![i])).collect();
        (units(&src), units(&tgt), gold)
    }

    /// The gold of a noisy pair still says which texts translate which: every source
    /// "sK" is aligned with "tK", merged lines included.
    #[test]
    fn gold_stays_exact() {
        let (src, tgt, gold) = pair(400);
        let params = NoiseParams {
            seed: 7,
            ..Default::default()
        };
        let noisy = make_noisy(
            &src,
            &tgt,
            &gold,
            &params,
            (boilerplate("en"), boilerplate("ar")),
        );
        let (mut i, mut j) = (0, 0);
        let mut kinds = [0usize; 3];
        for (s, t) in &noisy.gold {
            assert_eq!(s, &(i..i + s.len()).collect::<Vec<_>>(), "source order");
            assert_eq!(t, &(j..j + t.len()).collect::<Vec<_>>(), "target order");
            i += s.len();
            j += t.len();
            let numbers = |side: &[usize], units: &[Unit]| -> Vec<String> {
                side.iter()
                    .flat_map(|&k| {
                        units[k]
                            .text
                            .split(' ')
                            .map(|w| w.chars().skip(1).collect::<String>())
                    })
                    .collect()
            };
            if !s.is_empty() && !t.is_empty() {
                assert_eq!(
                    numbers(s, &noisy.src),
                    numbers(t, &noisy.tgt),
                    "{s:?} {t:?}"
                );
                kinds[0] += (s.len() + t.len() > 2) as usize;
            } else {
                kinds[1] += 1;
            }
        }
        assert_eq!(
            (i, j),
            (noisy.src.len(), noisy.tgt.len()),
            "every unit in one bead"
        );
        kinds[2] = noisy.src.len() + noisy.tgt.len();
        assert!(kinds[0] > 5 && kinds[1] > 20, "{kinds:?}");
    }

    #[test]
    fn same_seed_same_variant() {
        let (src, tgt, gold) = pair(100);
        let params = NoiseParams::default();
        let lines = (boilerplate("en"), boilerplate("en"));
        let a = make_noisy(&src, &tgt, &gold, &params, lines);
        let b = make_noisy(&src, &tgt, &gold, &params, lines);
        assert_eq!((a.src, a.tgt, a.gold), (b.src, b.tgt, b.gold));
    }
}
