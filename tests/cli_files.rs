//! The command line never replaces a user's file without being told to, merges two coders'
//! copies of a project without dropping anything, and never turns a typo into a new actor or issue:
//! `stancemap import-positions` refuses names the project does not know (naming the file, the row
//! and the closest existing name) unless `--create-missing`, and reads the semicolon-separated files
//! (with decimal commas) that spreadsheets in many locales write.

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

#[test]
fn a_misspelt_actor_or_issue_is_refused_with_a_suggestion_unless_create_missing() {
    let folder = tempfile::tempdir().unwrap();
    let project = folder.path().join("p.stancemap");
    stancemap(&["sample".as_ref(), os(&project)]);
    let before = std::fs::read(&project).unwrap();
    let csv = folder.path().join("coded.csv");
    std::fs::write(
        &csv,
        "actor,issue,position\n\
         Russia,Ukraine's NATO membership,10\n\
         Russa,Ukraines NATO membership,12\n\
         China,Sanctions,40\n",
    )
    .unwrap();
    let run = stancemap(&["import-positions".as_ref(), "-p".as_ref(), os(&project), os(&csv)]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    for expected in [
        "coded.csv: 4 names are not in the project; nothing was imported",
        "--create-missing",
        "row 3: unknown actor \"Russa\": did you mean \"Russia\"?",
        "row 3: unknown issue \"Ukraines NATO membership\": did you mean \"Ukraine's NATO membership\"?",
        "row 4: unknown actor \"China\" (no actor has a similar name)",
        "row 4: unknown issue \"Sanctions\" (no issue has a similar name)",
    ] {
        assert!(stderr.contains(expected), "{expected:?} missing from:\n{stderr}");
    }
    assert_eq!(std::fs::read(&project).unwrap(), before, "nothing written");

    let run =
        stancemap(&["import-positions".as_ref(), "-p".as_ref(), os(&project), os(&csv), "--create-missing".as_ref()]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("actors created: 2"), "{}", text(&run.stdout));
    assert!(text(&run.stdout).contains("issues created: 2"), "{}", text(&run.stdout));
    let loaded = stancemap::io::load_project(&project).unwrap();
    assert!(loaded.find_actor_by_name("Russa").is_some(), "created as asked");
}

#[test]
fn a_semicolon_csv_with_decimal_commas_round_trips() {
    let folder = tempfile::tempdir().unwrap();
    let project = folder.path().join("p.stancemap");
    stancemap(&["sample".as_ref(), os(&project)]);
    let csv = folder.path().join("excel.csv");
    // As a spreadsheet in a German or French locale saves it: semicolons, decimal commas, quotes.
    std::fs::write(
        &csv,
        "\u{feff}actor;issue;position;salience;quote\r\n\
         Russia;Ukraine's NATO membership;12,5;70;\"Moscow; as always, said no\"\r\n\
         Ukraine;nato-membership;95;80,25;\r\n",
    )
    .unwrap();
    let run = stancemap(&["import-positions".as_ref(), "-p".as_ref(), os(&project), os(&csv)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("positions set: 2"), "{}", text(&run.stdout));
    let loaded = stancemap::io::load_project(&project).unwrap();
    let overall = |actor: &str| {
        loaded.positions.iter().find(|p| p.actor.as_str() == actor && p.article.is_none()).cloned().unwrap()
    };
    assert_eq!(overall("russia").value, 12.5);
    assert_eq!(overall("russia").note, "Quote: Moscow; as always, said no");
    assert_eq!(overall("ukraine").salience, 80.25);

    // Back out as (comma) CSV and in again: the same values.
    let csv_text = stancemap::io::positions_csv::export_positions(&loaded);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        // Decimal commas, as the spreadsheet writes them.
        let cells: Vec<String> = record
            .unwrap()
            .iter()
            .map(|cell| if cell.parse::<f64>().is_ok() { cell.replace('.', ",") } else { cell.to_owned() })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    let semicolons = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert!(semicolons.starts_with("actor;issue;position"), "{semicolons}");
    let edit = stancemap::io::positions_csv::import_positions(&loaded, &semicolons, None);
    assert!(edit.is_ok(), "{edit:?}");
    let mut again = loaded.clone();
    edit.unwrap().apply(&mut again);
    let values =
        |p: &stancemap::model::Project| p.positions.iter().map(|p| (p.key(), p.value, p.salience)).collect::<Vec<_>>();
    assert_eq!(values(&again), values(&loaded));
}
