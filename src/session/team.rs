//! A team folder seen from the session: another coder's file changed on disk (a `git pull`, a cloud
//! drive's sync) and their work is taken in without a restart, as one undoable step. The file
//! format and what each file holds are `io::team`'s; noticing the change is the app's watcher's.

use std::path::Path;

use super::Session;
use super::effect::Effect;
use crate::model::wording::count;
use crate::model::{Coder, DoneMark, Edit, PositionKey};

impl Session {
    /// Takes in the coding file at `path` of the open team folder: that coder's positions and done
    /// marks become the file's. The current coder's own file is theirs to write, never read back.
    pub(super) fn coding_file_changed(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        let Some(folder) = &self.document.team else { return };
        if !path.starts_with(folder.root.join(crate::io::team::CODERS_FOLDER)) {
            return;
        }
        if crate::io::team::coder_file_path(&folder.root, &self.coder) == path {
            return;
        }
        if !path.exists() {
            // A coder's file removed (a branch switch): their work stays until they say otherwise.
            return;
        }
        let part = match crate::io::team::read_coder_part(path) {
            Ok(part) => part,
            Err(error) => {
                effects.push(Effect::Error(format!("Could not take in another coder's work: {error}")));
                return;
            }
        };
        let coder = part.coder.id.clone();
        if coder == self.coder {
            return;
        }
        // What they took back since their file was last read is offered again, unless someone
        // else still rejects it.
        let (unrejected, undismissed) =
            self.document.team.as_ref().map(|folder| folder.withdrawn(&part)).unwrap_or_default();
        if let Some(folder) = self.document.team.as_mut() {
            folder.took_in(&part);
        }
        let project = self.project();
        let mut edits = Vec::new();
        let name = project.coder(&coder).map(|c| c.name.clone()).unwrap_or_else(|| {
            if part.coder.name.trim().is_empty() { coder.to_string() } else { part.coder.name.clone() }
        });
        if project.coder(&coder).is_none() {
            let coder = Coder { id: coder.clone(), name: name.clone() };
            edits.push(Edit::PutCoder { index: project.coders.len(), coder });
        }
        let mut updated = 0;
        let theirs: std::collections::HashSet<PositionKey> = part.positions.iter().map(|p| p.key()).collect();
        for position in project.positions.iter().filter(|position| position.coder == coder) {
            if !theirs.contains(&position.key()) {
                edits.push(Edit::SetPosition { key: position.key(), position: None });
                updated += 1;
            }
        }
        for position in part.positions {
            let known = project.actor(&position.actor).is_some()
                && project.issue(&position.issue).is_some()
                && position.article.as_ref().is_none_or(|id| project.article(id).is_some());
            if !known {
                // Coded against a codebook this copy does not have yet: it comes with that codebook.
                continue;
            }
            if project.positions.get(&position.key()) != Some(&position) {
                edits.push(Edit::set_position(position));
                updated += 1;
            }
        }
        let done: std::collections::HashSet<_> = part.done_articles.iter().collect();
        for mark in project.done_articles.iter().filter(|mark| mark.coder == coder) {
            if !done.contains(&mark.article) {
                edits.push(Edit::SetDone { mark: mark.clone(), done: false });
            }
        }
        for article in &part.done_articles {
            if !project.is_done(article, &coder) && project.article(article).is_some() {
                edits.push(Edit::SetDone {
                    mark: DoneMark { article: article.clone(), coder: coder.clone() },
                    done: true,
                });
            }
        }
        // Suggestions they rejected and names they dismissed are offered to nobody from now on.
        let mut rejected = 0;
        for suggestion in &part.rejected_suggestions {
            if !project.rejected_suggestions.contains(suggestion) {
                edits.push(Edit::SetRejected { rejection: Box::new(suggestion.clone()), rejected: true });
                rejected += 1;
            }
        }
        let mut offered_again = 0;
        for suggestion in unrejected {
            if project.rejected_suggestions.contains(&suggestion) {
                edits.push(Edit::SetRejected { rejection: Box::new(suggestion), rejected: false });
                offered_again += 1;
            }
        }
        for name in &undismissed {
            if let Some(known) = project.dismissed_candidates.iter().find(|known| known.eq_ignore_ascii_case(name)) {
                edits.push(Edit::SetDismissedCandidate { name: known.clone(), dismissed: false });
                offered_again += 1;
            }
        }
        let mut dismissed = 0;
        for candidate in &part.dismissed_candidates {
            if !project.dismissed_candidates.iter().any(|known| known.eq_ignore_ascii_case(candidate)) {
                edits.push(Edit::SetDismissedCandidate { name: candidate.clone(), dismissed: true });
                dismissed += 1;
            }
        }
        if edits.is_empty() {
            return;
        }
        let was_clean = !self.document.is_dirty();
        self.commit(Edit::Batch(edits), None, format!("take in {name}'s coding"), effects);
        if was_clean {
            self.document.mark_clean();
        }
        let mut line = format!("{name}: {} updated", count(updated, "position", "positions"));
        if rejected > 0 {
            line.push_str(&format!(", {} rejected", count(rejected, "suggestion", "suggestions")));
        }
        if dismissed > 0 {
            line.push_str(&format!(", {} dismissed", count(dismissed, "candidate name", "candidate names")));
        }
        if offered_again > 0 {
            line.push_str(&format!(
                ", {} offered again",
                count(offered_again, "suggestion or name", "suggestions or names")
            ));
        }
        effects.push(Effect::Info(line));
    }
}
