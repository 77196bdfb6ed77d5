//! What the app must do on screen after a command: the [`Effect`]s that
//! [`super::Session::apply`] returns.
//!
//! The session decides *what* happens (a question is asked, a message shown, a dialog opened with
//! this draft, an import started); the app decides *how* (an egui modal, a toast, a worker thread).
//! Effects carry plain data only, so the session stays free of egui and can be tested alone.

use std::path::PathBuf;

use super::command::{ActorDraft, IssueDraft, PathPurpose, PendingAction};
use crate::io::positions_csv::PositionsImportSummary;
use crate::model::Article;

/// One thing for the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Show a notice that fades.
    Info(String),
    /// Show an error that stays until dismissed (and log it).
    Error(String),
    /// Open this dialog (replacing any open one).
    ShowDialog(DialogRequest),
    /// Keep the open dialog and show this problem in it (e.g. a name that is taken).
    DialogError(String),
    /// Close the open dialog.
    CloseDialog,
    /// Another article is shown: the reader drops its selection, find state and scroll.
    ArticleShown,
    /// Scroll the reader to this byte range of the current article and select it.
    Reveal {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },
    /// Open the reader's find bar and focus it.
    OpenFind,
    /// Open the article list's filter controls and focus the first.
    OpenArticleFilter,
    /// Put the panels back to their default sizes and the zoom to 100 %.
    ResetLayout,
    /// Give the keyboard to this marker on its axis.
    FocusMarker(super::MarkerRef),
    /// Send the reader's selection as evidence ([`super::Command::AddEvidence`]).
    AttachSelection,
    /// Open the system file dialog for `purpose`, starting in `start_dir`.
    Browse {
        /// What the chosen path is for.
        purpose: PathPurpose,
        /// Where the dialog starts (the project's folder).
        start_dir: Option<PathBuf>,
    },
    /// Read these files in the background, then send `Command::FinishImport`.
    StartImport(Vec<PathBuf>),
    /// Read another tool's file on a worker with progress and Cancel, then send
    /// `Command::FinishExchangeRead` (or `Command::ExchangeReadCancelled`).
    ReadExchange(super::exchange::ExchangeRequest),
    /// An article import finished (whether or not anything was added): what happened to each file.
    ImportFinished(ImportReportView),
    /// A coded-positions import was applied.
    PositionsImported(PositionsImportSummary),
    /// Add this project file to File → Open Recent.
    RememberRecent(PathBuf),
    /// Read this project file on a worker, with a progress bar and Cancel, while the open project
    /// stays usable; the result comes back as [`super::Command::FinishLoad`].
    LoadProject(PathBuf),
    /// A team folder was opened: the app sets the coder it remembers for the folder, or asks
    /// "Who are you?".
    TeamOpened(PathBuf),
    /// Close the window (the user has confirmed, or there was nothing to lose).
    CloseWindow,
    /// The user threw the unsaved changes away: the autosaved copy goes too.
    ChangesDiscarded,
    /// The offered recovery entry was answered: delete it when `discarded`, else (recovered) when
    /// it is not the app's own entry, which autosave keeps up to date.
    RecoveryDone {
        /// The entry's key.
        key: String,
        /// The user discarded it.
        discarded: bool,
    },
}

/// A dialog to open, with the draft it starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogRequest {
    /// Ask for a path, pre-filled with `initial`.
    Path {
        /// What the path is for.
        purpose: PathPurpose,
        /// The text the field starts with.
        initial: String,
    },
    /// The Team view, with the status as of when it opened.
    Team(Box<crate::analysis::team_status::StatusReport>),
    /// The adjudication view.
    Adjudication,
    /// The actor editor.
    Actor(Box<ActorDraft>),
    /// Ask before merging one actor into another, saying what moves.
    ConfirmMergeActors {
        /// The actor that disappears.
        from: crate::model::ActorId,
        /// The actor that is kept.
        into: crate::model::ActorId,
        /// The disappearing actor's name.
        from_name: String,
        /// The kept actor's name.
        into_name: String,
        /// What moves, e.g. "3 aliases and 12 positions move to United States".
        summary: String,
    },
    /// A positions CSV names actors or issues the project does not know: use the suggested
    /// existing one or create each, then import.
    ImportNames {
        /// The CSV file.
        path: PathBuf,
        /// The scale of new issues.
        scale: Option<(f64, f64)>,
        /// Each unknown name with its closest existing one.
        names: Vec<crate::io::positions_csv::UnknownName>,
    },
    /// The issue editor.
    Issue(Box<IssueDraft>),
    /// The article details editor.
    ArticleDetails(Box<Article>),
    /// The batch details editor for several articles.
    BatchArticleDetails(Box<super::command::BatchDetailsDraft>),
    /// Ask whether to save before `PendingAction`.
    UnsavedChanges(PendingAction),
    /// The project file changed on disk: reload it, or keep mine.
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
        /// The question came from Save.
        saving: bool,
    },
    /// Autosaved work was found: recover it or discard it.
    Recover {
        /// The project's title (or file name).
        name: String,
        /// When the work was autosaved.
        written_at: String,
        /// What differs from the file, e.g. "3 positions changed, 1 article added".
        summary: String,
    },
    /// Ask whether to replace the existing file at `path`.
    ConfirmReplace {
        /// What was being written.
        purpose: PathPurpose,
        /// The existing file.
        path: PathBuf,
    },
    /// Ask for a new coder's name.
    AddCoder,
    /// Ask for a coder's new name.
    RenameCoder {
        /// The coder.
        id: crate::model::CoderId,
        /// The current name.
        name: String,
    },
    /// The Trash, with a Restore button per item.
    Trash,
    /// A merge's conflicts, each to choose.
    MergeConflicts {
        /// The other file's name.
        file: String,
        /// One line per conflict.
        conflicts: Vec<String>,
    },
    /// Ask before emptying the Trash.
    ConfirmEmptyTrash {
        /// Items in the Trash.
        count: usize,
    },
    /// The keyboard shortcuts.
    Shortcuts,
    /// About StanceMap (the app fills in its folders).
    About,
    /// What an import did, file by file.
    ImportReport(ImportReportView),
    /// What an import of another tool's project brought in and left out.
    ExchangeReport(ExchangeReportView),
    /// The mapping step: what each code of another tool's project stands for.
    MapCodes(CodeMappingDraft),
}

/// The mapping step of an import from another tool: one row per code that has codings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeMappingDraft {
    /// The file's name.
    pub file: String,
    /// True when the file is opened as a new project, false when imported into the open one.
    pub open: bool,
    /// One row per code.
    pub rows: Vec<CodeRow>,
}

/// What one code of another tool's project maps to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeRow {
    /// The code's name, with its parent folders ("Parent/Child").
    pub code: String,
    /// How many codings use it.
    pub codings: usize,
    /// What it maps to.
    pub kind: CodeRowKind,
    /// The actor's name (an existing actor's name or alias, else a new actor).
    pub actor: String,
    /// The issue's name (an existing issue, else a new one on 0–100).
    pub issue: String,
    /// The value on the issue the code stands for.
    pub value: f64,
}

/// What kind of thing a code maps to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CodeRowKind {
    /// Nothing: its codings are left out.
    #[default]
    Nothing,
    /// An actor.
    Actor,
    /// A value on an issue.
    IssueValue,
}

/// What an import of another tool's file did, for the report dialog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExchangeReportView {
    /// The file's name.
    pub file: String,
    /// One line: what came in and what was left out.
    pub summary: String,
    /// One line per kind of thing that came in.
    pub imported: Vec<String>,
    /// One line per kind of thing left out, with the reason.
    pub left_out: Vec<String>,
    /// Each code of the file: name, number of codings, what it was mapped to (empty: nothing).
    pub codes: Vec<(String, usize, String)>,
}

/// What an article import did, file by file, for the report dialog and the CLI.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReportView {
    /// One-line summary, e.g. "Imported 3 articles; 1 file failed".
    pub summary: String,
    /// Title and file of each imported article.
    pub imported: Vec<(String, PathBuf)>,
    /// Title and file of each article skipped as already in the project.
    pub duplicates: Vec<(String, PathBuf)>,
    /// One message per failed file, naming it and the reason.
    pub failures: Vec<String>,
    /// True when the user cancelled before every file was read.
    pub cancelled: bool,
}

impl ImportReportView {
    /// Anything beyond a clean import of one file deserves the full report, file by file.
    pub fn deserves_a_report(&self) -> bool {
        !self.failures.is_empty() || !self.duplicates.is_empty() || self.imported.len() > 1 || self.cancelled
    }
}
