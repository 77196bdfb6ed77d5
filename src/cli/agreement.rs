//! `stancemap agreement`: inter-coder agreement (Krippendorff's alpha) of a project or a
//! coded-positions CSV — a table per issue, the coder pairs and actors furthest apart (as the
//! Agreement tab shows them) and the largest disagreements, or JSON: the whole [`AgreementReport`]
//! with those rankings ([`AgreementJson`]), or with `--issue` one issue's [`IssueAgreementJson`].
//!
//! The one-issue JSON has always listed its keys — nested ones too — in alphabetical order (it was
//! built as a `serde_json::Value`, whose maps are sorted), while the whole report follows the
//! analysis structs' field order. The view structs here keep both exactly as they were.

use std::io::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use super::args::AgreementArgs;
use super::open::{find_issue, open_positions};
use super::output::{number, write_table};
use crate::analysis::agreement::{self, ActorGap, AgreementReport, Alphas, Disagreement, PairGap};
use crate::model::{ActorId, ArticleId, CoderId, Issue, IssueId, Project};

/// What `agreement --json --issue NAME` prints (pretty): one issue's units, coders, alpha and
/// disagreements. Fields in alphabetical order, the key order of the output.
#[derive(Debug, Serialize)]
pub struct IssueAgreementJson<'a> {
    /// Alpha at each level over this issue's units.
    pub alpha: AlphasJson,
    /// Coders who contributed a value to a pairable unit on this issue.
    pub coders: usize,
    /// This issue's units on which the coders differ, largest spread first.
    pub disagreements: Vec<DisagreementJson<'a>>,
    /// The issue's id.
    pub issue: &'a IssueId,
    /// The issue's display name.
    pub issue_name: &'a str,
    /// Pairable units (article × actor) on this issue.
    pub units: usize,
}

/// [`Alphas`] with its keys in alphabetical order (`null` where alpha is undefined).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct AlphasJson {
    /// Alpha with the squared-difference metric.
    pub interval: Option<f64>,
    /// Alpha treating values as unordered categories.
    pub nominal: Option<f64>,
    /// Alpha treating values as ranked categories.
    pub ordinal: Option<f64>,
    /// Alpha with the ratio metric.
    pub ratio: Option<f64>,
}

impl From<Alphas> for AlphasJson {
    fn from(alpha: Alphas) -> Self {
        Self { interval: alpha.interval, nominal: alpha.nominal, ordinal: alpha.ordinal, ratio: alpha.ratio }
    }
}

/// A [`Disagreement`] with its keys in alphabetical order.
#[derive(Debug, Serialize)]
pub struct DisagreementJson<'a> {
    /// The actor's id.
    pub actor: &'a ActorId,
    /// The actor's display name.
    pub actor_name: &'a str,
    /// The article coded; `null` for an overall judgement.
    pub article: Option<&'a ArticleId>,
    /// The article's title (empty for an overall judgement).
    pub article_title: &'a str,
    /// The issue's id.
    pub issue: &'a IssueId,
    /// The issue's display name.
    pub issue_name: &'a str,
    /// Largest minus smallest value.
    pub spread: f64,
    /// Each coder's value, as `[coder, value]` pairs in coder-id order.
    pub values: &'a [(CoderId, f64)],
}

impl<'a> From<&'a Disagreement> for DisagreementJson<'a> {
    fn from(disagreement: &'a Disagreement) -> Self {
        Self {
            actor: &disagreement.actor,
            actor_name: &disagreement.actor_name,
            article: disagreement.article.as_ref(),
            article_title: &disagreement.article_title,
            issue: &disagreement.issue,
            issue_name: &disagreement.issue_name,
            spread: disagreement.spread,
            values: &disagreement.values,
        }
    }
}

/// What `agreement --json` prints: the report's fields, then every coder pair and actor by how far
/// apart the coders are, furthest first.
#[derive(Debug, Serialize)]
pub struct AgreementJson<'a> {
    /// Units, coders, alpha, per issue and disagreements, as [`AgreementReport`] serialises them.
    #[serde(flatten)]
    pub report: &'a AgreementReport,
    /// Coder pairs by the mean gap between their values on the units both coded.
    pub pairs: Vec<PairJson<'a>>,
    /// Actors by the mean spread of the coders' values on them.
    pub actors: Vec<ActorJson<'a>>,
}

/// One coder pair of [`AgreementJson`].
#[derive(Debug, Serialize)]
pub struct PairJson<'a> {
    /// The first coder's id (in id order).
    pub first: &'a CoderId,
    /// Their name.
    pub first_name: String,
    /// The second coder's id.
    pub second: &'a CoderId,
    /// Their name.
    pub second_name: String,
    /// Units both coded.
    pub units: usize,
    /// Mean absolute difference of their values on those units, in the issues' units.
    pub mean_gap: f64,
}

/// One actor of [`AgreementJson`].
#[derive(Debug, Serialize)]
pub struct ActorJson<'a> {
    /// The actor's id.
    pub actor: &'a ActorId,
    /// Their name.
    pub actor_name: String,
    /// Pairable units on the actor.
    pub units: usize,
    /// Mean spread (largest minus smallest value) over those units.
    pub mean_spread: f64,
}

fn coder_name(project: &Project, coder: &CoderId) -> String {
    project.coder(coder).map_or_else(|| coder.to_string(), |found| found.name.clone())
}

fn actor_name(project: &Project, actor: &ActorId) -> String {
    project.actor(actor).map_or_else(|| actor.to_string(), |found| found.name.clone())
}

impl<'a> AgreementJson<'a> {
    /// The report with its rankings named from `project`.
    pub fn of(report: &'a AgreementReport, project: &Project) -> Self {
        let pair = |pair: &'a PairGap| PairJson {
            first: &pair.first,
            first_name: coder_name(project, &pair.first),
            second: &pair.second,
            second_name: coder_name(project, &pair.second),
            units: pair.units,
            mean_gap: pair.mean_gap,
        };
        let actor = |actor: &'a ActorGap| ActorJson {
            actor: &actor.actor,
            actor_name: actor_name(project, &actor.actor),
            units: actor.units,
            mean_spread: actor.mean_spread,
        };
        Self {
            report,
            pairs: report.pairs.iter().map(pair).collect(),
            actors: report.actors.iter().map(actor).collect(),
        }
    }
}

/// Runs `stancemap agreement`.
pub fn run(args: &AgreementArgs) -> anyhow::Result<ExitCode> {
    let project = open_positions(&args.file)?;
    let issue = args.issue.as_deref().map(|name| find_issue(&project, name, &args.file)).transpose()?;
    let report =
        if args.overlap_only { agreement::agreement_on_overlap(&project) } else { agreement::agreement(&project) };
    let mut out = std::io::stdout().lock();
    if let Some(issue) = issue {
        write_issue(&mut out, args, &project, &report, issue)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&AgreementJson::of(&report, &project))?)?;
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
    // Only the largest five are printed: merging the issues' lists stops there.
    let disagreements: Vec<&Disagreement> = report.disagreements.iter().take(5).collect();
    write_agreement(&mut out, rows, &disagreements, &project, report.units)?;
    write_rankings(&mut out, &report, &project)?;
    drop(disagreements);
    // The process ends now: freeing half a million positions and the report one allocation at a
    // time would add a tenth of a second for nothing (as `check` does).
    std::mem::forget((project, report));
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
    let disagreements: Vec<&Disagreement> = report.disagreements.on_issue(&issue.id).collect();
    if args.json {
        let json = IssueAgreementJson {
            alpha: alpha.into(),
            coders,
            disagreements: disagreements.iter().copied().map(DisagreementJson::from).collect(),
            issue: &issue.id,
            issue_name: &issue.name,
            units,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        writeln!(out, "Krippendorff's alpha — {} — issue {:?}", args.file.display(), issue.name)?;
        let rows = vec![alpha_row(&issue.name, units, coders, &alpha)];
        write_agreement(out, rows, &disagreements, project, units)?;
    }
    Ok(())
}

/// The five coder pairs and actors furthest apart, as the Agreement tab lists them.
fn write_rankings(out: &mut impl std::io::Write, report: &AgreementReport, project: &Project) -> std::io::Result<()> {
    if !report.pairs.is_empty() {
        writeln!(out, "\nCoder pairs furthest apart (mean gap on the units both coded):")?;
        for pair in report.pairs.iter().take(5) {
            writeln!(
                out,
                "  {} and {}: {} over {}",
                coder_name(project, &pair.first),
                coder_name(project, &pair.second),
                number(pair.mean_gap),
                crate::model::wording::count(pair.units, "unit", "units")
            )?;
        }
    }
    if !report.actors.is_empty() {
        writeln!(out, "\nActors placed furthest apart (mean spread of the coders' values):")?;
        for actor in report.actors.iter().take(5) {
            writeln!(
                out,
                "  {}: {} over {}",
                actor_name(project, &actor.actor),
                number(actor.mean_spread),
                crate::model::wording::count(actor.units, "unit", "units")
            )?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_issue_json_keeps_its_alphabetical_key_order() {
        let disagreement = Disagreement {
            article: None,
            actor: "russia".into(),
            issue: "peace".into(),
            article_title: String::new(),
            actor_name: "Russia".into(),
            issue_name: "Peace".into(),
            values: vec![("a".into(), 10.0), ("b".into(), 30.0)],
            spread: 20.0,
        };
        let issue_id: IssueId = "peace".into();
        let json = IssueAgreementJson {
            alpha: Alphas { nominal: Some(0.5), ordinal: None, interval: Some(0.25), ratio: None }.into(),
            coders: 2,
            disagreements: vec![DisagreementJson::from(&disagreement)],
            issue: &issue_id,
            issue_name: "Peace",
            units: 1,
        };
        assert_eq!(
            serde_json::to_string(&json).unwrap(),
            concat!(
                r#"{"alpha":{"interval":0.25,"nominal":0.5,"ordinal":null,"ratio":null},"coders":2,"#,
                r#""disagreements":[{"actor":"russia","actor_name":"Russia","article":null,"article_title":"","#,
                r#""issue":"peace","issue_name":"Peace","spread":20.0,"values":[["a",10.0],["b",30.0]]}],"#,
                r#""issue":"peace","issue_name":"Peace","units":1}"#
            )
        );
    }
}
