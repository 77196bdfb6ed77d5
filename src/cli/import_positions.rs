//! `stancemap import-positions`: imports a coded-positions CSV into a project (created from the
//! presets when missing), all or nothing, and prints what the import did. It sends the same session
//! command as the app's File → Import coded positions (`Command::ImportPositionsFile`); a refused
//! file leaves the project file untouched. Actor and issue names the project does not know are
//! refused, each with its row and the closest existing name, unless `--create-missing` — where the
//! app asks about each, the command line cannot.
//!
//! A KTAB scenario (the SMP layout) is recognised and brings its own actors and issues: existing
//! actors are matched by name or alias, the rest created, and the result merged like `merge`.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::ImportPositionsArgs;
use super::open::{open_or_new_project, save_session};
use crate::io::positions_csv::NameChoices;
use crate::session::{Command, DialogRequest, Effect, Session};

/// Runs `stancemap import-positions`.
pub fn run(args: &ImportPositionsArgs) -> anyhow::Result<ExitCode> {
    if crate::session::is_exchange_file(&args.csv) {
        return import_ktab(args);
    }
    let (project, _) = open_or_new_project(&args.project)?;
    let mut session = Session::new(project, Some(args.project.clone()));
    let scale = args.scale.map(|scale| (scale.min, scale.max));
    let names = NameChoices { create_missing: args.create_missing, use_existing: Vec::new() };
    let effects = session.apply(Command::ImportPositionsFile { path: args.csv.clone(), scale, names });
    let mut summary = None;
    for effect in effects {
        match effect {
            Effect::Error(message) => anyhow::bail!(message),
            Effect::ShowDialog(DialogRequest::ImportNames { path, names, .. }) => {
                let lines: Vec<String> = names.iter().map(|name| format!("  {name}")).collect();
                anyhow::bail!(
                    "{}: {} not in the project; nothing was imported (fix the names, or pass --create-missing to create them):\n{}",
                    path.display(),
                    if names.len() == 1 { "1 name is".to_owned() } else { format!("{} names are", names.len()) },
                    lines.join("\n")
                );
            }
            Effect::PositionsImported(imported) => summary = Some(imported),
            _ => {}
        }
    }
    let Some(summary) = summary else { anyhow::bail!("{}: nothing was imported", args.csv.display()) };
    save_session(&mut session)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "positions set: {} ({} replaced)", summary.positions_set, summary.replaced)?;
    writeln!(out, "actors created: {}", summary.actors_created)?;
    writeln!(out, "issues created: {}", summary.issues_created)?;
    writeln!(out, "articles created: {}", summary.articles_created)?;
    writeln!(out, "coders created: {}", summary.coders_created)?;
    writeln!(out, "saved {}", args.project.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Imports a KTAB scenario: a missing project is created holding what the scenario holds, an
/// existing one gets it merged (conflicts keep the project's side, the other in the Trash).
fn import_ktab(args: &ImportPositionsArgs) -> anyhow::Result<ExitCode> {
    let existing =
        if args.project.exists() { Some(crate::io::project_file::load_project(&args.project)?) } else { None };
    let (imported, report) =
        crate::session::read_exchange_file(&args.csv, existing.as_ref(), None, None).map_err(|e| anyhow::anyhow!(e))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "KTAB scenario {}: {}", args.csv.display(), report.imported.join(", "))?;
    for line in &report.left_out {
        writeln!(out, "  note: {line}")?;
    }
    let project = match existing {
        None => imported,
        Some(current) => super::import::merge_keeping_ours(&current, &imported, &mut out)?,
    };
    crate::io::project_file::save_project(&args.project, &project)?;
    writeln!(out, "saved {}", args.project.display())?;
    Ok(ExitCode::SUCCESS)
}
