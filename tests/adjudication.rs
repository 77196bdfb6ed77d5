//! Adjudication stories: the lead opens Project > Adjudicate... on a generated corpus coded by three
//! coders, steps through the units whose coders disagree with the keyboard, takes coder 2's value,
//! and finds the consensus recorded with who and when; Ctrl+Z takes it back.

mod common;

use egui::Key;
use egui_kittest::kittest::Queryable;
use stancemap::analysis::adjudication::{Queue, QueueOptions, coders_on};
use stancemap::model::consensus::find;
use stancemap::model::generate::{GenerateOptions, generate};

fn corpus() -> stancemap::model::Project {
    let options = GenerateOptions { articles: 40, actors: 8, issues: 4, positions: 2_000, coders: 3, seed: 5 };
    let mut project = generate(&options).expect("a corpus");
    // The generator's coders agree within a few points; coder 2 reads every third unit the other
    // way, as a coder who misunderstood the scale would.
    let moved: Vec<_> = project
        .positions
        .iter()
        .filter(|position| position.coder.as_str() == "coder-2" && position.article.is_some())
        .step_by(3)
        .cloned()
        .collect();
    for mut position in moved {
        let issue = project.issue(&position.issue).expect("its issue");
        let (low, high) = issue.bounds();
        let shift = 0.45 * (high - low);
        position.value =
            if position.value < issue.midpoint() { position.value + shift } else { position.value - shift };
        position.value = position.value.clamp(low, high);
        project.positions.insert(position);
    }
    project
}

fn press(harness: &mut egui_kittest::Harness<'_, stancemap::app::App>, key: Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn the_lead_steps_through_disagreements_takes_coder_twos_value_and_undo_takes_it_back() {
    let project = corpus();
    let queue = Queue::of(&project, &QueueOptions::default());
    assert!(queue.entries.len() >= 3, "the corpus has disagreements: {}", queue.entries.len());
    let total = queue.disagreeing;
    let mut harness = common::harness_with(project);
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label_contains("Adjudicate…").click();
    harness.run();
    harness.get_by_label(&format!("0 of {total} settled"));
    harness.get_by_label_contains("unit 1 of");

    press(&mut harness, Key::J);
    harness.get_by_label_contains("unit 2 of");
    press(&mut harness, Key::J);
    press(&mut harness, Key::K);
    harness.get_by_label_contains("unit 2 of");

    let unit = queue.entries[1].unit.clone();
    let app = harness.state();
    let second_coder = coders_on(app.session().project(), &unit)[1].clone();
    press(&mut harness, Key::Num2);
    let app = harness.state();
    let lead = app.session().coder().clone();
    let consensus = find(&app.session().project().consensus, &unit).expect("the unit is settled").clone();
    assert_eq!(consensus.value, second_coder.value, "coder 2's value");
    assert_eq!(consensus.from_coder.as_ref(), Some(&second_coder.coder));
    assert_eq!(consensus.decided_by, lead, "who decided");
    assert!(consensus.decided_at.starts_with("20"), "when: {}", consensus.decided_at);
    assert_eq!(
        app.session().project().positions.get(&second_coder.key()),
        Some(&second_coder),
        "the coder's own position stays"
    );
    harness.get_by_label(&format!("1 of {total} settled"));
    harness.get_by_label_contains("unit 2 of");

    common::press_ctrl(&mut harness, Key::Z);
    assert!(harness.state().session().project().consensus.is_empty(), "undo takes the decision back");
    harness.get_by_label(&format!("0 of {total} settled"));
}

#[test]
fn settled_units_come_back_with_show_settled_and_can_be_taken_back() {
    let mut harness = common::harness_with(corpus());
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label_contains("Adjudicate…").click();
    harness.run();
    harness.get_by_label_contains("value (1)").click();
    harness.run();
    assert_eq!(harness.state().session().project().consensus.len(), 1);
    harness.get_by_label("Show settled").click();
    harness.run();
    press(&mut harness, Key::K);
    harness.get_by_label_contains("Settled at");
    harness.get_by_label("Take back the decision").click();
    harness.run();
    assert!(harness.state().session().project().consensus.is_empty());
}

/// The corpus with its largest disagreement settled at the top of the scale, and that unit.
fn settled_corpus() -> (stancemap::model::Project, stancemap::model::consensus::Unit) {
    let project = corpus();
    let unit = Queue::of(&project, &QueueOptions::default()).entries[0].unit.clone();
    let mut session = stancemap::session::Session::new(project, None);
    let top = session.project().issue(&unit.issue).unwrap().bounds().1;
    session.apply(stancemap::session::Command::SettleUnit {
        unit: unit.clone(),
        value: top,
        from_coder: None,
        note: "test".into(),
    });
    (session.project().clone(), unit)
}

#[test]
fn the_consensus_switch_changes_the_aggregates_but_not_agreement() {
    use stancemap::session::derived::{Derived, DerivedNeeds};
    let (project, unit) = settled_corpus();
    let mut session = stancemap::session::Session::new(project, None);
    let needs = DerivedNeeds { aggregate_table: Some((false, false)), agreement: true, ..DerivedNeeds::default() };
    let mut derived = Derived::default();
    derived.wait_for_background(&session, &needs);
    let mean = |derived: &Derived| derived.aggregate_row(&unit.actor, &unit.issue).map(|row| row.mean);
    let table = |derived: &Derived| derived.aggregate_table().map(<[_]>::to_vec);
    let alpha = |derived: &Derived| derived.agreement().map(|report| format!("{:?}", report.alpha));
    let (mean_before, table_before, alpha_before) = (mean(&derived), table(&derived), alpha(&derived));
    session.apply(stancemap::session::Command::UseConsensus(true));
    derived.wait_for_background(&session, &needs);
    assert_ne!(mean(&derived), mean_before, "the spread/mean reads the consensus");
    assert_ne!(table(&derived), table_before, "the aggregate table reads the consensus");
    assert_eq!(alpha(&derived), alpha_before, "agreement reads the coders' own values");
    session.apply(stancemap::session::Command::UseConsensus(false));
    derived.wait_for_background(&session, &needs);
    assert_eq!(mean(&derived), mean_before);
}

#[test]
fn cli_aggregate_and_forecast_read_the_consensus_with_the_flag() {
    let (project, _) = settled_corpus();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settled.stancemap");
    stancemap::io::project_file::save_project(&path, &project).unwrap();
    let path = path.to_str().unwrap();
    let run = |args: &[&str]| common::cli::stancemap(args).ok().stdout;
    let plain = run(&["aggregate", path, "--csv", "-"]);
    let settled = run(&["aggregate", path, "--csv", "-", "--consensus"]);
    assert_ne!(plain, settled, "--consensus changes the aggregate table");
    assert_eq!(plain.lines().count(), settled.lines().count());
    let plain = run(&["forecast", path, "--json"]);
    let settled = run(&["forecast", path, "--json", "--consensus"]);
    assert_ne!(plain, settled, "--consensus changes the forecast");
}

#[test]
fn agreement_on_a_team_folder_can_be_restricted_to_the_overlap() {
    let (project, _) = settled_corpus();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("team");
    stancemap::io::team::create_team(&root, &project).unwrap();
    let root = root.to_str().unwrap();
    let run = |args: &[&str]| common::cli::stancemap(args).ok();
    run(&["team", "assign", root, "--coders", "coder-1,coder-2,coder-3", "--overlap", "0.25", "--seed", "1"]);
    let (team, _) = stancemap::io::team::load_team(std::path::Path::new(root)).unwrap();
    let overlap = stancemap::analysis::agreement::overlap_articles(&team).len();
    assert!(overlap > 0 && overlap < team.articles.len(), "{overlap} overlap articles");
    assert_eq!(team.consensus, project.consensus, "the team file keeps the consensus");
    let all = run(&["agreement", root, "--json"]).json();
    let subsample = run(&["agreement", root, "--json", "--overlap-only"]).json();
    let units = |report: &serde_json::Value| report["units"].as_u64().unwrap();
    assert!(units(&subsample) > 0 && units(&subsample) < units(&all), "{} of {}", units(&subsample), units(&all));
    let report = stancemap::analysis::agreement::agreement_on_overlap(&team);
    assert_eq!(report.units as u64, units(&subsample));
    assert!(report.pairs.len() == 3, "three coder pairs: {:?}", report.pairs);
    assert!(report.pairs[0].mean_gap >= report.pairs[2].mean_gap);
    let furthest = &report.pairs[0];
    assert!(
        [&furthest.first, &furthest.second].iter().any(|coder| coder.as_str() == "coder-2"),
        "coder 2 read the scale the other way: {furthest:?}"
    );
    assert!(!report.actors.is_empty());
}

#[test]
fn the_agreement_tab_offers_overlap_only_on_a_team_project() {
    let (mut project, _) = settled_corpus();
    let articles: Vec<_> = project.articles.iter().map(|a| a.id.clone()).collect();
    let coders: Vec<_> = project.coders.iter().map(|c| c.id.clone()).collect();
    project.assignments = stancemap::model::assign::balanced_split(&articles, &coders, 0.25, 1).unwrap();
    let mut harness = common::harness_with(project);
    harness.get_by_label("Agreement").click();
    common::settle_background(&mut harness);
    harness.get_by_label_contains("Overlap only (");
    harness.get_by_label_contains("Coder pairs furthest apart");
}

#[test]
fn html_report_with_consensus_keeps_agreement_on_the_coders_own_values() {
    let (project, _) = settled_corpus();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settled.stancemap");
    stancemap::io::project_file::save_project(&path, &project).unwrap();
    let report = |consensus: bool| {
        let out = dir.path().join(format!("report-{consensus}.html"));
        let (path, out_text) = (path.to_str().unwrap(), out.to_str().unwrap());
        let mut args = vec!["export", path, "--format", "html", "-o", out_text];
        if consensus {
            args.push("--consensus");
        }
        common::cli::stancemap(&args).ok();
        std::fs::read_to_string(&out).unwrap()
    };
    let section = |html: &str| {
        let start = html.find("<h2>Agreement between coders</h2>").expect("an agreement section");
        let end = html[start + 4..].find("<h2>").map_or(html.len(), |end| start + 4 + end);
        html[start..end].to_owned()
    };
    let (plain, settled) = (report(false), report(true));
    assert!(section(&plain).contains("<td"), "the section has alphas: {}", section(&plain));
    assert_eq!(section(&settled), section(&plain), "agreement reads the coders' own values");
    assert_ne!(settled, plain, "the rest reads the consensus");
    assert!(settled.contains("agreement reads the coders' own values"), "and the report says so");
}

#[test]
fn cli_agreement_names_the_coder_pairs_and_actors_furthest_apart_in_text_and_json() {
    let project = corpus();
    let report = stancemap::analysis::agreement::agreement(&project);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coded.stancemap");
    stancemap::io::project_file::save_project(&path, &project).unwrap();
    let path = path.to_str().unwrap();
    let name = |coder: &stancemap::model::CoderId| project.coder(coder).unwrap().name.clone();
    let text = common::cli::stancemap(["agreement", path]).ok().stdout;
    let furthest = &report.pairs[0];
    assert!(text.contains("Coder pairs furthest apart"), "{text}");
    assert!(text.contains(&format!("  {} and {}: ", name(&furthest.first), name(&furthest.second))), "{text}");
    let actor = project.actor(&report.actors[0].actor).unwrap();
    assert!(text.contains("Actors placed furthest apart"), "{text}");
    assert!(text.contains(&format!("  {}: ", actor.name)), "{text}");

    let json = common::cli::stancemap(["agreement", path, "--json"]).ok().json();
    assert_eq!(json["units"].as_u64(), Some(report.units as u64), "the report's fields stay");
    let pairs = json["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 3, "every pair of three coders");
    assert_eq!(pairs[0]["first"], furthest.first.as_str());
    assert_eq!(pairs[0]["second_name"], name(&furthest.second).as_str());
    assert_eq!(pairs[0]["mean_gap"].as_f64(), Some(furthest.mean_gap));
    let actors = json["actors"].as_array().expect("actors");
    assert_eq!(actors.len(), report.actors.len());
    assert_eq!(actors[0]["actor_name"], actor.name.as_str());
    // Coder 2 read every third unit the other way: every pair furthest apart includes them.
    assert!([&furthest.first, &furthest.second].iter().any(|coder| coder.as_str() == "coder-2"));
}
