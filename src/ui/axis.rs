//! The issue axis: a horizontal scale with two labelled poles and one draggable marker per actor.
//!
//! Drawn in the four steps of a custom widget (size, allocate, interact, paint). Markers of actors
//! coded for the current article sit on the axis; markers that would overlap are lifted into at
//! most [`MAX_LANES`] lanes above it (beyond that they overlap, this article's markers drawn and
//! hit over the overall diamonds), labelled with unique short names. The layout never jumps under
//! the pointer: the forecast captions always have their band, and while a mouse button is down the
//! axis keeps at least the lanes it had.
//! Actors not yet coded wait in a tray under the axis; dragging one onto the axis codes it. With an
//! article open the tray shows the actors it mentions, the others behind "+ N more". Under
//! the scale, up to [`MAX_SPREADS`] actors' spreads over all articles are drawn, each named.
//! Each marker is an accessible slider named "<actor> on <issue>"; arrow keys move a focused marker by
//! one unit (Shift: ten), Delete clears it. While an article is open, the coder's overall judgement
//! of an actor (a position with no article) is a hollow diamond beside the article's markers, named
//! "<actor> overall on <issue>" and moved the same way ([`marker`]). Values are named by space:
//! `value_on_axis` is in the issue's scale units, `x_in_ui` in screen points.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{
    Align2, Color32, CornerRadius, FontId, Id, Pos2, Rect, Response, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo,
    emath::RectTransform, pos2, vec2,
};

mod marker;

pub use marker::marker_id;

use marker::{Marker, MarkerKind, marker_ui};

use super::ViewContext;
use super::theme::{self, MARKER_RADIUS};
use crate::analysis::aggregate::AggregateRow;
use crate::model::{Actor, ActorId, Issue, Position, PositionKey};
use crate::session::open_positions::IssueRow;

/// Vertical room for one lane of markers.
const LANE_HEIGHT: f32 = MARKER_RADIUS * 2.0 + 3.0;
/// Horizontal margin so end markers are not clipped.
const SIDE_MARGIN: f32 = MARKER_RADIUS + 4.0;
/// The most lanes markers are lifted into.
pub const MAX_LANES: usize = 3;
/// The most spread rows under one axis (the selected actor's first, then those coded here).
pub const MAX_SPREADS: usize = 8;
/// Height of the band above the markers where forecast captions go (always reserved).
const GUIDE_CAPTION_HEIGHT: f32 = 13.0;

/// An extra line to draw on the axis (e.g. a forecast), in the issue's units.
pub struct AxisGuide {
    /// Where, in issue units.
    pub value_on_axis: f64,
    /// Short caption drawn above the line.
    pub caption: String,
    /// Line colour.
    pub color: Color32,
}

/// The number of marker lanes to make room for: while a button is held (a drag) the axis never
/// shrinks, so the marker under the pointer stays put.
fn steady_lanes(ui: &Ui, issue: &Issue, lanes: usize) -> usize {
    let lanes_id = Id::unique(("axis-lanes", &issue.id));
    let held = ui.input(|input| input.pointer.any_down());
    let kept: usize = ui.data(|data| data.get_temp(lanes_id)).unwrap_or(1);
    let lanes = if held { lanes.max(kept) } else { lanes };
    ui.data_mut(|data| data.insert_temp(lanes_id, lanes));
    lanes
}

/// Draws one issue axis with its markers and handles dragging, keys and selection.
pub fn issue_axis_ui(ui: &mut Ui, view: &ViewContext<'_>, issue: &Issue, guides: &[AxisGuide]) -> Response {
    // Scrolled out of view (known from the height it had last frame): only take up its room, so a
    // corpus's twenty axes of sixty markers do not all build markers and accessibility nodes.
    let height_id = Id::unique(("axis-height", &issue.id));
    if let Some(height) = ui.data(|data| data.get_temp::<f32>(height_id)) {
        let size = vec2(ui.available_width().max(160.0), height);
        if !ui.is_rect_visible(Rect::from_min_size(ui.cursor().min, size)) {
            return ui.allocate_exact_size(size, Sense::hover()).1;
        }
    }
    let dark_mode = ui.visuals().dark_mode;
    let project = view.project();
    let mut placed: Vec<(&Actor, &Position)> = Vec::new();
    // Unplaced actors with their index in the actor list (which indexes the mention counts).
    let mut unplaced: Vec<(usize, &Actor)> = Vec::new();
    let row = view.open_positions(&issue.id);
    for (index, actor) in project.actors.iter().enumerate() {
        let position = match row {
            Some(row) => row.article.get(index).and_then(Option::as_ref),
            None => view.position(&actor.id, &issue.id),
        };
        match position {
            Some(position) => placed.push((actor, position)),
            None => unplaced.push((index, actor)),
        }
    }
    let tray = Tray::new(ui, view, issue, unplaced);

    // 1. Size: lanes for overlapping markers above the axis line, ticks and poles below, tray last.
    let width = ui.available_width().max(160.0);
    let axis_rect_x = (SIDE_MARGIN, width - SIDE_MARGIN);
    let (low, high) = issue.bounds();
    let x_of = |value: f64| -> f32 {
        let fraction = ((value - low) / (high - low).max(f64::EPSILON)) as f32;
        axis_rect_x.0 + fraction.clamp(0.0, 1.0) * (axis_rect_x.1 - axis_rect_x.0)
    };
    let overall = overall_positions(view, issue, row);
    // This article's markers take the lanes first; the overall diamonds fill in around them.
    let on_axis: Vec<(&Actor, &Position)> = placed.iter().chain(&overall).copied().collect();
    let (lane_of, lanes) = assign_lanes(&on_axis, x_of);
    let lanes = steady_lanes(ui, issue, lanes);
    let markers_height = GUIDE_CAPTION_HEIGHT + lanes as f32 * LANE_HEIGHT;
    let scale_height = 34.0; // tick numbers and pole labels
    let (spreads, more_spreads) =
        if view.session.show_spread() { spread_rows(view, issue, &placed) } else { (Vec::new(), 0) };
    let short_name_of = short_names_by_actor(ui, view);
    let short_name =
        |actor: &Actor| short_name_of.get(&actor.id).map_or_else(|| actor.marker_label(), |name| name.clone());
    let spread_height = if spreads.is_empty() { 0.0 } else { 18.0 + spreads.len() as f32 * SPREAD_ROW_HEIGHT };
    let tray_rows = tray.slots().div_ceil(tray_slots_per_row(width));
    let tray_height = if tray.is_empty() { 0.0 } else { tray_rows as f32 * LANE_HEIGHT + 4.0 };
    let desired = vec2(width, markers_height + scale_height + spread_height + tray_height);

    // 2. Allocate.
    let (response, painter) = ui.allocate_painter(desired, Sense::hover());
    ui.data_mut(|data| data.insert_temp(height_id, desired.y));
    let rect = response.rect;
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let axis_y = rect.top() + markers_height;
    let axis_ui_rect =
        Rect::from_x_y_ranges(rect.left() + axis_rect_x.0..=rect.left() + axis_rect_x.1, axis_y..=axis_y + 1.0);
    // Map issue units (x) to screen points, and back for drags.
    let axis_range_rect = Rect::from_x_y_ranges(low as f32..=high as f32, 0.0..=1.0);
    let to_screen = RectTransform::from_to(axis_range_rect, axis_ui_rect);
    let to_value = |pos_in_ui: Pos2| -> f64 {
        let value = f64::from(to_screen.inverse().transform_pos(pos_in_ui).x);
        round_to_step(issue, issue.clamp(value))
    };

    // 3. Interact and 4. paint: the scale first, markers on top.
    paint_scale(&painter, ui, issue, axis_ui_rect, &to_screen, dark_mode);
    guides_ui(ui, &painter, issue, guides, &to_screen, rect.top() + 2.0, axis_y);
    if view.session.show_other_coders() {
        other_coders_ui(ui, &painter, view, issue, &to_screen, axis_y);
    }
    let spread_top = axis_y + scale_height + 2.0;
    if !spreads.is_empty() {
        let more = if more_spreads > 0 {
            format!(" (+{more_spreads} more: select a marker to see its own)")
        } else {
            String::new()
        };
        painter.text(
            pos2(rect.left() + 2.0, spread_top),
            Align2::LEFT_TOP,
            format!("Over all articles and coders: min–max, mean ± SD{more}"),
            FontId::proportional(9.5),
            ui.visuals().weak_text_color(),
        );
    }
    for (row_index, (actor, row)) in spreads.iter().enumerate() {
        let y = spread_top + 14.0 + row_index as f32 * SPREAD_ROW_HEIGHT;
        spread_ui(ui, &painter, issue, (actor, &short_name(actor)), row, &to_screen, y);
    }
    // Suggested stances of this article, drawn under the coded markers (`suggestions.rs`).
    let x_of_value = |value: f64| to_screen.transform_pos(pos2(issue.clamp(value) as f32, 0.0)).x;
    super::suggestions::ghost_markers_ui(ui, &painter, view, issue, &x_of_value, axis_y);
    let mut hovered_marker = None;
    // Overall diamonds are drawn first and this article's markers over them, so where markers
    // overlap the one on top (drawn last, hit first) is the article's, the one being coded.
    let draw_order = (placed.len()..on_axis.len()).chain(0..placed.len());
    for index in draw_order {
        let (actor, position) = on_axis[index];
        let x = to_screen.transform_pos(pos2(position.value as f32, 0.0)).x;
        let center = pos2(x, axis_y - MARKER_RADIUS - 2.0 - lane_of[index] as f32 * LANE_HEIGHT);
        let kind = if index < placed.len() { MarkerKind::ThisArticle } else { MarkerKind::Overall };
        let name = short_name(actor);
        let marker = marker_ui(
            ui,
            view,
            issue,
            Marker { actor, short_name: &name, position: Some(position), kind },
            center,
            &to_value,
        );
        if marker.hovered() {
            hovered_marker = Some(marker);
        }
    }
    if !tray.is_empty() {
        let named: Vec<(&Actor, String)> = tray.shown.iter().map(|actor| (*actor, short_name(actor))).collect();
        tray_ui(ui, &painter, view, issue, (&named, &tray), rect, &to_value);
    }
    if let Some(marker) = hovered_marker {
        ui.ctx().set_cursor_icon(if marker.dragged() { egui::CursorIcon::Grabbing } else { egui::CursorIcon::Grab });
    }
    response
}

/// Every actor's unique short name, made once per document generation for all axes.
fn short_names_by_actor(ui: &Ui, view: &ViewContext<'_>) -> Arc<HashMap<ActorId, String>> {
    type Cached = (u64, Arc<HashMap<ActorId, String>>);
    let id = Id::unique("axis-short-names");
    let generation = view.session.generation();
    if let Some((cached, names)) = ui.data(|data| data.get_temp::<Cached>(id))
        && cached == generation
    {
        return names;
    }
    let actors = &view.project().actors;
    let short_names = crate::figure::style::short_names(actors);
    let names: Arc<HashMap<ActorId, String>> =
        Arc::new(actors.iter().map(|actor| actor.id.clone()).zip(short_names).collect());
    ui.data_mut(|data| data.insert_temp::<Cached>(id, (generation, Arc::clone(&names))));
    names
}

/// Lifts markers that would overlap into lanes above the axis: returns each placed marker's lane
/// and the number of lanes (one to [`MAX_LANES`]; when all are taken a marker goes into the lane it
/// overlaps least).
fn assign_lanes(placed: &[(&Actor, &Position)], x_of: impl Fn(f64) -> f32) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by(|&a, &b| placed[a].1.value.total_cmp(&placed[b].1.value));
    let mut lane_of = vec![0usize; placed.len()];
    let mut lane_right_edge: Vec<f32> = Vec::new();
    for &index in &order {
        let x = x_of(placed[index].1.value);
        let free = lane_right_edge.iter().position(|&right| x - right >= MARKER_RADIUS * 2.0 + 1.0);
        let least_crowded = || {
            (0..lane_right_edge.len()).min_by(|&a, &b| lane_right_edge[a].total_cmp(&lane_right_edge[b])).unwrap_or(0)
        };
        let lane = match free {
            Some(lane) => lane,
            None if lane_right_edge.len() < MAX_LANES => lane_right_edge.len(),
            None => least_crowded(),
        };
        if lane == lane_right_edge.len() {
            lane_right_edge.push(x);
        } else {
            lane_right_edge[lane] = x;
        }
        lane_of[index] = lane;
    }
    (lane_of, lane_right_edge.len().max(1))
}

/// The current coder's overall judgements on `issue` (positions with no article), shown beside
/// this article's markers; none when no article is open, since the markers are the overall ones then.
fn overall_positions<'a>(
    view: &ViewContext<'a>,
    issue: &Issue,
    row: Option<&'a IssueRow>,
) -> Vec<(&'a Actor, &'a Position)> {
    if view.article().is_none() || !view.session.show_overall() {
        return Vec::new();
    }
    let project = view.project();
    project
        .actors
        .iter()
        .enumerate()
        .filter_map(|(index, actor)| {
            let position = match row {
                Some(row) => row.overall.get(index).and_then(Option::as_ref),
                None => {
                    let key = PositionKey { article: None, ..view.position_key(&actor.id, &issue.id) };
                    project.positions.get(&key)
                }
            };
            position.map(|position| (actor, position))
        })
        .collect()
}

/// The accessible name of an actor's overall marker: "Russia overall on Ukraine's NATO membership".
pub fn overall_marker_label(actor_name: &str, issue_name: &str) -> String {
    format!("{actor_name} overall on {issue_name}")
}

/// Forecast lines with their captions, each a read-only accessible slider.
fn guides_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    issue: &Issue,
    guides: &[AxisGuide],
    to_screen: &RectTransform,
    top: f32,
    axis_y: f32,
) {
    let xs: Vec<f32> =
        guides.iter().map(|guide| to_screen.transform_pos(pos2(guide.value_on_axis as f32, 0.0)).x).collect();
    let captions: Vec<Arc<egui::Galley>> = guides
        .iter()
        .map(|guide| painter.layout_no_wrap(guide.caption.clone(), FontId::proportional(10.0), guide.color))
        .collect();
    let widths: Vec<f32> = captions.iter().map(|caption| caption.size().x).collect();
    let clip = painter.clip_rect();
    let lefts = caption_lefts(&xs, &widths, (clip.left(), clip.right()));
    for (index, (guide, caption)) in guides.iter().zip(captions).enumerate() {
        let x = xs[index];
        painter.line_segment([pos2(x, top), pos2(x, axis_y + 6.0)], Stroke::new(1.5, guide.color));
        painter.galley(pos2(lefts[index], top), caption, guide.color);
        // A read-only widget so screen readers (and tests) can read where the guide is.
        let guide_rect = Rect::from_x_y_ranges(x - 3.0..=x + 3.0, top..=axis_y + 6.0);
        let guide_response = ui.interact(guide_rect, Id::unique(("axis-guide", &issue.id, index)), Sense::hover());
        let label = format!("Forecast {} on {}", guide.caption, issue.name);
        guide_response.widget_info(|| WidgetInfo::slider(false, guide.value_on_axis, &label));
        guide_response.on_hover_text(format!(
            "Weighted {} {}: capability × salience of the positions this coder gave in this article. \
             The Forecast tab weighs every coder and article.",
            guide.caption,
            format_value(guide.value_on_axis)
        ));
    }
}

/// Where each guide's caption starts (its left edge), given the lines' x and the captions' widths,
/// all within `bounds`. Captions sit in their own band above the markers, on the outer side of
/// their line (the lowest line's to the left, the others' to the right), so they cover no marker;
/// when two would overlap (equal or close values such as a mean and a median, or both pushed
/// inside near a pole) the later one goes to its line's other side, or else just beside the
/// captions already placed.
fn caption_lefts(xs: &[f32], widths: &[f32], bounds: (f32, f32)) -> Vec<f32> {
    const GAP: f32 = 4.0;
    let (low, high) = bounds;
    let clamp = |left: f32, width: f32| left.min(high - width).max(low);
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut lefts = vec![0.0; xs.len()];
    let mut placed: Vec<(f32, f32)> = Vec::new();
    let free = |placed: &[(f32, f32)], left: f32, width: f32| {
        placed.iter().all(|&(start, end)| left + width + GAP <= start || left >= end + GAP)
    };
    for (rank, &index) in order.iter().enumerate() {
        let (x, width) = (xs[index], widths[index]);
        let outer_left = clamp(x - 2.0 - width, width);
        let outer_right = clamp(x + 2.0, width);
        let sides = if rank == 0 { [outer_left, outer_right] } else { [outer_right, outer_left] };
        let beside = || {
            let right_end = placed.iter().map(|&(_, end)| end).fold(low, f32::max);
            let after = right_end + GAP;
            if after + width <= high {
                return after;
            }
            let left_start = placed.iter().map(|&(start, _)| start).fold(high, f32::min);
            clamp(left_start - GAP - width, width)
        };
        let left = sides.into_iter().find(|&left| free(&placed, left, width)).unwrap_or_else(beside);
        placed.push((left, left + width));
        lefts[index] = left;
    }
    lefts
}

/// Other coders' positions for this article: small diamonds on the axis line.
fn other_coders_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    view: &ViewContext<'_>,
    issue: &Issue,
    to_screen: &RectTransform,
    axis_y: f32,
) {
    let project = view.project();
    for position in project.positions.on_issue(&issue.id) {
        if position.coder == *view.coder() || position.article.as_ref() != view.article() {
            continue;
        }
        let Some(actor) = project.actor(&position.actor) else { continue };
        let x = to_screen.transform_pos(pos2(position.value as f32, 0.0)).x;
        let center = pos2(x, axis_y + 0.5);
        let diamond =
            vec![center + vec2(0.0, -6.0), center + vec2(6.0, 0.0), center + vec2(0.0, 6.0), center + vec2(-6.0, 0.0)];
        painter.add(egui::Shape::convex_polygon(
            diamond,
            theme::color(actor.color).gamma_multiply(0.6),
            Stroke::new(1.0, ui.visuals().text_color()),
        ));
        let coder = project.coder(&position.coder).map_or(position.coder.as_str(), |c| c.name.as_str());
        let hover = ui.interact(
            Rect::from_center_size(center, Vec2::splat(12.0)),
            Id::unique(("other-coder", &issue.id, &position.actor, &position.coder)),
            Sense::hover(),
        );
        hover.widget_info(|| {
            WidgetInfo::slider(false, position.value, format!("{} on {} by {coder}", actor.name, issue.name))
        });
        hover.on_hover_text(format!("{coder}: {} at {}", actor.name, format_value(position.value)));
    }
}

/// The actors not yet placed on an axis that its tray shows: with an article open, those the
/// article mentions (and the selected actor); the rest wait behind "+ N more" until it is pressed.
struct Tray<'a> {
    /// The actors shown as rings in the tray, in project order.
    shown: Vec<&'a Actor>,
    /// How many unplaced actors are hidden behind "+ N more".
    hidden: usize,
    /// Whether the user expanded the tray (it then offers "Show fewer").
    expanded: bool,
    /// The egui id remembering the expansion (per axis, for this session).
    expanded_id: Id,
}

/// Slots the "+ N more" / "Show fewer" button takes in the tray.
const TRAY_BUTTON_SLOTS: usize = 3;

impl<'a> Tray<'a> {
    /// `unplaced`: the actors not placed on `issue`, each with its index in the actor list.
    fn new(ui: &Ui, view: &ViewContext<'a>, issue: &Issue, unplaced: Vec<(usize, &'a Actor)>) -> Self {
        let expanded_id = Id::unique(("axis-tray-expanded", &issue.id));
        let expanded = ui.data(|data| data.get_temp::<bool>(expanded_id)).unwrap_or(false);
        let unplaced_actors: Vec<&Actor> = unplaced.iter().map(|(_, actor)| *actor).collect();
        if view.article().is_none() {
            return Self { shown: unplaced_actors, hidden: 0, expanded: false, expanded_id };
        }
        // Counts may lag an edit by a frame (an actor just added or deleted): a missing one is 0.
        let counts = view.derived.mention_counts();
        let selected = view.selected_marker().map(|marker| &marker.actor);
        let relevant = |&(index, actor): &(usize, &Actor)| {
            Some(&actor.id) == selected || counts.get(index).is_some_and(|&count| count > 0)
        };
        let (mentioned, rest): (Vec<_>, Vec<_>) = unplaced.into_iter().partition(relevant);
        let unplaced = unplaced_actors;
        let mentioned: Vec<&Actor> = mentioned.into_iter().map(|(_, actor)| actor).collect();
        if rest.is_empty() {
            return Self { shown: unplaced, hidden: 0, expanded: false, expanded_id };
        }
        if expanded {
            return Self { shown: unplaced, hidden: 0, expanded: true, expanded_id };
        }
        Self { shown: mentioned, hidden: rest.len(), expanded: false, expanded_id }
    }

    /// Whether the tray has nothing to show (every actor is placed).
    fn is_empty(&self) -> bool {
        self.shown.is_empty() && !self.has_button()
    }

    /// Whether the tray ends in a "+ N more" or "Show fewer" button.
    fn has_button(&self) -> bool {
        self.hidden > 0 || self.expanded
    }

    /// Slots the tray takes: one per ring, and the button's.
    fn slots(&self) -> usize {
        self.shown.len() + if self.has_button() { TRAY_BUTTON_SLOTS } else { 0 }
    }
}

/// The label of the tray's button that shows the `hidden` actors the article does not mention.
pub fn tray_more_label(hidden: usize) -> String {
    format!("+ {hidden} more")
}

/// Actors not yet placed on this axis, waiting under it to be dragged on.
fn tray_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    view: &ViewContext<'_>,
    issue: &Issue,
    (unplaced, tray): (&[(&Actor, String)], &Tray<'_>),
    rect: Rect,
    to_value: &dyn Fn(Pos2) -> f64,
) {
    let per_row = tray_slots_per_row(rect.width());
    let rows = tray.slots().div_ceil(per_row);
    let tray_y = rect.bottom() - rows as f32 * LANE_HEIGHT + LANE_HEIGHT / 2.0 - 1.0;
    let tray_label_galley =
        painter.layout_no_wrap("Not placed:".to_owned(), FontId::proportional(11.0), ui.visuals().weak_text_color());
    let label_width = TRAY_LABEL_WIDTH;
    painter.galley(
        pos2(rect.left() + 2.0, tray_y - tray_label_galley.size().y / 2.0),
        tray_label_galley,
        Color32::PLACEHOLDER,
    );
    for (slot, (actor, short_name)) in unplaced.iter().enumerate() {
        let (row, column) = (slot / per_row, slot % per_row);
        let x = rect.left() + label_width + 10.0 + MARKER_RADIUS + column as f32 * TRAY_SLOT;
        let center = pos2(x, tray_y + row as f32 * LANE_HEIGHT);
        let marker = Marker { actor, short_name, position: None, kind: MarkerKind::ThisArticle };
        marker_ui(ui, view, issue, marker, center, to_value);
    }
    if tray.has_button() {
        // The button takes the next slots, wrapping to a new row when they do not fit.
        let slot = unplaced.len();
        let slot = if slot % per_row + TRAY_BUTTON_SLOTS > per_row { slot.next_multiple_of(per_row) } else { slot };
        let (row, column) = (slot / per_row, slot % per_row);
        let left = rect.left() + label_width + 10.0 + column as f32 * TRAY_SLOT;
        let y = tray_y + row as f32 * LANE_HEIGHT;
        let button_rect = Rect::from_min_size(
            pos2(left, y - LANE_HEIGHT / 2.0 + 2.0),
            vec2(TRAY_SLOT * TRAY_BUTTON_SLOTS as f32 - 4.0, LANE_HEIGHT - 4.0),
        );
        let (text, hint) = if tray.expanded {
            ("Show fewer".to_owned(), "Show only the actors this article mentions".to_owned())
        } else {
            (tray_more_label(tray.hidden), format!("Show the {} actors this article does not mention", tray.hidden))
        };
        let button = ui.place(button_rect, egui::Button::new(egui::RichText::new(text).small())).on_hover_text(hint);
        if button.clicked() {
            let expanded = !tray.expanded;
            ui.data_mut(|data| data.insert_temp(tray.expanded_id, expanded));
        }
    }
}

/// Room for the tray's "Not placed:" label.
const TRAY_LABEL_WIDTH: f32 = 62.0;
/// Width of one slot in the tray.
const TRAY_SLOT: f32 = MARKER_RADIUS * 2.0 + 6.0;

/// How many unplaced markers fit in one row of the tray of an axis `width` wide (rows wrap).
fn tray_slots_per_row(width: f32) -> usize {
    (((width - TRAY_LABEL_WIDTH - 10.0) / TRAY_SLOT).floor() as usize).max(1)
}

/// Height of one actor's spread bar under the axis.
const SPREAD_ROW_HEIGHT: f32 = 10.0;

/// The spreads shown under an axis — the selected actor's first, then the actors coded here in
/// axis order — at most [`MAX_SPREADS`], and how many more there are.
fn spread_rows<'a>(
    view: &ViewContext<'a>,
    issue: &Issue,
    placed: &[(&'a Actor, &Position)],
) -> (Vec<(&'a Actor, &'a AggregateRow)>, usize) {
    let project = view.project();
    let row_of = |actor: &Actor| view.derived.aggregate_row(&actor.id, &issue.id);
    let selected = view
        .selected_marker()
        .filter(|marker| marker.issue == issue.id)
        .and_then(|marker| project.actor(&marker.actor));
    let mut by_value: Vec<(&Actor, f64)> = placed.iter().map(|(actor, position)| (*actor, position.value)).collect();
    by_value.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut order: Vec<&Actor> = by_value.into_iter().map(|(actor, _)| actor).collect();
    if let Some(selected) = selected {
        order.retain(|actor| actor.id != selected.id);
        order.insert(0, selected);
    }
    let rows: Vec<(&Actor, &AggregateRow)> =
        order.into_iter().filter_map(|actor| Some((actor, row_of(actor)?))).collect();
    let more = rows.len().saturating_sub(MAX_SPREADS);
    (rows.into_iter().take(MAX_SPREADS).collect(), more)
}

/// An actor's positions over all articles and coders: a bar from min to max, mean ± SD thicker,
/// a dot at the mean. Hover tells the numbers.
fn spread_ui(
    ui: &Ui,
    painter: &egui::Painter,
    issue: &Issue,
    (actor, short_name): (&Actor, &str),
    row: &AggregateRow,
    to_screen: &RectTransform,
    y: f32,
) {
    let x = |value: f64| to_screen.transform_pos(pos2(issue.clamp(value) as f32, 0.0)).x;
    let color = theme::color(actor.color);
    let center_y = y + SPREAD_ROW_HEIGHT / 2.0;
    painter.line_segment(
        [pos2(x(row.min), center_y), pos2(x(row.max), center_y)],
        Stroke::new(1.0, color.gamma_multiply(0.6)),
    );
    painter.line_segment(
        [pos2(x(row.mean - row.sd), center_y), pos2(x(row.mean + row.sd), center_y)],
        Stroke::new(3.0, color.gamma_multiply(0.8)),
    );
    painter.circle_filled(pos2(x(row.mean), center_y), 3.0, color);
    // The actor's short name after the bar (before it when the bar ends near the high pole).
    let name = painter.layout_no_wrap(short_name.to_owned(), FontId::proportional(8.5), color);
    let after = x(row.max) + 4.0;
    let name_x =
        if after + name.size().x < painter.clip_rect().right() { after } else { x(row.min) - 4.0 - name.size().x };
    painter.galley(pos2(name_x, center_y - name.size().y / 2.0), name, color);
    let bar = Rect::from_x_y_ranges(x(row.min) - 3.0..=x(row.max) + 3.0, y..=y + SPREAD_ROW_HEIGHT);
    let response = ui.interact(bar, Id::unique(("axis-spread", &issue.id, &actor.id)), Sense::hover());
    let label = format!("{} on {} over all articles", actor.name, issue.name);
    response.widget_info(|| WidgetInfo::slider(false, row.mean, &label));
    response.on_hover_text(format!(
        "{label}: mean {} (SD {}), range {}–{}, n = {}",
        format_value(row.mean),
        format_value((row.sd * 10.0).round() / 10.0),
        format_value(row.min),
        format_value(row.max),
        row.n
    ));
}

/// "closer to <low label>" / "closer to <high label>" / "midway".
pub fn pole_description(issue: &Issue, value: f64) -> String {
    let fraction = (value - issue.bounds().0) / issue.span();
    if fraction < 0.4 {
        format!("toward “{}”", issue.low_label)
    } else if fraction > 0.6 {
        format!("toward “{}”", issue.high_label)
    } else {
        "midway".to_owned()
    }
}

/// A value for display: whole numbers without decimals.
pub fn format_value(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// Snaps a dragged value to a step of one hundredth of the scale (1 on 0–100).
fn round_to_step(issue: &Issue, value: f64) -> f64 {
    let step = issue.span() / 100.0;
    let (low, _) = issue.bounds();
    issue.clamp(low + ((value - low) / step).round() * step)
}

fn paint_scale(
    painter: &egui::Painter,
    ui: &Ui,
    issue: &Issue,
    axis: Rect,
    to_screen: &RectTransform,
    dark_mode: bool,
) {
    let visuals = ui.visuals();
    let line_color = if dark_mode { Color32::from_gray(120) } else { Color32::from_gray(150) };
    let track = Rect::from_min_max(axis.left_top() - vec2(0.0, 2.0), axis.right_top() + vec2(0.0, 2.0));
    painter.rect(
        track,
        CornerRadius::same(2),
        visuals.extreme_bg_color,
        Stroke::new(1.0, line_color),
        StrokeKind::Middle,
    );
    let (low, high) = issue.bounds();
    let small = FontId::proportional(10.0);
    for tick in 0..=4 {
        let value = low + (high - low) * f64::from(tick) / 4.0;
        let x = to_screen.transform_pos(pos2(value as f32, 0.0)).x;
        painter.line_segment([pos2(x, axis.top() + 2.0), pos2(x, axis.top() + 6.0)], Stroke::new(1.0, line_color));
        painter.text(
            pos2(x, axis.top() + 7.0),
            Align2::CENTER_TOP,
            format_value(value),
            small.clone(),
            visuals.weak_text_color(),
        );
    }
    let pole_font = FontId::proportional(11.0);
    let pole_y = axis.top() + 20.0;
    let text_color = visuals.text_color();
    painter.text(
        pos2(axis.left() - SIDE_MARGIN + 2.0, pole_y),
        Align2::LEFT_TOP,
        issue.low_label.clone(),
        pole_font.clone(),
        text_color,
    );
    painter.text(
        pos2(axis.right() + SIDE_MARGIN - 2.0, pole_y),
        Align2::RIGHT_TOP,
        issue.high_label.clone(),
        pole_font,
        text_color,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No two caption boxes overlap (with their gap), and each lies within the bounds.
    fn assert_apart(xs: &[f32], widths: &[f32], bounds: (f32, f32)) {
        let lefts = caption_lefts(xs, widths, bounds);
        for a in 0..xs.len() {
            assert!(lefts[a] >= bounds.0 - 0.01 && lefts[a] + widths[a] <= bounds.1 + 0.01, "{lefts:?} in {bounds:?}");
            for b in a + 1..xs.len() {
                let apart = lefts[a] + widths[a] <= lefts[b] || lefts[b] + widths[b] <= lefts[a];
                assert!(apart, "captions {a} and {b} overlap: lines {xs:?}, lefts {lefts:?}");
            }
        }
    }

    #[test]
    fn mean_and_median_captions_never_overlap() {
        let widths = [26.0, 38.0]; // "mean", "median"
        for bounds in [(0.0, 400.0), (10.0, 300.0)] {
            for x in [0.0, 1.0, 5.0, 30.0, 150.0, 290.0, 299.0, 300.0, 400.0] {
                let x = f32::min(x, bounds.1);
                for gap in [0.0, 1.0, 3.0, 10.0, 25.0, -2.0, -10.0] {
                    let other = (x + gap).clamp(bounds.0, bounds.1);
                    assert_apart(&[x, other], &widths, bounds);
                }
            }
        }
    }

    #[test]
    fn well_apart_captions_keep_their_outer_sides() {
        let lefts = caption_lefts(&[100.0, 200.0], &[26.0, 38.0], (0.0, 400.0));
        assert_eq!(lefts, vec![100.0 - 2.0 - 26.0, 202.0], "the lower to the left, the higher to the right");
    }
}
