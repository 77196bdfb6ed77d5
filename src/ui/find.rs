//! The reader's find bar (Ctrl+F): every match of the query in the current article, "3 of 12",
//! Enter / Shift+Enter (and F3 / Shift+F3 while the field has focus) to the next / previous match,
//! and "Search all articles": a list of the articles that contain it with a count and a snippet,
//! where a click opens the article at its first match.
//!
//! Stepping selects the match in the reader without taking the keyboard from the field, so Enter
//! can be pressed again; the reader tints every match and the current one more strongly. The
//! all-articles search scans the whole corpus (about 6 MB for 1,000 articles; up to ~50 ms for a
//! one-letter query), so for a corpus over [`INLINE_BYTES`] it runs on a worker thread and the
//! list says "Searching…" until it arrives; the corpus snapshot it reads is copied once per
//! change of the articles, not per query.

use std::sync::Arc;
use std::thread::JoinHandle;

use egui::{Id, Key, Modifiers, RichText, Ui};

use super::ViewContext;
use crate::analysis::find::{ArticleHits, Finder, search_texts, summary};
use crate::model::wording::count as plural;
use crate::model::{Article, ArticleId, Project};
use crate::session::Command;

/// Corpora smaller than this (bytes of text) are searched on the UI thread (well under 5 ms).
pub const INLINE_BYTES: usize = 500_000;

/// Bytes of context either side of a match in the all-articles snippets.
const SNIPPET_CONTEXT: usize = 60;

/// Height of one row of the all-articles list (title and snippet).
const RESULT_ROW_HEIGHT: f32 = 40.0;

/// The find field's id, so the app can tell when F3 belongs to it.
pub fn find_field_id() -> Id {
    Id::unique("reader-find-field")
}

/// What the article list was searched in: (article count, bytes of text). Article texts never
/// change in place, so this changes exactly when articles come or go.
type CorpusKey = (usize, usize);

fn corpus_key(project: &Project) -> CorpusKey {
    (project.articles.len(), project.articles.iter().map(|article| article.text.len()).sum())
}

/// A copy of every article's id and text, for a search on a worker thread.
type Corpus = Arc<Vec<(ArticleId, String)>>;

/// Matches of one query in every article, with the articles' ids.
type Results = Vec<(ArticleId, ArticleHits)>;

/// The all-articles search: its corpus snapshot, the results shown and a search under way.
#[derive(Default)]
struct AllArticlesSearch {
    corpus: Option<(CorpusKey, Corpus)>,
    shown: Option<(String, CorpusKey, Results)>,
    running: Option<(String, CorpusKey, JoinHandle<Results>)>,
}

impl AllArticlesSearch {
    /// The results for `query`, searching (or collecting a finished search) when they are not
    /// there yet. `None` while a search is running.
    fn results(&mut self, project: &Project, query: &str, ctx: &egui::Context) -> Option<&Results> {
        let key = corpus_key(project);
        let fresh = |shown: &Option<(String, CorpusKey, Results)>| {
            shown.as_ref().is_some_and(|(q, k, _)| q == query && *k == key)
        };
        if !fresh(&self.shown) {
            let running_this = self.running.as_ref().is_some_and(|(q, k, _)| q == query && *k == key);
            if running_this {
                if self.running.as_ref().is_some_and(|(.., handle)| handle.is_finished())
                    && let Some((q, k, handle)) = self.running.take()
                    && let Ok(results) = handle.join()
                {
                    self.shown = Some((q, k, results));
                }
            } else if key.1 < INLINE_BYTES {
                let texts = project.articles.iter().map(|article| article.text.as_str());
                let hits = search_texts(texts, query, SNIPPET_CONTEXT);
                let results = hits.into_iter().map(|hits| (project.articles[hits.article].id.clone(), hits)).collect();
                self.shown = Some((query.to_owned(), key, results));
            } else {
                self.start(project, query, key, ctx);
            }
        }
        self.shown.as_ref().filter(|(q, k, _)| q == query && *k == key).map(|(.., results)| results)
    }

    /// Starts searching in the background; a search for an older query finishes on its own and
    /// is dropped.
    fn start(&mut self, project: &Project, query: &str, key: CorpusKey, ctx: &egui::Context) {
        if self.corpus.as_ref().is_none_or(|(k, _)| *k != key) {
            let texts = project.articles.iter().map(|article| (article.id.clone(), article.text.clone())).collect();
            self.corpus = Some((key, Arc::new(texts)));
        }
        let Some((_, corpus)) = &self.corpus else { return };
        let (corpus, owned_query, ctx) = (corpus.clone(), query.to_owned(), ctx.clone());
        let spawned = crate::session::background::spawn_worker("stancemap-find", move || {
            let hits = search_texts(corpus.iter().map(|(_, text)| text.as_str()), &owned_query, SNIPPET_CONTEXT);
            let results = hits.into_iter().map(|hits| (corpus[hits.article].0.clone(), hits)).collect();
            ctx.request_repaint();
            results
        });
        match spawned {
            Ok(handle) => self.running = Some((query.to_owned(), key, handle)),
            Err(error) => eprintln!("stancemap: cannot start searching all articles: {error}"),
        }
    }
}

/// The find bar's state.
#[derive(Default)]
pub struct FindBar {
    /// The text typed into the field.
    pub query: String,
    /// Whether every article is searched too.
    pub search_all: bool,
    /// The article and query `matches` were found for.
    matches_for: Option<(ArticleId, String)>,
    matches: Vec<(usize, usize)>,
    /// F3 / Shift+F3 pressed while the field has focus (the app hands them over).
    pending_step: Option<isize>,
    /// The field had the keyboard at the end of the last frame.
    field_had_focus: bool,
    all: AllArticlesSearch,
}

/// What the find bar asks of the reader this frame.
#[derive(Default)]
pub struct FindOutcome {
    /// Select this match (keeping the keyboard in the field).
    pub select: Option<(usize, usize)>,
    /// Close the bar.
    pub close: bool,
}

impl FindBar {
    /// The matches of the query in the article they were last found for.
    pub fn matches(&self) -> &[(usize, usize)] {
        &self.matches
    }

    /// Which match `selection` is, if it is one.
    pub fn current(&self, selection: Option<(usize, usize)>) -> Option<usize> {
        let selection = selection?;
        self.matches.iter().position(|&span| span == selection)
    }

    /// Asks for the next (+1) or previous (-1) match on the next frame.
    pub fn request_step(&mut self, step: isize) {
        self.pending_step = Some(step);
    }

    /// The match after (or before) `selection`, wrapping around the article.
    pub fn step_from(&self, selection: Option<(usize, usize)>, step: isize) -> Option<(usize, usize)> {
        let (first, last) = (self.matches.first()?, self.matches.last()?);
        let (start, end) = selection.unwrap_or((0, 0));
        if step >= 0 {
            let from = if selection.is_some() { end.max(start + 1) } else { 0 };
            Some(*self.matches.iter().find(|span| span.0 >= from).unwrap_or(first))
        } else {
            Some(*self.matches.iter().rev().find(|span| span.0 < start).unwrap_or(last))
        }
    }

    /// Finds the query's matches in `article` when the article or the query changed. True when
    /// they were found anew.
    fn refresh_matches(&mut self, article: &Article) -> bool {
        let query = self.query.trim().to_owned();
        if self.matches_for.as_ref().is_some_and(|(id, q)| id == &article.id && q == &query) {
            return false;
        }
        self.matches = Finder::new(&query).find_all(&article.text);
        self.matches_for = Some((article.id.clone(), query));
        true
    }

    /// Draws the bar (and the all-articles list when asked for). `selection` is the reader's.
    pub fn bar_ui(
        &mut self,
        ui: &mut Ui,
        view: &ViewContext<'_>,
        article: &Article,
        selection: Option<(usize, usize)>,
        focus: bool,
    ) -> FindOutcome {
        let mut outcome = FindOutcome::default();
        let id = find_field_id();
        // egui takes the keyboard from the field as Escape arrives, so ask whether it had it.
        let escape = self.field_had_focus && ui.input(|input| input.key_pressed(Key::Escape));
        // Enter steps without leaving the field (a plain single-line field would give up focus).
        if ui.memory(|memory| memory.has_focus(id)) {
            let (back, forward) = ui.input_mut(|input| {
                (input.consume_key(Modifiers::SHIFT, Key::Enter), input.consume_key(Modifiers::NONE, Key::Enter))
            });
            if back {
                self.pending_step = Some(-1);
            } else if forward {
                self.pending_step = Some(1);
            }
        }
        let previous_query = self.query.clone();
        // Wrapped: in a narrow reader (a 1440 px window with both side panels) the row would
        // otherwise run out of the panel and cut off "Search all articles" and Close.
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Find:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .id(id)
                        .hint_text("text to find in the article")
                        .desired_width(240.0),
                )
                .labelled_by(label.id);
            self.field_had_focus = field.has_focus();
            if focus {
                // Ctrl+F again selects the last query, so typing replaces it.
                field.request_focus();
                let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
                let all = egui::text::CCursorRange::two(
                    egui::text::CCursor::new(0),
                    egui::text::CCursor::new(self.query.chars().count()),
                );
                state.cursor.set_char_range(Some(all));
                state.store(ui.ctx(), id);
            }
            let has_matches = !self.matches.is_empty();
            let previous = ui.add_enabled(has_matches, egui::Button::new("Previous match"));
            if previous.on_hover_text("Shift+Enter or Shift+F3").clicked() {
                self.pending_step = Some(-1);
            }
            let next = ui.add_enabled(has_matches, egui::Button::new("Next match"));
            if next.on_hover_text("Enter or F3").clicked() {
                self.pending_step = Some(1);
            }
            self.refresh_matches(article);
            let status = self.status_text(selection);
            if !status.is_empty() {
                ui.label(RichText::new(status).small());
            }
            ui.checkbox(&mut self.search_all, "Search all articles")
                .on_hover_text("List every article that contains the text");
            if ui.button("Close").on_hover_text("Close the find bar (Esc)").clicked() || escape {
                outcome.close = true;
            }
        });
        if self.query != previous_query && !self.query.trim().is_empty() {
            // Typing jumps to the first match from where the selection starts.
            let from = selection.map(|(start, _)| (start, start));
            outcome.select = self.step_from(from, 1);
        }
        if let Some(step) = self.pending_step.take() {
            outcome.select = self.step_from(selection, step);
        }
        if self.search_all && !self.query.trim().is_empty() {
            self.all_articles_ui(ui, view);
        }
        outcome
    }

    /// "3 of 12", "12 matches", "Not in this article".
    fn status_text(&self, selection: Option<(usize, usize)>) -> String {
        if self.query.trim().is_empty() {
            return String::new();
        }
        match (self.current(selection), self.matches.len()) {
            (_, 0) => "Not in this article".to_owned(),
            (Some(index), total) => format!("{} of {total}", index + 1),
            (None, total) => plural(total, "match", "matches"),
        }
    }

    /// The articles that contain the query, a click opening one at its first match.
    fn all_articles_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>) {
        let query = self.query.trim().to_owned();
        let project = view.project();
        let Some(results) = self.all.results(project, &query, ui.ctx()) else {
            ui.label(RichText::new(format!("Searching {}...", plural(project.articles.len(), "article", "articles"))));
            return;
        };
        let heading = summary(results.iter().map(|(_, hits)| hits.matches.len()));
        ui.label(RichText::new(format!("{heading} for “{query}”")).strong());
        let rows = results.len();
        egui::ScrollArea::vertical().id_salt("find-all-results").max_height(RESULT_ROW_HEIGHT * 4.5).show_rows(
            ui,
            RESULT_ROW_HEIGHT,
            rows,
            |ui, range| {
                for (id, hits) in &results[range] {
                    result_row_ui(ui, view, id, hits);
                }
            },
        );
        ui.add_space(4.0);
    }
}

fn result_row_ui(ui: &mut Ui, view: &ViewContext<'_>, id: &ArticleId, hits: &ArticleHits) {
    let Some(article) = view.project().article(id) else { return };
    let title = if article.title.trim().is_empty() { "Untitled article" } else { article.title.trim() };
    let text = format!("{title} ({})", plural(hits.matches.len(), "match", "matches"));
    ui.allocate_ui_with_layout(
        egui::vec2(ui.available_width(), RESULT_ROW_HEIGHT),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_min_height(RESULT_ROW_HEIGHT);
            ui.spacing_mut().item_spacing.y = 1.0;
            let current = view.article() == Some(id);
            let button = egui::Button::selectable(current, text).wrap_mode(egui::TextWrapMode::Truncate);
            if ui.add(button).on_hover_text("Open the article at its first match").clicked()
                && let Some(&(start, end)) = hits.matches.first()
            {
                view.commands.send(Command::SelectArticle(id.clone()));
                view.commands.send(Command::RevealInReader { start, end });
            }
            ui.add(egui::Label::new(RichText::new(&hits.snippet).small().weak()).truncate());
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(query: &str, text: &str) -> FindBar {
        let mut bar = FindBar { query: query.into(), ..FindBar::default() };
        bar.refresh_matches(&Article { id: "a".into(), text: text.into(), ..Article::default() });
        bar
    }

    #[test]
    fn steps_go_round_the_article_from_the_selection() {
        let bar = bar("ab", "ab xx ab yy ab");
        assert_eq!(bar.matches(), &[(0, 2), (6, 8), (12, 14)]);
        assert_eq!(bar.step_from(None, 1), Some((0, 2)));
        assert_eq!(bar.step_from(Some((0, 2)), 1), Some((6, 8)));
        assert_eq!(bar.step_from(Some((12, 14)), 1), Some((0, 2)), "wraps");
        assert_eq!(bar.step_from(Some((0, 2)), -1), Some((12, 14)), "wraps back");
        assert_eq!(bar.step_from(Some((6, 8)), -1), Some((0, 2)));
        assert_eq!(bar.step_from(Some((3, 4)), 1), Some((6, 8)), "from a selection between matches");
        assert_eq!(bar.current(Some((6, 8))), Some(1));
        assert_eq!(bar.status_text(Some((6, 8))), "2 of 3");
        assert_eq!(bar.status_text(None), "3 matches");
    }

    #[test]
    fn the_status_says_plainly_how_many() {
        assert_eq!(bar("zz", "ab").status_text(None), "Not in this article");
        assert_eq!(bar("ab", "ab").status_text(None), "1 match");
        assert_eq!(bar("", "ab").status_text(None), "");
        assert_eq!(bar("ab", "ab").step_from(Some((0, 2)), 1), Some((0, 2)), "one match steps onto itself");
    }
}
