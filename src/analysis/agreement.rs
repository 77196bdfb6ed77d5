//! Inter-coder agreement: Krippendorff's alpha for the positions several coders assigned to the
//! same actor, issue and article.
//!
//! This module owns the generic coefficient ([`alpha`], [`alphas`]) and the project layer
//! ([`agreement`]). It reads no files: the command line reads a coded-positions CSV into a
//! project first (`io::positions_csv::project_from_csv`).
//!
//! ## The coefficient
//! Computed with the coincidence-matrix formulation of Krippendorff (2011), "Computing
//! Krippendorff's Alpha-Reliability", Annenberg School for Communication, University of
//! Pennsylvania (<https://repository.upenn.edu/asc_papers/43>):
//!
//! * A *unit* holds the values coders assigned to it; missing values are simply absent. Only
//!   *pairable* units — with at least two values — take part. `m_u` is the number of values in
//!   unit `u`, `n = Σ m_u` the number of pairable values.
//! * Coincidences: every ordered pair of values `(c, k)` from different coders of unit `u` adds
//!   `1 / (m_u − 1)` to `o_ck`; `n_c = Σ_k o_ck` is the number of pairable values equal to `c`.
//! * `α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck`.
//! * Difference functions `δ²_ck` by level of measurement:
//!   nominal `0` if `c = k` else `1`; ordinal `(Σ_{g=c..k} n_g − (n_c + n_k)/2)²` over the
//!   distinct values ranked in ascending order (the rank-based formula of the 2011 paper);
//!   interval `(c − k)²`; ratio `((c − k)/(c + k))²` (and `0` when `c = k = 0`).
//!
//! Values are `f64`; for nominal and ordinal every distinct value is a category. Non-finite values
//! count as missing.
//!
//! ## When alpha is undefined
//! [`alpha`] returns `None` when there are fewer than two pairable values, when all pairable values
//! are equal (the expected disagreement `D_e` is 0: Krippendorff leaves α undefined because there
//! is no variation to agree about — we do *not* report 1 in that case), and, for the ratio level,
//! when any pairable value is negative (the ratio metric needs an absolute zero).
//!
//! ## The project layer
//! A unit is one (article, actor, issue) triple — an overall judgement (`article = None`) is a unit
//! of its own — and its values are the positions coded by the different coders. The overall
//! coefficients pool the units of all issues using the values as coded (the preset issues all
//! share the 0–100 scale); per-issue coefficients use only that issue's units.

use std::collections::{BinaryHeap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use parts::{Categories, Coincidences, Grouped};
pub use parts::{IssuePart, Names, combine, combine_owned, issue_parts};

use crate::model::{ActorId, ArticleId, CoderId, IssueId, Project};

/// The level of measurement, which picks the difference function `δ²`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Values are unordered categories.
    Nominal,
    /// Values are ordered categories; only their ranks matter.
    Ordinal,
    /// Differences between values are meaningful.
    Interval,
    /// Ratios between values are meaningful (non-negative values with an absolute zero).
    Ratio,
}

impl Level {
    /// All four levels, in the order reported.
    pub const ALL: [Level; 4] = [Self::Nominal, Self::Ordinal, Self::Interval, Self::Ratio];
}

/// Alpha at every level of measurement; `None` (JSON `null`) where alpha is undefined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Alphas {
    /// Alpha treating values as unordered categories.
    pub nominal: Option<f64>,
    /// Alpha treating values as ranked categories.
    pub ordinal: Option<f64>,
    /// Alpha with the squared-difference metric.
    pub interval: Option<f64>,
    /// Alpha with the ratio metric.
    pub ratio: Option<f64>,
}

/// Krippendorff's alpha for `units`, each the values the coders assigned to one unit (`None` or a
/// non-finite value = not coded), at `level`.
///
/// Returns `None` when alpha is undefined: fewer than two pairable values, no variation among the
/// pairable values (expected disagreement 0), or a negative value at the ratio level.
pub fn alpha(units: &[Vec<Option<f64>>], level: Level) -> Option<f64> {
    let alphas = alphas(units);
    match level {
        Level::Nominal => alphas.nominal,
        Level::Ordinal => alphas.ordinal,
        Level::Interval => alphas.interval,
        Level::Ratio => alphas.ratio,
    }
}

/// Alpha at all four levels for the same `units` (see [`alpha`]), in one pass.
pub fn alphas(units: &[Vec<Option<f64>>]) -> Alphas {
    let mut grouped = Grouped { starts: vec![0], values: Vec::new() };
    for unit in pairable_units(units) {
        grouped.values.extend(unit);
        grouped.starts.push(grouped.values.len() as u32);
    }
    Coincidences::of(&grouped).alphas()
}

/// Turns a reliability-data matrix in Krippendorff's canonical layout (one row per coder, one
/// column per unit) into the unit-major layout [`alpha`] takes. Short rows count as missing.
pub fn units_from_coder_rows(rows: &[Vec<Option<f64>>]) -> Vec<Vec<Option<f64>>> {
    let unit_count = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..unit_count).map(|unit| rows.iter().map(|row| row.get(unit).copied().flatten()).collect()).collect()
}

/// The finite values of each unit that has at least two of them (−0 is folded into 0).
fn pairable_units(units: &[Vec<Option<f64>>]) -> Vec<Vec<f64>> {
    units
        .iter()
        .map(|unit| {
            unit.iter()
                .flatten()
                .copied()
                .filter(|value| value.is_finite())
                .map(|value| value + 0.0)
                .collect::<Vec<f64>>()
        })
        .filter(|values| values.len() >= 2)
        .collect()
}

/// Σ_ck n_c n_k δ²_ck for the ordinal metric in O(V) instead of pairwise in O(V²). For categories `c < k` the
/// ordinal distance is `a_k − b_c` with `a_k = N_{≤k} − n_k/2` and `b_c = N_{<c} + n_c/2`
/// (`N` cumulative counts), so for each `k` the inner sum over `c < k` is
/// `Σ n_c (a_k − b_c)² = W_k (a_k − m_k)² + M_k`, where `W_k`, `m_k` and `M_k` are the weight,
/// weighted mean and weighted sum of squared deviations of the `b_c` seen so far, kept up to
/// date with West's weighted form of Welford's update (no cancellation between large sums).
fn ordinal_expected_sum(categories: &Categories) -> f64 {
    let counts = &categories.counts;
    let (mut weight, mut mean, mut squares) = (0.0, 0.0, 0.0);
    let mut sum = 0.0;
    for (k, &n_k) in counts.iter().enumerate() {
        let a_k = categories.cumulative[k + 1] - n_k / 2.0;
        if weight > 0.0 {
            sum += 2.0 * n_k * (weight * (a_k - mean).powi(2) + squares);
        }
        let b_k = categories.cumulative[k] + n_k / 2.0;
        weight += n_k;
        let delta = b_k - mean;
        mean += delta * n_k / weight;
        squares += n_k * delta * (b_k - mean);
    }
    sum
}

/// Σ_ck n_c n_k δ²_ck for the ratio metric in O(V · m), with m ≈ 5 · (22 + ln(max / min))
/// quadrature nodes (about 160 for values from 0.001 to 100) instead of O(V²) pairs.
///
/// For `c + k > 0`, `((c − k)/(c + k))² = 1 − 4ck/(c + k)²`, and `δ²(0, 0) = 0`, so
/// `Σ n_c n_k δ²_ck = N² − n_0² − 4S` with `S = Σ_{c,k>0} n_c c · n_k k / (c + k)²`. Writing
/// `1/s² = ∫₀^∞ t e^{−ts} dt` and substituting `t = eˣ` turns S into
/// `∫ e^{2x} F(eˣ)² dx` with `F(t) = Σ_{c>0} n_c c e^{−tc}`: one sum per node instead of one per
/// pair. The integrand of every pair is analytic in the strip `|Im x| < π/2` and decays
/// exponentially at both ends, so the trapezoid rule with step 0.2 over the range the pairs need
/// is accurate to about 1e-15 relative (errors fall like `e^{−2π·a/h}`); all terms are positive,
/// so no pair's error can cancel another's. A property test checks it against the pairwise sum.
fn ratio_expected_sum(categories: &Categories) -> f64 {
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
    // F summed term by term, leaving out the terms below e^−700 (exp returns about 0 for them).
    let f = |t: f64| -> f64 {
        positive
            .iter()
            .take_while(|(value, _)| t * value < 700.0)
            .map(|(value, weighted)| weighted * (-t * value).exp())
            .sum()
    };
    let term = |node: usize| {
        let x = x_low + node as f64 * STEP;
        let f = f(x.exp());
        (2.0 * x).exp() * f * f
    };
    // Many values: the nodes in chunks on every core, added up in node order (the same sum).
    let mut s: f64 = if positive.len() < 4096 {
        (0..nodes).map(term).sum()
    } else {
        let chunks: Vec<std::ops::Range<usize>> =
            (0..nodes).step_by(16).map(|start| start..(start + 16).min(nodes)).collect();
        crate::analysis::parallel_map(&chunks, |chunk| chunk.clone().map(term).collect::<Vec<f64>>())
            .into_iter()
            .flatten()
            .sum()
    };
    s *= STEP;
    (total * total - zeros * zeros - 4.0 * s).max(0.0)
}

/// Agreement on one issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueAgreement {
    /// The issue.
    pub issue: IssueId,
    /// Pairable units (article × actor) on this issue: those coded by at least two coders.
    pub units: usize,
    /// Coders who contributed a value to a pairable unit on this issue.
    pub coders: usize,
    /// Alpha at each level over this issue's units.
    pub alpha: Alphas,
}

/// One unit on which coders differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// The article coded; `None` for an overall judgement.
    pub article: Option<ArticleId>,
    /// The actor.
    pub actor: ActorId,
    /// The issue.
    pub issue: IssueId,
    /// The article's title (empty for an overall judgement or an article missing from the project).
    pub article_title: String,
    /// The actor's display name (its id when missing from the project).
    pub actor_name: String,
    /// The issue's display name (its id when missing from the project).
    pub issue_name: String,
    /// Each coder's value, in coder-id order.
    pub values: Vec<(CoderId, f64)>,
    /// Largest minus smallest value.
    pub spread: f64,
}

/// The pairable units whose values differ, largest spread first (equal spreads in (issue,
/// article, actor) order): each issue's list, sorted and shared, read as one merged list.
///
/// A report pooled from the app's kept issue parts shares each unchanged issue's list with the
/// last report instead of copying it (at 10,000 articles there are ~135,000, each with three
/// names and the coders' values), and the lists are merged as they are read: a view that shows
/// the largest eight reads eight.
#[derive(Clone, Debug, Default)]
pub struct Disagreements {
    /// Each issue's disagreements, every list sorted (see [`Disagreements`]).
    lists: Vec<Arc<[Disagreement]>>,
    len: usize,
}

impl Disagreements {
    /// Several issues' lists, each sorted largest spread first.
    pub fn of_lists(lists: Vec<Arc<[Disagreement]>>) -> Self {
        let lists: Vec<Arc<[Disagreement]>> = lists.into_iter().filter(|list| !list.is_empty()).collect();
        let len = lists.iter().map(|list| list.len()).sum();
        Self { lists, len }
    }

    /// How many units differ.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no unit differs.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every disagreement, largest spread first.
    pub fn iter(&self) -> impl Iterator<Item = &Disagreement> + '_ {
        let mut heads: BinaryHeap<Head<'_>> = BinaryHeap::with_capacity(self.lists.len());
        heads.extend(self.lists.iter().filter(|list| !list.is_empty()).map(|list| Head(&list[..])));
        Merged { heads }
    }

    /// The disagreements on `issue`, largest spread first.
    pub fn on_issue<'a>(&'a self, issue: &'a IssueId) -> impl Iterator<Item = &'a Disagreement> + 'a {
        self.lists.iter().flat_map(|list| list.iter()).filter(move |disagreement| &disagreement.issue == issue)
    }
}

impl From<Vec<Disagreement>> for Disagreements {
    /// One list, read in the order given (it should be the report's).
    fn from(disagreements: Vec<Disagreement>) -> Self {
        Self::of_lists(vec![disagreements.into()])
    }
}

impl PartialEq for Disagreements {
    /// The same disagreements in the same order, however they are split into lists.
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Serialize for Disagreements {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The rest of one sorted list, ordered in the heap by its first disagreement (the largest on top).
struct Head<'a>(&'a [Disagreement]);

impl Ord for Head<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // The heap pops its greatest: the head that comes first in the report's order.
        parts::disagreement_order(&other.0[0], &self.0[0])
    }
}

impl PartialOrd for Head<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Head<'_> {}

/// The lists' disagreements merged in the report's order.
struct Merged<'a> {
    heads: BinaryHeap<Head<'a>>,
}

impl<'a> Iterator for Merged<'a> {
    type Item = &'a Disagreement;

    fn next(&mut self) -> Option<&'a Disagreement> {
        let Head(list) = self.heads.pop()?;
        let (first, rest) = list.split_first()?;
        if !rest.is_empty() {
            self.heads.push(Head(rest));
        }
        Some(first)
    }
}

/// Inter-coder agreement of a project: overall, per issue, and the units that differ most.
///
/// Serialises as `{"units": N, "coders": N, "alpha": {"nominal": x, "ordinal": x, "interval": x,
/// "ratio": x}, "per_issue": [...], "disagreements": [...]}` with `null` for undefined alphas.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AgreementReport {
    /// Pairable units over all issues: (article, actor, issue) triples coded by at least two coders.
    pub units: usize,
    /// Coders who contributed a value to a pairable unit.
    pub coders: usize,
    /// Alpha at each level, pooling all issues' units.
    pub alpha: Alphas,
    /// The same per issue, in project issue order (issues without positions omitted).
    pub per_issue: Vec<IssueAgreement>,
    /// Pairable units whose values differ, largest spread first.
    pub disagreements: Disagreements,
    /// Coder pairs by how far apart they code the units both coded, largest mean gap first (not
    /// in the JSON report).
    #[serde(skip)]
    pub pairs: Vec<PairGap>,
    /// Actors by how far apart coders place them, largest mean spread first (not in the JSON).
    #[serde(skip)]
    pub actors: Vec<ActorGap>,
}

/// How far apart two coders code the units both coded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairGap {
    /// The first coder (in id order).
    pub first: CoderId,
    /// The second coder.
    pub second: CoderId,
    /// Units both coded.
    pub units: usize,
    /// Mean absolute difference of their values on those units.
    pub mean_gap: f64,
}

/// How far apart coders place one actor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorGap {
    /// The actor.
    pub actor: ActorId,
    /// Pairable units on the actor.
    pub units: usize,
    /// Mean spread (largest minus smallest value) over those units.
    pub mean_spread: f64,
}

/// The articles of the reliability subsample: those `team assign` gave to several coders.
pub fn overlap_articles(project: &Project) -> HashSet<&ArticleId> {
    project.assignments.iter().filter(|assignment| assignment.overlap).map(|assignment| &assignment.article).collect()
}

/// Agreement on the reliability subsample only (the overlap articles); the whole project's when it
/// has no overlap assignments.
pub fn agreement_on_overlap(project: &Project) -> AgreementReport {
    let overlap = overlap_articles(project);
    if overlap.is_empty() {
        return agreement(project);
    }
    let mut restricted = project.clone();
    restricted.positions.retain(|position| position.article.as_ref().is_some_and(|id| overlap.contains(id)));
    agreement(&restricted)
}

/// Computes the agreement report of `project` (see the module doc for what a unit is): each
/// issue's units grouped and summed on every core, then pooled.
pub fn agreement(project: &Project) -> AgreementReport {
    let names = Names::of(project);
    combine_owned(project, issue_parts(project, &names))
}

mod parts;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
