//! The fast path of the project layer: each issue's pairable units grouped once into an
//! [`IssuePart`] (values per unit, category of each value, the observed coincidence sums of all
//! four levels, its disagreements and coder-pair gaps), and the pooled report of several parts
//! ([`combine`]).
//!
//! An issue's positions are stored in (actor, article, coder) order, so one unit's values are
//! consecutive: grouping is one pass with no map. Parts are built per issue on every core
//! (`analysis::parallel_map`) and hold no borrow of the project, so the app can keep them between
//! edits and rebuild only the issue an edit touched (see `session::derived`).
//!
//! Observed disagreement of a unit with values `v_1..v_m` (per ordered pair, over `m − 1`):
//! nominal `m² − Σ r_c²` (`r_c` the unit's values in category `c`); interval in closed form
//! `2 m Σ (v − mean)²`; ordinal and ratio summed over the unit's pairs without allocating.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::{ActorGap, AgreementReport, Alphas, Disagreement, Disagreements, IssueAgreement, PairGap};
use crate::model::{ActorId, ArticleId, CoderId, IssueId, Position, Project};

/// The distinct values of a set of units in ascending order with how often each occurs (`n_c`)
/// and the running totals the ordinal metric needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Categories {
    pub(super) values: Vec<f64>,
    pub(super) counts: Vec<f64>,
    /// `cumulative[i]` = Σ of `n_g` for categories below `i` (one more entry than `values`).
    pub(super) cumulative: Vec<f64>,
}

impl Categories {
    /// The categories of `values` (sorted in place).
    pub(super) fn of_values(values: &mut [f64]) -> Self {
        values.sort_unstable_by(f64::total_cmp);
        let mut categories = Self::default();
        for &value in values.iter() {
            match (categories.values.last(), categories.counts.last_mut()) {
                (Some(last), Some(count)) if *last == value => *count += 1.0,
                _ => {
                    categories.values.push(value);
                    categories.counts.push(1.0);
                }
            }
        }
        categories.accumulate();
        categories
    }

    fn accumulate(&mut self) {
        self.cumulative.clear();
        self.cumulative.reserve(self.counts.len() + 1);
        let mut running = 0.0;
        self.cumulative.push(running);
        for count in &self.counts {
            running += count;
            self.cumulative.push(running);
        }
    }

    /// The index of `value`, which must be one of the categories.
    pub(super) fn index(&self, value: f64) -> usize {
        self.values.partition_point(|probe| probe.total_cmp(&value).is_lt())
    }

    /// The ordinal `δ²` between categories `c` and `k`.
    fn ordinal(&self, c: usize, k: usize) -> f64 {
        if c == k {
            return 0.0;
        }
        let (low, high) = (c.min(k), c.max(k));
        let between = self.cumulative[high + 1] - self.cumulative[low];
        let half_ends = (self.counts[low] + self.counts[high]) / 2.0;
        (between - half_ends).powi(2)
    }

    /// Merges several category lists into one, with for each input the index in the merged list
    /// of each of its categories.
    fn merge(lists: &[&Categories]) -> (Categories, Vec<Vec<u32>>) {
        let mut all: Vec<(f64, usize, usize)> = Vec::with_capacity(lists.iter().map(|list| list.values.len()).sum());
        for (list_index, list) in lists.iter().enumerate() {
            all.extend(list.values.iter().enumerate().map(|(index, value)| (*value, list_index, index)));
        }
        all.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged = Categories::default();
        let mut remaps: Vec<Vec<u32>> = lists.iter().map(|list| vec![0; list.values.len()]).collect();
        for (value, list_index, index) in all {
            let count = lists[list_index].counts[index];
            match (merged.values.last(), merged.counts.last_mut()) {
                (Some(last), Some(total)) if *last == value => *total += count,
                _ => {
                    merged.values.push(value);
                    merged.counts.push(count);
                }
            }
            remaps[list_index][index] = (merged.values.len() - 1) as u32;
        }
        merged.accumulate();
        (merged, remaps)
    }
}

/// Σ_ck o_ck δ²_ck at each level (the observed coincidences weighted by the difference function).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Observed {
    nominal: f64,
    ordinal: f64,
    interval: f64,
    ratio: f64,
}

/// Pairable units' values in one flat list: unit `i` holds `values[starts[i]..starts[i + 1]]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Grouped {
    pub(super) starts: Vec<u32>,
    pub(super) values: Vec<f64>,
}

impl Grouped {
    fn unit(&self, index: usize) -> std::ops::Range<usize> {
        self.starts[index] as usize..self.starts[index + 1] as usize
    }

    pub(super) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// Units reduced to what every level's alpha needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Coincidences {
    /// Pairable values.
    total: usize,
    categories: Categories,
    /// The category of each value of the grouped units.
    category_of: Vec<u32>,
    observed: Observed,
    any_negative: bool,
}

impl Coincidences {
    /// One pass over `grouped` (values already finite, −0 folded into 0).
    pub(super) fn of(grouped: &Grouped) -> Self {
        let mut sorted = grouped.values.clone();
        let categories = Categories::of_values(&mut sorted);
        let category_of: Vec<u32> = grouped.values.iter().map(|value| categories.index(*value) as u32).collect();
        let mut observed = Observed::default();
        for unit in 0..grouped.len() {
            let range = grouped.unit(unit);
            let values = &grouped.values[range.clone()];
            let indices = &category_of[range];
            let m = values.len() as f64;
            let (mut differing, mut ordinal, mut ratio) = (0.0, 0.0, 0.0);
            for (i, (&a, &c)) in values.iter().zip(indices).enumerate() {
                for (&b, &k) in values[i + 1..].iter().zip(&indices[i + 1..]) {
                    if c != k {
                        differing += 1.0;
                        ordinal += categories.ordinal(c as usize, k as usize);
                        let sum = a + b;
                        if sum != 0.0 {
                            ratio += ((a - b) / sum).powi(2);
                        }
                    }
                }
            }
            let mean = values.iter().sum::<f64>() / m;
            let squares: f64 = values.iter().map(|value| (value - mean).powi(2)).sum();
            observed.nominal += 2.0 * differing / (m - 1.0);
            observed.ordinal += 2.0 * ordinal / (m - 1.0);
            observed.ratio += 2.0 * ratio / (m - 1.0);
            observed.interval += 2.0 * m * squares / (m - 1.0);
        }
        let any_negative = grouped.values.iter().any(|value| *value < 0.0);
        Self { total: grouped.values.len(), categories, category_of, observed, any_negative }
    }

    /// Alpha at every level.
    pub(super) fn alphas(&self) -> Alphas {
        alphas_of(self.total, &self.categories, &self.observed, self.any_negative)
    }
}

/// Alpha at every level from the pooled sums (see the module doc of `agreement`).
fn alphas_of(total: usize, categories: &Categories, observed: &Observed, any_negative: bool) -> Alphas {
    if total < 2 || categories.values.len() < 2 {
        return Alphas::default();
    }
    let counts = &categories.counts;
    let n: f64 = counts.iter().sum();
    let nominal_expected = n * n - counts.iter().map(|count| count * count).sum::<f64>();
    // Σ_c Σ_k n_c n_k (c − k)² = 2 n Σ n_c (c − mean)², centred for accuracy.
    let mean = categories.values.iter().zip(counts).map(|(v, c)| v * c).sum::<f64>() / n;
    let squares: f64 = categories.values.iter().zip(counts).map(|(v, c)| c * (v - mean).powi(2)).sum();
    let interval_expected = 2.0 * n * squares;
    let alpha = |observed: f64, expected: f64| {
        (expected > 0.0 && expected.is_finite()).then(|| 1.0 - (total as f64 - 1.0) * observed / expected)
    };
    Alphas {
        nominal: alpha(observed.nominal, nominal_expected),
        ordinal: alpha(observed.ordinal, super::ordinal_expected_sum(categories)),
        interval: alpha(observed.interval, interval_expected),
        ratio: if any_negative { None } else { alpha(observed.ratio, super::ratio_expected_sum(categories)) },
    }
}

/// One pairable unit of an issue part.
#[derive(Clone, Debug, PartialEq)]
struct Unit {
    article: Option<ArticleId>,
    actor: ActorId,
}

/// One issue's pairable units and everything the report needs of them (see the module doc). It
/// depends only on the issue's positions and on the project's names.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuePart {
    issue: IssueId,
    units: Vec<Unit>,
    grouped: Grouped,
    /// For each value, its coder (an index into `coders`).
    coder_of: Vec<u32>,
    /// The coders who contributed a value to a pairable unit.
    coders: Vec<CoderId>,
    sums: Coincidences,
    alpha: Alphas,
    /// The units whose values differ, largest spread first (shared with the reports made of it).
    disagreements: Arc<[Disagreement]>,
    /// (first coder, second coder) indices into `coders` → (units both coded, Σ |difference|).
    pairs: BTreeMap<(u32, u32), (usize, f64)>,
    /// Actor → (pairable units, Σ spread).
    actors: Vec<(ActorId, usize, f64)>,
}

/// The display names the disagreements carry, looked up once per report.
pub struct Names<'a> {
    titles: HashMap<&'a ArticleId, &'a str>,
    actors: HashMap<&'a ActorId, &'a str>,
    issues: HashMap<&'a IssueId, &'a str>,
}

impl<'a> Names<'a> {
    /// The names of `project`'s articles, actors and issues.
    pub fn of(project: &'a Project) -> Self {
        Self {
            titles: project.articles.iter().map(|article| (&article.id, article.title.as_str())).collect(),
            actors: project.actors.iter().map(|actor| (&actor.id, actor.name.as_str())).collect(),
            issues: project.issues.iter().map(|issue| (&issue.id, issue.name.as_str())).collect(),
        }
    }
}

impl IssuePart {
    /// The part of `issue` from its positions (in the positions' key order).
    pub fn of<'p>(issue: &IssueId, positions: impl Iterator<Item = &'p Position>, names: &Names<'_>) -> Self {
        let mut units: Vec<Unit> = Vec::new();
        let mut grouped = Grouped { starts: vec![0], values: Vec::new() };
        let mut coder_of: Vec<u32> = Vec::new();
        let mut coders: Vec<CoderId> = Vec::new();
        // The unit being read, and where its values start.
        let mut open: Option<(Option<&ArticleId>, &ActorId)> = None;
        let mut unit_start = 0usize;
        // `None` after the last position closes the last unit.
        for position in positions.map(Some).chain(std::iter::once(None)) {
            if position.is_some_and(|position| !position.value.is_finite()) {
                continue;
            }
            let key = position.map(|position| (position.article.as_ref(), &position.actor));
            if key != open {
                if let Some((article, actor)) = open {
                    // Close the open unit: kept when pairable.
                    if grouped.values.len() - unit_start >= 2 {
                        units.push(Unit { article: article.cloned(), actor: actor.clone() });
                        grouped.starts.push(grouped.values.len() as u32);
                    } else {
                        grouped.values.truncate(unit_start);
                        coder_of.truncate(unit_start);
                    }
                    unit_start = grouped.values.len();
                }
                open = key;
            }
            let Some(position) = position else { break };
            grouped.values.push(position.value + 0.0);
            let coder = match coders.iter().position(|known| known == &position.coder) {
                Some(index) => index,
                None => {
                    coders.push(position.coder.clone());
                    coders.len() - 1
                }
            };
            coder_of.push(coder as u32);
        }
        // Keep only the coders of pairable units, renumbered in order of first appearance.
        let mut renumber: Vec<Option<u32>> = vec![None; coders.len()];
        let mut kept: Vec<CoderId> = Vec::new();
        for coder in &mut coder_of {
            let new = *renumber[*coder as usize].get_or_insert_with(|| {
                kept.push(coders[*coder as usize].clone());
                (kept.len() - 1) as u32
            });
            *coder = new;
        }
        let sums = Coincidences::of(&grouped);
        let alpha = sums.alphas();
        let mut part = Self {
            issue: issue.clone(),
            units,
            grouped,
            coder_of,
            coders: kept,
            sums,
            alpha,
            disagreements: Arc::new([]),
            pairs: BTreeMap::new(),
            actors: Vec::new(),
        };
        part.disagreements = part.find_disagreements(names).into();
        part.gaps();
        part
    }

    /// The issue.
    pub fn issue(&self) -> &IssueId {
        &self.issue
    }

    fn find_disagreements(&self, names: &Names<'_>) -> Vec<Disagreement> {
        let issue_name =
            names.issues.get(&self.issue).map_or_else(|| self.issue.to_string(), |name| (*name).to_owned());
        let mut found: Vec<Disagreement> = Vec::new();
        for (index, unit) in self.units.iter().enumerate() {
            let range = self.grouped.unit(index);
            let values = &self.grouped.values[range.clone()];
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let spread = high - low;
            if spread <= 0.0 {
                continue;
            }
            found.push(Disagreement {
                article_title: unit
                    .article
                    .as_ref()
                    .and_then(|id| names.titles.get(id))
                    .map(|title| (*title).to_owned())
                    .unwrap_or_default(),
                actor_name: names
                    .actors
                    .get(&unit.actor)
                    .map_or_else(|| unit.actor.to_string(), |name| (*name).to_owned()),
                issue_name: issue_name.clone(),
                article: unit.article.clone(),
                actor: unit.actor.clone(),
                issue: self.issue.clone(),
                values: range
                    .map(|value| (self.coders[self.coder_of[value] as usize].clone(), self.grouped.values[value]))
                    .collect(),
                spread,
            });
        }
        found.sort_by(disagreement_order);
        found
    }

    fn gaps(&mut self) {
        let mut actors: Vec<(ActorId, usize, f64)> = Vec::new();
        for (index, unit) in self.units.iter().enumerate() {
            let range = self.grouped.unit(index);
            let values = &self.grouped.values[range.clone()];
            let coders = &self.coder_of[range];
            for (i, (&x, &a)) in values.iter().zip(coders).enumerate() {
                for (&y, &b) in values[i + 1..].iter().zip(&coders[i + 1..]) {
                    let (first, second) =
                        if self.coders[a as usize] <= self.coders[b as usize] { (a, b) } else { (b, a) };
                    let entry = self.pairs.entry((first, second)).or_default();
                    entry.0 += 1;
                    entry.1 += (x - y).abs();
                }
            }
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            // Units come in actor order: one actor's units are consecutive.
            match actors.last_mut() {
                Some((actor, units, sum)) if *actor == unit.actor => {
                    *units += 1;
                    *sum += high - low;
                }
                _ => actors.push((unit.actor.clone(), 1, high - low)),
            }
        }
        self.actors = actors;
    }
}

/// Largest spread first; equal spreads in (issue, article, actor) order.
pub(super) fn disagreement_order(a: &Disagreement, b: &Disagreement) -> std::cmp::Ordering {
    b.spread
        .total_cmp(&a.spread)
        .then_with(|| a.issue.cmp(&b.issue))
        .then_with(|| a.article.cmp(&b.article))
        .then_with(|| a.actor.cmp(&b.actor))
}

/// The parts of every issue of `project` that has positions, built in parallel.
pub fn issue_parts(project: &Project, names: &Names<'_>) -> Vec<IssuePart> {
    let issues: Vec<&IssueId> = project.positions.issues().collect();
    crate::analysis::parallel_map(&issues, |issue| IssuePart::of(issue, project.positions.on_issue(issue), names))
}

/// The report of `project` from its issues' parts (one per issue with positions, any order). The
/// parts' disagreements are shared with the report, not copied.
pub fn combine(project: &Project, parts: &[&IssuePart]) -> AgreementReport {
    let disagreements = Disagreements::of_lists(parts.iter().map(|part| Arc::clone(&part.disagreements)).collect());
    pool(project, parts, disagreements)
}

/// [`combine`] of parts no longer needed.
pub fn combine_owned(project: &Project, parts: Vec<IssuePart>) -> AgreementReport {
    combine(project, &parts.iter().collect::<Vec<_>>())
}

/// The report of `parts` with `disagreements` (theirs).
fn pool(project: &Project, parts: &[&IssuePart], disagreements: Disagreements) -> AgreementReport {
    let parts: Vec<&IssuePart> = parts.iter().copied().filter(|part| !part.units.is_empty()).collect();
    let (pooled, remaps) = Categories::merge(&parts.iter().map(|part| &part.sums.categories).collect::<Vec<_>>());
    // Every level's observed sum adds up over the parts except the ordinal one, whose distances
    // depend on the pooled ranks.
    let mut observed = Observed::default();
    for part in &parts {
        observed.nominal += part.sums.observed.nominal;
        observed.interval += part.sums.observed.interval;
        observed.ratio += part.sums.observed.ratio;
    }
    let indexed: Vec<(&IssuePart, &Vec<u32>)> = parts.iter().copied().zip(&remaps).collect();
    observed.ordinal = crate::analysis::parallel_map(&indexed, |(part, remap)| {
        let mut sum = 0.0;
        for unit in 0..part.grouped.len() {
            let range = part.grouped.unit(unit);
            let indices = &part.sums.category_of[range];
            let mut unit_sum = 0.0;
            for (i, &c) in indices.iter().enumerate() {
                for &k in &indices[i + 1..] {
                    unit_sum += pooled.ordinal(remap[c as usize] as usize, remap[k as usize] as usize);
                }
            }
            sum += 2.0 * unit_sum / (indices.len() as f64 - 1.0);
        }
        sum
    })
    .into_iter()
    .sum();
    let total: usize = parts.iter().map(|part| part.sums.total).sum();
    let any_negative = parts.iter().any(|part| part.sums.any_negative);
    let alpha = alphas_of(total, &pooled, &observed, any_negative);
    let coders: BTreeSet<&CoderId> = parts.iter().flat_map(|part| &part.coders).collect();
    let units: usize = parts.iter().map(|part| part.units.len()).sum();

    // Issues in project order, then any issue ids the project does not list (dangling), sorted.
    let by_issue: HashMap<&IssueId, &IssuePart> = parts.iter().map(|part| (&part.issue, *part)).collect();
    let listed: BTreeSet<&IssueId> = project.issues.iter().map(|issue| &issue.id).collect();
    let mut issue_order: Vec<&IssueId> = project.issues.iter().map(|issue| &issue.id).collect();
    let extra: BTreeSet<&IssueId> = by_issue.keys().copied().filter(|id| !listed.contains(id)).collect();
    issue_order.extend(extra);
    let per_issue = issue_order
        .into_iter()
        .filter_map(|issue| {
            let part = by_issue.get(issue)?;
            Some(IssueAgreement {
                issue: issue.clone(),
                units: part.units.len(),
                coders: part.coders.len(),
                alpha: part.alpha,
            })
        })
        .collect();

    let mut pair_sums: BTreeMap<(&CoderId, &CoderId), (usize, f64)> = BTreeMap::new();
    let mut actor_sums: BTreeMap<&ActorId, (usize, f64)> = BTreeMap::new();
    for part in &parts {
        for (&(first, second), &(count, sum)) in &part.pairs {
            let entry = pair_sums.entry((&part.coders[first as usize], &part.coders[second as usize])).or_default();
            entry.0 += count;
            entry.1 += sum;
        }
        for (actor, count, sum) in &part.actors {
            let entry = actor_sums.entry(actor).or_default();
            entry.0 += count;
            entry.1 += sum;
        }
    }
    let mut pairs: Vec<PairGap> = pair_sums
        .into_iter()
        .map(|((first, second), (units, sum))| PairGap {
            first: first.clone(),
            second: second.clone(),
            units,
            mean_gap: sum / units as f64,
        })
        .collect();
    pairs.sort_by(|a, b| b.mean_gap.total_cmp(&a.mean_gap));
    let mut actors: Vec<ActorGap> = actor_sums
        .into_iter()
        .map(|(actor, (units, sum))| ActorGap { actor: actor.clone(), units, mean_spread: sum / units as f64 })
        .collect();
    actors.sort_by(|a, b| b.mean_spread.total_cmp(&a.mean_spread));
    AgreementReport { units, coders: coders.len(), alpha, per_issue, disagreements, pairs, actors }
}
