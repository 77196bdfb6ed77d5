//! Results computed on a worker thread from a snapshot of the project, for the [`Derived`] store.
//!
//! A [`Job`] keeps the last result it received with the key it was computed for, and at most one
//! computation in flight. Asked for a key it does not have, it starts one on a thread from a
//! [`Snapshot`] — a copy of the project that shares the positions (see `model::positions`) and
//! leaves out the article texts, which no analysis reads — unless one is already running; when
//! that one finishes, the next refresh starts the newest key. A finished computation sends its
//! result through a channel and calls the waker (the app's `request_repaint`), so the UI draws it
//! without polling. A result for an older key is kept only as the *last* result: the store reports
//! it as not current, and the views mark it "computing…".
//!
//! Small projects are computed inline, on the caller's thread: there the answer takes less time
//! than starting a thread, and the views never show a stale result.
//!
//! [`Derived`]: super::derived::Derived

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::model::{Article, Project};

/// Below this many positions, results are computed inline.
pub const INLINE_BELOW_POSITIONS: usize = 2_000;

/// What wakes the UI when a result arrives.
#[derive(Clone)]
pub struct Waker(Arc<dyn Fn() + Send + Sync>);

impl Waker {
    /// A waker calling `wake`.
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Self {
        Self(Arc::new(wake))
    }

    pub(super) fn wake(&self) {
        (self.0)();
    }
}

impl std::fmt::Debug for Waker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Waker")
    }
}

/// The project as background work sees it, made at most once per refresh.
pub struct Snapshot<'a> {
    project: &'a Project,
    copy: Option<Arc<Project>>,
    /// Compute on the caller's thread instead.
    pub inline: bool,
    /// Called by a worker after sending its result.
    pub waker: Option<Waker>,
}

impl<'a> Snapshot<'a> {
    /// Snapshots of `project`; computed inline when it has fewer than `inline_below` positions.
    pub fn new(project: &'a Project, inline_below: usize, waker: Option<Waker>) -> Self {
        let inline = project.positions.len() < inline_below;
        Self { project, copy: None, inline, waker }
    }

    /// The shared copy, made on first use.
    fn copy(&mut self) -> Arc<Project> {
        self.copy.get_or_insert_with(|| Arc::new(lean_copy(self.project))).clone()
    }
}

/// `project` without its article texts (everything else; the positions are shared, not copied).
pub fn lean_copy(project: &Project) -> Project {
    Project {
        format_version: project.format_version,
        title: project.title.clone(),
        description: project.description.clone(),
        coders: project.coders.clone(),
        actors: project.actors.clone(),
        issues: project.issues.clone(),
        articles: project
            .articles
            .iter()
            .map(|article| Article {
                id: article.id.clone(),
                title: article.title.clone(),
                source: article.source.clone(),
                date: article.date.clone(),
                url: article.url.clone(),
                byline: article.byline.clone(),
                origin_file: article.origin_file.clone(),
                text: String::new(),
            })
            .collect(),
        positions: project.positions.clone(),
        // Neither feeds an analysis: the Trash and rejected suggestions stay behind.
        trash: Vec::new(),
        rejected_suggestions: Vec::new(),
        done_articles: Vec::new(),
        dismissed_candidates: Vec::new(),
    }
}

/// One kind of background result.
#[derive(Debug)]
pub struct Job<K, V> {
    shown: Option<(K, V)>,
    running: Option<K>,
    sender: Sender<(K, V)>,
    receiver: Receiver<(K, V)>,
}

impl<K, V> Default for Job<K, V> {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Self { shown: None, running: None, sender, receiver }
    }
}

impl<K: Clone + PartialEq + Send + 'static, V: Send + 'static> Job<K, V> {
    /// Takes in finished results. True when one arrived.
    fn poll(&mut self) -> bool {
        let mut arrived = false;
        while let Ok((key, value)) = self.receiver.try_recv() {
            if self.running.as_ref() == Some(&key) {
                self.running = None;
            }
            self.shown = Some((key, value));
            arrived = true;
        }
        arrived
    }

    /// Makes `key`'s result arrive: computes it inline or starts it on a worker, unless it is
    /// shown already, a computation is running, or `hold` and some result is shown. True when the
    /// shown result changed.
    pub fn refresh(
        &mut self,
        key: K,
        hold: bool,
        snapshot: &mut Snapshot<'_>,
        compute: impl FnOnce(&Project) -> V + Send + 'static,
    ) -> bool {
        let arrived = self.poll();
        let shown_key = self.shown.as_ref().map(|(shown, _)| shown);
        if shown_key == Some(&key) || (hold && shown_key.is_some()) || self.running.is_some() {
            return arrived;
        }
        if snapshot.inline {
            let value = compute(snapshot.project);
            self.shown = Some((key, value));
            return true;
        }
        let project = snapshot.copy();
        let sender = self.sender.clone();
        let waker = snapshot.waker.clone();
        let job_key = key.clone();
        let spawned = std::thread::Builder::new().name("stancemap-analysis".into()).spawn(move || {
            let value = compute(&project);
            // Dropped before the wake-up, so the UI's next edit finds the positions unshared.
            drop(project);
            // The store may be gone (the app closed): nothing to tell then.
            sender.send((job_key, value)).ok();
            if let Some(waker) = waker {
                waker.wake();
            }
        });
        match spawned {
            Ok(_) => self.running = Some(key),
            Err(error) => eprintln!("stancemap: cannot start a background analysis: {error}"),
        }
        arrived
    }

    /// Waits for the computation in flight, if any (for tests and tools). True when one arrived.
    pub fn wait(&mut self) -> bool {
        if self.running.is_none() {
            return false;
        }
        match self.receiver.recv() {
            Ok((key, value)) => {
                self.running = None;
                self.shown = Some((key, value));
                self.poll();
                true
            }
            Err(_) => false,
        }
    }

    /// The last result received, with its key.
    pub fn shown(&self) -> Option<(&K, &V)> {
        self.shown.as_ref().map(|(key, value)| (key, value))
    }

    /// True when the last result is for `key`.
    pub fn is_current(&self, key: &K) -> bool {
        self.shown.as_ref().is_some_and(|(shown, _)| shown == key)
    }
}
