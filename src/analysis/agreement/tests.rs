//! Tests of the coefficient (published examples, hand-worked cases, properties, the fast sums
//! against the pairwise ones) and of the project report.

use super::*;
use crate::model::{Position, Positions};
use proptest::prelude::*;

fn parse_matrix(text: &str) -> Vec<Vec<Option<f64>>> {
    let rows: Vec<Vec<Option<f64>>> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split_whitespace().map(|cell| cell.parse::<f64>().ok()).collect())
        .collect();
    units_from_coder_rows(&rows)
}

fn close(actual: Option<f64>, expected: f64, tolerance: f64) -> bool {
    actual.is_some_and(|value| (value - expected).abs() <= tolerance)
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C ("multiple
/// values per unit with missing data"): four observers, twelve units. Published results:
/// nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
#[test]
fn krippendorff_2011_four_coder_example() {
    let units = parse_matrix(include_str!("../../../tests/fixtures/analysis/krippendorff_2011_4x12.txt"));
    assert_eq!(units.len(), 12);
    let result = alphas(&units);
    assert!(close(result.nominal, 0.743, 0.0005), "{result:?}");
    assert!(close(result.ordinal, 0.815, 0.0005), "{result:?}");
    assert!(close(result.interval, 0.849, 0.0005), "{result:?}");
    assert!(close(result.ratio, 0.797, 0.0005), "{result:?}");
    // Unit 12 has only one value and is not pairable: n = 40 pairable values.
    let pairable = pairable_units(&units);
    assert_eq!(pairable.len(), 11);
    assert_eq!(pairable.iter().map(Vec::len).sum::<usize>(), 40);
}

/// Wikipedia, "Krippendorff's alpha", section "A computational example" (three coders, fifteen
/// units, reproducing Krippendorff's own worked example): n = 26 pairable values,
/// α_nominal = 0.691 and α_interval = 0.811.
///
/// Checked to the three printed decimals and, for nominal, against the exact value worked out
/// by hand from the coincidence matrix (below).
#[test]
fn wikipedia_three_coder_example() {
    let units = parse_matrix(include_str!("../../../tests/fixtures/analysis/wikipedia_alpha_3x15.txt"));
    let pairable = pairable_units(&units);
    assert_eq!(pairable.iter().map(Vec::len).sum::<usize>(), 26);
    let nominal = alpha(&units, Level::Nominal);
    let interval = alpha(&units, Level::Interval);
    assert!(close(nominal, 0.691, 0.0005), "{nominal:?}");
    assert!(close(interval, 0.811, 0.0005), "{interval:?}");
    // By hand: marginals n_1 = 7, n_2 = 4, n_3 = 10, n_4 = 5 (Σ n_c² = 190). Disagreeing
    // coincidences: unit 6 (3,3,4) gives o_34 = o_43 = 2·½ = 1 → 2; unit 8 (1,3) → 2;
    // unit 15 (3,4) → 2; Σ_{c≠k} o_ck = 6. α = 1 − (n−1)·6/(n² − Σ n_c²) = 1 − 150/486.
    let exact = 1.0 - 25.0 * 6.0 / (676.0 - 190.0);
    assert!(close(nominal, exact, 1e-12), "{nominal:?} vs {exact}");
}

#[test]
fn undefined_cases_return_none() {
    assert_eq!(alpha(&[], Level::Nominal), None);
    assert_eq!(alpha(&[vec![Some(1.0), None]], Level::Interval), None, "no pairable unit");
    let constant = vec![vec![Some(3.0), Some(3.0)], vec![Some(3.0), Some(3.0)]];
    assert_eq!(alpha(&constant, Level::Nominal), None, "no variation");
    let negative = vec![vec![Some(-1.0), Some(1.0)], vec![Some(2.0), Some(2.0)]];
    assert_eq!(alpha(&negative, Level::Ratio), None);
    assert!(alpha(&negative, Level::Interval).is_some());
    let nan = vec![vec![Some(f64::NAN), Some(1.0)], vec![Some(1.0), Some(2.0)]];
    assert_eq!(pairable_units(&nan).len(), 1);
}

#[test]
fn two_coder_interval_case_by_hand() {
    // Units (0,0), (1,1), (2,2), (0,1): n = 8, marginals n_0 = 3, n_1 = 3, n_2 = 2.
    // Observed Σ o δ² = unit (0,1) contributes 2·1 = 2.
    // Expected Σ n_c n_k δ² = 2·(3·3·1 + 3·2·4 + 3·2·1) = 2·(9 + 24 + 6) = 78.
    // α = 1 − 7·2/78 = 1 − 14/78.
    let units = vec![
        vec![Some(0.0), Some(0.0)],
        vec![Some(1.0), Some(1.0)],
        vec![Some(2.0), Some(2.0)],
        vec![Some(0.0), Some(1.0)],
    ];
    assert!(close(alpha(&units, Level::Interval), 1.0 - 14.0 / 78.0, 1e-12));
    // Nominal: observed 2, expected 64 − (9 + 9 + 4) = 42 → α = 1 − 7·2/42 = 2/3.
    assert!(close(alpha(&units, Level::Nominal), 2.0 / 3.0, 1e-12));
}

fn position(coder: &str, article: Option<&str>, actor: &str, issue: &str, value: f64) -> Position {
    Position {
        actor: actor.into(),
        issue: issue.into(),
        article: article.map(ArticleId::from),
        coder: coder.into(),
        value,
        ..Position::default()
    }
}

#[test]
fn project_report_counts_units_coders_and_sorts_disagreements() {
    let mut project = crate::model::presets::new_project("t");
    project.positions = Positions::from_iter([
        position("a", Some("x"), "russia", "nato-membership", 10.0),
        position("b", Some("x"), "russia", "nato-membership", 10.0),
        position("a", Some("x"), "ukraine", "nato-membership", 90.0),
        position("b", Some("x"), "ukraine", "nato-membership", 70.0),
        position("a", Some("x"), "russia", "ceding-territory", 95.0),
        position("c", Some("x"), "russia", "ceding-territory", 55.0),
        position("a", None, "ukraine", "ceding-territory", 5.0),
        position("b", None, "ukraine", "ceding-territory", 5.0),
        // Coded once only: not pairable.
        position("a", Some("x"), "united-states", "nato-membership", 20.0),
    ]);
    let report = agreement(&project);
    assert_eq!(report.units, 4);
    assert_eq!(report.coders, 3);
    assert_eq!(report.per_issue.len(), 2);
    assert_eq!(report.per_issue[0].issue.as_str(), "nato-membership");
    assert_eq!(report.per_issue[0].units, 2);
    assert_eq!(report.per_issue[0].coders, 2);
    assert_eq!(report.disagreements.len(), 2);
    let disagreements: Vec<_> = report.disagreements.iter().collect();
    assert_eq!(disagreements[0].spread, 40.0);
    assert_eq!(disagreements[0].actor.as_str(), "russia");
    assert_eq!(disagreements[0].actor_name, "Russia");
    assert_eq!(disagreements[0].issue_name, "Ceding territory to Russia");
    assert_eq!(disagreements[1].spread, 20.0);
    let json = serde_json::to_value(&report).unwrap();
    for key in ["units", "coders", "alpha", "per_issue", "disagreements"] {
        assert!(json.get(key).is_some(), "{key} missing from {json}");
    }
    for key in ["nominal", "ordinal", "interval", "ratio"] {
        assert!(json["alpha"].get(key).is_some(), "alpha.{key} missing");
    }
}

#[test]
fn undefined_alpha_serialises_as_null() {
    let json = serde_json::to_string(&Alphas::default()).unwrap();
    assert_eq!(json, r#"{"nominal":null,"ordinal":null,"interval":null,"ratio":null}"#);
}

/// Units of 2–4 coders with values 0–5, some missing.
fn reliability_data() -> impl Strategy<Value = Vec<Vec<Option<f64>>>> {
    prop::collection::vec(prop::collection::vec(prop::option::weighted(0.8, (0u8..6).prop_map(f64::from)), 2..5), 2..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn perfect_agreement_gives_one(values in prop::collection::vec(0u8..6, 2..12), coders in 2usize..5) {
        prop_assume!(values.iter().any(|v| *v != values[0]));
        let units: Vec<Vec<Option<f64>>> =
            values.iter().map(|v| vec![Some(f64::from(*v)); coders]).collect();
        for level in Level::ALL {
            let result = alpha(&units, level);
            prop_assert!(close(result, 1.0, 1e-12), "{level:?}: {result:?}");
        }
    }

    #[test]
    fn permutations_do_not_change_alpha(units in reliability_data(), rotate in 0usize..12) {
        let mut shuffled_units = units.clone();
        let rotate_by = rotate % shuffled_units.len();
        shuffled_units.rotate_left(rotate_by);
        shuffled_units.reverse();
        let swapped_coders: Vec<Vec<Option<f64>>> =
            units.iter().map(|unit| unit.iter().rev().copied().collect()).collect();
        for level in Level::ALL {
            let original = alpha(&units, level);
            for other in [alpha(&shuffled_units, level), alpha(&swapped_coders, level)] {
                match (original, other) {
                    (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{level:?}: {a} vs {b}"),
                    (a, b) => prop_assert_eq!(a, b),
                }
            }
        }
    }

    #[test]
    fn ordinal_expected_sum_matches_the_pairwise_sum(
        values in prop::collection::vec(-50.0f64..50.0, 2..200),
        repeats in prop::collection::vec(1usize..5, 200),
    ) {
        let mut all = Vec::new();
        for (value, times) in values.iter().zip(&repeats) {
            all.extend(std::iter::repeat_n(*value, *times));
        }
        let categories = reference::Categories::of(std::slice::from_ref(&all));
        prop_assume!(categories.values.len() >= 2);
        let fast = ordinal_expected_sum(&parts::Categories::of_values(&mut all));
        let slow = reference::pairwise_expected_sum(&reference::Metric::new(Level::Ordinal, &categories));
        prop_assert!((fast - slow).abs() <= 1e-9 * slow.abs().max(1.0), "{fast} vs {slow}");
    }

    #[test]
    fn ratio_expected_sum_matches_the_pairwise_sum(
        values in prop::collection::vec(prop_oneof![
            1 => Just(0.0),
            6 => 0.0f64..100.0,
            2 => 0.001f64..0.1,
            1 => 100.0f64..1e6,
        ], 2..300),
        repeats in prop::collection::vec(1usize..4, 300),
    ) {
        let mut all = Vec::new();
        for (value, times) in values.iter().zip(&repeats) {
            all.extend(std::iter::repeat_n(*value, *times));
        }
        let categories = reference::Categories::of(std::slice::from_ref(&all));
        prop_assume!(categories.values.len() >= 2);
        let fast = ratio_expected_sum(&parts::Categories::of_values(&mut all));
        let slow = reference::pairwise_expected_sum(&reference::Metric::new(Level::Ratio, &categories));
        prop_assert!((fast - slow).abs() <= 1e-10 * slow.abs().max(1.0), "{fast} vs {slow}");
    }

    #[test]
    fn alpha_never_exceeds_one(units in reliability_data()) {
        for level in Level::ALL {
            if let Some(value) = alpha(&units, level) {
                prop_assert!(value <= 1.0 + 1e-12, "{level:?}: {value}");
                prop_assert!(value.is_finite());
            }
        }
    }
}

/// Alphas equal up to rounding (within 1e-12), undefined in the same places.
fn alphas_match(fast: &Alphas, old: &Alphas) -> Result<(), String> {
    let pairs = [
        ("nominal", fast.nominal, old.nominal),
        ("ordinal", fast.ordinal, old.ordinal),
        ("interval", fast.interval, old.interval),
        ("ratio", fast.ratio, old.ratio),
    ];
    for (level, a, b) in pairs {
        match (a, b) {
            (Some(a), Some(b)) if (a - b).abs() <= 1e-12 * a.abs().max(1.0) => {}
            (None, None) => {}
            _ => return Err(format!("{level}: {a:?} vs {b:?}")),
        }
    }
    Ok(())
}

/// The fast report against the old one: the same units, coders, issues, disagreements (order
/// included) and gaps; alphas and means within 1e-12.
fn reports_match(fast: &AgreementReport, old: &AgreementReport) -> Result<(), String> {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(1.0);
    if (fast.units, fast.coders) != (old.units, old.coders) {
        return Err(format!("units/coders {:?} vs {:?}", (fast.units, fast.coders), (old.units, old.coders)));
    }
    alphas_match(&fast.alpha, &old.alpha).map_err(|error| format!("overall {error}"))?;
    if fast.per_issue.len() != old.per_issue.len() {
        return Err(format!("per issue {:?} vs {:?}", fast.per_issue, old.per_issue));
    }
    for (a, b) in fast.per_issue.iter().zip(&old.per_issue) {
        if (&a.issue, a.units, a.coders) != (&b.issue, b.units, b.coders) {
            return Err(format!("issue {a:?} vs {b:?}"));
        }
        alphas_match(&a.alpha, &b.alpha).map_err(|error| format!("{}: {error}", a.issue))?;
    }
    if fast.disagreements != old.disagreements {
        return Err(format!("disagreements {:?} vs {:?}", fast.disagreements, old.disagreements));
    }
    let pair_keys = |report: &AgreementReport| {
        report.pairs.iter().map(|p| (p.first.clone(), p.second.clone(), p.units)).collect::<Vec<_>>()
    };
    if pair_keys(fast) != pair_keys(old)
        || fast.pairs.iter().zip(&old.pairs).any(|(a, b)| !close(a.mean_gap, b.mean_gap))
    {
        return Err(format!("pairs {:?} vs {:?}", fast.pairs, old.pairs));
    }
    let actor_keys =
        |report: &AgreementReport| report.actors.iter().map(|a| (a.actor.clone(), a.units)).collect::<Vec<_>>();
    if actor_keys(fast) != actor_keys(old)
        || fast.actors.iter().zip(&old.actors).any(|(a, b)| !close(a.mean_spread, b.mean_spread))
    {
        return Err(format!("actors {:?} vs {:?}", fast.actors, old.actors));
    }
    Ok(())
}

/// A value as coders enter them: mostly a few whole numbers (many ties), sometimes any number on
/// the scale, rarely negative, zero or not a number.
fn coded_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => (0u8..6).prop_map(f64::from),
        3 => 0.0f64..100.0,
        1 => -20.0f64..20.0,
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => Just(f64::NAN),
    ]
}

/// Random projects: positions of up to 5 coders on 4 issues (one missing from the project's list),
/// 4 actors (one unknown), 5 articles and overall judgements.
fn random_project() -> impl Strategy<Value = Project> {
    let row = (0usize..4, 0usize..4, 0usize..6, 0usize..5, coded_value());
    prop::collection::vec(row, 0..120).prop_map(|rows| {
        let mut project = crate::model::presets::new_project("t");
        let issues = ["nato-membership", "ceding-territory", "sanctions-relief", "not-listed"];
        let actors = ["russia", "ukraine", "united-states", "nobody"];
        let articles = [None, Some("a"), Some("b"), Some("c"), Some("d"), Some("e")];
        let coders = ["ann", "bob", "cem", "dan", "eve"];
        project.positions = Positions::from_iter(rows.into_iter().map(|(issue, actor, article, coder, value)| {
            position(coders[coder], articles[article], actors[actor], issues[issue], value)
        }));
        project
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn one_pass_alphas_match_the_pairwise_ones(
        units in prop::collection::vec(prop::collection::vec(prop::option::weighted(0.8, coded_value()), 1..7), 0..30),
    ) {
        let pairable = pairable_units(&units);
        let old = Alphas {
            nominal: reference::alpha_of_pairable(&pairable, Level::Nominal),
            ordinal: reference::alpha_of_pairable(&pairable, Level::Ordinal),
            interval: reference::alpha_of_pairable(&pairable, Level::Interval),
            ratio: reference::alpha_of_pairable(&pairable, Level::Ratio),
        };
        prop_assert!(alphas_match(&alphas(&units), &old).is_ok(), "{:?} vs {old:?}", alphas(&units));
    }

    #[test]
    fn the_report_by_issue_parts_matches_the_old_one(project in random_project()) {
        let fast = agreement(&project);
        let old = reference::agreement(&project);
        let checked = reports_match(&fast, &old);
        prop_assert!(checked.is_ok(), "{}", checked.err().unwrap_or_default());
    }
}

/// The generated corpus (continuous values, 5 coders): the same report as the old code.
#[test]
fn the_report_matches_the_old_one_on_a_generated_corpus() {
    let options = crate::model::generate::GenerateOptions {
        articles: 120,
        actors: 12,
        issues: 5,
        positions: 4000,
        coders: 5,
        ..Default::default()
    };
    let project = crate::model::generate::generate(&options).expect("valid options");
    let fast = agreement(&project);
    assert!(fast.units > 100, "the corpus has pairable units: {}", fast.units);
    let checked = reports_match(&fast, &reference::agreement(&project));
    assert!(checked.is_ok(), "{}", checked.err().unwrap_or_default());
}
