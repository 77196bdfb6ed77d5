//! One sentence as the suggester's rules see it: words, cues, actor mentions with whether they may
//! be the speaker, issue words and clauses; and the reading of one issue word ([`Sentence::read`]).

use super::lexicon::CueKind;
use super::{
    ASPIRATION_NOUNS, ActorAt, CLAUSE_WORDS, Cue, DEMAND_NOUNS, DETERMINERS, KeywordAt, NOUN_MARKERS, OBJECT_VERBS,
    OBJECT_WORDS, ROLE_NOUNS, Reading, SUBJECT_MARKERS, Suggester, Token,
};
use crate::analysis::mentions::{Mention, MentionTarget};
use crate::model::Confidence;

/// Words after ", a plan" that make it an elaboration ("a plan under which…"), not an answer
/// ("a demand Kyiv called absurd").
const ELABORATION_WORDS: [&str; 11] =
    ["under", "that", "which", "to", "for", "in", "of", "by", "whereby", "with", "on"];

/// How far a negation reaches: the next cue within this many words.
const NEGATION_REACH: usize = 3;
/// How many words before the issue word the cues may lie.
const CHAIN_REACH: usize = 15;
/// How many words after the issue word count when nothing before it does.
const AFTER_REACH: usize = 8;

/// A tokenised sentence with its cues and mentions.
pub(super) struct Sentence<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    cues: Vec<Cue>,
    actors: Vec<ActorAt>,
    pub(super) keywords: Vec<KeywordAt>,
    /// Clause number of each token.
    clause: Vec<usize>,
    /// Per actor mention (index into `actors`): how a pronoun was resolved ("he = Donald Trump").
    notes: Vec<Option<String>>,
    /// The actor (index into `actors`) whose demands, conditions or plan the sentence names
    /// ("Moscow's demands", "the U.S. plan", "the Kremlin set out its conditions").
    pub(super) owner: Option<usize>,
    /// Who speaks for the whole sentence from outside it, with the cue's words: the owner (actor
    /// root) of the list of demands it continues, named in the sentence before ("They include…",
    /// a line under "…the following:"), or the speaker of the quotation it belongs to.
    carried: Option<(usize, &'static str)>,
}

impl<'a> Sentence<'a> {
    /// `notes` say how pronouns among the mentions were resolved, by the pronoun's byte offset.
    pub(super) fn new(
        suggester: &Suggester,
        text: &'a str,
        tokens: Vec<Token>,
        mentions: &[Mention],
        notes: &[(usize, String)],
        carried: Option<(usize, &'static str)>,
    ) -> Self {
        let in_actor_name = |token: &Token| {
            mentions
                .iter()
                .any(|m| matches!(m.target, MentionTarget::Actor(_)) && m.start <= token.start && token.end <= m.end)
        };
        let named: Vec<bool> = tokens.iter().map(in_actor_name).collect();
        let mut cues = find_cues(suggester, &tokens, &named);
        let clause = clauses(&tokens);
        let quoted = quoted_tokens(&tokens);
        // A pole phrase is more specific than the cues and keywords it covers.
        let mut poles = suggester.poles.find(&tokens);
        // "Europe must have a seat at the table": another party's seat, not this issue's.
        poles.retain(|p| {
            let Some(rules) = suggester.issues.get(p.issue) else { return true };
            let (Some(others), Some(context)) = (&rules.others, &rules.context) else { return true };
            let before = &tokens[p.first.saturating_sub(4)..p.first];
            !others.any_in(before) || context.any_in(before) || context.any_in(&tokens[p.first..p.last])
        });
        let covered = |first: usize, last: usize| poles.iter().any(|p| first < p.last && last > p.first);
        let negations: Vec<Cue> = cues.iter().filter(|c| c.kind == CueKind::Negation).cloned().collect();
        cues.retain(|c| !covered(c.first, c.last));
        let mut sentence = Self {
            text,
            tokens,
            cues,
            actors: Vec::new(),
            keywords: Vec::new(),
            clause,
            notes: Vec::new(),
            owner: None,
            carried,
        };
        for mention in mentions {
            let Some((first, last)) = sentence.token_range(mention.start, mention.end) else { continue };
            match mention.target {
                MentionTarget::Actor(index) => {
                    let root = suggester.roots.get(index).copied().unwrap_or(index);
                    // A name that is also an issue word ("NATO membership") speaks only as a subject.
                    let shared = mentions.iter().any(|m| {
                        matches!(m.target, MentionTarget::Issue(_)) && (m.start, m.end) == (mention.start, mention.end)
                    });
                    let subject = !shared || sentence.starts_predicate(last);
                    // "Russia's UN ambassador": the owner speaks, through its role; "Russia's
                    // demands" do not make Russia the speaker, nor the UN its ambassador.
                    // ("America's top diplomat" is a name, not a possessive.)
                    let possessive = sentence.tokens[last - 1].lower.ends_with("'s");
                    let owned =
                        first > 0 && sentence.tokens[first - 1].lower.ends_with("'s") && sentence.role_follows(last);
                    let role = !possessive || sentence.role_follows(last);
                    let speaks = sentence.may_speak(first) || sentence.absolute_with(first, last);
                    let eligible = !quoted[first] && subject && role && !owned && speaks;
                    sentence.actors.push(ActorAt { root, first, last, eligible });
                    sentence
                        .notes
                        .push(notes.iter().find(|(at, _)| *at == mention.start).map(|(_, note)| note.clone()));
                }
                MentionTarget::Issue(issue) => {
                    // A keyword in the clause of a phrase on the same issue is read with the phrase.
                    let with_phrase =
                        poles.iter().any(|p| p.issue == issue && sentence.clause[p.first] == sentence.clause[first]);
                    if !with_phrase && !covered(first, last) {
                        let keyword = KeywordAt { issue, first, last, pole: 0, negated: false, learnt: false };
                        sentence.keywords.push(keyword);
                    }
                }
            }
        }
        for pole in &poles {
            let negated = negations.iter().any(|n| {
                n.last <= pole.first
                    && pole.first <= n.last + NEGATION_REACH
                    && !sentence.cues.iter().any(|c| is_polar(c.kind) && c.first >= n.last && c.last <= pole.first)
            });
            let (issue, first, last, learnt) = (pole.issue, pole.first, pole.last, pole.learnt);
            let keyword = KeywordAt { issue, first, last, pole: pole.sign, negated, learnt };
            sentence.keywords.push(keyword);
        }
        sentence.keywords.sort_by_key(|k| k.first);
        sentence.inherit_coordination();
        sentence.owner = sentence.demand_owner();
        sentence
    }

    /// The actor whose demands, conditions or plan the sentence names: "Moscow's (key) demands",
    /// "the U.S. (peace) plan" (at most two words between, no article and no cue among them), or
    /// a speaker who "set out its conditions" (at most three words, no stance cue, before
    /// "its"/"his"/"their").
    fn demand_owner(&self) -> Option<usize> {
        let is_cue = |index: usize| self.cues.iter().any(|c| c.first <= index && index < c.last && is_polar(c.kind));
        let is_demand = |index: usize| {
            self.tokens.get(index).is_some_and(|t| DEMAND_NOUNS.contains(&t.lower.as_str()))
                && !(index > 0 && self.tokens[index - 1].lower == "in")
        };
        self.actors.iter().position(|actor| {
            let words: Vec<usize> =
                (actor.last..self.tokens.len()).take_while(|&i| self.tokens[i].is_word).take(6).collect();
            // "Russia demands that…" is a verb, read as a proposal; "Moscow's demands" a noun.
            let possessive = self.tokens[actor.last - 1].lower.ends_with("'s");
            let verb = |i: usize| !possessive && self.cues.iter().any(|c| c.first == i);
            let direct = words.iter().take(3).position(|&i| is_demand(i)).is_some_and(|at| {
                !verb(words[at])
                    && words[..at].iter().all(|&i| !DETERMINERS.contains(&self.tokens[i].lower.as_str()) && !is_cue(i))
            });
            let through_pronoun = actor.eligible
                && words
                    .iter()
                    .take(4)
                    .position(|&i| matches!(self.tokens[i].lower.as_str(), "its" | "his" | "their"))
                    .is_some_and(|at| {
                        words[..at].iter().all(|&i| !is_cue(i)) && words[at + 1..].iter().take(2).any(|&i| is_demand(i))
                    });
            direct || through_pronoun
        })
    }

    /// Wishes the sentence tells of in passing: "Ukraine's NATO bid", "Kyiv's aspirations to join
    /// the alliance", "reconsider its aspirations concerning NATO" tell that the owner of the
    /// aspiration wants the issue's high pole, whoever speaks. Only where the high pole gives
    /// nothing up, and only next to the issue word (two words) or before a phrase pointing to
    /// the high pole (three words). (owner root, issue, cue) for each.
    pub(super) fn aspirations(&self, suggester: &Suggester) -> Vec<(usize, usize, String)> {
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        for (index, token) in self.tokens.iter().enumerate() {
            if !ASPIRATION_NOUNS.contains(&token.lower.as_str()) {
                continue;
            }
            let possessive = self
                .actors
                .iter()
                .rev()
                .find(|a| a.last <= index && a.last + 2 >= index && self.tokens[a.last - 1].lower.ends_with("'s"));
            let pronoun = index
                .checked_sub(1)
                .filter(|&before| matches!(self.tokens[before].lower.as_str(), "its" | "their"))
                .and_then(|before| self.actors.iter().rev().find(|a| a.last <= before));
            let Some(owner) = possessive.or(pronoun) else { continue };
            for keyword in &self.keywords {
                let Some(rules) = suggester.issues.get(keyword.issue) else { continue };
                let plain_near = keyword.pole == 0 && keyword.last + 2 >= index && keyword.first <= index + 3;
                let phrase_after =
                    keyword.pole > 0 && !keyword.negated && keyword.first >= index && keyword.first <= index + 3;
                let same_clause = self.clause[keyword.first] == self.clause[index];
                if rules.relinquish_is_high || !same_clause || !(plain_near || phrase_after) {
                    continue;
                }
                if found.iter().any(|f| f.0 == owner.root && f.1 == keyword.issue) {
                    continue;
                }
                let written = self.text.get(self.tokens[index.saturating_sub(1)].start..token.end).unwrap_or("");
                let cue = format!("aspiration “{written}” of {}", self.names(suggester, &[owner.root]));
                found.push((owner.root, keyword.issue, cue));
            }
        }
        found
    }

    /// ", something the Ukrainian leader rejected" / ", which Kyiv refuses": an actor answering what
    /// the clauses before say, with the sign of its answer (+1 for support, -1 for opposition)
    /// and the cue. (token where the answer begins, actor root, sign, cue)
    pub(super) fn reply(&self, suggester: &Suggester) -> Option<(usize, usize, i32, String)> {
        let comma = (0..self.tokens.len().saturating_sub(2)).find(|&i| {
            let next = self.tokens[i + 1].lower.as_str();
            let noun = matches!(self.tokens[i + 2].lower.as_str(), "demand" | "proposal" | "plan" | "idea" | "move")
                && self.tokens.get(i + 3).is_none_or(|t| !ELABORATION_WORDS.contains(&t.lower.as_str()));
            self.tokens[i].lower == ","
                && (matches!(next, "something" | "which") || (matches!(next, "a" | "an") && noun))
        })?;
        let actor = self.actors.iter().find(|a| a.first > comma + 1 && a.first <= comma + 5)?;
        let cue = self.cues.iter().find(|c| {
            c.first >= actor.last && c.first <= actor.last + 4 && matches!(c.kind, CueKind::Oppose | CueKind::Support)
        })?;
        let sign = suggester.polarity(cue, 0).signum();
        let written = format!("reply {} by {}", self.describe(cue), self.names(suggester, &[actor.root]));
        Some((comma, actor.root, sign, written))
    }

    /// The actor root of the mention at `index` (into the sentence's actor mentions).
    pub(super) fn actor_root(&self, index: usize) -> usize {
        self.actors[index].root
    }

    /// True when a role noun ("ambassador", "foreign minister") follows within three words.
    fn role_follows(&self, index: usize) -> bool {
        self.tokens[index.min(self.tokens.len())..]
            .iter()
            .take(3)
            .take_while(|t| t.is_word)
            .any(|t| ROLE_NOUNS.contains(&t.lower.as_str()))
    }

    /// True when the word at `index` begins what a subject does: a cue or an auxiliary.
    fn starts_predicate(&self, index: usize) -> bool {
        self.cues.iter().any(|c| c.first == index)
            || self.tokens.get(index).is_some_and(|t| SUBJECT_MARKERS.contains(&t.lower.as_str()))
    }

    /// A proposal word used as a noun ("dismissed calls for", "the demands", "Moscow's demands")
    /// proposes nothing.
    fn is_noun_use(&self, cue: &Cue) -> bool {
        cue.kind == CueKind::Proposal
            && cue.first > 0
            && (NOUN_MARKERS.contains(&self.tokens[cue.first - 1].lower.as_str())
                || self.tokens[cue.first - 1].lower.ends_with("'s")
                || self.cues.iter().any(|c| c.last == cue.first && is_polar(c.kind)))
    }

    /// The tokens covering bytes `start..end`.
    fn token_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        // A possessive ("Russia's") is one token reaching past the name.
        let inside = |t: &Token| t.start >= start && (t.end <= end || (t.start == start && t.lower.ends_with("'s")));
        let first = self.tokens.iter().position(inside)?;
        let last = self.tokens.iter().position(|t| t.start >= end).unwrap_or(self.tokens.len());
        (first < last).then_some((first, last))
    }

    /// An actor starting at token `first` may speak unless the word before it (skipping titles,
    /// "the" and other names) makes it an object: a preposition or a stance cue.
    fn may_speak(&self, first: usize) -> bool {
        let mut index = first;
        while index > 0 {
            index -= 1;
            let token = &self.tokens[index];
            if !token.is_word {
                return true;
            }
            let is_object_word = OBJECT_WORDS.contains(&token.lower.as_str());
            if is_object_word && self.inside_title(index) {
                continue;
            }
            if is_object_word || OBJECT_VERBS.contains(&token.lower.as_str()) {
                return false;
            }
            if self.is_capitalised(index) || token.lower == "the" || token.lower == "'s" {
                continue;
            }
            return !self.cues.iter().any(|cue| cue.last == index + 1 && is_polar(cue.kind));
        }
        true
    }

    /// "…, with Vladimir Putin still insisting that…": after "with", an actor followed (within two
    /// words) by a speech verb in -ing speaks.
    fn absolute_with(&self, first: usize, last: usize) -> bool {
        let after_with = first > 0 && self.tokens[first - 1].lower == "with";
        after_with
            && self.tokens[last..].iter().take(3).any(|t| {
                t.lower.ends_with("ing")
                    && self.cues.iter().any(|c| {
                        self.tokens[c.first].start == t.start
                            && matches!(c.kind, CueKind::Attribution | CueKind::Proposal)
                    })
            })
    }

    fn is_capitalised(&self, index: usize) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|t| t.is_word && self.text[t.start..].chars().next().is_some_and(char::is_uppercase))
    }

    /// "of" in "Secretary of State Marco Rubio": a lower-case word between capitalised ones.
    fn inside_title(&self, index: usize) -> bool {
        index > 0 && !self.is_capitalised(index) && self.is_capitalised(index - 1) && self.is_capitalised(index + 1)
    }

    /// "…, the EU said." / "…, Rubio added.": an attribution closing the sentence, with its speaker
    /// right before it, speaks for the whole sentence.
    fn trailing_attribution(&self) -> Option<(&Cue, Vec<usize>)> {
        let words = self.tokens.iter().filter(|t| t.is_word).count();
        let cue = self.cues.iter().rev().find(|c| c.kind == CueKind::Attribution)?;
        let words_after = self.tokens[cue.last..].iter().filter(|t| t.is_word).count();
        let actor = self.actors.iter().rev().find(|a| a.last <= cue.first && a.last + 2 >= cue.first)?;
        let comma_before = self.tokens[..actor.first].iter().rev().take(2).any(|t| t.lower == ",");
        (words_after <= 2 && words > 4 && comma_before).then(|| (cue, vec![actor.root]))
    }

    /// "Delegations from Russia and Ukraine", "The European Union and Ukraine have…": an actor
    /// joined to the one before by "and" shares its role.
    fn inherit_coordination(&mut self) {
        for index in 1..self.actors.len() {
            let (before, current) = (self.actors[index - 1], self.actors[index]);
            if before.last + 1 == current.first && self.tokens[before.last].lower == "and" {
                self.actors[index].eligible = before.eligible;
            }
        }
    }

    /// The speaker(s) whose eligible mention ends nearest before token `before`, with an actor
    /// joined to it by "and".
    fn speakers_before(&self, before: usize) -> Option<(Vec<usize>, usize)> {
        let index = self.actors.iter().rposition(|a| a.eligible && a.last <= before)?;
        let holder = self.actors[index];
        let mut roots = vec![holder.root];
        if index > 0 {
            let other = self.actors[index - 1];
            if other.eligible && other.last + 1 == holder.first && self.tokens[other.last].lower == "and" {
                roots.push(other.root);
            }
        }
        roots.dedup();
        Some((roots, holder.last))
    }

    /// Who the attribution cue speaks for: the actor right after "according to", or the speaker
    /// before the verb.
    fn attributed(&self, cue: &Cue) -> Option<Vec<usize>> {
        if cue.kind == CueKind::According {
            let actor = self.actors.iter().find(|a| a.first >= cue.last && a.first <= cue.last + 3)?;
            return Some(vec![actor.root]);
        }
        self.speakers_before(cue.first).map(|(roots, _)| roots)
    }

    fn cue_text(&self, cue: &Cue) -> &str {
        let (Some(first), Some(last)) = (self.tokens.get(cue.first), self.tokens.get(cue.last.saturating_sub(1)))
        else {
            return "";
        };
        self.text.get(first.start..last.end).unwrap_or("")
    }

    fn describe(&self, cue: &Cue) -> String {
        let kind = match cue.kind {
            CueKind::Attribution | CueKind::According => "attribution",
            CueKind::Proposal => "proposal",
            CueKind::Support => "support",
            CueKind::Oppose => "opposition",
            CueKind::Exclusion => "exclusion",
            CueKind::Relinquish => "giving up",
            CueKind::Negation => "negation",
            CueKind::WeakModal => "hedge",
            CueKind::StrongModal => "insistence",
            CueKind::Neutral => "no side",
        };
        let negated = if cue.negated { "negated " } else { "" };
        format!("{negated}{kind} “{}”", self.cue_text(cue))
    }

    /// Reads one issue word: who takes a stance on its issue, which way and how surely.
    pub(super) fn read(&self, suggester: &Suggester, keyword: &KeywordAt) -> Option<Reading> {
        let clause = self.clause[keyword.first];
        let clause_start = self.clause.iter().position(|&c| c == clause).unwrap_or(0);
        let clause_end = self.clause.iter().rposition(|&c| c == clause).map_or(self.tokens.len(), |i| i + 1);
        // "…declined to say whether Kyiv might give up land": an indirect question takes no side.
        if self.tokens.get(clause_start).is_some_and(|t| t.lower == "whether") {
            return None;
        }
        // Talks between two other parties say nothing about Ukraine's part in talks: without a
        // context word in this clause or the next, a reading is dropped when the clause names
        // another actor, and is low-confidence otherwise.
        let rules = suggester.issues.get(keyword.issue);
        let next_end = self.clause.iter().rposition(|&c| c == clause + 1).map_or(clause_end, |i| i + 1);
        let in_context = |range: std::ops::Range<usize>| {
            rules.and_then(|r| r.context.as_ref()).is_none_or(|words| {
                let named = self
                    .actors
                    .iter()
                    .any(|a| range.contains(&a.first) && rules.is_some_and(|r| r.context_actors.contains(&a.root)));
                named || words.any_in(&self.tokens[range.clone()])
            })
        };
        let own_context = in_context(clause_start..clause_end);
        let next_context = in_context(clause_end..next_end.max(clause_end));
        let out_of_context = !own_context && !next_context;
        let mut cues_fired = Vec::new();

        // Who: the nearest attribution before the issue word, else "according to", else the subject.
        let attribution = self
            .cues
            .iter()
            .filter(|c| matches!(c.kind, CueKind::Attribution | CueKind::Proposal) && c.last <= keyword.first)
            .filter(|c| !self.is_noun_use(c))
            .filter_map(|c| self.attributed(c).map(|roots| (c, roots)))
            .next_back()
            .or_else(|| {
                let according = self.cues.iter().find(|c| c.kind == CueKind::According)?;
                self.attributed(according).map(|roots| (according, roots))
            })
            .or_else(|| self.trailing_attribution());
        // "…, but Zelenskyy rejected …": a subject of the keyword's own clause outranks an
        // attribution of an earlier clause.
        let own_subject = self.speakers_before(keyword.first).filter(|(_, after)| *after > clause_start);
        let attribution = attribution.filter(|(cue, _)| {
            cue.kind == CueKind::According || self.clause[cue.first] == clause || own_subject.is_none()
        });
        // A list of demands, or demands and plans an actor owns, speak for it unless someone is
        // reported saying them; a speaker named before the owner ("Zelenskyy rejected Moscow's
        // demands") still speaks.
        let reported = attribution.as_ref().is_some_and(|(cue, _)| cue.kind != CueKind::Proposal);
        let owned = self
            .carried
            .map(|(root, what)| (root, clause_start, what))
            .or_else(|| {
                let owner = self.actors.get(self.owner?)?;
                let first_speaker = self.speakers_before(owner.first).is_none();
                (owner.last <= keyword.first && first_speaker).then_some((owner.root, owner.last, "demands or plan of"))
            })
            .filter(|_| !reported);
        let attribution = if owned.is_some() { None } else { attribution };
        let (holders, chain_start, proposal) = match (&attribution, owned) {
            (_, Some((root, after, what))) => {
                cues_fired.push(format!("{what} {}", self.names(suggester, &[root])));
                (vec![root], after.max(clause_start), false)
            }
            (attribution, None) => match attribution {
                Some((cue, roots)) => {
                    cues_fired.push(format!("{} by {}", self.describe(cue), self.names(suggester, roots)));
                    let after = if cue.kind == CueKind::According || cue.first > keyword.first {
                        clause_start
                    } else {
                        cue.last
                    };
                    (roots.clone(), after.max(clause_start), cue.kind == CueKind::Proposal)
                }
                None => {
                    let (roots, after) = self.speakers_before(keyword.first)?;
                    cues_fired.push(format!("speaker {}", self.names(suggester, &roots)));
                    (roots, after.max(clause_start), false)
                }
            },
        };
        let chain_start = chain_start.max(keyword.first.saturating_sub(CHAIN_REACH));

        let polar = |cue: &&Cue| is_polar(cue.kind);
        let before: Vec<&Cue> =
            self.cues.iter().filter(polar).filter(|c| c.first >= chain_start && c.last <= keyword.first).collect();
        let own: Vec<&Cue> =
            self.cues.iter().filter(polar).filter(|c| c.first < keyword.last && c.last > keyword.first).collect();
        let after_window = |c: &&Cue| c.first >= keyword.last && c.last <= clause_end;
        let after: Vec<&Cue> = self.cues.iter().filter(polar).filter(|c| after_window(c)).collect();
        let mut used: Vec<&Cue> = Vec::new();
        if !before.is_empty() {
            used.extend(&before);
            // "talks they were not a part of": exclusion right after the issue word.
            used.extend(after.iter().filter(|c| c.kind == CueKind::Exclusion && c.first <= keyword.last + 5));
        } else if !after.is_empty() {
            // A phrase already says who is left out: "no decision about Ukraine … without Ukraine".
            let restated = |c: &&&Cue| keyword.pole != 0 && c.kind == CueKind::Exclusion;
            used.extend(after.iter().filter(|c| c.first < keyword.last + AFTER_REACH).filter(|c| !restated(c)));
        }
        // A phrase alone is a stance only when someone is reported saying it, or says it as "we".
        let own_words = self.actors.iter().zip(&self.notes).any(|(actor, note)| {
            holders.contains(&actor.root)
                && note.as_ref().is_some_and(|note| note.to_lowercase().starts_with("we ") || note.starts_with("I "))
        });
        let said = attribution.is_some() || own_words || owned.is_some();
        if used.is_empty() && own.is_empty() && !proposal && (keyword.pole == 0 || !said) {
            return None;
        }
        used.extend(&own);
        used.sort_by_key(|c| c.first);
        used.dedup_by_key(|c| c.first);
        let mut sign: i32 = used.iter().map(|c| suggester.polarity(c, keyword.issue)).product();
        if keyword.pole != 0 {
            sign *= if keyword.negated { -keyword.pole } else { keyword.pole };
        }
        if sign == 0 {
            return None;
        }
        for (actor, note) in self.actors.iter().zip(&self.notes) {
            if let Some(note) = note.as_ref().filter(|note| holders.contains(&actor.root) && !cues_fired.contains(note))
            {
                cues_fired.insert(0, note.clone());
            }
        }
        cues_fired.extend(used.iter().map(|c| self.describe(c)));
        let keyword_text = self.text.get(self.tokens[keyword.first].start..self.tokens[keyword.last - 1].end);
        if keyword.pole == 0 {
            cues_fired.push(format!("issue word “{}”", keyword_text.unwrap_or("")));
        } else {
            let labels = suggester.issues.get(keyword.issue).map(|rules| &rules.labels);
            let pole = labels.map_or("", |(low, high)| if keyword.pole > 0 { high } else { low });
            let negated = if keyword.negated { "negated " } else { "" };
            let learnt = if keyword.learnt { "learnt " } else { "" };
            cues_fired.push(format!("{negated}{learnt}phrase “{}”, toward {pole}", keyword_text.unwrap_or("")));
        }

        let scope = |c: &&Cue| c.first >= chain_start.min(keyword.first) && c.first < clause_end;
        let hedged = self.cues.iter().filter(scope).any(|c| c.kind == CueKind::WeakModal);
        let insistent = self.cues.iter().filter(scope).any(|c| c.kind == CueKind::StrongModal)
            || used.iter().any(|c| c.negated && self.cue_negated_by_never(c) || is_emphatic(self.cue_text(c)));
        for cue in
            self.cues.iter().filter(scope).filter(|c| matches!(c.kind, CueKind::WeakModal | CueKind::StrongModal))
        {
            cues_fired.push(self.describe(cue));
        }
        // A phrase alone, said by a named speaker, is as sure as a cue.
        let phrase_said = keyword.pole != 0 && said;
        if out_of_context
            && self.actors.iter().any(|a| (clause_start..clause_end).contains(&a.first) && !holders.contains(&a.root))
        {
            return None;
        }
        // "ready for talks with Washington but not with Kyiv": talks that leave Kyiv out.
        let but_not_kyiv = !own_context
            && next_context
            && self.tokens.get(clause_end).is_some_and(|t| t.lower == "but")
            && self.tokens.get(clause_end + 1).is_some_and(|t| t.lower == "not");
        if but_not_kyiv {
            sign = -sign;
            cues_fired.push("“but not” Kyiv".to_owned());
        }
        let confidence = if out_of_context || hedged || (used.is_empty() && !phrase_said) {
            Confidence::Low
        } else if insistent {
            Confidence::High
        } else {
            Confidence::Medium
        };
        // A learnt phrase is whole words as the learner wrote them: lower case, one space apart.
        let learnt = if keyword.learnt {
            let words: Vec<&str> =
                self.tokens[keyword.first..keyword.last].iter().map(|token| token.lower.as_str()).collect();
            vec![words.join(" ")]
        } else {
            Vec::new()
        };
        Some(Reading { holders, sign, confidence, cues: cues_fired, learnt, at: keyword.first })
    }

    fn cue_negated_by_never(&self, cue: &Cue) -> bool {
        self.cues.iter().any(|n| {
            n.kind == CueKind::Negation
                && n.last <= cue.first
                && cue.first <= n.last + NEGATION_REACH
                && self.tokens[n.first].lower == "never"
        })
    }

    fn names(&self, suggester: &Suggester, roots: &[usize]) -> String {
        roots
            .iter()
            .filter_map(|&root| suggester.actors.get(root).map(|(_, name)| name.as_str()))
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

/// Cues that point a side (everything but attribution, negation and modality).
fn is_polar(kind: CueKind) -> bool {
    matches!(kind, CueKind::Support | CueKind::Proposal | CueKind::Oppose | CueKind::Exclusion | CueKind::Relinquish)
}

/// Opposition as strong as it gets: "rules out", "rejects", "denounces".
fn is_emphatic(cue: &str) -> bool {
    let cue = cue.to_lowercase();
    ["rule", "reject", "denounc", "condemn", "veto", "not on the table", "never"].iter().any(|word| cue.contains(word))
}

/// Finds every cue, longest phrase first at each word, and marks the cues negations flip. Words of
/// an actor's name are never cues ("States" in "United States" is not an attribution).
fn find_cues(suggester: &Suggester, tokens: &[Token], named: &[bool]) -> Vec<Cue> {
    let mut cues: Vec<Cue> = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if !tokens[index].is_word || named.get(index).copied().unwrap_or(false) {
            index += 1;
            continue;
        }
        let words: Vec<&str> =
            tokens[index..].iter().take(6).take_while(|t| t.is_word).map(|t| t.lower.as_str()).collect();
        let words = &words[..words.len().min(named[index..].iter().take_while(|&&n| !n).count())];
        match suggester.lexicon.match_at(words) {
            Some((kind, length)) => {
                cues.push(Cue { first: index, last: index + length, kind, negated: false });
                index += length;
            }
            None => index += 1,
        }
    }
    for negation in 0..cues.len() {
        if cues[negation].kind != CueKind::Negation {
            continue;
        }
        let reach = cues[negation].last + NEGATION_REACH;
        if let Some(target) = cues[negation + 1..].iter_mut().find(|c| is_polar(c.kind)).filter(|c| c.first <= reach) {
            target.negated = !target.negated;
        }
    }
    cues
}

/// The clause number of every token: a new clause starts after `;`, at "and", "but", "while"…, and
/// at ", which" / ", who" / ", something" / ", a demand…".
fn clauses(tokens: &[Token]) -> Vec<usize> {
    let mut clause = 0;
    let mut numbers = Vec::with_capacity(tokens.len());
    for (index, token) in tokens.iter().enumerate() {
        let word = token.lower.as_str();
        let next = |step: usize| tokens.get(index + step).map_or("", |t| t.lower.as_str());
        let answer_noun = matches!(next(2), "demand" | "proposal" | "plan" | "idea" | "move")
            && !ELABORATION_WORDS.contains(&next(3));
        let relative = word == ","
            && (matches!(next(1), "which" | "who" | "something") || (matches!(next(1), "a" | "an") && answer_noun));
        if word == ";" || relative || (token.is_word && CLAUSE_WORDS.contains(&word)) {
            clause += 1;
        }
        numbers.push(clause);
    }
    numbers
}

/// Which tokens lie inside quotation marks.
fn quoted_tokens(tokens: &[Token]) -> Vec<bool> {
    let mut inside = false;
    tokens
        .iter()
        .map(|token| {
            if token.lower == "\"" {
                inside = !inside;
            }
            inside
        })
        .collect()
}
