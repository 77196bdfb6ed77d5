//! End-to-end tests of the command-line tools: each runs the real `stancemap` binary on files in a
//! temporary folder and checks its exit status, output and the files it leaves behind.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

mod common;

use common::cli::stancemap;

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative)
}

fn close(value: &serde_json::Value, expected: f64, tolerance: f64) -> bool {
    value.as_f64().is_some_and(|actual| (actual - expected).abs() <= tolerance)
}

/// Writes the bundled sample project into `dir` and returns its path.
fn sample(dir: &Path) -> PathBuf {
    let path = dir.join("sample.stancemap");
    stancemap([OsStr::new("sample"), path.as_os_str()]).expect_code(0);
    path
}

/// `check --json` counts of a project file.
fn counts(project: &Path) -> serde_json::Value {
    stancemap([OsStr::new("check"), OsStr::new("--json"), project.as_os_str()]).expect_code(0).json()
}

#[test]
fn help_and_version() {
    let help = stancemap(["--help"]).expect_code(0);
    for command in ["check", "sample", "extract", "import", "import-positions", "agreement", "forecast", "aggregate"] {
        assert!(help.stdout.contains(command), "{command} missing from --help:\n{}", help.stdout);
    }
    let version = stancemap(["--version"]).expect_code(0);
    assert_eq!(version.stdout.trim(), format!("stancemap {}", env!("CARGO_PKG_VERSION")));
    let import_help = stancemap(["import-positions", "--help"]).expect_code(0);
    assert!(import_help.stdout.contains("--scale"), "{}", import_help.stdout);
}

#[test]
fn sample_then_check_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    assert_eq!(counts(&path), serde_json::json!({"articles": 1, "actors": 5, "issues": 3, "positions": 11}));
    let text = stancemap([OsStr::new("check"), path.as_os_str()]).expect_code(0);
    assert!(text.stdout.contains("valid StanceMap project"), "{}", text.stdout);
}

#[test]
fn check_reports_broken_json_with_line_and_column_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.stancemap");
    let bytes = b"{\n  \"format_version\": 1,\n  \"title\": \"x\",\n  oops\n}\n";
    std::fs::write(&path, bytes).unwrap();
    let run = stancemap([OsStr::new("check"), path.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("line 4, column 3"), "{}", run.stderr);
    assert!(run.stderr.contains("broken.stancemap"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn check_on_a_missing_file_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.stancemap");
    let run = stancemap([OsStr::new("check"), missing.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("nowhere.stancemap: cannot read the file"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("os error").count(), 1, "{}", run.stderr);
}

#[test]
fn check_names_a_dangling_actor_reference() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let mut project: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    project["positions"][0]["actor"] = "no-such-actor".into();
    std::fs::write(&path, serde_json::to_string_pretty(&project).unwrap()).unwrap();
    let run = stancemap([OsStr::new("check"), path.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("actor \"no-such-actor\""), "{}", run.stderr);
}

#[test]
fn extract_prints_the_text_and_metadata() {
    let file = fixture("import/seed_cbs.txt");
    let expected = std::fs::read_to_string(fixture("import/seed_cbs.expected.txt")).unwrap();
    let run = stancemap([OsStr::new("extract"), file.as_os_str()]).expect_code(0);
    assert_eq!(run.stdout, format!("{}\n", expected.trim_end()));
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    let run = stancemap([OsStr::new("extract"), OsStr::new("--meta"), file.as_os_str()]).expect_code(0);
    assert_eq!(run.stdout, format!("{}\n", expected.trim_end()));
    let keys: Vec<&str> = run.stderr.lines().map(|line| line.split(':').next().unwrap_or_default()).collect();
    assert_eq!(keys, ["title", "source", "date", "url", "byline", "origin_file"]);
    assert!(run.stderr.contains("source: CBSNEWS\n"), "{}", run.stderr);
    assert!(run.stderr.contains("origin_file: seed_cbs.txt\n"), "{}", run.stderr);
}

#[test]
fn extract_separates_the_articles_of_an_export_with_form_feeds() {
    let file = fixture("import/nexis.txt");
    let run = stancemap([OsStr::new("extract"), OsStr::new("--meta"), file.as_os_str()]).expect_code(0);
    assert_eq!(run.stdout.split("\n\x0c\n").count(), 3, "{}", run.stdout);
    assert_eq!(run.stderr.matches("origin_file: nexis.txt\n").count(), 3, "{}", run.stderr);
}

#[test]
fn extract_fails_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing-article.txt");
    let run = stancemap([OsStr::new("extract"), missing.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("missing-article.txt"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // The OS error is reported once, not once per level of the error chain.
    assert_eq!(run.stderr.matches("os error").count(), 1, "{}", run.stderr);

    let scanned = fixture("import/scanned.pdf");
    let run = stancemap([OsStr::new("extract"), scanned.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("scanned.pdf"), "{}", run.stderr);
}

/// Deterministic junk that is not a PDF (no `%PDF-` anywhere).
fn junk(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as u8 | 0x80
        })
        .collect()
}

#[test]
fn import_keeps_the_good_files_reports_the_bad_one_and_skips_duplicates_later() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(articles.join("more")).unwrap();
    std::fs::copy(fixture("import/seed_cbs.txt"), articles.join("seed_cbs.txt")).unwrap();
    std::fs::copy(fixture("import/article.md"), articles.join("more/article.md")).unwrap();
    std::fs::write(articles.join("broken.pdf"), junk(4096)).unwrap();
    let project = dir.path().join("study.stancemap");

    let run = stancemap([OsStr::new("import"), OsStr::new("--project"), project.as_os_str(), articles.as_os_str()])
        .expect_code(1);
    assert_eq!(run.stdout.matches("imported: ").count(), 2, "{}", run.stdout);
    assert!(run.stdout.contains("seed_cbs.txt"), "{}", run.stdout);
    assert!(run.stdout.contains("article.md"), "{}", run.stdout);
    let failures: Vec<&str> = run.stderr.lines().filter(|line| line.starts_with("failed: ")).collect();
    assert_eq!(failures.len(), 1, "{}", run.stderr);
    assert!(failures[0].contains("broken.pdf"), "{}", run.stderr);
    assert!(run.stdout.contains("Imported 2 articles; 1 file failed"), "{}", run.stdout);
    let saved = counts(&project);
    assert_eq!(saved["articles"], 2);
    // A new project starts from the presets.
    assert_eq!(saved["actors"], 6);
    let title =
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&project).unwrap()).unwrap()["title"]
            .clone();
    assert_eq!(title, "study");

    // Importing the good files again adds nothing and leaves the file as it was.
    let before = std::fs::read(&project).unwrap();
    let good = [articles.join("seed_cbs.txt"), articles.join("more")];
    let run = stancemap(
        [OsStr::new("import"), OsStr::new("-p"), project.as_os_str()]
            .into_iter()
            .chain(good.iter().map(|path| path.as_os_str())),
    )
    .expect_code(0);
    assert_eq!(run.stdout.matches("skipped duplicate: ").count(), 2, "{}", run.stdout);
    assert!(!run.stdout.contains("imported: "), "{}", run.stdout);
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

#[test]
fn import_into_a_broken_project_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("broken.stancemap");
    std::fs::write(&project, b"{ not json").unwrap();
    let article = fixture("import/seed_cbs.txt");
    let run =
        stancemap([OsStr::new("import"), OsStr::new("-p"), project.as_os_str(), article.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("broken.stancemap"), "{}", run.stderr);
    assert_eq!(std::fs::read(&project).unwrap(), b"{ not json");
}

#[test]
fn import_positions_creates_what_is_missing_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("coded.stancemap");
    let csv = dir.path().join("positions.csv");
    std::fs::write(
        &csv,
        "actor,issue,position,coder,article\n\
         Russia,Sanctions,-3,Ann,Report one\n\
         China,Sanctions,2,Ann,Report one\n\
         Russia,nato-membership,10,Bob,\n",
    )
    .unwrap();
    let run = stancemap([
        OsStr::new("import-positions"),
        OsStr::new("--project"),
        project.as_os_str(),
        csv.as_os_str(),
        OsStr::new("--scale"),
        OsStr::new("-5:5"),
        // China and Sanctions are new.
        OsStr::new("--create-missing"),
    ])
    .expect_code(0);
    for line in
        ["positions set: 3", "actors created: 1", "issues created: 1", "articles created: 1", "coders created: 2"]
    {
        assert!(run.stdout.contains(line), "{line:?} missing:\n{}", run.stdout);
    }
    assert_eq!(counts(&project), serde_json::json!({"articles": 1, "actors": 7, "issues": 4, "positions": 3}));

    // Importing the same rows again replaces them.
    let run = stancemap([OsStr::new("import-positions"), OsStr::new("-p"), project.as_os_str(), csv.as_os_str()])
        .expect_code(0);
    assert!(run.stdout.contains("positions set: 3 (3 replaced)"), "{}", run.stdout);
    assert_eq!(counts(&project)["positions"], 3);
}

#[test]
fn import_positions_with_a_bad_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let before = std::fs::read(&project).unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "actor,issue,position\nNew Actor,New Issue,10\nOther,New Issue,oops\n").unwrap();
    let run = stancemap([OsStr::new("import-positions"), OsStr::new("-p"), project.as_os_str(), csv.as_os_str()])
        .expect_code(1);
    assert!(run.stderr.contains("row 3"), "{}", run.stderr);
    assert!(run.stderr.contains("position"), "{}", run.stderr);
    assert!(run.stderr.contains("bad.csv"), "{}", run.stderr);
    assert_eq!(std::fs::read(&project).unwrap(), before);

    // A project that does not exist yet is not created either.
    let fresh = dir.path().join("fresh.stancemap");
    stancemap([OsStr::new("import-positions"), OsStr::new("-p"), fresh.as_os_str(), csv.as_os_str()]).expect_code(1);
    assert!(!fresh.exists());

    let run = stancemap([
        OsStr::new("import-positions"),
        OsStr::new("-p"),
        project.as_os_str(),
        csv.as_os_str(),
        OsStr::new("--scale"),
        OsStr::new("5:1"),
    ])
    .expect_code(2);
    assert!(run.stderr.contains("--scale"), "{}", run.stderr);
}

/// Krippendorff (2011), section C: four coders × twelve units, one line per coder, `.` = missing.
/// Each unit is one article; every value codes actor X on issue Q.
fn krippendorff_csv(dir: &Path) -> PathBuf {
    let matrix = std::fs::read_to_string(fixture("analysis/krippendorff_2011_4x12.txt")).unwrap();
    let mut csv = String::from("actor,issue,position,coder,article\n");
    for (coder, line) in ["A", "B", "C", "D"].iter().zip(matrix.lines().filter(|line| !line.trim().is_empty())) {
        for (unit, value) in line.split_whitespace().enumerate() {
            if value != "." {
                csv.push_str(&format!("X,Q,{value},{coder},Unit {}\n", unit + 1));
            }
        }
    }
    let path = dir.join("krippendorff.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn agreement_json_matches_krippendorff_2011() {
    let dir = tempfile::tempdir().unwrap();
    let csv = krippendorff_csv(dir.path());
    let report = stancemap([OsStr::new("agreement"), OsStr::new("--json"), csv.as_os_str()]).expect_code(0).json();
    // Unit 12 has a single value and is not pairable.
    assert_eq!(report["units"], 11);
    assert_eq!(report["coders"], 4);
    let alpha = &report["alpha"];
    assert!(close(&alpha["nominal"], 0.743, 0.001), "{alpha}");
    assert!(close(&alpha["ordinal"], 0.815, 0.001), "{alpha}");
    assert!(close(&alpha["interval"], 0.849, 0.001), "{alpha}");
    assert!(close(&alpha["ratio"], 0.797, 0.001), "{alpha}");

    // One issue: the same numbers at the top level.
    let issue = stancemap(
        [OsStr::new("agreement"), OsStr::new("--json"), OsStr::new("--issue"), OsStr::new("q")]
            .into_iter()
            .chain([csv.as_os_str()]),
    )
    .expect_code(0)
    .json();
    assert_eq!(issue["units"], 11);
    assert_eq!(issue["coders"], 4);
    assert_eq!(issue["alpha"], report["alpha"]);

    let text = stancemap([OsStr::new("agreement"), csv.as_os_str()]).expect_code(0);
    assert!(text.stdout.contains("0.743"), "{}", text.stdout);
    assert!(text.stdout.contains("0.849"), "{}", text.stdout);
    assert!(text.stdout.contains("Largest disagreements"), "{}", text.stdout);
    assert!(text.stdout.contains("Unit 6"), "{}", text.stdout);
}

#[test]
fn agreement_on_an_unknown_issue_lists_the_issues() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let run = stancemap([OsStr::new("agreement"), project.as_os_str(), OsStr::new("--issue"), OsStr::new("Tariffs")])
        .expect_code(1);
    assert!(run.stderr.contains("\"Tariffs\""), "{}", run.stderr);
    assert!(run.stderr.contains("Ukraine's NATO membership"), "{}", run.stderr);
    // The sample has one coder: alpha is undefined, which is not an error.
    let report = stancemap([OsStr::new("agreement"), OsStr::new("--json"), project.as_os_str()]).expect_code(0).json();
    assert_eq!(report["units"], 0);
    assert_eq!(report["alpha"]["nominal"], serde_json::Value::Null);
}

#[test]
fn forecast_json_matches_the_greece_2015_example() {
    let csv = fixture("analysis/greece_2015.csv");
    let forecast = stancemap([
        OsStr::new("forecast"),
        csv.as_os_str(),
        OsStr::new("--issue"),
        OsStr::new("Debt relief"),
        OsStr::new("--json"),
    ])
    .expect_code(0)
    .json();
    assert_eq!(forecast["issue"], "Debt relief");
    assert_eq!(forecast["actors"], 11);
    assert!(close(&forecast["weighted_mean"], 82.22, 0.01), "{forecast}");
    assert!(close(&forecast["weighted_median"], 100.0, 1e-9), "{forecast}");
    let rounds = &forecast["rounds"];
    let per_round = rounds["forecast_per_round"].as_array().expect("forecast_per_round");
    assert!(!per_round.is_empty());
    assert_eq!(rounds["rounds"].as_array().map(Vec::len), Some(per_round.len()));
    assert_eq!(rounds["rounds"][0][0], serde_json::json!(["Greece", 40.0]));
    let shares: f64 = forecast["inputs"].as_array().unwrap().iter().filter_map(|a| a["weight_share"].as_f64()).sum();
    assert!((shares - 1.0).abs() < 1e-9, "{shares}");

    // Text: the one issue with positions needs no --issue.
    let text = stancemap([OsStr::new("forecast"), csv.as_os_str(), OsStr::new("--rounds")]).expect_code(0);
    assert!(text.stdout.contains("82.22"), "{}", text.stdout);
    assert!(text.stdout.contains("22.2%"), "{}", text.stdout);
    assert!(text.stdout.contains("forecast (median)"), "{}", text.stdout);
}

#[test]
fn forecast_on_a_project_takes_every_issue_or_a_known_one() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    // Without --issue: every issue with positions, one block each, and a JSON array.
    let run = stancemap([OsStr::new("forecast"), project.as_os_str()]).expect_code(0);
    assert!(run.stdout.contains("Forecast for \"Ukraine's NATO membership\""), "{}", run.stdout);
    let blocks = run.stdout.matches("Forecast for ").count();
    let json = stancemap([OsStr::new("forecast"), project.as_os_str(), OsStr::new("--json")]).expect_code(0).json();
    let issues = json.as_array().expect("an array for several issues");
    assert_eq!(issues.len(), blocks);
    assert!(blocks >= 2, "{}", run.stdout);
    assert!(issues.iter().any(|issue| issue["issue"] == "Ukraine's NATO membership"), "{json}");
    assert!(issues.iter().all(|issue| issue["rounds"]["mean_per_round"].is_array()), "{json}");

    let run = stancemap([OsStr::new("forecast"), project.as_os_str(), OsStr::new("--issue"), OsStr::new("nope")])
        .expect_code(1);
    assert!(run.stderr.contains("nato-membership"), "{}", run.stderr);
    let json = stancemap([
        OsStr::new("forecast"),
        project.as_os_str(),
        OsStr::new("--issue"),
        OsStr::new("NATO-MEMBERSHIP"),
        OsStr::new("--json"),
    ])
    .expect_code(0)
    .json();
    assert_eq!(json["issue"], "Ukraine's NATO membership");
    assert_eq!(json["actors"], 3);
}

/// The published expected-utility case as people have it: `actor,capability,position,salience`,
/// no issue column. It is one issue, named after the file, and the model's mean per round tracks
/// the published 7.4, 7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6, 7.3, 7.2.
#[test]
fn forecast_reads_a_csv_without_an_issue_column() {
    let csv = fixture("analysis/eu_emissions_bdm1994.csv");
    let json = stancemap([OsStr::new("forecast"), csv.as_os_str(), OsStr::new("--json")]).expect_code(0).json();
    assert_eq!(json["issue"], "eu_emissions_bdm1994");
    assert_eq!(json["actors"], 10);
    let means = json["rounds"]["mean_per_round"].as_array().expect("mean_per_round");
    let published = [7.4, 7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6, 7.3, 7.2];
    assert_eq!(means.len(), published.len(), "{json}");
    for (mean, published) in means.iter().zip(published) {
        assert!(close(mean, published, 0.07), "{mean} vs {published}");
    }
    // Round 1 of the replication's log: Belgium compromises with France, to 8.4159…
    assert_eq!(json["rounds"]["rounds"][1][1][0], "Belgium");
    assert!(close(&json["rounds"]["rounds"][1][1][1], 8.415932315426764, 1e-9), "{json}");

    let text = stancemap([OsStr::new("forecast"), csv.as_os_str(), OsStr::new("--rounds")]).expect_code(0);
    assert!(text.stdout.contains("Forecast for \"eu_emissions_bdm1994\""), "{}", text.stdout);
    assert!(text.stdout.contains("expected-utility model:         7 after 10 rounds"), "{}", text.stdout);
    assert!(text.stdout.contains("r10"), "{}", text.stdout);
}

#[test]
fn aggregate_prints_a_table_or_writes_csv() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let run = stancemap([OsStr::new("aggregate"), project.as_os_str()]).expect_code(0);
    let header: Vec<&str> = run.stdout.lines().next().unwrap_or_default().split_whitespace().collect();
    assert_eq!(header, ["actor", "issue", "n", "mean", "median", "sd", "min", "max"]);
    assert_eq!(run.stdout.lines().count(), 12, "{}", run.stdout);

    let out = dir.path().join("aggregate.csv");
    stancemap(
        [OsStr::new("aggregate"), project.as_os_str(), OsStr::new("--weighted"), OsStr::new("--csv")]
            .into_iter()
            .chain([out.as_os_str()]),
    )
    .expect_code(0);
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("actor,issue,n,mean,weighted_mean,median,sd,min,max"));
    assert_eq!(lines.count(), 11);

    // A CSV of positions works as input too.
    let krippendorff = krippendorff_csv(dir.path());
    let run = stancemap([OsStr::new("aggregate"), krippendorff.as_os_str(), OsStr::new("--csv"), OsStr::new("-")])
        .expect_code(0);
    assert!(run.stdout.starts_with("actor,issue,n,mean"), "{}", run.stdout);
    assert!(run.stdout.contains("\nX,Q,41,"), "{}", run.stdout);
}

#[test]
fn bundled_sample_file_is_the_sample_project() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.stancemap");
    let bundled = stancemap::io::load_project(std::path::Path::new(path)).unwrap();
    assert_eq!(
        bundled,
        stancemap::model::presets::sample_project(),
        "regenerate with `stancemap sample assets/sample.stancemap`"
    );
}

#[test]
fn plot_writes_an_svg_of_all_issues_or_a_map() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let out = dir.path().join("figure.svg");
    let run = stancemap([OsStr::new("plot"), project.as_os_str(), OsStr::new("--out"), out.as_os_str()]).expect_code(0);
    assert!(run.stdout.contains("figure.svg"), "{}", run.stdout);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<?xml"), "{svg}");
    assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.contains("viewBox=\"0 0 800 330\""), "three issues: {svg}");
    for text in
        ["Russia", "Ukraine&apos;s NATO membership", "Ukraine peace talks", "Mean position over 1 article and 1 coder"]
    {
        assert!(svg.contains(text), "{text:?} missing:\n{svg}");
    }

    let map = dir.path().join("map.svg");
    stancemap([
        OsStr::new("plot"),
        project.as_os_str(),
        OsStr::new("--out"),
        map.as_os_str(),
        OsStr::new("--map"),
        OsStr::new("nato-membership"),
        OsStr::new("Ceding territory to Russia"),
        OsStr::new("--title"),
        OsStr::new("NATO & territory"),
    ])
    .expect_code(0);
    let svg = std::fs::read_to_string(&map).unwrap();
    assert!(svg.contains("viewBox=\"0 0 640 640\""), "{svg}");
    assert!(svg.contains("NATO &amp; territory"), "{svg}");
    assert!(svg.contains("Russia"), "{svg}");

    // To stdout.
    let run = stancemap([OsStr::new("plot"), project.as_os_str(), OsStr::new("--out"), OsStr::new("-")]).expect_code(0);
    assert_eq!(run.stdout, std::fs::read_to_string(&out).unwrap(), "the same bytes every time");
}

#[test]
fn plot_names_the_issues_when_one_is_unknown_and_refuses_an_empty_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let out = dir.path().join("map.svg");
    let run = stancemap([
        OsStr::new("plot"),
        project.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
        OsStr::new("--map"),
        OsStr::new("nato-membership"),
        OsStr::new("Tariffs"),
    ])
    .expect_code(1);
    assert!(run.stderr.contains("\"Tariffs\""), "{}", run.stderr);
    assert!(run.stderr.contains("Ukraine's NATO membership"), "{}", run.stderr);
    assert!(run.stderr.contains("ceding-territory"), "{}", run.stderr);
    assert!(!out.exists());

    // A project without positions: nothing to draw.
    let empty = dir.path().join("empty.stancemap");
    stancemap([OsStr::new("import"), OsStr::new("-p"), empty.as_os_str(), fixture("import/seed_cbs.txt").as_os_str()])
        .expect_code(0);
    let run = stancemap([OsStr::new("plot"), empty.as_os_str(), OsStr::new("--out"), out.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("no positions to plot"), "{}", run.stderr);
    assert!(!out.exists());

    let help = stancemap(["plot", "--help"]).expect_code(0);
    assert!(help.stdout.contains("--map <X_ISSUE> <Y_ISSUE>"), "{}", help.stdout);
}

#[test]
fn export_writes_every_format_and_never_replaces_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let run_export = |extra: &[&OsStr]| {
        stancemap([OsStr::new("export"), project.as_os_str()].into_iter().chain(extra.iter().copied()))
    };
    // Tidy CSV, JSON, aggregates, report.
    let csv = dir.path().join("tidy.csv");
    run_export(&[OsStr::new("--format"), OsStr::new("csv"), OsStr::new("-o"), csv.as_os_str()]).expect_code(0);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("article_id,article_title,article_date,source,actor,actor_kind,issue,position,scale_min,scale_max,salience,confidence,coder,evidence,note\n"), "{text}");
    let json = dir.path().join("tidy.json");
    run_export(&[OsStr::new("-o"), json.as_os_str()]).expect_code(0);
    let rows: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(text.lines().count() - 1), "one JSON object per CSV row");
    let aggregates = dir.path().join("agg.csv");
    run_export(&[OsStr::new("--format"), OsStr::new("aggregates"), OsStr::new("-o"), aggregates.as_os_str()])
        .expect_code(0);
    assert!(std::fs::read_to_string(&aggregates).unwrap().starts_with("actor,issue,n,mean,"));
    let html = dir.path().join("report.html");
    run_export(&[OsStr::new("-o"), html.as_os_str()]).expect_code(0);
    assert!(std::fs::read_to_string(&html).unwrap().contains("<h2>Forecasts</h2>"));

    // Figures: every view; issues by number; a 1,600-point PNG at scale 2 is 3,200 pixels wide.
    for view in ["strip", "map", "evolution", "distance"] {
        let out = dir.path().join(format!("{view}.svg"));
        run_export(&[
            OsStr::new("--view"),
            OsStr::new(view),
            OsStr::new("--x"),
            OsStr::new("2"),
            OsStr::new("--y"),
            OsStr::new("1"),
            OsStr::new("-o"),
            out.as_os_str(),
        ])
        .expect_code(0);
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains("Russia"), "{view}: {svg}");
    }
    let png = dir.path().join("strip.png");
    run_export(&[
        OsStr::new("--width"),
        OsStr::new("1600"),
        OsStr::new("--scale"),
        OsStr::new("2"),
        OsStr::new("-o"),
        png.as_os_str(),
    ])
    .expect_code(0);
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&png).unwrap()).expect("a PNG");
    assert_eq!(pixmap.width(), 3200);

    // An existing file is refused, untouched, unless --force; a project path never.
    let before = std::fs::read(&png).unwrap();
    let run = run_export(&[OsStr::new("--scale"), OsStr::new("1"), OsStr::new("-o"), png.as_os_str()]).expect_code(1);
    assert!(run.stderr.contains("already exists") && run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read(&png).unwrap(), before);
    run_export(&[OsStr::new("--scale"), OsStr::new("1"), OsStr::new("--force"), OsStr::new("-o"), png.as_os_str()])
        .expect_code(0);
    assert_ne!(std::fs::read(&png).unwrap(), before);
    let run = run_export(&[
        OsStr::new("--format"),
        OsStr::new("svg"),
        OsStr::new("--force"),
        OsStr::new("-o"),
        project.as_os_str(),
    ])
    .expect_code(1);
    assert!(run.stderr.contains("exports never write to .stancemap"), "{}", run.stderr);
    let run = run_export(&[OsStr::new("--issue"), OsStr::new("9"), OsStr::new("-o"), OsStr::new("-")]).expect_code(1);
    assert!(run.stderr.contains("no issue number 9 (1 to 3)"), "{}", run.stderr);
}

#[test]
fn the_tidy_csv_imports_back_to_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let csv = dir.path().join("tidy.csv");
    stancemap([OsStr::new("export"), project.as_os_str(), OsStr::new("-o"), csv.as_os_str()]).expect_code(0);
    let copy = dir.path().join("copy.stancemap");
    stancemap([OsStr::new("import-positions"), OsStr::new("-p"), copy.as_os_str(), csv.as_os_str()]).expect_code(0);
    let original = stancemap::io::load_project(&project).unwrap();
    let imported = stancemap::io::load_project(&copy).unwrap();
    // (actor, issue, article, coder) → (value, salience, confidence), by names and ids.
    let values = |p: &stancemap::Project| -> Vec<(String, String, String, String, String)> {
        let mut values: Vec<_> = p
            .positions
            .iter()
            .map(|position| {
                let actor = p.actor(&position.actor).map(|a| a.name.clone()).unwrap_or_default();
                let issue = p.issue(&position.issue).map(|i| i.name.clone()).unwrap_or_default();
                let article = position.article.as_ref().map(|id| id.to_string()).unwrap_or_default();
                let article = p.article(&article.as_str().into()).map_or(article, |a| a.title.clone());
                (
                    actor,
                    issue,
                    article,
                    position.coder.to_string(),
                    format!("{} {} {:?}", position.value, position.salience, position.confidence),
                )
            })
            .collect();
        values.sort();
        values
    };
    let (before, after) = (values(&original), values(&imported));
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!((&a.0, &a.1, &a.3, &a.4), (&b.0, &b.1, &b.3, &b.4), "same values");
    }
    // Into the project it came from, nothing changes but the stamps.
    stancemap([OsStr::new("import-positions"), OsStr::new("-p"), project.as_os_str(), csv.as_os_str()]).expect_code(0);
    assert_eq!(values(&stancemap::io::load_project(&project).unwrap()), before);
}
