//! Merging two coders' copies of a project: articles matched by their text, actors, issues and
//! coders by id then by name, positions kept per coder. Real conflicts — the same coder coding the
//! same unit differently, an actor or issue renamed differently — are listed for the user to
//! choose; the side not chosen is never dropped: its positions go to the Trash.
//!
//! The merge is symmetric in content (the same articles, actors, issues and positions whichever
//! file comes first; only the default choice in a conflict differs) and merging a project with
//! itself gives it back unchanged.

use std::collections::HashMap;

use serde::Serialize;

use super::trash::new_trash_id;
use super::{
    ActorId, ArticleId, CoderId, DoneMark, IssueId, Position, PositionKey, Project, RejectedSuggestion, TrashItem,
    Trashed, text_fingerprint,
};

/// Something the two files disagree on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MergeConflict {
    /// The same coder coded the same unit with different values.
    Position {
        /// The unit, in the merged project's ids.
        #[serde(skip)]
        key: PositionKey,
        /// "Russia on NATO membership, “Talks in Riyadh”, coded by Ann".
        unit: String,
        /// The first file's value.
        ours: f64,
        /// The second file's value.
        theirs: f64,
    },
    /// The same actor has different names.
    ActorName {
        /// The actor.
        id: ActorId,
        /// The first file's name.
        ours: String,
        /// The second file's name.
        theirs: String,
    },
    /// The same issue has different names.
    IssueName {
        /// The issue.
        id: IssueId,
        /// The first file's name.
        ours: String,
        /// The second file's name.
        theirs: String,
    },
}

impl MergeConflict {
    /// One line for a person: "Russia on NATO membership, … coded by Ann: 30 (ours) or 70 (theirs)".
    pub fn describe(&self) -> String {
        match self {
            Self::Position { unit, ours, theirs, .. } => {
                format!("{unit}: {ours} (first file) or {theirs} (second file)")
            }
            Self::ActorName { ours, theirs, .. } => {
                format!("actor named “{ours}” (first file) or “{theirs}” (second file)")
            }
            Self::IssueName { ours, theirs, .. } => {
                format!("issue named “{ours}” (first file) or “{theirs}” (second file)")
            }
        }
    }
}

/// What merging did, before conflicts are settled.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MergeCounts {
    /// Articles only the second file had.
    pub articles_added: usize,
    /// Actors only the second file had.
    pub actors_added: usize,
    /// Issues only the second file had.
    pub issues_added: usize,
    /// Coders only the second file had.
    pub coders_added: usize,
    /// Positions only the second file had.
    pub positions_added: usize,
}

/// The merged project with the first file's side taken in every conflict, and what to choose.
#[derive(Clone, Debug)]
pub struct Merge {
    /// The result so far.
    pub project: Project,
    /// The disagreements, in a stable order.
    pub conflicts: Vec<MergeConflict>,
    /// What the second file added.
    pub counts: MergeCounts,
}

impl Merge {
    /// The merged project with `take_theirs[i]` choosing the second file's side of conflict `i`
    /// (missing entries keep the first file's). Values of the side not chosen go to the Trash.
    pub fn resolve(&self, take_theirs: &[bool]) -> Project {
        let mut project = self.project.clone();
        let mut losers = Vec::new();
        for (index, conflict) in self.conflicts.iter().enumerate() {
            let theirs = take_theirs.get(index).copied().unwrap_or(false);
            match conflict {
                MergeConflict::Position { key, ours, theirs: their_value, .. } => {
                    let Some(current) = project.positions.get(key).cloned() else { continue };
                    let (kept, lost) = if theirs { (*their_value, *ours) } else { (*ours, *their_value) };
                    losers.push(Position { value: lost, ..current.clone() });
                    project.positions.insert(Position { value: kept, ..current });
                }
                MergeConflict::ActorName { id, theirs: name, .. } if theirs => {
                    if let Some(actor) = project.actors.iter_mut().find(|a| &a.id == id) {
                        actor.name.clone_from(name);
                    }
                }
                MergeConflict::IssueName { id, theirs: name, .. } if theirs => {
                    if let Some(issue) = project.issues.iter_mut().find(|i| &i.id == id) {
                        issue.name.clone_from(name);
                    }
                }
                _ => {}
            }
        }
        if !losers.is_empty() {
            let item = TrashItem {
                id: new_trash_id(&project),
                deleted_at: super::now_rfc3339(),
                contents: Trashed::Positions,
                positions: losers,
                index: 0,
                consensus: Vec::new(),
            };
            project.trash.push(item);
        }
        project
    }
}

/// Merges `second` into `first`.
pub fn merge(first: &Project, second: &Project) -> Merge {
    let mut project = first.clone();
    let mut counts = MergeCounts::default();
    let mut conflicts = Vec::new();

    let coders = map_coders(&mut project, second, &mut counts);
    let actors = map_actors(&mut project, second, &mut counts, &mut conflicts);
    let issues = map_issues(&mut project, second, &mut counts, &mut conflicts);
    let articles = map_articles(&mut project, second, &mut counts);

    for position in second.positions.iter() {
        let (Some(actor), Some(issue), Some(coder)) =
            (actors.get(&position.actor), issues.get(&position.issue), coders.get(&position.coder))
        else {
            continue;
        };
        let article = match &position.article {
            Some(id) => match articles.get(id) {
                Some(mapped) => Some(mapped.clone()),
                None => continue,
            },
            None => None,
        };
        let key = PositionKey { issue: issue.clone(), actor: actor.clone(), article, coder: coder.clone() };
        let mapped = Position {
            actor: key.actor.clone(),
            issue: key.issue.clone(),
            article: key.article.clone(),
            coder: key.coder.clone(),
            ..position.clone()
        };
        match project.positions.get(&key) {
            None => {
                project.positions.insert(mapped);
                counts.positions_added += 1;
            }
            Some(existing) if existing.value != mapped.value => {
                conflicts.push(MergeConflict::Position {
                    unit: unit_name(&project, &key),
                    key,
                    ours: existing.value,
                    theirs: mapped.value,
                });
            }
            Some(_) => {}
        }
    }
    for item in &second.trash {
        if !project.trash.iter().any(|mine| mine == item) {
            let mut item = item.clone();
            if project.trash.iter().any(|mine| mine.id == item.id) {
                item.id = new_trash_id(&project);
            }
            project.trash.push(item);
        }
    }
    bring_marks(&mut project, second, &Maps { coders, actors, issues, articles });
    Merge { project, conflicts, counts }
}

/// How the second file's ids map onto the merged project's.
struct Maps {
    coders: HashMap<CoderId, CoderId>,
    actors: HashMap<ActorId, ActorId>,
    issues: HashMap<IssueId, IssueId>,
    articles: HashMap<ArticleId, ArticleId>,
}

/// The other coder's marks come along with what they mark: "done" articles, rejected suggestions
/// (so a merged copy does not offer again what either coder rejected), consensus positions on
/// units this copy has not settled, and candidate names dismissed as "not an actor".
fn bring_marks(project: &mut Project, second: &Project, maps: &Maps) {
    for mark in &second.done_articles {
        let (Some(article), Some(coder)) = (maps.articles.get(&mark.article), maps.coders.get(&mark.coder)) else {
            continue;
        };
        let mark = DoneMark { article: article.clone(), coder: coder.clone() };
        if !project.done_articles.contains(&mark) {
            project.done_articles.push(mark);
        }
    }
    for rejection in &second.rejected_suggestions {
        let (Some(article), Some(actor), Some(issue)) = (
            maps.articles.get(&rejection.article),
            maps.actors.get(&rejection.actor),
            maps.issues.get(&rejection.issue),
        ) else {
            continue;
        };
        let rejection = RejectedSuggestion {
            article: article.clone(),
            actor: actor.clone(),
            issue: issue.clone(),
            ..rejection.clone()
        };
        if !project.rejected_suggestions.contains(&rejection) {
            project.rejected_suggestions.push(rejection);
        }
    }
    // The other copy's adjudications come along where this copy has not settled the unit.
    for consensus in &second.consensus {
        let (Some(article), Some(actor), Some(issue)) = (
            maps.articles.get(&consensus.article),
            maps.actors.get(&consensus.actor),
            maps.issues.get(&consensus.issue),
        ) else {
            continue;
        };
        let unit = super::consensus::Unit { issue: issue.clone(), actor: actor.clone(), article: article.clone() };
        if super::consensus::find(&project.consensus, &unit).is_none() {
            let decided_by = maps.coders.get(&consensus.decided_by).cloned().unwrap_or(consensus.decided_by.clone());
            let from_coder = consensus.from_coder.as_ref().map(|c| maps.coders.get(c).cloned().unwrap_or(c.clone()));
            let mapped = super::consensus::Consensus { decided_by, from_coder, ..consensus.clone() };
            super::consensus::put(&mut project.consensus, &unit, Some(mapped));
        }
    }
    for name in &second.dismissed_candidates {
        if !project.dismissed_candidates.iter().any(|mine| mine.eq_ignore_ascii_case(name)) {
            project.dismissed_candidates.push(name.clone());
        }
    }
}

fn map_coders(project: &mut Project, second: &Project, counts: &mut MergeCounts) -> HashMap<CoderId, CoderId> {
    let mut map = HashMap::new();
    for coder in &second.coders {
        let found = project
            .coder(&coder.id)
            .or_else(|| project.coders.iter().find(|c| c.name.eq_ignore_ascii_case(&coder.name)))
            .map(|c| c.id.clone());
        let id = found.unwrap_or_else(|| {
            let id =
                if project.coder(&coder.id).is_some() { project.new_coder_id(&coder.name) } else { coder.id.clone() };
            project.coders.push(super::Coder { id: id.clone(), name: coder.name.clone() });
            counts.coders_added += 1;
            id
        });
        map.insert(coder.id.clone(), id);
    }
    map
}

fn map_actors(
    project: &mut Project,
    second: &Project,
    counts: &mut MergeCounts,
    conflicts: &mut Vec<MergeConflict>,
) -> HashMap<ActorId, ActorId> {
    let mut map = HashMap::new();
    for actor in &second.actors {
        let by_id = project.actor(&actor.id).map(|a| (a.id.clone(), a.name.clone()));
        let by_name = || project.find_actor_by_name(&actor.name).map(|a| (a.id.clone(), a.name.clone()));
        match by_id.or_else(by_name) {
            Some((id, name)) => {
                if name != actor.name && id == actor.id {
                    conflicts.push(MergeConflict::ActorName { id: id.clone(), ours: name, theirs: actor.name.clone() });
                }
                // The union of the names each file knows the actor by.
                if let Some(mine) = project.actors.iter_mut().find(|a| a.id == id) {
                    for alias in &actor.aliases {
                        if !mine.aliases.iter().any(|known| known.eq_ignore_ascii_case(alias)) {
                            mine.aliases.push(alias.clone());
                        }
                    }
                }
                map.insert(actor.id.clone(), id);
            }
            None => {
                let mut added = actor.clone();
                if project.actor(&added.id).is_some() {
                    added.id = project.new_actor_id(&added.name);
                }
                map.insert(actor.id.clone(), added.id.clone());
                project.actors.push(added);
                counts.actors_added += 1;
            }
        }
    }
    // Parents named by the second file point at the merged ids.
    for actor in project.actors.iter_mut() {
        if let Some(parent) = &actor.parent
            && let Some(mapped) = map.get(parent)
            && second.actor(&actor.id).is_some()
        {
            actor.parent = Some(mapped.clone());
        }
    }
    map
}

fn map_issues(
    project: &mut Project,
    second: &Project,
    counts: &mut MergeCounts,
    conflicts: &mut Vec<MergeConflict>,
) -> HashMap<IssueId, IssueId> {
    let mut map = HashMap::new();
    for issue in &second.issues {
        let by_id = project.issue(&issue.id).map(|i| (i.id.clone(), i.name.clone()));
        let by_name = || project.find_issue_by_name(&issue.name).map(|i| (i.id.clone(), i.name.clone()));
        match by_id.or_else(by_name) {
            Some((id, name)) => {
                if name != issue.name && id == issue.id {
                    conflicts.push(MergeConflict::IssueName { id: id.clone(), ours: name, theirs: issue.name.clone() });
                }
                // A phrase either coder told the suggester to forget stays forgotten.
                if let Some(mine) = project.issues.iter_mut().find(|mine| mine.id == id) {
                    for phrase in &issue.forgotten_phrases {
                        if !mine.forgotten_phrases.contains(phrase) {
                            mine.forgotten_phrases.push(phrase.clone());
                        }
                    }
                    mine.forgotten_phrases.sort();
                }
                map.insert(issue.id.clone(), id);
            }
            None => {
                let mut added = issue.clone();
                if project.issue(&added.id).is_some() {
                    added.id = project.new_issue_id(&added.name);
                }
                map.insert(issue.id.clone(), added.id.clone());
                project.issues.push(added);
                counts.issues_added += 1;
            }
        }
    }
    map
}

fn map_articles(project: &mut Project, second: &Project, counts: &mut MergeCounts) -> HashMap<ArticleId, ArticleId> {
    let known: HashMap<u64, ArticleId> =
        project.articles.iter().map(|a| (text_fingerprint(&a.text), a.id.clone())).collect();
    let mut map = HashMap::new();
    for article in &second.articles {
        match known.get(&text_fingerprint(&article.text)) {
            Some(id) => {
                map.insert(article.id.clone(), id.clone());
            }
            None => {
                let mut added = article.clone();
                if project.article(&added.id).is_some() {
                    added.id = project.new_article_id(&added.text);
                }
                map.insert(article.id.clone(), added.id.clone());
                project.articles.push(added);
                counts.articles_added += 1;
            }
        }
    }
    map
}

/// "Russia on NATO membership, “Talks in Riyadh”, coded by Ann".
fn unit_name(project: &Project, key: &PositionKey) -> String {
    let actor = project.actor(&key.actor).map_or(key.actor.as_str(), |a| a.name.as_str());
    let issue = project.issue(&key.issue).map_or(key.issue.as_str(), |i| i.name.as_str());
    let coder = project.coder(&key.coder).map_or(key.coder.as_str(), |c| c.name.as_str());
    let article = match key.article.as_ref().and_then(|id| project.article(id)) {
        Some(article) => format!("“{}”", article.title),
        None => "overall".to_owned(),
    };
    format!("{}, {article}, coded by {coder}", super::marker_label(actor, issue))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Coder, presets};

    /// The content of a project as sets of names, for comparing merges made in either order.
    fn content(project: &Project) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
        let mut articles: Vec<String> = project.articles.iter().map(|a| a.text.clone()).collect();
        let mut actors: Vec<String> = project.actors.iter().map(|a| a.name.clone()).collect();
        let mut issues: Vec<String> = project.issues.iter().map(|i| i.name.clone()).collect();
        let mut positions: Vec<String> = project
            .positions
            .iter()
            .map(|p| {
                let actor = project.actor(&p.actor).map(|a| a.name.clone()).unwrap_or_default();
                let coder = project.coder(&p.coder).map(|c| c.name.clone()).unwrap_or_default();
                let text = p.article.as_ref().and_then(|id| project.article(id)).map(|a| a.text.len());
                format!("{actor}|{}|{text:?}|{coder}", p.issue)
            })
            .collect();
        for list in [&mut articles, &mut actors, &mut issues, &mut positions] {
            list.sort();
        }
        (articles, actors, issues, positions)
    }

    /// Coder B's copy: another coder, a moved position of the analyst, a new article.
    fn second_copy() -> Project {
        let mut b = presets::sample_project();
        b.coders.push(Coder { id: "b".into(), name: "Coder B".into() });
        let first = b.positions.iter().next().cloned().expect("positions");
        b.positions.insert(Position { coder: "b".into(), value: 12.0, ..first.clone() });
        b.positions.insert(Position { value: first.value + 20.0, ..first });
        let mut article = b.articles[0].clone();
        article.id = "other".into();
        article.text = "A second article about Ukraine's NATO membership.".into();
        b.articles.push(article);
        b
    }

    #[test]
    fn the_other_coders_done_marks_come_along_with_their_articles() {
        let a = presets::sample_project();
        let mut b = second_copy();
        b.done_articles.push(DoneMark { article: "other".into(), coder: "b".into() });
        let merged = merge(&a, &b).resolve(&[false]);
        let other = merged.articles.iter().find(|article| article.text.starts_with("A second article")).unwrap();
        assert!(merged.is_done(&other.id, &"b".into()));
        assert_eq!(merge(&merged, &merged).resolve(&[]).done_articles, merged.done_articles, "no repeats");
    }

    #[test]
    fn the_other_coders_rejections_and_dismissed_candidates_come_along_once() {
        let a = presets::sample_project();
        let mut b = second_copy();
        let first_article = b.articles[0].id.clone();
        b.rejected_suggestions.push(RejectedSuggestion {
            article: first_article,
            actor: "russia".into(),
            issue: "nato-membership".into(),
            start: 0,
            end: 10,
        });
        b.dismissed_candidates.push("CBS News".into());
        b.issues[0].forgotten_phrases.push("red line".into());
        let merged = merge(&a, &b).resolve(&[false]);
        assert_eq!(merged.rejected_suggestions.len(), 1);
        assert_eq!(merged.dismissed_candidates, ["CBS News"]);
        assert_eq!(merged.issues[0].forgotten_phrases, ["red line"], "a forgotten phrase stays forgotten");
        let again = merge(&merged, &merged).resolve(&[]);
        assert_eq!(again.rejected_suggestions, merged.rejected_suggestions, "no repeats");
        assert_eq!(again.dismissed_candidates, merged.dismissed_candidates, "no repeats");
    }

    #[test]
    fn merging_a_project_with_itself_changes_nothing() {
        let a = presets::sample_project();
        let merged = merge(&a, &a);
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.counts, MergeCounts::default());
        assert_eq!(merged.resolve(&[]), a);
    }

    #[test]
    fn another_coders_work_is_added_and_a_real_conflict_is_listed() {
        let a = presets::sample_project();
        let b = second_copy();
        let merged = merge(&a, &b);
        assert_eq!(merged.counts.coders_added, 1);
        assert_eq!(merged.counts.articles_added, 1);
        assert_eq!(merged.counts.positions_added, 1, "coder B's position");
        assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
        let MergeConflict::Position { key, ours, theirs, .. } = &merged.conflicts[0] else {
            panic!("a position conflict");
        };
        assert_eq!(*theirs, *ours + 20.0);
        let ours_taken = merged.resolve(&[false]);
        assert_eq!(ours_taken.positions.get(key).map(|p| p.value), Some(*ours));
        let theirs_taken = merged.resolve(&[true]);
        assert_eq!(theirs_taken.positions.get(key).map(|p| p.value), Some(*theirs));
        // The side not taken waits in the Trash.
        let lost = &theirs_taken.trash.last().expect("a Trash item").positions[0];
        assert_eq!(lost.value, *ours);
        assert!(theirs_taken.validate().is_ok());
    }

    #[test]
    fn the_merge_is_symmetric_in_content() {
        let a = presets::sample_project();
        let b = second_copy();
        let ab = merge(&a, &b);
        let ba = merge(&b, &a);
        assert_eq!(content(&ab.project), content(&ba.project));
        assert_eq!(ab.conflicts.len(), ba.conflicts.len());
    }

    #[test]
    fn an_actor_renamed_differently_is_a_conflict() {
        let a = presets::sample_project();
        let mut b = presets::sample_project();
        b.actors[0].name = "Another name".into();
        let merged = merge(&a, &b);
        assert!(matches!(&merged.conflicts[..], [MergeConflict::ActorName { .. }]), "{:?}", merged.conflicts);
        let renamed = merged.resolve(&[true]);
        assert_eq!(renamed.actors[0].name, "Another name");
    }
}
