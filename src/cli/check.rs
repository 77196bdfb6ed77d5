//! `stancemap check`: loads and validates a project and prints its counts, as a sentence or as
//! one compact JSON line.

use std::process::ExitCode;

use super::args::CheckArgs;
use crate::io::project_file;

/// Runs `stancemap check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let project = project_file::load_project(&args.file)?;
    if args.json {
        // Written by hand so the keys keep the documented order.
        println!(
            "{{\"articles\":{},\"actors\":{},\"issues\":{},\"positions\":{}}}",
            project.articles.len(),
            project.actors.len(),
            project.issues.len(),
            project.positions.len()
        );
    } else {
        println!(
            "{}: valid StanceMap project “{}” — {} articles, {} actors, {} issues, {} positions, {} coders",
            args.file.display(),
            project.title,
            project.articles.len(),
            project.actors.len(),
            project.issues.len(),
            project.positions.len(),
            project.coders.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
