//! Integration tests: run the real `mizan` binary in a temporary directory.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Workdir, corpus, mizan, mizan_stdin, rows, s, stdout};

#[test]
fn sample_article_untranslated_paragraph_and_boilerplate_are_flagged() {
    let out = stdout(&mizan(&[
        "align",
        s(&corpus("qatar-talks/en.txt")),
        s(&corpus("qatar-talks/ar.txt")),
    ]));
    let table = rows(&out);
    assert_eq!(table[0].join("\t"), mizan::formats::tsv::HEADER);
    assert!(table.iter().all(|r| r.len() == 9), "every row has 9 fields");
    let untranslated = "The sources noted that tracking hostages";
    let row = table
        .iter()
        .find(|r| r[2].starts_with(untranslated))
        .expect("row");
    assert_eq!(
        (row[1].as_str(), row[4].as_str(), row[6].as_str()),
        ("", "1-0", "omitted")
    );
    let last = table.last().unwrap();
    assert_eq!(last[2], "Our readers are reading too");
    assert_eq!((last[1].as_str(), last[6].as_str()), ("", "omitted"));
    let omitted = table.iter().filter(|r| r[6].contains("omitted")).count();
    assert_eq!(
        omitted, 4,
        "three untranslated sentences and the boilerplate line"
    );
}

#[test]
fn sample_article_presegmented_matches_gold() {
    let tgt = corpus("qatar-talks/ar.sents.txt");
    let f1 = sample_f1_against(&tgt, &[]);
    assert!(f1 >= 0.95, "strict F1 {f1}");
}

/// Strict F1 of the English sample aligned `--presegmented` with `tgt`: the sample's
/// Arabic followed by the `extra` target sentences, which the gold has as added.
fn sample_f1_against(tgt: &Path, extra: &[String]) -> f64 {
    let out = stdout(&mizan(&[
        "align",
        "--presegmented",
        "--format",
        "beads",
        s(&corpus("qatar-talks/en.sents.txt")),
        s(tgt),
    ]));
    let test = mizan::eval::parse_beads(&out).expect("beads output parses");
    let gold_text = fs::read_to_string(corpus("qatar-talks/gold.txt")).unwrap();
    let mut gold = mizan::eval::parse_beads(&gold_text).unwrap();
    let article = fs::read_to_string(corpus("qatar-talks/ar.sents.txt")).unwrap();
    let article_lines = article.lines().filter(|l| !l.trim().is_empty()).count();
    gold.extend((0..extra.len()).map(|k| (vec![], vec![article_lines + k])));
    mizan::eval::count(&gold, &test).scores().strict.f1
}

/// A page whose Arabic side carries a second text (here 60 lines of the UDHR after the
/// article, as a block of related links or a second story would be): the article still
/// aligns and the extra lines come out added. Regression: the texts' length ratio was
/// taken as the article's, so every English sentence was expected to match twice as
/// much Arabic, and a band around the length diagonal kept the true path out of reach
/// from the middle of the article on (strict F1 .64).
#[test]
fn a_long_passage_on_one_side_only_does_not_shift_the_rest() {
    let wd = Workdir::new();
    let article = fs::read_to_string(corpus("qatar-talks/ar.sents.txt")).unwrap();
    let other: Vec<String> = fs::read_to_string(corpus("udhr/ar.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(60)
        .map(String::from)
        .collect();
    let tgt = wd.write("ar.txt", format!("{article}\n{}\n", other.join("\n")));
    let f1 = sample_f1_against(&tgt, &other);
    assert!(f1 >= 0.95, "strict F1 {f1}");
}

/// FreeDict has no French–Arabic dictionary: such a set is scored without one, with a
/// warning, instead of stopping the whole table.
#[test]
fn eval_corpora_scores_pairs_freedict_lacks_without_a_dictionary() {
    let wd = Workdir::new();
    let manifest = wd.write(
        "eval.tsv",
        format!(
            "set\tsrc\ttgt\tgold\tsrc_lang\ttgt_lang\nudhr-as-fr\t{}\t{}\t{}\tfr\tar\n",
            corpus("udhr/en.txt").display(),
            corpus("udhr/ar.txt").display(),
            corpus("udhr/gold.txt").display()
        ),
    );
    let out = mizan(&["eval-corpora", s(&manifest), "--dict", "freedict"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("fra-ara") && err.contains("udhr-as-fr is scored without a dictionary"),
        "{err}"
    );
    assert!(table_f1(&stdout(&out), "udhr-as-fr") > 0.9);
}

/// Clean and noisy strict F1 of every gold set, a little under the figures of
/// 2026-12-01 (Text+Berg test .876 / noisy .837, UDHR .972 / .955, fr–ar UDHR .984 /
/// .958, the sample 1.000 / .983): the fr–ar and noisy Text+Berg thresholds fail
/// without the core lexicon (.967, .819).
#[test]
fn eval_corpora_meets_quality_thresholds() {
    let out = stdout(&mizan(&["eval-corpora", "--noisy", s(&corpus("eval.tsv"))]));
    let f1 = |set: &str| table_f1(&out, set);
    let noisy = |set: &str| table_column(&out, set, 9);
    assert!(f1("textberg-test") >= 0.87, "{out}");
    assert!(noisy("textberg-test") >= 0.83, "{out}");
    assert!(f1("udhr") >= 0.98, "{out}");
    assert!(noisy("udhr") >= 0.94, "{out}");
    assert!(f1("qatar-talks") >= 0.99, "{out}");
    assert!(noisy("qatar-talks") >= 0.97, "{out}");
    assert!(f1("udhr-fr") >= 0.98, "{out}");
    assert!(noisy("udhr-fr") >= 0.95, "{out}");
}

/// Strict F1 of a set in `eval-corpora`'s table.
fn table_f1(table: &str, set: &str) -> f64 {
    table_column(table, set, 5)
}

/// A numeric column of a set's row in `eval-corpora`'s table (1 is the set's name).
fn table_column(table: &str, set: &str, column: usize) -> f64 {
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("| {set} |")))
        .expect(set);
    line.split('|').nth(column).unwrap().trim().parse().unwrap()
}

/// Regression: dictionary pairs were weighed like learned ones, so every listed word
/// whose translation the sentence words differently cost a mismatch penalty, and merging
/// neighbours that happened to hold it paid off: FreeDict took Text+Berg test from .874
/// to .820, and this dictionary (several translations per word, function words
/// included, learned from the dev gold) took dev to .33. It must not lower the test
/// documents' F1.
#[test]
fn a_dictionary_with_many_translations_does_not_lower_f1() {
    use std::collections::{HashMap, HashSet};
    let (de, fr) = (mizan::lang::profile("de"), mizan::lang::profile("fr"));
    let read = |file: &str| -> Vec<String> {
        fs::read_to_string(corpus(file))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    let (src, tgt) = (read("textberg/dev.de"), read("textberg/dev.fr"));
    let gold = fs::read_to_string(corpus("textberg/dev.gold")).unwrap();
    let words =
        |text: &str, profile| mizan::lexicon::tokens(&mizan::normalize::match_key(text), profile);
    let (mut joint, mut src_count, mut tgt_count) =
        (HashMap::new(), HashMap::new(), HashMap::new());
    for (s, t) in mizan::eval::parse_beads(&gold).unwrap() {
        if let ([s], [t]) = (s.as_slice(), t.as_slice()) {
            let (s, t) = (words(&src[*s], &de), words(&tgt[*t], &fr));
            for w in &s {
                *src_count.entry(w.clone()).or_insert(0.0) += 1.0;
            }
            for w in &t {
                *tgt_count.entry(w.clone()).or_insert(0.0) += 1.0;
            }
            for a in &s {
                for b in &t {
                    *joint.entry((a.clone(), b.clone())).or_insert(0.0) += 1.0;
                }
            }
        }
    }
    // Every pair seen twice with a Dice coefficient of 0.2 or more: up to several
    // translations per word, as in a real dictionary.
    let mut pairs: Vec<String> = joint
        .iter()
        .filter(|((a, b), c)| **c >= 2.0 && 2.0 * **c / (src_count[a] + tgt_count[b]) >= 0.2)
        .map(|((a, b), _)| format!("{a}\t{b}\n"))
        .collect();
    pairs.sort();
    let per_word: HashSet<&str> = pairs
        .iter()
        .map(|p| p.split('\t').next().unwrap())
        .collect();
    assert!(
        pairs.len() > per_word.len() + 50,
        "several translations per word"
    );
    let wd = Workdir::new();
    let dictionary = wd.write("de-fr.tsv", pairs.concat());
    let mut manifest = String::from("set\tsrc\ttgt\tgold\tsrc_lang\ttgt_lang\n");
    for i in 0..7 {
        let file = |ext: &str| corpus(&format!("textberg/test{i}.{ext}"));
        manifest += &format!(
            "test\t{}\t{}\t{}\tde\tfr\n",
            file("de").display(),
            file("fr").display(),
            file("gold").display()
        );
    }
    let manifest = wd.write("eval.tsv", manifest);
    let without = table_f1(&stdout(&mizan(&["eval-corpora", s(&manifest)])), "test");
    let with = stdout(&mizan(&[
        "eval-corpora",
        s(&manifest),
        "--dict",
        s(&dictionary),
    ]));
    assert!(
        table_f1(&with, "test") >= without,
        "{without} without, with:\n{with}"
    );
}

#[test]
fn segment_and_align_produce_the_same_sentences() {
    for (file, lang) in [("qatar-talks/en.txt", "en"), ("qatar-talks/ar.txt", "ar")] {
        let segmented = stdout(&mizan(&["segment", "--lang", lang, s(&corpus(file))]));
        let expected = fs::read_to_string(corpus(&file.replace(".txt", ".sents.txt"))).unwrap();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(segmented.lines().collect::<Vec<_>>(), expected, "{file}");
        let (src, tgt) = if lang == "en" {
            (file, "qatar-talks/ar.txt")
        } else {
            ("qatar-talks/en.txt", file)
        };
        let aligned = stdout(&mizan(&["align", s(&corpus(src)), s(&corpus(tgt))]));
        let column = if lang == "en" { 2 } else { 3 };
        let ids = if lang == "en" { 0 } else { 1 };
        let mut from_align = Vec::new();
        for row in rows(&aligned).iter().skip(1) {
            if row[ids].is_empty() {
                continue;
            }
            // A bead's sentences are joined by a space; single sentences compare directly.
            if !row[ids].contains('-') {
                from_align.push(row[column].clone());
            }
        }
        for sentence in &from_align {
            assert!(expected.contains(&sentence.as_str()), "{sentence}");
        }
    }
}

#[test]
fn invalid_utf8_names_file_and_byte_and_exits_2() {
    let wd = Workdir::new();
    let bad = wd.write("bad.txt", b"Hello.\nBad \xff byte.\n");
    let good = wd.write("good.txt", "مرحبا.\n");
    let out = mizan(&["align", s(&bad), s(&good)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.txt") && err.contains("byte 11") && err.contains("line 2"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn bom_and_crlf_are_accepted() {
    let wd = Workdir::new();
    let src = wd.write("en.txt", "\u{FEFF}One sentence.\r\nTwo sentences here.\r\n");
    let tgt = wd.write("fr.txt", "Une phrase.\r\nDeux phrases ici.\r\n");
    let out = stdout(&mizan(&[
        "align",
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
        s(&src),
        s(&tgt),
    ]));
    let table = rows(&out);
    assert_eq!(table[1][2], "One sentence.");
    assert_eq!(table.len(), 3);
}

#[test]
fn timings_name_each_stage_on_stderr_and_leave_the_output_alone() {
    let wd = Workdir::new();
    let src = wd.write("en.txt", "One sentence.\nTwo sentences here.\n");
    let tgt = wd.write("ar.txt", "جملة واحدة.\nجملتان هنا.\n");
    let plain = mizan(&["align", s(&src), s(&tgt)]);
    let timed = mizan(&["align", "--timings", s(&src), s(&tgt)]);
    assert_eq!(stdout(&plain), stdout(&timed));
    let report = String::from_utf8_lossy(&timed.stderr);
    for stage in [
        "read",
        "segment",
        "anchors",
        "first pass",
        "second pass",
        "write",
        "total",
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.trim_start().starts_with(stage) && l.ends_with(" ms")),
            "{stage}: {report}"
        );
    }
    assert!(plain.stderr.is_empty());
}

#[test]
fn one_side_empty_gives_unaligned_rows_both_empty_gives_header() {
    let wd = Workdir::new();
    let empty = wd.write("empty.txt", "");
    let text = wd.write("text.txt", "First. Second.\n");
    let out = stdout(&mizan(&["align", s(&text), s(&empty)]));
    let table = rows(&out);
    assert_eq!(table.len(), 3);
    assert!(
        table[1..]
            .iter()
            .all(|r| r[4] == "1-0" && r[6] == "omitted")
    );
    let out = stdout(&mizan(&["align", s(&empty), s(&text)]));
    assert!(
        rows(&out)[1..]
            .iter()
            .all(|r| r[4] == "0-1" && r[6] == "added")
    );
    let out = stdout(&mizan(&["align", s(&empty), s(&empty)]));
    assert_eq!(out, format!("{}\n", mizan::formats::tsv::HEADER));
}

#[test]
fn tabs_and_newlines_in_text_keep_one_row_per_bead() {
    let wd = Workdir::new();
    let src = wd.write("en.txt", "A\tsentence with a tab.\nA wrapped\nline here.\n");
    let tgt = wd.write(
        "de.txt",
        "Ein\tSatz mit Tab.\nEine umbrochene Zeile hier.\n",
    );
    let out = stdout(&mizan(&["align", "--tgt-lang", "de", s(&src), s(&tgt)]));
    let table = rows(&out);
    assert!(table.iter().all(|r| r.len() == 9), "{out}");
    assert_eq!(table[1][2], "A\\tsentence with a tab.");
    assert_eq!(table[2][2], "A wrapped\\nline here.");
}

#[test]
fn output_file_is_written_whole_and_bad_directory_is_an_error() {
    let wd = Workdir::new();
    let src = wd.write("en.txt", "One. Two.\n");
    let tgt = wd.write("ar.txt", "واحد. اثنان.\n");
    let target = wd.path("out.beads");
    stdout(&mizan(&[
        "align",
        "--format",
        "beads",
        "-o",
        s(&target),
        s(&src),
        s(&tgt),
    ]));
    let written = fs::read_to_string(&target).unwrap();
    let beads: Vec<&str> = written
        .lines()
        .map(|l| l.rsplit_once(':').unwrap().0)
        .collect();
    assert_eq!(beads, vec!["[0]:[0]", "[1]:[1]"]);
    let missing = wd.path("no/such/dir/out.tsv");
    let out = mizan(&["align", "-o", s(&missing), s(&src), s(&tgt)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir/out.tsv"));
    let leftovers: Vec<_> = fs::read_dir(wd.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 3, "no temporary file left: {leftovers:?}");
}

/// A write that fails half-way (a full disk, simulated by a file size limit of 512
/// bytes with SIGXFSZ ignored, so that write returns EFBIG as it would ENOSPC): the run
/// fails with the path and exit 2, the earlier output is untouched, and no temporary file
/// is left.
#[test]
fn failed_write_keeps_the_old_output_and_leaves_no_temporary_file() {
    let wd = Workdir::new();
    let target = wd.write("out.tsv", "the previous output\n");
    let before = wd.files();
    let out = Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 1; exec \"$@\"", "sh"])
        .arg(env!("CARGO_BIN_EXE_mizan"))
        .args(["align", "-o", s(&target)])
        .args([corpus("qatar-talks/en.txt"), corpus("qatar-talks/ar.txt")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("out.tsv: cannot write") && err.contains("too large"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "the previous output\n"
    );
    assert_eq!(wd.files(), before, "no temporary file left");
}

/// Standard output on a full device: an error naming `<stdout>`, exit 2 (not the quiet
/// exit of a closed pipe).
#[test]
fn full_stdout_is_an_error_with_exit_2() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full (Linux)");
    let out = Command::new(env!("CARGO_BIN_EXE_mizan"))
        .args([
            "align",
            s(&corpus("qatar-talks/en.txt")),
            s(&corpus("qatar-talks/ar.txt")),
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<stdout>: cannot write") && err.contains("No space left"),
        "{err}"
    );
}

#[test]
fn help_states_the_exit_codes() {
    for args in [&["--help"][..], &["align", "--help"], &["batch", "--help"]] {
        let help = stdout(&mizan(args));
        assert!(
            help.contains("Exit codes: 0 success, 1 some documents failed"),
            "{args:?}: {help}"
        );
    }
}

#[test]
fn ladder_format_ends_at_both_lengths() {
    let wd = Workdir::new();
    let src = wd.write("en.txt", "One.\nTwo.\nThree.\n");
    let tgt = wd.write("ar.txt", "واحد.\nاثنان.\nثلاثة.\n");
    let out = stdout(&mizan(&[
        "align",
        "--presegmented",
        "--format",
        "ladder",
        s(&src),
        s(&tgt),
    ]));
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("3\t3\t"), "{out}");
    assert_eq!(out.lines().count(), 4);
}

#[test]
fn unknown_language_warns_and_goes_on() {
    let wd = Workdir::new();
    let src = wd.write("a.txt", "One. Two.\n");
    let out = mizan(&[
        "align",
        "--src-lang",
        "xx",
        "--tgt-lang",
        "en",
        s(&src),
        s(&src),
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no profile for language 'xx'"));
}

#[test]
fn eval_command_scores_and_checks_arguments() {
    let wd = Workdir::new();
    let gold = wd.write("gold.txt", "[0]:[0]\n[1, 2]:[1]\n[]:[2]\n");
    let test = wd.write(
        "test.txt",
        "[0]:[0]:0.9\n[1]:[1]:0.8\n[2]:[]:0.5\n[]:[2]:0.4\n",
    );
    let out = stdout(&mizan(&["eval", "--gold", s(&gold), "--test", s(&test)]));
    assert!(out.contains("strict\t0.5000\t0.5000\t0.5000"), "{out}");
    let out = mizan(&["eval", "--gold", s(&gold), s(&gold), "--test", s(&test)]);
    assert_eq!(out.status.code(), Some(2));
    let broken = wd.write("broken.txt", "[0]:[0]\n[1:[1]\n");
    let out = mizan(&["eval", "--gold", s(&gold), "--test", s(&broken)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.txt:2:"));
}

#[test]
fn broken_pipe_exits_quietly() {
    let wd = Workdir::new();
    let long: String = (0..20_000)
        .map(|i| format!("Sentence number {i} is here.\n"))
        .collect();
    let src = wd.write("src.txt", &long);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mizan"))
        .args([
            "align",
            "--presegmented",
            "--tgt-lang",
            "en",
            s(&src),
            s(&src),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("src\t"));
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn noise_writes_a_pair_with_exact_gold() {
    let wd = Workdir::new();
    let out_dir = wd.path("noisy");
    let run = |seed: &str| {
        stdout(&mizan(&[
            "noise",
            "--seed",
            seed,
            s(&corpus("udhr/en.txt")),
            s(&corpus("udhr/ar.txt")),
            s(&corpus("udhr/gold.txt")),
            "--out-dir",
            s(&out_dir),
        ]));
        ["src.txt", "tgt.txt", "gold.txt"].map(|f| fs::read_to_string(out_dir.join(f)).unwrap())
    };
    let [src, tgt, gold] = run("5");
    let count = |text: &str| text.lines().filter(|l| !l.trim().is_empty()).count();
    let beads = mizan::eval::parse_beads(&gold).unwrap();
    let (mut i, mut j) = (0, 0);
    for (s_ids, t_ids) in &beads {
        assert_eq!(s_ids, &(i..i + s_ids.len()).collect::<Vec<_>>());
        assert_eq!(t_ids, &(j..j + t_ids.len()).collect::<Vec<_>>());
        i += s_ids.len();
        j += t_ids.len();
    }
    assert_eq!((i, j), (count(&src), count(&tgt)));
    assert!(
        beads.iter().any(|(s, t)| s.is_empty() != t.is_empty()),
        "some omissions or insertions"
    );
    assert_eq!(run("5"), [src, tgt, gold], "same seed, same variant");
}

#[test]
fn max_bead_limits_shapes() {
    let wd = Workdir::new();
    let src = wd.write(
        "en.txt",
        "One long sentence that the translation splits into three short ones here.\n",
    );
    let tgt = wd.write(
        "fr.txt",
        "Une phrase.\nDeux phrases.\nTrois phrases ici aussi.\n",
    );
    let shapes = |max: &str| -> Vec<String> {
        let out = stdout(&mizan(&[
            "align",
            "--presegmented",
            "--tgt-lang",
            "fr",
            "--max-bead",
            max,
            s(&src),
            s(&tgt),
        ]));
        rows(&out).iter().skip(1).map(|r| r[4].clone()).collect()
    };
    assert_eq!(shapes("4"), vec!["1-3"]);
    assert!(
        shapes("2")
            .iter()
            .all(|s| s.split('-').all(|n| n.parse::<u8>().unwrap() <= 2))
    );
    assert!(
        shapes("1")
            .iter()
            .all(|s| ["1-1", "1-0", "0-1"].contains(&s.as_str()))
    );
}

/// Legal and literary Arabic often carries in one sentence what English says in up to
/// five: the default shapes go up to 5-1.
#[test]
fn one_arabic_sentence_can_carry_five_english_ones() {
    let wd = Workdir::new();
    let src = wd.write(
        "en.txt",
        "The talks began in Doha on Monday.\nThey lasted three days.\nBoth delegations \
         attended.\nThe mediators proposed a truce of 5 days.\nNo agreement was reached.\n\
         The next round is set for March.\n",
    );
    let tgt = wd.write(
        "ar.txt",
        "بدأت المحادثات في الدوحة يوم الاثنين واستمرت ثلاثة أيام بحضور الوفدين، واقترح \
         الوسطاء هدنة مدتها ٥ أيام، لكن لم يتم التوصل إلى اتفاق.\nوحُدد موعد الجولة المقبلة في مارس.\n",
    );
    let shapes = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["align", "--presegmented"];
        args.extend_from_slice(extra);
        args.extend([s(&src), s(&tgt)]);
        rows(&stdout(&mizan(&args)))
            .iter()
            .skip(1)
            .map(|r| r[4].clone())
            .collect()
    };
    assert_eq!(shapes(&[]), vec!["5-1", "1-1"]);
    assert!(!shapes(&["--max-bead", "4"]).contains(&"5-1".to_string()));
}

/// The first pass, a guide, allows beads of up to three sentences a side; the second,
/// around its path, allows every shape. Here the document is long enough for the
/// second pass to re-estimate its model (the test above covers one that is not).
#[test]
fn a_five_to_one_bead_survives_the_first_pass_guide() {
    let wd = Workdir::new();
    let mut en = String::new();
    let mut ar = String::new();
    let digits = |n: u32| -> String {
        n.to_string()
            .chars()
            .map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap())
            .collect()
    };
    for n in 11..23 {
        en.push_str(&format!("The report lists {n} new cases in the north.\n"));
        ar.push_str(&format!(
            "يذكر التقرير {} حالة جديدة في الشمال.\n",
            digits(n)
        ));
    }
    en.push_str(
        "The talks began in Doha on Monday.\nThey lasted three days.\nBoth delegations \
         attended.\nThe mediators proposed a truce of 5 days.\nNo agreement was reached.\n\
         The next round is set for March.\n",
    );
    ar.push_str(
        "بدأت المحادثات في الدوحة يوم الاثنين واستمرت ثلاثة أيام بحضور الوفدين، واقترح \
         الوسطاء هدنة مدتها ٥ أيام، لكن لم يتم التوصل إلى اتفاق.\nوحُدد موعد الجولة المقبلة في مارس.\n",
    );
    let (src, tgt) = (wd.write("en.txt", &en), wd.write("ar.txt", &ar));
    let shapes: Vec<String> = rows(&stdout(&mizan(&[
        "align",
        "--presegmented",
        s(&src),
        s(&tgt),
    ])))
    .iter()
    .skip(1)
    .map(|r| r[4].clone())
    .collect();
    let mut expected = vec!["1-1"; 12];
    expected.extend(["5-1", "1-1"]);
    assert_eq!(shapes, expected);
}

#[test]
fn batch_goes_on_past_a_bad_pair_and_is_the_same_on_any_thread_count() {
    let wd = Workdir::new();
    wd.write("bad.txt", b"broken \xff text\n");
    let en = corpus("qatar-talks/en.txt");
    let ar = corpus("qatar-talks/ar.txt");
    let manifest = format!(
        "id\tsrc\ttgt\nsample\t{}\t{}\nbroken\tbad.txt\t{}\nudhr\t{}\t{}\n",
        s(&en),
        s(&ar),
        s(&ar),
        s(&corpus("udhr/en.txt")),
        s(&corpus("udhr/ar.txt")),
    );
    let manifest = wd.write("pairs.tsv", manifest);
    let run = |dir: &str, threads: &str| {
        mizan(&[
            "batch",
            "--manifest",
            s(&manifest),
            "--out-dir",
            s(&wd.path(dir)),
            "-j",
            threads,
            "--summary-json",
            s(&wd.path(&format!("{dir}.json"))),
        ])
    };
    let one = run("one", "1");
    assert_eq!(
        one.status.code(),
        Some(1),
        "a failed pair makes the exit code 1"
    );
    let err = String::from_utf8_lossy(&one.stderr);
    assert!(
        err.contains("pair broken:") && err.contains("bad.txt") && err.contains("invalid UTF-8"),
        "{err}"
    );
    let two = run("two", "2");
    assert_eq!(two.status.code(), Some(1));
    for name in ["sample.tsv", "udhr.tsv"] {
        let a = fs::read(wd.path("one").join(name)).expect("output written");
        assert_eq!(a, fs::read(wd.path("two").join(name)).unwrap(), "{name}");
    }
    assert!(!wd.path("one").join("broken.tsv").exists());
    let summary = fs::read_to_string(wd.path("one.json")).unwrap();
    for field in ["\"done\": 2", "\"failed\": 1", "\"id\": \"broken\""] {
        assert!(summary.contains(field), "{summary}");
    }
    let resumed = mizan(&[
        "batch",
        "--manifest",
        s(&manifest),
        "--out-dir",
        s(&wd.path("one")),
        "--resume",
        "--summary-json",
        s(&wd.path("resumed.json")),
    ]);
    assert_eq!(resumed.status.code(), Some(1));
    let summary = fs::read_to_string(wd.path("resumed.json")).unwrap();
    // Nothing aligned this run: no mean confidence rather than a mean of nothing.
    for field in ["\"skipped\": 2", "\"mean_confidence\": null"] {
        assert!(summary.contains(field), "{summary}");
    }
    let err = String::from_utf8_lossy(&resumed.stderr);
    assert!(
        err.contains("3 pairs: 0 done, 2 skipped, 1 failed") && err.contains("mean confidence n/a"),
        "{err}"
    );
}

/// `mizan batch` on directories `src` and `tgt` of `wd`, beads into `out`, quietly.
fn batch_directories(wd: &Workdir, src: &str, tgt: &str) -> std::process::Output {
    mizan(&[
        "batch",
        "--src-dir",
        s(&wd.path(src)),
        "--tgt-dir",
        s(&wd.path(tgt)),
        "--out-dir",
        s(&wd.path("out")),
        "--format",
        "beads",
        "--quiet",
    ])
}

#[test]
fn batch_pairs_directories_by_name() {
    let wd = Workdir::new();
    fs::create_dir(wd.path("en")).unwrap();
    fs::create_dir(wd.path("ar")).unwrap();
    wd.write("en/a.en.txt", "Hamas holds 200 hostages. Qatar mediates.\n");
    wd.write("ar/a.ar.txt", "تحتجز حماس ٢٠٠ رهينة. وتتوسط قطر.\n");
    wd.write("en/b.txt", "One sentence.\n");
    wd.write("ar/b.txt", "جملة واحدة.\n");
    let out = batch_directories(&wd, "en", "ar");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "quiet");
    let a = fs::read_to_string(wd.path("out/a.beads")).unwrap();
    let beads: Vec<&str> = a.lines().map(|l| l.rsplit_once(':').unwrap().0).collect();
    assert_eq!(beads, vec!["[0]:[0]", "[1]:[1]"]);
    assert!(wd.path("out/b.beads").exists());
}

#[test]
fn batch_given_one_directory_pairs_its_source_files_with_their_translations() {
    let wd = Workdir::new();
    fs::create_dir(wd.path("both")).unwrap();
    wd.write(
        "both/a.en.txt",
        "Hamas holds 200 hostages. Qatar mediates.\n",
    );
    wd.write("both/a.ar.txt", "تحتجز حماس ٢٠٠ رهينة. وتتوسط قطر.\n");
    wd.write("both/b.en.txt", "No translation of this one.\n");
    wd.write("both/notes.txt", "Not a document.\n");
    let out = batch_directories(&wd, "both", "both");
    // b has no Arabic file: it fails and is named; nothing is paired with itself.
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pair b:") && err.contains("b.ar.txt"), "{err}");
    let mut written: Vec<String> = fs::read_dir(wd.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, vec!["a.beads"]);
}

/// With one lexicon learned over each language pair's documents, strict F1 on the noisy
/// variants stays within .05 of the clean figure on every gold set.
#[test]
fn corpus_lexicon_keeps_noisy_drop_within_five_points() {
    let out = stdout(&mizan(&[
        "eval-corpora",
        "--noisy",
        "--learn-lexicon",
        s(&corpus("eval.tsv")),
    ]));
    for line in out.lines().skip(2) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let drop: f64 = cells[11].parse().unwrap();
        assert!(drop <= 0.05, "{} drops by {drop}\n{out}", cells[1]);
    }
    let sets = fs::read_to_string(corpus("eval.tsv")).unwrap();
    let sets: std::collections::HashSet<&str> = sets
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert_eq!(
        out.lines().count(),
        2 + sets.len(),
        "every set scored\n{out}"
    );
}

#[test]
fn stream_answers_each_line_in_order_and_names_a_bad_line() {
    let input = concat!(
        r#"{"id": "a", "src": "Hamas holds 200 hostages. Qatar mediates.", "tgt": "تحتجز حماس ٢٠٠ رهينة. وتتوسط قطر."}"#,
        "\n",
        r#"{"id": 7, "src": "Un.\nDeux.", "tgt": "Eins.\nZwei.", "src_lang": "fr", "tgt_lang": "de"}"#,
        "\n",
        "not json\n",
        r#"{"id": "last", "src": "One.", "tgt": "واحد."}"#,
        "\n",
    );
    let out = mizan_stdin(&["stream", "--on-error", "skip"], input);
    let text = stdout(&out);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "one output line per input line");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["beads"][0]["src"], serde_json::json!([0]));
    assert_eq!(lines[0]["beads"][1]["tgt_text"], "وتتوسط قطر.");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[2]["line"], 3);
    assert!(
        lines[2]["error"]
            .as_str()
            .unwrap()
            .contains("not a document pair")
    );
    assert_eq!(lines[3]["id"], "last");

    let failed = mizan_stdin(&["stream"], input);
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("<stdin>:3:"));
    assert_eq!(
        String::from_utf8_lossy(&failed.stdout).lines().count(),
        2,
        "lines before the bad one are written"
    );

    let tsv = stdout(&mizan_stdin(
        &["stream", "--format", "tsv", "--on-error", "skip"],
        input,
    ));
    assert!(
        tsv.lines()
            .next()
            .unwrap()
            .starts_with("a\t1\t1\tHamas holds 200 hostages.\t"),
        "{tsv}"
    );
}

#[test]
fn max_sentences_refuses_large_documents_clearly() {
    let wd = Workdir::new();
    let big = wd.write("big.txt", "One.\nTwo.\nThree.\n");
    let small = wd.write("small.txt", "One.\n");
    let out = mizan(&[
        "align",
        "--presegmented",
        "--max-sentences",
        "2",
        s(&small),
        s(&big),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("big.txt: 3 sentences, more than --max-sentences 2"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn qa_reports_flags_and_one_to_one_share() {
    let out = stdout(&mizan(&[
        "qa",
        s(&corpus("qatar-talks/en.txt")),
        s(&corpus("qatar-talks/ar.txt")),
        "--worst",
        "2",
    ]));
    assert!(out.contains("sentences: 33 source, 30 target"), "{out}");
    assert!(out.contains("flags: added 1, omitted 4"), "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("  ")).count(),
        2,
        "{out}"
    );
}

#[test]
fn moses_writes_two_line_aligned_files() {
    let wd = Workdir::new();
    let prefix = wd.path("corpus");
    stdout(&mizan(&[
        "align",
        "--format",
        "moses",
        "--out-prefix",
        s(&prefix),
        s(&corpus("qatar-talks/en.txt")),
        s(&corpus("qatar-talks/ar.txt")),
    ]));
    let en = fs::read_to_string(wd.path("corpus.en")).unwrap();
    let ar = fs::read_to_string(wd.path("corpus.ar")).unwrap();
    assert_eq!(en.lines().count(), 28, "aligned beads only");
    assert_eq!(en.lines().count(), ar.lines().count());
    assert_eq!(
        (en.lines().next(), ar.lines().next()),
        (Some("Qatar"), Some("قطر"))
    );
    let out = mizan(&["align", "--format", "moses", s(&prefix), s(&prefix)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn directories_and_missing_files_are_input_errors() {
    let wd = Workdir::new();
    let text = wd.write("a.txt", "One.\n");
    for (src, tgt, expected) in [
        (wd.dir.path().to_path_buf(), text.clone(), "cannot read"),
        (
            wd.path("missing.txt"),
            text.clone(),
            "missing.txt: cannot read",
        ),
    ] {
        let out = mizan(&["align", s(&src), s(&tgt)]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{err}");
        assert!(out.stdout.is_empty());
    }
    let binary = wd.write("doc.pdf", [b"%PDF-1.7\n".as_slice(), &[0u8; 100]].concat());
    let out = mizan(&["align", s(&binary), s(&text)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary file"));
}
