//! QA flags: why a reviewer should look at a bead.
//!
//! Flags are computed from the bead's own evidence after the search: omissions and
//! additions, numbers present on one side only (compared across scripts), a length far
//! from the document's ratio, and low confidence. Each flag comes with a short note
//! that says what was found ("5700 only in source").

use crate::align::Bead;
use crate::anchors::{AnchorKind, Anchors};
use crate::cost::CostModel;

/// |δ| beyond which a bead's lengths disagree with the document's ratio: a two-tailed
/// probability under 0.3%.
const LENGTH_RATIO_DELTA: f64 = 3.0;
/// Confidence below which a bead is flagged for review.
const LOW_CONFIDENCE: f32 = 0.5;

/// One reason to review a bead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Source sentences with no target: the translation left them out.
    Omitted,
    /// Target sentences with no source: added in the translation (or boilerplate).
    Added,
    /// A number on one side is missing from the other.
    NumberMismatch,
    /// The lengths are far outside the document's ratio.
    LengthRatio,
    LowConfidence,
    /// The target is the source again, or is written in the source's script.
    Untranslated,
    /// Four or more sentences in one bead: worth a look even when right.
    Many,
    /// One side asks a question and the other does not.
    PunctuationMismatch,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Flag::Omitted => "omitted",
            Flag::Added => "added",
            Flag::NumberMismatch => "number-mismatch",
            Flag::LengthRatio => "length-ratio",
            Flag::LowConfidence => "low-confidence",
            Flag::Untranslated => "untranslated",
            Flag::Many => "many",
            Flag::PunctuationMismatch => "punctuation-mismatch",
        }
    }
}

/// The flags of a bead and a note explaining them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    pub flags: Vec<Flag>,
    pub note: String,
}

/// Sentences in one bead from which it is flagged `many`.
const MANY_SENTENCES: usize = 4;

/// Flags that look at a two-sided bead's texts: untranslated, many, punctuation.
/// `same_text` says whether the two sides' matching keys are equal (the caller has the
/// keys already); `src_script_letter` tells whether a letter belongs to the source
/// language's script (when the two languages write differently).
pub fn review_texts(
    review: &mut Review,
    texts: (&str, &str),
    same_text: bool,
    sentences: usize,
    src_script_letter: Option<&(dyn Fn(char) -> bool + Sync)>,
) {
    let (src, tgt) = texts;
    let mut notes = Vec::new();
    if src.is_empty() || tgt.is_empty() {
        return;
    }
    let in_source_script = src_script_letter.is_some_and(|is_src| {
        let (letters, in_source) = tgt
            .chars()
            .filter(|&c| crate::normalize::is_letter(c))
            .fold((0, 0), |(all, src), c| {
                (all + 1, src + usize::from(is_src(c)))
            });
        letters > 0 && in_source * 2 > letters
    });
    if same_text || in_source_script {
        review.flags.push(Flag::Untranslated);
        notes.push(
            if same_text {
                "target repeats the source"
            } else {
                "target in the source's script"
            }
            .to_string(),
        );
    }
    if sentences >= MANY_SENTENCES {
        review.flags.push(Flag::Many);
    }
    if asks(src) != asks(tgt) {
        review.flags.push(Flag::PunctuationMismatch);
        notes.push(
            if asks(src) {
                "question only in source"
            } else {
                "question only in target"
            }
            .to_string(),
        );
    }
    for note in notes {
        if !review.note.is_empty() {
            review.note.push_str("; ");
        }
        review.note.push_str(&note);
    }
}

/// Whether a text ends with a question mark (Latin, Arabic or Spanish-style inverted).
fn asks(text: &str) -> bool {
    let end = text.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’»)]*".contains(c));
    end.ends_with(['?', '؟', '？'])
}

/// Flags one bead.
pub fn review(
    bead: &Bead,
    confidence: f32,
    anchors: &Anchors,
    model: &CostModel,
    lengths: (f32, f32),
) -> Review {
    let mut flags = Vec::new();
    let mut notes = Vec::new();
    if bead.tgt.is_empty() {
        flags.push(Flag::Omitted);
        notes.push("no target sentence".to_string());
    } else if bead.src.is_empty() {
        flags.push(Flag::Added);
        notes.push("no source sentence".to_string());
    } else {
        let src_ids = anchors.src.span(bead.src.clone());
        let tgt_ids = anchors.tgt.span(bead.tgt.clone());
        let src_numbers = anchors.labels_of(src_ids, AnchorKind::Number);
        let tgt_numbers = anchors.labels_of(tgt_ids, AnchorKind::Number);
        let only_src: Vec<&str> = src_numbers
            .iter()
            .filter(|n| !tgt_numbers.contains(n))
            .map(|n| &n[2..])
            .collect();
        let only_tgt: Vec<&str> = tgt_numbers
            .iter()
            .filter(|n| !src_numbers.contains(n))
            .map(|n| &n[2..])
            .collect();
        if !only_src.is_empty() || !only_tgt.is_empty() {
            flags.push(Flag::NumberMismatch);
            if !only_src.is_empty() {
                notes.push(format!("{} only in source", only_src.join(" ")));
            }
            if !only_tgt.is_empty() {
                notes.push(format!("{} only in target", only_tgt.join(" ")));
            }
        }
        let delta = model.delta(lengths.0, lengths.1);
        if delta.abs() > LENGTH_RATIO_DELTA {
            flags.push(Flag::LengthRatio);
            let side = if delta > 0.0 { "target" } else { "source" };
            notes.push(format!(
                "{side} much longer than expected (delta {delta:.1})"
            ));
        }
        if confidence < LOW_CONFIDENCE {
            flags.push(Flag::LowConfidence);
        }
    }
    Review {
        flags,
        note: notes.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::is_arabic_letter;

    fn flags(src: &str, tgt: &str, sentences: usize, cross: bool) -> Vec<Flag> {
        let mut review = Review::default();
        let latin = |c: char| c.is_ascii_alphabetic();
        let script: Option<&(dyn Fn(char) -> bool + Sync)> =
            if cross { Some(&latin) } else { None };
        let same = crate::normalize::match_key(src) == crate::normalize::match_key(tgt);
        review_texts(&mut review, (src, tgt), same, sentences, script);
        review.flags
    }

    #[test]
    fn text_flags() {
        assert_eq!(
            flags("Hello there.", "Hello there.", 2, false),
            vec![Flag::Untranslated]
        );
        assert_eq!(
            flags("Hello there.", "Hello there in Latin.", 2, true),
            vec![Flag::Untranslated]
        );
        assert_eq!(flags("Hello there.", "مرحبا هناك.", 2, true), vec![]);
        assert!(is_arabic_letter('م'));
        assert_eq!(
            flags("Is it over?", "انتهى.", 2, true),
            vec![Flag::PunctuationMismatch]
        );
        assert_eq!(flags("Is it over?\"", "هل انتهى؟»", 2, true), vec![]);
        assert_eq!(flags("A. B. C.", "أ. ب.", 5, true), vec![Flag::Many]);
    }
}
