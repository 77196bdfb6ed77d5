//! The tidy data exports: one row per coded position, as R's `read.csv`, pandas' `read_csv` and
//! `read_json` take them without options.
//!
//! Columns (in this order): `article_id, article_title, article_date, source, actor, actor_kind,
//! issue, position, scale_min, scale_max, salience, confidence, coder, evidence, note`. Actors and
//! issues by name, coders by id, confidence as `low`/`medium`/`high`, evidence quotes joined with
//! " … "; article cells are empty (CSV) or `null` (JSON) for overall judgements. CSV is RFC 4180
//! (comma separated, CRLF-free `\n` records, quotes doubled, UTF-8 without BOM); numbers use Rust's
//! shortest round-trip form, so a value reads back as exactly the same `f64`. The CSV imports back
//! through `import-positions` (see [`crate::io::positions_csv`], which reads `article_id` as the
//! article and `evidence` as the quote, and skips the descriptive columns).

use serde::Serialize;

use crate::model::{ActorKind, Position, Project};

/// The tidy columns, in order.
pub const TIDY_COLUMNS: [&str; 15] = [
    "article_id",
    "article_title",
    "article_date",
    "source",
    "actor",
    "actor_kind",
    "issue",
    "position",
    "scale_min",
    "scale_max",
    "salience",
    "confidence",
    "coder",
    "evidence",
    "note",
];

/// The import column a header cell of a positions CSV stands for: the import format's own
/// ([`crate::io::positions_csv::KNOWN_COLUMNS`]), the tidy export's `article_id` (the article) and
/// `evidence` (the quote), and `""` for the tidy export's descriptive columns, which an import skips
/// (titles, dates, sources, kinds and scales belong to the project; notes are not imported).
/// `None` for an unknown name.
pub fn import_column(name: &str) -> Option<&'static str> {
    match name {
        "article_id" => Some("article"),
        "evidence" => Some("quote"),
        "article_title" | "article_date" | "source" | "actor_kind" | "scale_min" | "scale_max" | "note" => Some(""),
        _ => crate::io::positions_csv::KNOWN_COLUMNS.iter().find(|known| **known == name).copied(),
    }
}

/// One coded position, as a tidy row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TidyRow {
    /// The article's id; `None` for an overall judgement.
    pub article_id: Option<String>,
    /// The article's title.
    pub article_title: Option<String>,
    /// The article's date as written.
    pub article_date: Option<String>,
    /// The article's source.
    pub source: Option<String>,
    /// The actor's name.
    pub actor: String,
    /// state, person, organisation or other.
    pub actor_kind: String,
    /// The issue's name.
    pub issue: String,
    /// The position in the issue's units.
    pub position: f64,
    /// The issue's low pole.
    pub scale_min: f64,
    /// The issue's high pole.
    pub scale_max: f64,
    /// Salience 0–100.
    pub salience: f64,
    /// low, medium or high.
    pub confidence: String,
    /// The coder's id.
    pub coder: String,
    /// The evidence quotes, joined with " … ".
    pub evidence: String,
    /// The coder's note.
    pub note: String,
}

/// Every position of `project` as a tidy row, in the project's position order (issue, actor,
/// article, coder). Positions naming a missing actor or issue are left out.
pub fn tidy_rows(project: &Project) -> Vec<TidyRow> {
    project.positions.iter().filter_map(|position| tidy_row(project, position)).collect()
}

fn tidy_row(project: &Project, position: &Position) -> Option<TidyRow> {
    let actor = project.actor(&position.actor)?;
    let issue = project.issue(&position.issue)?;
    let article = position.article.as_ref().map(|id| (id, project.article(id)));
    let kind = match actor.kind {
        ActorKind::State => "state",
        ActorKind::Person => "person",
        ActorKind::Organisation => "organisation",
        ActorKind::Other => "other",
    };
    Some(TidyRow {
        article_id: article.map(|(id, _)| id.to_string()),
        article_title: article.map(|(_, found)| found.map(|a| a.title.clone()).unwrap_or_default()),
        article_date: article.map(|(_, found)| found.map(|a| a.date.clone()).unwrap_or_default()),
        source: article.map(|(_, found)| found.map(|a| a.source.clone()).unwrap_or_default()),
        actor: actor.name.clone(),
        actor_kind: kind.to_owned(),
        issue: issue.name.clone(),
        position: position.value,
        scale_min: issue.scale_min,
        scale_max: issue.scale_max,
        salience: position.salience,
        confidence: position.confidence.label().to_ascii_lowercase(),
        coder: position.coder.to_string(),
        evidence: position.evidence.iter().map(|evidence| evidence.quote.as_str()).collect::<Vec<_>>().join(" … "),
        note: position.note.clone(),
    })
}

/// The tidy rows as CSV with a header (see the module doc).
pub fn tidy_csv(project: &Project) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(TIDY_COLUMNS)?;
    for row in tidy_rows(project) {
        let optional = |cell: &Option<String>| cell.clone().unwrap_or_default();
        writer.write_record([
            optional(&row.article_id),
            optional(&row.article_title),
            optional(&row.article_date),
            optional(&row.source),
            row.actor,
            row.actor_kind,
            row.issue,
            row.position.to_string(),
            row.scale_min.to_string(),
            row.scale_max.to_string(),
            row.salience.to_string(),
            row.confidence,
            row.coder,
            row.evidence,
            row.note,
        ])?;
    }
    let bytes = writer.into_inner().map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The tidy rows as a pretty-printed JSON array of objects with the CSV's columns as keys.
pub fn tidy_json(project: &Project) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&tidy_rows(project))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn csv_and_json_have_one_row_per_position_with_the_tidy_columns() {
        let project = presets::sample_project();
        let csv_text = tidy_csv(&project).expect("csv");
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
        assert_eq!(header, TIDY_COLUMNS);
        let records: Vec<csv::StringRecord> = reader.records().map(|record| record.expect("record")).collect();
        assert_eq!(records.len(), project.positions.len());
        let first = project.positions.iter().next().expect("a position");
        assert_eq!(&records[0][7], first.value.to_string().as_str());
        assert_eq!(records[0].get(0), first.article.as_ref().map(|id| id.as_str()));
        let json: serde_json::Value = serde_json::from_str(&tidy_json(&project).expect("json")).expect("parses");
        let rows = json.as_array().expect("an array");
        assert_eq!(rows.len(), project.positions.len());
        assert_eq!(rows[0]["position"].as_f64(), Some(first.value));
        assert_eq!(rows[0]["scale_max"].as_f64(), Some(100.0));
        let keys: Vec<&String> = rows[0].as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), TIDY_COLUMNS.len());
    }
}
