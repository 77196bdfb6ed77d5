//! A monkey: 10,000 random clicks, drags, key presses and typed words over the sample project,
//! in ten rounds of 1,000 on a fresh app. After each round the project must still hold together —
//! every value inside its issue's scale, every evidence span inside its article and quoting it —
//! and undoing every step must give back the sample exactly.
//!
//! A second monkey works on a generated corpus (60 actors, 20 issues, 3 coders, a few hundred
//! articles, whole-project results on worker threads), where index and layout bugs show that the
//! sample hides: beside random events it deletes actors, issues and articles, restores them from
//! the Trash, merges another coder's copy and visits every plot tab, and after every action checks
//! that the plot panel's tab bar is still on screen.
//!
//! The monkeys run in a child process whose working folder is a temporary one, so a file they happen
//! to export or import (they can reach path prompts) lands there and never in the repository.

mod common;

use std::time::Duration;

use common::*;
use egui::{Key, Modifiers, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancemap::app::App;
use stancemap::model::generate::{GenerateOptions, generate};
use stancemap::model::{Project, presets};

const CHILD: &str = "STANCEMAP_TEST_MONKEY";
const ROUNDS: usize = 10;
const EVENTS_PER_ROUND: usize = 1_000;

/// A point in the window below the menu bar (the menus lead to Save As and Quit).
fn point(sequence: &mut Sequence) -> Pos2 {
    pos2(sequence.below(1440) as f32, 30.0 + sequence.below(870) as f32)
}

const KEYS: &[Key] = &[
    Key::ArrowLeft,
    Key::ArrowRight,
    Key::ArrowUp,
    Key::ArrowDown,
    Key::Tab,
    Key::Delete,
    Key::Backspace,
    Key::Enter,
    Key::Escape,
    Key::Space,
    Key::A,
    Key::R,
    Key::F1,
    Key::F3,
];

/// The centre of a random marker ("<actor> on <issue>"), most of the coding happens there.
fn a_marker(harness: &Harness<'_, App>, sequence: &mut Sequence) -> Option<Pos2> {
    let markers: Vec<Pos2> = harness.query_all_by_label_contains(" on ").map(|node| node.rect().center()).collect();
    (!markers.is_empty()).then(|| markers[sequence.below(markers.len() as u64) as usize])
}

fn one_event(harness: &mut Harness<'_, App>, sequence: &mut Sequence) {
    match sequence.below(13) {
        10..=12 => {
            let Some(from) = a_marker(harness, sequence) else { return };
            let to = from + egui::vec2(sequence.below(400) as f32 - 200.0, sequence.below(60) as f32 - 30.0);
            harness.hover_at(from);
            harness.drag_at(from);
            harness.step();
            harness.hover_at(from + (to - from) * 0.5);
            harness.step();
            harness.drop_at(to);
        }
        0..=3 => {
            let at = point(sequence);
            harness.hover_at(at);
            harness.drag_at(at);
            harness.step();
            harness.drop_at(at);
        }
        4 | 5 => {
            let (from, to) = (point(sequence), point(sequence));
            harness.hover_at(from);
            harness.drag_at(from);
            harness.step();
            harness.hover_at(from + (to - from) * 0.5);
            harness.step();
            harness.drop_at(to);
        }
        6 | 7 => {
            let key = KEYS[sequence.below(KEYS.len() as u64) as usize];
            let modifiers = if sequence.below(4) == 0 { Modifiers::SHIFT } else { Modifiers::NONE };
            harness.key_press_modifiers(modifiers, key);
        }
        8 => {
            let words = ["russia", "talks", "nato", "x", " ", "kyiv"];
            let word = words[sequence.below(words.len() as u64) as usize];
            harness.event(egui::Event::Text(word.to_owned()));
        }
        _ => {
            let ctrl = Modifiers { ctrl: true, command: true, ..Modifiers::NONE };
            let key = if sequence.below(2) == 0 { Key::Z } else { Key::Y };
            harness.key_press_modifiers(ctrl, key);
        }
    }
    harness.step();
}

/// Every value within its scale, every evidence span inside its article, quoting it.
fn check_invariants(project: &Project, round: usize) {
    for position in project.positions.iter() {
        let issue =
            project.issue(&position.issue).unwrap_or_else(|| panic!("round {round}: position on a missing issue"));
        let (low, high) = issue.bounds();
        assert!((low..=high).contains(&position.value), "round {round}: {} outside {low}..{high}", position.value);
        let Some(article) = position.article.as_ref().and_then(|id| project.article(id)) else { continue };
        for evidence in &position.evidence {
            assert_eq!(
                article.text.get(evidence.start..evidence.end),
                Some(evidence.quote.as_str()),
                "round {round}: evidence span does not quote its article"
            );
        }
    }
    assert!(project.validate().is_ok(), "round {round}: {:?}", project.validate());
}

fn run_monkey() {
    let mut sequence = Sequence(0x4d4f_4e4b_4559_0001);
    let sample = presets::sample_project();
    let mut steps_undone = 0;
    for round in 0..ROUNDS {
        let mut harness = harness_with(sample.clone());
        for _ in 0..EVENTS_PER_ROUND {
            one_event(&mut harness, &mut sequence);
        }
        // Close whatever dialog is open, let the frame settle, then check.
        for _ in 0..3 {
            harness.key_press(Key::Escape);
            harness.step();
        }
        check_invariants(harness.state().project(), round);
        // Undo everything: back to the sample, exactly.
        let ctrl = Modifiers { ctrl: true, command: true, ..Modifiers::NONE };
        for _ in 0..1_100 {
            if !harness.state().session().document().can_undo() {
                break;
            }
            harness.key_press_modifiers(ctrl, Key::Z);
            harness.step();
            steps_undone += 1;
        }
        assert_eq!(harness.state().project(), &sample, "round {round}: undo back to the start");
        std::thread::sleep(Duration::from_millis(1));
    }
    // The monkey really changed things (else the checks above prove nothing).
    assert!(steps_undone >= 50, "only {steps_undone} steps to undo in {ROUNDS} rounds");
    println!("monkey: {steps_undone} undo steps over {ROUNDS} rounds");
}

/// Runs `monkey` in a child process (this test binary, only that test) in a temporary folder.
fn in_child(test: &str, monkey: fn()) {
    if std::env::var_os(CHILD).is_some() {
        monkey();
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture"])
        .env(CHILD, "1")
        .current_dir(folder.path())
        .output()
        .unwrap();
    // What the monkey did, for the test log (cargo shows it with --nocapture).
    for line in String::from_utf8_lossy(&output.stdout).lines().filter(|line| line.contains("monkey: ")) {
        println!("{line}");
    }
    assert!(
        output.status.success(),
        "the monkey found a problem:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn ten_thousand_random_events_break_nothing_and_undo_all_the_way_back() {
    in_child("ten_thousand_random_events_break_nothing_and_undo_all_the_way_back", run_monkey);
}

const PLOT_TABS: [&str; 7] = ["All issues", "2-D map", "Evolution", "Distance", "Aggregate", "Agreement", "Forecast"];

fn corpus() -> Project {
    let options = GenerateOptions { articles: 200, actors: 60, issues: 20, positions: 6_000, coders: 3, seed: 26 };
    generate(&options).expect("a corpus")
}

/// Another coder's copy of `project`: every tenth position moved, for Project → Merge project….
fn their_copy(project: &Project) -> Project {
    let mut theirs = project.clone();
    let moved: Vec<_> = theirs.positions.iter().step_by(10).cloned().collect();
    for mut position in moved {
        let issue = theirs.issue(&position.issue).expect("its issue");
        let (low, high) = issue.bounds();
        position.value = (low + high) / 2.0;
        theirs.positions.insert(position);
    }
    theirs
}

/// Clicks the first widget labelled `label`, if one is shown; true when it was. The click is
/// AccessKit's, as a screen reader's: the widget may be scrolled out of view (the 60th actor).
fn click_if_shown(harness: &mut Harness<'_, App>, label: &str) -> bool {
    let Some(node) = harness.query_all_by_label(label).next() else { return false };
    node.click_accesskit();
    settle_a_little(harness);
    true
}

/// A few frames: the click's command is applied at the end of the first, what it opens drawn next.
fn settle_a_little(harness: &mut Harness<'_, App>) {
    for _ in 0..3 {
        harness.step();
    }
}

/// Clicks the first widget whose label contains `part`, if one is shown.
fn click_first_containing(harness: &mut Harness<'_, App>, part: &str) -> bool {
    let Some(node) = harness.query_all_by_label_contains(part).next() else { return false };
    node.click_accesskit();
    settle_a_little(harness);
    true
}

/// One deliberate action of a user on a corpus, or a random event; says which one it carried out.
fn corpus_action(harness: &mut Harness<'_, App>, sequence: &mut Sequence, theirs: &std::path::Path) -> &'static str {
    let project = harness.state().project();
    let (actors, issues, trash) = (project.actors.len(), project.issues.len(), project.trash.len());
    let done = match sequence.below(10) {
        0 => {
            let tab = PLOT_TABS[sequence.index(PLOT_TABS.len())];
            let shown = harness.query_all_by_label(tab).count() > 0;
            click_if_shown(harness, tab);
            if shown { "visit a tab" } else { "" }
        }
        1 if !project.actors.is_empty() => {
            let actor = project.actors[sequence.index(project.actors.len())].name.clone();
            if click_if_shown(harness, &format!("Edit {actor}")) {
                click_if_shown(harness, "Delete actor");
            }
            if harness.state().project().actors.len() < actors { "delete an actor" } else { "" }
        }
        2 if !project.issues.is_empty() => {
            let issue = project.issues[sequence.index(project.issues.len())].name.clone();
            let button = harness.query_all_by_role_and_label(egui::accesskit::Role::Button, &issue).next();
            if let Some(button) = button {
                button.click_accesskit();
                settle_a_little(harness);
                click_if_shown(harness, "Delete issue");
            }
            if harness.state().project().issues.len() < issues { "delete an issue" } else { "" }
        }
        3 => {
            // The article list's context menu, on one of the first rows (on screen).
            let title =
                project.articles.get(sequence.index(8)).map(|article| article.title.clone()).unwrap_or_default();
            let row = harness.query_all_by_label(&title).next().map(|row| row.click_secondary()).is_some();
            if row {
                settle_a_little(harness);
                click_if_shown(harness, "Move article to the Trash");
            }
            if harness.state().project().trash.len() > trash { "trash an article" } else { "" }
        }
        4 => {
            if click_if_shown(harness, "Project") && click_first_containing(harness, "Trash (") {
                click_first_containing(harness, "Restore ");
                harness.key_press(Key::Escape);
            }
            if harness.state().project().trash.len() < trash { "restore from the Trash" } else { "" }
        }
        5 => {
            if click_if_shown(harness, "Project") && click_if_shown(harness, "Merge project…") {
                harness
                    .get_by_role_and_label(egui::accesskit::Role::TextInput, "Path")
                    .type_text(theirs.to_str().unwrap());
                harness.step();
                // The path, then the conflicts dialog (taking ours by default).
                click_if_shown(harness, "Merge");
                harness.step();
                click_if_shown(harness, "Merge");
            }
            let merged = harness.state().session().document().undo_label().is_some_and(|l| l.starts_with("merge"));
            if merged { "merge" } else { "" }
        }
        6 => {
            let ctrl = Modifiers { ctrl: true, command: true, ..Modifiers::NONE };
            harness.key_press_modifiers(ctrl, if sequence.below(3) == 0 { Key::Y } else { Key::Z });
            "undo or redo"
        }
        _ => {
            one_event(harness, sequence);
            "random event"
        }
    };
    harness.step();
    done
}

/// What differs first between two projects, short enough to read (a corpus prints megabytes).
fn first_difference(now: &Project, start: &Project) -> String {
    let lists = [
        ("actors", format!("{:?}", now.actors), format!("{:?}", start.actors)),
        ("issues", format!("{:?}", now.issues), format!("{:?}", start.issues)),
        ("coders", format!("{:?}", now.coders), format!("{:?}", start.coders)),
        ("trash", format!("{:?}", now.trash.len()), format!("{:?}", start.trash.len())),
        ("done", format!("{:?}", now.done_articles), format!("{:?}", start.done_articles)),
        ("rejected", format!("{:?}", now.rejected_suggestions), format!("{:?}", start.rejected_suggestions)),
        ("dismissed", format!("{:?}", now.dismissed_candidates), format!("{:?}", start.dismissed_candidates)),
    ];
    for (what, a, b) in lists {
        if a != b {
            return format!("the {what} differ: {:.300} vs {:.300}", a, b);
        }
    }
    if now.articles != start.articles {
        let at = now.articles.iter().zip(&start.articles).position(|(a, b)| a != b);
        return format!("articles differ ({} vs {}), first at {at:?}", now.articles.len(), start.articles.len());
    }
    let (a, b): (Vec<_>, Vec<_>) = (now.positions.iter().collect(), start.positions.iter().collect());
    if a.len() != b.len() {
        return format!("{} positions vs {}", a.len(), b.len());
    }
    match a.iter().zip(&b).find(|(x, y)| x != y) {
        Some((x, y)) => format!("position {x:?} vs {y:?}"),
        None => "the positions' sets differ in something else (versions?)".into(),
    }
}

/// Every plot tab is on screen, between the menu bar and the status bar, inside the plot panel.
fn check_tab_bar(harness: &Harness<'_, App>, when: &str) {
    let panel = harness.state().plot_panel_rect().expect("the plot panel was drawn");
    assert!(panel.min.y > 20.0 && panel.max.y < 900.0, "{when}: the plot panel is off screen at {panel:?}");
    for tab in PLOT_TABS {
        // Other widgets may share a tab's name (the article filter's "All issues"): one is the tab.
        let shown = harness.query_all_by_label(tab).any(|node| panel.contains_rect(node.rect()));
        assert!(shown, "{when}: the {tab:?} tab is not inside the plot panel {panel:?}");
    }
}

/// `rounds` rounds of `actions` actions, each round on a fresh app, undone back to the start.
fn run_corpus_monkey(rounds: usize, actions: usize, seed: u64) {
    let mut sequence = Sequence(0x4d4f_4e4b_4559_0019 ^ seed);
    let start = corpus();
    let theirs = std::env::current_dir().unwrap().join("theirs.stancemap");
    stancemap::io::save_project(&theirs, &their_copy(&start)).unwrap();
    let mut changes = 0;
    let mut carried_out = std::collections::BTreeMap::<&str, usize>::new();
    for round in 0..rounds {
        let mut harness = harness_with(start.clone());
        for action in 0..actions {
            *carried_out.entry(corpus_action(&mut harness, &mut sequence, &theirs)).or_default() += 1;
            // Background results arrive while the user works.
            if action % 10 == 0 {
                std::thread::sleep(Duration::from_millis(20));
                harness.step();
            }
            let open_dialog = harness.query_by_label("Path").is_some();
            if !open_dialog {
                check_tab_bar(&harness, &format!("round {round}, action {action}"));
            }
        }
        for _ in 0..3 {
            harness.key_press(Key::Escape);
            harness.step();
        }
        check_invariants(harness.state().project(), round);
        if harness.state().project() != &start {
            changes += 1;
        }
        let ctrl = Modifiers { ctrl: true, command: true, ..Modifiers::NONE };
        let mut unchanged = 0;
        for _ in 0..actions * 2 {
            if !harness.state().session().document().can_undo() {
                break;
            }
            let before = harness.state().session().document().undo_label().map(str::to_owned);
            harness.key_press_modifiers(ctrl, Key::Z);
            harness.step();
            let after = harness.state().session().document().undo_label().map(str::to_owned);
            // A widget that re-applies a value on sight undoes the undo (the salience slider did):
            // the same step comes back press after press.
            unchanged = if before == after { unchanged + 1 } else { 0 };
            assert!(unchanged < 5, "round {round}: Undo keeps coming back to {before:?}");
        }
        let project = harness.state().project();
        let document = harness.state().session().document();
        assert!(
            project == &start,
            "round {round}: undo back to the start, but {} (can undo: {:?}, focus: {:?})",
            first_difference(project, &start),
            document.undo_label(),
            harness.ctx.memory(|memory| memory.focused())
        );
    }
    assert!(changes > 0, "the corpus monkey changed nothing");
    println!("corpus monkey: {carried_out:?}");
    for needed in
        ["visit a tab", "delete an actor", "delete an issue", "trash an article", "restore from the Trash", "merge"]
    {
        assert!(carried_out.contains_key(needed), "the corpus monkey never managed to {needed}: {carried_out:?}");
    }
}

#[test]
fn a_corpus_monkey_deletes_restores_merges_visits_every_tab_and_undoes_back() {
    in_child("a_corpus_monkey_deletes_restores_merges_visits_every_tab_and_undoes_back", || {
        run_corpus_monkey(3, 35, 0);
    });
}

/// The long corpus monkey: `cargo test --test monkey -- --ignored` (about ten minutes).
#[test]
#[ignore = "long: ten rounds of 150 actions"]
fn a_long_corpus_monkey() {
    in_child("a_long_corpus_monkey", || run_corpus_monkey(10, 150, 1));
}
