//! The analyst codes from suggestions: the seed article in a fresh project offers suggested
//! stances; Enter (or Accept) makes one a position with its sentence as evidence, Ctrl+Z takes it
//! back; Backspace (or Reject) puts one away for good, and the status bar counts both.

mod common;

use common::*;
use egui::Key;
use egui_kittest::kittest::Queryable;
use stancemap::model::presets;

const US_ON_NATO: &str = "United States on Ukraine's NATO membership";

/// A new project holding only the seed article: nothing coded yet.
fn fresh_seed_harness() -> egui_kittest::Harness<'static, stancemap::app::App> {
    let mut project = presets::new_project("Seed");
    project.articles.push(presets::seed_article());
    harness_with(project)
}

#[test]
fn accepting_a_suggestion_codes_it_with_its_sentence_and_undo_takes_it_back() {
    let mut harness = fresh_seed_harness();
    // The suggestion is listed and drawn as a ghost on its axis; nothing is coded yet.
    harness.get_by_label(&format!("Suggestion: {US_ON_NATO}"));
    harness.get_by_label(&format!("Suggested: {US_ON_NATO}"));
    assert_eq!(value_of(harness.state(), "united-states", "nato-membership"), None);

    harness.get_by_label(&format!("Accept suggestion {US_ON_NATO}")).click();
    harness.run();
    let app = harness.state();
    let key = key_in_current_article(app, "united-states", "nato-membership");
    let position = app.project().positions.get(&key).expect("accepting codes a position");
    assert_eq!(position.value, 30.0, "low side, low confidence (hedged by “may need to”)");
    assert_eq!(position.evidence.len(), 1);
    assert!(position.evidence[0].quote.starts_with("The U.S. has suggested that Ukraine may need to reconsider"));
    harness.get_by_label_contains("Suggestions: 1 accepted · 0 rejected");
    assert!(harness.query_by_label(&format!("Suggestion: {US_ON_NATO}")).is_none(), "no longer open");
    // The coded marker is on the axis now.
    harness.get_by_label(US_ON_NATO);

    press_ctrl(&mut harness, Key::Z);
    assert_eq!(value_of(harness.state(), "united-states", "nato-membership"), None, "one undo step");
    harness.get_by_label(&format!("Suggestion: {US_ON_NATO}"));
    harness.get_by_label_contains("Suggestions: 0 accepted · 0 rejected");
}

#[test]
fn enter_accepts_the_suggestion_under_the_cursor() {
    let mut harness = fresh_seed_harness();
    let first = harness.state().session().suggestion_rows()[0].suggestion.clone();
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    let key = key_in_current_article(app, first.actor.as_str(), first.issue.as_str());
    let position = app.project().positions.get(&key).expect("Enter accepted the first suggestion");
    assert_eq!(position.value, first.value);
    assert_eq!((position.evidence[0].start, position.evidence[0].end), (first.start, first.end));
}

#[test]
fn rejecting_a_suggestion_puts_it_away_and_the_project_remembers() {
    let mut harness = fresh_seed_harness();
    let open_before = harness.state().session().suggestion_rows().len();
    assert!(open_before >= 3, "the seed article offers several suggestions");
    let second = harness.state().session().suggestion_rows()[1].suggestion.clone();
    // Alt+→ moves to the second suggestion, Backspace rejects it.
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowRight);
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    let app = harness.state();
    assert_eq!(app.project().rejected_suggestions.len(), 1);
    let rejected = &app.project().rejected_suggestions[0];
    assert_eq!((&rejected.actor, &rejected.issue, rejected.start), (&second.actor, &second.issue, second.start));
    assert!(app.project().positions.is_empty(), "rejecting codes nothing");
    harness.get_by_label_contains("Suggestions: 0 accepted · 1 rejected");

    // Undo offers it again.
    press_ctrl(&mut harness, Key::Z);
    assert!(harness.state().project().rejected_suggestions.is_empty());
    harness.get_by_label_contains("Suggestions: 0 accepted · 0 rejected");
}

#[test]
fn a_rejection_survives_saving_and_reopening() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("seed.stancemap");
    let mut project = presets::new_project("Seed");
    project.articles.push(presets::seed_article());
    let mut harness = harness_with(project);
    harness.get_by_label(&format!("Reject suggestion {US_ON_NATO}")).click();
    harness.run();
    stancemap::io::save_project(&path, harness.state().project()).expect("save");
    let reopened = stancemap::io::load_project(&path).expect("load");
    assert_eq!(reopened.rejected_suggestions, harness.state().project().rejected_suggestions);
    let harness = harness_with(reopened);
    assert!(harness.query_by_label(&format!("Suggestion: {US_ON_NATO}")).is_none(), "not offered again");
}

/// Issue #23: a stance read through "he" says who "he" is among the cues shown on hover.
#[test]
fn a_suggestion_read_through_a_pronoun_shows_who_he_is() {
    let mut project = presets::new_project("Coreference");
    let mut article = presets::seed_article();
    article.text =
        "Donald Trump spoke to reporters on Air Force One. \"Ukraine will never join NATO,\" he said.".into();
    project.articles.push(article);
    let mut harness = harness_with(project);
    let suggestion = &harness.state().session().suggestion_rows()[0].suggestion;
    assert!(suggestion.cues.iter().any(|cue| cue == "he = Donald Trump"), "{:?}", suggestion.cues);
    harness.get_by_label(&format!("Suggestion: {US_ON_NATO}")).hover();
    for _ in 0..20 {
        harness.step();
    }
    harness.get_by_label("he = Donald Trump");
}
