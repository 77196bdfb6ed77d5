//! The left side panel: the project's articles (pick one to read and code; [`super::article_list`]),
//! its actors with how often the current article mentions them, and its issues. Clicking an actor
//! chooses it for stepping through its mentions (F3); its Edit button (or a double-click) opens its
//! editor. Clicking an issue opens its editor.

use egui::{RichText, Ui};

use super::ViewContext;
use super::theme;
use super::user_command::UserCommand;
use crate::session::Command;

/// Draws the sidebar.
pub fn sidebar_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let mention_counts = view.derived.mention_counts();
    let project = view.project();
    super::article_list::article_list_ui(ui, view);
    ui.separator();
    egui::ScrollArea::vertical().id_salt("sidebar-scroll").auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(10.0);
        section_header_ui(ui, &format!("Actors ({})", project.actors.len()), "+ Actor", "Add actor…", || {
            view.commands.send(UserCommand::AddActor.command());
        });
        if view.article().is_some() {
            ui.label(RichText::new("Mentions in this article").small().weak());
        }
        for (index, actor) in project.actors.iter().enumerate() {
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().circle_filled(rect.center(), 5.5, theme::color(actor.color));
                // Long names end in "…" before the mention count (the full name is in the tooltip).
                let room = (ui.available_width() - 70.0).max(40.0);
                let name = super::labels::ellipsize(&actor.name, room, 13.0);
                // A click chooses the actor whose mentions F3 steps through; the editor is a
                // double-click or the Edit button away.
                let chosen = view.session.mention_actor() == Some(&actor.id);
                let response = ui.add(egui::Button::selectable(chosen, name).frame(false)).on_hover_text(format!(
                    "{} · {}\nAlso: {}\nClick to step through its mentions (F3 / Shift+F3); double-click to edit",
                    actor.name,
                    actor.kind.label(),
                    if actor.aliases.is_empty() { "—".to_owned() } else { actor.aliases.join(", ") }
                ));
                response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, chosen, &actor.name));
                if response.double_clicked() {
                    view.commands.send(Command::EditActor(Some(actor.id.clone())));
                } else if response.clicked() {
                    let choice = (!chosen).then(|| actor.id.clone());
                    view.commands.send(Command::SelectMentionActor(choice));
                }
                let edit = ui.small_button("Edit").on_hover_text(format!("Edit {}", actor.name));
                edit.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Edit {}", actor.name))
                });
                if edit.clicked() {
                    view.commands.send(Command::EditActor(Some(actor.id.clone())));
                }
                if let Some(count) = mention_counts.get(index) {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(RichText::new(count.to_string()).monospace().weak());
                    });
                }
            });
        }

        ui.add_space(6.0);
        super::candidates::candidates_section_ui(ui, view);

        ui.add_space(10.0);
        section_header_ui(ui, &format!("Issues ({})", project.issues.len()), "+ Issue", "Add issue…", || {
            view.commands.send(UserCommand::AddIssue.command());
        });
        for issue in &project.issues {
            let response = ui
                .add(egui::Button::new(&issue.name).frame(false).wrap_mode(egui::TextWrapMode::Truncate))
                .on_hover_text(format!(
                    "{}\n{} ({}) … {} ({})\nClick to edit",
                    issue.description,
                    issue.low_label,
                    super::axis::format_value(issue.scale_min),
                    issue.high_label,
                    super::axis::format_value(issue.scale_max)
                ));
            if response.clicked() {
                view.commands.send(Command::EditIssue(Some(issue.id.clone())));
            }
        }
    });
}

fn section_header_ui(ui: &mut Ui, title: &str, button_text: &str, add_tooltip: &str, on_add: impl FnOnce()) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(title).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button(button_text).on_hover_text(add_tooltip).clicked() {
                on_add();
            }
        });
    });
}
