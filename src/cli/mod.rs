//! Command line: no arguments or a file opens the GUI; subcommands work on project files.
//!
//! Structure (as in ripgrep): clap parses the command line into plain structs
//! ([`args`](crate::cli::args)) and nothing else; a separate step opens and validates the files
//! those structs name ([`open`](crate::cli::open)); then one module per tool runs it, printing
//! with the shared helpers of `output`. Tools write their results to stdout (a closed pipe, as in
//! `stancemap extract F | head`, ends them quietly) and diagnostics to stderr; every `--json`
//! output is a `Serialize` report struct of its tool module.
//!
//! Errors are reported once, here, with their full chain (`{:#}`), and exit with status 1. A tool
//! that partly succeeds (an `import` where some files failed) prints its own report and also exits
//! with status 1.

pub mod args;
pub mod open;

mod aggregate;
mod agreement;
mod check;
mod export;
mod extract;
mod forecast;
mod generate;
mod gui;
mod import;
mod import_positions;
mod merge;
mod output;
mod sample;
mod suggest;
mod team;

use std::process::ExitCode;

use clap::Parser as _;

use args::{Cli, CliCommand};

/// Parses the command line and runs the app or a tool.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => gui::run(cli.file),
        Some(command) => run_command(&command),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (e.g. `| head`): nothing left to report.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("stancemap: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_command(command: &CliCommand) -> anyhow::Result<ExitCode> {
    match command {
        CliCommand::Check(args) => check::run(args),
        CliCommand::Sample(args) => sample::run(args),
        CliCommand::Generate(args) => generate::run(args),
        CliCommand::Extract(args) => extract::run(args),
        CliCommand::Import(args) => import::run(args),
        CliCommand::ImportPositions(args) => import_positions::run(args),
        CliCommand::Agreement(args) => agreement::run(args),
        CliCommand::Forecast(args) => forecast::run(args),
        CliCommand::Aggregate(args) => aggregate::run(args),
        CliCommand::Suggest(args) => suggest::run(args),
        CliCommand::Export(args) => export::run(args),
        CliCommand::Merge(args) => merge::run(args),
        CliCommand::Team(command) => team::run(command),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
