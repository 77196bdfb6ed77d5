//! The map figure as SVG: two issues against each other, each on its own scale.
//!
//! Layout: a [`SIZE`]-wide document by default (any width from 360 px) whose data square starts
//! at [`X0`] and under the heading (a caption wraps onto two lines rather than being cut), framed
//! [`PAD`] wider; at the default size with a one-line caption it runs from ([`X0`], [`Y0`]) to
//! ([`X1`], [`Y1`]). Labels keep clear of the dots, the spread bars and each other. Axis titles read "Issue (low … high)". Each dot's label goes right of it,
//! or left, above or below when that keeps it inside the frame and clear of labels already placed;
//! spreads are thin horizontal (x issue) and vertical (y issue) bars.

use super::strip::{count_note, range_note};
use super::writer::{
    Area, FRAME, GRID, LABEL_SIZE, MUTED, Svg, TEXT, escape, fit, heading_bottom, num, or, text_width,
};
use crate::figure::{LegendEntry, MapAxis, MapFigure, MapPoint};

pub(super) const SIZE: f64 = 640.0;
pub(super) const X0: f64 = 96.0;
pub(super) const X1: f64 = 600.0;
pub(super) const Y0: f64 = 72.0;
pub(super) const Y1: f64 = 576.0;
pub(super) const PAD: f64 = 10.0;

/// Where the data square lies.
#[derive(Clone, Copy, Debug)]
struct Layout {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Layout {
    fn new(width: f64, caption: &str) -> Self {
        let x1 = width - (SIZE - X1);
        let y0 = heading_bottom(caption, width) + (Y0 - 44.0);
        Self { x0: X0, x1, y0, y1: y0 + (x1 - X0) }
    }

    /// The frame around the data square.
    fn frame(&self) -> Area {
        Area { left: self.x0 - PAD, top: self.y0 - PAD, right: self.x1 + PAD, bottom: self.y1 + PAD }
    }

    /// The x of a % of the x issue's scale, kept inside the data square.
    fn x_of(&self, percent: f64) -> f64 {
        self.x0 + percent.clamp(0.0, 100.0) / 100.0 * (self.x1 - self.x0)
    }

    /// The y of a % of the y issue's scale (high pole on top), kept inside the data square.
    fn y_of(&self, percent: f64) -> f64 {
        self.y1 - percent.clamp(0.0, 100.0) / 100.0 * (self.y1 - self.y0)
    }
}

/// An actor's dot: its legend entry, its point and where the dot is (px).
type Placed<'a> = (&'a LegendEntry, &'a MapPoint, f64, f64);

/// Draws `figure` [`SIZE`] wide (see [`draw_map_at`]).
pub fn draw_map(figure: &MapFigure) -> String {
    draw_map_at(figure, SIZE)
}

/// Draws `figure` `width` px wide: grid, frame, ticks and axis titles, then a labelled marker per
/// actor with its spreads (or a note when no actor has a point).
pub fn draw_map_at(figure: &MapFigure, width: f64) -> String {
    let width = width.max(360.0);
    let layout = Layout::new(width, &figure.caption);
    let height = layout.y1 + (SIZE - Y1);
    let fallback_title = format!("{} against {}", figure.y.name, figure.x.name);
    let mut svg = Svg::new(width, height, or(&figure.title, &fallback_title), &figure.caption);
    svg.heading(&figure.title, &figure.caption, width);
    draw_axes(&mut svg, &layout, &figure.x, &figure.y);

    // Every point has a legend entry; the filter only keeps the drawing total.
    let placed: Vec<Placed<'_>> = figure
        .points
        .iter()
        .filter_map(|point| {
            Some((figure.entry(&point.actor)?, point, layout.x_of(point.x.percent), layout.y_of(point.y.percent)))
        })
        .collect();
    if placed.is_empty() {
        let frame = layout.frame();
        let note = "No actor has positions on both issues";
        svg.text(
            (frame.left + frame.right) / 2.0,
            (frame.top + frame.bottom) / 2.0,
            LABEL_SIZE,
            "middle",
            "",
            MUTED,
            note,
        );
        return svg.finish();
    }
    let bars = draw_points(&mut svg, &layout, figure, &placed);
    draw_labels(&mut svg, &layout, &placed, &bars);
    svg.finish()
}

/// "Issue (low … high)", or the name alone when the poles have no labels.
fn axis_title(axis: &MapAxis) -> String {
    match (axis.low_label.trim(), axis.high_label.trim()) {
        ("", "") => axis.name.clone(),
        (low, high) => format!("{} ({low} … {high})", axis.name),
    }
}

/// Grid, frame, ticks and axis titles.
fn draw_axes(svg: &mut Svg, layout: &Layout, x_axis: &MapAxis, y_axis: &MapAxis) {
    let frame = layout.frame();
    svg.open_group("grid", "");
    for tick in &x_axis.ticks {
        let x = layout.x_of(tick.percent);
        svg.line(x, frame.top + 1.0, x, frame.bottom - 1.0, GRID, 1.0);
    }
    for tick in &y_axis.ticks {
        let y = layout.y_of(tick.percent);
        svg.line(frame.left + 1.0, y, frame.right - 1.0, y, GRID, 1.0);
    }
    svg.close_group();
    svg.open_group("frame", "");
    svg.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top, FRAME);
    svg.close_group();
    svg.open_group("x-axis", "");
    for tick in &x_axis.ticks {
        let x = layout.x_of(tick.percent);
        svg.line(x, frame.bottom, x, frame.bottom + 4.0, FRAME, 1.0);
        svg.text(x, frame.bottom + 17.0, LABEL_SIZE, "middle", "", MUTED, &num(tick.value));
    }
    let x_title = fit(&axis_title(x_axis), LABEL_SIZE, true, frame.right - frame.left);
    svg.text((frame.left + frame.right) / 2.0, frame.bottom + 38.0, LABEL_SIZE, "middle", "bold", TEXT, &x_title);
    svg.close_group();
    svg.open_group("y-axis", "");
    let mut widest_tick: f64 = 0.0;
    for tick in &y_axis.ticks {
        let y = layout.y_of(tick.percent);
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

/// The spread bars, then the markers (so no bar covers a marker), with tooltips in the issues'
/// units; returns the bars' boxes for label placement.
fn draw_points(svg: &mut Svg, layout: &Layout, figure: &MapFigure, placed: &[Placed<'_>]) -> Vec<Area> {
    svg.open_group("points", "");
    let mut bars = Vec::new();
    for (entry, point, px, py) in placed {
        let colour = entry.colour.to_hex();
        if let Some(spread) = point.x.spread {
            let (a, b) = (layout.x_of(spread.low_percent), layout.x_of(spread.high_percent));
            svg.spread_bar(a, *py, b, *py, &colour);
            bars.push(Area { left: a - 4.0, top: py - 4.0, right: b + 4.0, bottom: py + 4.0 });
        }
        if let Some(spread) = point.y.spread {
            let (a, b) = (layout.y_of(spread.high_percent), layout.y_of(spread.low_percent));
            svg.spread_bar(*px, b, *px, a, &colour);
            bars.push(Area { left: px - 4.0, top: a - 4.0, right: px + 4.0, bottom: b + 4.0 });
        }
    }
    for (entry, point, px, py) in placed {
        let tooltip = format!(
            "{} — {}: {}{}; {}: {}{}{}",
            entry.name,
            figure.x.name,
            num(point.x.value),
            range_note(&point.x),
            figure.y.name,
            num(point.y.value),
            range_note(&point.y),
            count_note(&point.x)
        );
        svg.dot(entry, &figure.x.issue, *px, *py, 7.0, &tooltip);
    }
    svg.close_group();
    bars
}

/// The actors' names next to their markers, avoiding the frame edge, the markers, the spread bars
/// and each other: right, left, above, below, then the four diagonals; when none is clear, the
/// place crossing the fewest others.
fn draw_labels(svg: &mut Svg, layout: &Layout, placed: &[Placed<'_>], bars: &[Area]) {
    svg.open_group("labels", "");
    let frame = layout.frame();
    let inside =
        Area { left: frame.left + 3.0, top: frame.top + 3.0, right: frame.right - 3.0, bottom: frame.bottom - 3.0 };
    let dots: Vec<Area> = placed.iter().map(|(_, _, px, py)| Area::around(*px, *py, 7.0)).collect();
    let mut taken: Vec<Area> = Vec::new();
    for (entry, _, px, py) in placed {
        let name = fit(&entry.name, LABEL_SIZE, false, 180.0);
        let width = text_width(&name, LABEL_SIZE, false);
        // A label's box runs from 12 px above its baseline to 3 px below.
        let (px, py) = (*px, *py);
        let candidates = [
            ("start", Area { left: px + 11.0, top: py - 8.0, right: px + 11.0 + width, bottom: py + 7.0 }),
            ("end", Area { left: px - 11.0 - width, top: py - 8.0, right: px - 11.0, bottom: py + 7.0 }),
            ("middle", Area { left: px - width / 2.0, top: py - 24.0, right: px + width / 2.0, bottom: py - 9.0 }),
            ("middle", Area { left: px - width / 2.0, top: py + 9.0, right: px + width / 2.0, bottom: py + 24.0 }),
            ("start", Area { left: px + 8.0, top: py - 22.0, right: px + 8.0 + width, bottom: py - 7.0 }),
            ("end", Area { left: px - 8.0 - width, top: py - 22.0, right: px - 8.0, bottom: py - 7.0 }),
            ("start", Area { left: px + 8.0, top: py + 7.0, right: px + 8.0 + width, bottom: py + 22.0 }),
            ("end", Area { left: px - 8.0 - width, top: py + 7.0, right: px - 8.0, bottom: py + 22.0 }),
        ]
        .map(|(anchor, area)| (anchor, area.moved_inside(&inside)));
        let own_dot = Area::around(px, py, 7.0);
        let crossings = |area: &Area| {
            taken.iter().filter(|other| other.overlaps(area)).count() * 4
                + dots.iter().filter(|dot| dot.overlaps(area)).count() * 3
                + bars.iter().filter(|bar| bar.overlaps(area)).count()
        };
        let (anchor, area) = candidates
            .iter()
            .filter(|(_, area)| !own_dot.overlaps(area))
            .min_by_key(|(_, area)| crossings(area))
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
