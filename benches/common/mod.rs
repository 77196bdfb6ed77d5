//! A large, deterministic project for the benchmarks: 2,000 articles of ~4 KB built from the seed
//! article's sentences (shuffled, with other actors' names and issue keywords woven in), 40 actors,
//! 10 issues, 3 coders and ~50,000 positions (about 2 coders per unit, integer values as the axis
//! drag snaps them on a 0–100 scale, half with an evidence quote).
#![allow(dead_code)]

use std::sync::OnceLock;
use std::time::Duration;

use criterion::Criterion;
use stancemap::model::{
    ACTOR_PALETTE, Actor, ActorId, ActorKind, Article, Coder, Confidence, Evidence, Issue, Position, Project, presets,
};

/// Articles in the large project.
pub const ARTICLES: usize = 2_000;
/// Target article length in bytes.
pub const ARTICLE_BYTES: usize = 4_000;
/// Actors in the large project.
pub const ACTORS: usize = 40;
/// Issues in the large project.
pub const ISSUES: usize = 10;
/// Coders in the large project.
pub const CODERS: usize = 3;

/// Criterion settings that keep a full run short on a shared 2-core machine; command-line flags
/// (`--measurement-time`, `--sample-size`, `--quick`) still override them.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

/// SplitMix64: small, fast and the same on every platform, so every run benchmarks the same data.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// `k` distinct numbers from `0..n`.
    pub fn distinct(&mut self, k: usize, n: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

const REGIONS: [&str; 7] = ["Northern", "Southern", "Eastern", "Western", "Central", "Coastal", "Highland"];
const POLITIES: [&str; 5] = ["Republic", "Federation", "Kingdom", "Union", "Alliance"];
const LEADERS: [&str; 7] = ["Albescu", "Brandt", "Castell", "Dorov", "Everly", "Fontaine", "Gallo"];
const TOPICS: [(&str, &str, &[&str]); 7] = [
    ("sanctions", "Sanctions relief", &["sanctions", "embargo", "restrictions"]),
    ("ceasefire", "Immediate ceasefire", &["ceasefire", "truce", "armistice"]),
    ("peacekeepers", "Foreign peacekeepers", &["peacekeepers", "peacekeeping", "monitors"]),
    ("reparations", "War reparations", &["reparations", "compensation", "damages"]),
    ("grain", "Black Sea grain exports", &["grain", "exports", "corridor"]),
    ("energy", "Energy transit", &["gas", "pipeline", "transit"]),
    ("prisoners", "Prisoner exchanges", &["prisoners", "exchange", "detainees"]),
];

/// The 5 preset actors and 35 generated ones (states with a leader and a capital; every fifth
/// generated actor is a person rolling up into the state before it).
pub fn actors() -> Vec<Actor> {
    let mut actors = presets::preset_actors();
    let mut rng = Rng::new(7);
    for i in 0..ACTORS - actors.len() {
        let name = format!("{} {}", REGIONS[i % REGIONS.len()], POLITIES[i / REGIONS.len() % POLITIES.len()]);
        let leader = format!("{} {}", LEADERS[(i * 3) % LEADERS.len()], i);
        let id = ActorId(stancemap::model::ids::slugify(&name, "actor"));
        let person = i % 5 == 4;
        let parent = person.then(|| actors.last().map(|previous: &Actor| previous.id.clone())).flatten();
        actors.push(Actor {
            id,
            name,
            aliases: vec![leader, format!("Capital{i}")],
            color: ACTOR_PALETTE[i % ACTOR_PALETTE.len()],
            kind: if person { ActorKind::Person } else { ActorKind::State },
            capability: (rng.below(100) + 1) as f64,
            parent,
            short_name: String::new(),
        });
    }
    actors
}

/// The 3 preset issues and 7 generated ones, all on 0–100.
pub fn issues() -> Vec<Issue> {
    let mut issues = presets::preset_issues();
    for (id, name, keywords) in TOPICS.iter().take(ISSUES - issues.len()) {
        issues.push(Issue {
            id: (*id).into(),
            name: (*name).into(),
            description: format!("Where does the actor stand on {name}?"),
            scale_min: 0.0,
            scale_max: 100.0,
            low_label: "Against".into(),
            high_label: "For".into(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        });
    }
    issues
}

/// The seed article's sentences (each ends with its punctuation).
fn seed_sentences() -> Vec<String> {
    let text = presets::seed_article().text;
    let mut sentences = Vec::new();
    for paragraph in text.split("\n\n") {
        let mut rest = paragraph.trim();
        while let Some(end) = rest.find(". ").map(|i| i + 1) {
            sentences.push(rest[..end].to_owned());
            rest = rest[end..].trim_start();
        }
        if !rest.is_empty() {
            sentences.push(rest.to_owned());
        }
    }
    sentences
}

/// One ~4 KB article: shuffled seed sentences in paragraphs of 3–6, with generated actors' names
/// and issue keywords swapped in so that every actor and issue is mentioned somewhere.
pub fn article_text(rng: &mut Rng, sentences: &[String], actors: &[Actor], issues: &[Issue]) -> String {
    let mut text = String::with_capacity(ARTICLE_BYTES + 512);
    while text.len() < ARTICLE_BYTES {
        let count = 3 + rng.below(4);
        let mut paragraph = Vec::with_capacity(count);
        for _ in 0..count {
            let mut sentence = sentences[rng.below(sentences.len())].clone();
            if rng.chance(0.3) {
                let actor = &actors[rng.below(actors.len())];
                let names: Vec<&str> = actor.names().collect();
                let name = names[rng.below(names.len())];
                let issue = &issues[rng.below(issues.len())];
                let keyword = issue.keywords.first().map_or("talks", String::as_str);
                sentence = format!("{name} commented on the {keyword} question. {sentence}");
            }
            if rng.chance(0.2) {
                sentence = sentence.replace("Russia", "the Kremlin").replace("Ukraine", "Kyiv");
            }
            paragraph.push(sentence);
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&paragraph.join(" "));
    }
    text
}

/// A sentence-long evidence span from `text`.
fn quote(rng: &mut Rng, text: &str) -> Option<Evidence> {
    let mut cut = rng.below(text.len()).max(1);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let start = text[..cut].rfind(". ").map_or(0, |i| i + 2);
    let end = text[start..].find(". ").map_or(text.len(), |i| start + i + 1);
    Evidence::from_span(text, start, end)
}

/// Builds the large project (takes a fraction of a second; use [`large_project`] to share it).
pub fn build_large_project() -> Project {
    let mut rng = Rng::new(0x5eed);
    let actors = actors();
    let issues = issues();
    let sentences = seed_sentences();
    let coders: Vec<Coder> = (0..CODERS)
        .map(|i| Coder { id: format!("coder-{}", i + 1).as_str().into(), name: format!("Coder {}", i + 1) })
        .collect();
    let mut project = Project {
        title: "Benchmark corpus".into(),
        description: "Generated from the seed article for benchmarks.".into(),
        coders,
        actors,
        issues,
        ..Project::default()
    };
    let mut articles = Vec::with_capacity(ARTICLES);
    for i in 0..ARTICLES {
        let text = article_text(&mut rng, &sentences, &project.actors, &project.issues);
        articles.push(Article {
            id: format!("a-{i:05}-{:08x}", stancemap::model::text_fingerprint(&text) >> 32).as_str().into(),
            title: format!("Article {i}"),
            source: "CBSNEWS".into(),
            date: format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            url: format!("https://example.com/news/{i}"),
            byline: String::new(),
            origin_file: format!("{i:05}.txt"),
            text,
        });
    }
    // Each actor has a "true" position per issue; coders code it with a little noise.
    let truth: Vec<Vec<f64>> = (0..ACTORS).map(|_| (0..ISSUES).map(|_| rng.below(101) as f64).collect()).collect();
    let value = |rng: &mut Rng, actor: usize, issue: usize| {
        let noise = rng.below(21) as f64 - 10.0;
        (truth[actor][issue] + noise).clamp(0.0, 100.0)
    };
    for article in &articles {
        for &actor in &rng.distinct(6, ACTORS) {
            for &issue in &rng.distinct(2, ISSUES) {
                for coder in 0..CODERS {
                    let codes = match coder {
                        0 => true,
                        1 => rng.chance(0.6),
                        _ => rng.chance(0.4),
                    };
                    if !codes {
                        continue;
                    }
                    let evidence = if rng.chance(0.5) { quote(&mut rng, &article.text) } else { None };
                    project.positions.insert(Position {
                        actor: project.actors[actor].id.clone(),
                        issue: project.issues[issue].id.clone(),
                        article: Some(article.id.clone()),
                        coder: project.coders[coder].id.clone(),
                        value: value(&mut rng, actor, issue),
                        salience: rng.below(101) as f64,
                        confidence: Confidence::ALL[rng.below(3)],
                        evidence: evidence.into_iter().collect(),
                        note: String::new(),
                        updated: "2026-11-25T12:00:00Z".into(),
                        history: Vec::new(),
                    });
                }
            }
        }
    }
    // Overall judgements: every coder on every actor and issue.
    for actor in 0..ACTORS {
        for issue in 0..ISSUES {
            for coder in 0..CODERS {
                project.positions.insert(Position {
                    actor: project.actors[actor].id.clone(),
                    issue: project.issues[issue].id.clone(),
                    article: None,
                    coder: project.coders[coder].id.clone(),
                    value: value(&mut rng, actor, issue),
                    salience: 50.0,
                    confidence: Confidence::Medium,
                    evidence: Vec::new(),
                    note: "overall".into(),
                    updated: "2026-11-25T12:00:00Z".into(),
                    history: Vec::new(),
                });
            }
        }
    }
    project.articles = articles;
    if let Err(error) = project.validate() {
        panic!("the benchmark project is invalid: {error}");
    }
    project
}

/// The large project, built once per benchmark binary.
pub fn large_project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let project = build_large_project();
        let bytes: usize = project.articles.iter().map(|a| a.text.len()).sum();
        eprintln!(
            "large project: {} articles ({:.1} MB of text), {} actors, {} issues, {} coders, {} positions",
            project.articles.len(),
            bytes as f64 / 1e6,
            project.actors.len(),
            project.issues.len(),
            project.coders.len(),
            project.positions.len()
        );
        project
    })
}
