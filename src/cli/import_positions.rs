//! `stancemap import-positions`: imports a coded-positions CSV into a project (created from the
//! presets when missing), all or nothing, and prints what the import did. It sends the same session
//! command as the app's File → Import coded positions (`Command::ImportPositionsFile`); a refused
//! file leaves the project file untouched.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::ImportPositionsArgs;
use super::open::{open_or_new_project, save_session};
use crate::session::{Command, Effect, Session};

/// Runs `stancemap import-positions`.
pub fn run(args: &ImportPositionsArgs) -> anyhow::Result<ExitCode> {
    let (project, _) = open_or_new_project(&args.project)?;
    let mut session = Session::new(project, Some(args.project.clone()));
    let scale = args.scale.map(|scale| (scale.min, scale.max));
    let effects = session.apply(Command::ImportPositionsFile { path: args.csv.clone(), scale });
    let mut summary = None;
    for effect in effects {
        match effect {
            Effect::Error(message) => anyhow::bail!(message),
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
