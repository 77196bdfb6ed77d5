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

/// File > Open of a project file reads it on a worker too: the same bar and Cancel sit at the
/// bottom while the project shown stays on screen and usable, then the new project opens.
#[test]
fn file_open_reads_on_a_worker_while_the_open_project_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let (path, project) = saved_corpus(dir.path());
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Open…", &path, "Open");
    assert!(harness.state().is_loading(), "the file is read in the background");
    harness.get_by_label_contains("Loading corpus.stancemap...");
    harness.get_by_label("Cancel loading");
    // The sample is still there to work with: its panels are drawn and its tabs answer.
    assert_eq!(harness.state().project(), &presets::sample_project());
    harness.get_by_label("Agreement").click();
    harness.step();
    assert!(harness.query_all_by_label("All issues").next().is_some(), "the open project's views are drawn");
    until_loaded(&mut harness);
    assert_eq!(harness.state().project(), &project);
    assert_eq!(harness.state().project_path(), Some(path.as_path()));
    assert!(harness.query_by_label("Cancel loading").is_none());
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("Opened") && messages.contains("corpus.stancemap"), "{messages}");
}

/// Cancel during File > Open keeps the open project; a broken file's error shows over it.
#[test]
fn cancelling_file_open_keeps_the_open_project_and_errors_show_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_corpus(dir.path());
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Open…", &path, "Open");
    harness.get_by_label("Cancel loading").click();
    harness.step();
    harness.step();
    assert!(!harness.state().is_loading());
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("Stopped loading corpus.stancemap; the open project stays"), "{messages}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    settle_background(&mut harness);
    assert_eq!(harness.state().project(), &presets::sample_project(), "a result after Cancel changes nothing");

    let broken = dir.path().join("broken.stancemap");
    std::fs::write(&broken, "{\n  \"format_version\": 2,\n  \"actors\": [ oops ]\n}\n").unwrap();
    file_menu_with_path(&mut harness, "Open…", &broken, "Open");
    until_loaded(&mut harness);
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("broken.stancemap: line 3, column"), "{messages}");
    assert_eq!(harness.state().project(), &presets::sample_project());
}
