//! The eframe application: glue between the window and the [`Session`].
//!
//! Each frame the app refreshes the [`Derived`] store, draws the panels from a read-only
//! [`ViewContext`], then drains the commands the widgets sent into [`Session::apply`] and turns the
//! [`Effect`]s that come back into dialogs, messages, native file dialogs and background jobs. It
//! never changes the project itself.
//!
//! Layout: menu bar on top, status bar at the bottom, articles/actors/issues on the left, the issue
//! axes and the inspector on the right, the plot under the reader, the reader in the centre.

pub mod autosave;
pub mod exchange_job;
pub mod file_dialog;
pub mod frame;
pub mod identity;
pub mod import_job;
pub mod load_job;
pub mod memory;
pub mod notifications;
pub mod team_watch;

pub use identity::window_icon;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use serde::{Deserialize, Serialize};

use crate::analysis::article_filter::ArticleFilter;
use crate::io::recovery::RecoveryStore;
use crate::model::{ArticleId, CoderId, Project};
use crate::session::derived::{Derived, DerivedNeeds};
use crate::session::{Command, CommandSender, Effect, PathPurpose, Session};
use crate::ui::dialogs::Dialog;
use crate::ui::plot::PlotPanel;
use crate::ui::reader::ReaderPanel;
use crate::ui::theme;
use exchange_job::ExchangeJob;
use import_job::ImportJob;
use notifications::Notifications;

/// How many recent files the File menu remembers.
const MAX_RECENT_FILES: usize = 10;

/// When in a frame the derived store is refreshed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RefreshPoint {
    /// Before the panels: background results that arrived are taken in, but no background
    /// computation starts, since this frame's edits are not applied yet.
    FrameStart,
    /// After the frame's commands: the newest computations start.
    FrameEnd,
}

/// UI preferences kept between sessions in eframe's storage (never the project itself).
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Preferences {
    /// Most recent first.
    recent_files: Vec<PathBuf>,
    /// Plot panel choices.
    plot: PlotPanel,
    /// Part of the panels' ids: the View menu's Reset layout takes a new one, so egui forgets the sizes it
    /// kept for them (also between sessions) and the panels start at their defaults.
    layout_epoch: u32,
    /// Project > Show overall judgements switched off (a view switch, kept between launches).
    hide_overall: bool,
    /// The article list's filter of each recently used project (`None`: a project not saved to a
    /// file, such as the sample), most recent first.
    article_filters: Vec<(Option<PathBuf>, ArticleFilter)>,
    /// Who the user is in each team folder they opened (folder, coder), most recent first.
    team_coders: Vec<(PathBuf, CoderId)>,
}

impl Preferences {
    /// The filter last used on the project at `path`.
    fn article_filter_for(&self, path: Option<&Path>) -> Option<&ArticleFilter> {
        let path = path.map(canonical);
        self.article_filters.iter().find(|(kept, _)| kept.as_ref() == path.as_ref()).map(|(_, filter)| filter)
    }

    /// Remembers `filter` for the project at `path`; the default filter is not kept. The filters of
    /// as many projects as the recent-files list holds are kept, the most recent.
    fn keep_article_filter(&mut self, path: Option<&Path>, filter: &ArticleFilter) {
        let path = path.map(canonical);
        self.article_filters.retain(|(kept, _)| kept != &path);
        if filter != &ArticleFilter::default() {
            self.article_filters.insert(0, (path, filter.clone()));
        }
        self.article_filters.truncate(MAX_RECENT_FILES);
    }
}

impl Preferences {
    /// The coder the user said they are in the team folder `root`.
    fn team_coder(&self, root: &Path) -> Option<&CoderId> {
        let root = canonical(root);
        self.team_coders.iter().find(|(kept, _)| kept == &root).map(|(_, coder)| coder)
    }

    /// Remembers that the user is `coder` in the team folder `root`.
    fn keep_team_coder(&mut self, root: &Path, coder: &CoderId) {
        let root = canonical(root);
        if self.team_coders.first().is_some_and(|(kept, known)| kept == &root && known == coder) {
            return;
        }
        self.team_coders.retain(|(kept, _)| kept != &root);
        self.team_coders.insert(0, (root, coder.clone()));
        self.team_coders.truncate(4 * MAX_RECENT_FILES);
    }
}

/// The path as the recent-files list keeps it.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// The StanceMap application.
pub struct App {
    session: Session,
    derived: Derived,
    commands: CommandSender,
    reader: ReaderPanel,
    preferences: Preferences,
    dialog: Option<Dialog>,
    browse: Option<(PathPurpose, Receiver<Vec<PathBuf>>)>,
    import_job: Option<ImportJob>,
    /// The read of another tool's file running now, and those waiting for it (one at a time, so
    /// that each gets its own mapping step and report).
    exchange_job: Option<ExchangeJob>,
    exchange_queue: std::collections::VecDeque<crate::session::ExchangeRequest>,
    /// The project file to read on a worker when the first frame starts (from the command line).
    load_path: Option<PathBuf>,
    /// The start-up read of a project file running now: until it is done the window shows only
    /// its progress and Cancel.
    load_job: Option<load_job::LoadJob>,
    notifications: Notifications,
    /// Returns memory freed by opening a project and computing its results to the system.
    memory: memory::MemoryRelease,
    window_title: String,
    /// Where the plot panel was drawn in the last frame (its visible part), for tests and tools.
    plot_panel_rect: Option<egui::Rect>,
    /// Set once the user confirmed closing, so the close request is let through.
    allowed_to_close: bool,
    /// Close the window at the end of this frame.
    pending_close: bool,
    /// Writes unsaved work to the recovery store; `None` when the system has no data folder.
    autosave: Option<autosave::Autosave>,
    /// Look for autosaved work on the first frame (and offer untitled work of an earlier run).
    recovery_check: Option<bool>,
    /// On the first frame, set the coder remembered for the team folder opened, or ask.
    team_check: bool,
    /// The user has said who they are in the open team folder (remembered from then on).
    team_coder_known: bool,
    /// The watch on the open team folder, if one is open.
    team_watch: Option<team_watch::TeamWatch>,
}

impl App {
    /// An app showing `project` (not yet saved anywhere). Used by tests and `stancemap FILE.txt`.
    pub fn with_project(project: Project) -> Self {
        Self::with_session(Session::new(project, None))
    }

    /// An app showing a project that lives at `path`.
    pub fn with_project_at(project: Project, path: PathBuf) -> Self {
        Self::with_session(Session::new(project, Some(path)))
    }

    fn with_session(session: Session) -> Self {
        let autosave = RecoveryStore::standard().map(|store| autosave::Autosave::new(store, &session));
        Self {
            session,
            derived: Derived::default(),
            commands: CommandSender::default(),
            reader: ReaderPanel::default(),
            preferences: Preferences::default(),
            dialog: None,
            browse: None,
            import_job: None,
            exchange_job: None,
            exchange_queue: std::collections::VecDeque::new(),
            load_path: None,
            load_job: None,
            notifications: Notifications::default(),
            memory: memory::MemoryRelease::default(),
            window_title: String::new(),
            plot_panel_rect: None,
            allowed_to_close: false,
            pending_close: false,
            autosave,
            recovery_check: Some(false),
            team_check: true,
            team_coder_known: false,
            team_watch: None,
        }
    }

    /// Keeps recovery files in `store` instead of the platform's folder (`None`: no autosave).
    /// Tests use it to stay out of the user's data folder.
    pub fn with_recovery_store(mut self, store: Option<RecoveryStore>) -> Self {
        self.autosave = store.map(|store| autosave::Autosave::new(store, &self.session));
        self
    }

    /// On the first frame: offers autosaved work newer than the project file, or — when the app
    /// started on no file — untitled work an earlier run left.
    fn check_recovery(&mut self) {
        // In a team folder the entry is the coder's: wait until the user has said who they are.
        if self.session.document().team.is_some() && (!self.team_coder_known || self.team_check) {
            return;
        }
        let Some(offer_untitled) = self.recovery_check.take() else { return };
        let Some(autosave) = &self.autosave else { return };
        let Some(entry) = autosave.offer_at_start(&self.session, offer_untitled) else { return };
        let loaded = match &self.session.document().team {
            Some(_) => std::fs::read(&entry.file)
                .map_err(|error| format!("{}: {error}", entry.file.display()))
                .and_then(|bytes| {
                    crate::io::team::with_coder_work(self.session.project(), &bytes, &entry.file)
                        .map_err(|error| error.to_string())
                }),
            None => entry.load().map_err(|error| error.to_string()),
        };
        match loaded {
            Ok(project) => self.commands.send(Command::OfferRecovery {
                project: Box::new(project),
                key: entry.key,
                written_at: entry.written_at,
            }),
            Err(error) => self.notifications.error(format!("Autosaved work could not be read: {error}")),
        }
    }

    /// In the team folder `root`: takes the coder the user said they are there before, or asks
    /// "Who are you?".
    fn ask_who_you_are(&mut self, root: &Path) {
        let known = self.preferences.team_coder(root).filter(|coder| self.session.project().coder(coder).is_some());
        match known.cloned() {
            Some(coder) => {
                self.team_coder_known = true;
                self.commands.send(Command::SetCoder(coder.clone()));
                let name = self.session.project().coder(&coder).map_or(coder.to_string(), |c| c.name.clone());
                self.notifications.info(format!("Team project: you are {name}; Save writes only your own file"));
            }
            None => {
                self.team_coder_known = false;
                self.dialog = Some(Dialog::who_are_you(self.session.project()));
            }
        }
    }

    /// Remembers who the user is in the open team folder, once they have said so.
    fn remember_team_coder(&mut self) {
        if !self.team_coder_known && matches!(self.dialog, Some(Dialog::WhoAreYou { .. })) {
            return;
        }
        if let Some(root) = self.session.team_root().map(Path::to_owned) {
            self.team_coder_known = true;
            let coder = self.session.coder().clone();
            self.preferences.keep_team_coder(&root, &coder);
        }
    }

    /// Autosaves when due; a failure is shown once.
    fn autosave(&mut self, ctx: &egui::Context) {
        if let Some(autosave) = &mut self.autosave
            && let Some(error) = autosave.tick(ctx, &self.session)
        {
            self.notifications.error(error);
        }
    }

    /// The app as started by `main`: preferences restored from eframe storage, the style applied,
    /// and `startup` (already loaded by the caller) shown. `startup_error` is shown as a message.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: App, startup_error: Option<String>) -> Self {
        let mut app = startup;
        theme::apply(&cc.egui_ctx);
        if let Some(storage) = cc.storage {
            app.restore_preferences(storage);
        }
        if let Some(error) = startup_error {
            app.notifications.error(error);
        }
        app
    }

    /// Restores the preferences an earlier run kept in `storage`: recent files, plot choices, the
    /// overall-judgements switch and the article filter of the project shown. `main` calls it
    /// through [`App::new`]; tests call it to play a restart.
    pub fn restore_preferences(&mut self, storage: &dyn eframe::Storage) {
        self.preferences = eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default();
        if self.preferences.hide_overall {
            self.commands.send(Command::ShowOverall(false));
        }
        if let Some(filter) = self.preferences.article_filter_for(self.session.path()) {
            self.commands.send(Command::SetArticleFilter(Box::new(filter.clone())));
        }
        if let Some(path) = self.session.path().map(Path::to_owned) {
            self.remember_recent(&path);
        }
    }

    /// Writes the preferences into `storage`, with the view state the session holds (the
    /// overall-judgements switch, the article filter).
    fn store_preferences(&mut self, storage: &mut dyn eframe::Storage) {
        self.preferences.hide_overall = !self.session.show_overall();
        let filter = self.session.article_filter().clone();
        self.preferences.keep_article_filter(self.session.path(), &filter);
        eframe::set_value(storage, eframe::APP_KEY, &self.preferences);
    }

    /// Builds the app for `stancemap [FILE]`: the file if given, else the bundled sample.
    /// Returns the app and an error message when the file could not be opened (the sample is shown).
    pub fn for_startup(path: Option<&Path>) -> (App, Option<String>) {
        // Another tool's project goes the way File > Open takes it: read in the background, the
        // mapping step when its codes need one, then its report.
        if let Some(path) = path.filter(|path| crate::io::exchange::ExchangeFormat::opens_as_project(path)) {
            let (session, _) = Session::for_startup(None);
            let mut app = Self::with_session(session);
            app.recovery_check = Some(false);
            app.commands.send(Command::OpenPath(path.to_owned()));
            return (app, None);
        }
        // A project file is read on a worker: the window appears at once with its progress.
        if let Some(path) = path.filter(|path| {
            crate::session::is_project_path(path) && path.is_file() && crate::io::team::team_root(path).is_none()
        }) {
            let (session, _) = Session::for_startup(None);
            let mut app = Self::with_session(session);
            app.load_path = Some(path.to_owned());
            return (app, None);
        }
        let (session, error) = Session::for_startup(path);
        let mut app = Self::with_session(session);
        // Started on the sample: untitled work of an earlier run is offered back.
        app.recovery_check = Some(path.is_none());
        (app, error)
    }

    /// The session: the open document and what is shown (for tests and tools).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The project as it is now (for tests and the CLI).
    pub fn project(&self) -> &Project {
        self.session.project()
    }

    /// Where the project is saved, if anywhere.
    pub fn project_path(&self) -> Option<&Path> {
        self.session.path()
    }

    /// True when there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.session.document().is_dirty()
    }

    /// The plot panel's filters (hidden actors, coder, source, dates).
    pub fn plot_filter(&self) -> &crate::figure::Filter {
        &self.preferences.plot.filter
    }

    /// The coder positions are assigned for.
    pub fn coder(&self) -> &CoderId {
        self.session.coder()
    }

    /// The article being read.
    pub fn current_article(&self) -> Option<&ArticleId> {
        self.session.article()
    }

    /// The reader's selection as a byte range of the current article's text.
    pub fn reader_selection(&self) -> Option<(usize, usize)> {
        self.reader.selection
    }

    /// True while a project file is read on a worker: at start-up (the window shows only its
    /// progress) or for File > Open (the open project stays usable meanwhile).
    pub fn is_loading(&self) -> bool {
        self.load_path.is_some() || self.load_job.is_some()
    }

    /// True while another tool's file is being read (or waits to be).
    pub fn is_reading_exchange_file(&self) -> bool {
        self.exchange_job.is_some() || !self.exchange_queue.is_empty()
    }

    /// Messages currently shown (errors and notices), oldest first.
    pub fn messages(&self) -> Vec<String> {
        self.notifications.texts()
    }

    /// Waits for every result computed in the background (the project's suggestions, candidate
    /// actors, whole-project analyses) and takes them in: for tests and tools, so that what is drawn
    /// next no longer moves when a late result arrives.
    pub fn wait_for_background(&mut self) {
        let needs = self.views_needs();
        self.derived.wait_for_background(&self.session, &needs);
        // Results arrived, as when a frame takes them in.
        self.memory.note_activity();
    }

    /// What the open views and dialog need from the derived store.
    fn views_needs(&self) -> DerivedNeeds {
        let mut needs = self.preferences.plot.derived_needs(self.session.project());
        if let Some(Dialog::Adjudicate(view)) = &self.dialog {
            needs.adjudication = Some(view.options.clone());
        }
        needs
    }

    /// Every derived result as the views last read it (for tests and tools: the analyses a view
    /// shows, to check against a fresh computation).
    pub fn derived(&self) -> &crate::session::derived::Derived {
        &self.derived
    }

    /// The part of the window the plot panel took in the last frame (its tab bar must be inside).
    pub fn plot_panel_rect(&self) -> Option<egui::Rect> {
        self.plot_panel_rect
    }

    /// The window title: project name, with "•" when there are unsaved changes.
    pub fn title(&self) -> String {
        let document = self.session.document();
        let dirty = if document.is_dirty() { "• " } else { "" };
        let file = document
            .path
            .as_ref()
            .and_then(|path| path.file_name())
            .map(|name| format!(" — {}", name.to_string_lossy()))
            .unwrap_or_default();
        format!("{dirty}{}{file} — StanceMap", document.display_name())
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = canonical(path);
        let recent = &mut self.preferences.recent_files;
        recent.retain(|existing| existing != &path);
        recent.insert(0, path);
        recent.truncate(MAX_RECENT_FILES);
    }

    /// What the open views need from the derived store this frame.
    fn derived_needs(&self, ctx: &egui::Context, point: RefreshPoint) -> DerivedNeeds {
        let mut needs = self.views_needs();
        needs.hold = ctx.input(|input| input.pointer.any_down());
        needs.defer_background = point == RefreshPoint::FrameStart;
        needs
    }

    /// Brings the derived store up to date; draws again when it changed.
    fn refresh_derived(&mut self, ctx: &egui::Context, point: RefreshPoint) {
        if !self.derived.has_waker() {
            let ctx = ctx.clone();
            self.derived.set_waker(crate::session::background::Waker::new(move || ctx.request_repaint()));
        }
        let needs = self.derived_needs(ctx, point);
        if self.derived.refresh(&self.session, &needs) {
            self.memory.note_activity();
            ctx.request_repaint();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Input from outside the widgets

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
        // A project — ours, or another tool's .qdpx or .dna as File > Open takes it — opens.
        let (projects, articles): (Vec<PathBuf>, Vec<PathBuf>) = dropped.into_iter().partition(|path| {
            crate::session::is_project_path(path) || crate::io::exchange::ExchangeFormat::opens_as_project(path)
        });
        if let Some(project) = projects.into_iter().next() {
            self.commands.send(Command::OpenPath(project));
        } else {
            self.commands.send(Command::ImportPaths(articles));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|input| input.viewport().close_requested()) && !self.allowed_to_close && self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.commands.send(Command::Quit);
        }
    }

    /// Watches the open team folder (a new watch when another folder opens) and turns the files
    /// that changed into commands.
    fn poll_team_folder(&mut self, ctx: &egui::Context) {
        let root = self.session.team_root().map(Path::to_owned);
        if self.team_watch.as_ref().map(|watch| &watch.root) != root.as_ref() {
            self.team_watch = None;
            if let Some(root) = root {
                let waker = ctx.clone();
                match team_watch::TeamWatch::start(&root, move || waker.request_repaint()) {
                    Ok(watch) => self.team_watch = Some(watch),
                    Err(error) => self.notifications.error(format!(
                        "{}: cannot watch the team folder ({error}); others' work appears when you reopen it",
                        root.display()
                    )),
                }
            }
        }
        let Some(watch) = &mut self.team_watch else { return };
        let (commands, again) = watch.poll();
        for command in commands {
            self.commands.send(command);
        }
        if let Some(after) = again {
            ctx.request_repaint_after(after);
        }
    }

    fn poll_background_work(&mut self, ctx: &egui::Context) {
        if let Some((purpose, receiver)) = &self.browse
            && let Ok(paths) = receiver.try_recv()
        {
            self.commands.send(Command::BrowseFinished(*purpose, paths));
            self.browse = None;
        }
        let mut read_finished = false;
        if let Some(job) = &self.exchange_job {
            if let Some(read) = job.try_finish() {
                self.exchange_job = None;
                self.commands.send(Command::FinishExchangeRead(Box::new(read)));
                read_finished = true;
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        // The next file waits until the last one's mapping step or report is answered (the
        // finished read's dialog opens when its command is applied, later in this frame).
        if !read_finished
            && self.exchange_job.is_none()
            && self.dialog.is_none()
            && let Some(request) = self.exchange_queue.pop_front()
        {
            self.exchange_job = Some(ExchangeJob::start(request, ctx.clone()));
            ctx.request_repaint();
        }
        if let Some(job) = &self.import_job {
            if let Some(result) = job.try_finish() {
                self.import_job = None;
                self.commands.send(Command::FinishImport(Box::new(result)));
            } else {
                // Progress is polled, not pushed: repaint a few times a second while importing.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Commands and their effects

    fn apply_commands(&mut self, ctx: &egui::Context) {
        let commands = self.commands.drain();
        if commands.is_empty() {
            return;
        }
        for command in commands {
            for effect in self.session.apply(command) {
                self.show_effect(ctx, effect);
            }
        }
        self.remember_team_coder();
        // Draw the result right away.
        ctx.request_repaint();
    }

    /// Carries out one effect of a command on screen.
    fn show_effect(&mut self, ctx: &egui::Context, effect: Effect) {
        match effect {
            Effect::Info(text) => self.notifications.info(text),
            Effect::Error(text) => self.notifications.error(text),
            Effect::ShowDialog(crate::session::DialogRequest::About) => {
                let recovery = self.autosave.as_ref().map(|autosave| autosave.store().dir().to_owned());
                self.dialog = Some(Dialog::About(identity::about_facts(recovery)));
            }
            Effect::ShowDialog(request) => self.dialog = Some(Dialog::from_request(request)),
            Effect::DialogError(message) => {
                if let Some(dialog) = &mut self.dialog {
                    dialog.show_error(message);
                }
            }
            Effect::CloseDialog => self.dialog = None,
            Effect::ArticleShown => self.reader.reset_for_new_article(),
            Effect::Reveal { start, end } => self.reader.reveal = Some((start, end)),
            Effect::OpenFind => {
                self.reader.find_open = true;
                self.reader.focus_find = true;
            }
            Effect::OpenArticleFilter => crate::ui::article_list::open_filter(ctx),
            Effect::ResetLayout => {
                self.preferences.layout_epoch = self.preferences.layout_epoch.wrapping_add(1);
                ctx.set_zoom_factor(1.0);
                self.notifications.info("Layout reset: panels at their default sizes, zoom 100 %");
            }
            Effect::FocusMarker(marker) => {
                ctx.memory_mut(|memory| memory.request_focus(crate::ui::axis::marker_id(&marker.issue, &marker.actor)));
            }
            Effect::AttachSelection => match self.reader.selection.filter(|(start, end)| end > start) {
                Some((start, end)) => {
                    for effect in self.session.apply(Command::AddEvidence { start, end }) {
                        self.show_effect(ctx, effect);
                    }
                }
                None => self.notifications.info("Select some text in the article first."),
            },
            Effect::Browse { purpose, start_dir } => {
                if let Some(dialog) = &mut self.dialog {
                    dialog.set_browsing();
                }
                self.browse = Some((purpose, file_dialog::spawn(purpose, ctx, start_dir)));
            }
            Effect::StartImport(files) => {
                if self.import_job.is_some() {
                    self.notifications.error("An import is already running; wait for it or cancel it.");
                } else {
                    self.import_job = Some(ImportJob::start(files, ctx.clone()));
                }
            }
            Effect::ReadExchange(request) => {
                // A read after the mapping step goes first: its dialog was just answered.
                if request.code_map.is_some() {
                    self.exchange_queue.push_front(request);
                } else {
                    self.exchange_queue.push_back(request);
                }
            }
            Effect::ImportFinished(report) => {
                for failure in &report.failures {
                    eprintln!("stancemap: {failure}");
                }
                self.notifications.info(report.summary.clone());
                if report.deserves_a_report() {
                    self.dialog = Some(Dialog::from_request(crate::session::DialogRequest::ImportReport(report)));
                }
            }
            // The notice that comes with it says what the user needs to know.
            Effect::PositionsImported(_) => {}
            Effect::RememberRecent(path) => self.remember_recent(&path),
            Effect::LoadProject(path) => {
                // A newer Open replaces a read still running (its result goes nowhere).
                if let Some(job) = self.load_job.take() {
                    job.cancel();
                }
                self.load_job = Some(load_job::LoadJob::start(&path, true, ctx.clone()));
            }
            Effect::TeamOpened(root) => {
                self.ask_who_you_are(&root);
                // Work of this coder autosaved before a crash is offered once they are known.
                self.recovery_check = Some(false);
            }
            Effect::ChangesDiscarded => {
                if let Some(autosave) = &mut self.autosave {
                    autosave.discard();
                }
            }
            Effect::RecoveryDone { key, discarded } => {
                if let Some(autosave) = &mut self.autosave {
                    autosave.forget(&key, discarded);
                }
            }
            Effect::CloseWindow => {
                self.allowed_to_close = true;
                self.pending_close = true;
            }
        }
    }
}
