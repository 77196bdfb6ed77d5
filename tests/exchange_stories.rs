//! Stories of exchanging with other tools in the running app (egui_kittest): File → Export writes a
//! REFI-QDA project; File → Open of another tool's project asks what its codes stand for, then
//! opens it as a new, unsaved project and shows what came in and what was left out.

mod common;

use std::path::Path;

use common::{file_menu_with_path, sample_harness};
use egui_kittest::kittest::Queryable;
use stancemap::io::exchange::{ReadOptions, qdpx};
use stancemap::model::presets;

#[test]
fn an_analyst_exports_the_project_for_qualcoder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("for-qualcoder.qdpx");
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Export REFI-QDA project (.qdpx)…", &out, "Export");
    let bytes = std::fs::read(&out).expect("the export is written");
    let (project, report) = qdpx::read(&bytes, &ReadOptions::default()).unwrap();
    assert!(report.exact);
    assert_eq!(project, presets::sample_project());
}

/// A small project as MAXQDA writes one: an actor code and a stance code on overlapping text.
fn maxqda_like_project(dir: &Path) -> std::path::PathBuf {
    let qde = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews" origin="MAXQDA 2022">
<Users><User guid="11111111-1111-1111-1111-111111111111" name="Dana"/></Users>
<CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Moscow" isCodable="true"/>
  <Code guid="23333333-3333-3333-3333-333333333333" name="Against membership" isCodable="true"/>
</Codes></CodeBook>
<Sources>
  <TextSource guid="31111111-1111-1111-1111-111111111111" name="interview 1.docx" plainTextPath="internal://31111111-1111-1111-1111-111111111111.txt">
    <PlainTextSelection guid="41111111-1111-1111-1111-111111111111" startPosition="0" endPosition="6" creatingUser="11111111-1111-1111-1111-111111111111">
      <Coding guid="51111111-1111-1111-1111-111111111111"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="41111112-1111-1111-1111-111111111111" startPosition="0" endPosition="40" creatingUser="11111111-1111-1111-1111-111111111111">
      <Coding guid="52222222-2222-2222-2222-222222222222"><CodeRef targetGUID="23333333-3333-3333-3333-333333333333"/></Coding>
    </PlainTextSelection>
  </TextSource>
</Sources>
</Project>"#;
    let path = dir.join("interviews.qdpx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("project.qde", options).unwrap();
    std::io::Write::write_all(&mut zip, qde.as_bytes()).unwrap();
    zip.start_file("sources/31111111-1111-1111-1111-111111111111.txt", options).unwrap();
    std::io::Write::write_all(&mut zip, b"Moscow rejects NATO membership outright.\r\nEnd.").unwrap();
    zip.finish().unwrap();
    path
}

#[test]
fn an_analyst_opens_a_maxqda_project_and_maps_its_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = maxqda_like_project(dir.path());
    let original = std::fs::read(&file).unwrap();
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Open…", &file, "Open");
    // The mapping step (once the file is read in the background): every code with codings, each
    // mapped to nothing until chosen.
    common::until_shown(&mut harness, "Map Moscow");
    map_moscow_to_russia(&mut harness);
    harness.get_by_label("Map Against membership").click();
    harness.run();
    harness.get_by_label("an issue value").click();
    harness.run();
    common::type_into(
        &mut harness,
        egui::accesskit::Role::TextInput,
        "Issue for Against membership",
        "NATO membership",
    );
    harness.get_by_label("Open with this mapping").click();
    // The report: what came in and what was left out.
    common::until_shown(&mut harness, "Imported interviews.qdpx");
    harness.get_by_label_contains("1 new position from codings, flagged for review");
    harness.get_by_label("Close").click();
    harness.run();
    let app = harness.state();
    let project = app.project();
    assert_eq!(project.articles.len(), 1);
    assert_eq!(project.articles[0].title, "interview 1");
    let russia = project.find_actor_by_name("Russia").expect("the mapped actor");
    let position = project.positions.iter().next().expect("a position from the two codings");
    assert_eq!(position.actor, russia.id);
    assert_eq!(position.value, 0.0);
    assert_eq!(position.evidence[0].quote, "Moscow rejects NATO membership outright.");
    assert!(app.project_path().is_none(), "a new, unsaved project");
    assert_eq!(std::fs::read(&file).unwrap(), original, "the original is never written");
}

/// The generated corpus (1,000 articles, 60 actors, 20 issues, 50,000 positions) exported as
/// REFI-QDA, without StanceMap's lossless copy inside, so that it is read the long way, source by
/// source, like another tool's project of that size (seconds).
fn big_foreign_qdpx(dir: &Path) -> std::path::PathBuf {
    use std::io::{Read as _, Write as _};
    let corpus = stancemap::model::generate::generate(&Default::default()).unwrap();
    let (bytes, _) = qdpx::write(&corpus).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let path = dir.join("corpus.qdpx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        if entry.name() == "stancemap.json" {
            continue;
        }
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        out.start_file(entry.name(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap();
    path
}

/// File → Import articles…, the file typed into the prompt (a text box of several lines: one path a
/// line), Import.
fn import_from_file_menu(harness: &mut egui_kittest::Harness<'_, stancemap::app::App>, file: &Path) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Import articles…").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Path").type_text(file.to_str().unwrap());
    harness.run();
    harness.get_by_label("Import").click();
    harness.run();
}

#[test]
fn an_analyst_cancels_a_big_import_then_lets_it_finish() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_foreign_qdpx(dir.path());
    let mut harness = sample_harness();
    // Import reads on a worker: the window keeps drawing, with progress and a Cancel button.
    import_from_file_menu(&mut harness, &file);
    harness.run();
    harness.get_by_label_contains("Importing corpus.qdpx");
    harness.get_by_label("Cancel importing").click();
    harness.run();
    harness.get_by_label_contains("Reading corpus.qdpx cancelled; nothing changed");
    assert!(harness.query_by_label_contains("Importing corpus.qdpx").is_none());
    assert_eq!(harness.state().project(), &presets::sample_project(), "Cancel changed nothing");
    assert!(!harness.state().is_dirty());
    // Even after a while, the cancelled read brings nothing in.
    std::thread::sleep(std::time::Duration::from_millis(300));
    harness.run();
    assert_eq!(harness.state().project(), &presets::sample_project());

    // Again, to the end: the report, then everything is in the project as one undo step.
    import_from_file_menu(&mut harness, &file);
    common::until_shown(&mut harness, "Imported corpus.qdpx");
    assert!(!harness.state().is_reading_exchange_file());
    let sample = presets::sample_project();
    assert_eq!(harness.state().project().articles.len(), sample.articles.len() + 1_000);
    harness.get_by_label("Close").click();
    harness.run();
    let undo = harness.state().session().document().undo_label().map(str::to_owned);
    assert!(undo.as_deref().is_some_and(|label| label.contains("corpus.qdpx")), "one undo step: {undo:?}");
}

#[test]
fn stancemap_started_on_another_tools_project_asks_what_its_codes_stand_for() {
    let dir = tempfile::tempdir().unwrap();
    let file = maxqda_like_project(dir.path());
    let original = std::fs::read(&file).unwrap();
    // `stancemap interviews.qdpx`
    let (app, error) = stancemap::app::App::for_startup(Some(&file));
    assert!(error.is_none());
    let app = std::cell::RefCell::new(Some(app));
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .with_max_steps(24)
        .build_eframe(|_cc| app.take().unwrap().with_recovery_store(Some(common::test_recovery_store())));
    // The same mapping step as File → Open.
    common::until_shown(&mut harness, "Map Moscow");
    map_moscow_to_russia(&mut harness);
    harness.get_by_label("Open with this mapping").click();
    // Then the report.
    common::until_shown(&mut harness, "Imported interviews.qdpx");
    harness.get_by_label("Close").click();
    harness.run();
    let project = harness.state().project();
    assert_eq!(project.articles.len(), 1);
    assert!(project.find_actor_by_name("Russia").is_some());
    assert!(harness.state().project_path().is_none(), "a new, unsaved project");
    assert_eq!(std::fs::read(&file).unwrap(), original, "the original is never written");
}

/// A file dropped on the window.
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

#[test]
fn a_qdpx_dropped_on_the_window_opens_like_file_open() {
    let dir = tempfile::tempdir().unwrap();
    let file = maxqda_like_project(dir.path());
    let mut harness = sample_harness();
    harness.input_mut().dropped_files.push(std::sync::Arc::new(DroppedPath(file)));
    harness.run();
    // Not an article import ("no importable files"): the mapping step of File → Open.
    common::until_shown(&mut harness, "Map Moscow");
    harness.get_by_label_contains("Map the codes of interviews.qdpx");
    harness.get_by_label("Open with this mapping").click();
    common::until_shown(&mut harness, "Imported interviews.qdpx");
    assert_eq!(harness.state().project().articles[0].title, "interview 1");
}

#[test]
fn two_projects_imported_at_once_each_get_their_mapping_step_and_report_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    let first = maxqda_like_project(dir.path());
    let second = dir.path().join("interviews-2.qdpx");
    std::fs::copy(&first, &second).unwrap();
    let mut harness = sample_harness();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Import articles…").click();
    harness.run();
    let paths = format!("{}\n{}", first.display(), second.display());
    harness.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Path").type_text(&paths);
    harness.run();
    harness.get_by_label("Import").click();
    for file in ["interviews.qdpx", "interviews-2.qdpx"] {
        common::until_shown(&mut harness, "Map Moscow");
        assert!(
            harness.query_all_by_value(&format!("Map the codes of {file}")).next().is_some(),
            "{file}'s mapping step"
        );
        harness.get_by_label("Import with this mapping").click();
        common::until_shown(&mut harness, &format!("Imported {file}"));
        close_when_settled(&mut harness, &format!("Imported {file}"));
    }
    assert!(!harness.state().is_reading_exchange_file());
    let titles: Vec<&str> = harness.state().project().articles.iter().map(|a| a.title.as_str()).collect();
    // The second file holds the same interview: the merge keeps one copy.
    assert_eq!(titles, ["Preparations underway for Trump–Putin meeting, Russian diplomat says", "interview 1"]);
}

/// Presses Close on the dialog showing `label` until it is gone: a dialog that has just opened may
/// still be fading in, and a click then can miss.
fn close_when_settled(harness: &mut egui_kittest::Harness<'_, stancemap::app::App>, label: &str) {
    for _ in 0..50 {
        if harness.query_by_label(label).is_none() {
            return;
        }
        harness.get_by_label("Close").click();
        harness.run();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{label:?} did not close");
}

/// In the mapping step of interviews.qdpx: the code "Moscow" mapped to the actor Russia.
fn map_moscow_to_russia(harness: &mut egui_kittest::Harness<'_, stancemap::app::App>) {
    harness.get_by_label_contains("Map the codes of interviews.qdpx");
    harness.get_by_label("Map Moscow").click();
    harness.run();
    harness.get_by_label("an actor").click();
    harness.run();
    common::type_into(harness, egui::accesskit::Role::TextInput, "Actor for Moscow", "Russia");
}
