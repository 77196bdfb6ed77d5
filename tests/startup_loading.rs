//! Start-up with a project file: the window appears at once with "Loading NAME... N %" and Cancel
//! while the file is read on a worker, then shows the project; Cancel shows the sample instead.

mod common;

use common::*;
use egui_kittest::kittest::{NodeT, Queryable};
use stancemap::model::generate::{GenerateOptions, generate};
use stancemap::model::presets;

/// A generated project of a few megabytes saved in `dir` (big enough that reading it takes
/// longer than the first frame).
fn saved_corpus(dir: &std::path::Path) -> (std::path::PathBuf, stancemap::model::Project) {
    let options = GenerateOptions { articles: 300, actors: 30, issues: 8, positions: 30_000, coders: 2, seed: 7 };
    let project = generate(&options).expect("the options are valid");
    let path = dir.join("corpus.stancemap");
    stancemap::io::project_file::save_project(&path, &project).expect("the project saves");
    (path, project)
}

#[test]
fn the_window_shows_the_loading_progress_and_then_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let (path, project) = saved_corpus(dir.path());
    let mut harness = startup_harness(&path);
    // The first frame: the progress and its Cancel, nothing of the sample behind them.
    assert!(harness.state().is_loading());
    let bar = harness.get_by_label_contains("Loading corpus.stancemap...");
    assert!(bar.accesskit_node().label().unwrap_or_default().ends_with('%'));
    harness.get_by_label("Cancel loading");
    assert!(harness.query_by_label("All issues").is_none(), "no panel is drawn while loading");
    until_loaded(&mut harness);
    assert_eq!(harness.state().project(), &project);
    assert_eq!(harness.state().project_path(), Some(path.as_path()));
    assert!(!harness.state().is_dirty());
    assert!(harness.query_by_label("Cancel loading").is_none());
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("Opened") && messages.contains("corpus.stancemap"), "{messages}");
}

#[test]
fn cancel_stops_loading_and_shows_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_corpus(dir.path());
    let mut harness = startup_harness(&path);
    harness.get_by_label("Cancel loading").click();
    harness.step();
    harness.step();
    assert!(!harness.state().is_loading());
    settle_background(&mut harness);
    assert_eq!(harness.state().project(), &presets::sample_project());
    assert_eq!(harness.state().project_path(), None);
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("Stopped loading corpus.stancemap"), "{messages}");
    // A result arriving after Cancel changes nothing.
    std::thread::sleep(std::time::Duration::from_millis(300));
    settle_background(&mut harness);
    assert_eq!(harness.state().project(), &presets::sample_project());
}

#[test]
fn a_broken_file_shows_its_error_over_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.stancemap");
    std::fs::write(&broken, "{\n  \"format_version\": 2,\n  \"actors\": [ oops ]\n}\n").unwrap();
    let mut harness = startup_harness(&broken);
    until_loaded(&mut harness);
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("broken.stancemap: line 3, column"), "{messages}");
    assert_eq!(harness.state().project(), &presets::sample_project());
}
