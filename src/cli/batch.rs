//! `mizan batch`: many document pairs aligned in parallel, one output file per pair.
//!
//! Pairs come from a manifest or from two directories paired by file name. Each pair is
//! read, aligned and written on its own: a pair that fails is reported with its id and
//! the reason while the others go on, and the exit code says that something failed.
//! Outputs are written to a temporary name and renamed, so a crash never leaves a
//! half-written file, and `--resume` can skip what is already done. Results are
//! collected in input order, so the output does not depend on the number of threads.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use mizan::error::{Error, Result};
use mizan::formats::{self, Format};
use mizan::input;
use mizan::pipeline::{self, Config, align_texts};

use super::args::{AlignOptions, BatchArgs};
use super::{align_checked, config, format, pool_lexicons, write_output};

/// One document pair to align.
#[derive(Debug)]
struct Pair {
    id: String,
    src: PathBuf,
    tgt: PathBuf,
    src_lang: String,
    tgt_lang: String,
}

/// What happened to one pair.
enum Outcome {
    Done(PairStats),
    Skipped,
    Failed(String),
}

#[derive(Default)]
struct PairStats {
    src_sentences: usize,
    tgt_sentences: usize,
    beads: BTreeMap<String, usize>,
    confidence_sum: f64,
}

/// The batch summary, on stderr and optionally as JSON.
#[derive(Serialize, Default)]
struct Summary {
    pairs: usize,
    done: usize,
    skipped: usize,
    failed: usize,
    src_sentences: usize,
    tgt_sentences: usize,
    beads_by_type: BTreeMap<String, usize>,
    /// None (JSON null) when no bead was aligned: every pair skipped or failed.
    mean_confidence: Option<f64>,
    seconds: f64,
    failures: Vec<Failure>,
}

#[derive(Serialize)]
struct Failure {
    id: String,
    reason: String,
}

pub fn run(a: &BatchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let languages = &a.options.languages;
    let pairs = match (&a.manifest, &a.src_dir, &a.tgt_dir) {
        (Some(manifest), _, _) => {
            read_manifest(manifest, &languages.src_lang, &languages.tgt_lang)?
        }
        (None, Some(src), Some(tgt)) => {
            pair_directories(src, tgt, &languages.src_lang, &languages.tgt_lang)?
        }
        _ => {
            return Err(Error::usage(
                "give --manifest FILE, or --src-dir DIR and --tgt-dir DIR",
            ));
        }
    };
    fs::create_dir_all(&a.out_dir).map_err(|e| Error::io(&a.out_dir, "create the directory", e))?;
    // Refuse a format batch cannot write (moses) before any work is done.
    format(&a.options, &languages.src_lang, &languages.tgt_lang)?;
    let mut configs = configs(&pairs, &a.options)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::usage(format!(
                "cannot start {} threads: {e}",
                a.threads.unwrap_or(0)
            ))
        })?;
    if a.learn_lexicon {
        pool.install(|| learn_corpus_lexicons(&pairs, &mut configs));
    }
    let progress = progress_bar(pairs.len() as u64, a.quiet);
    let outcomes: Vec<Outcome> = pool.install(|| {
        pairs
            .par_iter()
            .map(|pair| {
                let config = &configs[&(pair.src_lang.clone(), pair.tgt_lang.clone())];
                let outcome = process(pair, config, a);
                progress.inc(1);
                outcome
            })
            .collect()
    });
    progress.finish_and_clear();
    let summary = summarize(&pairs, outcomes, started.elapsed().as_secs_f64());
    for failure in &summary.failures {
        eprintln!("mizan: pair {}: {}", failure.id, failure.reason);
    }
    if !a.quiet {
        eprint!("{}", render(&summary));
    }
    if let Some(path) = &a.summary_json {
        let json =
            serde_json::to_string_pretty(&summary).map_err(|e| Error::usage(e.to_string()))?;
        write_output(Some(path), |out| writeln!(out, "{json}"))?;
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// First pass over every pair: one lexicon per language pair, learned from the
/// confident beads of all its pairs, becomes that pair's corpus lexicon. Pairs that
/// cannot be read are left out here; the second pass reports them.
fn learn_corpus_lexicons(pairs: &[Pair], configs: &mut HashMap<(String, String), Config>) {
    let key = |p: &Pair| (p.src_lang.clone(), p.tgt_lang.clone());
    let learned = pool_lexicons(pairs, key, |pair| {
        let config = &configs[&key(pair)];
        Ok(
            match (input::read_text(&pair.src), input::read_text(&pair.tgt)) {
                (Ok(src), Ok(tgt)) => {
                    pipeline::confident_token_pairs(&align_texts(&src, &tgt, config), config)
                }
                _ => Vec::new(),
            },
        )
    });
    for (languages, lexicon) in learned.into_iter().flatten() {
        if let Some(config) = configs.get_mut(&languages) {
            config.corpus_lexicon = Some(lexicon);
        }
    }
}

/// One configuration per language pair, so that a dictionary is read once.
fn configs(pairs: &[Pair], options: &AlignOptions) -> Result<HashMap<(String, String), Config>> {
    let mut configs = HashMap::new();
    for pair in pairs {
        let key = (pair.src_lang.clone(), pair.tgt_lang.clone());
        if let std::collections::hash_map::Entry::Vacant(slot) = configs.entry(key) {
            slot.insert(config(options, &pair.src_lang, &pair.tgt_lang)?);
        }
    }
    Ok(configs)
}

fn process(pair: &Pair, config: &Config, a: &BatchArgs) -> Outcome {
    let options = &a.options;
    let format = match format(options, &pair.src_lang, &pair.tgt_lang) {
        Ok(format) => format,
        Err(err) => return Outcome::Failed(err.to_string()),
    };
    let output = a
        .out_dir
        .join(format!("{}.{}", pair.id, extension(&format)));
    if a.resume && output.exists() {
        return Outcome::Skipped;
    }
    let run = || -> Result<PairStats> {
        let src = input::read_text(&pair.src)?;
        let tgt = input::read_text(&pair.tgt)?;
        let alignment = align_checked(&src, &tgt, config, options, (&pair.src, &pair.tgt))?;
        write_output(Some(&output), |out| {
            formats::write(&alignment, &format, out)
        })?;
        let mut stats = PairStats {
            src_sentences: alignment.src.len(),
            tgt_sentences: alignment.tgt.len(),
            ..Default::default()
        };
        for bead in &alignment.beads {
            *stats.beads.entry(bead.shape().to_string()).or_default() += 1;
            stats.confidence_sum += bead.confidence as f64;
        }
        Ok(stats)
    };
    match run() {
        Ok(stats) => Outcome::Done(stats),
        Err(err) => Outcome::Failed(err.to_string()),
    }
}

fn extension(format: &Format) -> &'static str {
    match format {
        Format::Tsv => "tsv",
        Format::Beads => "beads",
        Format::Ladder => "ladder",
        Format::Jsonl => "jsonl",
        Format::Tmx(_) => "tmx",
        Format::Html(_) => "html",
        Format::Xlsx(_) => "xlsx",
    }
}

fn summarize(pairs: &[Pair], outcomes: Vec<Outcome>, seconds: f64) -> Summary {
    let mut summary = Summary {
        pairs: pairs.len(),
        seconds,
        ..Default::default()
    };
    let mut confidence_sum = 0.0;
    for (pair, outcome) in pairs.iter().zip(outcomes) {
        match outcome {
            Outcome::Done(stats) => {
                summary.done += 1;
                summary.src_sentences += stats.src_sentences;
                summary.tgt_sentences += stats.tgt_sentences;
                for (shape, n) in stats.beads {
                    *summary.beads_by_type.entry(shape).or_default() += n;
                }
                confidence_sum += stats.confidence_sum;
            }
            Outcome::Skipped => summary.skipped += 1,
            Outcome::Failed(reason) => {
                summary.failed += 1;
                summary.failures.push(Failure {
                    id: pair.id.clone(),
                    reason,
                });
            }
        }
    }
    let beads: usize = summary.beads_by_type.values().sum();
    summary.mean_confidence = (beads > 0).then(|| confidence_sum / beads as f64);
    summary
}

fn render(s: &Summary) -> String {
    let beads: Vec<String> = s
        .beads_by_type
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    let rate = (s.src_sentences + s.tgt_sentences) as f64 / s.seconds.max(1e-9);
    format!(
        "mizan batch: {} pair{}: {} done, {} skipped, {} failed; {} + {} sentences in {:.2} s \
         ({:.0} sentences/s); beads {}; mean confidence {}\n",
        s.pairs,
        if s.pairs == 1 { "" } else { "s" },
        s.done,
        s.skipped,
        s.failed,
        s.src_sentences,
        s.tgt_sentences,
        s.seconds,
        rate,
        if beads.is_empty() {
            "none".to_string()
        } else {
            beads.join(", ")
        },
        s.mean_confidence
            .map_or_else(|| "n/a".to_string(), |c| format!("{c:.3}"))
    )
}

/// A progress bar on stderr when it is a terminal, hidden otherwise or with --quiet.
fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pairs, {per_sec}, ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// Reads a manifest: `id<TAB>src<TAB>tgt[<TAB>src_lang<TAB>tgt_lang]` per line.
fn read_manifest(path: &Path, src_lang: &str, tgt_lang: &str) -> Result<Vec<Pair>> {
    let text = input::read_text(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut pairs: Vec<Pair> = Vec::new();
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if line.trim().is_empty() || line.starts_with('#') || (n == 0 && fields[0] == "id") {
            continue;
        }
        if !matches!(fields.len(), 3 | 5) {
            return Err(Error::parse(
                path,
                n + 1,
                format!(
                    "expected 3 or 5 tab-separated fields (id, src, tgt[, src_lang, tgt_lang]), found {}",
                    fields.len()
                ),
            ));
        }
        let id = fields[0];
        check_id(id).map_err(|message| Error::parse(path, n + 1, message))?;
        if !ids.insert(id.to_string()) {
            return Err(Error::parse(
                path,
                n + 1,
                format!("id `{id}` appears twice; ids name the output files"),
            ));
        }
        let (s, t) = if fields.len() == 5 {
            (fields[3], fields[4])
        } else {
            (src_lang, tgt_lang)
        };
        pairs.push(Pair {
            id: id.to_string(),
            src: base.join(fields[1]),
            tgt: base.join(fields[2]),
            src_lang: s.to_string(),
            tgt_lang: t.to_string(),
        });
    }
    Ok(pairs)
}

/// An id becomes a file name in the output directory.
fn check_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() || id.starts_with('.') || id.contains(['/', '\\', '\0']) {
        return Err(format!(
            "id `{id}` cannot name an output file (no slashes, not empty, not starting with a dot)"
        ));
    }
    Ok(())
}

/// Pairs the files of two directories: `x.en.txt` in the source directory with
/// `x.ar.txt` in the target one, else the same file name. Source files without a
/// partner are pairs that fail, so that they are reported. Given one directory for both
/// sides, only the files named for the source language are sources (each file was
/// otherwise paired with itself, the target files too).
fn pair_directories(
    src_dir: &Path,
    tgt_dir: &Path,
    src_lang: &str,
    tgt_lang: &str,
) -> Result<Vec<Pair>> {
    let list = |dir: &Path| -> Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, "list", e))? {
            let entry = entry.map_err(|e| Error::io(dir, "list", e))?;
            if entry.path().is_file() {
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        names.sort();
        Ok(names)
    };
    let targets = list(tgt_dir)?;
    let one_dir = fs::canonicalize(src_dir)
        .ok()
        .is_some_and(|dir| fs::canonicalize(tgt_dir).ok() == Some(dir));
    let mut pairs = Vec::new();
    for name in list(src_dir)? {
        let marker = format!(".{src_lang}.");
        let (id, tgt_name) = match name.find(&marker) {
            Some(at) => (
                name[..at].to_string(),
                name.replacen(&marker, &format!(".{tgt_lang}."), 1),
            ),
            None if one_dir => continue,
            None => (
                name.rsplit_once('.')
                    .map_or(name.clone(), |(stem, _)| stem.to_string()),
                name.clone(),
            ),
        };
        let tgt_name = if one_dir || targets.contains(&tgt_name) {
            tgt_name
        } else {
            name.clone()
        };
        pairs.push(Pair {
            id,
            src: src_dir.join(&name),
            tgt: tgt_dir.join(&tgt_name),
            src_lang: src_lang.to_string(),
            tgt_lang: tgt_lang.to_string(),
        });
    }
    let mut seen = HashMap::new();
    for pair in &pairs {
        if let Some(other) = seen.insert(pair.id.clone(), pair.src.clone()) {
            return Err(Error::usage(format!(
                "{} and {} would both be written as `{}`; rename one",
                other.display(),
                pair.src.display(),
                pair.id
            )));
        }
    }
    Ok(pairs)
}
