//! The map view: two issues against each other, each on its own scale, a labelled point per actor.

use super::{AxisValue, LegendEntry, PointSource, legend, percent_of_scale};
use crate::model::{ActorId, Issue, IssueId, Project};

/// Two issues against each other: x and y on each issue's own scale.
#[derive(Clone, Debug, PartialEq)]
pub struct MapFigure {
    /// The title (may be empty).
    pub title: String,
    /// The line under the title saying what the points are.
    pub caption: String,
    /// The horizontal axis.
    pub x: MapAxis,
    /// The vertical axis.
    pub y: MapAxis,
    /// The actors with a value on both issues, in project order.
    pub points: Vec<MapPoint>,
    /// The actors of [`MapFigure::points`], in the same order.
    pub legend: Vec<LegendEntry>,
}

/// One axis of the map: an issue and its scale.
#[derive(Clone, Debug, PartialEq)]
pub struct MapAxis {
    /// The issue.
    pub issue: IssueId,
    /// Its display name.
    pub name: String,
    /// The label of its low pole.
    pub low_label: String,
    /// The label of its high pole.
    pub high_label: String,
    /// The scale, low to high, in the issue's units.
    pub bounds: (f64, f64),
    /// About five round values inside the scale to mark: multiples of 1, 2, 2.5 or 5 × 10ⁿ.
    pub ticks: Vec<Tick>,
}

/// A marked value on an axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    /// The value, in the issue's units.
    pub value: f64,
    /// The value as % of the issue's scale.
    pub percent: f64,
}

/// One actor on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPoint {
    /// The actor (see [`MapFigure::entry`]).
    pub actor: ActorId,
    /// Its value on the x issue.
    pub x: AxisValue,
    /// Its value on the y issue.
    pub y: AxisValue,
}

impl MapFigure {
    /// Leaves out the actors `filter` hides (their points and legend entries).
    pub fn hide_actors(&mut self, filter: &super::Filter) {
        self.points.retain(|point| filter.shows_actor(&point.actor));
        self.legend.retain(|entry| filter.shows_actor(&entry.actor));
    }

    /// The legend entry of `actor`.
    pub fn entry(&self, actor: &ActorId) -> Option<&LegendEntry> {
        self.legend.iter().find(|entry| &entry.actor == actor)
    }
}

/// The map of issue `x` against issue `y` from `source`'s points; `None` when the project lacks
/// either issue. `heading` is the title, with the source's caption under it; `None` builds a figure
/// without either (see [`super::strip_figure`]).
pub fn map_figure(
    project: &Project,
    x: &IssueId,
    y: &IssueId,
    source: PointSource<'_>,
    heading: Option<&str>,
) -> Option<MapFigure> {
    Some(map_figure_of(project, project.issue(x)?, project.issue(y)?, source, heading))
}

/// [`map_figure`] on issues given directly (which need not be the project's).
fn map_figure_of(
    project: &Project,
    x_issue: &Issue,
    y_issue: &Issue,
    source: PointSource<'_>,
    heading: Option<&str>,
) -> MapFigure {
    let lookup = source.lookup();
    let points: Vec<MapPoint> = project
        .actors
        .iter()
        .filter_map(|actor| {
            let x = lookup.axis_value(project, &actor.id, x_issue)?;
            let y = lookup.axis_value(project, &actor.id, y_issue)?;
            Some(MapPoint { actor: actor.id.clone(), x, y })
        })
        .collect();
    let legend = legend(project, |actor| points.iter().any(|point| &point.actor == actor));
    let (title, caption) = super::heading(project, source, heading);
    MapFigure { title, caption, x: MapAxis::of(x_issue), y: MapAxis::of(y_issue), points, legend }
}

impl MapAxis {
    pub(super) fn of(issue: &Issue) -> Self {
        let ticks = nice_ticks(issue)
            .into_iter()
            .map(|value| Tick { value, percent: percent_of_scale(issue, value) })
            .collect();
        Self {
            issue: issue.id.clone(),
            name: issue.name.clone(),
            low_label: issue.low_label.clone(),
            high_label: issue.high_label.clone(),
            bounds: issue.bounds(),
            ticks,
        }
    }
}

/// About five round tick values inside the issue's scale: multiples of 1, 2, 2.5 or 5 × 10ⁿ, the
/// step nearest a quarter of the scale (0/25/50/75/100 on 0–100, −5/−2.5/0/2.5/5 on −5–5).
pub(super) fn nice_ticks(issue: &Issue) -> Vec<f64> {
    let (low, high) = issue.bounds();
    let raw = issue.span() / 4.0;
    if !raw.is_finite() || raw <= 0.0 || !low.is_finite() {
        return vec![low];
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .min_by(|a, b| (a.ln() - raw.ln()).abs().total_cmp(&(b.ln() - raw.ln()).abs()))
        .unwrap_or(raw);
    let first = (low / step - 1e-9).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    if last < first || last - first > 20 {
        return vec![low, high];
    }
    (first..=last).map(|k| k as f64 * step).collect()
}
