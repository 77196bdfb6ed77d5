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

fn actor(
    id: &str,
    name: &str,
    short: &str,
    kind: ActorKind,
    color: [u8; 3],
    capability: f64,
    aliases: &[&str],
) -> Actor {
    Actor {
        id: id.into(),
        name: name.into(),
        short_name: short.into(),
        aliases: aliases.iter().map(|alias| (*alias).to_owned()).collect(),
        color: Rgb(color),
        kind,
        capability,
        parent: None,
    }
}

/// The seed's actors with the names they go by in news coverage.
pub fn preset_actors() -> Vec<Actor> {
    vec![
        actor(
            "united-states",
            "United States",
            "US",
            ActorKind::State,
            [0x00, 0x72, 0xb2],
            100.0,
            &["Donald Trump", "Trump", "Marco Rubio", "Rubio", "Washington", "U.S.", "US", "USA", "America"],
        ),
        actor(
            "russia",
            "Russia",
            "RU",
            ActorKind::State,
            [0xd5, 0x5e, 0x00],
            80.0,
            &[
                "Vladimir Putin",
                "Putin",
                "Sergey Lavrov",
                "Lavrov",
                "Sergei Ryabkov",
                "Ryabkov",
                "Moscow",
                "Kremlin",
                "Russian Federation",
            ],
        ),
        actor(
            "ukraine",
            "Ukraine",
            "UA",
            ActorKind::State,
            [0xe6, 0x9f, 0x00],
            35.0,
            &["Volodymyr Zelenskyy", "Zelenskyy", "Zelensky", "Kyiv", "Kiev"],
        ),
        actor(
            "european-union",
            "European Union",
            "EU",
            ActorKind::Organisation,
            [0x00, 0x9e, 0x73],
            60.0,
            &["EU", "European allies", "European nations", "Brussels"],
        ),
        actor(
            "united-nations",
            "United Nations",
            "UN",
            ActorKind::Organisation,
            [0xcc, 0x79, 0xa7],
            20.0,
            &["UN", "U.N.", "General Assembly"],
        ),
    ]
}

/// The three issues of the seed question, each on a 0–100 scale.
pub fn preset_issues() -> Vec<Issue> {
    let issue = |id: &str, name: &str, description: &str, low: &str, high: &str, keywords: &[&str]| Issue {
        id: id.into(),
        name: name.into(),
        description: description.into(),
        scale_min: 0.0,
        scale_max: 100.0,
        low_label: low.into(),
        high_label: high.into(),
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
    };
    vec![
        issue(
            "nato-membership",
            "Ukraine's NATO membership",
            "Should Ukraine become a member of NATO?",
            "Rules out membership",
            "Supports membership",
            &["NATO", "membership", "alliance"],
        ),
        issue(
            "ceding-territory",
            "Ceding territory to Russia",
            "Should Ukraine cede the territory Russia holds as part of a settlement?",
            "No territory ceded",
            "Cede occupied territory",
            &["territory", "territories", "territorial", "ceding", "withdrawal", "occupied"],
        ),
        issue(
            "ukraine-in-talks",
            "Ukraine's inclusion in talks",
            "Must Ukraine take part in negotiations about its future?",
            "Talks without Ukraine",
            "Ukraine at the table",
            &["talks", "negotiations", "discussions", "summit", "meeting"],
        ),
    ]
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
