//! Positions CSV files as wholes: writing a project's positions out ([`export_positions`]),
//! reading a file into an import edit with errors that name the file ([`read_positions_file`]),
//! and saying what an import does ([`summarize`]). Shared by the app and the CLI.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{NameChoices, PositionsCsvError, import_positions_with};
use crate::model::{Edit, Project};

/// Every position of `project` as CSV in the import format (`actor,issue,position,article,salience,
/// confidence,coder,capability,quote`), names rather than ids, so the file reads well in a
/// spreadsheet and imports back with [`import_positions`].
pub fn export_positions(project: &Project) -> String {
    write_positions(project).unwrap_or_else(|error| format!("error writing CSV: {error}\n"))
}

fn write_positions(project: &Project) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "actor",
        "issue",
        "position",
        "article",
        "salience",
        "confidence",
        "coder",
        "capability",
        "quote",
    ])?;
    for position in project.positions.iter() {
        let actor = project.actor(&position.actor);
        let article =
            position.article.as_ref().map(|id| project.article(id).map_or_else(|| id.to_string(), |a| a.title.clone()));
        let quote = position.evidence.iter().map(|evidence| evidence.quote.as_str()).collect::<Vec<_>>().join(" … ");
        writer.write_record([
            actor.map_or_else(|| position.actor.to_string(), |a| a.name.clone()),
            project.issue(&position.issue).map_or_else(|| position.issue.to_string(), |i| i.name.clone()),
            position.value.to_string(),
            article.unwrap_or_default(),
            position.salience.to_string(),
            position.confidence.label().to_ascii_lowercase(),
            project.coder(&position.coder).map_or_else(|| position.coder.to_string(), |c| c.id.to_string()),
            actor.map(|a| a.capability.to_string()).unwrap_or_default(),
            quote,
        ])?;
    }
    let bytes = writer.into_inner().map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Why a coded-positions CSV file was not imported. Every variant names the file; nothing is
/// imported when any error occurs.
#[derive(Debug, thiserror::Error)]
pub enum PositionsFileError {
    /// The file could not be read (or is not UTF-8 text).
    #[error("{}: cannot read the file: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error (in the message, not a separate cause, so it is printed once).
        error: std::io::Error,
    },
    /// The file was read but a row (or the header, or the scale) was refused.
    #[error("{}: {error}; nothing was imported", path.display())]
    Refused {
        /// The file.
        path: PathBuf,
        /// Which row and column, and why (in the message, not a separate cause).
        error: PositionsCsvError,
    },
}

/// Reads the coded-positions CSV at `path` and returns ONE [`Edit::Batch`] for `project`, as
/// [`super::import_positions_with`] does for text (`scale`: the scale of new issues, 0–100 when
/// `None`; `choices`: what to do with unknown actor and issue names). The command line and the app
/// share it, so both report the same errors.
pub fn read_positions_file(
    project: &Project,
    path: &Path,
    scale: Option<(f64, f64)>,
    choices: &NameChoices,
) -> Result<Edit, PositionsFileError> {
    let text =
        std::fs::read_to_string(path).map_err(|error| PositionsFileError::Read { path: path.to_owned(), error })?;
    import_positions_with(project, &text, scale, choices)
        .map_err(|error| PositionsFileError::Refused { path: path.to_owned(), error })
}

/// What an import of coded positions did to a project, for a report to the user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PositionsImportSummary {
    /// Positions the import set.
    pub positions_set: usize,
    /// Of those, how many replaced a position already in the project (same actor, issue, article
    /// and coder).
    pub replaced: usize,
    /// Actors the import created.
    pub actors_created: usize,
    /// Issues the import created.
    pub issues_created: usize,
    /// Placeholder articles the import created.
    pub articles_created: usize,
    /// Coders the import created.
    pub coders_created: usize,
}

/// What `edit` (an import of coded positions) does to `before`: positions set and replaced, and
/// the actors, issues, articles and coders it creates. Read from the edit and the project before it
/// is applied, so no copy of the project is needed.
pub fn summarize(edit: &Edit, before: &Project) -> PositionsImportSummary {
    let mut summary = PositionsImportSummary::default();
    count_changes(edit, before, &mut summary);
    summary
}

/// Counts the positions `edit` sets, and how many of them replace one already in `project`.
fn count_changes(edit: &Edit, project: &Project, summary: &mut PositionsImportSummary) {
    match edit {
        Edit::Batch(edits) => edits.iter().for_each(|edit| count_changes(edit, project, summary)),
        Edit::SetPosition { key, position: Some(_) } => {
            summary.positions_set += 1;
            if project.positions.get(key).is_some() {
                summary.replaced += 1;
            }
        }
        Edit::PutActor { actor, .. } if project.actor(&actor.id).is_none() => summary.actors_created += 1,
        Edit::PutIssue { issue, .. } if project.issue(&issue.id).is_none() => summary.issues_created += 1,
        Edit::PutArticle { article, .. } if project.article(&article.id).is_none() => summary.articles_created += 1,
        Edit::PutCoder { coder, .. } if project.coder(&coder.id).is_none() => summary.coders_created += 1,
        _ => {}
    }
}
