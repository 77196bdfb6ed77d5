//! Exports of figures for papers and reports.
//!
//! [`svg`] writes the two main plots (all issues; a map of two issues) as standalone SVG documents.
//! The functions return the document as a string; callers write it (e.g. with
//! [`crate::io::project_file::write_atomically`]).

pub mod svg;

pub use svg::{FigurePoint, all_issues_svg, escape, map_svg, mean_caption, mean_points};
