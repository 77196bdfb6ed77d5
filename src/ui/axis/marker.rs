//! One marker of an issue axis: a filled circle for this article's position (a ring in the tray
//! while not placed) or a hollow diamond for the coder's overall judgement; how the pointer and keys
//! move it, how it is painted, and its tooltip.

use egui::{
    Align2, Color32, EventFilter, FontId, Id, Key, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2, WidgetInfo, vec2,
};

use super::{format_value, overall_marker_label, pole_description};
use crate::model::{Actor, ActorId, Issue, IssueId, Position, PositionKey};
use crate::session::{Command, Gesture, MarkerRef};
use crate::ui::theme::{self, MARKER_RADIUS};
use crate::ui::{ViewContext, marker_label};

/// Which position a marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MarkerKind {
    /// The current coder's position in the article being read (a filled circle; in the tray when
    /// not placed).
    ThisArticle,
    /// The current coder's overall judgement of the actor on the issue, not tied to an article (a
    /// hollow diamond).
    Overall,
}

/// One marker to draw: whose, its short name, its position (none in the tray) and its kind.
pub(super) struct Marker<'a> {
    pub actor: &'a Actor,
    pub short_name: &'a str,
    pub position: Option<&'a Position>,
    pub kind: MarkerKind,
}

/// The egui id of `actor`'s marker on `issue` for the article being read, so the keyboard can be
/// sent to it (Focus first marker).
pub fn marker_id(issue: &IssueId, actor: &ActorId) -> Id {
    Id::unique(("axis-marker", issue, actor))
}

/// One marker: interaction (drag, click, keys), accessibility and painting.
pub(super) fn marker_ui(
    ui: &mut Ui,
    view: &ViewContext<'_>,
    issue: &Issue,
    marker: Marker<'_>,
    center: Pos2,
    to_value: &dyn Fn(Pos2) -> f64,
) -> Response {
    let Marker { actor, short_name, position, kind } = marker;
    let id = match kind {
        MarkerKind::ThisArticle => marker_id(&issue.id, &actor.id),
        MarkerKind::Overall => Id::unique(("axis-overall-marker", &issue.id, &actor.id)),
    };
    let handle_rect = Rect::from_center_size(center, Vec2::splat(MARKER_RADIUS * 2.0));
    let response = ui.interact(handle_rect, id, Sense::click_and_drag());
    let label = match kind {
        MarkerKind::ThisArticle => marker_label(&actor.name, &issue.name),
        MarkerKind::Overall => overall_marker_label(&actor.name, &issue.name),
    };
    let value = position.map(|p| p.value);
    response.widget_info(|| match value {
        Some(value) => WidgetInfo::slider(ui.is_enabled(), value, &label),
        None => WidgetInfo::labeled(egui::Role::Slider, ui.is_enabled(), format!("{label} (not placed)")),
    });

    // Only this article's markers select (the inspector shows this article's position).
    let marker_ref =
        (kind == MarkerKind::ThisArticle).then(|| MarkerRef { actor: actor.id.clone(), issue: issue.id.clone() });
    let is_selected = marker_ref.is_some() && view.selected_marker() == marker_ref.as_ref();
    let mut key = view.position_key(&actor.id, &issue.id);
    if kind == MarkerKind::Overall {
        key.article = None;
    }
    // Tabbing onto a marker selects it too, so the keyboard reaches the inspector and evidence.
    if (response.drag_started() || response.clicked() || response.gained_focus())
        && !is_selected
        && let Some(marker_ref) = marker_ref
    {
        view.commands.send(Command::SelectMarker(Some(marker_ref)));
    }

    marker_input(ui, view, &response, issue, &key, value, to_value);

    paint_marker(ui, &response, actor, short_name, kind, position, is_selected, center);
    response.on_hover_ui(|ui| match kind {
        MarkerKind::ThisArticle => marker_tooltip_ui(ui, actor, issue, position),
        MarkerKind::Overall => overall_tooltip_ui(ui, actor, issue, position),
    })
}

/// What the pointer and keys do to a marker: a drag moves it (one gesture), arrow keys move a
/// focused marker by one unit (Shift: ten), Delete clears it.
fn marker_input(
    ui: &mut Ui,
    view: &ViewContext<'_>,
    response: &Response,
    issue: &Issue,
    key: &PositionKey,
    value: Option<f64>,
    to_value: &dyn Fn(Pos2) -> f64,
) {
    let id = response.id;
    let set_value = |new_value: f64, gesture: Gesture| {
        if value == Some(new_value) {
            return;
        }
        view.commands.send(Command::SetPosition { key: key.clone(), value: new_value, gesture });
    };
    if response.drag_started() || response.clicked() {
        response.request_focus();
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
    if !response.has_focus() {
        return;
    }
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
    if delete && value.is_some() {
        view.commands.send(Command::ClearPosition(key.clone()));
    }
}

/// Paints a marker: a filled circle (placed), a ring (in the tray) or a hollow diamond (an overall
/// judgement), with the short name, and a ring when selected or focused.
#[allow(clippy::too_many_arguments)]
fn paint_marker(
    ui: &Ui,
    response: &Response,
    actor: &Actor,
    short_name: &str,
    kind: MarkerKind,
    position: Option<&Position>,
    is_selected: bool,
    center: Pos2,
) {
    let placed = position.is_some();
    let painter = ui.painter();
    let fill = theme::color(actor.color);
    let visuals = ui.visuals();
    let radius = if response.hovered() || response.dragged() { MARKER_RADIUS + 1.5 } else { MARKER_RADIUS };
    let small = short_name.chars().count() > 3;
    if kind == MarkerKind::Overall {
        let r = radius + 1.5;
        let diamond =
            vec![center + vec2(0.0, -r), center + vec2(r, 0.0), center + vec2(0.0, r), center + vec2(-r, 0.0)];
        painter.add(egui::Shape::convex_polygon(diamond, visuals.panel_fill, Stroke::new(2.0, fill)));
        let size = if small { 7.5 } else { 9.0 };
        painter.text(center, Align2::CENTER_CENTER, short_name, FontId::proportional(size), fill);
    } else if placed {
        painter.circle_filled(center + vec2(0.0, 1.5), radius, Color32::from_black_alpha(40));
        painter.circle(center, radius, fill, Stroke::new(1.5, visuals.panel_fill));
        let size = if small { 8.5 } else { 10.5 };
        painter.text(center, Align2::CENTER_CENTER, short_name, FontId::proportional(size), theme::text_on(fill));
    } else {
        painter.circle(center, radius - 1.0, visuals.panel_fill, Stroke::new(1.5, fill));
        let size = if small { 8.5 } else { 10.0 };
        painter.text(center, Align2::CENTER_CENTER, short_name, FontId::proportional(size), fill);
    }
    if is_selected || response.has_focus() {
        let ring = if is_selected { visuals.selection.stroke.color } else { visuals.widgets.active.fg_stroke.color };
        painter.circle_stroke(center, radius + 3.0, Stroke::new(2.0, ring));
    }
    // An article position no quote supports yet: a warning dot on its shoulder, so it is seen
    // on the axis and not only in the inspector's list.
    if kind == MarkerKind::ThisArticle && position.is_some_and(Position::lacks_evidence) {
        let dot = center + vec2(radius * 0.75, -radius * 0.75);
        painter.circle(dot, 3.5, visuals.warn_fg_color, Stroke::new(1.0, visuals.panel_fill));
    }
}

fn marker_tooltip_ui(ui: &mut Ui, actor: &Actor, issue: &Issue, position: Option<&Position>) {
    ui.set_max_width(320.0);
    ui.strong(format!("{} — {}", actor.name, issue.name));
    let Some(position) = position else {
        ui.label("Not placed for this article. Drag onto the axis to code a position.");
        return;
    };
    if position.lacks_evidence() {
        ui.label(egui::RichText::new(NO_QUOTE_YET).color(ui.visuals().warn_fg_color));
    }
    position_details_ui(ui, issue, position);
}

/// The tooltip line of a marker whose position no quote supports (its warning dot).
pub const NO_QUOTE_YET: &str = "No quote yet (the orange dot): select text in the article and press Ctrl+E";

fn overall_tooltip_ui(ui: &mut Ui, actor: &Actor, issue: &Issue, position: Option<&Position>) {
    ui.set_max_width(320.0);
    ui.strong(overall_marker_label(&actor.name, &issue.name));
    ui.label(
        "The overall judgement (hollow diamond): where you place the actor on this issue across all \
         articles, not from this one. The filled circle is this article's position.",
    );
    if let Some(position) = position {
        position_details_ui(ui, issue, position);
    }
}

/// A position's value, salience, confidence, quotes and note, with how to change it.
fn position_details_ui(ui: &mut Ui, issue: &Issue, position: &Position) {
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
