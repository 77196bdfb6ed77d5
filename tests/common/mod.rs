//! Helpers for driving the real app headless with egui_kittest, the way a user would.
#![allow(dead_code)]

pub mod cli;

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancemap::app::App;
use stancemap::model::{PositionKey, Project, presets};

/// The app on `project` in a 1440×900 window, settled.
pub fn harness_with(project: Project) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        // Panels, scroll areas and notices animate for a few frames after a change.
        .with_max_steps(24)
        .build_eframe(move |_cc| App::with_project(project).with_recovery_store(Some(test_recovery_store())));
    settle_background(&mut harness);
    harness
}

/// Runs frames until the app is idle with every background result in: a result arriving later (the
/// project's suggestions, candidate actors) changes the layout, and a marker a test found would
/// then have moved under the pointer.
pub fn settle_background(harness: &mut Harness<'static, App>) {
    harness.run();
    harness.state_mut().wait_for_background();
    harness.run();
}

/// A recovery folder of its own for each app a test starts, so tests never autosave into the user's
/// data folder, and one test's autosaved work is never offered to another test's app running beside
/// it in the same process (a "Recover?" dialog would then block its clicks, under load only).
pub fn test_recovery_store() -> stancemap::io::recovery::RecoveryStore {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("stancemap-test-recovery-{}-{n}", std::process::id()));
    stancemap::io::recovery::RecoveryStore::in_dir(dir)
}

/// The app on the bundled sample project.
pub fn sample_harness() -> Harness<'static, App> {
    harness_with(presets::sample_project())
}

/// Runs frames until a widget labelled `label` is shown: on a corpus some results come from worker
/// threads, which wake the app when they are done. Fails after a minute.
pub fn until_shown(harness: &mut Harness<'_, App>, label: &str) {
    let start = std::time::Instant::now();
    loop {
        harness.run();
        if harness.query_by_label(label).is_some() {
            return;
        }
        assert!(start.elapsed().as_secs() < 60, "{label:?} was not shown within a minute");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Ctrl (Cmd on macOS) + key.
pub fn press_ctrl(harness: &mut Harness<'_, App>, key: Key) {
    let modifiers = Modifiers { ctrl: true, command: true, ..Modifiers::NONE };
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Ctrl+Shift + key.
pub fn press_ctrl_shift(harness: &mut Harness<'_, App>, key: Key) {
    let modifiers = Modifiers { ctrl: true, command: true, shift: true, ..Modifiers::NONE };
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Presses the mouse at `from`, moves in steps to `to`, releases.
pub fn drag(harness: &mut Harness<'_, App>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=5 {
        let t = step as f32 / 5.0;
        harness.hover_at(from + (to - from) * t);
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}

/// The centre of the widget labelled `label`.
pub fn center_of(harness: &Harness<'_, App>, label: &str) -> Pos2 {
    harness.get_by_label(label).rect().center()
}

/// The key of the current coder's position for `actor` on `issue` in the current article.
pub fn key_in_current_article(app: &App, actor: &str, issue: &str) -> PositionKey {
    PositionKey {
        issue: issue.into(),
        actor: actor.into(),
        article: app.current_article().cloned(),
        coder: app.coder().clone(),
    }
}

/// The value of that position, if coded.
pub fn value_of(app: &App, actor: &str, issue: &str) -> Option<f64> {
    app.project().positions.get(&key_in_current_article(app, actor, issue)).map(|p| p.value)
}

/// Focuses the text field with this role and label, then types `text` into it.
pub fn type_into(harness: &mut Harness<'_, App>, role: egui::accesskit::Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

/// Chooses `item` in the File menu, types `path` into the prompt that opens and presses `confirm`.
pub fn file_menu_with_path(harness: &mut Harness<'_, App>, item: &str, path: &std::path::Path, confirm: &str) {
    harness.get_by_label("File").click();
    harness.run();
    // Menu items with a shortcut read e.g. "Save As… Ctrl+Shift+S".
    harness.get_by_label_contains(item).click();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Path")
        .type_text(path.to_str().unwrap_or_default());
    harness.run();
    harness.get_by_label(confirm).click();
    harness.run();
}

/// The app on the project saved at `path`, autosaving into `store`.
pub fn harness_at(path: &std::path::Path, store: &stancemap::io::recovery::RecoveryStore) -> Harness<'static, App> {
    let project = stancemap::io::load_project(path).expect("the project loads");
    let (path, store) = (path.to_owned(), store.clone());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .with_max_steps(24)
        .build_eframe(move |_cc| App::with_project_at(project, path).with_recovery_store(Some(store)));
    // As `harness_with`: results arriving later (the corpus-wide suggestions' progress bar above
    // the list) would move the markers between finding one and clicking it (a CI run under load
    // clicked beside Russia's marker).
    settle_background(&mut harness);
    harness
}

/// A deterministic pseudo-random sequence (xorshift), so a failure repeats.
pub struct Sequence(pub u64);

impl Sequence {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    /// An index below `len`.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }
}

pub mod big;

/// Selects Russia's NATO marker and moves it one unit right (5 → 6 on the sample): one undo step.
pub fn nudge_russia(harness: &mut Harness<'_, App>) {
    harness.get_by_label("Russia on Ukraine's NATO membership").click();
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
}

/// eframe storage kept in memory, to play a quit and a restart.
#[derive(Clone, Default)]
pub struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

/// Quits the app as eframe does (its preferences saved into storage) and returns the storage.
pub fn quit(harness: &mut Harness<'_, App>) -> MemoryStorage {
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    storage
}

/// Starts the app again on `project` (at `path`, if any) with the preferences kept in `storage`.
pub fn restart(project: Project, path: Option<std::path::PathBuf>, storage: MemoryStorage) -> Harness<'static, App> {
    let mut harness =
        Harness::builder().with_size(egui::vec2(1440.0, 900.0)).with_max_steps(24).build_eframe(move |_cc| {
            let app = match path {
                Some(path) => App::with_project_at(project, path),
                None => App::with_project(project),
            };
            let mut app = app.with_recovery_store(Some(test_recovery_store()));
            app.restore_preferences(&storage);
            app
        });
    harness.run();
    harness
}

/// The app as `stancemap PATH` starts it (a project file is read on a worker: the first frames
/// show its progress), in a 1440×900 window, after its first frame.
pub fn startup_harness(path: &std::path::Path) -> Harness<'static, App> {
    let (app, error) = App::for_startup(Some(path));
    assert!(error.is_none(), "{error:?}");
    let mut app = Some(app.with_recovery_store(Some(test_recovery_store())));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .with_max_steps(24)
        .build_eframe(move |_cc| app.take().unwrap_or_else(|| App::with_project(Project::default())));
    harness.step();
    harness
}

/// Runs frames until the start-up read of a project file is done and the app has settled. Fails
/// after a minute.
pub fn until_loaded(harness: &mut Harness<'static, App>) {
    let start = std::time::Instant::now();
    while harness.state().is_loading() {
        assert!(start.elapsed().as_secs() < 60, "the project did not load within a minute");
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    settle_background(harness);
}
