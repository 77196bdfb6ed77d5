//! Pure functions over the model: mentions of actors and issues in texts, aggregation of positions,
//! inter-coder agreement and forecasts. No UI, no files.

pub mod adjudication;
pub mod aggregate;
pub mod agreement;
pub mod article_filter;
pub mod candidates;
pub mod find;
pub mod forecast;
pub mod mentions;
pub mod suggest;
pub mod team_status;

/// `work` applied to every item, spread over the machine's cores with `std::thread::scope`; the
/// results in item order. Threads started from a low-priority worker share its priority.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, work(item)));
                    }
                    done
                })
            })
            .collect();
        // A worker's panic is passed on, as if the work had run on this thread.
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
