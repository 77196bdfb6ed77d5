//! Every cached result derived from the open document, in one store keyed by the document's
//! generation (and whatever else the result depends on).
//!
//! The UI reads these results and never computes them: the app calls [`Derived::refresh`] with the
//! [`DerivedNeeds`] of the views that are open, before and after each frame's commands. Whole-
//! project results (aggregates, agreement, forecasts) are *held* while a marker is being dragged —
//! they would change every frame — and catch up on release. Each entry is computed from a
//! read-only project and its key alone, so moving one to a worker thread changes nothing else.

use std::collections::HashMap;

use super::Session;
use crate::analysis::aggregate::{self, AggregateOptions, AggregateRow};
use crate::analysis::agreement::{self, AgreementReport};
use crate::analysis::forecast::{self, BdmOptions, BdmRun, ForecastScope, IssueForecast, Sensitivity};
use crate::analysis::mentions::{Mention, MentionFinder, count_actor_mentions};
use crate::model::{ArticleId, CoderId, IssueId, Project, ids::stable_hash};

/// What the open views need computed, beyond what is always shown (mentions, axis aggregates,
/// forecast guides).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DerivedNeeds {
    /// The aggregate table with (confidence-weighted, roll up people into their parent).
    pub aggregate_table: Option<(bool, bool)>,
    /// Inter-coder agreement.
    pub agreement: bool,
    /// The forecast of this issue.
    pub forecast: Option<IssueId>,
    /// A gesture is in progress (a mouse button is held): keep whole-project results as they are.
    pub hold: bool,
}

/// The forecast tab's results for one issue.
#[derive(Clone, Debug)]
pub struct ForecastView {
    /// Weighted mean and median with their inputs.
    pub result: IssueForecast,
    /// The expected-utility model's rounds.
    pub run: BdmRun,
    /// Each actor's leverage.
    pub sensitivity: Vec<Sensitivity>,
}

/// The forecast lines drawn on one axis.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AxisForecast {
    /// Capability × salience weighted mean, in the issue's units.
    pub mean: Option<f64>,
    /// Weighted median, in the issue's units.
    pub median: Option<f64>,
}

/// A cached value with the key it was computed for.
#[derive(Debug)]
struct Entry<K, V> {
    key: Option<K>,
    value: V,
}

impl<K: PartialEq, V: Default> Default for Entry<K, V> {
    fn default() -> Self {
        Self { key: None, value: V::default() }
    }
}

impl<K: PartialEq, V> Entry<K, V> {
    /// Recomputes the value when the key changed, unless `hold` and a value exists. True when it
    /// recomputed.
    fn refresh(&mut self, key: K, hold: bool, compute: impl FnOnce() -> V) -> bool {
        if self.key.as_ref() == Some(&key) || (hold && self.key.is_some()) {
            return false;
        }
        self.value = compute();
        self.key = Some(key);
        true
    }

    fn get(&self) -> Option<&V> {
        self.key.as_ref().map(|_| &self.value)
    }
}

/// Mentions of the current article.
#[derive(Debug, Default)]
struct ArticleMentions {
    mentions: Vec<Mention>,
    counts: Vec<usize>,
    /// Changes whenever the reader's highlighting must be rebuilt (names, text, colours, evidence).
    highlight_version: u64,
}

/// Statistics per actor × issue over all articles and coders, and per article for one coder.
#[derive(Debug, Default)]
struct AxisStatistics {
    rows: Vec<AggregateRow>,
    coded_per_article: Vec<usize>,
}

/// The one store of derived results.
#[derive(Debug, Default)]
pub struct Derived {
    /// Keyed by (generation, article): which names and text the mentions were searched for.
    mention_check: Entry<(u64, Option<ArticleId>), ()>,
    /// Keyed by a hash of the names and the article text.
    mentions: Entry<u64, ArticleMentions>,
    axis_statistics: Entry<(u64, CoderId), AxisStatistics>,
    forecast_guides: Entry<(u64, Option<ArticleId>, CoderId), HashMap<IssueId, AxisForecast>>,
    aggregate_table: Entry<(u64, bool, bool), Vec<AggregateRow>>,
    agreement: Entry<u64, AgreementReport>,
    forecast: Entry<(u64, IssueId), Option<ForecastView>>,
    /// Suggested stances: the current article's, and the whole project's in the background.
    suggestions: super::coding::SuggestionCache,
}

impl Derived {
    /// Brings every needed entry up to date with `session`. Returns true when anything was
    /// recomputed (the app then draws again).
    pub fn refresh(&mut self, session: &Session, needs: &DerivedNeeds) -> bool {
        let project = session.project();
        let generation = session.generation();
        let article = session.article().cloned();
        let coder = session.coder().clone();
        let hold = needs.hold;
        let mut changed = false;
        if self.mention_check.refresh((generation, article.clone()), false, || ()) {
            changed |= self.refresh_mentions(project, article.as_ref());
        }
        changed |= self.suggestions.refresh(session, hold);
        changed |= self.axis_statistics.refresh((generation, coder.clone()), hold, || axis_statistics(project, &coder));
        changed |= self.forecast_guides.refresh((generation, article.clone(), coder.clone()), false, || {
            forecast_guides(project, article.as_ref(), &coder)
        });
        if let Some((weighted, roll_up)) = needs.aggregate_table {
            changed |= self.aggregate_table.refresh((generation, weighted, roll_up), hold, || {
                let options = AggregateOptions { weighted, roll_up, coder: None, include_overall: true };
                aggregate::aggregate(project, &options)
            });
        }
        if needs.agreement {
            changed |= self.agreement.refresh(generation, hold, || agreement::agreement(project));
        }
        if let Some(issue) = &needs.forecast {
            // Held only while the same issue is shown: a newly chosen issue is computed at once.
            let same_issue = self.forecast.key.as_ref().is_some_and(|(_, shown)| shown == issue);
            changed |= self
                .forecast
                .refresh((generation, issue.clone()), hold && same_issue, || forecast_view(project, issue));
        }
        changed
    }

    fn refresh_mentions(&mut self, project: &Project, article: Option<&ArticleId>) -> bool {
        let article = article.and_then(|id| project.article(id));
        // Mentions depend on the names and the text; highlighting also on colours and evidence.
        let mut names = String::new();
        for actor in &project.actors {
            names.push_str(&actor.names().collect::<Vec<_>>().join("\u{1}"));
            names.push('\u{2}');
        }
        for issue in &project.issues {
            names.push_str(&issue.keywords.join("\u{1}"));
            names.push('\u{2}');
        }
        let text_hash = article.map_or(0, |article| stable_hash(article.text.as_bytes()));
        let key = stable_hash(names.as_bytes()) ^ text_hash.rotate_left(17);
        let searched = self.mentions.refresh(key, false, || ArticleMentions {
            mentions: article
                .map(|article| MentionFinder::new(&project.actors, &project.issues).find(&article.text))
                .unwrap_or_default(),
            ..ArticleMentions::default()
        });
        let entry = &mut self.mentions.value;
        entry.counts = count_actor_mentions(&entry.mentions, project.actors.len());
        let mut highlight = format!("{key}");
        for actor in &project.actors {
            highlight.push_str(&actor.color.to_hex());
        }
        if let Some(article) = article {
            for position in project.positions.iter().filter(|p| p.article.as_ref() == Some(&article.id)) {
                for evidence in &position.evidence {
                    highlight.push_str(&format!("{}:{}:{};", position.actor, evidence.start, evidence.end));
                }
            }
        }
        let version = stable_hash(highlight.as_bytes());
        let highlight_changed = version != entry.highlight_version;
        entry.highlight_version = version;
        searched || highlight_changed
    }

    /// Mentions of actors and issue keywords in the current article.
    pub fn mentions(&self) -> &[Mention] {
        &self.mentions.value.mentions
    }

    /// How often the current article mentions each actor (indexed like the actor list).
    pub fn mention_counts(&self) -> &[usize] {
        &self.mentions.value.counts
    }

    /// Changes whenever the reader's highlighted layout must be rebuilt.
    pub fn highlight_version(&self) -> u64 {
        self.mentions.value.highlight_version
    }

    /// Suggested stances of the current article and of the whole project.
    pub fn suggestions(&self) -> &super::coding::SuggestionCache {
        &self.suggestions
    }

    /// Per actor × issue statistics over all articles and coders (overall judgements included).
    pub fn aggregates(&self) -> &[AggregateRow] {
        &self.axis_statistics.value.rows
    }

    /// How many positions the current coder has coded per article (indexed like the article list).
    pub fn coded_per_article(&self) -> &[usize] {
        &self.axis_statistics.value.coded_per_article
    }

    /// The forecast lines of `issue` for the current article and coder (none with fewer than two
    /// actors coded).
    pub fn axis_forecast(&self, issue: &IssueId) -> AxisForecast {
        self.forecast_guides.value.get(issue).copied().unwrap_or_default()
    }

    /// The aggregate table, once computed.
    pub fn aggregate_table(&self) -> Option<&[AggregateRow]> {
        self.aggregate_table.get().map(Vec::as_slice)
    }

    /// Inter-coder agreement, once computed.
    pub fn agreement(&self) -> Option<&AgreementReport> {
        self.agreement.get()
    }

    /// The forecast of the issue asked for, once computed (`None` inside when the issue is gone).
    pub fn forecast(&self, issue: &IssueId) -> Option<&ForecastView> {
        match &self.forecast.key {
            Some((_, shown)) if shown == issue => self.forecast.value.as_ref(),
            _ => None,
        }
    }
}

fn axis_statistics(project: &Project, coder: &CoderId) -> AxisStatistics {
    let options = AggregateOptions { include_overall: true, ..Default::default() };
    let rows = aggregate::aggregate(project, &options);
    let index: HashMap<&ArticleId, usize> =
        project.articles.iter().enumerate().map(|(i, article)| (&article.id, i)).collect();
    let mut coded_per_article = vec![0; project.articles.len()];
    for position in project.positions.iter().filter(|p| &p.coder == coder) {
        if let Some(&i) = position.article.as_ref().and_then(|id| index.get(id)) {
            coded_per_article[i] += 1;
        }
    }
    AxisStatistics { rows, coded_per_article }
}

/// Capability × salience weighted mean and median of the positions coded for the current article
/// by the current coder, per issue. They move while a marker is dragged.
fn forecast_guides(project: &Project, article: Option<&ArticleId>, coder: &CoderId) -> HashMap<IssueId, AxisForecast> {
    let scope = ForecastScope { coder: Some(coder.clone()), article: article.cloned(), roll_up: false };
    project
        .issues
        .iter()
        .filter_map(|issue| {
            let result = forecast::forecast_issue_scoped(project, &issue.id, &scope)?;
            (result.actors.len() >= 2).then(|| {
                (issue.id.clone(), AxisForecast { mean: result.weighted_mean, median: result.weighted_median })
            })
        })
        .collect()
}

fn forecast_view(project: &Project, issue: &IssueId) -> Option<ForecastView> {
    let result = forecast::forecast_issue(project, issue, None)?;
    let scale = (result.scale_min, result.scale_max);
    let run = forecast::bdm(&result.actors, scale, &BdmOptions::default());
    let sensitivity = forecast::sensitivity(&result.actors, scale);
    Some(ForecastView { result, run, sensitivity })
}
