//! The stance suggester over 1,000 articles of the large project (~4 KB each, 40 actors, 10
//! issues) on two worker threads, as the app's background run does it; and one article alone.
//! The issue's budget for the 1,000 articles is 2 s on two cores.

mod common;

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use criterion::{Criterion, criterion_group, criterion_main};
use stancemap::analysis::suggest::{Suggester, suggest_many};

fn suggest(c: &mut Criterion) {
    let project = common::large_project();
    let texts: Vec<&str> = project.articles.iter().take(1_000).map(|a| a.text.as_str()).collect();
    let suggester = Suggester::new(&project.actors, &project.issues);
    let total: usize = texts.iter().map(|text| suggester.suggest(text).len()).sum();
    eprintln!("suggest: {total} suggestions in {} articles", texts.len());

    let mut group = c.benchmark_group("suggest");
    group.bench_function("one_4kb_article", |b| b.iter(|| suggester.suggest(black_box(texts[0]))));
    group.bench_function("1000_articles_2_threads", |b| {
        b.iter(|| {
            let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
            // Building the suggester is part of every background run.
            let suggester = Suggester::new(&project.actors, &project.issues);
            suggest_many(&suggester, black_box(&texts), 2, &done, &cancel)
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = suggest
}
criterion_main!(benches);
