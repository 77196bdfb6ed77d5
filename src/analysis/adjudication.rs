//! The adjudication queue: units (article x actor x issue) coded by two coders or more whose values
//! lie further apart than a threshold, largest gap first, for the lead to settle one by one.
//!
//! Gaps are measured in percent of the issue's scale, so one threshold serves issues on 0-100,
//! -1..1 or 1-7 scales alike. A pass over the positions finds every unit: positions are stored in
//! (issue, actor, article, coder) order, so one unit's coders are neighbours and no map is built.

use crate::model::consensus::{self, Unit};
use crate::model::{CoderId, IssueId, Position, Project};

/// The gap (percent of the scale) above which a unit needs a decision, unless the user changes it.
pub const DEFAULT_THRESHOLD: f64 = 20.0;

/// Which units the queue holds.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueOptions {
    /// Units whose coders lie more than this far apart (percent of the issue's scale).
    pub threshold: f64,
    /// Only this issue's units.
    pub issue: Option<IssueId>,
    /// Only units both coders coded, their gap measured between the two.
    pub pair: Option<(CoderId, CoderId)>,
    /// Keep units that already have a consensus in the queue (to revisit or undo them).
    pub show_settled: bool,
}

impl Default for QueueOptions {
    fn default() -> Self {
        Self { threshold: DEFAULT_THRESHOLD, issue: None, pair: None, show_settled: false }
    }
}

/// One unit waiting for (or, shown settled, having) a decision.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueEntry {
    /// The unit.
    pub unit: Unit,
    /// How far apart its coders lie, in percent of the issue's scale.
    pub gap: f64,
    /// How many coders coded it.
    pub coders: usize,
    /// True when it has a consensus.
    pub settled: bool,
}

/// The queue and how far adjudication has come.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Queue {
    /// The units to show, largest gap first.
    pub entries: Vec<QueueEntry>,
    /// Units whose coders disagree beyond the threshold (settled or not), under the filters.
    pub disagreeing: usize,
    /// Of those, how many have a consensus.
    pub settled: usize,
}

impl Queue {
    /// The queue of `project` under `options`.
    pub fn of(project: &Project, options: &QueueOptions) -> Self {
        let mut queue = Queue::default();
        let issues: Vec<&crate::model::Issue> = match &options.issue {
            Some(id) => project.issue(id).into_iter().collect(),
            None => project.issues.iter().collect(),
        };
        for issue in issues {
            let span = issue.span();
            let mut group: Vec<&Position> = Vec::new();
            let mut flush = |group: &mut Vec<&Position>| {
                if let Some(entry) = entry_of(project, group, span, options) {
                    queue.disagreeing += 1;
                    queue.settled += usize::from(entry.settled);
                    if options.show_settled || !entry.settled {
                        queue.entries.push(entry);
                    }
                }
                group.clear();
            };
            for position in project.positions.on_issue(&issue.id).filter(|position| position.article.is_some()) {
                let same_unit = group
                    .first()
                    .is_some_and(|first| first.actor == position.actor && first.article == position.article);
                if !same_unit {
                    flush(&mut group);
                }
                group.push(position);
            }
            flush(&mut group);
        }
        queue.entries.sort_by(|a, b| b.gap.total_cmp(&a.gap).then_with(|| a.unit.cmp(&b.unit)));
        queue
    }
}

/// The entry for one unit's positions (all of one issue, actor and article), when its coders lie
/// further apart than the threshold.
fn entry_of(project: &Project, group: &[&Position], span: f64, options: &QueueOptions) -> Option<QueueEntry> {
    if group.len() < 2 {
        return None;
    }
    let (low, high) = match &options.pair {
        Some((first, second)) => {
            let value_of = |coder: &CoderId| group.iter().find(|position| &position.coder == coder).map(|p| p.value);
            let (a, b) = (value_of(first)?, value_of(second)?);
            (a.min(b), a.max(b))
        }
        None => group.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), position| {
            (low.min(position.value), high.max(position.value))
        }),
    };
    let gap = (high - low) / span * 100.0;
    if gap <= options.threshold {
        return None;
    }
    let unit = Unit::of_position(group[0])?;
    let settled = consensus::find(&project.consensus, &unit).is_some();
    Some(QueueEntry { unit, gap, coders: group.len(), settled })
}

/// Every coder's position on `unit`, in the project's coder order (coders not in the list last).
pub fn coders_on<'a>(project: &'a Project, unit: &Unit) -> Vec<&'a Position> {
    let Some(issue) = project.issue(&unit.issue) else { return Vec::new() };
    let mut positions: Vec<&Position> = project
        .positions
        .on_issue(&issue.id)
        .filter(|position| position.actor == unit.actor && position.article.as_ref() == Some(&unit.article))
        .collect();
    let rank = |coder: &CoderId| project.coders.iter().position(|c| &c.id == coder).unwrap_or(usize::MAX);
    positions.sort_by_key(|position| rank(&position.coder));
    positions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::consensus::Consensus;
    use crate::model::{Actor, Article, Coder, Issue, PositionKey};

    fn project() -> Project {
        let mut project = Project {
            coders: ["ann", "bob", "cem"].map(|id| Coder { id: id.into(), name: id.to_uppercase() }).to_vec(),
            actors: vec![Actor { id: "ru".into(), name: "Russia".into(), ..Actor::default() }],
            issues: vec![
                Issue { id: "nato".into(), name: "NATO".into(), ..Issue::default() },
                Issue { id: "aid".into(), name: "Aid".into(), scale_min: -1.0, scale_max: 1.0, ..Issue::default() },
            ],
            articles: ["a1", "a2", "a3"].map(|id| Article { id: id.into(), ..Article::default() }).to_vec(),
            ..Project::default()
        };
        let mut code = |issue: &str, article: &str, coder: &str, value: f64| {
            let key = PositionKey {
                issue: issue.into(),
                actor: "ru".into(),
                article: Some(article.into()),
                coder: coder.into(),
            };
            project.positions.insert(Position::new(&key, value));
        };
        code("nato", "a1", "ann", 10.0);
        code("nato", "a1", "bob", 80.0); // gap 70
        code("nato", "a2", "ann", 50.0);
        code("nato", "a2", "bob", 60.0); // gap 10: agreement
        code("nato", "a3", "ann", 20.0); // one coder only
        code("aid", "a1", "ann", -1.0);
        code("aid", "a1", "cem", 0.0); // gap 50 % of the -1..1 scale
        project
    }

    #[test]
    fn units_beyond_the_threshold_come_largest_gap_first() {
        let project = project();
        let queue = Queue::of(&project, &QueueOptions::default());
        let found: Vec<(&str, &str, f64)> =
            queue.entries.iter().map(|e| (e.unit.issue.as_str(), e.unit.article.as_str(), e.gap)).collect();
        assert_eq!(found, [("nato", "a1", 70.0), ("aid", "a1", 50.0)]);
        assert_eq!((queue.disagreeing, queue.settled), (2, 0));
        let strict = Queue::of(&project, &QueueOptions { threshold: 5.0, ..QueueOptions::default() });
        assert_eq!(strict.entries.len(), 3, "the 10-point gap counts at 5");
        let aid_only = Queue::of(&project, &QueueOptions { issue: Some("aid".into()), ..QueueOptions::default() });
        assert_eq!(aid_only.entries.len(), 1);
        let pair = Some(("ann".into(), "cem".into()));
        let pair_only = Queue::of(&project, &QueueOptions { pair, ..QueueOptions::default() });
        assert_eq!(pair_only.entries.iter().map(|e| e.unit.issue.as_str()).collect::<Vec<_>>(), ["aid"]);
    }

    #[test]
    fn settled_units_leave_the_queue_unless_shown() {
        let mut project = project();
        let unit = Unit { issue: "nato".into(), actor: "ru".into(), article: "a1".into() };
        let decision = Consensus { value: 80.0, decided_by: "ann".into(), ..Consensus::default() };
        consensus::put(&mut project.consensus, &unit, Some(decision));
        let queue = Queue::of(&project, &QueueOptions::default());
        assert_eq!(queue.entries.len(), 1);
        assert_eq!((queue.disagreeing, queue.settled), (2, 1));
        let all = Queue::of(&project, &QueueOptions { show_settled: true, ..QueueOptions::default() });
        assert_eq!(all.entries.len(), 2);
        assert!(all.entries[0].settled);
        let coders: Vec<&str> = coders_on(&project, &unit).iter().map(|p| p.coder.as_str()).collect();
        assert_eq!(coders, ["ann", "bob"]);
    }
}
