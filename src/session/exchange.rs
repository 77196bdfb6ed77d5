//! Other tools' files in the app: File → Open of a `.qdpx` or `.dna` (a new, unsaved project; the original
//! is never written), Import of a `.qdpx`, `.dna` or KTAB scenario into the open project (merged as one
//! undo step, the way Project → Merge merges), the mapping step in between when a foreign
//! project's codes need one (each code → an actor, an issue value or nothing), and the import
//! report they end with. The formats themselves are [`crate::io::exchange`]'s.
//!
//! Reading a file takes seconds at corpus size, so the session never reads one itself: it asks the
//! app for an [`ExchangeRequest`] ([`Effect::ReadExchange`]), which runs on a worker with progress
//! and Cancel and comes back as [`super::Command::FinishExchangeRead`]. A cancelled read comes back
//! as [`super::Command::ExchangeReadCancelled`] and changes nothing. The CLI and tests run a request
//! in place with [`ExchangeRequest::run`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::effect::{CodeMappingDraft, CodeRow, CodeRowKind, DialogRequest, Effect, ExchangeReportView};
use super::{Document, Session};
use crate::io::exchange::{CodeMap, CodeTarget, ExchangeFormat, ImportReport, ReadOptions, ReadProgress};
use crate::model::Project;

/// The most bytes an exchange file may have (the archive's content is capped separately).
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads an exchange file into a project of its own, with its report.
pub fn read_exchange_file(
    path: &Path,
    known: Option<&Project>,
    code_map: Option<&crate::io::exchange::CodeMap>,
    progress: Option<&ReadProgress>,
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
    let options = ReadOptions { known, code_map, file_name: &file_name, progress };
    format.read(&bytes, &options).map_err(|error| format!("{}: {error}", path.display()))
}

/// A read of another tool's file for File → Open (`open`) or Import, to run on a worker.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeRequest {
    /// The file.
    pub path: PathBuf,
    /// True for File → Open (a new project), false for Import (merged into the open one).
    pub open: bool,
    /// For Import: a copy of the open project, whose actors and issues codes are matched to.
    pub known: Option<Arc<Project>>,
    /// The user's mapping, once the mapping step is done.
    pub code_map: Option<CodeMap>,
    /// The open document's generation when the read started: File → Open does not replace a
    /// project that was changed while the file was read.
    pub generation: u64,
}

impl ExchangeRequest {
    /// Reads the file (on the caller's thread), reporting to `progress` and stopping when it is
    /// cancelled.
    pub fn run(self, progress: Option<&ReadProgress>) -> ExchangeRead {
        let result = read_exchange_file(&self.path, self.known.as_deref(), self.code_map.as_ref(), progress);
        ExchangeRead { request: self, result }
    }

    /// The file's name, for progress and messages.
    pub fn file_name(&self) -> String {
        file_name(&self.path)
    }
}

/// What a worker read for an [`ExchangeRequest`].
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeRead {
    /// What was asked.
    pub request: ExchangeRequest,
    /// The project and its report, or the error to show.
    pub result: Result<(Project, ImportReport), String>,
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
    /// Applies `command` as [`Session::apply`] does, but reads other tools' files in place instead
    /// of asking for a worker (for the CLI and tests): the effects are those the app would see
    /// once every read is done.
    pub fn apply_waiting(&mut self, command: super::Command) -> Vec<Effect> {
        let mut done = Vec::new();
        let mut queue = std::collections::VecDeque::from(self.apply(command));
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::ReadExchange(request) => {
                    let read = request.run(None);
                    queue.extend(self.apply(super::Command::FinishExchangeRead(Box::new(read))));
                }
                effect => done.push(effect),
            }
        }
        done
    }

    /// File → Open of another tool's project: read it in the background; [`Self::finish_exchange_read`]
    /// goes on.
    pub(super) fn open_exchange(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        effects.push(Effect::ReadExchange(self.exchange_request(path, true, None)));
    }

    /// Import of another tool's project or a KTAB scenario into the open project: read it in the
    /// background; [`Self::finish_exchange_read`] goes on.
    pub(super) fn import_exchange(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        effects.push(Effect::ReadExchange(self.exchange_request(path, false, None)));
    }

    fn exchange_request(&self, path: &Path, open: bool, code_map: Option<CodeMap>) -> ExchangeRequest {
        ExchangeRequest {
            path: path.to_owned(),
            open,
            known: (!open).then(|| Arc::new(self.project().clone())),
            code_map,
            generation: self.document.generation(),
        }
    }

    /// A background read is done: the mapping step when the file's codes need one (and no
    /// mapping was given yet), else the file is opened or imported, with its report.
    pub(super) fn finish_exchange_read(&mut self, read: ExchangeRead, effects: &mut Vec<Effect>) {
        let ExchangeRead { request, result } = read;
        let path = request.path.as_path();
        let (project, report) = match result {
            Ok(read) => read,
            Err(error) => {
                effects.push(Effect::Error(error));
                return;
            }
        };
        if request.code_map.is_none() {
            let known = if request.open { None } else { Some(self.project()) };
            if let Some(draft) = mapping_draft(path, &report, request.open, known) {
                self.pending_exchange = Some((request.path.clone(), request.open));
                effects.push(Effect::ShowDialog(DialogRequest::MapCodes(draft)));
                return;
            }
        }
        if request.open {
            if self.document.generation() != request.generation {
                effects.push(Effect::Error(format!(
                    "{} was not opened: the open project changed while the file was read (save or undo the \
                     change, then open it again)",
                    path.display()
                )));
                return;
            }
            self.finish_open_exchange(path, project, &report, effects);
        } else {
            self.finish_import_exchange(path, &project, &report, effects);
        }
    }

    /// The user cancelled a background read: nothing changed.
    pub(super) fn exchange_read_cancelled(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        effects.push(Effect::Info(format!("Reading {} cancelled; nothing changed", file_name(path))));
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

    /// The mapping step is done: read the file again with the user's mapping (in the background),
    /// then open or import it.
    pub(super) fn map_codes(&mut self, rows: Vec<CodeRow>, effects: &mut Vec<Effect>) {
        let Some((path, open)) = self.pending_exchange.take() else { return };
        effects.push(Effect::CloseDialog);
        effects.push(Effect::ReadExchange(self.exchange_request(&path, open, Some(code_map(&rows)))));
    }
}
