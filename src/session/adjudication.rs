//! Adjudication seen from the session: settling a unit on which coders disagree as a consensus
//! position (who decided and when are stamped here, never by a widget), and taking it back. Each is
//! one undo step; the coders' own positions are never touched.

use super::Session;
use super::effect::Effect;
use crate::model::consensus::{Consensus, Unit};
use crate::model::{CoderId, Edit};

impl Session {
    /// The unit's name for undo labels and messages: "Russia on NATO in <article title>".
    fn unit_label(&self, unit: &Unit) -> Option<String> {
        let project = self.project();
        let actor = project.actor(&unit.actor)?;
        let issue = project.issue(&unit.issue)?;
        project.article(&unit.article)?;
        Some(crate::model::marker_label(&actor.name, &issue.name))
    }

    pub(super) fn settle_unit(
        &mut self,
        unit: Unit,
        value: f64,
        from_coder: Option<CoderId>,
        note: String,
        effects: &mut Vec<Effect>,
    ) {
        let Some(label) = self.unit_label(&unit) else { return };
        let Some(issue) = self.project().issue(&unit.issue) else { return };
        if !value.is_finite() {
            return;
        }
        let value = issue.clamp(value);
        let consensus = Consensus {
            value,
            decided_by: self.coder.clone(),
            decided_at: crate::model::now_rfc3339(),
            from_coder,
            note: note.trim().to_owned(),
            ..Consensus::default()
        };
        let edit = Edit::SetConsensus { unit, consensus: Some(Box::new(consensus)) };
        self.commit(edit, None, format!("settle {label}"), effects);
    }

    pub(super) fn unsettle_unit(&mut self, unit: &Unit, effects: &mut Vec<Effect>) {
        if crate::model::consensus::find(&self.project().consensus, unit).is_none() {
            return;
        }
        let label = self.unit_label(unit).unwrap_or_else(|| "a unit".into());
        let edit = Edit::SetConsensus { unit: unit.clone(), consensus: None };
        self.commit(edit, None, format!("take back the decision on {label}"), effects);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::consensus::{Unit, find};
    use crate::session::{Command, Session};

    fn session() -> (Session, Unit) {
        let options = crate::model::generate::GenerateOptions {
            articles: 20,
            actors: 6,
            issues: 3,
            positions: 600,
            coders: 3,
            seed: 3,
        };
        let project = crate::model::generate::generate(&options).expect("a corpus");
        let position = project.positions.iter().find(|p| p.article.is_some()).cloned().expect("a coded unit");
        let unit = Unit::of_position(&position).expect("an article");
        let mut session = Session::new(project, None);
        let lead = session.project().coders[0].id.clone();
        session.apply(Command::SetCoder(lead));
        (session, unit)
    }

    #[test]
    fn settling_stamps_who_and_when_and_undo_takes_it_back() {
        let (mut session, unit) = session();
        let positions_before = session.project().positions.clone();
        session.apply(Command::SettleUnit {
            unit: unit.clone(),
            value: 1e9,
            from_coder: None,
            note: " agreed in the meeting ".into(),
        });
        let consensus = find(&session.project().consensus, &unit).expect("settled").clone();
        let issue = session.project().issue(&unit.issue).unwrap();
        assert_eq!(consensus.value, issue.bounds().1, "clamped to the scale");
        assert_eq!(&consensus.decided_by, session.coder());
        assert!(consensus.decided_at.starts_with("20"), "{}", consensus.decided_at);
        assert_eq!(consensus.note, "agreed in the meeting");
        assert_eq!(session.project().positions, positions_before, "the coders' positions stay as coded");
        assert!(session.document().undo_label().is_some_and(|label| label.starts_with("settle ")));
        session.apply(Command::Undo);
        assert!(session.project().consensus.is_empty());
        session.apply(Command::Redo);
        session.apply(Command::UnsettleUnit(unit.clone()));
        assert!(session.project().consensus.is_empty());
        let unknown = Unit { actor: "nobody".into(), ..unit };
        session.apply(Command::SettleUnit { unit: unknown, value: 1.0, from_coder: None, note: String::new() });
        assert!(session.project().consensus.is_empty(), "an unknown actor settles nothing");
    }

    #[test]
    fn restoring_a_deleted_actor_issue_or_article_from_the_trash_brings_back_its_consensus() {
        let (mut session, unit) = session();
        let settle = |session: &mut Session| {
            session.apply(Command::SettleUnit {
                unit: unit.clone(),
                value: 2.0,
                from_coder: None,
                note: "met on it".into(),
            });
            find(&session.project().consensus, &unit).expect("settled").clone()
        };
        let decided = settle(&mut session);
        let deletions = [
            Command::DeleteActor(unit.actor.clone()),
            Command::DeleteIssue(unit.issue.clone()),
            Command::DeleteArticle(unit.article.clone()),
        ];
        for delete in deletions {
            let what = format!("{delete:?}");
            session.apply(delete);
            assert!(find(&session.project().consensus, &unit).is_none(), "{what} takes the consensus");
            let item = session.project().trash.last().expect("in the Trash").clone();
            assert_eq!(item.consensus, std::slice::from_ref(&decided), "{what}: kept in the Trash");
            session.apply(Command::RestoreFromTrash(item.id.clone()));
            assert_eq!(find(&session.project().consensus, &unit), Some(&decided), "{what}: restored with it");
            // The Trash keeps it in the project file too.
            let bytes = serde_json::to_vec(&item).expect("a Trash item serializes");
            let read: crate::model::TrashItem = serde_json::from_slice(&bytes).expect("and reads back");
            assert_eq!(read.consensus, item.consensus);
        }
    }

    #[test]
    fn the_queue_computed_in_the_background_after_a_decision_equals_a_full_recomputation() {
        use crate::analysis::adjudication::{Queue, QueueOptions};
        use crate::session::derived::{Derived, DerivedNeeds};
        let (mut session, _) = session();
        // Always on a worker, as at corpus scale.
        let mut derived = Derived::with_inline_below(0);
        for show_settled in [false, true] {
            let options = QueueOptions { threshold: 2.0, show_settled, ..QueueOptions::default() };
            let needs = DerivedNeeds { adjudication: Some(options.clone()), ..DerivedNeeds::default() };
            derived.wait_for_background(&session, &needs);
            let (generation, shown_options, queue) = derived.adjudication_queue().expect("a queue");
            assert_eq!((generation, shown_options), (session.generation(), &options));
            assert_eq!(queue, &Queue::of(session.project(), &options));
            let entry = queue.entries.iter().find(|entry| !entry.settled).expect("a unit to settle").clone();
            let before = queue.clone();
            session.apply(Command::SettleUnit {
                unit: entry.unit.clone(),
                value: 1.0,
                from_coder: None,
                note: String::new(),
            });
            derived.refresh(&session, &needs);
            let (generation, _, shown) = derived.adjudication_queue().expect("the last queue");
            if generation != session.generation() {
                assert_eq!(shown, &before, "the last queue is shown until the new one arrives");
            }
            derived.wait_for_background(&session, &needs);
            let (generation, _, after) = derived.adjudication_queue().expect("a queue");
            assert_eq!(generation, session.generation());
            assert_eq!(after, &Queue::of(session.project(), &options), "equal to a full recomputation");
            assert_eq!(after.settled, before.settled + 1);
            assert_eq!(after.entries.iter().any(|e| e.unit == entry.unit), show_settled);
        }
    }
}
