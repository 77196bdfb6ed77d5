//! Exchange with Discourse Network Analyzer (`io::exchange::dna`): `.dna` SQLite databases.
//!
//! Stories: an analyst imports DNA's own sample database and finds its hearings, speakers under
//! their organisations, concepts as issues and statements as positions quoting exactly what DNA
//! highlighted; a StanceMap project exported for DNA keeps DNA 3's schema, every quote sits where
//! SQLite's `substr` finds it, and it comes back with the same articles, actors, issues and
//! positions; DNA 2's own sample reads like its DNA 3 conversion; another SQLite file and random
//! or damaged bytes are refused with a clear message, never a panic. Fixture and licence: `tests/fixtures/dna/README.md`.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use stancemap::io::exchange::{ExchangeFormat, ReadOptions, dna};
use stancemap::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Coder, CoderId, Evidence, Issue, IssueId, Position, PositionKey,
    Project,
};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative)
}

/// A position as DNA 2 and DNA 3 both hold it: actor, concept, document, coder, value, quotes.
fn statements_by_name(project: &Project) -> Vec<(String, String, String, String, f64, Vec<String>)> {
    let mut rows: Vec<_> = project
        .positions
        .iter()
        .map(|p| {
            let article = project.article(p.article.as_ref().unwrap()).unwrap();
            (
                project.actor(&p.actor).unwrap().name.clone(),
                project.issue(&p.issue).unwrap().name.clone(),
                article.title.clone(),
                project.coder(&p.coder).unwrap().name.clone(),
                p.value,
                p.evidence.iter().map(|e| e.quote.clone()).collect(),
            )
        })
        .collect();
    rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    rows
}

#[test]
fn dna_2s_own_sample_database_is_read_like_its_dna_3_conversion() {
    // DNA 2.0 beta 19's sample (values as strings in DATASHORTTEXT, dates in milliseconds) holds
    // the hearings DNA 3's sample was converted from.
    let bytes = std::fs::read(fixture("dna/sample-dna2.dna")).unwrap();
    let (project, report) = dna::read(&bytes, &ReadOptions::default()).expect("DNA 2's sample reads");
    assert_eq!(report.producer, "DNA 2.0 beta 19");
    assert!(report.imported.iter().any(|line| line.contains("from 40 statements")), "{report:?}");
    assert!(report.left_out.iter().any(|line| line.contains("1 statement without an actor")), "{report:?}");
    let article = &project.articles[0];
    assert_eq!(article.title, "109-876: Bluestein, Joel-BUS-Y");
    assert_eq!(article.date, "2005-01-26", "milliseconds since 1970");
    let nayak = project.find_actor_by_name("Navin Nayak").expect("a person");
    assert_eq!(nayak.kind, ActorKind::Person);
    let parent = project.actor(nayak.parent.as_ref().unwrap()).unwrap();
    assert_eq!(parent.name, "U.S. Public Interest Research Group");
    assert_eq!(parent.kind, ActorKind::Organisation, "ATTRIBUTES.Type NGO");
    for position in project.positions.iter() {
        let article = project.article(position.article.as_ref().unwrap()).unwrap();
        for evidence in &position.evidence {
            assert_eq!(&article.text[evidence.start..evidence.end], evidence.quote);
        }
    }
    // The same documents, actors, concepts, statements and quotes as DNA 3 holds after converting.
    let (dna3, _) = dna::read(&sample(), &ReadOptions::default()).unwrap();
    let titles =
        |p: &Project| p.articles.iter().map(|a| (a.title.clone(), a.date.clone(), a.text.clone())).collect::<Vec<_>>();
    assert_eq!(titles(&project), titles(&dna3));
    let names = |p: &Project| {
        let mut names: Vec<String> = p.actors.iter().map(|a| a.name.clone()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&project), names(&dna3));
    assert_eq!(project.issues.len(), dna3.issues.len());
    assert_eq!(statements_by_name(&project), statements_by_name(&dna3));
}

fn sample() -> Vec<u8> {
    std::fs::read(fixture("dna/sample.dna")).expect("the DNA sample")
}

#[test]
fn dnas_own_sample_database_is_read_with_its_quotes_where_dna_put_them() {
    let (project, report) = dna::read(&sample(), &ReadOptions::default()).expect("the sample reads");
    assert_eq!(report.producer, "DNA 3.0.7");
    assert_eq!(project.articles.len(), 7);
    assert_eq!(project.issues.len(), 6);
    assert!(report.imported.iter().any(|line| line.contains("from 40 statements")), "{report:?}");
    assert!(report.left_out.iter().any(|line| line.contains("1 statement without an actor")), "{report:?}");
    assert!(report.left_out.iter().any(|line| line.contains("section, type and notes")), "{report:?}");
    let article = &project.articles[0];
    assert_eq!(article.title, "109-876: Bluestein, Joel-BUS-Y");
    assert_eq!(article.byline, "Bluestein, Joel");
    assert_eq!(article.date, "2005-01-26");
    // A speaker is a person under the organisation of the statement.
    let nayak = project.find_actor_by_name("Navin Nayak").expect("a person");
    assert_eq!(nayak.kind, ActorKind::Person);
    let parent = project.actor(nayak.parent.as_ref().expect("a parent")).unwrap();
    assert_eq!(parent.name, "U.S. Public Interest Research Group");
    let issue = project.find_issue_by_name("Cap and trade is the solution.").expect("a concept");
    assert_eq!((issue.low_label.as_str(), issue.high_label.as_str()), ("Disagrees", "Agrees"));
    let position = project
        .positions
        .iter()
        .find(|p| p.actor == nayak.id && p.issue == issue.id)
        .expect("Nayak's statement on cap and trade");
    assert_eq!(position.value, 100.0, "agreement 1 is the high pole");
    assert!(position.evidence.iter().any(|e| e.quote.starts_with("We urge Congress to include a mandatory cap")));
    // Every quote is the article's text at its span, and starts and ends where DNA's does.
    for position in project.positions.iter() {
        let article = project.article(position.article.as_ref().unwrap()).unwrap();
        assert!(!position.evidence.is_empty());
        for evidence in &position.evidence {
            assert_eq!(&article.text[evidence.start..evidence.end], evidence.quote);
        }
        assert!((0.0..=100.0).contains(&position.value));
    }
    // DNA's own reading of each statement (SQLite's substr over its ASCII documents) is a quote.
    let connection =
        rusqlite::Connection::open_with_flags(fixture("dna/sample.dna"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let dna_quotes: Vec<String> = connection
        .prepare(
            "SELECT substr(d.Text, s.Start + 1, s.Stop - s.Start) FROM STATEMENTS s \
             JOIN DOCUMENTS d ON d.ID = s.DocumentId WHERE s.StatementTypeId = 1",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(dna_quotes.len(), 40);
    let ours: Vec<&str> = project.positions.iter().flat_map(|p| p.evidence.iter().map(|e| e.quote.as_str())).collect();
    for quote in &dna_quotes {
        assert!(ours.contains(&quote.as_str()), "DNA's statement {quote:?} is one of our quotes");
    }
    // Several statements for one actor, concept, document and coder become one position.
    let statements: usize = project.positions.iter().map(|p| p.evidence.len()).sum();
    assert!(project.positions.len() < statements, "{} positions from {statements} spans", project.positions.len());
}

/// A project with what DNA can carry: a person under an organisation, text with an emoji and
/// Arabic (UTF-16 offsets differ from bytes), two coders, positions with several quotes.
fn project_for_dna() -> Project {
    let mut project = Project {
        coders: vec![
            Coder { id: CoderId::from("ana"), name: "Ana".into() },
            Coder { id: CoderId::from("ben"), name: "Ben".into() },
        ],
        ..Project::default()
    };
    project.actors = vec![
        Actor {
            id: ActorId::from("russia"),
            name: "Russia".into(),
            aliases: vec!["Moscow".into()],
            ..Actor::default()
        },
        Actor {
            id: ActorId::from("lavrov"),
            name: "Sergey Lavrov".into(),
            kind: ActorKind::Person,
            parent: Some(ActorId::from("russia")),
            ..Actor::default()
        },
        Actor { id: ActorId::from("nato"), name: "NATO".into(), kind: ActorKind::Organisation, ..Actor::default() },
    ];
    project.issues = vec![
        Issue { id: IssueId::from("membership"), name: "Ukraine in NATO".into(), ..Issue::default() },
        Issue { id: IssueId::from("sanctions"), name: "Sanctions".into(), ..Issue::default() },
    ];
    let texts = [
        "Lavrov said 😀 that NATO must never admit Ukraine.\n\nNATO replied that its door stays open.",
        "مرحبا. Moscow rejects the sanctions outright.\n\nNATO backs the sanctions fully.",
    ];
    for (index, text) in texts.iter().enumerate() {
        project.articles.push(Article {
            id: ArticleId::from(format!("a{index}").as_str()),
            title: format!("Article {}", index + 1),
            source: "Wire".into(),
            byline: "Jane Doe".into(),
            url: format!("https://example.org/{index}"),
            date: format!("2024-03-0{}", index + 1),
            text: (*text).to_owned(),
            ..Article::default()
        });
    }
    let mut add =
        |issue: &str, actor: &str, article: usize, coder: &str, value: f64, salience: f64, quotes: &[&str]| {
            let key = PositionKey {
                issue: IssueId::from(issue),
                actor: ActorId::from(actor),
                article: Some(ArticleId::from(format!("a{article}").as_str())),
                coder: CoderId::from(coder),
            };
            let mut position = Position::new(&key, value);
            position.salience = salience;
            let text = texts[article];
            for quote in quotes {
                let start = text.find(quote).expect("the quote is in the text");
                position.evidence.push(Evidence::from_span(text, start, start + quote.len()).unwrap());
            }
            project.positions.insert(position);
        };
    add("membership", "lavrov", 0, "ana", 5.0, 80.0, &["NATO must never admit Ukraine"]);
    add("membership", "nato", 0, "ana", 90.0, 60.0, &["its door stays open"]);
    add("membership", "nato", 0, "ben", 75.0, 40.0, &["NATO replied", "its door stays open"]);
    add("sanctions", "russia", 1, "ben", 0.0, 100.0, &["Moscow rejects the sanctions outright"]);
    add("sanctions", "nato", 1, "ana", 100.0, 70.0, &["NATO backs the sanctions fully"]);
    // Coded without a quote: a statement over the whole document in DNA, no quote back here.
    add("sanctions", "lavrov", 1, "ana", 40.0, 20.0, &[]);
    project
}

/// A position as names: actor, issue, article title, coder, value, salience, quotes.
type PositionRow = (String, String, String, String, f64, f64, Vec<String>);

#[test]
fn an_export_for_dna_comes_back_with_the_same_articles_actors_issues_and_positions() {
    let project = project_for_dna();
    let (bytes, report) = ExchangeFormat::Dna.write(&project).expect("the export");
    assert!(report.notes.iter().any(|note| note.contains("rounded")), "{report:?}");
    let (back, report) = ExchangeFormat::Dna.read(&bytes, &ReadOptions::default()).expect("the export reads back");
    assert_eq!(report.producer, format!("DNA {}", dna::EXPORT_VERSION));
    let texts = |p: &Project| {
        p.articles
            .iter()
            .map(|a| (a.title.clone(), a.text.clone(), a.date.clone(), a.byline.clone(), a.source.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&back), texts(&project));
    let names = |p: &Project| {
        let mut names: Vec<(String, ActorKind, Option<String>)> = p
            .actors
            .iter()
            .map(|a| (a.name.clone(), a.kind, a.parent.as_ref().and_then(|id| p.actor(id)).map(|a| a.name.clone())))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        names
    };
    assert_eq!(names(&back), names(&project));
    assert_eq!(back.find_actor_by_name("Russia").unwrap().aliases, ["Moscow"]);
    let issues = |p: &Project| p.issues.iter().map(|i| i.name.clone()).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(issues(&back), issues(&project));
    let coders = |p: &Project| p.coders.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(coders(&back), coders(&project), "DNA's Admin, who coded nothing, is left out");
    assert!(report.left_out.iter().any(|line| line.contains("1 coder without a statement")), "{report:?}");
    let positions = |p: &Project| {
        let mut rows: Vec<PositionRow> = p
            .positions
            .iter()
            .map(|position| {
                (
                    p.actor(&position.actor).unwrap().name.clone(),
                    p.issue(&position.issue).unwrap().name.clone(),
                    p.article(position.article.as_ref().unwrap()).unwrap().title.clone(),
                    p.coder(&position.coder).unwrap().name.clone(),
                    position.value,
                    position.salience,
                    position.evidence.iter().map(|e| e.quote.clone()).collect(),
                )
            })
            .collect();
        rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        rows
    };
    assert_eq!(positions(&back), positions(&project));
    // Two exports are the same bytes (salts are derived, ids are in order).
    assert_eq!(ExchangeFormat::Dna.write(&project).unwrap().0, bytes);
}

#[test]
fn an_export_has_dna_3s_schema_and_sqlites_substr_finds_each_quote() {
    let mut project = project_for_dna();
    // ASCII text: SQLite counts characters, DNA UTF-16 units; for ASCII both are the quote.
    for article in &mut project.articles {
        article.text = article.text.replace("😀 ", "").replace("مرحبا. ", "");
    }
    let positions: Vec<Position> = project
        .positions
        .iter()
        .cloned()
        .map(|mut position| {
            let text = &project.article(position.article.as_ref().unwrap()).unwrap().text;
            for evidence in &mut position.evidence {
                let start = text.find(&evidence.quote).unwrap();
                *evidence = Evidence::from_span(text, start, start + evidence.quote.len()).unwrap();
            }
            position
        })
        .collect();
    project.positions = Default::default();
    for position in positions {
        project.positions.insert(position);
    }
    let (bytes, _) = dna::write(&project).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.dna");
    std::fs::write(&path, &bytes).unwrap();
    let connection = rusqlite::Connection::open(&path).unwrap();
    let version: String =
        connection.query_row("SELECT Value FROM SETTINGS WHERE Property = 'version'", [], |r| r.get(0)).unwrap();
    assert_eq!(version, "3.1.2");
    let tables: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = vec![
        "ATTRIBUTEVALUES",
        "ATTRIBUTEVARIABLES",
        "CODERRELATIONS",
        "CODERS",
        "DATABOOLEAN",
        "DATAINTEGER",
        "DATALONGTEXT",
        "DATASHORTTEXT",
        "DOCUMENTS",
        "ENTITIES",
        "REGEXES",
        "SETTINGS",
        "STATEMENTS",
        "STATEMENTTYPES",
        "VARIABLELINKS",
        "VARIABLES",
    ];
    expected.sort_unstable();
    assert_eq!(tables, expected);
    let fk: i64 = connection.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "every reference resolves");
    let quotes: Vec<(String, i64, String)> = connection
        .prepare(
            "SELECT substr(d.Text, s.Start + 1, s.Stop - s.Start), a.Value, c.Value FROM STATEMENTS s \
             JOIN DOCUMENTS d ON d.ID = s.DocumentId \
             JOIN DATABOOLEAN a ON a.StatementId = s.ID AND a.VariableId = 4 \
             JOIN DATASHORTTEXT t ON t.StatementId = s.ID AND t.VariableId = 3 JOIN ENTITIES c ON c.ID = t.Entity \
             WHERE s.StatementTypeId = 1 ORDER BY s.ID",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let evidence: usize = project.positions.iter().map(|p| p.evidence.len().max(1)).sum();
    assert_eq!(quotes.len(), evidence, "one DNA Statement per quote, one for a position without");
    for position in project.positions.iter() {
        let issue = project.issue(&position.issue).unwrap();
        for quote in &position.evidence {
            let row = quotes.iter().find(|(text, _, _)| *text == quote.quote).expect("substr finds the quote");
            assert_eq!(row.1, i64::from(position.value > 50.0), "agreement is the value above the midpoint");
            assert_eq!(row.2, issue.name);
        }
    }
    let lavrov: String = connection
        .query_row(
            "SELECT o.Value FROM DATASHORTTEXT p JOIN ENTITIES e ON e.ID = p.Entity AND e.Value = 'Sergey Lavrov' \
             JOIN DATASHORTTEXT q ON q.StatementId = p.StatementId AND q.VariableId = 2 JOIN ENTITIES o ON o.ID = q.Entity \
             WHERE p.VariableId = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lavrov, "Russia", "a person's organization is its parent");
    let colours: i64 =
        connection.query_row("SELECT count(DISTINCT Red || Green || Blue) FROM CODERS", [], |r| r.get(0)).unwrap();
    assert_eq!(colours, 3, "Admin and two coders, each with a colour");
}

/// An SQLite database holding `sql`, as bytes.
fn database(sql: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.dna");
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.execute_batch(sql).unwrap();
    drop(connection);
    std::fs::read(&path).unwrap()
}

#[test]
fn other_databases_are_refused_with_a_clear_message() {
    let error = |bytes: &[u8]| dna::read(bytes, &ReadOptions::default()).unwrap_err().to_string();
    let message = error(b"random bytes, not a database");
    assert!(message.contains("not an SQLite database"), "{message}");
    let message = error(&database("CREATE TABLE birds(name TEXT); INSERT INTO birds VALUES ('wren');"));
    assert!(message.contains("not a Discourse Network Analyzer database") && message.contains("BIRDS"), "{message}");
    // DNA 2's tables without its ATTRIBUTES: named.
    let dna2 = database(
        "CREATE TABLE SETTINGS(Property TEXT, Value TEXT); INSERT INTO SETTINGS VALUES ('version', '2.0 beta 19');
         CREATE TABLE DOCUMENTS(ID INTEGER); CREATE TABLE STATEMENTS(ID INTEGER); CREATE TABLE VARIABLES(ID INTEGER);
         CREATE TABLE CODERS(ID INTEGER); CREATE TABLE DATASHORTTEXT(ID INTEGER);",
    );
    let message = error(&dna2);
    assert!(message.contains("DNA 2.0 beta 19") && message.contains("ATTRIBUTES"), "{message}");
    let dna9 = database(
        "CREATE TABLE SETTINGS(Property TEXT, Value TEXT); INSERT INTO SETTINGS VALUES ('version', '9.1');
         CREATE TABLE DOCUMENTS(ID INTEGER); CREATE TABLE STATEMENTS(ID INTEGER); CREATE TABLE VARIABLES(ID INTEGER);
         CREATE TABLE CODERS(ID INTEGER);",
    );
    let message = error(&dna9);
    assert!(message.contains("\"9.1\"") && message.contains("2.x or 3.x"), "{message}");
    // The right tables with the wrong columns: an error naming the column, not a panic.
    let wrong_columns = database(
        "CREATE TABLE SETTINGS(Property TEXT, Value TEXT); INSERT INTO SETTINGS VALUES ('version', '3.0.7');
         CREATE TABLE DOCUMENTS(ID INTEGER); CREATE TABLE STATEMENTS(ID INTEGER); CREATE TABLE VARIABLES(ID INTEGER);
         CREATE TABLE CODERS(ID INTEGER); CREATE TABLE ENTITIES(ID INTEGER); CREATE TABLE DATASHORTTEXT(ID INTEGER);
         CREATE TABLE DATABOOLEAN(ID INTEGER); CREATE TABLE DATAINTEGER(ID INTEGER);",
    );
    let message = error(&wrong_columns);
    assert!(message.contains("no such column"), "{message}");
    // Cut short.
    let sample = sample();
    assert!(dna::read(&sample[..sample.len() / 3], &ReadOptions::default()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Damaged databases are read or refused, never a panic.
    #[test]
    fn damaged_databases_never_panic(
        flips in proptest::collection::vec((0usize..352_256, any::<u8>()), 1..40),
        dna2 in any::<bool>(),
    ) {
        let mut bytes = if dna2 { std::fs::read(fixture("dna/sample-dna2.dna")).unwrap() } else { sample() };
        for (at, byte) in flips {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let _ = dna::read(&bytes, &ReadOptions::default());
    }
}

fn stancemap_cli(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_stancemap")).args(args).output().expect("run stancemap")
}

#[test]
fn the_command_line_imports_and_exports_dna_and_the_app_opens_it() {
    use stancemap::session::{Command, DialogRequest, Effect, Session};
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("hearings.stancemap");
    let run = stancemap_cli(&[
        "import".as_ref(),
        "--project".as_ref(),
        project.as_os_str(),
        fixture("dna/sample.dna").as_os_str(),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("22 positions from 40 statements"));
    let out = dir.path().join("out.dna");
    let run = stancemap_cli(&[
        "export".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        "dna".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // File → Open: a new, unsaved project; the file is left as it was.
    let written = std::fs::read(&out).unwrap();
    let mut session = Session::new(Project::default(), None);
    let effects = session.apply_waiting(Command::OpenPath(out.clone()));
    assert!(effects.iter().any(|e| matches!(e, Effect::ShowDialog(DialogRequest::ExchangeReport(_)))), "{effects:?}");
    let saved = stancemap::io::project_file::load_project(&project).unwrap();
    assert_eq!(session.project().positions.len(), saved.positions.len());
    assert_eq!(session.project().articles.len(), 7);
    assert!(session.document().path.is_none(), "not saved anywhere yet");
    assert_eq!(std::fs::read(&out).unwrap(), written, "the original is never written");
    // Random bytes named .dna: refused, nothing written.
    let bad = dir.path().join("bad.dna");
    std::fs::write(&bad, b"\x00\x01 not a database").unwrap();
    let target = dir.path().join("never.stancemap");
    let run = stancemap_cli(&["import".as_ref(), "--project".as_ref(), target.as_os_str(), bad.as_os_str()]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("bad.dna") && stderr.contains("not an SQLite database"), "{stderr}");
    assert!(!target.exists());
}

#[test]
fn a_dna_document_with_decomposed_accents_comes_in_composed_with_its_quotes_cut_exactly() {
    // DNA keeps what was pasted into it: here "Zoë" and "Bogotá" with decomposed accents, CRLF
    // line ends and an emoji, counted in UTF-16 units.
    let mut project = project_for_dna();
    let text = "Zoe\u{308} in Bogota\u{301} 😀:\r\nNATO must never admit Ukraine.";
    project.articles[0].text = text.to_owned();
    let key = PositionKey {
        issue: IssueId::from("membership"),
        actor: ActorId::from("lavrov"),
        article: Some(ArticleId::from("a0")),
        coder: CoderId::from("ana"),
    };
    let quotes = ["Zoe\u{308} in Bogota\u{301}", "NATO must never admit Ukraine"];
    let mut position = Position::new(&key, 5.0);
    for quote in quotes {
        let start = text.find(quote).unwrap();
        position.evidence.push(Evidence::from_span(text, start, start + quote.len()).unwrap());
    }
    project.positions = Default::default();
    project.positions.insert(position);
    let (bytes, _) = dna::write(&project).unwrap();
    let (back, _) = dna::read(&bytes, &ReadOptions::default()).unwrap();
    let article = back.articles.iter().find(|a| a.title == "Article 1").unwrap();
    assert_eq!(article.text, "Zoë in Bogotá 😀:\nNATO must never admit Ukraine.");
    let position = back.positions.iter().next().expect("the position");
    let quotes: Vec<&str> = position.evidence.iter().map(|e| e.quote.as_str()).collect();
    assert_eq!(quotes, ["Zoë in Bogotá", "NATO must never admit Ukraine"]);
    for evidence in &position.evidence {
        assert_eq!(&article.text[evidence.start..evidence.end], evidence.quote);
    }
}
