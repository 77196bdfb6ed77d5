//! The all-issues figure as SVG: one row per issue (first on top), x = % of each issue's scale.
//!
//! Layout: 800 px wide, 120 + 70 per issue high plus 18 per extra legend line; the data range
//! 0–100 % runs from [`X0`] to [`X1`] and the frame is [`PAD`] wider on each side so dots at the
//! poles stay inside it. Spread bars are drawn before the dots so no bar covers a dot.

use super::writer::{
    AXIS, FRAME, GRID, HEADING_SIZE, LABEL_SIZE, MARGIN, MUTED, SEPARATOR, Svg, TEXT, fit, num, or, text_width,
};
use crate::figure::{AxisValue, LegendEntry, StripFigure, StripRow};

pub(super) const WIDTH: f64 = 800.0;
pub(super) const PAD: f64 = 16.0;
pub(super) const X0: f64 = MARGIN + PAD;
pub(super) const X1: f64 = WIDTH - MARGIN - PAD;
const TOP: f64 = 52.0;
const ROW: f64 = 70.0;
const LEGEND_LINE: f64 = 18.0;

/// Draws `figure`: pole labels under each row's ends, a dot per actor in its colour (with a thin
/// spread bar when it has one), a legend of the actors shown, the title and the caption.
pub fn draw_strip(figure: &StripFigure) -> String {
    let issue_count = figure.rows.len();
    let legend = legend_layout(&figure.legend);
    let extra_lines = legend.last().map_or(0, |item| item.line);
    let rows_bottom = TOP + ROW * issue_count as f64;
    let height = 120.0 + ROW * issue_count as f64 + LEGEND_LINE * extra_lines as f64;
    let mut svg = Svg::new(WIDTH, height, or(&figure.title, "Positions on all issues"), &figure.caption);
    svg.heading(&figure.title, &figure.caption, WIDTH);

    if issue_count == 0 {
        svg.text(WIDTH / 2.0, TOP + 24.0, LABEL_SIZE, "middle", "", MUTED, "No issues to plot");
    } else {
        let (frame_left, frame_right) = (MARGIN, WIDTH - MARGIN);
        svg.open_group("frame", "");
        svg.rect(frame_left, TOP, frame_right - frame_left, rows_bottom - TOP, FRAME);
        for index in 1..issue_count {
            let y = TOP + ROW * index as f64;
            svg.line(frame_left + 1.0, y, frame_right - 1.0, y, SEPARATOR, 1.0);
        }
        svg.close_group();
    }
    for (index, row) in figure.rows.iter().enumerate() {
        draw_row(&mut svg, figure, row, TOP + ROW * index as f64);
    }

    if issue_count > 0 {
        svg.open_group("x-axis", "");
        for tick in 0..=4 {
            let x = x_of(f64::from(tick) * 25.0);
            svg.line(x, rows_bottom, x, rows_bottom + 4.0, FRAME, 1.0);
            svg.text(x, rows_bottom + 18.0, LABEL_SIZE, "middle", "", MUTED, &format!("{}%", tick * 25));
        }
        let axis_title = "Position, % of each issue's scale (low pole left, high pole right)";
        svg.text(WIDTH / 2.0, rows_bottom + 36.0, LABEL_SIZE, "middle", "", MUTED, axis_title);
        svg.close_group();
    }

    if !legend.is_empty() {
        svg.open_group("legend", "");
        let first_baseline = rows_bottom + 58.0;
        for item in &legend {
            let baseline = first_baseline + LEGEND_LINE * item.line as f64;
            let colour = item.entry.colour.to_hex();
            svg.push(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\"/>",
                num(item.x + 5.0),
                num(baseline - 4.0)
            ));
            svg.text(item.x + 14.0, baseline, LABEL_SIZE, "start", "", TEXT, &item.name);
        }
        svg.close_group();
    }
    svg.finish()
}

/// The x of a % of scale, kept on the scale so off-scale values sit at their pole.
fn x_of(percent: f64) -> f64 {
    X0 + percent.clamp(0.0, 100.0) / 100.0 * (X1 - X0)
}

/// One issue's band, whose top is at `band`: name, ticks, axis line, pole labels, spreads and dots.
fn draw_row(svg: &mut Svg, figure: &StripFigure, row: &StripRow, band: f64) {
    let y = band + 38.0;
    let pole_width = (X1 - X0) / 2.0 - 8.0;
    svg.open_group("issue", &format!(" data-issue=\"{}\"", super::escape(row.issue.as_str())));
    let name = fit(&row.name, HEADING_SIZE, true, X1 - X0);
    svg.text(X0, band + 20.0, HEADING_SIZE, "start", "bold", TEXT, &name);
    for tick in 0..=4 {
        let x = x_of(f64::from(tick) * 25.0);
        svg.line(x, y - 10.0, x, y + 10.0, GRID, 1.0);
    }
    svg.line(X0, y, X1, y, AXIS, 1.0);
    let low = fit(&row.low_label, LABEL_SIZE, false, pole_width);
    let high = fit(&row.high_label, LABEL_SIZE, false, pole_width);
    svg.text(X0, band + 60.0, LABEL_SIZE, "start", "", MUTED, &low);
    svg.text(X1, band + 60.0, LABEL_SIZE, "end", "", MUTED, &high);
    // The figure's points, each with its legend entry (every point has one).
    let points: Vec<(&LegendEntry, &AxisValue)> =
        row.points.iter().filter_map(|point| Some((figure.entry(&point.actor)?, &point.at))).collect();
    for (entry, at) in &points {
        if let Some(spread) = at.spread {
            let (a, b) = (x_of(spread.low_percent), x_of(spread.high_percent));
            svg.spread_bar(a, y, b, y, &entry.colour.to_hex());
        }
    }
    for (entry, at) in &points {
        let tooltip = format!("{} — {}: {}{}", entry.name, row.name, num(at.value), range_note(at));
        svg.dot(entry, &row.issue, x_of(at.percent), y, 6.0, &tooltip);
    }
    svg.close_group();
}

/// " (range 20–40)" for a value with a spread, else nothing.
pub(super) fn range_note(at: &AxisValue) -> String {
    at.spread.map(|spread| format!(" (range {}–{})", num(spread.low), num(spread.high))).unwrap_or_default()
}

/// One legend entry: where it goes and the (possibly shortened) name.
struct LegendItem<'a> {
    entry: &'a LegendEntry,
    name: String,
    x: f64,
    line: usize,
}

/// Legend entries in lines no wider than the figure's margins allow, each line centred.
fn legend_layout(entries: &[LegendEntry]) -> Vec<LegendItem<'_>> {
    let available = WIDTH - 2.0 * MARGIN;
    let (swatch, gap) = (14.0, 20.0);
    let mut items: Vec<(LegendItem<'_>, f64)> = Vec::new();
    let (mut line, mut x) = (0, 0.0);
    for entry in entries {
        let name = fit(&entry.name, LABEL_SIZE, false, available - swatch);
        let width = swatch + text_width(&name, LABEL_SIZE, false);
        if x > 0.0 && x + width > available {
            line += 1;
            x = 0.0;
        }
        items.push((LegendItem { entry, name, x, line }, width));
        x += width + gap;
    }
    for current in 0..=line {
        let used = items
            .iter()
            .filter(|(item, _)| item.line == current)
            .map(|(item, width)| item.x + width)
            .fold(0.0, f64::max);
        let offset = MARGIN + (available - used) / 2.0;
        for (item, _) in items.iter_mut().filter(|(item, _)| item.line == current) {
            item.x += offset;
        }
    }
    items.into_iter().map(|(item, _)| item).collect()
}
