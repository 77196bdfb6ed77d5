//! `stancemap merge A B -o C`: merges two coders' copies of a project (articles by text, actors and
//! issues by id then name, positions per coder). Conflicts take the `--prefer`red side; the other
//! side's values are kept in the merged file's Trash, so nothing is dropped. `--json` prints the
//! counts and conflicts.

use crate::model::wording::count;
use std::io::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use super::args::{MergeArgs, Prefer};
use super::open::check_output_path;
use crate::io::output::OutputKind;
use crate::io::project_file::{self, PROJECT_EXTENSION};
use crate::model::merge::{MergeConflict, MergeCounts, merge};

/// What `merge --json` prints.
#[derive(Serialize)]
struct MergeReport<'a> {
    /// What the second file added.
    added: &'a MergeCounts,
    /// Every conflict, with both sides.
    conflicts: &'a [MergeConflict],
    /// Which side was taken in the conflicts.
    preferred: &'static str,
    /// The merged file.
    output: String,
}

/// Runs `stancemap merge`.
pub fn run(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    check_output_path(&args.output, OutputKind::Project, PROJECT_EXTENSION, args.force)?;
    let first = super::open::load_project_or_team(&args.first)?;
    let second = super::open::load_project_or_team(&args.second)?;
    let merged = merge(&first, &second);
    let take_second = vec![args.prefer == Prefer::Second; merged.conflicts.len()];
    let project = merged.resolve(&take_second);
    project_file::save_project(&args.output, &project)?;
    let mut out = std::io::stdout().lock();
    let preferred = if args.prefer == Prefer::Second { "second" } else { "first" };
    if args.json {
        let report = MergeReport {
            added: &merged.counts,
            conflicts: &merged.conflicts,
            preferred,
            output: args.output.display().to_string(),
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let counts = &merged.counts;
    writeln!(
        out,
        "added from {}: {}, {}, {}, {}, {}",
        args.second.display(),
        count(counts.articles_added, "article", "articles"),
        count(counts.actors_added, "actor", "actors"),
        count(counts.issues_added, "issue", "issues"),
        count(counts.coders_added, "coder", "coders"),
        count(counts.positions_added, "position", "positions")
    )?;
    if merged.conflicts.is_empty() {
        writeln!(out, "no conflicts")?;
    } else {
        writeln!(
            out,
            "{}, the {preferred} file's side taken (the other kept in the Trash):",
            count(merged.conflicts.len(), "conflict", "conflicts")
        )?;
        for conflict in &merged.conflicts {
            writeln!(out, "  {}", conflict.describe())?;
        }
    }
    writeln!(out, "wrote {}", args.output.display())?;
    Ok(ExitCode::SUCCESS)
}
