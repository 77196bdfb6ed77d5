//! Quoting evidence from the article, saving and reopening, dropping and importing files.

mod common;

use common::*;
use egui::Key;
use egui_kittest::kittest::Queryable;
use stancemap::io::project_file;
use stancemap::model::presets;

#[test]
fn a_found_quote_becomes_evidence_with_its_exact_span() {
    let mut harness = sample_harness();
    // Select the marker the quote is for.
    harness.get_by_label("United Nations on Ukraine's NATO membership (not placed)").click();
    harness.run();
    // Find the phrase in the article; the reader selects it.
    press_ctrl(&mut harness, Key::F);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find:").type_text("general assembly");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let text = harness.state().project().articles[0].text.clone();
    let start = text.find("General Assembly").unwrap();
    assert_eq!(harness.state().reader_selection(), Some((start, start + "General Assembly".len())));

    harness.get_by_label("Use selection as evidence").click();
    harness.run();
    let key = key_in_current_article(harness.state(), "united-nations", "nato-membership");
    let position = harness.state().project().positions.get(&key).expect("quoting places the marker").clone();
    assert_eq!(position.evidence.len(), 1);
    let evidence = &position.evidence[0];
    assert_eq!((evidence.start, evidence.end), (start, start + 16));
    assert_eq!(evidence.quote, "General Assembly");
    assert_eq!(&text[evidence.start..evidence.end], evidence.quote);
    // The project stays valid (span inside the article, quote matching).
    harness.state().project().validate().unwrap();
}

#[test]
fn save_as_then_reopen_gives_the_same_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coded.stancemap");
    let mut harness = sample_harness();
    let marker = center_of(&harness, "Ukraine on Ceding territory to Russia");
    drag(&mut harness, marker, marker + egui::vec2(60.0, 0.0));
    assert!(harness.state().title().starts_with("• "), "{}", harness.state().title());

    // Ctrl+S on a never-saved project asks where to save.
    press_ctrl(&mut harness, Key::S);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Path").type_text(path.to_str().unwrap());
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert!(path.exists(), "the project file was written");
    assert_eq!(harness.state().project_path(), Some(path.as_path()));
    assert!(!harness.state().is_dirty());
    assert!(!harness.state().title().starts_with("• "));

    let reopened = project_file::load_project(&path).unwrap();
    assert_eq!(&reopened, harness.state().project());
    // And the saved file opens in a new app exactly as it was.
    let mut reopened = startup_harness(&path);
    until_loaded(&mut reopened);
    assert_eq!(reopened.state().project(), harness.state().project());
}

#[test]
fn opening_a_broken_file_shows_the_error_and_keeps_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.stancemap");
    std::fs::write(&broken, "{\n  \"format_version\": 1,\n  \"actors\": [ oops ]\n}\n").unwrap();
    let mut harness = sample_harness();
    press_ctrl(&mut harness, Key::O);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Path").type_text(broken.to_str().unwrap());
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    // A project file is read on a worker.
    until_loaded(&mut harness);
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("broken.stancemap: line 3, column"), "{messages}");
    assert_eq!(harness.state().project(), &presets::sample_project());
    // The broken file is untouched.
    assert!(std::fs::read_to_string(&broken).unwrap().contains("oops"));
}

#[test]
fn dropping_an_article_imports_it_and_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("nato_summit_report.md");
    std::fs::write(
        &article,
        "# Leaders meet in Vilnius\n\nPutin warned that NATO membership for Kyiv is unacceptable.\n",
    )
    .unwrap();
    let mut harness = sample_harness();
    harness.input_mut().dropped_files.push(std::sync::Arc::new(DroppedPath(article.clone())));
    harness.run();
    // The import runs on a worker thread; wait for it like a user would.
    for _ in 0..200 {
        if harness.state().project().articles.len() == 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run();
    }
    let project = harness.state().project();
    assert_eq!(project.articles.len(), 2);
    let imported = &project.articles[1];
    assert_eq!(imported.title, "Leaders meet in Vilnius");
    assert_eq!(harness.state().current_article(), Some(&imported.id));
    // One undo step removes the import.
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(harness.state().project().articles.len(), 1);
}

/// A file dropped on the window, as the windowing backend reports it.
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

#[test]
fn new_project_with_unsaved_changes_asks_first() {
    let mut harness = sample_harness();
    harness.get_by_label("Russia on Ukraine's NATO membership").click();
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert!(harness.state().is_dirty());
    press_ctrl(&mut harness, Key::N);
    harness.get_by_label_contains("Save changes to");
    // Cancel keeps everything.
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().project().articles.len(), 1);
    // Don't save starts the new project with the presets.
    press_ctrl(&mut harness, Key::N);
    harness.get_by_label("Don't save").click();
    harness.run();
    let project = harness.state().project();
    assert!(project.articles.is_empty());
    assert_eq!(project.issues.len(), 3);
    assert_eq!(project.actors.len(), 6, "the preset actors, NATO among them");
    assert!(!harness.state().is_dirty());
}

#[test]
fn adding_an_actor_gives_it_markers_and_undo_removes_it() {
    let mut harness = sample_harness();
    harness.get_by_label("+ Actor").click();
    harness.run();
    type_into(&mut harness, egui::accesskit::Role::TextInput, "Name", "Saudi Arabia");
    type_into(&mut harness, egui::accesskit::Role::MultilineTextInput, "Aliases", "Saudi\nRiyadh");
    harness.get_by_label("Save actor").click();
    harness.run();
    let project = harness.state().project();
    let saudi = project.find_actor_by_name("Riyadh").expect("aliases are stored");
    assert_eq!(saudi.name, "Saudi Arabia");
    harness.get_by_label("Saudi Arabia on Ukraine's NATO membership (not placed)");
    // The seed mentions "Saudi Arabia" once and "Saudi discussions" once; both now count for it.
    let text = &project.articles[0].text;
    assert_eq!(text.matches("Saudi").count(), 2);
    // Undo removes it again.
    press_ctrl(&mut harness, Key::Z);
    assert!(harness.state().project().find_actor_by_name("Saudi Arabia").is_none());
}

#[test]
fn importing_a_folder_reports_each_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.txt"), "Kyiv rejects talks without Ukraine at the table.\n").unwrap();
    std::fs::write(
        dir.path().join("two.md"),
        "# Moscow responds\n\nThe Kremlin said NATO membership is off the table.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.pdf"), b"%PDF-1.4 this is not really a pdf").unwrap();
    let mut harness = sample_harness();
    press_ctrl(&mut harness, Key::I);
    type_into(&mut harness, egui::accesskit::Role::MultilineTextInput, "Path", dir.path().to_str().unwrap());
    harness.get_by_label("Import").click();
    harness.run();
    for _ in 0..300 {
        if harness.query_by_label("Import report").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run();
    }
    harness.get_by_label("Import report");
    // The summary shows in the report (and as a notice); the failure names the file.
    assert!(harness.query_all_by_label_contains("Imported 2 articles; 1 file failed").count() >= 1);
    harness.get_by_label_contains("broken.pdf: ");
    assert_eq!(harness.state().project().articles.len(), 3);
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.query_by_label("Import report").is_none());
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let mut harness = sample_harness();
    harness.get_by_label("Russia on Ukraine's NATO membership").click();
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    // The user clicks the window's close button.
    harness.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    harness.step();
    let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(commands.contains(&egui::ViewportCommand::CancelClose), "{commands:?}");
    harness.run();
    harness.get_by_label_contains("Save changes to");
    // "Don't save" lets the window close.
    harness.get_by_label("Don't save").click();
    harness.step();
    let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(commands.contains(&egui::ViewportCommand::Close), "{commands:?}");
}

#[test]
fn article_details_are_editable_and_undoable() {
    let mut harness = sample_harness();
    harness.get_by_label("Edit details").click();
    harness.run();
    type_into(&mut harness, egui::accesskit::Role::TextInput, "Date", "2025-02-21");
    harness.get_by_label("Save details").click();
    harness.run();
    assert_eq!(harness.state().project().articles[0].date, "2025-02-21");
    assert_eq!(harness.state().project().articles.len(), 1, "edited in place, not added");
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(harness.state().project().articles[0].date, "");
}
