//! The promises about files, tested by force: a save killed at any moment leaves the old or the new
//! project on disk, never a broken one; and the loader meets ≥ 10^5 random and damaged files with a
//! clear error each — no panic, no hang, the file untouched.
//!
//! `cargo test --test durability -- --ignored` runs the long versions (10^6 inputs, 2,000 kills).

mod common;

use std::path::{Path, PathBuf};

use common::Sequence;
use std::process::Command;
use std::time::{Duration, Instant};

use stancemap::io::project_file::{load_project, parse_project, project_to_json, save_project};
use stancemap::model::{Position, PositionKey, Project, presets};

/// Set in the child process that saves in a loop until it is killed.
const SAVE_LOOP: &str = "STANCEMAP_TEST_SAVE_LOOP";

/// A project of about a megabyte: the sample with a few thousand overall positions.
fn large_project(title: &str) -> Project {
    let mut project = presets::sample_project();
    project.title = title.to_owned();
    for index in 0..4_000 {
        let actor = &project.actors[index % project.actors.len()].id;
        let issue = &project.issues[(index / 7) % project.issues.len()].id;
        let key = PositionKey {
            issue: issue.clone(),
            actor: actor.clone(),
            article: None,
            coder: format!("c{}", index / 15).as_str().into(),
        };
        let mut position = Position::new(&key, (index % 101) as f64);
        position.note = format!("note {index}: {}", "x".repeat(index % 200));
        project.positions.insert(position);
    }
    project.coders.extend(
        (0..=4_000 / 15)
            .map(|n| stancemap::model::Coder { id: format!("c{n}").as_str().into(), name: format!("Coder {n}") }),
    );
    project
}

/// The child's part: save two versions in turn, for ever.
fn save_for_ever(path: &Path) -> ! {
    let versions = [large_project("version A"), large_project("version B")];
    let mut turn = 0;
    loop {
        save_project(path, &versions[turn % 2]).ok();
        turn += 1;
    }
}

fn kill_saves(kills: usize) {
    if let Some(path) = std::env::var_os(SAVE_LOOP) {
        save_for_ever(Path::new(&path));
    }
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("large.stancemap");
    save_project(&path, &large_project("version A")).unwrap();
    let mut sequence = Sequence(0x5eed_1234_abcd_0001);
    let mut seen = [0usize; 2];
    for kill in 0..kills {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "a_save_killed_at_any_moment_leaves_the_old_or_the_new_file", "--nocapture"])
            .env(SAVE_LOOP, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + sequence.below(60)));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no clean-up runs.
        child.wait().unwrap();
        let project = load_project(&path).unwrap_or_else(|error| panic!("after kill {kill}: {error}"));
        match project.title.as_str() {
            "version A" => seen[0] += 1,
            "version B" => seen[1] += 1,
            other => panic!("after kill {kill}: unexpected title {other:?}"),
        }
    }
    assert!(seen[0] > 0 && seen[1] > 0, "the kills should land on both versions: {seen:?}");
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    kill_saves(200);
}

#[test]
#[ignore = "long: 2,000 kills"]
fn two_thousand_killed_saves_leave_the_old_or_the_new_file() {
    kill_saves(2_000);
}

/// Bytes that make JSON interesting.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"0.5",
    b"\"\\u0000\"",
    b"\"format_version\": 2",
    b"\"format_version\": 0",
    b"\"positions\": [",
    b"\"actors\": {}",
    b"\\",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\"id\": \"\"",
    b"\"parent\": \"russia\"",
    b"\n",
    b"9999999999999999999999",
];

fn mutate(seed: &[u8], sequence: &mut Sequence) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + sequence.index(4) {
        let at = sequence.index(bytes.len() + 1);
        match sequence.index(6) {
            0 => {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte ^= 1 << sequence.index(8);
                }
            }
            1 => bytes.truncate(at),
            2 => {
                let end = (at + sequence.index(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                let token = TOKENS[sequence.index(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
            4 => {
                let end = (at + sequence.index(200)).min(bytes.len());
                let copy: Vec<u8> = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes.insert(at.min(bytes.len()), sequence.next() as u8),
        }
    }
    bytes
}

fn fuzz_loader(inputs: usize) {
    let seeds: Vec<Vec<u8>> = vec![
        project_to_json(&presets::sample_project()).into_bytes(),
        project_to_json(&presets::new_project("Untitled")).into_bytes(),
        br#"{"format_version": 1, "title": "old"}"#.to_vec(),
    ];
    let mut sequence = Sequence(0x0dd_ba11_f00d_0001);
    let name = PathBuf::from("fuzzed.stancemap");
    let (mut loaded, mut refused, mut slowest) = (0usize, 0usize, Duration::ZERO);
    for index in 0..inputs {
        let input = if index % 10 == 9 {
            (0..sequence.index(300)).map(|_| sequence.next() as u8).collect()
        } else {
            let seed = &seeds[sequence.index(seeds.len())];
            mutate(seed, &mut sequence)
        };
        let started = Instant::now();
        match parse_project(&input, &name) {
            Ok(project) => {
                loaded += 1;
                assert!(project.validate().is_ok(), "input {index} loaded an invalid project");
            }
            Err(error) => {
                refused += 1;
                let message = error.to_string();
                assert!(
                    message.starts_with("fuzzed.stancemap: "),
                    "input {index}: message without the file: {message}"
                );
            }
        }
        slowest = slowest.max(started.elapsed());
    }
    assert!(slowest < Duration::from_secs(2), "the slowest input took {slowest:?}");
    assert!(loaded > 0 && refused > inputs / 2, "loaded {loaded}, refused {refused}");
}

#[test]
fn a_hundred_thousand_damaged_files_get_a_clear_error_each() {
    fuzz_loader(100_000);
}

#[test]
#[ignore = "long: 10^6 inputs"]
fn a_million_damaged_files_get_a_clear_error_each() {
    fuzz_loader(1_000_000);
}

#[test]
fn loading_a_damaged_file_leaves_it_untouched() {
    let folder = tempfile::tempdir().unwrap();
    let seed = project_to_json(&presets::sample_project()).into_bytes();
    let mut sequence = Sequence(0xfee1_600d_0000_0001);
    for index in 0..200 {
        let bytes = mutate(&seed, &mut sequence);
        let path = folder.path().join(format!("damaged-{index}.stancemap"));
        std::fs::write(&path, &bytes).unwrap();
        let _ = load_project(&path);
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "input {index} was changed by loading");
    }
}
