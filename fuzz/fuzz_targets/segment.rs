//! Segmentation of arbitrary text, raw and presegmented: sentences are non-empty,
//! trimmed, in order, at character boundaries, at most `MAX_SENTENCE_BYTES` long, and
//! together hold every non-space character of the text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::segment::{self, MAX_SENTENCE_BYTES, Sentence};

#[path = "common.rs"]
mod common;

/// Languages the first input byte chooses from: each profile with its own rules, plus
/// the generic one.
const LANGUAGES: &[&str] = &["en", "ar", "fr", "de", "fa", "es", "xx"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = common::text(rest);
    let profile = mizan::lang::profile(LANGUAGES[selector as usize % LANGUAGES.len()]);
    check(&text, &segment::segment(&text, &profile));
    check(&text, &segment::presegmented(&text));
});

fn check(text: &str, sentences: &[Sentence]) {
    let mut last_end = 0;
    let mut last_paragraph = 0;
    let mut kept = String::new();
    for s in sentences {
        let range = s.range.clone();
        assert!(range.start >= last_end, "sentences overlap: {sentences:?}");
        assert!(!range.is_empty(), "empty sentence: {sentences:?}");
        assert!(range.len() <= MAX_SENTENCE_BYTES, "{} bytes", range.len());
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(s.paragraph >= last_paragraph, "paragraphs out of order");
        let sentence = &text[range.clone()];
        assert_eq!(sentence, sentence.trim_matches(is_space), "untrimmed");
        kept.push_str(sentence);
        last_end = range.end;
        last_paragraph = s.paragraph;
    }
    let visible = |t: &str| t.chars().filter(|&c| !is_space(c)).collect::<String>();
    assert_eq!(visible(&kept), visible(text), "text lost");
}

/// What segmentation trims: whitespace and a stray byte order mark.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}
