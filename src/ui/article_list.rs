//! The article list at the top of the sidebar: "37 of 1,000 articles", a filter by coding status,
//! actor, issue, source and date range (each option with its count), "Mark article done" for the
//! article being read, and the rows of the articles the filter shows (only the rows in view are
//! laid out, so 1,000 articles scroll smoothly).
//!
//! The filter is the session's view state ([`Command::SetArticleFilter`]); the list and its counts
//! come from the derived store ([`crate::session::article_list::ArticleListCache`]). Whether the
//! filter controls are open is this widget's own state, in egui's memory; the "Filter articles"
//! shortcut opens them with [`open_filter`].
//!
//! Ctrl+click (Cmd+click) adds an article to a selection and Shift+click selects the rows between,
//! for "Edit details of N articles…" ([`Command::EditArticlesDetails`]); a plain click opens one
//! article and ends the selection. The selection is this widget's own state too.

use egui::{Id, RichText, Ui};

use super::ViewContext;
use super::user_command::UserCommand;
use crate::analysis::article_filter::{ArticleFilter, CodingStatus, FilteredArticles};
use crate::model::ArticleId;
use crate::model::wording::{count, thousands};
use crate::session::Command;

/// Height of one row in the article list (title and a line of details).
const ARTICLE_ROW_HEIGHT: f32 = 38.0;

/// Whether the filter controls are open (egui memory).
fn filter_open_id() -> Id {
    Id::unique("article-filter-open")
}

/// Set when the filter's first control should take the keyboard focus.
fn focus_filter_id() -> Id {
    Id::unique("article-filter-focus")
}

/// The articles picked with Ctrl/Shift+click for a batch edit (egui memory).
#[derive(Clone, Debug, Default, PartialEq)]
struct MultiSelection {
    /// The picked articles, in the order picked.
    ids: Vec<ArticleId>,
    /// Where a Shift+click range starts: the last article clicked without Shift.
    anchor: Option<ArticleId>,
}

fn selection_id() -> Id {
    Id::unique("article-list-selection")
}

/// Opens the filter controls and puts the keyboard focus on the first of them.
pub fn open_filter(ctx: &egui::Context) {
    ctx.data_mut(|data| {
        data.insert_temp(filter_open_id(), true);
        data.insert_temp(focus_filter_id(), true);
    });
}

/// The heading's count: "1,000 articles", or "37 of 1,000 articles" while filtered.
pub fn heading_text(shown: usize, total: usize, filtered: bool) -> String {
    if filtered {
        format!("{} of {}", thousands(shown), count(total, "article", "articles"))
    } else {
        count(total, "article", "articles")
    }
}

/// Draws the article list.
pub fn article_list_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let project = view.project();
    let filter = view.session.article_filter();
    let list = view.derived.article_list().list();
    let mut open: bool = ui.data(|data| data.get_temp(filter_open_id())).unwrap_or(false);
    ui.horizontal(|ui| {
        let only_mine = list.counts.assigned_to_me > 0 && !filter.all_articles;
        let heading = heading_text(list.shown.len(), project.articles.len(), filter.is_active() || only_mine);
        // The buttons first, from the right; the count gets the room that is left (cut short with
        // "..." in a narrow sidebar rather than drawn under the buttons).
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("+ Import").on_hover_text("Import articles…").clicked() {
                view.commands.send(UserCommand::ImportArticles.command());
            }
            let (text, tooltip) = UserCommand::FilterArticles.text_and_tooltip();
            let toggle = ui.add(egui::Button::selectable(open, "Filter").small()).on_hover_text(tooltip);
            toggle.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, open, text));
            if toggle.clicked() {
                open = !open;
                ui.data_mut(|data| data.insert_temp(filter_open_id(), open));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(RichText::new(heading).strong()).truncate());
            });
        });
    });
    assigned_ui(ui, view, filter, list);
    if open {
        egui::Frame::group(ui.style()).show(ui, |ui| filter_ui(ui, view, filter, list));
    } else if filter.is_active() && ui.small_button("Clear filter").clicked() {
        view.commands.send(Command::SetArticleFilter(Box::default()));
    }
    if view.article().is_some() {
        let mut done = view.session.article_done();
        let (text, tooltip) = UserCommand::ToggleArticleDone.text_and_tooltip();
        if ui.checkbox(&mut done, text).on_hover_text(tooltip).changed() {
            view.commands.send(Command::ToggleArticleDone);
        }
    }
    if project.articles.is_empty() {
        ui.label(RichText::new("No articles. Import files or drop them here.").small().weak());
        return;
    }
    if list.shown.is_empty() {
        ui.label(RichText::new("No article matches the filter.").small().weak());
        return;
    }
    let stored: MultiSelection = ui.data(|data| data.get_temp(selection_id())).unwrap_or_default();
    let mut selection = stored.clone();
    // Articles deleted (or undone away) since leave the selection.
    selection.ids.retain(|id| project.article(id).is_some());
    if selection.ids.len() >= 2 {
        // Wrapped, so the buttons never widen the sidebar.
        ui.horizontal_wrapped(|ui| {
            let n = selection.ids.len();
            let edit = ui
                .button(format!("Edit details of {}…", count(n, "article", "articles")))
                .on_hover_text("Set the source or the date of every selected article at once");
            if edit.clicked() {
                view.commands.send(Command::EditArticlesDetails(selection.ids.clone()));
            }
            if ui.small_button("Clear selection").clicked() {
                selection.ids.clear();
            }
        });
    }
    let list_height = (ui.available_height() * 0.45).max(ARTICLE_ROW_HEIGHT * 2.0);
    egui::ScrollArea::vertical()
        .id_salt("articles-scroll")
        .max_height(list_height)
        .auto_shrink([false, true])
        .show_rows(ui, ARTICLE_ROW_HEIGHT, list.shown.len(), |ui, rows| {
            for row in rows {
                if let Some(&index) = list.shown.get(row) {
                    article_row_ui(ui, view, index, &list.shown, &mut selection);
                }
            }
        });
    if selection != stored {
        ui.data_mut(|data| data.insert_temp(selection_id(), selection));
    }
}

/// A click on the row of `article`: Ctrl (Cmd) toggles it in the selection, Shift selects the
/// shown rows from the anchor to it, a plain click opens it alone.
fn row_clicked(
    view: &ViewContext<'_>,
    article: &ArticleId,
    shown: &[usize],
    selection: &mut MultiSelection,
    modifiers: egui::Modifiers,
) {
    let project = view.project();
    let row_of = |id: &ArticleId| shown.iter().position(|&i| project.articles.get(i).is_some_and(|a| &a.id == id));
    if modifiers.command || modifiers.ctrl {
        if selection.ids.is_empty()
            && let Some(current) = view.article()
            && current != article
        {
            selection.ids.push(current.clone());
        }
        if let Some(at) = selection.ids.iter().position(|id| id == article) {
            selection.ids.remove(at);
        } else {
            selection.ids.push(article.clone());
        }
        selection.anchor = Some(article.clone());
    } else if modifiers.shift {
        let this = row_of(article);
        let from = selection.anchor.as_ref().or(view.article()).and_then(row_of).or(this);
        if let (Some(from), Some(to)) = (from, this) {
            let (low, high) = (from.min(to), from.max(to));
            selection.ids =
                shown[low..=high].iter().filter_map(|&i| project.articles.get(i)).map(|a| a.id.clone()).collect();
        }
    } else {
        selection.ids.clear();
        selection.anchor = Some(article.clone());
        if view.article() != Some(article) {
            view.commands.send(Command::SelectArticle(article.clone()));
        }
    }
}

fn article_row_ui(ui: &mut Ui, view: &ViewContext<'_>, index: usize, shown: &[usize], selection: &mut MultiSelection) {
    let project = view.project();
    let Some(article) = project.articles.get(index) else { return };
    let selected = if selection.ids.is_empty() {
        view.article() == Some(&article.id)
    } else {
        selection.ids.contains(&article.id)
    };
    let title = if article.title.trim().is_empty() { "Untitled article" } else { article.title.trim() };
    let coding = view.derived.article_list().coding();
    let coded = coding.coded.get(index).copied().unwrap_or(0);
    let mut parts: Vec<String> = [article.source.trim(), article.date.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect();
    if coded > 0 {
        parts.push(format!("{} coded", thousands(coded)));
    }
    if coding.status(index) == CodingStatus::Done {
        parts.push("done".to_owned());
    }
    let subtitle = parts.join(" · ");
    let width = ui.available_width();
    ui.allocate_ui_with_layout(egui::vec2(width, ARTICLE_ROW_HEIGHT), egui::Layout::top_down(egui::Align::Min), |ui| {
        ui.set_min_height(ARTICLE_ROW_HEIGHT);
        ui.spacing_mut().item_spacing.y = 1.0;
        let response = ui
            .add(egui::Button::selectable(selected, RichText::new(title)).wrap_mode(egui::TextWrapMode::Truncate))
            .on_hover_text(if subtitle.is_empty() { title.to_owned() } else { format!("{title}\n{subtitle}") });
        if response.clicked() {
            // The modifiers held at the click itself (a quick Ctrl+click may be over by the frame's end).
            let modifiers = ui.input(|input| {
                let at_click = input.events.iter().rev().find_map(|event| match event {
                    egui::Event::PointerButton { pressed: false, modifiers, .. } => Some(*modifiers),
                    _ => None,
                });
                at_click.unwrap_or(input.modifiers)
            });
            row_clicked(view, &article.id, shown, selection, modifiers);
        }
        response.context_menu(|ui| {
            if ui.button("Move article to the Trash").clicked() {
                view.commands.send(Command::DeleteArticle(article.id.clone()));
            }
        });
        ui.add(egui::Label::new(RichText::new(subtitle).small().weak()).truncate());
    });
}

/// In a team project with assignments: "Assigned to me" (the default) or "All articles".
fn assigned_ui(ui: &mut Ui, view: &ViewContext<'_>, filter: &ArticleFilter, list: &FilteredArticles) {
    let counts = &list.counts;
    let project = view.project();
    let set = |change: &dyn Fn(&mut ArticleFilter)| send_changed(view, filter, change);
    if counts.assigned_to_me > 0 {
        ui.horizontal_wrapped(|ui| {
            let mine = format!("Assigned to me ({})", thousands(counts.assigned_to_me));
            let tip = "The articles the team lead assigned to you (team assign), with your progress below";
            if ui.selectable_label(!filter.all_articles, mine).on_hover_text(tip).clicked() {
                set(&|f| f.all_articles = false);
            }
            let all = format!("All articles ({})", thousands(project.articles.len()));
            if ui.selectable_label(filter.all_articles, all).on_hover_text("Every article of the project").clicked() {
                set(&|f| f.all_articles = true);
            }
        });
    }
}

/// The filter controls: status buttons, actor, issue and source pickers, the date range.
fn filter_ui(ui: &mut Ui, view: &ViewContext<'_>, filter: &ArticleFilter, list: &FilteredArticles) {
    let project = view.project();
    let counts = &list.counts;
    let set = |change: &dyn Fn(&mut ArticleFilter)| send_changed(view, filter, change);
    let focus = ui.data_mut(|data| data.remove_temp::<bool>(focus_filter_id())).unwrap_or(false);
    ui.horizontal_wrapped(|ui| {
        let all = counts.status.iter().sum::<usize>();
        let any = ui
            .selectable_label(filter.status.is_none(), format!("Any status ({})", thousands(all)))
            .on_hover_text("Articles whatever their coding status");
        if focus {
            any.request_focus();
        }
        if any.clicked() {
            set(&|f| f.status = None);
        }
        for status in CodingStatus::ALL {
            let text = format!("{} ({})", status.label(), thousands(counts.of_status(status)));
            let chosen = filter.status == Some(status);
            if ui.selectable_label(chosen, text).on_hover_text(status.description()).clicked() {
                set(&|f| f.status = if chosen { None } else { Some(status) });
            }
        }
    });
    let actors: Vec<(String, String, usize)> = project
        .actors
        .iter()
        .enumerate()
        .map(|(i, actor)| (actor.id.to_string(), actor.name.clone(), counts.actors.get(i).copied().unwrap_or(0)))
        .collect();
    let chosen = filter.actor.as_ref().map(|id| id.to_string());
    let tooltip = "Articles that name the actor (by any of its names) or have a position on it";
    if let Some(pick) = picker_ui(ui, "Actor", "Any actor", tooltip, chosen.as_deref(), &actors) {
        set(&|f| f.actor = pick.as_deref().map(Into::into));
    }
    let issues: Vec<(String, String, usize)> = project
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| (issue.id.to_string(), issue.name.clone(), counts.issues.get(i).copied().unwrap_or(0)))
        .collect();
    let chosen = filter.issue.as_ref().map(|id| id.to_string());
    let tooltip = "Articles in which one of the issue's keywords occurs or that have a position on it";
    if let Some(pick) = picker_ui(ui, "Issue", "Any issue", tooltip, chosen.as_deref(), &issues) {
        set(&|f| f.issue = pick.as_deref().map(Into::into));
    }
    let sources: Vec<(String, String, usize)> =
        counts.sources.iter().map(|(source, n)| (source.clone(), source.clone(), *n)).collect();
    let tooltip = "Articles from this source, as written in the article details";
    if let Some(pick) = picker_ui(ui, "Source", "Any source", tooltip, filter.source.as_deref(), &sources) {
        set(&|f| f.source = pick.clone());
    }
    dates_ui(ui, view, filter, list);
    if filter.is_active() && ui.small_button("Clear filter").clicked() {
        view.commands.send(Command::SetArticleFilter(Box::default()));
    }
}

/// The date range and "Include undated".
fn dates_ui(ui: &mut Ui, view: &ViewContext<'_>, filter: &ArticleFilter, list: &FilteredArticles) {
    let set = |change: &dyn Fn(&mut ArticleFilter)| send_changed(view, filter, change);
    // One row per bound: side by side, "YYYY-MM-DD" does not fit a narrow sidebar.
    for (name, value) in [("From", &filter.date_from), ("To", &filter.date_to)] {
        ui.horizontal(|ui| {
            let label = ui.label(name);
            let mut text = value.clone();
            let width = ui.available_width() - 8.0;
            let field = ui
                .add(egui::TextEdit::singleline(&mut text).hint_text("YYYY-MM-DD").desired_width(width))
                .labelled_by(label.id)
                .on_hover_text("A date, a month (YYYY-MM) or a year (YYYY); empty: no bound");
            if field.changed() {
                let from = name == "From";
                set(&|f| if from { f.date_from = text.clone() } else { f.date_to = text.clone() });
            }
        });
    }
    let mut include = filter.include_undated;
    let text = format!("Include undated ({})", thousands(list.counts.undated));
    let response = ui
        .add_enabled(filter.has_date_bound(), egui::Checkbox::new(&mut include, text))
        .on_hover_text("With a date range set: also show articles without a date (or with one not written YYYY-MM-DD)");
    if response.changed() {
        set(&|f| f.include_undated = include);
    }
    if let Some(error) = &list.date_error {
        ui.label(RichText::new(error).small().color(ui.visuals().error_fg_color));
    }
}

/// Sends `filter` with `change` made to it.
fn send_changed(view: &ViewContext<'_>, filter: &ArticleFilter, change: &dyn Fn(&mut ArticleFilter)) {
    let mut changed = filter.clone();
    change(&mut changed);
    view.commands.send(Command::SetArticleFilter(Box::new(changed)));
}

/// A labelled drop-down of `options` (id, name, count) with an "any" choice first. Returns the
/// choice made this frame: `Some(None)` for "any".
fn picker_ui(
    ui: &mut Ui,
    name: &str,
    any: &str,
    tooltip: &str,
    chosen: Option<&str>,
    options: &[(String, String, usize)],
) -> Option<Option<String>> {
    let mut pick = None;
    ui.horizontal(|ui| {
        let label = ui.label(name);
        let shown = match chosen {
            None => any.to_owned(),
            Some(id) => options.iter().find(|(option, _, _)| option == id).map_or_else(
                || format!("{id} (not in this project)"),
                |(_, text, n)| format!("{text} ({})", thousands(*n)),
            ),
        };
        let combo = egui::ComboBox::from_id_salt(("article-filter", name))
            .selected_text(shown)
            .width(ui.available_width() - 8.0)
            .show_ui(ui, |ui| {
                if ui.selectable_label(chosen.is_none(), any).clicked() {
                    pick = Some(None);
                }
                for (id, text, n) in options {
                    let selected = chosen == Some(id.as_str());
                    if ui.selectable_label(selected, format!("{text} ({})", thousands(*n))).clicked() {
                        pick = Some(Some(id.clone()));
                    }
                }
            });
        combo.response.labelled_by(label.id).on_hover_text(tooltip);
    });
    pick
}
