//! A monkey: 10,000 random clicks, drags, key presses and typed words over the sample project,
//! in ten rounds of 1,000 on a fresh app. After each round the project must still hold together —
//! every value inside its issue's scale, every evidence span inside its article and quoting it —
//! and undoing every step must give back the sample exactly.
//!
//! The monkey runs in a child process whose working folder is a temporary one, so a file it happens
//! to export or import (it can reach path prompts) lands there and never in the repository.

mod common;

use std::time::Duration;

use common::*;
use egui::{Key, Modifiers, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancemap::app::App;
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

#[test]
fn ten_thousand_random_events_break_nothing_and_undo_all_the_way_back() {
    if std::env::var_os(CHILD).is_some() {
        run_monkey();
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "ten_thousand_random_events_break_nothing_and_undo_all_the_way_back", "--nocapture"])
        .env(CHILD, "1")
        .current_dir(folder.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the monkey found a problem:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
