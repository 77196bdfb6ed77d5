//! The real app on a corpus-scale project (`stancemap generate`'s defaults: 1,000 articles, 50,000
//! positions): it opens, every view draws, the background agreement arrives on its own, a drag is
//! still one exact undo step. Speed is measured in `benches/`, not here.

mod common;

#[allow(unused_imports)]
#[path = "../benches/common/mod.rs"]
mod corpus;

use common::*;
use egui::Key;
use egui_kittest::kittest::Queryable;

#[test]
fn a_large_project_opens_draws_every_view_and_undoes_a_drag_exactly() {
    let project = corpus::build_large_project();
    assert_eq!(project.positions.len(), 50_000);
    let original = project.clone();
    let mut harness = harness_with(project);

    // Step to the next article with the keyboard.
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().current_article(), Some(&original.articles[1].id));

    for tab in ["2-D map", "Over articles", "Closeness", "Aggregate", "Agreement", "Forecast", "All issues"] {
        harness.get_by_label(tab).click();
        harness.run();
    }

    // Agreement is computed on a worker thread; its table appears once the result arrives.
    harness.get_by_label("Agreement").click();
    harness.run();
    for _ in 0..300 {
        if harness.query_by_label("Nominal").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.run();
    }
    assert!(harness.query_by_label("Computing…").is_none(), "the agreement report arrived");
    assert_eq!(harness.query_all_by_label("All issues").count(), 2, "the tab and the table's last row");
    harness.query_all_by_label("All issues").next().expect("the tab").click();
    harness.run();

    let actor = &original.actors[0];
    let issue = &original.issues[0];
    let label = format!("{} on {}", actor.name, issue.name);
    let unplaced = format!("{label} (not placed)");
    let marker = harness
        .query_by_label(&label)
        .or_else(|| harness.query_by_label(&unplaced))
        .expect("every actor has a marker on every axis")
        .rect()
        .center();
    drag(&mut harness, marker, marker + egui::vec2(40.0, 0.0));
    assert_ne!(harness.state().project(), &original, "the drag changed a position");
    press_ctrl(&mut harness, Key::Z);
    assert_eq!(harness.state().project(), &original, "one undo restores the project exactly");
}
