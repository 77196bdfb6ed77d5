//! The stance cues the suggester knows, as plain word lists, and how they are matched.
//!
//! Every cue is a word or a phrase of whole words with a [`CueKind`]. Phrases are matched longest
//! first at each word ("not a part of" before "not"), case-insensitively, never across punctuation.
//! What a cue means for a side is decided by the rules in `super`: support cues point to the
//! high pole, opposition cues to the low pole, negation flips the next cue, relinquishing ("cede",
//! "give up", "drop") points to the high pole only on an issue whose high pole is itself giving
//! something up (its label says so: "Cede occupied territory"), and to the low pole elsewhere
//! ("drop its bid to join NATO").

use std::collections::HashMap;

/// What a cue says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum CueKind {
    /// Who is speaking: "said", "stated that", "told". Neutral about the side.
    Attribution,
    /// "according to X": the speaker follows.
    According,
    /// A reported proposal or demand: "suggested", "proposed", "called for". The speaker's own
    /// stance, pointing to what is proposed.
    Proposal,
    /// For the thing that follows: "supports", "wants", "aspirations", "must involve".
    Support,
    /// Against the thing that follows (or, after it, against the thing before): "rejects", "rules
    /// out", "withdrawal", "not on the table".
    Oppose,
    /// Leaving someone out: "without", "excluded", "not a part of". Counts after the issue word too.
    Exclusion,
    /// Giving something up: "cede", "give up", "drop", "hand over".
    Relinquish,
    /// Flips the next cue within three words: "not", "never", "won't".
    Negation,
    /// Hedging: "may", "could", "might" — lowers the confidence.
    WeakModal,
    /// Insistence: "must", "has to", "insisted" — raises the confidence.
    StrongModal,
    /// Words that look like a cue but say nothing of a side: "without preconditions" leaves no
    /// one out. Matched like a cue so that the shorter cue inside it ("without") does not fire.
    Neutral,
}

/// The lists. Inflections are spelled out: the rules stay readable and no stemmer is needed.
const CUES: &[(CueKind, &[&str])] = &[
    (
        CueKind::Attribution,
        &[
            "said",
            "says",
            "say",
            "stated",
            "states",
            "told",
            "tells",
            "added",
            "adds",
            "argued",
            "argues",
            "arguing",
            "insisted",
            "insists",
            "insisting",
            "warned",
            "warns",
            "wrote",
            "writes",
            "announced",
            "claimed",
            "claims",
            "declared",
            "declares",
            "asserted",
            "asserting",
            "asserts",
            "reiterated",
            "reiterates",
            "signaled",
            "signalled",
            "responded",
            "acknowledged",
            "made clear",
            "stressed",
            "emphasized",
            "emphasised",
            "noted",
            "explained",
            "replied",
            "countered",
            "underscored",
            "underlined",
            "stressing",
            "emphasizing",
            "emphasising",
            "noting",
            "saying",
            "affirmed",
            "assured",
            "maintained",
            "pointed out",
            "remarked",
            "commented",
            "recalled",
            "reiterating",
        ],
    ),
    (CueKind::According, &["according to", "according to remarks by", "according to a statement by"]),
    (
        CueKind::Proposal,
        &[
            "suggested",
            "suggests",
            "suggesting",
            "proposed",
            "proposes",
            "proposing",
            "urged",
            "urges",
            "urging",
            "demanded",
            "demands",
            "demanding",
            "called for",
            "calls for",
            "calling for",
            "call for",
            "ask",
            "asked",
            "asks",
            "asking",
            "suggest",
            "propose",
            "urge",
            "pushed for",
            "pushes for",
            "pushing for",
            "agreed",
            "agrees",
            "agreed that",
        ],
    ),
    (
        CueKind::Support,
        &[
            "support",
            "supports",
            "supported",
            "supporting",
            "back",
            "backs",
            "backed",
            "backing",
            "endorse",
            "endorses",
            "endorsed",
            "endorsing",
            "favour",
            "favours",
            "favoured",
            "favor",
            "favors",
            "favored",
            "in favour of",
            "in favor of",
            "welcome",
            "welcomes",
            "welcomed",
            "welcoming",
            "want",
            "wants",
            "wanted",
            "seek",
            "seeks",
            "sought",
            "advocate",
            "advocates",
            "advocated",
            "pursue",
            "pursues",
            "pursued",
            "accept",
            "accepts",
            "accepted",
            "accepting",
            "embrace",
            "embraces",
            "embraced",
            "agree to",
            "agreed to",
            "agrees to",
            "aspiration",
            "aspirations",
            "aspire",
            "aspires",
            "ambition",
            "ambitions",
            "bid",
            "goal",
            "path to",
            "join",
            "joins",
            "joining",
            "include",
            "includes",
            "involve",
            "involves",
            "involved",
            "involving",
            "be part of",
            "a seat at",
            "seat at",
            "recognise",
            "recognises",
            "recognised",
            "recognize",
            "recognizes",
            "recognized",
            "reaffirm",
            "reaffirms",
            "reaffirmed",
            "reaffirming",
            "open to",
            "readiness to",
            "readiness for",
            "ready for",
            "ready to",
            "committed to",
            "commitment to",
            "promote",
            "promotes",
            "promoting",
            "hope",
            "hopes",
            "hoped",
            "pressure",
            "press for",
            "pressed for",
            "irreversible",
            "insist on",
            "insists on",
            "insisted on",
            "guarantee",
        ],
    ),
    (
        CueKind::Oppose,
        &[
            "oppose",
            "opposes",
            "opposed",
            "opposing",
            "opposition to",
            "reject",
            "rejects",
            "rejected",
            "rejecting",
            "rejection",
            "rule out",
            "rules out",
            "ruled out",
            "ruling out",
            "refuse",
            "refuses",
            "refused",
            "refusing",
            "deny",
            "denies",
            "denied",
            "dismiss",
            "dismisses",
            "dismissed",
            "condemn",
            "condemns",
            "condemned",
            "denounce",
            "denounces",
            "denounced",
            "denouncing",
            "criticize",
            "criticizes",
            "criticized",
            "criticise",
            "criticises",
            "criticised",
            "against",
            "veto",
            "vetoed",
            "block",
            "blocks",
            "blocked",
            "resist",
            "resists",
            "resisted",
            "reconsider",
            "object to",
            "objects to",
            "objected to",
            "fight against",
            "apprehension",
            "apprehensions",
            "concern about",
            "withdraw",
            "withdraws",
            "withdrew",
            "withdrawn",
            "withdrawal",
            "pull out",
            "pulled out",
            "retreat",
            "not on the table",
            "off the table",
            "never going to happen",
            "not going to happen",
            "could not happen",
            "cannot happen",
            "will not happen",
            "a threat",
            "direct threat",
            "unacceptable",
            "inadmissible",
            "absurd",
        ],
    ),
    (
        CueKind::Exclusion,
        &[
            "without",
            "excluded",
            "excludes",
            "exclude",
            "excluding",
            "exclusion",
            "sidelined",
            "sideline",
            "marginalized",
            "marginalised",
            "absent",
            "not a part of",
            "not part of",
            "left out",
            "shut out",
        ],
    ),
    (
        CueKind::Relinquish,
        &[
            "cede",
            "cedes",
            "ceded",
            "ceding",
            "give up",
            "gives up",
            "giving up",
            "gave up",
            "hand over",
            "hands over",
            "handing over",
            "surrender",
            "surrenders",
            "concede",
            "concedes",
            "concession",
            "concessions",
            "drop",
            "drops",
            "dropping",
            "abandon",
            "abandons",
            "abandoned",
            "abandoning",
            "renounce",
            "renounces",
            "renounced",
            "relinquish",
            "trade",
            "turn over",
            "turns over",
            "turned over",
            "give away",
        ],
    ),
    (
        CueKind::Negation,
        &[
            "not",
            "never",
            "no",
            "nothing",
            "cannot",
            "nor",
            "neither",
            "refuse to",
            "refused to",
            "impossible",
            "unthinkable",
        ],
    ),
    (CueKind::WeakModal, &["may", "might", "could", "may need to", "possibly", "perhaps", "tentatively"]),
    (CueKind::StrongModal, &["must", "has to", "have to", "had to", "demand", "insist"]),
    (
        CueKind::Neutral,
        &[
            "without preconditions",
            "without any preconditions",
            "without conditions",
            "without any conditions",
            "without delay",
            "without further delay",
        ],
    ),
];

/// Cue phrases indexed by their first word, longest first.
pub(super) struct Lexicon {
    by_first_word: HashMap<&'static str, Vec<(Vec<&'static str>, CueKind)>>,
}

impl Lexicon {
    /// The built-in lists.
    pub(super) fn new() -> Self {
        let mut by_first_word: HashMap<&'static str, Vec<(Vec<&'static str>, CueKind)>> = HashMap::new();
        for &(kind, phrases) in CUES {
            for phrase in phrases {
                let words: Vec<&'static str> = phrase.split(' ').collect();
                if let Some(&first) = words.first() {
                    by_first_word.entry(first).or_default().push((words, kind));
                }
            }
        }
        for entries in by_first_word.values_mut() {
            entries.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        Self { by_first_word }
    }

    /// The longest cue starting at `words[0]`: its kind and how many words it spans. Words ending
    /// in "n't" ("won't", "didn't") are negations.
    pub(super) fn match_at(&self, words: &[&str]) -> Option<(CueKind, usize)> {
        let first = *words.first()?;
        if let Some(entries) = self.by_first_word.get(first) {
            for (phrase, kind) in entries {
                if words.len() >= phrase.len() && phrase.iter().zip(words).all(|(a, b)| a == b) {
                    return Some((*kind, phrase.len()));
                }
            }
        }
        first.ends_with("n't").then_some((CueKind::Negation, 1))
    }
}

/// True when an issue's high pole is itself giving something up ("Cede occupied territory"), so
/// relinquishing cues point to it.
pub(super) fn high_pole_relinquishes(high_label: &str) -> bool {
    let label = high_label.to_lowercase();
    ["cede", "ceding", "give up", "surrender", "hand over", "concede", "concession", "withdraw"]
        .iter()
        .any(|word| label.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_phrase_wins_and_contractions_negate() {
        let lexicon = Lexicon::new();
        assert_eq!(lexicon.match_at(&["not", "a", "part", "of", "it"]), Some((CueKind::Exclusion, 4)));
        assert_eq!(lexicon.match_at(&["not", "accept"]), Some((CueKind::Negation, 1)));
        assert_eq!(lexicon.match_at(&["rules", "out"]), Some((CueKind::Oppose, 2)));
        assert_eq!(lexicon.match_at(&["won't"]), Some((CueKind::Negation, 1)));
        assert_eq!(lexicon.match_at(&["table"]), None);
    }

    #[test]
    fn relinquishing_points_up_only_on_issues_about_giving_up() {
        assert!(high_pole_relinquishes("Cede occupied territory"));
        assert!(!high_pole_relinquishes("Supports membership"));
    }
}
