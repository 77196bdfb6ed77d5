//! The all-issues view: one row per issue, a point per actor at its % of the issue's scale.

use super::{AxisValue, LegendEntry, PointLookup, PointSource, legend};
use crate::model::{ActorId, Issue, IssueId, Project};

/// Every issue at once (first issue first), each actor's value on each issue.
#[derive(Clone, Debug, PartialEq)]
pub struct StripFigure {
    /// The title (may be empty).
    pub title: String,
    /// The line under the title saying what the points are.
    pub caption: String,
    /// One row per issue of the project, in project order (empty rows included).
    pub rows: Vec<StripRow>,
    /// The actors with a point in some row, in project order.
    pub legend: Vec<LegendEntry>,
}

/// One issue's row.
#[derive(Clone, Debug, PartialEq)]
pub struct StripRow {
    /// The issue.
    pub issue: IssueId,
    /// Its display name.
    pub name: String,
    /// The label of its low pole (left).
    pub low_label: String,
    /// The label of its high pole (right).
    pub high_label: String,
    /// The actors with a value on this issue, in project order.
    pub points: Vec<StripPoint>,
}

/// One actor's point in a row.
#[derive(Clone, Debug, PartialEq)]
pub struct StripPoint {
    /// The actor (see [`StripFigure::entry`]).
    pub actor: ActorId,
    /// Its value on the row's issue.
    pub at: AxisValue,
}

impl StripFigure {
    /// Leaves out the actors `filter` hides (their points and legend entries).
    pub fn hide_actors(&mut self, filter: &super::Filter) {
        for row in &mut self.rows {
            row.points.retain(|point| filter.shows_actor(&point.actor));
        }
        self.legend.retain(|entry| filter.shows_actor(&entry.actor));
    }

    /// The legend entry of `actor`.
    pub fn entry(&self, actor: &ActorId) -> Option<&LegendEntry> {
        self.legend.iter().find(|entry| &entry.actor == actor)
    }
}

impl StripRow {
    /// `actor`'s point in this row.
    pub fn point(&self, actor: &ActorId) -> Option<&StripPoint> {
        self.points.iter().find(|point| &point.actor == actor)
    }
}

/// The all-issues figure of `source`'s points. `heading` is the title, with the source's caption
/// under it; `None` builds a figure without either, for a view that draws no heading (the plot
/// panel), which spares the caption's pass over every position each frame.
pub fn strip_figure(project: &Project, source: PointSource<'_>, heading: Option<&str>) -> StripFigure {
    strip_figure_with_rows(project, source, heading, |issue, lookup| strip_row(project, lookup, issue))
}

/// [`strip_figure`] with each issue's row made by `row` (which may hand back a row it kept from an
/// earlier frame: the plot panel keeps rows while their issue's positions stay the same).
pub fn strip_figure_with_rows(
    project: &Project,
    source: PointSource<'_>,
    heading: Option<&str>,
    mut row: impl FnMut(&Issue, &PointLookup<'_>) -> StripRow,
) -> StripFigure {
    let lookup = source.lookup();
    let rows: Vec<StripRow> = project.issues.iter().map(|issue| row(issue, &lookup)).collect();
    let legend = legend(project, |actor| rows.iter().any(|row| row.point(actor).is_some()));
    let (title, caption) = super::heading(project, source, heading);
    StripFigure { title, caption, rows, legend }
}

/// One issue's row of the all-issues figure: every actor with a value in `lookup`.
pub fn strip_row(project: &Project, lookup: &PointLookup<'_>, issue: &Issue) -> StripRow {
    StripRow {
        issue: issue.id.clone(),
        name: issue.name.clone(),
        low_label: issue.low_label.clone(),
        high_label: issue.high_label.clone(),
        points: project
            .actors
            .iter()
            .filter_map(|actor| {
                let at = lookup.axis_value(project, &actor.id, issue)?;
                Some(StripPoint { actor: actor.id.clone(), at })
            })
            .collect(),
    }
}
