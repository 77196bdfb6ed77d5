//! Exchange with other tools (`io::exchange`): REFI-QDA projects and KTAB scenarios.
//!
//! Stories: an analyst exports the sample project for QualCoder and the file validates against the
//! REFI-QDA schema; two exports are byte-identical; the export comes back exactly, and — edited in
//! another tool, so the lossless copy no longer matches — comes back from its tag lines with every
//! quote cut where it was (code points over text with emoji and right-to-left script); a real NVivo
//! for Windows export is read with its UTF-16 offsets; codes map to actors and poles; hostile files
//! are refused. Fixtures and their licences: `tests/fixtures/qdpx/README.md`, `…/ktab/README.md`.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use stancemap::io::exchange::{CodeMap, ExchangeError, ExchangeFormat, ReadOptions, ktab, qdpx};
use stancemap::model::{
    Actor, ActorId, Article, ArticleId, Coder, CoderId, Confidence, Evidence, Issue, IssueId, Position, Project,
    presets,
};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative)
}

/// The archive's entries as (name, bytes).
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read");
            (entry.name().to_owned(), data)
        })
        .collect()
}

/// A ZIP of `files` (deflated).
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The export without its lossless copy: what comes back after another tool rewrote the file.
fn without_copy(bytes: &[u8]) -> Vec<u8> {
    let kept: Vec<(String, Vec<u8>)> =
        entries(bytes).into_iter().filter(|(name, _)| name != "stancemap.json").collect();
    let files: Vec<(&str, &[u8])> = kept.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&files)
}

/// The project as the tag lines carry it: no history, trash, done marks or rejected suggestions.
fn tagged_part(project: &Project) -> Project {
    let mut project = project.clone();
    project.trash.clear();
    project.rejected_suggestions.clear();
    project.done_articles.clear();
    project.dismissed_candidates.clear();
    let positions: Vec<Position> =
        project.positions.iter().cloned().map(|p| Position { history: Vec::new(), ..p }).collect();
    project.positions = Default::default();
    for position in positions {
        project.positions.insert(position);
    }
    project
}

/// The project with its article texts in Unicode NFC and every quote moved with its words (as
/// another tool's file comes in).
fn composed(project: &Project) -> Project {
    use stancemap::io::exchange::offsets::{SourceText, Unit, code_points_at};
    let mut project = project.clone();
    let mut sources = std::collections::HashMap::new();
    for article in &mut project.articles {
        let source = SourceText::from_text(article.text.clone());
        article.text = source.lf.clone();
        sources.insert(article.id.clone(), source);
    }
    let positions: Vec<Position> = project.positions.iter().cloned().collect();
    project.positions = Default::default();
    for mut position in positions {
        if let Some(source) = position.article.as_ref().and_then(|id| sources.get(id)) {
            for evidence in &mut position.evidence {
                let (start, end) =
                    (code_points_at(&source.raw, evidence.start), code_points_at(&source.raw, evidence.end));
                let (start, end) = source.span(start, end, Unit::CodePoint, false).unwrap();
                *evidence = Evidence::from_span(&source.lf, start, end).unwrap();
            }
        }
        project.positions.insert(position);
    }
    project
}

fn read_qdpx(bytes: &[u8]) -> Result<(Project, stancemap::io::exchange::ImportReport), ExchangeError> {
    qdpx::read(bytes, &ReadOptions::default())
}

// ---------------------------------------------------------------------------------------------
// Export: schema, determinism, exact and tag-line round trips.

#[test]
fn the_sample_exports_a_project_that_validates_against_the_refi_qda_schema() {
    let project = presets::sample_project();
    let (bytes, _) = qdpx::write(&project).unwrap();
    let files = entries(&bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "project.qde");
    assert!(names.contains(&"stancemap.json"));
    assert_eq!(
        names.iter().filter(|n| n.starts_with("sources/") && n.ends_with(".txt")).count(),
        project.articles.len()
    );
    for (name, data) in &files {
        if name.starts_with("sources/") {
            assert!(!data.starts_with(b"\xEF\xBB\xBF"), "{name} has a BOM");
            assert!(!data.contains(&b'\r'), "{name} is not LF");
        }
    }
    let generated = stancemap::model::generate::generate(&stancemap::model::generate::GenerateOptions {
        articles: 20,
        actors: 8,
        issues: 4,
        positions: 200,
        coders: 3,
        seed: 7,
    })
    .unwrap();
    for (label, project) in [("sample", project), ("generated", generated)] {
        let (bytes, _) = qdpx::write(&project).unwrap();
        let qde = entries(&bytes).into_iter().find(|(n, _)| n == "project.qde").unwrap().1;
        validate_with_xmllint(&qde, label);
    }
}

/// Validates `qde` against `Project.xsd` with xmllint; skips (saying so) only where xmllint is
/// not installed (`apt-get install libxml2-utils`).
fn validate_with_xmllint(qde: &[u8], label: &str) {
    if std::process::Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("SKIPPED: XSD validation of the {label} export needs xmllint (apt-get install libxml2-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.qde");
    std::fs::write(&path, qde).unwrap();
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(fixture("qdpx/Project.xsd"))
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the {label} export does not validate:\n{}",
        String::from_utf8_lossy(&output.stderr).lines().take(20).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn two_exports_of_one_project_are_identical_and_the_guids_stable() {
    let project = presets::sample_project();
    let (first, _) = qdpx::write(&project).unwrap();
    let (second, _) = qdpx::write(&project).unwrap();
    assert_eq!(first, second);
}

#[test]
fn an_untouched_export_comes_back_exactly_and_an_edited_one_from_its_tags() {
    let mut project = presets::sample_project();
    // An overall judgement too (it travels in a note, not a selection).
    let first = project.positions.iter().next().unwrap().clone();
    project.positions.insert(Position { article: None, evidence: Vec::new(), value: first.value + 1.0, ..first });
    let (bytes, report) = qdpx::write(&project).unwrap();
    let (back, import) = read_qdpx(&bytes).unwrap();
    assert!(import.exact);
    assert_eq!(back, project);
    let (from_tags, import) = read_qdpx(&without_copy(&bytes)).unwrap();
    assert!(!import.exact);
    assert!(import.left_out.is_empty(), "nothing is left out of our own export: {:?}", import.left_out);
    assert_eq!(tagged_part(&from_tags), tagged_part(&project), "{report:?}\n{import:?}");
}

#[test]
fn a_changed_project_qde_is_not_taken_for_the_copy() {
    let project = presets::sample_project();
    let (bytes, _) = qdpx::write(&project).unwrap();
    let mut files = entries(&bytes);
    // Another tool rewrote project.qde (here: renamed the project) but kept our stancemap.json.
    let qde = String::from_utf8(files[0].1.clone()).unwrap();
    files[0].1 = qde.replacen("name=\"", "name=\"Renamed ", 1).into_bytes();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    let (back, report) = read_qdpx(&zip_of(&refs)).unwrap();
    assert!(!report.exact);
    assert!(back.title.starts_with("Renamed "), "{}", back.title);
}

/// Pieces of text with emoji, combining marks, right-to-left script and quotes.
const PIECES: [&str; 10] =
    ["Kyiv ", "😀 ", "مرحبا بالعالم ", "naïve ", "e\u{301}te ", "\"quoted\" ", "שלום ", "👨‍👩‍👧 ", "\n\n", "NATO, "];

fn arb_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..PIECES.len(), 3..40).prop_map(|picks| picks.into_iter().map(|i| PIECES[i]).collect())
}

/// Projects as StanceMap holds them: LF text with emoji and RTL script, quotes on char boundaries.
fn arb_project() -> impl Strategy<Value = Project> {
    let articles = proptest::collection::vec((arb_text(), arb_text()), 1..4);
    let positions = proptest::collection::vec(
        (0..3usize, 0..2usize, proptest::option::of(0..3usize), 0..2usize, 0.0..=100.0f64, any::<[u16; 4]>()),
        0..12,
    );
    (articles, positions, arb_text()).prop_map(|(articles, positions, title)| {
        let mut project = Project { title: title.trim().to_owned(), ..Project::default() };
        project.coders = vec![
            Coder { id: CoderId::from("anna"), name: "Anna 😀".into() },
            Coder { id: CoderId::from("omar"), name: "عمر".into() },
        ];
        for (i, name) in ["Russia", "Россия", "ישראל"].iter().enumerate() {
            project.actors.push(Actor {
                id: ActorId::new(format!("actor-{i}")),
                name: (*name).into(),
                aliases: vec![format!("{name} alias")],
                ..Actor::default()
            });
        }
        project.issues.push(Issue {
            id: IssueId::from("nato"),
            name: "NATO".into(),
            low_label: "No".into(),
            high_label: "Yes".into(),
            ..Issue::default()
        });
        project.issues.push(Issue {
            id: IssueId::from("gas"),
            name: "Gas 🔥".into(),
            scale_min: -5.0,
            scale_max: 5.0,
            ..Issue::default()
        });
        for (i, (title, text)) in articles.into_iter().enumerate() {
            project.articles.push(Article { id: ArticleId::new(format!("a{i}")), title, text, ..Article::default() });
        }
        for (actor, issue, article, coder, value, cuts) in positions {
            let issue = &project.issues[issue];
            let article = article.filter(|&a| a < project.articles.len()).map(|a| &project.articles[a]);
            let mut position = Position {
                actor: project.actors[actor].id.clone(),
                issue: issue.id.clone(),
                article: article.map(|a| a.id.clone()),
                coder: project.coders[coder].id.clone(),
                value: issue.scale_min + value / 100.0 * (issue.scale_max - issue.scale_min),
                salience: value.round(),
                confidence: Confidence::ALL[cuts[0] as usize % 3],
                note: if cuts[1] % 2 == 0 { String::new() } else { "note\nwith «lines»".into() },
                updated: "2024-03-01T10:00:00Z".into(),
                ..Position::default()
            };
            if let Some(article) = article {
                let bounds: Vec<usize> =
                    article.text.char_indices().map(|(b, _)| b).chain([article.text.len()]).collect();
                let a = bounds[cuts[2] as usize % bounds.len()];
                let b = bounds[cuts[3] as usize % bounds.len()];
                if let Some(evidence) = Evidence::from_span(&article.text, a.min(b), a.max(b)) {
                    position.evidence.push(evidence);
                }
            }
            project.positions.insert(position);
        }
        project
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Export → import is the same project, exactly through the copy and — all that tags carry —
    /// through the tag lines: code points cut every quote where it was.
    #[test]
    fn export_then_import_is_the_same_project(project in arb_project()) {
        let (bytes, _) = qdpx::write(&project).unwrap();
        let (back, report) = read_qdpx(&bytes).unwrap();
        prop_assert!(report.exact);
        prop_assert_eq!(&back, &project);
        // Through the tag lines the text comes back as imported text is kept: in NFC.
        let (from_tags, _) = read_qdpx(&without_copy(&bytes)).unwrap();
        prop_assert_eq!(tagged_part(&from_tags), tagged_part(&composed(&project)));
    }

    /// Any bytes, and any damage to a real export, are refused or read — never a panic.
    #[test]
    fn readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let _ = read_qdpx(&bytes);
        let _ = ktab::read(&bytes, &ReadOptions::default());
        let (mut export, _) = qdpx::write(&presets::sample_project()).unwrap();
        let len = export.len();
        for (at, byte) in flips {
            export[at % len] = byte;
        }
        let _ = read_qdpx(&export);
    }
}

/// A quote cut between a letter and its combining accent comes back over the composed letter where
/// it was, not moved to a lone letter that another count finds (the proptest above once met this).
#[test]
fn a_quote_cut_inside_a_combining_sequence_stays_where_it_was() {
    // Code points: emoji, "e", "e", U+0301. The quote is the second "e", without its accent; counted
    // in UTF-16 units the same offsets land on the first "e".
    let text = "\u{1F600}ee\u{301} end".to_owned();
    let mut project =
        Project { coders: vec![Coder { id: CoderId::from("anna"), name: "Anna".into() }], ..Project::default() };
    project.actors.push(Actor { id: ActorId::new("actor-0".to_owned()), name: "Russia".into(), ..Actor::default() });
    project.issues.push(Issue { id: IssueId::from("nato"), name: "NATO".into(), ..Issue::default() });
    project.articles.push(Article {
        id: ArticleId::new("a0".to_owned()),
        title: "T".into(),
        text,
        ..Article::default()
    });
    let start = "\u{1F600}e".len();
    let mut position = Position {
        actor: ActorId::new("actor-0".to_owned()),
        issue: IssueId::from("nato"),
        article: Some(ArticleId::new("a0".to_owned())),
        coder: CoderId::from("anna"),
        value: 40.0,
        updated: "2024-03-01T10:00:00Z".into(),
        ..Position::default()
    };
    position.evidence.push(Evidence::from_span(&project.articles[0].text, start, start + 1).unwrap());
    project.positions.insert(position);
    let (bytes, _) = qdpx::write(&project).unwrap();
    let (from_tags, report) = read_qdpx(&without_copy(&bytes)).unwrap();
    let evidence = &from_tags.positions.iter().next().unwrap().evidence[0];
    assert_eq!(evidence.quote, "\u{e9}", "the composed letter, not the first lone e: {report:?}");
    assert_eq!(tagged_part(&from_tags), tagged_part(&composed(&project)));
}

// ---------------------------------------------------------------------------------------------
// Other tools' files.

/// A real ATLAS.ti export whose archive holds no source files: nothing to import but its coders,
/// and a report that names everything left out, in words a person reads ("1 graph", not "1 graphs").
#[test]
fn a_real_atlas_ti_export_without_its_sources_is_reported_not_refused() {
    let bytes = std::fs::read(fixture("qdpx/atlasti-8.4-mac-no-sources.qdpx")).unwrap();
    let (project, report) = read_qdpx(&bytes).unwrap();
    assert!(report.producer.starts_with("ATLAS.ti 8.4"), "{}", report.producer);
    assert_eq!((project.articles.len(), project.positions.len(), project.coders.len()), (0, 0, 3));
    let left_out = report.left_out.join("\n");
    for expected in [
        "2 PDF sources (StanceMap reads PDFs with Import articles)",
        "6 sources whose text is missing from the archive: 1960s Coca Cola commercial - Audio.docx",
        "Mabel.txt, Simon.docx",
        "2 memos (notes)",
        "1 graph — StanceMap has none",
        "1 link — StanceMap has none",
    ] {
        assert!(left_out.contains(expected), "{expected:?} not in:\n{left_out}");
    }
    assert_eq!(report.codes.len(), 14, "every code listed with its codings: {:?}", report.codes);
}

#[test]
fn a_real_nvivo_export_is_read_with_utf16_offsets_over_its_crlf_text() {
    let bytes = std::fs::read(fixture("qdpx/nvivo-win-12.6-oltas.qdpx")).unwrap();
    let (project, report) = read_qdpx(&bytes).unwrap();
    assert_eq!(report.producer, "NVivo for Windows 12.6");
    assert_eq!(project.articles.len(), 2, "{report:?}");
    assert_eq!(project.coders.len(), 3);
    assert!(project.articles.iter().all(|a| !a.text.contains('\r') && !a.text.starts_with('\u{feff}')));
    assert_eq!(project.articles[0].title, "videos_selection", "the source's name");
    // No code is named like an actor of an empty project: everything is reported, nothing guessed.
    assert!(project.positions.is_empty());
    let codings: usize = report.codes.iter().map(|c| c.codings).sum();
    assert!(codings >= 330, "{codings} codings counted");
    assert!(report.left_out.iter().any(|l| l.contains("codings with codes mapped to nothing")), "{report:?}");
}

/// True when `text[start..end]` neither starts nor ends inside a word (a quote may end with
/// punctuation right before the next word, as run-together comments do).
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let quote = &text[start..end];
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = quote.chars().next();
    let last = quote.chars().next_back();
    let clean_start = !before.is_some_and(char::is_alphanumeric) || !first.is_some_and(char::is_alphanumeric);
    let clean_end = !after.is_some_and(char::is_alphanumeric) || !last.is_some_and(char::is_alphanumeric);
    clean_start && clean_end
}

/// Measured on data not tuned on: every selection of the NVivo file, its offsets read as NVivo
/// writes them (UTF-16 code units over the CRLF text) and, for comparison, as code points over the
/// LF text.
#[test]
fn nvivo_offsets_read_as_utf16_over_crlf_land_on_word_boundaries() {
    use stancemap::io::exchange::offsets::{SourceText, Unit};
    let bytes = std::fs::read(fixture("qdpx/nvivo-win-12.6-oltas.qdpx")).unwrap();
    let files = entries(&bytes);
    let qde = String::from_utf8(files.iter().find(|(n, _)| n == "project.qde").unwrap().1.clone()).unwrap();
    let mut reader = quick_xml::Reader::from_str(&qde);
    let (mut source, mut ours, mut other, mut total) = (None::<SourceText>, 0, 0, 0);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name.as_bytes())
                        .map(|a| a.unescape_value().unwrap().into_owned())
                };
                match e.name().as_ref() {
                    b"TextSource" => {
                        let path = attr("plainTextPath").unwrap().replace("internal://", "Sources/");
                        source = Some(SourceText::from_bytes(&files.iter().find(|(n, _)| *n == path).unwrap().1));
                    }
                    b"PlainTextSelection" => {
                        let (start, end): (usize, usize) = (
                            attr("startPosition").unwrap().parse().unwrap(),
                            attr("endPosition").unwrap().parse().unwrap(),
                        );
                        let text = source.as_ref().unwrap();
                        total += 1;
                        if let Some((s, e)) = text.span(start, end, Unit::Utf16, false) {
                            ours += usize::from(on_word_boundaries(&text.lf, s, e));
                        }
                        if let Some((s, e)) = text.span(start, end, Unit::CodePoint, true) {
                            other += usize::from(on_word_boundaries(&text.lf, s, e));
                        }
                    }
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(total, 330);
    eprintln!("on word boundaries: {ours} of {total} read as NVivo writes them, {other} as code points over LF");
    assert!(ours * 100 >= total * 98, "{ours} of {total}");
    assert!(other * 100 <= total * 10, "{other} of {total}: the comparison would not tell them apart");
}

#[test]
fn mapped_nvivo_codes_become_positions_whose_quotes_are_whole_words() {
    let bytes = std::fs::read(fixture("qdpx/nvivo-win-12.6-oltas.qdpx")).unwrap();
    // The analyst maps the coded targets of distrust to actors and the distrust codes to poles of
    // issues (the same span, or overlapping ones, carry one code each in NVivo).
    let map = CodeMap::parse(
        "code,actor_or_issue,value\n\
         +Government,Government\n\
         +Media,Media\n\
         Negligent healthcare,Health care\n\
         politikusokkal szembeli bizalmatlanság,Trust in politicians,0\n\
         orvosokkal szembeni bizalmatlanság,Trust in doctors,0\n\
         Made-up threat,COVID is a threat,0\n",
    )
    .unwrap();
    let (project, report) =
        qdpx::read(&bytes, &ReadOptions { code_map: Some(&map), ..ReadOptions::default() }).unwrap();
    assert!(project.positions.len() >= 4, "{report:#?}");
    let mut aligned = 0;
    let mut quotes = 0;
    for position in project.positions.iter() {
        assert_eq!(position.confidence, Confidence::Low);
        assert!(position.note.starts_with("Needs review"));
        let article = project.article(position.article.as_ref().unwrap()).unwrap();
        for evidence in &position.evidence {
            quotes += 1;
            assert_eq!(&article.text[evidence.start..evidence.end], evidence.quote);
            if on_word_boundaries(&article.text, evidence.start, evidence.end) {
                aligned += 1;
            }
        }
    }
    // One selection of the file really ends inside a word ("… A|K…"); the rest are clean.
    assert!(aligned * 100 >= quotes * 90, "{aligned} of {quotes} quotes on word boundaries");
}

/// A hand-made export in the shape real tools write: `Sources/` capitalised, a path without
/// `internal://`, a BOM and CRLF, a source without a name, a missing source file, a memo, a set.
#[test]
fn foreign_projects_are_read_leniently_and_the_losses_reported() {
    let qde = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews" origin="MAXQDA 2022">
<Users><User guid="11111111-1111-1111-1111-111111111111" name="Dana"/></Users>
<CodeBook><Codes>
  <Code guid="21111111-1111-1111-1111-111111111111" name="Actors" isCodable="false">
    <Code guid="22222222-2222-2222-2222-222222222222" name="Moscow" isCodable="true"/>
  </Code>
  <Code guid="23333333-3333-3333-3333-333333333333" name="Against membership" isCodable="true"/>
  <Code guid="24444444-4444-4444-4444-444444444444" name="Tone" isCodable="true"/>
</Codes></CodeBook>
<Sources>
  <TextSource guid="31111111-1111-1111-1111-111111111111" name="interview 1.docx" plainTextPath="31111111-1111-1111-1111-111111111111.txt">
    <PlainTextSelection guid="41111111-1111-1111-1111-111111111111" name="Moscow rejects 😀 membership" startPosition="5" endPosition="32" creatingUser="11111111-1111-1111-1111-111111111111">
      <Coding guid="51111111-1111-1111-1111-111111111111"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
      <Coding guid="52222222-2222-2222-2222-222222222222"><CodeRef targetGUID="23333333-3333-3333-3333-333333333333"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="41111112-1111-1111-1111-111111111111" startPosition="0" endPosition="4">
      <Coding guid="53333333-3333-3333-3333-333333333333"><CodeRef targetGUID="24444444-4444-4444-4444-444444444444"/></Coding>
    </PlainTextSelection>
  </TextSource>
  <TextSource guid="32222222-2222-2222-2222-222222222222" plainTextPath="internal://32222222-2222-2222-2222-222222222222.txt"/>
  <TextSource guid="33333333-3333-3333-3333-333333333333" name="gone" plainTextPath="internal://missing.txt"/>
</Sources>
<Notes><Note guid="61111111-1111-1111-1111-111111111111" name="memo"><PlainTextContent>A memo</PlainTextContent></Note></Notes>
<Sets><Set guid="71111111-1111-1111-1111-111111111111" name="set"/></Sets>
</Project>"#;
    let bytes = zip_of(&[
        ("Interviews.qde", qde.as_bytes()),
        (
            "Sources/31111111-1111-1111-1111-111111111111.txt",
            "\u{feff}Tone\r\nMoscow rejects 😀 membership.\r\n".as_bytes(),
        ),
        ("Sources/32222222-2222-2222-2222-222222222222.txt", b"Second source."),
    ]);
    let mut known = presets::new_project("Known");
    known.actors.push(Actor {
        id: "russia".into(),
        name: "Russia".into(),
        aliases: vec!["Moscow".into()],
        ..Actor::default()
    });
    let map = CodeMap::parse("Against membership,NATO membership,0\n").unwrap();
    let (project, report) = qdpx::read(
        &bytes,
        &ReadOptions { known: Some(&known), code_map: Some(&map), file_name: "x.qdpx", ..ReadOptions::default() },
    )
    .unwrap();
    assert_eq!(project.articles.len(), 2);
    assert_eq!(project.articles[0].title, "interview 1");
    assert_eq!(project.articles[0].text, "Tone\nMoscow rejects 😀 membership.\n");
    assert_eq!(project.coders[0].name, "Dana");
    assert_eq!(project.actors.len(), 1, "only the actor the codes name");
    assert_eq!(project.actors[0].id.as_str(), "russia", "matched by alias, keeping the known id");
    let position = project.positions.iter().next().expect("a position");
    assert_eq!(position.evidence[0].quote, "Moscow rejects 😀 membership");
    assert_eq!(position.value, 0.0);
    let left_out = report.left_out.join("\n");
    for expected in ["missing from the archive: gone", "1 memo ", "1 set ", "1 coding with a code mapped to nothing"] {
        assert!(left_out.contains(expected), "{expected:?} not in:\n{left_out}");
    }
}

#[test]
fn hostile_archives_are_refused_with_a_clear_message() {
    // A billion-laughs project.qde.
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Project name="&c;"/>"#;
    let error = read_qdpx(&zip_of(&[("project.qde", laughs)])).unwrap_err().to_string();
    assert!(error.contains("billion-laughs"), "{error}");
    // A zip bomb: 300 MB of zeros in a few hundred kilobytes.
    let zeros = vec![0u8; 300 * 1024 * 1024];
    let bomb = zip_of(&[("project.qde", &zeros)]);
    drop(zeros);
    assert!(bomb.len() < 2 * 1024 * 1024);
    let error = read_qdpx(&bomb).unwrap_err().to_string();
    assert!(error.contains("zip bomb"), "{error}");
    // Not a ZIP; a ZIP without a project; a project that is not one.
    assert!(read_qdpx(b"plain text").unwrap_err().to_string().contains("not a ZIP"));
    assert!(read_qdpx(&zip_of(&[("readme.txt", b"hi")])).unwrap_err().to_string().contains("no project.qde"));
    let error = read_qdpx(&zip_of(&[("project.qde", b"<Other/>")])).unwrap_err().to_string();
    assert!(error.contains("not <Project>"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// KTAB.

#[test]
fn ktabs_own_example_scenarios_are_read() {
    for (file, actors, issues) in
        [("dummyData_3Dim.csv", 7, 3), ("dummyData_3Dim-no-final-comma.csv", 7, 3), ("SOE-Pol-Comp.csv", 13, 2)]
    {
        let bytes = std::fs::read(fixture(&format!("ktab/{file}"))).unwrap();
        assert_eq!(ExchangeFormat::detect(Path::new(file), &bytes), Some(ExchangeFormat::Ktab), "{file}");
        let (project, report) = ktab::read(&bytes, &ReadOptions::default()).unwrap();
        assert_eq!(project.actors.len(), actors, "{file}: {report:?}");
        assert_eq!(project.issues.len(), issues, "{file}");
        assert_eq!(project.positions.len(), actors * issues, "{file}");
        assert!(project.actors.iter().any(|a| a.capability == 100.0), "{file}: the strongest has 100");
        // Written back, read again: the same actors, values to three decimals.
        let (written, _) = ktab::write(&project).unwrap();
        let (again, _) = ktab::read(&written, &ReadOptions::default()).unwrap();
        assert_eq!(again.actors.len(), actors, "{file}");
        for (a, b) in project.positions.iter().zip(again.positions.iter()) {
            assert!((a.value - b.value).abs() < 1e-3, "{file}: {} vs {}", a.value, b.value);
        }
    }
    let bytes = std::fs::read(fixture("ktab/SOE-Pol-Comp.csv")).unwrap();
    let (project, _) = ktab::read(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(project.issues[0].name, "Policy");
    assert_eq!(project.actors[0].name, "XJ");
    assert_eq!(project.actors[0].aliases, ["Xi Jinping"]);
}

#[test]
fn a_ktab_export_says_what_it_changed() {
    let project = presets::sample_project();
    let (bytes, report) = ktab::write(&project).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(ktab::looks_like_ktab(text.as_bytes()), "{text}");
    for line in text.lines().skip(2) {
        let name = line.split(',').next().unwrap();
        assert!(name.chars().count() <= 25, "{name}");
        let cells: Vec<f64> = line.split(',').skip(3).filter(|c| !c.is_empty()).map(|c| c.parse().unwrap()).collect();
        let saliences: f64 = cells.iter().skip(1).step_by(2).sum();
        assert!(saliences <= 100.0 + 1e-6, "{line}");
        assert!(cells.iter().step_by(2).all(|v| (0.0..=100.0).contains(v)), "{line}");
    }
    assert!(!report.notes.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The app's session and the command line.

#[test]
fn the_app_exports_opens_and_imports_refi_qda_projects() {
    use stancemap::io::export::ExportKind;
    use stancemap::session::{Command, DialogRequest, Effect, PathPurpose, Session};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.qdpx");
    // File → Export → REFI-QDA project.
    let mut session = Session::new(presets::sample_project(), None);
    let purpose = PathPurpose::Export(ExportKind::Exchange(ExchangeFormat::Qdpx));
    session.apply(Command::SubmitPaths(purpose, vec![out.clone()]));
    let written = std::fs::read(&out).expect("the export was written");
    // File → Open: a new, unsaved project; the file is left as it was.
    let mut other = Session::new(Project::default(), None);
    let effects = other.apply_waiting(Command::OpenPath(out.clone()));
    assert!(effects.iter().any(|e| matches!(e, Effect::ShowDialog(DialogRequest::ExchangeReport(_)))), "{effects:?}");
    assert_eq!(other.project(), &presets::sample_project());
    assert!(other.document().path.is_none(), "not saved anywhere yet");
    assert_eq!(std::fs::read(&out).unwrap(), written, "the original is never written");
    // File → Import into a project holding some of it: merged, one undo step.
    let mut partial = presets::sample_project_without_articles();
    partial.positions = Default::default();
    let mut third = Session::new(partial, None);
    third.apply_waiting(Command::SubmitPaths(PathPurpose::Import, vec![out.clone()]));
    assert_eq!(third.project().articles.len(), presets::sample_project().articles.len());
    assert_eq!(third.project().positions.len(), presets::sample_project().positions.len());
    third.apply(Command::Undo);
    assert!(third.project().articles.is_empty());
}

fn stancemap_cli(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_stancemap")).args(args).output().expect("run stancemap")
}

#[test]
fn the_command_line_exports_and_imports_qdpx_and_ktab() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sample.stancemap");
    let qdpx_file = dir.path().join("out.qdpx");
    let back = dir.path().join("back.stancemap");
    stancemap::io::project_file::save_project(&project, &presets::sample_project()).unwrap();
    let run = stancemap_cli(&[
        "export".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        "qdpx".as_ref(),
        "-o".as_ref(),
        qdpx_file.as_os_str(),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let run = stancemap_cli(&["import".as_ref(), "--project".as_ref(), back.as_os_str(), qdpx_file.as_os_str()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("restored exactly"));
    let read_back = stancemap::io::project_file::load_project(&back).unwrap();
    assert_eq!(read_back, presets::sample_project(), "a missing project holds exactly what the file holds");
    // KTAB out, forecast on it, and back in through import-positions.
    let ktab_file = dir.path().join("scenario.csv");
    let run = stancemap_cli(&[
        "export".as_ref(),
        project.as_os_str(),
        "--format".as_ref(),
        "ktab".as_ref(),
        "-o".as_ref(),
        ktab_file.as_os_str(),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let run = stancemap_cli(&["forecast".as_ref(), ktab_file.as_os_str()]);
    assert!(run.status.success(), "forecast on the KTAB export: {}", String::from_utf8_lossy(&run.stderr));
    let run = stancemap_cli(&[
        "import-positions".as_ref(),
        "--project".as_ref(),
        project.as_os_str(),
        fixture("ktab/SOE-Pol-Comp.csv").as_os_str(),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let merged = stancemap::io::project_file::load_project(&project).unwrap();
    assert!(merged.find_actor_by_name("Xi Jinping").is_some());
    assert!(merged.find_issue_by_name("Competitive").is_some());
    // A hostile file: refused, nothing written.
    let bad = dir.path().join("bad.qdpx");
    std::fs::write(&bad, b"PK\x03\x04 not really").unwrap();
    let target = dir.path().join("never.stancemap");
    let run = stancemap_cli(&["import".as_ref(), "--project".as_ref(), target.as_os_str(), bad.as_os_str()]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("bad.qdpx"));
    assert!(!target.exists());
}

#[test]
fn opening_a_foreign_project_asks_what_its_codes_stand_for() {
    use stancemap::session::{CodeRowKind, Command, DialogRequest, Effect, Session};
    let mut session = Session::new(Project::default(), None);
    let effects = session.apply_waiting(Command::OpenPath(fixture("qdpx/nvivo-win-12.6-oltas.qdpx")));
    let draft = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::ShowDialog(DialogRequest::MapCodes(draft)) => Some(draft),
            _ => None,
        })
        .expect("the mapping step");
    assert!(draft.open);
    assert!(draft.rows.iter().all(|row| row.codings > 0 && row.kind == CodeRowKind::Nothing));
    assert!(session.project().articles.is_empty(), "nothing opened before the mapping");
    let rows = draft
        .rows
        .into_iter()
        .map(|mut row| {
            match row.code.rsplit('/').next().unwrap() {
                "+Government" => (row.kind, row.actor) = (CodeRowKind::Actor, "Government".into()),
                "politikusokkal szembeli bizalmatlanság" => {
                    (row.kind, row.issue, row.value) = (CodeRowKind::IssueValue, "Trust in politicians".into(), 0.0);
                }
                _ => {}
            }
            row
        })
        .collect();
    let effects = session.apply_waiting(Command::MapCodes(rows));
    assert!(effects.iter().any(|e| matches!(e, Effect::ShowDialog(DialogRequest::ExchangeReport(_)))), "{effects:?}");
    let project = session.project();
    assert_eq!(project.articles.len(), 2);
    assert_eq!(project.issues.len(), 1);
    assert_eq!(project.issues[0].name, "Trust in politicians");
    let government = project.find_actor_by_name("Government").expect("the mapped actor");
    let positions: Vec<&Position> = project.positions.iter().collect();
    assert!(!positions.is_empty());
    assert!(positions.iter().all(|p| p.actor == government.id && p.value == 0.0 && !p.evidence.is_empty()));
    assert!(session.document().path.is_none());
}

// ---------------------------------------------------------------------------------------------
// Unicode: imported text is kept as LF + NFC, every span mapped.

/// Pieces of text, each starting where normalisation cannot join it to what comes before:
/// decomposed and precomposed accents, marks NFC reorders (Hebrew shin dot and qamats), Hangul
/// jamo that compose, emoji (with a ZWJ sequence and a combining mark), right-to-left words and
/// every kind of line end.
const UNICODE_PIECES: [&str; 18] = [
    "a",
    " ",
    "e\u{301}",
    "é",
    "A\u{30A}",
    "o\u{308}\u{304}",
    "😀",
    "👩\u{200D}💻",
    "😀\u{301}",
    "\r\n",
    "\r",
    "\n",
    "שלום",
    "ש\u{5C1}\u{5B8}",
    "مرحبا",
    "\u{1100}\u{1161}",
    "Z",
    ".",
];

fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    text.nfc().collect()
}

fn units(text: &str, unit: stancemap::io::exchange::offsets::Unit) -> usize {
    match unit {
        stancemap::io::exchange::offsets::Unit::CodePoint => text.chars().count(),
        stancemap::io::exchange::offsets::Unit::Utf16 => text.encode_utf16().count(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any span a tool counts over the text as written (in code points or UTF-16 units, with
    /// CRLF as two characters or one) lands on exactly the same words in the kept text.
    #[test]
    fn foreign_text_is_kept_as_lf_and_nfc_and_every_span_lands_on_its_words(
        pieces in proptest::collection::vec(0..UNICODE_PIECES.len(), 0..30),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        use stancemap::io::exchange::offsets::{SourceText, Unit};
        let raw: String = pieces.iter().map(|&i| UNICODE_PIECES[i]).collect();
        let to_lf = |text: &str| text.replace("\r\n", "\n").replace('\r', "\n");
        let source = SourceText::from_text(raw.clone());
        prop_assert_eq!(&source.lf, &nfc(&to_lf(&raw)));
        // Piece boundaries, except inside a CRLF made of a "\r" piece and a "\n" piece.
        let mut bounds = vec![0];
        for &i in &pieces {
            bounds.push(bounds.last().unwrap() + UNICODE_PIECES[i].len());
        }
        bounds.retain(|&at| !(raw[..at].ends_with('\r') && raw[at..].starts_with('\n')));
        let (i, j) = (a.index(bounds.len()), b.index(bounds.len()));
        let (start, end) = (bounds[i.min(j)], bounds[i.max(j)]);
        let quote = nfc(&to_lf(&raw[start..end]));
        for unit in [Unit::CodePoint, Unit::Utf16] {
            for over_lf in [false, true] {
                let count = |text: &str| if over_lf { units(&text.replace("\r\n", "\n"), unit) } else { units(text, unit) };
                let span = source.span(count(&raw[..start]), count(&raw[..end]), unit, over_lf);
                if quote.is_empty() {
                    prop_assert!(span.is_none() || span.is_some_and(|(s, e)| s == e));
                    continue;
                }
                let (s, e) = span.expect("a span inside the text");
                prop_assert_eq!(&source.lf[s..e], quote.as_str(), "{:?} over_lf {}", unit, over_lf);
            }
        }
    }
}

#[test]
fn a_decomposed_qdpx_source_comes_in_composed_with_its_quotes_cut_exactly() {
    // QualCoder on macOS keeps what the file system gave it: decomposed accents. "Zoë" is
    // Z o e U+0308 (4 code points), "Bogotá" ends with a U+0301.
    let text = "Zoe\u{308} visited Bogota\u{301}.\r\nShe rejects NATO membership.";
    let qde = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Diaries" origin="QualCoder 3.5">
<CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Zoë" isCodable="true"/>
  <Code guid="23333333-3333-3333-3333-333333333333" name="Against" isCodable="true"/>
</Codes></CodeBook>
<Sources>
  <TextSource guid="31111111-1111-1111-1111-111111111111" name="diary.txt" plainTextPath="internal://31111111-1111-1111-1111-111111111111.txt">
    <PlainTextSelection guid="41111111-1111-1111-1111-111111111111" name="Zoë visited Bogotá" startPosition="0" endPosition="20">
      <Coding guid="51111111-1111-1111-1111-111111111111"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
      <Coding guid="52222222-2222-2222-2222-222222222222"><CodeRef targetGUID="23333333-3333-3333-3333-333333333333"/></Coding>
    </PlainTextSelection>
  </TextSource>
</Sources>
</Project>"#;
    let bytes = zip_of(&[
        ("project.qde", qde.as_bytes()),
        ("sources/31111111-1111-1111-1111-111111111111.txt", text.as_bytes()),
    ]);
    let map = CodeMap::parse("Zoë,Zoë\nAgainst,NATO membership,0\n").unwrap();
    let (project, report) =
        qdpx::read(&bytes, &ReadOptions { code_map: Some(&map), ..ReadOptions::default() }).unwrap();
    assert_eq!(project.articles[0].text, "Zoë visited Bogotá.\nShe rejects NATO membership.");
    let position = project.positions.iter().next().expect("a position from the codings");
    assert_eq!(position.evidence[0].quote, "Zoë visited Bogotá");
    assert_eq!(project.actors[0].name, "Zoë");
    assert!(!report.imported.iter().any(|line| line.contains("re-counted")), "{report:?}");
}

#[test]
fn a_file_open_read_in_the_background_never_replaces_work_done_meanwhile_and_cancel_changes_nothing() {
    use stancemap::session::{Command, Effect, Session};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.qdpx");
    std::fs::write(&out, qdpx::write(&presets::sample_project()).unwrap().0).unwrap();
    let read_request = |effects: Vec<Effect>| {
        effects
            .into_iter()
            .find_map(|effect| match effect {
                Effect::ReadExchange(request) => Some(request),
                _ => None,
            })
            .expect("the file is read in the background")
    };
    // File → Open: the session only asks for the read; nothing changes yet.
    let mut session = Session::new(Project::default(), None);
    let request = read_request(session.apply(Command::OpenPath(out.clone())));
    assert!(request.open && request.known.is_none());
    assert_eq!(session.project(), &Project::default());
    // While it reads, the analyst adds a coder; the finished read does not throw that away.
    session.apply(Command::AddCoder("Dana".into()));
    let changed = session.project().clone();
    let effects = session.apply(Command::FinishExchangeRead(Box::new(request.run(None))));
    let error = effects.iter().find_map(|e| if let Effect::Error(m) = e { Some(m.clone()) } else { None });
    assert!(error.as_deref().is_some_and(|m| m.contains("changed while the file was read")), "{effects:?}");
    assert_eq!(session.project(), &changed);
    // Cancelled: a notice, nothing else.
    let request =
        read_request(session.apply(Command::SubmitPaths(stancemap::session::PathPurpose::Import, vec![out.clone()])));
    assert!(!request.open && request.known.as_deref() == Some(&changed), "Import matches names against a copy");
    let effects = session.apply(Command::ExchangeReadCancelled(out.clone()));
    assert!(matches!(effects.as_slice(), [Effect::Info(m)] if m.contains("cancelled; nothing changed")), "{effects:?}");
    assert_eq!(session.project(), &changed);
    // A reader told to stop stops with a clear error and reads nothing.
    let progress = stancemap::io::exchange::ReadProgress::default();
    progress.cancel();
    let read = request.run(Some(&progress));
    assert!(read.result.as_ref().is_err_and(|m| m.contains("cancelled")), "{:?}", read.result.map(|_| ()));
    let dna = std::fs::read(fixture("dna/sample.dna")).unwrap();
    let cancelled =
        stancemap::io::exchange::dna::read(&dna, &ReadOptions { progress: Some(&progress), ..ReadOptions::default() });
    assert!(matches!(cancelled, Err(ExchangeError::Cancelled)));
}
