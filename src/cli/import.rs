//! `stancemap import`: imports article files and folders into a project, creating the project from
//! the presets when it does not exist. Each file is reported (imported, duplicate, failed); the
//! project is saved only when something was imported, and any failure makes the exit status 1.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::ImportArgs;
use super::open::open_or_new_project;
use crate::io::{articles, project_file};

/// Runs `stancemap import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let (mut project, existed) = open_or_new_project(&args.project)?;
    let report = articles::import_paths(&project, &args.paths);
    let mut out = std::io::stdout().lock();
    for (title, file) in &report.imported {
        writeln!(out, "imported: {title} ({})", file.display())?;
    }
    for (title, file) in &report.duplicates {
        writeln!(out, "skipped duplicate: {title} ({})", file.display())?;
    }
    out.flush()?;
    for failure in &report.failures {
        eprintln!("failed: {failure}");
    }
    let outcome = match &report.edit {
        Some(edit) => {
            edit.clone().apply(&mut project);
            project_file::save_project(&args.project, &project)?;
            format!("saved {} ({} articles)", args.project.display(), project.articles.len())
        }
        None if existed => format!("{} unchanged", args.project.display()),
        None => format!("{} not created", args.project.display()),
    };
    writeln!(out, "{}; {outcome}", report.summary())?;
    Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
