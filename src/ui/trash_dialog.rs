//! The Trash dialog (every deleted item with a Restore button, and Empty Trash… which asks first)
//! the coder dialog (rename) and the choices of a merge. Each only sends commands; the session does the work.

use crate::model::wording::count;
use egui::{RichText, Ui};

use crate::model::{CoderId, Project};
use crate::session::{Command, CommandSender};

/// Lists the Trash, newest first.
pub fn trash_ui(ui: &mut Ui, project: &Project, commands: &CommandSender) {
    ui.heading(format!("Trash ({})", project.trash.len()));
    if project.trash.is_empty() {
        ui.label("The Trash is empty. Deleted articles, actors, issues, coders and positions wait here.");
    }
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        for item in project.trash.iter().rev() {
            let what = item.describe(project);
            ui.horizontal(|ui| {
                if ui.button(format!("Restore {what}")).clicked() {
                    commands.send(Command::RestoreFromTrash(item.id.clone()));
                }
                let with = match item.positions.len() {
                    0 => String::new(),
                    1 if matches!(item.contents, crate::model::Trashed::Positions) => String::new(),
                    n => format!(" · with {}", count(n, "position", "positions")),
                };
                ui.label(RichText::new(format!("deleted {}{with}", short_time(&item.deleted_at))).small().weak());
            });
        }
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let empty = egui::Button::new("Empty Trash…");
        if ui.add_enabled(!project.trash.is_empty(), empty).clicked() {
            commands.send(Command::AskEmptyTrash);
        }
        if ui.button("Close").clicked() {
            commands.send(Command::CloseDialog);
        }
    });
}

/// "Empty the Trash?" with the number of items.
pub fn confirm_empty_trash_ui(ui: &mut Ui, count: usize, commands: &CommandSender) {
    ui.heading("Empty the Trash?");
    ui.label(format!(
        "{} will be removed from the project for good once you save (Undo still brings them back before that).",
        crate::model::wording::count(count, "deleted item", "deleted items")
    ));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Empty Trash").strong()).clicked() {
            commands.send(Command::EmptyTrash);
        }
        if ui.button("Cancel").clicked() {
            commands.send(Command::ShowTrash);
        }
    });
}

/// Renames a coder.
pub fn rename_coder_ui(ui: &mut Ui, id: &CoderId, name: &mut String, error: &str, commands: &CommandSender) {
    ui.heading("Rename coder");
    let label = ui.label("Name");
    let field = ui.add(egui::TextEdit::singleline(name)).labelled_by(label.id);
    let entered = super::dialogs::one_field_ui(ui, &field, name.is_empty());
    if !error.is_empty() {
        ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let rename = ui.add_enabled(!name.trim().is_empty(), egui::Button::new(RichText::new("Rename").strong()));
        if (rename.clicked() || entered) && !name.trim().is_empty() {
            commands.send(Command::RenameCoder { id: id.clone(), name: name.trim().to_owned() });
        }
        if ui.button("Cancel").clicked() {
            commands.send(Command::CloseDialog);
        }
    });
}

/// A merge's conflicts, each with a choice of side; the side not taken goes to the Trash.
pub fn merge_conflicts_ui(
    ui: &mut Ui,
    file: &str,
    conflicts: &[String],
    take_theirs: &mut [bool],
    commands: &CommandSender,
) {
    ui.heading(format!("Merge “{file}”: {}", count(conflicts.len(), "conflict", "conflicts")));
    ui.label(
        RichText::new("Choose a side for each; the side not chosen is kept in the Trash, so nothing is lost.")
            .small()
            .weak(),
    );
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        for (index, (conflict, theirs)) in conflicts.iter().zip(take_theirs.iter_mut()).enumerate() {
            ui.label(conflict);
            ui.horizontal(|ui| {
                ui.radio_value(theirs, false, format!("Keep this project's ({})", index + 1));
                ui.radio_value(theirs, true, format!("Take {file}'s ({})", index + 1));
            });
            ui.separator();
        }
    });
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Merge").strong()).clicked() {
            commands.send(Command::ResolveMerge(take_theirs.to_vec()));
        }
        if ui.button("Cancel").clicked() {
            commands.send(Command::CloseDialog);
        }
    });
}

/// "2026-12-01 09:30" from an RFC 3339 time.
fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).map_or_else(|| rfc3339.to_owned(), |minutes| minutes.replace('T', " "))
}
