//! The difference between two versions of a project: as one [`Edit`] that turns the first into the
//! second (so recovering autosaved work, or reloading, is one undo step), and as a summary a person
//! can read before choosing ("3 positions changed, 1 article added").

use std::collections::HashMap;

use super::{Edit, Project};

/// What differs between two versions of a project, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectDifference {
    /// Positions only in the newer version.
    pub positions_added: usize,
    /// Positions in both, with different content.
    pub positions_changed: usize,
    /// Positions only in the older version.
    pub positions_removed: usize,
    /// Articles only in the newer version.
    pub articles_added: usize,
    /// Articles in both, with different content or details.
    pub articles_changed: usize,
    /// Articles only in the older version.
    pub articles_removed: usize,
    /// Consensus decisions (adjudicated units) added, changed or removed.
    pub consensus_changed: usize,
    /// The article assignments differ.
    pub assignments_changed: bool,
    /// Actors, issues, coders, title or description differ.
    pub other_changes: bool,
}

impl ProjectDifference {
    /// True when the versions are the same.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// "2 positions changed, 1 added · 1 article added", or "no differences".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (count, what, kind) in [
            (self.positions_changed, "changed", ("position", "positions")),
            (self.positions_added, "added", ("position", "positions")),
            (self.positions_removed, "removed", ("position", "positions")),
            (self.articles_changed, "changed", ("article", "articles")),
            (self.articles_added, "added", ("article", "articles")),
            (self.articles_removed, "removed", ("article", "articles")),
        ] {
            if count > 0 {
                parts.push(format!("{} {what}", super::wording::count(count, kind.0, kind.1)));
            }
        }
        if self.consensus_changed > 0 {
            let decisions = super::wording::count(self.consensus_changed, "consensus decision", "consensus decisions");
            parts.push(format!("{decisions} changed"));
        }
        if self.assignments_changed {
            parts.push("assignments changed".into());
        }
        if self.other_changes {
            parts.push("actors, issues, coders or details changed".into());
        }
        if parts.is_empty() { "no differences".into() } else { parts.join(", ") }
    }
}

/// Counts what differs from `older` to `newer`.
pub fn difference(older: &Project, newer: &Project) -> ProjectDifference {
    let mut difference = ProjectDifference::default();
    for position in newer.positions.iter() {
        match older.positions.get(&position.key()) {
            None => difference.positions_added += 1,
            Some(old) if old != position => difference.positions_changed += 1,
            Some(_) => {}
        }
    }
    difference.positions_removed = older.positions.iter().filter(|p| newer.positions.get(&p.key()).is_none()).count();
    let old_articles: HashMap<_, _> = older.articles.iter().map(|a| (&a.id, a)).collect();
    let new_articles: HashMap<_, _> = newer.articles.iter().map(|a| (&a.id, a)).collect();
    for (id, article) in &new_articles {
        match old_articles.get(id) {
            None => difference.articles_added += 1,
            Some(old) if old != article => difference.articles_changed += 1,
            Some(_) => {}
        }
    }
    difference.articles_removed = old_articles.keys().filter(|id| !new_articles.contains_key(*id)).count();
    difference.other_changes = older.title != newer.title
        || older.description != newer.description
        || older.actors != newer.actors
        || older.issues != newer.issues
        || older.coders != newer.coders
        || older.rejected_suggestions != newer.rejected_suggestions
        || older.done_articles != newer.done_articles
        || older.dismissed_candidates != newer.dismissed_candidates
        || older.trash != newer.trash;
    difference.assignments_changed = older.assignments != newer.assignments;
    let old_consensus: HashMap<_, _> = older.consensus.iter().map(|c| (c.unit(), c)).collect();
    let new_consensus: HashMap<_, _> = newer.consensus.iter().map(|c| (c.unit(), c)).collect();
    difference.consensus_changed =
        new_consensus.iter().filter(|(unit, c)| old_consensus.get(*unit) != Some(*c)).count()
            + old_consensus.keys().filter(|unit| !new_consensus.contains_key(*unit)).count();
    difference
}

/// One edit that turns `from` into `to` (applying it to a copy of `from` gives `to`).
pub fn edit_between(from: &Project, to: &Project) -> Edit {
    let mut edits = Vec::new();
    if from.title != to.title {
        edits.push(Edit::SetTitle(to.title.clone()));
    }
    if from.description != to.description {
        edits.push(Edit::SetDescription(to.description.clone()));
    }
    for rejection in from.rejected_suggestions.iter().filter(|r| !to.rejected_suggestions.contains(r)) {
        edits.push(Edit::SetRejected { rejection: Box::new(rejection.clone()), rejected: false });
    }
    for rejection in to.rejected_suggestions.iter().filter(|r| !from.rejected_suggestions.contains(r)) {
        edits.push(Edit::SetRejected { rejection: Box::new(rejection.clone()), rejected: true });
    }
    for mark in from.done_articles.iter().filter(|mark| !to.done_articles.contains(mark)) {
        edits.push(Edit::SetDone { mark: mark.clone(), done: false });
    }
    for mark in to.done_articles.iter().filter(|mark| !from.done_articles.contains(mark)) {
        edits.push(Edit::SetDone { mark: mark.clone(), done: true });
    }
    for name in from.dismissed_candidates.iter().filter(|name| !to.dismissed_candidates.contains(name)) {
        edits.push(Edit::SetDismissedCandidate { name: name.clone(), dismissed: false });
    }
    for name in to.dismissed_candidates.iter().filter(|name| !from.dismissed_candidates.contains(name)) {
        edits.push(Edit::SetDismissedCandidate { name: name.clone(), dismissed: true });
    }
    if from.assignments != to.assignments {
        edits.push(Edit::SetAssignments(to.assignments.clone()));
    }
    for consensus in &from.consensus {
        if super::consensus::find(&to.consensus, &consensus.unit()).is_none() {
            edits.push(Edit::SetConsensus { unit: consensus.unit(), consensus: None });
        }
    }
    for consensus in &to.consensus {
        if super::consensus::find(&from.consensus, &consensus.unit()) != Some(consensus) {
            edits.push(Edit::SetConsensus { unit: consensus.unit(), consensus: Some(Box::new(consensus.clone())) });
        }
    }
    list_edits(
        &from.coders,
        &to.coders,
        |c| &c.id,
        &mut edits,
        Edit::RemoveCoder,
        |index, coder| Edit::PutCoder { index, coder: coder.clone() },
    );
    list_edits(
        &from.actors,
        &to.actors,
        |a| &a.id,
        &mut edits,
        Edit::RemoveActor,
        |index, actor| Edit::PutActor { index, actor: Box::new(actor.clone()) },
    );
    list_edits(
        &from.issues,
        &to.issues,
        |i| &i.id,
        &mut edits,
        Edit::RemoveIssue,
        |index, issue| Edit::PutIssue { index, issue: Box::new(issue.clone()) },
    );
    list_edits(
        &from.articles,
        &to.articles,
        |a| &a.id,
        &mut edits,
        Edit::RemoveArticle,
        |index, article| Edit::PutArticle { index, article: Box::new(article.clone()) },
    );
    list_edits(
        &from.trash,
        &to.trash,
        |t| &t.id,
        &mut edits,
        Edit::RemoveTrash,
        |index, item| Edit::PutTrash { index, item: Box::new(item.clone()) },
    );
    for position in from.positions.iter() {
        if to.positions.get(&position.key()).is_none() {
            edits.push(Edit::clear_position(position.key()));
        }
    }
    for position in to.positions.iter() {
        if from.positions.get(&position.key()) != Some(position) {
            edits.push(Edit::set_position(position.clone()));
        }
    }
    Edit::Batch(edits)
}

/// Edits turning the list `from` into `to`: removals, then puts at each item's place in `to`. When
/// the items both lists share are in another order, every item is removed and put back in order.
fn list_edits<T: PartialEq, Id: PartialEq + Clone>(
    from: &[T],
    to: &[T],
    id_of: impl Fn(&T) -> &Id,
    edits: &mut Vec<Edit>,
    remove: impl Fn(Id) -> Edit,
    put: impl Fn(usize, &T) -> Edit,
) {
    let shared_from: Vec<&Id> = from.iter().map(&id_of).filter(|id| to.iter().any(|t| id_of(t) == *id)).collect();
    let shared_to: Vec<&Id> = to.iter().map(&id_of).filter(|id| from.iter().any(|f| id_of(f) == *id)).collect();
    let same_order = shared_from == shared_to;
    for item in from {
        let id = id_of(item);
        if !same_order || !to.iter().any(|t| id_of(t) == id) {
            edits.push(remove(id.clone()));
        }
    }
    for (index, item) in to.iter().enumerate() {
        let unchanged = same_order && from.iter().any(|f| f == item);
        if !unchanged {
            edits.push(put(index, item));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Position, presets};

    #[test]
    fn the_edit_between_two_versions_turns_one_into_the_other_and_back() {
        let from = presets::sample_project();
        let mut to = from.clone();
        to.title = "Recovered".into();
        to.actors.reverse();
        to.actors.remove(0);
        to.issues.swap(0, 1);
        let mut article = to.articles[0].clone();
        article.id = "second".into();
        article.title = "Second".into();
        to.articles.push(article);
        let first = to.positions.iter().next().cloned().expect("the sample has positions");
        to.positions.remove(&first.key());
        let mut moved = to.positions.iter().next().cloned().expect("another position");
        moved.value = 99.0;
        to.positions.insert(moved);
        to.positions.retain(|p| to.actors.iter().any(|a| a.id == p.actor));
        to.positions.insert(Position::new(&first.key(), 1.0));

        let mut project = from.clone();
        let inverse = edit_between(&from, &to).apply(&mut project);
        assert_eq!(project, to);
        inverse.apply(&mut project);
        assert_eq!(project, from, "one undo step back");
        let summary = difference(&from, &to);
        assert_eq!(summary.articles_added, 1);
        assert!(summary.other_changes);
        assert!(summary.positions_changed >= 2, "{summary:?}");
        assert!(!summary.describe().is_empty());
        assert!(difference(&from, &from).is_empty());
        assert_eq!(difference(&from, &from).describe(), "no differences");
    }

    #[test]
    fn a_consensus_decision_is_named_as_such_not_as_details() {
        use crate::model::consensus::Consensus;
        let from = presets::sample_project();
        let mut to = from.clone();
        let position = to.positions.iter().find(|p| p.article.is_some()).cloned().expect("a coded position");
        to.consensus.push(Consensus {
            issue: position.issue.clone(),
            actor: position.actor.clone(),
            article: position.article.clone().unwrap(),
            value: 42.0,
            decided_by: position.coder.clone(),
            decided_at: "2026-12-08T01:00:00Z".into(),
            ..Consensus::default()
        });
        let summary = difference(&from, &to);
        assert_eq!(summary.consensus_changed, 1);
        assert!(!summary.other_changes, "{summary:?}");
        assert_eq!(summary.describe(), "1 consensus decision changed");
        let mut changed = to.clone();
        changed.consensus[0].value = 60.0;
        assert_eq!(difference(&to, &changed).consensus_changed, 1);
        assert_eq!(difference(&to, &from).describe(), "1 consensus decision changed");
    }
}
