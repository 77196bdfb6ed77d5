//! The report: one self-contained HTML file with the project summary, every figure as inline SVG,
//! the positions with their quotes, inter-coder agreement and forecasts.
//!
//! Rules: no external resources and no URLs at all (no scripts, fonts, stylesheets or links; the
//! inline SVGs drop their namespace, which HTML does not need), every piece of user text escaped,
//! and the same project always gives the same bytes. Figures show the means over every article
//! and coder: all issues, the map of the first two issues, the distances, and each issue across
//! articles.

use std::fmt::Write as _;

use super::svg::{self, escape};
use crate::analysis::{agreement, forecast};
use crate::figure::{self, Figure, Filter, PointSource};
use crate::model::Project;
use crate::model::wording::count;

/// A number for the report: at most two decimals, trailing zeros dropped.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_owned() }
}

/// An SVG document as an inline `<figure>` (no XML declaration, no namespace).
fn inline(document: &str) -> String {
    let body = document.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let body = body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    format!("<figure>{body}</figure>\n")
}

/// The report of `project` (see the module doc).
pub fn report_html(project: &Project) -> String {
    report_html_with_agreement(project, project)
}

/// The report of `project`, its agreement section measured on `coded` instead: under "consensus
/// where there is one, else every coder" `project` is resolved (a settled unit has one position),
/// while agreement must read the coders' own values.
pub fn report_html_with_agreement(project: &Project, coded: &Project) -> String {
    let title = figure::default_title(project);
    let mut html = String::with_capacity(64 * 1024);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(html, "<title>{}</title>", escape(title));
    html.push_str(
        "<style>body{font-family:Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
         table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}\
         td.n{text-align:right}figure{margin:1.5rem 0}svg{max-width:100%;height:auto}blockquote{margin:.2rem 0;color:#555;font-style:italic}</style>\n</head>\n<body>\n",
    );
    let _ = writeln!(html, "<h1>{}</h1>", escape(title));
    if !project.description.trim().is_empty() {
        let _ = writeln!(html, "<p>{}</p>", escape(project.description.trim()));
    }
    let _ = writeln!(
        html,
        "<p>{} · {} · {} · {} · {}</p>",
        count(project.articles.len(), "article", "articles"),
        count(project.actors.len(), "actor", "actors"),
        count(project.issues.len(), "issue", "issues"),
        count(project.coders.len(), "coder", "coders"),
        count(project.positions.len(), "coded position", "coded positions")
    );
    figures(&mut html, project);
    if !std::ptr::eq(project, coded) {
        let _ = writeln!(
            html,
            "<p>Figures, positions and forecasts read the consensus where the lead settled a disagreement ({}), else every coder; agreement reads the coders' own values.</p>",
            count(coded.consensus.len(), "unit", "units")
        );
    }
    positions(&mut html, project);
    agreement_section(&mut html, coded);
    forecast_section(&mut html, project);
    html.push_str("</body>\n</html>\n");
    html
}

fn figures(html: &mut String, project: &Project) {
    html.push_str("<h2>Figures</h2>\n");
    let rows = figure::mean_rows(project);
    let source = PointSource::Means(&rows);
    let title = figure::default_title(project);
    html.push_str(&inline(&svg::draw(&Figure::Strip(figure::strip_figure(project, source, Some(title))))));
    if let [x, y, ..] = project.issues.as_slice()
        && let Some(map) = figure::map_figure(project, &x.id, &y.id, source, Some(title))
    {
        html.push_str(&inline(&svg::draw(&Figure::Map(Box::new(map)))));
    }
    let distance = figure::distance_figure(project, source, &[], &|_| true, Some(title));
    html.push_str(&inline(&svg::draw(&Figure::Distance(Box::new(distance)))));
    for issue in &project.issues {
        if let Some(evolution) = figure::evolution_figure(project, &issue.id, &Filter::default(), Some(&issue.name))
            && !evolution.series.is_empty()
        {
            html.push_str(&inline(&svg::draw(&Figure::Evolution(Box::new(evolution)))));
        }
    }
}

fn positions(html: &mut String, project: &Project) {
    html.push_str("<h2>Positions</h2>\n");
    for issue in &project.issues {
        let _ = writeln!(
            html,
            "<h3>{}</h3>\n<p>{} ({}) … {} ({})</p>",
            escape(&issue.name),
            escape(&issue.low_label),
            number(issue.scale_min),
            escape(&issue.high_label),
            number(issue.scale_max)
        );
        html.push_str(
            "<table>\n<tr><th>Actor</th><th>Article</th><th>Coder</th><th>Position</th><th>Evidence</th></tr>\n",
        );
        for position in project.positions.on_issue(&issue.id) {
            let actor = project.actor(&position.actor).map_or_else(|| position.actor.to_string(), |a| a.name.clone());
            let article = position.article.as_ref().map_or_else(
                || "overall".to_owned(),
                |id| project.article(id).map_or_else(|| id.to_string(), |a| a.title.clone()),
            );
            let coder = project.coder(&position.coder).map_or_else(|| position.coder.to_string(), |c| c.name.clone());
            let quotes: String = position
                .evidence
                .iter()
                .map(|evidence| format!("<blockquote>“{}”</blockquote>", escape(&evidence.quote)))
                .collect();
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{quotes}</td></tr>",
                escape(&actor),
                escape(&article),
                escape(&coder),
                number(position.value)
            );
        }
        html.push_str("</table>\n");
    }
}

fn agreement_section(html: &mut String, project: &Project) {
    html.push_str("<h2>Agreement between coders</h2>\n");
    let report = agreement::agreement(project);
    if report.units == 0 {
        html.push_str("<p>No unit (article, actor, issue) has been coded by two coders.</p>\n");
        return;
    }
    html.push_str("<p>Krippendorff's alpha: 1 = perfect agreement, 0 = chance level; ≥ 0.8 is reliable.</p>\n<table>\n<tr><th>Issue</th><th>Units</th><th>Coders</th><th>Nominal</th><th>Ordinal</th><th>Interval</th><th>Ratio</th></tr>\n");
    let alpha = |value: Option<f64>| value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"));
    let mut row = |name: &str, units: usize, coders: usize, alphas: &agreement::Alphas| {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"n\">{units}</td><td class=\"n\">{coders}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(name),
            alpha(alphas.nominal),
            alpha(alphas.ordinal),
            alpha(alphas.interval),
            alpha(alphas.ratio)
        );
    };
    for issue in &report.per_issue {
        let name = project.issue(&issue.issue).map_or_else(|| issue.issue.to_string(), |i| i.name.clone());
        row(&name, issue.units, issue.coders, &issue.alpha);
    }
    row("All issues", report.units, report.coders, &report.alpha);
    html.push_str("</table>\n");
}

fn forecast_section(html: &mut String, project: &Project) {
    html.push_str("<h2>Forecasts</h2>\n<p>Weights are capability × salience (means over all articles and coders); the expected-utility model is Bueno de Mesquita's, round by round.</p>\n<table>\n<tr><th>Issue</th><th>Actors</th><th>Weighted mean</th><th>Weighted median</th><th>Expected-utility forecast</th></tr>\n");
    for issue in &project.issues {
        let Some(result) = forecast::forecast_issue(project, &issue.id, None) else { continue };
        if result.actors.is_empty() {
            continue;
        }
        let run = forecast::bdm(&result.actors, (result.scale_min, result.scale_max), &forecast::BdmOptions::default());
        let cell = |value: Option<f64>| value.map_or_else(|| "—".to_owned(), number);
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&issue.name),
            result.actors.len(),
            cell(result.weighted_mean),
            cell(result.weighted_median),
            cell(run.forecast_per_round.last().copied())
        );
    }
    html.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn the_report_is_self_contained_and_holds_every_section() {
        let project = presets::sample_project();
        let html = report_html(&project);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("http") && !html.contains("src=") && !html.contains("<script"), "no external resources");
        for heading in
            ["<h2>Figures</h2>", "<h2>Positions</h2>", "<h2>Agreement between coders</h2>", "<h2>Forecasts</h2>"]
        {
            assert!(html.contains(heading), "{heading}");
        }
        assert!(html.matches("<svg ").count() >= 4, "strip, map, distances and evolutions");
        let quote = &project.positions.iter().find_map(|p| p.evidence.first()).expect("a quote").quote;
        assert!(html.contains(&escape(quote)), "quotes are in the report");
        assert_eq!(html, report_html(&project), "deterministic");
    }
}
