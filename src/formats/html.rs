//! A self-contained review page: the two texts side by side, one row per bead.
//!
//! No network access is needed: styles and the small script are inline. The target
//! column is right-to-left when the language is written so; rows are coloured by
//! confidence and flagged rows carry the reason; rows a reviewer confirmed are marked
//! `✓ confirmed` and need no review; a checkbox shows only the rows that need
//! review, and j / k (or the arrow keys) move between those rows. Every piece of text is
//! HTML-escaped, so a sentence holding `<script>` shows as text and runs nothing.

use std::io::{self, Write};

use crate::formats::tsv::numbers;
use crate::pipeline::{AlignedBead, Alignment};

/// What the page needs besides the alignment.
#[derive(Clone, Debug)]
pub struct HtmlOptions {
    pub title: String,
    pub src_lang: String,
    pub tgt_lang: String,
    pub src_rtl: bool,
    pub tgt_rtl: bool,
}

/// Confidence under which a row needs review even without a flag.
const REVIEW_BELOW: f32 = 0.8;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1rem}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;vertical-align:top}\
th{background:#eee;position:sticky;top:0}.num{white-space:nowrap;color:#555;font-size:.85em}\
tr.ok{background:#f3fbf3}tr.mid{background:#fff8e1}tr.low{background:#fdecea}\
tr.confirmed{background:#e8f0fe}.status{color:#1a5e20;font-size:.85em}\
tr.current{outline:3px solid #1a73e8}.flags{color:#b00020;font-size:.85em}\
body.review-only tr.ok{display:none}";

const SCRIPT: &str = "const rows=[...document.querySelectorAll('tbody tr')];let at=-1;\
function visible(r){return r.offsetParent!==null&&!r.classList.contains('ok')}\
function go(step){const c=rows.filter(visible);if(!c.length)return;\
let i=c.indexOf(rows[at]);i=i<0?(step>0?0:c.length-1):(i+step+c.length)%c.length;\
rows.forEach(r=>r.classList.remove('current'));const r=c[i];at=rows.indexOf(r);\
r.classList.add('current');r.scrollIntoView({block:'center'})}\
document.getElementById('only').addEventListener('change',e=>\
document.body.classList.toggle('review-only',e.target.checked));\
document.addEventListener('keydown',e=>{if(e.key==='j'||e.key==='ArrowDown'){go(1);e.preventDefault()}\
if(e.key==='k'||e.key==='ArrowUp'){go(-1);e.preventDefault()}});";

/// Writes the review page.
pub fn write(alignment: &Alignment, options: &HtmlOptions, out: &mut dyn Write) -> io::Result<()> {
    let dir = |rtl: bool| if rtl { "rtl" } else { "ltr" };
    let review = alignment.beads.iter().filter(|b| needs_review(b)).count();
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en"><head><meta charset="utf-8">"#)?;
    writeln!(
        out,
        "<title>{}</title><style>{STYLE}</style></head><body>",
        escape(&options.title)
    )?;
    writeln!(out, "<h1>{}</h1>", escape(&options.title))?;
    writeln!(
        out,
        r#"<p>{} beads, {review} to review. <label><input type="checkbox" id="only"> only rows that need review</label> — j / k move between them.</p>"#,
        alignment.beads.len()
    )?;
    writeln!(
        out,
        r#"<table><thead><tr><th>#</th><th lang="{}" dir="{}">{}</th><th lang="{}" dir="{}">{}</th><th>bead</th><th>confidence</th><th>flags</th></tr></thead><tbody>"#,
        escape(&options.src_lang),
        dir(options.src_rtl),
        escape(&options.src_lang),
        escape(&options.tgt_lang),
        dir(options.tgt_rtl),
        escape(&options.tgt_lang),
    )?;
    for bead in &alignment.beads {
        let class = if bead.confirmed {
            "ok confirmed"
        } else if !needs_review(bead) {
            "ok"
        } else if bead.confidence >= 0.5 {
            "mid"
        } else {
            "low"
        };
        let status = if bead.confirmed {
            r#"<span class="status">✓ confirmed</span><br>"#
        } else {
            ""
        };
        let flags: Vec<&str> = bead.review.flags.iter().map(|f| f.name()).collect();
        writeln!(
            out,
            r#"<tr class="{class}"><td class="num">{} / {}</td><td lang="{}" dir="{}">{}</td><td lang="{}" dir="{}">{}</td><td class="num">{}</td><td class="num">{:.3}</td><td class="flags">{status}{}{}</td></tr>"#,
            numbers(&bead.src),
            numbers(&bead.tgt),
            escape(&options.src_lang),
            dir(options.src_rtl),
            escape(&alignment.src.joined(bead.src.clone())),
            escape(&options.tgt_lang),
            dir(options.tgt_rtl),
            escape(&alignment.tgt.joined(bead.tgt.clone())),
            bead.shape(),
            bead.confidence,
            escape(&flags.join(", ")),
            if bead.review.note.is_empty() {
                String::new()
            } else {
                format!("<br>{}", escape(&bead.review.note))
            },
        )?;
    }
    writeln!(
        out,
        "</tbody></table><script>{SCRIPT}</script></body></html>"
    )
}

/// Whether a row is one to look at: flagged or not confident, and not confirmed by a
/// reviewer already.
fn needs_review(bead: &AlignedBead) -> bool {
    !bead.confirmed && (!bead.review.flags.is_empty() || bead.confidence < REVIEW_BELOW)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;
    use crate::pipeline::{Config, align_texts};

    #[test]
    fn hostile_text_is_escaped_and_the_arabic_column_is_rtl() {
        let mut config = Config::new(profile("en"), profile("ar"));
        config.presegmented = true;
        let src = "<script>alert(1)</script> and <img src=x onerror=alert(2)>.\nSecond \"quoted\" line.\n";
        let tgt = "نص <b>عربي</b>.\nسطر ثان.\n";
        let alignment = align_texts(src, tgt, &config);
        let options = HtmlOptions {
            title: "a <test> & more".into(),
            src_lang: "en".into(),
            tgt_lang: "ar".into(),
            src_rtl: false,
            tgt_rtl: true,
        };
        let mut out = Vec::new();
        write(&alignment, &options, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(!html.contains("<script>alert"), "script tag escaped");
        assert!(!html.contains("<img"), "img tag escaped");
        assert!(!html.contains("<b>"), "markup in text escaped");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains(r#"<td lang="ar" dir="rtl">"#));
        assert_eq!(html.matches("<tr class=").count(), alignment.beads.len());
        assert_eq!(
            html.matches("<script>").count(),
            1,
            "only the page's own script"
        );
    }
}
