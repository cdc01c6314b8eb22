//! Matching keys: the normalized form of a text that anchors and lengths are computed on.
//!
//! The original text is never changed; this module builds a separate key in which
//! differences that do not matter for matching are folded away: Unicode NFC, case,
//! bidi controls, and for Arabic script tashkeel, tatweel, alef forms, alef maqsura,
//! taa marbuta and Arabic-Indic or Persian digits. NFKC is deliberately not used: it
//! expands ligatures such as U+FDFA into whole phrases and would distort lengths.

use unicode_normalization::UnicodeNormalization;

/// Returns the matching key of `text`.
///
/// ```
/// assert_eq!(mizan::normalize::match_key("أَحْمَدُ"), "احمد");
/// assert_eq!(mizan::normalize::match_key("Qatar ٥٧٠٠"), "qatar 5700");
/// ```
pub fn match_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    push_match_key(text, &mut key);
    key
}

/// Appends the matching key of `text` to `out`.
fn push_match_key(text: &str, out: &mut String) {
    // Worked on as a local: through the reference, the compiler reloaded the string
    // at every step (10% more instructions).
    let mut key = std::mem::take(out);
    if is_nfc(text) {
        // Runs of ASCII, nearly all of a Latin-script text, are copied and lowercased
        // whole; character by character they were a twentieth of a batch's time.
        let mut rest = text;
        while !rest.is_empty() {
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            let from = key.len();
            key.push_str(&rest[..ascii]);
            key[from..].make_ascii_lowercase();
            // And runs of Arabic letters that fold to themselves, most of an Arabic
            // text, copied whole as well.
            let copied = ascii + plain_arabic_run(&rest.as_bytes()[ascii..]);
            key.push_str(&rest[ascii..copied]);
            let mut chars = rest[copied..].chars();
            if let Some(c) = chars.next() {
                push_folded(c, &mut key);
            }
            rest = chars.as_str();
        }
    } else {
        for c in text.nfc() {
            push_folded(c, &mut key);
        }
    }
    *out = key;
}

/// The matching keys of a document's sentences, one after another in strings of
/// consecutive sentences (parts). One string per key took 24 MB at 100,000 sentences a
/// side, a third of it headers and allocator rounding. A long document's keys are made in
/// parts, in parallel, and kept in them: the anchors, the last to read the keys, drop
/// them part by part as they go ([`Keys::into_parts`]), so that the keys and the anchor
/// lists made from them are not all held at once (they were the peak of a long
/// document).
#[derive(Clone, Debug, Default)]
pub struct Keys {
    parts: Vec<KeyPart>,
    /// The number of the first key of each part.
    firsts: Vec<usize>,
    len: usize,
}

/// Keys of consecutive sentences in one string.
#[derive(Clone, Debug)]
struct KeyPart {
    text: String,
    /// Where each key starts in `text`, and where the last one ends.
    bounds: Vec<usize>,
}

impl KeyPart {
    fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    fn get(&self, i: usize) -> &str {
        &self.text[self.bounds[i]..self.bounds[i + 1]]
    }
}

impl Keys {
    /// The matching keys of `texts`.
    ///
    /// ```
    /// let keys = mizan::normalize::Keys::new(["Qatar ٥٧٠٠", "أَحْمَدُ"]);
    /// assert_eq!(keys.iter().collect::<Vec<_>>(), ["qatar 5700", "احمد"]);
    /// ```
    pub fn new<'t, I>(texts: I) -> Keys
    where
        I: IntoIterator<Item = &'t str>,
        I::IntoIter: Clone,
    {
        let texts = texts.into_iter();
        // A key is seldom longer than its text (folding drops marks and controls).
        let mut part = KeyPart {
            text: String::with_capacity(texts.clone().map(str::len).sum()),
            bounds: Vec::with_capacity(texts.size_hint().0 + 1),
        };
        part.bounds.push(0);
        for text in texts {
            push_match_key(text, &mut part.text);
            part.bounds.push(part.text.len());
        }
        Keys::of_part(part)
    }

    /// Keys holding one part (none if it is empty).
    fn of_part(part: KeyPart) -> Keys {
        if part.len() == 0 {
            return Keys::default();
        }
        Keys {
            len: part.len(),
            firsts: vec![0],
            parts: vec![part],
        }
    }

    /// The keys of `parts`, one after another (kept in their parts, not copied).
    pub fn concat(parts: Vec<Keys>) -> Keys {
        let mut keys = Keys::default();
        // Parts are never empty (`of_part`).
        for part in parts.into_iter().flat_map(|k| k.parts) {
            keys.firsts.push(keys.len);
            keys.len += part.len();
            keys.parts.push(part);
        }
        keys
    }

    /// The keys in their parts, in order, each part as keys of its own: iterated, each
    /// is dropped once the next is taken.
    pub fn into_parts(self) -> impl Iterator<Item = Keys> {
        self.parts.into_iter().map(Keys::of_part)
    }

    /// Key number `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        if i >= self.len {
            return None;
        }
        let p = self.firsts.partition_point(|&first| first <= i) - 1;
        Some(self.parts[p].get(i - self.firsts[p]))
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        self.parts
            .iter()
            .flat_map(|part| part.bounds.windows(2).map(|b| &part.text[b[0]..b[1]]))
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes of all the keys.
    pub fn bytes(&self) -> usize {
        self.parts.iter().map(|part| part.text.len()).sum()
    }
}

/// Whether `text` is already in NFC, so that composing it can be skipped (it costs more
/// than the rest of the key). Text below U+0300, where combining marks begin, always
/// is: in UTF-8 its bytes are all below 0xCC. So is text of [`plain_starter`]s, as
/// Arabic without marks is, which the quick check of `unicode-normalization` reads
/// character by character in its tables (6% of an English–Arabic pair's instructions).
fn is_nfc(text: &str) -> bool {
    text.bytes().all(|b| b < 0xCC)
        || text.chars().all(plain_starter)
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Whether `c` is in NFC whatever its neighbours: it does not combine (canonical
/// combining class 0) and is not composed with what follows (NFC quick check Yes).
/// Below U+0300, and the Arabic block without its marks and without hamza and madda
/// above and below (U+0653 to U+0655), which compose with alef. A test checks every
/// character against `unicode-normalization`.
fn plain_starter(c: char) -> bool {
    matches!(c,
        '\0'..='\u{02FF}'
        | '\u{0600}'..='\u{060F}'
        | '\u{061B}'..='\u{064A}'
        | '\u{0660}'..='\u{066F}'
        | '\u{0671}'..='\u{06D5}'
        | '\u{06EE}'..='\u{06FF}')
}

/// The length in bytes of the run of Arabic letters that `push_folded` keeps as they are
/// at the start of `bytes`: U+0621 to U+064A in UTF-8 (two bytes each), less the alef
/// forms, ta marbuta and alef maqsura it folds (U+0622, U+0623, U+0625, U+0629, U+0649)
/// and tatweel (U+0640), which it drops.
fn plain_arabic_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let [lead, next, ..] = bytes[at..] {
        let plain = match lead {
            0xD8 => matches!(next, 0xA1 | 0xA4 | 0xA6..=0xA8 | 0xAA..=0xBF),
            0xD9 => matches!(next, 0x81..=0x88 | 0x8A),
            _ => false,
        };
        if !plain {
            break;
        }
        at += 2;
    }
    at
}

/// Appends the folded form of one (NFC) character to `out`.
#[inline]
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        _ if is_bidi_control(c) || is_arabic_mark(c) => {}
        // Alef with hamza above/below, alef madda, alef wasla.
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        '\u{0660}'..='\u{0669}' => out.push(ascii_digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => out.push(ascii_digit(c as u32 - 0x06F0)),
        // Arabic decimal and thousands separators.
        '\u{066B}' => out.push('.'),
        '\u{066C}' => out.push(','),
        // The Arabic block has no case: its letters skip the case table's lookup.
        '\u{0600}'..='\u{06FF}' => out.push(c),
        _ => out.extend(c.to_lowercase()),
    }
}

fn ascii_digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// Tashkeel (harakat, tanween, shadda, sukun, small marks) and superscript alef, plus tatweel.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Directional formatting characters, which carry no content.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// The maximal runs of letters of `text` (and of Arabic marks with them when `marks`),
/// as slices of it: what splitting at every other character and dropping the empty
/// pieces gives, with ASCII tested byte by byte instead of decoded (splitting keys into
/// words was a twentieth of the batch profile, most of it decoding).
pub fn letter_runs(text: &str, marks: bool) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    // Whether the character at `at` belongs to a run, and its length in bytes.
    let at = move |at: usize| -> (bool, usize) {
        let b = bytes[at];
        if b.is_ascii() {
            return (b.is_ascii_alphabetic(), 1);
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        (is_letter(c) || (marks && is_arabic_mark(c)), c.len_utf8())
    };
    std::iter::from_fn(move || {
        while pos < bytes.len() {
            let (kept, len) = at(pos);
            if kept {
                break;
            }
            pos += len;
        }
        let start = pos;
        while pos < bytes.len() {
            let (kept, len) = at(pos);
            if !kept {
                break;
            }
            pos += len;
        }
        (pos > start).then(|| &text[start..pos])
    })
}

/// `char::is_alphabetic`, answered without a table lookup for ASCII, Latin-1 and Latin
/// Extended letters and the Arabic block's letters, which make up nearly all the text
/// mizan sees (the lookup took a twentieth of the batch profile).
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        '\u{00C0}'..='\u{024F}' => c != '\u{00D7}' && c != '\u{00F7}',
        '\u{0621}'..='\u{064A}' => true,
        _ => c.is_alphabetic(),
    }
}

/// True for letters of the Arabic script blocks (not digits or punctuation).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The high bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low bit of each byte of a word.
const LOW: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `word`, eight ASCII bytes, that is whitespace as `char`
/// sees it (space, and tab to carriage return, the vertical tab included). No byte's sum
/// carries into the next: each is below 0x80.
fn ascii_spaces(word: u64) -> u64 {
    let x = word ^ (LOW * u64::from(b' '));
    // A byte of `x` is zero where `word` has a space.
    let blank = !(((x & !HIGH) + !HIGH) | x) & HIGH;
    // At least 0x09, and not at least 0x0E.
    let control = (word + LOW * 0x77) & !(word + LOW * 0x72) & HIGH;
    blank | control
}

/// The length of a text for the length model: characters of its key, whitespace runs
/// counted once and marks dropped, so that tashkeel and tokenization spaces do not count.
pub fn key_length(key: &str) -> usize {
    // Every non-space character counts one, and so does every run of whitespace that
    // follows one; a run at the end is then taken back. No branch depends on whether a
    // byte is a space (a coin toss at every word's ends): with such branches, byte by
    // byte, this loop was 3.4% of a 100,000-sentence pair's time on one thread. `u8`'s
    // whitespace test leaves out the vertical tab, which `char`'s includes.
    let mut len = 0;
    let mut in_space = true;
    let bytes = key.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let space = if b.is_ascii() {
            // Eight ASCII bytes at a time: nearly all of a Latin-script key.
            let word = bytes
                .get(at..at + 8)
                .map(|w| u64::from_le_bytes(w.try_into().expect("eight bytes")));
            if let Some(word) = word.filter(|w| w & HIGH == 0) {
                let spaces = ascii_spaces(word);
                let before = (spaces << 8) | (u64::from(in_space) << 7);
                len += (8 - spaces.count_ones() + (spaces & !before).count_ones()) as usize;
                in_space = spaces >> 63 == 1;
                at += 8;
                continue;
            }
            at += 1;
            b == b' ' || b.wrapping_sub(0x09) < 5
        } else if (0xC3..=0xDF).contains(&b) {
            // Two-byte characters from U+00C0 (accented Latin letters, Arabic): none is
            // whitespace (U+0085 and U+00A0 start with 0xC2).
            at += 2;
            false
        } else {
            let c = key[at..].chars().next().unwrap_or(' ');
            at += c.len_utf8();
            c.is_whitespace()
        };
        len += usize::from(!(space & in_space));
        in_space = space;
    }
    if in_space && len > 0 {
        len -= 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_arabic_runs_are_what_folding_keeps() {
        for c in (0x0600..=0x06FF).filter_map(char::from_u32) {
            let mut folded = String::new();
            push_folded(c, &mut folded);
            let text = format!("{c}{c}x");
            let run = plain_arabic_run(text.as_bytes());
            assert_eq!(
                run > 0,
                folded == c.to_string() && (0x0621..=0x064A).contains(&(c as u32)),
                "{c:?}"
            );
            assert!(run == 0 || run == 2 * c.len_utf8(), "{c:?}");
        }
        assert_eq!(match_key("قطرأحمد ٥"), "قطراحمد 5");
    }

    #[test]
    fn plain_starters_are_nfc_starters_for_unicode_normalization() {
        use unicode_normalization::{IsNormalized, char::canonical_combining_class};
        let mut plain = 0;
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| plain_starter(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            let quick = unicode_normalization::is_nfc_quick(std::iter::once(c));
            assert_eq!(quick, IsNormalized::Yes, "{c:?}");
            plain += 1;
        }
        assert!(plain > 0x300 + 150, "{plain}");
        // Marks and the hamza that composes with alef are not plain.
        for c in ['\u{064E}', '\u{0654}', '\u{0670}', '\u{0301}'] {
            assert!(!plain_starter(c), "{c:?}");
        }
        assert!(is_nfc("قطر ٥٧٠٠ Qatar"));
        assert!(
            !is_nfc("\u{0627}\u{0653}"),
            "alef + madda composes into U+0622"
        );
    }

    #[test]
    fn key_length_tests_ascii_as_chars_would() {
        let by_chars = |key: &str| {
            let words: Vec<&str> = key
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect();
            words.iter().map(|w| w.chars().count()).sum::<usize>() + words.len().saturating_sub(1)
        };
        let mut texts: Vec<String> = (0u8..128)
            .map(|b| format!("a{}b {}", b as char, b as char))
            .collect();
        texts.extend(
            [
                "\u{85}x\u{A0}y\u{2028} z",
                "قطر  \u{3000}غزه",
                "é\u{0B}ü\u{0C}",
            ]
            .map(String::from),
        );
        // Keys long enough to be read eight bytes at a time: every ASCII byte in every
        // place of a word, after a letter and after a space, and runs across words.
        for b in 0u8..128 {
            for at in 0..16 {
                for base in [
                    "abcdefgh ijklmnop  qrstuvwx",
                    "a b\tc d e\u{b}f g h i j k l m",
                ] {
                    let mut bytes = base.as_bytes().to_vec();
                    bytes[at] = b;
                    texts.push(String::from_utf8(bytes).expect("ASCII"));
                }
            }
        }
        texts.push(format!(
            "{}é{} \u{A0}{}",
            " x".repeat(9),
            "y ".repeat(9),
            "z\t".repeat(9)
        ));
        // Every two-byte character (the whitespace ones among them start with 0xC2).
        texts.extend(('\u{80}'..='\u{7FF}').map(|c| format!("a{c}b {c}{c} {c}")));
        for text in &texts {
            assert_eq!(key_length(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn letter_runs_are_the_nonempty_pieces_between_other_characters() {
        for text in [
            "",
            " ",
            "abc",
            "Qatar's 5,700 hostages-deal.",
            "  é-ß ٣ قطرٌ، ﷺ x\u{0640}y  ",
        ] {
            for marks in [false, true] {
                let split: Vec<&str> = text
                    .split(|c: char| !(is_letter(c) || (marks && is_arabic_mark(c))))
                    .filter(|w| !w.is_empty())
                    .collect();
                assert_eq!(
                    letter_runs(text, marks).collect::<Vec<_>>(),
                    split,
                    "{text:?} {marks}"
                );
            }
        }
    }

    #[test]
    fn keys_joined_from_parts_are_the_keys_of_the_whole() {
        let texts = ["Qatar ٥٧٠٠", "", "أَحْمَدُ", "Ünïcode É"];
        let whole = Keys::new(texts);
        // Parts of one, none and two keys, and one of a single empty key.
        let parts = Keys::concat(vec![
            Keys::new(texts[..1].iter().copied()),
            Keys::new([]),
            Keys::new(texts[1..2].iter().copied()),
            Keys::new(texts[2..].iter().copied()),
        ]);
        let each: Vec<String> = texts.iter().map(|t| match_key(t)).collect();
        for keys in [&whole, &parts] {
            assert_eq!(keys.len(), 4);
            assert_eq!(keys.iter().collect::<Vec<_>>(), each);
            assert_eq!(
                (0..4).map(|i| keys.get(i).unwrap()).collect::<Vec<_>>(),
                each
            );
            assert_eq!(keys.get(4), None);
            assert_eq!(keys.bytes(), each.iter().map(String::len).sum::<usize>());
        }
        // Taken apart again, each part holds its keys in order.
        let taken: Vec<Vec<String>> = parts
            .clone()
            .into_parts()
            .map(|part| part.iter().map(str::to_string).collect())
            .collect();
        assert_eq!(taken, [&each[..1], &each[1..2], &each[2..]]);
        assert!(Keys::default().is_empty() && Keys::default().get(0).is_none());
        assert!(Keys::concat(Vec::new()).is_empty());
    }

    macro_rules! t {
        ($name:ident, $input:expr, $expected:expr) => {
            #[test]
            fn $name() {
                assert_eq!(match_key($input), $expected);
            }
        };
    }

    t!(strips_tashkeel, "مُحَمَّدٌ", "محمد");
    t!(strips_superscript_alef, "هٰذا", "هذا");
    t!(strips_tatweel, "قـــطر", "قطر");
    t!(folds_alef_forms, "أإآٱا", "ااااا");
    t!(folds_alef_maqsura, "مستشفى", "مستشفي");
    t!(folds_taa_marbuta, "غزة", "غزه");
    t!(arabic_indic_digits, "٥٧٠٠", "5700");
    t!(persian_digits, "۱۲۳", "123");
    t!(arabic_separators, "٢٫٣ و٥٬٧٠٠", "2.3 و5,700");
    t!(
        drops_bidi_controls,
        "\u{200F}قطر\u{202B}x\u{202C}\u{2066}",
        "قطرx"
    );
    t!(case_folds_latin, "Qatar HAMAS Élysée", "qatar hamas élysée");
    t!(case_folds_german, "STRASSE Straße", "strasse straße");
    t!(composes_nfc, "e\u{0301}", "é");
    t!(composes_hamza_then_folds, "\u{0627}\u{0654}", "ا");
    t!(keeps_ligature_single, "\u{FDFA}", "\u{FDFA}");
    t!(empty, "", "");

    #[test]
    fn is_letter_agrees_with_is_alphabetic() {
        for c in ('\0'..='\u{0700}').chain(['\u{0640}', '\u{1E9E}', '\u{FB50}', '٣', '×', '÷']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn key_length_counts_spaces_once() {
        assert_eq!(key_length("a  b"), 3);
        assert_eq!(key_length("  ab  "), 2);
        assert_eq!(key_length(""), 0);
        assert_eq!(key_length("   "), 0);
        // Characters, not bytes, and any Unicode space.
        assert_eq!(key_length("é ü"), 3);
        assert_eq!(key_length("قطر  غزه"), 7);
        assert_eq!(key_length("a\u{00A0}\u{3000}b"), 3);
        assert_eq!(key_length("\u{000B}x\u{2028}"), 1);
        assert_eq!(key_length("\u{FDFA}\u{1F600}"), 2);
    }
}
