//! How good the stance suggester is, measured on the hand-coded sets in `tests/fixtures/suggest`
//! (see its README), with the scoring of issue #23: for every article × actor × issue, the
//! suggester's side is the confidence-weighted majority (high 3, medium 2, low 1) of its sentence
//! suggestions; precision is the share of the units it took a side on where that side is the
//! coder's, recall the share of the coder's stances it found with the right side. A side on a
//! unit the coder recorded as "no stance", or did not record at all, counts against precision.
//!
//! Four splits: `tune` (the cue rules were tuned by looking at it), `unseen` (written by us with
//! the tuning texts; issue #23 made it part of the tuning set, looked at while tuning),
//! `real_tune` (real 2025 text, coded before the fifth session changed any rule, then tuned on)
//! and `real` (real 2025 news, coded before any rule change of issue #23 and never tuned on). The tests fail below the issue's target on
//! `unseen` and below the figures reached on `real` (far below the target: see README);
//! `SUGGEST_DETAILS=1` prints every unit of `tune`, `unseen` and `real_tune` (never of `real`). The learning
//! curve codes the first k real articles from their gold and measures the rest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use stancemap::analysis::suggest::{Side, Suggester};
use stancemap::model::{Confidence, Evidence, Position, Project, RejectedSuggestion, presets};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/suggest");

/// (article, actor name, issue name).
type Unit = (String, String, String);

/// One coded record: a stance (side and confidence) or a recorded negative (`None`).
struct Record {
    split: String,
    unit: Unit,
    stance: Option<(Side, Confidence)>,
}

fn confidence(label: &str) -> Confidence {
    match label {
        "high" => Confidence::High,
        "low" => Confidence::Low,
        _ => Confidence::Medium,
    }
}

/// The records of one gold file (`gold.csv` has no confidence column: every stance is medium).
fn read_gold(file: &str) -> Vec<Record> {
    let mut reader = csv::Reader::from_path(Path::new(FIXTURES).join(file)).expect("a gold file");
    let headers = reader.headers().expect("a header row").clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let confidence_column = column("confidence");
    let mut seen = BTreeSet::new();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.expect("a gold record");
        let unit = (record[1].to_owned(), record[2].to_owned(), record[3].to_owned());
        assert!(seen.insert(unit.clone()), "one record per unit: {unit:?}");
        let level = confidence_column.and_then(|c| record.get(c)).map_or(Confidence::Medium, confidence);
        let stance = match &record[4] {
            "low" => Some((Side::Low, level)),
            "high" => Some((Side::High, level)),
            "none" => None,
            other => panic!("side {other:?}"),
        };
        records.push(Record { split: record[0].to_owned(), unit, stance });
    }
    records
}

fn article_path(article: &str) -> PathBuf {
    let file = format!("{article}.txt");
    ["", "real_tune", "real"]
        .iter()
        .map(|folder| Path::new(FIXTURES).join(folder).join(&file))
        .find(|path| path.exists())
        .unwrap_or_else(|| Path::new(FIXTURES).join("real").join(&file))
}

fn weight(level: Confidence) -> f64 {
    match level {
        Confidence::Low => 1.0,
        Confidence::Medium => 2.0,
        Confidence::High => 3.0,
    }
}

/// The suggester's side per unit of one article (a tie takes no side), with the highest
/// confidence among the suggestions that voted for that side.
fn suggested_units(
    project: &Project,
    suggester: &Suggester,
    article: &str,
    show: bool,
) -> Vec<(Unit, Side, Confidence)> {
    let text = std::fs::read_to_string(article_path(article)).expect("article");
    let mut votes: BTreeMap<Unit, (f64, Option<Confidence>, Option<Confidence>)> = BTreeMap::new();
    for suggestion in suggester.suggest(&text) {
        let actor = project.actor(&suggestion.actor).map(|a| a.name.clone()).unwrap_or_default();
        let issue = project.issue(&suggestion.issue).map(|i| i.name.clone()).unwrap_or_default();
        if show {
            eprintln!(
                "  {article}: {actor} / {issue}: {:?} {:?} {:?}",
                suggestion.side, suggestion.confidence, suggestion.cues
            );
        }
        let entry = votes.entry((article.to_owned(), actor, issue)).or_default();
        let level = Some(suggestion.confidence);
        match suggestion.side {
            Side::High => {
                entry.0 += weight(suggestion.confidence);
                entry.1 = entry.1.max(level);
            }
            Side::Low => {
                entry.0 -= weight(suggestion.confidence);
                entry.2 = entry.2.max(level);
            }
        }
    }
    votes
        .into_iter()
        .filter_map(|(unit, (vote, high, low))| match vote {
            v if v > 0.0 => Some((unit, Side::High, high.unwrap_or_default())),
            v if v < 0.0 => Some((unit, Side::Low, low.unwrap_or_default())),
            _ => None,
        })
        .collect()
}

/// Right sides, sides taken and coded stances.
#[derive(Clone, Copy, Debug, Default)]
struct Score {
    right: usize,
    taken: usize,
    coded: usize,
}

impl Score {
    fn precision(self) -> f64 {
        if self.taken == 0 { 0.0 } else { self.right as f64 / self.taken as f64 }
    }
    fn recall(self) -> f64 {
        if self.coded == 0 { 0.0 } else { self.right as f64 / self.coded as f64 }
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn line(self) -> String {
        format!(
            "precision {:.2} ({}/{}), recall {:.2} ({}/{}), F1 {:.2}",
            self.precision(),
            self.right,
            self.taken,
            self.recall(),
            self.right,
            self.coded,
            self.f1()
        )
    }
}

/// The scores of one split: overall, per issue, per confidence (precision by the suggester's
/// confidence, recall by the coder's).
#[derive(Default)]
struct Report {
    overall: Score,
    by_issue: BTreeMap<String, Score>,
    by_suggested_confidence: BTreeMap<String, Score>,
    by_coded_confidence: BTreeMap<String, Score>,
}

fn measure(records: &[&Record], show: bool) -> Report {
    let project = presets::new_project("quality");
    let suggester = Suggester::new(&project.actors, &project.issues);
    measure_with(records, &project, &suggester, show)
}

fn measure_with(records: &[&Record], project: &Project, suggester: &Suggester, show: bool) -> Report {
    let coded: BTreeMap<&Unit, Option<(Side, Confidence)>> = records.iter().map(|r| (&r.unit, r.stance)).collect();
    let articles: BTreeSet<&String> = records.iter().map(|r| &r.unit.0).collect();
    let mut report = Report::default();
    let mut found = BTreeSet::new();
    for article in articles {
        for (unit, side, level) in suggested_units(project, suggester, article, show) {
            let right = matches!(coded.get(&unit), Some(Some((expected, _))) if *expected == side);
            if show {
                let verdict = match coded.get(&unit) {
                    _ if right => "right",
                    Some(Some(_)) => "WRONG SIDE",
                    Some(None) => "CODED NO STANCE",
                    None => "NOT CODED",
                };
                eprintln!("{verdict}: {unit:?} {side:?} {level:?}");
            }
            for score in [
                &mut report.overall,
                report.by_issue.entry(unit.2.clone()).or_default(),
                report.by_suggested_confidence.entry(level.label().to_lowercase()).or_default(),
            ] {
                score.taken += 1;
                score.right += usize::from(right);
            }
            if right {
                found.insert(unit.clone());
            }
        }
    }
    for record in records {
        let Some((side, level)) = record.stance else { continue };
        let hit = found.contains(&record.unit);
        report.overall.coded += 1;
        report.by_issue.entry(record.unit.2.clone()).or_default().coded += 1;
        let by_level = report.by_coded_confidence.entry(level.label().to_lowercase()).or_default();
        by_level.coded += 1;
        by_level.right += usize::from(hit);
        if show && !hit {
            eprintln!("missed: {:?} {side:?}", record.unit);
        }
    }
    report
}

fn print(split: &str, report: &Report) {
    eprintln!("{split}: {}", report.overall.line());
    for (issue, score) in &report.by_issue {
        eprintln!("  {issue}: {}", score.line());
    }
    for (level, score) in &report.by_suggested_confidence {
        eprintln!("  suggested {level}: precision {:.2} ({}/{})", score.precision(), score.right, score.taken);
    }
    for (level, score) in &report.by_coded_confidence {
        eprintln!("  coded {level}: recall {:.2} ({}/{})", score.recall(), score.right, score.coded);
    }
}

fn split_report(file: &str, split: &str) -> Report {
    let records = read_gold(file);
    let chosen: Vec<&Record> = records.iter().filter(|r| r.split == split).collect();
    assert!(!chosen.is_empty(), "a {split} split in {file}");
    let show = std::env::var_os("SUGGEST_DETAILS").is_some() && split != "real";
    let report = measure(&chosen, show);
    print(split, &report);
    report
}

#[test]
fn the_suggester_meets_its_target_on_the_texts_written_with_the_tuning_set() {
    split_report("gold.csv", "tune");
    let report = split_report("gold.csv", "unseen");
    let unseen = report.overall;
    // Issue #23's target: precision ≥ 0.85 at recall ≥ 0.6, and "high" right ≥ 90 % of the time.
    assert!(unseen.precision() >= 0.85, "precision {:.2} on the unseen part is below 0.85", unseen.precision());
    assert!(unseen.recall() >= 0.6, "recall {:.2} on the unseen part is below 0.6", unseen.recall());
    let high = report.by_suggested_confidence.get("high").copied().unwrap_or_default();
    assert!(high.taken > 0 && high.precision() >= 0.9, "high-confidence precision {:.2}", high.precision());
}

#[test]
fn the_suggester_on_real_text_it_was_tuned_on() {
    // Tuned on (fifth session): the figures reached, 3 of 3 sides right and 3 of 4 stances found.
    let real_tune = split_report("gold_real_tune.csv", "real_tune").overall;
    assert!(real_tune.precision() >= 0.99, "precision {:.2} on real_tune is below 1.00", real_tune.precision());
    assert!(real_tune.recall() >= 0.75, "recall {:.2} on real_tune is below 0.75", real_tune.recall());
}

#[test]
fn the_suggester_holds_its_figures_on_real_news_nobody_tuned_on() {
    // Far below the issue's target (precision 0.85 at recall 0.6): these are the figures reached
    // (README, "The stance suggester"), kept so that they cannot silently fall.
    let real = split_report("gold_real.csv", "real").overall;
    assert!(real.precision() >= 0.4, "precision {:.2} on real news is below 0.40", real.precision());
    assert!(real.recall() >= 0.08, "recall {:.2} on real news is below 0.08", real.recall());
}

/// The held-out real articles, in order, with their gold evidence.
fn real_articles() -> Vec<String> {
    let records = read_gold("gold_real.csv");
    let articles: BTreeSet<String> = records.iter().map(|r| r.unit.0.clone()).collect();
    articles.into_iter().collect()
}

/// A project holding every real article, with the gold stances of `coded` articles entered as
/// the analyst would: each stance a position quoting its evidence, and every suggestion the
/// suggester made there that is not a coded stance rejected.
fn project_coding(coded: &[String]) -> Project {
    let mut project = presets::new_project("learning curve");
    for article in real_articles() {
        let mut entry = presets::seed_article();
        entry.id = article.as_str().into();
        entry.text = std::fs::read_to_string(article_path(&article)).expect("article");
        project.articles.push(entry);
    }
    let mut reader = csv::Reader::from_path(Path::new(FIXTURES).join("gold_real.csv")).expect("gold");
    for record in reader.records() {
        let record = record.expect("a record");
        if !coded.contains(&record[1].to_owned()) || &record[4] == "none" {
            continue;
        }
        let Some(article) = project.articles.iter().find(|a| a.id.as_str() == &record[1]) else { continue };
        let (Some(actor), Some(issue)) = (
            project.actors.iter().find(|a| a.name == record[2]).map(|a| a.id.clone()),
            project.issues.iter().find(|i| i.name == record[3]).map(|i| i.id.clone()),
        ) else {
            continue;
        };
        let evidence = article
            .text
            .find(&record[7])
            .and_then(|start| Evidence::from_span(&article.text, start, start + record[7].len()));
        project.positions.insert(Position {
            actor,
            issue,
            article: Some(article.id.clone()),
            coder: presets::DEFAULT_CODER_ID.into(),
            value: if &record[4] == "low" { 10.0 } else { 90.0 },
            evidence: evidence.into_iter().collect(),
            ..Position::default()
        });
    }
    let suggester = Suggester::new(&project.actors, &project.issues);
    let mut rejected = Vec::new();
    for article in project.articles.iter().filter(|a| coded.contains(&a.id.as_str().to_owned())) {
        for suggestion in suggester.suggest(&article.text) {
            let key = stancemap::model::PositionKey {
                issue: suggestion.issue.clone(),
                actor: suggestion.actor.clone(),
                article: Some(article.id.clone()),
                coder: presets::DEFAULT_CODER_ID.into(),
            };
            let right =
                project.positions.get(&key).is_some_and(|p| (p.value > 50.0) == (suggestion.side == Side::High));
            if !right {
                rejected.push(RejectedSuggestion {
                    article: article.id.clone(),
                    actor: suggestion.actor,
                    issue: suggestion.issue,
                    start: suggestion.start,
                    end: suggestion.end,
                });
            }
        }
    }
    project.rejected_suggestions = rejected;
    project
}

#[test]
fn the_learning_curve_on_real_news() {
    let records = read_gold("gold_real.csv");
    let articles = real_articles();
    let last_seven: Vec<&String> = articles.iter().skip(10).collect();
    let mut curve = Vec::new();
    for k in [0, 5, 10] {
        let coded: Vec<String> = articles.iter().take(k).cloned().collect();
        let project = project_coding(&coded);
        let suggester = Suggester::for_project(&project, &[]);
        let learnt = stancemap::analysis::suggest::learn::learn(&project, &[]).len();
        let rest: Vec<&Record> = records.iter().filter(|r| !coded.contains(&r.unit.0)).collect();
        let common: Vec<&Record> = records.iter().filter(|r| last_seven.contains(&&r.unit.0)).collect();
        let on_rest = measure_with(&rest, &project, &suggester, false).overall;
        let on_common = measure_with(&common, &project, &suggester, false).overall;
        eprintln!("k = {k} ({learnt} learnt phrases): rest {}; last seven {}", on_rest.line(), on_common.line());
        curve.push((learnt, on_common));
    }
    assert!(curve.windows(2).all(|pair| pair[0].0 < pair[1].0), "more coding teaches more phrases");
    assert!(curve[2].1.right >= curve[0].1.right, "learning from ten articles loses stances on the last seven");
}
