//! Merging one actor into another (a duplicate found late, "Kremlin" coded as its own actor): the
//! merged actor's name and aliases become aliases of the one kept, its positions move over, actors
//! that rolled up into it roll up into the kept one, and rejected suggestions follow. One undo step
//! restores everything exactly.
//!
//! Where both actors have a position with the same issue, article and coder, the kept actor's
//! position stays and the merged one's goes to the Trash (restorable), and the user is told so.

use super::Session;
use super::effect::{DialogRequest, Effect};
use crate::model::wording::count as plural;
use crate::model::{Actor, ActorId, Edit, Position, Project, RejectedSuggestion, Trashed};

/// What a merge moves, for the confirmation and the message afterwards.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorMergePlan {
    /// Names that become aliases of the kept actor (the merged actor's name and aliases).
    pub aliases: Vec<String>,
    /// Positions that move to the kept actor.
    pub moved: Vec<Position>,
    /// The merged actor's positions where the kept actor already has one: they go to the Trash.
    pub collisions: Vec<Position>,
    /// Actors that rolled up into the merged actor.
    pub members: Vec<ActorId>,
}

impl ActorMergePlan {
    /// What `from` merging into `into` does in `project`, or `None` if either is missing or they
    /// are the same actor.
    pub fn new(project: &Project, from: &ActorId, into: &ActorId) -> Option<Self> {
        let (source, target) = (project.actor(from)?, project.actor(into)?);
        if from == into {
            return None;
        }
        let mut aliases = Vec::new();
        for name in source.names() {
            let taken = target.names().chain(aliases.iter().map(String::as_str)).any(|n| n.eq_ignore_ascii_case(name));
            if !taken {
                aliases.push(name.to_owned());
            }
        }
        let (mut moved, mut collisions) = (Vec::new(), Vec::new());
        for position in project.positions.iter().filter(|position| &position.actor == from) {
            let mut key = position.key();
            key.actor = into.clone();
            if project.positions.get(&key).is_some() {
                collisions.push(position.clone());
            } else {
                moved.push(position.clone());
            }
        }
        let members = project
            .actors
            .iter()
            .filter(|actor| actor.parent.as_ref() == Some(from) && &actor.id != into)
            .map(|actor| actor.id.clone())
            .collect();
        Some(Self { aliases, moved, collisions, members })
    }

    /// "3 aliases and 12 positions move to United States" (and what goes to the Trash).
    pub fn describe(&self, into: &str) -> String {
        let mut text = format!(
            "{} and {} move to {into}",
            plural(self.aliases.len(), "alias", "aliases"),
            plural(self.moved.len(), "position", "positions")
        );
        if !self.members.is_empty() {
            text.push_str(&format!(
                "; {} now {} up into {into}",
                plural(self.members.len(), "member", "members"),
                if self.members.len() == 1 { "rolls" } else { "roll" }
            ));
        }
        if !self.collisions.is_empty() {
            text.push_str(&format!(
                "; {} where {into} already has one {} to the Trash",
                plural(self.collisions.len(), "position", "positions"),
                if self.collisions.len() == 1 { "goes" } else { "go" }
            ));
        }
        text
    }
}

impl Session {
    /// Asks for confirmation, saying what the merge moves.
    pub(super) fn ask_merge_actors(&mut self, from: &ActorId, into: &ActorId, effects: &mut Vec<Effect>) {
        let project = self.project();
        let Some(plan) = ActorMergePlan::new(project, from, into) else {
            effects.push(Effect::DialogError("Choose another actor to merge into.".into()));
            return;
        };
        let (Some(source), Some(target)) = (project.actor(from), project.actor(into)) else { return };
        effects.push(Effect::ShowDialog(DialogRequest::ConfirmMergeActors {
            from: from.clone(),
            into: into.clone(),
            from_name: source.name.clone(),
            into_name: target.name.clone(),
            summary: plan.describe(&target.name),
        }));
    }

    /// Merges `from` into `into` as one undo step.
    pub(super) fn merge_actors(&mut self, from: &ActorId, into: &ActorId, effects: &mut Vec<Effect>) {
        let project = self.project();
        let (Some(plan), Some(source), Some(target)) =
            (ActorMergePlan::new(project, from, into), project.actor(from), project.actor(into))
        else {
            return;
        };
        let mut edits = Vec::new();
        let mut kept = Actor { aliases: target.aliases.clone(), ..target.clone() };
        kept.aliases.extend(plan.aliases.iter().cloned());
        if kept.parent.as_ref() == Some(from) {
            // The kept actor rolled up into the merged one: it takes over that one's parent.
            kept.parent = source.parent.clone().filter(|parent| parent != into);
        }
        edits.push(Edit::PutActor { index: 0, actor: Box::new(kept) });
        for member in &plan.members {
            if let Some(actor) = project.actor(member) {
                edits.push(Edit::PutActor {
                    index: 0,
                    actor: Box::new(Actor { parent: Some(into.clone()), ..actor.clone() }),
                });
            }
        }
        for position in plan.moved.iter().chain(&plan.collisions) {
            edits.push(Edit::clear_position(position.key()));
        }
        for position in &plan.moved {
            edits.push(Edit::set_position(Position { actor: into.clone(), ..position.clone() }));
        }
        edits.extend(rekeyed_rejections(&project.rejected_suggestions, from, into));
        let index = project.actors.iter().position(|actor| &actor.id == from).unwrap_or(0);
        // The merged actor's settled disagreements go with it (its coders' positions moved).
        edits.extend(Edit::clear_consensus(project, |consensus| &consensus.actor == from));
        edits.push(Edit::RemoveActor(from.clone()));
        if !plan.collisions.is_empty() {
            let contents = Trashed::Positions;
            edits.push(self.trash_item(contents, index, plan.collisions.clone()));
        }
        let label = format!("merge {} into {}", source.name, target.name);
        let message = format!("Merged {} into {}: {}.", source.name, target.name, plan.describe(&target.name));
        // A selected marker of the merged actor becomes the kept actor's marker on that issue.
        if let Some(marker) = self.selected_marker.as_mut().filter(|marker| &marker.actor == from) {
            marker.actor = into.clone();
        }
        effects.push(Effect::CloseDialog);
        if self.commit(Edit::Batch(edits), None, label, effects) {
            effects.push(Effect::Info(message));
        }
    }
}

/// The edits that move `from`'s rejected suggestions to `into` (dropping ones `into` has too),
/// keeping the list's order: everything from the first of `from`'s is taken out (last first) and
/// put back re-keyed, so the inverse puts back exactly the original order.
fn rekeyed_rejections(rejections: &[RejectedSuggestion], from: &ActorId, into: &ActorId) -> Vec<Edit> {
    let Some(first) = rejections.iter().position(|rejection| &rejection.actor == from) else { return Vec::new() };
    let (kept, tail) = rejections.split_at(first);
    let mut edits: Vec<Edit> = tail
        .iter()
        .rev()
        .map(|rejection| Edit::SetRejected { rejection: Box::new(rejection.clone()), rejected: false })
        .collect();
    let mut new_tail: Vec<RejectedSuggestion> = Vec::new();
    for rejection in tail {
        let mut moved = rejection.clone();
        if &moved.actor == from {
            moved.actor = into.clone();
        }
        if !kept.contains(&moved) && !new_tail.contains(&moved) {
            new_tail.push(moved);
        }
    }
    edits.extend(
        new_tail.into_iter().map(|rejection| Edit::SetRejected { rejection: Box::new(rejection), rejected: true }),
    );
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, PositionKey, presets};
    use crate::session::Command;

    /// The sample with a "Kremlin" actor that has two positions, one where Russia has one too, a
    /// member, and a rejected suggestion.
    fn with_duplicate() -> Session {
        let mut project = presets::sample_project();
        let russia = project.find_actor_by_name("Russia").unwrap().clone();
        let kremlin = Actor {
            id: "kremlin".into(),
            name: "Kremlin Office".into(),
            aliases: vec!["Galuzin".into(), "Putin".into()],
            ..Actor::default()
        };
        project.actors.insert(1, kremlin);
        project.actors.push(Actor {
            id: "peskov-team".into(),
            name: "Peskov team".into(),
            parent: Some("kremlin".into()),
            ..Actor::default()
        });
        let existing = project.positions.iter().find(|p| p.actor == russia.id).unwrap().clone();
        project.positions.insert(Position { actor: "kremlin".into(), value: 3.0, ..existing.clone() });
        project.positions.insert(Position {
            actor: "kremlin".into(),
            issue: "ukraine-in-talks".into(),
            article: None,
            ..existing.clone()
        });
        project.rejected_suggestions.push(RejectedSuggestion {
            article: project.articles[0].id.clone(),
            actor: "kremlin".into(),
            issue: "nato-membership".into(),
            start: 0,
            end: 10,
        });
        Session::new(project, None)
    }

    #[test]
    fn merge_moves_everything_and_undo_restores_it_exactly() {
        let mut session = with_duplicate();
        let original = session.project().clone();
        let plan = ActorMergePlan::new(session.project(), &"kremlin".into(), &"russia".into()).unwrap();
        assert_eq!(plan.aliases, vec!["Kremlin Office".to_owned(), "Galuzin".to_owned()], "Putin is Russia's already");
        assert_eq!((plan.moved.len(), plan.collisions.len(), plan.members.len()), (1, 1, 1));
        assert_eq!(
            plan.describe("Russia"),
            "2 aliases and 1 position move to Russia; 1 member now rolls up into Russia; \
             1 position where Russia already has one goes to the Trash"
        );
        let effects = session.apply(Command::MergeActors { from: "kremlin".into(), into: "russia".into() });
        assert!(effects.iter().any(|e| matches!(e, Effect::Info(m) if m.contains("to the Trash"))), "{effects:?}");
        let project = session.project();
        assert!(project.actor(&"kremlin".into()).is_none());
        let russia = project.actor(&"russia".into()).unwrap();
        assert!(russia.aliases.ends_with(&["Kremlin Office".to_owned(), "Galuzin".to_owned()]));
        assert_eq!(project.actor(&"peskov-team".into()).unwrap().parent, Some("russia".into()));
        assert!(project.positions.iter().all(|p| p.actor != "kremlin".into()));
        let moved = PositionKey { actor: "russia".into(), ..plan.moved[0].key() };
        assert_eq!(project.positions.get(&moved).map(|p| p.value), Some(plan.moved[0].value));
        let kept = PositionKey { actor: "russia".into(), ..plan.collisions[0].key() };
        assert_ne!(project.positions.get(&kept).map(|p| p.value), Some(3.0), "Russia's own position stays");
        assert_eq!(project.trash.last().unwrap().positions, plan.collisions);
        assert_eq!(project.rejected_suggestions.last().unwrap().actor, "russia".into());
        assert_eq!(session.document().undo_label(), Some("merge Kremlin Office into Russia"));
        session.apply(Command::Undo);
        assert_eq!(session.project(), &original);
    }

    #[test]
    fn an_actor_cannot_merge_into_itself() {
        let mut session = with_duplicate();
        let effects = session.apply(Command::AskMergeActors { from: "russia".into(), into: "russia".into() });
        assert!(matches!(&effects[..], [Effect::DialogError(_)]), "{effects:?}");
        let effects = session.apply(Command::AskMergeActors { from: "kremlin".into(), into: "russia".into() });
        assert!(
            matches!(&effects[..], [Effect::ShowDialog(DialogRequest::ConfirmMergeActors { summary, .. })]
                if summary.starts_with("2 aliases and 1 position move to Russia")),
            "{effects:?}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// On generated projects (with members and rejections), merging any actor into any other
        /// and undoing gives the project back exactly, and the merge leaves nothing behind.
        #[test]
        fn merge_then_undo_is_the_original(seed in 0u64..1_000, from in 0usize..8, into in 0usize..8) {
            use crate::model::generate::{GenerateOptions, generate};
            let options = GenerateOptions { articles: 6, actors: 8, issues: 3, positions: 200, coders: 2, seed };
            let mut project = generate(&options).unwrap();
            project.actors[(from + 1) % 8].parent = Some(project.actors[from].id.clone());
            project.actors[from].parent = Some(project.actors[into].id.clone());
            let article = project.articles[0].id.clone();
            for actor in [from, into] {
                project.rejected_suggestions.push(RejectedSuggestion {
                    article: article.clone(),
                    actor: project.actors[actor].id.clone(),
                    issue: project.issues[0].id.clone(),
                    start: 0,
                    end: 5,
                });
            }
            let (from_id, into_id) = (project.actors[from].id.clone(), project.actors[into].id.clone());
            let original = project.clone();
            let mut session = Session::new(project, None);
            let plan = ActorMergePlan::new(session.project(), &from_id, &into_id);
            session.apply(Command::MergeActors { from: from_id.clone(), into: into_id.clone() });
            let merged = session.project();
            match plan {
                None => proptest::prop_assert_eq!(merged, &original),
                Some(plan) => {
                    proptest::prop_assert!(merged.actor(&from_id).is_none());
                    proptest::prop_assert!(merged.positions.iter().all(|p| p.actor != from_id));
                    proptest::prop_assert!(merged.actors.iter().all(|a| a.parent.as_ref() != Some(&from_id)));
                    proptest::prop_assert!(merged.actors.iter().all(|a| a.parent.as_ref() != Some(&a.id)));
                    proptest::prop_assert!(merged.rejected_suggestions.iter().all(|r| r.actor != from_id));
                    proptest::prop_assert_eq!(merged.positions.len(), original.positions.len() - plan.collisions.len());
                    session.apply(Command::Undo);
                    proptest::prop_assert_eq!(session.project(), &original);
                }
            }
        }
    }
}
