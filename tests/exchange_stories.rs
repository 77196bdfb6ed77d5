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
    // The mapping step: every code with codings, each mapped to nothing until chosen.
    harness.get_by_label_contains("Map the codes of interviews.qdpx");
    harness.get_by_label("Map Moscow").click();
    harness.run();
    harness.get_by_label("an actor").click();
    harness.run();
    common::type_into(&mut harness, egui::accesskit::Role::TextInput, "Actor for Moscow", "Russia");
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
    harness.run();
    // The report: what came in and what was left out.
    harness.get_by_label("Imported interviews.qdpx");
    harness.get_by_label_contains("1 new positions from codings, flagged for review");
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
