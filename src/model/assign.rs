//! Giving articles to coders: a balanced random split over the chosen coders, with a reliability
//! subsample that every one of them codes, reproducible from a seed (`stancemap team assign`).
//!
//! Content-analysis practice asks for a share of the articles to be coded by several coders so that
//! agreement can be measured before results are published; the rest is split so that no coder has
//! more than one article more than another.

use super::generate::Rng;
use super::{ArticleId, Assignment, CoderId};

/// Why a split could not be made.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum AssignError {
    /// No coder was named.
    #[error("name at least one coder")]
    NoCoders,
    /// The overlap is not a share between 0 and 1.
    #[error("the overlap {0} is not a share between 0 and 1 (e.g. 0.1 for 10 %)")]
    BadOverlap(f64),
}

/// Assigns `articles` to `coders`: `overlap` (a share, 0–1) of the articles, drawn at random, to
/// every coder (marked as overlap), the others each to one coder, dealt in a shuffled order so the
/// coders' loads differ by at most one. The same inputs and `seed` give the same assignments,
/// sorted by article then coder.
pub fn balanced_split(
    articles: &[ArticleId],
    coders: &[CoderId],
    overlap: f64,
    seed: u64,
) -> Result<Vec<Assignment>, AssignError> {
    if coders.is_empty() {
        return Err(AssignError::NoCoders);
    }
    if !(0.0..=1.0).contains(&overlap) {
        return Err(AssignError::BadOverlap(overlap));
    }
    let mut rng = Rng::new(seed);
    let mut order: Vec<&ArticleId> = articles.iter().collect();
    // Fisher–Yates.
    for index in (1..order.len()).rev() {
        order.swap(index, rng.below(index + 1));
    }
    let shared = if coders.len() > 1 { (overlap * order.len() as f64).round() as usize } else { 0 };
    let mut assignments = Vec::with_capacity(order.len() + shared * coders.len());
    for article in &order[..shared] {
        for coder in coders {
            assignments.push(Assignment { article: (*article).clone(), coder: coder.clone(), overlap: true });
        }
    }
    // Deal the rest, starting the deal at a random coder so the first coder is not always the one
    // with the extra article.
    let start = rng.below(coders.len());
    for (index, article) in order[shared..].iter().enumerate() {
        let coder = &coders[(start + index) % coders.len()];
        assignments.push(Assignment { article: (*article).clone(), coder: coder.clone(), overlap: false });
    }
    assignments.sort_by(|a, b| (&a.article, &a.coder).cmp(&(&b.article, &b.coder)));
    Ok(assignments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<ArticleId> {
        (0..n).map(|i| ArticleId::new(format!("a{i:03}"))).collect()
    }

    #[test]
    fn the_split_is_balanced_with_the_overlap_coded_by_everyone_and_reproducible() {
        let coders: Vec<CoderId> = ["a", "b", "c"].map(CoderId::from).to_vec();
        let articles = ids(100);
        let split = balanced_split(&articles, &coders, 0.1, 1).unwrap();
        let overlap: std::collections::BTreeSet<_> = split.iter().filter(|a| a.overlap).map(|a| &a.article).collect();
        assert_eq!(overlap.len(), 10);
        for article in &overlap {
            assert_eq!(split.iter().filter(|a| &&a.article == article).count(), 3, "every coder codes the overlap");
        }
        let loads: Vec<usize> =
            coders.iter().map(|c| split.iter().filter(|a| &a.coder == c && !a.overlap).count()).collect();
        assert_eq!(loads.iter().sum::<usize>(), 90);
        assert!(loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1, "{loads:?}");
        for article in &articles {
            assert!(split.iter().any(|a| &a.article == article), "{article} is assigned");
        }
        assert_eq!(balanced_split(&articles, &coders, 0.1, 1).unwrap(), split, "same seed, same split");
        assert_ne!(balanced_split(&articles, &coders, 0.1, 2).unwrap(), split, "another seed, another split");
    }

    #[test]
    fn bad_requests_are_refused() {
        assert_eq!(balanced_split(&ids(3), &[], 0.1, 1), Err(AssignError::NoCoders));
        assert_eq!(balanced_split(&ids(3), &["a".into()], 1.5, 1), Err(AssignError::BadOverlap(1.5)));
        let alone = balanced_split(&ids(3), &["a".into()], 0.5, 1).unwrap();
        assert!(alone.iter().all(|a| !a.overlap), "one coder has no one to agree with");
    }
}
