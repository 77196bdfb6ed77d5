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

/// How much nicer worker threads are than the thread that starts them: on two cores the UI thread
/// keeps its frames smooth while analyses run, and the workers still get every cycle it leaves.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const WORKER_NICE: i32 = 10;

/// Starts `work` on a thread named `name` that runs below the UI thread's priority (Linux; the
/// thread's helpers inherit it). Every background computation of the app starts here.
pub fn spawn_worker<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<T>> {
    std::thread::Builder::new().name(name.to_owned()).spawn(move || {
        lower_this_threads_priority();
        work()
    })
}

fn lower_this_threads_priority() {
    // On Linux the nice value is per thread, so this lowers only the worker (and threads it starts).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: plain system calls on the calling thread's own id; a failure only leaves the priority.
    unsafe {
        let thread = libc::gettid() as libc::id_t;
        let nice = libc::getpriority(libc::PRIO_PROCESS, thread);
        libc::setpriority(libc::PRIO_PROCESS, thread, (nice + WORKER_NICE).min(19));
    }
}

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
    /// The last copy to bring up to date instead of copying every article's details again, with
    /// the project's shape.
    reuse: Option<(&'a mut LeanCopies, u64)>,
    /// Compute on the caller's thread instead.
    pub inline: bool,
    /// Called by a worker after sending its result.
    pub waker: Option<Waker>,
}

impl<'a> Snapshot<'a> {
    /// Snapshots of `project`; computed inline when it has fewer than `inline_below` positions.
    pub fn new(project: &'a Project, inline_below: usize, waker: Option<Waker>) -> Self {
        let inline = project.positions.len() < inline_below;
        Self { project, copy: None, reuse: None, inline, waker }
    }

    /// Makes the copy by bringing `lean`'s last one up to date when it can (`shape`: the
    /// project's, see [`LeanCopies`]).
    pub fn reusing(mut self, lean: &'a mut LeanCopies, shape: u64) -> Self {
        self.reuse = Some((lean, shape));
        self
    }

    /// The shared copy, made on first use.
    fn copy(&mut self) -> Arc<Project> {
        if self.copy.is_none() {
            let copy = match &mut self.reuse {
                Some((lean, shape)) => lean.copy(self.project, *shape),
                None => Arc::new(lean_copy(self.project)),
            };
            self.copy = Some(copy);
        }
        self.copy.clone().unwrap_or_else(|| Arc::new(lean_copy(self.project)))
    }
}

/// The last lean copy handed to workers, kept to be brought up to date for the next snapshot:
/// copying ten thousand articles' titles, sources and dates took milliseconds on the UI thread at
/// every drop of a marker, and they change only with the project's shape (an article added,
/// removed or edited is a reshaping edit, and a new document a new shape). Between snapshots the
/// copy gives back its positions as soon as no worker reads it, so the next edit finds the
/// document's positions unshared and changes them in place.
#[derive(Debug, Default)]
pub struct LeanCopies {
    last: Option<(u64, Arc<Project>)>,
}

impl LeanCopies {
    /// A lean copy of `project` (of shape `shape`): the last one brought up to date when it is
    /// for the same shape and no worker still reads it, else a new one.
    pub fn copy(&mut self, project: &Project, shape: u64) -> Arc<Project> {
        if let Some((last_shape, last)) = &mut self.last
            && *last_shape == shape
            && let Some(lean) = Arc::get_mut(last)
        {
            // Everything but the articles' details, which the shape vouches for, and what a lean
            // copy leaves out (named, so that a new field must be thought about here).
            let Project {
                format_version,
                title,
                description,
                coders,
                actors,
                issues,
                articles: _,
                positions,
                rejected_suggestions: _,
                done_articles,
                dismissed_candidates: _,
                trash: _,
                assignments,
                consensus,
            } = project;
            lean.format_version = *format_version;
            lean.title.clone_from(title);
            lean.description.clone_from(description);
            lean.coders.clone_from(coders);
            lean.actors.clone_from(actors);
            lean.issues.clone_from(issues);
            lean.positions = positions.clone();
            lean.done_articles.clone_from(done_articles);
            lean.assignments.clone_from(assignments);
            lean.consensus.clone_from(consensus);
            return Arc::clone(last);
        }
        let copy = Arc::new(lean_copy(project));
        self.last = Some((shape, Arc::clone(&copy)));
        copy
    }

    /// Lets go of the last copy's positions once no worker reads it (call once per frame).
    pub fn release_positions(&mut self) {
        if let Some((_, last)) = &mut self.last
            && let Some(lean) = Arc::get_mut(last)
            && !lean.positions.is_empty()
        {
            lean.positions = crate::model::Positions::default();
        }
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
        // None of these feeds an analysis: the Trash, rejected suggestions and dismissed names
        // stay behind (the done marks are the article list's coding status).
        trash: Vec::new(),
        rejected_suggestions: Vec::new(),
        done_articles: project.done_articles.clone(),
        dismissed_candidates: Vec::new(),
        assignments: project.assignments.clone(),
        consensus: project.consensus.clone(),
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
        let spawned = spawn_worker("stancemap-analysis", move || {
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

    /// True while a computation is in flight (its result not yet taken in).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_lean_copy_equals_a_new_one_and_lets_go_of_the_positions() {
        let mut project = crate::model::presets::sample_project();
        let mut lean = LeanCopies::default();
        let first = lean.copy(&project, 1);
        assert_eq!(*first, lean_copy(&project));
        drop(first);
        lean.release_positions();
        assert!(lean.last.as_ref().is_some_and(|(_, last)| last.positions.is_empty()), "positions given back");
        let key = project.positions.iter().next().map(crate::model::Position::key).expect("the sample has positions");
        crate::model::Edit::set_position(crate::model::Position::new(&key, 3.0)).apply(&mut project);
        project.title = "Changed".into();
        let second = lean.copy(&project, 1);
        assert_eq!(*second, lean_copy(&project), "brought up to date");
        let second_address = Arc::as_ptr(&second);
        crate::model::Edit::set_position(crate::model::Position::new(&key, 4.0)).apply(&mut project);
        let while_held = lean.copy(&project, 1);
        assert!(!Arc::ptr_eq(&second, &while_held), "a copy a worker reads is never changed");
        assert_eq!(second.positions.get(&key).map(|p| p.value), Some(3.0));
        assert_eq!(*while_held, lean_copy(&project));
        drop((second, while_held));
        lean.release_positions();
        let third = lean.copy(&project, 1);
        assert_ne!(Arc::as_ptr(&third), second_address, "the last copy made is the one reused");
        assert_eq!(*third, lean_copy(&project));
        drop(third);
        // An article changed is a new shape: its details are copied anew.
        project.articles[0].title = "Renamed".into();
        assert_eq!(*lean.copy(&project, 2), lean_copy(&project));
    }

    #[test]
    fn workers_run_their_work_and_hand_back_its_result() {
        let worker = spawn_worker("test-worker", || 6 * 7).expect("a thread starts");
        assert_eq!(worker.join().ok(), Some(42));
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn workers_run_below_the_callers_priority_and_the_caller_keeps_its_own() {
        // SAFETY: getpriority only reads the given thread's nice value.
        let nice_of = |thread: libc::pid_t| unsafe { libc::getpriority(libc::PRIO_PROCESS, thread as libc::id_t) };
        // SAFETY: gettid has no preconditions.
        let caller = nice_of(unsafe { libc::gettid() });
        // SAFETY: as above, on the worker's own thread.
        let worker = spawn_worker("test-worker", move || nice_of(unsafe { libc::gettid() }))
            .expect("a thread starts")
            .join()
            .ok();
        // Nice values only go up for an unprivileged process, up to 19.
        assert_eq!(worker, Some((caller + WORKER_NICE).min(19)));
        // SAFETY: as above.
        assert_eq!(nice_of(unsafe { libc::gettid() }), caller, "only the worker was lowered");
    }
}
