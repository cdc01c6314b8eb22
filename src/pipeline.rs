//! The whole alignment of one document pair: segment, normalize, extract anchors,
//! estimate the pair's length ratio, search, score and flag.
//!
//! The search runs twice. The first pass uses the ratio of the two texts' total lengths
//! (shrunk towards the languages' prior ratio for short texts); the second uses the ratio
//! and the length variance measured on the first pass's 1-1 beads, which boilerplate and
//! omitted paragraphs no longer distort.

use std::borrow::Cow;
use std::ops::Range;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

use crate::align::{self, Bead, COARSE_BLOCK, Problem, SearchParams, SideFeatures, Start};
use crate::anchors::{self, AnchorKind, Anchors, Side, SideAnchors};
use crate::confidence::confidence;
use crate::core_lexicon;
use crate::cost::{CostModel, CostParams, Shape};
use crate::lang::{LanguageProfile, Script};
use crate::lexicon::{self, Lexicon, Words};
use crate::normalize::{Keys, key_length, match_key};
use crate::qa::{self, Review};
use crate::scorer::BeadScorer;
use crate::segment::{self, Ending, Sentence};

/// Pseudo-count, in source characters, that pulls a short document's ratio towards the
/// languages' prior ratio: a 200-character text moves halfway.
const RATIO_PRIOR_CHARS: f64 = 200.0;
/// Median |z| of a normal variable, for the robust variance estimate.
const NORMAL_MEDIAN_ABS: f64 = 0.674_49;
/// Margin (nats) of a 1-1 bead from which the first pass is sure enough of it to cut the
/// document there: the best rival way to reach it costs e^10 times less likely.
const HARD_ANCHOR_MARGIN: f32 = 10.0;
/// Fewest beads in a span between hard anchors: spans are worth searching in parallel
/// only when long, and short documents are never cut.
const MIN_SPAN_BEADS: usize = 1000;
/// Most beads a lexicon is learned from: co-occurrence counts grow with the square of
/// sentence length, and a few thousand beads already teach the frequent words.
const MAX_LEARNING_BEADS: usize = 2000;
/// Sentences or beads below which a loop over them is not worth splitting over threads.
const PARALLEL_CHUNK: usize = 4096;
/// Fewest 1-1 beads from which a document's own ratio and variance are trusted.
const MIN_BEADS_FOR_ESTIMATE: usize = 5;
/// The first pass runs again when its beads' length ratio and the one it searched with
/// differ by more than this factor, at most `MAX_RATIO_RERUNS` times. Chosen on
/// Text+Berg dev cut into five documents with a passage of unrelated French (a quarter
/// or half of their length) at their start, middle or end (`scripts/passage_eval.py`):
/// mean strict F1 .889 without reruns, .895 with 1.25, .900 with 1.2, .902 with 1.15,
/// .903 with 1.1; clean and noisy dev the same for all. 1.2 reruns 1.3% of the pairs of
/// the batch benchmark, 1.1 5%.
const RATIO_RERUN: f64 = 1.2;
const MAX_RATIO_RERUNS: usize = 4;

/// How long each stage of an alignment took, in order (`mizan align --timings`).
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    last: Option<Instant>,
}

impl Timings {
    pub fn start() -> Timings {
        Timings {
            stages: Vec::new(),
            last: Some(Instant::now()),
        }
    }

    /// Records that `stage` ended now.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        let since = self.last.map_or(Duration::ZERO, |t| now - t);
        self.stages.push((stage, since));
        self.last = Some(now);
    }
}

/// Everything that decides an alignment. The library never sees command-line types.
#[derive(Clone, Debug)]
pub struct Config {
    pub src_lang: LanguageProfile,
    pub tgt_lang: LanguageProfile,
    /// Each non-empty line is one sentence (no segmentation).
    pub presegmented: bool,
    pub cost: CostParams,
    pub search: SearchParams,
    /// Re-estimate the ratio and variance from a first pass and search again.
    pub two_pass: bool,
    /// Learn a lexicon from the first pass's confident beads and use it in the second.
    pub learn_lexicon: bool,
    /// Word pairs given by the user (`--dict`), used as anchors in both passes.
    pub dictionary: Option<Lexicon>,
    /// Use the built-in core lexicon (`core_lexicon`) as a dictionary too.
    pub core_lexicon: bool,
    /// Word pairs learned over a whole corpus (`--learn-lexicon`), used in both passes
    /// and weighed like the lexicon a document teaches itself.
    pub corpus_lexicon: Option<Lexicon>,
    /// Factor applied to the variance measured on the document; the measured variance
    /// is a floor-free estimate from clean beads, and translations have heavier tails.
    pub variance_inflation: f64,
    /// Largest bead side of the first pass when a second follows. The first pass is a
    /// guide: the second searches ±`SearchParams::guided_band` around its path with every
    /// shape, and its estimates come from its one-to-one beads. Beads of four and five
    /// sentences a side (priors 3e-4 and 3e-5) were a third of its pair shapes; leaving
    /// them to the second pass changed no clean figure (Text+Berg dev, noisy dev .876 ->
    /// .875) and took 9% of a long document's instructions.
    pub first_pass_max_bead: usize,
}

impl Config {
    pub fn new(src_lang: LanguageProfile, tgt_lang: LanguageProfile) -> Config {
        Config {
            src_lang,
            tgt_lang,
            presegmented: false,
            cost: CostParams::default(),
            search: SearchParams::default(),
            two_pass: true,
            learn_lexicon: true,
            dictionary: None,
            core_lexicon: true,
            corpus_lexicon: None,
            variance_inflation: 3.0,
            first_pass_max_bead: 3,
        }
    }
}

impl Config {
    /// Limits bead shapes to at most `max` sentences on either side (0-1 and 1-0 stay).
    pub fn set_max_bead(&mut self, max: usize) {
        self.cost
            .shapes
            .retain(|(s, _)| s.src.max(s.tgt) <= max.max(1));
    }

    /// Sets one numeric parameter by name (`indel_cost=1.5`, `weight.number=2`,
    /// `prior.2-1=0.05`), so that parameters can be tuned without rebuilding.
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("expected NAME=VALUE, found `{assignment}`"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("`{value}` is not a number"))?;
        let kinds = [
            "number",
            "punctuation",
            "name",
            "cognate",
            "lexicon",
            "dictionary",
            "date",
        ];
        match name.trim() {
            "variance" => self.cost.variance = value,
            "indel_cost" => self.cost.indel_cost = value,
            "paragraph_break" => self.cost.paragraph_break = value,
            "similarity" => self.cost.similarity_weight = value,
            "fragment_merge" => self.cost.fragment_merge = value,
            "lead_in_omission" => self.cost.lead_in_omission = value,
            "form_mismatch" => self.cost.form_mismatch = value,
            "variance_inflation" => self.variance_inflation = value,
            "two_pass" => self.two_pass = value != 0.0,
            "learn_lexicon" => self.learn_lexicon = value != 0.0,
            "core_lexicon" => self.core_lexicon = value != 0.0,
            "band" => self.search.band = value as usize,
            "guided_band" => self.search.guided_band = value as usize,
            "edge_margin" => self.search.edge_margin = value as usize,
            "corridor_margin" => self.search.corridor_margin = value as usize,
            "corridor_reach" => self.search.corridor_reach = value as usize,
            "max_bead" => self.set_max_bead(value as usize),
            "first_pass_max_bead" => self.first_pass_max_bead = value as usize,
            other => {
                let kind_index = |kind: &str| {
                    kinds
                        .iter()
                        .position(|&k| k == kind)
                        .ok_or_else(|| format!("no anchor kind `{kind}`"))
                };
                if let Some(kind) = other.strip_prefix("mismatch.") {
                    self.cost.mismatch_weights[kind_index(kind)?] = value;
                } else if let Some(kind) = other.strip_prefix("orphan.") {
                    self.cost.orphan_weights[kind_index(kind)?] = value;
                } else if let Some(kind) = other.strip_prefix("weight.") {
                    self.cost.anchor_weights[kind_index(kind)?] = value;
                } else if let Some(shape) = other.strip_prefix("prior.") {
                    let (a, b) = shape
                        .split_once('-')
                        .ok_or_else(|| format!("bad shape `{shape}`"))?;
                    let shape = Shape::new(
                        a.parse().map_err(|_| "bad shape")?,
                        b.parse().map_err(|_| "bad shape")?,
                    );
                    match self.cost.shapes.iter_mut().find(|(s, _)| *s == shape) {
                        Some(entry) => entry.1 = value,
                        None => self.cost.shapes.push((shape, value)),
                    }
                } else {
                    return Err(format!("unknown parameter `{other}`"));
                }
            }
        }
        Ok(())
    }
}

/// One side of a document pair, segmented.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    pub text: &'a str,
    pub sentences: Vec<Sentence>,
    /// Matching keys of the sentences, until the search has found the anchors and
    /// numbered the words in them: [`search_documents`] drops them then (at 100,000
    /// sentences a side they took 24 MB, a sixth of the peak), and [`Document::key`]
    /// computes a key again when it is needed.
    keys: Keys,
    /// Lengths, paragraphs and fragment flags for the search.
    pub features: SideFeatures,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str, profile: &LanguageProfile, presegmented: bool) -> Document<'a> {
        let sentences = if presegmented {
            segment::presegmented(text)
        } else {
            segment::segment(text, profile)
        };
        // In parallel for long texts (batch and stream already are, over documents);
        // each part's lengths while its keys are still in the cache, in place (a
        // vector of them per part, then joined, was 8 MB more at the peak of a
        // 1,000,000-sentence pair).
        let mut lengths = vec![0.0f32; sentences.len()];
        let keys = Keys::concat(
            (sentences.par_chunks(PARALLEL_CHUNK))
                .zip(lengths.par_chunks_mut(PARALLEL_CHUNK))
                .map(|(chunk, lengths)| {
                    let keys = Keys::new(chunk.iter().map(|s| &text[s.range.clone()]));
                    for (length, key) in lengths.iter_mut().zip(keys.iter()) {
                        *length = key_length(key) as f32;
                    }
                    keys
                })
                .collect(),
        );
        let endings: Vec<Ending> = sentences
            .iter()
            .map(|s| Ending::of(&text[s.range.clone()]))
            .collect();
        let features = SideFeatures {
            lengths,
            paragraphs: sentences.iter().map(|s| s.paragraph).collect(),
            fragments: segment::fragment_flags(text, &sentences, &endings),
            lead_ins: segment::lead_in_flags(text, &sentences),
            endings,
        };
        Document {
            text,
            sentences,
            keys,
            features,
        }
    }

    pub fn sentence(&self, i: usize) -> &'a str {
        &self.text[self.sentences[i].range.clone()]
    }

    /// The matching key of sentence `i`.
    pub fn key(&self, i: usize) -> Cow<'_, str> {
        match self.keys.get(i) {
            Some(key) => Cow::Borrowed(key),
            None => Cow::Owned(match_key(self.sentence(i))),
        }
    }

    /// The matching keys of sentences `range` joined by a space.
    fn joined_key(&self, range: Range<usize>) -> String {
        range.map(|i| self.key(i)).collect::<Vec<_>>().join(" ")
    }

    /// The texts of sentences `range`, joined by spaces; one sentence's is borrowed,
    /// not copied (most beads have one sentence a side).
    pub fn joined(&self, range: Range<usize>) -> Cow<'a, str> {
        if range.len() == 1 {
            return Cow::Borrowed(self.sentence(range.start));
        }
        Cow::Owned(
            range
                .map(|i| self.sentence(i))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }
}

/// A bead with what a reviewer needs: confidence and flags.
#[derive(Clone, Debug)]
pub struct AlignedBead {
    pub src: Range<usize>,
    pub tgt: Range<usize>,
    pub confidence: f32,
    pub cost: f32,
    pub review: Review,
    /// A reviewer confirmed the bead (`mizan realign`): it was kept as it was, not
    /// searched for.
    pub confirmed: bool,
}

impl AlignedBead {
    /// The review status shown in the outputs: `confirmed` or empty.
    pub fn status(&self) -> &'static str {
        if self.confirmed { "confirmed" } else { "" }
    }

    pub fn shape(&self) -> Shape {
        Shape::new(self.src.len(), self.tgt.len())
    }
}

/// The alignment of a document pair.
#[derive(Clone, Debug)]
pub struct Alignment<'a> {
    pub src: Document<'a>,
    pub tgt: Document<'a>,
    pub beads: Vec<AlignedBead>,
    /// Target characters per source character used by the final search.
    pub ratio: f64,
    /// Length variance per character used by the final search.
    pub variance: f64,
    /// How long each stage took.
    pub timings: Timings,
}

/// Segments two texts and aligns them unless a side has more than `max_sentences`
/// sentences; then it returns which side (`"source"` or `"target"`) and its count, so
/// that the caller can refuse the input before the search allocates for it.
pub fn align_limited<'a>(
    src_text: &'a str,
    tgt_text: &'a str,
    config: &Config,
    max_sentences: usize,
) -> Result<Alignment<'a>, (&'static str, usize)> {
    let mut timings = Timings::start();
    let (src, tgt) = documents(src_text, tgt_text, config);
    timings.lap("segment");
    if src.len() > max_sentences {
        return Err(("source", src.len()));
    }
    if tgt.len() > max_sentences {
        return Err(("target", tgt.len()));
    }
    Ok(align_timed(src, tgt, config, timings))
}

/// Both sides segmented, in parallel.
fn documents<'a>(src: &'a str, tgt: &'a str, config: &Config) -> (Document<'a>, Document<'a>) {
    rayon::join(
        || Document::new(src, &config.src_lang, config.presegmented),
        || Document::new(tgt, &config.tgt_lang, config.presegmented),
    )
}

/// Aligns two texts.
///
/// ```
/// use mizan::{lang, pipeline::{align_texts, Config}};
/// let en = "Hamas holds over 200 hostages. Qatar is mediating.";
/// let ar = "تحتجز حماس أكثر من ٢٠٠ رهينة. وتتوسط قطر.";
/// let config = Config::new(lang::profile("en"), lang::profile("ar"));
/// let alignment = align_texts(en, ar, &config);
/// let pairs: Vec<_> = alignment.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
/// assert_eq!(pairs, vec![(0..1, 0..1), (1..2, 1..2)]);
/// ```
pub fn align_texts<'a>(src_text: &'a str, tgt_text: &'a str, config: &Config) -> Alignment<'a> {
    let (src, tgt) = documents(src_text, tgt_text, config);
    align_documents(src, tgt, config)
}

/// Aligns two segmented documents.
pub fn align_documents<'a>(src: Document<'a>, tgt: Document<'a>, config: &Config) -> Alignment<'a> {
    align_timed(src, tgt, config, Timings::start())
}

fn align_timed<'a>(
    mut src: Document<'a>,
    mut tgt: Document<'a>,
    config: &Config,
    mut timings: Timings,
) -> Alignment<'a> {
    let (beads, mut search) = search_documents(&mut src, &mut tgt, config);
    timings.stages.append(&mut search.timings.stages);
    timings.last = search.timings.last;
    search.timings = timings;
    let confirmed = vec![false; beads.len()];
    finish_alignment(src, tgt, &beads, &confirmed, &search, config)
}

/// What the search of a document pair settled on besides its beads: the anchors (with
/// the dictionary and any lexicon learned on the first pass) and the final pass's cost
/// model, whose ratio and variance were estimated on the document.
pub struct SearchModel {
    pub anchors: Anchors,
    pub model: CostModel,
    /// How long the search's stages took.
    pub timings: Timings,
}

/// The search of [`align_documents`], without confidence and flags: both passes, and
/// the model the beads were found with, for aligning parts of the document again
/// (`realign`). The documents' matching keys are dropped once the words in them are
/// numbered ([`Document::key`] computes them again).
pub fn search_documents<'a>(
    src: &mut Document<'a>,
    tgt: &mut Document<'a>,
    config: &Config,
) -> (Vec<Bead>, SearchModel) {
    let mut timings = Timings::start();
    let words_of = |src_keys: &Keys, tgt_keys: &Keys| {
        rayon::join(
            || Words::new(src_keys, &config.src_lang),
            || Words::new(tgt_keys, &config.tgt_lang),
        )
    };
    let core = config.core_lexicon && core_lexicon::covers(&config.src_lang, &config.tgt_lang);
    let given = config.dictionary.is_some() || config.corpus_lexicon.is_some() || core;
    // Without a dictionary (the core lexicon lacks one of the languages, or is off)
    // the words are needed only to learn the lexicon after the first pass, and are
    // numbered while it searches: its block alignment keeps one thread busy alone.
    let learning = config.learn_lexicon && config.two_pass && !given;
    let words = given.then(|| words_of(&src.keys, &tgt.keys));
    // Word pairs already anchored, so that the learned lexicon does not anchor a pair
    // a second time (counting its bonus twice).
    let mut anchored: HashSet<(u32, u32)> = HashSet::default();
    // The given word pairs (a dictionary's with the core lexicon's, then a corpus
    // lexicon's), anchored in the room the lists leave for them once the keys are gone.
    let mut groups = Vec::new();
    if let Some((src_words, tgt_words)) = &words {
        let mut dictionary = (config.dictionary.as_ref())
            .map(|d| d.ids(src_words, tgt_words))
            .unwrap_or_default();
        if core {
            let (s, t) = (&config.src_lang, &config.tgt_lang);
            dictionary.extend(core_lexicon::pairs(s, t, src_words, tgt_words));
            dictionary.sort_unstable();
            dictionary.dedup();
        }
        let dictionary = lexicon::without_frequent(dictionary, src_words, tgt_words);
        let corpus = (config.corpus_lexicon.as_ref())
            .map(|l| (AnchorKind::Lexicon, l.ids(src_words, tgt_words)));
        for (kind, mut pairs) in [(AnchorKind::Dictionary, dictionary)]
            .into_iter()
            .chain(corpus)
        {
            pairs.retain(|&pair| anchored.insert(pair));
            groups.push((kind, pairs));
        }
    }
    timings.lap("words and dictionary");
    let mut anchors = {
        let room = (words.as_ref()).map_or((0, 0), |(src_words, tgt_words)| {
            let pairs = groups.iter().flat_map(|(_, pairs)| pairs);
            anchors::pair_room(pairs, src_words, tgt_words)
        });
        let scripts = (config.src_lang.script, config.tgt_lang.script);
        let names = anchors::names_across_scripts(scripts.0, scripts.1);
        // The anchors read the keys last, unless the words are still to be numbered
        // (`learning`) or an Arabic side's words are to be matched with the names of a
        // Latin-script one.
        let keep =
            |profile: &LanguageProfile| learning || (names && profile.script == Script::Arabic);
        let same_script = scripts.0 == scripts.1;
        let find = |doc: &mut Document, profile, room, words| {
            side_anchors(doc, profile, same_script, keep(profile), room, words)
        };
        let (src_words, tgt_words) = words.as_ref().map(|(s, t)| (s, t)).unzip();
        let (src_found, tgt_found) = rayon::join(
            || find(src, &config.src_lang, room.0, src_words),
            || find(tgt, &config.tgt_lang, room.1, tgt_words),
        );
        // The texts are read only to find the names of a Latin-script side.
        let texts = |doc: &Document<'a>, script: Script| -> Vec<&'a str> {
            if names && script == Script::Cased {
                (0..doc.len()).map(|i| doc.sentence(i)).collect()
            } else {
                Vec::new()
            }
        };
        let (src_texts, tgt_texts) = (texts(src, scripts.0), texts(tgt, scripts.1));
        anchors::combine(
            src_found,
            tgt_found,
            &Side {
                texts: &src_texts,
                keys: &src.keys,
                profile: &config.src_lang,
            },
            &Side {
                texts: &tgt_texts,
                keys: &tgt.keys,
                profile: &config.tgt_lang,
            },
        )
    };
    // The keys are not needed once the words are numbered and the anchors found.
    if !learning {
        src.keys = Keys::default();
        tgt.keys = Keys::default();
    }
    if let Some((src_words, tgt_words)) = &words {
        for (kind, pairs) in &groups {
            anchors.add_word_pairs(*kind, pairs, src_words, tgt_words);
        }
    }
    anchors.drop_weightless(&config.cost.orphan_weights);
    timings.lap("anchors");
    let prior_ratio = config.tgt_lang.length_factor / config.src_lang.length_factor;
    let (src_total, tgt_total) = (total(&src.features.lengths), total(&tgt.features.lengths));
    let mut ratio = (tgt_total + RATIO_PRIOR_CHARS * prior_ratio) / (src_total + RATIO_PRIOR_CHARS);
    let mut variance = config.cost.variance;
    let mut model = CostModel::new(config.cost.clone(), ratio, variance);
    let first_model = |ratio: f64, variance: f64| {
        let mut cost = config.cost.clone();
        if config.two_pass {
            let most = config.first_pass_max_bead.max(1);
            cost.shapes.retain(|(s, _)| s.src.max(s.tgt) <= most);
        }
        CostModel::new(cost, ratio, variance)
    };
    let first_pass_with = |model: &CostModel| {
        let whole = Problem {
            src: &src.features,
            tgt: &tgt.features,
            anchors: &anchors,
            model,
        };
        first_pass(&whole, &config.search)
    };
    let first = first_model(ratio, variance);
    let (mut beads, mut words) = if learning {
        let (beads, words) = rayon::join(
            || first_pass_with(&first),
            || words_of(&src.keys, &tgt.keys),
        );
        src.keys = Keys::default();
        tgt.keys = Keys::default();
        (beads, Some(words))
    } else {
        (first_pass_with(&first), words)
    };
    let mut estimate = estimate_lengths(&beads, &src.features.lengths, &tgt.features.lengths);
    // The ratio of the two texts' totals is wrong when one side carries a long passage
    // the other lacks (a second article, a block of related links): the first pass then
    // expects each sentence to translate into too much text, and strays. While its own
    // one-to-one beads say the ratio is off by more than `RATIO_RERUN`, it runs again
    // with theirs (a few times at most; the estimate settles in one or two).
    let mut used = ratio;
    for _ in 0..MAX_RATIO_RERUNS * usize::from(config.two_pass) {
        let Some((r, _)) = estimate.filter(|&(r, _)| (r / used).ln().abs() > RATIO_RERUN.ln())
        else {
            break;
        };
        used = r;
        beads = first_pass_with(&first_model(r, variance));
        estimate = estimate_lengths(&beads, &src.features.lengths, &tgt.features.lengths);
    }
    timings.lap("first pass");
    let second_pass = if let Some((r, v)) = estimate.filter(|_| config.two_pass) {
        ratio = r;
        variance = config.cost.variance.max(v * config.variance_inflation);
        model = CostModel::new(config.cost.clone(), ratio, variance);
        // The words are not needed past the lexicon: they go before the second pass.
        if config.learn_lexicon {
            let (src_words, tgt_words) = words.take().expect("numbered for learning");
            let mut learned = learn_from(&beads, &src_words, &tgt_words);
            learned.retain(|pair| !anchored.contains(pair));
            anchors.add_word_pairs(AnchorKind::Lexicon, &learned, &src_words, &tgt_words);
            timings.lap("lexicon");
        }
        true
    } else if config.two_pass && first.shapes().ne(model.shapes()) {
        // Too few one-to-one beads to estimate from (a short document): the search
        // stays with the prior model, but the first pass's path is only a guide, and a
        // second search around it with every shape finds the larger beads.
        model = CostModel::new(config.cost.clone(), used, variance);
        true
    } else {
        false
    };
    if second_pass {
        beads = realign_in_spans(
            &beads,
            &src.features,
            &tgt.features,
            &anchors,
            &model,
            config,
        );
    }
    timings.lap("second pass");
    (
        beads,
        SearchModel {
            anchors,
            model,
            timings,
        },
    )
}

/// One side's own anchors, from its matching keys (and its `words` when they are
/// numbered already: the cognate prefixes are read from their stems, once per stem,
/// [`SideAnchors::with_words`]): the keys are read in place when `keep`, otherwise
/// taken from the document and dropped part by part as they are read, so that a long
/// document's keys and the anchor lists made from them are not all held at once (they
/// were the peak of a 100,000-sentence pair).
fn side_anchors<'p>(
    doc: &mut Document,
    profile: &'p LanguageProfile,
    same_script: bool,
    keep: bool,
    room: usize,
    words: Option<&'p Words>,
) -> SideAnchors<'p> {
    let mut found = SideAnchors::new(&doc.keys, profile, same_script, room);
    if let Some(words) = words {
        found = found.with_words(words);
    }
    if keep {
        found.push(&doc.keys);
    } else {
        for part in std::mem::take(&mut doc.keys).into_parts() {
            found.push(&part);
        }
    }
    found
}

/// Confidence, flags and texts for `beads` of the two documents, found with `search`.
/// A bead marked in `confirmed` (one flag per bead) was settled by a reviewer: it gets
/// confidence 1, no cost and the `confirmed` status, and its flags still say what it
/// holds (an omission, a number on one side only).
pub fn finish_alignment<'a>(
    src: Document<'a>,
    tgt: Document<'a>,
    beads: &[Bead],
    confirmed: &[bool],
    search: &SearchModel,
    config: &Config,
) -> Alignment<'a> {
    assert_eq!(beads.len(), confirmed.len(), "one confirmed flag per bead");
    let problem = Problem {
        src: &src.features,
        tgt: &tgt.features,
        anchors: &search.anchors,
        model: &search.model,
    };
    let scorer = BeadScorer::new(&problem);
    let src_script = config.src_lang.script;
    let cross_script = src_script != config.tgt_lang.script;
    let is_src_letter = move |c: char| match src_script {
        Script::Arabic => crate::normalize::is_arabic_letter(c),
        _ => crate::normalize::is_letter(c) && !crate::normalize::is_arabic_letter(c),
    };
    let script_test: Option<&(dyn Fn(char) -> bool + Sync)> = if cross_script {
        Some(&is_src_letter)
    } else {
        None
    };
    let beads = beads
        .par_iter()
        .zip(confirmed)
        .with_min_len(PARALLEL_CHUNK)
        .map(|(b, &confirmed)| {
            let mut bead = if confirmed {
                finish_confirmed(b, &problem)
            } else {
                finish(b, &scorer, &problem)
            };
            let texts = (src.joined(b.src.clone()), tgt.joined(b.tgt.clone()));
            let count = b.src.len() + b.tgt.len();
            let same = same_keys(&src, &tgt, b);
            let review = &mut bead.review;
            qa::review_texts(review, (&texts.0, &texts.1), same, count, script_test);
            bead
        })
        .collect();
    let mut timings = search.timings.clone();
    timings.lap("confidence and flags");
    Alignment {
        src,
        tgt,
        beads,
        ratio: search.model.ratio,
        variance: search.model.variance,
        timings,
    }
}

/// Whether the two sides of a bead have the same matching keys (a sentence left
/// untranslated). Joining keys adds at most one to the length for each space it puts
/// between them, so sides whose lengths cannot meet differ, and their keys, no longer
/// kept, are not computed again (the sides of almost every bead).
fn same_keys(src: &Document, tgt: &Document, bead: &Bead) -> bool {
    let bounds = |doc: &Document, range: &Range<usize>| {
        let least: f32 = doc.features.lengths[range.clone()].iter().sum();
        (least, least + range.len().saturating_sub(1) as f32)
    };
    let (a, b) = (bounds(src, &bead.src), bounds(tgt, &bead.tgt));
    a.0 <= b.1 && b.0 <= a.1 && src.joined_key(bead.src.clone()) == tgt.joined_key(bead.tgt.clone())
}

/// The first pass. A long document is aligned block by block first; it is then cut at
/// the block alignment's hard anchors — one-to-one block pairs it was sure of — into
/// spans searched independently and in parallel, each along its part of the block
/// alignment. The block alignment of a long document is found the same way, so every
/// level of the search runs on all cores.
fn first_pass(whole: &Problem, search: &SearchParams) -> Vec<Bead> {
    let (n, m) = (whole.src.len(), whole.tgt.len());
    if n.min(m) < 2 * MIN_SPAN_BEADS {
        return align::align_from(whole, search, Start::Diagonal);
    }
    let blocks = align::coarse_path(whole, search, first_pass);
    let spans = hard_anchor_spans(
        &blocks.beads,
        |k| blocks.one_to_one[k],
        MIN_SPAN_BEADS / COARSE_BLOCK,
    );
    let run = |span: &Range<usize>| -> Vec<Bead> {
        let corridor = &blocks.beads[span.clone()];
        let (first, last) = (&corridor[0], &corridor[corridor.len() - 1]);
        let range = (first.src.start..last.src.end, first.tgt.start..last.tgt.end);
        align_span(whole, search, range, Start::Corridor(corridor))
    };
    let parts: Vec<Vec<Bead>> = spans.par_iter().map(run).collect();
    parts.concat()
}

/// The second pass, around the first pass's path. A long document is cut at hard
/// anchors — 1-1 beads the first pass was sure of — into spans searched independently
/// and in parallel; each span's search ends exactly at its anchor.
fn realign_in_spans(
    guide: &[Bead],
    src: &SideFeatures,
    tgt: &SideFeatures,
    anchors: &Anchors,
    model: &CostModel,
    config: &Config,
) -> Vec<Bead> {
    let spans = hard_anchor_spans(guide, |k| one_sentence_each(&guide[k]), MIN_SPAN_BEADS);
    let whole = Problem {
        src,
        tgt,
        anchors,
        model,
    };
    let run = |beads: &[Bead]| -> Vec<Bead> {
        let (first, last) = (&beads[0], &beads[beads.len() - 1]);
        let span = (first.src.start..last.src.end, first.tgt.start..last.tgt.end);
        align_span(&whole, &config.search, span, Start::Path(beads))
    };
    if spans.len() == 1 {
        return align::align_near(&whole, &config.search, Some(guide));
    }
    let parts: Vec<Vec<Bead>> = spans
        .par_iter()
        .map(|span| run(&guide[span.clone()]))
        .collect();
    parts.concat()
}

/// Aligns source sentences `span.0` with target sentences `span.1` of `whole` as a
/// problem of their own (features and anchors cut out; the document's anchor frequencies
/// and cost model kept) and returns the beads numbered in the whole document. A path or
/// corridor in `start` is in whole-document numbers, from the start of both ranges to
/// their ends.
pub fn align_span(
    whole: &Problem,
    search: &SearchParams,
    span: (Range<usize>, Range<usize>),
    start: Start,
) -> Vec<Bead> {
    let (src_range, tgt_range) = span;
    let (s0, t0) = (src_range.start, tgt_range.start);
    let (src_part, tgt_part) = (
        whole.src.slice(src_range.clone()),
        whole.tgt.slice(tgt_range.clone()),
    );
    let part_anchors = whole.anchors.slice(src_range, tgt_range);
    let shift = |b: &Bead, ds: isize, dt: isize| Bead {
        src: (b.src.start as isize + ds) as usize..(b.src.end as isize + ds) as usize,
        tgt: (b.tgt.start as isize + dt) as usize..(b.tgt.end as isize + dt) as usize,
        ..b.clone()
    };
    let local = |beads: &[Bead]| -> Vec<Bead> {
        beads
            .iter()
            .map(|b| shift(b, -(s0 as isize), -(t0 as isize)))
            .collect()
    };
    let problem = Problem {
        src: &src_part,
        tgt: &tgt_part,
        anchors: &part_anchors,
        model: whole.model,
    };
    let shifted;
    let start = match start {
        Start::Diagonal => Start::Diagonal,
        Start::Path(path) => {
            shifted = local(path);
            Start::Path(&shifted)
        }
        Start::Corridor(path) => {
            shifted = local(path);
            Start::Corridor(&shifted)
        }
    };
    align::align_from(&problem, search, start)
        .iter()
        .map(|b| shift(b, s0 as isize, t0 as isize))
        .collect()
}

/// Bead index ranges of the spans an alignment is cut into: a span ends with a bead
/// that `one_to_one` says pairs one unit (sentence, or block of them) with one and whose
/// margin is at least `HARD_ANCHOR_MARGIN`, once it holds at least `min_beads` beads and
/// leaves as many.
fn hard_anchor_spans(
    beads: &[Bead],
    one_to_one: impl Fn(usize) -> bool,
    min_beads: usize,
) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (k, bead) in beads.iter().enumerate() {
        let hard = one_to_one(k) && bead.margin >= HARD_ANCHOR_MARGIN;
        if hard && k + 1 - start >= min_beads && beads.len() - (k + 1) >= min_beads {
            spans.push(start..k + 1);
            start = k + 1;
        }
    }
    spans.push(start..beads.len());
    spans
}

/// Whether a bead of sentences pairs one with one.
fn one_sentence_each(bead: &Bead) -> bool {
    bead.src.len() == 1 && bead.tgt.len() == 1
}

/// The cheapest half (at most `MAX_LEARNING_BEADS`) of an alignment's 1-1 beads: the
/// sentence pairs a lexicon is learned from.
fn confident_pairs<'b>(
    beads: impl Iterator<Item = (&'b Range<usize>, &'b Range<usize>, f32)>,
) -> Vec<(usize, usize)> {
    let mut one_to_one: Vec<(usize, usize, f32)> = beads
        .filter(|(s, t, _)| s.len() == 1 && t.len() == 1)
        .map(|(s, t, cost)| (s.start, t.start, cost))
        .collect();
    one_to_one.sort_by(|a, b| a.2.total_cmp(&b.2));
    one_to_one.truncate(one_to_one.len().div_ceil(2).min(MAX_LEARNING_BEADS));
    one_to_one.into_iter().map(|(s, t, _)| (s, t)).collect()
}

/// A lexicon learned from a first pass's confident beads, as stem numbers.
fn learn_from(beads: &[Bead], src: &Words, tgt: &Words) -> Vec<(u32, u32)> {
    let pairs: Vec<(&[u32], &[u32])> =
        confident_pairs(beads.iter().map(|b| (&b.src, &b.tgt, b.cost)))
            .into_iter()
            .map(|(s, t)| (src.sentence(s), tgt.sentence(t)))
            .collect();
    lexicon::learn_ids(&pairs, &src.vocabulary, &tgt.vocabulary)
}

/// The lexical tokens of a source sentence and of its translation.
pub type TokenPair = (Vec<String>, Vec<String>);

/// Token lists of an alignment's confident 1-1 beads, for learning one lexicon over a
/// whole corpus (`batch --learn-lexicon`): pool these over the documents, learn with
/// [`lexicon::learn`], and realign each document with the result as its `corpus_lexicon`.
pub fn confident_token_pairs(
    alignment: &Alignment,
    config: &Config,
) -> Vec<(Vec<String>, Vec<String>)> {
    confident_pairs(alignment.beads.iter().map(|b| (&b.src, &b.tgt, b.cost)))
        .into_iter()
        .map(|(s, t)| {
            (
                lexicon::tokens(&alignment.src.key(s), &config.src_lang),
                lexicon::tokens(&alignment.tgt.key(t), &config.tgt_lang),
            )
        })
        .collect()
}

/// Learns one lexicon from token pairs pooled over documents.
pub fn learn_pooled(pairs: &[TokenPair]) -> Lexicon {
    let pairs: Vec<(&[String], &[String])> = pairs
        .iter()
        .map(|(s, t)| (s.as_slice(), t.as_slice()))
        .collect();
    lexicon::learn(&pairs)
}

fn total(lengths: &[f32]) -> f64 {
    lengths.iter().map(|&l| l as f64).sum()
}

/// The ratio and a robust variance estimate from the 1-1 beads of a first pass.
fn estimate_lengths(beads: &[Bead], src_len: &[f32], tgt_len: &[f32]) -> Option<(f64, f64)> {
    let pairs: Vec<(f64, f64)> = beads
        .iter()
        .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
        .map(|b| (src_len[b.src.start] as f64, tgt_len[b.tgt.start] as f64))
        .filter(|&(s, t)| s > 0.0 && t > 0.0)
        .collect();
    if pairs.len() < MIN_BEADS_FOR_ESTIMATE {
        return None;
    }
    let ratio = pairs.iter().map(|p| p.1).sum::<f64>() / pairs.iter().map(|p| p.0).sum::<f64>();
    let mut z: Vec<f64> = pairs
        .iter()
        .map(|&(s, t)| ((t - s * ratio) / ((s * ratio + t) / 2.0).sqrt()).abs())
        .collect();
    z.sort_by(f64::total_cmp);
    let median = z[z.len() / 2];
    Some((ratio, (median / NORMAL_MEDIAN_ABS).powi(2)))
}

/// A confirmed bead: certain, whatever its shape (the scorer only knows the shapes the
/// search may use, so its flags come from the sentence lengths directly).
fn finish_confirmed(bead: &Bead, problem: &Problem) -> AlignedBead {
    let length = |lengths: &[f32], range: Range<usize>| lengths[range].iter().sum::<f32>();
    let lengths = (
        length(&problem.src.lengths, bead.src.clone()),
        length(&problem.tgt.lengths, bead.tgt.clone()),
    );
    AlignedBead {
        src: bead.src.clone(),
        tgt: bead.tgt.clone(),
        confidence: 1.0,
        cost: 0.0,
        review: qa::review(bead, 1.0, problem.anchors, problem.model, lengths),
        confirmed: true,
    }
}

fn finish(bead: &Bead, scorer: &BeadScorer, problem: &Problem) -> AlignedBead {
    let evidence = scorer.evidence(bead.src.clone(), bead.tgt.clone());
    let confidence = confidence(bead, &evidence, problem.model);
    let review = qa::review(
        bead,
        confidence,
        problem.anchors,
        problem.model,
        (evidence.src_len, evidence.tgt_len),
    );
    AlignedBead {
        src: bead.src.clone(),
        tgt: bead.tgt.clone(),
        confidence,
        cost: bead.cost,
        review,
        confirmed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_keys_are_found_with_or_without_the_keys_kept() {
        let profile = crate::lang::profile("en");
        let src_text = "The Report.\nIt was late.\nSame words here.\n";
        let tgt_text = "the report. it was late.\nSAME WORDS HERE.\nOther words here.\n";
        let bead = |src: Range<usize>, tgt: Range<usize>| Bead {
            src,
            tgt,
            cost: 0.0,
            margin: 0.0,
        };
        let beads = [
            bead(0..2, 0..1),
            bead(2..3, 1..2),
            bead(2..3, 2..3),
            bead(0..1, 0..1),
        ];
        let mut src = Document::new(src_text, &profile, true);
        let mut tgt = Document::new(tgt_text, &profile, true);
        let expected = [true, true, false, false];
        for dropped in [false, true] {
            if dropped {
                (src.keys, tgt.keys) = (Keys::default(), Keys::default());
            }
            let found: Vec<bool> = beads.iter().map(|b| same_keys(&src, &tgt, b)).collect();
            assert_eq!(found, expected, "keys dropped: {dropped}");
        }
        assert_eq!(src.key(2), "same words here.");
    }

    fn bead(k: usize, margin: f32) -> Bead {
        Bead {
            src: k..k + 1,
            tgt: k..k + 1,
            cost: 0.0,
            margin,
        }
    }

    #[test]
    fn long_alignments_are_cut_at_sure_beads_only() {
        let beads: Vec<Bead> = (0..3500)
            .map(|k| bead(k, if k % 700 == 0 { 20.0 } else { 1.0 }))
            .collect();
        let spans = hard_anchor_spans(&beads, |k| one_sentence_each(&beads[k]), MIN_SPAN_BEADS);
        // The sure bead at 1400 ends the first span; 700 comes too early, 2100 too soon
        // after the cut, and 2800 would leave fewer than 1000 beads after it.
        assert_eq!(spans, vec![0..1401, 1401..3500]);
        let short: Vec<Bead> = (0..900).map(|k| bead(k, 20.0)).collect();
        assert_eq!(
            hard_anchor_spans(&short, |k| one_sentence_each(&short[k]), MIN_SPAN_BEADS),
            vec![0..900]
        );
    }

    /// Regression: a pair both in the corpus lexicon and learned from the document was
    /// anchored twice, its bonus counted twice (dev with `--learn-lexicon` .883 instead
    /// of .902).
    #[test]
    fn a_word_pair_is_anchored_once() {
        // "Hund" and "chien" are in every sentence, "der", "mein", "le" and "mon" in half.
        let lines = |even: &str, odd: &str| -> String {
            (1..=24)
                .map(|n| format!("{} {n}.\n", if n % 2 == 0 { even } else { odd }))
                .collect()
        };
        let src = lines("Der Hund schläft um", "Mein Hund schläft um");
        let tgt = lines("Le chien dort à", "Mon chien dort à");
        let labels = |config: &Config| -> Vec<String> {
            let mut src = Document::new(&src, &config.src_lang, true);
            let mut tgt = Document::new(&tgt, &config.tgt_lang, true);
            let (_, search) = search_documents(&mut src, &mut tgt, config);
            let mut labels: Vec<String> = search
                .anchors
                .labels
                .iter()
                .filter(|l| l.ends_with("=chien"))
                .cloned()
                .collect();
            labels.sort();
            labels
        };
        let mut config = Config::new(crate::lang::profile("de"), crate::lang::profile("fr"));
        assert_eq!(
            labels(&config),
            vec!["lex:hund=chien"],
            "learned from the document"
        );
        config.corpus_lexicon = Some(Lexicon {
            pairs: vec![("hund".to_string(), "chien".to_string())],
        });
        assert_eq!(labels(&config), vec!["lex:hund=chien"], "and given");
    }

    /// Of two English sentences of the same length, the one whose weekday the Arabic
    /// names is its translation; the other was left out.
    #[test]
    fn a_weekday_tells_which_sentence_was_left_out() {
        let src = "The delegations met in the capital on Monday.\n\
                   The delegations met again on Thursday evening.\n\
                   A final statement is expected next week.\n";
        let tgt = "والتقى الوفدان مجددا مساء يوم الخميس.\n\
                   ومن المتوقع صدور بيان ختامي الأسبوع المقبل.\n";
        // The first source sentence of each bead without a target side.
        let omitted = |config: &Config| -> Vec<usize> {
            let alignment = align_texts(src, tgt, config);
            let beads = alignment.beads.iter();
            beads
                .filter(|b| b.tgt.is_empty())
                .map(|b| b.src.start)
                .collect()
        };
        let mut config = Config::new(crate::lang::profile("en"), crate::lang::profile("ar"));
        config.presegmented = true;
        // The core lexicon knows "met", "again" and "evening": without it, only the
        // weekday tells the two sentences apart.
        config.core_lexicon = false;
        assert_eq!(omitted(&config), [0]);
        config.set("weight.date=0").unwrap();
        config.set("mismatch.date=0").unwrap();
        assert_ne!(omitted(&config), [0], "without the date anchor");
    }
}
