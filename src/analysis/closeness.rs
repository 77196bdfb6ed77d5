//! Closeness of actors: for every pair, the mean absolute gap between their positions over the
//! issues both have a value on, in % of each issue's scale (0 = the same place everywhere).
//!
//! The values come from the caller (one coder's positions for one article, or the means over all
//! articles), so the same function serves every scope of the closeness view. No UI, no files.

use crate::model::Project;

/// Distances between every pair of actors, indexed like the project's actor list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Closeness {
    /// `distances[a][b]`: mean gap in % of the scale; `None` on the diagonal and for pairs with no
    /// issue in common.
    pub distances: Vec<Vec<Option<f64>>>,
}

impl Closeness {
    /// The distance between actors `a` and `b` (indices into the actor list).
    pub fn distance(&self, a: usize, b: usize) -> Option<f64> {
        self.distances.get(a)?.get(b).copied().flatten()
    }
}

/// The closeness of `project`'s actors, with `value_of(actor index, issue index)` giving each
/// actor's value on each issue in the issue's units.
pub fn closeness(project: &Project, value_of: impl Fn(usize, usize) -> Option<f64>) -> Closeness {
    let percents: Vec<Vec<Option<f64>>> = (0..project.actors.len())
        .map(|actor| {
            project
                .issues
                .iter()
                .enumerate()
                .map(|(index, issue)| {
                    let value = value_of(actor, index).filter(|value| value.is_finite())?;
                    Some((value - issue.bounds().0) / issue.span() * 100.0)
                })
                .collect()
        })
        .collect();
    let distances = (0..percents.len())
        .map(|a| {
            (0..percents.len())
                .map(|b| {
                    if a == b {
                        return None;
                    }
                    let (sum, count) = percents[a]
                        .iter()
                        .zip(&percents[b])
                        .filter_map(|(x, y)| Some((x.as_ref()? - y.as_ref()?).abs()))
                        .fold((0.0, 0usize), |(sum, count), gap| (sum + gap, count + 1));
                    (count > 0).then(|| sum / count as f64)
                })
                .collect()
        })
        .collect();
    Closeness { distances }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn distance_is_the_mean_gap_over_shared_issues_in_percent() {
        let project = presets::sample_project();
        assert!(project.actors.len() >= 3 && project.issues.len() >= 2);
        // Actor 0 at 10 and 20, actor 1 at 30 and nothing, actor 2 at nothing.
        let values = [[Some(10.0), Some(20.0)], [Some(30.0), None], [None, None]];
        let result =
            closeness(&project, |actor, issue| values.get(actor).and_then(|row| row.get(issue).copied().flatten()));
        let span = project.issues[0].span();
        assert_eq!(result.distance(0, 1), Some(20.0 / span * 100.0));
        assert_eq!(result.distance(1, 0), result.distance(0, 1));
        assert_eq!(result.distance(0, 0), None);
        assert_eq!(result.distance(0, 2), None, "no issue in common");
    }
}
