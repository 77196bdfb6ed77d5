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
}
