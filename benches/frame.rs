//! Headless frame times of the real app on the corpus-scale project (egui_kittest, 1,600×1,000):
//! idle, during a marker drag and the frame after the release with each analysis tab open; whether
//! an idle app asks for frames; and start-up to the first frame with the sample (the memory the
//! open app holds is `benches/memory.rs`). Prints medians and 99th percentiles (criterion reports
//! means, which hide the slow frames that make an app feel stuck).
//!
//! Run with `cargo bench --bench frame` (or `-- idle`, `-- drag`, `-- release`, `-- startup`).
//! With `FRAME_BENCH_WINDOWS=1` the release rounds print where each release frame was on the
//! monotonic clock, for `perf record -k CLOCK_MONOTONIC` and `perf report --time`.
//! `-- --articles 10000` measures the team corpus of issue 24 instead (10,000 articles, 100 actors,
//! 30 issues, 500,000 positions, 5 coders; see `common::corpus_options`), and
//! `-- --articles 1000,10000` both sizes one after the other, then each figure at both sizes with
//! the ratio of their medians: a frame's cost should follow what is on screen, not the corpus.
//! `-- adjudicate --articles 10000` measures Project > Adjudicate... on a team of 50 coders (200,000
//! positions, 10 % of the articles coded twice with disagreements; see `adjudication_frames`), and
//! on the same project the frame with no dialog open and with Project > Team... open.
//! `--team` gives every size the team corpus's shape (so 1,000 articles have 100 actors, 30
//! issues and 5 coders too, and only the articles and positions differ between the two sizes).

mod common;

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use stancemap::app::App;

const SIZE: egui::Vec2 = egui::vec2(1600.0, 1000.0);
const FRAMES: usize = 200;
/// How far the release drags move their marker, in points.
const DRAG_DISTANCE: f32 = 24.0;
/// Drags released per analysis tab (half of them timed without the accessibility tree).
const RELEASES: usize = 12;

/// The figures of one corpus size: (what, frame times), in the order measured.
type Figures = Vec<(String, Vec<Duration>)>;

fn main() {
    let (filter, sizes) = parse_args(std::env::args().skip(1));
    let team = std::env::args().any(|arg| arg == "--team");
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    if wanted("startup") {
        startup();
    }
    if filter.iter().any(|f| f == "adjudicate") {
        for &articles in &sizes {
            adjudication_frames(articles);
        }
        return;
    }
    if !(wanted("idle") || wanted("drag") || wanted("release")) {
        return;
    }
    let mut measured: Vec<(usize, Figures)> = Vec::new();
    for &articles in &sizes {
        let options = if team { common::team_corpus_options(articles) } else { common::corpus_options(articles) };
        let start = Instant::now();
        let project = common::build_project(&options);
        println!(
            "\n== {} articles, {} actors, {} issues, {} positions, {} coders (generated in {:.1} s)",
            options.articles,
            options.actors,
            options.issues,
            options.positions,
            options.coders,
            start.elapsed().as_secs_f64()
        );
        measured.push((articles, frames(project, &wanted)));
    }
    if let [(small, small_figures), .., (large, large_figures)] = measured.as_slice() {
        compare((*small, small_figures), (*large, large_figures));
    }
}

/// The filters (any argument not a flag) and the corpus sizes (`--articles 1000,10000`, also
/// `--articles=…` and repeated; 1,000 when not given). Other flags (cargo's `--bench`) are ignored.
fn parse_args(args: impl Iterator<Item = String>) -> (Vec<String>, Vec<usize>) {
    let (sizes, others) = common::corpus_sizes(args);
    (others.into_iter().filter(|arg| !arg.starts_with('-')).collect(), sizes)
}

/// Each figure at both sizes (median / p99) and the ratio of the larger corpus's median to the
/// smaller's.
fn compare(small: (usize, &Figures), large: (usize, &Figures)) {
    println!("\n== {} articles against {} (median / p99; ratio of the medians)", large.0, small.0);
    for (what, large_times) in large.1 {
        let Some((_, small_times)) = small.1.iter().find(|(other, _)| other == what) else {
            continue;
        };
        let (small, large) = (quantiles(small_times), quantiles(large_times));
        println!(
            "{what}: {:.2} / {:.2} ms → {:.2} / {:.2} ms, ratio {:.2}×",
            ms(small.0),
            ms(small.1),
            ms(large.0),
            ms(large.1),
            large.0.as_secs_f64() / small.0.as_secs_f64().max(1e-9)
        );
    }
}

/// Idle, drag and release frames of the app with `project`, as `wanted` asks.
fn frames(project: stancemap::model::Project, wanted: &dyn Fn(&str) -> bool) -> Figures {
    let mut figures = Figures::new();
    let mut report = |what: &str, times: &[Duration]| {
        report(what, times);
        figures.push((what.to_owned(), times.to_vec()));
    };
    let mut harness = harness(App::with_project(project).with_recovery_store(None));
    settle(&mut harness);
    let mut marker = marker_to_drag(&mut harness, &[]);
    println!("dragging {marker}");
    let reader_bytes = harness.state().current_article().and_then(|id| harness.state().project().article(id));
    println!("reader article: {} bytes", reader_bytes.map_or(0, |article| article.text.len()));
    if wanted("idle") {
        for tree in [Tree::Off, Tree::On] {
            let (idle, idle_cpu) = measure(&mut harness, FRAMES, tree, |_| Vec::new());
            report(&format!("idle frame{}", tree.suffix()), &idle);
            report(&format!("idle frame{}, UI thread CPU time", tree.suffix()), &idle_cpu);
        }
        harness.step();
        let delay = harness.output().viewport_output.get(&egui::ViewportId::ROOT).map(|v| v.repaint_delay);
        println!("idle: next repaint requested after {delay:?} (Duration::MAX = never)");
    }
    let center = marker_center(&harness, &marker);
    if wanted("drag") {
        for tree in [Tree::Off, Tree::On] {
            harness.hover_at(center);
            harness.step();
            harness.drag_at(center);
            harness.step();
            let (drag, drag_cpu) = measure(&mut harness, FRAMES, tree, |frame| {
                let dx = (frame % 80) as f32 - 40.0;
                vec![egui::Event::PointerMoved(center + egui::vec2(dx, 0.0))]
            });
            report(&format!("drag frame{}", tree.suffix()), &drag);
            report(&format!("drag frame{}, UI thread CPU time", tree.suffix()), &drag_cpu);
            harness.drop_at(center);
            settle(&mut harness);
        }
    }
    if wanted("release") {
        for tab in ["All issues", "Distance", "Aggregate", "Agreement", "Forecast", "Evolution", "2-D map"] {
            harness.get_by_label(tab).click();
            settle(&mut harness);
            for tree in [Tree::Off, Tree::On] {
                let (idle, idle_cpu) = measure(&mut harness, 40, tree, |_| Vec::new());
                report(&format!("idle frame, {tab} tab{}", tree.suffix()), &idle);
                report(&format!("idle frame, {tab} tab{}, UI thread CPU time", tree.suffix()), &idle_cpu);
            }
            let mut release: [(Vec<Duration>, Vec<Duration>); 2] = Default::default();
            let mut leg = 0;
            // Markers a drag did not move (another marker took the press, or the scale's end
            // stopped it): not dragged again, and that release not counted.
            let mut refused: Vec<String> = Vec::new();
            let (mut round, mut attempts) = (0, 0);
            while round < RELEASES {
                attempts += 1;
                assert!(attempts <= RELEASES * 4, "the {tab} tab: no marker moved in {attempts} drags");
                // Right and back again, found anew each round (markers restack as they move, and
                // on a crowded axis another may come to lie on top: then another is dragged).
                if free_marker(&harness, &refused).as_ref() != Some(&marker) {
                    marker = marker_to_drag(&mut harness, &refused);
                    leg = 0;
                }
                let direction = if leg % 2 == 0 { 1.0 } else { -1.0 };
                leg += 1;
                let (center, before) = (marker_center(&harness, &marker), marker_value(&harness, &marker));
                harness.hover_at(center);
                harness.step();
                harness.drag_at(center);
                harness.step();
                for step in 1..=5 {
                    harness.hover_at(center + egui::vec2(direction * DRAG_DISTANCE * step as f32 / 6.0, 0.0));
                    harness.step();
                }
                // The pointer moves to the drop point in one frame and is released in the next
                // (`drop_at` would queue both, and the harness runs a frame per event).
                let drop_point = center + egui::vec2(direction * DRAG_DISTANCE, 0.0);
                harness.hover_at(drop_point);
                harness.step();
                // Every other release without the accessibility tree, as most users' app runs.
                let tree = if round % 2 == 0 { Tree::Off } else { Tree::On };
                let window_start = monotonic_seconds();
                let (wall, cpu) = timed_frame(
                    &mut harness,
                    tree,
                    vec![egui::Event::PointerButton {
                        pos: drop_point,
                        button: egui::PointerButton::Primary,
                        pressed: false,
                        modifiers: egui::Modifiers::NONE,
                    }],
                );
                if std::env::var_os("FRAME_BENCH_WINDOWS").is_some() {
                    // For `perf report --time`: where the release frames were (perf's clock).
                    println!("release window {window_start:.6},{:.6}", monotonic_seconds());
                }
                settle(&mut harness);
                let after = marker_value(&harness, &marker);
                if (after - before) * f64::from(direction) <= 0.0 {
                    println!("the {tab} tab: {marker} stayed at {before}; dragging another");
                    refused.push(marker.clone());
                    continue;
                }
                release[round % 2].0.push(wall);
                release[round % 2].1.push(cpu);
                round += 1;
            }
            for (tree, (release, release_cpu)) in [Tree::Off, Tree::On].into_iter().zip(&release) {
                report(&format!("release frame, {tab} tab{}", tree.suffix()), release);
                // The UI thread's own CPU time: the rest of the wall time it waited for a core
                // the analysis workers the release started were using (two cores).
                report(&format!("release frame, {tab} tab{}, UI thread CPU time", tree.suffix()), release_cpu);
            }
        }
    }
    figures
}

/// The label of a marker placed on an axis in view that no other marker covers, so a press on
/// its middle grabs it (a crowded axis stacks markers, and overall judgements sit among them).
/// Markers in `refused` are passed over.
/// Failing one free of others wherever the drags take it, one whose middle no other marker covers
/// there (on the 10,000-article corpus a hundred actors crowd every axis).
fn free_marker(harness: &Harness<'_, App>, refused: &[String]) -> Option<String> {
    let sliders = || harness.query_all(by().role(Role::Slider));
    let label = |node: &egui_kittest::Node<'_>| node.accesskit_node().label().unwrap_or_default();
    let placed = || {
        sliders().filter(|node| {
            // "<actor> on <issue>": not the inspector's sliders, overall diamonds, tray rings or
            // other coders' diamonds.
            let label = label(node);
            !refused.contains(&label)
                && label.contains(" on ")
                && !label.contains(" overall on ")
                && !label.ends_with("(not placed)")
                && !label.contains(" by ")
                && !node.accesskit_node().is_disabled()
        })
    };
    let travel = egui::vec2(DRAG_DISTANCE, 0.0);
    let free = placed().find(|marker| {
        let (id, rect) = (marker.accesskit_node().id(), marker.rect());
        let travel = rect.union(rect.translate(travel));
        sliders().all(|other| other.accesskit_node().id() == id || !other.rect().intersects(travel))
    });
    // Else one on top of every marker that could take the press, where it is and where the drags
    // take it: widgets made later are hit first, and other coders' diamonds only show a tooltip.
    let free = free.or_else(|| {
        let all: Vec<_> = sliders().collect();
        let takes_drags = |node: &egui_kittest::Node<'_>| !label(node).contains(" by ");
        placed().find(|marker| {
            let id = marker.accesskit_node().id();
            let Some(index) = all.iter().position(|node| node.accesskit_node().id() == id) else { return false };
            let center = marker.rect().center();
            all[index + 1..]
                .iter()
                .filter(|other| takes_drags(other))
                .all(|other| !(other.rect().contains(center) || other.rect().contains(center + travel)))
        })
    });
    free.map(|marker| label(&marker))
}

/// A marker [`free_marker`] finds, scrolling the positions panel down until one is in view (the
/// long read of the 10,000-article corpus is coded on its fifth issue only).
fn marker_to_drag(harness: &mut Harness<'_, App>, refused: &[String]) -> String {
    for _ in 0..30 {
        if let Some(marker) = free_marker(harness, refused) {
            return marker;
        }
        harness.hover_at(egui::pos2(SIZE.x - 200.0, SIZE.y * 0.4));
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -200.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        settle(harness);
    }
    let placed: Vec<String> = harness
        .query_all(by().role(Role::Slider))
        .map(|node| format!("{} at {:?}", node.accesskit_node().label().unwrap_or_default(), node.rect()))
        .collect();
    panic!("no marker in view is free of others to drag; sliders in view: {placed:#?}")
}

/// Where the marker labelled `label` is.
fn marker_center(harness: &Harness<'_, App>, label: &str) -> egui::Pos2 {
    harness.get_by_label(label).rect().center()
}

/// The value the marker labelled `label` reads.
fn marker_value(harness: &Harness<'_, App>, label: &str) -> f64 {
    let value = harness.get_by_label(label).accesskit_node().numeric_value();
    value.unwrap_or_else(|| panic!("{label} has no value"))
}

fn harness(app: App) -> Harness<'static, App> {
    let mut app = Some(app);
    Harness::builder()
        .with_size(SIZE)
        .with_max_steps(64)
        .build_eframe(move |_cc| app.take().unwrap_or_else(|| App::with_project(Default::default())))
}

/// Runs frames until the app stops asking for them and background results have arrived.
fn settle(harness: &mut Harness<'_, App>) {
    for _ in 0..40 {
        harness.run_ok();
        std::thread::sleep(Duration::from_millis(25));
    }
    harness.run_ok();
}

/// Whether a timed frame builds the accessibility tree.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tree {
    /// The frame as most users' app runs it: eframe turns AccessKit on only when a screen reader
    /// asks for the tree (`InitialTreeRequested`), so egui builds no nodes. Run on the harness's
    /// context without AccessKit, outside kittest (whose `step` insists on a tree).
    Off,
    /// The frame with the tree built and read (kittest's `step`), as for a screen reader's user.
    On,
}

impl Tree {
    /// What the figures' names say of it.
    fn suffix(self) -> &'static str {
        match self {
            Tree::Off => " (no accessibility tree)",
            Tree::On => " (accessibility tree)",
        }
    }
}

/// Times `frames` frames, each with the events `input` gives for it: their wall times and the UI
/// thread's CPU times (on a busy machine the wall time includes waiting for a core).
fn measure(
    harness: &mut Harness<'_, App>,
    frames: usize,
    tree: Tree,
    mut input: impl FnMut(usize) -> Vec<egui::Event>,
) -> (Vec<Duration>, Vec<Duration>) {
    let times = (0..frames).map(|frame| timed_frame(harness, tree, input(frame))).unzip();
    if tree == Tree::Off {
        // kittest's tree catches up with the frames run without it.
        harness.step();
    }
    times
}

/// One frame with `events`, timed: the app's frame and the tessellation of what it drew (which
/// eframe does before painting; the painting itself is the GPU's).
fn timed_frame(harness: &mut Harness<'_, App>, tree: Tree, events: Vec<egui::Event>) -> (Duration, Duration) {
    let (start, cpu_start) = (Instant::now(), thread_cpu_time());
    let output = match tree {
        Tree::On => {
            // Straight into the frame's input: kittest's `step` would run a frame per queued event.
            harness.input_mut().events.extend(events);
            harness.step();
            let (wall, cpu) = (start.elapsed(), thread_cpu_time().saturating_sub(cpu_start));
            // The tessellation timed on its own: the shapes are the harness's to keep.
            let shapes = harness.output().shapes.clone();
            let pixels_per_point = harness.output().pixels_per_point;
            let (start, cpu_start) = (Instant::now(), thread_cpu_time());
            std::hint::black_box(harness.ctx.tessellate(shapes, pixels_per_point));
            return (wall + start.elapsed(), cpu + thread_cpu_time().saturating_sub(cpu_start));
        }
        Tree::Off => {
            let ctx = harness.ctx.clone();
            let mut input = harness.input_mut().take();
            input.events.extend(events);
            ctx.disable_accesskit();
            let mut frame = eframe::Frame::_new_kittest();
            let output = ctx.run_ui(input, |ui| {
                let app = harness.state_mut();
                eframe::App::logic(app, ui.ctx(), &mut frame);
                eframe::App::ui(app, ui, &mut frame);
            });
            ctx.enable_accesskit();
            output
        }
    };
    std::hint::black_box(harness.ctx.tessellate(output.shapes, output.pixels_per_point));
    (start.elapsed(), thread_cpu_time().saturating_sub(cpu_start))
}

/// The median, 99th percentile and maximum of `times`.
fn quantiles(times: &[Duration]) -> (Duration, Duration, Duration) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| sorted.get(((sorted.len().max(1) - 1) as f64 * q).round() as usize).copied().unwrap_or_default();
    (at(0.5), at(0.99), at(1.0))
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

fn report(what: &str, times: &[Duration]) {
    let (median, p99, max) = quantiles(times);
    println!(
        "{what}: median {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} frames)",
        ms(median),
        ms(p99),
        ms(max),
        times.len()
    );
}

/// Start-up with the sample: building the app and its first frame.
fn startup() {
    let mut times = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let (app, _) = App::for_startup(None);
        let mut harness = harness(app.with_recovery_store(None));
        harness.step();
        times.push(start.elapsed());
    }
    report("start-up to the first frame, sample", &times);
}

/// Seconds on the monotonic clock (the one `perf record -k CLOCK_MONOTONIC` stamps samples with).
fn monotonic_seconds() -> f64 {
    #[cfg(target_os = "linux")]
    {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `clock_gettime` only writes the `timespec` it is given.
        if unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) } == 0 {
            return now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9;
        }
    }
    0.0
}

/// CPU time this thread has used (Linux: `CLOCK_THREAD_CPUTIME_ID`; zero elsewhere).
fn thread_cpu_time() -> Duration {
    #[cfg(target_os = "linux")]
    {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `clock_gettime` only writes the `timespec` it is given.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0 {
            return Duration::new(now.tv_sec as u64, now.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

/// Frames of the adjudication view on a team of 50 coders: `articles` articles, 100 actors, 30
/// issues and 20 positions per article, and on the first tenth of the articles (the reliability
/// overlap) every position coded a second time by the next coder, every other one 30 % of the scale
/// away. Idle frames with the view open, then frames that each step to the next unit (J).
fn adjudication_frames(articles: usize) {
    use stancemap::model::generate::GenerateOptions;
    let options = GenerateOptions {
        articles,
        actors: 100,
        issues: 30,
        positions: articles * 20,
        coders: 50,
        ..Default::default()
    };
    let start = Instant::now();
    let mut project = common::build_project(&options);
    let overlap: std::collections::HashSet<_> =
        project.articles.iter().take(articles / 10).map(|article| article.id.clone()).collect();
    let coders: Vec<_> = project.coders.iter().map(|coder| coder.id.clone()).collect();
    let second: Vec<_> = project
        .positions
        .iter()
        .filter(|position| position.article.as_ref().is_some_and(|id| overlap.contains(id)))
        .enumerate()
        .map(|(n, position)| {
            let index = coders.iter().position(|coder| coder == &position.coder).unwrap_or(0);
            let issue = project.issue(&position.issue).expect("its issue");
            let (low, high) = issue.bounds();
            let shift = if n % 2 == 0 { 0.3 * (high - low) } else { 0.0 };
            let value = if position.value < issue.midpoint() { position.value + shift } else { position.value - shift };
            stancemap::model::Position {
                coder: coders[(index + 1) % coders.len()].clone(),
                value: value.clamp(low, high),
                ..position.clone()
            }
        })
        .collect();
    for position in second {
        project.positions.insert(position);
    }
    let queue = stancemap::analysis::adjudication::Queue::of(&project, &Default::default());
    println!(
        "\n== adjudication: {} articles, 50 coders, {} positions, {} units to settle (built in {:.1} s)",
        articles,
        project.positions.len(),
        queue.entries.len(),
        start.elapsed().as_secs_f64()
    );
    let mut harness = harness(App::with_project(project).with_recovery_store(None));
    settle(&mut harness);
    // The same project with no dialog open: what the two views below add to a frame. Each
    // figure without the accessibility tree (as most users' app runs) and with it.
    let idle_rows = |harness: &mut Harness<'_, App>, what: &str| {
        for (tree, suffix) in [(Tree::Off, ", no tree"), (Tree::On, ", with tree")] {
            let (_, idle_cpu) = measure(harness, FRAMES, tree, |_| Vec::new());
            report(&format!("{what} idle frame{suffix}, UI thread CPU time"), &idle_cpu);
        }
    };
    idle_rows(&mut harness, "no dialog,");
    open_from_project_menu(&mut harness, "Adjudicate…");
    idle_rows(&mut harness, "adjudication");
    // J pressed and released within one frame: `key_press` would queue the two events, and
    // kittest's `step` runs a frame for each, so one step would time two frames.
    for (tree, suffix) in [(Tree::Off, ", no tree"), (Tree::On, ", with tree")] {
        let (_, step_cpu) = measure(&mut harness, FRAMES, tree, |_| {
            [true, false]
                .map(|pressed| egui::Event::Key {
                    key: egui::Key::J,
                    physical_key: None,
                    pressed,
                    repeat: false,
                    modifiers: egui::Modifiers::NONE,
                })
                .to_vec()
        });
        report(&format!("adjudication step frame (J){suffix}, UI thread CPU time"), &step_cpu);
    }
    // A decision: 1 (take coder 1's value) pressed and released within one frame, then one
    // frame with no input: the decision's frame applies it, the next draws the queue without it.
    let (decide, decide_cpu) = measure(&mut harness, FRAMES, Tree::On, |frame| {
        if frame % 2 == 1 {
            return Vec::new();
        }
        [true, false]
            .map(|pressed| egui::Event::Key {
                key: egui::Key::Num1,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            })
            .to_vec()
    });
    let settled = harness.state().session().project().consensus.len();
    let (on, after): (Vec<_>, Vec<_>) = decide.chunks(2).map(|pair| (pair[0], pair[1])).unzip();
    let (on_cpu, after_cpu): (Vec<_>, Vec<_>) = decide_cpu.chunks(2).map(|pair| (pair[0], pair[1])).unzip();
    println!("{settled} units settled by {} decisions", FRAMES / 2);
    report("adjudication decision frame (1)", &on);
    report("adjudication decision frame (1), UI thread CPU time", &on_cpu);
    report("adjudication frame after a decision", &after);
    report("adjudication frame after a decision, UI thread CPU time", &after_cpu);
    harness.get_by_label("Close").click();
    settle(&mut harness);
    open_from_project_menu(&mut harness, "Team…");
    idle_rows(&mut harness, "Team view");
}

/// Opens Project > `item` and lets the app settle.
fn open_from_project_menu(harness: &mut Harness<'_, App>, item: &str) {
    harness.get_by_label("Project").click();
    harness.run_ok();
    harness.get_by_label_contains(item).click();
    settle(harness);
}
