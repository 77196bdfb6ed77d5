//! The open project with its file path, unsaved-changes state and undo/redo history.
//!
//! History stores inverse edits (see `model::edit`), never copies of the project, so undo costs the
//! same at any project size. Consecutive edits that share a coalescing key (one drag of one marker)
//! form a single undo step.

use std::path::PathBuf;

use crate::model::{Edit, Project};

/// Groups edits into one undo step: every edit sent during one drag carries the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CoalesceKey(pub u64);

#[derive(Debug)]
struct Step {
    /// Applying this undoes the step.
    inverse: Edit,
    coalesce: Option<CoalesceKey>,
}

/// A project being worked on.
#[derive(Debug)]
pub struct Document {
    /// The data.
    pub project: Project,
    /// Where it was loaded from or last saved to; `None` for a new, never-saved project.
    pub path: Option<PathBuf>,
    undo: Vec<Step>,
    redo: Vec<Edit>,
    /// Bumped on every change (edit, undo, redo): caches compare it to know when to rebuild.
    generation: u64,
    /// `generation` at the last save or load.
    saved_generation: u64,
}

/// How many undo steps are kept.
const MAX_UNDO_STEPS: usize = 1000;

impl Document {
    /// Wraps a project; `path` is where it lives on disk, if anywhere.
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        Self { project, path, undo: Vec::new(), redo: Vec::new(), generation: 1, saved_generation: 1 }
    }

    /// Applies an edit as a new undo step, or merges it into the previous step when both carry
    /// the same coalescing key.
    pub fn apply(&mut self, edit: Edit, coalesce: Option<CoalesceKey>) {
        let inverse = edit.apply(&mut self.project);
        if inverse.is_noop() {
            return;
        }
        self.generation += 1;
        self.redo.clear();
        let merges = coalesce.is_some() && self.undo.last().is_some_and(|step| step.coalesce == coalesce);
        if merges {
            // The earlier inverse already restores the state before the whole drag.
            return;
        }
        self.undo.push(Step { inverse, coalesce });
        if self.undo.len() > MAX_UNDO_STEPS {
            self.undo.remove(0);
        }
    }

    /// Undoes the last step; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let redo = step.inverse.apply(&mut self.project);
        self.redo.push(redo);
        self.generation += 1;
        true
    }

    /// Redoes the last undone step; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(edit) = self.redo.pop() else {
            return false;
        };
        let inverse = edit.apply(&mut self.project);
        self.undo.push(Step { inverse, coalesce: None });
        self.generation += 1;
        true
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// True when the project has changed since it was loaded or last saved (an undo back to the
    /// saved state still counts as a change).
    pub fn is_dirty(&self) -> bool {
        self.generation != self.saved_generation
    }

    /// Records that the project was just saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_generation = self.generation;
    }

    /// Changes on every edit, undo and redo.
    pub fn generation(&self) -> u64 {
        self.generation
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
            document.apply(Edit::set_position(Position::new(&key(), value)), drag);
        }
        assert_eq!(document.project.positions.get(&key()).map(|p| p.value), Some(30.0));
        assert!(document.undo());
        assert!(document.project.positions.get(&key()).is_none());
        assert!(!document.can_undo());
        assert!(document.redo());
        assert_eq!(document.project.positions.get(&key()).map(|p| p.value), Some(30.0));
    }

    #[test]
    fn dirty_tracks_saves_and_undo() {
        let mut document = Document::new(presets::new_project("t"), Some("x.stancemap".into()));
        assert!(!document.is_dirty());
        document.apply(Edit::SetTitle("u".into()), None);
        assert!(document.is_dirty());
        document.mark_saved("x.stancemap".into());
        assert!(!document.is_dirty());
        document.undo();
        assert!(document.is_dirty());
    }
}
