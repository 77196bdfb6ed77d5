//! Which articles the article list shows: filters by actor, issue, source, date range and coding
//! status, with a count for every option of every filter.
//!
//! The facts the filters read are computed separately, because they change at different times:
//! [`TextFacts`] (which actors and issue keywords each text mentions) only when names, keywords or
//! articles change, [`CodingFacts`] (what has been coded from each article, which articles the coder
//! marked done) on every edit. Both are per article, in the project's article order, so filtering
//! 1,000 articles is one pass over small vectors.
//!
//! Coding status, for the current coder: *done* when the coder marked the article done ("Mark
//! article done"); *partly* when the coder has coded positions from it but not marked it done;
//! *uncoded* otherwise.
//!
//! Counts are faceted, as in a shop's search page: each option of one filter counts the articles
//! that would be shown if that option were chosen and every other filter stayed as it is.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::mentions::{MentionFinder, MentionTarget};
use crate::model::{ActorId, ArticleId, CoderId, IssueId, Project};

/// How far a coder has got with an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodingStatus {
    /// No positions by this coder, not marked done.
    Uncoded,
    /// Positions by this coder, not marked done.
    Partly,
    /// Marked done by this coder.
    Done,
}

impl CodingStatus {
    /// Every status, in the order the filter lists them.
    pub const ALL: [CodingStatus; 3] = [Self::Uncoded, Self::Partly, Self::Done];

    /// The option's name in the filter.
    pub fn label(self) -> &'static str {
        match self {
            Self::Uncoded => "Uncoded",
            Self::Partly => "Partly coded",
            Self::Done => "Done",
        }
    }

    /// What the status means, for tooltips and the README.
    pub fn description(self) -> &'static str {
        match self {
            Self::Uncoded => "You have coded no positions from the article and not marked it done",
            Self::Partly => "You have coded positions from the article but not marked it done",
            Self::Done => "You marked the article done (Mark article done)",
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Uncoded => 0,
            Self::Partly => 1,
            Self::Done => 2,
        }
    }
}

/// What the article list shows; the default shows every article. Articles without a date are
/// left out once a date bound is set, unless `include_undated`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleFilter {
    /// Only articles that mention this actor (by any of its names) or have a position on it.
    pub actor: Option<ActorId>,
    /// Only articles in which one of this issue's keywords occurs or that have a position on it.
    pub issue: Option<IssueId>,
    /// Only articles from this source (outlet), as written in the article details.
    pub source: Option<String>,
    /// Earliest date, as typed: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (empty: no lower bound).
    pub date_from: String,
    /// Latest date, as typed (empty: no upper bound).
    pub date_to: String,
    /// With a date bound set: also show articles without a (readable) date.
    pub include_undated: bool,
    /// Only articles with this coding status for the current coder.
    pub status: Option<CodingStatus>,
    /// In a project with assignments: show every article, not only those assigned to the current
    /// coder ("Assigned to me" is the default).
    pub all_articles: bool,
}

impl ArticleFilter {
    /// True when any filter is set (the list may hide articles).
    pub fn is_active(&self) -> bool {
        self.actor.is_some()
            || self.issue.is_some()
            || self.source.is_some()
            || self.has_date_bound()
            || self.status.is_some()
    }

    /// True when a date bound is typed.
    pub fn has_date_bound(&self) -> bool {
        !self.date_from.trim().is_empty() || !self.date_to.trim().is_empty()
    }

    /// True when the actor or issue filter is set: only those read the articles' text.
    pub fn reads_text(&self) -> bool {
        self.actor.is_some() || self.issue.is_some()
    }
}

/// What each article's text mentions, in the project's article order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextFacts {
    /// Per article: the indices (in the actor list) of the actors it names, ascending.
    pub actors: Vec<Vec<u32>>,
    /// Per article: the indices of the issues whose keywords occur in it, ascending.
    pub issues: Vec<Vec<u32>>,
}

/// Scans every article for actor names and issue keywords (the reader's mention rules).
pub fn text_facts(project: &Project) -> TextFacts {
    let finder = MentionFinder::new(&project.actors, &project.issues);
    let mut facts = TextFacts::default();
    for article in &project.articles {
        let (mut actors, mut issues) = (Vec::new(), Vec::new());
        for mention in finder.find(&article.text) {
            match mention.target {
                MentionTarget::Actor(index) => actors.push(index as u32),
                MentionTarget::Issue(index) => issues.push(index as u32),
            }
        }
        for list in [&mut actors, &mut issues] {
            list.sort_unstable();
            list.dedup();
        }
        facts.actors.push(actors);
        facts.issues.push(issues);
    }
    facts
}

/// What has been coded from each article, in the project's article order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodingFacts {
    /// Per article: how many positions the coder has coded from it.
    pub coded: Vec<usize>,
    /// Per article: the actors with a position from it (any coder), ascending indices.
    pub actors: Vec<Vec<u32>>,
    /// Per article: the issues with a position from it (any coder), ascending indices.
    pub issues: Vec<Vec<u32>>,
    /// Per article: marked done by the coder.
    pub done: Vec<bool>,
    /// Per article: assigned to the coder (`team assign`).
    pub assigned: Vec<bool>,
}

impl CodingFacts {
    /// The coding status of the article at `index`.
    pub fn status(&self, index: usize) -> CodingStatus {
        if self.done.get(index).copied().unwrap_or(false) {
            CodingStatus::Done
        } else if self.coded.get(index).copied().unwrap_or(0) > 0 {
            CodingStatus::Partly
        } else {
            CodingStatus::Uncoded
        }
    }
}

/// One pass over the positions and done marks for `coder`.
pub fn coding_facts(project: &Project, coder: &CoderId) -> CodingFacts {
    let count = project.articles.len();
    let article_index: HashMap<_, _> = project.articles.iter().enumerate().map(|(i, a)| (&a.id, i)).collect();
    let actor_index: HashMap<_, _> = project.actors.iter().enumerate().map(|(i, a)| (&a.id, i as u32)).collect();
    let issue_index: HashMap<_, _> = project.issues.iter().enumerate().map(|(i, x)| (&x.id, i as u32)).collect();
    let mut facts = CodingFacts {
        coded: vec![0; count],
        actors: vec![Vec::new(); count],
        issues: vec![Vec::new(); count],
        done: vec![false; count],
        assigned: vec![false; count],
    };
    // Positions are ordered by issue, actor, article, coder: runs share them, so each is looked up
    // once per run (hashing the ids is most of the cost).
    let mut last_issue: Option<(&IssueId, Option<u32>)> = None;
    let mut last_actor: Option<(&ActorId, Option<u32>)> = None;
    let mut last_article: Option<(&ArticleId, Option<usize>)> = None;
    for position in project.positions.iter() {
        let Some(article) = position.article.as_ref() else { continue };
        let index = match last_article {
            Some((id, index)) if id == article => index,
            _ => article_index.get(article).copied(),
        };
        last_article = Some((article, index));
        let Some(index) = index else { continue };
        if &position.coder == coder {
            facts.coded[index] += 1;
        }
        let issue = match last_issue {
            Some((id, issue)) if id == &position.issue => issue,
            _ => issue_index.get(&position.issue).copied(),
        };
        last_issue = Some((&position.issue, issue));
        let actor = match last_actor {
            Some((id, actor)) if id == &position.actor => actor,
            _ => actor_index.get(&position.actor).copied(),
        };
        last_actor = Some((&position.actor, actor));
        if let Some(actor) = actor {
            facts.actors[index].push(actor);
        }
        if let Some(issue) = issue {
            facts.issues[index].push(issue);
        }
    }
    for list in facts.actors.iter_mut().chain(facts.issues.iter_mut()) {
        list.sort_unstable();
        list.dedup();
    }
    for mark in project.done_articles.iter().filter(|mark| &mark.coder == coder) {
        if let Some(&index) = article_index.get(&mark.article) {
            facts.done[index] = true;
        }
    }
    for assignment in project.assignments.iter().filter(|assignment| &assignment.coder == coder) {
        if let Some(&index) = article_index.get(&assignment.article) {
            facts.assigned[index] = true;
        }
    }
    facts
}

/// How many articles each option of each filter would show, the other filters staying as they are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FacetCounts {
    /// Per [`CodingStatus`], in [`CodingStatus::ALL`] order.
    pub status: [usize; 3],
    /// Per actor, indexed like the actor list.
    pub actors: Vec<usize>,
    /// Per issue, indexed like the issue list.
    pub issues: Vec<usize>,
    /// Every source named in the project, alphabetically, with its count.
    pub sources: Vec<(String, usize)>,
    /// Articles without a readable date that the other filters let through.
    pub undated: usize,
    /// Articles assigned to the current coder (0: the project has no assignments for them, and the
    /// list shows every article).
    pub assigned_to_me: usize,
}

impl FacetCounts {
    /// The count of one status option.
    pub fn of_status(&self, status: CodingStatus) -> usize {
        self.status[status.index()]
    }
}

/// The article list after filtering.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilteredArticles {
    /// Indices (in the project's article order) of the articles shown.
    pub shown: Vec<usize>,
    /// Counts per filter option.
    pub counts: FacetCounts,
    /// Why a typed date bound was ignored, if it was.
    pub date_error: Option<String>,
}

/// A date as the comparable digits of `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (a longer text, such as a
/// time after the date, is cut after the day).
fn date_digits(text: &str) -> Option<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let digits_at = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    let dash_at = |at: usize| bytes.get(at) == Some(&b'-');
    if !digits_at(0..4) || bytes.get(4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut digits = text[..4].to_owned();
    if dash_at(4) && digits_at(5..7) && !bytes.get(7).is_some_and(u8::is_ascii_digit) {
        digits.push_str(&text[5..7]);
        if dash_at(7) && digits_at(8..10) && !bytes.get(10).is_some_and(u8::is_ascii_digit) {
            digits.push_str(&text[8..10]);
        }
    }
    Some(digits)
}

/// A typed bound: `Ok(None)` when empty, an error when it is not a date.
fn parse_bound(text: &str, which: &str) -> Result<Option<String>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    match date_digits(trimmed) {
        Some(digits) if digits.len() == trimmed.chars().filter(char::is_ascii_digit).count() => Ok(Some(digits)),
        _ => Err(format!("The {which} date \"{trimmed}\" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")),
    }
}

/// Compares on the digits both dates have, so "2025" is inside 2025-01-01 … 2025-12-31.
fn on_or_after(date: &str, bound: &str) -> bool {
    let shared = date.len().min(bound.len());
    date[..shared] >= bound[..shared]
}

fn on_or_before(date: &str, bound: &str) -> bool {
    let shared = date.len().min(bound.len());
    date[..shared] <= bound[..shared]
}

/// The filters, in the order of [`FilteredArticles`]' pass flags.
const ACTOR: usize = 0;
const ISSUE: usize = 1;
const SOURCE: usize = 2;
const DATE: usize = 3;
const STATUS: usize = 4;

/// Merges two ascending lists into `into` without repeats.
fn union_into(into: &mut Vec<u32>, a: &[u32], b: &[u32]) {
    into.clear();
    into.extend_from_slice(a);
    into.extend_from_slice(b);
    into.sort_unstable();
    into.dedup();
}

/// The list of article `index` (empty for an article the facts do not cover yet).
fn of(lists: &[Vec<u32>], index: usize) -> &[u32] {
    lists.get(index).map_or(&[], Vec::as_slice)
}

/// Applies `filter` to every article, counting every option of every filter on the way.
///
/// `text` may be empty or out of date (while it is computed): articles it does not cover then count
/// as mentioning nothing, and positions still place them under their actors and issues.
pub fn filter_articles(
    project: &Project,
    text: &TextFacts,
    coding: &CodingFacts,
    filter: &ArticleFilter,
) -> FilteredArticles {
    let mut result = FilteredArticles::default();
    let (from, to) = match (parse_bound(&filter.date_from, "from"), parse_bound(&filter.date_to, "to")) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(error), _) | (_, Err(error)) => {
            result.date_error = Some(error);
            (None, None)
        }
    };
    let dated = from.is_some() || to.is_some();
    let actor = filter.actor.as_ref().map(|id| project.actors.iter().position(|a| &a.id == id));
    let issue = filter.issue.as_ref().map(|id| project.issues.iter().position(|i| &i.id == id));
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for article in &project.articles {
        let source = article.source.trim();
        if !source.is_empty() {
            sources.entry(source).or_default();
        }
    }
    let counts = &mut result.counts;
    counts.actors = vec![0; project.actors.len()];
    counts.issues = vec![0; project.issues.len()];
    let (mut actors, mut issues) = (Vec::new(), Vec::new());
    counts.assigned_to_me = coding.assigned.iter().filter(|assigned| **assigned).count();
    let only_assigned = counts.assigned_to_me > 0 && !filter.all_articles;
    for (index, article) in project.articles.iter().enumerate() {
        if only_assigned && !coding.assigned.get(index).copied().unwrap_or(false) {
            continue;
        }
        union_into(&mut actors, of(&text.actors, index), of(&coding.actors, index));
        union_into(&mut issues, of(&text.issues, index), of(&coding.issues, index));
        // A filter naming an actor or issue that no longer exists lets nothing through.
        let includes = |wanted: Option<Option<usize>>, list: &[u32]| match wanted {
            None => true,
            Some(None) => false,
            Some(Some(wanted)) => list.binary_search(&(wanted as u32)).is_ok(),
        };
        let source = article.source.trim();
        let date = date_digits(&article.date);
        let in_range = match &date {
            Some(date) => {
                from.as_ref().is_none_or(|b| on_or_after(date, b)) && to.as_ref().is_none_or(|b| on_or_before(date, b))
            }
            None => !dated || filter.include_undated,
        };
        let status = coding.status(index);
        let pass = [
            includes(actor, &actors),
            includes(issue, &issues),
            filter.source.as_deref().is_none_or(|wanted| wanted == source),
            in_range,
            filter.status.is_none_or(|wanted| wanted == status),
        ];
        let failed = pass.iter().filter(|passed| !**passed).count();
        if failed > 1 {
            continue;
        }
        // Counted for a filter's options when every *other* filter lets the article through.
        let counts_for = |facet: usize| failed == 0 || !pass[facet];
        // Facts made for other lists (a worker's, from before an actor was deleted) must not
        // count: the caller keys them on the lists' shape; an index past the end is skipped here.
        if counts_for(ACTOR) {
            for &actor in &actors {
                if let Some(count) = counts.actors.get_mut(actor as usize) {
                    *count += 1;
                }
            }
        }
        if counts_for(ISSUE) {
            for &issue in &issues {
                if let Some(count) = counts.issues.get_mut(issue as usize) {
                    *count += 1;
                }
            }
        }
        if counts_for(SOURCE)
            && let Some(count) = sources.get_mut(source)
        {
            *count += 1;
        }
        if counts_for(DATE) && date.is_none() {
            counts.undated += 1;
        }
        if counts_for(STATUS) {
            counts.status[status.index()] += 1;
        }
        if failed == 0 {
            result.shown.push(index);
        }
    }
    result.counts.sources = sources.into_iter().map(|(source, count)| (source.to_owned(), count)).collect();
    result
}

/// Where stepping `step` articles from `current` (an index in the project's article order) lands
/// within the `shown` articles: the next or previous shown article, or — when the current article
/// is not shown — the first shown one after it (before it, stepping back). `None` when nothing is
/// shown.
pub fn step_within(shown: &[usize], current: Option<usize>, step: isize) -> Option<usize> {
    let (&first, &last) = (shown.first()?, shown.last()?);
    let Some(current) = current else {
        return Some(if step < 0 { last } else { first });
    };
    match shown.binary_search(&current) {
        Ok(at) => {
            let next = (at as isize + step).clamp(0, shown.len() as isize - 1) as usize;
            Some(shown[next])
        }
        Err(after) if step > 0 => Some(shown.get(after).copied().unwrap_or(last)),
        Err(after) if step < 0 => Some(after.checked_sub(1).map_or(first, |before| shown[before])),
        Err(_) => None,
    }
}

#[cfg(test)]
#[path = "article_filter_tests.rs"]
mod tests;
