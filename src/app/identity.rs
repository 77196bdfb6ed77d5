//! What the app says about itself: its icon (one SVG, rendered at the size asked for), and the
//! facts Help > About shows (version, licence, where the recovery folder and the preferences live).

use std::path::PathBuf;
use std::sync::Arc;

use crate::ui::about::AboutFacts;

/// The icon's one source image; the window icon and the installed hicolor icons come from it.
pub const ICON_SVG: &str = include_str!("../../assets/icon.svg");

/// The window and taskbar icon (egui's own if the SVG cannot be drawn, which a test rules out).
pub fn window_icon() -> Arc<egui::IconData> {
    const SIZE: u32 = 256;
    match crate::io::export::png::render_rgba(ICON_SVG, SIZE) {
        Ok(rgba) => Arc::new(egui::IconData { rgba, width: SIZE, height: SIZE }),
        Err(_) => Arc::new(egui::IconData::default()),
    }
}

/// The facts of Help > About for this installation; `recovery_folder` as the app uses it.
pub fn about_facts(recovery_folder: Option<PathBuf>) -> AboutFacts {
    AboutFacts {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        licence: env!("CARGO_PKG_LICENSE").to_owned(),
        recovery_folder,
        preferences_folder: eframe::storage_dir(APP_ID),
    }
}

/// The app id the window system and eframe's preference storage know StanceMap by.
pub const APP_ID: &str = "stancemap";
