//! Commands that touch files: New, Open, Save, the unsaved-changes question, path prompts, article
//! and position imports, and exports. File formats live in [`crate::io`]; this module decides when
//! to ask, what to load or write, and what to tell the user.

use std::path::{Path, PathBuf};

use super::command::{Command, PathPurpose, PendingAction};
use super::effect::{DialogRequest, Effect, ImportReportView};
use super::{Document, Session};
use crate::io::articles::ExtractedFiles;
use crate::io::export::ExportKind;
use crate::io::output::{OutputError, OutputKind, check_output, is_project_path};
use crate::io::project_file::{self, PROJECT_EXTENSION};
use crate::model::{Project, presets};

/// Loads a project file, or an article file into a new project with the presets.
pub fn load_document(path: &Path) -> Result<Document, String> {
    if let Some(root) = crate::io::team::team_root(path) {
        let (project, folder) = crate::io::team::load_team(&root).map_err(|error| error.to_string())?;
        let mut document = Document::new(project, Some(crate::io::team::team_file_path(&root)));
        document.team = Some(folder);
        return Ok(document);
    }
    if crate::io::exchange::ExchangeFormat::opens_as_project(path) {
        let (project, _) = super::exchange::read_exchange_file(path, None, None, None)?;
        return Ok(Document::new(project, None));
    }
    if is_project_path(path) {
        let project = project_file::load_project(path).map_err(|error| error.to_string())?;
        return Ok(Document::new(project, Some(path.to_owned())));
    }
    let title = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let mut project = presets::new_project(&title);
    let report = crate::io::articles::import_paths(&project, &[path.to_owned()]);
    if let Some(error) = report.failures.first() {
        return Err(error.to_string());
    }
    if let Some(edit) = report.edit {
        edit.apply(&mut project);
    }
    Ok(Document::new(project, None))
}

impl Session {
    /// A session for `stancemap [FILE]`: the file if given, else the bundled sample. When the file
    /// cannot be opened, the sample is shown and the error returned with it. Another tool's project
    /// (`.qdpx`, `.dna`) is read here as it is, without the mapping step: the app
    /// ([`crate::app::App::for_startup`]) starts on the sample and opens such a file with
    /// [`super::Command::OpenPath`] instead, as File → Open does.
    pub fn for_startup(path: Option<&Path>) -> (Session, Option<String>) {
        let sample = || Session::new(presets::sample_project(), None);
        match path {
            None => (sample(), None),
            Some(path) => match load_document(path) {
                Ok(document) => (Session::from_document(document), None),
                Err(error) => (sample(), Some(error)),
            },
        }
    }

    fn from_document(document: Document) -> Session {
        let mut session = Session::new(Project::default(), None);
        session.document = document;
        session.reset_view_for_new_document(None);
        session
    }

    /// Replaces the open document, keeping the view switches and (if it exists there) the coder.
    pub(super) fn replace_document(&mut self, document: Document) {
        self.document = document;
        self.after_save = None;
        self.offered_recovery = None;
        self.ignored_disk_stamp = None;
        let coder = self.coder.clone();
        self.reset_view_for_new_document(Some(coder));
    }

    pub(super) fn apply_file_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        match command {
            Command::New => self.guard_unsaved(PendingAction::New, effects),
            Command::Open => self.guard_unsaved(PendingAction::ShowOpen, effects),
            Command::OpenPath(path) => self.guard_unsaved(PendingAction::OpenPath(path), effects),
            Command::Save => match self.document.path.clone() {
                // Another program changed the file: ask before replacing its version.
                Some(_) if self.document.changed_on_disk() => self.ask_about_disk_change(true, effects),
                Some(path) => {
                    self.save_to(&path, effects);
                }
                None => self.ask_path(PathPurpose::SaveAs, effects),
            },
            Command::AskPath(purpose) => self.ask_path(purpose, effects),
            Command::SubmitPaths(purpose, paths) => self.submit_paths(purpose, paths, effects),
            Command::ReplaceAgreed(purpose, path) => self.write_to(purpose, path, true, effects),
            Command::EditPath(purpose, path) => {
                let initial = path.display().to_string();
                effects.push(Effect::ShowDialog(DialogRequest::Path { purpose, initial }));
            }
            Command::Browse(purpose) => {
                let start_dir = self.document.path.as_ref().and_then(|p| p.parent()).map(Path::to_owned);
                effects.push(Effect::Browse { purpose, start_dir });
            }
            Command::BrowseFinished(purpose, paths) => {
                if paths.is_empty() {
                    effects.push(Effect::DialogError(
                        "No file chosen. If no system dialog appeared, type the path above.".into(),
                    ));
                } else {
                    self.submit_paths(purpose, paths, effects);
                }
            }
            Command::ImportPaths(paths) => self.start_import(&paths, effects),
            Command::FinishImport(files) => self.finish_import(*files, effects),
            Command::FinishLoad(loaded) => {
                let (path, result) = *loaded;
                self.finish_load(path, result, effects);
            }
            Command::ImportPositionsFile { path, scale, names } => {
                self.import_positions_file(&path, scale, &names, effects);
            }
            Command::SaveThen(pending) => match self.document.path.clone() {
                Some(path) => {
                    effects.push(Effect::CloseDialog);
                    if self.save_to(&path, effects) {
                        self.run_pending(pending, effects);
                    }
                }
                None => {
                    self.after_save = Some(pending);
                    self.ask_path(PathPurpose::SaveAs, effects);
                }
            },
            Command::DiscardThen(pending) => {
                effects.push(Effect::CloseDialog);
                effects.push(Effect::ChangesDiscarded);
                // The changes are dropped with the document, so nothing asks again.
                self.run_pending(pending, effects);
            }
            Command::Quit => self.guard_unsaved(PendingAction::Quit, effects),
            Command::CloseDialog => {
                self.after_save = None;
                self.loaded = None;
                self.pending_exchange = None;
                effects.push(Effect::CloseDialog);
            }
            command @ (Command::CheckDisk
            | Command::ReloadFromDisk
            | Command::KeepMine { .. }
            | Command::OfferRecovery { .. }
            | Command::Recover
            | Command::DiscardRecovery) => self.apply_disk_command(command, effects),
            // Every other command is handled by `Session::apply_into`.
            _ => {}
        }
    }

    /// Runs `action` now, or asks to save first when there are unsaved changes.
    fn guard_unsaved(&mut self, action: PendingAction, effects: &mut Vec<Effect>) {
        if self.document.is_dirty() {
            effects.push(Effect::ShowDialog(DialogRequest::UnsavedChanges(action)));
        } else {
            self.run_pending(action, effects);
        }
    }

    fn run_pending(&mut self, action: PendingAction, effects: &mut Vec<Effect>) {
        match action {
            PendingAction::New => {
                self.replace_document(Document::new(presets::new_project("Untitled"), None));
                effects.push(Effect::ArticleShown);
                effects.push(Effect::Info("New project with the preset issues and actors".into()));
            }
            PendingAction::ShowOpen => self.ask_path(PathPurpose::Open, effects),
            PendingAction::OpenPath(path) if crate::io::exchange::ExchangeFormat::opens_as_project(&path) => {
                self.open_exchange(&path, effects);
            }
            // A project file (not a team folder's) is read on a worker: a large one takes seconds.
            PendingAction::OpenPath(path)
                if is_project_path(&path) && path.is_file() && crate::io::team::team_root(&path).is_none() =>
            {
                self.opening = Some((path.clone(), self.generation()));
                effects.push(Effect::LoadProject(path));
            }
            PendingAction::OpenLoaded(path) => match self.loaded.take() {
                Some(loaded) if loaded.0 == path => {
                    let (path, project) = *loaded;
                    self.open_document(Document::new(project, Some(path.clone())), &path, effects);
                }
                _ => self.run_pending(PendingAction::OpenPath(path), effects),
            },
            PendingAction::OpenPath(path) => match load_document(&path) {
                Ok(document) => self.open_document(document, &path, effects),
                Err(error) => effects.push(Effect::Error(error)),
            },
            PendingAction::Quit => effects.push(Effect::CloseWindow),
        }
    }

    /// Puts `document`, read from `path`, in place of the open one.
    fn open_document(&mut self, document: Document, path: &Path, effects: &mut Vec<Effect>) {
        let is_project = document.path.is_some();
        self.replace_document(document);
        effects.push(Effect::ArticleShown);
        if is_project {
            effects.push(Effect::RememberRecent(path.to_owned()));
        }
        if let Some(root) = self.team_root() {
            effects.push(Effect::TeamOpened(root.to_owned()));
        }
        effects.push(Effect::Info(format!("Opened {}", path.display())));
    }

    /// A project file read on a worker (at start-up, or for File > Open) arrived: open it, or show
    /// why it could not be read (the project shown stays). When the open project was edited while
    /// the file was read, the unsaved-changes question comes first.
    fn finish_load(&mut self, path: PathBuf, result: Result<Project, String>, effects: &mut Vec<Effect>) {
        let opening = self.opening.take().filter(|(opening, _)| *opening == path);
        match result {
            Ok(project) => match opening {
                Some((_, generation)) if generation != self.generation() && self.document.is_dirty() => {
                    self.loaded = Some(Box::new((path.clone(), project)));
                    self.guard_unsaved(PendingAction::OpenLoaded(path), effects);
                }
                _ => self.open_document(Document::new(project, Some(path.clone())), &path, effects),
            },
            Err(error) => effects.push(Effect::Error(error)),
        }
    }

    fn ask_path(&mut self, purpose: PathPurpose, effects: &mut Vec<Effect>) {
        let path = self.document.path.as_deref();
        let initial = match purpose {
            PathPurpose::SaveAs => path.map(Path::to_owned),
            PathPurpose::Export(kind) => kind.default_file_name(path),
            PathPurpose::MakeTeam => path.map(|path| {
                path.with_extension("").with_file_name(format!(
                    "{}-team",
                    path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
                ))
            }),
            PathPurpose::Open | PathPurpose::Import | PathPurpose::ImportPositions | PathPurpose::Merge => None,
        };
        let initial = initial.map(|path| path.display().to_string()).unwrap_or_default();
        effects.push(Effect::ShowDialog(DialogRequest::Path { purpose, initial }));
    }

    fn submit_paths(&mut self, purpose: PathPurpose, paths: Vec<PathBuf>, effects: &mut Vec<Effect>) {
        let Some(first) = paths.first().cloned() else { return };
        match purpose {
            PathPurpose::Open => {
                effects.push(Effect::CloseDialog);
                // The unsaved-changes question was asked before the prompt opened.
                self.run_pending(PendingAction::OpenPath(first), effects);
            }
            PathPurpose::SaveAs | PathPurpose::Export(_) => self.write_to(purpose, first, false, effects),
            PathPurpose::Import => {
                effects.push(Effect::CloseDialog);
                let (exchange, articles): (Vec<PathBuf>, Vec<PathBuf>) =
                    paths.into_iter().partition(|path| super::exchange::is_exchange_file(path));
                for path in &exchange {
                    self.import_exchange(path, effects);
                }
                if !articles.is_empty() || exchange.is_empty() {
                    self.start_import(&articles, effects);
                }
            }
            PathPurpose::ImportPositions if super::exchange::is_exchange_file(&first) => {
                effects.push(Effect::CloseDialog);
                self.import_exchange(&first, effects);
            }
            PathPurpose::ImportPositions => self.import_positions_file(&first, None, &Default::default(), effects),
            PathPurpose::Merge => self.merge_from(&first, effects),
            PathPurpose::MakeTeam => self.make_team(&first, effects),
        }
    }

    /// Saves (Save As) or exports to `path`, asking before replacing an existing file and never
    /// writing an export over a project.
    fn write_to(&mut self, purpose: PathPurpose, mut path: PathBuf, replace_agreed: bool, effects: &mut Vec<Effect>) {
        let (kind, extension) = match purpose {
            PathPurpose::Export(export) => (OutputKind::Export, export.extension()),
            _ => (OutputKind::Project, PROJECT_EXTENSION),
        };
        if path.extension().is_none() {
            path.set_extension(extension);
        }
        // Saving over the project's own file is a plain Save.
        let own_file = kind == OutputKind::Project && self.document.path.as_deref() == Some(path.as_path());
        match check_output(&path, kind, extension, replace_agreed || own_file) {
            Ok(()) => {}
            Err(OutputError::Exists { path }) => {
                effects.push(Effect::ShowDialog(DialogRequest::ConfirmReplace { purpose, path }));
                return;
            }
            Err(error) => {
                effects.push(Effect::DialogError(error.to_string()));
                return;
            }
        }
        match purpose {
            PathPurpose::Export(export) => self.export(export, path, effects),
            _ => {
                if self.save_to(&path, effects) {
                    effects.push(Effect::CloseDialog);
                    if let Some(action) = self.after_save.take() {
                        self.run_pending(action, effects);
                    }
                }
            }
        }
    }

    /// Writes the project as a new team folder at `root` and opens it there: from now on Save
    /// writes only the current coder's file.
    fn make_team(&mut self, root: &Path, effects: &mut Vec<Effect>) {
        if let Err(error) = crate::io::team::create_team(root, &self.document.project) {
            effects.push(Effect::DialogError(error.to_string()));
            return;
        }
        match load_document(root) {
            Ok(document) => {
                let coder = self.coder.clone();
                self.replace_document(document);
                self.coder = coder;
                effects.push(Effect::CloseDialog);
                effects.push(Effect::RememberRecent(crate::io::team::team_file_path(root)));
                effects.push(Effect::Info(format!(
                    "Made the team folder {}: share it with git or a cloud drive; each coder saves to their own file in coders/",
                    root.display()
                )));
                effects.push(Effect::TeamOpened(root.to_owned()));
            }
            Err(error) => effects.push(Effect::DialogError(error)),
        }
    }

    /// Saves to `path` and reports the outcome; true on success. In a team folder, Save writes the
    /// current coder's file, and the team file only when the codebook changed.
    fn save_to(&mut self, path: &Path, effects: &mut Vec<Effect>) -> bool {
        if let Some(folder) = self.document.team.as_mut()
            && crate::io::team::team_file_path(&folder.root) == path
        {
            let coder_file = crate::io::team::coder_file_path(&folder.root, &self.coder);
            return match crate::io::team::save_as_coder(&self.document.project, &self.coder, folder) {
                Ok(codebook) => {
                    self.document.mark_saved(path.to_owned());
                    let also = if codebook { " and the codebook" } else { "" };
                    effects.push(Effect::Info(format!("Saved your coding ({}){also}", coder_file.display())));
                    true
                }
                Err(error) => {
                    fail_in_dialog(error.to_string(), effects);
                    false
                }
            };
        }
        match project_file::save_project(path, &self.document.project) {
            Ok(()) => {
                // Saved as one file: the project lives there now, no longer in the team folder.
                self.document.team = None;
                self.document.mark_saved(path.to_owned());
                effects.push(Effect::RememberRecent(path.to_owned()));
                effects.push(Effect::Info(format!("Saved {}", path.display())));
                true
            }
            Err(error) => {
                fail_in_dialog(error.to_string(), effects);
                false
            }
        }
    }

    fn start_import(&mut self, paths: &[PathBuf], effects: &mut Vec<Effect>) {
        let files = crate::io::import::collect_importable_files(paths);
        if files.is_empty() {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            effects.push(Effect::Error(format!(
                "{}: no importable files (.txt, .md, .html, .pdf, .docx, .odt, .rtf)",
                names.join(", ")
            )));
            return;
        }
        effects.push(Effect::StartImport(files));
    }

    fn finish_import(&mut self, files: ExtractedFiles, effects: &mut Vec<Effect>) {
        let report = crate::io::articles::plan_import(self.project(), files.files, files.cancelled);
        let first_new = report.imported.first().map(|(title, _)| title.clone());
        let view = ImportReportView {
            summary: report.summary(),
            imported: report.imported,
            duplicates: report.duplicates,
            failures: report.failures.iter().map(ToString::to_string).collect(),
            cancelled: report.cancelled,
        };
        let count = view.imported.len();
        effects.push(Effect::ImportFinished(view));
        if let Some(edit) = report.edit {
            let label = format!("import {}", crate::model::wording::count(count, "article", "articles"));
            self.commit(edit, None, label, effects);
            if let Some(title) = first_new
                && let Some(article) = self.project().articles.iter().rev().find(|a| a.title == title)
            {
                self.article = Some(article.id.clone());
                effects.push(Effect::ArticleShown);
            }
        }
    }

    /// Imports a coded-positions CSV as one undo step; all or nothing. Actor and issue names the
    /// project does not know are neither created nor guessed: the user is asked about each.
    fn import_positions_file(
        &mut self,
        path: &Path,
        scale: Option<(f64, f64)>,
        names: &crate::io::positions_csv::NameChoices,
        effects: &mut Vec<Effect>,
    ) {
        use crate::io::positions_csv::{PositionsCsvError, PositionsFileError};
        let edit = match crate::io::positions_csv::read_positions_file(self.project(), path, scale, names) {
            Ok(edit) => edit,
            Err(PositionsFileError::Refused { error: PositionsCsvError::UnknownNames { names }, .. }) => {
                effects.push(Effect::ShowDialog(DialogRequest::ImportNames { path: path.to_owned(), scale, names }));
                return;
            }
            Err(error) => {
                fail_in_dialog(error.to_string(), effects);
                return;
            }
        };
        let summary = crate::io::positions_csv::summarize(&edit, self.project());
        self.commit(edit, None, "import coded positions".into(), effects);
        effects.push(Effect::CloseDialog);
        let new = summary.positions_set - summary.replaced;
        effects.push(Effect::Info(format!("Imported coded positions from {} ({new} new)", path.display())));
        effects.push(Effect::PositionsImported(summary));
    }

    fn export(&mut self, kind: ExportKind, path: PathBuf, effects: &mut Vec<Effect>) {
        // What the plot panel shows (see `exports.rs`); an empty project is refused with a reason.
        // Another tool's format also says what it changed or could not carry.
        let mut notes = Vec::new();
        let contents = match kind {
            ExportKind::Exchange(format) => format
                .write(self.project())
                .map(|(bytes, report)| {
                    notes = report.notes;
                    bytes
                })
                .map_err(crate::io::export::ExportError::from),
            _ => self.export_contents(kind),
        };
        let contents = match contents.map_err(|error| error.to_string()) {
            Ok(contents) => contents,
            Err(error) => {
                fail_in_dialog(format!("{}: {error}", path.display()), effects);
                return;
            }
        };
        match project_file::write_atomically(&path, &contents) {
            Ok(()) => {
                effects.push(Effect::CloseDialog);
                let mut message = format!("Exported {}", path.display());
                if !notes.is_empty() {
                    message.push_str(&format!(" ({})", notes.join("; ")));
                }
                effects.push(Effect::Info(message));
            }
            Err(error) => {
                fail_in_dialog(error.to_string(), effects);
            }
        }
    }
}

/// A failure the open dialog shows (it stays open with the reason) and the log keeps: one place, so
/// that every file operation reports it the same way.
fn fail_in_dialog(message: String, effects: &mut Vec<Effect>) {
    effects.push(Effect::DialogError(message.clone()));
    effects.push(Effect::Error(message));
}
