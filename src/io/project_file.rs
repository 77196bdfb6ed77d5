//! The `.stancemap` project file: pretty-printed JSON with `"format_version"` first, articles inside,
//! positions in key order — self-contained, human-readable, and small to diff and merge in git.
//!
//! Loading checks the version before anything else (so a file from a newer StanceMap says so rather
//! than failing on a field it doesn't know), reports JSON errors with line and column, and validates
//! references. Saving is atomic: the project is written to a temporary file in the same folder,
//! flushed to disk, then renamed over the target, so a crash never leaves a half-written project.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{FORMAT_VERSION, Project, ValidationError};

/// The file name extension of project files.
pub const PROJECT_EXTENSION: &str = "stancemap";

/// Why a project could not be loaded or saved. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    /// The file could not be read.
    #[error("{}: cannot read the file: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error (in the message, not a separate cause, so it is printed once).
        error: std::io::Error,
    },
    /// The file is not valid JSON or does not have the shape of a project.
    #[error("{}: line {line}, column {column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// The file is JSON but not a StanceMap project.
    #[error("{}: not a StanceMap project: {reason}", path.display())]
    NotAProject {
        /// The file.
        path: PathBuf,
        /// Why not.
        reason: String,
    },
    /// The file parsed but breaks a consistency rule (dangling reference, newer version, …).
    #[error("{}: {rule}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The rule broken.
        rule: ValidationError,
    },
    /// Writing the file failed; the previous file at that path is untouched.
    #[error("{}: cannot save: {error}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
}

/// Reads and validates a project file.
pub fn load_project(path: &Path) -> Result<Project, ProjectFileError> {
    let bytes = std::fs::read(path).map_err(|error| ProjectFileError::Read { path: path.to_owned(), error })?;
    parse_project(&bytes, path)
}

/// Parses and validates project JSON; `path` names the file in errors.
pub fn parse_project(bytes: &[u8], path: &Path) -> Result<Project, ProjectFileError> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(without_bom).map_err(|error| {
        let (line, column) = line_and_column(without_bom, error.valid_up_to());
        ProjectFileError::Parse { path: path.to_owned(), line, column, message: "the file is not UTF-8 text".into() }
    })?;
    let parse_error = |error: serde_json::Error| ProjectFileError::Parse {
        path: path.to_owned(),
        line: error.line(),
        column: error.column(),
        message: strip_position_suffix(&error.to_string()),
    };

    if !text.trim_start().starts_with('{') {
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => ProjectFileError::NotAProject {
                path: path.to_owned(),
                reason: "the file is JSON but not an object".into(),
            },
            Err(error) => parse_error(error),
        });
    }

    /// Only the version, read first so newer files are refused with the right message.
    #[derive(Deserialize)]
    struct VersionProbe {
        format_version: Option<serde_json::Value>,
    }
    let probe: VersionProbe = serde_json::from_str(text).map_err(|error| {
        if error.classify() == serde_json::error::Category::Data {
            ProjectFileError::NotAProject { path: path.to_owned(), reason: "the file is JSON but not an object".into() }
        } else {
            parse_error(error)
        }
    })?;
    let not_a_project = |reason: String| ProjectFileError::NotAProject { path: path.to_owned(), reason };
    let version = match probe.format_version {
        None => return Err(not_a_project("it has no \"format_version\" field".into())),
        Some(value) => value
            .as_u64()
            .and_then(|version| u32::try_from(version).ok())
            .ok_or_else(|| not_a_project(format!("\"format_version\" is {value}, not a whole number")))?,
    };
    if version > FORMAT_VERSION {
        return Err(ProjectFileError::Invalid {
            path: path.to_owned(),
            rule: ValidationError::NewerFormat { found: version, supported: FORMAT_VERSION },
        });
    }
    if version == 0 {
        return Err(ProjectFileError::Invalid {
            path: path.to_owned(),
            rule: ValidationError::NoSuchFormat { found: 0 },
        });
    }
    let mut project: Project = serde_json::from_str(text).map_err(parse_error)?;
    // Older versions load as the current one: every struct is #[serde(default)], so missing fields
    // take their defaults. The version in memory is always the one this build writes.
    project.format_version = FORMAT_VERSION;
    project.validate().map_err(|rule| ProjectFileError::Invalid { path: path.to_owned(), rule })?;
    Ok(project)
}

/// The project as the text written to disk: pretty JSON, two-space indent, final newline.
pub fn project_to_json(project: &Project) -> String {
    let mut json = serde_json::to_string_pretty(project).unwrap_or_else(|error| {
        // Serialising plain data to a String cannot fail except for non-string map keys, which the
        // model does not have; keep a loud message rather than a panic in release builds.
        format!("{{\"format_version\": {FORMAT_VERSION}, \"error\": \"{error}\"}}")
    });
    json.push('\n');
    json
}

/// Writes the project atomically: temp file in the same folder, fsync, rename over `path`.
pub fn save_project(path: &Path, project: &Project) -> Result<(), ProjectFileError> {
    write_atomically(path, project_to_json(project).as_bytes())
}

/// Writes `bytes` to `path` so that readers see either the old file or the complete new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ProjectFileError> {
    let write_error = |error| ProjectFileError::Write { path: path.to_owned(), error };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut temp =
        tempfile::Builder::new().prefix(".stancemap-save-").suffix(".tmp").tempfile_in(&folder).map_err(write_error)?;
    temp.write_all(bytes).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    // Keep the permissions of the file being replaced (tempfile creates 0600 files).
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::set_permissions(temp.path(), metadata.permissions()).ok();
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644)).ok();
        }
    }
    temp.persist(path).map_err(|error| write_error(error.error))?;
    // Make the rename itself durable.
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(&folder) {
        dir.sync_all().ok();
    }
    Ok(())
}

/// serde_json appends " at line L column C" to its messages; the error type reports them itself.
fn strip_position_suffix(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// 1-based line and column of a byte offset.
fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&byte| byte != b'\n').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn sample_round_trips_through_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.stancemap");
        let project = presets::sample_project();
        save_project(&path, &project).unwrap();
        assert_eq!(load_project(&path).unwrap(), project);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"format_version\": 1,"), "{}", &text[..40]);
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let error = parse_project(b"{\n  \"format_version\": 1,\n  \"title\": oops\n}", Path::new("p.stancemap"))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("p.stancemap: line 3, column"), "{error}");
    }

    #[test]
    fn type_errors_give_line_and_column() {
        let json =
            b"{\n  \"format_version\": 1,\n  \"actors\": [\n    {\"id\": \"x\", \"capability\": \"big\"}\n  ]\n}";
        let error = parse_project(json, Path::new("p.stancemap")).unwrap_err().to_string();
        assert!(error.contains("line 4"), "{error}");
        assert!(error.contains("invalid type"), "{error}");
    }

    #[test]
    fn newer_versions_are_refused_before_parsing_the_rest() {
        let json = br#"{"format_version": 7, "actors": "a shape this build does not know"}"#;
        let error = parse_project(json, Path::new("new.stancemap")).unwrap_err().to_string();
        assert!(error.contains("format version 7"), "{error}");
    }

    #[test]
    fn json_without_a_version_is_not_a_project() {
        let error = parse_project(b"{\"title\": \"x\"}", Path::new("x.json")).unwrap_err().to_string();
        assert!(error.contains("not a StanceMap project"), "{error}");
        let error = parse_project(b"[1, 2]", Path::new("x.json")).unwrap_err().to_string();
        assert!(error.contains("not a StanceMap project"), "{error}");
    }

    #[test]
    fn failed_save_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("p.stancemap");
        assert!(save_project(&path, &Project::default()).is_err());
        assert!(!path.exists());
    }
}
