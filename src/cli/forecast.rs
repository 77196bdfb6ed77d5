//! `stancemap forecast`: where a decision on one issue will land — the capability × salience
//! weighted mean and median and Bueno de Mesquita's expected-utility model — as a table (with
//! `--rounds` the model's positions round by round) or as JSON.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use super::args::ForecastArgs;
use super::open::{find_issue, issue_list, open_positions};
use super::output::{number, write_table};
use crate::analysis::forecast::{self, BdmOptions, BdmRun, ForecastActor, ForecastScope, IssueForecast};
use crate::model::{Issue, Project};

/// Runs `stancemap forecast`.
pub fn run(args: &ForecastArgs) -> anyhow::Result<ExitCode> {
    let project = open_positions(&args.file)?;
    let issue = pick_issue(&project, args.issue.as_deref(), &args.file)?;
    let forecast = forecast::forecast_issue_scoped(&project, &issue.id, &ForecastScope::default())
        .ok_or_else(|| anyhow!("{}: no issue {:?}", args.file.display(), issue.name))?;
    let run = forecast::bdm(&forecast.actors, (forecast.scale_min, forecast.scale_max), &BdmOptions::default());
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&forecast_json(&forecast, &run))?)?;
        return Ok(ExitCode::SUCCESS);
    }
    write_forecast(&mut out, &forecast, &run, &args.file)?;
    if args.rounds && !forecast.actors.is_empty() && !run.rounds.is_empty() {
        write_rounds(&mut out, &forecast, &run)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The issue named `name`, or without a name the only issue with positions; else an error asking
/// for `--issue` and listing the issues.
fn pick_issue<'a>(project: &'a Project, name: Option<&str>, file: &Path) -> anyhow::Result<&'a Issue> {
    if let Some(name) = name {
        return find_issue(project, name, file);
    }
    let with_positions: Vec<&Issue> =
        project.issues.iter().filter(|issue| project.positions.on_issue(&issue.id).next().is_some()).collect();
    match with_positions.as_slice() {
        [only] => Ok(*only),
        _ => bail!(
            "{}: say which issue to forecast with --issue NAME; {}",
            file.display(),
            issue_list(project.issues.iter().collect())
        ),
    }
}

/// Each actor's weight over the total weight of `actors` (0 when the total is 0).
fn weight_shares(actors: &[ForecastActor]) -> Vec<f64> {
    let total_weight: f64 = actors.iter().map(ForecastActor::weight).sum();
    actors.iter().map(|actor| if total_weight > 0.0 { actor.weight() / total_weight } else { 0.0 }).collect()
}

/// The `--json` output.
fn forecast_json(forecast: &IssueForecast, run: &BdmRun) -> serde_json::Value {
    let inputs: Vec<serde_json::Value> = forecast
        .actors
        .iter()
        .zip(weight_shares(&forecast.actors))
        .map(|(actor, weight_share)| {
            serde_json::json!({
                "actor": actor.actor,
                "capability": actor.capability,
                "position": actor.position,
                "salience": actor.salience,
                "weight": actor.weight(),
                "weight_share": weight_share,
            })
        })
        .collect();
    serde_json::json!({
        "issue": forecast.issue_name,
        "issue_id": forecast.issue,
        "scale": [forecast.scale_min, forecast.scale_max],
        "actors": forecast.actors.len(),
        "weighted_mean": forecast.weighted_mean,
        "weighted_median": forecast.weighted_median,
        "inputs": inputs,
        "rounds": run,
    })
}

/// The heading, the inputs table and the three forecasts (or a note that there is nothing to
/// forecast).
fn write_forecast(
    out: &mut impl std::io::Write,
    forecast: &IssueForecast,
    run: &BdmRun,
    file: &Path,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Forecast for {:?} (scale {}–{}) — {} actors — {}",
        forecast.issue_name,
        number(forecast.scale_min),
        number(forecast.scale_max),
        forecast.actors.len(),
        file.display()
    )?;
    if forecast.actors.is_empty() {
        writeln!(out, "No positions on this issue: nothing to forecast.")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = forecast
        .actors
        .iter()
        .zip(weight_shares(&forecast.actors))
        .map(|(actor, share)| {
            vec![
                actor.actor.clone(),
                number(actor.capability),
                number(actor.salience),
                number(actor.position),
                format!("{:.1}%", 100.0 * share),
            ]
        })
        .collect();
    write_table(out, &["actor", "capability", "salience", "position", "weight share"], &rows, 1)?;
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
    Ok(())
}

/// `--rounds`: every actor's position per round of the model, then its forecast and mean.
fn write_rounds(out: &mut impl std::io::Write, forecast: &IssueForecast, run: &BdmRun) -> std::io::Result<()> {
    writeln!(
        out,
        "\nExpected-utility model (Bueno de Mesquita), positions per round ({}):",
        if run.converged { "converged" } else { "stopped at the round limit" }
    )?;
    let mut header: Vec<String> = vec!["actor".into()];
    header.extend((0..run.rounds.len()).map(|round| format!("r{round}")));
    let mut rows: Vec<Vec<String>> = forecast
        .actors
        .iter()
        .enumerate()
        .map(|(index, actor)| {
            let mut row = vec![actor.actor.clone()];
            row.extend(
                run.rounds.iter().map(|round| round.get(index).map(|(_, value)| number(*value)).unwrap_or_default()),
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
    write_table(out, &header, &rows, 1)
}
