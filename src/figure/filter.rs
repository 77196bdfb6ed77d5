//! Which positions and actors a figure shows: the plot panel's filters by actor, coder, source and
//! date range, applied the same way by the app, the exports and the tests.
//!
//! Rules: dates compare as text on their first ten characters (`YYYY-MM-DD`, or a shorter prefix
//! such as `2024` or `2024-03`), so the bounds are inclusive and a year alone covers the whole year;
//! an article with no date passes only when no date bound is set; overall judgements (no article)
//! pass only when neither a source nor a date bound is set. Hidden actors are left out of the drawn
//! figure but stay in the legend the UI offers, so they can be shown again.

use std::collections::BTreeSet;

use crate::model::{ActorId, Article, CoderId, Position, Project};

/// A figure's filters; the default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    /// Actors switched off in the legend.
    pub hidden_actors: BTreeSet<ActorId>,
    /// Only this coder's positions.
    pub coder: Option<CoderId>,
    /// Only articles from this source (case-insensitive).
    pub source: Option<String>,
    /// Only articles dated on or after this (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only articles dated on or before this.
    pub to: Option<String>,
}

impl Filter {
    /// True when the filter passes every position (hidden actors aside).
    pub fn keeps_all_positions(&self) -> bool {
        self.coder.is_none() && self.source.is_none() && self.from.is_none() && self.to.is_none()
    }

    /// The same filter with no actor hidden: what cached means depend on.
    pub fn positions_only(&self) -> Filter {
        Filter { hidden_actors: BTreeSet::new(), ..self.clone() }
    }

    /// True when `actor` is drawn.
    pub fn shows_actor(&self, actor: &ActorId) -> bool {
        !self.hidden_actors.contains(actor)
    }

    /// True when `article` passes the source and date filters.
    pub fn keeps_article(&self, article: &Article) -> bool {
        if let Some(source) = &self.source
            && !article.source.trim().eq_ignore_ascii_case(source.trim())
        {
            return false;
        }
        let date = date_key(&article.date);
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let Some(date) = date else { return false };
        let after_start = self.from.as_deref().is_none_or(|from| date >= from.trim());
        // "2024" as an upper bound covers all of 2024: compare on the bound's own length.
        let before_end = self.to.as_deref().is_none_or(|to| {
            let to = to.trim();
            date.get(..to.len()).unwrap_or(date) <= to
        });
        after_start && before_end
    }

    /// True when `position` passes the coder, source and date filters.
    pub fn keeps(&self, project: &Project, position: &Position) -> bool {
        if self.coder.as_ref().is_some_and(|coder| coder != &position.coder) {
            return false;
        }
        if self.source.is_none() && self.from.is_none() && self.to.is_none() {
            return true;
        }
        position.article.as_ref().and_then(|id| project.article(id)).is_some_and(|article| self.keeps_article(article))
    }

    /// Every source named by the project's articles, sorted and without repeats (for the picker).
    pub fn sources(project: &Project) -> Vec<String> {
        let sources: BTreeSet<String> = project
            .articles
            .iter()
            .map(|article| article.source.trim().to_owned())
            .filter(|source| !source.is_empty())
            .collect();
        sources.into_iter().collect()
    }
}

/// The sortable part of an article date (`YYYY-MM-DD` or a prefix of it), when it has one.
pub fn date_key(date: &str) -> Option<&str> {
    let date = date.trim();
    let key = date.get(..10.min(date.len()))?;
    let digits = key.chars().take(4).filter(char::is_ascii_digit).count();
    (digits == 4).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(source: &str, date: &str) -> Article {
        Article { source: source.into(), date: date.into(), ..Article::default() }
    }

    #[test]
    fn sources_and_date_ranges_are_inclusive_and_undated_articles_need_no_bound() {
        let filter = Filter { from: Some("2024-03".into()), to: Some("2024".into()), ..Filter::default() };
        assert!(filter.keeps_article(&article("", "2024-03-01")));
        assert!(filter.keeps_article(&article("", "2024-12-31T10:00:00Z")), "a year covers all of it");
        assert!(!filter.keeps_article(&article("", "2024-02-28")));
        assert!(!filter.keeps_article(&article("", "2025-01-01")));
        assert!(!filter.keeps_article(&article("", "")), "undated articles fail a date bound");
        assert!(Filter::default().keeps_article(&article("", "")));
        let bbc = Filter { source: Some("bbc".into()), ..Filter::default() };
        assert!(bbc.keeps_article(&article(" BBC ", "")));
        assert!(!bbc.keeps_article(&article("CNN", "")));
        assert_eq!(date_key("  soon"), None);
        assert_eq!(date_key("2024-05-06 12:00"), Some("2024-05-06"));
    }
}
