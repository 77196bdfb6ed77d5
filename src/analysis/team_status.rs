//! Who has coded what in a team project: per coder the articles assigned and done and the positions
//! coded, and how far the reliability overlap has come (`team status`, the Team view).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::{ArticleId, CoderId, Project};

/// What `team status --json` prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    /// Every coder, in the codebook's order.
    pub coders: Vec<CoderStatus>,
    /// Articles in the reliability overlap (assigned to more than one coder).
    pub overlap: usize,
    /// Overlap articles every coder assigned to them marked done (not in the JSON report).
    #[serde(skip)]
    pub overlap_done: usize,
    /// Articles in the project.
    pub articles: usize,
}

/// One coder's line of [`StatusReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoderStatus {
    /// The coder's id (their file is `coders/<id>.json`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Articles assigned to them, overlap articles included.
    pub assigned: usize,
    /// Articles they marked done.
    pub done: usize,
    /// Positions they coded.
    pub positions: usize,
}

impl StatusReport {
    /// The status of `project`, in one pass over its positions, done marks and assignments.
    pub fn of(project: &Project) -> Self {
        let mut counts: HashMap<&CoderId, [usize; 3]> = HashMap::new();
        for assignment in &project.assignments {
            counts.entry(&assignment.coder).or_default()[0] += 1;
        }
        for mark in &project.done_articles {
            counts.entry(&mark.coder).or_default()[1] += 1;
        }
        for position in project.positions.iter() {
            counts.entry(&position.coder).or_default()[2] += 1;
        }
        let coders = project
            .coders
            .iter()
            .map(|coder| {
                let [assigned, done, positions] = counts.get(&coder.id).copied().unwrap_or_default();
                CoderStatus { id: coder.id.to_string(), name: coder.name.clone(), assigned, done, positions }
            })
            .collect();
        // An overlap article is finished when every coder it is assigned to marked it done.
        let mut overlap: BTreeMap<&ArticleId, bool> = BTreeMap::new();
        for assignment in project.assignments.iter().filter(|a| a.overlap) {
            let finished = overlap.entry(&assignment.article).or_insert(true);
            *finished &= project.is_done(&assignment.article, &assignment.coder);
        }
        Self {
            coders,
            overlap: overlap.len(),
            overlap_done: overlap.values().filter(|finished| **finished).count(),
            articles: project.articles.len(),
        }
    }
}
