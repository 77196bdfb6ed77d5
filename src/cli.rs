//! Command line: no arguments or a file opens the GUI; subcommands work on project files.
//!
//! Errors are reported once, here, with their full chain (`{:#}`), and exit with status 1.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::io::project_file;

/// StanceMap: map where parties stand on issues.
#[derive(Parser, Debug)]
#[command(name = "stancemap", version, about, long_about = None)]
pub struct Cli {
    /// A .stancemap project, or an article (.txt, .md, .html, .pdf, .docx, .odt, .rtf) to open in a
    /// new project. Without it, the bundled sample project opens.
    pub file: Option<PathBuf>,
    /// A command-line tool instead of the app.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// The command-line tools.
#[derive(Subcommand, Debug)]
pub enum CliCommand {
    /// Load and validate a project and print its counts.
    Check {
        /// The project file.
        file: PathBuf,
        /// Print counts as JSON: {"articles":N,"actors":N,"issues":N,"positions":N}.
        #[arg(long)]
        json: bool,
    },
    /// Write the bundled sample project to a file.
    Sample {
        /// Where to write it.
        output: PathBuf,
    },
}

/// Parses the command line and runs the app or a tool.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => run_gui(cli.file),
        Some(command) => run_command(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("stancemap: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_gui(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let (app, startup_error) = crate::app::App::for_startup(file.as_deref());
    if let Some(error) = &startup_error {
        eprintln!("stancemap: {error}");
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("StanceMap")
            .with_app_id("stancemap")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([960.0, 600.0])
            .with_drag_and_drop(true),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "StanceMap",
        options,
        Box::new(move |cc| Ok(Box::new(crate::app::App::new(cc, app, startup_error)))),
    )
    .map_err(|error| anyhow::anyhow!("cannot start the window: {error}"))?;
    Ok(ExitCode::SUCCESS)
}

fn run_command(command: CliCommand) -> anyhow::Result<ExitCode> {
    match command {
        CliCommand::Check { file, json } => {
            let project = project_file::load_project(&file)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({
                        "articles": project.articles.len(),
                        "actors": project.actors.len(),
                        "issues": project.issues.len(),
                        "positions": project.positions.len(),
                    })
                );
            } else {
                println!(
                    "{}: valid StanceMap project “{}” — {} articles, {} actors, {} issues, {} positions, {} coders",
                    file.display(),
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
        CliCommand::Sample { output } => {
            project_file::save_project(&output, &crate::model::presets::sample_project())
                .with_context(|| "writing the sample project")?;
            println!("wrote {}", output.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}
