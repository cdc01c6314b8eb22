//! A bilingual lexicon: word pairs that translate each other, learned from the document
//! itself (or given as a dictionary), turned into anchors for the second pass.
//!
//! After the first pass, the most confident 1-1 beads are taken as parallel sentences.
//! Word pairs that co-occur in them far beyond chance (Dice coefficient, each word the
//! other's best partner) become lexicon anchors: every source sentence holding the
//! source word and every target sentence holding the target word get the pair's id.
//! Words are matching-key words; Arabic words lose their clitic prefixes (و ف ب ل ك ال)
//! and long Latin-script words are cut to a prefix, a crude stemmer that lets "rights"
//! meet "right".

// FxHash: these maps hold words and anchor labels of one document; SipHash took an
// eighth of the batch profile and needs no protection against adversarial keys here.
use rustc_hash::FxHashMap as HashMap;

use crate::lang::{LanguageProfile, Script};
use crate::normalize::match_key;
use crate::translit;

/// Longest prefix kept of a Latin-script word.
const LATIN_STEM: usize = 6;
/// Fewest confident beads a pair must co-occur in to be learned.
const MIN_COOCCURRENCE: u32 = 2;
/// Smallest Dice coefficient of a learned pair.
const MIN_DICE: f64 = 0.4;

/// Word pairs, each a source token and a target token.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lexicon {
    pub pairs: Vec<(String, String)>,
}

/// The lexical tokens of a matching key: stems of words of two letters or more.
pub fn tokens(key: &str, profile: &LanguageProfile) -> Vec<String> {
    let mut out: Vec<String> = key
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .filter_map(|w| stem(w, profile))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn stem(word: &str, profile: &LanguageProfile) -> Option<String> {
    if profile.script == Script::Arabic {
        let shortest = translit::arabic_variants(word)
            .into_iter()
            .min_by_key(|v| v.chars().count())?;
        return (shortest.chars().count() >= 2).then(|| shortest.to_string());
    }
    Some(word.chars().take(LATIN_STEM).collect())
}

/// Learns a lexicon from sentence pairs given as token lists.
pub fn learn(pairs: &[(&[String], &[String])]) -> Lexicon {
    let mut src_count: HashMap<&str, u32> = HashMap::default();
    let mut tgt_count: HashMap<&str, u32> = HashMap::default();
    let mut joint: HashMap<(&str, &str), u32> = HashMap::default();
    for (src, tgt) in pairs {
        for s in src.iter() {
            *src_count.entry(s).or_default() += 1;
        }
        for t in tgt.iter() {
            *tgt_count.entry(t).or_default() += 1;
        }
        for s in src.iter() {
            for t in tgt.iter() {
                *joint.entry((s, t)).or_default() += 1;
            }
        }
    }
    let dice = |(s, t): (&str, &str), c: u32| 2.0 * c as f64 / (src_count[s] + tgt_count[t]) as f64;
    // Best partner of each word on either side, by Dice then by co-occurrence.
    let mut best_for_src: HashMap<&str, (f64, u32, &str)> = HashMap::default();
    let mut best_for_tgt: HashMap<&str, (f64, u32, &str)> = HashMap::default();
    for (&(s, t), &c) in &joint {
        if c < MIN_COOCCURRENCE || s == t {
            continue;
        }
        let d = dice((s, t), c);
        let better = |current: Option<&(f64, u32, &str)>, other: &str| match current {
            None => true,
            Some(&(bd, bc, bo)) => {
                (d, c, std::cmp::Reverse(other)) > (bd, bc, std::cmp::Reverse(bo))
            }
        };
        if better(best_for_src.get(s), t) {
            best_for_src.insert(s, (d, c, t));
        }
        if better(best_for_tgt.get(t), s) {
            best_for_tgt.insert(t, (d, c, s));
        }
    }
    let mut pairs: Vec<(String, String)> = best_for_src
        .iter()
        .filter(|(_, (d, _, _))| *d >= MIN_DICE)
        .filter(|(s, (_, _, t))| best_for_tgt.get(t).is_some_and(|b| b.2 == **s))
        .map(|(s, (_, _, t))| (s.to_string(), t.to_string()))
        .collect();
    pairs.sort_unstable();
    Lexicon { pairs }
}

/// Reads a dictionary: a two-column TSV (`source<TAB>target`) or hunalign's `.dic`
/// format (`target @ source`), one entry per line; blank lines and lines starting with
/// `#` are skipped. Entries whose sides are not single words after normalization are
/// left out (the lexicon pairs words). Errors give the 1-based line and what is wrong.
pub fn parse_dictionary(
    text: &str,
    src: &LanguageProfile,
    tgt: &LanguageProfile,
) -> Result<Lexicon, (usize, String)> {
    let mut pairs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (s, t) = if let Some((s, t)) = line.split_once('\t') {
            (s, t)
        } else if let Some((t, s)) = line.split_once(" @ ") {
            (s, t)
        } else {
            return Err((
                n + 1,
                format!(
                    "expected `source<TAB>target` or hunalign's `target @ source`, found `{line}`"
                ),
            ));
        };
        let (s, t) = (tokens(&match_key(s), src), tokens(&match_key(t), tgt));
        if let ([s], [t]) = (s.as_slice(), t.as_slice()) {
            pairs.push((s.clone(), t.clone()));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    Ok(Lexicon { pairs })
}

/// Reads a dictd dictionary (FreeDict's format): `index` lists each headword with the
/// base64 offset and length of its entry in `data` (the decompressed `.dict` file). An
/// entry's first line repeats the headword (with pronunciation and part of speech); the
/// second line holds its translations, separated by commas or semicolons; further lines
/// are notes. With `reversed`, the dictionary goes from target to source language.
pub fn parse_dictd(
    index: &str,
    data: &[u8],
    src: &LanguageProfile,
    tgt: &LanguageProfile,
    reversed: bool,
) -> Lexicon {
    let (head_profile, translation_profile) = if reversed { (tgt, src) } else { (src, tgt) };
    let mut pairs = Vec::new();
    for line in index.lines() {
        let mut fields = line.split('\t');
        let (Some(word), Some(offset), Some(length)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if word.starts_with("00database") {
            continue;
        }
        let (Some(offset), Some(length)) = (base64_number(offset), base64_number(length)) else {
            continue;
        };
        let Some(entry) = data.get(offset..offset.saturating_add(length)) else {
            continue;
        };
        let entry = String::from_utf8_lossy(entry);
        let Some(translations) = entry.lines().nth(1) else {
            continue;
        };
        let head = tokens(&match_key(word), head_profile);
        let [head] = head.as_slice() else { continue };
        for translation in translations.split([',', ';', '،', '؛']) {
            if let [t] = tokens(&match_key(translation), translation_profile).as_slice() {
                pairs.push(if reversed {
                    (t.clone(), head.clone())
                } else {
                    (head.clone(), t.clone())
                });
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    Lexicon { pairs }
}

/// dictd's base64 numbers: digits A–Z a–z 0–9 + /, most significant first.
fn base64_number(text: &str) -> Option<usize> {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    text.bytes().try_fold(0usize, |n, b| {
        let digit = DIGITS.iter().position(|&d| d == b)?;
        n.checked_mul(64)?.checked_add(digit)
    })
}

impl Lexicon {
    /// Adds the pairs of another lexicon.
    pub fn extend(&mut self, other: Lexicon) {
        self.pairs.extend(other.pairs);
        self.pairs.sort_unstable();
        self.pairs.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;

    fn toks(text: &str, lang: &str) -> Vec<String> {
        tokens(&match_key(text), &profile(lang))
    }

    #[test]
    fn reads_tsv_and_hunalign_dictionaries() {
        let (en, ar) = (profile("en"), profile("ar"));
        let text = "# comment\nrights\tحقوق\n\nطفل @ child\nhuman rights\tحقوق الإنسان\n";
        let lexicon = parse_dictionary(text, &en, &ar).unwrap();
        assert_eq!(
            lexicon.pairs,
            vec![
                ("child".to_string(), "طفل".to_string()),
                ("rights".to_string(), "حقوق".to_string()),
            ]
        );
        assert_eq!(
            parse_dictionary("ok\tok\nbroken line\n", &en, &ar)
                .unwrap_err()
                .0,
            2
        );
    }

    #[test]
    fn reads_dictd_entries() {
        let data = "Right /raɪt/\nحق، صحيح\nnote\nChild\nطفل\n";
        let index = "00databaseinfo\tA\tB\nright\tA\tj\nchild\tj\tN\n";
        let lexicon = parse_dictd(
            index,
            data.as_bytes(),
            &profile("en"),
            &profile("ar"),
            false,
        );
        let expected = [("child", "طفل"), ("right", "حق"), ("right", "صحيح")];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(lexicon.pairs, expected);
        assert_eq!(base64_number("BA"), Some(64));
    }

    #[test]
    fn arabic_tokens_lose_clitics() {
        assert_eq!(toks("وبالحقوق والحرية", "ar"), vec!["حريه", "حقوق"]);
        assert_eq!(toks("Human rights, RIGHTS", "en"), vec!["human", "rights"]);
    }

    #[test]
    fn learns_words_that_co_occur() {
        let en = [
            "everyone has rights",
            "rights of the child",
            "everyone is free",
            "the child is free",
        ];
        let ar = ["لكل شخص حقوق", "حقوق الطفل", "كل شخص حر", "الطفل حر"];
        let en: Vec<Vec<String>> = en.iter().map(|s| toks(s, "en")).collect();
        let ar: Vec<Vec<String>> = ar.iter().map(|s| toks(s, "ar")).collect();
        let pairs: Vec<(&[String], &[String])> = en
            .iter()
            .zip(&ar)
            .map(|(e, a)| (e.as_slice(), a.as_slice()))
            .collect();
        let lexicon = learn(&pairs);
        for (s, t) in [("rights", "حقوق"), ("child", "طفل"), ("everyo", "شخص")] {
            assert!(
                lexicon.pairs.contains(&(s.to_string(), t.to_string())),
                "{s} {t}: {lexicon:?}"
            );
        }
    }
}
