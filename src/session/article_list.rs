//! The article list's session side: its filter (view state, not an edit: kept when the project is
//! reloaded or another one opened, minus an actor or issue that project lacks), stepping through
//! the articles the filter shows, and "Mark article done" (an edit, one undo step, saved in the
//! file). The keyboard's way to the markers starts here too: "Focus first marker".
//!
//! [`ArticleListCache`] is the list's entry in the [`super::derived::Derived`] store: what each
//! article's text mentions (recomputed only when names, keywords or articles change), what has been
//! coded from each (on every edit, held during a drag, off the UI thread on a corpus) and the
//! filtered list with its counts. The session itself steps with the same pure functions
//! ([`crate::analysis::article_filter`]), so a key press is checked against the project as it is,
//! not against what was last drawn.

use std::sync::Arc;

use super::Session;
use super::background::{Job, Snapshot};
use super::command::{Command, MarkerRef};
use super::effect::Effect;
use crate::analysis::article_filter::{
    ArticleFilter, CodingFacts, FilteredArticles, TextFacts, coding_facts, filter_articles, step_within, text_facts,
};
use crate::model::{CoderId, DoneMark, Edit};

impl Session {
    /// What the article list shows.
    pub fn article_filter(&self) -> &ArticleFilter {
        &self.article_filter
    }

    /// Indices (in the project's article order) of the articles the filter shows.
    pub fn visible_articles(&self) -> Vec<usize> {
        let project = self.project();
        if !self.article_filter.is_active() {
            return (0..project.articles.len()).collect();
        }
        // Only the actor and issue filters read the texts; the scan is skipped without them.
        let text = if self.article_filter.reads_text() { text_facts(project) } else { TextFacts::default() };
        filter_articles(project, &text, &coding_facts(project, &self.coder), &self.article_filter).shown
    }

    /// True when the current coder marked the current article done.
    pub fn article_done(&self) -> bool {
        self.article.as_ref().is_some_and(|article| self.project().is_done(article, &self.coder))
    }

    /// Applies the article list's commands.
    pub(super) fn apply_article_list(&mut self, command: Command, effects: &mut Vec<Effect>) {
        match command {
            Command::SetArticleFilter(filter) => {
                self.article_filter = *filter;
                // A filter restored from an earlier run may name an actor or issue since deleted.
                self.keep_article_filter_valid();
            }
            Command::StepArticle(step) => self.step_article(step, effects),
            Command::ToggleArticleDone => self.toggle_article_done(effects),
            Command::FocusFirstMarker => self.focus_first_marker(effects),
            _ => {}
        }
    }

    /// Shows the next (`step` > 0) or previous shown article.
    fn step_article(&mut self, step: isize, effects: &mut Vec<Effect>) {
        let articles = &self.document.project.articles;
        let current = self.article.as_ref().and_then(|id| articles.iter().position(|article| &article.id == id));
        let Some(next) = step_within(&self.visible_articles(), current, step) else { return };
        let id = self.document.project.articles[next].id.clone();
        if self.article.as_ref() != Some(&id) {
            self.article = Some(id);
            effects.push(Effect::ArticleShown);
        }
    }

    fn toggle_article_done(&mut self, effects: &mut Vec<Effect>) {
        let Some(article) = self.article.clone() else { return };
        let done = !self.project().is_done(&article, &self.coder);
        let label = if done { "mark article done" } else { "mark article not done" };
        let mark = DoneMark { article, coder: self.coder.clone() };
        self.commit(Edit::SetDone { mark, done }, None, label.into(), effects);
    }

    /// Selects the first actor's marker on the first axis and asks for the keyboard to go to it.
    fn focus_first_marker(&mut self, effects: &mut Vec<Effect>) {
        let project = self.project();
        let (Some(actor), Some(issue)) = (project.actors.first(), project.issues.first()) else { return };
        let marker = MarkerRef { actor: actor.id.clone(), issue: issue.id.clone() };
        self.selected_marker = Some(marker.clone());
        effects.push(Effect::FocusMarker(marker));
    }

    /// After another project is opened: an actor or issue it lacks is dropped from the filter.
    pub(super) fn keep_article_filter_valid(&mut self) {
        let project = &self.document.project;
        if self.article_filter.actor.as_ref().is_some_and(|id| project.actor(id).is_none()) {
            self.article_filter.actor = None;
        }
        if self.article_filter.issue.as_ref().is_some_and(|id| project.issue(id).is_none()) {
            self.article_filter.issue = None;
        }
    }
}

/// What the text facts were computed for: (names, keywords and articles; the lists' shape).
type TextKey = (u64, u64);

/// What the coding facts were computed for: (tally, shape, coder). Their actor, issue and
/// article indices hold only for that shape.
type CodingKey = (u64, u64, CoderId);

/// What is shown until the first coding facts arrive: nothing coded.
static NO_CODING: CodingFacts =
    CodingFacts { coded: Vec::new(), actors: Vec::new(), issues: Vec::new(), done: Vec::new(), assigned: Vec::new() };

/// The article list's entry of the derived store.
#[derive(Debug, Default)]
pub struct ArticleListCache {
    /// The document shape the text key was last checked at: names, keywords and articles change
    /// only with the shape, and the key is a pass over every article.
    checked_shape: Option<u64>,
    /// The shape of the project's lists at the last refresh: coding facts computed for another
    /// shape (arriving from a worker that started before an actor was deleted) are not used.
    shape: u64,
    /// What the text facts depend on: (names, keywords and articles; the lists' shape).
    text_key: Option<TextKey>,
    text: Arc<TextFacts>,
    /// What has been coded from each article: a scan of every position, so on a corpus it is
    /// computed off the UI thread (a drag's release would otherwise spend ~6 ms of its frame here).
    coding: Job<CodingKey, CodingFacts>,
    /// (text key, coding key, filter).
    list_key: Option<(Option<TextKey>, Option<CodingKey>, ArticleFilter)>,
    list: FilteredArticles,
}

impl ArticleListCache {
    /// Brings the facts and the filtered list up to date with `session` (the coding facts come from
    /// `snapshot`'s worker on a large project and are held while `hold`, as during a drag, once
    /// they exist). True when the coding facts shown, the list or its counts changed.
    pub fn refresh(&mut self, session: &Session, hold: bool, snapshot: &mut Snapshot<'_>) -> bool {
        let project = session.project();
        if self.checked_shape != Some(session.shape()) {
            self.checked_shape = Some(session.shape());
            let key = (super::coding::suggestion_input_key(project), session.shape());
            if self.text_key != Some(key) {
                self.text = Arc::new(text_facts(project));
                self.text_key = Some(key);
            }
        }
        let coder = session.coder().clone();
        self.shape = session.shape();
        // The facts count what is coded, not where: a drag keeps them (see `Session::tally`).
        let coding_key = (session.tally(), self.shape, coder.clone());
        // New facts change each article's "N coded" even when the filtered list stays the same.
        // Facts for other lists are not shown, so they are not held either.
        let hold = hold && self.coding.shown().is_some_and(|((_, shape, _), _)| *shape == self.shape);
        let facts_changed =
            self.coding.refresh(coding_key, hold, snapshot, move |project| coding_facts(project, &coder));
        let shown_key = self.coding.shown().map(|(key, _)| key.clone());
        let list_key = (self.text_key, shown_key, session.article_filter().clone());
        if self.list_key.as_ref() == Some(&list_key) {
            return facts_changed;
        }
        let list = filter_articles(project, &self.text, self.coding(), session.article_filter());
        self.list_key = Some(list_key);
        let list_changed = list != self.list;
        self.list = list;
        facts_changed || list_changed
    }

    /// The filtered list with its counts, as last computed.
    pub fn list(&self) -> &FilteredArticles {
        &self.list
    }

    /// What has been coded from each article by the current coder, as last computed for the
    /// project's current lists (nothing while facts for the current lists are computed after an
    /// actor, issue or article was added or removed: their indices would point elsewhere).
    pub fn coding(&self) -> &CodingFacts {
        match self.coding.shown() {
            Some(((_, shape, _), facts)) if *shape == self.shape => facts,
            _ => &NO_CODING,
        }
    }

    /// True while coding facts are computed in the background.
    pub fn is_computing(&self) -> bool {
        self.coding.is_running()
    }

    /// Waits for the coding facts in flight, if any (for tests and tools).
    pub fn wait(&mut self) -> bool {
        self.coding.wait()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::article_filter::CodingStatus;
    use crate::model::{Article, Project, presets};

    /// The sample with five more articles, dated a month apart from 2025-01 on.
    fn six_articles() -> Session {
        let mut project = presets::sample_project();
        for month in 1..=5 {
            project.articles.push(Article {
                id: format!("extra-{month}").as_str().into(),
                title: format!("Extra {month}"),
                date: format!("2025-0{month}-01"),
                text: if month % 2 == 0 { "Kyiv answered.".into() } else { "Nothing of note.".into() },
                ..Article::default()
            });
        }
        Session::new(project, None)
    }

    fn current(session: &Session) -> String {
        session.article().map(ToString::to_string).unwrap_or_default()
    }

    #[test]
    fn marking_done_is_one_undo_step_for_this_coder_and_article() {
        let mut session = six_articles();
        let article = session.article().cloned().unwrap();
        session.apply(Command::ToggleArticleDone);
        assert!(session.article_done());
        assert_eq!(session.document().undo_label(), Some("mark article done"));
        assert!(session.project().is_done(&article, session.coder()));
        session.apply(Command::Undo);
        assert!(!session.article_done() && session.project().done_articles.is_empty());
        session.apply(Command::Redo);
        session.apply(Command::ToggleArticleDone);
        assert!(!session.article_done());
        assert_eq!(session.document().undo_label(), Some("mark article not done"));
    }

    #[test]
    fn stepping_stays_within_the_filter() {
        let mut session = six_articles();
        let ukraine = ArticleFilter { actor: Some("ukraine".into()), ..ArticleFilter::default() };
        session.apply(Command::SetArticleFilter(Box::new(ukraine)));
        assert!(!session.document().is_dirty(), "a filter is not an edit");
        // The sample's seed article names Ukraine; of the extras only the even months do.
        assert_eq!(session.visible_articles(), vec![0, 2, 4]);
        session.apply(Command::StepArticle(1));
        assert_eq!(current(&session), "extra-2");
        session.apply(Command::StepArticle(1));
        assert_eq!(current(&session), "extra-4");
        session.apply(Command::StepArticle(1));
        assert_eq!(current(&session), "extra-4", "the last shown stays");
        session.apply(Command::StepArticle(-1));
        assert_eq!(current(&session), "extra-2");

        // Done articles only: mark one, step from elsewhere lands on it.
        session.apply(Command::ToggleArticleDone);
        let done = ArticleFilter { status: Some(CodingStatus::Done), ..ArticleFilter::default() };
        session.apply(Command::SetArticleFilter(Box::new(done)));
        session.apply(Command::SelectArticle("extra-5".into()));
        session.apply(Command::StepArticle(-1));
        assert_eq!(current(&session), "extra-2");
    }

    #[test]
    fn the_filter_is_kept_when_another_project_opens_minus_what_it_lacks() {
        let mut session = six_articles();
        let filter = ArticleFilter {
            actor: Some("ukraine".into()),
            status: Some(CodingStatus::Uncoded),
            date_from: "2025".into(),
            ..ArticleFilter::default()
        };
        session.apply(Command::SetArticleFilter(Box::new(filter.clone())));
        session.document = super::super::Document::new(presets::sample_project(), None);
        session.reset_view_for_new_document(None);
        assert_eq!(session.article_filter(), &filter, "the sample has Ukraine");
        session.document = super::super::Document::new(Project::default(), None);
        session.reset_view_for_new_document(None);
        assert_eq!(session.article_filter().actor, None);
        assert_eq!(session.article_filter().status, Some(CodingStatus::Uncoded));
    }

    /// Refreshes `cache`, computing inline below `inline_below` positions, else on a worker.
    fn refresh(cache: &mut ArticleListCache, session: &Session, inline_below: usize) -> bool {
        let mut snapshot = Snapshot::new(session.project(), inline_below, None);
        cache.refresh(session, false, &mut snapshot)
    }

    #[test]
    fn the_derived_list_follows_the_filter_and_edits() {
        let mut session = six_articles();
        let mut cache = ArticleListCache::default();
        assert!(refresh(&mut cache, &session, usize::MAX));
        assert_eq!(cache.list().shown.len(), 6);
        assert_eq!(cache.list().counts.of_status(CodingStatus::Partly), 1, "the sample's coded article");
        assert!(!refresh(&mut cache, &session, usize::MAX), "nothing changed");
        session.apply(Command::ToggleArticleDone);
        let done = ArticleFilter { status: Some(CodingStatus::Done), ..ArticleFilter::default() };
        session.apply(Command::SetArticleFilter(Box::new(done)));
        assert!(refresh(&mut cache, &session, usize::MAX));
        assert_eq!(cache.list().shown, vec![0]);
        assert_eq!(cache.list().counts.of_status(CodingStatus::Uncoded), 5);
    }

    /// The crash of issue 19: facts computed on a worker before an actor was deleted hold the
    /// index of the last actor, which the shortened list no longer has.
    #[test]
    fn facts_from_before_a_deletion_are_never_read_against_the_shortened_lists() {
        use crate::model::generate::{GenerateOptions, generate};
        let options = GenerateOptions {
            articles: 40,
            actors: 12,
            issues: 4,
            positions: 600,
            coders: 2,
            ..GenerateOptions::default()
        };
        let mut session = Session::new(generate(&options).expect("a corpus"), None);
        let mut cache = ArticleListCache::default();
        refresh(&mut cache, &session, 0);
        cache.wait();
        refresh(&mut cache, &session, 0);
        let last = session.project().actors.len() - 1;
        assert!(cache.coding().actors.iter().flatten().any(|&actor| actor as usize == last), "the last actor is coded");
        // Every actor and issue, one after another, each with the facts of the list before it.
        while let Some(actor) = session.project().actors.last().map(|actor| actor.id.clone()) {
            session.apply(Command::DeleteActor(actor));
            refresh(&mut cache, &session, 0);
            let actors = session.project().actors.len();
            assert!(cache.coding().actors.iter().flatten().all(|&actor| (actor as usize) < actors));
            assert_eq!(cache.list().counts.actors.len(), actors);
        }
        session.apply(Command::Undo);
        refresh(&mut cache, &session, 0);
        cache.wait();
        refresh(&mut cache, &session, 0);
        assert_eq!(cache.list().counts.actors.len(), 1, "undo brings the last deleted back");
    }

    #[test]
    fn on_a_corpus_the_coding_facts_arrive_from_a_worker_and_the_list_follows() {
        let mut session = six_articles();
        let mut cache = ArticleListCache::default();
        refresh(&mut cache, &session, 0);
        assert_eq!(cache.list().counts.of_status(CodingStatus::Partly), 0, "nothing coded is known yet");
        assert!(cache.wait(), "the facts were computed on a worker");
        assert!(refresh(&mut cache, &session, 0), "their arrival changes the counts");
        assert_eq!(cache.list().counts.of_status(CodingStatus::Partly), 1);
        session.apply(Command::ToggleArticleDone);
        refresh(&mut cache, &session, 0);
        assert_eq!(cache.list().counts.of_status(CodingStatus::Done), 0, "the older facts until the new ones come");
        cache.wait();
        refresh(&mut cache, &session, 0);
        assert_eq!(cache.list().counts.of_status(CodingStatus::Done), 1, "the done mark reached the worker's copy");
    }
}
