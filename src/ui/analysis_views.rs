//! The analysis tabs of the bottom panel: change over articles, closeness of actors, aggregation,
//! inter-coder agreement and forecasts. Each explains its numbers in a line of text and reads a
//! cached result that is recomputed only when the project (or the tab's options) change.

use egui::{Color32, RichText, Ui};
use egui_plot::{HoverPosition, Legend, Line, LineStyle, Plot, PlotPoints, Points};

use super::ViewContext;
use super::axis::format_value;
use super::theme;
use crate::analysis::forecast::{BdmRun, IssueForecast};
use crate::analysis::{agreement, forecast};
use crate::model::{IssueId, Project};
use crate::session::derived::{Background, ForecastView};
use crate::session::{Command, MarkerRef};
use crate::ui::user_command::UserCommand;

/// Shown until a tab's first result arrives. A still label, not a spinner: a spinner repaints
/// every frame, and the app must not draw while it waits.
fn computing_ui(ui: &mut Ui) {
    ui.label(RichText::new("Computing…").weak());
}

/// Marks a result that is not for the project as it is now: a newer one is being computed (or,
/// during a drag, waits for the release).
fn stale_mark_ui(ui: &mut Ui, view: &ViewContext<'_>, what: Background) {
    if !view.derived.is_current(what) {
        ui.label(RichText::new("computing…").small().weak())
            .on_hover_text("These results are from before the last change; the new ones are on their way.");
    }
}

fn format_alpha(alpha: Option<f64>) -> String {
    alpha.map_or_else(|| "n/a".to_owned(), |value| format!("{value:.3}"))
}

fn issue_name(project: &Project, id: &IssueId) -> String {
    project.issue(id).map_or_else(|| id.to_string(), |issue| issue.name.clone())
}

/// The chosen issue if it still exists, else the first issue.
pub fn chosen_issue(chosen: &Option<IssueId>, project: &Project) -> Option<IssueId> {
    chosen
        .as_ref()
        .filter(|id| project.issue(id).is_some())
        .cloned()
        .or_else(|| project.issues.first().map(|i| i.id.clone()))
}

/// A picker for one issue; falls back to the first issue.
pub fn issue_choice_ui(ui: &mut Ui, salt: &str, chosen: &mut Option<IssueId>, project: &Project) -> Option<IssueId> {
    let current = chosen_issue(chosen, project);
    let label = ui.label("Issue");
    let combo = egui::ComboBox::from_id_salt(salt)
        .selected_text(current.as_ref().map(|id| issue_name(project, id)).unwrap_or_default())
        .show_ui(ui, |ui| {
            for issue in &project.issues {
                if ui.selectable_label(current.as_ref() == Some(&issue.id), &issue.name).clicked() {
                    *chosen = Some(issue.id.clone());
                }
            }
        });
    combo.response.labelled_by(label.id);
    current
}

/// Each actor's position on `issue` article by article (articles in date order, undated last).
pub fn over_articles_ui(ui: &mut Ui, view: &ViewContext<'_>, issue_id: &IssueId) {
    let project = view.project();
    let Some(issue) = project.issue(issue_id) else { return };
    let mut articles: Vec<(usize, &crate::model::Article)> = project.articles.iter().enumerate().collect();
    articles.sort_by(|(ia, a), (ib, b)| (a.date.is_empty(), &a.date, ia).cmp(&(b.date.is_empty(), &b.date, ib)));
    let titles: Vec<String> = articles
        .iter()
        .map(|(_, article)| {
            let date = if article.date.is_empty() { String::new() } else { format!("{} · ", article.date) };
            format!("{date}{}", article.title)
        })
        .collect();
    ui.label(
        RichText::new("Mean position per article (all coders); articles in date order. Hover a point for the article.")
            .small()
            .weak(),
    );
    let hover_titles = titles.clone();
    let (low, high) = issue.bounds();
    let plot = Plot::new("over-articles-plot")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .default_y_bounds(low, high)
        .default_x_bounds(-0.5, articles.len().max(1) as f64 - 0.5)
        .x_axis_label("article")
        .y_axis_label(format!("{} ({} … {})", issue.name, issue.low_label, issue.high_label))
        .x_axis_formatter(|mark, _| {
            if mark.value.fract() == 0.0 && mark.value >= 0.0 {
                format!("{}", mark.value as usize + 1)
            } else {
                String::new()
            }
        })
        .label_formatter(move |hover| match hover {
            HoverPosition::NearDataPoint { plot_name, position, .. } if !plot_name.is_empty() => {
                let title = hover_titles.get(position.x.round().max(0.0) as usize).cloned().unwrap_or_default();
                Some(format!("{plot_name}: {}\n{title}", format_value(position.y)))
            }
            _ => None,
        })
        .show(ui, |plot_ui| {
            // One pass over the issue's positions: (actor, article) to (sum, count).
            let mut sums: std::collections::HashMap<(&crate::model::ActorId, &crate::model::ArticleId), (f64, f64)> =
                std::collections::HashMap::new();
            for position in project.positions.on_issue(issue_id) {
                if let Some(article) = &position.article {
                    let entry = sums.entry((&position.actor, article)).or_default();
                    entry.0 += position.value;
                    entry.1 += 1.0;
                }
            }
            for actor in &project.actors {
                let points: Vec<[f64; 2]> = articles
                    .iter()
                    .enumerate()
                    .filter_map(|(x, (_, article))| {
                        sums.get(&(&actor.id, &article.id)).map(|(sum, count)| [x as f64, sum / count])
                    })
                    .collect();
                if points.is_empty() {
                    continue;
                }
                let color = theme::color(actor.color);
                plot_ui.line(Line::new(actor.name.clone(), PlotPoints::from(points.clone())).color(color).width(2.0));
                plot_ui.points(
                    Points::new(actor.name.clone(), PlotPoints::from(points)).color(color).radius(5.0).filled(true),
                );
            }
        });
    super::name_plot(&plot.response, "Over articles plot");
}

/// Distance between every pair of actors: mean absolute difference over the issues both have a
/// (mean) position on, as % of each issue's scale. Only the rows in view are drawn (sixty actors
/// make 3,600 cells).
pub fn closeness_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let project = view.project();
    ui.label(
        RichText::new("Distance between actors: mean gap over the issues both are coded on, in % of the scale (0 = same place). Darker = closer.")
            .small()
            .weak(),
    );
    let Some(closeness) = view.derived.closeness() else {
        computing_ui(ui);
        return;
    };
    const CELL: egui::Vec2 = egui::vec2(44.0, 20.0);
    const NAME_WIDTH: f32 = 170.0;
    let spacing = 4.0;
    ui.spacing_mut().item_spacing = egui::vec2(spacing, spacing);
    // Row 0 is the header of marker labels; row r > 0 is actor r − 1.
    let rows = project.actors.len() + 1;
    egui::ScrollArea::both().id_salt("closeness-scroll").show_rows(ui, CELL.y, rows, |ui, visible| {
        for row in visible {
            ui.horizontal(|ui| {
                let Some(a) = row.checked_sub(1) else {
                    ui.add_sized([NAME_WIDTH, CELL.y], egui::Label::new(""));
                    for actor in &project.actors {
                        let label = RichText::new(actor.marker_label()).strong().color(theme::color(actor.color));
                        ui.add_sized(CELL, egui::Label::new(label)).on_hover_text(&actor.name);
                    }
                    return;
                };
                let actor = &project.actors[a];
                let name = RichText::new(&actor.name).color(theme::color(actor.color));
                ui.add_sized([NAME_WIDTH, CELL.y], egui::Label::new(name).truncate());
                for (b, other) in project.actors.iter().enumerate() {
                    closeness_cell_ui(ui, closeness.distance(a, b), &actor.name, &other.name, CELL);
                }
            });
        }
    });
}

/// One cell of the closeness grid: the distance, shaded darker the closer the pair.
fn closeness_cell_ui(ui: &mut Ui, distance: Option<f64>, a: &str, b: &str, size: egui::Vec2) {
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let Some(d) = distance else {
        let weak = ui.visuals().weak_text_color();
        ui.painter().text(rect.center(), egui::Align2::CENTER_CENTER, "—", egui::FontId::proportional(11.0), weak);
        return;
    };
    let closeness = (1.0 - d / 100.0).clamp(0.0, 1.0) as f32;
    let fill = Color32::from_rgb(0x2b, 0x7a, 0x78).gamma_multiply(0.15 + 0.85 * closeness);
    ui.painter().rect_filled(rect, 3.0, fill);
    let text = format!("{d:.0}");
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(11.0),
        theme::text_on(fill),
    );
    response.on_hover_text(format!("{a} and {b}: {d:.1} % apart"));
}

/// Per actor × issue statistics over all articles and coders, with CSV export.
pub fn aggregate_ui(ui: &mut Ui, view: &ViewContext<'_>, weighted: &mut bool, roll_up: &mut bool) {
    ui.horizontal(|ui| {
        ui.checkbox(weighted, "Confidence-weighted mean").on_hover_text("Weights: low 1, medium 2, high 3");
        ui.checkbox(roll_up, "Roll people up into their parent")
            .on_hover_text("Set an actor's parent in the actor editor");
        if ui.button("Export CSV…").on_hover_text("Save this table as CSV").clicked() {
            view.commands.send(UserCommand::ExportAggregateCsv.command());
        }
    });
    let Some(rows) = view.derived.aggregate_table() else {
        computing_ui(ui);
        return;
    };
    stale_mark_ui(ui, view, Background::AggregateTable);
    if rows.is_empty() {
        ui.label("No positions coded yet.");
        return;
    }
    // Fixed column widths, so the header and the rows in view line up; only the rows in view are
    // drawn (a corpus has 60 actors × 20 issues).
    const WIDTHS: [f32; 9] = [170.0, 190.0, 40.0, 55.0, 70.0, 60.0, 50.0, 50.0, 50.0];
    let cell = |ui: &mut Ui, width: f32, text: RichText| {
        ui.add_sized([width, ui.spacing().interact_size.y], egui::Label::new(text).truncate());
    };
    ui.horizontal(|ui| {
        for (header, width) in
            ["Actor", "Issue", "n", "Mean", "Weighted", "Median", "SD", "Min", "Max"].into_iter().zip(WIDTHS)
        {
            cell(ui, width, RichText::new(header).strong());
        }
    });
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical().id_salt("aggregate-scroll").show_rows(ui, row_height, rows.len(), |ui, visible| {
        for row in &rows[visible] {
            ui.horizontal(|ui| {
                let actor = view.project().actor(&row.actor);
                let name = actor.map_or_else(|| row.actor.to_string(), |a| a.name.clone());
                let color = actor.map_or(ui.visuals().text_color(), |a| theme::color(a.color));
                let texts = [
                    RichText::new(name).color(color),
                    RichText::new(issue_name(view.project(), &row.issue)),
                    RichText::new(row.n.to_string()),
                    RichText::new(format!("{:.1}", row.mean)),
                    RichText::new(row.weighted_mean.map_or("—".to_owned(), |w| format!("{w:.1}"))),
                    RichText::new(format!("{:.1}", row.median)),
                    RichText::new(format!("{:.1}", row.sd)),
                    RichText::new(format_value(row.min)),
                    RichText::new(format_value(row.max)),
                ];
                for (text, width) in texts.into_iter().zip(WIDTHS) {
                    cell(ui, width, text);
                }
            });
        }
    });
}

/// Krippendorff's alpha per issue and the units where coders disagree most.
pub fn agreement_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let Some(report) = view.derived.agreement() else {
        computing_ui(ui);
        return;
    };
    stale_mark_ui(ui, view, Background::Agreement);
    ui.label(
        RichText::new(
            "Krippendorff's alpha: 1 = perfect agreement, 0 = chance level. Units are (article, actor, issue) coded by two or more coders. \
             Interval is the usual choice for positions on a scale; ≥ 0.8 is reliable, ≥ 0.667 tentative.",
        )
        .small()
        .weak(),
    );
    if report.units == 0 {
        ui.label("No unit has been coded by two coders yet. Add a coder (the Coder menu in the menu bar, then Add coder…) and code the same articles.");
        return;
    }
    ui.columns(2, |columns| {
        // Scrolled, like the disagreements: twenty issues must not push the panel up the window.
        egui::ScrollArea::vertical().id_salt("agreement-scroll").auto_shrink([false, false]).show(
            &mut columns[0],
            |ui| {
                egui::Grid::new("agreement-grid").striped(true).show(ui, |ui| {
                    for header in ["Issue", "Units", "Coders", "Nominal", "Ordinal", "Interval", "Ratio"] {
                        ui.label(RichText::new(header).strong());
                    }
                    ui.end_row();
                    let row = |ui: &mut Ui, name: String, units: usize, coders: usize, alpha: &agreement::Alphas| {
                        ui.label(name);
                        ui.label(units.to_string());
                        ui.label(coders.to_string());
                        for value in [alpha.nominal, alpha.ordinal, alpha.interval, alpha.ratio] {
                            ui.label(format_alpha(value));
                        }
                        ui.end_row();
                    };
                    for issue in &report.per_issue {
                        row(ui, issue_name(view.project(), &issue.issue), issue.units, issue.coders, &issue.alpha);
                    }
                    row(ui, "All issues".to_owned(), report.units, report.coders, &report.alpha);
                });
            },
        );
        let ui = &mut columns[1];
        ui.label(RichText::new("Largest disagreements").strong());
        egui::ScrollArea::vertical().id_salt("disagreement-scroll").auto_shrink([false, false]).show(ui, |ui| {
            for disagreement in report.disagreements.iter().take(8) {
                let values: Vec<String> = disagreement
                    .values
                    .iter()
                    .map(|(coder, value)| {
                        let name = view.project().coder(coder).map_or_else(|| coder.to_string(), |c| c.name.clone());
                        format!("{name} {}", format_value(*value))
                    })
                    .collect();
                let text = format!(
                    "{} on {} — {} (Δ {})",
                    disagreement.actor_name,
                    disagreement.issue_name,
                    values.join(" vs "),
                    format_value(disagreement.spread)
                );
                let link = ui
                    .link(text)
                    .on_hover_text(format!("Open “{}” with every coder's marker", disagreement.article_title));
                if link.clicked() {
                    if let Some(article) = &disagreement.article {
                        view.commands.send(Command::SelectArticle(article.clone()));
                    }
                    view.commands.send(Command::SelectMarker(Some(MarkerRef {
                        actor: disagreement.actor.clone(),
                        issue: disagreement.issue.clone(),
                    })));
                    view.commands.send(Command::ShowOtherCoders(true));
                    // Scroll to the first quote any coder gave for this unit.
                    let evidence = view
                        .project()
                        .positions
                        .on_issue(&disagreement.issue)
                        .filter(|p| p.actor == disagreement.actor && p.article == disagreement.article)
                        .find_map(|p| p.evidence.first());
                    if let Some(evidence) = evidence {
                        view.commands.send(Command::RevealInReader { start: evidence.start, end: evidence.end });
                    }
                }
            }
        });
    });
}

/// The model the Forecast tab runs, with its reference.
const FORECAST_MODEL: &str = "Expected-utility model of Bueno de Mesquita, as formalised by Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4)";

/// Weighted mean and median, the expected-utility model's rounds, and each actor's leverage.
pub fn forecast_ui(ui: &mut Ui, view: &ViewContext<'_>, issue_id: &IssueId) {
    let Some(ForecastView { result, run, sensitivity }) = view.derived.forecast(issue_id) else {
        computing_ui(ui);
        return;
    };
    stale_mark_ui(ui, view, Background::Forecast);
    ui.label(
        RichText::new(
            "Each actor's weight is capability × salience (means over all articles and coders). The weighted median is the \
             position a majority of weight cannot be moved from.",
        )
        .small()
        .weak(),
    );
    ui.label(RichText::new(FORECAST_MODEL).small()).on_hover_text(
        "Each round every actor weighs challenging every other: it loses confrontations, compromises or gives in, \
         all move at once. 10 rounds; the outcome is the weighted median after the last. Checked against the \
         published EU emission-standards case (Bueno de Mesquita 1994).",
    );
    if result.actors.is_empty() {
        ui.label("No positions on this issue yet.");
        return;
    }
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("Weighted mean {}", result.weighted_mean.map_or("—".into(), format_value))).strong(),
        );
        ui.label(
            RichText::new(format!("Weighted median {}", result.weighted_median.map_or("—".into(), format_value)))
                .strong(),
        );
        if let Some(last) = run.forecast_per_round.last() {
            ui.label(RichText::new(format!(
                "Expected-utility model: {} after {} round{}{}",
                format_value(*last),
                run.rounds.len().saturating_sub(1),
                if run.rounds.len() == 2 { "" } else { "s" },
                if run.converged { " (settled: nobody moves any more)" } else { "" }
            )));
        }
    });
    ui.columns(2, |columns| {
        forecast_rounds_plot_ui(&mut columns[0], view, result, run);
        leverage_ui(&mut columns[1], result, sensitivity);
    });
}

/// Every actor's path over the model's rounds (named in the legend and on hover), with the weighted
/// mean and the forecast (weighted median) per round.
fn forecast_rounds_plot_ui(ui: &mut Ui, view: &ViewContext<'_>, result: &IssueForecast, run: &BdmRun) {
    let per_round = |values: &[f64]| -> Vec<[f64; 2]> {
        values.iter().enumerate().map(|(round, value)| [round as f64, *value]).collect()
    };
    let plot = Plot::new("bdm-rounds-plot")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .legend(Legend::default().follow_insertion_order(true))
        .default_y_bounds(result.scale_min, result.scale_max)
        .default_x_bounds(0.0, run.rounds.len().saturating_sub(1).max(1) as f64)
        .x_axis_label("round")
        .y_axis_label("position")
        .x_axis_formatter(|mark, _| {
            if mark.value.fract() == 0.0 && mark.value >= 0.0 { format!("{}", mark.value) } else { String::new() }
        })
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint { plot_name, position, .. } if !plot_name.is_empty() => {
                Some(format!("{plot_name}: {}\nround {}", format_value(position.y), position.x.round()))
            }
            _ => None,
        })
        .show(ui, |plot_ui| {
            for (index, actor) in result.actors.iter().enumerate() {
                let points: Vec<[f64; 2]> = run
                    .rounds
                    .iter()
                    .enumerate()
                    .filter_map(|(round, positions)| positions.get(index).map(|(_, p)| [round as f64, *p]))
                    .collect();
                let color =
                    view.project().find_actor_by_name(&actor.actor).map_or(Color32::GRAY, |a| theme::color(a.color));
                plot_ui.line(Line::new(actor.actor.clone(), PlotPoints::from(points)).color(color).width(1.5));
            }
            plot_ui.line(
                Line::new("weighted mean", PlotPoints::from(per_round(&run.mean_per_round)))
                    .color(Color32::from_rgb(0x40, 0x70, 0x9a))
                    .style(LineStyle::dashed_loose())
                    .width(2.5),
            );
            plot_ui.line(
                Line::new("forecast (weighted median)", PlotPoints::from(per_round(&run.forecast_per_round)))
                    .color(Color32::from_rgb(0x9a, 0x40, 0x9a))
                    .width(3.0),
            );
        });
    super::name_plot(&plot.response, "Expected-utility rounds plot");
}

/// How far the weighted mean and median would move if each actor went to the far pole.
fn leverage_ui(ui: &mut Ui, result: &IssueForecast, sensitivity: &[forecast::Sensitivity]) {
    ui.label(RichText::new("Leverage: forecast shift if the actor moved to the far pole").strong());
    // Scrolled: sixty actors must not push the panel (and the tabs above it) up the window.
    egui::ScrollArea::vertical().id_salt("sensitivity-scroll").auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("sensitivity-grid").striped(true).show(ui, |ui| {
            for header in ["Actor", "Weight share", "Mean shift", "Median shift"] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            let total: f64 = result.actors.iter().map(forecast::ForecastActor::weight).sum();
            for (actor, shift) in result.actors.iter().zip(sensitivity) {
                ui.label(&actor.actor);
                ui.label(format!("{:.0} %", if total > 0.0 { actor.weight() / total * 100.0 } else { 0.0 }));
                ui.label(shift.mean_shift.map_or("—".into(), |s| format!("{s:+.1}")));
                ui.label(shift.median_shift.map_or("—".into(), |s| format!("{s:+.1}")));
                ui.end_row();
            }
        });
    });
}
