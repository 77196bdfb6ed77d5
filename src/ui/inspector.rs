//! The inspector: details of the selected marker's position — value, salience, confidence, note and
//! evidence quotes. Every change is sent as an edit of the whole position; typing into one field
//! coalesces into one undo step.

use egui::{RichText, Ui};

use super::ViewContext;
use super::axis::{format_value, pole_description};
use super::theme;
use crate::app::command::{Command, MarkerRef};
use crate::app::document::CoalesceKey;
use crate::model::{Confidence, Edit, Position, ids::stable_hash};

/// Draws the inspector for `marker`.
pub fn inspector_ui(ui: &mut Ui, view: &ViewContext<'_>, marker: &MarkerRef) {
    let (Some(actor), Some(issue)) = (view.project.actor(&marker.actor), view.project.issue(&marker.issue)) else {
        return;
    };
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 6.0, theme::color(actor.color));
        ui.label(RichText::new(format!("{} — {}", actor.name, issue.name)).strong());
    });
    let key = view.position_key(&marker.actor, &marker.issue);
    let Some(position) = view.project.positions.get(&key) else {
        ui.label("Not placed for this article yet.");
        if ui.button("Place at the midpoint").clicked() {
            let mut position = Position::new(&key, issue.midpoint());
            position.updated = crate::model::now_rfc3339();
            view.commands.edit(Edit::set_position(position));
        }
        return;
    };
    let send = |updated: Position, field: &str| {
        let mut updated = updated;
        updated.updated = crate::model::now_rfc3339();
        let coalesce = CoalesceKey(stable_hash(format!("inspector-{field}-{:?}", key).as_bytes()));
        view.commands.send(Command::Edit { edit: Edit::set_position(updated), coalesce: Some(coalesce) });
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
            send(Position { value: issue.clamp(value), ..position.clone() }, "value");
        }
        ui.end_row();

        let label = ui.label("Salience");
        let mut salience = position.salience;
        let response = ui
            .add(egui::Slider::new(&mut salience, 0.0..=100.0).integer().text("how much it matters"))
            .labelled_by(label.id);
        if response.changed() {
            send(Position { salience, ..position.clone() }, "salience");
        }
        ui.end_row();

        ui.label("Confidence");
        ui.horizontal(|ui| {
            for level in Confidence::ALL {
                if ui.selectable_label(position.confidence == level, level.label()).clicked()
                    && position.confidence != level
                {
                    send(Position { confidence: level, ..position.clone() }, "confidence");
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
            send(Position { note, ..position.clone() }, "note");
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
            let mut updated = position.clone();
            updated.evidence.remove(index);
            send(updated, "evidence-remove");
        }
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Clear position").on_hover_text("Remove this position (Delete)").clicked() {
            view.commands.edit(Edit::clear_position(key.clone()));
        }
        ui.label(RichText::new(format!("Value {}", format_value(position.value))).small().weak());
    });
}
