//! The analyst grows and tidies the actor list: a name the articles keep using becomes an actor
//! (or an alias of one) in one click from the Candidate actors list, a duplicate actor is merged
//! into the one kept, and every step undoes exactly.

mod common;

use common::*;
use egui_kittest::kittest::Queryable;
use stancemap::model::{Actor, Position, presets};

#[test]
fn a_candidate_becomes_an_actor_in_one_click_and_undo_takes_it_back() {
    let mut harness = sample_harness();
    harness.get_by_label_contains("Candidate actors (");
    harness.get_by_label("Add VOA News as actor").click();
    harness.run();
    let nato = harness.state().project().find_actor_by_name("VOA News").expect("VOA News is an actor now").clone();
    assert_eq!(nato.name, "VOA News");
    assert!(harness.query_by_label("Add VOA News as actor").is_none(), "it no longer is a candidate");
    harness.get_by_label("Add London as actor");

    press_ctrl(&mut harness, egui::Key::Z);
    assert!(harness.state().project().find_actor_by_name("VOA News").is_none(), "one undo step");
    harness.get_by_label("Add VOA News as actor");
}

#[test]
fn a_candidate_becomes_an_alias_of_an_existing_actor_and_can_be_dismissed() {
    let mut harness = sample_harness();
    harness.get_by_label("Add Saudi Arabia as alias of").click();
    harness.run();
    harness.get_by_label("Make Saudi Arabia an alias of United States").click();
    harness.run();
    let us = harness.state().project().actor(&"united-states".into()).unwrap().clone();
    assert_eq!(us.aliases.last().map(String::as_str), Some("Saudi Arabia"));
    assert!(harness.query_by_label("Add Saudi Arabia as actor").is_none());

    harness.get_by_label("London is not an actor").click();
    harness.run();
    assert_eq!(harness.state().project().dismissed_candidates, vec!["London".to_owned()]);
    assert!(harness.query_by_label("Add London as actor").is_none());
    press_ctrl(&mut harness, egui::Key::Z);
    press_ctrl(&mut harness, egui::Key::Z);
    assert_eq!(harness.state().project(), &presets::sample_project(), "two steps, both undone");
    harness.get_by_label("Add Saudi Arabia as actor");
}

#[test]
fn merging_two_actors_moves_aliases_and_positions_and_undo_restores_them() {
    let mut project = presets::sample_project();
    project.actors.push(Actor {
        id: "kremlin-office".into(),
        name: "Kremlin Office".into(),
        aliases: vec!["Galuzin".into(), "Mikhail Galuzin".into()],
        ..Actor::default()
    });
    let russia_position = project.positions.iter().find(|p| p.actor == "russia".into()).unwrap().clone();
    let moved =
        Position { actor: "kremlin-office".into(), issue: "ukraine-in-talks".into(), article: None, ..russia_position };
    project.positions.insert(moved.clone());
    let original = project.clone();
    let mut harness = harness_with(project);

    harness.get_by_label("Edit Kremlin Office").click();
    harness.run();
    harness.get_by_label("Merge into another actor").click();
    harness.run();
    harness.get_by_label("Choose Russia to merge into").click();
    harness.run();
    harness.get_by_label("Merge into Russia…").click();
    harness.run();
    harness.get_by_label("3 aliases and 1 position move to Russia.");
    harness.get_by_label("Merge into Russia").click();
    harness.run();

    let project = harness.state().project();
    assert!(project.actor(&"kremlin-office".into()).is_none());
    let russia = project.actor(&"russia".into()).unwrap();
    assert!(russia.aliases.ends_with(&[
        "Kremlin Office".to_owned(),
        "Galuzin".to_owned(),
        "Mikhail Galuzin".to_owned()
    ]));
    let key = stancemap::model::PositionKey { actor: "russia".into(), ..moved.key() };
    assert_eq!(project.positions.get(&key).map(|p| p.value), Some(moved.value));

    press_ctrl(&mut harness, egui::Key::Z);
    assert_eq!(harness.state().project(), &original, "one undo step restores aliases and positions exactly");
}

#[test]
fn importing_positions_with_a_misspelt_actor_asks_and_uses_the_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("coded.csv");
    std::fs::write(&csv, "actor;issue;position\nRussa;Ukraines NATO membership;12,5\nTurkey;nato-membership;60\n")
        .unwrap();
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Import coded positions…", &csv, "Import");
    harness.get_by_label("Names not in the project");
    harness.get_by_label("actor \"Russa\" (row 2)");
    use egui_kittest::kittest::NodeT as _;
    assert!(harness.get_by_label("Import").accesskit_node().is_disabled(), "every name needs a choice first");
    assert_eq!(harness.state().project(), &presets::sample_project(), "nothing imported yet");

    harness.get_by_label("Use Russia for Russa").click();
    harness.run();
    harness.get_by_label("Use Ukraine's NATO membership for Ukraines NATO membership").click();
    harness.run();
    harness.get_by_label("Create new actor Turkey").click();
    harness.run();
    harness.get_by_label("Import").click();
    harness.run();

    let project = harness.state().project();
    assert!(project.find_actor_by_name("Russa").is_none(), "no actor made of the typo");
    let turkey = project.find_actor_by_name("Turkey").expect("created as chosen").id.clone();
    let overall = |actor: &str| {
        project
            .positions
            .iter()
            .find(|p| p.actor.as_str() == actor && p.article.is_none())
            .map(|p| (p.issue.clone(), p.value))
    };
    assert_eq!(overall("russia"), Some(("nato-membership".into(), 12.5)));
    assert_eq!(overall(turkey.as_str()).map(|(_, value)| value), Some(60.0));
    assert_eq!(project.issues.len(), 3, "no issue made of the typo");

    press_ctrl(&mut harness, egui::Key::Z);
    assert_eq!(harness.state().project(), &presets::sample_project(), "one undo step");
}

/// Runs frames until `label` shows (the candidate search of a large project runs in the background).
fn run_until_shown(harness: &mut egui_kittest::Harness<'static, stancemap::app::App>, label: &str) {
    for _ in 0..200 {
        harness.run();
        if harness.query_by_label(label).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{label:?} never appeared");
}

#[test]
fn candidates_of_a_generated_corpus_arrive_in_the_background_and_follow_an_added_actor() {
    use stancemap::model::generate::{GenerateOptions, generate};
    let options = GenerateOptions { articles: 300, actors: 30, issues: 6, positions: 6_000, coders: 2, seed: 1 };
    let project = generate(&options).unwrap();
    let mut harness = harness_with(project);
    // The generated articles name their meeting places, and nothing else that is no actor.
    run_until_shown(&mut harness, "Add Vienna as actor");
    harness.get_by_label("Add Geneva as actor");
    assert!(harness.query_by_label_contains("Add Officials").is_none(), "sentence openers are no names");
    // Below thirty actors: scrolled into view first, as the analyst would.
    harness.get_by_label("Add Vienna as actor").scroll_to_me();
    harness.run();
    harness.get_by_label("Add Vienna as actor").click();
    harness.run();
    assert!(harness.state().project().find_actor_by_name("Vienna").is_some());
    for _ in 0..200 {
        harness.run();
        if harness.query_by_label("Add Vienna as actor").is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(harness.query_by_label("Add Vienna as actor").is_none(), "Vienna left the list once it is an actor");
    harness.get_by_label("Add Geneva as actor");
}

/// Several candidates are ticked and added together, one undo step; the place (London) is marked
/// and listed after the other names.
#[test]
fn ticked_candidates_are_added_together_and_undo_takes_them_all_back() {
    let mut harness = sample_harness();
    let original = harness.state().project().clone();
    harness.get_by_label("Select VOA News").click();
    harness.run();
    harness.get_by_label("Select Saudi Arabia").click();
    harness.run();
    harness.get_by_label("Add 2 selected").click();
    harness.run();
    for name in ["VOA News", "Saudi Arabia"] {
        assert!(harness.state().project().find_actor_by_name(name).is_some(), "{name} is an actor");
    }
    assert_eq!(harness.state().project().actors.len(), original.actors.len() + 2);
    assert!(harness.query_by_label_contains(" selected").is_none(), "the selection went with them");
    press_ctrl(&mut harness, egui::Key::Z);
    assert_eq!(harness.state().project(), &original, "one undo takes both back");

    // London is a place: marked, and below the other names.
    let london = harness.get_by_label("Add London as actor").rect();
    let nato = harness.get_by_label("Add VOA News as actor").rect();
    assert!(london.top() > nato.top(), "the place is listed after VOA News");
    harness.get_by_label("place");
}
