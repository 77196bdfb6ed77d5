//! REFI-QDA projects (`.qdpx`, standard 1.0/1.5, namespace `urn:QDA-XML:project:1.0`): QualCoder,
//! MAXQDA, NVivo and ATLAS.ti read and write them.
//!
//! **Writing.** A ZIP with `project.qde` (valid against `Project.xsd`: nothing from another
//! namespace), `sources/<GUID>.txt` per article (UTF-8, no BOM) and `stancemap.json`, a lossless
//! copy of the project with the SHA-256 of `project.qde`, which other tools ignore. GUIDs are
//! derived from (project title, kind, id), so two exports of one project carry the same GUIDs.
//! Users are coders; the code book has a folder "Actors" with a code per actor and a folder per
//! issue with three pole codes (lower, middle, upper third). Each evidence quote is a
//! `PlainTextSelection` in code points over the LF text, coded with the actor's and the pole's
//! code, whose description ends in a tag line `stancemap:{json}` with the exact value, salience,
//! confidence, note and ids; a position without a quote covers its whole article, marked so.
//! Overall judgements go into one note per coder. Codes, sources and users carry tag lines too.
//!
//! **Reading.** Lenient as real files demand (any `*.qde`, `sources/` or `Sources/`, paths with or
//! without `internal://`, missing source files reported, BOM, CRLF). Our own export whose hash
//! matches comes back exactly from `stancemap.json`; one edited elsewhere comes back from its tag
//! lines, and a new selection carrying an actor code and a pole code becomes a position in the
//! middle of the pole's third, low confidence, its note asking for review. Other tools' projects:
//! sources → articles, users → coders, codes mapped by the user's [`CodeMap`] or by matching an
//! actor's name or alias; a selection (or overlapping selections) carrying a mapped actor and a
//! mapped pole becomes a position with that span as evidence. Offsets are code points, except for
//! NVivo (UTF-16 code units over the CRLF text); a selection whose stored name disagrees with the
//! text at its offsets is tried in the other counts before it is given up.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::offsets::{SourceText, Unit, code_points_at};
use super::xml::{self, Element, escape};
use super::zipread::Archive;
use super::{CodeSummary, CodeTarget, ExchangeError, ExportReport, ImportReport, ReadOptions};
use crate::model::wording::count;
use crate::model::{
    Actor, ActorId, Article, ArticleId, Coder, CoderId, Confidence, Evidence, Issue, IssueId, Position, Project,
};

/// The lossless copy's name at the archive root.
const COPY_NAME: &str = "stancemap.json";
/// The prefix of a tag line.
const TAG: &str = "stancemap:";
/// The namespace of REFI-QDA projects.
const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

// ---------------------------------------------------------------------------------------------
// Tags: what StanceMap writes into descriptions so an edited export comes back.

/// The third of an issue's scale a pole code stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Third {
    Low,
    Middle,
    High,
}

impl Third {
    const ALL: [Third; 3] = [Third::Low, Third::Middle, Third::High];

    fn of(issue: &Issue, value: f64) -> Self {
        let (low, _) = issue.bounds();
        let share = (value - low) / issue.span();
        if share < 1.0 / 3.0 {
            Self::Low
        } else if share <= 2.0 / 3.0 {
            Self::Middle
        } else {
            Self::High
        }
    }

    /// The middle of this third of the issue's scale.
    fn centre(self, issue: &Issue) -> f64 {
        let (low, _) = issue.bounds();
        low + issue.span()
            * match self {
                Self::Low => 1.0 / 6.0,
                Self::Middle => 0.5,
                Self::High => 5.0 / 6.0,
            }
    }

    fn key(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Middle => "middle",
            Self::High => "high",
        }
    }
}

/// A position as its selection's tag line carries it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct PositionTag {
    actor: ActorId,
    issue: IssueId,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<ArticleId>,
    coder: CoderId,
    value: f64,
    salience: f64,
    confidence: Confidence,
    #[serde(skip_serializing_if = "String::is_empty")]
    note: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    updated: String,
    /// Which quote of the position this selection is (0-based).
    evidence: usize,
    /// True for a position without a quote, exported as a selection over the whole article.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    whole_article: bool,
}

/// Every kind of tag line.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tag {
    Actor(Actor),
    Issue(Issue),
    Pole { issue: IssueId, third: Third },
    Article(Article),
    Position(PositionTag),
    Project { title: String, description: String },
}

fn tag_line(tag: &Tag) -> String {
    format!("{TAG}{}", serde_json::to_string(tag).unwrap_or_default())
}

/// The tag lines in a description, in order (lines that do not parse are skipped).
fn tags_in(description: &str) -> Vec<Tag> {
    description
        .lines()
        .filter_map(|line| line.trim().strip_prefix(TAG))
        .filter_map(|json| serde_json::from_str(json).ok())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Writing.

/// Deterministic GUIDs from (project, kind, id).
struct Guids {
    project: String,
}

impl Guids {
    fn of(&self, kind: &str, id: &str) -> String {
        let mut hash = Sha256::new();
        for part in ["stancemap-qdpx", &self.project, kind, id] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let mut bytes: [u8; 16] = hash.finalize()[..16].try_into().unwrap_or([0; 16]);
        bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5 (name-based)
        bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
    }
}

/// Names made unique project-wide, as QualCoder merges codes of the same name.
#[derive(Default)]
struct UniqueNames {
    used: HashSet<String>,
    renamed: usize,
}

impl UniqueNames {
    fn take(&mut self, wanted: &str, fallback: &str) -> String {
        let base = if wanted.trim().is_empty() { fallback.to_owned() } else { wanted.trim().to_owned() };
        let mut name = base.clone();
        let mut n = 2;
        while !self.used.insert(name.to_lowercase()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        if n > 2 {
            self.renamed += 1;
        }
        name
    }
}

/// `text` as an `xsd:dateTime` (seconds, UTC), if it is an RFC 3339 time.
fn date_time(text: &str) -> Option<String> {
    let time = humantime::parse_rfc3339_weak(text.trim()).ok()?;
    Some(humantime::format_rfc3339_seconds(time).to_string())
}

/// The SHA-256 of `bytes` in lowercase hex.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The wrapper of the lossless copy.
#[derive(Deserialize)]
struct LosslessCopy {
    project_qde_sha256: String,
    project: serde_json::Value,
}

/// Writes the project as a REFI-QDA project.
pub fn write(project: &Project) -> Result<(Vec<u8>, ExportReport), ExchangeError> {
    let mut report = ExportReport::default();
    let qde = project_qde(project, &mut report);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let write_error = |error: &dyn std::fmt::Display| ExchangeError::Write(error.to_string());
    zip.start_file("project.qde", options).map_err(|e| write_error(&e))?;
    zip.write_all(qde.as_bytes()).map_err(|e| write_error(&e))?;
    let guids = Guids { project: project.title.clone() };
    for article in &project.articles {
        zip.start_file(format!("sources/{}.txt", guids.of("article", article.id.as_str())), options)
            .map_err(|e| write_error(&e))?;
        zip.write_all(article.text.as_bytes()).map_err(|e| write_error(&e))?;
    }
    let copy = format!(
        "{{\"project_qde_sha256\": \"{}\",\n\"project\": {}}}\n",
        sha256_hex(qde.as_bytes()),
        crate::io::project_file::project_to_json(project).trim_end()
    );
    zip.start_file(COPY_NAME, options).map_err(|e| write_error(&e))?;
    zip.write_all(copy.as_bytes()).map_err(|e| write_error(&e))?;
    let bytes = zip.finish().map_err(|e| write_error(&e))?.into_inner();
    Ok((bytes, report))
}

/// A time for everything the export stamps: the latest position's, else a fixed one.
fn fallback_time(project: &Project) -> String {
    project
        .positions
        .iter()
        .filter_map(|position| date_time(&position.updated))
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_owned())
}

/// The `project.qde` document.
fn project_qde(project: &Project, report: &mut ExportReport) -> String {
    let guids = Guids { project: project.title.clone() };
    let now = fallback_time(project);
    let mut names = UniqueNames::default();
    let mut out = String::with_capacity(4096 + project.positions.len() * 600);
    let title = if project.title.trim().is_empty() { "StanceMap project" } else { project.title.as_str() };
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{NAMESPACE}\" name=\"{}\" origin=\"StanceMap {}\" creationDateTime=\"{now}\" modifiedDateTime=\"{now}\">\n",
        escape(title, true),
        env!("CARGO_PKG_VERSION")
    );
    let coder_guid = |coder: &CoderId| guids.of("coder", coder.as_str());
    let known_coders: HashSet<&CoderId> = project.coders.iter().map(|coder| &coder.id).collect();
    // Users.
    if !project.coders.is_empty() {
        out.push_str("<Users>\n");
        for coder in &project.coders {
            let name = if coder.name.trim().is_empty() { coder.id.as_str() } else { coder.name.as_str() };
            let _ = writeln!(
                out,
                "<User guid=\"{}\" name=\"{}\" id=\"{}\"/>",
                coder_guid(&coder.id),
                escape(name, true),
                escape(coder.id.as_str(), true)
            );
        }
        out.push_str("</Users>\n");
    }
    // Code book: actors, then one folder per issue with its three poles.
    let mut actor_code: HashMap<&ActorId, String> = HashMap::new();
    let mut pole_code: HashMap<(&IssueId, Third), String> = HashMap::new();
    if !project.actors.is_empty() || !project.issues.is_empty() {
        out.push_str("<CodeBook>\n<Codes>\n");
        if !project.actors.is_empty() {
            let _ = writeln!(
                out,
                "<Code guid=\"{}\" name=\"{}\" isCodable=\"false\">\n<Description>Actors coded in StanceMap, one code each</Description>",
                guids.of("folder", "actors"),
                escape(&names.take("Actors", "Actors"), true)
            );
            for actor in &project.actors {
                let guid = guids.of("actor", actor.id.as_str());
                let mut description = String::new();
                if !actor.aliases.is_empty() {
                    let _ = writeln!(description, "Also called: {}", actor.aliases.join(", "));
                }
                let _ = write!(
                    description,
                    "{}, capability {}\n{}",
                    actor.kind.label(),
                    actor.capability,
                    tag_line(&Tag::Actor(actor.clone()))
                );
                let _ = writeln!(
                    out,
                    "<Code guid=\"{guid}\" name=\"{}\" isCodable=\"true\" color=\"{}\">\n<Description>{}</Description>\n</Code>",
                    escape(&names.take(&actor.name, actor.id.as_str()), true),
                    actor.color.to_hex().to_uppercase(),
                    escape(&description, false)
                );
                actor_code.insert(&actor.id, guid);
            }
            out.push_str("</Code>\n");
        }
        for issue in &project.issues {
            let (low, high) = issue.bounds();
            let mut description = String::new();
            if !issue.description.trim().is_empty() {
                let _ = writeln!(description, "{}", issue.description.trim());
            }
            let _ = write!(
                description,
                "Scale: {low} ({}) to {high} ({})\n{}",
                if issue.low_label.is_empty() { "low" } else { &issue.low_label },
                if issue.high_label.is_empty() { "high" } else { &issue.high_label },
                tag_line(&Tag::Issue(issue.clone()))
            );
            let _ = writeln!(
                out,
                "<Code guid=\"{}\" name=\"{}\" isCodable=\"false\">\n<Description>{}</Description>",
                guids.of("issue", issue.id.as_str()),
                escape(&names.take(&issue.name, issue.id.as_str()), true),
                escape(&description, false)
            );
            for third in Third::ALL {
                let label = match third {
                    Third::Low if !issue.low_label.trim().is_empty() => issue.low_label.trim(),
                    Third::High if !issue.high_label.trim().is_empty() => issue.high_label.trim(),
                    other => other.key(),
                };
                let guid = guids.of("pole", &format!("{}/{}", issue.id, third.key()));
                let issue_name = if issue.name.trim().is_empty() { issue.id.as_str() } else { issue.name.trim() };
                let name = names.take(&format!("{issue_name}: {label}"), "pole");
                let description = format!(
                    "The {} third of the scale\n{}",
                    match third {
                        Third::Low => "lower",
                        Third::Middle => "middle",
                        Third::High => "upper",
                    },
                    tag_line(&Tag::Pole { issue: issue.id.clone(), third })
                );
                let _ = writeln!(
                    out,
                    "<Code guid=\"{guid}\" name=\"{}\" isCodable=\"true\">\n<Description>{}</Description>\n</Code>",
                    escape(&name, true),
                    escape(&description, false)
                );
                pole_code.insert((&issue.id, third), guid);
            }
            out.push_str("</Code>\n");
        }
        out.push_str("</Codes>\n</CodeBook>\n");
    }
    // Variables: article metadata and actor attributes.
    const ARTICLE_VARIABLES: [&str; 4] = ["Source", "Date", "URL", "Byline"];
    const ACTOR_VARIABLES: [(&str, &str); 4] =
        [("Actor kind", "Text"), ("Capability", "Float"), ("Aliases", "Text"), ("Parent", "Text")];
    let variable_guid = |name: &str| guids.of("variable", name);
    let has_articles = !project.articles.is_empty();
    let has_actors = !project.actors.is_empty();
    if has_articles || has_actors {
        out.push_str("<Variables>\n");
        if has_articles {
            for name in ARTICLE_VARIABLES {
                let _ = writeln!(
                    out,
                    "<Variable guid=\"{}\" name=\"{name}\" typeOfVariable=\"Text\"/>",
                    variable_guid(name)
                );
            }
        }
        if has_actors {
            for (name, kind) in ACTOR_VARIABLES {
                let _ = writeln!(
                    out,
                    "<Variable guid=\"{}\" name=\"{name}\" typeOfVariable=\"{kind}\"/>",
                    variable_guid(name)
                );
            }
        }
        out.push_str("</Variables>\n");
    }
    let text_value = |out: &mut String, name: &str, value: &str| {
        let _ = writeln!(
            out,
            "<VariableValue><VariableRef targetGUID=\"{}\"/><TextValue>{}</TextValue></VariableValue>",
            variable_guid(name),
            escape(value, false)
        );
    };
    // Cases: one per actor, with its attributes.
    if has_actors {
        out.push_str("<Cases>\n");
        for actor in &project.actors {
            let _ = writeln!(
                out,
                "<Case guid=\"{}\" name=\"{}\">\n<CodeRef targetGUID=\"{}\"/>",
                guids.of("case", actor.id.as_str()),
                escape(&actor.name, true),
                guids.of("actor", actor.id.as_str())
            );
            text_value(&mut out, "Actor kind", actor.kind.label());
            if actor.capability.is_finite() {
                let _ = writeln!(
                    out,
                    "<VariableValue><VariableRef targetGUID=\"{}\"/><FloatValue>{}</FloatValue></VariableValue>",
                    variable_guid("Capability"),
                    decimal(actor.capability)
                );
            }
            text_value(&mut out, "Aliases", &actor.aliases.join(", "));
            let parent = actor.parent.as_ref().and_then(|id| project.actor(id)).map_or("", |a| a.name.as_str());
            text_value(&mut out, "Parent", parent);
            out.push_str("</Case>\n");
        }
        out.push_str("</Cases>\n");
    }
    // Sources: one per article with a selection per quote.
    let mut by_article: BTreeMap<&ArticleId, Vec<&Position>> = BTreeMap::new();
    let mut overall: BTreeMap<&CoderId, Vec<&Position>> = BTreeMap::new();
    for position in project.positions.iter() {
        match &position.article {
            Some(article) => by_article.entry(article).or_default().push(position),
            None => overall.entry(&position.coder).or_default().push(position),
        }
    }
    let mut whole_article = 0;
    let mut unwritable = 0;
    let describe = |position: &Position| -> String {
        let actor = project.actor(&position.actor).map_or(position.actor.as_str(), |a| a.name.as_str());
        let issue = project.issue(&position.issue).map_or(position.issue.as_str(), |i| i.name.as_str());
        format!(
            "{actor} on {issue}: {} (salience {}, confidence {})",
            position.value,
            position.salience,
            position.confidence.label().to_lowercase()
        )
    };
    if has_articles {
        out.push_str("<Sources>\n");
        for article in &project.articles {
            let guid = guids.of("article", article.id.as_str());
            let name = if article.title.trim().is_empty() { article.id.as_str() } else { article.title.as_str() };
            if xml::has_unwritable(&article.title) {
                unwritable += 1;
            }
            let _ = writeln!(
                out,
                "<TextSource guid=\"{guid}\" name=\"{}\" plainTextPath=\"internal://{guid}.txt\">",
                escape(name, true)
            );
            let described = Article { text: String::new(), ..article.clone() };
            let mut description = String::new();
            for (label, value) in [
                ("Source", &article.source),
                ("Date", &article.date),
                ("URL", &article.url),
                ("Byline", &article.byline),
            ] {
                if !value.trim().is_empty() {
                    let _ = writeln!(description, "{label}: {value}");
                }
            }
            description.push_str(&tag_line(&Tag::Article(described)));
            let _ = writeln!(out, "<Description>{}</Description>", escape(&description, false));
            let article_end = code_points_at(&article.text, article.text.len());
            for position in by_article.get(&article.id).into_iter().flatten() {
                let coder = known_coders.contains(&position.coder).then(|| coder_guid(&position.coder));
                let creating = coder.as_ref().map(|guid| format!(" creatingUser=\"{guid}\"")).unwrap_or_default();
                let stamp = date_time(&position.updated).unwrap_or_else(|| now.clone());
                let spans: Vec<(usize, usize, bool)> = if position.evidence.is_empty() {
                    whole_article += 1;
                    vec![(0, article_end, true)]
                } else {
                    position
                        .evidence
                        .iter()
                        .map(|e| (code_points_at(&article.text, e.start), code_points_at(&article.text, e.end), false))
                        .collect()
                };
                let pole = project.issue(&position.issue).map(|issue| Third::of(issue, position.value));
                for (index, (start, end, whole)) in spans.into_iter().enumerate() {
                    let key =
                        format!("{}/{}/{}/{}/{index}", position.issue, position.actor, article.id, position.coder);
                    let tag = Tag::Position(PositionTag {
                        actor: position.actor.clone(),
                        issue: position.issue.clone(),
                        article: position.article.clone(),
                        coder: position.coder.clone(),
                        value: position.value,
                        salience: position.salience,
                        confidence: position.confidence,
                        note: position.note.clone(),
                        updated: position.updated.to_string(),
                        evidence: index,
                        whole_article: whole,
                    });
                    let quote_name = if whole { String::new() } else { position.evidence[index].quote.clone() };
                    let _ = writeln!(
                        out,
                        "<PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{start}\" endPosition=\"{end}\"{creating} creationDateTime=\"{stamp}\">",
                        guids.of("selection", &key),
                        escape(&quote_name, true)
                    );
                    let mut description = describe(position);
                    if whole {
                        description.push_str("\nNo quote: this selection covers the whole article.");
                    }
                    if !position.note.trim().is_empty() {
                        let _ = write!(description, "\nNote: {}", position.note.trim());
                    }
                    let _ = write!(description, "\n{}", tag_line(&tag));
                    let _ = writeln!(out, "<Description>{}</Description>", escape(&description, false));
                    let codes = [
                        ("actor", actor_code.get(&position.actor)),
                        ("pole", pole.and_then(|third| pole_code.get(&(&position.issue, third)))),
                    ];
                    for (kind, code) in codes {
                        let Some(code) = code else { continue };
                        let _ = writeln!(
                            out,
                            "<Coding guid=\"{}\"{creating} creationDateTime=\"{stamp}\"><CodeRef targetGUID=\"{code}\"/></Coding>",
                            guids.of("coding", &format!("{key}/{kind}"))
                        );
                    }
                    out.push_str("</PlainTextSelection>\n");
                }
            }
            for (label, value) in [
                ("Source", &article.source),
                ("Date", &article.date),
                ("URL", &article.url),
                ("Byline", &article.byline),
            ] {
                text_value(&mut out, label, value);
            }
            out.push_str("</TextSource>\n");
        }
        out.push_str("</Sources>\n");
    }
    // Notes: each coder's overall judgements, readable and tagged.
    if !overall.is_empty() {
        out.push_str("<Notes>\n");
        for (coder, positions) in &overall {
            let coder_name = project.coder(coder).map_or(coder.as_str(), |c| c.name.as_str());
            let creating = if known_coders.contains(coder) {
                format!(" creatingUser=\"{}\"", coder_guid(coder))
            } else {
                String::new()
            };
            let mut text = format!("Overall judgements of {coder_name} (not tied to an article)\n\n");
            for position in positions {
                let _ = writeln!(text, "{}", describe(position));
            }
            text.push('\n');
            for position in positions {
                let tag = Tag::Position(PositionTag {
                    actor: position.actor.clone(),
                    issue: position.issue.clone(),
                    article: None,
                    coder: position.coder.clone(),
                    value: position.value,
                    salience: position.salience,
                    confidence: position.confidence,
                    note: position.note.clone(),
                    updated: position.updated.to_string(),
                    evidence: 0,
                    whole_article: false,
                });
                let _ = writeln!(text, "{}", tag_line(&tag));
            }
            let _ = writeln!(
                out,
                "<Note guid=\"{}\" name=\"{}\"{creating} creationDateTime=\"{now}\">\n<PlainTextContent>{}</PlainTextContent>\n</Note>",
                guids.of("note", coder.as_str()),
                escape(&format!("Overall judgements — {coder_name}"), true),
                escape(&text, false)
            );
        }
        out.push_str("</Notes>\n");
    }
    let mut description = String::new();
    if !project.description.trim().is_empty() {
        let _ = writeln!(description, "{}", project.description.trim());
    }
    description
        .push_str(&tag_line(&Tag::Project { title: project.title.clone(), description: project.description.clone() }));
    let _ = writeln!(out, "<Description>{}</Description>", escape(&description, false));
    out.push_str("</Project>\n");
    if names.renamed > 0 {
        report.notes.push(format!(
            "{} code names made unique with a number (QualCoder merges codes of the same name)",
            names.renamed
        ));
    }
    if whole_article > 0 {
        report
            .notes
            .push(format!("{whole_article} positions without a quote exported as selections over their whole article"));
    }
    if unwritable > 0 {
        report.notes.push(format!("{unwritable} titles hold control characters XML cannot carry (replaced by �)"));
    }
    let lost = [
        (project.positions.iter().map(|p| p.history.len()).sum::<usize>(), "history entries"),
        (project.trash.len(), "items in the Trash"),
        (project.rejected_suggestions.len(), "rejected suggestions"),
        (project.done_articles.len(), "done marks"),
    ];
    for (count, what) in lost {
        if count > 0 {
            report
                .notes
                .push(format!("{count} {what} kept only in stancemap.json (other tools have no place for them)"));
        }
    }
    out
}

/// A finite number as `xsd:decimal` (no exponent).
fn decimal(value: f64) -> String {
    let text = format!("{value}");
    if text.contains('e') || text.contains('E') { format!("{value:.6}") } else { text }
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// What a code stands for once mapped.
#[derive(Clone, Debug)]
enum Mapped {
    Actor(ActorId),
    Pole(IssueId, f64),
}

/// A selection (or overlapping ones) of another tool carrying mapped codes: its article, coder,
/// targets and LF byte span.
type NewCoding = (ArticleId, CoderId, Vec<Mapped>, (usize, usize));

/// A code of the file.
struct CodeInfo {
    name: String,
    target: Option<Mapped>,
    codings: usize,
}

/// Builds the imported project.
struct Builder<'a> {
    project: Project,
    options: &'a ReadOptions<'a>,
    report: ImportReport,
    unit: Unit,
    review_note: String,
}

impl Builder<'_> {
    fn add_actor(&mut self, actor: Actor) -> ActorId {
        if let Some(existing) = self.project.actors.iter().find(|a| a.id == actor.id) {
            return existing.id.clone();
        }
        let id = actor.id.clone();
        self.project.actors.push(actor);
        id
    }

    fn add_issue(&mut self, issue: Issue) -> IssueId {
        if let Some(existing) = self.project.issues.iter().find(|i| i.id == issue.id) {
            return existing.id.clone();
        }
        let id = issue.id.clone();
        self.project.issues.push(issue);
        id
    }

    /// The actor named `name`: the known project's (by name or alias), one already imported, or a
    /// new one.
    fn actor_named(&mut self, name: &str) -> ActorId {
        if let Some(actor) = self.project.find_actor_by_name(name) {
            return actor.id.clone();
        }
        if let Some(actor) = self.options.known.and_then(|known| known.find_actor_by_name(name)) {
            return self.add_actor(actor.clone());
        }
        let id = self.project.new_actor_id(name);
        let color = crate::model::ACTOR_PALETTE[self.project.actors.len() % crate::model::ACTOR_PALETTE.len()];
        self.add_actor(Actor { id, name: name.trim().to_owned(), color, ..Actor::default() })
    }

    /// The issue named `name`: the known project's, one already imported, or a new one on 0–100.
    fn issue_named(&mut self, name: &str) -> IssueId {
        if let Some(issue) = self.project.find_issue_by_name(name) {
            return issue.id.clone();
        }
        if let Some(issue) = self.options.known.and_then(|known| known.find_issue_by_name(name)) {
            return self.add_issue(issue.clone());
        }
        let id = self.project.new_issue_id(name);
        self.add_issue(Issue { id, name: name.trim().to_owned(), ..Issue::default() })
    }
}

/// Reads a REFI-QDA project.
pub fn read(bytes: &[u8], options: &ReadOptions<'_>) -> Result<(Project, ImportReport), ExchangeError> {
    let mut archive = Archive::open(bytes)?;
    let qde_name = pick_qde(&archive.names)
        .ok_or_else(|| ExchangeError::NoQde(archive.names.iter().take(5).cloned().collect::<Vec<_>>().join(", ")))?;
    let qde = archive.read(&qde_name)?.unwrap_or_default();
    options.check_cancelled()?;
    // Our own export, untouched: the copy comes back exactly.
    if let Some(copy) = archive.read(COPY_NAME)?
        && let Ok(copy) = serde_json::from_slice::<LosslessCopy>(&copy)
        && copy.project_qde_sha256 == sha256_hex(&qde)
        && let Ok(json) = serde_json::to_vec(&copy.project)
        && let Ok(project) = crate::io::project_file::parse_project(&json, std::path::Path::new(COPY_NAME))
    {
        let report = ImportReport {
            format: "REFI-QDA project".into(),
            producer: format!("StanceMap {}", env!("CARGO_PKG_VERSION")),
            exact: true,
            imported: counts(&project),
            ..ImportReport::default()
        };
        return Ok((project, report));
    }
    options.check_cancelled()?;
    let root = xml::parse(&qde, &qde_name)?;
    if root.name != "Project" {
        return Err(ExchangeError::NotProject {
            entry: qde_name,
            reason: format!("the root element is <{}>, not <Project>", root.name),
        });
    }
    let producer = root.attr("origin").unwrap_or_default().trim().to_owned();
    let unit = if producer.starts_with("NVivo") { Unit::Utf16 } else { Unit::CodePoint };
    let mut builder = Builder {
        project: Project { title: root.attr("name").unwrap_or_default().to_owned(), ..Project::default() },
        options,
        report: ImportReport {
            format: "REFI-QDA project".into(),
            producer: producer.clone(),
            ..ImportReport::default()
        },
        unit,
        review_note: format!(
            "Needs review: coded in {} without a StanceMap value; placed in the middle of the pole's third",
            if producer.is_empty() { "another tool" } else { producer.as_str() }
        ),
    };
    let description = root.child_text("Description").unwrap_or_default();
    builder.project.description = strip_tags(description);
    for tag in tags_in(description) {
        if let Tag::Project { title, description } = tag {
            // The title unless another tool renamed the project since.
            let written = if title.trim().is_empty() { "StanceMap project" } else { title.as_str() };
            if root.attr("name") == Some(written) {
                builder.project.title = title;
            }
            builder.project.description = description;
        }
    }
    // Users → coders.
    let mut coders: HashMap<String, CoderId> = HashMap::new();
    for (index, user) in root.child("Users").into_iter().flat_map(|u| u.children_named("User")).enumerate() {
        let guid = user.attr("guid").unwrap_or_default().to_lowercase();
        let name = user.attr("name").map(str::trim).filter(|n| !n.is_empty()).map_or_else(
            || user.attr("id").map(str::to_owned).unwrap_or_else(|| format!("User {}", index + 1)),
            str::to_owned,
        );
        let id = match user.attr("id").map(str::trim).filter(|id| is_coder_id(id)) {
            Some(id) if builder.project.coder(&CoderId::from(id)).is_none() => CoderId::from(id),
            _ => builder.project.new_coder_id(&name),
        };
        if builder.project.coder(&id).is_none() {
            builder.project.coders.push(Coder { id: id.clone(), name });
        }
        coders.insert(guid, id);
    }
    // Codes.
    let mut codes: HashMap<String, CodeInfo> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    if let Some(book) = root.child("CodeBook").and_then(|b| b.child("Codes")) {
        for code in book.children_named("Code") {
            read_code(code, "", &mut builder, &mut codes, &mut order);
        }
    }
    // Sources.
    let mut position_tags: Vec<(PositionTag, Option<(usize, usize)>)> = Vec::new();
    let mut new_codings: Vec<NewCoding> = Vec::new();
    // Keyed on (one, several): "1 PDF source", "2 PDF sources".
    let mut left_out: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    let mut missing_files = Vec::new();
    let mut unplaced = 0usize;
    let mut repaired = 0usize;
    let default_coder = || CoderId::from("imported");
    if let Some(sources) = root.child("Sources") {
        options.set_total(sources.children.len());
        for source in &sources.children {
            options.step()?;
            match source.name.as_str() {
                "TextSource" => {}
                "PDFSource" => {
                    *left_out
                        .entry((
                            "PDF source (StanceMap reads PDFs with Import articles)",
                            "PDF sources (StanceMap reads PDFs with Import articles)",
                        ))
                        .or_default() += 1;
                    continue;
                }
                "PictureSource" | "AudioSource" | "VideoSource" => {
                    *left_out
                        .entry((
                            "picture, audio or video source (StanceMap holds text only)",
                            "picture, audio and video sources (StanceMap holds text only)",
                        ))
                        .or_default() += 1;
                    continue;
                }
                _ => continue,
            }
            let name = source.attr("name").unwrap_or_default().trim().to_owned();
            let text = match source.child("PlainTextContent") {
                Some(content) => Some(SourceText::from_text(content.text.clone())),
                None => match source.attr("plainTextPath") {
                    Some(path) => match find_source(&archive.names, path) {
                        Some(entry) => archive.read(&entry)?.map(|bytes| SourceText::from_bytes(&bytes)),
                        None => None,
                    },
                    None => None,
                },
            };
            let Some(text) = text else {
                missing_files.push(if name.is_empty() { source.attr("guid").unwrap_or("?").to_owned() } else { name });
                continue;
            };
            let description = source.child_text("Description").unwrap_or_default();
            let tagged = tags_in(description).into_iter().find_map(|tag| match tag {
                Tag::Article(article) => Some(article),
                _ => None,
            });
            let article = match tagged {
                Some(mut article) => {
                    article.text = text.lf.clone();
                    if builder.project.article(&article.id).is_some() {
                        article.id = builder.project.new_article_id(&article.text);
                    }
                    article
                }
                None => {
                    let mut article = Article {
                        id: builder.project.new_article_id(&text.lf),
                        title: strip_extension(&name),
                        origin_file: if options.file_name.is_empty() {
                            name.clone()
                        } else {
                            options.file_name.to_owned()
                        },
                        text: text.lf.clone(),
                        ..Article::default()
                    };
                    read_variables(source, &root, &mut article, &mut left_out);
                    article
                }
            };
            let article_id = article.id.clone();
            builder.project.articles.push(article);
            // Codings of the whole source.
            let whole_codings = source.children_named("Coding").count();
            if whole_codings > 0 {
                *left_out
                    .entry((
                        "coding of a whole source (no span to quote)",
                        "codings of whole sources (no span to quote)",
                    ))
                    .or_default() += whole_codings;
            }
            // Selections.
            let mut actor_spans: Vec<((usize, usize), CoderId, Vec<Mapped>)> = Vec::new();
            let mut pole_spans: Vec<((usize, usize), CoderId, Vec<Mapped>)> = Vec::new();
            for selection in source.children_named("PlainTextSelection") {
                let start = selection.attr("startPosition").and_then(|s| s.trim().parse::<usize>().ok());
                let end = selection.attr("endPosition").and_then(|s| s.trim().parse::<usize>().ok());
                let quote_name = selection.attr("name").unwrap_or_default();
                let span = match (start, end) {
                    (Some(start), Some(end)) => locate(&text, start, end, builder.unit, quote_name, &mut repaired),
                    _ => None,
                };
                let description = selection.child_text("Description").unwrap_or_default();
                let mut tagged = false;
                for tag in tags_in(description) {
                    if let Tag::Position(mut tag) = tag {
                        tagged = true;
                        tag.article = Some(article_id.clone());
                        position_tags.push((tag, span));
                    }
                }
                let mut targets = Vec::new();
                for coding in selection.children_named("Coding") {
                    let Some(code) = coding.child("CodeRef").and_then(|r| r.attr("targetGUID")) else { continue };
                    let Some(info) = codes.get_mut(&code.to_lowercase()) else { continue };
                    info.codings += 1;
                    if let Some(target) = &info.target {
                        targets.push(target.clone());
                    }
                }
                if tagged {
                    continue;
                }
                let Some(span) = span else {
                    if !targets.is_empty() {
                        unplaced += 1;
                    }
                    continue;
                };
                let coder = selection
                    .attr("creatingUser")
                    .and_then(|guid| coders.get(&guid.to_lowercase()).cloned())
                    .unwrap_or_else(default_coder);
                let has_actor = targets.iter().any(|t| matches!(t, Mapped::Actor(_)));
                let has_pole = targets.iter().any(|t| matches!(t, Mapped::Pole(..)));
                match (has_actor, has_pole) {
                    (true, true) => new_codings.push((article_id.clone(), coder, targets, span)),
                    (true, false) => actor_spans.push((span, coder, targets)),
                    (false, true) => pole_spans.push((span, coder, targets)),
                    (false, false) => {}
                }
            }
            // An actor coded on one selection and a pole on an overlapping one (MAXQDA codes each
            // separately): one position over both spans.
            for (actor_span, coder, actor_targets) in &actor_spans {
                for (pole_span, pole_coder, pole_targets) in &pole_spans {
                    if pole_coder == coder && actor_span.0 < pole_span.1 && pole_span.0 < actor_span.1 {
                        let span = (actor_span.0.min(pole_span.0), actor_span.1.max(pole_span.1));
                        let targets = actor_targets.iter().chain(pole_targets).cloned().collect();
                        new_codings.push((article_id.clone(), coder.clone(), targets, span));
                    }
                }
            }
        }
    }
    // Notes: our overall judgements come back from their tag lines; other memos are left out.
    let mut memos = 0;
    for note in root.child("Notes").into_iter().flat_map(|n| n.children_named("Note")) {
        let content = note.child_text("PlainTextContent").unwrap_or_default();
        let tags: Vec<PositionTag> = tags_in(content)
            .into_iter()
            .filter_map(|tag| match tag {
                Tag::Position(tag) => Some(tag),
                _ => None,
            })
            .collect();
        if tags.is_empty() {
            memos += 1;
        }
        for mut tag in tags {
            tag.article = None;
            position_tags.push((tag, None));
        }
    }
    // Positions from tag lines (our export, perhaps edited elsewhere).
    let mut from_tags: BTreeMap<crate::model::PositionKey, (Position, Vec<(usize, Evidence)>)> = BTreeMap::new();
    for (tag, span) in position_tags {
        if builder.project.actor(&tag.actor).is_none() || builder.project.issue(&tag.issue).is_none() {
            unplaced += 1;
            continue;
        }
        if builder.project.coder(&tag.coder).is_none() {
            builder.project.coders.push(Coder { id: tag.coder.clone(), name: tag.coder.to_string() });
        }
        let position = Position {
            actor: tag.actor.clone(),
            issue: tag.issue.clone(),
            article: tag.article.clone(),
            coder: tag.coder.clone(),
            value: tag.value,
            salience: tag.salience,
            confidence: tag.confidence,
            note: tag.note.clone(),
            updated: tag.updated.as_str().into(),
            ..Position::default()
        };
        let entry = from_tags.entry(position.key()).or_insert_with(|| (position, Vec::new()));
        if tag.whole_article || tag.article.is_none() {
            // Nothing to quote: the whole article, or an overall judgement.
            continue;
        }
        let evidence = span.and_then(|(start, end)| {
            let article = tag.article.as_ref().and_then(|id| builder.project.article(id))?;
            Evidence::from_span(&article.text, start, end)
        });
        match evidence {
            Some(evidence) => entry.1.push((tag.evidence, evidence)),
            None => unplaced += 1,
        }
    }
    let tagged_positions = from_tags.len();
    for (_, (mut position, mut evidence)) in from_tags {
        evidence.sort_by_key(|(index, _)| *index);
        position.evidence = evidence.into_iter().map(|(_, e)| e).collect();
        builder.project.positions.insert(position);
    }
    // New codings: actor × pole → positions to review.
    let mut new_positions = 0;
    for (article, coder, targets, (start, end)) in new_codings {
        let Some(evidence) = builder.project.article(&article).and_then(|a| Evidence::from_span(&a.text, start, end))
        else {
            unplaced += 1;
            continue;
        };
        if builder.project.coder(&coder).is_none() {
            builder.project.coders.push(Coder { id: coder.clone(), name: "Imported".into() });
        }
        for actor in targets.iter().filter_map(|t| if let Mapped::Actor(a) = t { Some(a) } else { None }) {
            for (issue, value) in
                targets.iter().filter_map(|t| if let Mapped::Pole(i, v) = t { Some((i, *v)) } else { None })
            {
                let key = crate::model::PositionKey {
                    issue: issue.clone(),
                    actor: actor.clone(),
                    article: Some(article.clone()),
                    coder: coder.clone(),
                };
                match builder.project.positions.remove(&key) {
                    Some(mut existing) => {
                        if !existing.evidence.contains(&evidence) {
                            existing.evidence.push(evidence.clone());
                        }
                        builder.project.positions.insert(existing);
                    }
                    None => {
                        new_positions += 1;
                        let mut position = Position::new(&key, value);
                        position.confidence = Confidence::Low;
                        position.note = builder.review_note.clone();
                        position.evidence = vec![evidence.clone()];
                        position.updated = crate::model::now_rfc3339().into();
                        builder.project.positions.insert(position);
                    }
                }
            }
        }
    }
    // The report.
    let mut report = std::mem::take(&mut builder.report);
    report.imported = counts(&builder.project);
    if tagged_positions > 0 {
        report.imported.push(format!("{} from StanceMap tag lines", count(tagged_positions, "position", "positions")));
    }
    if new_positions > 0 {
        report.imported.push(format!(
            "{} from codings, flagged for review",
            count(new_positions, "new position", "new positions")
        ));
    }
    if repaired > 0 {
        report.imported.push(format!(
            "{} re-counted to match the quoted text",
            count(repaired, "selection whose offsets were", "selections whose offsets were")
        ));
    }
    for ((one, several), n) in left_out {
        report.left_out.push(count(n, one, several));
    }
    if !missing_files.is_empty() {
        report.left_out.push(format!(
            "{} missing from the archive: {}",
            count(missing_files.len(), "source whose text is", "sources whose text is"),
            missing_files.join(", ")
        ));
    }
    if memos > 0 {
        report.left_out.push(format!("{} (notes) — StanceMap has no memos", count(memos, "memo", "memos")));
    }
    for (element, one, several) in [("Sets", "set", "sets"), ("Graphs", "graph", "graphs"), ("Links", "link", "links")]
    {
        let n = root.child(element).map_or(0, |e| e.children.len());
        if n > 0 {
            report.left_out.push(format!("{} — StanceMap has none", count(n, one, several)));
        }
    }
    if unplaced > 0 {
        report.left_out.push(format!(
            "{} outside their text",
            count(unplaced, "selection whose offsets fall", "selections whose offsets fall")
        ));
    }
    let mut unmapped_codings = 0;
    for guid in &order {
        let Some(info) = codes.get(guid) else { continue };
        let mapped_to = match &info.target {
            Some(Mapped::Actor(id)) => {
                format!("actor {}", builder.project.actor(id).map_or(id.as_str(), |a| a.name.as_str()))
            }
            Some(Mapped::Pole(id, value)) => {
                format!("issue {} = {value}", builder.project.issue(id).map_or(id.as_str(), |i| i.name.as_str()))
            }
            None => {
                unmapped_codings += info.codings;
                String::new()
            }
        };
        report.codes.push(CodeSummary { name: info.name.clone(), codings: info.codings, mapped_to });
    }
    if unmapped_codings > 0 {
        report.left_out.push(format!(
            "{} mapped to nothing (map them with --map MAP.csv: code,actor or code,issue,value)",
            count(unmapped_codings, "coding with a code", "codings with codes")
        ));
    }
    Ok((builder.project, report))
}

/// "N articles, N actors, …" for what a project holds.
fn counts(project: &Project) -> Vec<String> {
    vec![
        count(project.articles.len(), "article", "articles"),
        count(project.actors.len(), "actor", "actors"),
        count(project.issues.len(), "issue", "issues"),
        count(project.coders.len(), "coder", "coders"),
        count(project.positions.len(), "position", "positions"),
    ]
}

/// True for text usable as a coder id as StanceMap writes them.
fn is_coder_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The project document's entry: `project.qde` preferred, else any `*.qde`, shallowest first.
fn pick_qde(names: &[String]) -> Option<String> {
    names
        .iter()
        .filter(|name| name.to_lowercase().ends_with(".qde") && !name.ends_with('/'))
        .min_by_key(|name| {
            let lower = name.to_lowercase();
            (name.matches('/').count(), lower != "project.qde", lower.contains("__macosx"))
        })
        .cloned()
}

/// The archive entry a `plainTextPath` names: `internal://x.txt` in `sources/` or `Sources/`
/// (any case), or the path itself.
fn find_source(names: &[String], path: &str) -> Option<String> {
    let relative = path.trim().trim_start_matches("internal://").trim_start_matches(['/', '\\']).replace('\\', "/");
    if relative.is_empty() {
        return None;
    }
    let file = relative.rsplit('/').next().unwrap_or(&relative).to_lowercase();
    let wanted = [relative.to_lowercase(), format!("sources/{}", relative.to_lowercase())];
    names
        .iter()
        .find(|name| wanted.contains(&name.to_lowercase()))
        .or_else(|| names.iter().find(|name| name.to_lowercase().rsplit('/').next() == Some(file.as_str())))
        .cloned()
}

/// A source's name without a file extension ("interview.docx" → "interview").
fn strip_extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && (1..=5).contains(&ext.len()) && ext.chars().all(char::is_alphanumeric) =>
        {
            stem.to_owned()
        }
        _ => name.to_owned(),
    }
}

/// A description without its tag lines.
fn strip_tags(description: &str) -> String {
    description.lines().filter(|line| !line.trim().starts_with(TAG)).collect::<Vec<_>>().join("\n").trim().to_owned()
}

/// Reads one code and its children, deciding what each stands for.
fn read_code(
    code: &Element,
    parent: &str,
    builder: &mut Builder<'_>,
    codes: &mut HashMap<String, CodeInfo>,
    order: &mut Vec<String>,
) {
    let name = code.attr("name").unwrap_or_default().trim().to_owned();
    let path = if parent.is_empty() { name.clone() } else { format!("{parent}/{name}") };
    let guid = code.attr("guid").unwrap_or_default().to_lowercase();
    let mut target = None;
    for tag in tags_in(code.child_text("Description").unwrap_or_default()) {
        match tag {
            Tag::Actor(actor) => target = Some(Mapped::Actor(builder.add_actor(actor))),
            Tag::Issue(issue) => {
                builder.add_issue(issue);
            }
            Tag::Pole { issue, third } => {
                if let Some(issue) = builder.project.issue(&issue) {
                    target = Some(Mapped::Pole(issue.id.clone(), third.centre(issue)));
                }
            }
            _ => {}
        }
    }
    let is_codable = code.attr("isCodable").is_none_or(|v| v.trim() != "false" && v.trim() != "0");
    if target.is_none() && is_codable && !name.is_empty() {
        let mapped = builder.options.code_map.and_then(|map| map.get(&path).or_else(|| map.get(&name))).cloned();
        target = match mapped {
            Some(CodeTarget::Actor(actor)) => Some(Mapped::Actor(builder.actor_named(&actor))),
            Some(CodeTarget::Pole { issue, value }) => {
                let id = builder.issue_named(&issue);
                Some(Mapped::Pole(id, value))
            }
            Some(CodeTarget::Nothing) => None,
            None => builder
                .options
                .known
                .and_then(|known| known.find_actor_by_name(&name))
                .cloned()
                .map(|actor| Mapped::Actor(builder.add_actor(actor))),
        };
    }
    if !guid.is_empty() {
        order.push(guid.clone());
        codes.insert(guid, CodeInfo { name: path.clone(), target, codings: 0 });
    }
    for child in code.children_named("Code") {
        read_code(child, &path, builder, codes, order);
    }
}

/// A source's variables as article metadata; others are reported as left out.
fn read_variables(
    source: &Element,
    root: &Element,
    article: &mut Article,
    left_out: &mut BTreeMap<(&'static str, &'static str), usize>,
) {
    let variable_names: HashMap<String, &str> = root
        .child("Variables")
        .into_iter()
        .flat_map(|v| v.children_named("Variable"))
        .filter_map(|v| Some((v.attr("guid")?.to_lowercase(), v.attr("name")?)))
        .collect();
    for value in source.children_named("VariableValue") {
        let Some(guid) = value.child("VariableRef").and_then(|r| r.attr("targetGUID")) else { continue };
        let Some(name) = variable_names.get(&guid.to_lowercase()) else { continue };
        let text = value
            .children
            .iter()
            .find(|child| child.name.ends_with("Value"))
            .map(|child| child.text.trim().to_owned())
            .unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        let field = match name.trim().to_lowercase().as_str() {
            "source" | "outlet" | "publication" | "newspaper" => &mut article.source,
            "date" | "published" | "publication date" => &mut article.date,
            "url" | "link" => &mut article.url,
            "byline" | "author" | "authors" => &mut article.byline,
            "title" | "headline" => &mut article.title,
            _ => {
                *left_out
                    .entry((
                        "source variable StanceMap has no field for",
                        "source variables StanceMap has no field for",
                    ))
                    .or_default() += 1;
                continue;
            }
        };
        *field = text;
    }
}

/// The LF byte span of a selection, trying the producer's count first; when the selection's
/// stored name disagrees with the text there, the other counts are tried and one that matches
/// is taken (`repaired` counts those).
fn locate(
    text: &SourceText,
    start: usize,
    end: usize,
    unit: Unit,
    name: &str,
    repaired: &mut usize,
) -> Option<(usize, usize)> {
    let other = if unit == Unit::Utf16 { Unit::CodePoint } else { Unit::Utf16 };
    let tries = [(unit, false), (unit, true), (other, false), (other, true)];
    let first = text.span(start, end, unit, false);
    let wanted = normalise(name);
    if wanted.is_empty() {
        return first;
    }
    let matches = |span: Option<(usize, usize)>| {
        span.is_some_and(|(s, e)| {
            let found = normalise(&text.lf[s..e]);
            found == wanted || widened_to_characters(&found, &wanted)
        })
    };
    if matches(first) {
        return first;
    }
    for (unit, over_lf) in tries.into_iter().skip(1) {
        let span = text.span(start, end, unit, over_lf);
        if matches(span) {
            *repaired += 1;
            return span;
        }
    }
    first
}

/// Whether `found` is `wanted` widened to whole characters: a selection that cut a base letter
/// from its combining accent (`e` | U+0301) comes back as the composed character, so the text
/// there holds the name plus at most one base character with its marks before it and marks after.
fn widened_to_characters(found: &str, wanted: &str) -> bool {
    use unicode_normalization::UnicodeNormalization as _;
    use unicode_normalization::char::is_combining_mark;
    let (found, wanted): (String, String) = (found.nfd().collect(), wanted.nfd().collect());
    let Some(at) = found.find(&wanted) else {
        return false;
    };
    let mut before = found[..at].chars();
    let leading_ok = match before.next() {
        None => true,
        // A base letter before the name only when the name starts inside that letter's marks.
        Some(base) => {
            !is_combining_mark(base)
                && before.all(is_combining_mark)
                && wanted.chars().next().is_some_and(is_combining_mark)
        }
    };
    leading_ok && found[at + wanted.len()..].chars().all(is_combining_mark)
}

/// Text compared ignoring whitespace differences and Unicode composition.
fn normalise(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    text.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect()
}
