//! A spreadsheet for reviewers (rust_xlsxwriter): frozen header, filters, wrapped text,
//! the target column right to left when the language is, confidence as a number with a
//! red–yellow–green colour scale, flags, and a `status` column for the reviewer (empty,
//! or `confirmed` for rows confirmed in an earlier round).
//! Every text cell is written as a string, so a sentence starting with `=`, `+`, `-` or
//! `@` stays text and is never taken for a formula. A bead longer than a cell can hold
//! is cut and ends in `…` (the TSV has the whole text). `read_table` reads a reviewed
//! spreadsheet back (calamine) for `mizan realign`.

use std::io::{self, Write};

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ConditionalFormat3ColorScale, Format, FormatAlign, Workbook, XlsxError};

use crate::formats::tsv::numbers;
use crate::pipeline::Alignment;
use crate::review::Record;

/// What the spreadsheet needs besides the alignment.
#[derive(Clone, Debug)]
pub struct XlsxOptions {
    pub src_rtl: bool,
    pub tgt_rtl: bool,
}

pub const HEADER: [&str; 9] = super::tsv::COLUMNS;

/// Most UTF-16 code units Excel keeps in a cell; rust_xlsxwriter refuses longer strings,
/// which a bead of several 20,000-byte units can be.
const CELL_UNITS: usize = 32_767;

/// A bead's text as a cell holds it: U+FFFE and U+FFFF dropped (XML 1.0 forbids them
/// and rust_xlsxwriter does not escape them), cut with `…` at Excel's cell limit.
fn cell_text(text: &str) -> String {
    let mut units = 0;
    let mut cell = String::with_capacity(text.len().min(4 * CELL_UNITS));
    for c in text
        .chars()
        .filter(|&c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    {
        units += c.len_utf16();
        if units > CELL_UNITS - 1 {
            cell.push('…');
            break;
        }
        cell.push(c);
    }
    cell
}

/// Writes the alignment as an .xlsx workbook.
pub fn write(alignment: &Alignment, options: &XlsxOptions, out: &mut dyn Write) -> io::Result<()> {
    let bytes = workbook(alignment, options).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(alignment: &Alignment, options: &XlsxOptions) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("alignment")?;
    let bold = Format::new().set_bold();
    let text = |rtl: bool| {
        let format = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        if rtl {
            // 2: right-to-left reading order.
            format
                .set_reading_direction(2)
                .set_align(FormatAlign::Right)
        } else {
            format
        }
    };
    let (src_text, tgt_text, plain) = (text(options.src_rtl), text(options.tgt_rtl), text(false));
    let number = Format::new()
        .set_num_format("0.000")
        .set_align(FormatAlign::Top);
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (k, bead) in alignment.beads.iter().enumerate() {
        let row = k as u32 + 1;
        let flags: Vec<&str> = bead.review.flags.iter().map(|f| f.name()).collect();
        sheet.write_string_with_format(row, 0, numbers(&bead.src), &plain)?;
        sheet.write_string_with_format(row, 1, numbers(&bead.tgt), &plain)?;
        sheet.write_string_with_format(
            row,
            2,
            cell_text(&alignment.src.joined(bead.src.clone())),
            &src_text,
        )?;
        sheet.write_string_with_format(
            row,
            3,
            cell_text(&alignment.tgt.joined(bead.tgt.clone())),
            &tgt_text,
        )?;
        sheet.write_string_with_format(row, 4, bead.shape().to_string(), &plain)?;
        sheet.write_number_with_format(row, 5, bead.confidence as f64, &number)?;
        sheet.write_string_with_format(row, 6, flags.join(","), &plain)?;
        sheet.write_string_with_format(row, 7, &bead.review.note, &plain)?;
        sheet.write_string_with_format(row, 8, bead.status(), &plain)?;
    }
    let last = alignment.beads.len() as u32;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last.max(1), HEADER.len() as u16 - 1)?;
    if last > 0 {
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum_color("F8696B")
            .set_midpoint_color("FFEB84")
            .set_maximum_color("63BE7B");
        sheet.add_conditional_format(1, 5, last, 5, &scale)?;
    }
    for (col, width) in [
        (0, 7.0),
        (1, 7.0),
        (2, 60.0),
        (3, 60.0),
        (4, 6.0),
        (5, 11.0),
        (6, 18.0),
        (7, 30.0),
        (8, 12.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    book.save_to_buffer()
}

/// The cells of a reviewed spreadsheet as text, for `review::parse`: the sheet named
/// `alignment` (the one `write` makes) or else the first, one record per row with its
/// spreadsheet row number. A whole number reads as its digits (`3`, not `3.0`). A date
/// or an error cell is refused with its row: a spreadsheet turns `3-4` typed into a
/// number cell into a date. Errors carry the row when there is one.
pub fn read_table(bytes: Vec<u8>) -> Result<Vec<Record>, (Option<usize>, String)> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(io::Cursor::new(bytes))
        .map_err(|e| (None, format!("not a readable .xlsx workbook ({e})")))?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| n.as_str() == "alignment")
        .or(names.first())
        .ok_or((None, "the workbook has no sheet".to_string()))?
        .clone();
    let range = book
        .worksheet_range(&name)
        .map_err(|e| (None, format!("cannot read sheet `{name}` ({e})")))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    range
        .rows()
        .enumerate()
        .map(|(k, cells)| {
            let number = first_row as usize + k + 1;
            let cells = cells
                .iter()
                .map(|cell| text(cell).map_err(|message| (Some(number), message)))
                .collect::<Result<Vec<String>, _>>()?;
            Ok(Record { number, cells })
        })
        .collect()
}

/// One cell as the text a reviewer sees.
fn text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            return Err(format!(
                "a date cell (`{cell}`): the spreadsheet took a number such as `3-4` for a \
                 date; format the column as text, type the numbers again and save"
            ));
        }
        Data::Error(e) => return Err(format!("an error cell (`{e}`); put the value back")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;
    use crate::pipeline::{Config, align_texts};

    #[test]
    fn reads_back_with_text_kept_as_text() {
        let mut config = Config::new(profile("en"), profile("ar"));
        config.presegmented = true;
        let src = "=SUM(A1:A2) is not a formula.\n+1 more sentence here.\n";
        let tgt = "@نص عربي هنا.\nجملة أخرى هنا.\n";
        let mut alignment = align_texts(src, tgt, &config);
        alignment.beads[0].confirmed = true;
        let mut bytes = Vec::new();
        write(
            &alignment,
            &XlsxOptions {
                src_rtl: false,
                tgt_rtl: true,
            },
            &mut bytes,
        )
        .unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("alignment").unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), alignment.beads.len() + 1);
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        assert_eq!(header, HEADER);
        assert_eq!(
            rows[1][2],
            Data::String("=SUM(A1:A2) is not a formula.".into())
        );
        assert_eq!(rows[1][3], Data::String("@نص عربي هنا.".into()));
        assert!(matches!(rows[1][5], Data::Float(c) if (0.0..=1.0).contains(&c)));
        assert_eq!(rows[1][8], Data::String("confirmed".into()));
        assert_eq!(rows[2][8], Data::Empty, "no status");
    }

    #[test]
    fn reads_a_reviewed_sheet_back_as_text() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (col, name) in ["src", "tgt", "status"].iter().enumerate() {
            sheet.write_string(1, col as u16, *name).unwrap();
        }
        // A reviewer typed numbers into cells: they come back as digits.
        sheet.write_number(2, 0, 3.0).unwrap();
        sheet.write_string(2, 1, "3-4").unwrap();
        sheet.write_string(2, 2, "confirmed").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let records = read_table(bytes).unwrap();
        // The sheet starts on row 2; numbers are the spreadsheet's own.
        assert_eq!(records[0].number, 2);
        assert_eq!(records[1].number, 3);
        assert_eq!(records[1].cells, ["3", "3-4", "confirmed"]);

        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "src").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 4).unwrap();
        let format = Format::new().set_num_format("d-m");
        sheet
            .write_datetime_with_format(1, 0, &date, &format)
            .unwrap();
        let (row, message) = read_table(book.save_to_buffer().unwrap()).unwrap_err();
        assert_eq!(row, Some(2));
        assert!(message.contains("date"), "{message}");

        let (row, message) = read_table(b"src\ttgt\n".to_vec()).unwrap_err();
        assert_eq!(row, None);
        assert!(message.contains("not a readable .xlsx"), "{message}");
    }

    /// `--format xlsx` refused a 2-1 bead of two 19,000-character sentences: rust_xlsxwriter
    /// rejects strings over Excel's 32,767-unit cell limit, and the whole file failed.
    #[test]
    fn a_bead_longer_than_a_cell_is_cut_not_refused() {
        let sentence = "lorem ipsum dolor sit amet ".repeat(720)[..19_000]
            .trim()
            .to_string()
            + ".";
        let long = cell_text(&format!("{sentence} {sentence}"));
        assert_eq!(long.encode_utf16().count(), CELL_UNITS);
        assert!(long.ends_with('…'));
        // Characters outside the Basic Multilingual Plane count twice.
        let emoji = cell_text(&"😀".repeat(CELL_UNITS));
        assert!(emoji.encode_utf16().count() <= CELL_UNITS);
        assert_eq!(cell_text("a\u{FFFE}b\u{FFFF}"), "ab");

        let mut config = Config::new(profile("en"), profile("fr"));
        config.presegmented = true;
        let src = format!("{sentence}\n{sentence}\n");
        let alignment = align_texts(&src, &sentence, &config);
        assert_eq!(alignment.beads[0].src, 0..2, "a 2-1 bead");
        let mut bytes = Vec::new();
        let options = XlsxOptions {
            src_rtl: false,
            tgt_rtl: false,
        };
        write(&alignment, &options, &mut bytes).expect("written");
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("alignment").unwrap();
        let cell = range.rows().nth(1).unwrap()[2].to_string();
        assert!(cell.starts_with(&sentence) && cell.ends_with('…'));
    }
}
