//! Hands memory the app has freed back to the system once a burst of work settles.
//!
//! Opening a corpus-scale project and computing its first results frees tens of megabytes in
//! small blocks that glibc's allocator keeps for reuse rather than returning, so the open app
//! stayed ~20 MB larger than its live heap at 1,000 articles, and the background analyses of a
//! 10,000-article project left ~190 MB free but held (569 MB resident for 381 MB of heap). A
//! thread waits until no result has arrived for [`QUIET`], then, the first time and whenever the
//! resident memory has grown by [`WORTH_RELEASING`] since the last time, asks the allocator to
//! release free pages (`malloc_trim`), off the UI thread so no frame pays for it. A drag's release
//! at 1,000 articles grows it far less, so the frames after it do not fault pages back in. Other platforms' allocators return memory themselves: nothing is done
//! there.

/// How long no new result must have arrived before freed memory is released.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const QUIET: std::time::Duration = std::time::Duration::from_millis(500);

/// How much the process's resident memory must have grown since the last release before freed
/// memory is released again: a burst of whole-project results at 10,000 articles leaves a hundred
/// megabytes or more free but held, an edit at 1,000 articles a few.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const WORTH_RELEASING: usize = 32 << 20;

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

/// Waits for activity, then for quiet, then releases what is free when it is worth it; again
/// after each burst, until the app drops its sender.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_when_quiet(activity: &std::sync::mpsc::Receiver<()>) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut resident_after_release = 0;
    while activity.recv().is_ok() {
        loop {
            match activity.recv_timeout(QUIET) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // Trimming after every burst (each drag release) made the next frames fault the pages
        // back in, which cost the release frames more than the memory was worth: only a burst
        // that grew the process much is released.
        if worth_releasing(resident_after_release, resident_bytes()) {
            // SAFETY: malloc_trim only returns free pages of glibc's heaps to the system; it
            // takes the allocator's own locks and touches no memory in use.
            unsafe {
                libc::malloc_trim(0);
            }
            resident_after_release = resident_bytes();
        }
    }
}

/// True when the process has grown from `after_last_release` to `resident` by enough to release.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn worth_releasing(after_last_release: usize, resident: usize) -> bool {
    resident >= after_last_release.saturating_add(WORTH_RELEASING)
}

/// The process's resident memory in bytes (0 when it cannot be read).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn resident_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm.split_whitespace().nth(1).and_then(|field| field.parse().ok()).unwrap_or(0);
    // SAFETY: sysconf only reads a system constant.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages.saturating_mul(usize::try_from(page).unwrap_or(4096))
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn a_burst_that_grew_the_process_much_is_released_and_a_small_one_is_not() {
        assert!(worth_releasing(0, 64 << 20), "the first burst after the start");
        let after = 300 << 20;
        assert!(!worth_releasing(after, after + (4 << 20)), "an edit's few megabytes");
        assert!(worth_releasing(after, after + (100 << 20)), "a burst of whole-project results");
        assert!(!worth_releasing(after, after - (50 << 20)), "shrunk since");
    }

    #[test]
    fn releasing_gives_freed_memory_back() {
        // Many small blocks (below the mmap threshold), every other one freed, so that they cannot
        // join the heap's top and go back to the system by themselves: the process keeps them.
        let mut blocks: Vec<Vec<u8>> = (0..8_000).map(|_| vec![1u8; 16 << 10]).collect();
        let mut index = 0;
        blocks.retain(|_| {
            index += 1;
            index % 2 == 0
        });
        let held = resident_bytes();
        // SAFETY: as in `release_when_quiet`.
        unsafe {
            libc::malloc_trim(0);
        }
        let released = resident_bytes();
        // 64 MB were freed; other tests of this process allocate meanwhile, so ask for a quarter
        // (a run saw 31.5 MB come back beside them; without the trim none does).
        assert!(released + (16 << 20) <= held, "{held} -> {released}");
        drop(blocks);
    }
}
