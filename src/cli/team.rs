//! `stancemap team …`: make a team folder from a project file (`init`), report who has coded what
//! (`status`, as a table or [`StatusReport`] JSON) and write the folder back as one project file
//! (`export`). The folder format is `io::team`'s.

use std::io::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use super::args::{TeamCommand, TeamExportArgs, TeamInitArgs, TeamStatusArgs};
use super::open::check_output_path;
use crate::io::output::OutputKind;
use crate::io::project_file::{self, PROJECT_EXTENSION};
use crate::io::team;
use crate::model::Project;
use crate::model::wording::count;

/// Runs a `stancemap team` tool.
pub fn run(command: &TeamCommand) -> anyhow::Result<ExitCode> {
    match command {
        TeamCommand::Init(args) => init(args),
        TeamCommand::Status(args) => status(args),
        TeamCommand::Export(args) => export(args),
    }
}

fn init(args: &TeamInitArgs) -> anyhow::Result<ExitCode> {
    let project = project_file::load_project(&args.project)?;
    team::create_team(&args.dir, &project)?;
    println!(
        "made team folder {} from {}: {}, {}; each coder saves to {}/<coder>.json",
        args.dir.display(),
        args.project.display(),
        count(project.coders.len(), "coder", "coders"),
        count(project.positions.len(), "position", "positions"),
        team::CODERS_FOLDER
    );
    Ok(ExitCode::SUCCESS)
}

fn export(args: &TeamExportArgs) -> anyhow::Result<ExitCode> {
    check_output_path(&args.output, OutputKind::Project, PROJECT_EXTENSION, args.force)?;
    let (project, _) = team::load_team(&args.dir)?;
    project_file::save_project(&args.output, &project)?;
    println!(
        "wrote {}: {}, {}, {}",
        args.output.display(),
        count(project.articles.len(), "article", "articles"),
        count(project.coders.len(), "coder", "coders"),
        count(project.positions.len(), "position", "positions")
    );
    Ok(ExitCode::SUCCESS)
}

/// What `team status --json` prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    /// Every coder, in the codebook's order.
    pub coders: Vec<CoderStatus>,
    /// Articles in the reliability overlap (assigned to more than one coder).
    pub overlap: usize,
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
    /// The status of `project`.
    pub fn of(project: &Project) -> Self {
        let coders = project
            .coders
            .iter()
            .map(|coder| CoderStatus {
                id: coder.id.to_string(),
                name: coder.name.clone(),
                assigned: project.assignments.iter().filter(|a| a.coder == coder.id).count(),
                done: project.done_articles.iter().filter(|mark| mark.coder == coder.id).count(),
                positions: project.positions.iter().filter(|position| position.coder == coder.id).count(),
            })
            .collect();
        let overlap: std::collections::BTreeSet<_> =
            project.assignments.iter().filter(|a| a.overlap).map(|a| &a.article).collect();
        Self { coders, overlap: overlap.len(), articles: project.articles.len() }
    }
}

fn status(args: &TeamStatusArgs) -> anyhow::Result<ExitCode> {
    let (project, _) = team::load_team(&args.dir)?;
    let report = StatusReport::of(&project);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = report
        .coders
        .iter()
        .map(|coder| {
            vec![
                coder.id.clone(),
                coder.name.clone(),
                coder.assigned.to_string(),
                coder.done.to_string(),
                coder.positions.to_string(),
            ]
        })
        .collect();
    super::output::write_table(&mut out, &["coder", "name", "assigned", "done", "positions"], &rows, 2)?;
    writeln!(
        out,
        "{}, {} in the reliability overlap",
        count(report.articles, "article", "articles"),
        count(report.overlap, "article", "articles")
    )?;
    Ok(ExitCode::SUCCESS)
}
