//! Coded positions and the ordered collection that holds them.
//!
//! A position is identified by its [`PositionKey`] — (issue, actor, article, coder) — so each coder
//! has at most one position per actor, issue and article (or one overall judgement when the article
//! is `None`). The collection is a B-tree for O(log n) edits at corpus scale and is written to the
//! file as a plain list in key order, which keeps files stable and diffs small.
//!
//! It is split by issue, each issue's part behind an `Arc`, so cloning the collection (the
//! snapshot background analysis reads) copies a pointer per issue, not every position; an edit
//! copies only its own issue's part, and only while a snapshot still shares it (copy on write).
//! A part is a set of positions ordered by their own actor, article and coder, searched by a key
//! through `WithinIssue`: the key is not stored a second time beside each position.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::ids::Stamp;
use super::{ActorId, ArticleId, CoderId, Confidence, Evidence, IssueId};

/// What a position is about and who coded it; unique within a project.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PositionKey {
    /// The issue axis.
    pub issue: IssueId,
    /// The actor whose position it is.
    pub actor: ActorId,
    /// The article it was coded from; `None` for an overall judgement.
    pub article: Option<ArticleId>,
    /// Who coded it.
    pub coder: CoderId,
}

/// One actor's position on one issue, as coded from one article (or overall) by one coder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Position {
    /// The actor whose position it is.
    pub actor: ActorId,
    /// The issue axis.
    pub issue: IssueId,
    /// The article it was coded from; absent for an overall judgement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleId>,
    /// Who coded it.
    pub coder: CoderId,
    /// Where the actor stands, on the issue's scale.
    pub value: f64,
    /// How much the issue matters to the actor, 0–100.
    pub salience: f64,
    /// How sure the coder is.
    pub confidence: Confidence,
    /// Quotes from the article that support the position.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The coder's remark.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When it was last changed (RFC 3339; shared text, read as a `&str`).
    pub updated: Stamp,
    /// Every change of its value and evidence, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
}

/// One change of a position: who, when, the value before and after, quotes added or removed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryEntry {
    /// When (RFC 3339).
    pub at: String,
    /// The coder who made the change.
    pub by: CoderId,
    /// The value before; `None` when the position was first placed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    /// The value after.
    pub to: f64,
    /// Quotes added as evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_added: Vec<String>,
    /// Quotes removed from the evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_removed: Vec<String>,
}

impl Default for Position {
    fn default() -> Self {
        Self {
            actor: ActorId::default(),
            issue: IssueId::default(),
            article: None,
            coder: CoderId::default(),
            value: 0.0,
            salience: 50.0,
            confidence: Confidence::Medium,
            evidence: Vec::new(),
            note: String::new(),
            updated: Stamp::default(),
            history: Vec::new(),
        }
    }
}

impl Position {
    /// The key this position is stored under.
    pub fn key(&self) -> PositionKey {
        PositionKey {
            issue: self.issue.clone(),
            actor: self.actor.clone(),
            article: self.article.clone(),
            coder: self.coder.clone(),
        }
    }

    /// A new position at `value` for `key`, with default salience and confidence.
    pub fn new(key: &PositionKey, value: f64) -> Self {
        Self {
            actor: key.actor.clone(),
            issue: key.issue.clone(),
            article: key.article.clone(),
            coder: key.coder.clone(),
            value,
            ..Self::default()
        }
    }

    /// True for a position coded from an article that quotes nothing of it: the app flags and
    /// lists these. An overall judgement (no article) has nothing to quote and never lacks one.
    pub fn lacks_evidence(&self) -> bool {
        self.article.is_some() && self.evidence.is_empty()
    }
}

/// What orders positions within one issue's part: their key without the issue.
trait WithinIssue {
    fn order(&self) -> (&ActorId, Option<&ArticleId>, &CoderId);
}

impl WithinIssue for Position {
    fn order(&self) -> (&ActorId, Option<&ArticleId>, &CoderId) {
        (&self.actor, self.article.as_ref(), &self.coder)
    }
}

impl WithinIssue for PositionKey {
    fn order(&self) -> (&ActorId, Option<&ArticleId>, &CoderId) {
        (&self.actor, self.article.as_ref(), &self.coder)
    }
}

impl PartialEq for dyn WithinIssue + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.order() == other.order()
    }
}

impl Eq for dyn WithinIssue + '_ {}

impl PartialOrd for dyn WithinIssue + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn WithinIssue + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order().cmp(&other.order())
    }
}

/// A position in its issue's part: equal and ordered by its key alone, so the set finds it by key.
#[derive(Clone, Debug)]
struct Stored(Position);

impl<'a> Borrow<dyn WithinIssue + 'a> for Stored {
    fn borrow(&self) -> &(dyn WithinIssue + 'a) {
        &self.0
    }
}

impl PartialEq for Stored {
    fn eq(&self, other: &Self) -> bool {
        self.0.order() == other.0.order()
    }
}

impl Eq for Stored {}

impl PartialOrd for Stored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Stored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.order().cmp(&other.0.order())
    }
}

/// All positions of a project, ordered by key.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    /// One set per issue (never an empty one), shared with clones until either side changes it.
    by_issue: BTreeMap<IssueId, Arc<BTreeSet<Stored>>>,
    /// A number per issue that changes whenever that issue's positions change (unique in this
    /// process), so caches of one issue's results recompute only the issue a drag changes.
    versions: BTreeMap<IssueId, u64>,
    /// A number per issue that changes whenever a quote (evidence) on that issue is added, removed
    /// or changed, and not when only values move: the reader's highlighting keys on it, so a drag
    /// does not look through the issue's positions for quotes every frame. No entry: no position on
    /// the issue has ever had a quote since the issue's part was made.
    evidence_versions: BTreeMap<IssueId, u64>,
}

impl PartialEq for Positions {
    /// Equal positions (every field), whatever their versions.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The source of [`Positions::issue_version`] numbers.
static NEXT_VERSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_version() -> u64 {
    NEXT_VERSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Positions {
    /// Number of positions.
    pub fn len(&self) -> usize {
        self.by_issue.values().map(|part| part.len()).sum()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.by_issue.is_empty()
    }

    /// A number that changes whenever `issue`'s positions change (0 for an issue without any): two
    /// equal numbers for the same issue mean the same positions.
    pub fn issue_version(&self, issue: &IssueId) -> u64 {
        self.versions.get(issue).copied().unwrap_or(0)
    }

    /// A number that changes whenever a quote of `issue`'s positions is added, removed or changed
    /// (0 when none of them has a quote): two equal numbers for the same issue mean the same
    /// quotes on the same positions' keys.
    pub fn evidence_version(&self, issue: &IssueId) -> u64 {
        self.evidence_versions.get(issue).copied().unwrap_or(0)
    }

    /// Takes a new evidence version for `issue`.
    fn evidence_changed(&mut self, issue: &IssueId) {
        self.evidence_versions.insert(issue.clone(), next_version());
    }

    /// The issues that have positions, in order.
    pub fn issues(&self) -> impl Iterator<Item = &IssueId> {
        self.by_issue.keys()
    }

    /// The position stored under `key`.
    pub fn get(&self, key: &PositionKey) -> Option<&Position> {
        let part = self.by_issue.get(&key.issue)?;
        part.get(key as &dyn WithinIssue).map(|stored| &stored.0)
    }

    /// Stores `position` under its key, returning the one it replaced.
    pub fn insert(&mut self, position: Position) -> Option<Position> {
        match self.versions.get_mut(&position.issue) {
            Some(version) => *version = next_version(),
            None => {
                self.versions.insert(position.issue.clone(), next_version());
            }
        }
        let part = match self.by_issue.get_mut(&position.issue) {
            Some(part) => part,
            None => self.by_issue.entry(position.issue.clone()).or_default(),
        };
        // An id clone copies a pointer.
        let (issue, has_evidence) = (position.issue.clone(), !position.evidence.is_empty());
        let part = Arc::make_mut(part);
        let replaced = part.replace(Stored(position)).map(|stored| stored.0);
        let evidence_changed = match &replaced {
            None => has_evidence,
            Some(old) => part.get(old as &dyn WithinIssue).is_none_or(|new| new.0.evidence != old.evidence),
        };
        if evidence_changed {
            self.evidence_changed(&issue);
        }
        replaced
    }

    /// Removes and returns the position under `key`.
    pub fn remove(&mut self, key: &PositionKey) -> Option<Position> {
        let part = self.by_issue.get_mut(&key.issue)?;
        if !part.contains(key as &dyn WithinIssue) {
            return None;
        }
        let removed = Arc::make_mut(part).take(key as &dyn WithinIssue).map(|stored| stored.0);
        if part.is_empty() {
            self.by_issue.remove(&key.issue);
            self.versions.remove(&key.issue);
            self.evidence_versions.remove(&key.issue);
        } else {
            if let Some(version) = self.versions.get_mut(&key.issue) {
                *version = next_version();
            }
            if removed.as_ref().is_some_and(|removed| !removed.evidence.is_empty()) {
                self.evidence_changed(&key.issue);
            }
        }
        removed
    }

    /// All positions in key order (issue, actor, article, coder).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Position> + Clone {
        self.by_issue.values().flat_map(|part| part.iter().map(|stored| &stored.0))
    }

    /// Positions on one issue, in key order.
    pub fn on_issue<'a>(&'a self, issue: &'a IssueId) -> impl Iterator<Item = &'a Position> + 'a {
        self.by_issue.get(issue).into_iter().flat_map(|part| part.iter().map(|stored| &stored.0))
    }

    /// Keeps only the positions for which `keep` returns true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Position) -> bool) {
        for (issue, part) in &mut self.by_issue {
            // Decide once per position; copy a shared part only when something goes.
            let decisions: Vec<bool> = part.iter().map(|stored| keep(&stored.0)).collect();
            if decisions.contains(&false) {
                let mut decision = decisions.into_iter();
                Arc::make_mut(part).retain(|_| decision.next().unwrap_or(true));
                self.versions.insert(issue.clone(), next_version());
                if self.evidence_versions.contains_key(issue) {
                    self.evidence_versions.insert(issue.clone(), next_version());
                }
            }
        }
        self.by_issue.retain(|_, part| !part.is_empty());
        let by_issue = &self.by_issue;
        self.versions.retain(|issue, _| by_issue.contains_key(issue));
        self.evidence_versions.retain(|issue, _| by_issue.contains_key(issue));
    }
}

/// Positions grouped by issue, in the order they came, for [`Positions::from_groups`].
#[derive(Default)]
struct Groups(BTreeMap<IssueId, Vec<Stored>>);

impl Groups {
    fn push(&mut self, position: Position) {
        match self.0.get_mut(&position.issue) {
            Some(list) => list.push(Stored(position)),
            None => {
                self.0.insert(position.issue.clone(), vec![Stored(position)]);
            }
        }
    }
}

impl FromIterator<Position> for Positions {
    /// Positions in any order; of two with one key, the later is kept (as [`Positions::insert`]
    /// would keep it).
    fn from_iter<T: IntoIterator<Item = Position>>(iter: T) -> Self {
        Self::build(iter, |_| Ok::<(), std::convert::Infallible>(())).unwrap_or_else(|never| match never {})
    }
}

impl Positions {
    /// Builds the positions in bulk: grouped by issue, each issue's list sorted (lists read from
    /// files are runs already in key order, which the stable sort merges in few comparisons) and
    /// its set built from the sorted list in one pass, instead of one tree insertion each (200,000
    /// positions of 50 coding files: the insertions were a third of opening a team folder).
    /// `on_duplicate` is asked about each position whose key an earlier one has: an error stops
    /// the build, `Ok` keeps the later one.
    fn build<E>(
        iter: impl IntoIterator<Item = Position>,
        on_duplicate: impl FnMut(&Position) -> Result<(), E>,
    ) -> Result<Self, E> {
        let mut groups = Groups::default();
        for position in iter {
            groups.push(position);
        }
        Self::from_groups(groups, on_duplicate)
    }

    /// [`Positions::build`] from positions already grouped by issue.
    fn from_groups<E>(groups: Groups, mut on_duplicate: impl FnMut(&Position) -> Result<(), E>) -> Result<Self, E> {
        let by_issue = groups.0;
        let mut positions = Self::default();
        for (issue, mut list) in by_issue {
            // Stable: of equal keys, the later stays later.
            list.sort();
            let mut kept: Vec<Stored> = Vec::with_capacity(list.len());
            for stored in list {
                match kept.last_mut() {
                    Some(last) if *last == stored => {
                        on_duplicate(&stored.0)?;
                        *last = stored;
                    }
                    _ => kept.push(stored),
                }
            }
            positions.versions.insert(issue.clone(), next_version());
            positions.by_issue.insert(issue, Arc::new(kept.into_iter().collect()));
        }
        Ok(positions)
    }
}

impl Serialize for Positions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Positions {
    /// Reads the list one position at a time, counting each for a progress bar
    /// (`model::progress`) and grouping it by issue, then sorts each issue's set in bulk (faster
    /// than a tree insertion each).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct List;
        impl<'de> serde::de::Visitor<'de> for List {
            type Value = Positions;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a list of positions")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                // Grouped by issue as they are read: a list of all of them beside the groups
                // held every position twice at the peak of a load (92 MB at 500,000).
                let mut groups = Groups::default();
                while let Some(position) = seq.next_element::<Position>()? {
                    if !super::progress::tick() {
                        return Err(serde::de::Error::custom(super::progress::CANCELLED));
                    }
                    groups.push(position);
                }
                Positions::from_groups(groups, |duplicate| {
                    let article = duplicate.article.as_ref().map_or("overall", ArticleId::as_str);
                    Err(serde::de::Error::custom(format!(
                        "two positions for actor {:?} on issue {:?} in article {:?} by coder {:?}",
                        duplicate.actor.as_str(),
                        duplicate.issue.as_str(),
                        article,
                        duplicate.coder.as_str()
                    )))
                })
            }
        }
        deserializer.deserialize_seq(List)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(issue: &str, actor: &str, value: f64) -> Position {
        Position { issue: issue.into(), actor: actor.into(), coder: "c".into(), value, ..Position::default() }
    }

    #[test]
    fn an_issue_version_changes_with_that_issue_only() {
        let mut positions: Positions = [position("a", "x", 1.0), position("b", "x", 2.0)].into_iter().collect();
        let (a, b) = (positions.issue_version(&"a".into()), positions.issue_version(&"b".into()));
        assert!(a != 0 && b != 0 && a != b);
        positions.insert(position("b", "x", 5.0));
        assert_eq!(positions.issue_version(&"a".into()), a);
        let b_moved = positions.issue_version(&"b".into());
        assert_ne!(b_moved, b);
        let copy = positions.clone();
        assert_eq!(copy.issue_version(&"b".into()), b_moved, "a clone has the same positions");
        positions.remove(&position("a", "x", 0.0).key());
        assert_eq!(positions.issue_version(&"a".into()), 0);
        positions.retain(|p| p.value < 3.0);
        assert_eq!(positions.issue_version(&"b".into()), 0, "b emptied");
        assert_eq!(positions, Positions::default());
    }

    #[test]
    fn the_evidence_version_changes_with_quotes_and_not_with_values() {
        let quoted = |value: f64, start: usize| Position {
            evidence: vec![Evidence { start, end: start + 1, quote: "x".into() }],
            ..position("a", "x", value)
        };
        let mut positions: Positions = [position("a", "y", 1.0)].into_iter().collect();
        assert_eq!(positions.evidence_version(&"a".into()), 0, "no quote yet");
        positions.insert(position("a", "y", 2.0));
        assert_eq!(positions.evidence_version(&"a".into()), 0, "a value moved");
        positions.insert(quoted(1.0, 0));
        let first = positions.evidence_version(&"a".into());
        assert_ne!(first, 0, "a quoted position came");
        positions.insert(quoted(5.0, 0));
        assert_eq!(positions.evidence_version(&"a".into()), first, "only its value moved");
        positions.insert(quoted(5.0, 3));
        let moved = positions.evidence_version(&"a".into());
        assert_ne!(moved, first, "its quote changed");
        positions.remove(&position("a", "y", 0.0).key());
        assert_eq!(positions.evidence_version(&"a".into()), moved, "an unquoted position went");
        positions.insert(position("a", "y", 2.0));
        positions.remove(&position("a", "x", 0.0).key());
        assert_ne!(positions.evidence_version(&"a".into()), moved, "the quoted position went");
        positions.insert(quoted(1.0, 0));
        let before = positions.evidence_version(&"a".into());
        positions.retain(|p| p.evidence.is_empty());
        assert_ne!(positions.evidence_version(&"a".into()), before, "retain took the quote away");
    }

    #[test]
    fn on_issue_returns_only_that_issue() {
        let positions: Positions =
            [position("b", "x", 1.0), position("a", "x", 2.0), position("b", "y", 3.0), position("c", "x", 4.0)]
                .into_iter()
                .collect();
        let values: Vec<f64> = positions.on_issue(&"b".into()).map(|p| p.value).collect();
        assert_eq!(values, vec![1.0, 3.0]);
    }

    #[test]
    fn a_clone_shares_until_changed_and_then_differs_only_where_changed() {
        let original: Positions =
            [position("a", "x", 1.0), position("b", "x", 2.0), position("b", "y", 3.0)].into_iter().collect();
        let mut changed = original.clone();
        changed.insert(position("b", "x", 9.0));
        assert_eq!(original.get(&position("b", "x", 0.0).key()).map(|p| p.value), Some(2.0));
        assert_eq!(changed.get(&position("b", "x", 0.0).key()).map(|p| p.value), Some(9.0));
        assert!(
            Arc::ptr_eq(&original.by_issue[&IssueId::from("a")], &changed.by_issue[&IssueId::from("a")]),
            "issue a is still shared"
        );
        changed.retain(|p| p.actor.as_str() != "y");
        changed.remove(&position("a", "x", 0.0).key());
        assert_eq!(changed.len(), 1);
        assert_eq!(original.len(), 3);
        changed.remove(&position("b", "x", 0.0).key());
        assert!(changed.is_empty());
        assert_eq!(changed, Positions::default(), "no empty parts are left behind");
    }

    #[test]
    fn positions_come_in_key_order_and_are_found_replaced_and_removed_by_key() {
        let mut list = Vec::new();
        for (issue, actor, article, coder) in [
            ("b", "y", Some("2"), "c"),
            ("a", "y", None, "d"),
            ("b", "x", Some("1"), "d"),
            ("b", "x", None, "c"),
            ("a", "x", Some("1"), "c"),
            ("b", "x", Some("1"), "c"),
        ] {
            let key = PositionKey {
                issue: issue.into(),
                actor: actor.into(),
                article: article.map(ArticleId::from),
                coder: coder.into(),
            };
            list.push(Position::new(&key, list.len() as f64));
        }
        let mut positions: Positions = list.iter().cloned().collect();
        let mut keys: Vec<PositionKey> = list.iter().map(Position::key).collect();
        keys.sort();
        assert_eq!(positions.iter().map(Position::key).collect::<Vec<_>>(), keys, "ordered as PositionKey");
        for position in &list {
            assert_eq!(positions.get(&position.key()), Some(position));
        }
        let replaced = positions.insert(Position { value: 50.0, ..list[2].clone() });
        assert_eq!(replaced.as_ref(), Some(&list[2]));
        assert_eq!(positions.get(&list[2].key()).map(|p| p.value), Some(50.0));
        assert_eq!(positions.len(), list.len());
        assert_ne!(positions, list.iter().cloned().collect(), "a changed value makes them differ");
        assert_eq!(positions.remove(&list[3].key()).as_ref(), Some(&list[3]));
        assert_eq!(positions.get(&list[3].key()), None);
        assert_eq!(positions.remove(&list[3].key()), None);
    }

    #[test]
    fn duplicate_keys_are_refused_on_load() {
        let json = r#"[{"actor":"x","issue":"a","coder":"c","value":1},
                       {"actor":"x","issue":"a","coder":"c","value":2}]"#;
        let error = serde_json::from_str::<Positions>(json).unwrap_err().to_string();
        assert!(error.contains("two positions for actor \"x\""), "{error}");
    }
}
