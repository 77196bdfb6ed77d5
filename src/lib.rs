//! StanceMap: map where parties stand on issues.
//!
//! Data flows one way: files → [`io`] → [`model`] → [`analysis`] → the GUI ([`app`], [`ui`]) draws →
//! the user acts → [`app`] turns the act into a command → the command edits the model. `model`, `io`
//! and `analysis` never touch egui; the CLI ([`cli`]) and the tests use them directly.

/// Mentions, aggregation, agreement and forecasts.
pub mod analysis;
/// The eframe application: state, commands, undo history, file dialogs.
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
