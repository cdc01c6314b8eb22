//! mizan aligns a translated text with its original, sentence by sentence.
//!
//! The flow, one module per step: [`input`] decodes files; [`segment`] splits text into
//! sentences with a [`lang`] profile; [`normalize`] builds matching keys; [`anchors`]
//! finds what both sides share (numbers, punctuation, names through [`translit`],
//! cognates); [`cost`] scores a candidate bead; [`align`] searches the best bead sequence
//! in a band around the diagonal, scoring candidates with [`scorer`]; [`confidence`] and [`qa`] score and flag each bead;
//! [`pipeline`] runs it all for one document pair; [`formats`] writes the result and
//! [`eval`] scores it against a gold alignment. For a correction round trip, [`review`]
//! reads a reviewer's edited table back and [`realign`] aligns again around the rows
//! the reviewer confirmed.
//!
//! ```
//! use mizan::{lang, pipeline::{align_texts, Config}};
//!
//! let en = "Qatar is urging Hamas to release 200 hostages. Israel is preparing an assault.";
//! let ar = "تحث قطر حماس على الإفراج عن ٢٠٠ رهينة. وتستعد إسرائيل لشن هجوم.";
//! let config = Config::new(lang::profile("en"), lang::profile("ar"));
//! let alignment = align_texts(en, ar, &config);
//! assert_eq!(alignment.beads.len(), 2);
//! assert_eq!(alignment.beads[0].src, 0..1);
//! assert_eq!(alignment.beads[0].tgt, 0..1);
//! assert!(alignment.beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
//! ```

pub mod align;
pub mod anchors;
pub mod calendar;
pub mod confidence;
pub mod core_lexicon;
pub mod cost;
pub mod error;
pub mod eval;
pub mod formats;
pub mod input;
pub mod lang;
pub mod lexicon;
pub mod noise;
pub mod normalize;
pub mod pipeline;
pub mod qa;
pub mod realign;
pub mod review;
pub mod scorer;
pub mod segment;
pub mod translit;
