//! Output formats: writers that turn an `Alignment` into bytes.
//!
//! - `tsv`: one row per bead for reviewers (`tsv.rs`);
//! - `beads`: Vecalign/Bertalign's `[0, 1]:[2]:0.93`, 0-based, what evaluation reads;
//! - `ladder`: hunalign's ladder, for users migrating from hunalign;
//! - `tmx`: TMX 1.4b for CAT tools (`tmx.rs`);
//! - `html`: a self-contained side-by-side review page (`html.rs`);
//! - `xlsx`: a spreadsheet for reviewers (`xlsx.rs`);
//! - `jsonl`: one JSON object per pair with every bead's ids, texts, type, confidence, flags.

pub mod html;
pub mod jsonl;
pub mod tmx;
pub mod tsv;
pub mod xlsx;

use std::fmt;
use std::io::{self, Write};

use crate::pipeline::Alignment;

/// The output formats `mizan align` can write.
#[derive(Clone, Debug)]
pub enum Format {
    Tsv,
    Beads,
    Ladder,
    Jsonl,
    Tmx(tmx::TmxOptions),
    Html(html::HtmlOptions),
    Xlsx(xlsx::XlsxOptions),
}

/// Writes `alignment` in `format`.
pub fn write(alignment: &Alignment, format: &Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Tsv => tsv::write(alignment, out),
        Format::Beads => write_beads(alignment, out),
        Format::Ladder => write_ladder(alignment, out),
        Format::Jsonl => jsonl::write(alignment, out),
        Format::Tmx(options) => tmx::write(alignment, options, out),
        Format::Html(options) => html::write(alignment, options, out),
        Format::Xlsx(options) => xlsx::write(alignment, options, out),
    }
}

/// Moses-style parallel text: for every aligned bead (both sides non-empty), one source
/// line and one target line; whitespace inside a bead (line breaks, tabs) becomes a space.
pub fn moses_lines(alignment: &Alignment) -> (Vec<String>, Vec<String>) {
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    alignment
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        .map(|b| {
            (
                flat(&alignment.src.joined(b.src.clone())),
                flat(&alignment.tgt.joined(b.tgt.clone())),
            )
        })
        .unzip()
}

/// One bead per line: `[source ids]:[target ids]:confidence`, 0-based ids.
fn write_beads(alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
    for bead in &alignment.beads {
        writeln!(
            out,
            "{}:{}:{}",
            IdList(&bead.src),
            IdList(&bead.tgt),
            Fixed(bead.confidence, 4)
        )?;
    }
    Ok(())
}

/// Sentence numbers as `[3, 4]`.
struct IdList<'r>(&'r std::ops::Range<usize>);

impl fmt::Display for IdList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("[")?;
        for i in self.0.clone() {
            if i > self.0.start {
                f.write_str(", ")?;
            }
            write!(f, "{i}")?;
        }
        f.write_str("]")
    }
}

/// A number with a fixed count of decimals (at most 9), written exactly as
/// `format!("{:.N}", value)` writes it: the exact binary value rounded half to even.
/// The standard formatter's exact mode fell back to its slow algorithm for most
/// confidences (a third of the time of writing a long document's beads). The value
/// times 10^N is exact in an `f64` (24 + 30 bits of mantissa at most), so rounding it
/// rounds the exact value; values it cannot hold in a `u64`, negative or not finite
/// ones, go to the standard formatter.
pub(crate) struct Fixed(pub f32, pub u32);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let Fixed(value, places) = *self;
        let scale = 10u64.pow(places.min(9));
        let scaled = (f64::from(value) * scale as f64).round_ties_even();
        if !(0.0..1e18).contains(&scaled) || value.is_sign_negative() || places > 9 {
            return write!(f, "{value:.*}", places as usize);
        }
        let scaled = scaled as u64;
        if places == 0 {
            return write!(f, "{scaled}");
        }
        write!(
            f,
            "{}.{:0width$}",
            scaled / scale,
            scaled % scale,
            width = places as usize
        )
    }
}

/// hunalign's ladder: one rung per bead start, `source<TAB>target<TAB>quality`, then a
/// last rung at the ends of both texts; consecutive rungs delimit a bead.
fn write_ladder(alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
    for bead in &alignment.beads {
        writeln!(
            out,
            "{}\t{}\t{}",
            bead.src.start,
            bead.tgt.start,
            Fixed(bead.confidence, 4)
        )?;
    }
    writeln!(
        out,
        "{}\t{}\t{:.4}",
        alignment.src.len(),
        alignment.tgt.len(),
        1.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;
    use crate::pipeline::{Config, align_texts};

    #[test]
    fn fixed_writes_what_the_standard_formatter_writes() {
        // Ties (x.xxxx5 exactly: 1/32 is 0.03125) round to even, as the formatter does.
        let values = [
            0.0f32,
            1.0,
            0.5,
            0.03125,
            0.09375,
            0.99995,
            0.00005,
            0.123_456_79,
        ];
        // And a sweep over the floats of [0, 1], every 9,973rd.
        let sweep = (0..=1.0f32.to_bits()).step_by(9_973).map(f32::from_bits);
        for x in values.into_iter().chain(sweep) {
            for places in [3, 4] {
                assert_eq!(
                    Fixed(x, places).to_string(),
                    format!("{x:.*}", places as usize),
                    "{x:e}"
                );
            }
        }
        for x in [-0.0f32, -0.5, f32::NAN, f32::INFINITY, 3e20, 12.5] {
            assert_eq!(Fixed(x, 3).to_string(), format!("{x:.3}"), "{x:e}");
        }
    }

    #[test]
    fn id_lists_are_bracketed_and_comma_separated() {
        assert_eq!(IdList(&(3..5)).to_string(), "[3, 4]");
        assert_eq!(IdList(&(7..8)).to_string(), "[7]");
        assert_eq!(IdList(&(2..2)).to_string(), "[]");
    }

    fn render(format: Format) -> String {
        let mut config = Config::new(profile("en"), profile("en"));
        config.presegmented = true;
        let alignment = align_texts(
            "One line here.\nAnother line.\n",
            "One line here.\nAnother line.\n",
            &config,
        );
        let mut out = Vec::new();
        write(&alignment, &format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn beads_format() {
        let text = render(Format::Beads);
        let lines: Vec<&str> = text
            .lines()
            .map(|l| l.rsplit_once(':').unwrap().0)
            .collect();
        assert_eq!(lines, vec!["[0]:[0]", "[1]:[1]"]);
    }

    #[test]
    fn moses_lines_pair_aligned_beads_only() {
        let mut config = Config::new(profile("en"), profile("en"));
        config.presegmented = true;
        let alignment = align_texts(
            "One line\there.\n",
            "One line here.\nExtra line added here.\n",
            &config,
        );
        let (src, tgt) = moses_lines(&alignment);
        assert_eq!(src.len(), tgt.len());
        assert_eq!(src[0], "One line here.");
    }

    #[test]
    fn confirmed_beads_show_their_status() {
        let mut config = Config::new(profile("en"), profile("ar"));
        config.presegmented = true;
        let mut alignment = align_texts("One line.\nTwo lines.\n", "سطر.\nسطران.\n", &config);
        alignment.beads[1].confirmed = true;
        let tmx = tmx::TmxOptions {
            src_lang: "en".into(),
            tgt_lang: "ar".into(),
            creation_date: tmx::tmx_date(0),
            include_unaligned: false,
        };
        let html = html::HtmlOptions {
            title: "t".into(),
            src_lang: "en".into(),
            tgt_lang: "ar".into(),
            src_rtl: false,
            tgt_rtl: true,
        };
        for (format, marker) in [
            (Format::Tsv, "\tconfirmed\n"),
            (Format::Jsonl, r#""status":"confirmed""#),
            (
                Format::Tmx(tmx),
                r#"<prop type="x-status">confirmed</prop>"#,
            ),
            (Format::Html(html), r#"<tr class="ok confirmed">"#),
        ] {
            let mut out = Vec::new();
            write(&alignment, &format, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert_eq!(text.matches(marker).count(), 1, "{format:?}: {text}");
        }
    }

    #[test]
    fn ladder_format() {
        let text = render(Format::Ladder);
        let rungs: Vec<&str> = text
            .lines()
            .map(|l| l.rsplit_once('\t').unwrap().0)
            .collect();
        assert_eq!(rungs, vec!["0\t0", "1\t1", "2\t2"]);
    }
}
