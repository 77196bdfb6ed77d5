//! The coding workspace's session logic: suggested stances for the current article, a cursor
//! through them, and accepting (a normal position with its evidence, one undo step) or rejecting
//! (remembered in the project, one undo step) — never applied without the analyst asking.
//!
//! The session recomputes the current article's suggestions when a command arrives, so a command
//! is checked against what the suggester says, not against what a widget believed. What the views
//! draw comes from [`SuggestionCache`], one entry of the [`super::derived::Derived`] store: the
//! current article's rows (recomputed when the document changes) and the whole project's
//! suggestions, computed on worker threads in the background with progress.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;

use super::Session;
use super::command::{Command, MarkerRef};
use super::effect::Effect;
use crate::analysis::suggest::{Suggester, Suggestion, learn, suggest_many};
use crate::model::{
    Actor, ArticleId, CoderId, Edit, Evidence, Issue, IssueId, Position, Project, RejectedSuggestion, ids::stable_hash,
};

/// Which suggestion a command means: its actor, issue and sentence.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SuggestionKey {
    /// The actor suggested.
    pub actor: crate::model::ActorId,
    /// The issue.
    pub issue: crate::model::IssueId,
    /// Sentence start (byte offset).
    pub start: usize,
    /// Sentence end (byte offset).
    pub end: usize,
}

impl SuggestionKey {
    /// The key of a suggestion.
    pub fn of(suggestion: &Suggestion) -> Self {
        Self {
            actor: suggestion.actor.clone(),
            issue: suggestion.issue.clone(),
            start: suggestion.start,
            end: suggestion.end,
        }
    }
}

/// What has become of a suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestionStatus {
    /// Waiting for the analyst.
    Open,
    /// The current coder's position for it quotes its sentence.
    Accepted,
    /// The analyst rejected it for this article.
    Rejected,
}

/// One suggestion of the current article with its status.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestionRow {
    /// The suggestion.
    pub suggestion: Suggestion,
    /// Open, accepted or rejected.
    pub status: SuggestionStatus,
}

/// The session's place in the current article's suggestions.
#[derive(Debug, Default)]
pub(super) struct CodingState {
    /// Index into the open suggestions of `article`.
    cursor: usize,
    /// The article the cursor belongs to.
    article: Option<ArticleId>,
}

/// The current article's suggestions with their status, for `coder`.
pub fn suggestion_rows(project: &Project, article: Option<&ArticleId>, coder: &CoderId) -> Vec<SuggestionRow> {
    let Some(article) = article.and_then(|id| project.article(id)) else { return Vec::new() };
    let suggestions = Suggester::for_project(project, &[]).suggest(&article.text);
    rows_with_status(project, &article.id, coder, suggestions)
}

/// What an article's suggestions depend on: its text and the project's suggestion input (`input`,
/// [`suggestion_input_key`]: actors, issues, what the coding teaches; not the positions' values,
/// which only decide each one's status), so dragging a marker does not re-read the article.
fn article_suggestions_key(project: &Project, article: &ArticleId, input: u64) -> Option<(u64, ArticleId, u64)> {
    let text = &project.article(article)?.text;
    Some((input, article.clone(), stable_hash(text.as_bytes())))
}

/// `suggestions` of `article` with their status for `coder`: accepted when the position quotes
/// the sentence, rejected when the project says so, else open.
fn rows_with_status(
    project: &Project,
    article: &ArticleId,
    coder: &CoderId,
    suggestions: Vec<Suggestion>,
) -> Vec<SuggestionRow> {
    suggestions
        .into_iter()
        .map(|suggestion| {
            let key = crate::model::PositionKey {
                issue: suggestion.issue.clone(),
                actor: suggestion.actor.clone(),
                article: Some(article.clone()),
                coder: coder.clone(),
            };
            let accepted = project.positions.get(&key).is_some_and(|position| {
                position.evidence.iter().any(|e| e.start == suggestion.start && e.end == suggestion.end)
            });
            let rejection = rejection_of(article, &suggestion);
            let status = if accepted {
                SuggestionStatus::Accepted
            } else if project.rejected_suggestions.contains(&rejection) {
                SuggestionStatus::Rejected
            } else {
                SuggestionStatus::Open
            };
            SuggestionRow { suggestion, status }
        })
        .collect()
}

fn rejection_of(article: &ArticleId, suggestion: &Suggestion) -> RejectedSuggestion {
    RejectedSuggestion {
        article: article.clone(),
        actor: suggestion.actor.clone(),
        issue: suggestion.issue.clone(),
        start: suggestion.start,
        end: suggestion.end,
    }
}

impl Session {
    /// The current article's suggestions with their status (computed now; views read the cached
    /// [`SuggestionCache::rows`] instead).
    pub fn suggestion_rows(&self) -> Vec<SuggestionRow> {
        suggestion_rows(self.project(), self.article(), self.coder())
    }

    /// Which open suggestion of the current article Enter and Backspace act on (an index into the
    /// open ones, in reading order).
    pub fn suggestion_cursor(&self) -> usize {
        if self.coding.article.as_ref() == self.article() { self.coding.cursor } else { 0 }
    }

    /// Applies the coding commands: accept, reject, move the cursor.
    pub(super) fn apply_coding(&mut self, command: Command, effects: &mut Vec<Effect>) {
        let open: Vec<Suggestion> = self
            .suggestion_rows()
            .into_iter()
            .filter(|row| row.status == SuggestionStatus::Open)
            .map(|row| row.suggestion)
            .collect();
        let cursor = self.suggestion_cursor().min(open.len().saturating_sub(1));
        let chosen = |key: &Option<SuggestionKey>| -> Option<&Suggestion> {
            match key {
                Some(key) => open.iter().find(|s| &SuggestionKey::of(s) == key),
                None => open.get(cursor),
            }
        };
        match command {
            Command::AcceptSuggestion(key) => {
                if let Some(suggestion) = chosen(&key).cloned() {
                    self.accept_suggestion(&suggestion, effects);
                }
            }
            Command::RejectSuggestion(key) => {
                if let Some(suggestion) = chosen(&key).cloned() {
                    self.reject_suggestion(&suggestion, effects);
                }
            }
            Command::StepSuggestion(step) => {
                let last = open.len().saturating_sub(1) as isize;
                self.set_cursor((cursor as isize + step).clamp(0, last.max(0)) as usize);
            }
            Command::FocusSuggestion(key) => {
                if let Some(index) = open.iter().position(|s| SuggestionKey::of(s) == key) {
                    self.set_cursor(index);
                }
            }
            Command::ForgetLearntPhrase { issue, phrase, forget } => {
                self.forget_learnt_phrase(&issue, &phrase, forget, effects);
            }
            _ => {}
        }
    }

    /// Adds the phrase to (or takes it off) the issue's forgotten phrases; one undo step.
    fn forget_learnt_phrase(&mut self, issue: &IssueId, phrase: &str, forget: bool, effects: &mut Vec<Effect>) {
        let phrase = phrase.trim().to_lowercase();
        let Some(current) = self.project().issue(issue) else { return };
        if phrase.is_empty() || current.forgotten_phrases.contains(&phrase) == forget {
            return;
        }
        let mut changed = current.clone();
        if forget {
            changed.forgotten_phrases.push(phrase.clone());
            changed.forgotten_phrases.sort();
        } else {
            changed.forgotten_phrases.retain(|forgotten| forgotten != &phrase);
        }
        let verb = if forget { "forget" } else { "learn again" };
        let label = format!("{verb} phrase “{phrase}” of {}", changed.name);
        // Replaced in place: the issue keeps its place on the axes.
        self.commit(Edit::PutIssue { index: 0, issue: Box::new(changed) }, None, label, effects);
    }

    fn set_cursor(&mut self, cursor: usize) {
        self.coding = CodingState { cursor, article: self.article().cloned() };
    }

    /// A normal position for the suggestion, its sentence as evidence; one undo step. A position
    /// the coder already placed keeps its value and gains the quote.
    fn accept_suggestion(&mut self, suggestion: &Suggestion, effects: &mut Vec<Effect>) {
        let Some(article) = self.article().and_then(|id| self.project().article(id)) else { return };
        let Some(evidence) = Evidence::from_span(&article.text, suggestion.start, suggestion.end) else { return };
        let key = self.position_key(&suggestion.actor, &suggestion.issue);
        let from = self.project().positions.get(&key).map(|position| position.value);
        let mut position = self.project().positions.get(&key).cloned().unwrap_or_else(|| {
            let mut position = Position::new(&key, suggestion.value);
            position.confidence = suggestion.confidence;
            position
        });
        // The position's history says who accepted which quote, as for any added quote.
        let quote = evidence.quote.clone();
        let coder = self.coder().clone();
        super::trash::record_change(&mut position, &coder, from, false, (vec![quote], Vec::new()));
        position.evidence.push(evidence);
        position.evidence.sort_by_key(|evidence| (evidence.start, evidence.end));
        position.updated = crate::model::now_rfc3339().into();
        let label = format!("accept suggestion {}", self.marker_name(&key));
        self.selected_marker = Some(MarkerRef { actor: key.actor.clone(), issue: key.issue.clone() });
        self.commit(Edit::set_position(position), None, label, effects);
    }

    /// Remembers the rejection in the project (so it is not offered again); one undo step.
    fn reject_suggestion(&mut self, suggestion: &Suggestion, effects: &mut Vec<Effect>) {
        let Some(article) = self.article().cloned() else { return };
        let key = self.position_key(&suggestion.actor, &suggestion.issue);
        let label = format!("reject suggestion {}", self.marker_name(&key));
        let edit = Edit::SetRejected { rejection: Box::new(rejection_of(&article, suggestion)), rejected: true };
        self.commit(edit, None, label, effects);
    }
}

/// Counts of the current article's suggestions by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SuggestionCounts {
    /// Waiting.
    pub open: usize,
    /// Accepted.
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
}

/// The whole project's suggestions, article by article (in the project's article order).
pub type ProjectSuggestions = Vec<(ArticleId, Vec<Suggestion>)>;

/// A background run of the suggester over every article.
struct Job {
    key: u64,
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    handle: JoinHandle<ProjectSuggestions>,
}

/// The suggestion entry of the derived store.
#[derive(Default)]
pub struct SuggestionCache {
    rows_key: Option<(u64, Option<ArticleId>, CoderId)>,
    rows: Vec<SuggestionRow>,
    /// What the coding teaches ([`learn::learn`]), the suggestion input it was learnt from, and
    /// the hash of the patterns (with the actors and issues): what an article's suggestions read.
    learnt: Option<(u64, Arc<Vec<learn::LearntPattern>>, u64)>,
    /// Each issue's learnt patterns with the key of what they were learnt from (the issue's
    /// quotes and sides, the actors, issues and rejections): a drag that moves a quoted marker
    /// across the middle learns that issue again, not the whole project's quotes.
    learnt_by_issue: std::collections::HashMap<IssueId, (u64, Vec<learn::LearntPattern>)>,
    /// The current article's suggestions before their status, and what they were computed from.
    article_suggestions: Option<((u64, ArticleId, u64), Vec<Suggestion>)>,
    /// The document shape the project key was last checked at: the key reads only the actors, the
    /// issues and the articles, which change only with the shape, and computing it is a pass over
    /// every article (milliseconds on a 10,000-article corpus, every frame of a drag otherwise).
    checked_shape: Option<u64>,
    project_key: Option<u64>,
    project: Option<Arc<ProjectSuggestions>>,
    job: Option<Job>,
    /// The suggestion input's key, kept per issue.
    input_key: SuggestionInputKey,
}

impl std::fmt::Debug for SuggestionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuggestionCache").field("rows", &self.rows.len()).field("running", &self.job.is_some()).finish()
    }
}

impl Drop for SuggestionCache {
    fn drop(&mut self) {
        if let Some(job) = &self.job {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }
}

impl SuggestionCache {
    /// Brings the rows of the current article up to date (unless `hold` and there are rows) and
    /// starts or collects the background run. True when anything changed.
    pub fn refresh(&mut self, session: &Session, hold: bool) -> bool {
        let key = (session.generation(), session.article().cloned(), session.coder().clone());
        let mut changed = false;
        let same_article = self.rows_key.as_ref().is_some_and(|(_, article, _)| article.as_ref() == session.article());
        if self.rows_key.as_ref() != Some(&key) && !(hold && same_article) {
            self.rows = self.current_rows(session, session.article(), session.coder());
            self.rows_key = Some(key);
            changed = true;
        }
        if self.checked_shape != Some(session.shape()) {
            self.checked_shape = Some(session.shape());
            let project_key = self.input_key.of(session.project(), Some(session.shape()));
            if self.project_key != Some(project_key) && self.job.as_ref().is_none_or(|job| job.key != project_key) {
                self.start_job(session.project(), project_key);
            }
        }
        if self.job.as_ref().is_some_and(|job| job.handle.is_finished())
            && let Some(job) = self.job.take()
            && let Ok(result) = job.handle.join()
        {
            self.project = Some(Arc::new(result));
            self.project_key = Some(job.key);
            changed = true;
        }
        changed
    }

    /// As [`suggestion_rows`], reading the article again only when its text, the actors or the
    /// issues changed.
    fn current_rows(&mut self, session: &Session, article: Option<&ArticleId>, coder: &CoderId) -> Vec<SuggestionRow> {
        let project = session.project();
        let input = self.input_key.of(project, Some(session.shape()));
        let (learnt, learnt_hash) = self.learnt_for(project, input);
        let Some(key) = article.and_then(|article| article_suggestions_key(project, article, learnt_hash)) else {
            return Vec::new();
        };
        let suggestions = match &self.article_suggestions {
            Some((computed_for, suggestions)) if computed_for == &key => suggestions.clone(),
            _ => {
                let text = project.article(&key.1).map(|article| article.text.as_str()).unwrap_or_default();
                let suggestions = Suggester::with_learnt(&project.actors, &project.issues, &learnt).suggest(text);
                self.article_suggestions = Some((key.clone(), suggestions.clone()));
                suggestions
            }
        };
        rows_with_status(project, &key.1, coder, suggestions)
    }

    /// What the coding teaches for suggestion input `input` (kept while it stays), and the hash
    /// an article's suggestions are keyed on. Only the issues whose quotes or sides changed are
    /// learnt again.
    fn learnt_for(&mut self, project: &Project, input: u64) -> (Arc<Vec<learn::LearntPattern>>, u64) {
        use std::hash::{Hash, Hasher};
        if let Some((learnt_from, learnt, hash)) = &self.learnt
            && *learnt_from == input
        {
            return (learnt.clone(), *hash);
        }
        // What every issue's learning reads besides its own positions.
        let lists = self.input_key.lists_share(project);
        let mut context = std::hash::DefaultHasher::new();
        lists.hash(&mut context);
        for rejected in &project.rejected_suggestions {
            (&rejected.article, &rejected.issue, rejected.start, rejected.end).hash(&mut context);
        }
        let context = context.finish();
        self.learnt_by_issue.retain(|issue, _| project.issue(issue).is_some());
        let mut learner = None;
        let mut all = Vec::new();
        for issue in learn::issue_order(project) {
            let mut key = std::hash::DefaultHasher::new();
            (context, self.input_key.issue_share(issue)).hash(&mut key);
            let key = key.finish();
            match self.learnt_by_issue.get(issue) {
                Some((kept, patterns)) if *kept == key => all.extend(patterns.iter().cloned()),
                _ => {
                    let learner = learner.get_or_insert_with(|| learn::Learner::new(project, &[]));
                    let patterns = learner.issue(project, issue);
                    all.extend(patterns.iter().cloned());
                    self.learnt_by_issue.insert(issue.clone(), (key, patterns));
                }
            }
        }
        let mut hash = std::hash::DefaultHasher::new();
        (lists, &all).hash(&mut hash);
        let hash = hash.finish();
        let learnt = Arc::new(all);
        self.learnt = Some((input, learnt.clone(), hash));
        (learnt, hash)
    }

    /// Waits for the run over every article in flight, if any, and takes its result (for tests and
    /// tools). True when one finished.
    pub fn wait(&mut self) -> bool {
        let Some(job) = self.job.take() else { return false };
        match job.handle.join() {
            Ok(result) => {
                self.project = Some(Arc::new(result));
                self.project_key = Some(job.key);
                true
            }
            Err(_) => false,
        }
    }

    fn start_job(&mut self, project: &Project, key: u64) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
        }
        let actors: Vec<Actor> = project.actors.clone();
        let issues: Vec<Issue> = project.issues.clone();
        let learnt = self.learnt_for(project, key).0;
        let articles: Vec<(ArticleId, String)> =
            project.articles.iter().map(|article| (article.id.clone(), article.text.clone())).collect();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let total = articles.len();
        let (job_done, job_cancel) = (done.clone(), cancel.clone());
        let spawned = super::background::spawn_worker("stancemap-suggestions", move || {
            let suggester = Suggester::with_learnt(&actors, &issues, &learnt);
            let texts: Vec<&str> = articles.iter().map(|(_, text)| text.as_str()).collect();
            let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
            let results = suggest_many(&suggester, &texts, threads, &job_done, &job_cancel);
            articles.iter().map(|(id, _)| id.clone()).zip(results).collect()
        });
        match spawned {
            Ok(handle) => self.job = Some(Job { key, done, total, cancel, handle }),
            // The open article's own suggestions are read inline; only the corpus-wide ones wait.
            Err(error) => eprintln!("stancemap: cannot start reading suggestions: {error}"),
        }
    }

    /// The phrases the project's coding teaches the suggester (none before the first refresh).
    pub fn learnt(&self) -> &[learn::LearntPattern] {
        self.learnt.as_ref().map_or(&[], |(_, learnt, _)| learnt.as_slice())
    }

    /// The current article's suggestions with their status.
    pub fn rows(&self) -> &[SuggestionRow] {
        &self.rows
    }

    /// The current article's open suggestions, in reading order.
    pub fn open(&self) -> impl Iterator<Item = &Suggestion> {
        self.rows.iter().filter(|row| row.status == SuggestionStatus::Open).map(|row| &row.suggestion)
    }

    /// How many of the current article's suggestions are open, accepted and rejected.
    pub fn counts(&self) -> SuggestionCounts {
        let mut counts = SuggestionCounts::default();
        for row in &self.rows {
            match row.status {
                SuggestionStatus::Open => counts.open += 1,
                SuggestionStatus::Accepted => counts.accepted += 1,
                SuggestionStatus::Rejected => counts.rejected += 1,
            }
        }
        counts
    }

    /// While the background run is going: (articles done, articles in all).
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job.as_ref().map(|job| (job.done.load(Ordering::Relaxed).min(job.total), job.total))
    }

    /// Every article's suggestions, once the background run has finished (the last finished run
    /// while a newer one is going).
    pub fn project_suggestions(&self) -> Option<&ProjectSuggestions> {
        self.project.as_deref()
    }
}

/// What the whole-project suggestions depend on: names, keywords, poles, parents, the articles
/// (whose text never changes in place) and what the coding teaches ([`learn::learn`]: coded
/// quotes and rejected suggestions). See [`SuggestionInputKey`] for the one kept per cache.
pub(super) fn suggestion_input_key(project: &Project) -> u64 {
    SuggestionInputKey::default().of(project, None)
}

/// [`suggestion_input_key`], remembering each issue's share: a drag's release changes one issue's
/// positions, and a pass over every quoted position of a 500,000-position corpus took ~10 ms of
/// the release frame. An issue's share is read again only when its positions changed
/// ([`crate::model::Positions::issue_version`]), and the actors', issues' and articles' share only
/// when the document's shape changed (10,000 articles); the rejections are hashed each time.
#[derive(Debug, Default)]
pub(super) struct SuggestionInputKey {
    /// Issue → (the version of its positions, the hash of what learning reads of them).
    by_issue: std::collections::HashMap<IssueId, (u64, u64)>,
    /// (the document shape, the hash of the actors, issues and articles at that shape).
    lists: Option<(u64, u64)>,
}

impl SuggestionInputKey {
    /// The hash of the actors, issues and articles as last read by [`Self::of`] (read anew when
    /// no shape was given).
    pub(super) fn lists_share(&self, project: &Project) -> u64 {
        self.lists.map_or_else(|| lists_share(project), |(_, lists)| lists)
    }

    /// The hash of what learning reads of `issue`'s positions as last read by [`Self::of`] (0 for
    /// an issue without positions).
    pub(super) fn issue_share(&self, issue: &IssueId) -> u64 {
        self.by_issue.get(issue).map_or(0, |&(_, share)| share)
    }

    /// The key of `project`, whose document has `shape` (`None`: unknown, all read anew): equal
    /// keys mean equal inputs.
    pub(super) fn of(&mut self, project: &Project, shape: Option<u64>) -> u64 {
        use std::hash::{Hash, Hasher};
        let lists = match (self.lists, shape) {
            (Some((seen, lists)), Some(shape)) if seen == shape => lists,
            _ => {
                let lists = lists_share(project);
                self.lists = shape.map(|shape| (shape, lists));
                lists
            }
        };
        let mut hasher = std::hash::DefaultHasher::new();
        lists.hash(&mut hasher);
        self.by_issue.retain(|issue, _| project.positions.issue_version(issue) != 0);
        for issue in project.positions.issues() {
            let version = project.positions.issue_version(issue);
            let share = match self.by_issue.get(issue) {
                Some(&(seen, share)) if seen == version => share,
                _ => {
                    let share = issue_share(project, issue);
                    self.by_issue.insert(issue.clone(), (version, share));
                    share
                }
            };
            (issue, share).hash(&mut hasher);
        }
        for rejected in &project.rejected_suggestions {
            (&rejected.article, &rejected.issue, rejected.start, rejected.end).hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// What suggesting reads of the actors (names, parents), issues (keywords, poles, phrases) and
/// articles (whose text never changes in place): these change only with the document's shape.
fn lists_share(project: &Project) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for actor in &project.actors {
        (&actor.id, &actor.parent).hash(&mut hasher);
        for name in actor.names() {
            name.hash(&mut hasher);
        }
        0xffu8.hash(&mut hasher);
    }
    for issue in &project.issues {
        let (low, high) = issue.bounds();
        (&issue.id, &issue.high_label, low.to_bits(), high.to_bits(), &issue.keywords).hash(&mut hasher);
        issue.pole_phrases.as_ref().map(|phrases| (&phrases.low, &phrases.high)).hash(&mut hasher);
        issue.forgotten_phrases.hash(&mut hasher);
    }
    for article in &project.articles {
        (&article.id, article.text.len()).hash(&mut hasher);
    }
    hasher.finish()
}

/// What learning reads of `issue`'s quoted positions: each one's side of the middle (only that
/// matters, so dragging a marker within its half re-reads nothing) and its quotes.
fn issue_share(project: &Project, issue: &IssueId) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    let middle = project.issue(issue).map(|issue| {
        let (low, high) = issue.bounds();
        (low + high) / 2.0
    });
    for position in project.positions.on_issue(issue).filter(|position| !position.evidence.is_empty()) {
        let side = middle.map_or(0, |middle| (position.value - middle).signum() as i8);
        side.hash(&mut hasher);
        for evidence in &position.evidence {
            evidence.quote.hash(&mut hasher);
        }
        0xffu8.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn what_is_learnt_issue_by_issue_equals_learning_the_whole_project_after_each_edit() {
        use crate::session::command::Gesture;
        let mut session = Session::new(presets::sample_project(), None);
        let mut cache = SuggestionCache::default();
        let check = |session: &Session, cache: &mut SuggestionCache| {
            cache.refresh(session, false);
            assert_eq!(cache.learnt(), learn::learn(session.project(), &[]).as_slice(), "kept = learnt anew");
        };
        check(&session, &mut cache);
        let quoted: Vec<Position> =
            session.project().positions.iter().filter(|p| !p.evidence.is_empty()).cloned().collect();
        assert!(quoted.len() >= 2, "the sample quotes");
        for position in quoted.iter().take(4) {
            let issue = session.project().issue(&position.issue).expect("its issue").clone();
            let (low, high) = issue.bounds();
            // Across the middle and back: the issue's phrases change sides, then come back.
            let other_side = if position.value > (low + high) / 2.0 { low } else { high };
            session.apply(Command::SetPosition { key: position.key(), value: other_side, gesture: Gesture::Once });
            check(&session, &mut cache);
            session.apply(Command::SetPosition { key: position.key(), value: position.value, gesture: Gesture::Once });
            check(&session, &mut cache);
        }
        // Undo everything, then accept a suggestion (a new quote).
        while session.document().can_undo() {
            session.apply(Command::Undo);
            check(&session, &mut cache);
        }
        session.apply(Command::AcceptSuggestion(None));
        check(&session, &mut cache);
    }

    #[test]
    fn the_kept_input_key_follows_quotes_and_sides_of_the_middle_as_a_fresh_one_does() {
        use crate::session::command::Gesture;
        let mut session = Session::new(presets::sample_project(), None);
        let mut kept = SuggestionInputKey::default();
        let key = |session: &Session, kept: &mut SuggestionInputKey| {
            let key = kept.of(session.project(), Some(session.shape()));
            assert_eq!(key, suggestion_input_key(session.project()), "the kept key is the fresh one");
            key
        };
        let first = key(&session, &mut kept);
        let quoted = session.project().positions.iter().find(|p| !p.evidence.is_empty()).expect("a quote").clone();
        let issue = session.project().issue(&quoted.issue).expect("its issue").clone();
        let (low, high) = issue.bounds();
        let middle = (low + high) / 2.0;
        let same_side = if quoted.value > middle { (quoted.value + high) / 2.0 } else { (quoted.value + low) / 2.0 };
        let other_side = if quoted.value > middle { low } else { high };
        // A drag within its half: learning would read the same, so the key stays.
        session.apply(Command::SetPosition { key: quoted.key(), value: same_side, gesture: Gesture::Once });
        assert_eq!(key(&session, &mut kept), first);
        // Across the middle: the quote now teaches the other pole.
        session.apply(Command::SetPosition { key: quoted.key(), value: other_side, gesture: Gesture::Once });
        let crossed = key(&session, &mut kept);
        assert_ne!(crossed, first);
        // An actor renamed (a new shape) changes it too.
        let mut actor = session.project().actors[0].clone();
        actor.name.push_str(" (renamed)");
        let aliases_text = actor.aliases.join("\n");
        let draft = crate::session::command::ActorDraft { original: Some(actor.id.clone()), actor, aliases_text };
        session.apply(Command::SaveActor(Box::new(draft)));
        assert_ne!(key(&session, &mut kept), crossed);
    }

    #[test]
    fn accepting_a_suggestion_updates_its_status_and_what_the_suggester_learnt() {
        let mut session = Session::new(presets::sample_project(), None);
        let mut cache = SuggestionCache::default();
        cache.refresh(&session, false);
        assert!(cache.rows().iter().any(|row| row.status == SuggestionStatus::Open), "the sample has suggestions");
        let learnt_before = learn::learn(session.project(), &[]);

        session.apply(Command::AcceptSuggestion(None));
        assert!(cache.refresh(&session, false));
        assert!(cache.rows().iter().any(|row| row.status == SuggestionStatus::Accepted));
        assert_ne!(learn::learn(session.project(), &[]), learnt_before, "the accepted quote teaches phrases");
        assert_eq!(cache.rows(), suggestion_rows(session.project(), session.article(), session.coder()).as_slice());
    }

    #[test]
    fn a_renamed_issue_keyword_reads_the_article_again() {
        let mut project = presets::sample_project();
        let session = Session::new(project.clone(), None);
        let mut cache = SuggestionCache::default();
        cache.refresh(&session, false);
        let first = cache.article_suggestions.as_ref().map(|(key, _)| key.clone());
        project.issues[0].keywords.push("ceasefire talks".into());
        let changed = Session::new(project, None);
        let rows = cache.current_rows(&changed, changed.article(), changed.coder());
        assert_ne!(cache.article_suggestions.as_ref().map(|(key, _)| key.clone()), first);
        assert_eq!(rows, suggestion_rows(changed.project(), changed.article(), changed.coder()));
    }
}
