//! Plots of the coded positions: every issue at once (one row per issue) and a 2-D map of two issues.
//!
//! Positions are shown on each issue's own scale, normalised to 0–100 % so issues with different
//! scales share one axis; tooltips give the value in the issue's units. The plots read the model
//! every frame, so they follow a marker while it is dragged.

use egui::{Color32, RichText, Ui};
use egui_plot::{HoverPosition, Plot, PlotPoints, Points, Text};
use serde::{Deserialize, Serialize};

use super::ViewContext;
use super::axis::format_value;
use super::theme;
use crate::model::{Issue, IssueId, Project};
use crate::session::FigureChoice;
use crate::session::derived::DerivedNeeds;

/// Which plot is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotKind {
    /// One row per issue, a point per actor.
    #[default]
    AllIssues,
    /// Two issues against each other.
    Map2d,
    /// One issue article by article.
    OverArticles,
    /// Distances between actors.
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

/// UI state of the plot panel (remembered between sessions).
#[derive(Default, Serialize, Deserialize)]
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
    /// Issue of the over-articles and forecast views.
    pub issue: Option<IssueId>,
    /// Aggregate: confidence-weighted mean.
    pub weighted: bool,
    /// Aggregate: roll people up into their parents.
    pub roll_up: bool,
}

/// The positions `scope` plots: this article's by the current coder, or the cached means.
fn point_source<'a>(view: &ViewContext<'a>, scope: PlotScope) -> crate::figure::PointSource<'a> {
    match scope {
        PlotScope::CurrentArticle => {
            crate::figure::PointSource::Article { article: view.article(), coder: view.coder() }
        }
        PlotScope::AllArticles => crate::figure::PointSource::Means(view.derived.aggregates()),
    }
}

impl PlotPanel {
    /// What the chosen tab needs computed (the derived store computes it; the tab only reads).
    pub fn derived_needs(&self, project: &Project) -> DerivedNeeds {
        let mut needs = DerivedNeeds::default();
        match self.kind {
            PlotKind::Aggregate => needs.aggregate_table = Some((self.weighted, self.roll_up)),
            PlotKind::Agreement => needs.agreement = true,
            PlotKind::Forecast => needs.forecast = super::analysis_views::chosen_issue(&self.issue, project),
            PlotKind::Closeness => needs.closeness = Some(self.scope == PlotScope::AllArticles),
            _ => {}
        }
        needs
    }

    /// What a figure export draws: the view shown (the 2-D map, else all issues) and its scope.
    pub fn figure_choice(&self) -> FigureChoice {
        FigureChoice {
            map: (self.kind == PlotKind::Map2d).then(|| (self.map_x.clone(), self.map_y.clone())),
            this_article: self.scope == PlotScope::CurrentArticle,
            roll_up: self.roll_up,
        }
    }

    /// Draws the plot controls and the chosen plot.
    pub fn show_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>) {
        ui.horizontal_wrapped(|ui| {
            for (kind, label, tooltip) in [
                (PlotKind::AllIssues, "All issues", "Every issue at once, a point per actor"),
                (PlotKind::Map2d, "2-D map", "Two issues against each other"),
                (PlotKind::OverArticles, "Over articles", "How positions change from article to article"),
                (PlotKind::Closeness, "Closeness", "Who is close to whom"),
                (PlotKind::Aggregate, "Aggregate", "Statistics per actor and issue over articles and coders"),
                (PlotKind::Agreement, "Agreement", "Inter-coder agreement (Krippendorff's alpha)"),
                (PlotKind::Forecast, "Forecast", "Weighted mean and median, expected-utility model"),
            ] {
                ui.selectable_value(&mut self.kind, kind, label).on_hover_text(tooltip);
            }
            if matches!(self.kind, PlotKind::AllIssues | PlotKind::Map2d) {
                ui.separator();
                let export = super::user_command::UserCommand::ExportFigureSvg;
                if ui.small_button("Export SVG…").on_hover_text(export.text_and_tooltip().1).clicked() {
                    view.commands.send(export.command());
                }
            }
        });
        let has_options_row =
            matches!(self.kind, PlotKind::AllIssues | PlotKind::Map2d | PlotKind::Closeness | PlotKind::OverArticles);
        if has_options_row {
            ui.horizontal(|ui| {
                if matches!(self.kind, PlotKind::AllIssues | PlotKind::Map2d | PlotKind::Closeness) {
                    ui.selectable_value(&mut self.scope, PlotScope::CurrentArticle, "This article")
                        .on_hover_text("Positions coded for the article being read, by the current coder");
                    ui.selectable_value(&mut self.scope, PlotScope::AllArticles, "All articles (mean)")
                        .on_hover_text("Mean position per actor over every article and coder");
                    ui.separator();
                }
                if self.kind == PlotKind::Map2d {
                    issue_picker_ui(ui, "X issue", &mut self.map_x, view.project(), 0);
                    issue_picker_ui(ui, "Y issue", &mut self.map_y, view.project(), 1);
                    ui.separator();
                }
                if matches!(self.kind, PlotKind::AllIssues | PlotKind::Map2d | PlotKind::OverArticles) {
                    legend_ui(ui, view);
                }
            });
        }
        let chosen_issue = if matches!(self.kind, PlotKind::OverArticles | PlotKind::Forecast) {
            ui.horizontal(|ui| {
                super::analysis_views::issue_choice_ui(ui, "analysis-issue", &mut self.issue, view.project())
            })
            .inner
        } else {
            None
        };
        match self.kind {
            PlotKind::AllIssues => self.all_issues_ui(ui, view),
            PlotKind::Map2d => self.map_ui(ui, view),
            PlotKind::OverArticles => {
                if let Some(issue) = chosen_issue {
                    super::analysis_views::over_articles_ui(ui, view, &issue);
                }
            }
            PlotKind::Closeness => {
                super::analysis_views::closeness_ui(ui, view);
            }
            PlotKind::Aggregate => {
                super::analysis_views::aggregate_ui(ui, view, &mut self.weighted, &mut self.roll_up);
            }
            PlotKind::Agreement => super::analysis_views::agreement_ui(ui, view),
            PlotKind::Forecast => {
                if let Some(issue) = chosen_issue {
                    super::analysis_views::forecast_ui(ui, view, &issue);
                }
            }
        }
    }

    fn all_issues_ui(&self, ui: &mut Ui, view: &ViewContext<'_>) {
        let figure = crate::figure::strip_figure(view.project(), point_source(view, self.scope), None);
        let issue_count = figure.rows.len();
        // Issue i is drawn at y = count-1-i so the first issue is on top, as in the axes panel.
        let row_y = move |index: usize| (issue_count - 1 - index) as f64;
        let names_for_axis: Vec<String> = figure.rows.iter().map(|row| row.name.clone()).collect();
        let text_color = ui.visuals().weak_text_color();
        // Built only while the pointer is near a point: 1,200 tooltips are not written per frame.
        let scope = self.scope;
        let figure_for_hover = &figure;
        let plot = Plot::new("all-issues-plot")
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .show_grid([true, false])
            .default_x_bounds(-2.0, 102.0)
            .default_y_bounds(-0.8, issue_count.max(1) as f64 - 0.2)
            .x_axis_label("position, % of each issue's scale")
            .y_axis_min_width(150.0)
            .y_axis_formatter(move |mark, _range| {
                let index = issue_count as f64 - 1.0 - mark.value;
                if (mark.value - mark.value.round()).abs() < 1e-6 && index >= 0.0 {
                    names_for_axis.get(index.round() as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_grid_spacer(move |_input| {
                (0..issue_count).map(|i| egui_plot::GridMark { value: i as f64, step_size: 1.0 }).collect()
            })
            .label_formatter(move |hover| {
                let near = matches!(hover, HoverPosition::NearDataPoint { .. });
                near.then(|| hover_table(view, scope, figure_for_hover)).and_then(|table| hover_label(hover, &table))
            })
            .show(ui, |plot_ui| {
                for (index, row) in figure.rows.iter().enumerate() {
                    let y = row_y(index);
                    plot_ui.text(
                        Text::new("", [0.0, y - 0.32].into(), RichText::new(&row.low_label).small().color(text_color))
                            .anchor(egui::Align2::LEFT_CENTER),
                    );
                    plot_ui.text(
                        Text::new(
                            "",
                            [100.0, y - 0.32].into(),
                            RichText::new(&row.high_label).small().color(text_color),
                        )
                        .anchor(egui::Align2::RIGHT_CENTER),
                    );
                }
                // One series per actor with data, its points across the rows.
                for entry in &figure.legend {
                    let points: Vec<[f64; 2]> = figure
                        .rows
                        .iter()
                        .enumerate()
                        .filter_map(|(index, row)| {
                            row.point(&entry.actor).map(|point| [point.at.percent, row_y(index)])
                        })
                        .collect();
                    plot_ui.points(
                        Points::new(entry.name.clone(), PlotPoints::from(points))
                            .color(theme::color(entry.colour))
                            .radius(7.0)
                            .filled(true),
                    );
                }
            });
        super::name_plot(&plot.response, "All issues plot");
    }

    fn map_ui(&mut self, ui: &mut Ui, view: &ViewContext<'_>) {
        let project = view.project();
        let source = point_source(view, self.scope);
        let figure = pick_issue(project, &self.map_x, 0)
            .zip(pick_issue(project, &self.map_y, 1))
            .and_then(|(x, y)| crate::figure::map_figure(project, &x.id, &y.id, source, None));
        let Some(figure) = figure else {
            ui.label("Add at least two issues to draw a 2-D map.");
            return;
        };
        let (x_axis, y_axis) = (&figure.x, &figure.y);
        let x_label = format!("{}  ({} … {})", x_axis.name, x_axis.low_label, x_axis.high_label);
        let y_label = format!("{}  ({} … {})", y_axis.name, y_axis.low_label, y_axis.high_label);
        let (x_name, y_name) = (x_axis.name.clone(), y_axis.name.clone());
        let (x_scale, y_scale) = (x_axis.bounds, y_axis.bounds);
        let plot = Plot::new("map-2d-plot")
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .data_aspect(1.0)
            .default_x_bounds(x_scale.0, x_scale.1)
            .default_y_bounds(y_scale.0, y_scale.1)
            .x_axis_label(x_label)
            .y_axis_label(y_label)
            .label_formatter(move |hover| match hover {
                HoverPosition::NearDataPoint { plot_name, position, .. } if !plot_name.is_empty() => Some(format!(
                    "{plot_name}\n{x_name}: {}\n{y_name}: {}",
                    format_value(position.x),
                    format_value(position.y)
                )),
                _ => None,
            })
            .show(ui, |plot_ui| {
                for point in &figure.points {
                    let Some(entry) = figure.entry(&point.actor) else { continue };
                    let (x, y) = (point.x.value, point.y.value);
                    plot_ui.points(
                        Points::new(entry.name.clone(), PlotPoints::from(vec![[x, y]]))
                            .color(theme::color(entry.colour))
                            .radius(8.0)
                            .filled(true),
                    );
                    plot_ui.text(
                        Text::new("", [x, y].into(), RichText::new(format!("   {}", entry.marker_label)).small())
                            .anchor(egui::Align2::LEFT_CENTER)
                            .color(Color32::GRAY),
                    );
                }
            });
        super::name_plot(&plot.response, "2-D map plot");
    }
}

/// (actor name, row y) to tooltip text, computed once per frame for the hover label.
fn hover_table(
    view: &ViewContext<'_>,
    scope: PlotScope,
    figure: &crate::figure::StripFigure,
) -> Vec<(String, f64, String)> {
    let mut table = Vec::new();
    for entry in &figure.legend {
        for (index, row) in figure.rows.iter().enumerate() {
            if let Some(point) = row.point(&entry.actor) {
                let salience = match scope {
                    PlotScope::CurrentArticle => view
                        .position(&entry.actor, &row.issue)
                        .map(|p| format!(" · salience {}", format_value(p.salience)))
                        .unwrap_or_default(),
                    PlotScope::AllArticles => " (mean)".to_owned(),
                };
                table.push((
                    entry.name.clone(),
                    (figure.rows.len() - 1 - index) as f64,
                    format!("{}\n{}: {}{}", entry.name, row.name, format_value(point.at.value), salience),
                ));
            }
        }
    }
    table
}

fn hover_label(hover: &HoverPosition<'_>, table: &[(String, f64, String)]) -> Option<String> {
    let HoverPosition::NearDataPoint { plot_name, position, .. } = hover else {
        return None;
    };
    if plot_name.is_empty() {
        return None;
    }
    table
        .iter()
        .find(|(name, row_y, _)| name == plot_name && (row_y - position.y).abs() < 0.5)
        .map(|(_, _, text)| text.clone())
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

/// A row of colour swatches naming the actors (outside the plot, so it never hides a point).
fn legend_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    for actor in &view.project().actors {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 5.0, theme::color(actor.color));
        ui.label(RichText::new(&actor.name).small());
    }
}
