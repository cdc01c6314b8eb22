//! `mizan eval-corpora`: aligns every document of every gold set in a manifest and
//! prints strict and lax scores per set, micro-averaged over the set's documents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use mizan::error::{Error, Result};
use mizan::eval::{self, Counts};
use mizan::lexicon::Lexicon;
use mizan::noise::{self, NoiseParams, Unit};
use mizan::pipeline::{self, Config, align_texts};
use mizan::{input, segment};

use super::{pool_lexicons, profile, read_beads, read_dictionary, write_output};

/// One document of the manifest.
struct Entry {
    set: String,
    src: PathBuf,
    tgt: PathBuf,
    gold: PathBuf,
    src_lang: String,
    tgt_lang: String,
}

/// What `eval-corpora` measures besides the clean sets.
pub struct Options<'a> {
    pub overrides: &'a [String],
    /// `--dict` for every pair.
    pub dictionary: Option<&'a Path>,
    /// Learn one lexicon per language pair over all documents, then realign with it.
    pub learn_lexicon: bool,
    /// Also score noisy variants of every document, one per seed (counts are summed).
    pub noise_seeds: Vec<u64>,
}

/// Counts of one document: clean, and noisy when asked for.
type DocCounts = (Counts, Option<Counts>);

pub fn run(manifest: &Path, options: &Options) -> Result<ExitCode> {
    let entries = read_manifest(manifest)?;
    // A dictionary is read once per language pair, not once per document.
    let mut dictionaries: HashMap<(String, String), Lexicon> = HashMap::new();
    if let Some(path) = options.dictionary {
        for e in &entries {
            let key = (e.src_lang.clone(), e.tgt_lang.clone());
            if let std::collections::hash_map::Entry::Vacant(slot) = dictionaries.entry(key) {
                let config = Config::new(profile(&e.src_lang), profile(&e.tgt_lang));
                match read_dictionary(path, &config) {
                    Ok(dictionary) => {
                        slot.insert(dictionary);
                    }
                    // FreeDict has no dictionary for some pairs (French–Arabic): those
                    // sets are scored without one rather than stopping the table.
                    Err(err) if path.as_os_str() == "freedict" => {
                        eprintln!("mizan: {err}; {} is scored without a dictionary", e.set);
                    }
                    Err(err) => return Err(err),
                }
            }
        }
    }
    let lexicons = if options.learn_lexicon {
        learn_corpus_lexicons(&entries, options, &dictionaries)?
    } else {
        HashMap::new()
    };
    let results: Vec<Result<DocCounts>> = entries
        .par_iter()
        .map(|e| {
            let key = (e.src_lang.clone(), e.tgt_lang.clone());
            let config = entry_config(e, options, dictionaries.get(&key), lexicons.get(&key))?;
            score(e, options, &config)
        })
        .collect();
    let mut sets: Vec<(String, usize, Counts, Counts)> = Vec::new();
    let mut failed = false;
    for (entry, result) in entries.iter().zip(results) {
        let (clean, noisy) = match result {
            Ok(counts) => counts,
            Err(err) => {
                eprintln!("mizan: {}: {err}", entry.set);
                failed = true;
                continue;
            }
        };
        let noisy = noisy.unwrap_or_default();
        match sets.iter_mut().find(|(name, ..)| *name == entry.set) {
            Some((_, docs, total, noisy_total)) => {
                *docs += 1;
                *total += clean;
                *noisy_total += noisy;
            }
            None => sets.push((entry.set.clone(), 1, clean, noisy)),
        }
    }
    let noisy = !options.noise_seeds.is_empty();
    write_output(None, |out| {
        write!(
            out,
            "| set | docs | strict P | strict R | strict F1 | lax P | lax R | lax F1 |"
        )?;
        if noisy {
            write!(out, " noisy strict F1 | noisy lax F1 | strict drop |")?;
        }
        writeln!(out)?;
        write!(out, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
        if noisy {
            write!(out, "---:|---:|---:|")?;
        }
        writeln!(out)?;
        for (name, docs, counts, noisy_counts) in &sets {
            let s = counts.scores();
            write!(
                out,
                "| {name} | {docs} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                s.strict.precision,
                s.strict.recall,
                s.strict.f1,
                s.lax.precision,
                s.lax.recall,
                s.lax.f1
            )?;
            if noisy {
                let n = noisy_counts.scores();
                let drop = s.strict.f1 - n.strict.f1;
                write!(out, " {:.3} | {:.3} | {drop:.3} |", n.strict.f1, n.lax.f1)?;
            }
            writeln!(out)?;
        }
        Ok(())
    })?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Learns one lexicon per language pair from the confident beads of all its documents
/// (no gold is read).
fn learn_corpus_lexicons(
    entries: &[Entry],
    options: &Options,
    dictionaries: &HashMap<(String, String), Lexicon>,
) -> Result<HashMap<(String, String), Lexicon>> {
    let key = |e: &Entry| (e.src_lang.clone(), e.tgt_lang.clone());
    pool_lexicons(entries, key, |e| {
        let config = entry_config(e, options, dictionaries.get(&key(e)), None)?;
        let (src, tgt) = (input::read_text(&e.src)?, input::read_text(&e.tgt)?);
        Ok(pipeline::confident_token_pairs(
            &align_texts(&src, &tgt, &config),
            &config,
        ))
    })
}

fn entry_config(
    entry: &Entry,
    options: &Options,
    dictionary: Option<&Lexicon>,
    corpus_lexicon: Option<&Lexicon>,
) -> Result<Config> {
    let mut config = Config::new(profile(&entry.src_lang), profile(&entry.tgt_lang));
    config.presegmented = true;
    for assignment in options.overrides {
        config.set(assignment).map_err(Error::usage)?;
    }
    config.dictionary = dictionary.cloned();
    config.corpus_lexicon = corpus_lexicon.cloned();
    Ok(config)
}

fn score(entry: &Entry, options: &Options, config: &Config) -> Result<DocCounts> {
    let src = input::read_text(&entry.src)?;
    let tgt = input::read_text(&entry.tgt)?;
    let gold = read_beads(&entry.gold)?;
    let clean = count(&src, &tgt, &gold, config);
    let lines = (
        noise::boilerplate(&entry.src_lang),
        noise::boilerplate(&entry.tgt_lang),
    );
    let noisy = (!options.noise_seeds.is_empty()).then(|| {
        let (src_units, tgt_units) = (units(&src), units(&tgt));
        let mut total = Counts::default();
        for &seed in &options.noise_seeds {
            let params = NoiseParams {
                seed,
                ..NoiseParams::default()
            };
            let pair = noise::make_noisy(&src_units, &tgt_units, &gold, &params, lines);
            let (src, tgt) = (noise::to_text(&pair.src), noise::to_text(&pair.tgt));
            total += count(&src, &tgt, &pair.gold, config);
        }
        total
    });
    Ok((clean, noisy))
}

fn count(src: &str, tgt: &str, gold: &[eval::IdBead], config: &Config) -> Counts {
    let alignment = align_texts(src, tgt, config);
    let test: Vec<eval::IdBead> = alignment
        .beads
        .iter()
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect();
    eval::count(gold, &test)
}

/// The presegmented units of a text, with their paragraphs.
pub fn units(text: &str) -> Vec<Unit> {
    segment::presegmented(text)
        .into_iter()
        .map(|s| Unit {
            text: text[s.range].to_string(),
            paragraph: s.paragraph,
        })
        .collect()
}

fn read_manifest(path: &Path) -> Result<Vec<Entry>> {
    let text = input::read_text(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut entries = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.as_bytes());
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = record.map_err(|e| Error::parse(path, line, e.to_string()))?;
        let field = |k: usize| record.get(k).unwrap_or("").trim().to_string();
        if record.len() != 6 {
            return Err(Error::parse(
                path,
                line,
                "expected 6 tab-separated columns: set, src, tgt, gold, src_lang, tgt_lang",
            ));
        }
        entries.push(Entry {
            set: field(0),
            src: base.join(field(1)),
            tgt: base.join(field(2)),
            gold: base.join(field(3)),
            src_lang: field(4),
            tgt_lang: field(5),
        });
    }
    Ok(entries)
}
