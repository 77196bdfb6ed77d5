//! Autosave: unsaved work is written to the recovery store at most 10 s after the last edit
//! (2 s after typing stops, sooner than 10 s after the first unsaved edit), on a worker thread, so
//! a crash or a kill loses only the last seconds. The entry goes away after a clean save or a
//! confirmed "Don't save". Idle with nothing new to write, it asks for no frames.
//!
//! In a team folder the entry belongs to the current coder's file (`coders/<id>.json`) and holds
//! only their work, as that file would hold it: the rest of the folder is on disk already, written
//! by others, and 200,000 positions of 50 coders are not copied every ten seconds.

use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::io::project_file::project_to_json;
use crate::io::recovery::{RecoveryEntry, RecoveryStore};
use crate::io::team::CoderWork;
use crate::session::Session;

/// Quiet time after the last edit before writing.
const QUIET: Duration = Duration::from_secs(2);
/// The longest unsaved work waits, however busy the user is.
const AT_MOST: Duration = Duration::from_secs(10);

/// The autosave state of one app.
pub struct Autosave {
    store: RecoveryStore,
    /// Names this app's untitled work (so two windows do not share an entry).
    untitled_id: String,
    /// The entry written for the project as it is now named.
    key: String,
    /// An entry was written under `key` and not yet removed.
    written: bool,
    /// Generation of the document last written.
    written_generation: Option<u64>,
    /// Generation seen last, and when it changed.
    seen: Option<(u64, Instant)>,
    /// When the oldest not yet written change was made.
    first_unwritten: Option<Instant>,
    /// A write in progress: its outcome arrives here.
    in_flight: Option<Receiver<Result<(), String>>>,
}

impl Autosave {
    /// Where unsaved work is written.
    pub fn store(&self) -> &RecoveryStore {
        &self.store
    }

    /// Autosave into `store` for `session`.
    pub fn new(store: RecoveryStore, session: &Session) -> Self {
        let untitled_id = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
        );
        let key = RecoveryStore::key_for(entry_path(session).as_deref(), &untitled_id);
        Self {
            store,
            untitled_id,
            key,
            written: false,
            written_generation: None,
            seen: None,
            first_unwritten: None,
            in_flight: None,
        }
    }

    /// Autosaved work to offer when the app starts: the entry of the project's file when it is
    /// newer than the file, or (with no file) the newest untitled work of an earlier run.
    pub fn offer_at_start(&self, session: &Session, offer_untitled: bool) -> Option<RecoveryEntry> {
        match entry_path(session) {
            Some(path) => self.store.newer_than_file(&path),
            None if offer_untitled => self.store.untitled(&self.key).pop(),
            None => None,
        }
    }

    /// An offered entry was answered: a discarded one is deleted; a recovered one too, unless it
    /// is this app's own entry (autosave rewrites that with the recovered work).
    pub fn forget(&mut self, key: &str, discarded: bool) {
        if discarded || key != self.key {
            self.store.remove(key);
        }
        if discarded && key == self.key {
            self.written = false;
        }
    }

    /// The user threw the unsaved changes away: so does the store.
    pub fn discard(&mut self) {
        self.store.remove(&self.key);
        self.written = false;
        self.written_generation = None;
        self.first_unwritten = None;
    }

    /// Called once per frame: writes when due, cleans up after saves. Returns an error message
    /// when a write failed (shown once).
    pub fn tick(&mut self, ctx: &egui::Context, session: &Session) -> Option<String> {
        let mut failure = None;
        if let Some(receiver) = &self.in_flight
            && let Ok(result) = receiver.try_recv()
        {
            self.in_flight = None;
            failure = result.err();
        }
        let key = RecoveryStore::key_for(entry_path(session).as_deref(), &self.untitled_id);
        if key != self.key {
            // Saved under a new name, or another project opened: the old entry is stale.
            if self.written {
                self.store.remove(&self.key);
            }
            self.key = key;
            self.written = false;
            self.written_generation = None;
        }
        let document = session.document();
        if !document.is_dirty() {
            if self.written && self.in_flight.is_none() {
                self.store.remove(&self.key);
                self.written = false;
            }
            self.written_generation = None;
            self.first_unwritten = None;
            return failure;
        }
        let generation = document.generation();
        if self.written_generation == Some(generation) {
            return failure;
        }
        let now = Instant::now();
        if self.seen.is_none_or(|(seen, _)| seen != generation) {
            self.seen = Some((generation, now));
            self.first_unwritten.get_or_insert(now);
        }
        let last_change = self.seen.map_or(now, |(_, at)| at);
        let first = self.first_unwritten.unwrap_or(now);
        let due = (last_change + QUIET).min(first + AT_MOST);
        if now < due || self.in_flight.is_some() {
            ctx.request_repaint_after(due.saturating_duration_since(now).max(Duration::from_millis(50)));
            return failure;
        }
        self.start_write(ctx, session);
        self.written_generation = Some(generation);
        self.first_unwritten = None;
        failure
    }

    fn start_write(&mut self, ctx: &egui::Context, session: &Session) {
        // A team project: the current coder's work only; a project file: all of it.
        let work = match &session.document().team {
            Some(folder) => Work::Coder(CoderWork::of(session.project(), session.coder(), folder)),
            None => Work::Project(Box::new(session.project().clone())),
        };
        let store = self.store.clone();
        let key = self.key.clone();
        let path = entry_path(session);
        let title = session.document().display_name();
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name("autosave".into()).spawn(move || {
            let json = match work {
                Work::Coder(work) => work.to_json(),
                Work::Project(project) => project_to_json(&project).into_bytes(),
            };
            let result =
                store.write(&key, &json, path.as_deref(), &title).map_err(|error| format!("Autosave failed: {error}"));
            sender.send(result).ok();
            ctx.request_repaint();
        });
        if spawned.is_ok() {
            self.in_flight = Some(receiver);
            self.written = true;
        }
    }
}

/// What one autosave writes.
enum Work {
    /// A team project's current coder's work.
    Coder(CoderWork),
    /// A whole project.
    Project(Box<crate::model::Project>),
}

/// The file a recovery entry of `session` belongs to: in a team folder the current coder's file,
/// else the project file (`None` for a project never saved).
pub fn entry_path(session: &Session) -> Option<std::path::PathBuf> {
    match &session.document().team {
        Some(folder) => Some(crate::io::team::coder_file_path(&folder.root, session.coder())),
        None => session.path().map(std::path::Path::to_owned),
    }
}
