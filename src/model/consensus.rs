//! Consensus positions: what the lead decided for a unit (article x actor x issue) on which coders
//! disagreed, kept apart from the coders' own positions (those stay as coded, for reliability).
//!
//! A project keeps its consensus positions in one list sorted by unit, so a unit is found by binary
//! search and files stay stable. Each records who decided and when, whose value was taken (or that
//! it was set by hand) and a note. [`resolved_positions`] gives the positions analyses read when the
//! user asks for "consensus where there is one, else every coder".

use serde::{Deserialize, Serialize};

use super::{ActorId, ArticleId, CoderId, IssueId, Position, PositionKey, Positions, Project};

/// What a consensus position is about: one actor on one issue in one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unit {
    /// The issue axis.
    pub issue: IssueId,
    /// The actor.
    pub actor: ActorId,
    /// The article the coders coded it from.
    pub article: ArticleId,
}

impl Unit {
    /// The unit a coder's position belongs to (`None` for an overall judgement, which has no article).
    pub fn of_position(position: &Position) -> Option<Self> {
        Some(Self { issue: position.issue.clone(), actor: position.actor.clone(), article: position.article.clone()? })
    }

    /// The key of `coder`'s position on this unit.
    pub fn key_for(&self, coder: &CoderId) -> PositionKey {
        PositionKey {
            issue: self.issue.clone(),
            actor: self.actor.clone(),
            article: Some(self.article.clone()),
            coder: coder.clone(),
        }
    }
}

/// The value the lead settled on for one unit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Consensus {
    /// The issue axis.
    pub issue: IssueId,
    /// The actor.
    pub actor: ActorId,
    /// The article.
    pub article: ArticleId,
    /// The settled value, on the issue's scale.
    pub value: f64,
    /// Who decided.
    pub decided_by: CoderId,
    /// When (RFC 3339).
    pub decided_at: String,
    /// The coder whose value was taken; absent when the value was set by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_coder: Option<CoderId>,
    /// The lead's remark on the decision.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Consensus {
    /// The unit it settles.
    pub fn unit(&self) -> Unit {
        Unit { issue: self.issue.clone(), actor: self.actor.clone(), article: self.article.clone() }
    }

    fn order(&self) -> (&IssueId, &ActorId, &ArticleId) {
        (&self.issue, &self.actor, &self.article)
    }

    /// "taken from Bob" or "set by hand", for lists and tooltips.
    pub fn origin(&self, project: &Project) -> String {
        match &self.from_coder {
            Some(coder) => {
                let name = project.coder(coder).map_or(coder.as_str(), |c| c.name.as_str());
                format!("taken from {name}")
            }
            None => "set by hand".into(),
        }
    }
}

/// Where `unit` is (Ok) or would go (Err) in a list sorted by unit.
fn search(list: &[Consensus], unit: &Unit) -> Result<usize, usize> {
    list.binary_search_by(|consensus| consensus.order().cmp(&(&unit.issue, &unit.actor, &unit.article)))
}

/// The consensus on `unit`, if any (the list is sorted by unit).
pub fn find<'a>(list: &'a [Consensus], unit: &Unit) -> Option<&'a Consensus> {
    search(list, unit).ok().map(|index| &list[index])
}

/// Stores `consensus` under `unit` (or with `None` removes it), keeping the list sorted; returns
/// what was there.
pub fn put(list: &mut Vec<Consensus>, unit: &Unit, consensus: Option<Consensus>) -> Option<Consensus> {
    match (search(list, unit), consensus) {
        (Ok(index), Some(mut consensus)) => {
            set_unit(&mut consensus, unit);
            Some(std::mem::replace(&mut list[index], consensus))
        }
        (Ok(index), None) => Some(list.remove(index)),
        (Err(index), Some(mut consensus)) => {
            set_unit(&mut consensus, unit);
            list.insert(index, consensus);
            None
        }
        (Err(_), None) => None,
    }
}

fn set_unit(consensus: &mut Consensus, unit: &Unit) {
    consensus.issue = unit.issue.clone();
    consensus.actor = unit.actor.clone();
    consensus.article = unit.article.clone();
}

/// Sorts a list read from a file by unit (files written by StanceMap already are).
pub fn sort(list: &mut [Consensus]) {
    list.sort_by(|a, b| a.order().cmp(&b.order()));
}

/// The positions analyses read under "consensus where there is one, else every coder": every
/// coder's positions, except that on a unit with a consensus the coders' positions give way to one
/// position with the consensus value (coded by whoever decided, with the taken coder's salience,
/// confidence and evidence when a coder's value was taken). Overall judgements are kept as coded.
pub fn resolved_positions(project: &Project) -> Positions {
    if project.consensus.is_empty() {
        return project.positions.clone();
    }
    let mut positions = project.positions.clone();
    positions
        .retain(|position| Unit::of_position(position).is_none_or(|unit| find(&project.consensus, &unit).is_none()));
    for consensus in &project.consensus {
        positions.insert(consensus_position(project, consensus));
    }
    positions
}

/// The one position that stands for a settled unit under the consensus switch (see
/// [`resolved_positions`]).
fn consensus_position(project: &Project, consensus: &Consensus) -> Position {
    let unit = consensus.unit();
    let taken = consensus.from_coder.as_ref().and_then(|coder| project.positions.get(&unit.key_for(coder)));
    let key = unit.key_for(&consensus.decided_by);
    match taken {
        Some(taken) => Position {
            coder: key.coder.clone(),
            value: consensus.value,
            updated: (&consensus.decided_at).into(),
            history: Vec::new(),
            ..taken.clone()
        },
        None => Position {
            updated: (&consensus.decided_at).into(),
            note: consensus.note.clone(),
            ..Position::new(&key, consensus.value)
        },
    }
}

/// The positions on `issue` that [`resolved_positions`] keeps, without resolving the rest of the
/// project (a view of one issue per frame): the coders' own on units without a consensus, then
/// one position per settled unit.
pub fn resolved_on_issue<'a>(
    project: &'a Project,
    issue: &'a IssueId,
) -> impl Iterator<Item = std::borrow::Cow<'a, Position>> + 'a {
    let start = project.consensus.partition_point(|consensus| &consensus.issue < issue);
    let end = start + project.consensus[start..].partition_point(|consensus| &consensus.issue == issue);
    let settled = &project.consensus[start..end];
    let coded = project.positions.on_issue(issue).filter(move |position| {
        settled.is_empty() || Unit::of_position(position).is_none_or(|unit| find(settled, &unit).is_none())
    });
    coded
        .map(std::borrow::Cow::Borrowed)
        .chain(settled.iter().map(|consensus| std::borrow::Cow::Owned(consensus_position(project, consensus))))
}

/// `project` with its positions resolved as [`resolved_positions`] says (for analyses and exports
/// under the consensus switch).
pub fn resolved(project: &Project) -> Project {
    let mut resolved = project.clone();
    resolved.positions = resolved_positions(project);
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(article: &str, value: f64) -> Consensus {
        Consensus {
            issue: "i".into(),
            actor: "a".into(),
            article: article.into(),
            value,
            decided_by: "lead".into(),
            ..Consensus::default()
        }
    }

    #[test]
    fn the_list_stays_sorted_and_each_unit_holds_one_decision() {
        let mut list = Vec::new();
        for article in ["c", "a", "b"] {
            let consensus = decision(article, 10.0);
            assert_eq!(put(&mut list, &consensus.unit(), Some(consensus.clone())), None);
        }
        let articles: Vec<&str> = list.iter().map(|c| c.article.as_str()).collect();
        assert_eq!(articles, ["a", "b", "c"]);
        let again = decision("b", 70.0);
        assert_eq!(put(&mut list, &again.unit(), Some(again.clone())).map(|c| c.value), Some(10.0));
        assert_eq!(find(&list, &again.unit()).map(|c| c.value), Some(70.0));
        assert_eq!(put(&mut list, &again.unit(), None).map(|c| c.value), Some(70.0));
        assert_eq!(list.len(), 2);
        assert!(find(&list, &again.unit()).is_none());
    }

    #[test]
    fn resolved_positions_put_one_consensus_in_place_of_the_coders() {
        let mut project = Project::default();
        let unit = Unit { issue: "i".into(), actor: "a".into(), article: "x".into() };
        for (coder, value) in [("ann", 10.0), ("bob", 90.0)] {
            project.positions.insert(Position::new(&unit.key_for(&coder.into()), value));
        }
        let other = Unit { article: "y".into(), ..unit.clone() };
        project.positions.insert(Position::new(&other.key_for(&"ann".into()), 30.0));
        assert_eq!(resolved_positions(&project), project.positions, "no consensus: every coder");
        project.consensus.push(Consensus { from_coder: Some("bob".into()), ..decision("x", 90.0) });
        let resolved = resolved_positions(&project);
        let values: Vec<(String, f64)> = resolved.iter().map(|p| (p.coder.to_string(), p.value)).collect();
        assert_eq!(values, [("lead".to_owned(), 90.0), ("ann".to_owned(), 30.0)]);
        assert_eq!(project.positions.len(), 3, "the coders' own positions stay");
    }
}
