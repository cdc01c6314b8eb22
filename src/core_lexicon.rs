//! The core lexicon: a built-in dictionary of common news, legal and general vocabulary
//! in English, French, German and Arabic (`core_lexicon.tsv`, one concept per row, a
//! column per language, alternatives separated by `|`; written for mizan from general
//! knowledge of the languages, never from the evaluation texts). Every document pair of
//! two of these languages uses its word pairs as dictionary anchors, as if given with
//! `--dict`, unless `Config::core_lexicon` is off.
//!
//! A row pairs every single-word alternative of one column with every one of another
//! (multi-word alternatives are left out: anchors pair words). Pairs are found from the
//! document's side: each stem of a side's vocabulary is looked up in the column's index,
//! so a document pays a few hundred lookups, not one per pair of the table.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use crate::lang::{self, LanguageProfile};
use crate::lexicon::{Words, tokens};
use crate::normalize::match_key;
use crate::translit;

const TABLE: &str = include_str!("core_lexicon.tsv");
/// The table's columns, in order.
const LANGUAGES: [&str; 4] = ["en", "fr", "de", "ar"];

/// One language's column: each stem with the rows (concepts) it is in.
struct Column {
    concepts: HashMap<String, Vec<u32>>,
}

static COLUMNS: [OnceLock<Column>; 4] = [const { OnceLock::new() }; 4];

impl Column {
    /// The column of `LANGUAGES[k]`, read from the table the first time it is needed.
    fn get(k: usize) -> &'static Column {
        COLUMNS[k].get_or_init(|| {
            let profile = lang::profile(LANGUAGES[k]);
            let mut concepts: HashMap<String, Vec<u32>> = HashMap::default();
            for (row, line) in TABLE.lines().skip(1).enumerate() {
                let cell = line.split('\t').nth(k).unwrap_or("");
                for alternative in cell.split('|') {
                    if let [stem] = tokens(&match_key(alternative), &profile).as_slice() {
                        let rows = concepts.entry(stem.clone()).or_default();
                        if rows.last() != Some(&(row as u32)) {
                            rows.push(row as u32);
                        }
                    }
                }
            }
            Column { concepts }
        })
    }

    /// The rows of a stem; an Arabic stem that is not listed is looked up again without
    /// a pronoun suffix (حقوقهم → حقوق).
    fn rows(&self, word: &str, arabic: bool) -> &[u32] {
        if let Some(rows) = self.concepts.get(word) {
            return rows;
        }
        let base = arabic
            .then(|| translit::without_pronoun_suffix(word))
            .flatten();
        base.and_then(|b| self.concepts.get(b.as_ref()))
            .map_or(&[], |r| r)
    }
}

/// The table's columns of two different languages, if it has both.
fn columns(src_lang: &LanguageProfile, tgt_lang: &LanguageProfile) -> Option<(usize, usize)> {
    let column = |profile: &LanguageProfile| LANGUAGES.iter().position(|&l| l == profile.code);
    let (s, t) = (column(src_lang)?, column(tgt_lang)?);
    (s != t).then_some((s, t))
}

/// Whether the table pairs words of these two languages.
pub fn covers(src_lang: &LanguageProfile, tgt_lang: &LanguageProfile) -> bool {
    columns(src_lang, tgt_lang).is_some()
}

/// The table's word pairs that a document pair's two sides have, as stem numbers of
/// `src` and `tgt` (sorted, distinct); none when the table lacks either language.
pub fn pairs(
    src_lang: &LanguageProfile,
    tgt_lang: &LanguageProfile,
    src: &Words,
    tgt: &Words,
) -> Vec<(u32, u32)> {
    let Some((s, t)) = columns(src_lang, tgt_lang) else {
        return Vec::new();
    };
    let (s, t) = (Column::get(s), Column::get(t));
    let mut targets: HashMap<u32, Vec<u32>> = HashMap::default();
    for (id, word) in tgt.vocabulary.iter().enumerate() {
        for &row in t.rows(word, tgt.arabic) {
            targets.entry(row).or_default().push(id as u32);
        }
    }
    let mut out = Vec::new();
    for (id, word) in src.vocabulary.iter().enumerate() {
        for row in s.rows(word, src.arabic) {
            for &target in targets.get(row).into_iter().flatten() {
                out.push((id as u32, target));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;

    #[test]
    fn every_row_has_four_languages() {
        for (n, line) in TABLE.lines().enumerate() {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), 4, "line {}: {line}", n + 1);
            assert!(cells.iter().all(|c| !c.trim().is_empty()), "line {}", n + 1);
        }
        assert_eq!(TABLE.lines().next(), Some("en\tfr\tde\tar"));
    }

    #[test]
    fn pairs_words_of_a_row_in_any_two_languages() {
        let words = |lang: &str, text: &str| {
            Words::new(&crate::normalize::Keys::new([text]), &profile(lang))
        };
        let (en, ar) = (
            words("en", "The rights of children"),
            words("ar", "حقوق الأطفال"),
        );
        let found: Vec<(String, String)> = pairs(&profile("en"), &profile("ar"), &en, &ar)
            .into_iter()
            .map(|(s, t)| {
                (
                    en.vocabulary[s as usize].clone(),
                    ar.vocabulary[t as usize].clone(),
                )
            })
            .collect();
        for pair in [("rights", "حقوق"), ("childr", "اطفال")] {
            assert!(
                found.contains(&(pair.0.to_string(), pair.1.to_string())),
                "{found:?}"
            );
        }
        assert!(pairs(&profile("en"), &profile("xx"), &en, &ar).is_empty());
        // A word with a pronoun suffix is found under the word without it.
        let their = words("ar", "حقوقهم");
        assert_eq!(pairs(&profile("en"), &profile("ar"), &en, &their).len(), 1);
        assert!(covers(&profile("fr"), &profile("ar")));
        assert!(!covers(&profile("en"), &profile("en")) && !covers(&profile("en"), &profile("es")));
    }
}
