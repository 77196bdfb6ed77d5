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
//! Bueno de Mesquita's expected-utility bargaining model as formalised by Scholz, Calbert & Smith
//! (2011), "Unravelling Bueno De Mesquita's group decision model", *Journal of Theoretical
//! Politics* 23(4): 510–531, in the reading of J. Velev's public Python replication, which
//! reproduces their EU emission-standards run for 10 rounds
//! (github.com/jmckib/bdm-scholz-expected-utility-model, `bdm_scholz_model.py` at 55f63e9; D.
//! Masad's Python 3 port of it changes nothing in the model). The code cites its sources by
//! these keys: **SCS** the paper (its equation images as reproduced by M14), **V** the
//! replication, **M14** Masad's earlier replication attempt (github.com/dmasad/
//! BDM_DecisionModel_Replication), **BB** the derivation of the utilities in B. Bayramli's notes.
//!
//! With `c_k` capability, `s_k = salience/100`, positions `x`, `d` = the spread (max − min) of
//! the *initial* positions, fixed for the run, and `δ(a, b) = |a − b| / d`, each round:
//!
//! 1. Risk exponents: with every `r = 1`, actor `i`'s danger `D_i = Σ_{j≠i} E^i(U_ji)`;
//!    `R_i = (2 D_i − max D − min D) / (max D − min D)` (0 when all dangers are equal);
//!    `r_i = (1 − R_i/3) / (1 + R_i/3)`, all computed before any is used.
//! 2. Votes `v_k(a, b) = c_k s_k [δ(x_k, b)^r_k − δ(x_k, a)^r_k]` and
//!    `P(i beats j) = Σ_k max(0, v_k(x_i, x_j)) / Σ_k Σ_l Σ_m |v_k(x_l, x_m)|` (0 when `x_i = x_j`).
//! 3. Utilities as the perceiving actor `p` sees them, with `p`'s exponent and `δ = δ(x_i, x_j)`:
//!    `U_s = 2 − 4(½ − ½δ)^r_p`, `U_f = 2 − 4(½ + ½δ)^r_p`, `U_sq = 2 − 4(½)^r_p`, and
//!    `E^p(U_ij) = s_j [P U_s + (1 − P) U_f] + (1 − s_j) U_s − Q U_sq` with `Q = 1` (the paper's
//!    general form subtracts also `(1 − Q)(T U_b + (1 − T) U_w)`, which vanishes at `Q = 1`).
//! 4. Offers to actor `i` from each `j` at another position, with `e_ij = E^i(U_ij)` and
//!    `e_ji = E^i(U_ji)`: confrontation (`e_ji > e_ij > 0`): move to `x_j`; compromise
//!    (`e_ji > 0 > e_ij`, `e_ji > |e_ij|`): move to `x_i + (x_j − x_i) |e_ij / e_ji|`;
//!    capitulation (`e_ji > 0 > e_ij`, `e_ji < |e_ij|`): move to `x_j`.
//! 5. Each actor accepts one offer: the nearest confrontation, else the compromise with the least
//!    `K = (|e_ij| x_i + |e_ji| x_j) / (|e_ij| + |e_ji|)` (V's "faithful to Scholz' original code"),
//!    else the nearest capitulation; exact ties go to the first proposer in input order. Every
//!    choice is made on the round's starting positions, then all actors move at once.
//!
//! The model runs 10 rounds and its outcome is the weighted median after the last one. A round in
//! which nobody moves is a fixed point (everything above is a function of the positions), so the
//! run stops there and counts as converged. Moves go to existing positions or between two, so
//! positions stay within the initial spread. On the published case
//! (`tests/fixtures/analysis/eu_emissions_bdm1994.csv`) the weighted mean per round tracks the
//! published series; the test `eu_emissions_tracks_the_published_rounds` checks it.

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
    median_of(actors.iter().map(|actor| (actor.position, actor.weight())).collect())
}

/// The weighted median of `(position, weight)` pairs (see [`weighted_median`]); pairs with a
/// non-finite position or no weight do not count.
fn median_of(mut weighted: Vec<(f64, f64)>) -> Option<f64> {
    weighted.retain(|(position, weight)| position.is_finite() && *weight > 0.0);
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

/// Settings of the expected-utility model (see the module doc). The defaults are the model as
/// published; the other settings exist to compare readings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BdmOptions {
    /// Number of bargaining rounds (10, the horizon of Scholz et al. and of the replication); the
    /// run stops earlier at a fixed point.
    pub max_rounds: usize,
    /// Whether an actor may capitulate (on: the evident intent of the replication, whose test for
    /// it as written is never true; on the published case both give the same rounds).
    pub capitulation: bool,
    /// Whether risk exponents come from the actors' danger levels (on) or are all 1 (off).
    pub risk_adjusted: bool,
    /// `Q`: probability that the status quo holds when no one challenges (1 in the model).
    pub status_quo_probability: f64,
    /// `T`: probability that a change without challenge favours the actor (matters only when
    /// `Q < 1`).
    pub improvement_probability: f64,
}

impl Default for BdmOptions {
    fn default() -> Self {
        Self {
            max_rounds: 10,
            capitulation: true,
            risk_adjusted: true,
            status_quo_probability: 1.0,
            improvement_probability: 1.0,
        }
    }
}

/// The result of running the expected-utility model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BdmRun {
    /// Positions per round, in input order: `rounds[0]` is the input (clamped onto the scale),
    /// `rounds[r]` the positions after round `r`.
    pub rounds: Vec<Vec<(String, f64)>>,
    /// The weighted median of each round's positions (same length as `rounds`); the last one is
    /// the model's outcome.
    pub forecast_per_round: Vec<f64>,
    /// The weighted mean of each round's positions (same length as `rounds`).
    pub mean_per_round: Vec<f64>,
    /// True when the run stopped at a fixed point (a round in which nobody moved) before
    /// `max_rounds` ran out; that round is not repeated in `rounds`.
    pub converged: bool,
}

/// Runs Bueno de Mesquita's expected-utility model on `actors` (see the module doc).
///
/// Positions are first clamped onto `scale` (non-finite → its low pole); distances are scaled by
/// the spread of these initial positions, not by the scale. With no actors or zero total weight
/// there is nothing to simulate: `rounds` and the forecasts are empty. With a single position
/// there is nothing to bargain over: only round 0, converged.
pub fn bdm(actors: &[ForecastActor], scale: (f64, f64), options: &BdmOptions) -> BdmRun {
    let mut positions: Vec<f64> = actors.iter().map(|actor| onto_scale(actor.position, scale)).collect();
    let mut run =
        BdmRun { rounds: Vec::new(), forecast_per_round: Vec::new(), mean_per_round: Vec::new(), converged: true };
    if !record_round(&mut run, actors, &positions) {
        return run;
    }
    // d: the spread of the initial positions, fixed for the run [V `position_range`].
    let most = positions.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let least = positions.iter().copied().fold(f64::INFINITY, f64::min);
    let spread = most - least;
    if !(spread.is_finite() && spread > 0.0) {
        return run;
    }
    let salience: Vec<f64> = actors.iter().map(|actor| (non_negative(actor.salience) / 100.0).min(1.0)).collect();
    let model = Bargaining {
        // c_k s_k: capability enters only through ratios, so it needs no scaling.
        vote_weight: actors.iter().zip(&salience).map(|(actor, s)| non_negative(actor.capability) * s).collect(),
        salience,
        spread,
        options,
    };
    run.converged = false;
    for _ in 0..options.max_rounds {
        let next = model.round(&positions);
        // A round in which nobody moves is a fixed point: V has no stopping rule, and every later
        // round would repeat this one.
        if next == positions {
            run.converged = true;
            break;
        }
        positions = next;
        record_round(&mut run, actors, &positions);
    }
    run
}

/// `position` clamped onto `scale` (either order); non-finite → the low pole. A scale that is not
/// a finite interval clamps nothing.
fn onto_scale(position: f64, scale: (f64, f64)) -> f64 {
    let (low, high) = (scale.0.min(scale.1), scale.0.max(scale.1));
    let valid_scale = scale.0.is_finite() && scale.1.is_finite();
    match (position.is_finite(), valid_scale) {
        (true, true) => position.clamp(low, high),
        (true, false) => position,
        (false, true) => low,
        (false, false) => 0.0,
    }
}

/// Appends `positions` with their weighted median and mean to `run`; false (and nothing added)
/// when they are undefined, i.e. the total weight is 0.
fn record_round(run: &mut BdmRun, actors: &[ForecastActor], positions: &[f64]) -> bool {
    let current: Vec<ForecastActor> = actors
        .iter()
        .zip(positions)
        .map(|(actor, position)| ForecastActor { position: *position, ..actor.clone() })
        .collect();
    let (Some(median), Some(mean)) = (weighted_median(&current), weighted_mean(&current)) else {
        return false;
    };
    run.rounds.push(actors.iter().map(|actor| actor.actor.clone()).zip(positions.iter().copied()).collect());
    run.forecast_per_round.push(median);
    run.mean_per_round.push(mean);
    true
}

/// The fixed inputs of one model run.
struct Bargaining<'a> {
    /// `c_k s_k`, each actor's weight in the votes.
    vote_weight: Vec<f64>,
    /// `s_k` on 0–1: how much the issue matters, and the probability that the actor resists.
    salience: Vec<f64>,
    /// `d`, the spread of the initial positions.
    spread: f64,
    /// The run's settings.
    options: &'a BdmOptions,
}

/// What every actor sees in one phase of a round: the positions, the probabilities of success
/// under the voters' exponents, and the weighted median.
struct Phase<'x> {
    /// The round's starting positions.
    x: &'x [f64],
    /// `p[i][j]` = P(i beats j).
    p: Vec<Vec<f64>>,
    /// The weighted median of `x` (enters only when `Q < 1`).
    median: f64,
}

/// The kinds of offer, in the order an actor prefers them [V `best_offer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum OfferKind {
    /// The proposer would win a confrontation: the receiver moves to the proposer's position.
    Confrontation,
    /// The receiver moves part of the way toward the proposer.
    Compromise,
    /// The receiver gives in and moves to the proposer's position.
    Capitulation,
}

/// One offer to a receiver.
struct Offer {
    /// Its kind.
    kind: OfferKind,
    /// The receiver's position if it accepts.
    position: f64,
    /// Among offers of one kind the receiver takes the least `rank`: the distance it moves, or for
    /// a compromise `K` [V `best_offer`].
    rank: f64,
}

impl Bargaining<'_> {
    /// `δ(a, b) = |a − b| / d` [V `compare`, `u_success`; M14 passes the data's x_max − x_min].
    fn delta(&self, a: f64, b: f64) -> f64 {
        (a - b).abs() / self.spread
    }

    /// `P(i beats j)` for every pair, each voter `k` voting with its exponent `risk[k]`
    /// [V `compare`, `probability`].
    fn probabilities(&self, x: &[f64], risk: &[f64]) -> Vec<Vec<f64>> {
        let n = x.len();
        // distance[k][l] = δ(x_k, x_l)^r_k, so v_k(x_l, x_m) = c_k s_k (distance[k][m] − distance[k][l]).
        let distance: Vec<Vec<f64>> =
            (0..n).map(|k| x.iter().map(|x_l| self.delta(x[k], *x_l).powf(risk[k])).collect()).collect();
        // Σ_k Σ_l Σ_m |v_k(x_l, x_m)| over all n² ordered pairs, "faithful to Scholz' code" [V].
        let all_votes: f64 = (0..n)
            .map(|k| {
                let row = &distance[k];
                self.vote_weight[k] * row.iter().map(|a| row.iter().map(|b| (b - a).abs()).sum::<f64>()).sum::<f64>()
            })
            .sum();
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if x[i] == x[j] || all_votes <= 0.0 {
                            return 0.0;
                        }
                        let support: f64 =
                            (0..n).map(|k| (self.vote_weight[k] * (distance[k][j] - distance[k][i])).max(0.0)).sum();
                        support / all_votes
                    })
                    .collect()
            })
            .collect()
    }

    /// `E^p(U_ij)`: the utility actor `i` expects from challenging `j`, as perceived by an actor
    /// with exponent `r_p` [SCS `EU_typo.png`; V `u_success`, `u_failure`, `u_status_quo`,
    /// `eu_challenge`].
    fn expected_utility(&self, phase: &Phase<'_>, i: usize, j: usize, r_p: f64) -> f64 {
        let x = phase.x;
        // U = 2 − 4 base^r, from U^i_ij = 1 − 2δ(x_i, x_j) [BB].
        let utility = |base: f64| 2.0 - 4.0 * base.max(0.0).powf(r_p);
        let delta = self.delta(x[i], x[j]);
        let success = utility(0.5 - 0.5 * delta); // U_s
        let failure = utility(0.5 + 0.5 * delta); // U_f
        let status_quo = utility(0.5); // U_sq
        // U_b, U_w of the paper's general form, around the median μ [M14 `calculate_utilities`].
        let drift = 0.25 * (self.delta(x[i], phase.median) + delta);
        let better = utility(0.5 - drift);
        let worse = utility(0.5 + drift);
        let p = phase.p[i][j];
        // s_j, the challenged actor's salience, is the probability that j resists [SCS; V].
        let s_j = self.salience[j];
        let (q, t) = (self.options.status_quo_probability, self.options.improvement_probability);
        s_j * (p * success + (1.0 - p) * failure) + (1.0 - s_j) * success
            - q * status_quo
            - (1.0 - q) * (t * better + (1.0 - t) * worse)
    }

    /// Every actor's risk exponent `r_i ∈ [0.5, 2]` from its danger level, all computed with
    /// `r = 1` before any is used [SCS `RiskExp.png`; V `update_risk_aversions`,
    /// `risk_acceptance`, `risk_aversion`].
    fn risk_exponents(&self, x: &[f64], median: f64) -> Vec<f64> {
        let n = x.len();
        let neutral = vec![1.0; n];
        if !self.options.risk_adjusted {
            return neutral;
        }
        let phase = Phase { x, p: self.probabilities(x, &neutral), median };
        // D_i = Σ_{j≠i} E^i(U_ji): what the others would expect from challenging i.
        let danger: Vec<f64> = (0..n)
            .map(|i| (0..n).filter(|j| *j != i).map(|j| self.expected_utility(&phase, j, i, 1.0)).sum())
            .collect();
        let most = danger.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let least = danger.iter().copied().fold(f64::INFINITY, f64::min);
        danger
            .iter()
            .map(|d_i| {
                // R_i ∈ [−1, 1]; 0 when all dangers are equal (this reading: V would divide by zero).
                let relative = if most > least { (2.0 * d_i - most - least) / (most - least) } else { 0.0 };
                (1.0 - relative / 3.0) / (1.0 + relative / 3.0)
            })
            .collect()
    }

    /// The offer proposer `j` makes to receiver `i` (at another position), both utilities as `i`
    /// perceives them with its exponent `r_i` [V `Offer.from_actors`].
    fn offer(&self, phase: &Phase<'_>, i: usize, j: usize, r_i: f64) -> Option<Offer> {
        let x = phase.x;
        let e_ij = self.expected_utility(phase, i, j, r_i); // i challenging j
        let e_ji = self.expected_utility(phase, j, i, r_i); // j challenging i
        let (kind, position) = if e_ji > e_ij && e_ij > 0.0 {
            (OfferKind::Confrontation, x[j])
        } else if e_ji > 0.0 && 0.0 > e_ij && e_ji > e_ij.abs() {
            (OfferKind::Compromise, x[i] + (x[j] - x[i]) * (e_ij / e_ji).abs())
        } else if self.options.capitulation && e_ji > 0.0 && 0.0 > e_ij && e_ji < e_ij.abs() {
            // V writes `eu_ji < abs(eu_ji)`, never true; this reading takes its evident intent.
            (OfferKind::Capitulation, x[j])
        } else {
            return None;
        };
        let rank = match kind {
            // K, "faithful to Scholz' original code" [V `best_offer`].
            OfferKind::Compromise => (e_ij.abs() * x[i] + e_ji.abs() * x[j]) / (e_ij.abs() + e_ji.abs()),
            OfferKind::Confrontation | OfferKind::Capitulation => (x[i] - position).abs(),
        };
        Some(Offer { kind, position, rank })
    }

    /// One round: new risk exponents, then every actor takes its best offer on the round's
    /// starting positions, and all move at once [V `update_positions`].
    fn round(&self, x: &[f64]) -> Vec<f64> {
        let median = median_of(x.iter().copied().zip(self.vote_weight.iter().copied()).collect()).unwrap_or(x[0]);
        let risk = self.risk_exponents(x, median);
        let phase = Phase { x, p: self.probabilities(x, &risk), median };
        (0..x.len())
            .map(|i| {
                let mut best: Option<Offer> = None;
                for j in (0..x.len()).filter(|j| x[*j] != x[i]) {
                    let Some(offer) = self.offer(&phase, i, j, risk[i]) else { continue };
                    // Kind first, then rank; strictly better only, so ties keep the first proposer.
                    let better = best.as_ref().is_none_or(|best| {
                        offer.kind < best.kind || (offer.kind == best.kind && offer.rank < best.rank)
                    });
                    if better {
                        best = Some(offer);
                    }
                }
                best.map_or(x[i], |offer| offer.position)
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
mod tests;
