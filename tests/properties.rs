//! Property tests: invariants of segmentation and alignment on random input.

use mizan::lang::profile;
use mizan::pipeline::{Config, Document, align_texts};
use mizan::realign::{Fixed, realign};
use mizan::segment::segment;
use proptest::prelude::*;

/// Sentences made of words from a small vocabulary that mixes scripts, digits and
/// punctuation, so that anchors and segmentation rules fire.
fn sentence() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Hamas",
        "قطر",
        "the",
        "talks",
        "5,700",
        "٥٧٠٠",
        "Mr.",
        "U.S.",
        "غزة",
        "release",
        "«نعم»",
        "\"yes\"",
        "2.3",
        "؟",
        "why?",
        "word",
        "x",
        "…",
        "(note)",
        "Qatar",
        "،",
        "A.",
    ]);
    prop::collection::vec(words, 0..12).prop_map(|w| w.join(" "))
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 0..25).prop_map(|s| s.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_sentence_in_exactly_one_bead_in_order(src in document(), tgt in document(), pre in any::<bool>()) {
        let mut config = Config::new(profile("en"), profile("ar"));
        config.presegmented = pre;
        let alignment = align_texts(&src, &tgt, &config);
        let (mut i, mut j) = (0, 0);
        for bead in &alignment.beads {
            prop_assert_eq!(bead.src.start, i);
            prop_assert_eq!(bead.tgt.start, j);
            prop_assert!(!bead.src.is_empty() || !bead.tgt.is_empty());
            prop_assert!((0.0..=1.0).contains(&bead.confidence), "confidence {}", bead.confidence);
            i = bead.src.end;
            j = bead.tgt.end;
        }
        prop_assert_eq!(i, alignment.src.len());
        prop_assert_eq!(j, alignment.tgt.len());
    }

    #[test]
    fn realign_keeps_fixed_beads_and_places_every_sentence_once(
        src in document(),
        tgt in document(),
        steps in prop::collection::vec((0..4usize, 0..4usize, any::<bool>()), 0..40),
    ) {
        let mut config = Config::new(profile("en"), profile("ar"));
        config.presegmented = true;
        let (src, tgt) = (
            Document::new(&src, &config.src_lang, true),
            Document::new(&tgt, &config.tgt_lang, true),
        );
        let (n, m) = (src.len(), tgt.len());
        // A random path over the two documents; the steps marked true are fixed.
        let mut fixed = Vec::new();
        let (mut i, mut j) = (0, 0);
        for &(a, b, keep) in &steps {
            let (a, b) = (a.min(n - i), b.min(m - j));
            if a + b == 0 {
                continue;
            }
            if keep {
                fixed.push(Fixed { src: i..i + a, tgt: j..j + b });
            }
            (i, j) = (i + a, j + b);
        }
        let alignment = realign(src, tgt, &fixed, &config);
        let (mut i, mut j) = (0, 0);
        for bead in &alignment.beads {
            prop_assert_eq!((bead.src.start, bead.tgt.start), (i, j));
            prop_assert!(!bead.src.is_empty() || !bead.tgt.is_empty());
            prop_assert!((0.0..=1.0).contains(&bead.confidence));
            (i, j) = (bead.src.end, bead.tgt.end);
        }
        prop_assert_eq!((i, j), (n, m));
        let confirmed: Vec<_> = alignment.beads.iter().filter(|b| b.confirmed).collect();
        prop_assert_eq!(confirmed.len(), fixed.len());
        for (bead, f) in confirmed.iter().zip(&fixed) {
            prop_assert_eq!(bead.confidence, 1.0);
            // An empty side is placed by realign; a non-empty one is the reviewer's.
            prop_assert!(bead.src == f.src || (f.src.is_empty() && bead.src.is_empty()));
            prop_assert!(bead.tgt == f.tgt || (f.tgt.is_empty() && bead.tgt.is_empty()));
        }
    }

    #[test]
    fn segmentation_keeps_all_text_in_order(text in document(), lang in prop::sample::select(vec!["en", "ar", "fr", "de", "xx"])) {
        let sentences = segment(&text, &profile(lang));
        let mut last_end = 0;
        let mut joined = String::new();
        for s in &sentences {
            prop_assert!(s.range.start >= last_end);
            prop_assert!(!s.range.is_empty());
            last_end = s.range.end;
            joined.push_str(&text[s.range.clone()]);
        }
        let strip = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(strip(&joined), strip(&text));
    }

    #[test]
    fn arbitrary_unicode_never_panics(src in "\\PC{0,300}", tgt in "(\\PC|\n){0,300}") {
        let config = Config::new(profile("en"), profile("ar"));
        let alignment = align_texts(&src, &tgt, &config);
        prop_assert!(alignment.beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
    }
}
