//! Watching the open team folder: a coding file changed by a `git pull` or a cloud drive's sync
//! becomes a [`Command::CodingFileChanged`], and a changed team file a [`Command::CheckDisk`] (the
//! "changed on disk: Reload / Keep mine" question), like every other change.
//!
//! The watcher (crate `notify`: inotify, FSEvents, ReadDirectoryChangesW) runs on its own thread
//! and wakes the UI; events are gathered for [`SETTLE`] so that a sync touching a file several
//! times (a temp file, then a rename) is taken in once, when it is complete.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::Watcher as _;

use crate::session::Command;

/// How long after the last event in a burst the changed files are read.
const SETTLE: Duration = Duration::from_millis(300);

/// A watch on one team folder.
pub struct TeamWatch {
    /// The folder watched.
    pub root: PathBuf,
    /// Kept alive for as long as the folder is watched.
    _watcher: notify::RecommendedWatcher,
    events: Receiver<PathBuf>,
    /// Files changed since the last burst was taken in, and when the last one came.
    pending: BTreeSet<PathBuf>,
    last_event: Option<Instant>,
}

impl TeamWatch {
    /// Starts watching `root` (its team file and its `coders/` folder); `wake` is called from the
    /// watcher's thread when something changed.
    pub fn start(root: &Path, wake: impl Fn() + Send + 'static) -> notify::Result<Self> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            let mut any = false;
            for path in event.paths {
                if is_team_part(&path) {
                    any = true;
                    // The app dropped the watch: nothing left to tell.
                    sender.send(path).ok();
                }
            }
            if any {
                wake();
            }
        })?;
        let coders = root.join(crate::io::team::CODERS_FOLDER);
        std::fs::create_dir_all(&coders).ok();
        watcher.watch(root, notify::RecursiveMode::NonRecursive)?;
        watcher.watch(&coders, notify::RecursiveMode::NonRecursive)?;
        Ok(Self { root: root.to_owned(), _watcher: watcher, events, pending: BTreeSet::new(), last_event: None })
    }

    /// The commands for the files whose changes have settled; `None` while a burst is still
    /// coming in, with the time to look again.
    pub fn poll(&mut self) -> (Vec<Command>, Option<Duration>) {
        while let Ok(path) = self.events.try_recv() {
            self.pending.insert(path);
            self.last_event = Some(Instant::now());
        }
        let Some(last) = self.last_event else { return (Vec::new(), None) };
        let quiet = last.elapsed();
        if quiet < SETTLE {
            return (Vec::new(), Some(SETTLE - quiet));
        }
        self.last_event = None;
        let team_file = crate::io::team::team_file_path(&self.root);
        let commands = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|path| {
                if path.file_name() == team_file.file_name() && path.parent() == team_file.parent() {
                    Command::CheckDisk
                } else {
                    Command::CodingFileChanged(path)
                }
            })
            .collect();
        (commands, None)
    }
}

/// True for the team file and coding files (not the temp files of saves in progress).
fn is_team_part(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|name| name.to_string_lossy()) else { return false };
    if name.starts_with('.') {
        return false;
    }
    name == crate::io::team::TEAM_FILE_NAME
        || (name.ends_with(".json")
            && path.parent().and_then(Path::file_name).is_some_and(|dir| dir == crate::io::team::CODERS_FOLDER))
}
