//! The implementation of the project layer before the per-issue parts (one map of every unit,
//! each level computed pair by pair), kept only to test the fast one against.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{ActorGap, AgreementReport, Alphas, Disagreement, IssueAgreement, Level, PairGap};
use crate::model::{ActorId, ArticleId, CoderId, IssueId, Project};

/// The distinct pairable values in ascending order with how often each occurs (`n_c`).
pub(super) struct Categories {
    pub(super) values: Vec<f64>,
    pub(super) counts: Vec<f64>,
}

impl Categories {
    pub(super) fn of(pairable: &[Vec<f64>]) -> Self {
        let mut all: Vec<f64> = pairable.iter().flatten().copied().collect();
        all.sort_by(f64::total_cmp);
        let mut values: Vec<f64> = Vec::new();
        let mut counts: Vec<f64> = Vec::new();
        for value in all {
            match (values.last(), counts.last_mut()) {
                (Some(last), Some(count)) if *last == value => *count += 1.0,
                _ => {
                    values.push(value);
                    counts.push(1.0);
                }
            }
        }
        Self { values, counts }
    }

    fn index(&self, value: f64) -> usize {
        self.values.partition_point(|probe| probe.total_cmp(&value).is_lt())
    }
}

/// The squared difference `δ²` between categories `c` and `k` (indices into `categories`).
pub(super) struct Metric<'a> {
    level: Level,
    pub(super) categories: &'a Categories,
    /// `cumulative[i]` = Σ of `n_g` for categories below `i` (for the ordinal metric).
    pub(super) cumulative: Vec<f64>,
}

impl<'a> Metric<'a> {
    pub(super) fn new(level: Level, categories: &'a Categories) -> Self {
        let mut cumulative = Vec::with_capacity(categories.counts.len() + 1);
        let mut running = 0.0;
        cumulative.push(running);
        for count in &categories.counts {
            running += count;
            cumulative.push(running);
        }
        Self { level, categories, cumulative }
    }

    fn squared_difference(&self, c: usize, k: usize) -> f64 {
        if c == k {
            return 0.0;
        }
        let (value_c, value_k) = (self.categories.values[c], self.categories.values[k]);
        match self.level {
            Level::Nominal => 1.0,
            Level::Ordinal => {
                let (low, high) = (c.min(k), c.max(k));
                let between = self.cumulative[high + 1] - self.cumulative[low];
                let half_ends = (self.categories.counts[low] + self.categories.counts[high]) / 2.0;
                (between - half_ends).powi(2)
            }
            Level::Interval => (value_c - value_k).powi(2),
            Level::Ratio => {
                let sum = value_c + value_k;
                if sum == 0.0 { 0.0 } else { ((value_c - value_k) / sum).powi(2) }
            }
        }
    }
}

/// Σ_ck n_c n_k δ²_ck over all pairs of distinct categories, one pair at a time (the reference
/// the fast sums are tested against): O(V²) in the
/// number of distinct values V.
pub(super) fn pairwise_expected_sum(metric: &Metric) -> f64 {
    let counts = &metric.categories.counts;
    let mut sum = 0.0;
    for c in 0..counts.len() {
        for k in (c + 1)..counts.len() {
            sum += 2.0 * counts[c] * counts[k] * metric.squared_difference(c, k);
        }
    }
    sum
}

/// [`pairwise_expected_sum`] for the ordinal metric in O(V). For categories `c < k` the
/// ordinal distance is `a_k − b_c` with `a_k = N_{≤k} − n_k/2` and `b_c = N_{<c} + n_c/2`
/// (`N` cumulative counts), so for each `k` the inner sum over `c < k` is
/// `Σ n_c (a_k − b_c)² = W_k (a_k − m_k)² + M_k`, where `W_k`, `m_k` and `M_k` are the weight,
/// weighted mean and weighted sum of squared deviations of the `b_c` seen so far, kept up to
/// date with West's weighted form of Welford's update (no cancellation between large sums).
fn old_ordinal_expected_sum(metric: &Metric) -> f64 {
    let counts = &metric.categories.counts;
    let (mut weight, mut mean, mut squares) = (0.0, 0.0, 0.0);
    let mut sum = 0.0;
    for (k, &n_k) in counts.iter().enumerate() {
        let a_k = metric.cumulative[k + 1] - n_k / 2.0;
        if weight > 0.0 {
            sum += 2.0 * n_k * (weight * (a_k - mean).powi(2) + squares);
        }
        let b_k = metric.cumulative[k] + n_k / 2.0;
        weight += n_k;
        let delta = b_k - mean;
        mean += delta * n_k / weight;
        squares += n_k * delta * (b_k - mean);
    }
    sum
}

/// [`pairwise_expected_sum`] for the ratio metric in O(V · m), with m ≈ 5 · (22 + ln(max / min))
/// quadrature nodes (about 160 for values from 0.001 to 100) instead of O(V²) pairs.
///
/// For `c + k > 0`, `((c − k)/(c + k))² = 1 − 4ck/(c + k)²`, and `δ²(0, 0) = 0`, so
/// `Σ n_c n_k δ²_ck = N² − n_0² − 4S` with `S = Σ_{c,k>0} n_c c · n_k k / (c + k)²`. Writing
/// `1/s² = ∫₀^∞ t e^{−ts} dt` and substituting `t = eˣ` turns S into
/// `∫ e^{2x} F(eˣ)² dx` with `F(t) = Σ_{c>0} n_c c e^{−tc}`: one sum per node instead of one per
/// pair. The integrand of every pair is analytic in the strip `|Im x| < π/2` and decays
/// exponentially at both ends, so the trapezoid rule with step 0.2 over the range the pairs need
/// is accurate to about 1e-15 relative (errors fall like `e^{−2π·a/h}`); all terms are positive,
/// so no pair's error can cancel another's. The property test below checks it against the
/// pairwise sum.
fn old_ratio_expected_sum(categories: &Categories) -> f64 {
    let total: f64 = categories.counts.iter().sum();
    let positive: Vec<(f64, f64)> = categories
        .values
        .iter()
        .zip(&categories.counts)
        .filter(|(value, _)| **value > 0.0)
        .map(|(value, count)| (*value, count * value))
        .collect();
    let zeros: f64 =
        categories.values.iter().zip(&categories.counts).filter(|(value, _)| **value == 0.0).map(|(_, n)| n).sum();
    let (Some(&(smallest, _)), Some(&(largest, _))) = (positive.first(), positive.last()) else {
        // Every value is zero: no disagreement at all.
        return 0.0;
    };
    // Pair sums s lie in [2·smallest, 2·largest]. Below x_low the integrand's left tail
    // (≈ e^{2x}) holds less than 1e-17 of any pair's 1/s²; above x_high, where s·eˣ ≥ 45, the
    // right tail (≈ u·e^{−u}) holds less than 1e-17 as well.
    const STEP: f64 = 0.2;
    let x_low = 0.5 * 1e-17f64.ln() - (2.0 * largest).ln();
    let x_high = (45.0 / (2.0 * smallest)).ln();
    let nodes = ((x_high - x_low) / STEP).ceil() as usize + 1;
    let mut s = 0.0;
    for node in 0..nodes {
        let x = x_low + node as f64 * STEP;
        let t = x.exp();
        let f: f64 = positive.iter().map(|(value, weighted)| weighted * (-t * value).exp()).sum();
        s += (2.0 * x).exp() * f * f;
    }
    s *= STEP;
    (total * total - zeros * zeros - 4.0 * s).max(0.0)
}

pub(super) fn alpha_of_pairable(pairable: &[Vec<f64>], level: Level) -> Option<f64> {
    let total: usize = pairable.iter().map(Vec::len).sum();
    if total < 2 {
        return None;
    }
    if level == Level::Ratio && pairable.iter().flatten().any(|value| *value < 0.0) {
        return None;
    }
    let categories = Categories::of(pairable);
    if categories.values.len() < 2 {
        return None;
    }
    let metric = Metric::new(level, &categories);

    // Σ_ck o_ck δ²_ck, summed unit by unit.
    let mut observed = 0.0;
    for unit in pairable {
        let indices: Vec<usize> = unit.iter().map(|value| categories.index(*value)).collect();
        let mut unit_sum = 0.0;
        for (position, &c) in indices.iter().enumerate() {
            for (other, &k) in indices.iter().enumerate() {
                if position != other {
                    unit_sum += metric.squared_difference(c, k);
                }
            }
        }
        observed += unit_sum / (unit.len() as f64 - 1.0);
    }

    // Σ_ck n_c n_k δ²_ck.
    let counts = &categories.counts;
    let expected = match level {
        Level::Nominal => {
            let n: f64 = counts.iter().sum();
            n * n - counts.iter().map(|count| count * count).sum::<f64>()
        }
        Level::Interval => {
            // Σ_c Σ_k n_c n_k (c − k)² = 2 n Σ n_c c² − 2 (Σ n_c c)², centred for accuracy.
            let n: f64 = counts.iter().sum();
            let mean = categories.values.iter().zip(counts).map(|(v, c)| v * c).sum::<f64>() / n;
            let squares: f64 = categories.values.iter().zip(counts).map(|(v, c)| c * (v - mean).powi(2)).sum();
            2.0 * n * squares
        }
        Level::Ordinal => old_ordinal_expected_sum(&metric),
        Level::Ratio => old_ratio_expected_sum(&categories),
    };
    if expected <= 0.0 || !expected.is_finite() {
        return None;
    }
    Some(1.0 - (total as f64 - 1.0) * observed / expected)
}

/// Coder pairs and actors by disagreement, from the pairable units.
fn gaps(units: &UnitMap) -> (Vec<PairGap>, Vec<ActorGap>) {
    let mut pairs: BTreeMap<(&CoderId, &CoderId), (usize, f64)> = BTreeMap::new();
    let mut actors: BTreeMap<&ActorId, (usize, f64)> = BTreeMap::new();
    for ((_, _, actor), values) in units {
        for (i, (a, x)) in values.iter().enumerate() {
            for (b, y) in &values[i + 1..] {
                let key = if a <= b { (*a, *b) } else { (*b, *a) };
                let entry = pairs.entry(key).or_default();
                entry.0 += 1;
                entry.1 += (x - y).abs();
            }
        }
        let low = values.iter().map(|(_, value)| *value).fold(f64::INFINITY, f64::min);
        let high = values.iter().map(|(_, value)| *value).fold(f64::NEG_INFINITY, f64::max);
        let entry = actors.entry(actor).or_default();
        entry.0 += 1;
        entry.1 += high - low;
    }
    let mut pairs: Vec<PairGap> = pairs
        .into_iter()
        .map(|((first, second), (units, sum))| PairGap {
            first: first.clone(),
            second: second.clone(),
            units,
            mean_gap: sum / units as f64,
        })
        .collect();
    pairs.sort_by(|a, b| b.mean_gap.total_cmp(&a.mean_gap));
    let mut actors: Vec<ActorGap> = actors
        .into_iter()
        .map(|(actor, (units, sum))| ActorGap { actor: actor.clone(), units, mean_spread: sum / units as f64 })
        .collect();
    actors.sort_by(|a, b| b.mean_spread.total_cmp(&a.mean_spread));
    (pairs, actors)
}

/// (issue, article, actor) → each coder's value. Borrowed from the project: a corpus has tens of
/// thousands of units.
type UnitMap<'a> = BTreeMap<(&'a IssueId, Option<&'a ArticleId>, &'a ActorId), Vec<(&'a CoderId, f64)>>;

/// Units, coders and alphas of a selection of units.
fn summarise(selected: &[&Vec<(&CoderId, f64)>]) -> (usize, usize, Alphas) {
    let coders: BTreeSet<&CoderId> =
        selected.iter().flat_map(|values| values.iter().map(|(coder, _)| *coder)).collect();
    let pairable: Vec<Vec<f64>> = selected
        .iter()
        .map(|values| values.iter().map(|(_, value)| *value + 0.0).collect::<Vec<f64>>())
        .filter(|values| values.len() >= 2)
        .collect();
    let alpha = Alphas {
        nominal: alpha_of_pairable(&pairable, Level::Nominal),
        ordinal: alpha_of_pairable(&pairable, Level::Ordinal),
        interval: alpha_of_pairable(&pairable, Level::Interval),
        ratio: alpha_of_pairable(&pairable, Level::Ratio),
    };
    (selected.len(), coders.len(), alpha)
}

/// Computes the agreement report of `project` (see the module doc for what a unit is).
pub(super) fn agreement(project: &Project) -> AgreementReport {
    let mut units: UnitMap = BTreeMap::new();
    for position in project.positions.iter() {
        if !position.value.is_finite() {
            continue;
        }
        units
            .entry((&position.issue, position.article.as_ref(), &position.actor))
            .or_default()
            .push((&position.coder, position.value));
    }
    units.retain(|_, values| values.len() >= 2);

    let all: Vec<&Vec<(&CoderId, f64)>> = units.values().collect();
    let (unit_count, coder_count, overall) = summarise(&all);

    // Units come grouped by issue (the map's first key).
    let mut by_issue: HashMap<&IssueId, Vec<&Vec<(&CoderId, f64)>>> = HashMap::new();
    for ((issue, _, _), values) in &units {
        by_issue.entry(issue).or_default().push(values);
    }
    // Issues in project order, then any issue ids the project does not list (dangling), sorted.
    let listed: HashSet<&IssueId> = project.issues.iter().map(|issue| &issue.id).collect();
    let mut issue_order: Vec<&IssueId> = project.issues.iter().map(|issue| &issue.id).collect();
    let extra: BTreeSet<&IssueId> = by_issue.keys().copied().filter(|id| !listed.contains(id)).collect();
    issue_order.extend(extra);
    let per_issue = issue_order
        .into_iter()
        .filter_map(|issue| {
            let selected = by_issue.get(issue)?;
            let (units, coders, alpha) = summarise(selected);
            Some(IssueAgreement { issue: issue.clone(), units, coders, alpha })
        })
        .collect();

    let disagreements = disagreements(project, &units).into();
    let (pairs, actors) = gaps(&units);
    AgreementReport { units: unit_count, coders: coder_count, alpha: overall, per_issue, disagreements, pairs, actors }
}

/// The pairable units whose values differ, largest spread first.
fn disagreements(project: &Project, units: &UnitMap) -> Vec<Disagreement> {
    let titles: HashMap<&ArticleId, &str> =
        project.articles.iter().map(|article| (&article.id, article.title.as_str())).collect();
    let actor_names: HashMap<&ActorId, &str> = project.actors.iter().map(|a| (&a.id, a.name.as_str())).collect();
    let issue_names: HashMap<&IssueId, &str> = project.issues.iter().map(|i| (&i.id, i.name.as_str())).collect();
    let mut disagreements: Vec<Disagreement> = units
        .iter()
        .filter_map(|((issue, article, actor), values)| {
            let low = values.iter().map(|(_, value)| *value).fold(f64::INFINITY, f64::min);
            let high = values.iter().map(|(_, value)| *value).fold(f64::NEG_INFINITY, f64::max);
            let spread = high - low;
            (spread > 0.0).then(|| Disagreement {
                article_title: article
                    .and_then(|id| titles.get(id))
                    .map(|title| (*title).to_owned())
                    .unwrap_or_default(),
                actor_name: actor_names.get(actor).map_or_else(|| actor.to_string(), |name| (*name).to_owned()),
                issue_name: issue_names.get(issue).map_or_else(|| issue.to_string(), |name| (*name).to_owned()),
                article: article.cloned(),
                actor: (*actor).clone(),
                issue: (*issue).clone(),
                values: values.iter().map(|(coder, value)| ((*coder).clone(), *value)).collect(),
                spread,
            })
        })
        .collect();
    // Stable sort: equal spreads keep (issue, article, actor) order.
    disagreements.sort_by(|a, b| b.spread.total_cmp(&a.spread));
    disagreements
}
