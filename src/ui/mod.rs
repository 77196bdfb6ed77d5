//! Widgets and panels. Each draws from a read-only [`ViewContext`] — the session, the derived
//! results and the command queue — and reports what the user did by sending
//! [`crate::session::Command`]s; none of them changes the project, and nothing here knows the app.

pub mod about;
pub mod actor_dialogs;
pub mod adjudicate;
pub mod aggregate_table;
pub mod analysis_views;
pub mod article_list;
pub mod axis;
pub mod candidates;
pub mod dialogs;
pub mod figure_views;
pub mod find;
pub mod inspector;
pub mod labels;
pub mod plot;
pub mod reader;
pub mod sidebar;
pub mod suggestions;
pub mod theme;
pub mod trash_dialog;
pub mod user_command;

use crate::model::{ActorId, ArticleId, CoderId, IssueId, Position, PositionKey, Project};
use crate::session::derived::Derived;
use crate::session::{CommandSender, MarkerRef, Session};

pub use crate::model::marker_label;

/// What every panel may read while drawing, plus the queue to send changes to.
pub struct ViewContext<'a> {
    /// The open document and what is shown.
    pub session: &'a Session,
    /// Cached results derived from the document (mentions, aggregates, analyses).
    pub derived: &'a Derived,
    /// Where changes and actions go.
    pub commands: &'a CommandSender,
}

impl<'a> ViewContext<'a> {
    /// The open project.
    pub fn project(&self) -> &'a Project {
        self.session.project()
    }

    /// The article being read and coded (positions are per article); `None` codes overall positions.
    pub fn article(&self) -> Option<&'a ArticleId> {
        self.session.article()
    }

    /// Who is coding.
    pub fn coder(&self) -> &'a CoderId {
        self.session.coder()
    }

    /// The marker whose details the inspector shows.
    pub fn selected_marker(&self) -> Option<&'a MarkerRef> {
        self.session.selected_marker()
    }

    /// The key of `actor`'s position on `issue` for the current article and coder.
    pub fn position_key(&self, actor: &ActorId, issue: &IssueId) -> PositionKey {
        self.session.position_key(actor, issue)
    }

    /// `issue`'s row of the current coder's positions in the open article and overall, indexed like
    /// the actor list (`None`: not current; look positions up with [`Self::position`]).
    pub fn open_positions(&self, issue: &IssueId) -> Option<&'a crate::session::open_positions::IssueRow> {
        self.derived.open_positions(self.session, issue)
    }

    /// `actor`'s position on `issue` for the current article and coder, if coded.
    pub fn position(&self, actor: &ActorId, issue: &IssueId) -> Option<&'a Position> {
        self.session.position(actor, issue)
    }
}

/// Gives a plot area its accessible name ("All issues plot", "2-D map" …): egui_plot leaves it
/// unnamed, and every interactive widget needs one for screen readers.
pub fn name_plot(response: &egui::Response, name: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, name));
}
