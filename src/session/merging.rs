//! Project → Merge project…: another coder's copy merged into the open project as one undo step.
//! Conflicts are shown for the user to choose; the side not chosen goes to the Trash.

use std::path::Path;

use super::Session;
use super::effect::{DialogRequest, Effect};
use crate::io::project_file;
use crate::model::diff::edit_between;
use crate::model::merge::merge;

impl Session {
    pub(super) fn merge_from(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        let other = match project_file::load_project(path) {
            Ok(project) => project,
            Err(error) => {
                effects.push(Effect::DialogError(error.to_string()));
                return;
            }
        };
        let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        self.merge_project(&other, file, effects);
    }

    /// Merges `other` (read from `file`) into the open project; returns false when conflicts wait
    /// for the user to choose in a dialog.
    pub(super) fn merge_project(
        &mut self,
        other: &crate::model::Project,
        file: String,
        effects: &mut Vec<Effect>,
    ) -> bool {
        let merged = merge(self.project(), other);
        if merged.conflicts.is_empty() {
            self.finish_merge(&merged.resolve(&[]), &file, effects);
            return true;
        }
        let conflicts = merged.conflicts.iter().map(|conflict| conflict.describe()).collect();
        effects.push(Effect::ShowDialog(DialogRequest::MergeConflicts { file: file.clone(), conflicts }));
        self.pending_merge = Some((Box::new(merged), file));
        false
    }

    pub(super) fn resolve_merge(&mut self, take_theirs: &[bool], effects: &mut Vec<Effect>) {
        let Some((merged, file)) = self.pending_merge.take() else { return };
        self.finish_merge(&merged.resolve(take_theirs), &file, effects);
    }

    fn finish_merge(&mut self, merged: &crate::model::Project, file: &str, effects: &mut Vec<Effect>) {
        let edit = edit_between(self.project(), merged);
        let changed = self.commit(edit, None, format!("merge {file}"), effects);
        effects.push(Effect::CloseDialog);
        let message = if changed { format!("Merged {file}") } else { format!("{file} adds nothing new") };
        effects.push(Effect::Info(message));
    }
}
