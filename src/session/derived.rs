//! Every cached result derived from the open document, in one store keyed by the document's
//! generation (and whatever else the result depends on).
//!
//! The UI reads these results and never computes them: the app calls [`Derived::refresh`] with the
//! [`DerivedNeeds`] of the views that are open, before and after each frame's commands.
//!
//! Results about what is on screen now — the current article's mentions, the forecast lines of the
//! axes for this article and coder — are computed at once, on the UI thread: they are cheap and
//! follow a marker while it is dragged. Whole-project results (the aggregates behind the spread
//! bars and the "all articles" plots, the aggregate table, agreement, forecasts) are computed on a
//! worker thread from a snapshot, keyed by the document generation ([`background`]): until the
//! new result arrives a view shows the last one and [`Derived::is_current`] says it is not
//! current; they are also *held* while a mouse button is down (they would restart every frame of a
//! drag) and catch up on release. Agreement and the aggregates start first; the article list's
//! facts and the positions without a quote, which key on the document's tally (a drag leaves it),
//! start only once those are in, so that after a drag the new alpha has the cores to itself.
//!
//! [`background`]: super::background

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::Session;
use super::background::{INLINE_BELOW_POSITIONS, Job, Snapshot, Waker};
use crate::analysis::adjudication::{Queue, QueueOptions};
use crate::analysis::aggregate::{self, AggregateOptions, AggregateRow};
use crate::analysis::agreement::{self, AgreementReport};
use crate::analysis::forecast::{self, BdmOptions, BdmRun, ForecastScope, IssueForecast, Sensitivity};
use crate::analysis::mentions::{Mention, MentionFinder, count_actor_mentions};
use crate::figure::Filter;
use crate::model::{ActorId, ArticleId, CoderId, IssueId, PositionKey, Project, ids::stable_hash};

/// What the open views need computed, beyond what is always shown (mentions, axis aggregates,
/// forecast guides).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DerivedNeeds {
    /// The aggregate table with (confidence-weighted, roll up people into their parent).
    pub aggregate_table: Option<(bool, bool)>,
    /// Inter-coder agreement.
    pub agreement: bool,
    /// Agreement on the reliability subsample only (the overlap articles of `team assign`).
    pub agreement_overlap_only: bool,
    /// The forecast of this issue.
    pub forecast: Option<IssueId>,
    /// The means over the positions this plot filter keeps (its hidden actors aside).
    pub filtered_means: Option<Filter>,
    /// The 2-D map's cross-hair over all articles: the weighted medians of these (x, y) issues.
    pub map_medians: Option<(IssueId, IssueId)>,
    /// The adjudication queue under these options (Project > Adjudicate... is open).
    pub adjudication: Option<QueueOptions>,
    /// A gesture is in progress (a mouse button is held): keep whole-project results as they are.
    pub hold: bool,
    /// Take in background results that arrived but start no background computation unless nothing
    /// is shown yet (the caller's edits are still to come).
    pub defer_background: bool,
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

/// A whole-project result computed in the background (see [`Derived::is_current`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Background {
    /// The per actor × issue statistics behind the spread bars and the "all articles" plots.
    Aggregates,
    /// The aggregate table.
    AggregateTable,
    /// Inter-coder agreement.
    Agreement,
    /// The forecast tab.
    Forecast,
}

/// The weighted medians of the 2-D map's x and y issues over all articles.
type MapMedians = (Option<f64>, Option<f64>);

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
}

/// Mentions of the current article.
#[derive(Debug, Default)]
struct ArticleMentions {
    mentions: Vec<Mention>,
    counts: Vec<usize>,
    /// Changes whenever the reader's highlighting must be rebuilt (names, text, colours, evidence).
    highlight_version: u64,
    /// The article's evidence spans, hashed per issue.
    evidence: EvidenceHashes,
}

/// One article's evidence spans hashed per issue, each issue's hash kept until a quote on it
/// changes ([`Positions::evidence_version`]): every edit (each frame of a drag) checks the
/// highlighting, and a pass over an issue's positions for this article's spans took milliseconds
/// at corpus scale; a drag moves values, not quotes.
///
/// [`Positions::evidence_version`]: crate::model::Positions::evidence_version
#[derive(Debug, Default)]
struct EvidenceHashes {
    article: Option<ArticleId>,
    /// Issue → (the evidence version of its positions, the hash of this article's spans on it).
    by_issue: HashMap<IssueId, (u64, u64)>,
}

impl EvidenceHashes {
    /// Feeds `article`'s evidence spans (actor, start, end) on every issue into `hasher`.
    fn hash_into(&mut self, project: &Project, article: &ArticleId, hasher: &mut impl Hasher) {
        if self.article.as_ref() != Some(article) {
            self.by_issue.clear();
            self.article = Some(article.clone());
        }
        self.by_issue.retain(|issue, _| project.positions.evidence_version(issue) != 0);
        for issue in project.positions.issues() {
            let version = project.positions.evidence_version(issue);
            if version == 0 {
                // No position on the issue has a quote.
                continue;
            }
            let hash = match self.by_issue.get(issue) {
                Some(&(shown, hash)) if shown == version => hash,
                _ => {
                    let mut spans = std::hash::DefaultHasher::new();
                    for position in project.positions.on_issue(issue).filter(|p| p.article.as_ref() == Some(article)) {
                        for evidence in &position.evidence {
                            (&position.actor, evidence.start, evidence.end).hash(&mut spans);
                        }
                    }
                    let hash = spans.finish();
                    self.by_issue.insert(issue.clone(), (version, hash));
                    hash
                }
            };
            (issue, hash).hash(hasher);
        }
    }
}

/// Statistics per actor × issue over all articles and coders.
#[derive(Debug, Default)]
struct AxisStatistics {
    rows: Vec<AggregateRow>,
    /// (actor, issue) → index in `rows`: every axis looks up every actor's row every frame.
    index: HashMap<(ActorId, IssueId), usize>,
}

/// The keys the last refresh asked the background results for.
#[derive(Debug, Default)]
struct Wanted {
    axis_statistics: Option<u64>,
    aggregate_table: Option<(u64, bool, bool)>,
    agreement: Option<(u64, bool)>,
    forecast: Option<(u64, IssueId)>,
}

/// The one store of derived results.
#[derive(Debug)]
pub struct Derived {
    /// Keyed by (generation, article): which names and text the mentions were searched for.
    mention_check: Entry<(u64, Option<ArticleId>), ()>,
    /// Keyed by a hash of the names and the article text.
    mentions: Entry<u64, ArticleMentions>,
    /// The last project copy handed to workers, brought up to date for the next one.
    lean: super::background::LeanCopies,
    /// The current coder's positions in the open article, per issue.
    open_positions: super::open_positions::OpenPositions,
    forecast_guides: ForecastGuides,
    axis_statistics: Job<u64, AxisStatistics>,
    aggregate_table: Job<(u64, bool, bool), Vec<AggregateRow>>,
    /// Keyed by (generation, overlap only).
    agreement: Job<(u64, bool), AgreementReport>,
    /// Each issue's agreement part, kept between edits (see [`by_issue`]).
    agreement_parts: by_issue::Shared<u64, agreement::IssuePart>,
    /// Each issue's rows of the axis statistics, kept between edits.
    axis_parts: by_issue::Shared<(u64, AggregateOptions), Vec<AggregateRow>>,
    /// Each issue's rows of the aggregate table, kept between edits.
    table_parts: by_issue::Shared<(u64, AggregateOptions), Vec<AggregateRow>>,
    forecast: Job<(u64, IssueId), Option<ForecastView>>,
    /// Keyed by (generation, the plot filter's position part).
    filtered_means: Job<(u64, Filter), Vec<AggregateRow>>,
    /// Keyed by (generation, x issue, y issue): each issue's weighted median over all articles.
    map_medians: Job<(u64, IssueId, IssueId), MapMedians>,
    /// Keyed by (generation, options): the units whose coders disagree, for Project > Adjudicate...
    /// (a pass over every position: at 200,000 positions it took the frame after each decision).
    adjudication: Job<(u64, QueueOptions), Queue>,
    /// Suggested stances: the current article's, and the whole project's in the background.
    suggestions: super::coding::SuggestionCache,
    /// The article list: per-article facts and the filtered list with its counts.
    article_list: super::article_list::ArticleListCache,
    /// Candidate actors: names in the articles that match no actor.
    candidates: super::candidates::CandidateCache,
    /// The current coder's article positions without a quote, keyed by (tally, coder);
    /// computed in the background on large projects (5 ms over 50,000 positions).
    without_evidence: Job<(u64, CoderId), Vec<PositionKey>>,
    wanted: Wanted,
    waker: Option<Waker>,
    /// Projects with fewer positions are computed on the caller's thread.
    inline_below: usize,
}

impl Default for Derived {
    fn default() -> Self {
        Self::with_inline_below(INLINE_BELOW_POSITIONS)
    }
}

impl Derived {
    /// A store that computes whole-project results on the caller's thread for projects with fewer
    /// than `positions` positions and in the background for larger ones (the default:
    /// [`INLINE_BELOW_POSITIONS`]; 0 always uses the background, `usize::MAX` never).
    pub fn with_inline_below(positions: usize) -> Self {
        Self {
            mention_check: Entry::default(),
            mentions: Entry::default(),
            lean: Default::default(),
            open_positions: Default::default(),
            forecast_guides: ForecastGuides::default(),
            axis_statistics: Job::default(),
            aggregate_table: Job::default(),
            agreement: Job::default(),
            agreement_parts: Default::default(),
            axis_parts: Default::default(),
            table_parts: Default::default(),
            forecast: Job::default(),
            filtered_means: Job::default(),
            map_medians: Job::default(),
            adjudication: Job::default(),
            suggestions: Default::default(),
            article_list: Default::default(),
            candidates: Default::default(),
            without_evidence: Job::default(),
            wanted: Wanted::default(),
            waker: None,
            inline_below: positions,
        }
    }

    /// Sets what wakes the UI when a background result arrives (the app: `request_repaint`).
    pub fn set_waker(&mut self, waker: Waker) {
        self.waker = Some(waker);
    }

    /// True once a waker is set.
    pub fn has_waker(&self) -> bool {
        self.waker.is_some()
    }

    /// Brings every needed entry up to date with `session`, or starts its computation. Returns true
    /// when anything shown changed (the app then draws again).
    pub fn refresh(&mut self, session: &Session, needs: &DerivedNeeds) -> bool {
        let project = session.project();
        let generation = session.generation();
        let article = session.article().cloned();
        let coder = session.coder().clone();
        let hold = needs.hold;
        let mut changed = false;
        let remade = self.open_positions.refresh(project, article.as_ref(), &coder, session.shape());
        if self.mention_check.refresh((generation, article.clone()), false, || ()) {
            changed |= self.refresh_mentions(project, article.as_ref());
        }
        changed |= self.suggestions.refresh(session, hold);
        changed |= self.candidates.refresh(session, self.waker.as_ref());
        changed |= self.forecast_guides.refresh(
            project,
            &self.open_positions,
            &remade,
            (article.as_ref(), &coder, session.shape()),
        );
        self.lean.release_positions();
        let mut snapshot =
            Snapshot::new(project, self.inline_below, self.waker.clone()).reusing(&mut self.lean, session.shape());
        let hold = hold || needs.defer_background;
        // The analyses that follow the consensus switch key on the generation and the switch in
        // one number, and resolve the snapshot's positions themselves (on the worker).
        let consensus = session.use_consensus() && !project.consensus.is_empty();
        let analysed = generation * 2 + u64::from(consensus);
        self.wanted.axis_statistics = Some(analysed);
        // Without the consensus switch, each issue's part of these is kept between edits and only
        // the edited issue's is computed again.
        let shape = session.shape();
        let parts = Arc::clone(&self.axis_parts);
        changed |= self.axis_statistics.refresh(analysed, hold, &mut snapshot, move |project| {
            let options = AggregateOptions { include_overall: true, ..Default::default() };
            let rows = if consensus {
                aggregate::aggregate(&resolve(project, consensus), &options)
            } else {
                by_issue::aggregate(project, shape, &options, &parts)
            };
            axis_statistics(rows)
        });
        if let Some((weighted, roll_up)) = needs.aggregate_table {
            let key = (analysed, weighted, roll_up);
            self.wanted.aggregate_table = Some(key);
            let parts = Arc::clone(&self.table_parts);
            changed |= self.aggregate_table.refresh(key, hold, &mut snapshot, move |project| {
                let options = AggregateOptions { weighted, roll_up, coder: None, include_overall: true };
                if consensus {
                    aggregate::aggregate(&resolve(project, consensus), &options)
                } else {
                    by_issue::aggregate(project, shape, &options, &parts)
                }
            });
        }
        if needs.agreement {
            let overlap_only = needs.agreement_overlap_only;
            self.wanted.agreement = Some((generation, overlap_only));
            let parts = Arc::clone(&self.agreement_parts);
            changed |= self.agreement.refresh((generation, overlap_only), hold, &mut snapshot, move |project| {
                // The overlap subsample is a restricted copy, made anew each time: nothing to keep.
                if overlap_only {
                    agreement::agreement_on_overlap(project)
                } else {
                    by_issue::agreement(project, shape, &parts)
                }
            });
        }
        // Alpha and the aggregates come first: what counts what is coded (keyed on the tally, which
        // a drag leaves) starts once they are in, so that they have the cores to themselves.
        let first_running =
            self.axis_statistics.is_running() || self.aggregate_table.is_running() || self.agreement.is_running();
        let after_first = hold || first_running;
        changed |= self.article_list.refresh(session, after_first, &mut snapshot);
        let unquoted_coder = coder.clone();
        let tally = session.tally();
        changed |= self.without_evidence.refresh((tally, coder.clone()), after_first, &mut snapshot, move |project| {
            super::reading::positions_without_evidence(project, &unquoted_coder)
        });
        if let Some(issue) = &needs.forecast {
            // Held only while the same issue is shown: a newly chosen issue is computed at once.
            let same_issue = self.forecast.shown().is_some_and(|((_, shown), _)| shown == issue);
            let key = (analysed, issue.clone());
            self.wanted.forecast = Some(key.clone());
            let issue = issue.clone();
            changed |= self.forecast.refresh(key, hold && same_issue, &mut snapshot, move |project| {
                forecast_view(&resolve(project, consensus), &issue)
            });
        }
        if let Some(filter) = &needs.filtered_means {
            let same_filter = self.filtered_means.shown().is_some_and(|((_, shown), _)| shown == filter);
            let filter = filter.clone();
            let key = (analysed, filter.clone());
            changed |= self.filtered_means.refresh(key, hold && same_filter, &mut snapshot, move |project| {
                let project = &resolve(project, consensus);
                let options = AggregateOptions { include_overall: true, ..AggregateOptions::default() };
                aggregate::aggregate_where(project, &options, |position| filter.keeps(project, position))
            });
        }
        if let Some((x, y)) = &needs.map_medians {
            let same_issues = self.map_medians.shown().is_some_and(|((_, sx, sy), _)| (sx, sy) == (x, y));
            let (x, y) = (x.clone(), y.clone());
            let key = (analysed, x.clone(), y.clone());
            changed |= self.map_medians.refresh(key, hold && same_issues, &mut snapshot, move |project| {
                let project = &resolve(project, consensus);
                let median = |issue: &IssueId| forecast::forecast_issue(project, issue, None)?.weighted_median;
                (median(&x), median(&y))
            });
        }
        if let Some(options) = &needs.adjudication {
            // Held only while the same filters are shown: new filters are computed at once.
            let same_options = self.adjudication.shown().is_some_and(|((_, shown), _)| shown == options);
            let options = options.clone();
            let key = (generation, options.clone());
            changed |= self
                .adjudication
                .refresh(key, hold && same_options, &mut snapshot, move |project| Queue::of(project, &options));
        }
        changed
    }

    /// Waits for every background computation in flight (for tests and tools), then refreshes.
    pub fn wait_for_background(&mut self, session: &Session, needs: &DerivedNeeds) {
        loop {
            self.refresh(session, needs);
            let waited = [
                self.axis_statistics.wait(),
                self.aggregate_table.wait(),
                self.agreement.wait(),
                self.forecast.wait(),
                self.filtered_means.wait(),
                self.map_medians.wait(),
                self.adjudication.wait(),
                self.without_evidence.wait(),
                self.article_list.wait(),
            ];
            if !waited.contains(&true) && !self.candidates.wait() && !self.suggestions.wait() {
                return;
            }
        }
    }

    /// True when the shown result of `what` is for the document as it is now (false while a newer
    /// one is computed or held during a drag, and before the first arrives).
    pub fn is_current(&self, what: Background) -> bool {
        match what {
            Background::Aggregates => current(&self.axis_statistics, &self.wanted.axis_statistics),
            Background::AggregateTable => current(&self.aggregate_table, &self.wanted.aggregate_table),
            Background::Agreement => current(&self.agreement, &self.wanted.agreement),
            Background::Forecast => current(&self.forecast, &self.wanted.forecast),
        }
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
        // The highlighting also depends on the colours and this article's evidence spans: hashed
        // in one pass, without building text, since this runs on every edit.
        let mut highlight = std::hash::DefaultHasher::new();
        key.hash(&mut highlight);
        for actor in &project.actors {
            actor.color.0.hash(&mut highlight);
        }
        if let Some(article) = article {
            entry.evidence.hash_into(project, &article.id, &mut highlight);
        }
        let version = highlight.finish();
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

    /// The current coder's article positions that quote nothing, in article order (a
    /// whole-project result: the last one until the new one arrives, held during a drag).
    pub fn positions_without_evidence(&self) -> &[PositionKey] {
        self.without_evidence.shown().map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// `issue`'s row of the current coder's positions in the open article (and overall), indexed
    /// like the actor list; `None` when the table is not for the session as it is now (the caller
    /// then looks the positions up).
    pub fn open_positions(&self, session: &Session, issue: &IssueId) -> Option<&super::open_positions::IssueRow> {
        self.open_positions.on_issue(session.project(), issue, session.article(), session.coder(), session.shape())
    }

    /// Suggested stances of the current article and of the whole project.
    pub fn suggestions(&self) -> &super::coding::SuggestionCache {
        &self.suggestions
    }

    /// The article list: the articles its filter shows, with counts, and what is coded from each.
    pub fn article_list(&self) -> &super::article_list::ArticleListCache {
        &self.article_list
    }

    /// Candidate actors: names in the articles that match no actor, most widespread first.
    pub fn candidates(&self) -> &super::candidates::CandidateCache {
        &self.candidates
    }

    /// Per actor × issue statistics over all articles and coders (overall judgements included):
    /// the last computed (empty before the first arrives).
    pub fn aggregates(&self) -> &[AggregateRow] {
        self.axis_statistics.shown().map_or(&[], |(_, statistics)| statistics.rows.as_slice())
    }

    /// The version of [`Self::aggregates`]: what they were computed for (the document generation
    /// and the consensus switch), so it changes whenever they do; a view keeps what it drew from
    /// them while it stays the same. `None` before the first arrive.
    pub fn aggregates_version(&self) -> Option<u64> {
        self.axis_statistics.shown().map(|(version, _)| *version)
    }

    /// The version of [`Self::filtered_means`] for `filter`, as [`Self::aggregates_version`].
    pub fn filtered_means_version(&self, filter: &Filter) -> Option<u64> {
        match self.filtered_means.shown() {
            Some(((version, shown), _)) if shown == filter => Some(*version),
            _ => None,
        }
    }

    /// `actor`'s row on `issue` of [`Self::aggregates`], looked up by map.
    pub fn aggregate_row(&self, actor: &ActorId, issue: &IssueId) -> Option<&AggregateRow> {
        let (_, statistics) = self.axis_statistics.shown()?;
        // The tuple key needs owned ids; the map is small and this is two clones, not a scan.
        let index = statistics.index.get(&(actor.clone(), issue.clone()))?;
        statistics.rows.get(*index)
    }

    /// The forecast lines of `issue` for the current article and coder (none with fewer than two
    /// actors coded).
    pub fn axis_forecast(&self, issue: &IssueId) -> AxisForecast {
        self.forecast_guides.lines.get(issue).copied().unwrap_or_default()
    }

    /// The aggregate table, as last computed.
    pub fn aggregate_table(&self) -> Option<&[AggregateRow]> {
        self.aggregate_table.shown().map(|(_, rows)| rows.as_slice())
    }

    /// Inter-coder agreement, as last computed.
    pub fn agreement(&self) -> Option<&AgreementReport> {
        self.agreement.shown().map(|(_, report)| report)
    }

    /// The means over the positions `filter` keeps, as last computed for that filter (`None`
    /// until the first arrive).
    pub fn filtered_means(&self, filter: &Filter) -> Option<&[AggregateRow]> {
        match self.filtered_means.shown() {
            Some(((_, shown), rows)) if shown == filter => Some(rows.as_slice()),
            _ => None,
        }
    }

    /// The weighted medians over all articles of the `x` and `y` issues (the 2-D map's cross-hair),
    /// as last computed for them; `None` while computed or when an issue has no median.
    pub fn map_medians(&self, x: &IssueId, y: &IssueId) -> Option<(f64, f64)> {
        match self.map_medians.shown() {
            Some(((_, shown_x, shown_y), &(Some(mx), Some(my)))) if (shown_x, shown_y) == (x, y) => Some((mx, my)),
            _ => None,
        }
    }

    /// The adjudication queue as last computed, with the generation and the options it was
    /// computed for (the view shows it until the one for the document as it is now arrives).
    pub fn adjudication_queue(&self) -> Option<(u64, &QueueOptions, &Queue)> {
        self.adjudication.shown().map(|((generation, options), queue)| (*generation, options, queue))
    }

    /// The forecast of the issue asked for, as last computed for it (`None` inside when the issue
    /// is gone).
    pub fn forecast(&self, issue: &IssueId) -> Option<&ForecastView> {
        match self.forecast.shown() {
            Some(((_, shown), view)) if shown == issue => view.as_ref(),
            _ => None,
        }
    }
}

/// `project` as the analyses read it: resolved to "consensus where there is one, else every
/// coder" when `consensus`, else as it is.
fn resolve(project: &Project, consensus: bool) -> std::borrow::Cow<'_, Project> {
    if consensus {
        std::borrow::Cow::Owned(crate::model::consensus::resolved(project))
    } else {
        std::borrow::Cow::Borrowed(project)
    }
}

/// True when `job` shows the result for `wanted`.
fn current<K: Clone + PartialEq + Send + 'static, V: Send + 'static>(job: &Job<K, V>, wanted: &Option<K>) -> bool {
    wanted.as_ref().is_some_and(|key| job.is_current(key))
}

fn axis_statistics(rows: Vec<AggregateRow>) -> AxisStatistics {
    let index = rows.iter().enumerate().map(|(i, row)| ((row.actor.clone(), row.issue.clone()), i)).collect();
    AxisStatistics { rows, index }
}

/// The axes' forecast lines: capability × salience weighted mean and median of the positions coded
/// for the current article by the current coder, per issue. They move while a marker is dragged,
/// so each issue's lines are kept until that issue's row of [`OpenPositions`] is made anew: a drag
/// frame recomputes one issue from its hundred actors' positions, not a pass over the issue's
/// positions in every article.
///
/// [`OpenPositions`]: super::open_positions::OpenPositions
#[derive(Debug, Default)]
struct ForecastGuides {
    /// The article, the coder, and a fingerprint of what else the lines read (the issues, the
    /// actors' capabilities): when it changes every issue is recomputed.
    key: Option<(Option<ArticleId>, CoderId, u64)>,
    /// Issue → its lines.
    lines: HashMap<IssueId, AxisForecast>,
}

impl ForecastGuides {
    /// Recomputes the lines of the issues in `remade` (their positions changed) and of issues not
    /// yet computed; all of them when the article, the coder, the capabilities or the scales
    /// changed. True when a line moved.
    fn refresh(
        &mut self,
        project: &Project,
        table: &super::open_positions::OpenPositions,
        remade: &[IssueId],
        (article, coder, shape): (Option<&ArticleId>, &CoderId, u64),
    ) -> bool {
        let mut inputs = std::hash::DefaultHasher::new();
        for actor in &project.actors {
            (&actor.id, actor.capability.to_bits()).hash(&mut inputs);
        }
        for issue in &project.issues {
            (&issue.id, issue.bounds().0.to_bits(), issue.bounds().1.to_bits()).hash(&mut inputs);
        }
        let key = (article.cloned(), coder.clone(), inputs.finish());
        let mut changed = false;
        if self.key.as_ref() != Some(&key) {
            changed = !self.lines.is_empty();
            self.lines.clear();
            self.key = Some(key);
        }
        let before = self.lines.len();
        self.lines.retain(|issue, _| project.issue(issue).is_some());
        changed |= self.lines.len() != before;
        for issue in &project.issues {
            if self.lines.contains_key(&issue.id) && !remade.contains(&issue.id) {
                continue;
            }
            let row = article.and_then(|_| table.on_issue(project, &issue.id, article, coder, shape));
            let lines = axis_forecast(project, row, &issue.id, article, coder);
            let old = self.lines.insert(issue.id.clone(), lines);
            changed |= old != Some(lines);
        }
        changed
    }
}

/// The forecast lines of `issue` for `article` and `coder` (none with fewer than two actors coded):
/// from the open positions' row when it is current, else from a pass over the issue's positions
/// (also with no article open: the scope is then every position of the coder, not only the
/// overall ones the row holds).
fn axis_forecast(
    project: &Project,
    row: Option<&super::open_positions::IssueRow>,
    issue: &IssueId,
    article: Option<&ArticleId>,
    coder: &CoderId,
) -> AxisForecast {
    let lines = |actors: &[forecast::ForecastActor]| {
        if actors.len() < 2 {
            return AxisForecast::default();
        }
        AxisForecast { mean: forecast::weighted_mean(actors), median: forecast::weighted_median(actors) }
    };
    let Some(row) = row else {
        let scope = ForecastScope { coder: Some(coder.clone()), article: article.cloned(), roll_up: false };
        return forecast::forecast_issue_scoped(project, issue, &scope)
            .map(|result| lines(&result.actors))
            .unwrap_or_default();
    };
    let actors: Vec<forecast::ForecastActor> = project
        .actors
        .iter()
        .zip(&row.article)
        .filter_map(|(actor, position)| {
            let position = position.as_ref().filter(|position| position.value.is_finite())?;
            Some(forecast::ForecastActor {
                actor: String::new(),
                capability: actor.capability,
                position: position.value,
                salience: if position.salience.is_finite() { position.salience } else { 0.0 },
            })
        })
        .collect();
    lines(&actors)
}

fn forecast_view(project: &Project, issue: &IssueId) -> Option<ForecastView> {
    let result = forecast::forecast_issue(project, issue, None)?;
    let scale = (result.scale_min, result.scale_max);
    let run = forecast::bdm(&result.actors, scale, &BdmOptions::default());
    let sensitivity = forecast::sensitivity(&result.actors, scale);
    Some(ForecastView { result, run, sensitivity })
}

pub mod by_issue;
#[cfg(test)]
mod tests;
