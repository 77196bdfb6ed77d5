//! Agreement, forecast and aggregation over the large project (continuous values), and agreement
//! with whole-number values.

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

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = analysis
}
criterion_main!(benches);
