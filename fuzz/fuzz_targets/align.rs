//! The whole pipeline on two arbitrary texts, through the library API as the command
//! line runs it: every sentence of both sides is in exactly one bead, beads are in
//! order and never empty, and confidences are in [0, 1].
//!
//! Input: one byte of options (languages, presegmented, lexicon learning, bead size),
//! then the source text, a 0xFF byte (never part of UTF-8), the target text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::lang::profile;
use mizan::pipeline::{Config, align_limited};

#[path = "common.rs"]
mod common;

/// Small enough that one input runs in milliseconds; the size limits of the command
/// line are tested by the integration tests, not here.
const MAX_SENTENCES: usize = 2_000;

fuzz_target!(|data: &[u8]| {
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let (src, tgt) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let (src, tgt) = (common::text(src), common::text(tgt));
    let pairs = [("en", "ar"), ("ar", "en"), ("de", "fr"), ("en", "xx")];
    let (src_lang, tgt_lang) = pairs[(options & 3) as usize];
    let mut config = Config::new(profile(src_lang), profile(tgt_lang));
    config.presegmented = options & 4 != 0;
    config.learn_lexicon = options & 8 != 0;
    config.set_max_bead(1 + (options >> 4) as usize % 4);
    let Ok(alignment) = align_limited(&src, &tgt, &config, MAX_SENTENCES) else {
        return;
    };
    let (mut i, mut j) = (0, 0);
    for bead in &alignment.beads {
        assert_eq!((bead.src.start, bead.tgt.start), (i, j), "gap or overlap");
        assert!(!bead.src.is_empty() || !bead.tgt.is_empty(), "empty bead");
        assert!(
            (0.0..=1.0).contains(&bead.confidence),
            "confidence {}",
            bead.confidence
        );
        (i, j) = (bead.src.end, bead.tgt.end);
    }
    assert_eq!(
        (i, j),
        (alignment.src.len(), alignment.tgt.len()),
        "not covered"
    );
});
