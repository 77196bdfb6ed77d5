//! Issue 19's crashes and stuck layouts, on a generated corpus (60 actors, 20 issues, 3 coders) as a
//! user met them: none of them showed on the five-actor sample.

mod common;

use common::*;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancemap::app::App;
use stancemap::model::Project;
use stancemap::model::generate::{GenerateOptions, generate};

/// A corpus large enough that whole-project results come from worker threads (more positions
/// than the inline limit), small enough for a debug build.
fn corpus() -> Project {
    let options = GenerateOptions { articles: 200, actors: 60, issues: 20, positions: 8_000, coders: 3, seed: 19 };
    generate(&options).expect("a corpus")
}

/// Runs frames, with pauses for the workers, until nothing is left to compute.
fn settle(harness: &mut Harness<'_, App>) {
    for _ in 0..20 {
        harness.run();
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
    harness.run();
}

const WINDOW_HEIGHT: f32 = 900.0;
const TABS: [&str; 7] = ["All issues", "2-D map", "Evolution", "Distance", "Aggregate", "Agreement", "Forecast"];

/// Every plot tab is on screen, between the menu bar and the status bar, inside the part of the
/// window the plot panel took (else the reader is drawn over it).
fn assert_tab_bar_on_screen(harness: &Harness<'_, App>, when: &str) {
    let panel = harness.state().plot_panel_rect().expect("the plot panel was drawn");
    assert!(panel.min.y > 20.0 && panel.max.y < WINDOW_HEIGHT, "{when}: the plot panel is off screen at {panel:?}");
    for tab in TABS {
        let rect = harness.get_by_label(tab).rect();
        assert!(
            rect.min.y > 20.0 && rect.max.y < WINDOW_HEIGHT - 20.0,
            "{when}: the {tab:?} tab is off screen at {rect:?}"
        );
        assert!(panel.contains_rect(rect), "{when}: the {tab:?} tab at {rect:?} is outside the plot panel {panel:?}");
    }
}

#[test]
fn deleting_an_actor_on_a_corpus_keeps_the_app_alive_and_the_counts_right() {
    let project = corpus();
    let first = project.actors[0].clone();
    let mut harness = harness_with(project);
    // The article list's coding facts arrive from a worker: with them shown, delete an actor.
    settle(&mut harness);
    harness.get_by_label(&format!("Edit {}", first.name)).click();
    harness.run();
    harness.get_by_label("Delete actor").click();
    settle(&mut harness);
    let project = harness.state().project();
    assert_eq!(project.actors.len(), 59);
    assert!(project.actor(&first.id).is_none());
    // The filter by actor counts articles per remaining actor, the last one included.
    press_ctrl(&mut harness, Key::L);
    settle(&mut harness);
    assert_eq!(harness.state().project().actors.len(), 59, "still alive after the filter opened");
    // And back: undo restores the actor and its positions.
    press_ctrl(&mut harness, Key::Z);
    settle(&mut harness);
    assert!(harness.state().project().actor(&first.id).is_some());
}

#[test]
fn the_forecast_tab_on_a_corpus_keeps_the_tab_bar_on_screen_and_the_panel_its_height() {
    let mut harness = harness_with(corpus());
    assert_tab_bar_on_screen(&harness, "at start");
    harness.get_by_label("Forecast").click();
    settle(&mut harness);
    harness.get_by_label("Expected-utility rounds plot");
    assert_tab_bar_on_screen(&harness, "on the Forecast tab");
    // Another tab and back: the panel has not kept a grown height.
    harness.get_by_label("All issues").click();
    settle(&mut harness);
    assert_tab_bar_on_screen(&harness, "back on All issues");
    let plot_top = harness.get_by_label("All issues").rect().min.y;
    harness.get_by_label("Forecast").click();
    settle(&mut harness);
    assert_eq!(harness.get_by_label("All issues").rect().min.y, plot_top, "the panel keeps its height");
}

#[test]
fn view_reset_layout_brings_the_panels_back_to_their_default_sizes() {
    let mut harness = sample_harness();
    let default_top = harness.get_by_label("All issues").rect().min.y;
    // Drag the plot panel's divider far up: the panel grows (up to its limit).
    let divider = egui::pos2(700.0, default_top - 6.0);
    drag(&mut harness, divider, egui::pos2(700.0, 60.0));
    let grown_top = harness.get_by_label("All issues").rect().min.y;
    assert!(grown_top < default_top - 100.0, "the divider moved: {default_top} → {grown_top}");
    assert_tab_bar_on_screen(&harness, "after growing the panel");
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Reset layout").click();
    harness.run();
    assert_eq!(harness.get_by_label("All issues").rect().min.y, default_top);
}

#[test]
fn selecting_a_marker_or_opening_an_actor_changes_nothing_even_with_fractional_values() {
    // The generated corpus has saliences and capabilities such as 57.4: the inspector's and the
    // actor editor's sliders rounded them on sight, an edit the user never made (and Undo undid it
    // only for the slider to make it again).
    let mut project = corpus();
    project.actors[0].capability = 41.5;
    // A position of the first article, by the first coder, on the first axis, salience 57.4.
    let mut position = project.positions.iter().next().expect("positions").clone();
    position.article = Some(project.articles[0].id.clone());
    position.coder = project.coders[0].id.clone();
    position.issue = project.issues[0].id.clone();
    position.actor = project.actors[1].id.clone();
    position.salience = 57.4;
    position.evidence.clear();
    project.positions.insert(position.clone());
    let original = project.clone();
    let mut harness = harness_with(project);
    settle(&mut harness);
    assert_eq!(harness.state().current_article(), position.article.as_ref());
    assert_eq!(harness.state().coder(), &position.coder);
    let actor = original.actor(&position.actor).unwrap().name.clone();
    let issue = original.issue(&position.issue).unwrap().name.clone();
    harness.get_by_label(&format!("{actor} on {issue}")).click();
    settle(&mut harness);
    harness.get_by_label("Salience");
    assert!(
        !harness.state().is_dirty(),
        "selecting the marker edited {:?}",
        harness.state().session().document().undo_label()
    );
    harness.get_by_label(&format!("Edit {}", original.actors[0].name)).click();
    harness.run();
    harness.get_by_label("Save actor").click();
    harness.run();
    assert_eq!(harness.state().project(), &original, "nothing changed");
}
