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
        if self.loading_ui(ui) {
            return;
        }
        self.check_recovery();
        if std::mem::take(&mut self.team_check)
            && let Some(root) = self.session.team_root().map(std::path::Path::to_owned)
        {
            self.ask_who_you_are(&root);
        }
        self.poll_background_work(&ctx);
        self.poll_team_folder(&ctx);
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
        self.store_preferences(storage);
    }
}

impl App {
    /// While a project file is read at start-up: the whole window shows "Loading NAME... 40 %"
    /// and Cancel, and true is returned (the frame draws nothing else). While one is read for
    /// File > Open, the same bar and Cancel sit in a strip at the bottom and the frame goes on with
    /// the open project. When the read is done the project is opened (or its error shown over the
    /// project shown) and the frame goes on as usual.
    fn loading_ui(&mut self, ui: &mut Ui) -> bool {
        let ctx = ui.ctx().clone();
        if let Some(path) = self.load_path.take() {
            self.load_job = Some(super::load_job::LoadJob::start(&path, false, ctx.clone()));
        }
        let Some(job) = &self.load_job else { return false };
        if let Some(result) = job.try_finish() {
            let path = job.path.clone();
            self.load_job = None;
            for effect in self.session.apply(Command::FinishLoad(Box::new((path, result)))) {
                self.show_effect(&ctx, effect);
            }
            return false;
        }
        let over_open_project = job.over_open_project;
        if !over_open_project {
            let title = format!("Loading {}", job.file_name);
            if title != self.window_title {
                ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
                self.window_title = title;
            }
        }
        let fraction = job.fraction();
        let text = format!("Loading {}... {:.0} %", job.file_name, fraction * 100.0);
        let mut cancelled = false;
        let progress_ui = |ui: &mut Ui, cancelled: &mut bool, hover: &str| {
            ui.add(egui::ProgressBar::new(fraction).desired_width(420.0).text(text.clone()));
            *cancelled = ui.button("Cancel loading").on_hover_text(hover).clicked();
        };
        if over_open_project {
            egui::Panel::bottom("open-progress").show(ui, |ui| {
                ui.horizontal(|ui| progress_ui(ui, &mut cancelled, "Stop reading the file and keep this project"));
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() * 0.4);
                    progress_ui(ui, &mut cancelled, "Stop reading the file and show the sample");
                });
            });
        }
        if cancelled {
            job.cancel();
            let shown = if over_open_project { "the open project stays" } else { "the sample project is shown" };
            self.notifications.info(format!("Stopped loading {}; {shown}", job.file_name));
            self.load_job = None;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        !over_open_project
    }

    /// Tells the session what a figure export draws: the plot panel's current view.
    fn sync_figure_choice(&mut self) {
        let choice = self.preferences.plot.figure_choice();
        if self.session.figure_choice() != &choice {
            self.session.apply(Command::ChooseFigure(choice));
        }
    }
}

/// One entry of a menu.
#[derive(Clone, Copy, Debug)]
enum MenuItem {
    /// A named action from the catalogue ([`UserCommand`]): its text, tooltip and shortcut.
    Do(UserCommand),
    /// A line between groups.
    Line,
    /// The submenu of recently opened projects.
    OpenRecent,
    /// A view switch, shown as a check box.
    Switch(ViewSwitch),
    /// The theme choices.
    Themes,
}

/// The view switches of the Project menu (view state of the session, not edits).
#[derive(Clone, Copy, Debug)]
enum ViewSwitch {
    OtherCoders,
    Spread,
    Overall,
}

impl ViewSwitch {
    fn text_and_tooltip(self) -> (&'static str, &'static str) {
        match self {
            Self::OtherCoders => {
                ("Show other coders' markers", "Beside yours, the other coders' markers for this article")
            }
            Self::Spread => (
                "Show spread over all articles",
                "Under each axis: every actor's range, mean ± SD and mean over all articles and coders",
            ),
            Self::Overall => (
                "Show overall judgements",
                "On each axis: your overall judgement of each actor (a hollow diamond), beside this article's markers",
            ),
        }
    }

    fn is_on(self, session: &crate::session::Session) -> bool {
        match self {
            Self::OtherCoders => session.show_other_coders(),
            Self::Spread => session.spread_enabled(),
            Self::Overall => session.show_overall(),
        }
    }

    fn command(self, on: bool) -> Command {
        match self {
            Self::OtherCoders => Command::ShowOtherCoders(on),
            Self::Spread => Command::ShowSpread(on),
            Self::Overall => Command::ShowOverall(on),
        }
    }
}

use MenuItem::{Do, Line};
use UserCommand as U;

/// The menu bar, as data: each menu's title and its entries in order. The coder picker follows.
const MENUS: &[(&str, &[MenuItem])] = &[
    (
        "File",
        &[
            Do(U::New),
            Do(U::Open),
            MenuItem::OpenRecent,
            Line,
            Do(U::Save),
            Do(U::SaveAs),
            Line,
            Do(U::ImportArticles),
            Do(U::ImportPositionsCsv),
            Line,
            Do(U::ExportPositionsCsv),
            Do(U::ExportAggregateCsv),
            Do(U::ExportFigureSvg),
            Do(U::ExportFigurePng),
            Do(U::ExportReport),
            Do(U::ExportTidyCsv),
            Do(U::ExportTidyJson),
            Line,
            Do(U::ExportQdpx),
            Do(U::ExportKtab),
            Do(U::ExportDna),
            Line,
            Do(U::Quit),
        ],
    ),
    (
        "Edit",
        &[
            Do(U::Undo),
            Do(U::Redo),
            Line,
            Do(U::Find),
            Do(U::NextMention),
            Do(U::PreviousMention),
            Do(U::EditArticleDetails),
        ],
    ),
    (
        "Project",
        &[
            Do(U::AddActor),
            Do(U::AddIssue),
            Line,
            Do(U::MergeProject),
            Do(U::MakeTeamProject),
            Do(U::ShowTeam),
            Do(U::Adjudicate),
            Do(U::ShowTrash),
            Line,
            Do(U::NextArticle),
            Do(U::PreviousArticle),
            Do(U::FilterArticles),
            Do(U::ToggleArticleDone),
            Do(U::NextSuggestion),
            Do(U::PreviousSuggestion),
            Do(U::AcceptSuggestion),
            Do(U::RejectSuggestion),
            Do(U::FocusMarker),
            Do(U::UseSelectionAsEvidence),
            Line,
            MenuItem::Switch(ViewSwitch::OtherCoders),
            MenuItem::Switch(ViewSwitch::Spread),
            MenuItem::Switch(ViewSwitch::Overall),
        ],
    ),
    ("View", &[MenuItem::Themes, Line, Do(U::ResetLayout)]),
    ("Help", &[Do(U::ShowShortcuts), Do(U::About)]),
];

impl App {
    fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu-bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                for (title, items) in MENUS {
                    ui.menu_button(*title, |ui| {
                        for item in *items {
                            self.menu_entry_ui(ui, *item);
                        }
                    });
                }
                ui.separator();
                self.coder_picker_ui(ui);
            });
        });
    }

    fn menu_entry_ui(&self, ui: &mut Ui, item: MenuItem) {
        match item {
            Do(command) => self.menu_item_ui(ui, command),
            Line => {
                ui.separator();
            }
            MenuItem::OpenRecent => self.open_recent_ui(ui),
            MenuItem::Switch(switch) => {
                let (text, tooltip) = switch.text_and_tooltip();
                let mut on = switch.is_on(&self.session);
                if ui.checkbox(&mut on, text).on_hover_text(tooltip).changed() {
                    self.commands.send(switch.command(on));
                }
            }
            MenuItem::Themes => {
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
            }
        }
    }

    fn open_recent_ui(&self, ui: &mut Ui) {
        ui.menu_button("Open Recent", |ui| {
            if self.preferences.recent_files.is_empty() {
                ui.label(RichText::new("No recent projects").weak());
            }
            for path in self.preferences.recent_files.iter().take(MAX_RECENT_FILES) {
                let name =
                    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                    self.commands.send(Command::OpenPath(path.clone()));
                }
            }
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
            // A team folder is one already: File > Export > "Single project file" goes back.
            UserCommand::MakeTeamProject => self.session.team_root().is_none(),
            _ => true,
        };
        // "Undo move Russia on …": say what will be undone.
        let step = match command {
            UserCommand::Undo => document.undo_label(),
            UserCommand::Redo => document.redo_label(),
            _ => None,
        };
        let text = match (command, step) {
            (_, Some(step)) => format!("{text} {step}"),
            (UserCommand::ShowTrash, None) => format!("Trash ({})…", self.session.project().trash.len()),
            (_, None) => text.to_owned(),
        };
        let mut button = egui::Button::new(text);
        if let Some(shortcut) = command.shortcuts().into_iter().next() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        let response = ui.add_enabled(enabled, button).on_hover_text(tooltip);
        let response = match command {
            UserCommand::MakeTeamProject => response.on_disabled_hover_text("This project is a team folder already"),
            _ => response,
        };
        if response.clicked() {
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
                let mut cancelled = false;
                if let Some(job) = &self.exchange_job {
                    let verb = if job.open { "Opening" } else { "Importing" };
                    let text = format!("{verb} {} · {}", job.file_name, job.stage());
                    ui.add(egui::ProgressBar::new(job.fraction()).desired_width(320.0).text(text));
                    let what = if job.open { "opening" } else { "importing" };
                    let cancel =
                        ui.button(format!("Cancel {what}")).on_hover_text("Nothing changes in the open project");
                    if cancel.clicked() {
                        job.cancel();
                        self.commands.send(Command::ExchangeReadCancelled(job.path.clone()));
                        cancelled = true;
                    }
                    ui.separator();
                }
                if cancelled {
                    self.exchange_job = None;
                }
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
                if let Some(root) = self.session.team_root() {
                    let coder = self.session.coder();
                    let name = project.coder(coder).map_or(coder.as_str(), |c| c.name.as_str());
                    let folder = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    ui.separator();
                    ui.label(RichText::new(format!("Team folder {folder} · you are {name}")).small()).on_hover_text(
                        format!("Save writes only {}", crate::io::team::coder_file_path(root, coder).display()),
                    );
                }
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
        let epoch = self.preferences.layout_epoch;
        let room = ui.available_size();
        let limits = PanelLimits::for_room(room);
        egui::Panel::left(("sidebar", epoch))
            .default_size(230.0_f32.min(limits.sidebar.max))
            .size_range(limits.sidebar)
            .show(ui, |ui| {
                sidebar::sidebar_ui(ui, &view);
            });
        egui::Panel::right(("positions", epoch))
            .default_size(440.0_f32.min(limits.positions.max))
            .size_range(limits.positions)
            .show(ui, |ui| {
                positions_panel_ui(ui, &view);
            });
        let plot = egui::Panel::bottom(("plot", epoch))
            .resizable(true)
            .default_size(300.0_f32.min(limits.plot.max))
            .size_range(limits.plot)
            .show(ui, |ui| {
                // The tab draws into exactly the panel's room: what does not fit is clipped (the
                // tables scroll), never added to the panel's height, which egui would keep (and
                // save) and which could push the tab bar out of the window.
                let rect = ui.available_rect_before_wrap();
                let mut tab = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
                tab.shrink_clip_rect(rect);
                self.preferences.plot.show_ui(&mut tab, &view);
                ui.advance_cursor_after_rect(rect);
            });
        self.plot_panel_rect = Some(plot.response.rect);
        egui::CentralPanel::default().show(ui, |ui| {
            let article = view.article().and_then(|id| view.project().article(id));
            self.reader.show_ui(ui, &view, article);
        });
    }
}

/// How large each panel may be in a window of this size, so that whatever size egui restored
/// (from this session or a saved one) the reader keeps room and every tab bar stays on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PanelLimits {
    pub sidebar: egui::Rangef,
    pub positions: egui::Rangef,
    pub plot: egui::Rangef,
}

impl PanelLimits {
    /// The limits for `room`, the space below the menu bar and above the status bar.
    pub(crate) fn for_room(room: egui::Vec2) -> Self {
        // At most a share of the window, and the usual minimum unless the window is tiny.
        let range = |min: f32, max: f32, share: f32, total: f32| {
            let max = max.min(total * share).max(0.0);
            egui::Rangef::new(min.min(max), max)
        };
        Self {
            sidebar: range(170.0, 400.0, 0.3, room.x),
            positions: range(320.0, 720.0, 0.45, room.x),
            plot: range(160.0, 900.0, 0.7, room.y),
        }
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

#[cfg(test)]
mod tests {
    use super::PanelLimits;

    #[test]
    fn panels_leave_the_reader_room_and_keep_their_minimum_only_where_it_fits() {
        for (width, height) in [(1440.0, 840.0), (800.0, 500.0), (320.0, 200.0), (3840.0, 2100.0)] {
            let limits = PanelLimits::for_room(egui::vec2(width, height));
            assert!(limits.plot.max <= height * 0.7, "{width}×{height}: the plot leaves the reader room");
            assert!(limits.sidebar.max + limits.positions.max <= width * 0.75 + 0.01, "{width}×{height}");
            for range in [limits.sidebar, limits.positions, limits.plot] {
                assert!(range.min <= range.max, "{width}×{height}: {range:?}");
            }
        }
        let usual = PanelLimits::for_room(egui::vec2(1440.0, 840.0));
        assert_eq!((usual.sidebar.min, usual.positions.min, usual.plot.min), (170.0, 320.0, 160.0));
        // A size saved in a taller window is clamped to a smaller one's limit.
        let small = PanelLimits::for_room(egui::vec2(800.0, 400.0));
        assert_eq!(small.plot.clamp(700.0), 280.0);
    }
}
