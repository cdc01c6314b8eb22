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

use crate::pipeline::{Alignment, Document};

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
/// Each row is put together in one reused buffer and written at once: formatting the
/// columns through `write!` and escaping into fresh strings took a twentieth of a
/// batch's instructions.
pub fn write_rows(alignment: &Alignment, id: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    use std::fmt::Write as _;
    let mut row = String::new();
    for bead in &alignment.beads {
        row.clear();
        if let Some(id) = id {
            push_escaped(id, &mut row);
            row.push('\t');
        }
        push_numbers(&bead.src, &mut row);
        row.push('\t');
        push_numbers(&bead.tgt, &mut row);
        row.push('\t');
        push_joined(&alignment.src, bead.src.clone(), &mut row);
        row.push('\t');
        push_joined(&alignment.tgt, bead.tgt.clone(), &mut row);
        // Writing into a `String` cannot fail.
        let _ = write!(
            row,
            "\t{}\t{}\t",
            bead.shape(),
            super::Fixed(bead.confidence, 3)
        );
        for (k, flag) in bead.review.flags.iter().enumerate() {
            if k > 0 {
                row.push(',');
            }
            row.push_str(flag.name());
        }
        row.push('\t');
        push_escaped(&bead.review.note, &mut row);
        row.push('\t');
        row.push_str(bead.status());
        row.push('\n');
        out.write_all(row.as_bytes())?;
    }
    Ok(())
}

/// 1-based sentence numbers of a bead side: "", "3" or "3-4".
pub fn numbers(range: &Range<usize>) -> String {
    let mut out = String::new();
    push_numbers(range, &mut out);
    out
}

fn push_numbers(range: &Range<usize>, out: &mut String) {
    use std::fmt::Write as _;
    // Writing into a `String` cannot fail.
    let _ = match range.len() {
        0 => Ok(()),
        1 => write!(out, "{}", range.start + 1),
        _ => write!(out, "{}-{}", range.start + 1, range.end),
    };
}

/// The escaped sentences of a bead side joined by a space ([`Document::joined`]).
fn push_joined(document: &Document, range: Range<usize>, out: &mut String) {
    for (k, i) in range.enumerate() {
        if k > 0 {
            out.push(' ');
        }
        push_escaped(document.sentence(i), out);
    }
}

/// Escapes the characters that would break the row structure.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(text, &mut out);
    out
}

/// Appends `text` escaped to `out`, copying the runs between escapes whole (the four
/// escaped characters are ASCII, so a byte search cannot split a character).
fn push_escaped(text: &str, out: &mut String) {
    // Nearly every text has nothing to escape: two vectorized scans tell (the byte loop
    // alone was 2% of a batch's instructions).
    let bytes = text.as_bytes();
    if memchr::memchr3(b'\\', b'\t', b'\n', bytes).is_none()
        && memchr::memchr(b'\r', bytes).is_none()
    {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'\\' => "\\\\",
            b'\t' => "\\t",
            b'\n' => "\\n",
            b'\r' => "\\r",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        out.push_str(escaped);
        start = at + 1;
    }
    out.push_str(&text[start..]);
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
