//! The stance suggester: transparent rules that point the analyst at sentences where an actor takes
//! a side on an issue. Pure: text, actors and issues in, [`Suggestion`]s out.
//!
//! For every sentence that mentions an actor (by any name or alias; a member such as Rubio rolls up
//! to its parent, the United States) and an issue (by a keyword), the rules ask *who* speaks and
//! *which way* the words about the issue point:
//!
//! - **Who**: the speaker of the nearest attribution before the issue word ("Zelenskyy stated
//!   that…", "Rubio said…", "according to Ryabkov"), or of a reported proposal ("The U.S. has
//!   suggested that Ukraine…" is the U.S.'s stance, not Ukraine's). Without one, the nearest actor
//!   before the issue word that is not an object ("criticized Trump", "support for Ukraine") or
//!   inside a quotation.
//! - **Which way**: the stance cues between the speaker and the issue word, multiplied: support
//!   (+), opposition (−), exclusion (−), relinquishing (+ on an issue whose high pole gives
//!   something up, − elsewhere); a negation flips the next cue ("would not accept"). An issue word
//!   that is a cue itself counts too ("calling for a withdrawal" is against ceding territory), as
//!   does exclusion right after it ("talks they were not a part of"). Without cues before it, the
//!   cues after it in the same clause ("membership is not on the table"), else a reported
//!   proposal itself (+).
//! - **How sure**: hedges ("may need to", "could") make it low, insistence ("must", "rules out",
//!   "never") high, anything else medium; the proposed value lies that far towards the pole.
//!
//! Clauses end at `;`, at "and", "but", "while", "though", at ", which" and ", who", so one
//! sentence can hold several stances. The word lists are in `lexicon`; the sentence and word
//! splitting in `text`. Every suggestion carries the cues that fired, so the analyst sees why.

mod lexicon;
mod text;

use serde::Serialize;

use crate::analysis::mentions::{Mention, MentionFinder, MentionTarget};
use crate::model::{Actor, ActorId, Confidence, Issue, IssueId};
use lexicon::{CueKind, Lexicon, high_pole_relinquishes};
use text::Token;

/// Towards which pole of the issue a suggestion points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Towards the low pole (e.g. "Rules out membership").
    Low,
    /// Towards the high pole (e.g. "Supports membership").
    High,
}

impl Side {
    /// "low" or "high".
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::High => "high",
        }
    }
}

/// One suggested stance: an actor's side on an issue, from one sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Whose stance (after rolling members up into their parent).
    pub actor: ActorId,
    /// On which issue.
    pub issue: IssueId,
    /// Towards which pole.
    pub side: Side,
    /// A proposed value on the issue's scale, further towards the pole the surer the rules are.
    pub value: f64,
    /// How sure the rules are.
    pub confidence: Confidence,
    /// Byte offset where the sentence (the evidence) starts.
    pub start: usize,
    /// Byte offset just past the sentence's end.
    pub end: usize,
    /// The cues that fired, in reading order, e.g. "attribution “stated” by Ukraine".
    pub cues: Vec<String>,
}

/// What the rules need to know about one issue.
struct IssueRules {
    id: IssueId,
    bounds: (f64, f64),
    /// Relinquishing cues point to the high pole.
    relinquish_is_high: bool,
}

/// A reusable suggester for one set of actors and issues; build once, run over many texts.
pub struct Suggester {
    finder: MentionFinder,
    lexicon: Lexicon,
    /// Per actor (by index): the actor its stances count for, following parents to the top.
    roots: Vec<usize>,
    actors: Vec<(ActorId, String)>,
    issues: Vec<IssueRules>,
}

/// A cue found in a sentence, over tokens `first..last`.
#[derive(Clone, Debug)]
struct Cue {
    first: usize,
    last: usize,
    kind: CueKind,
    negated: bool,
}

/// An actor mention in a sentence, over tokens `first..last`.
#[derive(Clone, Copy, Debug)]
struct ActorAt {
    root: usize,
    first: usize,
    last: usize,
    /// May be a speaker: not an object, not inside quotation marks.
    eligible: bool,
}

/// An issue keyword in a sentence, over tokens `first..last`.
#[derive(Clone, Copy, Debug)]
struct KeywordAt {
    issue: usize,
    first: usize,
    last: usize,
}

/// Prepositions after which an actor is an object, not a speaker.
const OBJECT_WORDS: [&str; 18] = [
    "for",
    "to",
    "with",
    "against",
    "on",
    "of",
    "about",
    "between",
    "over",
    "into",
    "toward",
    "towards",
    "at",
    "in",
    "under",
    "than",
    "including",
    "like",
];

/// Words that end a clause.
const CLAUSE_WORDS: [&str; 7] = ["and", "but", "while", "whereas", "though", "although", "ahead"];

impl Suggester {
    /// Builds the suggester for these actors (names, aliases, parents) and issues (keywords, poles).
    pub fn new(actors: &[Actor], issues: &[Issue]) -> Self {
        let roots = (0..actors.len()).map(|index| root_of(actors, index)).collect();
        Self {
            finder: MentionFinder::new(actors, issues),
            lexicon: Lexicon::new(),
            roots,
            actors: actors.iter().map(|actor| (actor.id.clone(), actor.name.clone())).collect(),
            issues: issues
                .iter()
                .map(|issue| IssueRules {
                    id: issue.id.clone(),
                    bounds: issue.bounds(),
                    relinquish_is_high: high_pole_relinquishes(&issue.high_label),
                })
                .collect(),
        }
    }

    /// Every suggestion for `text`, sentence by sentence; at most one per sentence, actor and issue.
    pub fn suggest(&self, text: &str) -> Vec<Suggestion> {
        let mentions = self.finder.find(text);
        let mut suggestions = Vec::new();
        let mut next_mention = 0;
        for (start, end) in text::sentences(text) {
            while next_mention < mentions.len() && mentions[next_mention].end <= start {
                next_mention += 1;
            }
            let first = next_mention;
            let mut last = first;
            while last < mentions.len() && mentions[last].start < end {
                last += 1;
            }
            let in_sentence = &mentions[first..last];
            let has_actor = in_sentence.iter().any(|m| matches!(m.target, MentionTarget::Actor(_)));
            let has_issue = in_sentence.iter().any(|m| matches!(m.target, MentionTarget::Issue(_)));
            if has_actor && has_issue {
                self.suggest_in_sentence(text, (start, end), in_sentence, &mut suggestions);
            }
        }
        suggestions
    }

    fn suggest_in_sentence(
        &self,
        text: &str,
        (start, end): (usize, usize),
        mentions: &[Mention],
        out: &mut Vec<Suggestion>,
    ) {
        let tokens = text::tokens(text, start, end);
        let sentence = Sentence::new(self, text, tokens, mentions);
        // (actor root, issue) → (sum of signs, confidence, cues)
        let mut found: Vec<(usize, usize, i32, Confidence, Vec<String>)> = Vec::new();
        for keyword in &sentence.keywords {
            let Some(reading) = sentence.read(self, keyword) else { continue };
            for &holder in &reading.holders {
                match found.iter_mut().find(|f| f.0 == holder && f.1 == keyword.issue) {
                    Some(entry) => {
                        entry.2 += reading.sign;
                        entry.3 = entry.3.max(reading.confidence);
                        for cue in &reading.cues {
                            if !entry.4.contains(cue) {
                                entry.4.push(cue.clone());
                            }
                        }
                    }
                    None => found.push((holder, keyword.issue, reading.sign, reading.confidence, reading.cues.clone())),
                }
            }
        }
        for (holder, issue, sum, confidence, cues) in found {
            if sum == 0 {
                continue;
            }
            let (Some((actor, _)), Some(rules)) = (self.actors.get(holder), self.issues.get(issue)) else { continue };
            let side = if sum > 0 { Side::High } else { Side::Low };
            out.push(Suggestion {
                actor: actor.clone(),
                issue: rules.id.clone(),
                side,
                value: proposed_value(rules.bounds, side, confidence),
                confidence,
                start,
                end,
                cues,
            });
        }
    }

    fn polarity(&self, cue: &Cue, issue: usize) -> i32 {
        let base = match cue.kind {
            CueKind::Support | CueKind::Proposal => 1,
            CueKind::Oppose | CueKind::Exclusion => -1,
            CueKind::Relinquish => {
                if self.issues.get(issue).is_some_and(|rules| rules.relinquish_is_high) {
                    1
                } else {
                    -1
                }
            }
            _ => 0,
        };
        if cue.negated { -base } else { base }
    }
}

/// Runs `suggester` over many texts on `threads` worker threads, counting finished texts in `done`
/// and stopping early (with the texts not reached left empty) once `cancel` is set. Results are in
/// the order of `texts`.
pub fn suggest_many(
    suggester: &Suggester,
    texts: &[&str],
    threads: usize,
    done: &std::sync::atomic::AtomicUsize,
    cancel: &std::sync::atomic::AtomicBool,
) -> Vec<Vec<Suggestion>> {
    use std::sync::atomic::Ordering;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Vec<Suggestion>> = vec![Vec::new(); texts.len()];
    let finished: Vec<Vec<(usize, Vec<Suggestion>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while !cancel.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(text) = texts.get(index) else { break };
                        mine.push((index, suggester.suggest(text)));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().filter_map(|worker| worker.join().ok()).collect()
    });
    for (index, suggestions) in finished.into_iter().flatten() {
        results[index] = suggestions;
    }
    results
}

/// The actor `index` rolls up into: its parent's root, or itself (a cycle stops at the first repeat).
fn root_of(actors: &[Actor], index: usize) -> usize {
    let mut current = index;
    let mut seen = vec![index];
    while let Some(parent) = actors.get(current).and_then(|actor| actor.parent.as_ref()) {
        let Some(next) = actors.iter().position(|actor| &actor.id == parent) else { break };
        if seen.contains(&next) {
            break;
        }
        seen.push(next);
        current = next;
    }
    current
}

/// The value proposed for a side: 10 %, 20 % or 30 % of the scale from the pole for high, medium
/// and low confidence, rounded to whole units.
fn proposed_value((low, high): (f64, f64), side: Side, confidence: Confidence) -> f64 {
    let fraction = match confidence {
        Confidence::High => 0.1,
        Confidence::Medium => 0.2,
        Confidence::Low => 0.3,
    };
    let offset = (high - low) * fraction;
    let value = match side {
        Side::Low => low + offset,
        Side::High => high - offset,
    };
    value.round().clamp(low, high)
}

/// What the rules read for one issue word: who takes the stance, which way, how surely and why.
struct Reading {
    holders: Vec<usize>,
    sign: i32,
    confidence: Confidence,
    cues: Vec<String>,
}

mod sentence;
use sentence::Sentence;

#[cfg(test)]
mod tests;
