//! Mention finding: building the matcher, one article, and the whole large corpus.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stancemap::analysis::mentions::MentionFinder;
use stancemap::model::presets;

fn mentions(c: &mut Criterion) {
    let project = common::large_project();
    let finder = MentionFinder::new(&project.actors, &project.issues);
    let seed = presets::seed_article().text;
    let article = &project.articles[0].text;
    let corpus_bytes: usize = project.articles.iter().map(|a| a.text.len()).sum();

    let mut group = c.benchmark_group("mentions");
    group.bench_function("build_finder_60_actors_20_issues", |b| {
        b.iter(|| MentionFinder::new(black_box(&project.actors), black_box(&project.issues)));
    });
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("seed_article", |b| b.iter(|| finder.find(black_box(&seed))));
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function("one_40kb_long_read", |b| b.iter(|| finder.find(black_box(article))));
    group.throughput(Throughput::Bytes(corpus_bytes as u64));
    group.bench_function("corpus_1000_articles", |b| {
        b.iter(|| project.articles.iter().map(|a| finder.find(black_box(&a.text)).len()).sum::<usize>());
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = mentions
}
criterion_main!(benches);
