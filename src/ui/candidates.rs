//! The "Candidate actors" section of the left panel: names found in the articles that match no
//! actor, most widespread first, each with "Add" (a new actor), "Alias of…" (a name of an existing
//! actor) and "Not an actor" (dismissed, remembered in the project); ticked candidates are added
//! together with "Add N selected" (one undo step). Place names are marked "place" and listed
//! last. Every button sends one command; the list comes from the derived store and a candidate leaves it once it names an actor.

use egui::{RichText, Ui, WidgetInfo};

use super::ViewContext;
use crate::analysis::candidates::Candidate;
use crate::session::Command;

/// Candidates listed before "Show more".
const FIRST_ROWS: usize = 8;

/// Draws the section: a collapsible header with the count, then one row per candidate.
pub fn candidates_section_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    let cache = view.derived.candidates();
    let candidates = cache.candidates();
    let title = format!("Candidate actors ({})", candidates.len());
    egui::CollapsingHeader::new(RichText::new(title).strong()).id_salt("candidate-actors").default_open(true).show(
        ui,
        |ui| {
            if cache.is_searching() {
                ui.label(RichText::new("Searching the articles…").small().weak());
            }
            if candidates.is_empty() {
                ui.label(RichText::new("No names in the articles that match no actor.").small().weak());
                return;
            }
            ui.label(RichText::new("Names in the articles that match no actor").small().weak());
            // Ticked candidates, added together by "Add N selected" (one undo step).
            let selected_id = egui::Id::unique("candidates-selected");
            let mut selected: Vec<String> = ui.data(|data| data.get_temp(selected_id)).unwrap_or_default();
            selected.retain(|name| candidates.iter().any(|candidate| &candidate.name == name));
            if !selected.is_empty() {
                ui.horizontal(|ui| {
                    let add = ui
                        .button(format!("Add {} selected", selected.len()))
                        .on_hover_text(format!("Add as new actors: {}", selected.join(", ")));
                    if add.clicked() {
                        view.commands.send(Command::AddCandidateActors(std::mem::take(&mut selected)));
                    }
                    if ui.small_button("Clear selection").clicked() {
                        selected.clear();
                    }
                });
            }
            let shown_id = egui::Id::unique("candidates-shown");
            let shown = ui.data(|data| data.get_temp::<usize>(shown_id)).unwrap_or(FIRST_ROWS);
            for candidate in candidates.iter().take(shown) {
                candidate_row_ui(ui, view, candidate, &mut selected);
            }
            ui.data_mut(|data| data.insert_temp(selected_id, selected));
            if candidates.len() > shown {
                let more = (candidates.len() - shown).min(20);
                if ui.small_button(format!("Show {more} more")).clicked() {
                    ui.data_mut(|data| data.insert_temp(shown_id, shown + more));
                }
            }
        },
    );
}

/// "3 articles, 5 mentions".
fn counts_text(candidate: &Candidate) -> String {
    let plural = crate::model::wording::count;
    format!(
        "{}, {}",
        plural(candidate.articles, "article", "articles"),
        plural(candidate.mentions, "mention", "mentions")
    )
}

fn candidate_row_ui(ui: &mut Ui, view: &ViewContext<'_>, candidate: &Candidate, selected: &mut Vec<String>) {
    let name = &candidate.name;
    ui.horizontal(|ui| {
        let mut ticked = selected.contains(name);
        let tick = ui.checkbox(&mut ticked, "").on_hover_text(format!("Select {name} to add several at once"));
        tick.widget_info(|| WidgetInfo::selected(egui::Role::CheckBox, true, ticked, format!("Select {name}")));
        if tick.changed() {
            if ticked {
                selected.push(name.clone());
            } else {
                selected.retain(|other| other != name);
            }
        }
        let place_width = if candidate.place { 36.0 } else { 0.0 };
        let room = (ui.available_width() - 40.0 - place_width).max(40.0);
        let shown = super::labels::ellipsize(name, room, 13.0);
        ui.label(shown).on_hover_text(format!("{name}\n{}", counts_text(candidate)));
        if candidate.place {
            ui.label(RichText::new("place").small().weak()).on_hover_text(
                "A place name: add it as an alias of the actor it stands for (\"Moscow\" for Russia), or dismiss it",
            );
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(candidate.mentions.to_string()).monospace().weak())
                .on_hover_text(counts_text(candidate));
        });
    });
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let add = ui.small_button("Add").on_hover_text(format!("Add {name} as a new actor"));
        add.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, format!("Add {name} as actor")));
        if add.clicked() {
            view.commands.send(Command::AddCandidateActor(name.clone()));
        }
        let alias = ui.menu_button(RichText::new("Alias of…").small(), |ui| {
            ui.label(RichText::new(format!("{name} is another name of")).small().weak());
            // A corpus may have dozens of actors: the list scrolls.
            egui::ScrollArea::vertical().id_salt("alias-of-actors").max_height(320.0).show(ui, |ui| {
                for actor in &view.project().actors {
                    let choice = ui.button(&actor.name);
                    let label = format!("Make {name} an alias of {}", actor.name);
                    choice.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
                    if choice.clicked() {
                        view.commands.send(Command::AddCandidateAlias { name: name.clone(), actor: actor.id.clone() });
                        ui.close();
                    }
                }
            });
        });
        alias
            .response
            .on_hover_text(format!("Add {name} as an alias of an existing actor"))
            .widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, format!("Add {name} as alias of")));
        let dismiss = ui.small_button("Not an actor").on_hover_text(format!("Stop offering {name}"));
        dismiss.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, format!("{name} is not an actor")));
        if dismiss.clicked() {
            view.commands.send(Command::DismissCandidate(name.clone()));
        }
    });
}
