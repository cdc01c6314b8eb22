//! Consonant skeletons: a script-neutral key for names, so that حماس and Hamas meet.
//!
//! Both scripts are reduced to the same small alphabet of consonant classes: vowels and
//! the Arabic letters that mostly write vowels (ا و ي ى) are dropped except at the start
//! of a word, letters that transliterate to one another fall into one class (ق ك غ, q k
//! c g, all → k; ط ت د ض ث ذ, t d th → t; س ص ش ز ظ, s z sh → s; ح خ ه, h kh → h),
//! and doubled classes collapse. "Israel" and إسرائيل both become "srl"; the keys are then
//! compared exactly or with Jaro–Winkler (see `anchors`).

use std::borrow::Cow;

/// The skeleton of a lowercase Latin-script word.
pub fn latin_skeleton(word: &str) -> String {
    let chars: Vec<char> = word.chars().map(fold_latin_accent).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (class, width) = match (c, next) {
            ('s' | 'c', Some('h')) => (Some('s'), 2),
            ('t', Some('h')) => (Some('t'), 2),
            ('k', Some('h')) => (Some('h'), 2),
            ('g', Some('h')) => (Some('k'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            ('d', Some('h')) => (Some('t'), 2),
            ('q', Some('u')) => (Some('k'), 2),
            ('c', Some('k')) => (Some('k'), 2),
            ('w' | 'y', _) if i == 0 => (Some(c), 1),
            ('a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w', _) => (None, 1),
            ('b' | 'p' | 'v', _) => (Some('b'), 1),
            ('t' | 'd', _) => (Some('t'), 1),
            ('s' | 'z' | 'x', _) => (Some('s'), 1),
            ('k' | 'q' | 'c' | 'g', _) => (Some('k'), 1),
            ('j', _) => (Some('j'), 1),
            ('f' | 'h' | 'l' | 'm' | 'n' | 'r', _) => (Some(c), 1),
            _ => (None, 1),
        };
        if let Some(class) = class {
            push_class(&mut out, class);
        }
        i += width;
    }
    out
}

/// The skeleton of an Arabic-script word (already folded by `normalize::match_key`).
pub fn arabic_skeleton(word: &str) -> String {
    let mut out = String::new();
    let count = word.chars().count();
    for (i, c) in word.chars().enumerate() {
        let class = match c {
            'و' if i == 0 => Some('w'),
            'ي' if i == 0 => Some('y'),
            'ب' | 'پ' => Some('b'),
            'ت' | 'ث' | 'د' | 'ذ' | 'ط' | 'ض' => Some('t'),
            'س' | 'ش' | 'ص' | 'ز' | 'ظ' => Some('s'),
            'ق' | 'ك' | 'غ' | 'گ' | 'ک' => Some('k'),
            'ج' | 'چ' => Some('j'),
            'ح' | 'خ' => Some('h'),
            // A final ه is mostly a folded taa marbuta, a vowel ending.
            'ه' if i + 1 < count => Some('h'),
            'ف' | 'ڤ' => Some('f'),
            'ل' => Some('l'),
            'م' => Some('m'),
            'ن' => Some('n'),
            'ر' => Some('r'),
            _ => None,
        };
        if let Some(class) = class {
            push_class(&mut out, class);
        }
    }
    out
}

/// Forms of an Arabic word with its clitic prefixes removed: the conjunctions و and ف,
/// the prepositions ب ل ك, and the article ال (ل after ل gives لل).
pub fn arabic_variants(word: &str) -> Vec<&str> {
    let mut variants = Vec::with_capacity(MAX_VARIANTS);
    each_arabic_variant(word, |v| variants.push(v));
    variants.sort_unstable();
    variants.dedup();
    variants
}

/// The shortest of [`arabic_variants`] (the first in sorted order among the shortest),
/// found without collecting them: the lexicon stems every Arabic word this way.
pub fn shortest_arabic_variant(word: &str) -> &str {
    let mut best = (word.chars().count(), word);
    each_arabic_variant(word, |v| best = best.min((v.chars().count(), v)));
    best.1
}

/// Most variants [`each_arabic_variant`] gives.
const MAX_VARIANTS: usize = 6;

/// Calls `visit` with the word and each form of it with clitic prefixes removed (some
/// forms may come twice).
fn each_arabic_variant<'w>(word: &'w str, mut visit: impl FnMut(&'w str)) {
    visit(word);
    let mut stem = word;
    if let Some(rest) = strip_prefix_keeping(stem, &["و", "ف"]) {
        stem = rest;
        visit(stem);
    }
    let mut last = stem;
    if let Some(rest) = strip_prefix_keeping(stem, &["ب", "ل", "ك"]) {
        visit(rest);
        last = rest;
        if let Some(rest) = strip_prefix_keeping(rest, &["ل"]) {
            visit(rest);
            last = rest;
        }
    }
    for base in [stem, last] {
        if let Some(rest) = strip_prefix_keeping(base, &["ال"]) {
            visit(rest);
        }
    }
}

/// Possessive and object pronoun suffixes, on matching keys (ة folded to ه), longest
/// first. The first person singular ي is left out: it is also the ending of every
/// nisba adjective (دولي, عربي), which a lexicon lists as words of their own.
const PRONOUN_SUFFIXES: [&str; 10] = ["هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك"];

/// The word without a pronoun suffix, if at least three letters remain; a stem that
/// then ends in ت is given back with the ة (folded ه) it has alone: حكومته → حكومه,
/// حقوقهم → حقوق. The lexicon looks a word up this way when the word itself is not
/// listed.
pub fn without_pronoun_suffix(word: &str) -> Option<Cow<'_, str>> {
    let rest = PRONOUN_SUFFIXES
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .filter(|rest| rest.chars().nth(2).is_some())?;
    Some(match rest.strip_suffix('ت') {
        Some(stem) => Cow::Owned(format!("{stem}ه")),
        None => Cow::Borrowed(rest),
    })
}

/// Strips one of `prefixes` when at least two letters remain.
fn strip_prefix_keeping<'a>(word: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .filter(|rest| rest.chars().count() >= 2)
}

fn push_class(out: &mut String, class: char) {
    if !out.ends_with(class) {
        out.push(class);
    }
}

/// Drops the accent of common accented Latin letters (é → e, ß → s).
pub fn fold_latin_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ß' => 's',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::normalize::match_key;

    macro_rules! same {
        ($name:ident, $latin:expr, $arabic:expr) => {
            #[test]
            fn $name() {
                let latin = latin_skeleton(&match_key($latin));
                let key = match_key($arabic);
                let arabic: Vec<String> = arabic_variants(&key)
                    .into_iter()
                    .map(arabic_skeleton)
                    .collect();
                assert!(arabic.contains(&latin), "{latin} not in {arabic:?}");
            }
        };
    }

    same!(hamas, "Hamas", "حماس");
    same!(qatar, "Qatar", "قطر");
    same!(israel, "Israel", "إسرائيل");
    same!(gaza, "Gaza", "غزة");
    same!(reuters, "Reuters", "لرويترز");
    same!(miller, "Miller", "ميلر");
    same!(matthew, "Matthew", "ماثيو");
    same!(osama, "Osama", "أسامة");
    same!(hamdan, "Hamdan", "حمدان");
    same!(october, "October", "أكتوبر");
    same!(nazi, "Nazi", "نازية");
    same!(doha, "Doha", "الدوحة");

    #[test]
    fn washington_is_close() {
        let latin = latin_skeleton("washington");
        let arabic = arabic_skeleton(&match_key("واشنطن"));
        assert!(
            strsim::jaro_winkler(&latin, &arabic) > 0.85,
            "{latin} {arabic}"
        );
    }

    #[test]
    fn variants_strip_clitics() {
        let v = arabic_variants("وبالدوحه");
        assert!(v.contains(&"دوحه"), "{v:?}");
        assert!(arabic_variants("لل").contains(&"لل"));
    }

    #[test]
    fn the_shortest_variant_is_the_first_shortest_of_all() {
        for word in [
            "وبالدوحه",
            "للحريه",
            "فالكتاب",
            "بكل",
            "لل",
            "والله",
            "كالبحر",
            "قطر",
        ] {
            let all = arabic_variants(word);
            let first_shortest = all.iter().min_by_key(|v| v.chars().count()).unwrap();
            assert_eq!(shortest_arabic_variant(word), *first_shortest, "{word}");
        }
    }

    #[test]
    fn pronoun_suffixes_come_off_and_the_ta_marbuta_comes_back() {
        let base = |w: &str| without_pronoun_suffix(&match_key(w)).map(Cow::into_owned);
        assert_eq!(base("حقوقهم").as_deref(), Some("حقوق"));
        assert_eq!(base("حكومته").as_deref(), Some("حكومه"));
        assert_eq!(base("بلادنا").as_deref(), Some("بلاد"));
        assert_eq!(base("كرامتها").as_deref(), Some("كرامه"));
        // Two letters would be left, or no suffix at all; ي (nisba) is not one.
        assert_eq!(base("حقه"), None);
        assert_eq!(base("دولي"), None);
        assert_eq!(base("قطر"), None);
    }
}
