//! How far the reading of a project file has got, for a progress bar, and a way to stop it.
//!
//! A read runs inside [`with_progress`] on its own thread; while it does, each article and each
//! position read calls [`tick`], which counts one unit and says whether to go on. The reader sets
//! the expected total beforehand (a count of the file's articles and positions), so the count
//! over the total is the share read. Outside `with_progress` a tick counts nothing and never stops.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The progress of one read, shared between the reading thread and the one that shows it.
#[derive(Debug, Default)]
pub struct ReadProgress {
    /// Bytes of the file read from disk so far.
    pub bytes_read: AtomicU64,
    /// The file's size.
    pub bytes_total: AtomicU64,
    /// Articles and positions parsed so far.
    pub items_done: AtomicU64,
    /// Articles and positions the file holds (an estimate made before parsing; 0: not known yet).
    pub items_total: AtomicU64,
    cancelled: AtomicBool,
}

impl ReadProgress {
    /// Asks the read to stop at its next article or position.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// True once [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Done so far, 0-1: the first tenth for reading the bytes, the rest for parsing them.
    pub fn fraction(&self) -> f32 {
        let share = |done: &AtomicU64, total: &AtomicU64| {
            let total = total.load(Ordering::Relaxed);
            if total == 0 { 0.0 } else { (done.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) }
        };
        let read = share(&self.bytes_read, &self.bytes_total);
        let parsed = share(&self.items_done, &self.items_total);
        (0.1 * read + 0.9 * parsed) as f32
    }
}

thread_local! {
    /// The progress of the read running on this thread inside [`with_progress`], if any.
    static CURRENT: RefCell<Option<Arc<ReadProgress>>> = const { RefCell::new(None) };
}

/// Runs `read` (a deserialisation) counting its articles and positions into `progress`.
pub fn with_progress<R>(progress: Arc<ReadProgress>, read: impl FnOnce() -> R) -> R {
    let outer = CURRENT.with(|current| current.borrow_mut().replace(progress));
    let result = read();
    CURRENT.with(|current| *current.borrow_mut() = outer);
    result
}

/// Counts one article or position read; false when the read was cancelled (the reader then stops
/// with an error).
pub(crate) fn tick() -> bool {
    CURRENT.with(|current| match current.borrow().as_ref() {
        Some(progress) => {
            progress.items_done.fetch_add(1, Ordering::Relaxed);
            !progress.is_cancelled()
        }
        None => true,
    })
}

/// What a cancelled read reports.
pub const CANCELLED: &str = "reading was cancelled";

/// Reads a list of articles, counting each (see [`tick`]).
pub(crate) fn articles<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<super::Article>, D::Error> {
    struct Articles;
    impl<'de> serde::de::Visitor<'de> for Articles {
        type Value = Vec<super::Article>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("a list of articles")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut articles = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(article) = seq.next_element()? {
                if !tick() {
                    return Err(serde::de::Error::custom(CANCELLED));
                }
                articles.push(article);
            }
            Ok(articles)
        }
    }
    deserializer.deserialize_seq(Articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_counts_its_articles_and_positions_and_stops_when_cancelled() {
        let json = crate::io::project_file::project_to_json(&crate::model::presets::sample_project());
        let progress = Arc::new(ReadProgress::default());
        let project: crate::model::Project =
            with_progress(Arc::clone(&progress), || serde_json::from_str(&json)).expect("the sample reads");
        let items = (project.articles.len() + project.positions.len()) as u64;
        assert_eq!(progress.items_done.load(Ordering::Relaxed), items);
        assert!(tick(), "outside a read nothing counts and nothing stops");
        assert_eq!(progress.items_done.load(Ordering::Relaxed), items);
        let cancelled = Arc::new(ReadProgress::default());
        cancelled.cancel();
        let error = with_progress(cancelled, || serde_json::from_str::<crate::model::Project>(&json)).unwrap_err();
        assert!(error.to_string().contains(CANCELLED), "{error}");
    }
}
