//! The analyst reads for evidence: steps through an actor's mentions with F3 / Shift+F3, finds
//! words in one article or in all of them, quotes selections (snapped to whole words) as
//! evidence, several quotes per position, and sees which positions still lack a quote.

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use stancemap::analysis::find::{search_texts, summary};
use stancemap::analysis::mentions::{MentionFinder, actor_spans};
use stancemap::model::{Article, Project, presets};

/// The sample project with a second article that names Russia twice (as "Moscow" and "Putin's").
fn sample_with_later_article() -> Project {
    let mut project = presets::sample_project();
    project.articles.push(Article {
        id: "later".into(),
        title: "Later talks".into(),
        text: "Moscow replied within days. Then Putin's aide spoke to reporters about the talks.".into(),
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

/// Every case-insensitive match of `needle` (ASCII) in `text`.
fn matches_of(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    lower.match_indices(&needle.to_ascii_lowercase()).map(|(start, _)| (start, start + needle.len())).collect()
}

#[test]
fn find_counts_matches_steps_with_enter_and_f3_and_searches_all_articles() {
    let project = sample_with_later_article();
    let seed = project.articles[0].text.clone();
    let found = matches_of(&seed, "talks");
    let total = found.len();
    assert!(total >= 2, "the seed article speaks of talks");
    let mut harness = harness_with(project);
    press_ctrl(&mut harness, Key::F);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find:").type_text("Talks");
    harness.run();
    // Typing goes to the first match; the bar counts them.
    harness.get_by_label(&format!("1 of {total}"));
    assert_eq!(harness.state().reader_selection(), Some(found[0]));
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label(&format!("2 of {total}"));
    assert_eq!(harness.state().reader_selection(), Some(found[1]));
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    harness.get_by_label(&format!("1 of {total}"));
    // F3 in the find field steps through the matches, not through an actor's mentions.
    press(&mut harness, Modifiers::NONE, Key::F3);
    harness.get_by_label(&format!("2 of {total}"));
    assert_eq!(harness.state().reader_selection(), Some(found[1]));
    assert!(harness.state().messages().is_empty(), "{:?}", harness.state().messages());

    // Every article: the heading counts, a click opens the other article at its match.
    harness.get_by_label("Search all articles").click();
    harness.run();
    harness.get_by_label(&format!("{} matches in 2 articles for “Talks”", total + 1));
    harness.get_by_label("Later talks (1 match)").click();
    harness.run();
    assert_eq!(harness.state().current_article().map(|id| id.as_str()), Some("later"));
    let later = harness.state().project().article(&"later".into()).unwrap().text.clone();
    assert_eq!(harness.state().reader_selection(), Some(matches_of(&later, "talks")[0]));
    harness.get_by_label("1 of 1");
    // The match's line in the list, and its paragraph in the reader (a screen reader's node).
    let sentence = "Putin's aide spoke to reporters about the talks.";
    assert_eq!(harness.query_all(egui_kittest::kittest::by().label_contains(sentence)).count(), 2);
}

#[test]
fn on_a_thousand_articles_find_all_runs_in_the_background_and_mentions_step_across_articles() {
    use stancemap::model::generate::{GenerateOptions, generate};
    let project = generate(&GenerateOptions { positions: 2_000, ..GenerateOptions::default() }).expect("generated");
    let bytes: usize = project.articles.iter().map(|article| article.text.len()).sum();
    assert!(bytes > stancemap::ui::find::INLINE_BYTES, "searched off the UI thread");
    let first_actor = project.actors[0].name.clone();
    let hits = search_texts(project.articles.iter().map(|a| a.text.as_str()), "talks are expected", 60);
    assert!(hits.len() > 1, "the generator's filler sentence is in many articles");
    let expected = format!("{} for “talks are expected”", summary(hits.iter().map(|h| h.matches.len())));
    let mut harness = harness_with(project);
    press_ctrl(&mut harness, Key::F);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find:").type_text("talks are expected");
    harness.run();
    harness.get_by_label("Search all articles").click();
    let mut slowest = std::time::Duration::ZERO;
    let mut arrived = false;
    for _ in 0..200 {
        let started = std::time::Instant::now();
        harness.step();
        slowest = slowest.max(started.elapsed());
        arrived = harness.query_by_label(&expected).is_some();
        if arrived {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(arrived, "the results arrive: {expected}");
    assert!(slowest < std::time::Duration::from_secs(1), "a frame took {slowest:?}");

    // The list of positions without a quote is computed off the UI thread too, and arrives.
    let app = harness.state();
    let unquoted = stancemap::session::reading::positions_without_evidence(app.project(), app.coder()).len();
    let heading = format!("{unquoted} positions without evidence");
    for _ in 0..200 {
        harness.step();
        if harness.query_by_label(&heading).is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.get_by_label(&heading);

    // Stepping through an actor's mentions over the corpus.
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::Button, &first_actor).click();
    harness.run();
    for _ in 0..3 {
        press(&mut harness, Modifiers::NONE, Key::F3);
    }
    let cursor = harness.state().session().mention_cursor().cloned().expect("on a mention");
    harness.get_by_label(&format!("Mention {} of {} of {first_actor}", cursor.index + 1, cursor.total));
    assert_eq!(harness.state().reader_selection(), Some(cursor.span));
}

/// Finds `text` with Ctrl+F (replacing any earlier query), which selects its first match.
fn find(harness: &mut egui_kittest::Harness<'_, stancemap::app::App>, text: &str) {
    press_ctrl(harness, Key::F);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find:").type_text(text);
    harness.run();
}

/// The quotes of `actor`'s position on `issue` in the current article.
fn quotes(app: &stancemap::app::App, actor: &str, issue: &str) -> Vec<String> {
    let key = key_in_current_article(app, actor, issue);
    app.project().positions.get(&key).map_or_else(Vec::new, |p| p.evidence.iter().map(|e| e.quote.clone()).collect())
}

#[test]
fn two_quotes_for_one_position_are_both_kept_and_undo_takes_the_second_only() {
    let mut harness = sample_harness();
    harness.get_by_label("United Nations on Ukraine's NATO membership (not placed)").click();
    harness.run();
    find(&mut harness, "General Assembly");
    harness.get_by_label("Use selection as evidence").click();
    harness.run();
    find(&mut harness, "lasting peace");
    harness.get_by_label("2 words selected");
    harness.get_by_label("Use selection as evidence").click();
    harness.run();
    // Both kept, in reading order.
    assert_eq!(quotes(harness.state(), "united-nations", "nato-membership"), vec!["lasting peace", "General Assembly"]);
    // The inspector lists both; a click on one shows it in the reader.
    harness.get_by_label("Evidence (2 quotes)");
    harness.get_by_label("“lasting peace”");
    harness.get_by_label("“General Assembly”").scroll_to_me();
    harness.run();
    harness.get_by_label("“General Assembly”").click();
    harness.run();
    let text = harness.state().project().articles[0].text.clone();
    let start = text.find("General Assembly").unwrap();
    assert_eq!(harness.state().reader_selection(), Some((start, start + "General Assembly".len())));

    press_ctrl(&mut harness, Key::Z);
    assert_eq!(quotes(harness.state(), "united-nations", "nato-membership"), vec!["General Assembly"]);
    harness.get_by_label("Evidence (1 quote)");
    assert!(harness.query_by_label("“lasting peace”").is_none());
    // Each quote can be removed on its own, again one undo step.
    harness.get_by_label("Remove quote 1").click();
    harness.run();
    assert!(quotes(harness.state(), "united-nations", "nato-membership").is_empty());
    harness.get_by_label("Without evidence");
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(quotes(harness.state(), "united-nations", "nato-membership"), vec!["General Assembly"]);
}

#[test]
fn a_selection_that_cuts_a_word_is_stored_as_whole_words() {
    let mut harness = sample_harness();
    harness.get_by_label("European Union on Ukraine's NATO membership (not placed)").click();
    harness.run();
    find(&mut harness, "maintain a firm stance a");
    let text = harness.state().project().articles[0].text.clone();
    let start = text.find("maintain a firm stance a").unwrap();
    assert_eq!(harness.state().reader_selection(), Some((start, start + "maintain a firm stance a".len())));
    // Counted as it will be quoted.
    harness.get_by_label("5 words selected");
    harness.get_by_label("Use selection as evidence").click();
    harness.run();
    assert_eq!(quotes(harness.state(), "european-union", "nato-membership"), vec!["maintain a firm stance against"]);
    let key = key_in_current_article(harness.state(), "european-union", "nato-membership");
    let evidence = harness.state().project().positions.get(&key).unwrap().evidence[0].clone();
    assert_eq!(&text[evidence.start..evidence.end], evidence.quote);
    harness.state().project().validate().unwrap();
}

#[test]
fn a_position_without_evidence_is_listed_until_it_is_quoted() {
    let mut harness = sample_harness();
    // The sample codes Russia on two issues without a quote.
    harness.get_by_label("2 positions without evidence").click();
    harness.run();
    harness.get_by_label_contains("Russia on Ceding territory to Russia in “");
    // The suggestions list above the axes is a row longer since issue #23: bring the chip into view.
    harness.get_by_label("United Nations on Ukraine's NATO membership (not placed)").scroll_to_me();
    harness.run();
    harness.get_by_label("United Nations on Ukraine's NATO membership (not placed)").click();
    harness.run();
    harness.get_by_label("Place at the midpoint").scroll_to_me();
    harness.run();
    harness.get_by_label("Place at the midpoint").click();
    harness.run();
    harness.get_by_label("3 positions without evidence");
    harness.get_by_label("Without evidence");

    // A click on a row selects that position.
    harness.get_by_label_contains("Russia on Ukraine's NATO membership in “").click();
    harness.run();
    let marker = harness.state().session().selected_marker().cloned().expect("selected");
    assert_eq!((marker.actor.as_str(), marker.issue.as_str()), ("russia", "nato-membership"));
    find(&mut harness, "normalizing relations");
    harness.get_by_label("Use selection as evidence").click();
    harness.run();
    harness.get_by_label("2 positions without evidence");
    assert!(harness.query_by_label_contains("Russia on Ukraine's NATO membership in “").is_none());
    harness.get_by_label_contains("United Nations on Ukraine's NATO membership in “");
}

/// The axis flags an unquoted article position too: its marker's tooltip says so (beside the
/// warning dot it paints), until a quote is attached.
#[test]
fn an_unquoted_marker_says_so_on_hover_until_it_is_quoted() {
    let mut harness = sample_harness();
    let no_quote = "No quote yet (the orange dot): select text in the article and press Ctrl+E";
    let marker = "Russia on Ukraine's NATO membership";
    let center = harness.get_by_label(marker).rect().center();
    harness.hover_at(center);
    harness.run();
    harness.get_by_label(no_quote);
    harness.get_by_label(marker).click();
    harness.run();
    find(&mut harness, "normalizing relations");
    harness.get_by_label("Use selection as evidence").click();
    harness.run();
    harness.hover_at(egui::pos2(5.0, 5.0));
    harness.run();
    let center = harness.get_by_label(marker).rect().center();
    harness.hover_at(center);
    harness.run();
    assert!(harness.query_by_label(no_quote).is_none(), "a quoted position is not flagged");
    let project = harness.state().session().project();
    let russia = project
        .positions
        .iter()
        .find(|p| p.actor.as_str() == "russia" && p.issue.as_str() == "nato-membership" && p.article.is_some());
    assert!(russia.is_some_and(|p| p.evidence.iter().any(|e| e.quote.contains("normalizing relations"))));
}

#[test]
fn f3_goes_on_from_where_the_reader_selection_is() {
    let project = presets::sample_project();
    let spans = russia_spans(&project);
    let text = project.articles[0].text.clone();
    let after = text.find("General Assembly").unwrap();
    let next = spans.iter().position(|span| span.0 >= after + "General Assembly".len()).expect("a later mention");
    let mut harness = harness_with(project);
    harness.get_by_role_and_label(egui::accesskit::Role::Button, "Russia").click();
    harness.run();
    find(&mut harness, "General Assembly");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.query_by_role_and_label(egui::accesskit::Role::TextInput, "Find:").is_none(), "closed");
    press(&mut harness, Modifiers::NONE, Key::F3);
    harness.get_by_label(&format!("Mention {} of {} of Russia", next + 1, spans.len()));
    assert_eq!(harness.state().reader_selection(), Some(spans[next]));
    press(&mut harness, Modifiers::SHIFT, Key::F3);
    assert_eq!(harness.state().reader_selection(), Some(spans[next - 1]));
}

/// The sample project with two long articles after it.
fn sample_with_long_articles() -> Project {
    let mut project = presets::sample_project();
    for (id, title) in [("long-1", "A long report"), ("long-2", "Another long report")] {
        project.articles.push(Article {
            id: id.into(),
            title: title.into(),
            text: "The delegations met again and talked at length about the ceasefire.\n\n".repeat(80),
            ..Article::default()
        });
    }
    project
}

#[test]
fn a_newly_opened_article_starts_at_its_top() {
    let project = sample_with_long_articles();
    let long = project.articles.len() - 2;
    let mut harness = harness_with(project);
    for _ in 0..long {
        press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    }
    assert_eq!(harness.state().current_article().map(|id| id.as_str()), Some("long-1"));
    let top = harness.get_by_label("Article text").rect().top();

    // Read down the first long article…
    for _ in 0..6 {
        harness.get_by_label("Article text").scroll_down();
        harness.run();
    }
    let scrolled = harness.get_by_label("Article text").rect().top();
    assert!(scrolled < top - 200.0, "the reader scrolled down ({top} → {scrolled})");

    // …the next one opens at its first line, not at the previous one's offset.
    press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    assert_eq!(harness.state().current_article().map(|id| id.as_str()), Some("long-2"));
    let opened = harness.get_by_label("Article text").rect().top();
    assert!((opened - top).abs() < 1.0, "the next article starts at its top ({top} vs {opened})");

    // And so does one opened again.
    press(&mut harness, Modifiers::ALT, Key::ArrowUp);
    let reopened = harness.get_by_label("Article text").rect().top();
    assert!((reopened - top).abs() < 1.0, "an article opened again starts at its top ({top} vs {reopened})");
}

/// The nodes a screen reader gets of the reader's text: (role, value) of the paragraph nodes.
fn paragraph_nodes(harness: &egui_kittest::Harness<'_, stancemap::app::App>) -> Vec<String> {
    harness
        .query_all(egui_kittest::kittest::by().label_contains("The delegations met again"))
        .map(|node| node.accesskit_node().value().unwrap_or_default())
        .collect()
}

#[test]
fn a_screen_reader_gets_the_paragraphs_in_view_not_every_line_of_a_long_read() {
    let project = sample_with_long_articles();
    let long = project.articles.len() - 2;
    let mut harness = harness_with(project);
    for _ in 0..long {
        press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    }
    assert_eq!(harness.state().current_article().map(|id| id.as_str()), Some("long-1"));
    // No node per laid-out line of the whole text (egui's text field made 160 of them here).
    let reader = harness.get_by_label("Article text").rect();
    let runs = harness.query_all(egui_kittest::kittest::by().role(egui::accesskit::Role::TextRun));
    let of_the_text =
        |run: &egui_kittest::Node<'_>| run.accesskit_node().value().is_some_and(|v| v.contains("delegations"));
    assert_eq!(runs.filter(of_the_text).count(), 0);
    let in_view = paragraph_nodes(&harness);
    assert!(!in_view.is_empty(), "the paragraphs in view are read out");
    assert!(in_view.len() < 80, "only those in view: {} of 80", in_view.len());
    assert!(in_view.iter().all(|text| text == "The delegations met again and talked at length about the ceasefire."));
    // Each node lies in the reader, and scrolling brings others.
    let first = harness.query_all(egui_kittest::kittest::by().label_contains("The delegations met again")).next();
    let first_top = first.map(|node| node.rect().top()).unwrap_or_default();
    assert!(reader.contains(egui::pos2(reader.center().x, first_top + 1.0)));
    for _ in 0..3 {
        harness.get_by_label("Article text").scroll_down();
        harness.run();
    }
    let scrolled = paragraph_nodes(&harness);
    assert!(!scrolled.is_empty() && scrolled.len() < 80);
}

#[test]
fn dragging_over_the_text_selects_whole_words_to_quote() {
    let mut harness = sample_harness();
    harness.get_by_label("United Nations on Ukraine's NATO membership (not placed)").click();
    harness.run();
    assert_eq!(harness.state().reader_selection(), None);
    let text = harness.get_by_label("Article text").rect();
    let from = text.left_top() + egui::vec2(2.0, 8.0);
    drag(&mut harness, from, from + egui::vec2(120.0, 0.0));
    let (start, end) = harness.state().reader_selection().expect("the drag selected text");
    assert_eq!(start, 0);
    assert!(end > 5, "a few words: {end} bytes");
    // Ctrl+A selects the whole article.
    press_ctrl(&mut harness, Key::A);
    let length = harness.state().project().articles[0].text.len();
    assert_eq!(harness.state().reader_selection(), Some((0, length)));
}
