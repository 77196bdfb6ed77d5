//! Whole-project results kept per issue between edits, so that after a drag (one actor × issue
//! changed) the background recomputes only the changed issue and pools the rest as they were.
//!
//! A part is kept with its issue's [`Positions::issue_version`] and a key for everything else it
//! reads (the project's shape, which changes with any actor, issue, article or coder edit, and the
//! analysis' options); a part whose version or key differs is built again. The cache is shared with
//! the worker that uses it (one at a time per result, see `background::Job`).
//!
//! [`Positions::issue_version`]: crate::model::Positions::issue_version

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::analysis::aggregate::{self, AggregateOptions, AggregateRow};
use crate::analysis::agreement::{self, AgreementReport, IssuePart, Names};
use crate::model::{IssueId, Project};

/// Parts of type `V` per issue, for one key `K`.
#[derive(Debug)]
pub struct IssueParts<K, V> {
    key: Option<K>,
    parts: HashMap<IssueId, (u64, Arc<V>)>,
}

impl<K, V> Default for IssueParts<K, V> {
    fn default() -> Self {
        Self { key: None, parts: HashMap::new() }
    }
}

/// A cache shared between the store and its workers.
pub type Shared<K, V> = Arc<Mutex<IssueParts<K, V>>>;

impl<K: PartialEq, V: Send + Sync> IssueParts<K, V> {
    /// The part of every issue with positions in `project`, in the positions' issue order: the
    /// kept one when its issue is unchanged, else one made by `build` (on every core).
    pub fn parts(&mut self, project: &Project, key: K, build: impl Fn(&IssueId) -> V + Sync) -> Vec<Arc<V>> {
        if self.key.as_ref() != Some(&key) {
            self.parts.clear();
            self.key = Some(key);
        }
        let positions = &project.positions;
        let stale: Vec<&IssueId> = positions
            .issues()
            .filter(|issue| {
                self.parts.get(*issue).is_none_or(|(version, _)| *version != positions.issue_version(issue))
            })
            .collect();
        let built = crate::analysis::parallel_map(&stale, |issue| build(issue));
        for (issue, part) in stale.into_iter().zip(built) {
            self.parts.insert(issue.clone(), (positions.issue_version(issue), Arc::new(part)));
        }
        self.parts.retain(|issue, _| positions.issue_version(issue) != 0);
        positions.issues().filter_map(|issue| self.parts.get(issue).map(|(_, part)| Arc::clone(part))).collect()
    }

    /// How many issues' parts are kept (for tests).
    #[cfg(test)]
    pub fn kept_issues(&self) -> usize {
        self.parts.len()
    }
}

/// Locks `shared`, also after a worker panicked while holding it (the parts are then rebuilt).
fn lock<K, V>(shared: &Shared<K, V>) -> std::sync::MutexGuard<'_, IssueParts<K, V>> {
    shared.lock().unwrap_or_else(|poisoned| {
        let mut parts = poisoned.into_inner();
        parts.key = None;
        parts
    })
}

/// [`agreement::agreement`] of `project` (of shape `shape`), rebuilding only the changed issues'
/// parts. Equal to the full computation: a part depends only on its issue's positions and names.
pub fn agreement(project: &Project, shape: u64, cache: &Shared<u64, IssuePart>) -> AgreementReport {
    let names = Names::of(project);
    let parts =
        lock(cache).parts(project, shape, |issue| IssuePart::of(issue, project.positions.on_issue(issue), &names));
    agreement::combine(project, &parts.iter().map(|part| &**part).collect::<Vec<_>>())
}

/// [`aggregate::aggregate`] of `project` (of shape `shape`) with `options`, rebuilding only the
/// changed issues' rows.
pub fn aggregate(
    project: &Project,
    shape: u64,
    options: &AggregateOptions,
    cache: &Shared<(u64, AggregateOptions), Vec<AggregateRow>>,
) -> Vec<AggregateRow> {
    let parts = lock(cache)
        .parts(project, (shape, options.clone()), |issue| aggregate::aggregate_issue(project, options, issue));
    aggregate::in_actor_order(project, parts.iter().map(|part| part.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::{GenerateOptions, generate};
    use crate::model::{Edit, Position};
    use proptest::prelude::*;

    /// An edit as a coder makes them: a marker moved to a value, a position removed, or an actor
    /// placed on an issue in an article where it was not.
    #[derive(Clone, Debug)]
    enum Change {
        Move(usize, f64),
        Remove(usize),
        Add(usize, usize, usize, f64),
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            6 => (any::<usize>(), 0.0f64..100.0).prop_map(|(which, value)| Change::Move(which, value)),
            1 => any::<usize>().prop_map(Change::Remove),
            2 => (any::<usize>(), any::<usize>(), any::<usize>(), 0.0f64..100.0)
                .prop_map(|(actor, issue, coder, value)| Change::Add(actor, issue, coder, value)),
        ]
    }

    fn apply(project: &mut Project, change: &Change) {
        let keys: Vec<_> = project.positions.iter().map(Position::key).collect();
        match *change {
            Change::Move(which, value) if !keys.is_empty() => {
                let key = &keys[which % keys.len()];
                let mut position = project.positions.get(key).cloned().unwrap_or_else(|| Position::new(key, value));
                position.value = value;
                Edit::set_position(position).apply(project);
            }
            Change::Remove(which) if !keys.is_empty() => {
                project.positions.remove(&keys[which % keys.len()]);
            }
            Change::Add(actor, issue, coder, value) => {
                let Some(article) = project.articles.first().map(|article| article.id.clone()) else { return };
                let key = crate::model::PositionKey {
                    issue: project.issues[issue % project.issues.len()].id.clone(),
                    actor: project.actors[actor % project.actors.len()].id.clone(),
                    article: Some(article),
                    coder: project.coders[coder % project.coders.len()].id.clone(),
                };
                Edit::set_position(Position::new(&key, value)).apply(project);
            }
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn kept_parts_give_the_full_results_after_random_edits(
            changes in prop::collection::vec(change(), 1..12),
        ) {
            let options = GenerateOptions { articles: 30, actors: 8, issues: 4, positions: 900, coders: 4, seed: 7 };
            let mut project = generate(&options).expect("valid options");
            let agreement_cache: Shared<u64, IssuePart> = Default::default();
            let aggregate_cache: Shared<(u64, AggregateOptions), Vec<AggregateRow>> = Default::default();
            let table = AggregateOptions { weighted: true, roll_up: true, coder: None, include_overall: true };
            let table_cache: Shared<(u64, AggregateOptions), Vec<AggregateRow>> = Default::default();
            let plain = AggregateOptions { include_overall: true, ..AggregateOptions::default() };
            for change in &changes {
                apply(&mut project, change);
                prop_assert_eq!(agreement(&project, 1, &agreement_cache), agreement::agreement(&project));
                prop_assert_eq!(
                    super::aggregate(&project, 1, &plain, &aggregate_cache),
                    aggregate::aggregate(&project, &plain)
                );
                prop_assert_eq!(super::aggregate(&project, 1, &table, &table_cache), aggregate::aggregate(&project, &table));
            }
            prop_assert_eq!(lock(&agreement_cache).kept_issues(), project.positions.issues().count());
        }
    }

    #[test]
    fn an_edit_rebuilds_only_its_issues_part() {
        let options = GenerateOptions { articles: 20, actors: 6, issues: 3, positions: 400, coders: 3, seed: 3 };
        let mut project = generate(&options).expect("valid options");
        let cache: Shared<u64, IssuePart> = Default::default();
        agreement(&project, 1, &cache);
        let before: Vec<Arc<IssuePart>> = lock(&cache).parts(&project, 1, |_| unreachable!("nothing changed"));
        let key = project.positions.iter().next().map(Position::key).expect("positions");
        let mut moved = project.positions.get(&key).cloned().expect("the position");
        moved.value = (moved.value + 17.0) % 100.0;
        Edit::set_position(moved).apply(&mut project);
        let built = std::sync::atomic::AtomicUsize::new(0);
        let after = lock(&cache).parts(&project, 1, |issue| {
            built.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            IssuePart::of(issue, project.positions.on_issue(issue), &Names::of(&project))
        });
        assert_eq!(built.into_inner(), 1, "only the edited issue is built again");
        let unchanged = before.iter().zip(&after).filter(|(a, b)| Arc::ptr_eq(a, b)).count();
        assert_eq!(unchanged, before.len() - 1);
        // A new shape (another document, or an actor edited) starts over.
        let rebuilt = std::sync::atomic::AtomicUsize::new(0);
        lock(&cache).parts(&project, 2, |issue| {
            rebuilt.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            IssuePart::of(issue, project.positions.on_issue(issue), &Names::of(&project))
        });
        assert_eq!(rebuilt.into_inner(), project.positions.issues().count());
    }
}
