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

/// A language's month and weekday names as they appear in matching keys, from January
/// and from Monday, separated by commas; alternatives are separated by `|`.
struct Names {
    months: &'static str,
    weekdays: &'static str,
    /// Names that are also common words ("may", "march", the Arabic verb مارس "he
    /// practised"): they count only with a number right before or after them ("5 May").
    ambiguous: &'static [&'static str],
}

const ENGLISH: Names = Names {
    months: "january, february, march, april, may, june, july, august, september, \
             october, november, december",
    weekdays: "monday, tuesday, wednesday, thursday, friday, saturday, sunday",
    ambiguous: &["march", "may"],
};

const FRENCH: Names = Names {
    months: "janvier, février|fevrier, mars, avril, mai, juin, juillet, août|aout, \
             septembre, octobre, novembre, décembre|decembre",
    weekdays: "lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche",
    ambiguous: &[],
};

const GERMAN: Names = Names {
    months: "januar|jänner, februar, märz, april, mai, juni, juli, august, september, \
             oktober, november, dezember",
    weekdays: "montag, dienstag, mittwoch, donnerstag, freitag, samstag|sonnabend, sonntag",
    ambiguous: &[],
};

/// Folded Arabic names, each Egyptian month with its Levantine name. آب (August) is
/// left out: folded it is اب, "father".
const ARABIC: Names = Names {
    months: "يناير|كانون الثاني, فبراير|شباط, مارس|اذار, ابريل|نيسان, مايو|ايار, \
             يونيو|يونيه|حزيران, يوليو|يوليه|تموز, اغسطس, سبتمبر|ايلول, \
             اكتوبر|تشرين الاول, نوفمبر|تشرين الثاني, ديسمبر|كانون الاول",
    weekdays: "الاثنين, الثلاثاء, الاربعاء, الخميس, الجمعه, السبت, الاحد",
    ambiguous: &["مارس"],
};

/// A month or weekday name with its calendar number.
struct Name {
    word: &'static str,
    date: u8,
    beside_number: bool,
}

/// Letters Arabic writes onto the next word: "and", "then", "in/with", "to" (ويناير,
/// والاثنين).
const CLITICS: &[char] = &['و', 'ف', 'ب', 'ل'];

/// A language's names with the automaton that finds them all in one scan of a key
/// (SIMD-accelerated: word by word, the search cost as much as all the other anchors of
/// a sentence).
struct Finder {
    names: Vec<Name>,
    automaton: AhoCorasick,
}

impl Finder {
    fn new(language: &Names) -> Finder {
        let months = language.months.split(", ").zip(1..);
        let weekdays = language.weekdays.split(", ").zip(WEEKDAY + 1..);
        let names: Vec<Name> = months
            .chain(weekdays)
            .flat_map(|(cell, date)| cell.split('|').map(move |word| (word, date)))
            .map(|(word, date)| Name {
                word,
                date,
                beside_number: language.ambiguous.contains(&word),
            })
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|n| n.word))
            .expect("the calendar tables are small");
        Finder { names, automaton }
    }
}

static FINDERS: LazyLock<[Finder; 4]> = LazyLock::new(|| {
    [
        Finder::new(&ENGLISH),
        Finder::new(&FRENCH),
        Finder::new(&GERMAN),
        Finder::new(&ARABIC),
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
    fn every_language_names_twelve_months_and_seven_days() {
        for names in [ENGLISH, FRENCH, GERMAN, ARABIC] {
            assert_eq!(names.months.split(", ").count(), 12, "{}", names.months);
            assert_eq!(names.weekdays.split(", ").count(), 7, "{}", names.weekdays);
        }
    }

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
