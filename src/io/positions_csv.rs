//! Import of coded positions from CSV, e.g. a spreadsheet of codings or another tool's export.
//!
//! Format: a header row naming the columns — required `actor`, `issue`, `position`; optional
//! `article`, `salience`, `confidence`, `coder`, `capability`, `quote` — in any order, matched
//! case-insensitively after trimming (a leading UTF-8 byte-order mark is ignored). Then one row per
//! coded position. Cells are trimmed; an empty optional cell means "not given"; rows whose cells are
//! all empty are skipped. Unknown or repeated header names are refused so that a misspelt column
//! cannot silently lose data.
//!
//! Rules:
//! * The delimiter is sniffed from the header line: `,`, `;` (as spreadsheets in many locales
//!   write, with decimal commas like `0,5`, which are then read too) or tab.
//! * Actors, issues and articles are matched by id or name/title (actors also by alias), ignoring
//!   case. Unknown actors and issues are refused, each with the closest existing name
//!   ([`names`]), unless the caller chose an existing one or asked to create them
//!   ([`NameChoices`]); [`import_positions`] creates them. Created actors get the next palette
//!   colour and the row's capability (else 50), issues the scale given (else 0–100); unknown
//!   articles are created as placeholders with that title and no text. Coders are matched by id or name; without a coder column (or with an empty cell) the
//!   default coder ([`presets::DEFAULT_CODER_ID`]) is used and created if the project lacks it.
//! * `position` must be a finite number on the issue's scale; `salience` and `capability` on
//!   0–100 (defaults 50 and, for new actors, 50); `confidence` is low/medium/high or 1–3 (default
//!   medium). A capability for an existing actor updates it; conflicting capabilities for one actor
//!   are an error.
//! * A `quote` found verbatim in the article's text becomes an evidence span; otherwise it is kept
//!   in the note as `Quote: …`.
//! * All or nothing: the first bad row stops the import with its row number (the header is row 1;
//!   rows are counted as lines where a record starts), the column and the reason. Two rows with the
//!   same actor, issue, article and coder are an error. On success everything is ONE
//!   [`Edit::Batch`] (one undo step).
//!
//! [`project_from_csv`] builds a fresh project from a CSV alone (for the command line's agreement
//! and forecast on CSV files). It can also read a file of one issue whose header has no `issue`
//! column — the layout of the published expected-utility cases, `actor,capability,position,salience`
//! — giving every row the issue name its caller chose (the command line: the file's stem). An
//! import into a project always needs the column, so that rows never land on an issue by guess. [`read_positions_file`] reads a CSV file into an edit with errors
//! that name the file ([`PositionsFileError`]), and [`summarize`] says what an applied import did;
//! the command line and the app share both.

use std::collections::BTreeMap;

use crate::model::{
    ACTOR_PALETTE, Actor, ActorId, Article, ArticleId, Coder, CoderId, Confidence, Edit, Evidence, Issue, IssueId,
    Position, PositionKey, Project, ids, now_rfc3339, presets, text_fingerprint,
};

/// Column names the importer understands, in documentation order.
pub const KNOWN_COLUMNS: [&str; 9] =
    ["actor", "issue", "position", "article", "salience", "confidence", "coder", "capability", "quote"];

/// Why a CSV of positions was refused. Nothing is imported when any error occurs.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PositionsCsvError {
    /// No header row at all.
    #[error("the CSV is empty: expected a header row naming at least the actor, issue and position columns")]
    Empty,
    /// A required column is not in the header.
    #[error("row 1: the header has no \"{column}\" column (required columns: actor, issue, position)")]
    MissingColumn {
        /// The missing column's name.
        column: &'static str,
    },
    /// The header names a column the importer does not know.
    #[error(
        "row 1: unknown column \"{column}\" (known columns: actor, issue, position, article, salience, confidence, coder, capability, quote)"
    )]
    UnknownColumn {
        /// The header cell as written.
        column: String,
    },
    /// The header names a column twice.
    #[error("row 1: the column \"{column}\" appears twice in the header")]
    DuplicateColumn {
        /// The repeated name.
        column: String,
    },
    /// A row has more cells than the header.
    #[error("row {row}: {found} cells, but the header has only {expected} columns (is a comma missing its quotes?)")]
    TooManyCells {
        /// 1-based row (line) number.
        row: usize,
        /// Cells in the row.
        found: usize,
        /// Columns in the header.
        expected: usize,
    },
    /// The text is not well-formed CSV.
    #[error("row {row}: {message}")]
    Malformed {
        /// 1-based row (line) number where reading failed.
        row: usize,
        /// What the CSV reader reported.
        message: String,
    },
    /// One cell holds an unusable value.
    #[error("row {row}, column {column}: {problem}")]
    Cell {
        /// 1-based row (line) number.
        row: usize,
        /// The column's name.
        column: &'static str,
        /// What is wrong with the value.
        problem: CellProblem,
    },
    /// Two rows code the same actor, issue, article and coder.
    #[error("row {row}: codes the same actor, issue, article and coder as row {first_row}")]
    DuplicateRow {
        /// The later row.
        row: usize,
        /// The earlier row.
        first_row: usize,
    },
    /// Actor or issue names the project does not know, while creating them was not asked for.
    #[error("{}", names.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    UnknownNames {
        /// Each unknown name once, with the closest existing one.
        names: Vec<names::UnknownName>,
    },
    /// The scale passed for new issues is unusable.
    #[error("the scale {min}–{max} for new issues is invalid: the minimum must be below the maximum and both finite")]
    InvalidScale {
        /// Requested minimum.
        min: f64,
        /// Requested maximum.
        max: f64,
    },
}

/// What is wrong with one cell.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CellProblem {
    /// A required cell is empty.
    #[error("the value is empty")]
    Empty,
    /// Not a finite number.
    #[error("{0:?} is not a number")]
    NotANumber(String),
    /// A position outside its issue's scale.
    #[error("{value} is outside the issue's scale {min}–{max}")]
    OutsideScale {
        /// The value given.
        value: f64,
        /// Scale minimum.
        min: f64,
        /// Scale maximum.
        max: f64,
    },
    /// A salience or capability outside 0–100.
    #[error("{0} is outside 0–100")]
    OutsidePercent(f64),
    /// Not a confidence level.
    #[error("{0:?} is not a confidence (use low, medium or high, or 1, 2 or 3)")]
    UnknownConfidence(String),
    /// A capability that contradicts an earlier row's for the same actor.
    #[error("capability {value} contradicts capability {earlier} given for the same actor in row {earlier_row}")]
    ConflictingCapability {
        /// The value in this row.
        value: f64,
        /// The value given earlier.
        earlier: f64,
        /// Where it was given.
        earlier_row: usize,
    },
}

/// One data row, checked cell by cell (names not yet resolved against a project).
#[derive(Clone, Debug, PartialEq)]
pub struct PositionRow {
    /// 1-based row (line) number; the header is row 1.
    pub row: usize,
    /// Actor name, alias or id.
    pub actor: String,
    /// Issue name or id.
    pub issue: String,
    /// The position value.
    pub position: f64,
    /// Article title or id; `None` for an overall judgement.
    pub article: Option<String>,
    /// Salience 0–100, if given.
    pub salience: Option<f64>,
    /// Confidence, if given.
    pub confidence: Option<Confidence>,
    /// Coder name or id, if given.
    pub coder: Option<String>,
    /// Actor capability 0–100, if given.
    pub capability: Option<f64>,
    /// Supporting quote, if given.
    pub quote: Option<String>,
}

/// Reads and checks every row of `csv_text` (header rules, numbers, ranges that do not depend on a
/// project). Scales are checked later, against issues. With `lone_issue`, a header without an
/// `issue` column is accepted and every row is on that issue; without, the column is required.
pub fn parse_rows(csv_text: &str, lone_issue: Option<&str>) -> Result<Vec<PositionRow>, PositionsCsvError> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let delimiter = names::sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    // The reader's own line counter skips blank lines, so rows are counted from byte offsets.
    let line_at = |position: &csv::Position, fallback: usize| -> usize {
        let Ok(mut start) = usize::try_from(position.byte()) else {
            return fallback;
        };
        let bytes = text.as_bytes();
        while bytes.get(start).is_some_and(|byte| *byte == b'\n' || *byte == b'\r') {
            start += 1;
        }
        bytes.get(..start).map_or(fallback, |before| 1 + before.iter().filter(|byte| **byte == b'\n').count())
    };
    let row_of = |record: &csv::StringRecord, fallback: usize| {
        record.position().map_or(fallback, |position| line_at(position, fallback))
    };
    let malformed = |error: csv::Error, fallback: usize| PositionsCsvError::Malformed {
        row: error.position().map_or(fallback, |position| line_at(position, fallback)),
        message: error.to_string(),
    };

    let header = loop {
        match records.next() {
            None => return Err(PositionsCsvError::Empty),
            Some(Err(error)) => return Err(malformed(error, 1)),
            Some(Ok(record)) if record.iter().all(str::is_empty) => continue,
            Some(Ok(record)) => break record,
        }
    };
    let (columns, lone_issue) = header_columns(&header, lone_issue)?;

    let mut rows = Vec::new();
    let mut ordinal = 1;
    for record in records {
        ordinal += 1;
        let record = record.map_err(|error| malformed(error, ordinal))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row = row_of(&record, ordinal);
        if record.len() > columns.len() {
            return Err(PositionsCsvError::TooManyCells { row, found: record.len(), expected: columns.len() });
        }
        let cell = |column: &str| -> Option<&str> {
            let index = columns.iter().position(|name| *name == column)?;
            record.get(index).filter(|value| !value.is_empty())
        };
        let problem = |column: &'static str, problem: CellProblem| PositionsCsvError::Cell { row, column, problem };
        let required = |column: &'static str| cell(column).ok_or_else(|| problem(column, CellProblem::Empty));
        let number = |column: &'static str| -> Result<Option<f64>, PositionsCsvError> {
            cell(column)
                .map(|text| {
                    text.parse::<f64>()
                        .ok()
                        // "0,5" in a semicolon-separated file: a decimal comma.
                        .or_else(|| if delimiter == b',' { None } else { names::decimal_comma(text) })
                        .filter(|value| value.is_finite())
                        .ok_or_else(|| problem(column, CellProblem::NotANumber(text.to_owned())))
                })
                .transpose()
        };
        let percent = |column: &'static str| -> Result<Option<f64>, PositionsCsvError> {
            match number(column)? {
                Some(value) if !(0.0..=100.0).contains(&value) => {
                    Err(problem(column, CellProblem::OutsidePercent(value)))
                }
                other => Ok(other),
            }
        };
        let actor = required("actor")?.to_owned();
        let issue = match lone_issue {
            Some(name) => name.to_owned(),
            None => required("issue")?.to_owned(),
        };
        let position = number("position")?.ok_or_else(|| problem("position", CellProblem::Empty))?;
        let salience = percent("salience")?;
        let confidence = cell("confidence")
            .map(|text| {
                Confidence::parse(text)
                    .ok_or_else(|| problem("confidence", CellProblem::UnknownConfidence(text.to_owned())))
            })
            .transpose()?;
        let capability = percent("capability")?;
        rows.push(PositionRow {
            row,
            actor,
            issue,
            position,
            article: cell("article").map(str::to_owned),
            salience,
            confidence,
            coder: cell("coder").map(str::to_owned),
            capability,
            quote: cell("quote").map(str::to_owned),
        });
    }
    Ok(rows)
}

/// The known column each header cell names, and the issue of every row when the header has no
/// issue column (`lone_issue`, a file of one issue).
fn header_columns<'a>(
    header: &csv::StringRecord,
    lone_issue: Option<&'a str>,
) -> Result<(Vec<&'static str>, Option<&'a str>), PositionsCsvError> {
    let mut columns: Vec<&'static str> = Vec::with_capacity(header.len());
    for cell in header.iter() {
        // The tidy export's columns are read too; its descriptive ones map to "" and are skipped.
        let Some(known) = crate::io::export::tidy::import_column(&cell.to_lowercase()) else {
            return Err(PositionsCsvError::UnknownColumn { column: cell.to_owned() });
        };
        if !known.is_empty() && columns.contains(&known) {
            return Err(PositionsCsvError::DuplicateColumn { column: cell.to_owned() });
        }
        columns.push(known);
    }
    // The issue of every row when the header has none (a file of one issue).
    let lone_issue = if columns.contains(&"issue") { None } else { lone_issue };
    for required in ["actor", "issue", "position"] {
        let given = columns.contains(&required) || (required == "issue" && lone_issue.is_some());
        if !given {
            return Err(PositionsCsvError::MissingColumn { column: required });
        }
    }
    Ok((columns, lone_issue))
}

/// How new issues get their scale.
#[derive(Clone, Copy, Debug)]
enum NewIssueScale {
    /// Every new issue gets this scale; values outside it are errors.
    Fixed(f64, f64),
    /// 0–100, widened to include every value given for the issue.
    FitData,
}

impl NewIssueScale {
    /// `Fixed(min, max)`, or the error for a scale that is not a finite interval.
    fn fixed(min: f64, max: f64) -> Result<Self, PositionsCsvError> {
        if min.is_finite() && max.is_finite() && min < max {
            Ok(Self::Fixed(min, max))
        } else {
            Err(PositionsCsvError::InvalidScale { min, max })
        }
    }
}

/// Parses `csv_text` and returns ONE [`Edit::Batch`] that adds the unknown actors, issues, coders
/// and articles and sets every position (see the module doc). `scale` is the scale of new issues
/// (0–100 when `None`). Nothing is returned — and so nothing applied — if any row is bad.
pub fn import_positions(
    project: &Project,
    csv_text: &str,
    scale: Option<(f64, f64)>,
) -> Result<Edit, PositionsCsvError> {
    import_positions_with(project, csv_text, scale, &NameChoices::create_all())
}

/// [`import_positions`] with a choice for actor and issue names the project does not know: mapped
/// to an existing one, created (`create_missing`), or else refused with every such name and its
/// closest existing one ([`PositionsCsvError::UnknownNames`]).
pub fn import_positions_with(
    project: &Project,
    csv_text: &str,
    scale: Option<(f64, f64)>,
    choices: &NameChoices,
) -> Result<Edit, PositionsCsvError> {
    let (min, max) = scale.unwrap_or((0.0, 100.0));
    let new_issue_scale = NewIssueScale::fixed(min, max)?;
    let rows = parse_rows(csv_text, None)?;
    let unknown = names::unknown_names(project, &rows, choices);
    if !choices.create_missing && !unknown.is_empty() {
        return Err(PositionsCsvError::UnknownNames { names: unknown });
    }
    build_edit(project, &rows, new_issue_scale, choices)
}

/// A new project holding only what `csv_text` describes (title "Imported positions"). With
/// `scale = None` each issue's scale is 0–100 widened to fit its values, so CSVs on other scales
/// load; with `Some` the scale is enforced as in [`import_positions`]. With `lone_issue`, a header
/// without an `issue` column is read as one issue of that name (see the module doc).
pub fn project_from_csv(
    csv_text: &str,
    scale: Option<(f64, f64)>,
    lone_issue: Option<&str>,
) -> Result<Project, PositionsCsvError> {
    let mut project = Project { title: "Imported positions".into(), ..Project::default() };
    let new_issue_scale = match scale {
        Some((min, max)) => NewIssueScale::fixed(min, max)?,
        None => NewIssueScale::FitData,
    };
    let edit = build_edit(&project, &parse_rows(csv_text, lone_issue)?, new_issue_scale, &NameChoices::create_all())?;
    edit.apply(&mut project);
    Ok(project)
}

/// Things the import creates, collected before any edit is made.
struct Plan<'a> {
    project: &'a Project,
    choices: &'a NameChoices,
    new_actors: Vec<Actor>,
    new_issues: Vec<Issue>,
    new_coders: Vec<Coder>,
    new_articles: Vec<Article>,
    /// Capability given per actor: (value, row).
    capabilities: BTreeMap<ActorId, (f64, usize)>,
}

impl Plan<'_> {
    fn actor(&mut self, name: &str) -> ActorId {
        let chosen = self.choices.chosen(NameKind::Actor, name).and_then(|id| self.project.actor(&id.into()));
        if let Some(actor) = chosen.or_else(|| self.project.find_actor_by_name(name)) {
            return actor.id.clone();
        }
        if let Some(actor) = self.new_actors.iter().find(|actor| actor.name.eq_ignore_ascii_case(name)) {
            return actor.id.clone();
        }
        let base = ids::slugify(name, "actor");
        let id = ids::unique_id(&base, |id| {
            self.project.actors.iter().any(|a| a.id.as_str() == id)
                || self.new_actors.iter().any(|a| a.id.as_str() == id)
        });
        let colour = ACTOR_PALETTE[(self.project.actors.len() + self.new_actors.len()) % ACTOR_PALETTE.len()];
        self.new_actors.push(Actor {
            id: ActorId::new(id.clone()),
            name: name.to_owned(),
            color: colour,
            ..Actor::default()
        });
        ActorId::new(id)
    }

    fn issue(&mut self, name: &str, scale: (f64, f64)) -> IssueId {
        let chosen = self.choices.chosen(NameKind::Issue, name).and_then(|id| self.project.issue(&id.into()));
        if let Some(issue) = chosen.or_else(|| self.project.find_issue_by_name(name)) {
            return issue.id.clone();
        }
        if let Some(issue) = self.new_issues.iter().find(|issue| issue.name.eq_ignore_ascii_case(name)) {
            return issue.id.clone();
        }
        let base = ids::slugify(name, "issue");
        let id = ids::unique_id(&base, |id| {
            self.project.issues.iter().any(|i| i.id.as_str() == id)
                || self.new_issues.iter().any(|i| i.id.as_str() == id)
        });
        self.new_issues.push(Issue {
            id: IssueId::new(id.clone()),
            name: name.to_owned(),
            scale_min: scale.0,
            scale_max: scale.1,
            ..Issue::default()
        });
        IssueId::new(id)
    }

    fn issue_bounds(&self, id: &IssueId) -> (f64, f64) {
        self.project
            .issue(id)
            .or_else(|| self.new_issues.iter().find(|issue| &issue.id == id))
            .map_or((0.0, 100.0), Issue::bounds)
    }

    fn coder(&mut self, name: Option<&str>) -> CoderId {
        let name = name.unwrap_or(presets::DEFAULT_CODER_ID);
        let matches =
            |coder: &Coder| coder.id.as_str().eq_ignore_ascii_case(name) || coder.name.eq_ignore_ascii_case(name);
        if let Some(coder) = self.project.coders.iter().chain(&self.new_coders).find(|coder| matches(coder)) {
            return coder.id.clone();
        }
        let coder = if name == presets::DEFAULT_CODER_ID {
            Coder { id: CoderId::from(presets::DEFAULT_CODER_ID), name: "Analyst".into() }
        } else {
            let base = ids::slugify(name, "coder");
            let id = ids::unique_id(&base, |id| {
                self.project.coders.iter().chain(&self.new_coders).any(|c| c.id.as_str() == id)
            });
            Coder { id: CoderId::new(id), name: name.to_owned() }
        };
        let id = coder.id.clone();
        self.new_coders.push(coder);
        id
    }

    /// The article id and its text (empty for placeholders).
    fn article(&mut self, name: &str) -> (ArticleId, String) {
        if let Some(article) = self.project.find_article_by_name(name) {
            return (article.id.clone(), article.text.clone());
        }
        let matches = |article: &Article| {
            article.id.as_str().eq_ignore_ascii_case(name) || article.title.eq_ignore_ascii_case(name)
        };
        if let Some(article) = self.new_articles.iter().find(|article| matches(article)) {
            return (article.id.clone(), article.text.clone());
        }
        let base = format!("a-{:08x}", text_fingerprint(name) >> 32);
        let id = ids::unique_id(&base, |id| {
            self.project.articles.iter().chain(&self.new_articles).any(|a| a.id.as_str() == id)
        });
        self.new_articles.push(Article {
            id: ArticleId::new(id.clone()),
            title: name.to_owned(),
            ..Article::default()
        });
        (ArticleId::new(id), String::new())
    }
}

fn build_edit(
    project: &Project,
    rows: &[PositionRow],
    scale: NewIssueScale,
    choices: &NameChoices,
) -> Result<Edit, PositionsCsvError> {
    let mut plan = Plan {
        project,
        choices,
        new_actors: Vec::new(),
        new_issues: Vec::new(),
        new_coders: Vec::new(),
        new_articles: Vec::new(),
        capabilities: BTreeMap::new(),
    };
    // For FitData: each new issue's scale covers 0–100 and all its values.
    let mut fitted: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    if let NewIssueScale::FitData = scale {
        for row in rows {
            let entry = fitted.entry(row.issue.to_lowercase()).or_insert((0.0, 100.0));
            *entry = (entry.0.min(row.position), entry.1.max(row.position));
        }
    }
    let updated = crate::model::Stamp::from(now_rfc3339());
    let mut positions: BTreeMap<PositionKey, (usize, Position)> = BTreeMap::new();
    for row in rows {
        let actor = plan.actor(&row.actor);
        let new_scale = match scale {
            NewIssueScale::Fixed(min, max) => (min, max),
            NewIssueScale::FitData => fitted.get(&row.issue.to_lowercase()).copied().unwrap_or((0.0, 100.0)),
        };
        let issue = plan.issue(&row.issue, new_scale);
        let (min, max) = plan.issue_bounds(&issue);
        if !(min..=max).contains(&row.position) {
            return Err(PositionsCsvError::Cell {
                row: row.row,
                column: "position",
                problem: CellProblem::OutsideScale { value: row.position, min, max },
            });
        }
        if let Some(capability) = row.capability {
            note_capability(&mut plan.capabilities, &actor, capability, row.row)?;
        }
        let coder = plan.coder(row.coder.as_deref().or(choices.default_coder.as_deref()));
        let (article, text) = match &row.article {
            Some(name) => {
                let (id, text) = plan.article(name);
                (Some(id), text)
            }
            None => (None, String::new()),
        };
        let (evidence, note) = row.quote.as_deref().map(|quote| quote_evidence(&text, quote)).unwrap_or_default();
        let position = Position {
            actor,
            issue,
            article,
            coder,
            value: row.position,
            salience: row.salience.unwrap_or(50.0),
            confidence: row.confidence.unwrap_or_default(),
            evidence,
            note,
            updated: updated.clone(),
            history: Vec::new(),
        };
        let key = position.key();
        if let Some((first_row, _)) = positions.get(&key) {
            return Err(PositionsCsvError::DuplicateRow { row: row.row, first_row: *first_row });
        }
        positions.insert(key, (row.row, position));
    }
    Ok(Edit::Batch(plan_edits(plan, positions)))
}

/// Records `actor`'s capability from `row`; a different capability given earlier is an error.
fn note_capability(
    capabilities: &mut BTreeMap<ActorId, (f64, usize)>,
    actor: &ActorId,
    capability: f64,
    row: usize,
) -> Result<(), PositionsCsvError> {
    match capabilities.get(actor) {
        Some(&(earlier, earlier_row)) if earlier != capability => Err(PositionsCsvError::Cell {
            row,
            column: "capability",
            problem: CellProblem::ConflictingCapability { value: capability, earlier, earlier_row },
        }),
        Some(_) => Ok(()),
        None => {
            capabilities.insert(actor.clone(), (capability, row));
            Ok(())
        }
    }
}

/// A quote as evidence when found verbatim in the article's `text`, else as a `Quote: …` note.
fn quote_evidence(text: &str, quote: &str) -> (Vec<Evidence>, String) {
    match text.find(quote).and_then(|start| Evidence::from_span(text, start, start + quote.len())) {
        Some(evidence) => (vec![evidence], String::new()),
        None => (Vec::new(), format!("Quote: {quote}")),
    }
}

/// The edits that carry out `plan`: new coders, actors (with their capabilities), capability
/// updates of existing actors, new issues and articles, then the positions in file order.
fn plan_edits(plan: Plan<'_>, positions: BTreeMap<PositionKey, (usize, Position)>) -> Vec<Edit> {
    let project = plan.project;
    let first_new_coder = project.coders.len();
    let mut edits: Vec<Edit> = plan
        .new_coders
        .into_iter()
        .enumerate()
        .map(|(offset, coder)| Edit::PutCoder { index: first_new_coder + offset, coder })
        .collect();
    let actor_count = project.actors.len();
    for (offset, mut actor) in plan.new_actors.into_iter().enumerate() {
        if let Some(&(capability, _)) = plan.capabilities.get(&actor.id) {
            actor.capability = capability;
        }
        edits.push(Edit::PutActor { index: actor_count + offset, actor: Box::new(actor) });
    }
    for (index, actor) in project.actors.iter().enumerate() {
        if let Some(&(capability, _)) = plan.capabilities.get(&actor.id)
            && capability != actor.capability
        {
            edits.push(Edit::PutActor { index, actor: Box::new(Actor { capability, ..actor.clone() }) });
        }
    }
    let issue_count = project.issues.len();
    for (offset, issue) in plan.new_issues.into_iter().enumerate() {
        edits.push(Edit::PutIssue { index: issue_count + offset, issue: Box::new(issue) });
    }
    let article_count = project.articles.len();
    for (offset, article) in plan.new_articles.into_iter().enumerate() {
        edits.push(Edit::PutArticle { index: article_count + offset, article: Box::new(article) });
    }
    // Positions in file order.
    let mut ordered: Vec<(usize, Position)> = positions.into_values().collect();
    ordered.sort_by_key(|(row, _)| *row);
    edits.extend(ordered.into_iter().map(|(_, position)| Edit::set_position(position)));
    edits
}

mod files;
pub mod names;
pub use files::{PositionsFileError, PositionsImportSummary, export_positions, read_positions_file, summarize};
pub use names::{NameChoices, NameKind, UnknownName};

#[cfg(test)]
mod tests;
