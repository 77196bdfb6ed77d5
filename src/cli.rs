//! Command line: no arguments or a file opens the GUI; subcommands work on project files.
//!
//! Structure (as in ripgrep): clap parses the command line into plain structs — [`Cli`],
//! [`CliCommand`] and one `…Args` struct per tool — and nothing else; a separate step then opens and
//! validates the files those structs name ([`open_positions`], [`open_or_new_project`]) and runs the
//! tool. Tools write their results to stdout (a closed pipe, as in `stancemap extract F | head`,
//! ends them quietly) and diagnostics to stderr.
//!
//! Errors are reported once, here, with their full chain (`{:#}`), and exit with status 1. A tool
//! that partly succeeds (an `import` where some files failed) prints its own report and also exits
//! with status 1.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use clap::{Args, Parser, Subcommand};

use crate::analysis::aggregate::{self, AggregateOptions};
use crate::analysis::agreement::{self, Alphas, Disagreement};
use crate::analysis::forecast::{self, BdmOptions, ForecastScope};
use crate::io::{articles, import, positions_csv, project_file};
use crate::model::{Edit, Issue, Project, presets};

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
    /// Print the plain text StanceMap extracts from an article file.
    Extract(ExtractArgs),
    /// Import article files and folders into a project (created if missing).
    Import(ImportArgs),
    /// Import coded positions from a CSV into a project (created if missing); all or nothing.
    ImportPositions(ImportPositionsArgs),
    /// Inter-coder agreement (Krippendorff's alpha) of a project or coded-positions CSV.
    Agreement(AgreementArgs),
    /// Forecast an issue's outcome: weighted mean and median, and the expected-utility model.
    Forecast(ForecastArgs),
    /// Aggregate positions per actor and issue (n, mean, median, sd, min, max).
    Aggregate(AggregateArgs),
    /// Draw the mean positions as an SVG figure: every issue at once, or two issues as a map.
    Plot(PlotArgs),
}

/// Arguments of `stancemap extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// The article file (.txt, .md, .html, .pdf, .docx, .odt, .rtf, or a news-database export).
    pub file: PathBuf,
    /// Also print each article's metadata (title, source, date, url, byline, origin_file) as
    /// `key: value` lines to stderr, before its text.
    #[arg(long)]
    pub meta: bool,
}

/// Arguments of `stancemap import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The project to import into; created (with the preset actors and issues) if it does not exist.
    #[arg(long, short = 'p', value_name = "PROJECT")]
    pub project: PathBuf,
    /// Article files and folders (searched recursively for importable files).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Arguments of `stancemap import-positions`.
#[derive(Args, Debug)]
pub struct ImportPositionsArgs {
    /// The project to import into; created (with the preset actors and issues) if it does not exist.
    #[arg(long, short = 'p', value_name = "PROJECT")]
    pub project: PathBuf,
    /// The CSV: a header naming the columns actor, issue, position (required) and article, salience,
    /// confidence, coder, capability, quote (optional), then one row per coded position.
    #[arg(value_name = "FILE.csv")]
    pub csv: PathBuf,
    /// Scale of issues the CSV creates, e.g. `0:100` or `-5:5` (default 0:100).
    #[arg(long, value_name = "MIN:MAX", value_parser = parse_scale, allow_hyphen_values = true)]
    pub scale: Option<Scale>,
}

/// An issue scale given on the command line as `MIN:MAX`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// The low pole.
    pub min: f64,
    /// The high pole.
    pub max: f64,
}

/// Arguments of `stancemap agreement`.
#[derive(Args, Debug)]
pub struct AgreementArgs {
    /// A .stancemap project or a coded-positions CSV (with a coder column).
    pub file: PathBuf,
    /// Only this issue (name or id, case-insensitive).
    #[arg(long, value_name = "NAME")]
    pub issue: Option<String>,
    /// Print JSON: {"units":N,"coders":N,"alpha":{"nominal":x,"ordinal":x,"interval":x,"ratio":x},…}
    /// with null where alpha is undefined.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `stancemap forecast`.
#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// A .stancemap project or a CSV with actor, issue, position, salience and capability columns.
    pub file: PathBuf,
    /// The issue (name or id, case-insensitive); may be left out when only one issue has positions.
    #[arg(long, value_name = "NAME")]
    pub issue: Option<String>,
    /// Print JSON: {"issue":…,"actors":N,"weighted_mean":x,"weighted_median":x,"inputs":[…],
    /// "rounds":{…}}.
    #[arg(long)]
    pub json: bool,
    /// Also print the expected-utility model's positions and forecast round by round.
    #[arg(long)]
    pub rounds: bool,
}

/// Arguments of `stancemap aggregate`.
#[derive(Args, Debug)]
pub struct AggregateArgs {
    /// A .stancemap project or a coded-positions CSV.
    pub file: PathBuf,
    /// Also compute the confidence-weighted mean (low 1, medium 2, high 3).
    #[arg(long)]
    pub weighted: bool,
    /// Count positions of actors with a parent (e.g. a leader) for the parent (e.g. the state).
    #[arg(long)]
    pub roll_up: bool,
    /// Leave out overall judgements (positions not coded from an article).
    #[arg(long)]
    pub articles_only: bool,
    /// Write the table as CSV to this file (`-` for stdout) instead of printing it.
    #[arg(long, value_name = "OUT")]
    pub csv: Option<PathBuf>,
}

/// Arguments of `stancemap plot`.
#[derive(Args, Debug)]
pub struct PlotArgs {
    /// A .stancemap project (or a coded-positions CSV).
    pub file: PathBuf,
    /// Where to write the SVG (`-` for stdout).
    #[arg(long, value_name = "OUT.svg")]
    pub out: PathBuf,
    /// Draw two issues against each other (names or ids, case-insensitive) instead of all issues.
    #[arg(long, num_args = 2, value_names = ["X_ISSUE", "Y_ISSUE"])]
    pub map: Option<Vec<String>>,
    /// The figure's title (default: the project's title).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
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
        // The reader of our output went away (e.g. `| head`): nothing left to report.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
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
        CliCommand::Extract(args) => run_extract(&args),
        CliCommand::Import(args) => run_import(&args),
        CliCommand::ImportPositions(args) => run_import_positions(&args),
        CliCommand::Agreement(args) => run_agreement(&args),
        CliCommand::Forecast(args) => run_forecast(&args),
        CliCommand::Aggregate(args) => run_aggregate(&args),
        CliCommand::Plot(args) => run_plot(&args),
    }
}

// ---------------------------------------------------------------------------------------------
// Opening and validating inputs
// ---------------------------------------------------------------------------------------------

/// Parses `MIN:MAX` (e.g. `0:100`, `-5:5`) into a [`Scale`]; the minimum must be below the maximum.
pub fn parse_scale(text: &str) -> Result<Scale, String> {
    let (min, max) = text.split_once(':').ok_or_else(|| format!("{text:?} is not MIN:MAX, e.g. 0:100 or -5:5"))?;
    let number = |part: &str| {
        part.trim()
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .ok_or_else(|| format!("{part:?} is not a number"))
    };
    let (min, max) = (number(min)?, number(max)?);
    if min >= max {
        return Err(format!("the minimum {min} must be below the maximum {max}"));
    }
    Ok(Scale { min, max })
}

/// Loads the project at `path`, or — when no file exists there — a new project with the preset
/// actors, issues and coder, titled after the file name. A file that exists but does not load is an
/// error (so it is never overwritten). The flag is true when the file existed.
pub fn open_or_new_project(path: &Path) -> anyhow::Result<(Project, bool)> {
    match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let title = path.file_stem().map_or_else(|| "Untitled".into(), |stem| stem.to_string_lossy().into_owned());
            Ok((presets::new_project(&title), false))
        }
        _ => Ok((project_file::load_project(path)?, true)),
    }
}

/// Reads what an analysis tool works on: a `.stancemap` project, or a coded-positions CSV read into
/// a fresh project ([`positions_csv::project_from_csv`], issue scales widened to fit the data). A
/// `.csv` extension means CSV and `.stancemap`/`.json` a project; otherwise content starting with
/// `{` is a project and anything else CSV.
pub fn open_positions(path: &Path) -> anyhow::Result<Project> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    let extension = path.extension().map(|ext| ext.to_string_lossy().to_lowercase()).unwrap_or_default();
    let is_project = match extension.as_str() {
        "csv" => false,
        "stancemap" | "json" => true,
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            body.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
        }
    };
    if is_project {
        return Ok(project_file::parse_project(&bytes, path)?);
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow!("{}: the CSV is not UTF-8 text (save it as UTF-8 and try again)", path.display()))?;
    positions_csv::project_from_csv(text, None).with_context(|| path.display().to_string())
}

/// The issue `name` (id or name, case-insensitive) of `project`, or an error listing the issues.
fn find_issue<'a>(project: &'a Project, name: &str, file: &Path) -> anyhow::Result<&'a Issue> {
    project.find_issue_by_name(name).ok_or_else(|| {
        anyhow!("{}: no issue {name:?}; {}", file.display(), issue_list(project.issues.iter().collect()))
    })
}

/// "the issues are: "A" (a), "B" (b)", or a note that there are none.
fn issue_list(issues: Vec<&Issue>) -> String {
    if issues.is_empty() {
        return "the file has no issues".into();
    }
    let names: Vec<String> = issues.iter().map(|issue| format!("{:?} ({})", issue.name, issue.id.as_str())).collect();
    format!("the issues are: {}", names.join(", "))
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

// ---------------------------------------------------------------------------------------------
// The tools
// ---------------------------------------------------------------------------------------------

fn run_extract(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let articles = import::extract_file(&args.file)?;
    let mut out = std::io::stdout().lock();
    for (index, article) in articles.iter().enumerate() {
        if index > 0 {
            writeln!(out, "\x0c")?;
        }
        if args.meta {
            out.flush()?;
            let fields = [
                ("title", &article.title),
                ("source", &article.source),
                ("date", &article.date),
                ("url", &article.url),
                ("byline", &article.byline),
                ("origin_file", &article.origin_file),
            ];
            let mut err = std::io::stderr().lock();
            for (key, value) in fields {
                writeln!(err, "{key}: {value}")?;
            }
        }
        writeln!(out, "{}", article.text)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let (mut project, existed) = open_or_new_project(&args.project)?;
    let report = articles::import_paths(&project, &args.paths);
    let mut out = std::io::stdout().lock();
    for (title, file) in &report.imported {
        writeln!(out, "imported: {title} ({})", file.display())?;
    }
    for (title, file) in &report.duplicates {
        writeln!(out, "skipped duplicate: {title} ({})", file.display())?;
    }
    out.flush()?;
    for failure in &report.failures {
        eprintln!("failed: {failure}");
    }
    let outcome = match &report.edit {
        Some(edit) => {
            edit.clone().apply(&mut project);
            project_file::save_project(&args.project, &project)?;
            format!("saved {} ({} articles)", args.project.display(), project.articles.len())
        }
        None if existed => format!("{} unchanged", args.project.display()),
        None => format!("{} not created", args.project.display()),
    };
    writeln!(out, "{}; {outcome}", report.summary())?;
    Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn run_import_positions(args: &ImportPositionsArgs) -> anyhow::Result<ExitCode> {
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

fn run_agreement(args: &AgreementArgs) -> anyhow::Result<ExitCode> {
    let project = open_positions(&args.file)?;
    let issue = args.issue.as_deref().map(|name| find_issue(&project, name, &args.file)).transpose()?;
    let report = agreement::agreement(&project);
    let mut out = std::io::stdout().lock();
    if let Some(issue) = issue {
        let (units, coders, alpha) = report
            .per_issue
            .iter()
            .find(|entry| entry.issue == issue.id)
            .map_or((0, 0, Alphas::default()), |entry| (entry.units, entry.coders, entry.alpha));
        let disagreements: Vec<&Disagreement> =
            report.disagreements.iter().filter(|disagreement| disagreement.issue == issue.id).collect();
        if args.json {
            let json = serde_json::json!({
                "issue": issue.id,
                "issue_name": issue.name,
                "units": units,
                "coders": coders,
                "alpha": alpha,
                "disagreements": disagreements,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        } else {
            writeln!(out, "Krippendorff's alpha — {} — issue {:?}", args.file.display(), issue.name)?;
            let rows = vec![alpha_row(&issue.name, units, coders, &alpha)];
            write_agreement(&mut out, rows, &disagreements, &project, units)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Krippendorff's alpha — {}", args.file.display())?;
    let mut rows: Vec<Vec<String>> = report
        .per_issue
        .iter()
        .map(|entry| {
            let name = project.issue(&entry.issue).map_or_else(|| entry.issue.to_string(), |issue| issue.name.clone());
            alpha_row(&name, entry.units, entry.coders, &entry.alpha)
        })
        .collect();
    if report.per_issue.len() != 1 {
        rows.push(alpha_row("all issues", report.units, report.coders, &report.alpha));
    }
    let disagreements: Vec<&Disagreement> = report.disagreements.iter().collect();
    write_agreement(&mut out, rows, &disagreements, &project, report.units)?;
    Ok(ExitCode::SUCCESS)
}

fn alpha_row(name: &str, units: usize, coders: usize, alpha: &Alphas) -> Vec<String> {
    let format = |value: Option<f64>| value.map_or_else(|| "n/a".into(), |value| format!("{value:.3}"));
    vec![
        name.to_owned(),
        units.to_string(),
        coders.to_string(),
        format(alpha.nominal),
        format(alpha.ordinal),
        format(alpha.interval),
        format(alpha.ratio),
    ]
}

/// The alpha table, then the five largest disagreements.
fn write_agreement(
    out: &mut impl std::io::Write,
    rows: Vec<Vec<String>>,
    disagreements: &[&Disagreement],
    project: &Project,
    units: usize,
) -> std::io::Result<()> {
    if units == 0 {
        writeln!(out, "No unit (article × actor × issue) was coded by two or more coders: nothing to compare.")?;
        return Ok(());
    }
    write_table(out, &["issue", "units", "coders", "nominal", "ordinal", "interval", "ratio"], &rows, 1)?;
    if disagreements.is_empty() {
        writeln!(out, "\nThe coders agree on every unit.")?;
        return Ok(());
    }
    writeln!(out, "\nLargest disagreements:")?;
    for disagreement in disagreements.iter().take(5) {
        let article = if disagreement.article.is_none() {
            "overall judgement".to_owned()
        } else if disagreement.article_title.is_empty() {
            disagreement.article.as_ref().map(|id| id.to_string()).unwrap_or_default()
        } else {
            format!("{:?}", disagreement.article_title)
        };
        let values: Vec<String> = disagreement
            .values
            .iter()
            .map(|(coder, value)| {
                let name = project.coder(coder).map_or_else(|| coder.to_string(), |found| found.name.clone());
                format!("{name} {}", number(*value))
            })
            .collect();
        writeln!(
            out,
            "  {} on {}, {article}: {} (spread {})",
            disagreement.actor_name,
            disagreement.issue_name,
            values.join(", "),
            number(disagreement.spread)
        )?;
    }
    Ok(())
}

fn run_forecast(args: &ForecastArgs) -> anyhow::Result<ExitCode> {
    let project = open_positions(&args.file)?;
    let issue = match &args.issue {
        Some(name) => find_issue(&project, name, &args.file)?,
        None => {
            let with_positions: Vec<&Issue> =
                project.issues.iter().filter(|issue| project.positions.on_issue(&issue.id).next().is_some()).collect();
            match with_positions.as_slice() {
                [only] => *only,
                _ => bail!(
                    "{}: say which issue to forecast with --issue NAME; {}",
                    args.file.display(),
                    issue_list(project.issues.iter().collect())
                ),
            }
        }
    };
    let forecast = forecast::forecast_issue_scoped(&project, &issue.id, &ForecastScope::default())
        .ok_or_else(|| anyhow!("{}: no issue {:?}", args.file.display(), issue.name))?;
    let scale = (forecast.scale_min, forecast.scale_max);
    let run = forecast::bdm(&forecast.actors, scale, &BdmOptions::default());
    let total_weight: f64 = forecast.actors.iter().map(forecast::ForecastActor::weight).sum();
    let share = |weight: f64| if total_weight > 0.0 { weight / total_weight } else { 0.0 };
    let mut out = std::io::stdout().lock();
    if args.json {
        let inputs: Vec<serde_json::Value> = forecast
            .actors
            .iter()
            .map(|actor| {
                serde_json::json!({
                    "actor": actor.actor,
                    "capability": actor.capability,
                    "position": actor.position,
                    "salience": actor.salience,
                    "weight": actor.weight(),
                    "weight_share": share(actor.weight()),
                })
            })
            .collect();
        let json = serde_json::json!({
            "issue": forecast.issue_name,
            "issue_id": forecast.issue,
            "scale": [forecast.scale_min, forecast.scale_max],
            "actors": forecast.actors.len(),
            "weighted_mean": forecast.weighted_mean,
            "weighted_median": forecast.weighted_median,
            "inputs": inputs,
            "rounds": run,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "Forecast for {:?} (scale {}–{}) — {} actors — {}",
        forecast.issue_name,
        number(scale.0),
        number(scale.1),
        forecast.actors.len(),
        args.file.display()
    )?;
    if forecast.actors.is_empty() {
        writeln!(out, "No positions on this issue: nothing to forecast.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = forecast
        .actors
        .iter()
        .map(|actor| {
            vec![
                actor.actor.clone(),
                number(actor.capability),
                number(actor.salience),
                number(actor.position),
                format!("{:.1}%", 100.0 * share(actor.weight())),
            ]
        })
        .collect();
    write_table(&mut out, &["actor", "capability", "salience", "position", "weight share"], &rows, 1)?;
    let or_undefined = |value: Option<f64>| value.map_or_else(|| "n/a (the total weight is 0)".into(), number);
    writeln!(out)?;
    writeln!(out, "weighted mean (mean voter):     {}", or_undefined(forecast.weighted_mean))?;
    writeln!(out, "weighted median (median voter): {}", or_undefined(forecast.weighted_median))?;
    if let Some(last) = run.forecast_per_round.last() {
        writeln!(
            out,
            "expected-utility model:         {} after {} rounds ({})",
            number(*last),
            run.rounds.len() - 1,
            if run.converged { "converged" } else { "round limit reached" }
        )?;
    }
    if args.rounds && !run.rounds.is_empty() {
        writeln!(
            out,
            "\nExpected-utility model (Bueno de Mesquita), positions per round ({}):",
            if run.converged { "converged" } else { "stopped at the round limit" }
        )?;
        let mut header: Vec<String> = vec!["actor".into()];
        header.extend((0..run.rounds.len()).map(|round| format!("r{round}")));
        let mut rows: Vec<Vec<String>> = (0..forecast.actors.len())
            .map(|index| {
                let mut row = vec![forecast.actors[index].actor.clone()];
                row.extend(
                    run.rounds
                        .iter()
                        .map(|round| round.get(index).map(|(_, value)| number(*value)).unwrap_or_default()),
                );
                row
            })
            .collect();
        let mut median_row = vec!["forecast (median)".to_owned()];
        median_row.extend(run.forecast_per_round.iter().map(|value| number(*value)));
        let mut mean_row = vec!["mean".to_owned()];
        mean_row.extend(run.mean_per_round.iter().map(|value| number(*value)));
        rows.push(median_row);
        rows.push(mean_row);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        write_table(&mut out, &header, &rows, 1)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_aggregate(args: &AggregateArgs) -> anyhow::Result<ExitCode> {
    let project = open_positions(&args.file)?;
    let options = AggregateOptions {
        weighted: args.weighted,
        roll_up: args.roll_up,
        coder: None,
        include_overall: !args.articles_only,
    };
    let rows = aggregate::aggregate(&project, &options);
    if let Some(output) = &args.csv {
        let csv = aggregate::to_csv(&rows, &project);
        if output.as_os_str() == "-" {
            std::io::stdout().lock().write_all(csv.as_bytes())?;
        } else {
            project_file::write_atomically(output, csv.as_bytes())?;
            println!("wrote {} rows to {}", rows.len(), output.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    if rows.is_empty() {
        writeln!(out, "{}: no positions to aggregate", args.file.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut header = vec!["actor", "issue", "n", "mean"];
    if args.weighted {
        header.push("weighted mean");
    }
    header.extend(["median", "sd", "min", "max"]);
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let actor = project.actor(&row.actor).map_or_else(|| row.actor.to_string(), |actor| actor.name.clone());
            let issue = project.issue(&row.issue).map_or_else(|| row.issue.to_string(), |issue| issue.name.clone());
            let mut cells = vec![actor, issue, row.n.to_string(), number(row.mean)];
            if args.weighted {
                cells.push(row.weighted_mean.map(number).unwrap_or_default());
            }
            cells.extend([number(row.median), number(row.sd), number(row.min), number(row.max)]);
            cells
        })
        .collect();
    write_table(&mut out, &header, &table, 2)?;
    Ok(ExitCode::SUCCESS)
}

fn run_plot(args: &PlotArgs) -> anyhow::Result<ExitCode> {
    use crate::io::export::svg;
    let project = open_positions(&args.file)?;
    let axes = match args.map.as_deref() {
        Some([x, y]) => Some((find_issue(&project, x, &args.file)?, find_issue(&project, y, &args.file)?)),
        Some(_) => bail!("--map takes two issues: --map X_ISSUE Y_ISSUE"),
        None => None,
    };
    let points = svg::mean_points(&project);
    if points.is_empty() {
        bail!("{}: no positions to plot", args.file.display());
    }
    if let Some((x, y)) = axes {
        let on = |issue: &Issue| -> Vec<&crate::model::ActorId> {
            points.iter().filter(|point| point.issue == issue.id).map(|point| &point.actor).collect()
        };
        let (on_x, on_y) = (on(x), on(y));
        if !on_x.iter().any(|actor| on_y.contains(actor)) {
            bail!("{}: no actor has positions on both {:?} and {:?}", args.file.display(), x.name, y.name);
        }
    }
    let title = match &args.title {
        Some(title) => title.clone(),
        None if !project.title.trim().is_empty() => project.title.clone(),
        None => args.file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let caption = svg::mean_caption(&project);
    let (figure, kind) = match axes {
        Some((x, y)) => {
            (svg::map_svg(&project, &x.id, &y.id, &points, &title, &caption), format!("{} against {}", y.name, x.name))
        }
        None => (svg::all_issues_svg(&project, &points, &title, &caption), "all issues".to_owned()),
    };
    if args.out.as_os_str() == "-" {
        std::io::stdout().lock().write_all(figure.as_bytes())?;
    } else {
        project_file::write_atomically(&args.out, figure.as_bytes())?;
        println!("wrote {} ({kind}; {caption})", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------------

/// A number for tables: at most two decimals, trailing zeros dropped ("82.22", "100", "0.5").
fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_owned() }
}

/// Writes a plain-text table: the first `text_columns` columns left-aligned, the others (numbers)
/// right-aligned, two spaces between columns.
fn write_table(
    out: &mut impl std::io::Write,
    header: &[&str],
    rows: &[Vec<String>],
    text_columns: usize,
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.chars().count()).collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(index) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut text = String::new();
        for (index, cell) in cells.enumerate() {
            let width = widths.get(index).copied().unwrap_or(0);
            let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
            if index > 0 {
                text.push_str("  ");
            }
            if index < text_columns {
                text.push_str(cell);
                text.push_str(&pad);
            } else {
                text.push_str(&pad);
                text.push_str(cell);
            }
        }
        text.trim_end().to_owned()
    };
    writeln!(out, "{}", line(&mut header.iter().copied()))?;
    for row in rows {
        writeln!(out, "{}", line(&mut row.iter().map(String::as_str)))?;
    }
    Ok(())
}
