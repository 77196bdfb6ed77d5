//! The catalogue of named actions — menus, shortcuts and toolbar buttons — with their labels,
//! tooltips and shortcuts in one place, and the session command each one sends.
//!
//! Menus and key handling iterate over [`UserCommand::ALL`], so a new action is one entry here.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::io::exchange::ExchangeFormat;
use crate::io::export::ExportKind;
use crate::session::{Command, PathPurpose};

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
    /// Export the plot shown as an SVG figure.
    ExportFigureSvg,
    /// Export the plot shown as a PNG image.
    ExportFigurePng,
    /// Export one row per coded position as CSV.
    ExportTidyCsv,
    /// Export one row per coded position as JSON.
    ExportTidyJson,
    /// Export the self-contained HTML report.
    ExportReport,
    /// Export the project as a REFI-QDA project (.qdpx) for QualCoder, MAXQDA, NVivo, ATLAS.ti.
    ExportQdpx,
    /// Export positions as a KTAB scenario CSV.
    ExportKtab,
    /// Export the project as a Discourse Network Analyzer 3 database (.dna).
    ExportDna,
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
    /// Open the article list's filter and put the keyboard focus in it.
    FilterArticles,
    /// Mark the current article done (or not done again) for the current coder.
    ToggleArticleDone,
    /// Put the suggestion cursor on the next open suggestion.
    NextSuggestion,
    /// Put the suggestion cursor on the previous open suggestion.
    PreviousSuggestion,
    /// Code the suggestion under the cursor as a position.
    AcceptSuggestion,
    /// Put the suggestion under the cursor away for this article.
    RejectSuggestion,
    /// Give the keyboard to the first marker of the first axis (Tab then moves to the next marker).
    FocusMarker,
    /// Store the text selected in the article as evidence for the selected marker.
    UseSelectionAsEvidence,
    /// Add an actor.
    AddActor,
    /// Add an issue axis.
    AddIssue,
    /// Edit the current article's title, source, date, URL and byline.
    EditArticleDetails,
    /// Add another coder's copy of this project.
    MergeProject,
    /// Turn the project into a team folder (one file per coder).
    MakeTeamProject,
    /// The Team view: who has coded what.
    ShowTeam,
    /// The adjudication view: settle the units on which coders disagree.
    Adjudicate,
    /// Show the Trash: deleted items to restore or remove for good.
    ShowTrash,
    /// Put the panels back to their default sizes and the zoom to 100 %.
    ResetLayout,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Show the version, licence and where the app keeps its files.
    About,
    /// Quit StanceMap.
    Quit,
    /// Select the next mention of the actor chosen in the actor list.
    NextMention,
    /// Select the previous mention of the actor chosen in the actor list.
    PreviousMention,
}

impl UserCommand {
    /// Every command, in menu order.
    pub const ALL: [UserCommand; 43] = [
        Self::New,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::ImportArticles,
        Self::ImportPositionsCsv,
        Self::ExportPositionsCsv,
        Self::ExportAggregateCsv,
        Self::ExportFigureSvg,
        Self::ExportFigurePng,
        Self::ExportTidyCsv,
        Self::ExportTidyJson,
        Self::ExportReport,
        Self::ExportQdpx,
        Self::ExportKtab,
        Self::ExportDna,
        Self::Undo,
        Self::Redo,
        Self::Find,
        Self::NextMention,
        Self::PreviousMention,
        Self::NextArticle,
        Self::PreviousArticle,
        Self::FilterArticles,
        Self::ToggleArticleDone,
        Self::NextSuggestion,
        Self::PreviousSuggestion,
        Self::AcceptSuggestion,
        Self::RejectSuggestion,
        Self::FocusMarker,
        Self::UseSelectionAsEvidence,
        Self::AddActor,
        Self::AddIssue,
        Self::EditArticleDetails,
        Self::MergeProject,
        Self::MakeTeamProject,
        Self::ShowTeam,
        Self::Adjudicate,
        Self::ShowTrash,
        Self::ResetLayout,
        Self::ShowShortcuts,
        Self::About,
        Self::Quit,
    ];

    /// Menu label and tooltip.
    pub fn text_and_tooltip(self) -> (&'static str, &'static str) {
        match self {
            Self::New => ("New project", "Start a project with the preset issues and actors"),
            Self::Open => (
                "Open…",
                "Open a .stancemap project, a REFI-QDA project (.qdpx) or DNA database (.dna) as a new unsaved project, or an article into a new project",
            ),
            Self::Save => ("Save", "Save the project"),
            Self::SaveAs => ("Save As…", "Save the project under a new name"),
            Self::ImportArticles => (
                "Import articles…",
                "Add article files or folders, a REFI-QDA project (.qdpx), a DNA database (.dna) or a KTAB scenario to this project",
            ),
            Self::ImportPositionsCsv => (
                "Import coded positions…",
                "Add positions from a CSV with columns actor, issue, position (optional: article, salience, confidence, coder, capability, quote)",
            ),
            Self::ExportPositionsCsv => export_texts(ExportKind::PositionsCsv),
            Self::ExportAggregateCsv => export_texts(ExportKind::AggregateCsv),
            Self::ExportFigureSvg => export_texts(ExportKind::FigureSvg),
            Self::ExportFigurePng => export_texts(ExportKind::FigurePng),
            Self::ExportTidyCsv => export_texts(ExportKind::TidyCsv),
            Self::ExportTidyJson => export_texts(ExportKind::TidyJson),
            Self::ExportReport => export_texts(ExportKind::Report),
            Self::ExportQdpx => export_texts(ExportKind::Exchange(ExchangeFormat::Qdpx)),
            Self::ExportKtab => export_texts(ExportKind::Exchange(ExchangeFormat::Ktab)),
            Self::ExportDna => export_texts(ExportKind::Exchange(ExchangeFormat::Dna)),
            Self::Undo => ("Undo", "Undo the last change"),
            Self::Redo => ("Redo", "Redo the last undone change"),
            Self::Find => ("Find in article…", "Find text in the article to quote it as evidence"),
            Self::NextArticle => ("Next article", "Show the next article of those the article list shows"),
            Self::PreviousArticle => ("Previous article", "Show the previous article of those the article list shows"),
            Self::FilterArticles => {
                ("Filter articles", "Show only some articles: by coding status, actor, issue, source or date")
            }
            Self::ToggleArticleDone => (
                "Mark article done",
                "You finished coding this article: the article list's Done filter shows it (press again to undo the mark)",
            ),
            Self::NextSuggestion => {
                ("Next suggestion", "Move to the next suggested stance (Enter accepts, Backspace rejects)")
            }
            Self::PreviousSuggestion => ("Previous suggestion", "Move to the previous suggested stance"),
            Self::AcceptSuggestion => (
                "Accept suggestion",
                "Code the current suggestion as a position with its sentence as evidence (when no field has the keyboard)",
            ),
            Self::RejectSuggestion => (
                "Reject suggestion",
                "Put the current suggestion away for this article (when no field has the keyboard)",
            ),
            Self::FocusMarker => (
                "Focus first marker",
                "Select the first marker of the first axis: Left / Right move it, Tab goes to the next marker",
            ),
            Self::UseSelectionAsEvidence => (
                "Use selection as evidence",
                "Store the text selected in the article as a quote for the selected marker",
            ),
            Self::AddActor => ("Add actor…", "Add a party whose positions you code"),
            Self::AddIssue => ("Add issue…", "Add an issue axis"),
            Self::EditArticleDetails => ("Edit article details…", "Edit title, source, date, URL and byline"),
            Self::MergeProject => ("Merge project…", "Add another coder's copy of this project"),
            Self::ShowTeam => {
                ("Team…", "Every coder's assigned, done and coded work, and the reliability overlap's progress")
            }
            Self::Adjudicate => (
                "Adjudicate…",
                "Settle the units (article, actor, issue) on which coders disagree: take one coder's value or set another",
            ),
            Self::MakeTeamProject => (
                "Make a team project…",
                "Turn this project into a folder your team shares (git, a cloud drive): each coder saves to their own file",
            ),
            Self::ShowTrash => ("Trash…", "Deleted items, to restore or remove for good"),
            Self::ResetLayout => (
                "Reset layout",
                "Put the side panels and the plot panel back to their default sizes and the zoom to 100 %",
            ),
            Self::ShowShortcuts => ("Keyboard shortcuts", "List every keyboard shortcut"),
            Self::About => ("About StanceMap", "Version, licence, and where unsaved work and preferences are kept"),
            Self::Quit => ("Quit", "Close StanceMap"),
            Self::NextMention => (
                "Next mention",
                "Select the next mention of the actor chosen in the actor list (on into the next article)",
            ),
            Self::PreviousMention => ("Previous mention", "Select the previous mention of the chosen actor"),
        }
    }

    /// The session command this action sends.
    pub fn command(self) -> Command {
        match self {
            Self::New => Command::New,
            Self::Open => Command::Open,
            Self::Save => Command::Save,
            Self::SaveAs => Command::AskPath(PathPurpose::SaveAs),
            Self::ImportArticles => Command::AskPath(PathPurpose::Import),
            Self::ImportPositionsCsv => Command::AskPath(PathPurpose::ImportPositions),
            Self::ExportPositionsCsv => Command::AskPath(PathPurpose::Export(ExportKind::PositionsCsv)),
            Self::ExportAggregateCsv => Command::AskPath(PathPurpose::Export(ExportKind::AggregateCsv)),
            Self::ExportFigureSvg => Command::AskPath(PathPurpose::Export(ExportKind::FigureSvg)),
            Self::ExportFigurePng => Command::AskPath(PathPurpose::Export(ExportKind::FigurePng)),
            Self::ExportTidyCsv => Command::AskPath(PathPurpose::Export(ExportKind::TidyCsv)),
            Self::ExportTidyJson => Command::AskPath(PathPurpose::Export(ExportKind::TidyJson)),
            Self::ExportReport => Command::AskPath(PathPurpose::Export(ExportKind::Report)),
            Self::ExportQdpx => Command::AskPath(PathPurpose::Export(ExportKind::Exchange(ExchangeFormat::Qdpx))),
            Self::ExportKtab => Command::AskPath(PathPurpose::Export(ExportKind::Exchange(ExchangeFormat::Ktab))),
            Self::ExportDna => Command::AskPath(PathPurpose::Export(ExportKind::Exchange(ExchangeFormat::Dna))),
            Self::Undo => Command::Undo,
            Self::Redo => Command::Redo,
            Self::Find => Command::Find,
            Self::NextArticle => Command::StepArticle(1),
            Self::PreviousArticle => Command::StepArticle(-1),
            Self::FilterArticles => Command::OpenArticleFilter,
            Self::ToggleArticleDone => Command::ToggleArticleDone,
            Self::NextSuggestion => Command::StepSuggestion(1),
            Self::PreviousSuggestion => Command::StepSuggestion(-1),
            Self::AcceptSuggestion => Command::AcceptSuggestion(None),
            Self::RejectSuggestion => Command::RejectSuggestion(None),
            Self::FocusMarker => Command::FocusFirstMarker,
            Self::UseSelectionAsEvidence => Command::AttachSelection,
            Self::AddActor => Command::EditActor(None),
            Self::AddIssue => Command::EditIssue(None),
            Self::EditArticleDetails => Command::EditArticleDetails,
            Self::MergeProject => Command::AskPath(PathPurpose::Merge),
            Self::MakeTeamProject => Command::AskPath(PathPurpose::MakeTeam),
            Self::ShowTeam => Command::ShowTeam,
            Self::Adjudicate => Command::ShowAdjudication,
            Self::ShowTrash => Command::ShowTrash,
            Self::ResetLayout => Command::ResetLayout,
            Self::ShowShortcuts => Command::ShowShortcuts,
            Self::About => Command::ShowAbout,
            Self::Quit => Command::Quit,
            Self::NextMention => Command::StepMention { step: 1, from: None },
            Self::PreviousMention => Command::StepMention { step: -1, from: None },
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
            Self::FilterArticles => vec![cmd(Key::L)],
            Self::ToggleArticleDone => vec![cmd(Key::D)],
            Self::NextSuggestion => vec![alt(Key::ArrowRight)],
            Self::PreviousSuggestion => vec![alt(Key::ArrowLeft)],
            Self::AcceptSuggestion => vec![KeyboardShortcut::new(Modifiers::NONE, Key::Enter)],
            Self::RejectSuggestion => vec![KeyboardShortcut::new(Modifiers::NONE, Key::Backspace)],
            Self::FocusMarker => vec![cmd(Key::M)],
            Self::UseSelectionAsEvidence => vec![cmd(Key::E)],
            Self::AddActor
            | Self::AddIssue
            | Self::EditArticleDetails
            | Self::MergeProject
            | Self::MakeTeamProject
            | Self::ShowTeam
            | Self::Adjudicate
            | Self::ShowTrash
            | Self::ResetLayout
            | Self::About
            | Self::ImportPositionsCsv
            | Self::ExportPositionsCsv
            | Self::ExportAggregateCsv
            | Self::ExportFigureSvg
            | Self::ExportFigurePng
            | Self::ExportTidyCsv
            | Self::ExportTidyJson
            | Self::ExportReport
            | Self::ExportQdpx
            | Self::ExportKtab
            | Self::ExportDna => Vec::new(),
            Self::ShowShortcuts => vec![KeyboardShortcut::new(Modifiers::NONE, Key::F1)],
            Self::Quit => vec![cmd(Key::Q)],
            Self::NextMention => vec![KeyboardShortcut::new(Modifiers::NONE, Key::F3)],
            Self::PreviousMention => vec![KeyboardShortcut::new(Modifiers::SHIFT, Key::F3)],
        }
    }

    /// True for a command on a bare key that text fields and focused widgets use themselves
    /// (Enter, Backspace): it only acts while nothing but the article text has the keyboard.
    pub fn needs_free_keyboard(self) -> bool {
        matches!(self, Self::AcceptSuggestion | Self::RejectSuggestion)
    }

    /// Consumes this frame's key presses that match a command, returning those commands.
    ///
    /// Shortcuts with more modifiers are checked first so Ctrl+Shift+S is not taken for Ctrl+S.
    /// Enter and Backspace are left to a focused field or marker ([`Self::needs_free_keyboard`]).
    pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<UserCommand> {
        let free = ctx.memory(|memory| memory.focused().is_none_or(|id| id == super::reader::reader_text_id()));
        let mut bindings: Vec<(KeyboardShortcut, UserCommand)> = Self::ALL
            .iter()
            .filter(|command| free || !command.needs_free_keyboard())
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

/// An export's menu text and tooltip, from the export catalogue.
fn export_texts(kind: ExportKind) -> (&'static str, &'static str) {
    (kind.label(), kind.tooltip())
}

fn modifier_count(modifiers: Modifiers) -> u8 {
    u8::from(modifiers.ctrl || modifiers.command) + u8::from(modifiers.shift) + u8::from(modifiers.alt)
}
