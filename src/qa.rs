//! QA flags: why a reviewer should look at a bead.
//!
//! Flags are computed from the bead's own evidence after the search: omissions and
//! additions, numbers present on one side only (compared across scripts), a length far
//! from the document's ratio, and low confidence. Each flag comes with a short note
//! that says what was found ("5700 only in source").

use crate::align::Bead;
use crate::anchors::{AnchorKind, Anchors};
use crate::cost::CostModel;

/// |δ| beyond which a bead's lengths disagree with the document's ratio: a two-tailed
/// probability under 0.3%.
const LENGTH_RATIO_DELTA: f64 = 3.0;
/// Confidence below which a bead is flagged for review.
const LOW_CONFIDENCE: f32 = 0.5;

/// One reason to review a bead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Source sentences with no target: the translation left them out.
    Omitted,
    /// Target sentences with no source: added in the translation (or boilerplate).
    Added,
    /// A number on one side is missing from the other.
    NumberMismatch,
    /// The lengths are far outside the document's ratio.
    LengthRatio,
    LowConfidence,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Flag::Omitted => "omitted",
            Flag::Added => "added",
            Flag::NumberMismatch => "number-mismatch",
            Flag::LengthRatio => "length-ratio",
            Flag::LowConfidence => "low-confidence",
        }
    }
}

/// The flags of a bead and a note explaining them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    pub flags: Vec<Flag>,
    pub note: String,
}

/// Flags one bead.
pub fn review(
    bead: &Bead,
    confidence: f32,
    anchors: &Anchors,
    model: &CostModel,
    lengths: (f32, f32),
) -> Review {
    let mut flags = Vec::new();
    let mut notes = Vec::new();
    if bead.tgt.is_empty() {
        flags.push(Flag::Omitted);
        notes.push("no target sentence".to_string());
    } else if bead.src.is_empty() {
        flags.push(Flag::Added);
        notes.push("no source sentence".to_string());
    } else {
        let src: Vec<&[u32]> = bead
            .src
            .clone()
            .map(|r| anchors.src[r].as_slice())
            .collect();
        let tgt: Vec<&[u32]> = bead
            .tgt
            .clone()
            .map(|t| anchors.tgt[t].as_slice())
            .collect();
        let src_numbers = anchors.labels_of(&src, AnchorKind::Number);
        let tgt_numbers = anchors.labels_of(&tgt, AnchorKind::Number);
        let only_src: Vec<&str> = src_numbers
            .iter()
            .filter(|n| !tgt_numbers.contains(n))
            .map(|n| &n[2..])
            .collect();
        let only_tgt: Vec<&str> = tgt_numbers
            .iter()
            .filter(|n| !src_numbers.contains(n))
            .map(|n| &n[2..])
            .collect();
        if !only_src.is_empty() || !only_tgt.is_empty() {
            flags.push(Flag::NumberMismatch);
            if !only_src.is_empty() {
                notes.push(format!("{} only in source", only_src.join(" ")));
            }
            if !only_tgt.is_empty() {
                notes.push(format!("{} only in target", only_tgt.join(" ")));
            }
        }
        let delta = model.delta(lengths.0, lengths.1);
        if delta.abs() > LENGTH_RATIO_DELTA {
            flags.push(Flag::LengthRatio);
            let side = if delta > 0.0 { "target" } else { "source" };
            notes.push(format!(
                "{side} much longer than expected (delta {delta:.1})"
            ));
        }
        if confidence < LOW_CONFIDENCE {
            flags.push(Flag::LowConfidence);
        }
    }
    Review {
        flags,
        note: notes.join("; "),
    }
}
