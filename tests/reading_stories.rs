//! The analyst reads for evidence: steps through an actor's mentions with F3 / Shift+F3, finds
//! words in one article or in all of them, quotes selections (snapped to whole words) as
//! evidence, several quotes per position, and sees which positions still lack a quote.

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use stancemap::analysis::mentions::{MentionFinder, actor_spans};
use stancemap::model::{Article, Project, presets};

/// The sample project with a second article that names Russia twice (as "Moscow" and "Putin's").
fn sample_with_later_article() -> Project {
    let mut project = presets::sample_project();
    project.articles.push(Article {
        id: "later".into(),
        title: "Later talks".into(),
        text: "Moscow replied within days. Then Putin's aide spoke to reporters.".into(),
        ..Article::default()
    });
    project
}

/// Russia's mentions in the project's first article.
fn russia_spans(project: &Project) -> Vec<(usize, usize)> {
    let finder = MentionFinder::new(&project.actors, &project.issues);
    let russia = project.actors.iter().position(|actor| actor.id.as_str() == "russia").unwrap();
    actor_spans(&finder.find(&project.articles[0].text), russia)
}

fn press(harness: &mut egui_kittest::Harness<'_, stancemap::app::App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

#[test]
fn f3_steps_through_an_actors_mentions_and_on_into_the_next_article() {
    let project = sample_with_later_article();
    let spans = russia_spans(&project);
    let total = spans.len();
    assert!(total >= 5, "the seed article names Russia often");
    let mut harness = harness_with(project);
    // Clicking the actor chooses it; the status says how often this article names it.
    harness.get_by_role_and_label(egui::accesskit::Role::Button, "Russia").click();
    harness.run();
    harness.get_by_label(&format!("Russia: {total} mentions in this article (F3 steps through them)"));
    assert!(harness.query_by_label("Edit actor").is_none(), "a click no longer opens the editor");

    press(&mut harness, Modifiers::NONE, Key::F3);
    harness.get_by_label(&format!("Mention 1 of {total} of Russia"));
    assert_eq!(harness.state().reader_selection(), Some(spans[0]));
    press(&mut harness, Modifiers::NONE, Key::F3);
    harness.get_by_label(&format!("Mention 2 of {total} of Russia"));
    assert_eq!(harness.state().reader_selection(), Some(spans[1]));
    press(&mut harness, Modifiers::SHIFT, Key::F3);
    harness.get_by_label(&format!("Mention 1 of {total} of Russia"));
    assert_eq!(harness.state().reader_selection(), Some(spans[0]));

    // On past the last mention: the next article that names Russia, and the app says so.
    for _ in 1..total {
        press(&mut harness, Modifiers::NONE, Key::F3);
    }
    harness.get_by_label(&format!("Mention {total} of {total} of Russia"));
    press(&mut harness, Modifiers::NONE, Key::F3);
    assert_eq!(harness.state().current_article().map(|id| id.as_str()), Some("later"));
    harness.get_by_label("Mention 1 of 2 of Russia");
    assert_eq!(harness.state().reader_selection(), Some((0, "Moscow".len())));
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("No more mentions of Russia in this article"), "{messages}");
    assert!(messages.contains("Later talks"), "{messages}");

    // The editor is still a button away.
    harness.get_by_label("Edit Russia").click();
    harness.run();
    harness.get_by_label("Edit actor");
}
