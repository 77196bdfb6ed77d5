//! Property tests of the pure library: valid random projects round-trip through the project file,
//! edits are undone exactly by their inverses, the loader never panics on damaged input, and
//! mention finding respects character boundaries.
//!
//! The generator in [`arb_project`] builds projects that satisfy every rule of
//! `Project::validate` (checked by `generated_projects_are_valid`), so the other properties test
//! the library rather than the generator.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use stancemap::analysis::mentions::{MentionFinder, MentionTarget};
use stancemap::io::project_file::{load_project, parse_project, project_to_json, save_project};
use stancemap::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Coder, CoderId, Confidence, Edit, Evidence, Issue, IssueId,
    Position, PositionKey, Project, Rgb, consensus, presets,
};

const PATH: &str = "prop.stancemap";

/// `cases` cases, without writing regression files into the source tree.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Any text: arbitrary Unicode (controls, quotes, backslashes, astral characters), readable words,
/// or printable non-ASCII.
fn text(max: usize) -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        proptest::collection::vec(any::<char>(), 0..=max).prop_map(|chars| chars.into_iter().collect()),
        proptest::string::string_regex(&format!("[a-zA-Z ,.'\"\\\\]{{0,{max}}}")).unwrap(),
        proptest::string::string_regex(&format!("[\\PC\n]{{0,{max}}}")).unwrap(),
    ]
}

/// A finite f64 of any magnitude (including subnormals, ±0 and values with many digits).
fn finite() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        any::<f64>().prop_filter("finite", |value| value.is_finite()),
        -1e6..1e6f64,
        (-1000i32..1000).prop_map(f64::from),
    ]
}

/// A value in `0..=100`, endpoints included. Without `exact`, only values with at most two decimals
/// (see [`arb_project`]).
fn percent(exact: bool) -> BoxedStrategy<f64> {
    if exact {
        prop_oneof![Just(0.0), Just(100.0), 0.0..=100.0f64, (0u8..=100).prop_map(f64::from)].boxed()
    } else {
        prop_oneof![Just(0.0), Just(100.0), (0u32..=10_000).prop_map(|n| f64::from(n) / 100.0)].boxed()
    }
}

/// `value` rounded to two decimals (the nearest double to `n / 100`, which JSON writes in at most
/// ~10 significant digits).
fn two_decimals(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// A fraction in `0..=1`, endpoints included.
fn fraction() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64]
}

/// An id prefix: unicode, quotes, spaces — ids are just strings.
fn id_prefix() -> impl Strategy<Value = String> + Clone {
    prop_oneof![Just(String::new()), "[a-z]{1,6}", text(6)]
}

/// A scale with finite `min < max`; without `exact`, both ends have at most two decimals.
fn scale(exact: bool) -> BoxedStrategy<(f64, f64)> {
    if !exact {
        return prop_oneof![
            Just((0.0, 100.0)),
            Just((-1.0, 1.0)),
            (-100_000_000i64..100_000_000, 1i64..100_000_000)
                .prop_map(|(low, width)| (low as f64 / 100.0, (low + width) as f64 / 100.0)),
        ]
        .boxed();
    }
    prop_oneof![
        Just((0.0, 100.0)),
        (finite(), 1e-3..1e6f64).prop_map(|(min, width)| {
            let min = min.clamp(-1e300, 1e300);
            let max = if min + width > min { min + width } else { min + min.abs() * 1e-9 + 1.0 };
            (min, max)
        }),
        (finite(), finite()).prop_filter_map("distinct", |(a, b)| (a != b).then(|| (a.min(b), a.max(b)))),
    ]
    .boxed()
}

#[derive(Clone, Debug)]
struct RawActor {
    name: String,
    aliases: Vec<String>,
    color: [u8; 3],
    kind: usize,
    capability: f64,
    parent: Option<usize>,
    short_name: String,
}

fn raw_actor(exact: bool) -> impl Strategy<Value = RawActor> {
    (
        text(16),
        proptest::collection::vec(text(12), 0..3),
        any::<[u8; 3]>(),
        0..ActorKind::ALL.len(),
        percent(exact),
        proptest::option::of(any::<usize>()),
        text(4),
    )
        .prop_map(|(name, aliases, color, kind, capability, parent, short_name)| RawActor {
            name,
            aliases,
            color,
            kind,
            capability,
            parent,
            short_name,
        })
}

#[derive(Clone, Debug)]
struct RawPosition {
    issue: usize,
    actor: usize,
    article: Option<usize>,
    coder: usize,
    value: f64,
    salience: f64,
    confidence: usize,
    spans: Vec<(usize, usize)>,
    note: String,
    updated: String,
}

fn raw_position(exact: bool) -> impl Strategy<Value = RawPosition> {
    (
        (any::<usize>(), any::<usize>(), proptest::option::of(any::<usize>()), any::<usize>()),
        fraction(),
        percent(exact),
        0..Confidence::ALL.len(),
        proptest::collection::vec((any::<usize>(), any::<usize>()), 0..3),
        text(10),
        prop_oneof![Just(String::new()), Just("2026-11-25T12:00:00Z".to_owned()), text(8)],
    )
        .prop_map(|((issue, actor, article, coder), value, salience, confidence, spans, note, updated)| {
            RawPosition { issue, actor, article, coder, value, salience, confidence, spans, note, updated }
        })
}

/// The byte offsets of `text` that are char boundaries (including `text.len()`).
fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices().map(|(index, _)| index).chain(std::iter::once(text.len())).collect()
}

/// A valid random project: 0–4 coders, 0–8 actors, 0–4 issues, 0–3 articles and positions that
/// refer only to them, with values in scale and evidence spans matching their article's text.
///
/// With `exact = false` every number has at most two decimals (0.41, -943372.18), like values typed
/// or snapped on a 0–100 scale. With `exact = true` numbers are arbitrary finite doubles
/// (0.41000000000000003 = 41 × 0.01, a snapped value on a 0–1 scale), the ones a float printer and
/// parser must get bit-exact (see `awkward_floats_round_trip`).
fn arb_project(exact: bool) -> impl Strategy<Value = Project> {
    let coders = proptest::collection::vec((id_prefix(), text(10)), 0..=4);
    let actors = proptest::collection::vec((id_prefix(), raw_actor(exact)), 0..=8);
    let issues = proptest::collection::vec(
        (id_prefix(), text(16), text(16), scale(exact), text(8), text(8), proptest::collection::vec(text(8), 0..3)),
        0..=4,
    );
    let articles =
        proptest::collection::vec((id_prefix(), text(12), text(8), text(10), text(10), text(8), text(200)), 0..=3);
    let positions = proptest::collection::vec(raw_position(exact), 0..24);
    (text(20), text(30), coders, actors, issues, articles, positions).prop_map(
        move |(title, description, coders, actors, issues, articles, raw_positions)| {
            let coders: Vec<Coder> = coders
                .into_iter()
                .enumerate()
                .map(|(i, (prefix, name))| Coder { id: CoderId::new(format!("{prefix}c{i}")), name })
                .collect();
            let actor_ids: Vec<ActorId> =
                actors.iter().enumerate().map(|(i, (prefix, _))| ActorId::new(format!("{prefix}actor-{i}"))).collect();
            let actors: Vec<Actor> = actors
                .into_iter()
                .enumerate()
                .map(|(i, (_, raw))| {
                    // A parent is an earlier actor, or none: never itself, never a cycle.
                    let parent = raw.parent.filter(|_| i > 0).map(|pick| actor_ids[pick % i].clone());
                    Actor {
                        id: actor_ids[i].clone(),
                        name: raw.name,
                        aliases: raw.aliases,
                        color: Rgb(raw.color),
                        kind: ActorKind::ALL[raw.kind],
                        capability: raw.capability,
                        parent,
                        short_name: raw.short_name,
                    }
                })
                .collect();
            let issues: Vec<Issue> = issues
                .into_iter()
                .enumerate()
                .map(|(i, (prefix, name, description, (min, max), low_label, high_label, keywords))| Issue {
                    id: IssueId::new(format!("{prefix}i{i}")),
                    name,
                    description,
                    scale_min: min,
                    scale_max: max,
                    low_label,
                    high_label,
                    keywords,
                    ..Issue::default()
                })
                .collect();
            let articles: Vec<Article> = articles
                .into_iter()
                .enumerate()
                .map(|(i, (prefix, title, source, date, url, byline, text))| Article {
                    id: ArticleId::new(format!("{prefix}a{i}")),
                    title,
                    source,
                    date,
                    url,
                    byline,
                    origin_file: format!("{i}.txt"),
                    text,
                })
                .collect();
            let mut project = Project { title, description, coders, actors, issues, articles, ..Project::default() };
            if project.coders.is_empty() || project.actors.is_empty() || project.issues.is_empty() {
                return project;
            }
            let mut decisions = Vec::new();
            for raw in raw_positions {
                let issue = &project.issues[raw.issue % project.issues.len()];
                let actor = &project.actors[raw.actor % project.actors.len()];
                let coder = &project.coders[raw.coder % project.coders.len()];
                let article = raw.article.filter(|_| !project.articles.is_empty()).map(|pick| {
                    let article = &project.articles[pick % project.articles.len()];
                    (article.id.clone(), article.text.as_str())
                });
                let (min, max) = issue.bounds();
                // `max - min` overflows for scales spanning most of f64; interpolate without it then.
                let value = if (max - min).is_finite() {
                    min + raw.value * (max - min)
                } else {
                    min * (1.0 - raw.value) + max * raw.value
                };
                let value = if exact { value } else { two_decimals(value) }.clamp(min, max);
                let evidence = match &article {
                    Some((_, text)) => {
                        let cuts = boundaries(text);
                        raw.spans
                            .iter()
                            .map(|&(a, b)| {
                                let (a, b) = (cuts[a % cuts.len()], cuts[b % cuts.len()]);
                                let (start, end) = (a.min(b), a.max(b));
                                Evidence { start, end, quote: text[start..end].to_owned() }
                            })
                            .collect()
                    }
                    None => Vec::new(),
                };
                // Some coded units get a consensus (adjudication), taken from the coder or set by hand.
                if raw.confidence == 2
                    && let Some((article_id, _)) = &article
                {
                    let unit = consensus::Unit {
                        issue: issue.id.clone(),
                        actor: actor.id.clone(),
                        article: article_id.clone(),
                    };
                    let decision = consensus::Consensus {
                        value,
                        decided_by: coder.id.clone(),
                        decided_at: raw.updated.clone(),
                        from_coder: raw.spans.is_empty().then(|| coder.id.clone()),
                        note: raw.note.clone(),
                        ..consensus::Consensus::default()
                    };
                    decisions.push((unit, decision));
                }
                let position = Position {
                    actor: actor.id.clone(),
                    issue: issue.id.clone(),
                    article: article.map(|(id, _)| id),
                    coder: coder.id.clone(),
                    value,
                    salience: raw.salience,
                    confidence: Confidence::ALL[raw.confidence],
                    evidence,
                    note: raw.note,
                    updated: raw.updated.into(),
                    history: Vec::new(),
                };
                project.positions.insert(position);
            }
            for (unit, decision) in decisions {
                consensus::put(&mut project.consensus, &unit, Some(decision));
            }
            project
        },
    )
}

fn parse(bytes: &[u8]) -> Result<Project, stancemap::io::project_file::ProjectFileError> {
    parse_project(bytes, Path::new(PATH))
}

/// Compares two projects, reporting the first differing part (a 100 KB `Debug` diff is useless).
fn same_project(actual: &Project, expected: &Project) -> Result<(), TestCaseError> {
    if actual == expected {
        return Ok(());
    }
    macro_rules! field {
        ($name:ident) => {
            prop_assert_eq!(&actual.$name, &expected.$name, "field {}", stringify!($name));
        };
    }
    field!(format_version);
    field!(title);
    field!(description);
    field!(coders);
    field!(actors);
    field!(issues);
    field!(articles);
    field!(consensus);
    let actual_positions: Vec<&Position> = actual.positions.iter().collect();
    let expected_positions: Vec<&Position> = expected.positions.iter().collect();
    prop_assert_eq!(actual_positions, expected_positions);
    Err(TestCaseError::fail("projects differ"))
}

// ---------------------------------------------------------------------------------------------
// Generator honesty and round trips
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn generated_projects_are_valid(project in prop_oneof![arb_project(false), arb_project(true)]) {
        if let Err(error) = project.validate() {
            return Err(TestCaseError::fail(format!("generator produced an invalid project: {error}")));
        }
    }

    #[test]
    fn json_round_trip_is_exact_and_stable(project in prop_oneof![arb_project(false), arb_project(true)]) {
        let json = project_to_json(&project);
        prop_assert_eq!(&json, &project_to_json(&project), "serialising twice differs");
        let loaded = parse(json.as_bytes()).map_err(|error| TestCaseError::fail(error.to_string()))?;
        same_project(&loaded, &project)?;
        prop_assert_eq!(project_to_json(&loaded), json, "re-serialising the loaded project differs");
    }
}

proptest! {
    // Saving syncs to disk; fewer cases keep the file under its time budget.
    #![proptest_config(config(128))]

    #[test]
    fn file_round_trip_is_exact(project in prop_oneof![arb_project(false), arb_project(true)]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.stancemap");
        save_project(&path, &project).map_err(|error| TestCaseError::fail(error.to_string()))?;
        let loaded = load_project(&path).map_err(|error| TestCaseError::fail(error.to_string()))?;
        same_project(&loaded, &project)?;
        // Saving over an existing file replaces it with identical bytes.
        let first = std::fs::read(&path).unwrap();
        save_project(&path, &loaded).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(std::fs::read(&path).unwrap(), first);
    }
}

proptest! {
    // Every case writes a folder of files with fsync; fewer cases keep the file under its budget.
    #![proptest_config(config(64))]

    /// A project written as a team folder (codebook plus one file per coder) reads back as the same
    /// project, with the lists a folder keeps per file (done marks, rejections) in their sorted order;
    /// the Trash is oldest first here, as the app writes it.
    #[test]
    fn team_folder_round_trip_is_exact(
        project in prop_oneof![arb_project(false), arb_project(true)],
        marks in proptest::collection::vec((0usize..8, 0usize..8, any::<bool>()), 0..6),
    ) {
        let mut project = project;
        if !project.coders.is_empty() && !project.articles.is_empty() {
            for &(article, coder, overlap) in &marks {
                let article = project.articles[article % project.articles.len()].id.clone();
                let coder = project.coders[coder % project.coders.len()].id.clone();
                project.done_articles.push(stancemap::model::DoneMark { article: article.clone(), coder: coder.clone() });
                project.assignments.push(stancemap::model::Assignment { article, coder, overlap });
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("team");
        stancemap::io::team::create_team(&root, &project).map_err(|error| TestCaseError::fail(error.to_string()))?;
        let (loaded, _) = stancemap::io::team::load_team(&root).map_err(|error| TestCaseError::fail(error.to_string()))?;
        let mut expected = project.clone();
        stancemap::io::team::normalise(&mut expected);
        same_project(&loaded, &expected)?;
    }
}

/// Values that stress float formatting and parsing. Each must load bit-for-bit as saved, or every
/// save/load cycle changes coded values and rewrites lines of an unchanged project file.
#[test]
fn awkward_floats_round_trip() {
    let values = [
        // 41 × 0.01: a value snapped to a hundredth of a 0–1 scale by the axis drag.
        0.410_000_000_000_000_03,
        -943_372.181_153_320_1,
        123_456_789.123_456_79,
        0.1 + 0.2,
        1.0 / 3.0,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        f64::MIN,
        -0.0,
        2.0f64.powi(53) + 2.0,
        2.225_073_858_507_201_4e-308,
    ];
    let mut changed = Vec::new();
    for value in values {
        let project = Project {
            issues: vec![Issue { id: "i".into(), scale_min: f64::MIN, scale_max: f64::MAX, ..Issue::default() }],
            actors: vec![Actor { id: "a".into(), ..Actor::default() }],
            coders: vec![Coder { id: "c".into(), name: String::new() }],
            positions: [Position {
                actor: "a".into(),
                issue: "i".into(),
                coder: "c".into(),
                value,
                ..Position::default()
            }]
            .into_iter()
            .collect(),
            ..Project::default()
        };
        let loaded = parse(project_to_json(&project).as_bytes()).unwrap();
        let got = loaded.positions.iter().next().unwrap().value;
        if got.to_bits() != value.to_bits() {
            changed.push(format!("{value:?} came back as {got:?}"));
        }
    }
    assert!(changed.is_empty(), "{changed:#?}");
}

// ---------------------------------------------------------------------------------------------
// Edits and their inverses
// ---------------------------------------------------------------------------------------------

/// One step of a random edit sequence, resolved against the project as it is when applied.
#[derive(Clone, Debug)]
enum Op {
    SetTitle(String),
    SetDescription(String),
    /// Set a position: indices pick issue/actor/article/coder among existing ids, or a fresh id.
    SetPosition {
        issue: usize,
        actor: usize,
        article: Option<usize>,
        coder: usize,
        value: f64,
        salience: f64,
    },
    /// Clear an existing position (by index) or a missing key.
    ClearPosition(usize),
    /// Replace an existing actor (`Some`) or insert a new one.
    PutActor {
        index: usize,
        replace: Option<usize>,
        name: String,
        capability: f64,
    },
    /// `RemoveActor` alone, or the `Edit::remove_actor` batch that clears its positions too.
    RemoveActor {
        pick: usize,
        with_positions: bool,
    },
    PutIssue {
        index: usize,
        replace: Option<usize>,
        name: String,
    },
    RemoveIssue {
        pick: usize,
        with_positions: bool,
    },
    PutArticle {
        index: usize,
        replace: Option<usize>,
        text: String,
    },
    RemoveArticle {
        pick: usize,
        with_positions: bool,
    },
    /// Replace an existing coder (`Some`) or add a new one.
    PutCoder {
        replace: Option<usize>,
        name: String,
    },
    /// Remove a coder (existing or missing).
    RemoveCoder(usize),
    /// Several ops as one batch.
    Batch(Vec<Op>),
}

/// One edit step (coder edits one time in five).
fn op_leaf() -> BoxedStrategy<Op> {
    let index = 0usize..12;
    let coder_ops = prop_oneof![
        (proptest::option::of(any::<usize>()), text(8)).prop_map(|(replace, name)| Op::PutCoder { replace, name }),
        any::<usize>().prop_map(Op::RemoveCoder),
    ];
    let others = prop_oneof![
        1 => text(10).prop_map(Op::SetTitle),
        1 => text(10).prop_map(Op::SetDescription),
        3 => (any::<usize>(), any::<usize>(), proptest::option::of(any::<usize>()), any::<usize>(), finite(), percent(true))
            .prop_map(|(issue, actor, article, coder, value, salience)| Op::SetPosition {
                issue, actor, article, coder, value, salience
            }),
        2 => any::<usize>().prop_map(Op::ClearPosition),
        1 => (index.clone(), proptest::option::of(any::<usize>()), text(8), percent(true))
            .prop_map(|(index, replace, name, capability)| Op::PutActor { index, replace, name, capability }),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(pick, with_positions)| Op::RemoveActor { pick, with_positions }),
        1 => (index.clone(), proptest::option::of(any::<usize>()), text(8))
            .prop_map(|(index, replace, name)| Op::PutIssue { index, replace, name }),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(pick, with_positions)| Op::RemoveIssue { pick, with_positions }),
        1 => (index, proptest::option::of(any::<usize>()), text(30))
            .prop_map(|(index, replace, text)| Op::PutArticle { index, replace, text }),
        1 => (any::<usize>(), any::<bool>())
            .prop_map(|(pick, with_positions)| Op::RemoveArticle { pick, with_positions }),
    ];
    prop_oneof![4 => others, 1 => coder_ops].boxed()
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![6 => op_leaf(), 1 => proptest::collection::vec(op_leaf(), 0..5).prop_map(Op::Batch)]
}

/// Picks the id at `pick` among `ids`, or a fresh one when `pick` lands past the end.
fn pick_id(ids: Vec<String>, pick: usize, fresh: &str) -> String {
    let slot = pick % (ids.len() + 1);
    ids.get(slot).cloned().unwrap_or_else(|| format!("{fresh}-{pick}"))
}

fn to_edit(op: &Op, project: &Project) -> Edit {
    match op.clone() {
        Op::SetTitle(title) => Edit::SetTitle(title),
        Op::SetDescription(text) => Edit::SetDescription(text),
        Op::SetPosition { issue, actor, article, coder, value, salience } => {
            let key = PositionKey {
                issue: IssueId::new(pick_id(
                    project.issues.iter().map(|i| i.id.to_string()).collect(),
                    issue,
                    "new-issue",
                )),
                actor: ActorId::new(pick_id(
                    project.actors.iter().map(|a| a.id.to_string()).collect(),
                    actor,
                    "new-actor",
                )),
                article: article.map(|pick| {
                    ArticleId::new(pick_id(
                        project.articles.iter().map(|a| a.id.to_string()).collect(),
                        pick,
                        "new-article",
                    ))
                }),
                coder: CoderId::new(pick_id(
                    project.coders.iter().map(|c| c.id.to_string()).collect(),
                    coder,
                    "new-coder",
                )),
            };
            Edit::set_position(Position { salience, ..Position::new(&key, value) })
        }
        Op::ClearPosition(pick) => {
            let keys: Vec<PositionKey> = project.positions.iter().map(Position::key).collect();
            let key = keys.get(pick % (keys.len() + 1)).cloned().unwrap_or_else(|| PositionKey {
                issue: "missing".into(),
                actor: "missing".into(),
                article: None,
                coder: "missing".into(),
            });
            Edit::clear_position(key)
        }
        Op::PutActor { index, replace, name, capability } => {
            let id = match replace {
                Some(pick) if !project.actors.is_empty() => project.actors[pick % project.actors.len()].id.clone(),
                _ => project.new_actor_id(&name),
            };
            let actor = Actor { id, name, capability, ..Actor::default() };
            Edit::PutActor { index, actor: Box::new(actor) }
        }
        Op::RemoveActor { pick, with_positions } => {
            let id = ActorId::new(pick_id(project.actors.iter().map(|a| a.id.to_string()).collect(), pick, "gone"));
            if with_positions { Edit::remove_actor(project, &id) } else { Edit::RemoveActor(id) }
        }
        Op::PutIssue { index, replace, name } => {
            let id = match replace {
                Some(pick) if !project.issues.is_empty() => project.issues[pick % project.issues.len()].id.clone(),
                _ => project.new_issue_id(&name),
            };
            Edit::PutIssue { index, issue: Box::new(Issue { id, name, ..Issue::default() }) }
        }
        Op::RemoveIssue { pick, with_positions } => {
            let id = IssueId::new(pick_id(project.issues.iter().map(|i| i.id.to_string()).collect(), pick, "gone"));
            if with_positions { Edit::remove_issue(project, &id) } else { Edit::RemoveIssue(id) }
        }
        Op::PutArticle { index, replace, text } => {
            let id = match replace {
                Some(pick) if !project.articles.is_empty() => {
                    project.articles[pick % project.articles.len()].id.clone()
                }
                _ => project.new_article_id(&text),
            };
            Edit::PutArticle { index, article: Box::new(Article { id, text, ..Article::default() }) }
        }
        Op::RemoveArticle { pick, with_positions } => {
            let id = ArticleId::new(pick_id(project.articles.iter().map(|a| a.id.to_string()).collect(), pick, "gone"));
            if with_positions { Edit::remove_article(project, &id) } else { Edit::RemoveArticle(id) }
        }
        Op::PutCoder { replace, name } => {
            let id = match replace {
                Some(pick) if !project.coders.is_empty() => project.coders[pick % project.coders.len()].id.clone(),
                _ => project.new_coder_id(&name),
            };
            Edit::PutCoder { index: project.coders.len(), coder: Coder { id, name } }
        }
        Op::RemoveCoder(pick) => Edit::RemoveCoder(CoderId::new(pick_id(
            project.coders.iter().map(|c| c.id.to_string()).collect(),
            pick,
            "gone",
        ))),
        Op::Batch(ops) => {
            // Later ops in a batch see the project as it was before the batch (ids may repeat).
            Edit::Batch(ops.iter().map(|op| to_edit(op, project)).collect())
        }
    }
}

proptest! {
    #![proptest_config(config(768))]

    #[test]
    fn inverses_in_reverse_order_restore_the_project(
        original in arb_project(true),
        ops in proptest::collection::vec(op(), 0..16),
    ) {
        // Undo step by step: after each inverse the project is the state before that edit.
        undo_all(&original, &ops)?;
    }

    #[test]
    fn redo_after_undo_reaches_the_same_project(
        original in arb_project(true),
        ops in proptest::collection::vec(op(), 1..10),
    ) {
        let mut project = original.clone();
        let mut inverses = Vec::new();
        for op in &ops {
            inverses.push(to_edit(op, &project).apply(&mut project));
        }
        let edited = project.clone();
        let mut redos = Vec::new();
        while let Some(inverse) = inverses.pop() {
            redos.push(inverse.apply(&mut project));
        }
        same_project(&project, &original)?;
        while let Some(redo) = redos.pop() {
            redo.apply(&mut project);
        }
        same_project(&project, &edited)?;
    }
}

/// Applies `ops` and then their inverses in reverse order, checking each intermediate state.
fn undo_all(original: &Project, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut project = original.clone();
    let mut states = Vec::new();
    let mut inverses = Vec::new();
    for op in ops {
        states.push(project.clone());
        inverses.push(to_edit(op, &project).apply(&mut project));
    }
    while let Some(inverse) = inverses.pop() {
        inverse.apply(&mut project);
        same_project(&project, &states.pop().unwrap())?;
    }
    same_project(&project, original)
}

/// Undoing a coder's removal puts it back where it was (it once came back at the end).
#[test]
fn undoing_remove_coder_keeps_the_coder_order() {
    let coder = |id: &str| Coder { id: id.into(), name: String::new() };
    let original = Project { coders: vec![coder("a"), coder("b")], ..Project::default() };
    let mut project = original.clone();
    Edit::RemoveCoder("a".into()).apply(&mut project).apply(&mut project);
    assert_eq!(project.coders, original.coders);
}

// ---------------------------------------------------------------------------------------------
// The loader never panics
// ---------------------------------------------------------------------------------------------

fn sample_json() -> &'static [u8] {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| project_to_json(&presets::sample_project())).as_bytes()
}

/// Ok results must be valid projects.
fn check_parse(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(project) = parse(bytes)
        && let Err(error) = project.validate()
    {
        return Err(TestCaseError::fail(format!("parse_project accepted an invalid project: {error}")));
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, mask: u8 },
    Set { at: usize, byte: u8 },
    Truncate(usize),
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize, to: usize },
    Insert { at: usize, bytes: Vec<u8> },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        (any::<usize>(), prop_oneof![any::<u8>(), proptest::sample::select(b"{}[]\":,0123456789-.eE \\n".to_vec())])
            .prop_map(|(at, byte)| Mutation::Set { at, byte }),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1usize..200, any::<usize>()).prop_map(|(at, len, to)| Mutation::Duplicate { at, len, to }),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..8),
                proptest::sample::select(vec![
                    b"\"format_version\": 2,".to_vec(),
                    b"null".to_vec(),
                    b"-1e400".to_vec(),
                    b"\"parent\": \"russia\",".to_vec(),
                    b"\"\\ud800\"".to_vec(),
                    b"\xEF\xBB\xBF".to_vec(),
                    b"99999999999999999999".to_vec(),
                ]),
            ]
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
    ]
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    let at = |pick: usize| if len == 0 { 0 } else { pick % len };
    match *mutation {
        Mutation::Flip { at: pick, mask } if len > 0 => bytes[at(pick)] ^= mask,
        Mutation::Set { at: pick, byte } if len > 0 => bytes[at(pick)] = byte,
        Mutation::Truncate(pick) => bytes.truncate(pick % (len + 1)),
        Mutation::Delete { at: pick, len: count } if len > 0 => {
            let start = at(pick);
            bytes.drain(start..(start + count).min(len));
        }
        Mutation::Duplicate { at: pick, len: count, to } if len > 0 => {
            let start = at(pick);
            let copy = bytes[start..(start + count).min(len)].to_vec();
            let to = to % (len + 1);
            bytes.splice(to..to, copy);
        }
        Mutation::Insert { at: pick, bytes: ref inserted } => {
            let to = pick % (len + 1);
            bytes.splice(to..to, inserted.iter().copied());
        }
        _ => {}
    }
}

/// Fragments that build JSON-shaped noise reaching deeper than random bytes do.
fn json_token() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"format_version\"",
        "1",
        "0",
        "-1",
        "1e999",
        "4294967296",
        "null",
        "true",
        "\"\"",
        "\"x\"",
        "\"actors\"",
        "\"issues\"",
        "\"coders\"",
        "\"articles\"",
        "\"positions\"",
        "\"id\"",
        "\"parent\"",
        "\"actor\"",
        "\"issue\"",
        "\"coder\"",
        "\"article\"",
        "\"value\"",
        "\"salience\"",
        "\"evidence\"",
        "\"start\"",
        "\"end\"",
        "\"quote\"",
        "\"text\"",
        "\"scale_min\"",
        "\"scale_max\"",
        "\"color\"",
        "\"#00ff00\"",
        "\"capability\"",
        "\"kind\"",
        "\"state\"",
        "\"confidence\"",
        "\"high\"",
        "\"é\"",
        "\"\\u00e9\"",
        "\"\\ud800\"",
        "18446744073709551616",
        "2.5",
        " ",
        "\n",
    ])
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn random_bytes_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        // Random bytes are (all but impossibly) not a project; they must give Err, not a panic.
        prop_assert!(parse(&bytes).is_err());
    }

    #[test]
    fn json_shaped_noise_never_panics(tokens in proptest::collection::vec(json_token(), 0..80)) {
        check_parse(tokens.concat().as_bytes())?;
        let wrapped = format!("{{\"format_version\": 1, {}}}", tokens.concat());
        check_parse(wrapped.as_bytes())?;
    }

    #[test]
    fn damaged_sample_files_never_panic(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let mut bytes = sample_json().to_vec();
        for mutation in &mutations {
            mutate(&mut bytes, mutation);
        }
        check_parse(&bytes)?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Damaging the JSON of a random valid project (with unicode text, evidence spans and parent
    /// links) either fails to load or loads a valid project.
    #[test]
    fn damaged_random_projects_never_panic(
        project in arb_project(true),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut bytes = project_to_json(&project).into_bytes();
        for mutation in &mutations {
            mutate(&mut bytes, mutation);
        }
        check_parse(&bytes)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Mentions
// ---------------------------------------------------------------------------------------------

/// Text made of actor names, aliases and issue keywords (in random ASCII case) mixed with
/// punctuation, letters and non-ASCII characters that sit right next to them.
fn mention_text() -> impl Strategy<Value = String> {
    let actors = presets::preset_actors();
    let issues = presets::preset_issues();
    let mut names: Vec<String> = actors.iter().flat_map(|actor| actor.names().map(str::to_owned)).collect();
    names.extend(issues.iter().flat_map(|issue| issue.keywords.iter().cloned()));
    let name = (proptest::sample::select(names), any::<u64>()).prop_map(|(name, bits)| {
        // Random ASCII case for some names, exact case for the rest.
        if bits % 3 == 0 {
            return name;
        }
        name.chars()
            .enumerate()
            .map(|(i, c)| if bits >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
            .collect()
    });
    let filler = prop_oneof![
        proptest::sample::select(vec![
            " ", "  ", "\n\n", "'s", "’s", ".", ",", "-", "—", "“", "”", "«", "»", "x", "é", "ß", "İ", "K", "Ж", "1",
            "_", "\u{301}", "\u{200b}", "🇺🇦", "ı", "ſ", "\u{0}",
        ])
        .prop_map(str::to_owned),
        text(4),
    ];
    proptest::collection::vec(prop_oneof![name, filler], 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn mentions_are_ordered_whole_char_spans_of_known_names(text in mention_text()) {
        let actors = presets::preset_actors();
        let issues = presets::preset_issues();
        let finder = MentionFinder::new(&actors, &issues);
        let mentions = finder.find(&text);
        for pair in mentions.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "overlap: {:?}", pair);
        }
        for mention in &mentions {
            prop_assert!(mention.start < mention.end, "empty mention {:?}", mention);
            prop_assert!(text.is_char_boundary(mention.start) && text.is_char_boundary(mention.end),
                "{:?} not on char boundaries", mention);
            let matched = &text[mention.start..mention.end];
            let known: Vec<&str> = match mention.target {
                MentionTarget::Actor(index) => actors[index].names().collect(),
                MentionTarget::Issue(index) => issues[index].keywords.iter().map(String::as_str).collect(),
            };
            prop_assert!(known.iter().any(|name| name.eq_ignore_ascii_case(matched)),
                "{:?} matched {:?}, which is none of {:?}", mention.target, matched, known);
            // Whole words: no letter or digit glued to a name that starts/ends with one.
            let before = text[..mention.start].chars().next_back();
            let after = text[mention.end..].chars().next();
            if matched.chars().next().is_some_and(char::is_alphanumeric) {
                prop_assert!(!before.is_some_and(char::is_alphanumeric), "{:?} inside a word in {:?}", matched, text);
            }
            if matched.chars().next_back().is_some_and(char::is_alphanumeric) {
                prop_assert!(!after.is_some_and(char::is_alphanumeric), "{:?} inside a word in {:?}", matched, text);
            }
        }
    }

    #[test]
    fn mentions_in_arbitrary_text_stay_on_char_boundaries(text in text(300)) {
        let actors = presets::preset_actors();
        let finder = MentionFinder::new(&actors, &presets::preset_issues());
        for mention in finder.find(&text) {
            prop_assert!(text.get(mention.start..mention.end).is_some(), "{:?}", mention);
        }
    }
}

/// Mentions found with random project actors (unicode names, empty aliases) never panic and stay on
/// char boundaries.
#[test]
fn mentions_with_random_actor_names() {
    let mut runner = proptest::test_runner::TestRunner::new(config(256));
    runner
        .run(&(arb_project(false), text(200)), |(project, extra)| {
            let finder = MentionFinder::new(&project.actors, &project.issues);
            let mut texts: Vec<String> = project.articles.iter().map(|a| a.text.clone()).collect();
            let names: Vec<String> = project.actors.iter().flat_map(|a| a.names().map(str::to_owned)).collect();
            texts.push(format!("{extra} {} {extra}", names.join(" ")));
            for text in &texts {
                let mentions = finder.find(text);
                for mention in &mentions {
                    prop_assert!(text.get(mention.start..mention.end).is_some());
                }
                for pair in mentions.windows(2) {
                    prop_assert!(pair[0].end <= pair[1].start);
                }
            }
            Ok(())
        })
        .unwrap();
}

/// A non-UTF-8 byte after a byte-order mark is reported where it is: line 2, column 1 here.
#[test]
fn non_utf8_errors_after_a_bom_name_the_right_line() {
    let error = parse(b"\xEF\xBB\xBF{\n\xFF}").unwrap_err();
    match error {
        stancemap::io::project_file::ProjectFileError::Parse { line, column, .. } => {
            assert_eq!((line, column), (2, 1), "{error}");
        }
        other => panic!("expected a parse error, got {other}"),
    }
}
