//! Nothing deleted is gone: deletions move to the project's Trash (kept in the file), from which
//! they are restored; emptying the Trash asks first and is itself undoable. Also here: renaming and
//! deleting coders, and each position's history of changes (who, when, old → new value, quotes).

use super::command::Command;
use super::effect::{DialogRequest, Effect};
use super::{CoalesceKey, Session};
use crate::model::trash::new_trash_id;
use crate::model::wording::count as count_of;
use crate::model::{
    ActorId, ArticleId, CoderId, Edit, HistoryEntry, IssueId, Position, PositionKey, TrashItem, Trashed,
};

impl Session {
    pub(super) fn apply_trash_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        match command {
            Command::ShowTrash => effects.push(Effect::ShowDialog(DialogRequest::Trash)),
            Command::RestoreFromTrash(id) => self.restore(&id, effects),
            Command::AskEmptyTrash if !self.project().trash.is_empty() => {
                let count = self.project().trash.len();
                effects.push(Effect::ShowDialog(DialogRequest::ConfirmEmptyTrash { count }));
            }
            Command::EmptyTrash => {
                let edits: Vec<Edit> =
                    self.project().trash.iter().map(|item| Edit::RemoveTrash(item.id.clone())).collect();
                let count = edits.len();
                if count > 0 {
                    let label = format!("empty the Trash ({})", count_of(count, "item", "items"));
                    self.commit(Edit::Batch(edits), None, label, effects);
                }
                effects.push(Effect::CloseDialog);
            }
            Command::AskRenameCoder(id) => {
                if let Some(coder) = self.project().coder(&id) {
                    effects.push(Effect::ShowDialog(DialogRequest::RenameCoder { id, name: coder.name.clone() }));
                }
            }
            Command::RenameCoder { id, name } => self.rename_coder(&id, &name, effects),
            Command::DeleteCoder(id) => self.delete_coder(&id, effects),
            _ => {}
        }
    }

    /// A Trash item for `contents` deleted from place `index`, with `positions`.
    pub(super) fn trash_item(&self, contents: Trashed, index: usize, positions: Vec<Position>) -> Edit {
        let item = TrashItem {
            id: new_trash_id(self.project()),
            deleted_at: crate::model::now_rfc3339(),
            contents,
            positions,
            index,
            consensus: Vec::new(),
        };
        Edit::PutTrash { index: self.project().trash.len(), item: Box::new(item) }
    }

    /// `removal` (a batch that deletes something) plus moving it to the Trash, as one edit; the
    /// consensus positions the removal takes go to the Trash with it, so restoring brings them back.
    fn to_trash(&self, removal: Edit, contents: Trashed, index: usize, positions: Vec<Position>) -> Edit {
        let mut edits = match removal {
            Edit::Batch(edits) => edits,
            edit => vec![edit],
        };
        let consensus: Vec<_> = edits
            .iter()
            .filter_map(|edit| match edit {
                Edit::SetConsensus { unit, consensus: None } => {
                    crate::model::consensus::find(&self.project().consensus, unit).cloned()
                }
                _ => None,
            })
            .collect();
        let mut item = self.trash_item(contents, index, positions);
        if let Edit::PutTrash { item, .. } = &mut item {
            item.consensus = consensus;
        }
        edits.push(item);
        Edit::Batch(edits)
    }

    pub(super) fn trash_position(&mut self, key: PositionKey) {
        let Some(position) = self.project().positions.get(&key).cloned() else { return };
        let label = format!("clear {}", self.marker_name(&key));
        let edit = self.to_trash(Edit::clear_position(key), Trashed::Positions, 0, vec![position]);
        self.commit(edit, None, label, &mut Vec::new());
    }

    pub(super) fn trash_actor(&mut self, id: &ActorId, effects: &mut Vec<Effect>) {
        let project = self.project();
        let Some(index) = project.actors.iter().position(|a| &a.id == id) else { return };
        let actor = project.actors[index].clone();
        let positions: Vec<Position> = project.positions.iter().filter(|p| &p.actor == id).cloned().collect();
        let label = format!("delete actor {}", actor.name);
        let edit =
            self.to_trash(Edit::remove_actor(project, id), Trashed::Actor { actor: Box::new(actor) }, index, positions);
        effects.push(Effect::CloseDialog);
        self.commit(edit, None, label, effects);
    }

    pub(super) fn trash_issue(&mut self, id: &IssueId, effects: &mut Vec<Effect>) {
        let project = self.project();
        let Some(index) = project.issues.iter().position(|i| &i.id == id) else { return };
        let issue = project.issues[index].clone();
        let positions: Vec<Position> = project.positions.on_issue(id).cloned().collect();
        let label = format!("delete issue {}", issue.name);
        let edit =
            self.to_trash(Edit::remove_issue(project, id), Trashed::Issue { issue: Box::new(issue) }, index, positions);
        effects.push(Effect::CloseDialog);
        self.commit(edit, None, label, effects);
    }

    pub(super) fn trash_article(&mut self, id: &ArticleId, effects: &mut Vec<Effect>) {
        let project = self.project();
        let Some(index) = project.articles.iter().position(|a| &a.id == id) else { return };
        let article = project.articles[index].clone();
        let positions: Vec<Position> =
            project.positions.iter().filter(|p| p.article.as_ref() == Some(id)).cloned().collect();
        let title = if article.title.trim().is_empty() {
            "Untitled article".to_owned()
        } else {
            article.title.trim().to_owned()
        };
        let label = format!("delete article “{title}”");
        let contents = Trashed::Article { article: Box::new(article) };
        let edit = self.to_trash(Edit::remove_article(project, id), contents, index, positions);
        self.commit(edit, None, label, effects);
        effects.push(Effect::Info(format!("Moved “{title}” to the Trash (Project menu, Trash… restores it)")));
    }

    fn delete_coder(&mut self, id: &CoderId, effects: &mut Vec<Effect>) {
        let project = self.project();
        let Some(index) = project.coders.iter().position(|c| &c.id == id) else { return };
        if project.coders.len() == 1 {
            effects.push(Effect::Error("The only coder cannot be deleted; add another coder first.".into()));
            return;
        }
        let coder = project.coders[index].clone();
        let positions: Vec<Position> = project.positions.iter().filter(|p| &p.coder == id).cloned().collect();
        let mut removal: Vec<Edit> = positions.iter().map(|p| Edit::clear_position(p.key())).collect();
        removal.push(Edit::RemoveCoder(id.clone()));
        let label = format!("delete coder {}", coder.name);
        let edit = self.to_trash(Edit::Batch(removal), Trashed::Coder { coder }, index, positions);
        effects.push(Effect::CloseDialog);
        self.commit(edit, None, label, effects);
    }

    fn rename_coder(&mut self, id: &CoderId, name: &str, effects: &mut Vec<Effect>) {
        let name = name.trim();
        let project = self.project();
        let Some(index) = project.coders.iter().position(|c| &c.id == id) else { return };
        if name.is_empty() {
            effects.push(Effect::DialogError("The coder needs a name.".into()));
            return;
        }
        if project.coders.iter().any(|c| &c.id != id && c.name.eq_ignore_ascii_case(name)) {
            effects.push(Effect::DialogError(format!("There is already a coder called “{name}”.")));
            return;
        }
        let mut coder = project.coders[index].clone();
        let label = format!("rename coder {} to {name}", coder.name);
        coder.name = name.to_owned();
        effects.push(Effect::CloseDialog);
        self.commit(Edit::PutCoder { index, coder }, None, label, effects);
    }

    fn restore(&mut self, id: &str, effects: &mut Vec<Effect>) {
        let project = self.project();
        let Some(item) = project.trash.iter().find(|item| item.id == id) else { return };
        let what = item.describe(project);
        let (restore, skipped) = item.restore_edit(project);
        let edit = Edit::Batch(vec![Edit::RemoveTrash(id.to_owned()), restore]);
        self.commit(edit, None, format!("restore {what}"), effects);
        let note = if skipped > 0 {
            let positions = count_of(skipped, "position", "positions");
            format!(" ({positions} left out: their actor, issue, article or coder is gone)")
        } else {
            String::new()
        };
        effects.push(Effect::Info(format!("Restored {what}{note}")));
    }
}

/// Records a change of `position` in its history: a new entry, or — while one gesture (a drag)
/// goes on — the same entry updated, so a drag is one line of history as it is one undo step.
pub(super) fn record_change(
    position: &mut Position,
    by: &CoderId,
    from: Option<f64>,
    continues: bool,
    quotes: (Vec<String>, Vec<String>),
) {
    let at = crate::model::now_rfc3339();
    let (added, removed) = quotes;
    if continues
        && let Some(last) = position.history.last_mut()
        && added.is_empty()
        && removed.is_empty()
    {
        last.to = position.value;
        last.at = at;
        return;
    }
    position.history.push(HistoryEntry {
        at,
        by: by.clone(),
        from,
        to: position.value,
        evidence_added: added,
        evidence_removed: removed,
    });
}

/// True when an edit with `coalesce` continues the step that produced `last`.
pub(super) fn continues_gesture(
    last: Option<&(CoalesceKey, PositionKey)>,
    coalesce: Option<CoalesceKey>,
    key: &PositionKey,
) -> bool {
    matches!((last, coalesce), (Some((last_key, last_position)), Some(now)) if *last_key == now && last_position == key)
}
