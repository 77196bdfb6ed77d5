//! Consistency rules a project must satisfy beyond what its JSON shape guarantees: unique ids,
//! references that point at existing things, sane scales and evidence spans inside their article.
//!
//! The loader runs these after parsing so that a hand-edited or merged file with a dangling reference
//! is reported precisely instead of misbehaving later.

use std::collections::{HashMap, HashSet};

use super::{ActorId, ArticleId, CoderId, FORMAT_VERSION, Issue, IssueId, Project};

/// The first rule a project breaks, in words that name the offending item.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ValidationError {
    /// Written by a newer StanceMap.
    #[error(
        "the file has format version {found}, but this StanceMap reads versions up to {supported}; update StanceMap to open it"
    )]
    NewerFormat {
        /// Version in the file.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// Format versions start at 1; 0 was never written by StanceMap.
    #[error(
        "the file has format version {found}, which no StanceMap writes (versions start at 1); set \"format_version\" to 1 if it is a StanceMap project"
    )]
    NoSuchFormat {
        /// Version in the file.
        found: u32,
    },
    /// An actor names itself as its parent.
    #[error("actor {id:?} names itself as its parent; an actor's parent must be another actor")]
    OwnParent {
        /// The actor.
        id: String,
    },
    /// Following the parents of actors leads back to where it started.
    #[error("the parents of actors form a cycle ({}); an actor cannot be inside itself", cycle.join(" → "))]
    ParentCycle {
        /// The actors on the cycle in order, the first repeated at the end, each quoted.
        cycle: Vec<String>,
    },
    /// Two things of one kind share an id.
    #[error("two {kind}s have the id {id:?}")]
    DuplicateId {
        /// "actor", "issue", "article" or "coder".
        kind: &'static str,
        /// The shared id.
        id: String,
    },
    /// Something has an empty id.
    #[error("{kind} number {number} has an empty id")]
    EmptyId {
        /// "actor", "issue", "article" or "coder".
        kind: &'static str,
        /// 1-based index in its list.
        number: usize,
    },
    /// A reference names an id that does not exist.
    #[error("{owner} refers to {kind} {id:?}, which is not in the project")]
    DanglingReference {
        /// What holds the reference, e.g. "the position of \"russia\" on \"nato\"".
        owner: String,
        /// Kind of the missing thing.
        kind: &'static str,
        /// The missing id.
        id: String,
    },
    /// An issue's scale is unusable.
    #[error("issue {id:?} has scale {min}–{max}; the minimum must be below the maximum and both finite")]
    BadScale {
        /// The issue.
        id: String,
        /// Its minimum.
        min: f64,
        /// Its maximum.
        max: f64,
    },
    /// A numeric field holds a value outside its range.
    #[error("{owner}: {field} is {value}, outside {min}–{max}")]
    OutOfRange {
        /// What holds the value.
        owner: String,
        /// Which field.
        field: &'static str,
        /// The value.
        value: f64,
        /// Allowed minimum.
        min: f64,
        /// Allowed maximum.
        max: f64,
    },
    /// An evidence span does not fit its article's text or does not match its quote.
    #[error("{owner}: evidence at bytes {start}–{end} {problem}")]
    BadEvidence {
        /// The position holding the evidence.
        owner: String,
        /// Span start.
        start: usize,
        /// Span end.
        end: usize,
        /// What is wrong.
        problem: &'static str,
    },
}

impl Project {
    /// Checks every rule, returning the first violation.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.format_version > FORMAT_VERSION {
            return Err(ValidationError::NewerFormat { found: self.format_version, supported: FORMAT_VERSION });
        }
        if self.format_version == 0 {
            return Err(ValidationError::NoSuchFormat { found: 0 });
        }
        unique_ids("actor", self.actors.iter().map(|a| a.id.as_str()))?;
        unique_ids("issue", self.issues.iter().map(|i| i.id.as_str()))?;
        unique_ids("article", self.articles.iter().map(|a| a.id.as_str()))?;
        unique_ids("coder", self.coders.iter().map(|c| c.id.as_str()))?;

        for actor in &self.actors {
            if actor.parent.as_ref() == Some(&actor.id) {
                return Err(ValidationError::OwnParent { id: actor.id.to_string() });
            }
            if let Some(parent) = &actor.parent
                && self.actor(parent).is_none()
            {
                return Err(ValidationError::DanglingReference {
                    owner: format!("actor {:?}", actor.id.as_str()),
                    kind: "parent actor",
                    id: parent.to_string(),
                });
            }
            if !actor.capability.is_finite() || !(0.0..=100.0).contains(&actor.capability) {
                return Err(ValidationError::OutOfRange {
                    owner: format!("actor {:?}", actor.id.as_str()),
                    field: "capability",
                    value: actor.capability,
                    min: 0.0,
                    max: 100.0,
                });
            }
        }
        parent_cycles(self)?;
        for issue in &self.issues {
            let (min, max) = (issue.scale_min, issue.scale_max);
            if !(min.is_finite() && max.is_finite() && min < max) {
                return Err(ValidationError::BadScale { id: issue.id.to_string(), min, max });
            }
        }
        // Id lookups by map: a corpus has tens of thousands of positions.
        let actor_ids: HashSet<&ActorId> = self.actors.iter().map(|actor| &actor.id).collect();
        let coder_ids: HashSet<&CoderId> = self.coders.iter().map(|coder| &coder.id).collect();
        let issues: HashMap<&IssueId, &Issue> = self.issues.iter().map(|issue| (&issue.id, issue)).collect();
        let articles: HashMap<&ArticleId, &str> =
            self.articles.iter().map(|article| (&article.id, article.text.as_str())).collect();
        for position in self.positions.iter() {
            // Only built when something is wrong.
            let owner = || {
                format!(
                    "the position of {:?} on {:?}{}",
                    position.actor.as_str(),
                    position.issue.as_str(),
                    position
                        .article
                        .as_ref()
                        .map(|article| format!(" in article {:?}", article.as_str()))
                        .unwrap_or_default()
                )
            };
            let dangling = |kind: &'static str, id: &str| ValidationError::DanglingReference {
                owner: owner(),
                kind,
                id: id.to_owned(),
            };
            if !actor_ids.contains(&position.actor) {
                return Err(dangling("actor", position.actor.as_str()));
            }
            let Some(issue) = issues.get(&position.issue) else {
                return Err(dangling("issue", position.issue.as_str()));
            };
            if !coder_ids.contains(&position.coder) {
                return Err(dangling("coder", position.coder.as_str()));
            }
            let (min, max) = issue.bounds();
            let out_of_range =
                |field, value: f64, min, max| ValidationError::OutOfRange { owner: owner(), field, value, min, max };
            if !position.value.is_finite() || position.value < min || position.value > max {
                return Err(out_of_range("value", position.value, min, max));
            }
            if !position.salience.is_finite() || !(0.0..=100.0).contains(&position.salience) {
                return Err(out_of_range("salience", position.salience, 0.0, 100.0));
            }
            let text = match &position.article {
                Some(article_id) => match articles.get(article_id) {
                    Some(text) => Some(*text),
                    None => return Err(dangling("article", article_id.as_str())),
                },
                None => None,
            };
            for evidence in &position.evidence {
                let bad = |problem| ValidationError::BadEvidence {
                    owner: owner(),
                    start: evidence.start,
                    end: evidence.end,
                    problem,
                };
                let Some(text) = text else {
                    return Err(bad("belongs to an overall position, which has no article"));
                };
                match text.get(evidence.start..evidence.end) {
                    None => return Err(bad("lies outside the article text")),
                    Some(quote) if quote != evidence.quote => {
                        return Err(bad("does not match its quote"));
                    }
                    Some(_) => {}
                }
            }
        }
        self.validate_consensus(&actor_ids, &issues, &articles)
    }

    /// Consensus positions name an existing actor, issue and article, hold a value on the issue's
    /// scale, and settle each unit once.
    fn validate_consensus(
        &self,
        actor_ids: &HashSet<&ActorId>,
        issues: &HashMap<&IssueId, &Issue>,
        articles: &HashMap<&ArticleId, &str>,
    ) -> Result<(), ValidationError> {
        let mut seen = HashSet::new();
        for consensus in &self.consensus {
            let owner = || {
                format!(
                    "the consensus on {:?} on {:?} in article {:?}",
                    consensus.actor.as_str(),
                    consensus.issue.as_str(),
                    consensus.article.as_str()
                )
            };
            let dangling = |kind: &'static str, id: &str| ValidationError::DanglingReference {
                owner: owner(),
                kind,
                id: id.to_owned(),
            };
            if !actor_ids.contains(&consensus.actor) {
                return Err(dangling("actor", consensus.actor.as_str()));
            }
            let Some(issue) = issues.get(&consensus.issue) else {
                return Err(dangling("issue", consensus.issue.as_str()));
            };
            if !articles.contains_key(&consensus.article) {
                return Err(dangling("article", consensus.article.as_str()));
            }
            let (min, max) = issue.bounds();
            if !consensus.value.is_finite() || consensus.value < min || consensus.value > max {
                return Err(ValidationError::OutOfRange {
                    owner: owner(),
                    field: "value",
                    value: consensus.value,
                    min,
                    max,
                });
            }
            if !seen.insert(consensus.unit()) {
                return Err(ValidationError::DuplicateId { kind: "consensus position", id: owner() });
            }
        }
        Ok(())
    }
}

fn unique_ids<'a>(kind: &'static str, ids: impl Iterator<Item = &'a str>) -> Result<(), ValidationError> {
    let mut seen = HashSet::new();
    for (index, id) in ids.enumerate() {
        if id.is_empty() {
            return Err(ValidationError::EmptyId { kind, number: index + 1 });
        }
        if !seen.insert(id) {
            return Err(ValidationError::DuplicateId { kind, id: id.to_owned() });
        }
    }
    Ok(())
}

/// Refuse a cycle in the actors' parents (every parent already exists and is not the actor
/// itself), naming the actors on it in order.
fn parent_cycles(project: &Project) -> Result<(), ValidationError> {
    let parent_of: HashMap<&str, &str> =
        project.actors.iter().filter_map(|a| a.parent.as_ref().map(|p| (a.id.as_str(), p.as_str()))).collect();
    // 0 = not visited, 1 = on the current walk, 2 = known to reach a root.
    let mut state: HashMap<&str, u8> = HashMap::new();
    for actor in &project.actors {
        let mut walk: Vec<&str> = Vec::new();
        let mut at = actor.id.as_str();
        loop {
            match state.get(at).copied().unwrap_or(0) {
                2 => break,
                1 => {
                    let start = walk.iter().position(|a| *a == at).unwrap_or(0);
                    let mut cycle: Vec<String> = walk[start..].iter().map(|a| format!("{a:?}")).collect();
                    cycle.push(format!("{at:?}"));
                    return Err(ValidationError::ParentCycle { cycle });
                }
                _ => {}
            }
            state.insert(at, 1);
            walk.push(at);
            match parent_of.get(at) {
                Some(parent) => at = parent,
                None => break,
            }
        }
        for a in walk {
            state.insert(a, 2);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Position, presets};

    #[test]
    fn the_sample_is_valid() {
        presets::sample_project().validate().unwrap();
    }

    #[test]
    fn dangling_actor_is_named() {
        let mut project = presets::sample_project_without_articles();
        let issue = project.issues[0].id.clone();
        let coder = project.coders[0].id.clone();
        project.positions.insert(Position {
            actor: "atlantis".into(),
            issue,
            coder,
            value: 10.0,
            ..Position::default()
        });
        let error = project.validate().unwrap_err().to_string();
        assert!(error.contains("actor \"atlantis\", which is not in the project"), "{error}");
    }

    #[test]
    fn newer_format_is_refused() {
        let project = Project { format_version: FORMAT_VERSION + 1, ..Project::default() };
        assert!(matches!(project.validate(), Err(ValidationError::NewerFormat { .. })));
    }

    fn with_parents(links: &[(&str, Option<&str>)]) -> Project {
        let actors = links
            .iter()
            .map(|(id, parent)| crate::model::Actor {
                id: (*id).into(),
                name: (*id).to_owned(),
                parent: parent.map(Into::into),
                ..crate::model::Actor::default()
            })
            .collect();
        Project { actors, ..Project::default() }
    }

    #[test]
    fn parent_cycles_and_own_parents_are_refused_by_name() {
        let ok = with_parents(&[("eu", None), ("france", Some("eu")), ("macron", Some("france"))]);
        assert_eq!(ok.validate(), Ok(()));
        let cycle = with_parents(&[("a", Some("b")), ("b", Some("c")), ("c", Some("a")), ("d", Some("a"))]);
        let message = cycle.validate().map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("the parents of actors form a cycle (\"a\" → \"b\" → \"c\" → \"a\"); an actor cannot be inside itself"
                .into())
        );
        let own = with_parents(&[("russia", Some("russia"))]).validate().map_err(|e| e.to_string());
        assert_eq!(
            own,
            Err("actor \"russia\" names itself as its parent; an actor's parent must be another actor".into())
        );
    }

    #[test]
    fn format_version_zero_is_refused() {
        let project = Project { format_version: 0, ..Project::default() };
        let message = project.validate().map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.starts_with("the file has format version 0, which no StanceMap writes"), "{message}");
    }
}
