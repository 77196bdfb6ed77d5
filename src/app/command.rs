//! Everything the user can do, as data.
//!
//! The UI never mutates state while drawing: widgets send [`Command`]s through a [`CommandSender`],
//! and `App::apply_commands` drains the queue once per frame in one `match`. [`UserCommand`] is the
//! catalog of named actions (menus, shortcuts, toolbar) with their labels and shortcuts in one place.

use std::cell::RefCell;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::document::CoalesceKey;
use crate::model::{ActorId, ArticleId, CoderId, Edit, IssueId};

/// A marker the user selected: one actor on one issue.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MarkerRef {
    /// The actor.
    pub actor: ActorId,
    /// The issue axis.
    pub issue: IssueId,
}

/// One thing to change, produced by the UI and applied at the end of the frame.
#[derive(Clone, Debug)]
pub enum Command {
    /// Change the project (undoable). Edits with the same `coalesce` key form one undo step.
    Edit {
        /// The change.
        edit: Edit,
        /// Groups a drag's edits into one undo step.
        coalesce: Option<CoalesceKey>,
    },
    /// Run a catalogued action (menu item or shortcut).
    User(UserCommand),
    /// Show this article in the reader and code positions for it.
    SelectArticle(ArticleId),
    /// Select a marker (opens the inspector) or clear the selection.
    SelectMarker(Option<MarkerRef>),
    /// Code as this coder from now on.
    SetCoder(CoderId),
    /// Open a project file, or import an article file into a new project.
    OpenPath(PathBuf),
    /// Import article files or folders into the current project.
    ImportPaths(Vec<PathBuf>),
    /// Save the project to this path.
    SaveTo(PathBuf),
    /// Store the reader's current selection as evidence for the selected marker.
    UseSelectionAsEvidence,
    /// Scroll the reader to a byte range of the current article and select it.
    RevealInReader {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },
    /// Open the actor editor for an actor, or for a new one with `None`.
    EditActor(Option<ActorId>),
    /// Open the issue editor for an issue, or for a new one with `None`.
    EditIssue(Option<IssueId>),
    /// Show (or hide) other coders' markers on the axes.
    ShowOtherCoders(bool),
    /// Close the in-app dialog that is open.
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

    /// Queues a model edit as its own undo step.
    pub fn edit(&self, edit: Edit) {
        self.send(Command::Edit { edit, coalesce: None });
    }

    /// Takes every queued command.
    pub fn drain(&self) -> Vec<Command> {
        std::mem::take(&mut *self.queue.borrow_mut())
    }
}

/// Named actions with labels, tooltips and shortcuts, for menus and key handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UserCommand {
    /// Start a new project with the preset issues and actors.
    New,
    /// Open a project (or an article into a new project).
    Open,
    /// Save to the current file (asks for a path the first time).
    Save,
    /// Save under a new path.
    SaveAs,
    /// Import article files into this project.
    ImportArticles,
    /// Import positions coded elsewhere from a CSV file.
    ImportPositionsCsv,
    /// Export every position as CSV.
    ExportPositionsCsv,
    /// Export the aggregate table as CSV.
    ExportAggregateCsv,
    /// Export the plot shown (all issues or the 2-D map) as an SVG figure.
    ExportFigureSvg,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Find text in the current article.
    Find,
    /// Show the next article.
    NextArticle,
    /// Show the previous article.
    PreviousArticle,
    /// Add an actor.
    AddActor,
    /// Add an issue axis.
    AddIssue,
    /// Edit the current article's title, source, date, URL and byline.
    EditArticleDetails,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Quit StanceMap.
    Quit,
}

impl UserCommand {
    /// Every command, in menu order.
    pub const ALL: [UserCommand; 19] = [
        Self::New,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::ImportArticles,
        Self::ImportPositionsCsv,
        Self::ExportPositionsCsv,
        Self::ExportAggregateCsv,
        Self::ExportFigureSvg,
        Self::Undo,
        Self::Redo,
        Self::Find,
        Self::NextArticle,
        Self::PreviousArticle,
        Self::AddActor,
        Self::AddIssue,
        Self::EditArticleDetails,
        Self::ShowShortcuts,
        Self::Quit,
    ];

    /// Menu label and tooltip.
    pub fn text_and_tooltip(self) -> (&'static str, &'static str) {
        match self {
            Self::New => ("New project", "Start a project with the preset issues and actors"),
            Self::Open => ("Open…", "Open a .stancemap project, or an article into a new project"),
            Self::Save => ("Save", "Save the project"),
            Self::SaveAs => ("Save As…", "Save the project under a new name"),
            Self::ImportArticles => ("Import articles…", "Add article files or folders to this project"),
            Self::ImportPositionsCsv => (
                "Import coded positions…",
                "Add positions from a CSV with columns actor, issue, position (optional: article, salience, confidence, coder, capability, quote)",
            ),
            Self::ExportPositionsCsv => ("Export positions as CSV…", "Every coded position, in the import format"),
            Self::ExportAggregateCsv => ("Export aggregate table as CSV…", "Mean, median, SD per actor and issue"),
            Self::ExportFigureSvg => (
                "Export figure as SVG…",
                "The plot shown (all issues, or the 2-D map) as a vector figure for papers and reports",
            ),
            Self::Undo => ("Undo", "Undo the last change"),
            Self::Redo => ("Redo", "Redo the last undone change"),
            Self::Find => ("Find in article…", "Find text in the article to quote it as evidence"),
            Self::NextArticle => ("Next article", "Show the next article"),
            Self::PreviousArticle => ("Previous article", "Show the previous article"),
            Self::AddActor => ("Add actor…", "Add a party whose positions you code"),
            Self::AddIssue => ("Add issue…", "Add an issue axis"),
            Self::EditArticleDetails => ("Edit article details…", "Edit title, source, date, URL and byline"),
            Self::ShowShortcuts => ("Keyboard shortcuts", "List every keyboard shortcut"),
            Self::Quit => ("Quit", "Close StanceMap"),
        }
    }

    /// The shortcuts that trigger it; the first is shown in menus.
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        const fn cmd(key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(Modifiers::COMMAND, key)
        }
        const fn cmd_shift(key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
        }
        const fn alt(key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(Modifiers::ALT, key)
        }
        match self {
            Self::New => vec![cmd(Key::N)],
            Self::Open => vec![cmd(Key::O)],
            Self::Save => vec![cmd(Key::S)],
            Self::SaveAs => vec![cmd_shift(Key::S)],
            Self::ImportArticles => vec![cmd(Key::I)],
            Self::Undo => vec![cmd(Key::Z)],
            Self::Redo => vec![cmd_shift(Key::Z), cmd(Key::Y)],
            Self::Find => vec![cmd(Key::F)],
            Self::NextArticle => vec![alt(Key::ArrowDown)],
            Self::PreviousArticle => vec![alt(Key::ArrowUp)],
            Self::AddActor
            | Self::AddIssue
            | Self::EditArticleDetails
            | Self::ImportPositionsCsv
            | Self::ExportPositionsCsv
            | Self::ExportAggregateCsv
            | Self::ExportFigureSvg => Vec::new(),
            Self::ShowShortcuts => vec![KeyboardShortcut::new(Modifiers::NONE, Key::F1)],
            Self::Quit => vec![cmd(Key::Q)],
        }
    }

    /// Consumes this frame's key presses that match a command, returning those commands.
    ///
    /// Shortcuts with more modifiers are checked first so Ctrl+Shift+S is not taken for Ctrl+S.
    pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<UserCommand> {
        let mut bindings: Vec<(KeyboardShortcut, UserCommand)> = Self::ALL
            .iter()
            .flat_map(|&command| command.shortcuts().into_iter().map(move |shortcut| (shortcut, command)))
            .collect();
        bindings.sort_by_key(|(shortcut, _)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
        ctx.input_mut(|input| {
            bindings
                .into_iter()
                .filter(|(shortcut, _)| input.consume_shortcut(shortcut))
                .map(|(_, command)| command)
                .collect()
        })
    }
}

fn modifier_count(modifiers: Modifiers) -> u8 {
    u8::from(modifiers.ctrl || modifiers.command) + u8::from(modifiers.shift) + u8::from(modifiers.alt)
}
