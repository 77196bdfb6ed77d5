//! Reading another tool's file (`.qdpx`, `.dna`, KTAB) on a worker thread for File > Open and
//! Import, with progress and Cancel for the status bar. The session decides what to read
//! ([`ExchangeRequest`]) and what to do with the result; this only runs it off the UI thread. A
//! cancelled read is dropped at once (the worker stops at its next step and its result goes
//! nowhere), so Cancel never waits and never changes the open project.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::io::exchange::ReadProgress;
use crate::session::{ExchangeRead, ExchangeRequest};

/// A running read.
pub struct ExchangeJob {
    /// The file's name, for the progress bar.
    pub file_name: String,
    /// The file's path, handed back when the user cancels.
    pub path: std::path::PathBuf,
    /// True for File > Open, false for Import.
    pub open: bool,
    progress: Arc<ReadProgress>,
    receiver: Receiver<ExchangeRead>,
}

impl ExchangeJob {
    /// Starts `request` on a worker; `ctx` is repainted when it is done.
    pub fn start(request: ExchangeRequest, ctx: egui::Context) -> Self {
        let progress = Arc::new(ReadProgress::default());
        let (sender, receiver) = channel();
        let (file_name, path, open) = (request.file_name(), request.path.clone(), request.open);
        let worker_progress = Arc::clone(&progress);
        let failed = request.clone();
        let spawned = crate::session::background::spawn_worker("exchange-read", move || {
            let read = request.run(Some(&worker_progress));
            if !worker_progress.is_cancelled() {
                sender.send(read).ok();
                ctx.request_repaint();
            }
        });
        if let Err(error) = spawned {
            let (sender, receiver) = channel();
            let result = Err(format!("{}: cannot start reading: {error}", failed.path.display()));
            sender.send(ExchangeRead { request: failed, result }).ok();
            return Self { file_name, path, open, progress, receiver };
        }
        Self { file_name, path, open, progress, receiver }
    }

    /// The result, once the worker is done.
    pub fn try_finish(&self) -> Option<ExchangeRead> {
        self.receiver.try_recv().ok()
    }

    /// Done so far, 0–1 (0 while the file is unpacked).
    pub fn fraction(&self) -> f32 {
        self.progress.fraction()
    }

    /// What the reader is doing: "unpacking" until it knows its total, then "120/1000" (sources or
    /// documents), then "building the project" (positions, codes and the report).
    pub fn stage(&self) -> String {
        use std::sync::atomic::Ordering;
        let total = self.progress.total.load(Ordering::Relaxed);
        let done = self.progress.done.load(Ordering::Relaxed);
        match total {
            0 => "unpacking".to_owned(),
            _ if done >= total => "building the project".to_owned(),
            _ => format!("{done}/{total}"),
        }
    }

    /// Asks the worker to stop; its result is dropped.
    pub fn cancel(&self) {
        self.progress.cancel();
    }
}
