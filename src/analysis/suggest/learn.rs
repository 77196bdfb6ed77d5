//! Learning from the analyst: phrase patterns mined from the project's own coding.
//!
//! Every position coded with an evidence quote (an accepted suggestion is one) is a labelled
//! example: its issue, and its side (below or above the middle of the scale). Every rejected
//! suggestion is a counter-example: its sentence must not teach anything about its issue. From
//! each quote the learner takes the word pairs and triples that start and end with a content word
//! and name no actor ("seat at the table", "direct talks"); a phrase becomes a pattern of its
//! issue and side when the analyst's quotes use it for that side only and no rejected sentence of
//! that issue holds it. Learnt patterns are read like the presets' pole phrases, and their cue
//! says "learnt phrase", so the analyst sees what was learnt and can tell the suggester to
//! forget it: the issue then lists the phrase among its forgotten ones, and it is never learnt
//! again (until the analyst takes that back).
//!
//! Pure: the project in, the patterns out; the session derives them again whenever the coding
//! changes (`session::coding`), nothing is stored twice.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::Side;
use super::text;
use crate::model::{IssueId, Project};

/// A phrase learnt from the analyst's coding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LearntPattern {
    /// The issue it names.
    pub issue: IssueId,
    /// The pole it points to.
    pub side: Side,
    /// The phrase, lower case, words separated by spaces.
    pub pattern: String,
    /// How many coded positions quote it.
    pub examples: usize,
}

/// Words that may not start or end a learnt phrase.
const STOP_WORDS: [&str; 40] = [
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "but", "that", "this", "it", "its", "is", "are",
    "was", "were", "be", "been", "with", "as", "at", "by", "from", "he", "she", "they", "we", "i", "his", "her",
    "their", "our", "said", "says", "has", "have", "would",
];

/// The phrases the project's coding teaches, sorted by issue and phrase; the phrases each issue
/// was told to forget ([`crate::model::Issue::forgotten_phrases`]) and the `forgotten` ones (of any
/// issue) are left out.
pub fn learn(project: &Project, forgotten: &[String]) -> Vec<LearntPattern> {
    let learner = Learner::new(project, forgotten);
    issue_order(project).into_iter().flat_map(|issue| learner.issue(project, issue)).collect()
}

/// The project's issues in the order [`learn`] gives their patterns: by id, each once.
pub fn issue_order(project: &Project) -> Vec<&IssueId> {
    let mut issues: Vec<&IssueId> = project.issues.iter().map(|issue| &issue.id).collect();
    issues.sort();
    issues.dedup();
    issues
}

/// What learning reads besides the positions: the actors' words, the issues' keywords, the phrases
/// of rejected sentences and the forgotten ones. Each issue's patterns depend only on these and
/// that issue's positions, so a session learns again only the issue whose quotes or sides changed.
pub struct Learner {
    names: HashSet<String>,
    keywords: HashSet<String>,
    banned: HashSet<(IssueId, String)>,
    forgotten: HashSet<String>,
}

impl Learner {
    /// The context of `project`, leaving the `forgotten` phrases out of every issue.
    pub fn new(project: &Project, forgotten: &[String]) -> Self {
        let names = actor_words(project);
        let mut banned: HashSet<(IssueId, String)> = HashSet::new();
        for rejected in &project.rejected_suggestions {
            let Some(sentence) =
                project.article(&rejected.article).and_then(|a| a.text.get(rejected.start..rejected.end))
            else {
                continue;
            };
            for phrase in phrases(sentence, &names) {
                banned.insert((rejected.issue.clone(), phrase));
            }
        }
        let keywords: HashSet<String> =
            project.issues.iter().flat_map(|issue| issue.keywords.iter()).map(|k| k.to_lowercase()).collect();
        Self { names, keywords, banned, forgotten: forgotten.iter().cloned().collect() }
    }

    /// The patterns `issue`'s quoted positions teach, sorted by phrase.
    pub fn issue(&self, project: &Project, issue_id: &IssueId) -> Vec<LearntPattern> {
        let Some(issue) = project.issue(issue_id) else { return Vec::new() };
        let (low, high) = issue.bounds();
        let middle = (low + high) / 2.0;
        // phrase → (positions quoting it for the low side, for the high side)
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for position in project.positions.on_issue(issue_id) {
            if position.value == middle || position.evidence.is_empty() {
                continue;
            }
            let phrases: BTreeSet<String> =
                position.evidence.iter().flat_map(|evidence| phrases(&evidence.quote, &self.names)).collect();
            for phrase in phrases {
                let entry = counts.entry(phrase).or_default();
                if position.value < middle {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
            }
        }
        counts
            .into_iter()
            .filter(|(phrase, _)| !self.banned.contains(&(issue.id.clone(), phrase.clone())))
            .filter(|(phrase, _)| !self.forgotten.contains(phrase.as_str()) && !self.keywords.contains(phrase))
            .filter(|(phrase, _)| !issue.forgotten_phrases.contains(phrase))
            .filter_map(|(pattern, (low, high))| {
                let issue = issue.id.clone();
                match (low, high) {
                    (0, 0) => None,
                    (0, examples) => Some(LearntPattern { issue, side: Side::High, pattern, examples }),
                    (examples, 0) => Some(LearntPattern { issue, side: Side::Low, pattern, examples }),
                    _ => None,
                }
            })
            .collect()
    }
}

/// Every lower-case word of every actor's names.
fn actor_words(project: &Project) -> HashSet<String> {
    project
        .actors
        .iter()
        .flat_map(|actor| actor.names().map(str::to_owned).collect::<Vec<_>>())
        .flat_map(|name| text::tokens(&name, 0, name.len()).into_iter().map(|t| t.lower).collect::<Vec<_>>())
        .collect()
}

/// The word pairs and triples of `quote` that start and end with a content word, name no actor
/// and hold no digit; phrases never cross punctuation.
fn phrases(quote: &str, names: &HashSet<String>) -> Vec<String> {
    let tokens = text::tokens(quote, 0, quote.len());
    let mut found = Vec::new();
    for run in tokens.split(|t| !t.is_word) {
        let words: Vec<&str> = run.iter().map(|t| t.lower.as_str()).collect();
        for length in 2..=3 {
            for window in words.windows(length) {
                let (Some(first), Some(last)) = (window.first(), window.last()) else { continue };
                let content = |w: &&str| !STOP_WORDS.contains(w);
                let clean = window.iter().all(|w| !names.contains(*w) && !w.chars().any(|c| c.is_ascii_digit()));
                if content(first) && content(last) && clean {
                    found.push(window.join(" "));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Position, RejectedSuggestion, presets};

    fn coded(project: &mut Project, issue: &str, value: f64, quote: &str) {
        let article = project.articles[0].clone();
        let start = article.text.find(quote).unwrap();
        project.positions.insert(Position {
            actor: "ukraine".into(),
            issue: issue.into(),
            article: Some(article.id.clone()),
            coder: presets::DEFAULT_CODER_ID.into(),
            value,
            evidence: Evidence::from_span(&article.text, start, start + quote.len()).into_iter().collect(),
            ..Position::default()
        });
    }

    #[test]
    fn quotes_teach_phrases_of_one_side_and_rejections_unteach_them() {
        let mut project = presets::new_project("learn");
        let mut article = presets::seed_article();
        article.text =
            "Kyiv wants a seat at the table. Kyiv sought peace talks. Moscow wants a seat at the table.".into();
        project.articles.push(article.clone());
        coded(&mut project, "ukraine-in-talks", 90.0, "wants a seat at the table");
        let learnt = learn(&project, &[]);
        let phrases: Vec<&str> = learnt.iter().map(|p| p.pattern.as_str()).collect();
        assert!(phrases.contains(&"wants a seat"), "{phrases:?}");
        assert!(!phrases.contains(&"seat at the") && !phrases.iter().any(|p| p.contains("kyiv")), "{phrases:?}");
        assert!(learnt.iter().all(|p| p.side == Side::High && p.issue.as_str() == "ukraine-in-talks"));
        // Forgetting one phrase leaves the others.
        let fewer = learn(&project, &["wants a seat".to_owned()]);
        assert_eq!(fewer.len(), learnt.len() - 1);
        // A rejected suggestion on the same issue whose sentence holds the phrase unteaches it.
        let start = article.text.find("Moscow").unwrap();
        project.rejected_suggestions.push(RejectedSuggestion {
            article: article.id.clone(),
            actor: "russia".into(),
            issue: "ukraine-in-talks".into(),
            start,
            end: article.text.len(),
        });
        assert!(learn(&project, &[]).iter().all(|p| p.pattern != "wants a seat"));
    }
}
