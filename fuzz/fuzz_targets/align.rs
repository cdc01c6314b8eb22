//! The whole pipeline on two arbitrary texts, through the library API as the command
//! line runs it: every sentence of both sides is in exactly one bead, beads are in
//! order and never empty, and confidences are in [0, 1]. Then every output format:
//! TSV has one line of eight fields per bead, JSONL is one JSON object with every bead,
//! TMX holds only characters XML 1.0 allows, HTML and XLSX are written without error.
//!
//! Input: one byte of options (languages, presegmented, lexicon learning, bead size,
//! XLSX), then the source text, a 0xFF byte (never part of UTF-8), the target text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::formats::{self, Format, html::HtmlOptions, tmx::TmxOptions, xlsx::XlsxOptions};
use mizan::lang::profile;
use mizan::pipeline::{Alignment, Config, align_limited};

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
    check_formats(&alignment, (src_lang, tgt_lang), options & 0x40 != 0);
});

fn check_formats(alignment: &Alignment, (src_lang, tgt_lang): (&str, &str), xlsx: bool) {
    let write = |format: &Format| {
        let mut out = Vec::new();
        formats::write(alignment, format, &mut out).expect("writing to memory");
        out
    };
    let tsv = String::from_utf8(write(&Format::Tsv)).expect("UTF-8 TSV");
    assert_eq!(
        tsv.split_terminator('\n').count(),
        alignment.beads.len() + 1
    );
    assert!(
        tsv.split_terminator('\n')
            .all(|row| row.split('\t').count() == mizan::formats::tsv::COLUMNS.len())
    );

    let jsonl = write(&Format::Jsonl);
    let value: serde_json::Value = serde_json::from_slice(&jsonl).expect("JSON");
    assert_eq!(
        value["beads"].as_array().map(Vec::len),
        Some(alignment.beads.len())
    );

    let tmx = String::from_utf8(write(&Format::Tmx(TmxOptions {
        src_lang: src_lang.to_string(),
        tgt_lang: tgt_lang.to_string(),
        creation_date: "20260101T000000Z".to_string(),
        include_unaligned: true,
    })))
    .expect("UTF-8 TMX");
    if let Some(c) = tmx.chars().find(|&c| !is_xml_char(c)) {
        panic!("TMX holds {c:?}, which XML 1.0 forbids");
    }

    write(&Format::Html(HtmlOptions {
        title: "fuzz".to_string(),
        src_lang: src_lang.to_string(),
        tgt_lang: tgt_lang.to_string(),
        src_rtl: false,
        tgt_rtl: true,
    }));
    if xlsx {
        write(&Format::Xlsx(XlsxOptions {
            src_rtl: false,
            tgt_rtl: true,
        }));
    }
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
