//! Candidate actors in the session: the cached list (one entry of the [`super::derived::Derived`]
//! store) and the commands that act on a candidate — add it as an actor, add it as an alias of an
//! actor, or dismiss it ("Not an actor", remembered in the project). Each is one undo step, and
//! the candidate leaves the list because it now names an actor (or is dismissed).
//!
//! The list depends only on the actors' names, the dismissed names and the article texts, so it is
//! recomputed only when one of those changes (checked when the document's shape or the dismissed names change). Small
//! projects compute it at once; larger ones on a worker thread, showing the last list meanwhile.

use std::sync::Arc;
use std::thread::JoinHandle;

use super::Session;
use super::background::Waker;
use super::command::Command;
use super::effect::Effect;
use crate::analysis::candidates::{Candidate, find_candidates};
use crate::model::{ACTOR_PALETTE, Actor, ActorId, ActorKind, Edit, Project, ids::stable_hash};

/// Below this many bytes of article text, candidates are found on the caller's thread.
pub const INLINE_BELOW_TEXT_BYTES: usize = 200_000;

/// The candidate entry of the derived store.
#[derive(Default)]
pub struct CandidateCache {
    /// (document shape, the dismissed names) the input key was last checked for: the names and
    /// the articles change only with the shape, and the key is a pass over every article
    /// (milliseconds on a 10,000-article corpus, every frame of a drag otherwise).
    checked: Option<(u64, usize, u64)>,
    /// The input key of `shown`.
    shown_key: Option<u64>,
    shown: Arc<Vec<Candidate>>,
    job: Option<(u64, JoinHandle<Vec<Candidate>>)>,
}

impl std::fmt::Debug for CandidateCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CandidateCache")
            .field("candidates", &self.shown.len())
            .field("running", &self.job.is_some())
            .finish()
    }
}

impl CandidateCache {
    /// Starts (or, for small projects, does) the search when the names, dismissals or articles
    /// changed, and collects a finished search. True when the shown list changed.
    pub fn refresh(&mut self, session: &Session, waker: Option<&Waker>) -> bool {
        let mut changed = self.collect();
        let project = session.project();
        let dismissed = &project.dismissed_candidates;
        let checked = (session.shape(), dismissed.len(), stable_hash(dismissed.join("\u{1}").as_bytes()));
        if self.checked == Some(checked) {
            return changed;
        }
        self.checked = Some(checked);
        let key = candidate_input_key(project);
        if self.shown_key == Some(key) || self.job.as_ref().is_some_and(|(running, _)| *running == key) {
            return changed;
        }
        let text_bytes: usize = project.articles.iter().map(|article| article.text.len()).sum();
        let actors = project.actors.clone();
        let dismissed = project.dismissed_candidates.clone();
        if text_bytes < INLINE_BELOW_TEXT_BYTES {
            let texts = project.articles.iter().map(|article| article.text.as_str());
            self.shown = Arc::new(find_candidates(&actors, texts, &dismissed));
            self.shown_key = Some(key);
            // A search still running is for older names: its result is dropped when it ends.
            self.job = None;
            return true;
        }
        let texts: Vec<String> = project.articles.iter().map(|article| article.text.clone()).collect();
        let waker = waker.cloned();
        let spawned = super::background::spawn_worker("stancemap-candidates", move || {
            let found = find_candidates(&actors, texts.iter().map(String::as_str), &dismissed);
            if let Some(waker) = waker {
                waker.wake();
            }
            found
        });
        match spawned {
            Ok(handle) => self.job = Some((key, handle)),
            Err(error) => eprintln!("stancemap: cannot start the candidate search: {error}"),
        }
        changed |= self.collect();
        changed
    }

    /// Takes in a finished search. True when one arrived.
    fn collect(&mut self) -> bool {
        if !self.job.as_ref().is_some_and(|(_, handle)| handle.is_finished()) {
            return false;
        }
        let Some((key, handle)) = self.job.take() else { return false };
        match handle.join() {
            Ok(found) => {
                self.shown = Arc::new(found);
                self.shown_key = Some(key);
                true
            }
            Err(_) => false,
        }
    }

    /// Waits for the search in flight, if any (for tests and tools). True when one arrived.
    pub fn wait(&mut self) -> bool {
        let Some((key, handle)) = self.job.take() else { return false };
        let Ok(found) = handle.join() else { return false };
        self.shown = Arc::new(found);
        self.shown_key = Some(key);
        true
    }

    /// The candidates as last found, most widespread first.
    pub fn candidates(&self) -> &[Candidate] {
        &self.shown
    }

    /// True while a newer search is running (the list shown is for older names).
    pub fn is_searching(&self) -> bool {
        self.job.is_some()
    }
}

/// What the candidates depend on: every actor name, the dismissed names and the articles (whose
/// text never changes in place, so id and length stand for it).
fn candidate_input_key(project: &Project) -> u64 {
    let mut input = String::new();
    for actor in &project.actors {
        for name in actor.names() {
            input.push_str(name);
            input.push('\u{1}');
        }
        input.push('\u{2}');
    }
    for name in &project.dismissed_candidates {
        input.push_str(name);
        input.push('\u{1}');
    }
    input.push('\u{2}');
    for article in &project.articles {
        input.push_str(&format!("{}:{}\u{2}", article.id, article.text.len()));
    }
    stable_hash(input.as_bytes())
}

/// A first guess at what kind of actor a name is; the analyst can change it in the editor.
fn guess_kind(name: &str) -> ActorKind {
    const ORGANISATION_WORDS: [&str; 18] = [
        "Agency",
        "Assembly",
        "Bank",
        "Commission",
        "Committee",
        "Congress",
        "Council",
        "Court",
        "Department",
        "Fund",
        "Ministry",
        "News",
        "Organisation",
        "Organization",
        "Parliament",
        "Party",
        "Times",
        "Union",
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    let acronym = name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if acronym || words.iter().any(|word| ORGANISATION_WORDS.contains(word)) {
        ActorKind::Organisation
    } else if words.len() >= 2 {
        ActorKind::Person
    } else {
        ActorKind::State
    }
}

impl Session {
    /// Applies the candidate-actor commands.
    pub(super) fn apply_candidate_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        match command {
            Command::AddCandidateActor(name) => self.add_candidate_actor(name.trim(), effects),
            Command::AddCandidateActors(names) => self.add_candidate_actors(&names, effects),
            Command::AddCandidateAlias { name, actor } => self.add_candidate_alias(name.trim(), &actor, effects),
            Command::DismissCandidate(name) => {
                let name = name.trim().to_owned();
                if name.is_empty() {
                    return;
                }
                let label = format!("dismiss candidate {name}");
                self.commit(Edit::SetDismissedCandidate { name, dismissed: true }, None, label, effects);
            }
            _ => {}
        }
    }

    fn add_candidate_actor(&mut self, name: &str, effects: &mut Vec<Effect>) {
        let project = self.project();
        if name.is_empty() {
            return;
        }
        if let Some(existing) = project.find_actor_by_name(name) {
            effects.push(Effect::Error(format!("“{name}” already names the actor {}.", existing.name)));
            return;
        }
        let actor = Actor {
            id: project.new_actor_id(name),
            name: name.to_owned(),
            color: ACTOR_PALETTE[project.actors.len() % ACTOR_PALETTE.len()],
            kind: guess_kind(name),
            ..Actor::default()
        };
        let index = project.actors.len();
        let label = format!("add actor {name}");
        self.commit(Edit::PutActor { index, actor: Box::new(actor) }, None, label, effects);
    }

    /// Adds every name of `names` as a new actor in one undo step ("add 3 actors").
    fn add_candidate_actors(&mut self, names: &[String], effects: &mut Vec<Effect>) {
        let project = self.project();
        let mut actors: Vec<Actor> = Vec::new();
        let mut skipped: Vec<String> = Vec::new();
        for name in names.iter().map(|name| name.trim()).filter(|name| !name.is_empty()) {
            let repeated = actors.iter().any(|actor| actor.name.eq_ignore_ascii_case(name));
            if repeated || project.find_actor_by_name(name).is_some() {
                skipped.push(name.to_owned());
                continue;
            }
            let base = crate::model::ids::slugify(name, "actor");
            let id = crate::model::ids::unique_id(&base, |id| {
                project.actors.iter().chain(&actors).any(|actor| actor.id.as_str() == id)
            });
            actors.push(Actor {
                id: ActorId::new(id),
                name: name.to_owned(),
                color: ACTOR_PALETTE[(project.actors.len() + actors.len()) % ACTOR_PALETTE.len()],
                kind: guess_kind(name),
                ..Actor::default()
            });
        }
        if !skipped.is_empty() {
            effects.push(Effect::Info(format!("Already actors, not added again: {}.", skipped.join(", "))));
        }
        if actors.is_empty() {
            return;
        }
        let first = project.actors.len();
        let label = match &actors[..] {
            [actor] => format!("add actor {}", actor.name),
            _ => format!("add {} actors", actors.len()),
        };
        let edits = actors
            .into_iter()
            .enumerate()
            .map(|(offset, actor)| Edit::PutActor { index: first + offset, actor: Box::new(actor) })
            .collect();
        self.commit(Edit::Batch(edits), None, label, effects);
    }

    fn add_candidate_alias(&mut self, name: &str, id: &ActorId, effects: &mut Vec<Effect>) {
        let project = self.project();
        let Some(actor) = project.actor(id) else { return };
        if name.is_empty() {
            return;
        }
        if let Some(existing) = project.find_actor_by_name(name) {
            effects.push(Effect::Error(format!("“{name}” already names the actor {}.", existing.name)));
            return;
        }
        let mut actor = actor.clone();
        actor.aliases.push(name.to_owned());
        let label = format!("add alias {name} to {}", actor.name);
        self.commit(Edit::PutActor { index: 0, actor: Box::new(actor) }, None, label, effects);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    fn candidate_names(session: &Session) -> Vec<String> {
        let mut cache = CandidateCache::default();
        cache.refresh(session, None);
        cache.wait();
        cache.candidates().iter().map(|candidate| candidate.name.clone()).collect()
    }

    #[test]
    fn adding_a_candidate_removes_it_and_undo_brings_it_back() {
        let mut session = Session::new(presets::sample_project(), None);
        let before = candidate_names(&session);
        assert!(before.contains(&"VOA News".to_owned()), "{before:?}");
        session.apply(Command::AddCandidateActor("VOA News".into()));
        let nato = session.project().find_actor_by_name("VOA News").expect("added");
        assert_eq!(nato.kind, ActorKind::Organisation);
        assert!(!candidate_names(&session).contains(&"VOA News".to_owned()));
        session.apply(Command::Undo);
        assert!(session.project().find_actor_by_name("VOA News").is_none());
        assert_eq!(candidate_names(&session), before);
    }

    #[test]
    fn several_candidates_are_added_in_one_step() {
        let mut session = Session::new(presets::sample_project(), None);
        let original = session.project().clone();
        let names = ["VOA News", "Saudi Arabia", "Kremlin", "VOA News"].map(str::to_owned).to_vec();
        let effects = session.apply(Command::AddCandidateActors(names));
        for name in ["VOA News", "Saudi Arabia"] {
            assert!(session.project().find_actor_by_name(name).is_some(), "{name} added");
        }
        assert_eq!(session.project().actors.len(), original.actors.len() + 2);
        assert!(
            effects.iter().any(|effect| matches!(effect, Effect::Info(text) if text.contains("Kremlin"))),
            "Kremlin names Russia already: {effects:?}"
        );
        assert_eq!(session.document().undo_label(), Some("add 2 actors"));
        let remaining = candidate_names(&session);
        assert!(!remaining.contains(&"VOA News".to_owned()) && !remaining.contains(&"Saudi Arabia".to_owned()));
        session.apply(Command::Undo);
        assert_eq!(session.project(), &original, "one undo takes both back");
    }

    #[test]
    fn alias_and_dismissal_are_one_step_each() {
        let mut session = Session::new(presets::sample_project(), None);
        let original = session.project().clone();
        session.apply(Command::AddCandidateAlias { name: "Saudi Arabia".into(), actor: "united-states".into() });
        assert!(session.project().actor(&"united-states".into()).unwrap().aliases.contains(&"Saudi Arabia".into()));
        assert!(!candidate_names(&session).contains(&"Saudi Arabia".to_owned()));
        session.apply(Command::DismissCandidate("London".into()));
        assert_eq!(session.project().dismissed_candidates, vec!["London".to_owned()]);
        assert!(!candidate_names(&session).contains(&"London".to_owned()));
        let effects = session.apply(Command::AddCandidateActor("Kremlin".into()));
        assert!(matches!(&effects[..], [Effect::Error(message)] if message.contains("Russia")), "{effects:?}");
        session.apply(Command::Undo);
        session.apply(Command::Undo);
        assert_eq!(session.project(), &original);
    }

    #[test]
    fn dismissals_are_saved_in_the_project_file_and_old_files_load_without_them() {
        use crate::io::project_file::{parse_project, project_to_json};
        let path = std::path::Path::new("p.stancemap");
        let mut session = Session::new(presets::sample_project(), None);
        let plain = project_to_json(session.project());
        assert!(!plain.contains("dismissed_candidates"), "left out while empty");
        assert_eq!(parse_project(plain.as_bytes(), path).unwrap().dismissed_candidates, Vec::<String>::new());
        session.apply(Command::DismissCandidate("London".into()));
        let reopened = parse_project(project_to_json(session.project()).as_bytes(), path).unwrap();
        assert_eq!(reopened.dismissed_candidates, vec!["London".to_owned()]);
        assert!(!candidate_names(&Session::new(reopened, None)).contains(&"London".to_owned()));
    }

    #[test]
    fn big_projects_search_in_the_background() {
        let mut project = presets::sample_project();
        let text = project.articles[0].text.clone();
        for copy in 0..60 {
            let mut article = project.articles[0].clone();
            article.id = format!("copy-{copy}").as_str().into();
            article.text = format!("{text}\n\nAnkara {copy} said so.");
            project.articles.push(article);
        }
        let session = Session::new(project, None);
        let mut cache = CandidateCache::default();
        cache.refresh(&session, None);
        assert!(cache.is_searching() || !cache.candidates().is_empty());
        cache.wait();
        assert!(!cache.is_searching());
        let voa = cache.candidates().iter().find(|candidate| candidate.name == "VOA News").expect("VOA News");
        assert_eq!(voa.articles, 61);
    }
}
