//! `stancemap suggest`: runs the stance suggester over article files or a project's articles, with
//! the project's actors and issues (or the presets), and prints each suggestion as a line or the
//! whole list as JSON ([`SuggestionReport`]).

use crate::model::wording::count;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use super::args::SuggestArgs;
use crate::analysis::suggest::{Side, Suggester};
use crate::io::{import, project_file};
use crate::model::{Confidence, Project, presets};

/// One suggestion as `suggest --json` prints it (fields in this order).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuggestionReport {
    /// The article's file stem, or its id for a project's article.
    pub article: String,
    /// The actor's name.
    pub actor: String,
    /// The issue's name.
    pub issue: String,
    /// "low" or "high".
    pub side: Side,
    /// The proposed value on the issue's scale.
    pub value: f64,
    /// "low", "medium" or "high".
    pub confidence: Confidence,
    /// The sentence the suggestion comes from.
    pub sentence: String,
    /// Byte offset of the sentence in the article text.
    pub start: usize,
    /// Byte offset just past the sentence.
    pub end: usize,
    /// The cues that fired.
    pub cues: Vec<String>,
    /// The phrases among them that were learnt from the project's coding (lower case).
    pub learnt: Vec<String>,
}

/// Runs `stancemap suggest`.
pub fn run(args: &SuggestArgs) -> anyhow::Result<ExitCode> {
    let project = match &args.project {
        Some(path) => project_file::load_project(path)?,
        None => presets::new_project("suggest"),
    };
    anyhow::ensure!(
        !args.paths.is_empty() || args.project.is_some(),
        "name article files or folders, or a project with --project"
    );
    let articles = if args.paths.is_empty() { project_articles(&project) } else { file_articles(&args.paths)? };
    let reports = suggestions(&project, &articles);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        for report in &reports {
            println!(
                "{}: {} on {} → {} ({}, {} confidence): “{}”\n    {}",
                report.article,
                report.actor,
                report.issue,
                report.side.label(),
                super::output::number(report.value),
                report.confidence.label().to_lowercase(),
                report.sentence,
                report.cues.join("; ")
            );
        }
        let suggestions = count(reports.len(), "suggestion", "suggestions");
        eprintln!("{suggestions} in {}", count(articles.len(), "article", "articles"));
    }
    Ok(ExitCode::SUCCESS)
}

/// (label, text) of each article of the project.
fn project_articles(project: &Project) -> Vec<(String, String)> {
    project.articles.iter().map(|article| (article.id.to_string(), article.text.clone())).collect()
}

/// (label, text) of each article in the files and folders: the file stem, with the article's
/// number for files holding several (news-database exports).
fn file_articles(paths: &[PathBuf]) -> anyhow::Result<Vec<(String, String)>> {
    let files = import::collect_importable_files(paths);
    anyhow::ensure!(!files.is_empty(), "no article files in {}", describe(paths));
    let mut articles = Vec::new();
    for file in files {
        let extracted = import::extract_file(&file).with_context(|| format!("{}: cannot read it", file.display()))?;
        let stem = file.file_stem().map_or_else(|| file.display().to_string(), |s| s.to_string_lossy().into_owned());
        let several = extracted.len() > 1;
        for (index, article) in extracted.into_iter().enumerate() {
            let label = if several { format!("{stem}#{}", index + 1) } else { stem.clone() };
            articles.push((label, article.text));
        }
    }
    Ok(articles)
}

fn describe(paths: &[PathBuf]) -> String {
    paths.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// Every suggestion for the articles, with names instead of ids, read with what the project's
/// coding teaches (its coded quotes and rejected suggestions, but for the phrases its issues were
/// told to forget) and its issues' own pole phrases.
pub fn suggestions(project: &Project, articles: &[(String, String)]) -> Vec<SuggestionReport> {
    let suggester = Suggester::for_project(project, &[]);
    let mut reports = Vec::new();
    for (label, text) in articles {
        for suggestion in suggester.suggest(text) {
            let actor =
                project.actor(&suggestion.actor).map_or_else(|| suggestion.actor.to_string(), |a| a.name.clone());
            let issue =
                project.issue(&suggestion.issue).map_or_else(|| suggestion.issue.to_string(), |i| i.name.clone());
            reports.push(SuggestionReport {
                article: label.clone(),
                actor,
                issue,
                side: suggestion.side,
                value: suggestion.value,
                confidence: suggestion.confidence,
                sentence: text.get(suggestion.start..suggestion.end).unwrap_or_default().to_owned(),
                start: suggestion.start,
                end: suggestion.end,
                cues: suggestion.cues,
                learnt: suggestion.learnt,
            });
        }
    }
    reports
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_name_actors_and_issues_and_quote_the_sentence() {
        let project = presets::new_project("t");
        let text = "Russia's Deputy Foreign Minister Sergei Ryabkov said Moscow rejects NATO membership for Ukraine.";
        let reports = suggestions(&project, &[("a".to_owned(), text.to_owned())]);
        assert_eq!(reports.len(), 1);
        let json = serde_json::to_value(&reports[0]).unwrap();
        assert_eq!(json["article"], "a");
        assert_eq!(json["actor"], "Russia");
        assert_eq!(json["issue"], "Ukraine's NATO membership");
        assert_eq!(json["side"], "low");
        assert_eq!(json["confidence"], "high");
        assert_eq!(json["sentence"], text);
        assert_eq!((json["start"].as_u64(), json["end"].as_u64()), (Some(0), Some(text.len() as u64)));
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 11, "{keys:?}");
        assert_eq!(json["learnt"], serde_json::json!([]), "a new project has learnt nothing");
    }

    #[test]
    fn a_projects_coding_teaches_the_suggestions_on_new_files_and_forgetting_holds() {
        let mut project = presets::new_project("t");
        let mut article = presets::seed_article();
        article.text = "Sergei Lavrov said Russia rejects NATO membership for Ukraine as a red line.".into();
        let quote = article.text.clone();
        project.articles.push(article.clone());
        project.positions.insert(crate::model::Position {
            actor: "russia".into(),
            issue: "nato-membership".into(),
            article: Some(article.id.clone()),
            coder: presets::DEFAULT_CODER_ID.into(),
            value: 10.0,
            evidence: crate::model::Evidence::from_span(&article.text, 0, quote.len()).into_iter().collect(),
            ..crate::model::Position::default()
        });
        let new_file = [("new".to_owned(), "Sergei Ryabkov said Russia regards such a step as a red line.".to_owned())];
        let reports = suggestions(&project, &new_file);
        assert_eq!(reports.len(), 1, "{reports:?}");
        assert_eq!((reports[0].actor.as_str(), reports[0].side), ("Russia", Side::Low));
        assert_eq!(reports[0].learnt, ["red line"]);
        let issue = project.issues.iter_mut().find(|issue| issue.id.as_str() == "nato-membership").unwrap();
        issue.forgotten_phrases.push("red line".into());
        assert!(suggestions(&project, &new_file).is_empty(), "a forgotten phrase is not read");
    }
}
