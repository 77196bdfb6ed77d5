//! What a new project starts with, and the bundled sample project.
//!
//! A new project has the three issues of the seed question (Ukraine's NATO membership, ceding
//! territory, Ukraine's inclusion in talks) and the seed article's actors with their aliases; users
//! edit all of it. The sample project adds the seed article (`assets/seed-article.txt`) and positions
//! coded from it, each with a quote that appears verbatim in the article.

use super::{Actor, ActorKind, Article, Coder, Confidence, Evidence, Issue, Position, Project, Rgb};

/// The seed article the product was specified from, as shipped in `assets/`.
pub const SEED_ARTICLE: &str = include_str!("../../assets/seed-article.txt");

/// The id of the coder a new project starts with.
pub const DEFAULT_CODER_ID: &str = "analyst";

/// The preset actors, issues and pole phrases as shipped in `assets/presets/` (one file per kind
/// of knowledge, reviewed like code; see each file's "about").
const ACTORS_JSON: &str = include_str!("../../assets/presets/actors.json");
const ISSUES_JSON: &str = include_str!("../../assets/presets/issues.json");
const POLE_PHRASES_JSON: &str = include_str!("../../assets/presets/pole_phrases.json");
const ISSUE_HINTS_JSON: &str = include_str!("../../assets/presets/issue_hints.json");

#[derive(serde::Deserialize)]
struct ActorsFile {
    actors: Vec<PresetActor>,
}

#[derive(serde::Deserialize)]
struct PresetActor {
    id: String,
    name: String,
    short: String,
    kind: ActorKind,
    color: [u8; 3],
    capability: f64,
    aliases: Vec<String>,
}

#[derive(serde::Deserialize)]
struct IssuesFile {
    issues: Vec<PresetIssue>,
}

#[derive(serde::Deserialize)]
struct PresetIssue {
    id: String,
    name: String,
    description: String,
    low: String,
    high: String,
    keywords: Vec<String>,
}

#[derive(serde::Deserialize)]
struct PolePhrasesFile {
    issues: std::collections::BTreeMap<String, PolePhrases>,
}

/// Phrase patterns that name an issue and point to one of its poles (syntax in
/// `assets/presets/pole_phrases.json`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PolePhrases {
    /// Patterns pointing to the low pole.
    pub low: Vec<String>,
    /// Patterns pointing to the high pole.
    pub high: Vec<String>,
}

#[derive(serde::Deserialize)]
struct IssueHintsFile {
    issues: std::collections::BTreeMap<String, IssueHints>,
}

/// Words that tell whether a passage is about an issue at all (`assets/presets/issue_hints.json`).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct IssueHints {
    /// A reading of the issue counts only when its clause holds one of these words (patterns).
    pub context: Vec<String>,
    /// A pole phrase is another party's when one of these words stands in the four words before it.
    pub others: Vec<String>,
    /// Actors (by id) whose mention counts as a context word.
    pub actors: Vec<String>,
}

/// The hints of every preset issue that has some, by issue id.
pub fn issue_hints() -> std::collections::BTreeMap<String, IssueHints> {
    serde_json::from_str::<IssueHintsFile>(ISSUE_HINTS_JSON).map(|file| file.issues).unwrap_or_default()
}

fn parsed_actors() -> Vec<PresetActor> {
    // The file is part of the build and tested to parse (`tests::the_preset_files_parse`).
    serde_json::from_str::<ActorsFile>(ACTORS_JSON).map(|file| file.actors).unwrap_or_default()
}

/// The preset actors with the names 2025 news uses for them: people, offices, role phrases and
/// spelling variants (`assets/presets/actors.json`), and NATO.
pub fn preset_actors() -> Vec<Actor> {
    parsed_actors()
        .into_iter()
        .map(|actor| Actor {
            id: actor.id.as_str().into(),
            name: actor.name,
            short_name: actor.short,
            aliases: actor.aliases,
            color: Rgb(actor.color),
            kind: actor.kind,
            capability: actor.capability,
            parent: None,
        })
        .collect()
}

/// The names the presets know for the preset actor `id` (empty for any other actor), so that a
/// project made before the presets learnt them still finds "the Kremlin spokesman".
pub fn known_names(id: &str) -> Vec<String> {
    parsed_actors().into_iter().find(|actor| actor.id == id).map(|actor| actor.aliases).unwrap_or_default()
}

/// The three issues of the seed question, each on a 0–100 scale (`assets/presets/issues.json`).
pub fn preset_issues() -> Vec<Issue> {
    let issues = serde_json::from_str::<IssuesFile>(ISSUES_JSON).map(|file| file.issues).unwrap_or_default();
    issues
        .into_iter()
        .map(|issue| Issue {
            id: issue.id.as_str().into(),
            name: issue.name,
            description: issue.description,
            scale_min: 0.0,
            scale_max: 100.0,
            low_label: issue.low,
            high_label: issue.high,
            keywords: issue.keywords,
            pole_phrases: None,
            forgotten_phrases: Vec::new(),
        })
        .collect()
}

/// The pole phrases of every preset issue, by issue id (`assets/presets/pole_phrases.json`).
pub fn pole_phrases() -> std::collections::BTreeMap<String, PolePhrases> {
    serde_json::from_str::<PolePhrasesFile>(POLE_PHRASES_JSON).map(|file| file.issues).unwrap_or_default()
}

/// A new, empty project with the preset issues, actors and one coder.
pub fn new_project(title: &str) -> Project {
    Project {
        title: title.to_owned(),
        coders: vec![Coder { id: DEFAULT_CODER_ID.into(), name: "Analyst".into() }],
        actors: preset_actors(),
        issues: preset_issues(),
        ..Project::default()
    }
}

/// The seed article as a project article: the "Credited from:" line becomes the source, each
/// remaining line a paragraph.
pub fn seed_article() -> Article {
    let mut lines = SEED_ARTICLE.lines().map(str::trim).filter(|line| !line.is_empty());
    let first = lines.next().unwrap_or_default();
    let (source, paragraphs): (String, Vec<&str>) = match first.strip_prefix("Credited from:") {
        Some(source) => (source.trim().to_owned(), lines.collect()),
        None => (String::new(), std::iter::once(first).chain(lines).collect()),
    };
    Article {
        id: "a-5e573abc".into(),
        title: "Preparations underway for Trump–Putin meeting, Russian diplomat says".into(),
        source,
        date: String::new(),
        url: String::new(),
        byline: String::new(),
        origin_file: "000_5e573abc5c566b8a.txt".into(),
        text: paragraphs.join("\n\n"),
    }
}

/// (actor, issue, value, salience, confidence, quote or "", note) for the sample's positions.
type SampleCoding = (&'static str, &'static str, f64, f64, Confidence, &'static str, &'static str);

const SAMPLE_CODINGS: &[SampleCoding] = &[
    (
        "united-states",
        "nato-membership",
        20.0,
        60.0,
        Confidence::Medium,
        "The U.S. has suggested that Ukraine may need to reconsider its aspirations concerning NATO membership",
        "Washington asks Kyiv to reconsider its NATO aspirations.",
    ),
    (
        "ukraine",
        "nato-membership",
        90.0,
        80.0,
        Confidence::Medium,
        "its aspirations concerning NATO membership",
        "Ukraine's aspiration is implied by the US asking it to reconsider.",
    ),
    (
        "russia",
        "nato-membership",
        5.0,
        90.0,
        Confidence::Low,
        "",
        "Not stated in this article; coded from Moscow's long-standing public position.",
    ),
    (
        "united-states",
        "ceding-territory",
        70.0,
        50.0,
        Confidence::Medium,
        "ceding some of the territories currently held by Russia",
        "",
    ),
    (
        "ukraine",
        "ceding-territory",
        10.0,
        95.0,
        Confidence::Medium,
        "continued to fight against significant territorial losses to advancing Russian troops",
        "",
    ),
    (
        "european-union",
        "ceding-territory",
        15.0,
        70.0,
        Confidence::High,
        "calling for an immediate withdrawal of Russian forces",
        "European draft resolution demands withdrawal.",
    ),
    (
        "russia",
        "ceding-territory",
        95.0,
        90.0,
        Confidence::Low,
        "",
        "Not stated in this article; Russia holds the territory in question.",
    ),
    (
        "ukraine",
        "ukraine-in-talks",
        100.0,
        100.0,
        Confidence::High,
        "Ukraine would not accept any outcomes from talks they were not a part of",
        "",
    ),
    (
        "european-union",
        "ukraine-in-talks",
        90.0,
        70.0,
        Confidence::High,
        "crucial decisions regarding Ukraine's future must actively involve Kyiv",
        "",
    ),
    (
        "united-states",
        "ukraine-in-talks",
        35.0,
        40.0,
        Confidence::Low,
        "Notably absent from the Saudi discussions were any Ukrainian officials",
        "The US met Russia in Saudi Arabia without Ukraine.",
    ),
    (
        "russia",
        "ukraine-in-talks",
        25.0,
        40.0,
        Confidence::Low,
        "Notably absent from the Saudi discussions were any Ukrainian officials",
        "",
    ),
];

/// The sample project before the seed article is added (used by tests of edits).
pub fn sample_project_without_articles() -> Project {
    let mut project = new_project("Ukraine peace talks — sample");
    // The sample keeps the seed article's cast; NATO, a preset actor too, is coded in none of it.
    project.actors.retain(|actor| actor.id.as_str() != "nato");
    project.description = "Positions coded from the seed article (CBS News) on the three preset issues. \
        Drag the markers to recode, or open your own articles."
        .into();
    project
}

/// The bundled sample: the seed article with positions coded from it by the default coder.
pub fn sample_project() -> Project {
    let mut project = sample_project_without_articles();
    let article = seed_article();
    for &(actor, issue, value, salience, confidence, quote, note) in SAMPLE_CODINGS {
        let evidence = article
            .text
            .find(quote)
            .filter(|_| !quote.is_empty())
            .and_then(|start| Evidence::from_span(&article.text, start, start + quote.len()));
        project.positions.insert(Position {
            actor: actor.into(),
            issue: issue.into(),
            article: Some(article.id.clone()),
            coder: DEFAULT_CODER_ID.into(),
            value,
            salience,
            confidence,
            evidence: evidence.into_iter().collect(),
            note: note.into(),
            updated: "2026-11-25T12:00:00Z".into(),
            history: Vec::new(),
        });
    }
    project.articles.push(article);
    project
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preset_files_parse() {
        assert!(serde_json::from_str::<ActorsFile>(ACTORS_JSON).is_ok());
        assert!(serde_json::from_str::<IssuesFile>(ISSUES_JSON).is_ok());
        assert!(serde_json::from_str::<PolePhrasesFile>(POLE_PHRASES_JSON).is_ok());
        assert!(serde_json::from_str::<IssueHintsFile>(ISSUE_HINTS_JSON).is_ok());
        assert!(issue_hints().get("ukraine-in-talks").is_some_and(|hints| !hints.context.is_empty()));
        let names: Vec<String> = preset_actors().into_iter().map(|actor| actor.name).collect();
        assert_eq!(names, ["United States", "Russia", "Ukraine", "European Union", "United Nations", "NATO"]);
        assert_eq!(preset_issues().len(), 3);
        let phrases = pole_phrases();
        assert!(preset_issues().iter().all(|issue| phrases.contains_key(issue.id.as_str())));
        assert!(known_names("ukraine").contains(&"Zelenskiy".to_owned()));
    }

    #[test]
    fn seed_article_keeps_five_paragraphs_and_the_source() {
        let article = seed_article();
        assert_eq!(article.source, "CBSNEWS");
        assert_eq!(article.paragraphs().count(), 5);
        assert!(article.text.starts_with("Preparations are actively underway"));
    }

    #[test]
    fn every_sample_quote_is_verbatim_in_the_article() {
        let project = sample_project();
        let text = &project.articles[0].text;
        for &(actor, issue, _, _, _, quote, _) in SAMPLE_CODINGS {
            if quote.is_empty() {
                continue;
            }
            assert!(text.contains(quote), "quote for {actor} on {issue} not in article: {quote}");
        }
        let with_evidence = project.positions.iter().filter(|p| !p.evidence.is_empty()).count();
        let quoted = SAMPLE_CODINGS.iter().filter(|c| !c.5.is_empty()).count();
        assert_eq!(with_evidence, quoted);
    }
}
