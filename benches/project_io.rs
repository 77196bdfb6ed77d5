//! Saving, loading and validating the large project (see `common`).

mod common;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stancemap::io::project_file::{parse_project, project_to_json, save_project};

fn project_io(c: &mut Criterion) {
    let project = common::large_project();
    let json = project_to_json(project);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.stancemap");

    let mut group = c.benchmark_group("project_io");
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("to_json", |b| b.iter(|| project_to_json(black_box(project))));
    group.bench_function("save_plain_write", |b| {
        b.iter(|| std::fs::write(&path, project_to_json(black_box(project))).expect("write"));
    });
    group.bench_function("save_project_atomic_fsync", |b| {
        b.iter(|| save_project(&path, black_box(project)).expect("save"));
    });
    // The reference the load target is measured against, side by side in the same run.
    group.bench_function("serde_json_value_parse", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(json.as_bytes())).expect("json"));
    });
    group.bench_function("parse_project", |b| {
        b.iter(|| parse_project(black_box(json.as_bytes()), Path::new("large.stancemap")).expect("parse"));
    });
    group.finish();

    let mut group = c.benchmark_group("validate");
    group.bench_function("large_project", |b| b.iter(|| black_box(project).validate().expect("valid")));
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = project_io
}
criterion_main!(benches);
