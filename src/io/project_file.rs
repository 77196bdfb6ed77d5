//! The `.stancemap` project file: pretty-printed JSON with `"format_version"` first, articles inside,
//! positions in key order — self-contained, human-readable, and small to diff and merge in git.
//!
//! Loading checks the version before anything else (so a file from a newer StanceMap says so rather
//! than failing on a field it doesn't know), reports JSON errors with line and column, and validates
//! references. Saving is atomic: the project is written to a temporary file in the same folder,
//! flushed to disk, then renamed over the target, so a crash never leaves a half-written project;
//! the version it replaces is kept as `NAME.stancemap.bak`.

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

/// Reads and validates a project file like [`load_project`], reporting how far it has got into
/// `progress` and stopping with an error soon after `progress` is cancelled (for a progress bar
/// with Cancel while a large project opens).
pub fn load_project_with_progress(
    path: &Path,
    progress: &std::sync::Arc<crate::model::progress::ReadProgress>,
) -> Result<Project, ProjectFileError> {
    use std::io::Read;
    use std::sync::atomic::Ordering;
    let read_error = |error| ProjectFileError::Read { path: path.to_owned(), error };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map(|metadata| metadata.len()).unwrap_or(0);
    progress.bytes_total.store(size.max(1), Ordering::Relaxed);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut chunk = vec![0; 4 << 20];
    loop {
        if progress.is_cancelled() {
            return Err(read_error(std::io::Error::other(crate::model::progress::CANCELLED)));
        }
        let read = file.read(&mut chunk).map_err(read_error)?;
        if read == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..read]);
        progress.bytes_read.fetch_add(read as u64, Ordering::Relaxed);
    }
    progress.bytes_total.store(bytes.len().max(1) as u64, Ordering::Relaxed);
    // Every position has an "updated" field and every article a "text": a count of both is the
    // total the parse ticks towards (a quoted word in a text may add a few: the bar then ends
    // just short of full).
    let count = |needle: &[u8]| memchr::memmem::find_iter(&bytes, needle).count() as u64;
    progress.items_total.store(count(b"\"updated\"") + count(b"\"text\""), Ordering::Relaxed);
    crate::model::progress::with_progress(std::sync::Arc::clone(progress), || parse_project(&bytes, path))
}

/// Parses and validates project JSON; `path` names the file in errors.
pub fn parse_project(bytes: &[u8], path: &Path) -> Result<Project, ProjectFileError> {
    let mut project: Project = parse_versioned(bytes, path)?;
    // The version in memory is always the one this build writes.
    project.format_version = FORMAT_VERSION;
    crate::model::consensus::sort(&mut project.consensus);
    project.validate().map_err(|rule| ProjectFileError::Invalid { path: path.to_owned(), rule })?;
    Ok(project)
}

/// Parses a JSON object that carries `"format_version"` (a project, or a team folder's team or
/// coding file) into `T`: refuses newer versions before reading the rest, brings older ones up to
/// date through the migrations, and reports errors with the file's line and column. Ids read share
/// their text (see `ids::with_interning`).
pub fn parse_versioned<T: serde::de::DeserializeOwned>(bytes: &[u8], path: &Path) -> Result<T, ProjectFileError> {
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
    let probe: VersionProbe = match leading_version(text) {
        // As every StanceMap file is written: no need to read the whole file twice.
        Some(version) => VersionProbe { format_version: Some(version.into()) },
        None => serde_json::from_str(text).map_err(|error| {
            if error.classify() == serde_json::error::Category::Data {
                ProjectFileError::NotAProject {
                    path: path.to_owned(),
                    reason: "the file is JSON but not an object".into(),
                }
            } else {
                parse_error(error)
            }
        })?,
    };
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
    if version == FORMAT_VERSION || typed_defaults_suffice(version) {
        // A file whose migrations only add fields with defaults reads as it is: one parse, with
        // errors at their line and column.
        crate::model::ids::with_interning(|| serde_json::from_str(text)).map_err(parse_error)
    } else {
        // An older file goes through the migrations on its raw JSON first; reading it as it is
        // before that reports a broken file with its line and column, as for a current one.
        serde_json::from_str::<T>(text).map_err(parse_error)?;
        let mut value: serde_json::Value = serde_json::from_str(text).map_err(parse_error)?;
        migrate(&mut value, version).map_err(not_a_project)?;
        crate::model::ids::with_interning(|| serde_json::from_value(value))
            .map_err(|error| not_a_project(error.to_string()))
    }
}

/// The version of a file that starts `{ "format_version": N,` (as StanceMap writes them), read
/// without parsing the rest; `None` for any other start, which the full probe then reads.
fn leading_version(text: &str) -> Option<u64> {
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix("\"format_version\"")?.trim_start().strip_prefix(':')?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 || (digits > 1 && rest.starts_with('0')) {
        return None;
    }
    let after = rest[digits..].trim_start();
    if !(after.starts_with(',') || after.starts_with('}')) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// One step of the file format's history: turns the raw JSON of a version-`from` file into
/// version `from + 1`.
struct Migration {
    /// The version it starts from.
    from: u32,
    /// What changed, for the record.
    #[allow(dead_code)]
    change: &'static str,
    /// The change, on the raw JSON; `None` when the step only adds fields whose defaults
    /// (`#[serde(default)]`) are what an older file means, so the file is read as it is.
    apply: Option<fn(&mut serde_json::Value)>,
}

/// Every migration, oldest first, one per version step up to [`FORMAT_VERSION`].
const MIGRATIONS: &[Migration] = &[Migration {
    from: 1,
    change: "version 2 adds the Trash and each position's history; a version-1 file has neither, \
             and both default to empty",
    apply: None,
}];

/// True when every migration from `version` up to [`FORMAT_VERSION`] only adds defaulted fields.
fn typed_defaults_suffice(version: u32) -> bool {
    (version..FORMAT_VERSION).all(|from| MIGRATIONS.iter().any(|step| step.from == from && step.apply.is_none()))
}

/// Brings the raw JSON of a version-`from` file up to [`FORMAT_VERSION`], one step at a time.
fn migrate(value: &mut serde_json::Value, from: u32) -> Result<(), String> {
    let mut version = from;
    while version < FORMAT_VERSION {
        let Some(step) = MIGRATIONS.iter().find(|migration| migration.from == version) else {
            return Err(format!("\"format_version\" is {from}, and no StanceMap version ever wrote that"));
        };
        if let Some(apply) = step.apply {
            apply(value);
        }
        version += 1;
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("format_version".into(), FORMAT_VERSION.into());
    }
    Ok(())
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

/// Writes the project atomically (temp file in the same folder, fsync, rename over `path`), keeping
/// the version it replaces as `NAME.stancemap.bak`.
pub fn save_project(path: &Path, project: &Project) -> Result<(), ProjectFileError> {
    let json = project_to_json(project);
    keep_previous_version(path)?;
    write_atomically(path, json.as_bytes())?;
    remove_abandoned_temp_files(
        path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new(".")),
    );
    Ok(())
}

/// A save killed between creating its temp file and the rename leaves `.stancemap-save-*.tmp`
/// behind. Once a save has succeeded, such files older than `ABANDONED_TEMP_AGE` are removed: no
/// save takes that long, so they belong to no save still running (in this or another process).
const ABANDONED_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

pub(crate) fn remove_abandoned_temp_files(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".stancemap-save-") && name.ends_with(".tmp")) {
            continue;
        }
        let age = entry.metadata().and_then(|metadata| metadata.modified()).ok().and_then(|time| time.elapsed().ok());
        if age.is_some_and(|age| age >= ABANDONED_TEMP_AGE) {
            std::fs::remove_file(entry.path()).ok();
        }
    }
}

/// Where the previous version of the project at `path` is kept: `NAME.stancemap.bak` beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsString::from).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Keeps the file at `path` (if any) as its backup before it is replaced. A hard link costs no copy
/// and the rename that follows replaces only `path`; where links are not possible it is copied.
fn keep_previous_version(path: &Path) -> Result<(), ProjectFileError> {
    if !path.is_file() {
        return Ok(());
    }
    let backup = backup_path(path);
    std::fs::remove_file(&backup).ok();
    if std::fs::hard_link(path, &backup).is_ok() {
        return Ok(());
    }
    std::fs::copy(path, &backup).map(|_| ()).map_err(|error| ProjectFileError::Write { path: backup.clone(), error })
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
    fn the_version_is_read_from_the_start_without_parsing_the_rest_and_odd_starts_fall_back() {
        assert_eq!(leading_version("{\n  \"format_version\": 2,\n  \"title\": [broken"), Some(2));
        assert_eq!(leading_version("  { \"format_version\" :7 }"), Some(7));
        for odd in
            ["{\"title\": \"x\", \"format_version\": 2}", "{\"format_version\": 2.5}", "{\"format_version\": 02,"]
        {
            assert_eq!(leading_version(odd), None, "{odd}");
        }
        // A newer file is refused by its version even when its body would not parse.
        let newer = format!("{{\"format_version\": {}, \"title\": [", FORMAT_VERSION + 1);
        let error = parse_project(newer.as_bytes(), Path::new("new.stancemap")).unwrap_err().to_string();
        assert!(error.contains("update StanceMap"), "{error}");
        // The fallback still reads a version that is not first.
        let late = format!("{{\"title\": \"x\", \"format_version\": {}}}", FORMAT_VERSION + 1);
        let error = parse_project(late.as_bytes(), Path::new("late.stancemap")).unwrap_err().to_string();
        assert!(error.contains("update StanceMap"), "{error}");
    }

    #[test]
    fn sample_round_trips_through_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.stancemap");
        let project = presets::sample_project();
        save_project(&path, &project).unwrap();
        assert_eq!(load_project(&path).unwrap(), project);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(&format!("{{\n  \"format_version\": {FORMAT_VERSION},")), "{}", &text[..40]);
    }

    #[test]
    fn the_bundled_sample_file_reads_and_writes_back_byte_for_byte() {
        let text = include_str!("../../assets/sample.stancemap");
        let project = parse_project(text.as_bytes(), Path::new("sample.stancemap")).unwrap();
        let first = &project.positions.iter().next().unwrap().actor;
        let same_actor = project.actors.iter().find(|actor| &actor.id == first).unwrap();
        assert!(std::sync::Arc::ptr_eq(&first.0, &same_actor.id.0), "ids read from one file share their text");
        assert!(project_to_json(&project) == text, "the sample changed on a round trip");
    }

    #[test]
    fn a_save_removes_temp_files_abandoned_by_killed_saves_but_not_fresh_ones() {
        let dir = tempfile::tempdir().unwrap();
        let abandoned = dir.path().join(".stancemap-save-old.tmp");
        let fresh = dir.path().join(".stancemap-save-new.tmp");
        let unrelated = dir.path().join("notes.tmp");
        for file in [&abandoned, &fresh, &unrelated] {
            std::fs::write(file, b"partial").unwrap();
        }
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for file in [&abandoned, &unrelated] {
            std::fs::File::options().write(true).open(file).unwrap().set_modified(an_hour_ago).unwrap();
        }
        save_project(&dir.path().join("p.stancemap"), &presets::sample_project()).unwrap();
        assert!(!abandoned.exists());
        assert!(fresh.exists(), "a temp file of a save that may still be running stays");
        assert!(unrelated.exists());
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

    #[test]
    fn saving_keeps_the_previous_version_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.stancemap");
        let mut project = crate::model::presets::sample_project();
        save_project(&path, &project).unwrap();
        assert!(!backup_path(&path).exists(), "a first save has nothing to keep");
        project.title = "Second".into();
        save_project(&path, &project).unwrap();
        let backup = backup_path(&path);
        assert_eq!(backup.file_name().and_then(|n| n.to_str()), Some("p.stancemap.bak"));
        assert_eq!(load_project(&backup).unwrap().title, crate::model::presets::sample_project().title);
        assert_eq!(load_project(&path).unwrap().title, "Second");
        project.title = "Third".into();
        save_project(&path, &project).unwrap();
        assert_eq!(load_project(&backup).unwrap().title, "Second", "the backup moves on with each save");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_refuses_with_the_path_and_keeps_the_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.stancemap");
        save_project(&path, &Project::default()).unwrap();
        let before = std::fs::read(&path).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores permissions; the check only means something for other users.
        let probe = dir.path().join("probe");
        if std::fs::write(&probe, b"x").is_ok() {
            std::fs::remove_file(&probe).ok();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            return;
        }
        let error = save_project(&path, &crate::model::presets::sample_project()).unwrap_err().to_string();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(error.contains("p.stancemap") && error.contains("cannot save"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn every_older_version_has_a_migration_and_version_one_files_load() {
        for version in 1..FORMAT_VERSION {
            assert!(MIGRATIONS.iter().any(|m| m.from == version), "no migration from version {version}");
        }
        let mut json = project_to_json(&crate::model::presets::sample_project());
        json = json.replacen(&format!("\"format_version\": {FORMAT_VERSION}"), "\"format_version\": 1", 1);
        assert!(json.contains("\"format_version\": 1"));
        let project = parse_project(json.as_bytes(), Path::new("old.stancemap")).unwrap();
        assert_eq!(project, crate::model::presets::sample_project());
        let error = parse_project(br#"{"format_version": 0}"#, Path::new("zero.stancemap")).unwrap_err().to_string();
        assert!(error.contains("zero.stancemap") && error.contains(" 0"), "{error}");
    }

    #[test]
    fn the_version_is_read_from_the_start_and_a_version_elsewhere_still_counts() {
        assert_eq!(leading_version("{\n  \"format_version\": 2,\n  \"title\": \"x\"}"), Some(2));
        assert_eq!(leading_version("{\"format_version\":1}"), Some(1));
        for other in [
            "{\"title\": \"x\", \"format_version\": 2}",
            "{\"format_version\": 1.5}",
            "{\"format_version\": \"2\"}",
            "[1]",
        ] {
            assert_eq!(leading_version(other), None, "{other}");
        }
        let json = br#"{"title": "Later", "format_version": 1}"#;
        assert_eq!(parse_project(json, Path::new("later.stancemap")).unwrap().title, "Later");
        let error = parse_project(br#"{"format_version": 1.5}"#, Path::new("f.stancemap")).unwrap_err().to_string();
        assert!(error.contains("1.5") && error.contains("not a whole number"), "{error}");
        let error = parse_project(b"{\"format_version\": 2,\n  \"actors\": [}", Path::new("b.stancemap")).unwrap_err();
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn a_version_one_file_with_a_broken_field_names_its_line() {
        let json =
            b"{\n  \"format_version\": 1,\n  \"actors\": [\n    {\"id\": \"x\", \"capability\": \"big\"}\n  ]\n}";
        let error = parse_project(json, Path::new("v1.stancemap")).unwrap_err().to_string();
        assert!(error.contains("line 4") && error.contains("invalid type"), "{error}");
        assert!(typed_defaults_suffice(1), "version 1 only lacks defaulted fields: read once");
    }

    #[test]
    fn done_marks_are_saved_and_files_without_them_still_load() {
        let mut project = crate::model::presets::sample_project();
        let json = project_to_json(&project);
        assert!(!json.contains("done_articles"), "left out while empty, so older builds read the file");
        project
            .done_articles
            .push(crate::model::DoneMark { article: project.articles[0].id.clone(), coder: "analyst".into() });
        let json = project_to_json(&project);
        let loaded = parse_project(json.as_bytes(), Path::new("done.stancemap")).unwrap();
        assert_eq!(loaded.done_articles, project.done_articles);
    }
}
