//! An article import running on background threads, with progress and cancel for the UI.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, channel};

use crate::io::articles::{ExtractedFiles, ImportProgress, available_threads, extract_all};
use crate::io::import::ImportError;

/// A running import.
pub struct ImportJob {
    /// Files to read.
    pub total: usize,
    progress: Arc<ImportProgress>,
    receiver: Receiver<ExtractedFiles>,
}

impl ImportJob {
    /// Starts reading `files` in the background; `ctx` is repainted when it finishes.
    pub fn start(files: Vec<PathBuf>, ctx: egui::Context) -> Self {
        let progress = Arc::new(ImportProgress::default());
        let (sender, receiver) = channel();
        let total = files.len();
        let worker_progress = Arc::clone(&progress);
        let spawned = crate::session::background::spawn_worker("article-import", move || {
            let extracted = extract_all(&files, available_threads(), &worker_progress);
            let cancelled = worker_progress.cancel.load(Ordering::Relaxed);
            sender.send(ExtractedFiles { files: extracted, cancelled }).ok();
            ctx.request_repaint();
        });
        if let Err(error) = spawned {
            let (sender, failed) = channel();
            sender
                .send(ExtractedFiles {
                    files: vec![(
                        PathBuf::from("import"),
                        Err(ImportError::Read { path: PathBuf::from("import"), error }),
                    )],
                    cancelled: false,
                })
                .ok();
            return Self { total, progress, receiver: failed };
        }
        Self { total, progress, receiver }
    }

    /// The result, once the worker is done.
    pub fn try_finish(&self) -> Option<ExtractedFiles> {
        self.receiver.try_recv().ok()
    }

    /// Files finished so far.
    pub fn done(&self) -> usize {
        self.progress.done.load(Ordering::Relaxed)
    }

    /// Name of the file being read.
    pub fn current_file(&self) -> String {
        self.progress.current.lock().map(|name| name.clone()).unwrap_or_default()
    }

    /// Asks the workers to stop after the files in flight.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }
}
