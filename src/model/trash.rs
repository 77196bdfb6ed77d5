//! The Trash: what the user deleted, kept in the project file so it can be restored — also after
//! saving and reopening. Deleting an article, actor, issue, coder or position moves it here together
//! with the positions that went with it; restoring puts them back where they were.

use serde::{Deserialize, Serialize};

use super::consensus::Consensus;
use super::{Actor, Article, Coder, Edit, Issue, Position, Project};

/// One deletion, restorable as a whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrashItem {
    /// Unique within the project's Trash.
    pub id: String,
    /// When it was deleted (RFC 3339).
    pub deleted_at: String,
    /// What was deleted.
    pub contents: Trashed,
    /// The positions that were deleted with it (for a position: just that one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<Position>,
    /// Where the item stood in its list, so restoring puts it back there.
    pub index: usize,
    /// The consensus positions (adjudication) that were deleted with it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consensus: Vec<Consensus>,
}

impl Default for TrashItem {
    fn default() -> Self {
        Self {
            id: String::new(),
            deleted_at: String::new(),
            contents: Trashed::Positions,
            positions: Vec::new(),
            index: 0,
            consensus: Vec::new(),
        }
    }
}

/// What a Trash item holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trashed {
    /// An article (its positions are in `TrashItem::positions`).
    Article {
        /// The article.
        article: Box<Article>,
    },
    /// An actor.
    Actor {
        /// The actor.
        actor: Box<Actor>,
    },
    /// An issue.
    Issue {
        /// The issue.
        issue: Box<Issue>,
    },
    /// A coder.
    Coder {
        /// The coder.
        coder: Coder,
    },
    /// Only positions (a cleared position).
    Positions,
}

impl TrashItem {
    /// "article “Talks in Riyadh”", "actor Russia", "position Russia on NATO membership".
    pub fn describe(&self, project: &Project) -> String {
        match &self.contents {
            Trashed::Article { article } => {
                let title = if article.title.trim().is_empty() { "Untitled article" } else { article.title.trim() };
                format!("article “{title}”")
            }
            Trashed::Actor { actor } => format!("actor {}", actor.name),
            Trashed::Issue { issue } => format!("issue {}", issue.name),
            Trashed::Coder { coder } => format!("coder {}", coder.name),
            Trashed::Positions => match self.positions.as_slice() {
                [position] => {
                    let actor = project.actor(&position.actor).map_or(position.actor.as_str(), |a| a.name.as_str());
                    let issue = project.issue(&position.issue).map_or(position.issue.as_str(), |i| i.name.as_str());
                    format!("position {}", super::marker_label(actor, issue))
                }
                positions => format!("{} positions", positions.len()),
            },
        }
    }

    /// The edit that puts the item and its positions back (without taking it out of the Trash).
    /// Positions whose actor, issue, article or coder no longer exists stay in the Trash's copy
    /// only; the count of those is returned with the edit.
    pub fn restore_edit(&self, project: &Project) -> (Edit, usize) {
        let mut edits = Vec::new();
        let mut restored = project.clone();
        let mut put = |edit: Edit, edits: &mut Vec<Edit>| {
            edit.clone().apply(&mut restored);
            edits.push(edit);
        };
        match &self.contents {
            Trashed::Article { article } => {
                put(Edit::PutArticle { index: self.index, article: article.clone() }, &mut edits);
            }
            Trashed::Actor { actor } => put(Edit::PutActor { index: self.index, actor: actor.clone() }, &mut edits),
            Trashed::Issue { issue } => put(Edit::PutIssue { index: self.index, issue: issue.clone() }, &mut edits),
            Trashed::Coder { coder } => put(Edit::PutCoder { index: self.index, coder: coder.clone() }, &mut edits),
            Trashed::Positions => {}
        }
        let mut skipped = 0;
        for position in &self.positions {
            let fits = restored.actor(&position.actor).is_some()
                && restored.issue(&position.issue).is_some()
                && restored.coder(&position.coder).is_some()
                && position.article.as_ref().is_none_or(|id| restored.article(id).is_some());
            if fits {
                edits.push(Edit::set_position(position.clone()));
            } else {
                skipped += 1;
            }
        }
        for consensus in &self.consensus {
            let fits = restored.actor(&consensus.actor).is_some()
                && restored.issue(&consensus.issue).is_some()
                && restored.article(&consensus.article).is_some();
            if fits {
                let unit = consensus.unit();
                edits.push(Edit::SetConsensus { unit, consensus: Some(Box::new(consensus.clone())) });
            } else {
                skipped += 1;
            }
        }
        (Edit::Batch(edits), skipped)
    }
}

/// A Trash id not yet used in `project`.
pub fn new_trash_id(project: &Project) -> String {
    let mut number = project.trash.len() + 1;
    loop {
        let id = format!("t{number}");
        if !project.trash.iter().any(|item| item.id == id) {
            return id;
        }
        number += 1;
    }
}
