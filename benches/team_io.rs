//! A team folder at the size of issue 22's targets: 10,000 articles, 60 actors, 20 issues, 50
//! coders and 200,000 positions (`stancemap generate --articles 10000 --coders 50 --positions
//! 200000`, then `team init`). Measures opening the folder (`load_team`: the team file and the 50
//! coding files read and merged) and saving the work of the coder with the most positions
//! (`save_as_coder`: their coding file written, the codebook checked for changes and not written).
//! Targets: open <= 2 s, saving one coder's 10,000 positions <= 100 ms.
//!
//! Run with `cargo bench --bench team_io` (or `-- open`, `-- save`).

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stancemap::io::team;
use stancemap::model::generate::GenerateOptions;

fn team_io(c: &mut Criterion) {
    let options = GenerateOptions { articles: 10_000, positions: 200_000, coders: 50, ..GenerateOptions::default() };
    let project = common::build_project(&options);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("team");
    team::create_team(&root, &project).expect("team folder");
    drop(project);
    let (project, mut folder) = team::load_team(&root).expect("load");
    let mut per_coder = std::collections::BTreeMap::new();
    for position in project.positions.iter() {
        *per_coder.entry(position.coder.clone()).or_insert(0usize) += 1;
    }
    let Some((coder, mine)) = per_coder.into_iter().max_by_key(|(_, count)| *count) else {
        panic!("the generated project has no positions");
    };
    eprintln!(
        "team folder: {} articles, {} coders, {} positions; saving {} ({mine} positions)",
        project.articles.len(),
        project.coders.len(),
        project.positions.len(),
        coder.as_str()
    );

    let mut group = c.benchmark_group("team_io");
    group.bench_function("open_50_coders_200k_positions", |b| {
        b.iter(|| team::load_team(black_box(&root)).expect("load"));
    });
    group.bench_function("save_one_coder", |b| {
        b.iter(|| team::save_as_coder(black_box(&project), &coder, &mut folder).expect("save"));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = team_io
}
criterion_main!(benches);
