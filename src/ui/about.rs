//! Help > About StanceMap: the version, the licence, and where the app keeps unsaved work and its
//! preferences (the folders a user looks for after a crash or to start afresh).

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::session::Command;
use crate::session::CommandSender;

/// What the About dialog says (the app fills in the folders it really uses).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AboutFacts {
    /// `stancemap --version`'s number.
    pub version: String,
    /// The licence.
    pub licence: String,
    /// Where unsaved work is kept for recovery after a crash (`None`: no autosave).
    pub recovery_folder: Option<PathBuf>,
    /// Where the window's preferences (panel sizes, theme, recent projects) are kept.
    pub preferences_folder: Option<PathBuf>,
}

/// Draws the About dialog.
pub fn about_ui(ui: &mut Ui, facts: &AboutFacts, commands: &CommandSender) {
    ui.heading("About StanceMap");
    ui.label(format!("Version {}", facts.version));
    ui.label("Map where parties stand: read articles, place actors on issue axes, plot, analyse, save.");
    ui.add_space(6.0);
    egui::Grid::new("about-grid").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
        ui.label(RichText::new("Licence").strong());
        ui.label(&facts.licence);
        ui.end_row();
        let folder =
            |path: &Option<PathBuf>| path.as_ref().map_or("none on this system".into(), |p| p.display().to_string());
        ui.label(RichText::new("Unsaved work").strong());
        ui.label(folder(&facts.recovery_folder))
            .on_hover_text("Recovery copies of unsaved projects, offered after a crash");
        ui.end_row();
        ui.label(RichText::new("Preferences").strong());
        ui.label(folder(&facts.preferences_folder))
            .on_hover_text("Panel sizes, theme and recent projects (delete app.ron there to start afresh)");
        ui.end_row();
    });
    ui.add_space(8.0);
    if ui.button("Close").clicked() {
        commands.send(Command::CloseDialog);
    }
}
