//! `stancemap generate`: writes a deterministic, realistic corpus-scale project
//! ([`crate::model::generate`]) for trying the app at scale and for benchmarks. An existing file
//! is replaced only with `--force`.

use crate::model::wording::count;
use std::process::ExitCode;

use anyhow::Context as _;

use super::args::GenerateArgs;
use super::open::check_output_path;
use crate::io::output::OutputKind;
use crate::io::project_file::{self, PROJECT_EXTENSION};
use crate::model::generate::{GenerateOptions, generate};

/// Runs `stancemap generate`.
pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    check_output_path(&args.output, OutputKind::Project, PROJECT_EXTENSION, args.force)?;
    let options = GenerateOptions {
        articles: args.articles,
        actors: args.actors,
        issues: args.issues,
        positions: args.positions,
        coders: args.coders,
        seed: args.seed,
    };
    let project = generate(&options)?;
    project_file::save_project(&args.output, &project)
        .with_context(|| format!("{}: writing the generated project", args.output.display()))?;
    let text_bytes: usize = project.articles.iter().map(|article| article.text.len()).sum();
    println!(
        "wrote {}: {} ({:.1} MB of text), {}, {}, {}, {}",
        args.output.display(),
        count(project.articles.len(), "article", "articles"),
        text_bytes as f64 / 1e6,
        count(project.actors.len(), "actor", "actors"),
        count(project.issues.len(), "issue", "issues"),
        count(project.positions.len(), "position", "positions"),
        count(project.coders.len(), "coder", "coders")
    );
    Ok(ExitCode::SUCCESS)
}
