//! A synthetic corpus-scale project, the same for the same options on every machine: what
//! `stancemap generate` writes and what the benchmarks and corpus-scale tests open.
//!
//! The project reads like a real one: fictional states with their capitals and leaders (each
//! leader an actor of their own rolling up into the state) and a few organisations; issues with
//! keywords and labelled poles; news articles spread over two years (dates in reading order, every
//! fiftieth a 40 KB long read) whose sentences name the actors by their names and aliases and the
//! issues by their keywords; and exactly the asked number of positions — coded from the articles
//! that mention the actor, with continuous values (three decimals) that drift over time and differ
//! a little between coders, most with an evidence quote that is a sentence of the article naming
//! the actor. Coder 1 codes every unit, the others about half of them, so agreement has material.
//!
//! Rules: nothing here reads the clock, the environment or a file; the one source of randomness is
//! the seeded SplitMix64 [`Rng`], so a seed gives byte-identical projects.

use std::collections::HashSet;

use super::wording::count;

use super::{
    ACTOR_PALETTE, Actor, ActorId, ActorKind, Article, Coder, CoderId, Confidence, Evidence, Issue, Position, Project,
    ids,
};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of articles.
    pub articles: usize,
    /// Number of actors (at least 1).
    pub actors: usize,
    /// Number of issues (at least 1).
    pub issues: usize,
    /// Exact number of positions.
    pub positions: usize,
    /// Number of coders (at least 1).
    pub coders: usize,
    /// The seed: the same seed and counts give the same project.
    pub seed: u64,
}

impl Default for GenerateOptions {
    /// The corpus of the performance targets: 1,000 articles, 60 actors, 20 issues, 50,000
    /// positions, 3 coders, seed 1.
    fn default() -> Self {
        Self { articles: 1_000, actors: 60, issues: 20, positions: 50_000, coders: 3, seed: 1 }
    }
}

/// Why the options cannot be met.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// A count that must be positive is zero.
    #[error("--{0} must be at least 1")]
    Zero(&'static str),
    /// More positions than there are distinct (article or overall, actor, issue, coder) keys.
    #[error(
        "{asked} positions do not fit: these options hold at most {most} (one per article or overall judgement, actor, issue and coder: {} × {actors} × {issues} × {coders})",
        .articles + 1
    )]
    TooManyPositions {
        /// Positions asked for.
        asked: usize,
        /// The most that fit.
        most: usize,
        /// Articles asked for.
        articles: usize,
        /// Actors asked for.
        actors: usize,
        /// Issues asked for.
        issues: usize,
        /// Coders asked for.
        coders: usize,
    },
}

/// SplitMix64: small, fast and the same on every platform.
#[derive(Clone, Debug)]
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

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly normal noise with mean 0 and standard deviation `sd` (sum of four uniforms).
    pub fn noise(&mut self, sd: f64) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * sd * 3f64.sqrt()
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct numbers from `0..n`, in random order.
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

const SYLLABLES: [&str; 16] =
    ["ar", "vel", "mor", "tan", "sil", "dor", "kes", "lun", "bra", "zen", "ost", "ri", "cal", "nov", "pe", "um"];
const STATE_ENDINGS: [&str; 5] = ["ia", "or", "and", "ea", "istan"];
const FIRST_NAMES: [&str; 12] =
    ["Mira", "Jonas", "Ilse", "Pavel", "Amara", "Tomas", "Leila", "Oskar", "Nadia", "Viktor", "Sena", "Ruben"];
const ORGANISATIONS: [(&str, &str); 6] = [
    ("Northern Trade Bloc", "the Bloc"),
    ("Council of Coastal States", "the Council"),
    ("Continental Development Bank", "the Bank"),
    ("Joint Monitoring Mission", "the Mission"),
    ("Union of Grain Exporters", "the exporters' union"),
    ("Assembly of Free Cities", "the Assembly"),
];
const TOPICS: [(&str, &str, &str, [&str; 3]); 24] = [
    ("Sanctions relief", "Keep every sanction", "Lift all sanctions", ["sanctions", "embargo", "restrictions"]),
    ("Immediate ceasefire", "Fight on", "Ceasefire now", ["ceasefire", "truce", "armistice"]),
    ("Foreign peacekeepers", "No foreign troops", "A large mission", ["peacekeepers", "peacekeeping", "monitors"]),
    ("War reparations", "No reparations", "Full reparations", ["reparations", "compensation", "damages"]),
    ("Grain exports", "Block the corridor", "Open the corridor", ["grain", "harvest", "corridor"]),
    ("Energy transit", "Stop transit", "Guarantee transit", ["pipeline", "gas", "transit"]),
    ("Prisoner exchanges", "No exchanges", "All for all", ["prisoners", "detainees", "exchange"]),
    ("Border demarcation", "Old lines", "New lines", ["border", "frontier", "demarcation"]),
    ("Refugee returns", "Stay abroad", "Return home", ["refugees", "returnees", "displaced"]),
    ("Nuclear plant control", "National control", "International control", ["reactor", "nuclear", "plant"]),
    ("Arms deliveries", "Halt deliveries", "More deliveries", ["weapons", "arms", "munitions"]),
    ("Alliance membership", "Rules out membership", "Supports membership", ["membership", "alliance", "accession"]),
    ("Debt restructuring", "Pay in full", "Write it off", ["debt", "creditors", "bonds"]),
    ("Water sharing", "Keep the dams", "Share the river", ["dam", "river", "water"]),
    ("Election timetable", "Postpone", "Vote this year", ["election", "ballot", "polls"]),
    ("Language rights", "One language", "Many languages", ["language", "minority", "schools"]),
    ("Port access", "Closed ports", "Free access", ["port", "harbour", "shipping"]),
    ("War crimes tribunal", "No tribunal", "A special tribunal", ["tribunal", "prosecutors", "court"]),
    ("Demilitarised zone", "No zone", "A wide zone", ["demilitarised", "buffer", "zone"]),
    ("Reconstruction fund", "No fund", "A large fund", ["reconstruction", "rebuilding", "fund"]),
    ("Autonomy for the east", "Central rule", "Full autonomy", ["autonomy", "devolution", "self-rule"]),
    ("Mine clearance", "Leave it", "Clear it all", ["mines", "demining", "clearance"]),
    ("Cyber norms", "No rules", "Binding rules", ["cyber", "hacking", "networks"]),
    ("Fishing quotas", "No quotas", "Strict quotas", ["fishing", "quotas", "fleets"]),
];
const OUTLETS: [&str; 8] = [
    "The Meridian Post",
    "Coastal Herald",
    "Daily Ledger",
    "Northern Wire",
    "Global Dispatch",
    "Evening Standard-Bearer",
    "The Observer Review",
    "Capital Report",
];
const REPORTERS: [&str; 8] =
    ["Ana Reyes", "Tom Hale", "Priya Nair", "Lukas Berg", "Chen Wei", "Sara Okafor", "Jan Novak", "Mei Lin"];

/// Sentence patterns: `{A}` and `{B}` are actor names or aliases, `{K}` an issue keyword, `{N}` a
/// number, `{P}` a place.
const TEMPLATES: [&str; 24] = [
    "{A} said on {D} that any agreement on {K} would have to be verified.",
    "Officials close to {A} described the latest proposal on {K} as a step backwards.",
    "In a statement, {A} urged {B} to return to the table and settle the question of {K}.",
    "{A} rejected the draft on {K}, calling it unbalanced and premature.",
    "Diplomats in {P} said {A} had softened its stance on {K} after weeks of pressure.",
    "{A} and {B} met for {N} hours in {P} but made no progress on {K}.",
    "A spokesperson for {A} told reporters that the {K} talks were \"far from over\".",
    "{B} accused {A} of using {K} as a bargaining chip.",
    "Analysts say {A} cannot afford a long dispute over {K} with an election approaching.",
    "{A} signalled it could accept a compromise on {K} if {B} moved first.",
    "According to people familiar with the talks, {A} pushed for a firm deadline on {K}.",
    "Protesters gathered in {P} to demand that {A} take a harder line on {K}.",
    "{A} has long argued that {K} must be settled before anything else.",
    "{A} welcomed the offer from {B}, saying it opened a path on {K}.",
    "Speaking in {P}, {A} warned that patience on {K} was running out.",
    "The proposal, backed by {A}, would phase in changes to {K} over {N} months.",
    "{B} said it was studying the plan from {A} on {K} and would respond within days.",
    "{A} insisted that no deal on {K} could be reached without {B}.",
    "Neither {A} nor {B} commented on reports of a secret channel on {K}.",
    "{A} announced {N} new measures on {K}, drawing criticism from {B}.",
    "Observers in {P} noted that {A} avoided the word {K} in its latest remarks.",
    "{A} threatened to walk out if {K} was left off the agenda.",
    "A senior adviser to {A} said the government was united on {K}.",
    "{B} praised {A} for its flexibility on {K}, a rare gesture between the two.",
];
const FILLER: [&str; 10] = [
    "The talks are expected to resume next week.",
    "Markets reacted calmly to the news.",
    "Weather delayed the arrival of several delegations.",
    "The full text of the statement was not released.",
    "Earlier rounds ended without a joint communiqué.",
    "Local media gave the meeting extensive coverage.",
    "A further round is planned before the end of the month.",
    "Officials declined to give details on the record.",
    "The session ran late into the evening.",
    "Several observers described the mood as tense.",
];
const VENUES: [&str; 6] = ["Geneva", "Vienna", "Helsinki", "Oslo", "Istanbul", "Doha"];
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Typical article length in bytes, and that of the long reads (every 50th article).
const ARTICLE_BYTES: (usize, usize) = (5_000, 40_000);
/// Days the articles span.
const SPAN_DAYS: i64 = 730;
/// Day number (since 1970-01-01) of the first article: 2024-01-01.
const FIRST_DAY: i64 = 19_723;

/// Builds the project `options` describe.
pub fn generate(options: &GenerateOptions) -> Result<Project, GenerateError> {
    check(options)?;
    let mut rng = Rng::new(options.seed);
    let actors = generate_actors(&mut rng, options.actors);
    let issues = generate_issues(options.issues);
    let coders: Vec<Coder> = (1..=options.coders)
        .map(|i| Coder { id: CoderId::new(format!("coder-{i}")), name: format!("Coder {i}") })
        .collect();
    let mut project = Project {
        title: "Generated corpus".into(),
        description: format!(
            "Generated by stancemap generate: {}, {}, {}, {}, {}, seed {}.",
            count(options.articles, "article", "articles"),
            count(options.actors, "actor", "actors"),
            count(options.issues, "issue", "issues"),
            count(options.positions, "position", "positions"),
            count(options.coders, "coder", "coders"),
            options.seed
        ),
        coders,
        actors,
        issues,
        ..Project::default()
    };
    // Each actor's "true" position per issue and how it drifts over the two years.
    let truth: Vec<Vec<(f64, f64)>> = (0..options.actors)
        .map(|_| (0..options.issues).map(|_| (5.0 + rng.unit() * 90.0, rng.noise(8.0))).collect())
        .collect();
    let quotas = position_quotas(&mut rng, options);
    let mut taken = HashSet::new();
    for (index, &quota) in quotas.iter().enumerate().take(options.articles) {
        let (article, positions) = generate_article(&mut rng, &project, &truth, index, quota, options, &mut taken);
        project.articles.push(article);
        for position in positions {
            project.positions.insert(position);
        }
    }
    add_overall_judgements(&mut rng, &mut project, &truth, quotas[options.articles]);
    Ok(project)
}

fn check(options: &GenerateOptions) -> Result<(), GenerateError> {
    for (name, value) in [("actors", options.actors), ("issues", options.issues), ("coders", options.coders)] {
        if value == 0 {
            return Err(GenerateError::Zero(name));
        }
    }
    let most = (options.articles + 1)
        .saturating_mul(options.actors)
        .saturating_mul(options.issues)
        .saturating_mul(options.coders);
    if options.positions > most {
        return Err(GenerateError::TooManyPositions {
            asked: options.positions,
            most,
            articles: options.articles,
            actors: options.actors,
            issues: options.issues,
            coders: options.coders,
        });
    }
    Ok(())
}

/// How many positions each article gets (the last entry: overall judgements). About one in
/// forty positions is an overall judgement; the rest are spread over the articles, long reads
/// getting more. Every quota fits its article (or the overall slot), and they sum to the total.
fn position_quotas(rng: &mut Rng, options: &GenerateOptions) -> Vec<usize> {
    let per_slot = options.actors * options.issues * options.coders;
    let slots = options.articles + 1;
    let mut weights: Vec<f64> = (0..options.articles)
        .map(|index| if index.is_multiple_of(50) { 4.0 } else { 0.6 + rng.unit() * 0.8 })
        .collect();
    weights.push(options.articles.max(1) as f64 / 40.0);
    let total_weight: f64 = weights.iter().sum();
    let mut quotas: Vec<usize> = weights
        .iter()
        .map(|weight| ((weight / total_weight * options.positions as f64) as usize).min(per_slot))
        .collect();
    // Hand out what rounding left, one at a time, to slots with room (there is room: see `check`).
    let mut assigned: usize = quotas.iter().sum();
    let mut slot = rng.below(slots);
    while assigned < options.positions {
        if quotas[slot] < per_slot {
            quotas[slot] += 1;
            assigned += 1;
        }
        slot = (slot + 1) % slots;
    }
    quotas
}

/// A pronounceable made-up name of 2–3 syllables, capitalised.
fn made_up_word(rng: &mut Rng, ending: &str) -> String {
    let count = 2 + rng.below(2);
    let mut word: String = (0..count).map(|_| *rng.pick(&SYLLABLES)).collect();
    word.push_str(ending);
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// States (with a capital and a leader's surname as aliases), their leaders (persons rolling up
/// into the state) and organisations, in the pattern state, leader, state, leader, organisation.
fn generate_actors(rng: &mut Rng, count: usize) -> Vec<Actor> {
    let mut used: HashSet<String> = HashSet::new();
    let mut fresh = |rng: &mut Rng, ending: &str| loop {
        let word = made_up_word(rng, ending);
        if used.insert(word.to_lowercase()) {
            return word;
        }
    };
    let mut actors: Vec<Actor> = Vec::with_capacity(count);
    let mut last_state: Option<(ActorId, String)> = None;
    for index in 0..count {
        let color = ACTOR_PALETTE[index % ACTOR_PALETTE.len()];
        let capability = (5.0 + rng.unit() * 95.0).round();
        let slot = index % 5;
        let actor = match (slot, &last_state) {
            (1 | 3, Some((state, surname))) => Actor {
                id: ActorId::new(ids::slugify(&format!("{surname} {index}"), "actor")),
                name: format!("{} {surname}", rng.pick(&FIRST_NAMES)),
                aliases: vec![format!("President {surname}")],
                kind: ActorKind::Person,
                parent: Some(state.clone()),
                capability: (capability / 2.0).round(),
                color,
                short_name: String::new(),
            },
            (4, _) => {
                let (name, alias) = ORGANISATIONS[(index / 5) % ORGANISATIONS.len()];
                let round = index / (5 * ORGANISATIONS.len());
                let name = if round == 0 { name.to_owned() } else { format!("{name} {}", round + 1) };
                Actor {
                    id: ActorId::new(ids::slugify(&name, "actor")),
                    aliases: if round == 0 { vec![alias.to_owned()] } else { Vec::new() },
                    name,
                    kind: ActorKind::Organisation,
                    capability,
                    color,
                    ..Actor::default()
                }
            }
            _ => {
                let ending = STATE_ENDINGS[rng.below(STATE_ENDINGS.len())];
                let name = fresh(rng, ending);
                let capital = fresh(rng, "");
                let surname = fresh(rng, "ov");
                last_state = Some((ActorId::new(ids::slugify(&name, "actor")), surname));
                Actor {
                    id: ActorId::new(ids::slugify(&name, "actor")),
                    aliases: vec![capital, format!("the {name} government")],
                    name,
                    kind: ActorKind::State,
                    capability,
                    color,
                    ..Actor::default()
                }
            }
        };
        actors.push(actor);
    }
    actors
}

/// Issues from the topic list (numbered once the list is used up), all on 0–100.
fn generate_issues(count: usize) -> Vec<Issue> {
    (0..count)
        .map(|index| {
            let (name, low, high, keywords) = TOPICS[index % TOPICS.len()];
            let round = index / TOPICS.len();
            let name = if round == 0 { name.to_owned() } else { format!("{name} ({})", round + 1) };
            Issue {
                id: ids::slugify(&name, "issue").as_str().into(),
                description: format!("Where does the actor stand on {}?", name.to_lowercase()),
                name,
                scale_min: 0.0,
                scale_max: 100.0,
                low_label: low.into(),
                high_label: high.into(),
                keywords: keywords.iter().map(|keyword| (*keyword).to_owned()).collect(),
                ..Issue::default()
            }
        })
        .collect()
}

/// "2025-03-07" for a day number since 1970-01-01 (Howard Hinnant's civil-from-days).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A name `actor` goes by (its name most often).
fn name_of<'a>(rng: &mut Rng, actor: &'a Actor) -> &'a str {
    let names: Vec<&str> = actor.names().collect();
    if rng.chance(0.5) { names[0] } else { names[rng.below(names.len())] }
}

/// One sentence from a template, naming `actor` (and another of `cast`) and `keyword`.
fn sentence(rng: &mut Rng, project: &Project, actor: usize, cast: &[usize], keyword: &str, weekday: &str) -> String {
    let other = cast.iter().copied().find(|&other| other != actor && rng.chance(0.5)).unwrap_or(actor);
    let other = if other == actor { (actor + 1) % project.actors.len() } else { other };
    // A capital of a state in the cast, or a neutral venue.
    let host = &project.actors[cast[rng.below(cast.len())]];
    let place = match host.aliases.first() {
        Some(capital) if host.kind == ActorKind::State => capital.as_str(),
        _ => *rng.pick(&VENUES),
    };
    let template = *rng.pick(&TEMPLATES);
    let mut text = template
        .replace("{A}", name_of(rng, &project.actors[actor]))
        .replace("{B}", name_of(rng, &project.actors[other]))
        .replace("{K}", keyword)
        .replace("{P}", place)
        .replace("{D}", weekday)
        .replace("{N}", &(2 + rng.below(11)).to_string());
    if let Some(first) = text.get(..1)
        && first != first.to_uppercase()
    {
        text.replace_range(..1, &first.to_uppercase());
    }
    text
}

/// An article's text mentioning `cast` (actor indices) on `topics` (issue indices), with the byte
/// spans of the sentences that name each actor (for evidence quotes).
fn article_text(
    rng: &mut Rng,
    project: &Project,
    cast: &[usize],
    topics: &[usize],
    target_bytes: usize,
) -> (String, Vec<Vec<(usize, usize)>>) {
    let mut text = String::with_capacity(target_bytes + 512);
    let mut spans: Vec<Vec<(usize, usize)>> = vec![Vec::new(); cast.len()];
    let weekday = *rng.pick(&WEEKDAYS);
    let mut turn = 0;
    while text.len() < target_bytes {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let sentences = 2 + rng.below(4);
        for index in 0..sentences {
            if index > 0 {
                text.push(' ');
            }
            if rng.chance(0.15) {
                text.push_str(FILLER[rng.below(FILLER.len())]);
                continue;
            }
            // Every actor of the cast comes up in turn, the first ones more often.
            let slot = if rng.chance(0.4) { rng.below(cast.len().min(2)) } else { turn % cast.len() };
            turn += 1;
            let issue = &project.issues[topics[rng.below(topics.len())]];
            let keyword = rng.pick(&issue.keywords).clone();
            let start = text.len();
            text.push_str(&sentence(rng, project, cast[slot], cast, &keyword, weekday));
            spans[slot].push((start, text.len()));
        }
    }
    (text, spans)
}

/// One article (index `index` in reading order) and the `quota` positions coded from it.
fn generate_article(
    rng: &mut Rng,
    project: &Project,
    truth: &[Vec<(f64, f64)>],
    index: usize,
    quota: usize,
    options: &GenerateOptions,
    taken: &mut HashSet<String>,
) -> (Article, Vec<Position>) {
    // Enough actors and issues that the quota fits (each unit holds up to one position per coder).
    let units_needed = quota.div_ceil(options.coders).max(1);
    let mut cast_size = (3 + rng.below(6)).min(options.actors);
    let mut topic_count = (2 + rng.below(3)).min(options.issues);
    while cast_size * topic_count < units_needed {
        if cast_size < options.actors {
            cast_size += 1;
        } else {
            topic_count += 1;
        }
    }
    let cast = rng.distinct(cast_size, options.actors);
    let topics = rng.distinct(topic_count, options.issues);
    let long_read = index.is_multiple_of(50);
    let target = if long_read { ARTICLE_BYTES.1 } else { ARTICLE_BYTES.0 / 2 + rng.below(ARTICLE_BYTES.0) };
    let (text, spans) = article_text(rng, project, &cast, &topics, target);
    let day = FIRST_DAY + (index as i64 * SPAN_DAYS) / options.articles.max(1) as i64;
    let date = civil_date(day);
    let lead = &project.actors[cast[0]];
    let issue = &project.issues[topics[0]];
    let title = if long_read {
        format!("The long road: how {} and its neighbours fought over {}", lead.name, issue.name.to_lowercase())
    } else {
        let verb = rng.pick(&["digs in", "shifts", "signals movement", "pushes back"]);
        format!("{} {verb} on {}", lead.name, issue.name.to_lowercase())
    };
    let id = super::article_id_for(super::text_fingerprint(&text), |id| taken.contains(id));
    taken.insert(id.to_string());
    let source = rng.pick(&OUTLETS).to_string();
    let article = Article {
        url: format!("https://news.example.org/{date}/{}", ids::slugify(&title, "article")),
        byline: rng.pick(&REPORTERS).to_string(),
        origin_file: format!("{date}-{index:04}.html"),
        id,
        title,
        source,
        date,
        text,
    };
    let time = (index as f64 / options.articles.max(1) as f64) * 2.0 - 1.0;
    let mut positions = Vec::with_capacity(quota);
    let units: Vec<(usize, usize)> =
        (0..cast.len()).flat_map(|slot| topics.iter().map(move |&issue| (slot, issue))).collect();
    'units: for (unit, &(slot, issue)) in units.iter().enumerate() {
        for coder in 0..options.coders {
            let needed = quota - positions.len();
            if needed == 0 {
                break 'units;
            }
            // Coder 1 codes every unit; the others about half of them, or all when the rest of the
            // quota would not fit in the units left.
            let room_after = (options.coders - coder - 1) + (units.len() - unit - 1) * options.coders;
            if coder > 0 && needed <= room_after && !rng.chance(0.5) {
                continue;
            }
            let actor = cast[slot];
            let evidence = if rng.chance(0.7) { quote(rng, &article.text, &spans[slot]) } else { None };
            let (base, drift) = truth[actor][issue];
            let value = base + drift * time;
            positions.push(position(rng, project, (actor, issue, coder), value, Some(&article.id), evidence));
        }
    }
    (article, positions)
}

/// One of `spans` of `text` as evidence.
fn quote(rng: &mut Rng, text: &str, spans: &[(usize, usize)]) -> Option<Evidence> {
    let &(start, end) = spans.get(rng.below(spans.len()))?;
    Evidence::from_span(text, start, end)
}

/// A coded position: the actor's value at this time with the coder's noise, three decimals.
fn position(
    rng: &mut Rng,
    project: &Project,
    (actor, issue, coder): (usize, usize, usize),
    value: f64,
    article: Option<&super::ArticleId>,
    evidence: Option<Evidence>,
) -> Position {
    let value = ((value + rng.noise(4.0)).clamp(0.0, 100.0) * 1000.0).round() / 1000.0;
    let salience = ((20.0 + rng.unit() * 80.0) * 10.0).round() / 10.0;
    Position {
        actor: project.actors[actor].id.clone(),
        issue: project.issues[issue].id.clone(),
        article: article.cloned(),
        coder: project.coders[coder].id.clone(),
        value,
        salience,
        confidence: Confidence::ALL[rng.below(3)],
        evidence: evidence.into_iter().collect(),
        note: String::new(),
        updated: "2026-01-05T09:00:00Z".into(),
        history: Vec::new(),
    }
}

/// `count` overall judgements (no article): coder by coder, actor by actor, issue by issue.
fn add_overall_judgements(rng: &mut Rng, project: &mut Project, truth: &[Vec<(f64, f64)>], count: usize) {
    let (actors, issues, coders) = (project.actors.len(), project.issues.len(), project.coders.len());
    let keys =
        (0..coders).flat_map(|coder| (0..actors).flat_map(move |actor| (0..issues).map(move |i| (actor, i, coder))));
    let positions: Vec<Position> = keys
        .take(count)
        .map(|(actor, issue, coder)| {
            let (base, drift) = truth[actor][issue];
            let mut position = position(rng, project, (actor, issue, coder), base + drift, None, None);
            position.note = "overall judgement".into();
            position
        })
        .collect();
    for position in positions {
        project.positions.insert(position);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> GenerateOptions {
        GenerateOptions { articles: 30, actors: 12, issues: 5, positions: 700, coders: 3, seed: 7 }
    }

    #[test]
    fn counts_are_as_asked_and_the_project_is_valid() {
        let project = generate(&small()).expect("fits");
        assert_eq!(
            (project.articles.len(), project.actors.len(), project.issues.len(), project.coders.len()),
            (30, 12, 5, 3)
        );
        assert_eq!(project.positions.len(), 700);
        project.validate().expect("valid");
    }

    #[test]
    fn the_same_seed_gives_the_same_project_and_another_seed_another() {
        let a = generate(&small()).expect("fits");
        assert_eq!(a, generate(&small()).expect("fits"));
        assert_ne!(a, generate(&GenerateOptions { seed: 8, ..small() }).expect("fits"));
    }

    #[test]
    fn articles_mention_actors_and_evidence_quotes_them() {
        let project = generate(&small()).expect("fits");
        let finder = crate::analysis::mentions::MentionFinder::new(&project.actors, &project.issues);
        let mentioned = finder.find(&project.articles[1].text);
        assert!(mentioned.len() > 10, "{} mentions", mentioned.len());
        let quoted = project.positions.iter().filter(|p| !p.evidence.is_empty()).count();
        assert!(quoted * 2 > project.positions.len(), "{quoted} of {} quoted", project.positions.len());
        // A quote names its actor (by one of its names).
        for position in project.positions.iter().filter(|p| !p.evidence.is_empty()).take(50) {
            let actor = project.actor(&position.actor).expect("actor");
            let quote = position.evidence[0].quote.to_lowercase();
            let named = actor.names().any(|name| quote.contains(&name.to_lowercase()));
            assert!(named, "{quote:?} does not name {}", actor.name);
        }
        // Continuous values: most are not whole numbers.
        let whole = project.positions.iter().filter(|p| p.value.fract() == 0.0).count();
        assert!(whole * 10 < project.positions.len());
    }

    #[test]
    fn dates_span_two_years_in_reading_order_and_long_reads_are_long() {
        let project = generate(&small()).expect("fits");
        let dates: Vec<&str> = project.articles.iter().map(|a| a.date.as_str()).collect();
        assert_eq!(dates[0], "2024-01-01");
        assert!(dates.windows(2).all(|pair| pair[0] <= pair[1]));
        assert!(dates[dates.len() - 1].starts_with("2025-12"), "{}", dates[dates.len() - 1]);
        assert!(project.articles[0].text.len() >= 40_000);
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(FIRST_DAY + 59), "2024-02-29");
        assert_eq!(civil_date(FIRST_DAY + 366), "2025-01-01");
    }

    #[test]
    fn impossible_counts_are_refused() {
        let too_many = GenerateOptions { articles: 1, actors: 2, issues: 2, positions: 9, coders: 1, seed: 1 };
        assert!(matches!(generate(&too_many), Err(GenerateError::TooManyPositions { most: 8, .. })));
        let full = GenerateOptions { positions: 8, ..too_many };
        assert_eq!(generate(&full).expect("fits exactly").positions.len(), 8);
        assert_eq!(generate(&GenerateOptions { coders: 0, ..small() }), Err(GenerateError::Zero("coders")));
    }
}
