//! Importing coded positions never turns a typo into a new actor or issue: `stancemap
//! import-positions` refuses names the project does not know — naming the file, the row and the
//! closest existing name — unless `--create-missing`, and reads the semicolon-separated files
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
