//! Stories of the fixes that came with the session core: what the status and the Edit menu say
//! after undo, the actor colour picker inside its dialog, Open keeping the view, the plot panel
//! keeping its height.

mod common;

use common::*;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use stancemap::app::App;
use stancemap::model::presets;

const RUSSIA_ON_NATO: &str = "Russia on Ukraine's NATO membership";

/// The sample saved at a path in `folder`, opened from there.
fn saved_sample_harness(folder: &std::path::Path) -> (Harness<'static, App>, std::path::PathBuf) {
    let path = folder.join("sample.stancemap");
    stancemap::io::save_project(&path, &presets::sample_project()).expect("write the sample");
    let store = stancemap::io::recovery::RecoveryStore::in_dir(folder.join("recovery"));
    (harness_at(&path, &store), path)
}

#[test]
fn undoing_back_to_the_saved_state_says_saved_again() {
    let folder = tempfile::tempdir().unwrap();
    let (mut harness, path) = saved_sample_harness(folder.path());
    harness.get_by_label(&format!("Saved · {}", path.display()));
    nudge_russia(&mut harness);
    harness.get_by_label("Unsaved changes");
    assert!(harness.state().title().starts_with('•'));
    press_ctrl(&mut harness, Key::Z);
    harness.get_by_label(&format!("Saved · {}", path.display()));
    assert!(!harness.state().is_dirty());
    assert!(!harness.state().title().starts_with('•'), "{}", harness.state().title());
    press_ctrl_shift(&mut harness, Key::Z);
    harness.get_by_label("Unsaved changes");
}

#[test]
fn the_edit_menu_says_what_undo_and_redo_will_do() {
    let mut harness = sample_harness();
    nudge_russia(&mut harness);
    harness.get_by_label("Edit").click();
    harness.run();
    // The menu item reads "Undo move Russia on Ukraine's NATO membership Ctrl+Z".
    harness.get_by_label_contains(&format!("Undo move {RUSSIA_ON_NATO}")).click();
    harness.run();
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(5.0));
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains(&format!("Redo move {RUSSIA_ON_NATO}"));
    assert!(harness.query_by_label_contains("Undo move").is_none(), "nothing left to undo");
}

#[test]
fn the_colour_can_be_changed_twice_without_losing_a_typed_rename() {
    let mut harness = sample_harness();
    harness.get_by_label("Edit Russia").click();
    harness.run();
    harness.get_by_label("Edit actor");
    // Twice: the old popup picker opened behind the dialog the second time.
    harness.get_by_label("Colour #e69f00").click();
    harness.run();
    harness.get_by_label("Colour #009e73").click();
    harness.run();
    type_into(&mut harness, egui::accesskit::Role::TextInput, "Name", " Federation");
    // A stray click beside the dialog keeps the draft.
    let beside = egui::pos2(20.0, 880.0);
    harness.hover_at(beside);
    harness.drag_at(beside);
    harness.run();
    harness.drop_at(beside);
    harness.run();
    harness.get_by_label("Edit actor");
    harness.get_by_label("Save actor").click();
    harness.run();
    assert!(harness.query_by_label("Edit actor").is_none(), "saving closes the editor");
    let russia = harness.state().project().actor(&"russia".into()).cloned().expect("still there");
    assert_eq!(russia.name, "Russia Federation");
    assert_eq!(russia.color.to_hex(), "#009e73");
    press_ctrl(&mut harness, Key::Z);
    let russia = harness.state().project().actor(&"russia".into()).cloned().expect("still there");
    assert_eq!(russia.name, "Russia");
}

#[test]
fn a_taken_actor_name_is_refused_inside_the_dialog() {
    let mut harness = sample_harness();
    harness.get_by_label("+ Actor").click();
    harness.run();
    type_into(&mut harness, egui::accesskit::Role::TextInput, "Name", "ukraine");
    harness.get_by_label("Save actor").click();
    harness.run();
    harness.get_by_label("There is already an actor called “ukraine”.");
    harness.get_by_label("Add actor");
    assert!(!harness.state().is_dirty());
}

#[test]
fn opening_a_project_keeps_the_view_switches() {
    let folder = tempfile::tempdir().unwrap();
    let other = folder.path().join("other.stancemap");
    stancemap::io::save_project(&other, &presets::sample_project()).unwrap();
    let mut harness = sample_harness();
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label("Show other coders' markers").click();
    harness.run();
    assert!(harness.state().session().show_other_coders());
    harness.key_press(Key::Escape);
    harness.run();
    press_ctrl(&mut harness, Key::O);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Path").type_text(other.to_str().unwrap());
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    // A project file is read on a worker.
    until_loaded(&mut harness);
    assert_eq!(harness.state().project_path(), Some(other.as_path()));
    assert!(harness.state().session().show_other_coders(), "Open keeps the view switches");
}

#[test]
fn the_plot_panel_keeps_its_height_across_tabs() {
    let mut harness = sample_harness();
    let tab_y = |harness: &Harness<'_, App>| harness.get_by_label("All issues").rect().top();
    let before = tab_y(&harness);
    for tab in ["Agreement", "Aggregate", "Forecast", "Distance", "All issues"] {
        harness.get_by_label(tab).click();
        harness.run();
        assert!((tab_y(&harness) - before).abs() < 1.0, "the panel moved on the {tab} tab");
    }
}

#[test]
fn every_plot_has_an_accessible_name() {
    let mut harness = sample_harness();
    harness.get_by_label("All issues plot");
    for (tab, plot) in [
        ("2-D map", "2-D map plot"),
        ("Evolution", "Evolution plot"),
        ("Distance", "Distance heatmap"),
        ("Forecast", "Expected-utility rounds plot"),
    ] {
        harness.get_by_label(tab).click();
        harness.run();
        harness.get_by_label(plot);
    }
}

/// Opens `item` in the File menu.
fn file_menu(harness: &mut Harness<'_, App>, item: &str) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains(item).click();
    harness.run();
}

/// Each export's dialog names its own format, and the path field has the keyboard though a path is
/// filled in, so Enter writes the file.
#[test]
fn export_and_save_as_dialogs_name_their_format_and_open_with_the_keyboard_in_the_path() {
    use egui::accesskit::Role;
    let folder = tempfile::tempdir().unwrap();
    let (mut harness, _path) = saved_sample_harness(folder.path());
    for (item, hint) in [
        ("Export figure as PNG", "Where to write the PNG image"),
        ("Export report as HTML", "Where to write the HTML report"),
        ("Export tidy data as CSV", "Where to write the tidy data CSV file"),
        ("Save As", "Where to save"),
    ] {
        file_menu(&mut harness, item);
        harness.get_by_label_contains(hint);
        assert!(harness.query_by_label_contains("Where to write the CSV file").is_none(), "{item}");
        assert!(
            harness.get_by_role_and_label(Role::TextInput, "Path").is_focused(),
            "{item}: the path has the keyboard"
        );
        harness.key_press(Key::Escape);
        harness.run();
    }

    // Enter in the prefilled field exports the report.
    file_menu(&mut harness, "Export report as HTML");
    let report = harness.get_by_role_and_label(Role::TextInput, "Path").value().unwrap_or_default();
    assert!(report.ends_with(".html"), "a report path is suggested: {report:?}");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(std::path::Path::new(&report).exists(), "Enter wrote {report}");
}

/// Enter submits a one-field dialog: Add coder.
#[test]
fn enter_adds_the_coder_typed() {
    let mut harness = sample_harness();
    let coders = harness.state().project().coders.len();
    harness.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Coder").click();
    harness.run();
    harness.get_by_label("Add coder…").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name").type_text("Coder B");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().project().coders.len(), coders + 1, "Enter added the coder");
    assert!(harness.state().project().coders.iter().any(|coder| coder.name == "Coder B"));
    assert!(harness.query_by_label("Add coder").is_none(), "the dialog closed");
}

/// The plot panel's export width shows the width an export gets, not "0 pt".
#[test]
fn the_export_width_shows_the_default_width() {
    let harness = sample_harness();
    let width = harness.get_by_role_and_label(egui::accesskit::Role::SpinButton, "width");
    assert_eq!(width.accesskit_node().numeric_value(), Some(800.0), "the default width, not 0");
}

/// The find bar fits the reader: at 1440 px a reader narrowed by wide side panels (a corpus's long
/// suggestions widen the right one) cut off "Search all articles" and Close.
#[test]
fn the_find_bar_fits_a_narrow_reader() {
    let mut harness = sample_harness();
    harness.set_size(egui::vec2(1100.0, 800.0));
    harness.run();
    press_ctrl(&mut harness, Key::F);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find:").type_text("Russia");
    harness.run();
    // The reader ends where the right panel (the axes) begins.
    let right_panel = harness.get_by_label("Positions").rect().left();
    for widget in ["Search all articles", "Close", "Next match"] {
        let rect = harness.get_by_label(widget).rect();
        assert!(rect.right() <= right_panel, "{widget:?} {rect:?} ends before the right panel at {right_panel}");
    }
}
