//! The model work of one drag frame on the large project: set a position, then undo it.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stancemap::model::{Edit, Position, PositionKey};

fn edits(c: &mut Criterion) {
    let mut project = common::large_project().clone();
    // An existing position in the middle of the key order, and a key that is not coded yet.
    let existing: Position = project.positions.iter().nth(project.positions.len() / 2).expect("positions").clone();
    let fresh_key = PositionKey { coder: "coder-3".into(), article: None, ..existing.key() };
    let fresh_key = if project.positions.get(&fresh_key).is_some() {
        PositionKey { article: Some(project.articles[1].id.clone()), ..fresh_key }
    } else {
        fresh_key
    };

    let mut group = c.benchmark_group("edit");
    group.bench_function("set_position_existing_apply_and_undo", |b| {
        let mut value = 0.0;
        b.iter(|| {
            value = (value + 1.0) % 100.0;
            let position = Position { value, ..existing.clone() };
            let undo = Edit::set_position(black_box(position)).apply(&mut project);
            black_box(undo.apply(&mut project));
        });
    });
    group.bench_function("set_position_new_key_apply_and_undo", |b| {
        b.iter(|| {
            let undo = Edit::set_position(Position::new(black_box(&fresh_key), 42.0)).apply(&mut project);
            black_box(undo.apply(&mut project));
        });
    });
    group.bench_function("remove_actor_batch_build_apply_undo", |b| {
        let actor = project.actors[3].id.clone();
        b.iter(|| {
            let edit = Edit::remove_actor(&project, black_box(&actor));
            let undo = edit.apply(&mut project);
            black_box(undo.apply(&mut project));
        });
    });
    group.finish();
    assert_eq!(&project, common::large_project(), "undo restored the project");
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = edits
}
criterion_main!(benches);
