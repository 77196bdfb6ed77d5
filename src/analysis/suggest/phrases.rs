//! Pole phrases and person names: the knowledge the suggester reads beside its cue lists.
//!
//! A pole phrase names an issue and points to one of its poles ("land swap" → cede territory,
//! "neutrality" → no NATO membership). Patterns are words separated by spaces, matched on whole
//! words of one sentence, never across punctuation: `*` stands for any one word, `word*` for any
//! word starting so ("recogni*"), `a|b` for either word. Where patterns overlap, the one starting
//! first and then the longest wins. The presets carry them per issue in
//! `assets/presets/pole_phrases.json`; the analyst's coding adds learnt ones.
//!
//! A person name is what "he" or "she" may stand for: a full name ("Donald Trump"), a surname
//! that another name of the same actor ends with ("Trump"), or a role phrase ("the Russian
//! leader", "Kremlin spokesman").

use std::collections::HashMap;

use super::text::{self, Token};
use crate::model::Actor;

/// One word of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PatternWord {
    /// This word.
    Exact(String),
    /// Any word starting with this.
    Prefix(String),
    /// Any one of these words.
    OneOf(Vec<String>),
    /// Any word.
    Any,
}

impl PatternWord {
    fn matches(&self, word: &str) -> bool {
        match self {
            Self::Exact(exact) => word == exact,
            Self::Prefix(prefix) => word.starts_with(prefix.as_str()),
            Self::OneOf(words) => words.iter().any(|w| w == word),
            Self::Any => true,
        }
    }
}

/// A compiled pattern: its issue (index), its pole (±1), its words and its text.
#[derive(Clone, Debug)]
struct Pattern {
    issue: usize,
    sign: i32,
    words: Vec<PatternWord>,
    learnt: bool,
}

/// A pole phrase found in a sentence, over tokens `first..last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PoleMatch {
    /// Index of the issue.
    pub issue: usize,
    /// First token.
    pub first: usize,
    /// Just past the last token.
    pub last: usize,
    /// +1 for the high pole, −1 for the low one.
    pub sign: i32,
    /// Learnt from the analyst's coding, not a preset.
    pub learnt: bool,
}

/// Every pattern, indexed by the words a match can start with.
#[derive(Default)]
pub(super) struct PolePatterns {
    patterns: Vec<Pattern>,
    by_first_word: HashMap<String, Vec<usize>>,
    /// Patterns whose first word is a prefix or a wildcard.
    open_start: Vec<usize>,
}

impl PolePatterns {
    /// Compiles (issue index, pattern, sign, learnt) patterns; empty patterns are skipped.
    pub(super) fn new(patterns: &[(usize, String, i32, bool)]) -> Self {
        let mut compiled = Self::default();
        for (issue, pattern, sign, learnt) in patterns {
            let words = compile(pattern);
            let Some(first) = words.first() else { continue };
            let index = compiled.patterns.len();
            match first {
                PatternWord::Exact(word) => compiled.by_first_word.entry(word.clone()).or_default().push(index),
                PatternWord::OneOf(words) => {
                    for word in words {
                        compiled.by_first_word.entry(word.clone()).or_default().push(index);
                    }
                }
                PatternWord::Prefix(_) | PatternWord::Any => compiled.open_start.push(index),
            }
            compiled.patterns.push(Pattern { issue: *issue, sign: sign.signum(), words, learnt: *learnt });
        }
        compiled
    }

    /// The non-overlapping pole phrases of a sentence's tokens, in order.
    pub(super) fn find(&self, tokens: &[Token]) -> Vec<PoleMatch> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (start, token) in tokens.iter().enumerate() {
            if !token.is_word {
                continue;
            }
            let exact = self.by_first_word.get(token.lower.as_str()).into_iter().flatten();
            for &index in exact.chain(&self.open_start) {
                let pattern = &self.patterns[index];
                if let Some(last) = match_at(&pattern.words, tokens, start) {
                    let learnt = pattern.learnt;
                    found.push(PoleMatch { issue: pattern.issue, first: start, last, sign: pattern.sign, learnt });
                }
            }
        }
        found.sort_by_key(|m| (m.first, std::cmp::Reverse(m.last)));
        let mut chosen: Vec<PoleMatch> = Vec::new();
        for candidate in found {
            if chosen.last().is_none_or(|previous| previous.last <= candidate.first) {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

/// A set of single-word patterns ("ukrain*", "both"): does a word belong to it?
#[derive(Clone, Debug, Default)]
pub(super) struct WordSet(Vec<PatternWord>);

impl WordSet {
    /// The set of these patterns (each a word, `word*` or `a|b`; further words are ignored).
    pub(super) fn new(patterns: &[String]) -> Self {
        Self(patterns.iter().filter_map(|pattern| compile(pattern).into_iter().next()).collect())
    }

    /// True when one of `tokens` is a word of the set.
    pub(super) fn any_in(&self, tokens: &[Token]) -> bool {
        tokens.iter().any(|token| token.is_word && self.0.iter().any(|word| word.matches(&token.lower)))
    }
}

/// The words of a pattern (lower case; hyphenated words split as the text splits them).
fn compile(pattern: &str) -> Vec<PatternWord> {
    let mut words = Vec::new();
    for piece in pattern.split_whitespace() {
        let piece = piece.to_lowercase();
        if piece == "*" {
            words.push(PatternWord::Any);
        } else if piece.contains('|') {
            let options: Vec<String> = piece.split('|').filter_map(|option| plain_words(option).pop()).collect();
            if !options.is_empty() {
                words.push(PatternWord::OneOf(options));
            }
        } else if let Some(prefix) = piece.strip_suffix('*') {
            let mut parts = plain_words(prefix);
            let last = parts.pop();
            words.extend(parts.into_iter().map(PatternWord::Exact));
            words.extend(last.map(PatternWord::Prefix));
        } else {
            words.extend(plain_words(&piece).into_iter().map(PatternWord::Exact));
        }
    }
    words
}

fn plain_words(piece: &str) -> Vec<String> {
    text::tokens(piece, 0, piece.len()).into_iter().filter(|t| t.is_word).map(|t| t.lower).collect()
}

/// Where `words` match the word tokens from `start` on (no punctuation in between): the end.
fn match_at(words: &[PatternWord], tokens: &[Token], start: usize) -> Option<usize> {
    let mut index = start;
    for word in words {
        let token = tokens.get(index)?;
        if !token.is_word || !word.matches(&token.lower) {
            return None;
        }
        index += 1;
    }
    Some(index)
}

/// Words that make a name an office or an institution, not a person.
const INSTITUTION_WORDS: [&str; 22] = [
    "states",
    "union",
    "nations",
    "federation",
    "house",
    "kremlin",
    "assembly",
    "commission",
    "council",
    "ministry",
    "department",
    "administration",
    "organization",
    "organisation",
    "coalition",
    "pentagon",
    "officials",
    "allies",
    "delegation",
    "side",
    "negotiators",
    "government",
];

/// Words of a role phrase that names one person ("the Russian leader", "Kremlin spokesman").
const ROLE_WORDS: [&str; 11] = [
    "leader",
    "president",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "aide",
    "envoy",
    "minister",
    "chancellor",
    "chief",
    "secretary",
];

/// Titles dropped from a name when it is shown ("President Trump" → "Trump"'s full name).
const TITLES: [&str; 6] = ["president", "secretary", "minister", "chancellor", "prime", "general"];

/// If `name` (one of `actor`'s names) stands for a person, the name a cue shows for it.
pub(super) fn person_name(actor: &Actor, name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // An actor's own name stands for a person only when the actor is one ("Nadia Kesvelov");
    // "Russia" is a state's.
    if name == actor.name {
        return (actor.kind == crate::model::ActorKind::Person).then(|| name.to_owned());
    }
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    if lower.iter().any(|w| ROLE_WORDS.contains(&w.as_str())) && !words.iter().skip(1).all(capitalised) {
        return Some(name.to_owned());
    }
    if lower.iter().any(|w| INSTITUTION_WORDS.contains(&w.as_str())) {
        return None;
    }
    let all_capitalised = words.iter().all(capitalised);
    let acronym = name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if !all_capitalised || acronym {
        return None;
    }
    // A surname: the full name is another of the actor's names ending with it.
    let full = |surname: &str| {
        actor
            .names()
            .filter(|other| other.len() > surname.len() && other.ends_with(&format!(" {surname}")))
            .filter(|other| {
                !other.split_whitespace().next().is_some_and(|w| TITLES.contains(&w.to_lowercase().as_str()))
            })
            .min_by_key(|other| other.len())
            .map(str::to_owned)
    };
    match words.as_slice() {
        [single] => full(single),
        [title, .., surname] if TITLES.contains(&title.to_lowercase().as_str()) => {
            Some(full(surname).unwrap_or_else(|| name.to_owned()))
        }
        [_, _] | [_, _, _] => Some(name.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    fn words(text: &str) -> Vec<Token> {
        text::tokens(text, 0, text.len())
    }

    #[test]
    fn patterns_match_whole_words_with_wildcards_prefixes_and_choices() {
        let patterns = PolePatterns::new(&[
            (0, "recogni* * sovereignty over".into(), 1, false),
            (0, "not join* nato|alliance".into(), -1, false),
            (1, "non-aligned".into(), -1, false),
        ]);
        let found = patterns.find(&words("Moscow wants them to recognise Russian sovereignty over Crimea."));
        assert_eq!(found, vec![PoleMatch { issue: 0, first: 4, last: 8, sign: 1, learnt: false }]);
        assert_eq!(patterns.find(&words("Kyiv will not join NATO")).len(), 1);
        assert_eq!(
            patterns.find(&words("a non-aligned Ukraine")),
            vec![PoleMatch { issue: 1, first: 1, last: 3, sign: -1, learnt: false }]
        );
        assert!(patterns.find(&words("recognise, sovereignty over")).is_empty(), "never across punctuation");
    }

    #[test]
    fn the_longest_of_overlapping_phrases_wins() {
        let patterns =
            PolePatterns::new(&[(0, "bid to join".into(), 1, false), (0, "drop* * bid to join".into(), -1, false)]);
        let found = patterns.find(&words("ask Kyiv to drop its bid to join NATO"));
        assert_eq!(found, vec![PoleMatch { issue: 0, first: 3, last: 8, sign: -1, learnt: false }]);
    }

    #[test]
    fn people_and_role_phrases_are_persons_institutions_are_not() {
        let actors = presets::preset_actors();
        let us = &actors[0];
        let russia = &actors[1];
        assert_eq!(person_name(us, "Trump"), Some("Donald Trump".into()));
        assert_eq!(person_name(us, "President Trump"), Some("Donald Trump".into()));
        assert_eq!(person_name(us, "Marco Rubio"), Some("Marco Rubio".into()));
        assert_eq!(person_name(russia, "the Russian leader"), Some("the Russian leader".into()));
        assert_eq!(person_name(russia, "Kremlin spokesman"), Some("Kremlin spokesman".into()));
        for institution in ["White House", "Washington", "US", "U.S. officials", "Trump administration"] {
            assert_eq!(person_name(us, institution), None, "{institution}");
        }
        assert_eq!(person_name(russia, "Kremlin"), None);
        // A state's own name is not a person's; a person actor's own name is.
        assert_eq!(person_name(russia, "Russia"), None);
        let person = Actor {
            name: "Nadia Kesvelov".into(),
            aliases: vec!["President Kesvelov".into()],
            kind: crate::model::ActorKind::Person,
            ..Actor::default()
        };
        assert_eq!(person_name(&person, "Nadia Kesvelov"), Some("Nadia Kesvelov".into()));
        assert_eq!(person_name(&person, "President Kesvelov"), Some("Nadia Kesvelov".into()));
    }
}
