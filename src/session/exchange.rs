//! Other tools' files in the app: File → Open of a `.qdpx` (a new, unsaved project; the original
//! is never written), Import of a `.qdpx` or KTAB scenario into the open project (merged as one
//! undo step, the way Project → Merge merges), and the import report they end with. The formats
//! themselves are [`crate::io::exchange`]'s.

use std::path::Path;

use super::effect::{DialogRequest, Effect, ExchangeReportView};
use super::{Document, Session};
use crate::io::exchange::{ExchangeFormat, ImportReport, ReadOptions};
use crate::model::Project;

/// The most bytes an exchange file may have (the archive's content is capped separately).
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads an exchange file into a project of its own, with its report.
pub fn read_exchange_file(
    path: &Path,
    known: Option<&Project>,
    code_map: Option<&crate::io::exchange::CodeMap>,
) -> Result<(Project, ImportReport), String> {
    let size = std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!("{}: the file is larger than 2 GB; nothing was imported", path.display()));
    }
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let Some(format) = ExchangeFormat::detect(path, &bytes) else {
        return Err(format!("{}: neither a REFI-QDA project nor a KTAB scenario", path.display()));
    };
    let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let options = ReadOptions { known, code_map, file_name: &file_name };
    format.read(&bytes, &options).map_err(|error| format!("{}: {error}", path.display()))
}

/// True when `path` is an exchange file Import should merge rather than read as an article.
pub fn is_exchange_file(path: &Path) -> bool {
    if ExchangeFormat::opens_as_project(path) {
        return true;
    }
    let is_csv = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    is_csv
        && std::fs::File::open(path)
            .and_then(|file| {
                use std::io::Read as _;
                let mut head = Vec::new();
                file.take(4096).read_to_end(&mut head).map(|_| head)
            })
            .is_ok_and(|head| crate::io::exchange::ktab::looks_like_ktab(&head))
}

/// The report as the dialog shows it.
fn report_view(path: &Path, report: &ImportReport) -> ExchangeReportView {
    ExchangeReportView {
        file: path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
        summary: report.summary(),
        imported: report.imported.clone(),
        left_out: report.left_out.clone(),
        codes: report.codes.iter().map(|code| (code.name.clone(), code.codings, code.mapped_to.clone())).collect(),
    }
}

impl Session {
    /// File → Open of a REFI-QDA project: a new, unsaved project holding what the file holds.
    pub(super) fn open_exchange(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        match read_exchange_file(path, None, None) {
            Ok((project, report)) => {
                self.replace_document(Document::new(project, None));
                effects.push(Effect::ArticleShown);
                effects.push(Effect::Info(format!(
                    "Opened {} as a new project (not saved yet; the original is never written)",
                    path.display()
                )));
                effects.push(Effect::ShowDialog(DialogRequest::ExchangeReport(report_view(path, &report))));
            }
            Err(error) => effects.push(Effect::Error(error)),
        }
    }

    /// Import of a REFI-QDA project or KTAB scenario into the open project.
    pub(super) fn import_exchange(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        match read_exchange_file(path, Some(self.project()), None) {
            Ok((project, report)) => {
                let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                if self.merge_project(&project, file, effects) {
                    effects.push(Effect::ShowDialog(DialogRequest::ExchangeReport(report_view(path, &report))));
                } else {
                    // The conflicts dialog comes first; the report's gist goes to the log.
                    effects.push(Effect::Info(report.summary()));
                }
            }
            Err(error) => {
                effects.push(Effect::DialogError(error.clone()));
                effects.push(Effect::Error(error));
            }
        }
    }
}
