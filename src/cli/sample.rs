//! `stancemap sample`: writes the bundled sample project to a file (how `assets/sample.stancemap`
//! is regenerated). An existing file is replaced only with `--force`.

use std::process::ExitCode;

use anyhow::Context as _;

use super::args::SampleArgs;
use super::open::check_output_path;
use crate::io::output::OutputKind;
use crate::io::project_file::{self, PROJECT_EXTENSION};

/// Runs `stancemap sample`.
pub fn run(args: &SampleArgs) -> anyhow::Result<ExitCode> {
    check_output_path(&args.output, OutputKind::Project, PROJECT_EXTENSION, args.force)?;
    project_file::save_project(&args.output, &crate::model::presets::sample_project())
        .with_context(|| "writing the sample project")?;
    println!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
