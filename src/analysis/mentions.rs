//! Finding where actors and issues are mentioned in an article's text.
//!
//! One Aho–Corasick automaton holds every actor name and alias and every issue keyword; matches are
//! leftmost-longest ("Vladimir Putin" beats "Putin"), case-insensitive, and whole words only
//! ("Russia's" counts for Russia, "Russian" does not). Acronyms (all capitals, like "US", "UN") must
//! match their case exactly so the pronoun "us" is not taken for the United States.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::{Actor, Issue};

/// What a mention refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionTarget {
    /// An actor, by index in the project's actor list.
    Actor(usize),
    /// An issue keyword, by index in the project's issue list.
    Issue(usize),
}

/// One mention: a byte range of the text and what it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The actor or issue mentioned.
    pub target: MentionTarget,
}

/// A reusable matcher for one set of actors and issues; build once, scan many texts.
pub struct MentionFinder {
    automaton: Option<AhoCorasick>,
    /// Per pattern: its target and whether its case must match exactly.
    patterns: Vec<(MentionTarget, bool)>,
    pattern_texts: Vec<String>,
}

impl MentionFinder {
    /// Builds the matcher for these actors' names and aliases and these issues' keywords.
    pub fn new(actors: &[Actor], issues: &[Issue]) -> Self {
        let mut pattern_texts = Vec::new();
        let mut patterns = Vec::new();
        // Keywords first: a name that is also a keyword ("NATO", the actor and the issue word) is
        // found as the keyword, which the suggester also reads as the actor.
        for (index, issue) in issues.iter().enumerate() {
            for keyword in issue.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
                pattern_texts.push(keyword.to_owned());
                patterns.push((MentionTarget::Issue(index), is_acronym(keyword)));
            }
        }
        for (index, actor) in actors.iter().enumerate() {
            for name in actor.names() {
                pattern_texts.push(name.to_owned());
                patterns.push((MentionTarget::Actor(index), is_acronym(name)));
            }
        }
        // An exact-case acronym ("NATO") that is also listed without case ("Nato") would hide the
        // case-free one, as the automaton reports one of two equal matches: keep the case-free one.
        let case_free: std::collections::HashSet<String> = pattern_texts
            .iter()
            .zip(&patterns)
            .filter(|(_, (_, exact))| !exact)
            .map(|(text, _)| text.to_lowercase())
            .collect();
        let keep: Vec<bool> = pattern_texts
            .iter()
            .zip(&patterns)
            .map(|(text, (_, exact))| !exact || !case_free.contains(&text.to_lowercase()))
            .collect();
        let mut kept = keep.iter();
        pattern_texts.retain(|_| kept.next().copied().unwrap_or(true));
        let mut kept = keep.iter();
        patterns.retain(|_| kept.next().copied().unwrap_or(true));
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pattern_texts)
            .ok();
        Self { automaton, patterns, pattern_texts }
    }

    /// False when `text` certainly holds none of the names and keywords (ignoring ASCII case,
    /// word boundaries and exact-case acronyms): a quick test before [`Self::find`].
    pub fn may_mention(&self, text: &str) -> bool {
        self.automaton.as_ref().is_some_and(|automaton| automaton.is_match(text))
    }

    /// All whole-word mentions in `text`, in order, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut mentions = Vec::new();
        for found in automaton.find_iter(text) {
            let (start, end) = (found.start(), found.end());
            let pattern = found.pattern().as_usize();
            let Some(&(target, exact_case)) = self.patterns.get(pattern) else {
                continue;
            };
            if exact_case && text.get(start..end) != self.pattern_texts.get(pattern).map(String::as_str) {
                continue;
            }
            if is_whole_word(text, start, end) {
                mentions.push(Mention { start, end, target });
            }
        }
        mentions
    }
}

/// Counts mentions per actor (indexed like the actor list) in `mentions`.
pub fn count_actor_mentions(mentions: &[Mention], actor_count: usize) -> Vec<usize> {
    let mut counts = vec![0; actor_count];
    for mention in mentions {
        if let MentionTarget::Actor(index) = mention.target
            && let Some(count) = counts.get_mut(index)
        {
            *count += 1;
        }
    }
    counts
}

/// The byte ranges of `actor_index`'s mentions among `mentions`, in reading order.
pub fn actor_spans(mentions: &[Mention], actor_index: usize) -> Vec<(usize, usize)> {
    mentions
        .iter()
        .filter(|mention| mention.target == MentionTarget::Actor(actor_index))
        .map(|mention| (mention.start, mention.end))
        .collect()
}

/// "US", "U.N.", "EU": every letter a capital and at most five letters.
fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 5 && letters.iter().all(|c| c.is_uppercase())
}

/// True when the characters on either side of `start..end` are not letters or digits.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|head| head.chars().next_back());
    let after = text.get(end..).and_then(|tail| tail.chars().next());
    let matched_ends_in_word = text.get(..end).and_then(|m| m.chars().next_back()).is_some_and(char::is_alphanumeric);
    let starts_in_word = text.get(start..).and_then(|m| m.chars().next()).is_some_and(char::is_alphanumeric);
    // A pattern ending in punctuation ("U.S.") may be followed by anything.
    let after_ok = !matched_ends_in_word || !after.is_some_and(char::is_alphanumeric);
    let before_ok = !starts_in_word || !before.is_some_and(char::is_alphanumeric);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    fn actor_names(text: &str) -> Vec<String> {
        let actors = presets::preset_actors();
        let finder = MentionFinder::new(&actors, &[]);
        finder
            .find(text)
            .into_iter()
            .map(|mention| match mention.target {
                MentionTarget::Actor(index) => format!("{}={}", &text[mention.start..mention.end], actors[index].name),
                MentionTarget::Issue(index) => format!("issue {index}"),
            })
            .collect()
    }

    #[test]
    fn longest_names_and_possessives_match() {
        assert_eq!(
            actor_names("Vladimir Putin met Russia's envoy; Russian troops stayed."),
            vec!["Vladimir Putin=Russia", "Russia=Russia"]
        );
    }

    #[test]
    fn case_insensitive_but_acronyms_exact() {
        assert_eq!(actor_names("KYIV said the U.S. told us"), vec!["KYIV=Ukraine", "U.S.=United States"]);
        assert_eq!(actor_names("the UN and the eu"), vec!["UN=United Nations"]);
    }

    #[test]
    fn seed_article_mentions_every_actor() {
        let project = presets::sample_project();
        let finder = MentionFinder::new(&project.actors, &project.issues);
        let mentions = finder.find(&project.articles[0].text);
        let counts = count_actor_mentions(&mentions, project.actors.len());
        assert!(counts.iter().all(|&count| count > 0), "{counts:?}");
        assert!(mentions.iter().any(|m| m.target == MentionTarget::Issue(0)), "NATO keyword");
        for pair in mentions.windows(2) {
            assert!(pair[0].end <= pair[1].start, "overlap");
        }
    }

    #[test]
    fn possessives_count_for_the_actor_with_either_apostrophe() {
        assert_eq!(
            actor_names("Russia's envoy, Zelenskyy’s aide and the Kremlin’s line; Russians and Ukrainians"),
            vec!["Russia=Russia", "Zelenskyy=Ukraine", "Kremlin=Russia"]
        );
        assert_eq!(actor_names("Putin's and Putins"), vec!["Putin=Russia"], "a plural-like suffix is another word");
    }

    #[test]
    fn dotted_acronyms_match_before_any_punctuation() {
        assert_eq!(
            actor_names("The U.S. has suggested; U.S.-brokered talks, as the U.S., said the U.N."),
            vec!["U.S.=United States", "U.S.=United States", "U.S.=United States", "U.N.=United Nations"]
        );
        // "US" only in capitals: not the pronoun, not inside a longer word.
        assert_eq!(actor_names("Let us see: the US and USAID"), vec!["US=United States"]);
    }

    #[test]
    fn a_full_name_inside_a_title_is_one_mention() {
        let text = "according to remarks by Russia's Deputy Foreign Minister Sergei Ryabkov. Later Ryabkov said";
        let actors = presets::preset_actors();
        let finder = MentionFinder::new(&actors, &[]);
        let found: Vec<&str> = finder.find(text).iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(found, vec!["Russia", "Sergei Ryabkov", "Ryabkov"], "not \"Ryabkov\" twice for the full name");
        let full = text.find("Sergei Ryabkov").unwrap();
        let russia = actors.iter().position(|a| a.id.as_str() == "russia").unwrap();
        let spans = actor_spans(&finder.find(text), russia);
        assert_eq!(spans[1], (full, full + "Sergei Ryabkov".len()));
    }

    #[test]
    fn actor_spans_keep_one_actor_in_order() {
        let project = presets::sample_project();
        let finder = MentionFinder::new(&project.actors, &project.issues);
        let text = &project.articles[0].text;
        let mentions = finder.find(text);
        let ukraine = project.actors.iter().position(|a| a.id.as_str() == "ukraine").unwrap();
        let spans = actor_spans(&mentions, ukraine);
        assert_eq!(spans.len(), count_actor_mentions(&mentions, project.actors.len())[ukraine]);
        assert!(spans.windows(2).all(|pair| pair[0].1 <= pair[1].0), "in reading order");
        assert!(spans.iter().all(|&(start, end)| {
            ["Ukraine", "Kyiv", "Zelenskyy", "Volodymyr Zelenskyy", "Ukrainian officials", "Ukrainian authorities"]
                .contains(&&text[start..end])
        }));
    }

    #[test]
    fn non_ascii_text_is_safe() {
        let actors = presets::preset_actors();
        let finder = MentionFinder::new(&actors, &[]);
        let text = "«Kyiv»—Киев and Zelenskyy’s “Kremlin”";
        let found: Vec<_> = finder.find(text).iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(found, vec!["Kyiv", "Zelenskyy", "Kremlin"]);
    }
}
