//! The rules for writing a file the user named: never over a project by accident, never over
//! anything without consent.
//!
//! Every tool that writes a figure, a CSV, a report or a new project checks its path here first:
//! an export never writes to a path ending in `.stancemap` (a project is never replaced by an SVG),
//! and an existing file is replaced only when the caller says the user agreed (the app's "Replace?"
//! question, the CLI's `--force`). Saving an open project to its own path needs no check.

use std::path::{Path, PathBuf};

use super::project_file::PROJECT_EXTENSION;

/// What is being written, which decides the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// A project file (Save As, `stancemap sample`, `merge -o`).
    Project,
    /// Anything else: a figure, a CSV, a report.
    Export,
}

/// Why a path may not be written (yet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    /// An export aimed at a project file.
    #[error(
        "{}: is a StanceMap project path; exports never write to .stancemap files (choose a name ending in .{extension})",
        path.display()
    )]
    ExportOverProject {
        /// The path.
        path: PathBuf,
        /// The extension the export should have.
        extension: String,
    },
    /// The file exists and replacing it was not agreed.
    #[error("{}: already exists; not replaced", path.display())]
    Exists {
        /// The path.
        path: PathBuf,
    },
    /// The path names a folder.
    #[error("{}: is a folder, not a file", path.display())]
    IsFolder {
        /// The path.
        path: PathBuf,
    },
}

/// True when `path` ends in `.stancemap` (any case).
pub fn is_project_path(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case(PROJECT_EXTENSION))
}

/// Checks that `path` may be written as `kind` (with `extension` the export's own, e.g. "svg").
/// `replace_agreed` is true once the user confirmed replacing an existing file.
pub fn check_output(path: &Path, kind: OutputKind, extension: &str, replace_agreed: bool) -> Result<(), OutputError> {
    if kind == OutputKind::Export && is_project_path(path) {
        return Err(OutputError::ExportOverProject { path: path.to_owned(), extension: extension.to_owned() });
    }
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => Err(OutputError::IsFolder { path: path.to_owned() }),
        Ok(_) if !replace_agreed => Err(OutputError::Exists { path: path.to_owned() }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_never_go_to_project_paths_even_when_agreed() {
        let error = check_output(Path::new("/tmp/x/victim.StanceMap"), OutputKind::Export, "svg", true);
        assert!(matches!(error, Err(OutputError::ExportOverProject { .. })));
        let message = error.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("victim.StanceMap") && message.contains(".svg"), "{message}");
    }

    #[test]
    fn existing_files_need_consent_and_folders_are_refused() {
        let folder = tempfile::tempdir().expect("temp dir");
        let file = folder.path().join("figure.svg");
        assert_eq!(check_output(&file, OutputKind::Export, "svg", false), Ok(()));
        std::fs::write(&file, "old").expect("write");
        assert_eq!(
            check_output(&file, OutputKind::Export, "svg", false),
            Err(OutputError::Exists { path: file.clone() })
        );
        assert_eq!(check_output(&file, OutputKind::Export, "svg", true), Ok(()));
        let project = folder.path().join("p.stancemap");
        std::fs::write(&project, "{}").expect("write");
        assert!(matches!(
            check_output(&project, OutputKind::Project, "stancemap", false),
            Err(OutputError::Exists { .. })
        ));
        assert_eq!(check_output(&project, OutputKind::Project, "stancemap", true), Ok(()));
        assert!(matches!(
            check_output(folder.path(), OutputKind::Project, "stancemap", true),
            Err(OutputError::IsFolder { .. })
        ));
    }
}
