use super::*;
use crate::model::presets;
use proptest::prelude::*;

fn import(project: &Project, csv: &str) -> Result<Project, PositionsCsvError> {
    let edit = import_positions(project, csv, None)?;
    let mut result = project.clone();
    edit.apply(&mut result);
    Ok(result)
}

fn cell_error(csv: &str) -> (usize, &'static str, CellProblem, String) {
    let project = presets::sample_project();
    match import_positions(&project, csv, None) {
        Err(error @ PositionsCsvError::Cell { .. }) => {
            let message = error.to_string();
            let PositionsCsvError::Cell { row, column, problem } = error else { unreachable!() };
            (row, column, problem, message)
        }
        other => panic!("expected a cell error, got {other:?}"),
    }
}

#[test]
fn happy_path_creates_what_is_missing_in_one_undoable_batch() {
    let original = presets::sample_project();
    let article_title = original.articles[0].title.clone();
    let csv = format!(
        "\u{feff} Actor , ISSUE,Position,article,salience,confidence,coder,capability,quote\n\
         Putin,Ukraine's NATO membership,10,{article_title:?},90,high,Bob,,\"NATO membership\"\n\
         China,Taiwan,30,New report,40,2,bob,70,\"not in any text\"\n\
         China,nato-membership,50,,,,,70,\n\
         ,,,,,,,,\n\
         Russia,Taiwan,5,New Report,,L,,,\n"
    );
    let edit = import_positions(&original, &csv, None).unwrap();
    let Edit::Batch(_) = &edit else { panic!("not a batch") };
    let mut project = original.clone();
    let undo = edit.apply(&mut project);

    // Putin is an alias of Russia; China and Taiwan are new; Bob is a new coder; the default
    // coder exists already.
    assert_eq!(project.actors.len(), original.actors.len() + 1);
    let china = project.find_actor_by_name("China").unwrap();
    assert_eq!(china.capability, 70.0);
    assert_eq!(china.color, ACTOR_PALETTE[original.actors.len() % ACTOR_PALETTE.len()]);
    let taiwan = project.find_issue_by_name("taiwan").unwrap();
    assert_eq!((taiwan.scale_min, taiwan.scale_max), (0.0, 100.0));
    assert_eq!(project.coders.len(), 2);
    assert_eq!(project.coder(&"bob".into()).unwrap().name, "Bob");
    let report = project.find_article_by_name("new report").unwrap();
    assert!(report.text.is_empty());
    assert_eq!(project.articles.len(), 2);

    let article_id = original.articles[0].id.clone();
    let putin = project
        .positions
        .get(&PositionKey {
            issue: "nato-membership".into(),
            actor: "russia".into(),
            article: Some(article_id.clone()),
            coder: "bob".into(),
        })
        .unwrap();
    assert_eq!((putin.value, putin.salience, putin.confidence), (10.0, 90.0, Confidence::High));
    let evidence = &putin.evidence[0];
    assert_eq!(&original.articles[0].text[evidence.start..evidence.end], "NATO membership");
    assert!(putin.note.is_empty());

    let china_taiwan = project.positions.iter().find(|p| p.actor == china.id && p.issue == taiwan.id).unwrap();
    assert_eq!(china_taiwan.note, "Quote: not in any text");
    assert_eq!(china_taiwan.coder.as_str(), "bob");
    assert_eq!(china_taiwan.confidence, Confidence::Medium);
    let overall =
        project.positions.iter().find(|p| p.actor == china.id && p.issue.as_str() == "nato-membership").unwrap();
    assert_eq!((overall.article.clone(), overall.coder.as_str(), overall.salience), (None, "analyst", 50.0));
    assert_eq!(project.positions.len(), original.positions.len() + 4);

    undo.apply(&mut project);
    assert_eq!(project, original);
}

#[test]
fn default_coder_is_created_when_missing_and_capability_updates_existing_actors() {
    let mut project = Project::default();
    project.actors.push(Actor { id: "ru".into(), name: "Russia".into(), capability: 10.0, ..Actor::default() });
    let result = import(&project, "actor,issue,position,capability\nRussia,Peace,20,80\nUkraine,Peace,90,\n").unwrap();
    assert_eq!(result.coders, vec![Coder { id: presets::DEFAULT_CODER_ID.into(), name: "Analyst".into() }]);
    assert_eq!(result.actor(&"ru".into()).unwrap().capability, 80.0);
    assert_eq!(result.find_actor_by_name("Ukraine").unwrap().capability, 50.0);
    assert_eq!(result.positions.len(), 2);
}

#[test]
fn new_names_that_slug_alike_get_distinct_ids() {
    let result = import(&Project::default(), "actor,issue,position\nFoo!,X,1\nFoo?,X,2\n").unwrap();
    assert_eq!(result.actors.len(), 2);
    assert_ne!(result.actors[0].id, result.actors[1].id);
}

#[test]
fn scale_option_applies_to_new_issues_only() {
    let project = presets::new_project("t");
    let csv = "actor,issue,position\nRussia,Sanctions,-3\n";
    let edit = import_positions(&project, csv, Some((-5.0, 5.0))).unwrap();
    let mut result = project.clone();
    edit.apply(&mut result);
    let sanctions = result.find_issue_by_name("Sanctions").unwrap();
    assert_eq!(sanctions.bounds(), (-5.0, 5.0));
    assert!(matches!(import_positions(&project, csv, Some((5.0, 5.0))), Err(PositionsCsvError::InvalidScale { .. })));
    // An existing issue keeps its own 0–100 scale.
    let (row, column, problem, _) = cell_error("actor,issue,position\nRussia,nato-membership,101\n");
    assert_eq!((row, column), (2, "position"));
    assert_eq!(problem, CellProblem::OutsideScale { value: 101.0, min: 0.0, max: 100.0 });
}

#[test]
fn project_from_csv_fits_scales_to_the_data() {
    let project = project_from_csv("actor,issue,position\nA,X,-20\nB,X,150\nA,Y,3\n", None, None).unwrap();
    assert_eq!(project.find_issue_by_name("X").unwrap().bounds(), (-20.0, 150.0));
    assert_eq!(project.find_issue_by_name("Y").unwrap().bounds(), (0.0, 100.0));
    assert!(project_from_csv("actor,issue,position\nA,X,150\n", Some((0.0, 100.0)), None).is_err());
}

#[test]
fn each_error_kind_names_row_column_and_reason() {
    let (row, column, _, message) =
        cell_error("actor,issue,position\nRussia,nato-membership,10\n\n\nUkraine,nato-membership,abc\n");
    assert_eq!((row, column), (5, "position"));
    assert_eq!(message, "row 5, column position: \"abc\" is not a number");

    let (_, column, problem, _) = cell_error("actor,issue,position,salience\nRussia,nato-membership,10,101\n");
    assert_eq!((column, problem), ("salience", CellProblem::OutsidePercent(101.0)));

    let (_, column, problem, message) = cell_error("actor,issue,position,confidence\nRussia,nato-membership,10,sure\n");
    assert_eq!((column, problem), ("confidence", CellProblem::UnknownConfidence("sure".into())));
    assert!(message.contains("low, medium or high"), "{message}");

    let (_, column, problem, _) = cell_error("actor,issue,position\n,nato-membership,10\n");
    assert_eq!((column, problem), ("actor", CellProblem::Empty));

    let (_, column, _, _) = cell_error("actor,issue,position\nRussia,nato-membership,NaN\n");
    assert_eq!(column, "position");

    let (row, column, problem, _) = cell_error("actor,issue,position,capability\nChina,X,1,10\nChina,Y,1,20\n");
    assert_eq!((row, column), (3, "capability"));
    assert_eq!(problem, CellProblem::ConflictingCapability { value: 20.0, earlier: 10.0, earlier_row: 2 });

    let project = presets::sample_project();
    let error = import_positions(&project, "actor,issue\nRussia,x\n", None).unwrap_err();
    assert_eq!(error, PositionsCsvError::MissingColumn { column: "position" });
    assert!(error.to_string().contains("\"position\""));
    assert_eq!(import_positions(&project, "", None).unwrap_err(), PositionsCsvError::Empty);
    assert!(matches!(
        import_positions(&project, "actor,issue,position,colour\n", None),
        Err(PositionsCsvError::UnknownColumn { .. })
    ));
    assert!(matches!(
        import_positions(&project, "actor,issue,position,Actor\n", None),
        Err(PositionsCsvError::DuplicateColumn { .. })
    ));
    assert_eq!(
        import_positions(&project, "actor,issue,position\nRussia,x,1,extra\n", None).unwrap_err(),
        PositionsCsvError::TooManyCells { row: 2, found: 4, expected: 3 }
    );
    assert_eq!(
        import_positions(&project, "actor,issue,position\nRussia,x,1\nKremlin,X,2\n", None).unwrap_err(),
        PositionsCsvError::DuplicateRow { row: 3, first_row: 2 }
    );
}

#[test]
fn a_bad_row_imports_nothing() {
    let project = presets::sample_project();
    let csv = "actor,issue,position\nNew Actor,New Issue,10\nOther,New Issue,oops\n";
    assert!(import_positions(&project, csv, None).is_err());
    // The function is pure: the project is untouched by construction, and no edit exists.
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
        let project = presets::sample_project();
        let _ = import_positions(&project, &text, None);
        let _ = project_from_csv(&text, None, None);
    }

    #[test]
    fn never_panics_on_csv_like_text(
        cells in prop::collection::vec(prop::collection::vec("[a-zA-Z0-9 .,\"\\-]{0,8}", 1..6), 1..8)
    ) {
        let mut text = String::from("actor,issue,position,salience,quote\n");
        for row in cells {
            text.push_str(&row.join(","));
            text.push('\n');
        }
        let project = presets::sample_project();
        if let Ok(edit) = import_positions(&project, &text, None) {
            let mut applied = project.clone();
            let undo = edit.apply(&mut applied);
            undo.apply(&mut applied);
            prop_assert_eq!(applied, project);
        }
    }
}

// --- export_positions ---

#[test]
fn exported_positions_import_back_unchanged() {
    let sample = presets::sample_project();
    let csv = export_positions(&sample);
    assert!(csv.starts_with("actor,issue,position,article,salience,confidence,coder,capability,quote\n"));
    // Importing into the project without positions restores every value.
    let mut project = sample.clone();
    project.positions = Default::default();
    let edit: Edit = import_positions(&project, &csv, None).unwrap();
    edit.apply(&mut project);
    assert_eq!(project.positions.len(), sample.positions.len());
    for original in sample.positions.iter() {
        let restored = project.positions.get(&original.key()).unwrap();
        assert_eq!(
            (restored.value, restored.salience, restored.confidence),
            (original.value, original.salience, original.confidence)
        );
        let quotes: Vec<_> = restored.evidence.iter().map(|e| &e.quote).collect();
        let expected: Vec<_> = original.evidence.iter().map(|e| &e.quote).collect();
        assert_eq!(quotes, expected);
    }
}

// --- read_positions_file and summarize ---

#[test]
fn a_positions_file_is_read_into_an_edit_and_summarised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coded.csv");
    std::fs::write(
        &path,
        "actor,issue,position,coder,article\n\
         Russia,Sanctions,-3,Ann,Report one\n\
         China,Sanctions,2,Ann,Report one\n\
         Russia,nato-membership,10,Bob,\n",
    )
    .unwrap();
    let before = presets::new_project("t");
    let edit = read_positions_file(&before, &path, Some((-5.0, 5.0)), &NameChoices::create_all()).unwrap();
    let mut after = before.clone();
    edit.clone().apply(&mut after);
    let summary = summarize(&edit, &before);
    assert_eq!(
        summary,
        PositionsImportSummary {
            positions_set: 3,
            replaced: 0,
            actors_created: 1,
            issues_created: 1,
            articles_created: 1,
            coders_created: 2,
        }
    );

    // The same rows again replace what they set and create nothing.
    let again = read_positions_file(&after, &path, None, &NameChoices::create_all()).unwrap();
    let mut twice = after.clone();
    again.clone().apply(&mut twice);
    let summary = summarize(&again, &after);
    assert_eq!((summary.positions_set, summary.replaced, summary.actors_created), (3, 3, 0));
    let json = serde_json::to_string(&summary).unwrap();
    assert!(json.starts_with(r#"{"positions_set":3,"replaced":3,"actors_created":0"#), "{json}");
}

#[test]
fn positions_file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let project = presets::sample_project();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "actor,issue,position\nNew Actor,New Issue,10\nOther,New Issue,oops\n").unwrap();
    let error = read_positions_file(&project, &bad, None, &NameChoices::create_all()).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{}: row 3, column position: \"oops\" is not a number; nothing was imported", bad.display())
    );

    let missing = dir.path().join("missing.csv");
    let error = read_positions_file(&project, &missing, None, &NameChoices::create_all()).unwrap_err();
    assert!(matches!(error, PositionsFileError::Read { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with(&format!("{}: cannot read the file: ", missing.display())), "{message}");
    assert_eq!(message.matches("os error").count(), 1, "{message}");
}

// --- CSV fixtures read into projects for the analyses ---

/// Krippendorff (2011), section C, one line per coder, `.` = missing: as a positions CSV with one
/// row per coded value, every unit an article and every value actor X on issue Q.
fn krippendorff_csv() -> String {
    let matrix = include_str!("../../../tests/fixtures/analysis/krippendorff_2011_4x12.txt");
    let mut csv = String::from("coder,article,actor,issue,position\n");
    for (coder, line) in matrix.lines().filter(|line| !line.trim().is_empty()).enumerate() {
        for (unit, value) in line.split_whitespace().enumerate() {
            if value != "." {
                csv.push_str(&format!("C{coder},Unit {unit},X,Q,{value}\n"));
            }
        }
    }
    csv
}

#[test]
fn agreement_of_a_csv_matches_the_published_example() {
    let project = project_from_csv(&krippendorff_csv(), None, None).unwrap();
    let report = crate::analysis::agreement::agreement(&project);
    // Unit 12 has a single value and is not pairable.
    assert_eq!(report.units, 11);
    assert_eq!(report.coders, 4);
    let interval = report.alpha.interval.unwrap();
    assert!((interval - 0.849).abs() <= 0.0005, "{:?}", report.alpha);
    let json = serde_json::to_string(&report.alpha).unwrap();
    assert!(json.starts_with("{\"nominal\":0.74"), "{json}");
}

/// The Greece 2015 example (see `analysis::forecast`): the capability column becomes each actor's
/// capability and the forecast over the project matches the published mean voter and median.
#[test]
fn forecast_of_a_csv_matches_the_greece_2015_example() {
    use crate::analysis::forecast::{ForecastScope, forecast_project};
    let project =
        project_from_csv(include_str!("../../../tests/fixtures/analysis/greece_2015.csv"), None, None).unwrap();
    let forecasts = forecast_project(&project, &ForecastScope::default());
    assert_eq!(forecasts.len(), 1);
    let greece = &forecasts[0];
    assert_eq!(greece.actors.len(), 11);
    assert_eq!((greece.actors[0].actor.as_str(), greece.actors[0].capability), ("Greece", 100.0));
    let mean = greece.weighted_mean.unwrap();
    assert!((mean - 3_700_000.0 / 45_000.0).abs() < 1e-9, "{mean}");
    assert_eq!(greece.weighted_median, Some(100.0));
}

/// A file of one issue without an `issue` column (the layout of the published expected-utility
/// cases) loads as one issue named by the caller; without a name, and for an import into a
/// project, the column stays required.
#[test]
fn a_csv_without_an_issue_column_is_one_issue() {
    let eu = include_str!("../../../tests/fixtures/analysis/eu_emissions_bdm1994.csv");
    let project = project_from_csv(eu, None, Some("EU emissions")).unwrap();
    assert_eq!(project.issues.len(), 1);
    assert_eq!(project.issues[0].name, "EU emissions");
    assert_eq!(project.positions.on_issue(&project.issues[0].id).count(), 10);
    let uk = project.find_actor_by_name("UK").unwrap();
    assert_eq!(uk.capability, 16.0);
    let forecast = crate::analysis::forecast::forecast_issue(&project, &project.issues[0].id, None).unwrap();
    let uk_input = forecast.actors.iter().find(|actor| actor.actor == "UK").unwrap();
    assert_eq!((uk_input.position, uk_input.salience), (10.0, 90.0));

    let missing = PositionsCsvError::MissingColumn { column: "issue" };
    assert_eq!(project_from_csv(eu, None, None).unwrap_err(), missing);
    assert_eq!(import_positions(&presets::sample_project(), eu, None).unwrap_err(), missing);
    // With an issue column the name is not used.
    let two = project_from_csv("actor,issue,position\nA,X,1\nB,Y,2\n", None, Some("Lone")).unwrap();
    let names: Vec<&str> = two.issues.iter().map(|issue| issue.name.as_str()).collect();
    assert_eq!(names, ["X", "Y"]);
}
