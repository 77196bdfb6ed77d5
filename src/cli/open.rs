//! Opening and validating what the parsed arguments name (ripgrep's "high-level arguments" step):
//! project files, coded-positions CSVs and issues picked by name. Every error names the file it is
//! about, so the tools can pass it up with `?` and [`super::main`] prints it once.

use std::path::Path;

use anyhow::{Context as _, anyhow};

use crate::io::output::{OutputError, OutputKind, check_output};
use crate::io::{positions_csv, project_file};
use crate::model::{Issue, Project, presets};
use crate::session::{Command, Effect, Session};

/// Loads the project at `path`, or — when no file exists there — a new project with the preset
/// actors, issues and coder, titled after the file name. A file that exists but does not load is an
/// error (so it is never overwritten). The flag is true when the file existed.
pub fn open_or_new_project(path: &Path) -> anyhow::Result<(Project, bool)> {
    match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let title = path.file_stem().map_or_else(|| "Untitled".into(), |stem| stem.to_string_lossy().into_owned());
            Ok((presets::new_project(&title), false))
        }
        _ => Ok((project_file::load_project(path)?, true)),
    }
}

/// Loads a project file, or a team folder (the folder or its team.stancemap) merged into one
/// project; errors name the file.
pub fn load_project_or_team(path: &Path) -> anyhow::Result<Project> {
    if crate::io::team::team_root(path).is_some() {
        return Ok(crate::io::team::load_team(path)?.0);
    }
    Ok(project_file::load_project(path)?)
}

/// Refuses to write `path` when it exists (unless `force`) or, for an export, when it is a
/// project file — so no tool replaces a user's file without being told to.
pub fn check_output_path(path: &Path, kind: OutputKind, extension: &str, force: bool) -> anyhow::Result<()> {
    match check_output(path, kind, extension, force) {
        Err(OutputError::Exists { path }) => {
            anyhow::bail!("{}: already exists; pass --force to replace it", path.display())
        }
        result => Ok(result?),
    }
}

/// Saves the session's project to its path, as the app's Save does; the error names the file.
pub fn save_session(session: &mut Session) -> anyhow::Result<()> {
    for effect in session.apply(Command::Save) {
        if let Effect::Error(message) = effect {
            anyhow::bail!(message);
        }
    }
    anyhow::ensure!(!session.document().is_dirty(), "the project has no path to save to");
    Ok(())
}

/// Reads what an analysis tool works on: a `.stancemap` project, a team folder, a KTAB scenario CSV, or a coded-positions CSV read into
/// a fresh project ([`positions_csv::project_from_csv`], issue scales widened to fit the data). A
/// CSV without an `issue` column (e.g. `actor,capability,position,salience`) is one issue named
/// after the file's stem ("Issue" if it has none). A `.csv` extension means CSV and
/// `.stancemap`/`.json` a project; otherwise content starting with `{` is a project and anything
/// else CSV.
pub fn open_positions(path: &Path) -> anyhow::Result<Project> {
    if crate::io::team::team_root(path).is_some() {
        return load_project_or_team(path);
    }
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    let extension = path.extension().map(|ext| ext.to_string_lossy().to_lowercase()).unwrap_or_default();
    let is_project = match extension.as_str() {
        "csv" => false,
        "stancemap" | "json" => true,
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            body.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
        }
    };
    if is_project {
        return Ok(project_file::parse_project(&bytes, path)?);
    }
    if crate::io::exchange::ktab::looks_like_ktab(&bytes) {
        let (project, _) =
            crate::io::exchange::ktab::read(&bytes, &Default::default()).with_context(|| path.display().to_string())?;
        return Ok(project);
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow!("{}: the CSV is not UTF-8 text (save it as UTF-8 and try again)", path.display()))?;
    let stem = path.file_stem().map(|stem| stem.to_string_lossy().trim().to_owned()).unwrap_or_default();
    let lone_issue = if stem.is_empty() { "Issue" } else { stem.as_str() };
    positions_csv::project_from_csv(text, None, Some(lone_issue)).with_context(|| path.display().to_string())
}

/// The issue `name` (id or name, case-insensitive) of `project`, or an error naming `file` and
/// listing the issues.
pub fn find_issue<'a>(project: &'a Project, name: &str, file: &Path) -> anyhow::Result<&'a Issue> {
    project.find_issue_by_name(name).ok_or_else(|| {
        anyhow!("{}: no issue {name:?}; {}", file.display(), issue_list(project.issues.iter().collect()))
    })
}

/// "the issues are: "A" (a), "B" (b)", or a note that there are none.
pub fn issue_list(issues: Vec<&Issue>) -> String {
    if issues.is_empty() {
        return "the file has no issues".into();
    }
    let names: Vec<String> = issues.iter().map(|issue| format!("{:?} ({})", issue.name, issue.id.as_str())).collect();
    format!("the issues are: {}", names.join(", "))
}
