//! The analyst narrows the article list: marks an article done and filters by coding status, by
//! actor and by date range, steps through the filtered list with the keyboard, and finds the new
//! shortcuts in the F1 window.

mod common;

use common::*;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use stancemap::model::{Article, Project, presets};

const BRUSSELS: &str = "Budget talks in Brussels";
const KYIV: &str = "Kyiv weather";
const NOTE: &str = "An undated note";

/// The sample (its seed article undated and partly coded) with three more articles: one from
/// Reuters naming the EU, one from AP naming Ukraine, one with neither date nor source.
fn four_articles() -> Project {
    let mut project = presets::sample_project();
    let article = |id: &str, title: &str, source: &str, date: &str, text: &str| Article {
        id: id.into(),
        title: title.into(),
        source: source.into(),
        date: date.into(),
        text: text.into(),
        ..Article::default()
    };
    project.articles.extend([
        article("brussels", BRUSSELS, "Reuters", "2025-02-10", "Officials in Brussels met again."),
        article("kyiv", KYIV, "AP", "2025-05-01", "Kyiv had rain all week."),
        article("note", NOTE, "", "", "Nothing of note happened."),
    ]);
    project
}

fn open_filter(harness: &mut egui_kittest::Harness<'_, stancemap::app::App>) {
    harness.get_by_label("Filter articles").click();
    harness.run();
}

fn current_title(harness: &egui_kittest::Harness<'_, stancemap::app::App>) -> String {
    let app = harness.state();
    let id = app.current_article().expect("an article is shown");
    app.project().article(id).map(|article| article.title.clone()).unwrap_or_default()
}

#[test]
fn marking_an_article_done_and_filtering_by_coding_status() {
    let mut harness = harness_with(four_articles());
    harness.get_by_label("4 articles");
    open_filter(&mut harness);
    // The seed article is partly coded; the three others are uncoded.
    harness.get_by_label("Uncoded (3)");
    harness.get_by_label("Partly coded (1)");
    harness.get_by_label("Done (0)");

    harness.get_by_label(BRUSSELS).click();
    harness.run();
    harness.get_by_role_and_label(Role::CheckBox, "Mark article done").click();
    harness.run();
    assert!(harness.state().session().article_done());
    harness.get_by_label("Done (1)");
    harness.get_by_label("Uncoded (2)");

    harness.get_by_label("Done (1)").click();
    harness.run();
    harness.get_by_label("1 of 4 articles");
    assert!(harness.query_by_label(KYIV).is_none(), "an uncoded article is hidden");
    harness.get_by_role_and_label(Role::Button, BRUSSELS);

    harness.get_by_label("Uncoded (2)").click();
    harness.run();
    harness.get_by_label("2 of 4 articles");
    harness.get_by_role_and_label(Role::Button, KYIV);
    harness.get_by_role_and_label(Role::Button, NOTE);

    harness.get_by_label("Clear filter").click();
    harness.run();
    harness.get_by_label("4 articles");
    assert!(harness.state().is_dirty(), "the done mark is an edit of the project");
    assert_eq!(harness.state().session().document().undo_label(), Some("mark article done"));
}

#[test]
fn filtering_by_actor_and_by_date_range() {
    let mut harness = harness_with(four_articles());
    open_filter(&mut harness);
    harness.get_by_role_and_label(Role::ComboBox, "Actor").click();
    harness.run();
    // The seed article and the one from Kyiv name Ukraine.
    harness.get_by_label("Ukraine (2)").click();
    harness.run();
    harness.get_by_label("2 of 4 articles");
    assert!(harness.query_by_label(BRUSSELS).is_none());

    // From March 2025: the Kyiv article; the seed article has no date.
    type_into(&mut harness, Role::TextInput, "From", "2025-03");
    harness.get_by_label("1 of 4 articles");
    harness.get_by_role_and_label(Role::Button, KYIV);
    harness.get_by_label("Include undated (1)").click();
    harness.run();
    harness.get_by_label("2 of 4 articles");

    // A bound that is not a date says so and filters nothing by date.
    type_into(&mut harness, Role::TextInput, "To", "May");
    harness.get_by_label_contains("\"May\" is not a date");
    harness.get_by_label("2 of 4 articles");

    harness.get_by_label("Clear filter").click();
    harness.run();
    harness.get_by_label("4 articles");
    assert!(!harness.state().is_dirty(), "filtering changes nothing in the project");
}

#[test]
fn filtering_by_source_and_by_issue() {
    let mut harness = harness_with(four_articles());
    open_filter(&mut harness);
    harness.get_by_role_and_label(Role::ComboBox, "Source").click();
    harness.run();
    harness.get_by_label("Reuters (1)").click();
    harness.run();
    harness.get_by_label("1 of 4 articles");
    harness.get_by_role_and_label(Role::Button, BRUSSELS);
    harness.get_by_role_and_label(Role::ComboBox, "Source").click();
    harness.run();
    harness.get_by_label("Any source").click();
    harness.run();
    // Only the seed article has NATO's keywords (and positions on it).
    harness.get_by_role_and_label(Role::ComboBox, "Issue").click();
    harness.run();
    harness.get_by_label("Ukraine's NATO membership (1)").click();
    harness.run();
    harness.get_by_label("1 of 4 articles");
    assert!(harness.query_by_label(BRUSSELS).is_none());
}

#[test]
fn the_keyboard_steps_through_the_filtered_articles_and_marks_them_done() {
    let mut harness = harness_with(four_articles());
    open_filter(&mut harness);
    harness.get_by_label("Uncoded (3)").click();
    harness.run();
    harness.get_by_label("3 of 4 articles");
    // The seed article, shown in the reader, is partly coded: Alt+Down goes to the first uncoded one.
    let alt = egui::Modifiers::ALT;
    harness.key_press_modifiers(alt, Key::ArrowDown);
    harness.run();
    assert_eq!(current_title(&harness), BRUSSELS);
    harness.key_press_modifiers(alt, Key::ArrowDown);
    harness.run();
    assert_eq!(current_title(&harness), KYIV);

    // Ctrl+D marks it done: it leaves the Uncoded list; Ctrl+Z brings it back.
    press_ctrl(&mut harness, Key::D);
    harness.get_by_label("2 of 4 articles");
    assert!(harness.state().session().article_done());
    assert_eq!(harness.state().session().document().undo_label(), Some("mark article done"));
    press_ctrl(&mut harness, Key::Z);
    harness.get_by_label("3 of 4 articles");
    assert!(!harness.state().session().article_done());

    harness.key_press_modifiers(alt, Key::ArrowDown);
    harness.run();
    assert_eq!(current_title(&harness), NOTE);
    harness.key_press_modifiers(alt, Key::ArrowDown);
    harness.run();
    assert_eq!(current_title(&harness), NOTE, "the last of the list stays");
    harness.key_press_modifiers(alt, Key::ArrowUp);
    harness.run();
    assert_eq!(current_title(&harness), KYIV);
}

#[test]
fn the_generated_corpus_filters_without_lag() {
    use stancemap::model::generate::{GenerateOptions, generate};
    use stancemap::model::wording::thousands;
    let project = generate(&GenerateOptions::default()).expect("the default corpus generates");
    let actor = project.actors[0].name.clone();
    let mut harness = harness_with(project);
    harness.get_by_label("1,000 articles");
    let started = std::time::Instant::now();
    open_filter(&mut harness);
    // Every generated article has positions by every coder: all are partly coded until marked done.
    harness.get_by_label("Partly coded (1,000)");
    press_ctrl(&mut harness, Key::D);
    // The coding facts of 50,000 positions are counted on a worker thread.
    until_shown(&mut harness, "Done (1)");
    harness.get_by_label("Done (1)").click();
    harness.run();
    harness.get_by_label("1 of 1,000 articles");
    harness.get_by_label("Any status (1,000)").click();
    harness.run();

    harness.get_by_role_and_label(Role::ComboBox, "Actor").click();
    harness.run();
    harness.get_by_label_contains(&format!("{actor} (")).click();
    harness.run();
    type_into(&mut harness, Role::TextInput, "From", "2025");
    let shown = harness.state().session().visible_articles();
    assert!(!shown.is_empty() && shown.len() < 1000, "{}", shown.len());
    let heading = harness.get_by_label(&format!("{} of 1,000 articles", thousands(shown.len()))).rect();
    // The long count is cut short in the sidebar, never drawn under the buttons beside it.
    let filter_button = harness.get_by_role_and_label(Role::Button, "Filter articles").rect();
    assert!(
        heading.right() <= filter_button.left() + 0.5,
        "{heading:?} runs under the Filter button {filter_button:?}"
    );
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    harness.run();
    let app = harness.state();
    let index = app.project().articles.iter().position(|a| Some(&a.id) == app.current_article());
    assert_eq!(index, shown.first().copied(), "stepped to the first article of the filtered list");
    eprintln!("filter by status, actor and date and step, on 1,000 articles: {:?}", started.elapsed());
}

#[test]
fn a_marker_is_focused_moved_and_quoted_without_the_mouse() {
    let mut harness = sample_harness();
    let us_on_nato = "United States on Ukraine's NATO membership";
    let before = value_of(harness.state(), "united-states", "nato-membership").expect("the sample codes it");
    // Ctrl+M: the first marker of the first axis gets the keyboard (and the inspector).
    press_ctrl(&mut harness, Key::M);
    assert!(harness.get_by_label(us_on_nato).is_focused());
    assert_eq!(harness.state().session().selected_marker().map(|m| m.actor.as_str()), Some("united-states"));
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(value_of(harness.state(), "united-states", "nato-membership"), Some(before + 1.0));

    // Find a phrase; typing and Backspace in the find field stay in the field.
    press_ctrl(&mut harness, Key::F);
    harness.get_by_role_and_label(Role::TextInput, "Find:").type_text("general assemblyy");
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    assert!(harness.state().project().rejected_suggestions.is_empty(), "Backspace edited the field");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().project().positions.len() == presets::sample_project().positions.len());
    // Ctrl+E: the found text becomes a quote for the selected marker.
    press_ctrl(&mut harness, Key::E);
    let key = key_in_current_article(harness.state(), "united-states", "nato-membership");
    let position = harness.state().project().positions.get(&key).unwrap().clone();
    assert!(position.evidence.iter().any(|evidence| evidence.quote == "General Assembly"), "{:?}", position.evidence);

    // Tab moves the keyboard, and the selection, to the next marker.
    press_ctrl(&mut harness, Key::M);
    harness.key_press(Key::Tab);
    harness.run();
    let selected = harness.state().session().selected_marker().cloned().expect("a marker is selected");
    assert_ne!(selected.actor.as_str(), "united-states");
}

#[test]
fn the_shortcuts_window_lists_the_article_and_keyboard_commands() {
    let mut harness = harness_with(four_articles());
    harness.key_press(Key::F1);
    harness.run();
    for (action, keys) in [
        ("Next article", "Alt+Down"),
        ("Filter articles", "Ctrl+L"),
        ("Mark article done", "Ctrl+D"),
        ("Accept suggestion", "Enter"),
        ("Reject suggestion", "Backspace"),
        ("Focus first marker", "Ctrl+M"),
        ("Use selection as evidence", "Ctrl+E"),
    ] {
        harness.get_by_role_and_label(Role::Label, action);
        assert!(harness.query_all_by_role_and_label(Role::Label, keys).count() >= 1, "{keys} for {action}");
    }
    // Ctrl+L, with the window closed, opens the filter with the keyboard on its first option.
    harness.get_by_label("Close").click();
    harness.run();
    press_ctrl(&mut harness, Key::L);
    assert!(harness.get_by_label("Any status (4)").is_focused());
}

#[test]
fn counts_read_plainly_in_the_list_the_status_bar_and_the_reader() {
    let mut harness = sample_harness();
    harness.get_by_label("1 article");
    let positions = harness.state().project().positions.len();
    harness.get_by_label(&format!("1 article · 5 actors · 3 issues · {positions} positions"));
    press_ctrl(&mut harness, Key::F);
    harness.get_by_role_and_label(Role::TextInput, "Find:").type_text("Ryabkov");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("1 word selected");
}

#[test]
fn several_articles_get_a_source_and_their_file_names_dates_in_one_undoable_step() {
    let mut project = four_articles();
    for (id, file) in [("brussels", "01_reuters_2025-02-11_budget.txt"), ("kyiv", "20250502-ap-kyiv.txt")] {
        if let Some(article) = project.articles.iter_mut().find(|a| a.id.as_str() == id) {
            article.origin_file = file.into();
        }
    }
    let mut harness = harness_with(project);
    let ctrl = egui::Modifiers { ctrl: true, command: true, ..egui::Modifiers::NONE };
    let shift = egui::Modifiers { shift: true, ..egui::Modifiers::NONE };

    // Click the Brussels article, Shift+click the undated note: the three rows between are selected.
    harness.get_by_role_and_label(Role::Button, BRUSSELS).click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, NOTE).click_modifiers(shift);
    harness.run();
    harness.get_by_label("Edit details of 3 articles…");
    // Ctrl+click takes the note out again.
    harness.get_by_role_and_label(Role::Button, NOTE).click_modifiers(ctrl);
    harness.run();
    harness.get_by_label("Edit details of 2 articles…").click();
    harness.run();

    type_into(&mut harness, Role::TextInput, "Source", "Wire copy");
    harness.get_by_role_and_label(Role::RadioButton, "From file name").click();
    harness.run();
    harness.get_by_label("Apply to 2 articles").click();
    harness.run();

    let details = |harness: &egui_kittest::Harness<'_, stancemap::app::App>, id: &str| {
        let project = harness.state().project();
        let article = project.article(&id.into()).expect("the article exists");
        (article.source.clone(), article.date.clone())
    };
    assert_eq!(details(&harness, "brussels"), ("Wire copy".to_owned(), "2025-02-11".to_owned()));
    assert_eq!(details(&harness, "kyiv"), ("Wire copy".to_owned(), "2025-05-02".to_owned()));
    assert_eq!(details(&harness, "note"), (String::new(), String::new()), "not selected, not changed");
    assert_eq!(harness.state().session().document().undo_label(), Some("edit details of 2 articles"));

    press_ctrl(&mut harness, Key::Z);
    assert_eq!(details(&harness, "brussels"), ("Reuters".to_owned(), "2025-02-10".to_owned()));
    assert_eq!(details(&harness, "kyiv"), ("AP".to_owned(), "2025-05-01".to_owned()));
}

/// README: the filter is a view that is kept; it survives quitting and opening the project again,
/// and a restart on another project does not inherit it.
#[test]
fn the_article_filter_is_kept_after_quit_and_reopen() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("four.stancemap");
    stancemap::io::save_project(&path, &four_articles()).expect("saved");
    let mut harness = harness_at(&path, &stancemap::io::recovery::RecoveryStore::in_dir(dir.path().join("r")));
    open_filter(&mut harness);
    harness.get_by_label("Uncoded (3)").click();
    harness.run();
    harness.get_by_label("3 of 4 articles");
    let storage = quit(&mut harness);

    let project = stancemap::io::load_project(&path).expect("loads");
    let harness = restart(project, Some(path.clone()), storage.clone());
    harness.get_by_label("3 of 4 articles");
    assert!(!harness.state().is_dirty(), "a restored filter is not an edit");

    // Another project starts unfiltered.
    let harness = restart(four_articles(), None, storage);
    harness.get_by_label("4 articles");
}
