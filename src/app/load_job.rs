//! Reading a project file on a worker thread, so the window never freezes while a quarter-gigabyte
//! file is parsed: at start-up the window appears at once and shows "Loading NAME... 40 %" with
//! Cancel; for File > Open (and Open Recent, and a project dropped on the window) the same bar and
//! Cancel sit at the bottom while the open project stays usable. The session opens the result
//! ([`Command::FinishLoad`]); a cancelled read stops at its next article or position and its
//! result goes nowhere.
//!
//! [`Command::FinishLoad`]: crate::session::Command::FinishLoad

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::model::Project;
use crate::model::progress::ReadProgress;

/// A running read of a project file.
pub struct LoadJob {
    /// The file's name, for the progress bar.
    pub file_name: String,
    /// The file.
    pub path: PathBuf,
    /// True when the read replaces an open project (File > Open), which stays usable meanwhile;
    /// false at start-up, when the window shows only the progress.
    pub over_open_project: bool,
    progress: Arc<ReadProgress>,
    receiver: Receiver<Result<Project, String>>,
}

impl LoadJob {
    /// Starts reading `path` (over an open project or not, see [`Self::over_open_project`]); `ctx`
    /// is repainted when it is done.
    pub fn start(path: &Path, over_open_project: bool, ctx: egui::Context) -> Self {
        let progress = Arc::new(ReadProgress::default());
        let (sender, receiver) = channel();
        let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let (worker_path, worker_progress) = (path.to_owned(), Arc::clone(&progress));
        let spawned = crate::session::background::spawn_worker("project-load", move || {
            let result = crate::io::project_file::load_project_with_progress(&worker_path, &worker_progress)
                .map_err(|error| error.to_string());
            if !worker_progress.is_cancelled() {
                sender.send(result).ok();
                ctx.request_repaint();
            }
        });
        let (sender, failed_receiver) = channel();
        if let Err(error) = spawned {
            sender.send(Err(format!("{}: cannot start reading: {error}", path.display()))).ok();
            return Self { file_name, path: path.to_owned(), over_open_project, progress, receiver: failed_receiver };
        }
        Self { file_name, path: path.to_owned(), over_open_project, progress, receiver }
    }

    /// The project (or why it could not be read), once the worker is done.
    pub fn try_finish(&self) -> Option<Result<Project, String>> {
        self.receiver.try_recv().ok()
    }

    /// Done so far, 0-1.
    pub fn fraction(&self) -> f32 {
        self.progress.fraction()
    }

    /// Asks the worker to stop; its result is dropped.
    pub fn cancel(&self) {
        self.progress.cancel();
    }
}
