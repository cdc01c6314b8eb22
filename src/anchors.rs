//! Anchors: tokens that a sentence and its translation share whatever the languages.
//!
//! Each sentence gets a sorted list of anchor ids, interned over the document pair:
//! numbers (normalized across scripts and separators, `5,700` = `٥٧٠٠`), punctuation
//! that survives translation (question and exclamation marks, quotes, parentheses,
//! percent), month and weekday names (`calendar`), names matched across scripts through
//! consonant skeletons (`translit`), and for same-script pairs cognates (shared
//! four-letter word prefixes). The aligner scores
//! a bead by the anchors its two sides share.

// FxHash: these maps hold words and anchor labels of one document; SipHash took an
// eighth of the batch profile and needs no protection against adversarial keys here.
use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use crate::lang::{LanguageProfile, Script};
use crate::lexicon::{StringIndex, Words};
use crate::normalize::Keys;
use crate::translit;

/// What an anchor is; the cost model weighs each kind separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnchorKind {
    Number = 0,
    Punctuation = 1,
    Name = 2,
    Cognate = 3,
    /// A word pair of the lexicon learned from the document's first pass.
    Lexicon = 4,
    /// A word pair of a dictionary given to the aligner (a user's or FreeDict's): unlike
    /// a learned pair, one of its words often has a translation the dictionary does not
    /// list, so missing it is no evidence. (A lexicon learned over a whole corpus is of
    /// the `Lexicon` kind.)
    Dictionary = 5,
    /// A month or weekday name (`calendar`).
    Date = 6,
}

/// Number of anchor kinds, for per-kind arrays.
pub const KINDS: usize = 7;

/// Sorted, deduplicated anchor ids of consecutive sentences, kept one list after another
/// in one vector: sentence s has `ids[offsets[s]..offsets[s + 1]]`. (One vector per
/// sentence took 24 bytes of header and an allocation each: at 100,000 sentences a side,
/// 7 MB of the heap's peak.) The ids of a run of sentences are contiguous
/// ([`Lists::span`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lists {
    offsets: Vec<usize>,
    ids: Vec<u32>,
}

impl Default for Lists {
    fn default() -> Self {
        Lists {
            offsets: vec![0],
            ids: Vec::new(),
        }
    }
}

impl Lists {
    /// Room for `sentences` lists holding `ids` ids in all.
    pub fn with_capacity(sentences: usize, ids: usize) -> Lists {
        let mut offsets = Vec::with_capacity(sentences + 1);
        offsets.push(0);
        Lists {
            offsets,
            ids: Vec::with_capacity(ids),
        }
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends the list of the next sentence.
    pub fn push(&mut self, ids: impl IntoIterator<Item = u32>) {
        self.ids.extend(ids);
        self.offsets.push(self.ids.len());
    }

    /// The lists of the sentences in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u32]> + Clone {
        self.offsets.windows(2).map(|w| &self.ids[w[0]..w[1]])
    }

    /// The ids of sentences `sentences`, one list after another (not deduplicated).
    pub fn span(&self, sentences: Range<usize>) -> &[u32] {
        &self.ids[self.offsets[sentences.start]..self.offsets[sentences.end]]
    }

    /// Every id of every list.
    pub fn all(&self) -> &[u32] {
        &self.ids
    }

    /// Adds ids to the lists: `added` holds (sentence, id) pairs in order of sentence.
    /// Ids are added as they come; sort them after if they must be.
    fn add(&mut self, added: &[(u32, u32)]) {
        let first = |s: usize| added.partition_point(|&(at, _)| (at as usize) < s);
        self.grow_each(
            |s| first(s + 1) - first(s),
            |s, slots| {
                for (slot, &(_, id)) in slots.iter_mut().zip(&added[first(s)..]) {
                    *slot = id;
                }
            },
        );
    }

    /// Adds `count(s)` ids after the ids of each list s, which `fill(s, slots)` writes.
    /// Grown in place, from the last list back, into the room the vector has left (the
    /// room `SideAnchors::new` reserves): each list moves up by the ids added before
    /// it, its own after it. Nothing is copied whole, so the lists are not held twice.
    fn grow_each(
        &mut self,
        count: impl Fn(usize) -> usize,
        mut fill: impl FnMut(usize, &mut [u32]),
    ) {
        let mut offsets = Vec::with_capacity(self.offsets.len());
        offsets.push(0);
        for s in 0..self.len() {
            offsets.push(offsets[s] + self.offsets[s + 1] - self.offsets[s] + count(s));
        }
        self.ids.resize(offsets[self.len()], 0);
        for s in (0..self.len()).rev() {
            let (old, to) = (self.offsets[s]..self.offsets[s + 1], offsets[s]);
            let moved = to + old.len();
            self.ids.copy_within(old, to);
            fill(s, &mut self.ids[moved..offsets[s + 1]]);
        }
        self.offsets = offsets;
    }

    /// Keeps in each list the ids that `keep` says, in place.
    fn retain_each(&mut self, keep: impl Fn(u32) -> bool) {
        // Compacted as it goes, as in `sort_dedup_each`.
        let (mut kept, mut start) = (0, 0);
        for s in 0..self.len() {
            let end = self.offsets[s + 1];
            for k in start..end {
                if keep(self.ids[k]) {
                    self.ids[kept] = self.ids[k];
                    kept += 1;
                }
            }
            self.offsets[s + 1] = kept;
            start = end;
        }
        self.ids.truncate(kept);
    }

    /// Sorts each list and removes its repeats, in place.
    fn sort_dedup_each(&mut self) {
        // Compacted as it goes: a list moves down by the repeats before it, so where it
        // starts is read before the list before it is written.
        let (mut kept, mut start) = (0, 0);
        for s in 0..self.len() {
            let end = self.offsets[s + 1];
            self.ids[start..end].sort_unstable();
            let list_start = kept;
            for k in start..end {
                if kept == list_start || self.ids[k] != self.ids[kept - 1] {
                    self.ids[kept] = self.ids[k];
                    kept += 1;
                }
            }
            self.offsets[s + 1] = kept;
            start = end;
        }
        self.ids.truncate(kept);
    }
}

/// Ids to add to lists, as (sentence, id) in order of sentence ([`Lists::add`]).
type Added = Vec<(u32, u32)>;

impl std::ops::Index<usize> for Lists {
    type Output = [u32];

    fn index(&self, s: usize) -> &[u32] {
        &self.ids[self.offsets[s]..self.offsets[s + 1]]
    }
}

impl From<Vec<Vec<u32>>> for Lists {
    fn from(lists: Vec<Vec<u32>>) -> Lists {
        let mut out = Lists::with_capacity(lists.len(), lists.iter().map(Vec::len).sum());
        for list in lists {
            out.push(list);
        }
        out
    }
}

/// The anchors of every sentence of a document pair, with ids shared by both sides.
#[derive(Clone, Debug, Default)]
pub struct Anchors {
    /// Sorted, deduplicated anchor ids of each source sentence.
    pub src: Lists,
    /// Sorted, deduplicated anchor ids of each target sentence.
    pub tgt: Lists,
    /// The kind of each anchor id.
    pub kinds: Vec<AnchorKind>,
    /// The anchor text of each id ("n:5700", "name:hms"), for flags and debugging.
    pub labels: Vec<String>,
    /// How many source and target sentences hold each id.
    pub src_freq: Vec<u32>,
    pub tgt_freq: Vec<u32>,
    /// Sentence counts of the whole document pair, which specificity is relative to (a
    /// slice of the anchors keeps those of the whole).
    pub size: (usize, usize),
}

impl Anchors {
    /// Adds word-pair anchors of `kind` (lexicon or dictionary): the id of a pair (stem
    /// numbers of `src` and `tgt`) goes to every source sentence that has its source word
    /// and every target sentence that has its target word.
    pub fn add_word_pairs(
        &mut self,
        kind: AnchorKind,
        pairs: &[(u32, u32)],
        src: &Words,
        tgt: &Words,
    ) {
        if pairs.is_empty() {
            return;
        }
        let mut by_src: Vec<Vec<u32>> = vec![Vec::new(); src.vocabulary.len()];
        let mut by_tgt: Vec<Vec<u32>> = vec![Vec::new(); tgt.vocabulary.len()];
        for &(s, t) in pairs {
            let id = self.kinds.len() as u32;
            self.kinds.push(kind);
            self.labels.push(pair_label(kind, (s, t), src, tgt));
            by_src[s as usize].push(id);
            by_tgt[t as usize].push(id);
        }
        // Each pair's id goes to the sentences holding its word, and is counted there: a
        // pair has one word on each side, and a sentence's words are distinct, so a
        // sentence gets it once.
        let kinds = self.kinds.len();
        // The new ids are numbered after every id a list holds, so the list stays
        // sorted with them sorted after it.
        let attach = |lists: &mut Lists, freq: &mut Vec<u32>, words: &Words, index: &[Vec<u32>]| {
            freq.resize(kinds, 0);
            let added = |s: usize| words.sentence(s).iter().flat_map(|&w| &index[w as usize]);
            lists.grow_each(
                |s| added(s).count(),
                |s, slots| {
                    for (slot, &id) in slots.iter_mut().zip(added(s)) {
                        *slot = id;
                        freq[id as usize] += 1;
                    }
                    slots.sort_unstable();
                },
            );
        };
        // The two sides in parallel: a long document's lists are long.
        rayon::join(
            || attach(&mut self.src, &mut self.src_freq, src, &by_src),
            || attach(&mut self.tgt, &mut self.tgt_freq, tgt, &by_tgt),
        );
    }

    /// Drops from the lists the anchors that weigh nothing: those one side of the
    /// document lacks everywhere, whose kind has no `orphan_weights` (what such an
    /// anchor costs a bead, [`crate::cost::CostParams`]), other than numbers (which the
    /// review flags read). A German word's prefix is seldom a French one: on a
    /// 100,000-sentence de-fr pair they were 35% of the ids (of 3.74 million, 2.42 are
    /// kept), which every search's tables and slices read only to skip. The
    /// frequencies and numbering are kept; every score is the same.
    pub fn drop_weightless(&mut self, orphan_weights: &[f64; KINDS]) {
        // Decided once per id, not at each of its occurrences.
        let kept: Vec<bool> = (0..self.kinds.len() as u32)
            .map(|id| {
                let kind = self.kinds[id as usize];
                self.alignable(id)
                    || kind == AnchorKind::Number
                    || orphan_weights[kind as usize] != 0.0
            })
            .collect();
        let keep = |id: u32| kept[id as usize];
        rayon::join(|| self.src.retain_each(keep), || self.tgt.retain_each(keep));
        // Given back: the lists are held through both passes (the first pass's peak).
        self.src.ids.shrink_to_fit();
        self.tgt.ids.shrink_to_fit();
    }

    /// Counts, per kind, the anchors that source sentence `i` and target `j` share.
    pub fn shared(&self, i: usize, j: usize) -> [u16; KINDS] {
        let mut counts = [0u16; KINDS];
        merge(&self.src[i], &self.tgt[j], |id, in_src, in_tgt| {
            if in_src && in_tgt {
                counts[self.kinds[id as usize] as usize] += 1;
            }
        });
        counts
    }

    /// Whether an anchor occurs on both sides of the document: only then can a sentence
    /// that has it expect to find it in its translation.
    pub fn alignable(&self, id: u32) -> bool {
        self.src_freq[id as usize] > 0 && self.tgt_freq[id as usize] > 0
    }

    /// How much sharing this anchor says about two sentences, in (0, 1]: 1 for an anchor
    /// found in one sentence on each side, near 0 for one found in every sentence.
    /// It is ln(1 + nm / (f_s f_t)) / ln(1 + nm), for n and m sentences and the anchor's
    /// sentence frequencies f_s and f_t on each side.
    pub fn specificity(&self, id: u32) -> f32 {
        let (n, m) = (self.size.0 as f64, self.size.1 as f64);
        let (fs, ft) = (
            self.src_freq[id as usize] as f64,
            self.tgt_freq[id as usize] as f64,
        );
        if fs == 0.0 || ft == 0.0 || n * m == 0.0 {
            return 0.0;
        }
        ((1.0 + n * m / (fs * ft)).ln() / (1.0 + n * m).ln()) as f32
    }

    /// The anchors of source sentences `src` and target sentences `tgt` only, with the
    /// whole document's frequencies and size. Ids are renumbered over the anchors the
    /// slice holds, so that a slice costs what it holds, not what the document holds
    /// (labels are left out).
    pub fn slice(&self, src: Range<usize>, tgt: Range<usize>) -> Anchors {
        // The ids the slice holds, as a bit set, numbered in increasing order: a sorted
        // list stays sorted under that numbering, so no list is sorted again (renumbered
        // by first appearance through a hash map and each list sorted, the slices were
        // 5% of a long document's instructions).
        let (src_ids, tgt_ids) = (self.src.span(src.clone()), self.tgt.span(tgt.clone()));
        let mut held = vec![0u64; self.kinds.len().div_ceil(64)];
        for &id in src_ids.iter().chain(tgt_ids) {
            held[id as usize / 64] |= 1 << (id % 64);
        }
        let mut before = Vec::with_capacity(held.len());
        let mut count = 0u32;
        for &word in &held {
            before.push(count);
            count += word.count_ones();
        }
        let local = |id: u32| {
            let (word, bit) = (id as usize / 64, id % 64);
            before[word] + (held[word] & ((1u64 << bit) - 1)).count_ones()
        };
        let mut out = Anchors {
            size: self.size,
            ..Default::default()
        };
        for (w, &word) in held.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let id = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                out.kinds.push(self.kinds[id]);
                out.src_freq.push(self.src_freq[id]);
                out.tgt_freq.push(self.tgt_freq[id]);
            }
        }
        // The same lists, their ids renumbered: the offsets shift by the first one's.
        let renumber = |lists: &Lists, sentences: Range<usize>| -> Lists {
            let base = lists.offsets[sentences.start];
            Lists {
                offsets: (lists.offsets[sentences.start..=sentences.end].iter())
                    .map(|&o| o - base)
                    .collect(),
                ids: lists.span(sentences).iter().map(|&id| local(id)).collect(),
            }
        };
        out.src = renumber(&self.src, src);
        out.tgt = renumber(&self.tgt, tgt);
        out
    }

    /// The anchors of blocks of consecutive sentences: block k of the source holds
    /// sentences `src_bounds[k]..src_bounds[k + 1]`, and so on the target. Each block
    /// holds the anchors of its sentences, and frequencies count blocks. Only anchors
    /// found in at most one block in `BLOCK_ANCHOR_SHARE` (and at least two) on each
    /// side are kept: the block alignment needs anchors that say where a block is, and
    /// common ones would only make it slower.
    pub fn blocks(&self, src_bounds: &[usize], tgt_bounds: &[usize]) -> Anchors {
        // Blocks are counted from their sentences' lists and then given their rare
        // anchors only, instead of holding each block's whole union: the unions of a
        // 100,000-sentence pair took 13 MB, most of it common anchors.
        let ranges = |bounds: &[usize]| -> Vec<Range<usize>> {
            bounds.windows(2).map(|w| w[0]..w[1]).collect()
        };
        let (src_blocks, tgt_blocks) = (ranges(src_bounds), ranges(tgt_bounds));
        // An id counts once per block: it is counted where the block it was last seen
        // in changes (instead of sorting each block's ids to remove repeats).
        let block_frequencies = |lists: &Lists, blocks: &[Range<usize>]| {
            let mut freq = vec![0u32; self.kinds.len()];
            let mut seen_in = vec![u32::MAX; self.kinds.len()];
            for (b, block) in (0u32..).zip(blocks) {
                for &id in lists.span(block.clone()) {
                    if seen_in[id as usize] != b {
                        seen_in[id as usize] = b;
                        freq[id as usize] += 1;
                    }
                }
            }
            freq
        };
        // The two sides in parallel: the blocks of a long document are many.
        let (src_freq, tgt_freq) = rayon::join(
            || block_frequencies(&self.src, &src_blocks),
            || block_frequencies(&self.tgt, &tgt_blocks),
        );
        let most = |blocks: &[Range<usize>]| (blocks.len() / BLOCK_ANCHOR_SHARE).max(2) as u32;
        let (src_most, tgt_most) = (most(&src_blocks), most(&tgt_blocks));
        let rare = |id: u32| src_freq[id as usize] <= src_most && tgt_freq[id as usize] <= tgt_most;
        let rare_blocks = |lists: &Lists, blocks: &[Range<usize>]| -> Lists {
            // Sized once, for the rare ids with their repeats inside a block (capacity
            // never written is not resident; shrunk, the lists would be copied).
            let most = lists.all().iter().filter(|&&id| rare(id)).count();
            let mut out = Lists::with_capacity(blocks.len(), most);
            let mut ids = Vec::new();
            for block in blocks {
                ids.clear();
                ids.extend(
                    lists
                        .span(block.clone())
                        .iter()
                        .copied()
                        .filter(|&id| rare(id)),
                );
                ids.sort_unstable();
                ids.dedup();
                out.push(ids.iter().copied());
            }
            out
        };
        let (src, tgt) = rayon::join(
            || rare_blocks(&self.src, &src_blocks),
            || rare_blocks(&self.tgt, &tgt_blocks),
        );
        Anchors {
            size: (src.len(), tgt.len()),
            src_freq: frequencies(&src, self.kinds.len()),
            tgt_freq: frequencies(&tgt, self.kinds.len()),
            src,
            tgt,
            kinds: self.kinds.clone(),
            labels: Vec::new(),
        }
    }

    /// The labels of the anchors of one kind among `ids`, sorted and distinct (the ids
    /// of some sentences, [`Lists::span`]).
    pub fn labels_of(&self, ids: &[u32], kind: AnchorKind) -> Vec<&str> {
        let mut out: Vec<&str> = ids
            .iter()
            .filter(|&&id| self.kinds[id as usize] == kind)
            .map(|&id| self.labels[id as usize].as_str())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The block alignment keeps anchors found in at most one block in this many: about
/// once in the band of blocks it searches, so that an anchor says where a block is.
const BLOCK_ANCHOR_SHARE: usize = 32;

/// Minimum Jaro–Winkler similarity of two skeletons of four or more classes to count as
/// the same name; shorter skeletons must be equal.
const NAME_SIMILARITY: f64 = 0.9;
/// Shortest skeleton that is matched at all: one class alone matches too much.
const MIN_SKELETON: usize = 2;
/// Shortest skeleton compared fuzzily.
const MIN_FUZZY_SKELETON: usize = 4;
/// Length of the word prefix that makes a cognate (Simard et al. 1992 used four).
const COGNATE_PREFIX: usize = 4;

/// One side of the document pair as the anchor extractor sees it.
pub struct Side<'a> {
    /// Original sentence texts (case matters for names).
    pub texts: &'a [&'a str],
    /// Matching keys of the same sentences.
    pub keys: &'a Keys,
    pub profile: &'a LanguageProfile,
}

#[derive(Default)]
struct Interner {
    /// The id of each label of `labels`.
    ids: StringIndex,
    kinds: Vec<AnchorKind>,
    labels: Vec<String>,
    /// Where a label is put together before it is looked up.
    buffer: String,
}

impl Interner {
    /// The id of the anchor labelled `prefix` followed by `body`, allocating only for a
    /// label not seen before.
    fn id(&mut self, kind: AnchorKind, prefix: &str, body: &str) -> u32 {
        self.id_with(kind, prefix, |label| label.push_str(body))
    }

    /// [`Interner::id`] for a label whose body `fill` appends: the cognate prefixes and
    /// punctuation marks are pushed character by character, without going through
    /// `fmt` (which took a third of the cognates' time).
    fn id_with(&mut self, kind: AnchorKind, prefix: &str, fill: impl FnOnce(&mut String)) -> u32 {
        self.buffer.clear();
        self.buffer.push_str(prefix);
        fill(&mut self.buffer);
        let (id, new) = self.ids.intern(&mut self.labels, &self.buffer);
        if new {
            self.kinds.push(kind);
        }
        id
    }
}

/// Extracts the anchors of both sides of a document pair.
pub fn extract(src: &Side, tgt: &Side) -> Anchors {
    extract_with_room(src, tgt, (0, 0))
}

/// [`extract`], leaving room in each side's lists for `room` more ids (the word pairs a
/// dictionary will add, [`pair_room`]), so that [`Anchors::add_word_pairs`] grows them
/// in place instead of copying them: copied, the lists were held twice at a long
/// document's peak.
pub fn extract_with_room<'a>(src: &Side<'a>, tgt: &Side<'a>, room: (usize, usize)) -> Anchors {
    let same_script = src.profile.script == tgt.profile.script;
    let one_side = |side: &Side<'a>, room: usize| -> SideAnchors<'a> {
        let mut found = SideAnchors::new(side.keys, side.profile, same_script, room);
        found.push(side.keys);
        found
    };
    let (src_found, tgt_found) = rayon::join(|| one_side(src, room.0), || one_side(tgt, room.1));
    combine(src_found, tgt_found, src, tgt)
}

/// One side's own anchors, numbered on their own, found from its matching keys part by
/// part ([`SideAnchors::push`]) so that a caller may drop each part once it is read;
/// [`combine`] makes the anchors of the pair from both sides'.
pub struct SideAnchors<'p> {
    interner: Interner,
    lists: Lists,
    profile: &'p LanguageProfile,
    /// Whether both sides are in one script, where words share cognate prefixes.
    cognates: bool,
    /// The side's words, when numbered already and not Arabic: a word's cognate prefix
    /// is then read from its stem, once per distinct stem, instead of from every
    /// occurrence of the word ([`SideAnchors::with_words`]).
    words: Option<&'p Words>,
    /// The cognate id of each stem of `words` seen so far (`UNSEEN` before, `NONE` for
    /// a stem of fewer than `COGNATE_PREFIX` letters).
    stem_cognates: Vec<u32>,
}

/// [`SideAnchors::stem_cognates`] of a stem not seen yet, and of a stem too short.
const UNSEEN: u32 = u32::MAX;
const NONE: u32 = u32::MAX - 1;

impl<'p> SideAnchors<'p> {
    /// Ready for the sentences whose matching keys are `keys` (read only for their
    /// size), with room in the lists for `room` more ids (the word pairs a dictionary
    /// will add, [`pair_room`]).
    pub fn new(keys: &Keys, profile: &'p LanguageProfile, same_script: bool, room: usize) -> Self {
        // Sized for a side's cognate prefixes, as many as its distinct words, so that
        // the map is not rehashed as it grows.
        let expected = crate::lexicon::expected_vocabulary(keys);
        SideAnchors {
            interner: Interner {
                ids: StringIndex::with_capacity(expected),
                ..Interner::default()
            },
            // Sized once, with room to spare for what a side's anchors commonly take (an
            // eighth of the key bytes: the cognates of words of four letters or more, a
            // few numbers and marks; capacity never written is not resident): grown by
            // doubling, the lists of a long document were held twice as they were copied.
            lists: Lists::with_capacity(keys.len(), keys.bytes() / 8 + room),
            profile,
            cognates: same_script,
            words: None,
            stem_cognates: Vec::new(),
        }
    }

    /// Reads the cognate prefixes from `words`, the numbered words of the same
    /// sentences, when they are not Arabic (whose stems are not prefixes). A Latin stem
    /// is the word's first six letters and any word of four letters or more has one (a
    /// key has no Arabic marks to split its runs of letters otherwise), so the prefixes
    /// are the same; they are found once per stem instead of once per occurrence
    /// (splitting, folding and looking up every word's prefix was most of the anchors'
    /// time). The sentences' new stems are numbered in order of first occurrence, so the
    /// new prefixes are numbered in the same order as word by word, and the lists, sorted
    /// and without repeats, are the same.
    pub fn with_words(mut self, words: &'p Words) -> Self {
        if !words.arabic {
            self.words = Some(words);
            self.stem_cognates = vec![UNSEEN; words.vocabulary.len()];
        }
        self
    }

    /// Finds the anchors of the next sentences, whose matching keys are `keys`.
    pub fn push(&mut self, keys: &Keys) {
        for key in keys.iter() {
            common_anchors(key, self.profile, &mut self.interner, &mut self.lists.ids);
            if self.cognates {
                match self.words {
                    Some(words) => self.add_stem_cognates(words),
                    None => add_cognates(key, &mut self.interner, &mut self.lists.ids),
                }
            }
            self.lists.offsets.push(self.lists.ids.len());
        }
    }

    /// Pushes the cognate prefixes of the next sentence's stems ([`SideAnchors::with_words`]).
    fn add_stem_cognates(&mut self, words: &Words) {
        for &stem in words.sentence(self.lists.len()) {
            let known = self.stem_cognates[stem as usize];
            let id = if known != UNSEEN {
                known
            } else {
                let prefix = &words.vocabulary[stem as usize];
                let id = cognate(prefix, &mut self.interner).unwrap_or(NONE);
                self.stem_cognates[stem as usize] = id;
                id
            };
            if id != NONE {
                self.lists.ids.push(id);
            }
        }
    }
}

/// Whether sides in these scripts share names matched across them: a Latin-script side
/// with an Arabic one, which then reads the Latin side's texts and the Arabic side's
/// keys ([`combine`]).
pub fn names_across_scripts(a: Script, b: Script) -> bool {
    matches!(
        (a, b),
        (Script::Arabic, Script::Cased) | (Script::Cased, Script::Arabic)
    )
}

/// The anchors of a document pair from each side's own: the target's renumbered into the
/// source's, and for a Latin-script side with an Arabic one the names matched across
/// the scripts, which read the Latin side's texts and the Arabic side's keys in `src`
/// and `tgt` (nothing else of them).
pub fn combine(src_found: SideAnchors, tgt_found: SideAnchors, src: &Side, tgt: &Side) -> Anchors {
    let (s, t) = (src.profile.script, tgt.profile.script);
    let (mut interner, mut src_lists) = (src_found.interner, src_found.lists);
    let (tgt_interner, mut tgt_lists) = (tgt_found.interner, tgt_found.lists);
    let renumber: Vec<u32> = tgt_interner
        .labels
        .iter()
        .zip(&tgt_interner.kinds)
        .map(|(label, &kind)| interner.id(kind, "", label))
        .collect();
    let names = if !names_across_scripts(s, t) {
        None
    } else if s == Script::Arabic {
        let (tgt_names, src_names) = cross_script_names(tgt, src, &mut interner);
        Some((src_names, tgt_names))
    } else {
        Some(cross_script_names(src, tgt, &mut interner))
    };
    let (src_names, tgt_names) = names.unzip();
    // The two sides in parallel (the target's ids renumbered into the source's): a long
    // document's lists are long.
    let ids = interner.kinds.len();
    let finish = |lists: &mut Lists, renumber: Option<&[u32]>, names: Option<Added>| {
        if let Some(renumber) = renumber {
            for id in &mut lists.ids {
                *id = renumber[*id as usize];
            }
        }
        if let Some(names) = names {
            lists.add(&names);
        }
        lists.sort_dedup_each();
        frequencies(lists, ids)
    };
    let (src_freq, tgt_freq) = rayon::join(
        || finish(&mut src_lists, None, src_names),
        || finish(&mut tgt_lists, Some(&renumber), tgt_names),
    );
    Anchors {
        size: (src_lists.len(), tgt_lists.len()),
        src_freq,
        tgt_freq,
        src: src_lists,
        tgt: tgt_lists,
        kinds: interner.kinds,
        labels: interner.labels,
    }
}

/// The room each side's lists need for word pairs `pairs` (stem numbers of `src` and
/// `tgt`): a pair goes to every sentence that has its word.
pub fn pair_room<'p>(
    pairs: impl IntoIterator<Item = &'p (u32, u32)>,
    src: &Words,
    tgt: &Words,
) -> (usize, usize) {
    pairs.into_iter().fold((0, 0), |(a, b), &(s, t)| {
        (
            a + src.sentences_with(s) as usize,
            b + tgt.sentences_with(t) as usize,
        )
    })
}

/// The label of a word pair of `kind` (dictionary or lexicon): "dict:" or "lex:", then
/// the two stems joined by "=". Built by hand: through `format!` the labels of a batch's
/// dictionary pairs took 1.4% of its instructions.
fn pair_label(kind: AnchorKind, (s, t): (u32, u32), src: &Words, tgt: &Words) -> String {
    let prefix = if kind == AnchorKind::Dictionary {
        "dict"
    } else {
        "lex"
    };
    let (s_word, t_word) = (&src.vocabulary[s as usize], &tgt.vocabulary[t as usize]);
    let mut label = String::with_capacity(prefix.len() + s_word.len() + t_word.len() + 2);
    for part in [prefix, ":", s_word, "=", t_word] {
        label.push_str(part);
    }
    label
}

/// The sorted, deduplicated union of some sentences' anchor ids, given one list after
/// another ([`Lists::span`]).
pub(crate) fn union(lists: &[u32]) -> Vec<u32> {
    let mut ids = lists.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// How many sentences hold each id.
fn frequencies(lists: &Lists, ids: usize) -> Vec<u32> {
    let mut freq = vec![0u32; ids];
    for &id in lists.all() {
        freq[id as usize] += 1;
    }
    freq
}

/// Walks two sorted id lists together, calling `visit(id, in_a, in_b)` once per id.
pub fn merge(a: &[u32], b: &[u32], mut visit: impl FnMut(u32, bool, bool)) {
    let (mut x, mut y) = (0, 0);
    while x < a.len() || y < b.len() {
        match (a.get(x), b.get(y)) {
            (Some(&p), Some(&q)) if p == q => {
                visit(p, true, true);
                x += 1;
                y += 1;
            }
            (Some(&p), Some(&q)) if p < q => {
                visit(p, true, false);
                x += 1;
            }
            (Some(&p), None) => {
                visit(p, true, false);
                x += 1;
            }
            (_, Some(&q)) => {
                visit(q, false, true);
                y += 1;
            }
            (None, None) => break,
        }
    }
}

/// Pushes onto `ids` the numbers, dates and punctuation marks of matching key `key`.
fn common_anchors(
    key: &str,
    profile: &LanguageProfile,
    interner: &mut Interner,
    ids: &mut Vec<u32>,
) {
    // Most sentences have no digit: skip the number scanner for them.
    if key.bytes().any(|b| b.is_ascii_digit()) {
        for n in numbers(key, profile.space_thousands) {
            ids.push(interner.id(AnchorKind::Number, "n:", &n));
        }
    }
    for date in profile.calendar.dates(key) {
        ids.push(interner.id(AnchorKind::Date, "d:", &date.to_string()));
    }
    for mark in punctuation(key) {
        ids.push(interner.id_with(AnchorKind::Punctuation, "p:", |label| label.push(mark)));
    }
}

/// Numbers in a matching key (digits already ASCII), normalized: thousands separators
/// removed, decimal commas turned into points, leading zeros dropped.
pub fn numbers(key: &str, space_thousands: bool) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut groups = vec![String::new()];
        let mut separators = Vec::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                if let Some(group) = groups.last_mut() {
                    group.push(c);
                }
                i += 1;
                continue;
            }
            let is_sep = matches!(c, '.' | ',')
                || (matches!(c, '\u{A0}' | '\u{202F}' | '\u{2009}')
                    || (c == ' ' && space_thousands));
            let digits_after = chars[i + 1..]
                .iter()
                .take_while(|d| d.is_ascii_digit())
                .count();
            let spaced = !matches!(c, '.' | ',');
            if is_sep && digits_after > 0 && (!spaced || digits_after == 3) {
                separators.push(c);
                groups.push(String::new());
                i += 1;
            } else {
                break;
            }
        }
        out.push(normalize_number(&groups, &separators));
    }
    out
}

fn normalize_number(groups: &[String], separators: &[char]) -> String {
    let mut integer = String::new();
    let mut rest = String::new();
    for (k, group) in groups.iter().enumerate() {
        if k == 0 {
            integer.push_str(group);
            continue;
        }
        let thousands = group.len() == 3 && rest.is_empty() && groups[0].len() <= 3;
        let spaced = !matches!(separators[k - 1], '.' | ',');
        if thousands || spaced {
            if rest.is_empty() {
                integer.push_str(group);
            } else {
                rest.push_str(group);
            }
        } else {
            rest.push('.');
            rest.push_str(group);
        }
    }
    let trimmed = integer.trim_start_matches('0');
    let integer = if trimmed.is_empty() { "0" } else { trimmed };
    format!("{integer}{rest}")
}

/// The first byte in UTF-8 of each character `punctuation` keeps: ASCII ? ! " ( ) %,
/// then 0xC2 (¿ ¡ « »), 0xD8 (؟), 0xD9 (٪) and 0xE2 (“ ” „).
const MARK_START: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = [b'?', b'!', b'"', b'(', b')', b'%', 0xC2, 0xD8, 0xD9, 0xE2];
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

/// Punctuation marks that translations keep, folded across scripts.
fn punctuation(key: &str) -> Vec<char> {
    let mut marks = Vec::new();
    // Only the bytes that can start a mark are looked at (one table lookup per byte
    // instead of decoding every character); none of them continues a character.
    for (at, byte) in key.bytes().enumerate() {
        if !MARK_START[usize::from(byte)] {
            continue;
        }
        let Some(c) = key[at..].chars().next() else {
            continue;
        };
        let mark = match c {
            '?' | '؟' | '¿' => '?',
            '!' | '¡' => '!',
            '"' | '“' | '”' | '«' | '»' | '„' => '"',
            '(' | ')' => '(',
            '%' | '٪' => '%',
            _ => continue,
        };
        if !marks.contains(&mark) {
            marks.push(mark);
        }
    }
    marks
}

/// Words of a text: runs of letters (and marks), lowercased by the key already.
fn words(text: &str) -> impl Iterator<Item = &str> {
    crate::normalize::letter_runs(text, true)
}

/// Pushes onto `ids` the cognate prefixes of the words of matching key `key`.
fn add_cognates(key: &str, interner: &mut Interner, ids: &mut Vec<u32>) {
    // A loop of pushes, not `extend`: the compiler did not always inline the extend
    // of a mapped iterator, and the call cost more than the pushes.
    for word in words(key) {
        if let Some(id) = cognate(word, interner) {
            ids.push(id);
        }
    }
}

/// The id of the cognate prefix of `word` (its first letters, accents folded), or
/// `None` for a word too short to have one.
fn cognate(word: &str, interner: &mut Interner) -> Option<u32> {
    word.chars().nth(COGNATE_PREFIX - 1)?;
    Some(interner.id_with(AnchorKind::Cognate, "c:", |label| {
        for c in word.chars().take(COGNATE_PREFIX) {
            label.push(translit::fold_latin_accent(c));
        }
    }))
}

/// Matches capitalized words of the Latin side with words of the Arabic side through
/// their consonant skeletons; a match gives both sentences the same anchor. Returns the
/// anchors to add to each side, as (sentence, id) in order of sentence.
fn cross_script_names(latin: &Side, arabic: &Side, interner: &mut Interner) -> (Added, Added) {
    let (mut latin_ids, mut arabic_ids) = (Vec::new(), Vec::new());
    let mut names: HashMap<String, u32> = HashMap::default();
    // The name each distinct capitalized word is, if any: lowercased and reduced to its
    // skeleton once, not at every occurrence (numbered at first sight either way).
    let mut by_latin_word: HashMap<&str, Option<u32>> = HashMap::default();
    for (sentence, text) in (0u32..).zip(latin.texts) {
        for word in words(text) {
            if !word.starts_with(char::is_uppercase) {
                continue;
            }
            let id = *by_latin_word.entry(word).or_insert_with(|| {
                if word.chars().count() < 3 {
                    return None;
                }
                let lower = word.to_lowercase();
                if latin.profile.sentence_openers.contains(&lower.as_str()) {
                    return None;
                }
                let skeleton = translit::latin_skeleton(&lower);
                if skeleton.chars().count() < MIN_SKELETON {
                    return None;
                }
                Some(
                    *names
                        .entry(skeleton.clone())
                        .or_insert_with(|| interner.id(AnchorKind::Name, "name:", &skeleton)),
                )
            });
            latin_ids.extend(id.map(|id| (sentence, id)));
        }
    }
    if names.is_empty() {
        return (latin_ids, arabic_ids);
    }
    let mut fuzzy: Vec<(&String, u32, Option<Letters>)> = names
        .iter()
        .filter(|(s, _)| s.chars().count() >= MIN_FUZZY_SKELETON)
        .map(|(s, &id)| (s, id, Letters::of(s)))
        .collect();
    fuzzy.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut cache: HashMap<String, Option<u32>> = HashMap::default();
    let mut name_of_skeleton = |skeleton: String| -> Option<u32> {
        *cache.entry(skeleton).or_insert_with_key(|skeleton| {
            names.get(skeleton).copied().or_else(|| {
                if skeleton.chars().count() < MIN_FUZZY_SKELETON {
                    return None;
                }
                let letters = Letters::of(skeleton);
                fuzzy
                    .iter()
                    .filter(|(_, _, l)| Letters::may_be_similar(l, &letters))
                    .map(|(s, id, _)| (strsim::jaro_winkler(s, skeleton), *id))
                    .filter(|(sim, _)| *sim >= NAME_SIMILARITY)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, id)| id)
            })
        })
    };
    // The names each distinct word matches, through its variants in order (ranges of
    // `found`): a word's variants and skeletons are made once, not at every occurrence
    // (they were most of the names' time, a tenth of a long English–Arabic pair's).
    let mut by_word: HashMap<&str, (u32, u32)> = HashMap::default();
    let mut found: Vec<u32> = Vec::new();
    for (sentence, key) in (0u32..).zip(arabic.keys.iter()) {
        for word in words(key) {
            let (start, end) = *by_word.entry(word).or_insert_with(|| {
                let start = found.len() as u32;
                for variant in translit::arabic_variants(word) {
                    let skeleton = translit::arabic_skeleton(variant);
                    if skeleton.chars().count() < MIN_SKELETON {
                        continue;
                    }
                    found.extend(name_of_skeleton(skeleton));
                }
                (start, found.len() as u32)
            });
            arabic_ids.extend(
                found[start as usize..end as usize]
                    .iter()
                    .map(|&id| (sentence, id)),
            );
        }
    }
    (latin_ids, arabic_ids)
}

/// The letters of a skeleton (lowercase ASCII classes) with their counts, for an upper
/// bound on the Jaro–Winkler similarity of two skeletons that is much cheaper than the
/// similarity: the fuzzy name search compares every Arabic skeleton with every Latin
/// one, and most pairs share too few letters to come near `NAME_SIMILARITY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Letters {
    counts: [u16; LETTER_SLOTS],
    len: usize,
}

/// Slots of `Letters::counts`: b'a'..=b'z' modulo 32 fall in distinct slots.
const LETTER_SLOTS: usize = 32;
/// Most Jaro–Winkler adds to a Jaro similarity s: a common prefix of up to four
/// characters, each adding a tenth of 1 - s.
const WINKLER_MAX_BOOST: f64 = 0.4;
/// Slack for rounding when the bound is compared with the threshold: a pair is only
/// ruled out when its bound is clearly below it.
const BOUND_SLACK: f64 = 1e-9;

impl Letters {
    /// `None` for a skeleton with anything but lowercase ASCII letters (never made by
    /// `translit`), which is then always compared in full.
    fn of(skeleton: &str) -> Option<Letters> {
        let mut letters = Letters {
            counts: [0; LETTER_SLOTS],
            len: skeleton.len(),
        };
        for b in skeleton.bytes() {
            if !b.is_ascii_lowercase() {
                return None;
            }
            let slot = &mut letters.counts[usize::from(b) % LETTER_SLOTS];
            *slot = slot.checked_add(1)?;
        }
        Some(letters)
    }

    /// False only if the two skeletons' Jaro–Winkler similarity is surely below
    /// `NAME_SIMILARITY`. Jaro is (m/|a| + m/|b| + (m − t)/m) / 3 with m matching
    /// characters, and m is at most the letters the two have in common, so it is at most
    /// (c/|a| + c/|b| + 1) / 3 for c common letters; Winkler's boost only grows with it.
    fn may_be_similar(a: &Option<Letters>, b: &Option<Letters>) -> bool {
        let (Some(a), Some(b)) = (a, b) else {
            return true;
        };
        if a.len == 0 || b.len == 0 {
            return true;
        }
        let common: u32 = a
            .counts
            .iter()
            .zip(&b.counts)
            .map(|(&x, &y)| u32::from(x.min(y)))
            .sum();
        let common = f64::from(common);
        let jaro = (common / a.len as f64 + common / b.len as f64 + 1.0) / 3.0;
        let bound = jaro + WINKLER_MAX_BOOST * (1.0 - jaro);
        bound >= NAME_SIMILARITY - BOUND_SLACK
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;
    use crate::normalize::match_key;

    macro_rules! n {
        ($name:ident, $input:expr, $space:expr, [$($expected:expr),*]) => {
            #[test]
            fn $name() {
                let expected: Vec<&str> = vec![$($expected),*];
                assert_eq!(numbers(&match_key($input), $space), expected);
            }
        };
    }

    #[test]
    fn a_slice_keeps_its_sentences_anchors_in_order_renumbered() {
        // Ids past 64 and 128, so that the bit set spans several words.
        let kinds = [AnchorKind::Number, AnchorKind::Name, AnchorKind::Cognate];
        let whole = Anchors {
            src: vec![vec![3], vec![1, 70, 130], vec![], vec![2, 70, 199]].into(),
            tgt: vec![vec![5, 130], vec![64, 199], vec![0]].into(),
            kinds: (0..200).map(|id| kinds[id % 3]).collect(),
            labels: Vec::new(),
            src_freq: (0..200).collect(),
            tgt_freq: (0..200).map(|id| 1000 + id).collect(),
            size: (4, 3),
        };
        let part = whole.slice(1..4, 0..2);
        // Held: 1, 2, 5, 64, 70, 130, 199, numbered in that order.
        let held = [1u32, 2, 5, 64, 70, 130, 199];
        assert_eq!(
            part.src,
            Lists::from(vec![vec![0, 4, 5], vec![], vec![1, 4, 6]])
        );
        assert_eq!(part.tgt, Lists::from(vec![vec![2, 5], vec![3, 6]]));
        assert_eq!(part.size, whole.size);
        for (local, &id) in held.iter().enumerate() {
            assert_eq!(part.kinds[local], whole.kinds[id as usize]);
            assert_eq!(part.src_freq[local], id);
            assert_eq!(part.tgt_freq[local], 1000 + id);
        }
        assert_eq!(part.kinds.len(), held.len());
    }

    n!(thousands_comma, "over 5,700 people", false, ["5700"]);
    n!(arabic_indic, "أكثر من ٥٧٠٠ شخص", false, ["5700"]);
    n!(arabic_thousands_sep, "٥٬٧٠٠", false, ["5700"]);
    n!(decimal_point, "2.3 million", false, ["2.3"]);
    n!(arabic_decimal, "٢٫٣ مليون", false, ["2.3"]);
    n!(decimal_comma, "3,5 %", false, ["3.5"]);
    n!(french_space_thousands, "5 700 personnes", true, ["5700"]);
    n!(nbsp_thousands, "5\u{A0}700", false, ["5700"]);
    n!(
        plain_space_not_thousands_in_english,
        "5 700",
        false,
        ["5", "700"]
    );
    n!(sentence_final_point, "in 1990.", false, ["1990"]);
    n!(leading_zeros, "007 and 0", false, ["7", "0"]);
    n!(date_like, "12.10.2023", false, ["12.10.2023"]);
    n!(million_groups, "1,234,567", false, ["1234567"]);
    n!(attached_letters, "7th and 3e", false, ["7", "3"]);

    #[test]
    fn punctuation_folds_scripts() {
        assert_eq!(punctuation("هل؟ «نعم» ٪"), vec!['?', '"', '%']);
        assert_eq!(punctuation("why? (yes!)"), vec!['?', '(', '!']);
        assert_eq!(punctuation("é¿x¡«»“”„؟٪ü"), vec!['?', '!', '"', '%']);
        assert_eq!(punctuation("é € ß ٠ ‘’"), Vec::<char>::new());
    }

    fn pair(src: &[&str], src_lang: &str, tgt: &[&str], tgt_lang: &str) -> Anchors {
        let (sp, tp) = (profile(src_lang), profile(tgt_lang));
        let (sk, tk) = (
            Keys::new(src.iter().copied()),
            Keys::new(tgt.iter().copied()),
        );
        extract(
            &Side {
                texts: src,
                keys: &sk,
                profile: &sp,
            },
            &Side {
                texts: tgt,
                keys: &tk,
                profile: &tp,
            },
        )
    }

    #[test]
    fn letter_bound_never_rules_out_a_similar_pair() {
        // Every skeleton of four to six letters over three classes, against every other.
        let mut skeletons = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..6 {
            skeletons = skeletons
                .iter()
                .flat_map(|s| ["b", "k", "t"].map(|c| format!("{s}{c}")))
                .collect();
            if skeletons[0].len() >= MIN_FUZZY_SKELETON {
                all.extend(skeletons.iter().cloned());
            }
        }
        let mut ruled_out = 0;
        for a in &all {
            for b in &all {
                if !Letters::may_be_similar(&Letters::of(a), &Letters::of(b)) {
                    ruled_out += 1;
                    assert!(strsim::jaro_winkler(a, b) < NAME_SIMILARITY, "{a} {b}");
                }
            }
        }
        assert!(ruled_out > 0);
        assert_eq!(Letters::of("hms!"), None);
    }

    #[test]
    fn names_across_scripts() {
        let a = pair(
            &[
                "Qatar is pressing Hamas to free 200 hostages.",
                "Nothing here.",
            ],
            "en",
            &["تضغط قطر على حماس للإفراج عن 200 رهينة.", "لا شيء."],
            "ar",
        );
        let shared = a.shared(0, 0);
        assert_eq!(shared[AnchorKind::Name as usize], 2);
        assert_eq!(shared[AnchorKind::Number as usize], 1);
        assert_eq!(a.shared(1, 0), [0; KINDS]);
        assert_eq!(a.shared(0, 1), [0; KINDS]);
    }

    #[test]
    fn cognates_same_script() {
        let a = pair(
            &["Die Expedition erreichte den Himalaya ."],
            "de",
            &["L' expédition atteignit l' Himalaya ."],
            "fr",
        );
        // "expe" and "hima"; accents are folded in prefixes.
        assert_eq!(a.shared(0, 0)[AnchorKind::Cognate as usize], 2);
    }

    #[test]
    fn cognates_from_stems_are_the_cognates_from_words() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/textberg/");
        let names = [
            "dev", "test0", "test1", "test2", "test3", "test4", "test5", "test6",
        ];
        let texts: Vec<String> = (names.iter())
            .map(|name| std::fs::read_to_string(format!("{dir}{name}.fr")).unwrap())
            .collect();
        let mut lines: Vec<&str> = texts.iter().flat_map(|t| t.lines()).collect();
        // Accents folded in prefixes but not in stems, words of three, four, six and
        // seven letters, a stem seen again as part of a longer word, other scripts,
        // digits between letters, and sentences without words.
        lines.extend([
            "Éléphant éléphants ELEPHANT élan élu été",
            "abc abcd abcdef abcdefg abcdefgh abcd",
            "Ωμέγα ωμέγα Москва москвы",
            "x1y2z3 abc4defg 5 % ?",
            "",
            "—",
        ]);
        let fr = profile("fr");
        // In parts, as a long document's keys are made and read.
        let parts = lines.chunks(50).map(|c| Keys::new(c.iter().copied()));
        let keys = Keys::concat(parts.collect());
        let words = Words::new(&keys, &fr);
        let by_word = |parts: bool| {
            let mut found = SideAnchors::new(&keys, &fr, true, 0);
            if parts {
                found = found.with_words(&words);
                for part in keys.clone().into_parts() {
                    found.push(&part);
                }
            } else {
                found.push(&keys);
            }
            found.lists.sort_dedup_each();
            (found.lists, found.interner.labels, found.interner.kinds)
        };
        let (from_words, from_stems) = (by_word(false), by_word(true));
        let prefixes = from_words.1.iter().filter(|l| l.starts_with("c:")).count();
        assert!(prefixes > 2000, "{prefixes}");
        assert_eq!(from_stems, from_words);
    }

    #[test]
    fn lists_are_sorted_in_place_and_grown_by_sentence() {
        let mut lists = Lists::from(vec![vec![3, 1, 3], vec![], vec![2, 2], vec![5, 4, 4]]);
        lists.sort_dedup_each();
        assert_eq!(
            lists,
            Lists::from(vec![vec![1, 3], vec![], vec![2], vec![4, 5]])
        );
        assert_eq!(lists.span(1..4), &[2, 4, 5]);
        lists.add(&[(1, 7), (3, 0), (3, 9)]);
        let expected = Lists::from(vec![vec![1, 3], vec![7], vec![2], vec![4, 5, 0, 9]]);
        assert_eq!(lists, expected);
    }

    #[test]
    fn pairs_added_in_the_room_left_are_the_pairs_added_after() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/textberg/");
        let read = |name: &str| std::fs::read_to_string(format!("{dir}{name}")).unwrap();
        let (de, fr) = (read("test4.de"), read("test4.fr"));
        let (de, fr): (Vec<&str>, Vec<&str>) = (de.lines().collect(), fr.lines().collect());
        let (dp, fp) = (profile("de"), profile("fr"));
        let (dk, fk) = (Keys::new(de.iter().copied()), Keys::new(fr.iter().copied()));
        let (dw, fw) = (Words::new(&dk, &dp), Words::new(&fk, &fp));
        let pairs = crate::core_lexicon::pairs(&dp, &fp, &dw, &fw);
        assert!(pairs.len() > 20, "{}", pairs.len());
        let (half, rest) = pairs.split_at(pairs.len() / 2);
        let sides = (
            Side {
                texts: &de,
                keys: &dk,
                profile: &dp,
            },
            Side {
                texts: &fr,
                keys: &fk,
                profile: &fp,
            },
        );
        // Lists built sentence by sentence, grown by copying.
        let from_vecs =
            |lists: &Lists| Lists::from(lists.iter().map(<[u32]>::to_vec).collect::<Vec<_>>());
        let mut copied = extract(&sides.0, &sides.1);
        (copied.src, copied.tgt) = (from_vecs(&copied.src), from_vecs(&copied.tgt));
        let room = pair_room(&pairs, &dw, &fw);
        let mut in_place = extract_with_room(&sides.0, &sides.1, room);
        let capacity = (in_place.src.ids.capacity(), in_place.tgt.ids.capacity());
        for anchors in [&mut copied, &mut in_place] {
            anchors.add_word_pairs(AnchorKind::Dictionary, half, &dw, &fw);
            anchors.add_word_pairs(AnchorKind::Lexicon, rest, &dw, &fw);
        }
        // The room was enough: the lists did not move.
        assert_eq!(
            (in_place.src.ids.capacity(), in_place.tgt.ids.capacity()),
            capacity
        );
        assert_eq!(in_place.src, copied.src);
        assert_eq!(in_place.tgt, copied.tgt);
        assert_eq!(in_place.src_freq, copied.src_freq);
        assert_eq!(in_place.tgt_freq, copied.tgt_freq);
        assert_eq!(in_place.labels, copied.labels);
        // Every pair went to the sentences with its word, after their own anchors.
        for (s, ids) in in_place.src.iter().enumerate() {
            let words = dw.sentence(s);
            let from_pairs: Vec<u32> = (ids.iter().copied())
                .filter(|&id| id as usize >= in_place.kinds.len() - pairs.len())
                .collect();
            let expected: Vec<u32> = (pairs.iter().enumerate())
                .filter(|(_, (w, _))| words.binary_search(w).is_ok())
                .map(|(p, _)| (in_place.kinds.len() - pairs.len() + p) as u32)
                .collect();
            assert_eq!(from_pairs, expected, "sentence {s}");
            assert!(ids.windows(2).all(|w| w[0] < w[1]), "sentence {s}: {ids:?}");
        }
        let first = in_place.kinds.len() - pairs.len();
        for (p, &(w, t)) in pairs.iter().enumerate() {
            assert_eq!(in_place.src_freq[first + p], dw.sentences_with(w));
            assert_eq!(in_place.tgt_freq[first + p], fw.sentences_with(t));
        }
    }
}
