//! In-app dialogs: the path prompt for Open / Save As / Import (with a Browse… button for the native
//! dialog, which may be missing on bare systems), the actor, issue and article editors, the
//! unsaved-changes question and the shortcut list. Each holds a draft; nothing reaches the project
//! until the user confirms, and then only as an edit.

use std::path::PathBuf;

use egui::{Id, Modal, RichText, Ui};

use super::ViewContext;
use crate::app::command::UserCommand;
use crate::model::{Actor, ActorId, ActorKind, Article, Edit, Issue, IssueId, Project, Rgb};

/// What a path prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a project, or an article into a new project.
    Open,
    /// Save the project under a path.
    SaveAs,
    /// Import article files or folders into the project.
    Import,
    /// Import coded positions from a CSV.
    ImportPositions,
    /// Export every position as CSV.
    ExportPositions,
    /// Export the aggregate table as CSV.
    ExportAggregate,
    /// Export the plot as an SVG figure.
    ExportFigure,
}

impl PathPurpose {
    fn title(self) -> &'static str {
        match self {
            Self::Open => "Open project or article",
            Self::SaveAs => "Save project as",
            Self::Import => "Import articles",
            Self::ImportPositions => "Import coded positions",
            Self::ExportPositions => "Export positions as CSV",
            Self::ExportAggregate => "Export aggregate table as CSV",
            Self::ExportFigure => "Export figure as SVG",
        }
    }

    fn confirm(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::SaveAs => "Save",
            Self::Import | Self::ImportPositions => "Import",
            Self::ExportPositions | Self::ExportAggregate | Self::ExportFigure => "Export",
        }
    }
}

/// A path typed by the user (or filled in by the native dialog).
#[derive(Clone, Debug)]
pub struct PathPrompt {
    /// What the path is for.
    pub purpose: PathPurpose,
    /// The typed text; for Import, several paths may be separated by new lines.
    pub text: String,
    /// A hint or error shown under the field.
    pub message: String,
    /// True while the native dialog is open.
    pub browsing: bool,
}

/// What to do once the user has answered the unsaved-changes question.
#[derive(Clone, Debug, PartialEq)]
pub enum PendingAction {
    /// Start a new project.
    New,
    /// Show the Open prompt.
    ShowOpen,
    /// Open this file.
    OpenPath(PathBuf),
    /// Close the app.
    Quit,
}

/// The dialog that is open (at most one at a time).
#[derive(Clone, Debug)]
pub enum Dialog {
    /// Typing or browsing for a path.
    Path(PathPrompt),
    /// Editing (or adding) an actor; `original` is `None` for a new one.
    Actor {
        /// The actor being edited, or `None` when adding.
        original: Option<ActorId>,
        /// The draft.
        actor: Box<Actor>,
        /// Aliases, one per line.
        aliases_text: String,
        /// Validation message.
        error: String,
    },
    /// Editing (or adding) an issue.
    Issue {
        /// The issue being edited, or `None` when adding.
        original: Option<IssueId>,
        /// The draft.
        issue: Box<Issue>,
        /// Keywords, comma separated.
        keywords_text: String,
        /// Validation message.
        error: String,
    },
    /// Editing the current article's metadata.
    ArticleDetails(Box<Article>),
    /// Asking whether to save before `PendingAction`.
    UnsavedChanges(PendingAction),
    /// Adding a coder.
    AddCoder(String),
    /// Listing keyboard shortcuts.
    Shortcuts,
    /// What an import did, file by file.
    ImportReport(ImportReportView),
}

/// An import's outcome as lines of text for the report dialog.
#[derive(Clone, Debug, Default)]
pub struct ImportReportView {
    /// One-line summary.
    pub summary: String,
    /// "title — file" per imported article.
    pub imported: Vec<String>,
    /// "title — file" per skipped duplicate.
    pub duplicates: Vec<String>,
    /// One message per failed file, naming it and the reason.
    pub failures: Vec<String>,
}

/// What the user chose in a dialog.
#[derive(Clone, Debug)]
pub enum DialogAction {
    /// Close the dialog without doing anything.
    Close,
    /// Apply this edit and close.
    ApplyEdit(Edit),
    /// Act on the path(s) typed for this purpose.
    SubmitPaths(PathPurpose, Vec<PathBuf>),
    /// Open the native file dialog for this purpose.
    Browse(PathPurpose),
    /// Unsaved changes: save first, then continue.
    SaveThen(PendingAction),
    /// Unsaved changes: discard them and continue.
    DiscardThen(PendingAction),
    /// Add a coder with this name and code as them.
    AddCoder(String),
}

impl Dialog {
    /// A path prompt for `purpose`, pre-filled with `initial`.
    pub fn path(purpose: PathPurpose, initial: String) -> Self {
        Self::Path(PathPrompt { purpose, text: initial, message: String::new(), browsing: false })
    }

    /// The actor editor for an existing actor, or a new one.
    pub fn actor(project: &Project, id: Option<&ActorId>) -> Self {
        let actor = id.and_then(|id| project.actor(id)).cloned().unwrap_or_else(|| Actor {
            color: crate::model::ACTOR_PALETTE[project.actors.len() % crate::model::ACTOR_PALETTE.len()],
            ..Actor::default()
        });
        Self::Actor {
            original: id.cloned(),
            aliases_text: actor.aliases.join("\n"),
            actor: Box::new(actor),
            error: String::new(),
        }
    }

    /// The issue editor for an existing issue, or a new one.
    pub fn issue(project: &Project, id: Option<&IssueId>) -> Self {
        let issue = id.and_then(|id| project.issue(id)).cloned().unwrap_or_else(|| Issue {
            low_label: "Opposes".into(),
            high_label: "Supports".into(),
            ..Issue::default()
        });
        Self::Issue {
            original: id.cloned(),
            keywords_text: issue.keywords.join(", "),
            issue: Box::new(issue),
            error: String::new(),
        }
    }

    /// Draws the dialog; returns what the user chose, if anything this frame.
    pub fn show(&mut self, ctx: &egui::Context, view: &ViewContext<'_>) -> Option<DialogAction> {
        let mut action = None;
        let modal = Modal::new(Id::unique("stancemap-dialog")).show(ctx, |ui| {
            ui.set_min_width(420.0);
            action = match self {
                Dialog::Path(prompt) => path_prompt_ui(ui, prompt),
                Dialog::Actor { original, actor, aliases_text, error } => {
                    actor_editor_ui(ui, view.project, original.as_ref(), actor, aliases_text, error)
                }
                Dialog::Issue { original, issue, keywords_text, error } => {
                    issue_editor_ui(ui, view.project, original.as_ref(), issue, keywords_text, error)
                }
                Dialog::ArticleDetails(article) => article_details_ui(ui, article),
                Dialog::UnsavedChanges(pending) => unsaved_changes_ui(ui, view, pending),
                Dialog::AddCoder(name) => add_coder_ui(ui, name),
                Dialog::Shortcuts => shortcuts_ui(ui),
                Dialog::ImportReport(report) => import_report_ui(ui, report),
            };
        });
        if action.is_none() && modal.should_close() && !matches!(self, Dialog::Path(PathPrompt { browsing: true, .. }))
        {
            action = Some(DialogAction::Close);
        }
        action
    }
}

fn buttons_ui(ui: &mut Ui, confirm: &str, enabled: bool) -> (bool, bool) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let confirmed = ui.add_enabled(enabled, egui::Button::new(RichText::new(confirm).strong())).clicked();
        let cancelled = ui.button("Cancel").clicked();
        (confirmed, cancelled)
    })
    .inner
}

fn path_prompt_ui(ui: &mut Ui, prompt: &mut PathPrompt) -> Option<DialogAction> {
    ui.heading(prompt.purpose.title());
    let hint = match prompt.purpose {
        PathPurpose::Open => "A .stancemap project, or an article file (.txt, .md, .html, .pdf, .docx, .odt, .rtf)",
        PathPurpose::SaveAs => "Where to save, e.g. ~/analysis/ukraine.stancemap",
        PathPurpose::Import => "Article files or folders, one per line",
        PathPurpose::ImportPositions => {
            "A CSV with columns actor, issue, position (optional: article, salience, confidence, coder, capability, quote)"
        }
        PathPurpose::ExportPositions | PathPurpose::ExportAggregate => "Where to write the CSV file",
        PathPurpose::ExportFigure => "Where to write the SVG file, e.g. ~/paper/positions.svg",
    };
    ui.label(RichText::new(hint).small().weak());
    let label = ui.label("Path");
    let multiline = prompt.purpose == PathPurpose::Import;
    let editor = if multiline {
        egui::TextEdit::multiline(&mut prompt.text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(&mut prompt.text)
    };
    let field = ui.add(editor.desired_width(f32::INFINITY)).labelled_by(label.id);
    if !field.has_focus() && prompt.text.is_empty() && !prompt.browsing {
        field.request_focus();
    }
    let pressed_enter = !multiline && field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !prompt.message.is_empty() {
        ui.label(RichText::new(&prompt.message).color(ui.visuals().warn_fg_color));
    }
    let mut action = None;
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let paths = parse_paths(&prompt.text);
        if (ui
            .add_enabled(!paths.is_empty(), egui::Button::new(RichText::new(prompt.purpose.confirm()).strong()))
            .clicked()
            || pressed_enter)
            && !paths.is_empty()
        {
            action = Some(DialogAction::SubmitPaths(prompt.purpose, paths));
        }
        if ui
            .add_enabled(!prompt.browsing, egui::Button::new("Browse…"))
            .on_hover_text("Use the system file dialog")
            .clicked()
        {
            action = Some(DialogAction::Browse(prompt.purpose));
        }
        if ui.button("Cancel").clicked() {
            action = Some(DialogAction::Close);
        }
        if prompt.browsing {
            ui.spinner();
            ui.label(RichText::new("Waiting for the system dialog…").small().weak());
        }
    });
    action
}

/// Splits typed text into paths: one per line, `~` expanded, surrounding quotes removed.
pub fn parse_paths(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(|line| line.trim().trim_matches(|c| c == '"' || c == '\''))
        .filter(|line| !line.is_empty())
        .map(|line| match (line.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => PathBuf::from(line),
        })
        .collect()
}

/// The Cancel button of an editor and, for an existing item, its Delete button on the right
/// (`delete` builds the removal edit only when pressed).
fn cancel_and_delete_ui(
    ui: &mut Ui,
    action: &mut Option<DialogAction>,
    delete: Option<impl FnOnce() -> Edit>,
    delete_label: &str,
    delete_tooltip: &str,
) {
    if ui.button("Cancel").clicked() {
        *action = Some(DialogAction::Close);
    }
    if let Some(delete) = delete {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(delete_label).on_hover_text(delete_tooltip).clicked() {
                *action = Some(DialogAction::ApplyEdit(delete()));
            }
        });
    }
}

fn actor_editor_ui(
    ui: &mut Ui,
    project: &Project,
    original: Option<&ActorId>,
    actor: &mut Actor,
    aliases_text: &mut String,
    error: &mut String,
) -> Option<DialogAction> {
    ui.heading(if original.is_some() { "Edit actor" } else { "Add actor" });
    egui::Grid::new("actor-editor").num_columns(2).spacing([10.0, 8.0]).show(ui, |ui| {
        let label = ui.label("Name");
        ui.add(egui::TextEdit::singleline(&mut actor.name).hint_text("e.g. Turkey")).labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Marker label");
        ui.add(
            egui::TextEdit::singleline(&mut actor.short_name)
                .hint_text("e.g. TR (initials if empty)")
                .desired_width(80.0),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Aliases");
        ui.add(
            egui::TextEdit::multiline(&mut *aliases_text).desired_rows(4).hint_text("One per line: Erdoğan, Ankara…"),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Colour");
        let mut rgb = actor.color.0;
        if ui.color_edit_button_srgb(&mut rgb).labelled_by(label.id).changed() {
            actor.color = Rgb(rgb);
        }
        ui.end_row();
        ui.label("Kind");
        ui.horizontal(|ui| {
            for kind in ActorKind::ALL {
                ui.selectable_value(&mut actor.kind, kind, kind.label());
            }
        });
        ui.end_row();
        let label = ui.label("Capability");
        ui.add(egui::Slider::new(&mut actor.capability, 0.0..=100.0).integer().text("weight in forecasts"))
            .labelled_by(label.id);
        ui.end_row();
        let parent_label = ui.label("Rolls up into");
        let parent_name = actor
            .parent
            .as_ref()
            .and_then(|id| project.actor(id))
            .map_or("— none —".to_owned(), |parent| parent.name.clone());
        let combo = egui::ComboBox::from_id_salt("actor-parent").selected_text(parent_name).show_ui(ui, |ui| {
            ui.selectable_value(&mut actor.parent, None, "— none —");
            for candidate in project.actors.iter().filter(|a| Some(&a.id) != original) {
                ui.selectable_value(&mut actor.parent, Some(candidate.id.clone()), &candidate.name);
            }
        });
        combo.response.labelled_by(parent_label.id);
        ui.end_row();
    });
    if !error.is_empty() {
        ui.label(RichText::new(error.as_str()).color(ui.visuals().error_fg_color));
    }
    let mut action = None;
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save actor").strong()).clicked() {
            let name = actor.name.trim().to_owned();
            let clash = project.actors.iter().any(|a| Some(&a.id) != original && a.name.eq_ignore_ascii_case(&name));
            if name.is_empty() {
                *error = "The actor needs a name.".into();
            } else if clash {
                *error = format!("There is already an actor called “{name}”.");
            } else {
                let mut saved = actor.clone();
                saved.name = name;
                saved.aliases =
                    aliases_text.lines().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned).collect();
                saved.id = original.cloned().unwrap_or_else(|| project.new_actor_id(&saved.name));
                let index = project.actors.len();
                action = Some(DialogAction::ApplyEdit(Edit::PutActor { index, actor: Box::new(saved) }));
            }
        }
        let delete = original.map(|id| move || Edit::remove_actor(project, id));
        cancel_and_delete_ui(ui, &mut action, delete, "Delete actor", "Delete the actor and all its positions");
    });
    action
}

fn issue_editor_ui(
    ui: &mut Ui,
    project: &Project,
    original: Option<&IssueId>,
    issue: &mut Issue,
    keywords_text: &mut String,
    error: &mut String,
) -> Option<DialogAction> {
    ui.heading(if original.is_some() { "Edit issue" } else { "Add issue" });
    egui::Grid::new("issue-editor").num_columns(2).spacing([10.0, 8.0]).show(ui, |ui| {
        let label = ui.label("Name");
        ui.add(egui::TextEdit::singleline(&mut issue.name).hint_text("e.g. Sanctions relief")).labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Question");
        ui.add(egui::TextEdit::multiline(&mut issue.description).desired_rows(2)).labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Low pole");
        ui.add(egui::TextEdit::singleline(&mut issue.low_label)).labelled_by(label.id);
        ui.end_row();
        let label = ui.label("High pole");
        ui.add(egui::TextEdit::singleline(&mut issue.high_label)).labelled_by(label.id);
        ui.end_row();
        ui.label("Scale");
        ui.horizontal(|ui| {
            let from = ui.label("from");
            ui.add(egui::DragValue::new(&mut issue.scale_min).speed(1.0)).labelled_by(from.id);
            let to = ui.label("to");
            ui.add(egui::DragValue::new(&mut issue.scale_max).speed(1.0)).labelled_by(to.id);
        });
        ui.end_row();
        let label = ui.label("Keywords");
        ui.add(egui::TextEdit::singleline(&mut *keywords_text).hint_text("underlined in articles, comma separated"))
            .labelled_by(label.id);
        ui.end_row();
    });
    if !error.is_empty() {
        ui.label(RichText::new(error.as_str()).color(ui.visuals().error_fg_color));
    }
    let mut action = None;
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save issue").strong()).clicked() {
            let name = issue.name.trim().to_owned();
            let out_of_scale = original.is_some_and(|id| {
                project.positions.on_issue(id).any(|p| p.value < issue.scale_min || p.value > issue.scale_max)
            });
            if name.is_empty() {
                *error = "The issue needs a name.".into();
            } else if issue.scale_min.partial_cmp(&issue.scale_max) != Some(std::cmp::Ordering::Less) {
                *error = "The scale's low end must be below its high end.".into();
            } else if out_of_scale {
                *error = "Some coded positions lie outside the new scale; widen it or move them first.".into();
            } else {
                let mut saved = issue.clone();
                saved.name = name;
                saved.keywords =
                    keywords_text.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect();
                saved.id = original.cloned().unwrap_or_else(|| project.new_issue_id(&saved.name));
                let index = project.issues.len();
                action = Some(DialogAction::ApplyEdit(Edit::PutIssue { index, issue: Box::new(saved) }));
            }
        }
        let delete = original.map(|id| move || Edit::remove_issue(project, id));
        cancel_and_delete_ui(ui, &mut action, delete, "Delete issue", "Delete the issue and all positions on it");
    });
    action
}

fn article_details_ui(ui: &mut Ui, article: &mut Article) -> Option<DialogAction> {
    ui.heading("Article details");
    egui::Grid::new("article-details").num_columns(2).spacing([10.0, 8.0]).show(ui, |ui| {
        for (name, value, hint) in [
            ("Title", &mut article.title, "headline"),
            ("Source", &mut article.source, "outlet, e.g. CBS News"),
            ("Date", &mut article.date, "YYYY-MM-DD"),
            ("URL", &mut article.url, "https://…"),
            ("Byline", &mut article.byline, "author(s)"),
        ] {
            let label = ui.label(name);
            ui.add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(320.0)).labelled_by(label.id);
            ui.end_row();
        }
    });
    let (save, cancel) = buttons_ui(ui, "Save details", true);
    if save {
        let index = 0; // replaced in place: the article keeps its place in the list
        return Some(DialogAction::ApplyEdit(Edit::PutArticle { index, article: Box::new(article.clone()) }));
    }
    cancel.then_some(DialogAction::Close)
}

fn unsaved_changes_ui(ui: &mut Ui, view: &ViewContext<'_>, pending: &PendingAction) -> Option<DialogAction> {
    let name = if view.project.title.trim().is_empty() { "Untitled" } else { view.project.title.trim() };
    ui.heading(format!("Save changes to “{name}”?"));
    ui.label("Your changes will be lost if you don't save them.");
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save").strong()).clicked() {
            return Some(DialogAction::SaveThen(pending.clone()));
        }
        if ui.button("Don't save").clicked() {
            return Some(DialogAction::DiscardThen(pending.clone()));
        }
        ui.button("Cancel").clicked().then_some(DialogAction::Close)
    })
    .inner
}

fn add_coder_ui(ui: &mut Ui, name: &mut String) -> Option<DialogAction> {
    ui.heading("Add coder");
    ui.label("Positions are stored per coder, so several people can code the same articles and compare.");
    let label = ui.label("Name");
    ui.add(egui::TextEdit::singleline(name).hint_text("e.g. Coder B")).labelled_by(label.id);
    let (add, cancel) = buttons_ui(ui, "Add coder", !name.trim().is_empty());
    if add {
        return Some(DialogAction::AddCoder(name.trim().to_owned()));
    }
    cancel.then_some(DialogAction::Close)
}

fn import_report_ui(ui: &mut Ui, report: &ImportReportView) -> Option<DialogAction> {
    ui.heading("Import report");
    ui.label(RichText::new(&report.summary).strong());
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        let sections = [
            ("Failed", &report.failures, ui.visuals().error_fg_color),
            ("Skipped (already in the project)", &report.duplicates, ui.visuals().warn_fg_color),
            ("Imported", &report.imported, ui.visuals().text_color()),
        ];
        for (heading, lines, color) in sections {
            if lines.is_empty() {
                continue;
            }
            ui.add_space(6.0);
            ui.label(RichText::new(format!("{heading} ({})", lines.len())).strong());
            for line in lines {
                ui.add(egui::Label::new(RichText::new(line).color(color)).wrap());
            }
        }
    });
    ui.add_space(8.0);
    ui.button("Close").clicked().then_some(DialogAction::Close)
}

fn shortcuts_ui(ui: &mut Ui) -> Option<DialogAction> {
    ui.heading("Keyboard shortcuts");
    egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
        for command in UserCommand::ALL {
            let Some(shortcut) = command.shortcuts().into_iter().next() else {
                continue;
            };
            ui.label(command.text_and_tooltip().0);
            ui.label(RichText::new(ui.ctx().format_shortcut(&shortcut)).monospace());
            ui.end_row();
        }
        for (action, keys) in [
            ("Move focused marker", "Left / Right arrow"),
            ("Move focused marker by 10", "Shift + Left / Right arrow"),
            ("Clear focused marker", "Delete"),
            ("Next marker", "Tab"),
        ] {
            ui.label(action);
            ui.label(RichText::new(keys).monospace());
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    ui.button("Close").clicked().then_some(DialogAction::Close)
}
