//! StanceMap: map where parties stand on issues.
//!
//! Data flows one way: files → [`io`] → [`model`] → [`analysis`] and [`figure`] → [`ui`] draws → the
//! user acts → a [`session::Command`] → `Session::apply`, the only code that changes a project (each
//! change an [`model::Edit`] whose inverse is the undo step) → [`session::derived::Derived`] brings the cached
//! results up to date (whole-project ones on worker threads) → the next frame draws them. [`app`] is
//! the eframe glue: it drains the commands, turns their effects into dialogs, messages and jobs, and
//! autosaves. `model`, `io`, `analysis`, `figure` and `session` never touch egui; the CLI ([`cli`]) and
//! the tests use them, and the same `Session`, directly.

/// Pure functions over the model: mentions, suggestions, filters, aggregation, agreement, forecasts.
pub mod analysis;
/// The eframe glue: the frame, effects into dialogs, messages and background jobs, autosave.
pub mod app;
/// Command-line tools and the entry point shared with `main`.
pub mod cli;
/// What each figure shows (points, ranges, ticks, captions, legend), drawn by the plots and the SVG export.
pub mod figure;
/// Files: the project format, article import, coded-position CSVs, exports.
pub mod io;
/// Pure data: the project, its articles, actors, issues, positions, and edits with inverses.
pub mod model;
/// The session core: the open document, what is shown, and the one place that changes them.
pub mod session;
/// Widgets and panels drawn by the app.
pub mod ui;

pub use app::App;
pub use model::Project;
