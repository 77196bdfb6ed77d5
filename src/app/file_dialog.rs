//! Native file dialogs, run off the UI thread so the window keeps drawing while one is open.
//!
//! On a system without a dialog backend rfd returns as if cancelled; the in-app path prompt stays
//! open in that case, so the user can always type a path instead.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use crate::session::PathPurpose;

/// File types offered in the dialogs.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "pdf", "docx", "odt", "rtf"];

/// Opens the native dialog for `purpose` on a background thread. The receiver yields the chosen
/// paths (empty when cancelled or unavailable); `ctx` is woken when it does.
pub fn spawn(purpose: PathPurpose, ctx: &egui::Context, start_dir: Option<PathBuf>) -> Receiver<Vec<PathBuf>> {
    let (sender, receiver) = channel();
    let ctx = ctx.clone();
    let spawned = std::thread::Builder::new().name("file-dialog".into()).spawn(move || {
        let mut dialog = rfd::FileDialog::new();
        if let Some(dir) = start_dir {
            dialog = dialog.set_directory(dir);
        }
        let chosen: Vec<PathBuf> = match purpose {
            PathPurpose::Open => {
                let mut all = vec![crate::io::project_file::PROJECT_EXTENSION, "qdpx", "dna"];
                all.extend_from_slice(ARTICLE_EXTENSIONS);
                dialog
                    .add_filter("Projects and articles", &all)
                    .add_filter("StanceMap project", &[crate::io::project_file::PROJECT_EXTENSION])
                    .add_filter("REFI-QDA project (QualCoder, MAXQDA, NVivo, ATLAS.ti)", &["qdpx"])
                    .add_filter("Discourse Network Analyzer database", &["dna"])
                    .pick_file()
                    .into_iter()
                    .collect()
            }
            PathPurpose::SaveAs => dialog
                .add_filter("StanceMap project", &[crate::io::project_file::PROJECT_EXTENSION])
                .set_file_name("project.stancemap")
                .save_file()
                .into_iter()
                .collect(),
            PathPurpose::Import => {
                let mut all = ARTICLE_EXTENSIONS.to_vec();
                all.extend_from_slice(&["qdpx", "dna", "csv"]);
                dialog
                    .add_filter("Articles and projects of other tools", &all)
                    .add_filter("REFI-QDA project", &["qdpx"])
                    .add_filter("Discourse Network Analyzer database", &["dna"])
                    .add_filter("KTAB scenario", &["csv"])
                    .pick_files()
                    .unwrap_or_default()
            }
            PathPurpose::ImportPositions => dialog.add_filter("CSV", &["csv"]).pick_file().into_iter().collect(),
            PathPurpose::MakeTeam => dialog.pick_folder().into_iter().collect(),
            PathPurpose::Merge => dialog
                .add_filter("StanceMap project", &[crate::io::project_file::PROJECT_EXTENSION])
                .pick_file()
                .into_iter()
                .collect(),
            PathPurpose::Export(kind) => {
                let extension = kind.extension();
                let stem = match extension {
                    "svg" => "figure",
                    "qdpx" | "dna" => "project",
                    _ => "positions",
                };
                let name = format!("{stem}.{extension}");
                dialog
                    .add_filter(extension.to_uppercase(), &[extension])
                    .set_file_name(name)
                    .save_file()
                    .into_iter()
                    .collect()
            }
        };
        sender.send(chosen).ok();
        ctx.request_repaint();
    });
    if spawned.is_err() {
        // No thread, no dialog: the receiver reports "nothing chosen" and the prompt stays open.
        let (sender, receiver) = channel();
        sender.send(Vec::new()).ok();
        return receiver;
    }
    receiver
}
