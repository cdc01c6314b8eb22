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
use hashbrown::HashTable;
use rustc_hash::FxHashMap as HashMap;

use crate::lang::{LanguageProfile, Script};
use crate::normalize::{Keys, match_key};
use crate::translit;

/// Longest prefix kept of a Latin-script word.
const LATIN_STEM: usize = 6;
/// Fewest confident beads a pair must co-occur in to be learned.
const MIN_COOCCURRENCE: u32 = 2;
/// Smallest Dice coefficient of a learned pair.
const MIN_DICE: f64 = 0.4;
/// Largest share of a side's sentences a word of a given pair may be in: a dictionary
/// pairs function words too ("die" = "la"), and pairs in every tenth sentence or more
/// say nothing about where a sentence goes but reward merging neighbours. On Text+Berg
/// dev (8 noisy seeds), a dictionary of every pair seen twice in the test golds with a
/// Dice of 0.2 or more took strict F1 from .892 / noisy .855 to .853 / .814 without
/// this limit, .892 / .864 with it (.885 / .853 at 0.05, .885 / .846 at 0.2); FreeDict
/// stays at .895 / .870.
const MAX_GIVEN_WORD_SHARE: f64 = 0.1;
/// Sentences a word may always be in: in a short article, a tenth of the sentences is
/// three or four, and its names and topic words are that frequent.
const MIN_FREQUENT_SENTENCES: f64 = 10.0;

/// Word pairs, each a source token and a target token.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lexicon {
    pub pairs: Vec<(String, String)>,
}

/// The lexical tokens of a matching key: stems of words of two letters or more.
pub fn tokens(key: &str, profile: &LanguageProfile) -> Vec<String> {
    let mut out: Vec<String> = stems(key, profile).map(str::to_string).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The stems of the words of a matching key, as slices of it.
fn stems<'k>(key: &'k str, profile: &LanguageProfile) -> impl Iterator<Item = &'k str> {
    let arabic = profile.script == Script::Arabic;
    lexical_words(key).filter_map(move |w| stem(w, arabic))
}

/// The words of a matching key that have stems: runs of two letters or more.
fn lexical_words(key: &str) -> impl Iterator<Item = &str> {
    // A run of two bytes or more that starts with an ASCII letter has a second letter,
    // without decoding it.
    crate::normalize::letter_runs(key, false)
        .filter(|w| w.len() >= 2 && (w.as_bytes()[0].is_ascii() || w.chars().nth(1).is_some()))
}

fn stem(word: &str, arabic: bool) -> Option<&str> {
    if arabic {
        let shortest = translit::shortest_arabic_variant(word);
        return shortest.chars().nth(1).is_some().then_some(shortest);
    }
    // Nearly every Latin-script word is cut without decoding it: one of at most six
    // bytes has at most six letters, and six ASCII bytes are six letters.
    let bytes = word.as_bytes();
    if bytes.len() <= LATIN_STEM {
        return Some(word);
    }
    if bytes[..LATIN_STEM].is_ascii() {
        return Some(&word[..LATIN_STEM]);
    }
    Some(match word.char_indices().nth(LATIN_STEM) {
        Some((end, _)) => &word[..end],
        None => word,
    })
}

/// The words of one side of a document: each sentence's distinct stems as numbers into
/// a vocabulary, so that learning and attaching a lexicon compare numbers, not strings.
#[derive(Clone, Debug, Default)]
pub struct Words {
    /// Sorted stem numbers of each sentence, one sentence after another: sentence s has
    /// `stems[offsets[s]..offsets[s + 1]]`. One vector instead of one per sentence: the
    /// per-sentence vectors of a 100,000-sentence pair took 29 MB, half of it headers
    /// and allocator rounding.
    stems: Vec<u32>,
    offsets: Vec<u32>,
    /// The stem of each number.
    pub vocabulary: Vec<String>,
    /// How many sentences hold each stem (of the sentences `new` numbered).
    sentence_counts: Vec<u32>,
    /// The number of each stem of `vocabulary`.
    index: StringIndex,
    /// Whether the words are Arabic: looked up through their pronoun suffixes too.
    pub arabic: bool,
}

impl Words {
    /// The words of sentences whose matching keys are `keys`.
    pub fn new(keys: &Keys, profile: &LanguageProfile) -> Words {
        // Sized up front, the map is not rehashed four to eight times as it grows (a
        // fifth of the words' time).
        let expected = expected_vocabulary(keys);
        let mut words = Words {
            offsets: Vec::with_capacity(keys.len() + 1),
            vocabulary: Vec::with_capacity(expected),
            index: StringIndex::with_capacity(expected),
            arabic: profile.script == Script::Arabic,
            ..Words::default()
        };
        words.offsets.push(0);
        let mut ids = Vec::new();
        // An Arabic word's stem is found by trying its clitic prefixes: once per
        // distinct word, whose later occurrences take its number from this map (the
        // stems were 3% of a long English–Arabic pair's time). Numbered at first sight
        // either way, so the numbers are the same.
        let mut arabic_stems: HashMap<&str, Option<u32>> = HashMap::with_capacity_and_hasher(
            if words.arabic { expected } else { 0 },
            Default::default(),
        );
        for key in keys.iter() {
            if words.arabic {
                ids.clear();
                for word in lexical_words(key) {
                    let id = *(arabic_stems.entry(word))
                        .or_insert_with(|| stem(word, true).map(|s| words.intern(s)));
                    ids.extend(id);
                }
                ids.sort_unstable();
                ids.dedup();
            } else {
                words.number_into(stems(key, profile), &mut ids);
            }
            words.sentence_counts.resize(words.vocabulary.len(), 0);
            for &id in &ids {
                words.sentence_counts[id as usize] += 1;
            }
            words.stems.extend_from_slice(&ids);
            let end = u32::try_from(words.stems.len()).expect("fewer than 2^32 words");
            words.offsets.push(end);
        }
        // The vector grew by doubling: up to half of it would be slack.
        words.stems.shrink_to_fit();
        words
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sorted stem numbers of sentence `s`.
    pub fn sentence(&self, s: usize) -> &[u32] {
        &self.stems[self.offsets[s] as usize..self.offsets[s + 1] as usize]
    }

    /// The sorted stem numbers of each sentence, in order.
    pub fn sentences(&self) -> impl Iterator<Item = &[u32]> {
        (0..self.len()).map(|s| self.sentence(s))
    }

    /// The sorted, distinct numbers of `stems`, numbering the new ones.
    fn number<'w>(&mut self, stems: impl Iterator<Item = &'w str>) -> Vec<u32> {
        let mut ids = Vec::new();
        self.number_into(stems, &mut ids);
        ids
    }

    /// [`Words::number`] into `ids`, which is cleared first.
    fn number_into<'w>(&mut self, stems: impl Iterator<Item = &'w str>, ids: &mut Vec<u32>) {
        ids.clear();
        ids.extend(stems.map(|w| self.intern(w)));
        ids.sort_unstable();
        ids.dedup();
    }

    fn intern(&mut self, word: &str) -> u32 {
        self.index.intern(&mut self.vocabulary, word).0
    }

    /// Whether each stem is in more than `MAX_GIVEN_WORD_SHARE` of the sentences.
    fn frequent(&self) -> Vec<bool> {
        let limit = (MAX_GIVEN_WORD_SHARE * self.len() as f64).max(MIN_FREQUENT_SENTENCES);
        (self.sentence_counts.iter())
            .map(|&c| c as f64 > limit)
            .collect()
    }

    /// How many sentences hold stem `word`.
    pub fn sentences_with(&self, word: u32) -> u32 {
        self.sentence_counts
            .get(word as usize)
            .copied()
            .unwrap_or(0)
    }

    /// The number of a stem, if a sentence has it.
    pub fn id(&self, word: &str) -> Option<u32> {
        self.index.id(&self.vocabulary, word)
    }

    /// The Arabic words of the vocabulary that carry a pronoun suffix, by the stem
    /// without it (حقوقهم under حقوق); empty for other languages.
    pub fn by_suffix_base(&self) -> HashMap<String, Vec<u32>> {
        let mut bases: HashMap<String, Vec<u32>> = HashMap::default();
        if self.arabic {
            for (id, word) in self.vocabulary.iter().enumerate() {
                if let Some(base) = translit::without_pronoun_suffix(word) {
                    bases.entry(base.into_owned()).or_default().push(id as u32);
                }
            }
        }
        bases
    }
}

/// The numbers of distinct strings kept in a vector (a vocabulary, anchor labels),
/// found by hash and compared with the vector: each string is stored once, where a map
/// from strings would hold a second copy.
#[derive(Clone, Debug, Default)]
pub(crate) struct StringIndex(HashTable<u32>);

impl StringIndex {
    pub(crate) fn with_capacity(capacity: usize) -> StringIndex {
        StringIndex(HashTable::with_capacity(capacity))
    }

    /// The number of `s` in `strings`, which this index numbers.
    #[inline]
    pub(crate) fn id(&self, strings: &[String], s: &str) -> Option<u32> {
        self.0
            .find(hash_of(s), |&id| strings[id as usize] == s)
            .copied()
    }

    /// The number of `s`, pushed onto `strings` first if it is new, and whether it was.
    #[inline]
    pub(crate) fn intern(&mut self, strings: &mut Vec<String>, s: &str) -> (u32, bool) {
        let hash = hash_of(s);
        if let Some(&id) = self.0.find(hash, |&id| strings[id as usize] == s) {
            return (id, false);
        }
        let id = strings.len() as u32;
        strings.push(s.to_string());
        self.0
            .insert_unique(hash, id, |&id| hash_of(&strings[id as usize]));
        (id, true)
    }
}

#[inline]
fn hash_of(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// About how many distinct words sentences with matching keys `keys` hold, to size maps
/// of them: one per dozen bytes in a short document; capped, since a long one repeats
/// its words (its maps then grow past the cap by doubling).
pub(crate) fn expected_vocabulary(keys: &Keys) -> usize {
    (keys.bytes() / 12).min(1 << 14)
}

/// Given word pairs (a dictionary's) without the words found in more than
/// `MAX_GIVEN_WORD_SHARE` of their side's sentences.
pub fn without_frequent(mut ids: Vec<(u32, u32)>, src: &Words, tgt: &Words) -> Vec<(u32, u32)> {
    let (src_frequent, tgt_frequent) = (src.frequent(), tgt.frequent());
    ids.retain(|&(s, t)| !src_frequent[s as usize] && !tgt_frequent[t as usize]);
    ids
}

/// Learns a lexicon from sentence pairs given as token lists.
pub fn learn(pairs: &[(&[String], &[String])]) -> Lexicon {
    let (mut src, mut tgt) = (Words::default(), Words::default());
    let numbered: Vec<(Vec<u32>, Vec<u32>)> = pairs
        .iter()
        .map(|(s, t)| {
            (
                src.number(s.iter().map(String::as_str)),
                tgt.number(t.iter().map(String::as_str)),
            )
        })
        .collect();
    let borrowed: Vec<(&[u32], &[u32])> = numbered
        .iter()
        .map(|(s, t)| (s.as_slice(), t.as_slice()))
        .collect();
    let mut pairs: Vec<(String, String)> = learn_ids(&borrowed, &src.vocabulary, &tgt.vocabulary)
        .into_iter()
        .map(|(s, t)| {
            (
                src.vocabulary[s as usize].clone(),
                tgt.vocabulary[t as usize].clone(),
            )
        })
        .collect();
    pairs.sort_unstable();
    Lexicon { pairs }
}

/// Learns word pairs from sentence pairs given as stem numbers of two vocabularies:
/// pairs that co-occur in at least `MIN_COOCCURRENCE` sentence pairs, with a Dice
/// coefficient of at least `MIN_DICE`, each word the other's best partner (by Dice,
/// then co-occurrence, then spelling). Sorted by spelling.
pub fn learn_ids(
    pairs: &[(&[u32], &[u32])],
    src_vocabulary: &[String],
    tgt_vocabulary: &[String],
) -> Vec<(u32, u32)> {
    // Word numbers are dense, so counts and best partners live in arrays.
    let mut src_count = vec![0u32; src_vocabulary.len()];
    let mut tgt_count = vec![0u32; tgt_vocabulary.len()];
    for (src, tgt) in pairs {
        for &s in src.iter() {
            src_count[s as usize] += 1;
        }
        for &t in tgt.iter() {
            tgt_count[t as usize] += 1;
        }
    }
    // A word in fewer than `MIN_COOCCURRENCE` sentence pairs co-occurs too rarely with
    // any other: most words of a short document are such, and leaving them out of the
    // joint counts made learning four times cheaper.
    let recurring = |words: &[u32], count: &[u32]| -> Vec<u32> {
        let keep = |w: &&u32| count[**w as usize] >= MIN_COOCCURRENCE;
        words.iter().filter(keep).copied().collect()
    };
    let recurring: Vec<(Vec<u32>, Vec<u32>)> = pairs
        .iter()
        .map(|(s, t)| (recurring(s, &src_count), recurring(t, &tgt_count)))
        .collect();
    let joint_words = recurring.iter().map(|(s, t)| s.len() * t.len()).sum();
    let mut joint: HashMap<(u32, u32), u32> =
        HashMap::with_capacity_and_hasher(joint_words, Default::default());
    for (src, tgt) in &recurring {
        for &s in src {
            for &t in tgt {
                *joint.entry((s, t)).or_default() += 1;
            }
        }
    }
    // Best partner of each word on either side, by Dice, then co-occurrence, then the
    // partner's spelling (alphabetically first), so that neither the numbering nor the
    // map's order decides a tie.
    let mut best_for_src: Vec<Option<(f64, u32, u32)>> = vec![None; src_vocabulary.len()];
    let mut best_for_tgt: Vec<Option<(f64, u32, u32)>> = vec![None; tgt_vocabulary.len()];
    for ((s, t), c) in joint {
        let (sw, tw) = (&src_vocabulary[s as usize], &tgt_vocabulary[t as usize]);
        if c < MIN_COOCCURRENCE || sw == tw {
            continue;
        }
        let d = 2.0 * c as f64 / (src_count[s as usize] + tgt_count[t as usize]) as f64;
        let better =
            |current: Option<(f64, u32, u32)>, other: &str, vocabulary: &[String]| match current {
                None => true,
                Some((bd, bc, bo)) => {
                    let bo = vocabulary[bo as usize].as_str();
                    (d, c, std::cmp::Reverse(other)) > (bd, bc, std::cmp::Reverse(bo))
                }
            };
        if better(best_for_src[s as usize], tw, tgt_vocabulary) {
            best_for_src[s as usize] = Some((d, c, t));
        }
        if better(best_for_tgt[t as usize], sw, src_vocabulary) {
            best_for_tgt[t as usize] = Some((d, c, s));
        }
    }
    let mut out: Vec<(u32, u32)> = best_for_src
        .iter()
        .enumerate()
        .filter_map(|(s, best)| best.map(|b| (s as u32, b)))
        .filter(|(_, (d, _, _))| *d >= MIN_DICE)
        .filter(|(s, (_, _, t))| best_for_tgt[*t as usize].is_some_and(|b| b.2 == *s))
        .map(|(s, (_, _, t))| (s, t))
        .collect();
    out.sort_unstable_by(|a, b| {
        (&src_vocabulary[a.0 as usize], &tgt_vocabulary[a.1 as usize])
            .cmp(&(&src_vocabulary[b.0 as usize], &tgt_vocabulary[b.1 as usize]))
    });
    out
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
    /// The pairs whose two words the two sides have, as stem numbers.
    /// An Arabic word is found with a pronoun suffix too (حقوق finds حقوقهم).
    pub fn ids(&self, src: &Words, tgt: &Words) -> Vec<(u32, u32)> {
        let (src_bases, tgt_bases) = (src.by_suffix_base(), tgt.by_suffix_base());
        fn forms<'a>(
            words: &Words,
            bases: &'a HashMap<String, Vec<u32>>,
            stem: &str,
        ) -> impl Iterator<Item = u32> + 'a {
            let suffixed = bases.get(stem).map_or(&[][..], |ids| ids);
            words.id(stem).into_iter().chain(suffixed.iter().copied())
        }
        let mut ids = Vec::new();
        for (s, t) in &self.pairs {
            for s in forms(src, &src_bases, s) {
                ids.extend(forms(tgt, &tgt_bases, t).map(|t| (s, t)));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

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

    #[test]
    fn latin_words_and_stems_are_cut_by_letters_not_bytes() {
        let key = "a ab é éé abcdef abcdefg abcdeéfg éléphants naïveté ωμέγαλο";
        let by_letters: Vec<&str> = crate::normalize::letter_runs(key, false)
            .filter(|w| w.chars().count() >= 2)
            .map(|w| match w.char_indices().nth(LATIN_STEM) {
                Some((end, _)) => &w[..end],
                None => w,
            })
            .collect();
        let words: Vec<&str> = lexical_words(key).filter_map(|w| stem(w, false)).collect();
        assert_eq!(words, by_letters);
        let expected = [
            "ab",
            "éé",
            "abcdef",
            "abcdef",
            "abcdeé",
            "élépha",
            "naïvet",
            "ωμέγαλ",
        ];
        assert_eq!(words, expected);
    }

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
    fn a_dictionary_word_finds_its_arabic_forms_with_pronoun_suffixes() {
        let (en, ar) = (profile("en"), profile("ar"));
        let lexicon = parse_dictionary("rights\tحقوق\n", &en, &ar).unwrap();
        let src = Words::new(&Keys::new(["rights"]), &en);
        let tgt = Words::new(&Keys::new(["حقوق", "حقوقهم"]), &ar);
        assert_eq!(lexicon.ids(&src, &tgt), vec![(0, 0), (0, 1)]);
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
