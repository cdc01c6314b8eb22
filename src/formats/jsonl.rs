//! JSON Lines: one object per document pair, `{"id": ..., "beads": [...]}`, each bead
//! with its 0-based sentence ids, texts, type, confidence, flags, note and review status.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::pipeline::Alignment;

#[derive(Serialize)]
struct Bead<'a> {
    src: Vec<usize>,
    tgt: Vec<usize>,
    src_text: Cow<'a, str>,
    tgt_text: Cow<'a, str>,
    #[serde(rename = "type")]
    shape: String,
    confidence: f64,
    flags: Vec<&'a str>,
    note: &'a str,
    /// `confirmed` for a bead a reviewer confirmed, else empty.
    status: &'static str,
}

/// The JSON object of one alignment; `id` is included when given.
pub fn record(alignment: &Alignment, id: Option<&serde_json::Value>) -> serde_json::Value {
    let beads: Vec<Bead> = alignment
        .beads
        .iter()
        .map(|b| Bead {
            src: b.src.clone().collect(),
            tgt: b.tgt.clone().collect(),
            src_text: alignment.src.joined(b.src.clone()),
            tgt_text: alignment.tgt.joined(b.tgt.clone()),
            shape: b.shape().to_string(),
            // Three decimals, as in the TSV: more would be noise.
            confidence: (b.confidence as f64 * 1000.0).round() / 1000.0,
            flags: b.review.flags.iter().map(|f| f.name()).collect(),
            note: &b.review.note,
            status: b.status(),
        })
        .collect();
    match id {
        Some(id) => serde_json::json!({ "id": id, "beads": beads }),
        None => serde_json::json!({ "beads": beads }),
    }
}

/// Writes the alignment as one JSON line.
pub fn write(alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", record(alignment, None))
}
