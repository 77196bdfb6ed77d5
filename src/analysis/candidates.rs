//! Candidate actors: proper-noun sequences in the articles that match no actor, ranked by how many
//! articles name them and how often, so the analyst can add them as actors or aliases in one click.
//!
//! A candidate is a run of capitalised words joined by single spaces ("New York Times", "Bank of
//! England"), cut at punctuation, possessives ("Macron's" gives "Macron") and titles ("Deputy
//! Foreign Minister Sergei Ryabkov" gives "Sergei Ryabkov"). A run that touches a mention of a
//! known actor (found by [`MentionFinder`], so by every alias) is that actor, not a candidate, so
//! "Sergei Ryabkov" is left out when "Ryabkov" is an alias. Left out too: leading function words
//! ("The", "However"), months and weekdays, lone nationality adjectives ("Russian"), and a lone
//! word that opens a sentence unless the corpus also capitalises it inside a sentence (so
//! "Preparations are underway" gives nothing, while "London" at a sentence start still counts when
//! London appears elsewhere). Names the analyst dismissed are left out, ignoring case. An initial
//! stays in the name ("Donald J. Trump"). Place names of the gazetteer (`assets/places.txt`) are
//! marked as places and listed after the other candidates.

use std::collections::HashMap;

use super::mentions::{Mention, MentionFinder};
use crate::model::Actor;

/// A proper-noun sequence that names no actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The name as written ("New York Times").
    pub name: String,
    /// How many articles name it.
    pub articles: usize,
    /// How many times it occurs in all.
    pub mentions: usize,
    /// Its first occurrence: (article index, start byte, end byte).
    pub first: (usize, usize, usize),
    /// A place name of the gazetteer (`assets/places.txt`: cities, regions, US states): listed
    /// after the other names, and marked, since a place is an actor's alias at most.
    pub place: bool,
}

/// Every candidate actor in `texts` (article texts, in project order) that none of `actors`
/// names and that is not in `dismissed`: other names before places, each most widespread first
/// (by articles, then mentions, then name).
pub fn find_candidates<'a>(
    actors: &[Actor],
    texts: impl IntoIterator<Item = &'a str>,
    dismissed: &[String],
) -> Vec<Candidate> {
    let finder = MentionFinder::new(actors, &[]);
    let mut tally: HashMap<String, Tally> = HashMap::new();
    for (article, text) in texts.into_iter().enumerate() {
        let mentions = finder.find(text);
        for found in candidates_in(text, &mentions) {
            let entry = tally.entry(found.name).or_insert_with(|| Tally {
                mentions: 0,
                articles: 0,
                last_article: None,
                inside_sentence: false,
                first: (article, found.start, found.end),
            });
            entry.mentions += 1;
            if entry.last_article != Some(article) {
                entry.articles += 1;
                entry.last_article = Some(article);
            }
            entry.inside_sentence |= !found.opens_sentence;
        }
    }
    let known: Vec<String> = actors.iter().flat_map(Actor::names).map(str::to_lowercase).collect();
    let dismissed: Vec<String> = dismissed.iter().map(|name| name.trim().to_lowercase()).collect();
    let mut candidates: Vec<Candidate> = tally
        .into_iter()
        .filter(|(name, tally)| {
            let lower = name.to_lowercase();
            tally.inside_sentence && !known.contains(&lower) && !dismissed.contains(&lower)
        })
        .map(|(name, tally)| Candidate {
            place: is_place(&name),
            name,
            articles: tally.articles,
            mentions: tally.mentions,
            first: tally.first,
        })
        .collect();
    candidates.sort_by(|a, b| {
        a.place
            .cmp(&b.place)
            .then_with(|| (b.articles, b.mentions).cmp(&(a.articles, a.mentions)))
            .then_with(|| a.name.cmp(&b.name))
    });
    candidates
}

/// Counts for one name while scanning.
struct Tally {
    mentions: usize,
    articles: usize,
    last_article: Option<usize>,
    /// Seen at least once other than as a lone sentence-opening word.
    inside_sentence: bool,
    first: (usize, usize, usize),
}

/// One proper-noun sequence found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    name: String,
    start: usize,
    end: usize,
    /// A single word at the start of a sentence (capitalised anyway, so not proof of a name).
    opens_sentence: bool,
}

/// One word of a text.
#[derive(Clone, Copy, Debug)]
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// Ends in "'s" (stripped from `text`) or "s'": the name ends here.
    possessive: bool,
    /// Follows a sentence end (or the start of the text, a line break or an opening quote).
    opens_sentence: bool,
    /// Only spaces separate it from the previous word, which was not possessive.
    joined: bool,
}

impl Word<'_> {
    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// The proper-noun sequences of `text` that touch none of `mentions` (sorted, as the finder
/// returns them).
fn candidates_in(text: &str, mentions: &[Mention]) -> Vec<Found> {
    let words = words(text);
    let mut found = Vec::new();
    let mut index = 0;
    while index < words.len() {
        if !words[index].capitalised() || is_separator(words[index].text) {
            index += 1;
            continue;
        }
        // The run: capitalised words (and connectors between two of them) joined by spaces.
        let mut end = index + 1;
        while end < words.len() && words[end].joined && !words[end - 1].possessive && !words[end].opens_sentence {
            let word = &words[end];
            let continues = if word.capitalised() {
                !is_separator(word.text)
            } else {
                is_connector(word.text)
                    && words
                        .get(end + 1)
                        .is_some_and(|next| next.joined && next.capitalised() && !is_separator(next.text))
            };
            if !continues {
                break;
            }
            end += 1;
        }
        for part in split_at_titles(&words[index..end]) {
            if let Some(candidate) = candidate_of(text, part, mentions) {
                found.push(candidate);
            }
        }
        index = end;
    }
    found
}

/// The run without titles: the parts before and after each run of title words.
fn split_at_titles<'w, 'a>(run: &'w [Word<'a>]) -> Vec<&'w [Word<'a>]> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < run.len() {
        if !is_personal_title(run[index].text) {
            index += 1;
            continue;
        }
        // Office words before the title ("Deputy Foreign") belong to it.
        let mut title_start = index;
        while title_start > start && is_office_word(run[title_start - 1].text) {
            title_start -= 1;
        }
        parts.push(&run[start..title_start]);
        let mut title_end = index + 1;
        while let Some(word) = run.get(title_end) {
            if is_personal_title(word.text) || is_office_word(word.text) {
                title_end += 1;
            } else if is_connector(word.text) && run.get(title_end + 1).is_some_and(|next| is_office_word(next.text)) {
                // "Secretary of State".
                title_end += 2;
            } else {
                break;
            }
        }
        start = title_end;
        index = title_end;
    }
    parts.push(&run[start.min(run.len())..]);
    parts
}

/// The candidate a part of a run gives, if any.
fn candidate_of(text: &str, part: &[Word<'_>], mentions: &[Mention]) -> Option<Found> {
    let mut words = part;
    while let Some((first, rest)) = words.split_first() {
        if is_connector(first.text) || is_function_word(first.text) {
            words = rest;
        } else {
            break;
        }
    }
    while let Some((last, rest)) = words.split_last() {
        if is_connector(last.text) {
            words = rest;
        } else {
            break;
        }
    }
    // "Ukrainian NATO": a nationality before an acronym describes it.
    if let [first, rest @ ..] = words
        && is_demonym(first.text)
        && !rest.is_empty()
        && rest.iter().all(|word| word.text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
    {
        words = rest;
    }
    let (first, last) = (words.first()?, words.last()?);
    let (start, end) = (first.start, last.end);
    // Any overlap with a known actor's mention: the sequence is that actor.
    let after = mentions.partition_point(|mention| mention.end <= start);
    if mentions.get(after).is_some_and(|mention| mention.start < end) {
        return None;
    }
    if let [word] = words
        && (is_demonym(word.text) || word.text.chars().count() < 2)
    {
        return None;
    }
    let name = words.iter().map(|word| word.text).collect::<Vec<_>>().join(" ");
    let opens_sentence = words.len() == 1 && first.opens_sentence && std::ptr::eq(first, &part[0]);
    text.get(start..end)?;
    Some(Found { name, start, end, opens_sentence })
}

/// The words of `text` with their offsets, possessives cut off.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut words: Vec<Word<'_>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut previous_end = 0;
    while let Some(&(start, c)) = chars.peek() {
        if !c.is_alphanumeric() {
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(at, c)) = chars.peek() {
            let next = text.get(at + c.len_utf8()..).and_then(|rest| rest.chars().next());
            let inner = matches!(c, '-' | '\'' | '’' | '.') && next.is_some_and(char::is_alphanumeric);
            // Dots join only single capitals ("U.S"), never two sentences ("Kyiv.The").
            let dot_ok = c != '.' || {
                let segment = text[start..at].rsplit('.').next().unwrap_or_default();
                segment.chars().count() == 1 && segment.chars().all(char::is_uppercase)
            };
            if c.is_alphanumeric() || (inner && dot_ok) {
                end = at + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let mut word_text = &text[start..end];
        // "U.S.", "Mr." and an initial after a name ("Donald J. Trump") keep their dot: it ends no
        // sentence.
        let initial = word_text.chars().count() == 1
            && word_text.chars().all(char::is_uppercase)
            && words
                .last()
                .is_some_and(|word| word.end + 1 == start && word.text.chars().next().is_some_and(char::is_uppercase));
        if text[end..].starts_with('.') && (word_text.contains('.') || is_abbreviation(word_text) || initial) {
            end += 1;
            chars.next();
            word_text = &text[start..end];
        }
        let mut possessive = false;
        for suffix in ["'s", "’s"] {
            if let Some(stem) = word_text.strip_suffix(suffix)
                && !stem.is_empty()
            {
                word_text = stem;
                possessive = true;
            }
        }
        if !possessive && word_text.ends_with('s') && (text[end..].starts_with('\'') || text[end..].starts_with('’'))
        {
            possessive = true;
        }
        let gap = &text[previous_end..start];
        let after_abbreviation = words.last().is_some_and(|word| word.text.ends_with('.'));
        let opens_sentence = words.is_empty()
            || gap.contains(['!', '?', '\n', '“', '"', '‘', '(', '['])
            || (gap.contains('.') && !after_abbreviation)
            || (after_abbreviation && gap.trim().is_empty() && is_function_word(word_text));
        let joined = !words.is_empty() && !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}');
        words.push(Word { start, end: start + word_text.len(), text: word_text, possessive, opens_sentence, joined });
        previous_end = end;
    }
    words
}

/// Lower-case words that may stand between two capitalised ones in a name.
fn is_connector(word: &str) -> bool {
    matches!(word, "of" | "for" | "de" | "del" | "da" | "von" | "van" | "der" | "al" | "bin" | "la" | "le" | "du")
}

/// Words that cut a run: months and weekdays.
fn is_separator(word: &str) -> bool {
    const CALENDAR: [&str; 19] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    CALENDAR.contains(&word)
}

/// Capitalised function words that start sentences ("The", "However") and never start a name.
fn is_function_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "A",
        "About",
        "According",
        "After",
        "Against",
        "Also",
        "Although",
        "Amid",
        "An",
        "And",
        "Another",
        "Any",
        "As",
        "At",
        "Because",
        "Before",
        "Both",
        "But",
        "By",
        "Despite",
        "During",
        "Each",
        "Earlier",
        "Even",
        "Every",
        "For",
        "From",
        "He",
        "Her",
        "Here",
        "His",
        "How",
        "However",
        "I",
        "If",
        "In",
        "It",
        "Its",
        "Last",
        "Later",
        "Many",
        "Meanwhile",
        "More",
        "Most",
        "Mr",
        "Ms",
        "My",
        "Neither",
        "Next",
        "No",
        "Nor",
        "Not",
        "Notably",
        "Now",
        "On",
        "One",
        "Only",
        "Or",
        "Other",
        "Our",
        "Over",
        "She",
        "Since",
        "So",
        "Some",
        "Still",
        "Such",
        "That",
        "The",
        "Their",
        "Then",
        "There",
        "These",
        "They",
        "This",
        "Those",
        "Though",
        "Through",
        "To",
        "Today",
        "Tomorrow",
        "Under",
        "Until",
        "We",
        "What",
        "When",
        "Where",
        "Whether",
        "Which",
        "While",
        "Who",
        "Why",
        "With",
        "Yesterday",
        "Yet",
        "You",
    ];
    WORDS.contains(&word)
}

/// Titles of people: the name follows them ("President", "Minister", "Mr.", "Secretary-General").
fn is_personal_title(word: &str) -> bool {
    if word.contains('-') {
        let mut parts = word.split('-');
        return parts.clone().any(is_single_title) && parts.all(|part| is_single_title(part) || is_office_word(part));
    }
    is_single_title(word)
}

/// One title word ("President").
fn is_single_title(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "Ambassador",
        "Adviser",
        "Advisor",
        "Chairman",
        "Chairwoman",
        "Chancellor",
        "Commissioner",
        "Dr",
        "Dr.",
        "Envoy",
        "Gen.",
        "General",
        "Governor",
        "King",
        "Mayor",
        "Minister",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Pope",
        "Premier",
        "President",
        "Prince",
        "Queen",
        "Rep.",
        "Secretary",
        "Sen.",
        "Senator",
        "Sir",
        "Spokesman",
        "Spokesperson",
        "Spokeswoman",
    ];
    TITLES.contains(&word)
}

/// Words that are part of a title when next to one ("Deputy Foreign Minister", "of State").
fn is_office_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "Chief", "Defence", "Defense", "Deputy", "Finance", "Foreign", "Former", "Interior", "Press", "Prime",
        "Security", "Special", "State", "Vice",
    ];
    WORDS.contains(&word) || is_personal_title(word)
}

/// The gazetteer: place names, one a line (`assets/places.txt`), lower-cased.
static PLACES: std::sync::LazyLock<std::collections::HashSet<String>> = std::sync::LazyLock::new(|| {
    include_str!("../../assets/places.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

/// Whether `name` is a place of the gazetteer (ignoring case).
pub fn is_place(name: &str) -> bool {
    PLACES.contains(&name.to_lowercase())
}

/// Abbreviations whose dot ends no sentence.
fn is_abbreviation(word: &str) -> bool {
    matches!(word, "Mr" | "Mrs" | "Ms" | "Dr" | "Gen" | "Sen" | "Rep" | "St" | "Jr" | "Sr" | "Prof" | "Lt" | "Col")
}

/// Nationality and direction adjectives ("Russian", "European", "Western"): no actor alone.
fn is_demonym(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "Afghan",
        "Arab",
        "Czech",
        "Dutch",
        "Eastern",
        "French",
        "German",
        "Greek",
        "Iraqi",
        "Israeli",
        "Kuwaiti",
        "Northern",
        "Pakistani",
        "Saudi",
        "Southern",
        "Swiss",
        "Thai",
        "Western",
        "Yemeni",
    ];
    WORDS.contains(&word) || ["ian", "ean", "ese", "ish", "can"].iter().any(|suffix| word.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    fn names(actors: &[Actor], text: &str) -> Vec<String> {
        find_candidates(actors, [text], &[]).into_iter().map(|candidate| candidate.name).collect()
    }

    #[test]
    fn titles_are_cut_and_known_actors_left_out() {
        let mut actors = presets::preset_actors();
        let text = "Officials met Deputy Foreign Minister Sergei Ryabkov and Prime Minister Mette Frederiksen.";
        assert_eq!(names(&actors, text), vec!["Mette Frederiksen"]);
        let hyphenated = "They heard OSCE Secretary-General Feridun Sinirlioglu on Ukrainian WTO hopes.";
        assert_eq!(names(&actors, hyphenated), vec!["Feridun Sinirlioglu", "OSCE", "WTO"]);
        // The presets know the UN's and NATO's people.
        let known = "They heard UN Secretary-General António Guterres on Ukrainian NATO hopes.";
        assert!(names(&actors, known).is_empty(), "{:?}", names(&actors, known));
        // With only "Ryabkov" as an alias, "Sergei Ryabkov" is still Russia.
        let russia = actors.iter_mut().find(|actor| actor.name == "Russia").unwrap();
        russia.aliases.retain(|alias| alias != "Sergei Ryabkov");
        assert!(russia.aliases.contains(&"Ryabkov".to_owned()));
        assert_eq!(names(&actors, text), vec!["Mette Frederiksen"]);
    }

    #[test]
    fn sequences_join_and_possessives_end_them() {
        let actors = presets::preset_actors();
        let text = "Talks were reported by The New York Times and the Bank of England. Fico's aides, \
                    Fico and Slovak Government Office Spokesman Jan Novak spoke.";
        let found = names(&actors, text);
        assert_eq!(found[0], "Fico", "twice: {found:?}");
        for name in ["New York Times", "Bank of England", "Slovak Government Office", "Jan Novak"] {
            assert!(found.contains(&name.to_owned()), "{name} in {found:?}");
        }
        assert_eq!(found.len(), 5, "{found:?}");
    }

    #[test]
    fn sentence_openers_months_and_adjectives_are_not_names() {
        let actors = presets::preset_actors();
        let text = "Preparations are underway. However, in March the Russian side met on Monday. \
                    Negotiators flew on. Later, Negotiators said Ankara agreed. Ankara, he said.";
        // "Negotiators" appears capitalised inside a sentence once: it counts (the analyst can
        // dismiss it); "Preparations" only ever opens a sentence.
        let found = find_candidates(&actors, [text], &[]);
        let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
        // Ankara is a place: listed after the other names.
        assert_eq!(names, vec!["Negotiators", "Ankara"]);
        assert_eq!((found[1].mentions, found[1].articles), (2, 1));
        assert_eq!(&text[found[1].first.1..found[1].first.2], "Ankara");
    }

    #[test]
    fn counts_articles_and_mentions_and_skips_dismissed() {
        let actors = presets::preset_actors();
        let texts = ["Officials in Ankara and Ankara again.", "Beijing watched. Ankara too, said Beijing."];
        let found = find_candidates(&actors, texts, &[]);
        let summary: Vec<(&str, usize, usize)> =
            found.iter().map(|c| (c.name.as_str(), c.articles, c.mentions)).collect();
        assert_eq!(summary, vec![("Ankara", 2, 3), ("Beijing", 1, 2)]);
        let found = find_candidates(&actors, texts, &["ankara".to_owned()]);
        assert_eq!(found.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Beijing"]);
    }

    #[test]
    fn seed_article_candidates_are_sensible() {
        let project = presets::sample_project();
        let texts = project.articles.iter().map(|article| article.text.as_str());
        let found = find_candidates(&project.actors, texts, &[]);
        let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
        for expected in ["Saudi Arabia", "London"] {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
        for wrong in ["Sergei Ryabkov", "Russian", "Preparations", "President", "Notably", "Western", "The"] {
            assert!(!names.contains(&wrong), "{wrong} in {names:?}");
        }
        for candidate in &found {
            let (_, start, end) = candidate.first;
            assert_eq!(&project.articles[0].text[start..end], candidate.name, "spans are exact");
        }
    }

    #[test]
    fn an_initial_belongs_to_the_name() {
        // With no actors yet (the presets know Trump as the United States).
        let text = "Officials said Donald J. Trump spoke. Later Donald J. Trump and John F. Kennedy Airport staff met.";
        let found = names(&[], text);
        assert_eq!(found, vec!["Donald J. Trump", "John F. Kennedy Airport"]);
        let actors = presets::preset_actors();
        assert_eq!(names(&actors, text), vec!["John F. Kennedy Airport"], "Trump names a known actor");
        // A sentence that ends in a single capital still ends before a function word.
        let plan = names(&actors, "They chose Plan B. The talks ended.");
        assert!(plan.contains(&"Plan B.".to_owned()) || plan.contains(&"Plan B".to_owned()), "{plan:?}");
        assert!(!plan.iter().any(|name| name.contains("The")), "{plan:?}");
    }

    #[test]
    fn places_are_marked_and_listed_after_other_names() {
        let actors = presets::preset_actors();
        let texts = [
            "Officials in London and Alaska met Mette Frederiksen. London again, Alaska again.",
            "In London, officials and Alaska officials met. Mette Frederiksen was away.",
        ];
        let found = find_candidates(&actors, texts, &[]);
        let summary: Vec<(&str, bool)> = found.iter().map(|c| (c.name.as_str(), c.place)).collect();
        // London and Alaska are more widespread than Keir Starmer, but are places.
        assert_eq!(summary, vec![("Mette Frederiksen", false), ("Alaska", true), ("London", true)]);
        assert!(is_place("london") && is_place("New Mexico") && !is_place("Keir Starmer") && !is_place("Russia"));
    }

    #[test]
    fn non_ascii_and_odd_text_is_safe() {
        let actors = presets::preset_actors();
        assert_eq!(
            names(&actors, "«Ёлкин» met Émile Zola’s friend Émile Zola in Zürich."),
            vec!["Émile Zola", "Zürich"]
        );
        assert!(names(&actors, "").is_empty());
        assert!(names(&actors, "... ' ’s - U.").is_empty());
    }
}
