//! `stancemap import-positions`: imports a coded-positions CSV into a project (created from the
//! presets when missing), all or nothing, and prints what the import did. It sends the same session
//! command as the app's File → Import coded positions (`Command::ImportPositionsFile`); a refused
//! file leaves the project file untouched. Actor and issue names the project does not know are
//! refused, each with its row and the closest existing name, unless `--create-missing` — where the
//! app asks about each, the command line cannot.
//!
//! A KTAB scenario (the SMP layout) is recognised and brings its own actors and issues: existing
//! actors are matched by name or alias, the rest created, and the result merged like `merge`.
//!
//! Into a team folder, each position goes to its coder's file and no other file is written;
//! `--coder` names whose rows these are, and a coder the team does not have is refused.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::ImportPositionsArgs;
use super::open::{open_or_new_project, save_session};
use crate::io::positions_csv::{NameChoices, PositionsImportSummary as PositionsImported};
use crate::session::{Command, DialogRequest, Effect, Session};

/// Runs `stancemap import-positions`.
pub fn run(args: &ImportPositionsArgs) -> anyhow::Result<ExitCode> {
    if let Some(root) = crate::io::team::team_root(&args.project) {
        return import_into_team(args, &root);
    }
    if crate::session::is_exchange_file(&args.csv) {
        return import_ktab(args);
    }
    let (project, _) = open_or_new_project(&args.project)?;
    let mut session = Session::new(project, Some(args.project.clone()));
    let summary = import_csv(&mut session, args)?;
    save_session(&mut session)?;
    print_summary(&summary)?;
    writeln!(std::io::stdout().lock(), "saved {}", args.project.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Imports the CSV into a team folder: every position goes to its coder's file, and only the
/// files whose contents changed are written (the team file only when `--create-missing` added to
/// the codebook). A coder the team does not have is refused, as are rows of another coder than
/// `--coder`'s; then nothing is written.
fn import_into_team(args: &ImportPositionsArgs, root: &std::path::Path) -> anyhow::Result<ExitCode> {
    if crate::session::is_exchange_file(&args.csv) {
        anyhow::bail!(
            "{}: a KTAB scenario brings its own actors and issues; import it into a project file, then `merge`",
            args.csv.display()
        );
    }
    let (project, mut folder) = crate::io::team::load_team(root)?;
    let coder_list = || {
        let names: Vec<String> =
            project.coders.iter().map(|coder| format!("{:?} ({})", coder.name, coder.id.as_str())).collect();
        format!("the team's coders are: {}", names.join(", "))
    };
    let coder = match &args.coder {
        Some(wanted) => {
            let found = project.coders.iter().find(|coder| {
                coder.id.as_str().eq_ignore_ascii_case(wanted) || coder.name.eq_ignore_ascii_case(wanted)
            });
            let Some(found) = found else {
                anyhow::bail!("{}: no coder {wanted:?} in the team; {}", root.display(), coder_list());
            };
            Some(found.id.clone())
        }
        None => None,
    };
    let mut session = Session::new(project.clone(), None);
    let summary = import_csv(&mut session, args)?;
    let imported = session.project();
    if let Some(new) = imported.coders.iter().find(|c| project.coder(&c.id).is_none()) {
        anyhow::bail!(
            "{}: coder {:?} is not in the team; nothing was imported (add them to the team first, or pass --coder); {}",
            args.csv.display(),
            new.name,
            coder_list()
        );
    }
    if let Some(coder) = &coder
        && let Some(other) = imported
            .positions
            .iter()
            .find(|position| &position.coder != coder && project.positions.get(&position.key()) != Some(position))
    {
        anyhow::bail!(
            "{}: a row is coded by {:?}, but --coder {} was given; nothing was imported",
            args.csv.display(),
            other.coder.as_str(),
            coder.as_str()
        );
    }
    let written = crate::io::team::save_changed(imported, &mut folder)?;
    print_summary(&summary)?;
    let mut out = std::io::stdout().lock();
    for path in &written {
        writeln!(out, "saved {}", path.display())?;
    }
    if written.is_empty() {
        writeln!(out, "{} unchanged", root.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Sends the CSV through the app's import command; an error names the file (and for unknown
/// actor or issue names, each of them).
fn import_csv(session: &mut Session, args: &ImportPositionsArgs) -> anyhow::Result<PositionsImported> {
    let scale = args.scale.map(|scale| (scale.min, scale.max));
    let names = NameChoices {
        create_missing: args.create_missing,
        use_existing: Vec::new(),
        default_coder: args.coder.clone(),
    };
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
    summary.ok_or_else(|| anyhow::anyhow!("{}: nothing was imported", args.csv.display()))
}

fn print_summary(summary: &PositionsImported) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "positions set: {} ({} replaced)", summary.positions_set, summary.replaced)?;
    writeln!(out, "actors created: {}", summary.actors_created)?;
    writeln!(out, "issues created: {}", summary.issues_created)?;
    writeln!(out, "articles created: {}", summary.articles_created)?;
    writeln!(out, "coders created: {}", summary.coders_created)
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
