//! The Evolution view binned by period: one issue's points (one per actor and article, the mean
//! over coders) grouped per day, week, month, quarter or year, each actor drawn as a line through
//! its period medians with a band for the middle half of the values (25-75 %).
//!
//! Rules: while the article columns fit the plot (`max_bins`), every column is its own period
//! ([`Period::Article`], the figure as it is); otherwise the finest calendar period is taken whose
//! bins fit and hold at least [`MIN_PER_CELL`] points per actor and period on average, over at
//! least [`MIN_PERIODS`] periods; failing that the coarsest that fits with that many periods.
//! Periods run on a linear time axis from the first dated article to the last, empty periods
//! included (x = period index), so a gap in the news shows as a gap; undated articles share one
//! last period. Weeks start on Monday. A point's raw place ([`EvolutionBins::point_x`]) is inside
//! its period by date, so raw points can be drawn over the lines when there are few.

use super::evolution::EvolutionFigure;
use super::filter::date_key;

/// How the Evolution groups its article columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// Each article column on its own (the columns fit the plot).
    Article,
    /// Calendar days.
    Day,
    /// Weeks from Monday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl Period {
    /// The period's name in a sentence ("month").
    pub fn noun(self) -> &'static str {
        match self {
            Period::Article => "article",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// A calendar period binned must hold this many points per actor on average (a median of one or
/// two points is no summary).
pub const MIN_PER_CELL: usize = 2;

/// Fewer dated periods than this show no course: a finer period is taken, sparse or not.
pub const MIN_PERIODS: usize = 6;

/// One x position of the binned view.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodBin {
    /// The axis label: "2024-03", "2024 Q1", the week's Monday, the article's date, "undated".
    pub label: String,
    /// The label in a sentence: "week of 2024-03-04", "2024-03".
    pub long_label: String,
    /// The undated articles' period.
    pub undated: bool,
}

/// One actor in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct BinnedValue {
    /// Index into [`EvolutionBins::bins`] (the x of the vertex).
    pub bin: usize,
    /// The median of the period's values (each an article's mean over coders).
    pub median: f64,
    /// The 25th percentile (linear interpolation).
    pub low: f64,
    /// The 75th percentile.
    pub high: f64,
    /// How many articles' values.
    pub n: usize,
    /// Index into the series' points of the value nearest the median (a click opens its article).
    pub nearest: usize,
}

/// One actor's line: parallel to the figure's series.
#[derive(Clone, Debug, PartialEq)]
pub struct BinnedSeries {
    /// Its periods with a value, in time order.
    pub values: Vec<BinnedValue>,
}

/// The Evolution grouped by period.
#[derive(Clone, Debug, PartialEq)]
pub struct EvolutionBins {
    /// The period.
    pub period: Period,
    /// The x positions (x = index).
    pub bins: Vec<PeriodBin>,
    /// One per series of the figure, in its order.
    pub series: Vec<BinnedSeries>,
    /// Each point's x, per series and point of the figure: inside its period by date.
    pub point_x: Vec<Vec<f64>>,
    /// How many points the figure has (raw points are drawn when few).
    pub points: usize,
}

impl EvolutionBins {
    /// The value of series `series` in period `bin`.
    pub fn value(&self, series: usize, bin: usize) -> Option<&BinnedValue> {
        let values = &self.series.get(series)?.values;
        values.binary_search_by_key(&bin, |value| value.bin).ok().map(|at| &values[at])
    }
}

/// A column's date: (day number since 1970-01-01, year, month 1-12).
type ColumnDate = Option<(i64, i64, i64)>;

/// The Evolution of `figure` binned for a plot with room for `max_bins` x positions.
pub fn bin_evolution(figure: &EvolutionFigure, max_bins: usize) -> EvolutionBins {
    let dates: Vec<ColumnDate> = figure.articles.iter().map(|article| column_date(&article.date)).collect();
    let period = choose_period(figure, &dates, max_bins.max(1));
    bin_with(figure, &dates, period)
}

/// The Evolution of `figure` binned by `period`.
pub fn bin_evolution_by(figure: &EvolutionFigure, period: Period) -> EvolutionBins {
    let dates: Vec<ColumnDate> = figure.articles.iter().map(|article| column_date(&article.date)).collect();
    bin_with(figure, &dates, period)
}

fn choose_period(figure: &EvolutionFigure, dates: &[ColumnDate], max_bins: usize) -> Period {
    if figure.articles.len() <= max_bins {
        return Period::Article;
    }
    let points: usize = figure.series.iter().map(|series| series.points.len()).sum();
    // (period, bins, whether its bins hold MIN_PER_CELL points per actor on average), the
    // periods whose bins fit, finest first.
    let mut fitting = Vec::new();
    for period in [Period::Day, Period::Week, Period::Month, Period::Quarter, Period::Year] {
        let keys: Vec<Option<i64>> = dates.iter().map(|date| date.map(|date| key_of(period, date))).collect();
        let (Some(first), Some(last)) = (keys.iter().flatten().min(), keys.iter().flatten().max()) else {
            return Period::Article;
        };
        let bins = (last - first + 1) as usize;
        if bins + usize::from(keys.iter().any(Option::is_none)) > max_bins {
            continue;
        }
        let mut cells = 0;
        for series in &figure.series {
            let mut previous = None;
            for point in &series.points {
                let key = keys[point.article];
                if previous != Some(key) {
                    cells += 1;
                    previous = Some(key);
                }
            }
        }
        fitting.push((period, bins, points >= MIN_PER_CELL * cells));
    }
    // The finest with enough points and periods; else the coarsest that still shows a course.
    fitting
        .iter()
        .find(|(_, bins, dense)| *dense && *bins >= MIN_PERIODS)
        .or_else(|| fitting.iter().rev().find(|(_, bins, _)| *bins >= MIN_PERIODS))
        .or(fitting.last())
        .map_or(Period::Year, |(period, ..)| *period)
}

fn bin_with(figure: &EvolutionFigure, dates: &[ColumnDate], period: Period) -> EvolutionBins {
    let points: usize = figure.series.iter().map(|series| series.points.len()).sum();
    // Each column's bin and its place inside the bin (0..1).
    let (bins, column_bin, column_place): (Vec<PeriodBin>, Vec<usize>, Vec<f64>) = if period == Period::Article {
        let bins = (0..figure.articles.len())
            .map(|column| {
                let label = figure.article_label(column);
                let undated = date_key(&figure.articles[column].date).is_none();
                PeriodBin { long_label: label.clone(), label, undated }
            })
            .collect();
        (bins, (0..figure.articles.len()).collect(), vec![0.5; figure.articles.len()])
    } else {
        let keys: Vec<Option<i64>> = dates.iter().map(|date| date.map(|date| key_of(period, date))).collect();
        let mut occupied: Vec<i64> = keys.iter().flatten().copied().collect();
        occupied.sort_unstable();
        occupied.dedup();
        let (first, last) = (occupied.first().copied(), occupied.last().copied());
        // A linear axis unless a stray date would make it absurdly long: then occupied periods only.
        let linear = match (first, last) {
            (Some(first), Some(last)) => last - first < 4_000,
            _ => true,
        };
        let axis: Vec<i64> = match (first, last, linear) {
            (Some(first), Some(last), true) => (first..=last).collect(),
            _ => occupied,
        };
        let mut bins: Vec<PeriodBin> = axis
            .iter()
            .map(|&key| {
                let (label, long_label) = labels_of(period, key);
                PeriodBin { label, long_label, undated: false }
            })
            .collect();
        let undated_bin = keys.iter().any(Option::is_none).then(|| {
            bins.push(PeriodBin { label: "undated".into(), long_label: "undated".into(), undated: true });
            bins.len() - 1
        });
        let column_bin = keys
            .iter()
            .map(|key| match key {
                Some(key) => axis.binary_search(key).unwrap_or_default(),
                None => undated_bin.unwrap_or_default(),
            })
            .collect();
        let column_place = dates
            .iter()
            .map(|date| match date {
                Some(date) => {
                    let (start, days) = span_of(period, key_of(period, *date));
                    ((date.0 - start) as f64 + 0.5) / days.max(1) as f64
                }
                None => 0.5,
            })
            .collect();
        (bins, column_bin, column_place)
    };
    let mut series_bins = Vec::with_capacity(figure.series.len());
    let mut point_x = Vec::with_capacity(figure.series.len());
    for series in &figure.series {
        let mut values = Vec::new();
        let mut xs = Vec::with_capacity(series.points.len());
        // The points by period (in time order already, unless a date could not be read).
        let mut order: Vec<usize> = (0..series.points.len()).collect();
        order.sort_by_key(|&at| column_bin[series.points[at].article]);
        let mut start = 0;
        while start < order.len() {
            let bin = column_bin[series.points[order[start]].article];
            let mut end = start;
            while end < order.len() && column_bin[series.points[order[end]].article] == bin {
                end += 1;
            }
            let members = &order[start..end];
            let mut sorted: Vec<f64> = members.iter().map(|&at| series.points[at].at.value).collect();
            sorted.sort_by(f64::total_cmp);
            let median = quantile(&sorted, 0.5);
            let nearest = members
                .iter()
                .copied()
                .min_by(|&a, &b| {
                    let (a, b) = (series.points[a].at.value, series.points[b].at.value);
                    (a - median).abs().total_cmp(&(b - median).abs())
                })
                .unwrap_or(members[0]);
            values.push(BinnedValue {
                bin,
                median,
                low: quantile(&sorted, 0.25),
                high: quantile(&sorted, 0.75),
                n: members.len(),
                nearest,
            });
            start = end;
        }
        for point in &series.points {
            xs.push(column_bin[point.article] as f64 - 0.5 + column_place[point.article]);
        }
        series_bins.push(BinnedSeries { values });
        point_x.push(xs);
    }
    EvolutionBins { period, bins, series: series_bins, point_x, points }
}

/// The `q` quantile of `sorted` (not empty) by linear interpolation between the closest ranks.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let Some(&first) = sorted.first() else { return f64::NAN };
    let at = q * (sorted.len() - 1) as f64;
    let (below, above) = (at.floor() as usize, at.ceil() as usize);
    let (a, b) = (sorted.get(below).copied().unwrap_or(first), sorted.get(above).copied().unwrap_or(first));
    a + (b - a) * (at - below as f64)
}

/// "2024-03-05", "2024-03" or "2024" as (day number, year, month); a year alone is its 1 January.
fn column_date(date: &str) -> ColumnDate {
    let key = date_key(date)?;
    let year: i64 = key.get(0..4)?.parse().ok()?;
    let part = |range: std::ops::Range<usize>, high: i64| match key.get(range) {
        Some(text) => text.parse::<i64>().ok().filter(|value| (1..=high).contains(value)),
        None => Some(1),
    };
    let month = part(5..7, 12)?;
    let day = part(8..10, 31)?;
    Some((days_from_civil(year, month, day), year, month))
}

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's days-from-civil).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The period a date falls in, as a number that counts periods.
fn key_of(period: Period, (day, year, month): (i64, i64, i64)) -> i64 {
    match period {
        Period::Article | Period::Day => day,
        // 1970-01-01 was a Thursday: week 0 starts on Monday 1969-12-29.
        Period::Week => (day + 3).div_euclid(7),
        Period::Month => year * 12 + month - 1,
        Period::Quarter => year * 4 + (month - 1) / 3,
        Period::Year => year,
    }
}

/// The first day and the length in days of period `key`.
fn span_of(period: Period, key: i64) -> (i64, i64) {
    let months = |first: i64, count: i64| {
        let start = days_from_civil(first.div_euclid(12), first.rem_euclid(12) + 1, 1);
        let next = first + count;
        (start, days_from_civil(next.div_euclid(12), next.rem_euclid(12) + 1, 1) - start)
    };
    match period {
        Period::Article | Period::Day => (key, 1),
        Period::Week => (key * 7 - 3, 7),
        Period::Month => months(key, 1),
        Period::Quarter => months(key * 3, 3),
        Period::Year => months(key * 12, 12),
    }
}

/// The axis label and the label in a sentence of period `key`.
fn labels_of(period: Period, key: i64) -> (String, String) {
    match period {
        Period::Article | Period::Day => {
            let date = crate::model::generate::civil_date(key);
            (date.clone(), date)
        }
        Period::Week => {
            let monday = crate::model::generate::civil_date(span_of(period, key).0);
            (monday.clone(), format!("week of {monday}"))
        }
        Period::Month => {
            let label = format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1);
            (label.clone(), label)
        }
        Period::Quarter => {
            let label = format!("{} Q{}", key.div_euclid(4), key.rem_euclid(4) + 1);
            (label.clone(), label)
        }
        Period::Year => (key.to_string(), key.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::evolution::{EvolutionArticle, EvolutionPoint, EvolutionSeries};
    use crate::figure::{AxisValue, MapAxis};
    use crate::model::Issue;

    fn figure(dates: &[&str], series: &[&[(usize, f64)]]) -> EvolutionFigure {
        let articles = dates
            .iter()
            .enumerate()
            .map(|(index, date)| EvolutionArticle {
                id: format!("a{index}").as_str().into(),
                title: format!("Article {index}"),
                date: (*date).to_owned(),
                source: String::new(),
            })
            .collect();
        let value = |value: f64| AxisValue { value, percent: value, spread: None, n: 1, evidence: 0 };
        let series = series
            .iter()
            .enumerate()
            .map(|(index, points)| EvolutionSeries {
                actor: format!("actor{index}").as_str().into(),
                points: points
                    .iter()
                    .map(|&(article, v)| EvolutionPoint { article, at: value(v), evidence: None })
                    .collect(),
            })
            .collect();
        let issue = Issue { id: "i".into(), name: "Issue".into(), ..Issue::default() };
        EvolutionFigure {
            title: String::new(),
            caption: String::new(),
            axis: MapAxis::of(&issue),
            undated: dates.iter().filter(|date| date.is_empty()).count(),
            articles,
            series,
            legend: Vec::new(),
        }
    }

    #[test]
    fn medians_and_middle_halves_per_month_on_a_linear_axis_with_the_undated_last() {
        // Columns in date order as the figure has them: three in January, none in February, two
        // in March, one undated.
        let dates = ["2024-01-03", "2024-01-15", "2024-01-31", "2024-03-01", "2024-03-20", ""];
        let shown = figure(
            &dates,
            &[&[(0, 10.0), (1, 40.0), (2, 20.0), (3, 70.0), (4, 50.0), (5, 5.0)], &[(1, 1.0), (4, 9.0), (4, 9.0)]],
        );
        let bins = bin_evolution_by(&shown, Period::Month);
        let labels: Vec<&str> = bins.bins.iter().map(|bin| bin.label.as_str()).collect();
        assert_eq!(labels, ["2024-01", "2024-02", "2024-03", "undated"], "February kept empty");
        let first: Vec<(usize, f64, f64, f64, usize)> =
            bins.series[0].values.iter().map(|v| (v.bin, v.median, v.low, v.high, v.n)).collect();
        assert_eq!(
            first,
            [(0, 20.0, 15.0, 30.0, 3), (2, 60.0, 55.0, 65.0, 2), (3, 5.0, 5.0, 5.0, 1)],
            "January: median of 10, 40, 20; March: of 70 and 50"
        );
        assert_eq!(bins.series[0].values[0].nearest, 2, "the January point nearest the median is 20");
        assert_eq!(bins.value(1, 2).map(|v| (v.median, v.n)), Some((9.0, 2)));
        assert_eq!(bins.value(1, 1), None, "nothing in February");
        // 15 January sits in the middle of January's x.
        assert!((bins.point_x[0][1] - (0.0 - 0.5 + 14.5 / 31.0)).abs() < 1e-9, "{}", bins.point_x[0][1]);
        assert_eq!(bins.points, 9);
    }

    #[test]
    fn the_period_is_the_finest_whose_bins_fit_and_hold_a_few_points_each() {
        // Two years of daily articles, one actor coded in each.
        let dates: Vec<String> = (0..730).map(|day| crate::model::generate::civil_date(19_723 + day)).collect();
        let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
        let points: Vec<(usize, f64)> = (0..730).map(|column| (column, (column % 7) as f64)).collect();
        let shown = figure(&dates, &[&points]);
        assert_eq!(bin_evolution(&shown, 1000).period, Period::Article, "730 columns fit");
        assert_eq!(bin_evolution(&shown, 120).period, Period::Week, "105 weeks of 7 points");
        assert_eq!(bin_evolution(&shown, 60).period, Period::Month);
        assert_eq!(bin_evolution(&shown, 20).period, Period::Quarter);
        assert_eq!(bin_evolution(&shown, 4).period, Period::Year);
        // One point every three weeks: months hold too few, quarters are the finest with enough.
        let sparse: Vec<(usize, f64)> = (0..730).step_by(21).map(|column| (column, 1.0)).collect();
        assert_eq!(bin_evolution(&figure(&dates, &[&sparse]), 60).period, Period::Quarter);
        // One point a quarter: no period holds two; the coarsest with six periods or more is taken.
        let rare: Vec<(usize, f64)> = (0..730).step_by(91).map(|column| (column, 1.0)).collect();
        assert_eq!(bin_evolution(&figure(&dates, &[&rare]), 60).period, Period::Quarter);
        let weeks = bin_evolution(&shown, 120);
        assert_eq!(weeks.bins[0].long_label, "week of 2024-01-01", "2024-01-01 was a Monday");
        let values = &weeks.series[0].values;
        assert!(values[..104].iter().all(|value| (value.median, value.n) == (3.0, 7)), "full weeks of 0..6");
        assert_eq!((values[104].median, values[104].n), (0.5, 2), "the last two days");
    }

    #[test]
    fn calendar_arithmetic_round_trips() {
        for day in [-1000, 0, 59, 19_723, 20_088, 40_000] {
            let date = crate::model::generate::civil_date(day);
            assert_eq!(column_date(&date).map(|date| date.0), Some(day), "{date}");
        }
        assert_eq!(span_of(Period::Month, 2024 * 12 + 1), (days_from_civil(2024, 2, 1), 29));
        assert_eq!(span_of(Period::Quarter, 2024 * 4 + 3), (days_from_civil(2024, 10, 1), 92));
        assert_eq!(labels_of(Period::Quarter, 2024 * 4 + 3).0, "2024 Q4");
        assert_eq!(column_date("2024"), Some((days_from_civil(2024, 1, 1), 2024, 1)));
        assert_eq!(column_date("2024-13-01"), None);
    }
}
