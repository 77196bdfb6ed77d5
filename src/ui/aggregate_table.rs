//! The Aggregate tab's table: one row per actor and issue (n, mean, weighted mean, median, SD, min,
//! max), sorted by the column whose header was clicked last (click again: the other way), with
//! columns sized to fit the panel. Only the rows in view are drawn (a corpus has 60 actors × 20
//! issues); the sorted order is cached and rebuilt only when the rows or the sort change.

use std::cmp::Ordering;
use std::sync::Arc;

use egui::{Id, RichText, Ui};

use super::ViewContext;
use super::axis::format_value;
use super::theme;
use crate::analysis::aggregate::AggregateRow;
use crate::model::Project;

/// The table's columns, in order.
pub const COLUMNS: [&str; 9] = ["Actor", "Issue", "n", "Mean", "Weighted", "Median", "SD", "Min", "Max"];
/// The widest text the number columns hold (a minus sign, three digits and a decimal).
const WIDEST_NUMBER: &str = "-100.0";
/// The name columns never get narrower than this.
const MIN_NAME_WIDTH: f32 = 90.0;

/// The column the table is sorted by, and whether from the largest down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SortBy {
    /// Index into [`COLUMNS`].
    pub column: usize,
    /// Largest (or last in the alphabet) first.
    pub descending: bool,
}

/// The order (indices into `rows`) in which to show the rows when sorted by `sort`; names sort
/// case-insensitively, a missing weighted mean last, ties keep the table's order.
pub fn sorted_order(rows: &[AggregateRow], project: &Project, sort: Option<SortBy>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let Some(SortBy { column, descending }) = sort else { return order };
    let actor_name = |row: &AggregateRow| {
        project.actor(&row.actor).map_or_else(|| row.actor.to_string(), |actor| actor.name.to_lowercase())
    };
    let issue_name = |row: &AggregateRow| {
        project.issue(&row.issue).map_or_else(|| row.issue.to_string(), |issue| issue.name.to_lowercase())
    };
    let number = |row: &AggregateRow| -> Option<f64> {
        match column {
            2 => Some(row.n as f64),
            3 => Some(row.mean),
            4 => row.weighted_mean,
            5 => Some(row.median),
            6 => Some(row.sd),
            7 => Some(row.min),
            _ => Some(row.max),
        }
    };
    let direction = |ordering: Ordering| if descending { ordering.reverse() } else { ordering };
    match column {
        0 | 1 => {
            let keys: Vec<String> =
                rows.iter().map(|row| if column == 0 { actor_name(row) } else { issue_name(row) }).collect();
            order.sort_by(|&a, &b| direction(keys[a].cmp(&keys[b])));
        }
        _ => order.sort_by(|&a, &b| match (number(&rows[a]), number(&rows[b])) {
            (Some(x), Some(y)) => direction(x.total_cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }),
    }
    order
}

/// Column widths that fit `available` points: number columns as wide as their widest text, the
/// actor and issue names sharing the rest (two to three).
fn column_widths(ui: &Ui, available: f32) -> [f32; 9] {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text_width = |text: &str| {
        ui.fonts_mut(|fonts| fonts.layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::PLACEHOLDER).size().x)
    };
    // Room for the sort arrow after a header.
    let arrow = SORT_ARROW_WIDTH;
    let number_width = text_width(WIDEST_NUMBER);
    let mut widths = [0.0; 9];
    for (index, header) in COLUMNS.iter().enumerate().skip(2) {
        widths[index] = (text_width(header) + arrow).max(number_width) + 4.0;
    }
    let spacing = ui.spacing().item_spacing.x * (COLUMNS.len() - 1) as f32;
    let numbers: f32 = widths[2..].iter().sum();
    let names = (available - numbers - spacing).max(2.0 * MIN_NAME_WIDTH);
    widths[0] = (names * 0.4).max(MIN_NAME_WIDTH);
    widths[1] = (names - widths[0]).max(MIN_NAME_WIDTH);
    widths
}

/// Room for the painted sort arrow after a header (the bundled font has no arrow glyphs).
const SORT_ARROW_WIDTH: f32 = 12.0;

/// The accessible name of a column's header: "Max (sorted low to high)" on the sorted column.
pub fn header_label(column: usize, sort: Option<SortBy>) -> String {
    match sort {
        Some(SortBy { column: sorted, descending }) if sorted == column => {
            format!("{} (sorted {})", COLUMNS[column], if descending { "high to low" } else { "low to high" })
        }
        _ => COLUMNS[column].to_owned(),
    }
}

/// A small triangle after a header's text: pointing up (low to high) or down.
fn paint_sort_arrow(ui: &Ui, header: &egui::Response, descending: bool) {
    let color = ui.visuals().strong_text_color();
    let center = egui::pos2(header.rect.right() - SORT_ARROW_WIDTH / 2.0, header.rect.center().y);
    let (tip, base) = if descending { (4.0, -3.0) } else { (-4.0, 3.0) };
    let points = vec![center + egui::vec2(0.0, tip), center + egui::vec2(4.0, base), center + egui::vec2(-4.0, base)];
    ui.painter().add(egui::Shape::convex_polygon(points, color, egui::Stroke::NONE));
}

/// Draws the table of `rows`, sortable by clicking a header.
pub fn aggregate_table_ui(ui: &mut Ui, view: &ViewContext<'_>, rows: &[AggregateRow]) {
    let sort_id = Id::unique("aggregate-sort");
    let sort: Option<SortBy> = ui.data_mut(|data| data.get_persisted(sort_id)).flatten();
    let widths = column_widths(ui, ui.available_width());
    let cell = |ui: &mut Ui, width: f32, text: RichText| {
        ui.add_sized([width, ui.spacing().interact_size.y], egui::Label::new(text).truncate())
    };
    ui.horizontal(|ui| {
        for (column, width) in widths.iter().enumerate() {
            let header = egui::Button::new(RichText::new(COLUMNS[column]).strong()).frame(false);
            let response = ui.add_sized([*width, ui.spacing().interact_size.y], header);
            let label = header_label(column, sort);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if let Some(sort) = sort.filter(|sort| sort.column == column) {
                paint_sort_arrow(ui, &response, sort.descending);
            }
            let response = response.on_hover_text(format!(
                "Sort by {} (click again for the other direction)",
                COLUMNS[column].to_lowercase()
            ));
            if response.clicked() {
                let descending = sort.is_some_and(|sort| sort.column == column && !sort.descending);
                let next = Some(SortBy { column, descending });
                ui.data_mut(|data| data.insert_persisted(sort_id, next));
            }
        }
    });
    let order = cached_order(ui, view, rows, sort);
    let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical().id_salt("aggregate-scroll").show_rows(ui, row_height, rows.len(), |ui, visible| {
        for &index in &order[visible] {
            let row = &rows[index];
            ui.horizontal(|ui| {
                let actor = view.project().actor(&row.actor);
                let name = actor.map_or_else(|| row.actor.to_string(), |a| a.name.clone());
                let color = actor.map_or(ui.visuals().text_color(), |a| theme::color(a.color));
                cell(ui, widths[0], RichText::new(&name).color(color)).on_hover_text(&name);
                let issue =
                    view.project().issue(&row.issue).map_or_else(|| row.issue.to_string(), |issue| issue.name.clone());
                cell(ui, widths[1], RichText::new(&issue)).on_hover_text(&issue);
                let numbers = [
                    row.n.to_string(),
                    format!("{:.1}", row.mean),
                    row.weighted_mean.map_or("—".to_owned(), |w| format!("{w:.1}")),
                    format!("{:.1}", row.median),
                    format!("{:.1}", row.sd),
                    format_value(row.min),
                    format_value(row.max),
                ];
                for (text, width) in numbers.into_iter().zip(&widths[2..]) {
                    cell(ui, *width, RichText::new(text));
                }
            });
        }
    });
}

/// The sorted order, kept while the rows (by address and length, and the project generation) and
/// the sort stay the same, so an idle frame sorts nothing.
fn cached_order(ui: &Ui, view: &ViewContext<'_>, rows: &[AggregateRow], sort: Option<SortBy>) -> Arc<Vec<usize>> {
    type Key = (u64, usize, usize, Option<SortBy>);
    let id = Id::unique("aggregate-sort-order");
    let key: Key = (view.session.generation(), rows.as_ptr() as usize, rows.len(), sort);
    if let Some((cached, order)) = ui.data(|data| data.get_temp::<(Key, Arc<Vec<usize>>)>(id))
        && cached == key
    {
        return order;
    }
    let order = Arc::new(sorted_order(rows, view.project(), sort));
    ui.data_mut(|data| data.insert_temp(id, (key, Arc::clone(&order))));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::aggregate::{AggregateOptions, aggregate};
    use crate::model::presets;

    #[test]
    fn rows_sort_by_any_column_both_ways() {
        let project = presets::sample_project();
        let rows = aggregate(&project, &AggregateOptions::default());
        assert!(rows.len() >= 3, "the sample has rows");
        for column in 0..COLUMNS.len() {
            for descending in [false, true] {
                let order = sorted_order(&rows, &project, Some(SortBy { column, descending }));
                let mut seen = order.clone();
                seen.sort_unstable();
                assert_eq!(seen, (0..rows.len()).collect::<Vec<_>>(), "a permutation");
                for pair in order.windows(2) {
                    let (a, b) = (&rows[pair[0]], &rows[pair[1]]);
                    let ordering = match column {
                        0 => project
                            .actor(&a.actor)
                            .map(|x| x.name.to_lowercase())
                            .cmp(&project.actor(&b.actor).map(|x| x.name.to_lowercase())),
                        1 => project
                            .issue(&a.issue)
                            .map(|x| x.name.to_lowercase())
                            .cmp(&project.issue(&b.issue).map(|x| x.name.to_lowercase())),
                        2 => a.n.cmp(&b.n),
                        3 => a.mean.total_cmp(&b.mean),
                        5 => a.median.total_cmp(&b.median),
                        6 => a.sd.total_cmp(&b.sd),
                        7 => a.min.total_cmp(&b.min),
                        8 => a.max.total_cmp(&b.max),
                        _ => Ordering::Equal,
                    };
                    let wrong = if descending { Ordering::Less } else { Ordering::Greater };
                    assert_ne!(ordering, wrong, "column {column} descending {descending}");
                }
            }
        }
        assert_eq!(sorted_order(&rows, &project, None), (0..rows.len()).collect::<Vec<_>>());
    }
}
