//! Other tools' files in the app: File → Open of a `.qdpx` or `.dna` (a new, unsaved project; the original
//! is never written), Import of a `.qdpx`, `.dna` or KTAB scenario into the open project (merged as one
//! undo step, the way Project → Merge merges), the mapping step in between when a foreign
//! project's codes need one (each code → an actor, an issue value or nothing), and the import
//! report they end with. The formats themselves are [`crate::io::exchange`]'s.

use std::path::Path;

use super::effect::{CodeMappingDraft, CodeRow, CodeRowKind, DialogRequest, Effect, ExchangeReportView};
use super::{Document, Session};
use crate::io::exchange::{CodeMap, CodeTarget, ExchangeFormat, ImportReport, ReadOptions};
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
        return Err(format!("{}: neither a REFI-QDA project, a DNA database nor a KTAB scenario", path.display()));
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

/// The mapping step's rows for a report: every code with codings, pre-filled with what it was
/// mapped to by name; `None` when nothing needs mapping (every coding mapped, or our own export).
fn mapping_draft(path: &Path, report: &ImportReport, open: bool, known: Option<&Project>) -> Option<CodeMappingDraft> {
    let unmapped = report.codes.iter().any(|code| code.codings > 0 && code.mapped_to.is_empty());
    if report.exact || !unmapped {
        return None;
    }
    let rows = report
        .codes
        .iter()
        .filter(|code| code.codings > 0)
        .map(|code| {
            let leaf = code.name.rsplit('/').next().unwrap_or(&code.name);
            let named_actor = known.and_then(|project| project.find_actor_by_name(leaf));
            CodeRow {
                code: code.name.clone(),
                codings: code.codings,
                kind: if named_actor.is_some() { CodeRowKind::Actor } else { CodeRowKind::Nothing },
                actor: named_actor.map_or_else(String::new, |actor| actor.name.clone()),
                issue: String::new(),
                value: 0.0,
            }
        })
        .collect();
    Some(CodeMappingDraft { file: file_name(path), open, rows })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The code map the mapping step's rows make.
fn code_map(rows: &[CodeRow]) -> CodeMap {
    let entries = rows
        .iter()
        .map(|row| {
            let target = match row.kind {
                CodeRowKind::Actor if !row.actor.trim().is_empty() => CodeTarget::Actor(row.actor.trim().to_owned()),
                CodeRowKind::IssueValue if !row.issue.trim().is_empty() && row.value.is_finite() => {
                    CodeTarget::Pole { issue: row.issue.trim().to_owned(), value: row.value }
                }
                _ => CodeTarget::Nothing,
            };
            (row.code.clone(), target)
        })
        .collect();
    CodeMap { entries }
}

impl Session {
    /// File → Open of a REFI-QDA project: a new, unsaved project holding what the file holds —
    /// after the mapping step when its codes need one.
    pub(super) fn open_exchange(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        match read_exchange_file(path, None, None) {
            Ok((project, report)) => {
                if let Some(draft) = mapping_draft(path, &report, true, None) {
                    self.pending_exchange = Some((path.to_owned(), true));
                    effects.push(Effect::ShowDialog(DialogRequest::MapCodes(draft)));
                    return;
                }
                self.finish_open_exchange(path, project, &report, effects);
            }
            Err(error) => effects.push(Effect::Error(error)),
        }
    }

    fn finish_open_exchange(
        &mut self,
        path: &Path,
        project: Project,
        report: &ImportReport,
        effects: &mut Vec<Effect>,
    ) {
        self.replace_document(Document::new(project, None));
        effects.push(Effect::ArticleShown);
        effects.push(Effect::Info(format!(
            "Opened {} as a new project (not saved yet; the original is never written)",
            path.display()
        )));
        effects.push(Effect::ShowDialog(DialogRequest::ExchangeReport(report_view(path, report))));
    }

    /// Import of a REFI-QDA project or KTAB scenario into the open project — after the mapping
    /// step when its codes need one.
    pub(super) fn import_exchange(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        match read_exchange_file(path, Some(self.project()), None) {
            Ok((project, report)) => {
                if let Some(draft) = mapping_draft(path, &report, false, Some(self.project())) {
                    self.pending_exchange = Some((path.to_owned(), false));
                    effects.push(Effect::ShowDialog(DialogRequest::MapCodes(draft)));
                    return;
                }
                self.finish_import_exchange(path, &project, &report, effects);
            }
            Err(error) => {
                effects.push(Effect::DialogError(error.clone()));
                effects.push(Effect::Error(error));
            }
        }
    }

    fn finish_import_exchange(
        &mut self,
        path: &Path,
        project: &Project,
        report: &ImportReport,
        effects: &mut Vec<Effect>,
    ) {
        if self.merge_project(project, file_name(path), effects) {
            effects.push(Effect::ShowDialog(DialogRequest::ExchangeReport(report_view(path, report))));
        } else {
            // The conflicts dialog comes first; the report's gist goes to the log.
            effects.push(Effect::Info(report.summary()));
        }
    }

    /// The mapping step is done: read the file again with the user's mapping, then open or
    /// import it.
    pub(super) fn map_codes(&mut self, rows: Vec<CodeRow>, effects: &mut Vec<Effect>) {
        let Some((path, open)) = self.pending_exchange.take() else { return };
        let map = code_map(&rows);
        let known = if open { None } else { Some(self.project()) };
        match read_exchange_file(&path, known, Some(&map)) {
            Ok((project, report)) if open => self.finish_open_exchange(&path, project, &report, effects),
            Ok((project, report)) => self.finish_import_exchange(&path, &project, &report, effects),
            Err(error) => {
                effects.push(Effect::DialogError(error.clone()));
                effects.push(Effect::Error(error));
            }
        }
    }
}
