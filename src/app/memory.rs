//! Hands memory the app has freed back to the system once a burst of work settles.
//!
//! Opening a corpus-scale project and computing its first results frees tens of megabytes in
//! small blocks that glibc's allocator keeps for reuse rather than returning, so the open app
//! stayed ~20 MB larger than its live heap. A thread waits until no result has arrived for
//! [`QUIET`] after the app starts, then once asks the allocator to release free pages
//! (`malloc_trim`), off the UI thread so no frame pays for it. Other platforms' allocators
//! return memory themselves: nothing is done there.

/// How long no new result must have arrived before freed memory is released.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const QUIET: std::time::Duration = std::time::Duration::from_millis(500);

/// Tells the releasing thread that work happened; it releases once things are quiet.
pub struct MemoryRelease {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    activity: Option<std::sync::mpsc::Sender<()>>,
}

impl Default for MemoryRelease {
    fn default() -> Self {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        {
            let (activity, quiet) = std::sync::mpsc::channel::<()>();
            let spawned =
                crate::session::background::spawn_worker("release freed memory", move || release_when_quiet(&quiet));
            // Without the thread the app only keeps more memory than it needs.
            Self { activity: spawned.ok().map(|_| activity) }
        }
        #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
        Self {}
    }
}

impl MemoryRelease {
    /// Notes that work happened (a result arrived, a project opened): memory is released once
    /// nothing more has happened for a moment.
    pub fn note_activity(&self) {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        if let Some(activity) = &self.activity {
            // The thread is gone only if it panicked; nothing to do then.
            let _ = activity.send(());
        }
    }
}

/// Waits for activity, then for quiet, then releases once; ends then or when the app drops its
/// sender.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_when_quiet(activity: &std::sync::mpsc::Receiver<()>) {
    use std::sync::mpsc::RecvTimeoutError;
    // Once: trimming after every burst (each drag release) made the next frames fault the pages
    // back in, which cost the release frames more than the memory was worth.
    if activity.recv().is_ok() {
        loop {
            match activity.recv_timeout(QUIET) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // SAFETY: malloc_trim only returns free pages of glibc's heaps to the system; it takes
        // the allocator's own locks and touches no memory in use.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}
