//! The open project with its file path, unsaved-changes state and undo/redo history.
//!
//! History stores inverse edits (see `model::edit`), never copies of the project, so undo costs the
//! same at any project size. Consecutive edits that share a coalescing key (one drag of one marker)
//! form a single undo step. Every step carries a label ("move Russia on …") for the Edit menu.
//!
//! "Unsaved" means the history is not at the step that was saved: every step has a state number,
//! and the document remembers the number current at the last save, so undoing back to it is clean.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::{Edit, Project};

/// Source of generation and shape numbers, shared by every document of the process: a number is
/// never given twice, so a cache keyed by one can never mistake another document (or an earlier
/// state of this one) for the one it was made from.
static NEXT_STAMP: AtomicU64 = AtomicU64::new(1);

/// A number no document has had.
fn fresh_stamp() -> u64 {
    NEXT_STAMP.fetch_add(1, Ordering::Relaxed)
}

/// Groups edits into one undo step: every edit sent during one gesture carries the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CoalesceKey(pub u64);

/// One undoable step: the edit that reverses it, its label and the state it leads to.
#[derive(Debug)]
struct Step {
    /// Applying this undoes the step.
    inverse: Edit,
    coalesce: Option<CoalesceKey>,
    label: String,
    /// The state number after this step.
    state: u64,
}

/// An undone step waiting to be redone.
#[derive(Debug)]
struct RedoStep {
    edit: Edit,
    label: String,
    state: u64,
}

/// A project being worked on.
#[derive(Debug)]
pub struct Document {
    /// The data.
    pub project: Project,
    /// Where it was loaded from or last saved to; `None` for a new, never-saved project.
    pub path: Option<PathBuf>,
    undo: Vec<Step>,
    redo: Vec<RedoStep>,
    /// New on every change (edit, undo, redo) and for every document: caches compare it to know
    /// when to rebuild.
    generation: u64,
    /// New whenever an actor, issue, article or coder may have been added, removed or moved (and
    /// for every document): results indexed by position in those lists are valid only for the
    /// shape they were computed for.
    shape: u64,
    /// New on every change except moves of existing positions (see [`Document::tally`]).
    tally: u64,
    /// State number of the project as it is now (0: as loaded).
    state: u64,
    /// State number at the last save or load; `None` when that state is no longer reachable.
    saved_state: Option<u64>,
    /// Source of fresh state numbers.
    next_state: u64,
    /// The state before the oldest kept undo step (it moves when old steps are dropped).
    base_state: u64,
    /// The file as it was when loaded or last saved, to notice another program changing it.
    disk_stamp: Option<FileStamp>,
    /// For a team project: the folder (the `path` is then its team file), and what its files held.
    pub team: Option<crate::io::team::TeamFolder>,
}

/// What identifies a version of a file on disk: its modification time and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
}

impl FileStamp {
    /// The stamp of the file at `path`, if it exists.
    pub fn of(path: &std::path::Path) -> Option<Self> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Self { modified: metadata.modified().ok(), len: metadata.len() })
    }
}

/// How many undo steps are kept.
const MAX_UNDO_STEPS: usize = 1000;

impl Document {
    /// Wraps a project; `path` is where it lives on disk, if anywhere.
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        Self {
            project,
            path,
            undo: Vec::new(),
            redo: Vec::new(),
            generation: fresh_stamp(),
            shape: fresh_stamp(),
            tally: fresh_stamp(),
            state: 0,
            saved_state: Some(0),
            next_state: 1,
            base_state: 0,
            disk_stamp: None,
            team: None,
        }
        .stamped()
    }

    /// Records the file's current stamp as the version this document knows.
    fn stamped(mut self) -> Self {
        self.disk_stamp = self.path.as_deref().and_then(FileStamp::of);
        self
    }

    /// The stamp of the file version this document was loaded from or last saved to.
    pub fn disk_stamp(&self) -> Option<FileStamp> {
        self.disk_stamp
    }

    /// Takes the file's current version as the one this document knows (after the user chose to
    /// keep their own version over a changed file).
    pub fn accept_disk_version(&mut self) {
        self.disk_stamp = self.path.as_deref().and_then(FileStamp::of);
    }

    /// True when the file on disk is no longer the version this document was loaded from or saved
    /// to (another program, another coder or a `git pull` changed it).
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, self.disk_stamp) {
            (Some(path), Some(known)) => FileStamp::of(path) != Some(known),
            _ => false,
        }
    }

    fn fresh_state(&mut self) -> u64 {
        let state = self.next_state;
        self.next_state += 1;
        state
    }

    /// Applies an edit as a new undo step labelled `label`, or merges it into the previous step
    /// when both carry the same coalescing key. Returns false when the edit changed nothing.
    pub fn apply(&mut self, edit: Edit, coalesce: Option<CoalesceKey>, label: impl Into<String>) -> bool {
        let reshapes = edit.reshapes();
        let moves = only_moves(&edit, &self.project);
        let inverse = edit.apply(&mut self.project);
        if inverse.is_noop() {
            return false;
        }
        self.changed(reshapes, moves);
        self.redo.clear();
        let state = self.fresh_state();
        self.state = state;
        if let Some(last) = self.undo.last_mut()
            && coalesce.is_some()
            && last.coalesce == coalesce
        {
            // The earlier inverse already restores the state before the whole gesture.
            last.state = state;
            return true;
        }
        self.undo.push(Step { inverse, coalesce, label: label.into(), state });
        if self.undo.len() > MAX_UNDO_STEPS {
            let dropped = self.undo.remove(0);
            self.base_state = dropped.state;
        }
        true
    }

    /// Undoes the last step; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let reshapes = step.inverse.reshapes();
        let moves = only_moves(&step.inverse, &self.project);
        let redo = step.inverse.apply(&mut self.project);
        self.redo.push(RedoStep { edit: redo, label: step.label, state: step.state });
        self.state = self.undo.last().map_or(self.base_state, |last| last.state);
        self.changed(reshapes, moves);
        true
    }

    /// Redoes the last undone step; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let reshapes = step.edit.reshapes();
        let moves = only_moves(&step.edit, &self.project);
        let inverse = step.edit.apply(&mut self.project);
        self.undo.push(Step { inverse, coalesce: None, label: step.label, state: step.state });
        self.state = step.state;
        self.changed(reshapes, moves);
        true
    }

    /// Takes a new generation (and a new shape when the change may have reshaped the lists, and
    /// a new tally unless it only moved positions).
    fn changed(&mut self, reshaped: bool, only_moved: bool) {
        self.generation = fresh_stamp();
        if reshaped {
            self.shape = fresh_stamp();
        }
        if !only_moved {
            self.tally = fresh_stamp();
        }
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What Undo would undo, e.g. "move Russia on Ukraine's NATO membership".
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|step| step.label.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|step| step.label.as_str())
    }

    /// True when the project differs from the file it was loaded from or last saved to (or was
    /// never saved and has changed). Undoing back to the saved state makes it clean again.
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.state)
    }

    /// Takes the project as it is now as the saved one, without touching what is known of the file
    /// on disk: another coder's saved work taken in from their file is no unsaved change of mine.
    pub fn mark_clean(&mut self) {
        self.saved_state = Some(self.state);
    }

    /// Records that the project was just saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_state = Some(self.state);
        self.accept_disk_version();
    }

    /// Changes on every edit, undo and redo; no two documents share one.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes whenever the actor, issue, article or coder lists may have changed (see
    /// [`Edit::reshapes`]); no two documents share one.
    pub fn shape(&self) -> u64 {
        self.shape
    }

    /// Changes with every change except one that only moves positions that exist (a drag: new
    /// values, confidence or salience, the same keys, each still with or still without a quote),
    /// and for every document. Results that count what is coded — which articles, actors and
    /// issues each coder coded, which positions lack a quote, done marks and assignments — key on
    /// it, so that a drag does not start them again.
    pub fn tally(&self) -> u64 {
        self.tally
    }

    /// Name for the window title: the project title, else the file name, else "Untitled".
    pub fn display_name(&self) -> String {
        if !self.project.title.trim().is_empty() {
            return self.project.title.trim().to_owned();
        }
        self.path
            .as_ref()
            .and_then(|path| path.file_stem())
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled".to_owned())
    }
}

/// True when `edit`, applied to `project`, only replaces positions that exist with positions of
/// the same key that still have (or still lack) a quote (see [`Document::tally`]).
fn only_moves(edit: &Edit, project: &Project) -> bool {
    match edit {
        Edit::SetPosition { key, position: Some(position) } => {
            project.positions.get(key).is_some_and(|old| old.evidence.is_empty() == position.evidence.is_empty())
        }
        // Each step is compared with the project before the batch: a step that would change a
        // position's quote or key from the state before counts, whatever the steps around it do.
        Edit::Batch(edits) => edits.iter().all(|edit| only_moves(edit, project)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Position, PositionKey, presets};

    fn key() -> PositionKey {
        PositionKey {
            issue: "nato-membership".into(),
            actor: "russia".into(),
            article: None,
            coder: presets::DEFAULT_CODER_ID.into(),
        }
    }

    #[test]
    fn a_drag_is_one_undo_step() {
        let mut document = Document::new(presets::new_project("t"), None);
        let drag = Some(CoalesceKey(7));
        for value in [10.0, 20.0, 30.0] {
            document.apply(Edit::set_position(Position::new(&key(), value)), drag, "move");
        }
        assert_eq!(document.project.positions.get(&key()).map(|p| p.value), Some(30.0));
        assert_eq!(document.undo_label(), Some("move"));
        assert!(document.undo());
        assert!(document.project.positions.get(&key()).is_none());
        assert!(!document.can_undo());
        assert_eq!(document.redo_label(), Some("move"));
        assert!(document.redo());
        assert_eq!(document.project.positions.get(&key()).map(|p| p.value), Some(30.0));
    }

    #[test]
    fn undo_back_to_the_saved_state_is_clean() {
        let mut document = Document::new(presets::new_project("t"), Some("x.stancemap".into()));
        assert!(!document.is_dirty());
        document.apply(Edit::SetTitle("u".into()), None, "rename");
        assert!(document.is_dirty());
        document.undo();
        assert!(!document.is_dirty(), "back at the loaded state");
        document.redo();
        assert!(document.is_dirty());
        document.mark_saved("x.stancemap".into());
        assert!(!document.is_dirty());
        document.undo();
        assert!(document.is_dirty());
        document.redo();
        assert!(!document.is_dirty(), "redo back to the saved state");
    }

    #[test]
    fn a_new_edit_after_undo_leaves_the_saved_state_for_good() {
        let mut document = Document::new(presets::new_project("t"), Some("x.stancemap".into()));
        document.apply(Edit::SetTitle("a".into()), None, "rename");
        document.mark_saved("x.stancemap".into());
        document.undo();
        document.apply(Edit::SetTitle("b".into()), None, "rename");
        assert!(document.is_dirty());
        assert!(!document.can_redo());
    }

    #[test]
    fn continuing_a_gesture_after_saving_is_a_change() {
        let mut document = Document::new(presets::new_project("t"), Some("x.stancemap".into()));
        let drag = Some(CoalesceKey(1));
        document.apply(Edit::set_position(Position::new(&key(), 10.0)), drag, "move");
        document.mark_saved("x.stancemap".into());
        document.apply(Edit::set_position(Position::new(&key(), 20.0)), drag, "move");
        assert!(document.is_dirty());
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_a_step() {
        let mut document = Document::new(presets::new_project("t"), None);
        assert!(!document.apply(Edit::Batch(Vec::new()), None, "nothing"));
        assert!(!document.can_undo());
        assert!(!document.is_dirty());
    }

    /// A drag keeps the tally (what is coded stays the same); placing, removing, quoting, and
    /// undoing any of them takes a new one.
    #[test]
    fn only_moving_existing_positions_keeps_the_tally() {
        let mut document = Document::new(presets::sample_project(), None);
        let existing = document.project.positions.iter().next().cloned().expect("the sample has positions");
        let tally = document.tally();
        let mut moved = existing.clone();
        moved.value = (moved.value + 10.0) % 100.0;
        assert!(document.apply(Edit::set_position(moved), None, "Move"));
        assert_eq!(document.tally(), tally, "a move");
        assert!(document.undo());
        assert_eq!(document.tally(), tally, "its undo");
        assert!(document.redo());
        assert_eq!(document.tally(), tally, "its redo");

        let mut quoted = existing.clone();
        quoted.evidence = if existing.evidence.is_empty() {
            vec![crate::model::Evidence { start: 0, end: 4, ..Default::default() }]
        } else {
            Vec::new()
        };
        assert!(document.apply(Edit::set_position(quoted), None, "Quote"));
        let after_quote = document.tally();
        assert_ne!(after_quote, tally, "a quote added or taken away");
        assert!(document.undo());
        assert_ne!(document.tally(), after_quote, "and its undo");

        let mut placed = existing.clone();
        placed.coder = "someone-else".into();
        let before = document.tally();
        assert!(document.apply(Edit::set_position(placed), None, "Place"));
        assert_ne!(document.tally(), before, "a position placed");
        let before = document.tally();
        assert!(document.undo());
        assert_ne!(document.tally(), before, "its undo removes it");
        let before = document.tally();
        assert!(document.apply(Edit::SetTitle("Renamed".into()), None, "Rename"));
        assert_ne!(document.tally(), before, "any other edit");
    }

    #[test]
    fn a_new_document_never_shares_a_generation_with_the_one_it_replaces() {
        // Caches are keyed by generation: the same number for another project would serve the old
        // project's facts for the new one.
        let mut first = Document::new(presets::new_project("a"), None);
        first.apply(Edit::SetTitle("b".into()), None, "rename");
        let second = Document::new(presets::new_project("c"), None);
        assert_ne!(first.generation(), second.generation());
        assert_ne!(Document::new(Project::default(), None).generation(), second.generation());
    }
}
