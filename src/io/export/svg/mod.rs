//! The two main figures as standalone SVG documents, for papers and reports.
//!
//! What a figure shows is decided by [`crate::figure`]; this module only draws it: [`draw_strip`]
//! every issue at once (one row per issue, x = % of the issue's scale), [`draw_map`] two issues
//! against each other on their own scales, [`draw`] either. The functions return the document as a
//! string; callers write it.
//!
//! Output rules: a fixed viewBox (800 × (120 + 70 × issues) for all issues, plus 18 per extra legend
//! line when the legend wraps; 640 × 640 for the map), one system sans-serif font stack, 12–14 px
//! text, coordinates rounded to two decimals, every piece of user text XML-escaped (characters XML
//! 1.0 forbids are dropped), a `<title>` and `<desc>` for screen readers, no external resources.
//! Text widths are estimated from Helvetica/Arial metrics so labels are shortened with "…" rather
//! than run into the plot frame or each other. The same input always gives the same bytes.
//!
//! Each actor's dot is a `<circle class="point" data-actor="ID" data-issue="ID">` (the map's use
//! the x issue) in a `<g>` whose `<title>` gives the value in the issue's units as a tooltip (a
//! `<title>` inside the circle itself stops ImageMagick drawing it).
//!
//! [`all_issues_svg`], [`map_svg`], [`mean_points`] and [`mean_caption`] are the older
//! points-and-caption interface, kept on top of the figure layer until their callers use figures.

mod map;
mod strip;
#[cfg(test)]
mod tests;
mod writer;

pub use map::draw_map;
pub use strip::draw_strip;
pub use writer::escape;

pub use crate::figure::FigurePoint;
use crate::figure::{self, Figure, PointSource};
use crate::model::{Issue, IssueId, Project};

/// Draws `figure`, whichever view it is.
pub fn draw(figure: &Figure) -> String {
    match figure {
        Figure::Strip(strip) => draw_strip(strip),
        Figure::Map(map) => draw_map(map),
    }
}

/// All issues at once from `points`, with the given title and caption (see [`draw_strip`]).
///
/// Points naming an actor or issue the project does not have, or with a non-finite value, are left
/// out; values outside an issue's scale are drawn at its pole. Only actors with a point appear in
/// the legend. When several points name the same actor and issue, the first is drawn.
pub fn all_issues_svg(project: &Project, points: &[FigurePoint], title: &str, caption: &str) -> String {
    let mut figure = figure::strip_figure(project, PointSource::Points(points), Some(title));
    caption.clone_into(&mut figure.caption);
    draw_strip(&figure)
}

/// Issue `x_issue` against `y_issue` from `points`, with the given title and caption (see
/// [`draw_map`]). An actor is drawn when it has a point on both issues; an issue the project lacks
/// is drawn on a 0–100 scale named by its id.
pub fn map_svg(
    project: &Project,
    x_issue: &IssueId,
    y_issue: &IssueId,
    points: &[FigurePoint],
    title: &str,
    caption: &str,
) -> String {
    let stand_in = |id: &IssueId| Issue { id: id.clone(), name: id.to_string(), ..Issue::default() };
    let x_axis = project.issue(x_issue).cloned().unwrap_or_else(|| stand_in(x_issue));
    let y_axis = project.issue(y_issue).cloned().unwrap_or_else(|| stand_in(y_issue));
    let mut figure = figure::map_figure_of(project, &x_axis, &y_axis, PointSource::Points(points), Some(title));
    caption.clone_into(&mut figure.caption);
    draw_map(&figure)
}

/// Points from the aggregate over all articles and coders (mean, with min–max spread): the rows of
/// [`figure::mean_rows`] as points. A spread is given only when the values differ.
pub fn mean_points(project: &Project) -> Vec<FigurePoint> {
    figure::mean_rows(project)
        .into_iter()
        .map(|row| FigurePoint {
            spread: (row.min < row.max).then_some((row.min, row.max)),
            actor: row.actor,
            issue: row.issue,
            value: row.mean,
        })
        .collect()
}

/// The caption for [`mean_points`] ([`figure::means_caption`]): "Mean position over 12 articles and
/// 2 coders", noting overall judgements when some count and the range bars when some point has one.
pub fn mean_caption(project: &Project) -> String {
    figure::means_caption(project, &figure::mean_rows(project))
}
