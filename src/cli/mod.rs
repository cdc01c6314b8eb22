//! The subcommands: each reads its inputs, calls the library and writes the result.

pub mod args;
mod batch;
mod corpora;
mod realign;
mod stream;

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use mizan::error::{Error, Result};
use mizan::formats::html::HtmlOptions;
use mizan::formats::tmx::{self, TmxOptions};
use mizan::formats::xlsx::XlsxOptions;
use mizan::formats::{self, Format};
use mizan::lang::{self, LanguageProfile, Script};
use mizan::lexicon::{self, Lexicon};
use mizan::noise::{self, NoiseParams};
use mizan::pipeline::{self, Alignment, Config, TokenPair};
use mizan::{eval, input, segment};

use args::{
    AlignArgs, AlignOptions, Args, Command, EvalArgs, FormatArg, NoiseArgs, QaArgs, SegmentArgs,
};

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Align(a) => align(a),
        Command::Batch(a) => batch::run(&a),
        Command::Realign(a) => realign::run(&a),
        Command::Qa(a) => qa(&a),
        Command::Stream(a) => stream::run(&a),
        Command::Segment(a) => segment(a),
        Command::Eval(a) => evaluate(a),
        Command::EvalCorpora(a) => {
            let options = corpora::Options {
                overrides: &a.overrides,
                dictionary: a.dict.as_deref(),
                learn_lexicon: a.learn_lexicon,
                noise_seeds: if a.noisy {
                    (1..=a.seeds).collect()
                } else {
                    Vec::new()
                },
            };
            corpora::run(&a.manifest, &options)
        }
        Command::Noise(a) => noise(a),
    }
}

/// The profile for a language code, warning on stderr when it is not a known one.
pub fn profile(code: &str) -> LanguageProfile {
    let profile = lang::profile(code);
    if !profile.known {
        eprintln!("mizan: warning: no profile for language '{code}'; using the generic profile");
    }
    profile
}

/// The validated configuration of `align` and `batch` for one language pair.
pub fn config(options: &AlignOptions, src_lang: &str, tgt_lang: &str) -> Result<Config> {
    let mut config = Config::new(profile(src_lang), profile(tgt_lang));
    config.presegmented = options.presegmented;
    config.set_max_bead(options.max_bead as usize);
    config.core_lexicon = !options.no_core_lexicon;
    if let Some(path) = &options.dict {
        config.dictionary = Some(read_dictionary(path, &config)?);
    }
    Ok(config)
}

/// The output format asked for (TSV when none was), for a pair of these languages.
/// Moses writes two files and is handled by `align` itself.
pub fn format(options: &AlignOptions, src_lang: &str, tgt_lang: &str) -> Result<Format> {
    Ok(match options.format.unwrap_or(FormatArg::Tsv) {
        FormatArg::Tsv => Format::Tsv,
        FormatArg::Beads => Format::Beads,
        FormatArg::Ladder => Format::Ladder,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Html => Format::Html(HtmlOptions {
            title: format!("mizan: {src_lang} – {tgt_lang} alignment"),
            src_lang: src_lang.to_string(),
            tgt_lang: tgt_lang.to_string(),
            src_rtl: lang::profile(src_lang).script == Script::Arabic,
            tgt_rtl: lang::profile(tgt_lang).script == Script::Arabic,
        }),
        FormatArg::Xlsx => Format::Xlsx(XlsxOptions {
            src_rtl: lang::profile(src_lang).script == Script::Arabic,
            tgt_rtl: lang::profile(tgt_lang).script == Script::Arabic,
        }),
        FormatArg::Moses => {
            return Err(Error::usage(
                "--format moses is for `mizan align --out-prefix PREFIX`",
            ));
        }
        FormatArg::Tmx => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            Format::Tmx(TmxOptions {
                src_lang: options
                    .tmx_src_lang
                    .clone()
                    .unwrap_or_else(|| src_lang.to_string()),
                tgt_lang: options
                    .tmx_tgt_lang
                    .clone()
                    .unwrap_or_else(|| tgt_lang.to_string()),
                creation_date: tmx::tmx_date(now),
                include_unaligned: options.tmx_include_unaligned,
            })
        }
    })
}

/// Aligns two texts, refusing documents over `--max-sentences` with a clear error.
pub fn align_checked<'a>(
    src: &'a str,
    tgt: &'a str,
    config: &Config,
    options: &AlignOptions,
    names: (&Path, &Path),
) -> Result<Alignment<'a>> {
    pipeline::align_limited(src, tgt, config, options.max_sentences).map_err(|(side, count)| {
        let path = if side == "source" { names.0 } else { names.1 };
        too_many_sentences(path, count, options.max_sentences)
    })
}

/// The error for a document over `--max-sentences`.
fn too_many_sentences(path: &Path, count: usize, limit: usize) -> Error {
    Error::usage(format!(
        "{}: {count} sentences, more than --max-sentences {limit}; split the document or raise the limit",
        path.display(),
    ))
}

/// Where `align` writes: one stream in a format, or two Moses files.
enum AlignOutput<'a> {
    Stream(Format),
    Moses(&'a Path),
}

fn align(a: AlignArgs) -> Result<ExitCode> {
    let output = align_output(&a)?;
    let start = std::time::Instant::now();
    // Both files at once (reading and checking the UTF-8 of a long pair took 25 ms);
    // a source that fails is reported first, as when they were read in turn.
    let (src, tgt) = rayon::join(|| input::read_text(&a.src), || input::read_text(&a.tgt));
    let (src, tgt) = (src?, tgt?);
    let read = start.elapsed();
    let languages = &a.options.languages;
    let config = config(&a.options, &languages.src_lang, &languages.tgt_lang)?;
    let alignment = align_checked(&src, &tgt, &config, &a.options, (&a.src, &a.tgt))?;
    let written = std::time::Instant::now();
    write_alignment(&a, output, &alignment)?;
    if a.timings {
        let stages = std::iter::once(("read", read))
            .chain(alignment.timings.stages.iter().copied())
            .chain([("write", written.elapsed()), ("total", start.elapsed())]);
        for (stage, took) in stages {
            eprintln!("{stage:>22}  {:9.1} ms", took.as_secs_f64() * 1e3);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where `align` (or `realign`) writes, checked before any work so that a usage error
/// costs nothing.
fn align_output(a: &AlignArgs) -> Result<AlignOutput<'_>> {
    let languages = &a.options.languages;
    Ok(match (a.options.format, &a.out_prefix) {
        (Some(FormatArg::Moses), Some(prefix)) => AlignOutput::Moses(prefix),
        (Some(FormatArg::Moses), None) => {
            return Err(Error::usage(
                "--format moses writes two files: give --out-prefix PREFIX",
            ));
        }
        (Some(FormatArg::Xlsx), _) if a.output.is_none() && std::io::stdout().is_terminal() => {
            return Err(Error::usage(
                "--format xlsx writes a binary file: give -o FILE.xlsx",
            ));
        }
        _ => AlignOutput::Stream(format(
            &a.options,
            &languages.src_lang,
            &languages.tgt_lang,
        )?),
    })
}

/// Writes an alignment where `align_output` said.
fn write_alignment(a: &AlignArgs, output: AlignOutput, alignment: &Alignment) -> Result<()> {
    let languages = &a.options.languages;
    match output {
        AlignOutput::Stream(format) => write_output(a.output.as_deref(), |out| {
            formats::write(alignment, &format, out)
        }),
        AlignOutput::Moses(prefix) => {
            let (src_lines, tgt_lines) = formats::moses_lines(alignment);
            for (lang, lines) in [
                (&languages.src_lang, src_lines),
                (&languages.tgt_lang, tgt_lines),
            ] {
                let mut path = prefix.as_os_str().to_owned();
                path.push(format!(".{lang}"));
                write_output(Some(Path::new(&path)), |out| {
                    lines.iter().try_for_each(|line| writeln!(out, "{line}"))
                })?;
            }
            Ok(())
        }
    }
}

/// A short QA report of one pair: what a reviewer checks before reading the rows.
fn qa(a: &QaArgs) -> Result<ExitCode> {
    let src = input::read_text(&a.src)?;
    let tgt = input::read_text(&a.tgt)?;
    let languages = &a.options.languages;
    let config = config(&a.options, &languages.src_lang, &languages.tgt_lang)?;
    let alignment = align_checked(&src, &tgt, &config, &a.options, (&a.src, &a.tgt))?;
    let beads = &alignment.beads;
    let mut flags: std::collections::BTreeMap<&str, usize> = Default::default();
    for bead in beads {
        for flag in &bead.review.flags {
            *flags.entry(flag.name()).or_default() += 1;
        }
    }
    let one_to_one = beads
        .iter()
        .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
        .count();
    let sentences = alignment.src.len() + alignment.tgt.len();
    let mut worst: Vec<_> = beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        .collect();
    worst.sort_by(|x, y| x.confidence.total_cmp(&y.confidence));
    write_output(None, |out| {
        writeln!(out, "{} / {}", a.src.display(), a.tgt.display())?;
        writeln!(
            out,
            "sentences: {} source, {} target; beads: {}; aligned one-to-one: {} of {} sentences ({:.0}%)",
            alignment.src.len(),
            alignment.tgt.len(),
            beads.len(),
            2 * one_to_one,
            sentences,
            if sentences > 0 {
                200.0 * one_to_one as f64 / sentences as f64
            } else {
                0.0
            }
        )?;
        let counts: Vec<String> = flags.iter().map(|(k, v)| format!("{k} {v}")).collect();
        writeln!(
            out,
            "flags: {}",
            if counts.is_empty() {
                "none".to_string()
            } else {
                counts.join(", ")
            }
        )?;
        writeln!(out, "least confident rows:")?;
        for bead in worst.iter().take(a.worst) {
            let flags: Vec<&str> = bead.review.flags.iter().map(|f| f.name()).collect();
            writeln!(
                out,
                "  {:.3}  src {} / tgt {}  {}  {}",
                bead.confidence,
                formats::tsv::numbers(&bead.src),
                formats::tsv::numbers(&bead.tgt),
                flags.join(","),
                bead.review.note
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn segment(a: SegmentArgs) -> Result<ExitCode> {
    let text = input::read_text(&a.file)?;
    let profile = profile(&a.lang);
    let sentences = segment::segment(&text, &profile);
    write_output(None, |out| {
        for s in &sentences {
            // One sentence per line: a line break inside a sentence becomes a space.
            let line: Vec<&str> = text[s.range.clone()]
                .split(['\n', '\r'])
                .map(str::trim)
                .collect();
            writeln!(out, "{}", line.join(" "))?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn noise(a: NoiseArgs) -> Result<ExitCode> {
    let src = input::read_text(&a.src)?;
    let tgt = input::read_text(&a.tgt)?;
    let gold = read_beads(&a.gold)?;
    let params = NoiseParams {
        seed: a.seed,
        ..NoiseParams::default()
    };
    let lines = (
        noise::boilerplate(&a.languages.src_lang),
        noise::boilerplate(&a.languages.tgt_lang),
    );
    let pair = noise::make_noisy(
        &corpora::units(&src),
        &corpora::units(&tgt),
        &gold,
        &params,
        lines,
    );
    let dir = &a.out_dir;
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the directory", e))?;
    let src_text = noise::to_text(&pair.src);
    let tgt_text = noise::to_text(&pair.tgt);
    write_output(Some(&dir.join("src.txt")), |out| {
        out.write_all(src_text.as_bytes())
    })?;
    write_output(Some(&dir.join("tgt.txt")), |out| {
        out.write_all(tgt_text.as_bytes())
    })?;
    write_output(Some(&dir.join("gold.txt")), |out| {
        for (s, t) in &pair.gold {
            writeln!(out, "{s:?}:{t:?}")?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn evaluate(a: EvalArgs) -> Result<ExitCode> {
    if a.gold.len() != a.test.len() {
        return Err(Error::usage(format!(
            "--gold has {} files and --test has {}; give one test file per gold file, in the same order",
            a.gold.len(),
            a.test.len()
        )));
    }
    let mut counts = eval::Counts::default();
    for (gold, test) in a.gold.iter().zip(&a.test) {
        counts += eval::count(&read_beads(gold)?, &read_beads(test)?);
    }
    let s = counts.scores();
    write_output(None, |out| {
        writeln!(out, "\tprecision\trecall\tf1")?;
        writeln!(
            out,
            "strict\t{:.4}\t{:.4}\t{:.4}",
            s.strict.precision, s.strict.recall, s.strict.f1
        )?;
        writeln!(
            out,
            "lax\t{:.4}\t{:.4}\t{:.4}",
            s.lax.precision, s.lax.recall, s.lax.f1
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Learns one lexicon per language pair from the confident beads of all `items` of that
/// pair (`sample` aligns one item and returns its token pairs), in parallel.
pub fn pool_lexicons<T: Sync>(
    items: &[T],
    languages: impl Fn(&T) -> (String, String) + Sync,
    sample: impl Fn(&T) -> Result<Vec<TokenPair>> + Sync,
) -> Result<HashMap<(String, String), Lexicon>> {
    let samples: Vec<Result<Vec<TokenPair>>> = items.par_iter().map(&sample).collect();
    let mut pooled: HashMap<(String, String), Vec<TokenPair>> = HashMap::new();
    for (item, sample) in items.iter().zip(samples) {
        pooled.entry(languages(item)).or_default().extend(sample?);
    }
    Ok(pooled
        .into_iter()
        .map(|(k, v)| (k, pipeline::learn_pooled(&v)))
        .collect())
}

/// Where Debian's dictd packages (dict-freedict-*) install their dictionaries.
const DICTD_DIR: &str = "/usr/share/dictd";

/// Reads `--dict`: `freedict` (the installed FreeDict dictionaries of the language pair,
/// both directions), a dictd `.index` file (its `.dict.dz` or `.dict` beside it), or a
/// TSV / hunalign `.dic` file.
pub fn read_dictionary(path: &Path, config: &Config) -> Result<Lexicon> {
    let (src, tgt) = (&config.src_lang, &config.tgt_lang);
    if path.as_os_str() == "freedict" {
        let (Some(s), Some(t)) = (iso639_3(&src.code), iso639_3(&tgt.code)) else {
            return Err(Error::usage(format!(
                "no FreeDict dictionary is known for {}-{}; give a dictionary file instead",
                src.code, tgt.code
            )));
        };
        let mut lexicon = Lexicon::default();
        let mut found = false;
        for (from, to, reversed) in [(s, t, false), (t, s, true)] {
            let index = Path::new(DICTD_DIR).join(format!("freedict-{from}-{to}.index"));
            if index.exists() {
                lexicon.extend(read_dictd(&index, config, reversed)?);
                found = true;
            }
        }
        if !found {
            return Err(Error::usage(format!(
                "no FreeDict dictionary for {s}-{t} in {DICTD_DIR}; Debian packages \
                 some pairs as dict-freedict-{s}-{t} or dict-freedict-{t}-{s} \
                 (`apt-cache search dict-freedict` lists them), or give a dictionary file"
            )));
        }
        return Ok(lexicon);
    }
    if path.extension().is_some_and(|e| e == "index") {
        return read_dictd(path, config, false);
    }
    let text = input::read_text(path)?;
    lexicon::parse_dictionary(&text, src, tgt)
        .map_err(|(line, message)| Error::parse(path, line, message))
}

fn read_dictd(index_path: &Path, config: &Config, reversed: bool) -> Result<Lexicon> {
    let index = input::read_text(index_path)?;
    let compressed = index_path.with_extension("dict.dz");
    let data = if compressed.exists() {
        let file = fs::File::open(&compressed).map_err(|e| Error::io(&compressed, "read", e))?;
        let mut data = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut data)
            .map_err(|e| Error::io(&compressed, "decompress", e))?;
        data
    } else {
        let plain = index_path.with_extension("dict");
        fs::read(&plain).map_err(|e| Error::io(&plain, "read", e))?
    };
    Ok(lexicon::parse_dictd(
        &index,
        &data,
        &config.src_lang,
        &config.tgt_lang,
        reversed,
    ))
}

/// ISO 639-3 codes FreeDict uses in its file names.
fn iso639_3(code: &str) -> Option<&'static str> {
    Some(match code {
        "en" => "eng",
        "ar" => "ara",
        "de" => "deu",
        "fr" => "fra",
        "es" => "spa",
        "it" => "ita",
        "pt" => "por",
        "nl" => "nld",
        "ru" => "rus",
        "tr" => "tur",
        _ => return None,
    })
}

pub fn read_beads(path: &Path) -> Result<Vec<eval::IdBead>> {
    let text = input::read_text(path)?;
    eval::parse_beads(&text).map_err(|(line, message)| Error::parse(path, line, message))
}

/// Runs `body` on stdout or on a temporary file that is renamed to `path` only once it
/// is complete, so that a failure never leaves a half-written output file.
pub fn write_output(
    path: Option<&Path>,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let Some(path) = path else {
        let stdout = io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        return body(&mut out)
            .and_then(|_| out.flush())
            .map_err(|e| Error::io(Path::new("<stdout>"), "write", e));
    };
    let temporary = temporary_path(path);
    let result = fs::File::create(&temporary).and_then(|file| {
        let mut out = BufWriter::new(file);
        body(&mut out)?;
        // No fsync: the rename already guarantees that a crashed run leaves either the
        // old file or the whole new one; syncing every file of a batch cost more than
        // a tenth of its time.
        out.into_inner().map_err(|e| e.into_error()).map(drop)
    });
    if let Err(e) = result {
        let _ = fs::remove_file(&temporary);
        return Err(Error::io(path, "write", e));
    }
    fs::rename(&temporary, path).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        Error::io(path, "write", e)
    })
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.mizan-{}.tmp", std::process::id()))
}
