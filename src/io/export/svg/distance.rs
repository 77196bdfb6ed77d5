//! The distance figure as SVG: an actor × actor heatmap, rows and columns in clustering order.
//!
//! Layout: actor names down the left (shortened with "…" to [`NAME_WIDTH`]), unique short names
//! across the top, square cells sized to fit the width (8–28 px), darker where two actors stand
//! closer, the distance written in cells of 20 px and more, and a colour key under the grid. The
//! diagonal (an actor and itself) takes the colour of 0; a pair with no issue in common is an
//! outlined, crossed-out cell, named in the key. Each cell's tooltip names the pair, the distance
//! and the issues that separate them most.

use super::writer::{LABEL_SIZE, MARGIN, MUTED, Svg, TEXT, escape, fit, heading_bottom, num, or};
use crate::figure::DistanceFigure;

/// The width of the names column.
pub(super) const NAME_WIDTH: f64 = 150.0;
/// The default width.
pub(super) const WIDTH: f64 = 800.0;

/// The outline of a cell whose actors share no issue.
const NO_COMMON_STROKE: &str = "#b0b0b0";

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
    let height = grid_bottom + 80.0;
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
            if row == column {
                // An actor is 0 apart from itself: the key's "same place" colour (white would
                // read as "opposite poles", the key's other end).
                let [r, g, bl] = cell_colour(0.0);
                svg.push(&format!(
                    "<g><title>{}</title><rect class=\"diagonal\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#{r:02x}{g:02x}{bl:02x}\" stroke=\"#ffffff\" stroke-width=\"0.5\"/></g>",
                    escape(&format!("{}: the same actor", a.name)),
                    num(x),
                    num(y),
                    num(cell),
                    num(cell)
                ));
                continue;
            }
            let Some(found) = &figure.cells[row][column] else {
                // No issue in common: an empty, outlined cell with a cross, listed in the key.
                svg.push(&format!(
                    "<rect class=\"no-common-issue\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"{NO_COMMON_STROKE}\" stroke-width=\"0.5\"/>",
                    num(x),
                    num(y),
                    num(cell),
                    num(cell)
                ));
                svg.push(&format!(
                    "<path d=\"M{} {}L{} {}\" stroke=\"{NO_COMMON_STROKE}\" stroke-width=\"0.5\"/>",
                    num(x),
                    num(y + cell),
                    num(x + cell),
                    num(y)
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
    if figure
        .cells
        .iter()
        .enumerate()
        .any(|(row, cells)| cells.iter().enumerate().any(|(column, found)| row != column && found.is_none()))
    {
        let no_common_y = key_y + 16.0;
        svg.push(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"10\" fill=\"#ffffff\" stroke=\"{NO_COMMON_STROKE}\" stroke-width=\"0.5\"/>",
            num(left),
            num(no_common_y)
        ));
        svg.text(left + 22.0, no_common_y + 9.0, LABEL_SIZE, "start", "", MUTED, "no issue in common");
    }
    svg.close_group();
    svg.finish()
}
