//! `stancemap team …`: make a team folder from a project file (`init`), report who has coded what
//! (`status`, as a table or [`StatusReport`] JSON) and write the folder back as one project file
//! (`export`). The folder format is `io::team`'s.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::{TeamAssignArgs, TeamCommand, TeamExportArgs, TeamInitArgs, TeamStatusArgs};
use super::open::check_output_path;
use crate::io::output::OutputKind;
use crate::io::project_file::{self, PROJECT_EXTENSION};
use crate::io::team;
use crate::model::wording::count;

/// Runs a `stancemap team` tool.
pub fn run(command: &TeamCommand) -> anyhow::Result<ExitCode> {
    match command {
        TeamCommand::Init(args) => init(args),
        TeamCommand::Status(args) => status(args),
        TeamCommand::Export(args) => export(args),
        TeamCommand::Assign(args) => assign(args),
    }
}

fn assign(args: &TeamAssignArgs) -> anyhow::Result<ExitCode> {
    let (mut project, mut folder) = team::load_team(&args.dir)?;
    let coders: Vec<crate::model::CoderId> =
        args.coders.iter().map(|id| id.trim()).filter(|id| !id.is_empty()).map(Into::into).collect();
    let articles: Vec<_> = project.articles.iter().map(|article| article.id.clone()).collect();
    let assignments = crate::model::assign::balanced_split(&articles, &coders, args.overlap, args.seed)?;
    let mut added = Vec::new();
    for coder in &coders {
        if project.coder(coder).is_none() {
            project.coders.push(crate::model::Coder { id: coder.clone(), name: coder.to_string() });
            added.push(coder.to_string());
        }
    }
    project.assignments = assignments;
    team::save_codebook_if_changed(&project, &mut folder)?;
    let report = StatusReport::of(&project);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "assigned {} to {} (seed {}), {} coded by every one of them",
        count(report.articles, "article", "articles"),
        count(coders.len(), "coder", "coders"),
        args.seed,
        count(report.overlap, "article", "articles")
    )?;
    if !added.is_empty() {
        writeln!(out, "new coders: {}", added.join(", "))?;
    }
    for coder in report.coders.iter().filter(|c| coders.iter().any(|id| id.as_str() == c.id)) {
        writeln!(out, "  {}: {}", coder.id, count(coder.assigned, "article", "articles"))?;
    }
    Ok(ExitCode::SUCCESS)
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

use crate::analysis::team_status::StatusReport;

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
