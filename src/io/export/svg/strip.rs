//! The all-issues figure as SVG: one row per issue (first on top), x = % of each issue's scale.
//!
//! Layout: [`WIDTH`] px wide by default (any width from 320 px), the heading (title and a caption
//! of up to two lines), then 70 px per issue, the axis and the legend (18 px per line); the data
//! range 0–100 % runs from [`X0`] to `width − X0` ([`X1`] at the default width) and the frame is
//! [`PAD`] wider on each side so markers at the poles stay inside it. Spread bars are drawn before the dots so no bar covers a dot.

use super::writer::{
    AXIS, FRAME, GRID, HEADING_SIZE, LABEL_SIZE, LEGEND_LINE, MARGIN, MUTED, SEPARATOR, Svg, TEXT, fit, heading_bottom,
    legend_lines, num, or,
};
use crate::figure::{AxisValue, LegendEntry, StripFigure, StripRow};

pub(super) const WIDTH: f64 = 800.0;
pub(super) const PAD: f64 = 16.0;
pub(super) const X0: f64 = MARGIN + PAD;
#[cfg(test)]
pub(super) const X1: f64 = WIDTH - MARGIN - PAD;
const ROW: f64 = 70.0;

/// Draws `figure` [`WIDTH`] wide (see [`draw_strip_at`]).
pub fn draw_strip(figure: &StripFigure) -> String {
    draw_strip_at(figure, WIDTH)
}

/// Draws `figure` `width` px wide: pole labels under each row's ends, a marker per actor in its
/// colour and shape (with a thin spread bar when it has one), a legend of the actors shown, the
/// title and the caption.
pub fn draw_strip_at(figure: &StripFigure, width: f64) -> String {
    let width = width.max(MIN_WIDTH);
    let layout = Layout { x1: width - MARGIN - PAD };
    let issue_count = figure.rows.len();
    let legend_lines = legend_lines(&figure.legend, width).max(1);
    let top = heading_bottom(&figure.caption, width) + 8.0;
    let rows_bottom = top + ROW * issue_count as f64;
    let height = rows_bottom + 68.0 + LEGEND_LINE * (legend_lines - 1) as f64;
    let mut svg = Svg::new(width, height, or(&figure.title, "Positions on all issues"), &figure.caption);
    svg.heading(&figure.title, &figure.caption, width);

    if issue_count == 0 {
        svg.text(width / 2.0, top + 24.0, LABEL_SIZE, "middle", "", MUTED, "No issues to plot");
    } else {
        let (frame_left, frame_right) = (MARGIN, width - MARGIN);
        svg.open_group("frame", "");
        svg.rect(frame_left, top, frame_right - frame_left, rows_bottom - top, FRAME);
        for index in 1..issue_count {
            let y = top + ROW * index as f64;
            svg.line(frame_left + 1.0, y, frame_right - 1.0, y, SEPARATOR, 1.0);
        }
        svg.close_group();
    }
    for (index, row) in figure.rows.iter().enumerate() {
        draw_row(&mut svg, &layout, figure, row, top + ROW * index as f64);
    }

    if issue_count > 0 {
        svg.open_group("x-axis", "");
        for tick in 0..=4 {
            let x = layout.x_of(f64::from(tick) * 25.0);
            svg.line(x, rows_bottom, x, rows_bottom + 4.0, FRAME, 1.0);
            svg.text(x, rows_bottom + 18.0, LABEL_SIZE, "middle", "", MUTED, &format!("{}%", tick * 25));
        }
        let axis_title = fit(
            "Position, % of each issue's scale (low pole left, high pole right)",
            LABEL_SIZE,
            false,
            width - 2.0 * MARGIN,
        );
        svg.text(width / 2.0, rows_bottom + 36.0, LABEL_SIZE, "middle", "", MUTED, &axis_title);
        svg.close_group();
    }
    svg.legend(&figure.legend, width, rows_bottom + 58.0);
    svg.finish()
}

/// The narrowest the figure gets (pole labels and the axis title need room).
const MIN_WIDTH: f64 = 320.0;

/// Where the data range lies across a figure of a given width.
struct Layout {
    /// The x of 100 %.
    x1: f64,
}

impl Layout {
    /// The x of a % of scale, kept on the scale so off-scale values sit at their pole.
    fn x_of(&self, percent: f64) -> f64 {
        X0 + percent.clamp(0.0, 100.0) / 100.0 * (self.x1 - X0)
    }
}

/// One issue's band, whose top is at `band`: name, ticks, axis line, pole labels, spreads and dots.
fn draw_row(svg: &mut Svg, layout: &Layout, figure: &StripFigure, row: &StripRow, band: f64) {
    let y = band + 38.0;
    let x1 = layout.x1;
    let pole_width = (x1 - X0) / 2.0 - 8.0;
    svg.open_group("issue", &format!(" data-issue=\"{}\"", super::escape(row.issue.as_str())));
    let name = fit(&row.name, HEADING_SIZE, true, x1 - X0);
    svg.text(X0, band + 20.0, HEADING_SIZE, "start", "bold", TEXT, &name);
    for tick in 0..=4 {
        let x = layout.x_of(f64::from(tick) * 25.0);
        svg.line(x, y - 10.0, x, y + 10.0, GRID, 1.0);
    }
    svg.line(X0, y, x1, y, AXIS, 1.0);
    let low = fit(&row.low_label, LABEL_SIZE, false, pole_width);
    let high = fit(&row.high_label, LABEL_SIZE, false, pole_width);
    svg.text(X0, band + 60.0, LABEL_SIZE, "start", "", MUTED, &low);
    svg.text(x1, band + 60.0, LABEL_SIZE, "end", "", MUTED, &high);
    // The figure's points, each with its legend entry (every point has one).
    let points: Vec<(&LegendEntry, &AxisValue)> =
        row.points.iter().filter_map(|point| Some((figure.entry(&point.actor)?, &point.at))).collect();
    for (entry, at) in &points {
        if let Some(spread) = at.spread {
            let (a, b) = (layout.x_of(spread.low_percent), layout.x_of(spread.high_percent));
            svg.spread_bar(a, y, b, y, &entry.colour.to_hex());
        }
    }
    for (entry, at) in &points {
        let tooltip = format!("{} — {}: {}{}{}", entry.name, row.name, num(at.value), range_note(at), count_note(at));
        svg.dot(entry, &row.issue, layout.x_of(at.percent), y, 6.0, &tooltip);
    }
    svg.close_group();
}

/// " (range 20–40)" for a value with a spread, else nothing.
pub(super) fn range_note(at: &AxisValue) -> String {
    at.spread.map(|spread| format!(" (range {}–{})", num(spread.low), num(spread.high))).unwrap_or_default()
}

/// ", n = 12" for a value behind several positions, else nothing.
pub(super) fn count_note(at: &AxisValue) -> String {
    if at.n > 1 { format!(", n = {}", at.n) } else { String::new() }
}
