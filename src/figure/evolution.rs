//! The evolution view: one issue, each actor's position article by article, ordered by date.
//!
//! Rules: only articles with a position on the issue (that passes the filter) get a column; dated
//! articles come first, oldest first (ties in project order), then the undated ones in project
//! order, counted in [`EvolutionFigure::undated`] so every backend can say so. A point is the mean
//! over the coders who coded that actor in that article, with their min–max as its spread; it
//! remembers the first evidence quote so a click can open the article there. Overall judgements
//! have no article and no place on this axis.

use std::collections::HashMap;

use super::filter::{Filter, date_key};
use super::map::MapAxis;
use super::{AxisValue, LegendEntry, legend, percent_of_scale, spread_of};
use crate::model::{ActorId, ArticleId, IssueId, Project};

/// One issue across articles.
#[derive(Clone, Debug, PartialEq)]
pub struct EvolutionFigure {
    /// The title (may be empty).
    pub title: String,
    /// The line under the title saying what the points are.
    pub caption: String,
    /// The issue, its scale and ticks (the vertical axis).
    pub axis: MapAxis,
    /// The articles in plotting order (x = index).
    pub articles: Vec<EvolutionArticle>,
    /// How many of the last articles have no date.
    pub undated: usize,
    /// One line per actor with a point, in project order.
    pub series: Vec<EvolutionSeries>,
    /// The actors of [`EvolutionFigure::series`], in the same order.
    pub legend: Vec<LegendEntry>,
}

/// One article's column.
#[derive(Clone, Debug, PartialEq)]
pub struct EvolutionArticle {
    /// The article.
    pub id: ArticleId,
    /// Its title.
    pub title: String,
    /// Its date as written (empty when undated).
    pub date: String,
    /// Its source.
    pub source: String,
}

/// One actor's line.
#[derive(Clone, Debug, PartialEq)]
pub struct EvolutionSeries {
    /// The actor (see [`EvolutionFigure::entry`]).
    pub actor: ActorId,
    /// Its points, in article order.
    pub points: Vec<EvolutionPoint>,
}

/// One actor in one article.
#[derive(Clone, Debug, PartialEq)]
pub struct EvolutionPoint {
    /// Index into [`EvolutionFigure::articles`].
    pub article: usize,
    /// The value (mean over coders), its spread over coders and how many coders.
    pub at: AxisValue,
    /// The first evidence quote's byte range in the article, when one was given.
    pub evidence: Option<(usize, usize)>,
}

impl EvolutionFigure {
    /// The legend entry of `actor`.
    pub fn entry(&self, actor: &ActorId) -> Option<&LegendEntry> {
        self.legend.iter().find(|entry| &entry.actor == actor)
    }

    /// The short label of article `index` for an axis: its date, or "undated", with its place.
    pub fn article_label(&self, index: usize) -> String {
        match self.articles.get(index) {
            Some(article) if !article.date.trim().is_empty() => {
                date_key(&article.date).unwrap_or(article.date.trim()).to_owned()
            }
            Some(_) => "undated".to_owned(),
            None => String::new(),
        }
    }
}

/// Values, evidence and coders of one (actor, article).
#[derive(Default)]
struct Cell {
    values: Vec<f64>,
    evidence: Option<(usize, usize)>,
}

/// The evolution of `issue` (None when the project lacks it) over the articles `filter` keeps;
/// `heading` as in [`super::strip_figure`].
pub fn evolution_figure(
    project: &Project,
    issue: &IssueId,
    filter: &Filter,
    heading: Option<&str>,
) -> Option<EvolutionFigure> {
    evolution_figure_resolved(project, issue, filter, heading, false)
}

/// [`evolution_figure`], reading "consensus where there is one, else every coder" when
/// `consensus` (the switch beside the coder filter): a settled unit is one point at its consensus,
/// as `model::consensus::resolved_positions` has it, without resolving the whole project.
pub fn evolution_figure_resolved(
    project: &Project,
    issue: &IssueId,
    filter: &Filter,
    heading: Option<&str>,
    consensus: bool,
) -> Option<EvolutionFigure> {
    let issue = project.issue(issue)?;
    let article_index: HashMap<&ArticleId, usize> =
        project.articles.iter().enumerate().map(|(index, article)| (&article.id, index)).collect();
    let actor_index: HashMap<&ActorId, usize> =
        project.actors.iter().enumerate().map(|(index, actor)| (&actor.id, index)).collect();
    // (actor, article) by their places in the project's lists.
    let mut cells: HashMap<(usize, usize), Cell> = HashMap::new();
    let positions: Box<dyn Iterator<Item = std::borrow::Cow<'_, crate::model::Position>>> = if consensus {
        Box::new(crate::model::consensus::resolved_on_issue(project, &issue.id))
    } else {
        Box::new(project.positions.on_issue(&issue.id).map(std::borrow::Cow::Borrowed))
    };
    for position in positions {
        let Some(&index) = position.article.as_ref().and_then(|id| article_index.get(id)) else { continue };
        if !position.value.is_finite() || !filter.shows_actor(&position.actor) || !filter.keeps(project, &position) {
            continue;
        }
        let Some(&actor) = actor_index.get(&position.actor) else { continue };
        let cell = cells.entry((actor, index)).or_default();
        cell.values.push(position.value);
        if cell.evidence.is_none() {
            cell.evidence = position.evidence.first().map(|evidence| (evidence.start, evidence.end));
        }
    }
    // Columns: the articles with a point, dated first by date, then undated, each in project order.
    let mut used: Vec<usize> = cells.keys().map(|(_, index)| *index).collect();
    used.sort_unstable();
    used.dedup();
    used.sort_by(|&a, &b| {
        let (da, db) = (date_key(&project.articles[a].date), date_key(&project.articles[b].date));
        match (da, db) {
            (Some(da), Some(db)) => da.cmp(db).then(a.cmp(&b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(&b),
        }
    });
    let column: HashMap<usize, usize> = used.iter().enumerate().map(|(column, &index)| (index, column)).collect();
    let articles: Vec<EvolutionArticle> = used
        .iter()
        .map(|&index| {
            let article = &project.articles[index];
            EvolutionArticle {
                id: article.id.clone(),
                title: article.title.clone(),
                date: article.date.trim().to_owned(),
                source: article.source.clone(),
            }
        })
        .collect();
    let undated = articles.iter().filter(|article| date_key(&article.date).is_none()).count();
    let series: Vec<EvolutionSeries> = project
        .actors
        .iter()
        .enumerate()
        .filter_map(|(actor_at, actor)| {
            let mut points: Vec<EvolutionPoint> = used
                .iter()
                .filter_map(|index| {
                    let cell = cells.get(&(actor_at, *index))?;
                    let mean = cell.values.iter().sum::<f64>() / cell.values.len() as f64;
                    let (low, high) = cell
                        .values
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
                    let spread = spread_of(low, high).map(|(low, high)| super::Spread {
                        low,
                        high,
                        low_percent: percent_of_scale(issue, low),
                        high_percent: percent_of_scale(issue, high),
                    });
                    let at = AxisValue {
                        value: mean,
                        percent: percent_of_scale(issue, mean),
                        spread,
                        n: cell.values.len(),
                        evidence: usize::from(cell.evidence.is_some()),
                    };
                    Some(EvolutionPoint { article: column[index], at, evidence: cell.evidence })
                })
                .collect();
            points.sort_by_key(|point| point.article);
            (!points.is_empty()).then(|| EvolutionSeries { actor: actor.id.clone(), points })
        })
        .collect();
    let legend = legend(project, |actor| series.iter().any(|line| &line.actor == actor));
    let (title, caption) = match heading {
        Some(title) => (title.to_owned(), evolution_caption(issue.name.as_str(), articles.len(), undated)),
        None => Default::default(),
    };
    Some(EvolutionFigure { title, caption, axis: MapAxis::of(issue), articles, undated, series, legend })
}

/// "Ukraine's NATO membership in 12 articles by date (2 undated, last); mean over coders".
fn evolution_caption(issue: &str, articles: usize, undated: usize) -> String {
    let articles = crate::model::wording::count(articles, "article", "articles");
    let undated = match undated {
        0 => String::new(),
        count => format!(" ({count} undated, shown last)"),
    };
    format!("{issue} in {articles} by date{undated}; mean over coders")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::consensus::{Consensus, Unit, put, resolved};

    #[test]
    fn with_the_consensus_switch_a_settled_unit_is_one_point_at_its_consensus() {
        let options = crate::model::generate::GenerateOptions {
            articles: 30,
            actors: 6,
            issues: 3,
            positions: 900,
            coders: 3,
            seed: 11,
        };
        let mut project = crate::model::generate::generate(&options).expect("a corpus");
        let issue = project.issues[1].id.clone();
        // Settle every third unit coded by two coders or more, one taken from a coder, one by hand.
        let units: Vec<Unit> = project.positions.on_issue(&issue).filter_map(Unit::of_position).collect();
        let mut settled = Vec::new();
        for (n, unit) in units.iter().enumerate().filter(|(n, _)| n % 3 == 0) {
            let from_coder = (n % 2 == 0).then(|| project.coders[1].id.clone());
            let decision = Consensus { value: 1.0, decided_by: "lead".into(), from_coder, ..Consensus::default() };
            put(&mut project.consensus, unit, Some(decision));
            settled.push(unit.clone());
        }
        assert!(!settled.is_empty());
        let filter = Filter::default();
        let shown = evolution_figure_resolved(&project, &issue, &filter, None, true).expect("the issue");
        assert_eq!(Some(&shown), evolution_figure(&resolved(&project), &issue, &filter, None).as_ref());
        assert_ne!(Some(&shown), evolution_figure(&project, &issue, &filter, None).as_ref(), "the switch changes it");
        let unit = &settled[0];
        let column = shown.articles.iter().position(|article| article.id == unit.article).expect("its article");
        let line = shown.series.iter().find(|line| line.actor == unit.actor).expect("its actor");
        let point = line.points.iter().find(|point| point.article == column).expect("its point");
        assert_eq!((point.at.value, point.at.n), (1.0, 1), "one point at the consensus");
    }
}
