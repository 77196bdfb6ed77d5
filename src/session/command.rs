//! What the user wants, as data: the [`Command`]s that the UI (and the CLI) send to the session.
//!
//! Commands say intent ("set Russia's position on NATO membership to 30, as part of this drag"),
//! never how to change the project: the session validates them, stamps times, groups undo steps and
//! keeps the selection consistent ([`super::Session::apply`]). Widgets send commands through a
//! [`CommandSender`] while drawing; the app drains it once per frame.

use std::cell::RefCell;
use std::path::PathBuf;

use crate::io::articles::ExtractedFiles;
use crate::io::export::ExportKind;
use crate::model::{Actor, ActorId, Article, ArticleId, CoderId, Confidence, Issue, IssueId, PositionKey};

/// A marker the user selected: one actor on one issue.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MarkerRef {
    /// The actor.
    pub actor: ActorId,
    /// The issue axis.
    pub issue: IssueId,
}

/// How a change was made, which decides how it is grouped for undo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gesture {
    /// A single change (a click, a key press): its own undo step.
    Once,
    /// One of the many changes of one continuous gesture (a drag, typing into a field). Changes of
    /// the same position with the same gesture id form one undo step; the UI picks the id (e.g.
    /// the frame in which the drag started) and never builds undo keys itself.
    Continuous(u64),
}

/// A change to one field of a coded position.
#[derive(Clone, Debug, PartialEq)]
pub enum PositionChange {
    /// How much the issue matters to the actor (0–100).
    Salience(f64),
    /// How sure the coder is.
    Confidence(Confidence),
    /// The coder's note.
    Note(String),
    /// Removes the evidence quote at this index.
    RemoveEvidence(usize),
}

/// An actor as typed into the actor editor, not yet validated.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorDraft {
    /// The actor being edited, or `None` when adding one.
    pub original: Option<ActorId>,
    /// The fields as typed (the id is assigned on saving).
    pub actor: Actor,
    /// Aliases, one per line.
    pub aliases_text: String,
}

/// An issue as typed into the issue editor, not yet validated.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueDraft {
    /// The issue being edited, or `None` when adding one.
    pub original: Option<IssueId>,
    /// The fields as typed (the id is assigned on saving).
    pub issue: Issue,
    /// Keywords, comma separated.
    pub keywords_text: String,
    /// Phrases pointing to the low pole, one a line (the presets' for a preset issue without its own).
    pub low_phrases_text: String,
    /// Phrases pointing to the high pole, one a line.
    pub high_phrases_text: String,
}

/// How a batch edit of article details changes the articles' dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BatchDate {
    /// Each article keeps its date.
    #[default]
    Keep,
    /// Every article gets the typed date (empty: no date).
    Set,
    /// Each article gets the date written in its file name (`…_2025-08-19_…`, `20250819-…`);
    /// articles whose file name has none keep theirs.
    FromFileName,
}

/// Details to set on several articles at once, as chosen in the batch editor, not yet validated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchDetailsDraft {
    /// The articles to change.
    pub articles: Vec<ArticleId>,
    /// Whether the source changes.
    pub set_source: bool,
    /// The source every article gets when `set_source` (empty: none).
    pub source: String,
    /// How the dates change.
    pub date: BatchDate,
    /// The date typed for [`BatchDate::Set`].
    pub date_text: String,
}

/// What a path prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a project, or an article into a new project.
    Open,
    /// Save the project under a path.
    SaveAs,
    /// Import article files or folders into the project.
    Import,
    /// Import coded positions from a CSV.
    ImportPositions,
    /// Write one of the exports.
    Export(ExportKind),
    /// Merge another copy of the project into this one.
    Merge,
    /// Turn the project into a team folder there.
    MakeTeam,
}

/// What to do once the user has answered the unsaved-changes question.
#[derive(Clone, Debug, PartialEq)]
pub enum PendingAction {
    /// Start a new project.
    New,
    /// Show the Open prompt.
    ShowOpen,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open the project read from this file on a worker (File > Open), which waits in the session.
    OpenLoaded(PathBuf),
    /// Close the app.
    Quit,
}

/// Which view a figure export draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum FigureViewChoice {
    /// Every issue at once.
    #[default]
    AllIssues,
    /// Two issues against each other (x, y); an unset or unknown issue falls back to the first two.
    Map(Option<IssueId>, Option<IssueId>),
    /// One issue across articles (the first issue when unset or unknown).
    Evolution(Option<IssueId>),
    /// Distances between actors.
    Distance,
}

/// Which figure a figure export draws, as the plot panel shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FigureChoice {
    /// The view.
    pub view: FigureViewChoice,
    /// The current article's positions by the current coder, instead of means over all articles.
    pub this_article: bool,
    /// Aggregate table export: count people's positions for their parent actor.
    pub roll_up: bool,
    /// The figure's width in points (`None`: the view's default) and the PNG's pixels per point.
    pub size: crate::io::export::FigureSize,
}

/// One thing the user asked for. Applied by [`super::Session::apply`], in order.
#[derive(Debug)]
pub enum Command {
    // --- Coding positions -----------------------------------------------------------------------
    /// Moves (or places) a position on its axis; the value is clamped to the issue's scale.
    SetPosition {
        /// Which position.
        key: PositionKey,
        /// The new value in the issue's units.
        value: f64,
        /// Drags and typing form one undo step.
        gesture: Gesture,
    },
    /// Moves (or places) several positions at once as one undo step — a point dragged on the 2-D
    /// map changes the actor's position on both issues. Values are clamped to their issues'
    /// scales; changes naming an unknown actor or issue, or a non-finite value, are left out.
    SetPositions {
        /// Which positions, and their new values in their issues' units.
        changes: Vec<(PositionKey, f64)>,
        /// Every move of one drag (with the same positions) forms one undo step.
        gesture: Gesture,
    },
    /// Changes another field of an existing position.
    EditPosition {
        /// Which position.
        key: PositionKey,
        /// What changes.
        change: PositionChange,
        /// Typing forms one undo step.
        gesture: Gesture,
    },
    /// Removes a position.
    ClearPosition(PositionKey),
    /// Adds the byte range `start..end` of the current article as evidence for the selected
    /// marker's position (placing it at the midpoint if it is not coded yet).
    AddEvidence {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },

    // --- Suggested stances (`super::coding`) ---------------------------------------------------
    /// Accepts a suggestion of the current article (`None`: the one under the cursor) as a
    /// position with its sentence as evidence, one undo step.
    AcceptSuggestion(Option<super::coding::SuggestionKey>),
    /// Rejects a suggestion of the current article (`None`: the one under the cursor); it is
    /// remembered in the project and not offered again. One undo step.
    RejectSuggestion(Option<super::coding::SuggestionKey>),
    /// Moves the cursor to the next (+1) or previous (-1) open suggestion.
    StepSuggestion(isize),
    /// Puts the cursor on this open suggestion.
    FocusSuggestion(super::coding::SuggestionKey),
    /// Tells the suggester to forget a phrase it learnt from the coding for an issue (`forget`
    /// true), or to learn it again (false): the issue lists it among its forgotten phrases, so it
    /// never comes back by itself. One undo step.
    ForgetLearntPhrase {
        /// The issue the phrase was learnt for.
        issue: IssueId,
        /// The phrase as the learner writes it (lower case).
        phrase: String,
        /// Forget (true) or learn again (false).
        forget: bool,
    },

    // --- Actors, issues, articles, coders -------------------------------------------------------
    /// Opens the actor editor for an actor, or for a new one with `None`.
    EditActor(Option<ActorId>),
    /// Validates and saves an actor from the editor.
    SaveActor(Box<ActorDraft>),
    /// Deletes an actor and its positions.
    DeleteActor(ActorId),
    /// Adds a candidate actor (a name found in the articles) as a new actor, one undo step.
    AddCandidateActor(String),
    /// Adds several candidate actors as new actors, in this order, as one undo step; names that
    /// already name an actor (or repeat) are skipped and reported.
    AddCandidateActors(Vec<String>),
    /// Adds a candidate actor's name as an alias of an existing actor, one undo step.
    AddCandidateAlias {
        /// The candidate's name.
        name: String,
        /// The actor it names.
        actor: ActorId,
    },
    /// Remembers in the project that a candidate is not an actor, so it is not offered again.
    DismissCandidate(String),
    /// Asks for confirmation before merging actor `from` into actor `into`, saying what moves.
    AskMergeActors {
        /// The actor that disappears.
        from: ActorId,
        /// The actor that is kept.
        into: ActorId,
    },
    /// Merges actor `from` into `into` (names become aliases, positions move over), one undo step.
    MergeActors {
        /// The actor that disappears.
        from: ActorId,
        /// The actor that is kept.
        into: ActorId,
    },
    /// Opens the issue editor for an issue, or for a new one with `None`.
    EditIssue(Option<IssueId>),
    /// Validates and saves an issue from the editor.
    SaveIssue(Box<IssueDraft>),
    /// Deletes an issue and its positions.
    DeleteIssue(IssueId),
    /// Opens the details editor for the current article.
    EditArticleDetails,
    /// Saves an article's title, source, date, URL and byline.
    SaveArticleDetails(Box<Article>),
    /// Opens the batch details editor for these articles (the article list's selection).
    EditArticlesDetails(Vec<ArticleId>),
    /// Sets the source and/or date of several articles, one undo step.
    SaveArticlesDetails(Box<BatchDetailsDraft>),
    /// Deletes an article and the positions coded from it.
    DeleteArticle(ArticleId),
    /// Opens the Add coder dialog.
    AskNewCoder,
    /// Adds a coder with this name and codes as them from now on.
    AddCoder(String),
    /// Opens the Rename coder dialog.
    AskRenameCoder(CoderId),
    /// Renames a coder.
    RenameCoder {
        /// The coder.
        id: CoderId,
        /// The new name.
        name: String,
    },
    /// Deletes a coder and their positions (to the Trash).
    DeleteCoder(CoderId),
    /// Shows the Trash.
    ShowTrash,
    /// Show the Team view: per coder assigned, done, positions; the overlap's progress.
    ShowTeam,
    /// Opens the adjudication view: units whose coders disagree, one by one, to settle.
    ShowAdjudication,
    /// Settles a unit (article x actor x issue) at a value, one undo step: a consensus position
    /// kept apart from the coders' own, stamped with the current coder and the time. The value is
    /// clamped to the issue's scale; a unit naming an unknown actor, issue or article is ignored.
    SettleUnit {
        /// Which unit.
        unit: crate::model::consensus::Unit,
        /// The settled value in the issue's units.
        value: f64,
        /// The coder whose value was taken; `None` when set by hand.
        from_coder: Option<CoderId>,
        /// The lead's remark.
        note: String,
    },
    /// Takes a unit's consensus away again (one undo step): the unit returns to the queue.
    UnsettleUnit(crate::model::consensus::Unit),
    /// Puts a Trash item (and its positions) back.
    RestoreFromTrash(String),
    /// Asks before emptying the Trash.
    AskEmptyTrash,
    /// Empties the Trash (undoable).
    EmptyTrash,
    /// Finishes a merge: `true` takes the other file's side of that conflict.
    ResolveMerge(Vec<bool>),

    // --- What is shown --------------------------------------------------------------------------
    /// Shows this article in the reader and codes positions for it.
    SelectArticle(ArticleId),
    /// Shows the next (+1) or previous (-1) article of those the article list's filter shows.
    StepArticle(isize),
    /// Sets what the article list shows (view state, not an undo step).
    SetArticleFilter(Box<crate::analysis::article_filter::ArticleFilter>),
    /// Marks the current article done by the current coder, or not done when it is (one undo step).
    ToggleArticleDone,
    /// Opens the article list's filter controls with the keyboard focus in them.
    OpenArticleFilter,
    /// Selects the first marker of the first axis and gives it the keyboard.
    FocusFirstMarker,
    /// Stores the reader's selection as evidence for the selected marker (the app knows the
    /// selection: it answers [`super::Effect::AttachSelection`] with [`Command::AddEvidence`]).
    AttachSelection,
    /// Selects a marker (opens the inspector) or clears the selection.
    SelectMarker(Option<MarkerRef>),
    /// Codes as this coder from now on.
    SetCoder(CoderId),
    /// Shows (or hides) other coders' markers on the axes.
    ShowOtherCoders(bool),
    /// Shows (or hides) the spread over all articles under the axes.
    ShowSpread(bool),
    /// Analyses, plots and exports read "consensus where there is one, else every coder" (true)
    /// or every coder's own positions (false). View state, not an undo step.
    UseConsensus(bool),
    /// Shows (or hides) the coder's overall judgements (hollow diamonds) beside the article's markers.
    ShowOverall(bool),
    /// Scrolls the reader to a byte range of the current article and selects it.
    RevealInReader {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },
    /// Opens the find bar.
    Find,
    /// Chooses the actor whose mentions [`Command::StepMention`] steps through (`None`: none).
    SelectMentionActor(Option<ActorId>),
    /// Selects the next (+1) or previous (-1) mention of the chosen actor in the reader, going on
    /// to the next (previous) article that mentions it past the last (first) one.
    StepMention {
        /// +1 for the next mention, -1 for the previous one.
        step: isize,
        /// The reader's selection, which the step starts from (`None`: from the mention last
        /// stepped to, or the article's start).
        from: Option<(usize, usize)>,
    },
    /// Lists the keyboard shortcuts.
    ShowShortcuts,
    /// Shows the version, licence and the app's folders.
    ShowAbout,
    /// Puts the panels back to their default sizes and the zoom to 100 % (a view preference of
    /// the app, not of the project).
    ResetLayout,

    // --- History --------------------------------------------------------------------------------
    /// Undoes the last step.
    Undo,
    /// Redoes the last undone step.
    Redo,

    // --- Files ----------------------------------------------------------------------------------
    /// Starts a new project (asks about unsaved changes first).
    New,
    /// Asks for a project or article to open (asks about unsaved changes first).
    Open,
    /// Opens a project file, or an article file into a new project (asks about unsaved changes).
    OpenPath(PathBuf),
    /// Saves to the current file, or asks for a path the first time.
    Save,
    /// Opens the path prompt for `purpose`.
    AskPath(PathPurpose),
    /// Acts on the paths typed into (or chosen for) a path prompt.
    SubmitPaths(PathPurpose, Vec<PathBuf>),
    /// The user agreed to replace the existing file at this path.
    ReplaceAgreed(PathPurpose, PathBuf),
    /// Opens the path prompt again with this path, to choose another name.
    EditPath(PathPurpose, PathBuf),
    /// Opens the system file dialog for the open path prompt.
    Browse(PathPurpose),
    /// The system file dialog closed; no paths means it was cancelled or is unavailable.
    BrowseFinished(PathPurpose, Vec<PathBuf>),
    /// Imports article files or folders into the current project (in the background).
    ImportPaths(Vec<PathBuf>),
    /// A background import finished: add what it read.
    FinishImport(Box<ExtractedFiles>),
    /// The mapping step of another tool's project is done: read it again with these rows and open
    /// or import it (see [`super::effect::CodeMappingDraft`]).
    MapCodes(Vec<super::effect::CodeRow>),
    /// A project file read on a worker at start-up is done (or failed): open it, or say why not
    /// (the path, and the project or the error).
    FinishLoad(Box<(PathBuf, Result<crate::model::Project, String>)>),
    /// A background read of another tool's file is done: map its codes, or open or import it.
    FinishExchangeRead(Box<super::exchange::ExchangeRead>),
    /// The user cancelled the background read of this file: nothing changes.
    ExchangeReadCancelled(PathBuf),
    /// Imports a coded-positions CSV, all or nothing, as one undo step.
    ImportPositionsFile {
        /// The CSV file.
        path: PathBuf,
        /// Scale of the issues the CSV creates (default 0–100).
        scale: Option<(f64, f64)>,
        /// What to do with actor and issue names the project does not know (by default: ask).
        names: crate::io::positions_csv::NameChoices,
    },
    /// Sets what the next figure export draws (the plot panel's current view).
    ChooseFigure(FigureChoice),
    /// The unsaved-changes question: save, then continue.
    SaveThen(PendingAction),
    /// The unsaved-changes question: discard the changes and continue.
    DiscardThen(PendingAction),
    /// Closes the window (asks about unsaved changes first).
    Quit,
    /// The window got the focus: has another program changed the project file?
    CheckDisk,
    /// A coder's file in the open team folder changed on disk (a `git pull`, a cloud drive's
    /// sync): their positions and done marks are taken in as one step, labelled with their name.
    CodingFileChanged(std::path::PathBuf),
    /// The project file changed on disk: load that version (one undo step brings mine back).
    ReloadFromDisk,
    /// The project file changed on disk: keep working on mine (the next save replaces the other
    /// version, which is kept as the `.bak`); `then_save` continues an interrupted Save.
    KeepMine {
        /// Save now (the question came from Save).
        then_save: bool,
    },
    /// Autosaved work was found for this project: offer it back.
    OfferRecovery {
        /// The autosaved project.
        project: Box<crate::model::Project>,
        /// Its recovery entry's key.
        key: String,
        /// When it was written (RFC 3339).
        written_at: String,
    },
    /// Take the offered autosaved work (one undo step back to the file's state).
    Recover,
    /// Throw the offered autosaved work away.
    DiscardRecovery,
    /// Closes the open dialog without doing anything.
    CloseDialog,
}

/// The queue that widgets send commands into. Shared by reference while the UI is drawn.
#[derive(Default)]
pub struct CommandSender {
    queue: RefCell<Vec<Command>>,
}

impl CommandSender {
    /// Queues a command for the end of this frame.
    pub fn send(&self, command: Command) {
        self.queue.borrow_mut().push(command);
    }

    /// Takes every queued command.
    pub fn drain(&self) -> Vec<Command> {
        std::mem::take(&mut *self.queue.borrow_mut())
    }
}
