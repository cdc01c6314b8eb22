//! `mizan eval-corpora`: aligns every document of every gold set in a manifest and
//! prints strict and lax scores per set, micro-averaged over the set's documents.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use mizan::error::{Error, Result};
use mizan::eval::{self, Counts};
use mizan::input;
use mizan::pipeline::{Config, align_texts};

use super::{profile, read_beads, write_output};

/// One document of the manifest.
struct Entry {
    set: String,
    src: PathBuf,
    tgt: PathBuf,
    gold: PathBuf,
    src_lang: String,
    tgt_lang: String,
}

pub fn run(manifest: &Path, overrides: &[String]) -> Result<ExitCode> {
    let entries = read_manifest(manifest)?;
    let results: Vec<Result<Counts>> = entries.par_iter().map(|e| score(e, overrides)).collect();
    let mut sets: Vec<(String, usize, Counts)> = Vec::new();
    let mut failed = false;
    for (entry, result) in entries.iter().zip(results) {
        let counts = match result {
            Ok(counts) => counts,
            Err(err) => {
                eprintln!("mizan: {}: {err}", entry.set);
                failed = true;
                continue;
            }
        };
        match sets.iter_mut().find(|(name, _, _)| *name == entry.set) {
            Some((_, docs, total)) => {
                *docs += 1;
                *total += counts;
            }
            None => sets.push((entry.set.clone(), 1, counts)),
        }
    }
    write_output(None, |out| {
        writeln!(
            out,
            "| set | docs | strict P | strict R | strict F1 | lax P | lax R | lax F1 |"
        )?;
        writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
        for (name, docs, counts) in &sets {
            let s = counts.scores();
            writeln!(
                out,
                "| {name} | {docs} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                s.strict.precision,
                s.strict.recall,
                s.strict.f1,
                s.lax.precision,
                s.lax.recall,
                s.lax.f1
            )?;
        }
        Ok(())
    })?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn score(entry: &Entry, overrides: &[String]) -> Result<Counts> {
    let src = input::read_text(&entry.src)?;
    let tgt = input::read_text(&entry.tgt)?;
    let gold = read_beads(&entry.gold)?;
    let mut config = Config::new(profile(&entry.src_lang), profile(&entry.tgt_lang));
    config.presegmented = true;
    for assignment in overrides {
        config.set(assignment).map_err(Error::usage)?;
    }
    let alignment = align_texts(&src, &tgt, &config);
    let test: Vec<eval::IdBead> = alignment
        .beads
        .iter()
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect();
    Ok(eval::count(&gold, &test))
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
