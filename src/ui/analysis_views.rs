//! The analysis tabs of the bottom panel: change over articles, closeness of actors, aggregation,
//! inter-coder agreement and forecasts. Each explains its numbers in a line of text and reads a
//! cached result that is recomputed only when the project (or the tab's options) change.

use egui::{Color32, RichText, Ui};
use egui_plot::{HoverPosition, Legend, Line, LineStyle, Plot, PlotPoints};

use super::ViewContext;
use super::axis::format_value;
use super::theme;
use crate::analysis::forecast::{BdmRun, IssueForecast};
use crate::analysis::{agreement, forecast};
use crate::model::{IssueId, Project};
use crate::session::derived::ForecastView;
use crate::session::{Command, MarkerRef};
use crate::ui::user_command::UserCommand;

/// Shown until a tab's result arrives from the worker (a still label: a spinner would repaint every
/// frame, and the worker wakes the UI when it is done).
fn computing_ui(ui: &mut Ui) {
    ui.label(RichText::new("Computing…").weak());
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

/// Per actor × issue statistics over all articles and coders, with CSV export.
pub fn aggregate_ui(ui: &mut Ui, view: &ViewContext<'_>, weighted: &mut bool, roll_up: &mut bool) {
    ui.horizontal(|ui| {
        ui.checkbox(weighted, "Confidence-weighted mean").on_hover_text("Weights: low 1, medium 2, high 3");
        ui.checkbox(roll_up, "Roll people up into their parent")
            .on_hover_text("Set an actor's parent in the actor editor");
        if ui.button("Export CSV…").on_hover_text("Save this table as CSV").clicked() {
            view.commands.send(UserCommand::ExportAggregateCsv.command());
        }
        super::plot::consensus_switch_ui(ui, view);
    });
    let Some(rows) = view.derived.aggregate_table() else {
        computing_ui(ui);
        return;
    };
    if rows.is_empty() {
        ui.label("No positions coded yet.");
        return;
    }
    super::aggregate_table::aggregate_table_ui(ui, view, rows);
}

/// Krippendorff's alpha per issue and the units where coders disagree most.
pub fn agreement_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let Some(report) = view.derived.agreement() else {
        computing_ui(ui);
        return;
    };
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
    // The table first, the disagreements under it: side by side, a wide table ran under the list.
    egui::ScrollArea::vertical().id_salt("agreement-scroll").show(ui, |ui| {
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
        ui.add_space(6.0);
        ui.label(RichText::new("Largest disagreements").strong());
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
            let link =
                ui.link(text).on_hover_text(format!("Open “{}” with every coder's marker", disagreement.article_title));
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
}

/// The model the Forecast tab runs, with its reference.
const FORECAST_MODEL: &str = "Expected-utility model of Bueno de Mesquita, as formalised by Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4)";

/// Weighted mean and median, the expected-utility model's rounds, and each actor's leverage.
pub fn forecast_ui(ui: &mut Ui, view: &ViewContext<'_>, issue_id: &IssueId) {
    let Some(ForecastView { result, run, sensitivity }) = view.derived.forecast(issue_id) else {
        computing_ui(ui);
        return;
    };
    ui.label(RichText::new(FORECAST_MODEL).small().weak()).on_hover_text(
        "Each round every actor weighs challenging every other: it loses confrontations, compromises or gives in, \
         all move at once. 10 rounds; the outcome is the weighted median after the last. Checked against the \
         published EU emission-standards case (Bueno de Mesquita 1994).",
    );
    if result.actors.is_empty() {
        ui.label("No positions on this issue yet.");
        return;
    }
    ui.horizontal_wrapped(|ui| {
        // Coloured and stroked like their lines in the rounds plot, whose legend is left out on a
        // corpus (sixty actors' names would cover it): the leverage table names the actors' colours.
        line_key_ui(ui, MEAN_COLOUR, true);
        ui.label(
            RichText::new(format!("Weighted mean {}", result.weighted_mean.map_or("—".into(), format_value)))
                .strong()
                .color(MEAN_COLOUR),
        )
        .on_hover_text(WEIGHTS);
        line_key_ui(ui, FORECAST_COLOUR, false);
        ui.label(
            RichText::new(format!("Weighted median {}", result.weighted_median.map_or("—".into(), format_value)))
                .strong()
                .color(FORECAST_COLOUR),
        )
        .on_hover_text(WEIGHTS);
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
        leverage_ui(&mut columns[1], view, result, sensitivity);
    });
}

/// A short stroke in a line's colour (dashed or solid), naming that line of the rounds plot.
fn line_key_ui(ui: &mut Ui, colour: Color32, dashed: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 10.0), egui::Sense::hover());
    let (y, stroke) = (rect.center().y, egui::Stroke::new(2.5, colour));
    if dashed {
        for start in [0.0, 8.0, 16.0] {
            let x = rect.left() + start;
            ui.painter().line_segment([egui::pos2(x, y), egui::pos2(x + 5.0, y)], stroke);
        }
    } else {
        ui.painter().line_segment([egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)], stroke);
    }
}

/// How the forecast weighs the actors (the weighted mean's and median's tooltip).
const WEIGHTS: &str = "Each actor's weight is capability × salience (means over all articles and coders). The weighted \
                       median is the position a majority of weight cannot be moved from.";

/// Up to this many actors the rounds plot has a legend.
const LEGEND_MAX_ACTORS: usize = 8;

/// The rounds plot's line for the weighted mean (dashed).
const MEAN_COLOUR: Color32 = Color32::from_rgb(0x40, 0x70, 0x9a);
/// The rounds plot's line for the forecast, the weighted median.
const FORECAST_COLOUR: Color32 = Color32::from_rgb(0x9a, 0x40, 0x9a);

/// Every actor's path over the model's rounds (named in the legend and on hover), with the weighted
/// mean and the forecast (weighted median) per round.
fn forecast_rounds_plot_ui(ui: &mut Ui, view: &ViewContext<'_>, result: &IssueForecast, run: &BdmRun) {
    let per_round = |values: &[f64]| -> Vec<[f64; 2]> {
        values.iter().enumerate().map(|(round, value)| [round as f64, *value]).collect()
    };
    let last_round = run.rounds.len().saturating_sub(1).max(1) as f64;
    // A legend (whose entries switch lines on and off) for a few actors, in room kept free right of
    // the last round so it covers no line; with more actors it would cover the plot, and the
    // leverage table beside it names their colours.
    let with_legend = result.actors.len() <= LEGEND_MAX_ACTORS;
    let mut plot = Plot::new("bdm-rounds-plot")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .height(ui.available_height().max(80.0))
        .default_y_bounds(result.scale_min, result.scale_max)
        .default_x_bounds(0.0, if with_legend { last_round * 1.6 } else { last_round })
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
        });
    if with_legend {
        plot = plot.legend(Legend::default().follow_insertion_order(true).position(egui_plot::Corner::RightTop));
    }
    let plot = plot.show(ui, |plot_ui| {
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
                .color(MEAN_COLOUR)
                .style(LineStyle::dashed_loose())
                .width(2.5),
        );
        plot_ui.line(
            Line::new("forecast (weighted median)", PlotPoints::from(per_round(&run.forecast_per_round)))
                .color(FORECAST_COLOUR)
                .width(3.0),
        );
    });
    super::name_plot(&plot.response, "Expected-utility rounds plot");
}

/// How far the weighted mean and median would move if each actor went to the far pole.
fn leverage_ui(ui: &mut Ui, view: &ViewContext<'_>, result: &IssueForecast, sensitivity: &[forecast::Sensitivity]) {
    ui.label(RichText::new("Leverage: forecast shift if the actor moved to the far pole").strong());
    // As many rows as actors: they scroll within the panel's room.
    egui::ScrollArea::both().id_salt("sensitivity-scroll").auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("sensitivity-grid").striped(true).show(ui, |ui| {
            for header in ["Actor", "Weight share", "Mean shift", "Median shift"] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            let total: f64 = result.actors.iter().map(forecast::ForecastActor::weight).sum();
            for (actor, shift) in result.actors.iter().zip(sensitivity) {
                let colour =
                    view.project().find_actor_by_name(&actor.actor).map_or(Color32::GRAY, |a| theme::color(a.color));
                ui.horizontal(|ui| {
                    let (swatch, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().circle_filled(swatch.center(), 4.5, colour);
                    ui.label(&actor.actor);
                });
                ui.label(format!("{:.0} %", if total > 0.0 { actor.weight() / total * 100.0 } else { 0.0 }));
                ui.label(shift.mean_shift.map_or("—".into(), |s| format!("{s:+.1}")));
                ui.label(shift.median_shift.map_or("—".into(), |s| format!("{s:+.1}")));
                ui.end_row();
            }
        });
    });
}
