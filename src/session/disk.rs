//! Keeping the open project and its file in step with the world outside: a file changed by another
//! program (another coder, a `git pull`) is noticed and never silently overwritten, and autosaved
//! work found after a crash is offered back.
//!
//! Both paths end in one undoable step, so neither version is lost: reloading the file's version is
//! an edit from mine to theirs (Undo brings mine back), and recovering autosaved work is an edit
//! from the file's version to the recovered one (Undo goes back to the file).

use super::command::Command;
use super::effect::{DialogRequest, Effect};
use super::{Document, Session};
use crate::io::project_file;
use crate::model::diff::{difference, edit_between};

impl Session {
    pub(super) fn apply_disk_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        match command {
            Command::CheckDisk if self.changed_on_disk_unanswered() => self.ask_about_disk_change(false, effects),
            Command::ReloadFromDisk => self.reload_from_disk(effects),
            Command::KeepMine { then_save } => {
                self.ignored_disk_stamp = None;
                self.document.accept_disk_version();
                effects.push(Effect::CloseDialog);
                if then_save {
                    self.apply_into(Command::Save, effects);
                }
            }
            Command::OfferRecovery { project, key, written_at } => {
                self.offer_recovery(*project, key, written_at, effects)
            }
            Command::Recover => {
                let Some((recovered, key)) = self.offered_recovery.take() else { return };
                let edit = edit_between(self.project(), &recovered);
                self.commit(edit, None, "recover autosaved work".into(), effects);
                effects.push(Effect::CloseDialog);
                effects.push(Effect::Info("Recovered the autosaved work; it is not saved to the file yet.".into()));
                effects.push(Effect::RecoveryDone { key, discarded: false });
            }
            Command::DiscardRecovery => {
                if let Some((_, key)) = self.offered_recovery.take() {
                    effects.push(Effect::RecoveryDone { key, discarded: true });
                }
                effects.push(Effect::CloseDialog);
            }
            _ => {}
        }
    }

    /// True when the file changed on disk and the user has not yet said what to do about this version.
    pub(super) fn changed_on_disk_unanswered(&self) -> bool {
        let current = self.document.path.as_deref().and_then(crate::session::document::FileStamp::of);
        self.document.changed_on_disk() && current != self.ignored_disk_stamp
    }

    pub(super) fn ask_about_disk_change(&mut self, saving: bool, effects: &mut Vec<Effect>) {
        let Some(path) = self.document.path.clone() else { return };
        // Asked once per version of the file: closing the question keeps mine until it changes again.
        self.ignored_disk_stamp = crate::session::document::FileStamp::of(&path);
        effects.push(Effect::ShowDialog(DialogRequest::ChangedOnDisk { path, saving }));
    }

    fn reload_from_disk(&mut self, effects: &mut Vec<Effect>) {
        let Some(path) = self.document.path.clone() else { return };
        let loaded = match crate::io::team::team_root(&path).filter(|_| self.document.team.is_some()) {
            Some(root) => crate::io::team::load_team(&root)
                .map(|(project, folder)| (project, Some(folder)))
                .map_err(|e| e.to_string()),
            None => project_file::load_project(&path).map(|project| (project, None)).map_err(|e| e.to_string()),
        };
        let theirs = match loaded {
            Ok((project, folder)) => {
                if folder.is_some() {
                    self.document.team = folder;
                }
                project
            }
            Err(error) => {
                effects.push(Effect::DialogError(error.clone()));
                effects.push(Effect::Error(error));
                return;
            }
        };
        let edit = edit_between(self.project(), &theirs);
        self.commit(edit, None, "reload from disk".into(), effects);
        // The project now is the file's version: clean, and Undo brings mine back as a change.
        self.document.mark_saved(path.clone());
        self.ignored_disk_stamp = None;
        effects.push(Effect::CloseDialog);
        effects.push(Effect::Info(format!("Reloaded {} (Undo brings your version back)", path.display())));
    }

    fn offer_recovery(
        &mut self,
        recovered: crate::model::Project,
        key: String,
        written_at: String,
        effects: &mut Vec<Effect>,
    ) {
        let summary = difference(self.project(), &recovered);
        if summary.is_empty() {
            // Nothing to offer: the file already has everything.
            effects.push(Effect::RecoveryDone { key, discarded: true });
            return;
        }
        let name = Document::new(recovered.clone(), self.document.path.clone()).display_name();
        // "2026-12-01 10:01" reads better than the stored RFC 3339 time.
        let written_at = written_at.get(..16).map_or_else(|| written_at.clone(), |minutes| minutes.replace('T', " "));
        self.offered_recovery = Some((Box::new(recovered), key));
        effects.push(Effect::ShowDialog(DialogRequest::Recover { name, written_at, summary: summary.describe() }));
    }
}
