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

/// Two articles for the learning stories: the first offers a dozen suggestions, three of them
/// quoting Russia calling NATO membership "a red line"; the second says only that, with no word of
/// the NATO issue, so the rules alone suggest nothing there.
fn learning_project() -> stancemap::model::Project {
    let mut project = presets::new_project("Learning");
    let mut first = presets::seed_article();
    first.id = "briefing".into();
    first.title = "Briefing".into();
    first.text = [
        "Sergei Lavrov said Russia rejects Ukraine's membership in NATO as a red line.",
        "Dmitry Peskov said the Kremlin opposes Ukraine joining NATO, calling it a red line.",
        "Maria Zakharova said Moscow rejects any NATO membership for Kyiv as a red line.",
        "Volodymyr Zelenskyy said Ukraine must become a member of NATO and insisted on a seat at the table.",
        "Andrii Sybiha said Kyiv supports NATO membership and demanded a seat at the table in any talks.",
        "Marco Rubio said the United States rules out NATO membership for Ukraine for now.",
        "Ursula von der Leyen said the European Union supports Ukraine's NATO membership.",
        "Antonio Guterres said the United Nations supports the inclusion of Ukraine in the peace talks.",
        "Mark Rutte said NATO supports Ukraine's membership and called its path to NATO irreversible.",
        "Yuri Ushakov said Russia rejects NATO membership for Ukraine as a red line.",
    ]
    .join("\n\n");
    let mut second = presets::seed_article();
    second.id = "ryabkov".into();
    second.title = "Ryabkov".into();
    second.text = "Sergei Ryabkov said Russia regards any such step as a red line.".into();
    project.articles = vec![first, second];
    project
}

/// Enter `count` times: accepts the suggestion under the cursor each time.
fn accept_with_enter(harness: &mut egui_kittest::Harness<'static, stancemap::app::App>, count: usize) {
    for _ in 0..count {
        harness.key_press(Key::Enter);
        harness.run();
    }
}

/// Scrolls the first widget labelled `label` into view (lists scroll) and clicks it.
fn click_in_view(harness: &mut egui_kittest::Harness<'static, stancemap::app::App>, label: &str) {
    harness.get_all_by_label(label).next().unwrap_or_else(|| panic!("no {label:?}")).scroll_to_me();
    harness.run();
    harness.get_all_by_label(label).next().unwrap_or_else(|| panic!("no {label:?}")).click();
    harness.run();
}

const RUSSIA_ON_NATO: &str = "Russia on Ukraine's NATO membership";

/// Issue #23: accepting ten suggestions in one article teaches the suggester a phrase, which makes
/// a suggestion in the next article that the rules alone did not; the row shows the phrase.
#[test]
fn accepting_ten_suggestions_changes_the_suggestions_of_the_next_article() {
    let mut harness = harness_with(learning_project());
    let before_next = stancemap::session::coding::suggestion_rows(
        harness.state().project(),
        Some(&"ryabkov".into()),
        harness.state().session().coder(),
    );
    assert!(before_next.is_empty(), "the rules alone suggest nothing in the second article: {before_next:?}");
    assert!(harness.state().session().suggestion_rows().len() >= 10);

    accept_with_enter(&mut harness, 10);
    let accepted: usize = harness.state().project().positions.iter().map(|position| position.evidence.len()).sum();
    assert_eq!(accepted, 10, "ten suggestions accepted, each quoting its sentence");
    harness.get_by_label_contains("Suggestions: 10 accepted");

    // The next article (Alt+Down) now has a suggestion, made by the learnt phrase.
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    settle_background(&mut harness);
    assert_eq!(harness.state().session().article().map(|id| id.as_str()), Some("ryabkov"));
    let rows = harness.state().session().suggestion_rows();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let suggestion = &rows[0].suggestion;
    assert_eq!((suggestion.actor.as_str(), suggestion.side), ("russia", stancemap::analysis::suggest::Side::Low));
    assert_eq!(suggestion.learnt, ["red line"]);
    assert!(suggestion.cues.iter().any(|cue| cue.contains("learnt phrase “red line”")), "{:?}", suggestion.cues);
    harness.get_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}"));
    harness.get_by_label(&format!("Forget “red line” for {RUSSIA_ON_NATO}"));
}

/// Issue #23: "Forget" on a learnt phrase removes the suggestions it made, the project remembers
/// it (saved, never learnt again), and Undo brings it back.
#[test]
fn forgetting_a_learnt_phrase_removes_its_suggestions_and_undo_brings_them_back() {
    let mut harness = harness_with(learning_project());
    accept_with_enter(&mut harness, 10);
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    settle_background(&mut harness);
    harness.get_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}"));

    harness.get_by_label(&format!("Forget “red line” for {RUSSIA_ON_NATO}")).click();
    settle_background(&mut harness);
    assert!(harness.query_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}")).is_none(), "its suggestion is gone");
    let issue = harness.state().project().issue(&"nato-membership".into()).unwrap().clone();
    assert_eq!(issue.forgotten_phrases, ["red line"], "the project remembers it");
    // The project's coding still quotes "red line": forgetting holds, not only until the next change.
    let learnt = stancemap::analysis::suggest::learn::learn(harness.state().project(), &[]);
    assert!(learnt.iter().all(|pattern| pattern.pattern != "red line"));
    // The list of learnt phrases says it was forgotten and offers it back.
    harness.get_by_label_contains("Learnt phrases (").click();
    harness.run();
    harness.get_by_label(&format!("Learn again “red line” of {}", issue.name));

    // Saved and reopened, it stays forgotten.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("learning.stancemap");
    stancemap::io::save_project(&path, harness.state().project()).expect("save");
    let reopened = stancemap::io::load_project(&path).expect("load");
    assert_eq!(reopened.issue(&"nato-membership".into()).unwrap().forgotten_phrases, ["red line"]);

    // Undo: the phrase is learnt again and its suggestion is back.
    press_ctrl(&mut harness, Key::Z);
    settle_background(&mut harness);
    harness.get_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}"));
}

/// Issue #23: the list of learnt phrases forgets a phrase as the row's button does.
#[test]
fn the_list_of_learnt_phrases_forgets_a_phrase() {
    let mut harness = harness_with(learning_project());
    accept_with_enter(&mut harness, 10);
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    settle_background(&mut harness);
    harness.get_by_label_contains("Learnt phrases (").click();
    harness.run();
    click_in_view(&mut harness, "Forget learnt phrase “red line” of Ukraine's NATO membership");
    settle_background(&mut harness);
    assert!(harness.query_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}")).is_none());
    // Learn again takes it back as one more step.
    click_in_view(&mut harness, "Learn again “red line” of Ukraine's NATO membership");
    settle_background(&mut harness);
    harness.get_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}"));
}

/// Issue #23 on a generated corpus: accepting ten suggestions in the first article changes what
/// is suggested in the next one, and forgetting the learnt phrases shown there removes the
/// suggestions they made while leaving the rules' own.
#[test]
fn on_a_generated_corpus_learning_changes_the_next_article_and_forgetting_undoes_it() {
    use stancemap::analysis::suggest::Suggestion;
    use stancemap::model::generate::{GenerateOptions, generate};
    let options = GenerateOptions { articles: 40, positions: 0, coders: 1, ..GenerateOptions::default() };
    let project = generate(&options).expect("generate");
    let coder = project.coders[0].id.clone();
    // The first article with ten suggestions to accept, and the one after it.
    let index = (0..project.articles.len() - 1)
        .find(|&i| {
            stancemap::session::coding::suggestion_rows(&project, Some(&project.articles[i].id), &coder).len() >= 12
        })
        .expect("an article with a dozen suggestions");
    let (first, next) = (project.articles[index].id.clone(), project.articles[index + 1].id.clone());
    let before: Vec<Suggestion> = stancemap::session::coding::suggestion_rows(&project, Some(&next), &coder)
        .into_iter()
        .map(|row| row.suggestion)
        .collect();
    let mut harness = harness_with(project);
    while harness.state().session().article() != Some(&first) {
        harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
        harness.run();
    }
    accept_with_enter(&mut harness, 10);
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    settle_background(&mut harness);
    assert_eq!(harness.state().session().article(), Some(&next));
    let after: Vec<Suggestion> =
        harness.state().session().suggestion_rows().into_iter().map(|row| row.suggestion).collect();
    assert_ne!(after, before, "what was learnt changes the next article's suggestions");
    let learnt_rows: Vec<&Suggestion> = after.iter().filter(|s| !s.learnt.is_empty()).collect();
    assert!(!learnt_rows.is_empty(), "some suggestion there comes from a learnt phrase");
    let rules_only: Vec<&Suggestion> = after.iter().filter(|s| s.learnt.is_empty()).collect();

    // Forget every learnt phrase that made one, through the buttons on their rows.
    while let Some(suggestion) =
        harness.state().session().suggestion_rows().into_iter().map(|row| row.suggestion).find(|s| !s.learnt.is_empty())
    {
        let project = harness.state().project();
        let name = format!(
            "{} on {}",
            project.actor(&suggestion.actor).unwrap().name,
            project.issue(&suggestion.issue).unwrap().name
        );
        let label = format!("Forget “{}” for {name}", suggestion.learnt[0]);
        let forgotten_before: usize = project.issues.iter().map(|i| i.forgotten_phrases.len()).sum();
        click_in_view(&mut harness, &label);
        settle_background(&mut harness);
        let forgotten_after: usize = harness.state().project().issues.iter().map(|i| i.forgotten_phrases.len()).sum();
        assert_eq!(forgotten_after, forgotten_before + 1, "{label} forgot one phrase");
    }
    let now: Vec<Suggestion> =
        harness.state().session().suggestion_rows().into_iter().map(|row| row.suggestion).collect();
    assert!(now.iter().all(|s| s.learnt.is_empty()));
    for kept in rules_only {
        assert!(now.contains(kept), "the rules' own suggestion stays: {kept:?}");
    }
}

/// Issue #23: the issue editor shows an issue's pole phrases (a preset issue shows the presets')
/// and edits them; a phrase added there makes suggestions, and Undo takes it back.
#[test]
fn a_pole_phrase_added_in_the_issue_editor_makes_suggestions() {
    use egui::accesskit::Role;
    let mut project = presets::new_project("Phrases");
    let mut article = presets::seed_article();
    article.text = "Sergei Ryabkov said Russia regards any such step as a red line.".into();
    project.articles = vec![article];
    let mut harness = harness_with(project);
    assert!(harness.query_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}")).is_none());

    harness.get_by_role_and_label(Role::Button, "Ukraine's NATO membership").click();
    harness.run();
    let low = harness.get_by_role_and_label(Role::MultilineTextInput, "Low pole phrases");
    let shown = low.value().unwrap_or_default();
    assert!(shown.lines().any(|line| line == "neutrality"), "the presets' phrases are shown: {shown:?}");
    low.set_text_value_accesskit(&format!("{shown}\nRed   line"));
    harness.run();
    harness.get_by_label("Save issue").click();
    settle_background(&mut harness);

    let issue = harness.state().project().issue(&"nato-membership".into()).unwrap().clone();
    let phrases = issue.pole_phrases.expect("the issue has its own phrases now");
    assert_eq!(phrases.low.last().map(String::as_str), Some("red line"), "tidied: lower case, one space");
    assert!(phrases.high.iter().any(|p| p == "join* nato"), "the high pole kept the presets' phrases");
    harness.get_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}"));
    let suggestion = &harness.state().session().suggestion_rows()[0].suggestion;
    assert!(suggestion.cues.iter().any(|cue| cue.starts_with("phrase “red line”")), "{:?}", suggestion.cues);

    press_ctrl(&mut harness, Key::Z);
    settle_background(&mut harness);
    assert!(harness.query_by_label(&format!("Suggestion: {RUSSIA_ON_NATO}")).is_none());
    assert_eq!(harness.state().project().issue(&"nato-membership".into()).unwrap().pole_phrases, None);
}

/// Issue #23 on a generated corpus: a person actor of the corpus (one whose own name is a
/// person's) is who "she" stands for, and the suggestion's cue says so on hover.
#[test]
fn on_a_generated_corpus_she_is_the_person_actor_named_before() {
    use stancemap::model::generate::{GenerateOptions, generate};
    let options = GenerateOptions { articles: 40, positions: 0, coders: 1, ..GenerateOptions::default() };
    let mut project = generate(&options).expect("generate");
    let person = project.actors.iter().find(|a| a.kind == stancemap::model::ActorKind::Person).unwrap().clone();
    let state = project.actor(person.parent.as_ref().unwrap()).unwrap().name.clone();
    let issue = project.issues[0].clone();
    let keyword = issue.keywords[0].clone();
    let mut article = project.articles[0].clone();
    article.id = "coreference".into();
    article.text = format!(
        "{} spoke to reporters in the capital on Monday. She said the government rejects any {keyword}.",
        person.name
    );
    project.articles.insert(0, article);
    let mut harness = harness_with(project);
    assert_eq!(harness.state().session().article().map(|id| id.as_str()), Some("coreference"));
    let label = format!("Suggestion: {state} on {}", issue.name);
    let cue = format!("She = {}", person.name);
    let suggestion = &harness.state().session().suggestion_rows()[0].suggestion;
    assert!(suggestion.cues.contains(&cue), "{:?}", suggestion.cues);
    harness.get_by_label(&label).hover();
    for _ in 0..20 {
        harness.step();
    }
    harness.get_by_label(&cue);
}

/// A 40 KB long read of a generated corpus has well over a hundred open suggestions while the list
/// shows a handful: a row far out of view is still found by its name, scrolled into view and
/// accepted (rows out of view keep their accessible buttons without being laid out).
#[test]
fn a_suggestion_far_down_a_long_list_is_scrolled_to_and_accepted() {
    use stancemap::model::generate::{GenerateOptions, generate};
    use stancemap::session::coding::SuggestionStatus;
    let options = GenerateOptions { articles: 2, positions: 0, coders: 1, ..GenerateOptions::default() };
    let project = generate(&options).expect("generate");
    let mut harness = harness_with(project);
    let rows = harness.state().session().suggestion_rows();
    let open: Vec<_> =
        rows.iter().filter(|row| row.status == SuggestionStatus::Open).map(|row| &row.suggestion).collect();
    assert!(open.len() > 40, "the long read has many suggestions: {}", open.len());
    // The last row; rows of the same actor and issue share its buttons' names, so take the last node.
    let last = *open.last().unwrap();
    let name = format!("Accept suggestion {}", first_name(&harness, last));
    let first = format!("Accept suggestion {}", first_name(&harness, open[0]));
    let list_top = harness.get_all_by_label(&first).next().unwrap().rect().top();
    let far = harness.get_all_by_label(&name).last().unwrap().rect();
    assert!(far.top() > list_top + 500.0, "out of view, below the list: {far:?}");
    harness.get_all_by_label(&name).last().unwrap().scroll_to_me();
    harness.run();
    let near = harness.get_all_by_label(&name).last().unwrap().rect();
    assert!(near.top() < list_top + 200.0, "scrolled into the list: {near:?}");
    harness.get_all_by_label(&name).last().unwrap().click();
    settle_background(&mut harness);
    let coded = harness.state().project().positions.iter().any(|position| {
        position.actor == last.actor
            && position.issue == last.issue
            && position.evidence.iter().any(|e| e.start == last.start)
    });
    assert!(coded, "the far suggestion was accepted with its sentence");
}

fn first_name(
    harness: &egui_kittest::Harness<'static, stancemap::app::App>,
    suggestion: &stancemap::analysis::suggest::Suggestion,
) -> String {
    let project = harness.state().project();
    format!("{} on {}", project.actor(&suggestion.actor).unwrap().name, project.issue(&suggestion.issue).unwrap().name)
}
