//! The evolution figure as SVG: one issue's scale up the side, the articles along the bottom in
//! date order (undated ones last, on a shaded band labelled "undated"), a line per actor.
//!
//! Layout: [`WIDTH`] px wide by default (from 400 px), a 320 px plot under the heading, article
//! labels (their dates) thinned so they never overlap, then the legend. Markers are drawn after
//! the lines so no line covers a marker; each marker's tooltip names the article.

use super::strip::{count_note, range_note};
use super::writer::{
    FRAME, GRID, LABEL_SIZE, LEGEND_LINE, MARGIN, MUTED, Svg, TEXT, escape, fit, heading_bottom, legend_lines, num, or,
};
use crate::figure::EvolutionFigure;

/// The default width.
pub(super) const WIDTH: f64 = 800.0;
/// The plot's left edge (room for the ticks and the rotated axis title).
pub(super) const LEFT: f64 = 78.0;
/// The plot's height.
const PLOT_HEIGHT: f64 = 320.0;
/// Room inside the frame so markers at the ends stay inside it.
const PAD: f64 = 12.0;

/// Draws `figure` `width` px wide.
pub fn draw_evolution_at(figure: &EvolutionFigure, width: f64) -> String {
    let width = width.max(400.0);
    let top = heading_bottom(&figure.caption, width) + 12.0;
    let (left, right, bottom) = (LEFT, width - MARGIN, top + PLOT_HEIGHT);
    let legend_lines = legend_lines(&figure.legend, width).max(1);
    let height = bottom + 76.0 + LEGEND_LINE * (legend_lines - 1) as f64;
    let fallback = format!("{} across articles", figure.axis.name);
    let mut svg = Svg::new(width, height, or(&figure.title, &fallback), &figure.caption);
    svg.heading(&figure.title, &figure.caption, width);
    let count = figure.articles.len();
    let x_of = |index: usize| {
        let span = right - left - 2.0 * PAD;
        if count <= 1 { (left + right) / 2.0 } else { left + PAD + span * index as f64 / (count - 1) as f64 }
    };
    let y_of = |percent: f64| bottom - PAD - percent.clamp(0.0, 100.0) / 100.0 * (PLOT_HEIGHT - 2.0 * PAD);

    // Undated band, grid, frame and ticks.
    if figure.undated > 0 && count > 0 {
        let first = count - figure.undated;
        let band_left = if first == 0 { left } else { (x_of(first - 1) + x_of(first)) / 2.0 };
        svg.push(&format!(
            "<rect class=\"undated\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f2f2f2\"/>",
            num(band_left),
            num(top),
            num(right - band_left),
            num(PLOT_HEIGHT)
        ));
        svg.text((band_left + right) / 2.0, top + 14.0, LABEL_SIZE, "middle", "", MUTED, "undated");
    }
    svg.open_group("y-axis", "");
    for tick in &figure.axis.ticks {
        let y = y_of(tick.percent);
        svg.line(left + 1.0, y, right - 1.0, y, GRID, 1.0);
        svg.line(left - 4.0, y, left, y, FRAME, 1.0);
        svg.text(left - 7.0, y + 4.0, LABEL_SIZE, "end", "", MUTED, &num(tick.value));
    }
    let poles = match (figure.axis.low_label.trim(), figure.axis.high_label.trim()) {
        ("", "") => figure.axis.name.clone(),
        (low, high) => format!("{} ({low} … {high})", figure.axis.name),
    };
    let title = fit(&poles, LABEL_SIZE, true, PLOT_HEIGHT);
    svg.push(&format!(
        "<text transform=\"translate({} {}) rotate(-90)\" font-size=\"{}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
        num(LABEL_SIZE + 4.0),
        num(top + PLOT_HEIGHT / 2.0),
        num(LABEL_SIZE),
        escape(&title)
    ));
    svg.close_group();
    svg.rect(left, top, right - left, PLOT_HEIGHT, FRAME);

    // Article labels along the bottom, thinned to one per 70 px.
    svg.open_group("x-axis", "");
    let step = if count == 0 { 1 } else { ((70.0 * count as f64 / (right - left)).ceil() as usize).max(1) };
    for index in (0..count).step_by(step) {
        let x = x_of(index);
        svg.line(x, bottom, x, bottom + 4.0, FRAME, 1.0);
        let label = fit(&figure.article_label(index), LABEL_SIZE, false, 66.0);
        svg.text(x, bottom + 18.0, LABEL_SIZE, "middle", "", MUTED, &label);
    }
    let axis_title = if count == 0 {
        "No article has a position on this issue".to_owned()
    } else {
        format!("{} in date order", crate::model::wording::count(count, "article", "articles"))
    };
    svg.text((left + right) / 2.0, bottom + 38.0, LABEL_SIZE, "middle", "", MUTED, &axis_title);
    svg.close_group();

    svg.open_group("lines", "");
    for series in &figure.series {
        let Some(entry) = figure.entry(&series.actor) else { continue };
        if series.points.len() > 1 {
            let points: Vec<String> = series
                .points
                .iter()
                .map(|point| format!("{},{}", num(x_of(point.article)), num(y_of(point.at.percent))))
                .collect();
            svg.push(&format!(
                "<polyline data-actor=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" stroke-opacity=\"0.8\"/>",
                escape(series.actor.as_str()),
                points.join(" "),
                entry.colour.to_hex()
            ));
        }
    }
    svg.close_group();
    svg.open_group("points", "");
    for series in &figure.series {
        let Some(entry) = figure.entry(&series.actor) else { continue };
        for point in &series.points {
            let article = &figure.articles[point.article];
            let date = if article.date.is_empty() { "undated" } else { article.date.as_str() };
            let tooltip = format!(
                "{} — “{}” ({date}): {}{}{}",
                entry.name,
                article.title,
                num(point.at.value),
                range_note(&point.at),
                count_note(&point.at)
            );
            svg.dot(entry, &figure.axis.issue, x_of(point.article), y_of(point.at.percent), 4.5, &tooltip);
        }
    }
    svg.close_group();
    svg.legend(&figure.legend, width, bottom + 62.0);
    svg.finish()
}
