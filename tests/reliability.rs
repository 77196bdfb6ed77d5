//! Never lose an analyst's work: files are not replaced without asking, autosaved work comes back
//! after a crash, and a file changed by someone else is never silently overwritten.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancemap::app::App;
use stancemap::io::recovery::RecoveryStore;
use stancemap::model::presets;

fn saved_sample(folder: &Path) -> PathBuf {
    let path = folder.join("talks.stancemap");
    stancemap::io::save_project(&path, &presets::sample_project()).expect("save the sample");
    path
}

#[test]
fn work_autosaved_before_a_crash_is_offered_back_and_undo_returns_to_the_file() {
    let folder = tempfile::tempdir().unwrap();
    let store = RecoveryStore::in_dir(folder.path().join("recovery"));
    let path = saved_sample(folder.path());
    {
        let mut harness = harness_at(&path, &store);
        nudge_russia(&mut harness);
        assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(6.0));
        // The user stops for a moment; autosave writes within seconds, off the UI thread.
        for _ in 0..60 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            harness.run();
            if store.newer_than_file(&path).is_some() {
                break;
            }
        }
        assert!(store.newer_than_file(&path).is_some(), "autosaved within 6 s of the last edit");
        // The app is killed here: no save, no question.
    }
    let mut harness = harness_at(&path, &store);
    harness.get_by_label_contains("Recover unsaved work on");
    harness.get_by_label_contains("1 position changed");
    harness.get_by_label("Recover").click();
    harness.run();
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(6.0));
    assert!(harness.state().is_dirty(), "recovered work is an unsaved change");
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(5.0), "one step back to the file");
    assert!(!harness.state().is_dirty());
}

#[test]
fn discarding_offered_work_deletes_it() {
    let folder = tempfile::tempdir().unwrap();
    let store = RecoveryStore::in_dir(folder.path().join("recovery"));
    let path = saved_sample(folder.path());
    let mut changed = presets::sample_project();
    changed.title = "Changed while nobody saved".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let json = stancemap::io::project_file::project_to_json(&changed);
    store.write(&RecoveryStore::key_for(Some(&path), ""), json.as_bytes(), Some(&path), &changed.title).unwrap();
    let mut harness = harness_at(&path, &store);
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(store.entries().is_empty());
    assert_eq!(harness.state().project().title, presets::sample_project().title);
    assert!(!harness.state().is_dirty());
}

#[test]
fn save_as_over_an_existing_file_asks_first() {
    let folder = tempfile::tempdir().unwrap();
    let victim = folder.path().join("victim.stancemap");
    std::fs::write(&victim, "precious").unwrap();
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Save As…", &victim, "Save");
    harness.get_by_label("Replace “victim.stancemap”?");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious", "nothing written before the answer");
    harness.get_by_label("Choose another name").click();
    harness.run();
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    file_menu_with_path(&mut harness, "Save As…", &victim, "Save");
    harness.get_by_label("Replace").click();
    harness.run();
    assert!(stancemap::io::load_project(&victim).is_ok(), "replaced after the user agreed");
    assert_eq!(std::fs::read_to_string(stancemap::io::project_file::backup_path(&victim)).unwrap(), "precious");
}

#[test]
fn an_export_never_replaces_a_project_and_asks_before_replacing_a_figure() {
    let folder = tempfile::tempdir().unwrap();
    let project = saved_sample(folder.path());
    let before = std::fs::read(&project).unwrap();
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Export figure as SVG…", &project, "Export");
    harness.get_by_label_contains("exports never write to .stancemap files");
    assert_eq!(std::fs::read(&project).unwrap(), before);
    harness.get_by_label("Cancel").click();
    harness.run();
    let figure = folder.path().join("figure.svg");
    std::fs::write(&figure, "old figure").unwrap();
    file_menu_with_path(&mut harness, "Export figure as SVG…", &figure, "Export");
    harness.get_by_label("Replace “figure.svg”?");
    harness.get_by_label("Replace").click();
    harness.run();
    assert!(std::fs::read_to_string(&figure).unwrap().contains("<svg"), "the figure replaced the old file");
}

/// The sample open from a file in `folder` with Russia moved, while another coder saves their
/// version (titled "Their version") over that file.
fn edited_while_someone_else_saves(folder: &Path) -> (Harness<'static, App>, PathBuf) {
    let store = RecoveryStore::in_dir(folder.join("recovery"));
    let path = saved_sample(folder);
    let mut harness = harness_at(&path, &store);
    nudge_russia(&mut harness);
    // File times have a coarse grain on some systems: make their save clearly later.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut theirs = presets::sample_project();
    theirs.title = "Their version".into();
    stancemap::io::save_project(&path, &theirs).unwrap();
    (harness, path)
}

#[test]
fn a_file_changed_by_someone_else_is_never_silently_overwritten() {
    let folder = tempfile::tempdir().unwrap();
    let (mut harness, path) = edited_while_someone_else_saves(folder.path());
    // Saving asks instead of overwriting.
    press_ctrl(&mut harness, Key::S);
    harness.get_by_label("“talks.stancemap” changed on disk");
    assert_eq!(stancemap::io::load_project(&path).unwrap().title, "Their version");
    harness.get_by_label("Reload").click();
    harness.run();
    assert_eq!(harness.state().project().title, "Their version");
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(5.0));
    assert!(!harness.state().is_dirty());
    // Undo brings mine back.
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(6.0));
    assert!(harness.state().is_dirty());
}

#[test]
fn keeping_mine_after_a_change_on_disk_saves_over_it_and_keeps_theirs_as_bak() {
    let folder = tempfile::tempdir().unwrap();
    let (mut harness, path) = edited_while_someone_else_saves(folder.path());
    // Coming back to the window notices the change.
    harness.event(egui::Event::WindowFocused(true));
    harness.run();
    harness.get_by_label("“talks.stancemap” changed on disk");
    harness.get_by_label("Keep mine").click();
    harness.run();
    press_ctrl(&mut harness, Key::S);
    assert!(!harness.state().is_dirty());
    assert_eq!(stancemap::io::load_project(&path).unwrap().title, presets::sample_project().title);
    let backup = stancemap::io::project_file::backup_path(&path);
    assert_eq!(stancemap::io::load_project(&backup).unwrap().title, "Their version");
}

#[test]
fn a_deleted_article_is_restored_from_the_trash_after_saving_and_reopening() {
    let folder = tempfile::tempdir().unwrap();
    let store = RecoveryStore::in_dir(folder.path().join("recovery"));
    let path = saved_sample(folder.path());
    let title = presets::sample_project().articles[0].title.clone();
    let positions = presets::sample_project().positions.len();
    {
        let mut harness = harness_at(&path, &store);
        harness.get_by_role_and_label(egui::accesskit::Role::Button, &title).click_secondary();
        harness.run();
        harness.get_by_label("Move article to the Trash").click();
        harness.run();
        assert!(harness.state().project().articles.is_empty());
        press_ctrl(&mut harness, Key::S);
        assert!(!harness.state().is_dirty());
    }
    let mut harness = harness_at(&path, &store);
    assert!(harness.state().project().articles.is_empty());
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label("Trash (1)…").click();
    harness.run();
    harness.get_by_label(&format!("Restore article “{title}”")).click();
    harness.run();
    let project = harness.state().project();
    assert_eq!(project.articles.len(), 1);
    assert_eq!(project.positions.len(), positions, "the article's positions came back with it");
    assert!(project.trash.is_empty());
}

#[test]
fn merging_another_coders_copy_with_a_conflict_resolved_is_one_undo_step() {
    let folder = tempfile::tempdir().unwrap();
    let theirs_path = folder.path().join("coder-b.stancemap");
    let mut theirs = presets::sample_project();
    let mut russia = theirs
        .positions
        .iter()
        .find(|p| p.actor.as_str() == "russia" && p.issue.as_str() == "nato-membership")
        .cloned()
        .unwrap();
    russia.value = 40.0;
    theirs.positions.insert(russia);
    stancemap::io::save_project(&theirs_path, &theirs).unwrap();
    let mut harness = sample_harness();
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label("Merge project…").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Path").type_text(theirs_path.to_str().unwrap());
    harness.run();
    harness.get_by_label("Merge").click();
    harness.run();
    harness.get_by_label("Merge “coder-b.stancemap”: 1 conflict");
    harness.get_by_label("Take coder-b.stancemap's (1)").click();
    harness.run();
    harness.get_by_label("Merge").click();
    harness.run();
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(40.0));
    let kept = &harness.state().project().trash.last().expect("our value waits in the Trash").positions[0];
    assert_eq!(kept.value, 5.0);
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(5.0));
    assert!(harness.state().project().trash.is_empty());
}
