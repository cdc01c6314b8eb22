//! TMX 1.4b, the translation-memory exchange format CAT tools import.
//!
//! One `<tu>` per aligned bead (omissions and additions are left out unless asked for),
//! with the bead's confidence, type and flags as `<prop>`s (and `x-status` `confirmed` for
//! a bead a reviewer confirmed) and one `<tuv xml:lang>` per language. Text is
//! XML-escaped by quick-xml; C0 control characters and U+FFFE and U+FFFF, which XML 1.0
//! forbids, are dropped; bidi marks are kept; segments are trimmed.

use std::io::{self, Write};

use quick_xml::escape::escape;

use crate::pipeline::Alignment;

/// What the TMX header and units need besides the alignment.
#[derive(Clone, Debug)]
pub struct TmxOptions {
    /// Language codes as the CAT tool expects them (`ar`, `ar-SA`, `en-US`).
    pub src_lang: String,
    pub tgt_lang: String,
    /// `YYYYMMDDThhmmssZ`, UTC.
    pub creation_date: String,
    /// Also write beads with one empty side (as `<tu>`s with one `<tuv>`).
    pub include_unaligned: bool,
}

/// Writes the alignment as a TMX 1.4b document.
pub fn write(alignment: &Alignment, options: &TmxOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"  <header creationtool="mizan" creationtoolversion="{}" segtype="sentence" o-tmf="mizan" adminlang="en" srclang="{}" datatype="plaintext" creationdate="{}"/>"#,
        env!("CARGO_PKG_VERSION"),
        escape(options.src_lang.as_str()),
        escape(options.creation_date.as_str()),
    )?;
    writeln!(out, "  <body>")?;
    for bead in &alignment.beads {
        let aligned = !bead.src.is_empty() && !bead.tgt.is_empty();
        if !aligned && !options.include_unaligned {
            continue;
        }
        let flags: Vec<&str> = bead.review.flags.iter().map(|f| f.name()).collect();
        writeln!(out, "    <tu>")?;
        writeln!(
            out,
            r#"      <prop type="x-confidence">{:.3}</prop>"#,
            bead.confidence
        )?;
        writeln!(out, r#"      <prop type="x-bead">{}</prop>"#, bead.shape())?;
        writeln!(
            out,
            r#"      <prop type="x-flags">{}</prop>"#,
            escape(flags.join(",").as_str())
        )?;
        if bead.confirmed {
            writeln!(
                out,
                r#"      <prop type="x-status">{}</prop>"#,
                bead.status()
            )?;
        }
        for (lang, text) in [
            (&options.src_lang, alignment.src.joined(bead.src.clone())),
            (&options.tgt_lang, alignment.tgt.joined(bead.tgt.clone())),
        ] {
            if text.is_empty() {
                continue;
            }
            writeln!(
                out,
                r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
                escape(lang.as_str()),
                escape(segment_text(&text).as_str())
            )?;
        }
        writeln!(out, "    </tu>")?;
    }
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")
}

/// A segment's text: the characters XML 1.0 forbids (C0 controls other than whitespace,
/// U+FFFE, U+FFFF) dropped, line breaks and tabs turned into spaces, trimmed.
fn segment_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            let c0_control = c.is_control() && (c as u32) < 0x20 && !c.is_whitespace();
            !c0_control && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `YYYYMMDDThhmmssZ` for seconds since the Unix epoch (UTC).
pub fn tmx_date(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let secs = unix_seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;
    use crate::pipeline::{Config, align_texts};
    use quick_xml::events::Event;

    #[test]
    fn dates() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        // Checked with `date -u -d @SECONDS`.
        assert_eq!(tmx_date(1_795_575_661), "20261125T030101Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
    }

    /// One `<tu>`: its props' texts and its (language, segment) pairs.
    type Unit = (Vec<String>, Vec<(String, String)>);

    /// Parses the TMX with an XML parser and returns its units.
    fn parse(xml: &str) -> Vec<Unit> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut units = Vec::new();
        let (mut props, mut segs) = (Vec::new(), Vec::new());
        let (mut lang, mut text, mut in_text) = (String::new(), String::new(), false);
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) if e.name().as_ref() == b"tuv" => {
                    let attr = e.try_get_attribute("xml:lang").unwrap().unwrap();
                    lang = attr.unescape_value().unwrap().to_string();
                }
                Event::Start(e) if matches!(e.name().as_ref(), b"seg" | b"prop") => {
                    in_text = true;
                    text.clear();
                }
                Event::Text(t) if in_text => text.push_str(&t.unescape().unwrap()),
                Event::End(e) if e.name().as_ref() == b"seg" => {
                    segs.push((lang.clone(), text.clone()));
                    in_text = false;
                }
                Event::End(e) if e.name().as_ref() == b"prop" => {
                    props.push(text.clone());
                    in_text = false;
                }
                Event::End(e) if e.name().as_ref() == b"tu" => {
                    units.push((std::mem::take(&mut props), std::mem::take(&mut segs)));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        units
    }

    #[test]
    fn tmx_is_well_formed_escaped_and_skips_unaligned() {
        let src = "Tom & Jerry <script>alert(1)</script>.\nA \u{1}control line.\nLeft out here.\n";
        let tgt = "توم وجيري \u{200F}«نص».\nسطر تحكم.\n";
        let mut config = Config::new(profile("en"), profile("ar"));
        config.presegmented = true;
        let alignment = align_texts(src, tgt, &config);
        let options = TmxOptions {
            src_lang: "en-US".into(),
            tgt_lang: "ar-SA".into(),
            creation_date: tmx_date(0),
            include_unaligned: false,
        };
        let mut out = Vec::new();
        write(&alignment, &options, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(
            xml.contains(r#"srclang="en-US""#) && xml.contains("creationdate=\"19700101T000000Z\"")
        );
        assert!(!xml.contains("<script>"), "escaped");
        let units = parse(&xml);
        let aligned = alignment
            .beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .count();
        assert_eq!(units.len(), aligned);
        let (props, segs) = &units[0];
        assert_eq!(props[1], "1-1");
        assert_eq!(
            segs[0],
            (
                "en-US".to_string(),
                "Tom & Jerry <script>alert(1)</script>.".to_string()
            )
        );
        assert_eq!(segs[1].0, "ar-SA");
        assert!(segs[1].1.contains('\u{200F}'), "bidi marks kept");
        assert!(
            units
                .iter()
                .flat_map(|u| &u.1)
                .all(|(_, t)| !t.contains('\u{1}') && t.trim() == t)
        );
    }

    /// Found by the `align` fuzz target: U+FFFE and U+FFFF were written into the TMX,
    /// which XML 1.0 forbids (a CAT tool's parser rejects the whole file).
    #[test]
    fn noncharacters_fffe_and_ffff_are_dropped() {
        assert_eq!(segment_text("a\u{FFFE}b\u{FFFF} c\u{FFFD}"), "ab c\u{FFFD}");
        assert_eq!(segment_text(" \u{0}x\ty\u{1F} "), "x y");
    }
}
