//! Actor dialogs beyond the editor itself: "Merge into…" in the actor editor, the confirmation
//! saying what a merge moves, and the question about actor and issue names a positions CSV uses
//! that the project does not have.

use egui::{RichText, Ui};

use crate::io::positions_csv::{NameChoices, UnknownName};
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
    (from, into): &(ActorId, ActorId),
    (from_name, into_name): &(String, String),
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

/// The question asked when a positions CSV names actors or issues the project does not have.
#[derive(Clone, Debug)]
pub struct ImportNamesDraft {
    /// The CSV file.
    pub path: std::path::PathBuf,
    /// The scale of new issues.
    pub scale: Option<(f64, f64)>,
    /// Each unknown name with its closest existing one.
    pub names: Vec<UnknownName>,
    /// Per name: use the suggested existing one (`Some(true)`), create it (`Some(false)`), or
    /// not decided yet.
    pub use_suggestion: Vec<Option<bool>>,
}

impl ImportNamesDraft {
    /// The question for these names, none decided.
    pub fn new(path: std::path::PathBuf, scale: Option<(f64, f64)>, names: Vec<UnknownName>) -> Self {
        let use_suggestion = vec![None; names.len()];
        Self { path, scale, names, use_suggestion }
    }
}

/// Lists each unknown name with "Use <suggestion>" and "Create new"; Import once all are decided.
pub fn import_names_ui(ui: &mut Ui, draft: &mut ImportNamesDraft, commands: &CommandSender) {
    ui.heading("Names not in the project");
    let file = draft.path.file_name().map_or_else(|| draft.path.display().to_string(), |n| n.to_string_lossy().into());
    ui.label(format!("{file} names actors or issues this project does not have. For each, choose:"));
    egui::ScrollArea::vertical().id_salt("import-names").max_height(320.0).show(ui, |ui| {
        egui::Grid::new("import-names-grid").num_columns(3).spacing([10.0, 6.0]).show(ui, |ui| {
            for (name, choice) in draft.names.iter().zip(draft.use_suggestion.iter_mut()) {
                ui.label(format!("{} \"{}\" (row {})", name.kind.label(), name.name, name.row));
                match &name.suggestion {
                    Some((_, suggestion)) => {
                        let use_it = ui.radio(*choice == Some(true), format!("Use {suggestion}"));
                        let label = format!("Use {suggestion} for {}", name.name);
                        use_it.widget_info(|| egui::WidgetInfo::labeled(egui::Role::RadioButton, true, &label));
                        if use_it.clicked() {
                            *choice = Some(true);
                        }
                    }
                    None => {
                        ui.label(RichText::new("nothing similar").weak());
                    }
                }
                let create = ui.radio(*choice == Some(false), "Create new");
                let label = format!("Create new {} {}", name.kind.label(), name.name);
                create.widget_info(|| egui::WidgetInfo::labeled(egui::Role::RadioButton, true, &label));
                if create.clicked() {
                    *choice = Some(false);
                }
                ui.end_row();
            }
        });
    });
    let decided = draft.use_suggestion.iter().all(Option::is_some);
    if !decided {
        ui.label(RichText::new("Choose for every name to import; Cancel imports nothing.").small().weak());
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.add_enabled(decided, egui::Button::new(RichText::new("Import").strong())).clicked() {
            let use_existing = draft
                .names
                .iter()
                .zip(&draft.use_suggestion)
                .filter(|(_, choice)| **choice == Some(true))
                .filter_map(|(name, _)| {
                    name.suggestion.as_ref().map(|(id, _)| (name.kind, name.name.clone(), id.clone()))
                })
                .collect();
            let names = NameChoices { create_missing: true, use_existing, default_coder: None };
            commands.send(Command::ImportPositionsFile { path: draft.path.clone(), scale: draft.scale, names });
        }
        if ui.button("Cancel").clicked() {
            commands.send(Command::CloseDialog);
        }
    });
}
