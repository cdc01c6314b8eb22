//! Calendar words: month and weekday names, which a translation keeps but spells in its
//! own language ("Monday" = "lundi" = "الاثنين", "October" = "أكتوبر" = "تشرين الأول").
//!
//! News dates events by weekday and month ("said on Monday", "قال يوم الاثنين"), and a
//! date's day number alone is a weak anchor (every month has a 12th). Each name maps to
//! one language-independent number, 1–12 for the months and 21–27 for the weekdays from
//! Monday, which `anchors` files as a date anchor. Names are found in matching keys
//! (lowercase, Arabic folded: أكتوبر is `اكتوبر`, الجمعة is `الجمعه`).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::normalize::is_letter;

/// The calendar of a language: which words of its matching keys name months and days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calendar {
    /// No calendar words known for the language.
    Unknown,
    English,
    French,
    German,
    /// Both the Egyptian month names (يناير) and the Levantine ones (كانون الثاني).
    Arabic,
}

/// Months are 1–12; a weekday is this plus 1 (Monday) to 7 (Sunday).
const WEEKDAY: u8 = 20;

/// A month or weekday name as it appears in a matching key.
struct Name {
    word: &'static str,
    date: u8,
    /// A name that is also a common word ("may", "march", the Arabic verb مارس "he
    /// practised") counts only with a number right before or after it ("5 May").
    beside_number: bool,
}

const fn name(word: &'static str, date: u8) -> Name {
    Name {
        word,
        date,
        beside_number: false,
    }
}

const fn ambiguous(word: &'static str, date: u8) -> Name {
    Name {
        word,
        date,
        beside_number: true,
    }
}

const W: u8 = WEEKDAY;

const ENGLISH: &[Name] = &[
    name("january", 1),
    name("february", 2),
    ambiguous("march", 3),
    name("april", 4),
    ambiguous("may", 5),
    name("june", 6),
    name("july", 7),
    name("august", 8),
    name("september", 9),
    name("october", 10),
    name("november", 11),
    name("december", 12),
    name("monday", W + 1),
    name("tuesday", W + 2),
    name("wednesday", W + 3),
    name("thursday", W + 4),
    name("friday", W + 5),
    name("saturday", W + 6),
    name("sunday", W + 7),
];

const FRENCH: &[Name] = &[
    name("janvier", 1),
    name("février", 2),
    name("fevrier", 2),
    name("mars", 3),
    name("avril", 4),
    name("mai", 5),
    name("juin", 6),
    name("juillet", 7),
    name("août", 8),
    name("aout", 8),
    name("septembre", 9),
    name("octobre", 10),
    name("novembre", 11),
    name("décembre", 12),
    name("decembre", 12),
    name("lundi", W + 1),
    name("mardi", W + 2),
    name("mercredi", W + 3),
    name("jeudi", W + 4),
    name("vendredi", W + 5),
    name("samedi", W + 6),
    name("dimanche", W + 7),
];

const GERMAN: &[Name] = &[
    name("januar", 1),
    name("jänner", 1),
    name("februar", 2),
    name("märz", 3),
    name("april", 4),
    name("mai", 5),
    name("juni", 6),
    name("juli", 7),
    name("august", 8),
    name("september", 9),
    name("oktober", 10),
    name("november", 11),
    name("dezember", 12),
    name("montag", W + 1),
    name("dienstag", W + 2),
    name("mittwoch", W + 3),
    name("donnerstag", W + 4),
    name("freitag", W + 5),
    name("samstag", W + 6),
    name("sonnabend", W + 6),
    name("sonntag", W + 7),
];

/// Folded Arabic names. آب (August) is left out: folded it is اب, "father".
const ARABIC: &[Name] = &[
    name("يناير", 1),
    name("فبراير", 2),
    ambiguous("مارس", 3),
    name("ابريل", 4),
    name("مايو", 5),
    name("يونيو", 6),
    name("يونيه", 6),
    name("يوليو", 7),
    name("يوليه", 7),
    name("اغسطس", 8),
    name("سبتمبر", 9),
    name("اكتوبر", 10),
    name("نوفمبر", 11),
    name("ديسمبر", 12),
    name("كانون الثاني", 1),
    name("شباط", 2),
    name("اذار", 3),
    name("نيسان", 4),
    name("ايار", 5),
    name("حزيران", 6),
    name("تموز", 7),
    name("ايلول", 9),
    name("تشرين الاول", 10),
    name("تشرين الثاني", 11),
    name("كانون الاول", 12),
    name("الاثنين", W + 1),
    name("الثلاثاء", W + 2),
    name("الاربعاء", W + 3),
    name("الخميس", W + 4),
    name("الجمعه", W + 5),
    name("السبت", W + 6),
    name("الاحد", W + 7),
];

/// Letters Arabic writes onto the next word: "and", "then", "in/with", "to" (ويناير,
/// والاثنين).
const CLITICS: &[char] = &['و', 'ف', 'ب', 'ل'];

/// A language's names with the automaton that finds them all in one scan of a key
/// (SIMD-accelerated: word by word, the search cost as much as all the other anchors of
/// a sentence).
struct Finder {
    names: &'static [Name],
    automaton: AhoCorasick,
}

impl Finder {
    fn new(names: &'static [Name]) -> Finder {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|n| n.word))
            .expect("the calendar tables are small");
        Finder { names, automaton }
    }
}

static FINDERS: LazyLock<[Finder; 4]> = LazyLock::new(|| {
    [
        Finder::new(ENGLISH),
        Finder::new(FRENCH),
        Finder::new(GERMAN),
        Finder::new(ARABIC),
    ]
});

impl Calendar {
    /// The calendar numbers of the month and weekday names in a matching key, in order.
    ///
    /// ```
    /// use mizan::calendar::Calendar;
    /// assert_eq!(Calendar::English.dates("said on monday, 3 march"), [21, 3]);
    /// assert_eq!(Calendar::Arabic.dates("قال يوم الاثنين 3 مارس"), [21, 3]);
    /// assert_eq!(Calendar::Arabic.dates("في تشرين الاول"), [10]);
    /// // "may" and the Arabic verb مارس (practised) count only beside a number.
    /// assert!(Calendar::English.dates("they may march").is_empty());
    /// assert!(Calendar::Arabic.dates("مارس الضغط").is_empty());
    /// ```
    pub fn dates(self, key: &str) -> Vec<u8> {
        let finder = match self {
            Calendar::Unknown => return Vec::new(),
            Calendar::English => &FINDERS[0],
            Calendar::French => &FINDERS[1],
            Calendar::German => &FINDERS[2],
            Calendar::Arabic => &FINDERS[3],
        };
        let clitics = if self == Calendar::Arabic {
            CLITICS
        } else {
            &[]
        };
        finder
            .automaton
            .find_iter(key)
            .filter_map(|found| {
                let name = &finder.names[found.pattern().as_usize()];
                let (before, after) = (&key[..found.start()], &key[found.end()..]);
                let whole = starts_word(before, clitics) && !after.starts_with(is_letter);
                let dated = !name.beside_number || beside_number(before, after);
                (whole && dated).then_some(name.date)
            })
            .collect()
    }
}

/// Whether a word starts where `before` ends: after a non-letter, or after one clitic
/// letter that does.
fn starts_word(before: &str, clitics: &[char]) -> bool {
    !before
        .strip_suffix(clitics)
        .unwrap_or(before)
        .ends_with(is_letter)
}

/// Whether a number ends the word before a name or starts the word after it ("5 May",
/// "May 2024", "مارس 2024").
fn beside_number(before: &str, after: &str) -> bool {
    let gap = |c: char| c == ' ' || c == ',' || c == '.';
    before
        .trim_end_matches(gap)
        .ends_with(|c: char| c.is_ascii_digit())
        || after
            .trim_start_matches(gap)
            .starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::match_key;

    #[test]
    fn the_same_date_in_four_languages() {
        let cases = [
            (
                Calendar::English,
                "On Monday, 12 October, the talks resumed.",
            ),
            (
                Calendar::French,
                "Lundi 12 octobre, les pourparlers ont repris.",
            ),
            (
                Calendar::German,
                "Am Montag, dem 12. Oktober, gingen die Gespräche weiter.",
            ),
            (Calendar::Arabic, "استؤنفت المحادثات يوم الإثنين 12 أكتوبر."),
            (
                Calendar::Arabic,
                "واستؤنفت المحادثات والاثنين 12 تشرين الأول.",
            ),
        ];
        for (calendar, text) in cases {
            assert_eq!(calendar.dates(&match_key(text)), [21, 10], "{text}");
        }
    }

    #[test]
    fn names_inside_other_words_or_without_their_number_do_not_count() {
        let t = |calendar: Calendar, text: &str| calendar.dates(&match_key(text));
        let none: [(Calendar, &str); 6] = [
            (Calendar::English, "You may go."),
            (Calendar::English, "Mayors marched on."),
            (Calendar::French, "Les maisons du marsouin."),
            (Calendar::Arabic, "وأخي أب لثلاثة"),
            (Calendar::Arabic, "والسبتية"),
            (Calendar::Unknown, "Monday"),
        ];
        for (calendar, text) in none {
            assert!(t(calendar, text).is_empty(), "{text}");
        }
        assert_eq!(t(Calendar::English, "On 5 May 2024."), [5]);
        assert_eq!(t(Calendar::English, "(May 5)"), [5]);
        assert_eq!(t(Calendar::Arabic, "في 5 مارس، قال"), [3]);
        assert_eq!(t(Calendar::Arabic, "بيناير وفي السبت"), [1, 26]);
    }
}
