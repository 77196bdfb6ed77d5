//! The corpus-scale project of the performance targets, as `stancemap generate` writes it with its
//! defaults: 1,000 articles over two years (every 50th a 40 KB long read, the first among them),
//! 60 actors, 20 issues, 3 coders and exactly 50,000 positions with continuous values
//! (`stancemap::model::generate`).
#![allow(dead_code)]

use std::sync::OnceLock;
use std::time::Duration;

use criterion::Criterion;
use stancemap::model::Project;
use stancemap::model::generate::{GenerateOptions, generate};

/// Criterion settings that keep a full run short on a shared 2-core machine; command-line flags
/// (`--measurement-time`, `--sample-size`, `--quick`) still override them.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

/// Builds the large project (about a second; use [`large_project`] to share it).
pub fn build_large_project() -> Project {
    build_project(&GenerateOptions::default())
}

/// The options of a corpus of `articles` articles: the default corpus (60 actors, 20 issues,
/// 3 coders) at 1,000 articles; any other size is a team's corpus as issue 24 measures it (100
/// actors, 30 issues, 5 coders), with 50 positions per article as the default has (10,000
/// articles: 500,000 positions, a 263 MB file).
pub fn corpus_options(articles: usize) -> GenerateOptions {
    let default = GenerateOptions::default();
    if articles == default.articles { default } else { team_corpus_options(articles) }
}

/// A team's corpus of `articles` articles at any size: 100 actors, 30 issues, 5 coders and 50
/// positions per article (what the frame bench's `--team` compares at two sizes, so that only the
/// number of articles and positions differs).
pub fn team_corpus_options(articles: usize) -> GenerateOptions {
    GenerateOptions { articles, actors: 100, issues: 30, positions: articles * 50, coders: 5, ..Default::default() }
}

/// Builds the project `options` describe, checked valid.
pub fn build_project(options: &GenerateOptions) -> Project {
    let project = match generate(options) {
        Ok(project) => project,
        Err(error) => panic!("the benchmark project cannot be generated: {error}"),
    };
    if let Err(error) = project.validate() {
        panic!("the benchmark project is invalid: {error}");
    }
    project
}

/// The large project, built once per benchmark binary.
pub fn large_project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let project = build_large_project();
        let bytes: usize = project.articles.iter().map(|a| a.text.len()).sum();
        eprintln!(
            "large project: {} articles ({:.1} MB of text), {} actors, {} issues, {} coders, {} positions",
            project.articles.len(),
            bytes as f64 / 1e6,
            project.actors.len(),
            project.issues.len(),
            project.coders.len(),
            project.positions.len()
        );
        project
    })
}

/// The same project with every value rounded to a whole number, as the axis drag snaps them.
pub fn whole_number_project() -> Project {
    let mut project = large_project().clone();
    let rounded: Vec<_> = project
        .positions
        .iter()
        .map(|position| stancemap::model::Position { value: position.value.round(), ..position.clone() })
        .collect();
    project.positions = rounded.into_iter().collect();
    project
}

/// The corpus sizes asked for with `--articles 1000,10000` (also `--articles=…`, and repeated),
/// sorted, 1,000 when none is given; and every other argument, in order (cargo's `--bench`
/// among them), for the bench to read its own flags and filters from.
pub fn corpus_sizes(args: impl Iterator<Item = String>) -> (Vec<usize>, Vec<String>) {
    let (mut sizes, mut others) = (Vec::new(), Vec::new());
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let list = match arg.strip_prefix("--articles") {
            Some("") => args.next().unwrap_or_default(),
            Some(rest) if rest.starts_with('=') => rest[1..].to_owned(),
            _ => {
                others.push(arg);
                continue;
            }
        };
        for size in list.split(',').filter(|size| !size.is_empty()) {
            let Ok(size) = size.replace('_', "").parse::<usize>() else {
                panic!("--articles takes article counts such as 1000,10000, not {size:?}");
            };
            sizes.push(size);
        }
    }
    if sizes.is_empty() {
        sizes.push(corpus_options(1_000).articles);
    }
    sizes.sort_unstable();
    sizes.dedup();
    (sizes, others)
}
