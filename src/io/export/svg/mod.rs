//! The four figures as standalone SVG documents, for papers and reports.
//!
//! What a figure shows is decided by [`crate::figure`]; this module only draws it: [`draw_strip`]
//! every issue at once (one row per issue, x = % of the scale), [`draw_map`] two issues
//! against each other on their own scales, the evolution of one issue across articles and the
//! distance heatmap; [`draw`] any of them at its default width, [`draw_at`] at a chosen one. The
//! functions return the document as a string; callers write it.
//!
//! Output rules: the layout is computed for the width asked (800 px by default, 640 for the map;
//! the height follows from the content: issues, legend lines, caption lines, actors), one
//! system sans-serif font stack, 7–14 px
//! text, coordinates rounded to two decimals, every piece of user text XML-escaped (characters XML
//! 1.0 forbids are dropped), a `<title>` and `<desc>` for screen readers, no external resources.
//! Text widths are estimated from Helvetica/Arial metrics so labels are shortened with "…" rather
//! than run into the plot frame or each other. The same input always gives the same bytes.
//!
//! Each actor's marker is an element with `class="point" data-actor="ID" data-issue="ID"` and its
//! centre in `data-x`/`data-y` (a `<circle>`, or a `<polygon>` for actors that share a colour; the
//! map's use the x issue) in a `<g>` whose `<title>` gives the value in the units as a
//! tooltip (a `<title>` inside the shape itself stops ImageMagick drawing it).

mod distance;
mod evolution;
mod map;
mod strip;
#[cfg(test)]
mod tests;
mod writer;

pub use distance::{cell_colour, draw_distance_at};
pub use evolution::draw_evolution_at;
pub use map::{draw_map, draw_map_at};
pub use strip::{draw_strip, draw_strip_at};
pub use writer::escape;

use crate::figure::Figure;

/// Draws `figure`, whichever view it is, at its default width.
pub fn draw(figure: &Figure) -> String {
    draw_at(figure, default_width(figure))
}

/// The width a figure gets when none is asked for: 640 px for the map, 800 px for the others.
pub fn default_width(figure: &Figure) -> f64 {
    match figure {
        Figure::Map(_) => map::SIZE,
        Figure::Strip(_) => strip::WIDTH,
        Figure::Evolution(_) => evolution::WIDTH,
        Figure::Distance(_) => distance::WIDTH,
    }
}

/// Draws `figure` `width` px (points) wide; its height follows from the content.
pub fn draw_at(figure: &Figure, width: f64) -> String {
    match figure {
        Figure::Strip(strip) => draw_strip_at(strip, width),
        Figure::Map(map) => draw_map_at(map, width),
        Figure::Evolution(evolution) => draw_evolution_at(evolution, width),
        Figure::Distance(distance) => draw_distance_at(distance, width),
    }
}
