//! The issue axis: a horizontal scale with two labelled poles and one draggable marker per actor.
//!
//! Drawn in the four steps of a custom widget (size, allocate, interact, paint). Markers of actors
//! coded for the current article sit on the axis; markers that would overlap are lifted into lanes
//! above it. Actors not yet coded wait in a tray under the axis; dragging one onto the axis codes it.
//! Each marker is an accessible slider named "<actor> on <issue>"; arrow keys move a focused marker by
//! one unit (Shift: ten), Delete clears it. Values are named by space: `value_on_axis` is in the
//! issue's scale units, `x_in_ui` in screen points.

use egui::{
    Align2, Color32, CornerRadius, EventFilter, FontId, Id, Key, Pos2, Rect, Response, Sense, Stroke, StrokeKind, Ui,
    Vec2, WidgetInfo, emath::RectTransform, pos2, vec2,
};

use super::theme::{self, MARKER_RADIUS};
use super::{ViewContext, marker_label};
use crate::analysis::aggregate::AggregateRow;
use crate::model::{Actor, Issue, Position};
use crate::session::{Command, Gesture, MarkerRef};

/// Vertical room for one lane of markers.
const LANE_HEIGHT: f32 = MARKER_RADIUS * 2.0 + 3.0;
/// Horizontal margin so end markers are not clipped.
const SIDE_MARGIN: f32 = MARKER_RADIUS + 4.0;

/// An extra line to draw on the axis (e.g. a forecast), in the issue's units.
pub struct AxisGuide {
    /// Where, in issue units.
    pub value_on_axis: f64,
    /// Short caption drawn above the line.
    pub caption: String,
    /// Line colour.
    pub color: Color32,
}

/// Draws one issue axis with its markers and handles dragging, keys and selection.
pub fn issue_axis_ui(ui: &mut Ui, view: &ViewContext<'_>, issue: &Issue, guides: &[AxisGuide]) -> Response {
    // Scrolled out of view (known from the height it had last frame): only take up its room.
    let height_id = Id::unique(("axis-height", &issue.id));
    if let Some(height) = ui.data(|data| data.get_temp::<f32>(height_id)) {
        let size = vec2(ui.available_width().max(160.0), height);
        if !ui.is_rect_visible(Rect::from_min_size(ui.cursor().min, size)) {
            return ui.allocate_painter(size, Sense::hover()).0;
        }
    }
    let dark_mode = ui.visuals().dark_mode;
    let project = view.project();
    let mut placed: Vec<(&Actor, &Position)> = Vec::new();
    let mut unplaced: Vec<&Actor> = Vec::new();
    for actor in &project.actors {
        match view.position(&actor.id, &issue.id) {
            Some(position) => placed.push((actor, position)),
            None => unplaced.push(actor),
        }
    }

    // 1. Size: lanes for overlapping markers above the axis line, ticks and poles below, tray last.
    let width = ui.available_width().max(160.0);
    let axis_rect_x = (SIDE_MARGIN, width - SIDE_MARGIN);
    let (low, high) = issue.bounds();
    let x_of = |value: f64| -> f32 {
        let fraction = ((value - low) / (high - low).max(f64::EPSILON)) as f32;
        axis_rect_x.0 + fraction.clamp(0.0, 1.0) * (axis_rect_x.1 - axis_rect_x.0)
    };
    let (lane_of, lanes) = assign_lanes(&placed, x_of);
    let guide_caption_height = if guides.is_empty() { 0.0 } else { 12.0 };
    let markers_height = guide_caption_height + lanes as f32 * LANE_HEIGHT;
    let scale_height = 34.0; // tick numbers and pole labels
    let spreads: Vec<(&Actor, &AggregateRow)> = if view.session.show_spread() {
        project
            .actors
            .iter()
            .filter_map(|actor| view.derived.aggregate_row(&actor.id, &issue.id).map(|row| (actor, row)))
            .collect()
    } else {
        Vec::new()
    };
    let spread_height = if spreads.is_empty() { 0.0 } else { 6.0 + spreads.len() as f32 * SPREAD_ROW_HEIGHT };
    let tray_height = if unplaced.is_empty() { 0.0 } else { LANE_HEIGHT + 4.0 };
    let desired = vec2(width, markers_height + scale_height + spread_height + tray_height);

    // 2. Allocate.
    let (response, painter) = ui.allocate_painter(desired, Sense::hover());
    ui.data_mut(|data| data.insert_temp(height_id, desired.y));
    let rect = response.rect;
    // Scrolled out of view: nothing to draw or touch (a corpus has twenty axes of sixty markers).
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
    for (row_index, (actor, row)) in spreads.iter().enumerate() {
        spread_ui(ui, &painter, issue, actor, row, &to_screen, spread_top + row_index as f32 * SPREAD_ROW_HEIGHT);
    }
    let mut hovered_marker = None;
    for (index, (actor, position)) in placed.iter().enumerate() {
        let x = to_screen.transform_pos(pos2(position.value as f32, 0.0)).x;
        let center = pos2(x, axis_y - MARKER_RADIUS - 2.0 - lane_of[index] as f32 * LANE_HEIGHT);
        let marker = marker_ui(ui, view, issue, actor, Some(position), center, &to_value);
        if marker.hovered() {
            hovered_marker = Some(marker);
        }
    }
    if !unplaced.is_empty() {
        tray_ui(ui, &painter, view, issue, &unplaced, rect, &to_value);
    }
    if let Some(marker) = hovered_marker {
        ui.ctx().set_cursor_icon(if marker.dragged() { egui::CursorIcon::Grabbing } else { egui::CursorIcon::Grab });
    }
    response
}

/// Lifts markers that would overlap into lanes above the axis: returns each placed marker's lane
/// and the number of lanes (at least one).
fn assign_lanes(placed: &[(&Actor, &Position)], x_of: impl Fn(f64) -> f32) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by(|&a, &b| placed[a].1.value.total_cmp(&placed[b].1.value));
    let mut lane_of = vec![0usize; placed.len()];
    let mut lane_right_edge: Vec<f32> = Vec::new();
    for &index in &order {
        let x = x_of(placed[index].1.value);
        let lane = lane_right_edge
            .iter()
            .position(|&right| x - right >= MARKER_RADIUS * 2.0 + 1.0)
            .unwrap_or(lane_right_edge.len());
        if lane == lane_right_edge.len() {
            lane_right_edge.push(x);
        } else {
            lane_right_edge[lane] = x;
        }
        lane_of[index] = lane;
    }
    (lane_of, lane_right_edge.len().max(1))
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
    for (index, guide) in guides.iter().enumerate() {
        let x = to_screen.transform_pos(pos2(guide.value_on_axis as f32, 0.0)).x;
        // Captions sit on the outer side of their line (the lowest guide's to the left), so two
        // close guides stay readable.
        let is_lowest = guides.iter().all(|other| other.value_on_axis >= guide.value_on_axis);
        let (anchor, caption_x) = if is_lowest { (Align2::RIGHT_TOP, x - 2.0) } else { (Align2::LEFT_TOP, x + 2.0) };
        painter.line_segment([pos2(x, top), pos2(x, axis_y + 6.0)], Stroke::new(1.5, guide.color));
        painter.text(pos2(caption_x, top), anchor, &guide.caption, FontId::proportional(10.0), guide.color);
        // A read-only widget so screen readers (and tests) can read where the guide is.
        let guide_rect = Rect::from_x_y_ranges(x - 3.0..=x + 3.0, top..=axis_y + 6.0);
        let guide_response = ui.interact(guide_rect, Id::unique(("axis-guide", &issue.id, index)), Sense::hover());
        let label = format!("Forecast {} on {}", guide.caption, issue.name);
        guide_response.widget_info(|| WidgetInfo::slider(false, guide.value_on_axis, &label));
        guide_response.on_hover_text(format!("{}: {}", guide.caption, format_value(guide.value_on_axis)));
    }
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

/// Actors not yet placed on this axis, waiting under it to be dragged on.
fn tray_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    view: &ViewContext<'_>,
    issue: &Issue,
    unplaced: &[&Actor],
    rect: Rect,
    to_value: &dyn Fn(Pos2) -> f64,
) {
    let tray_y = rect.bottom() - LANE_HEIGHT / 2.0 - 1.0;
    let tray_label_galley =
        painter.layout_no_wrap("Not placed:".to_owned(), FontId::proportional(11.0), ui.visuals().weak_text_color());
    let label_width = tray_label_galley.size().x;
    painter.galley(
        pos2(rect.left() + 2.0, tray_y - tray_label_galley.size().y / 2.0),
        tray_label_galley,
        Color32::PLACEHOLDER,
    );
    for (slot, actor) in unplaced.iter().enumerate() {
        let center =
            pos2(rect.left() + label_width + 10.0 + MARKER_RADIUS + slot as f32 * (MARKER_RADIUS * 2.0 + 6.0), tray_y);
        marker_ui(ui, view, issue, actor, None, center, to_value);
    }
}

/// Height of one actor's spread bar under the axis.
const SPREAD_ROW_HEIGHT: f32 = 7.0;

/// An actor's positions over all articles and coders: a bar from min to max, mean ± SD thicker,
/// a dot at the mean. Hover tells the numbers.
fn spread_ui(
    ui: &Ui,
    painter: &egui::Painter,
    issue: &Issue,
    actor: &Actor,
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

/// One marker: interaction (drag, click, keys), accessibility and painting.
fn marker_ui(
    ui: &mut Ui,
    view: &ViewContext<'_>,
    issue: &Issue,
    actor: &Actor,
    position: Option<&Position>,
    center: Pos2,
    to_value: &dyn Fn(Pos2) -> f64,
) -> Response {
    let id = Id::unique(("axis-marker", &issue.id, &actor.id));
    let handle_rect = Rect::from_center_size(center, Vec2::splat(MARKER_RADIUS * 2.0));
    let response = ui.interact(handle_rect, id, Sense::click_and_drag());
    let label = marker_label(&actor.name, &issue.name);
    let value = position.map(|p| p.value);
    response.widget_info(|| match value {
        Some(value) => WidgetInfo::slider(ui.is_enabled(), value, &label),
        None => WidgetInfo::labeled(egui::Role::Slider, ui.is_enabled(), format!("{label} (not placed)")),
    });

    let marker_ref = MarkerRef { actor: actor.id.clone(), issue: issue.id.clone() };
    let is_selected = view.selected_marker() == Some(&marker_ref);
    let key = view.position_key(&actor.id, &issue.id);
    let set_value = |value: f64, gesture: Gesture| {
        if position.is_some_and(|p| p.value == value) {
            return;
        }
        view.commands.send(Command::SetPosition { key: key.clone(), value, gesture });
    };

    if response.drag_started() || response.clicked() {
        response.request_focus();
        if !is_selected {
            view.commands.send(Command::SelectMarker(Some(marker_ref.clone())));
        }
    }
    if response.drag_started() {
        let pass = ui.ctx().cumulative_pass_nr();
        ui.data_mut(|data| data.insert_temp(id, pass));
    }
    if response.dragged()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        // Every move of one drag is one gesture: the frame it started in tells drags apart.
        let drag_start: u64 = ui.data(|data| data.get_temp(id)).unwrap_or_default();
        set_value(to_value(pointer), Gesture::Continuous(drag_start));
    }
    if response.has_focus() {
        ui.memory_mut(|memory| {
            memory.set_focus_lock_filter(
                id,
                EventFilter { horizontal_arrows: true, vertical_arrows: false, tab: false, escape: false },
            );
        });
        let (left, right, delete, shift) = ui.input_mut(|input| {
            let shift = input.modifiers.shift;
            let left = input.count_and_consume_key(egui::Modifiers::NONE, Key::ArrowLeft)
                + input.count_and_consume_key(egui::Modifiers::SHIFT, Key::ArrowLeft);
            let right = input.count_and_consume_key(egui::Modifiers::NONE, Key::ArrowRight)
                + input.count_and_consume_key(egui::Modifiers::SHIFT, Key::ArrowRight);
            let delete = input.consume_key(egui::Modifiers::NONE, Key::Delete)
                || input.consume_key(egui::Modifiers::NONE, Key::Backspace);
            (left, right, delete, shift)
        });
        let steps = right as f64 - left as f64;
        if steps != 0.0 {
            let step = if shift { 10.0 } else { 1.0 };
            let start = value.unwrap_or_else(|| issue.midpoint());
            set_value(issue.clamp(start + steps * step), Gesture::Once);
        }
        if delete && position.is_some() {
            view.commands.send(Command::ClearPosition(key.clone()));
        }
    }

    // Paint.
    let painter = ui.painter();
    let fill = theme::color(actor.color);
    let visuals = ui.visuals();
    let radius = if response.hovered() || response.dragged() { MARKER_RADIUS + 1.5 } else { MARKER_RADIUS };
    if position.is_some() {
        painter.circle_filled(center + vec2(0.0, 1.5), radius, Color32::from_black_alpha(40));
        painter.circle(center, radius, fill, Stroke::new(1.5, visuals.panel_fill));
        painter.text(
            center,
            Align2::CENTER_CENTER,
            actor.marker_label(),
            FontId::proportional(10.5),
            theme::text_on(fill),
        );
    } else {
        painter.circle(center, radius - 1.0, visuals.panel_fill, Stroke::new(1.5, fill));
        painter.text(center, Align2::CENTER_CENTER, actor.marker_label(), FontId::proportional(10.0), fill);
    }
    if is_selected || response.has_focus() {
        let ring = if is_selected { visuals.selection.stroke.color } else { visuals.widgets.active.fg_stroke.color };
        painter.circle_stroke(center, radius + 3.0, Stroke::new(2.0, ring));
    }

    response.on_hover_ui(|ui| marker_tooltip_ui(ui, actor, issue, position))
}

fn marker_tooltip_ui(ui: &mut Ui, actor: &Actor, issue: &Issue, position: Option<&Position>) {
    ui.set_max_width(320.0);
    ui.strong(format!("{} — {}", actor.name, issue.name));
    let Some(position) = position else {
        ui.label("Not placed for this article. Drag onto the axis to code a position.");
        return;
    };
    ui.label(format!("Position {} ({})", format_value(position.value), pole_description(issue, position.value)));
    ui.label(format!("Salience {} · confidence {}", format_value(position.salience), position.confidence.label()));
    for evidence in &position.evidence {
        ui.label(egui::RichText::new(format!("“{}”", evidence.quote)).italics());
    }
    if !position.note.is_empty() {
        ui.label(egui::RichText::new(&position.note).weak());
    }
    ui.label(egui::RichText::new("Drag to move · arrows ±1 · Shift+arrows ±10 · Delete clears").small().weak());
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
