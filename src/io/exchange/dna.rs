//! Discourse Network Analyzer databases (`.dna`: SQLite files written by DNA 3.x and 2.x).
//!
//! Reading (DNA 3 and 2, switched on SETTINGS `version`): documents → articles (title, text, author →
//! byline, source, date from epoch seconds); organisations → actors (attribute Type → kind, Alias →
//! aliases, entity colour); persons → actors of kind Person whose parent is the organisation of
//! their first statement; concepts → issues on 0–100 with poles "Disagrees" / "Agrees"; every
//! statement of a type with `organization`/`person` and `concept` variables → evidence of a
//! position of its coder: agreement 1 at 100, 0 at 0 (an integer `agreement` spread over its
//! range); several statements for one actor × concept × document × coder → one position at their
//! mean with every span as evidence. Our own export's integer `position` and `salience` variables
//! are read back as the exact value and salience. DNA counts Start/Stop in UTF-16 code units over
//! the document text; they are converted here to bytes of the LF text. DNA 2 databases (SETTINGS
//! version "2.x": values as strings in DATASHORTTEXT, their colours and Type/Alias/Notes in
//! ATTRIBUTES, dates in milliseconds) are read the same way; see [`Schema`].
//!
//! Writing: a DNA 3 database with DNA 3.1's tables and columns (from DNA's `sql/Sql.java`), its
//! default statement types and variables, SETTINGS version "3.1.2", one "DNA Statement" per
//! evidence quote (a position without a quote: one over the whole document; overall judgements are
//! left out, DNA has no place for them), plus integer variables `position` and `salience`.
//!
//! SQLite needs a file: bytes are read from and written to a temporary file that is removed after.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::Digest as _;

use super::offsets::{SourceText, Unit};
use super::{ExchangeError, ExportReport, ImportReport, ReadOptions};
use crate::model::wording::count;
use crate::model::{
    ACTOR_PALETTE, Actor, ActorId, ActorKind, Article, ArticleId, Coder, CoderId, Evidence, Issue, IssueId, Position,
    PositionKey, Project, Rgb,
};

/// The DNA version our exports claim.
pub const EXPORT_VERSION: &str = "3.1.2";

/// The password every coder of an exported database has (DNA asks for one to open it).
pub const EXPORT_PASSWORD: &str = "stancemap";

/// The first 16 bytes of every SQLite database.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

fn sql_error(error: rusqlite::Error) -> ExchangeError {
    ExchangeError::Dna(format!("the database could not be read: {error}"))
}

impl From<rusqlite::Error> for ExchangeError {
    fn from(error: rusqlite::Error) -> Self {
        sql_error(error)
    }
}

/// True when `bytes` start like an SQLite database.
pub fn looks_like_sqlite(bytes: &[u8]) -> bool {
    bytes.starts_with(SQLITE_MAGIC)
}

/// Opens `bytes` as a read-only SQLite database held in a temporary file (removed when the
/// returned guard drops).
fn open(bytes: &[u8]) -> Result<(Connection, tempfile::NamedTempFile), ExchangeError> {
    if !looks_like_sqlite(bytes) {
        return Err(ExchangeError::Dna(
            "not a Discourse Network Analyzer database: the file is not an SQLite database".into(),
        ));
    }
    let mut file = tempfile::Builder::new()
        .suffix(".dna")
        .tempfile()
        .map_err(|error| ExchangeError::Dna(format!("no temporary file to read the database from: {error}")))?;
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|error| ExchangeError::Dna(format!("the temporary copy could not be written: {error}")))?;
    let connection =
        Connection::open_with_flags(file.path(), OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(sql_error)?;
    Ok((connection, file))
}

/// The names of the database's tables, upper-cased.
fn tables(connection: &Connection) -> Result<Vec<String>, ExchangeError> {
    let mut statement = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").map_err(sql_error)?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0)).map_err(sql_error)?;
    rows.map(|name| name.map(|name| name.to_uppercase()).map_err(sql_error)).collect()
}

/// A text cell that may be NULL or not text.
fn text(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(index)? {
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Null => String::new(),
    })
}

/// An integer cell (NULL and text that is no number → 0).
fn int(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<i64> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(index)? {
        ValueRef::Integer(n) => n,
        ValueRef::Real(x) if x.is_finite() => x as i64,
        ValueRef::Text(bytes) => String::from_utf8_lossy(bytes).trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// `YYYY-MM-DD` of a DNA 3 date (seconds since 1970, UTC), empty when out of range.
fn date_of_seconds(seconds: i64) -> String {
    if !(0..=253_402_300_799).contains(&seconds) {
        return String::new();
    }
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds as u64);
    humantime::format_rfc3339_seconds(time).to_string().get(..10).unwrap_or_default().to_owned()
}

/// Seconds since 1970 of an article's `YYYY-MM-DD` date (0 when it has none).
fn seconds_of_date(date: &str) -> i64 {
    let day = date.trim().get(..10).unwrap_or_default();
    humantime::parse_rfc3339(&format!("{day}T00:00:00Z"))
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |duration| duration.as_secs() as i64)
}

/// An entity (a value of a short-text variable) with its attributes.
#[derive(Clone, Debug, Default)]
struct Entity {
    value: String,
    color: Option<Rgb>,
    attributes: HashMap<String, String>,
}

/// One statement's coded values.
#[derive(Clone, Debug, Default)]
struct Statement {
    document: i64,
    start: i64,
    stop: i64,
    coder: i64,
    person: Option<i64>,
    organization: Option<i64>,
    concept: Option<i64>,
    agreement: Option<i64>,
    position: Option<i64>,
    salience: Option<i64>,
}

/// The kind an organisation's Type attribute names.
fn kind_of(type_attribute: &str) -> ActorKind {
    let lower = type_attribute.to_lowercase();
    if lower.contains("person") || lower.contains("individual") {
        ActorKind::Person
    } else if ["government", "state", "country", "ministry", "congress", "senate", "parliament"]
        .iter()
        .any(|word| lower.contains(word))
    {
        ActorKind::State
    } else if lower.is_empty() || lower.contains("ngo") || lower.contains("organi") || lower.contains("business") {
        ActorKind::Organisation
    } else {
        ActorKind::Other
    }
}

/// Reads a DNA 3 database into a new project.
pub fn read(bytes: &[u8], options: &ReadOptions<'_>) -> Result<(Project, ImportReport), ExchangeError> {
    let (connection, _file) = open(bytes)?;
    options.check_cancelled()?;
    let tables = tables(&connection)?;
    let missing: Vec<&str> = ["SETTINGS", "DOCUMENTS", "STATEMENTS", "VARIABLES", "CODERS"]
        .into_iter()
        .filter(|name| !tables.iter().any(|table| table == name))
        .collect();
    if !missing.is_empty() {
        return Err(ExchangeError::Dna(format!(
            "not a Discourse Network Analyzer database: it has no table {} (found: {})",
            missing.join(", "),
            if tables.is_empty() { "no tables".to_owned() } else { tables.join(", ") }
        )));
    }
    let version: String = connection
        .query_row("SELECT Value FROM SETTINGS WHERE Property = 'version'", [], |row| text(row, 0))
        .optional()
        .map_err(sql_error)?
        .unwrap_or_default();
    let schema = match version.trim().chars().next() {
        Some('3') => Schema::V3,
        Some('2') => Schema::V2,
        _ => {
            return Err(ExchangeError::Dna(format!(
                "not a DNA 2 or 3 database: SETTINGS names version {version:?} (expected 2.x or 3.x)"
            )));
        }
    };
    let values_table = match schema {
        Schema::V3 => "ENTITIES",
        Schema::V2 => "ATTRIBUTES",
    };
    for table in [values_table, "DATASHORTTEXT", "DATABOOLEAN", "DATAINTEGER"] {
        if !tables.iter().any(|name| name == table) {
            return Err(ExchangeError::Dna(format!("a DNA {version} database without its {table} table")));
        }
    }
    read_database(&connection, &version, schema, options)
}

/// The two layouts DNA has written to SQLite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Schema {
    /// DNA 2.0 (`DNA2/src/dna/SqlConnection.java`): a statement's short-text values are strings
    /// in DATASHORTTEXT.Value; the values' colours and Type/Alias/Notes are columns of ATTRIBUTES
    /// (one row per variable and value); document dates are milliseconds since 1970.
    V2,
    /// DNA 3 (`sql/Sql.java`): values are rows of ENTITIES that DATASHORTTEXT.Entity points to,
    /// with attributes in ATTRIBUTEVARIABLES/ATTRIBUTEVALUES; dates are seconds since 1970.
    V3,
}

fn read_database(
    connection: &Connection,
    version: &str,
    schema: Schema,
    options: &ReadOptions<'_>,
) -> Result<(Project, ImportReport), ExchangeError> {
    let mut report = ImportReport {
        format: "Discourse Network Analyzer database".into(),
        producer: format!("DNA {version}"),
        ..ImportReport::default()
    };
    let mut project = Project::default();

    // Coders.
    let mut coders: HashMap<i64, CoderId> = HashMap::new();
    {
        let mut query = connection.prepare("SELECT ID, Name FROM CODERS ORDER BY ID")?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let (id, mut name) = (int(row, 0)?, text(row, 1)?);
            if name.trim().is_empty() {
                name = format!("Coder {id}");
            }
            let coder = Coder { id: project.new_coder_id(&name), name };
            coders.insert(id, coder.id.clone());
            project.coders.push(coder);
        }
    }

    // Variables: which ones are the person, organisation, concept, agreement (per statement type).
    let mut variables: HashMap<i64, (String, String, i64)> = HashMap::new();
    {
        let mut query = connection.prepare("SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES")?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            variables.insert(int(row, 0)?, (text(row, 1)?.to_lowercase(), text(row, 2)?.to_lowercase(), int(row, 3)?));
        }
    }
    let role_of =
        |variable: i64| variables.get(&variable).map(|(name, data_type, _)| (name.as_str(), data_type.as_str()));

    // Entities with their attributes.
    let mut entities: HashMap<i64, Entity> = HashMap::new();
    // DNA 2: the entity of each (variable, value), as DATASHORTTEXT names them by value.
    let mut entity_of_value: HashMap<(i64, String), i64> = HashMap::new();
    if schema == Schema::V2 {
        let mut query =
            connection.prepare("SELECT ID, VariableId, Value, Red, Green, Blue, Type, Alias, Notes FROM ATTRIBUTES")?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let mut entity = Entity { value: text(row, 2)?.trim().to_owned(), ..Entity::default() };
            entity.color = Some(Rgb([3, 4, 5].map(|i| int(row, i).unwrap_or(0).clamp(0, 255) as u8)));
            for (index, attribute) in [(6, "type"), (7, "alias"), (8, "notes")] {
                let value = text(row, index)?;
                if !value.trim().is_empty() {
                    entity.attributes.insert(attribute.to_owned(), value.trim().to_owned());
                }
            }
            let id = int(row, 0)?;
            entity_of_value.entry((int(row, 1)?, entity.value.clone())).or_insert(id);
            entities.insert(id, entity);
        }
    }
    if schema == Schema::V3 {
        let mut query = connection.prepare("SELECT ID, VariableId, Value, Red, Green, Blue FROM ENTITIES")?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let color = match (
                row.get_ref(3)?.as_i64_or_null(),
                row.get_ref(4)?.as_i64_or_null(),
                row.get_ref(5)?.as_i64_or_null(),
            ) {
                (Ok(Some(r)), Ok(Some(g)), Ok(Some(b))) => {
                    Some(Rgb([r.clamp(0, 255) as u8, g.clamp(0, 255) as u8, b.clamp(0, 255) as u8]))
                }
                _ => None,
            };
            let entity = Entity { value: text(row, 2)?.trim().to_owned(), color, ..Entity::default() };
            entities.insert(int(row, 0)?, entity);
        }
    }
    if connection.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('ATTRIBUTEVARIABLES', 'ATTRIBUTEVALUES')",
        [],
        |row| int(row, 0),
    )? == 2
    {
        let mut query = connection.prepare(
            "SELECT v.EntityId, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v \
             JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId",
        )?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let value = text(row, 2)?;
            if value.trim().is_empty() {
                continue;
            }
            if let Some(entity) = entities.get_mut(&int(row, 0)?) {
                entity.attributes.insert(text(row, 1)?.to_lowercase(), value.trim().to_owned());
            }
        }
    }

    // Statements with their values.
    let mut statements: BTreeMap<i64, Statement> = BTreeMap::new();
    {
        let mut query = connection.prepare("SELECT ID, DocumentId, Start, Stop, Coder FROM STATEMENTS ORDER BY ID")?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let statement = Statement {
                document: int(row, 1)?,
                start: int(row, 2)?,
                stop: int(row, 3)?,
                coder: int(row, 4)?,
                ..Statement::default()
            };
            statements.insert(int(row, 0)?, statement);
        }
    }
    {
        let value_column = match schema {
            Schema::V3 => "Entity",
            Schema::V2 => "Value",
        };
        let mut query =
            connection.prepare(&format!("SELECT StatementId, VariableId, {value_column} FROM DATASHORTTEXT"))?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let (Some(statement), Some((name, _))) = (statements.get_mut(&int(row, 0)?), role_of(int(row, 1)?)) else {
                continue;
            };
            let entity = match schema {
                Schema::V3 => int(row, 2)?,
                // A value without an ATTRIBUTES row (DNA 2 adds one as a rule) gets an entity of its own.
                Schema::V2 => {
                    let value = text(row, 2)?.trim().to_owned();
                    let next = -(entity_of_value.len() as i64) - 1;
                    *entity_of_value.entry((int(row, 1)?, value.clone())).or_insert_with(|| {
                        entities.insert(next, Entity { value, ..Entity::default() });
                        next
                    })
                }
            };
            if entities.get(&entity).is_none_or(|entity| entity.value.is_empty()) {
                continue;
            }
            match name {
                "person" => statement.person = Some(entity),
                "organization" | "organisation" => statement.organization = Some(entity),
                "concept" => statement.concept = Some(entity),
                _ => {}
            }
        }
    }
    let mut agreement_range: Option<(i64, i64)> = None;
    let mut agreement_is_integer = false;
    for table in ["DATABOOLEAN", "DATAINTEGER"] {
        let mut query = connection.prepare(&format!("SELECT StatementId, VariableId, Value FROM {table}"))?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let (Some(statement), Some((name, data_type))) = (statements.get_mut(&int(row, 0)?), role_of(int(row, 1)?))
            else {
                continue;
            };
            let value = int(row, 2)?;
            match name {
                "agreement" | "qualifier" => {
                    statement.agreement = Some(value);
                    if data_type == "integer" {
                        agreement_is_integer = true;
                        agreement_range = Some(
                            agreement_range.map_or((value, value), |(low, high)| (low.min(value), high.max(value))),
                        );
                    }
                }
                "position" if data_type == "integer" => statement.position = Some(value),
                "salience" if data_type == "integer" => statement.salience = Some(value),
                _ => {}
            }
        }
    }

    // Documents → articles.
    let mut documents: HashMap<i64, (ArticleId, SourceText)> = HashMap::new();
    let mut dropped_details = 0;
    {
        let total: i64 = connection.query_row("SELECT count(*) FROM DOCUMENTS", [], |row| row.get(0))?;
        options.set_total(usize::try_from(total).unwrap_or_default());
        let mut query = connection
            .prepare("SELECT ID, Title, Text, Author, Source, Section, Notes, Type, Date FROM DOCUMENTS ORDER BY ID")?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            options.step()?;
            let source = SourceText::from_text(text(row, 2)?);
            let (section, mut notes, kind) = (text(row, 5)?, text(row, 6)?, text(row, 7)?);
            // Notes holding only a web address (as our export writes the URL) are the article's URL.
            let url = if notes.trim().starts_with("http") && !notes.trim().contains(char::is_whitespace) {
                std::mem::take(&mut notes).trim().to_owned()
            } else {
                String::new()
            };
            if [&section, &notes, &kind].iter().any(|detail| !detail.trim().is_empty()) {
                dropped_details += 1;
            }
            let mut title = text(row, 1)?.trim().to_owned();
            if title.is_empty() {
                title = format!("Document {}", int(row, 0)?);
            }
            let article = Article {
                id: project.new_article_id(&source.lf),
                title,
                byline: text(row, 3)?.trim().to_owned(),
                source: text(row, 4)?.trim().to_owned(),
                date: match schema {
                    Schema::V3 => date_of_seconds(int(row, 8)?),
                    Schema::V2 => date_of_seconds(int(row, 8)?.div_euclid(1000)),
                },
                origin_file: options.file_name.to_owned(),
                url,
                text: source.lf.clone(),
            };
            documents.insert(int(row, 0)?, (article.id.clone(), source));
            project.articles.push(article);
        }
    }

    // Actors: organisations first, then persons under the organisation of their first statement.
    let mut actors: HashMap<i64, ActorId> = HashMap::new();
    let add_actor = |project: &mut Project,
                     actors: &mut HashMap<i64, ActorId>,
                     entity_id: i64,
                     person: bool,
                     parent: Option<ActorId>|
     -> ActorId {
        if let Some(id) = actors.get(&entity_id) {
            return id.clone();
        }
        let entity = entities.get(&entity_id).cloned().unwrap_or_default();
        let known = options.known.and_then(|known| known.find_actor_by_name(&entity.value)).cloned();
        let actor = match known {
            Some(existing) if project.actor(&existing.id).is_none() => existing,
            _ => {
                let type_attribute = entity.attributes.get("type").cloned().unwrap_or_default();
                Actor {
                    id: project.new_actor_id(&entity.value),
                    name: entity.value.clone(),
                    aliases: entity
                        .attributes
                        .get("alias")
                        .map(|aliases| {
                            aliases
                                .split([';', ','])
                                .map(str::trim)
                                .filter(|alias| !alias.is_empty() && *alias != entity.value)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    color: entity
                        .color
                        .filter(|color| color.0 != [0, 0, 0] && color.0 != [255, 255, 255])
                        .unwrap_or(ACTOR_PALETTE[project.actors.len() % ACTOR_PALETTE.len()]),
                    kind: if person { ActorKind::Person } else { kind_of(&type_attribute) },
                    parent,
                    ..Actor::default()
                }
            }
        };
        let id = actor.id.clone();
        project.actors.push(actor);
        actors.insert(entity_id, id.clone());
        id
    };
    for statement in statements.values() {
        if let Some(organization) = statement.organization {
            add_actor(&mut project, &mut actors, organization, false, None);
        }
    }
    for statement in statements.values() {
        if let Some(person) = statement.person {
            let parent = statement.organization.and_then(|organization| actors.get(&organization).cloned());
            add_actor(&mut project, &mut actors, person, true, parent);
        }
    }

    // Concepts → issues.
    let mut issues: HashMap<i64, IssueId> = HashMap::new();
    for statement in statements.values() {
        let Some(concept) = statement.concept else { continue };
        if issues.contains_key(&concept) {
            continue;
        }
        let entity = entities.get(&concept).cloned().unwrap_or_default();
        let issue = match options.known.and_then(|known| known.find_issue_by_name(&entity.value)) {
            Some(existing) if project.issue(&existing.id).is_none() => existing.clone(),
            _ => Issue {
                id: project.new_issue_id(&entity.value),
                name: entity.value.clone(),
                description: entity.attributes.get("notes").cloned().unwrap_or_default(),
                low_label: "Disagrees".into(),
                high_label: "Agrees".into(),
                ..Issue::default()
            },
        };
        issues.insert(concept, issue.id.clone());
        project.issues.push(issue);
    }

    // Statements → positions (the mean per actor × concept × document × coder).
    struct Gathered {
        values: Vec<f64>,
        saliences: Vec<f64>,
        evidence: Vec<Evidence>,
    }
    let mut gathered: BTreeMap<PositionKey, Gathered> = BTreeMap::new();
    let (mut not_coded, mut bad_span, mut other_types) = (0, 0, 0);
    for statement in statements.values() {
        let actor_entity = statement.person.or(statement.organization);
        let (Some(actor_entity), Some(concept)) = (actor_entity, statement.concept) else {
            other_types += 1;
            continue;
        };
        let (Some(actor), Some(issue), Some((article, source)), Some(coder)) = (
            actors.get(&actor_entity),
            issues.get(&concept),
            documents.get(&statement.document),
            coders.get(&statement.coder),
        ) else {
            not_coded += 1;
            continue;
        };
        let value = match (statement.position, statement.agreement) {
            (Some(position), _) => position as f64,
            (None, Some(agreement)) if agreement_is_integer => match agreement_range {
                Some((low, high)) if high > low => (agreement - low) as f64 / (high - low) as f64 * 100.0,
                _ => 50.0,
            },
            (None, Some(agreement)) => {
                if agreement > 0 {
                    100.0
                } else {
                    0.0
                }
            }
            (None, None) => 50.0,
        };
        let key = PositionKey {
            issue: issue.clone(),
            actor: actor.clone(),
            article: Some(article.clone()),
            coder: coder.clone(),
        };
        let entry =
            gathered.entry(key).or_insert_with(|| Gathered { values: vec![], saliences: vec![], evidence: vec![] });
        entry.values.push(value.clamp(0.0, 100.0));
        if let Some(salience) = statement.salience {
            entry.saliences.push((salience as f64).clamp(0.0, 100.0));
        }
        let span = usize::try_from(statement.start)
            .ok()
            .zip(usize::try_from(statement.stop).ok())
            .and_then(|(start, stop)| source.span(start, stop, Unit::Utf16, false));
        if span == Some((0, source.lf.len())) {
            // A statement over the whole document: a position without a quote (as we export one).
            continue;
        }
        let span = span.and_then(|(start, end)| Evidence::from_span(&source.lf, start, end));
        match span {
            Some(evidence) => {
                if !entry.evidence.contains(&evidence) {
                    entry.evidence.push(evidence);
                }
            }
            None => bad_span += 1,
        }
    }
    let statements_used: usize = gathered.values().map(|g| g.values.len()).sum();
    let updated = crate::model::Stamp::from(crate::model::now_rfc3339());
    for (key, gathered) in gathered {
        let mean = gathered.values.iter().sum::<f64>() / gathered.values.len() as f64;
        let mut position = Position::new(&key, mean);
        if !gathered.saliences.is_empty() {
            position.salience = gathered.saliences.iter().sum::<f64>() / gathered.saliences.len() as f64;
        }
        position.evidence = gathered.evidence;
        position.evidence.sort_by_key(|evidence| (evidence.start, evidence.end));
        position.updated = updated.clone();
        project.positions.insert(position);
    }

    // Coders without a statement (DNA's Admin, as a rule) would only be an empty first choice.
    let coders_before = project.coders.len();
    let coding: std::collections::HashSet<CoderId> = project.positions.iter().map(|p| p.coder.clone()).collect();
    if !coding.is_empty() {
        project.coders.retain(|coder| coding.contains(&coder.id));
    }
    let idle_coders = coders_before - project.coders.len();
    report.imported = vec![
        count(project.articles.len(), "article", "articles"),
        count(project.actors.len(), "actor", "actors"),
        count(project.issues.len(), "issue", "issues"),
        count(project.coders.len(), "coder", "coders"),
        format!(
            "{} from {}",
            count(project.positions.len(), "position", "positions"),
            count(statements_used, "statement", "statements")
        ),
    ];
    if dropped_details > 0 {
        report.left_out.push(format!(
            "the section, type and notes of {} (StanceMap articles have no place for them)",
            count(dropped_details, "document", "documents")
        ));
    }
    if idle_coders > 0 {
        report.left_out.push(format!("{} without a statement", count(idle_coders, "coder", "coders")));
    }
    if other_types > 0 {
        report.left_out.push(format!(
            "{} without an actor (person or organisation) and a concept (other statement types, annotations)",
            count(other_types, "statement", "statements")
        ));
    }
    if not_coded > 0 {
        report.left_out.push(format!(
            "{} whose document or coder is missing from the database",
            count(not_coded, "statement", "statements")
        ));
    }
    if bad_span > 0 {
        report.left_out.push(format!(
            "the span of {} (outside its document's text or inside a character); the position is kept",
            count(bad_span, "statement", "statements")
        ));
    }
    report.left_out.push("coder colours and passwords, regular expressions, statement types' colours".into());
    Ok((project, report))
}

/// DNA 3.1's SQLite schema, as `sql/Sql.java` creates it.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191), Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255), Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0, FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14, Password TEXT NOT NULL CHECK (LENGTH(Password) < 191), PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300, ColorByCoder INTEGER NOT NULL CHECK (ColorByCoder BETWEEN 0 AND 1) DEFAULT 0, PopupDecoration INTEGER NOT NULL CHECK (PopupDecoration BETWEEN 0 AND 1) DEFAULT 0, PopupAutoComplete INTEGER NOT NULL CHECK (PopupAutoComplete BETWEEN 0 AND 1) DEFAULT 1, PermissionAddDocuments INTEGER NOT NULL CHECK (PermissionAddDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionEditDocuments INTEGER NOT NULL CHECK (PermissionEditDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionDeleteDocuments INTEGER NOT NULL CHECK (PermissionDeleteDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionImportDocuments INTEGER NOT NULL CHECK (PermissionImportDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionAddStatements INTEGER NOT NULL CHECK (PermissionAddStatements BETWEEN 0 AND 1) DEFAULT 1, PermissionEditStatements INTEGER NOT NULL CHECK (PermissionEditStatements BETWEEN 0 AND 1) DEFAULT 1, PermissionDeleteStatements INTEGER NOT NULL CHECK (PermissionDeleteStatements BETWEEN 0 AND 1) DEFAULT 1, PermissionEditAttributes INTEGER NOT NULL CHECK (PermissionEditAttributes BETWEEN 0 AND 1) DEFAULT 1, PermissionEditRegex INTEGER NOT NULL CHECK (PermissionEditRegex BETWEEN 0 AND 1) DEFAULT 1, PermissionEditStatementTypes INTEGER NOT NULL CHECK (PermissionEditStatementTypes BETWEEN 0 AND 1) DEFAULT 1, PermissionEditCoders INTEGER NOT NULL CHECK (PermissionEditCoders BETWEEN 0 AND 1) DEFAULT 1, PermissionEditCoderRelations INTEGER NOT NULL CHECK (PermissionEditCoderRelations BETWEEN 0 AND 1) DEFAULT 1, PermissionViewOthersDocuments INTEGER NOT NULL CHECK (PermissionViewOthersDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionEditOthersDocuments INTEGER NOT NULL CHECK (PermissionEditOthersDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionViewOthersStatements INTEGER NOT NULL CHECK (PermissionViewOthersStatements BETWEEN 0 AND 1) DEFAULT 1, PermissionEditOthersStatements INTEGER NOT NULL CHECK (PermissionEditOthersStatements BETWEEN 0 AND 1) DEFAULT 1);
CREATE TABLE IF NOT EXISTS DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL CHECK (LENGTH(Title) < 191), Text TEXT NOT NULL, Coder INTEGER, Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191), Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191), Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191), Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191), Date INTEGER NOT NULL, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL CHECK (LENGTH(Label) < 191), Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));
CREATE TABLE IF NOT EXISTS VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191), DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text', StatementTypeId INTEGER, FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, UNIQUE (Variable, StatementTypeId));
CREATE TABLE IF NOT EXISTS VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, TargetVariableId INTEGER, CHECK (TargetVariableId != SourceVariableId), FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));
CREATE TABLE IF NOT EXISTS CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER CHECK(Coder > 0), OtherCoder INTEGER CHECK(OtherCoder > 0), viewStatements INTEGER NOT NULL DEFAULT 1 CHECK(viewStatements BETWEEN 0 AND 1), editStatements INTEGER NOT NULL DEFAULT 1 CHECK(editStatements BETWEEN 0 AND 1), viewDocuments INTEGER NOT NULL DEFAULT 1 CHECK(viewDocuments BETWEEN 0 AND 1), editDocuments INTEGER NOT NULL DEFAULT 1 CHECK(editDocuments BETWEEN 0 AND 1), CHECK (Coder != OtherCoder), FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER, Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER, CHECK (Start < Stop), FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 1, FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 0, FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), Red INTEGER CHECK (Red BETWEEN 0 AND 255), Green INTEGER CHECK (Green BETWEEN 0 AND 255), Blue INTEGER CHECK (Blue BETWEEN 0 AND 255), ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value), FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE, FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, Value TEXT DEFAULT '', FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191), UNIQUE(VariableId, AttributeVariable), FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL, AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191), UNIQUE (EntityId, AttributeVariableId), FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE, FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE);
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (1, 'DNA Statement', 239, 208, 51);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (1, 'person', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (2, 'organization', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (3, 'concept', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (4, 'agreement', 'boolean', 1);
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (1, 1, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (2, 2, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (3, 3, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (4, 1, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (5, 2, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (6, 3, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (7, 1, 'Notes');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (8, 2, 'Notes');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (9, 3, 'Notes');
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (2, 'NPF Story Element', 100, 200, 190);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (5, 'narrator', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (6, 'victim', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (7, 'villain', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (8, 'plot', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (9, 'hero', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (10, 'policy solution', 'short text', 2);
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (3, 'Annotation', 211, 211, 211);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (11, 'note', 'long text', 3);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (12, 'position', 'integer', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (13, 'salience', 'integer', 1);
";

/// Variable ids of the "DNA Statement" type in [`SCHEMA`].
const PERSON: i64 = 1;
const ORGANIZATION: i64 = 2;
const CONCEPT: i64 = 3;
const AGREEMENT: i64 = 4;
const POSITION: i64 = 12;
const SALIENCE: i64 = 13;
/// Attribute variable ids of [`SCHEMA`] (Type, Alias, Notes of person, organisation, concept).
const TYPE_ATTRIBUTE: [i64; 3] = [1, 2, 3];
const ALIAS_ATTRIBUTE: [i64; 3] = [4, 5, 6];
const NOTES_ATTRIBUTE: i64 = 9;

/// A DNA password hash (Jasypt's StrongPasswordEncryptor, which DNA uses: Base64 of a 16-byte
/// salt and SHA-256 of salt + password iterated 100,000 times). The salt is derived from `seed`
/// so that two exports of one project are the same bytes.
fn password_hash(password: &str, seed: &str) -> String {
    let salt: [u8; 16] =
        sha2::Sha256::digest(format!("stancemap-dna-salt:{seed}").as_bytes())[..16].try_into().unwrap_or([0; 16]);
    salted_password_hash(password, salt)
}

/// Jasypt's StrongPasswordEncryptor digest of `password` with `salt`.
fn salted_password_hash(password: &str, salt: [u8; 16]) -> String {
    let mut digest = sha2::Sha256::new().chain_update(salt).chain_update(password.as_bytes()).finalize();
    for _ in 1..100_000 {
        digest = sha2::Sha256::digest(digest);
    }
    let mut bytes = salt.to_vec();
    bytes.extend_from_slice(&digest);
    base64(&bytes)
}

/// Standard Base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A DNA short text: at most 190 characters.
fn short(text: &str) -> String {
    text.trim().chars().take(190).collect()
}

/// Adds (or finds) an entity: (transaction, variable, value, colour, attributes) → its id.
type AddEntity<'a> =
    dyn FnMut(&rusqlite::Transaction<'_>, i64, &str, Rgb, &[(i64, String)]) -> rusqlite::Result<i64> + 'a;

/// Writes the project as a DNA 3 database.
pub fn write(project: &Project) -> Result<(Vec<u8>, ExportReport), ExchangeError> {
    write_database(project).map_err(|error| ExchangeError::Write(format!("the DNA database: {error}")))
}

fn write_database(project: &Project) -> rusqlite::Result<(Vec<u8>, ExportReport)> {
    let mut report = ExportReport::default();
    let directory = tempfile::tempdir().map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
    let path = directory.path().join("export.dna");
    let mut connection = Connection::open(&path)?;
    let transaction = connection.transaction()?;
    transaction.execute_batch(SCHEMA)?;
    transaction.execute("INSERT INTO SETTINGS (Property, Value) VALUES ('version', ?1)", [EXPORT_VERSION])?;
    transaction.execute("INSERT INTO SETTINGS (Property, Value) VALUES ('date', '2025-02-05')", [])?;

    // Coders: DNA's Admin first (id 1), then one per StanceMap coder, with colours.
    let admin_password = password_hash(EXPORT_PASSWORD, "Admin");
    transaction.execute(
        "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password, PermissionEditStatementTypes, PermissionEditCoders, \
         PermissionEditOthersDocuments, PermissionEditOthersStatements) VALUES (1, 'Admin', 255, 255, 0, ?1, 1, 1, 1, 1)",
        [&admin_password],
    )?;
    let mut coder_ids: HashMap<&CoderId, i64> = HashMap::new();
    let mut next_coder = 2;
    for (index, coder) in project.coders.iter().enumerate() {
        // A coder named Admin (as one read from DNA) is DNA's own Admin.
        if coder.name.trim().eq_ignore_ascii_case("admin") {
            coder_ids.insert(&coder.id, 1);
            continue;
        }
        let id = next_coder;
        next_coder += 1;
        let [r, g, b] = ACTOR_PALETTE[index % ACTOR_PALETTE.len()].0;
        let name = if coder.name.trim().is_empty() { coder.id.as_str().to_owned() } else { short(&coder.name) };
        transaction.execute(
            "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, name, r, g, b, password_hash(EXPORT_PASSWORD, &name)],
        )?;
        coder_ids.insert(&coder.id, id);
    }

    // Documents.
    let mut document_ids: HashMap<&ArticleId, i64> = HashMap::new();
    let mut cut_titles = 0;
    for (index, article) in project.articles.iter().enumerate() {
        let id = index as i64 + 1;
        let title = if article.title.trim().is_empty() { format!("Article {id}") } else { short(&article.title) };
        if title != article.title.trim() && !article.title.trim().is_empty() {
            cut_titles += 1;
        }
        transaction.execute(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) \
             VALUES (?1, ?2, ?3, 1, ?4, ?5, '', ?6, '', ?7)",
            params![
                id,
                title,
                article.text,
                short(&article.byline),
                short(&article.source),
                article.url,
                seconds_of_date(&article.date)
            ],
        )?;
        document_ids.insert(&article.id, id);
    }

    // Entities: persons, organisations, concepts.
    let mut entity_ids: HashMap<(i64, String), i64> = HashMap::new();
    let mut next_entity = 1;
    let mut next_attribute = 1;
    let mut entity = |transaction: &rusqlite::Transaction<'_>,
                      variable: i64,
                      value: &str,
                      color: Rgb,
                      attributes: &[(i64, String)]|
     -> rusqlite::Result<i64> {
        let value = short(value);
        if let Some(id) = entity_ids.get(&(variable, value.clone())) {
            return Ok(*id);
        }
        let id = next_entity;
        next_entity += 1;
        let [r, g, b] = color.0;
        transaction.execute(
            "INSERT INTO ENTITIES (ID, VariableId, Value, Red, Green, Blue) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, variable, value, r, g, b],
        )?;
        for (attribute, attribute_value) in attributes {
            if attribute_value.trim().is_empty() {
                continue;
            }
            transaction.execute(
                "INSERT INTO ATTRIBUTEVALUES (ID, EntityId, AttributeVariableId, AttributeValue) VALUES (?1, ?2, ?3, ?4)",
                params![next_attribute, id, attribute, short(attribute_value)],
            )?;
            next_attribute += 1;
        }
        entity_ids.insert((variable, value), id);
        Ok(id)
    };
    let actor_entity = |transaction: &rusqlite::Transaction<'_>,
                        entity: &mut AddEntity<'_>,
                        actor: &Actor,
                        variable: i64|
     -> rusqlite::Result<i64> {
        let slot = if variable == PERSON { 0 } else { 1 };
        entity(
            transaction,
            variable,
            &actor.name,
            actor.color,
            &[(TYPE_ATTRIBUTE[slot], actor.kind.label().to_owned()), (ALIAS_ATTRIBUTE[slot], actor.aliases.join("; "))],
        )
    };

    // Statements: one per evidence quote (a position without one: one over the whole document).
    let mut next_statement = 1_i64;
    let (mut overall, mut whole_document, mut no_parent, mut rescaled) = (0, 0, 0, 0);
    let mut insert_statement = transaction.prepare(
        "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (?1, 1, ?2, ?3, ?4, ?5)",
    )?;
    let mut insert_short =
        transaction.prepare("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?1, ?2, ?3)")?;
    let mut insert_boolean =
        transaction.prepare("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?1, ?2, ?3)")?;
    let mut insert_integer =
        transaction.prepare("INSERT INTO DATAINTEGER (StatementId, VariableId, Value) VALUES (?1, ?2, ?3)")?;
    for position in project.positions.iter() {
        let (Some(actor), Some(issue)) = (project.actor(&position.actor), project.issue(&position.issue)) else {
            continue;
        };
        let Some(article) = position.article.as_ref().and_then(|id| project.article(id)) else {
            overall += 1;
            continue;
        };
        let Some(&document) = document_ids.get(&article.id) else { continue };
        let coder = coder_ids.get(&position.coder).copied().unwrap_or(1);
        let (person, organization) = if actor.kind == ActorKind::Person {
            let parent = actor.parent.as_ref().and_then(|parent| project.actor(parent));
            if parent.is_none() {
                no_parent += 1;
            }
            (Some(actor), parent)
        } else {
            (None, Some(actor))
        };
        let person = match person {
            Some(person) => actor_entity(&transaction, &mut entity, person, PERSON)?,
            None => entity(&transaction, PERSON, "", Rgb([0, 0, 0]), &[])?,
        };
        let organization = match organization {
            Some(organization) => actor_entity(&transaction, &mut entity, organization, ORGANIZATION)?,
            None => entity(&transaction, ORGANIZATION, "", Rgb([0, 0, 0]), &[])?,
        };
        let concept = entity(
            &transaction,
            CONCEPT,
            &issue.name,
            Rgb([0, 0, 0]),
            &[(NOTES_ATTRIBUTE, issue.description.clone())],
        )?;
        let (low, _) = issue.bounds();
        if issue.bounds() != (0.0, 100.0) {
            rescaled += 1;
        }
        let on_100 = ((position.value - low) / issue.span() * 100.0).round() as i64;
        let agreement = i64::from(position.value > issue.midpoint());
        let mut spans: Vec<(usize, usize)> = position
            .evidence
            .iter()
            .filter(|evidence| article.text.get(evidence.start..evidence.end).is_some_and(|quote| !quote.is_empty()))
            .map(|evidence| (evidence.start, evidence.end))
            .collect();
        if spans.is_empty() && !article.text.is_empty() {
            whole_document += 1;
            spans.push((0, article.text.len()));
        }
        for (start, end) in spans {
            // Articles keep LF text, so DNA's document text is the article's.
            let utf16 = |byte: usize| article.text[..byte].encode_utf16().count() as i64;
            let id = next_statement;
            next_statement += 1;
            insert_statement.execute(params![id, document, utf16(start), utf16(end), coder])?;
            for (variable, value) in [(PERSON, person), (ORGANIZATION, organization), (CONCEPT, concept)] {
                insert_short.execute(params![id, variable, value])?;
            }
            insert_boolean.execute(params![id, AGREEMENT, agreement])?;
            for (variable, value) in [(POSITION, on_100), (SALIENCE, position.salience.round() as i64)] {
                insert_integer.execute(params![id, variable, value])?;
            }
        }
    }
    drop((insert_statement, insert_short, insert_boolean, insert_integer));
    transaction.commit()?;
    connection.close().map_err(|(_, error)| error)?;
    let bytes = std::fs::read(&path).map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;

    let notes = [
        (overall, "overall judgements (no article) left out: DNA statements belong to a document"),
        (whole_document, "positions without a quote written as a statement over the whole document"),
        (no_parent, "person actors without a parent written with an empty organization"),
        (rescaled, "statements of issues not on 0–100: the position variable is rescaled to 0–100"),
        (cut_titles, "titles cut to DNA's 190 characters"),
    ];
    report.note_counts(&notes);
    report.notes.push(format!(
        "values and saliences are rounded to whole numbers; confidence, notes and history are not carried; every coder's \
         password (and Admin's) is \"{EXPORT_PASSWORD}\""
    ));
    Ok((bytes, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_is_jasypt_strong_encryption() {
        // DNA's own sample.dna: the Admin password "sample" with this salt gives this hash.
        let stored = "t7STqOHxpl+RXxRUgjsEno+e/38banaYjANbdYQ1geGfH6Xlc2roWgYrPbpCeg5M";
        let salt = [0xb7, 0xb4, 0x93, 0xa8, 0xe1, 0xf1, 0xa6, 0x5f, 0x91, 0x5f, 0x14, 0x54, 0x82, 0x3b, 0x04, 0x9e];
        assert_eq!(salted_password_hash("sample", salt), stored);
        assert_ne!(salted_password_hash("Sample", salt), stored);
        assert_eq!(password_hash("x", "y"), password_hash("x", "y"), "deterministic");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn dates_are_epoch_seconds() {
        assert_eq!(date_of_seconds(1_106_697_600), "2005-01-26");
        assert_eq!(seconds_of_date("2005-01-26"), 1_106_697_600);
        assert_eq!(date_of_seconds(-5), "");
        assert_eq!(seconds_of_date("unknown"), 0);
    }

    #[test]
    fn random_bytes_and_other_databases_are_refused() {
        let error = read(b"not a database at all", &ReadOptions::default()).unwrap_err().to_string();
        assert!(error.contains("not an SQLite database"), "{error}");
        let mut truncated = SQLITE_MAGIC.to_vec();
        truncated.extend_from_slice(&[0xff; 200]);
        assert!(read(&truncated, &ReadOptions::default()).is_err());
    }
}
