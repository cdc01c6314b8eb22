//! The subcommands: each reads its inputs, calls the library and writes the result.

pub mod args;
mod corpora;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mizan::error::{Error, Result};
use mizan::formats::{self, Format};
use mizan::lang::{self, LanguageProfile};
use mizan::noise::{self, NoiseParams};
use mizan::pipeline::{Config, align_texts};
use mizan::{eval, input, segment};

use args::{AlignArgs, Args, Command, EvalArgs, FormatArg, NoiseArgs, SegmentArgs};

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Align(a) => align(a),
        Command::Segment(a) => segment(a),
        Command::Eval(a) => evaluate(a),
        Command::EvalCorpora(a) => {
            let options = corpora::Options {
                overrides: &a.overrides,
                noise_seed: a.noisy.then_some(a.seed),
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

fn align(a: AlignArgs) -> Result<ExitCode> {
    let src = input::read_text(&a.src)?;
    let tgt = input::read_text(&a.tgt)?;
    let mut config = Config::new(
        profile(&a.languages.src_lang),
        profile(&a.languages.tgt_lang),
    );
    config.presegmented = a.presegmented;
    let alignment = align_texts(&src, &tgt, &config);
    let format = match a.format {
        FormatArg::Tsv => Format::Tsv,
        FormatArg::Beads => Format::Beads,
        FormatArg::Ladder => Format::Ladder,
    };
    write_output(a.output.as_deref(), |out| {
        formats::write(&alignment, format, out)
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
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
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
