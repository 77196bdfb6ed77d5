//! The plots as a user meets them: a point dragged on the 2-D map moves the actor on both issues
//! and one Ctrl+Z puts both back; every view draws a 100-actor, 30-issue project with every marker
//! inside the plot bounds (on screen and in the exported SVG), and the exports are well formed.

mod common;

use common::big::big_project;
use common::*;
use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use stancemap::figure::{self, Figure, FigureRequest, FigureView, Filter, PointSource};
use stancemap::io::export::{FigureSize, svg};
use stancemap::ui::figure_views::{evolution_bounds, map_bounds, strip_bounds, strip_points};

#[test]
fn dragging_a_point_on_the_map_moves_both_positions_and_ctrl_z_restores_both() {
    let mut harness = sample_harness();
    harness.get_by_label("2-D map").click();
    harness.run();
    let before = (
        value_of(harness.state(), "russia", "nato-membership"),
        value_of(harness.state(), "russia", "ceding-territory"),
    );
    assert_eq!(before, (Some(5.0), Some(95.0)), "the sample's Russia");
    let start = harness.get_by_label_contains("Russia on the 2-D map").rect().center();
    drag(&mut harness, start, start + egui::vec2(120.0, 80.0));
    let after = (
        value_of(harness.state(), "russia", "nato-membership"),
        value_of(harness.state(), "russia", "ceding-territory"),
    );
    assert!(after.0 > before.0 && after.1 < before.1, "both moved: {before:?} → {after:?}");
    press_ctrl(&mut harness, Key::Z);
    let undone = (
        value_of(harness.state(), "russia", "nato-membership"),
        value_of(harness.state(), "russia", "ceding-territory"),
    );
    assert_eq!(undone, before, "one undo restores both");
}

#[test]
fn every_view_draws_100_actors_and_30_issues_with_every_marker_inside_the_bounds() {
    let project = big_project(100, 30, 3, 90);
    let rows = figure::mean_rows(&project);
    let means = PointSource::Means(&rows);

    let strip = figure::strip_figure(&project, means, Some("Big"));
    assert_eq!(strip.legend.len(), 100);
    let bounds = strip_bounds(&strip);
    let points = strip_points(&strip);
    assert!(points.len() >= 1000, "{}", points.len());
    for [x, y] in points {
        assert!(
            bounds.min()[0] < x && x < bounds.max()[0] && bounds.min()[1] < y && y < bounds.max()[1],
            "({x}, {y}) outside {bounds:?}"
        );
    }
    let map =
        figure::map_figure(&project, &project.issues[0].id, &project.issues[2].id, means, Some("Big")).expect("map");
    let bounds = map_bounds(&map);
    assert!(!map.points.is_empty());
    for point in &map.points {
        let (x, y) = (point.x.value, point.y.value);
        assert!(bounds.min()[0] < x && x < bounds.max()[0] && bounds.min()[1] < y && y < bounds.max()[1]);
    }
    let evolution =
        figure::evolution_figure(&project, &project.issues[2].id, &Filter::default(), Some("Big")).expect("issue");
    assert!(evolution.undated > 0, "undated articles are counted");
    let bounds = evolution_bounds(&evolution);
    for point in evolution.series.iter().flat_map(|series| &series.points) {
        let (x, y) = (point.article as f64, point.at.value);
        assert!(bounds.min()[0] < x && x < bounds.max()[0] && bounds.min()[1] < y && y < bounds.max()[1]);
    }
    // The same figures as SVG: every marker inside the document and its frame.
    for view in
        [FigureView::AllIssues, FigureView::Map { x: None, y: None }, FigureView::Evolution(None), FigureView::Distance]
    {
        let figure = figure::figure_for(&project, &FigureRequest { view, source: means, title: None });
        let document = svg::draw(&figure);
        let (width, height) = view_box(&document);
        for (x, y) in markers(&document) {
            assert!(
                (0.0..=width).contains(&x) && (0.0..=height).contains(&y),
                "{view:?}: marker at ({x}, {y}) outside {width}×{height}"
            );
        }
        if let Figure::Distance(distance) = &figure {
            assert_eq!(distance.actors.len(), 100);
            assert_eq!(document.matches("class=\"cell\"").count(), 100 * 99, "every pair shares an issue");
        }
    }
}

#[test]
fn the_app_draws_every_view_of_a_big_project() {
    let mut harness = harness_with(big_project(60, 20, 4, 60));
    for (tab, plot) in [
        ("All issues", "All issues plot"),
        ("2-D map", "2-D map plot"),
        ("Evolution", "Evolution plot"),
        ("Distance", "Distance heatmap"),
    ] {
        harness.get_by_label(tab).click();
        harness.run();
        harness.get_by_label(plot);
    }
    // The legend toggles actors; "Belgium" and "Belarus" have names of their own.
    harness.get_by_label("All issues").click();
    harness.run();
    harness.get_by_label("All articles (mean)").click();
    harness.run();
    harness.get_by_label("Show Belarus in the plot").click();
    harness.run();
    assert!(harness.state().plot_filter().hidden_actors.contains(&"actor-1".into()));
}

#[test]
fn exported_figures_name_every_actor_and_pole_and_pngs_have_the_asked_size() {
    let project = big_project(12, 4, 2, 30);
    let rows = figure::mean_rows(&project);
    let request = FigureRequest { view: FigureView::AllIssues, source: PointSource::Means(&rows), title: None };
    let document =
        stancemap::io::export::figure_svg(&project, &request, FigureSize { width: Some(1000.0), scale: 1.0 })
            .expect("svg");
    let mut reader = quick_xml::Reader::from_str(&document);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("not well-formed: {error}"),
        }
    }
    for actor in &project.actors {
        assert!(document.contains(&svg::escape(&actor.name)), "{} missing", actor.name);
    }
    for issue in &project.issues {
        assert!(
            document.contains(&svg::escape(&issue.low_label)) && document.contains(&svg::escape(&issue.high_label))
        );
    }
    let png = stancemap::io::export::png::render_png(&document, 2.0).expect("png");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("decodes");
    assert_eq!(pixmap.width(), 2000);
    let distinct: std::collections::HashSet<[u8; 4]> =
        pixmap.pixels().iter().map(|p| [p.red(), p.green(), p.blue(), p.alpha()]).collect();
    assert!(distinct.len() > 20, "not blank: {} colours", distinct.len());
}

/// The `viewBox` width and height of an SVG document.
fn view_box(document: &str) -> (f64, f64) {
    let start = document.find("viewBox=\"0 0 ").expect("viewBox") + "viewBox=\"0 0 ".len();
    let rest = &document[start..];
    let numbers: Vec<f64> =
        rest[..rest.find('"').expect("end")].split(' ').map(|n| n.parse().expect("number")).collect();
    (numbers[0], numbers[1])
}

/// Every marker's centre (`data-x`, `data-y`) in an SVG document.
fn markers(document: &str) -> Vec<(f64, f64)> {
    let attribute = |element: &str, name: &str| -> Option<f64> {
        let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
        element[start..].split('"').next()?.parse().ok()
    };
    document
        .split('<')
        .filter(|element| element.contains("class=\"point\""))
        .filter_map(|element| Some((attribute(element, "data-x")?, attribute(element, "data-y")?)))
        .collect()
}

#[test]
fn the_axis_does_not_jump_when_the_forecast_lines_appear() {
    let mut harness = harness_with(stancemap::model::presets::sample_project());
    // Clear Russia and Ukraine on NATO so fewer than two actors are coded there: no forecast lines.
    for actor in ["Russia", "Ukraine", "United States"] {
        let label = format!("{actor} on Ukraine's NATO membership");
        if harness.query_by_label(&label).is_some() {
            harness.get_by_label(&label).click();
            harness.run();
            harness.key_press(Key::Delete);
            harness.run();
        }
    }
    assert!(harness.query_by_label_contains("Forecast mean on Ukraine's NATO membership").is_none());
    // Place the United States, then Russia far from it: the lines appear, the US marker stays put.
    let axis_y = center_of(&harness, "Russia on Ukraine's NATO membership (not placed)").y - 40.0;
    let us = center_of(&harness, "United States on Ukraine's NATO membership (not placed)");
    drag(&mut harness, us, egui::pos2(us.x + 40.0, axis_y));
    let placed = center_of(&harness, "United States on Ukraine's NATO membership");
    let russia = center_of(&harness, "Russia on Ukraine's NATO membership (not placed)");
    drag(&mut harness, russia, egui::pos2(placed.x + 200.0, placed.y));
    harness.get_by_label_contains("Forecast mean on Ukraine's NATO membership");
    let after = center_of(&harness, "United States on Ukraine's NATO membership");
    assert_eq!(after, placed, "the marker did not move when the lines appeared");
}

#[test]
fn clicking_a_point_of_the_evolution_opens_its_article_at_the_evidence() {
    let mut project = big_project(4, 2, 1, 9);
    // Every position of Belarus quotes the article's second sentence.
    let belarus: Vec<_> = project.positions.iter().filter(|p| p.actor == "actor-1".into()).cloned().collect();
    for mut position in belarus {
        let text = &project.article(position.article.as_ref().expect("from an article")).expect("article").text;
        position.evidence = vec![stancemap::model::Evidence::from_span(text, 57, 90).expect("a span")];
        project.positions.insert(position);
    }
    let mut harness = harness_with(project.clone());
    harness.get_by_label("Evolution").click();
    harness.run();
    // Any of Belarus's points opens its article at the quote.
    let point = harness.query_all_by_label_contains("Belarus in “Article").next().expect("a named point");
    let label = point.accesskit_node().label().unwrap_or_default().to_owned();
    let title = label.split('“').nth(1).and_then(|rest| rest.split('”').next()).expect("a title").to_owned();
    let at = point.rect().center();
    harness.hover_at(at);
    harness.run();
    harness.drag_at(at);
    harness.run();
    harness.drop_at(at);
    harness.run();
    let article = project.articles.iter().find(|a| a.title == title).expect("the article");
    assert_eq!(harness.state().current_article(), Some(&article.id), "the point's article is open");
    assert_eq!(harness.state().reader_selection(), Some((57, 90)), "at the evidence");
}

/// Every interactive widget (one a screen reader can click or focus) of the sample's main screen,
/// on every plot tab, in both scopes and in a narrower window (where a legend name wrapped over two
/// rows and its second row was an unnamed "Unknown" widget), has an accessible name.
#[test]
fn every_interactive_widget_on_the_main_screen_has_a_name() {
    use egui::accesskit::{Action, Role};
    let mut harness = sample_harness();
    let tabs = ["All issues", "2-D map", "Evolution", "Distance", "Aggregate", "Agreement", "Forecast"];
    for (size, scope) in [(1440.0, "This article"), (1440.0, "All articles (mean)"), (1024.0, "This article")] {
        harness.set_size(egui::vec2(size, size * 0.625));
        harness.run();
        for tab in tabs {
            harness.get_by_label(tab).click();
            harness.run();
            if let Some(scope) = harness.query_by_label(scope) {
                scope.click();
                harness.run();
            }
            let mut interactive = 0;
            let mut unnamed = Vec::new();
            for node in harness.root().children_recursive() {
                let node = node.accesskit_node();
                let role = node.role();
                // Scroll bars are egui's own and named by their role.
                let acts = node.data().supports_action(Action::Click) || node.data().supports_action(Action::Focus);
                if !acts || role == Role::ScrollBar {
                    continue;
                }
                interactive += 1;
                // A label's text is its value.
                let text = node.label().or_else(|| node.value());
                if text.is_none_or(|text| text.trim().is_empty()) {
                    unnamed.push(format!("{role:?} at {:?}", node.bounding_box()));
                }
            }
            assert!(interactive > 50, "the main screen has many widgets ({interactive})");
            assert!(unnamed.is_empty(), "{size} px, {scope}, {tab}: widgets without a name: {unnamed:?}");
        }
    }
}

/// The Evolution figure is kept between frames (an idle frame at 10,000 articles does not regroup
/// the issue's positions): an edit, and its undo, still show on the next frame.
#[test]
fn the_evolution_follows_an_edit_and_its_undo() {
    let mut harness = harness_with(big_project(4, 2, 1, 9));
    harness.get_by_label("Evolution").click();
    harness.run();
    let article = harness.state().current_article().cloned().expect("an open article");
    let title = harness.state().session().project().article(&article).expect("the article").title.clone();
    let issue = harness.state().session().project().issues[0].name.clone();
    let point = harness
        .state()
        .session()
        .project()
        .actors
        .iter()
        .map(|actor| actor.name.clone())
        .find(|name| {
            harness.query_by_label(&format!("{name} in “{title}”")).is_some()
                && harness.query_by_label(&format!("{name} on {issue}")).is_some()
        })
        .expect("an actor with a point in the open article and a marker on the evolution's issue");
    let label = format!("{point} in “{title}”");
    harness.get_by_label(&format!("{point} on {issue}")).click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    assert!(harness.query_by_label(&label).is_none(), "the deleted position's point is gone");
    let undo = egui::Modifiers { ctrl: true, command: true, ..Default::default() };
    harness.key_press_modifiers(undo, Key::Z);
    harness.run();
    assert!(harness.query_by_label(&label).is_some(), "Ctrl+Z brings the point back");
}

/// Past the columns the plot has room for, the Evolution shows each actor's median per period
/// (here per month): the periods are kept between frames too, and an edit and its undo show.
#[test]
fn the_binned_evolution_follows_an_edit_and_its_undo() {
    let options = stancemap::model::generate::GenerateOptions {
        articles: 600,
        actors: 3,
        issues: 1,
        positions: 1_200,
        coders: 1,
        seed: 5,
    };
    let project = stancemap::model::generate::generate(&options).expect("a corpus");
    let mut harness = harness_with(project);
    harness.get_by_label("Evolution").click();
    harness.run();
    harness.get_by_label_contains("median per month");
    let project = harness.state().session().project();
    let article = project.article(harness.state().current_article().expect("an open article")).expect("the article");
    let month = article.date[..7].to_owned();
    let issue = project.issues[0].name.clone();
    let names: Vec<String> = project.actors.iter().map(|actor| actor.name.clone()).collect();
    // An actor coded in the open article: its month's median, and its marker in the reader.
    let (actor, before) = names
        .iter()
        .find_map(|name| {
            harness.query_by_label(&format!("{name} on {issue}"))?;
            let prefix = format!("{name}, {month}: median");
            let period = harness.query_by_label_contains(&prefix)?;
            let label = period.accesskit_node().label().unwrap_or_default().to_owned();
            Some((name.clone(), label))
        })
        .expect("an actor with a marker in the open article and a median in its month");
    assert!(before.contains(" articles"), "a month of several articles: {before}");
    let period_label = |harness: &egui_kittest::Harness<'_, stancemap::app::App>| {
        let prefix = format!("{actor}, {month}: median");
        harness
            .query_by_label_contains(&prefix)
            .map(|node| node.accesskit_node().label().unwrap_or_default().to_owned())
    };
    harness.get_by_label(&format!("{actor} on {issue}")).click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    let after = period_label(&harness);
    assert_ne!(after.as_deref(), Some(before.as_str()), "the deleted position left its month");
    let undo = egui::Modifiers { ctrl: true, command: true, ..Default::default() };
    harness.key_press_modifiers(undo, Key::Z);
    harness.run();
    assert_eq!(period_label(&harness).as_deref(), Some(before.as_str()), "Ctrl+Z brings the month's median back");
}

/// The text of the tooltip (or any label) containing `part`.
fn text_containing(harness: &egui_kittest::Harness<'_, stancemap::app::App>, part: &str) -> Option<String> {
    harness.root().children_recursive().find_map(|node| {
        let node = node.accesskit_node();
        [node.label(), node.value()].into_iter().flatten().find(|text| text.contains(part)).map(|text| text.to_string())
    })
}

/// The Distance heatmap keeps its figure and its cells between frames: an edit, and its undo,
/// still show in the pair's tooltip.
#[test]
fn the_distance_heatmap_follows_an_edit_and_its_undo() {
    let mut harness = sample_harness();
    harness.get_by_label("Distance").click();
    harness.run();
    let app = harness.state();
    let project = app.session().project();
    let (article, coder) = (app.current_article().cloned(), app.coder().clone());
    let shown = project
        .actors
        .iter()
        .filter(|actor| {
            project.positions.iter().any(|p| p.actor == actor.id && p.article == article && p.coder == coder)
        })
        .count();
    let issues: Vec<String> = project.issues.iter().map(|issue| issue.name.clone()).collect();
    let heatmap = harness.get_by_label("Distance heatmap").rect();
    let cell = (heatmap.width() - 150.0) / shown as f32;
    // The cell of the first two actors in the heatmap's order.
    let pair = heatmap.min + egui::vec2(150.0 + cell * 1.5, 34.0 + cell * 0.5);
    let tooltip = |harness: &mut egui_kittest::Harness<'_, stancemap::app::App>| {
        harness.hover_at(pair);
        harness.run();
        text_containing(harness, " % apart over ")
    };
    let before = tooltip(&mut harness).expect("the pair's tooltip");
    let first = before.split(" and ").next().expect("a pair").to_owned();
    // The issue that separates them most: without the first actor's position there, they are nearer.
    let issue = before
        .lines()
        .skip_while(|line| !line.starts_with("most apart on"))
        .nth(1)
        .and_then(|line| line.trim().split(": ").next())
        .map(str::to_owned)
        .expect("an issue that separates them");
    assert!(issues.contains(&issue), "{issue}");
    harness.get_by_label(&format!("{first} on {issue}")).click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    let after = tooltip(&mut harness).expect("the pair's tooltip");
    assert_ne!(after, before, "the deleted position changed the pair's distance");
    let undo = egui::Modifiers { ctrl: true, command: true, ..Default::default() };
    harness.key_press_modifiers(undo, Key::Z);
    harness.run();
    assert_eq!(tooltip(&mut harness).as_deref(), Some(before.as_str()), "Ctrl+Z brings the distance back");
}
