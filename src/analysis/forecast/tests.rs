use super::*;
use proptest::prelude::*;

fn actor(name: &str, capability: f64, position: f64, salience: f64) -> ForecastActor {
    ForecastActor { actor: name.into(), capability, position, salience }
}

/// Actors from a fixture CSV whose first four cells are actor, capability, position, salience
/// (a fifth, the issue, is ignored). The cells are plain, so they are split by hand: this
/// module reads no files and no CSV.
fn fixture_actors(text: &str) -> Vec<ForecastActor> {
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let number = |index: usize| cells[index].parse::<f64>().unwrap();
            actor(cells[0], number(1), number(2), number(3))
        })
        .collect()
}

/// The Greece/EU debt negotiation example (July 2015) in Predictioneer's Game format, from the
/// blog post "Bruce bd Mesquita's Game Theoretical Method" (GitHub `muratk3n/thirdwave`,
/// `en/2015/07/mesquita-game-theory.md`).
fn greece_2015() -> Vec<ForecastActor> {
    fixture_actors(include_str!("../../../tests/fixtures/analysis/greece_2015.csv"))
}

/// The EU car-emission-standards case of Bueno de Mesquita (1994, p. 78), Table 1 of Scholz,
/// Calbert & Smith (2011); provenance in `tests/fixtures/analysis/README.md`.
fn eu_emissions() -> Vec<ForecastActor> {
    fixture_actors(include_str!("../../../tests/fixtures/analysis/eu_emissions_bdm1994.csv"))
}

/// The weighted mean per round, rounds 0–10, published for the EU case (one decimal).
const EU_PUBLISHED_MEANS: [f64; 11] = [7.4, 7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6, 7.3, 7.2];

/// The published case, round by round: the weighted mean after every round is within 0.07 of
/// the published one-decimal value, and wherever the published series moves, ours moves the
/// same way.
#[test]
fn eu_emissions_tracks_the_published_rounds() {
    let run = bdm(&eu_emissions(), (0.0, 10.0), &BdmOptions::default());
    let means = &run.mean_per_round;
    assert_eq!(means.len(), EU_PUBLISHED_MEANS.len(), "rounds 0–10 expected: {means:?}");
    for (round, (ours, published)) in means.iter().zip(EU_PUBLISHED_MEANS).enumerate() {
        assert!((ours - published).abs() <= 0.07, "round {round}: mean {ours} vs published {published}; {means:?}");
    }
    for round in 1..EU_PUBLISHED_MEANS.len() {
        let published_step = EU_PUBLISHED_MEANS[round] - EU_PUBLISHED_MEANS[round - 1];
        if published_step.abs() < 1e-9 {
            continue;
        }
        let our_step = means[round] - means[round - 1];
        assert_eq!(
            our_step.signum(),
            published_step.signum(),
            "round {}→{round}: ours {} → {}, published {} → {}; {means:?}",
            round - 1,
            means[round - 1],
            means[round],
            EU_PUBLISHED_MEANS[round - 1],
            EU_PUBLISHED_MEANS[round]
        );
    }
}

/// The blog post reports mean voter 82 and weighted median 100. By hand: Σw = 45 000,
/// Σwx = 3 700 000, mean = 82.222…; cumulative weight reaches 22 500 only at position 100
/// (16 000 at 80).
#[test]
fn greece_2015_published_example() {
    let actors = greece_2015();
    assert_eq!(actors.len(), 11);
    let mean = weighted_mean(&actors).unwrap();
    assert!((mean - 3_700_000.0 / 45_000.0).abs() < 1e-9, "{mean}");
    assert_eq!(format!("{mean:.2}"), "82.22");
    assert_eq!(weighted_median(&actors), Some(100.0));
}

#[test]
fn weighted_median_edges() {
    assert_eq!(weighted_median(&[]), None);
    assert_eq!(weighted_median(&[actor("a", 0.0, 10.0, 50.0)]), None);
    // Exactly half at the lower position: the lower one is the median.
    let even = [actor("a", 10.0, 20.0, 10.0), actor("b", 10.0, 80.0, 10.0)];
    assert_eq!(weighted_median(&even), Some(20.0));
    assert_eq!(weighted_mean(&even), Some(50.0));
    // Unsorted input and fractional weights that do not sum exactly.
    let thirds = [actor("c", 0.1, 90.0, 1.0), actor("a", 0.1, 10.0, 1.0), actor("b", 0.1, 50.0, 1.0)];
    assert_eq!(weighted_median(&thirds), Some(50.0));
    // Negative capability counts as zero weight.
    let negative = [actor("a", -100.0, 0.0, 100.0), actor("b", 1.0, 70.0, 1.0)];
    assert_eq!(weighted_median(&negative), Some(70.0));
    assert_eq!(weighted_mean(&negative), Some(70.0));
}

#[test]
fn sensitivity_moves_each_actor_to_the_far_pole() {
    let actors = [actor("a", 50.0, 20.0, 100.0), actor("b", 50.0, 60.0, 100.0)];
    // Base: mean 40, median 20.
    let rows = sensitivity(&actors, (0.0, 100.0));
    assert_eq!(rows[0].moved_to, 100.0);
    assert_eq!(rows[0].mean_shift, Some(40.0)); // mean (100+60)/2 = 80
    assert_eq!(rows[0].median_shift, Some(40.0)); // median 60
    assert_eq!(rows[1].moved_to, 0.0);
    assert_eq!(rows[1].mean_shift, Some(-30.0)); // mean 10
    assert_eq!(rows[1].median_shift, Some(-20.0)); // median 0
}

/// The replication's own log of the EU case (D. Masad's Python 3 port of J. Velev's
/// `bdm_scholz_model.py`, `Example.log`, 10 rounds): the mean after each round, and the moves
/// of round 1 — Belgium compromises with France, Luxembourg and Ireland lose confrontations to
/// Belgium's and Luxembourg's *starting* positions (everyone moves at once).
#[test]
fn eu_emissions_follows_the_replication_log() {
    let logged = [
        7.389955686853767,
        7.461314378277189,
        7.552500865855845,
        7.590144997451547,
        7.358130531334201,
        7.3491739896752115,
        7.414877545372958,
        7.510457183677219,
        7.5724470975503,
        7.324989065683666,
        7.242130958473938,
    ];
    let run = bdm(&eu_emissions(), (0.0, 10.0), &BdmOptions::default());
    assert_eq!(run.mean_per_round.len(), logged.len());
    for (round, (ours, theirs)) in run.mean_per_round.iter().zip(logged).enumerate() {
        assert!((ours - theirs).abs() < 1e-9, "round {round}: {ours} vs {theirs}");
    }
    let first: Vec<f64> = run.rounds[1].iter().map(|(_, x)| *x).collect();
    let expected = [4.0, 8.415932315426764, 7.0, 4.0, 10.0, 10.0, 10.0, 4.0, 4.0, 7.0];
    for ((name, ours), theirs) in run.rounds[1].iter().map(|(name, _)| name).zip(&first).zip(expected) {
        assert!((ours - theirs).abs() < 1e-9, "{name}: {ours} vs {theirs}; {first:?}");
    }
    assert!(!run.converged);
    // After round 10 the weight at 4–4.3 (2 850 of 6 770) falls short of half: Greece's 7 is the median.
    assert_eq!(run.forecast_per_round.last(), Some(&7.0), "{:?}", run.forecast_per_round);
    // The replication as written never capitulates; on this case that changes nothing.
    let without = bdm(&eu_emissions(), (0.0, 10.0), &BdmOptions { capitulation: false, ..BdmOptions::default() });
    assert_eq!(without, run);
}

/// Capability enters only through ratios, and a run depends on nothing but its input.
#[test]
fn capability_scale_does_not_matter_and_runs_repeat() {
    let actors = eu_emissions();
    let scaled: Vec<ForecastActor> =
        actors.iter().map(|a| ForecastActor { capability: a.capability * 100.0, ..a.clone() }).collect();
    let (run, again) =
        (bdm(&actors, (0.0, 10.0), &BdmOptions::default()), bdm(&actors, (0.0, 10.0), &BdmOptions::default()));
    assert_eq!(run, again);
    let run_scaled = bdm(&scaled, (0.0, 10.0), &BdmOptions::default());
    for (round, scaled_round) in run.rounds.iter().zip(&run_scaled.rounds) {
        for ((_, x), (_, y)) in round.iter().zip(scaled_round) {
            assert!((x - y).abs() < 1e-12, "{round:?} vs {scaled_round:?}");
        }
    }
}

/// Two actors, risk off, by hand from the module-doc formulas. A: c = 100, s = 0.6, x = 0;
/// B: c = 10, s = 0.5, x = 100; d = 100. Round 1: δ = 1, U_s = 2, U_f = −2, U_sq = 0. Vote
/// weights 60 and 5; Σ|v| over all n² pairs = 2 · 65 = 130, so P(A beats B) = 60/130 and
/// P(B beats A) = 5/130. E(U_AB) = ½(2P − 2(1 − P)) + ½ · 2 = 120/130; E(U_BA) =
/// 0.6(2 · 5/130 − 2 · 125/130) + 0.4 · 2 = −40/130. B: e_ji = 120/130 > |e_ij| = 40/130, a
/// compromise a third of the way: 100 → 200/3. A is offered nothing (e_ji < 0). Every term
/// scales with δ, so B closes a third of its distance each round: 400/9 after round 2.
#[test]
fn two_actor_compromise_by_hand() {
    let actors = [actor("A", 100.0, 0.0, 60.0), actor("B", 10.0, 100.0, 50.0)];
    let options = BdmOptions { max_rounds: 2, risk_adjusted: false, ..BdmOptions::default() };
    let run = bdm(&actors, (0.0, 100.0), &options);
    assert_eq!(run.rounds.len(), 3);
    assert_eq!(run.rounds[1][0], ("A".to_string(), 0.0));
    assert!((run.rounds[1][1].1 - 200.0 / 3.0).abs() < 1e-9, "{:?}", run.rounds[1]);
    assert!((run.rounds[2][1].1 - 400.0 / 9.0).abs() < 1e-9, "{:?}", run.rounds[2]);
    assert_eq!(run.forecast_per_round, vec![0.0, 0.0, 0.0]);
    assert!(!run.converged);
}

/// As above with A at s = 1: Σ|v| = 210, E(U_AB) = 200/210 and E(U_BA) = 4 · 5/210 − 2 =
/// −400/210, so e_ji < |e_ij|: B capitulates to 0, and round 2 is a fixed point. Without
/// capitulation nobody moves.
#[test]
fn two_actor_capitulation_by_hand() {
    let actors = [actor("A", 100.0, 0.0, 100.0), actor("B", 10.0, 100.0, 50.0)];
    let options = BdmOptions { risk_adjusted: false, ..BdmOptions::default() };
    let run = bdm(&actors, (0.0, 100.0), &options);
    assert_eq!(
        run.rounds,
        vec![vec![("A".into(), 0.0), ("B".into(), 100.0)], vec![("A".into(), 0.0), ("B".into(), 0.0)]]
    );
    assert!(run.converged);
    assert_eq!(run.mean_per_round, vec![100.0 * 500.0 / 10_500.0, 0.0]);
    let stubborn = bdm(&actors, (0.0, 100.0), &BdmOptions { capitulation: false, ..options });
    assert_eq!(stubborn.rounds.len(), 1);
    assert!(stubborn.converged);
}

#[test]
fn dominant_actor_stays_put_and_pulls_the_others() {
    let actors = [
        actor("Hegemon", 1000.0, 80.0, 100.0),
        actor("A", 10.0, 10.0, 100.0),
        actor("B", 10.0, 30.0, 60.0),
        actor("C", 10.0, 50.0, 40.0),
    ];
    let run = bdm(&actors, (0.0, 100.0), &BdmOptions::default());
    let last = run.rounds.last().unwrap();
    assert_eq!(last[0].1, 80.0, "{:?}", run.rounds);
    let distance = |round: &[(String, f64)]| round[1..].iter().map(|(_, x)| (x - 80.0).abs()).sum::<f64>();
    assert!(distance(last) < distance(&run.rounds[0]), "{:?}", run.rounds);
    assert!(run.forecast_per_round.iter().all(|forecast| *forecast == 80.0));
}

#[test]
fn identical_positions_converge_immediately() {
    let actors = [actor("a", 10.0, 40.0, 50.0), actor("b", 20.0, 40.0, 50.0)];
    let run = bdm(&actors, (0.0, 100.0), &BdmOptions::default());
    assert!(run.converged);
    assert_eq!(run.rounds.len(), 1);
    assert_eq!(run.forecast_per_round, vec![40.0]);
    let empty = bdm(&[], (0.0, 100.0), &BdmOptions::default());
    assert!(empty.rounds.is_empty() && empty.forecast_per_round.is_empty());
}

#[test]
fn greece_model_run_stays_on_scale_and_converges() {
    let options = BdmOptions { max_rounds: 50, ..BdmOptions::default() };
    let run = bdm(&greece_2015(), (0.0, 100.0), &options);
    assert!(run.rounds.len() <= 51);
    assert_eq!(run.rounds.len(), run.forecast_per_round.len());
    for round in &run.rounds {
        assert!(round.iter().all(|(_, x)| (0.0..=100.0).contains(x)));
    }
    let json = serde_json::to_value(&run).unwrap();
    assert!(json["rounds"][0][0][0].is_string());
}

#[test]
fn project_forecast_rolls_up_and_averages() {
    use crate::model::{Actor, ActorKind, Position};
    let mut project = crate::model::presets::new_project("t");
    project.actors.push(Actor {
        id: "trump".into(),
        name: "Donald Trump".into(),
        kind: ActorKind::Person,
        parent: Some("united-states".into()),
        ..Actor::default()
    });
    let position = |actor: &str, article: &str, coder: &str, value: f64, salience: f64| Position {
        actor: actor.into(),
        issue: "nato-membership".into(),
        article: Some(article.into()),
        coder: coder.into(),
        value,
        salience,
        ..Position::default()
    };
    for p in [
        position("united-states", "x", "analyst", 20.0, 60.0),
        position("trump", "y", "analyst", 10.0, 80.0),
        position("russia", "x", "analyst", 0.0, 100.0),
        position("russia", "x", "other", 30.0, 100.0),
    ] {
        project.positions.insert(p);
    }
    let forecast = forecast_issue(&project, &"nato-membership".into(), None).unwrap();
    assert_eq!(forecast.actors.len(), 2);
    assert_eq!(forecast.actors[0], actor("United States", 100.0, 15.0, 70.0));
    assert_eq!(forecast.actors[1], actor("Russia", 80.0, 15.0, 100.0));
    let mine = forecast_issue(&project, &"nato-membership".into(), Some(&"other".into())).unwrap();
    assert_eq!(mine.actors, vec![actor("Russia", 80.0, 30.0, 100.0)]);
    assert_eq!(mine.weighted_median, Some(30.0));
    assert!(forecast_issue(&project, &"nope".into(), None).is_none());
    let article_scope = ForecastScope { article: Some("y".into()), roll_up: false, coder: None };
    let only_y = forecast_issue_scoped(&project, &"nato-membership".into(), &article_scope).unwrap();
    assert_eq!(only_y.actors, vec![actor("Donald Trump", 50.0, 10.0, 80.0)]);
}

fn actors_strategy() -> impl Strategy<Value = Vec<ForecastActor>> {
    prop::collection::vec((0.0..100.0f64, 0.0..100.0f64, 0.0..100.0f64), 1..7).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(index, (capability, position, salience))| {
                actor(&format!("a{index}"), capability, position, salience)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn model_positions_stay_on_scale(actors in actors_strategy(), risk in any::<bool>()) {
        let options = BdmOptions { risk_adjusted: risk, ..BdmOptions::default() };
        let run = bdm(&actors, (0.0, 100.0), &options);
        prop_assert!(run.rounds.len() <= options.max_rounds + 1);
        prop_assert_eq!(run.rounds.len(), run.forecast_per_round.len());
        // Moves go to existing positions or between two: never outside the initial spread.
        let least = actors.iter().map(|a| a.position).fold(f64::INFINITY, f64::min);
        let most = actors.iter().map(|a| a.position).fold(f64::NEG_INFINITY, f64::max);
        for round in &run.rounds {
            for (_, x) in round {
                prop_assert!((least..=most).contains(x), "{x} outside {least}–{most}");
            }
        }
    }

    #[test]
    fn median_is_an_input_position_and_mean_is_in_range(actors in actors_strategy()) {
        if let Some(median) = weighted_median(&actors) {
            prop_assert!(actors.iter().any(|a| a.position == median));
        }
        if let Some(mean) = weighted_mean(&actors) {
            let low = actors.iter().map(|a| a.position).fold(f64::INFINITY, f64::min);
            let high = actors.iter().map(|a| a.position).fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(mean >= low - 1e-9 && mean <= high + 1e-9);
        }
    }
}
