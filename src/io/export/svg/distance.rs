//! The distance figure as SVG: an actor × actor heatmap, rows and columns in clustering order.
//!
//! Layout: actor names down the left (shortened with "…" to [`NAME_WIDTH`]), unique short names
//! across the top, square cells sized to fit the width (8–28 px), darker where two actors stand
//! closer, the distance written in cells of 20 px and more, and a colour key under the grid. Each
//! cell's tooltip names the pair, the distance and the issues that separate them most.

use super::writer::{LABEL_SIZE, MARGIN, MUTED, Svg, TEXT, escape, fit, heading_bottom, num, or};
use crate::figure::DistanceFigure;

/// The width of the names column.
pub(super) const NAME_WIDTH: f64 = 150.0;
/// The default width.
pub(super) const WIDTH: f64 = 800.0;

/// The fill of a cell `distance` % apart: dark teal for 0, near white for 100.
pub fn cell_colour(distance: f64) -> [u8; 3] {
    let t = (distance / 100.0).clamp(0.0, 1.0);
    let (near, far) = ([0x1f_u8, 0x5f, 0x5b], [0xf4_u8, 0xf7, 0xf7]);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    [mix(near[0], far[0]), mix(near[1], far[1]), mix(near[2], far[2])]
}

/// Draws `figure` `width` px wide (the grid may be narrower when cells reach their largest size).
pub fn draw_distance_at(figure: &DistanceFigure, width: f64) -> String {
    let width = width.max(360.0);
    let count = figure.actors.len();
    let left = MARGIN + NAME_WIDTH + 6.0;
    let cell = if count == 0 { 28.0 } else { ((width - left - MARGIN) / count as f64).clamp(8.0, 28.0) };
    let top = heading_bottom(&figure.caption, width) + 40.0;
    let grid_bottom = top + cell * count as f64;
    let height = grid_bottom + 64.0;
    let mut svg = Svg::new(width, height, or(&figure.title, "Distances between actors"), &figure.caption);
    svg.heading(&figure.title, &figure.caption, width);
    if count == 0 {
        svg.text(width / 2.0, top + 20.0, LABEL_SIZE, "middle", "", MUTED, "No actor has a position to compare");
        return svg.finish();
    }
    let font = (cell * 0.45).clamp(7.0, LABEL_SIZE);
    svg.open_group("names", "");
    for (index, entry) in figure.actors.iter().enumerate() {
        let y = top + cell * (index as f64 + 0.5) + font * 0.35;
        let name = fit(&entry.name, font, false, NAME_WIDTH);
        svg.text(left - 6.0, y, font, "end", "", TEXT, &name);
        let x = left + cell * (index as f64 + 0.5);
        svg.push(&format!(
            "<text transform=\"translate({} {}) rotate(-60)\" font-size=\"{}\" fill=\"{}\">{}</text>",
            num(x + font * 0.3),
            num(top - 4.0),
            num(font),
            entry.colour.to_hex(),
            escape(&entry.marker_label)
        ));
    }
    svg.close_group();
    svg.open_group("cells", "");
    for (row, a) in figure.actors.iter().enumerate() {
        for (column, b) in figure.actors.iter().enumerate() {
            let (x, y) = (left + cell * column as f64, top + cell * row as f64);
            let Some(found) = &figure.cells[row][column] else {
                svg.push(&format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"#e3e3e3\" stroke-width=\"0.5\"/>",
                    num(x),
                    num(y),
                    num(cell),
                    num(cell)
                ));
                continue;
            };
            let [r, g, bl] = cell_colour(found.distance);
            let fill = format!("#{r:02x}{g:02x}{bl:02x}");
            let separating: Vec<String> =
                found.separating.iter().map(|(issue, gap)| format!("{issue} ({} %)", num(gap.round()))).collect();
            let most = if separating.is_empty() {
                String::new()
            } else {
                format!("; most apart on {}", separating.join(", "))
            };
            let tooltip = format!(
                "{} and {}: {} % apart over {}{most}",
                a.name,
                b.name,
                num((found.distance * 10.0).round() / 10.0),
                crate::model::wording::count(found.shared, "issue", "issues")
            );
            svg.push(&format!(
                "<g><title>{}</title><rect class=\"cell\" data-a=\"{}\" data-b=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"0.5\"/></g>",
                escape(&tooltip),
                escape(a.actor.as_str()),
                escape(b.actor.as_str()),
                num(x),
                num(y),
                num(cell),
                num(cell)
            ));
            if cell >= 20.0 {
                let ink = if found.distance < 55.0 { "#ffffff" } else { TEXT };
                let label = format!("{:.0}", found.distance);
                svg.text(x + cell / 2.0, y + cell / 2.0 + font * 0.35, font, "middle", "", ink, &label);
            }
        }
    }
    svg.close_group();
    // The colour key.
    svg.open_group("key", "");
    let key_y = grid_bottom + 18.0;
    for step in 0..=10 {
        let [r, g, b] = cell_colour(f64::from(step) * 10.0);
        svg.push(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"10\" fill=\"#{r:02x}{g:02x}{b:02x}\"/>",
            num(left + 16.0 * f64::from(step)),
            num(key_y)
        ));
    }
    svg.text(left - 6.0, key_y + 9.0, LABEL_SIZE, "end", "", MUTED, "same place");
    svg.text(
        left + 16.0 * 11.0 + 6.0,
        key_y + 9.0,
        LABEL_SIZE,
        "start",
        "",
        MUTED,
        "opposite poles (100 % of the scale)",
    );
    svg.close_group();
    svg.finish()
}
