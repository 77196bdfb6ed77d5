//! Commands that change the project's content: positions and their evidence, actors, issues,
//! articles and coders. Each validates its input, stamps times, names its undo step and groups
//! continuous gestures (a drag, typing) into one step.

use std::hash::{Hash, Hasher};

use super::command::{ActorDraft, BatchDate, BatchDetailsDraft, Gesture, IssueDraft, PositionChange};
use super::effect::{DialogRequest, Effect};
use super::{CoalesceKey, Session};
use crate::model::wording::count;
use crate::model::{Actor, ActorId, Article, Coder, Edit, Evidence, Issue, IssueId, Position, PositionKey};

/// The undo grouping of a gesture on one field of one position: `None` for a single change.
fn coalesce_key(field: &str, key: &PositionKey, gesture: Gesture) -> Option<CoalesceKey> {
    let Gesture::Continuous(gesture_id) = gesture else {
        return None;
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (field, key, gesture_id).hash(&mut hasher);
    Some(CoalesceKey(hasher.finish()))
}

impl Session {
    pub(super) fn set_position(&mut self, key: PositionKey, value: f64, gesture: Gesture) {
        let Some(issue) = self.project().issue(&key.issue) else { return };
        if self.project().actor(&key.actor).is_none() || !value.is_finite() {
            return;
        }
        let value = issue.clamp(value);
        let existing = self.project().positions.get(&key);
        if existing.is_some_and(|position| position.value == value) {
            return;
        }
        let verb = if existing.is_some() { "move" } else { "place" };
        let from = existing.map(|position| position.value);
        let mut position = existing.cloned().unwrap_or_else(|| Position::new(&key, value));
        position.value = value;
        position.updated = crate::model::now_rfc3339().into();
        let coalesce = coalesce_key("value", &key, gesture);
        let continues = super::trash::continues_gesture(self.last_gesture.as_ref(), coalesce, &key);
        super::trash::record_change(&mut position, &self.coder, from, continues, Default::default());
        let label = format!("{verb} {}", self.marker_name(&key));
        self.commit(Edit::set_position(position), coalesce, label, &mut Vec::new());
        self.last_gesture = coalesce.map(|coalesce| (coalesce, key));
    }

    /// Several positions as one step (see [`super::Command::SetPositions`]). Every valid change is
    /// part of the edit even when its value is unchanged, so the first step of a gesture restores
    /// every position the gesture touches.
    pub(super) fn set_positions(&mut self, changes: Vec<(PositionKey, f64)>, gesture: Gesture) {
        let project = self.project();
        // The valid changes, each position once, values clamped to their scales.
        let mut valid: Vec<(PositionKey, f64, String)> = Vec::new();
        for (key, value) in changes {
            let (Some(issue), Some(_)) = (project.issue(&key.issue), project.actor(&key.actor)) else { continue };
            if value.is_finite() && !valid.iter().any(|(k, ..)| k == &key) {
                valid.push((key, issue.clamp(value), issue.name.clone()));
            }
        }
        let Some((first, ..)) = valid.first() else { return };
        if valid.iter().all(|(key, value, _)| project.positions.get(key).is_some_and(|p| p.value == *value)) {
            return;
        }
        let actor = project.actor(&first.actor).map_or_else(|| first.actor.to_string(), |a| a.name.clone());
        let names: Vec<&str> = valid.iter().map(|(_, _, name)| name.as_str()).collect();
        let label = format!("move {actor} on {}", names.join(" and "));
        let coalesce = match gesture {
            Gesture::Once => None,
            Gesture::Continuous(id) => {
                let keys: Vec<&PositionKey> = valid.iter().map(|(key, ..)| key).collect();
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                ("values", keys, id).hash(&mut hasher);
                Some(CoalesceKey(hasher.finish()))
            }
        };
        // One line of each position's history per gesture, as for a drag on an axis.
        let continues = coalesce.is_some() && self.last_gesture.as_ref().map(|(last, _)| *last) == coalesce;
        let coder = self.coder.clone();
        let mut edits = Vec::new();
        for (key, value, _) in &valid {
            let existing = project.positions.get(key);
            let from = existing.map(|position| position.value);
            let mut position = existing.cloned().unwrap_or_else(|| Position::new(key, *value));
            position.value = *value;
            position.updated = crate::model::now_rfc3339().into();
            if from != Some(*value) || continues {
                super::trash::record_change(&mut position, &coder, from, continues, Default::default());
            }
            edits.push(Edit::set_position(position));
        }
        let first = first.clone();
        self.commit(Edit::Batch(edits), coalesce, label, &mut Vec::new());
        self.last_gesture = coalesce.map(|coalesce| (coalesce, first));
    }

    pub(super) fn edit_position(&mut self, key: PositionKey, change: PositionChange, gesture: Gesture) {
        let Some(existing) = self.project().positions.get(&key) else { return };
        let mut position = existing.clone();
        let (field, what) = match change {
            PositionChange::Salience(salience) => {
                position.salience = salience.clamp(0.0, 100.0);
                ("salience", "salience of")
            }
            PositionChange::Confidence(confidence) => {
                position.confidence = confidence;
                ("confidence", "confidence in")
            }
            PositionChange::Note(note) => {
                position.note = note;
                ("note", "note on")
            }
            PositionChange::RemoveEvidence(index) => {
                if index >= position.evidence.len() {
                    return;
                }
                let removed = position.evidence.remove(index);
                let value = Some(position.value);
                super::trash::record_change(
                    &mut position,
                    &self.coder,
                    value,
                    false,
                    (Vec::new(), vec![removed.quote]),
                );
                ("evidence", "remove quote from")
            }
        };
        if &position == existing {
            return;
        }
        position.updated = crate::model::now_rfc3339().into();
        let verb = if field == "evidence" { what.to_owned() } else { format!("edit {what}") };
        let label = format!("{verb} {}", self.marker_name(&key));
        self.commit(Edit::set_position(position), coalesce_key(field, &key, gesture), label, &mut Vec::new());
    }

    pub(super) fn add_evidence(&mut self, start: usize, end: usize, effects: &mut Vec<Effect>) {
        let (Some(marker), Some(article_id)) = (self.selected_marker.clone(), self.article.clone()) else {
            effects.push(Effect::Error("Select a marker and some text in the article first.".into()));
            return;
        };
        let project = self.project();
        let (Some(article), Some(issue)) = (project.article(&article_id), project.issue(&marker.issue)) else {
            return;
        };
        // A quote is whole words: a selection that cuts a word is widened to it.
        let snapped = crate::model::span::snap_to_words(&article.text, start, end);
        let Some(evidence) = snapped.and_then(|(start, end)| Evidence::from_span(&article.text, start, end)) else {
            effects.push(Effect::Error("The selection holds no word to quote.".into()));
            return;
        };
        let (start, end) = (evidence.start, evidence.end);
        let key = self.position_key(&marker.actor, &marker.issue);
        let mut position =
            project.positions.get(&key).cloned().unwrap_or_else(|| Position::new(&key, issue.midpoint()));
        if position.evidence.iter().any(|existing| existing.start == start && existing.end == end) {
            effects.push(Effect::Info("That quote is already evidence for this position.".into()));
            return;
        }
        let from = project.positions.get(&key).map(|p| p.value);
        let quote = evidence.quote.clone();
        position.evidence.push(evidence);
        position.evidence.sort_by_key(|evidence| (evidence.start, evidence.end));
        super::trash::record_change(&mut position, &self.coder, from, false, (vec![quote], Vec::new()));
        position.updated = crate::model::now_rfc3339().into();
        let label = format!("add quote for {}", self.marker_name(&key));
        self.commit(Edit::set_position(position), None, label, effects);
    }

    /// The actor editor on an existing actor, or on a new one with the next palette colour.
    pub(super) fn actor_dialog(&self, id: Option<&ActorId>) -> DialogRequest {
        let project = self.project();
        let actor = id.and_then(|id| project.actor(id)).cloned().unwrap_or_else(|| Actor {
            color: crate::model::ACTOR_PALETTE[project.actors.len() % crate::model::ACTOR_PALETTE.len()],
            ..Actor::default()
        });
        DialogRequest::Actor(Box::new(ActorDraft {
            original: id.filter(|id| project.actor(id).is_some()).cloned(),
            aliases_text: actor.aliases.join("\n"),
            actor,
        }))
    }

    pub(super) fn save_actor(&mut self, draft: ActorDraft, effects: &mut Vec<Effect>) {
        let project = self.project();
        let original = draft.original.as_ref();
        let name = draft.actor.name.trim().to_owned();
        let clash = project.actors.iter().any(|a| Some(&a.id) != original && a.name.eq_ignore_ascii_case(&name));
        if name.is_empty() {
            effects.push(Effect::DialogError("The actor needs a name.".into()));
            return;
        }
        if clash {
            effects.push(Effect::DialogError(format!("There is already an actor called “{name}”.")));
            return;
        }
        let mut actor = draft.actor;
        actor.name = name;
        actor.short_name = actor.short_name.trim().to_owned();
        actor.aliases =
            draft.aliases_text.lines().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned).collect();
        actor.id = original.cloned().unwrap_or_else(|| project.new_actor_id(&actor.name));
        if actor.parent.as_ref() == Some(&actor.id) {
            actor.parent = None;
        }
        let label =
            if original.is_some() { format!("edit actor {}", actor.name) } else { format!("add actor {}", actor.name) };
        let index = project.actors.len();
        effects.push(Effect::CloseDialog);
        self.commit(Edit::PutActor { index, actor: Box::new(actor) }, None, label, effects);
    }

    /// The issue editor on an existing issue, or on a new one with "Opposes"/"Supports" poles.
    pub(super) fn issue_dialog(&self, id: Option<&IssueId>) -> DialogRequest {
        let project = self.project();
        let issue = id.and_then(|id| project.issue(id)).cloned().unwrap_or_else(|| Issue {
            low_label: "Opposes".into(),
            high_label: "Supports".into(),
            ..Issue::default()
        });
        let phrases = issue.effective_pole_phrases();
        DialogRequest::Issue(Box::new(IssueDraft {
            original: id.filter(|id| project.issue(id).is_some()).cloned(),
            keywords_text: issue.keywords.join(", "),
            low_phrases_text: phrases.low.join("\n"),
            high_phrases_text: phrases.high.join("\n"),
            issue,
        }))
    }

    pub(super) fn save_issue(&mut self, draft: IssueDraft, effects: &mut Vec<Effect>) {
        let project = self.project();
        let original = draft.original.as_ref();
        let mut issue = draft.issue;
        let name = issue.name.trim().to_owned();
        let out_of_scale = original.is_some_and(|id| {
            project.positions.on_issue(id).any(|p| p.value < issue.scale_min || p.value > issue.scale_max)
        });
        let problem = if name.is_empty() {
            Some("The issue needs a name.")
        } else if issue.scale_min.partial_cmp(&issue.scale_max) != Some(std::cmp::Ordering::Less) {
            Some("The scale's low end must be below its high end.")
        } else if out_of_scale {
            Some("Some coded positions lie outside the new scale; widen it or move them first.")
        } else {
            None
        };
        if let Some(problem) = problem {
            effects.push(Effect::DialogError(problem.into()));
            return;
        }
        let phrases = crate::model::presets::PolePhrases {
            low: phrase_lines(&draft.low_phrases_text),
            high: phrase_lines(&draft.high_phrases_text),
        };
        if let Some(wildcard) = phrases.low.iter().chain(&phrases.high).find(|p| p.split(' ').all(|w| w == "*")) {
            effects.push(Effect::DialogError(format!(
                "The pole phrase “{wildcard}” is only wildcards: it needs at least one word that is not “*”."
            )));
            return;
        }
        issue.name = name;
        issue.keywords =
            draft.keywords_text.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect();
        issue.id = original.cloned().unwrap_or_else(|| project.new_issue_id(&issue.name));
        // The issue keeps following the presets' phrases until the analyst changes them.
        let same_as_before = issue.effective_pole_phrases() == phrases;
        if !same_as_before || issue.pole_phrases.is_some() {
            issue.pole_phrases = Some(phrases);
        }
        let label =
            if original.is_some() { format!("edit issue {}", issue.name) } else { format!("add issue {}", issue.name) };
        let index = project.issues.len();
        effects.push(Effect::CloseDialog);
        self.commit(Edit::PutIssue { index, issue: Box::new(issue) }, None, label, effects);
    }

    pub(super) fn save_article_details(&mut self, article: Article, effects: &mut Vec<Effect>) {
        let Some(existing) = self.project().article(&article.id) else {
            effects.push(Effect::CloseDialog);
            return;
        };
        // A date is written in ISO 8601 (other written forms are read and rewritten); one kept
        // as imported may stay as it is.
        let typed = article.date.trim();
        let date = if typed.is_empty() || typed == existing.date {
            typed.to_owned()
        } else if let Some(iso) = crate::io::import::dates::iso_date(typed) {
            iso
        } else {
            effects.push(Effect::DialogError(format!(
                "“{typed}” is not a date: write it like 2025-02-24, 2025-02-24T18:30 or 24 February 2025."
            )));
            return;
        };
        // Only the details change: the text, and so every evidence span, stays as it is.
        let updated = Article {
            title: article.title.trim().to_owned(),
            source: article.source.trim().to_owned(),
            date,
            url: article.url.trim().to_owned(),
            byline: article.byline.trim().to_owned(),
            ..existing.clone()
        };
        let label = format!("edit details of “{}”", article_name(&updated));
        effects.push(Effect::CloseDialog);
        // Replaced in place: the article keeps its place in the list.
        self.commit(Edit::PutArticle { index: 0, article: Box::new(updated) }, None, label, effects);
    }

    /// Sets the source and/or date of several articles as one undo step; only articles that change
    /// are touched, and their texts (so every evidence span) stay as they are.
    pub(super) fn save_articles_details(&mut self, draft: BatchDetailsDraft, effects: &mut Vec<Effect>) {
        let typed = draft.date_text.trim();
        let set_date = match draft.date {
            BatchDate::Set if typed.is_empty() => Some(String::new()),
            BatchDate::Set => match crate::io::import::dates::iso_date(typed) {
                Some(iso) => Some(iso),
                None => {
                    effects.push(Effect::DialogError(format!(
                        "“{typed}” is not a date: write it like 2025-02-24, 2025-02-24T18:30 or 24 February 2025."
                    )));
                    return;
                }
            },
            BatchDate::Keep | BatchDate::FromFileName => None,
        };
        let mut edits = Vec::new();
        let mut no_file_date = 0usize;
        for id in &draft.articles {
            let Some(existing) = self.project().article(id) else { continue };
            let mut updated = existing.clone();
            if draft.set_source {
                draft.source.trim().clone_into(&mut updated.source);
            }
            if let Some(date) = &set_date {
                updated.date.clone_from(date);
            } else if draft.date == BatchDate::FromFileName {
                match crate::io::import::date_in_file_name(&existing.origin_file) {
                    Some(date) => updated.date = date,
                    None => no_file_date += 1,
                }
            }
            if updated != *existing {
                // Replaced in place: each article keeps its place in the list.
                edits.push(Edit::PutArticle { index: 0, article: Box::new(updated) });
            }
        }
        effects.push(Effect::CloseDialog);
        let changed = edits.len();
        if changed > 0 {
            let label = format!("edit details of {}", count(changed, "article", "articles"));
            self.commit(Edit::Batch(edits), None, label, effects);
        }
        let mut message = format!("Changed the details of {}", count(changed, "article", "articles"));
        if no_file_date > 0 {
            message.push_str(&format!(
                "; {} no date in the file name and kept {}",
                if no_file_date == 1 { "1 has".to_owned() } else { format!("{no_file_date} have") },
                if no_file_date == 1 { "its date" } else { "their dates" }
            ));
        }
        effects.push(Effect::Info(message));
    }

    pub(super) fn add_coder(&mut self, name: &str, effects: &mut Vec<Effect>) {
        let name = name.trim();
        if name.is_empty() {
            effects.push(Effect::DialogError("The coder needs a name.".into()));
            return;
        }
        let id = self.project().new_coder_id(name);
        let index = self.project().coders.len();
        let coder = Coder { id: id.clone(), name: name.to_owned() };
        effects.push(Effect::CloseDialog);
        self.commit(Edit::PutCoder { index, coder }, None, format!("add coder {name}"), effects);
        self.coder = id;
    }
}

/// An article's title for labels, or "Untitled article".
fn article_name(article: &Article) -> &str {
    let title = article.title.trim();
    if title.is_empty() { "Untitled article" } else { title }
}

/// The pole phrases typed one a line: trimmed, lower case, words one space apart, no blanks or
/// repeats.
fn phrase_lines(text: &str) -> Vec<String> {
    let mut phrases: Vec<String> = Vec::new();
    for line in text.lines() {
        let phrase = line.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if !phrase.is_empty() && !phrases.contains(&phrase) {
            phrases.push(phrase);
        }
    }
    phrases
}
