//! The memory of the open app on the corpus-scale project: what opening its file in the app adds to
//! the resident memory of a fresh process (target ≤ 3× the file size), and where the heap goes
//! (counted by a wrapping allocator): the project's parts, the app and its first frames.
//!
//! Run with `cargo bench --bench memory`.

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

fn main() {
    if let Ok(path) = std::env::var(CHILD) {
        child(&path);
        return;
    }
    let project = common::build_large_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.stancemap");
    stancemap::io::project_file::save_project(&path, &project).expect("save");
    drop(project);
    let file_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64;
    // A fresh process, so memory this one freed does not hide the growth.
    let output = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .env(CHILD, &path)
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut resident = f64::NAN;
    for line in stdout.lines() {
        match line.strip_prefix("resident ") {
            Some(grown) => resident = grown.trim().parse().unwrap_or(f64::NAN),
            None => println!("{line}"),
        }
    }
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    println!(
        "memory: the open app holds {:.1} MB for a {:.1} MB file ({:.2}×; target ≤ 3×)",
        resident / 1e6,
        file_bytes / 1e6,
        resident / file_bytes
    );
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

/// Loads `path`, opens it in the app, lets it settle; prints the heap per stage and the resident
/// growth.
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
    let settled = live();
    println!("heap: frames, egui, accessibility and derived results {}", megabytes(settled - with_app));
    println!("heap: total {}", megabytes(settled - start));
    // The app hands freed memory back once no result has arrived for half a second.
    std::thread::sleep(Duration::from_millis(1000));
    println!("resident {}", resident_bytes().saturating_sub(resident_before));
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
