//! `stancemap forecast`: where a decision on an issue will land — the capability × salience
//! weighted mean and median and Bueno de Mesquita's expected-utility model (as formalised by
//! Scholz, Calbert & Smith 2011, see `analysis::forecast`) — as a table (with `--rounds` the
//! model's positions round by round) or as JSON ([`ForecastJson`]).
//!
//! `--issue` picks one issue; without it every issue with positions is forecast, one block after
//! the other, and `--json` prints an array of the per-issue objects — or, when only one issue has
//! positions, that issue's object alone, as before.
//!
//! The JSON has always listed its keys — nested ones too — in alphabetical order (it was built as a
//! `serde_json::Value`, whose maps are sorted); the view structs here keep that order exactly.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use serde::Serialize;

use super::args::ForecastArgs;
use super::open::{find_issue, issue_list, open_positions};
use super::output::{number, write_table};
use crate::analysis::forecast::{self, BdmOptions, BdmRun, ForecastActor, ForecastScope, IssueForecast};
use crate::model::{Issue, IssueId, Project};

/// What `forecast --json` prints (pretty). Fields in alphabetical order, the key order of the output.
#[derive(Debug, Serialize)]
pub struct ForecastJson<'a> {
    /// Actors with a position on the issue.
    pub actors: usize,
    /// Each actor's input to the forecast, in project order.
    pub inputs: Vec<ForecastInputJson<'a>>,
    /// The issue's display name.
    pub issue: &'a str,
    /// The issue's id.
    pub issue_id: &'a IssueId,
    /// The expected-utility model's run.
    pub rounds: RoundsJson<'a>,
    /// The issue's scale as `[min, max]`.
    pub scale: [f64; 2],
    /// Capability × salience weighted mean (`null` when the total weight is 0).
    pub weighted_mean: Option<f64>,
    /// Capability × salience weighted median (`null` when the total weight is 0).
    pub weighted_median: Option<f64>,
}

impl<'a> ForecastJson<'a> {
    /// The JSON view of `forecast` and the model's `run`.
    pub fn new(forecast: &'a IssueForecast, run: &'a BdmRun) -> Self {
        let inputs = forecast
            .actors
            .iter()
            .zip(weight_shares(&forecast.actors))
            .map(|(actor, weight_share)| ForecastInputJson {
                actor: &actor.actor,
                capability: actor.capability,
                position: actor.position,
                salience: actor.salience,
                weight: actor.weight(),
                weight_share,
            })
            .collect();
        Self {
            actors: forecast.actors.len(),
            inputs,
            issue: &forecast.issue_name,
            issue_id: &forecast.issue,
            rounds: run.into(),
            scale: [forecast.scale_min, forecast.scale_max],
            weighted_mean: forecast.weighted_mean,
            weighted_median: forecast.weighted_median,
        }
    }
}

/// One actor's input to the forecast, with its weight and share of the total weight.
#[derive(Debug, Serialize)]
pub struct ForecastInputJson<'a> {
    /// The actor's display name.
    pub actor: &'a str,
    /// The actor's capability.
    pub capability: f64,
    /// The actor's (mean) position.
    pub position: f64,
    /// The actor's (mean) salience.
    pub salience: f64,
    /// Capability × salience.
    pub weight: f64,
    /// The weight over the total weight (0 when the total is 0).
    pub weight_share: f64,
}

/// A [`BdmRun`] with its keys in alphabetical order.
#[derive(Debug, Serialize)]
pub struct RoundsJson<'a> {
    /// True when the run stopped at a fixed point (nobody moved) before the round limit.
    pub converged: bool,
    /// The weighted median of each round's positions.
    pub forecast_per_round: &'a [f64],
    /// The weighted mean of each round's positions.
    pub mean_per_round: &'a [f64],
    /// Positions per round as `[actor, position]` pairs; the first round is the input.
    pub rounds: &'a [Vec<(String, f64)>],
}

impl<'a> From<&'a BdmRun> for RoundsJson<'a> {
    fn from(run: &'a BdmRun) -> Self {
        Self {
            converged: run.converged,
            forecast_per_round: &run.forecast_per_round,
            mean_per_round: &run.mean_per_round,
            rounds: &run.rounds,
        }
    }
}

/// Runs `stancemap forecast`.
pub fn run(args: &ForecastArgs) -> anyhow::Result<ExitCode> {
    let mut project = open_positions(&args.file)?;
    if args.consensus {
        project.positions = crate::model::consensus::resolved_positions(&project);
    }
    let mut forecasts = Vec::new();
    for issue in pick_issues(&project, args.issue.as_deref(), &args.file)? {
        let forecast = forecast::forecast_issue_scoped(&project, &issue.id, &ForecastScope::default())
            .ok_or_else(|| anyhow!("{}: no issue {:?}", args.file.display(), issue.name))?;
        let run = forecast::bdm(&forecast.actors, (forecast.scale_min, forecast.scale_max), &BdmOptions::default());
        forecasts.push((forecast, run));
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let reports: Vec<ForecastJson<'_>> =
            forecasts.iter().map(|(forecast, run)| ForecastJson::new(forecast, run)).collect();
        let json = match reports.as_slice() {
            [only] => serde_json::to_string_pretty(only)?,
            _ => serde_json::to_string_pretty(&reports)?,
        };
        writeln!(out, "{json}")?;
        return Ok(ExitCode::SUCCESS);
    }
    for (index, (forecast, run)) in forecasts.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_forecast(&mut out, forecast, run, &args.file)?;
        if args.rounds && !forecast.actors.is_empty() && !run.rounds.is_empty() {
            write_rounds(&mut out, forecast, run)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The issue named `name`, or without a name every issue with positions (in project order); an
/// error listing the issues when there is no such issue or none has positions.
fn pick_issues<'a>(project: &'a Project, name: Option<&str>, file: &Path) -> anyhow::Result<Vec<&'a Issue>> {
    if let Some(name) = name {
        return Ok(vec![find_issue(project, name, file)?]);
    }
    let with_positions: Vec<&Issue> =
        project.issues.iter().filter(|issue| project.positions.on_issue(&issue.id).next().is_some()).collect();
    if with_positions.is_empty() {
        bail!(
            "{}: no issue has positions, so there is nothing to forecast; {}",
            file.display(),
            issue_list(project.issues.iter().collect())
        );
    }
    Ok(with_positions)
}

/// Each actor's weight over the total weight of `actors` (0 when the total is 0).
fn weight_shares(actors: &[ForecastActor]) -> Vec<f64> {
    let total_weight: f64 = actors.iter().map(ForecastActor::weight).sum();
    actors.iter().map(|actor| if total_weight > 0.0 { actor.weight() / total_weight } else { 0.0 }).collect()
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
        "Forecast for {:?} (scale {}–{}) — {} — {}",
        forecast.issue_name,
        number(forecast.scale_min),
        number(forecast.scale_max),
        crate::model::wording::count(forecast.actors.len(), "actor", "actors"),
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
            "expected-utility model:         {} after {} round{}{}",
            number(*last),
            run.rounds.len() - 1,
            if run.rounds.len() == 2 { "" } else { "s" },
            if run.converged { " (settled: nobody moves any more)" } else { "" }
        )?;
    }
    Ok(())
}

/// `--rounds`: every actor's position per round of the model, then its forecast and mean.
fn write_rounds(out: &mut impl std::io::Write, forecast: &IssueForecast, run: &BdmRun) -> std::io::Result<()> {
    writeln!(
        out,
        "\nExpected-utility model (Bueno de Mesquita; Scholz, Calbert & Smith 2011), positions per round{}:",
        if run.converged { " (settled: nobody moves any more)" } else { "" }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_keep_their_alphabetical_order() {
        let forecast = IssueForecast {
            issue: "debt".into(),
            issue_name: "Debt relief".into(),
            scale_min: 0.0,
            scale_max: 100.0,
            actors: vec![ForecastActor { actor: "Greece".into(), capability: 100.0, position: 40.0, salience: 50.0 }],
            weighted_mean: Some(40.0),
            weighted_median: Some(40.0),
        };
        let run = BdmRun {
            rounds: vec![vec![("Greece".into(), 40.0)]],
            forecast_per_round: vec![40.0],
            mean_per_round: vec![40.0],
            converged: true,
        };
        assert_eq!(
            serde_json::to_string(&ForecastJson::new(&forecast, &run)).unwrap(),
            concat!(
                r#"{"actors":1,"inputs":[{"actor":"Greece","capability":100.0,"position":40.0,"salience":50.0,"#,
                r#""weight":5000.0,"weight_share":1.0}],"issue":"Debt relief","issue_id":"debt","#,
                r#""rounds":{"converged":true,"forecast_per_round":[40.0],"mean_per_round":[40.0],"#,
                r#""rounds":[[["Greece",40.0]]]},"scale":[0.0,100.0],"weighted_mean":40.0,"weighted_median":40.0}"#
            )
        );
    }
}
