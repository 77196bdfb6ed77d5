//! What each figure shows, decided once and drawn by every backend.
//!
//! The plot panel (egui_plot) and the exports (SVG, PNG, HTML) draw the same four views: every
//! issue at once ([`StripFigure`](crate::figure::StripFigure), one row per issue), two issues
//! against each other ([`MapFigure`](crate::figure::MapFigure)), one issue across articles by date
//! ([`EvolutionFigure`](crate::figure::EvolutionFigure)) and the actor × actor distances
//! ([`DistanceFigure`](crate::figure::DistanceFigure)). This module owns their content — which actors
//! appear, their values in the issue's units and as % of the issue's scale, spreads, ticks, titles,
//! captions and legends — so a backend only chooses pixels. It never imports egui and never touches
//! files.
//!
//! Rules: actors and issues come in project order; an actor appears only where its source gives a
//! finite value, and in the legend only when it appears somewhere; values are not clamped (drawers
//! keep off-scale values inside their frame); a spread is kept only when both ends are finite and
//! differ, ordered low to high. The points come from a [`PointSource`](crate::figure::PointSource) the
//! caller picks, so cached aggregates are reused rather than recomputed.

mod distance;
mod evolution;
mod evolution_bins;
pub mod filter;
mod map;
mod strip;
pub mod style;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap, HashSet};

pub use distance::{DistanceCell, DistanceFigure, cluster_order, distance_figure};
pub use evolution::{
    EvolutionArticle, EvolutionFigure, EvolutionPoint, EvolutionSeries, evolution_figure, evolution_figure_resolved,
};
pub use evolution_bins::{
    BinnedSeries, BinnedValue, EvolutionBins, MIN_PER_CELL, MIN_PERIODS, Period, PeriodBin, bin_evolution,
    bin_evolution_by,
};
pub use filter::Filter;
pub use map::{MapAxis, MapFigure, MapPoint, Tick, map_figure};
pub use strip::{StripFigure, StripPoint, StripRow, strip_figure, strip_figure_with_rows, strip_row};
pub use style::Shape;

use crate::analysis::aggregate::{self, AggregateOptions, AggregateRow};
use crate::model::{ActorId, ArticleId, CoderId, Issue, IssueId, PositionKey, Project, Rgb};

/// Where `value` lies on `issue`'s scale in percent: 0 at the low pole, 100 at the high pole
/// (outside 0–100 when the value is off the scale). The one place this formula lives.
pub fn percent_of_scale(issue: &Issue, value: f64) -> f64 {
    (value - issue.bounds().0) / issue.span() * 100.0
}

/// Which positions a figure plots.
#[derive(Clone, Copy, Debug)]
pub enum PointSource<'a> {
    /// One coder's positions for one article, or their overall judgements (`article: None`).
    Article {
        /// The article, or `None` for positions not coded from an article.
        article: Option<&'a ArticleId>,
        /// The coder.
        coder: &'a CoderId,
    },
    /// The means over all articles and coders with their min–max spread: rows as [`mean_rows`]
    /// computes them (pass a cached copy to avoid recomputing).
    Means(&'a [AggregateRow]),
    /// Points computed by the caller; when several name the same actor and issue, the first with a
    /// finite value counts.
    Points(&'a [FigurePoint]),
}

/// One actor's value on one issue given by the caller (see [`PointSource::Points`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FigurePoint {
    /// The actor.
    pub actor: ActorId,
    /// The issue.
    pub issue: IssueId,
    /// The plotted value, in the issue's units.
    pub value: f64,
    /// A range drawn as a thin bar through the dot (e.g. the min and max over articles).
    pub spread: Option<(f64, f64)>,
}

/// An actor's value on one issue, as a figure shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisValue {
    /// The value in the issue's units (finite).
    pub value: f64,
    /// The value as % of the issue's scale ([`percent_of_scale`]); not clamped.
    pub percent: f64,
    /// The range of the values behind a mean, when they differ.
    pub spread: Option<Spread>,
    /// How many positions the value stands for (1 for a single coded position or a caller's point).
    pub n: usize,
    /// How many evidence quotes those positions carry.
    pub evidence: usize,
}

/// A range of values on one issue (e.g. min and max over articles and coders); `low < high`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The lower end, in the issue's units.
    pub low: f64,
    /// The upper end, in the issue's units.
    pub high: f64,
    /// The lower end as % of the issue's scale.
    pub low_percent: f64,
    /// The upper end as % of the issue's scale.
    pub high_percent: f64,
}

/// One legend entry: an actor that appears in the figure.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The actor.
    pub actor: ActorId,
    /// Its display name.
    pub name: String,
    /// Its short marker label ("US", "Rus"), unique among the project's actors.
    pub marker_label: String,
    /// Its colour.
    pub colour: Rgb,
    /// Its marker shape (different for actors of the figure that share a colour).
    pub shape: Shape,
}

/// A figure of either view.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    /// Every issue at once.
    Strip(StripFigure),
    /// Two issues against each other (boxed: it is the larger by far).
    Map(Box<MapFigure>),
    /// One issue across articles by date.
    Evolution(Box<EvolutionFigure>),
    /// Distances between actors.
    Distance(Box<DistanceFigure>),
}

/// Which view a figure shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureView<'a> {
    /// Every issue at once.
    AllIssues,
    /// Two issues against each other, as the user chose them; an unset or unknown choice falls back
    /// to the first (x) or second (y) issue.
    Map {
        /// The issue chosen for the x axis.
        x: Option<&'a IssueId>,
        /// The issue chosen for the y axis.
        y: Option<&'a IssueId>,
    },
    /// One issue across articles (an unset or unknown choice falls back to the first issue).
    Evolution(Option<&'a IssueId>),
    /// Distances between actors over every issue.
    Distance,
}

/// A figure to make: the view, its points and its title; what [`figure_for`] turns into a [`Figure`].
#[derive(Clone, Copy, Debug)]
pub struct FigureRequest<'a> {
    /// Which view.
    pub view: FigureView<'a>,
    /// Which positions.
    pub source: PointSource<'a>,
    /// The title; `None` takes the project's title, or "StanceMap" when it has none.
    pub title: Option<&'a str>,
}

/// The figure `request` asks for, as the app exports "the plot the user is looking at".
///
/// A map needs two issues (after the fallbacks of [`FigureView::Map`]); without them the figure shows
/// all issues. A figure of one article needs that article: with no article, or one the project lacks,
/// it shows the means over all articles instead (computed here).
pub fn figure_for(project: &Project, request: &FigureRequest<'_>) -> Figure {
    let title = request.title.unwrap_or_else(|| default_title(project));
    let own_rows;
    let source = match request.source {
        PointSource::Article { article, .. } if article.and_then(|id| project.article(id)).is_none() => {
            own_rows = mean_rows(project);
            PointSource::Means(&own_rows)
        }
        source => source,
    };
    // The project's issue for a choice, else the issue at `fallback`.
    let chosen = |choice: Option<&IssueId>, fallback: usize| {
        choice.and_then(|id| project.issue(id)).or_else(|| project.issues.get(fallback)).map(|issue| &issue.id)
    };
    match request.view {
        FigureView::Map { x, y } => {
            if let (Some(x), Some(y)) = (chosen(x, 0), chosen(y, 1))
                && let Some(figure) = map_figure(project, x, y, source, Some(title))
            {
                return Figure::Map(Box::new(figure));
            }
        }
        FigureView::Evolution(issue) => {
            let filter = match request.source {
                PointSource::Article { coder, .. } => Filter { coder: Some(coder.clone()), ..Filter::default() },
                _ => Filter::default(),
            };
            if let Some(issue) = chosen(issue, 0)
                && let Some(figure) = evolution_figure(project, issue, &filter, Some(title))
            {
                return Figure::Evolution(Box::new(figure));
            }
        }
        FigureView::Distance => {
            let figure = distance_figure(project, source, &[], &|_| true, Some(title));
            return Figure::Distance(Box::new(figure));
        }
        FigureView::AllIssues => {}
    }
    Figure::Strip(strip_figure(project, source, Some(title)))
}

/// The title and caption of a figure with `heading` (see [`strip_figure`]).
fn heading(project: &Project, source: PointSource<'_>, heading: Option<&str>) -> (String, String) {
    heading.map_or_else(Default::default, |title| (title.to_owned(), source.caption(project)))
}

/// The project's title (trimmed), or "StanceMap" when it has none.
pub fn default_title(project: &Project) -> &str {
    match project.title.trim() {
        "" => "StanceMap",
        title => title,
    }
}

/// The aggregate rows a [`PointSource::Means`] expects: every article and coder, overall judgements
/// included (as the app's "All articles (mean)" plot), no roll-up, no weighting.
pub fn mean_rows(project: &Project) -> Vec<AggregateRow> {
    aggregate::aggregate(project, &AggregateOptions { include_overall: true, ..AggregateOptions::default() })
}

/// The caption of a means figure: "Mean position over 12 articles and 2 coders", noting overall
/// judgements when some count and the range bars when some row has a range.
pub fn means_caption(project: &Project, rows: &[AggregateRow]) -> String {
    let mut caption = means_basis(project);
    if rows.iter().any(|row| spread_of(row.min, row.max).is_some()) {
        caption.push_str("; bars show the range (min–max)");
    }
    caption
}

/// "Mean position over 12 articles and 2 coders" (with overall judgements when some count): what
/// means stand for, for figures that draw no range bars.
pub fn means_basis(project: &Project) -> String {
    let actors: HashSet<&ActorId> = project.actors.iter().map(|actor| &actor.id).collect();
    let issues: HashSet<&IssueId> = project.issues.iter().map(|issue| &issue.id).collect();
    let mut articles = BTreeSet::new();
    let mut coders = BTreeSet::new();
    let mut overall = false;
    for position in project.positions.iter() {
        if !position.value.is_finite() || !actors.contains(&position.actor) || !issues.contains(&position.issue) {
            continue;
        }
        coders.insert(&position.coder);
        match &position.article {
            Some(article) => {
                articles.insert(article);
            }
            None => overall = true,
        }
    }
    let mut caption = format!(
        "Mean position over {} and {}",
        crate::model::wording::count(articles.len(), "article", "articles"),
        crate::model::wording::count(coders.len(), "coder", "coders")
    );
    if overall {
        caption.push_str(", with overall judgements");
    }
    caption
}

/// The caption of one coder's positions: `Positions in “<article title>”, coded by <coder>`.
pub fn article_caption(project: &Project, article: Option<&ArticleId>, coder: &CoderId) -> String {
    let coder = project.coder(coder).map_or_else(|| coder.to_string(), |found| found.name.clone());
    match article {
        Some(id) => {
            let title = project.article(id).map_or_else(|| id.to_string(), |found| found.title.clone());
            format!("Positions in “{title}”, coded by {coder}")
        }
        None => format!("Overall positions, coded by {coder}"),
    }
}

impl<'a> PointSource<'a> {
    /// The caption a figure of these points gets (empty for caller's points, which have no story).
    pub fn caption(&self, project: &Project) -> String {
        match self {
            Self::Article { article, coder } => article_caption(project, *article, coder),
            Self::Means(rows) => means_caption(project, rows),
            Self::Points(_) => String::new(),
        }
    }

    /// `actor`'s value on `issue` in the issue's units, when finite. For many look-ups use
    /// [`Self::lookup`], which finds mean rows by map instead of scanning them.
    pub fn value(&self, project: &Project, actor: &ActorId, issue: &IssueId) -> Option<f64> {
        let row = match self {
            Self::Means(rows) => rows.iter().find(|row| &row.actor == actor && &row.issue == issue),
            _ => None,
        };
        self.sample(project, actor, issue, row).map(|sample| sample.value)
    }

    /// This source ready for many look-ups (a figure looks up every actor on every issue).
    pub fn lookup(self) -> PointLookup<'a> {
        let means = match self {
            Self::Means(rows) => rows.iter().map(|row| ((&row.actor, &row.issue), row)).collect(),
            _ => HashMap::new(),
        };
        let scratch = match self {
            Self::Article { article, coder } => {
                PositionKey { article: article.cloned(), coder: coder.clone(), ..PositionKey::default() }
            }
            _ => PositionKey::default(),
        };
        PointLookup { source: self, means, scratch: std::cell::RefCell::new(scratch) }
    }

    /// `actor`'s sample on `issue`; for means, `row` is their mean row (found by the caller).
    fn sample(
        &self,
        project: &Project,
        actor: &ActorId,
        issue: &IssueId,
        row: Option<&AggregateRow>,
    ) -> Option<Sample> {
        let sample = match self {
            Self::Article { article, coder } => {
                let key = PositionKey {
                    issue: issue.clone(),
                    actor: actor.clone(),
                    article: article.cloned(),
                    coder: (*coder).clone(),
                };
                return article_sample(project, &key);
            }
            Self::Means(_) => {
                let row = row?;
                Sample { value: row.mean, spread: spread_of(row.min, row.max), n: row.n, evidence: row.evidence }
            }
            Self::Points(points) => {
                let point = points
                    .iter()
                    .find(|point| &point.actor == actor && &point.issue == issue && point.value.is_finite())?;
                Sample {
                    value: point.value,
                    spread: point.spread.and_then(|(a, b)| spread_of(a, b)),
                    n: 1,
                    evidence: 0,
                }
            }
        };
        sample.value.is_finite().then_some(sample)
    }
}

/// A [`PointSource`] indexed for many look-ups: mean rows by (actor, issue), so a figure of sixty
/// actors on twenty issues does not scan 1,200 rows for each of its points every frame.
pub struct PointLookup<'a> {
    /// The source.
    pub source: PointSource<'a>,
    means: HashMap<(&'a ActorId, &'a IssueId), &'a AggregateRow>,
    /// The key of one coder's position in one article, its actor and issue overwritten per look-up
    /// (reusing its strings' buffers: a figure looks up 1,200 keys a frame).
    scratch: std::cell::RefCell<PositionKey>,
}

impl PointLookup<'_> {
    /// `actor`'s value on `issue` in the issue's units, when finite (as [`PointSource::value`]).
    pub fn value(&self, project: &Project, actor: &ActorId, issue: &IssueId) -> Option<f64> {
        self.sample(project, actor, issue).map(|sample| sample.value)
    }

    /// `actor`'s value on `issue` as a figure shows it.
    pub(super) fn axis_value(&self, project: &Project, actor: &ActorId, issue: &Issue) -> Option<AxisValue> {
        let sample = self.sample(project, actor, &issue.id)?;
        let spread = sample.spread.map(|(low, high)| Spread {
            low,
            high,
            low_percent: percent_of_scale(issue, low),
            high_percent: percent_of_scale(issue, high),
        });
        Some(AxisValue {
            value: sample.value,
            percent: percent_of_scale(issue, sample.value),
            spread,
            n: sample.n,
            evidence: sample.evidence,
        })
    }

    fn sample(&self, project: &Project, actor: &ActorId, issue: &IssueId) -> Option<Sample> {
        if let PointSource::Article { .. } = self.source {
            let mut key = self.scratch.borrow_mut();
            key.issue.0.clone_from(&issue.0);
            key.actor.0.clone_from(&actor.0);
            return article_sample(project, &key);
        }
        let row = self.means.get(&(actor, issue)).copied();
        self.source.sample(project, actor, issue, row)
    }
}

/// The coded position under `key` as a sample, when its value is finite.
fn article_sample(project: &Project, key: &PositionKey) -> Option<Sample> {
    let position = project.positions.get(key)?;
    let sample = Sample { value: position.value, spread: None, n: 1, evidence: position.evidence.len() };
    sample.value.is_finite().then_some(sample)
}

/// A value from a source before it is placed on an issue's scale.
struct Sample {
    value: f64,
    spread: Option<(f64, f64)>,
    n: usize,
    evidence: usize,
}

/// The range `a`–`b` ordered low to high, when both ends are finite and differ.
fn spread_of(a: f64, b: f64) -> Option<(f64, f64)> {
    (a.is_finite() && b.is_finite() && a != b).then(|| (a.min(b), a.max(b)))
}

/// The legend of `actors` that appear (`shown`), in project order, with unique short names and
/// shapes that tell apart the shown actors sharing a colour.
fn legend(project: &Project, shown: impl Fn(&ActorId) -> bool) -> Vec<LegendEntry> {
    let short_names = style::short_names(&project.actors);
    let shown: Vec<(usize, &crate::model::Actor)> =
        project.actors.iter().enumerate().filter(|(_, actor)| shown(&actor.id)).collect();
    let colours: Vec<Rgb> = shown.iter().map(|(_, actor)| actor.color).collect();
    shown
        .iter()
        .zip(style::shapes(&colours))
        .map(|((index, actor), shape)| LegendEntry {
            actor: actor.id.clone(),
            name: actor.name.clone(),
            marker_label: short_names[*index].clone(),
            colour: actor.color,
            shape,
        })
        .collect()
}

/// The legend entries a view can offer for toggling: every actor with a value somewhere in
/// `source`, before hidden actors are removed.
pub fn legend_of(project: &Project, shown: impl Fn(&ActorId) -> bool) -> Vec<LegendEntry> {
    legend(project, shown)
}
