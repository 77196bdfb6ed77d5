//! Aggregation of coded positions per actor and issue, over articles and coders.
//!
//! This module owns the descriptive statistics the position table and the CSV export show. For
//! each (actor, issue) with at least one selected position it reports `n`, the mean, the median
//! (the average of the two middle values when `n` is even), the sample standard deviation
//! `sqrt(Σ (x − mean)² / (n − 1))` (0 when `n = 1`), the minimum and maximum, and optionally the
//! confidence-weighted mean `Σ w x / Σ w` with `w = Confidence::weight()` (low 1, medium 2, high 3).
//!
//! Rules: positions are selected by coder (optional) and by whether overall judgements
//! (`article = None`) count. With roll-up on, an actor with a `parent` counts for its topmost
//! ancestor (a leader's positions count for their state; chains are followed, cycles and missing
//! parents stop the walk). Rows come in project actor order, then issue order; positions naming an
//! actor or issue the project does not have are left out. Non-finite values are ignored.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{ActorId, CoderId, IssueId, Position, Project};

/// Which positions to aggregate and how; the default has every switch off and takes all coders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AggregateOptions {
    /// Also compute the confidence-weighted mean.
    pub weighted: bool,
    /// Count positions of actors with a parent for their topmost ancestor.
    pub roll_up: bool,
    /// Only this coder's positions (all coders when `None`).
    pub coder: Option<CoderId>,
    /// Include overall judgements (positions with no article).
    pub include_overall: bool,
}

/// Summary of one actor's positions on one issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AggregateRow {
    /// The actor (after roll-up).
    pub actor: ActorId,
    /// The issue.
    pub issue: IssueId,
    /// Number of positions aggregated.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Confidence-weighted mean; `None` unless [`AggregateOptions::weighted`] is set.
    pub weighted_mean: Option<f64>,
    /// Median (mean of the two middle values for even `n`).
    pub median: f64,
    /// Sample standard deviation (n − 1 denominator); 0 for a single position.
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// How many evidence quotes the aggregated positions carry.
    pub evidence: usize,
}

/// The actor whose row `actor`'s positions count for under roll-up: its topmost ancestor among the
/// project's actors (itself when it has no parent, the parent is missing, or parents form a cycle).
pub fn roll_up_target(project: &Project, actor: &ActorId) -> ActorId {
    let mut current = actor.clone();
    let mut visited = vec![current.clone()];
    while let Some(parent) = project.actor(&current).and_then(|found| found.parent.clone()) {
        if project.actor(&parent).is_none() || visited.contains(&parent) {
            break;
        }
        visited.push(parent.clone());
        current = parent;
    }
    current
}

/// One (actor, issue)'s values with their confidence weights, and its evidence count.
type Group = (Vec<(f64, f64)>, usize);

/// Aggregates `project`'s positions per actor × issue (see the module doc).
pub fn aggregate(project: &Project, options: &AggregateOptions) -> Vec<AggregateRow> {
    aggregate_where(project, options, |_| true)
}

/// [`aggregate`] over only the positions `keep` accepts (e.g. a figure's source and date filters).
pub fn aggregate_where(
    project: &Project,
    options: &AggregateOptions,
    keep: impl Fn(&Position) -> bool,
) -> Vec<AggregateRow> {
    let per_issue: Vec<Vec<AggregateRow>> =
        project.positions.issues().map(|issue| aggregate_issue_where(project, options, issue, &keep)).collect();
    in_actor_order(project, per_issue.iter().map(Vec::as_slice))
}

/// The rows of [`aggregate`] on one issue, in project actor order: what an edit of that issue's
/// positions changes, so that a cache of every issue's rows recomputes one issue per edit.
pub fn aggregate_issue(project: &Project, options: &AggregateOptions, issue: &IssueId) -> Vec<AggregateRow> {
    aggregate_issue_where(project, options, issue, &|_| true)
}

fn aggregate_issue_where(
    project: &Project,
    options: &AggregateOptions,
    issue: &IssueId,
    keep: &impl Fn(&Position) -> bool,
) -> Vec<AggregateRow> {
    if project.issue(issue).is_none() {
        return Vec::new();
    }
    // actor → [(value, confidence weight)] and the evidence count
    let mut groups: HashMap<ActorId, Group> = HashMap::new();
    for position in project.positions.on_issue(issue) {
        if !keep(position)
            || options.coder.as_ref().is_some_and(|coder| coder != &position.coder)
            || (position.article.is_none() && !options.include_overall)
            || !position.value.is_finite()
        {
            continue;
        }
        let actor = if options.roll_up { roll_up_target(project, &position.actor) } else { position.actor.clone() };
        let group = groups.entry(actor).or_default();
        group.0.push((position.value, position.confidence.weight()));
        group.1 += position.evidence.len();
    }
    project
        .actors
        .iter()
        .filter_map(|actor| {
            let (values, evidence) = groups.get(&actor.id)?;
            let row = summarise(&actor.id, issue, values, options.weighted)?;
            Some(AggregateRow { evidence: *evidence, ..row })
        })
        .collect()
}

/// Rows of several issues' [`aggregate_issue`] in the order [`aggregate`] returns them: project
/// actor order, then issue order.
pub fn in_actor_order<'a>(project: &Project, parts: impl IntoIterator<Item = &'a [AggregateRow]>) -> Vec<AggregateRow> {
    let actor_index: HashMap<&ActorId, usize> =
        project.actors.iter().enumerate().map(|(index, actor)| (&actor.id, index)).collect();
    let issue_index: HashMap<&IssueId, usize> =
        project.issues.iter().enumerate().map(|(index, issue)| (&issue.id, index)).collect();
    let mut rows: Vec<(usize, usize, &AggregateRow)> = parts
        .into_iter()
        .flatten()
        .filter_map(|row| Some((*actor_index.get(&row.actor)?, *issue_index.get(&row.issue)?, row)))
        .collect();
    rows.sort_unstable_by_key(|(actor, issue, _)| (*actor, *issue));
    rows.into_iter().map(|(_, _, row)| row.clone()).collect()
}

fn summarise(actor: &ActorId, issue: &IssueId, values: &[(f64, f64)], weighted: bool) -> Option<AggregateRow> {
    let mut sorted: Vec<f64> = values.iter().map(|(value, _)| *value).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let (first, last) = (*sorted.first()?, *sorted.last()?);
    let count = n as f64;
    let mean = sorted.iter().sum::<f64>() / count;
    let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
    let sd = if n > 1 {
        (sorted.iter().map(|value| (value - mean).powi(2)).sum::<f64>() / (count - 1.0)).sqrt()
    } else {
        0.0
    };
    let weighted_mean = weighted.then(|| {
        let total: f64 = values.iter().map(|(_, weight)| weight).sum();
        values.iter().map(|(value, weight)| value * weight).sum::<f64>() / total
    });
    Some(AggregateRow {
        actor: actor.clone(),
        issue: issue.clone(),
        n,
        mean,
        weighted_mean,
        median,
        sd,
        min: first,
        max: last,
        evidence: 0,
    })
}

/// The rows as CSV with a header: `actor,issue,n,mean,weighted_mean,median,sd,min,max`, actor and
/// issue by display name (id when the project lacks them); `weighted_mean` is empty when not
/// computed. Numbers use Rust's shortest round-trip formatting.
pub fn to_csv(rows: &[AggregateRow], project: &Project) -> String {
    write_csv(rows, project).unwrap_or_else(|error| format!("error writing CSV: {error}\n"))
}

fn write_csv(rows: &[AggregateRow], project: &Project) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["actor", "issue", "n", "mean", "weighted_mean", "median", "sd", "min", "max"])?;
    for row in rows {
        let actor = project.actor(&row.actor).map_or_else(|| row.actor.to_string(), |a| a.name.clone());
        let issue = project.issue(&row.issue).map_or_else(|| row.issue.to_string(), |i| i.name.clone());
        writer.write_record([
            actor,
            issue,
            row.n.to_string(),
            row.mean.to_string(),
            row.weighted_mean.map(|value| value.to_string()).unwrap_or_default(),
            row.median.to_string(),
            row.sd.to_string(),
            row.min.to_string(),
            row.max.to_string(),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Confidence, Position};

    fn project() -> Project {
        let mut project = crate::model::presets::new_project("t");
        project.actors.push(Actor {
            id: "trump".into(),
            name: "Donald Trump".into(),
            kind: ActorKind::Person,
            parent: Some("united-states".into()),
            ..Actor::default()
        });
        let position =
            |actor: &str, issue: &str, article: Option<&str>, coder: &str, value: f64, confidence| Position {
                actor: actor.into(),
                issue: issue.into(),
                article: article.map(Into::into),
                coder: coder.into(),
                value,
                confidence,
                ..Position::default()
            };
        for p in [
            position("united-states", "nato-membership", Some("a1"), "analyst", 20.0, Confidence::High),
            position("united-states", "nato-membership", Some("a2"), "analyst", 40.0, Confidence::Low),
            position("united-states", "nato-membership", Some("a2"), "bob", 30.0, Confidence::Medium),
            position("trump", "nato-membership", Some("a3"), "analyst", 10.0, Confidence::Medium),
            position("united-states", "nato-membership", None, "analyst", 90.0, Confidence::Medium),
            position("russia", "ceding-territory", Some("a1"), "analyst", 95.0, Confidence::Low),
            position("russia", "nato-membership", Some("a1"), "analyst", 5.0, Confidence::Low),
        ] {
            project.positions.insert(p);
        }
        project
    }

    #[test]
    fn statistics_by_hand() {
        let project = project();
        let rows = aggregate(&project, &AggregateOptions { weighted: true, ..AggregateOptions::default() });
        // Order: United States/NATO, Russia/NATO, Russia/territory, Trump/NATO.
        let keys: Vec<(&str, &str)> = rows.iter().map(|r| (r.actor.as_str(), r.issue.as_str())).collect();
        assert_eq!(
            keys,
            vec![
                ("united-states", "nato-membership"),
                ("russia", "nato-membership"),
                ("russia", "ceding-territory"),
                ("trump", "nato-membership"),
            ]
        );
        let us = &rows[0];
        // Values 20 (w3), 40 (w1), 30 (w2): mean 30, median 30, sd 10, weighted (60+40+60)/6.
        assert_eq!((us.n, us.mean, us.median, us.sd, us.min, us.max), (3, 30.0, 30.0, 10.0, 20.0, 40.0));
        assert_eq!(us.weighted_mean, Some(160.0 / 6.0));
        assert_eq!(rows[1].sd, 0.0);
        assert_eq!(rows[1].n, 1);
    }

    #[test]
    fn roll_up_coder_filter_and_overall() {
        let project = project();
        let options =
            AggregateOptions { roll_up: true, include_overall: true, coder: Some("analyst".into()), weighted: false };
        let rows = aggregate(&project, &options);
        let us = &rows[0];
        // 20, 40, 10 (Trump), 90 (overall): mean 40, median 30.
        assert_eq!((us.n, us.mean, us.median, us.min, us.max), (4, 40.0, 30.0, 10.0, 90.0));
        assert_eq!(us.weighted_mean, None);
        let expected_sd = ((400.0 + 0.0 + 900.0 + 2500.0) / 3.0f64).sqrt();
        assert!((us.sd - expected_sd).abs() < 1e-12);
        assert!(rows.iter().all(|row| row.actor.as_str() != "trump"));
    }

    #[test]
    fn roll_up_survives_cycles_and_missing_parents() {
        let project = Project {
            actors: vec![
                Actor { id: "a".into(), parent: Some("b".into()), ..Actor::default() },
                Actor { id: "b".into(), parent: Some("a".into()), ..Actor::default() },
                Actor { id: "c".into(), parent: Some("ghost".into()), ..Actor::default() },
            ],
            ..Project::default()
        };
        assert_eq!(roll_up_target(&project, &"a".into()).as_str(), "b");
        assert_eq!(roll_up_target(&project, &"c".into()).as_str(), "c");
    }

    #[test]
    fn csv_uses_names() {
        let project = project();
        let rows = aggregate(&project, &AggregateOptions::default());
        let csv = to_csv(&rows, &project);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("actor,issue,n,mean,weighted_mean,median,sd,min,max"));
        assert_eq!(lines.next(), Some("United States,Ukraine's NATO membership,3,30,,30,10,20,40"));
    }
}
