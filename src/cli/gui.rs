//! Starting the app: `stancemap` without a subcommand opens the window on the file given (or the
//! sample project). A file that cannot be opened is reported on stderr and again inside the app,
//! which starts anyway; only a window that cannot be created is an error here.

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the main window on `file` (a project or an article) and runs until it is closed.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let (app, startup_error) = crate::app::App::for_startup(file.as_deref());
    if let Some(error) = &startup_error {
        eprintln!("stancemap: {error}");
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("StanceMap")
            .with_app_id(crate::app::identity::APP_ID)
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([960.0, 600.0])
            .with_drag_and_drop(true)
            .with_icon(crate::app::window_icon()),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "StanceMap",
        options,
        Box::new(move |cc| Ok(Box::new(crate::app::App::new(cc, app, startup_error)))),
    )
    .map_err(|error| anyhow::anyhow!("cannot start the window: {error}"))?;
    Ok(ExitCode::SUCCESS)
}
