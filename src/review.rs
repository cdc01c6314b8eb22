//! A reviewed alignment read back for `mizan realign`: the table `mizan align` wrote (TSV
//! or spreadsheet) after a reviewer edited it — rows marked `confirmed` in the `status`
//! column, sentence numbers moved from one row to the next, rows merged or split.
//!
//! Columns are found by their header name, in any order: `src` and `tgt` (1-based
//! sentence numbers, `3`, `3-4` or empty) are required; `status` (empty or `confirmed`)
//! is read when present; `src_text` and `tgt_text` are kept to compare confirmed rows
//! with the documents; the other columns `align` writes are ignored, and any other name
//! is an error. The rows are then checked against the documents: every number in range,
//! each sentence in one row at most, rows in the documents' order. An error names the
//! row (its line in a TSV, its row in a spreadsheet) and says how to fix it. The
//! confirmed rows become the fixed beads [`crate::realign`] keeps; the documents, not the
//! texts in the table, are authoritative.
//!
//! No I/O here: the CLI reads the file (`formats::xlsx::read_table` for a spreadsheet).

use std::fmt;
use std::ops::Range;

use crate::formats::tsv;
use crate::realign::Fixed;

/// How rows are numbered in messages: by line in a TSV, by row in a spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Line,
    Row,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Place::Line => "line",
            Place::Row => "row",
        })
    }
}

/// One record of the reviewed table: its line or row number (1-based, the header is the
/// first) and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub number: usize,
    pub cells: Vec<String>,
}

/// One row of the reviewed table, sentence numbers made 0-based ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Line or row number in the file.
    pub number: usize,
    pub src: Range<usize>,
    pub tgt: Range<usize>,
    pub confirmed: bool,
    /// The texts the table shows, when it has the columns (informational).
    pub src_text: Option<String>,
    pub tgt_text: Option<String>,
}

/// What is wrong with the table and where: the line or row number and a message.
pub type ReviewError = (usize, String);

/// The columns `mizan align` writes; `src`, `tgt`, `status` and the texts are read.
const KNOWN_COLUMNS: [&str; 9] = crate::formats::tsv::COLUMNS;

/// The status that makes a row a fixed bead.
const CONFIRMED: &str = "confirmed";

/// Records of a TSV as `mizan align` writes it: one per line, cells split at tabs and
/// unescaped (`\t`, `\n`, `\r`, `\\`).
pub fn tsv_records(text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .map(|(k, line)| Record {
            number: k + 1,
            cells: line.split('\t').map(tsv::unescape).collect(),
        })
        .collect()
}

/// Where each column the reviewed table must or may have is.
struct Columns {
    src: usize,
    tgt: usize,
    status: Option<usize>,
    src_text: Option<usize>,
    tgt_text: Option<usize>,
    /// Cells past these columns, or under an empty header cell, must be empty.
    named: Vec<bool>,
}

fn columns(header: &Record) -> Result<Columns, ReviewError> {
    let line = header.number;
    let mut found: [Option<usize>; KNOWN_COLUMNS.len()] = [None; KNOWN_COLUMNS.len()];
    let mut named = Vec::new();
    for (k, cell) in header.cells.iter().enumerate() {
        let name = cell.trim().to_lowercase();
        named.push(!name.is_empty());
        if name.is_empty() {
            continue;
        }
        let Some(index) = KNOWN_COLUMNS.iter().position(|&c| c == name) else {
            let hint = if sentence_numbers(&name).is_ok() {
                "; the first line must be the header `mizan align` writes (src, tgt, …, status)"
            } else {
                "; mizan reads src, tgt and status and ignores src_text, tgt_text, bead, \
                 confidence, flags and note: rename the column or delete it"
            };
            return Err((
                line,
                format!("unknown column `{}` (column {}){hint}", cell.trim(), k + 1),
            ));
        };
        if found[index].is_some() {
            return Err((
                line,
                format!("column `{name}` appears twice; delete one of them"),
            ));
        }
        found[index] = Some(k);
    }
    let required = |name: &str| {
        let index = KNOWN_COLUMNS.iter().position(|&c| c == name).unwrap();
        found[index].ok_or_else(|| {
            (
                line,
                format!(
                    "no `{name}` column in the header; the table needs the src and tgt \
                     columns `mizan align` writes"
                ),
            )
        })
    };
    let optional = |name: &str| found[KNOWN_COLUMNS.iter().position(|&c| c == name).unwrap()];
    Ok(Columns {
        src: required("src")?,
        tgt: required("tgt")?,
        status: optional("status"),
        src_text: optional("src_text"),
        tgt_text: optional("tgt_text"),
        named,
    })
}

/// Reads the rows of a reviewed table whose first record is the header. Blank records,
/// and rows naming no sentence that are not confirmed (what is left of a merged row), are
/// skipped.
pub fn parse(records: &[Record]) -> Result<Vec<Row>, ReviewError> {
    let Some((header, body)) = records.split_first() else {
        return Err((
            1,
            "the table is empty; give the table `mizan align` wrote, header included".into(),
        ));
    };
    let columns = columns(header)?;
    let mut rows = Vec::new();
    for record in body {
        let cell = |k: Option<usize>| k.and_then(|k| record.cells.get(k)).map(|c| c.as_str());
        if record.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(k) = (0..record.cells.len()).find(|&k| {
            !columns.named.get(k).copied().unwrap_or(false) && !record.cells[k].trim().is_empty()
        }) {
            return Err((
                record.number,
                format!(
                    "a value in column {}, which has no name in the header: name the column \
                     or move the value (a tab typed inside a cell also makes a column; write \
                     it `\\t`)",
                    k + 1
                ),
            ));
        }
        let numbers = |k: usize, side: &str| {
            sentence_numbers(cell(Some(k)).unwrap_or(""))
                .map_err(|message| (record.number, format!("{side} column: {message}")))
        };
        let src = numbers(columns.src, "src")?;
        let tgt = numbers(columns.tgt, "tgt")?;
        let confirmed = status(cell(columns.status).unwrap_or(""))
            .map_err(|message| (record.number, message))?;
        if src.is_empty() && tgt.is_empty() {
            if confirmed {
                return Err((
                    record.number,
                    "the row is confirmed but names no sentence: fill in src or tgt, or \
                     clear its status"
                        .into(),
                ));
            }
            continue;
        }
        rows.push(Row {
            number: record.number,
            src,
            tgt,
            confirmed,
            src_text: cell(columns.src_text).map(str::to_string),
            tgt_text: cell(columns.tgt_text).map(str::to_string),
        });
    }
    Ok(rows)
}

/// A cell of 1-based sentence numbers as a 0-based range: `3` is 2..3, `3-4` is 2..4 and
/// an empty cell names no sentence. An en dash, which spreadsheets put for a hyphen,
/// counts as one.
pub fn sentence_numbers(cell: &str) -> Result<Range<usize>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(0..0);
    }
    let bad =
        || format!("`{cell}` is not a sentence number: write `3`, `3-4` or leave the cell empty");
    let number = |text: &str| -> Result<usize, String> {
        let text = text.trim();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        match text.parse::<usize>() {
            Ok(0) => Err(format!("`{cell}`: sentence numbers start at 1")),
            Ok(n) => Ok(n),
            Err(_) => Err(bad()),
        }
    };
    let (first, last) = match cell.split_once(['-', '–']) {
        Some((a, b)) => (number(a)?, number(b)?),
        None => {
            let n = number(cell)?;
            (n, n)
        }
    };
    if last < first {
        return Err(format!("`{cell}` runs backwards: write `{last}-{first}`"));
    }
    Ok(first - 1..last)
}

/// A status cell: empty, or `confirmed` (any case).
fn status(cell: &str) -> Result<bool, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        Ok(false)
    } else if cell.eq_ignore_ascii_case(CONFIRMED) {
        Ok(true)
    } else {
        Err(format!(
            "status `{cell}` is not understood: write `{CONFIRMED}` to keep the row as it \
             is, or leave the cell empty to realign it"
        ))
    }
}

/// Checks the rows against documents of `counts` (source, target) sentences: numbers in
/// range, each sentence in one row at most, rows in the documents' order on each side.
pub fn validate(rows: &[Row], counts: (usize, usize), place: Place) -> Result<(), ReviewError> {
    let sides = [("source", counts.0), ("target", counts.1)];
    // The row holding each sentence, and where the last row on each side ended.
    let mut owner: [Vec<usize>; 2] = [vec![0; counts.0], vec![0; counts.1]];
    let mut last: [(usize, usize); 2] = [(0, 0); 2];
    for row in rows {
        for (side, range) in [&row.src, &row.tgt].into_iter().enumerate() {
            if range.is_empty() {
                continue;
            }
            let (name, count) = sides[side];
            if range.end > count {
                return Err((
                    row.number,
                    format!(
                        "{name} sentence {} is past the end: the {name} text has {count} \
                         sentences (give the texts the table was made from, with the same \
                         --presegmented and language options)",
                        range.end
                    ),
                ));
            }
            if let Some(i) = range.clone().find(|&i| owner[side][i] != 0) {
                return Err((
                    row.number,
                    format!(
                        "{name} sentence {} is also in {place} {}; a sentence can be in one \
                         row only: take it out of one of them",
                        i + 1,
                        owner[side][i]
                    ),
                ));
            }
            let (end, at) = last[side];
            if range.start < end {
                return Err((
                    row.number,
                    format!(
                        "{name} sentence {} comes after sentence {end} ({place} {at}): rows \
                         must keep the order of the documents (undo a sort, or move the row)",
                        range.start + 1
                    ),
                ));
            }
            owner[side][range.clone()].fill(row.number);
            last[side] = (range.end, row.number);
        }
    }
    Ok(())
}

/// The confirmed rows as fixed beads, in order.
pub fn fixed(rows: &[Row]) -> Vec<Fixed> {
    rows.iter()
        .filter(|r| r.confirmed)
        .map(|r| Fixed {
            src: r.src.clone(),
            tgt: r.tgt.clone(),
        })
        .collect()
}

/// Numbers of the confirmed rows whose text cells differ from the sentences they name
/// (`joined` gives a side's sentences joined by a space, as `align` writes them): a hint
/// that the table was made from other texts or another segmentation. Whitespace and the
/// quotes a spreadsheet adds around a cell when it exports a TSV do not count.
pub fn differing_texts(rows: &[Row], joined: impl Fn(usize, Range<usize>) -> String) -> Vec<usize> {
    let squash = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let same = |cell: &str, text: &str| {
        let text = squash(text);
        squash(cell) == text || squash(&unquote(cell)) == text
    };
    rows.iter()
        .filter(|r| r.confirmed)
        .filter(|r| {
            [(&r.src_text, &r.src), (&r.tgt_text, &r.tgt)]
                .into_iter()
                .enumerate()
                .any(|(side, (cell, range))| {
                    cell.as_ref()
                        .is_some_and(|cell| !same(cell, &joined(side, range.clone())))
                })
        })
        .map(|r| r.number)
        .collect()
}

/// A cell as a spreadsheet quotes it in CSV/TSV export (`"a ""b"""` is `a "b"`).
fn unquote(cell: &str) -> String {
    let cell = cell.trim();
    match cell
        .strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .filter(|_| cell.len() >= 2)
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reviewed TSV from lines of `|`-separated cells, header first.
    fn table(lines: &[&str]) -> Vec<Record> {
        tsv_records(&lines.join("\n").replace('|', "\t"))
    }

    #[test]
    fn sentence_number_cells() {
        for (cell, expected) in [
            ("", Ok(0..0)),
            ("  ", Ok(0..0)),
            ("3", Ok(2..3)),
            (" 3 ", Ok(2..3)),
            ("3-4", Ok(2..4)),
            ("3 - 5", Ok(2..5)),
            ("3–4", Ok(2..4)),
            ("4-4", Ok(3..4)),
            ("0", Err("sentence numbers start at 1")),
            ("0-2", Err("sentence numbers start at 1")),
            ("4-3", Err("runs backwards: write `3-4`")),
            ("x", Err("is not a sentence number")),
            ("3-", Err("is not a sentence number")),
            ("-3", Err("is not a sentence number")),
            ("3.5", Err("is not a sentence number")),
            ("+3", Err("is not a sentence number")),
            ("3,4", Err("is not a sentence number")),
            ("99999999999999999999999", Err("is not a sentence number")),
        ] {
            match (sentence_numbers(cell), expected) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{cell:?}"),
                (Err(got), Err(want)) => assert!(got.contains(want), "{cell:?}: {got}"),
                (got, want) => panic!("{cell:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn columns_by_name_in_any_order() {
        let rows = parse(&table(&[
            "status|tgt|note|src",
            "confirmed|1|x|1-2",
            "|2||",
            "||",
            "CONFIRMED|||3",
        ]))
        .unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.number, r.src.clone(), r.tgt.clone(), r.confirmed))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, 0..2, 0..1, true),
                (3, 0..0, 1..2, false),
                (5, 2..3, 0..0, true),
            ]
        );
        assert_eq!(rows[0].src_text, None);
        assert_eq!(fixed(&rows).len(), 2);
    }

    #[test]
    fn header_and_cell_errors_name_the_line() {
        for (lines, line, message) in [
            (&[][..], 1, "the table is empty"),
            (
                &["src|tgt|comment", "1|1|ok"][..],
                1,
                "unknown column `comment`",
            ),
            (&["1|1|text", "2|2|text"][..], 1, "must be the header"),
            (&["src|src_text", "1|a"][..], 1, "no `tgt` column"),
            (&["src|tgt|src", "1|1|1"][..], 1, "appears twice"),
            (
                &["src|tgt|status", "1|1|", "2|x|"][..],
                3,
                "tgt column: `x` is not",
            ),
            (
                &["src|tgt|status", "1|1|yes"][..],
                2,
                "status `yes` is not understood",
            ),
            (
                &["src|tgt|status", "||confirmed"][..],
                2,
                "names no sentence",
            ),
            (&["src|tgt", "1|1|stray"][..], 2, "no name in the header"),
        ] {
            let (got_line, got) = parse(&table(lines)).unwrap_err();
            assert_eq!(got_line, line, "{lines:?}: {got}");
            assert!(got.contains(message), "{lines:?}: {got}");
        }
        // Trailing empty cells, as spreadsheets export them, are fine.
        assert!(parse(&table(&["src|tgt|status|", "1|1||", "2|2"])).is_ok());
    }

    #[test]
    fn validation_errors_name_the_row_and_the_other_row() {
        for (lines, counts, line, message) in [
            (&["src|tgt", "1|1", "2|2"][..], (2, 2), 0, ""),
            (
                &["src|tgt", "1|1", "2|3"][..],
                (2, 2),
                3,
                "target sentence 3 is past the end",
            ),
            (
                &["src|tgt", "1-2|1", "2|2"][..],
                (3, 3),
                3,
                "source sentence 2 is also in line 2",
            ),
            (
                &["src|tgt", "1|1", "3|2", "2|3"][..],
                (3, 3),
                4,
                "source sentence 2 comes after sentence 3 (line 3)",
            ),
            (&["src|tgt", "1|", "|1", "2|2"][..], (2, 2), 0, ""),
            (
                &["src|tgt", "2|2", "|1"][..],
                (2, 2),
                3,
                "target sentence 1 comes after sentence 2",
            ),
        ] {
            let rows = parse(&table(lines)).unwrap();
            match validate(&rows, counts, Place::Line) {
                Ok(()) => assert_eq!(line, 0, "{lines:?}"),
                Err((got_line, got)) => {
                    assert_eq!(got_line, line, "{lines:?}: {got}");
                    assert!(got.contains(message), "{lines:?}: {got}");
                }
            }
        }
    }

    #[test]
    fn confirmed_texts_are_compared_loosely() {
        let rows = parse(&table(&[
            "src|tgt|src_text|tgt_text|status",
            "1|1|One  two.|واحد|confirmed",
            "2|2|\"He said \"\"hi\"\"\"|اثنان|confirmed",
            "3|3|Something else|ثلاثة|confirmed",
            "4|4|Not checked|x|",
        ]))
        .unwrap();
        let texts = [
            ["One two.", "He said \"hi\"", "Three.", "Four."],
            ["واحد", "اثنان", "ثلاثة", "أربعة"],
        ];
        let joined = |side: usize, range: Range<usize>| texts[side][range].join(" ");
        assert_eq!(differing_texts(&rows, joined), vec![4]);
    }
}
