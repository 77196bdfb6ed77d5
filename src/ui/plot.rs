//! The plot panel: tabs for the four figure views (all issues, 2-D map, evolution, distances) and
//! the analysis tables, with the controls they share — scope (this article or means over all),
//! filters by coder, source and date, a legend whose entries switch actors on and off, and the
//! figure exports.
//!
//! Positions are shown on each issue's own scale; the all-issues view normalises to 0–100 % so
//! issues with different scales share one axis; tooltips give the value in the issue's units. The
//! figures are built from the model every frame (the means, filtered or not, and the map's
//! all-articles cross-hair come from the derived store), so they follow a marker while it is dragged.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use egui::{RichText, Ui};
use serde::{Deserialize, Serialize};

use super::ViewContext;
use super::theme;
use crate::analysis::aggregate::AggregateRow;
use crate::figure::{FigurePoint, Filter, LegendEntry, PointSource, StripFigure, StripRow};
use crate::io::export::FigureSize;
use crate::model::{Issue, IssueId, Project};
use crate::session::derived::DerivedNeeds;
use crate::session::{FigureChoice, FigureViewChoice};

/// Which plot is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotKind {
    /// One row per issue, a point per actor.
    #[default]
    AllIssues,
    /// Two issues against each other.
    Map2d,
    /// One issue article by article (the "Evolution" tab).
    OverArticles,
    /// Distances between actors (the "Distance" tab).
    Closeness,
    /// Statistics per actor and issue.
    Aggregate,
    /// Inter-coder agreement.
    Agreement,
    /// Forecasts of the outcome.
    Forecast,
}

/// Which positions feed the plot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotScope {
    /// The current article, current coder (follows dragging).
    #[default]
    CurrentArticle,
    /// Mean over every article and coder.
    AllArticles,
}

/// UI state of the plot panel (remembered between sessions, except the filters).
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct PlotPanel {
    /// Which plot.
    pub kind: PlotKind,
    /// Which positions.
    pub scope: PlotScope,
    /// Issue on the 2-D map's x axis.
    pub map_x: Option<IssueId>,
    /// Issue on the 2-D map's y axis.
    pub map_y: Option<IssueId>,
    /// Issue of the evolution and forecast views.
    pub issue: Option<IssueId>,
    /// Aggregate: confidence-weighted mean.
    pub weighted: bool,
    /// Aggregate: roll people up into their parents.
    pub roll_up: bool,
    /// 2-D map: draw the forecast cross-hair (each issue's weighted median).
    pub map_crosshair: bool,
    /// Figure exports: width in points (0: the view's default).
    pub export_width: f64,
    /// Figure exports: a 2× PNG.
    pub export_double: bool,
    /// Agreement: only the reliability subsample (overlap articles) when the project has one.
    pub overlap_only: bool,
    /// Actors hidden and positions filtered (for this session only).
    #[serde(skip)]
    pub filter: Filter,
    /// This article's all-issues rows, kept between frames.
    #[serde(skip)]
    strip_rows: StripRows,
    /// "This article" under the consensus switch when the article has settled units: the
    /// consensus where settled, else the current coder's value (`None` otherwise).
    #[serde(skip)]
    consensus_points: Option<Vec<FigurePoint>>,
    /// The fingerprint [`PlotPanel::consensus_points`] were made from (document generation, article,
    /// coder, scope, switch): an idle frame does not scan the project's consensus.
    #[serde(skip)]
    consensus_points_made_from: Option<u64>,
    /// The evolution figure and its periods, with the fingerprint of what they were made from
    /// (document generation, issue, filter, consensus switch, room for periods): an idle frame at
    /// 10,000 articles neither regroups the issue's positions nor bins them.
    #[serde(skip)]
    evolution: Option<KeptEvolution>,
    /// The distance figure with the fingerprint of what it was made from (this article's
    /// positions, or the version of the derived means; the filter): an idle frame does not
    /// compare and cluster every pair of actors again.
    #[serde(skip)]
    distance: Option<(u64, crate::figure::DistanceFigure)>,
    /// The legend of the map, evolution and distance views with the fingerprint of what it was
    /// made from.
    #[serde(skip)]
    legend: Option<(u64, Vec<LegendEntry>)>,
    /// The distance heatmap's cells and names as drawn last.
    #[serde(skip)]
    distance_shapes: super::figure_views::DistanceShapes,
}

impl Default for PlotPanel {
    fn default() -> Self {
        Self {
            kind: PlotKind::default(),
            scope: PlotScope::default(),
            map_x: None,
            map_y: None,
            issue: None,
            weighted: false,
            roll_up: false,
            map_crosshair: false,
            export_width: 0.0,
            export_double: true,
            overlap_only: true,
            filter: Filter::default(),
            strip_rows: StripRows::default(),
            evolution: None,
            distance: None,
            legend: None,
            distance_shapes: Default::default(),
            consensus_points: None,
            consensus_points_made_from: None,
        }
    }
}

impl PlotPanel {
    /// What the chosen tab needs computed (the derived store computes it; the tab only reads).
    pub fn derived_needs(&self, project: &Project) -> DerivedNeeds {
        let mut needs = DerivedNeeds::default();
        match self.kind {
            PlotKind::Aggregate => needs.aggregate_table = Some((self.weighted, self.roll_up)),
            PlotKind::Agreement => {
                needs.agreement = true;
                needs.agreement_overlap_only = self.overlap_only;
            }
            PlotKind::Forecast => needs.forecast = super::analysis_views::chosen_issue(&self.issue, project),
            _ => {}
        }
        if self.scope == PlotScope::AllArticles {
            let filter = self.filter.positions_only();
            if !filter.keeps_all_positions() {
                needs.filtered_means = Some(filter);
            }
            if self.kind == PlotKind::Map2d && self.map_crosshair {
                needs.map_medians = pick_issue(project, &self.map_x, 0)
                    .zip(pick_issue(project, &self.map_y, 1))
                    .map(|(x, y)| (x.id.clone(), y.id.clone()));
            }
        }
        needs
    }

    /// What a figure export draws: the view shown (all issues for the table tabs), its scope and
    /// the export size.
    pub fn figure_choice(&self) -> FigureChoice {
        let view = match self.kind {
            PlotKind::Map2d => FigureViewChoice::Map(self.map_x.clone(), self.map_y.clone()),
            PlotKind::OverArticles => FigureViewChoice::Evolution(self.issue.clone()),
            PlotKind::Closeness => FigureViewChoice::Distance,
            _ => FigureViewChoice::AllIssues,
        };
        let width = (self.export_width >= MIN_EXPORT_WIDTH).then_some(self.export_width);
        FigureChoice {
            view,
            this_article: self.scope == PlotScope::CurrentArticle,
            roll_up: self.roll_up,
            size: FigureSize { width, scale: if self.export_double { 2.0 } else { 1.0 } },
        }
    }

    /// Draws the plot controls and the chosen plot.
    pub fn show_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>) {
        self.tabs_ui(ui);
        let mut made_from = DefaultHasher::new();
        let this_article = self.scope == PlotScope::CurrentArticle;
        (view.session.generation(), view.article(), view.coder(), this_article, view.session.use_consensus())
            .hash(&mut made_from);
        let made_from = made_from.finish();
        if self.consensus_points_made_from != Some(made_from) {
            self.consensus_points = self.article_consensus_points(view);
            self.consensus_points_made_from = Some(made_from);
        }
        let is_figure =
            matches!(self.kind, PlotKind::AllIssues | PlotKind::Map2d | PlotKind::OverArticles | PlotKind::Closeness);
        if is_figure {
            ui.horizontal_wrapped(|ui| self.options_ui(ui, view));
        }
        let chosen_issue = if matches!(self.kind, PlotKind::OverArticles | PlotKind::Forecast) {
            let issue = ui
                .horizontal(|ui| {
                    super::analysis_views::issue_choice_ui(ui, "analysis-issue", &mut self.issue, view.project())
                })
                .inner;
            if self.kind == PlotKind::Forecast {
                consensus_switch_ui(ui, view);
            }
            issue
        } else {
            None
        };
        // The all-issues figure is built once a frame: its legend is the legend's entries.
        let strip = (self.kind == PlotKind::AllIssues).then(|| match (self.scope, &self.consensus_points) {
            (PlotScope::CurrentArticle, None) => {
                let source = PointSource::Article { article: view.article(), coder: view.coder() };
                self.strip_rows.article_strip_figure(view, source)
            }
            _ => crate::figure::strip_figure(view.project(), self.source(view), None),
        });
        if is_figure {
            let entries = match &strip {
                Some(figure) => figure.legend.clone(),
                None => {
                    // Kept while what it reads stays the same: the Evolution's asks every actor
                    // whether it has a point on the issue (1.7 million position visits at 10,000
                    // articles, every frame).
                    let mut made_from = DefaultHasher::new();
                    let filter = self.filter.positions_only();
                    (view.session.generation(), self.kind as u8, &chosen_issue, self.scope == PlotScope::AllArticles)
                        .hash(&mut made_from);
                    (view.article(), view.coder(), self.consensus_points.is_some()).hash(&mut made_from);
                    (view.derived.aggregates_version(), view.derived.filtered_means_version(&filter))
                        .hash(&mut made_from);
                    let made_from = made_from.finish();
                    if self.legend.as_ref().is_none_or(|(kept, _)| *kept != made_from) {
                        self.legend = Some((made_from, self.legend_entries(view, chosen_issue.as_ref())));
                    }
                    self.legend.as_ref().map(|(_, entries)| entries.clone()).unwrap_or_default()
                }
            };
            self.legend_ui(ui, &entries);
        }
        self.view_ui(ui, view, chosen_issue.as_ref(), strip);
    }

    fn tabs_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            for (kind, label, tooltip) in [
                (PlotKind::AllIssues, "All issues", "Every issue at once, a point per actor"),
                (PlotKind::Map2d, "2-D map", "Two issues against each other; drag a point to move the actor on both"),
                (
                    PlotKind::OverArticles,
                    "Evolution",
                    "One issue across articles by date; click a point to open the article",
                ),
                (PlotKind::Closeness, "Distance", "How far apart actors stand, ordered so blocs show"),
                (PlotKind::Aggregate, "Aggregate", "Statistics per actor and issue over articles and coders"),
                (PlotKind::Agreement, "Agreement", "Inter-coder agreement (Krippendorff's alpha)"),
                (PlotKind::Forecast, "Forecast", "Weighted mean and median, expected-utility model"),
            ] {
                ui.selectable_value(&mut self.kind, kind, label).on_hover_text(tooltip);
            }
        });
    }

    fn options_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>) {
        self.export_ui(ui, view);
        ui.separator();
        let project = view.project();
        if self.kind != PlotKind::OverArticles {
            ui.selectable_value(&mut self.scope, PlotScope::CurrentArticle, "This article")
                .on_hover_text("Positions coded for the article being read, by the current coder");
            ui.selectable_value(&mut self.scope, PlotScope::AllArticles, "All articles (mean)").on_hover_text(
                "Mean position per actor over every article and coder (with the filters), whiskers min–max",
            );
            ui.separator();
        }
        if self.kind == PlotKind::Map2d {
            issue_picker_ui(ui, "X issue", &mut self.map_x, project, 0);
            issue_picker_ui(ui, "Y issue", &mut self.map_y, project, 1);
            ui.checkbox(&mut self.map_crosshair, "Forecast cross-hair").on_hover_text(
                "Dashed lines at each issue's capability × salience weighted median (this article's positions, or all)",
            );
            ui.separator();
        }
        if self.scope == PlotScope::AllArticles || self.kind == PlotKind::OverArticles {
            filters_ui(ui, &mut self.filter, project);
        }
        consensus_switch_ui(ui, view);
    }

    /// The figure exports and their size.
    fn export_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>) {
        use super::user_command::UserCommand;
        for (export, short) in
            [(UserCommand::ExportFigureSvg, "Export SVG…"), (UserCommand::ExportFigurePng, "Export PNG…")]
        {
            if ui.small_button(short).on_hover_text(export.text_and_tooltip().1).clicked() {
                view.commands.send(export.command());
            }
        }
        let label = ui.label(RichText::new("width").small());
        // Until the user sets one (0 in the preferences) the width follows the view: show that.
        let following_view = self.export_width < MIN_EXPORT_WIDTH;
        let mut width = if following_view { default_export_width(self.kind) } else { self.export_width };
        let field = ui
            .add(egui::DragValue::new(&mut width).range(MIN_EXPORT_WIDTH..=10_000.0).speed(10.0).suffix(" pt"))
            .labelled_by(label.id)
            .on_hover_text(if following_view {
                "Exported figure width in points: the view's default (800, the map 640) until you change it"
            } else {
                "Exported figure width in points"
            });
        if field.changed() {
            self.export_width = width;
        }
        ui.checkbox(&mut self.export_double, "2× PNG")
            .on_hover_text("Twice the pixels per point, for sharp print and high-DPI screens");
    }

    /// The actors the current view can show, for the legend.
    fn legend_entries(&self, view: &ViewContext<'_>, issue: Option<&IssueId>) -> Vec<LegendEntry> {
        let project = view.project();
        let source = self.source(view).lookup();
        crate::figure::legend_of(project, |actor| match self.kind {
            PlotKind::OverArticles => issue.is_some_and(|issue| {
                project.positions.on_issue(issue).any(|p| &p.actor == actor && p.article.is_some())
            }),
            _ => project.issues.iter().any(|issue| source.value(project, actor, &issue.id).is_some()),
        })
    }

    fn legend_ui(&mut self, ui: &mut Ui, entries: &[LegendEntry]) {
        if entries.is_empty() {
            return;
        }
        egui::ScrollArea::vertical().id_salt("legend-scroll").max_height(52.0).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 6.0;
                for entry in entries {
                    let mut shown = self.filter.shows_actor(&entry.actor);
                    shape_swatch_ui(ui, entry, shown);
                    let name = super::labels::ellipsize(&entry.name, 150.0, 11.0);
                    let mut text = RichText::new(name).small().color(theme::color(entry.colour));
                    if !shown {
                        text = text.strikethrough().weak();
                    }
                    // Never wrapped over two rows: egui gives a wrapped label's second row a widget
                    // of its own, which screen readers met as an unnamed "Unknown" control.
                    let mut toggle = ui.add(egui::Label::new(text).sense(egui::Sense::click()).extend());
                    if toggle.clicked() {
                        shown = !shown;
                        toggle.mark_changed();
                    }
                    let toggle = toggle.on_hover_text(format!(
                        "{} ({}): click to {} it",
                        entry.name,
                        entry.marker_label,
                        if shown { "hide" } else { "show" }
                    ));
                    // Named apart from the actor's other widgets: "Show Russia in the plot".
                    let name = format!("Show {} in the plot", entry.name);
                    toggle.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, shown, &name));
                    if toggle.changed() {
                        if shown {
                            self.filter.hidden_actors.remove(&entry.actor);
                        } else {
                            self.filter.hidden_actors.insert(entry.actor.clone());
                        }
                    }
                }
                if ui.small_button("Show all").clicked() {
                    self.filter.hidden_actors.clear();
                }
                if ui.small_button("Hide all").clicked() {
                    self.filter.hidden_actors = entries.iter().map(|entry| entry.actor.clone()).collect();
                }
            });
        });
    }

    /// The means the "All articles" scope plots: the derived store's over every position, or
    /// over those the filter keeps (none until they first arrive: never the unfiltered ones).
    fn means<'a>(&self, view: &ViewContext<'a>) -> &'a [AggregateRow] {
        let filter = self.filter.positions_only();
        if filter.keeps_all_positions() {
            view.derived.aggregates()
        } else {
            view.derived.filtered_means(&filter).unwrap_or_default()
        }
    }

    /// The positions `scope` plots: this article's by the current coder (with the consensus where
    /// settled, under the switch), or the (filtered) means.
    fn source<'a>(&'a self, view: &ViewContext<'a>) -> PointSource<'a> {
        match (self.scope, &self.consensus_points) {
            (PlotScope::CurrentArticle, Some(points)) => PointSource::Points(points),
            (PlotScope::CurrentArticle, None) => PointSource::Article { article: view.article(), coder: view.coder() },
            (PlotScope::AllArticles, _) => PointSource::Means(self.means(view)),
        }
    }

    /// This article's points under the consensus switch: each settled unit's consensus, else the
    /// current coder's value. `None` (plot the coder's own, editable) when the switch is off, the
    /// scope is all articles or no unit of this article is settled.
    fn article_consensus_points(&self, view: &ViewContext<'_>) -> Option<Vec<FigurePoint>> {
        if self.scope != PlotScope::CurrentArticle || !view.session.use_consensus() {
            return None;
        }
        let article = view.article()?;
        let project = view.project();
        // (issue, actor) -> the consensus value of this article's settled units.
        let settled: HashMap<(&IssueId, &crate::model::ActorId), f64> = project
            .consensus
            .iter()
            .filter(|consensus| &consensus.article == article)
            .map(|consensus| ((&consensus.issue, &consensus.actor), consensus.value))
            .collect();
        if settled.is_empty() {
            return None;
        }
        let mut points = Vec::new();
        for issue in &project.issues {
            let row = view.derived.open_positions(view.session, &issue.id);
            for (index, actor) in project.actors.iter().enumerate() {
                let decided = settled.get(&(&issue.id, &actor.id)).copied();
                let coded = || match row {
                    Some(row) => row.article.get(index).and_then(Option::as_ref).map(|position| position.value),
                    None => project
                        .positions
                        .get(&crate::model::PositionKey {
                            issue: issue.id.clone(),
                            actor: actor.id.clone(),
                            article: Some(article.clone()),
                            coder: view.coder().clone(),
                        })
                        .map(|position| position.value),
                };
                if let Some(value) = decided.or_else(coded) {
                    points.push(FigurePoint { actor: actor.id.clone(), issue: issue.id.clone(), value, spread: None });
                }
            }
        }
        Some(points)
    }

    fn view_ui(
        &mut self,
        ui: &mut Ui,
        view: &ViewContext<'_>,
        chosen_issue: Option<&IssueId>,
        strip: Option<StripFigure>,
    ) {
        let project = view.project();
        let source = self.source(view);
        match self.kind {
            PlotKind::AllIssues => {
                let mut figure = strip.unwrap_or_else(|| crate::figure::strip_figure(project, source, None));
                figure.hide_actors(&self.filter);
                super::figure_views::strip_ui(ui, &figure);
            }
            PlotKind::Map2d => {
                let figure = pick_issue(project, &self.map_x, 0)
                    .zip(pick_issue(project, &self.map_y, 1))
                    .and_then(|(x, y)| crate::figure::map_figure(project, &x.id, &y.id, source, None));
                let Some(mut figure) = figure else {
                    ui.label("Add at least two issues to draw a 2-D map.");
                    return;
                };
                figure.hide_actors(&self.filter);
                // Under the consensus switch the points are not all the coder's own to drag.
                let editable = self.scope == PlotScope::CurrentArticle && self.consensus_points.is_none();
                if editable {
                    ui.label(
                        RichText::new("Drag a point to move the actor on both issues (one undo step).").small().weak(),
                    );
                } else if self.consensus_points.is_some() {
                    ui.label(
                        RichText::new("Settled units show their consensus: switch it off to drag your own points.")
                            .small()
                            .weak(),
                    );
                }
                let this_article = self.scope == PlotScope::CurrentArticle;
                let crosshair = self.map_crosshair.then(|| crosshair(view, &figure, this_article)).flatten();
                super::figure_views::map_ui(ui, view, &figure, editable, crosshair);
            }
            PlotKind::OverArticles => {
                let Some(issue) = chosen_issue else { return };
                let consensus = view.session.use_consensus() && !project.consensus.is_empty();
                let mut made_from = DefaultHasher::new();
                (view.session.generation(), issue, &self.filter, consensus).hash(&mut made_from);
                let made_from = made_from.finish();
                let max_bins = super::figure_views::evolution_max_bins(ui.available_width());
                match &mut self.evolution {
                    Some(kept) if kept.made_from == made_from => {
                        if kept.max_bins != max_bins {
                            kept.bins = crate::figure::bin_evolution(&kept.figure, max_bins);
                            kept.max_bins = max_bins;
                        }
                    }
                    _ => {
                        self.evolution =
                            crate::figure::evolution_figure_resolved(project, issue, &self.filter, None, consensus)
                                .map(|figure| KeptEvolution {
                                    made_from,
                                    max_bins,
                                    bins: crate::figure::bin_evolution(&figure, max_bins),
                                    figure,
                                });
                    }
                }
                if let Some(kept) = &self.evolution {
                    super::figure_views::evolution_ui(ui, view, &kept.figure, &kept.bins);
                }
            }
            PlotKind::Closeness => {
                // What the figure is made from: this article's positions (the document generation,
                // article, coder and consensus switch) or the derived means (their version).
                let mut made_from = DefaultHasher::new();
                let all_articles = self.scope == PlotScope::AllArticles;
                (all_articles, &self.filter).hash(&mut made_from);
                if all_articles {
                    let filter = self.filter.positions_only();
                    if filter.keeps_all_positions() {
                        view.derived.aggregates_version().hash(&mut made_from);
                    } else {
                        view.derived.filtered_means_version(&filter).hash(&mut made_from);
                    }
                } else {
                    (view.session.generation(), view.article(), view.coder(), self.consensus_points.is_some())
                        .hash(&mut made_from);
                }
                let made_from = made_from.finish();
                if self.distance.as_ref().is_none_or(|(kept, _)| *kept != made_from) {
                    let filter = &self.filter;
                    let figure =
                        crate::figure::distance_figure(project, source, &[], &|actor| filter.shows_actor(actor), None);
                    self.distance = Some((made_from, figure));
                }
                if let Some((version, figure)) = &self.distance {
                    super::figure_views::distance_ui(ui, figure, *version, &mut self.distance_shapes);
                }
            }
            PlotKind::Aggregate => {
                super::analysis_views::aggregate_ui(ui, view, &mut self.weighted, &mut self.roll_up);
            }
            PlotKind::Agreement => super::analysis_views::agreement_ui(ui, view, &mut self.overlap_only),
            PlotKind::Forecast => {
                if let Some(issue) = chosen_issue {
                    super::analysis_views::forecast_ui(ui, view, issue);
                }
            }
        }
    }
}

/// The forecast cross-hair of a map: each issue's weighted median, of this article's positions
/// (the axes' forecast lines) or of every article and coder (from the derived store).
fn crosshair(view: &ViewContext<'_>, figure: &crate::figure::MapFigure, this_article: bool) -> Option<(f64, f64)> {
    if this_article {
        let median = |issue: &IssueId| view.derived.axis_forecast(issue).median;
        Some((median(&figure.x.issue)?, median(&figure.y.issue)?))
    } else {
        view.derived.map_medians(&figure.x.issue, &figure.y.issue)
    }
}

/// The Evolution tab's figure and its periods, kept between frames.
struct KeptEvolution {
    /// The fingerprint of the document generation, issue, filter and consensus switch.
    made_from: u64,
    /// The room for periods the bins were made for.
    max_bins: usize,
    /// The figure, article by article.
    figure: crate::figure::EvolutionFigure,
    /// Its periods.
    bins: crate::figure::EvolutionBins,
}

/// This article's all-issues rows by issue, each with the fingerprint of what it was made from:
/// drawing state of the plot panel, not a result of the project (it follows a drag frame by frame).
#[derive(Default)]
pub struct StripRows(HashMap<IssueId, (u64, StripRow)>);

impl StripRows {
    /// This article's all-issues figure, each issue's row kept while the issue, its positions and
    /// the actors stay the same: an idle frame looks up no position, a drag frame one issue's
    /// (1,200 key look-ups a frame otherwise at corpus scale).
    fn article_strip_figure(&mut self, view: &ViewContext<'_>, source: PointSource<'_>) -> StripFigure {
        let project = view.project();
        let mut common = DefaultHasher::new();
        (view.article(), view.coder()).hash(&mut common);
        for actor in &project.actors {
            actor.id.hash(&mut common);
        }
        let common = common.finish();
        let cache = &mut self.0;
        cache.retain(|issue, _| project.issue(issue).is_some());
        crate::figure::strip_figure_with_rows(project, source, None, |issue, lookup| {
            let mut made_from = DefaultHasher::new();
            let (low, high) = issue.bounds();
            (common, project.positions.issue_version(&issue.id), &issue.name, &issue.low_label, &issue.high_label)
                .hash(&mut made_from);
            (low.to_bits(), high.to_bits()).hash(&mut made_from);
            let made_from = made_from.finish();
            if let Some((kept, row)) = cache.get(&issue.id)
                && *kept == made_from
            {
                return row.clone();
            }
            let row = crate::figure::strip_row(project, lookup, issue);
            cache.insert(issue.id.clone(), (made_from, row.clone()));
            row
        })
    }
}

/// A small marker of the entry's shape and colour (hollow when the actor is hidden).
fn shape_swatch_ui(ui: &mut Ui, entry: &LegendEntry, shown: bool) {
    use crate::figure::Shape;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    let colour = theme::color(entry.colour);
    let (fill, stroke) =
        if shown { (colour, egui::Stroke::NONE) } else { (egui::Color32::TRANSPARENT, egui::Stroke::new(1.0, colour)) };
    let (c, r) = (rect.center(), 4.5);
    let polygon = |points: Vec<egui::Pos2>| egui::Shape::convex_polygon(points, fill, stroke);
    let shape = match entry.shape {
        Shape::Circle => egui::Shape::circle_filled(c, r, fill),
        Shape::Square => egui::Shape::rect_filled(egui::Rect::from_center_size(c, egui::vec2(8.0, 8.0)), 0.0, fill),
        Shape::Triangle => polygon(vec![c + egui::vec2(0.0, -r), c + egui::vec2(r, r), c + egui::vec2(-r, r)]),
        Shape::Diamond => polygon(vec![
            c + egui::vec2(0.0, -r),
            c + egui::vec2(r, 0.0),
            c + egui::vec2(0.0, r),
            c + egui::vec2(-r, 0.0),
        ]),
        Shape::TriangleDown => polygon(vec![c + egui::vec2(-r, -r), c + egui::vec2(r, -r), c + egui::vec2(0.0, r)]),
        Shape::Plus => {
            let painter = ui.painter();
            painter.line_segment([c - egui::vec2(r, 0.0), c + egui::vec2(r, 0.0)], egui::Stroke::new(2.0, colour));
            painter.line_segment([c - egui::vec2(0.0, r), c + egui::vec2(0.0, r)], egui::Stroke::new(2.0, colour));
            return;
        }
    };
    ui.painter().add(shape);
    if !shown {
        ui.painter().circle_stroke(c, r, egui::Stroke::new(1.0, colour));
    }
}

/// The narrowest export width taken; below it (0 in the preferences) the view's default is used.
const MIN_EXPORT_WIDTH: f64 = 200.0;

/// The width a figure export of `kind` gets when the user has not set one, as the SVG writer's
/// `default_width` draws it: 640 points for the map, 800 for the others.
fn default_export_width(kind: PlotKind) -> f64 {
    if kind == PlotKind::Map2d { 640.0 } else { 800.0 }
}

/// The switch "Consensus where there is one, else every coder" (beside the coder filter, above
/// the aggregate table and the forecast): analyses read a settled unit's consensus in place of its
/// coders' values. Off, and greyed out, while the project has no consensus positions.
pub fn consensus_switch_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let mut on = view.session.use_consensus();
    let settled = view.project().consensus.len();
    let switch = egui::Checkbox::new(&mut on, "Consensus where there is one, else every coder");
    let response = ui
        .add_enabled(settled > 0, switch)
        .on_hover_text(format!(
            "{} settled in Project > Adjudicate...: there the consensus value counts instead of the coders' own (Agreement always reads the coders' own)",
            crate::model::wording::count(settled, "unit is", "units are")
        ))
        .on_disabled_hover_text("No unit is settled yet: Project > Adjudicate... settles the units coders disagree on");
    if response.changed() {
        view.commands.send(crate::session::Command::UseConsensus(on));
    }
}

/// Coder, source and date-range filters.
fn filters_ui(ui: &mut Ui, filter: &mut Filter, project: &Project) {
    let coder_name = |id: &Option<crate::model::CoderId>| {
        id.as_ref().and_then(|id| project.coder(id)).map_or("All coders".to_owned(), |coder| coder.name.clone())
    };
    let label = ui.label("Coder");
    egui::ComboBox::from_id_salt("filter-coder")
        .selected_text(coder_name(&filter.coder))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.coder, None, "All coders");
            for coder in &project.coders {
                ui.selectable_value(&mut filter.coder, Some(coder.id.clone()), &coder.name);
            }
        })
        .response
        .labelled_by(label.id);
    let sources = Filter::sources(project);
    if !sources.is_empty() {
        let label = ui.label("Source");
        egui::ComboBox::from_id_salt("filter-source")
            .selected_text(filter.source.clone().unwrap_or_else(|| "All sources".to_owned()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.source, None, "All sources");
                for source in sources {
                    ui.selectable_value(&mut filter.source, Some(source.clone()), source);
                }
            })
            .response
            .labelled_by(label.id);
    }
    for (name, bound) in [("From", &mut filter.from), ("To", &mut filter.to)] {
        let label = ui.label(name);
        let mut text = bound.clone().unwrap_or_default();
        let edit = egui::TextEdit::singleline(&mut text).desired_width(78.0).hint_text("YYYY-MM-DD");
        if ui.add(edit).labelled_by(label.id).changed() {
            *bound = (!text.trim().is_empty()).then(|| text.trim().to_owned());
        }
    }
}

fn pick_issue<'a>(project: &'a Project, chosen: &Option<IssueId>, fallback_index: usize) -> Option<&'a Issue> {
    chosen
        .as_ref()
        .and_then(|id| project.issue(id))
        .or_else(|| project.issues.get(fallback_index))
        .filter(|_| project.issues.len() >= 2)
}

fn issue_picker_ui(ui: &mut Ui, label: &str, chosen: &mut Option<IssueId>, project: &Project, fallback: usize) {
    let current = pick_issue(project, chosen, fallback).map_or("—".to_owned(), |issue| issue.name.clone());
    let label = ui.label(label);
    let combo = egui::ComboBox::from_id_salt(label.id).selected_text(current).show_ui(ui, |ui| {
        for issue in &project.issues {
            if ui.selectable_label(chosen.as_ref() == Some(&issue.id), &issue.name).clicked() {
                *chosen = Some(issue.id.clone());
            }
        }
    });
    combo.response.labelled_by(label.id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::consensus::{Consensus, Unit, put};
    use crate::session::{Command, CommandSender, Session, derived::Derived};

    #[test]
    fn this_article_under_the_consensus_switch_shows_the_consensus_where_settled_else_the_coders_value() {
        let options = crate::model::generate::GenerateOptions {
            articles: 10,
            actors: 5,
            issues: 3,
            positions: 300,
            coders: 2,
            seed: 4,
        };
        let mut project = crate::model::generate::generate(&options).expect("a corpus");
        let coder = project.coders[0].id.clone();
        let coded = project.positions.iter().find(|p| p.article.is_some() && p.coder == coder).cloned().expect("coded");
        let unit = Unit::of_position(&coded).expect("an article");
        let decision = Consensus { value: coded.value + 1.0, decided_by: coder.clone(), ..Consensus::default() };
        put(&mut project.consensus, &unit, Some(decision));
        let mut session = Session::new(project, None);
        session.apply(Command::SetCoder(coder.clone()));
        session.apply(Command::SelectArticle(unit.article.clone()));
        let mut derived = Derived::default();
        derived.refresh(&session, &DerivedNeeds::default());
        let commands = CommandSender::default();
        let panel = PlotPanel::default();
        let view = ViewContext { session: &session, derived: &derived, commands: &commands };
        assert_eq!(panel.article_consensus_points(&view), None, "the switch is off");

        session.apply(Command::UseConsensus(true));
        let view = ViewContext { session: &session, derived: &derived, commands: &commands };
        let points = panel.article_consensus_points(&view).expect("this article has a settled unit");
        let value = |issue: &crate::model::IssueId, actor: &crate::model::ActorId| {
            points.iter().find(|p| &p.issue == issue && &p.actor == actor).map(|p| p.value)
        };
        assert_eq!(value(&unit.issue, &unit.actor), Some(coded.value + 1.0), "the consensus where settled");
        let project = session.project();
        let mine: Vec<_> = project
            .positions
            .iter()
            .filter(|p| p.coder == coder && p.article.as_ref() == Some(&unit.article))
            .filter(|p| !(p.issue == unit.issue && p.actor == unit.actor))
            .collect();
        assert!(!mine.is_empty());
        for position in mine {
            assert_eq!(value(&position.issue, &position.actor), Some(position.value), "else the coder's own");
        }
        let coded_here = session
            .project()
            .positions
            .iter()
            .filter(|p| p.coder == coder && p.article.as_ref() == Some(&unit.article))
            .count();
        assert_eq!(points.len(), coded_here, "one point per unit the coder coded here");
    }
}
