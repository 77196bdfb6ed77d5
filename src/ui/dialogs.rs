//! In-app dialogs: the path prompt for Open / Save As / Import (with a Browse… button for the native
//! dialog, which may be missing on bare systems), the actor, issue and article editors, the
//! unsaved-changes question and the shortcut list. Each holds a draft and sends it as a command;
//! the session validates it and either closes the dialog or sends back a problem to show in it.

use std::path::PathBuf;

use egui::{Id, Modal, RichText, Ui};

use super::ViewContext;
use super::user_command::UserCommand;
use crate::model::wording::count;
use crate::model::{ActorId, ActorKind, Article, Project, Rgb};
use crate::session::{
    ActorDraft, BatchDate, BatchDetailsDraft, CodeMappingDraft, CodeRowKind, Command, CommandSender, DialogRequest,
    ExchangeReportView, ImportReportView, IssueDraft, PathPurpose, PendingAction,
};

fn purpose_title(purpose: PathPurpose) -> &'static str {
    match purpose {
        PathPurpose::Open => "Open project or article",
        PathPurpose::SaveAs => "Save project as",
        PathPurpose::Import => "Import articles",
        PathPurpose::ImportPositions => "Import coded positions",
        PathPurpose::Merge => "Merge another copy of the project",
        PathPurpose::MakeTeam => "Make a team project",
        PathPurpose::Export(kind) => kind.title(),
    }
}

fn purpose_confirm(purpose: PathPurpose) -> &'static str {
    match purpose {
        PathPurpose::Open => "Open",
        PathPurpose::SaveAs => "Save",
        PathPurpose::Import | PathPurpose::ImportPositions => "Import",
        PathPurpose::Merge => "Merge",
        PathPurpose::MakeTeam => "Make team folder",
        PathPurpose::Export(_) => "Export",
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
    /// The field takes the keyboard when the prompt opens, even with a path filled in (Save As,
    /// Export), so typing edits the path and Enter submits it.
    pub focus_pending: bool,
}

/// The dialog that is open (at most one at a time), with its draft.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// Typing or browsing for a path.
    Path(PathPrompt),
    /// Editing (or adding) an actor.
    Actor {
        /// The draft.
        draft: Box<ActorDraft>,
        /// Problem reported by the session.
        error: String,
    },
    /// Editing (or adding) an issue.
    Issue {
        /// The draft.
        draft: Box<IssueDraft>,
        /// Problem reported by the session.
        error: String,
    },
    /// Editing the current article's metadata.
    ArticleDetails(Box<Article>),
    /// Setting the source and date of several articles at once.
    BatchArticleDetails {
        /// The choices.
        draft: Box<BatchDetailsDraft>,
        /// Problem reported by the session.
        error: String,
    },
    /// Asking whether to save before `PendingAction`.
    UnsavedChanges(PendingAction),
    /// Asking whether to replace an existing file.
    ConfirmReplace(PathPurpose, PathBuf),
    /// The project file changed on disk (the flag: the question came from Save).
    ChangedOnDisk(PathBuf, bool),
    /// Offering autosaved work back.
    Recover {
        /// The project's name.
        name: String,
        /// When it was autosaved.
        written_at: String,
        /// What differs from the file.
        summary: String,
    },
    /// "Who are you?" on opening a team folder: pick a coder or join as a new one.
    WhoAreYou {
        /// The folder's coders (id, name).
        coders: Vec<(crate::model::CoderId, String)>,
        /// The name typed to join as a new coder.
        name: String,
        /// Problem reported by the session.
        error: String,
    },
    /// The Team view.
    Team(Box<crate::analysis::team_status::StatusReport>),
    /// The adjudication view.
    Adjudicate(Box<super::adjudicate::AdjudicationView>),
    /// Adding a coder.
    AddCoder {
        /// The name typed.
        name: String,
        /// Problem reported by the session.
        error: String,
    },
    /// Listing keyboard shortcuts.
    Shortcuts,
    /// About StanceMap: version, licence, folders.
    About(super::about::AboutFacts),
    /// The Trash.
    Trash,
    /// Choosing a side in each conflict of a merge.
    MergeConflicts {
        /// The other file's name.
        file: String,
        /// One line per conflict.
        conflicts: Vec<String>,
        /// Take the other file's side, per conflict.
        take_theirs: Vec<bool>,
    },
    /// Asking before emptying the Trash.
    ConfirmEmptyTrash(usize),
    /// Renaming a coder.
    RenameCoder {
        /// The coder.
        id: crate::model::CoderId,
        /// The name typed.
        name: String,
        /// Problem reported by the session.
        error: String,
    },
    /// What an import did, file by file.
    ImportReport(ImportReportView),
    /// What an import of another tool's project brought in and left out.
    ExchangeReport(ExchangeReportView),
    /// The mapping step of another tool's project.
    MapCodes(CodeMappingDraft),
    /// Asking before merging two actors: (from, into), (their names), what moves.
    ConfirmMergeActors((ActorId, ActorId), (String, String), String),
    /// Asking what to do with names a positions CSV uses that the project does not have.
    ImportNames(Box<super::actor_dialogs::ImportNamesDraft>),
}

impl Dialog {
    /// The dialog the session asked for.
    pub fn from_request(request: DialogRequest) -> Self {
        match request {
            DialogRequest::Path { purpose, initial } => Self::Path(PathPrompt {
                purpose,
                text: initial,
                message: String::new(),
                browsing: false,
                focus_pending: true,
            }),
            DialogRequest::Actor(draft) => Self::Actor { draft, error: String::new() },
            DialogRequest::Issue(draft) => Self::Issue { draft, error: String::new() },
            DialogRequest::ArticleDetails(article) => Self::ArticleDetails(article),
            DialogRequest::BatchArticleDetails(draft) => Self::BatchArticleDetails { draft, error: String::new() },
            DialogRequest::UnsavedChanges(pending) => Self::UnsavedChanges(pending),
            DialogRequest::ConfirmReplace { purpose, path } => Self::ConfirmReplace(purpose, path),
            DialogRequest::ChangedOnDisk { path, saving } => Self::ChangedOnDisk(path, saving),
            DialogRequest::Recover { name, written_at, summary } => Self::Recover { name, written_at, summary },
            DialogRequest::AddCoder => Self::AddCoder { name: String::new(), error: String::new() },
            DialogRequest::Shortcuts => Self::Shortcuts,
            DialogRequest::About => Self::About(super::about::AboutFacts::default()),
            DialogRequest::Trash => Self::Trash,
            DialogRequest::Team(status) => Self::Team(status),
            DialogRequest::Adjudication => Self::Adjudicate(Box::default()),
            DialogRequest::MergeConflicts { file, conflicts } => {
                let take_theirs = vec![false; conflicts.len()];
                Self::MergeConflicts { file, conflicts, take_theirs }
            }
            DialogRequest::ConfirmEmptyTrash { count } => Self::ConfirmEmptyTrash(count),
            DialogRequest::RenameCoder { id, name } => Self::RenameCoder { id, name, error: String::new() },
            DialogRequest::ImportReport(report) => Self::ImportReport(report),
            DialogRequest::ExchangeReport(report) => Self::ExchangeReport(report),
            DialogRequest::MapCodes(draft) => Self::MapCodes(draft),
            DialogRequest::ConfirmMergeActors { from, into, from_name, into_name, summary } => {
                Self::ConfirmMergeActors((from, into), (from_name, into_name), summary)
            }
            DialogRequest::ImportNames { path, scale, names } => {
                Self::ImportNames(Box::new(super::actor_dialogs::ImportNamesDraft::new(path, scale, names)))
            }
        }
    }

    /// Shows a problem the session found with what was submitted, keeping the draft.
    pub fn show_error(&mut self, message: String) {
        match self {
            Dialog::Path(prompt) => {
                prompt.browsing = false;
                prompt.message = message;
            }
            Dialog::Actor { error, .. }
            | Dialog::Issue { error, .. }
            | Dialog::AddCoder { error, .. }
            | Dialog::WhoAreYou { error, .. }
            | Dialog::BatchArticleDetails { error, .. }
            | Dialog::RenameCoder { error, .. } => {
                *error = message;
            }
            _ => {}
        }
    }

    /// Marks the path prompt as waiting for the system file dialog.
    pub fn set_browsing(&mut self) {
        if let Dialog::Path(prompt) = self {
            prompt.browsing = true;
            prompt.message.clear();
        }
    }

    /// True for dialogs holding typed input, which a stray click outside must not throw away.
    fn holds_draft(&self) -> bool {
        // A question about two versions of the work must be answered, not clicked away.
        matches!(
            self,
            Dialog::Path(_)
                | Dialog::Actor { .. }
                | Dialog::Issue { .. }
                | Dialog::ArticleDetails(_)
                | Dialog::BatchArticleDetails { .. }
                | Dialog::ChangedOnDisk(..)
                | Dialog::Recover { .. }
                | Dialog::RenameCoder { .. }
                | Dialog::MergeConflicts { .. }
                | Dialog::MapCodes(_)
                | Dialog::WhoAreYou { .. }
                | Dialog::Adjudicate(_)
        ) || matches!(self, Dialog::AddCoder { name, .. } if !name.is_empty())
    }

    /// Draws the dialog and sends what the user chose.
    pub fn show(&mut self, ctx: &egui::Context, view: &ViewContext<'_>) {
        let commands = view.commands;
        let modal = Modal::new(Id::unique("stancemap-dialog")).show(ctx, |ui| {
            ui.set_min_width(420.0);
            match self {
                Dialog::Path(prompt) => path_prompt_ui(ui, prompt, commands),
                Dialog::Actor { draft, error } => actor_editor_ui(ui, view.project(), draft, error, commands),
                Dialog::Issue { draft, error } => issue_editor_ui(ui, draft, error, commands),
                Dialog::ArticleDetails(article) => article_details_ui(ui, article, commands),
                Dialog::BatchArticleDetails { draft, error } => batch_details_ui(ui, draft, error, commands),
                Dialog::UnsavedChanges(pending) => unsaved_changes_ui(ui, view, pending),
                Dialog::ConfirmReplace(purpose, path) => confirm_replace_ui(ui, *purpose, path, commands),
                Dialog::ChangedOnDisk(path, saving) => changed_on_disk_ui(ui, path, *saving, commands),
                Dialog::Recover { name, written_at, summary } => recover_ui(ui, name, written_at, summary, commands),
                Dialog::AddCoder { name, error } => add_coder_ui(ui, name, error, commands),
                Dialog::WhoAreYou { coders, name, error } => who_are_you_ui(ui, coders, name, error, commands),
                Dialog::Shortcuts => shortcuts_ui(ui, commands),
                Dialog::About(facts) => super::about::about_ui(ui, facts, commands),
                Dialog::Trash => super::trash_dialog::trash_ui(ui, view.project(), commands),
                Dialog::Team(status) => team_ui(ui, status, commands),
                Dialog::Adjudicate(state) => super::adjudicate::adjudication_ui(ui, state, view),
                Dialog::MergeConflicts { file, conflicts, take_theirs } => {
                    super::trash_dialog::merge_conflicts_ui(ui, file, conflicts, take_theirs, commands);
                }
                Dialog::ConfirmEmptyTrash(count) => super::trash_dialog::confirm_empty_trash_ui(ui, *count, commands),
                Dialog::RenameCoder { id, name, error } => {
                    super::trash_dialog::rename_coder_ui(ui, id, name, error, commands);
                }
                Dialog::ImportReport(report) => import_report_ui(ui, report, commands),
                Dialog::ExchangeReport(report) => exchange_report_ui(ui, report, commands),
                Dialog::MapCodes(draft) => map_codes_ui(ui, draft, &view.project().actors, commands),
                Dialog::ConfirmMergeActors(ids, names, summary) => {
                    super::actor_dialogs::confirm_merge_actors_ui(ui, ids, names, summary, commands);
                }
                Dialog::ImportNames(draft) => super::actor_dialogs::import_names_ui(ui, draft, commands),
            }
        });
        let browsing = matches!(self, Dialog::Path(PathPrompt { browsing: true, .. }));
        let close = if self.holds_draft() {
            // Only Escape (or Cancel) closes a dialog with typed input: not a click beside it.
            modal.is_top_modal
                && !modal.any_popup_open
                && ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        } else {
            modal.should_close()
        };
        if close && !browsing {
            commands.send(Command::CloseDialog);
        }
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

fn path_prompt_ui(ui: &mut Ui, prompt: &mut PathPrompt, commands: &CommandSender) {
    ui.heading(purpose_title(prompt.purpose));
    let hint = match prompt.purpose {
        PathPurpose::Open => {
            "A .stancemap project, a REFI-QDA project (.qdpx), a DNA database (.dna), or an article file (.txt, .md, .html, .pdf, .docx, .odt, .rtf)"
        }
        PathPurpose::SaveAs => "Where to save, e.g. ~/analysis/ukraine.stancemap",
        PathPurpose::Import => {
            "Article files or folders, REFI-QDA projects (.qdpx), DNA databases (.dna) or KTAB scenarios (.csv), one per line"
        }
        PathPurpose::ImportPositions => {
            "A CSV with columns actor, issue, position (optional: article, salience, confidence, coder, capability, quote)"
        }
        PathPurpose::Merge => "Another coder's .stancemap copy of this project; their positions are added per coder",
        PathPurpose::MakeTeam => {
            "A new folder your team shares through git, Syncthing, Dropbox, OneDrive or a network share: the codebook goes to team.stancemap, each coder's work to their own file in coders/"
        }
        PathPurpose::Export(kind) => kind.path_hint(),
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
    if std::mem::take(&mut prompt.focus_pending) || (!field.has_focus() && prompt.text.is_empty() && !prompt.browsing) {
        field.request_focus();
    }
    let pressed_enter = !multiline && field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !prompt.message.is_empty() {
        ui.label(RichText::new(&prompt.message).color(ui.visuals().warn_fg_color));
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let paths = parse_paths(&prompt.text);
        let confirm = egui::Button::new(RichText::new(purpose_confirm(prompt.purpose)).strong());
        if (ui.add_enabled(!paths.is_empty(), confirm).clicked() || pressed_enter) && !paths.is_empty() {
            commands.send(Command::SubmitPaths(prompt.purpose, paths));
        }
        if ui
            .add_enabled(!prompt.browsing, egui::Button::new("Browse…"))
            .on_hover_text("Use the system file dialog")
            .clicked()
        {
            commands.send(Command::Browse(prompt.purpose));
        }
        if ui.button("Cancel").clicked() {
            commands.send(Command::CloseDialog);
        }
        if prompt.browsing {
            ui.spinner();
            ui.label(RichText::new("Waiting for the system dialog…").small().weak());
        }
    });
}

/// Splits typed text into paths: one per line, `~` expanded, surrounding quotes removed.
pub fn parse_paths(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(|line| line.trim().trim_matches(|c| c == '"' || c == '\''))
        .filter(|line| !line.is_empty())
        .map(|line| {
            // `~` is the home folder on every platform (Windows has no HOME; `directories` asks the
            // system), with either separator after it.
            let rest = line.strip_prefix("~/").or_else(|| line.strip_prefix("~\\"));
            match (rest, directories::BaseDirs::new()) {
                (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
                _ => PathBuf::from(line),
            }
        })
        .collect()
}

/// The Cancel button of an editor and, for an existing item, its Delete button on the right.
fn cancel_and_delete_ui(
    ui: &mut Ui,
    commands: &CommandSender,
    delete: Option<Command>,
    delete_label: &str,
    delete_tooltip: &str,
) {
    if ui.button("Cancel").clicked() {
        commands.send(Command::CloseDialog);
    }
    if let Some(delete) = delete {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(delete_label).on_hover_text(delete_tooltip).clicked() {
                commands.send(delete);
            }
        });
    }
}

fn error_ui(ui: &mut Ui, error: &str) {
    if !error.is_empty() {
        ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
    }
}

fn actor_editor_ui(ui: &mut Ui, project: &Project, draft: &mut ActorDraft, error: &str, commands: &CommandSender) {
    let original = draft.original.clone();
    ui.heading(if original.is_some() { "Edit actor" } else { "Add actor" });
    let actor = &mut draft.actor;
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
        // A preset actor has dozens of aliases: they scroll, the dialog keeps its size.
        egui::ScrollArea::vertical().id_salt("actor aliases").max_height(160.0).show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut draft.aliases_text)
                    .desired_rows(4)
                    .hint_text("One per line: Erdoğan, Ankara…"),
            )
            .labelled_by(label.id);
        });
        ui.end_row();
        ui.label("Colour");
        colour_choice_ui(ui, &mut actor.color);
        ui.end_row();
        ui.label("Kind");
        ui.horizontal(|ui| {
            for kind in ActorKind::ALL {
                ui.selectable_value(&mut actor.kind, kind, kind.label());
            }
        });
        ui.end_row();
        let label = ui.label("Capability");
        ui.add(
            egui::Slider::new(&mut actor.capability, 0.0..=100.0)
                .integer()
                .clamping(egui::SliderClamping::Edits)
                .text("weight in forecasts"),
        )
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
            for candidate in project.actors.iter().filter(|a| Some(&a.id) != original.as_ref()) {
                ui.selectable_value(&mut actor.parent, Some(candidate.id.clone()), &candidate.name);
            }
        });
        combo.response.labelled_by(parent_label.id);
        ui.end_row();
    });
    if let Some(id) = &original {
        super::actor_dialogs::merge_into_ui(ui, project, id, commands);
    }
    error_ui(ui, error);
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save actor").strong()).clicked() {
            commands.send(Command::SaveActor(Box::new(draft.clone())));
        }
        let delete = original.map(Command::DeleteActor);
        cancel_and_delete_ui(ui, commands, delete, "Delete actor", "Delete the actor and all its positions");
    });
}

/// Colour swatches of the palette plus a hex field, drawn inline: a popup picker would open
/// behind the modal dialog, and a click on it would close the dialog and lose the draft.
fn colour_choice_ui(ui: &mut Ui, color: &mut Rgb) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for swatch in crate::model::ACTOR_PALETTE {
            let size = egui::vec2(18.0, 18.0);
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
            let hex = swatch.to_hex();
            response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::RadioButton, true, *color == swatch, format!("Colour {hex}"))
            });
            let fill = super::theme::color(swatch);
            ui.painter().rect_filled(rect.shrink(1.0), 3.0, fill);
            if *color == swatch || response.hovered() {
                ui.painter().rect_stroke(
                    rect,
                    3.0,
                    egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Inside,
                );
            }
            if response.on_hover_text(format!("Use {hex}")).clicked() {
                *color = swatch;
            }
        }
        let id = ui.scope_id().with("colour-hex");
        let mut text = ui.data_mut(|data| data.get_temp::<String>(id)).unwrap_or_else(|| color.to_hex());
        if !ui.memory(|memory| memory.has_focus(id)) {
            text = color.to_hex();
        }
        let field = ui.add(egui::TextEdit::singleline(&mut text).id(id).desired_width(70.0).hint_text("#rrggbb"));
        field.widget_info(|| egui::WidgetInfo::text_edit(true, "", &text, "Colour hex code"));
        if field.changed()
            && let Some(parsed) = Rgb::from_hex(text.trim())
        {
            *color = parsed;
        }
        ui.data_mut(|data| data.insert_temp(id, text));
    });
}

fn issue_editor_ui(ui: &mut Ui, draft: &mut IssueDraft, error: &str, commands: &CommandSender) {
    ui.heading(if draft.original.is_some() { "Edit issue" } else { "Add issue" });
    let issue = &mut draft.issue;
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
        ui.add(
            egui::TextEdit::singleline(&mut draft.keywords_text).hint_text("underlined in articles, comma separated"),
        )
        .labelled_by(label.id);
        ui.end_row();
        // The suggester's pole phrases: one a line, '*' any word, 'word*' any ending, 'a|b' either.
        for (name, text, pole) in [
            ("Low pole phrases", &mut draft.low_phrases_text, &issue.low_label),
            ("High pole phrases", &mut draft.high_phrases_text, &issue.high_label),
        ] {
            let label = ui.label(name).on_hover_text(format!(
                "Phrases that name the issue and point toward “{pole}”, one a line; the suggester reads them like \
                 keywords. * stands for any word, word* for any ending, a|b for either word."
            ));
            // A long list scrolls instead of pushing Save off the window.
            egui::ScrollArea::vertical().id_salt(name).max_height(130.0).show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_rows(3)
                        .hint_text("one phrase a line, e.g. land swap, recogni* * sovereignty"),
                )
                .labelled_by(label.id);
            });
            ui.end_row();
        }
    });
    error_ui(ui, error);
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save issue").strong()).clicked() {
            commands.send(Command::SaveIssue(Box::new(draft.clone())));
        }
        let delete = draft.original.clone().map(Command::DeleteIssue);
        cancel_and_delete_ui(ui, commands, delete, "Delete issue", "Delete the issue and all positions on it");
    });
}

fn article_details_ui(ui: &mut Ui, article: &mut Article, commands: &CommandSender) {
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
        commands.send(Command::SaveArticleDetails(Box::new(article.clone())));
    } else if cancel {
        commands.send(Command::CloseDialog);
    }
}

/// The batch editor: one source and one date (typed, or each article's from its file name) for
/// every selected article; what is left unticked stays as each article has it.
fn batch_details_ui(ui: &mut Ui, draft: &mut BatchDetailsDraft, error: &str, commands: &CommandSender) {
    let n = draft.articles.len();
    ui.heading(format!("Edit details of {}", count(n, "article", "articles")));
    ui.label(RichText::new("What you leave unticked stays as each article has it.").small().weak());
    egui::Grid::new("batch-article-details").num_columns(2).spacing([10.0, 8.0]).show(ui, |ui| {
        let label = ui.label("Source");
        ui.horizontal(|ui| {
            ui.checkbox(&mut draft.set_source, "Set for all").on_hover_text("Give every article this source");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut draft.source)
                        .hint_text("outlet, e.g. CBS News")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            if field.changed() {
                draft.set_source = true;
            }
        });
        ui.end_row();
        ui.label("Date");
        ui.vertical(|ui| {
            ui.radio_value(&mut draft.date, BatchDate::Keep, "Keep each article's date");
            ui.horizontal(|ui| {
                let set = ui.radio_value(&mut draft.date, BatchDate::Set, "Set to");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut draft.date_text).hint_text("YYYY-MM-DD").desired_width(140.0))
                    .labelled_by(set.id);
                if field.changed() {
                    draft.date = BatchDate::Set;
                }
            });
            ui.radio_value(&mut draft.date, BatchDate::FromFileName, "From file name").on_hover_text(
                "Each article's date as its file name writes it: …_2025-08-19_…, 20250819-…, 2025_08_19",
            );
        });
        ui.end_row();
    });
    error_ui(ui, error);
    let (save, cancel) = buttons_ui(ui, &format!("Apply to {}", count(n, "article", "articles")), true);
    if save {
        commands.send(Command::SaveArticlesDetails(Box::new(draft.clone())));
    } else if cancel {
        commands.send(Command::CloseDialog);
    }
}

fn unsaved_changes_ui(ui: &mut Ui, view: &ViewContext<'_>, pending: &PendingAction) {
    let project = view.project();
    let name = if project.title.trim().is_empty() { "Untitled" } else { project.title.trim() };
    ui.heading(format!("Save changes to “{name}”?"));
    ui.label("Your changes will be lost if you don't save them.");
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save").strong()).clicked() {
            view.commands.send(Command::SaveThen(pending.clone()));
        }
        if ui.button("Don't save").clicked() {
            view.commands.send(Command::DiscardThen(pending.clone()));
        }
        if ui.button("Cancel").clicked() {
            view.commands.send(Command::CloseDialog);
        }
    });
}

fn confirm_replace_ui(ui: &mut Ui, purpose: PathPurpose, path: &std::path::Path, commands: &CommandSender) {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    ui.heading(format!("Replace “{name}”?"));
    ui.label(format!("{} already exists. Replacing it overwrites its contents.", path.display()));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Replace").strong()).clicked() {
            commands.send(Command::ReplaceAgreed(purpose, path.to_owned()));
        }
        if ui.button("Choose another name").clicked() {
            commands.send(Command::EditPath(purpose, path.to_owned()));
        }
        if ui.button("Cancel").clicked() {
            commands.send(Command::CloseDialog);
        }
    });
}

fn changed_on_disk_ui(ui: &mut Ui, path: &std::path::Path, saving: bool, commands: &CommandSender) {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    ui.heading(format!("“{name}” changed on disk"));
    ui.label(format!(
        "Another program (another coder, a sync or a git pull) changed {} since you opened or saved it.",
        path.display()
    ));
    ui.label(
        RichText::new(
            "Reload shows their version (Undo brings yours back). Keep mine keeps working on yours; saving then \
             replaces theirs, which is kept as the .bak file.",
        )
        .small()
        .weak(),
    );
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Reload").strong()).clicked() {
            commands.send(Command::ReloadFromDisk);
        }
        let keep = if saving { "Keep mine and save" } else { "Keep mine" };
        if ui.button(keep).clicked() {
            commands.send(Command::KeepMine { then_save: saving });
        }
    });
}

fn recover_ui(ui: &mut Ui, name: &str, written_at: &str, summary: &str, commands: &CommandSender) {
    ui.heading(format!("Recover unsaved work on “{name}”?"));
    ui.label(format!("StanceMap autosaved changes that were never saved to the file (autosaved {written_at})."));
    ui.label(RichText::new(format!("Compared with the file: {summary}.")).strong());
    ui.label(
        RichText::new("Recover opens them as unsaved changes (Undo goes back to the file). Discard deletes them.")
            .small()
            .weak(),
    );
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Recover").strong()).clicked() {
            commands.send(Command::Recover);
        }
        if ui.button("Discard").clicked() {
            commands.send(Command::DiscardRecovery);
        }
    });
}

fn team_ui(ui: &mut Ui, status: &crate::analysis::team_status::StatusReport, commands: &CommandSender) {
    ui.heading("Team");
    ui.label(format!(
        "{} · reliability overlap: {} of {} finished by every coder assigned",
        count(status.articles, "article", "articles"),
        status.overlap_done,
        status.overlap
    ));
    if status.overlap > 0 {
        let fraction = status.overlap_done as f32 / status.overlap as f32;
        ui.add(egui::ProgressBar::new(fraction).show_percentage()).on_hover_text("Overlap articles finished");
    }
    egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
        egui::Grid::new("team-grid").striped(true).num_columns(4).show(ui, |ui| {
            for heading in ["Coder", "Assigned", "Done", "Positions"] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for coder in &status.coders {
                let name = if coder.name.trim().is_empty() { coder.id.as_str() } else { coder.name.as_str() };
                ui.label(name).on_hover_text(format!("coders/{}.json", coder.id));
                ui.label(coder.assigned.to_string());
                ui.label(coder.done.to_string());
                ui.label(coder.positions.to_string());
                ui.end_row();
            }
        });
    });
    ui.horizontal(|ui| {
        let adjudicate = ui.button("Adjudicate…").on_hover_text("Settle the units on which coders disagree");
        if adjudicate.clicked() {
            commands.send(Command::ShowAdjudication);
        }
        if ui.button("Close").clicked() {
            commands.send(Command::CloseDialog);
        }
    });
}

impl Dialog {
    /// "Who are you?" for a team folder whose coders are `project`'s.
    pub fn who_are_you(project: &Project) -> Self {
        let coders = project.coders.iter().map(|coder| (coder.id.clone(), coder.name.clone())).collect();
        Self::WhoAreYou { coders, name: String::new(), error: String::new() }
    }
}

fn who_are_you_ui(
    ui: &mut Ui,
    coders: &[(crate::model::CoderId, String)],
    name: &mut String,
    error: &str,
    commands: &CommandSender,
) {
    ui.heading("Who are you?");
    ui.label("This is a team project. Your positions and done marks are saved to your own file in coders/, so nobody else's work is ever written over; StanceMap remembers your answer for this folder.");
    ui.add_space(4.0);
    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
        for (id, coder_name) in coders {
            let shown = if coder_name.trim().is_empty() { id.as_str() } else { coder_name.as_str() };
            if ui.button(format!("I am {shown}")).clicked() {
                commands.send(Command::SetCoder(id.clone()));
                commands.send(Command::CloseDialog);
            }
        }
    });
    ui.separator();
    let label = ui.label("Or join as a new coder");
    let field = ui.add(egui::TextEdit::singleline(name).hint_text("Your name")).labelled_by(label.id);
    let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    error_ui(ui, error);
    let join = ui.add_enabled(!name.trim().is_empty(), egui::Button::new("Join as a new coder")).clicked();
    if (join || entered) && !name.trim().is_empty() {
        commands.send(Command::AddCoder(name.trim().to_owned()));
    }
}

fn add_coder_ui(ui: &mut Ui, name: &mut String, error: &str, commands: &CommandSender) {
    ui.heading("Add coder");
    ui.label("Positions are stored per coder, so several people can code the same articles and compare.");
    let label = ui.label("Name");
    let field = ui.add(egui::TextEdit::singleline(name).hint_text("e.g. Coder B")).labelled_by(label.id);
    let entered = one_field_ui(ui, &field, name.is_empty());
    error_ui(ui, error);
    let (add, cancel) = buttons_ui(ui, "Add coder", !name.trim().is_empty());
    if (add || entered) && !name.trim().is_empty() {
        commands.send(Command::AddCoder(name.trim().to_owned()));
    } else if cancel {
        commands.send(Command::CloseDialog);
    }
}

/// The field of a one-field dialog (Add coder, Rename coder): it has the keyboard while empty, and
/// Enter in it submits, like the dialog's first button. Returns whether Enter was pressed.
pub fn one_field_ui(ui: &Ui, field: &egui::Response, empty: bool) -> bool {
    if empty && !field.has_focus() {
        field.request_focus();
    }
    field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
}

fn import_report_ui(ui: &mut Ui, report: &ImportReportView, commands: &CommandSender) {
    ui.heading("Import report");
    ui.label(RichText::new(&report.summary).strong());
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        let line = |(title, path): &(String, PathBuf)| format!("{title} — {}", path.display());
        let duplicates: Vec<String> = report.duplicates.iter().map(line).collect();
        let imported: Vec<String> = report.imported.iter().map(line).collect();
        let sections = [
            ("Failed", &report.failures, ui.visuals().error_fg_color),
            ("Skipped (already in the project)", &duplicates, ui.visuals().warn_fg_color),
            ("Imported", &imported, ui.visuals().text_color()),
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
    if ui.button("Close").clicked() {
        commands.send(Command::CloseDialog);
    }
}

/// The report of an import from another tool: what came in, what was left out and why, and each
/// code with its codings and what it was mapped to.
fn exchange_report_ui(ui: &mut Ui, report: &ExchangeReportView, commands: &CommandSender) {
    ui.heading(format!("Imported {}", report.file));
    egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
        let sections = [
            ("Came in", &report.imported, ui.visuals().text_color()),
            ("Left out", &report.left_out, ui.visuals().warn_fg_color),
        ];
        for (heading, lines, color) in sections {
            if lines.is_empty() {
                continue;
            }
            ui.add_space(6.0);
            ui.label(RichText::new(heading).strong());
            for line in lines {
                ui.add(egui::Label::new(RichText::new(format!("• {line}")).color(color)).wrap());
            }
        }
        if !report.codes.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new(format!("Codes ({})", report.codes.len())).strong());
            egui::Grid::new("exchange_codes").num_columns(3).striped(true).show(ui, |ui| {
                ui.label(RichText::new("Code").strong());
                ui.label(RichText::new("Codings").strong());
                ui.label(RichText::new("Mapped to").strong());
                ui.end_row();
                for (name, codings, mapped_to) in &report.codes {
                    ui.label(name);
                    ui.label(codings.to_string());
                    ui.label(if mapped_to.is_empty() { "—" } else { mapped_to.as_str() });
                    ui.end_row();
                }
            });
        }
    });
    ui.add_space(8.0);
    if ui.button("Close").clicked() {
        commands.send(Command::CloseDialog);
    }
}

/// The mapping step: for each code of another tool's project, what it stands for — an actor
/// (existing or new), a value on an issue, or nothing. Codings of an actor code and a value code on
/// the same (or overlapping) text become positions.
fn map_codes_ui(ui: &mut Ui, draft: &mut CodeMappingDraft, actors: &[crate::model::Actor], commands: &CommandSender) {
    ui.set_width(760.0);
    ui.heading(format!("Map the codes of {}", draft.file));
    ui.label(
        "Choose what each code stands for. Text coded with an actor's code and an issue value's code \
         becomes that actor's position, with the text as its quote (low confidence, flagged for review).",
    );
    // A fixed size: grown from the last frame's content, the list would creep taller frame by
    // frame (and the buttons with it) while the app waits for input.
    let height = (draft.rows.len() as f32 * 28.0 + 32.0).min(360.0);
    egui::ScrollArea::vertical()
        .id_salt("map-codes")
        .auto_shrink([false, false])
        .min_scrolled_height(height)
        .max_height(height)
        .show(ui, |ui| {
            egui::Grid::new("map-codes-grid").num_columns(4).striped(true).spacing([10.0, 6.0]).show(ui, |ui| {
                ui.label(RichText::new("Code").strong());
                ui.label(RichText::new("Codings").strong());
                ui.label(RichText::new("Stands for").strong());
                ui.label("");
                ui.end_row();
                for (index, row) in draft.rows.iter_mut().enumerate() {
                    ui.label(&row.code);
                    ui.label(row.codings.to_string());
                    let kind_label = |kind: CodeRowKind| match kind {
                        CodeRowKind::Nothing => "nothing",
                        CodeRowKind::Actor => "an actor",
                        CodeRowKind::IssueValue => "an issue value",
                    };
                    let combo = egui::ComboBox::from_id_salt(("map-code-kind", index))
                        .selected_text(kind_label(row.kind))
                        .show_ui(ui, |ui| {
                            for kind in [CodeRowKind::Nothing, CodeRowKind::Actor, CodeRowKind::IssueValue] {
                                ui.selectable_value(&mut row.kind, kind, kind_label(kind));
                            }
                        });
                    let name = format!("Map {}", row.code);
                    combo.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name));
                    ui.horizontal(|ui| match row.kind {
                        CodeRowKind::Nothing => {}
                        CodeRowKind::Actor => {
                            let hint = actors.first().map_or("actor name", |actor| actor.name.as_str());
                            let edit =
                                ui.add(egui::TextEdit::singleline(&mut row.actor).hint_text(hint).desired_width(160.0));
                            let name = format!("Actor for {}", row.code);
                            edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name));
                        }
                        CodeRowKind::IssueValue => {
                            let edit = ui.add(
                                egui::TextEdit::singleline(&mut row.issue).hint_text("issue").desired_width(140.0),
                            );
                            let name = format!("Issue for {}", row.code);
                            edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name));
                            ui.label("=");
                            let value = ui.add(egui::DragValue::new(&mut row.value).speed(1.0));
                            let name = format!("Value for {}", row.code);
                            value.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, true, &name));
                        }
                    });
                    ui.end_row();
                }
            });
        });
    let confirm = if draft.open { "Open with this mapping" } else { "Import with this mapping" };
    let (confirmed, cancelled) = buttons_ui(ui, confirm, true);
    if confirmed {
        commands.send(Command::MapCodes(draft.rows.clone()));
    } else if cancelled {
        commands.send(Command::CloseDialog);
    }
}

fn shortcuts_ui(ui: &mut Ui, commands: &CommandSender) {
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
    if ui.button("Close").clicked() {
        commands.send(Command::CloseDialog);
    }
}
