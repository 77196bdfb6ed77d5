//! How good the stance suggester is, measured on the hand-coded set in `tests/fixtures/suggest`
//! (see its README): for every article × actor × issue the suggester takes a side on, is it the
//! coder's side? Precision is the share of the suggester's sides that are right; recall the share
//! of the coder's records it finds with the right side. The test fails below the target on the
//! part the rules were not tuned on: precision ≥ 0.8 at recall ≥ 0.5.

use std::collections::BTreeMap;
use std::path::Path;

use stancemap::analysis::suggest::{Side, Suggester};
use stancemap::model::{Confidence, presets};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/suggest");

/// (article, actor name, issue name) → side.
type Units = BTreeMap<(String, String, String), Side>;

struct Gold {
    split: String,
    units: Units,
}

fn read_gold() -> Vec<Gold> {
    let mut reader = csv::Reader::from_path(Path::new(FIXTURES).join("gold.csv")).expect("gold.csv");
    let mut splits: BTreeMap<String, Units> = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("a gold record");
        let side = match &record[4] {
            "low" => Side::Low,
            "high" => Side::High,
            other => panic!("side {other:?}"),
        };
        let key = (record[1].to_owned(), record[2].to_owned(), record[3].to_owned());
        assert!(splits.entry(record[0].to_owned()).or_default().insert(key, side).is_none(), "one record per unit");
    }
    splits.into_iter().map(|(split, units)| Gold { split, units }).collect()
}

/// The suggester's side per unit of one article: the confidence-weighted majority of its
/// sentence suggestions (a tie takes no side).
fn suggested_units(article: &str) -> Units {
    let project = presets::new_project("quality");
    let text = std::fs::read_to_string(Path::new(FIXTURES).join(format!("{article}.txt"))).expect("article");
    let suggester = Suggester::new(&project.actors, &project.issues);
    let mut votes: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    for suggestion in suggester.suggest(&text) {
        let actor = project.actor(&suggestion.actor).map(|a| a.name.clone()).unwrap_or_default();
        let issue = project.issue(&suggestion.issue).map(|i| i.name.clone()).unwrap_or_default();
        let weight = match suggestion.confidence {
            Confidence::Low => 1.0,
            Confidence::Medium => 2.0,
            Confidence::High => 3.0,
        };
        let signed = if suggestion.side == Side::High { weight } else { -weight };
        if std::env::var_os("SUGGEST_DETAILS").is_some() && !article.starts_with('u') {
            eprintln!(
                "  {article}: {actor} / {issue}: {:?} {:?} {:?}",
                suggestion.side, suggestion.confidence, suggestion.cues
            );
        }
        *votes.entry((article.to_owned(), actor, issue)).or_default() += signed;
    }
    votes
        .into_iter()
        .filter(|(_, vote)| *vote != 0.0)
        .map(|(unit, vote)| (unit, if vote > 0.0 { Side::High } else { Side::Low }))
        .collect()
}

/// (precision, recall, suggested units, gold units) of one split.
fn measure(gold: &Gold) -> (f64, f64, usize, usize) {
    let articles: std::collections::BTreeSet<&String> = gold.units.keys().map(|(article, _, _)| article).collect();
    let suggested: Units = articles.iter().flat_map(|article| suggested_units(article)).collect();
    let right = suggested.iter().filter(|(unit, side)| gold.units.get(*unit) == Some(side)).count();
    let show = std::env::var_os("SUGGEST_DETAILS").is_some() && gold.split == "tune";
    if show {
        for (unit, side) in &suggested {
            let verdict = match gold.units.get(unit) {
                Some(expected) if expected == side => "right",
                Some(_) => "WRONG SIDE",
                None => "NOT CODED",
            };
            eprintln!("{verdict}: {unit:?} {side:?}");
        }
        for (unit, side) in gold.units.iter().filter(|(unit, _)| !suggested.contains_key(*unit)) {
            eprintln!("missed: {unit:?} {side:?}");
        }
    }
    let precision = if suggested.is_empty() { 0.0 } else { right as f64 / suggested.len() as f64 };
    let recall = right as f64 / gold.units.len() as f64;
    (precision, recall, suggested.len(), gold.units.len())
}

#[test]
fn the_suggester_meets_its_target_on_text_it_was_not_tuned_on() {
    let gold = read_gold();
    let mut unseen = None;
    for split in &gold {
        let (precision, recall, suggested, coded) = measure(split);
        eprintln!(
            "{}: precision {precision:.2} recall {recall:.2} ({suggested} units suggested, {coded} coded)",
            split.split
        );
        if split.split == "unseen" {
            unseen = Some((precision, recall));
        }
    }
    let (precision, recall) = unseen.expect("an unseen split");
    assert!(precision >= 0.8, "precision {precision:.2} on the unseen part is below 0.8");
    assert!(recall >= 0.5, "recall {recall:.2} on the unseen part is below 0.5");
}
