//! The reviewer's TSV: a header, then one row per bead.
//!
//! Columns: `src` and `tgt` (1-based sentence numbers, "3" or "3-4", empty for none),
//! `src_text`, `tgt_text` (a bead's sentences joined by a space), `bead` ("1-2"),
//! `confidence` (0 to 1, three decimals), `flags` (comma-separated), `note` and `status`
//! (empty, or `confirmed` for a row a reviewer confirmed; `mizan realign` reads the
//! column back, see `review`). Text is
//! written as it is except for four escapes that keep one row per line: a backslash is
//! written `\\`, a tab `\t`, a line feed `\n` and a carriage return `\r`. Nothing is quoted,
//! so quotation marks in sentences stay as they are.

use std::io::{self, Write};
use std::ops::Range;

use crate::pipeline::Alignment;

/// The columns of the reviewer's table, in order (the TSV and the spreadsheet).
pub const COLUMNS: [&str; 9] = [
    "src",
    "tgt",
    "src_text",
    "tgt_text",
    "bead",
    "confidence",
    "flags",
    "note",
    "status",
];
pub const HEADER: &str = "src\ttgt\tsrc_text\ttgt_text\tbead\tconfidence\tflags\tnote\tstatus";

pub fn write(alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{HEADER}")?;
    write_rows(alignment, None, out)
}

/// The rows without the header, each prefixed by `id` and a tab when given (`stream`).
pub fn write_rows(alignment: &Alignment, id: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    for bead in &alignment.beads {
        if let Some(id) = id {
            write!(out, "{}\t", escape(id))?;
        }
        let flags: Vec<&str> = bead.review.flags.iter().map(|f| f.name()).collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{:.3}\t{}\t{}\t{}",
            numbers(&bead.src),
            numbers(&bead.tgt),
            escape(&alignment.src.joined(bead.src.clone())),
            escape(&alignment.tgt.joined(bead.tgt.clone())),
            bead.shape(),
            bead.confidence,
            flags.join(","),
            escape(&bead.review.note),
            bead.status(),
        )?;
    }
    Ok(())
}

/// 1-based sentence numbers of a bead side: "", "3" or "3-4".
pub fn numbers(range: &Range<usize>) -> String {
    match range.len() {
        0 => String::new(),
        1 => (range.start + 1).to_string(),
        _ => format!("{}-{}", range.start + 1, range.end),
    }
}

/// Escapes the characters that would break the row structure.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out
}

/// Undoes [`escape`]; a backslash before any other character is kept as it is.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lists_the_columns() {
        assert_eq!(HEADER, COLUMNS.join("\t"));
    }

    #[test]
    fn escapes_row_breakers() {
        assert_eq!(escape("a\tb\nc\\d\re \"q\""), "a\\tb\\nc\\\\d\\re \"q\"");
    }

    #[test]
    fn unescape_undoes_escape() {
        for text in ["plain", "a\tb\nc\\d\re", "\\t is not a tab", "end\\", ""] {
            assert_eq!(unescape(&escape(text)), text);
        }
        assert_eq!(unescape("a\\qb\\"), "a\\qb\\", "unknown escapes kept");
    }

    #[test]
    fn sentence_numbers() {
        assert_eq!(numbers(&(2..2)), "");
        assert_eq!(numbers(&(2..3)), "3");
        assert_eq!(numbers(&(2..4)), "3-4");
    }
}
