//! Every change to a project, as data. Applying an edit returns its inverse, which is how undo and
//! redo work at any project size: history stores small inverse edits, never copies of the project.
//!
//! Edits are total: applying one to a project where its target is missing does the sensible thing
//! (inserting, or nothing) rather than failing, so an inverse always exists.

use super::consensus::{Consensus, Unit};
use super::{
    Actor, ActorId, Article, ArticleId, Assignment, Coder, CoderId, DoneMark, Issue, IssueId, Position, PositionKey,
    Project, RejectedSuggestion, TrashItem,
};

/// One change to a project.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Renames the project.
    SetTitle(String),
    /// Replaces the project description.
    SetDescription(String),
    /// Sets (or with `None` removes) the position stored under `key`.
    SetPosition {
        /// Which position.
        key: PositionKey,
        /// The new position; its own key fields must match `key`.
        position: Option<Box<Position>>,
    },
    /// Inserts an actor at `index` (clamped), or replaces the actor with the same id in place.
    PutActor {
        /// Display position for a new actor.
        index: usize,
        /// The actor.
        actor: Box<Actor>,
    },
    /// Removes an actor (not its positions; see [`Edit::remove_actor`]).
    RemoveActor(ActorId),
    /// Inserts an issue at `index` (clamped), or replaces the issue with the same id in place.
    PutIssue {
        /// Display position for a new issue.
        index: usize,
        /// The issue.
        issue: Box<Issue>,
    },
    /// Removes an issue (not its positions; see [`Edit::remove_issue`]).
    RemoveIssue(IssueId),
    /// Inserts an article at `index` (clamped), or replaces the article with the same id in place.
    PutArticle {
        /// Reading position for a new article.
        index: usize,
        /// The article.
        article: Box<Article>,
    },
    /// Removes an article (not its positions; see [`Edit::remove_article`]).
    RemoveArticle(ArticleId),
    /// Inserts a coder at `index` (clamped), or replaces the coder with the same id in place.
    PutCoder {
        /// List position for a new coder.
        index: usize,
        /// The coder.
        coder: Coder,
    },
    /// Removes a coder.
    RemoveCoder(CoderId),
    /// Marks a suggested stance as rejected (or, with `false`, offers it again).
    SetRejected {
        /// Which suggestion.
        rejection: Box<RejectedSuggestion>,
        /// Rejected from now on.
        rejected: bool,
    },
    /// Marks an article as done by a coder (or, with `false`, not done).
    SetDone {
        /// Which article and coder.
        mark: DoneMark,
        /// Done from now on.
        done: bool,
    },
    /// Marks a candidate actor name as "not an actor" (or, with `false`, offers it again).
    SetDismissedCandidate {
        /// The name as offered.
        name: String,
        /// Dismissed from now on.
        dismissed: bool,
    },
    /// Replaces every article assignment (a team project's `team assign`).
    SetAssignments(Vec<Assignment>),
    /// Sets (or with `None` removes) the consensus position of a unit (adjudication).
    SetConsensus {
        /// Which unit (article x actor x issue).
        unit: Unit,
        /// The decision; its own unit fields are set from `unit`.
        consensus: Option<Box<Consensus>>,
    },
    /// Inserts a deleted item into the Trash at `index` (clamped).
    PutTrash {
        /// Place in the Trash list.
        index: usize,
        /// The item.
        item: Box<TrashItem>,
    },
    /// Takes the item with this id out of the Trash.
    RemoveTrash(String),
    /// Several edits applied in order as one undo step.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Sets a position (convenience for the common case).
    pub fn set_position(position: Position) -> Self {
        Self::SetPosition { key: position.key(), position: Some(Box::new(position)) }
    }

    /// Clears the position under `key`.
    pub fn clear_position(key: PositionKey) -> Self {
        Self::SetPosition { key, position: None }
    }

    /// Edits removing every consensus position `which` picks (those of a removed actor, issue or
    /// article go with it).
    pub fn clear_consensus(project: &Project, which: impl Fn(&Consensus) -> bool) -> Vec<Edit> {
        project
            .consensus
            .iter()
            .filter(|consensus| which(consensus))
            .map(|consensus| Edit::SetConsensus { unit: consensus.unit(), consensus: None })
            .collect()
    }

    /// Removes an actor together with every position that names it, as one step.
    pub fn remove_actor(project: &Project, id: &ActorId) -> Self {
        let mut edits: Vec<Edit> = project
            .positions
            .iter()
            .filter(|position| &position.actor == id)
            .map(|position| Edit::clear_position(position.key()))
            .collect();
        // Children that rolled up into this actor now stand alone.
        for child in project.actors.iter().filter(|actor| actor.parent.as_ref() == Some(id)) {
            let orphan = Actor { parent: None, ..child.clone() };
            edits.push(Edit::PutActor { index: 0, actor: Box::new(orphan) });
        }
        edits.extend(Self::clear_consensus(project, |c| &c.actor == id));
        edits.push(Edit::RemoveActor(id.clone()));
        Self::Batch(edits)
    }

    /// Removes an issue together with every position on it, as one step.
    pub fn remove_issue(project: &Project, id: &IssueId) -> Self {
        let mut edits: Vec<Edit> =
            project.positions.on_issue(id).map(|position| Edit::clear_position(position.key())).collect();
        edits.extend(Self::clear_consensus(project, |c| &c.issue == id));
        edits.push(Edit::RemoveIssue(id.clone()));
        Self::Batch(edits)
    }

    /// Removes an article together with every position coded from it, as one step.
    pub fn remove_article(project: &Project, id: &ArticleId) -> Self {
        let mut edits: Vec<Edit> = project
            .positions
            .iter()
            .filter(|position| position.article.as_ref() == Some(id))
            .map(|position| Edit::clear_position(position.key()))
            .collect();
        edits.extend(Self::clear_consensus(project, |c| &c.article == id));
        edits.push(Edit::RemoveArticle(id.clone()));
        Self::Batch(edits)
    }

    /// Applies the edit and returns the edit that undoes it.
    pub fn apply(self, project: &mut Project) -> Edit {
        match self {
            Edit::SetTitle(title) => Edit::SetTitle(std::mem::replace(&mut project.title, title)),
            Edit::SetDescription(text) => Edit::SetDescription(std::mem::replace(&mut project.description, text)),
            Edit::SetPosition { key, position } => {
                let previous = match position {
                    Some(position) => {
                        // The key is authoritative: a position is always stored under its own key.
                        let mut position = *position;
                        position.actor = key.actor.clone();
                        position.issue = key.issue.clone();
                        position.article = key.article.clone();
                        position.coder = key.coder.clone();
                        project.positions.insert(position)
                    }
                    None => project.positions.remove(&key),
                };
                Edit::SetPosition { key, position: previous.map(Box::new) }
            }
            Edit::PutActor { index, actor } => {
                let id = actor.id.clone();
                match put(&mut project.actors, index, *actor, |a| a.id == id) {
                    Some(old) => Edit::PutActor { index, actor: Box::new(old) },
                    None => Edit::RemoveActor(id),
                }
            }
            Edit::RemoveActor(id) => match remove(&mut project.actors, |a| a.id == id) {
                Some((index, actor)) => Edit::PutActor { index, actor: Box::new(actor) },
                None => Edit::Batch(Vec::new()),
            },
            Edit::PutIssue { index, issue } => {
                let id = issue.id.clone();
                match put(&mut project.issues, index, *issue, |i| i.id == id) {
                    Some(old) => Edit::PutIssue { index, issue: Box::new(old) },
                    None => Edit::RemoveIssue(id),
                }
            }
            Edit::RemoveIssue(id) => match remove(&mut project.issues, |i| i.id == id) {
                Some((index, issue)) => Edit::PutIssue { index, issue: Box::new(issue) },
                None => Edit::Batch(Vec::new()),
            },
            Edit::PutArticle { index, article } => {
                let id = article.id.clone();
                match put(&mut project.articles, index, *article, |a| a.id == id) {
                    Some(old) => Edit::PutArticle { index, article: Box::new(old) },
                    None => Edit::RemoveArticle(id),
                }
            }
            Edit::RemoveArticle(id) => match remove(&mut project.articles, |a| a.id == id) {
                Some((index, article)) => Edit::PutArticle { index, article: Box::new(article) },
                None => Edit::Batch(Vec::new()),
            },
            Edit::PutCoder { index, coder } => {
                let id = coder.id.clone();
                match put(&mut project.coders, index, coder, |c| c.id == id) {
                    Some(old) => Edit::PutCoder { index, coder: old },
                    None => Edit::RemoveCoder(id),
                }
            }
            Edit::RemoveCoder(id) => match remove(&mut project.coders, |c| c.id == id) {
                Some((index, coder)) => Edit::PutCoder { index, coder },
                None => Edit::Batch(Vec::new()),
            },
            Edit::SetRejected { rejection, rejected } => {
                let list = &mut project.rejected_suggestions;
                let present = list.contains(&rejection);
                if present == rejected {
                    return Edit::Batch(Vec::new());
                }
                if rejected {
                    list.push((*rejection).clone());
                } else {
                    list.retain(|existing| existing != rejection.as_ref());
                }
                Edit::SetRejected { rejection, rejected: !rejected }
            }
            Edit::SetDone { mark, done } => {
                let list = &mut project.done_articles;
                if list.contains(&mark) == done {
                    return Edit::Batch(Vec::new());
                }
                if done {
                    list.push(mark.clone());
                } else {
                    list.retain(|existing| existing != &mark);
                }
                Edit::SetDone { mark, done: !done }
            }
            Edit::SetDismissedCandidate { name, dismissed } => {
                let list = &mut project.dismissed_candidates;
                let present = list.iter().any(|existing| existing.eq_ignore_ascii_case(&name));
                if present == dismissed {
                    return Edit::Batch(Vec::new());
                }
                if dismissed {
                    list.push(name.clone());
                } else {
                    list.retain(|existing| !existing.eq_ignore_ascii_case(&name));
                }
                Edit::SetDismissedCandidate { name, dismissed: !dismissed }
            }
            Edit::SetConsensus { unit, consensus } => {
                let previous = super::consensus::put(&mut project.consensus, &unit, consensus.map(|c| *c));
                Edit::SetConsensus { unit, consensus: previous.map(Box::new) }
            }
            Edit::SetAssignments(assignments) => {
                if project.assignments == assignments {
                    return Edit::Batch(Vec::new());
                }
                Edit::SetAssignments(std::mem::replace(&mut project.assignments, assignments))
            }
            Edit::PutTrash { index, item } => {
                let id = item.id.clone();
                match put(&mut project.trash, index, *item, |t| t.id == id) {
                    Some(old) => Edit::PutTrash { index, item: Box::new(old) },
                    None => Edit::RemoveTrash(id),
                }
            }
            Edit::RemoveTrash(id) => match remove(&mut project.trash, |t| t.id == id) {
                Some((index, item)) => Edit::PutTrash { index, item: Box::new(item) },
                None => Edit::Batch(Vec::new()),
            },
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|edit| edit.apply(project)).collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }

    /// True for an edit that changes nothing (an empty batch).
    pub fn is_noop(&self) -> bool {
        match self {
            Edit::Batch(edits) => edits.iter().all(Edit::is_noop),
            _ => false,
        }
    }

    /// True when the edit may add, remove or move an actor, issue, article or coder: whatever is
    /// held by index into those lists (per-actor counts, per-article facts) is then out of date.
    /// Replacing one in place counts too (it is rare, and cheaper to assume than to check).
    pub fn reshapes(&self) -> bool {
        match self {
            Edit::PutActor { .. }
            | Edit::RemoveActor(_)
            | Edit::PutIssue { .. }
            | Edit::RemoveIssue(_)
            | Edit::PutArticle { .. }
            | Edit::RemoveArticle(_)
            | Edit::PutCoder { .. }
            | Edit::RemoveCoder(_) => true,
            Edit::Batch(edits) => edits.iter().any(Edit::reshapes),
            Edit::SetTitle(_)
            | Edit::SetDescription(_)
            | Edit::SetPosition { .. }
            | Edit::SetRejected { .. }
            | Edit::SetDone { .. }
            | Edit::SetAssignments(_)
            | Edit::SetConsensus { .. }
            | Edit::SetDismissedCandidate { .. }
            | Edit::PutTrash { .. }
            | Edit::RemoveTrash(_) => false,
        }
    }
}

/// Replaces the item matching `is_same` in place (returning the old one), or inserts `item` at
/// `index` clamped to the list's length.
fn put<T>(items: &mut Vec<T>, index: usize, item: T, is_same: impl Fn(&T) -> bool) -> Option<T> {
    if let Some(existing) = items.iter_mut().find(|existing| is_same(existing)) {
        return Some(std::mem::replace(existing, item));
    }
    items.insert(index.min(items.len()), item);
    None
}

/// Removes the first item matching `is_target`, returning its index and the item.
fn remove<T>(items: &mut Vec<T>, is_target: impl Fn(&T) -> bool) -> Option<(usize, T)> {
    let index = items.iter().position(is_target)?;
    Some((index, items.remove(index)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let original = presets::sample_project_without_articles();
        let mut project = original.clone();
        let russia = project.find_actor_by_name("Russia").unwrap().id.clone();
        let nato = project.issues[0].id.clone();
        let edits = vec![
            Edit::SetTitle("Renamed".into()),
            Edit::remove_actor(&project, &russia),
            Edit::remove_issue(&project, &nato),
            Edit::PutActor { index: 1, actor: Box::new(Actor { id: "nk".into(), ..Actor::default() }) },
            Edit::PutCoder { index: 0, coder: Coder { id: "b".into(), name: "B".into() } },
            Edit::SetDone { mark: DoneMark { article: "a".into(), coder: "b".into() }, done: true },
        ];
        let mut inverses = Vec::new();
        for edit in edits {
            inverses.push(edit.apply(&mut project));
        }
        assert_ne!(project, original);
        for inverse in inverses.into_iter().rev() {
            inverse.apply(&mut project);
        }
        assert_eq!(project, original);
    }

    #[test]
    fn set_position_inverse_restores_absence() {
        let mut project = Project::default();
        let key = PositionKey { issue: "i".into(), actor: "a".into(), article: None, coder: "c".into() };
        let undo = Edit::set_position(Position::new(&key, 30.0)).apply(&mut project);
        assert_eq!(project.positions.get(&key).map(|p| p.value), Some(30.0));
        undo.apply(&mut project);
        assert!(project.positions.is_empty());
    }
}
