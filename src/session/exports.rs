//! What an export from the app contains: the plot panel's view and scope (the session's
//! [`FigureChoice`](super::FigureChoice)), the current article and coder, drawn by
//! [`crate::io::export`]. Where and whether to write is `files.rs`'s business.

use super::Session;
use super::command::FigureViewChoice;
use crate::figure::{FigureRequest, FigureView, PointSource};
use crate::io::export::{ExportError, ExportInput, ExportKind, aggregate_export_options};

impl Session {
    /// The bytes `kind` exports now: a figure of this article by this coder or of the means over
    /// all articles and coders, as the plot panel shows it; tables and the report of the project.
    ///
    /// With the consensus switch on, figures and tables read "consensus where there is one, else
    /// every coder"; the report keeps the coders' own values, because its agreement section must.
    pub(super) fn export_contents(&self, kind: ExportKind) -> Result<Vec<u8>, ExportError> {
        let analysed = if kind == ExportKind::Report {
            std::borrow::Cow::Borrowed(self.project())
        } else {
            self.analysed_project()
        };
        let project: &crate::model::Project = &analysed;
        let rows;
        let source = if self.figure.this_article {
            PointSource::Article { article: self.article.as_ref(), coder: &self.coder }
        } else {
            rows = crate::figure::mean_rows(project);
            PointSource::Means(&rows)
        };
        let view = match &self.figure.view {
            FigureViewChoice::AllIssues => FigureView::AllIssues,
            FigureViewChoice::Map(x, y) => FigureView::Map { x: x.as_ref(), y: y.as_ref() },
            FigureViewChoice::Evolution(issue) => FigureView::Evolution(issue.as_ref()),
            FigureViewChoice::Distance => FigureView::Distance,
        };
        let aggregate = aggregate_export_options(self.figure.roll_up);
        let figure = FigureRequest { view, source, title: None };
        kind.render(&ExportInput { project, figure, aggregate: &aggregate, size: self.figure.size })
    }
}
