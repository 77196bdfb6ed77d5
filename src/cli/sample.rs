//! `stancemap sample`: writes the bundled sample project to a file (how `assets/sample.stancemap`
//! is regenerated).

use std::process::ExitCode;

use anyhow::Context as _;

use super::args::SampleArgs;
use crate::io::project_file;

/// Runs `stancemap sample`.
pub fn run(args: &SampleArgs) -> anyhow::Result<ExitCode> {
    project_file::save_project(&args.output, &crate::model::presets::sample_project())
        .with_context(|| "writing the sample project")?;
    println!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
