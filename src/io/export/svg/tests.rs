//! The SVG drawers, checked on parsed output: well-formed XML, what text is visible, where dots go.

use quick_xml::events::Event;

use super::map::{PAD as MAP_PAD, X0 as MAP_X0, X1 as MAP_X1, Y0 as MAP_Y0, Y1 as MAP_Y1};
use super::strip::{X0 as ALL_X0, X1 as ALL_X1};
use super::writer::{LABEL_SIZE, fit, text_width};
use super::*;
use crate::figure::{FigurePoint, PointSource, map_figure, mean_rows, strip_figure};
use crate::model::{Actor, Issue, IssueId, Position, Project, Rgb};

/// The all-issues figure of `points` with a caption of the test's choosing.
fn strip(project: &Project, points: &[FigurePoint], title: &str, caption: &str) -> String {
    let mut figure = strip_figure(project, PointSource::Points(points), Some(title));
    caption.clone_into(&mut figure.caption);
    draw_strip(&figure)
}

/// The map of `x` against `y` (both issues of the project) from `points`.
fn map(project: &Project, x: &IssueId, y: &IssueId, points: &[FigurePoint], title: &str, caption: &str) -> String {
    let mut figure = map_figure(project, x, y, PointSource::Points(points), Some(title)).expect("both issues exist");
    caption.clone_into(&mut figure.caption);
    draw_map(&figure)
}

/// An element of a parsed document: its name and attributes (unescaped).
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Element {
    fn get(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str())
    }

    fn number(&self, key: &str) -> f64 {
        self.get(key).and_then(|value| value.parse().ok()).unwrap_or_else(|| panic!("{key} of {self:?}"))
    }
}

/// Parses every event of `svg`, panicking on malformed XML (bad syntax, mismatched or unclosed
/// tags, unknown entities, more than one root); returns the elements and the visible text (the
/// content of `<text>` elements, one per line).
fn parse(svg: &str) -> (Vec<Element>, String) {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut elements, mut text, mut open, mut roots) = (Vec::new(), String::new(), Vec::<String>::new(), 0);
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|error| panic!("not well-formed at {}: {error}\n{svg}", reader.buffer_position()));
        let start = match &event {
            Event::Start(start) | Event::Empty(start) => Some(start),
            _ => None,
        };
        if let Some(start) = start {
            if open.is_empty() {
                roots += 1;
            }
            let attributes = start
                .attributes()
                .map(|attribute| {
                    let attribute = attribute.expect("attribute");
                    let key = String::from_utf8(attribute.key.as_ref().to_vec()).unwrap();
                    (key, attribute.unescape_value().expect("attribute value").into_owned())
                })
                .collect();
            let name = String::from_utf8(start.name().as_ref().to_vec()).unwrap();
            if matches!(event, Event::Start(_)) {
                open.push(name.clone());
            }
            elements.push(Element { name, attributes });
        }
        let visible = open.last().is_some_and(|name| name == "text");
        match event {
            Event::End(_) => {
                let closed = open.pop();
                text.push_str(if closed.as_deref() == Some("text") { "\n" } else { "" });
            }
            Event::Text(content) if visible => text.push_str(&content.decode().unwrap()),
            Event::GeneralRef(reference) => {
                let name = reference.decode().unwrap();
                let resolved = quick_xml::escape::resolve_predefined_entity(&name);
                assert!(resolved.is_some() || reference.is_char_ref(), "unknown entity &{name};");
                if visible {
                    text.push_str(resolved.unwrap_or_default());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    assert_eq!(roots, 1, "one root element");
    (elements, text)
}

fn issue(id: &str, name: &str, scale: (f64, f64), low: &str, high: &str) -> Issue {
    Issue {
        id: id.into(),
        name: name.into(),
        scale_min: scale.0,
        scale_max: scale.1,
        low_label: low.into(),
        high_label: high.into(),
        ..Issue::default()
    }
}

fn actor(id: &str, name: &str, colour: [u8; 3]) -> Actor {
    Actor { id: id.into(), name: name.into(), color: Rgb(colour), ..Actor::default() }
}

fn point(actor: &str, issue: &str, value: f64, spread: Option<(f64, f64)>) -> FigurePoint {
    FigurePoint { actor: actor.into(), issue: issue.into(), value, spread }
}

/// Two issues (0–100 and −5–5) and three actors, the last without points.
fn project() -> Project {
    Project {
        title: "Test".into(),
        actors: vec![
            actor("russia", "Russia", [0xd5, 0x5e, 0x00]),
            actor("us", "United States", [0x00, 0x72, 0xb2]),
            actor("ghost", "Ghost Actor", [0x7f, 0x7f, 0x7f]),
        ],
        issues: vec![
            issue("nato", "NATO membership", (0.0, 100.0), "Rules out membership", "Supports membership"),
            issue("sanctions", "Sanctions", (-5.0, 5.0), "Lift all", "Tighten"),
        ],
        ..Project::default()
    }
}

fn points() -> Vec<FigurePoint> {
    vec![
        point("russia", "nato", 50.0, Some((20.0, 80.0))),
        point("us", "nato", 100.0, None),
        point("russia", "sanctions", 0.0, None),
        point("us", "sanctions", -5.0, Some((-5.0, -1.0))),
    ]
}

/// The circle drawn for `actor` on `issue`.
fn circle<'a>(elements: &'a [Element], actor: &str, issue: &str) -> &'a Element {
    elements
        .iter()
        .find(|e| e.name == "circle" && e.get("data-actor") == Some(actor) && e.get("data-issue") == Some(issue))
        .unwrap_or_else(|| panic!("no circle for {actor} on {issue}"))
}

#[test]
fn all_issues_is_well_formed_and_names_what_it_shows() {
    let svg = strip(&project(), &points(), "Positions", "Mean over 12 articles, 2 coders");
    let (elements, text) = parse(&svg);
    assert_eq!(elements[0].name, "svg");
    assert_eq!(elements[0].get("viewBox"), Some("0 0 800 260"), "120 + 70 × 2 issues");
    assert_eq!(elements[0].get("font-family"), Some("Helvetica, Arial, sans-serif"));
    assert_eq!(elements[1].name, "title", "accessible title first");
    for expected in [
        "Russia",
        "United States",
        "NATO membership",
        "Sanctions",
        "Rules out membership",
        "Tighten",
        "Positions",
        "Mean over 12 articles, 2 coders",
        "0%",
        "50%",
        "100%",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the text:\n{text}");
    }
    assert!(!text.contains("Ghost Actor"), "an actor without points is not in the legend");
    assert_eq!(elements.iter().filter(|e| e.get("class") == Some("point")).count(), 4);
    assert_eq!(elements.iter().filter(|e| e.get("class") == Some("spread")).count(), 2);
    assert_eq!(circle(&elements, "russia", "nato").get("fill"), Some("#d55e00"), "the actor's colour");
    assert!(!svg.contains("href"), "no external resources");
}

#[test]
fn the_middle_of_the_scale_is_the_middle_of_the_plot() {
    let svg = strip(&project(), &points(), "", "");
    let (elements, _) = parse(&svg);
    let middle = circle(&elements, "russia", "nato").number("cx");
    assert_eq!(middle, (ALL_X0 + ALL_X1) / 2.0);
    assert_eq!(middle, 400.0, "the plot is centred in the figure");
    assert_eq!(circle(&elements, "us", "nato").number("cx"), ALL_X1);
    // 0 on a −5…5 scale is its middle too; −5 its left end.
    assert_eq!(circle(&elements, "russia", "sanctions").number("cx"), middle);
    assert_eq!(circle(&elements, "us", "sanctions").number("cx"), ALL_X0);
    // First issue on top.
    assert!(circle(&elements, "russia", "nato").number("cy") < circle(&elements, "russia", "sanctions").number("cy"));
}

#[test]
fn values_off_the_scale_and_unknown_points_stay_out_of_the_frame() {
    let mut points = points();
    points.push(point("russia", "nato", f64::NAN, None));
    points[0].value = 250.0;
    points.push(point("nobody", "nato", 10.0, None));
    points.push(point("us", "no-such-issue", 10.0, None));
    let (elements, _) = parse(&strip(&project(), &points, "", ""));
    assert_eq!(circle(&elements, "russia", "nato").number("cx"), ALL_X1, "clamped to the high pole");
    assert_eq!(elements.iter().filter(|e| e.get("class") == Some("point")).count(), 4);
}

#[test]
fn map_is_well_formed_with_issue_scales_and_labels() {
    let project = project();
    let svg = map(&project, &"sanctions".into(), &"nato".into(), &points(), "Map", "Caption");
    let (elements, text) = parse(&svg);
    assert_eq!(elements[0].get("viewBox"), Some("0 0 640 640"));
    for expected in [
        "Russia",
        "United States",
        "Sanctions (Lift all … Tighten)",
        "NATO membership (Rules out membership … Supports membership)",
        "-5",
        "-2.5",
        "5",
        "Map",
        "Caption",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the text:\n{text}");
    }
    assert!(!text.contains("Ghost Actor"));
    let russia = circle(&elements, "russia", "sanctions");
    assert_eq!(russia.number("cx"), (MAP_X0 + MAP_X1) / 2.0, "0 on −5…5");
    assert_eq!(russia.number("cy"), (MAP_Y0 + MAP_Y1) / 2.0, "50 on 0–100");
    let us = circle(&elements, "us", "sanctions");
    assert_eq!((us.number("cx"), us.number("cy")), (MAP_X0, MAP_Y0), "−5, 100: top left");
    // Russia has a spread on the y issue, the US on the x issue.
    assert_eq!(elements.iter().filter(|e| e.get("class") == Some("spread")).count(), 2);
}

#[test]
fn map_labels_stay_inside_the_frame() {
    let project = project();
    let points = vec![point("russia", "nato", 100.0, None), point("russia", "sanctions", 5.0, None)];
    let svg = map(&project, &"sanctions".into(), &"nato".into(), &points, "", "");
    let (elements, _) = parse(&svg);
    let label = elements.iter().find(|e| e.get("class") == Some("label")).expect("a label");
    assert_eq!(label.get("data-actor"), Some("russia"));
    // The dot is in the top right corner: the label goes left of it, and not above it.
    assert_eq!(label.get("text-anchor"), Some("end"));
    assert!(label.number("x") < MAP_X1);
    assert!(label.number("y") > MAP_Y0 - MAP_PAD + LABEL_SIZE);
}

#[test]
fn map_labels_of_neighbours_do_not_overlap() {
    let project = project();
    let points = vec![
        point("russia", "nato", 50.0, None),
        point("russia", "sanctions", 0.0, None),
        point("us", "nato", 50.0, None),
        point("us", "sanctions", 0.0, None),
    ];
    let (elements, _) = parse(&map(&project, &"sanctions".into(), &"nato".into(), &points, "", ""));
    let labels: Vec<&Element> = elements.iter().filter(|e| e.get("class") == Some("label")).collect();
    assert_eq!(labels.len(), 2);
    let place = |e: &Element| (e.get("text-anchor").map(str::to_owned), e.number("x"), e.number("y"));
    assert_ne!(place(labels[0]), place(labels[1]), "the second label moves elsewhere");
}

#[test]
fn user_text_is_escaped() {
    assert_eq!(escape("<&>\"'"), "&lt;&amp;&gt;&quot;&apos;");
    assert_eq!(escape("a\u{0}b\u{7}c\td\ne"), "abc d e", "control characters are dropped");
    assert_eq!(escape("Ukraine — “no” 北约"), "Ukraine — “no” 北约");

    let mut project = project();
    project.actors[0].name = "<Russia & \"friends\">".into();
    project.actors[0].id = "r&d'".into();
    project.issues[0].name = "</text><script>alert('x')</script>".into();
    project.issues[0].low_label = "a < b\u{1}".into();
    let points: Vec<FigurePoint> = points()
        .into_iter()
        .map(|mut point| {
            if point.actor.as_str() == "russia" {
                point.actor = "r&d'".into();
            }
            point
        })
        .collect();
    let title = "T <&>\"'";
    for svg in [
        strip(&project, &points, title, "c & d"),
        map(&project, &"nato".into(), &"sanctions".into(), &points, title, "c & d"),
    ] {
        let (elements, text) = parse(&svg);
        assert!(text.contains("<Russia & \"friends\">"), "{text}");
        assert!(text.contains("T <&>\"'"), "{text}");
        assert!(!elements.iter().any(|e| e.name == "script"));
        assert!(elements.iter().any(|e| e.get("data-actor") == Some("r&d'")));
    }
}

#[test]
fn output_is_deterministic_and_compact() {
    let first = strip(&project(), &points(), "T", "C");
    assert_eq!(first, strip(&project(), &points(), "T", "C"));
    let first_map = map(&project(), &"nato".into(), &"sanctions".into(), &points(), "T", "C");
    assert_eq!(first_map, map(&project(), &"nato".into(), &"sanctions".into(), &points(), "T", "C"));
    // Thirds of the scale would give long decimals if unrounded.
    let points = vec![point("russia", "nato", 100.0 / 3.0, Some((10.0 / 3.0, 200.0 / 3.0)))];
    for svg in [strip(&project(), &points, "", ""), map(&project(), &"nato".into(), &"nato".into(), &points, "", "")] {
        let bytes = svg.as_bytes();
        let long = bytes.windows(4).any(|w| w[0] == b'.' && w[1..].iter().all(u8::is_ascii_digit));
        assert!(!long, "a number with more than two decimals:\n{svg}");
    }
}

#[test]
fn long_labels_are_shortened_and_legends_wrap() {
    let mut project = project();
    project.issues[0].low_label = "A very long description of the low pole ".repeat(4);
    project.title = "x".repeat(500);
    for index in 0..12 {
        project.actors.push(actor(&format!("a{index}"), &format!("Actor number {index} with a long name"), [0; 3]));
    }
    let mut points = points();
    points.extend((0..12).map(|index| point(&format!("a{index}"), "nato", f64::from(index) * 8.0, None)));
    let svg = strip(&project, &points, &project.title, "");
    let (elements, text) = parse(&svg);
    let low = text.lines().find(|line| line.starts_with("A very long")).expect("the low pole label");
    assert!(low.ends_with('…') && low.len() < project.issues[0].low_label.len(), "{low}");
    assert!(text_width(low, LABEL_SIZE, false) <= (ALL_X1 - ALL_X0) / 2.0 - 8.0, "{low}");
    assert!(!text.contains(&"x".repeat(200)));
    let height = elements[0].number("height");
    assert!(height > 260.0, "extra legend lines make the figure taller: {height}");
    assert!(text.contains("Actor number 11 with a long name"));
    assert_eq!(fit("  short ", LABEL_SIZE, false, 100.0), "short");
    assert_eq!(fit("abc", LABEL_SIZE, false, 1.0), "…");
}

/// Means over all articles and coders come from the aggregate, with their min–max spread and a
/// caption that says what was averaged.
#[test]
fn means_and_their_caption_come_from_the_aggregate() {
    let mut project = project();
    for (article, coder, value) in [(Some("a1"), "ann", 20.0), (Some("a2"), "bob", 40.0), (None, "ann", 30.0)] {
        project.positions.insert(Position {
            actor: "russia".into(),
            issue: "nato".into(),
            article: article.map(Into::into),
            coder: coder.into(),
            value,
            ..Position::default()
        });
    }
    project.positions.insert(Position {
        actor: "us".into(),
        issue: "sanctions".into(),
        article: Some("a1".into()),
        coder: "ann".into(),
        value: 2.0,
        ..Position::default()
    });
    let rows = mean_rows(&project);
    let summary: Vec<(String, String, f64, f64, f64)> =
        rows.iter().map(|r| (r.actor.to_string(), r.issue.to_string(), r.mean, r.min, r.max)).collect();
    assert_eq!(
        summary,
        vec![("russia".into(), "nato".into(), 30.0, 20.0, 40.0), ("us".into(), "sanctions".into(), 2.0, 2.0, 2.0)]
    );
    assert_eq!(
        crate::figure::means_caption(&project, &rows),
        "Mean position over 2 articles and 2 coders, with overall judgements; bars show the range (min–max)"
    );
    assert_eq!(crate::figure::means_caption(&Project::default(), &[]), "Mean position over 0 articles and 0 coders");
    let figure = strip_figure(&project, PointSource::Means(&rows), Some("Means"));
    let (_, text) = parse(&draw_strip(&figure));
    assert!(text.contains("Mean position over 2 articles and 2 coders"));
}

#[test]
fn empty_inputs_still_give_a_figure() {
    let (_, text) = parse(&strip(&Project::default(), &[], "", ""));
    assert!(text.contains("No issues to plot"));
    let (_, text) = parse(&map(&project(), &"nato".into(), &"sanctions".into(), &[], "", ""));
    assert!(text.contains("No actor has positions on both issues"));
    assert!(map_figure(&project(), &"nato".into(), &"missing".into(), PointSource::Points(&[]), None).is_none());
}

/// The heatmap's diagonal (an actor and itself, 0 apart) has the key's colour of 0, not the white
/// the key gives to "opposite poles"; a pair with no issue in common is a separate, keyed kind.
#[test]
fn the_distance_diagonal_has_the_colour_of_zero() {
    let mut project = project();
    project.issues.push(issue("aid", "Aid", (0.0, 100.0), "None", "All"));
    // Ghost is coded on Aid only, where nobody else is: it shares no issue with the others.
    let mut points = points();
    points.push(point("ghost", "aid", 50.0, None));
    let figure =
        crate::figure::distance_figure(&project, PointSource::Points(&points), &[], &|_| true, Some("Distances"));
    assert_eq!(figure.actors.len(), 3);
    let (elements, text) = parse(&draw_distance_at(&figure, 800.0));
    let fill = |colour: [u8; 3]| format!("#{:02x}{:02x}{:02x}", colour[0], colour[1], colour[2]);
    let zero = fill(cell_colour(0.0));
    let diagonal: Vec<&Element> = elements.iter().filter(|e| e.get("class") == Some("diagonal")).collect();
    assert_eq!(diagonal.len(), 3, "one diagonal cell per actor");
    for cell in diagonal {
        assert_eq!(cell.get("fill"), Some(zero.as_str()), "the diagonal is the colour of 0");
    }
    let far = fill(cell_colour(100.0));
    assert_ne!(zero, far);
    let no_common = elements.iter().filter(|e| e.get("class") == Some("no-common-issue")).count();
    assert_eq!(no_common, 4, "ghost's row and column against the two others");
    assert!(text.contains("no issue in common"), "the key names the empty cells");
    assert!(text.contains("same place") && text.contains("opposite poles"));
}
