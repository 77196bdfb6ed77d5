//! `stancemap generate` end to end: the same seed writes the same bytes, the file loads and
//! validates with the counts asked for, and an existing file is replaced only with `--force`.

use std::path::Path;
use std::process::{Command, Output};

fn generate(out: &Path, seed: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancemap"))
        .args(["generate", "--articles", "40", "--actors", "15", "--issues", "6", "--positions", "900"])
        .args(["--coders", "3", "--seed", seed, "-o"])
        .arg(out)
        .args(extra)
        .output()
        .expect("run stancemap")
}

#[test]
fn the_same_seed_writes_the_same_file_which_loads_with_the_counts_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (dir.path().join("a.stancemap"), dir.path().join("b.stancemap"), dir.path().join("c.stancemap"));
    for (path, seed) in [(&a, "5"), (&b, "5"), (&c, "6")] {
        let output = generate(path, seed, &[]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "same seed, same bytes");
    assert_ne!(bytes, std::fs::read(&c).unwrap(), "another seed, another project");

    let project = stancemap::io::project_file::load_project(&a).expect("loads and validates");
    let counts = (project.articles.len(), project.actors.len(), project.issues.len(), project.coders.len());
    assert_eq!(counts, (40, 15, 6, 3));
    assert_eq!(project.positions.len(), 900);
    assert!(project.articles.iter().all(|article| !article.text.is_empty() && article.date.len() == 10));
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine.stancemap");
    std::fs::write(&out, "precious").unwrap();
    let refused = generate(&out, "1", &[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    let forced = generate(&out, "1", &["--force"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    stancemap::io::project_file::load_project(&out).expect("the generated project replaced it");
}

#[test]
fn counts_that_cannot_fit_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.stancemap");
    let output = Command::new(env!("CARGO_BIN_EXE_stancemap"))
        .args(["generate", "--articles", "1", "--actors", "2", "--issues", "2", "--coders", "1"])
        .args(["--positions", "100", "-o"])
        .arg(&out)
        .output()
        .expect("run stancemap");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("100 positions do not fit"));
    assert!(!out.exists());
}

/// What `stancemap generate` wrote for these counts and seed 5 before positions held their stamps
/// as shared text (main at d767333): the FNV-1a hash of the file's bytes.
const FILE_HASH_BEFORE_SHARED_STAMPS: u64 = 0xef38_1425_9b40_7132;

#[test]
fn the_file_is_written_byte_for_byte_as_before_and_a_load_and_save_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (generated, saved) = (dir.path().join("g.stancemap"), dir.path().join("s.stancemap"));
    let output = generate(&generated, "5", &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let bytes = std::fs::read(&generated).unwrap();
    assert_eq!(stancemap::model::ids::stable_hash(&bytes), FILE_HASH_BEFORE_SHARED_STAMPS, "the same file as before");
    let project = stancemap::io::project_file::load_project(&generated).expect("loads");
    stancemap::io::project_file::save_project(&saved, &project).expect("saves");
    assert!(std::fs::read(&saved).unwrap() == bytes, "a load and a save change no byte");
}
