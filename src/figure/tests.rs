//! The figure builders on small hand-made projects: percent of scale, order, who appears, spreads.

use super::*;
use crate::model::{Actor, Article, Coder, Position};

fn issue(id: &str, name: &str, scale: (f64, f64)) -> Issue {
    Issue {
        id: id.into(),
        name: name.into(),
        scale_min: scale.0,
        scale_max: scale.1,
        low_label: format!("{name} low"),
        high_label: format!("{name} high"),
        ..Issue::default()
    }
}

fn position(actor: &str, issue: &str, article: Option<&str>, coder: &str, value: f64) -> Position {
    Position {
        actor: actor.into(),
        issue: issue.into(),
        article: article.map(Into::into),
        coder: coder.into(),
        value,
        ..Position::default()
    }
}

/// Issues 0–100 ("nato") and −5–5 ("sanctions"); actors Russia, United States and Ghost (no
/// positions); two articles, two coders, one overall judgement.
fn project() -> Project {
    let mut project = Project {
        title: "Test".into(),
        actors: ["Russia", "United States", "Ghost"]
            .map(|name| Actor {
                id: name.to_lowercase().replace(' ', "-").as_str().into(),
                name: name.into(),
                ..Actor::default()
            })
            .to_vec(),
        issues: vec![issue("nato", "NATO", (0.0, 100.0)), issue("sanctions", "Sanctions", (-5.0, 5.0))],
        coders: vec![Coder { id: "ann".into(), name: "Ann".into() }, Coder { id: "bob".into(), name: "Bob".into() }],
        articles: ["a1", "a2"]
            .map(|id| Article { id: id.into(), title: format!("Article {id}"), ..Article::default() })
            .to_vec(),
        ..Project::default()
    };
    for p in [
        position("russia", "nato", Some("a1"), "ann", 20.0),
        position("russia", "nato", Some("a2"), "bob", 40.0),
        position("russia", "nato", None, "ann", 30.0),
        position("united-states", "sanctions", Some("a1"), "ann", 2.5),
        position("united-states", "nato", Some("a2"), "ann", 90.0),
    ] {
        project.positions.insert(p);
    }
    project
}

#[test]
fn percent_of_scale_runs_from_the_low_pole_to_the_high_pole() {
    let sanctions = issue("s", "S", (-5.0, 5.0));
    assert_eq!(percent_of_scale(&sanctions, -5.0), 0.0);
    assert_eq!(percent_of_scale(&sanctions, 0.0), 50.0);
    assert_eq!(percent_of_scale(&sanctions, 5.0), 100.0);
    assert_eq!(percent_of_scale(&sanctions, 10.0), 150.0, "not clamped");
    // A reversed scale is read low to high; a zero-width one does not divide by zero.
    assert_eq!(percent_of_scale(&issue("r", "R", (100.0, 0.0)), 25.0), 25.0);
    assert!(percent_of_scale(&issue("z", "Z", (3.0, 3.0)), 3.0).is_finite());
}

#[test]
fn strip_has_every_issue_in_order_and_only_actors_with_data() {
    let project = project();
    let coder = CoderId::from("ann");
    let article = ArticleId::from("a1");
    let figure = strip_figure(&project, PointSource::Article { article: Some(&article), coder: &coder }, Some("T"));
    let issues: Vec<&str> = figure.rows.iter().map(|row| row.issue.as_str()).collect();
    assert_eq!(issues, ["nato", "sanctions"]);
    assert_eq!(
        (figure.rows[1].low_label.as_str(), figure.rows[1].high_label.as_str()),
        ("Sanctions low", "Sanctions high")
    );
    let nato: Vec<(&str, f64, f64)> =
        figure.rows[0].points.iter().map(|p| (p.actor.as_str(), p.at.value, p.at.percent)).collect();
    assert_eq!(nato, [("russia", 20.0, 20.0)], "only ann's positions in a1");
    let sanctions = &figure.rows[1].points[0];
    assert_eq!((sanctions.actor.as_str(), sanctions.at.value, sanctions.at.percent), ("united-states", 2.5, 75.0));
    assert_eq!((sanctions.at.spread, sanctions.at.n), (None, 1));
    let legend: Vec<(&str, &str, &str)> =
        figure.legend.iter().map(|e| (e.actor.as_str(), e.name.as_str(), e.marker_label.as_str())).collect();
    assert_eq!(legend, [("russia", "Russia", "Rus"), ("united-states", "United States", "US")], "no Ghost");
    assert_eq!(figure.title, "T");
    assert_eq!(figure.caption, "Positions in “Article a1”, coded by Ann");
}

#[test]
fn means_have_spreads_and_counts_and_the_caption_says_so() {
    let project = project();
    let rows = mean_rows(&project);
    let figure = strip_figure(&project, PointSource::Means(&rows), Some(""));
    let russia = figure.rows[0].point(&"russia".into()).expect("Russia on NATO");
    assert_eq!((russia.at.value, russia.at.n), (30.0, 3), "the overall judgement counts");
    assert_eq!(russia.at.spread, Some(Spread { low: 20.0, high: 40.0, low_percent: 20.0, high_percent: 40.0 }));
    let us = figure.rows[1].point(&"united-states".into()).expect("US on sanctions");
    assert_eq!((us.at.value, us.at.spread, us.at.n), (2.5, None, 1), "one value: no spread");
    assert_eq!(
        figure.caption,
        "Mean position over 2 articles and 2 coders, with overall judgements; bars show the range (min–max)"
    );
    assert_eq!(means_caption(&Project::default(), &[]), "Mean position over 0 articles and 0 coders");
    let unheaded = strip_figure(&project, PointSource::Means(&rows), None);
    assert_eq!((unheaded.title.as_str(), unheaded.caption.as_str()), ("", ""), "no heading, no caption");
    assert_eq!(unheaded.rows, figure.rows);
}

#[test]
fn caller_points_skip_unknown_and_non_finite_and_order_spreads() {
    let project = project();
    let point = |actor: &str, issue: &str, value, spread| FigurePoint {
        actor: actor.into(),
        issue: issue.into(),
        value,
        spread,
    };
    let points = [
        point("russia", "nato", f64::NAN, None),
        point("russia", "nato", 60.0, Some((80.0, 40.0))),
        point("russia", "nato", 10.0, None),
        point("nobody", "nato", 10.0, None),
        point("united-states", "sanctions", 0.0, Some((1.0, 1.0))),
        point("united-states", "nowhere", 0.0, None),
    ];
    let figure = strip_figure(&project, PointSource::Points(&points), Some(""));
    let russia = &figure.rows[0].points;
    assert_eq!(russia.len(), 1);
    assert_eq!(russia[0].at.value, 60.0, "the first finite point counts");
    assert_eq!(russia[0].at.spread.map(|s| (s.low, s.high)), Some((40.0, 80.0)));
    assert_eq!(figure.rows[1].points[0].at.spread, None, "an empty range is no spread");
    assert_eq!(figure.legend.len(), 2);
    assert_eq!(figure.caption, "");
}

#[test]
fn map_has_the_actors_on_both_issues_and_the_issue_scales() {
    let project = project();
    let rows = mean_rows(&project);
    let (nato, sanctions) = (IssueId::from("nato"), IssueId::from("sanctions"));
    let figure = map_figure(&project, &sanctions, &nato, PointSource::Means(&rows), Some("Map")).expect("both issues");
    assert_eq!((figure.x.name.as_str(), figure.x.bounds), ("Sanctions", (-5.0, 5.0)));
    assert_eq!((figure.y.name.as_str(), figure.y.bounds), ("NATO", (0.0, 100.0)));
    let ticks: Vec<(f64, f64)> = figure.x.ticks.iter().map(|t| (t.value, t.percent)).collect();
    assert_eq!(ticks, [(-5.0, 0.0), (-2.5, 25.0), (0.0, 50.0), (2.5, 75.0), (5.0, 100.0)]);
    // Only the US is on both; Russia has no sanctions position.
    assert_eq!(figure.points.len(), 1);
    let us = &figure.points[0];
    assert_eq!((us.actor.as_str(), us.x.value, us.x.percent, us.y.value), ("united-states", 2.5, 75.0, 90.0));
    assert_eq!(figure.legend.iter().map(|e| e.actor.as_str()).collect::<Vec<_>>(), ["united-states"]);
    assert_eq!(figure.entry(&us.actor).map(|e| e.name.as_str()), Some("United States"));
    assert!(map_figure(&project, &nato, &"missing".into(), PointSource::Means(&rows), None).is_none());
}

#[test]
fn map_ticks_are_round_numbers() {
    let ticks = |low, high| map::nice_ticks(&issue("i", "I", (low, high)));
    assert_eq!(ticks(0.0, 100.0), [0.0, 25.0, 50.0, 75.0, 100.0]);
    assert_eq!(ticks(-5.0, 5.0), [-5.0, -2.5, 0.0, 2.5, 5.0]);
    assert_eq!(ticks(-3.0, 100.0), [0.0, 25.0, 50.0, 75.0, 100.0]);
    assert_eq!(ticks(1.0, 7.0), [2.0, 4.0, 6.0]);
    assert_eq!(ticks(0.0, 1.0), [0.0, 0.25, 0.5, 0.75, 1.0]);
    assert_eq!(ticks(10.0, 10.0).len(), 1, "a zero-width scale does not loop");
}

#[test]
fn the_request_picks_the_view_and_falls_back_as_the_app_does() {
    let project = project();
    let rows = mean_rows(&project);
    let coder = CoderId::from("ann");
    let means = PointSource::Means(&rows);
    let request = |view, source| FigureRequest { view, source, title: None };

    let Figure::Strip(strip) = figure_for(&project, &request(FigureView::AllIssues, means)) else {
        panic!("all issues")
    };
    assert_eq!(strip.title, "Test", "the project's title by default");
    // A map with no choice takes the first two issues; an unknown choice falls back the same way.
    let missing = IssueId::from("missing");
    let view = FigureView::Map { x: Some(&missing), y: None };
    let Figure::Map(map) = figure_for(&project, &request(view, means)) else { panic!("a map") };
    assert_eq!((map.x.issue.as_str(), map.y.issue.as_str()), ("nato", "sanctions"));
    // One issue is not enough for a map.
    let mut single = project.clone();
    single.issues.truncate(1);
    let view = FigureView::Map { x: None, y: None };
    assert!(matches!(figure_for(&single, &request(view, means)), Figure::Strip(_)));
    // "This article" without an article shows the means.
    let no_article = PointSource::Article { article: None, coder: &coder };
    let Figure::Strip(strip) = figure_for(&project, &request(FigureView::AllIssues, no_article)) else {
        panic!("all issues")
    };
    assert!(strip.caption.starts_with("Mean position over 2 articles"), "{}", strip.caption);
    let untitled = Project { title: "  ".into(), ..Project::default() };
    assert_eq!(default_title(&untitled), "StanceMap");
}
