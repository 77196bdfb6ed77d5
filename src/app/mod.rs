//! The eframe application: owns the open document and the UI state, draws the panels each frame and
//! applies the commands they send, in one place, at the end of the frame.
//!
//! Layout: menu bar on top, status bar at the bottom, articles/actors/issues on the left, the issue
//! axes and the inspector on the right, the plot under the reader, the reader in the centre.

pub mod command;
pub mod document;
pub mod file_dialog;
pub mod frame;
pub mod import_job;
pub mod notifications;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use serde::{Deserialize, Serialize};

use crate::analysis::mentions::{Mention, MentionFinder, count_actor_mentions};
use crate::io::project_file::{self, PROJECT_EXTENSION};
use crate::model::{ArticleId, Coder, CoderId, Edit, Evidence, Position, Project, ids::stable_hash, presets};
use crate::ui::dialogs::{Dialog, DialogAction, PathPurpose, PendingAction};
use crate::ui::plot::PlotPanel;
use crate::ui::reader::ReaderPanel;
use crate::ui::theme;
use command::{Command, CommandSender, MarkerRef, UserCommand};
use document::Document;
use import_job::ImportJob;
use notifications::Notifications;

/// How many recent files the File menu remembers.
const MAX_RECENT_FILES: usize = 10;

/// UI preferences kept between sessions in eframe's storage (never the project itself).
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Preferences {
    /// Most recent first.
    recent_files: Vec<PathBuf>,
    /// Plot panel choices.
    plot: PlotPanel,
}

/// Mentions of the current article, recomputed only when the article or the names change.
#[derive(Default)]
struct MentionCache {
    /// Hash of the names and the article text the mentions were found for; `None` before the first search.
    key: Option<u64>,
    mentions: Vec<Mention>,
    counts: Vec<usize>,
    /// Changes whenever the reader's highlighting must be rebuilt.
    highlight_version: u64,
    /// Document generation the key was last checked at.
    checked_generation: u64,
    checked_article: Option<ArticleId>,
}

/// The StanceMap application.
pub struct App {
    document: Document,
    coder: CoderId,
    current_article: Option<ArticleId>,
    selected_marker: Option<MarkerRef>,
    commands: CommandSender,
    reader: ReaderPanel,
    preferences: Preferences,
    dialog: Option<Dialog>,
    browse: Option<(PathPurpose, Receiver<Vec<PathBuf>>)>,
    import_job: Option<ImportJob>,
    notifications: Notifications,
    mentions: MentionCache,
    window_title: String,
    /// What to do after the next successful save (from the unsaved-changes question).
    after_save: Option<PendingAction>,
    /// Set once the user confirmed closing, so the close request is let through.
    allowed_to_close: bool,
    /// Close the window at the end of this frame.
    pending_close: bool,
    /// Draw other coders' positions on the axes.
    show_other_coders: bool,
    /// Aggregates drawn as spread bars on the axes.
    aggregates: AxisAggregates,
}

/// Whole-project statistics the panels read every frame, recomputed only when the project (or the
/// coder) changes — and not while a marker is being dragged, when they would change every frame.
struct AxisAggregates {
    /// Whether the spread bars are shown under the axes.
    enabled: bool,
    generation: u64,
    coder: CoderId,
    /// Per actor × issue over all articles and coders.
    rows: Vec<crate::analysis::aggregate::AggregateRow>,
    /// The current coder's positions per article, indexed like the article list.
    coded_per_article: Vec<usize>,
}

impl Default for AxisAggregates {
    fn default() -> Self {
        Self {
            enabled: true,
            generation: 0,
            coder: CoderId::default(),
            rows: Vec::new(),
            coded_per_article: Vec::new(),
        }
    }
}

impl AxisAggregates {
    fn refresh(&mut self, ctx: &egui::Context, document: &Document, coder: &CoderId) {
        let changed = self.generation != document.generation() || &self.coder != coder;
        let dragging = ctx.input(|input| input.pointer.any_down()) && self.generation != 0;
        if !changed || dragging {
            return;
        }
        self.generation = document.generation();
        self.coder = coder.clone();
        let project = &document.project;
        let options = crate::analysis::aggregate::AggregateOptions { include_overall: true, ..Default::default() };
        self.rows = crate::analysis::aggregate::aggregate(project, &options);
        let index: std::collections::HashMap<&ArticleId, usize> =
            project.articles.iter().enumerate().map(|(i, article)| (&article.id, i)).collect();
        self.coded_per_article = vec![0; project.articles.len()];
        for position in project.positions.iter().filter(|p| &p.coder == coder) {
            if let Some(&i) = position.article.as_ref().and_then(|id| index.get(id)) {
                self.coded_per_article[i] += 1;
            }
        }
    }

    /// Spread bars appear when switched on and there is more than one article or coder to
    /// aggregate over (otherwise they would repeat the markers).
    fn show_spread(&self, project: &Project) -> bool {
        self.enabled && (project.articles.len() > 1 || project.coders.len() > 1)
    }
}

impl App {
    /// An app showing `project` (not yet saved anywhere). Used by tests and `stancemap FILE.txt`.
    pub fn with_project(project: Project) -> Self {
        Self::with_document(Document::new(project, None))
    }

    /// An app showing a project that lives at `path`.
    pub fn with_project_at(project: Project, path: PathBuf) -> Self {
        Self::with_document(Document::new(project, Some(path)))
    }

    fn with_document(document: Document) -> Self {
        let coder = document
            .project
            .coders
            .first()
            .map(|coder| coder.id.clone())
            .unwrap_or_else(|| presets::DEFAULT_CODER_ID.into());
        let current_article = document.project.articles.first().map(|article| article.id.clone());
        Self {
            document,
            coder,
            current_article,
            selected_marker: None,
            commands: CommandSender::default(),
            reader: ReaderPanel::default(),
            preferences: Preferences::default(),
            dialog: None,
            browse: None,
            import_job: None,
            notifications: Notifications::default(),
            mentions: MentionCache::default(),
            window_title: String::new(),
            after_save: None,
            allowed_to_close: false,
            pending_close: false,
            show_other_coders: false,
            aggregates: AxisAggregates::default(),
        }
    }

    /// The app as started by `main`: preferences restored from eframe storage, the style applied,
    /// and `startup` (already loaded by the caller) shown. `startup_error` is shown as a message.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: App, startup_error: Option<String>) -> Self {
        let mut app = startup;
        theme::apply(&cc.egui_ctx);
        if let Some(storage) = cc.storage {
            app.preferences = eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default();
        }
        if let Some(path) = app.document.path.clone() {
            app.remember_recent(&path);
        }
        if let Some(error) = startup_error {
            app.notifications.error(error);
        }
        app
    }

    /// The project as it is now (for tests and the CLI).
    pub fn project(&self) -> &Project {
        &self.document.project
    }

    /// Where the project is saved, if anywhere.
    pub fn project_path(&self) -> Option<&Path> {
        self.document.path.as_deref()
    }

    /// True when there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.document.is_dirty()
    }

    /// The coder positions are assigned for.
    pub fn coder(&self) -> &CoderId {
        &self.coder
    }

    /// The article being read.
    pub fn current_article(&self) -> Option<&ArticleId> {
        self.current_article.as_ref()
    }

    /// The reader's selection as a byte range of the current article's text.
    pub fn reader_selection(&self) -> Option<(usize, usize)> {
        self.reader.selection
    }

    /// Messages currently shown (errors and notices), oldest first.
    pub fn messages(&self) -> Vec<String> {
        self.notifications.texts()
    }

    /// The window title: project name, with "•" when there are unsaved changes.
    pub fn title(&self) -> String {
        let dirty = if self.document.is_dirty() { "• " } else { "" };
        let file = self
            .document
            .path
            .as_ref()
            .and_then(|path| path.file_name())
            .map(|name| format!(" — {}", name.to_string_lossy()))
            .unwrap_or_default();
        format!("{dirty}{}{file} — StanceMap", self.document.display_name())
    }

    /// Loads a project file, or an article file into a new project with the presets.
    fn load_path(path: &Path) -> Result<Document, String> {
        if path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case(PROJECT_EXTENSION)) {
            let project = project_file::load_project(path).map_err(|error| error.to_string())?;
            return Ok(Document::new(project, Some(path.to_owned())));
        }
        let title = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let project = presets::new_project(&title);
        let report = crate::io::articles::import_paths(&project, &[path.to_owned()]);
        if let Some(error) = report.failures.first() {
            return Err(error.to_string());
        }
        let mut document = Document::new(project, None);
        if let Some(edit) = report.edit {
            edit.apply(&mut document.project);
        }
        Ok(document)
    }

    /// Builds the app for `stancemap [FILE]`: the file if given, else the bundled sample.
    /// Returns the app and an error message when the file could not be opened (the sample is shown).
    pub fn for_startup(path: Option<&Path>) -> (App, Option<String>) {
        match path {
            None => (App::with_project(presets::sample_project()), None),
            Some(path) => match Self::load_path(path) {
                Ok(document) => (App::with_document(document), None),
                Err(error) => (App::with_project(presets::sample_project()), Some(error)),
            },
        }
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let recent = &mut self.preferences.recent_files;
        recent.retain(|existing| existing != &path);
        recent.insert(0, path);
        recent.truncate(MAX_RECENT_FILES);
    }

    fn replace_document(&mut self, document: Document) {
        let coder = self.coder.clone();
        let preferences = std::mem::take(&mut self.preferences);
        let notifications = std::mem::take(&mut self.notifications);
        let window_title = std::mem::take(&mut self.window_title);
        *self = App::with_document(document);
        self.preferences = preferences;
        self.notifications = notifications;
        self.window_title = window_title;
        if self.document.project.coder(&coder).is_some() {
            self.coder = coder;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Per-frame work

    /// Brings the mention cache up to date with the document and the current article.
    fn refresh_mentions(&mut self) {
        let generation = self.document.generation();
        if generation == self.mentions.checked_generation && self.mentions.checked_article == self.current_article {
            return;
        }
        self.mentions.checked_generation = generation;
        self.mentions.checked_article = self.current_article.clone();
        let project = &self.document.project;
        let article = self.current_article.as_ref().and_then(|id| project.article(id));
        // Mentions depend on the names and the text; highlighting also on colours and evidence.
        let mut names = String::new();
        for actor in &project.actors {
            names.push_str(&actor.names().collect::<Vec<_>>().join("\u{1}"));
            names.push('\u{2}');
        }
        for issue in &project.issues {
            names.push_str(&issue.keywords.join("\u{1}"));
            names.push('\u{2}');
        }
        let text_hash = article.map_or(0, |article| stable_hash(article.text.as_bytes()));
        let key = stable_hash(names.as_bytes()) ^ text_hash.rotate_left(17);
        if Some(key) != self.mentions.key {
            let finder = MentionFinder::new(&project.actors, &project.issues);
            self.mentions.mentions = article.map(|article| finder.find(&article.text)).unwrap_or_default();
            self.mentions.key = Some(key);
        }
        self.mentions.counts = count_actor_mentions(&self.mentions.mentions, project.actors.len());
        let mut highlight = format!("{key}");
        for actor in &project.actors {
            highlight.push_str(&actor.color.to_hex());
        }
        if let Some(article) = article {
            for position in project.positions.iter().filter(|p| p.article.as_ref() == Some(&article.id)) {
                for evidence in &position.evidence {
                    highlight.push_str(&format!("{}:{}:{};", position.actor, evidence.start, evidence.end));
                }
            }
        }
        self.mentions.highlight_version = stable_hash(highlight.as_bytes());
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_owned())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        let (projects, articles): (Vec<PathBuf>, Vec<PathBuf>) = dropped
            .into_iter()
            .partition(|path| path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case(PROJECT_EXTENSION)));
        if let Some(project) = projects.into_iter().next() {
            self.commands.send(Command::OpenPath(project));
        } else {
            self.commands.send(Command::ImportPaths(articles));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|input| input.viewport().close_requested()) && !self.allowed_to_close && self.document.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::UnsavedChanges(PendingAction::Quit));
        }
    }

    fn poll_background_work(&mut self, ctx: &egui::Context) {
        if let Some((purpose, receiver)) = &self.browse
            && let Ok(paths) = receiver.try_recv()
        {
            let purpose = *purpose;
            self.browse = None;
            if paths.is_empty() {
                if let Some(Dialog::Path(prompt)) = &mut self.dialog {
                    prompt.browsing = false;
                    prompt.message = "No file chosen. If no system dialog appeared, type the path above.".to_owned();
                }
            } else {
                self.submit_paths(purpose, paths);
            }
        }
        if let Some(job) = &self.import_job {
            if let Some(result) = job.try_finish() {
                self.import_job = None;
                let report =
                    crate::io::articles::plan_import(&self.document.project, result.extracted, result.cancelled);
                self.finish_import(report);
            } else {
                // Progress is polled, not pushed: repaint a few times a second while importing.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
    }

    fn finish_import(&mut self, report: crate::io::articles::ImportReport) {
        let first_new = report.imported.first().map(|(title, _)| title.clone());
        let summary = report.summary();
        // Anything beyond a clean import of one file gets the full report, file by file.
        if !report.failures.is_empty() || !report.duplicates.is_empty() || report.imported.len() > 1 || report.cancelled
        {
            for failure in &report.failures {
                eprintln!("stancemap: {failure}");
            }
            self.dialog = Some(Dialog::ImportReport(crate::ui::dialogs::ImportReportView {
                summary: summary.clone(),
                imported: report.imported.iter().map(|(title, path)| format!("{title} — {}", path.display())).collect(),
                duplicates: report
                    .duplicates
                    .iter()
                    .map(|(title, path)| format!("{title} — {}", path.display()))
                    .collect(),
                failures: report.failures.iter().map(ToString::to_string).collect(),
            }));
        }
        if let Some(edit) = report.edit {
            self.document.apply(edit, None);
            if let Some(title) = first_new
                && let Some(article) = self.document.project.articles.iter().rev().find(|a| a.title == title)
            {
                self.current_article = Some(article.id.clone());
                self.reader.reset_for_new_article();
            }
        }
        self.notifications.info(summary);
    }

    // ---------------------------------------------------------------------------------------------
    // Commands

    fn apply_commands(&mut self, ctx: &egui::Context) {
        let commands = self.commands.drain();
        if commands.is_empty() {
            return;
        }
        for command in commands {
            self.apply_command(ctx, command);
        }
        // Draw the result right away.
        ctx.request_repaint();
    }

    fn apply_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Edit { edit, coalesce } => {
                self.document.apply(edit, coalesce);
                self.fix_selection_after_change();
            }
            Command::User(user_command) => self.run_user_command(ctx, user_command),
            Command::SelectArticle(id) => {
                if self.document.project.article(&id).is_some() {
                    self.current_article = Some(id);
                    self.reader.reset_for_new_article();
                }
            }
            Command::SelectMarker(marker) => self.selected_marker = marker,
            Command::SetCoder(coder) => {
                if self.document.project.coder(&coder).is_some() {
                    self.coder = coder;
                }
            }
            Command::OpenPath(path) => self.guard_unsaved(PendingAction::OpenPath(path)),
            Command::ImportPaths(paths) => self.start_import(ctx, paths),
            Command::SaveTo(path) => {
                self.save_to(&path);
            }
            Command::UseSelectionAsEvidence => self.use_selection_as_evidence(),
            Command::RevealInReader { start, end } => self.reader.reveal = Some((start, end)),
            Command::EditActor(id) => self.dialog = Some(Dialog::actor(&self.document.project, id.as_ref())),
            Command::EditIssue(id) => self.dialog = Some(Dialog::issue(&self.document.project, id.as_ref())),
            Command::ShowOtherCoders(show) => self.show_other_coders = show,
            Command::CloseDialog => self.dialog = None,
        }
    }

    fn run_user_command(&mut self, ctx: &egui::Context, command: UserCommand) {
        match command {
            UserCommand::New => self.guard_unsaved(PendingAction::New),
            UserCommand::Open => self.guard_unsaved(PendingAction::ShowOpen),
            UserCommand::Save => match self.document.path.clone() {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.show_path_prompt(PathPurpose::SaveAs),
            },
            UserCommand::SaveAs => self.show_path_prompt(PathPurpose::SaveAs),
            UserCommand::ImportArticles => self.show_path_prompt(PathPurpose::Import),
            UserCommand::ImportPositionsCsv => self.show_path_prompt(PathPurpose::ImportPositions),
            UserCommand::ExportPositionsCsv => self.show_path_prompt(PathPurpose::ExportPositions),
            UserCommand::ExportAggregateCsv => self.show_path_prompt(PathPurpose::ExportAggregate),
            UserCommand::ExportFigureSvg => self.show_path_prompt(PathPurpose::ExportFigure),
            UserCommand::Undo => {
                if self.document.undo() {
                    self.fix_selection_after_change();
                }
            }
            UserCommand::Redo => {
                if self.document.redo() {
                    self.fix_selection_after_change();
                }
            }
            UserCommand::Find => {
                self.reader.find_open = true;
                self.reader.focus_find = true;
            }
            UserCommand::NextArticle => self.step_article(1),
            UserCommand::PreviousArticle => self.step_article(-1),
            UserCommand::AddActor => self.dialog = Some(Dialog::actor(&self.document.project, None)),
            UserCommand::AddIssue => self.dialog = Some(Dialog::issue(&self.document.project, None)),
            UserCommand::EditArticleDetails => {
                if let Some(article) = self.current_article.as_ref().and_then(|id| self.document.project.article(id)) {
                    self.dialog = Some(Dialog::ArticleDetails(Box::new(article.clone())));
                }
            }
            UserCommand::ShowShortcuts => self.dialog = Some(Dialog::Shortcuts),
            UserCommand::Quit => {
                if self.document.is_dirty() {
                    self.dialog = Some(Dialog::UnsavedChanges(PendingAction::Quit));
                } else {
                    self.allowed_to_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    fn step_article(&mut self, step: isize) {
        let articles = &self.document.project.articles;
        if articles.is_empty() {
            return;
        }
        let current = self
            .current_article
            .as_ref()
            .and_then(|id| articles.iter().position(|article| &article.id == id))
            .unwrap_or(0);
        let next = (current as isize + step).clamp(0, articles.len() as isize - 1) as usize;
        self.current_article = Some(articles[next].id.clone());
        self.reader.reset_for_new_article();
    }

    /// Runs `action` now, or asks to save first when there are unsaved changes.
    fn guard_unsaved(&mut self, action: PendingAction) {
        if self.document.is_dirty() {
            self.dialog = Some(Dialog::UnsavedChanges(action));
        } else {
            self.run_pending(action);
        }
    }

    fn run_pending(&mut self, action: PendingAction) {
        match action {
            PendingAction::New => {
                self.replace_document(Document::new(presets::new_project("Untitled"), None));
                self.notifications.info("New project with the preset issues and actors");
            }
            PendingAction::ShowOpen => self.show_path_prompt(PathPurpose::Open),
            PendingAction::OpenPath(path) => match Self::load_path(&path) {
                Ok(document) => {
                    let is_project = document.path.is_some();
                    self.replace_document(document);
                    if is_project {
                        self.remember_recent(&path);
                    }
                    self.notifications.info(format!("Opened {}", path.display()));
                }
                Err(error) => self.notifications.error(error),
            },
            PendingAction::Quit => {
                self.allowed_to_close = true;
                self.pending_close = true;
            }
        }
    }

    fn show_path_prompt(&mut self, purpose: PathPurpose) {
        let initial = match purpose {
            PathPurpose::SaveAs => {
                self.document.path.as_ref().map(|path| path.display().to_string()).unwrap_or_default()
            }
            PathPurpose::ExportPositions | PathPurpose::ExportAggregate => self
                .document
                .path
                .as_ref()
                .map(|path| {
                    let suffix = if purpose == PathPurpose::ExportPositions { "positions" } else { "aggregate" };
                    path.with_file_name(format!(
                        "{}-{suffix}.csv",
                        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
                    ))
                    .display()
                    .to_string()
                })
                .unwrap_or_default(),
            PathPurpose::Open | PathPurpose::Import | PathPurpose::ImportPositions | PathPurpose::ExportFigure => {
                String::new()
            }
        };
        self.dialog = Some(Dialog::path(purpose, initial));
    }

    fn submit_paths(&mut self, purpose: PathPurpose, paths: Vec<PathBuf>) {
        match purpose {
            PathPurpose::Open => {
                let Some(path) = paths.into_iter().next() else { return };
                self.dialog = None;
                // The unsaved-changes question was asked before the prompt opened.
                self.run_pending(PendingAction::OpenPath(path));
            }
            PathPurpose::SaveAs => {
                let Some(mut path) = paths.into_iter().next() else { return };
                if path.extension().is_none() {
                    path.set_extension(PROJECT_EXTENSION);
                }
                if self.save_to(&path) {
                    self.dialog = None;
                    if let Some(action) = self.after_save.take() {
                        self.run_pending(action);
                    }
                } else if let Some(Dialog::Path(prompt)) = &mut self.dialog {
                    prompt.browsing = false;
                    prompt.message = self.notifications.last_error().unwrap_or_default();
                }
            }
            PathPurpose::Import => {
                self.dialog = None;
                self.commands.send(Command::ImportPaths(paths));
            }
            PathPurpose::ImportPositions => {
                let Some(path) = paths.into_iter().next() else { return };
                match self.import_positions_csv(&path) {
                    Ok(summary) => {
                        self.dialog = None;
                        self.notifications.info(summary);
                    }
                    Err(error) => self.keep_prompt_with_error(error),
                }
            }
            PathPurpose::ExportFigure | PathPurpose::ExportPositions | PathPurpose::ExportAggregate => {
                let Some(mut path) = paths.into_iter().next() else { return };
                let (extension, contents) = match purpose {
                    PathPurpose::ExportFigure => ("svg", self.figure_svg()),
                    PathPurpose::ExportPositions => {
                        ("csv", crate::io::positions_csv::export_positions(&self.document.project))
                    }
                    _ => {
                        let options = crate::analysis::aggregate::AggregateOptions {
                            weighted: true,
                            roll_up: self.preferences.plot.roll_up,
                            coder: None,
                            include_overall: true,
                        };
                        let rows = crate::analysis::aggregate::aggregate(&self.document.project, &options);
                        ("csv", crate::analysis::aggregate::to_csv(&rows, &self.document.project))
                    }
                };
                if path.extension().is_none() {
                    path.set_extension(extension);
                }
                match project_file::write_atomically(&path, contents.as_bytes()) {
                    Ok(()) => {
                        self.dialog = None;
                        self.notifications.info(format!("Exported {}", path.display()));
                    }
                    Err(error) => self.keep_prompt_with_error(error.to_string()),
                }
            }
        }
    }

    /// Imports a coded-positions CSV as one undo step; all or nothing.
    fn import_positions_csv(&mut self, path: &Path) -> Result<String, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("{}: cannot read the file: {error}", path.display()))?;
        let edit = crate::io::positions_csv::import_positions(&self.document.project, &text, None)
            .map_err(|error| format!("{}: {error}; nothing was imported", path.display()))?;
        let before = self.document.project.positions.len();
        self.document.apply(edit, None);
        let added = self.document.project.positions.len().saturating_sub(before);
        Ok(format!("Imported coded positions from {} ({added} new)", path.display()))
    }

    /// The plot the user is looking at as an SVG figure: the 2-D map when that tab is open, else all
    /// issues; this article's positions or the means over all articles, as in the plot panel.
    fn figure_svg(&self) -> String {
        use crate::io::export::svg;
        use crate::ui::plot::{PlotKind, PlotScope};
        let project = &self.document.project;
        let plot = &self.preferences.plot;
        let article = self.current_article.as_ref().and_then(|id| project.article(id));
        let (points, caption) = match (plot.scope, article) {
            (PlotScope::CurrentArticle, Some(article)) => {
                let points = project
                    .positions
                    .iter()
                    .filter(|p| p.article.as_ref() == Some(&article.id) && p.coder == self.coder)
                    .map(|p| svg::FigurePoint {
                        actor: p.actor.clone(),
                        issue: p.issue.clone(),
                        value: p.value,
                        spread: None,
                    })
                    .collect();
                let coder = project.coder(&self.coder).map_or_else(|| self.coder.to_string(), |c| c.name.clone());
                (points, format!("Positions in “{}”, coded by {coder}", article.title))
            }
            _ => (svg::mean_points(project), svg::mean_caption(project)),
        };
        let title = if project.title.trim().is_empty() { "StanceMap" } else { project.title.trim() };
        let chosen = |choice: &Option<crate::model::IssueId>, fallback: usize| {
            choice
                .clone()
                .filter(|id| project.issue(id).is_some())
                .or_else(|| project.issues.get(fallback).map(|i| i.id.clone()))
        };
        match (plot.kind, chosen(&plot.map_x, 0), chosen(&plot.map_y, 1)) {
            (PlotKind::Map2d, Some(x), Some(y)) => svg::map_svg(project, &x, &y, &points, title, &caption),
            _ => svg::all_issues_svg(project, &points, title, &caption),
        }
    }

    /// Shows `error` under the open path prompt (and as a message).
    fn keep_prompt_with_error(&mut self, error: String) {
        self.notifications.error(error.clone());
        if let Some(Dialog::Path(prompt)) = &mut self.dialog {
            prompt.browsing = false;
            prompt.message = error;
        }
    }

    /// Saves to `path`; reports the outcome. Returns true on success.
    fn save_to(&mut self, path: &Path) -> bool {
        match project_file::save_project(path, &self.document.project) {
            Ok(()) => {
                self.document.mark_saved(path.to_owned());
                self.remember_recent(path);
                self.notifications.info(format!("Saved {}", path.display()));
                true
            }
            Err(error) => {
                self.notifications.error(error.to_string());
                false
            }
        }
    }

    fn start_import(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        if self.import_job.is_some() {
            self.notifications.error("An import is already running; wait for it or cancel it.");
            return;
        }
        let files = crate::io::import::collect_importable_files(&paths);
        if files.is_empty() {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            self.notifications.error(format!(
                "{}: no importable files (.txt, .md, .html, .pdf, .docx, .odt, .rtf)",
                names.join(", ")
            ));
            return;
        }
        self.import_job = Some(ImportJob::start(files, ctx.clone()));
    }

    fn use_selection_as_evidence(&mut self) {
        let (Some(marker), Some(article_id), Some((start, end))) =
            (self.selected_marker.clone(), self.current_article.clone(), self.reader.selection)
        else {
            self.notifications.error("Select a marker and some text in the article first.");
            return;
        };
        let project = &self.document.project;
        let Some(article) = project.article(&article_id) else { return };
        let Some(evidence) = Evidence::from_span(&article.text, start, end) else {
            self.notifications.error("The selection is empty.");
            return;
        };
        let key = crate::model::PositionKey {
            issue: marker.issue.clone(),
            actor: marker.actor.clone(),
            article: Some(article_id),
            coder: self.coder.clone(),
        };
        let midpoint = project.issue(&marker.issue).map_or(0.0, crate::model::Issue::midpoint);
        let mut position = project.positions.get(&key).cloned().unwrap_or_else(|| Position::new(&key, midpoint));
        if position.evidence.iter().any(|existing| existing.start == start && existing.end == end) {
            self.notifications.info("That quote is already evidence for this position.");
            return;
        }
        position.evidence.push(evidence);
        position.evidence.sort_by_key(|evidence| (evidence.start, evidence.end));
        position.updated = crate::model::now_rfc3339();
        self.document.apply(Edit::set_position(position), None);
    }

    /// After undo or removals, drops selections that point at things that no longer exist.
    fn fix_selection_after_change(&mut self) {
        let project = &self.document.project;
        if let Some(marker) = &self.selected_marker
            && (project.actor(&marker.actor).is_none() || project.issue(&marker.issue).is_none())
        {
            self.selected_marker = None;
        }
        if self.current_article.as_ref().is_some_and(|id| project.article(id).is_none()) {
            self.current_article = project.articles.first().map(|article| article.id.clone());
            self.reader.reset_for_new_article();
        }
        if project.coder(&self.coder).is_none()
            && let Some(coder) = project.coders.first()
        {
            self.coder = coder.id.clone();
        }
    }

    fn apply_dialog_action(&mut self, ctx: &egui::Context, action: DialogAction) {
        match action {
            DialogAction::Close => self.dialog = None,
            DialogAction::ApplyEdit(edit) => {
                self.dialog = None;
                self.document.apply(edit, None);
                self.fix_selection_after_change();
            }
            DialogAction::SubmitPaths(purpose, paths) => self.submit_paths(purpose, paths),
            DialogAction::Browse(purpose) => {
                if let Some(Dialog::Path(prompt)) = &mut self.dialog {
                    prompt.browsing = true;
                    prompt.message.clear();
                }
                let start_dir = self.document.path.as_ref().and_then(|p| p.parent()).map(Path::to_owned);
                self.browse = Some((purpose, file_dialog::spawn(purpose, ctx, start_dir)));
            }
            DialogAction::SaveThen(pending) => match self.document.path.clone() {
                Some(path) => {
                    self.dialog = None;
                    if self.save_to(&path) {
                        self.run_pending(pending);
                    }
                }
                None => {
                    self.after_save = Some(pending);
                    self.show_path_prompt(PathPurpose::SaveAs);
                }
            },
            DialogAction::DiscardThen(pending) => {
                self.dialog = None;
                // `run_pending` does not ask again: the changes are dropped with the document.
                self.run_pending(pending);
            }
            DialogAction::AddCoder(name) => {
                self.dialog = None;
                let id = self.document.project.new_coder_id(&name);
                let index = self.document.project.coders.len();
                self.document.apply(Edit::PutCoder { index, coder: Coder { id: id.clone(), name } }, None);
                self.coder = id;
            }
        }
    }
}
