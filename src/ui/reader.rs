//! The article reader: title, source and date, then the text with every actor mention tinted in the
//! actor's colour, issue keywords underlined, evidence quotes marked and, while the find bar
//! ([`super::find`]) is open, its matches tinted. Text is selectable; the selection can be stored
//! as evidence for the selected marker (the session snaps it to whole words, and the count of
//! words shown here is of the snapped span).
//!
//! Laying out a long article is the most expensive thing the app draws, so the highlighted layout
//! (`Galley`) is cached and rebuilt only when the article, the project (actors, evidence), the
//! width or the theme change — never per frame.

use std::sync::Arc;

use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Id, RichText, Stroke, Ui};

use super::ViewContext;
use super::find::{FindBar, find_field_id};
use super::theme;
use super::user_command::UserCommand;
use crate::analysis::mentions::{Mention, MentionTarget};
use crate::model::{Article, Project, span};
use crate::session::Command;

/// UI state of the reader: the find bar, the last selection and pending scroll requests.
#[derive(Default)]
pub struct ReaderPanel {
    /// Whether the find bar is shown.
    pub find_open: bool,
    /// Set when the find bar should take keyboard focus.
    pub focus_find: bool,
    /// The find bar: query, matches, the all-articles search.
    pub find: FindBar,
    /// Byte range of the current selection in the article text, if any.
    pub selection: Option<(usize, usize)>,
    /// A byte range to select and scroll to on the next frame.
    pub reveal: Option<(usize, usize)>,
    /// The reveal comes from the find bar, which keeps the keyboard.
    reveal_keeps_focus: bool,
    /// The frame in which `reveal` was first seen.
    reveal_requested_in_pass: Option<u64>,
    /// Byte offset to scroll into view once the text has been laid out.
    pending_scroll: Option<usize>,
    /// The article drawn last frame: another one (or the first after a launch) starts at its top.
    shown_article: Option<String>,
    cache: Option<CachedLayout>,
}

struct CachedLayout {
    key: LayoutKey,
    galley: Arc<Galley>,
    /// The galley's paragraphs, for the screen reader's nodes of those in view.
    paragraphs: Vec<Paragraph>,
}

#[derive(Clone, PartialEq)]
struct LayoutKey {
    article: String,
    highlight_version: u64,
    /// The find matches tinted and the current one.
    find_version: u64,
    wrap_width_bits: u32,
    dark_mode: bool,
}

/// The reader's accessible id, so tests and shortcuts can address it.
pub fn reader_text_id() -> Id {
    Id::unique("article-reader-text")
}

impl ReaderPanel {
    /// Draws the reader for `article`, highlighted with the mentions of the derived store (whose
    /// highlight version keys the layout cache).
    pub fn show_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>, article: Option<&Article>) {
        let Some(article) = article else {
            empty_state_ui(ui, view);
            return;
        };
        self.header_ui(ui, view, article);
        if self.find_open {
            let focus = std::mem::take(&mut self.focus_find);
            let outcome = self.find.bar_ui(ui, view, article, self.selection, focus);
            if let Some(span) = outcome.select {
                self.reveal = Some(span);
                self.reveal_keeps_focus = true;
            }
            self.find_open = !outcome.close;
        }
        self.evidence_bar_ui(ui, view, article);
        ui.separator();
        let mut scroll = egui::ScrollArea::vertical().id_salt("reader-scroll").auto_shrink([false, false]);
        // egui keeps (and eframe persists) a scroll area's offset by its id: a newly shown article,
        // and the first one after a launch, would otherwise open at the previous one's offset.
        if self.shown_article.as_deref() != Some(article.id.as_str()) {
            self.shown_article = Some(article.id.to_string());
            scroll = scroll.vertical_scroll_offset(0.0);
        }
        scroll.show(ui, |ui| {
            ui.add_space(4.0);
            // A few spans, copied so the text below may change the reader's state.
            let found = if self.find_open { self.find.matches().to_vec() } else { Vec::new() };
            let highlight = Highlight {
                mentions: view.derived.mentions(),
                version: view.derived.highlight_version(),
                found: &found,
            };
            self.text_ui(ui, view.project(), article, &highlight);
            ui.add_space(24.0);
        });
    }

    fn header_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>, article: &Article) {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let title = if article.title.trim().is_empty() { "Untitled article" } else { article.title.as_str() };
            ui.add(egui::Label::new(RichText::new(title).heading().strong()).wrap());
        });
        let mut details: Vec<String> = Vec::new();
        for part in [&article.source, &article.date, &article.byline] {
            if !part.trim().is_empty() {
                details.push(part.trim().to_owned());
            }
        }
        if details.is_empty() && !article.origin_file.is_empty() {
            details.push(article.origin_file.clone());
        }
        ui.horizontal_wrapped(|ui| {
            if !details.is_empty() {
                ui.label(RichText::new(details.join("  ·  ")).color(ui.visuals().weak_text_color()));
            }
            if !article.url.is_empty() {
                ui.hyperlink_to(RichText::new("link").small(), &article.url);
            }
            if ui
                .small_button("Edit details")
                .on_hover_text(UserCommand::EditArticleDetails.text_and_tooltip().1)
                .clicked()
            {
                view.commands.send(UserCommand::EditArticleDetails.command());
            }
        });
    }

    fn evidence_bar_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>, article: &Article) {
        let selection = self.selection.filter(|(start, end)| end > start);
        ui.horizontal(|ui| {
            let has_marker = view.selected_marker().is_some();
            let enabled = selection.is_some() && has_marker;
            let button = ui.add_enabled(enabled, egui::Button::new("Use selection as evidence"));
            let hint = match (selection.is_some(), view.selected_marker()) {
                (_, None) => "Select a marker on an issue axis first".to_owned(),
                (false, Some(_)) => "Select a quote in the text".to_owned(),
                (true, Some(marker)) => {
                    let actor = view.project().actor(&marker.actor).map_or("", |a| a.name.as_str());
                    let issue = view.project().issue(&marker.issue).map_or("", |i| i.name.as_str());
                    format!("Quote for {actor} on {issue}")
                }
            };
            if button.clicked()
                && let Some((start, end)) = selection
            {
                view.commands.send(Command::AddEvidence { start, end });
            }
            ui.label(RichText::new(hint).small().color(ui.visuals().weak_text_color()));
            // Counted as it would be quoted: snapped to whole words.
            if let Some((start, end)) = selection
                && let Some((start, end)) = span::snap_to_words(&article.text, start, end)
            {
                let words = span::word_count(&article.text[start..end]);
                let text = crate::model::wording::count(words, "word selected", "words selected");
                ui.label(RichText::new(text).small().weak());
            }
        });
    }

    fn text_ui(&mut self, ui: &mut Ui, project: &Project, article: &Article, highlight: &Highlight<'_>) {
        let dark_mode = ui.visuals().dark_mode;
        let text_color = ui.visuals().text_color();
        let current_found = self.selection.and_then(|selection| highlight.found.iter().position(|&s| s == selection));
        let find_version = {
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&(highlight.found, current_found), &mut hasher);
            std::hash::Hasher::finish(&hasher)
        };
        let wrap_width = ui.available_width();
        let key = LayoutKey {
            article: article.id.to_string(),
            highlight_version: highlight.version,
            find_version,
            wrap_width_bits: wrap_width.to_bits(),
            dark_mode,
        };
        if self.cache.as_ref().is_none_or(|cached| cached.key != key) {
            let colors = LayoutColors { dark_mode, text_color };
            let mut job = highlighted_layout_job(project, article, highlight, current_found, colors);
            job.wrap.max_width = wrap_width;
            let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
            let paragraphs = paragraphs_of(&galley);
            self.cache = Some(CachedLayout { key, galley, paragraphs });
        }
        let Some(layout) = &self.cache else { return };
        let id = reader_text_id();
        // Reveal on the frame after the request: the key press that asked for it (Enter in the find
        // bar) must not reach the reader, where it would replace the new selection.
        let pass = ui.ctx().cumulative_pass_nr();
        if self.reveal.is_some() && self.reveal_requested_in_pass.is_none() {
            self.reveal_requested_in_pass = Some(pass);
            ui.ctx().request_repaint();
        }
        let reveal_due = self.reveal_requested_in_pass.is_some_and(|requested| pass > requested);
        if let Some((start, end)) = self.reveal.take_if(|_| reveal_due) {
            self.reveal_requested_in_pass = None;
            let range = CCursorRange::two(
                CCursor::new(char_index(&article.text, start)),
                CCursor::new(char_index(&article.text, end)),
            );
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
            state.cursor.set_char_range(Some(range));
            state.store(ui.ctx(), id);
            // Stepping through find matches leaves the keyboard in the find field.
            if !std::mem::take(&mut self.reveal_keeps_focus) {
                ui.memory_mut(|memory| memory.request_focus(id));
            }
            self.selection = Some((start, end));
            self.pending_scroll = Some(start);
        }
        let output = selectable_text_ui(ui, id, &layout.galley, &layout.paragraphs, &article.text);
        if let Some(range) = output.cursor_range {
            let [first, last] = range.sorted_cursors();
            let (start, end) = (byte_index(&article.text, first.index.0), byte_index(&article.text, last.index.0));
            self.selection = (end > start).then_some((start, end));
        }
        if let Some(start) = self.pending_scroll.take() {
            let cursor_rect = layout.galley.pos_from_cursor(CCursor::new(char_index(&article.text, start)));
            let rect = cursor_rect.translate(output.galley_pos.to_vec2()).expand2(egui::vec2(0.0, 60.0));
            ui.scroll_to_rect(rect, Some(egui::Align::Center));
        }
    }
}

/// What [`selectable_text_ui`] reports.
struct TextOutput {
    /// The selection while the text has the keyboard focus.
    cursor_range: Option<CCursorRange>,
    /// Where the galley's origin was drawn.
    galley_pos: egui::Pos2,
}

/// A paragraph of the laid-out text: its rows and its bytes of the text.
#[derive(Clone, Debug, PartialEq)]
struct Paragraph {
    /// The galley's rows it spans.
    rows: std::ops::Range<usize>,
    /// Its bytes of the text (without the line break).
    bytes: std::ops::Range<usize>,
}

/// The paragraphs of `galley` (its text split at line breaks), in order.
fn paragraphs_of(galley: &Galley) -> Vec<Paragraph> {
    let text = galley.text();
    let mut paragraphs = Vec::new();
    let (mut first_row, mut start) = (0, 0);
    let mut lines = text.split('\n');
    for (index, row) in galley.rows.iter().enumerate() {
        if row.ends_with_newline || index + 1 == galley.rows.len() {
            let line = lines.next().unwrap_or_default();
            paragraphs.push(Paragraph { rows: first_row..index + 1, bytes: start..start + line.len() });
            start += line.len() + 1;
            first_row = index + 1;
        }
    }
    paragraphs
}

/// The article text as one selectable, read-only text: the cached galley drawn at once (the
/// tessellator skips rows out of view), selection by mouse (click, drag, double and triple click,
/// Shift+click), Ctrl+A and copy, the selection kept in egui's `TextEditState` under `id` (so the
/// find bar and the reveal set it as before). For screen readers the text is one node named
/// "Article text" with a child per paragraph in view holding that paragraph's text: egui's
/// `TextEdit` would build a node per row of the whole 40 KB article in every frame.
fn selectable_text_ui(ui: &mut Ui, id: Id, galley: &Arc<Galley>, paragraphs: &[Paragraph], text: &str) -> TextOutput {
    // Size
    let size = egui::vec2(ui.available_width().max(galley.size().x), galley.size().y);
    // Allocate
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let response = ui.interact(rect, id, egui::Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Article text"));
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(egui::accesskit::Role::MultilineTextInput);
        node.set_read_only();
    });
    // Interact
    let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
    let galley_pos = rect.min;
    if let Some(pointer) = response.interact_pointer_pos() {
        let at_pointer = galley.cursor_from_pos(pointer - galley_pos);
        let dragged = ui.is_being_dragged(id);
        if state.cursor.pointer_interaction(ui, &response, at_pointer, galley, dragged) || response.clicked() {
            ui.memory_mut(|memory| memory.request_focus(id));
        }
    }
    if response.hovered() {
        ui.set_cursor_icon(egui::CursorIcon::Text);
    }
    let focused = ui.memory(|memory| memory.has_focus(id));
    if focused {
        let (copy, select_all) = ui.input(|input| {
            let copy = input.events.iter().any(|event| matches!(event, egui::Event::Copy));
            let select_all = input.events.iter().any(|event| {
                matches!(event, egui::Event::Key { key: egui::Key::A, pressed: true, modifiers, .. } if modifiers.command)
            });
            (copy, select_all)
        });
        if select_all {
            state.cursor.set_char_range(Some(CCursorRange::select_all(galley)));
        }
        if copy
            && let Some(range) = state.cursor.range(galley)
            && !range.is_empty()
        {
            ui.copy_text(range.slice_str(text).to_owned());
        }
    }
    let cursor_range = state.cursor.range(galley).filter(|_| focused);
    state.store(ui.ctx(), id);
    // Paint: the selection behind the rows in view, then the text.
    let clip = ui.clip_rect().intersect(rect);
    let in_view = rows_in_view(galley, (clip.top() - galley_pos.y)..=(clip.bottom() - galley_pos.y));
    if let Some(range) = cursor_range.filter(|range| !range.is_empty()) {
        let [first, last] = range.sorted_cursors();
        let (first, last) = (galley.layout_from_cursor(first), galley.layout_from_cursor(last));
        let color = ui.visuals().selection.bg_fill;
        for index in first.row.max(in_view.start)..=last.row.min(in_view.end.saturating_sub(1)) {
            let Some(row) = galley.rows.get(index) else { break };
            let left = if index == first.row { row.x_offset(first.column) } else { 0.0 };
            let right = if index == last.row { row.x_offset(last.column) } else { row.size.x + 4.0 };
            let row_rect = egui::Rect::from_x_y_ranges(left..=right, 0.0..=row.size.y);
            ui.painter().rect_filled(row_rect.translate(row.pos.to_vec2() + galley_pos.to_vec2()), 0.0, color);
        }
    }
    ui.painter().galley(galley_pos, galley.clone(), ui.visuals().text_color());
    // Screen readers: the paragraphs in view, each a node with its text.
    if ui.ctx().has_accesskit_node(id) {
        let first = paragraphs.partition_point(|paragraph| paragraph.rows.end <= in_view.start);
        for (index, paragraph) in paragraphs.iter().enumerate().skip(first) {
            if paragraph.rows.start >= in_view.end {
                break;
            }
            let (Some(top), Some(bottom)) =
                (galley.rows.get(paragraph.rows.start), galley.rows.get(paragraph.rows.end - 1))
            else {
                continue;
            };
            let Some(words) = text.get(paragraph.bytes.clone()).filter(|words| !words.trim().is_empty()) else {
                continue;
            };
            let area = egui::Rect::from_min_max(top.rect().min, bottom.rect().max).translate(galley_pos.to_vec2());
            let node = ui.interact(area.intersect(rect), id.with(("paragraph", index)), egui::Sense::hover());
            node.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, words));
        }
    }
    TextOutput { cursor_range, galley_pos }
}

/// The rows of `galley` that overlap `y_range` (in the galley's coordinates).
fn rows_in_view(galley: &Galley, y_range: std::ops::RangeInclusive<f32>) -> std::ops::Range<usize> {
    let first = galley.rows.partition_point(|row| row.rect().bottom() < *y_range.start());
    let end = galley.rows.partition_point(|row| row.rect().top() <= *y_range.end());
    first..end.max(first)
}

impl ReaderPanel {
    /// Forgets the selection and cached layout (another article is shown).
    pub fn reset_for_new_article(&mut self) {
        self.selection = None;
        self.reveal = None;
        self.reveal_keeps_focus = false;
    }

    /// Routes a shortcut's command through the reader: F3 / Shift+F3 while the find field has the
    /// keyboard step through the find matches (`None`: the reader took it); otherwise they step
    /// through the chosen actor's mentions from the reader's selection.
    pub fn route_shortcut(&mut self, ctx: &egui::Context, command: UserCommand) -> Option<Command> {
        let step = match command {
            UserCommand::NextMention => 1,
            UserCommand::PreviousMention => -1,
            _ => return Some(command.command()),
        };
        if self.find_open && ctx.memory(|memory| memory.has_focus(find_field_id())) {
            self.find.request_step(step);
            return None;
        }
        Some(Command::StepMention { step, from: self.selection })
    }
}

/// The status bar's mention line: "Mention 3 of 12 of Russia" while stepping through the chosen
/// actor's mentions, or how often this article mentions the chosen actor.
pub fn mention_status_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let Some(actor_id) = view.session.mention_actor() else { return };
    let project = view.project();
    let Some(index) = project.actors.iter().position(|actor| &actor.id == actor_id) else { return };
    let name = &project.actors[index].name;
    let text = match view.session.mention_cursor() {
        Some(cursor) => format!("Mention {} of {} of {name}", cursor.index + 1, cursor.total),
        None => {
            let count = view.derived.mention_counts().get(index).copied().unwrap_or(0);
            format!(
                "{name}: {} in this article (F3 steps through them)",
                crate::model::wording::count(count, "mention", "mentions")
            )
        }
    };
    ui.separator();
    ui.label(RichText::new(text).small());
}

fn empty_state_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.3);
        ui.heading("No article yet");
        ui.label("Import an article (.txt, .md) or drop a file on this window.");
        ui.add_space(8.0);
        if ui.button("Import articles…").clicked() {
            view.commands.send(UserCommand::ImportArticles.command());
        }
    });
}

/// What the reader tints: mentions (with the version keying the layout cache) and find matches.
struct Highlight<'a> {
    mentions: &'a [Mention],
    version: u64,
    found: &'a [(usize, usize)],
}

#[derive(Clone, Copy)]
struct LayoutColors {
    dark_mode: bool,
    text_color: Color32,
}

/// Background of find matches, and of the current one.
fn found_background(dark_mode: bool, current: bool) -> Color32 {
    match (dark_mode, current) {
        (false, false) => Color32::from_rgb(0xff, 0xf0, 0x9a),
        (false, true) => Color32::from_rgb(0xff, 0xb8, 0x3d),
        (true, false) => Color32::from_rgb(0x5a, 0x4e, 0x10),
        (true, true) => Color32::from_rgb(0x9a, 0x62, 0x00),
    }
}

/// Builds the text layout with mention, keyword, evidence and find-match styling.
fn highlighted_layout_job(
    project: &Project,
    article: &Article,
    highlight: &Highlight<'_>,
    current_found: Option<usize>,
    colors: LayoutColors,
) -> LayoutJob {
    let LayoutColors { dark_mode, text_color } = colors;
    let mentions = highlight.mentions;
    let text = &article.text;
    // Evidence spans of this article's positions, with the actor's colour.
    let evidence: Vec<(usize, usize, Color32)> = project
        .positions
        .iter()
        .filter(|position| position.article.as_ref() == Some(&article.id))
        .flat_map(|position| {
            let color = project.actor(&position.actor).map_or(text_color, |actor| theme::color(actor.color));
            position.evidence.iter().map(move |evidence| (evidence.start, evidence.end, color))
        })
        .filter(|(start, end, _)| start < end && *end <= text.len())
        .collect();
    let mut boundaries: Vec<usize> = vec![0, text.len()];
    boundaries.extend(mentions.iter().flat_map(|m| [m.start, m.end]));
    boundaries.extend(evidence.iter().flat_map(|(start, end, _)| [*start, *end]));
    boundaries.extend(highlight.found.iter().flat_map(|&(start, end)| [start, end]));
    boundaries.retain(|&offset| text.is_char_boundary(offset));
    boundaries.sort_unstable();
    boundaries.dedup();

    let base = TextFormat {
        font_id: FontId::proportional(theme::READER_FONT_SIZE),
        color: text_color,
        line_height: Some(theme::READER_FONT_SIZE * 1.55),
        ..TextFormat::default()
    };
    let mut job = LayoutJob { text: text.clone(), ..LayoutJob::default() };
    let mut mention_index = 0;
    for pair in boundaries.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut format = base.clone();
        while mention_index < mentions.len() && mentions[mention_index].end <= start {
            mention_index += 1;
        }
        if let Some(mention) = mentions.get(mention_index).filter(|m| m.start <= start && end <= m.end) {
            match mention.target {
                MentionTarget::Actor(index) => {
                    if let Some(actor) = project.actors.get(index) {
                        format.background = theme::mention_background(actor.color, dark_mode);
                        format.expand_bg = 1.0;
                    }
                }
                MentionTarget::Issue(_) => {
                    format.underline = Stroke::new(1.0, text_color.gamma_multiply(0.5));
                }
            }
        }
        if let Some((_, _, color)) = evidence.iter().find(|(s, e, _)| *s <= start && end <= *e) {
            if format.background == Color32::TRANSPARENT {
                format.background = theme::evidence_background(dark_mode);
            }
            format.underline = Stroke::new(2.0, *color);
        }
        // Matches are few and sorted: the one holding this piece, if any.
        let found = highlight.found.partition_point(|&(_, found_end)| found_end <= start);
        if let Some(&(found_start, found_end)) = highlight.found.get(found)
            && found_start <= start
            && end <= found_end
        {
            format.background = found_background(dark_mode, current_found == Some(found));
        }
        job.sections.push(egui::text::LayoutSection {
            leading_space: 0.0,
            byte_range: egui::text::ByteIndex(start)..egui::text::ByteIndex(end),
            format,
        });
    }
    job
}

/// Byte offset of the `char_index`-th character.
fn byte_index(text: &str, char_index: usize) -> usize {
    text.char_indices().nth(char_index).map_or(text.len(), |(byte, _)| byte)
}

/// Character index of a byte offset.
fn char_index(text: &str, byte_offset: usize) -> usize {
    text.get(..byte_offset).map_or_else(|| text.chars().count(), |head| head.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_and_byte_indices_convert_both_ways() {
        let text = "Kyiv — “no”";
        for (char_index_expected, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(char_index(text, byte), char_index_expected);
            assert_eq!(byte_index(text, char_index_expected), byte);
        }
        assert_eq!(byte_index(text, 1000), text.len());
    }
}
