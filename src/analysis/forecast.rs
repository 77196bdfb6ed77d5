//! Forecasts of where a decision on an issue will land, from the actors' positions, capabilities
//! and saliences: the weighted mean and weighted median ("mean voter" and "median voter"), a
//! sensitivity table, and Bueno de Mesquita's expected-utility bargaining model.
//!
//! ## Weights
//! An actor's weight is `capability × salience` (both on 0–100 in StanceMap; negative or non-finite
//! inputs count as 0). The **weighted mean** is `Σ w_i x_i / Σ w_i`. The **weighted median** is the
//! smallest position whose cumulative weight, positions sorted ascending, reaches half the total
//! weight (`cumulative ≥ total / 2`, with a relative tolerance of 1e-12 for rounding) — the
//! definition used in Predictioneer's-Game-style spreadsheets. Both are `None` when the total
//! weight is 0.
//!
//! ## Sensitivity
//! [`sensitivity`] moves one actor at a time to the pole of the scale *farther* from its position
//! (the largest change it could make) and reports how far the weighted mean and median move.
//!
//! ## Expected-utility model ([`bdm`])
//! Bueno de Mesquita's model as specified by Scholz, Calbert & Smith (2011), "Unravelling Bueno De
//! Mesquita's group decision model", *Journal of Theoretical Politics* 23(4): 510–531, and as
//! implemented in D. Masad's open-source Python replication (2014). With `c_k` capability,
//! `s_k = salience/100`, positions `x`, scale width `Δ`, risk exponent `r_i`, and the status quo
//! `μ` = the weighted median of the current positions:
//!
//! * Votes: `v_k(i,j) = c_k s_k (|x_k − x_j| − |x_k − x_i|) / Δ`; probability that `i` prevails
//!   over `j`: `P_ij = Σ_k max(0, v_k) / Σ_k |v_k|` (Scholz et al. eq. 4; `½` if no one cares).
//! * Utilities (`d = |x_i − x_j|/Δ`, `e = (|x_i − μ| + |x_i − x_j|)/Δ`):
//!   `U_s = 2 − 4(½ − ½d)^r_i`, `U_f = 2 − 4(½ + ½d)^r_i`, `U_b = 2 − 4(½ − ¼e)^r_i`,
//!   `U_w = 2 − 4(½ + ¼e)^r_i`, `U_sq = 2 − 4(½)^r_i`.
//! * Expected utility of `i` challenging `j`:
//!   `EU_ij = s_j (P_ij U_s + (1 − P_ij) U_f) + (1 − s_j) U_s − Q U_sq − (1 − Q)(T U_b + (1 − T) U_w)`
//!   with `Q = T = 1` by default (so the status-quo term is `U_sq`); `EU_ij = 0` when `x_i = x_j`.
//! * Risk (optional, on by default): first all `EU` with `r = 1`; security `S_i = Σ_{j≠i} EU_ji`;
//!   `R_i = (2 S_i − max S − min S)/(max S − min S)` (0 if all equal); `r_i = (1 − R_i/3)/(1 + R_i/3)`;
//!   then all `EU` again with these `r_i`.
//! * Offers: `i` challenges `j` when `EU_ij > 0`. With `j`'s own `EU_ji`:
//!   conflict (`EU_ji > 0`) — `j` moves to `x_i` if `EU_ij > EU_ji`, else nothing (the reverse pair
//!   handles `j` winning); compromise/capitulation (`EU_ji ≤ 0`) — `j` moves toward `x_i` by the
//!   fraction `min(1, |EU_ji| / EU_ij)` (a fraction of 1 is capitulation, Masad's rule).
//! * Each actor accepts the credible offer that moves it least (the best one for it); when offers
//!   tie on distance it moves to their average (so symmetric cases stay symmetric). All actors move
//!   at once; a round's forecast is the weighted median of the new positions.
//! * Rounds repeat until no actor moves more than 1e-9 of the scale or `max_rounds` is reached.
//!
//! Moves are convex combinations of existing positions, so positions stay on the scale.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::aggregate::roll_up_target;
use crate::model::{ActorId, ArticleId, CoderId, IssueId, Project};

/// One actor's input to a forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastActor {
    /// The actor's display name.
    pub actor: String,
    /// Relative power on the issue (0–100 in StanceMap; any non-negative number works).
    pub capability: f64,
    /// Where the actor stands, on the issue's scale.
    pub position: f64,
    /// How much the issue matters to the actor, 0–100.
    pub salience: f64,
}

impl ForecastActor {
    /// The actor's weight, `capability × salience`, with negative or non-finite inputs as 0.
    pub fn weight(&self) -> f64 {
        non_negative(self.capability) * non_negative(self.salience)
    }
}

fn non_negative(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 { value } else { 0.0 }
}

/// `Σ w x / Σ w` with `w = capability × salience`; `None` when the total weight is 0 (or no actor
/// has a finite position).
pub fn weighted_mean(actors: &[ForecastActor]) -> Option<f64> {
    let (mut total, mut weighted) = (0.0, 0.0);
    for actor in actors.iter().filter(|actor| actor.position.is_finite()) {
        total += actor.weight();
        weighted += actor.weight() * actor.position;
    }
    (total > 0.0).then(|| weighted / total)
}

/// The smallest position whose cumulative weight (positions ascending) reaches half the total
/// weight; `None` when the total weight is 0.
pub fn weighted_median(actors: &[ForecastActor]) -> Option<f64> {
    let mut weighted: Vec<(f64, f64)> = actors
        .iter()
        .filter(|actor| actor.position.is_finite() && actor.weight() > 0.0)
        .map(|actor| (actor.position, actor.weight()))
        .collect();
    weighted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = weighted.iter().map(|(_, weight)| weight).sum();
    if total <= 0.0 {
        return None;
    }
    let half = total / 2.0 * (1.0 - 1e-12);
    let mut cumulative = 0.0;
    for (position, weight) in &weighted {
        cumulative += weight;
        if cumulative >= half {
            return Some(*position);
        }
    }
    weighted.last().map(|(position, _)| *position)
}

/// How much the forecast depends on one actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The actor's name.
    pub actor: String,
    /// The pole the actor was moved to (the one farther from its position).
    pub moved_to: f64,
    /// New weighted mean minus the original (`None` when either is undefined).
    pub mean_shift: Option<f64>,
    /// New weighted median minus the original (`None` when either is undefined).
    pub median_shift: Option<f64>,
}

/// For each actor in turn (input order), moves it to the pole of `scale` farther from its position
/// and reports the shift of the weighted mean and median; the other actors stay put.
pub fn sensitivity(actors: &[ForecastActor], scale: (f64, f64)) -> Vec<Sensitivity> {
    let (low, high) = (scale.0.min(scale.1), scale.0.max(scale.1));
    let base_mean = weighted_mean(actors);
    let base_median = weighted_median(actors);
    let shift = |new: Option<f64>, old: Option<f64>| new.zip(old).map(|(new, old)| new - old);
    (0..actors.len())
        .map(|index| {
            let actor = &actors[index];
            let moved_to = if (actor.position - low).abs() >= (high - actor.position).abs() { low } else { high };
            let mut moved = actors.to_vec();
            moved[index].position = moved_to;
            Sensitivity {
                actor: actor.actor.clone(),
                moved_to,
                mean_shift: shift(weighted_mean(&moved), base_mean),
                median_shift: shift(weighted_median(&moved), base_median),
            }
        })
        .collect()
}

/// Settings of the expected-utility model (see the module doc).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BdmOptions {
    /// Largest number of bargaining rounds.
    pub max_rounds: usize,
    /// `Q`: probability that the status quo holds when no one challenges (1 in the standard model).
    pub status_quo_probability: f64,
    /// `T`: probability that a change without challenge favours the actor (used only when `Q < 1`).
    pub improvement_probability: f64,
    /// Whether to compute risk exponents from the actors' security levels (else all `r = 1`).
    pub risk_adjusted: bool,
}

impl Default for BdmOptions {
    fn default() -> Self {
        Self { max_rounds: 10, status_quo_probability: 1.0, improvement_probability: 1.0, risk_adjusted: true }
    }
}

/// The result of running the expected-utility model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BdmRun {
    /// Positions per round; `rounds[0]` is the input (clamped onto the scale), in input order.
    pub rounds: Vec<Vec<(String, f64)>>,
    /// The weighted median of each round's positions (same length as `rounds`).
    pub forecast_per_round: Vec<f64>,
    /// The weighted mean of each round's positions (same length as `rounds`).
    pub mean_per_round: Vec<f64>,
    /// True when the positions stopped changing before `max_rounds` ran out.
    pub converged: bool,
}

/// Runs Bueno de Mesquita's expected-utility model on `actors` over `scale` (see the module doc).
///
/// Positions are first clamped onto the scale (non-finite → low pole). With no actors or zero total
/// weight there is nothing to simulate: `rounds` and the forecasts are empty.
pub fn bdm(actors: &[ForecastActor], scale: (f64, f64), options: &BdmOptions) -> BdmRun {
    let (low, high) = (scale.0.min(scale.1), scale.0.max(scale.1));
    let mut positions: Vec<f64> = actors
        .iter()
        .map(|actor| if actor.position.is_finite() { actor.position.clamp(low, high) } else { low })
        .collect();
    let span = if high > low {
        high - low
    } else {
        let spread = positions.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            - positions.iter().copied().fold(f64::INFINITY, f64::min);
        if spread.is_finite() && spread > 0.0 { spread } else { 1.0 }
    };
    let mut run =
        BdmRun { rounds: Vec::new(), forecast_per_round: Vec::new(), mean_per_round: Vec::new(), converged: true };
    let snapshot = |positions: &[f64]| -> Vec<ForecastActor> {
        actors
            .iter()
            .zip(positions)
            .map(|(actor, position)| ForecastActor { position: *position, ..actor.clone() })
            .collect()
    };
    let record = |run: &mut BdmRun, positions: &[f64]| -> bool {
        let current = snapshot(positions);
        match (weighted_median(&current), weighted_mean(&current)) {
            (Some(median), Some(mean)) => {
                run.rounds.push(actors.iter().map(|a| a.actor.clone()).zip(positions.iter().copied()).collect());
                run.forecast_per_round.push(median);
                run.mean_per_round.push(mean);
                true
            }
            _ => false,
        }
    };
    if !record(&mut run, &positions) {
        return run;
    }
    let model = Bargaining {
        capability: actors.iter().map(|actor| non_negative(actor.capability)).collect(),
        salience: actors.iter().map(|actor| (non_negative(actor.salience) / 100.0).min(1.0)).collect(),
        span,
        options,
    };
    run.converged = false;
    for _ in 0..options.max_rounds {
        let status_quo = run.forecast_per_round.last().copied().unwrap_or(low);
        let next = model.round(&positions, status_quo);
        let largest_move = next.iter().zip(&positions).map(|(new, old)| (new - old).abs()).fold(0.0, f64::max);
        if largest_move <= 1e-9 * span {
            run.converged = true;
            break;
        }
        positions = next;
        record(&mut run, &positions);
    }
    run
}

/// The fixed inputs of one model run.
struct Bargaining<'a> {
    capability: Vec<f64>,
    salience: Vec<f64>,
    span: f64,
    options: &'a BdmOptions,
}

impl Bargaining<'_> {
    /// Probability that position `x_i` prevails over `x_j` in the weighted vote.
    fn probability(&self, x: &[f64], i: usize, j: usize) -> f64 {
        let (mut support, mut total) = (0.0, 0.0);
        for k in 0..x.len() {
            let vote = self.capability[k] * self.salience[k] * ((x[k] - x[j]).abs() - (x[k] - x[i]).abs()) / self.span;
            support += vote.max(0.0);
            total += vote.abs();
        }
        if total > 0.0 { support / total } else { 0.5 }
    }

    /// `EU_ij`: `i`'s expected utility of challenging `j`, with risk exponent `risk` for `i`.
    fn expected_utility(&self, x: &[f64], i: usize, j: usize, risk: f64, status_quo: f64) -> f64 {
        if x[i] == x[j] {
            return 0.0;
        }
        let utility = |base: f64| 2.0 - 4.0 * base.clamp(0.0, 1.0).powf(risk);
        let distance = (x[i] - x[j]).abs() / self.span;
        let drift = ((x[i] - status_quo).abs() + (x[i] - x[j]).abs()) / self.span;
        let success = utility(0.5 - 0.5 * distance);
        let failure = utility(0.5 + 0.5 * distance);
        let better = utility(0.5 - 0.25 * drift);
        let worse = utility(0.5 + 0.25 * drift);
        let status_quo_utility = utility(0.5);
        let p = self.probability(x, i, j);
        let s_j = self.salience[j];
        let q = self.options.status_quo_probability;
        let t = self.options.improvement_probability;
        s_j * (p * success + (1.0 - p) * failure) + (1.0 - s_j) * success
            - q * status_quo_utility
            - (1.0 - q) * (t * better + (1.0 - t) * worse)
    }

    /// `eu[i][j]` for all pairs.
    fn utilities(&self, x: &[f64], risks: &[f64], status_quo: f64) -> Vec<Vec<f64>> {
        (0..x.len())
            .map(|i| {
                (0..x.len())
                    .map(|j| if i == j { 0.0 } else { self.expected_utility(x, i, j, risks[i], status_quo) })
                    .collect()
            })
            .collect()
    }

    /// Risk exponents from security levels (all 1 when risk adjustment is off).
    fn risks(&self, x: &[f64], status_quo: f64) -> Vec<f64> {
        let neutral = vec![1.0; x.len()];
        if !self.options.risk_adjusted {
            return neutral;
        }
        let eu = self.utilities(x, &neutral, status_quo);
        let security: Vec<f64> =
            (0..x.len()).map(|i| (0..x.len()).filter(|j| *j != i).map(|j| eu[j][i]).sum()).collect();
        let most = security.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let least = security.iter().copied().fold(f64::INFINITY, f64::min);
        security
            .iter()
            .map(|level| {
                let relative = if most > least { (2.0 * level - most - least) / (most - least) } else { 0.0 };
                (1.0 - relative / 3.0) / (1.0 + relative / 3.0)
            })
            .collect()
    }

    /// One round: every actor accepts its best credible offer.
    fn round(&self, x: &[f64], status_quo: f64) -> Vec<f64> {
        let risks = self.risks(x, status_quo);
        let eu = self.utilities(x, &risks, status_quo);
        let tie = 1e-12 * self.span;
        (0..x.len())
            .map(|j| {
                let offers: Vec<f64> = (0..x.len())
                    .filter(|i| *i != j && x[*i] != x[j] && eu[*i][j] > 0.0)
                    .filter_map(|i| {
                        let challenge = eu[i][j];
                        let own = eu[j][i];
                        if own > 0.0 {
                            (challenge > own).then_some(x[i])
                        } else {
                            let fraction = (own.abs() / challenge).min(1.0);
                            (fraction > 0.0).then(|| x[j] + (x[i] - x[j]) * fraction)
                        }
                    })
                    .collect();
                let Some(least) = offers.iter().map(|target| (target - x[j]).abs()).reduce(f64::min) else {
                    return x[j];
                };
                let best: Vec<f64> = offers.into_iter().filter(|target| (target - x[j]).abs() <= least + tie).collect();
                best.iter().sum::<f64>() / best.len() as f64
            })
            .collect()
    }
}

/// Which positions a project forecast uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastScope {
    /// Only this coder's positions (all coders when `None`).
    pub coder: Option<CoderId>,
    /// Only positions coded from this article (all articles and overall judgements when `None`).
    pub article: Option<ArticleId>,
    /// Count an actor's positions for its `parent` (e.g. a leader's for the state), as in
    /// aggregation; the parent's capability is used.
    pub roll_up: bool,
}

impl Default for ForecastScope {
    fn default() -> Self {
        Self { coder: None, article: None, roll_up: true }
    }
}

/// The forecast inputs and results of one issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueForecast {
    /// The issue.
    pub issue: IssueId,
    /// The issue's display name.
    pub issue_name: String,
    /// Low pole of the issue's scale.
    pub scale_min: f64,
    /// High pole of the issue's scale.
    pub scale_max: f64,
    /// Each actor with a position: its mean position and mean salience, capability from the actor.
    pub actors: Vec<ForecastActor>,
    /// Capability × salience weighted mean (`None` when the total weight is 0).
    pub weighted_mean: Option<f64>,
    /// Capability × salience weighted median (`None` when the total weight is 0).
    pub weighted_median: Option<f64>,
}

/// Forecast of `issue_id` from every article (and overall judgements), by one coder or all;
/// leaders roll up into their parent actors. `None` when the issue is not in the project.
pub fn forecast_issue(project: &Project, issue_id: &IssueId, coder: Option<&CoderId>) -> Option<IssueForecast> {
    let scope = ForecastScope { coder: coder.cloned(), ..ForecastScope::default() };
    forecast_issue_scoped(project, issue_id, &scope)
}

/// Forecast of `issue_id` over the positions `scope` selects. Each actor's position and salience
/// are the means over its selected positions; actors in project order (actors missing from the
/// project last, by id). `None` when the issue is not in the project.
pub fn forecast_issue_scoped(project: &Project, issue_id: &IssueId, scope: &ForecastScope) -> Option<IssueForecast> {
    let issue = project.issue(issue_id)?;
    // actor → (Σ value, Σ salience, n)
    let mut sums: BTreeMap<ActorId, (f64, f64, f64)> = BTreeMap::new();
    for position in project.positions.on_issue(issue_id) {
        if scope.coder.as_ref().is_some_and(|coder| coder != &position.coder)
            || scope.article.as_ref().is_some_and(|article| Some(article) != position.article.as_ref())
            || !position.value.is_finite()
        {
            continue;
        }
        let actor = if scope.roll_up { roll_up_target(project, &position.actor) } else { position.actor.clone() };
        let entry = sums.entry(actor).or_insert((0.0, 0.0, 0.0));
        entry.0 += position.value;
        entry.1 += if position.salience.is_finite() { position.salience } else { 0.0 };
        entry.2 += 1.0;
    }
    let mut order: Vec<ActorId> =
        project.actors.iter().map(|actor| actor.id.clone()).filter(|id| sums.contains_key(id)).collect();
    order.extend(sums.keys().filter(|id| project.actor(id).is_none()).cloned());
    let actors: Vec<ForecastActor> = order
        .iter()
        .filter_map(|id| {
            let (value_sum, salience_sum, count) = sums.get(id)?;
            let actor = project.actor(id);
            Some(ForecastActor {
                actor: actor.map_or_else(|| id.to_string(), |actor| actor.name.clone()),
                capability: actor.map_or(0.0, |actor| actor.capability),
                position: value_sum / count,
                salience: salience_sum / count,
            })
        })
        .collect();
    Some(IssueForecast {
        issue: issue.id.clone(),
        issue_name: issue.name.clone(),
        scale_min: issue.bounds().0,
        scale_max: issue.bounds().1,
        weighted_mean: weighted_mean(&actors),
        weighted_median: weighted_median(&actors),
        actors,
    })
}

/// Forecasts of every issue of the project that has positions in `scope`, in issue order.
pub fn forecast_project(project: &Project, scope: &ForecastScope) -> Vec<IssueForecast> {
    project
        .issues
        .iter()
        .filter_map(|issue| forecast_issue_scoped(project, &issue.id, scope))
        .filter(|forecast| !forecast.actors.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn actor(name: &str, capability: f64, position: f64, salience: f64) -> ForecastActor {
        ForecastActor { actor: name.into(), capability, position, salience }
    }

    /// The Greece/EU debt negotiation example (July 2015) in Predictioneer's Game format, from the
    /// blog post "Bruce bd Mesquita's Game Theoretical Method" (GitHub `muratk3n/thirdwave`,
    /// `en/2015/07/mesquita-game-theory.md`). The fixture's plain cells (actor, capability,
    /// position, salience, issue) are split by hand: this module reads no files and no CSV.
    fn greece_2015() -> Vec<ForecastActor> {
        include_str!("../../tests/fixtures/analysis/greece_2015.csv")
            .lines()
            .skip(1)
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let cells: Vec<&str> = line.split(',').map(str::trim).collect();
                let number = |index: usize| cells[index].parse::<f64>().unwrap();
                actor(cells[0], number(1), number(2), number(3))
            })
            .collect()
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

    /// Two actors, risk off, hand-computed from the module-doc formulas. A: c = 100, s = 1, x = 0;
    /// B: c = 10, s = ½, x = 100. Round 1: d = 1, U_s = 2, U_f = −2, U_sq = 0; votes A +100, B −5,
    /// so P_AB = 100/105; EU_AB = ½(2P − 2(1−P)) + ½·2 = 200/105; EU_BA = 1·(2·5/105 − 2·100/105)
    /// = −190/105. B compromises by 190/200 = 0.95 of the way: 100 → 5. The same ratio holds every
    /// round (both utilities scale with d), so B is at 0.25 after round 2.
    #[test]
    fn two_actor_case_by_hand() {
        let actors = [actor("A", 100.0, 0.0, 100.0), actor("B", 10.0, 100.0, 50.0)];
        let options = BdmOptions { max_rounds: 2, risk_adjusted: false, ..BdmOptions::default() };
        let run = bdm(&actors, (0.0, 100.0), &options);
        assert_eq!(run.rounds.len(), 3);
        assert_eq!(run.rounds[1][0], ("A".to_string(), 0.0));
        assert!((run.rounds[1][1].1 - 5.0).abs() < 1e-9, "{:?}", run.rounds[1]);
        assert!((run.rounds[2][1].1 - 0.25).abs() < 1e-9, "{:?}", run.rounds[2]);
        assert_eq!(run.forecast_per_round, vec![0.0, 0.0, 0.0]);
        assert!(!run.converged);
    }

    #[test]
    fn two_actor_case_converges_within_max_rounds() {
        // B closes 95 % of its distance each round: after k rounds the move is 95·0.05^(k−1),
        // below the 1e-9 × 100 tolerance from the ninth round on.
        let actors = [actor("A", 100.0, 0.0, 100.0), actor("B", 10.0, 100.0, 50.0)];
        let options = BdmOptions { max_rounds: 20, risk_adjusted: false, ..BdmOptions::default() };
        let run = bdm(&actors, (0.0, 100.0), &options);
        assert!(run.converged);
        assert!(run.rounds.len() < 21, "{}", run.rounds.len());
        assert!(run.rounds.last().unwrap()[1].1 < 1e-6);
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
    fn symmetric_case_stays_symmetric() {
        let actors =
            [actor("Left", 50.0, 10.0, 80.0), actor("Centre", 30.0, 50.0, 50.0), actor("Right", 50.0, 90.0, 80.0)];
        let run = bdm(&actors, (0.0, 100.0), &BdmOptions::default());
        for round in &run.rounds {
            assert!((round[0].1 - (100.0 - round[2].1)).abs() < 1e-9, "{round:?}");
            assert!((round[1].1 - 50.0).abs() < 1e-9, "{round:?}");
        }
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
            for round in &run.rounds {
                for (_, x) in round {
                    prop_assert!((0.0..=100.0).contains(x), "{x}");
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
}
