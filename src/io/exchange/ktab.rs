//! KTAB / expected-utility scenario CSVs (KAPSARC's Spatial Model of Politics, "SMP" layout).
//!
//! Line 1: `scenario,description,nActors,nDims`; line 2: `Actor,Description,Power,Pstn1,Sal1,…`
//! (the dimension columns may carry names, "Policy Position,Policy Salience"); then one row per
//! actor. Lines may end in a trailing comma. Positions and saliences are on 0–100.
//!
//! Reading: one issue per dimension on 0–100 (named from its column), one actor per row (existing
//! actors matched by name or alias), positions as overall judgements of the coder "KTAB", Power →
//! capability rescaled so the strongest actor has 100. Writing: that layout from the project's
//! mean overall judgement (else mean of all its positions) per actor and issue, positions rescaled
//! to 0–100, an actor's saliences scaled so they sum to at most 100, names cut to 25 characters and
//! commas removed — with a note for every change.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{ExchangeError, ExportReport, ImportReport, ReadOptions};
use crate::model::{Actor, Coder, CoderId, Confidence, Issue, Position, PositionKey, Project};

/// Longest actor name KTAB accepts.
const MAX_NAME: usize = 25;

/// The cells of one CSV line, trimmed, without the trailing empty cell a final comma makes.
fn cells(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line.as_bytes());
    let mut out: Vec<String> = match reader.records().next() {
        Some(Ok(record)) => record.iter().map(|cell| cell.trim().to_owned()).collect(),
        _ => line.split(',').map(|cell| cell.trim().to_owned()).collect(),
    };
    while out.last().is_some_and(|cell| cell.is_empty()) {
        out.pop();
    }
    out
}

/// True when the file starts like a KTAB SMP scenario: line 1 ends in two counts, line 2 starts
/// with `Actor,Description`.
pub fn looks_like_ktab(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}');
    let mut lines = head.lines();
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else { return false };
    let first = cells(first);
    let second = cells(second);
    first.len() >= 4
        && first[2].parse::<usize>().is_ok()
        && first[3].parse::<usize>().is_ok()
        && second.len() >= 3
        && second[0].eq_ignore_ascii_case("actor")
        && second[1].eq_ignore_ascii_case("description")
}

/// The issue name a dimension's position column gives ("Policy Position" → "Policy"; "Pstn1" →
/// "Dimension 1").
fn dimension_name(header: &str, number: usize) -> String {
    let lower = header.to_lowercase();
    let stripped = ["position", "pstn", "pos"]
        .iter()
        .find_map(|suffix| lower.ends_with(suffix).then(|| header.get(..header.len().saturating_sub(suffix.len()))))
        .flatten()
        .map_or(header.trim(), str::trim);
    if stripped.is_empty() || stripped.chars().all(|c| c.is_ascii_digit()) || lower.starts_with("pstn") {
        format!("Dimension {number}")
    } else {
        stripped.to_owned()
    }
}

fn number(cell: Option<&String>, line: usize, what: &str) -> Result<f64, ExchangeError> {
    let text = cell.map(String::as_str).unwrap_or_default();
    text.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .ok_or_else(|| ExchangeError::Ktab { line, reason: format!("{what} {text:?} is not a number") })
}

/// Reads a KTAB scenario into a new project.
pub fn read(bytes: &[u8], options: &ReadOptions<'_>) -> Result<(Project, ImportReport), ExchangeError> {
    options.check_cancelled()?;
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut lines =
        text.lines().enumerate().map(|(index, line)| (index + 1, line)).filter(|(_, l)| !l.trim().is_empty());
    let (_, first) = lines.next().ok_or(ExchangeError::Ktab { line: 1, reason: "the file is empty".into() })?;
    let first = cells(first);
    if first.len() < 4 {
        return Err(ExchangeError::Ktab { line: 1, reason: "expected scenario,description,nActors,nDims".into() });
    }
    let actors_declared = first[2]
        .parse::<usize>()
        .map_err(|_| ExchangeError::Ktab { line: 1, reason: format!("nActors {:?} is not a count", first[2]) })?;
    let dimensions = first[3].parse::<usize>().ok().filter(|&n| (1..=1000).contains(&n)).ok_or_else(|| {
        ExchangeError::Ktab { line: 1, reason: format!("nDims {:?} is not a count from 1", first[3]) }
    })?;
    let (header_line, header) =
        lines.next().ok_or(ExchangeError::Ktab { line: 2, reason: "the header is missing".into() })?;
    let header = cells(header);
    if header.len() < 3 + 2 * dimensions {
        return Err(ExchangeError::Ktab {
            line: header_line,
            reason: format!("{} columns, but {dimensions} dimensions need {}", header.len(), 3 + 2 * dimensions),
        });
    }
    let mut project = Project { title: first[0].clone(), description: first[1].clone(), ..Project::default() };
    let coder = CoderId::from("ktab");
    project.coders.push(Coder { id: coder.clone(), name: "KTAB scenario".into() });
    for dimension in 0..dimensions {
        let name = dimension_name(&header[3 + 2 * dimension], dimension + 1);
        let issue = match options.known.and_then(|known| known.find_issue_by_name(&name)) {
            Some(existing) => existing.clone(),
            None => Issue { id: project.new_issue_id(&name), name, ..Issue::default() },
        };
        if project.issue(&issue.id).is_some() {
            return Err(ExchangeError::Ktab {
                line: header_line,
                reason: format!("dimension {:?} appears twice", issue.name),
            });
        }
        project.issues.push(issue);
    }
    let mut rows = Vec::new();
    for (line, row) in lines {
        let row = cells(row);
        if row.len() < 3 + 2 * dimensions {
            return Err(ExchangeError::Ktab {
                line,
                reason: format!("{} cells, but {dimensions} dimensions need {}", row.len(), 3 + 2 * dimensions),
            });
        }
        let power = number(row.get(2), line, "Power")?;
        let mut values = Vec::with_capacity(dimensions);
        for dimension in 0..dimensions {
            let position = number(row.get(3 + 2 * dimension), line, "position")?;
            let salience = number(row.get(4 + 2 * dimension), line, "salience")?;
            values.push((position, salience));
        }
        rows.push((line, row, power, values));
    }
    if rows.is_empty() {
        return Err(ExchangeError::Ktab { line: 3, reason: "no actor rows".into() });
    }
    let max_power = rows.iter().map(|(_, _, power, _)| *power).fold(0.0_f64, f64::max);
    let mut report = ImportReport { format: "KTAB scenario CSV".into(), producer: "KTAB".into(), ..Default::default() };
    if rows.len() != actors_declared {
        report.left_out.push(format!("line 1 declares {actors_declared} actors, the file has {}", rows.len()));
    }
    let descriptions: Vec<&str> = rows.iter().map(|(_, row, _, _)| row[1].as_str()).collect();
    let mut clamped = 0;
    for (line, row, power, values) in &rows {
        let name = row[0].clone();
        if name.is_empty() {
            return Err(ExchangeError::Ktab { line: *line, reason: "the actor name is empty".into() });
        }
        let description = row[1].clone();
        let unique_description =
            !description.is_empty() && descriptions.iter().filter(|d| **d == description).count() == 1;
        let capability = if max_power > 0.0 { (power / max_power * 100.0).clamp(0.0, 100.0) } else { 50.0 };
        let known = options
            .known
            .and_then(|known| known.find_actor_by_name(&name).or_else(|| known.find_actor_by_name(&description)));
        let mut actor = match known {
            Some(existing) => existing.clone(),
            None => Actor {
                id: project.new_actor_id(&name),
                name: name.clone(),
                aliases: if unique_description && description != name { vec![description.clone()] } else { vec![] },
                color: crate::model::ACTOR_PALETTE[project.actors.len() % crate::model::ACTOR_PALETTE.len()],
                kind: crate::model::ActorKind::Other,
                ..Actor::default()
            },
        };
        actor.capability = capability;
        if project.actor(&actor.id).is_some() {
            return Err(ExchangeError::Ktab { line: *line, reason: format!("actor {name:?} appears twice") });
        }
        for (issue, (position, salience)) in project.issues.clone().iter().zip(values) {
            let value = issue.clamp(*position);
            if value != *position {
                clamped += 1;
            }
            let key =
                PositionKey { issue: issue.id.clone(), actor: actor.id.clone(), article: None, coder: coder.clone() };
            let mut position = Position::new(&key, value);
            position.salience = salience.clamp(0.0, 100.0);
            position.confidence = Confidence::Medium;
            position.updated = crate::model::now_rfc3339().into();
            project.positions.insert(position);
        }
        project.actors.push(actor);
    }
    if clamped > 0 {
        report.left_out.push(format!("{clamped} positions outside 0–100 clamped onto the scale"));
    }
    use crate::model::wording::count;
    report.imported = vec![
        count(project.actors.len(), "actor", "actors"),
        count(project.issues.len(), "issue", "issues"),
        format!(
            "{} (overall judgements of the coder \"KTAB scenario\")",
            count(project.positions.len(), "position", "positions")
        ),
    ];
    Ok((project, report))
}

/// Writes the project as a KTAB scenario.
pub fn write(project: &Project) -> Result<(Vec<u8>, ExportReport), ExchangeError> {
    let mut report = ExportReport::default();
    let issues: Vec<&Issue> =
        project.issues.iter().filter(|issue| project.positions.on_issue(&issue.id).next().is_some()).collect();
    if issues.is_empty() {
        return Err(ExchangeError::Nothing("the project has no coded positions for a KTAB scenario".into()));
    }
    // Each actor's value and salience per issue: the mean of its overall judgements, else of all
    // its positions (from articles).
    let mean = |actor: &Actor, issue: &Issue| -> Option<(f64, f64)> {
        let of = |overall: bool| {
            let positions: Vec<&Position> = project
                .positions
                .on_issue(&issue.id)
                .filter(|p| p.actor == actor.id && (!overall || p.article.is_none()))
                .collect();
            (!positions.is_empty()).then(|| {
                let n = positions.len() as f64;
                (
                    positions.iter().map(|p| p.value).sum::<f64>() / n,
                    positions.iter().map(|p| p.salience).sum::<f64>() / n,
                )
            })
        };
        of(true).or_else(|| of(false))
    };
    let actors: Vec<&Actor> =
        project.actors.iter().filter(|actor| issues.iter().any(|issue| mean(actor, issue).is_some())).collect();
    let mut out = String::new();
    let clean = |text: &str| text.replace([',', '\n', '\r', '"'], " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if project.title.trim().is_empty() { "StanceMap".to_owned() } else { clean(&project.title) };
    let description = if project.description.trim().is_empty() {
        "Exported from StanceMap".to_owned()
    } else {
        clean(&project.description)
    };
    let _ = writeln!(out, "{title},{description},{},{},", actors.len(), issues.len());
    out.push_str("Actor,Description,Power");
    for issue in &issues {
        let name = clean(&issue.name);
        let _ = write!(out, ",{name} Position,{name} Salience");
    }
    out.push_str(",\n");
    let (mut renamed, mut missing, mut salience_scaled) = (0, 0, 0);
    let mut names_used = HashSet::new();
    for actor in &actors {
        let mut name: String = clean(&actor.name);
        if name.chars().count() > MAX_NAME || name != actor.name {
            renamed += 1;
        }
        name = name.chars().take(MAX_NAME).collect::<String>().trim().to_owned();
        let base = name.clone();
        let mut n = 2;
        while !names_used.insert(name.to_lowercase()) {
            let suffix = format!("-{n}");
            name = format!("{}{suffix}", base.chars().take(MAX_NAME - suffix.len()).collect::<String>());
            n += 1;
        }
        let description = actor.aliases.first().map_or_else(|| clean(&actor.name), |alias| clean(alias));
        let mut cells = Vec::new();
        for issue in &issues {
            match mean(actor, issue) {
                Some((value, salience)) => {
                    let (low, _) = issue.bounds();
                    let scaled = (value - low) / issue.span() * 100.0;
                    cells.push((scaled, salience.max(0.0)));
                }
                None => {
                    missing += 1;
                    cells.push((50.0, 0.0));
                }
            }
        }
        let total: f64 = cells.iter().map(|(_, salience)| salience).sum();
        if total > 100.0 {
            salience_scaled += 1;
            for cell in &mut cells {
                cell.1 *= 100.0 / total;
            }
        }
        let _ = write!(out, "{name},{description},{}", round(actor.capability.max(0.0)));
        for (value, salience) in cells {
            let _ = write!(out, ",{},{}", round(value), round(salience));
        }
        out.push_str(",\n");
    }
    let rescaled = issues.iter().filter(|issue| issue.bounds() != (0.0, 100.0)).count();
    let notes = [
        (renamed, "actor names cut to 25 characters or stripped of commas and quotes"),
        (rescaled, "issues rescaled from their own scale to 0–100"),
        (salience_scaled, "actors' saliences scaled down to sum to 100"),
        (missing, "actor × issue cells without a position written as 50 with salience 0"),
    ];
    report.note_counts(&notes);
    report.notes.push("evidence quotes, articles, coders and confidence are not part of a KTAB scenario".into());
    Ok((out.into_bytes(), report))
}

/// A number with at most three decimals, as KTAB's examples write them.
fn round(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMP: &str = "China Policy/Competitive; scen 2,Scenario-0002;Combined, 3, 2, \n\
Actor,Description,Influence,Policy Position,Policy Salience,Competitive Position,Competitive Salience, \n\
XJ,Xi Jinping,                            100.0,30,24.0,20,48.0, \n\
LK,Li Keqiang,                             60.2,45,44.7,65,41.3, \n\
ZG,Zhang Gaoli,                            35.0,30,28.9,15,65.1, \n";

    #[test]
    fn reads_the_smp_layout() {
        assert!(looks_like_ktab(SMP.as_bytes()));
        assert!(!looks_like_ktab(b"actor,issue,position\nRussia,NATO,10\n"));
        let (project, report) = read(SMP.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(project.issues.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Policy", "Competitive"]);
        assert_eq!(project.actors.len(), 3);
        assert_eq!(project.actors[0].aliases, ["Xi Jinping"]);
        assert_eq!(project.actors[0].capability, 100.0);
        assert!((project.actors[1].capability - 60.2).abs() < 1e-9);
        assert_eq!(project.positions.len(), 6);
        assert!(project.positions.iter().all(|p| p.article.is_none()));
        assert!(report.left_out.is_empty(), "{report:?}");
    }

    #[test]
    fn matches_existing_actors_by_alias() {
        let mut known = Project::default();
        known.actors.push(Actor {
            id: "xi".into(),
            name: "China".into(),
            aliases: vec!["Xi Jinping".into()],
            ..Actor::default()
        });
        let (project, _) = read(SMP.as_bytes(), &ReadOptions { known: Some(&known), ..Default::default() }).unwrap();
        assert_eq!(project.actors[0].id.as_str(), "xi");
    }

    #[test]
    fn refuses_bad_rows_with_their_line() {
        let bad = SMP.replace("60.2,45", "60.2,forty");
        let error = read(bad.as_bytes(), &ReadOptions::default()).unwrap_err().to_string();
        assert!(error.starts_with("line 4:"), "{error}");
        assert!(read(b"", &ReadOptions::default()).is_err());
        assert!(read(b"a,b,c,x\n", &ReadOptions::default()).is_err());
    }

    #[test]
    fn writes_what_it_reads_and_says_what_it_changed() {
        let (mut project, _) = read(SMP.as_bytes(), &ReadOptions::default()).unwrap();
        project.actors[0].name = "An actor, with a comma and a long name".into();
        let (bytes, report) = write(&project).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(looks_like_ktab(text.as_bytes()), "{text}");
        assert!(report.notes.iter().any(|n| n.contains("25 characters")), "{report:?}");
        let (again, _) = read(text.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(again.actors.len(), 3);
        assert_eq!(again.actors[0].name.chars().count(), 25);
        let values = |p: &Project| p.positions.iter().map(|p| (p.value * 1000.0).round()).collect::<Vec<_>>();
        assert_eq!(values(&again).len(), values(&project).len());
        let mut a = values(&again);
        let mut b = values(&project);
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        assert_eq!(a, b);
    }
}
