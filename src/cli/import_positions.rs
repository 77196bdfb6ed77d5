//! `stancemap import-positions`: imports a coded-positions CSV into a project (created from the
//! presets when missing), all or nothing, and prints what the import did. Reading the file and
//! summarising the import are shared with the app ([`positions_csv::read_positions_file`],
//! [`positions_csv::summarize`]); a refused file leaves the project file untouched.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::ImportPositionsArgs;
use super::open::open_or_new_project;
use crate::io::{positions_csv, project_file};

/// Runs `stancemap import-positions`.
pub fn run(args: &ImportPositionsArgs) -> anyhow::Result<ExitCode> {
    let (before, _) = open_or_new_project(&args.project)?;
    let scale = args.scale.map(|scale| (scale.min, scale.max));
    let edit = positions_csv::read_positions_file(&before, &args.csv, scale)?;
    let mut project = before.clone();
    edit.clone().apply(&mut project);
    let summary = positions_csv::summarize(&edit, &before, &project);
    project_file::save_project(&args.project, &project)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "positions set: {} ({} replaced)", summary.positions_set, summary.replaced)?;
    writeln!(out, "actors created: {}", summary.actors_created)?;
    writeln!(out, "issues created: {}", summary.issues_created)?;
    writeln!(out, "articles created: {}", summary.articles_created)?;
    writeln!(out, "coders created: {}", summary.coders_created)?;
    writeln!(out, "saved {}", args.project.display())?;
    Ok(ExitCode::SUCCESS)
}
