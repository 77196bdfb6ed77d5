//! The distance view: an actor × actor heatmap of how far apart two actors stand.
//!
//! The distance of two actors is the mean absolute difference of their values over the chosen
//! issues both have a value on, each difference in % of that issue's scale (so a 0–10 issue weighs
//! as much as a 0–100 one): 0 = same place, 100 = opposite poles everywhere. Actors are ordered by
//! average-linkage hierarchical clustering (pairs with no issue in common count as 100 apart), so
//! blocs sit next to each other; each cell keeps the issues that separate the pair most.

use super::{LegendEntry, PointSource, legend, percent_of_scale};
use crate::model::{ActorId, IssueId, Project};

/// How many separating issues a cell keeps.
const SEPARATING: usize = 3;

/// The heatmap.
#[derive(Clone, Debug, PartialEq)]
pub struct DistanceFigure {
    /// The title (may be empty).
    pub title: String,
    /// The line under the title saying what the numbers are.
    pub caption: String,
    /// The actors with a value on some chosen issue, in clustering order (rows and columns).
    pub actors: Vec<LegendEntry>,
    /// `cells[row][column]`: `None` on the diagonal and for pairs with no issue in common.
    pub cells: Vec<Vec<Option<DistanceCell>>>,
    /// How many issues were compared.
    pub issues: usize,
}

/// One pair of actors.
#[derive(Clone, Debug, PartialEq)]
pub struct DistanceCell {
    /// Mean absolute difference, % of scale (0–100).
    pub distance: f64,
    /// How many issues both have a value on.
    pub shared: usize,
    /// The issues that separate them most (name, difference in % of scale), largest first.
    pub separating: Vec<(String, f64)>,
}

impl DistanceFigure {
    /// The cell of actors `a` and `b`, if they share an issue.
    pub fn cell(&self, a: &ActorId, b: &ActorId) -> Option<&DistanceCell> {
        let row = self.actors.iter().position(|entry| &entry.actor == a)?;
        let column = self.actors.iter().position(|entry| &entry.actor == b)?;
        self.cells.get(row)?.get(column)?.as_ref()
    }
}

/// The distances between the actors of `source` over `issues` (every issue when empty), leaving
/// out actors `shown` rejects; `heading` as in [`super::strip_figure`].
pub fn distance_figure(
    project: &Project,
    source: PointSource<'_>,
    issues: &[IssueId],
    shown: &dyn Fn(&ActorId) -> bool,
    heading: Option<&str>,
) -> DistanceFigure {
    let chosen: Vec<&crate::model::Issue> =
        project.issues.iter().filter(|issue| issues.is_empty() || issues.contains(&issue.id)).collect();
    // Each actor's % of scale on each chosen issue.
    let lookup = source.lookup();
    let rows: Vec<(&ActorId, Vec<Option<f64>>)> = project
        .actors
        .iter()
        .filter(|actor| shown(&actor.id))
        .map(|actor| {
            let values = chosen
                .iter()
                .map(|issue| lookup.value(project, &actor.id, &issue.id).map(|v| percent_of_scale(issue, v)))
                .collect();
            (&actor.id, values)
        })
        .filter(|(_, values): &(&ActorId, Vec<Option<f64>>)| values.iter().any(Option::is_some))
        .collect();
    let count = rows.len();
    let mut cells: Vec<Vec<Option<DistanceCell>>> = vec![vec![None; count]; count];
    for a in 0..count {
        for b in 0..count {
            if a == b {
                continue;
            }
            let mut gaps: Vec<(usize, f64)> = rows[a]
                .1
                .iter()
                .zip(&rows[b].1)
                .enumerate()
                .filter_map(|(issue, (x, y))| Some((issue, (x.as_ref()? - y.as_ref()?).abs())))
                .collect();
            if gaps.is_empty() {
                continue;
            }
            let distance = gaps.iter().map(|(_, gap)| gap).sum::<f64>() / gaps.len() as f64;
            let shared = gaps.len();
            gaps.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            let separating = gaps
                .iter()
                .take(SEPARATING)
                .filter(|(_, gap)| *gap > 0.0)
                .map(|(issue, gap)| (chosen[*issue].name.clone(), *gap))
                .collect();
            cells[a][b] = Some(DistanceCell { distance, shared, separating });
        }
    }
    let matrix: Vec<Vec<f64>> = cells
        .iter()
        .map(|row| row.iter().map(|cell| cell.as_ref().map_or(100.0, |cell| cell.distance)).collect())
        .collect();
    let order = cluster_order(&matrix);
    let ordered_ids: Vec<&ActorId> = order.iter().map(|&index| rows[index].0).collect();
    let mut actors = legend(project, |actor| ordered_ids.contains(&actor));
    actors.sort_by_key(|entry| ordered_ids.iter().position(|id| *id == &entry.actor));
    let cells = order.iter().map(|&a| order.iter().map(|&b| cells[a][b].clone()).collect()).collect();
    let (title, caption) = match heading {
        Some(title) => {
            let basis = match source {
                PointSource::Means(_) => super::means_basis(project),
                other => other.caption(project),
            };
            (title.to_owned(), format!("{basis}; {}", distance_caption(chosen.len())))
        }
        None => Default::default(),
    };
    DistanceFigure { title, caption, actors, cells, issues: chosen.len() }
}

/// What the numbers mean, for captions.
fn distance_caption(issues: usize) -> String {
    let issues = crate::model::wording::count(issues, "issue", "issues");
    format!("mean distance over {issues}, % of each scale (0 = same place), ordered by clustering")
}

/// The leaf order of average-linkage (UPGMA) clustering of the symmetric distance `matrix`: merged
/// clusters stay side by side, the closer pair first; ties merge in index order, so the order is
/// deterministic.
pub fn cluster_order(matrix: &[Vec<f64>]) -> Vec<usize> {
    let count = matrix.len();
    // Each live cluster: its leaves in order.
    let mut clusters: Vec<Option<Vec<usize>>> = (0..count).map(|index| Some(vec![index])).collect();
    let average = |a: &[usize], b: &[usize]| -> f64 {
        let total: f64 = a.iter().flat_map(|&i| b.iter().map(move |&j| (matrix[i][j] + matrix[j][i]) / 2.0)).sum();
        total / (a.len() * b.len()) as f64
    };
    loop {
        let live: Vec<usize> = (0..clusters.len()).filter(|&index| clusters[index].is_some()).collect();
        if live.len() <= 1 {
            break;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for (position, &a) in live.iter().enumerate() {
            for &b in &live[position + 1..] {
                let (Some(left), Some(right)) = (&clusters[a], &clusters[b]) else { continue };
                let distance = average(left, right);
                if best.is_none_or(|(found, _, _)| distance < found) {
                    best = Some((distance, a, b));
                }
            }
        }
        let Some((_, a, b)) = best else { break };
        let (Some(mut left), Some(right)) = (clusters[a].take(), clusters[b].take()) else { break };
        left.extend(right);
        clusters[a] = Some(left);
    }
    clusters.into_iter().flatten().flatten().collect()
}
