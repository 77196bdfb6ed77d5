//! Reading an article for one actor: the actor chosen in the actor list and a cursor through its
//! mentions (F3 / Shift+F3), which runs on past the last mention into the next article that
//! mentions the actor (and says so).
//!
//! Mentions are found with the same [`MentionFinder`] as the reader's highlighting (every name
//! and alias, possessives, exact-case acronyms), so the cursor lands on what the reader tints. The
//! finder is built when a step is asked for: it is cheap, and a step is one key press.

use super::Session;
use super::effect::Effect;
use crate::analysis::mentions::{MentionFinder, actor_spans};
use crate::model::{ActorId, ArticleId, CoderId, PositionKey, Project};

/// `coder`'s article positions that quote nothing ([`crate::model::Position::lacks_evidence`]),
/// in article order, then issue and actor order.
pub fn positions_without_evidence(project: &Project, coder: &CoderId) -> Vec<PositionKey> {
    fn order<'a>(ids: impl Iterator<Item = &'a str>) -> std::collections::HashMap<&'a str, usize> {
        ids.enumerate().map(|(index, id)| (id, index)).collect()
    }
    let articles = order(project.articles.iter().map(|a| a.id.as_str()));
    let issues = order(project.issues.iter().map(|i| i.id.as_str()));
    let actors = order(project.actors.iter().map(|a| a.id.as_str()));
    let mut keys: Vec<(usize, usize, usize, PositionKey)> = project
        .positions
        .iter()
        .filter(|position| &position.coder == coder && position.lacks_evidence())
        .filter_map(|position| {
            let article = *articles.get(position.article.as_ref()?.as_str())?;
            let issue = issues.get(position.issue.as_str()).copied().unwrap_or(usize::MAX);
            let actor = actors.get(position.actor.as_str()).copied().unwrap_or(usize::MAX);
            Some((article, issue, actor, position.key()))
        })
        .collect();
    keys.sort_unstable_by_key(|(article, issue, actor, _)| (*article, *issue, *actor));
    keys.into_iter().map(|(.., key)| key).collect()
}

/// Where the mention cursor stands: the `index`-th of `total` mentions of `actor` in `article`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionCursor {
    /// The actor whose mentions are stepped through.
    pub actor: ActorId,
    /// The article the mention is in.
    pub article: ArticleId,
    /// Which mention (0-based, in reading order).
    pub index: usize,
    /// How many mentions of the actor the article has.
    pub total: usize,
    /// The mention's byte range in the article text.
    pub span: (usize, usize),
}

/// The actor chosen for stepping through mentions, and the cursor.
#[derive(Debug, Default)]
pub(super) struct ReadingState {
    actor: Option<ActorId>,
    cursor: Option<MentionCursor>,
}

impl Session {
    /// The actor chosen in the actor list, whose mentions F3 / Shift+F3 step through.
    pub fn mention_actor(&self) -> Option<&ActorId> {
        self.reading.actor.as_ref().filter(|id| self.project().actor(id).is_some())
    }

    /// The mention cursor, when it stands in the current article on the chosen actor.
    pub fn mention_cursor(&self) -> Option<&MentionCursor> {
        self.reading
            .cursor
            .as_ref()
            .filter(|cursor| Some(&cursor.article) == self.article() && Some(&cursor.actor) == self.mention_actor())
    }

    /// Chooses the actor whose mentions are stepped through (`None`: none); the cursor starts over.
    pub(super) fn select_mention_actor(&mut self, actor: Option<ActorId>) {
        self.reading.actor = actor.filter(|id| self.project().actor(id).is_some());
        self.reading.cursor = None;
    }

    /// Moves to the next (`step > 0`) or previous mention of the chosen actor: within the current
    /// article, then on to the next (or previous) article that mentions the actor, wrapping
    /// around the project.
    pub(super) fn step_mention(&mut self, step: isize, from: Option<(usize, usize)>, effects: &mut Vec<Effect>) {
        let Some(actor_id) = self.mention_actor().cloned() else {
            effects.push(Effect::Info(
                "Click an actor in the actor list first; F3 then steps through its mentions.".into(),
            ));
            return;
        };
        let project = self.project();
        let Some(actor_index) = project.actors.iter().position(|actor| actor.id == actor_id) else { return };
        let actor_name = project.actors[actor_index].name.clone();
        let forward = step >= 0;
        let finder = MentionFinder::new(&project.actors, &project.issues);
        // Most articles of a large corpus never name the actor: one automaton of its names alone
        // skips them quickly (a 1,000-article scan in milliseconds, not tens of them).
        let quick = MentionFinder::new(std::slice::from_ref(&project.actors[actor_index]), &[]);
        let spans_in = |index: usize| {
            let text = &project.articles[index].text;
            if quick.may_mention(text) { actor_spans(&finder.find(text), actor_index) } else { Vec::new() }
        };
        let current = self.article().and_then(|id| project.articles.iter().position(|article| &article.id == id));

        if let Some(current) = current {
            let spans = spans_in(current);
            // From the reader's selection, else from the mention last stepped to.
            let anchor = from.or_else(|| self.mention_cursor().map(|cursor| cursor.span));
            let next = match (anchor, forward) {
                (None, true) => (!spans.is_empty()).then_some(0),
                (None, false) => spans.len().checked_sub(1),
                (Some((_, end)), true) => spans.iter().position(|span| span.0 >= end),
                (Some((start, _)), false) => spans.iter().rposition(|span| span.1 <= start),
            };
            if let Some(index) = next {
                self.put_mention_cursor(actor_id, current, index, &spans, effects);
                return;
            }
        }
        let count = project.articles.len();
        let start = current.unwrap_or(if forward { count.saturating_sub(1) } else { 0 });
        for offset in 1..=count {
            let index = if forward { (start + offset) % count } else { (start + count * offset - offset) % count };
            let spans = spans_in(index);
            if spans.is_empty() {
                continue;
            }
            let mention = if forward { 0 } else { spans.len() - 1 };
            let title = article_title(&project.articles[index].title).to_owned();
            let notice = if Some(index) == current {
                format!("No other article mentions {actor_name}: back to this article's {} mention.", ordinal(forward))
            } else {
                let wrapped = if forward { index < start } else { index > start };
                let direction = match (forward, wrapped) {
                    (true, false) => "next",
                    (false, false) => "previous",
                    (true, true) => "first",
                    (false, true) => "last",
                };
                format!(
                    "No more mentions of {actor_name} in this article: {direction} article that mentions it, “{title}”."
                )
            };
            if Some(index) != current {
                self.article = Some(self.project().articles[index].id.clone());
                effects.push(Effect::ArticleShown);
            }
            effects.push(Effect::Info(notice));
            self.put_mention_cursor(actor_id, index, mention, &spans, effects);
            return;
        }
        effects.push(Effect::Info(format!("No article mentions {actor_name}.")));
    }

    fn put_mention_cursor(
        &mut self,
        actor: ActorId,
        article_index: usize,
        index: usize,
        spans: &[(usize, usize)],
        effects: &mut Vec<Effect>,
    ) {
        let Some(&span) = spans.get(index) else { return };
        let article = self.project().articles[article_index].id.clone();
        self.reading.cursor = Some(MentionCursor { actor, article, index, total: spans.len(), span });
        effects.push(Effect::Reveal { start: span.0, end: span.1 });
    }
}

fn ordinal(forward: bool) -> &'static str {
    if forward { "first" } else { "last" }
}

fn article_title(title: &str) -> &str {
    let title = title.trim();
    if title.is_empty() { "Untitled article" } else { title }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, presets};
    use crate::session::Command;

    /// The sample's article, one that never names Russia, then one that names it twice.
    fn three_articles() -> Session {
        let mut project = presets::sample_project();
        let article = |id: &str, title: &str, text: &str| Article {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            ..Article::default()
        };
        project.articles.push(article("quiet", "Quiet", "Nothing about anyone here."));
        project.articles.push(article("later", "Later", "Moscow replied. Then Putin's aide spoke."));
        Session::new(project, None)
    }

    fn russia_mentions_in_first(session: &Session) -> Vec<(usize, usize)> {
        let project = session.project();
        let finder = MentionFinder::new(&project.actors, &project.issues);
        let russia = project.actors.iter().position(|a| a.id.as_str() == "russia").unwrap();
        actor_spans(&finder.find(&project.articles[0].text), russia)
    }

    fn reveals(effects: &[Effect]) -> Vec<(usize, usize)> {
        effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Reveal { start, end } => Some((*start, *end)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn positions_without_a_quote_are_listed_in_article_order_until_quoted() {
        let mut session = three_articles();
        let coder = session.coder().clone();
        let key = |session: &Session, actor: &str, issue: &str| session.position_key(&actor.into(), &issue.into());
        session.apply(Command::SelectArticle("later".into()));
        let later = key(&session, "russia", "nato-membership");
        session.apply(Command::SetPosition { key: later.clone(), value: 10.0, gesture: crate::session::Gesture::Once });
        let first = session.project().articles[0].id.clone();
        session.apply(Command::SelectArticle(first));
        let unquoted = positions_without_evidence(session.project(), &coder);
        assert_eq!(unquoted.last(), Some(&later), "the later article's come last: {unquoted:?}");
        let first_article = &session.project().articles[0].id;
        for listed in &unquoted {
            let position = session.project().positions.get(listed).expect("exists");
            assert!(position.lacks_evidence() && position.coder == coder);
        }
        assert!(unquoted.iter().rev().skip(1).all(|k| k.article.as_ref() == Some(first_article)));
        // Quoting takes it off the list; an overall judgement never lacks a quote.
        session.apply(Command::SelectArticle("later".into()));
        session.apply(Command::SelectMarker(Some(crate::session::MarkerRef {
            actor: "russia".into(),
            issue: "nato-membership".into(),
        })));
        session.apply(Command::AddEvidence { start: 0, end: 6 });
        assert!(!positions_without_evidence(session.project(), &coder).contains(&later));
        let overall = crate::model::Position::new(&PositionKey { article: None, ..later }, 5.0);
        assert!(!overall.lacks_evidence());
    }

    #[test]
    fn stepping_needs_an_actor() {
        let mut session = three_articles();
        let effects = session.apply(Command::StepMention { step: 1, from: None });
        assert!(matches!(&effects[..], [Effect::Info(text)] if text.contains("Click an actor")));
    }

    #[test]
    fn f3_walks_the_mentions_then_moves_on_to_the_next_article_that_mentions_the_actor() {
        let mut session = three_articles();
        let spans = russia_mentions_in_first(&session);
        assert!(spans.len() > 3, "the seed article names Russia often");
        session.apply(Command::SelectMentionActor(Some("russia".into())));
        for (index, span) in spans.iter().enumerate() {
            let effects = session.apply(Command::StepMention { step: 1, from: None });
            assert_eq!(reveals(&effects), vec![*span]);
            let cursor = session.mention_cursor().expect("a cursor in this article");
            assert_eq!((cursor.index, cursor.total), (index, spans.len()));
        }
        // Past the last one: the article that names Russia next ("Quiet" does not).
        let effects = session.apply(Command::StepMention { step: 1, from: None });
        assert_eq!(session.article().map(ArticleId::as_str), Some("later"));
        assert!(effects.contains(&Effect::ArticleShown));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Info(text) if text.contains("next article") && text.contains("Later")))
        );
        assert_eq!(reveals(&effects), vec![(0, 6)], "Moscow");
        let effects = session.apply(Command::StepMention { step: 1, from: None });
        assert_eq!(reveals(&effects), vec![(21, 26)], "Putin (possessive)");
        assert_eq!(session.mention_cursor().map(|c| (c.index, c.total)), Some((1, 2)));
        // Shift+F3 goes back, and from the first mention back into the sample article's last.
        session.apply(Command::StepMention { step: -1, from: None });
        let effects = session.apply(Command::StepMention { step: -1, from: None });
        assert_eq!(session.article(), Some(&session.project().articles[0].id));
        assert_eq!(reveals(&effects), vec![*spans.last().unwrap()]);
    }

    #[test]
    fn a_step_starts_from_the_readers_selection() {
        let mut session = three_articles();
        let spans = russia_mentions_in_first(&session);
        session.apply(Command::SelectMentionActor(Some("russia".into())));
        // A selection between the second and third mentions: next is the third, previous the second.
        let between = (spans[1].1, spans[1].1 + 1);
        let effects = session.apply(Command::StepMention { step: 1, from: Some(between) });
        assert_eq!(reveals(&effects), vec![spans[2]]);
        assert_eq!(session.mention_cursor().map(|c| c.index), Some(2));
        let effects = session.apply(Command::StepMention { step: -1, from: Some(between) });
        assert_eq!(reveals(&effects), vec![spans[1]]);
    }

    #[test]
    fn forward_past_the_last_article_wraps_to_the_first() {
        let mut session = three_articles();
        session.apply(Command::SelectArticle("later".into()));
        session.apply(Command::SelectMentionActor(Some("russia".into())));
        session.apply(Command::StepMention { step: 1, from: None });
        session.apply(Command::StepMention { step: 1, from: None });
        let effects = session.apply(Command::StepMention { step: 1, from: None });
        assert_eq!(session.article(), Some(&session.project().articles[0].id));
        assert!(effects.iter().any(|e| matches!(e, Effect::Info(text) if text.contains("first article"))));
        assert_eq!(reveals(&effects), vec![russia_mentions_in_first(&session)[0]]);
    }

    #[test]
    fn an_actor_no_article_mentions_is_said_so() {
        let mut project = presets::sample_project();
        project.actors.push(crate::model::Actor { id: "chad".into(), name: "Chad".into(), ..Default::default() });
        let mut session = Session::new(project, None);
        session.apply(Command::SelectMentionActor(Some("chad".into())));
        let effects = session.apply(Command::StepMention { step: 1, from: None });
        assert_eq!(effects, vec![Effect::Info("No article mentions Chad.".into())]);
        assert!(session.mention_cursor().is_none());
    }

    #[test]
    fn choosing_another_actor_starts_over() {
        let mut session = three_articles();
        session.apply(Command::SelectMentionActor(Some("russia".into())));
        session.apply(Command::StepMention { step: 1, from: None });
        session.apply(Command::StepMention { step: 1, from: None });
        session.apply(Command::SelectMentionActor(Some("ukraine".into())));
        assert!(session.mention_cursor().is_none());
        session.apply(Command::StepMention { step: 1, from: None });
        assert_eq!(session.mention_cursor().map(|c| c.index), Some(0));
        session.apply(Command::SelectMentionActor(Some("nobody".into())));
        assert!(session.mention_actor().is_none(), "unknown actors are not chosen");
    }
}
