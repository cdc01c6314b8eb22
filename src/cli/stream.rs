//! `mizan stream`: a filter for distributed engines. JSON Lines in on stdin, one
//! document pair per line; one line out per line in, same order, on stdout.
//!
//! Lines are read in chunks and each chunk is aligned in parallel, so memory stays
//! bounded and output order is input order whatever the thread count. A malformed line
//! stops the stream with its line number (exit 2), or with `--on-error skip` becomes an
//! error record and the stream goes on.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Deserialize;

use mizan::error::{Error, Result};
use mizan::formats::{jsonl, tsv};
use mizan::pipeline::{Alignment, Config};

use super::args::{FormatArg, OnError, StreamArgs};
use super::{align_checked, config};

/// Lines aligned together; enough to keep every core busy, small enough to stream.
const CHUNK: usize = 256;

/// One input record.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: serde_json::Value,
    src: String,
    tgt: String,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
}

pub fn run(a: &StreamArgs) -> Result<ExitCode> {
    let tsv_rows = match a.options.format {
        None | Some(FormatArg::Jsonl) => false,
        Some(FormatArg::Tsv) => true,
        Some(other) => {
            return Err(Error::usage(
                format!("stream writes jsonl or tsv, not {other:?}").to_lowercase(),
            ));
        }
    };
    let languages = &a.options.languages;
    let default_config = config(&a.options, &languages.src_lang, &languages.tgt_lang)?;
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut lines = stdin.lock().lines();
    let mut line_number = 0;
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        for line in lines.by_ref().take(CHUNK) {
            line_number += 1;
            let line = line.map_err(|e| Error::io(Path::new("<stdin>"), "read", e))?;
            chunk.push((line_number, line));
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<std::result::Result<String, LineError>> = chunk
            .par_iter()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(n, line)| process(*n, line, a, &default_config, tsv_rows))
            .collect();
        for result in results {
            match result {
                Ok(text) => out.write_all(text.as_bytes()),
                Err(e) if a.on_error == OnError::Skip => writeln!(
                    out,
                    "{}",
                    serde_json::json!({"id": e.id, "line": e.line, "error": e.message})
                ),
                Err(e) => {
                    out.flush()
                        .map_err(|e| Error::io(Path::new("<stdout>"), "write", e))?;
                    return Err(Error::parse(Path::new("<stdin>"), e.line, e.message));
                }
            }
            .map_err(|e| Error::io(Path::new("<stdout>"), "write", e))?;
        }
        out.flush()
            .map_err(|e| Error::io(Path::new("<stdout>"), "write", e))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Why a line could not be aligned.
struct LineError {
    id: serde_json::Value,
    line: usize,
    message: String,
}

/// Aligns one line.
fn process(
    line_number: usize,
    line: &str,
    a: &StreamArgs,
    default: &Config,
    tsv_rows: bool,
) -> std::result::Result<String, LineError> {
    let error = |id: &serde_json::Value, message: String| LineError {
        id: id.clone(),
        line: line_number,
        message,
    };
    let record: Record = serde_json::from_str(line).map_err(|e| {
        let id = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .map(|v| v["id"].clone())
            .unwrap_or_default();
        error(
            &id,
            format!("not a document pair ({{\"id\", \"src\", \"tgt\"}}): {e}"),
        )
    })?;
    let own;
    let config = match (&record.src_lang, &record.tgt_lang) {
        (None, None) => default,
        (s, t) => {
            let languages = &a.options.languages;
            let (s, t) = (
                s.as_deref().unwrap_or(&languages.src_lang),
                t.as_deref().unwrap_or(&languages.tgt_lang),
            );
            own = config(&a.options, s, t).map_err(|e| error(&record.id, e.to_string()))?;
            &own
        }
    };
    let names = (Path::new("src"), Path::new("tgt"));
    let alignment = align_checked(&record.src, &record.tgt, config, &a.options, names)
        .map_err(|e| error(&record.id, e.to_string()))?;
    Ok(if tsv_rows {
        rows(&record.id, &alignment)
    } else {
        format!("{}\n", jsonl::record(&alignment, Some(&record.id)))
    })
}

/// The reviewer's TSV rows (no header), each prefixed by the pair's id.
fn rows(id: &serde_json::Value, alignment: &Alignment) -> String {
    let id = match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut rows = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = tsv::write_rows(alignment, Some(&id), &mut rows);
    String::from_utf8_lossy(&rows).into_owned()
}
