//! `stancemap agreement`: inter-coder agreement (Krippendorff's alpha) of a project or a
//! coded-positions CSV — a table per issue plus the largest disagreements, or JSON: the whole
//! [`AgreementReport`], or with `--issue` one issue's numbers and disagreements.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::AgreementArgs;
use super::open::{find_issue, open_positions};
use super::output::{number, write_table};
use crate::analysis::agreement::{self, AgreementReport, Alphas, Disagreement};
use crate::model::{Issue, Project};

/// Runs `stancemap agreement`.
pub fn run(args: &AgreementArgs) -> anyhow::Result<ExitCode> {
    let project = open_positions(&args.file)?;
    let issue = args.issue.as_deref().map(|name| find_issue(&project, name, &args.file)).transpose()?;
    let report = agreement::agreement(&project);
    let mut out = std::io::stdout().lock();
    if let Some(issue) = issue {
        write_issue(&mut out, args, &project, &report, issue)?;
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

/// `agreement --issue NAME`: the one issue's row and disagreements, as text or JSON.
fn write_issue(
    out: &mut impl std::io::Write,
    args: &AgreementArgs,
    project: &Project,
    report: &AgreementReport,
    issue: &Issue,
) -> anyhow::Result<()> {
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
        write_agreement(out, rows, &disagreements, project, units)?;
    }
    Ok(())
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
