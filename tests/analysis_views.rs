//! Analysis in the app: agreement between coders, forecasts, aggregate tables, CSV in and out.

mod common;

use common::*;
use egui_kittest::kittest::{NodeT, Queryable};
use stancemap::model::{Coder, Position, presets};

/// The sample, plus a second coder who coded Russia and Ukraine on NATO differently.
fn two_coder_project() -> stancemap::Project {
    let mut project = presets::sample_project();
    project.coders.push(Coder { id: "b".into(), name: "Coder B".into() });
    let article = project.articles[0].id.clone();
    for (actor, value) in [("russia", 40.0), ("ukraine", 85.0), ("united-states", 20.0)] {
        project.positions.insert(Position {
            actor: actor.into(),
            issue: "nato-membership".into(),
            article: Some(article.clone()),
            coder: "b".into(),
            value,
            ..Position::default()
        });
    }
    project.validate().unwrap();
    project
}

#[test]
fn agreement_tab_reports_alpha_and_opens_the_largest_disagreement() {
    let mut harness = harness_with(two_coder_project());
    harness.get_by_label("Agreement").click();
    harness.run();
    // Three units coded twice on NATO; the table lists the issue and the overall row.
    assert!(harness.query_all_by_label("All issues").count() >= 1);
    let link = harness.get_by_label_contains("Russia on Ukraine's NATO membership — Analyst 5 vs Coder B 40");
    link.click();
    harness.run();
    // Both coders' markers are on the axis now.
    let other = harness.get_by_label("Russia on Ukraine's NATO membership by Coder B");
    assert_eq!(other.accesskit_node().numeric_value(), Some(40.0));
    harness.get_by_label("Russia on Ukraine's NATO membership");
}

#[test]
fn forecast_tab_shows_weighted_mean_and_median() {
    let mut harness = sample_harness();
    harness.get_by_label("Forecast").click();
    harness.run();
    // Sample, NATO issue, one coder: US 20 (100×60), Ukraine 90 (35×80), Russia 5 (80×90).
    let mean =
        (100.0 * 60.0 * 20.0 + 35.0 * 80.0 * 90.0 + 80.0 * 90.0 * 5.0) / (100.0 * 60.0 + 35.0 * 80.0 + 80.0 * 90.0);
    harness.get_by_label(&format!("Weighted mean {mean:.1}"));
    // Weights sorted by position: Russia 7200 (5), US 6000 (20), Ukraine 2800 (90); half of 16000 is reached at 20.
    harness.get_by_label("Weighted median 20");
    // The tab names its model and reference, and the rounds plot has a legend entry for every
    // actor's path and for the weighted mean and the forecast per round.
    harness
        .get_by_label_contains("Expected-utility model of Bueno de Mesquita, as formalised by Scholz, Calbert & Smith");
    for line in ["United States", "Ukraine", "Russia", "weighted mean", "forecast (weighted median)"] {
        harness.get_by_role_and_label(egui::accesskit::Role::CheckBox, line);
    }
}

#[test]
fn coded_positions_import_from_csv_and_export_back() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("coded.csv");
    std::fs::write(&csv, "actor,issue,position,salience,coder\nTurkey,Ukraine's NATO membership,70,40,analyst\n")
        .unwrap();
    let mut harness = harness_with(presets::new_project("t"));
    file_menu_with_path(&mut harness, "Import coded positions…", &csv, "Import");
    // Turkey is not in the project: the app asks before creating it.
    harness.get_by_label("Create new actor Turkey").click();
    harness.run();
    harness.get_by_label("Import").click();
    harness.run();
    let project = harness.state().project();
    let turkey = project.find_actor_by_name("Turkey").expect("unknown actors are created when asked to");
    let position = project.positions.iter().find(|p| p.actor == turkey.id).unwrap();
    assert_eq!((position.value, position.salience, position.article.clone()), (70.0, 40.0, None));

    let out = dir.path().join("out.csv");
    file_menu_with_path(&mut harness, "Export positions as CSV…", &out, "Export");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("Turkey,Ukraine's NATO membership,70,,40,medium,analyst,50,"), "{written}");
}

#[test]
fn a_bad_csv_row_is_reported_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "actor,issue,position\nRussia,Ukraine's NATO membership,10\nUkraine,Ukraine's NATO membership,lots\n",
    )
    .unwrap();
    let mut harness = sample_harness();
    file_menu_with_path(&mut harness, "Import coded positions…", &csv, "Import");
    let messages = harness.state().messages().join("\n");
    assert!(messages.contains("bad.csv: row 3, column position"), "{messages}");
    assert_eq!(harness.state().project(), &presets::sample_project());
}

#[test]
fn the_plot_exports_as_an_svg_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("figure.svg");
    let mut harness = sample_harness();
    harness.get_by_label("Export SVG…").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Path").type_text(out.to_str().unwrap());
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    let svg = std::fs::read_to_string(&out).expect("the figure was written");
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{}", &svg[..60.min(svg.len())]);
    for text in ["Ukraine peace talks", "Russia", "Ukraine's NATO membership", "Rules out membership"] {
        assert!(svg.contains(&stancemap::io::export::svg::escape(text)), "missing {text}");
    }
}

/// The Aggregate table sorts by the column whose header is clicked (again: the other way), and its
/// columns fit the panel, Min and Max included.
#[test]
fn the_aggregate_table_sorts_by_a_clicked_header_and_fits_the_panel() {
    let mut harness = harness_with(two_coder_project());
    harness.get_by_label("Aggregate").click();
    harness.run();
    // The bottom panel ends where the right panel (the axes) begins.
    let right_panel = harness.get_by_label("Positions").rect().left();
    for header in ["Min", "Max"] {
        let rect = harness.get_by_label(header).rect();
        assert!(rect.right() <= right_panel, "{header} {rect:?} ends before the right panel at {right_panel}");
    }

    // The Max column's cells, top to bottom.
    let column = |harness: &egui_kittest::Harness<'_, stancemap::app::App>, header: &str| -> Vec<f64> {
        let head = harness.get_by_label(header).rect();
        let mut cells: Vec<(f32, f64)> = harness
            .query_all_by_role(egui::accesskit::Role::Label)
            .filter(|node| {
                let rect = node.rect();
                rect.top() > head.bottom() - 1.0 && head.x_range().contains(rect.center().x)
            })
            .filter_map(|node| Some((node.rect().top(), node.accesskit_node().value()?.parse::<f64>().ok()?)))
            .collect();
        cells.sort_by(|a, b| a.0.total_cmp(&b.0));
        cells.into_iter().map(|(_, value)| value).collect()
    };
    harness.get_by_label("Max").click();
    harness.run();
    let ascending = column(&harness, "Max (sorted low to high)");
    assert!(ascending.len() >= 3, "rows shown: {ascending:?}");
    assert!(ascending.windows(2).all(|pair| pair[0] <= pair[1]), "ascending: {ascending:?}");
    harness.get_by_label("Max (sorted low to high)").click();
    harness.run();
    let descending = column(&harness, "Max (sorted high to low)");
    assert!(descending.windows(2).all(|pair| pair[0] >= pair[1]), "descending: {descending:?}");
    assert_ne!(ascending, descending);
}
