//! The spine as a user lives it: drag parties' positions on issue axes, undo, use the keyboard.

mod common;

use common::*;
use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};

const RUSSIA_ON_NATO: &str = "Russia on Ukraine's NATO membership";

#[test]
fn dragging_a_marker_changes_the_position_and_undo_restores_it() {
    let mut harness = sample_harness();
    let before = value_of(harness.state(), "russia", "nato-membership");
    assert_eq!(before, Some(5.0));

    let marker = center_of(&harness, RUSSIA_ON_NATO);
    drag(&mut harness, marker, marker + egui::vec2(150.0, 0.0));
    let after = value_of(harness.state(), "russia", "nato-membership").unwrap();
    assert!(after > 30.0, "dragging 150 px right should move Russia well up the scale, got {after}");
    assert!(harness.state().is_dirty());
    // The accessible marker reports the new value.
    let reported = harness.get_by_label(RUSSIA_ON_NATO).accesskit_node().numeric_value().unwrap();
    assert_eq!(reported, after);

    // One drag is one undo step.
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(5.0));
    press_ctrl_shift(&mut harness, Key::Z);
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(after));
    press_ctrl(&mut harness, Key::Z);
    press_ctrl(&mut harness, Key::Y);
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(after));
}

#[test]
fn arrow_keys_move_a_focused_marker_and_delete_clears_it() {
    let mut harness = sample_harness();
    harness.get_by_label(RUSSIA_ON_NATO).click();
    harness.run();
    assert!(harness.get_by_label(RUSSIA_ON_NATO).is_focused());

    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(6.0));

    harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(16.0));

    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(15.0));

    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), None);
    // The marker waits in the tray, still reachable by name.
    harness.get_by_label(&format!("{RUSSIA_ON_NATO} (not placed)"));

    press_ctrl(&mut harness, Key::Z);
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), Some(15.0));
}

#[test]
fn dragging_an_unplaced_marker_onto_the_axis_codes_a_position() {
    let mut harness = sample_harness();
    let label = "United Nations on Ukraine's NATO membership (not placed)";
    assert_eq!(value_of(harness.state(), "united-nations", "nato-membership"), None);
    let from = center_of(&harness, label);
    // The axis line lies above the tray; the issue's own Russia marker shows where the axis is.
    let axis_y = center_of(&harness, RUSSIA_ON_NATO).y;
    drag(&mut harness, from, egui::pos2(from.x + 120.0, axis_y));
    let value = value_of(harness.state(), "united-nations", "nato-membership");
    assert!(value.is_some(), "the UN should now have a position");
    harness.get_by_label("United Nations on Ukraine's NATO membership");
}

#[test]
fn plot_and_inspector_follow_the_selected_marker() {
    let mut harness = sample_harness();
    harness.get_by_label(RUSSIA_ON_NATO).click();
    harness.run();
    // The inspector shows the position's details with labelled controls.
    assert!(harness.query_all_by_label("Salience").count() >= 1);
    harness.get_by_label("Close inspector").click();
    harness.run();
    assert_eq!(harness.query_all_by_label("Salience").count(), 0);
}

#[test]
fn dragging_a_marker_moves_the_forecast_on_the_same_axis() {
    let mut harness = sample_harness();
    let forecast = |harness: &egui_kittest::Harness<'_, stancemap::App>| {
        harness.get_by_label("Forecast mean on Ukraine's NATO membership").accesskit_node().numeric_value().unwrap()
    };
    let before = forecast(&harness);
    // US 20 (cap 100, sal 60), Ukraine 90 (35, 80), Russia 5 (80, 90): hand-computed weighted mean.
    let expected =
        (100.0 * 60.0 * 20.0 + 35.0 * 80.0 * 90.0 + 80.0 * 90.0 * 5.0) / (100.0 * 60.0 + 35.0 * 80.0 + 80.0 * 90.0);
    assert!((before - expected).abs() < 1e-9, "{before} vs {expected}");
    let marker = center_of(&harness, RUSSIA_ON_NATO);
    drag(&mut harness, marker, marker + egui::vec2(200.0, 0.0));
    let after = forecast(&harness);
    assert!(after > before + 5.0, "moving Russia up the scale raises the forecast: {before} → {after}");
}

#[test]
fn spread_over_all_articles_sits_under_the_axis_once_there_are_two_coders() {
    let mut project = stancemap::model::presets::sample_project();
    assert!(project.coders.len() == 1 && project.articles.len() == 1);
    let mut harness = harness_with(project.clone());
    assert!(harness.query_by_label("Russia on Ukraine's NATO membership over all articles").is_none());

    project.coders.push(stancemap::model::Coder { id: "b".into(), name: "B".into() });
    let article = project.articles[0].id.clone();
    project.positions.insert(stancemap::model::Position {
        actor: "russia".into(),
        issue: "nato-membership".into(),
        article: Some(article),
        coder: "b".into(),
        value: 15.0,
        ..Default::default()
    });
    harness = harness_with(project);
    let spread = harness.get_by_label("Russia on Ukraine's NATO membership over all articles");
    assert_eq!(spread.accesskit_node().numeric_value(), Some(10.0), "mean of 5 and 15");
    harness.run();
}

#[test]
fn the_light_theme_can_be_chosen_and_everything_still_draws() {
    let mut harness = sample_harness();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Light").click();
    harness.run();
    assert!(!harness.ctx.global_style().visuals.dark_mode);
    // The markers are still there and draggable.
    let marker = center_of(&harness, RUSSIA_ON_NATO);
    drag(&mut harness, marker, marker + egui::vec2(60.0, 0.0));
    assert!(value_of(harness.state(), "russia", "nato-membership").unwrap() > 5.0);
}
