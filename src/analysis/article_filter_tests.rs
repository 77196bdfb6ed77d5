use super::*;
use crate::model::{Article, DoneMark, Position, PositionKey, presets};

/// The preset actors and issues with four articles: two from Reuters (one undated), one from AP in
/// 2025, one from AP in 2024; the first mentions Russia and NATO, the second Ukraine.
fn project() -> Project {
    let mut project = presets::sample_project_without_articles();
    let article = |id: &str, source: &str, date: &str, text: &str| Article {
        id: id.into(),
        title: id.to_uppercase(),
        source: source.into(),
        date: date.into(),
        text: text.into(),
        ..Article::default()
    };
    project.articles = vec![
        article("a", "Reuters", "2025-03-04", "Russia rejects NATO membership for Ukraine's neighbours."),
        article("b", "Reuters", "", "Zelenskyy spoke in Kyiv."),
        article("c", "AP", "2025-06", "Nothing here names anyone."),
        article("d", "AP", "2024-12-31", "Markets were calm."),
    ];
    project
}

fn code(project: &mut Project, article: &str, actor: &str, issue: &str, coder: &str) {
    let key =
        PositionKey { issue: issue.into(), actor: actor.into(), article: Some(article.into()), coder: coder.into() };
    project.positions.insert(Position::new(&key, 50.0));
}

fn shown(project: &Project, filter: &ArticleFilter, coder: &str) -> Vec<String> {
    let result = filter_articles(project, &text_facts(project), &coding_facts(project, &coder.into()), filter);
    result.shown.iter().map(|&i| project.articles[i].id.to_string()).collect()
}

fn actor_index(project: &Project, id: &str) -> usize {
    project.actors.iter().position(|a| a.id.as_str() == id).unwrap()
}

#[test]
fn no_filter_shows_everything_and_counts_each_option() {
    let project = project();
    let result = filter_articles(
        &project,
        &text_facts(&project),
        &coding_facts(&project, &"me".into()),
        &ArticleFilter::default(),
    );
    assert_eq!(result.shown, vec![0, 1, 2, 3]);
    assert_eq!(result.counts.of_status(CodingStatus::Uncoded), 4);
    assert_eq!(result.counts.sources, vec![("AP".to_owned(), 2), ("Reuters".to_owned(), 2)]);
    assert_eq!(result.counts.undated, 1);
    assert_eq!(result.counts.actors[actor_index(&project, "russia")], 1);
    assert_eq!(result.counts.actors[actor_index(&project, "ukraine")], 2, "Ukraine's in a, Kyiv and Zelenskyy in b");
    assert!(!ArticleFilter::default().is_active());
}

#[test]
fn status_is_done_when_marked_partly_when_coded_and_only_for_this_coder() {
    let mut project = project();
    code(&mut project, "a", "russia", "nato-membership", "me");
    code(&mut project, "b", "ukraine", "nato-membership", "other");
    project.done_articles.push(DoneMark { article: "c".into(), coder: "me".into() });
    project.done_articles.push(DoneMark { article: "d".into(), coder: "other".into() });
    let with = |status| ArticleFilter { status: Some(status), ..ArticleFilter::default() };
    assert_eq!(shown(&project, &with(CodingStatus::Done), "me"), ["c"]);
    assert_eq!(shown(&project, &with(CodingStatus::Partly), "me"), ["a"]);
    assert_eq!(shown(&project, &with(CodingStatus::Uncoded), "me"), ["b", "d"], "another coder's work does not count");
    assert_eq!(shown(&project, &with(CodingStatus::Done), "other"), ["d"]);
    assert_eq!(shown(&project, &with(CodingStatus::Partly), "other"), ["b"]);
}

#[test]
fn actor_and_issue_match_mentions_or_positions() {
    let mut project = project();
    let russia = ArticleFilter { actor: Some("russia".into()), ..ArticleFilter::default() };
    assert_eq!(shown(&project, &russia, "me"), ["a"]);
    // A position on Russia from article d places d under Russia too, whoever coded it.
    code(&mut project, "d", "russia", "ceding-territory", "other");
    assert_eq!(shown(&project, &russia, "me"), ["a", "d"]);
    let nato = ArticleFilter { issue: Some("nato-membership".into()), ..ArticleFilter::default() };
    assert_eq!(shown(&project, &nato, "me"), ["a"], "the keyword NATO");
    let ceasefire = ArticleFilter { issue: Some("ceding-territory".into()), ..ArticleFilter::default() };
    assert_eq!(shown(&project, &ceasefire, "me"), ["d"], "the position");
    let gone = ArticleFilter { actor: Some("no-such-actor".into()), ..ArticleFilter::default() };
    assert!(shown(&project, &gone, "me").is_empty());
}

#[test]
fn date_ranges_compare_on_the_digits_both_dates_have_and_undated_is_explicit() {
    let project = project();
    let range = |from: &str, to: &str, include_undated| ArticleFilter {
        date_from: from.into(),
        date_to: to.into(),
        include_undated,
        ..ArticleFilter::default()
    };
    assert_eq!(shown(&project, &range("2025", "", false), "me"), ["a", "c"]);
    assert_eq!(shown(&project, &range("2025", "", true), "me"), ["a", "b", "c"]);
    assert_eq!(shown(&project, &range("", "2025-03", false), "me"), ["a", "d"], "to 2025-03 includes 2025-03-04");
    assert_eq!(shown(&project, &range("2025-03-05", "2025-12-31", false), "me"), ["c"], "2025-06 is in range");
    assert_eq!(shown(&project, &range("2024-12-31", "2024-12-31", false), "me"), ["d"]);
    let bad = filter_articles(
        &project,
        &TextFacts::default(),
        &coding_facts(&project, &"me".into()),
        &range("March 2025", "", false),
    );
    assert_eq!(bad.shown.len(), 4, "a bound that is not a date is ignored");
    assert!(bad.date_error.unwrap().contains("\"March 2025\" is not a date"));
    assert!(parse_bound("2025-3-4", "from").is_err());
    assert_eq!(date_digits("2025-03-04T10:00:00Z").as_deref(), Some("20250304"));
    assert_eq!(date_digits("20250304"), None);
}

#[test]
fn counts_of_one_filter_follow_the_other_filters() {
    let mut project = project();
    code(&mut project, "a", "russia", "nato-membership", "me");
    let filter = ArticleFilter {
        source: Some("Reuters".into()),
        status: Some(CodingStatus::Uncoded),
        ..ArticleFilter::default()
    };
    let result = filter_articles(&project, &text_facts(&project), &coding_facts(&project, &"me".into()), &filter);
    assert_eq!(result.shown, vec![1]);
    // Status counts among Reuters articles; source counts among uncoded articles.
    assert_eq!(result.counts.status, [1, 1, 0]);
    assert_eq!(result.counts.sources, vec![("AP".to_owned(), 2), ("Reuters".to_owned(), 1)]);
    assert_eq!(result.counts.actors[actor_index(&project, "ukraine")], 1, "b only: a is coded");
}

#[test]
fn stale_text_facts_are_safe() {
    let project = project();
    let short = TextFacts { actors: vec![vec![0]], issues: Vec::new() };
    let result = filter_articles(&project, &short, &CodingFacts::default(), &ArticleFilter::default());
    assert_eq!(result.shown, vec![0, 1, 2, 3]);
}

#[test]
fn stepping_stays_within_the_shown_articles() {
    let shown = [1, 4, 7];
    assert_eq!(step_within(&shown, Some(4), 1), Some(7));
    assert_eq!(step_within(&shown, Some(4), -1), Some(1));
    assert_eq!(step_within(&shown, Some(7), 1), Some(7), "the last stays the last");
    assert_eq!(step_within(&shown, Some(5), 1), Some(7), "from a hidden article: the next shown");
    assert_eq!(step_within(&shown, Some(5), -1), Some(4));
    assert_eq!(step_within(&shown, Some(9), 1), Some(7));
    assert_eq!(step_within(&shown, Some(0), -1), Some(1));
    assert_eq!(step_within(&shown, None, 1), Some(1));
    assert_eq!(step_within(&[], Some(3), 1), None);
}

/// The corpus of the performance targets filters without lag: the facts are computed once, then a
/// filter change is one pass over them.
#[test]
fn a_thousand_articles_filter_in_milliseconds() {
    let project = crate::model::generate::generate(&crate::model::generate::GenerateOptions::default()).unwrap();
    let coder = project.coders[0].id.clone();
    let started = std::time::Instant::now();
    let text = text_facts(&project);
    let text_time = started.elapsed();
    let started = std::time::Instant::now();
    let coding = coding_facts(&project, &coder);
    let coding_time = started.elapsed();
    let filter = ArticleFilter {
        actor: Some(project.actors[3].id.clone()),
        status: Some(CodingStatus::Partly),
        date_from: "2025".into(),
        ..ArticleFilter::default()
    };
    let started = std::time::Instant::now();
    let result = filter_articles(&project, &text, &coding, &filter);
    let filter_time = started.elapsed();
    eprintln!("text facts {text_time:?}, coding facts {coding_time:?}, filter {filter_time:?}");
    assert!(!result.shown.is_empty() && result.shown.len() < project.articles.len(), "{}", result.shown.len());
    assert_eq!(result.counts.of_status(CodingStatus::Partly), result.shown.len());
    assert!(filter_time < std::time::Duration::from_millis(100), "{filter_time:?}");
}

#[test]
fn a_coder_with_assignments_sees_theirs_by_default_and_every_article_on_request() {
    let mut project = project();
    let assign = |article: &str, coder: &str| crate::model::Assignment {
        article: article.into(),
        coder: coder.into(),
        overlap: false,
    };
    project.assignments = vec![assign("b", "ann"), assign("d", "ann"), assign("a", "bob")];
    assert_eq!(shown(&project, &ArticleFilter::default(), "ann"), ["b", "d"], "Assigned to me is the default");
    assert_eq!(shown(&project, &ArticleFilter::default(), "bob"), ["a"]);
    let all = ArticleFilter { all_articles: true, ..ArticleFilter::default() };
    assert_eq!(shown(&project, &all, "ann"), ["a", "b", "c", "d"]);
    assert_eq!(shown(&project, &ArticleFilter::default(), "carol"), ["a", "b", "c", "d"], "no assignments: all");
    let ap = ArticleFilter { source: Some("AP".into()), ..ArticleFilter::default() };
    assert_eq!(shown(&project, &ap, "ann"), ["d"], "other filters work within the assigned articles");
}
