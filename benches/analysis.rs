//! Agreement, forecast and aggregation over the large project (continuous values), and agreement
//! with whole-number values; and the time from a drag's edit to the new alpha and aggregates in
//! the app's derived store at 10,000 articles (`after_a_drag`): with each issue's part kept between
//! edits (what the app does) against everything computed anew (what it did before). Its first row
//! goes through the store (`Derived::refresh` until alpha and both aggregates are current), as the
//! app waits for them.
//!
//! `cargo bench --bench analysis -- after_a_drag` runs only the last; `--articles N` picks another
//! corpus size for it (default 10,000: 100 actors, 30 issues, 500,000 positions, 5 coders).

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stancemap::analysis::aggregate::{AggregateOptions, aggregate};
use stancemap::analysis::agreement::agreement;
use stancemap::analysis::forecast::{ForecastScope, forecast_issue, forecast_project};

fn analysis(c: &mut Criterion) {
    let project = common::large_project();
    let issue = project.issues[0].id.clone();

    let mut group = c.benchmark_group("analysis");
    group.bench_function("agreement_krippendorff_all_levels", |b| b.iter(|| agreement(black_box(project))));
    group.bench_function("forecast_one_issue", |b| b.iter(|| forecast_issue(black_box(project), &issue, None)));
    let last_issue = project.issues[project.issues.len() - 1].id.clone();
    group.bench_function("forecast_last_issue", |b| b.iter(|| forecast_issue(black_box(project), &last_issue, None)));
    group.bench_function("forecast_all_issues", |b| {
        b.iter(|| forecast_project(black_box(project), &ForecastScope::default()));
    });
    group.bench_function("aggregate_plain", |b| {
        b.iter(|| aggregate(black_box(project), &AggregateOptions::default()));
    });
    let all = AggregateOptions { weighted: true, roll_up: true, coder: None, include_overall: true };
    group.bench_function("aggregate_weighted_rollup_overall", |b| b.iter(|| aggregate(black_box(project), &all)));
    group.finish();

    // The same project with whole-number values, as the axis drag snaps them: few distinct values.
    let whole = common::whole_number_project();
    let mut group = c.benchmark_group("analysis_whole_number_values");
    group.bench_function("agreement_krippendorff_all_levels", |b| b.iter(|| agreement(black_box(&whole))));
    group.finish();
}

/// From one drag's edit (a marker moved: one actor × issue changed) to the new agreement, axis
/// statistics and aggregate table, as the app's store computes them in the background.
fn after_a_drag(c: &mut Criterion) {
    use stancemap::session::derived::{Background, Derived, DerivedNeeds, by_issue};
    use stancemap::session::{Command, Gesture, Session};
    let articles = std::env::args()
        .skip_while(|arg| arg != "--articles")
        .nth(1)
        .and_then(|value| value.parse().ok())
        .unwrap_or(10_000);
    let project = common::build_project(&common::team_corpus_options(articles));
    let key = project.positions.iter().nth(project.positions.len() / 2).expect("positions").key();
    let mut session = Session::new(project, None);
    let needs = DerivedNeeds { agreement: true, aggregate_table: Some((false, false)), ..DerivedNeeds::default() };
    // Always in the background, as at this size in the app.
    let mut kept = Derived::with_inline_below(0);
    kept.wait_for_background(&session, &needs);
    let mut value = 0.0;
    let mut drag = |session: &mut Session| {
        value = (value + 7.0) % 100.0;
        session.apply(Command::SetPosition { key: key.clone(), value, gesture: Gesture::Once });
    };
    let mut group = c.benchmark_group(format!("after_a_drag_{articles}_articles"));
    // Until the agreement, the spread bars' statistics and the aggregate table are those of the
    // project as it now is (the other background results are left to come when they come).
    let results = [Background::Agreement, Background::Aggregates, Background::AggregateTable];
    let until_current = |derived: &mut Derived, session: &Session| loop {
        derived.refresh(session, &needs);
        if results.iter().all(|result| derived.is_current(*result)) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    };
    group.bench_function("alpha_and_aggregates_by_issue_parts", |b| {
        b.iter(|| {
            drag(&mut session);
            until_current(&mut kept, &session);
            black_box(kept.agreement());
        });
    });
    // The same three results on this thread, without the store's other background work (article
    // list, suggestions) that a refresh also starts: what the kept parts cost by themselves.
    let agreement_parts = Default::default();
    let (axis_parts, table_parts) = (Default::default(), Default::default());
    let plain = AggregateOptions { include_overall: true, ..AggregateOptions::default() };
    let shape = session.shape();
    group.bench_function("alpha_and_aggregates_by_issue_parts_on_this_thread", |b| {
        b.iter(|| {
            drag(&mut session);
            let project = session.project();
            black_box((
                by_issue::agreement(project, shape, &agreement_parts),
                by_issue::aggregate(project, shape, &plain, &axis_parts),
                by_issue::aggregate(project, shape, &plain, &table_parts),
            ));
        });
    });
    // What the store did before it kept parts: every result computed anew from the whole project.
    group.bench_function("alpha_and_aggregates_all_anew", |b| {
        b.iter(|| {
            drag(&mut session);
            let project = session.project();
            let plain = AggregateOptions { include_overall: true, ..AggregateOptions::default() };
            black_box((agreement(project), aggregate(project, &plain), aggregate(project, &plain)));
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = analysis, after_a_drag
}
criterion_main!(benches);
