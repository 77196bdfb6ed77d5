//! A project big enough to break plots: many actors (with confusable names such as Belgium and
//! Belarus, and repeated palette colours), many issues on different scales, several coders and
//! articles with and without dates and sources. Deterministic, so a failure reproduces.
#![allow(dead_code)]

use stancemap::model::{ACTOR_PALETTE, Actor, Article, Coder, Evidence, Issue, Position, Project};

/// Names that abbreviate alike ("Bel…", "Aus…", "Uni…").
const NAMES: [&str; 12] = [
    "Belgium",
    "Belarus",
    "Austria",
    "Australia",
    "United States",
    "United Kingdom",
    "Russia",
    "Ukraine",
    "European Union",
    "United Nations",
    "Germany",
    "Georgia",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// `actors` actors, `issues` issues (every third on a −5…5 scale), `coders` coders and `articles`
/// articles (every seventh undated), each coder coding about a third of the actors per article.
pub fn big_project(actors: usize, issues: usize, coders: usize, articles: usize) -> Project {
    let mut rng = Rng(7);
    let mut project = Project { title: format!("Big project: {actors} actors, {issues} issues"), ..Project::default() };
    project.coders = (0..coders)
        .map(|i| Coder { id: format!("coder-{i}").as_str().into(), name: format!("Coder {}", i + 1) })
        .collect();
    project.actors = (0..actors)
        .map(|i| {
            let name = match NAMES.get(i) {
                Some(name) => (*name).to_owned(),
                None => format!("Actor number {i} with a rather long name"),
            };
            Actor {
                id: format!("actor-{i}").as_str().into(),
                name,
                color: ACTOR_PALETTE[i % ACTOR_PALETTE.len()],
                ..Actor::default()
            }
        })
        .collect();
    project.issues = (0..issues)
        .map(|i| {
            let (scale_min, scale_max) = if i % 3 == 2 { (-5.0, 5.0) } else { (0.0, 100.0) };
            Issue {
                id: format!("issue-{i}").as_str().into(),
                name: format!("Issue {} on a question of policy", i + 1),
                scale_min,
                scale_max,
                low_label: format!("Opposes policy {}", i + 1),
                high_label: format!("Supports policy {} strongly", i + 1),
                ..Issue::default()
            }
        })
        .collect();
    let text = "The ministers met and spoke at length about the policy. ".repeat(4);
    project.articles = (0..articles)
        .map(|i| Article {
            id: format!("a-{i}").as_str().into(),
            title: format!("Article {i}"),
            source: ["BBC", "Reuters", "AFP"][i % 3].into(),
            date: if i % 7 == 6 { String::new() } else { format!("2024-{:02}-{:02}", 1 + (i * 5) % 12, 1 + i % 28) },
            text: text.clone(),
            ..Article::default()
        })
        .collect();
    for (a, article) in project.articles.iter().enumerate() {
        for coder in &project.coders {
            for (k, actor) in project.actors.iter().enumerate() {
                if (k + a) % 3 != 0 {
                    continue;
                }
                let issue = &project.issues[(k + a / 3) % project.issues.len()];
                let fraction = ((k * 37 + a * 11) % 100) as f64 / 100.0 * 0.8 + rng.below(20) as f64 / 100.0;
                let value = (issue.scale_min + fraction * (issue.scale_max - issue.scale_min)).round();
                let evidence = if rng.below(2) == 0 {
                    vec![Evidence::from_span(&article.text, 0, 27).expect("span")]
                } else {
                    Vec::new()
                };
                project.positions.insert(Position {
                    actor: actor.id.clone(),
                    issue: issue.id.clone(),
                    article: Some(article.id.clone()),
                    coder: coder.id.clone(),
                    value: value.clamp(issue.scale_min, issue.scale_max),
                    evidence,
                    ..Position::default()
                });
            }
        }
    }
    project
}
