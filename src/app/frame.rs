//! One frame of the app: input handling, the panels, dialogs and messages, then the commands.

use egui::{RichText, Ui};

use super::{App, MAX_RECENT_FILES, RefreshPoint};
use crate::model::wording::count;
use crate::session::Command;
use crate::ui::user_command::UserCommand;
use crate::ui::{ViewContext, axis, inspector, sidebar};

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.check_recovery();
        self.poll_background_work(&ctx);
        self.handle_dropped_files(&ctx);
        if ctx.input(|input| input.events.iter().any(|event| matches!(event, egui::Event::WindowFocused(true)))) {
            self.commands.send(Command::CheckDisk);
        }
        if self.dialog.is_none() {
            for command in UserCommand::consume_shortcuts(&ctx) {
                if let Some(command) = self.reader.route_shortcut(&ctx, command) {
                    self.commands.send(command);
                }
            }
        }
        self.handle_close_request(&ctx);
        // A drag's release would otherwise start every analysis here, for the value before the
        // drop, and they would compete with this frame for the cores.
        self.refresh_derived(&ctx, RefreshPoint::FrameStart);

        self.menu_bar_ui(ui);
        self.status_bar_ui(ui);
        self.panels_ui(ui);

        if let Some(dialog) = &mut self.dialog {
            let view = ViewContext { session: &self.session, derived: &self.derived, commands: &self.commands };
            dialog.show(&ctx, &view);
        }
        self.notifications.show(&ctx);
        self.sync_figure_choice();
        self.apply_commands(&ctx);
        self.refresh_derived(&ctx, RefreshPoint::FrameEnd);
        self.autosave(&ctx);

        let title = self.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
        if self.pending_close {
            self.pending_close = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.preferences);
    }
}

impl App {
    /// Tells the session what a figure export draws: the plot panel's current view.
    fn sync_figure_choice(&mut self) {
        let choice = self.preferences.plot.figure_choice();
        if self.session.figure_choice() != &choice {
            self.session.apply(Command::ChooseFigure(choice));
        }
    }
}

impl App {
    fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu-bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    for command in [UserCommand::New, UserCommand::Open] {
                        self.menu_item_ui(ui, command);
                    }
                    ui.menu_button("Open Recent", |ui| {
                        if self.preferences.recent_files.is_empty() {
                            ui.label(RichText::new("No recent projects").weak());
                        }
                        for path in self.preferences.recent_files.iter().take(MAX_RECENT_FILES) {
                            let name = path
                                .file_name()
                                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                            if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                                self.commands.send(Command::OpenPath(path.clone()));
                            }
                        }
                    });
                    ui.separator();
                    for command in [UserCommand::Save, UserCommand::SaveAs] {
                        self.menu_item_ui(ui, command);
                    }
                    ui.separator();
                    self.menu_item_ui(ui, UserCommand::ImportArticles);
                    self.menu_item_ui(ui, UserCommand::ImportPositionsCsv);
                    ui.separator();
                    self.menu_item_ui(ui, UserCommand::ExportPositionsCsv);
                    self.menu_item_ui(ui, UserCommand::ExportAggregateCsv);
                    for command in [
                        UserCommand::ExportFigureSvg,
                        UserCommand::ExportFigurePng,
                        UserCommand::ExportReport,
                        UserCommand::ExportTidyCsv,
                        UserCommand::ExportTidyJson,
                    ] {
                        self.menu_item_ui(ui, command);
                    }
                    ui.separator();
                    self.menu_item_ui(ui, UserCommand::ExportQdpx);
                    self.menu_item_ui(ui, UserCommand::ExportKtab);
                    ui.separator();
                    self.menu_item_ui(ui, UserCommand::Quit);
                });
                ui.menu_button("Edit", |ui| {
                    self.menu_item_ui(ui, UserCommand::Undo);
                    self.menu_item_ui(ui, UserCommand::Redo);
                    ui.separator();
                    self.menu_item_ui(ui, UserCommand::Find);
                    self.menu_item_ui(ui, UserCommand::NextMention);
                    self.menu_item_ui(ui, UserCommand::PreviousMention);
                    self.menu_item_ui(ui, UserCommand::EditArticleDetails);
                });
                ui.menu_button("Project", |ui| {
                    self.menu_item_ui(ui, UserCommand::AddActor);
                    self.menu_item_ui(ui, UserCommand::AddIssue);
                    ui.separator();
                    if ui.button("Merge project…").on_hover_text("Add another coder's copy of this project").clicked()
                    {
                        self.commands.send(Command::AskPath(crate::session::PathPurpose::Merge));
                        ui.close();
                    }
                    let trash = format!("Trash ({})…", self.session.project().trash.len());
                    if ui.button(trash).on_hover_text("Deleted items, to restore or remove for good").clicked() {
                        self.commands.send(Command::ShowTrash);
                        ui.close();
                    }
                    ui.separator();
                    self.menu_item_ui(ui, UserCommand::NextArticle);
                    self.menu_item_ui(ui, UserCommand::PreviousArticle);
                    self.menu_item_ui(ui, UserCommand::FilterArticles);
                    self.menu_item_ui(ui, UserCommand::ToggleArticleDone);
                    self.menu_item_ui(ui, UserCommand::NextSuggestion);
                    self.menu_item_ui(ui, UserCommand::PreviousSuggestion);
                    self.menu_item_ui(ui, UserCommand::AcceptSuggestion);
                    self.menu_item_ui(ui, UserCommand::RejectSuggestion);
                    self.menu_item_ui(ui, UserCommand::FocusMarker);
                    self.menu_item_ui(ui, UserCommand::UseSelectionAsEvidence);
                    ui.separator();
                    let mut show = self.session.show_other_coders();
                    if ui.checkbox(&mut show, "Show other coders' markers").changed() {
                        self.commands.send(Command::ShowOtherCoders(show));
                    }
                    let mut spread = self.session.spread_enabled();
                    if ui
                        .checkbox(&mut spread, "Show spread over all articles")
                        .on_hover_text(
                            "Under each axis: every actor's range, mean ± SD and mean over all articles and coders",
                        )
                        .changed()
                    {
                        self.commands.send(Command::ShowSpread(spread));
                    }
                    let mut overall = self.session.show_overall();
                    if ui
                        .checkbox(&mut overall, "Show overall judgements")
                        .on_hover_text("On each axis: your overall judgement of each actor (a hollow diamond), beside this article's markers")
                        .changed()
                    {
                        self.commands.send(Command::ShowOverall(overall));
                    }
                });
                ui.menu_button("View", |ui| {
                    ui.label(RichText::new("Theme").weak());
                    let current = ui.ctx().options(|options| options.theme_preference);
                    for (preference, label) in [
                        (egui::ThemePreference::System, "Follow the system"),
                        (egui::ThemePreference::Light, "Light"),
                        (egui::ThemePreference::Dark, "Dark"),
                    ] {
                        if ui.selectable_label(current == preference, label).clicked() {
                            // Kept with egui's memory between sessions.
                            ui.ctx().set_theme(preference);
                            ui.close();
                        }
                    }
                });
                ui.menu_button("Help", |ui| {
                    self.menu_item_ui(ui, UserCommand::ShowShortcuts);
                });
                ui.separator();
                self.coder_picker_ui(ui);
            });
        });
    }

    fn menu_item_ui(&self, ui: &mut Ui, command: UserCommand) {
        let (text, tooltip) = command.text_and_tooltip();
        let document = self.session.document();
        let enabled = match command {
            UserCommand::Undo => document.can_undo(),
            UserCommand::Redo => document.can_redo(),
            UserCommand::EditArticleDetails
            | UserCommand::Find
            | UserCommand::ToggleArticleDone
            | UserCommand::UseSelectionAsEvidence => self.session.article().is_some(),
            _ => true,
        };
        // "Undo move Russia on …": say what will be undone.
        let step = match command {
            UserCommand::Undo => document.undo_label(),
            UserCommand::Redo => document.redo_label(),
            _ => None,
        };
        let text = step.map_or_else(|| text.to_owned(), |step| format!("{text} {step}"));
        let mut button = egui::Button::new(text);
        if let Some(shortcut) = command.shortcuts().into_iter().next() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add_enabled(enabled, button).on_hover_text(tooltip).clicked() {
            self.commands.send(command.command());
            ui.close();
        }
    }

    fn coder_picker_ui(&mut self, ui: &mut Ui) {
        let project = self.session.project();
        let coder_id = self.session.coder();
        let current = project.coder(coder_id).map_or_else(|| coder_id.to_string(), |coder| coder.name.clone());
        let label = ui.label(RichText::new("Coder").weak());
        let combo = egui::ComboBox::from_id_salt("coder-picker").selected_text(current).show_ui(ui, |ui| {
            for coder in &project.coders {
                if ui.selectable_label(&coder.id == coder_id, &coder.name).clicked() {
                    self.commands.send(Command::SetCoder(coder.id.clone()));
                }
            }
            ui.separator();
            if ui.button("Add coder…").clicked() {
                self.commands.send(Command::AskNewCoder);
            }
            if ui.button("Rename this coder…").clicked() {
                self.commands.send(Command::AskRenameCoder(coder_id.clone()));
            }
            let deletable = project.coders.len() > 1;
            let delete = ui
                .add_enabled(deletable, egui::Button::new("Delete this coder"))
                .on_hover_text("Moves the coder and their positions to the Trash")
                .on_disabled_hover_text("The only coder cannot be deleted");
            if delete.clicked() {
                self.commands.send(Command::DeleteCoder(coder_id.clone()));
            }
        });
        combo.response.labelled_by(label.id);
    }

    fn status_bar_ui(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(job) = &self.import_job {
                    let fraction = job.done() as f32 / job.total.max(1) as f32;
                    ui.add(egui::ProgressBar::new(fraction).desired_width(200.0).text(format!(
                        "Importing {}/{} · {}",
                        job.done(),
                        job.total,
                        job.current_file()
                    )));
                    if ui.button("Cancel import").clicked() {
                        job.cancel();
                    }
                    ui.separator();
                }
                let project = self.session.project();
                ui.label(
                    RichText::new(format!(
                        "{} · {} · {} · {}",
                        count(project.articles.len(), "article", "articles"),
                        count(project.actors.len(), "actor", "actors"),
                        count(project.issues.len(), "issue", "issues"),
                        count(project.positions.len(), "position", "positions")
                    ))
                    .small()
                    .weak(),
                );
                let view = ViewContext { session: &self.session, derived: &self.derived, commands: &self.commands };
                crate::ui::suggestions::status_ui(ui, &view);
                crate::ui::reader::mention_status_ui(ui, &view);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let document = self.session.document();
                    let saved = match (&document.path, document.is_dirty()) {
                        (None, _) => "Not saved yet".to_owned(),
                        (Some(_), true) => "Unsaved changes".to_owned(),
                        (Some(path), false) => format!("Saved · {}", path.display()),
                    };
                    ui.label(RichText::new(saved).small().weak());
                });
            });
        });
    }

    fn panels_ui(&mut self, ui: &mut Ui) {
        let view = ViewContext { session: &self.session, derived: &self.derived, commands: &self.commands };
        egui::Panel::left("sidebar").default_size(230.0).size_range(170.0..=400.0).show(ui, |ui| {
            sidebar::sidebar_ui(ui, &view);
        });
        egui::Panel::right("positions").default_size(440.0).size_range(320.0..=720.0).show(ui, |ui| {
            positions_panel_ui(ui, &view);
        });
        egui::Panel::bottom("plot").resizable(true).default_size(300.0).size_range(160.0..=640.0).show(ui, |ui| {
            // Fill the panel whatever the tab shows: egui keeps a panel's size from what its
            // content used, so a short tab would otherwise shrink the panel for every other tab.
            ui.set_min_size(ui.available_size());
            self.preferences.plot.show_ui(ui, &view);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let article = view.article().and_then(|id| view.project().article(id));
            self.reader.show_ui(ui, &view, article);
        });
    }
}

fn positions_panel_ui(ui: &mut Ui, view: &ViewContext<'_>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Positions").heading());
        let scope = if view.article().is_some() { "for this article" } else { "overall" };
        ui.label(RichText::new(scope).weak());
    });
    ui.label(RichText::new("Drag a marker onto its axis. Click it for details.").small().weak());
    ui.separator();
    crate::ui::suggestions::suggestions_ui(ui, view);
    inspector::without_evidence_ui(ui, view);
    ui.separator();
    egui::ScrollArea::vertical().id_salt("positions-scroll").auto_shrink([false, false]).show(ui, |ui| {
        for issue in &view.project().issues {
            ui.add_space(4.0);
            ui.label(RichText::new(&issue.name).strong()).on_hover_text(&issue.description);
            let guides = forecast_guides(view, issue);
            axis::issue_axis_ui(ui, view, issue, &guides);
            ui.add_space(6.0);
            ui.separator();
        }
        if view.project().issues.is_empty() {
            ui.label("No issues yet. Add one from the sidebar.");
        }
        if let Some(marker) = view.selected_marker() {
            ui.add_space(6.0);
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new("Inspector").strong());
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.small_button("Close inspector").clicked() {
                            view.commands.send(Command::SelectMarker(None));
                        }
                    });
                });
                inspector::inspector_ui(ui, view, marker);
            });
        }
    });
}

/// The forecast lines on an axis: capability × salience weighted mean and median of the positions
/// coded for the current article by the current coder. They move while a marker is dragged.
fn forecast_guides(view: &ViewContext<'_>, issue: &crate::model::Issue) -> Vec<axis::AxisGuide> {
    let forecast = view.derived.axis_forecast(&issue.id);
    let mut guides = Vec::new();
    if let Some(mean) = forecast.mean {
        guides.push(axis::AxisGuide {
            value_on_axis: mean,
            caption: "mean".into(),
            color: egui::Color32::from_rgb(0x6a, 0x6a, 0xd0),
        });
    }
    if let Some(median) = forecast.median {
        guides.push(axis::AxisGuide {
            value_on_axis: median,
            caption: "median".into(),
            color: egui::Color32::from_rgb(0x9a, 0x40, 0x9a),
        });
    }
    guides
}
