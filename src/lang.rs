//! Language profiles: what differs per language for segmentation and the length model.
//!
//! A profile is looked up by ISO 639-1 code. Unknown codes fall back to a generic profile
//! (the caller is told, so the CLI can warn). Everything else in the pipeline reads the
//! profile instead of testing language codes.

use crate::calendar::Calendar;

/// The writing system, which decides whether letter case and cross-script matching apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Latin, Greek, Cyrillic: cased scripts, where a lowercase word continues a sentence.
    Cased,
    /// Arabic script: no case, read right to left.
    Arabic,
    /// Anything else (CJK and others): no case information is used.
    Uncased,
}

/// Per-language knowledge used by the segmenter and the aligner.
#[derive(Clone, Debug)]
pub struct LanguageProfile {
    /// The ISO 639-1 code the profile was asked for (kept even for the generic profile).
    pub code: String,
    /// Whether this profile was made for the language (false for the generic fallback).
    pub known: bool,
    pub script: Script,
    /// Lowercased abbreviations (without their final full stop) after which a full stop
    /// never ends a sentence: titles and other words that precede what they abbreviate.
    pub abbreviations: &'static [&'static str],
    /// Lowercased abbreviations that are followed by a number ("No. 5", "p. 12"): the full
    /// stop does not end a sentence when a digit follows.
    pub numeric_abbreviations: &'static [&'static str],
    /// Lowercased abbreviations that may also end a sentence ("Inc.", "U.S."): the full
    /// stop ends one only when the next word is a common sentence opener.
    pub ambiguous_abbreviations: &'static [&'static str],
    /// Lowercased words that often open a sentence, used after ambiguous abbreviations.
    pub sentence_openers: &'static [&'static str],
    /// German writes ordinals as "3. Oktober": a full stop after one or two digits does
    /// not end a sentence.
    pub ordinal_dot: bool,
    /// French groups thousands with a space ("5 700").
    pub space_thousands: bool,
    /// Characters of a text in this language relative to the same text in English; the
    /// ratio of two of these is the prior for a document pair's length ratio.
    pub length_factor: f64,
    /// The language's month and weekday names.
    pub calendar: Calendar,
}

const EN_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "maj", "adm", "cmdr", "rev", "hon", "pres", "supt", "messrs", "mt", "ft", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "cf", "vs", "v",
    "approx", "dept", "univ", "assn", "bros", "ave", "blvd",
];
const EN_NUMERIC: &[&str] = &[
    "no", "nos", "vol", "vols", "art", "arts", "fig", "figs", "p", "pp", "ch", "para", "sec", "op",
];
const EN_AMBIGUOUS: &[&str] = &[
    "inc", "ltd", "co", "corp", "jr", "sr", "u.s", "u.k", "u.n", "a.m", "p.m", "plc", "llc", "d.c",
    "e.u", "u.s.a", "al",
];
const EN_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "so",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "for",
    "however",
    "meanwhile",
    "some",
    "many",
    "most",
    "one",
    "two",
    "three",
    "what",
    "who",
    "how",
    "why",
    "yet",
    "then",
    "still",
    "also",
    "both",
    "all",
    "no",
    "not",
    "since",
    "although",
    "though",
    "according",
];

const FR_ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "av", "apr",
    "cf", "env", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "boul", "bd", "gén",
    "col", "éd",
];
const FR_NUMERIC: &[&str] = &["p", "pp", "art", "chap", "fig", "n", "no", "vol", "t", "al"];
const FR_AMBIGUOUS: &[&str] = &["cie", "inc", "ltd", "s.a", "u.e", "o.n.u", "j.-c"];
const FR_OPENERS: &[&str] = &[
    "le", "la", "les", "l", "un", "une", "des", "il", "elle", "ils", "elles", "on", "nous", "je",
    "vous", "ce", "cette", "ces", "mais", "et", "en", "dans", "pour", "selon", "depuis", "après",
    "avant", "si", "quand", "lorsque", "c", "d", "de", "du", "au", "aux", "cela", "ceci",
];

const DE_ABBREVIATIONS: &[&str] = &[
    "hr", "hrn", "fr", "dr", "prof", "st", "bzw", "ca", "vgl", "z.b", "d.h", "jan", "feb", "febr",
    "aug", "sept", "okt", "nov", "dez", "evtl", "ggf", "inkl", "sog", "u", "v", "z", "zit", "geb",
    "gest",
];
const DE_NUMERIC: &[&str] = &["nr", "s", "bd", "abs", "art", "mio", "mrd", "kap"];
const DE_AMBIGUOUS: &[&str] = &["u.a", "m", "km", "gmbh", "ag", "jh", "jhs"];
const DE_OPENERS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "er", "sie", "es", "wir",
    "ich", "man", "in", "im", "am", "aber", "und", "doch", "dies", "diese", "dieser", "nach",
    "bei", "auf", "als", "wenn", "so", "da", "dann", "auch",
];

// "د." (doctor) precedes a name; "م." and "هـ." (AD, AH) follow years and often end a
// sentence, so they are ambiguous (Arabic has no opener list: they end one).
const AR_ABBREVIATIONS: &[&str] = &["د", "ص.ب", "أ.د"];
const AR_NUMERIC: &[&str] = &["ص", "ج", "رقم"];
const AR_AMBIGUOUS: &[&str] = &["م", "هـ", "ه"];

/// Returns the profile for `code` (ISO 639-1, case-insensitive). Unknown codes get the
/// generic profile, whose `known` field is false.
pub fn profile(code: &str) -> LanguageProfile {
    let code = code.trim().to_ascii_lowercase();
    let base = |script, length_factor| LanguageProfile {
        code: code.clone(),
        known: true,
        script,
        abbreviations: &[],
        numeric_abbreviations: &[],
        ambiguous_abbreviations: &[],
        sentence_openers: &[],
        ordinal_dot: false,
        space_thousands: false,
        length_factor,
        calendar: Calendar::Unknown,
    };
    // Length factors: characters relative to English for parallel text, rounded from
    // the corpora in corpora/ (Arabic about 0.83 on UDHR and the sample article).
    match code.as_str() {
        "en" => LanguageProfile {
            abbreviations: EN_ABBREVIATIONS,
            numeric_abbreviations: EN_NUMERIC,
            ambiguous_abbreviations: EN_AMBIGUOUS,
            sentence_openers: EN_OPENERS,
            calendar: Calendar::English,
            ..base(Script::Cased, 1.0)
        },
        "fr" => LanguageProfile {
            abbreviations: FR_ABBREVIATIONS,
            numeric_abbreviations: FR_NUMERIC,
            ambiguous_abbreviations: FR_AMBIGUOUS,
            sentence_openers: FR_OPENERS,
            space_thousands: true,
            calendar: Calendar::French,
            ..base(Script::Cased, 1.15)
        },
        "de" => LanguageProfile {
            abbreviations: DE_ABBREVIATIONS,
            numeric_abbreviations: DE_NUMERIC,
            ambiguous_abbreviations: DE_AMBIGUOUS,
            sentence_openers: DE_OPENERS,
            ordinal_dot: true,
            calendar: Calendar::German,
            ..base(Script::Cased, 1.1)
        },
        "ar" | "fa" | "ur" => LanguageProfile {
            abbreviations: AR_ABBREVIATIONS,
            numeric_abbreviations: AR_NUMERIC,
            ambiguous_abbreviations: AR_AMBIGUOUS,
            calendar: if code == "ar" {
                Calendar::Arabic
            } else {
                Calendar::Unknown
            },
            ..base(Script::Arabic, 0.83)
        },
        "es" | "it" | "pt" | "nl" | "sv" | "da" | "no" | "nb" | "pl" | "cs" | "ro" | "tr"
        | "ru" | "uk" | "el" => base(Script::Cased, 1.1),
        _ => LanguageProfile {
            known: false,
            ..base(Script::Uncased, 1.0)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_profiles() {
        for code in ["en", "ar", "fr", "de", "EN"] {
            assert!(profile(code).known, "{code}");
        }
        assert_eq!(profile("ar").script, Script::Arabic);
        assert!(profile("de").ordinal_dot);
    }

    #[test]
    fn unknown_code_falls_back() {
        let p = profile("xx");
        assert!(!p.known);
        assert_eq!(p.code, "xx");
        assert_eq!(p.script, Script::Uncased);
    }
}
