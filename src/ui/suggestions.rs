//! The Suggestions list of the current article, its ghost markers on the issue axes and its counts
//! in the status bar.
//!
//! Suggestions are never applied by themselves: the analyst accepts one (Enter, or its Accept
//! button) and gets a normal position with the sentence as evidence, or rejects it (Backspace, or
//! Reject), which the project remembers. Alt+Right / Alt+Left move the cursor, clicking a row or a ghost
//! puts the cursor on it and shows its sentence in the reader. Enter and Backspace act only when
//! no text field or marker has the keyboard (the reader's text may), so typing is never taken.
//!
//! A suggestion made from a phrase learnt from the coding shows that phrase with a Forget button;
//! "Learnt phrases" lists everything learnt, with Forget, and what was forgotten, with Learn again.

use egui::{Align2, FontId, Id, Rect, RichText, Sense, Stroke, Ui, Vec2, WidgetInfo, pos2};

use super::axis::{format_value, pole_description};
use super::theme::{self, MARKER_RADIUS};
use super::{ViewContext, marker_label};
use crate::analysis::suggest::Suggestion;
use crate::model::Issue;
use crate::session::Command;
use crate::session::coding::SuggestionKey;

/// "Russia on Ukraine's NATO membership", from a suggestion's ids.
fn suggestion_marker_name(view: &ViewContext<'_>, suggestion: &Suggestion) -> String {
    let project = view.project();
    let actor = project.actor(&suggestion.actor).map_or_else(|| suggestion.actor.to_string(), |a| a.name.clone());
    let issue = project.issue(&suggestion.issue).map_or_else(|| suggestion.issue.to_string(), |i| i.name.clone());
    marker_label(&actor, &issue)
}

/// The accessible name of a suggestion's row: "Suggestion: Russia on …".
pub fn suggestion_label(marker_name: &str) -> String {
    format!("Suggestion: {marker_name}")
}

/// The accessible name of a suggestion's ghost marker on its axis: "Suggested: Russia on …".
pub fn ghost_label(marker_name: &str) -> String {
    format!("Suggested: {marker_name}")
}

/// The Suggestions section: counts, background progress, one row per open suggestion, and the
/// Enter / Backspace keys.
pub fn suggestions_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    if view.article().is_none() {
        return;
    }
    let cache = view.derived.suggestions();
    let counts = cache.counts();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Suggestions").strong());
        ui.label(
            RichText::new(format!(
                "{} open · {} accepted · {} rejected",
                counts.open, counts.accepted, counts.rejected
            ))
            .small()
            .weak(),
        );
    });
    if let Some((done, total)) = cache.progress() {
        let fraction = done as f32 / total.max(1) as f32;
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(220.0)
                .text(format!("Suggesting in all articles {done}/{total}")),
        );
        // Progress is polled: look again shortly while the run goes on.
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
    }
    let open: Vec<&Suggestion> = cache.open().collect();
    if open.is_empty() {
        ui.label(RichText::new("No open suggestions for this article.").small().weak());
    }
    let cursor = view.session.suggestion_cursor().min(open.len().saturating_sub(1));
    egui::ScrollArea::vertical().id_salt("suggestions-scroll").max_height(180.0).auto_shrink([false, true]).show(
        ui,
        |ui| {
            // A long read can have a hundred and more open suggestions while six rows show: rows
            // out of view take their measured height and keep their accessible buttons (a screen
            // reader, or Scroll into view, still finds them) without laying out or painting text.
            let heights_id = Id::unique("suggestion-row-heights");
            let kept: Option<RowHeights> = ui.data(|data| data.get_temp(heights_id));
            let mut measured = kept;
            for (index, suggestion) in open.iter().enumerate() {
                let current = index == cursor;
                let top = ui.cursor().min;
                if let Some(heights) = kept.filter(|_| !current) {
                    let height = heights.row + heights.learnt * suggestion.learnt.len() as f32;
                    let block = Rect::from_min_size(top, Vec2::new(ui.available_width(), height));
                    if !ui.is_rect_visible(block) {
                        suggestion_placeholder_ui(ui, view, suggestion, heights);
                        continue;
                    }
                }
                if let Some(drawn) = suggestion_row_ui(ui, view, suggestion, current) {
                    measured = Some(drawn.or(measured.unwrap_or_default()));
                }
            }
            if measured != kept
                && let Some(measured) = measured
            {
                ui.data_mut(|data| data.insert_temp(heights_id, measured));
            }
        },
    );
    if !open.is_empty() {
        ui.label(
            RichText::new("Enter accepts · Backspace rejects · Alt+Right / Alt+Left next / previous").small().weak(),
        );
    }
    learnt_phrases_ui(ui, view);
    ui.separator();
}

/// The accessible name of the button that forgets a learnt phrase from the list of learnt phrases.
pub fn forget_phrase_label(phrase: &str, issue: &str) -> String {
    format!("Forget learnt phrase “{phrase}” of {issue}")
}

/// The accessible name of the button that forgets a learnt phrase from a suggestion's row.
pub fn forget_in_suggestion_label(phrase: &str, marker_name: &str) -> String {
    format!("Forget “{phrase}” for {marker_name}")
}

/// The accessible name of the button that takes back forgetting a phrase.
pub fn learn_again_label(phrase: &str, issue: &str) -> String {
    format!("Learn again “{phrase}” of {issue}")
}

/// "Learnt phrases (N)": what the coding taught the suggester, per issue and pole, each with a
/// Forget button, and the phrases forgotten so far, each with Learn again.
fn learnt_phrases_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let learnt = view.derived.suggestions().learnt();
    let project = view.project();
    let forgotten: usize = project.issues.iter().map(|issue| issue.forgotten_phrases.len()).sum();
    if learnt.is_empty() && forgotten == 0 {
        return;
    }
    let title = format!("Learnt phrases ({})", learnt.len());
    egui::CollapsingHeader::new(title).id_salt("learnt-phrases").show(ui, |ui| {
        ui.label(
            RichText::new(
                "Phrases the suggester learnt from your coded quotes; it reads them like the issues' pole phrases.",
            )
            .small()
            .weak(),
        );
        // One line per learnt phrase, then per forgotten one. A corpus teaches thousands: past a
        // few hundred only the lines in view are laid out.
        let forgotten: Vec<(&Issue, &String)> = project
            .issues
            .iter()
            .flat_map(|issue| issue.forgotten_phrases.iter().map(move |phrase| (issue, phrase)))
            .collect();
        let total = learnt.len() + forgotten.len();
        let line_ui = |ui: &mut Ui, index: usize| match learnt.get(index) {
            Some(pattern) => learnt_line_ui(ui, view, pattern),
            None => {
                if let Some((issue, phrase)) = forgotten.get(index - learnt.len()) {
                    forgotten_line_ui(ui, view, issue, phrase);
                }
            }
        };
        let scroll = egui::ScrollArea::vertical().id_salt("learnt-phrases-scroll").max_height(160.0);
        if total <= 300 {
            scroll.show(ui, |ui| (0..total).for_each(|index| line_ui(ui, index)));
        } else {
            let row_height = ui.spacing().interact_size.y;
            scroll.show_rows(ui, row_height, total, |ui, range| range.for_each(|index| line_ui(ui, index)));
        }
    });
}

/// "“phrase” -> pole (3 quotes)" with its Forget button.
fn learnt_line_ui(ui: &mut Ui, view: &ViewContext<'_>, pattern: &crate::analysis::suggest::learn::LearntPattern) {
    let Some(issue) = view.project().issue(&pattern.issue) else {
        return;
    };
    let pole = match pattern.side {
        crate::analysis::suggest::Side::Low => &issue.low_label,
        crate::analysis::suggest::Side::High => &issue.high_label,
    };
    ui.horizontal(|ui| {
        let quotes = if pattern.examples == 1 { "quote" } else { "quotes" };
        ui.label(format!("“{}” -> {pole} ({} {quotes})", pattern.pattern, pattern.examples)).on_hover_text(&issue.name);
        forget_button_ui(ui, view, issue, &pattern.pattern, &forget_phrase_label(&pattern.pattern, &issue.name));
    });
}

/// "“phrase” forgotten for <issue>" with its Learn again button.
fn forgotten_line_ui(ui: &mut Ui, view: &ViewContext<'_>, issue: &Issue, phrase: &str) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("“{phrase}” forgotten for {}", issue.name)).weak());
        let again = ui.small_button("Learn again").on_hover_text("Let the suggester learn this phrase again");
        let name = learn_again_label(phrase, &issue.name);
        again.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &name));
        if again.clicked() {
            view.commands.send(Command::ForgetLearntPhrase {
                issue: issue.id.clone(),
                phrase: phrase.to_owned(),
                forget: false,
            });
        }
    });
}

/// A small "Forget" button that tells the suggester to forget `phrase` for `issue`.
fn forget_button_ui(ui: &mut Ui, view: &ViewContext<'_>, issue: &Issue, phrase: &str, name: &str) {
    let forget = ui
        .small_button("Forget")
        .on_hover_text("Stop suggesting from this learnt phrase; it is not learnt again (Undo takes it back)");
    forget.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, name));
    if forget.clicked() {
        view.commands.send(Command::ForgetLearntPhrase {
            issue: issue.id.clone(),
            phrase: phrase.to_owned(),
            forget: true,
        });
    }
}

/// How far a suggestion's row and each of its learnt-phrase lines move the layout down (with the
/// spacing after them), as measured on the rows drawn last.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct RowHeights {
    row: f32,
    learnt: f32,
}

impl RowHeights {
    /// These heights, taking `other`'s learnt-line height where none was measured here.
    fn or(self, other: Self) -> Self {
        Self { row: self.row, learnt: if self.learnt > 0.0 { self.learnt } else { other.learnt } }
    }
}

/// A suggestion's rows out of view: the space they take, and their buttons as accessible, focusable
/// areas named as on screen (so Scroll into view brings the real row up).
fn suggestion_placeholder_ui(ui: &mut Ui, view: &ViewContext<'_>, suggestion: &Suggestion, heights: RowHeights) {
    let name = suggestion_marker_name(view, suggestion);
    let key = SuggestionKey::of(suggestion);
    let width = ui.available_width();
    let gap = ui.spacing().item_spacing.y;
    let line = |ui: &mut Ui, height: f32, parts: &[(String, f32)], salt: usize| {
        let (rect, _) = ui.allocate_exact_size(Vec2::new(width, (height - gap).max(1.0)), Sense::hover());
        let mut left = rect.left();
        for (part, (label, share)) in parts.iter().enumerate() {
            let right = left + rect.width() * share;
            let area = Rect::from_x_y_ranges(left..=right, rect.y_range());
            let id = Id::unique(("suggestion-placeholder", &key, salt, part));
            let response = ui.interact(area, id, Sense::click());
            response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, label));
            left = right;
        }
    };
    let row = [
        (suggestion_label(&name), 0.7),
        (format!("Accept suggestion {name}"), 0.15),
        (format!("Reject suggestion {name}"), 0.15),
    ];
    line(ui, heights.row, &row, 0);
    for (index, phrase) in suggestion.learnt.iter().enumerate() {
        line(ui, heights.learnt.max(heights.row * 0.8), &[(forget_in_suggestion_label(phrase, &name), 1.0)], index + 1);
    }
}

/// A suggestion's row and its learnt phrases; returns the heights they took (none when the actor
/// or issue is gone).
fn suggestion_row_ui(
    ui: &mut Ui,
    view: &ViewContext<'_>,
    suggestion: &Suggestion,
    current: bool,
) -> Option<RowHeights> {
    let project = view.project();
    let (Some(actor), Some(issue)) = (project.actor(&suggestion.actor), project.issue(&suggestion.issue)) else {
        return None;
    };
    let name = suggestion_marker_name(view, suggestion);
    let key = SuggestionKey::of(suggestion);
    let top = ui.cursor().min.y;
    ui.horizontal(|ui| {
        let (dot, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
        ui.painter().circle_filled(dot.center(), 4.5, theme::color(actor.color));
        let text = format!(
            "{} — {} ({}, {})",
            actor.name,
            pole_description(issue, suggestion.value),
            format_value(suggestion.value),
            suggestion.confidence.label().to_lowercase()
        );
        let row = ui.add(egui::Button::selectable(current, text).wrap_mode(egui::TextWrapMode::Truncate));
        let label = suggestion_label(&name);
        row.widget_info(|| WidgetInfo::selected(egui::Role::Button, true, current, &label));
        let sentence = view
            .article()
            .and_then(|id| project.article(id))
            .and_then(|article| article.text.get(suggestion.start..suggestion.end))
            .unwrap_or_default();
        let row = row.on_hover_ui(|ui| {
            ui.set_max_width(360.0);
            ui.strong(&name);
            ui.label(RichText::new(format!("“{sentence}”")).italics());
            for cue in &suggestion.cues {
                ui.label(RichText::new(cue).small());
            }
        });
        if row.clicked() {
            view.commands.send(Command::FocusSuggestion(key.clone()));
            view.commands.send(Command::RevealInReader { start: suggestion.start, end: suggestion.end });
        }
        let accept =
            ui.small_button("Accept").on_hover_text("Code this position with the sentence as evidence (Enter)");
        accept.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, format!("Accept suggestion {name}")));
        if accept.clicked() {
            view.commands.send(Command::AcceptSuggestion(Some(key.clone())));
        }
        let reject = ui.small_button("Reject").on_hover_text("Do not suggest this again for this article (Backspace)");
        reject.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, format!("Reject suggestion {name}")));
        if reject.clicked() {
            view.commands.send(Command::RejectSuggestion(Some(key)));
        }
    });
    let row_end = ui.cursor().min.y;
    // The learnt phrases behind this suggestion, each of which the analyst may tell it to forget.
    for phrase in &suggestion.learnt {
        ui.horizontal(|ui| {
            ui.add_space(14.0);
            ui.label(RichText::new(format!("learnt phrase “{phrase}”")).small().weak());
            forget_button_ui(ui, view, issue, phrase, &forget_in_suggestion_label(phrase, &name));
        });
    }
    let learnt = match suggestion.learnt.len() {
        0 => 0.0,
        n => (ui.cursor().min.y - row_end) / n as f32,
    };
    Some(RowHeights { row: row_end - top, learnt })
}

/// The open suggestions of the current article for `issue`, as hollow dashed markers on the axis
/// line at their proposed values; each is a read-only slider named "Suggested: <actor> on <issue>"
/// that puts the cursor on its suggestion when clicked.
pub fn ghost_markers_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    view: &ViewContext<'_>,
    issue: &Issue,
    x_of_value: &dyn Fn(f64) -> f32,
    axis_y: f32,
) {
    let open: Vec<&Suggestion> = view.derived.suggestions().open().collect();
    let cursor = view.session.suggestion_cursor().min(open.len().saturating_sub(1));
    for (index, suggestion) in open.iter().enumerate().filter(|(_, s)| s.issue == issue.id) {
        let Some(actor) = view.project().actor(&suggestion.actor) else { continue };
        let center = pos2(x_of_value(suggestion.value), axis_y - MARKER_RADIUS - 2.0);
        let color = theme::color(actor.color);
        let current = index == cursor;
        let faded = if current { color } else { color.gamma_multiply(0.55) };
        dashed_circle(painter, center, MARKER_RADIUS - 1.0, Stroke::new(if current { 2.0 } else { 1.2 }, faded));
        painter.text(center, Align2::CENTER_CENTER, actor.marker_label(), FontId::proportional(9.5), faded);
        let id = Id::unique(("suggestion-ghost", &suggestion.actor, &suggestion.issue, suggestion.start));
        let response =
            ui.interact(Rect::from_center_size(center, Vec2::splat(MARKER_RADIUS * 2.0)), id, Sense::click());
        let label = ghost_label(&marker_label(&actor.name, &issue.name));
        response.widget_info(|| WidgetInfo::slider(false, suggestion.value, &label));
        let response = response.on_hover_text(format!(
            "{label}: {} ({}). Enter accepts, Backspace rejects.",
            format_value(suggestion.value),
            pole_description(issue, suggestion.value)
        ));
        if response.clicked() {
            view.commands.send(Command::FocusSuggestion(SuggestionKey::of(suggestion)));
            view.commands.send(Command::RevealInReader { start: suggestion.start, end: suggestion.end });
        }
    }
}

fn dashed_circle(painter: &egui::Painter, center: egui::Pos2, radius: f32, stroke: Stroke) {
    let segments = 16;
    for segment in (0..segments).step_by(2) {
        let angle = |i: usize| i as f32 / segments as f32 * std::f32::consts::TAU;
        let at = |a: f32| center + radius * Vec2::angled(a);
        painter.line_segment([at(angle(segment)), at(angle(segment + 1))], stroke);
    }
}

/// The status bar's part: the current article's accepted and rejected suggestions.
pub fn status_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    if view.article().is_none() {
        return;
    }
    let counts = view.derived.suggestions().counts();
    let text =
        format!("Suggestions: {} accepted · {} rejected · {} open", counts.accepted, counts.rejected, counts.open);
    ui.label(RichText::new(text).small().weak());
}
