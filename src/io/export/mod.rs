//! Exports: what the user can export, and each export's contents.
//!
//! [`ExportKind`] is the catalogue — menu text, dialog title, file extension, suggested file name
//! and contents — so a new export is one entry here and the app and menus follow. The contents are
//! pure functions of an [`ExportInput`] returning the document as a string; callers write it (e.g.
//! with [`crate::io::project_file::write_atomically`]). [`svg`] draws the figures of
//! [`crate::figure`] as standalone SVG documents.

pub mod svg;

use std::path::{Path, PathBuf};

pub use svg::escape;

use crate::analysis::aggregate::{self, AggregateOptions};
use crate::figure::{self, FigureRequest};
use crate::model::Project;

/// Something the user can export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportKind {
    /// Every coded position as CSV, in the import format.
    PositionsCsv,
    /// The aggregate table (mean, median, SD… per actor and issue) as CSV.
    AggregateCsv,
    /// The plot shown (all issues, or the 2-D map) as an SVG figure.
    FigureSvg,
}

/// What an export is made from. Building one is cheap: it borrows what the caller has.
#[derive(Clone, Copy, Debug)]
pub struct ExportInput<'a> {
    /// The project.
    pub project: &'a Project,
    /// The figure a figure export draws.
    pub figure: FigureRequest<'a>,
    /// How the aggregate table is computed (see [`aggregate_export_options`]).
    pub aggregate: &'a AggregateOptions,
}

/// The aggregate table's options as exported: confidence-weighted mean included, every coder,
/// overall judgements counted; `roll_up` as the plot panel has it.
pub fn aggregate_export_options(roll_up: bool) -> AggregateOptions {
    AggregateOptions { weighted: true, roll_up, coder: None, include_overall: true }
}

impl ExportKind {
    /// Every export, in menu order.
    pub const ALL: [ExportKind; 3] = [Self::PositionsCsv, Self::AggregateCsv, Self::FigureSvg];

    /// The menu text.
    pub fn label(self) -> &'static str {
        match self {
            Self::PositionsCsv => "Export positions as CSV…",
            Self::AggregateCsv => "Export aggregate table as CSV…",
            Self::FigureSvg => "Export figure as SVG…",
        }
    }

    /// The menu tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::PositionsCsv => "Every coded position, in the import format",
            Self::AggregateCsv => "Mean, median, SD per actor and issue",
            Self::FigureSvg => "The plot shown (all issues, or the 2-D map) as a vector figure for papers and reports",
        }
    }

    /// The title of the dialog asking where to save.
    pub fn title(self) -> &'static str {
        match self {
            Self::PositionsCsv => "Export positions as CSV",
            Self::AggregateCsv => "Export aggregate table as CSV",
            Self::FigureSvg => "Export figure as SVG",
        }
    }

    /// The file extension (without the dot), added when the user gives a name without one.
    pub fn extension(self) -> &'static str {
        match self {
            Self::PositionsCsv | Self::AggregateCsv => "csv",
            Self::FigureSvg => "svg",
        }
    }

    /// The path suggested in the dialog: next to the project, `<stem>-positions.csv` or
    /// `<stem>-aggregate.csv`; none for an unsaved project or for the figure.
    pub fn default_file_name(self, project_path: Option<&Path>) -> Option<PathBuf> {
        let suffix = match self {
            Self::PositionsCsv => "positions",
            Self::AggregateCsv => "aggregate",
            Self::FigureSvg => return None,
        };
        let path = project_path?;
        let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        Some(path.with_file_name(format!("{stem}-{suffix}.{}", self.extension())))
    }

    /// The exported document.
    pub fn render(self, input: &ExportInput<'_>) -> String {
        match self {
            Self::PositionsCsv => crate::io::positions_csv::export_positions(input.project),
            Self::AggregateCsv => {
                let rows = aggregate::aggregate(input.project, input.aggregate);
                aggregate::to_csv(&rows, input.project)
            }
            Self::FigureSvg => figure_svg_for(input.project, &input.figure),
        }
    }
}

/// The figure `request` asks for as an SVG document (see [`figure::figure_for`]).
pub fn figure_svg_for(project: &Project, request: &FigureRequest<'_>) -> String {
    svg::draw(&figure::figure_for(project, request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{FigureView, PointSource};
    use crate::model::presets;

    #[test]
    fn every_export_has_its_texts_and_an_extension() {
        for kind in ExportKind::ALL {
            assert!(kind.label().starts_with("Export ") && kind.label().ends_with('…'), "{kind:?}");
            assert_eq!(format!("{}…", kind.title()), kind.label(), "the dialog is titled like the menu item");
            assert!(!kind.tooltip().is_empty());
            assert!(matches!(kind.extension(), "csv" | "svg"));
        }
    }

    #[test]
    fn default_file_names_sit_next_to_the_project() {
        let project = Path::new("/data/talks.stancemap");
        assert_eq!(
            ExportKind::PositionsCsv.default_file_name(Some(project)),
            Some(PathBuf::from("/data/talks-positions.csv"))
        );
        assert_eq!(
            ExportKind::AggregateCsv.default_file_name(Some(project)),
            Some(PathBuf::from("/data/talks-aggregate.csv"))
        );
        assert_eq!(ExportKind::FigureSvg.default_file_name(Some(project)), None);
        assert_eq!(ExportKind::PositionsCsv.default_file_name(None), None);
    }

    #[test]
    fn render_gives_each_export_its_document() {
        let project = presets::sample_project();
        let rows = figure::mean_rows(&project);
        let coder = presets::DEFAULT_CODER_ID.into();
        let options = aggregate_export_options(false);
        let mut input = ExportInput {
            project: &project,
            figure: FigureRequest { view: FigureView::AllIssues, source: PointSource::Means(&rows), title: None },
            aggregate: &options,
        };
        assert_eq!(ExportKind::PositionsCsv.render(&input), crate::io::positions_csv::export_positions(&project));
        let table = ExportKind::AggregateCsv.render(&input);
        assert!(table.starts_with("actor,issue,n,mean,weighted_mean,"), "{table}");
        assert!(!table.lines().nth(1).unwrap_or_default().contains(",,"), "the weighted mean is filled in");

        let strip = ExportKind::FigureSvg.render(&input);
        assert!(strip.contains("viewBox=\"0 0 800 "), "all issues");
        assert!(strip.contains(&escape(&project.title)), "the project's title by default");
        input.figure.view = FigureView::Map { x: None, y: None };
        let map = ExportKind::FigureSvg.render(&input);
        assert!(map.contains("viewBox=\"0 0 640 640\""), "the first two issues as a map");
        // This article's positions, as the plot panel shows them.
        let article = &project.articles[0].id;
        input.figure.source = PointSource::Article { article: Some(article), coder: &coder };
        let figure = ExportKind::FigureSvg.render(&input);
        assert!(figure.contains(&escape(&format!("Positions in “{}”", project.articles[0].title))), "{figure}");
    }
}
