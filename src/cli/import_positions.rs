//! `stancemap import-positions`: imports a coded-positions CSV into a project (created from the
//! presets when missing), all or nothing, and prints what the import did; a refused file leaves
//! the project file untouched.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow};

use super::args::ImportPositionsArgs;
use super::open::open_or_new_project;
use crate::io::{positions_csv, project_file};
use crate::model::{Edit, Project};

/// Runs `stancemap import-positions`.
pub fn run(args: &ImportPositionsArgs) -> anyhow::Result<ExitCode> {
    let (mut project, _) = open_or_new_project(&args.project)?;
    let text =
        std::fs::read_to_string(&args.csv).with_context(|| format!("{}: cannot read the file", args.csv.display()))?;
    let edit = positions_csv::import_positions(&project, &text, args.scale.map(|scale| (scale.min, scale.max)))
        .map_err(|error| anyhow!("{}: {error}; nothing was imported", args.csv.display()))?;
    let mut set = 0;
    let mut replaced = 0;
    count_positions(&edit, &project, &mut set, &mut replaced);
    let before = (project.actors.len(), project.issues.len(), project.articles.len(), project.coders.len());
    edit.apply(&mut project);
    project_file::save_project(&args.project, &project)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "positions set: {set} ({replaced} replaced)")?;
    writeln!(out, "actors created: {}", project.actors.len() - before.0)?;
    writeln!(out, "issues created: {}", project.issues.len() - before.1)?;
    writeln!(out, "articles created: {}", project.articles.len() - before.2)?;
    writeln!(out, "coders created: {}", project.coders.len() - before.3)?;
    writeln!(out, "saved {}", args.project.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Counts the positions `edit` sets, and how many of them replace one already in `project`.
fn count_positions(edit: &Edit, project: &Project, set: &mut usize, replaced: &mut usize) {
    match edit {
        Edit::Batch(edits) => edits.iter().for_each(|edit| count_positions(edit, project, set, replaced)),
        Edit::SetPosition { key, position: Some(_) } => {
            *set += 1;
            if project.positions.get(key).is_some() {
                *replaced += 1;
            }
        }
        _ => {}
    }
}
