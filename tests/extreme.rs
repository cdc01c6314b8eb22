//! Extreme inputs through the real binary: huge lines and words, lopsided and very
//! long documents, control and formatting characters. Each test generates its input in
//! a temporary directory and runs in a few seconds in the test profile.

mod common;

use std::fs;
use std::process::Command;

use common::{Workdir, corpus, mizan, rows, s, stdout};

/// Longest sentence the segmenter keeps whole (`segment::MAX_SENTENCE_BYTES`).
const MAX_SENTENCE_BYTES: usize = mizan::segment::MAX_SENTENCE_BYTES;

/// Undoes the TSV escapes of `\`, TAB, LF and CR.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The text without whitespace: what segmentation must keep, in order.
fn visible(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The sentence numbers of a TSV id column (`3`, `3-4` or empty), 1-based.
fn numbers(field: &str) -> std::ops::Range<usize> {
    if field.is_empty() {
        return 1..1;
    }
    let (first, last) = field.split_once('-').unwrap_or((field, field));
    first.parse().unwrap()..last.parse::<usize>().unwrap() + 1
}

/// Checks that the TSV rows (without header) hold sentences 1..=n of one side (`side`
/// 0 for source, 1 for target) each exactly once and in order, and returns n and that
/// side's texts joined.
fn side_of(table: &[Vec<String>], side: usize) -> (usize, String) {
    let mut next = 1;
    let mut text = String::new();
    for row in table {
        assert_eq!(row.len(), 9, "{row:?}");
        for k in numbers(&row[side]) {
            assert_eq!(k, next, "sentence {next} missing or twice: {row:?}");
            next += 1;
        }
        text.push_str(&unescape(&row[2 + side]));
        text.push(' ');
    }
    (next - 1, text)
}

/// A 50 MB line of words without any punctuation against two short sentences: cut
/// into units of at most 20,000 bytes at spaces, aligned, and every word is in the
/// output, in order, in `align` and in `segment` alike.
#[test]
fn fifty_megabyte_line_without_punctuation_is_cut_and_kept() {
    const WORDS: [&str; 8] = [
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
        "elit",
    ];
    let mut line = String::with_capacity(51 << 20);
    for k in 0.. {
        if line.len() >= 50 << 20 {
            break;
        }
        line.push_str(WORDS[k % WORDS.len()]);
        line.push(' ');
    }
    let wd = Workdir::new();
    let big = wd.write("big.txt", &line);
    let short = wd.write("short.txt", "جملة قصيرة. وأخرى.\n");
    let out = wd.path("out.tsv");
    stdout(&mizan(&["align", "-o", s(&out), s(&big), s(&short)]));
    let tsv = fs::read_to_string(&out).unwrap();
    let table = rows(&tsv);
    let (sources, src_text) = side_of(&table[1..], 0);
    let (targets, _) = side_of(&table[1..], 1);
    // Units are cut at the last space before the limit, so each holds more than the
    // limit less one word.
    let units = (line.len() / MAX_SENTENCE_BYTES)..=(line.len() / (MAX_SENTENCE_BYTES - 12) + 1);
    assert!(units.contains(&sources), "{sources} units");
    assert_eq!(targets, 2);
    assert!(table.len() - 1 <= sources + targets, "{} rows", table.len());
    assert!(visible(&src_text) == visible(&line), "words lost or moved");

    let segmented = stdout(&mizan(&["segment", s(&big)]));
    assert_eq!(segmented.lines().count(), sources);
    assert!(
        segmented
            .lines()
            .all(|l| !l.is_empty() && l.len() <= MAX_SENTENCE_BYTES)
    );
    assert!(visible(&segmented) == visible(&line), "words lost or moved");
}

/// A word of 1 MB without a space, in a character of three bytes: cut at character
/// boundaries into units of at most 20,000 bytes, nothing lost.
#[test]
fn megabyte_word_without_spaces_is_cut_at_characters() {
    // U+FEFB (lam-alef ligature): 3 bytes, and 20,000 is not a multiple of 3.
    let word = "\u{FEFB}".repeat((1 << 20) / 3);
    let wd = Workdir::new();
    let src = wd.write("en.txt", "One short sentence.\n");
    let tgt = wd.write("ar.txt", format!("جملة. {word}\n"));
    let tsv = stdout(&mizan(&["align", s(&src), s(&tgt)]));
    let table = rows(&tsv);
    let (targets, tgt_text) = side_of(&table[1..], 1);
    // Each cut falls on the character boundary before the limit: 19,998 bytes.
    assert_eq!(targets, 1 + word.len().div_ceil(MAX_SENTENCE_BYTES - 2));
    assert_eq!(visible(&tgt_text), visible(&format!("جملة.{word}")));
    let segmented = stdout(&mizan(&["segment", "--lang", "ar", s(&tgt)]));
    assert!(segmented.lines().all(|l| l.len() <= MAX_SENTENCE_BYTES));
}

/// One sentence against 50,000: the single sentence is in one bead or unaligned, and
/// every one of the 50,000 is in exactly one row.
#[test]
fn one_sentence_against_fifty_thousand() {
    let wd = Workdir::new();
    let one = wd.write("en.txt", "One sentence.\n");
    let many: String = (0..50_000)
        .map(|k| format!("Satz Nummer {k} ist hier.\n"))
        .collect();
    let many = wd.write("de.txt", many);
    for (src, tgt, side) in [(&one, &many, 1), (&many, &one, 0)] {
        let (src_lang, tgt_lang) = if side == 1 {
            ("en", "de")
        } else {
            ("de", "en")
        };
        let tsv = stdout(&mizan(&[
            "align",
            "--src-lang",
            src_lang,
            "--tgt-lang",
            tgt_lang,
            s(src),
            s(tgt),
        ]));
        let table = rows(&tsv);
        assert_eq!(side_of(&table[1..], side).0, 50_000);
        assert_eq!(side_of(&table[1..], 1 - side).0, 1);
        let holding: Vec<_> = table[1..]
            .iter()
            .filter(|r| !r[1 - side].is_empty())
            .collect();
        assert_eq!(holding.len(), 1, "{holding:?}");
        assert!(numbers(&holding[0][side]).count() <= 4, "{holding:?}");
    }
}

/// 100,000 one-word lines on each side, presegmented: all aligned one to one.
#[test]
fn hundred_thousand_short_lines_each_side() {
    let wd = Workdir::new();
    let src = wd.write("en.txt", "Yes.\n".repeat(100_000));
    let tgt = wd.write("fr.txt", "Oui.\n".repeat(100_000));
    let tsv = stdout(&mizan(&[
        "align",
        "--presegmented",
        "--tgt-lang",
        "fr",
        s(&src),
        s(&tgt),
    ]));
    let table = rows(&tsv);
    assert_eq!(side_of(&table[1..], 0).0, 100_000);
    assert_eq!(side_of(&table[1..], 1).0, 100_000);
    assert!(table[1..].iter().all(|r| r[4] == "1-1"));
}

/// A 400,000-line German–French pair made of the Text+Berg documents repeated (starting
/// at test2), the French side 7% longer in lines: aligned along the repetition it
/// belongs to, not a copy of the text one repetition away. Regression: the blocks of the
/// coarse search had as many sentences on both sides, so a 1-1 bead of blocks of 4,096
/// sentences compared texts ~290 lines apart, and from line ~23,000 on the alignment
/// followed the next repetition (strict F1 .15).
#[test]
fn a_long_repetitive_document_stays_on_its_own_repetition() {
    let docs = [
        "test2", "test3", "test4", "test5", "test6", "dev", "test0", "test1",
    ];
    let lines = |doc: &str, ext: &str| -> Vec<String> {
        let path = corpus(&format!("textberg/{doc}.{ext}"));
        fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    };
    let (mut src, mut tgt, mut gold) = (Vec::new(), Vec::new(), String::new());
    while src.len() < 400_000 {
        for doc in docs {
            let (s0, t0) = (src.len(), tgt.len());
            for bead in fs::read_to_string(corpus(&format!("textberg/{doc}.gold")))
                .unwrap()
                .lines()
            {
                let (s_ids, t_ids) = mizan::eval::parse_beads(bead).unwrap().remove(0);
                let shift = |ids: &[usize], by: usize| -> Vec<String> {
                    ids.iter().map(|i| (i + by).to_string()).collect()
                };
                gold.push_str(&format!(
                    "[{}]:[{}]\n",
                    shift(&s_ids, s0).join(", "),
                    shift(&t_ids, t0).join(", ")
                ));
            }
            src.extend(lines(doc, "de"));
            tgt.extend(lines(doc, "fr"));
        }
    }
    let wd = Workdir::new();
    let (s_path, t_path) = (
        wd.write("s.de", src.join("\n") + "\n"),
        wd.write("t.fr", tgt.join("\n") + "\n"),
    );
    let gold_path = wd.write("gold", gold);
    let beads = stdout(&mizan(&[
        "align",
        "--presegmented",
        "--src-lang",
        "de",
        "--tgt-lang",
        "fr",
        "--format",
        "beads",
        s(&s_path),
        s(&t_path),
    ]));
    let test_path = wd.write("test", beads);
    let scores = stdout(&mizan(&[
        "eval",
        "--gold",
        s(&gold_path),
        "--test",
        s(&test_path),
    ]));
    let strict: f64 = scores
        .lines()
        .find_map(|l| l.strip_prefix("strict\t"))
        .and_then(|l| l.split('\t').nth(2))
        .unwrap()
        .parse()
        .unwrap();
    assert!(strict > 0.85, "{scores}");
}

/// Characters that break naive tools: a stray NUL and other C0 controls, bidi
/// controls, emoji (with joiners and modifiers), stacked combining marks, Arabic
/// presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF), mixed scripts in a sentence, and
/// lone CR and CRLF line ends. All are kept and shown as they came; lone CR and CRLF
/// end lines.
#[test]
fn controls_bidi_emoji_marks_and_presentation_forms_are_kept() {
    let en = concat!(
        "A stray \0 NUL and \u{1}\u{2}\u{7}\u{1B}[0m controls stay.\r",
        "Bidi \u{202B}embedded\u{202C} and \u{2067}isolated\u{2069} text\u{200F} here.\r\n",
        "Family 👨\u{200D}👩\u{200D}👧 waves 👋🏽 at 🇶🇦.\r",
        "Zalgo e\u{301}\u{302}\u{303}\u{304}\u{305} and cafe\u{301} meet Qatar قطر and Ελλάδα.\n",
        "Forms \u{FDFA} \u{FDFD} \u{FEFB} \u{FB50}\u{FB51} \u{FE8D}\u{FEDF}\u{FEE0} end.\r",
    );
    let ar = concat!(
        "بقي \0 الصفر و\u{1}\u{1B}[0m المحارف.\r",
        "نص \u{202B}مضمن\u{202C} و\u{2067}معزول\u{2069}\u{200F} هنا.\r\n",
        "عائلة 👨\u{200D}👩\u{200D}👧 تلوح 👋🏽 لـ 🇶🇦.\r",
        "مُحَمَّدٌ\u{651}\u{652} و café وQatar.\n",
        "أشكال \u{FDFA} \u{FDFD} \u{FEFB} \u{FB50}\u{FB51} \u{FE8D}\u{FEDF}\u{FEE0} نهاية.\r",
    );
    let wd = Workdir::new();
    let src = wd.write("en.txt", en);
    let tgt = wd.write("ar.txt", ar);
    for presegmented in [true, false] {
        let mode = if presegmented {
            "presegmented"
        } else {
            "segmented"
        };
        let mut args = vec!["align", s(&src), s(&tgt)];
        if presegmented {
            args.push("--presegmented");
        }
        let tsv = stdout(&mizan(&args));
        let table = rows(&tsv);
        let (sources, src_text) = side_of(&table[1..], 0);
        let (targets, tgt_text) = side_of(&table[1..], 1);
        assert_eq!((sources, targets), (5, 5), "{mode}: {tsv}");
        assert_eq!(visible(&src_text), visible(en), "{mode}");
        assert_eq!(visible(&tgt_text), visible(ar), "{mode}");
        let one_to_one = table[1..].iter().filter(|r| r[4] == "1-1").count();
        assert!(one_to_one >= 4, "{mode}: {tsv}");
    }
    let segmented = stdout(&mizan(&["segment", "--lang", "ar", s(&tgt)]));
    assert_eq!(segmented.lines().count(), 5, "{segmented}");
    assert!(segmented.contains("\u{FDFA} \u{FDFD} \u{FEFB}"));
}

/// A long document is cut at sure beads into spans that the second pass aligns in
/// parallel; the output is the same bytes on one thread and on two. (The numbers and
/// names make nearly every first-pass bead sure: 6,000 beads give about five spans.)
#[test]
fn long_document_is_the_same_on_any_thread_count() {
    let wd = Workdir::new();
    let src: String = (0..6_000)
        .map(|k| {
            let (price, more, year) = (k * 7 + 3, k % 89 + 11, 1900 + k % 97);
            format!("Item {k} of Zurich costs {price} francs, {more} more than in {year}.\n")
        })
        .collect();
    let tgt: String = (0..6_000)
        .map(|k| {
            let (price, more, year) = (k * 7 + 3, k % 89 + 11, 1900 + k % 97);
            format!("Posten {k} aus Zürich kostet {price} Franken, {more} mehr als {year}.\n")
        })
        .collect();
    let src = wd.write("en.txt", src);
    let tgt = wd.write("de.txt", tgt);
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_mizan"))
            .args(["align", "--tgt-lang", "de", s(&src), s(&tgt)])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        stdout(&out)
    };
    let one = run("1");
    assert_eq!(rows(&one).len(), 6_001);
    assert!(one == run("2"), "different output on two threads");
}
