//! `mizan realign`: the second half of the correction round trip. Reads the table a
//! reviewer edited (the TSV or `.xlsx` spreadsheet `align` wrote), checks it against the
//! two texts, keeps the rows marked `confirmed` as they are, aligns the rest again and
//! writes the result with `align`'s output options.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use mizan::error::{Error, Result};
use mizan::formats::xlsx;
use mizan::pipeline::Document;
use mizan::review::{self, Place, Row};
use mizan::{input, realign};

use super::args::RealignArgs;
use super::{align_output, config, too_many_sentences, write_alignment};

/// Most row numbers a warning lists.
const LISTED_ROWS: usize = 5;

pub fn run(a: &RealignArgs) -> Result<ExitCode> {
    let args = &a.align;
    let output = align_output(args)?;
    let src_text = input::read_text(&args.src)?;
    let tgt_text = input::read_text(&args.tgt)?;
    let languages = &args.options.languages;
    let config = config(&args.options, &languages.src_lang, &languages.tgt_lang)?;
    let (rows, place) = read_reviewed(&a.reviewed)?;
    let limit = args.options.max_sentences;
    let src = Document::new(&src_text, &config.src_lang, config.presegmented);
    if src.len() > limit {
        return Err(too_many_sentences(&args.src, src.len(), limit));
    }
    let tgt = Document::new(&tgt_text, &config.tgt_lang, config.presegmented);
    if tgt.len() > limit {
        return Err(too_many_sentences(&args.tgt, tgt.len(), limit));
    }
    review::validate(&rows, (src.len(), tgt.len()), place)
        .map_err(|(number, message)| Error::parse(&a.reviewed, number, message))?;
    let differing = review::differing_texts(&rows, |side, range| {
        if side == 0 {
            src.joined(range).into_owned()
        } else {
            tgt.joined(range).into_owned()
        }
    });
    if !differing.is_empty() {
        let listed: Vec<String> = differing
            .iter()
            .take(LISTED_ROWS)
            .map(usize::to_string)
            .collect();
        eprintln!(
            "mizan: warning: {}: the text of {} confirmed row(s) differs from the sentences \
             their numbers name ({place}s {}{}); the numbers are kept, so check that SRC and \
             TGT are the texts the table was made from, with the same options",
            a.reviewed.display(),
            differing.len(),
            listed.join(", "),
            if differing.len() > LISTED_ROWS {
                ", …"
            } else {
                ""
            },
        );
    }
    let fixed = review::fixed(&rows);
    if fixed.is_empty() {
        eprintln!(
            "mizan: warning: {}: no row has the status `confirmed`; everything is aligned again",
            a.reviewed.display()
        );
    }
    let alignment = realign::realign(src, tgt, &fixed, &config);
    write_alignment(args, output, &alignment)?;
    Ok(ExitCode::SUCCESS)
}

/// The rows of a reviewed table: a spreadsheet when the name ends in `.xlsx`, else a TSV.
fn read_reviewed(path: &Path) -> Result<(Vec<Row>, Place)> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let (records, place) = if is_xlsx {
        let bytes = fs::read(path).map_err(|e| Error::io(path, "read", e))?;
        let records = xlsx::read_table(bytes).map_err(|(row, message)| match row {
            Some(row) => Error::parse(path, row, message),
            None => Error::usage(format!(
                "{}: {message}; give the spreadsheet `mizan align --format xlsx` wrote, \
                 saved as .xlsx",
                path.display()
            )),
        })?;
        (records, Place::Row)
    } else {
        (review::tsv_records(&input::read_text(path)?), Place::Line)
    };
    let rows =
        review::parse(&records).map_err(|(number, message)| Error::parse(path, number, message))?;
    Ok((rows, place))
}
