//! The inspector: details of the selected marker's position — value, salience, confidence, note and
//! evidence quotes (several per position, each shown in the reader on a click, each removable; a
//! position without any is flagged). Every change is sent as an edit of the whole position; typing
//! into one field coalesces into one undo step. Also the list of positions without evidence.

use egui::{RichText, Ui};

use super::axis::{format_value, pole_description};
use super::theme;
use super::{ViewContext, marker_label};
use crate::model::wording::count as plural;
use crate::model::{Confidence, Position, PositionKey};
use crate::session::{Command, Gesture, MarkerRef, PositionChange};

/// Draws the inspector for `marker`.
pub fn inspector_ui(ui: &mut Ui, view: &ViewContext<'_>, marker: &MarkerRef) {
    let (Some(actor), Some(issue)) = (view.project().actor(&marker.actor), view.project().issue(&marker.issue)) else {
        return;
    };
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 6.0, theme::color(actor.color));
        ui.label(RichText::new(format!("{} — {}", actor.name, issue.name)).strong());
    });
    let key = view.position_key(&marker.actor, &marker.issue);
    let Some(position) = view.project().positions.get(&key) else {
        ui.label("Not placed for this article yet.");
        if ui.button("Place at the midpoint").clicked() {
            view.commands.send(Command::SetPosition { key, value: issue.midpoint(), gesture: Gesture::Once });
        }
        return;
    };
    // Typing or dragging in one field is one gesture: the field's id tells fields apart.
    let change = |change: PositionChange, gesture: Gesture| {
        view.commands.send(Command::EditPosition { key: key.clone(), change, gesture });
    };

    egui::Grid::new("inspector-grid").num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
        let label = ui.label("Position");
        let (low, high) = issue.bounds();
        let mut value = position.value;
        let response = ui
            .horizontal(|ui| {
                let response = ui.add(egui::DragValue::new(&mut value).range(low..=high).speed(issue.span() / 200.0));
                ui.label(RichText::new(pole_description(issue, position.value)).small().weak());
                response
            })
            .inner
            .labelled_by(label.id);
        if response.changed() {
            let gesture = Gesture::Continuous(response.id.value());
            view.commands.send(Command::SetPosition { key: key.clone(), value, gesture });
        }
        ui.end_row();

        let label = ui.label("Salience");
        let mut salience = position.salience;
        let response = ui
            // Clamped and rounded only when edited: a salience of 57.4 (imported, generated) shown
            // here must not be rewritten as 57 just because the marker was selected.
            .add(
                egui::Slider::new(&mut salience, 0.0..=100.0)
                    .integer()
                    .clamping(egui::SliderClamping::Edits)
                    .text("how much it matters"),
            )
            .labelled_by(label.id);
        if response.changed() {
            change(PositionChange::Salience(salience), Gesture::Continuous(response.id.value()));
        }
        ui.end_row();

        ui.label("Confidence");
        ui.horizontal(|ui| {
            for level in Confidence::ALL {
                if ui.selectable_label(position.confidence == level, level.label()).clicked()
                    && position.confidence != level
                {
                    change(PositionChange::Confidence(level), Gesture::Once);
                }
            }
        });
        ui.end_row();

        let label = ui.label("Note");
        let mut note = position.note.clone();
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut note)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text("Why this position?"),
            )
            .labelled_by(label.id);
        if response.changed() {
            change(PositionChange::Note(note), Gesture::Continuous(response.id.value()));
        }
        ui.end_row();
    });

    ui.add_space(4.0);
    evidence_ui(ui, view, position, &change);
    history_ui(ui, view, position);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Clear position").on_hover_text("Remove this position (Delete)").clicked() {
            view.commands.send(Command::ClearPosition(key.clone()));
        }
        ui.label(RichText::new(format!("Value {}", format_value(position.value))).small().weak());
    });
}

/// The position's quotes, each shown in the reader on a click and removable (one undo step each);
/// an article position without any is flagged.
fn evidence_ui(ui: &mut Ui, view: &ViewContext<'_>, position: &Position, change: &dyn Fn(PositionChange, Gesture)) {
    let count = position.evidence.len();
    ui.label(RichText::new(format!("Evidence ({})", plural(count, "quote", "quotes"))).strong());
    if position.lacks_evidence() {
        ui.label(RichText::new("Without evidence").color(ui.visuals().warn_fg_color).strong());
        ui.label(
            RichText::new(
                "Select text in the article and press “Use selection as evidence”: each selection adds a quote.",
            )
            .small()
            .weak(),
        );
    }
    for (index, evidence) in position.evidence.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            let quote = RichText::new(format!("“{}”", evidence.quote)).italics();
            let link = ui
                .add(egui::Label::new(quote).wrap().sense(egui::Sense::click()))
                .on_hover_text(format!("Show in the article (bytes {}-{})", evidence.start, evidence.end));
            if link.clicked() {
                view.commands.send(Command::RevealInReader { start: evidence.start, end: evidence.end });
            }
        });
        let name = format!("Remove quote {}", index + 1);
        if ui.small_button(&name).on_hover_text("Remove this quote from the evidence (one undo step)").clicked() {
            change(PositionChange::RemoveEvidence(index), Gesture::Once);
        }
    }
}

/// The current coder's article positions that quote nothing, "4 positions without evidence",
/// each opening its article with its marker selected.
pub fn without_evidence_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let keys = view.derived.positions_without_evidence();
    let heading = plural(keys.len(), "position without evidence", "positions without evidence");
    egui::CollapsingHeader::new(RichText::new(heading).color(if keys.is_empty() {
        ui.visuals().text_color()
    } else {
        ui.visuals().warn_fg_color
    }))
    .id_salt("positions-without-evidence")
    .show(ui, |ui| {
        if keys.is_empty() {
            ui.label(RichText::new("Every position you coded from an article quotes it.").small().weak());
            return;
        }
        const ROW_HEIGHT: f32 = 20.0;
        egui::ScrollArea::vertical().id_salt("without-evidence-scroll").max_height(ROW_HEIGHT * 8.0).show_rows(
            ui,
            ROW_HEIGHT,
            keys.len(),
            |ui, rows| {
                for key in &keys[rows] {
                    without_evidence_row_ui(ui, view, key);
                }
            },
        );
    });
}

fn without_evidence_row_ui(ui: &mut Ui, view: &ViewContext<'_>, key: &PositionKey) {
    let project = view.project();
    let (Some(actor), Some(issue)) = (project.actor(&key.actor), project.issue(&key.issue)) else { return };
    let article = key.article.as_ref().and_then(|id| project.article(id));
    let title = article
        .map_or("Untitled article", |a| if a.title.trim().is_empty() { "Untitled article" } else { a.title.trim() });
    let text = format!("{} in “{title}”", marker_label(&actor.name, &issue.name));
    let selected = view.article() == key.article.as_ref()
        && view.selected_marker().is_some_and(|m| m.actor == key.actor && m.issue == key.issue);
    let button = egui::Button::selectable(selected, text).wrap_mode(egui::TextWrapMode::Truncate);
    if ui.add(button).on_hover_text("Open the article with this marker selected").clicked() {
        if let Some(article) = &key.article {
            view.commands.send(Command::SelectArticle(article.clone()));
        }
        view.commands
            .send(Command::SelectMarker(Some(MarkerRef { actor: key.actor.clone(), issue: key.issue.clone() })));
    }
}

/// Every change of the position, newest first: when, who, old and new value, quotes added or removed.
fn history_ui(ui: &mut Ui, view: &ViewContext<'_>, position: &Position) {
    if position.history.is_empty() {
        return;
    }
    let title = format!("History ({})", position.history.len());
    egui::CollapsingHeader::new(title).id_salt("position-history").show(ui, |ui| {
        for entry in position.history.iter().rev().take(50) {
            let who = view.project().coder(&entry.by).map_or(entry.by.as_str(), |c| c.name.as_str());
            let when = entry.at.get(..16).map_or(entry.at.clone(), |minutes| minutes.replace('T', " "));
            let change = match entry.from {
                Some(from) if from != entry.to => format!("moved {} to {}", format_value(from), format_value(entry.to)),
                Some(_) => format!("at {}", format_value(entry.to)),
                None => format!("placed at {}", format_value(entry.to)),
            };
            ui.label(RichText::new(format!("{when} · {who} · {change}")).small());
            for quote in &entry.evidence_added {
                ui.label(RichText::new(format!("   + “{quote}”")).small().weak());
            }
            for quote in &entry.evidence_removed {
                ui.label(RichText::new(format!("   − “{quote}”")).small().weak());
            }
        }
    });
}
