//! Everything that touches files: the project file, article import, coded-position CSVs, exports.
//!
//! Functions here take paths or bytes and return model values or typed errors that name the file;
//! they never show UI, so the GUI, the CLI and the tests share them.

pub mod articles;
pub mod exchange;
pub mod export;
pub mod import;
pub mod output;
pub mod positions_csv;
pub mod project_file;
pub mod recovery;
pub mod team;

pub use project_file::{ProjectFileError, load_project, save_project};
