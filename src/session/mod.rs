//! The session core: the open document and what the user is looking at, changed only by
//! [`Session::apply`].
//!
//! A session owns the [`Document`] (project, path, history), the current coder and article, the
//! selected marker and the view switches that belong to the work rather than to one widget (other
//! coders' markers, spread bars). The UI and the CLI never change a project themselves: they send
//! intent-level [`Command`]s, and `apply` validates them, stamps times, groups undo steps, labels
//! them for the Edit menu and fixes the selection afterwards. What the app must then do on screen —
//! open a dialog, show a message, ask a question, start a job — comes back as [`Effect`]s.
//!
//! No egui here: the session is tested on its own, and the CLI uses it where it changes a project.
//! Cached results derived from the document live in [`derived::Derived`], keyed by the document's
//! generation.

mod actor_merge;
mod adjudication;
pub mod article_list;
pub mod background;
pub mod candidates;
pub mod coding;
pub mod command;
pub mod derived;
mod disk;
pub mod document;
mod edits;
pub mod effect;
mod exchange;
mod exports;
mod files;
mod merging;
pub mod open_positions;
pub mod reading;
mod team;
mod trash;

use std::path::{Path, PathBuf};

pub use crate::io::output::is_project_path;
pub use command::{
    ActorDraft, BatchDate, BatchDetailsDraft, Command, CommandSender, FigureChoice, FigureViewChoice, Gesture,
    IssueDraft, MarkerRef, PathPurpose, PendingAction, PositionChange,
};
pub use document::{CoalesceKey, Document};
pub use effect::{CodeMappingDraft, CodeRow, CodeRowKind, DialogRequest, Effect, ExchangeReportView, ImportReportView};
pub use exchange::{ExchangeRead, ExchangeRequest, is_exchange_file, read_exchange_file};
pub use files::load_document;

use crate::model::{ArticleId, CoderId, Position, PositionKey, Project, presets};

/// The open project and what the user is looking at.
#[derive(Debug)]
pub struct Session {
    document: Document,
    coder: CoderId,
    article: Option<ArticleId>,
    selected_marker: Option<MarkerRef>,
    show_other_coders: bool,
    show_spread: bool,
    show_overall: bool,
    /// Analyses, plots and exports read the consensus where a unit has one, else every coder.
    use_consensus: bool,
    /// What to do after the next successful save (from the unsaved-changes question).
    after_save: Option<PendingAction>,
    /// What the next figure export draws.
    figure: FigureChoice,
    /// Autosaved work offered back and not yet answered: (project, entry key).
    offered_recovery: Option<(Box<Project>, String)>,
    /// A changed file version the user chose to ignore, so they are not asked again about it.
    ignored_disk_stamp: Option<document::FileStamp>,
    /// The cursor through the current article's suggestions (`coding`).
    coding: coding::CodingState,
    /// The gesture and position of the last position edit, so a drag is one line of history.
    last_gesture: Option<(CoalesceKey, PositionKey)>,
    /// Another tool's file waiting for the mapping step: its path, and true to open it as a new
    /// project (false: import it into this one).
    pending_exchange: Option<(std::path::PathBuf, bool)>,
    /// A merge waiting for the user's choices in its conflicts, with the other file's name.
    pending_merge: Option<(Box<crate::model::merge::Merge>, String)>,
    /// What the article list shows (`article_list`).
    article_filter: crate::analysis::article_filter::ArticleFilter,
    /// The actor whose mentions are stepped through, and the cursor (`reading`).
    reading: reading::ReadingState,
    /// A project file read on a worker for File > Open: its path and the generation of the open
    /// document when the read started (an edit since then is asked about before it is replaced).
    opening: Option<(PathBuf, u64)>,
    /// A project read for File > Open that waits for the unsaved-changes question.
    loaded: Option<Box<(PathBuf, Project)>>,
}

impl Session {
    /// A session on `project`, which lives at `path` if given.
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        let mut session = Self {
            document: Document::new(project, path),
            coder: CoderId::default(),
            article: None,
            selected_marker: None,
            show_other_coders: false,
            show_spread: true,
            show_overall: true,
            use_consensus: false,
            after_save: None,
            opening: None,
            loaded: None,
            figure: FigureChoice::default(),
            offered_recovery: None,
            ignored_disk_stamp: None,
            coding: coding::CodingState::default(),
            last_gesture: None,
            pending_merge: None,
            pending_exchange: None,
            article_filter: Default::default(),
            reading: reading::ReadingState::default(),
        };
        session.reset_view_for_new_document(None);
        session
    }

    /// The team folder the project lives in, for a team project.
    pub fn team_root(&self) -> Option<&Path> {
        self.document.team.as_ref().map(|team| team.root.as_path())
    }

    /// The open document (project, path, history).
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The open project.
    pub fn project(&self) -> &Project {
        &self.document.project
    }

    /// Where the project is saved, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.document.path.as_deref()
    }

    /// Changes on every change of the project: caches key on it.
    pub fn generation(&self) -> u64 {
        self.document.generation()
    }

    /// Changes whenever an actor, issue, article or coder may have been added, removed or moved:
    /// results indexed by position in those lists key on it.
    pub fn shape(&self) -> u64 {
        self.document.shape()
    }

    /// Changes with every change except moves of existing positions (a drag): results that count
    /// what is coded key on it (see [`Document::tally`]).
    pub fn tally(&self) -> u64 {
        self.document.tally()
    }

    /// The coder positions are assigned for.
    pub fn coder(&self) -> &CoderId {
        &self.coder
    }

    /// The article being read and coded; `None` codes overall positions.
    pub fn article(&self) -> Option<&ArticleId> {
        self.article.as_ref()
    }

    /// The marker whose details the inspector shows.
    pub fn selected_marker(&self) -> Option<&MarkerRef> {
        self.selected_marker.as_ref()
    }

    /// Whether other coders' positions are drawn on the axes.
    pub fn show_other_coders(&self) -> bool {
        self.show_other_coders
    }

    /// Whether the coder's overall judgements are drawn on the axes beside the article's markers.
    pub fn show_overall(&self) -> bool {
        self.show_overall
    }

    /// Whether analyses, plots and exports read "consensus where there is one, else every coder"
    /// (Agreement always reads the coders' own values).
    pub fn use_consensus(&self) -> bool {
        self.use_consensus
    }

    /// The project as analyses, plots and exports read it: with the consensus switch on, each
    /// settled unit's coders give way to its consensus (see `model::consensus::resolved`).
    pub fn analysed_project(&self) -> std::borrow::Cow<'_, Project> {
        if self.use_consensus && !self.project().consensus.is_empty() {
            std::borrow::Cow::Owned(crate::model::consensus::resolved(self.project()))
        } else {
            std::borrow::Cow::Borrowed(self.project())
        }
    }

    /// Whether the user wants spread bars (over all articles) under the axes.
    pub fn spread_enabled(&self) -> bool {
        self.show_spread
    }

    /// What the next figure export draws.
    pub fn figure_choice(&self) -> &FigureChoice {
        &self.figure
    }

    /// Spread bars are drawn when switched on and there is more than one article or coder to
    /// aggregate over (otherwise they would repeat the markers).
    pub fn show_spread(&self) -> bool {
        let project = self.project();
        self.show_spread && (project.articles.len() > 1 || project.coders.len() > 1)
    }

    /// The key of `actor`'s position on `issue` for the current article and coder.
    pub fn position_key(&self, actor: &crate::model::ActorId, issue: &crate::model::IssueId) -> PositionKey {
        PositionKey {
            issue: issue.clone(),
            actor: actor.clone(),
            article: self.article.clone(),
            coder: self.coder.clone(),
        }
    }

    /// `actor`'s position on `issue` for the current article and coder, if coded.
    pub fn position(&self, actor: &crate::model::ActorId, issue: &crate::model::IssueId) -> Option<&Position> {
        self.project().positions.get(&self.position_key(actor, issue))
    }

    /// Applies one command: the only way a session (and its project) changes. Returns what the
    /// app must do on screen.
    pub fn apply(&mut self, command: Command) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.apply_into(command, &mut effects);
        effects
    }

    fn apply_into(&mut self, command: Command, effects: &mut Vec<Effect>) {
        match command {
            Command::SetPosition { key, value, gesture } => self.set_position(key, value, gesture),
            Command::SetPositions { changes, gesture } => self.set_positions(changes, gesture),
            Command::EditPosition { key, change, gesture } => self.edit_position(key, change, gesture),
            Command::ClearPosition(key) => self.trash_position(key),
            Command::AddEvidence { start, end } => self.add_evidence(start, end, effects),
            Command::EditActor(id) => effects.push(Effect::ShowDialog(self.actor_dialog(id.as_ref()))),
            Command::SaveActor(draft) => self.save_actor(*draft, effects),
            Command::DeleteActor(id) => self.trash_actor(&id, effects),
            Command::EditIssue(id) => effects.push(Effect::ShowDialog(self.issue_dialog(id.as_ref()))),
            Command::SaveIssue(draft) => self.save_issue(*draft, effects),
            Command::DeleteIssue(id) => self.trash_issue(&id, effects),
            Command::EditArticleDetails => {
                if let Some(article) = self.article.as_ref().and_then(|id| self.project().article(id)) {
                    effects.push(Effect::ShowDialog(DialogRequest::ArticleDetails(Box::new(article.clone()))));
                }
            }
            Command::SaveArticleDetails(article) => self.save_article_details(*article, effects),
            Command::EditArticlesDetails(articles) => {
                let articles: Vec<ArticleId> =
                    articles.into_iter().filter(|id| self.project().article(id).is_some()).collect();
                if !articles.is_empty() {
                    let draft = command::BatchDetailsDraft { articles, ..command::BatchDetailsDraft::default() };
                    effects.push(Effect::ShowDialog(DialogRequest::BatchArticleDetails(Box::new(draft))));
                }
            }
            Command::SaveArticlesDetails(draft) => self.save_articles_details(*draft, effects),
            Command::DeleteArticle(id) => self.trash_article(&id, effects),
            Command::AskNewCoder => effects.push(Effect::ShowDialog(DialogRequest::AddCoder)),
            Command::AddCoder(name) => self.add_coder(&name, effects),
            Command::SelectArticle(id) => {
                if self.project().article(&id).is_some() && self.article.as_ref() != Some(&id) {
                    self.article = Some(id);
                    effects.push(Effect::ArticleShown);
                }
            }
            command @ (Command::StepArticle(_)
            | Command::SetArticleFilter(_)
            | Command::ToggleArticleDone
            | Command::FocusFirstMarker) => self.apply_article_list(command, effects),
            Command::SelectMarker(marker) => self.selected_marker = marker,
            Command::SetCoder(coder) => {
                if self.project().coder(&coder).is_some() {
                    self.coder = coder;
                }
            }
            Command::ShowOtherCoders(show) => self.show_other_coders = show,
            Command::ShowSpread(show) => self.show_spread = show,
            Command::ShowOverall(show) => self.show_overall = show,
            Command::UseConsensus(on) => self.use_consensus = on,
            Command::RevealInReader { start, end } => effects.push(Effect::Reveal { start, end }),
            Command::Find => {
                if self.article.is_some() {
                    effects.push(Effect::OpenFind);
                }
            }
            Command::ShowShortcuts => effects.push(Effect::ShowDialog(DialogRequest::Shortcuts)),
            Command::ResetLayout => effects.push(Effect::ResetLayout),
            Command::ShowAbout => effects.push(Effect::ShowDialog(DialogRequest::About)),
            Command::OpenArticleFilter => effects.push(Effect::OpenArticleFilter),
            Command::AttachSelection => effects.push(Effect::AttachSelection),
            command @ (Command::ShowTrash
            | Command::RestoreFromTrash(_)
            | Command::AskEmptyTrash
            | Command::EmptyTrash
            | Command::AskRenameCoder(_)
            | Command::RenameCoder { .. }
            | Command::DeleteCoder(_)) => self.apply_trash_command(command, effects),
            Command::Undo => {
                self.last_gesture = None;
                if self.document.undo() {
                    self.fix_selection(effects);
                }
            }
            Command::Redo => {
                self.last_gesture = None;
                if self.document.redo() {
                    self.fix_selection(effects);
                }
            }
            Command::ChooseFigure(choice) => self.figure = choice,
            command @ (Command::AcceptSuggestion(_)
            | Command::RejectSuggestion(_)
            | Command::StepSuggestion(_)
            | Command::FocusSuggestion(_)
            | Command::ForgetLearntPhrase { .. }) => self.apply_coding(command, effects),
            command @ (Command::AddCandidateActor(_)
            | Command::AddCandidateActors(_)
            | Command::AddCandidateAlias { .. }
            | Command::DismissCandidate(_)) => self.apply_candidate_command(command, effects),
            Command::AskMergeActors { from, into } => self.ask_merge_actors(&from, &into, effects),
            Command::MergeActors { from, into } => self.merge_actors(&from, &into, effects),
            Command::ResolveMerge(take_theirs) => self.resolve_merge(&take_theirs, effects),
            Command::MapCodes(rows) => self.map_codes(rows, effects),
            Command::FinishExchangeRead(read) => self.finish_exchange_read(*read, effects),
            Command::ExchangeReadCancelled(path) => self.exchange_read_cancelled(&path, effects),
            Command::CodingFileChanged(path) => self.coding_file_changed(&path, effects),
            Command::ShowTeam => {
                let status = crate::analysis::team_status::StatusReport::of(self.project());
                effects.push(Effect::ShowDialog(DialogRequest::Team(Box::new(status))));
            }
            Command::ShowAdjudication => effects.push(Effect::ShowDialog(DialogRequest::Adjudication)),
            Command::SettleUnit { unit, value, from_coder, note } => {
                self.settle_unit(unit, value, from_coder, note, effects);
            }
            Command::UnsettleUnit(unit) => self.unsettle_unit(&unit, effects),
            Command::SelectMentionActor(actor) => self.select_mention_actor(actor),
            Command::StepMention { step, from } => self.step_mention(step, from, effects),
            command => self.apply_file_command(command, effects),
        }
    }

    /// Applies an edit as one undo step (or part of the gesture `coalesce`), then drops selections
    /// that point at things that no longer exist.
    fn commit(
        &mut self,
        edit: crate::model::Edit,
        coalesce: Option<CoalesceKey>,
        label: String,
        effects: &mut Vec<Effect>,
    ) -> bool {
        let changed = self.document.apply(edit, coalesce, label);
        if changed {
            self.fix_selection(effects);
        }
        changed
    }

    /// After undo, redo or removals: the marker, article and coder shown must exist.
    fn fix_selection(&mut self, effects: &mut Vec<Effect>) {
        let project = &self.document.project;
        if let Some(marker) = &self.selected_marker
            && (project.actor(&marker.actor).is_none() || project.issue(&marker.issue).is_none())
        {
            self.selected_marker = None;
        }
        let article_gone = match &self.article {
            Some(id) => project.article(id).is_none(),
            None => !project.articles.is_empty(),
        };
        if article_gone {
            self.article = project.articles.first().map(|article| article.id.clone());
            effects.push(Effect::ArticleShown);
        }
        if project.coder(&self.coder).is_none()
            && let Some(coder) = project.coders.first()
        {
            self.coder = coder.id.clone();
        }
    }

    /// Puts a freshly opened document in place, keeping the view switches (other coders shown,
    /// spread bars) and the coder when the new project has them.
    fn reset_view_for_new_document(&mut self, previous_coder: Option<CoderId>) {
        let project = &self.document.project;
        self.coder = previous_coder
            .filter(|coder| project.coder(coder).is_some())
            .or_else(|| project.coders.first().map(|coder| coder.id.clone()))
            .unwrap_or_else(|| presets::DEFAULT_CODER_ID.into());
        self.article = project.articles.first().map(|article| article.id.clone());
        self.selected_marker = None;
        self.keep_article_filter_valid();
    }

    /// "Russia on Ukraine's NATO membership", for undo labels and messages.
    fn marker_name(&self, key: &PositionKey) -> String {
        let project = self.project();
        let actor = project.actor(&key.actor).map_or_else(|| key.actor.to_string(), |a| a.name.clone());
        let issue = project.issue(&key.issue).map_or_else(|| key.issue.to_string(), |i| i.name.clone());
        crate::model::marker_label(&actor, &issue)
    }
}

#[cfg(test)]
mod tests;
