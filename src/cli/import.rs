//! `stancemap import`: imports article files and folders, REFI-QDA projects (`.qdpx`), Discourse Network Analyzer
//! databases (`.dna`) and KTAB
//! scenarios into a project. Articles go through the same session command as the app's
//! (`Command::FinishImport`); a project missing for them is created from the presets. Another
//! tool's file is read by `io::exchange`: a missing project is created holding exactly what the
//! file holds (no presets), an existing one gets it merged in the way `stancemap merge` merges
//! (conflicts keep the project's side, the other kept in the Trash). Each file is reported; the
//! project is saved only when something changed, and any failure makes the exit status 1. Into a
//! team folder, only the files whose contents changed are written (`io::team::save_changed`).

use crate::model::wording::count;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow};

use super::args::ImportArgs;
use super::open::{open_or_new_project, save_session};
use crate::io::articles;
use crate::io::exchange::{CodeMap, ImportReport};
use crate::io::project_file;
use crate::model::Project;
use crate::session::{Command, Effect, Session, is_exchange_file, read_exchange_file};

/// Runs `stancemap import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let (exchange, paths): (Vec<PathBuf>, Vec<PathBuf>) = args.paths.iter().cloned().partition(|p| is_exchange_file(p));
    if let Some(root) = crate::io::team::team_root(&args.project) {
        return import_into_team(args, &root, &exchange, &paths);
    }
    if exchange.is_empty() {
        if args.map.is_some() {
            anyhow::bail!("--map applies to REFI-QDA projects (.qdpx); none was given");
        }
        return import_articles(args, &paths);
    }
    let map = match &args.map {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
            Some(CodeMap::parse(&text).with_context(|| path.display().to_string())?)
        }
        None => None,
    };
    let existed = args.project.exists();
    let mut project: Option<Project> = if existed { Some(project_file::load_project(&args.project)?) } else { None };
    let before = project.clone();
    let mut out = std::io::stdout().lock();
    for file in &exchange {
        let (imported, report) =
            read_exchange_file(file, project.as_ref(), map.as_ref(), None).map_err(|e| anyhow!(e))?;
        print_report(&mut out, file, &report)?;
        project = Some(match project {
            None => imported,
            Some(current) => merge_keeping_ours(&current, &imported, &mut out)?,
        });
    }
    let Some(project) = project else { anyhow::bail!("nothing was imported") };
    if !paths.is_empty() {
        // Articles too: through the session, into what the other files brought.
        let mut session = Session::new(project, Some(args.project.clone()));
        let effects = session.apply(Command::FinishImport(Box::new(articles::extract_paths(&paths))));
        if let Some(report) = effects.into_iter().find_map(|effect| match effect {
            Effect::ImportFinished(report) => Some(report),
            _ => None,
        }) {
            writeln!(out, "{}", report.summary)?;
            for failure in &report.failures {
                eprintln!("failed: {failure}");
            }
        }
        save_session(&mut session)?;
        writeln!(out, "saved {}", args.project.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    if before.as_ref() == Some(&project) {
        writeln!(out, "{} unchanged", args.project.display())?;
    } else {
        project_file::save_project(&args.project, &project)?;
        writeln!(
            out,
            "saved {} ({}, {}, {})",
            args.project.display(),
            count(project.articles.len(), "article", "articles"),
            count(project.actors.len(), "actor", "actors"),
            count(project.positions.len(), "position", "positions")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Imports into a team folder: articles (and the actors and issues another tool's file brings)
/// go to the team file, positions to their coders' files; only the files whose contents changed
/// are written, so the other coders' files keep their bytes.
fn import_into_team(
    args: &ImportArgs,
    root: &std::path::Path,
    exchange: &[PathBuf],
    paths: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    if args.map.is_some() && exchange.is_empty() {
        anyhow::bail!("--map applies to REFI-QDA projects (.qdpx); none was given");
    }
    let map = match &args.map {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
            Some(CodeMap::parse(&text).with_context(|| path.display().to_string())?)
        }
        None => None,
    };
    let (mut project, mut folder) = crate::io::team::load_team(root)?;
    let mut out = std::io::stdout().lock();
    for file in exchange {
        let (imported, report) =
            read_exchange_file(file, Some(&project), map.as_ref(), None).map_err(|e| anyhow!(e))?;
        print_report(&mut out, file, &report)?;
        project = merge_keeping_ours(&project, &imported, &mut out)?;
    }
    let mut failed = false;
    if !paths.is_empty() {
        let mut session = Session::new(project, None);
        let report = import_and_list(&mut session, paths, &mut out)?;
        failed = !report.failures.is_empty();
        writeln!(out, "{}", report.summary)?;
        project = session.project().clone();
    }
    let written = crate::io::team::save_changed(&project, &mut folder)?;
    for path in &written {
        writeln!(out, "saved {}", path.display())?;
    }
    if written.is_empty() {
        writeln!(out, "{} unchanged", root.display())?;
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Prints what one file brought in, what it left out and how its codes were mapped.
fn print_report(out: &mut impl std::io::Write, file: &std::path::Path, report: &ImportReport) -> std::io::Result<()> {
    let producer =
        if report.producer.is_empty() { String::new() } else { format!(" (written by {})", report.producer) };
    writeln!(out, "imported {}{producer}: {}", file.display(), report.imported.join(", "))?;
    if report.exact {
        writeln!(out, "  StanceMap's own export: restored exactly")?;
    }
    for line in &report.left_out {
        writeln!(out, "  left out: {line}")?;
    }
    if !report.codes.is_empty() {
        writeln!(out, "  codes (codings → mapped to):")?;
        for code in &report.codes {
            let target = if code.mapped_to.is_empty() { "nothing" } else { code.mapped_to.as_str() };
            writeln!(out, "    {} ({}) → {target}", code.name, code.codings)?;
        }
    }
    Ok(())
}

/// Imports the article files and folders `paths` into `session` as the app does, lists what came in
/// and what was skipped on `out` and each failure on standard error, and returns the report.
fn import_and_list(
    session: &mut Session,
    paths: &[PathBuf],
    out: &mut impl Write,
) -> anyhow::Result<crate::session::ImportReportView> {
    let effects = session.apply(Command::FinishImport(Box::new(articles::extract_paths(paths))));
    let Some(report) = effects.into_iter().find_map(|effect| match effect {
        Effect::ImportFinished(report) => Some(report),
        _ => None,
    }) else {
        anyhow::bail!("the import reported nothing");
    };
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
    Ok(report)
}

/// Imports article files and folders only (the project created from the presets when missing).
fn import_articles(args: &ImportArgs, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let (project, existed) = open_or_new_project(&args.project)?;
    let mut session = Session::new(project, Some(args.project.clone()));
    let mut out = std::io::stdout().lock();
    let report = import_and_list(&mut session, paths, &mut out)?;
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

/// `imported` merged into `current` the way `merge` merges, conflicts resolved for the project's
/// side (the file's kept in the Trash) and listed on `out`.
pub(super) fn merge_keeping_ours(
    current: &Project,
    imported: &Project,
    out: &mut impl Write,
) -> anyhow::Result<Project> {
    let merged = crate::model::merge::merge(current, imported);
    for conflict in &merged.conflicts {
        writeln!(out, "  conflict (the project's side kept, the file's in the Trash): {}", conflict.describe())?;
    }
    Ok(merged.resolve(&vec![false; merged.conflicts.len()]))
}
