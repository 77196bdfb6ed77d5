//! The command line never replaces a user's file without being told to, and merges two coders'
//! copies of a project without dropping anything.

use std::path::Path;
use std::process::{Command, Output};

fn stancemap(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancemap")).args(args).output().expect("run stancemap")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn os(path: &Path) -> &std::ffi::OsStr {
    path.as_os_str()
}

#[test]
fn sample_and_aggregate_refuse_to_replace_files_without_force() {
    let folder = tempfile::tempdir().unwrap();
    let victim = folder.path().join("victim.stancemap");
    std::fs::write(&victim, "precious").unwrap();
    let run = stancemap(&["sample".as_ref(), os(&victim)]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("already exists; pass --force"), "{}", text(&run.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let run = stancemap(&["sample".as_ref(), os(&victim), "--force".as_ref()]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(stancemap::io::load_project(&victim).is_ok());

    // An aggregate CSV never goes to a project path, even with --force.
    let project = folder.path().join("p.stancemap");
    stancemap(&["sample".as_ref(), os(&project)]);
    let before = std::fs::read(&project).unwrap();
    let run = stancemap(&["aggregate".as_ref(), os(&project), "--csv".as_ref(), os(&project), "--force".as_ref()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("exports never write to .stancemap files"), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(&project).unwrap(), before);
    // Nor does a figure.
    let run = stancemap(&["plot".as_ref(), os(&project), "--out".as_ref(), os(&project)]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(std::fs::read(&project).unwrap(), before);
    let figure = folder.path().join("figure.svg");
    std::fs::write(&figure, "old").unwrap();
    let run = stancemap(&["plot".as_ref(), os(&project), "--out".as_ref(), os(&figure)]);
    assert_eq!(run.status.code(), Some(1), "an existing figure needs --force");
    let run = stancemap(&["plot".as_ref(), os(&project), "--out".as_ref(), os(&figure), "--force".as_ref()]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
}

#[test]
fn merging_a_project_with_itself_gives_it_back() {
    let folder = tempfile::tempdir().unwrap();
    let a = folder.path().join("a.stancemap");
    let out = folder.path().join("merged.stancemap");
    stancemap(&["sample".as_ref(), os(&a)]);
    let run = stancemap(&["merge".as_ref(), os(&a), os(&a), "-o".as_ref(), os(&out)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("no conflicts"));
    assert_eq!(stancemap::io::load_project(&out).unwrap(), stancemap::io::load_project(&a).unwrap());
    let run = stancemap(&["merge".as_ref(), os(&a), os(&a), "-o".as_ref(), os(&out)]);
    assert_eq!(run.status.code(), Some(1), "the output exists now");
}

#[test]
fn a_merge_conflict_is_listed_and_the_other_side_kept_in_the_trash() {
    let folder = tempfile::tempdir().unwrap();
    let (a, b, out) =
        (folder.path().join("a.stancemap"), folder.path().join("b.stancemap"), folder.path().join("c.stancemap"));
    let mine = stancemap::model::presets::sample_project();
    let mut theirs = mine.clone();
    let mut moved = theirs.positions.iter().next().cloned().unwrap();
    moved.value = (moved.value + 40.0).min(100.0);
    let key = moved.key();
    theirs.positions.insert(moved.clone());
    stancemap::io::save_project(&a, &mine).unwrap();
    stancemap::io::save_project(&b, &theirs).unwrap();
    let run = stancemap(&[
        "merge".as_ref(),
        os(&a),
        os(&b),
        "-o".as_ref(),
        os(&out),
        "--prefer".as_ref(),
        "second".as_ref(),
        "--json".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["conflicts"].as_array().map(Vec::len), Some(1), "{report}");
    assert_eq!(report["conflicts"][0]["kind"], "position");
    let merged = stancemap::io::load_project(&out).unwrap();
    assert_eq!(merged.positions.get(&key).map(|p| p.value), Some(moved.value));
    let kept = &merged.trash.last().expect("the first file's value is in the Trash").positions[0];
    assert_eq!(kept.value, mine.positions.get(&key).unwrap().value);
}
