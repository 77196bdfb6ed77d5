//! The two main figures as standalone SVG documents, for papers and reports.
//!
//! What a figure shows is decided by [`crate::figure`]; this module only draws it: [`draw_strip`]
//! every issue at once (one row per issue, x = % of the scale), [`draw_map`] two issues
//! against each other on their own scales, [`draw`] either. The functions return the document as a
//! string; callers write it.
//!
//! Output rules: a fixed viewBox (800 × (120 + 70 × issues) for all issues, plus 18 per extra legend
//! line when the legend wraps; 640 × 640 for the map), one system sans-serif font stack, 12–14 px
//! text, coordinates rounded to two decimals, every piece of user text XML-escaped (characters XML
//! 1.0 forbids are dropped), a `<title>` and `<desc>` for screen readers, no external resources.
//! Text widths are estimated from Helvetica/Arial metrics so labels are shortened with "…" rather
//! than run into the plot frame or each other. The same input always gives the same bytes.
//!
//! Each actor's dot is a `<circle class="point" data-actor="ID" data-issue="ID">` (the map's use
//! the x issue) in a `<g>` whose `<title>` gives the value in the units as a tooltip (a
//! `<title>` inside the circle itself stops ImageMagick drawing it).

mod map;
mod strip;
#[cfg(test)]
mod tests;
mod writer;

pub use map::draw_map;
pub use strip::draw_strip;
pub use writer::escape;

use crate::figure::Figure;

/// Draws `figure`, whichever view it is.
pub fn draw(figure: &Figure) -> String {
    match figure {
        Figure::Strip(strip) => draw_strip(strip),
        Figure::Map(map) => draw_map(map),
    }
}
