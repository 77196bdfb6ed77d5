//! The map figure as SVG: two issues against each other, each on its own scale.
//!
//! Layout: a 640 × 640 document whose data square runs from ([`X0`], [`Y0`]) to ([`X1`], [`Y1`]),
//! framed [`PAD`] wider. Axis titles read "Issue (low … high)". Each dot's label goes right of it,
//! or left, above or below when that keeps it inside the frame and clear of labels already placed;
//! spreads are thin horizontal (x issue) and vertical (y issue) bars.

use super::strip::range_note;
use super::writer::{Area, FRAME, GRID, LABEL_SIZE, MUTED, Svg, TEXT, escape, fit, num, or, text_width};
use crate::figure::{LegendEntry, MapAxis, MapFigure, MapPoint};

pub(super) const SIZE: f64 = 640.0;
pub(super) const X0: f64 = 96.0;
pub(super) const X1: f64 = 600.0;
pub(super) const Y0: f64 = 72.0;
pub(super) const Y1: f64 = 576.0;
pub(super) const PAD: f64 = 10.0;

/// The frame around the data square.
const FRAME_AREA: Area = Area { left: X0 - PAD, top: Y0 - PAD, right: X1 + PAD, bottom: Y1 + PAD };

/// An actor's dot: its legend entry, its point and where the dot is (px).
type Placed<'a> = (&'a LegendEntry, &'a MapPoint, f64, f64);

/// Draws `figure`: grid, frame, ticks and axis titles, then a labelled dot per actor with its
/// spreads (or a note when no actor has a point).
pub fn draw_map(figure: &MapFigure) -> String {
    let fallback_title = format!("{} against {}", figure.y.name, figure.x.name);
    let mut svg = Svg::new(SIZE, SIZE, or(&figure.title, &fallback_title), &figure.caption);
    svg.heading(&figure.title, &figure.caption, SIZE);
    draw_axes(&mut svg, &figure.x, &figure.y);

    // Every point has a legend entry; the filter only keeps the drawing total.
    let placed: Vec<Placed<'_>> = figure
        .points
        .iter()
        .filter_map(|point| Some((figure.entry(&point.actor)?, point, x_of(point.x.percent), y_of(point.y.percent))))
        .collect();
    if placed.is_empty() {
        let centre_y = (FRAME_AREA.top + FRAME_AREA.bottom) / 2.0;
        let note = "No actor has positions on both issues";
        svg.text((FRAME_AREA.left + FRAME_AREA.right) / 2.0, centre_y, LABEL_SIZE, "middle", "", MUTED, note);
        return svg.finish();
    }
    draw_points(&mut svg, figure, &placed);
    draw_labels(&mut svg, &placed);
    svg.finish()
}

/// The x of a % of the x issue's scale, kept inside the data square.
fn x_of(percent: f64) -> f64 {
    X0 + percent.clamp(0.0, 100.0) / 100.0 * (X1 - X0)
}

/// The y of a % of the y issue's scale (high pole on top), kept inside the data square.
fn y_of(percent: f64) -> f64 {
    Y1 - percent.clamp(0.0, 100.0) / 100.0 * (Y1 - Y0)
}

/// "Issue (low … high)", or the name alone when the poles have no labels.
fn axis_title(axis: &MapAxis) -> String {
    match (axis.low_label.trim(), axis.high_label.trim()) {
        ("", "") => axis.name.clone(),
        (low, high) => format!("{} ({low} … {high})", axis.name),
    }
}

/// Grid, frame, ticks and axis titles.
fn draw_axes(svg: &mut Svg, x_axis: &MapAxis, y_axis: &MapAxis) {
    let frame = FRAME_AREA;
    svg.open_group("grid", "");
    for tick in &x_axis.ticks {
        let x = x_of(tick.percent);
        svg.line(x, frame.top + 1.0, x, frame.bottom - 1.0, GRID, 1.0);
    }
    for tick in &y_axis.ticks {
        let y = y_of(tick.percent);
        svg.line(frame.left + 1.0, y, frame.right - 1.0, y, GRID, 1.0);
    }
    svg.close_group();
    svg.open_group("frame", "");
    svg.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top, FRAME);
    svg.close_group();
    svg.open_group("x-axis", "");
    for tick in &x_axis.ticks {
        let x = x_of(tick.percent);
        svg.line(x, frame.bottom, x, frame.bottom + 4.0, FRAME, 1.0);
        svg.text(x, frame.bottom + 17.0, LABEL_SIZE, "middle", "", MUTED, &num(tick.value));
    }
    let x_title = fit(&axis_title(x_axis), LABEL_SIZE, true, frame.right - frame.left);
    svg.text((frame.left + frame.right) / 2.0, frame.bottom + 38.0, LABEL_SIZE, "middle", "bold", TEXT, &x_title);
    svg.close_group();
    svg.open_group("y-axis", "");
    let mut widest_tick: f64 = 0.0;
    for tick in &y_axis.ticks {
        let y = y_of(tick.percent);
        let label = num(tick.value);
        widest_tick = widest_tick.max(text_width(&label, LABEL_SIZE, false));
        svg.line(frame.left - 4.0, y, frame.left, y, FRAME, 1.0);
        svg.text(frame.left - 7.0, y + 4.0, LABEL_SIZE, "end", "", MUTED, &label);
    }
    // The rotated title's glyphs extend to the left of its baseline by about the cap height.
    let title_x = (frame.left - 7.0 - widest_tick - 6.0).clamp(LABEL_SIZE + 2.0, 30.0);
    let y_title = fit(&axis_title(y_axis), LABEL_SIZE, true, frame.bottom - frame.top);
    let centre_y = (frame.top + frame.bottom) / 2.0;
    svg.push(&format!(
        "<text transform=\"translate({} {}) rotate(-90)\" font-size=\"{}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
        num(title_x),
        num(centre_y),
        num(LABEL_SIZE),
        escape(&y_title)
    ));
    svg.close_group();
}

/// The spread bars, then the dots (so no bar covers a dot), with tooltips in the issues' units.
fn draw_points(svg: &mut Svg, figure: &MapFigure, placed: &[Placed<'_>]) {
    svg.open_group("points", "");
    for (entry, point, px, py) in placed {
        let colour = entry.colour.to_hex();
        if let Some(spread) = point.x.spread {
            svg.spread_bar(x_of(spread.low_percent), *py, x_of(spread.high_percent), *py, &colour);
        }
        if let Some(spread) = point.y.spread {
            svg.spread_bar(*px, y_of(spread.low_percent), *px, y_of(spread.high_percent), &colour);
        }
    }
    for (entry, point, px, py) in placed {
        let tooltip = format!(
            "{} — {}: {}{}; {}: {}{}",
            entry.name,
            figure.x.name,
            num(point.x.value),
            range_note(&point.x),
            figure.y.name,
            num(point.y.value),
            range_note(&point.y)
        );
        svg.dot(entry, &figure.x.issue, *px, *py, 7.0, &tooltip);
    }
    svg.close_group();
}

/// The actors' names next to their dots, avoiding the frame edge, the dots and each other.
fn draw_labels(svg: &mut Svg, placed: &[Placed<'_>]) {
    svg.open_group("labels", "");
    let frame = FRAME_AREA;
    let inside =
        Area { left: frame.left + 3.0, top: frame.top + 3.0, right: frame.right - 3.0, bottom: frame.bottom - 3.0 };
    let dots: Vec<Area> = placed.iter().map(|(_, _, px, py)| Area::around(*px, *py, 7.0)).collect();
    let mut taken: Vec<Area> = Vec::new();
    for (entry, _, px, py) in placed {
        let name = fit(&entry.name, LABEL_SIZE, false, 180.0);
        let width = text_width(&name, LABEL_SIZE, false);
        // Right, left, above, below the dot; each moved inside the frame if it sticks out. A label's
        // box runs from 12 px above its baseline to 3 px below.
        let candidates = [
            ("start", Area { left: px + 11.0, top: py - 8.0, right: px + 11.0 + width, bottom: py + 7.0 }),
            ("end", Area { left: px - 11.0 - width, top: py - 8.0, right: px - 11.0, bottom: py + 7.0 }),
            ("middle", Area { left: px - width / 2.0, top: py - 24.0, right: px + width / 2.0, bottom: py - 9.0 }),
            ("middle", Area { left: px - width / 2.0, top: py + 9.0, right: px + width / 2.0, bottom: py + 24.0 }),
        ]
        .map(|(anchor, area)| (anchor, area.moved_inside(&inside)));
        let own_dot = Area::around(*px, *py, 7.0);
        let clear =
            |area: &Area| !taken.iter().any(|other| other.overlaps(area)) && !dots.iter().any(|dot| dot.overlaps(area));
        let (anchor, area) = candidates
            .iter()
            .find(|(_, area)| clear(area))
            .or_else(|| candidates.iter().find(|(_, area)| !own_dot.overlaps(area)))
            .unwrap_or(&candidates[0]);
        let x = match *anchor {
            "start" => area.left,
            "end" => area.right,
            _ => (area.left + area.right) / 2.0,
        };
        let y = area.bottom - 3.0;
        taken.push(*area);
        // A white halo under the label keeps it legible over grid lines and spread bars (a separate
        // element rather than `paint-order`, which some renderers ignore).
        let (x, y, size, name) = (num(x), num(y), num(LABEL_SIZE), escape(&name));
        svg.push(&format!(
            "<text class=\"halo\" aria-hidden=\"true\" x=\"{x}\" y=\"{y}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\">{name}</text>"
        ));
        svg.push(&format!(
            "<text class=\"label\" data-actor=\"{}\" x=\"{x}\" y=\"{y}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{TEXT}\">{name}</text>",
            escape(entry.actor.as_str())
        ));
    }
    svg.close_group();
}
