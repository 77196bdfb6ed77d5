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
//! - **Whose demands**: demands, conditions or a plan an actor owns ("Moscow's demands include…",
//!   "Under the U.S. plan, Ukraine would…", "The Kremlin set out its conditions") are its stance,
//!   and so is the list that follows in the next sentence ("They include…") or lines (after a
//!   colon, one bullet a line), unless someone is reported saying them.
//! - **Wishes in passing**: "Kyiv's NATO bid", "reconsider its aspirations concerning NATO" tell
//!   the owner's wish for the high pole, beside the speaker's own stance.
//! - **Transcripts and quotations**: "we" and "I" are the author of a statement or the speaker of
//!   a turn ("Dmitry Peskov:", "SECRETARY RUBIO:", "THE PRESIDENT:" in a president's remarks;
//!   "Q:" is nobody); a quotation over several sentences is the speaker named in the attribution after
//!   it ("Zelenskyy said", or he/she for the person named before it); a question takes no side.
//!
//! - **Real news shapes** (issue #23, fifth session): the speaker named in the next sentence
//!   ("This was stated by …", "Peskov said this") or after a headline dash ("…, - Peskov"), and
//!   "with Putin insisting that…"; a reply clause (", something Kyiv rejected", ", a demand Kyiv
//!   called absurd") gives its actor the opposite of what it answers; an indirect question
//!   ("whether…") takes no side. An issue's context words (`assets/presets/issue_hints.json`)
//!   keep talks between other parties from counting as Kyiv's inclusion, and "Europe must have a
//!   seat at the table" from counting as Kyiv's seat.
//!
//! Clauses end at `;`, at "and", "but", "while", "though", "whether", at ", which", ", who",
//! ", something" and ", a demand …", so one
//! sentence can hold several stances. The word lists are in `lexicon`; the sentence and word
//! splitting in `text`. Every suggestion carries the cues that fired, so the analyst sees why.

pub mod learn;
mod lexicon;
mod phrases;
mod text;

use std::collections::HashMap;

use serde::Serialize;

use crate::analysis::mentions::{Mention, MentionFinder, MentionTarget};
use crate::model::{Actor, ActorId, Confidence, Issue, IssueId, presets};
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
    /// The learnt phrases among them, as [`learn::LearntPattern::pattern`] writes them, so the
    /// analyst can tell the suggester to forget one.
    pub learnt: Vec<String>,
}

/// What the rules need to know about one issue.
struct IssueRules {
    id: IssueId,
    bounds: (f64, f64),
    /// Relinquishing cues point to the high pole.
    relinquish_is_high: bool,
    /// The poles' labels, for the cue that names the pole a phrase points to.
    labels: (String, String),
    /// A reading counts only when its clause holds one of these words (preset hints).
    context: Option<phrases::WordSet>,
    /// A pole phrase after one of these words (and no context word) is another party's.
    others: Option<phrases::WordSet>,
    /// Actors (roots) whose mention counts as a context word.
    context_actors: Vec<usize>,
}

/// A reusable suggester for one set of actors and issues; build once, run over many texts.
pub struct Suggester {
    finder: MentionFinder,
    lexicon: Lexicon,
    /// Per actor (by index): the actor its stances count for, following parents to the top.
    roots: Vec<usize>,
    actors: Vec<(ActorId, String)>,
    issues: Vec<IssueRules>,
    /// Names that stand for a person (lower case) → (actor index, the name a cue shows), the
    /// antecedents of "he" and "she".
    persons: HashMap<String, (usize, String)>,
    /// Issue keywords that are also an actor's name (lower case) → actor index ("NATO").
    shared_names: HashMap<String, usize>,
    /// Phrase patterns that name an issue and point to a pole.
    poles: phrases::PolePatterns,
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

/// An issue keyword or pole phrase in a sentence, over tokens `first..last`.
#[derive(Clone, Copy, Debug)]
struct KeywordAt {
    issue: usize,
    first: usize,
    last: usize,
    /// 0 for a keyword; +1 or −1 for a phrase pointing to the high or low pole.
    pole: i32,
    /// A negation right before the phrase flips its pole ("no land swap").
    negated: bool,
    /// The phrase was learnt from the analyst's coding.
    learnt: bool,
}

/// Prepositions after which an actor is an object, not a speaker.
const OBJECT_WORDS: [&str; 19] = [
    "by",
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

/// Verbs after which an actor is an object, not a speaker ("thanked the UN and said…").
const OBJECT_VERBS: [&str; 16] = [
    "thanked",
    "met",
    "meets",
    "told",
    "urged",
    "asked",
    "invited",
    "briefed",
    "visited",
    "hosted",
    "accused",
    "called",
    "criticised",
    "criticized",
    "pressed",
    "thanks",
];

/// Words after which a proposal word is a noun, not someone proposing ("dismissed calls for…").
const NOUN_MARKERS: [&str; 8] = ["the", "a", "an", "their", "its", "these", "those", "repeated"];

/// Words after a name shared with an issue word ("NATO") that make it a subject.
const SUBJECT_MARKERS: [&str; 8] = ["has", "have", "had", "will", "would", "is", "was", "says"];

/// Nouns of a role through which an actor speaks ("Russia's UN ambassador").
const ROLE_NOUNS: &[&str] = &[
    "ambassador",
    "envoy",
    "representative",
    "delegate",
    "delegation",
    "negotiator",
    "minister",
    "spokesman",
    "spokesperson",
    "president",
    "leader",
    "chief",
    "aide",
    "officials",
    "mission",
    "negotiators",
    "diplomat",
    "head",
    "secretary",
    "spokeswoman",
    "adviser",
    "advisor",
    "chancellor",
];

/// Nouns for what an actor demands or proposes: "Moscow's demands", "the U.S. plan".
const DEMAND_NOUNS: [&str; 13] = [
    "demands",
    "conditions",
    "terms",
    "plan",
    "proposal",
    "proposals",
    "memorandum",
    "requirements",
    "ultimatum",
    "framework",
    "blueprint",
    "roadmap",
    "wishlist",
];

/// Words that open a new noun phrase: between an actor and a demand noun they make the demands
/// someone else's ("Ukraine rejected the plan").
const DETERMINERS: [&str; 8] = ["the", "a", "an", "this", "that", "its", "his", "their"];

/// Second words after "They", "These", "It"… that make a sentence list the demands named before.
const LIST_VERBS: [&str; 14] = [
    "include",
    "includes",
    "included",
    "are",
    "were",
    "envisage",
    "envisages",
    "require",
    "requires",
    "stipulate",
    "stipulates",
    "provide",
    "provides",
    "demand",
];

/// Nouns of a wish whose owner wants what follows: "Ukraine's NATO bid", "its aspirations".
const ASPIRATION_NOUNS: [&str; 9] =
    ["aspiration", "aspirations", "ambition", "ambitions", "bid", "hopes", "desire", "quest", "wish"];

/// Labels of a transcript turn that name no one and stand for the transcript's author
/// ("THE PRESIDENT:" in remarks by President Trump).
const AUTHOR_LABELS: [&str; 6] =
    ["the president", "president", "the secretary", "secretary", "the secretary-general", "the prime minister"];

/// Words that end a clause.
const CLAUSE_WORDS: [&str; 8] = ["and", "but", "while", "whereas", "though", "although", "ahead", "whether"];

impl Suggester {
    /// Builds the suggester for these actors (names, aliases, parents) and issues (keywords, poles).
    ///
    /// Actors and issues that come from the presets (by id) also get what the presets know of
    /// them: the names 2025 news uses for a preset actor, and the pole phrases of a preset issue
    /// that has none of its own (`assets/presets/`), so a project made before the presets learnt
    /// them gains them too. An issue's own phrases ([`Issue::pole_phrases`]) replace the presets'.
    pub fn new(actors: &[Actor], issues: &[Issue]) -> Self {
        Self::with_patterns(actors, issues, &[])
    }

    /// The suggester for a project: its actors and issues, and what its coding teaches
    /// ([`learn::learn`]), but for the `forgotten` phrases.
    pub fn for_project(project: &crate::model::Project, forgotten: &[String]) -> Self {
        Self::with_learnt(&project.actors, &project.issues, &learn::learn(project, forgotten))
    }

    /// Like [`Self::new`], also reading `learnt` phrases (of issues in `issues`).
    pub fn with_learnt(actors: &[Actor], issues: &[Issue], learnt: &[learn::LearntPattern]) -> Self {
        let patterns: Vec<(usize, String, i32)> = learnt
            .iter()
            .filter_map(|p| {
                let index = issues.iter().position(|issue| issue.id == p.issue)?;
                Some((index, p.pattern.clone(), if p.side == Side::High { 1 } else { -1 }))
            })
            .collect();
        Self::with_patterns(actors, issues, &patterns)
    }

    /// Like [`Self::new`], with extra pole phrases per issue (index into `issues`, pattern,
    /// sign): what was learnt from the analyst's coding.
    pub fn with_patterns(actors: &[Actor], issues: &[Issue], learnt: &[(usize, String, i32)]) -> Self {
        let known = presets::preset_actors();
        let actors: Vec<Actor> = actors
            .iter()
            .map(|actor| {
                let mut actor = actor.clone();
                if let Some(preset) = known.iter().find(|preset| preset.id == actor.id) {
                    for name in &preset.aliases {
                        if !actor.names().any(|have| have.eq_ignore_ascii_case(name)) {
                            actor.aliases.push(name.clone());
                        }
                    }
                }
                actor
            })
            .collect();
        let roots = (0..actors.len()).map(|index| root_of(&actors, index)).collect();
        let keywords: Vec<String> =
            issues.iter().flat_map(|issue| issue.keywords.iter()).map(|k| k.trim().to_lowercase()).collect();
        let mut shared_names = HashMap::new();
        let mut persons = HashMap::new();
        for (index, actor) in actors.iter().enumerate() {
            for name in actor.names() {
                if keywords.contains(&name.to_lowercase()) {
                    shared_names.insert(name.to_lowercase(), index);
                }
                if let Some(shown) = phrases::person_name(actor, name) {
                    persons.insert(name.to_lowercase(), (index, shown));
                }
            }
        }
        let preset_phrases = presets::pole_phrases();
        let hints = presets::issue_hints();
        let mut patterns: Vec<(usize, String, i32, bool)> = Vec::new();
        for (index, issue) in issues.iter().enumerate() {
            // The issue's own phrases (edited in the issue editor), else the presets' of its id.
            if let Some(phrases) = issue.pole_phrases.as_ref().or_else(|| preset_phrases.get(issue.id.as_str())) {
                patterns.extend(phrases.low.iter().map(|p| (index, p.clone(), -1, false)));
                patterns.extend(phrases.high.iter().map(|p| (index, p.clone(), 1, false)));
            }
        }
        patterns.extend(learnt.iter().map(|(index, pattern, sign)| (*index, pattern.clone(), *sign, true)));
        Self {
            finder: MentionFinder::new(&actors, issues),
            lexicon: Lexicon::new(),
            roots,
            actors: actors.iter().map(|actor| (actor.id.clone(), actor.name.clone())).collect(),
            issues: issues
                .iter()
                .map(|issue| IssueRules {
                    id: issue.id.clone(),
                    bounds: issue.bounds(),
                    relinquish_is_high: high_pole_relinquishes(&issue.high_label),
                    labels: (issue.low_label.clone(), issue.high_label.clone()),
                    context: hints
                        .get(issue.id.as_str())
                        .filter(|h| !h.context.is_empty())
                        .map(|h| phrases::WordSet::new(&h.context)),
                    others: hints
                        .get(issue.id.as_str())
                        .filter(|h| !h.others.is_empty())
                        .map(|h| phrases::WordSet::new(&h.others)),
                    context_actors: hints.get(issue.id.as_str()).map_or_else(Vec::new, |h| {
                        actors
                            .iter()
                            .enumerate()
                            .filter(|(_, actor)| h.actors.iter().any(|id| id == actor.id.as_str()))
                            .map(|(index, _)| index)
                            .collect()
                    }),
                })
                .collect(),
            persons,
            shared_names,
            poles: phrases::PolePatterns::new(&patterns),
        }
    }

    /// Every suggestion for `text`, sentence by sentence; at most one per sentence, actor and issue.
    ///
    /// "He" and "she" stand for the last person named before them in the paragraph ("…," he
    /// said), and the cue says so ("he = Donald Trump"; the app's font has no arrow).
    pub fn suggest(&self, text: &str) -> Vec<Suggestion> {
        let mut mentions = self.finder.find(text);
        self.add_shared_names(text, &mut mentions);
        let mut suggestions = Vec::new();
        let mut next_mention = 0;
        let mut last_person: Option<(usize, String)> = None;
        let sentences = text::sentences(text);
        // "we" and "I" in a statement or transcript: its author, or the speaker of a "Name:" label.
        let author = sentences.first().and_then(|&(start, end)| self.author(text, start, end, &mentions));
        let mut first_person = author.clone();
        let mut previous_end = 0;
        // The owner of the demands named in the sentence before (actor root), and whether that
        // sentence ended with a colon.
        let mut previous_owner: Option<usize> = None;
        let mut previous_colon = false;
        let quoted_by = self.quote_speakers(text, &sentences, &mentions);
        let said_next = self.said_in_next_sentence(text, &sentences, &mentions);
        for (index, (start, end)) in sentences.into_iter().enumerate() {
            if let Some(speaker) = self.speaker_label(text, start, end, &mentions, author.as_ref()) {
                first_person = speaker;
            }
            let sentence_text = text.get(start..end).unwrap_or("");
            let listed = previous_owner.filter(|_| previous_colon || opens_list(sentence_text));
            let carried = listed
                .map(|root| (root, "list of demands by"))
                .or_else(|| quoted_by.get(index).copied().flatten().map(|root| (root, "quotation closed by")))
                .or_else(|| self.dash_speaker(text, start, end, &mentions).map(|root| (root, "headline speaker")))
                .or_else(|| {
                    said_next.get(index).copied().flatten().map(|root| (root, "attribution in the next sentence by"))
                });
            previous_colon = sentence_text.trim_end().ends_with(':');
            previous_owner = None;
            if text.get(previous_end..start).is_some_and(|gap| gap.matches('\n').count() >= 2) {
                last_person = None;
            }
            previous_end = end;
            while next_mention < mentions.len() && mentions[next_mention].end <= start {
                next_mention += 1;
            }
            let first = next_mention;
            let mut last = first;
            while last < mentions.len() && mentions[last].start < end {
                last += 1;
            }
            let mut in_sentence = mentions[first..last].to_vec();
            let persons: Vec<(usize, usize, String)> = in_sentence
                .iter()
                .filter_map(|m| {
                    let name = text.get(m.start..m.end)?.to_lowercase();
                    let (actor, shown) = self.persons.get(&name)?;
                    Some((m.start, *actor, shown.clone()))
                })
                .collect();
            let mut notes = Vec::new();
            for (pronoun_start, pronoun_end, pronoun) in pronouns(text, start, end) {
                let first = matches!(pronoun.to_lowercase().as_str(), "we" | "i");
                let before = persons.iter().rev().find(|p| p.0 < pronoun_start).map(|p| (p.1, p.2.clone()));
                let antecedent = if first { first_person.clone() } else { before.or_else(|| last_person.clone()) };
                if let Some((actor, shown)) = antecedent {
                    in_sentence.push(Mention {
                        start: pronoun_start,
                        end: pronoun_end,
                        target: MentionTarget::Actor(actor),
                    });
                    notes.push((pronoun_start, format!("{pronoun} = {shown}")));
                }
            }
            if let Some(person) = persons.last() {
                last_person = Some((person.1, person.2.clone()));
            }
            in_sentence.sort_by_key(|m| m.start);
            // A question takes no side ("Will Russia accept…?"), whoever asks it.
            let question = sentence_text.trim_end_matches(['"', '”', '’', '\'', ')']).ends_with('?');
            let has_actor = in_sentence.iter().any(|m| matches!(m.target, MentionTarget::Actor(_)));
            if !question && (has_actor || carried.is_some()) {
                let owner =
                    self.suggest_in_sentence(text, (start, end), &in_sentence, &notes, carried, &mut suggestions);
                // A list goes on while its lines do: "- Ukraine's neutrality" after "- …".
                previous_owner = owner.or(listed.filter(|_| is_bullet(sentence_text)));
            }
        }
        suggestions
    }

    /// The actor a mention stands for, with the name a cue shows ("Donald Trump" for "Trump").
    fn shown(&self, text: &str, mention: &Mention) -> Option<(usize, String)> {
        let MentionTarget::Actor(actor) = mention.target else { return None };
        let written = text.get(mention.start..mention.end)?;
        let shown =
            self.persons.get(&written.to_lowercase()).map_or_else(|| written.to_owned(), |(_, shown)| shown.clone());
        Some((actor, shown))
    }

    /// The author of a statement, readout or transcript, from its title ("Statement by the
    /// President of Ukraine", "Press conference by NATO Secretary General Mark Rutte").
    fn author(&self, text: &str, start: usize, end: usize, mentions: &[Mention]) -> Option<(usize, String)> {
        let title = text.get(start..end)?.to_lowercase();
        let kinds =
            ["statement", "press conference", "commentary", "remarks", "address", "interview", "briefing", "speech"];
        let by = title.find(" by ")?;
        if !kinds.iter().any(|kind| title[..by].contains(kind)) {
            return None;
        }
        let after = start + by + 4;
        mentions.iter().filter(|m| m.start >= after && m.end <= end).find_map(|m| self.shown(text, m))
    }

    /// A paragraph opening with a speaker's label ("Aide to the President Yury Ushakov: …",
    /// "SECRETARY RUBIO: …", "Question: …"): `Some(speaker)`, `Some(None)` for a label naming no
    /// actor, `None` for no label. "THE PRESIDENT:" stands for the `author` of the transcript.
    fn speaker_label(
        &self,
        text: &str,
        start: usize,
        end: usize,
        mentions: &[Mention],
        author: Option<&(usize, String)>,
    ) -> Option<Option<(usize, String)>> {
        let line_start =
            start == 0 || text.get(..start).is_some_and(|head| head.trim_end_matches([' ', '\t']).ends_with('\n'));
        let sentence = text.get(start..end)?;
        let colon = sentence.find(':')?;
        let label = &sentence[..colon];
        let short = colon <= 80 && label.split_whitespace().count() <= 9 && !label.contains(['.', '!', '?', '"', '“']);
        let capital = label.chars().next().is_some_and(char::is_uppercase);
        if !line_start || !short || !capital {
            return None;
        }
        let speaker = mentions
            .iter()
            .rev()
            .filter(|m| m.start >= start && m.end <= start + colon)
            .find_map(|m| self.shown(text, m))
            // "SECRETARY RUBIO:": a label in capitals names a person by the surname.
            .or_else(|| label.split_whitespace().rev().find_map(|word| self.persons.get(&word.to_lowercase()).cloned()))
            // "THE PRESIDENT:" in the remarks of a president is the author.
            .or_else(|| author.filter(|_| AUTHOR_LABELS.contains(&label.trim().to_lowercase().as_str())).cloned());
        Some(speaker)
    }

    /// Per sentence: the speaker (actor root) of a quotation that opens in it and closes in a later
    /// sentence of the same paragraph with an attribution ("…. That is our answer," Zelenskyy
    /// said.), for the sentences before the closing one (which reads its attribution itself).
    /// "he" or "she" after the quotation is the last person named before it.
    fn quote_speakers(&self, text: &str, sentences: &[(usize, usize)], mentions: &[Mention]) -> Vec<Option<usize>> {
        const SAID: [&str; 16] = [
            "said",
            "says",
            "added",
            "told",
            "stressed",
            "insisted",
            "noted",
            "warned",
            "wrote",
            "continued",
            "explained",
            "declared",
            "stated",
            "argued",
            "emphasised",
            "emphasized",
        ];
        let mut speakers = vec![None; sentences.len()];
        let mut open: Option<usize> = None;
        let mut previous_end = 0;
        for (index, &(start, end)) in sentences.iter().enumerate() {
            let sentence = text.get(start..end).unwrap_or("");
            if text.get(previous_end..start).is_some_and(|gap| gap.contains('\n')) {
                open = None;
            }
            previous_end = end;
            let marks = sentence.chars().filter(|c| matches!(c, '"' | '“' | '”')).count();
            if marks % 2 == 0 {
                continue;
            }
            let Some(first) = open.take() else {
                if sentence.trim_start().starts_with(['"', '“']) {
                    open = Some(index);
                }
                continue;
            };
            let Some(close) = sentence.rfind(['"', '”']).map(|at| start + at) else { continue };
            let tail = text.get(close..end).unwrap_or("");
            let words: Vec<String> = tail
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            if words.len() > 8 || !words.iter().any(|w| SAID.contains(&w.as_str())) {
                continue;
            }
            let named = mentions.iter().filter(|m| m.start >= close && m.end <= end).find_map(|m| match m.target {
                MentionTarget::Actor(actor) => Some(actor),
                MentionTarget::Issue(_) => None,
            });
            let pronoun = words.iter().any(|w| w == "he" || w == "she");
            let quote_start = sentences[first].0;
            let before = || {
                mentions.iter().rev().filter(|m| m.end <= quote_start).find_map(|m| {
                    let name = text.get(m.start..m.end)?.to_lowercase();
                    self.persons.get(&name).map(|(actor, _)| *actor)
                })
            };
            let speaker = named.or_else(|| if pronoun { before() } else { None });
            if let Some(actor) = speaker {
                let root = self.roots.get(actor).copied().unwrap_or(actor);
                speakers[first..index].iter_mut().for_each(|slot| *slot = Some(root));
            }
        }
        speakers
    }

    /// Per sentence: the speaker (actor root) named by the sentence after it when that one only
    /// says who said it ("This was stated by Kremlin spokesman Dmitry Peskov.", "Zelenskyy said
    /// this during a briefing.", "He said this on Monday." for the last person named before).
    fn said_in_next_sentence(
        &self,
        text: &str,
        sentences: &[(usize, usize)],
        mentions: &[Mention],
    ) -> Vec<Option<usize>> {
        const VERBS: [&str; 8] =
            ["said", "stated", "announced", "declared", "wrote", "noted", "emphasised", "emphasized"];
        // "said this week", "said this would…": "this" is not the sentence before.
        const NOT_AFTER_THIS: [&str; 16] = [
            "is", "was", "week", "month", "year", "morning", "evening", "weekend", "time", "would", "will", "could",
            "may", "must", "should", "means",
        ];
        let mut speakers = vec![None; sentences.len()];
        for index in 1..sentences.len() {
            let (start, end) = sentences[index];
            let words: Vec<text::Token> =
                text::tokens(text, start, end).into_iter().filter(|t| t.is_word).take(12).collect();
            let actor_at = |from: usize, to: usize| {
                mentions.iter().filter(|m| m.start >= from && m.end <= to).find_map(|m| match m.target {
                    MentionTarget::Actor(actor) => Some(actor),
                    MentionTarget::Issue(_) => None,
                })
            };
            // "This was stated by <actor>"
            let passive = words.len() > 4
                && words[0].lower == "this"
                && matches!(words[1].lower.as_str(), "was" | "is")
                && VERBS.contains(&words[2].lower.as_str())
                && words[3].lower == "by";
            // "<actor> said this", "He said this"
            let active = words
                .iter()
                .position(|w| w.lower == "this")
                .filter(|&at| at > 0 && at <= 6 && VERBS.contains(&words[at - 1].lower.as_str()))
                .filter(|&at| words.get(at + 1).is_none_or(|next| !NOT_AFTER_THIS.contains(&next.lower.as_str())));
            let speaker = if passive {
                actor_at(words[3].end, end)
            } else if let Some(at) = active {
                let subject_end = words[at - 1].start;
                actor_at(start, subject_end).or_else(|| {
                    let pronoun = words.first().is_some_and(|w| matches!(w.lower.as_str(), "he" | "she"));
                    let before = sentences[index - 1].0;
                    pronoun
                        .then(|| {
                            mentions
                                .iter()
                                .rev()
                                .filter(|m| m.end <= start && m.start >= before.saturating_sub(400))
                                .find_map(|m| {
                                    let name = text.get(m.start..m.end)?.to_lowercase();
                                    self.persons.get(&name).map(|(actor, _)| *actor)
                                })
                        })
                        .flatten()
                })
            } else {
                None
            };
            if let Some(actor) = speaker {
                speakers[index - 1] = Some(self.roots.get(actor).copied().unwrap_or(actor));
            }
        }
        speakers
    }

    /// A headline that names its speaker after a dash at its end ("Kyiv must leave Donbas, -
    /// Peskov", "… – Zelenskyy"): the speaker's actor root.
    fn dash_speaker(&self, text: &str, start: usize, end: usize, mentions: &[Mention]) -> Option<usize> {
        let sentence = text.get(start..end)?;
        let dash = [" - ", " – ", " — ", ",- ", ", -"].iter().filter_map(|d| sentence.rfind(d)).max()?;
        let tail_start = start + dash;
        let tail = text.get(tail_start..end)?;
        let words = tail.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        if words == 0 || words > 4 || tail.contains(['.', '!', '?', '"', '“', '”']) {
            return None;
        }
        let actor = mentions.iter().find_map(|m| match m.target {
            MentionTarget::Actor(actor) if m.start >= tail_start && m.end <= end => Some(actor),
            _ => None,
        })?;
        Some(self.roots.get(actor).copied().unwrap_or(actor))
    }

    /// A keyword that is also an actor's name ("NATO") is a mention of both.
    fn add_shared_names(&self, text: &str, mentions: &mut Vec<Mention>) {
        if self.shared_names.is_empty() {
            return;
        }
        let shared: Vec<Mention> = mentions
            .iter()
            .filter(|m| matches!(m.target, MentionTarget::Issue(_)))
            .filter_map(|m| {
                let actor = self.shared_names.get(&text.get(m.start..m.end)?.to_lowercase())?;
                Some(Mention { start: m.start, end: m.end, target: MentionTarget::Actor(*actor) })
            })
            .collect();
        if !shared.is_empty() {
            mentions.extend(shared);
            mentions.sort_by_key(|m| (m.start, matches!(m.target, MentionTarget::Issue(_))));
        }
    }

    fn suggest_in_sentence(
        &self,
        text: &str,
        (start, end): (usize, usize),
        mentions: &[Mention],
        notes: &[(usize, String)],
        carried: Option<(usize, &'static str)>,
        out: &mut Vec<Suggestion>,
    ) -> Option<usize> {
        let tokens = text::tokens(text, start, end);
        let sentence = Sentence::new(self, text, tokens, mentions, notes, carried);
        let owner = sentence.owner.map(|index| sentence.actor_root(index));
        // (actor root, issue, what the readings add up to: sum of signs, confidence, cues, phrases)
        let mut found: Vec<(usize, usize, Reading)> = Vec::new();
        for keyword in &sentence.keywords {
            let Some(reading) = sentence.read(self, keyword) else { continue };
            for &holder in &reading.holders {
                match found.iter_mut().find(|f| f.0 == holder && f.1 == keyword.issue) {
                    Some((_, _, entry)) => {
                        entry.sign += reading.sign;
                        entry.confidence = entry.confidence.max(reading.confidence);
                        for cue in &reading.cues {
                            if !entry.cues.contains(cue) {
                                entry.cues.push(cue.clone());
                            }
                        }
                        for phrase in &reading.learnt {
                            if !entry.learnt.contains(phrase) {
                                entry.learnt.push(phrase.clone());
                            }
                        }
                    }
                    None => found.push((
                        holder,
                        keyword.issue,
                        Reading {
                            holders: Vec::new(),
                            sign: reading.sign,
                            confidence: reading.confidence,
                            cues: reading.cues.clone(),
                            learnt: reading.learnt.clone(),
                            at: reading.at,
                        },
                    )),
                }
            }
        }
        // A wish told in passing is its owner's stance too, unless the owner's own words say more.
        for (owner, issue, cue) in sentence.aspirations(self) {
            if found.iter().any(|f| f.0 == owner && f.1 == issue) {
                continue;
            }
            let reading = Reading {
                holders: vec![owner],
                sign: 1,
                confidence: Confidence::Medium,
                cues: vec![cue],
                learnt: Vec::new(),
                at: 0,
            };
            found.push((owner, issue, reading));
        }
        // ", something the Ukrainian leader rejected": the answerer takes the side its answer gives
        // to what the clauses before it say.
        if let Some((comma, answerer, answer, cue)) = sentence.reply(self) {
            let answered: Vec<(usize, i32)> = found
                .iter()
                .filter(|f| f.0 != answerer && f.2.sign != 0 && f.2.at < comma)
                .map(|f| (f.1, f.2.sign.signum() * answer))
                .collect();
            for (issue, sign) in answered {
                if sign == 0 || found.iter().any(|f| f.0 == answerer && f.1 == issue) {
                    continue;
                }
                let reading = Reading {
                    holders: vec![answerer],
                    sign,
                    confidence: Confidence::Medium,
                    cues: vec![cue.clone()],
                    learnt: Vec::new(),
                    at: comma,
                };
                found.push((answerer, issue, reading));
            }
        }
        for (holder, issue, Reading { sign: sum, confidence, cues, learnt, .. }) in found {
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
                learnt,
            });
        }
        owner
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

/// True when a sentence goes on with a list of demands named before it: a line opening with a
/// bullet or a number, "They include…", "These are…", "Among them…".
fn opens_list(sentence: &str) -> bool {
    if is_bullet(sentence) {
        return true;
    }
    let words: Vec<String> = sentence
        .split_whitespace()
        .take(2)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    match words.as_slice() {
        [first, second, ..] if matches!(first.as_str(), "they" | "these" | "those" | "it") => {
            LIST_VERBS.contains(&second.as_str())
        }
        [first, ..] => matches!(first.as_str(), "among" | "including" | "namely" | "first" | "firstly"),
        _ => false,
    }
}

/// A line opening with a bullet ("- ", "• ") or a number ("1.", "2)").
fn is_bullet(sentence: &str) -> bool {
    let trimmed = sentence.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    trimmed.starts_with(['-', '•', '*', '–', '—']) || (digits > 0 && trimmed[digits..].starts_with(['.', ')']))
}

/// The subject pronouns in `text[start..end]` that may stand for a person or, in the first person,
/// for the author or labelled speaker: (start, end, as written).
fn pronouns(text: &str, start: usize, end: usize) -> Vec<(usize, usize, String)> {
    text::tokens(text, start, end)
        .into_iter()
        .filter(|token| token.is_word && matches!(token.lower.as_str(), "he" | "she" | "we" | "i"))
        .map(|token| (token.start, token.end, text.get(token.start..token.end).unwrap_or("he").to_owned()))
        .collect()
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
    /// The learnt phrases read (lower case).
    learnt: Vec<String>,
    /// The first token of the issue word read.
    at: usize,
}

mod sentence;
use sentence::Sentence;

#[cfg(test)]
mod tests;
