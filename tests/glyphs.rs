//! Every character the interface writes must exist in the bundled fonts (missing ones would show as
//! boxes, and fail kittest).

#[test]
fn interface_text_uses_only_characters_the_fonts_have() {
    let mut sources = String::new();
    // Module folders (such as src/ui/axis/) included.
    let mut dirs: Vec<std::path::PathBuf> =
        ["src/ui", "src/app"].iter().map(|dir| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                sources.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
    }
    let mut missing: Vec<char> = Vec::new();
    let mut harness = egui_kittest::Harness::new_ui(|ui| {
        missing = sources
            .chars()
            .filter(|c| !c.is_ascii())
            .filter(|&c| !ui.fonts_mut(|fonts| fonts.has_glyph(&egui::FontId::proportional(14.0), c)))
            .collect();
    });
    harness.run();
    drop(harness);
    missing.sort_unstable();
    missing.dedup();
    assert!(missing.is_empty(), "characters without a glyph: {missing:?}");
}
