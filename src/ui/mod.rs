//! Widgets and panels. Each draws from a read-only [`ViewContext`] and reports what the user did by
//! sending commands; none of them mutates the project directly.

pub mod analysis_views;
pub mod axis;
pub mod dialogs;
pub mod inspector;
pub mod plot;
pub mod reader;
pub mod sidebar;
pub mod theme;

use crate::app::command::{CommandSender, MarkerRef};
use crate::model::{ActorId, ArticleId, CoderId, IssueId, Position, PositionKey, Project};

/// What every panel may read while drawing, plus the queue to send changes to.
pub struct ViewContext<'a> {
    /// The open project.
    pub project: &'a Project,
    /// Where edits and actions go.
    pub commands: &'a CommandSender,
    /// The article being read and coded (positions are per article); `None` codes overall positions.
    pub article: Option<&'a ArticleId>,
    /// Who is coding.
    pub coder: &'a CoderId,
    /// The marker whose details the inspector shows.
    pub selected_marker: Option<&'a MarkerRef>,
    /// Draw other coders' positions on the axes too (to compare coding).
    pub show_other_coders: bool,
    /// Per actor × issue statistics over all articles and coders (overall judgements included),
    /// recomputed when the project changes.
    pub aggregates: &'a [crate::analysis::aggregate::AggregateRow],
    /// Draw the aggregates as spread bars under the axes.
    pub show_spread: bool,
    /// How many positions the current coder has coded per article (indexed like the article list).
    pub coded_per_article: &'a [usize],
}

impl ViewContext<'_> {
    /// The key of `actor`'s position on `issue` for the current article and coder.
    pub fn position_key(&self, actor: &ActorId, issue: &IssueId) -> PositionKey {
        PositionKey {
            issue: issue.clone(),
            actor: actor.clone(),
            article: self.article.cloned(),
            coder: self.coder.clone(),
        }
    }

    /// `actor`'s position on `issue` for the current article and coder, if coded.
    pub fn position(&self, actor: &ActorId, issue: &IssueId) -> Option<&Position> {
        self.project.positions.get(&self.position_key(actor, issue))
    }
}

/// The accessible name of a marker: "<actor> on <issue>".
pub fn marker_label(actor_name: &str, issue_name: &str) -> String {
    format!("{actor_name} on {issue_name}")
}
