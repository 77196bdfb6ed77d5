//! `stancemap export` (alias `plot`): writes a figure (SVG or PNG of any view), the tidy data (CSV
//! or JSON), the aggregates CSV or the HTML report of a project. What each contains is
//! `io::export`'s; this module picks the format, the view, its issues (by name, id or 1-based
//! number) and the title, checks the output path (`io::output`: never over a project, never over
//! an existing file without `--force`) and writes.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};

use super::args::{ExportArgs, ExportFormat, ExportView};
use super::open::{check_output_path, find_issue, issue_list, open_positions};
use crate::figure::{self, FigureRequest, FigureView, PointSource};
use crate::io::exchange::ExchangeFormat;
use crate::io::export::{ExportInput, ExportKind, FigureSize};
use crate::io::output::OutputKind;
use crate::io::project_file;
use crate::model::{Issue, Project};

/// Runs `stancemap export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let format = args.format.unwrap_or_else(|| format_of(&args.out));
    let kind = match format {
        ExportFormat::Csv => ExportKind::TidyCsv,
        ExportFormat::Json => ExportKind::TidyJson,
        ExportFormat::Aggregates => ExportKind::AggregateCsv,
        ExportFormat::Html => ExportKind::Report,
        ExportFormat::Svg => ExportKind::FigureSvg,
        ExportFormat::Png => ExportKind::FigurePng,
        ExportFormat::Qdpx => return write_exchange(args, ExchangeFormat::Qdpx),
        ExportFormat::Ktab => return write_exchange(args, ExchangeFormat::Ktab),
        ExportFormat::Dna => return write_exchange(args, ExchangeFormat::Dna),
    };
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && kind == ExportKind::FigurePng {
        bail!("a PNG cannot go to stdout; name a file with -o OUT.png");
    }
    if !to_stdout {
        check_output_path(&args.out, OutputKind::Export, kind.extension(), args.force)?;
    }
    let mut project = open_positions(&args.file)?;
    // The report's agreement section reads the coders' own values, whatever the figures read.
    let coded =
        (args.consensus && kind == ExportKind::Report && !project.consensus.is_empty()).then(|| project.clone());
    if args.consensus {
        project.positions = crate::model::consensus::resolved_positions(&project);
    }
    if project.positions.is_empty() {
        bail!(
            "{}: no positions to plot or export; code some positions first (nothing was written)",
            args.file.display()
        );
    }
    let issue = |name: &Option<String>| name.as_deref().map(|name| pick_issue(&project, name, &args.file)).transpose();
    let (x, y) = match args.map.as_deref() {
        Some([x, y]) => (Some(pick_issue(&project, x, &args.file)?), Some(pick_issue(&project, y, &args.file)?)),
        Some(_) => bail!("--map takes two issues: --map X_ISSUE Y_ISSUE"),
        None => (issue(&args.x)?, issue(&args.y)?),
    };
    let evolution_issue = issue(&args.issue)?;
    let view = match args.view {
        Some(view) => view,
        None if x.is_some() || y.is_some() => ExportView::Map,
        None if evolution_issue.is_some() => ExportView::Evolution,
        None => ExportView::Strip,
    };
    let title = match &args.title {
        Some(title) => title.clone(),
        None if !project.title.trim().is_empty() => project.title.clone(),
        None => args.file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let figure_view = match view {
        ExportView::Strip => FigureView::AllIssues,
        ExportView::Map => {
            if project.issues.len() < 2 {
                bail!(
                    "{}: a map needs two issues; {}",
                    args.file.display(),
                    issue_list(project.issues.iter().collect())
                );
            }
            FigureView::Map { x: x.map(|issue| &issue.id), y: y.map(|issue| &issue.id) }
        }
        ExportView::Evolution => FigureView::Evolution(evolution_issue.map(|issue| &issue.id)),
        ExportView::Distance => FigureView::Distance,
    };
    let rows = figure::mean_rows(&project);
    let source = PointSource::Means(&rows);
    if let FigureView::Map { .. } = figure_view
        && matches!(kind, ExportKind::FigureSvg | ExportKind::FigurePng)
        && let figure::Figure::Map(map) =
            figure::figure_for(&project, &FigureRequest { view: figure_view, source, title: None })
        && map.points.is_empty()
    {
        bail!("{}: no actor has positions on both {:?} and {:?}", args.file.display(), map.x.name, map.y.name);
    }
    let aggregate = crate::analysis::aggregate::AggregateOptions { include_overall: true, ..Default::default() };
    let input = ExportInput {
        project: &project,
        figure: FigureRequest { view: figure_view, source, title: Some(&title) },
        aggregate: &aggregate,
        size: FigureSize { width: args.width, scale: args.scale },
    };
    let bytes = match &coded {
        Some(coded) => crate::io::export::report::report_html_with_agreement(&project, coded).into_bytes(),
        None => kind.render(&input).with_context(|| args.out.display().to_string())?,
    };
    if to_stdout {
        std::io::stdout().lock().write_all(&bytes)?;
    } else {
        project_file::write_atomically(&args.out, &bytes)?;
        println!(
            "wrote {} ({}, {} bytes)",
            args.out.display(),
            kind.title().trim_start_matches("Export "),
            bytes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the project in another tool's format and says what the format changed or lost.
fn write_exchange(args: &ExportArgs, format: ExchangeFormat) -> anyhow::Result<ExitCode> {
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && format == ExchangeFormat::Qdpx {
        bail!("a REFI-QDA project cannot go to stdout; name a file with -o OUT.qdpx");
    }
    if to_stdout && format == ExchangeFormat::Dna {
        bail!("a DNA database cannot go to stdout; name a file with -o OUT.dna");
    }
    if !to_stdout {
        check_output_path(&args.out, OutputKind::Export, format.extension(), args.force)?;
    }
    let project = super::open::load_project_or_team(&args.file)?;
    let (bytes, report) = format.write(&project).with_context(|| args.file.display().to_string())?;
    if to_stdout {
        std::io::stdout().lock().write_all(&bytes)?;
    } else {
        project_file::write_atomically(&args.out, &bytes)?;
        println!("wrote {} ({}, {} bytes)", args.out.display(), format.name(), bytes.len());
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The format an output path asks for by its extension (SVG when it says nothing).
fn format_of(out: &Path) -> ExportFormat {
    match out.extension().map(|ext| ext.to_string_lossy().to_lowercase()).as_deref() {
        Some("csv") => ExportFormat::Csv,
        Some("json") => ExportFormat::Json,
        Some("html" | "htm") => ExportFormat::Html,
        Some("png") => ExportFormat::Png,
        Some("qdpx") => ExportFormat::Qdpx,
        Some("dna") => ExportFormat::Dna,
        _ => ExportFormat::Svg,
    }
}

/// The issue `name` names: a 1-based number, else an id or name (case-insensitive).
fn pick_issue<'a>(project: &'a Project, name: &str, file: &Path) -> anyhow::Result<&'a Issue> {
    if let Ok(number) = name.trim().parse::<usize>()
        && project.find_issue_by_name(name).is_none()
    {
        return project.issues.get(number.wrapping_sub(1)).ok_or_else(|| {
            anyhow!(
                "{}: there is no issue number {number} (1 to {}); {}",
                file.display(),
                project.issues.len(),
                issue_list(project.issues.iter().collect())
            )
        });
    }
    find_issue(project, name, file)
}
