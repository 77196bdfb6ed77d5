use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::model::{Coder, Position, presets};
use crate::session::{Command, Gesture};

/// The sample with a second coder who coded three NATO units differently.
fn two_coders() -> Session {
    let mut project = presets::sample_project();
    project.coders.push(Coder { id: "b".into(), name: "Coder B".into() });
    let article = project.articles[0].id.clone();
    for (actor, value) in [("russia", 40.0), ("ukraine", 85.0), ("united-states", 20.0)] {
        project.positions.insert(Position {
            actor: actor.into(),
            issue: "nato-membership".into(),
            article: Some(article.clone()),
            coder: "b".into(),
            value,
            ..Position::default()
        });
    }
    Session::new(project, None)
}

fn move_russia(session: &mut Session, value: f64) {
    let key = session.position_key(&"russia".into(), &"nato-membership".into());
    session.apply(Command::SetPosition { key, value, gesture: Gesture::Once });
}

#[test]
fn background_results_arrive_wake_the_ui_and_an_older_one_is_never_current() {
    let mut session = two_coders();
    let mut derived = Derived::with_inline_below(0);
    let wakes = Arc::new(AtomicUsize::new(0));
    let counter = wakes.clone();
    derived.set_waker(Waker::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    let needs = DerivedNeeds { agreement: true, ..DerivedNeeds::default() };

    derived.refresh(&session, &needs);
    assert!(!derived.is_current(Background::Agreement), "nothing has arrived yet");
    derived.wait_for_background(&session, &needs);
    assert!(derived.is_current(Background::Agreement));
    assert_eq!(derived.agreement(), Some(&agreement::agreement(session.project())));
    assert!(wakes.load(Ordering::SeqCst) >= 1, "a finished job wakes the UI");

    // An edit: the old report stays shown, marked not current, while the new one is computed.
    let first = derived.agreement().cloned();
    move_russia(&mut session, 70.0);
    derived.refresh(&session, &needs);
    assert!(!derived.is_current(Background::Agreement));
    assert_eq!(derived.agreement().cloned(), first);
    // A second edit while that runs: the result that arrives is for the first edit only.
    move_russia(&mut session, 90.0);
    derived.refresh(&session, &needs);
    assert!(!derived.is_current(Background::Agreement));
    derived.agreement.wait();
    let shown = derived.agreement.shown().map(|((generation, _), _)| *generation);
    // Whichever arrived first (the first edit's, if it was still running), only the newest
    // generation's result is current.
    assert_eq!(derived.is_current(Background::Agreement), shown == Some(session.generation()));
    derived.wait_for_background(&session, &needs);
    assert!(derived.is_current(Background::Agreement));
    assert_eq!(derived.agreement(), Some(&agreement::agreement(session.project())));
}

#[test]
fn whole_project_results_are_held_while_a_button_is_down_and_catch_up_on_release() {
    let mut session = two_coders();
    let mut derived = Derived::with_inline_below(0);
    let needs = DerivedNeeds { aggregate_table: Some((false, false)), ..DerivedNeeds::default() };
    derived.wait_for_background(&session, &needs);
    let before = derived.aggregate_table().map(<[AggregateRow]>::to_vec);
    move_russia(&mut session, 99.0);
    let held = DerivedNeeds { hold: true, ..needs.clone() };
    derived.wait_for_background(&session, &held);
    assert_eq!(derived.aggregate_table().map(<[AggregateRow]>::to_vec), before, "held during the drag");
    assert!(!derived.is_current(Background::AggregateTable));
    derived.wait_for_background(&session, &needs);
    assert!(derived.is_current(Background::AggregateTable));
    let options = AggregateOptions { include_overall: true, ..AggregateOptions::default() };
    assert_eq!(
        derived.aggregate_table().map(<[AggregateRow]>::to_vec),
        Some(aggregate::aggregate(session.project(), &options))
    );
}

#[test]
fn a_deferred_refresh_takes_results_in_but_starts_nothing_new() {
    let mut session = two_coders();
    let mut derived = Derived::with_inline_below(0);
    let needs = DerivedNeeds { agreement: true, ..DerivedNeeds::default() };
    derived.wait_for_background(&session, &needs);
    move_russia(&mut session, 20.0);
    let deferred = DerivedNeeds { defer_background: true, ..needs.clone() };
    derived.refresh(&session, &deferred);
    assert!(!derived.agreement.wait(), "no computation was started for the frame's start");
    assert!(!derived.article_list.wait(), "nor for the article list's coding facts");
    derived.refresh(&session, &needs);
    assert!(derived.agreement.wait(), "the frame's end starts it");
    derived.refresh(&session, &deferred);
    assert!(derived.is_current(Background::Agreement), "a deferred refresh still takes the result in");
}

/// After a drag, alpha and the aggregates are computed alone: what counts what is coded (the
/// article list's facts, the positions without a quote) is kept, since a drag changes neither. A
/// position removed starts them again, but only once alpha and the aggregates are in.
#[test]
fn a_drag_starts_only_alpha_and_the_aggregates_and_the_counts_wait_for_them() {
    let mut session = two_coders();
    let mut derived = Derived::with_inline_below(0);
    let needs = DerivedNeeds { agreement: true, aggregate_table: Some((false, false)), ..DerivedNeeds::default() };
    derived.wait_for_background(&session, &needs);
    let facts = derived.article_list().coding().clone();
    let unquoted = derived.positions_without_evidence().to_vec();
    assert!(!unquoted.is_empty(), "the sample has positions without a quote");

    move_russia(&mut session, 70.0);
    derived.refresh(&session, &needs);
    let first = |derived: &Derived| {
        [derived.agreement.is_running(), derived.axis_statistics.is_running(), derived.aggregate_table.is_running()]
    };
    assert_eq!(first(&derived), [true; 3], "alpha and the aggregates start at once");
    let wait_for_first = |derived: &mut Derived| {
        derived.agreement.wait();
        derived.axis_statistics.wait();
        derived.aggregate_table.wait();
    };
    wait_for_first(&mut derived);
    derived.refresh(&session, &needs);
    assert!(!derived.article_list.is_computing(), "a drag leaves the article facts as they are");
    assert!(!derived.without_evidence.is_running(), "and the positions without a quote");
    derived.wait_for_background(&session, &needs);
    assert!(derived.is_current(Background::Agreement) && derived.is_current(Background::AggregateTable));
    assert_eq!(derived.agreement(), Some(&agreement::agreement(session.project())));
    assert_eq!(derived.article_list().coding(), &facts);
    assert_eq!(derived.positions_without_evidence(), unquoted.as_slice());

    // A position removed: counted again, after alpha and the aggregates.
    let removed = unquoted[0].clone();
    session.apply(Command::ClearPosition(removed.clone()));
    derived.refresh(&session, &needs);
    assert_eq!(first(&derived), [true; 3]);
    assert!(!derived.article_list.is_computing() && !derived.without_evidence.is_running(), "they wait");
    wait_for_first(&mut derived);
    derived.refresh(&session, &needs);
    assert!(derived.article_list.is_computing() && derived.without_evidence.is_running(), "then they start");
    derived.wait_for_background(&session, &needs);
    let coder = session.coder().clone();
    assert_eq!(
        derived.article_list().coding(),
        &crate::analysis::article_filter::coding_facts(session.project(), &coder)
    );
    assert_ne!(derived.article_list().coding(), &facts);
    assert!(!derived.positions_without_evidence().contains(&removed));
}

#[test]
fn small_projects_are_computed_at_once() {
    let session = two_coders();
    let mut derived = Derived::default();
    let needs = DerivedNeeds { agreement: true, forecast: Some("nato-membership".into()), ..DerivedNeeds::default() };
    assert!(derived.refresh(&session, &needs));
    assert!(derived.is_current(Background::Agreement) && derived.is_current(Background::Forecast));
    assert!(derived.is_current(Background::Aggregates));
    assert!(!derived.aggregates().is_empty());
}

/// The axes' forecast lines as a pass over the issue's positions in this article by this coder
/// finds them (the way they were computed before the open positions' table).
fn scanned_lines(session: &Session, issue: &IssueId) -> AxisForecast {
    let scope =
        ForecastScope { coder: Some(session.coder().clone()), article: session.article().cloned(), roll_up: false };
    forecast::forecast_issue_scoped(session.project(), issue, &scope)
        .filter(|result| result.actors.len() >= 2)
        .map(|result| AxisForecast { mean: result.weighted_mean, median: result.weighted_median })
        .unwrap_or_default()
}

#[test]
fn the_axes_forecast_lines_follow_a_drag_from_the_open_positions_and_match_a_full_pass() {
    let mut session = two_coders();
    let mut derived = Derived::default();
    derived.refresh(&session, &DerivedNeeds::default());
    let issues: Vec<IssueId> = session.project().issues.iter().map(|issue| issue.id.clone()).collect();
    let check = |session: &Session, derived: &Derived| {
        for issue in &issues {
            assert_eq!(derived.axis_forecast(issue), scanned_lines(session, issue), "{issue}");
        }
    };
    check(&session, &derived);
    let nato: IssueId = "nato-membership".into();
    let before = derived.axis_forecast(&nato);
    assert!(before.mean.is_some(), "the sample codes several actors on NATO membership");
    for value in [5.0, 55.0, 95.0] {
        move_russia(&mut session, value);
        derived.refresh(&session, &DerivedNeeds::default());
        check(&session, &derived);
        let row = derived.open_positions(&session, &nato).expect("the table is current");
        let russia = session.project().actors.iter().position(|actor| actor.id.as_str() == "russia");
        assert_eq!(russia.and_then(|index| row.article[index].as_ref()).map(|p| p.value), Some(value));
    }
    assert_ne!(derived.axis_forecast(&nato), before);
    // Another coder: their own lines.
    session.apply(Command::SetCoder("b".into()));
    derived.refresh(&session, &DerivedNeeds::default());
    check(&session, &derived);
}
