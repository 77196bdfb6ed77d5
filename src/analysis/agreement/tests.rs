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
    assert_eq!(report.disagreements[0].spread, 40.0);
    assert_eq!(report.disagreements[0].actor.as_str(), "russia");
    assert_eq!(report.disagreements[0].actor_name, "Russia");
    assert_eq!(report.disagreements[0].issue_name, "Ceding territory to Russia");
    assert_eq!(report.disagreements[1].spread, 20.0);
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
        let categories = Categories::of(&[all]);
        prop_assume!(categories.values.len() >= 2);
        let metric = Metric::new(Level::Ordinal, &categories);
        let fast = ordinal_expected_sum(&metric);
        let slow = pairwise_expected_sum(&metric);
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
        let categories = Categories::of(&[all]);
        prop_assume!(categories.values.len() >= 2);
        let fast = ratio_expected_sum(&categories);
        let slow = pairwise_expected_sum(&Metric::new(Level::Ratio, &categories));
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
