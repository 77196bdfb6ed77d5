//! Exports: what the user can export, and each export's contents.
//!
//! [`ExportKind`] is the catalogue — menu text, dialog title, file extension, suggested file name
//! and contents — so a new export is one entry here and the app, the menus and `stancemap export`
//! follow. The contents are pure functions of an [`ExportInput`] returning the document's bytes;
//! callers write them (e.g. with [`crate::io::project_file::write_atomically`]). [`svg`] draws the
//! figures of [`crate::figure`] as standalone SVG documents, [`png`] renders those to PNG,
//! [`tidy`] writes one row per coded position (CSV and JSON) and [`report`] the HTML report.
//!
//! Rule: a project without a coded position exports nothing ([`ExportError::NoPositions`]), so no
//! one mistakes an empty file for a result.

pub mod png;
pub mod report;
pub mod svg;
pub mod tidy;

use std::path::{Path, PathBuf};

pub use svg::escape;

use crate::analysis::aggregate::{self, AggregateOptions};
use crate::figure::{self, FigureRequest};
use crate::io::exchange::{ExchangeError, ExchangeFormat};
use crate::model::Project;

/// Something the user can export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportKind {
    /// Every coded position as CSV, in the import format.
    PositionsCsv,
    /// One row per coded position with article, actor and scale details (RFC 4180 CSV).
    TidyCsv,
    /// The tidy rows as a JSON array of objects.
    TidyJson,
    /// The aggregate table (mean, median, SD… per actor and issue) as CSV.
    AggregateCsv,
    /// The plot shown as an SVG figure.
    FigureSvg,
    /// The plot shown as a PNG image.
    FigurePng,
    /// Everything in one self-contained HTML file.
    Report,
    /// The project in another tool's format ([`crate::io::exchange`]).
    Exchange(ExchangeFormat),
}

/// How big a figure export is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FigureSize {
    /// The figure's width in points; `None` takes the view's default (800, the map 640).
    pub width: Option<f64>,
    /// Pixels per point of a PNG (1 or 2 for a 2× image).
    pub scale: f32,
}

impl Default for FigureSize {
    fn default() -> Self {
        Self { width: None, scale: 1.0 }
    }
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
    /// The size of a figure export.
    pub size: FigureSize,
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Nothing is coded yet.
    #[error("the project has no coded positions yet; code some positions first (nothing was written)")]
    NoPositions,
    /// The width asked for is unusable.
    #[error("a figure width of {0} points is not possible (choose 200 to 10000)")]
    Width(f64),
    /// The PNG could not be rendered.
    #[error(transparent)]
    Png(#[from] png::PngError),
    /// Writing CSV failed.
    #[error("the CSV could not be written: {0}")]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error("the JSON could not be written: {0}")]
    Json(#[from] serde_json::Error),
    /// Another tool's format could not be written.
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
}

/// The aggregate table's options as exported: confidence-weighted mean included, every coder,
/// overall judgements counted; `roll_up` as the plot panel has it.
pub fn aggregate_export_options(roll_up: bool) -> AggregateOptions {
    AggregateOptions { weighted: true, roll_up, coder: None, include_overall: true }
}

impl ExportKind {
    /// Every export, in menu order.
    pub const ALL: [ExportKind; 10] = [
        Self::FigureSvg,
        Self::FigurePng,
        Self::Report,
        Self::TidyCsv,
        Self::TidyJson,
        Self::AggregateCsv,
        Self::PositionsCsv,
        Self::Exchange(ExchangeFormat::Qdpx),
        Self::Exchange(ExchangeFormat::Ktab),
        Self::Exchange(ExchangeFormat::Dna),
    ];

    /// The menu text.
    pub fn label(self) -> &'static str {
        match self {
            Self::PositionsCsv => "Export positions as CSV…",
            Self::TidyCsv => "Export tidy data as CSV…",
            Self::TidyJson => "Export tidy data as JSON…",
            Self::AggregateCsv => "Export aggregate table as CSV…",
            Self::FigureSvg => "Export figure as SVG…",
            Self::FigurePng => "Export figure as PNG…",
            Self::Report => "Export report as HTML…",
            Self::Exchange(ExchangeFormat::Qdpx) => "Export REFI-QDA project (.qdpx)…",
            Self::Exchange(ExchangeFormat::Ktab) => "Export KTAB scenario (.csv)…",
            Self::Exchange(ExchangeFormat::Dna) => "Export Discourse Network Analyzer database (.dna)…",
        }
    }

    /// The menu tooltip.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::PositionsCsv => "Every coded position, in the import format",
            Self::TidyCsv => {
                "One row per coded position with article, actor, scale, coder and evidence — for R, pandas, Stata"
            }
            Self::TidyJson => "The tidy rows as a JSON array of objects",
            Self::AggregateCsv => "Mean, median, SD per actor and issue",
            Self::FigureSvg => "The plot shown as a vector figure for papers and reports",
            Self::FigurePng => "The plot shown as an image, at the width and scale chosen in the plot panel",
            Self::Report => {
                "One self-contained HTML file: summary, every figure, positions with quotes, agreement, forecasts"
            }
            Self::Exchange(ExchangeFormat::Qdpx) => {
                "Articles, actors, issues, coders and every quote as a REFI-QDA project for QualCoder, MAXQDA, NVivo or ATLAS.ti"
            }
            Self::Exchange(ExchangeFormat::Dna) => {
                "Articles, coders and one DNA statement per quote (person, organization, concept, agreement, position, salience) for Discourse Network Analyzer 3"
            }
            Self::Exchange(ExchangeFormat::Ktab) => {
                "Each actor's position, salience and capability per issue as a KTAB (SMP) scenario for expected-utility models"
            }
        }
    }

    /// The title of the dialog asking where to save.
    pub fn title(self) -> &'static str {
        self.label().trim_end_matches('…')
    }

    /// The hint of the dialog asking where to write the file: it names the format.
    pub fn path_hint(self) -> &'static str {
        match self {
            Self::PositionsCsv => "Where to write the positions CSV file, e.g. ~/analysis/positions.csv",
            Self::TidyCsv => "Where to write the tidy data CSV file (one row per position), e.g. ~/analysis/tidy.csv",
            Self::TidyJson => "Where to write the tidy data JSON file, e.g. ~/analysis/tidy.json",
            Self::AggregateCsv => "Where to write the aggregate table CSV file, e.g. ~/analysis/aggregate.csv",
            Self::FigureSvg => "Where to write the SVG figure, e.g. ~/paper/positions.svg",
            Self::FigurePng => "Where to write the PNG image, e.g. ~/paper/positions.png",
            Self::Report => "Where to write the HTML report, e.g. ~/analysis/report.html",
            Self::Exchange(ExchangeFormat::Qdpx) => {
                "Where to write the REFI-QDA project (QDPX), e.g. ~/analysis/ukraine.qdpx \
                 (QualCoder, MAXQDA, NVivo and ATLAS.ti open it)"
            }
            Self::Exchange(ExchangeFormat::Ktab) => {
                "Where to write the KTAB scenario CSV file, e.g. ~/analysis/scenario.csv"
            }
            Self::Exchange(ExchangeFormat::Dna) => {
                "Where to write the Discourse Network Analyzer (DNA) database, e.g. ~/analysis/ukraine.dna"
            }
        }
    }

    /// The file extension (without the dot), added when the user gives a name without one.
    pub fn extension(self) -> &'static str {
        match self {
            Self::PositionsCsv | Self::AggregateCsv | Self::TidyCsv => "csv",
            Self::TidyJson => "json",
            Self::FigureSvg => "svg",
            Self::FigurePng => "png",
            Self::Report => "html",
            Self::Exchange(format) => format.extension(),
        }
    }

    /// The path suggested in the dialog: next to the project, `<stem>-<what>.<extension>`; none
    /// for an unsaved project or for a figure (which depends on the view).
    pub fn default_file_name(self, project_path: Option<&Path>) -> Option<PathBuf> {
        let suffix = match self {
            Self::PositionsCsv => "positions",
            Self::AggregateCsv => "aggregate",
            Self::TidyCsv | Self::TidyJson => "tidy",
            Self::Report => "report",
            Self::Exchange(ExchangeFormat::Qdpx) => "refi-qda",
            Self::Exchange(ExchangeFormat::Ktab) => "ktab",
            Self::Exchange(ExchangeFormat::Dna) => "dna",
            Self::FigureSvg | Self::FigurePng => return None,
        };
        let path = project_path?;
        let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        Some(path.with_file_name(format!("{stem}-{suffix}.{}", self.extension())))
    }

    /// The exported document's bytes.
    pub fn render(self, input: &ExportInput<'_>) -> Result<Vec<u8>, ExportError> {
        let project = input.project;
        // A corpus without positions is still worth handing to a QDA tool: each exchange format
        // says itself when it has nothing to carry.
        if project.positions.is_empty() && !matches!(self, Self::Exchange(_)) {
            return Err(ExportError::NoPositions);
        }
        let text = match self {
            Self::PositionsCsv => crate::io::positions_csv::export_positions(project),
            Self::TidyCsv => tidy::tidy_csv(project)?,
            Self::TidyJson => tidy::tidy_json(project)?,
            Self::AggregateCsv => aggregate::to_csv(&aggregate::aggregate(project, input.aggregate), project),
            Self::FigureSvg => figure_svg(project, &input.figure, input.size)?,
            Self::Report => report::report_html(project),
            Self::FigurePng => {
                return Ok(png::render_png(&figure_svg(project, &input.figure, input.size)?, input.size.scale)?);
            }
            Self::Exchange(format) => return Ok(format.write(project)?.0),
        };
        Ok(text.into_bytes())
    }
}

/// The figure `request` asks for as an SVG document `size.width` points wide (see
/// [`figure::figure_for`]).
pub fn figure_svg(project: &Project, request: &FigureRequest<'_>, size: FigureSize) -> Result<String, ExportError> {
    let figure = figure::figure_for(project, request);
    match size.width {
        None => Ok(svg::draw(&figure)),
        Some(width) if (200.0..=10_000.0).contains(&width) => Ok(svg::draw_at(&figure, width)),
        Some(width) => Err(ExportError::Width(width)),
    }
}

/// The figure `request` asks for as an SVG document at its default width.
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
            assert!(matches!(kind.extension(), "csv" | "svg" | "png" | "json" | "html" | "qdpx" | "dna"));
            // The dialog's hint names the file's own format (not "CSV" for a PNG).
            assert!(kind.path_hint().contains(&kind.extension().to_uppercase()), "{kind:?}");
            assert!(kind.path_hint().contains(&format!(".{}", kind.extension())), "{kind:?}");
        }
        let hints: std::collections::HashSet<&str> = ExportKind::ALL.iter().map(|kind| kind.path_hint()).collect();
        assert_eq!(hints.len(), ExportKind::ALL.len(), "each export has its own hint");
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
        assert_eq!(ExportKind::Report.default_file_name(Some(project)), Some(PathBuf::from("/data/talks-report.html")));
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
            size: FigureSize::default(),
        };
        let render = |kind: ExportKind, input: &ExportInput<'_>| {
            String::from_utf8(kind.render(input).expect("renders")).expect("text")
        };
        assert_eq!(render(ExportKind::PositionsCsv, &input), crate::io::positions_csv::export_positions(&project));
        let table = render(ExportKind::AggregateCsv, &input);
        assert!(table.starts_with("actor,issue,n,mean,weighted_mean,"), "{table}");
        assert!(!table.lines().nth(1).unwrap_or_default().contains(",,"), "the weighted mean is filled in");

        let strip = render(ExportKind::FigureSvg, &input);
        assert!(strip.contains("viewBox=\"0 0 800 "), "all issues");
        assert!(strip.contains(&escape(&project.title)), "the project's title by default");
        input.figure.view = FigureView::Map { x: None, y: None };
        let map = render(ExportKind::FigureSvg, &input);
        assert!(map.contains("viewBox=\"0 0 640 640\""), "the first two issues as a map");
        // This article's positions, as the plot panel shows them.
        let article = &project.articles[0].id;
        input.figure.source = PointSource::Article { article: Some(article), coder: &coder };
        let figure = render(ExportKind::FigureSvg, &input);
        assert!(figure.contains(&escape(&format!("Positions in “{}”", project.articles[0].title))), "{figure}");
        // A chosen width lays the figure out for it; a PNG at scale 2 has twice the pixels.
        input.figure.view = FigureView::AllIssues;
        input.size = FigureSize { width: Some(1600.0), scale: 2.0 };
        assert!(render(ExportKind::FigureSvg, &input).contains("viewBox=\"0 0 1600 "));
        let png = ExportKind::FigurePng.render(&input).expect("png");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("decodes");
        assert_eq!(pixmap.width(), 3200);
        input.size.width = Some(20.0);
        assert!(matches!(ExportKind::FigureSvg.render(&input), Err(ExportError::Width(_))));
        let empty = Project::default();
        input.project = &empty;
        let message = ExportKind::TidyCsv.render(&input).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("no coded positions"), "{message}");
    }
}
