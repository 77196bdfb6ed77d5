//! The inspector: details of the selected marker's position — value, salience, confidence, note and
//! evidence quotes. Every change is sent as an edit of the whole position; typing into one field
//! coalesces into one undo step.

use egui::{RichText, Ui};

use super::ViewContext;
use super::axis::{format_value, pole_description};
use super::theme;
use crate::model::Confidence;
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
            .add(egui::Slider::new(&mut salience, 0.0..=100.0).integer().text("how much it matters"))
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
    ui.label(RichText::new("Evidence").strong());
    if position.evidence.is_empty() {
        ui.label(
            RichText::new("No quote yet. Select text in the article and press “Use selection as evidence”.")
                .small()
                .weak(),
        );
    }
    for (index, evidence) in position.evidence.iter().enumerate() {
        ui.horizontal(|ui| {
            let quote = RichText::new(format!("“{}”", evidence.quote)).italics();
            let link = ui
                .add(egui::Label::new(quote).wrap().sense(egui::Sense::click()))
                .on_hover_text(format!("Show in the article (bytes {}–{})", evidence.start, evidence.end));
            if link.clicked() {
                view.commands.send(Command::RevealInReader { start: evidence.start, end: evidence.end });
            }
        });
        if ui.small_button("Remove quote").on_hover_text("Remove this quote from the evidence").clicked() {
            change(PositionChange::RemoveEvidence(index), Gesture::Once);
        }
    }
    history_ui(ui, view, position);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Clear position").on_hover_text("Remove this position (Delete)").clicked() {
            view.commands.send(Command::ClearPosition(key.clone()));
        }
        ui.label(RichText::new(format!("Value {}", format_value(position.value))).small().weak());
    });
}

/// Every change of the position, newest first: when, who, old and new value, quotes added or removed.
fn history_ui(ui: &mut Ui, view: &ViewContext<'_>, position: &crate::model::Position) {
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
