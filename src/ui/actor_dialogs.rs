//! Actor dialogs beyond the editor itself: "Merge into…" in the actor editor and the confirmation
//! saying what a merge moves.

use egui::{RichText, Ui};

use crate::model::{ActorId, Project};
use crate::session::{Command, CommandSender};

/// The editor's "Merge into" row for an existing actor: choose the actor to keep, then ask.
pub fn merge_into_ui(ui: &mut Ui, project: &Project, actor: &ActorId, commands: &CommandSender) {
    let others: Vec<_> = project.actors.iter().filter(|other| &other.id != actor).collect();
    if others.is_empty() {
        return;
    }
    let chosen_id = egui::Id::unique(("merge-into", actor.as_str()));
    let mut chosen: Option<ActorId> = ui.data(|data| data.get_temp::<Option<ActorId>>(chosen_id)).flatten();
    // A list, not a combo box: a popup would open behind the modal dialog.
    ui.collapsing("Merge into another actor", |ui| {
        ui.label(
            RichText::new("Its name and aliases become the chosen actor's aliases; its positions move there.")
                .small()
                .weak(),
        );
        egui::ScrollArea::vertical().id_salt("merge-into-list").max_height(110.0).show(ui, |ui| {
            for other in &others {
                let option = ui.selectable_label(chosen.as_ref() == Some(&other.id), &other.name);
                let label = format!("Choose {} to merge into", other.name);
                option.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if option.clicked() {
                    chosen = Some(other.id.clone());
                }
            }
        });
        let chosen_name = chosen.as_ref().and_then(|id| project.actor(id)).map(|a| a.name.clone());
        let text = chosen_name.map_or_else(|| "Merge into…".to_owned(), |name| format!("Merge into {name}…"));
        if ui.add_enabled(chosen.is_some(), egui::Button::new(text)).clicked()
            && let Some(into) = chosen.clone()
        {
            commands.send(Command::AskMergeActors { from: actor.clone(), into });
        }
    });
    ui.data_mut(|data| data.insert_temp(chosen_id, chosen));
}

/// Asks before merging, with what moves ("3 aliases and 12 positions move to United States").
pub fn confirm_merge_actors_ui(
    ui: &mut Ui,
    (from, into): (&ActorId, &ActorId),
    (from_name, into_name): (&str, &str),
    summary: &str,
    commands: &CommandSender,
) {
    ui.heading(format!("Merge {from_name} into {into_name}?"));
    ui.label(format!("{summary}."));
    ui.label(RichText::new(format!("{from_name} is removed. Undo brings everything back.")).weak());
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new(format!("Merge into {into_name}")).strong()).clicked() {
            commands.send(Command::MergeActors { from: from.clone(), into: into.clone() });
        }
        if ui.button("Cancel").clicked() {
            commands.send(Command::CloseDialog);
        }
    });
}
