//! The memory of the open app on the corpus-scale project: what opening its file in the app adds to
//! the resident memory of a fresh process (target ≤ 2× the file size, issue 24), and where the heap goes
//! (counted by a wrapping allocator): the project's parts, the app and its first frames.
//!
//! Run with `cargo bench --bench memory` (1,000 articles, `stancemap generate`'s defaults); `-- --team`
//! for a team's shape (100 actors, 30 issues, 5 coders) and `-- --articles 1000,10000` for other
//! sizes (10,000: the 263 MB team corpus).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use egui_kittest::Harness;
use stancemap::app::App;

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `dealloc`, and `new_size` is the caller's valid new size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The environment variable that makes this binary the measuring child.
const CHILD: &str = "STANCEMAP_BENCH_MEMORY_CHILD";

/// What the app may hold for each byte of its file (issue 24).
const TARGET: f64 = 2.0;

fn main() {
    if let Ok(path) = std::env::var(CHILD) {
        child(&path);
        return;
    }
    let (sizes, team) = parse_args(std::env::args().skip(1));
    for articles in sizes {
        let options = if team { common::team_corpus_options(articles) } else { common::corpus_options(articles) };
        println!(
            "\n== {} articles, {} actors, {} issues, {} positions, {} coders",
            options.articles, options.actors, options.issues, options.positions, options.coders
        );
        let project = common::build_project(&options);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.stancemap");
        stancemap::io::project_file::save_project(&path, &project).expect("save");
        drop(project);
        measure_file(&path);
    }
}

/// Opens `path` in a fresh process (so memory this one freed does not hide the growth) and prints
/// what it holds against the file's size.
fn measure_file(path: &std::path::Path) {
    let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64;
    let output = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .env(CHILD, path)
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        match line.split_once("resident ") {
            Some((stage, grown)) if line.starts_with("resident ") || stage.ends_with(": ") => {
                let resident: f64 = grown.trim().parse().unwrap_or(f64::NAN);
                println!(
                    "memory {stage}the open app holds {:.1} MB for a {:.1} MB file ({:.2}x; target <= {TARGET}x)",
                    resident / 1e6,
                    file_bytes / 1e6,
                    resident / file_bytes
                );
            }
            _ => println!("{line}"),
        }
    }
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
}

/// The corpus sizes (`--articles 1000,10000`, also `--articles=...`; 1,000 when not given) and
/// whether to use a team's shape at every size (`--team`: 100 actors, 30 issues, 5 coders, 50
/// positions an article; sizes other than 1,000 always have it). Other flags (cargo's `--bench`)
/// are ignored.
fn parse_args(args: impl Iterator<Item = String>) -> (Vec<usize>, bool) {
    let (sizes, others) = common::corpus_sizes(args);
    (sizes, others.iter().any(|arg| arg == "--team"))
}

/// Resident memory of this process (Linux; 0 elsewhere).
fn resident_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm.split_whitespace().nth(1).and_then(|field| field.parse().ok()).unwrap_or(0);
    pages * 4096
}

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Loads `path`, opens it in the app on its first article (the long read), lets it draw; then
/// waits for every background analysis and draws again. Prints the heap per stage and the
/// resident growth at both points.
fn child(path: &str) {
    let resident_before = resident_bytes();
    let start = live();
    let project = stancemap::io::project_file::load_project(std::path::Path::new(path)).expect("load");
    let loaded = live();
    println!("heap: project {}", megabytes(loaded - start));
    project_parts(&project);
    let app = App::with_project(project).with_recovery_store(None);
    let with_app = live();
    println!("heap: the app around it {}", megabytes(with_app - loaded));
    let mut app = Some(app);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_max_steps(64)
        .build_eframe(move |_cc| app.take().unwrap_or_else(|| App::with_project(Default::default())));
    for _ in 0..40 {
        harness.run_ok();
        std::thread::sleep(Duration::from_millis(25));
    }
    harness.run_ok();
    let opened = live();
    println!("heap: first frames, egui, accessibility, first results {}", megabytes(opened - with_app));
    println!("heap: total, open on the long read {}", megabytes(opened - start));
    // The app hands freed memory back once no result has arrived for half a second.
    std::thread::sleep(Duration::from_millis(1000));
    println!("open on the long read: resident {}", resident_bytes().saturating_sub(resident_before));
    harness.state_mut().wait_for_background();
    for _ in 0..10 {
        harness.run_ok();
        std::thread::sleep(Duration::from_millis(25));
    }
    harness.state_mut().wait_for_background();
    harness.run_ok();
    let settled = live();
    println!("heap: background analyses finished {}", signed_megabytes(settled, opened));
    println!("heap: total, analyses finished {}", megabytes(settled - start));
    std::thread::sleep(Duration::from_millis(1000));
    println!("heap: free in the allocator's heaps, given back or not {}", megabytes(held_free_bytes()));
    println!("analyses finished: resident {}", resident_bytes().saturating_sub(resident_before));
    // Left to the process's end, as the app's would be: heaptrack then lists what is held here as
    // "leaked", by call site.
    std::mem::forget(harness);
}

/// The bytes glibc's heaps hold free, not given back to the system (Linux with glibc; 0 elsewhere).
fn held_free_bytes() -> usize {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's statistics.
        unsafe { libc::mallinfo2() }.fordblks
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        0
    }
}

/// `after - before` in megabytes, with its sign.
fn signed_megabytes(after: usize, before: usize) -> String {
    format!("{:+.1} MB", (after as f64 - before as f64) / 1e6)
}

/// What the project's parts take on the heap, measured by deep copies of each.
fn project_parts(project: &stancemap::Project) {
    let measure = |what: &str, copy: &dyn Fn() -> Box<dyn std::any::Any>| {
        let before = live();
        let copied = copy();
        println!("heap:   {what} {}", megabytes(live() - before));
        drop(copied);
    };
    measure("articles (texts and metadata)", &|| Box::new(project.articles.clone()));
    // Rebuilt, since a clone of the collection would share its parts and count nothing.
    measure("positions as stored (one ordered set per issue)", &|| {
        Box::new(project.positions.iter().cloned().collect::<stancemap::model::Positions>())
    });
    measure("position histories", &|| {
        Box::new(project.positions.iter().map(|p| p.history.clone()).collect::<Vec<_>>())
    });
    measure("position evidence", &|| {
        Box::new(project.positions.iter().map(|p| p.evidence.clone()).collect::<Vec<_>>())
    });
}
