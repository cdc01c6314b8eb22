//! Sentence segmentation: raw text in, byte ranges of sentences out.
//!
//! The text is cut into paragraphs at blank lines, paragraphs into blocks at line breaks
//! that end a unit (a title or subheading has no final punctuation and is a sentence of
//! its own), and blocks into sentences at terminal punctuation, unless the full stop
//! belongs to an abbreviation, an initial, an ordinal or a list number, or the next word
//! starts in lowercase. Closing quotes and brackets after the terminal mark stay with the
//! sentence they close. Sentences are returned as byte ranges into the input, so that
//! the original text is what the output shows.

use std::ops::Range;

use crate::lang::{LanguageProfile, Script};

/// One sentence: its byte range in the input (trimmed of surrounding whitespace) and the
/// 0-based index of the paragraph it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub paragraph: usize,
}

const TERMINALS: &[char] = &[
    '.', '!', '?', '؟', '…', '۔', '‼', '⁇', '⁈', '⁉', '。', '！', '？',
];
/// Closing marks that, right after a terminal mark, belong to the sentence before it.
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '“', '‘', '»', '«', '›', '‹', ')', ']', '}', '*', '_',
];
/// Closing marks that French typography separates from the sentence by a space.
const SPACED_CLOSERS: &[char] = &['»', '”'];
/// Marks that may open a sentence before its first letter.
const OPENERS: &[char] = &[
    '"', '\'', '“', '‘', '„', '‚', '«', '»', '‹', '(', '[', '{', '¿', '¡', '*', '_', '-', '–', '—',
];
/// Characters at the end of a line that say the sentence goes on on the next line.
const CONTINUATIONS: &[char] = &[',', '،', '؛', ';', '-', '–', '—'];

/// Whether a unit lacks final punctuation: a title, subheading, caption or byline. A
/// unit that ends with a comma-like mark or a colon is not one: it goes on in the next.
pub fn is_fragment(sentence: &str) -> bool {
    let end = last_mark(sentence);
    !end.ends_with(TERMINALS) && !end.ends_with([',', '،', ';', '؛', ':'])
}

/// A unit without its trailing spaces and closing marks: what its last mark is.
fn last_mark(sentence: &str) -> &str {
    sentence.trim_end_matches(|c: char| is_space(c) || CLOSERS.contains(&c))
}

/// The fragment flag of each unit of `text`, whose endings are `endings`: a unit
/// without final punctuation ([`is_fragment`]), except right after one ending with a
/// comma-like mark in the same paragraph: it goes on the sentence the comma left open
/// ("Now, therefore, / The General Assembly / …"), it is not a title or a caption
/// standing alone.
pub fn fragment_flags(text: &str, sentences: &[Sentence], endings: &[Ending]) -> Vec<bool> {
    let mut previous: Option<&Sentence> = None;
    sentences
        .iter()
        .zip(endings)
        .map(|(s, &ending)| {
            let opened = previous
                .is_some_and(|p| p.paragraph == s.paragraph && ends_open(&text[p.range.clone()]));
            previous = Some(s);
            !opened && ending != Ending::Punctuated
        })
        .collect()
}

/// Whether each unit ends with a colon or a comma and is followed by another unit of the
/// same paragraph: it leads into that unit ("Die erfolgreichen Bergsteiger waren :"
/// before the list of names, "Now, therefore," before "The General Assembly"), so it is
/// half of a sentence, not a sentence of its own. A semicolon closes a clause that can
/// stand alone: counting it lowered noisy Text+Berg dev from .876 to .873.
pub fn lead_in_flags(text: &str, sentences: &[Sentence]) -> Vec<bool> {
    sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            last_mark(&text[s.range.clone()]).ends_with([':', ',', '،'])
                && sentences
                    .get(i + 1)
                    .is_some_and(|next| next.paragraph == s.paragraph)
        })
        .collect()
}

/// Most words of a caption-like unit: titles, captions, bylines and web boilerplate
/// ("Read more", "Photo: Reuters") are short; a long unit without final punctuation is
/// more likely a sentence that lost its full stop (common at the end of Arabic
/// paragraphs). On Text+Berg dev, with any two differing ends clashing, 3 and 5 gave
/// the same and 8 or more lowered clean dev from .902 to .899.
const CAPTION_WORDS: usize = 5;

/// How a unit ends, for comparing the ends of a bead's two sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Final punctuation or a comma-like mark ([`is_fragment`] is false).
    Punctuated,
    /// No final punctuation, longer than a caption.
    Unpunctuated,
    /// No final punctuation, `CAPTION_WORDS` words at most: a title, caption or byline.
    Caption,
}

impl Ending {
    pub fn of(unit: &str) -> Ending {
        if !is_fragment(unit) {
            Ending::Punctuated
        } else if unit.split_whitespace().nth(CAPTION_WORDS).is_some() {
            Ending::Unpunctuated
        } else {
            Ending::Caption
        }
    }

    /// Whether a bead ending with these two units pairs a caption with a punctuated
    /// sentence. In Text+Berg dev, the UDHR and the sample article no gold bead does.
    pub fn clashes(self, other: Ending) -> bool {
        matches!(
            (self, other),
            (Ending::Caption, Ending::Punctuated) | (Ending::Punctuated, Ending::Caption)
        )
    }
}

/// Whether a unit ends with a comma-like mark (closing quotes and spaces aside).
fn ends_open(sentence: &str) -> bool {
    last_mark(sentence).ends_with(CONTINUATIONS)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Each non-empty line (trimmed) is one sentence; blank lines separate paragraphs.
/// This is `--presegmented` input, the form evaluation sets use.
pub fn presegmented(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut previous_blank = false;
    for (start, line) in lines(text) {
        let trimmed = trim_range(text, start..start + line.len());
        if trimmed.is_empty() {
            previous_blank = !out.is_empty();
            continue;
        }
        if previous_blank {
            paragraph += 1;
            previous_blank = false;
        }
        push(text, trimmed, paragraph, &mut out);
    }
    out
}

/// Splits raw text into sentences with the rules of `profile`.
pub fn segment(text: &str, profile: &LanguageProfile) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut block: Option<Range<usize>> = None;
    let mut previous_blank = false;
    let flush = |block: &mut Option<Range<usize>>, paragraph: usize, out: &mut Vec<Sentence>| {
        if let Some(range) = block.take() {
            split_block(text, range, profile, paragraph, out);
        }
    };
    for (start, line) in lines(text) {
        let range = trim_range(text, start..start + line.len());
        if range.is_empty() {
            flush(&mut block, paragraph, &mut out);
            previous_blank = !out.is_empty();
            continue;
        }
        if previous_blank {
            paragraph += 1;
            previous_blank = false;
        }
        block = match block.take() {
            Some(current) if continues(&text[current.clone()], &text[range.clone()]) => {
                Some(current.start..range.end)
            }
            current => {
                flush(&mut current.clone(), paragraph, &mut out);
                Some(range)
            }
        };
    }
    flush(&mut block, paragraph, &mut out);
    out
}

/// Lines of `text` with their byte offsets, without the line terminator. A lone CR also
/// ends a line, so that old Mac text is not one long line.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let bytes = text.as_bytes();
    std::iter::from_fn(move || {
        if start > bytes.len() || (start == bytes.len() && start > 0) {
            return None;
        }
        let rest = &bytes[start..];
        let (len, skip) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => (i, 2),
            Some(i) => (i, 1),
            None => (rest.len(), 1),
        };
        let item = (start, &text[start..start + len]);
        start += len + skip;
        Some(item)
    })
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start_matches(is_space).len();
    let trail = slice.trim_end_matches(is_space).len();
    if trail <= lead {
        return range.start..range.start;
    }
    range.start + lead..range.start + trail
}

/// Whether the line break between `line` and `next` is inside a sentence: the line
/// ends with a comma-like mark, or with terminal punctuation that the block splitter
/// will judge, or the next line starts in lowercase (hard-wrapped text).
fn continues(line: &str, next: &str) -> bool {
    let last = line.trim_end_matches(CLOSERS).chars().next_back();
    if last.is_some_and(|c| CONTINUATIONS.contains(&c) || TERMINALS.contains(&c)) {
        return true;
    }
    first_alphanumeric(next).is_some_and(char::is_lowercase)
}

fn first_alphanumeric(text: &str) -> Option<char> {
    text.trim_start_matches(|c: char| is_space(c) || OPENERS.contains(&c))
        .chars()
        .next()
        .filter(|c| c.is_alphanumeric())
}

/// Splits one block (a run of lines that may hold several sentences) at sentence ends.
fn split_block(
    text: &str,
    block: Range<usize>,
    profile: &LanguageProfile,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let body = &text[block.clone()];
    let mut sentence_start = 0;
    let mut quotes = QuoteDepth::default();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        quotes.update(c);
        if !TERMINALS.contains(&c) {
            continue;
        }
        let mut run_end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !TERMINALS.contains(&d) {
                break;
            }
            run_end = j + d.len_utf8();
            chars.next();
        }
        let end = skip_closers(body, run_end);
        let after = &body[end..];
        if !after.is_empty() && !after.starts_with(is_space) {
            continue;
        }
        let next_start = end + (after.len() - after.trim_start_matches(is_space).len());
        let run = &body[i..run_end];
        let ends = next_start >= body.len()
            || is_boundary(
                body,
                sentence_start,
                i,
                run,
                &body[next_start..],
                profile,
                &quotes,
            );
        if ends && next_start < body.len() {
            push(
                text,
                block.start + sentence_start..block.start + end,
                paragraph,
                out,
            );
            sentence_start = next_start;
            while chars.peek().is_some_and(|&(j, _)| j < next_start) {
                chars.next();
            }
        }
    }
    push(
        text,
        block.start + sentence_start..block.end,
        paragraph,
        out,
    );
}

/// Longest sentence kept whole, in bytes. Longer text (a page without punctuation, a
/// 50 MB line) is cut at the last space before the limit, so that no unit is larger
/// than the length model and the anchor lists can sensibly handle.
pub const MAX_SENTENCE_BYTES: usize = 20_000;

fn push(text: &str, range: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let mut range = trim_range(text, range);
    while range.len() > MAX_SENTENCE_BYTES {
        let mut cut = range.start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = text[range.start..cut].rfind(is_space).filter(|&at| at > 0) {
            cut = range.start + space;
        }
        out.push(Sentence {
            range: trim_range(text, range.start..cut),
            paragraph,
        });
        range = trim_range(text, cut..range.end);
    }
    if !range.is_empty() {
        out.push(Sentence { range, paragraph });
    }
}

/// Moves past closing quotes and brackets that follow a terminal mark, including a
/// French closing guillemet after a (non-breaking) space.
fn skip_closers(body: &str, mut pos: usize) -> usize {
    loop {
        let rest = &body[pos..];
        if let Some(c) = rest.chars().next().filter(|c| CLOSERS.contains(c)) {
            // An ASCII quote followed by a letter opens the next quotation instead.
            if matches!(c, '"' | '\'') && rest[1..].starts_with(char::is_alphanumeric) {
                return pos;
            }
            pos += c.len_utf8();
            continue;
        }
        let trimmed = rest.trim_start_matches([' ', '\u{A0}', '\u{202F}']);
        let spaced = trimmed
            .chars()
            .next()
            .filter(|c| SPACED_CLOSERS.contains(c));
        if let (true, Some(c)) = (trimmed.len() < rest.len(), spaced) {
            // "fini. » Puis": the guillemet closes the sentence when a space, another
            // closer or the end of the text follows it.
            let tail = &trimmed[c.len_utf8()..];
            if tail.is_empty() || tail.starts_with(is_space) || tail.starts_with(CLOSERS) {
                pos = body.len() - tail.len();
                continue;
            }
        }
        return pos;
    }
}

/// Tracks whether the scanner is inside a quotation, for ellipses in uncased scripts.
#[derive(Default)]
struct QuoteDepth {
    guillemets: i32,
    curly: i32,
    straight_open: bool,
}

impl QuoteDepth {
    fn update(&mut self, c: char) {
        match c {
            '«' => self.guillemets += 1,
            '»' => self.guillemets -= 1,
            '“' => self.curly += 1,
            '”' => self.curly -= 1,
            '"' => self.straight_open = !self.straight_open,
            _ => {}
        }
    }

    fn inside(&self) -> bool {
        self.guillemets > 0 || self.curly > 0 || self.straight_open
    }
}

/// Decides whether the terminal run `run` at byte `at` of `body` ends a sentence, given
/// the text that follows it (`next`, starting at the next non-space character).
fn is_boundary(
    body: &str,
    sentence_start: usize,
    at: usize,
    run: &str,
    next: &str,
    profile: &LanguageProfile,
    quotes: &QuoteDepth,
) -> bool {
    let next_char = first_alphanumeric(next);
    if next_char.is_some_and(char::is_lowercase) {
        return false;
    }
    let is_ellipsis = run.contains('…') || run.starts_with("..");
    if is_ellipsis {
        // Without letter case, an ellipsis inside a quotation most often marks words
        // left out, not the end of a sentence.
        let uncased_next = next_char.is_some_and(|c| c.is_alphabetic() && !c.is_uppercase());
        return !(uncased_next && quotes.inside());
    }
    if run != "." {
        return true;
    }
    let token = word_before(body, sentence_start, at);
    if token.is_empty() {
        return true;
    }
    let lower = token.to_lowercase();
    let next_is_digit = next_char.is_some_and(|c| c.is_numeric());
    if profile.abbreviations.contains(&lower.as_str()) {
        return false;
    }
    if next_is_digit && profile.numeric_abbreviations.contains(&lower.as_str()) {
        return false;
    }
    let first_token = body[sentence_start..at].trim_start().len() == token.len();
    if token.chars().all(|c| c.is_ascii_digit()) {
        let ordinal = profile.ordinal_dot && token.len() <= 2;
        return !(first_token || ordinal);
    }
    let mut letters = token.chars();
    if let (Some(c), None) = (letters.next(), letters.next()) {
        // "J. R. Tolkien", "M. Dupont", "د. أحمد" (a lone letter of an uncased script is
        // a title); "a." at the start of a list item.
        let uncased = c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase();
        if c.is_uppercase() || uncased || (first_token && c.is_alphabetic()) {
            return false;
        }
    }
    if first_token && is_roman_numeral(token) {
        return false;
    }
    if profile.ambiguous_abbreviations.contains(&lower.as_str()) {
        return opens_sentence(next, profile);
    }
    if is_dotted_acronym(token) {
        // "J.-P. Garnier", "J.R. Ewing": initials; "Ph.D.", "A.F.P.": may end a sentence.
        let initials = token.split('.').all(|part| {
            part.trim_start_matches('-').chars().all(char::is_uppercase)
                && part.trim_start_matches('-').chars().count() == 1
        });
        return !initials && opens_sentence(next, profile);
    }
    if let Some(stem) = strip_conjunction(&lower, profile) {
        // Arabic writes "and" as a prefix: "ود." is "و" + "د." (and Dr.).
        if stem.chars().count() == 1 || profile.abbreviations.contains(&stem) {
            return false;
        }
    }
    true
}

/// An Arabic-script token without its conjunction prefix (و or ف).
fn strip_conjunction<'t>(token: &'t str, profile: &LanguageProfile) -> Option<&'t str> {
    if profile.script != Script::Arabic {
        return None;
    }
    token
        .strip_prefix(['و', 'ف'])
        .filter(|rest| !rest.is_empty())
}

/// The word right before byte `at`, without opening marks: "Mr" in "(Mr.".
fn word_before(body: &str, sentence_start: usize, at: usize) -> &str {
    let before = &body[sentence_start..at];
    let start = before.rfind(is_space).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    before[start..].trim_start_matches(OPENERS)
}

/// "U.S", "e.g", "a.m", "J.-P": letters (one or two) separated by full stops.
fn is_dotted_acronym(token: &str) -> bool {
    token.contains('.')
        && token.split('.').all(|part| {
            let part = part.trim_start_matches('-');
            (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
        })
}

fn is_roman_numeral(token: &str) -> bool {
    !token.is_empty() && token.len() <= 5 && token.chars().all(|c| "IVXLC".contains(c))
}

/// Whether the word starting `next` is one that often opens a sentence.
fn opens_sentence(next: &str, profile: &LanguageProfile) -> bool {
    let word: String = next
        .trim_start_matches(OPENERS)
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    profile.sentence_openers.is_empty() || profile.sentence_openers.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::profile;

    fn split(text: &str, lang: &str) -> Vec<String> {
        segment(text, &profile(lang))
            .into_iter()
            .map(|s| text[s.range].to_string())
            .collect()
    }

    macro_rules! t {
        ($name:ident, $lang:expr, $input:expr, [$($expected:expr),* $(,)?]) => {
            #[test]
            fn $name() {
                let expected: Vec<&str> = vec![$($expected),*];
                assert_eq!(split($input, $lang), expected);
            }
        };
    }

    t!(
        en_simple,
        "en",
        "One sentence. Another one! A third? Yes.",
        ["One sentence.", "Another one!", "A third?", "Yes."]
    );
    t!(
        en_titles,
        "en",
        "Mr. Smith met Dr. Jones and Mrs. Brown.",
        ["Mr. Smith met Dr. Jones and Mrs. Brown."]
    );
    t!(
        en_us_inside,
        "en",
        "U.S. State Department spokesperson Matthew Miller spoke.",
        ["U.S. State Department spokesperson Matthew Miller spoke."]
    );
    t!(
        en_us_at_end,
        "en",
        "He moved to the U.S. The company followed.",
        ["He moved to the U.S.", "The company followed."]
    );
    t!(
        en_months_and_saints,
        "en",
        "On Jan. 5 he went to St. Louis. It rained.",
        ["On Jan. 5 he went to St. Louis.", "It rained."]
    );
    t!(
        en_number_abbreviation,
        "en",
        "See No. 5 on the list. No. It is not there.",
        ["See No. 5 on the list.", "No.", "It is not there."]
    );
    t!(
        en_initials,
        "en",
        "J. R. R. Tolkien wrote it. George W. Bush read it.",
        ["J. R. R. Tolkien wrote it.", "George W. Bush read it."]
    );
    t!(
        en_decimals_thousands,
        "en",
        "Over 5,700 people died and 2.3 million are hungry. Aid is slow.",
        [
            "Over 5,700 people died and 2.3 million are hungry.",
            "Aid is slow."
        ]
    );
    t!(
        en_ellipsis_lowercase,
        "en",
        "We want them free without condition... as soon as possible.",
        ["We want them free without condition... as soon as possible."]
    );
    t!(
        en_ellipsis_uppercase,
        "en",
        "He waited… Then he left.",
        ["He waited…", "Then he left."]
    );
    t!(
        en_closing_quote,
        "en",
        "He said \"Nazi warfare.\" The talks went on.",
        ["He said \"Nazi warfare.\"", "The talks went on."]
    );
    t!(
        en_quote_inside,
        "en",
        "The source stated, \"Hamas did not anticipate this. Now they don’t know what to do.\"",
        [
            "The source stated, \"Hamas did not anticipate this.",
            "Now they don’t know what to do.\""
        ]
    );
    t!(
        en_question_in_quote,
        "en",
        "\"Are you sure?\" he asked. She was.",
        ["\"Are you sure?\" he asked.", "She was."]
    );
    t!(
        en_closing_bracket,
        "en",
        "It ended (as expected.) Then it began.",
        ["It ended (as expected.)", "Then it began."]
    );
    t!(
        en_etc_then_opener,
        "en",
        "Apples, pears etc. The list goes on.",
        ["Apples, pears etc.", "The list goes on."]
    );
    t!(
        en_inc_then_name,
        "en",
        "Acme Inc. Chief Executive Joe Doe said no.",
        ["Acme Inc. Chief Executive Joe Doe said no."]
    );
    t!(
        en_title_line,
        "en",
        "Qatar\n\nQatari Mediators Press Hamas\n\nQatari mediators are urging Hamas. Israel waits.",
        [
            "Qatar",
            "Qatari Mediators Press Hamas",
            "Qatari mediators are urging Hamas.",
            "Israel waits."
        ]
    );
    t!(
        en_subheading,
        "en",
        "Text here.\n\n*Logistical Challenge*\n\nMore text.",
        ["Text here.", "*Logistical Challenge*", "More text."]
    );
    t!(
        en_lines_without_blank,
        "en",
        "A title\nThe body starts here. It ends.",
        ["A title", "The body starts here.", "It ends."]
    );
    t!(
        en_wrapped_line,
        "en",
        "This sentence is wrapped\nacross two lines. Next.",
        ["This sentence is wrapped\nacross two lines.", "Next."]
    );
    t!(
        en_crlf,
        "en",
        "One.\r\nTwo.\r\n\r\nThree",
        ["One.", "Two.", "Three"]
    );
    t!(
        en_lone_cr,
        "en",
        "One.\rTwo.\r\rThree\rFour.",
        ["One.", "Two.", "Three", "Four."]
    );
    t!(
        en_list_numbers,
        "en",
        "1. First item\n2. Second item",
        ["1. First item", "2. Second item"]
    );
    t!(
        en_year_at_end,
        "en",
        "It happened in 1990. Then it stopped.",
        ["It happened in 1990.", "Then it stopped."]
    );
    t!(
        en_url_email,
        "en",
        "See www.example.com or mail a.b@example.org now. Thanks.",
        [
            "See www.example.com or mail a.b@example.org now.",
            "Thanks."
        ]
    );
    t!(en_empty, "en", "", []);
    t!(en_whitespace_only, "en", " \n\t\n ", []);
    t!(
        en_no_final_punctuation,
        "en",
        "Our readers are reading too",
        ["Our readers are reading too"]
    );

    t!(
        ar_full_stop,
        "ar",
        "قال المصدر إن المحادثات تحرز تقدمًا. وأضاف أن الوقت ينفد.",
        [
            "قال المصدر إن المحادثات تحرز تقدمًا.",
            "وأضاف أن الوقت ينفد."
        ]
    );
    t!(
        ar_question_exclamation,
        "ar",
        "هل انتهت الحرب؟ لا! ما زالت مستمرة.",
        ["هل انتهت الحرب؟", "لا!", "ما زالت مستمرة."]
    );
    t!(
        ar_comma_semicolon,
        "ar",
        "قطر، بالتنسيق مع واشنطن؛ تقود المحادثات.",
        ["قطر، بالتنسيق مع واشنطن؛ تقود المحادثات."]
    );
    t!(
        ar_ellipsis_end,
        "ar",
        "وانتظروا طويلا… ثم غادروا.",
        ["وانتظروا طويلا…", "ثم غادروا."]
    );
    t!(
        ar_ellipsis_in_quote,
        "ar",
        "قال: «نريدهم أحرارًا دون شروط... في أقرب وقت ممكن».",
        ["قال: «نريدهم أحرارًا دون شروط... في أقرب وقت ممكن»."]
    );
    t!(
        ar_urdu_full_stop,
        "ar",
        "جملة أولى۔ جملة ثانية۔",
        ["جملة أولى۔", "جملة ثانية۔"]
    );
    t!(
        ar_decimals,
        "ar",
        "يبلغ عدد السكان 2.3 مليون و٢٫٣ مليون. انتهى.",
        ["يبلغ عدد السكان 2.3 مليون و٢٫٣ مليون.", "انتهى."]
    );
    t!(
        ar_doctor,
        "ar",
        "قال د. أحمد إن الوضع صعب.",
        ["قال د. أحمد إن الوضع صعب."]
    );
    t!(
        ar_titles_with_conjunction,
        "ar",
        "حضر م. سامي ود. منى. وانتهى اللقاء.",
        ["حضر م. سامي ود. منى.", "وانتهى اللقاء."]
    );
    t!(
        fr_compound_initials,
        "fr",
        "L’ingénieur J.-P. Garnier résume. Il part.",
        ["L’ingénieur J.-P. Garnier résume.", "Il part."]
    );
    t!(
        en_etc_then_name,
        "en",
        "Taxes, fees, etc. Officials said no.",
        ["Taxes, fees, etc.", "Officials said no."]
    );
    t!(
        ar_quote_then_stop,
        "ar",
        "قال: «لم نتوقع ذلك. والآن لا نعرف». وانتهى الاجتماع.",
        ["قال: «لم نتوقع ذلك.", "والآن لا نعرف».", "وانتهى الاجتماع."]
    );
    t!(
        ar_title_line,
        "ar",
        "قطر\n\nوسطاء قطريون يضغطون على حماس",
        ["قطر", "وسطاء قطريون يضغطون على حماس"]
    );

    t!(
        fr_monsieur,
        "fr",
        "M. Dupont est arrivé. Il pleut.",
        ["M. Dupont est arrivé.", "Il pleut."]
    );
    t!(
        fr_guillemets,
        "fr",
        "Il a dit : « C'est fini. » Puis il est parti.",
        ["Il a dit : « C'est fini. »", "Puis il est parti."]
    );
    t!(
        fr_spaced_question,
        "fr",
        "Vraiment ? Oui !",
        ["Vraiment ?", "Oui !"]
    );
    t!(
        de_ordinal,
        "de",
        "Am 3. Oktober fiel Schnee. Dann kam der Frost.",
        ["Am 3. Oktober fiel Schnee.", "Dann kam der Frost."]
    );

    #[test]
    fn enormous_units_are_cut_at_spaces() {
        let text = "word ".repeat(3 * MAX_SENTENCE_BYTES / 5) + "end";
        for sentences in [segment(&text, &profile("en")), presegmented(&text)] {
            assert!(sentences.len() >= 3, "{}", sentences.len());
            assert!(
                sentences
                    .iter()
                    .all(|s| s.range.len() <= MAX_SENTENCE_BYTES)
            );
            assert!(
                sentences
                    .iter()
                    .all(|s| !text[s.range.clone()].starts_with(' '))
            );
            let joined: String = sentences.iter().map(|s| &text[s.range.clone()]).collect();
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        }
        let no_spaces = "ب".repeat(MAX_SENTENCE_BYTES);
        let cut = presegmented(&no_spaces);
        assert_eq!(cut.len(), 2);
        assert!(
            cut.iter()
                .all(|s| no_spaces.is_char_boundary(s.range.start))
        );
    }

    #[test]
    fn fragments_are_units_without_final_punctuation() {
        for unit in [
            "Qatar",
            "*Logistical Challenge*",
            "Our readers are reading too",
            "- _-",
        ] {
            assert!(is_fragment(unit), "{unit}");
        }
        for unit in ["It ended.", "Why?\"", "Now, therefore,", "وقال:", "قطر، "] {
            assert!(!is_fragment(unit), "{unit}");
        }
        let text = "Now, therefore,\nThe General Assembly\nProclaims it.\n\nArticle 1\n";
        let units = presegmented(text);
        let endings: Vec<Ending> = units
            .iter()
            .map(|u| Ending::of(&text[u.range.clone()]))
            .collect();
        let flags = fragment_flags(text, &units, &endings);
        assert_eq!(flags, vec![false, false, false, true]);
        let text = "Die Bergsteiger waren :\nHartog und Patey .\nNow, therefore,\nThe \
                    Assembly ;\nNun dies :\n\nNeu :";
        let lead_ins = lead_in_flags(text, &presegmented(text));
        assert_eq!(lead_ins, vec![true, false, true, false, false, false]);
        for (unit, ending) in [
            ("Read more", Ending::Caption),
            ("Photo: Reuters", Ending::Caption),
            ("He said so.", Ending::Punctuated),
            (
                "قال إن المحادثات مستمرة وإن الاتفاق قريب",
                Ending::Unpunctuated,
            ),
        ] {
            assert_eq!(Ending::of(unit), ending, "{unit}");
        }
        assert!(Ending::Caption.clashes(Ending::Punctuated));
        assert!(!Ending::Caption.clashes(Ending::Unpunctuated));
        assert!(!Ending::Punctuated.clashes(Ending::Punctuated));
    }

    #[test]
    fn presegmented_keeps_lines() {
        let text = "one. two.\n\n  three  \nfour\n";
        let got: Vec<_> = presegmented(text)
            .into_iter()
            .map(|s| (&text[s.range], s.paragraph))
            .collect();
        assert_eq!(got, vec![("one. two.", 0), ("three", 1), ("four", 1)]);
    }

    #[test]
    fn paragraphs_are_numbered() {
        let text = "One. Two.\n\nThree.";
        let paragraphs: Vec<_> = segment(text, &profile("en"))
            .iter()
            .map(|s| s.paragraph)
            .collect();
        assert_eq!(paragraphs, vec![0, 0, 1]);
    }
}
