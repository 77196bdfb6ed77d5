//! The four figure views of the plot panel drawn with egui_plot: every issue at once, the 2-D map
//! (drag a point to move the actor on both issues, one undo step), the evolution of one issue
//! across articles (click a point to open the article at its evidence) and the distance heatmap.
//!
//! What each view shows comes from [`crate::figure`]; this module only chooses pixels. Plot bounds
//! are set every frame from the figure ([`strip_bounds`], [`map_bounds`], [`evolution_bounds`]) so
//! they never keep a stale zoom, and every marker lies inside them (tests check this at 100 actors
//! and 30 issues). Interaction follows egui_plot's example: the pointer, the hovered point and the
//! drag are read inside `Plot::show` and commands are sent afterwards.

use egui::{Align2, Color32, RichText, Ui, pos2, vec2};
use egui_plot::{HoverPosition, Line, MarkerShape, Plot, PlotBounds, PlotPoint, PlotPoints, Points, Polygon, Text};

use super::ViewContext;
use super::axis::format_value;
use super::theme;
use crate::figure::{
    DistanceFigure, EvolutionBins, EvolutionFigure, LegendEntry, MapFigure, Period, Shape, StripFigure,
};
use crate::model::{ActorId, Issue};
use crate::session::{Command, Gesture};

/// The egui_plot shape of a figure shape.
pub fn marker_shape(shape: Shape) -> MarkerShape {
    match shape {
        Shape::Circle => MarkerShape::Circle,
        Shape::Square => MarkerShape::Square,
        Shape::Triangle => MarkerShape::Up,
        Shape::Diamond => MarkerShape::Diamond,
        Shape::TriangleDown => MarkerShape::Down,
        Shape::Plus => MarkerShape::Plus,
    }
}

/// Height (points) of one issue's row in the all-issues view: room for the markers, whiskers and
/// the pole labels under them.
pub const STRIP_ROW_HEIGHT: f32 = 40.0;

/// The y of issue row `index` of `count` (the first issue on top).
pub fn strip_row_y(index: usize, count: usize) -> f64 {
    (count.saturating_sub(1) - index.min(count.saturating_sub(1))) as f64
}

/// The all-issues view's bounds: 0–100 % with room for markers at the poles, and every row with
/// room for its pole labels.
pub fn strip_bounds(figure: &StripFigure) -> PlotBounds {
    PlotBounds::from_min_max([-4.0, -0.75], [104.0, figure.rows.len().max(1) as f64 - 0.45])
}

/// Every marker of the all-issues view (x = % of scale, kept on the scale; y = row).
pub fn strip_points(figure: &StripFigure) -> Vec<[f64; 2]> {
    let count = figure.rows.len();
    figure
        .rows
        .iter()
        .enumerate()
        .flat_map(|(index, row)| {
            row.points.iter().map(move |point| [point.at.percent.clamp(0.0, 100.0), strip_row_y(index, count)])
        })
        .collect()
}

/// The all-issues view: one row per issue, markers at % of each scale, min–max whiskers over
/// articles; hover names the actor, value, n and evidence count.
pub fn strip_ui(ui: &mut Ui, figure: &StripFigure) {
    let count = figure.rows.len();
    if count == 0 {
        ui.label("No issues yet. Add one from the sidebar.");
        return;
    }
    let weak = ui.visuals().weak_text_color();
    let names: Vec<String> = figure.rows.iter().map(|row| row.name.clone()).collect();
    let height = (STRIP_ROW_HEIGHT * count as f32 + 40.0).max(ui.available_height());
    let bounds = strip_bounds(figure);
    egui::ScrollArea::vertical().id_salt("strip-scroll").show(ui, |ui| {
        let plot = Plot::new("all-issues-plot")
            .height(height)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid([true, false])
            .x_axis_label("position, % of each issue's scale")
            .y_axis_min_width(160.0)
            .y_axis_formatter(move |mark, _range| {
                let index = count as f64 - 1.0 - mark.value;
                if (mark.value - mark.value.round()).abs() < 1e-6 && index >= -0.01 {
                    names.get(index.round() as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_grid_spacer(move |_| {
                (0..count).map(|i| egui_plot::GridMark { value: i as f64, step_size: 1.0 }).collect()
            })
            .label_formatter(move |hovered| strip_hover_text(hovered, figure))
            .show(ui, |plot_ui| {
                plot_ui.set_plot_bounds(bounds);
                for (index, row) in figure.rows.iter().enumerate() {
                    let y = strip_row_y(index, count) - 0.42;
                    let low = RichText::new(&row.low_label).small().color(weak);
                    let high = RichText::new(&row.high_label).small().color(weak);
                    plot_ui.text(Text::new("", PlotPoint::new(0.0, y), low).anchor(Align2::LEFT_CENTER));
                    plot_ui.text(Text::new("", PlotPoint::new(100.0, y), high).anchor(Align2::RIGHT_CENTER));
                }
                for entry in &figure.legend {
                    let colour = theme::color(entry.colour);
                    let mut points = Vec::new();
                    for (index, row) in figure.rows.iter().enumerate() {
                        let Some(point) = row.point(&entry.actor) else { continue };
                        let y = strip_row_y(index, count);
                        if let Some(spread) = point.at.spread {
                            let whisker = vec![
                                [spread.low_percent.clamp(0.0, 100.0), y],
                                [spread.high_percent.clamp(0.0, 100.0), y],
                            ];
                            plot_ui.line(
                                Line::new("", PlotPoints::from(whisker)).color(colour.gamma_multiply(0.5)).width(2.0),
                            );
                        }
                        points.push([point.at.percent.clamp(0.0, 100.0), y]);
                    }
                    plot_ui.points(styled(Points::new(entry.name.clone(), PlotPoints::from(points)), entry, 6.0));
                }
            });
        super::name_plot(&plot.response, "All issues plot");
    });
}

/// A series of markers in an actor's colour and shape.
fn styled<'a>(points: Points<'a>, entry: &LegendEntry, radius: f32) -> Points<'a> {
    points.color(theme::color(entry.colour)).shape(marker_shape(entry.shape)).radius(radius).filled(true)
}

/// The tooltip of the strip marker nearest the pointer (series named after the actor, one row per
/// issue), written only while the pointer is near one: not 1,200 strings every frame.
fn strip_hover_text(hovered: &HoverPosition<'_>, figure: &StripFigure) -> Option<String> {
    let HoverPosition::NearDataPoint { plot_name, position, .. } = hovered else { return None };
    let count = figure.rows.len();
    let row =
        (0..count).find(|&index| (strip_row_y(index, count) - position.y).abs() < 0.5).map(|i| &figure.rows[i])?;
    let entry = figure.legend.iter().find(|entry| entry.name == *plot_name)?;
    let at = &row.point(&entry.actor)?.at;
    let range = at.spread.map(|s| format!("\nrange {}–{}", format_value(s.low), format_value(s.high)));
    Some(format!(
        "{}\n{}: {}{}\nn = {} · {} quote{}",
        entry.name,
        row.name,
        format_value(at.value),
        range.unwrap_or_default(),
        at.n,
        at.evidence,
        if at.evidence == 1 { "" } else { "s" }
    ))
}

/// The map's bounds: both issues' scales with a margin, widened to any value off the scale.
pub fn map_bounds(figure: &MapFigure) -> PlotBounds {
    let range = |bounds: (f64, f64), values: &mut dyn Iterator<Item = f64>| {
        let (mut low, mut high) = bounds;
        for value in values {
            low = low.min(value);
            high = high.max(value);
        }
        let pad = (high - low).max(f64::EPSILON) * 0.06;
        (low - pad, high + pad)
    };
    let (x0, x1) = range(figure.x.bounds, &mut figure.points.iter().map(|p| p.x.value));
    let (y0, y1) = range(figure.y.bounds, &mut figure.points.iter().map(|p| p.y.value));
    PlotBounds::from_min_max([x0, y0], [x1, y1])
}

/// A point grabbed on the map: the actor and the frame the drag started in (the gesture id).
#[derive(Clone, Debug)]
struct MapDrag {
    actor: ActorId,
    started: u64,
}

/// The 2-D map in the issues' own units: labelled markers (labels placed clear of each other), and
/// — when `editable` (this article's positions) — dragging a marker moves the actor on both issues
/// as one undo step.
pub fn map_ui(ui: &mut Ui, view: &ViewContext<'_>, figure: &MapFigure, editable: bool, crosshair: Option<(f64, f64)>) {
    if figure.points.is_empty() {
        let scope = if editable { " in this article (try All articles)" } else { "" };
        ui.label(RichText::new(format!("No actor has positions on both issues{scope}.")).weak());
    }
    let x_label = format!("{}  ({} … {})", figure.x.name, figure.x.low_label, figure.x.high_label);
    // egui_plot draws the y title rotated along the plot's height without wrapping: keep it to
    // the issue's name, shortened to fit; the poles are on the exported figure.
    let y_label = super::labels::ellipsize(&figure.y.name, (ui.available_height() - 60.0).max(60.0), 12.0);
    let (x_name, y_name) = (figure.x.name.clone(), figure.y.name.clone());
    let bounds = map_bounds(figure);
    let drag_id = egui::Id::unique("map-2d-plot-drag");
    let text_colour = ui.visuals().text_color();
    let pass = ui.ctx().cumulative_pass_nr();
    let plot = Plot::new("map-2d-plot")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_axis_label(x_label)
        .y_axis_label(y_label)
        .label_formatter(move |hovered| match hovered {
            HoverPosition::NearDataPoint { plot_name, position, .. } if !plot_name.is_empty() => Some(format!(
                "{plot_name}\n{x_name}: {}\n{y_name}: {}",
                format_value(position.x),
                format_value(position.y)
            )),
            _ => None,
        })
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds(bounds);
            if let Some((x, y)) = crosshair {
                let colour = Color32::from_rgb(0x9a, 0x40, 0x9a);
                let style = egui_plot::LineStyle::dashed_loose();
                plot_ui.vline(egui_plot::VLine::new("forecast (weighted median)", x).color(colour).style(style));
                plot_ui.hline(egui_plot::HLine::new("forecast (weighted median)", y).color(colour).style(style));
            }
            let screen: Vec<egui::Pos2> =
                figure.points.iter().map(|p| plot_ui.screen_from_plot(PlotPoint::new(p.x.value, p.y.value))).collect();
            let labels: Vec<String> = figure
                .points
                .iter()
                .map(|p| figure.entry(&p.actor).map(|e| e.name.clone()).unwrap_or_default())
                .collect();
            let frame = plot_ui.response().rect;
            let placements = super::labels::place_labels(&screen, &labels, frame);
            for ((point, at), placement) in figure.points.iter().zip(&screen).zip(&placements) {
                let Some(entry) = figure.entry(&point.actor) else { continue };
                plot_ui.points(styled(
                    Points::new(entry.name.clone(), PlotPoints::from(vec![[point.x.value, point.y.value]])),
                    entry,
                    7.0,
                ));
                let anchor_at = plot_ui.plot_from_screen(*at + placement.offset);
                let text = RichText::new(&placement.text).small().color(text_colour);
                plot_ui.text(Text::new("", anchor_at, text).anchor(placement.anchor));
            }
            let response = plot_ui.response().clone();
            // Where the button went down, not where the drag was recognised (a few points on).
            let press_origin = plot_ui.ctx().input(|input| input.pointer.press_origin());
            let grabbed = (response.drag_started() && editable)
                .then_some(press_origin)
                .flatten()
                .and_then(|pointer| nearest(&screen, pointer, 14.0))
                .map(|index| figure.points[index].actor.clone());
            (plot_ui.pointer_coordinate(), response.dragged(), response.drag_stopped(), grabbed, screen)
        });
    super::name_plot(&plot.response, "2-D map plot");
    let (pointer, dragging, stopped, grabbed, screen) = plot.inner;
    // Each point is named for screen readers (and tests): "Russia on the 2-D map".
    for (point, at) in figure.points.iter().zip(&screen) {
        let Some(entry) = figure.entry(&point.actor) else { continue };
        let rect = egui::Rect::from_center_size(*at, vec2(14.0, 14.0));
        let id = egui::Id::unique(("map-point", &point.actor));
        let response = ui.interact(rect.intersect(plot.response.rect), id, egui::Sense::hover());
        let label = format!("{} on the 2-D map", entry.name);
        let value = format!(
            "{}: {}, {}: {}",
            figure.x.name,
            format_value(point.x.value),
            figure.y.name,
            format_value(point.y.value)
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, format!("{label} ({value})")));
    }
    if let Some(actor) = grabbed {
        ui.data_mut(|data| data.insert_temp(drag_id, MapDrag { actor, started: pass }));
    }
    let drag: Option<MapDrag> = ui.data(|data| data.get_temp(drag_id));
    if let (Some(drag), Some(pointer), true) = (&drag, pointer, dragging) {
        let project = view.project();
        if let (Some(x_issue), Some(y_issue)) = (project.issue(&figure.x.issue), project.issue(&figure.y.issue)) {
            let (x, y) = (snap(x_issue, pointer.x), snap(y_issue, pointer.y));
            let current = |issue: &Issue| view.position(&drag.actor, &issue.id).map(|position| position.value);
            // Only a move is a change: sending the same values every frame would never let the app idle.
            if current(x_issue) != Some(x) || current(y_issue) != Some(y) {
                let changes = vec![
                    (view.position_key(&drag.actor, &x_issue.id), x),
                    (view.position_key(&drag.actor, &y_issue.id), y),
                ];
                view.commands.send(Command::SetPositions { changes, gesture: Gesture::Continuous(drag.started) });
            }
        }
    }
    if stopped {
        ui.data_mut(|data| data.remove::<MapDrag>(drag_id));
    }
}

/// A dragged value snapped to a hundredth of the issue's scale and kept on it.
fn snap(issue: &Issue, value: f64) -> f64 {
    let step = issue.span() / 100.0;
    let (low, _) = issue.bounds();
    issue.clamp(low + ((value - low) / step).round() * step)
}

/// The index of the point of `screen` nearest `pointer`, within `radius` points.
fn nearest(screen: &[egui::Pos2], pointer: egui::Pos2, radius: f32) -> Option<usize> {
    screen
        .iter()
        .enumerate()
        .map(|(index, at)| (index, at.distance(pointer)))
        .filter(|(_, distance)| *distance <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

/// Up to this many points of a view get a name of their own for screen readers.
const MAX_NAMED_POINTS: usize = 200;

/// The evolution view's bounds: every article column and the issue's scale, with a margin.
pub fn evolution_bounds(figure: &EvolutionFigure) -> PlotBounds {
    let (low, high) = figure.axis.bounds;
    let pad = (high - low).max(f64::EPSILON) * 0.06;
    let last = figure.articles.len().max(1) as f64 - 1.0;
    PlotBounds::from_min_max([-0.6, low - pad], [last + 0.6, high + pad])
}

/// One issue across articles by date, undated articles last on a shaded band: article by article
/// while the columns fit the plot, else per period (`bins`, made with the figure and kept between
/// frames): a line per actor through its period medians, a band for the middle half, and the
/// articles as dots when there are few. Clicking a point opens its article at the evidence (a
/// period's point: the article whose value is nearest the median).
pub fn evolution_ui(ui: &mut Ui, view: &ViewContext<'_>, figure: &EvolutionFigure, bins: &EvolutionBins) {
    if figure.articles.is_empty() {
        ui.label("No article has a position on this issue (with these filters).");
        return;
    }
    if bins.period == Period::Article {
        evolution_columns_ui(ui, view, figure);
    } else {
        evolution_periods_ui(ui, view, figure, bins);
    }
}

/// The plot width (points) one period of the binned Evolution takes at least.
const PERIOD_WIDTH: f32 = 10.0;

/// How many x positions the Evolution has room for in `width` points: in steps of 8, so a resize
/// rebins only now and then.
pub fn evolution_max_bins(width: f32) -> usize {
    ((width / PERIOD_WIDTH).max(0.0) as usize / 8 * 8).max(8)
}

/// Below this many points (articles x actors) the binned Evolution also draws each article's point.
pub const RAW_POINTS_BELOW: usize = 2_000;

/// Up to this many actors every actor's band is drawn; with more only the hovered actor's.
const BANDS_FOR_ALL_UP_TO: usize = 12;

/// The Evolution per period: see [`evolution_ui`].
fn evolution_periods_ui(ui: &mut Ui, view: &ViewContext<'_>, figure: &EvolutionFigure, bins: &EvolutionBins) {
    let noun = bins.period.noun();
    let raw = bins.points < RAW_POINTS_BELOW;
    let bands_for_all = figure.series.len() <= BANDS_FOR_ALL_UP_TO;
    let note = format!(
        "{} by date. Line: each actor's median per {noun} (a point per article: the mean over coders); band: the middle half of its values (25-75 %){}{}.{}",
        crate::model::wording::count(figure.articles.len(), "article", "articles"),
        if bands_for_all { "" } else { ", for the actor under the pointer" },
        if raw { "; dots: the articles" } else { "" },
        if figure.undated > 0 { " Undated articles last, on the grey band." } else { "" }
    );
    ui.label(RichText::new(note).small().weak());
    let (low, high) = figure.axis.bounds;
    let pad = (high - low).max(f64::EPSILON) * 0.06;
    let last = bins.bins.len().max(1) as f64 - 1.0;
    let bounds = PlotBounds::from_min_max([-0.6, low - pad], [last + 0.6, high + pad]);
    let series_named = |name: &str| {
        figure.series.iter().position(|series| figure.entry(&series.actor).is_some_and(|entry| entry.name == name))
    };
    let plot = Plot::new("evolution-plot")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_axis_label(format!("date, per {noun}"))
        .y_axis_label(super::labels::ellipsize(&figure.axis.name, (ui.available_height() - 60.0).max(60.0), 12.0))
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() > 1e-6 || index < 0.0 {
                String::new()
            } else {
                bins.bins.get(index as usize).map(|bin| bin.label.clone()).unwrap_or_default()
            }
        })
        .label_formatter(move |hovered| {
            let HoverPosition::NearDataPoint { plot_name, position, .. } = hovered else { return None };
            let series_at = series_named(plot_name)?;
            let bin = position.x.round().max(0.0) as usize;
            let value = bins.value(series_at, bin)?;
            Some(format!(
                "{plot_name}\n{}: median {}\nmiddle half {}-{}\n{}\nclick to open the article nearest the median",
                bins.bins.get(bin).map_or("", |bin| bin.long_label.as_str()),
                format_value(value.median),
                format_value(value.low),
                format_value(value.high),
                crate::model::wording::count(value.n, "article", "articles"),
            ))
        })
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds(bounds);
            if let Some(first) = bins.bins.iter().position(|bin| bin.undated) {
                let (first, last) = (first as f64 - 0.5, bins.bins.len() as f64 - 0.4);
                let band = vec![[first, low], [last, low], [last, high], [first, high]];
                plot_ui.polygon(
                    Polygon::new("undated", PlotPoints::from(band))
                        .fill_color(Color32::from_gray(128).gamma_multiply(0.15))
                        .stroke(egui::Stroke::NONE)
                        .allow_hover(false),
                );
            }
            // (where on screen, the series, the period's index in its values): the medians.
            let mut vertices: Vec<(egui::Pos2, usize, usize)> = Vec::new();
            for (series_at, series) in bins.series.iter().enumerate() {
                for (value_at, value) in series.values.iter().enumerate() {
                    let at = plot_ui.screen_from_plot(PlotPoint::new(value.bin as f64, value.median));
                    vertices.push((at, series_at, value_at));
                }
            }
            // The actor under the pointer is drawn on top, bolder, with its band.
            // From the context: egui_plot's label under the pointer takes the plot's own hover.
            let frame = plot_ui.response().rect;
            let pointer = plot_ui.ctx().pointer_hover_pos().filter(|pointer| frame.contains(*pointer));
            let hovered = pointer.and_then(|pointer| {
                let positions: Vec<egui::Pos2> = vertices.iter().map(|(at, ..)| *at).collect();
                nearest(&positions, pointer, 12.0).map(|index| vertices[index].1)
            });
            let mut raw_points: Vec<(egui::Pos2, usize, usize)> = Vec::new();
            let order = (0..figure.series.len()).filter(|&at| Some(at) != hovered).chain(hovered);
            for series_at in order {
                let (series, binned) = (&figure.series[series_at], &bins.series[series_at]);
                let Some(entry) = figure.entry(&series.actor) else { continue };
                let is_hovered = hovered == Some(series_at);
                let colour = theme::color(entry.colour);
                let line_colour = if hovered.is_some() && !is_hovered { colour.gamma_multiply(0.35) } else { colour };
                let xs: Vec<f64> = binned.values.iter().map(|value| value.bin as f64).collect();
                if bands_for_all || is_hovered {
                    let lows: Vec<f64> = binned.values.iter().map(|value| value.low).collect();
                    let highs: Vec<f64> = binned.values.iter().map(|value| value.high).collect();
                    plot_ui.add(
                        egui_plot::FilledArea::new("", &xs, &lows, &highs)
                            .fill_color(colour.gamma_multiply(if is_hovered { 0.3 } else { 0.12 }))
                            .allow_hover(false),
                    );
                }
                if raw {
                    let points: Vec<[f64; 2]> = series
                        .points
                        .iter()
                        .zip(&bins.point_x[series_at])
                        .map(|(point, x)| [*x, point.at.value])
                        .collect();
                    for (point_at, at) in points.iter().enumerate() {
                        raw_points.push((plot_ui.screen_from_plot(PlotPoint::new(at[0], at[1])), series_at, point_at));
                    }
                    plot_ui.points(
                        Points::new("", PlotPoints::from(points))
                            .color(line_colour.gamma_multiply(0.5))
                            .radius(1.5)
                            .filled(true)
                            .allow_hover(false),
                    );
                }
                let medians: Vec<[f64; 2]> =
                    binned.values.iter().map(|value| [value.bin as f64, value.median]).collect();
                plot_ui.line(
                    Line::new(entry.name.clone(), PlotPoints::from(medians.clone()))
                        .color(line_colour)
                        .width(if is_hovered { 2.5 } else { 1.5 }),
                );
                plot_ui.points(
                    styled(Points::new(entry.name.clone(), PlotPoints::from(medians)), entry, 3.0).color(line_colour),
                );
            }
            let response = plot_ui.response();
            let clicked = response.clicked().then(|| response.interact_pointer_pos()).flatten();
            // A median opens the article nearest it; else a dot its own article.
            let hit = clicked.and_then(|pointer| {
                let medians: Vec<egui::Pos2> = vertices.iter().map(|(at, ..)| *at).collect();
                if let Some(index) = nearest(&medians, pointer, 10.0) {
                    let (_, series_at, value_at) = vertices[index];
                    return Some((series_at, bins.series[series_at].values[value_at].nearest));
                }
                let dots: Vec<egui::Pos2> = raw_points.iter().map(|(at, ..)| *at).collect();
                nearest(&dots, pointer, 6.0).map(|index| (raw_points[index].1, raw_points[index].2))
            });
            (hit, vertices)
        });
    super::name_plot(&plot.response, "Evolution plot");
    let (clicked, vertices) = plot.inner;
    // The medians are named for screen readers (and tests) while there are few enough to list:
    // "Belarus, 2024-03: median 45 of 7 articles".
    if vertices.len() <= MAX_NAMED_POINTS {
        for &(at, series_at, value_at) in &vertices {
            let series = &figure.series[series_at];
            let value = &bins.series[series_at].values[value_at];
            let (Some(entry), Some(bin)) = (figure.entry(&series.actor), bins.bins.get(value.bin)) else { continue };
            let label = format!(
                "{}, {}: median {} of {}",
                entry.name,
                bin.long_label,
                format_value(value.median),
                crate::model::wording::count(value.n, "article", "articles")
            );
            let id = egui::Id::unique(("evolution-period", &series.actor, value.bin));
            name_evolution_point(ui, plot.response.rect, at, id, &label);
        }
    }
    if let Some((series_at, point_at)) = clicked {
        open_point(view, figure, series_at, point_at);
    }
}

/// The Evolution article by article (the columns fit the plot): a point per actor and article.
fn evolution_columns_ui(ui: &mut Ui, view: &ViewContext<'_>, figure: &EvolutionFigure) {
    if figure.undated > 0 {
        let note = format!(
            "{} shown last, on the grey band.",
            crate::model::wording::count(figure.undated, "undated article", "undated articles")
        );
        ui.label(RichText::new(note).small().weak());
    }
    let bounds = evolution_bounds(figure);
    let (low, high) = figure.axis.bounds;
    let plot = Plot::new("evolution-plot")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_axis_label("articles by date")
        .y_axis_label(super::labels::ellipsize(&figure.axis.name, (ui.available_height() - 60.0).max(60.0), 12.0))
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() > 1e-6 || index < 0.0 {
                String::new()
            } else {
                figure.article_label(index as usize)
            }
        })
        .label_formatter(move |hovered| match hovered {
            HoverPosition::NearDataPoint { plot_name, position, .. } if !plot_name.is_empty() => {
                let title = figure
                    .articles
                    .get(position.x.round().max(0.0) as usize)
                    .map_or("", |article| article.title.as_str());
                Some(format!("{plot_name}: {}\n“{title}”\nclick to open", format_value(position.y)))
            }
            _ => None,
        })
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds(bounds);
            if figure.undated > 0 {
                let first = (figure.articles.len() - figure.undated) as f64 - 0.5;
                let last = figure.articles.len() as f64 - 0.4;
                let band = vec![[first, low], [last, low], [last, high], [first, high]];
                plot_ui.polygon(
                    Polygon::new("undated", PlotPoints::from(band))
                        .fill_color(Color32::from_gray(128).gamma_multiply(0.15))
                        .stroke(egui::Stroke::NONE),
                );
            }
            // (where on screen, the series, the point): the actor's id is looked up only for the
            // point clicked or named, not copied for each of the issue's thousands of points.
            let mut screen: Vec<(egui::Pos2, usize, usize)> = Vec::new();
            for (series_at, series) in figure.series.iter().enumerate() {
                let Some(entry) = figure.entry(&series.actor) else { continue };
                let points: Vec<[f64; 2]> = series.points.iter().map(|p| [p.article as f64, p.at.value]).collect();
                for (point_at, at) in points.iter().enumerate() {
                    screen.push((plot_ui.screen_from_plot(PlotPoint::new(at[0], at[1])), series_at, point_at));
                }
                plot_ui.line(
                    Line::new(entry.name.clone(), PlotPoints::from(points.clone()))
                        .color(theme::color(entry.colour))
                        .width(1.5),
                );
                plot_ui.points(styled(Points::new(entry.name.clone(), PlotPoints::from(points)), entry, 4.0));
            }
            let response = plot_ui.response();
            let clicked = response.clicked().then(|| response.interact_pointer_pos()).flatten();
            let hit = clicked.and_then(|pointer| {
                let positions: Vec<egui::Pos2> = screen.iter().map(|(at, ..)| *at).collect();
                nearest(&positions, pointer, 10.0).map(|index| screen[index])
            });
            (hit, screen)
        });
    super::name_plot(&plot.response, "Evolution plot");
    let (clicked, screen) = plot.inner;
    // Points are named for screen readers (and tests) while there are few enough to list.
    if screen.len() <= MAX_NAMED_POINTS {
        for &(at, series_at, point_at) in &screen {
            let series = &figure.series[series_at];
            let article = series.points[point_at].article;
            let (Some(entry), Some(found)) = (figure.entry(&series.actor), figure.articles.get(article)) else {
                continue;
            };
            let label = format!("{} in “{}”", entry.name, found.title);
            let id = egui::Id::unique(("evolution-point", &series.actor, article));
            name_evolution_point(ui, plot.response.rect, at, id, &label);
        }
    }
    if let Some((_, series_at, point_at)) = clicked {
        open_point(view, figure, series_at, point_at);
    }
}

/// Names a point of the Evolution plot at `at` for screen readers (and tests): a 10-point area
/// inside the plot's `frame`.
fn name_evolution_point(ui: &mut Ui, frame: egui::Rect, at: egui::Pos2, id: egui::Id, label: &str) {
    let rect = egui::Rect::from_center_size(at, vec2(10.0, 10.0)).intersect(frame);
    let response = ui.interact(rect, id, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, label));
}

/// Opens the article of point `point_at` of series `series_at` at its evidence, with the actor's
/// marker selected.
fn open_point(view: &ViewContext<'_>, figure: &EvolutionFigure, series_at: usize, point_at: usize) {
    let Some(series) = figure.series.get(series_at) else { return };
    let Some(point) = series.points.get(point_at) else { return };
    let Some(article) = figure.articles.get(point.article) else { return };
    view.commands.send(Command::SelectArticle(article.id.clone()));
    let marker = crate::session::MarkerRef { actor: series.actor.clone(), issue: figure.axis.issue.clone() };
    view.commands.send(Command::SelectMarker(Some(marker)));
    if let Some((start, end)) = point.evidence {
        view.commands.send(Command::RevealInReader { start, end });
    }
}

/// The heatmap's names (galleys laid out once) and cells (one mesh) at `origin` (the top-left of
/// the first cell).
fn distance_shapes(
    ui: &Ui,
    painter: &egui::Painter,
    figure: &DistanceFigure,
    origin: egui::Pos2,
    cell: f32,
    name_width: f32,
) -> Vec<egui::Shape> {
    let count = figure.actors.len();
    let font = egui::FontId::proportional((cell * 0.5).clamp(9.0, 12.0));
    let mut shapes = Vec::with_capacity(2 * count + 2);
    let text = |at: egui::Pos2, anchor: Align2, text: String, colour: Color32| {
        let galley = painter.layout_no_wrap(text, font.clone(), colour);
        let rect = anchor.anchor_size(at, galley.size());
        egui::Shape::galley(rect.min, galley, colour)
    };
    for (index, entry) in figure.actors.iter().enumerate() {
        let y = origin.y + cell * (index as f32 + 0.5);
        let name = super::labels::ellipsize(&entry.name, name_width - 8.0, font.size);
        shapes.push(text(pos2(origin.x - 6.0, y), Align2::RIGHT_CENTER, name, theme::color(entry.colour)));
        let x = origin.x + cell * (index as f32 + 0.5);
        let label = entry.marker_label.clone();
        shapes.push(text(pos2(x, origin.y - 4.0), Align2::CENTER_BOTTOM, label, theme::color(entry.colour)));
    }
    let mut mesh = egui::Mesh::default();
    let empty = egui::Stroke::new(0.5, ui.visuals().weak_text_color());
    for row in 0..count {
        for column in 0..count {
            let min = origin + vec2(cell * column as f32, cell * row as f32);
            let cell_rect = egui::Rect::from_min_size(min, vec2(cell, cell)).shrink(0.5);
            // An actor is 0 apart from itself: the colour of 0.
            let distance =
                if row == column { Some(0.0) } else { figure.cells[row][column].as_ref().map(|c| c.distance) };
            let Some(distance) = distance else {
                shapes.push(egui::Shape::rect_stroke(cell_rect, 0.0, empty, egui::StrokeKind::Inside));
                continue;
            };
            let [r, g, b] = crate::io::export::svg::cell_colour(distance);
            let fill = Color32::from_rgb(r, g, b);
            mesh.add_colored_rect(cell_rect, fill);
            if cell >= 24.0 && row != column {
                let number = format!("{distance:.0}");
                shapes.push(text(cell_rect.center(), Align2::CENTER_CENTER, number, theme::text_on(fill)));
            }
        }
    }
    shapes.insert(0, egui::Shape::mesh(mesh));
    shapes
}

/// The distance heatmap's shapes, kept between frames with the fingerprint of what they were drawn
/// from (the figure's own fingerprint, the heatmap's place and cell size, the theme): an idle frame
/// at 100 actors lays out no text and builds no cell, it hands egui one mesh and the kept names.
#[derive(Default)]
pub struct DistanceShapes {
    made_from: u64,
    shapes: Vec<egui::Shape>,
}

/// The distance heatmap: names down the side, short names across, darker = closer; hover names
/// the pair, the distance and the issues that separate them most. `figure_version` changes
/// whenever the figure does; the cells and names are drawn again only when it or the heatmap's
/// place, size or theme change (`kept`).
pub fn distance_ui(ui: &mut Ui, figure: &DistanceFigure, figure_version: u64, kept: &mut DistanceShapes) {
    ui.label(
        RichText::new(format!(
            "Mean distance over the {} both actors are coded on, in % of each scale (0 = same place). Darker = closer; order from clustering, so blocs sit together.",
            crate::model::wording::count(figure.issues, "issue", "issues")
        ))
        .small()
        .weak(),
    );
    let count = figure.actors.len();
    if count == 0 {
        ui.label("No actor has a position to compare.");
        return;
    }
    let name_width = 150.0;
    let cell = ((ui.available_width() - name_width - 16.0) / count as f32).clamp(14.0, 30.0);
    let header = 34.0;
    egui::ScrollArea::both().id_salt("distance-scroll").show(ui, |ui| {
        let size = vec2(name_width + cell * count as f32, header + cell * count as f32);
        let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Distance heatmap"));
        let painter = ui.painter_at(rect);
        let origin = rect.min + vec2(name_width, header);
        let mut made_from = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(
            &(figure_version, rect.min.x.to_bits(), rect.min.y.to_bits(), cell.to_bits(), ui.visuals().dark_mode),
            &mut made_from,
        );
        let made_from = std::hash::Hasher::finish(&made_from);
        if kept.made_from != made_from || kept.shapes.is_empty() {
            kept.shapes = distance_shapes(ui, &painter, figure, origin, cell, name_width);
            kept.made_from = made_from;
        }
        painter.extend(kept.shapes.iter().cloned());
        if let Some(pointer) = response.hover_pos() {
            let offset = pointer - origin;
            let (column, row) = ((offset.x / cell).floor(), (offset.y / cell).floor());
            if offset.x >= 0.0 && offset.y >= 0.0 && (column as usize) < count && (row as usize) < count {
                let (a, b) = (&figure.actors[row as usize], &figure.actors[column as usize]);
                let text = match &figure.cells[row as usize][column as usize] {
                    Some(found) => {
                        let most: Vec<String> =
                            found.separating.iter().map(|(issue, gap)| format!("{issue}: {gap:.0} %")).collect();
                        let most = if most.is_empty() {
                            "same place on every shared issue".to_owned()
                        } else {
                            format!("most apart on\n  {}", most.join("\n  "))
                        };
                        format!(
                            "{} and {}: {:.1} % apart over {}\n{most}",
                            a.name,
                            b.name,
                            found.distance,
                            crate::model::wording::count(found.shared, "issue", "issues")
                        )
                    }
                    None if row == column => a.name.clone(),
                    None => format!("{} and {}: no issue coded for both", a.name, b.name),
                };
                response.on_hover_text_at_pointer(text);
            }
        }
    });
}
