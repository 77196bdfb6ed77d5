//! `stancemap import`: imports article files and folders into a project, creating the project from
//! the presets when it does not exist. Each file is reported (imported, duplicate, failed); the
//! project is saved only when something was imported, and any failure makes the exit status 1.
//!
//! The import goes through the same session command as the app's (`Command::FinishImport`), so
//! both decide alike what enters the project.

use crate::model::wording::count;
use std::io::Write as _;
use std::process::ExitCode;

use super::args::ImportArgs;
use super::open::{open_or_new_project, save_session};
use crate::io::articles;
use crate::session::{Command, Effect, Session};

/// Runs `stancemap import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let (project, existed) = open_or_new_project(&args.project)?;
    let mut session = Session::new(project, Some(args.project.clone()));
    let extracted = articles::extract_paths(&args.paths);
    let effects = session.apply(Command::FinishImport(Box::new(extracted)));
    let Some(report) = effects.into_iter().find_map(|effect| match effect {
        Effect::ImportFinished(report) => Some(report),
        _ => None,
    }) else {
        anyhow::bail!("the import reported nothing");
    };
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
    let outcome = if session.document().is_dirty() {
        save_session(&mut session)?;
        format!("saved {} ({})", args.project.display(), count(session.project().articles.len(), "article", "articles"))
    } else if existed {
        format!("{} unchanged", args.project.display())
    } else {
        format!("{} not created", args.project.display())
    };
    writeln!(out, "{}; {outcome}", report.summary)?;
    Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
