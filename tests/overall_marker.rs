//! Story: an actor's overall judgement on an issue (a position with no article) shows on the axis
//! beside this article's marker as its own marker, named for screen readers, explained on hover,
//! draggable like the others (one undo step) without touching this article's position.

mod common;

use common::*;
use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use stancemap::model::{Position, PositionKey, presets};

const OVERALL: &str = "Russia overall on Ukraine's NATO membership";

/// The sample with the first coder's overall judgement of Russia on NATO membership at `value`.
fn sample_with_overall(value: f64) -> (stancemap::model::Project, PositionKey) {
    let mut project = presets::sample_project();
    let key = PositionKey {
        issue: "nato-membership".into(),
        actor: "russia".into(),
        article: None,
        coder: project.coders[0].id.clone(),
    };
    project.positions.insert(Position::new(&key, value));
    (project, key)
}

/// On a corpus every actor may have an overall judgement: the Project menu hides the diamonds (a
/// view switch, not an edit) and shows them again.
#[test]
fn the_overall_markers_can_be_hidden_and_shown_again() {
    let (project, _) = sample_with_overall(20.0);
    let mut harness = harness_with(project);
    harness.get_by_label(OVERALL);
    for shown in [false, true] {
        harness.get_by_label("Project").click();
        harness.run();
        harness.get_by_label("Show overall judgements").click();
        harness.run();
        harness.key_press(Key::Escape);
        harness.run();
        assert_eq!(harness.query_by_label(OVERALL).is_some(), shown);
        assert_eq!(harness.state().session().show_overall(), shown);
    }
    assert!(!harness.state().session().document().can_undo(), "a view switch is not an edit");
}

#[test]
fn the_overall_judgement_has_its_own_marker_that_drags_and_undoes() {
    let (project, overall_key) = sample_with_overall(20.0);
    let original = project.clone();
    let mut harness = harness_with(project);
    assert!(harness.state().current_article().is_some(), "an article is open");
    assert_eq!(harness.state().coder(), &overall_key.coder);
    let article_value = value_of(harness.state(), "russia", "nato-membership");
    assert!(article_value.is_some(), "the sample codes Russia on NATO in its article");

    // Both markers are on the axis, each named; the overall one says its value.
    let overall = harness.get_by_label(OVERALL);
    assert_eq!(overall.accesskit_node().numeric_value(), Some(20.0));
    harness.get_by_label("Russia on Ukraine's NATO membership");

    // Hovering explains what it is.
    let center = overall.rect().center();
    harness.hover_at(center);
    harness.run();
    harness.get_by_label_contains("The overall judgement (hollow diamond)");

    // Dragging it moves the overall judgement, not this article's position.
    drag(&mut harness, center, center + egui::vec2(60.0, 0.0));
    let moved = harness.state().project().positions.get(&overall_key).map(|p| p.value);
    assert!(moved.is_some_and(|value| value > 20.0), "the overall judgement moved right: {moved:?}");
    assert_eq!(value_of(harness.state(), "russia", "nato-membership"), article_value, "this article's stays");
    assert_eq!(harness.get_by_label(OVERALL).accesskit_node().numeric_value(), moved);

    // One undo restores the project exactly.
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(harness.state().project(), &original);
    assert_eq!(harness.get_by_label(OVERALL).accesskit_node().numeric_value(), Some(20.0));
}

#[test]
fn arrow_keys_move_a_focused_overall_marker() {
    let (project, overall_key) = sample_with_overall(50.0);
    let mut harness = harness_with(project);
    harness.get_by_label(OVERALL).click();
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(harness.state().project().positions.get(&overall_key).map(|p| p.value), Some(51.0));
}

#[test]
fn without_an_overall_judgement_there_is_no_overall_marker() {
    let harness = sample_harness();
    assert!(harness.query_by_label(OVERALL).is_none());
    harness.get_by_label("Russia on Ukraine's NATO membership");
}

/// Hiding the diamonds is a preference: it survives a quit and a restart.
#[test]
fn hiding_the_overall_markers_is_remembered_across_launches() {
    let (project, _) = sample_with_overall(20.0);
    let mut harness = harness_with(project.clone());
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label("Show overall judgements").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label(OVERALL).is_none());
    let storage = quit(&mut harness);

    let harness = restart(project.clone(), None, storage);
    assert!(!harness.state().session().show_overall(), "the switch is still off after a restart");
    assert!(harness.query_by_label(OVERALL).is_none(), "the diamonds stay hidden");

    // A first launch (no preferences yet) shows them.
    let harness = restart(project, None, MemoryStorage::default());
    assert!(harness.query_by_label(OVERALL).is_some());
}

/// Where this article's markers and the overall diamonds pile up (more than the axis has lanes),
/// a press moves the marker drawn on top — this article's, the one being coded — and never a
/// diamond under it.
#[test]
fn a_press_on_piled_up_markers_moves_the_article_marker_drawn_on_top() {
    let mut project = presets::sample_project();
    let coder = project.coders[0].id.clone();
    let article = project.articles[0].id.clone();
    let actors: Vec<_> = project.actors.iter().map(|actor| actor.id.clone()).collect();
    for actor in &actors {
        for article in [Some(article.clone()), None] {
            let key =
                PositionKey { issue: "nato-membership".into(), actor: actor.clone(), article, coder: coder.clone() };
            project.positions.insert(Position::new(&key, 50.0));
        }
    }
    let original = project.clone();
    let mut harness = harness_with(project);
    // The lowest lane, where markers overlap once the lanes above are full.
    let lowest = actors
        .iter()
        .map(|actor| {
            let name = &original.actor(actor).expect("actor").name;
            center_of(&harness, &format!("{name} on Ukraine's NATO membership"))
        })
        .max_by(|a, b| a.y.total_cmp(&b.y))
        .expect("markers");
    drag(&mut harness, lowest, lowest + egui::vec2(60.0, 0.0));
    let changed: Vec<&Position> = harness
        .state()
        .project()
        .positions
        .iter()
        .filter(|position| original.positions.get(&position.key()).map(|p| p.value) != Some(position.value))
        .collect();
    assert_eq!(changed.len(), 1, "one marker moved");
    assert!(changed[0].article.is_some(), "this article's marker moved, not an overall diamond: {changed:?}");
}
