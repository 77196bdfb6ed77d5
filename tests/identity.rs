//! The app as an installed app: Help → About says which version it is, its licence and where it keeps
//! unsaved work and preferences; `stancemap --version` says the same version.

mod common;

use common::*;
use egui_kittest::kittest::Queryable;

#[test]
fn help_about_names_the_version_licence_and_folders_and_closes() {
    let mut harness = sample_harness();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About StanceMap").click();
    harness.run();
    harness.get_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    harness.get_by_label("MIT OR Apache-2.0");
    // The test app autosaves into its own folder: About shows that one.
    let prefix = std::env::temp_dir().join("stancemap-test-recovery-").display().to_string();
    harness.get_by_label_contains(&prefix);
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.query_by_label("About StanceMap").is_none(), "Close closes About");
}

#[test]
fn the_command_line_says_the_same_version() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_stancemap")).arg("--version").output().unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), format!("stancemap {}", env!("CARGO_PKG_VERSION")));
}
